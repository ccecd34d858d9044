//! Tables that inherit (`INHERITS`): compared whole, with what they take
//! from their parents put back in, so that a child is altered only where
//! it differs from what its parents' own steps leave it.
//!
//! An `ALTER TABLE parent …` reaches every child: a column added, dropped,
//! retyped or given a default on a parent is so on its children, and a
//! check added to or dropped from a parent is on its children too. The
//! live side of a child is therefore taken as the parents' steps leave it;
//! what is left to do on the child itself is its own part.

use crate::order::{DepCx, Deps, Key};
use crate::{Change, Step};
use schemadiff_model::*;

/// `old` and `new` (the same table, with the same parents on both sides)
/// with the columns and checks they inherit put back in: `old` as it is
/// once the parents' own steps have reached it. Last, the columns the
/// child changed of one a parent drops (see
/// [`Change::DropInheritedColumn`]).
pub(crate) fn unfold(
    from: &Schema,
    to: &Schema,
    old: &Table,
    new: &Table,
) -> (Table, Table, Vec<String>) {
    let live = from.inherited_columns(old);
    let desired = to.inherited_columns(new);
    let mut was = old.clone();
    let mut is = new.clone();
    let mut columns = std::mem::take(&mut was.columns);
    columns.clear();
    for (name, d) in &desired {
        let mut c = match (old.columns.get(name), live.get(name)) {
            (Some(own), _) => own.clone(),
            (None, Some(l)) => l.clone(),
            // Added to a parent: it arrives as the parent has it.
            (None, None) => d.clone(),
        };
        if let Some(l) = live.get(name) {
            c.follow_parent(l, d);
        }
        columns.insert(name.clone(), c);
    }
    // Its own columns; an inherited one no parent keeps is gone with the
    // parent's — unless the child had it of its own too (merged), which the
    // model cannot tell: dropped if it still exists.
    let leftovers: Vec<String> = live
        .keys()
        .filter(|n| !columns.contains_key(*n) && !new.columns.contains_key(*n))
        .cloned()
        .collect();
    for (name, c) in &old.columns {
        if !columns.contains_key(name) && !leftovers.contains(name) {
            columns.insert(name.clone(), c.clone());
        }
    }
    was.columns = columns;
    let mut mine = desired;
    for (name, c) in &new.columns {
        mine.insert(name.clone(), c.clone());
    }
    is.columns = mine;
    // Checks: every parent's reaches the child, added or dropped with it.
    let live_checks = from.inherited_checks(old);
    was.constraints
        .retain(|n, _| old.constraints.contains_key(n) || !live_checks.contains_key(n));
    for (name, c) in to.inherited_checks(new) {
        was.constraints
            .entry(name.clone())
            .or_insert_with(|| Box::new(c.clone()));
        is.constraints.entry(name).or_insert_with(|| Box::new(c));
    }
    (was, is, leftovers)
}

/// A new table that inherits, made as pg_dump makes it: its own columns
/// in `CREATE TABLE … INHERITS`, what it changes of an inherited one
/// (a default, NOT NULL) by `ALTER TABLE` after, so that the column stays
/// its parent's (dropped with it).
pub(crate) fn create_child(to: &Schema, t: &Table, steps: &mut Vec<Step>) {
    let inherited = to.inherited_columns(t);
    let mut made = t.clone();
    made.columns.retain(|n, _| !inherited.contains_key(n));
    // A key on an inherited column is added after too: made inline,
    // PostgreSQL 18 would give the child a NOT NULL of its own.
    let on_inherited = |c: &Constraint| c.kind.columns().iter().any(|n| inherited.contains_key(n));
    made.constraints.retain(|_, c| !on_inherited(c));
    let mut was = made.clone();
    let mut is = made.clone();
    for (name, c) in &inherited {
        was.columns.insert(name.clone(), c.clone());
        is.columns
            .insert(name.clone(), t.columns.get(name).unwrap_or(c).clone());
    }
    super::tables::create_table(&made, steps);
    for c in t.constraints.values().filter(|c| on_inherited(c)) {
        steps.push(super::constraints::add_constraint(&t.name, c));
    }
    super::columns::diff(&was, &is, false, steps);
    super::columns::storage(Some(&was), &is, steps);
    // Comments on inherited columns (its own are made with it).
    let mut commented = was.clone();
    commented.comment = t.comment.clone();
    for c in commented.columns.values_mut() {
        if !inherited.contains_key(&c.name) {
            c.comment = t.columns.get(&c.name).and_then(|c| c.comment.clone());
        }
    }
    for c in commented.constraints.values_mut() {
        c.comment = t.constraints.get(&c.name).and_then(|c| c.comment.clone());
    }
    super::tables::table_comments(Some(&commented), &is, steps);
}

/// A step on a column of an inheriting table comes after the steps on the
/// same column of its ancestors, which reach it too.
pub(crate) fn deps(table: &QualName, column: &str, cx: &DepCx, d: &mut Deps) {
    let Some(t) = cx.to.tables.get(table).filter(|t| !t.inherits.is_empty()) else {
        return;
    };
    // A new child is made first.
    d.needs.push(Key::Table(table.clone()));
    for p in cx.to.ancestors(t) {
        d.needs.push(Key::Column(p.clone(), column.to_string()));
        d.needs.push(Key::Default(p.clone(), column.to_string()));
        d.needs
            .push(Key::Default(p.clone(), format!("{column}\0dropped")));
        d.needs.push(Key::NotNull(p, column.to_string()));
    }
}

/// The table and column a column step is on.
pub(crate) fn column_of(change: &Change) -> Option<(&QualName, &str)> {
    match change {
        Change::AddColumn { table, column } => Some((table, &column.name)),
        Change::DropColumn { table, column }
        | Change::AlterColumnType { table, column, .. }
        | Change::SetDefault { table, column, .. }
        | Change::DropDefault { table, column }
        | Change::AddIdentity { table, column, .. }
        | Change::SetNotNull { table, column }
        | Change::DropExpression { table, column }
        | Change::DropNotNull { table, column }
        | Change::SetIdentity { table, column, .. }
        | Change::DropIdentity { table, column }
        | Change::SetColumnStorage { table, column, .. }
        | Change::SetColumnStatistics { table, column, .. }
        | Change::SetColumnCompression { table, column, .. } => Some((table, column)),
        _ => None,
    }
}
