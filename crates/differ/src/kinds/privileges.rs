//! Privileges: `GRANT` / `REVOKE` on objects and `ALTER DEFAULT
//! PRIVILEGES`, compared only when the desired state manages them (it
//! mentions one), so a user who never writes a grant never sees a revoke.
//!
//! An object the plan creates (or drops and creates again) starts with what
//! the database's default privileges give it: the default-privilege steps
//! come after every create, as pg_dump and Rails' structure.sql set them
//! last, so objects the model does not list on their own (an identity
//! column's sequence) get what a load of such a file gives them.
//! Revoking a privilege on a table revokes it on the table's columns as
//! well, which column grants that follow take into account.

use crate::order::{DepCx, Deps, Key};
use crate::{step, Action, Change, Step};
use schemadiff_model::privileges::{self, ordered, Acl};
use schemadiff_model::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Default-privilege steps, ordered with the rest (after every create).
pub(crate) fn diff_defaults(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    if !to.privileges.hints.managed {
        return;
    }
    let wanted = desired(from, to);
    let scopes: BTreeSet<&DefaultScope> = from
        .privileges
        .defaults
        .keys()
        .chain(wanted.defaults.keys())
        .collect();
    for scope in scopes {
        // A schema that goes takes its default privileges with it.
        if let Some(s) = &scope.schema {
            if s != "public" && !to.schemas.contains_key(s) {
                continue;
            }
        }
        let have = from.privileges.default_acl(scope);
        let want = wanted.default_acl(scope);
        for (grant, grantee, privileges, grant_option) in acl_changes(&have, &want, scope.on.all())
        {
            let mut what = format!("{} on {}", grantee, scope.on.sql().to_lowercase());
            if let Some(s) = &scope.schema {
                what.push_str(&format!(" in {}", quote_ident(s)));
            }
            if let Some(r) = &scope.role {
                what.push_str(&format!(" for {}", quote_ident(r)));
            }
            steps.push(step(
                if grant { Action::Create } else { Action::Alter },
                "default privileges",
                what,
                Change::DefaultPrivileges {
                    grant,
                    role: scope.role.clone(),
                    schema: scope.schema.clone(),
                    on: scope.on,
                    grantee,
                    privileges,
                    grant_option,
                },
            ));
        }
    }
}

/// Grants and revokes on objects, appended after every other step: the
/// objects exist by then, in their final form.
pub(crate) fn diff_objects(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    if !to.privileges.hints.managed {
        return;
    }
    let desired = desired(from, to);
    let remade = remade(steps);
    let mut revokes = Vec::new();
    let mut grants = Vec::new();
    // Table-level revokes, which take the columns' privileges with them.
    let mut revoked: BTreeSet<(QualName, String, String)> = BTreeSet::new();
    // A column holds nothing by default, made or not: only columns with
    // privileges on either side can change.
    let with_columns: BTreeSet<&QualName> = from
        .privileges
        .objects
        .keys()
        .chain(desired.objects.keys())
        .filter_map(|o| match o {
            PrivObject::Column(q, _) => Some(q),
            _ => None,
        })
        .collect();
    let objects = to.privileged_objects_where(|q| with_columns.contains(q));
    for o in objects
        .iter()
        .filter(|o| !matches!(o, PrivObject::Column(..)))
    {
        let (have, want) = have_want(from, &desired, o, &remade);
        for c in acl_changes(&have, &want, o.all()) {
            if let (false, PrivObject::Table(q)) = (c.0, o) {
                if !c.3 {
                    for p in &c.2 {
                        revoked.insert((q.clone(), c.1.clone(), p.clone()));
                    }
                }
            }
            push(o, c, to, &mut revokes, &mut grants);
        }
    }
    for o in objects
        .iter()
        .filter(|o| matches!(o, PrivObject::Column(..)))
    {
        let (mut have, want) = have_want(from, &desired, o, &remade);
        if let PrivObject::Column(q, _) = o {
            for (role, privs) in have.to_mut().iter_mut() {
                privs.retain(|p, _| !revoked.contains(&(q.clone(), role.clone(), p.clone())));
            }
        }
        for c in acl_changes(&have, &want, o.all()) {
            push(o, c, to, &mut revokes, &mut grants);
        }
    }
    steps.extend(revokes);
    steps.extend(grants);
}

/// The desired privileges with the applying role's name made implicit (a
/// dump's `FOR ROLE postgres` is the role that applies), and without what
/// the server lacks (`MAINTAIN` before 17).
fn desired(from: &Schema, to: &Schema) -> Privileges {
    let mut p = to.privileges.clone();
    let me = from.privileges.hints.current_role.clone();
    let defaults = std::mem::take(&mut p.defaults);
    for (mut scope, acl) in defaults {
        if scope.role.is_some() && scope.role == me {
            scope.role = None;
        }
        p.set_default(scope, acl);
    }
    if let Some(v) = from.privileges.hints.server_version {
        p.fit_server(v);
    }
    // A grant to the object's owner is the owner's own entry: never
    // modelled, never planned (the live side leaves it out).
    if let Some(me) = &me {
        let owners = &from.privileges.hints.owners;
        for (o, acl) in p.objects.iter_mut() {
            let of = match o {
                PrivObject::Column(t, _) => PrivObject::Table(t.clone()),
                other => other.clone(),
            };
            let owner = owners.get(&of).unwrap_or(me);
            acl.remove(owner);
        }
    }
    p
}

/// What `o` has now (what it will be made with, if the plan makes it) and
/// what it should have.
fn have_want<'a>(
    from: &'a Schema,
    desired: &'a Privileges,
    o: &PrivObject,
    remade: &BTreeSet<PrivObject>,
) -> (Cow<'a, Acl>, Cow<'a, Acl>) {
    let kept = |p: &'a Privileges| match p.objects.get(o) {
        Some(acl) => Cow::Borrowed(acl),
        None => Cow::Owned(privileges::hard_default(o)),
    };
    let want = kept(desired);
    let have = if !from.holds_privileged(o) || remade.contains(o) {
        Cow::Owned(from.privileges.initial_acl(o, &None))
    } else {
        kept(&from.privileges)
    };
    (have, want)
}

/// `(grant?, grantee, privileges, with grant option?)`: a grant of
/// privileges (with or without the option), a revoke of privileges, or a
/// revoke of the option alone.
type AclChange = (bool, String, Vec<String>, bool);

/// The statements that take `have` to `want`, per grantee.
fn acl_changes(have: &Acl, want: &Acl, all: &[&str]) -> Vec<AclChange> {
    let none = BTreeMap::new();
    let roles: BTreeSet<&String> = have.keys().chain(want.keys()).collect();
    let mut out = Vec::new();
    for role in roles {
        let h = have.get(role).unwrap_or(&none);
        let w = want.get(role).unwrap_or(&none);
        let gone: Vec<&String> = h.keys().filter(|p| !w.contains_key(*p)).collect();
        let option_gone: Vec<&String> = h
            .iter()
            .filter(|(p, g)| **g && w.get(*p) == Some(&false))
            .map(|(p, _)| p)
            .collect();
        let plain: Vec<&String> = w
            .iter()
            .filter(|(p, g)| !**g && !h.contains_key(*p))
            .map(|(p, _)| p)
            .collect();
        let with_option: Vec<&String> = w
            .iter()
            .filter(|(p, g)| **g && h.get(*p) != Some(&true))
            .map(|(p, _)| p)
            .collect();
        for (grant, privs, option) in [
            (false, gone, false),
            (false, option_gone, true),
            (true, plain, false),
            (true, with_option, true),
        ] {
            if !privs.is_empty() {
                let mut privs = ordered(privs, all);
                // `ALL` means what the server has (`MAINTAIN` from 17).
                if privs.len() == all.len() && all.len() > 1 {
                    privs = vec!["ALL".to_string()];
                }
                out.push((grant, role.clone(), privs, option));
            }
        }
    }
    out
}

fn push(
    o: &PrivObject,
    (grant, grantee, privileges, grant_option): AclChange,
    to: &Schema,
    revokes: &mut Vec<Step>,
    grants: &mut Vec<Step>,
) {
    let (on, privileges) = match o {
        PrivObject::Column(q, c) => (
            format!("TABLE {}", q.quoted()),
            privileges
                .into_iter()
                .map(|p| format!("{p} ({})", quote_ident(c)))
                .collect(),
        ),
        _ => (on_sql(o, to), privileges),
    };
    let what = format!("{o} to {grantee}");
    let s = step(
        if grant { Action::Create } else { Action::Alter },
        "privilege",
        what,
        Change::Privilege {
            grant,
            on,
            grantee,
            privileges,
            grant_option,
        },
    );
    if grant {
        grants.push(s)
    } else {
        revokes.push(s)
    }
}

/// `TABLE public.users`, `FUNCTION public.f(integer)`, `DOMAIN …`.
fn on_sql(o: &PrivObject, to: &Schema) -> String {
    match o {
        PrivObject::Schema(s) => format!("SCHEMA {}", quote_ident(s)),
        PrivObject::Table(q) | PrivObject::Column(q, _) => format!("TABLE {}", q.quoted()),
        PrivObject::Sequence(q) => format!("SEQUENCE {}", q.quoted()),
        PrivObject::Function(k) => {
            let procedure = to.functions.get(k).is_some_and(|f| f.procedure);
            format!("{} {k}", if procedure { "PROCEDURE" } else { "FUNCTION" })
        }
        PrivObject::Type(q) if to.domains.contains_key(q) => format!("DOMAIN {}", q.quoted()),
        PrivObject::Type(q) => format!("TYPE {}", q.quoted()),
    }
}

/// Objects the plan drops and makes again: they lose their grants.
fn remade(steps: &[Step]) -> BTreeSet<PrivObject> {
    let mut out = BTreeSet::new();
    for s in steps {
        match &s.change {
            Change::DropTable { name } => {
                out.insert(PrivObject::Table(name.clone()));
            }
            Change::DropView { name, .. } => {
                out.insert(PrivObject::Table(name.clone()));
            }
            Change::DropColumn { table, column } => {
                out.insert(PrivObject::Column(table.clone(), column.clone()));
            }
            Change::DropSequence { name } => {
                out.insert(PrivObject::Sequence(name.clone()));
            }
            Change::DropFunction { key, .. } => {
                out.insert(PrivObject::Function(key.clone()));
            }
            Change::DropEnum { name }
            | Change::DropDomain { name }
            | Change::DropComposite { name } => {
                out.insert(PrivObject::Type(name.clone()));
            }
            Change::RebuildEnum { value, .. } => {
                out.insert(PrivObject::Type(value.name.clone()));
            }
            Change::DropSchema { name } => {
                out.insert(PrivObject::Schema(name.clone()));
            }
            _ => {}
        }
    }
    // A table dropped takes its columns with it.
    let tables: Vec<QualName> = out
        .iter()
        .filter_map(|o| match o {
            PrivObject::Table(q) => Some(q.clone()),
            _ => None,
        })
        .collect();
    for s in steps {
        if let Change::CreateTable { table } = &s.change {
            if tables.contains(&table.name) {
                for c in table.columns.keys() {
                    out.insert(PrivObject::Column(table.name.clone(), c.clone()));
                }
            }
        }
        if let Change::CreateView { view, .. } = &s.change {
            if tables.contains(&view.name) {
                for c in view.columns.keys() {
                    out.insert(PrivObject::Column(view.name.clone(), c.clone()));
                }
            }
        }
    }
    out
}

/// A default-privilege step needs its schema.
pub(crate) fn deps(change: &Change, _cx: &DepCx, d: &mut Deps) {
    if let Change::DefaultPrivileges {
        schema: Some(s), ..
    } = change
    {
        d.needs.push(Key::Schema(s.clone()));
    }
}
