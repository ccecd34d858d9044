//! Orders steps: a petgraph graph with an edge for every dependency, then a
//! stable topological sort (ties: phase, then object, then position).

use crate::{Change, DiffError, Step};
use petgraph::graph::{DiGraph, NodeIndex};
use schemadiff_model::*;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// Things steps create, need, or remove.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key {
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
    Policy(QualName, String),
    /// A function by [`Function::key`].
    Function(String),
    Trigger(QualName, String),
    Statistics(QualName),
    Collation(QualName),
    /// An operator, text search object, cast, rule, … by its key.
    Other(String),
    /// Every operator, text search object, cast and foreign table, which
    /// tables, indexes and views may use.
    Objects,
}

#[derive(Default)]
pub(crate) struct Deps {
    /// Keys this step brings into existence (or changes into their new form).
    pub creates: Vec<Key>,
    /// Keys that must exist (in their new form) before this step.
    pub needs: Vec<Key>,
    /// Keys this step removes.
    pub drops: Vec<Key>,
    /// Keys the removed object depended on: their own removal waits.
    pub releases: Vec<Key>,
}

/// What a kind's `deps` may consult: both schemas, and the enum types of
/// each by the name columns print.
pub(crate) struct DepCx<'a> {
    pub from: &'a Schema,
    pub to: &'a Schema,
    pub enums_to: &'a BTreeMap<String, QualName>,
    pub enums_from: &'a BTreeMap<String, QualName>,
}

/// Phase of a step, for tie-breaking: creates of containers first, then
/// drops of dependents, table work, and drops of containers last.
fn rank(c: &Change) -> u8 {
    match c {
        Change::CreateSchema { .. } => 0,
        Change::CreateExtension { .. }
        | Change::CreateCollation { .. }
        | Change::UpdateExtension { .. }
        | Change::SetExtensionSchema { .. } => 1,
        Change::CreateEnum { .. } | Change::AddEnumValue { .. } => 2,
        Change::RebuildEnum { .. } => 10,
        Change::CreateSequence { .. }
        | Change::AlterSequence { .. }
        | Change::SetSequenceLogged { .. } => 3,
        Change::DropConstraint { .. } => 4,
        Change::DropIndex { .. } | Change::DropStatistics { .. } => 5,
        Change::DropTable { .. } => 6,
        Change::DropDefault { .. } => 7,
        Change::DropIdentity { .. } => 8,
        Change::DropColumn { .. } | Change::DropInheritedColumn { .. } => 9,
        Change::CreateTable { .. } => 10,
        Change::AddColumn { .. } => 11,
        Change::AlterColumnType { .. } | Change::DropExpression { .. } => 12,
        Change::AddIdentity { .. }
        | Change::SetIdentity { .. }
        | Change::RenameIdentitySequence { .. } => 13,
        Change::SetDefault { .. } => 14,
        Change::DropNotNull { .. } | Change::SetNotNull { .. } => 15,
        Change::AddConstraint { constraint, .. } => match constraint.kind {
            ConstraintKind::ForeignKey(_) => 18,
            _ => 16,
        },
        Change::CreateIndex { .. }
        | Change::CreateStatistics { .. }
        | Change::AlterStatistics { .. } => 17,
        Change::DropPolicy { .. } | Change::DropTrigger { .. } => 4,
        Change::CreateTrigger { .. } | Change::SetTriggerEnabled { .. } => 18,
        Change::CreateFunction { .. } => 12,
        Change::CreateAggregate { .. } => 13,
        Change::DropAggregate { .. } => 20,
        Change::DropFunction { .. } => 21,
        Change::SetRowSecurity { .. }
        | Change::SetLogged { .. }
        | Change::SetTableParameters { .. } => 16,
        // After the indexes they name.
        Change::SetCluster { .. } | Change::SetReplicaIdentity { .. } => 18,
        Change::DropView { .. } => 4,
        Change::CreateOther { object } if object.kind.early() => 9,
        Change::CreateOther { .. } => 19,
        Change::DropOther { object } if object.kind.early() => 23,
        Change::DropOther { .. } => 4,
        Change::CreateDomain { .. } | Change::CreateComposite { .. } => 2,
        Change::AlterDomain { .. } | Change::AlterComposite { .. } => 13,
        Change::DropDomain { .. } | Change::DropComposite { .. } => 22,
        Change::CreateView { .. } => 19,
        Change::CreatePolicy { .. } | Change::AlterPolicy { .. } => 18,
        Change::SetSequenceOwner { .. } => 19,
        Change::Comment { .. } => 20,
        Change::DropSequence { .. } => 21,
        Change::DropEnum { .. } => 22,
        Change::DropExtension { .. } | Change::DropCollation { .. } => 23,
        Change::DropSchema { .. } => 24,
        // Declared renames are placed before the ordered steps; online
        // forms are made after ordering.
        Change::ValidateConstraint { .. } | Change::AddUniqueUsingIndex { .. } => 16,
        // After every create (see `kinds::privileges`).
        Change::DefaultPrivileges { .. } => 22,
        Change::DetachPartition { .. } => 5,
        Change::SetColumnStorage { .. }
        | Change::SetColumnCompression { .. }
        | Change::SetColumnStatistics { .. } => 14,
        Change::SetIndexStatistics { .. } => 15,
        Change::AttachPartition { .. }
        | Change::DropDetachCheck { .. }
        | Change::SetPartitionDefault { .. }
        | Change::NamePartitionIndex { .. } => 19,
        Change::Privilege { .. } => 25,
        Change::RenameTable { .. }
        | Change::RenameColumn { .. }
        | Change::RenameConstraint { .. }
        | Change::RenameIndex { .. }
        | Change::RenameType { .. }
        | Change::RenameEnumValue { .. }
        | Change::RenameSequence { .. } => 0,
    }
}

/// What a step creates, needs, drops and releases, by the module of its kind.
fn deps(step: &Step, cx: &DepCx) -> Deps {
    let mut d = Deps::default();
    crate::kinds::deps(&step.change, cx, &mut d);
    d
}

fn sort_name(c: &Change) -> String {
    serde_json::to_string(c).unwrap_or_default()
}

pub(crate) fn order(steps: Vec<Step>, from: &Schema, to: &Schema) -> Result<Vec<Step>, DiffError> {
    // Every user type by the name columns print: enums, domains and
    // composite types are ordered alike.
    let enum_names = |s: &Schema| -> BTreeMap<String, QualName> {
        s.enums
            .keys()
            .chain(s.domains.keys())
            .chain(s.composites.keys())
            .map(|q| (q.printed(), q.clone()))
            .collect()
    };
    let (enums_to, enums_from) = (enum_names(to), enum_names(from));
    let cx = DepCx {
        from,
        to,
        enums_to: &enums_to,
        enums_from: &enums_from,
    };
    let all: Vec<Deps> = steps.iter().map(|s| deps(s, &cx)).collect();

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
