//! Domains (base type, collation, default, NOT NULL, named checks) and
//! composite types (attributes in order).

use crate::*;

/// A collation other than `own`, as `COLLATE` would name it, or NULL.
fn collation_unless(coll: &str, own: &str) -> String {
    format!(
        "(SELECT CASE WHEN cn.nspname IN ('pg_catalog', 'public') THEN co.collname::text \
                 ELSE cn.nspname || '.' || co.collname END \
          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace \
          WHERE co.oid = {coll} AND {coll} <> 0 AND {coll} <> {own})"
    )
}

pub(crate) fn read_domains<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, t.typname::text, format_type(t.typbasetype, t.typtypmod), {}, \
           pg_get_expr(t.typdefaultbin, 0), t.typnotnull, {}, \
           ARRAY(SELECT c.conname::text FROM pg_constraint c WHERE c.contypid = t.oid \
                 AND c.contype = 'c' ORDER BY c.conname), \
           ARRAY(SELECT pg_get_expr(c.conbin, 0) FROM pg_constraint c WHERE c.contypid = t.oid \
                 AND c.contype = 'c' ORDER BY c.conname) \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         JOIN pg_type bt ON bt.oid = t.typbasetype \
         WHERE t.typtype = 'd' AND {MANAGED_NS} AND {}",
        collation_unless("t.typcollation", "bt.typcollation"),
        comment("t.oid", "pg_type", "0"),
        not_extension_member("pg_type", "t.oid")
    );
    for row in r.query("domains", &sql)? {
        let name = QualName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let names: Vec<String> = row.get(7);
        let exprs: Vec<String> = row.get(8);
        s.domains.insert(
            name.clone(),
            Domain {
                name,
                base_type: row.get(2),
                collation: row.get(3),
                default: row.get(4),
                not_null: row.get(5),
                comment: row.get(6),
                checks: names.into_iter().zip(exprs).collect(),
            },
        );
    }
    Ok(())
}

pub(crate) fn read_composites<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, t.typname::text, {}, \
           ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = t.typrelid \
                 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum), \
           ARRAY(SELECT format_type(a.atttypid, a.atttypmod) \
                   || COALESCE(' COLLATE ' || {}, '') \
                 FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid \
                 WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         JOIN pg_class c ON c.oid = t.typrelid \
         WHERE t.typtype = 'c' AND c.relkind = 'c' AND {MANAGED_NS} AND {}",
        comment("t.oid", "pg_type", "0"),
        collation_unless("a.attcollation", "at.typcollation"),
        not_extension_member("pg_type", "t.oid")
    );
    for row in r.query("composite types", &sql)? {
        let name = QualName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let names: Vec<String> = row.get(3);
        let types: Vec<String> = row.get(4);
        s.composites.insert(
            name.clone(),
            Composite {
                name,
                comment: row.get(2),
                attributes: names.into_iter().zip(types).collect(),
            },
        );
    }
    Ok(())
}
