//! Columns: type, NOT NULL, default, identity and its options, generation,
//! collation, comment, storage and compression.

use crate::*;

/// Column names by table oid and attribute number, for the constraints
/// query (which then sends numbers, not names).
pub(crate) type AttNames = HashMap<(u32, i16), String>;

pub(crate) fn read_columns<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    oids: &Oids,
) -> Result<AttNames> {
    let sql = format!(
        "SELECT a.attrelid, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
           CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) \
                ELSE pg_get_expr(ad.adbin, ad.adrelid) END, a.attidentity::text, a.attgenerated::text, \
           CASE WHEN a.attcollation <> t.typcollation THEN \
             CASE WHEN cn.nspname IN ('pg_catalog', 'public') THEN co.collname::text \
                  ELSE cn.nspname || '.' || co.collname END END, \
           ds.description, \
           CASE WHEN a.attidentity <> '' THEN \
             (SELECT ARRAY[sq.seqstart, sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqcache, \
                           sq.seqcycle::int::int8] \
              FROM pg_depend d JOIN pg_sequence sq ON sq.seqrelid = d.objid \
              WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass \
                AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'i') END, \
           a.attnum, \
           CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END, \
           NULLIF(a.attcompression::text, ''), \
           NULLIF(a.attstattarget, -1)::int4, \
           CASE WHEN a.attidentity <> '' THEN \
             (SELECT ARRAY[sn.nspname::text, sc.relname::text] FROM pg_depend d \
              JOIN pg_class sc ON sc.oid = d.objid JOIN pg_namespace sn ON sn.oid = sc.relnamespace \
              WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass \
                AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'i') END \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_type t ON t.oid = a.atttypid \
         LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
         LEFT JOIN pg_collation co ON co.oid = a.attcollation \
         LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace \
         LEFT JOIN pg_description ds ON ds.objoid = a.attrelid \
           AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum \
         WHERE a.attnum > 0 AND NOT a.attisdropped AND {}",
        managed_tables()
    );
    let mut names = AttNames::new();
    // In column order, sorted here: the server would carry every row's
    // default expression through the sort (spilling to disk on a large
    // schema) before printing it.
    let mut rows = r.query("columns", &sql)?;
    rows.sort_by_cached_key(|row| (row.get::<_, u32>(0), row.get::<_, i16>(10)));
    for row in rows {
        let rel: u32 = row.get(0);
        let Some(table) = table_of(s, oids, rel) else {
            continue;
        };
        names.insert((rel, row.get(10)), row.get::<_, String>(1));
        let mut c = Column::new(row.get::<_, String>(1), row.get::<_, String>(2));
        c.not_null = row.get(3);
        let expr: Option<String> = row.get(4);
        let identity: String = row.get(5);
        let generated: String = row.get(6);
        c.identity = match identity.as_str() {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        };
        match generated.as_str() {
            "s" => c.generated = expr,
            "v" => {
                c.generated = expr;
                c.generated_virtual = true;
            }
            _ => c.default = expr,
        }
        c.collation = row.get(7);
        c.comment = row.get(8);
        if let Some([start, increment, min_value, max_value, cache, cycle]) = row
            .get::<_, Option<Vec<i64>>>(9)
            .and_then(|v| <[i64; 6]>::try_from(v).ok())
        {
            c.identity_options = IdentityOptions {
                start,
                increment,
                min_value,
                max_value,
                cache,
                cycle: cycle != 0,
            }
            .unless_default(&c.data_type);
        }
        c.storage = row
            .get::<_, Option<String>>(11)
            .map(|k| storage_name(&k).to_string());
        c.compression = row
            .get::<_, Option<String>>(12)
            .map(|k| if k == "l" { "lz4" } else { "pglz" }.to_string());
        if let Some([schema, name]) = row
            .get::<_, Option<Vec<String>>>(14)
            .and_then(|v| <[String; 2]>::try_from(v).ok())
        {
            let chosen = schema == table.name.schema
                && names::is_chosen_sequence_name(&table.name.name, &c.name, &name);
            if !chosen {
                c.identity_sequence = Some(QualName::new(schema, name));
            }
        }
        if let Some(n) = row.get::<_, Option<i32>>(13) {
            table.statistics_targets.insert(c.name.clone(), n);
        }
        table.columns.insert(c.name.clone(), c);
    }
    Ok(names)
}

/// `pg_attribute.attstorage` as `SET STORAGE` names it.
fn storage_name(k: &str) -> &'static str {
    match k {
        "p" => "plain",
        "e" => "external",
        "m" => "main",
        _ => "extended",
    }
}
