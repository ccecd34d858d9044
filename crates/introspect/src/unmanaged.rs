//! What the database holds that schemadiff does not model: listed (one
//! query), so a plan can say what it leaves alone, never refused and never
//! dropped. Objects of extensions and of system schemas are not listed.

use crate::*;

pub(crate) fn read_unmanaged<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let member = |catalog: &str, oid: &str| not_extension_member(catalog, oid);
    let ns = |alias: &str| {
        format!(
            "{alias}.nspname NOT IN ('information_schema', 'schemadiff') AND {alias}.nspname NOT LIKE 'pg\\_%'"
        )
    };
    let sql = format!(
        "SELECT kind, name FROM ( \
           SELECT 'window function' AS kind, \
                  n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name \
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE p.prokind = 'w' AND {} AND {} \
           UNION ALL SELECT 'extended statistics', n.nspname || '.' || x.stxname FROM pg_statistic_ext x \
             JOIN pg_namespace n ON n.oid = x.stxnamespace WHERE {} AND {} \
             AND NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
               WHERE c.oid = x.stxrelid AND {}) \
           UNION ALL SELECT 'operator class', n.nspname || '.' || o.opcname FROM pg_opclass o \
             JOIN pg_namespace n ON n.oid = o.opcnamespace WHERE {} AND {} \
           UNION ALL SELECT 'operator family', n.nspname || '.' || o.opfname FROM pg_opfamily o \
             JOIN pg_namespace n ON n.oid = o.opfnamespace WHERE {} AND {} \
           UNION ALL SELECT 'conversion', n.nspname || '.' || c.conname FROM pg_conversion c \
             JOIN pg_namespace n ON n.oid = c.connamespace WHERE {} AND {} \
           UNION ALL SELECT 'type', n.nspname || '.' || t.typname FROM pg_type t \
             JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'b' AND t.typcategory <> 'A' AND {} AND {} \
             AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid) \
           UNION ALL SELECT 'subscription', s.subname FROM pg_subscription s \
             WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
           UNION ALL SELECT 'language', l.lanname FROM pg_language l WHERE l.oid >= 16384 AND {} \
           UNION ALL SELECT 'access method', a.amname FROM pg_am a WHERE a.oid >= 16384 AND {} \
           UNION ALL SELECT 'transform', format_type(t.trftype, NULL) FROM pg_transform t WHERE {} \
         ) u ORDER BY kind, name",
        ns("n"),
        member("pg_proc", "p.oid"),
        ns("n"),
        member("pg_statistic_ext", "x.oid"),
        managed_tables(),
        ns("n"),
        member("pg_opclass", "o.oid"),
        ns("n"),
        member("pg_opfamily", "o.oid"),
        ns("n"),
        member("pg_conversion", "c.oid"),
        ns("n"),
        member("pg_type", "t.oid"),
        member("pg_language", "l.oid"),
        member("pg_am", "a.oid"),
        member("pg_transform", "t.oid"),
    );
    for row in r.query("unmodelled objects", &sql)? {
        s.unmanaged.0.push(format!(
            "{} {}",
            row.get::<_, String>(0),
            row.get::<_, String>(1)
        ));
    }
    Ok(())
}
