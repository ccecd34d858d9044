//! Enum types and their labels in order.

use crate::*;

pub(crate) fn read_enums<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, t.typname::text, \
           ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), \
           {} \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE t.typtype = 'e' AND {MANAGED_NS} AND {}",
        comment("t.oid", "pg_type", "0"),
        not_extension_member("pg_type", "t.oid")
    );
    for row in r.query("enums", &sql)? {
        let name = QualName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        s.enums.insert(
            name.clone(),
            Enum {
                name,
                values: row.get(2),
                comment: row.get(3),
            },
        );
    }
    Ok(())
}
