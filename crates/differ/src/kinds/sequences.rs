//! Free-standing and owned sequences (identity sequences belong to their
//! column).

use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;
use std::collections::BTreeSet;

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    // Tables dropped whole: what they own goes with them.
    let dropped_tables: BTreeSet<&QualName> = from
        .tables
        .keys()
        .filter(|n| !to.tables.contains_key(*n))
        .collect();

    // Sequences.
    for (name, seq) in &to.sequences {
        let mut bare = seq.clone();
        bare.owned_by = None;
        bare.comment = None;
        match from.sequences.get(name) {
            None => {
                steps.push(step(
                    Action::Create,
                    "sequence",
                    name.to_string(),
                    Change::CreateSequence { sequence: bare },
                ));
                if seq.owned_by.is_some() {
                    steps.push(owner_step(name, &seq.owned_by));
                }
                if seq.comment.is_some() {
                    steps.push(comment(
                        CommentTarget::Sequence { name: name.clone() },
                        name.to_string(),
                        "sequence",
                        &seq.comment,
                    ));
                }
            }
            Some(old) => {
                let mut old_bare = old.clone();
                old_bare.owned_by = None;
                old_bare.comment = None;
                // Persistence has a statement of its own.
                old_bare.unlogged = bare.unlogged;
                if old.unlogged != seq.unlogged {
                    steps.push(step(
                        Action::Alter,
                        "sequence",
                        name.to_string(),
                        Change::SetSequenceLogged {
                            name: name.clone(),
                            unlogged: seq.unlogged,
                        },
                    ));
                }
                if old_bare != bare {
                    steps.push(step(
                        Action::Alter,
                        "sequence",
                        name.to_string(),
                        Change::AlterSequence {
                            from: old_bare,
                            to: bare,
                        },
                    ));
                }
                // Ownership moves; a sequence whose owner table is dropped is
                // re-created, since PostgreSQL drops it with the table.
                if old.owned_by != seq.owned_by {
                    steps.push(owner_step(name, &seq.owned_by));
                }
                if old.comment != seq.comment {
                    steps.push(comment(
                        CommentTarget::Sequence { name: name.clone() },
                        name.to_string(),
                        "sequence",
                        &seq.comment,
                    ));
                }
            }
        }
    }
    for (name, old) in from
        .sequences
        .iter()
        .filter(|(n, _)| !to.sequences.contains_key(*n))
    {
        // PostgreSQL drops an owned sequence with its table or column.
        let implied = match &old.owned_by {
            Some((t, c)) => {
                dropped_tables.contains(t)
                    || to
                        .tables
                        .get(t)
                        .is_some_and(|nt| !nt.columns.contains_key(c))
            }
            None => false,
        };
        if !implied {
            steps.push(step(
                Action::Drop,
                "sequence",
                name.to_string(),
                Change::DropSequence { name: name.clone() },
            ));
        }
    }
}

pub(crate) fn owner_step(name: &QualName, owned_by: &Option<(QualName, String)>) -> Step {
    step(
        Action::Alter,
        "sequence",
        name.to_string(),
        Change::SetSequenceOwner {
            name: name.clone(),
            owned_by: owned_by.clone(),
        },
    )
}

/// Ordering: what each of this kind's steps creates, needs, drops and
/// releases (`order` turns these into edges).
pub(crate) fn deps(change: &Change, _cx: &DepCx, d: &mut Deps) {
    let schema_of = |s: &str| Key::Schema(s.to_string());
    match change {
        Change::CreateSequence { sequence } => {
            d.creates.push(Key::Sequence(sequence.name.clone()));
            d.needs.push(schema_of(&sequence.name.schema));
        }
        Change::AlterSequence { to: s, .. } => d.creates.push(Key::Sequence(s.name.clone())),
        Change::SetSequenceLogged { name, .. } => d.needs.push(Key::Sequence(name.clone())),
        Change::SetSequenceOwner { name, owned_by } => {
            d.needs.push(Key::Sequence(name.clone()));
            if let Some((t, c)) = owned_by {
                d.needs.push(Key::Table(t.clone()));
                d.needs.push(Key::Column(t.clone(), c.clone()));
            }
        }
        Change::DropSequence { name } => {
            d.drops.push(Key::Sequence(name.clone()));
            d.releases.push(schema_of(&name.schema));
        }
        _ => {}
    }
}

/// The sequence in a `nextval('…'::regclass)` default.
pub(crate) fn sequence_of(default: &Option<String>) -> Option<QualName> {
    let d = default.as_deref()?;
    let inner = d.strip_prefix("nextval('")?.split("'::regclass)").next()?;
    let (schema, name) = types::split_qualified(&inner.replace("''", "'")).ok()?;
    Some(QualName::new(
        schema.unwrap_or_else(|| "public".into()),
        name,
    ))
}

/// What this kind's steps risk (`existing`: the table is there before the
/// plan; one created by the same plan is empty).
pub(crate) fn hazards(
    step: &Step,
    _existing: &dyn Fn(&QualName) -> bool,
    h: &mut BTreeSet<Hazard>,
) {
    if let Change::DropSequence { .. } = &step.change {
        h.insert(Hazard::Irreversible);
    }
}
