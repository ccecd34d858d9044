//! Operators, text search objects, casts, rules, event triggers,
//! publications and foreign-data objects (model `others`): compared by
//! their whole definition; made, dropped, or dropped and made again, and
//! commented.
//!
//! Ordering: each comes after what it uses (functions, types, tables and
//! other such objects, by name); the kinds a table, index, default or view
//! may use (an operator class's operator, a text search configuration in a
//! generated column, a foreign table under a view) come before every such
//! step, and go after them ([`uses`]).

use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::others::OtherObject;
use schemadiff_model::*;

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    for (key, o) in &to.others {
        match from.others.get(key) {
            Some(old) if old.definition == o.definition => {
                if old.comment != o.comment {
                    steps.push(comment_on(o));
                }
            }
            Some(old) => {
                let mut s = drop_step(old);
                s.notes
                    .push("its definition changes: dropped and made again".into());
                steps.push(s);
                create(o, steps);
            }
            None => create(o, steps),
        }
    }
    for (key, o) in &from.others {
        if !to.others.contains_key(key) {
            steps.push(drop_step(o));
        }
    }
}

fn create(o: &OtherObject, steps: &mut Vec<Step>) {
    steps.push(step(
        Action::Create,
        o.kind.name(),
        o.identity.clone(),
        Change::CreateOther { object: o.clone() },
    ));
    if o.comment.is_some() && o.kind.commented() {
        steps.push(comment_on(o));
    }
}

fn drop_step(o: &OtherObject) -> Step {
    step(
        Action::Drop,
        o.kind.name(),
        o.identity.clone(),
        Change::DropOther { object: o.clone() },
    )
}

fn comment_on(o: &OtherObject) -> Step {
    comment(
        CommentTarget::Other {
            key: o.key(),
            target: o.target.clone(),
        },
        o.identity.clone(),
        o.kind.name(),
        &o.comment,
    )
}

/// What `o` uses, among the objects of `s`, as ordering keys.
fn used(o: &OtherObject, s: &Schema, out: &mut Vec<Key>) {
    for name in &o.reads.0 {
        for f in s.functions.values().filter(|f| f.name == *name) {
            out.push(Key::Function(f.key()));
        }
        if s.enums.contains_key(name)
            || s.domains.contains_key(name)
            || s.composites.contains_key(name)
        {
            out.push(Key::Enum(name.clone()));
        }
        if s.tables.contains_key(name) || s.views.contains_key(name) {
            out.push(Key::Table(name.clone()));
        }
        // Objects of the database (a server) are named without a schema.
        let names = |x: &OtherObject| {
            x.name == *name || x.name.schema.is_empty() && x.name.name == name.name
        };
        for other in s.others.values().filter(|x| x.key() != o.key() && names(x)) {
            out.push(Key::Other(other.key()));
        }
    }
    if !o.name.schema.is_empty() {
        out.push(Key::Schema(o.name.schema.clone()));
    }
    out.push(Key::Extensions);
}

pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    match change {
        Change::CreateOther { object } => {
            d.creates.push(Key::Other(object.key()));
            if object.kind.early() {
                d.creates.push(Key::Objects);
            }
            // A foreign table is a relation views read.
            if object.kind == others::OtherKind::ForeignTable {
                d.creates.push(Key::Table(object.name.clone()));
            }
            used(object, cx.to, &mut d.needs);
        }
        Change::DropOther { object } => {
            d.drops.push(Key::Other(object.key()));
            if object.kind.early() {
                d.drops.push(Key::Objects);
            }
            if object.kind == others::OtherKind::ForeignTable {
                d.drops.push(Key::Table(object.name.clone()));
            }
            used(object, cx.from, &mut d.releases);
        }
        _ => {}
    }
}

/// Steps that may use an operator, a text search object, a cast or a
/// foreign table come after those are made, and before they are dropped.
pub(crate) fn uses(change: &Change, cx: &DepCx, d: &mut Deps) {
    let any = |s: &Schema| s.others.values().any(|o| o.kind.early());
    match change {
        Change::CreateTable { .. }
        | Change::AddColumn { .. }
        | Change::AlterColumnType { .. }
        | Change::SetDefault { .. }
        | Change::AddConstraint { .. }
        | Change::CreateIndex { .. }
        | Change::CreateStatistics { .. }
        | Change::CreateView { .. }
        | Change::CreateDomain { .. }
        | Change::AlterDomain { .. }
            if any(cx.to) =>
        {
            d.needs.push(Key::Objects)
        }
        Change::DropTable { .. }
        | Change::DropColumn { .. }
        | Change::AlterColumnType { .. }
        | Change::DropDefault { .. }
        | Change::DropConstraint { .. }
        | Change::DropIndex { .. }
        | Change::DropStatistics { .. }
        | Change::DropView { .. }
        | Change::DropDomain { .. }
            if any(cx.from) =>
        {
            d.releases.push(Key::Objects)
        }
        _ => {}
    }
}
