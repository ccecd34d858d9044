//! The schema model of schemadiff: plain data that both the parser (desired
//! state from files) and the introspector (live state from a catalog) produce,
//! and that the differ compares.
//!
//! Start at [`Schema`]. Every value in the model is in *canonical form*: the
//! spelling PostgreSQL itself prints (`format_type()`, `pg_get_expr()`,
//! `pg_get_constraintdef()`), so two models that describe the same database
//! compare equal. The helpers that produce that form and need no parser live
//! here too: [`types::canonical_type`], [`names`] (the names PostgreSQL gives
//! unnamed objects) and [`quote_ident`].
//!
//! This crate never talks to a database and never parses files.

pub mod inheritance;
pub mod names;
pub mod others;
pub mod privileges;
pub mod types;

pub use privileges::{Acl, DefaultOn, DefaultScope, PrivObject, Privileges};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A schema-qualified object name: `(schema, name)` is an object's identity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QualName {
    pub schema: String,
    pub name: String,
}

impl QualName {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QualName {
            schema: schema.into(),
            name: name.into(),
        }
    }

    /// `public.users` with each part quoted only where PostgreSQL needs it.
    pub fn quoted(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }

    /// As PostgreSQL prints it with `search_path = public` (`format_type()`,
    /// `regclass`): `users` in `public`, `billing.invoices` elsewhere.
    pub fn printed(&self) -> String {
        if self.schema == "public" {
            quote_ident(&self.name)
        } else {
            self.quoted()
        }
    }
}

impl fmt::Display for QualName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.quoted())
    }
}

/// Hints that travel with a [`Schema`] but are not part of what it
/// describes: two schemas compare equal whatever they hold, and `Debug`
/// (hence a fingerprint) leaves them out.
macro_rules! not_compared {
    ($($t:ident),*) => {$(
        impl PartialEq for $t {
            fn eq(&self, _: &Self) -> bool {
                true
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($t), "(..)"))
            }
        }
    )*};
}

not_compared!(
    Renames,
    Written,
    NamedNotNull,
    Pending,
    ViewReads,
    Populated,
    Unmanaged,
    ExtensionDefaults,
    SetAside,
    WrittenView,
    Origins,
    Conversions
);

/// Declared conversions for a column whose type changes (YAML `using:`,
/// SQL `-- @using expr` on the column's line), by `schema.table.column`:
/// the expression and where it was written. Like a rename hint, it shapes
/// the step (`ALTER COLUMN … TYPE … USING expr`) and is not part of the
/// schema's identity.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Conversions(pub BTreeMap<String, (String, String)>);

impl Conversions {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn key(table: &QualName, column: &str) -> String {
        format!("{table}.{column}")
    }

    pub fn get(&self, table: &QualName, column: &str) -> Option<&str> {
        self.0
            .get(&Self::key(table, column))
            .map(|(e, _)| e.as_str())
    }
}

/// Where the files define each object, by kind and name (`table` with
/// `[schema, table]`, `column` with `[schema, table, column]`, `function`
/// with `[Function::key]`, …): a step that fails on the server names the
/// definition it came from. Not part of the schema's identity. Kept
/// compact — one key string of the name's raw parts and a shared file
/// name — since every column of a large schema has one.
#[derive(Clone, Default)]
pub struct Origins(std::collections::HashMap<Box<str>, Origin>);

/// `file:line:column` of a definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: std::sync::Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Origins {
    /// The kind and the name's parts, each ended by a character no name
    /// holds.
    fn key(kind: &str, name: &[&str]) -> Box<str> {
        let mut k =
            String::with_capacity(kind.len() + 1 + name.iter().map(|p| p.len() + 1).sum::<usize>());
        k.push_str(kind);
        k.push('\0');
        for part in name {
            k.push_str(part);
            k.push('\0');
        }
        k.into_boxed_str()
    }

    /// Records where `kind name` is defined (the first definition wins).
    pub fn add(&mut self, kind: &str, name: &[&str], at: Origin) {
        self.0.entry(Self::key(kind, name)).or_insert(at);
    }

    pub fn get(&self, kind: &str, name: &[&str]) -> Option<&Origin> {
        self.0.get(&Self::key(kind, name))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The comment PostgreSQL's template gives schema `public`.
pub const PUBLIC_COMMENT: &str = "standard public schema";

/// A whole database's managed schema: everything schemadiff compares.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Namespaces other than `public`, with their comments.
    pub schemas: BTreeMap<String, Namespace>,
    /// The comment on schema `public` (which every database has) where it
    /// is not PostgreSQL's own ([`PUBLIC_COMMENT`]); `Some("")` for none.
    /// `None` in a desired state: not written, so left alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_comment: Option<String>,
    pub extensions: BTreeMap<String, Extension>,
    pub enums: BTreeMap<QualName, Enum>,
    /// Sequences, including those owned by serial columns. Identity sequences
    /// are part of their column and are not listed here.
    pub sequences: BTreeMap<QualName, Sequence>,
    pub tables: BTreeMap<QualName, Table>,
    /// Functions, by [`Function::key`]: overloads differ in their arguments.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub functions: BTreeMap<String, Function>,
    /// Aggregates (`CREATE AGGREGATE`), by [`Aggregate::key`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aggregates: BTreeMap<String, Aggregate>,
    /// Check, index-key and index-predicate expressions as the files wrote
    /// them, by their canonical text. Not part of the schema's identity.
    #[serde(default, skip_serializing_if = "Written::is_empty")]
    pub written: Written,
    /// Where the files define each object (see [`Origins`]).
    #[serde(default, skip)]
    pub origins: Origins,
    /// Declared renames (`renamed_from`, `-- @renamed from=`): hints for the
    /// differ, not part of the schema's identity.
    #[serde(default, skip_serializing_if = "Renames::is_empty")]
    pub renames: Renames,
    /// Declared conversions for type changes (see [`Conversions`]).
    #[serde(default, skip_serializing_if = "Conversions::is_empty")]
    pub conversions: Conversions,
    /// Views and materialized views.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub views: BTreeMap<QualName, View>,
    /// Domains: a base type with a default, NOT NULL and checks.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub domains: BTreeMap<QualName, Domain>,
    /// Collations (`CREATE COLLATION`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub collations: BTreeMap<QualName, Collation>,
    /// Composite types (`CREATE TYPE … AS (…)`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub composites: BTreeMap<QualName, Composite>,
    /// What only a server can put in canonical form (view queries as
    /// written, `DO` blocks): set by the parser, settled by loading the
    /// desired state into a scratch database. Ignored by equality.
    #[serde(default, skip_serializing_if = "Pending::is_empty")]
    pub pending: Pending,
    /// The database names its `NOT NULL` constraints (PostgreSQL 18+), so
    /// renaming a table or column leaves them with the old name. Known only
    /// of a live database; ignored by equality and `Debug`.
    #[serde(default, skip_serializing_if = "NamedNotNull::is_off")]
    pub named_not_null: NamedNotNull,
    /// Grants on objects and default privileges (see [`privileges`]).
    #[serde(default)]
    pub privileges: Privileges,
    /// What a live database holds that schemadiff does not model
    /// (aggregates, publications, rules, …), as `kind name`: left alone,
    /// and said so. Ignored by equality.
    #[serde(default, skip_serializing_if = "Unmanaged::is_empty")]
    pub unmanaged: Unmanaged,
    /// The default version of each installed extension, on the server a
    /// live schema was read from: a desired `VERSION` equal to it is no
    /// change. Ignored by equality.
    #[serde(default, skip_serializing_if = "ExtensionDefaults::is_empty")]
    pub extension_defaults: ExtensionDefaults,
    /// Statements of the desired-state files that are not schema (seed
    /// rows, psql's own commands, transaction control): left out of the
    /// model, and said so. Ignored by equality.
    #[serde(default, skip_serializing_if = "SetAside::is_empty")]
    pub set_aside: SetAside,
    /// Operators, text search objects, casts, rules, event triggers,
    /// publications, foreign-data objects: by [`others::OtherObject::key`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub others: BTreeMap<String, others::OtherObject>,
}

/// See [`Schema::set_aside`]: by kind (`data statement`), how many and
/// where the first was.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct SetAside(pub BTreeMap<String, (usize, String)>);

impl SetAside {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Counts one statement of `kind` at `at` (file:line:column).
    pub fn add(&mut self, kind: &str, at: &str) {
        self.0
            .entry(kind.to_string())
            .or_insert_with(|| (0, at.to_string()))
            .0 += 1;
    }

    /// One line a person reads: `left out 12 data statements (first at
    /// db/seed.sql:3:1) and 2 psql meta-commands (…): not schema`.
    pub fn message(&self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(kind, (n, at))| {
                let kind = match (kind.strip_suffix('y'), *n) {
                    (_, 1) => kind.clone(),
                    (Some(stem), _) => format!("{stem}ies"),
                    (None, _) => format!("{kind}s"),
                };
                format!("{n} {kind} (first at {at})")
            })
            .collect();
        Some(format!(
            "Left out {}: not schema, so not part of the desired state.",
            parts.join(", ")
        ))
    }
}

/// See [`Schema::extension_defaults`].
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct ExtensionDefaults(pub BTreeMap<String, String>);

impl ExtensionDefaults {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Schema {
    /// An extension's `VERSION` that is the server's default (`defaults`,
    /// from a live schema) is left out, as the server reads it.
    pub fn fit_extension_defaults(&mut self, defaults: &ExtensionDefaults) {
        for e in self.extensions.values_mut() {
            if e.version.is_some() && defaults.0.get(&e.name) == e.version.as_ref() {
                e.version = None;
            }
        }
    }

    /// Leaves out what a server of `server_version` (`server_version_num`)
    /// does not keep: `MAINTAIN` before 17, NOT NULL constraints' names
    /// before 18.
    pub fn fit_server(&mut self, server_version: i32) {
        self.privileges.fit_server(server_version);
        if server_version < 180000 {
            for t in self.tables.values_mut() {
                for c in t.columns.values_mut() {
                    c.not_null_name = None;
                }
            }
        }
    }
}

/// See [`Schema::unmanaged`].
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Unmanaged(pub Vec<String>);

impl Unmanaged {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// See [`Schema::named_not_null`].
#[derive(Clone, Copy, Default, Serialize, Deserialize)]
pub struct NamedNotNull(pub bool);

impl NamedNotNull {
    pub fn is_off(&self) -> bool {
        !self.0
    }
}

/// What the files hold that a server must print before it can be compared
/// (see [`Schema::pending`]).
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Pending {
    /// Views whose queries are as written.
    pub views: BTreeMap<QualName, PendingView>,
    /// Statements on those views (their indexes, comments on those), as
    /// written, run after them: `(file:line:column, SQL)`.
    pub after: Vec<(String, String)>,
    /// `DO` blocks in the order written: they run in the scratch database
    /// only (they create roles and the like), never in a target.
    pub do_blocks: Vec<DoBlock>,
    /// Functions with SQL-standard bodies, by [`Function::key`]: where
    /// each was written and its statement (the server parses and prints
    /// the body).
    #[serde(default)]
    pub functions: BTreeMap<String, (String, String)>,
    /// [`Schema::others`] whose definitions are as written, by key: where
    /// each was written.
    #[serde(default)]
    pub others: BTreeMap<String, String>,
    /// The statements of the files that hold `DO` blocks, in file order
    /// (`(file:line:column, SQL)`; not schema left out): what a `DO` block
    /// makes only the server knows, so where one needs what the file makes
    /// the desired state is what these statements build in the scratch
    /// database.
    #[serde(default)]
    pub replay: Vec<(String, String)>,
    /// Statements this reader cannot model, as written, where each was
    /// and why: the desired state is what the files build in a scratch
    /// database ([`Pending::replay`]).
    #[serde(default)]
    pub unread: Vec<(String, String, String)>,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
            && self.do_blocks.is_empty()
            && self.functions.is_empty()
            && self.others.is_empty()
            && self.unread.is_empty()
    }
}

/// A view as the files define it, before a server has printed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingView {
    /// Where it was written (`file:line:column`).
    pub origin: String,
    /// The statement that creates it.
    pub sql: String,
    /// Names its query mentions that may be relations (more than it
    /// reads: only for ordering and choosing what the scratch database
    /// needs).
    pub mentions: std::collections::BTreeSet<QualName>,
    /// `COMMENT ON COLUMN` of its columns, applied once they are known.
    pub column_comments: Vec<(String, Option<String>, String)>,
}

/// A `DO` block and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoBlock {
    pub origin: String,
    pub sql: String,
}

/// A domain, compared as PostgreSQL prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub name: QualName,
    /// The base type, as `format_type()` prints it.
    pub base_type: String,
    /// A collation other than the base type's.
    pub collation: Option<String>,
    /// As `pg_get_expr()` prints it.
    pub default: Option<String>,
    pub not_null: bool,
    /// Check constraints by name: their expressions as `pg_get_expr()`
    /// prints them (`(VALUE > 0)`).
    pub checks: BTreeMap<String, String>,
    pub comment: Option<String>,
}

/// A composite type: attributes in order, with their types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composite {
    pub name: QualName,
    /// Attribute name → type as `format_type()` prints it, in order.
    pub attributes: IndexMap<String, String>,
    pub comment: Option<String>,
}

/// A view or a materialized view, compared as PostgreSQL prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub name: QualName,
    pub materialized: bool,
    /// The query as `pg_get_viewdef()` prints it (or as written, while the
    /// schema's [`Pending::views`] lists the view).
    pub definition: String,
    /// The output columns in order, with their types and comments (empty
    /// while pending).
    pub columns: IndexMap<String, ViewColumn>,
    /// Options as stored (`security_barrier=true`, `check_option=local`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Indexes of a materialized view, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub indexes: BTreeMap<String, Box<Index>>,
    /// Triggers of a view (`INSTEAD OF`), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub triggers: BTreeMap<String, Box<Trigger>>,
    pub comment: Option<String>,
    /// A materialized view built `WITH DATA` (the default) or `WITH NO
    /// DATA`: how it is created, not compared (a refresh changes it).
    #[serde(default)]
    pub populated: Populated,
    /// What the query reads, from the catalog: follows from the
    /// definition, so not compared.
    #[serde(default, skip_serializing_if = "ViewReads::is_empty")]
    pub reads: ViewReads,
    /// A materialized view's index `CLUSTER` orders it by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_on: Option<String>,
    /// The statement the files made it with, where they did: a view is
    /// made as written (`pg_get_viewdef` does not always read back as it
    /// prints, so a view made from its print may print otherwise). Not
    /// compared.
    #[serde(default, skip_serializing_if = "WrittenView::is_none")]
    pub written: WrittenView,
}

/// See [`View::written`].
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct WrittenView(pub Option<String>);

impl WrittenView {
    pub fn is_none(&self) -> bool {
        self.0.is_none()
    }
}

impl View {
    pub fn new(name: QualName, materialized: bool, definition: String) -> Self {
        View {
            name,
            materialized,
            definition,
            columns: IndexMap::new(),
            options: vec![],
            indexes: BTreeMap::new(),
            cluster_on: None,
            written: WrittenView::default(),
            triggers: BTreeMap::new(),
            comment: None,
            populated: Populated(true),
            reads: ViewReads::default(),
        }
    }

    /// `view` or `materialized view`, as DDL names the kind.
    pub fn kind(&self) -> &'static str {
        if self.materialized {
            "materialized view"
        } else {
            "view"
        }
    }
}

/// An output column of a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewColumn {
    /// As `format_type()` prints it.
    pub data_type: String,
    pub comment: Option<String>,
}

/// See [`View::populated`].
#[derive(Clone, Copy, Serialize, Deserialize)]
pub struct Populated(pub bool);

impl Default for Populated {
    fn default() -> Self {
        Populated(true)
    }
}

/// See [`View::reads`]: the columns of tables and views the query reads
/// (a whole-row reference reads the relation), and the functions it calls
/// by [`Function::key`].
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct ViewReads {
    pub columns: std::collections::BTreeSet<(QualName, String)>,
    pub relations: std::collections::BTreeSet<QualName>,
    pub functions: std::collections::BTreeSet<String>,
}

impl ViewReads {
    pub fn is_empty(&self) -> bool {
        self.relations.is_empty() && self.functions.is_empty()
    }
}

/// What a declared rename is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenameKind {
    Table,
    Column,
    Index,
    Constraint,
    /// An enum type (`table` is the type by its new name).
    Enum,
    /// A label of an enum (`table` is the type; `from`/`to` are labels).
    EnumLabel,
}

/// One declared rename: `from` is the old name of the object the desired
/// schema calls `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rename {
    pub kind: RenameKind,
    /// The table (by its new name) for tables, columns and constraints; for
    /// an index, its schema and new name.
    pub table: QualName,
    pub from: String,
    pub to: String,
    /// Where the hint was written (`file:line:column`), for messages.
    pub origin: String,
}

/// Declared renames (see [`Schema::renames`]). Like [`Written`], two schemas
/// compare equal whatever they hold here, and `Debug` leaves them out.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Renames(pub Vec<Rename>);

impl Renames {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Expressions as written, by canonical text (see [`Schema::written`]).
///
/// The canonical text is what PostgreSQL prints, and it does not always
/// read back the same: `(c)::text = ANY ((ARRAY['a'::character varying])::text[])`
/// re-parses with the cast pushed into the elements. DDL for an object the
/// files describe therefore uses the written text, which the server turns
/// into exactly the canonical one. Two schemas compare equal whatever they
/// hold here, and `Debug` leaves it out, so fingerprints ignore it too.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Written(pub BTreeMap<String, String>);

impl Written {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The written form of `canonical`, if the files gave one that differs.
    pub fn get(&self, canonical: &str) -> Option<&str> {
        self.0.get(canonical).map(String::as_str)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Namespace {
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub name: String,
    /// The schema it was created in, when one was named.
    pub schema: Option<String>,
    /// `VERSION`: where it is not the server's default version for the
    /// extension (what `CREATE EXTENSION` without it installs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// A collation (`CREATE COLLATION name (provider = …, locale = …)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collation {
    pub name: QualName,
    /// `libc`, `icu` or `builtin`.
    pub provider: String,
    /// The locale: ICU's or the built-in provider's, or libc's where its
    /// `LC_COLLATE` and `LC_CTYPE` are the same.
    pub locale: Option<String>,
    /// libc's `LC_COLLATE` and `LC_CTYPE` where they differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lc_collate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lc_ctype: Option<String>,
    pub deterministic: bool,
    /// ICU tailoring rules (PostgreSQL 16+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<String>,
    pub comment: Option<String>,
}

impl Collation {
    /// A collation from what the catalog or a file says, in the model's
    /// form (libc's two settings folded into `locale` where they agree).
    pub fn new(
        name: QualName,
        provider: &str,
        locale: Option<String>,
        lc_collate: Option<String>,
        lc_ctype: Option<String>,
    ) -> Self {
        let (locale, lc_collate, lc_ctype) = match (locale, lc_collate, lc_ctype) {
            (None, Some(a), Some(b)) if a == b => (Some(a), None, None),
            other => other,
        };
        Collation {
            name,
            provider: provider.to_string(),
            locale,
            lc_collate,
            lc_ctype,
            deterministic: true,
            rules: None,
            comment: None,
        }
    }

    /// Everything but the comment (which changes in place).
    pub fn same_definition(&self, other: &Collation) -> bool {
        let mut a = self.clone();
        a.comment = other.comment.clone();
        a == *other
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enum {
    pub name: QualName,
    /// Labels in sort order.
    pub values: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub name: QualName,
    /// `smallint`, `integer` or `bigint`.
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
    /// `(table, column)` of an `OWNED BY`.
    pub owned_by: Option<(QualName, String)>,
    pub comment: Option<String>,
    /// `UNLOGGED` (PostgreSQL 15+; a serial's sequence is when its table
    /// is).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unlogged: bool,
}

impl Sequence {
    /// Its options (start, increment, bounds, cache, cycle).
    pub fn options(&self) -> IdentityOptions {
        IdentityOptions {
            start: self.start,
            increment: self.increment,
            min_value: self.min_value,
            max_value: self.max_value,
            cache: self.cache,
            cycle: self.cycle,
        }
    }

    /// Takes every option of `o` (the type, name and owner stay).
    pub fn set_options(&mut self, o: &IdentityOptions) {
        self.start = o.start;
        self.increment = o.increment;
        self.min_value = o.min_value;
        self.max_value = o.max_value;
        self.cache = o.cache;
        self.cycle = o.cycle;
    }

    /// A sequence with PostgreSQL's defaults for `data_type`.
    pub fn with_defaults(name: QualName, data_type: &str) -> Self {
        Sequence {
            name,
            data_type: data_type.to_string(),
            start: 1,
            increment: 1,
            min_value: 1,
            max_value: types::max_for_integer_type(data_type),
            cache: 1,
            cycle: false,
            owned_by: None,
            comment: None,
            unlogged: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: QualName,
    /// In declaration order; column order is not part of a diff.
    pub columns: IndexMap<String, Column>,
    /// Primary key, unique, check and foreign-key constraints, by name.
    /// (Boxed: a map's nodes hold room for eleven values, and most tables
    /// have two or three; boxes keep large schemas small.)
    pub constraints: BTreeMap<String, Box<Constraint>>,
    /// Indexes that do not back a constraint, by name.
    pub indexes: BTreeMap<String, Box<Index>>,
    pub comment: Option<String>,
    /// Row-level security: off, enabled, or enabled and forced on the owner.
    #[serde(default, skip_serializing_if = "RowSecurity::is_off")]
    pub row_security: RowSecurity,
    /// Row-level security policies, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub policies: BTreeMap<String, Box<Policy>>,
    /// Triggers, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub triggers: BTreeMap<String, Box<Trigger>>,
    /// `UNLOGGED`: not written to the WAL, emptied after a crash.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unlogged: bool,
    /// Storage parameters as the catalog keeps them (`fillfactor=70`,
    /// `toast.autovacuum_enabled=false`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<String>,
    /// A partitioned table's key as `pg_get_partkeydef()` prints it:
    /// `RANGE (created_at)`, `LIST (region)`, `HASH (id)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<String>,
    /// A partition: its parent and bound. A partition's columns, and the
    /// constraints, indexes and triggers it takes from its parent, are the
    /// parent's: the model holds only what is its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_of: Option<PartitionOf>,
    /// `INHERITS (parent, …)`, in order. The columns and checks a table
    /// takes from its parents unchanged are theirs: the model holds only
    /// what is its own, or what it changed (see [`inheritance`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inherits: Vec<QualName>,
    /// Extended statistics on the table (`CREATE STATISTICS`), by their
    /// qualified name (`public.orders_stats`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub statistics: BTreeMap<String, Box<Statistics>>,
    /// The index (its own, or a constraint's) `CLUSTER` orders the table
    /// by (`CLUSTER t USING i`, `ALTER TABLE t CLUSTER ON i`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_on: Option<String>,
    /// `REPLICA IDENTITY`, where not the default (the primary key): what
    /// logical replication and change data capture see of an updated or
    /// deleted row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica_identity: Option<ReplicaIdentity>,
    /// `ALTER TABLE … ALTER COLUMN c SET STATISTICS n`: the statistics
    /// targets of columns (its own, inherited or a partition's) other than
    /// `default_statistics_target`. Each table's own: a child or partition
    /// starts from the default, and `ALTER TABLE` without ONLY reaches
    /// those there are.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub statistics_targets: BTreeMap<String, i32>,
    /// A partition's column defaults where they differ from its parent's
    /// (`None`: no default where the parent has one). `PARTITION OF` copies
    /// the parent's; an attached table keeps its own, and `ALTER TABLE ONLY
    /// partition … SET DEFAULT` gives one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub partition_defaults: BTreeMap<String, Option<String>>,
    /// A partition's indexes attached to its parent's that have names of
    /// their own, by the parent's index (or key constraint) name.
    /// PostgreSQL names the one it makes for a partition
    /// `partition_columns_idx` (`_key`, `_pkey`); a table written out with
    /// its indexes and attached (pg_dump's form) keeps the names it had.
    /// Only names other than that default (see
    /// [`Schema::default_partition_index_name`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub partition_index_names: BTreeMap<String, String>,
}

/// See [`Table::replica_identity`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicaIdentity {
    /// The whole old row.
    Full,
    /// Nothing of it.
    Nothing,
    /// The columns of this unique index.
    Index(String),
}

impl ReplicaIdentity {
    /// As `ALTER TABLE … REPLICA IDENTITY` writes it.
    pub fn sql(&self) -> String {
        match self {
            ReplicaIdentity::Full => "FULL".into(),
            ReplicaIdentity::Nothing => "NOTHING".into(),
            ReplicaIdentity::Index(i) => format!("USING INDEX {}", quote_ident(i)),
        }
    }
}

/// An extended statistics object (`CREATE STATISTICS name (kinds) ON …
/// FROM table`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    pub name: QualName,
    /// `ndistinct`, `dependencies`, `mcv`, in that order: the ones asked
    /// for, empty when all of them (as PostgreSQL prints it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    /// Plain columns, in the table's column order.
    pub columns: Vec<String>,
    /// Expressions as `pg_get_expr()` prints them, in the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expressions: Vec<String>,
    /// `ALTER STATISTICS … SET STATISTICS n` (`None`: the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<i32>,
    pub comment: Option<String>,
}

impl Statistics {
    /// The kinds PostgreSQL has, in the order it prints them.
    pub const KINDS: [&'static str; 3] = ["ndistinct", "dependencies", "mcv"];

    /// `kinds` as the model keeps them: in PostgreSQL's order, none when
    /// all of them.
    pub fn canonical_kinds<S: AsRef<str>>(kinds: &[S]) -> Vec<String> {
        let has = |k: &str| kinds.iter().any(|x| x.as_ref() == k);
        if Self::KINDS.iter().all(|k| has(k)) {
            return vec![];
        }
        Self::KINDS
            .iter()
            .filter(|k| has(k))
            .map(|k| k.to_string())
            .collect()
    }

    /// Everything but the target and the comment (which change in place).
    pub fn same_definition(&self, other: &Statistics) -> bool {
        self.name == other.name
            && self.kinds == other.kinds
            && self.columns == other.columns
            && self.expressions == other.expressions
    }
}

/// Where a partition sits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionOf {
    pub parent: QualName,
    /// As `pg_get_expr(relpartbound)` prints it: `FOR VALUES FROM ('2024-01-01')
    /// TO ('2025-01-01')`, `FOR VALUES IN ('eu')`, `FOR VALUES WITH (modulus 4,
    /// remainder 0)`, `DEFAULT`.
    pub bound: String,
}

/// A trigger, compared as `pg_get_triggerdef()` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub name: String,
    /// `CREATE [CONSTRAINT] TRIGGER …` as `pg_get_triggerdef()` prints it.
    pub definition: String,
    /// The function it executes (a trigger function takes no arguments).
    pub function: QualName,
    pub enabled: TriggerEnabled,
    pub comment: Option<String>,
}

/// `ALTER TABLE … ENABLE | DISABLE | ENABLE REPLICA | ENABLE ALWAYS TRIGGER`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEnabled {
    Enabled,
    Disabled,
    Replica,
    Always,
}

/// `ALTER TABLE … ENABLE ROW LEVEL SECURITY` and `FORCE ROW LEVEL SECURITY`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSecurity {
    pub enabled: bool,
    /// Applies to the table's owner too.
    pub forced: bool,
}

impl RowSecurity {
    pub fn is_off(&self) -> bool {
        !self.enabled && !self.forced
    }
}

/// A function (`CREATE FUNCTION`), compared as PostgreSQL prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub name: QualName,
    /// A procedure (`CREATE PROCEDURE`, called with `CALL`): no result and
    /// none of a function's planner attributes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub procedure: bool,
    /// A SQL-standard body (`RETURN …` / `BEGIN ATOMIC … END`), which
    /// `body` holds as `pg_get_function_sqlbody()` prints it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sql_body: bool,
    /// The types a caller passes, which identify it among overloads
    /// (`oidvectortypes(proargtypes)`): `integer, text`.
    pub signature: String,
    /// `pg_get_function_identity_arguments()`: `a integer, OUT b text`.
    pub identity_args: String,
    /// `pg_get_function_arguments()`: with defaults, `a integer DEFAULT 0`.
    pub arguments: String,
    /// `pg_get_function_result()`: `numeric`, `SETOF text`, `TABLE(a integer)`.
    pub result: String,
    pub language: String,
    /// The body as written between the quotes (`prosrc`).
    pub body: String,
    pub volatility: Volatility,
    /// `STRICT` (`RETURNS NULL ON NULL INPUT`).
    pub strict: bool,
    pub security_definer: bool,
    pub leakproof: bool,
    pub parallel: Parallel,
    /// `COST`, as the catalog prints it.
    pub cost: String,
    /// `ROWS` (0 unless it returns a set).
    pub rows: String,
    /// `SET name = value` options, as `proconfig` keeps them: `search_path=public`.
    pub config: Vec<String>,
    pub comment: Option<String>,
}

/// An aggregate (`CREATE AGGREGATE name (arguments) (options)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    pub name: QualName,
    /// The types a caller passes (`oidvectortypes(proargtypes)`): `integer`;
    /// empty for `(*)`.
    pub signature: String,
    /// The arguments as `pg_get_function_identity_arguments()` prints them
    /// (`VARIADIC x text[]`, `double precision ORDER BY double precision`),
    /// `*` for `(*)`.
    pub args: String,
    /// The options that differ from the defaults, in a fixed order, each as
    /// `CREATE AGGREGATE` takes it: `SFUNC = int4pl`, `STYPE = integer`,
    /// `INITCOND = '0'`, `FINALFUNC_EXTRA`, `PARALLEL = safe`. Function and
    /// type names as the catalog prints them with `search_path` `public`.
    pub options: Vec<String>,
    pub comment: Option<String>,
}

impl Aggregate {
    /// Its identity, as a function's: schema, name and argument types.
    pub fn key(&self) -> String {
        format!("{}({})", self.name, self.signature)
    }

    /// The functions its options name (`SFUNC`, `FINALFUNC`, …), as
    /// written there.
    pub fn functions(&self) -> Vec<&str> {
        self.options
            .iter()
            .filter_map(|o| o.split_once(" = "))
            .filter(|(k, _)| k.ends_with("FUNC"))
            .map(|(_, v)| v)
            .collect()
    }

    /// The types its options name (`STYPE`, `MSTYPE`).
    pub fn types(&self) -> Vec<&str> {
        self.options
            .iter()
            .filter_map(|o| o.split_once(" = "))
            .filter(|(k, _)| k.ends_with("TYPE"))
            .map(|(_, v)| v)
            .collect()
    }
}

/// An aggregate's option as the model keeps it: `NAME = value`, or the
/// name alone for a flag (`value` empty).
pub fn aggregate_option(name: &str, value: &str) -> String {
    if value.is_empty() {
        name.to_string()
    } else {
        format!("{name} = {value}")
    }
}

/// `CREATE AGGREGATE` options in the order the model keeps them.
pub const AGGREGATE_OPTIONS: &[&str] = &[
    "SFUNC",
    "STYPE",
    "SSPACE",
    "FINALFUNC",
    "FINALFUNC_EXTRA",
    "FINALFUNC_MODIFY",
    "COMBINEFUNC",
    "SERIALFUNC",
    "DESERIALFUNC",
    "INITCOND",
    "MSFUNC",
    "MINVFUNC",
    "MSTYPE",
    "MSSPACE",
    "MFINALFUNC",
    "MFINALFUNC_EXTRA",
    "MFINALFUNC_MODIFY",
    "MINITCOND",
    "SORTOP",
    "PARALLEL",
    "HYPOTHETICAL",
];

impl Function {
    /// Its identity: schema, name and the types a caller passes.
    pub fn key(&self) -> String {
        format!("{}({})", self.name, self.signature)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    Immutable,
    Stable,
    Volatile,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parallel {
    Unsafe,
    Restricted,
    Safe,
}

/// A row-level security policy (`CREATE POLICY`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub name: String,
    /// `AS PERMISSIVE` (the default) or `AS RESTRICTIVE`.
    pub permissive: bool,
    pub command: PolicyCommand,
    /// Role names, sorted; `public` for PUBLIC.
    pub roles: Vec<String>,
    /// `USING (…)` as `pg_get_expr()` prints it.
    pub using: Option<String>,
    /// `WITH CHECK (…)` as `pg_get_expr()` prints it.
    pub with_check: Option<String>,
    pub comment: Option<String>,
}

/// The command a policy applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl PolicyCommand {
    pub fn sql(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }
}

impl Table {
    pub fn new(name: QualName) -> Self {
        Table {
            name,
            columns: IndexMap::new(),
            constraints: BTreeMap::new(),
            indexes: BTreeMap::new(),
            comment: None,
            row_security: RowSecurity::default(),
            policies: BTreeMap::new(),
            triggers: BTreeMap::new(),
            unlogged: false,
            with: Vec::new(),
            partition_by: None,
            partition_of: None,
            inherits: Vec::new(),
            statistics: BTreeMap::new(),
            cluster_on: None,
            replica_identity: None,
            statistics_targets: BTreeMap::new(),
            partition_defaults: BTreeMap::new(),
            partition_index_names: BTreeMap::new(),
        }
    }

    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints
            .values()
            .find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
            .map(|c| &**c)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// As `format_type()` prints it: `character varying(40)`, `integer[]`.
    pub data_type: String,
    pub not_null: bool,
    /// The name of the column's `NOT NULL` constraint (PostgreSQL 18 names
    /// them) where it is not the one PostgreSQL gives: one that kept an old
    /// table's or column's name through a rename.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_null_name: Option<String>,
    /// As `pg_get_expr()` prints it: `'x'::text`, `now()`.
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// The identity sequence's options, where they differ from the defaults
    /// PostgreSQL gives an identity of the column's type (`None` otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_options: Option<Box<IdentityOptions>>,
    /// The identity's sequence, where its name is not the one PostgreSQL
    /// chooses (`<table>_<column>_seq`, perhaps numbered): pg_dump writes
    /// `SEQUENCE NAME` for one renamed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_sequence: Option<QualName>,
    /// `GENERATED ALWAYS AS (expr) STORED` (or `VIRTUAL`, PostgreSQL 18+).
    pub generated: Option<String>,
    /// The generated column is computed when read (`VIRTUAL`), not stored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generated_virtual: bool,
    pub collation: Option<String>,
    pub comment: Option<String>,
    /// `SET STORAGE` other than the type's own: `plain`, `external`,
    /// `extended` or `main`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// `SET COMPRESSION` other than the server's default: `pglz` or `lz4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<String>,
}

/// The options of an identity column's sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityOptions {
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
}

/// Sequence options as a file writes them, any of them left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenSequenceOptions {
    pub start: Option<i64>,
    pub increment: Option<i64>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub cache: Option<i64>,
    pub cycle: bool,
}

impl WrittenSequenceOptions {
    /// Every option, the ones left out given PostgreSQL's defaults for a
    /// sequence of `data_type`: the bounds follow the direction of
    /// `increment`, and the start the bound it counts from.
    pub fn resolve(&self, data_type: &str) -> IdentityOptions {
        let increment = self.increment.unwrap_or(1);
        let type_max = types::max_for_integer_type(data_type);
        let ascending = increment > 0;
        let min_value = self
            .min_value
            .unwrap_or(if ascending { 1 } else { -type_max - 1 });
        let max_value = self
            .max_value
            .unwrap_or(if ascending { type_max } else { -1 });
        IdentityOptions {
            start: self
                .start
                .unwrap_or(if ascending { min_value } else { max_value }),
            increment,
            min_value,
            max_value,
            cache: self.cache.unwrap_or(1),
            cycle: self.cycle,
        }
    }
}

impl IdentityOptions {
    /// What PostgreSQL gives an identity column of `data_type` when no
    /// option but `increment` is written.
    pub fn defaults(data_type: &str, increment: i64) -> Self {
        WrittenSequenceOptions {
            increment: Some(increment),
            ..Default::default()
        }
        .resolve(data_type)
    }

    /// `None` when these are the defaults for `data_type`.
    pub fn unless_default(self, data_type: &str) -> Option<Box<Self>> {
        (self != Self::defaults(data_type, 1)).then(|| Box::new(self))
    }
}

impl Column {
    pub fn new(name: impl Into<String>, data_type: impl Into<String>) -> Self {
        Column {
            name: name.into(),
            data_type: data_type.into(),
            not_null: false,
            not_null_name: None,
            default: None,
            identity: None,
            identity_options: None,
            identity_sequence: None,
            generated: None,
            generated_virtual: false,
            collation: None,
            comment: None,
            storage: None,
            compression: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub name: String,
    pub kind: ConstraintKind,
    pub deferrable: bool,
    pub initially_deferred: bool,
    pub comment: Option<String>,
    /// `NOT VALID`: a check or foreign key not checked against the rows
    /// already there. Desired so, a validated one satisfies it; desired
    /// valid, a not-valid one is validated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_valid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
        nulls_not_distinct: bool,
    },
    /// `expression` as `pg_get_constraintdef()` prints it inside `CHECK (...)`.
    Check {
        expression: String,
        no_inherit: bool,
    },
    ForeignKey(ForeignKey),
    /// `EXCLUDE USING method (element WITH operator, …) [INCLUDE (…)]
    /// [WHERE (…)]` as `pg_get_constraintdef()` prints it, less any
    /// `DEFERRABLE` (the constraint's own fields).
    Exclude {
        definition: String,
    },
}

impl ConstraintKind {
    /// Columns this constraint is defined on (none for a check).
    pub fn columns(&self) -> &[String] {
        match self {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                columns
            }
            ConstraintKind::ForeignKey(fk) => &fk.columns,
            ConstraintKind::Check { .. } | ConstraintKind::Exclude { .. } => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_table: QualName,
    /// Always filled in: PostgreSQL resolves an omitted list to the primary key.
    pub ref_columns: Vec<String>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
    pub match_full: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    /// Access method: `btree`, `gin`, `gist`, `hash`, `brin`, ...
    pub method: String,
    pub keys: Vec<IndexKey>,
    /// `INCLUDE (...)` columns.
    pub include: Vec<String>,
    /// Partial-index predicate as `pg_get_expr()` prints it.
    pub predicate: Option<String>,
    pub nulls_not_distinct: bool,
    /// Storage parameters as the catalog keeps them (`fillfactor=70`), in
    /// the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<String>,
    pub comment: Option<String>,
    /// Left unusable by a failed `CREATE INDEX CONCURRENTLY`; only a live
    /// database reports one, and a plan rebuilds it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub invalid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexKey {
    /// A column or an expression.
    pub target: IndexTarget,
    pub collation: Option<String>,
    pub opclass: Option<String>,
    pub descending: bool,
    /// `NULLS FIRST` / `NULLS LAST` when it differs from the default for the
    /// direction (`LAST` for ASC, `FIRST` for DESC); `None` otherwise.
    pub nulls_first: Option<bool>,
    /// `ALTER INDEX … ALTER COLUMN n SET STATISTICS m` (an expression's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<i32>,
}

impl IndexKey {
    pub fn column(name: impl Into<String>) -> Self {
        IndexKey {
            target: IndexTarget::Column(name.into()),
            collation: None,
            opclass: None,
            descending: false,
            nulls_first: None,
            statistics: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexTarget {
    Column(String),
    /// As `pg_get_indexdef()` prints the key, parentheses included when
    /// PostgreSQL adds them.
    Expression(String),
}

/// PostgreSQL's reserved key words (those that must be quoted as identifiers),
/// plus the type-function names and non-reserved words that `quote_ident()`
/// quotes. Sorted for binary search.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "json",
    "json_array",
    "json_arrayagg",
    "json_object",
    "json_objectagg",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// The tables migration runners keep their history in: Rails' (which
/// schemadiff's runner keeps too, and dbmate and golang-migrate use),
/// sqlx's and Flyway's (under their default names). Never part of a schema
/// in any schema namespace, neither read from a database nor from files
/// (as Rails' schema dumper leaves them out), so a database those tools
/// run is planned without them.
pub const BOOKKEEPING_TABLES: [&str; 4] = [
    "schema_migrations",
    "ar_internal_metadata",
    "_sqlx_migrations",
    "flyway_schema_history",
];

/// Quotes an identifier the way PostgreSQL's `quote_ident()` does: only when
/// it is not a plain lower-case name or is a reserved word. Every identifier
/// in emitted SQL goes through this one function.
pub fn quote_ident(ident: &str) -> String {
    let plain = !ident.is_empty()
        && ident
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && ident
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$')
        && RESERVED.binary_search(&ident).is_err();
    if plain {
        ident.to_string()
    } else {
        format!("\"{}\"", ident.replace('"', "\"\""))
    }
}

/// Quotes a string literal: `'it''s'`, or `E'...'` when it holds a backslash,
/// as PostgreSQL's `quote_literal()` does.
pub fn quote_literal(s: &str) -> String {
    if s.contains('\\') {
        format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_list_is_sorted_for_binary_search() {
        let mut sorted = RESERVED.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, RESERVED);
    }

    #[test]
    fn quotes_only_where_postgres_needs_it() {
        assert_eq!(quote_ident("users"), "users");
        assert_eq!(quote_ident("user"), "\"user\"");
        assert_eq!(quote_ident("Users"), "\"Users\"");
        assert_eq!(quote_ident("a b"), "\"a b\"");
        assert_eq!(quote_ident("x\"y"), "\"x\"\"y\"");
        assert_eq!(quote_ident("1abc"), "\"1abc\"");
        assert_eq!(quote_literal("it's"), "'it''s'");
        assert_eq!(quote_literal("a\\b"), "E'a\\\\b'");
    }
}
