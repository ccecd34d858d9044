//! Row-level security: the table's ENABLE / FORCE switches and its policies.

use super::columns::ColumnChanges;
use crate::order::{DepCx, Deps, Key};
use crate::*;
use std::collections::BTreeSet;

fn object(table: &QualName, name: &str) -> String {
    format!("{}.{}", table, quote_ident(name))
}

/// `CREATE POLICY`, and its comment.
pub(crate) fn create(table: &QualName, p: &Policy, steps: &mut Vec<Step>) {
    let mut bare = p.clone();
    bare.comment = None;
    steps.push(step(
        Action::Create,
        "policy",
        object(table, &p.name),
        Change::CreatePolicy {
            table: table.clone(),
            policy: bare,
        },
    ));
    if p.comment.is_some() {
        steps.push(comment_on(table, p));
    }
}

fn comment_on(table: &QualName, p: &Policy) -> Step {
    comment(
        CommentTarget::Policy {
            table: table.clone(),
            name: p.name.clone(),
        },
        object(table, &p.name),
        "policy",
        &p.comment,
    )
}

pub(crate) fn drop(table: &QualName, name: &str) -> Step {
    step(
        Action::Drop,
        "policy",
        object(table, name),
        Change::DropPolicy {
            table: table.clone(),
            name: name.to_string(),
        },
    )
}

fn row_security(table: &QualName, old: RowSecurity, new: RowSecurity) -> Option<Step> {
    let enabled = (old.enabled != new.enabled).then_some(new.enabled);
    let forced = (old.forced != new.forced).then_some(new.forced);
    (enabled.is_some() || forced.is_some()).then(|| {
        step(
            Action::Alter,
            "table",
            table.to_string(),
            Change::SetRowSecurity {
                table: table.clone(),
                enabled,
                forced,
            },
        )
    })
}

/// What a new table's row-level security adds.
pub(crate) fn create_all(t: &Table, steps: &mut Vec<Step>) {
    steps.extend(row_security(
        &t.name,
        RowSecurity::default(),
        t.row_security,
    ));
    for p in t.policies.values() {
        create(&t.name, p, steps);
    }
}

/// Policies of a table on both sides. What `ALTER POLICY` can say (roles,
/// expressions that stay present) is altered; a changed command or kind, a
/// removed expression, or an expression reading a column that is rebuilt or
/// changes type (PostgreSQL refuses that under a policy) means drop and
/// create.
pub(crate) fn diff(old: &Table, new: &Table, columns: &ColumnChanges, steps: &mut Vec<Step>) {
    let n = &new.name;
    steps.extend(row_security(n, old.row_security, new.row_security));
    let reads_changed = |p: &Policy| {
        let exprs: Vec<&str> = p
            .using
            .iter()
            .chain(&p.with_check)
            .map(String::as_str)
            .collect();
        columns.reads_changed(&exprs)
    };
    for (name, op) in &old.policies {
        let Some(np) = new.policies.get(name) else {
            steps.push(drop(n, name));
            continue;
        };
        let mut a = (**op).clone();
        let mut b = (**np).clone();
        a.comment = None;
        b.comment = None;
        if a == b && !reads_changed(op) {
            if op.comment != np.comment {
                steps.push(comment_on(n, np));
            }
            continue;
        }
        let alterable = op.command == np.command
            && op.permissive == np.permissive
            && (op.using.is_none() || np.using.is_some())
            && (op.with_check.is_none() || np.with_check.is_some())
            && !reads_changed(op);
        if alterable {
            steps.push(step(
                Action::Alter,
                "policy",
                object(n, name),
                Change::AlterPolicy {
                    table: n.clone(),
                    name: name.clone(),
                    roles: (op.roles != np.roles).then(|| np.roles.clone()),
                    using: np.using.clone().filter(|u| op.using.as_ref() != Some(u)),
                    with_check: np
                        .with_check
                        .clone()
                        .filter(|c| op.with_check.as_ref() != Some(c)),
                },
            ));
            if op.comment != np.comment {
                steps.push(comment_on(n, np));
            }
        } else {
            steps.push(drop(n, name));
            create(n, np, steps);
        }
    }
    for (name, np) in &new.policies {
        if !old.policies.contains_key(name) {
            create(n, np, steps);
        }
    }
}

/// A policy reads the columns of its table (which ones, its expressions
/// say; all of them, to be safe), so it comes after them and goes before.
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    let columns = |s: &Schema, t: &QualName, out: &mut Vec<Key>| {
        out.push(Key::Table(t.clone()));
        if let Some(table) = s.tables.get(t) {
            for c in table.columns.keys() {
                out.push(Key::Column(t.clone(), c.clone()));
            }
        }
    };
    match change {
        Change::CreatePolicy { table, policy } => {
            d.creates
                .push(Key::Policy(table.clone(), policy.name.clone()));
            columns(cx.to, table, &mut d.needs);
        }
        Change::AlterPolicy { table, name, .. } => {
            d.creates.push(Key::Policy(table.clone(), name.clone()));
            columns(cx.to, table, &mut d.needs);
        }
        Change::DropPolicy { table, name } => {
            d.drops.push(Key::Policy(table.clone(), name.clone()));
            columns(cx.from, table, &mut d.releases);
        }
        Change::SetRowSecurity { table, .. } => d.needs.push(Key::Table(table.clone())),
        _ => {}
    }
}

pub(crate) fn hazards(
    _step: &Step,
    _existing: &dyn Fn(&QualName) -> bool,
    _h: &mut BTreeSet<Hazard>,
) {
}
