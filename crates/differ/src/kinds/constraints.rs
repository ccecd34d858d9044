//! Primary key, unique, check and foreign-key constraints.

use super::columns::ColumnChanges;
use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;
use std::collections::BTreeSet;

pub(crate) fn add_constraint(table: &QualName, c: &Constraint) -> Step {
    let mut bare = c.clone();
    bare.comment = None;
    step(
        Action::Create,
        "constraint",
        format!("{}.{}", table, quote_ident(&c.name)),
        Change::AddConstraint {
            table: table.clone(),
            constraint: bare,
        },
    )
}

/// The same constraint, whether validated or not (see [`validates`]).
pub(crate) fn same_constraint(a: &Constraint, b: &Constraint) -> bool {
    a.kind == b.kind && a.deferrable == b.deferrable && a.initially_deferred == b.initially_deferred
}

/// A live `NOT VALID` constraint the desired state wants valid: validated
/// in place. (Desired `NOT VALID`, a validated one is left as it is.)
fn validates(old: &Constraint, new: &Constraint) -> bool {
    old.not_valid && !new.not_valid && same_constraint(old, new)
}

/// A foreign key whose columns (on either side) change type is dropped
/// before the change and added back after: PostgreSQL would otherwise check
/// it between the two type changes, when the sides may not match.
pub(crate) fn fk_rebuilds(steps: &mut Vec<Step>, from: &Schema, to: &Schema) {
    let retyped: BTreeSet<(QualName, String)> = steps
        .iter()
        .filter_map(|s| match &s.change {
            Change::AlterColumnType {
                table,
                column,
                from: a,
                to: b,
                ..
            } if a != b && !hazards::binary_coercible(a, b) => {
                Some((table.clone(), column.clone()))
            }
            _ => None,
        })
        .collect();
    if retyped.is_empty() {
        return;
    }
    for (tname, t) in &from.tables {
        for (cname, c) in &t.constraints {
            let ConstraintKind::ForeignKey(fk) = &c.kind else {
                continue;
            };
            let touches = fk
                .columns
                .iter()
                .any(|col| retyped.contains(&(tname.clone(), col.clone())))
                || fk
                    .ref_columns
                    .iter()
                    .any(|col| retyped.contains(&(fk.ref_table.clone(), col.clone())));
            // Only one that stays as it is: a changed one is re-made anyway.
            let unchanged = to.tables.get(tname).and_then(|w| w.constraints.get(cname)) == Some(c);
            if !touches || !unchanged {
                continue;
            }
            let object = format!("{}.{}", tname, quote_ident(cname));
            let mut drop = step(
                Action::Drop,
                "constraint",
                object.clone(),
                Change::DropConstraint {
                    table: tname.clone(),
                    name: cname.clone(),
                },
            );
            drop.recreated = true;
            drop.notes
                .push("re-added after its columns change type".into());
            steps.push(drop);
            steps.push(step(
                Action::Create,
                "constraint",
                object,
                Change::AddConstraint {
                    table: tname.clone(),
                    constraint: (**c).clone(),
                },
            ));
        }
    }
}

/// Constraints of a table on both sides: a changed one is dropped and added
/// again.
pub(crate) fn diff(old: &Table, new: &Table, columns: &ColumnChanges, steps: &mut Vec<Step>) {
    let n = &new.name;
    let on_rebuilt = |c: &Constraint| match &c.kind {
        ConstraintKind::Check { expression, .. } => columns.on_rebuilt(&[], &[expression]),
        ConstraintKind::Exclude { definition } => columns.on_rebuilt(&[], &[definition]),
        k => columns.on_rebuilt(k.columns(), &[]),
    };
    for (name, oc) in &old.constraints {
        let changed = on_rebuilt(oc)
            || new
                .constraints
                .get(name)
                .is_none_or(|nc| !same_constraint(oc, nc));
        // PostgreSQL drops a constraint with the last of its columns.
        let implied =
            oc.kind.columns().iter().any(|c| columns.gone(c)) && oc.kind.columns().len() == 1;
        if changed && !implied {
            steps.push(step(
                Action::Drop,
                "constraint",
                format!("{}.{}", n, quote_ident(name)),
                Change::DropConstraint {
                    table: n.clone(),
                    name: name.clone(),
                },
            ));
        }
    }
    for (name, c) in &new.constraints {
        let changed = on_rebuilt(c)
            || old
                .constraints
                .get(name)
                .is_none_or(|oc| !same_constraint(oc, c));
        if changed {
            steps.push(add_constraint(n, c));
        } else if old.constraints.get(name).is_some_and(|oc| validates(oc, c)) {
            let mut s = step(
                Action::Alter,
                "constraint",
                format!("{}.{}", n, quote_ident(name)),
                Change::ValidateConstraint {
                    table: n.clone(),
                    name: name.clone(),
                },
            );
            s.alone = true;
            steps.push(s);
        }
    }
}

/// Ordering: what each of this kind's steps creates, needs, drops and
/// releases (`order` turns these into edges).
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    let (from, to) = (cx.from, cx.to);
    match change {
        Change::AddConstraint { table, constraint } => {
            d.creates
                .push(Key::Constraint(table.clone(), constraint.name.clone()));
            constraint_deps(table, constraint, to, &mut d.needs);
        }
        Change::DropConstraint { table, name } => {
            d.drops.push(Key::Constraint(table.clone(), name.clone()));
            if let Some(c) = from.tables.get(table).and_then(|t| t.constraints.get(name)) {
                constraint_deps(table, c, from, &mut d.releases);
            }
        }
        _ => {}
    }
}

/// The unique constraint or index a foreign key relies on.
pub(crate) fn key_for(fk: &ForeignKey, schema: &Schema) -> Option<Key> {
    let t = schema.tables.get(&fk.ref_table)?;
    let mut sorted = fk.ref_columns.clone();
    sorted.sort();
    for c in t.constraints.values() {
        if let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } =
            &c.kind
        {
            let mut s = columns.clone();
            s.sort();
            if s == sorted {
                return Some(Key::Constraint(fk.ref_table.clone(), c.name.clone()));
            }
        }
    }
    for i in t
        .indexes
        .values()
        .filter(|i| i.unique && i.predicate.is_none())
    {
        let mut s = crate::index_columns(i);
        s.sort();
        if s == sorted {
            return Some(Key::Index(QualName::new(
                fk.ref_table.schema.clone(),
                i.name.clone(),
            )));
        }
    }
    None
}

pub(crate) fn constraint_deps(t: &QualName, c: &Constraint, schema: &Schema, out: &mut Vec<Key>) {
    out.push(Key::Table(t.clone()));
    for col in c.kind.columns() {
        out.push(Key::Column(t.clone(), col.clone()));
    }
    if let ConstraintKind::ForeignKey(fk) = &c.kind {
        out.push(Key::Table(fk.ref_table.clone()));
        for col in &fk.ref_columns {
            out.push(Key::Column(fk.ref_table.clone(), col.clone()));
        }
        if let Some(k) = key_for(fk, schema) {
            out.push(k);
        }
    }
    if let ConstraintKind::Check { .. } | ConstraintKind::Exclude { .. } = &c.kind {
        if let Some(table) = schema.tables.get(t) {
            for col in table.columns.keys() {
                out.push(Key::Column(t.clone(), col.clone()));
            }
        }
    }
}

/// What this kind's steps risk (`existing`: the table is there before the
/// plan; one created by the same plan is empty).
pub(crate) fn hazards(step: &Step, existing: &dyn Fn(&QualName) -> bool, h: &mut BTreeSet<Hazard>) {
    match &step.change {
        Change::AddConstraint { table, .. } if existing(table) && step.form != Form::NotValid => {
            crate::hazards::scan_under_lock(h)
        }
        Change::ValidateConstraint { .. } => {
            h.insert(Hazard::RowScan);
        }
        _ => {}
    }
}
