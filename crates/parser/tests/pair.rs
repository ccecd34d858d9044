//! Reading both sides of an offline plan at once (each distinct statement
//! through sqlparser once, on two threads) gives exactly what reading each
//! side alone gives — models and errors alike.

use schemadiff_parser::{parse_pair, parse_paths, parse_sources, Source};
use std::path::PathBuf;

/// A side shaped like a pg_dump: the statements each kind of reader takes,
/// some of them twice on purpose.
fn side(extra: &str) -> String {
    let mut sql = String::from(
        "CREATE TYPE mood AS ENUM ('sad', 'ok');\n\
         CREATE DOMAIN posint AS integer CHECK (VALUE > 0);\n\
         CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n\
         CREATE PROCEDURE tidy() LANGUAGE sql AS $$ SELECT 1 $$;\n\
         COMMENT ON FUNCTION touch() IS 'touches';\n",
    );
    for i in 0..60 {
        sql.push_str(&format!(
            "CREATE TABLE t{i} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    \
             name varchar(20) NOT NULL DEFAULT '',\n    m mood DEFAULT 'ok',\n    n posint,\n    \
             qty integer CHECK (qty >= 0 AND qty < 100)\n);\n\
             CREATE INDEX t{i}_lower ON t{i} (lower(name)) WHERE m <> 'sad';\n\
             CREATE INDEX ON t{i} ((qty + 1));\n\
             COMMENT ON TABLE t{i} IS 'number {i}';\n\
             CREATE TRIGGER t{i}_touch BEFORE UPDATE ON t{i} FOR EACH ROW EXECUTE FUNCTION touch();\n"
        ));
        if i % 7 == 0 {
            sql.push_str(&format!("CREATE INDEX ON t{i} ((qty + 1));\n"));
        }
    }
    sql.push_str(extra);
    sql
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("schemadiff-pair-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `parse_pair` against `parse_paths` of each side, compared as debug text
/// (errors included).
fn same_as_alone(current: &[PathBuf], desired: &[PathBuf]) {
    let (from, to) = parse_pair(current, desired);
    let alone = (parse_paths(current), parse_paths(desired));
    assert_eq!(format!("{from:?}"), format!("{:?}", alone.0));
    assert_eq!(format!("{to:?}"), format!("{:?}", alone.1));
}

#[test]
fn reading_both_sides_at_once_gives_what_each_alone_gives() {
    let d = dir("same");
    let current = write(&d, "current.sql", &side(""));
    let desired = write(
        &d,
        "desired.sql",
        &side("CREATE TABLE extra (id int PRIMARY KEY, t0_id bigint REFERENCES t0);\n"),
    );
    let yaml = write(
        &d,
        "more.yaml",
        "tables:\n  from_yaml:\n    columns:\n      id: { type: integer }\n",
    );
    let (from, to) = parse_pair(
        std::slice::from_ref(&current),
        std::slice::from_ref(&desired),
    );
    let (from, to) = (from.unwrap(), to.unwrap());
    assert_eq!(from.tables.len(), 60);
    assert_eq!(to.tables.len(), 61);
    same_as_alone(
        std::slice::from_ref(&current),
        std::slice::from_ref(&desired),
    );
    // The same file on both sides: every statement is shared.
    same_as_alone(
        std::slice::from_ref(&current),
        std::slice::from_ref(&current),
    );
    // YAML beside SQL, on one side only.
    same_as_alone(&[current.clone(), yaml], std::slice::from_ref(&desired));
    // Sides with nothing in common, and an empty side.
    let other = write(&d, "other.sql", "CREATE TABLE lone (id int);\n");
    let empty = write(&d, "empty.sql", "");
    same_as_alone(std::slice::from_ref(&other), std::slice::from_ref(&desired));
    same_as_alone(std::slice::from_ref(&empty), std::slice::from_ref(&current));
}

#[test]
fn each_side_keeps_its_own_errors_and_locations() {
    let d = dir("errors");
    let good = write(&d, "good.sql", &side(""));
    // The same bad statement on both sides, at different lines: each side
    // reports its own line.
    let bad_late = write(
        &d,
        "bad_late.sql",
        &side("CREATE TABLE broken (id int REFERENCES nowhere);\n"),
    );
    let bad_early = write(
        &d,
        "bad_early.sql",
        &format!(
            "CREATE TABLE broken (id int REFERENCES nowhere);\n{}",
            side("")
        ),
    );
    let syntax = write(&d, "syntax.sql", &side("CREATE TABLE (;\n"));
    let missing = d.join("missing.sql");
    for (c, dsd) in [
        (&good, &bad_late),
        (&bad_late, &good),
        (&bad_late, &bad_early),
        (&bad_early, &bad_late),
        (&syntax, &good),
        (&good, &syntax),
        (&missing, &good),
        (&good, &missing),
    ] {
        same_as_alone(std::slice::from_ref(c), std::slice::from_ref(dsd));
    }
    let (from, to) = parse_pair(
        std::slice::from_ref(&bad_early),
        std::slice::from_ref(&bad_late),
    );
    let (from, to) = (from.unwrap_err(), to.unwrap_err());
    assert_eq!(from.loc.line, 1, "{from}");
    assert!(to.loc.line > 300, "{to}");
}

/// An expression is deparsed as soon as its table's column types are
/// final; one that reads a name as something other than a column, for want
/// of a column the table gains later, waits for the end. Either way the
/// model is the one the statements give in any order.
#[test]
fn expressions_read_early_or_late_come_out_the_same() {
    let parse = |sql: &str| parse_sources(&[Source::sql("t.sql", sql)]).unwrap();
    let orders = [
        "CREATE TABLE t (a int CHECK (a > 0), b text);\n\
         CREATE INDEX i ON t ((a + 1)) WHERE current_role IS NOT NULL;\n\
         CREATE INDEX j ON t (lower(b)) WHERE b <> '';\n\
         ALTER TABLE t ADD COLUMN \"current_role\" text;",
        "CREATE TABLE t (a int CHECK (a > 0), b text);\n\
         ALTER TABLE t ADD COLUMN \"current_role\" text;\n\
         CREATE INDEX i ON t ((a + 1)) WHERE current_role IS NOT NULL;\n\
         CREATE INDEX j ON t (lower(b)) WHERE b <> '';",
        "CREATE INDEX i ON t ((a + 1)) WHERE current_role IS NOT NULL;\n\
         CREATE INDEX j ON t (lower(b)) WHERE b <> '';\n\
         CREATE TABLE t (a int CHECK (a > 0), b text);\n\
         ALTER TABLE t ADD COLUMN \"current_role\" text;",
    ];
    let first = parse(orders[0]);
    let t = &first.tables[&schemadiff_model::QualName::new("public", "t")];
    assert_eq!(
        t.indexes["i"].predicate.as_deref(),
        Some("(\"current_role\" IS NOT NULL)"),
        "the column added later is what the predicate reads"
    );
    for sql in &orders[1..] {
        assert_eq!(format!("{:?}", parse(sql)), format!("{first:?}"), "{sql}");
    }
    // A type defined after the table: its expressions wait for it too.
    let late_type = parse(
        "CREATE TABLE u (m mood CHECK (m <> 'sad'));\n\
         CREATE INDEX k ON u (m) WHERE m <> 'ok';\n\
         CREATE TYPE mood AS ENUM ('sad', 'ok');",
    );
    let early_type = parse(
        "CREATE TYPE mood AS ENUM ('sad', 'ok');\n\
         CREATE TABLE u (m mood CHECK (m <> 'sad'));\n\
         CREATE INDEX k ON u (m) WHERE m <> 'ok';",
    );
    assert_eq!(format!("{late_type:?}"), format!("{early_type:?}"));
}
