//! Triggers (not the internal ones behind foreign keys), as
//! `pg_get_triggerdef()` prints them.

use crate::*;

pub(crate) fn read_triggers<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    oids: &Oids,
    views: &Oids,
) -> Result<()> {
    let sql = format!(
        "SELECT tg.tgrelid, tg.tgname::text, pg_get_triggerdef(tg.oid), tg.tgenabled::text, \
           fn.nspname::text, f.proname::text, {} \
         FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_proc f ON f.oid = tg.tgfoid JOIN pg_namespace fn ON fn.oid = f.pronamespace \
         WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND (({}) OR ({})) ORDER BY tg.tgrelid, tg.tgname",
        comment("tg.oid", "pg_trigger", "0"),
        managed_tables(),
        views::managed_views()
    );
    for row in r.query("triggers", &sql)? {
        let rel: u32 = row.get(0);
        let triggers = match table_of(s, oids, rel) {
            Some(t) => &mut t.triggers,
            None => match views.get(&rel).and_then(|n| s.views.get_mut(n)) {
                Some(v) => &mut v.triggers,
                None => continue,
            },
        };
        let name: String = row.get(1);
        triggers.insert(
            name.clone(),
            Box::new(Trigger {
                name,
                definition: row.get(2),
                function: QualName::new(row.get::<_, String>(4), row.get::<_, String>(5)),
                enabled: match row.get::<_, String>(3).as_str() {
                    "D" => TriggerEnabled::Disabled,
                    "R" => TriggerEnabled::Replica,
                    "A" => TriggerEnabled::Always,
                    _ => TriggerEnabled::Enabled,
                },
                comment: row.get(6),
            }),
        );
    }
    Ok(())
}
