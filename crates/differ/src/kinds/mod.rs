//! One module per object kind: how it is compared and which steps it
//! produces. The shared machinery (ordering, hazards, online forms,
//! renames) lives beside this folder and knows kinds only through
//! [`Change`](crate::Change).

pub(crate) mod aggregates;
pub(crate) mod collations;
pub(crate) mod columns;
pub(crate) mod constraints;
pub(crate) mod enums;
pub(crate) mod functions;
pub(crate) mod indexes;
pub(crate) mod inheritance;
pub(crate) mod namespaces;
pub(crate) mod others;
pub(crate) mod policies;
pub(crate) mod privileges;
pub(crate) mod sequences;
pub(crate) mod statistics;
pub(crate) mod tables;
pub(crate) mod triggers;
pub(crate) mod types;
pub(crate) mod views;

use crate::order::{DepCx, Deps};
use crate::{Change, Hazard, Step};
use schemadiff_model::QualName;
use std::collections::BTreeSet;

/// What a step creates, needs, drops and releases, from its kind's module
/// (and the functions its expressions call).
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    functions::uses(change, cx, d);
    others::uses(change, cx, d);
    if let Some((table, column)) = inheritance::column_of(change) {
        inheritance::deps(table, column, cx, d);
    }
    match change {
        Change::CreateSchema { .. }
        | Change::DropSchema { .. }
        | Change::CreateExtension { .. }
        | Change::DropExtension { .. }
        | Change::UpdateExtension { .. }
        | Change::SetExtensionSchema { .. } => namespaces::deps(change, cx, d),
        Change::CreateEnum { .. }
        | Change::AddEnumValue { .. }
        | Change::RebuildEnum { .. }
        | Change::DropEnum { .. } => enums::deps(change, cx, d),
        Change::CreateSequence { .. }
        | Change::AlterSequence { .. }
        | Change::SetSequenceOwner { .. }
        | Change::SetSequenceLogged { .. }
        | Change::DropSequence { .. } => sequences::deps(change, cx, d),
        Change::CreateTable { .. }
        | Change::DropTable { .. }
        | Change::Comment { .. }
        | Change::DetachPartition { .. }
        | Change::AttachPartition { .. }
        | Change::DropDetachCheck { .. } => tables::deps(change, cx, d),
        Change::AddColumn { .. }
        | Change::DropColumn { .. }
        | Change::DropInheritedColumn { .. }
        | Change::AlterColumnType { .. }
        | Change::SetDefault { .. }
        | Change::DropDefault { .. }
        | Change::AddIdentity { .. }
        | Change::SetNotNull { .. }
        | Change::DropExpression { .. }
        | Change::DropNotNull { .. }
        | Change::SetIdentity { .. }
        | Change::DropIdentity { .. } => columns::deps(change, cx, d),
        Change::AddConstraint { .. } | Change::DropConstraint { .. } => {
            constraints::deps(change, cx, d)
        }
        Change::CreateIndex { .. } | Change::DropIndex { .. } => indexes::deps(change, cx, d),
        Change::CreateCollation { .. } | Change::DropCollation { .. } => {
            collations::deps(change, cx, d)
        }
        Change::CreateStatistics { .. }
        | Change::DropStatistics { .. }
        | Change::AlterStatistics { .. } => statistics::deps(change, cx, d),
        Change::CreateFunction { .. } | Change::DropFunction { .. } => {
            functions::deps(change, cx, d)
        }
        Change::CreateAggregate { .. } | Change::DropAggregate { .. } => {
            aggregates::deps(change, cx, d)
        }
        Change::CreateTrigger { .. }
        | Change::DropTrigger { .. }
        | Change::SetTriggerEnabled { .. } => triggers::deps(change, cx, d),
        Change::CreatePolicy { .. }
        | Change::AlterPolicy { .. }
        | Change::DropPolicy { .. }
        | Change::SetRowSecurity { .. } => policies::deps(change, cx, d),
        Change::SetLogged { table, .. } | Change::SetTableParameters { table, .. } => {
            d.needs.push(crate::order::Key::Table(table.clone()))
        }
        Change::SetCluster { .. } | Change::SetReplicaIdentity { .. } => {
            tables::deps(change, cx, d)
        }
        Change::SetColumnStorage { table, column, .. }
        | Change::SetColumnCompression { table, column, .. } => d
            .needs
            .push(crate::order::Key::Column(table.clone(), column.clone())),
        // After the partition and its parent's index are made (which
        // makes the partition's).
        Change::NamePartitionIndex {
            partition,
            parent_index,
            to,
            ..
        } => {
            d.needs.push(crate::order::Key::Table(partition.clone()));
            if let Some(parent) = cx
                .to
                .tables
                .get(partition)
                .and_then(|t| t.partition_of.as_ref())
                .map(|p| p.parent.clone())
            {
                d.needs.push(crate::order::Key::Index(QualName::new(
                    parent.schema.clone(),
                    parent_index.clone(),
                )));
                d.needs
                    .push(crate::order::Key::Constraint(parent, parent_index.clone()));
            }
            d.creates.push(crate::order::Key::Index(QualName::new(
                partition.schema.clone(),
                to.clone(),
            )));
        }
        // After the partition is made and its root's default set (which
        // reaches every partition).
        Change::SetPartitionDefault { table, column, .. } => {
            d.needs.push(crate::order::Key::Table(table.clone()));
            if let Some(root) = cx.to.tables.get(table).map(|t| cx.to.partition_root(t)) {
                d.needs
                    .push(crate::order::Key::Default(root.clone(), column.clone()));
                d.needs.push(crate::order::Key::Default(
                    root.clone(),
                    format!("{column}\0dropped"),
                ));
                d.needs
                    .push(crate::order::Key::Column(root, column.clone()));
            }
        }
        // An inherited column or a partition's comes with its table.
        Change::SetColumnStatistics { table, column, .. } => {
            d.needs.push(crate::order::Key::Table(table.clone()));
            d.needs
                .push(crate::order::Key::Column(table.clone(), column.clone()));
        }
        // The name it takes may be one a dropped sequence frees; the one
        // it frees, one a new sequence takes.
        Change::RenameIdentitySequence {
            table,
            column,
            from,
            to,
        } => {
            d.needs
                .push(crate::order::Key::Column(table.clone(), column.clone()));
            d.creates.push(crate::order::Key::Sequence(to.clone()));
            d.drops.push(crate::order::Key::Sequence(from.clone()));
        }
        Change::SetIndexStatistics { index, .. } => {
            d.needs.push(crate::order::Key::Index(index.clone()))
        }
        Change::CreateView { .. } | Change::DropView { .. } => views::deps(change, cx, d),
        Change::CreateOther { .. } | Change::DropOther { .. } => others::deps(change, cx, d),
        Change::CreateDomain { .. }
        | Change::AlterDomain { .. }
        | Change::DropDomain { .. }
        | Change::CreateComposite { .. }
        | Change::AlterComposite { .. }
        | Change::DropComposite { .. } => types::deps(change, cx, d),
        Change::DefaultPrivileges { .. } => privileges::deps(change, cx, d),
        // Placed before the ordered steps, or made after ordering.
        Change::Privilege { .. }
        | Change::ValidateConstraint { .. }
        | Change::AddUniqueUsingIndex { .. }
        | Change::RenameTable { .. }
        | Change::RenameColumn { .. }
        | Change::RenameConstraint { .. }
        | Change::RenameIndex { .. }
        | Change::RenameType { .. }
        | Change::RenameEnumValue { .. }
        | Change::RenameSequence { .. } => {}
    }
}

/// What a step risks, from its kind's module.
pub(crate) fn hazards(step: &Step, existing: &dyn Fn(&QualName) -> bool, h: &mut BTreeSet<Hazard>) {
    columns::hazards(step, existing, h);
    namespaces::hazards(step, h);
    constraints::hazards(step, existing, h);
    enums::hazards(step, existing, h);
    functions::hazards(step, existing, h);
    indexes::hazards(step, existing, h);
    policies::hazards(step, existing, h);
    sequences::hazards(step, existing, h);
    tables::hazards(step, existing, h);
    triggers::hazards(step, existing, h);
    types::hazards(step, existing, h);
    views::hazards(step, existing, h);
}
