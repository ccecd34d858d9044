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
    // `public`'s comment, where the desired state says one.
    if let Some(want) = &to.public_comment {
        let have = from.public_comment.as_deref().unwrap_or(PUBLIC_COMMENT);
        if want != have {
            steps.push(comment(
                CommentTarget::Schema {
                    name: "public".into(),
                },
                quote_ident("public"),
                "schema",
                &Some(want.clone()).filter(|c| !c.is_empty()),
            ));
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
        let Some(old) = from.extensions.get(name) else {
            steps.push(step(
                Action::Create,
                "extension",
                quote_ident(name),
                Change::CreateExtension {
                    extension: ext.clone(),
                },
            ));
            continue;
        };
        if old.schema != ext.schema {
            steps.push(step(
                Action::Alter,
                "extension",
                quote_ident(name),
                Change::SetExtensionSchema {
                    name: name.clone(),
                    schema: ext.schema.clone(),
                },
            ));
        }
        // Only a version written is managed (pg_dump writes none, and an
        // update cannot be undone); one that is the server's default is
        // what the model holds as none.
        let Some(want) = &ext.version else {
            continue;
        };
        let version = Some(want.clone()).filter(|v| from.extension_defaults.0.get(name) != Some(v));
        if old.version != version {
            steps.push(step(
                Action::Alter,
                "extension",
                quote_ident(name),
                Change::UpdateExtension {
                    name: name.clone(),
                    version: want.clone(),
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
        Change::CreateExtension { .. }
        | Change::UpdateExtension { .. }
        | Change::SetExtensionSchema { .. } => d.creates.push(Key::Extensions),
        Change::DropExtension { .. } => d.drops.push(Key::Extensions),
        _ => {}
    }
}

/// An extension's update runs its scripts; extensions seldom ship a way
/// back to an older version.
pub(crate) fn hazards(step: &Step, h: &mut BTreeSet<Hazard>) {
    if let Change::UpdateExtension { .. } = step.change {
        h.insert(Hazard::Irreversible);
    }
}
