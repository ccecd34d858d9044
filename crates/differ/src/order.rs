//! Orders steps: a petgraph graph with an edge for every dependency, then a
//! stable topological sort (ties: phase, then object, then position).

use crate::{Change, CommentTarget, DiffError, Step};
use petgraph::graph::{DiGraph, NodeIndex};
use schemadiff_model::*;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// Things steps create, need, or remove.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Schema(String),
    Extensions,
    Enum(QualName),
    Sequence(QualName),
    Table(QualName),
    Column(QualName, String),
    Default(QualName, String),
    /// A column's `NOT NULL` (an identity can only be added once it holds).
    NotNull(QualName, String),
    Constraint(QualName, String),
    Index(QualName),
}

#[derive(Default)]
struct Deps {
    /// Keys this step brings into existence (or changes into their new form).
    creates: Vec<Key>,
    /// Keys that must exist (in their new form) before this step.
    needs: Vec<Key>,
    /// Keys this step removes.
    drops: Vec<Key>,
    /// Keys the removed object depended on: their own removal waits.
    releases: Vec<Key>,
}

/// Phase of a step, for tie-breaking: creates of containers first, then
/// drops of dependents, table work, and drops of containers last.
fn rank(c: &Change) -> u8 {
    match c {
        Change::CreateSchema { .. } => 0,
        Change::CreateExtension { .. } => 1,
        Change::CreateEnum { .. } | Change::AddEnumValue { .. } => 2,
        Change::RebuildEnum { .. } => 10,
        Change::CreateSequence { .. } | Change::AlterSequence { .. } => 3,
        Change::DropConstraint { .. } => 4,
        Change::DropIndex { .. } => 5,
        Change::DropTable { .. } => 6,
        Change::DropDefault { .. } => 7,
        Change::DropIdentity { .. } => 8,
        Change::DropColumn { .. } => 9,
        Change::CreateTable { .. } => 10,
        Change::AddColumn { .. } => 11,
        Change::AlterColumnType { .. } | Change::DropExpression { .. } => 12,
        Change::AddIdentity { .. } | Change::SetIdentity { .. } => 13,
        Change::SetDefault { .. } => 14,
        Change::DropNotNull { .. } | Change::SetNotNull { .. } => 15,
        Change::AddConstraint { constraint, .. } => match constraint.kind {
            ConstraintKind::ForeignKey(_) => 18,
            _ => 16,
        },
        Change::CreateIndex { .. } => 17,
        Change::SetSequenceOwner { .. } => 19,
        Change::Comment { .. } => 20,
        Change::DropSequence { .. } => 21,
        Change::DropEnum { .. } => 22,
        Change::DropExtension { .. } => 23,
        Change::DropSchema { .. } => 24,
        // Declared renames are placed before the ordered steps; online
        // forms are made after ordering.
        Change::ValidateConstraint { .. } | Change::AddUniqueUsingIndex { .. } => 16,
        Change::RenameTable { .. }
        | Change::RenameColumn { .. }
        | Change::RenameConstraint { .. }
        | Change::RenameIndex { .. }
        | Change::RenameSequence { .. } => 0,
    }
}

/// The enum a column type refers to, if any.
fn enum_of(ty: &str, enums: &BTreeMap<String, QualName>) -> Option<QualName> {
    enums.get(ty.trim_end_matches("[]")).cloned()
}

/// The sequence in a `nextval('…'::regclass)` default.
fn sequence_of(default: &Option<String>) -> Option<QualName> {
    let d = default.as_deref()?;
    let inner = d.strip_prefix("nextval('")?.split("'::regclass)").next()?;
    let (schema, name) = types::split_qualified(&inner.replace("''", "'")).ok()?;
    Some(QualName::new(
        schema.unwrap_or_else(|| "public".into()),
        name,
    ))
}

fn column_deps(c: &Column, enums: &BTreeMap<String, QualName>, out: &mut Vec<Key>) {
    out.push(Key::Extensions);
    if let Some(e) = enum_of(&c.data_type, enums) {
        out.push(Key::Enum(e));
    }
    if let Some(s) = sequence_of(&c.default) {
        out.push(Key::Sequence(s));
    }
}

/// The unique constraint or index a foreign key relies on.
fn key_for(fk: &ForeignKey, schema: &Schema) -> Option<Key> {
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

fn constraint_deps(t: &QualName, c: &Constraint, schema: &Schema, out: &mut Vec<Key>) {
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
    if let ConstraintKind::Check { .. } = &c.kind {
        if let Some(table) = schema.tables.get(t) {
            for col in table.columns.keys() {
                out.push(Key::Column(t.clone(), col.clone()));
            }
        }
    }
}

fn deps(
    step: &Step,
    from: &Schema,
    to: &Schema,
    enums_to: &BTreeMap<String, QualName>,
    enums_from: &BTreeMap<String, QualName>,
) -> Deps {
    let mut d = Deps::default();
    let schema_of = |s: &str| Key::Schema(s.to_string());
    match &step.change {
        Change::CreateSchema { name } => d.creates.push(schema_of(name)),
        Change::DropSchema { name } => d.drops.push(schema_of(name)),
        Change::CreateExtension { .. } => d.creates.push(Key::Extensions),
        Change::DropExtension { .. } => d.drops.push(Key::Extensions),
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
        Change::CreateSequence { sequence } => {
            d.creates.push(Key::Sequence(sequence.name.clone()));
            d.needs.push(schema_of(&sequence.name.schema));
        }
        Change::AlterSequence { to: s, .. } => d.creates.push(Key::Sequence(s.name.clone())),
        Change::SetSequenceOwner { name, owned_by } => {
            d.needs.push(Key::Sequence(name.clone()));
            if let Some((t, c)) = owned_by {
                d.needs.push(Key::Table(t.clone()));
                d.needs.push(Key::Column(t.clone(), c.clone()));
            }
        }
        Change::DropSequence { name } => {
            d.drops.push(Key::Sequence(name.clone()));
            d.releases.push(schema_of(&name.schema));
        }
        Change::CreateTable { table } => {
            d.creates.push(Key::Table(table.name.clone()));
            d.needs.push(schema_of(&table.name.schema));
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
        Change::DropTable { name } => {
            d.drops.push(Key::Table(name.clone()));
            d.releases.push(schema_of(&name.schema));
            if let Some(t) = from.tables.get(name) {
                for c in t.columns.values() {
                    column_deps(c, enums_from, &mut d.releases);
                    d.drops.push(Key::Column(name.clone(), c.name.clone()));
                }
                for c in t.constraints.values() {
                    d.drops.push(Key::Constraint(name.clone(), c.name.clone()));
                }
            }
        }
        Change::AddColumn { table, column } => {
            d.needs.push(Key::Table(table.clone()));
            d.creates
                .push(Key::Column(table.clone(), column.name.clone()));
            column_deps(column, enums_to, &mut d.needs);
        }
        Change::DropColumn { table, column } => {
            d.drops.push(Key::Column(table.clone(), column.clone()));
            if let Some(c) = from.tables.get(table).and_then(|t| t.columns.get(column)) {
                column_deps(c, enums_from, &mut d.releases);
            }
        }
        Change::AlterColumnType {
            table,
            column,
            from: old,
            to: new,
            ..
        } => {
            d.creates.push(Key::Column(table.clone(), column.clone()));
            d.needs.push(Key::Extensions);
            if let Some(e) = enum_of(new, enums_to) {
                d.needs.push(Key::Enum(e));
            }
            if let Some(e) = enum_of(old, enums_from) {
                d.releases.push(Key::Enum(e));
            }
            // The old default must be gone first; the new one comes after.
            d.needs
                .push(Key::Default(table.clone(), format!("{column}\0dropped")));
        }
        Change::SetDefault {
            table,
            column,
            default,
        } => {
            d.needs.push(Key::Column(table.clone(), column.clone()));
            d.creates.push(Key::Default(table.clone(), column.clone()));
            if let Some(s) = sequence_of(&Some(default.clone())) {
                d.needs.push(Key::Sequence(s));
            }
        }
        Change::DropDefault { table, column } => {
            d.drops.push(Key::Default(table.clone(), column.clone()));
            d.creates
                .push(Key::Default(table.clone(), format!("{column}\0dropped")));
            let old = from
                .tables
                .get(table)
                .and_then(|t| t.columns.get(column))
                .and_then(|c| c.default.clone());
            if let Some(s) = sequence_of(&old) {
                d.releases.push(Key::Sequence(s));
            }
        }
        Change::AddIdentity { table, column, .. } => {
            d.needs.push(Key::Column(table.clone(), column.clone()));
            d.needs.push(Key::NotNull(table.clone(), column.clone()));
            // The identity's sequence takes the name a serial's sequence on
            // this column had: that one is dropped first.
            for seq in from.sequences.values() {
                if seq.owned_by.as_ref() == Some(&(table.clone(), column.clone())) {
                    d.creates.push(Key::Sequence(seq.name.clone()));
                }
            }
        }
        Change::SetNotNull { table, column } => {
            d.needs.push(Key::Column(table.clone(), column.clone()));
            d.creates.push(Key::NotNull(table.clone(), column.clone()));
        }
        Change::DropExpression { table, column } => {
            d.creates.push(Key::Column(table.clone(), column.clone()));
        }
        Change::DropNotNull { table, column }
        | Change::SetIdentity { table, column, .. }
        | Change::DropIdentity { table, column } => {
            d.needs.push(Key::Column(table.clone(), column.clone()));
        }
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
        Change::Comment { target, .. } => match target {
            CommentTarget::Schema { name } => d.needs.push(schema_of(name)),
            CommentTarget::Table { name } => d.needs.push(Key::Table(name.clone())),
            CommentTarget::Column { table, column } => {
                d.needs.push(Key::Column(table.clone(), column.clone()))
            }
            CommentTarget::Constraint { table, name } => {
                d.needs.push(Key::Constraint(table.clone(), name.clone()))
            }
            CommentTarget::Index { name } => d.needs.push(Key::Index(name.clone())),
            CommentTarget::Type { name } => d.needs.push(Key::Enum(name.clone())),
            CommentTarget::Sequence { name } => d.needs.push(Key::Sequence(name.clone())),
        },
        // Placed before the ordered steps, or made after ordering.
        Change::ValidateConstraint { .. }
        | Change::AddUniqueUsingIndex { .. }
        | Change::RenameTable { .. }
        | Change::RenameColumn { .. }
        | Change::RenameConstraint { .. }
        | Change::RenameIndex { .. }
        | Change::RenameSequence { .. } => {}
    }
    d
}

fn sort_name(c: &Change) -> String {
    serde_json::to_string(c).unwrap_or_default()
}

pub(crate) fn order(steps: Vec<Step>, from: &Schema, to: &Schema) -> Result<Vec<Step>, DiffError> {
    let enum_names = |s: &Schema| -> BTreeMap<String, QualName> {
        s.enums.keys().map(|q| (q.printed(), q.clone())).collect()
    };
    let (enums_to, enums_from) = (enum_names(to), enum_names(from));
    let all: Vec<Deps> = steps
        .iter()
        .map(|s| deps(s, from, to, &enums_to, &enums_from))
        .collect();

    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..steps.len()).map(|i| graph.add_node(i)).collect();
    let mut creators: BTreeMap<&Key, Vec<usize>> = BTreeMap::new();
    let mut droppers: BTreeMap<&Key, Vec<usize>> = BTreeMap::new();
    for (i, d) in all.iter().enumerate() {
        for k in &d.creates {
            creators.entry(k).or_default().push(i);
        }
        for k in &d.drops {
            droppers.entry(k).or_default().push(i);
        }
    }
    let mut edge = |a: usize, b: usize| {
        if a != b && graph.find_edge(nodes[a], nodes[b]).is_none() {
            graph.add_edge(nodes[a], nodes[b], ());
        }
    };
    for (i, d) in all.iter().enumerate() {
        for k in &d.needs {
            for &c in creators.get(k).into_iter().flatten() {
                edge(c, i);
            }
        }
        for k in &d.releases {
            for &x in droppers.get(k).into_iter().flatten() {
                edge(i, x);
            }
        }
        // A name dropped and created again: the drop goes first.
        for k in &d.creates {
            for &x in droppers.get(k).into_iter().flatten() {
                edge(x, i);
            }
        }
    }

    // Kahn's algorithm with a priority queue for a deterministic order.
    let keys: Vec<(u8, String, usize)> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| (rank(&s.change), sort_name(&s.change), i))
        .collect();
    let mut indegree: Vec<usize> = nodes
        .iter()
        .map(|n| {
            graph
                .neighbors_directed(*n, petgraph::Direction::Incoming)
                .count()
        })
        .collect();
    let mut ready: BinaryHeap<Reverse<&(u8, String, usize)>> = BinaryHeap::new();
    for (i, deg) in indegree.iter().enumerate() {
        if *deg == 0 {
            ready.push(Reverse(&keys[i]));
        }
    }
    let mut out = Vec::with_capacity(steps.len());
    while let Some(Reverse(&(_, _, i))) = ready.pop() {
        out.push(i);
        for n in graph.neighbors_directed(nodes[i], petgraph::Direction::Outgoing) {
            let j = graph[n];
            indegree[j] -= 1;
            if indegree[j] == 0 {
                ready.push(Reverse(&keys[j]));
            }
        }
    }
    if out.len() != steps.len() {
        let stuck: Vec<String> = (0..steps.len())
            .filter(|i| !out.contains(i))
            .map(|i| steps[i].object.clone())
            .collect();
        return Err(DiffError(format!(
            "cannot order these changes, they depend on each other in a cycle: {}",
            stuck.join(", ")
        )));
    }
    let mut slots: Vec<Option<Step>> = steps.into_iter().map(Some).collect();
    Ok(out
        .into_iter()
        .map(|i| slots[i].take().expect("each step once"))
        .collect())
}
