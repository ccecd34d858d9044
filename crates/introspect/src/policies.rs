//! Row-level security policies.

use crate::*;

pub(crate) fn read_policies<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    oids: &Oids,
) -> Result<()> {
    let sql = format!(
        "SELECT p.polrelid, p.polname::text, p.polcmd::text, p.polpermissive, \
           ARRAY(SELECT CASE WHEN ro = 0 THEN 'public' ELSE pg_get_userbyid(ro)::text END \
                 FROM unnest(p.polroles) ro ORDER BY 1), \
           pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), {} \
         FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {} ORDER BY p.polrelid, p.polname",
        comment("p.oid", "pg_policy", "0"),
        managed_tables()
    );
    for row in r.query("policies", &sql)? {
        let Some(table) = table_of(s, oids, row.get(0)) else {
            continue;
        };
        let name: String = row.get(1);
        let command = match row.get::<_, String>(2).as_str() {
            "r" => PolicyCommand::Select,
            "a" => PolicyCommand::Insert,
            "w" => PolicyCommand::Update,
            "d" => PolicyCommand::Delete,
            _ => PolicyCommand::All,
        };
        table.policies.insert(
            name.clone(),
            Box::new(Policy {
                name,
                permissive: row.get(3),
                command,
                roles: row.get(4),
                using: row.get(5),
                with_check: row.get(6),
                comment: row.get(7),
            }),
        );
    }
    Ok(())
}
