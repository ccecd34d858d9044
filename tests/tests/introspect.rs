//! The introspector against a real server: a fixed number of catalog
//! queries whatever the schema's size, and what it leaves out.

mod common;

use common::*;
use schemadiff_model::QualName;

/// `n` tables, each with typed columns, defaults, an identity key, three
/// indexes (one partial, one on an expression), a foreign key, a check, a
/// comment, and an enum column; one in ten also with a view (read by a
/// materialized view with an index), a trigger and a policy.
fn schema_of(n: usize) -> String {
    let mut sql = String::from(
        "CREATE TYPE state AS ENUM ('new', 'done');\n\
         CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n",
    );
    for i in 0..n {
        let fk = if i > 0 {
            format!(", parent_id bigint REFERENCES t{} (id)", i - 1)
        } else {
            String::new()
        };
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \
             name varchar(40) NOT NULL DEFAULT '', n integer CHECK (n > 0), \
             s state DEFAULT 'new', created timestamptz DEFAULT now(){fk});\n\
             CREATE INDEX ON t{i} (name);\n\
             CREATE INDEX ON t{i} (n) WHERE n > 10;\n\
             CREATE INDEX ON t{i} (lower(name));\n\
             COMMENT ON TABLE t{i} IS 'table {i}';\n"
        ));
        if i % 10 == 0 {
            sql.push_str(&format!(
                "CREATE VIEW v{i} AS SELECT id, name FROM t{i} WHERE n > 1;\n\
                 CREATE MATERIALIZED VIEW m{i} AS SELECT count(*) AS c FROM v{i};\n\
                 CREATE INDEX ON m{i} (c);\n\
                 CREATE TRIGGER t{i}_touch BEFORE UPDATE ON t{i} FOR EACH ROW EXECUTE FUNCTION touch();\n\
                 CREATE POLICY p{i} ON t{i} USING (n > 0);\n"
            ));
        }
    }
    sql
}

#[test]
fn catalog_queries_do_not_grow_with_the_schema() {
    let mut counts = Vec::new();
    for n in [1, 10, 200] {
        let mut db = fresh_db(&format!("introspect_count_{n}"));
        db.client.batch_execute(&schema_of(n)).unwrap();
        let got = schemadiff_introspect::introspect(&mut db.client).unwrap();
        assert_eq!(got.schema.tables.len(), n, "all {n} tables are read");
        let t = &got.schema.tables[&schemadiff_model::QualName::new("public", "t0")];
        assert_eq!(t.indexes.len(), 3);
        assert_eq!(got.schema.views.len(), 2 * n.div_ceil(10), "views are read");
        let m = &got.schema.views[&schemadiff_model::QualName::new("public", "m0")];
        assert_eq!(m.indexes.len(), 1);
        assert_eq!(t.triggers.len(), 1);
        assert_eq!(t.constraints.len(), 2, "{:?}", t.constraints.keys());
        counts.push(got.queries);
    }
    assert_eq!(
        counts,
        vec![schemadiff_introspect::QUERIES; 3],
        "statements sent for 1, 10 and 200 tables"
    );
}

#[test]
fn leaves_out_extension_members_temporary_and_bookkeeping_objects() {
    let mut db = fresh_db("introspect_scope");
    db.client
        .batch_execute(
            "CREATE EXTENSION hstore;
             CREATE TABLE mine (id int PRIMARY KEY);
             CREATE TABLE owned_by_ext (id int);
             ALTER EXTENSION hstore ADD TABLE owned_by_ext;
             CREATE SCHEMA schemadiff;
             CREATE TABLE schemadiff.applies (id int);
             CREATE TEMPORARY TABLE scratch (id int);",
        )
        .unwrap();
    let got = schemadiff_introspect::introspect(&mut db.client)
        .unwrap()
        .schema;
    let names: Vec<String> = got.tables.keys().map(|q| q.to_string()).collect();
    assert_eq!(names, ["public.mine"]);
    assert!(got.schemas.is_empty(), "{:?}", got.schemas);
    assert_eq!(got.extensions.keys().collect::<Vec<_>>(), ["hstore"]);
}

/// A partitioned table is read with its key; a partition with its parent
/// and bound and only what is its own (its columns, and the constraints,
/// indexes and triggers it took from its parent, are the parent's).
#[test]
fn partitioned_tables_are_read_with_what_each_partition_owns() {
    let mut db = fresh_db("introspect_partitions");
    db.client
        .batch_execute(
            "CREATE TABLE p (id int NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
             CREATE INDEX p_id_idx ON p (id);
             CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
             ALTER TABLE p1 ADD CONSTRAINT p1_id_check CHECK (id > 0);
             CREATE INDEX p1_at_idx ON p1 (at);",
        )
        .unwrap();
    let got = schemadiff_introspect::introspect(&mut db.client)
        .unwrap()
        .schema;
    let p = &got.tables[&QualName::new("public", "p")];
    assert_eq!(p.partition_by.as_deref(), Some("RANGE (at)"));
    assert_eq!(p.columns.len(), 2);
    assert!(p.constraints.contains_key("p_pkey"));
    assert!(p.indexes.contains_key("p_id_idx"));
    let p1 = &got.tables[&QualName::new("public", "p1")];
    let of = p1.partition_of.as_ref().expect("a partition");
    assert_eq!(of.parent, QualName::new("public", "p"));
    assert_eq!(of.bound, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    assert!(p1.columns.is_empty(), "{:?}", p1.columns);
    assert_eq!(p1.constraints.keys().collect::<Vec<_>>(), ["p1_id_check"]);
    assert_eq!(p1.indexes.keys().collect::<Vec<_>>(), ["p1_at_idx"]);
}

/// The parser leaves out an operator class it believes is the default for
/// the key's type; the server must agree, or the plan never converges.
#[test]
fn default_operator_classes_are_the_ones_the_server_leaves_out() {
    let mut db = fresh_db("default_opclasses");
    for (i, (method, ty, opclass)) in schemadiff_model::types::DEFAULT_OPCLASSES
        .iter()
        .enumerate()
    {
        db.client
            .batch_execute(&format!(
                "CREATE TABLE o{i} (k {ty}); CREATE INDEX o{i}_k ON o{i} USING {method} (k {opclass});"
            ))
            .unwrap_or_else(|e| panic!("{method} {ty} {opclass}: {e}"));
        let def: String = db
            .client
            .query_one(&format!("SELECT pg_get_indexdef('o{i}_k'::regclass)"), &[])
            .unwrap()
            .get(0);
        assert!(
            !def.contains(opclass),
            "{opclass} is not the default for {ty} under {method}: {def}"
        );
    }
}

/// An expression key's collation is compared where it is written and
/// differs from the expression's own (the server prints it only then).
#[test]
fn expression_keys_keep_the_collations_written_on_them() {
    let mut db = fresh_db("expression_collations");
    let sql = "CREATE TABLE words (id bigint PRIMARY KEY, word text COLLATE \"C\", gloss text);\n\
               CREATE INDEX words_lower_word ON words (lower(word));\n\
               CREATE INDEX words_lower_gloss_c ON words (lower(gloss) COLLATE \"C\");\n\
               CREATE INDEX words_joined ON words ((gloss || word) COLLATE \"POSIX\" DESC, (id + 1));\n\
               CREATE INDEX words_default ON words (upper(word) COLLATE \"default\");";
    db.client.batch_execute(sql).unwrap();
    let parsed =
        schemadiff_parser::parse_sources(&[schemadiff::Source::sql("c.sql", sql)]).unwrap();
    let live = db.introspect().unwrap();
    assert_eq!(format!("{parsed:#?}"), format!("{live:#?}"));
    let key = |index: &str, k: usize| {
        live.tables.values().next().unwrap().indexes[index].keys[k]
            .collation
            .clone()
    };
    assert_eq!(key("words_lower_word", 0), None);
    assert_eq!(key("words_lower_gloss_c", 0).as_deref(), Some("C"));
    assert_eq!(key("words_joined", 0).as_deref(), Some("POSIX"));
    assert_eq!(key("words_joined", 1), None);
    assert_eq!(key("words_default", 0).as_deref(), Some("default"));
}

/// PostgreSQL 18 makes a generated column without STORED virtual; the
/// parser and the introspector agree, and a plan between them is empty.
/// (On older servers VIRTUAL does not load, and there is nothing to check:
/// CI runs this file on PostgreSQL 18 too.)
#[test]
fn virtual_generated_columns_read_as_written_on_postgresql_18() {
    let mut db = fresh_db("virtual_generated");
    let version: i32 = db
        .client
        .query_one("SELECT current_setting('server_version_num')::int", &[])
        .unwrap()
        .get(0);
    if version < 180000 {
        println!("PostgreSQL {version}: no virtual generated columns");
        return;
    }
    let sql = "CREATE TABLE boxes (w int, h int, \
               area int GENERATED ALWAYS AS (w * h) VIRTUAL, \
               half int GENERATED ALWAYS AS (w / 2), \
               stored int GENERATED ALWAYS AS (w + h) STORED);";
    db.client.batch_execute(sql).unwrap();
    let parsed =
        schemadiff_parser::parse_sources(&[schemadiff::Source::sql("v.sql", sql)]).unwrap();
    let live = db.introspect().unwrap();
    assert_eq!(format!("{parsed:#?}"), format!("{live:#?}"));
    let cols = &live.tables.values().next().unwrap().columns;
    assert!(cols["area"].generated_virtual && cols["half"].generated_virtual);
    assert!(!cols["stored"].generated_virtual);
    assert!(schemadiff::plan_schemas(&live, &parsed).unwrap().is_empty());
    // Both dump formats say it, and read back the same.
    let yaml = schemadiff_parser::to_yaml(&live).unwrap();
    let from_yaml =
        schemadiff_parser::parse_sources(&[schemadiff::Source::yaml("v.yaml", &yaml)]).unwrap();
    assert_eq!(format!("{from_yaml:#?}"), format!("{live:#?}"), "{yaml}");
    let sql = schemadiff::plan_schemas(&Default::default(), &live)
        .unwrap()
        .sql();
    let from_sql =
        schemadiff_parser::parse_sources(&[schemadiff::Source::sql("v.sql", &sql)]).unwrap();
    assert_eq!(format!("{from_sql:#?}"), format!("{live:#?}"), "{sql}");
}
