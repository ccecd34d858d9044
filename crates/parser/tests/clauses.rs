//! No clause a user wrote is lost: every clause the SQL reader accepts is
//! either modelled or refused with the location of the clause itself.

use schemadiff_parser::{parse_sources, Source};

/// `(sql, the word the error must point at, words of the message)`.
const REFUSED: &[(&str, &str, &str)] = &[
    (
        "CREATE TABLE m (id int, at date) PARTITION BY SPREAD (at);",
        "PARTITION",
        "RANGE | LIST | HASH",
    ),
    ("CREATE TABLE t (id int) TABLESPACE fast;", "TABLESPACE", "TABLESPACE"),
    (
        "CREATE TABLE t (id int) TABLESPACE fast;",
        "TABLESPACE",
        "table options",
    ),
    // sqlparser stops at what it does not know; the rest must not vanish.
    (
        "CREATE TABLE t (id int);\nCREATE INDEX i ON t (id) TABLESPACE fast;",
        "TABLESPACE",
        "would be lost",
    ),
    ("CREATE TEMP TABLE t (id int);", "TEMP", "temporary"),
    // A conversion hint shapes a column's type change: anywhere else it
    // would be lost.
    (
        "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN n int; -- @using n::int",
        "--",
        "a column's line of CREATE TABLE",
    ),
    (
        "CREATE TABLE t (\n  id int, -- @using\n  n int\n);",
        "--",
        "-- @using expression",
    ),
    (
        "CREATE AGGREGATE old (BASETYPE = integer, SFUNC = int4pl, STYPE = integer);",
        "BASETYPE",
        "the old form",
    ),
    (
        "CREATE AGGREGATE a(integer) (SFUNC = int4pl, STYPE = integer, SPEED = fast);",
        "SPEED",
        "not an aggregate option",
    ),
    (
        "CREATE AGGREGATE a(integer) (SFUNC = int4pl, STYPE = integer, FINALFUNC_EXTRA = yes);",
        "FINALFUNC_EXTRA",
        "takes no value",
    ),
    // PostgreSQL 18 keeps a domain NOT NULL's own name; the model does not.
    (
        "CREATE DOMAIN d AS integer CONSTRAINT mine NOT NULL;",
        "CONSTRAINT",
        "NOT NULL with a name of its own",
    ),
    (
        "CREATE PROCEDURE p() LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;",
        "IMMUTABLE",
        "function attribute on a procedure",
    ),
    (
        "CREATE PROCEDURE p() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;",
        "RETURNS",
        "RETURNS on a procedure",
    ),
    (
        "CREATE MATERIALIZED VIEW v AS SELECT 1 AS a WITH CASCADED CHECK OPTION;",
        "WITH",
        "check option on a materialized view",
    ),
    (
        "CREATE TABLE p (id int);\nCREATE TABLE c (x int) INHERITS (p);\nALTER TABLE c ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;",
        "ALTER TABLE c ALTER",
        "an identity on an inherited column",
    ),
    (
        "CREATE TABLE p (id int);\nCREATE TABLE c (LIKE p INCLUDING EVERYTHING);",
        "EVERYTHING",
        "not a LIKE option",
    ),
    ("CREATE TABLE t AS SELECT 1 AS x;", "AS", "AS"),
    (
        "CREATE TABLE p (id int NOT NULL) PARTITION BY LIST (id);\nCREATE TABLE c (id int CONSTRAINT mine NOT NULL);\nALTER TABLE ONLY p ATTACH PARTITION c FOR VALUES IN (1);",
        "CONSTRAINT",
        "NOT NULL constraint named",
    ),
    (
        "CREATE TABLE t (id int);\nALTER TABLE t ADD CONSTRAINT u UNIQUE (id) NOT VALID;",
        "NOT",
        "NOT VALID on a constraint other than a check or a foreign key",
    ),
    (
        "CREATE TABLE t (a int, b int);\nCREATE STATISTICS s ON a, b FROM t;\nALTER STATISTICS s RENAME TO r;",
        "RENAME",
        "other than SET STATISTICS",
    ),
    (
        "CREATE TABLE t (a int, b int);\nCREATE STATISTICS s (ndistinct, histogram) ON a, b FROM t;",
        "histogram",
        "not a kind of statistics",
    ),
    ("CREATE EXTENSION hstore CASCADE;", "CASCADE", "CASCADE"),
    (
        "CREATE TABLE t (id int);\n\\ir more.sql\n",
        "\\ir",
        "psql meta-command that could change the schema",
    ),
    // A language with a handler of its own has no model (the binary hands
    // it to a scratch database).
    (
        "CREATE LANGUAGE plsample HANDLER plsample_call_handler;",
        "CREATE",
        "handler of its own is not modelled",
    ),
];

#[test]
fn unmodelled_clauses_are_refused_where_they_are_written() {
    for (sql, word, message) in REFUSED {
        let err = match parse_sources(&[Source::sql("t.sql", *sql)]) {
            Ok(_) => panic!("accepted, and so lost a clause: {sql}"),
            Err(e) => e,
        };
        // Where the word stands in the text, as line:column.
        let at = sql
            .find(word)
            .unwrap_or_else(|| panic!("`{word}` is not in {sql}"));
        let line = sql[..at].matches('\n').count() + 1;
        let column = at - sql[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
        assert_eq!(
            (err.loc.line, err.loc.column),
            (line, column),
            "{sql}: the error should point at `{word}`: {err}"
        );
        assert!(
            err.message.contains(message),
            "{sql}: expected `{message}` in: {err}"
        );
    }
}

#[test]
fn pg_dump_restrict_lines_are_read_and_other_meta_commands_are_not() {
    let sql = "\\restrict abc\nCREATE TABLE t (id int);\n\\unrestrict abc\n";
    let s = parse_sources(&[Source::sql("dump.sql", sql)]).unwrap();
    assert_eq!(s.tables.len(), 1);
}

#[test]
fn index_storage_parameters_are_kept_as_the_catalog_keeps_them() {
    let s = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TABLE t (id int, tags text[]);\n\
         CREATE INDEX t_id ON t (id) WITH (fillfactor = 70);\n\
         CREATE INDEX t_tags ON t USING gin (tags) WITH (fastupdate = off, gin_pending_list_limit = '128');",
    )])
    .unwrap();
    let t = s.tables.values().next().unwrap();
    assert_eq!(t.indexes["t_id"].with, vec!["fillfactor=70"]);
    assert_eq!(
        t.indexes["t_tags"].with,
        vec!["fastupdate=off", "gin_pending_list_limit=128"]
    );
}

#[test]
fn identity_options_are_kept_unless_they_are_the_defaults() {
    let s = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TABLE a (id int GENERATED ALWAYS AS IDENTITY (START WITH -200 INCREMENT BY 10 MINVALUE -1000));\n\
         CREATE TABLE b (id int GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1));",
    )])
    .unwrap();
    let col = |t: &str| {
        s.tables
            .values()
            .find(|x| x.name.name == t)
            .unwrap()
            .columns["id"]
            .clone()
    };
    let a = col("a").identity_options.expect("options kept");
    assert_eq!(
        (a.start, a.increment, a.min_value, a.max_value),
        (-200, 10, -1000, 2147483647)
    );
    assert_eq!(col("b").identity_options, None);
}

#[test]
fn explicit_default_operator_classes_and_collations_are_the_plain_key() {
    let s = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TABLE t (n text, v varchar(5), c text COLLATE \"C\");\n\
         CREATE INDEX a ON t (n text_ops, v text_ops, c COLLATE \"C\");\n\
         CREATE INDEX b ON t (v varchar_pattern_ops, n COLLATE \"C\");",
    )])
    .unwrap();
    let t = s.tables.values().next().unwrap();
    for k in &t.indexes["a"].keys {
        assert_eq!((&k.opclass, &k.collation), (&None, &None), "{k:?}");
    }
    let b = &t.indexes["b"].keys;
    assert_eq!(b[0].opclass.as_deref(), Some("varchar_pattern_ops"));
    assert_eq!(b[1].collation.as_deref(), Some("C"));
}

#[test]
fn ownership_is_ignored_on_purpose_and_pg_dump_identity_names_are_read() {
    let s = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE SCHEMA billing AUTHORIZATION someone;\n\
         CREATE TABLE billing.t (id int NOT NULL);\n\
         ALTER TABLE billing.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n\
         SEQUENCE NAME billing.t_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1);",
    )])
    .unwrap();
    assert!(s.schemas.contains_key("billing"));
    let t = s.tables.values().next().unwrap();
    assert!(t.columns["id"].identity.is_some());
    assert_eq!(t.columns["id"].identity_options, None);
    assert_eq!(t.columns["id"].identity_sequence, None);
    // A sequence named otherwise is the column's own (pg_dump writes it for
    // a renamed sequence).
    let s = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TABLE t (id int NOT NULL);\n\
         ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME my_ids START WITH 1);",
    )])
    .unwrap();
    let t = s.tables.values().next().unwrap();
    assert_eq!(
        t.columns["id"]
            .identity_sequence
            .as_ref()
            .map(|q| q.to_string()),
        Some("public.my_ids".to_string())
    );
}

/// Rails' bookkeeping tables, as a `db/structure.sql` holds them, are the
/// migration runner's and never part of the schema.
#[test]
fn rails_bookkeeping_tables_are_not_schema() {
    let s = parse_sources(&[Source::sql(
        "structure.sql",
        "CREATE TABLE public.schema_migrations (version character varying NOT NULL);\n\
         CREATE TABLE public.ar_internal_metadata (key character varying NOT NULL, value character varying);\n\
         CREATE TABLE public.users (id bigint NOT NULL);\n\
         ALTER TABLE ONLY public.ar_internal_metadata ADD CONSTRAINT ar_internal_metadata_pkey PRIMARY KEY (key);\n\
         ALTER TABLE ONLY public.schema_migrations ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);\n\
         CREATE INDEX schema_migrations_v ON public.schema_migrations (version);\n",
    )])
    .unwrap();
    let names: Vec<String> = s.tables.keys().map(|k| k.to_string()).collect();
    assert_eq!(names, ["public.users"]);
}

/// A NOT NULL with a name of its own (PostgreSQL 18 keeps it; `LIKE` and
/// renames leave such names) is kept, and the default name is none.
#[test]
fn named_not_null_constraints_keep_their_names() {
    let s = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TABLE t (id int CONSTRAINT id_required NOT NULL, \
         n int CONSTRAINT t_n_not_null NOT NULL);",
    )])
    .unwrap();
    let t = s.tables.values().next().unwrap();
    assert_eq!(
        t.columns["id"].not_null_name.as_deref(),
        Some("id_required")
    );
    assert_eq!(t.columns["n"].not_null_name, None);
    assert!(t.columns["id"].not_null && t.columns["n"].not_null);
}

/// PostgreSQL 18's table-level `[CONSTRAINT name] NOT NULL column`, as
/// pg_dump 18 writes it for an inherited column a child makes NOT NULL
/// (and for a table's own column): the column is NOT NULL, under that
/// name; `NO INHERIT` is refused where it is written.
#[test]
fn table_level_not_null_elements_are_read() {
    let s = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TABLE events (id bigint NOT NULL, payload jsonb);\n\
         CREATE TABLE views (NOT NULL payload, seen_by text, \
         CONSTRAINT views_seen_required NOT NULL seen_by) INHERITS (events);",
    )])
    .unwrap();
    let views = &s.tables.values().find(|t| t.name.name == "views").unwrap();
    assert!(views.columns["payload"].not_null, "{views:?}");
    assert_eq!(views.columns["payload"].not_null_name, None);
    assert!(views.columns["seen_by"].not_null);
    assert_eq!(
        views.columns["seen_by"].not_null_name.as_deref(),
        Some("views_seen_required")
    );
    let events = &s.tables.values().find(|t| t.name.name == "events").unwrap();
    assert!(!events.columns["payload"].not_null);
    let e = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TABLE events (id bigint, payload jsonb);\n\
         CREATE TABLE views (NOT NULL payload NO INHERIT) INHERITS (events);",
    )])
    .unwrap_err();
    assert_eq!((e.loc.line, e.loc.column), (2, 38), "{e}");
    assert!(e.to_string().contains("NO INHERIT"), "{e}");
}

/// Two columns whose NOT NULL names cut to the same 63 bytes: PostgreSQL
/// 18 numbers the later (`…_not_null1`), and pg_dump 18 writes both names;
/// neither is a name of the column's own.
#[test]
fn numbered_not_null_names_are_postgresqls_own() {
    let s = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TABLE organizer_position_deletion_requests (\
         subject_has_outstanding_transactions_emburse boolean \
         CONSTRAINT organizer_position_deletion_subject_has_outstanding_tr_not_null NOT NULL, \
         subject_has_outstanding_transactions_stripe boolean \
         CONSTRAINT organizer_position_deletio_subject_has_outstanding_tr_not_null1 NOT NULL);",
    )])
    .unwrap();
    let t = s.tables.values().next().unwrap();
    assert!(
        t.columns
            .values()
            .all(|c| c.not_null && c.not_null_name.is_none()),
        "{t:?}"
    );
}

/// Enum types and labels take rename hints, in SQL and in YAML, and a hint
/// whose old label the file still defines is refused.
#[test]
fn enum_types_and_labels_take_rename_hints() {
    use schemadiff_model::RenameKind;
    let kinds = |s: &schemadiff_model::Schema| -> Vec<(RenameKind, String, String)> {
        s.renames
            .0
            .iter()
            .map(|r| (r.kind, r.from.clone(), r.to.clone()))
            .collect()
    };
    let want = vec![
        (RenameKind::Enum, "mood".to_string(), "feeling".to_string()),
        (
            RenameKind::EnumLabel,
            "glad".to_string(),
            "happy".to_string(),
        ),
    ];
    let sql = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TYPE feeling AS ENUM ( -- @renamed from=mood\n  'sad',\n  'happy' -- @renamed from='glad'\n);",
    )])
    .unwrap();
    assert_eq!(kinds(&sql), want);
    let yaml = parse_sources(&[Source::yaml(
        "t.yaml",
        "enums:\n  feeling:\n    values: [sad, happy]\n    renamed_from: mood\n    renamed_values: { happy: glad }\n",
    )])
    .unwrap();
    assert_eq!(kinds(&yaml), want);
    let e = parse_sources(&[Source::sql(
        "t.sql",
        "CREATE TYPE feeling AS ENUM (\n  'glad',\n  'happy' -- @renamed from=glad\n);",
    )])
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("t.sql:3:11") && e.contains("still defines"),
        "{e}"
    );
}

/// A partition's defaults of its own are kept, from a table written out and
/// attached (pg_dump's form), from `ALTER TABLE ONLY partition … SET |
/// DROP DEFAULT`, and from YAML; a `PARTITION OF` partition has its
/// parent's.
#[test]
fn partition_defaults_of_their_own_are_kept() {
    let sql = "CREATE TABLE m (id int, v int DEFAULT 1, w int DEFAULT 3, at date) PARTITION BY RANGE (at);\n\
               CREATE TABLE m1 (id int, v int DEFAULT 5, w int DEFAULT 3, at date);\n\
               ALTER TABLE ONLY m ATTACH PARTITION m1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n\
               CREATE TABLE m2 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n\
               ALTER TABLE ONLY m2 ALTER COLUMN w DROP DEFAULT;\n\
               CREATE TABLE m3 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');";
    let s = parse_sources(&[Source::sql("t.sql", sql)]).unwrap();
    let own = |t: &str| {
        s.tables
            .values()
            .find(|x| x.name.name == t)
            .unwrap()
            .partition_defaults
            .clone()
    };
    assert_eq!(
        own("m1").into_iter().collect::<Vec<_>>(),
        vec![("v".to_string(), Some("5".to_string()))]
    );
    assert_eq!(
        own("m2").into_iter().collect::<Vec<_>>(),
        vec![("w".to_string(), None)]
    );
    assert!(own("m3").is_empty());
    let yaml = "tables:\n  m:\n    partition_by: RANGE (at)\n    columns:\n      at: { type: date }\n      v: { type: integer, default: 1 }\n  m1:\n    partition_of: { table: m, values: \"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\" }\n    partition_defaults: { v: \"5\" }\n";
    let y = parse_sources(&[Source::yaml("t.yaml", yaml)]).unwrap();
    let m1 = y.tables.values().find(|x| x.name.name == "m1").unwrap();
    assert_eq!(m1.partition_defaults.get("v"), Some(&Some("5".to_string())));
}

/// A procedural language without a handler is the extension of its name
/// (PostgreSQL 13+); `DROP LANGUAGE` drops it; PL/pgSQL, in every
/// database, is nothing to make, however it is written.
#[test]
fn languages_are_the_extensions_they_install() {
    let s = parse_sources(&[Source::sql(
        "old.sql",
        "CREATE OR REPLACE PROCEDURAL LANGUAGE plpgsql;\n\
         CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog;\n\
         CREATE TRUSTED LANGUAGE plperl;\n\
         CREATE LANGUAGE pltcl;\n\
         DROP PROCEDURAL LANGUAGE IF EXISTS pltcl;\n\
         COMMENT ON LANGUAGE plperl IS 'the extension says';\n",
    )])
    .unwrap();
    let names: Vec<&String> = s.extensions.keys().collect();
    assert_eq!(names, ["plperl"]);
}

/// `RESET ALL` puts the search path back, as in psql's session.
#[test]
fn reset_all_resets_the_search_path() {
    let s = parse_sources(&[Source::sql(
        "path.sql",
        "CREATE SCHEMA app;\nSET search_path = app;\nCREATE TABLE a (id int);\n\
         RESET ALL;\nCREATE TABLE b (id int);\n",
    )])
    .unwrap();
    let names: Vec<String> = s.tables.keys().map(|k| k.to_string()).collect();
    assert_eq!(names, ["app.a", "public.b"]);
}
