//! Extended statistics (`CREATE STATISTICS`) on managed tables.

use crate::*;

pub(crate) fn read_statistics<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    oids: &Oids,
) -> Result<()> {
    // Expressions: `pg_get_expr` prints the list as the parser deparses
    // each one (the object's definition prints them pretty), split below.
    let sql = format!(
        "SELECT x.stxrelid, sn.nspname::text, x.stxname::text, x.stxkind::text[], \
           ARRAY(SELECT a.attname::text FROM unnest(x.stxkeys::int2[]) k(num) \
                 JOIN pg_attribute a ON a.attrelid = x.stxrelid AND a.attnum = k.num ORDER BY k.num), \
           pg_get_expr(x.stxexprs, x.stxrelid), NULLIF(COALESCE(x.stxstattarget::int, -1), -1), {} \
         FROM pg_statistic_ext x JOIN pg_class c ON c.oid = x.stxrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_namespace sn ON sn.oid = x.stxnamespace \
         WHERE {} AND {} ORDER BY x.stxrelid, x.stxname",
        comment("x.oid", "pg_statistic_ext", "0"),
        managed_tables(),
        not_extension_member("pg_statistic_ext", "x.oid"),
    );
    for row in r.query("statistics", &sql)? {
        let Some(table) = table_of(s, oids, row.get(0)) else {
            continue;
        };
        let name = QualName::new(row.get::<_, String>(1), row.get::<_, String>(2));
        let kinds: Vec<String> = row
            .get::<_, Vec<String>>(3)
            .iter()
            .filter_map(|k| match k.as_str() {
                "d" => Some("ndistinct"),
                "f" => Some("dependencies"),
                "m" => Some("mcv"),
                _ => None,
            })
            .map(String::from)
            .collect();
        let expressions = row
            .get::<_, Option<String>>(5)
            .map(|list| deparsed::split_top_level(&list))
            .unwrap_or_default();
        // One expression alone has no kinds to choose.
        let kinds = if kinds.is_empty() {
            vec![]
        } else {
            Statistics::canonical_kinds(&kinds)
        };
        table.statistics.insert(
            name.to_string(),
            Box::new(Statistics {
                name,
                kinds,
                columns: row.get(4),
                expressions,
                target: row.get(6),
                comment: row.get(7),
            }),
        );
    }
    Ok(())
}
