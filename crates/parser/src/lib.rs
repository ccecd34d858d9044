//! Desired-state files into schemadiff's canonical model.
//!
//! Start at [`parse_sources`] (in-memory texts) or [`parse_paths`] (files and
//! directories). YAML and SQL may be mixed; all inputs are merged into one
//! [`Schema`](schemadiff_model::Schema). Every error carries file, line and
//! column ([`ParseError`]); a statement this reader cannot model is an
//! error, never silently dropped.
//!
//! This crate connects to nothing: normalisation into PostgreSQL's canonical
//! spelling is done offline (see the `expr` module for its limits).

mod build;
pub mod error;
mod expr;
mod pair;
mod privileges;
mod rails;
mod shortcuts;
pub mod source;
mod sql;
pub mod yaml;
mod yaml_out;

pub use error::ParseError;
pub use pair::parse_pair;
pub use source::{Format, Loc, Source};

use schemadiff_model::Schema;
use std::path::PathBuf;

static FALLBACK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// With `on`, a SQL statement this reader cannot model is no error: it is
/// kept as written (`Pending::unread`) with every statement of the files,
/// and the desired state is what the files build in a scratch database
/// (the command line turns this on; the library's callers see the error
/// by default).
pub fn set_fallback(on: bool) {
    FALLBACK.store(on, std::sync::atomic::Ordering::Relaxed);
}

pub(crate) fn fallback() -> bool {
    FALLBACK.load(std::sync::atomic::Ordering::Relaxed)
}

/// Parses in-memory sources (YAML, SQL or Rails' schema.rb) into one
/// canonical schema.
pub fn parse_sources(sources: &[Source]) -> Result<Schema, ParseError> {
    read_all(sources)?.finish_or_replay()
}

/// A `schema.rb` as the SQL it stands for (see the `rails` module); other
/// sources as they are.
pub fn as_sql(src: Source) -> Result<Source, ParseError> {
    match src.format {
        Format::Rails => rails::to_sql(&src),
        _ => Ok(src),
    }
}

/// Reads every source into one builder; names, types and references are
/// resolved afterwards, so a table may use a type whatever the file order.
fn read_all(sources: &[Source]) -> Result<build::Builder, ParseError> {
    let mut b = build::Builder::default();
    for src in sources {
        match src.format {
            Format::Yaml => yaml::read(src, &mut b)?,
            Format::Sql => sql::read(src, &mut b)?,
            Format::Rails => sql::read(&rails::to_sql(src)?, &mut b)?,
        }
    }
    b.collect_replay(sources)?;
    Ok(b)
}

/// Reads files and directories (recursively: `.yaml`, `.yml`, `.sql`, in a
/// stable order) and parses them into one canonical schema.
pub fn parse_paths(paths: &[PathBuf]) -> Result<Schema, ParseError> {
    pair::parse_one(paths)
}

/// Reads files and directories into sources without parsing them.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<Source>, ParseError> {
    let io_err = |p: &PathBuf, e: std::io::Error| {
        ParseError::new(
            Loc {
                file: p.display().to_string().into(),
                line: 0,
                column: 0,
            },
            format!("cannot read: {e}"),
        )
    };
    let mut files = Vec::new();
    for p in paths {
        files.extend(source::collect_paths(std::slice::from_ref(p)).map_err(|e| io_err(p, e))?);
    }
    let mut sources = Vec::new();
    for f in files {
        let format = Format::from_path(&f).ok_or_else(|| {
            ParseError::new(
                Loc {
                    file: f.display().to_string().into(),
                    line: 1,
                    column: 1,
                },
                "not a schema file: use .yaml, .yml, .sql (or .pgsql, .psql, .postgres, .ddl) or Rails' schema.rb",
            )
        })?;
        let text = std::fs::read_to_string(&f).map_err(|e| io_err(&f, e))?;
        sources.push(as_sql(Source::new(f.display().to_string(), text, format))?);
    }
    Ok(sources)
}

/// The JSON Schema of the YAML format, generated from its Rust types.
/// Writes a model as a YAML schema file that reads back into the same
/// model, or lists what the YAML format cannot express.
pub fn to_yaml(schema: &schemadiff_model::Schema) -> Result<String, Vec<String>> {
    yaml_out::write(schema)
}

pub fn yaml_json_schema() -> String {
    let schema = schemars::schema_for!(yaml::SchemaFile);
    let mut s = serde_json::to_string_pretty(&schema).expect("a JSON Schema serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemadiff_model::{ConstraintKind, QualName};

    fn table(sql: &str) -> schemadiff_model::Table {
        let s = parse_sources(&[Source::sql("t.sql", sql)]).unwrap();
        s.tables[&QualName::new("public", "t")].clone()
    }

    /// Spellings checked on PostgreSQL 15 with pg_get_expr().
    #[test]
    fn defaults_are_spelled_as_the_server_prints_them() {
        let t = table(
            "CREATE TABLE t (a numeric(12,2) DEFAULT 0, b bigint DEFAULT 0, c int DEFAULT -1, \
             d bigint DEFAULT 10000000000, e text DEFAULT 'x', f varchar(10) DEFAULT 'y', \
             g jsonb DEFAULT '{}', h timestamptz DEFAULT CURRENT_TIMESTAMP, i timestamptz DEFAULT now(), \
             j boolean DEFAULT true, k interval DEFAULT '1 day', l int[] DEFAULT ARRAY[]::int[], m text DEFAULT NULL)",
        );
        let d = |c: &str| t.columns[c].default.clone();
        assert_eq!(d("a").as_deref(), Some("0"));
        assert_eq!(d("b").as_deref(), Some("0"));
        assert_eq!(d("c").as_deref(), Some("'-1'::integer"));
        assert_eq!(d("d").as_deref(), Some("'10000000000'::bigint"));
        assert_eq!(d("e").as_deref(), Some("'x'::text"));
        assert_eq!(d("f").as_deref(), Some("'y'::character varying"));
        assert_eq!(d("g").as_deref(), Some("'{}'::jsonb"));
        assert_eq!(d("h").as_deref(), Some("CURRENT_TIMESTAMP"));
        assert_eq!(d("i").as_deref(), Some("now()"));
        assert_eq!(d("j").as_deref(), Some("true"));
        assert_eq!(d("k").as_deref(), Some("'1 day'::interval"));
        assert_eq!(d("l").as_deref(), Some("ARRAY[]::integer[]"));
        assert_eq!(d("m"), None);
    }

    #[test]
    fn checks_and_names_follow_postgres() {
        let t = table("CREATE TABLE t (id int PRIMARY KEY, age int CHECK (age > 0), lo int, hi int, CHECK (lo <= hi), email text UNIQUE)");
        let check = |n: &str| match &t.constraints[n].kind {
            ConstraintKind::Check { expression, .. } => expression.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(check("t_age_check"), "(age > 0)");
        assert_eq!(check("t_check"), "(lo <= hi)");
        assert!(t.constraints.contains_key("t_pkey"));
        assert!(t.constraints.contains_key("t_email_key"));
        assert!(t.columns["id"].not_null, "a primary key column is NOT NULL");
    }

    /// Casts, JSON access, AT TIME ZONE and quantified comparisons, as
    /// pg_get_expr() printed them on PostgreSQL 15.
    #[test]
    fn casts_and_operators_are_spelled_as_the_server_prints_them() {
        let t = table(
            "CREATE TABLE t (a int, b text, data jsonb, k varchar(5), \
             CONSTRAINT c1 CHECK ((a+1)::text <> ''), CONSTRAINT c2 CHECK (lower(b)::varchar <> ''), \
             CONSTRAINT c3 CHECK ((data->>'x')::int > 0), CONSTRAINT c4 CHECK (a::bigint > 0), \
             CONSTRAINT c5 CHECK (ARRAY[a,1]::bigint[] <> '{}'), CONSTRAINT c6 CHECK (now()::date > '2020-01-01'), \
             CONSTRAINT c7 CHECK (b = ANY (ARRAY['p'::text, 'q'::text])), CONSTRAINT c8 CHECK (data #>> '{a,b}' <> ''), \
             ts timestamp DEFAULT (now() AT TIME ZONE 'utc'))",
        );
        let check = |n: &str| match &t.constraints[n].kind {
            ConstraintKind::Check { expression, .. } => expression.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(check("c1"), "(((a + 1))::text <> ''::text)");
        assert_eq!(
            check("c2"),
            "(((lower(b))::character varying)::text <> ''::text)"
        );
        assert_eq!(check("c3"), "(((data ->> 'x'::text))::integer > 0)");
        assert_eq!(check("c4"), "((a)::bigint > 0)");
        assert_eq!(
            check("c5"),
            "(ARRAY[(a)::bigint, (1)::bigint] <> '{}'::bigint[])"
        );
        assert_eq!(check("c6"), "((now())::date > '2020-01-01'::date)");
        assert_eq!(check("c7"), "(b = ANY (ARRAY['p'::text, 'q'::text]))");
        assert_eq!(check("c8"), "((data #>> '{a,b}'::text[]) <> ''::text)");
        assert_eq!(
            t.columns["ts"].default.as_deref(),
            Some("(now() AT TIME ZONE 'utc'::text)")
        );
    }

    /// The SQL-standard forms, as PostgreSQL 18 printed them (the
    /// `constraint/sql_standard_forms` fixture holds those 15 has).
    #[test]
    fn is_json_is_spelled_as_the_server_prints_it() {
        let t = table(
            "CREATE TABLE t (j text, CONSTRAINT c1 CHECK (j IS NOT JSON), \
             CONSTRAINT c2 CHECK (j IS JSON ARRAY WITH UNIQUE KEYS), CONSTRAINT c3 CHECK (j IS JSON VALUE), \
             CONSTRAINT c4 CHECK (j IS JSON SCALAR WITHOUT UNIQUE KEYS), \
             d text DEFAULT system_user)",
        );
        let check = |n: &str| match &t.constraints[n].kind {
            ConstraintKind::Check { expression, .. } => expression.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(check("c1"), "(NOT (j IS JSON))");
        assert_eq!(check("c2"), "(j IS JSON ARRAY WITH UNIQUE KEYS)");
        assert_eq!(check("c3"), "(j IS JSON)");
        assert_eq!(check("c4"), "(j IS JSON SCALAR)");
        assert_eq!(t.columns["d"].default.as_deref(), Some("SYSTEM_USER"));
    }

    /// Numbers against numeric and floating-point operands keep their cast,
    /// as pg_get_expr() printed them on PostgreSQL 15.
    #[test]
    fn numbers_against_numeric_and_float_are_cast() {
        let t = table(
            "CREATE TABLE t (a numeric, b numeric(12,2), c double precision, d real, e bigint, f smallint, \
             CONSTRAINT k1 CHECK (a > 0), CONSTRAINT k2 CHECK (b > 0), CONSTRAINT k3 CHECK (c > 0), \
             CONSTRAINT k4 CHECK (d > 0), CONSTRAINT k5 CHECK (e > 0), CONSTRAINT k6 CHECK (f > 0), \
             CONSTRAINT k7 CHECK (a > 1.5), CONSTRAINT k8 CHECK (c > 1.5), CONSTRAINT k9 CHECK (a > -1), \
             CONSTRAINT k10 CHECK (e > 10000000000), CONSTRAINT k11 CHECK (a + 1 > 2), \
             CONSTRAINT k12 CHECK (b = 0 OR a BETWEEN 1 AND 2))",
        );
        let check = |n: &str| match &t.constraints[n].kind {
            ConstraintKind::Check { expression, .. } => expression.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(check("k1"), "(a > (0)::numeric)");
        assert_eq!(check("k2"), "(b > (0)::numeric)");
        assert_eq!(check("k3"), "(c > (0)::double precision)");
        assert_eq!(check("k4"), "(d > (0)::double precision)");
        assert_eq!(check("k5"), "(e > 0)");
        assert_eq!(check("k6"), "(f > 0)");
        assert_eq!(check("k7"), "(a > 1.5)");
        assert_eq!(check("k8"), "(c > (1.5)::double precision)");
        assert_eq!(check("k9"), "(a > ('-1'::integer)::numeric)");
        assert_eq!(check("k10"), "(e > '10000000000'::bigint)");
        assert_eq!(check("k11"), "((a + (1)::numeric) > (2)::numeric)");
        assert_eq!(
            check("k12"),
            "((b = (0)::numeric) OR ((a >= (1)::numeric) AND (a <= (2)::numeric)))"
        );
    }

    #[test]
    fn serial_becomes_an_owned_sequence_and_nextval_default() {
        let s = parse_sources(&[Source::sql(
            "t.sql",
            "CREATE TABLE t (id serial PRIMARY KEY)",
        )])
        .unwrap();
        let seq = &s.sequences[&QualName::new("public", "t_id_seq")];
        assert_eq!(seq.data_type, "integer");
        assert_eq!(
            seq.owned_by,
            Some((QualName::new("public", "t"), "id".into()))
        );
        let col = &s.tables[&QualName::new("public", "t")].columns["id"];
        assert_eq!(
            col.default.as_deref(),
            Some("nextval('t_id_seq'::regclass)")
        );
        assert_eq!(col.data_type, "integer");
    }

    #[test]
    fn index_expressions_and_names_follow_postgres() {
        let s = parse_sources(&[Source::sql(
            "t.sql",
            "CREATE TABLE t (id int, email varchar(50)); CREATE INDEX ON t (lower(email)); CREATE INDEX ON t ((id + 1)); CREATE INDEX ON t (id); CREATE INDEX ON t (id)",
        )])
        .unwrap();
        let t = &s.tables[&QualName::new("public", "t")];
        let names: Vec<&String> = t.indexes.keys().collect();
        assert_eq!(
            names,
            ["t_expr_idx", "t_id_idx", "t_id_idx1", "t_lower_idx"]
        );
        assert_eq!(
            t.indexes["t_lower_idx"].keys[0].target,
            schemadiff_model::IndexTarget::Expression("lower((email)::text)".into())
        );
        assert_eq!(
            t.indexes["t_expr_idx"].keys[0].target,
            schemadiff_model::IndexTarget::Expression("((id + 1))".into())
        );
    }
}
