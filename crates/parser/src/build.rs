//! Raw declarations, as files write them, into the canonical [`Schema`]:
//! unnamed constraints and indexes get PostgreSQL's names, serials become
//! sequences and defaults, foreign keys learn their referenced columns, user
//! types are resolved and every expression is deparsed.

use crate::error::{ParseError, Result};
use crate::expr::{deparse, Ctx};
use crate::source::Loc;
use indexmap::IndexMap;
use schemadiff_model::names::{choose_name, choose_name_with, join_columns};
use schemadiff_model::types::{self, TypeName};
use schemadiff_model::*;
use sqlparser::ast::Expr;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

#[derive(Debug, Clone)]
pub(crate) struct RawColumn {
    pub name: String,
    pub ty: TypeName,
    pub written_type: String,
    pub not_null: bool,
    pub default: Option<RawDefault>,
    pub identity: Option<Identity>,
    pub identity_options: Option<Box<IdentityOptions>>,
    /// See [`Column::identity_sequence`].
    pub identity_sequence: Option<QualName>,
    pub generated: Option<Box<Expr>>,
    pub generated_virtual: bool,
    pub collation: Option<String>,
    pub comment: Option<String>,
    /// `CONSTRAINT name NOT NULL` (pg_dump 18 writes it where the name is
    /// not the table's own default): checked to be the name PostgreSQL gives.
    pub not_null_name: Option<(String, Loc)>,
    /// A NOT NULL's name that is not the table's default: the one a `LIKE`
    /// copied (PostgreSQL 18 keeps the source's), or YAML's
    /// `not_null_name`.
    pub kept_not_null: Option<String>,
    /// `SET STORAGE`, `SET COMPRESSION`, as written.
    pub storage: Option<String>,
    pub compression: Option<String>,
    /// A column the table inherits (put in for what names it), and what
    /// the file changed of it on this table: the rest is its parent's.
    pub inherited: Option<Overrides>,
    pub loc: Loc,
}

/// What a file changed of a column a table inherits (`ALTER TABLE ONLY
/// child ALTER COLUMN … SET DEFAULT`, `COMMENT ON COLUMN child.…`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Overrides {
    pub default: bool,
    pub not_null: bool,
    pub storage: bool,
    pub compression: bool,
    pub comment: bool,
}

impl Overrides {
    /// A column written whole (YAML's): if the table inherits it, all of
    /// it but NOT NULL (which either side makes) is the table's own.
    pub fn written_whole() -> Self {
        Overrides {
            default: true,
            not_null: false,
            storage: true,
            compression: true,
            comment: true,
        }
    }
}

impl RawColumn {
    /// Takes the fields `o` names from `from`.
    pub fn take(&mut self, from: &RawColumn, o: Overrides) {
        if o.default {
            self.default = from.default.clone();
        }
        if o.not_null {
            self.not_null = from.not_null;
        }
        if o.storage {
            self.storage = from.storage.clone();
        }
        if o.compression {
            self.compression = from.compression.clone();
        }
        if o.comment {
            self.comment = from.comment.clone();
        }
    }

    /// Records what a statement changed of an inherited column.
    pub fn changed(&mut self, o: Overrides) {
        if let Some(mine) = &mut self.inherited {
            mine.default |= o.default;
            mine.not_null |= o.not_null;
            mine.storage |= o.storage;
            mine.compression |= o.compression;
            mine.comment |= o.comment;
        }
    }

    /// A nullable column with nothing but its type.
    pub fn new(name: String, ty: TypeName, written_type: String, loc: Loc) -> Self {
        RawColumn {
            name,
            ty,
            written_type,
            not_null: false,
            default: None,
            identity: None,
            identity_options: None,
            identity_sequence: None,
            generated: None,
            generated_virtual: false,
            collation: None,
            comment: None,
            not_null_name: None,
            kept_not_null: None,
            storage: None,
            compression: None,
            inherited: None,
            loc,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawKind {
    PrimaryKey(Vec<String>),
    Unique(Vec<String>, bool),
    Check(RawExpr, bool),
    ForeignKey {
        columns: Vec<String>,
        ref_table: QualName,
        ref_columns: Vec<String>,
        on_delete: FkAction,
        on_update: FkAction,
        match_full: bool,
    },
    /// An exclusion constraint's definition (see `ConstraintKind::Exclude`)
    /// and the names PostgreSQL builds its default name from (a column's,
    /// or `expr` for an expression).
    Exclude {
        definition: String,
        name_parts: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct RawConstraint {
    pub name: Option<String>,
    pub kind: RawKind,
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// `NOT VALID` (checks and foreign keys added by `ALTER TABLE`).
    pub not_valid: bool,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub(crate) enum RawKeyTarget {
    Column(String),
    Expr(RawExpr),
}

/// A check's or an index key's expression: as written, or already deparsed
/// — when its table's column types were final as it was read, which gives
/// what the end would (a large schema then does not keep every syntax tree
/// until the end).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawExpr {
    Ast(Box<Expr>),
    Done(Box<DoneExpr>),
}

impl RawExpr {
    pub fn new(e: Expr) -> Self {
        RawExpr::Ast(Box::new(e))
    }
}

/// What the end needs of an expression, deparsed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DoneExpr {
    /// As PostgreSQL prints it.
    pub text: String,
    /// The columns it names.
    pub refs: BTreeSet<String>,
    /// As written (sqlparser's display of it).
    pub written: String,
    /// The name part an index key on it gives ([`expr_name`]).
    pub name: String,
    /// A function call (`pg_get_indexdef` prints it without parentheses).
    pub is_function: bool,
}

impl DoneExpr {
    /// `e` deparsed over the columns `types`, or PostgreSQL's complaint.
    fn new(
        e: &Expr,
        types: &IndexMap<String, String>,
        resolve: &dyn Fn(&str) -> Result<String, String>,
    ) -> std::result::Result<(DoneExpr, bool), String> {
        let mut ctx = Ctx::new(types, resolve);
        let text = deparse(e, None, &mut ctx)?;
        let absent = ctx.absent;
        // sqlparser writes some forms back as PostgreSQL does not read
        // them (`TRIM(LEADING FROM a)` as `TRIM(LEADING a)`): those are
        // made from the canonical text.
        let written = if faithful(e) {
            e.to_string()
        } else {
            text.clone()
        };
        Ok((
            DoneExpr {
                text,
                refs: ctx.refs,
                written,
                name: expr_name(e),
                is_function: matches!(e, Expr::Function(_)),
            },
            absent,
        ))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct RawKey {
    pub target: RawKeyTarget,
    pub opclass: Option<String>,
    pub collation: Option<String>,
    pub descending: bool,
    pub nulls_first: Option<bool>,
    /// `ALTER INDEX … ALTER COLUMN n SET STATISTICS m`.
    pub statistics: Option<i32>,
}

#[derive(Debug, Clone)]
pub(crate) struct RawIndex {
    pub name: Option<String>,
    pub table: QualName,
    pub unique: bool,
    pub method: String,
    pub keys: Vec<RawKey>,
    pub include: Vec<String>,
    pub predicate: Option<RawExpr>,
    pub nulls_not_distinct: bool,
    pub with: Vec<String>,
    pub comment: Option<String>,
    pub loc: Loc,
}

/// A key of `CREATE STATISTICS`: a column, or an expression.
#[derive(Debug, Clone)]
pub(crate) enum RawStatKey {
    Column(String),
    Expr(Box<Expr>),
}

/// `CREATE STATISTICS` as written, with what `ALTER STATISTICS` and
/// `COMMENT ON STATISTICS` said of it.
#[derive(Debug, Clone)]
pub(crate) struct RawStatistics {
    pub name: QualName,
    pub table: QualName,
    pub kinds: Vec<String>,
    pub keys: Vec<RawStatKey>,
    pub target: Option<i32>,
    pub comment: Option<String>,
    pub loc: Loc,
}

/// What a foreign key needs to know of the table it references.
struct FkTarget {
    primary_key: Option<Vec<String>>,
    columns: HashSet<String>,
}

/// A column default: deparsed as soon as its table is read when that is
/// possible (its type is known then, and a default names no column), so a
/// large schema does not keep every default's syntax tree until the end.
#[derive(Debug, Clone)]
pub(crate) enum RawDefault {
    Expr(Box<Expr>),
    Deparsed(String),
}

#[derive(Debug, Clone)]
pub(crate) struct RawTable {
    pub name: QualName,
    pub columns: IndexMap<String, RawColumn>,
    pub constraints: Vec<RawConstraint>,
    pub comment: Option<String>,
    pub row_security: RowSecurity,
    pub unlogged: bool,
    /// Storage parameters (`fillfactor=70`), sorted.
    pub with: Vec<String>,
    /// `PARTITION BY …`, as `pg_get_partkeydef()` prints it.
    pub partition_by: Option<String>,
    /// `PARTITION OF parent FOR VALUES …` (or `ATTACH PARTITION`).
    pub partition_of: Option<PartitionOf>,
    /// `INHERITS (parent, …)`.
    pub inherits: Vec<QualName>,
    /// `CLUSTER … USING`, `ALTER TABLE … CLUSTER ON`.
    pub cluster_on: Option<String>,
    /// `ALTER TABLE … REPLICA IDENTITY`, where not `DEFAULT`.
    pub replica_identity: Option<ReplicaIdentity>,
    /// See [`Table::statistics_targets`].
    pub statistics_targets: BTreeMap<String, i32>,
    /// See [`Table::partition_defaults`] (YAML's; SQL's come from the
    /// columns a partition is written with).
    pub partition_defaults: BTreeMap<String, Option<String>>,
    /// Columns of a `PARTITION OF` partition taken from its parent early,
    /// for a default of its own (`ALTER TABLE ONLY p ALTER COLUMN … SET
    /// DEFAULT`): only these are compared with the parent's.
    pub own_default_columns: BTreeSet<String>,
    pub loc: Loc,
}

/// A function argument as written.
#[derive(Debug, Clone)]
pub(crate) struct RawArg {
    /// `""` (IN), `OUT`, `INOUT` or `VARIADIC`, as PostgreSQL prints it.
    pub mode: &'static str,
    pub name: Option<String>,
    pub written: String,
    pub default: Option<Box<Expr>>,
}

/// What a function returns, as written.
#[derive(Debug, Clone)]
pub(crate) enum RawResult {
    /// A type as written; `true` for `SETOF`.
    Type(String, bool),
    /// `TABLE (name type, …)`.
    Table(Vec<(String, String)>),
    /// No RETURNS: the OUT arguments say.
    FromOutArgs,
}

/// A function as written; its types resolve once every type is read.
#[derive(Debug, Clone)]
pub(crate) struct RawFunction {
    pub name: QualName,
    /// `CREATE OR REPLACE`: a definition before it with the same
    /// arguments is replaced, as the server does.
    pub or_replace: bool,
    pub procedure: bool,
    /// A SQL-standard body: the statement as written, for the scratch
    /// database to print.
    pub sql_body: Option<String>,
    pub args: Vec<RawArg>,
    pub result: RawResult,
    pub language: String,
    pub body: String,
    pub volatility: Volatility,
    pub strict: bool,
    pub security_definer: bool,
    pub leakproof: bool,
    pub parallel: Parallel,
    pub cost: String,
    pub rows: String,
    pub config: Vec<String>,
    pub loc: Loc,
}

/// A trigger as written: its definition up to `FOR EACH …` already in
/// `pg_get_triggerdef()` form; `WHEN` is deparsed with its table's columns.
#[derive(Debug, Clone)]
pub(crate) struct RawTrigger {
    pub name: String,
    pub table: QualName,
    pub head: String,
    pub when: Option<Box<Expr>>,
    pub function: QualName,
    pub args: Vec<String>,
    pub loc: Loc,
}

/// A row-level security policy as written; its expressions are deparsed
/// with its table's columns once every table is read.
#[derive(Debug, Clone)]
pub(crate) struct RawPolicy {
    pub name: String,
    pub table: QualName,
    pub permissive: bool,
    pub command: PolicyCommand,
    pub roles: Vec<String>,
    pub using: Option<Box<Expr>>,
    pub with_check: Option<Box<Expr>>,
    pub loc: Loc,
}

/// `COMMENT ON` targets that only have a name once naming has run.
#[derive(Debug, Clone)]
pub(crate) enum LateComment {
    Index(QualName, Option<String>, Loc),
    Constraint(QualName, String, Option<String>, Loc),
    Sequence(QualName, Option<String>, Loc),
    Policy(QualName, String, Option<String>, Loc),
    Trigger(QualName, String, Option<String>, Loc),
    /// A function by name and the argument types written (resolved later).
    Function(QualName, Vec<String>, Option<String>, Loc),
}

#[derive(Debug, Clone)]
pub(crate) struct RawSequence {
    pub seq: Sequence,
    pub owned_by: Option<(QualName, String)>,
    pub loc: Loc,
}

/// A domain as written.
#[derive(Debug)]
pub(crate) struct RawDomain {
    pub name: QualName,
    /// The base type as written.
    pub base: String,
    pub collation: Option<String>,
    pub default: Option<Expr>,
    pub not_null: bool,
    /// Checks in the order written, named or not.
    pub checks: Vec<(Option<String>, Expr)>,
    pub comment: Option<String>,
    pub loc: Loc,
}

/// A composite type as written: attribute name, type as written,
/// collation.
#[derive(Debug)]
pub(crate) struct RawComposite {
    pub name: QualName,
    pub attributes: Vec<(String, String, Option<String>)>,
    pub comment: Option<String>,
    pub loc: Loc,
}

/// A view as written (see [`Pending`]).
#[derive(Debug)]
pub(crate) struct RawView {
    pub materialized: bool,
    pub loc: Loc,
    pub sql: String,
    pub mentions: BTreeSet<QualName>,
    pub comment: Option<String>,
    pub column_comments: Vec<(String, Option<String>, String)>,
}

#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub schemas: BTreeMap<String, Namespace>,
    pub extensions: BTreeMap<String, Extension>,
    pub enums: BTreeMap<QualName, Enum>,
    pub sequences: BTreeMap<QualName, RawSequence>,
    pub tables: IndexMap<QualName, RawTable>,
    pub indexes: Vec<RawIndex>,
    pub policies: Vec<RawPolicy>,
    pub functions: Vec<RawFunction>,
    pub triggers: Vec<RawTrigger>,
    /// `ALTER TABLE … ENABLE | DISABLE TRIGGER`, applied once triggers exist.
    pub trigger_states: Vec<(QualName, String, TriggerEnabled, Loc)>,
    pub late_comments: Vec<LateComment>,
    pub renames: Vec<Rename>,
    /// Views, kept as written for the scratch database.
    pub views: IndexMap<QualName, RawView>,
    pub domains: IndexMap<QualName, RawDomain>,
    pub composites: IndexMap<QualName, RawComposite>,
    /// Tables and views, whose row types are types too (kept when the raw
    /// tables are consumed).
    pub row_types: BTreeSet<QualName>,
    /// Statements on views (indexes, their comments), run after them.
    pub view_after: Vec<(String, String)>,
    pub do_blocks: Vec<DoBlock>,
    /// Where each of `renames` was declared.
    pub rename_locs: Vec<Loc>,
    /// `GRANT`, `REVOKE` and `ALTER DEFAULT PRIVILEGES`, in file order.
    pub privilege_events: Vec<crate::privileges::PrivEvent>,
    /// The role of `SET ROLE`, whose default privileges `ALTER DEFAULT
    /// PRIVILEGES` without `FOR ROLE` sets.
    pub current_role: Option<String>,
    /// Constraints of partitions that `ALTER INDEX … ATTACH PARTITION`
    /// made the parent's (pg_dump's form): not the partition's own.
    pub attached: BTreeSet<(QualName, String)>,
    /// `ALTER INDEX parent ATTACH PARTITION own`: (the partition, the
    /// parent's index, the partition's) — see
    /// [`Table::partition_index_names`].
    pub attached_index_names: Vec<(QualName, String, String)>,
    /// Extended statistics, by name.
    pub statistics: IndexMap<QualName, RawStatistics>,
    pub collations: BTreeMap<QualName, Collation>,
    /// Aggregates, by [`Aggregate::key`].
    pub aggregates: BTreeMap<String, Aggregate>,
    /// Statements that are not schema, left out (see [`Schema::set_aside`]).
    pub set_aside: SetAside,
    /// See [`Schema::public_comment`].
    pub public_comment: Option<String>,
    /// Operators, text search objects, casts, rules, … by key, as written.
    pub others: IndexMap<String, crate::sql::RawOther>,
    /// See [`Pending::replay`].
    pub replay: Vec<(String, String)>,
    /// See [`Pending::unread`].
    pub unread: Vec<(String, String, String)>,
    /// See [`schemadiff_model::Conversions`].
    pub conversions: schemadiff_model::Conversions,
    /// Where objects the builder keeps whole (enums, aggregates) are
    /// defined; the rest are recorded as `finish` makes them.
    pub origins: Origins,
}

impl Builder {
    /// The objects made so far, as [`crate::privileges::PrivEvent`] keeps
    /// them.
    pub fn made_so_far(&self) -> BTreeSet<(char, QualName)> {
        let mut out = BTreeSet::new();
        out.extend(
            self.schemas
                .keys()
                .chain(std::iter::once(&"public".to_string()))
                .map(|n| ('n', QualName::new(n.clone(), ""))),
        );
        out.extend(
            self.tables
                .keys()
                .chain(self.views.keys())
                .map(|q| ('r', q.clone())),
        );
        out.extend(self.sequences.keys().map(|q| ('S', q.clone())));
        out.extend(self.functions.iter().map(|f| ('f', f.name.clone())));
        out.extend(
            self.enums
                .keys()
                .chain(self.domains.keys())
                .chain(self.composites.keys())
                .map(|q| ('T', q.clone())),
        );
        out
    }

    pub fn table_mut(&mut self, name: &QualName, loc: &Loc) -> Result<&mut RawTable> {
        self.tables
            .get_mut(name)
            .ok_or_else(|| ParseError::new(loc.clone(), format!("table {name} is not defined")))
    }

    /// A column of `table` that a statement changes: one of its own, or
    /// one it inherits (put in, marked, for what the statement changes).
    pub fn column_mut(
        &mut self,
        table: &QualName,
        column: &str,
        loc: &Loc,
    ) -> Result<&mut RawColumn> {
        let t = self.table_mut(table, loc)?;
        if !t.columns.contains_key(column) {
            if let Some(c) = self.inherited_column(table, column) {
                let t = self.table_mut(table, loc)?;
                t.columns.insert(column.to_string(), c);
            }
        }
        self.table_mut(table, loc)?
            .columns
            .get_mut(column)
            .ok_or_else(|| {
                ParseError::new(
                    loc.clone(),
                    format!("column {} of {table} is not defined", quote_ident(column)),
                )
            })
    }

    /// A `PARTITION OF` partition's column `column`, taken from its
    /// ancestors (typed, nothing else) so a default of its own can be set.
    pub fn partition_column(&mut self, table: &QualName, column: &str) {
        let Some(t) = self.tables.get(table) else {
            return;
        };
        if t.partition_of.is_none() || t.columns.contains_key(column) {
            return;
        }
        if !t.columns.is_empty() && t.own_default_columns.is_empty() {
            return; // written out whole: a column it lacks is no column
        }
        let mut at = t.partition_of.as_ref().map(|p| p.parent.clone());
        let mut found = None;
        for _ in 0..=self.tables.len() {
            let Some(p) = at.as_ref().and_then(|n| self.tables.get(n)) else {
                break;
            };
            if let Some(c) = p.columns.get(column) {
                found = Some(c.clone());
                break;
            }
            at = p.partition_of.as_ref().map(|p| p.parent.clone());
        }
        let Some(c) = found.as_ref().map(partition_copy) else {
            return;
        };
        if let Some(t) = self.tables.get_mut(table) {
            t.columns.insert(column.to_string(), c);
            t.own_default_columns.insert(column.to_string());
        }
    }

    /// What `column` of `table` holds of what `ALTER TABLE` changes (NOT
    /// NULL, default, storage, compression), its own or as inherited (a
    /// parent's, as far as the file has gone).
    pub fn column_state(&self, table: &QualName, column: &str) -> RawColumn {
        let mut state = RawColumn::new(
            column.to_string(),
            TypeName::Builtin(String::new()),
            String::new(),
            Loc::default(),
        );
        // What is still to be found: the fields no nearer table set.
        let mut missing = Overrides::written_whole();
        missing.not_null = true;
        for t in self.lineage(vec![table.clone()]) {
            if let Some(c) = t.columns.get(column) {
                // A column of the table's own holds every field.
                let mine = c.inherited.unwrap_or(Overrides::written_whole());
                let mine = Overrides {
                    not_null: mine.not_null || c.inherited.is_none(),
                    ..mine
                };
                state.take(
                    c,
                    Overrides {
                        default: missing.default && mine.default,
                        not_null: missing.not_null && mine.not_null,
                        storage: missing.storage && mine.storage,
                        compression: missing.compression && mine.compression,
                        comment: false,
                    },
                );
                missing.default &= !mine.default;
                missing.not_null &= !mine.not_null;
                missing.storage &= !mine.storage;
                missing.compression &= !mine.compression;
            }
            if !(missing.default || missing.not_null || missing.storage || missing.compression) {
                break;
            }
        }
        state
    }

    /// The tables `start` names, then their parents, breadth first, as far
    /// as the file has defined them. Bounded: parents are defined before
    /// their children, but a file might say otherwise.
    fn lineage(&self, start: Vec<QualName>) -> impl Iterator<Item = &RawTable> + '_ {
        let mut next: std::collections::VecDeque<QualName> = start.into();
        let mut budget = self.tables.len() + 1;
        std::iter::from_fn(move || {
            while budget > 0 {
                budget -= 1;
                let t = self.tables.get(&next.pop_front()?);
                if let Some(t) = t {
                    next.extend(t.inherits.iter().cloned());
                    return Some(t);
                }
            }
            None
        })
    }

    /// After `ALTER TABLE [ONLY] table ALTER COLUMN column …` changed the
    /// fields `o` names (`before`: what the column held): without ONLY the
    /// change reaches every table that inherits the column, what they
    /// changed of it included; with ONLY they keep what they had. `SET
    /// COMPRESSION` never reaches them (PostgreSQL 15 and 18 alike).
    pub fn spread(
        &mut self,
        table: &QualName,
        column: &str,
        only: bool,
        o: Overrides,
        before: &RawColumn,
        loc: &Loc,
    ) -> Result<()> {
        if only || o.compression {
            for child in self.children(table) {
                let c = self.column_mut(&child, column, loc)?;
                let Some(mine) = c.inherited else {
                    continue;
                };
                c.take(
                    before,
                    Overrides {
                        default: o.default && !mine.default,
                        not_null: o.not_null && !mine.not_null,
                        storage: o.storage && !mine.storage,
                        compression: o.compression && !mine.compression,
                        comment: false,
                    },
                );
                c.changed(o);
            }
            return Ok(());
        }
        let Some(now) = self
            .tables
            .get(table)
            .and_then(|t| t.columns.get(column))
            .cloned()
        else {
            return Ok(());
        };
        for child in self.descendants(table) {
            if let Some(c) = self
                .tables
                .get_mut(&child)
                .and_then(|t| t.columns.get_mut(column))
            {
                c.take(&now, o);
                c.changed(o);
            }
        }
        Ok(())
    }

    /// The tables that inherit from `table` directly.
    pub fn children(&self, table: &QualName) -> Vec<QualName> {
        self.tables
            .values()
            .filter(|t| t.inherits.contains(table))
            .map(|t| t.name.clone())
            .collect()
    }

    /// The tables that inherit from `table`, at any depth.
    pub fn descendants(&self, table: &QualName) -> Vec<QualName> {
        let mut out: Vec<QualName> = Vec::new();
        let mut next = vec![table.clone()];
        while let Some(n) = next.pop() {
            for t in self.tables.values() {
                if t.inherits.contains(&n) && !out.contains(&t.name) && t.name != *table {
                    out.push(t.name.clone());
                    next.push(t.name.clone());
                }
            }
        }
        out
    }

    /// The column `table` inherits as `column`, typed as its parent's and
    /// with nothing of its own yet.
    fn inherited_column(&self, table: &QualName, column: &str) -> Option<RawColumn> {
        let parents = self.tables.get(table)?.inherits.clone();
        self.lineage(parents)
            .find_map(|p| p.columns.get(column))
            .map(inherited_copy)
    }

    /// Records a declared rename of `kind`: the object the desired schema
    /// calls `to` (in `table`) was called `from`.
    pub fn declare_rename(
        &mut self,
        kind: RenameKind,
        table: QualName,
        from: &str,
        to: &str,
        loc: &Loc,
    ) {
        self.renames.push(Rename {
            kind,
            table,
            from: from.to_string(),
            to: to.to_string(),
            origin: loc.to_string(),
        });
        self.rename_locs.push(loc.clone());
    }

    /// See [`schemadiff_model::Conversions`].
    pub fn declare_conversion(&mut self, table: &QualName, column: &str, expr: &str, loc: &Loc) {
        self.conversions.0.insert(
            schemadiff_model::Conversions::key(table, column),
            (expr.to_string(), loc.to_string()),
        );
    }

    /// A rename whose old name the files still define cannot be meant:
    /// both objects would exist.
    fn check_renames(&self) -> Result<()> {
        for (r, loc) in self.renames.iter().zip(&self.rename_locs) {
            let table = self.tables.get(&r.table);
            let still = match r.kind {
                RenameKind::Table => self
                    .tables
                    .contains_key(&QualName::new(r.table.schema.clone(), r.from.clone())),
                RenameKind::Column => table.is_some_and(|t| t.columns.contains_key(&r.from)),
                RenameKind::Constraint => table.is_some_and(|t| {
                    t.constraints
                        .iter()
                        .any(|c| c.name.as_deref() == Some(&r.from))
                }),
                RenameKind::Index => self.indexes.iter().any(|i| {
                    i.table.schema == r.table.schema && i.name.as_deref() == Some(&r.from)
                }),
                RenameKind::Enum => self
                    .enums
                    .contains_key(&QualName::new(r.table.schema.clone(), r.from.clone())),
                RenameKind::EnumLabel => self
                    .enums
                    .get(&r.table)
                    .is_some_and(|e| e.values.contains(&r.from)),
            };
            if still {
                return Err(ParseError::new(
                    loc.clone(),
                    format!(
                        "`{}` is renamed from `{}`, which the desired state still defines: remove the old definition or the hint",
                        r.to, r.from
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A schema other than `public`.
    /// A foreign key on partitioned table `parent` takes over its
    /// partitions' equivalent ones (same columns, referenced key, actions
    /// and timing) that are valid, as PostgreSQL does when the key is
    /// added or a partition attached: the partition's becomes a clone of
    /// the parent's, which is not the partition's own (pg_dump leaves it
    /// out too). A partition's key added later stays its own.
    pub fn absorb_partition_foreign_keys(&mut self, parent: &QualName) {
        // Only a partitioned table has partitions: the common case (every
        // foreign key of a structure.sql) returns here.
        let Some(p) = self.tables.get(parent).filter(|p| p.partition_by.is_some()) else {
            return;
        };
        let theirs: Vec<RawConstraint> = p
            .constraints
            .iter()
            .filter(|c| matches!(c.kind, RawKind::ForeignKey { .. }))
            .cloned()
            .collect();
        if theirs.is_empty() {
            return;
        }
        let same = |a: &RawConstraint, b: &RawConstraint| {
            a.kind == b.kind
                && a.deferrable == b.deferrable
                && a.initially_deferred == b.initially_deferred
        };
        for t in self
            .tables
            .values_mut()
            .filter(|t| t.partition_of.as_ref().is_some_and(|o| &o.parent == parent))
        {
            t.constraints
                .retain(|c| c.not_valid || !theirs.iter().any(|p| same(p, c)));
        }
    }

    /// Whether the statements read so far made any schema object.
    pub fn makes_anything(&self) -> bool {
        !(self.schemas.is_empty()
            && self.extensions.is_empty()
            && self.enums.is_empty()
            && self.sequences.is_empty()
            && self.tables.is_empty()
            && self.functions.is_empty()
            && self.views.is_empty()
            && self.domains.is_empty()
            && self.composites.is_empty()
            && self.collations.is_empty()
            && self.aggregates.is_empty()
            && self.others.is_empty()
            && self.do_blocks.is_empty()
            && self.unread.is_empty())
    }

    pub fn add_schema(&mut self, name: &str, loc: &Loc) -> Result<()> {
        check_name(name, "schema", loc)?;
        if name != "public" {
            self.schemas.entry(name.to_string()).or_default();
        }
        Ok(())
    }

    /// A type name is defined once, whatever its kind.
    fn type_taken(&self, q: &QualName, loc: &Loc) -> Result<()> {
        if self.enums.contains_key(q)
            || self.domains.contains_key(q)
            || self.composites.contains_key(q)
        {
            return Err(ParseError::new(
                loc.clone(),
                format!("type {q} is defined twice"),
            ));
        }
        Ok(())
    }

    pub fn add_domain(&mut self, d: RawDomain, loc: &Loc) -> Result<()> {
        self.type_taken(&d.name, loc)?;
        self.domains.insert(d.name.clone(), d);
        Ok(())
    }

    pub fn add_composite(&mut self, c: RawComposite, loc: &Loc) -> Result<()> {
        self.type_taken(&c.name, loc)?;
        self.composites.insert(c.name.clone(), c);
        Ok(())
    }

    /// An enum type: its name and labels checked, defined once.
    pub fn add_enum(&mut self, e: Enum, loc: &Loc) -> Result<()> {
        let q = &e.name;
        check_name(&q.name, "type", loc)?;
        let mut seen = BTreeSet::new();
        for v in &e.values {
            if !seen.insert(v) {
                return Err(ParseError::new(
                    loc.clone(),
                    format!("enum {q} lists value '{v}' twice"),
                ));
            }
            if v.len() > NAME_MAX {
                return Err(ParseError::new(
                    loc.clone(),
                    format!(
                        "enum {q}: the label '{v}' is {} bytes; PostgreSQL allows at most {NAME_MAX}",
                        v.len()
                    ),
                ));
            }
        }
        if self.enums.contains_key(q) {
            return Err(ParseError::new(
                loc.clone(),
                format!("type {q} is defined twice"),
            ));
        }
        self.origins
            .add("enum", &[&q.schema, &q.name], loc.origin());
        self.enums.insert(q.clone(), e);
        Ok(())
    }

    pub fn add_index(&mut self, mut index: RawIndex) -> Result<()> {
        if let Some(n) = &index.name {
            check_name(n, "index", &index.loc)?;
        }
        // Only expressions need the columns' types (worked out per table).
        let expressions = index.predicate.is_some()
            || index
                .keys
                .iter()
                .any(|k| matches!(k.target, RawKeyTarget::Expr(_)));
        if let Some(types) = self
            .tables
            .get(&index.table)
            .filter(|_| expressions)
            .and_then(|t| self.final_types(t.columns.values()))
        {
            for k in &mut index.keys {
                if let RawKeyTarget::Expr(e) = &mut k.target {
                    self.settle(e, &types);
                }
            }
            if let Some(p) = &mut index.predicate {
                self.settle(p, &types);
            }
        }
        self.indexes.push(index);
        Ok(())
    }

    pub fn add_statistics(&mut self, s: RawStatistics) -> Result<()> {
        check_name(&s.name.name, "statistics", &s.loc)?;
        self.check_schema(&s.name.schema, &s.loc)?;
        if let Some(prev) = self.statistics.get(&s.name) {
            return Err(ParseError::new(
                s.loc.clone(),
                format!(
                    "statistics {} is defined twice (first at {})",
                    s.name, prev.loc
                ),
            ));
        }
        self.statistics.insert(s.name.clone(), s);
        Ok(())
    }

    /// A statistics object defined before `loc`.
    pub fn statistics_mut(&mut self, name: &QualName, loc: &Loc) -> Result<&mut RawStatistics> {
        self.statistics.get_mut(name).ok_or_else(|| {
            ParseError::new(loc.clone(), format!("statistics {name} is not defined"))
        })
    }

    pub fn add_sequence(&mut self, name: QualName, seq: RawSequence) -> Result<()> {
        check_name(&name.name, "sequence", &seq.loc)?;
        self.sequences.insert(name, seq);
        Ok(())
    }

    pub fn add_table(&mut self, mut table: RawTable) -> Result<()> {
        check_name(&table.name.name, "table", &table.loc)?;
        for c in table.columns.values() {
            check_name(&c.name, "column", &c.loc)?;
        }
        for c in &table.constraints {
            if let Some(n) = &c.name {
                check_name(n, "constraint", &c.loc)?;
            }
        }
        {
            let resolve = self.type_resolver();
            let no_columns = IndexMap::new();
            for col in table.columns.values_mut() {
                let Some(RawDefault::Expr(e)) = &col.default else {
                    continue;
                };
                let ty = match &col.ty {
                    TypeName::Builtin(t) => t.clone(),
                    TypeName::Serial(_) => continue,
                    TypeName::Other {
                        schema,
                        name,
                        array,
                        modifiers,
                    } => match self.resolve_user_type(schema, name, *array, modifiers) {
                        Some(t) => t,
                        None => continue,
                    },
                };
                let mut ctx = Ctx::new(&no_columns, &resolve);
                if let Ok(text) = deparse(e, Some(&self.base_of(&ty)), &mut ctx) {
                    if ctx.refs.is_empty() {
                        col.default = Some(RawDefault::Deparsed(text));
                    }
                }
            }
        }
        if let Some(types) = self.final_types(table.columns.values()) {
            for c in &mut table.constraints {
                if let RawKind::Check(e, _) = &mut c.kind {
                    self.settle(e, &types);
                }
            }
        }
        if let Some(prev) = self.tables.get(&table.name) {
            return Err(ParseError::new(
                table.loc.clone(),
                format!(
                    "table {} is defined twice (first at {})",
                    table.name, prev.loc
                ),
            ));
        }
        self.check_schema(&table.name.schema, &table.loc)?;
        self.tables.insert(table.name.clone(), table);
        Ok(())
    }

    pub fn check_schema(&self, schema: &str, loc: &Loc) -> Result<()> {
        if schema == "public" || self.schemas.contains_key(schema) {
            Ok(())
        } else {
            Err(ParseError::new(
                loc.clone(),
                format!("schema {} is not defined: add `CREATE SCHEMA {}` (SQL) or list it under `schemas:` (YAML)", quote_ident(schema), quote_ident(schema)),
            ))
        }
    }

    /// The types expressions see for `columns`, if they are final already:
    /// built-in types and enums defined before (a domain or a type defined
    /// later may still change how an expression reads).
    fn final_types<'c>(
        &self,
        columns: impl Iterator<Item = &'c RawColumn>,
    ) -> Option<IndexMap<String, String>> {
        columns
            .map(|c| {
                let ty = match &c.ty {
                    TypeName::Builtin(t) | TypeName::Serial(t) => t.clone(),
                    TypeName::Other {
                        schema,
                        name,
                        array,
                        ..
                    } => {
                        let q = QualName::new(
                            schema.clone().unwrap_or_else(|| "public".into()),
                            name.clone(),
                        );
                        if !self.enums.contains_key(&q) {
                            return None;
                        }
                        self.resolve_user_type(schema, name, *array, &None)?
                    }
                };
                Some((c.name.clone(), self.expr_type(&ty)))
            })
            .collect()
    }

    /// Deparses `e` now if the end would print it the same: over final
    /// column types, naming only columns the table has, never reading a
    /// name as something else for want of a column.
    fn settle(&self, e: &mut RawExpr, types: &IndexMap<String, String>) {
        let RawExpr::Ast(ast) = e else {
            return;
        };
        let resolve = self.type_resolver();
        if let Ok((done, false)) = DoneExpr::new(ast, types, &resolve) {
            if done.refs.iter().all(|r| types.contains_key(r)) {
                *e = RawExpr::Done(Box::new(done));
            }
        }
    }

    /// The column PostgreSQL names an unnamed check of `table` after: the
    /// one column it refers to, or none (`Some(None)`); `None` when the
    /// expression cannot be read yet.
    pub fn check_column(&self, table: &RawTable, e: &RawExpr) -> Option<Option<String>> {
        let refs = match e {
            RawExpr::Done(d) => d.refs.clone(),
            RawExpr::Ast(ast) => {
                // The names it refers to do not depend on the types.
                let types: IndexMap<String, String> = table
                    .columns
                    .values()
                    .map(|c| {
                        let ty = match &c.ty {
                            TypeName::Builtin(t) | TypeName::Serial(t) => t.clone(),
                            TypeName::Other { .. } => "text".to_string(),
                        };
                        (c.name.clone(), ty)
                    })
                    .collect();
                let resolve = self.type_resolver();
                DoneExpr::new(ast, &types, &resolve).ok()?.0.refs
            }
        };
        Some(if refs.len() == 1 {
            refs.into_iter().next()
        } else {
            None
        })
    }

    /// The canonical spelling of a non-built-in type, if the schema defines it.
    fn resolve_user_type(
        &self,
        schema: &Option<String>,
        name: &str,
        array: bool,
        modifiers: &Option<String>,
    ) -> Option<String> {
        let q = QualName::new(schema.clone().unwrap_or_else(|| "public".into()), name);
        let known = self.enums.contains_key(&q)
            || self.domains.contains_key(&q)
            || self.composites.contains_key(&q)
            // A table's or view's row type.
            || self.tables.contains_key(&q)
            || self.views.contains_key(&q)
            || self.row_types.contains(&q)
            || self.range_type(&q)
            || !self.extensions.is_empty();
        if !known {
            return None;
        }
        let mut base = q.printed();
        if let Some(m) = modifiers {
            base.push_str(&format!("({m})"));
        }
        Some(if array { format!("{base}[]") } else { base })
    }

    /// Whether `q` is a range type the files make, or its multirange
    /// (named as PostgreSQL names it unless `multirange_type_name` says).
    fn range_type(&self, q: &QualName) -> bool {
        self.others.values().any(|o| {
            if o.kind != schemadiff_model::others::OtherKind::RangeType || o.name.schema != q.schema
            {
                return false;
            }
            let multi = match o.name.name.rfind("range") {
                Some(i) => format!("{}multi{}", &o.name.name[..i], &o.name.name[i..]),
                None => format!("{}_multirange", o.name.name),
            };
            o.name.name == q.name
                || multi == q.name
                || o.sql.iter().any(|s| {
                    s.to_ascii_lowercase().contains("multirange_type_name")
                        && s.contains(q.name.as_str())
                })
        })
    }

    /// The type expressions of a column of type `ty` are typed by: a
    /// domain's base type (PostgreSQL casts a domain column's default to
    /// it, and resolves operators on it), any other type itself.
    pub fn base_of(&self, ty: &str) -> String {
        let mut ty = ty.to_string();
        // Domains over domains, followed a bounded number of times: a
        // file may (wrongly) make a cycle of them, which the server refuses.
        for _ in 0..32 {
            let (name, array) = match ty.strip_suffix("[]") {
                Some(n) => (n, "[]"),
                None => (ty.as_str(), ""),
            };
            let Some(d) = self.domains.values().find(|d| d.name.printed() == name) else {
                break;
            };
            let base = self.type_resolver()(&d.base).unwrap_or_else(|_| d.base.clone());
            if base == name {
                break;
            }
            ty = format!("{base}{array}");
        }
        ty
    }

    /// The type a column of type `ty` has in the expression deparser: its
    /// base type, marked (`\0domain`) when it is a domain, whose value
    /// PostgreSQL casts to the base type where an operator or function
    /// takes that.
    pub fn expr_type(&self, ty: &str) -> String {
        let base = self.base_of(ty);
        if base == ty {
            base
        } else {
            format!("{base}\0domain")
        }
    }

    /// Each column of `table` with the type expressions on it see.
    fn expr_types(&self, table: &Table) -> IndexMap<String, String> {
        table
            .columns
            .values()
            .map(|c| (c.name.clone(), self.expr_type(&c.data_type)))
            .collect()
    }

    fn type_resolver(&self) -> impl Fn(&str) -> Result<String, String> + '_ {
        move |written: &str| match schemadiff_model::types::canonical_type(written)? {
            TypeName::Builtin(t) => Ok(t),
            TypeName::Serial(_) => Err(format!("`{written}` can only be a column type")),
            TypeName::Other {
                schema,
                name,
                array,
                modifiers,
            } => self
                .resolve_user_type(&schema, &name, array, &modifiers)
                .ok_or_else(|| unknown_type(written)),
        }
    }

    /// Domains and composite types into the schema.
    fn finish_types(
        &self,
        schema: &mut Schema,
        resolve: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<()> {
        let mut taken: HashMap<String, BTreeSet<String>> = HashMap::new();
        for rd in self.domains.values() {
            let err = |m: String| ParseError::new(rd.loc.clone(), m);
            let base_type = resolve(&rd.base).map_err(err)?;
            let base = self.base_of(&base_type);
            let mut cols = IndexMap::new();
            cols.insert("value".to_string(), base.clone());
            let mut d = Domain {
                name: rd.name.clone(),
                base_type,
                collation: rd.collation.clone(),
                default: None,
                not_null: rd.not_null,
                checks: BTreeMap::new(),
                comment: rd.comment.clone(),
            };
            if let Some(e) = &rd.default {
                let none = IndexMap::new();
                let mut ctx = Ctx::new(&none, resolve);
                let text = deparse(e, Some(&base), &mut ctx).map_err(err)?;
                if !text.starts_with("NULL") {
                    d.default = Some(text);
                }
            }
            let names = taken.entry(rd.name.schema.clone()).or_default();
            for (name, e) in &rd.checks {
                let mut ctx = Ctx::new(&cols, resolve);
                let text = deparse(e, None, &mut ctx).map_err(err)?;
                let name = match name {
                    Some(n) => n.clone(),
                    None => choose_name(&rd.name.name, None, "check", names),
                };
                names.insert(name.clone());
                if d.checks.insert(name.clone(), value_upper(&text)).is_some() {
                    return Err(err(format!(
                        "domain {} has two checks named {}",
                        rd.name,
                        quote_ident(&name)
                    )));
                }
            }
            schema
                .origins
                .add("domain", &[&d.name.schema, &d.name.name], rd.loc.origin());
            schema.domains.insert(d.name.clone(), d);
        }
        for rc in self.composites.values() {
            let mut attributes = IndexMap::new();
            for (name, written, collation) in &rc.attributes {
                let ty = resolve(written).map_err(|m| ParseError::new(rc.loc.clone(), m))?;
                let ty = match collation {
                    Some(c) => format!("{ty} COLLATE {}", quote_ident(c)),
                    None => ty,
                };
                if attributes.insert(name.clone(), ty).is_some() {
                    return Err(ParseError::new(
                        rc.loc.clone(),
                        format!("attribute {} is given twice", quote_ident(name)),
                    ));
                }
            }
            schema
                .origins
                .add("type", &[&rc.name.schema, &rc.name.name], rc.loc.origin());
            schema.composites.insert(
                rc.name.clone(),
                Composite {
                    name: rc.name.clone(),
                    attributes,
                    comment: rc.comment.clone(),
                },
            );
        }
        Ok(())
    }

    /// A default `'label'::enum` must be one of the enum's labels (PostgreSQL
    /// would refuse it at apply).
    fn check_enum_default(&self, ty: &str, default: &str, loc: &Loc) -> Result<()> {
        // A quoted label cast to the type; then, whether the type is an enum.
        let Some(quoted) = default
            .strip_suffix(ty)
            .and_then(|d| d.strip_suffix("::"))
            .and_then(|q| q.strip_prefix('\''))
            .and_then(|q| q.strip_suffix('\''))
        else {
            return Ok(());
        };
        let Some(e) = self.enums.values().find(|e| e.name.printed() == ty) else {
            return Ok(());
        };
        let label = quoted.replace("''", "'");
        if e.values.contains(&label) {
            return Ok(());
        }
        Err(ParseError::new(
            loc.clone(),
            format!(
                "the default '{label}' is not a label of enum {} ({})",
                e.name,
                e.values.join(", ")
            ),
        ))
    }

    /// Runs naming, resolution and deparsing; the result is canonical.
    /// What the files hold that only a server can build (a DO block, a
    /// statement this reader cannot model): every statement of them, for
    /// a replay. YAML has no statements: with one, a statement this
    /// reader cannot model is an error after all.
    pub fn collect_replay(&mut self, sources: &[crate::source::Source]) -> Result<()> {
        if self.unread.is_empty() && self.do_blocks.is_empty() {
            return Ok(());
        }
        if let Some(y) = sources.iter().find(|s| s.format == crate::Format::Yaml) {
            if let Some((at, _, why)) = self.unread.first() {
                return Err(ParseError::new(
                    Loc::default(),
                    format!(
                        "{at}: {why} (it could be built in a scratch database, but not with the YAML file {} beside it)",
                        y.name
                    ),
                ));
            }
            return Ok(());
        }
        self.replay.clear();
        for src in sources {
            let sql = match src.format {
                crate::Format::Rails => crate::rails::to_sql(src)?,
                _ => src.clone(),
            };
            self.replay.extend(crate::sql::replay_of(&sql)?);
        }
        Ok(())
    }

    /// [`Builder::finish`]; where the files hold statements this reader
    /// cannot model and what it read does not stand on its own, the
    /// desired state is left wholly to the server: no objects, and the
    /// statements to build it (`Pending::replay`).
    pub fn finish_or_replay(self) -> Result<Schema> {
        if self.unread.is_empty() {
            return self.finish();
        }
        let (replay, unread) = (self.replay.clone(), self.unread.clone());
        let set_aside = self.set_aside.clone();
        match self.finish() {
            Ok(s) => Ok(s),
            Err(_) => Ok(Schema {
                set_aside,
                pending: Pending {
                    replay,
                    unread,
                    ..Pending::default()
                },
                ..Schema::default()
            }),
        }
    }

    pub fn finish(mut self) -> Result<Schema> {
        self.check_renames()?;
        self.row_types = self
            .tables
            .keys()
            .chain(self.views.keys())
            .cloned()
            .collect();
        let raw_views = std::mem::take(&mut self.views);
        let mut view_after = std::mem::take(&mut self.view_after);
        let do_blocks = std::mem::take(&mut self.do_blocks);
        // Raw tables are consumed one by one below, so a large schema is
        // never held twice; foreign keys look their targets up here.
        let mut raw_tables = std::mem::take(&mut self.tables);
        // Rails' bookkeeping tables (a structure.sql holds them) are the
        // migration runner's, never the schema's.
        let bookkeeping = |n: &QualName| BOOKKEEPING_TABLES.contains(&n.name.as_str());
        raw_tables.retain(|n, _| !bookkeeping(n));
        self.indexes.retain(|i| !bookkeeping(&i.table));
        inherited_columns(&mut raw_tables)?;
        let written_out = partition_columns(&mut raw_tables)?;
        let own_defaults: BTreeSet<(QualName, String)> = raw_tables
            .values()
            .flat_map(|t| {
                t.own_default_columns
                    .iter()
                    .map(|c| (t.name.clone(), c.clone()))
            })
            .collect();
        let fk_targets: HashMap<QualName, FkTarget> = raw_tables
            .values()
            .map(|t| {
                (
                    t.name.clone(),
                    FkTarget {
                        primary_key: t.constraints.iter().find_map(|c| match &c.kind {
                            RawKind::PrimaryKey(cols) => Some(cols.clone()),
                            _ => None,
                        }),
                        columns: t.columns.keys().cloned().collect(),
                    },
                )
            })
            .collect();
        let mut schema = Schema {
            renames: Renames(std::mem::take(&mut self.renames)),
            conversions: std::mem::take(&mut self.conversions),
            schemas: self.schemas.clone(),
            extensions: self.extensions.clone(),
            enums: self.enums.clone(),
            collations: self.collations.clone(),
            aggregates: self.aggregates.clone(),
            set_aside: std::mem::take(&mut self.set_aside),
            public_comment: self.public_comment.take(),
            origins: std::mem::take(&mut self.origins),
            ..Schema::default()
        };
        let resolve = self.type_resolver();

        // Relation names per namespace (tables, sequences, indexes) and
        // constraint names per table, explicit ones first.
        let mut relnames: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for t in raw_tables.values() {
            relnames
                .entry(t.name.schema.clone())
                .or_default()
                .insert(t.name.name.clone());
            for c in &t.constraints {
                if let (Some(n), RawKind::PrimaryKey(_) | RawKind::Unique(..)) = (&c.name, &c.kind)
                {
                    relnames
                        .entry(t.name.schema.clone())
                        .or_default()
                        .insert(n.clone());
                }
            }
        }
        for s in self.sequences.keys() {
            relnames
                .entry(s.schema.clone())
                .or_default()
                .insert(s.name.clone());
        }
        for i in &self.indexes {
            if let Some(n) = &i.name {
                relnames
                    .entry(i.table.schema.clone())
                    .or_default()
                    .insert(n.clone());
            }
        }
        for (name, seq) in &self.sequences {
            let mut s = seq.seq.clone();
            s.owned_by = seq.owned_by.clone();
            if let Some((t, c)) = &seq.owned_by {
                let ok = fk_targets.get(t).is_some_and(|t| t.columns.contains(c));
                if !ok {
                    return Err(ParseError::new(
                        seq.loc.clone(),
                        format!(
                            "sequence {name} is owned by {t}.{}, which is not defined",
                            quote_ident(c)
                        ),
                    ));
                }
            }
            schema
                .origins
                .add("sequence", &[&name.schema, &name.name], seq.loc.origin());
            schema.sequences.insert(name.clone(), s);
        }

        // PostgreSQL picks a generated constraint name that no constraint in
        // the same schema has yet, whichever table holds it.
        let mut schema_cons: HashMap<String, HashSet<String>> = HashMap::new();
        // Inherited columns, and what the file changed of each.
        let mut inherited: Vec<(QualName, String, Overrides)> = Vec::new();
        for raw in raw_tables.into_values() {
            let raw = &raw;
            schema.origins.add(
                "table",
                &[&raw.name.schema, &raw.name.name],
                raw.loc.origin(),
            );
            for c in raw.columns.values().filter(|c| c.inherited.is_none()) {
                schema.origins.add(
                    "column",
                    &[&raw.name.schema, &raw.name.name, &c.name],
                    c.loc.origin(),
                );
            }
            let taken = relnames.entry(raw.name.schema.clone()).or_default();
            let mut table = Table::new(raw.name.clone());
            table.comment = raw.comment.clone();
            table.row_security = raw.row_security;
            table.unlogged = raw.unlogged;
            table.with = raw.with.clone();
            table.cluster_on = raw.cluster_on.clone();
            table.replica_identity = raw.replica_identity.clone();
            table.statistics_targets = raw.statistics_targets.clone();
            table.partition_defaults = raw.partition_defaults.clone();
            let mut types: IndexMap<String, String> = IndexMap::new();
            let mut serials = Vec::new();
            for col in raw.columns.values() {
                let ty = match &col.ty {
                    TypeName::Builtin(t) => t.clone(),
                    TypeName::Serial(t) => {
                        serials.push((col.name.clone(), t.clone()));
                        t.clone()
                    }
                    TypeName::Other {
                        schema: s,
                        name,
                        array,
                        modifiers,
                    } => self
                        .resolve_user_type(s, name, *array, modifiers)
                        .ok_or_else(|| {
                            ParseError::new(col.loc.clone(), unknown_type(&col.written_type))
                        })?,
                };
                types.insert(col.name.clone(), ty);
            }
            // Expressions see a domain column as its base type.
            let declared = types.clone();
            for t in types.values_mut() {
                *t = self.expr_type(t);
            }
            for col in raw.columns.values() {
                let ty = self.base_of(&declared[&col.name]);
                let mut c = Column::new(&col.name, &declared[&col.name]);
                c.not_null = col.not_null || col.identity.is_some();
                c.not_null_name = col.kept_not_null.clone().filter(|n| {
                    !schemadiff_model::names::is_given_not_null_name(&raw.name.name, &col.name, n)
                });
                c.identity = col.identity;
                c.identity_options = col.identity_options.clone();
                c.identity_sequence = col.identity_sequence.clone();
                c.generated_virtual = col.generated_virtual;
                c.collation = col.collation.clone();
                c.comment = col.comment.clone();
                // Kept where it is not what the type gives.
                c.storage = col.storage.clone().filter(|st| {
                    schemadiff_model::types::default_storage(&self.base_of(&declared[&col.name]))
                        != Some(st.as_str())
                });
                c.compression = col.compression.clone();
                let mut ctx = Ctx::new(&types, &resolve);
                if let Some(d) = &col.default {
                    let text = match d {
                        RawDefault::Deparsed(t) => t.clone(),
                        RawDefault::Expr(e) => deparse(e, Some(&ty), &mut ctx)
                            .map_err(|m| ParseError::new(col.loc.clone(), m))?,
                    };
                    // A NULL default is stored only where coercing it to
                    // the column's type modifier leaves more than a
                    // constant: `varchar(20)`, `numeric(5,2)`, `char(2)`.
                    match types::stored_null_default(&text, &declared[&col.name], &ty) {
                        Some(stored) => c.default = stored,
                        None => {
                            self.check_enum_default(&ty, &text, &col.loc)?;
                            c.default = Some(text);
                        }
                    }
                }
                if let Some(g) = &col.generated {
                    c.generated = Some(
                        deparse(g, None, &mut ctx)
                            .map_err(|m| ParseError::new(col.loc.clone(), m))?,
                    );
                }
                table.columns.insert(c.name.clone(), c);
            }
            for (col, int_ty) in serials {
                let seq_name = choose_name(&raw.name.name, Some(&col), "seq", taken);
                taken.insert(seq_name.clone());
                let q = QualName::new(raw.name.schema.clone(), seq_name);
                let mut seq = Sequence::with_defaults(q.clone(), &int_ty);
                seq.owned_by = Some((raw.name.clone(), col.clone()));
                // PostgreSQL 15+ makes a serial's sequence as its table.
                seq.unlogged = raw.unlogged;
                let regclass = q.printed();
                let c = table.columns.get_mut(&col).expect("serial column exists");
                c.default = Some(format!("nextval({}::regclass)", quote_literal(&regclass)));
                c.not_null = true;
                schema.sequences.insert(q, seq);
            }

            let mut con_taken: BTreeSet<String> = raw
                .constraints
                .iter()
                .filter_map(|c| c.name.clone())
                .collect();
            // PostgreSQL names index-backed constraints first, then checks, then FKs.
            let order = |k: &RawKind| match k {
                RawKind::PrimaryKey(_) => 0,
                RawKind::Unique(..) | RawKind::Exclude { .. } => 1,
                RawKind::Check(..) => 2,
                RawKind::ForeignKey { .. } => 3,
            };
            let mut sorted: Vec<&RawConstraint> = raw.constraints.iter().collect();
            sorted.sort_by_key(|c| order(&c.kind));
            for rc in sorted {
                let check_cols = |cols: &[String]| -> Result<()> {
                    for c in cols {
                        if !table.columns.contains_key(c) {
                            return Err(ParseError::new(
                                rc.loc.clone(),
                                format!(
                                    "column {} does not exist in table {}",
                                    quote_ident(c),
                                    raw.name
                                ),
                            ));
                        }
                    }
                    Ok(())
                };
                let (kind, auto) = match &rc.kind {
                    RawKind::PrimaryKey(cols) => {
                        check_cols(cols)?;
                        if table.primary_key().is_some() {
                            return Err(ParseError::new(
                                rc.loc.clone(),
                                format!("table {} has more than one primary key", raw.name),
                            ));
                        }
                        for c in cols {
                            if let Some(col) = table.columns.get_mut(c) {
                                col.not_null = true;
                            }
                        }
                        (
                            ConstraintKind::PrimaryKey {
                                columns: cols.clone(),
                            },
                            (None, "pkey", true),
                        )
                    }
                    RawKind::Unique(cols, nnd) => {
                        check_cols(cols)?;
                        (
                            ConstraintKind::Unique {
                                columns: cols.clone(),
                                nulls_not_distinct: *nnd,
                            },
                            (Some(join_columns(cols)), "key", true),
                        )
                    }
                    RawKind::Exclude {
                        definition,
                        name_parts,
                    } => (
                        ConstraintKind::Exclude {
                            definition: definition.clone(),
                        },
                        (Some(join_columns(name_parts)), "excl", true),
                    ),
                    RawKind::Check(e, no_inherit) => {
                        let d = done(e, &types, &resolve, &rc.loc)?;
                        let text = d.text.clone();
                        schema.written.0.insert(text.clone(), d.written.clone());
                        let unknown: Vec<_> =
                            d.refs.iter().filter(|r| !types.contains_key(*r)).collect();
                        if let Some(u) = unknown.first() {
                            return Err(ParseError::new(
                                rc.loc.clone(),
                                format!(
                                    "check refers to column {} that table {} does not have",
                                    quote_ident(u),
                                    raw.name
                                ),
                            ));
                        }
                        let col = if d.refs.len() == 1 {
                            d.refs.iter().next().cloned()
                        } else {
                            None
                        };
                        (
                            ConstraintKind::Check {
                                expression: text,
                                no_inherit: *no_inherit,
                            },
                            (col, "check", false),
                        )
                    }
                    RawKind::ForeignKey {
                        columns,
                        ref_table,
                        ref_columns,
                        on_delete,
                        on_update,
                        match_full,
                    } => {
                        check_cols(columns)?;
                        let target = fk_targets.get(ref_table).ok_or_else(|| {
                            ParseError::new(
                                rc.loc.clone(),
                                format!("foreign key references table {ref_table}, which is not defined"),
                            )
                        })?;
                        let ref_cols = if ref_columns.is_empty() {
                            target.primary_key.clone().ok_or_else(|| {
                                ParseError::new(
                                    rc.loc.clone(),
                                    format!("foreign key references {ref_table} without naming columns, and {ref_table} has no primary key"),
                                )
                            })?
                        } else {
                            for c in ref_columns {
                                if !target.columns.contains(c) {
                                    return Err(ParseError::new(
                                        rc.loc.clone(),
                                        format!("foreign key references column {} that {ref_table} does not have", quote_ident(c)),
                                    ));
                                }
                            }
                            ref_columns.clone()
                        };
                        if ref_cols.len() != columns.len() {
                            return Err(ParseError::new(
                                rc.loc.clone(),
                                format!(
                                    "foreign key has {} columns but references {}",
                                    columns.len(),
                                    ref_cols.len()
                                ),
                            ));
                        }
                        (
                            ConstraintKind::ForeignKey(ForeignKey {
                                columns: columns.clone(),
                                ref_table: ref_table.clone(),
                                ref_columns: ref_cols,
                                on_delete: *on_delete,
                                on_update: *on_update,
                                match_full: *match_full,
                            }),
                            (Some(join_columns(columns)), "fkey", false),
                        )
                    }
                };
                let name = match &rc.name {
                    Some(n) => n.clone(),
                    None => {
                        let (col, label, is_index) = auto;
                        let in_schema = schema_cons.get(&raw.name.schema);
                        let n = choose_name_with(&raw.name.name, col.as_deref(), label, |n| {
                            con_taken.contains(n)
                                || (is_index && taken.contains(n))
                                || in_schema.is_some_and(|s| s.contains(n))
                        });
                        if is_index {
                            taken.insert(n.clone());
                        }
                        n
                    }
                };
                if table.constraints.contains_key(&name)
                    || (!con_taken.insert(name.clone()) && rc.name.is_none())
                {
                    return Err(ParseError::new(
                        rc.loc.clone(),
                        format!(
                            "constraint {} is defined twice on table {}",
                            quote_ident(&name),
                            raw.name
                        ),
                    ));
                }
                schema_cons
                    .entry(raw.name.schema.clone())
                    .or_default()
                    .insert(name.clone());
                schema.origins.add(
                    "constraint",
                    &[&raw.name.schema, &raw.name.name, &name],
                    rc.loc.origin(),
                );
                table.constraints.insert(
                    name.clone(),
                    Box::new(Constraint {
                        name,
                        kind,
                        deferrable: rc.deferrable,
                        initially_deferred: rc.initially_deferred,
                        comment: None,
                        not_valid: rc.not_valid,
                    }),
                );
            }
            if raw.partition_of.is_some() {
                // What it took from its parent is the parent's; the model
                // keeps what is its own (its columns go once everything that
                // names them is read, at the end).
                table
                    .constraints
                    .retain(|n, _| !self.attached.contains(&(raw.name.clone(), n.clone())));
            }
            table.partition_by = raw.partition_by.clone();
            table.partition_of = raw.partition_of.clone();
            table.inherits = raw.inherits.clone();
            for c in raw.columns.values().filter(|_| !raw.inherits.is_empty()) {
                if let Some(o) = c.inherited {
                    inherited.push((raw.name.clone(), c.name.clone(), o));
                }
            }
            schema.tables.insert(raw.name.clone(), table);
            // Keep `types` of this table for its indexes below.
        }

        let mut written: Vec<(String, String)> = Vec::new();
        for ri in &self.indexes {
            let table = schema.tables.get_mut(&ri.table).ok_or_else(|| {
                ParseError::new(
                    ri.loc.clone(),
                    format!("index on table {}, which is not defined", ri.table),
                )
            })?;
            // Only expressions need the columns' types.
            let expressions = ri.predicate.is_some()
                || ri
                    .keys
                    .iter()
                    .any(|k| matches!(k.target, RawKeyTarget::Expr(_)));
            let types = if expressions {
                self.expr_types(table)
            } else {
                IndexMap::new()
            };
            let mut keys = Vec::new();
            let mut name_parts = Vec::new();
            for k in &ri.keys {
                let target = match &k.target {
                    RawKeyTarget::Column(c) => {
                        if !table.columns.contains_key(c) {
                            return Err(ParseError::new(
                                ri.loc.clone(),
                                format!(
                                    "index column {} does not exist in table {}",
                                    quote_ident(c),
                                    ri.table
                                ),
                            ));
                        }
                        name_parts.push(c.clone());
                        IndexTarget::Column(c.clone())
                    }
                    RawKeyTarget::Expr(e) => {
                        let d = done(e, &types, &resolve, &ri.loc)?;
                        let text = d.text.clone();
                        if let Some(u) = d.refs.iter().find(|r| !types.contains_key(*r)) {
                            return Err(ParseError::new(
                                ri.loc.clone(),
                                format!(
                                    "index expression refers to column {} that {} does not have",
                                    quote_ident(u),
                                    ri.table
                                ),
                            ));
                        }
                        name_parts.push(d.name.clone());
                        // pg_get_indexdef wraps a key that is not a function call.
                        let stored = if d.is_function {
                            text
                        } else {
                            format!("({text})")
                        };
                        written.push((stored.clone(), format!("({})", d.written)));
                        IndexTarget::Expression(stored)
                    }
                };
                // An operator class or collation that is the key's own
                // anyway is not part of the key (PostgreSQL does not print it).
                let column_of = match &target {
                    IndexTarget::Column(c) => table.columns.get(c),
                    IndexTarget::Expression(_) => None,
                };
                // pg_dump qualifies an extension's class (`public.gin_trgm_ops`);
                // the catalog prints those of `public` and `pg_catalog` bare.
                let opclass = k.opclass.as_deref().map(|o| {
                    o.strip_prefix("public.")
                        .or_else(|| o.strip_prefix("pg_catalog."))
                        .unwrap_or(o)
                        .to_string()
                });
                let opclass = opclass.filter(|o| {
                    !column_of
                        .is_some_and(|c| types::is_default_opclass(&ri.method, &c.data_type, o))
                });
                let collation = k.collation.clone().filter(|k| {
                    !column_of.is_some_and(|c| match &c.collation {
                        Some(own) => own == k,
                        None => k == "default",
                    })
                });
                keys.push(IndexKey {
                    target,
                    collation,
                    opclass,
                    descending: k.descending,
                    nulls_first: match k.nulls_first {
                        Some(nf) if nf != k.descending => Some(nf),
                        _ => None,
                    },
                    statistics: k.statistics,
                });
            }
            for c in &ri.include {
                if !table.columns.contains_key(c) {
                    return Err(ParseError::new(
                        ri.loc.clone(),
                        format!(
                            "included column {} does not exist in table {}",
                            quote_ident(c),
                            ri.table
                        ),
                    ));
                }
            }
            let predicate = match &ri.predicate {
                Some(p) => {
                    let d = done(p, &types, &resolve, &ri.loc)?;
                    written.push((d.text.clone(), d.written.clone()));
                    Some(d.text.clone())
                }
                None => None,
            };
            let taken = relnames.entry(ri.table.schema.clone()).or_default();
            let name = match &ri.name {
                Some(n) => n.clone(),
                None => {
                    let n = choose_name(
                        &ri.table.name,
                        Some(&join_columns(&name_parts)),
                        "idx",
                        taken,
                    );
                    taken.insert(n.clone());
                    n
                }
            };
            if table.indexes.contains_key(&name) || table.constraints.contains_key(&name) {
                return Err(ParseError::new(
                    ri.loc.clone(),
                    format!("index {} is defined twice", quote_ident(&name)),
                ));
            }
            schema
                .origins
                .add("index", &[&ri.table.schema, &name], ri.loc.origin());
            table.indexes.insert(
                name.clone(),
                Box::new(Index {
                    name,
                    unique: ri.unique,
                    method: ri.method.clone(),
                    keys,
                    include: ri.include.clone(),
                    predicate,
                    nulls_not_distinct: ri.nulls_not_distinct,
                    with: ri.with.clone(),
                    comment: ri.comment.clone(),
                    invalid: false,
                }),
            );
        }
        for rs in self.statistics.values() {
            let table = schema.tables.get_mut(&rs.table).ok_or_else(|| {
                ParseError::new(
                    rs.loc.clone(),
                    format!("statistics on table {}, which is not defined", rs.table),
                )
            })?;
            let types = self.expr_types(table);
            let mut columns = BTreeSet::new();
            let mut expressions = Vec::new();
            for k in &rs.keys {
                let refs = match k {
                    RawStatKey::Column(c) => {
                        columns.insert(c.clone());
                        BTreeSet::from([c.clone()])
                    }
                    RawStatKey::Expr(e) => {
                        let raw = RawExpr::new((**e).clone());
                        let d = done(&raw, &types, &resolve, &rs.loc)?;
                        expressions.push(d.text.clone());
                        d.refs.clone()
                    }
                };
                if let Some(u) = refs.iter().find(|r| !types.contains_key(*r)) {
                    return Err(ParseError::new(
                        rs.loc.clone(),
                        format!(
                            "statistics key column {} does not exist in table {}",
                            quote_ident(u),
                            rs.table
                        ),
                    ));
                }
            }
            let single_expression = columns.is_empty() && expressions.len() == 1;
            if rs.keys.len() < 2 && !single_expression {
                return Err(ParseError::new(
                    rs.loc.clone(),
                    "extended statistics need at least two columns or expressions (or one expression alone)",
                ));
            }
            if single_expression && !rs.kinds.is_empty() {
                return Err(ParseError::new(
                    rs.loc.clone(),
                    "statistics on one expression alone take no kinds",
                ));
            }
            let stat = Statistics {
                name: rs.name.clone(),
                kinds: Statistics::canonical_kinds(&rs.kinds),
                // In the table's column order, as the catalog keeps them.
                columns: table
                    .columns
                    .keys()
                    .filter(|c| columns.contains(*c))
                    .cloned()
                    .collect(),
                expressions,
                target: rs.target,
                comment: rs.comment.clone(),
            };
            table
                .statistics
                .insert(stat.name.to_string(), Box::new(stat));
        }
        for rf in &self.functions {
            let f = resolve_function(rf, &resolve)?;
            if let Some(sql) = &rf.sql_body {
                schema
                    .pending
                    .functions
                    .insert(f.key(), (rf.loc.to_string(), sql.clone()));
            }
            schema.origins.add("function", &[&f.key()], rf.loc.origin());
            if schema.functions.insert(f.key(), f).is_some() && !rf.or_replace {
                return Err(ParseError::new(
                    rf.loc.clone(),
                    format!(
                        "function {} is defined twice with the same arguments",
                        rf.name
                    ),
                ));
            }
        }
        for rt in &self.triggers {
            let table = schema.tables.get_mut(&rt.table).ok_or_else(|| {
                ParseError::new(
                    rt.loc.clone(),
                    format!("trigger on table {}, which is not defined", rt.table),
                )
            })?;
            let mut definition = rt.head.clone();
            if let Some(w) = &rt.when {
                let types = self.expr_types(table);
                let mut ctx = Ctx::new(&types, &resolve);
                ctx.row_aliases = &["new", "old"];
                let text =
                    deparse(w, None, &mut ctx).map_err(|m| ParseError::new(rt.loc.clone(), m))?;
                definition.push_str(&format!(" WHEN ({text})"));
            }
            let args: Vec<String> = rt.args.iter().map(|a| quote_literal(a)).collect();
            // Printed as the server prints it with `search_path = public`:
            // functions of `pg_catalog` are visible too.
            let function = if rt.function.schema == "pg_catalog" {
                quote_ident(&rt.function.name)
            } else {
                rt.function.printed()
            };
            definition.push_str(&format!(
                " EXECUTE FUNCTION {function}({})",
                args.join(", ")
            ));
            schema.origins.add(
                "trigger",
                &[&rt.table.schema, &rt.table.name, &rt.name],
                rt.loc.origin(),
            );
            let trigger = Trigger {
                name: rt.name.clone(),
                definition,
                function: rt.function.clone(),
                enabled: TriggerEnabled::Enabled,
                comment: None,
            };
            if table
                .triggers
                .insert(rt.name.clone(), Box::new(trigger))
                .is_some()
            {
                return Err(ParseError::new(
                    rt.loc.clone(),
                    format!(
                        "trigger {} on {} is defined twice",
                        quote_ident(&rt.name),
                        rt.table
                    ),
                ));
            }
        }
        for (t, name, enabled, loc) in &self.trigger_states {
            let trigger = schema
                .tables
                .get_mut(t)
                .and_then(|t| t.triggers.get_mut(name))
                .ok_or_else(|| {
                    ParseError::new(
                        loc.clone(),
                        format!("trigger {} on {t} is not defined", quote_ident(name)),
                    )
                })?;
            trigger.enabled = *enabled;
        }
        for rp in &self.policies {
            let table = schema.tables.get_mut(&rp.table).ok_or_else(|| {
                ParseError::new(
                    rp.loc.clone(),
                    format!("policy on table {}, which is not defined", rp.table),
                )
            })?;
            let types = self.expr_types(table);
            let mut expression = |e: &Option<Box<Expr>>| -> Result<Option<String>> {
                let Some(e) = e else { return Ok(None) };
                let mut ctx = Ctx::new(&types, &resolve);
                let text =
                    deparse(e, None, &mut ctx).map_err(|m| ParseError::new(rp.loc.clone(), m))?;
                written.push((text.clone(), e.to_string()));
                Ok(Some(text))
            };
            let policy = Policy {
                name: rp.name.clone(),
                permissive: rp.permissive,
                command: rp.command,
                roles: rp.roles.clone(),
                using: expression(&rp.using)?,
                with_check: expression(&rp.with_check)?,
                comment: None,
            };
            schema.origins.add(
                "policy",
                &[&rp.table.schema, &rp.table.name, &rp.name],
                rp.loc.origin(),
            );
            if table
                .policies
                .insert(rp.name.clone(), Box::new(policy))
                .is_some()
            {
                return Err(ParseError::new(
                    rp.loc.clone(),
                    format!(
                        "policy {} on {} is defined twice",
                        quote_ident(&rp.name),
                        rp.table
                    ),
                ));
            }
        }
        schema.written.0.extend(written);
        self.finish_types(&mut schema, &resolve)?;

        for lc in &self.late_comments {
            match lc {
                LateComment::Index(q, text, loc) => {
                    let found = schema
                        .tables
                        .values_mut()
                        .filter(|t| t.name.schema == q.schema)
                        .find_map(|t| t.indexes.get_mut(&q.name));
                    match found {
                        Some(i) => i.comment = text.clone(),
                        None => {
                            // An index backing a constraint takes its comment there.
                            let con = schema
                                .tables
                                .values_mut()
                                .filter(|t| t.name.schema == q.schema)
                                .find_map(|t| t.constraints.get_mut(&q.name));
                            match con {
                                Some(_) => {
                                    return Err(ParseError::new(
                                        loc.clone(),
                                        format!(
                                        "comments on the index of constraint {} are not supported",
                                        q
                                    ),
                                    ))
                                }
                                // An index of a view: the scratch database keeps it.
                                None if !raw_views.is_empty() => {
                                    view_after.push((
                                        loc.to_string(),
                                        format!(
                                            "COMMENT ON INDEX {q} IS {}",
                                            text.as_deref().map_or("NULL".into(), quote_literal)
                                        ),
                                    ));
                                }
                                None => {
                                    return Err(ParseError::new(
                                        loc.clone(),
                                        format!("index {q} is not defined"),
                                    ))
                                }
                            }
                        }
                    }
                }
                LateComment::Constraint(t, name, text, loc) => {
                    let c = in_table(&mut schema, t, "constraint", name, loc, |t| {
                        t.constraints.get_mut(name).map(|c| &mut c.comment)
                    })?;
                    *c = text.clone();
                }
                LateComment::Trigger(t, name, text, loc) => {
                    let c = in_table(&mut schema, t, "trigger", name, loc, |t| {
                        t.triggers.get_mut(name).map(|tr| &mut tr.comment)
                    })?;
                    *c = text.clone();
                }
                LateComment::Policy(t, name, text, loc) => {
                    let c = in_table(&mut schema, t, "policy", name, loc, |t| {
                        t.policies.get_mut(name).map(|p| &mut p.comment)
                    })?;
                    *c = text.clone();
                }
                LateComment::Function(q, types, text, loc) => {
                    let resolved: Vec<String> = types
                        .iter()
                        .map(|t| resolve(t).map_err(|m| ParseError::new(loc.clone(), m)))
                        .collect::<Result<_>>()?;
                    let f = schema
                        .functions
                        .values_mut()
                        .find(|f| f.name == *q && f.signature == resolved.join(", "))
                        .ok_or_else(|| {
                            ParseError::new(
                                loc.clone(),
                                format!("function {q}({}) is not defined", resolved.join(", ")),
                            )
                        })?;
                    f.comment = text.clone();
                }
                LateComment::Sequence(q, text, loc) => {
                    let s = schema.sequences.get_mut(q).ok_or_else(|| {
                        ParseError::new(loc.clone(), format!("sequence {q} is not defined"))
                    })?;
                    s.comment = text.clone();
                }
            }
        }
        for (name, v) in raw_views {
            if schema.tables.contains_key(&name) {
                return Err(ParseError::new(
                    v.loc.clone(),
                    format!("{name} is defined as a table and as a view"),
                ));
            }
            // The query is compared once a server has printed it.
            let mut view = View::new(name.clone(), v.materialized, String::new());
            view.comment = v.comment;
            schema
                .origins
                .add("view", &[&name.schema, &name.name], v.loc.origin());
            schema.views.insert(name.clone(), view);
            schema.pending.views.insert(
                name,
                PendingView {
                    origin: v.loc.to_string(),
                    sql: v.sql,
                    mentions: v.mentions,
                    column_comments: v.column_comments,
                },
            );
        }
        schema.pending.after = view_after;
        schema.pending.do_blocks = do_blocks;
        schema.pending.replay = self.replay.clone();
        schema.pending.unread = self.unread.clone();
        for (key, o) in &self.others {
            let (key, o) = (key.clone(), o.clone());
            let definition = o.sql.join(";\n");
            schema.pending.others.insert(key.clone(), o.loc.to_string());
            schema.others.insert(
                key,
                schemadiff_model::others::OtherObject {
                    kind: o.kind,
                    name: o.name,
                    identity: o.identity,
                    target: o.target,
                    reads: schemadiff_model::others::OtherReads(crate::sql::view_mentions(
                        &definition,
                    )),
                    definition,
                    comment: None,
                },
            );
        }
        // A partition written out whole and attached (pg_dump's form) has
        // the defaults it was written with; one made with PARTITION OF
        // takes its parent's.
        for (table, parent, own) in &self.attached_index_names {
            if let Some(t) = schema.tables.get_mut(table) {
                t.partition_index_names.insert(parent.clone(), own.clone());
            }
        }
        schema.fit_partition_index_names();
        schema.fold_partition_checks();
        schema.keep_partition_defaults(&|t, c| {
            written_out.contains(t) || own_defaults.contains(&(t.clone(), c.to_string()))
        });
        for t in schema.tables.values_mut() {
            if t.partition_of.is_some() {
                t.columns.clear();
            }
        }
        inherit(&mut schema, inherited);
        let events = self.privilege_events.clone();
        crate::privileges::settle(&mut schema, events, &resolve)?;
        Ok(schema)
    }
}

/// A domain check as PostgreSQL prints it: the value it checks is
/// `VALUE`, not the lower-case name the deparser gives it (outside string
/// literals and quoted names).
fn value_upper(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut quote: Option<char> = None;
    let mut prev: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if text[i..].starts_with("value")
                && !prev.is_some_and(word)
                && !text[i + 5..].chars().next().is_some_and(word) =>
            {
                out.push_str("VALUE");
                for _ in 0..4 {
                    it.next();
                }
                prev = Some('e');
                continue;
            }
            None => {}
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// The comment of a constraint, trigger or policy `name` of table `t`.
fn in_table<'a>(
    schema: &'a mut Schema,
    t: &QualName,
    what: &str,
    name: &str,
    loc: &Loc,
    find: impl FnOnce(&'a mut Table) -> Option<&'a mut Option<String>>,
) -> Result<&'a mut Option<String>> {
    schema.tables.get_mut(t).and_then(find).ok_or_else(|| {
        ParseError::new(
            loc.clone(),
            format!("{what} {} on {t} is not defined", quote_ident(name)),
        )
    })
}

/// A function with its types resolved and its signature, arguments and
/// result spelled as `pg_get_function_*()` print them.
fn resolve_function(
    rf: &RawFunction,
    resolve: &impl Fn(&str) -> std::result::Result<String, String>,
) -> Result<Function> {
    let err = |m: String| ParseError::new(rf.loc.clone(), m);
    let ty = |written: &str| match types::pseudo_type(written) {
        Some(p) => Ok(p.to_string()),
        None => resolve(written)
            .map(|t| types::without_typmod(&t))
            .map_err(err),
    };
    let no_columns = IndexMap::new();
    let mut identity = Vec::new();
    let mut arguments = Vec::new();
    let mut outs = Vec::new();
    let mut inputs = Vec::new();
    for a in &rf.args {
        let t = ty(&a.written)?;
        if a.mode != "OUT" {
            inputs.push(t.clone());
        }
        let mut text = String::new();
        // A procedure's arguments print their mode, IN included.
        let mode = if a.mode.is_empty() && rf.procedure {
            "IN"
        } else {
            a.mode
        };
        if !mode.is_empty() {
            text.push_str(mode);
            text.push(' ');
        }
        if let Some(n) = &a.name {
            text.push_str(&quote_ident(n));
            text.push(' ');
        }
        text.push_str(&t);
        identity.push(text.clone());
        if let Some(d) = &a.default {
            let mut ctx = Ctx::new(&no_columns, resolve);
            let d = deparse(d, Some(&t), &mut ctx).map_err(err)?;
            text.push_str(&format!(" DEFAULT {d}"));
        }
        arguments.push(text);
        if matches!(a.mode, "OUT" | "INOUT") {
            outs.push(t);
        }
    }
    let result = match &rf.result {
        RawResult::Type(written, setof) => {
            let t = ty(written)?;
            if *setof {
                format!("SETOF {t}")
            } else {
                t
            }
        }
        RawResult::Table(cols) => {
            let cols: Vec<String> = cols
                .iter()
                .map(|(n, w)| Ok(format!("{} {}", quote_ident(n), ty(w)?)))
                .collect::<Result<_>>()?;
            format!("TABLE({})", cols.join(", "))
        }
        RawResult::FromOutArgs if rf.procedure => String::new(),
        RawResult::FromOutArgs => match outs.as_slice() {
            [] => return Err(err("a function needs RETURNS or OUT arguments".into())),
            [one] => one.clone(),
            _ => "record".into(),
        },
    };
    let f = Function {
        name: rf.name.clone(),
        procedure: rf.procedure,
        sql_body: rf.sql_body.is_some(),
        signature: inputs.join(", "),
        identity_args: identity.join(", "),
        arguments: arguments.join(", "),
        result,
        language: rf.language.clone(),
        body: rf.body.clone(),
        volatility: rf.volatility,
        strict: rf.strict,
        security_definer: rf.security_definer,
        leakproof: rf.leakproof,
        parallel: rf.parallel,
        cost: rf.cost.clone(),
        rows: rf.rows.clone(),
        config: rf.config.clone(),
        comment: None,
    };
    Ok(f)
}

/// PostgreSQL's longest identifier, in bytes (NAMEDATALEN - 1).
pub(crate) const NAME_MAX: usize = 63;

/// A name PostgreSQL would keep as written: not empty, and not longer than
/// it stores (a longer one is truncated, and the plan would never converge).
pub(crate) fn check_name(name: &str, what: &str, loc: &Loc) -> Result<()> {
    if name.is_empty() {
        return Err(ParseError::new(
            loc.clone(),
            format!("a {what} needs a name: an empty one is not allowed"),
        ));
    }
    if name.len() > NAME_MAX {
        return Err(ParseError::new(
            loc.clone(),
            format!(
                "the {what} name {} is {} bytes; PostgreSQL truncates names to {NAME_MAX} bytes, so the database would never match the file: shorten it",
                quote_ident(name),
                name.len()
            ),
        ));
    }
    Ok(())
}

pub(crate) fn unknown_type(written: &str) -> String {
    format!("unknown type `{written}`: use a PostgreSQL type, a Rails type name, or an enum this schema defines")
}

/// Whether sqlparser writes `e` back as PostgreSQL reads it.
fn faithful(e: &Expr) -> bool {
    let mut ok = true;
    let mut e = e.clone();
    let _ = sqlparser::ast::visit_expressions_mut(&mut e, |x| {
        if let Expr::Trim {
            trim_where: Some(_),
            trim_what: None,
            ..
        } = x
        {
            ok = false;
        }
        std::ops::ControlFlow::<()>::Continue(())
    });
    ok
}

/// `e` deparsed: as read already, or now.
fn done<'e>(
    e: &'e RawExpr,
    types: &IndexMap<String, String>,
    resolve: &dyn Fn(&str) -> std::result::Result<String, String>,
    loc: &Loc,
) -> Result<std::borrow::Cow<'e, DoneExpr>> {
    match e {
        RawExpr::Done(d) => Ok(std::borrow::Cow::Borrowed(&**d)),
        RawExpr::Ast(ast) => DoneExpr::new(ast, types, resolve)
            .map(|(d, _)| std::borrow::Cow::Owned(d))
            .map_err(|m| ParseError::new(loc.clone(), m)),
    }
}

/// The name part PostgreSQL derives from an index expression
/// (`FigureColname`): a function's name, else `expr`.
fn expr_name(e: &Expr) -> String {
    match e {
        Expr::Function(f) => f
            .name
            .0
            .last()
            .and_then(|p| p.as_ident())
            .map(|i| {
                if i.quote_style.is_some() {
                    i.value.clone()
                } else {
                    i.value.to_lowercase()
                }
            })
            .unwrap_or_else(|| "expr".into()),
        Expr::Nested(inner) => expr_name(inner),
        Expr::Cast { expr, .. } => expr_name(expr),
        Expr::Identifier(i) => i.value.to_lowercase(),
        _ => "expr".into(),
    }
}

/// An inherited column is its parent's, but for what the file changed of
/// it on this table (a key of the table's own makes it NOT NULL); then
/// what a table takes unchanged is left to its parents.
fn inherit(schema: &mut Schema, mut inherited: Vec<(QualName, String, Overrides)>) {
    // Parents before children: a child's column is its parent's as filled.
    let depth = |s: &Schema, n: &QualName| s.tables.get(n).map_or(0, |t| s.ancestors(t).len());
    inherited.sort_by_cached_key(|(t, _, _)| depth(schema, t));
    for (table, column, o) in inherited {
        let Some(t) = schema.tables.get(&table) else {
            continue;
        };
        let (Some(mine), Some(parent)) = (
            t.columns.get(&column),
            schema.inherited_columns(t).get(&column).cloned(),
        ) else {
            continue;
        };
        let mut c = parent;
        if o.default {
            c.default = mine.default.clone();
        }
        c.not_null = if o.not_null {
            mine.not_null
        } else {
            c.not_null || mine.not_null
        };
        if o.storage {
            c.storage = mine.storage.clone();
        }
        if o.compression {
            c.compression = mine.compression.clone();
        }
        if o.comment {
            c.comment = mine.comment.clone();
        }
        if let Some(t) = schema.tables.get_mut(&table) {
            t.columns.insert(c.name.clone(), c);
        }
    }
    schema.fold_inherited();
}

/// A parent's column as a child takes it, for what names it there: its
/// type and collation (the rest is the parent's, filled in once built).
fn inherited_copy(c: &RawColumn) -> RawColumn {
    let ty = match &c.ty {
        TypeName::Serial(int) => TypeName::Builtin(int.clone()),
        t => t.clone(),
    };
    RawColumn {
        collation: c.collation.clone(),
        inherited: Some(Overrides::default()),
        ..RawColumn::new(c.name.clone(), ty, c.written_type.clone(), c.loc.clone())
    }
}

/// A table that inherits (`INHERITS`) takes its parents' columns, put in
/// for what names them (its keys, checks and indexes): parents first, each
/// column once. Refused: a parent not defined, a partition or partitioned
/// table among them, a table that would inherit from itself.
fn inherited_columns(tables: &mut IndexMap<QualName, RawTable>) -> Result<()> {
    for t in tables.values().filter(|t| !t.inherits.is_empty()) {
        if t.partition_by.is_some() || t.partition_of.is_some() {
            return Err(ParseError::new(
                t.loc.clone(),
                format!(
                    "{} is partitioned or a partition and inherits (PostgreSQL refuses that)",
                    t.name
                ),
            ));
        }
        for p in &t.inherits {
            match tables.get(p) {
                None => {
                    return Err(ParseError::new(
                        t.loc.clone(),
                        format!("{} inherits from {p}, which is not defined", t.name),
                    ))
                }
                Some(parent) if parent.partition_by.is_some() || parent.partition_of.is_some() => {
                    return Err(ParseError::new(
                        t.loc.clone(),
                        format!(
                            "{} inherits from {p}, which is partitioned or a partition \
                             (PostgreSQL refuses that)",
                            t.name
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    // Parents before children: each round takes the tables whose parents
    // are done.
    // A table that inherits nothing is done as it is: only children are
    // worked on (most schemas have none).
    let children = tables.values().filter(|t| !t.inherits.is_empty()).count();
    let mut done: HashSet<QualName> = HashSet::new();
    let ready = |tables: &IndexMap<QualName, RawTable>, done: &HashSet<QualName>, p: &QualName| {
        done.contains(p) || tables.get(p).is_some_and(|p| p.inherits.is_empty())
    };
    while done.len() < children {
        let mut progressed = false;
        for i in 0..tables.len() {
            let t = &tables[i];
            if t.inherits.is_empty()
                || done.contains(&t.name)
                || !t.inherits.iter().all(|p| ready(tables, &done, p))
            {
                continue;
            }
            let mut copies: Vec<RawColumn> = Vec::new();
            let mut merged: Vec<String> = Vec::new();
            for p in &t.inherits {
                for c in tables[p].columns.values() {
                    if t.columns.contains_key(&c.name) {
                        merged.push(c.name.clone());
                    } else if !copies.iter().any(|x| x.name == c.name) {
                        copies.push(inherited_copy(c));
                    }
                }
            }
            let name = t.name.clone();
            // Inherited columns first, in their parents' order, as
            // PostgreSQL places them; then the table's own.
            let mut order: Vec<String> = Vec::new();
            for p in &t.inherits {
                for c in tables[p].columns.keys() {
                    if !order.contains(c) {
                        order.push(c.clone());
                    }
                }
            }
            let t = &mut tables[i];
            // A column written on the table that it also inherits is merged
            // with the inherited one: what is written wins, NOT NULL from
            // either side holds, the rest is the parent's.
            for m in merged {
                let c = t.columns.get_mut(&m).expect("written on the table");
                if c.inherited.is_none() {
                    c.inherited = Some(Overrides {
                        default: c.default.is_some() || c.identity.is_some(),
                        not_null: false,
                        storage: c.storage.is_some(),
                        compression: c.compression.is_some(),
                        comment: c.comment.is_some(),
                    });
                }
            }
            for c in copies {
                t.columns.insert(c.name.clone(), c);
            }
            let own: Vec<String> = t
                .columns
                .keys()
                .filter(|c| !order.contains(c))
                .cloned()
                .collect();
            order.extend(own);
            let mut columns = std::mem::take(&mut t.columns);
            for c in order {
                if let Some(col) = columns.shift_remove(&c) {
                    t.columns.insert(c, col);
                }
            }
            done.insert(name);
            progressed = true;
        }
        if !progressed {
            let t = tables
                .values()
                .find(|t| !t.inherits.is_empty() && !done.contains(&t.name))
                .expect("one is left");
            return Err(ParseError::new(
                t.loc.clone(),
                format!("{} would inherit from itself", t.name),
            ));
        }
    }
    Ok(())
}

/// A partition made with `PARTITION OF` takes its parent's columns (what
/// its constraints and indexes refer to): copied in, typed as the parent's
/// but without defaults, which are the parent's to keep.
/// A parent's column as a `PARTITION OF` partition has it: typed as the
/// parent's, nothing else (defaults, identity, generation and comment are
/// the parent's to keep).
fn partition_copy(c: &RawColumn) -> RawColumn {
    let mut c = c.clone();
    if let TypeName::Serial(int) = &c.ty {
        c.ty = TypeName::Builtin(int.clone());
    }
    c.default = None;
    c.identity = None;
    c.identity_options = None;
    c.identity_sequence = None;
    c.generated = None;
    c.comment = None;
    c
}

/// Returns the partitions written out with their columns (pg_dump's form).
fn partition_columns(tables: &mut IndexMap<QualName, RawTable>) -> Result<BTreeSet<QualName>> {
    let mut written_out = BTreeSet::new();
    // A partition of its own partition is no tree: refused before anything
    // follows a chain of parents.
    for t in tables.values() {
        let mut at = t;
        for _ in 0..=tables.len() {
            match at.partition_of.as_ref().and_then(|p| tables.get(&p.parent)) {
                Some(p) if p.name == t.name => {
                    return Err(ParseError::new(
                        t.loc.clone(),
                        format!("{} would be a partition of itself", t.name),
                    ))
                }
                Some(p) => at = p,
                None => break,
            }
        }
    }
    // A named NOT NULL: PostgreSQL's own name (the table's default, or on
    // a partition an ancestor's, whose NOT NULL it took) is no name of its
    // own; another is kept (PostgreSQL 18 keeps it), except on a partition,
    // whose columns are its parent's.
    let mut kept = Vec::new();
    for t in tables.values() {
        for c in t.columns.values() {
            let Some((n, at)) = &c.not_null_name else {
                continue;
            };
            let mut owner = Some(t);
            let mut ok = false;
            while let Some(o) = owner {
                if schemadiff_model::names::is_given_not_null_name(&o.name.name, &c.name, n) {
                    ok = true;
                    break;
                }
                owner = o.partition_of.as_ref().and_then(|p| tables.get(&p.parent));
            }
            if !ok && t.partition_of.is_none() {
                kept.push((t.name.clone(), c.name.clone(), n.clone()));
            } else if !ok {
                return Err(ParseError::new(
                    at.clone(),
                    format!(
                        "schemadiff cannot model a NOT NULL constraint named {} on a partition \
                         (not the name PostgreSQL gives it) yet; remove the name or manage it \
                         outside schemadiff",
                        quote_ident(n)
                    ),
                ));
            }
        }
    }
    for (table, column, name) in kept {
        if let Some(c) = tables
            .get_mut(&table)
            .and_then(|t| t.columns.get_mut(&column))
        {
            c.kept_not_null = Some(name);
        }
    }
    for i in 0..tables.len() {
        let (name, t) = tables.get_index(i).expect("in range");
        let Some(p) = t.partition_of.clone() else {
            continue;
        };
        let name = name.clone();
        let parent = tables.get(&p.parent).ok_or_else(|| {
            ParseError::new(
                t.loc.clone(),
                format!(
                    "{name} is a partition of {}, which is not defined",
                    p.parent
                ),
            )
        })?;
        if parent.partition_by.is_none() {
            return Err(ParseError::new(
                t.loc.clone(),
                format!(
                    "{name} is a partition of {}, which is not partitioned (PARTITION BY)",
                    p.parent
                ),
            ));
        }
        let columns: IndexMap<String, RawColumn> = parent
            .columns
            .iter()
            .map(|(n, c)| (n.clone(), partition_copy(c)))
            .collect();
        let t = &mut tables[i];
        if t.columns.is_empty() {
            t.columns = columns;
        } else if !t.own_default_columns.is_empty() {
            for (n, c) in columns {
                t.columns.entry(n).or_insert(c);
            }
        } else {
            written_out.insert(name.clone());
            // pg_dump's form: the columns written out, then attached.
            for c in t.columns.keys() {
                if !columns.contains_key(c) {
                    return Err(ParseError::new(
                        t.columns[c].loc.clone(),
                        format!(
                            "column {} of partition {name} is not a column of {}",
                            quote_ident(c),
                            p.parent
                        ),
                    ));
                }
            }
        }
    }
    Ok(written_out)
}
