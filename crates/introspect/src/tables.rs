//! Tables, and what is refused.

use crate::*;

/// The `WHERE` part selecting managed ordinary tables as `c`.
pub(crate) fn managed_tables() -> String {
    format!(
        "c.relkind = 'r' AND NOT c.relispartition AND {MANAGED_NS} AND {} \
         AND c.relname NOT IN ('{}')",
        not_extension_member("pg_class", "c.oid"),
        schemadiff_model::BOOKKEEPING_TABLES.join("', '")
    )
}

pub(crate) fn read_tables<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<Oids> {
    let sql = format!(
        "SELECT c.oid, n.nspname::text, c.relname::text, {}, c.relrowsecurity, c.relforcerowsecurity, \
           c.relpersistence = 'u', COALESCE(c.reloptions, '{{}}')::text[], \
           COALESCE(tc.reloptions, '{{}}')::text[] \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid WHERE {}",
        comment("c.oid", "pg_class", "0"),
        managed_tables()
    );
    let mut oids = Oids::new();
    for row in r.query("tables", &sql)? {
        let name = QualName::new(row.get::<_, String>(1), row.get::<_, String>(2));
        let mut t = Table::new(name.clone());
        t.comment = row.get(3);
        t.row_security = RowSecurity {
            enabled: row.get(4),
            forced: row.get(5),
        };
        t.unlogged = row.get(6);
        t.with = row.get(7);
        // The TOAST table's parameters, as `CREATE TABLE … WITH` names them.
        t.with.extend(
            row.get::<_, Vec<String>>(8)
                .into_iter()
                .map(|p| format!("toast.{p}")),
        );
        t.with.sort();
        oids.insert(row.get(0), name.clone());
        s.tables.insert(name, t);
    }
    Ok(oids)
}

pub(crate) fn table_of<'a>(s: &'a mut Schema, oids: &Oids, oid: u32) -> Option<&'a mut Table> {
    oids.get(&oid).and_then(|n| s.tables.get_mut(n))
}

/// Partitioned tables are not modelled yet: refuse rather than leave them
/// out, so a plan never pretends they do not exist.
pub(crate) fn refuse_partitioned<C: GenericClient>(r: &mut Reader<C>) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, c.relname::text, c.relkind::text FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('p') AND {MANAGED_NS} AND {} LIMIT 1",
        not_extension_member("pg_class", "c.oid")
    );
    if let Some(row) = r.query("partitioned tables", &sql)?.first() {
        return Err(IntrospectError::Unsupported(format!(
            "partitioned table {} (partitioning is not modelled yet)",
            QualName::new(row.get::<_, String>(0), row.get::<_, String>(1))
        )));
    }
    Ok(())
}
