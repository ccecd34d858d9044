//! Views and materialized views: created, replaced in place where
//! PostgreSQL allows it (`CREATE OR REPLACE VIEW` keeps the old columns and
//! may add more at the end), otherwise dropped and created again — and so
//! are the views that read them, and every view that reads a column whose
//! type changes, a table that goes, or a function dropped and created again
//! (PostgreSQL refuses those changes while the view exists).

use crate::order::{DepCx, Deps, Key};
use crate::*;
use std::collections::BTreeSet;

fn comment_on(v: &View) -> Step {
    comment(
        CommentTarget::View {
            name: v.name.clone(),
            materialized: v.materialized,
        },
        v.name.to_string(),
        kind_name(v),
        &v.comment,
    )
}

/// The kind of object a reviewer reads in the plan.
pub(crate) fn kind_name(v: &View) -> &'static str {
    if v.materialized {
        "materialized_view"
    } else {
        "view"
    }
}

fn column_comments(old: Option<&View>, v: &View, steps: &mut Vec<Step>) {
    for (name, c) in &v.columns {
        let before = old
            .and_then(|o| o.columns.get(name))
            .and_then(|c| c.comment.clone());
        if c.comment != before {
            steps.push(comment(
                CommentTarget::Column {
                    table: v.name.clone(),
                    column: name.clone(),
                },
                col_name(&v.name, name),
                "column",
                &c.comment,
            ));
        }
    }
}

fn create(v: &View, replace: bool, steps: &mut Vec<Step>) {
    let mut bare = v.clone();
    bare.comment = None;
    bare.cluster_on = None;
    bare.indexes.clear();
    bare.triggers.clear();
    for c in bare.columns.values_mut() {
        c.comment = None;
    }
    steps.push(step(
        if replace {
            Action::Alter
        } else {
            Action::Create
        },
        kind_name(v),
        v.name.to_string(),
        Change::CreateView {
            view: bare,
            replace,
        },
    ));
    if replace {
        return;
    }
    for i in v.indexes.values() {
        steps.push(super::indexes::create_index(&v.name, i));
        super::indexes::statistics(&v.name, i, None, steps);
    }
    super::tables::index_settings(None, &as_table(v), steps);
    super::tables::table_comments(None, &as_table(v), steps);
    super::triggers::create_all(&as_table(v), steps);
    if v.comment.is_some() {
        steps.push(comment_on(v));
    }
    column_comments(None, v, steps);
}

/// `CREATE OR REPLACE VIEW` keeps every old column, by name and type, in
/// place; new ones may follow.
fn replaceable(old: &View, new: &View) -> bool {
    !old.materialized
        && !new.materialized
        && old.columns.len() <= new.columns.len()
        && old
            .columns
            .iter()
            .zip(new.columns.iter())
            .all(|((a, ac), (b, bc))| a == b && ac.data_type == bc.data_type)
}

/// The two views alike but for comments and indexes, which have steps of
/// their own.
fn same_query(a: &View, b: &View) -> bool {
    let bare = |v: &View| {
        let mut v = v.clone();
        v.comment = None;
        v.cluster_on = None;
        v.indexes.clear();
        v.triggers.clear();
        for c in v.columns.values_mut() {
            c.comment = None;
        }
        v
    };
    bare(a) == bare(b)
}

/// A view with its indexes and triggers only, for those modules.
fn as_table(v: &View) -> Table {
    let mut t = Table::new(v.name.clone());
    t.indexes = v.indexes.clone();
    t.triggers = v.triggers.clone();
    t.cluster_on = v.cluster_on.clone();
    t
}

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    // What the other steps change under existing views.
    let mut columns: BTreeSet<(QualName, String)> = BTreeSet::new();
    let mut relations: BTreeSet<QualName> = BTreeSet::new();
    let mut functions: BTreeSet<String> = BTreeSet::new();
    for s in steps.iter() {
        match &s.change {
            Change::AlterColumnType { table, column, .. }
            | Change::DropColumn { table, column } => {
                columns.insert((table.clone(), column.clone()));
            }
            Change::RebuildEnum { columns: cols, .. } => {
                for c in cols {
                    columns.insert((c.table.clone(), c.column.clone()));
                }
            }
            Change::DropTable { name } => {
                relations.insert(name.clone());
            }
            Change::DropFunction { key, .. } => {
                functions.insert(key.clone());
            }
            _ => {}
        }
    }
    let mut dropped: BTreeSet<QualName> = BTreeSet::new();
    let mut replaced: BTreeSet<QualName> = BTreeSet::new();
    for (name, old) in &from.views {
        let forced = old.reads.columns.iter().any(|c| columns.contains(c))
            || old.reads.relations.iter().any(|r| relations.contains(r))
            || old.reads.functions.iter().any(|f| functions.contains(f));
        match to.views.get(name) {
            Some(new) if !forced && same_query(old, new) => {}
            Some(new) if !forced && replaceable(old, new) => {
                replaced.insert(name.clone());
            }
            _ => {
                dropped.insert(name.clone());
            }
        }
    }
    // Views that read a dropped view go too (and come back).
    loop {
        let more: Vec<QualName> = from
            .views
            .iter()
            .filter(|(n, v)| {
                !dropped.contains(*n) && v.reads.relations.iter().any(|r| dropped.contains(r))
            })
            .map(|(n, _)| n.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        for n in more {
            replaced.remove(&n);
            dropped.insert(n);
        }
    }
    for name in &dropped {
        let old = &from.views[name];
        let mut s = step(
            Action::Drop,
            kind_name(old),
            name.to_string(),
            Change::DropView {
                name: name.clone(),
                materialized: old.materialized,
            },
        );
        s.recreated = to.views.contains_key(name);
        steps.push(s);
    }
    for (name, new) in &to.views {
        match from.views.get(name) {
            Some(old) if !dropped.contains(name) => {
                if replaced.contains(name) {
                    create(new, true, steps);
                }
                if old.comment != new.comment {
                    steps.push(comment_on(new));
                }
                column_comments(Some(old), new, steps);
                if old.triggers != new.triggers {
                    super::triggers::diff(&as_table(old), &as_table(new), steps);
                }
                if old.indexes != new.indexes || old.cluster_on != new.cluster_on {
                    let (o, n) = (as_table(old), as_table(new));
                    super::indexes::diff(&o, &n, &Default::default(), steps);
                    super::tables::index_settings(Some(&o), &n, steps);
                    super::tables::table_comments(Some(&o), &n, steps);
                }
            }
            _ => create(new, false, steps),
        }
    }
}

/// A view comes after everything its query reads and its schema, and
/// goes before them; its own columns are keys other views need.
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    let reads =
        |v: &View, enums: &std::collections::BTreeMap<String, QualName>, out: &mut Vec<Key>| {
            out.push(Key::Schema(v.name.schema.clone()));
            out.push(Key::Extensions);
            for r in &v.reads.relations {
                out.push(Key::Table(r.clone()));
            }
            for (r, c) in &v.reads.columns {
                out.push(Key::Column(r.clone(), c.clone()));
            }
            for f in &v.reads.functions {
                out.push(Key::Function(f.clone()));
            }
            for c in v.columns.values() {
                if let Some(e) = super::enums::enum_of(&c.data_type, enums) {
                    out.push(Key::Enum(e));
                }
            }
        };
    match change {
        Change::CreateView { view, .. } => {
            d.creates.push(Key::Table(view.name.clone()));
            for c in view.columns.keys() {
                d.creates.push(Key::Column(view.name.clone(), c.clone()));
            }
            reads(view, cx.enums_to, &mut d.needs);
        }
        Change::DropView { name, .. } => {
            d.drops.push(Key::Table(name.clone()));
            if let Some(v) = cx.from.views.get(name) {
                for c in v.columns.keys() {
                    d.drops.push(Key::Column(name.clone(), c.clone()));
                }
                reads(v, cx.enums_from, &mut d.releases);
            }
        }
        _ => {}
    }
}

pub(crate) fn hazards(
    _step: &Step,
    _existing: &dyn Fn(&QualName) -> bool,
    _h: &mut BTreeSet<Hazard>,
) {
}
