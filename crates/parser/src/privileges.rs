//! Privileges as the files state them, settled once every object is read.
//!
//! SQL states them as statements whose meaning depends on their order: an
//! object gets the default privileges in force when it is made (`ALTER
//! DEFAULT PRIVILEGES` without `FOR ROLE`: the files' objects are made by
//! the role that applies them), then each `GRANT` and `REVOKE` in turn.
//! [`settle`] replays them so; the YAML form states each access list whole.

use crate::error::{ParseError, Result};
use crate::source::Loc;
use schemadiff_model::privileges::{self, merge, Acl};
use schemadiff_model::*;
use std::collections::{BTreeMap, BTreeSet};

/// What a `GRANT` or `REVOKE` names, as written.
#[derive(Debug, Clone)]
pub(crate) enum RawTarget {
    /// `ON [TABLE]`: tables, views and (as PostgreSQL allows) sequences.
    Tables(Vec<QualName>),
    Sequences(Vec<QualName>),
    /// Name and, when written, the argument types as written.
    Functions(Vec<(QualName, Option<Vec<String>>)>),
    Schemas(Vec<String>),
    /// `ON TYPE` / `ON DOMAIN`.
    Types(Vec<QualName>),
}

/// One privilege as written: `SELECT`, `UPDATE (a, b)`; `ALL` is `None`.
pub(crate) type RawPrivilege = (Option<String>, Vec<String>);

/// Which privilege statement, and what it does.
#[derive(Debug, Clone)]
pub(crate) struct RawGrant {
    pub grant: bool,
    /// `WITH GRANT OPTION` on a grant; `GRANT OPTION FOR` on a revoke.
    pub option: bool,
    pub privileges: Vec<RawPrivilege>,
    pub grantees: Vec<String>,
    pub loc: Loc,
}

/// An access list as the YAML form states it: role to privileges (`None`:
/// `ALL`) with their grant option.
pub(crate) type YamlAcl = Vec<(String, Vec<(Option<String>, bool)>)>;

/// A privilege statement in file order.
#[derive(Debug, Clone)]
pub(crate) enum PrivEvent {
    /// The file manages privileges, whether or not it states any.
    Mention,
    /// One object's whole access list (YAML), settled after the statements.
    Exact {
        target: RawTarget,
        column: Option<String>,
        acl: YamlAcl,
        loc: Loc,
    },
    /// One scope's whole default privileges (YAML), in force before any
    /// object is made.
    ExactDefault {
        scope: DefaultScope,
        acl: YamlAcl,
        loc: Loc,
    },
    Object(RawGrant, RawTarget),
    Defaults {
        grant: RawGrant,
        roles: Vec<Option<String>>,
        schemas: Vec<Option<String>>,
        on: DefaultOn,
        /// The objects made before it, which it leaves alone:
        /// `(kind, name)`, functions by name.
        before: BTreeSet<(char, QualName)>,
    },
}

/// The objects a default privilege of the time affects, by `(kind, name)`.
fn made_key(o: &PrivObject, schema: &Schema) -> Option<(char, QualName)> {
    Some(match o {
        PrivObject::Schema(n) => ('n', QualName::new(n.clone(), "")),
        PrivObject::Table(q) => ('r', q.clone()),
        PrivObject::Sequence(q) => ('S', q.clone()),
        PrivObject::Type(q) => ('T', q.clone()),
        PrivObject::Function(k) => ('f', schema.functions.get(k).map(|f| f.name.clone())?),
        PrivObject::Column(..) => return None,
    })
}

/// Whether `o` was made before the statement that took `before`.
fn made_before(o: &PrivObject, schema: &Schema, before: &BTreeSet<(char, QualName)>) -> bool {
    if let PrivObject::Sequence(q) = o {
        // A serial column's sequence is made with its table.
        let owner = schema.sequences.get(q).and_then(|s| s.owned_by.as_ref());
        if owner.is_some_and(|(t, _)| before.contains(&('r', t.clone()))) {
            return true;
        }
    }
    made_key(o, schema).is_some_and(|k| before.contains(&k))
}

/// Replays `events` over `schema` (complete but for privileges) and sets
/// its privileges; `resolve` puts an argument type as written in the form
/// function signatures use. Views still pending are objects too.
pub(crate) fn settle(
    schema: &mut Schema,
    events: Vec<PrivEvent>,
    resolve: &dyn Fn(&str) -> std::result::Result<String, String>,
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    // Columns hold nothing by default: only grants give them privileges.
    let mut objects: Vec<PrivObject> = schema.privileged_objects_where(|_| false);
    objects.extend(
        schema
            .pending
            .views
            .keys()
            .map(|q| PrivObject::Table(q.clone())),
    );
    let mut defaults = Privileges::default();
    let mut acls: BTreeMap<PrivObject, Acl> = BTreeMap::new();
    let mut exact = Vec::new();
    let mut ordered = Vec::new();
    for event in events {
        match event {
            PrivEvent::ExactDefault { scope, acl, loc } => {
                if scope.on == DefaultOn::Schemas && scope.schema.is_some() {
                    return Err(ParseError::new(
                        loc,
                        "default privileges on schemas cannot be given for one schema",
                    ));
                }
                let acl = yaml_acl(&acl, scope.on.all(), &loc, &scope.on.sql().to_lowercase())?;
                defaults.set_default(scope, acl);
            }
            PrivEvent::Exact { .. } => exact.push(event),
            PrivEvent::Mention => {}
            _ => ordered.push(event),
        }
    }
    for event in ordered {
        match event {
            PrivEvent::Mention | PrivEvent::Exact { .. } | PrivEvent::ExactDefault { .. } => {}
            PrivEvent::Defaults {
                grant,
                roles,
                schemas,
                on,
                before,
            } => {
                // What existed took the defaults in force then.
                for o in &objects {
                    if !acls.contains_key(o) && made_before(o, schema, &before) {
                        acls.insert(o.clone(), defaults.initial_acl(o, &None));
                    }
                }
                for role in &roles {
                    for s in &schemas {
                        let scope = DefaultScope {
                            role: role.clone(),
                            schema: s.clone(),
                            on,
                        };
                        if on == DefaultOn::Schemas && s.is_some() {
                            return Err(ParseError::new(
                                grant.loc.clone(),
                                "default privileges on schemas cannot be given IN SCHEMA",
                            ));
                        }
                        let mut acl = defaults.default_acl(&scope);
                        change(&mut acl, &grant, on.all(), &|p| {
                            format!("{p} is not a privilege on {}", on.sql().to_lowercase())
                        })?;
                        defaults.set_default(scope, acl);
                    }
                }
            }
            PrivEvent::Object(g, target) => {
                for o in resolve_target(schema, &target, &g.loc, resolve)? {
                    for (privilege, columns) in &g.privileges {
                        let single = [(privilege.clone(), Vec::new())];
                        let one: &[RawPrivilege] = &single;
                        let g1 = RawGrant {
                            privileges: one.to_vec(),
                            ..g.clone()
                        };
                        if columns.is_empty() {
                            let acl = acls
                                .entry(o.clone())
                                .or_insert_with(|| defaults.initial_acl(&o, &None));
                            change(acl, &g1, o.all(), &|p| {
                                format!("{p} is not a privilege on {o}")
                            })?;
                            if let (false, PrivObject::Table(q)) = (g.grant, &o) {
                                // A table's revoke takes its columns' too.
                                let taken = expand(privilege, o.all());
                                for (c, acl) in acls.iter_mut() {
                                    if matches!(c, PrivObject::Column(t, _) if t == q) {
                                        for r in &g.grantees {
                                            if let Some(held) = acl.get_mut(r) {
                                                for p in &taken {
                                                    if g.option {
                                                        if let Some(x) = held.get_mut(p) {
                                                            *x = false;
                                                        }
                                                    } else {
                                                        held.remove(p);
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                            continue;
                        }
                        let PrivObject::Table(q) = &o else {
                            return Err(ParseError::new(
                                g.loc.clone(),
                                format!("column privileges are given on tables, not on {o}"),
                            ));
                        };
                        for c in columns {
                            let col = PrivObject::Column(q.clone(), c.clone());
                            let known = schema.holds_privileged(&col)
                                || schema.pending.views.contains_key(q);
                            if !known {
                                return Err(ParseError::new(
                                    g.loc.clone(),
                                    format!("column {} of {q} is not defined", quote_ident(c)),
                                ));
                            }
                            let acl = acls.entry(col.clone()).or_default();
                            change(acl, &g1, col.all(), &|p| {
                                format!("{p} is not a privilege on a column")
                            })?;
                        }
                    }
                }
            }
        }
    }
    for event in exact {
        let PrivEvent::Exact {
            target,
            column,
            acl,
            loc,
        } = event
        else {
            continue;
        };
        for o in resolve_target(schema, &target, &loc, resolve)? {
            let o = match (&column, o) {
                (None, o) => o,
                (Some(c), PrivObject::Table(q)) => {
                    let col = PrivObject::Column(q.clone(), c.clone());
                    if !schema.holds_privileged(&col) && !schema.pending.views.contains_key(&q) {
                        return Err(ParseError::new(
                            loc.clone(),
                            format!("column {} of {q} is not defined", quote_ident(c)),
                        ));
                    }
                    col
                }
                (Some(_), o) => {
                    return Err(ParseError::new(loc.clone(), format!("{o} has no columns")))
                }
            };
            let acl = yaml_acl(&acl, o.all(), &loc, &o.to_string())?;
            acls.insert(o, acl);
        }
    }
    // Objects made after the last default privileges took those.
    for o in objects {
        if acls.contains_key(&o) {
            continue;
        }
        let acl = defaults.initial_acl(&o, &None);
        schema.privileges.set_acl(o, acl);
    }
    for (o, acl) in acls {
        schema.privileges.set_acl(o, acl);
    }
    schema.privileges.defaults = defaults.defaults;
    schema.privileges.hints.managed = true;
    Ok(())
}

/// `ALL` as the privileges of the kind; a name as itself.
fn expand(p: &Option<String>, all: &[&str]) -> Vec<String> {
    match p {
        Some(p) => vec![p.clone()],
        None => all.iter().map(|s| s.to_string()).collect(),
    }
}

/// Applies one grant or revoke to an access list.
fn change(acl: &mut Acl, g: &RawGrant, all: &[&str], bad: &dyn Fn(&str) -> String) -> Result<()> {
    for (p, _) in &g.privileges {
        if let Some(p) = p {
            if !all.contains(&p.as_str()) {
                return Err(ParseError::new(g.loc.clone(), bad(p)));
            }
        }
        for p in expand(p, all) {
            for role in &g.grantees {
                if g.grant {
                    let add: Acl =
                        BTreeMap::from([(role.clone(), BTreeMap::from([(p.clone(), g.option)]))]);
                    merge(acl, &add);
                } else if let Some(held) = acl.get_mut(role) {
                    if g.option {
                        if let Some(x) = held.get_mut(&p) {
                            *x = false;
                        }
                    } else {
                        held.remove(&p);
                    }
                }
            }
        }
    }
    acl.retain(|_, p| !p.is_empty());
    Ok(())
}

/// The objects a statement names, each checked to exist.
fn resolve_target(
    schema: &Schema,
    target: &RawTarget,
    loc: &Loc,
    resolve: &dyn Fn(&str) -> std::result::Result<String, String>,
) -> Result<Vec<PrivObject>> {
    let missing = |what: &str, name: &dyn std::fmt::Display| {
        ParseError::new(loc.clone(), format!("{what} {name} is not defined"))
    };
    let mut out = Vec::new();
    match target {
        RawTarget::Tables(names) => {
            for q in names {
                if schema.tables.contains_key(q)
                    || schema.views.contains_key(q)
                    || schema.pending.views.contains_key(q)
                {
                    out.push(PrivObject::Table(q.clone()));
                } else if schema.sequences.contains_key(q) {
                    out.push(PrivObject::Sequence(q.clone()));
                } else {
                    return Err(missing("table", q));
                }
            }
        }
        RawTarget::Sequences(names) => {
            for q in names {
                if !schema.sequences.contains_key(q) {
                    return Err(missing("sequence", q));
                }
                out.push(PrivObject::Sequence(q.clone()));
            }
        }
        RawTarget::Schemas(names) => {
            for n in names {
                let o = PrivObject::Schema(n.clone());
                if !schema.holds_privileged(&o) {
                    return Err(missing("schema", &quote_ident(n)));
                }
                out.push(o);
            }
        }
        RawTarget::Types(names) => {
            for q in names {
                let o = PrivObject::Type(q.clone());
                if !schema.holds_privileged(&o) {
                    return Err(missing("type", q));
                }
                out.push(o);
            }
        }
        RawTarget::Functions(fs) => {
            for (q, args) in fs {
                let found: Vec<&String> = match args {
                    Some(types) => {
                        let resolved: Vec<String> = types
                            .iter()
                            .map(|t| resolve(t).map_err(|m| ParseError::new(loc.clone(), m)))
                            .collect::<Result<_>>()?;
                        let key = format!("{q}({})", resolved.join(", "));
                        schema.functions.keys().filter(|k| **k == key).collect()
                    }
                    None => schema
                        .functions
                        .iter()
                        .filter(|(_, f)| f.name == *q)
                        .map(|(k, _)| k)
                        .collect(),
                };
                match found.as_slice() {
                    [k] => out.push(PrivObject::Function((*k).clone())),
                    [] => return Err(missing("function", q)),
                    _ => {
                        return Err(ParseError::new(
                            loc.clone(),
                            format!("function {q} has overloads: give its argument types"),
                        ))
                    }
                }
            }
        }
    }
    Ok(out)
}

/// A YAML access list, checked against the kind's privileges.
fn yaml_acl(acl: &YamlAcl, all: &[&str], loc: &Loc, what: &str) -> Result<Acl> {
    let mut out = Acl::new();
    for (role, privs) in acl {
        let held = out.entry(role.clone()).or_default();
        for (p, option) in privs {
            if let Some(p) = p {
                if !all.contains(&p.as_str()) {
                    return Err(ParseError::new(
                        loc.clone(),
                        format!("{p} is not a privilege on {what}"),
                    ));
                }
            }
            for p in expand(p, all) {
                let e = held.entry(p).or_insert(false);
                *e |= *option;
            }
        }
    }
    Ok(privileges::normalised(out))
}
