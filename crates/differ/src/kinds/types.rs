//! Domains and composite types: created, changed in place where PostgreSQL
//! can (`ALTER DOMAIN` defaults, NOT NULL and checks; `ALTER TYPE`
//! attributes), dropped.

use crate::order::{DepCx, Deps, Key};
use crate::*;
use std::collections::BTreeMap;
use std::collections::BTreeSet;

fn domain_comment(d: &Domain) -> Step {
    comment(
        CommentTarget::Domain {
            name: d.name.clone(),
        },
        d.name.to_string(),
        "domain",
        &d.comment,
    )
}

fn composite_comment(c: &Composite) -> Step {
    comment(
        CommentTarget::Type {
            name: c.name.clone(),
        },
        c.name.to_string(),
        "type",
        &c.comment,
    )
}

fn alter(d: &QualName, action: DomainAction) -> Step {
    step(
        Action::Alter,
        "domain",
        d.to_string(),
        Change::AlterDomain {
            name: d.clone(),
            action,
        },
    )
}

/// Whether a column of `schema` has type `name` (or an array of it).
fn in_use(schema: &Schema, name: &QualName) -> bool {
    let printed = name.printed();
    schema.tables.values().any(|t| {
        t.columns
            .values()
            .any(|c| c.data_type.trim_end_matches("[]") == printed)
    })
}

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) -> Result<(), DiffError> {
    for (name, d) in &to.domains {
        let Some(old) = from.domains.get(name) else {
            create_domain(d, steps);
            continue;
        };
        if old.base_type != d.base_type || old.collation != d.collation {
            if in_use(from, name) {
                return Err(DiffError(format!(
                    "the base type or collation of domain {name} changes ({}{} to {}{}); PostgreSQL \
                     cannot alter that while columns use the domain. Create a new domain and move \
                     the columns to it, then drop this one",
                    old.base_type,
                    old.collation.as_deref().map(|c| format!(" COLLATE {c}")).unwrap_or_default(),
                    d.base_type,
                    d.collation.as_deref().map(|c| format!(" COLLATE {c}")).unwrap_or_default(),
                )));
            }
            let mut s = step(
                Action::Drop,
                "domain",
                name.to_string(),
                Change::DropDomain { name: name.clone() },
            );
            s.recreated = true;
            steps.push(s);
            create_domain(d, steps);
            continue;
        }
        let used = in_use(from, name);
        if old.default != d.default {
            steps.push(alter(
                name,
                match &d.default {
                    Some(v) => DomainAction::SetDefault(v.clone()),
                    None => DomainAction::DropDefault,
                },
            ));
        }
        for (cname, expr) in &old.checks {
            if d.checks.get(cname) != Some(expr) {
                steps.push(alter(name, DomainAction::DropCheck(cname.clone())));
            }
        }
        for (cname, expr) in &d.checks {
            if old.checks.get(cname) != Some(expr) {
                let mut s = alter(name, DomainAction::AddCheck(cname.clone(), expr.clone()));
                if used {
                    s.hazards.push(Hazard::RowScan);
                }
                steps.push(s);
            }
        }
        if old.not_null != d.not_null {
            let mut s = alter(
                name,
                if d.not_null {
                    DomainAction::SetNotNull
                } else {
                    DomainAction::DropNotNull
                },
            );
            if d.not_null && used {
                s.hazards.push(Hazard::RowScan);
            }
            steps.push(s);
        }
        if old.comment != d.comment {
            steps.push(domain_comment(d));
        }
    }
    for name in from.domains.keys().filter(|n| !to.domains.contains_key(*n)) {
        steps.push(step(
            Action::Drop,
            "domain",
            name.to_string(),
            Change::DropDomain { name: name.clone() },
        ));
    }

    for (name, c) in &to.composites {
        let Some(old) = from.composites.get(name) else {
            create_composite(c, steps);
            continue;
        };
        let mut actions = Vec::new();
        for (a, t) in &old.attributes {
            match c.attributes.get(a) {
                None => actions.push(CompositeAction::Drop(a.clone())),
                Some(nt) if nt != t => {
                    actions.push(CompositeAction::AlterType(a.clone(), nt.clone()))
                }
                Some(_) => {}
            }
        }
        // New attributes go at the end; one in another place means the
        // order changes, which only a new type gives.
        let kept: Vec<&String> = c
            .attributes
            .keys()
            .filter(|a| old.attributes.contains_key(*a))
            .collect();
        let old_order: Vec<&String> = old
            .attributes
            .keys()
            .filter(|a| c.attributes.contains_key(*a))
            .collect();
        let appended = c
            .attributes
            .keys()
            .skip_while(|a| old.attributes.contains_key(*a))
            .all(|a| !old.attributes.contains_key(a));
        if kept != old_order || !appended {
            if in_use(from, name) {
                return Err(DiffError(format!(
                    "the attributes of composite type {name} change order; PostgreSQL cannot \
                     reorder them while columns use the type"
                )));
            }
            let mut s = step(
                Action::Drop,
                "type",
                name.to_string(),
                Change::DropComposite { name: name.clone() },
            );
            s.recreated = true;
            steps.push(s);
            create_composite(c, steps);
            continue;
        }
        for (a, t) in &c.attributes {
            if !old.attributes.contains_key(a) {
                actions.push(CompositeAction::Add(a.clone(), t.clone()));
            }
        }
        if !actions.is_empty() {
            let used = in_use(from, name);
            if used {
                if let Some(CompositeAction::AlterType(a, t)) = actions
                    .iter()
                    .find(|a| matches!(a, CompositeAction::AlterType(..)))
                {
                    return Err(DiffError(format!(
                        "attribute {} of composite type {name} changes type to {t}; PostgreSQL \
                         cannot alter that while columns use the type",
                        quote_ident(a)
                    )));
                }
            }
            let mut s = step(
                Action::Alter,
                "type",
                name.to_string(),
                Change::AlterComposite {
                    name: name.clone(),
                    actions: actions.clone(),
                },
            );
            // Dropping an attribute drops its values in every row.
            if used
                && actions
                    .iter()
                    .any(|a| matches!(a, CompositeAction::Drop(_)))
            {
                s.hazards.push(Hazard::DataLoss);
            }
            steps.push(s);
        }
        if old.comment != c.comment {
            steps.push(composite_comment(c));
        }
    }
    for name in from
        .composites
        .keys()
        .filter(|n| !to.composites.contains_key(*n))
    {
        steps.push(step(
            Action::Drop,
            "type",
            name.to_string(),
            Change::DropComposite { name: name.clone() },
        ));
    }
    Ok(())
}

fn create_domain(d: &Domain, steps: &mut Vec<Step>) {
    let mut bare = d.clone();
    bare.comment = None;
    steps.push(step(
        Action::Create,
        "domain",
        d.name.to_string(),
        Change::CreateDomain { domain: bare },
    ));
    if d.comment.is_some() {
        steps.push(domain_comment(d));
    }
}

fn create_composite(c: &Composite, steps: &mut Vec<Step>) {
    let mut bare = c.clone();
    bare.comment = None;
    steps.push(step(
        Action::Create,
        "type",
        c.name.to_string(),
        Change::CreateComposite { value: bare },
    ));
    if c.comment.is_some() {
        steps.push(composite_comment(c));
    }
}

/// A type comes after its schema, the types it is made of and the
/// functions its checks call, and goes before them.
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    let types = |ts: Vec<&str>, enums: &BTreeMap<String, QualName>, out: &mut Vec<Key>| {
        for t in ts {
            let bare = t.split(" COLLATE ").next().unwrap_or(t);
            if let Some(e) = super::enums::enum_of(bare, enums) {
                out.push(Key::Enum(e));
            }
        }
        out.push(Key::Extensions);
    };
    let domain =
        |dm: &Domain, s: &Schema, enums: &BTreeMap<String, QualName>, out: &mut Vec<Key>| {
            out.push(Key::Schema(dm.name.schema.clone()));
            types(vec![dm.base_type.as_str()], enums, out);
            for e in dm.checks.values().chain(dm.default.iter()) {
                super::functions::called(e, s, out);
            }
        };
    match change {
        Change::CreateDomain { domain: dm } => {
            d.creates.push(Key::Enum(dm.name.clone()));
            domain(dm, cx.to, cx.enums_to, &mut d.needs);
        }
        Change::DropDomain { name } => {
            d.drops.push(Key::Enum(name.clone()));
            if let Some(dm) = cx.from.domains.get(name) {
                domain(dm, cx.from, cx.enums_from, &mut d.releases);
            }
        }
        // The type exists already; what uses its new form comes after.
        Change::AlterDomain { name, action } => {
            d.creates.push(Key::Enum(name.clone()));
            match action {
                DomainAction::AddCheck(c, e) => {
                    d.creates.push(Key::Constraint(name.clone(), c.clone()));
                    super::functions::called(e, cx.to, &mut d.needs)
                }
                DomainAction::SetDefault(e) => super::functions::called(e, cx.to, &mut d.needs),
                DomainAction::DropCheck(c) => {
                    d.drops.push(Key::Constraint(name.clone(), c.clone()));
                    if let Some(e) = cx.from.domains.get(name).and_then(|dm| dm.checks.get(c)) {
                        super::functions::called(e, cx.from, &mut d.releases);
                    }
                }
                _ => {}
            }
        }
        Change::CreateComposite { value } => {
            d.creates.push(Key::Enum(value.name.clone()));
            d.needs.push(Key::Schema(value.name.schema.clone()));
            types(
                value.attributes.values().map(String::as_str).collect(),
                cx.enums_to,
                &mut d.needs,
            );
        }
        Change::AlterComposite { name, actions } => {
            d.creates.push(Key::Enum(name.clone()));
            for a in actions {
                if let CompositeAction::Add(_, t) | CompositeAction::AlterType(_, t) = a {
                    types(vec![t.as_str()], cx.enums_to, &mut d.needs);
                }
            }
        }
        Change::DropComposite { name } => {
            d.drops.push(Key::Enum(name.clone()));
            d.releases.push(Key::Schema(name.schema.clone()));
            if let Some(c) = cx.from.composites.get(name) {
                types(
                    c.attributes.values().map(String::as_str).collect(),
                    cx.enums_from,
                    &mut d.releases,
                );
            }
        }
        _ => {}
    }
}

pub(crate) fn hazards(
    _step: &Step,
    _existing: &dyn Fn(&QualName) -> bool,
    _h: &mut BTreeSet<Hazard>,
) {
}
