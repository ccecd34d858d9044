//! Indexes that do not back a constraint.

use super::columns::ColumnChanges;
use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;
use std::collections::BTreeSet;

pub(crate) fn create_index(table: &QualName, i: &Index) -> Step {
    let mut bare = i.clone();
    bare.comment = None;
    step(
        Action::Create,
        "index",
        QualName::new(table.schema.clone(), i.name.clone()).to_string(),
        Change::CreateIndex {
            table: table.clone(),
            index: bare,
        },
    )
}

/// The same index but for its comment and its keys' statistics targets
/// (each set apart, by `ALTER INDEX`).
pub(crate) fn same_index(a: &Index, b: &Index) -> bool {
    let mut a = a.clone();
    a.comment = b.comment.clone();
    for (k, o) in a.keys.iter_mut().zip(&b.keys) {
        k.statistics = o.statistics;
    }
    a == *b
}

/// `ALTER INDEX … ALTER COLUMN n SET STATISTICS` where a key's target is
/// not what it was (`old`: the index as it stays; none when it is made).
pub(crate) fn statistics(
    table: &QualName,
    new: &Index,
    old: Option<&Index>,
    steps: &mut Vec<Step>,
) {
    let q = QualName::new(table.schema.clone(), new.name.clone());
    for (n, k) in new.keys.iter().enumerate() {
        let was = old.and_then(|o| o.keys.get(n)).and_then(|k| k.statistics);
        if was != k.statistics {
            steps.push(step(
                Action::Alter,
                "index",
                q.to_string(),
                Change::SetIndexStatistics {
                    index: q.clone(),
                    column: n + 1,
                    statistics: k.statistics,
                },
            ));
        }
    }
}

/// Columns an index refers to by name (expression keys are not parsed here).
pub fn index_columns(i: &Index) -> Vec<String> {
    let mut cols: Vec<String> = i
        .keys
        .iter()
        .filter_map(|k| match &k.target {
            IndexTarget::Column(c) => Some(c.clone()),
            IndexTarget::Expression(_) => None,
        })
        .collect();
    cols.extend(i.include.iter().cloned());
    cols
}

/// Indexes of a table on both sides: a changed one is dropped and built
/// again.
pub(crate) fn diff(old: &Table, new: &Table, columns: &ColumnChanges, steps: &mut Vec<Step>) {
    let n = &new.name;
    let on_rebuilt = |i: &Index| {
        let exprs: Vec<&str> = i
            .keys
            .iter()
            .filter_map(|k| match &k.target {
                IndexTarget::Expression(e) => Some(e.as_str()),
                IndexTarget::Column(_) => None,
            })
            .chain(i.predicate.as_deref())
            .collect();
        columns.on_rebuilt(&index_columns(i), &exprs) || columns.on_rebuilt(&i.include, &[])
    };
    for (name, oi) in &old.indexes {
        let changed = on_rebuilt(oi) || new.indexes.get(name).is_none_or(|ni| !same_index(oi, ni));
        let implied = index_columns(oi).iter().any(|c| columns.gone(c));
        if changed && !implied {
            steps.push(step(
                Action::Drop,
                "index",
                QualName::new(n.schema.clone(), name.clone()).to_string(),
                Change::DropIndex {
                    name: QualName::new(n.schema.clone(), name.clone()),
                },
            ));
        }
    }
    for (name, i) in &new.indexes {
        let changed = on_rebuilt(i) || old.indexes.get(name).is_none_or(|oi| !same_index(oi, i));
        if changed {
            steps.push(create_index(n, i));
        }
        statistics(
            n,
            i,
            old.indexes.get(name).filter(|_| !changed).map(|b| &**b),
            steps,
        );
    }
}

/// Ordering: what each of this kind's steps creates, needs, drops and
/// releases (`order` turns these into edges).
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    let (from, to) = (cx.from, cx.to);
    match change {
        Change::CreateIndex { table, index } => {
            let q = QualName::new(table.schema.clone(), index.name.clone());
            d.creates.push(Key::Index(q));
            d.needs.push(Key::Table(table.clone()));
            for c in crate::index_columns(index) {
                d.needs.push(Key::Column(table.clone(), c));
            }
            if index
                .keys
                .iter()
                .any(|k| matches!(k.target, IndexTarget::Expression(_)))
                || index.predicate.is_some()
            {
                if let Some(t) = to.tables.get(table) {
                    for c in t.columns.keys() {
                        d.needs.push(Key::Column(table.clone(), c.clone()));
                    }
                }
            }
        }
        Change::DropIndex { name } => {
            d.drops.push(Key::Index(name.clone()));
            let owner = from
                .tables
                .values()
                .find(|t| t.name.schema == name.schema && t.indexes.contains_key(&name.name));
            if let Some(t) = owner {
                for c in crate::index_columns(&t.indexes[&name.name]) {
                    d.releases.push(Key::Column(t.name.clone(), c));
                }
                if t.indexes[&name.name]
                    .keys
                    .iter()
                    .any(|k| matches!(k.target, IndexTarget::Expression(_)))
                {
                    for c in t.columns.keys() {
                        d.releases.push(Key::Column(t.name.clone(), c.clone()));
                    }
                }
            }
        }
        _ => {}
    }
}

/// What this kind's steps risk (`existing`: the table is there before the
/// plan; one created by the same plan is empty).
pub(crate) fn hazards(step: &Step, existing: &dyn Fn(&QualName) -> bool, h: &mut BTreeSet<Hazard>) {
    match &step.change {
        Change::CreateIndex { table, .. } if existing(table) => {
            h.insert(Hazard::RowScan);
            if step.form != Form::Concurrently {
                h.insert(Hazard::BlockingLock);
            }
        }
        _ => {}
    }
}
