//! Triggers: created, dropped and created again when their definition
//! changes, enabled or disabled in place.

use crate::order::{DepCx, Deps, Key};
use crate::*;
use std::collections::BTreeSet;

fn object(table: &QualName, name: &str) -> String {
    format!("{}.{}", table, quote_ident(name))
}

fn comment_on(table: &QualName, t: &Trigger) -> Step {
    comment(
        CommentTarget::Trigger {
            table: table.clone(),
            name: t.name.clone(),
        },
        object(table, &t.name),
        "trigger",
        &t.comment,
    )
}

fn enable(table: &QualName, t: &Trigger) -> Step {
    step(
        Action::Alter,
        "trigger",
        object(table, &t.name),
        Change::SetTriggerEnabled {
            table: table.clone(),
            name: t.name.clone(),
            enabled: t.enabled,
        },
    )
}

pub(crate) fn create(table: &QualName, t: &Trigger, steps: &mut Vec<Step>) {
    let mut bare = t.clone();
    bare.comment = None;
    steps.push(step(
        Action::Create,
        "trigger",
        object(table, &t.name),
        Change::CreateTrigger {
            table: table.clone(),
            trigger: bare,
        },
    ));
    if t.enabled != TriggerEnabled::Enabled {
        steps.push(enable(table, t));
    }
    if t.comment.is_some() {
        steps.push(comment_on(table, t));
    }
}

/// What a new table's triggers add.
pub(crate) fn create_all(t: &Table, steps: &mut Vec<Step>) {
    for tr in t.triggers.values() {
        create(&t.name, tr, steps);
    }
}

pub(crate) fn diff(old: &Table, new: &Table, steps: &mut Vec<Step>) {
    let n = &new.name;
    for (name, ot) in &old.triggers {
        match new.triggers.get(name) {
            Some(nt) if nt.definition == ot.definition => {
                if nt.enabled != ot.enabled {
                    steps.push(enable(n, nt));
                }
                if nt.comment != ot.comment {
                    steps.push(comment_on(n, nt));
                }
            }
            changed => {
                steps.push(step(
                    Action::Drop,
                    "trigger",
                    object(n, name),
                    Change::DropTrigger {
                        table: n.clone(),
                        name: name.clone(),
                        function: ot.function.clone(),
                    },
                ));
                if let Some(nt) = changed {
                    create(n, nt, steps);
                }
            }
        }
    }
    for (name, nt) in &new.triggers {
        if !old.triggers.contains_key(name) {
            create(n, nt, steps);
        }
    }
}

/// A trigger comes after its table's columns and its function, and goes
/// before them.
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    let around = |s: &Schema, t: &QualName, function: &QualName, out: &mut Vec<Key>| {
        out.push(Key::Table(t.clone()));
        if let Some(table) = s.tables.get(t) {
            for c in table.columns.keys() {
                out.push(Key::Column(t.clone(), c.clone()));
            }
        }
        out.push(Key::Function(format!("{function}()")));
    };
    match change {
        Change::CreateTrigger { table, trigger } => {
            d.creates
                .push(Key::Trigger(table.clone(), trigger.name.clone()));
            around(cx.to, table, &trigger.function, &mut d.needs);
        }
        Change::DropTrigger {
            table,
            name,
            function,
        } => {
            d.drops.push(Key::Trigger(table.clone(), name.clone()));
            around(cx.from, table, function, &mut d.releases);
        }
        Change::SetTriggerEnabled { table, name, .. } => {
            d.needs.push(Key::Trigger(table.clone(), name.clone()))
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
