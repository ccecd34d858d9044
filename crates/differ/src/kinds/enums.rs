//! Enum types: created, dropped, labels added in place, or the type rebuilt
//! when labels are removed or reordered; columns moving between enums.

use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;
use std::collections::BTreeMap;
use std::collections::BTreeSet;

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    // Enums.
    for (name, e) in &to.enums {
        match from.enums.get(name) {
            None => {
                steps.push(step(
                    Action::Create,
                    "enum",
                    name.to_string(),
                    Change::CreateEnum { value: e.clone() },
                ));
                if e.comment.is_some() {
                    steps.push(comment(
                        CommentTarget::Type { name: name.clone() },
                        name.to_string(),
                        "enum",
                        &e.comment,
                    ));
                }
            }
            Some(old) => {
                match enum_values(old, e) {
                    Some(added) => steps.extend(added),
                    None => steps.push(rebuild_enum(old, e, from, to)),
                }
                if old.comment != e.comment {
                    steps.push(comment(
                        CommentTarget::Type { name: name.clone() },
                        name.to_string(),
                        "enum",
                        &e.comment,
                    ));
                }
            }
        }
    }
    for name in from.enums.keys().filter(|n| !to.enums.contains_key(*n)) {
        steps.push(step(
            Action::Drop,
            "enum",
            name.to_string(),
            Change::DropEnum { name: name.clone() },
        ));
    }
}

/// The rebuild of an enum whose labels are removed or reordered.
pub(crate) fn rebuild_enum(old: &Enum, new: &Enum, from: &Schema, to: &Schema) -> Step {
    let rendered = old.name.printed();
    let mut columns = Vec::new();
    let mut checks = Vec::new();
    let mut indexes = Vec::new();
    for (tname, t) in &from.tables {
        let Some(want) = to.tables.get(tname) else {
            continue;
        };
        let mut used: Vec<&str> = Vec::new();
        for c in t.columns.values() {
            let array = c.data_type == format!("{rendered}[]");
            if c.data_type != rendered && !array {
                continue;
            }
            let Some(w) = want.columns.get(&c.name) else {
                continue;
            };
            if w.data_type != c.data_type {
                continue;
            }
            used.push(&c.name);
            columns.push(EnumColumn {
                table: tname.clone(),
                column: c.name.clone(),
                array,
                had_default: c.default.is_some(),
                default: w.default.clone(),
            });
        }
        let mentions = |text: &str| used.iter().any(|c| text.contains(&quote_ident(c)));
        for (n, c) in &t.constraints {
            if let ConstraintKind::Check { expression, .. } = &c.kind {
                if mentions(expression) && want.constraints.get(n) == Some(c) {
                    checks.push((tname.clone(), (**c).clone()));
                }
            }
        }
        for (n, i) in &t.indexes {
            let on_column = index_columns(i).iter().any(|c| used.contains(&c.as_str()));
            let in_text = i
                .keys
                .iter()
                .any(|k| matches!(&k.target, IndexTarget::Expression(e) if mentions(e)))
                || i.predicate.as_deref().is_some_and(mentions);
            if (on_column || in_text) && want.indexes.get(n) == Some(i) {
                indexes.push((tname.clone(), (**i).clone()));
            }
        }
    }
    let mut s = step(
        Action::Alter,
        "enum",
        old.name.to_string(),
        Change::RebuildEnum {
            value: new.clone(),
            columns,
            checks,
            indexes,
        },
    );
    let removed: Vec<String> = old
        .values
        .iter()
        .filter(|v| !new.values.contains(v))
        .map(|v| format!("'{v}'"))
        .collect();
    if !removed.is_empty() {
        s.hazards.push(Hazard::DataLoss);
        s.notes.push(format!(
            "removes {}: rows holding them make the conversion fail",
            removed.join(", ")
        ));
    }
    s.notes
        .push("rebuilds the type: a new type, every column converted, the old one dropped".into());
    s
}

/// Enum labels can be added anywhere: the steps that add them, or `None`
/// when labels are removed or reordered (the type must be rebuilt).
pub(crate) fn enum_values(old: &Enum, new: &Enum) -> Option<Vec<Step>> {
    let kept: Vec<&String> = new
        .values
        .iter()
        .filter(|v| old.values.contains(v))
        .collect();
    let removed: Vec<&String> = old
        .values
        .iter()
        .filter(|v| !new.values.contains(v))
        .collect();
    if !removed.is_empty()
        || kept
            .iter()
            .map(|v| v.as_str())
            .ne(old.values.iter().map(String::as_str))
    {
        return None;
    }
    let mut steps = Vec::new();
    for (i, v) in new.values.iter().enumerate() {
        if old.values.contains(v) {
            continue;
        }
        // Insert before the next label that already exists, else append.
        let before = new.values[i + 1..]
            .iter()
            .find(|x| old.values.contains(x))
            .cloned();
        steps.push(step(
            Action::Alter,
            "enum",
            old.name.to_string(),
            Change::AddEnumValue {
                name: old.name.clone(),
                value: v.clone(),
                before,
            },
        ));
    }
    Some(steps)
}

/// A column whose type changes takes the conversion the desired state
/// declares (see [`schemadiff_model::Conversions`]); from one enum type to
/// another it converts through text.
pub(crate) fn enum_to_enum(steps: &mut [Step], from: &Schema, to: &Schema) {
    let is_enum = |s: &Schema, ty: &str| {
        let base = ty.trim_end_matches("[]");
        s.enums.keys().any(|q| q.printed() == base)
    };
    for s in steps {
        if let Change::AlterColumnType {
            table,
            column,
            from: a,
            to: b,
            via_text,
            using,
            ..
        } = &mut s.change
        {
            *using = to.conversions.get(table, column).map(str::to_string);
            *via_text = a != b
                && a.ends_with("[]") == b.ends_with("[]")
                && is_enum(from, a)
                && is_enum(to, b);
        }
    }
}

/// Ordering: what each of this kind's steps creates, needs, drops and
/// releases (`order` turns these into edges).
pub(crate) fn deps(change: &Change, _cx: &DepCx, d: &mut Deps) {
    let schema_of = |s: &str| Key::Schema(s.to_string());
    match change {
        Change::CreateEnum { value } => {
            d.creates.push(Key::Enum(value.name.clone()));
            d.needs.push(schema_of(&value.name.schema));
        }
        Change::AddEnumValue { name, .. } => d.creates.push(Key::Enum(name.clone())),
        // Replaces the type: what drops a user of the old type goes first
        // (it releases the type), what uses the new type comes after.
        Change::RebuildEnum { value, columns, .. } => {
            d.drops.push(Key::Enum(value.name.clone()));
            d.creates.push(Key::Enum(value.name.clone()));
            for c in columns {
                d.needs.push(Key::Column(c.table.clone(), c.column.clone()));
            }
        }
        Change::DropEnum { name } => {
            d.drops.push(Key::Enum(name.clone()));
            d.releases.push(schema_of(&name.schema));
        }
        _ => {}
    }
}

/// The enum a column type refers to, if any.
pub(crate) fn enum_of(ty: &str, enums: &BTreeMap<String, QualName>) -> Option<QualName> {
    enums.get(ty.trim_end_matches("[]")).cloned()
}

/// What this kind's steps risk (`existing`: the table is there before the
/// plan; one created by the same plan is empty).
pub(crate) fn hazards(
    step: &Step,
    _existing: &dyn Fn(&QualName) -> bool,
    h: &mut BTreeSet<Hazard>,
) {
    match &step.change {
        Change::AddEnumValue { .. } => {
            h.insert(Hazard::Irreversible);
        }
        Change::RebuildEnum { columns, .. } => {
            h.insert(Hazard::Irreversible);
            if !columns.is_empty() {
                h.insert(Hazard::TableRewrite);
                h.insert(Hazard::BlockingLock);
            }
        }
        _ => {}
    }
}
