//! Sequences (identity sequences belong to their column).

use crate::*;

pub(crate) fn read_sequences<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    // Sequences behind identity columns (dependency type 'i') belong to
    // their column and are not listed.
    let sql = format!(
        "SELECT n.nspname::text, c.relname::text, format_type(q.seqtypid, NULL), \
           q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle, \
           tn.nspname::text, tc.relname::text, a.attname::text, {}, c.relpersistence = 'u' \
         FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid \
           AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') \
         LEFT JOIN pg_class tc ON tc.oid = d.refobjid \
         LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace \
         LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
         WHERE {MANAGED_NS} AND d.deptype IS DISTINCT FROM 'i' AND {}",
        comment("c.oid", "pg_class", "0"),
        not_extension_member("pg_class", "c.oid")
    );
    for row in r.query("sequences", &sql)? {
        let name = QualName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let owned_by = match (
            row.get::<_, Option<String>>(9),
            row.get::<_, Option<String>>(10),
            row.get::<_, Option<String>>(11),
        ) {
            (Some(ns), Some(t), Some(col)) => Some((QualName::new(ns, t), col)),
            _ => None,
        };
        s.sequences.insert(
            name.clone(),
            Sequence {
                name,
                data_type: row.get(2),
                start: row.get(3),
                increment: row.get(4),
                min_value: row.get(5),
                max_value: row.get(6),
                cache: row.get(7),
                cycle: row.get(8),
                owned_by,
                comment: row.get(12),
                unlogged: row.get(13),
            },
        );
    }
    Ok(())
}
