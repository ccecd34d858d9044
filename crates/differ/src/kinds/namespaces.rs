//! Schemas and extensions.

use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    // Schemas.
    for (name, ns) in &to.schemas {
        match from.schemas.get(name) {
            None => {
                steps.push(step(
                    Action::Create,
                    "schema",
                    quote_ident(name),
                    Change::CreateSchema { name: name.clone() },
                ));
                if ns.comment.is_some() {
                    steps.push(comment(
                        CommentTarget::Schema { name: name.clone() },
                        quote_ident(name),
                        "schema",
                        &ns.comment,
                    ));
                }
            }
            Some(old) if old.comment != ns.comment => steps.push(comment(
                CommentTarget::Schema { name: name.clone() },
                quote_ident(name),
                "schema",
                &ns.comment,
            )),
            _ => {}
        }
    }
    for name in from.schemas.keys().filter(|n| !to.schemas.contains_key(*n)) {
        let mut s = step(
            Action::Drop,
            "schema",
            quote_ident(name),
            Change::DropSchema { name: name.clone() },
        );
        s.hazards.push(Hazard::DataLoss);
        steps.push(s);
    }

    // Extensions.
    for (name, ext) in &to.extensions {
        if !from.extensions.contains_key(name) {
            steps.push(step(
                Action::Create,
                "extension",
                quote_ident(name),
                Change::CreateExtension {
                    extension: ext.clone(),
                },
            ));
        }
    }
    for name in from
        .extensions
        .keys()
        .filter(|n| !to.extensions.contains_key(*n))
    {
        steps.push(step(
            Action::Drop,
            "extension",
            quote_ident(name),
            Change::DropExtension { name: name.clone() },
        ));
    }
}

/// Ordering: what each of this kind's steps creates, needs, drops and
/// releases (`order` turns these into edges).
pub(crate) fn deps(change: &Change, _cx: &DepCx, d: &mut Deps) {
    let schema_of = |s: &str| Key::Schema(s.to_string());
    match change {
        Change::CreateSchema { name } => d.creates.push(schema_of(name)),
        Change::DropSchema { name } => d.drops.push(schema_of(name)),
        Change::CreateExtension { .. } => d.creates.push(Key::Extensions),
        Change::DropExtension { .. } => d.drops.push(Key::Extensions),
        _ => {}
    }
}
