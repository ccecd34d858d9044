//! Statements the reader cannot model (sqlparser cannot read them, or
//! schemadiff has no model for the clause): the real binary takes the
//! files to a scratch database, which builds the desired state, and plans
//! from what it reads back; what the server refuses is located in the
//! file; what would be lost that way is still refused.

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

use common::*;
use std::process::{Command, Output, Stdio};

fn schemadiff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemadiff"))
        .current_dir(workspace_root())
        .env_remove("DATABASE_URL")
        .env_remove("SCHEMADIFF_DEV_DATABASE")
        .stdin(Stdio::null())
        .args(args)
        .output()
        .expect("run schemadiff")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `args` with a scratch database of its own.
fn with_scratch(args: &[&str]) -> Output {
    let scratch = fresh_db("unmodelled_scratch");
    let url = scratch.url();
    let mut args = args.to_vec();
    args.extend(["--dev-database", url.as_str()]);
    schemadiff(&args)
}

/// A file with a column type changed after the fact (`ALTER COLUMN …
/// TYPE`), a grant on every table of a schema and a range type with a
/// comment: the server builds them; the plan makes the table as altered,
/// the grants the schema-wide one stands for and the range type, and a
/// second plan after apply is empty.
#[test]
fn what_the_reader_cannot_model_the_server_builds_and_apply_converges() {
    let db = fresh_db("unmodelled_converge");
    let role = "schemadiff_unmodelled_reader";
    // Roles are the cluster's: another run may have made it.
    let _ = postgres::Client::connect(&db.url(), postgres::NoTls)
        .unwrap()
        .batch_execute(&format!("CREATE ROLE {role}"));
    let file = TempFile::new(
        "schema.sql",
        &format!(
            "CREATE TABLE accounts (id int PRIMARY KEY, balance int);\n\
             ALTER TABLE accounts ALTER COLUMN balance TYPE bigint;\n\
             CREATE TABLE events (id int PRIMARY KEY);\n\
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};\n\
             CREATE TYPE floatrange AS RANGE (subtype = float8);\n\
             COMMENT ON TYPE floatrange IS 'what names it is the server''s to judge';\n"
        ),
    );
    let url = db.url();
    let plan = with_scratch(&["plan", "--schema", file.path(), "--database", &url]);
    assert_eq!(plan.status.code(), Some(0), "{}", err(&plan));
    let (e, sql) = (err(&plan), out(&plan));
    assert!(
        e.contains("this reader cannot model") && e.contains(&format!("{}:2:", file.path())),
        "{e}"
    );
    assert!(sql.contains("balance bigint"), "{sql}");
    assert!(
        sql.contains(&format!("GRANT SELECT ON TABLE public.accounts TO {role}"))
            && sql.contains(&format!("GRANT SELECT ON TABLE public.events TO {role}")),
        "{sql}"
    );
    assert!(
        sql.contains("CREATE TYPE public.floatrange AS RANGE (subtype = double precision")
            && sql.contains("COMMENT ON TYPE public.floatrange IS"),
        "{sql}"
    );
    let apply = with_scratch(&[
        "apply",
        "--schema",
        file.path(),
        "--database",
        &url,
        "--yes",
    ]);
    assert_eq!(apply.status.code(), Some(0), "{}", err(&apply));
    let again = with_scratch(&[
        "plan",
        "--schema",
        file.path(),
        "--database",
        &url,
        "--exit-code",
    ]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}{}",
        out(&again),
        err(&again)
    );
}

/// What the reader cannot parse and the server refuses too is a mistake in
/// the file: located where the server points, exit 1, nothing planned.
#[test]
fn what_the_server_refuses_is_located_in_the_file() {
    for (file, at, words) in [
        (
            "trailing_comma.sql",
            ":4:1",
            "syntax error at or near \")\"",
        ),
        (
            "bad_type_modifier.sql",
            ":1:47",
            "syntax error at or near \"abc\"",
        ),
    ] {
        let path = format!("crates/cli/tests/bad/{file}");
        let o = with_scratch(&["plan", "--from", &path, "--to", &path]);
        let e = err(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: {e}");
        assert!(
            e.starts_with(&format!("error: {path}{at}")),
            "{file}: expected {at}: {e}"
        );
        assert!(e.contains(words), "{file}: {e}");
        assert!(out(&o).is_empty(), "{file}: printed a plan");
    }
}

/// Without a scratch server, the statement the reader cannot model is the
/// error, where it is written.
#[test]
fn without_a_scratch_server_the_statement_is_the_error() {
    let path = "crates/cli/tests/bad/grant_on_all_tables.sql";
    let o = schemadiff(&[
        "plan",
        "--from",
        path,
        "--to",
        path,
        "--dev-database",
        "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2",
    ]);
    let e = err(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(
        e.starts_with(&format!("error: {path}:2:1: ")) && e.contains("ALL … IN SCHEMA"),
        "{e}"
    );
}

/// Role memberships and database privileges are the cluster's: left out
/// and said, with no server needed.
#[test]
fn role_and_database_statements_are_left_out_and_said() {
    let path = "crates/cli/tests/bad/grant_role_membership.sql";
    let o = schemadiff(&["plan", "--from", path, "--to", path, "--exit-code"]);
    let e = err(&o);
    assert_eq!(o.status.code(), Some(0), "{e}");
    assert!(
        e.contains(&format!(
            "1 role or database statement (first at {path}:2:1)"
        )),
        "{e}"
    );
}

/// A file run whole in the scratch database (here for a string only
/// `standard_conforming_strings = off` reads, which the reader leaves to
/// the server): planned against itself it is empty — both sides are that
/// build, not one of them the statements the reader could model — and
/// against a database psql loaded from it too: its session settings do not
/// change how the build is read back (a default with a backslash prints as
/// a fresh session prints it).
#[test]
fn a_file_run_whole_plans_empty_against_itself_and_what_it_loaded() {
    let file = TempFile::new(
        "old_dump.sql",
        "SET standard_conforming_strings = off;\n\
         CREATE TABLE notes (id int PRIMARY KEY, body text DEFAULT 'it\\'s', path text DEFAULT E'a\\\\b');\n\
         CREATE TABLE tags (id int PRIMARY KEY, note_id int REFERENCES notes);\n",
    );
    let same = with_scratch(&[
        "plan",
        "--from",
        file.path(),
        "--to",
        file.path(),
        "--exit-code",
    ]);
    assert_eq!(same.status.code(), Some(0), "{}{}", out(&same), err(&same));
    assert!(
        err(&same).contains("this reader cannot model"),
        "{}",
        err(&same)
    );
    let db = fresh_db("unmodelled_settings");
    let mut c = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
    // One statement at a time, as psql sends them (the server reads a
    // whole query string before the SET in it runs).
    for statement in std::fs::read_to_string(file.path()).unwrap().split(";\n") {
        c.batch_execute(statement).unwrap();
    }
    // This session still prints as the file set it; a fresh one does not.
    let mut fresh = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
    let path: String = fresh
        .query_one(
            "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adnum = 3",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(path, "'a\\b'::text");
    let plan = with_scratch(&[
        "plan",
        "--schema",
        file.path(),
        "--database",
        &db.url(),
        "--exit-code",
    ]);
    assert_eq!(plan.status.code(), Some(0), "{}{}", out(&plan), err(&plan));
}
