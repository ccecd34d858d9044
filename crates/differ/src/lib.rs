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
mod kinds;
mod online;
mod order;
mod renames;

pub use hazards::binary_coercible;
pub(crate) use kinds::columns::is_lossless;
pub use kinds::indexes::index_columns;

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
    CreateCollation {
        collation: Collation,
    },
    /// The check `DETACH PARTITION … CONCURRENTLY` leaves on the table (its
    /// old bound), dropped once it is attached again: `IF EXISTS`, as the
    /// server chose its name.
    DropDetachCheck {
        table: QualName,
        name: String,
    },
    DropCollation {
        name: QualName,
    },
    CreateStatistics {
        table: QualName,
        statistics: Statistics,
    },
    DropStatistics {
        name: QualName,
    },
    /// `ALTER STATISTICS … SET STATISTICS` (`None`: the default).
    AlterStatistics {
        name: QualName,
        target: Option<i32>,
    },
    /// `ALTER EXTENSION … UPDATE TO version` (only a version written is
    /// managed).
    UpdateExtension {
        name: String,
        version: String,
    },
    /// `ALTER EXTENSION … SET SCHEMA` (`None`: `public`).
    SetExtensionSchema {
        name: String,
        schema: Option<String>,
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
    /// `ALTER SEQUENCE … SET LOGGED | UNLOGGED`.
    SetSequenceLogged {
        name: QualName,
        unlogged: bool,
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
    /// A column a child changed of one its parent drops: gone with the
    /// parent's if it was only inherited, kept (and dropped here) if the
    /// child had it of its own too — `IF EXISTS`, as the model cannot tell.
    DropInheritedColumn {
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
        /// The conversion the desired state declares (`using:`, `-- @using`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        using: Option<String>,
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
        /// `SEQUENCE NAME`, where not PostgreSQL's choice.
        sequence: Option<QualName>,
    },
    /// Sets the kind of identity (where it changes) and every option of its
    /// sequence (where any changes).
    SetIdentity {
        table: QualName,
        column: String,
        identity: Option<Identity>,
        options: Option<Box<IdentityOptions>>,
        /// The new range is narrower than the old: where the sequence's
        /// current value lies outside it (PostgreSQL refuses the change
        /// then), the identity restarts at its START.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        restart_outside: bool,
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
    /// `CREATE FUNCTION`, or `CREATE OR REPLACE` of one whose arguments
    /// and result stay.
    CreateFunction {
        function: Function,
        replace: bool,
    },
    /// `CREATE AGGREGATE`, or `CREATE OR REPLACE` of one whose arguments
    /// stay.
    CreateAggregate {
        aggregate: Aggregate,
        replace: bool,
    },
    DropAggregate {
        aggregate: Aggregate,
    },
    DropFunction {
        name: QualName,
        identity_args: String,
        /// Its [`Function::key`], for ordering.
        key: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        procedure: bool,
    },
    /// `CREATE TRIGGER`, from its definition.
    CreateTrigger {
        table: QualName,
        trigger: Trigger,
    },
    DropTrigger {
        table: QualName,
        name: String,
        /// The function it ran, for ordering.
        function: QualName,
    },
    SetTriggerEnabled {
        table: QualName,
        name: String,
        enabled: TriggerEnabled,
    },
    CreatePolicy {
        table: QualName,
        policy: Policy,
    },
    /// `ALTER POLICY`: the roles and expressions given here (`Some`) change.
    AlterPolicy {
        table: QualName,
        name: String,
        roles: Option<Vec<String>>,
        using: Option<String>,
        with_check: Option<String>,
    },
    DropPolicy {
        table: QualName,
        name: String,
    },
    /// `ALTER TABLE … SET LOGGED | UNLOGGED` (rewrites the table).
    SetLogged {
        table: QualName,
        unlogged: bool,
    },
    /// `ALTER TABLE … SET (k=v, …)`, or `RESET (k, …)` when `reset`.
    SetTableParameters {
        table: QualName,
        parameters: Vec<String>,
        reset: bool,
    },
    /// An operator, text search object, cast, rule, … made from its
    /// definition.
    CreateOther {
        object: schemadiff_model::others::OtherObject,
    },
    DropOther {
        object: schemadiff_model::others::OtherObject,
    },
    /// `ALTER TABLE … CLUSTER ON index` (`None`: `SET WITHOUT CLUSTER`).
    SetCluster {
        table: QualName,
        index: Option<String>,
    },
    /// `ALTER TABLE … REPLICA IDENTITY …` (`None`: `DEFAULT`).
    SetReplicaIdentity {
        table: QualName,
        identity: Option<ReplicaIdentity>,
    },
    /// `ENABLE` / `DISABLE` and `FORCE` / `NO FORCE ROW LEVEL SECURITY`,
    /// each where it changes.
    SetRowSecurity {
        table: QualName,
        enabled: Option<bool>,
        forced: Option<bool>,
    },
    CreateDomain {
        domain: Domain,
    },
    AlterDomain {
        name: QualName,
        action: DomainAction,
    },
    DropDomain {
        name: QualName,
    },
    CreateComposite {
        value: Composite,
    },
    /// `ALTER TYPE … ADD | DROP | ALTER ATTRIBUTE`, in one statement.
    AlterComposite {
        name: QualName,
        actions: Vec<CompositeAction>,
    },
    DropComposite {
        name: QualName,
    },
    /// `CREATE [MATERIALIZED] VIEW`, or `CREATE OR REPLACE VIEW` of one
    /// whose columns stay (new ones may follow).
    CreateView {
        view: View,
        replace: bool,
    },
    DropView {
        name: QualName,
        materialized: bool,
    },
    ValidateConstraint {
        table: QualName,
        name: String,
    },
    /// A unique constraint adopting the index built concurrently for it.
    AddUniqueUsingIndex {
        table: QualName,
        constraint: Constraint,
    },
    /// An identity's sequence named anew: `ALTER SEQUENCE … SET SCHEMA`
    /// where the schema changes (then another step renames), else
    /// `RENAME TO`.
    RenameIdentitySequence {
        table: QualName,
        column: String,
        from: QualName,
        to: QualName,
    },
    /// `ALTER TABLE … ALTER COLUMN … SET STORAGE` (the type's own when the
    /// desired column says none).
    SetColumnStorage {
        table: QualName,
        column: String,
        storage: String,
    },
    /// `ALTER TABLE ONLY … ALTER COLUMN … SET STATISTICS` (`None`: -1, the
    /// default). ONLY: each table's target is its own.
    SetColumnStatistics {
        table: QualName,
        column: String,
        statistics: Option<i32>,
    },
    /// `ALTER INDEX … ALTER COLUMN n SET STATISTICS` of key `n` (1-based).
    SetIndexStatistics {
        index: QualName,
        column: usize,
        statistics: Option<i32>,
    },
    /// `ALTER TABLE … ALTER COLUMN … SET COMPRESSION` (`DEFAULT`: none).
    SetColumnCompression {
        table: QualName,
        column: String,
        compression: Option<String>,
    },
    /// `ALTER TABLE parent DETACH PARTITION partition` (`CONCURRENTLY`
    /// online).
    DetachPartition {
        parent: QualName,
        partition: QualName,
    },
    /// `ALTER TABLE ONLY partition ALTER COLUMN … SET DEFAULT | DROP
    /// DEFAULT`: a partition's default of its own (or its parent's again).
    SetPartitionDefault {
        table: QualName,
        column: String,
        default: Option<String>,
    },
    /// `ALTER INDEX partition_index RENAME TO name`: a partition's index
    /// attached to its parent's `parent_index` takes the name the desired
    /// state gives it (PostgreSQL names the one it makes after the
    /// partition).
    NamePartitionIndex {
        partition: QualName,
        parent_index: String,
        from: String,
        to: String,
    },
    /// `ALTER TABLE parent ATTACH PARTITION partition bound`.
    AttachPartition {
        parent: QualName,
        partition: QualName,
        bound: String,
    },
    /// `GRANT` / `REVOKE [GRANT OPTION FOR]` on one object (`on`: `TABLE
    /// public.users`) to or from one role; column privileges read `SELECT
    /// (email)`.
    Privilege {
        grant: bool,
        on: String,
        grantee: String,
        privileges: Vec<String>,
        grant_option: bool,
    },
    /// `ALTER DEFAULT PRIVILEGES [FOR ROLE …] [IN SCHEMA …] GRANT | REVOKE`.
    DefaultPrivileges {
        grant: bool,
        role: Option<String>,
        schema: Option<String>,
        on: DefaultOn,
        grantee: String,
        privileges: Vec<String>,
        grant_option: bool,
    },
    /// Declared renames; they run before every other step.
    RenameTable {
        from: QualName,
        to: String,
    },
    /// `ALTER TYPE … RENAME TO` (a declared rename of an enum).
    RenameType {
        from: QualName,
        to: String,
    },
    /// `ALTER TYPE … RENAME VALUE 'a' TO 'b'`.
    RenameEnumValue {
        name: QualName,
        from: String,
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

/// One `ALTER DOMAIN`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "do", content = "with", rename_all = "snake_case")]
pub enum DomainAction {
    SetDefault(String),
    DropDefault,
    SetNotNull,
    DropNotNull,
    /// Name and expression.
    AddCheck(String, String),
    DropCheck(String),
}

/// One clause of an `ALTER TYPE` on a composite type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "do", content = "with", rename_all = "snake_case")]
pub enum CompositeAction {
    Add(String, String),
    Drop(String),
    AlterType(String, String),
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
    Schema {
        name: String,
    },
    /// An operator, text search object, cast, …: its key, and how
    /// `COMMENT ON` names it.
    Other {
        key: String,
        target: String,
    },
    Table {
        name: QualName,
    },
    Column {
        table: QualName,
        column: String,
    },
    Constraint {
        table: QualName,
        name: String,
    },
    Index {
        name: QualName,
    },
    Statistics {
        name: QualName,
    },
    Collation {
        name: QualName,
    },
    Type {
        name: QualName,
    },
    Sequence {
        name: QualName,
    },
    Policy {
        table: QualName,
        name: String,
    },
    Trigger {
        table: QualName,
        name: String,
    },
    Aggregate {
        name: QualName,
        args: String,
        /// Its [`Aggregate::key`], for ordering.
        key: String,
    },
    Function {
        name: QualName,
        identity_args: String,
        key: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        procedure: bool,
    },
    View {
        name: QualName,
        materialized: bool,
    },
    Domain {
        name: QualName,
    },
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
    /// Where the desired state defines what the step makes
    /// (`file:line:column`), for an error the server gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Runs outside any transaction, so it is committed before the steps
    /// after it, which need it committed (a new enum value they use).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub commits_first: bool,
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
        self.form != Form::Concurrently && !self.commits_first
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
    // Each expression text becomes the file's own, where the file gave one;
    // else one that reads back as it prints.
    let text = |t: &mut String| {
        if let Some(w) = written.get(t) {
            *t = w.to_string();
        } else if t.contains("::text[])") {
            *t = reloadable(t);
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
        Change::CreatePolicy { policy, .. } => {
            policy.using.iter_mut().for_each(text);
            policy.with_check.iter_mut().for_each(text);
        }
        Change::AlterPolicy {
            using, with_check, ..
        } => {
            using.iter_mut().for_each(text);
            with_check.iter_mut().for_each(text);
        }
        Change::RebuildEnum {
            checks, indexes, ..
        } => {
            checks.iter_mut().for_each(|(_, c)| check(c));
            indexes.iter_mut().for_each(|(_, i)| index(i));
        }
        _ => {}
    }
}

/// An expression as PostgreSQL prints it, written so that it reads back
/// into the same tree: `varchar_col IN ('a', 'b')` prints as
/// `((c)::text = ANY ((ARRAY['a'::character varying, …])::text[]))`, which
/// read again casts each element instead (`ARRAY[('a'::character
/// varying)::text, …]`) and prints differently; `c = ANY (ARRAY['a'::character
/// varying, …])` makes the first tree again. Only that shape is changed.
pub fn reloadable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let found = ["::text = ANY ((ARRAY[", "::text <> ALL ((ARRAY["]
            .iter()
            .filter_map(|p| rest.find(p).map(|i| (i, *p)))
            .min();
        let Some((at, pattern)) = found else {
            out.push_str(rest);
            return out;
        };
        // `(column)` just before the cast.
        let head = &rest[..at];
        let lhs_start = head.rfind('(').filter(|i| {
            let inner = &head[i + 1..head.len().saturating_sub(1)];
            head.ends_with(')')
                && !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '"' || c == '.')
        });
        let items_start = at + pattern.len();
        let close = rest[items_start..]
            .find("])::text[])")
            .map(|i| items_start + i);
        let (Some(lhs_start), Some(close)) = (lhs_start, close) else {
            out.push_str(&rest[..items_start]);
            rest = &rest[items_start..];
            continue;
        };
        let items = &rest[items_start..close];
        let all_varchar = items
            .split(", ")
            .all(|item| item.starts_with('\'') && item.ends_with("'::character varying"));
        if !all_varchar {
            out.push_str(&rest[..items_start]);
            rest = &rest[items_start..];
            continue;
        }
        let column = &head[lhs_start + 1..head.len() - 1];
        let op = if pattern.contains("ANY") {
            "= ANY"
        } else {
            "<> ALL"
        };
        out.push_str(&head[..lhs_start]);
        out.push_str(&format!("{column} {op} (ARRAY[{items}])"));
        rest = &rest[close + "])::text[])".len()..];
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

pub(crate) fn col_name(t: &QualName, c: &str) -> String {
    format!("{}.{}", t, quote_ident(c))
}

pub(crate) fn step(
    action: Action,
    object_kind: &'static str,
    object: String,
    change: Change,
) -> Step {
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
        origin: None,
        commits_first: false,
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
    refuse_pending(from)?;
    refuse_pending(to)?;
    let mut plan = diff_renamed(current, to)?;
    if options.online {
        plan.steps = online::expand(std::mem::take(&mut plan.steps), current);
    }
    adopt_partition_indexes(&mut plan.steps, current, to);
    hazards::assign(&mut plan.steps, current);
    commit_new_enum_values(&mut plan.steps);
    if !to.origins.is_empty() {
        for s in &mut plan.steps {
            s.origin = origin_of(&s.change, to);
        }
    }
    flag_possible_renames(&mut plan.steps, current);
    plan.steps.splice(0..0, renames);
    Ok(plan)
}

/// Where `to` defines what `change` makes or changes (see
/// [`Origins`]): the object a failing statement came from.
fn origin_of(change: &Change, to: &Schema) -> Option<String> {
    let o = &to.origins;
    let q = |kind: &str, n: &QualName| o.get(kind, &[&n.schema, &n.name]);
    let on = |kind: &str, t: &QualName, name: &str| o.get(kind, &[&t.schema, &t.name, name]);
    let found = match change {
        Change::CreateTable { table } => q("table", &table.name),
        Change::AttachPartition { partition, .. } => q("table", partition),
        Change::AddColumn { table, column: c } => on("column", table, &c.name),
        Change::AlterColumnType {
            table, column: c, ..
        }
        | Change::SetDefault {
            table, column: c, ..
        }
        | Change::SetNotNull { table, column: c }
        | Change::AddIdentity {
            table, column: c, ..
        }
        | Change::SetIdentity {
            table, column: c, ..
        } => on("column", table, c),
        Change::AddConstraint { table, constraint }
        | Change::AddUniqueUsingIndex { table, constraint } => {
            on("constraint", table, &constraint.name)
        }
        Change::ValidateConstraint { table, name } => on("constraint", table, name),
        Change::CreateIndex { table, index } => o.get("index", &[&table.schema, &index.name]),
        Change::CreateFunction { function, .. } => o.get("function", &[&function.key()]),
        Change::CreateAggregate { aggregate, .. } => o.get("aggregate", &[&aggregate.key()]),
        Change::CreateTrigger { table, trigger } => on("trigger", table, &trigger.name),
        Change::CreatePolicy { table, policy } => on("policy", table, &policy.name),
        Change::AlterPolicy { table, name, .. } => on("policy", table, name),
        Change::CreateSequence { sequence } => q("sequence", &sequence.name),
        Change::CreateEnum { value } => q("enum", &value.name),
        Change::CreateDomain { domain } => q("domain", &domain.name),
        Change::AlterDomain { name, .. } => q("domain", name),
        Change::CreateComposite { value } => q("type", &value.name),
        Change::CreateView { view, .. } => q("view", &view.name),
        _ => None,
    };
    found.map(ToString::to_string)
}

/// An index or a primary key / unique constraint made on a partitioned
/// table adopts a partition's matching index (PostgreSQL attaches it
/// instead of building another; a constraint adopts only a constraint's
/// index): the partition's own index or constraint, which the desired state
/// no longer names, is then not dropped — dropping it would throw away a
/// built index, and after the create it is the parent's.
fn adopt_partition_indexes(steps: &mut Vec<Step>, from: &Schema, to: &Schema) {
    let partition_of = |t: &QualName| {
        from.tables
            .get(t)
            .and_then(|t| t.partition_of.as_ref())
            .map(|p| p.parent.clone())
            .filter(|p| to.tables.get(p).is_some_and(|p| p.partition_by.is_some()))
    };
    let mut kept: Vec<usize> = Vec::new();
    let mut notes: Vec<(usize, String)> = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let adopted = match &s.change {
            Change::DropIndex { name } => from
                .tables
                .values()
                .filter(|t| t.name.schema == name.schema)
                .find_map(|t| t.indexes.get(&name.name).map(|ix| (t, ix)))
                .and_then(|(t, ix)| {
                    let parent = partition_of(&t.name)?;
                    steps.iter().position(|c| match &c.change {
                        Change::CreateIndex { table, index } if *table == parent => {
                            let mut mine = (**ix).clone();
                            mine.name = index.name.clone();
                            mine.comment = index.comment.clone();
                            mine == *index
                        }
                        _ => false,
                    })
                })
                .map(|at| (at, name.to_string())),
            Change::DropConstraint { table, name } => from
                .tables
                .get(table)
                .and_then(|t| t.constraints.get(name))
                .filter(|c| {
                    matches!(
                        c.kind,
                        ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
                    )
                })
                .and_then(|mine| {
                    let parent = partition_of(table)?;
                    steps.iter().position(|c| match &c.change {
                        Change::AddConstraint {
                            table: p,
                            constraint,
                        }
                        | Change::AddUniqueUsingIndex {
                            table: p,
                            constraint,
                        } if *p == parent => {
                            constraint.kind == mine.kind
                                && constraint.deferrable == mine.deferrable
                                && constraint.initially_deferred == mine.initially_deferred
                        }
                        _ => false,
                    })
                })
                .map(|at| (at, format!("{table}.{name}"))),
            _ => None,
        };
        match adopted {
            Some((at, what)) => notes.push((
                at,
                format!("attaches the partition's matching {what} (PostgreSQL adopts it)"),
            )),
            None => kept.push(i),
        }
    }
    if notes.is_empty() {
        return;
    }
    for (at, note) in notes {
        steps[at].notes.push(note);
    }
    let mut i = 0;
    steps.retain(|_| {
        let keep = kept.binary_search(&i).is_ok();
        i += 1;
        keep
    });
}

/// A value added to an enum cannot be used before it is committed
/// (`unsafe use of new value`): where a later step names it (a default, a
/// check, an index predicate, a new table's), the step that adds it runs
/// outside any transaction (PostgreSQL 12 and later take `ADD VALUE`
/// there), so it is committed first.
fn commit_new_enum_values(steps: &mut [Step]) {
    for i in 0..steps.len() {
        let Change::AddEnumValue { value, .. } = &steps[i].change else {
            continue;
        };
        let literal = quote_literal(value);
        let used = steps[i + 1..]
            .iter()
            .any(|s| serde_json::to_string(&s.change).is_ok_and(|j| j.contains(&literal)));
        if used {
            steps[i].commits_first = true;
            steps[i].notes.push(
                "committed on its own before the steps after it: PostgreSQL refuses a new enum \
                 value until it is committed, and they use it"
                    .to_string(),
            );
        }
    }
}

/// View queries as written cannot be compared: a server must print them
/// first (the scratch database, see `Schema::pending`).
fn refuse_pending(s: &Schema) -> Result<(), DiffError> {
    if let Some((name, v)) = s.pending.views.iter().next() {
        return Err(DiffError(format!(
            "{}: view {name} must be printed by PostgreSQL before it can be compared: \
             schemadiff loads the desired state into a scratch database for that (the local \
             development cluster, or --dev-database URL)",
            v.origin
        )));
    }
    if let Some((key, (origin, _))) = s.pending.functions.iter().next() {
        return Err(DiffError(format!(
            "{origin}: the SQL-standard body of function {key} must be printed by PostgreSQL \
             before it can be compared: schemadiff loads the desired state into a scratch \
             database for that (the local development cluster, or --dev-database URL)"
        )));
    }
    if let Some(d) = s.pending.do_blocks.first() {
        return Err(DiffError(format!(
            "{}: a `DO` block cannot be modelled; it runs only in a scratch database (the local \
             development cluster, or --dev-database URL), before the desired state is loaded there",
            d.origin
        )));
    }
    Ok(())
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

    kinds::namespaces::diff(from, to, &mut steps);
    kinds::collations::diff(from, to, &mut steps);

    kinds::enums::diff(from, to, &mut steps);
    kinds::types::diff(from, to, &mut steps)?;

    kinds::sequences::diff(from, to, &mut steps);

    kinds::functions::refuse_gone_callees(from, to)?;
    kinds::functions::diff(from, to, &mut steps);
    kinds::aggregates::diff(from, to, &mut steps);
    kinds::others::diff(from, to, &mut steps);
    kinds::tables::diff(from, to, &mut steps);
    kinds::functions::rebuild_dependants(&mut steps, from, to);
    kinds::views::diff(from, to, &mut steps);

    kinds::privileges::diff_defaults(from, to, &mut steps);

    kinds::constraints::fk_rebuilds(&mut steps, from, to);
    kinds::enums::enum_to_enum(&mut steps, from, to);
    let mut steps = order::order(steps, from, to)?;
    kinds::privileges::diff_objects(from, to, &mut steps);
    for s in &mut steps {
        use_written(&mut s.change, &to.written);
    }
    let created: BTreeSet<(&'static str, String)> = steps
        .iter()
        .filter(|s| {
            s.action == Action::Create
                && matches!(
                    s.object_kind,
                    "constraint"
                        | "index"
                        | "statistics"
                        | "collation"
                        | "policy"
                        | "trigger"
                        | "function"
                        | "procedure"
                        | "aggregate"
                )
        })
        .map(|s| (s.object_kind, s.object.clone()))
        .collect();
    for s in &mut steps {
        if s.action == Action::Drop && created.contains(&(s.object_kind, s.object.clone())) {
            s.recreated = true;
        }
    }
    Ok(Plan { steps })
}

pub(crate) fn comment(
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

#[cfg(test)]
mod reloadable_tests {
    use super::reloadable;

    /// `varchar_col IN (…)` as PostgreSQL 15 prints it, and the text that
    /// reads back into the same print (both checked on the server).
    #[test]
    fn a_varchar_in_list_is_written_as_it_reads_back() {
        assert_eq!(
            reloadable("(((e)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))"),
            "((e = ANY (ARRAY['a'::character varying, 'b'::character varying])))"
        );
        assert_eq!(
            reloadable("((e)::text <> ALL ((ARRAY['a'::character varying])::text[]))"),
            "(e <> ALL (ARRAY['a'::character varying]))"
        );
        // Anything else stays.
        let other = "((lower((e)::text) = ANY ((ARRAY['a'::character varying])::text[])))";
        assert_eq!(reloadable(other), other);
        let ints = "((n)::text = ANY ((ARRAY[(1)::text])::text[]))";
        assert_eq!(reloadable(ints), ints);
    }
}
