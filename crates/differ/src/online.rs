//! Online forms for tables that already exist: the same end state, reached
//! without holding a write-blocking lock through a scan or a build.
//!
//! - `CREATE INDEX` / `DROP INDEX` → `… CONCURRENTLY` (outside transactions);
//! - a check or foreign key → `ADD … NOT VALID`, then `VALIDATE CONSTRAINT`;
//! - `SET NOT NULL` → a `NOT VALID` check `(col IS NOT NULL)`, validated,
//!   then `SET NOT NULL` (which uses the check instead of a scan), then the
//!   check dropped;
//! - a unique constraint → a unique index built concurrently, then
//!   `ADD CONSTRAINT … UNIQUE USING INDEX`;
//! - a partition moved to another bound → `DETACH PARTITION …
//!   CONCURRENTLY` (where the parent has no default partition), attached
//!   again, then the check of its old bound that the detach left dropped
//!   (which also spares the attach its scan where the new bound holds the
//!   old one).
//!
//! Steps are replaced in place, so the dependency order stays valid.

use crate::{step, Action, Change, Form, Step};
use schemadiff_model::names::make_object_name;
use schemadiff_model::*;
use std::collections::BTreeMap;

/// Each of these steps commits on its own: a `NOT VALID` constraint must be
/// committed before `VALIDATE` runs, or the strong lock taken to add it would
/// be held through the scan.
fn alone(mut s: Step) -> Step {
    s.alone = true;
    s
}

pub(crate) fn expand(steps: Vec<Step>, from: &Schema) -> Vec<Step> {
    // A materialized view kept through the plan gets its indexes built
    // concurrently too (only its indexes can change in place).
    let kept = crate::hazards::kept_relations(&steps, from);
    // A partitioned table has no online forms: PostgreSQL builds its
    // indexes and checks its constraints partition by partition itself.
    let partitioned = |t: &QualName| from.tables.get(t).is_some_and(|t| t.partition_by.is_some());
    let existing = |t: &QualName| kept.contains(t) && !partitioned(t);
    let index_on_existing = |name: &QualName| {
        from.tables.values().any(|t| {
            t.name.schema == name.schema
                && t.indexes.contains_key(&name.name)
                && t.partition_by.is_none()
        }) || from.views.values().any(|v| {
            kept.contains(&v.name)
                && v.name.schema == name.schema
                && v.indexes.contains_key(&name.name)
        })
    };
    // Partitions detached concurrently: the check each one is left with.
    let mut detached: BTreeMap<QualName, String> = BTreeMap::new();
    let mut out = Vec::with_capacity(steps.len());
    for mut s in steps {
        match s.change.clone() {
            Change::DetachPartition { parent, partition } => {
                if let Some(check) = detach_check(from, &parent, &partition) {
                    s.form = Form::Concurrently;
                    detached.insert(partition, check);
                }
                out.push(s);
            }
            Change::AttachPartition { partition, .. } if detached.contains_key(&partition) => {
                let name = detached.remove(&partition).unwrap_or_default();
                let object = s.object.clone();
                out.push(alone(s));
                out.push(alone(step(
                    Action::Alter,
                    "partition",
                    object,
                    Change::DropDetachCheck {
                        table: partition,
                        name,
                    },
                )));
            }
            Change::CreateIndex { table, .. } if existing(&table) => {
                s.form = Form::Concurrently;
                out.push(s);
            }
            Change::DropIndex { name } if index_on_existing(&name) => {
                s.form = Form::Concurrently;
                out.push(s);
            }
            // Desired NOT VALID: added so, and never validated.
            Change::AddConstraint { ref constraint, .. } if constraint.not_valid => {
                s.form = Form::NotValid;
                out.push(s);
            }
            Change::AddConstraint { table, constraint } if existing(&table) => {
                match &constraint.kind {
                    ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_) => {
                        s.form = Form::NotValid;
                        s.alone = true;
                        let object = s.object.clone();
                        out.push(s);
                        out.push(alone(step(
                            Action::Alter,
                            "constraint",
                            object,
                            Change::ValidateConstraint {
                                table,
                                name: constraint.name.clone(),
                            },
                        )));
                    }
                    ConstraintKind::Unique {
                        columns,
                        nulls_not_distinct,
                    } if !constraint.deferrable => {
                        let index = Index {
                            name: constraint.name.clone(),
                            unique: true,
                            method: "btree".into(),
                            keys: columns.iter().map(IndexKey::column).collect(),
                            include: vec![],
                            predicate: None,
                            nulls_not_distinct: *nulls_not_distinct,
                            with: vec![],
                            comment: None,
                            invalid: false,
                        };
                        let mut build = step(
                            Action::Create,
                            "index",
                            QualName::new(table.schema.clone(), constraint.name.clone())
                                .to_string(),
                            Change::CreateIndex {
                                table: table.clone(),
                                index,
                            },
                        );
                        build.form = Form::Concurrently;
                        out.push(build);
                        s.change = Change::AddUniqueUsingIndex { table, constraint };
                        s.alone = true;
                        out.push(s);
                    }
                    _ => out.push(s),
                }
            }
            Change::SetNotNull { table, column } if existing(&table) => {
                // Not `<table>_<column>_not_null`: PostgreSQL 18 gives that name to
                // the NOT NULL constraint itself, and would add a suffix to it.
                let name = make_object_name(&table.name, Some(&column), "sd_not_null");
                let object = s.object.clone();
                let check = Constraint {
                    name: name.clone(),
                    kind: ConstraintKind::Check {
                        expression: format!("({} IS NOT NULL)", quote_ident(&column)),
                        no_inherit: false,
                    },
                    deferrable: false,
                    initially_deferred: false,
                    comment: None,
                    not_valid: false,
                };
                let mut add = step(
                    Action::Alter,
                    "column",
                    object.clone(),
                    Change::AddConstraint {
                        table: table.clone(),
                        constraint: check,
                    },
                );
                add.form = Form::NotValid;
                out.push(alone(add));
                out.push(alone(step(
                    Action::Alter,
                    "column",
                    object.clone(),
                    Change::ValidateConstraint {
                        table: table.clone(),
                        name: name.clone(),
                    },
                )));
                out.push(alone(s));
                out.push(alone(step(
                    Action::Alter,
                    "column",
                    object,
                    Change::DropConstraint { table, name },
                )));
            }
            _ => out.push(s),
        }
    }
    out
}

/// The name of the check `DETACH PARTITION … CONCURRENTLY` leaves on
/// `partition`, as PostgreSQL chooses it (`<partition>_<column>_check`
/// for a key of one column, numbered past names the schema holds), or
/// `None` where the concurrent form cannot be used: the parent has a
/// default partition, or its key is not plain columns.
fn detach_check(from: &Schema, parent: &QualName, partition: &QualName) -> Option<String> {
    let has_default = from.tables.values().any(|t| {
        t.partition_of
            .as_ref()
            .is_some_and(|p| p.parent == *parent && p.bound == "DEFAULT")
    });
    if has_default {
        return None;
    }
    let key = from.tables.get(parent)?.partition_by.as_deref()?;
    let inner = key.split_once('(')?.1.strip_suffix(')')?;
    let mut columns: Vec<String> = Vec::new();
    for part in inner.split(',') {
        let part = part.trim();
        let name = match part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
            Some(q) if !q.contains('"') => q.to_string(),
            _ if !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
            {
                part.to_string()
            }
            _ => return None,
        };
        if !columns.contains(&name) {
            columns.push(name);
        }
    }
    let column = (columns.len() == 1).then(|| columns[0].clone());
    let taken: std::collections::BTreeSet<&str> = from
        .tables
        .values()
        .filter(|t| t.name.schema == partition.schema)
        .flat_map(|t| t.constraints.keys().map(String::as_str))
        .collect();
    Some(schemadiff_model::names::choose_name_with(
        &partition.name,
        column.as_deref(),
        "check",
        |n| taken.contains(n),
    ))
}
