//! Tables, and what is refused.

use crate::*;

/// The `WHERE` part selecting managed tables as `c`: ordinary ones
/// (inheriting or not), partitioned ones and partitions.
pub(crate) fn managed_tables() -> String {
    format!(
        "c.relkind IN ('r', 'p') AND {MANAGED_NS} AND {} \
         AND c.relname NOT IN ('{}')",
        not_extension_member("pg_class", "c.oid"),
        schemadiff_model::BOOKKEEPING_TABLES.join("', '")
    )
}

pub(crate) fn read_tables<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<Oids> {
    let sql = format!(
        "SELECT c.oid, n.nspname::text, c.relname::text, {}, c.relrowsecurity, c.relforcerowsecurity, \
           c.relpersistence = 'u', COALESCE(c.reloptions, '{{}}')::text[], \
           COALESCE(tc.reloptions, '{{}}')::text[], \
           CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, \
           CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END, \
           pn.nspname::text, pc.relname::text, \
           ARRAY(SELECT ipn.nspname::text FROM pg_inherits i \
                 JOIN pg_class ipc ON ipc.oid = i.inhparent \
                 JOIN pg_namespace ipn ON ipn.oid = ipc.relnamespace \
                 WHERE i.inhrelid = c.oid AND NOT c.relispartition ORDER BY i.inhseqno), \
           ARRAY(SELECT ipc.relname::text FROM pg_inherits i \
                 JOIN pg_class ipc ON ipc.oid = i.inhparent WHERE i.inhrelid = c.oid AND NOT c.relispartition ORDER BY i.inhseqno), \
           (SELECT xc.relname::text FROM pg_index x JOIN pg_class xc ON xc.oid = x.indexrelid \
            WHERE x.indrelid = c.oid AND x.indisclustered), \
           c.relreplident::text, \
           (SELECT xc.relname::text FROM pg_index x JOIN pg_class xc ON xc.oid = x.indexrelid \
            WHERE x.indrelid = c.oid AND x.indisreplident), \
           CASE WHEN c.relispartition THEN \
             ARRAY(SELECT pxc.relname::text || chr(31) || xc.relname::text FROM pg_index x \
                   JOIN pg_class xc ON xc.oid = x.indexrelid \
                   JOIN pg_inherits xi ON xi.inhrelid = x.indexrelid \
                   JOIN pg_class pxc ON pxc.oid = xi.inhparent \
                   WHERE x.indrelid = c.oid) END \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid \
         LEFT JOIN pg_inherits ih ON c.relispartition AND ih.inhrelid = c.oid \
         LEFT JOIN pg_class pc ON pc.oid = ih.inhparent \
         LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE {}",
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
        t.partition_by = row.get(9);
        if let (Some(bound), Some(ns), Some(parent)) = (
            row.get::<_, Option<String>>(10),
            row.get::<_, Option<String>>(11),
            row.get::<_, Option<String>>(12),
        ) {
            t.partition_of = Some(PartitionOf {
                parent: QualName::new(ns, parent),
                bound,
            });
        }
        // `INHERITS`, in order.
        let schemas: Vec<String> = row.get(13);
        let names: Vec<String> = row.get(14);
        t.inherits = schemas
            .into_iter()
            .zip(names)
            .map(|(ns, n)| QualName::new(ns, n))
            .collect();
        t.cluster_on = row.get(15);
        t.replica_identity = match row.get::<_, String>(16).as_str() {
            "f" => Some(ReplicaIdentity::Full),
            "n" => Some(ReplicaIdentity::Nothing),
            "i" => row.get::<_, Option<String>>(17).map(ReplicaIdentity::Index),
            _ => None,
        };
        // Its indexes attached to its parent's (parent's name, own): every one
        // here, only the names PostgreSQL did not choose once the parent's
        // indexes are read (`Schema::fit_partition_index_names`).
        for pair in row.get::<_, Option<Vec<String>>>(18).unwrap_or_default() {
            if let Some((parent, own)) = pair.split_once('\u{1f}') {
                t.partition_index_names
                    .insert(parent.to_string(), own.to_string());
            }
        }
        oids.insert(row.get(0), name.clone());
        s.tables.insert(name, t);
    }
    Ok(oids)
}

pub(crate) fn table_of<'a>(s: &'a mut Schema, oids: &Oids, oid: u32) -> Option<&'a mut Table> {
    oids.get(&oid).and_then(|n| s.tables.get_mut(n))
}
