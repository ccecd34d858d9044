//! Aggregates: made after the functions they name and before what calls
//! them; one whose options change is replaced in place (`CREATE OR
//! REPLACE AGGREGATE`), one whose arguments' spelling changes is dropped
//! and made again; comments in place.

use super::functions::function_keys_named;
use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    for (key, a) in &to.aggregates {
        let old = from.aggregates.get(key);
        let remade = old.is_some_and(|o| o.args != a.args);
        if remade {
            steps.push(drop(old.expect("remade from one")));
        }
        let mut bare = a.clone();
        bare.comment = None;
        match old {
            Some(o) if !remade && o.options == a.options => {}
            _ => steps.push(step(
                if old.is_some() && !remade {
                    Action::Alter
                } else {
                    Action::Create
                },
                "aggregate",
                label(a),
                Change::CreateAggregate {
                    aggregate: bare,
                    replace: old.is_some() && !remade,
                },
            )),
        }
        let before = if remade {
            None
        } else {
            old.and_then(|o| o.comment.clone())
        };
        if before != a.comment {
            steps.push(comment(
                CommentTarget::Aggregate {
                    name: a.name.clone(),
                    args: a.args.clone(),
                    key: key.clone(),
                },
                label(a),
                "aggregate",
                &a.comment,
            ));
        }
    }
    for (key, a) in &from.aggregates {
        if !to.aggregates.contains_key(key) {
            steps.push(drop(a));
        }
    }
}

/// How a plan names it: by its key, `(*)` where it takes no argument.
fn label(a: &Aggregate) -> String {
    if a.args == "*" {
        format!("{}(*)", a.name)
    } else {
        a.key()
    }
}

fn drop(a: &Aggregate) -> Step {
    let mut bare = a.clone();
    bare.comment = None;
    step(
        Action::Drop,
        "aggregate",
        label(a),
        Change::DropAggregate { aggregate: bare },
    )
}

/// Ordering: an aggregate is a function to what calls it; it needs the
/// functions and types its options name.
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    match change {
        Change::CreateAggregate { aggregate: a, .. } => {
            d.creates.push(Key::Function(a.key()));
            d.needs.push(Key::Schema(a.name.schema.clone()));
            for f in a.functions() {
                d.needs
                    .extend(function_keys_named(cx.to, f).into_iter().map(Key::Function));
            }
            for t in a.types() {
                if let Some(e) = cx.enums_to.get(t) {
                    d.needs.push(Key::Enum(e.clone()));
                }
            }
        }
        Change::DropAggregate { aggregate: a } => {
            d.drops.push(Key::Function(a.key()));
            d.releases.push(Key::Schema(a.name.schema.clone()));
            for f in a.functions() {
                d.releases.extend(
                    function_keys_named(cx.from, f)
                        .into_iter()
                        .map(Key::Function),
                );
            }
            for t in a.types() {
                if let Some(e) = cx.enums_from.get(t) {
                    d.releases.push(Key::Enum(e.clone()));
                }
            }
        }
        _ => {}
    }
}
