//! Collations: made first and dropped last (columns and indexes name
//! them); one whose definition changes is dropped and made again (there
//! is no ALTER for it), its comment changes in place.

use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    for (name, c) in &to.collations {
        let old = from.collations.get(name);
        let remade = old.is_some_and(|o| !o.same_definition(c));
        if remade {
            steps.push(drop(name));
        }
        if old.is_none() || remade {
            let mut bare = c.clone();
            bare.comment = None;
            steps.push(step(
                Action::Create,
                "collation",
                name.to_string(),
                Change::CreateCollation { collation: bare },
            ));
        }
        let before = if remade {
            None
        } else {
            old.and_then(|o| o.comment.clone())
        };
        if before != c.comment {
            steps.push(comment(
                CommentTarget::Collation { name: name.clone() },
                name.to_string(),
                "collation",
                &c.comment,
            ));
        }
    }
    for name in from
        .collations
        .keys()
        .filter(|n| !to.collations.contains_key(*n))
    {
        steps.push(drop(name));
    }
}

fn drop(name: &QualName) -> Step {
    step(
        Action::Drop,
        "collation",
        name.to_string(),
        Change::DropCollation { name: name.clone() },
    )
}

/// Ordering: what each of this kind's steps creates, needs, drops and
/// releases (`order` turns these into edges).
pub(crate) fn deps(change: &Change, _cx: &DepCx, d: &mut Deps) {
    match change {
        Change::CreateCollation { collation } => {
            d.creates.push(Key::Collation(collation.name.clone()));
            d.needs.push(Key::Schema(collation.name.schema.clone()));
        }
        Change::DropCollation { name } => {
            d.drops.push(Key::Collation(name.clone()));
            d.releases.push(Key::Schema(name.schema.clone()));
        }
        _ => {}
    }
}
