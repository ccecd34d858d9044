//! Schemas and extensions.

use crate::*;

pub(crate) fn read_namespaces<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, {} \
         FROM pg_namespace n WHERE {MANAGED_NS} AND {}",
        comment("n.oid", "pg_namespace", "0"),
        not_extension_member("pg_namespace", "n.oid")
    );
    for row in r.query("schemas", &sql)? {
        if row.get::<_, String>(0) == "public" {
            // Every database has it; only a comment of its own is ours.
            let comment: Option<String> = row.get(1);
            if comment.as_deref() != Some(PUBLIC_COMMENT) {
                s.public_comment = Some(comment.unwrap_or_default());
            }
            continue;
        }
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

/// Collations in managed schemas (the provider's locale column is named
/// by version, so it is read by name from the row as JSON).
pub(crate) fn read_collations<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, c.collname::text, c.collprovider::text, c.collcollate, c.collctype, \
           COALESCE(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale'), \
           c.collisdeterministic, to_jsonb(c) ->> 'collicurules', {} \
         FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace \
         WHERE {MANAGED_NS} AND {}",
        comment("c.oid", "pg_collation", "0"),
        not_extension_member("pg_collation", "c.oid"),
    );
    for row in r.query("collations", &sql)? {
        let name = QualName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let provider = match row.get::<_, String>(2).as_str() {
            "i" => "icu",
            "b" => "builtin",
            _ => "libc",
        };
        let (locale, collate, ctype) = if provider == "libc" {
            (None, row.get(3), row.get(4))
        } else {
            (row.get(5), None, None)
        };
        let mut c = Collation::new(name.clone(), provider, locale, collate, ctype);
        c.deterministic = row.get(6);
        c.rules = row.get(7);
        c.comment = row.get(8);
        s.collations.insert(name, c);
    }
    Ok(())
}
