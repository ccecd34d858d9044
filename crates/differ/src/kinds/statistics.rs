//! Extended statistics (`CREATE STATISTICS`): made, dropped and made
//! again where the definition changes; the target and the comment change
//! in place.

use super::columns::ColumnChanges;
use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;

/// Every statistics object of a table the plan makes.
pub(crate) fn create_all(t: &Table, steps: &mut Vec<Step>) {
    for s in t.statistics.values() {
        create(&t.name, s, steps);
    }
}

fn create(table: &QualName, s: &Statistics, steps: &mut Vec<Step>) {
    let mut bare = s.clone();
    bare.target = None;
    bare.comment = None;
    steps.push(step(
        Action::Create,
        "statistics",
        s.name.to_string(),
        Change::CreateStatistics {
            table: table.clone(),
            statistics: bare,
        },
    ));
    if s.target.is_some() {
        steps.push(alter(s));
    }
    if s.comment.is_some() {
        steps.push(comment_step(s));
    }
}

fn alter(s: &Statistics) -> Step {
    step(
        Action::Alter,
        "statistics",
        s.name.to_string(),
        Change::AlterStatistics {
            name: s.name.clone(),
            target: s.target,
        },
    )
}

fn comment_step(s: &Statistics) -> Step {
    comment(
        CommentTarget::Statistics {
            name: s.name.clone(),
        },
        s.name.to_string(),
        "statistics",
        &s.comment,
    )
}

/// Statistics of a table on both sides.
pub(crate) fn diff(old: &Table, new: &Table, columns: &ColumnChanges, steps: &mut Vec<Step>) {
    // A column dropped (or dropped and added again) takes the statistics
    // on it along.
    let on_rebuilt = |s: &Statistics| {
        let exprs: Vec<&str> = s.expressions.iter().map(String::as_str).collect();
        columns.on_rebuilt(&s.columns, &exprs)
    };
    for (key, os) in &old.statistics {
        let changed = on_rebuilt(os)
            || new
                .statistics
                .get(key)
                .is_none_or(|ns| !os.same_definition(ns));
        let implied = os.columns.iter().any(|c| columns.gone(c));
        if changed && !implied {
            steps.push(step(
                Action::Drop,
                "statistics",
                os.name.to_string(),
                Change::DropStatistics {
                    name: os.name.clone(),
                },
            ));
        }
    }
    for (key, ns) in &new.statistics {
        match old.statistics.get(key) {
            Some(os) if !on_rebuilt(os) && os.same_definition(ns) => {
                if os.target != ns.target {
                    steps.push(alter(ns));
                }
                if os.comment != ns.comment {
                    steps.push(comment_step(ns));
                }
            }
            _ => create(&new.name, ns, steps),
        }
    }
}

/// Ordering: what each of this kind's steps creates, needs, drops and
/// releases (`order` turns these into edges).
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    match change {
        Change::CreateStatistics { table, statistics } => {
            d.creates.push(Key::Statistics(statistics.name.clone()));
            d.needs.push(Key::Table(table.clone()));
            for c in &statistics.columns {
                d.needs.push(Key::Column(table.clone(), c.clone()));
            }
            if !statistics.expressions.is_empty() {
                if let Some(t) = cx.to.tables.get(table) {
                    for c in t.columns.keys() {
                        d.needs.push(Key::Column(table.clone(), c.clone()));
                    }
                }
            }
        }
        Change::DropStatistics { name } => {
            d.drops.push(Key::Statistics(name.clone()));
            let key = name.to_string();
            if let Some(t) = cx
                .from
                .tables
                .values()
                .find(|t| t.statistics.contains_key(&key))
            {
                let s = &t.statistics[&key];
                let all = !s.expressions.is_empty();
                for c in t.columns.keys() {
                    if all || s.columns.contains(c) {
                        d.releases.push(Key::Column(t.name.clone(), c.clone()));
                    }
                }
            }
        }
        Change::AlterStatistics { name, .. } => d.needs.push(Key::Statistics(name.clone())),
        _ => {}
    }
}
