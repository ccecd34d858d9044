//! Two schema models into ordered, hazard-annotated steps.
//!
//! Start at [`diff`]. Each [`Step`] is one DDL change described as data (the
//! emitter renders SQL). Steps are nodes of a petgraph graph with an edge for
//! every dependency (a foreign key after its referenced table and key, a
//! column after its type, drops of dependents before what they depend on);
//! the order is a stable topological sort, ties broken by phase, then object
//! kind, then name, so the same inputs always give the same plan.
//!
//! Renames are never guessed; objects are matched by (schema, name).

mod hazards;
mod online;
mod order;
mod renames;

pub use hazards::binary_coercible;

use schemadiff_model::*;
use serde::Serialize;
use std::collections::BTreeSet;

/// What a step risks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hazard {
    /// Data is dropped: a table, a column, or values that a narrower type
    /// cannot hold.
    DataLoss,
    /// PostgreSQL rewrites the whole table.
    TableRewrite,
    /// A lock that blocks writes (or reads) is held for longer than a
    /// catalog change: through a scan, a build or a rewrite.
    BlockingLock,
    /// The step reads every row of an existing table (validation, index
    /// build).
    RowScan,
    /// No later step can undo it (data dropped, an enum value added, a
    /// sequence's position lost).
    Irreversible,
}

impl Hazard {
    pub const ALL: [Hazard; 5] = [
        Hazard::DataLoss,
        Hazard::TableRewrite,
        Hazard::BlockingLock,
        Hazard::RowScan,
        Hazard::Irreversible,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Hazard::DataLoss => "data_loss",
            Hazard::TableRewrite => "table_rewrite",
            Hazard::BlockingLock => "blocking_lock",
            Hazard::RowScan => "row_scan",
            Hazard::Irreversible => "irreversible",
        }
    }

    pub fn parse(s: &str) -> Option<Hazard> {
        Hazard::ALL.into_iter().find(|h| h.as_str() == s)
    }
}

/// One change, described as data.
// Plans hold few steps; boxing the large variants would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    CreateSchema {
        name: String,
    },
    DropSchema {
        name: String,
    },
    CreateExtension {
        extension: Extension,
    },
    DropExtension {
        name: String,
    },
    CreateEnum {
        value: Enum,
    },
    DropEnum {
        name: QualName,
    },
    AddEnumValue {
        name: QualName,
        value: String,
        before: Option<String>,
    },
    CreateSequence {
        sequence: Sequence,
    },
    AlterSequence {
        from: Sequence,
        to: Sequence,
    },
    SetSequenceOwner {
        name: QualName,
        owned_by: Option<(QualName, String)>,
    },
    DropSequence {
        name: QualName,
    },
    /// Columns, primary key, unique and check constraints; foreign keys
    /// are added by their own steps.
    CreateTable {
        table: Table,
    },
    DropTable {
        name: QualName,
    },
    AddColumn {
        table: QualName,
        column: Column,
    },
    DropColumn {
        table: QualName,
        column: String,
    },
    AlterColumnType {
        table: QualName,
        column: String,
        from: String,
        to: String,
        collation: Option<String>,
        /// From one enum to another: there is no cast between them, so the
        /// values go through `text`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        via_text: bool,
    },
    SetNotNull {
        table: QualName,
        column: String,
    },
    DropNotNull {
        table: QualName,
        column: String,
    },
    SetDefault {
        table: QualName,
        column: String,
        default: String,
    },
    DropDefault {
        table: QualName,
        column: String,
    },
    AddIdentity {
        table: QualName,
        column: String,
        identity: Identity,
        /// The column's type, against whose defaults `options` are given.
        data_type: String,
        options: Option<Box<IdentityOptions>>,
    },
    /// Sets the kind of identity (where it changes) and every option of its
    /// sequence (where any changes).
    SetIdentity {
        table: QualName,
        column: String,
        identity: Option<Identity>,
        options: Option<Box<IdentityOptions>>,
    },
    /// `DROP EXPRESSION`: a stored generated column becomes a plain one,
    /// keeping its values.
    DropExpression {
        table: QualName,
        column: String,
    },
    DropIdentity {
        table: QualName,
        column: String,
    },
    AddConstraint {
        table: QualName,
        constraint: Constraint,
    },
    DropConstraint {
        table: QualName,
        name: String,
    },
    CreateIndex {
        table: QualName,
        index: Index,
    },
    DropIndex {
        name: QualName,
    },
    Comment {
        target: CommentTarget,
        text: Option<String>,
    },
    /// Removing or reordering enum labels: a new type with the desired
    /// labels, every column converted to it (through text), the old type
    /// dropped and the new one renamed. Checks and indexes on those columns
    /// are dropped before and re-created after; defaults likewise.
    RebuildEnum {
        value: Enum,
        columns: Vec<EnumColumn>,
        /// Unchanged checks on those columns, re-created after.
        checks: Vec<(QualName, Constraint)>,
        /// Unchanged indexes on those columns, re-created after.
        indexes: Vec<(QualName, Index)>,
    },
    /// The second half of an online constraint: `VALIDATE CONSTRAINT`
    /// reads the table without blocking writes.
    ValidateConstraint {
        table: QualName,
        name: String,
    },
    /// A unique constraint adopting the index built concurrently for it.
    AddUniqueUsingIndex {
        table: QualName,
        constraint: Constraint,
    },
    /// Declared renames; they run before every other step.
    RenameTable {
        from: QualName,
        to: String,
    },
    RenameColumn {
        table: QualName,
        from: String,
        to: String,
    },
    RenameConstraint {
        table: QualName,
        from: String,
        to: String,
    },
    RenameIndex {
        from: QualName,
        to: String,
    },
    RenameSequence {
        from: QualName,
        to: String,
    },
}

/// A column converted by an enum rebuild.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumColumn {
    pub table: QualName,
    pub column: String,
    pub array: bool,
    /// The default it had (dropped first) and the one it gets after.
    pub had_default: bool,
    pub default: Option<String>,
}

/// What a `COMMENT ON` is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum CommentTarget {
    Schema { name: String },
    Table { name: QualName },
    Column { table: QualName, column: String },
    Constraint { table: QualName, name: String },
    Index { name: QualName },
    Type { name: QualName },
    Sequence { name: QualName },
}

/// The verb of a step as a reviewer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Alter,
    Drop,
}

impl Action {
    pub fn sign(self) -> char {
        match self {
            Action::Create => '+',
            Action::Alter => '~',
            Action::Drop => '-',
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub action: Action,
    /// `table`, `column`, `index`, `constraint`, `enum`, ...
    pub object_kind: &'static str,
    /// The object, as a reviewer reads it: `public.users.email`.
    pub object: String,
    pub change: Change,
    pub hazards: Vec<Hazard>,
    /// A drop whose object the same plan creates again (a changed
    /// constraint or index is dropped and re-added).
    pub recreated: bool,
    /// What a reviewer should know, such as a possible undeclared rename.
    pub notes: Vec<String>,
    /// How the statement is written: plain, `CONCURRENTLY` (outside any
    /// transaction) or `NOT VALID`.
    pub form: Form,
    /// Runs in a transaction of its own, so the lock it takes is released
    /// at once (online steps on existing tables).
    pub alone: bool,
}

/// The form of a step's statement; online plans use the last two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    #[default]
    Plain,
    /// `CREATE/DROP INDEX CONCURRENTLY`: cannot run in a transaction.
    Concurrently,
    /// `ADD CONSTRAINT … NOT VALID`, validated by a later step.
    NotValid,
}

impl Step {
    /// Whether the step can run inside a transaction.
    pub fn transactional(&self) -> bool {
        self.form != Form::Concurrently
    }

    /// Refused unless the user allows it: every drop (table, column,
    /// index, constraint, type, ...) and every step that can lose data
    /// (a narrowing type change).
    pub fn destructive(&self) -> bool {
        (self.action == Action::Drop && !self.recreated) || self.hazards.contains(&Hazard::DataLoss)
    }
}

/// An ordered list of steps from one schema to another.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// DataMapper's `auto_upgrade!`: keeps what creates or safely widens —
    /// new objects, new enum values, widening type changes, dropped `NOT
    /// NULL`, defaults and comments — and returns the rest as skipped: drops,
    /// narrowing or other type changes, new `NOT NULL`, identity and sequence
    /// changes. An object that would be dropped and re-created (a changed
    /// constraint or index) is skipped both ways.
    pub fn additive_only(self) -> (Plan, Vec<Step>) {
        let safe = |s: &Step| match &s.change {
            _ if s.destructive() => false,
            Change::AlterColumnType { from, to, .. } => types::is_widening(from, to),
            Change::DropNotNull { .. }
            | Change::SetDefault { .. }
            | Change::DropDefault { .. }
            | Change::Comment { .. }
            | Change::AddEnumValue { .. } => true,
            _ => s.action == Action::Create,
        };
        let (mut kept, mut skipped): (Vec<Step>, Vec<Step>) =
            self.steps.into_iter().partition(|s| safe(s));
        let replaced: BTreeSet<(&'static str, String)> = skipped
            .iter()
            .filter(|s| s.action == Action::Drop)
            .map(|s| (s.object_kind, s.object.clone()))
            .collect();
        let (recreate, rest): (Vec<Step>, Vec<Step>) = kept
            .into_iter()
            .partition(|s| replaced.contains(&(s.object_kind, s.object.clone())));
        kept = rest;
        skipped.extend(recreate);
        (Plan { steps: kept }, skipped)
    }
}

/// Puts the files' own text of checks and index expressions into steps that
/// create them (see [`Written`]): the server stores exactly the canonical
/// text from it, which the canonical text itself does not always give.
fn use_written(change: &mut Change, written: &Written) {
    if written.is_empty() {
        return;
    }
    // Each expression text becomes the file's own, where the file gave one.
    let text = |t: &mut String| {
        if let Some(w) = written.get(t) {
            *t = w.to_string();
        }
    };
    let check = |c: &mut Constraint| {
        if let ConstraintKind::Check { expression, .. } = &mut c.kind {
            text(expression);
        }
    };
    let index = |i: &mut Index| {
        for k in &mut i.keys {
            if let IndexTarget::Expression(e) = &mut k.target {
                text(e);
            }
        }
        if let Some(p) = &mut i.predicate {
            text(p);
        }
    };
    match change {
        Change::CreateTable { table } => table.constraints.values_mut().for_each(|c| check(c)),
        Change::AddConstraint { constraint, .. } => check(constraint),
        Change::CreateIndex { index: i, .. } => index(i),
        Change::RebuildEnum {
            checks, indexes, ..
        } => {
            checks.iter_mut().for_each(|(_, c)| check(c));
            indexes.iter_mut().for_each(|(_, i)| index(i));
        }
        _ => {}
    }
}

/// DataMapper's `auto_migrate!`: drop every managed object of `from`, then
/// build `to` from nothing. Every step of the first half is destructive.
pub fn reset(from: &Schema, to: &Schema) -> Result<Plan, DiffError> {
    let mut plan = diff(from, &Schema::default())?;
    plan.steps.extend(diff(&Schema::default(), to)?.steps);
    Ok(plan)
}

/// A change the differ refuses to plan (yet), with the object it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffError(pub String);

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DiffError {}

fn col_name(t: &QualName, c: &str) -> String {
    format!("{}.{}", t, quote_ident(c))
}

fn step(action: Action, object_kind: &'static str, object: String, change: Change) -> Step {
    Step {
        action,
        object_kind,
        object,
        change,
        hazards: vec![],
        recreated: false,
        notes: vec![],
        form: Form::Plain,
        alone: false,
    }
}

/// How a plan is made.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Online forms for tables that already exist: indexes built and
    /// dropped `CONCURRENTLY`, constraints added `NOT VALID` then
    /// validated, `SET NOT NULL` through a validated check, unique
    /// constraints through a concurrently built index.
    pub online: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { online: true }
    }
}

/// The steps that take a database from `from` to `to`, in a safe order:
/// declared renames first, then everything else ordered by dependency,
/// in online forms where tables exist ([`Options::default`]).
pub fn diff(from: &Schema, to: &Schema) -> Result<Plan, DiffError> {
    diff_with(from, to, Options::default())
}

/// [`diff`] with explicit [`Options`].
pub fn diff_with(from: &Schema, to: &Schema, options: Options) -> Result<Plan, DiffError> {
    let (renamed, renames) = renames::apply(from, to)?;
    let current = renamed.as_ref().unwrap_or(from);
    stop_for_views(current, to)?;
    let mut plan = diff_renamed(current, to)?;
    if options.online {
        plan.steps = online::expand(std::mem::take(&mut plan.steps), current);
    }
    hazards::assign(&mut plan.steps, current);
    flag_possible_renames(&mut plan.steps, current);
    plan.steps.splice(0..0, renames);
    Ok(plan)
}

/// A column changing from one enum type to another converts through text.
fn enum_to_enum(steps: &mut [Step], from: &Schema, to: &Schema) {
    let is_enum = |s: &Schema, ty: &str| {
        let base = ty.trim_end_matches("[]");
        s.enums.keys().any(|q| q.printed() == base)
    };
    for s in steps {
        if let Change::AlterColumnType {
            from: a,
            to: b,
            via_text,
            ..
        } = &mut s.change
        {
            *via_text = a != b
                && a.ends_with("[]") == b.ends_with("[]")
                && is_enum(from, a)
                && is_enum(to, b);
        }
    }
}

/// A foreign key whose columns (on either side) change type is dropped
/// before the change and added back after: PostgreSQL would otherwise check
/// it between the two type changes, when the sides may not match.
fn fk_rebuilds(steps: &mut Vec<Step>, from: &Schema, to: &Schema) {
    let retyped: BTreeSet<(QualName, String)> = steps
        .iter()
        .filter_map(|s| match &s.change {
            Change::AlterColumnType {
                table,
                column,
                from: a,
                to: b,
                ..
            } if a != b && !hazards::binary_coercible(a, b) => {
                Some((table.clone(), column.clone()))
            }
            _ => None,
        })
        .collect();
    if retyped.is_empty() {
        return;
    }
    for (tname, t) in &from.tables {
        for (cname, c) in &t.constraints {
            let ConstraintKind::ForeignKey(fk) = &c.kind else {
                continue;
            };
            let touches = fk
                .columns
                .iter()
                .any(|col| retyped.contains(&(tname.clone(), col.clone())))
                || fk
                    .ref_columns
                    .iter()
                    .any(|col| retyped.contains(&(fk.ref_table.clone(), col.clone())));
            // Only one that stays as it is: a changed one is re-made anyway.
            let unchanged = to.tables.get(tname).and_then(|w| w.constraints.get(cname)) == Some(c);
            if !touches || !unchanged {
                continue;
            }
            let object = format!("{}.{}", tname, quote_ident(cname));
            let mut drop = step(
                Action::Drop,
                "constraint",
                object.clone(),
                Change::DropConstraint {
                    table: tname.clone(),
                    name: cname.clone(),
                },
            );
            drop.recreated = true;
            drop.notes
                .push("re-added after its columns change type".into());
            steps.push(drop);
            steps.push(step(
                Action::Create,
                "constraint",
                object,
                Change::AddConstraint {
                    table: tname.clone(),
                    constraint: (**c).clone(),
                },
            ));
        }
    }
}

/// Views are not modelled yet, and PostgreSQL refuses to change the type
/// of, or drop, a column (or table) a view reads: the plan stops before any
/// change and names the views.
fn stop_for_views(from: &Schema, to: &Schema) -> Result<(), DiffError> {
    let mut blocked = Vec::new();
    for (table, cols) in &from.view_uses.0 {
        for (column, views) in cols {
            let what = match to.tables.get(table) {
                None => "drops the table of",
                Some(t) => match (
                    t.columns.get(column),
                    from.tables.get(table).and_then(|f| f.columns.get(column)),
                ) {
                    (None, _) => "drops",
                    (Some(new), Some(old)) if new.data_type != old.data_type => {
                        "changes the type of"
                    }
                    _ => continue,
                },
            };
            let names: Vec<String> = views.iter().map(|v| v.to_string()).collect();
            blocked.push(format!(
                "  - the plan {what} {}.{}, which view {} reads",
                table,
                quote_ident(column),
                names.join(", ")
            ));
        }
    }
    if blocked.is_empty() {
        return Ok(());
    }
    Err(DiffError(format!(
        "schemadiff does not manage views yet, and PostgreSQL cannot make these changes while the views exist; nothing was changed:\n{}\nDrop the views first (and recreate them after), or leave these columns as they are.",
        blocked.join("\n")
    )))
}

/// A column dropped and one of the same type added to the same table look
/// like an undeclared rename: both steps say so.
fn flag_possible_renames(steps: &mut [Step], from: &Schema) {
    let mut drops: Vec<(usize, QualName, String, String)> = Vec::new();
    let mut adds: Vec<(usize, QualName, String, String)> = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        match &s.change {
            Change::DropColumn { table, column } => {
                let ty = from
                    .tables
                    .get(table)
                    .and_then(|t| t.columns.get(column))
                    .map(|c| c.data_type.clone())
                    .unwrap_or_default();
                drops.push((i, table.clone(), column.clone(), ty))
            }
            Change::AddColumn { table, column } => adds.push((
                i,
                table.clone(),
                column.name.clone(),
                column.data_type.clone(),
            )),
            _ => {}
        }
    }
    for (di, dt, dcol, dty) in &drops {
        let same: Vec<_> = adds
            .iter()
            .filter(|(_, t, _, ty)| t == dt && ty == dty)
            .collect();
        if let [(ai, _, acol, _)] = same.as_slice() {
            steps[*di].notes.push(format!(
                "possible rename to {}: declare `renamed_from: {dcol}` on it (YAML) or `-- @renamed from={dcol}` (SQL) to keep the data",
                quote_ident(acol)
            ));
            steps[*ai].notes.push(format!(
                "possible rename of {}: if so, declare it to keep the data",
                quote_ident(dcol)
            ));
        }
    }
}

fn diff_renamed(from: &Schema, to: &Schema) -> Result<Plan, DiffError> {
    let mut steps = Vec::new();

    // Schemas.
    for (name, ns) in &to.schemas {
        match from.schemas.get(name) {
            None => {
                steps.push(step(
                    Action::Create,
                    "schema",
                    quote_ident(name),
                    Change::CreateSchema { name: name.clone() },
                ));
                if ns.comment.is_some() {
                    steps.push(comment(
                        CommentTarget::Schema { name: name.clone() },
                        quote_ident(name),
                        "schema",
                        &ns.comment,
                    ));
                }
            }
            Some(old) if old.comment != ns.comment => steps.push(comment(
                CommentTarget::Schema { name: name.clone() },
                quote_ident(name),
                "schema",
                &ns.comment,
            )),
            _ => {}
        }
    }
    for name in from.schemas.keys().filter(|n| !to.schemas.contains_key(*n)) {
        let mut s = step(
            Action::Drop,
            "schema",
            quote_ident(name),
            Change::DropSchema { name: name.clone() },
        );
        s.hazards.push(Hazard::DataLoss);
        steps.push(s);
    }

    // Extensions.
    for (name, ext) in &to.extensions {
        if !from.extensions.contains_key(name) {
            steps.push(step(
                Action::Create,
                "extension",
                quote_ident(name),
                Change::CreateExtension {
                    extension: ext.clone(),
                },
            ));
        }
    }
    for name in from
        .extensions
        .keys()
        .filter(|n| !to.extensions.contains_key(*n))
    {
        steps.push(step(
            Action::Drop,
            "extension",
            quote_ident(name),
            Change::DropExtension { name: name.clone() },
        ));
    }

    // Enums.
    for (name, e) in &to.enums {
        match from.enums.get(name) {
            None => {
                steps.push(step(
                    Action::Create,
                    "enum",
                    name.to_string(),
                    Change::CreateEnum { value: e.clone() },
                ));
                if e.comment.is_some() {
                    steps.push(comment(
                        CommentTarget::Type { name: name.clone() },
                        name.to_string(),
                        "enum",
                        &e.comment,
                    ));
                }
            }
            Some(old) => {
                match enum_values(old, e) {
                    Some(added) => steps.extend(added),
                    None => steps.push(rebuild_enum(old, e, from, to)),
                }
                if old.comment != e.comment {
                    steps.push(comment(
                        CommentTarget::Type { name: name.clone() },
                        name.to_string(),
                        "enum",
                        &e.comment,
                    ));
                }
            }
        }
    }
    for name in from.enums.keys().filter(|n| !to.enums.contains_key(*n)) {
        steps.push(step(
            Action::Drop,
            "enum",
            name.to_string(),
            Change::DropEnum { name: name.clone() },
        ));
    }

    // Tables dropped whole: what they own goes with them.
    let dropped_tables: BTreeSet<&QualName> = from
        .tables
        .keys()
        .filter(|n| !to.tables.contains_key(*n))
        .collect();

    // Sequences.
    for (name, seq) in &to.sequences {
        let mut bare = seq.clone();
        bare.owned_by = None;
        bare.comment = None;
        match from.sequences.get(name) {
            None => {
                steps.push(step(
                    Action::Create,
                    "sequence",
                    name.to_string(),
                    Change::CreateSequence { sequence: bare },
                ));
                if seq.owned_by.is_some() {
                    steps.push(owner_step(name, &seq.owned_by));
                }
                if seq.comment.is_some() {
                    steps.push(comment(
                        CommentTarget::Sequence { name: name.clone() },
                        name.to_string(),
                        "sequence",
                        &seq.comment,
                    ));
                }
            }
            Some(old) => {
                let mut old_bare = old.clone();
                old_bare.owned_by = None;
                old_bare.comment = None;
                if old_bare != bare {
                    steps.push(step(
                        Action::Alter,
                        "sequence",
                        name.to_string(),
                        Change::AlterSequence {
                            from: old_bare,
                            to: bare,
                        },
                    ));
                }
                // Ownership moves; a sequence whose owner table is dropped is
                // re-created, since PostgreSQL drops it with the table.
                if old.owned_by != seq.owned_by {
                    steps.push(owner_step(name, &seq.owned_by));
                }
                if old.comment != seq.comment {
                    steps.push(comment(
                        CommentTarget::Sequence { name: name.clone() },
                        name.to_string(),
                        "sequence",
                        &seq.comment,
                    ));
                }
            }
        }
    }
    for (name, old) in from
        .sequences
        .iter()
        .filter(|(n, _)| !to.sequences.contains_key(*n))
    {
        // PostgreSQL drops an owned sequence with its table or column.
        let implied = match &old.owned_by {
            Some((t, c)) => {
                dropped_tables.contains(t)
                    || to
                        .tables
                        .get(t)
                        .is_some_and(|nt| !nt.columns.contains_key(c))
            }
            None => false,
        };
        if !implied {
            steps.push(step(
                Action::Drop,
                "sequence",
                name.to_string(),
                Change::DropSequence { name: name.clone() },
            ));
        }
    }

    // Tables.
    for (name, t) in &to.tables {
        match from.tables.get(name) {
            None => create_table(t, &mut steps),
            Some(old) => alter_table(old, t, &mut steps),
        }
    }
    for name in &dropped_tables {
        let mut s = step(
            Action::Drop,
            "table",
            name.to_string(),
            Change::DropTable {
                name: (*name).clone(),
            },
        );
        s.hazards.push(Hazard::DataLoss);
        steps.push(s);
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

    fk_rebuilds(&mut steps, from, to);
    enum_to_enum(&mut steps, from, to);
    let mut steps = order::order(steps, from, to)?;
    for s in &mut steps {
        use_written(&mut s.change, &to.written);
    }
    let created: BTreeSet<(&'static str, String)> = steps
        .iter()
        .filter(|s| s.action == Action::Create && matches!(s.object_kind, "constraint" | "index"))
        .map(|s| (s.object_kind, s.object.clone()))
        .collect();
    for s in &mut steps {
        if s.action == Action::Drop && created.contains(&(s.object_kind, s.object.clone())) {
            s.recreated = true;
        }
    }
    Ok(Plan { steps })
}

fn owner_step(name: &QualName, owned_by: &Option<(QualName, String)>) -> Step {
    step(
        Action::Alter,
        "sequence",
        name.to_string(),
        Change::SetSequenceOwner {
            name: name.clone(),
            owned_by: owned_by.clone(),
        },
    )
}

fn comment(
    target: CommentTarget,
    object: String,
    kind: &'static str,
    text: &Option<String>,
) -> Step {
    step(
        Action::Alter,
        kind,
        object,
        Change::Comment {
            target,
            text: text.clone(),
        },
    )
}

/// The rebuild of an enum whose labels are removed or reordered.
fn rebuild_enum(old: &Enum, new: &Enum, from: &Schema, to: &Schema) -> Step {
    let rendered = old.name.printed();
    let mut columns = Vec::new();
    let mut checks = Vec::new();
    let mut indexes = Vec::new();
    for (tname, t) in &from.tables {
        let Some(want) = to.tables.get(tname) else {
            continue;
        };
        let mut used: Vec<&str> = Vec::new();
        for c in t.columns.values() {
            let array = c.data_type == format!("{rendered}[]");
            if c.data_type != rendered && !array {
                continue;
            }
            let Some(w) = want.columns.get(&c.name) else {
                continue;
            };
            if w.data_type != c.data_type {
                continue;
            }
            used.push(&c.name);
            columns.push(EnumColumn {
                table: tname.clone(),
                column: c.name.clone(),
                array,
                had_default: c.default.is_some(),
                default: w.default.clone(),
            });
        }
        let mentions = |text: &str| used.iter().any(|c| text.contains(&quote_ident(c)));
        for (n, c) in &t.constraints {
            if let ConstraintKind::Check { expression, .. } = &c.kind {
                if mentions(expression) && want.constraints.get(n) == Some(c) {
                    checks.push((tname.clone(), (**c).clone()));
                }
            }
        }
        for (n, i) in &t.indexes {
            let on_column = index_columns(i).iter().any(|c| used.contains(&c.as_str()));
            let in_text = i
                .keys
                .iter()
                .any(|k| matches!(&k.target, IndexTarget::Expression(e) if mentions(e)))
                || i.predicate.as_deref().is_some_and(mentions);
            if (on_column || in_text) && want.indexes.get(n) == Some(i) {
                indexes.push((tname.clone(), (**i).clone()));
            }
        }
    }
    let mut s = step(
        Action::Alter,
        "enum",
        old.name.to_string(),
        Change::RebuildEnum {
            value: new.clone(),
            columns,
            checks,
            indexes,
        },
    );
    let removed: Vec<String> = old
        .values
        .iter()
        .filter(|v| !new.values.contains(v))
        .map(|v| format!("'{v}'"))
        .collect();
    if !removed.is_empty() {
        s.hazards.push(Hazard::DataLoss);
        s.notes.push(format!(
            "removes {}: rows holding them make the conversion fail",
            removed.join(", ")
        ));
    }
    s.notes
        .push("rebuilds the type: a new type, every column converted, the old one dropped".into());
    s
}

/// Enum labels can be added anywhere: the steps that add them, or `None`
/// when labels are removed or reordered (the type must be rebuilt).
fn enum_values(old: &Enum, new: &Enum) -> Option<Vec<Step>> {
    let kept: Vec<&String> = new
        .values
        .iter()
        .filter(|v| old.values.contains(v))
        .collect();
    let removed: Vec<&String> = old
        .values
        .iter()
        .filter(|v| !new.values.contains(v))
        .collect();
    if !removed.is_empty()
        || kept
            .iter()
            .map(|v| v.as_str())
            .ne(old.values.iter().map(String::as_str))
    {
        return None;
    }
    let mut steps = Vec::new();
    for (i, v) in new.values.iter().enumerate() {
        if old.values.contains(v) {
            continue;
        }
        // Insert before the next label that already exists, else append.
        let before = new.values[i + 1..]
            .iter()
            .find(|x| old.values.contains(x))
            .cloned();
        steps.push(step(
            Action::Alter,
            "enum",
            old.name.to_string(),
            Change::AddEnumValue {
                name: old.name.clone(),
                value: v.clone(),
                before,
            },
        ));
    }
    Some(steps)
}

fn create_table(t: &Table, steps: &mut Vec<Step>) {
    let mut inline = t.clone();
    inline
        .constraints
        .retain(|_, c| !matches!(c.kind, ConstraintKind::ForeignKey(_)));
    inline.indexes.clear();
    steps.push(step(
        Action::Create,
        "table",
        t.name.to_string(),
        Change::CreateTable { table: inline },
    ));
    for c in t.constraints.values() {
        if matches!(c.kind, ConstraintKind::ForeignKey(_)) {
            steps.push(add_constraint(&t.name, c));
        }
    }
    for i in t.indexes.values() {
        steps.push(create_index(&t.name, i));
    }
    table_comments(None, t, steps);
}

fn add_constraint(table: &QualName, c: &Constraint) -> Step {
    let mut bare = c.clone();
    bare.comment = None;
    step(
        Action::Create,
        "constraint",
        format!("{}.{}", table, quote_ident(&c.name)),
        Change::AddConstraint {
            table: table.clone(),
            constraint: bare,
        },
    )
}

fn create_index(table: &QualName, i: &Index) -> Step {
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

/// Comments of `new` that differ from `old` (all of them for a new table).
fn table_comments(old: Option<&Table>, t: &Table, steps: &mut Vec<Step>) {
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
            .filter(|oc| !rebuilt(oc, c))
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
            .filter(|oc| same_constraint(oc, c))
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
            .filter(|oi| same_index(oi, i))
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

fn same_constraint(a: &Constraint, b: &Constraint) -> bool {
    a.kind == b.kind && a.deferrable == b.deferrable && a.initially_deferred == b.initially_deferred
}

fn same_index(a: &Index, b: &Index) -> bool {
    let mut a = a.clone();
    a.comment = b.comment.clone();
    a == *b
}

/// A column that must be dropped and added again: it becomes generated,
/// changes its generation expression or kind, or stops being a virtual
/// one. (A stored generated column becomes a plain one in place.)
fn rebuilt(old: &Column, new: &Column) -> bool {
    let generation_changes =
        old.generated != new.generated || old.generated_virtual != new.generated_virtual;
    generation_changes && (new.generated.is_some() || old.generated_virtual)
}

/// Whether `name` appears in `expr` as a word (a column an expression of a
/// check or index reads, as far as text can tell).
fn mentions(expr: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    expr.match_indices(name).any(|(i, _)| {
        !expr[..i].chars().next_back().is_some_and(word)
            && !expr[i + name.len()..].chars().next().is_some_and(word)
    })
}

fn alter_table(old: &Table, new: &Table, steps: &mut Vec<Step>) {
    let n = &new.name;
    let rebuilt_cols: BTreeSet<&String> = new
        .columns
        .values()
        .filter(|c| old.columns.get(&c.name).is_some_and(|oc| rebuilt(oc, c)))
        .map(|c| &c.name)
        .collect();
    // Constraints and indexes on a rebuilt column go with it and come back.
    let on_rebuilt = |cols: &[String], exprs: &[&str]| {
        rebuilt_cols
            .iter()
            .any(|r| cols.contains(r) || exprs.iter().any(|e| mentions(e, &quote_ident(r))))
    };
    let constraint_on_rebuilt = |c: &Constraint| match &c.kind {
        ConstraintKind::Check { expression, .. } => on_rebuilt(&[], &[expression]),
        k => on_rebuilt(k.columns(), &[]),
    };
    let index_on_rebuilt = |i: &Index| {
        let exprs: Vec<&str> = i
            .keys
            .iter()
            .filter_map(|k| match &k.target {
                IndexTarget::Expression(e) => Some(e.as_str()),
                IndexTarget::Column(_) => None,
            })
            .chain(i.predicate.as_deref())
            .collect();
        on_rebuilt(&index_columns(i), &exprs) || on_rebuilt(&i.include, &[])
    };
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
                },
                (Some(old_kind), Some(i)) => Change::SetIdentity {
                    table: t.clone(),
                    column: col.clone(),
                    identity: (old_kind != i).then_some(i),
                    options: (oc.identity_options != c.identity_options).then(|| {
                        c.identity_options
                            .clone()
                            .unwrap_or_else(|| Box::new(IdentityOptions::defaults(&c.data_type, 1)))
                    }),
                },
                (Some(_), None) => Change::DropIdentity {
                    table: t.clone(),
                    column: col.clone(),
                },
                (None, None) => unreachable!(),
            };
            steps.push(step(Action::Alter, "column", obj.clone(), change));
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
        if oc.not_null && c.not_null && oc.not_null_name != c.not_null_name {
            if let Some(from) = &oc.not_null_name {
                let to = c.not_null_name.clone().unwrap_or_else(|| {
                    schemadiff_model::names::make_object_name(&n.name, Some(&c.name), "not_null")
                });
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
    let dropped_cols: BTreeSet<&String> = old
        .columns
        .keys()
        .filter(|c| !new.columns.contains_key(*c) || rebuilt_cols.contains(c))
        .collect();

    // Constraints: changed ones are dropped and added again.
    for (name, oc) in &old.constraints {
        let changed = constraint_on_rebuilt(oc)
            || new
                .constraints
                .get(name)
                .is_none_or(|nc| !same_constraint(oc, nc));
        // PostgreSQL drops a constraint with the last of its columns.
        let implied = oc.kind.columns().iter().any(|c| dropped_cols.contains(c))
            && oc.kind.columns().len() == 1;
        if changed && !implied {
            steps.push(step(
                Action::Drop,
                "constraint",
                format!("{}.{}", n, quote_ident(name)),
                Change::DropConstraint {
                    table: n.clone(),
                    name: name.clone(),
                },
            ));
        }
    }
    for (name, c) in &new.constraints {
        let changed = constraint_on_rebuilt(c)
            || old
                .constraints
                .get(name)
                .is_none_or(|oc| !same_constraint(oc, c));
        if changed {
            steps.push(add_constraint(n, c));
        }
    }
    // Indexes.
    for (name, oi) in &old.indexes {
        let changed =
            index_on_rebuilt(oi) || new.indexes.get(name).is_none_or(|ni| !same_index(oi, ni));
        let implied = index_columns(oi).iter().any(|c| dropped_cols.contains(c));
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
        let changed =
            index_on_rebuilt(i) || old.indexes.get(name).is_none_or(|oi| !same_index(oi, i));
        if changed {
            steps.push(create_index(n, i));
        }
    }
    table_comments(Some(old), new, steps);
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
