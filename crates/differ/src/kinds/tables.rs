//! Tables: created whole, dropped whole, or altered part by part (columns,
//! constraints and indexes have modules of their own), and their comments.

use super::columns::column_deps;
use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;
use std::collections::BTreeSet;

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    let rebuilt = rebuilt(from, to);
    // Gone, or made again: dropped first.
    let dropped_tables: BTreeSet<&QualName> = from
        .tables
        .keys()
        .filter(|n| !to.tables.contains_key(*n) || rebuilt.contains(*n))
        .collect();
    // The dropped table a partition goes with, if any: it is never
    // dropped on its own then.
    let dropped_ancestor = |n: &QualName| -> Option<&QualName> {
        let mut t = from.tables.get(n);
        let mut found = None;
        // Bounded: a catalog holds no cycle, but a model might.
        for _ in 0..=from.tables.len() {
            let Some(p) = t.and_then(|t| t.partition_of.as_ref()) else {
                break;
            };
            if dropped_tables.contains(&p.parent) {
                found = Some(&p.parent);
            }
            t = from.tables.get(&p.parent);
        }
        found
    };
    let goes_with_parent = |n: &QualName| dropped_ancestor(n).is_some();
    // A live PostgreSQL 18 names every NOT NULL (a file read offline keeps
    // only the names of its own).
    let named_not_null = from.named_not_null.0;
    // Tables.
    for (name, t) in &to.tables {
        match from.tables.get(name) {
            Some(old) if !rebuilt.contains(name) && !t.inherits.is_empty() => {
                let (old, t, leftovers) = super::inheritance::unfold(from, to, old, t);
                for column in leftovers {
                    let mut s = step(
                        Action::Drop,
                        "column",
                        col_name(name, &column),
                        Change::DropInheritedColumn {
                            table: name.clone(),
                            column,
                        },
                    );
                    s.hazards.push(Hazard::DataLoss);
                    steps.push(s);
                }
                alter_table(&old, &t, named_not_null, steps)
            }
            Some(old) if !rebuilt.contains(name) => {
                // Most tables of a large schema are alike on both sides.
                if old != t {
                    alter_table(old, t, named_not_null, steps)
                }
            }
            _ if !t.inherits.is_empty() => super::inheritance::create_child(to, t, steps),
            _ => create_table(t, steps),
        }
    }
    for name in &dropped_tables {
        if goes_with_parent(name) {
            continue;
        }
        let mut s = step(
            Action::Drop,
            "table",
            name.to_string(),
            Change::DropTable {
                name: (*name).clone(),
            },
        );
        s.hazards.push(Hazard::DataLoss);
        if to.tables.contains_key(*name) {
            s.notes.push(
                "its partitioning or inheritance changes, which schemadiff does not alter: the \
                 table is dropped and created again, and its rows are lost"
                    .into(),
            );
        }
        let partitions: Vec<String> = from
            .tables
            .values()
            .filter(|t| dropped_ancestor(&t.name) == Some(*name))
            .map(|t| t.name.to_string())
            .collect();
        if !partitions.is_empty() {
            s.notes.push(format!(
                "its partitions go with it: {}",
                partitions.join(", ")
            ));
        }
        steps.push(s);
    }
    partition_defaults(from, to, &rebuilt, steps);
    partition_index_names(from, to, &rebuilt, steps);
    // A foreign key of a kept table to one made again (turned partitioned,
    // say) would hold up the drop: dropped before it and made again after,
    // where alter_table leaves it alone (it is the same on both sides).
    for (tname, t) in &from.tables {
        if dropped_tables.contains(tname) {
            continue;
        }
        for c in t.constraints.values() {
            let ConstraintKind::ForeignKey(fk) = &c.kind else {
                continue;
            };
            let again = to
                .tables
                .get(tname)
                .and_then(|t| t.constraints.get(&c.name));
            let Some(again) = again.filter(|a| ***a == **c && rebuilt.contains(&fk.ref_table))
            else {
                continue;
            };
            let obj = format!("{}.{}", tname, quote_ident(&c.name));
            steps.push(step(
                Action::Drop,
                "constraint",
                obj.clone(),
                Change::DropConstraint {
                    table: tname.clone(),
                    name: c.name.clone(),
                },
            ));
            let mut add = step(
                Action::Create,
                "constraint",
                obj,
                Change::AddConstraint {
                    table: tname.clone(),
                    constraint: (**again).clone(),
                },
            );
            add.notes.push(format!(
                "made again: {} is dropped and created again",
                fk.ref_table
            ));
            steps.push(add);
        }
    }
    // Foreign keys from kept tables to a dropped one are dropped by
    // alter_table; those between two dropped tables are dropped here, so the
    // tables can go in any order.
    for (tname, t) in &from.tables {
        for c in t.constraints.values() {
            if let ConstraintKind::ForeignKey(fk) = &c.kind {
                if dropped_tables.contains(&fk.ref_table) && dropped_tables.contains(tname) {
                    steps.push(step(
                        Action::Drop,
                        "constraint",
                        format!("{}.{}", tname, quote_ident(&c.name)),
                        Change::DropConstraint {
                            table: tname.clone(),
                            name: c.name.clone(),
                        },
                    ));
                }
            }
        }
    }
}

pub(crate) fn create_table(t: &Table, steps: &mut Vec<Step>) {
    let mut inline = t.clone();
    // Foreign keys after every table; a NOT VALID constraint by ALTER TABLE
    // (a dump keeps it not valid).
    let apart = |c: &Constraint| matches!(c.kind, ConstraintKind::ForeignKey(_)) || c.not_valid;
    inline.constraints.retain(|_, c| !apart(c));
    inline.indexes.clear();
    inline.statistics.clear();
    steps.push(step(
        Action::Create,
        "table",
        t.name.to_string(),
        Change::CreateTable { table: inline },
    ));
    for c in t.constraints.values() {
        if apart(c) {
            steps.push(super::constraints::add_constraint(&t.name, c));
        }
    }
    for i in t.indexes.values() {
        steps.push(super::indexes::create_index(&t.name, i));
        super::indexes::statistics(&t.name, i, None, steps);
    }
    super::columns::storage(None, t, steps);
    super::columns::statistics_targets(None, t, steps);
    index_settings(None, t, steps);
    super::policies::create_all(t, steps);
    super::triggers::create_all(t, steps);
    super::statistics::create_all(t, steps);
    table_comments(None, t, steps);
}

/// Tables PostgreSQL cannot alter into their desired form: a partition key
/// that changes, a table that becomes (or stops being) partitioned or a
/// partition, a table whose parents (`INHERITS`) change, and every
/// partition or child of such a table.
fn rebuilt(from: &Schema, to: &Schema) -> BTreeSet<QualName> {
    let mut out: BTreeSet<QualName> = to
        .tables
        .values()
        .filter(|t| {
            from.tables.get(&t.name).is_some_and(|old| {
                old.partition_by != t.partition_by
                    || old.partition_of.is_some() != t.partition_of.is_some()
                    || old.inherits != t.inherits
            })
        })
        .map(|t| t.name.clone())
        .collect();
    // A partition whose parent is made again is made again with it; so is
    // a table that inherits from one (or from one that is dropped), which
    // would keep the parent from being dropped.
    let gone = |n: &QualName| !to.tables.contains_key(n);
    loop {
        let more: Vec<QualName> = to
            .tables
            .values()
            .filter(|t| {
                from.tables.contains_key(&t.name)
                    && !out.contains(&t.name)
                    && (t
                        .partition_of
                        .as_ref()
                        .is_some_and(|p| out.contains(&p.parent))
                        || t.inherits.iter().any(|p| out.contains(p) || gone(p)))
            })
            .map(|t| t.name.clone())
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

/// A partition moved to another bound or parent: detached, then attached
/// again (the rows stay). Not `DETACH … CONCURRENTLY`: it leaves a check
/// constraint of the old bound behind, which the new bound may break.
fn repartition(old: &Table, new: &Table, steps: &mut Vec<Step>) {
    let (Some(was), Some(is)) = (&old.partition_of, &new.partition_of) else {
        return;
    };
    if was == is {
        return;
    }
    steps.push(step(
        Action::Alter,
        "partition",
        new.name.to_string(),
        Change::DetachPartition {
            parent: was.parent.clone(),
            partition: new.name.clone(),
        },
    ));
    steps.push(step(
        Action::Alter,
        "partition",
        new.name.to_string(),
        Change::AttachPartition {
            parent: is.parent.clone(),
            partition: new.name.clone(),
            bound: is.bound.clone(),
        },
    ));
}

pub(crate) fn alter_table(old: &Table, new: &Table, named_not_null: bool, steps: &mut Vec<Step>) {
    repartition(old, new, steps);
    storage(old, new, steps);
    let columns = super::columns::diff(old, new, named_not_null, steps);
    super::columns::storage(Some(old), new, steps);
    super::columns::statistics_targets(Some(old), new, steps);
    super::constraints::diff(old, new, &columns, steps);
    super::indexes::diff(old, new, &columns, steps);
    super::statistics::diff(old, new, &columns, steps);
    super::policies::diff(old, new, &columns, steps);
    super::triggers::diff(old, new, steps);
    index_settings(Some(old), new, steps);
    table_comments(Some(old), new, steps);
}

/// `CLUSTER ON` and `REPLICA IDENTITY`, where they change, or where the
/// index they name is made (again) by this plan: an index made anew is
/// neither.
pub(crate) fn index_settings(old: Option<&Table>, new: &Table, steps: &mut Vec<Step>) {
    let n = &new.name;
    let remade = |index: &str| {
        let Some(old) = old else { return true };
        match (old.indexes.get(index), new.indexes.get(index)) {
            (Some(a), Some(b)) => !super::indexes::same_index(a, b),
            (None, Some(_)) => true,
            _ => match (old.constraints.get(index), new.constraints.get(index)) {
                (Some(a), Some(b)) => !super::constraints::same_constraint(a, b),
                (None, Some(_)) => true,
                _ => false,
            },
        }
    };
    let was_cluster = old.and_then(|o| o.cluster_on.as_ref());
    if was_cluster != new.cluster_on.as_ref() || new.cluster_on.as_deref().is_some_and(remade) {
        steps.push(step(
            Action::Alter,
            "table",
            n.to_string(),
            Change::SetCluster {
                table: n.clone(),
                index: new.cluster_on.clone(),
            },
        ));
    }
    let was_identity = old.and_then(|o| o.replica_identity.as_ref());
    let identity_index = match &new.replica_identity {
        Some(ReplicaIdentity::Index(i)) => Some(i.as_str()),
        _ => None,
    };
    if was_identity != new.replica_identity.as_ref() || identity_index.is_some_and(remade) {
        steps.push(step(
            Action::Alter,
            "table",
            n.to_string(),
            Change::SetReplicaIdentity {
                table: n.clone(),
                identity: new.replica_identity.clone(),
            },
        ));
    }
}

/// `UNLOGGED` and storage parameters where they change.
fn storage(old: &Table, new: &Table, steps: &mut Vec<Step>) {
    let n = &new.name;
    if old.unlogged != new.unlogged {
        steps.push(step(
            Action::Alter,
            "table",
            n.to_string(),
            Change::SetLogged {
                table: n.clone(),
                unlogged: new.unlogged,
            },
        ));
    }
    let key = |p: &str| p.split_once('=').map_or(p, |(k, _)| k).to_string();
    let set: Vec<String> = new
        .with
        .iter()
        .filter(|p| !old.with.contains(p))
        .cloned()
        .collect();
    let new_keys: Vec<String> = new.with.iter().map(|p| key(p)).collect();
    let reset: Vec<String> = old
        .with
        .iter()
        .map(|p| key(p))
        .filter(|k| !new_keys.contains(k))
        .collect();
    for (parameters, reset) in [(reset, true), (set, false)] {
        if !parameters.is_empty() {
            steps.push(step(
                Action::Alter,
                "table",
                n.to_string(),
                Change::SetTableParameters {
                    table: n.clone(),
                    parameters,
                    reset,
                },
            ));
        }
    }
}

/// Comments of `new` that differ from `old` (all of them for a new table).
pub(crate) fn table_comments(old: Option<&Table>, t: &Table, steps: &mut Vec<Step>) {
    let n = &t.name;
    if old.map(|o| &o.comment) != Some(&t.comment) && (old.is_some() || t.comment.is_some()) {
        steps.push(comment(
            CommentTarget::Table { name: n.clone() },
            n.to_string(),
            "table",
            &t.comment,
        ));
    }
    for c in t.columns.values() {
        // A rebuilt column lost its comment.
        let before = old
            .and_then(|o| o.columns.get(&c.name))
            .filter(|oc| !super::columns::rebuilt(oc, c))
            .map(|oc| &oc.comment);
        if before != Some(&c.comment) && (before.is_some() || c.comment.is_some()) {
            steps.push(comment(
                CommentTarget::Column {
                    table: n.clone(),
                    column: c.name.clone(),
                },
                col_name(n, &c.name),
                "column",
                &c.comment,
            ));
        }
    }
    for c in t.constraints.values() {
        // A re-created constraint lost its comment.
        let before = old
            .and_then(|o| o.constraints.get(&c.name))
            .filter(|oc| super::constraints::same_constraint(oc, c))
            .map(|oc| &oc.comment);
        if before != Some(&c.comment) && (before.is_some() || c.comment.is_some()) {
            steps.push(comment(
                CommentTarget::Constraint {
                    table: n.clone(),
                    name: c.name.clone(),
                },
                format!("{}.{}", n, quote_ident(&c.name)),
                "constraint",
                &c.comment,
            ));
        }
    }
    for i in t.indexes.values() {
        let before = old
            .and_then(|o| o.indexes.get(&i.name))
            .filter(|oi| super::indexes::same_index(oi, i))
            .map(|oi| &oi.comment);
        let q = QualName::new(n.schema.clone(), i.name.clone());
        if before != Some(&i.comment) && (before.is_some() || i.comment.is_some()) {
            steps.push(comment(
                CommentTarget::Index { name: q.clone() },
                q.to_string(),
                "index",
                &i.comment,
            ));
        }
    }
}

/// Ordering: what each of this kind's steps creates, needs, drops and
/// releases (`order` turns these into edges).
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    let enums_to = cx.enums_to;
    let enums_from = cx.enums_from;
    let from = cx.from;
    let schema_of = |s: &str| Key::Schema(s.to_string());
    match change {
        Change::CreateTable { table } => {
            d.creates.push(Key::Table(table.name.clone()));
            d.needs.push(schema_of(&table.name.schema));
            if let Some(p) = &table.partition_of {
                d.needs.push(Key::Table(p.parent.clone()));
            }
            for p in &table.inherits {
                d.needs.push(Key::Table(p.clone()));
                // A column of its own that changes one it inherits: the
                // parent has that column first.
                for c in table.columns.keys() {
                    d.needs.push(Key::Column(p.clone(), c.clone()));
                }
            }
            for c in table.columns.values() {
                d.creates
                    .push(Key::Column(table.name.clone(), c.name.clone()));
                if c.default.is_some() {
                    d.creates
                        .push(Key::Default(table.name.clone(), c.name.clone()));
                }
                column_deps(c, enums_to, &mut d.needs);
            }
            for c in table.constraints.values() {
                d.creates
                    .push(Key::Constraint(table.name.clone(), c.name.clone()));
            }
        }
        Change::SetCluster { table, .. } | Change::SetReplicaIdentity { table, .. } => {
            d.needs.push(Key::Table(table.clone()));
            let index = match change {
                Change::SetCluster { index, .. } => index.as_ref(),
                Change::SetReplicaIdentity {
                    identity: Some(ReplicaIdentity::Index(i)),
                    ..
                } => Some(i),
                _ => None,
            };
            // The index: a table's own, or the one a constraint makes.
            if let Some(i) = index {
                d.needs
                    .push(Key::Index(QualName::new(table.schema.clone(), i.clone())));
                d.needs.push(Key::Constraint(table.clone(), i.clone()));
            }
        }
        Change::DetachPartition { parent, partition } => {
            d.needs.push(Key::Table(parent.clone()));
            d.needs.push(Key::Table(partition.clone()));
        }
        Change::AttachPartition {
            parent, partition, ..
        } => {
            d.needs.push(Key::Table(parent.clone()));
            d.needs.push(Key::Table(partition.clone()));
        }
        Change::DropTable { name } => {
            d.drops.push(Key::Table(name.clone()));
            d.releases.push(schema_of(&name.schema));
            if let Some(t) = from.tables.get(name) {
                if let Some(p) = &t.partition_of {
                    d.releases.push(Key::Table(p.parent.clone()));
                }
                // A child goes before its parent can.
                for p in &t.inherits {
                    d.releases.push(Key::Table(p.clone()));
                }
                for c in t.columns.values() {
                    column_deps(c, enums_from, &mut d.releases);
                    d.drops.push(Key::Column(name.clone(), c.name.clone()));
                }
                for c in t.constraints.values() {
                    d.drops.push(Key::Constraint(name.clone(), c.name.clone()));
                }
            }
        }
        Change::Comment { target, .. } => match target {
            CommentTarget::Schema { name } => d.needs.push(schema_of(name)),
            CommentTarget::Other { key, .. } => d.needs.push(Key::Other(key.clone())),
            CommentTarget::Table { name } => d.needs.push(Key::Table(name.clone())),
            CommentTarget::Column { table, column } => {
                d.needs.push(Key::Column(table.clone(), column.clone()))
            }
            CommentTarget::Constraint { table, name } => {
                d.needs.push(Key::Constraint(table.clone(), name.clone()))
            }
            CommentTarget::Index { name } => d.needs.push(Key::Index(name.clone())),
            CommentTarget::Statistics { name } => d.needs.push(Key::Statistics(name.clone())),
            CommentTarget::Collation { name } => d.needs.push(Key::Collation(name.clone())),
            CommentTarget::Type { name } => d.needs.push(Key::Enum(name.clone())),
            CommentTarget::Sequence { name } => d.needs.push(Key::Sequence(name.clone())),
            CommentTarget::Function { key, .. } | CommentTarget::Aggregate { key, .. } => {
                d.needs.push(Key::Function(key.clone()))
            }
            CommentTarget::Trigger { table, name } => {
                d.needs.push(Key::Trigger(table.clone(), name.clone()))
            }
            CommentTarget::Policy { table, name } => {
                d.needs.push(Key::Policy(table.clone(), name.clone()))
            }
            CommentTarget::View { name, .. } => d.needs.push(Key::Table(name.clone())),
            CommentTarget::Domain { name } => d.needs.push(Key::Enum(name.clone())),
        },
        _ => {}
    }
}

/// What this kind's steps risk (`existing`: the table is there before the
/// plan; one created by the same plan is empty).
pub(crate) fn hazards(step: &Step, existing: &dyn Fn(&QualName) -> bool, h: &mut BTreeSet<Hazard>) {
    match &step.change {
        Change::DropTable { .. } => {
            h.insert(Hazard::DataLoss);
            h.insert(Hazard::Irreversible);
        }
        // SET LOGGED / UNLOGGED writes the whole table again under an
        // ACCESS EXCLUSIVE lock.
        Change::SetLogged { table, .. } if existing(table) => {
            h.insert(Hazard::TableRewrite);
            h.insert(Hazard::BlockingLock);
        }
        // ATTACH checks every row against the bound (and the default
        // partition's) under an ACCESS EXCLUSIVE lock on the partition.
        Change::AttachPartition { .. } => {
            h.insert(Hazard::RowScan);
            h.insert(Hazard::BlockingLock);
        }
        // Without CONCURRENTLY, an ACCESS EXCLUSIVE lock on the parent.
        Change::DetachPartition { .. } if step.form != Form::Concurrently => {
            h.insert(Hazard::BlockingLock);
        }
        _ => {}
    }
}

/// The names of partitions' indexes attached to their parents' (see
/// `Table::partition_index_names`): what each is called once the plan's
/// other steps ran — what it had, where the partition and its parent's
/// index stay as they are; the name of an index of the partition's own
/// the new parent index adopts; else PostgreSQL's choice — renamed where
/// the desired state names it otherwise.
fn partition_index_names(
    from: &Schema,
    to: &Schema,
    rebuilt: &BTreeSet<QualName>,
    steps: &mut Vec<Step>,
) {
    for t in to.tables.values() {
        let Some(of) = &t.partition_of else {
            continue;
        };
        let Some(parent) = to.tables.get(&of.parent) else {
            continue;
        };
        let old = from
            .tables
            .get(&t.name)
            .filter(|o| !rebuilt.contains(&o.name));
        let old_parent = from
            .tables
            .get(&parent.name)
            .filter(|_| !rebuilt.contains(&parent.name));
        let keys = parent
            .constraints
            .values()
            .filter(|c| {
                matches!(
                    c.kind,
                    ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
                )
            })
            .map(|c| c.name.clone());
        for p in parent.indexes.keys().cloned().chain(keys) {
            let Some(default) = to.default_partition_index_name(t, &p) else {
                continue;
            };
            let want = t
                .partition_index_names
                .get(&p)
                .cloned()
                .unwrap_or_else(|| default.clone());
            let same_parent_index = old_parent.is_some_and(|op| {
                op.indexes
                    .get(&p)
                    .is_some_and(|i| Some(i) == parent.indexes.get(&p))
                    || op
                        .constraints
                        .get(&p)
                        .is_some_and(|c| Some(c) == parent.constraints.get(&p))
            });
            let attached =
                old.filter(|o| o.partition_of.as_ref().map(|x| &x.parent) == Some(&parent.name));
            let has = match attached {
                Some(o) if same_parent_index => o
                    .partition_index_names
                    .get(&p)
                    .cloned()
                    .unwrap_or_else(|| default.clone()),
                _ => match old {
                    Some(o)
                        if o.indexes.contains_key(&want) || o.constraints.contains_key(&want) =>
                    {
                        want.clone()
                    }
                    _ => default.clone(),
                },
            };
            if want != has {
                steps.push(step(
                    Action::Alter,
                    "index",
                    QualName::new(t.name.schema.clone(), want.clone()).to_string(),
                    Change::NamePartitionIndex {
                        partition: t.name.clone(),
                        parent_index: p.clone(),
                        from: has,
                        to: want,
                    },
                ));
            }
        }
    }
}

/// Each partition's defaults as the desired state has them: a partition
/// made now, or one whose root's default the plan changes (which reaches
/// every partition), has its root's; else what it had. Where that is not
/// what it should have, `ALTER TABLE ONLY` sets it.
fn partition_defaults(
    from: &Schema,
    to: &Schema,
    rebuilt: &BTreeSet<QualName>,
    steps: &mut Vec<Step>,
) {
    for t in to.tables.values().filter(|t| t.partition_of.is_some()) {
        let root_name = to.partition_root(t);
        let Some(root) = to.tables.get(&root_name) else {
            continue;
        };
        let old_root = from
            .tables
            .get(&root_name)
            .filter(|_| !rebuilt.contains(&root_name));
        let old = from.tables.get(&t.name).filter(|o| {
            !rebuilt.contains(&o.name) && o.partition_of.is_some() && old_root.is_some()
        });
        for c in root.columns.values() {
            let want = to.effective_default(t, &c.name);
            let root_was = old_root.and_then(|r| r.columns.get(&c.name));
            let has = match (old, root_was) {
                (Some(o), Some(rc)) if rc.default == c.default => {
                    from.effective_default(o, &c.name)
                }
                _ => c.default.clone(),
            };
            if want != has {
                steps.push(step(
                    Action::Alter,
                    "column",
                    col_name(&t.name, &c.name),
                    Change::SetPartitionDefault {
                        table: t.name.clone(),
                        column: c.name.clone(),
                        default: want,
                    },
                ));
            }
        }
    }
}
