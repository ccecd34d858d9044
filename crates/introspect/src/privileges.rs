//! Access lists (`relacl`, `attacl`, `proacl`, `typacl`, `nspacl`) and
//! default privileges (`pg_default_acl`), two queries for the whole
//! database. Entries for an object's owner are left out (ownership is out of
//! scope), and so are objects the model does not hold.

use crate::*;
use schemadiff_model::privileges::{privilege_name, Acl, PUBLIC};
use std::collections::BTreeMap;

/// `aclexplode()` of every access list that is set, one row per entry
/// that is not the owner's, and one row with no grantee for a list that
/// holds only the owner's.
pub(crate) fn read_privileges<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    version: i32,
) -> Result<()> {
    let sql = format!(
        "SELECT o.kind, o.nsp, o.name, o.sub, \
           CASE WHEN x.grantee = 0 THEN '{PUBLIC}' ELSE pg_get_userbyid(x.grantee)::text END, \
           x.privilege_type::text, x.is_grantable, o.acl IS NOT NULL, \
           CASE WHEN o.owner <> current_user::regrole THEN pg_get_userbyid(o.owner)::text END \
         FROM ( \
           SELECT CASE WHEN c.relkind = 'S' THEN 'S' ELSE 'r' END AS kind, n.nspname::text AS nsp, \
                  c.relname::text AS name, NULL::text AS sub, c.relowner AS owner, c.relacl AS acl \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND (c.relacl IS NOT NULL OR c.relowner <> current_user::regrole) AND {MANAGED_NS} \
           UNION ALL \
           SELECT 'c', n.nspname::text, c.relname::text, a.attname::text, c.relowner, a.attacl \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped AND {MANAGED_NS} \
           UNION ALL \
           SELECT 'f', n.nspname::text, p.proname::text, oidvectortypes(p.proargtypes), p.proowner, p.proacl \
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE (p.proacl IS NOT NULL OR p.proowner <> current_user::regrole) AND {MANAGED_NS} \
           UNION ALL \
           SELECT 'T', n.nspname::text, t.typname::text, NULL, t.typowner, t.typacl \
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE (t.typacl IS NOT NULL OR t.typowner <> current_user::regrole) AND {MANAGED_NS} \
           UNION ALL \
           SELECT 'n', n.nspname::text, NULL, NULL, n.nspowner, n.nspacl \
             FROM pg_namespace n WHERE (n.nspacl IS NOT NULL OR n.nspowner <> current_user::regrole) AND {MANAGED_NS} \
         ) o LEFT JOIN LATERAL aclexplode(o.acl) x ON x.grantee <> o.owner"
    );
    let mut acls: BTreeMap<PrivObject, Acl> = BTreeMap::new();
    for row in r.query("privileges", &sql)? {
        let kind: String = row.get(0);
        let nsp: String = row.get(1);
        let name: Option<String> = row.get(2);
        let sub: Option<String> = row.get(3);
        let q = || QualName::new(nsp.clone(), name.clone().unwrap_or_default());
        let o = match kind.as_str() {
            "r" => PrivObject::Table(q()),
            "S" => PrivObject::Sequence(q()),
            "c" => PrivObject::Column(q(), sub.clone().unwrap_or_default()),
            "f" => PrivObject::Function(format!("{}({})", q(), sub.unwrap_or_default())),
            "T" => PrivObject::Type(q()),
            _ => PrivObject::Schema(nsp.clone()),
        };
        if !s.holds_privileged(&o) {
            continue;
        }
        if let Some(owner) = row.get::<_, Option<String>>(8) {
            s.privileges.hints.owners.insert(o.clone(), owner);
        }
        if !row.get::<_, bool>(7) {
            continue;
        }
        let acl = acls.entry(o).or_default();
        let grantee: Option<String> = row.get(4);
        if let Some(grantee) = grantee {
            let p: String = row.get(5);
            acl.entry(grantee)
                .or_default()
                .insert(privilege_name(&p), row.get(6));
        }
    }
    for (o, acl) in acls {
        s.privileges.set_acl(o, acl);
    }

    let sql = format!(
        "SELECT cu.me, \
           CASE WHEN d.defaclrole IS NULL THEN NULL ELSE pg_get_userbyid(d.defaclrole)::text END, \
           n.nspname::text, d.defaclobjtype::text, \
           CASE WHEN x.grantee = 0 THEN '{PUBLIC}' ELSE pg_get_userbyid(x.grantee)::text END, \
           x.privilege_type::text, x.is_grantable \
         FROM (SELECT current_user::text AS me) cu \
         LEFT JOIN (pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace) ON true \
         LEFT JOIN LATERAL aclexplode(d.defaclacl) x ON x.grantee <> d.defaclrole \
         WHERE d.oid IS NULL OR n.oid IS NULL OR ({MANAGED_NS})"
    );
    let mut defaults: BTreeMap<DefaultScope, Acl> = BTreeMap::new();
    for row in r.query("default privileges", &sql)? {
        let me: String = row.get(0);
        s.privileges.hints.current_role = Some(me.clone());
        let Some(role) = row.get::<_, Option<String>>(1) else {
            continue;
        };
        let schema: Option<String> = row.get(2);
        if schema
            .as_ref()
            .is_some_and(|n| n != "public" && !s.schemas.contains_key(n))
        {
            continue;
        }
        let kind: String = row.get(3);
        let Some(on) = DefaultOn::from_catalog(&kind) else {
            continue;
        };
        let scope = DefaultScope {
            role: (role != me).then_some(role),
            schema,
            on,
        };
        let acl = defaults.entry(scope).or_default();
        if let Some(grantee) = row.get::<_, Option<String>>(4) {
            let p: String = row.get(5);
            acl.entry(grantee)
                .or_default()
                .insert(privilege_name(&p), row.get(6));
        }
    }
    for (scope, acl) in defaults {
        s.privileges.set_default(scope, acl);
    }
    s.privileges.hints.managed = true;
    s.privileges.hints.server_version = Some(version);
    Ok(())
}
