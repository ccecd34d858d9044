//! Views and materialized views, as `pg_get_viewdef()` prints them, with
//! their columns, options and what their queries read.

use crate::*;

/// The `WHERE` part selecting managed views and materialized views as `c`.
pub(crate) fn managed_views() -> String {
    format!(
        "c.relkind IN ('v', 'm') AND {MANAGED_NS} AND {}",
        not_extension_member("pg_class", "c.oid")
    )
}

pub(crate) fn read_views<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<Oids> {
    // Columns come as parallel arrays: names, types, comments.
    let sql = format!(
        "SELECT c.oid, n.nspname::text, c.relname::text, c.relkind = 'm', \
           pg_get_viewdef(c.oid), COALESCE(c.reloptions, '{{}}')::text[], c.relispopulated, {}, \
           ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid \
                 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum), \
           ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = c.oid \
                 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum), \
           ARRAY(SELECT COALESCE({}, E'\\x01') FROM pg_attribute a WHERE a.attrelid = c.oid \
                 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum), \
           (SELECT xc.relname::text FROM pg_index x JOIN pg_class xc ON xc.oid = x.indexrelid \
            WHERE x.indrelid = c.oid AND x.indisclustered) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {} \
         ORDER BY 2, 3",
        comment("c.oid", "pg_class", "0"),
        comment("c.oid", "pg_class", "a.attnum"),
        managed_views()
    );
    let mut oids = Oids::new();
    for row in r.query("views", &sql)? {
        let name = QualName::new(row.get::<_, String>(1), row.get::<_, String>(2));
        let definition: String = row.get(4);
        let mut v = View::new(name.clone(), row.get(3), definition.trim().to_string());
        v.options = row.get(5);
        v.populated = Populated(row.get(6));
        v.comment = row.get(7);
        v.cluster_on = row.get(11);
        let names: Vec<String> = row.get(8);
        let types: Vec<String> = row.get(9);
        let comments: Vec<String> = row.get(10);
        for ((n, t), c) in names.into_iter().zip(types).zip(comments) {
            v.columns.insert(
                n,
                ViewColumn {
                    data_type: t,
                    comment: (c != "\u{1}").then_some(c),
                },
            );
        }
        oids.insert(row.get(0), name.clone());
        s.views.insert(name, v);
    }
    Ok(oids)
}

/// What each view's query reads: columns of tables and views, whole
/// relations, functions (by their key).
pub(crate) fn read_view_reads<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    views: &Oids,
) -> Result<()> {
    let rows = r.query(
        "view reads",
        "SELECT DISTINCT rw.ev_class, rn.nspname::text, rc.relname::text, a.attname::text, \
           CASE WHEN d.refclassid = 'pg_proc'::regclass THEN \
             quote_ident(pn.nspname) || '.' || quote_ident(p.proname) || '(' || oidvectortypes(p.proargtypes) || ')' END \
         FROM pg_depend d JOIN pg_rewrite rw ON rw.oid = d.objid \
         LEFT JOIN pg_class rc ON d.refclassid = 'pg_class'::regclass AND rc.oid = d.refobjid \
         LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace \
         LEFT JOIN pg_attribute a ON d.refclassid = 'pg_class'::regclass AND a.attrelid = d.refobjid \
           AND a.attnum = d.refobjsubid AND d.refobjsubid > 0 \
         LEFT JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid \
         LEFT JOIN pg_namespace pn ON pn.oid = p.pronamespace \
         WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid <> rw.ev_class \
           AND d.refclassid IN ('pg_class'::regclass, 'pg_proc'::regclass) \
           AND (rc.oid IS NULL OR rc.relkind IN ('r', 'p', 'v', 'm', 'f')) \
         ORDER BY 1, 2, 3, 4, 5",
    )?;
    for row in rows {
        let Some(view) = views
            .get(&row.get::<_, u32>(0))
            .and_then(|n| s.views.get_mut(n))
        else {
            continue;
        };
        let reads = &mut view.reads;
        if let Some(f) = row.get::<_, Option<String>>(4) {
            reads.functions.insert(f);
            continue;
        }
        let (Some(ns), Some(rel)) = (
            row.get::<_, Option<String>>(1),
            row.get::<_, Option<String>>(2),
        ) else {
            continue;
        };
        let rel = QualName::new(ns, rel);
        if let Some(col) = row.get::<_, Option<String>>(3) {
            reads.columns.insert((rel.clone(), col));
        }
        reads.relations.insert(rel);
    }
    Ok(())
}
