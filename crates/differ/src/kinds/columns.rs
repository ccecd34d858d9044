//! Columns of tables that exist on both sides: type, identity, generation,
//! default, NOT NULL; added, dropped, or rebuilt.

use super::enums::enum_of;
use super::sequences::sequence_of;
use crate::order::{DepCx, Deps, Key};
use crate::*;
use schemadiff_model::*;
use std::collections::BTreeMap;
use std::collections::BTreeSet;

/// A column that must be dropped and added again: it becomes generated,
/// changes its generation expression or kind, or stops being a virtual
/// one. (A stored generated column becomes a plain one in place.)
pub(crate) fn rebuilt(old: &Column, new: &Column) -> bool {
    let generation_changes =
        old.generated != new.generated || old.generated_virtual != new.generated_virtual;
    generation_changes && (new.generated.is_some() || old.generated_virtual)
}

/// Whether `name` appears in `expr` as a word (a column an expression of a
/// check or index reads, as far as text can tell).
pub(crate) fn mentions(expr: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    expr.match_indices(name).any(|(i, _)| {
        !expr[..i].chars().next_back().is_some_and(word)
            && !expr[i + name.len()..].chars().next().is_some_and(word)
    })
}

/// A type change that keeps every value (though it may rewrite the table).
pub(crate) fn is_lossless(from: &str, to: &str) -> bool {
    let numeric_rank = |t: &str| match t {
        "smallint" => Some(1),
        "integer" => Some(2),
        "bigint" => Some(3),
        "numeric" => Some(4),
        _ => None,
    };
    if let (Some(a), Some(b)) = (numeric_rank(from), numeric_rank(to)) {
        return b >= a;
    }
    to == "text" || (to == "character varying" && !from.ends_with("[]"))
}

/// What the column diff means for the table's constraints and indexes.
#[derive(Default)]
pub(crate) struct ColumnChanges {
    /// Dropped and added again (a change of generation).
    rebuilt: BTreeSet<String>,
    /// Gone from the table, or rebuilt: what hangs on it goes with it.
    gone: BTreeSet<String>,
    /// Changing type (or collation): PostgreSQL refuses that under a policy.
    retyped: BTreeSet<String>,
}

impl ColumnChanges {
    /// The column is gone (dropped or rebuilt).
    pub(crate) fn gone(&self, column: &str) -> bool {
        self.gone.contains(column)
    }

    /// Whether an expression reads a column that is rebuilt or changes type.
    pub(crate) fn reads_changed(&self, exprs: &[&str]) -> bool {
        self.on_rebuilt(&[], exprs)
            || self
                .retyped
                .iter()
                .any(|r| exprs.iter().any(|e| mentions(e, &quote_ident(r))))
    }

    /// Whether something on `cols`, or whose expressions read a column, is
    /// on a rebuilt column: it is dropped with it and must come back.
    pub(crate) fn on_rebuilt(&self, cols: &[String], exprs: &[&str]) -> bool {
        self.rebuilt
            .iter()
            .any(|r| cols.contains(r) || exprs.iter().any(|e| mentions(e, &quote_ident(r))))
    }
}

/// Columns of a table on both sides.
/// `named_not_null`: the server names NOT NULL constraints (PostgreSQL
/// 18), so one of a name of its own is renamed to it.
pub(crate) fn diff(
    old: &Table,
    new: &Table,
    named_not_null: bool,
    steps: &mut Vec<Step>,
) -> ColumnChanges {
    let n = &new.name;
    // Columns.
    for c in new.columns.values() {
        if let Some(oc) = old.columns.get(&c.name).filter(|oc| rebuilt(oc, c)) {
            let obj = col_name(n, &c.name);
            let mut drop = step(
                Action::Drop,
                "column",
                obj.clone(),
                Change::DropColumn {
                    table: n.clone(),
                    column: c.name.clone(),
                },
            );
            // A generated column's values are computed again; a plain
            // one's are lost.
            if oc.generated.is_none() {
                drop.hazards.push(Hazard::DataLoss);
            }
            steps.push(drop);
            let mut bare = c.clone();
            bare.comment = None;
            steps.push(step(
                Action::Create,
                "column",
                obj,
                Change::AddColumn {
                    table: n.clone(),
                    column: bare,
                },
            ));
            continue;
        }
        if let Some(oc) = old.columns.get(&c.name) {
            if oc.generated.is_some() && c.generated.is_none() {
                steps.push(step(
                    Action::Alter,
                    "column",
                    col_name(n, &c.name),
                    Change::DropExpression {
                        table: n.clone(),
                        column: c.name.clone(),
                    },
                ));
            }
        }
        let Some(oc) = old.columns.get(&c.name) else {
            let mut bare = c.clone();
            bare.comment = None;
            steps.push(step(
                Action::Create,
                "column",
                col_name(n, &c.name),
                Change::AddColumn {
                    table: n.clone(),
                    column: bare,
                },
            ));
            continue;
        };
        // Most columns of a large schema are alike on both sides.
        if oc == c {
            continue;
        }
        let obj = col_name(n, &c.name);
        let t = n.clone();
        let col = c.name.clone();
        let type_changes = oc.data_type != c.data_type || oc.collation != c.collation;
        if type_changes {
            let s = step(
                Action::Alter,
                "column",
                obj.clone(),
                Change::AlterColumnType {
                    table: t.clone(),
                    column: col.clone(),
                    from: oc.data_type.clone(),
                    to: c.data_type.clone(),
                    collation: c.collation.clone(),
                    via_text: false,
                    using: None,
                },
            );
            steps.push(s);
        }
        if oc.identity != c.identity || oc.identity_options != c.identity_options {
            let change = match (oc.identity, c.identity) {
                (None, Some(i)) => Change::AddIdentity {
                    table: t.clone(),
                    column: col.clone(),
                    identity: i,
                    data_type: c.data_type.clone(),
                    options: c.identity_options.clone(),
                    sequence: c.identity_sequence.clone(),
                },
                (Some(old_kind), Some(i)) => {
                    let options = (oc.identity_options != c.identity_options).then(|| {
                        c.identity_options
                            .clone()
                            .unwrap_or_else(|| Box::new(IdentityOptions::defaults(&c.data_type, 1)))
                    });
                    let before = oc
                        .identity_options
                        .clone()
                        .unwrap_or_else(|| Box::new(IdentityOptions::defaults(&oc.data_type, 1)));
                    let restart_outside = options.as_ref().is_some_and(|o| {
                        o.min_value > before.min_value || o.max_value < before.max_value
                    });
                    Change::SetIdentity {
                        table: t.clone(),
                        column: col.clone(),
                        identity: (old_kind != i).then_some(i),
                        options,
                        restart_outside,
                    }
                }
                (Some(_), None) => Change::DropIdentity {
                    table: t.clone(),
                    column: col.clone(),
                },
                (None, None) => unreachable!(),
            };
            steps.push(step(Action::Alter, "column", obj.clone(), change));
        }
        // The identity stays; its sequence is named anew.
        if oc.identity.is_some()
            && c.identity.is_some()
            && oc.identity_sequence != c.identity_sequence
        {
            let chosen = || {
                QualName::new(
                    t.schema.clone(),
                    schemadiff_model::names::make_object_name(&t.name, Some(col.as_str()), "seq"),
                )
            };
            let from = oc.identity_sequence.clone().unwrap_or_else(chosen);
            let to = c.identity_sequence.clone().unwrap_or_else(chosen);
            // The schema first (SET SCHEMA), then the name (RENAME TO).
            let moved = QualName::new(to.schema.clone(), from.name.clone());
            for (a, b) in [(from, moved.clone()), (moved, to)] {
                if a != b {
                    steps.push(step(
                        Action::Alter,
                        "column",
                        obj.clone(),
                        Change::RenameIdentitySequence {
                            table: t.clone(),
                            column: col.clone(),
                            from: a,
                            to: b,
                        },
                    ));
                }
            }
        }
        // A type change may need the default out of the way, then back.
        if oc.default != c.default || (type_changes && c.default.is_some()) {
            if oc.default.is_some() {
                steps.push(step(
                    Action::Alter,
                    "column",
                    obj.clone(),
                    Change::DropDefault {
                        table: t.clone(),
                        column: col.clone(),
                    },
                ));
            }
            if let Some(d) = &c.default {
                steps.push(step(
                    Action::Alter,
                    "column",
                    obj.clone(),
                    Change::SetDefault {
                        table: t.clone(),
                        column: col.clone(),
                        default: d.clone(),
                    },
                ));
            }
        }
        // A NOT NULL constraint that kept an old name through a rename
        // (PostgreSQL 18) takes the one a fresh load would give it.
        // (One a LIKE copied keeps its source's name there.)
        let default_nn =
            || schemadiff_model::names::make_object_name(&n.name, Some(&c.name), "not_null");
        if oc.not_null && c.not_null && oc.not_null_name != c.not_null_name {
            let from = match &oc.not_null_name {
                Some(f) => Some(f.clone()),
                None if named_not_null => Some(default_nn()),
                None => None,
            };
            if let Some(from) = from {
                let to = c.not_null_name.clone().unwrap_or_else(default_nn);
                steps.push(step(
                    Action::Alter,
                    "constraint",
                    format!("{}.{}", n, quote_ident(&to)),
                    Change::RenameConstraint {
                        table: t.clone(),
                        from: from.clone(),
                        to,
                    },
                ));
            }
        }
        // Identity columns are NOT NULL by definition; dropping identity keeps it.
        let old_nn = oc.not_null;
        let new_nn = c.not_null;
        if old_nn != new_nn {
            let change = if new_nn {
                Change::SetNotNull {
                    table: t.clone(),
                    column: col.clone(),
                }
            } else {
                Change::DropNotNull {
                    table: t.clone(),
                    column: col.clone(),
                }
            };
            steps.push(step(Action::Alter, "column", obj.clone(), change));
            if let (true, true, Some(to)) = (new_nn, named_not_null, &c.not_null_name) {
                steps.push(step(
                    Action::Alter,
                    "constraint",
                    format!("{}.{}", n, quote_ident(to)),
                    Change::RenameConstraint {
                        table: t.clone(),
                        from: default_nn(),
                        to: to.clone(),
                    },
                ));
            }
        }
    }
    for oc in old.columns.values() {
        if !new.columns.contains_key(&oc.name) {
            let mut s = step(
                Action::Drop,
                "column",
                col_name(n, &oc.name),
                Change::DropColumn {
                    table: n.clone(),
                    column: oc.name.clone(),
                },
            );
            s.hazards.push(Hazard::DataLoss);
            steps.push(s);
        }
    }
    let rebuilt: BTreeSet<String> = new
        .columns
        .values()
        .filter(|c| old.columns.get(&c.name).is_some_and(|oc| rebuilt(oc, c)))
        .map(|c| c.name.clone())
        .collect();
    let gone = old
        .columns
        .keys()
        .filter(|c| !new.columns.contains_key(*c) || rebuilt.contains(*c))
        .cloned()
        .collect();
    let retyped = new
        .columns
        .values()
        .filter(|c| {
            old.columns
                .get(&c.name)
                .is_some_and(|oc| oc.data_type != c.data_type || oc.collation != c.collation)
        })
        .map(|c| c.name.clone())
        .collect();
    ColumnChanges {
        rebuilt,
        gone,
        retyped,
    }
}

/// Ordering: what each of this kind's steps creates, needs, drops and
/// releases (`order` turns these into edges).
pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    let enums_to = cx.enums_to;
    let enums_from = cx.enums_from;
    let from = cx.from;
    match change {
        Change::AddColumn { table, column } => {
            d.needs.push(Key::Table(table.clone()));
            d.creates
                .push(Key::Column(table.clone(), column.name.clone()));
            column_deps(column, enums_to, &mut d.needs);
        }
        Change::DropInheritedColumn { table, column } => {
            d.drops.push(Key::Column(table.clone(), column.clone()));
            // After the parents' drop, which may take it.
            if let Some(t) = cx.from.tables.get(table) {
                for p in cx.from.ancestors(t) {
                    d.needs.push(Key::Column(p, format!("{column}\0dropped")));
                }
            }
        }
        Change::DropColumn { table, column } => {
            d.drops.push(Key::Column(table.clone(), column.clone()));
            d.creates
                .push(Key::Column(table.clone(), format!("{column}\0dropped")));
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
            // The column in its old type goes: what reads it (a view)
            // is dropped first.
            d.drops.push(Key::Column(table.clone(), column.clone()));
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
        _ => {}
    }
}

pub(crate) fn column_deps(c: &Column, enums: &BTreeMap<String, QualName>, out: &mut Vec<Key>) {
    out.push(Key::Extensions);
    if let Some(e) = enum_of(&c.data_type, enums) {
        out.push(Key::Enum(e));
    }
    if let Some(s) = sequence_of(&c.default) {
        out.push(Key::Sequence(s));
    }
    // A collation the plan makes (made again) comes first.
    if let Some(Ok((schema, name))) = c
        .collation
        .as_deref()
        .map(schemadiff_model::types::split_qualified)
    {
        out.push(Key::Collation(QualName::new(
            schema.unwrap_or_else(|| "public".into()),
            name,
        )));
    }
}

/// Functions whose value differs per row: a column added with such a
/// default is filled row by row (a rewrite), not from the catalog.
const VOLATILE: &[&str] = &[
    "random(",
    "gen_random_uuid(",
    "uuid_generate_v1(",
    "uuid_generate_v4(",
    "clock_timestamp(",
    "timeofday(",
    "nextval(",
    "txid_current(",
];

/// What this kind's steps risk (`existing`: the table is there before the
/// plan; one created by the same plan is empty).
pub(crate) fn hazards(step: &Step, existing: &dyn Fn(&QualName) -> bool, h: &mut BTreeSet<Hazard>) {
    match &step.change {
        Change::DropColumn { .. } => {
            h.insert(Hazard::DataLoss);
            h.insert(Hazard::Irreversible);
        }
        Change::AlterColumnType { from: a, to: b, .. } if a != b => {
            if !binary_coercible(a, b) {
                h.insert(Hazard::TableRewrite);
                h.insert(Hazard::BlockingLock);
            }
            if !(schemadiff_model::types::is_widening(a, b)
                || binary_coercible(a, b)
                || crate::is_lossless(a, b))
            {
                h.insert(Hazard::DataLoss);
                h.insert(Hazard::Irreversible);
            }
        }
        // Online, SET NOT NULL follows a validated check (it commits
        // alone) and PostgreSQL uses that check instead of a scan.
        Change::SetNotNull { table, .. } if existing(table) && !step.alone => {
            crate::hazards::scan_under_lock(h)
        }
        Change::AddColumn { table, column } if existing(table) => {
            let fills_rows = column.identity.is_some()
                || column.generated.is_some()
                || column
                    .default
                    .as_deref()
                    .is_some_and(|d| VOLATILE.iter().any(|f| d.contains(f)));
            if fills_rows {
                h.insert(Hazard::TableRewrite);
                h.insert(Hazard::BlockingLock);
            }
        }

        _ => {}
    }
}

/// `SET STORAGE` / `SET COMPRESSION` where a column's differ from what it
/// has (from the type's and the server's defaults, for a new one).
pub(crate) fn storage(old: Option<&Table>, new: &Table, steps: &mut Vec<Step>) {
    let n = &new.name;
    for c in new.columns.values() {
        let was = old
            .and_then(|o| o.columns.get(&c.name))
            .filter(|oc| !rebuilt(oc, c));
        let (storage, compression) = match was {
            Some(oc) => (&oc.storage, &oc.compression),
            None => (&None, &None),
        };
        if *storage != c.storage {
            steps.push(step(
                Action::Alter,
                "column",
                col_name(n, &c.name),
                Change::SetColumnStorage {
                    table: n.clone(),
                    column: c.name.clone(),
                    storage: c.storage.clone().unwrap_or_else(|| {
                        schemadiff_model::types::default_storage(&c.data_type)
                            .unwrap_or("extended")
                            .to_string()
                    }),
                },
            ));
        }
        if *compression != c.compression {
            steps.push(step(
                Action::Alter,
                "column",
                col_name(n, &c.name),
                Change::SetColumnCompression {
                    table: n.clone(),
                    column: c.name.clone(),
                    compression: c.compression.clone(),
                },
            ));
        }
    }
}

/// `SET STATISTICS` where a column's target (its own, inherited or a
/// partition's) differs from what it has: the default for a new table, or
/// a column made again.
pub(crate) fn statistics_targets(old: Option<&Table>, new: &Table, steps: &mut Vec<Step>) {
    let n = &new.name;
    let mut names: Vec<&String> = new.statistics_targets.keys().collect();
    if let Some(o) = old {
        names.extend(o.statistics_targets.keys());
    }
    names.sort();
    names.dedup();
    for name in names {
        let remade = old
            .and_then(|o| o.columns.get(name))
            .zip(new.columns.get(name))
            .is_some_and(|(oc, c)| rebuilt(oc, c));
        let was = old
            .filter(|_| !remade)
            .and_then(|o| o.statistics_targets.get(name));
        let is = new.statistics_targets.get(name);
        if was != is {
            steps.push(step(
                Action::Alter,
                "column",
                col_name(n, name),
                Change::SetColumnStatistics {
                    table: n.clone(),
                    column: name.clone(),
                    statistics: is.copied(),
                },
            ));
        }
    }
}
