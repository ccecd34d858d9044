//! Schemas and extensions.

use crate::*;

pub(crate) fn read_namespaces<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, {} \
         FROM pg_namespace n WHERE {MANAGED_NS} AND n.nspname <> 'public' AND {}",
        comment("n.oid", "pg_namespace", "0"),
        not_extension_member("pg_namespace", "n.oid")
    );
    for row in r.query("schemas", &sql)? {
        s.schemas.insert(
            row.get(0),
            Namespace {
                comment: row.get(1),
            },
        );
    }
    Ok(())
}

pub(crate) fn read_extensions<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let rows = r.query(
        "extensions",
        "SELECT e.extname::text, n.nspname::text, e.extversion, a.default_version \
         FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace \
         LEFT JOIN pg_available_extensions a ON a.name = e.extname \
         WHERE e.extname <> 'plpgsql'",
    )?;
    for row in rows {
        let name: String = row.get(0);
        let ns: String = row.get(1);
        let version: String = row.get(2);
        let default: Option<String> = row.get(3);
        if let Some(d) = &default {
            s.extension_defaults.0.insert(name.clone(), d.clone());
        }
        s.extensions.insert(
            name.clone(),
            Extension {
                name,
                schema: (ns != "public").then_some(ns),
                version: (default.as_ref() != Some(&version)).then_some(version),
            },
        );
    }
    Ok(())
}
