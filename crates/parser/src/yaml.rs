//! The YAML reader: a schema.rb-like format (see DESIGN.md and
//! `schemas/schemadiff.schema.json`). These types *are* the format: the JSON
//! Schema is generated from them.

use crate::build::*;
use crate::error::{ParseError, Result};
use crate::source::{Loc, Source};
use indexmap::IndexMap;
use schemadiff_model::types::{canonical_type, TypeName};
use schemadiff_model::*;
use schemars::JsonSchema;
use serde::Deserialize;
use sqlparser::ast::{Expr, Value};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

/// A desired-state schema file.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaFile {
    /// Schemas (namespaces) besides `public`: a name, or `{ name, comment }`.
    #[serde(default)]
    pub schemas: Vec<SchemaDef>,
    /// Extensions to create: a name, or `{ name, schema }` for one made in
    /// another schema than `public`.
    #[serde(default)]
    pub extensions: Vec<ExtensionDef>,
    /// Collations: name (optionally `schema.name`) to `{ provider, locale,
    /// deterministic, ... }`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub collations: IndexMap<String, CollationDef>,
    /// Enum types: name (optionally `schema.name`) to its labels in order,
    /// or to `{ values: [...], comment: ... }`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub enums: IndexMap<String, EnumDef>,
    /// Free-standing sequences.
    #[serde(default, deserialize_with = "unique_keys")]
    pub sequences: IndexMap<String, SequenceDef>,
    /// Tables, by name (optionally `schema.name`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub tables: IndexMap<String, TableDef>,
    /// Functions, by signature as SQL writes it: `total(price numeric, qty integer)`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub functions: IndexMap<String, FunctionDef>,
    /// Aggregates, by name and arguments as SQL writes them: `total(integer)`,
    /// `median(double precision ORDER BY double precision)`, `cnt(*)`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub aggregates: IndexMap<String, AggregateDef>,
    /// Domains, by name: a base type with a default, NOT NULL and checks.
    #[serde(default, deserialize_with = "unique_keys")]
    pub domains: IndexMap<String, DomainDef>,
    /// Composite types, by name: attributes in order.
    #[serde(default, deserialize_with = "unique_keys")]
    pub types: IndexMap<String, CompositeDef>,
    /// Views, by name (optionally `schema.name`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub views: IndexMap<String, ViewDef>,
    /// Materialized views, by name (optionally `schema.name`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub materialized_views: IndexMap<String, ViewDef>,
    /// Join tables, as Rails' `create_join_table`.
    #[serde(default)]
    pub join_tables: Vec<JoinTableDef>,
    /// Privileges, by object (`table users`, `column users.email`,
    /// `sequence orders_id_seq`, `function total(numeric, integer)`,
    /// `schema billing`, `type status`): role (or `PUBLIC`) to privileges,
    /// each `SELECT`, `ALL` or `SELECT WITH GRANT OPTION`. A listed object
    /// has exactly these (its owner aside; `{}`: nothing); one not listed
    /// has what the default privileges give, and PostgreSQL's defaults
    /// (`EXECUTE` on functions and `USAGE` on types for `PUBLIC`) without
    /// them. With this key or `default_privileges`, privileges are managed:
    /// grants the file does not state are revoked.
    #[serde(default)]
    pub grants: Option<IndexMap<String, IndexMap<String, Vec<String>>>>,
    /// `ALTER DEFAULT PRIVILEGES`: what objects get when they are made.
    #[serde(default)]
    pub default_privileges: Option<Vec<DefaultPrivilegeDef>>,
    /// Operators, text search configurations, dictionaries, parsers and
    /// templates, casts, rules, event triggers, publications, foreign-data
    /// wrappers, servers, user mappings and foreign tables, which this
    /// format writes as the SQL that makes them: each `{ definition:
    /// "CREATE OPERATOR …", comment: … }`.
    #[serde(default)]
    pub objects: Vec<ObjectDef>,
}

/// One of [`SchemaFile::objects`].
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectDef {
    /// The statements that make it (`;`-separated), as SQL writes them.
    pub definition: String,
    pub comment: Option<String>,
}

/// The privileges one kind of object gets when it is made.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DefaultPrivilegeDef {
    /// `tables`, `sequences`, `functions`, `types` or `schemas`.
    pub on: String,
    /// Only objects made in this schema (added to those for every schema).
    #[serde(default)]
    pub schema: Option<String>,
    /// Objects this role makes (default: the role that applies the schema).
    #[serde(default)]
    pub for_role: Option<String>,
    /// Role (or `PUBLIC`) to privileges, as under `grants`. Exact: for
    /// every schema, `functions` without `PUBLIC: [EXECUTE]` takes it away.
    #[serde(default)]
    pub grants: IndexMap<String, Vec<String>>,
}

/// A domain: `CREATE DOMAIN name AS type …`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DomainDef {
    /// The base type, as for a column (`text`, `string`, `varchar(20)`).
    #[serde(rename = "type")]
    pub data_type: String,
    /// `false` for NOT NULL.
    pub null: Option<bool>,
    /// A literal default.
    pub default: Option<serde_json::Value>,
    /// A default as an SQL expression.
    pub default_sql: Option<String>,
    pub collation: Option<String>,
    /// Checks on `VALUE`: `{ name: positive, expression: "VALUE > 0" }`.
    #[serde(default)]
    pub checks: Vec<CheckDef>,
    pub comment: Option<String>,
}

/// A composite type: `CREATE TYPE name AS (attribute type, …)`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompositeDef {
    /// Attribute name to its type, in order (`text COLLATE "C"` for one
    /// with a collation).
    #[serde(deserialize_with = "unique_keys")]
    pub attributes: IndexMap<String, String>,
    pub comment: Option<String>,
}

/// A view or materialized view. Its query is compared as PostgreSQL prints
/// it, so schemadiff has a scratch database print it first.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ViewDef {
    /// The query: `SELECT id, email FROM users WHERE active`.
    pub query: String,
    /// Options: `{ security_barrier: true, check_option: local }`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub options: IndexMap<String, serde_json::Value>,
    /// Materialized views: built when created (`true`, the default) or
    /// left empty until refreshed (`false`, `WITH NO DATA`).
    pub with_data: Option<bool>,
    /// Comments on the view's columns, by column.
    #[serde(default, deserialize_with = "unique_keys")]
    pub columns: IndexMap<String, ViewColumnDef>,
    /// Materialized views: indexes, as on tables (named, to carry a comment).
    #[serde(default)]
    pub indexes: Vec<IndexDef>,
    /// Materialized views: the index `CLUSTER` orders it by.
    pub cluster_on: Option<String>,
    /// Views: triggers (`INSTEAD OF`), by name, as on tables.
    #[serde(default, deserialize_with = "unique_keys")]
    pub triggers: IndexMap<String, TriggerDef>,
    pub comment: Option<String>,
}

/// A view column: only its comment is written here (its name and type
/// come from the query).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ViewColumnDef {
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SchemaDef {
    Name(String),
    Full {
        name: String,
        #[serde(default)]
        comment: Option<String>,
    },
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ExtensionDef {
    Name(String),
    Full {
        name: String,
        /// The schema its objects are made in.
        #[serde(default)]
        schema: Option<String>,
        /// The version to install or update to (`ALTER EXTENSION … UPDATE
        /// TO`); the server's default version when left out.
        #[serde(default)]
        version: Option<String>,
    },
}

/// An aggregate (`CREATE AGGREGATE`): its options as `CREATE AGGREGATE`
/// names them, in lower case.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AggregateDef {
    /// The state transition function: `int4pl`, `app.step`.
    pub sfunc: String,
    /// The state's type.
    pub stype: String,
    pub sspace: Option<i32>,
    pub finalfunc: Option<String>,
    #[serde(default)]
    pub finalfunc_extra: bool,
    /// `read_only`, `shareable` or `read_write`.
    pub finalfunc_modify: Option<String>,
    pub combinefunc: Option<String>,
    pub serialfunc: Option<String>,
    pub deserialfunc: Option<String>,
    /// The state's initial value, as text: `"0"`, `"{}"`.
    pub initcond: Option<String>,
    /// Moving-aggregate mode: forward and inverse transition functions.
    pub msfunc: Option<String>,
    pub minvfunc: Option<String>,
    pub mstype: Option<String>,
    pub msspace: Option<i32>,
    pub mfinalfunc: Option<String>,
    #[serde(default)]
    pub mfinalfunc_extra: bool,
    pub mfinalfunc_modify: Option<String>,
    pub minitcond: Option<String>,
    /// The sort operator (`>` for a max-like aggregate).
    pub sortop: Option<String>,
    /// `safe`, `restricted` or `unsafe` (the default).
    pub parallel: Option<String>,
    /// A hypothetical-set aggregate (ordered-set arguments).
    #[serde(default)]
    pub hypothetical: bool,
    pub comment: Option<String>,
}

/// A collation (`CREATE COLLATION`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CollationDef {
    /// `libc` (the default), `icu` or `builtin`.
    pub provider: Option<String>,
    /// The locale (libc: both `lc_collate` and `lc_ctype`).
    pub locale: Option<String>,
    /// libc only, where the two differ.
    pub lc_collate: Option<String>,
    pub lc_ctype: Option<String>,
    /// `false` for a nondeterministic (ICU) collation.
    pub deterministic: Option<bool>,
    /// ICU tailoring rules (PostgreSQL 16+).
    pub rules: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum EnumDef {
    Values(Vec<String>),
    Full(EnumFull),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumFull {
    /// Labels in order.
    pub values: Vec<String>,
    pub comment: Option<String>,
    /// The type's previous name: planned as `ALTER TYPE … RENAME TO`.
    pub renamed_from: Option<String>,
    /// Labels renamed, new label to old: `{ happy: glad }` is `ALTER TYPE …
    /// RENAME VALUE 'glad' TO 'happy'`.
    #[serde(default)]
    pub renamed_values: IndexMap<String, String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SequenceDef {
    /// `smallint`, `integer` or `bigint` (the default).
    #[serde(rename = "type")]
    pub data_type: Option<String>,
    pub start: Option<i64>,
    pub increment: Option<i64>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub cache: Option<i64>,
    #[serde(default)]
    pub cycle: bool,
    /// `table.column` that owns the sequence.
    pub owned_by: Option<String>,
    pub comment: Option<String>,
    /// `UNLOGGED` (PostgreSQL 15+).
    #[serde(default)]
    pub unlogged: bool,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub comment: Option<String>,
    /// The table's previous name: planned as a rename, never drop + create.
    pub renamed_from: Option<String>,
    /// Columns in order.
    #[serde(default, deserialize_with = "unique_keys")]
    pub columns: IndexMap<String, ColumnDef>,
    /// Adds `created_at` and `updated_at` (`timestamp(6)`, not null), as
    /// Rails' `t.timestamps`.
    #[serde(default)]
    pub timestamps: bool,
    /// A composite primary key (its columns); for one column use
    /// `primary_key: true` on it. `{ columns, name, deferrable, comment }`
    /// for a key with a name of its own, deferrable, or commented.
    pub primary_key: Option<PrimaryKeyDef>,
    #[serde(default)]
    pub indexes: Vec<IndexDef>,
    #[serde(default)]
    pub unique: Vec<UniqueDef>,
    #[serde(default)]
    pub checks: Vec<CheckDef>,
    /// Exclusion constraints.
    #[serde(default)]
    pub exclusions: Vec<ExclusionDef>,
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKeyDef>,
    /// Row-level security: `true` (enabled), `force` (enabled, and for the
    /// table's owner too), `false` (the default).
    pub row_level_security: Option<RowLevelSecurityDef>,
    /// `UNLOGGED`: not written to the WAL, emptied after a crash.
    #[serde(default)]
    pub unlogged: bool,
    /// Storage parameters: `{ fillfactor: 70, "toast.autovacuum_enabled": false }`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub with: IndexMap<String, serde_json::Value>,
    /// Row-level security policies, by name.
    #[serde(default, deserialize_with = "unique_keys")]
    pub policies: IndexMap<String, PolicyDef>,
    /// Triggers, by name.
    #[serde(default, deserialize_with = "unique_keys")]
    pub triggers: IndexMap<String, TriggerDef>,
    /// A partitioned table's key, as PostgreSQL prints it: `RANGE
    /// (created_at)`, `LIST (region)`, `HASH (id)`.
    #[serde(default)]
    pub partition_by: Option<String>,
    /// A partition: `{ table: events, values: "FOR VALUES FROM ('2025-01-01')
    /// TO ('2026-01-01')" }` (or `DEFAULT`). Its columns are the parent's:
    /// list none.
    #[serde(default)]
    pub partition_of: Option<PartitionOfDef>,
    /// `INHERITS`: the tables this one inherits from, in order (`[events]`;
    /// `public` unless qualified). It takes their columns and
    /// checks: list only its own, or an inherited column it changes (its
    /// own default, say), written whole: a default left out is none.
    #[serde(default)]
    pub inherits: Vec<String>,
    /// Extended statistics (`CREATE STATISTICS`), by name (in the table's
    /// schema unless qualified).
    #[serde(default, deserialize_with = "unique_keys")]
    pub statistics: IndexMap<String, StatisticsDef>,
    /// The index `CLUSTER` orders the table by (`CLUSTER … USING`): one
    /// of its indexes, or a primary key's or unique constraint's name.
    pub cluster_on: Option<String>,
    /// `REPLICA IDENTITY`: `full`, `nothing`, `{ index: name }` (a unique
    /// index); the default (the primary key) when left out.
    pub replica_identity: Option<ReplicaIdentityDef>,
    /// `ALTER COLUMN … SET STATISTICS`: statistics targets (0 to 10000)
    /// by column, its own or inherited or a partition's, where not
    /// `default_statistics_target`. This table's only: a child or
    /// partition has its own.
    #[serde(default, deserialize_with = "unique_keys")]
    pub statistics_targets: IndexMap<String, i32>,
    /// A partition's column defaults where they are not its parent's, as
    /// SQL (`null`: none where the parent has one).
    #[serde(default, deserialize_with = "unique_keys")]
    pub partition_defaults: IndexMap<String, Option<String>>,
    /// A partition's indexes attached to its parent's, by the parent's
    /// index (or key constraint) name, where their names are not the ones
    /// PostgreSQL would choose (`partition_columns_idx`, `_key`, `_pkey`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub partition_index_names: IndexMap<String, String>,
}

/// See [`TableDef::replica_identity`].
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ReplicaIdentityDef {
    Keyword(ReplicaIdentityKeyword),
    Index {
        /// A unique index of the table.
        index: String,
    },
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReplicaIdentityKeyword {
    /// The primary key, as when left out.
    Default,
    /// The whole old row.
    Full,
    /// Nothing of it.
    Nothing,
}

/// An extended statistics object: at least two columns or expressions
/// (or one expression alone).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatisticsDef {
    #[serde(default)]
    pub columns: Vec<String>,
    /// SQL expressions: `lower(email)`, `(a + b)`.
    #[serde(default)]
    pub expressions: Vec<String>,
    /// Some of `ndistinct`, `dependencies`, `mcv`; all of them when left
    /// out.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// `ALTER STATISTICS … SET STATISTICS` (0 to 10000).
    pub target: Option<i32>,
    pub comment: Option<String>,
}

/// Where a partition sits.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartitionOfDef {
    /// The partitioned table.
    pub table: String,
    /// The bound as PostgreSQL prints it: `FOR VALUES IN ('eu')`, `FOR VALUES
    /// WITH (modulus 4, remainder 0)`, `DEFAULT`.
    pub values: String,
}

/// A trigger: its `CREATE TRIGGER` statement, and whether it fires.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerDef {
    /// `CREATE TRIGGER name BEFORE UPDATE ON table FOR EACH ROW EXECUTE FUNCTION f()`.
    pub definition: String,
    /// `enabled` (the default), `disabled`, `replica` or `always`.
    pub enabled: Option<TriggerEnabledDef>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEnabledDef {
    Enabled,
    Disabled,
    Replica,
    Always,
}

/// A function: what `CREATE FUNCTION signature …` says after the signature.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionDef {
    /// The result type: `integer`, `SETOF text`, `TABLE(a integer, b text)`.
    pub returns: Option<String>,
    /// A procedure (`CREATE PROCEDURE`): no `returns`, and none of
    /// volatility, strictness, parallel safety, leakproof, cost or rows.
    #[serde(default)]
    pub procedure: bool,
    /// `body` is a SQL-standard body (`RETURN …` or `BEGIN ATOMIC … END`)
    /// rather than the text between `$$`.
    #[serde(default)]
    pub standard_body: bool,
    /// `sql`, `plpgsql`, ...
    pub language: String,
    /// The body, as between `$$` and `$$`.
    pub body: String,
    /// `immutable`, `stable` or `volatile` (the default).
    pub volatility: Option<String>,
    #[serde(default)]
    pub strict: bool,
    #[serde(default)]
    pub security_definer: bool,
    #[serde(default)]
    pub leakproof: bool,
    /// `safe`, `restricted` or `unsafe` (the default).
    pub parallel: Option<String>,
    pub cost: Option<f64>,
    pub rows: Option<f64>,
    /// `SET` options: `{ search_path: "pg_catalog, public" }`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub set: IndexMap<String, String>,
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PrimaryKeyDef {
    Columns(Vec<String>),
    Full(PrimaryKeyFull),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrimaryKeyFull {
    pub columns: Vec<String>,
    /// `<table>_pkey` when left out.
    pub name: Option<String>,
    #[serde(default)]
    pub deferrable: Option<Deferrable>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RowLevelSecurityDef {
    Enabled(bool),
    Force(ForceKeyword),
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ForceKeyword {
    /// Enabled, and for the table's owner too.
    Force,
    /// `FORCE ROW LEVEL SECURITY` without `ENABLE`: takes effect once
    /// enabled.
    ForceOnly,
}

/// A row-level security policy.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyDef {
    /// `all` (the default), `select`, `insert`, `update` or `delete`.
    pub command: Option<PolicyCommandDef>,
    /// Roles it applies to (default: `public`, everyone).
    #[serde(default)]
    pub roles: Vec<String>,
    /// `USING (…)`: which existing rows are visible or affected.
    pub using: Option<String>,
    /// `WITH CHECK (…)`: which new rows are allowed.
    pub with_check: Option<String>,
    /// `AS RESTRICTIVE` instead of permissive.
    #[serde(default)]
    pub restrictive: bool,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommandDef {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

/// `foreign_key:` of a `references` column.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ShortcutForeignKey {
    Flag(bool),
    Options(ShortcutForeignKeyOptions),
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShortcutForeignKeyOptions {
    pub on_delete: Option<ActionDef>,
    pub on_update: Option<ActionDef>,
    pub name: Option<String>,
    #[serde(default)]
    pub deferrable: Option<Deferrable>,
}

/// `index:` of a `references` or `polymorphic` column.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ShortcutIndex {
    Flag(bool),
    Options(ShortcutIndexOptions),
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShortcutIndexOptions {
    #[serde(default)]
    pub unique: bool,
    pub name: Option<String>,
}

/// A `join_tables:` entry, as Rails' `create_join_table :users, :roles`:
/// a table (`roles_users`) with `role_id` and `user_id`, both `bigint`
/// and not null, and no primary key.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinTableDef {
    /// The two tables joined.
    pub tables: Vec<String>,
    /// The table's name, when not Rails' (the two names in order, joined
    /// by `_`, a common prefix once).
    pub table_name: Option<String>,
    /// Foreign keys from each column to its table.
    #[serde(default)]
    pub foreign_keys: bool,
    /// A unique index on both columns (in `tables` order).
    #[serde(default)]
    pub unique: bool,
    pub comment: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// A Rails type name (`string`, `text`, `integer`, `bigint`, `float`,
    /// `decimal`, `datetime`, `timestamp`, `time`, `date`, `binary`,
    /// `boolean`, `json`, `jsonb`, `uuid`, ...), any PostgreSQL type, or an
    /// enum of this schema. Required, except with `references` or
    /// `polymorphic` (where it is the id column's type, `bigint` unless
    /// given).
    #[serde(rename = "type", default)]
    pub data_type: String,
    /// As Rails' `t.references :user`: this key names an association, and
    /// the column is `<key>_id` (`bigint`), with an index and a foreign key
    /// to the table named here (`references: users`).
    pub references: Option<String>,
    /// As `t.references :commentable, polymorphic: true`: `<key>_id` and
    /// `<key>_type` (a string), and an index on both; no foreign key.
    #[serde(default)]
    pub polymorphic: bool,
    /// With `references`: `false` for no foreign key, or its options
    /// (`{ on_delete: cascade }`).
    pub foreign_key: Option<ShortcutForeignKey>,
    /// With `references` or `polymorphic`: `false` for no index, or
    /// `{ unique: true, name: … }`.
    pub index: Option<ShortcutIndex>,
    /// `false` makes the column `NOT NULL`.
    pub null: Option<bool>,
    /// A literal default value (string, number, boolean or list).
    pub default: Option<serde_json::Value>,
    /// A default given as an SQL expression, such as `now()`.
    pub default_sql: Option<String>,
    /// A stored generated column: the SQL expression of
    /// `GENERATED ALWAYS AS (...) STORED`.
    pub generated: Option<String>,
    /// With `generated`: computed when read instead of stored (PostgreSQL 18+).
    #[serde(default, rename = "virtual")]
    pub generated_virtual: bool,
    /// Length of `string`; byte size of `integer` (2, 4 or 8).
    pub limit: Option<u32>,
    pub precision: Option<u32>,
    pub scale: Option<u32>,
    /// An array of the type.
    #[serde(default)]
    pub array: bool,
    /// `true` (or `by_default`) for `GENERATED BY DEFAULT AS IDENTITY`;
    /// `always` for `GENERATED ALWAYS AS IDENTITY`.
    pub identity: Option<IdentityDef>,
    /// The identity sequence's options, where they differ from the defaults:
    /// `{ start: 100, increment: 10, min_value: 1, max_value: 1000, cache: 20, cycle: true }`.
    pub identity_options: Option<IdentityOptionsDef>,
    /// The identity's sequence, where it is not named as PostgreSQL names
    /// it (`<table>_<column>_seq`): `name`, or `schema.name`.
    pub identity_sequence: Option<String>,
    #[serde(default)]
    pub primary_key: bool,
    /// A single-column unique constraint.
    #[serde(default)]
    pub unique: bool,
    pub collation: Option<String>,
    pub comment: Option<String>,
    /// With `null: false`: the NOT NULL constraint's name, where it is not
    /// PostgreSQL's `<table>_<column>_not_null` (PostgreSQL 18 names them;
    /// one a rename or `LIKE` left keeps its name; older servers ignore it).
    pub not_null_name: Option<String>,
    /// `SET STORAGE`: `plain`, `external`, `extended` or `main`.
    pub storage: Option<String>,
    /// `SET COMPRESSION`: `pglz` or `lz4`.
    pub compression: Option<String>,
    /// The column's previous name: planned as a rename, never drop + add.
    pub renamed_from: Option<String>,
    /// How the column's values convert when its type changes (`USING`):
    /// `to_timestamp(created_epoch)`. A hint for the plan, not part of the
    /// schema.
    pub using: Option<String>,
}

/// Options of an identity column's sequence; the ones left out take
/// PostgreSQL's defaults.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityOptionsDef {
    pub start: Option<i64>,
    pub increment: Option<i64>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub cache: Option<i64>,
    #[serde(default)]
    pub cycle: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum IdentityDef {
    Flag(bool),
    Kind(IdentityKind),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    Always,
    ByDefault,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexDef {
    /// Key columns in order.
    #[serde(default)]
    pub columns: Vec<String>,
    /// A key expression (instead of, or after, `columns`).
    pub expression: Option<String>,
    /// The keys one by one, in place of `columns`, `expression` and the
    /// per-column maps: `[{ expression: "lower(name)", collation: C },
    /// { column: id, order: desc }]`.
    #[serde(default)]
    pub keys: Vec<IndexKeyDef>,
    #[serde(default)]
    pub unique: bool,
    pub name: Option<String>,
    /// Access method: btree (default), hash, gin, gist, brin, spgist.
    pub using: Option<String>,
    /// Partial-index predicate.
    #[serde(rename = "where")]
    pub predicate: Option<String>,
    /// Per-column sort order: `asc` or `desc`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub order: IndexMap<String, SortOrder>,
    /// Per-column NULLS placement: `first` or `last`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub nulls: IndexMap<String, NullsOrder>,
    /// Per-column operator class, such as `text_pattern_ops`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub opclass: IndexMap<String, String>,
    /// Per-column collation, such as `C`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub collation: IndexMap<String, String>,
    /// Storage parameters: `{ fillfactor: 70 }`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub with: IndexMap<String, serde_json::Value>,
    /// Non-key columns (`INCLUDE`).
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub nulls_not_distinct: bool,
    pub comment: Option<String>,
    pub renamed_from: Option<String>,
}

/// One key of an index: a `column` or an `expression`, and its options.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexKeyDef {
    pub column: Option<String>,
    pub expression: Option<String>,
    pub order: Option<SortOrder>,
    pub nulls: Option<NullsOrder>,
    pub opclass: Option<String>,
    pub collation: Option<String>,
    /// `ALTER INDEX … ALTER COLUMN n SET STATISTICS`: an expression key's
    /// statistics target, 0 to 10000.
    pub statistics: Option<i32>,
}

impl IndexDef {
    /// The keys as `(column or expression, key)`: from `keys`, or from
    /// `columns`, `expression` and the per-column maps.
    fn key_list(&self, loc: &Loc) -> Result<Vec<(Result<String, String>, IndexKeyDef)>> {
        if self.keys.is_empty() {
            let mut out: Vec<_> = self
                .columns
                .iter()
                .map(|c| {
                    (
                        Ok(c.clone()),
                        IndexKeyDef {
                            order: self.order.get(c).copied(),
                            nulls: self.nulls.get(c).copied(),
                            opclass: self.opclass.get(c).cloned(),
                            collation: self.collation.get(c).cloned(),
                            ..Default::default()
                        },
                    )
                })
                .collect();
            if let Some(e) = &self.expression {
                out.push((Err(e.clone()), IndexKeyDef::default()));
            }
            return Ok(out);
        }
        if !self.columns.is_empty()
            || self.expression.is_some()
            || !self.order.is_empty()
            || !self.nulls.is_empty()
            || !self.opclass.is_empty()
            || !self.collation.is_empty()
        {
            return Err(ParseError::new(
                loc.clone(),
                "`keys` stands in place of `columns`, `expression`, `order`, `nulls`, `opclass` and `collation`",
            ));
        }
        self.keys
            .iter()
            .map(|k| {
                let target = match (&k.column, &k.expression) {
                    (Some(c), None) => Ok(c.clone()),
                    (None, Some(e)) => Err(e.clone()),
                    _ => {
                        return Err(ParseError::new(
                            loc.clone(),
                            "each of `keys` is a `column` or an `expression`",
                        ))
                    }
                };
                Ok((
                    target,
                    IndexKeyDef {
                        column: None,
                        expression: None,
                        order: k.order,
                        nulls: k.nulls,
                        opclass: k.opclass.clone(),
                        collation: k.collation.clone(),
                        statistics: k.statistics,
                    },
                ))
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NullsOrder {
    First,
    Last,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueDef {
    pub columns: Vec<String>,
    pub name: Option<String>,
    /// The constraint's previous name (needs `name`).
    pub renamed_from: Option<String>,
    #[serde(default)]
    pub nulls_not_distinct: bool,
    #[serde(default)]
    pub deferrable: Option<Deferrable>,
    pub comment: Option<String>,
}

/// An exclusion constraint: `EXCLUDE` and what follows it.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExclusionDef {
    pub name: Option<String>,
    /// `USING gist (room_id WITH =, during WITH &&)`, with `INCLUDE (…)` and
    /// `WHERE (…)` if any: what follows `EXCLUDE`.
    pub definition: String,
    #[serde(default)]
    pub deferrable: Option<Deferrable>,
    pub comment: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckDef {
    pub name: Option<String>,
    /// The constraint's previous name (needs `name`).
    pub renamed_from: Option<String>,
    /// A boolean SQL expression over the table's columns.
    pub expression: String,
    pub comment: Option<String>,
    /// `false`: `NOT VALID`, the rows already there are not checked.
    pub validate: Option<bool>,
    /// `NO INHERIT`: not taken by tables that inherit this one.
    #[serde(default)]
    pub no_inherit: bool,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignKeyDef {
    pub columns: Vec<String>,
    /// The referenced table (optionally `schema.table`).
    pub references: String,
    /// Referenced columns; the referenced table's primary key by default.
    #[serde(default)]
    pub referenced_columns: Vec<String>,
    pub on_delete: Option<ActionDef>,
    pub on_update: Option<ActionDef>,
    pub name: Option<String>,
    /// The constraint's previous name (needs `name`).
    pub renamed_from: Option<String>,
    #[serde(default)]
    pub deferrable: Option<Deferrable>,
    /// `MATCH FULL` when true.
    #[serde(default)]
    pub match_full: bool,
    pub comment: Option<String>,
    /// `false`: `NOT VALID`, the rows already there are not checked.
    pub validate: Option<bool>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionDef {
    NoAction,
    Restrict,
    Cascade,
    /// Rails' spelling of `SET NULL`.
    Nullify,
    SetNull,
    SetDefault,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Deferrable {
    Flag(bool),
    Mode(DeferMode),
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeferMode {
    Immediate,
    Deferred,
}

/// Declares a constraint's rename, which needs the new name.
fn constraint_rename(
    b: &mut Builder,
    table: &QualName,
    name: &Option<String>,
    renamed_from: &Option<String>,
    loc: Loc,
) -> Result<()> {
    if let Some(old) = renamed_from {
        let Some(name) = name else {
            return Err(ParseError::new(
                loc,
                "a constraint with `renamed_from` needs its new `name`",
            ));
        };
        b.declare_rename(RenameKind::Constraint, table.clone(), old, name, &loc);
    }
    Ok(())
}

/// Queues a comment on a constraint, which needs a name to be found by.
fn named_comment(
    b: &mut Builder,
    table: &QualName,
    name: &Option<String>,
    comment: &Option<String>,
    loc: Loc,
    missing: &str,
) -> Result<()> {
    if let Some(text) = comment {
        let name = name
            .clone()
            .ok_or_else(|| ParseError::new(loc.clone(), missing))?;
        b.late_comments.push(LateComment::Constraint(
            table.clone(),
            name,
            Some(text.clone()),
            loc,
        ));
    }
    Ok(())
}

fn deferrable(d: Option<Deferrable>) -> (bool, bool) {
    match d {
        None | Some(Deferrable::Flag(false)) => (false, false),
        Some(Deferrable::Flag(true)) | Some(Deferrable::Mode(DeferMode::Immediate)) => {
            (true, false)
        }
        Some(Deferrable::Mode(DeferMode::Deferred)) => (true, true),
    }
}

fn action(a: Option<ActionDef>) -> FkAction {
    match a {
        None | Some(ActionDef::NoAction) => FkAction::NoAction,
        Some(ActionDef::Restrict) => FkAction::Restrict,
        Some(ActionDef::Cascade) => FkAction::Cascade,
        Some(ActionDef::Nullify) | Some(ActionDef::SetNull) => FkAction::SetNull,
        Some(ActionDef::SetDefault) => FkAction::SetDefault,
    }
}

/// Finds where a key path (`tables`, `users`, `columns`, `email`) is written,
/// for messages about values serde has already accepted.
struct Locator<'a> {
    src: &'a Source,
}

impl Locator<'_> {
    fn at(&self, path: &[&str]) -> Loc {
        let text = &self.src.text;
        let mut pos = 0;
        let mut found = 0;
        for key in path {
            let mut search = pos;
            let mut hit = None;
            while let Some(i) = text[search..].find(key) {
                let at = search + i;
                let before = text[..at]
                    .chars()
                    .rev()
                    .find(|c| *c != ' ' && *c != '"' && *c != '\'');
                let after = text[at + key.len()..].trim_start_matches(['"', '\'']);
                if matches!(before, None | Some('\n' | '{' | ',' | '-')) && after.starts_with(':') {
                    hit = Some(at);
                    break;
                }
                // Past this hit (an empty key matches everywhere).
                search = at
                    + text[at..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8)
                        .max(key.len());
            }
            match hit {
                Some(h) => {
                    pos = h;
                    found = h;
                }
                None => break,
            }
        }
        self.src.loc(found)
    }
}

fn parse_expr(text: &str, loc: &Loc) -> Result<Expr> {
    Parser::new(&PostgreSqlDialect {})
        .try_with_sql(text)
        .and_then(|mut p| {
            let e = p.parse_expr()?;
            p.expect_token(&sqlparser::tokenizer::Token::EOF)?;
            Ok(e)
        })
        .map_err(|e| {
            let m = e.to_string();
            let m = m
                .trim_start_matches("sql parser error: ")
                .split(" at Line: ")
                .next()
                .unwrap_or(&m)
                .to_string();
            ParseError::new(
                loc.clone(),
                format!("cannot parse SQL expression `{text}`: {m}"),
            )
        })
}

/// A YAML view as the statement that creates it (run in the scratch
/// database), with its indexes and comments.
fn read_view(
    name: &str,
    def: &ViewDef,
    materialized: bool,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let q = qual(name, loc)?;
    b.check_schema(&q.schema, loc)?;
    crate::build::check_name(&q.name, "view", loc)?;
    if materialized && def.options.contains_key("check_option") {
        return Err(ParseError::new(
            loc.clone(),
            "a materialized view has no check option",
        ));
    }
    if !materialized
        && (def.with_data.is_some() || !def.indexes.is_empty() || def.cluster_on.is_some())
    {
        return Err(ParseError::new(
            loc.clone(),
            "`with_data`, `indexes` and `cluster_on` are for materialized views (under `materialized_views:`)",
        ));
    }
    let mut sql = format!(
        "CREATE {}VIEW {}",
        if materialized { "MATERIALIZED " } else { "" },
        q
    );
    if !def.options.is_empty() {
        let opts: Vec<String> = def
            .options
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                format!("{} = {}", quote_ident(k), quote_literal(&v))
            })
            .collect();
        sql.push_str(&format!(" WITH ({})", opts.join(", ")));
    }
    sql.push_str(&format!(" AS\n{}", def.query.trim().trim_end_matches(';')));
    if def.with_data == Some(false) {
        sql.push_str("\nWITH NO DATA");
    }
    if b.views.contains_key(&q) || b.tables.contains_key(&q) {
        return Err(ParseError::new(
            loc.clone(),
            format!("{q} is defined twice"),
        ));
    }
    let origin = loc.to_string();
    for (i, d) in def.indexes.iter().enumerate() {
        b.view_after
            .push((origin.clone(), view_index_sql(&q, d, loc, i)?));
        if let Some(c) = &d.comment {
            let Some(n) = &d.name else {
                return Err(ParseError::new(
                    loc.clone(),
                    "an index with a comment needs a `name`",
                ));
            };
            b.view_after.push((
                origin.clone(),
                format!(
                    "COMMENT ON INDEX {} IS {}",
                    QualName::new(q.schema.clone(), n.clone()),
                    quote_literal(c)
                ),
            ));
        }
    }
    if let Some(i) = &def.cluster_on {
        b.view_after.push((
            origin.clone(),
            format!("ALTER TABLE {q} CLUSTER ON {}", quote_ident(i)),
        ));
    }
    for (tname, t) in &def.triggers {
        if !matches!(t.enabled, None | Some(TriggerEnabledDef::Enabled)) {
            return Err(ParseError::new(
                loc.clone(),
                format!("trigger {tname} of a view: only enabled triggers are modelled on views"),
            ));
        }
        b.view_after.push((origin.clone(), t.definition.clone()));
        if let Some(c) = &t.comment {
            b.view_after.push((
                origin.clone(),
                format!(
                    "COMMENT ON TRIGGER {} ON {q} IS {}",
                    quote_ident(tname),
                    quote_literal(c)
                ),
            ));
        }
    }
    b.views.insert(
        q.clone(),
        RawView {
            materialized,
            loc: loc.clone(),
            mentions: crate::sql::view_mentions(&def.query),
            sql,
            comment: def.comment.clone(),
            column_comments: def
                .columns
                .iter()
                .map(|(c, d)| (c.clone(), d.comment.clone(), origin.clone()))
                .collect(),
        },
    );
    Ok(())
}

/// `CREATE INDEX` on a materialized view, from its YAML form.
fn view_index_sql(view: &QualName, d: &IndexDef, loc: &Loc, _n: usize) -> Result<String> {
    if d.renamed_from.is_some() {
        return Err(ParseError::new(
            loc.clone(),
            "`renamed_from` is not supported on a materialized view's index",
        ));
    }
    let keys: Vec<String> = d
        .key_list(loc)?
        .into_iter()
        .map(|(target, o)| {
            let mut k = match target {
                Ok(c) => quote_ident(&c),
                Err(e) => format!("({e})"),
            };
            if let Some(coll) = &o.collation {
                k.push_str(&format!(" COLLATE {}", quote_ident(coll)));
            }
            if let Some(op) = &o.opclass {
                k.push_str(&format!(" {op}"));
            }
            if matches!(o.order, Some(SortOrder::Desc)) {
                k.push_str(" DESC");
            }
            match o.nulls {
                Some(NullsOrder::First) => k.push_str(" NULLS FIRST"),
                Some(NullsOrder::Last) => k.push_str(" NULLS LAST"),
                None => {}
            }
            k
        })
        .collect();
    if keys.is_empty() {
        return Err(ParseError::new(
            loc.clone(),
            "an index needs `columns` or an `expression`",
        ));
    }
    let mut sql = format!(
        "CREATE {}INDEX {}ON {} USING {} ({})",
        if d.unique { "UNIQUE " } else { "" },
        d.name
            .as_ref()
            .map(|n| format!("{} ", quote_ident(n)))
            .unwrap_or_default(),
        view,
        d.using.as_deref().unwrap_or("btree"),
        keys.join(", ")
    );
    if !d.include.is_empty() {
        let inc: Vec<String> = d.include.iter().map(|c| quote_ident(c)).collect();
        sql.push_str(&format!(" INCLUDE ({})", inc.join(", ")));
    }
    if d.nulls_not_distinct {
        sql.push_str(" NULLS NOT DISTINCT");
    }
    if !d.with.is_empty() {
        let w: Vec<String> = d
            .with
            .iter()
            .map(|(k, v)| format!("{} = {}", quote_ident(k), v.to_string().trim_matches('"')))
            .collect();
        sql.push_str(&format!(" WITH ({})", w.join(", ")));
    }
    if let Some(p) = &d.predicate {
        sql.push_str(&format!(" WHERE ({p})"));
    }
    Ok(sql)
}

/// Storage parameters as the catalog keeps them: `key=value`.
fn parameters(with: &IndexMap<String, serde_json::Value>, loc: &Loc) -> Result<Vec<String>> {
    with.iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok(format!("{k}={s}")),
            serde_json::Value::Number(n) => Ok(format!("{k}={n}")),
            serde_json::Value::Bool(b) => Ok(format!("{k}={b}")),
            _ => Err(ParseError::new(
                loc.clone(),
                format!("storage parameter `{k}` takes a number, string or boolean"),
            )),
        })
        .collect()
}

pub(crate) fn qual(name: &str, loc: &Loc) -> Result<QualName> {
    match schemadiff_model::types::split_qualified(name)
        .map_err(|m| ParseError::new(loc.clone(), m))?
    {
        (Some(s), n) => Ok(QualName::new(s, n)),
        (None, n) => Ok(QualName::new("public", n)),
    }
}

/// A literal YAML default as an SQL expression.
fn literal(v: &serde_json::Value, loc: &Loc) -> Result<Expr> {
    let val = match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Boolean(*b),
        serde_json::Value::Number(n) => Value::Number(n.to_string(), false),
        serde_json::Value::String(s) => Value::SingleQuotedString(s.clone()),
        serde_json::Value::Array(items) => {
            let mut parts = Vec::new();
            for item in items {
                let s = match item {
                    serde_json::Value::String(s) => {
                        let plain = !s.is_empty()
                            && !s.eq_ignore_ascii_case("null")
                            && !s.contains(|c: char| c.is_whitespace() || "{},\"\\".contains(c));
                        if plain {
                            s.clone()
                        } else {
                            format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
                        }
                    }
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    serde_json::Value::Null => "NULL".into(),
                    _ => {
                        return Err(ParseError::new(
                            loc.clone(),
                            "array defaults hold plain values only",
                        ))
                    }
                };
                parts.push(s);
            }
            Value::SingleQuotedString(format!("{{{}}}", parts.join(",")))
        }
        serde_json::Value::Object(_) => {
            // A JSON object default for a json/jsonb column.
            Value::SingleQuotedString(v.to_string())
        }
    };
    Ok(Expr::Value(val.into()))
}

/// The PostgreSQL type for a Rails type name and its options, or the type
/// as written when it is not a Rails name.
/// A domain's base or an attribute's type, written as for a column
/// without options: Rails' names (`string`, `datetime`, …) or PostgreSQL's.
fn yaml_type(t: &str) -> String {
    let c = ColumnDef {
        data_type: t.to_string(),
        ..Default::default()
    };
    let loc = Loc {
        file: "".into(),
        line: 0,
        column: 0,
    };
    column_type(&c, &loc)
        .map(|(_, written)| written)
        .unwrap_or_else(|_| t.to_string())
}

fn column_type(c: &ColumnDef, loc: &Loc) -> Result<(TypeName, String)> {
    let t = c.data_type.trim();
    let bad_opt = |what: &str| {
        ParseError::new(
            loc.clone(),
            format!("`{what}` does not apply to type `{t}`"),
        )
    };
    let precision_time = |base: &str| -> Result<String> {
        let p = c.precision.unwrap_or(6);
        if p > 6 {
            return Err(ParseError::new(
                loc.clone(),
                "timestamp precision must be 0 to 6",
            ));
        }
        Ok(format!("{base}({p})"))
    };
    let written = match t {
        "string" => match c.limit {
            Some(n) => format!("character varying({n})"),
            None => "character varying".into(),
        },
        "integer" => match c.limit {
            None | Some(4) => "integer".into(),
            Some(2) => "smallint".into(),
            Some(8) => "bigint".into(),
            Some(n) => {
                return Err(ParseError::new(
                    loc.clone(),
                    format!("integer limit must be 2, 4 or 8, not {n}"),
                ))
            }
        },
        "float" => "double precision".into(),
        "decimal" | "numeric" => match (c.precision, c.scale) {
            (None, None) => "numeric".into(),
            (Some(p), s) => format!("numeric({p},{})", s.unwrap_or(0)),
            (None, Some(_)) => {
                return Err(ParseError::new(loc.clone(), "`scale` needs `precision`"))
            }
        },
        "datetime" | "timestamp" => format!("{} without time zone", precision_time("timestamp")?),
        "timestamptz" => format!("{} with time zone", precision_time("timestamp")?),
        "binary" => "bytea".into(),
        other => {
            if c.limit.is_some() {
                return Err(bad_opt("limit"));
            }
            if c.precision.is_some() || c.scale.is_some() {
                return Err(bad_opt("precision"));
            }
            other.to_string()
        }
    };
    let written = if c.array {
        format!("{written}[]")
    } else {
        written
    };
    let ty = canonical_type(&written).map_err(|m| ParseError::new(loc.clone(), m))?;
    Ok((ty, written))
}

/// For "`key` is given twice", reported where its map starts: where the
/// second `key` is written (the next one at the first one's column).
fn second_key(src: &Source, map: &Loc, msg: &str) -> Option<Loc> {
    let key = msg.split('`').nth(1)?;
    let text = &src.text;
    let line_start = text
        .split_inclusive('\n')
        .take(map.line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let is_key_at = |at: usize| {
        let before = text[..at]
            .chars()
            .rev()
            .find(|c| *c != ' ' && *c != '"' && *c != '\'');
        let after = text[at + key.len()..].trim_start_matches(['"', '\'']);
        matches!(before, None | Some('\n' | '{' | ',' | '-')) && after.starts_with(':')
    };
    let mut hits = text[line_start..]
        .match_indices(key)
        .map(|(i, _)| line_start + i)
        .filter(|&at| is_key_at(at));
    let first = hits.next()?;
    let first_loc = src.loc(first);
    let second = hits.find(|&at| {
        let l = src.loc(at);
        l.column == first_loc.column || l.line == first_loc.line
    })?;
    Some(src.loc(second))
}

/// A map in which a key given twice is an error (at the second one), not
/// the last one silently winning.
fn unique_keys<'de, D, V>(d: D) -> std::result::Result<IndexMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = IndexMap<String, V>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }

        fn visit_unit<E>(self) -> std::result::Result<Self::Value, E> {
            Ok(IndexMap::new())
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!("`{key}` is given twice")));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique(std::marker::PhantomData))
}

pub(crate) fn read(src: &Source, b: &mut Builder) -> Result<()> {
    if src.text.trim().is_empty() {
        return Ok(());
    }
    let file: SchemaFile = serde_yaml::from_str(&src.text).map_err(|e| {
        let loc = match e.location() {
            Some(l) => Loc {
                file: src.name.as_str().into(),
                line: l.line(),
                column: l.column(),
            },
            None => src.loc(0),
        };
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        let loc = second_key(src, &loc, &msg).unwrap_or(loc);
        ParseError::new(loc, format!("invalid schema file: {msg}"))
    })?;
    let at = Locator { src };
    let file = crate::shortcuts::expand(file, &|path| at.at(path))?;

    for s in &file.schemas {
        let (name, comment) = match s {
            SchemaDef::Name(n) => (n, None),
            SchemaDef::Full { name, comment } => (name, comment.clone()),
        };
        let loc = at.at(&["schemas"]);
        b.add_schema(name, &loc)?;
        match b.schemas.get_mut(name) {
            Some(ns) => ns.comment = comment,
            // `public`, listed with a comment: that comment (none when
            // only listed says nothing).
            None if comment.is_some() => {
                b.public_comment = crate::sql::public_comment(comment);
            }
            None => {}
        }
    }
    for e in &file.extensions {
        let (name, schema, version) = match e {
            ExtensionDef::Name(n) => (n.clone(), None, None),
            ExtensionDef::Full {
                name,
                schema,
                version,
            } => (
                name.clone(),
                schema.clone().filter(|s| s != "public"),
                version.clone(),
            ),
        };
        b.extensions.insert(
            name.clone(),
            Extension {
                name,
                schema,
                version,
            },
        );
    }
    for (name, def) in &file.collations {
        let loc = at.at(&["collations", name]);
        let q = qual(name, &loc)?;
        // Read as the statement it describes, so both forms check alike.
        let mut options = vec![format!(
            "provider = {}",
            def.provider.as_deref().unwrap_or("libc")
        )];
        for (k, v) in [
            ("locale", &def.locale),
            ("lc_collate", &def.lc_collate),
            ("lc_ctype", &def.lc_ctype),
            ("rules", &def.rules),
        ] {
            if let Some(v) = v {
                options.push(format!("{k} = {}", quote_literal(v)));
            }
        }
        if let Some(d) = def.deterministic {
            options.push(format!("deterministic = {d}"));
        }
        crate::sql::read_generated(
            &format!("CREATE COLLATION {} ({})", q.quoted(), options.join(", ")),
            &loc,
            b,
        )?;
        if let Some(c) = b.collations.get_mut(&q) {
            c.comment = def.comment.clone();
        }
    }
    for (i, def) in file.objects.iter().enumerate() {
        let loc = at.at(&["objects"]);
        let before: std::collections::BTreeSet<String> = b.others.keys().cloned().collect();
        let stmts = crate::source::split_statements(&def.definition)
            .map_err(|(_, m)| ParseError::new(loc.clone(), format!("objects[{i}]: {m}")))?;
        for st in &stmts {
            crate::sql::read_generated(st.text, &loc, b)?;
        }
        let made: Vec<String> = b
            .others
            .keys()
            .filter(|k| !before.contains(*k))
            .cloned()
            .collect();
        let [key] = made.as_slice() else {
            return Err(ParseError::new(
                loc,
                format!("objects[{i}]: its definition must make one operator, text search object, cast, rule, event trigger, publication, foreign-data object or range type"),
            ));
        };
        if let (Some(c), Some(o)) = (&def.comment, b.others.get_mut(key)) {
            o.sql
                .push(format!("COMMENT ON {} IS {}", o.target, quote_literal(c)));
        }
    }
    for (signature, def) in &file.aggregates {
        let loc = at.at(&["aggregates", signature]);
        // Read as the statement it describes, so both forms check alike.
        let mut options = vec![
            format!("SFUNC = {}", def.sfunc),
            format!("STYPE = {}", def.stype),
        ];
        let texts = [
            ("SSPACE", def.sspace.map(|n| n.to_string())),
            ("FINALFUNC", def.finalfunc.clone()),
            ("FINALFUNC_MODIFY", def.finalfunc_modify.clone()),
            ("COMBINEFUNC", def.combinefunc.clone()),
            ("SERIALFUNC", def.serialfunc.clone()),
            ("DESERIALFUNC", def.deserialfunc.clone()),
            ("INITCOND", def.initcond.as_deref().map(quote_literal)),
            ("MSFUNC", def.msfunc.clone()),
            ("MINVFUNC", def.minvfunc.clone()),
            ("MSTYPE", def.mstype.clone()),
            ("MSSPACE", def.msspace.map(|n| n.to_string())),
            ("MFINALFUNC", def.mfinalfunc.clone()),
            ("MFINALFUNC_MODIFY", def.mfinalfunc_modify.clone()),
            ("MINITCOND", def.minitcond.as_deref().map(quote_literal)),
            ("SORTOP", def.sortop.clone()),
            ("PARALLEL", def.parallel.clone()),
        ];
        options.extend(
            texts
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| format!("{k} = {v}"))),
        );
        for (k, on) in [
            ("FINALFUNC_EXTRA", def.finalfunc_extra),
            ("MFINALFUNC_EXTRA", def.mfinalfunc_extra),
            ("HYPOTHETICAL", def.hypothetical),
        ] {
            if on {
                options.push(k.to_string());
            }
        }
        let before: std::collections::BTreeSet<String> = b.aggregates.keys().cloned().collect();
        crate::sql::read_generated(
            &format!("CREATE AGGREGATE {signature} ({})", options.join(", ")),
            &loc,
            b,
        )?;
        if let Some(a) = b
            .aggregates
            .iter_mut()
            .find(|(k, _)| !before.contains(*k))
            .map(|(_, a)| a)
        {
            a.comment = def.comment.clone();
        }
    }
    for (name, def) in &file.enums {
        let (values, comment) = match def {
            EnumDef::Values(v) => (v, None),
            EnumDef::Full(f) => (&f.values, f.comment.clone()),
        };
        let loc = at.at(&["enums", name]);
        let q = qual(name, &loc)?;
        b.check_schema(&q.schema, &loc)?;
        if let EnumDef::Full(f) = def {
            if let Some(old) = &f.renamed_from {
                let hint = at.at(&["enums", name, "renamed_from"]);
                b.declare_rename(RenameKind::Enum, q.clone(), old, &q.name, &hint);
            }
            for (new, old) in &f.renamed_values {
                let hint = at.at(&["enums", name, "renamed_values", new]);
                b.declare_rename(RenameKind::EnumLabel, q.clone(), old, new, &hint);
            }
        }
        b.add_enum(
            Enum {
                name: q,
                values: values.clone(),
                comment,
            },
            &loc,
        )?;
    }
    for (signature, def) in &file.functions {
        let loc = at.at(&["functions", signature]);
        let word = |w: &Option<String>, allowed: &[&str], what: &str| -> Result<String> {
            match w {
                None => Ok(String::new()),
                Some(v) if allowed.contains(&v.to_lowercase().as_str()) => {
                    Ok(format!(" {}", v.to_uppercase()))
                }
                Some(v) => Err(ParseError::new(
                    loc.clone(),
                    format!("{what} `{v}` is not one of {}", allowed.join(", ")),
                )),
            }
        };
        let mut sql = match (&def.returns, def.procedure) {
            (Some(r), false) => format!(
                "CREATE FUNCTION {signature} RETURNS {r} LANGUAGE {}",
                def.language
            ),
            (None, true) => format!("CREATE PROCEDURE {signature} LANGUAGE {}", def.language),
            (Some(_), true) => {
                return Err(ParseError::new(loc, "a procedure has no `returns`"));
            }
            (None, false) => {
                return Err(ParseError::new(
                    loc,
                    "a function needs `returns` (or `procedure: true`)",
                ));
            }
        };
        sql.push_str(&word(
            &def.volatility,
            &["immutable", "stable", "volatile"],
            "volatility",
        )?);
        if let Some(p) =
            word(&def.parallel, &["safe", "restricted", "unsafe"], "parallel")?.strip_prefix(' ')
        {
            sql.push_str(&format!(" PARALLEL {p}"));
        }
        for (flag, text) in [
            (def.strict, " STRICT"),
            (def.security_definer, " SECURITY DEFINER"),
            (def.leakproof, " LEAKPROOF"),
        ] {
            if flag {
                sql.push_str(text);
            }
        }
        if let Some(c) = def.cost {
            sql.push_str(&format!(" COST {c}"));
        }
        if let Some(r) = def.rows {
            sql.push_str(&format!(" ROWS {r}"));
        }
        for (k, v) in &def.set {
            let values: Vec<String> = v.split(',').map(|p| quote_literal(p.trim())).collect();
            sql.push_str(&format!(" SET {k} TO {}", values.join(", ")));
        }
        if def.standard_body {
            sql.push('\n');
            sql.push_str(def.body.trim());
        } else if def.language.eq_ignore_ascii_case("c") {
            // `'library', 'symbol'`, as written.
            sql.push_str(&format!(" AS {}", def.body.trim()));
        } else {
            let mut tag = String::from("$body$");
            while def.body.contains(&tag) {
                tag.insert(tag.len() - 1, '_');
            }
            sql.push_str(&format!(" AS {tag}{}{tag}", def.body));
        }
        crate::sql::read_generated(&sql, &loc, b)?;
        if def.comment.is_some() {
            let f = b.functions.last().expect("just read");
            let types: Vec<String> = f
                .args
                .iter()
                .filter(|a| a.mode != "OUT")
                .map(|a| a.written.clone())
                .collect();
            b.late_comments.push(LateComment::Function(
                f.name.clone(),
                types,
                def.comment.clone(),
                loc,
            ));
        }
    }
    for (name, def) in &file.sequences {
        let loc = at.at(&["sequences", name]);
        let q = qual(name, &loc)?;
        b.check_schema(&q.schema, &loc)?;
        let ty = def.data_type.as_deref().unwrap_or("bigint");
        let ty = match canonical_type(ty) {
            Ok(TypeName::Builtin(t)) if matches!(t.as_str(), "smallint" | "integer" | "bigint") => {
                t
            }
            _ => {
                return Err(ParseError::new(
                    loc,
                    format!("sequence type must be smallint, integer or bigint, not `{ty}`"),
                ))
            }
        };
        let mut seq = Sequence::with_defaults(q.clone(), &ty);
        seq.set_options(
            &WrittenSequenceOptions {
                start: def.start,
                increment: def.increment,
                min_value: def.min_value,
                max_value: def.max_value,
                cache: def.cache,
                cycle: def.cycle,
            }
            .resolve(&ty),
        );
        seq.comment = def.comment.clone();
        seq.unlogged = def.unlogged;
        let owned_by = match &def.owned_by {
            None => None,
            Some(o) => {
                let parts: Vec<&str> = o.rsplitn(2, '.').collect();
                if parts.len() != 2 {
                    return Err(ParseError::new(loc, "owned_by takes `table.column`"));
                }
                Some((qual(parts[1], &loc)?, parts[0].to_string()))
            }
        };
        b.add_sequence(q, RawSequence { seq, owned_by, loc })?;
    }

    for (name, def) in &file.domains {
        let loc = at.at(&["domains", name]);
        let q = qual(name, &loc)?;
        b.check_schema(&q.schema, &loc)?;
        crate::build::check_name(&q.name, "type", &loc)?;
        let default = match (&def.default, &def.default_sql) {
            (Some(_), Some(_)) => {
                return Err(ParseError::new(
                    loc,
                    "give `default` or `default_sql`, not both",
                ))
            }
            (Some(v), None) => Some(literal(v, &at.at(&["domains", name, "default"]))?),
            (None, Some(e)) => Some(parse_expr(e, &at.at(&["domains", name, "default_sql"]))?),
            (None, None) => None,
        };
        let mut checks = Vec::new();
        for (i, c) in def.checks.iter().enumerate() {
            let cloc = at.at(&["domains", name, "checks"]);
            let _ = i;
            checks.push((c.name.clone(), parse_expr(&c.expression, &cloc)?));
        }
        b.add_domain(
            RawDomain {
                name: q,
                base: yaml_type(&def.data_type),
                collation: def.collation.clone(),
                default,
                not_null: def.null == Some(false),
                checks,
                comment: def.comment.clone(),
                loc: loc.clone(),
            },
            &loc,
        )?;
    }
    for (name, def) in &file.types {
        let loc = at.at(&["types", name]);
        let q = qual(name, &loc)?;
        b.check_schema(&q.schema, &loc)?;
        crate::build::check_name(&q.name, "type", &loc)?;
        b.add_composite(
            RawComposite {
                name: q,
                attributes: def
                    .attributes
                    .iter()
                    .map(|(a, t)| {
                        let lower = t.to_ascii_lowercase();
                        match lower.find(" collate ") {
                            Some(at) => {
                                let coll = t[at + " collate ".len()..].trim();
                                let coll = coll
                                    .strip_prefix('"')
                                    .and_then(|c| c.strip_suffix('"'))
                                    .map(|c| c.replace("\"\"", "\""))
                                    .unwrap_or_else(|| coll.to_string());
                                (a.clone(), yaml_type(t[..at].trim()), Some(coll))
                            }
                            None => (a.clone(), yaml_type(t), None),
                        }
                    })
                    .collect(),
                comment: def.comment.clone(),
                loc: loc.clone(),
            },
            &loc,
        )?;
    }
    for (key, materialized) in [("views", false), ("materialized_views", true)] {
        let defs = if materialized {
            &file.materialized_views
        } else {
            &file.views
        };
        for (vname, def) in defs {
            read_view(vname, def, materialized, &at.at(&[key, vname]), b)?;
        }
    }

    for (tname, def) in &file.tables {
        let tloc = at.at(&["tables", tname]);
        let q = qual(tname, &tloc)?;
        if let Some(old) = &def.renamed_from {
            let loc = at.at(&["tables", tname, "renamed_from"]);
            let old = qual(old, &loc)?;
            if old.schema != q.schema {
                return Err(ParseError::new(
                    loc,
                    "`renamed_from` names a table in another schema: a rename stays within its schema",
                ));
            }
            b.declare_rename(RenameKind::Table, q.clone(), &old.name, &q.name, &loc);
        }
        let mut table = RawTable {
            name: q.clone(),
            columns: Default::default(),
            constraints: vec![],
            comment: def.comment.clone(),
            row_security: match def.row_level_security {
                None | Some(RowLevelSecurityDef::Enabled(false)) => RowSecurity::default(),
                Some(RowLevelSecurityDef::Enabled(true)) => RowSecurity {
                    enabled: true,
                    forced: false,
                },
                Some(RowLevelSecurityDef::Force(ForceKeyword::Force)) => RowSecurity {
                    enabled: true,
                    forced: true,
                },
                Some(RowLevelSecurityDef::Force(ForceKeyword::ForceOnly)) => RowSecurity {
                    enabled: false,
                    forced: true,
                },
            },
            unlogged: def.unlogged,
            cluster_on: def.cluster_on.clone(),
            own_default_columns: Default::default(),
            partition_defaults: def
                .partition_defaults
                .iter()
                .map(|(c, d)| (c.clone(), d.clone()))
                .collect(),
            statistics_targets: {
                let mut m = std::collections::BTreeMap::new();
                for (c, n) in &def.statistics_targets {
                    if let Some(n) = statistics_target(Some(*n), &tloc)? {
                        m.insert(c.clone(), n);
                    }
                }
                m
            },
            replica_identity: match &def.replica_identity {
                None | Some(ReplicaIdentityDef::Keyword(ReplicaIdentityKeyword::Default)) => None,
                Some(ReplicaIdentityDef::Keyword(ReplicaIdentityKeyword::Full)) => {
                    Some(ReplicaIdentity::Full)
                }
                Some(ReplicaIdentityDef::Keyword(ReplicaIdentityKeyword::Nothing)) => {
                    Some(ReplicaIdentity::Nothing)
                }
                Some(ReplicaIdentityDef::Index { index }) => {
                    Some(ReplicaIdentity::Index(index.clone()))
                }
            },
            with: {
                let mut w = parameters(&def.with, &tloc)?;
                w.sort();
                w
            },
            partition_by: def.partition_by.clone(),
            partition_of: match &def.partition_of {
                Some(p) => Some(PartitionOf {
                    parent: qual(&p.table, &at.at(&["tables", tname, "partition_of"]))?,
                    bound: p.values.clone(),
                }),
                None => None,
            },
            inherits: def
                .inherits
                .iter()
                .map(|p| qual(p, &at.at(&["tables", tname, "inherits"])))
                .collect::<Result<_>>()?,
            loc: tloc.clone(),
        };
        for (trname, tr) in &def.triggers {
            let trloc = at.at(&["tables", tname, "triggers", trname]);
            let before = b.triggers.len();
            crate::sql::read_generated(&tr.definition, &trloc, b)?;
            let read = b.triggers.get(before);
            if b.triggers.len() != before + 1
                || read.is_some_and(|t| t.name != *trname || t.table != q)
            {
                return Err(ParseError::new(
                    trloc,
                    format!("`definition` must be the CREATE TRIGGER {trname} ON {q} it names"),
                ));
            }
            if let Some(e) = tr.enabled {
                let enabled = match e {
                    TriggerEnabledDef::Enabled => TriggerEnabled::Enabled,
                    TriggerEnabledDef::Disabled => TriggerEnabled::Disabled,
                    TriggerEnabledDef::Replica => TriggerEnabled::Replica,
                    TriggerEnabledDef::Always => TriggerEnabled::Always,
                };
                b.trigger_states
                    .push((q.clone(), trname.clone(), enabled, trloc.clone()));
            }
            if tr.comment.is_some() {
                b.late_comments.push(LateComment::Trigger(
                    q.clone(),
                    trname.clone(),
                    tr.comment.clone(),
                    trloc,
                ));
            }
        }
        for (sname, sd) in &def.statistics {
            let sloc = at.at(&["tables", tname, "statistics", sname]);
            let name = if sname.contains('.') {
                qual(sname, &sloc)?
            } else {
                QualName::new(q.schema.clone(), sname.clone())
            };
            for k in &sd.kinds {
                if !Statistics::KINDS.contains(&k.as_str()) {
                    return Err(ParseError::new(
                        sloc,
                        format!("`{k}` is not a kind of statistics (ndistinct, dependencies, mcv)"),
                    ));
                }
            }
            if sd.target.is_some_and(|t| !(0..=10000).contains(&t)) {
                return Err(ParseError::new(sloc, "`target` is 0 to 10000"));
            }
            let mut keys: Vec<RawStatKey> = sd
                .columns
                .iter()
                .map(|c| RawStatKey::Column(c.clone()))
                .collect();
            for e in &sd.expressions {
                // Outer parentheses are the key's, not the expression's.
                keys.push(RawStatKey::Expr(match parse_expr(e, &sloc)? {
                    Expr::Nested(inner) => inner,
                    e => Box::new(e),
                }));
            }
            b.add_statistics(RawStatistics {
                name,
                table: q.clone(),
                kinds: sd.kinds.clone(),
                keys,
                target: sd.target,
                comment: sd.comment.clone(),
                loc: sloc,
            })?;
        }
        for (pname, p) in &def.policies {
            let ploc = at.at(&["tables", tname, "policies", pname]);
            check_name(pname, "policy", &ploc)?;
            let expr = |e: &Option<String>| -> Result<Option<Box<Expr>>> {
                e.as_deref()
                    .map(|e| parse_expr(e, &ploc).map(Box::new))
                    .transpose()
            };
            let mut roles: Vec<String> = p.roles.iter().map(|r| r.to_lowercase()).collect();
            if roles.is_empty() {
                roles.push("public".into());
            }
            roles.sort();
            roles.dedup();
            b.policies.push(RawPolicy {
                name: pname.clone(),
                table: q.clone(),
                permissive: !p.restrictive,
                command: match p.command {
                    None | Some(PolicyCommandDef::All) => PolicyCommand::All,
                    Some(PolicyCommandDef::Select) => PolicyCommand::Select,
                    Some(PolicyCommandDef::Insert) => PolicyCommand::Insert,
                    Some(PolicyCommandDef::Update) => PolicyCommand::Update,
                    Some(PolicyCommandDef::Delete) => PolicyCommand::Delete,
                },
                roles,
                using: expr(&p.using)?,
                with_check: expr(&p.with_check)?,
                loc: ploc.clone(),
            });
            if p.comment.is_some() {
                b.late_comments.push(LateComment::Policy(
                    q.clone(),
                    pname.clone(),
                    p.comment.clone(),
                    ploc,
                ));
            }
        }
        let mut pk_cols = Vec::new();
        for (cname, c) in &def.columns {
            let cloc = at.at(&["tables", tname, "columns", cname]);
            if let Some(old) = &c.renamed_from {
                let loc = at.at(&["tables", tname, "columns", cname, "renamed_from"]);
                b.declare_rename(RenameKind::Column, q.clone(), old, cname, &loc);
            }
            if let Some(expr) = &c.using {
                let loc = at.at(&["tables", tname, "columns", cname, "using"]);
                b.declare_conversion(&q, cname, expr, &loc);
            }
            let tyloc = at.at(&["tables", tname, "columns", cname, "type"]);
            let (ty, written) = column_type(c, &tyloc)?;
            if c.default.is_some() && c.default_sql.is_some() {
                return Err(ParseError::new(
                    cloc,
                    "give `default` or `default_sql`, not both",
                ));
            }
            let default = match (&c.default, &c.default_sql) {
                (Some(v), None) => Some(literal(
                    v,
                    &at.at(&["tables", tname, "columns", cname, "default"]),
                )?),
                (None, Some(sql)) => Some(parse_expr(
                    sql,
                    &at.at(&["tables", tname, "columns", cname, "default_sql"]),
                )?),
                _ => None,
            };
            let identity = match &c.identity {
                None | Some(IdentityDef::Flag(false)) => None,
                Some(IdentityDef::Flag(true))
                | Some(IdentityDef::Kind(IdentityKind::ByDefault)) => Some(Identity::ByDefault),
                Some(IdentityDef::Kind(IdentityKind::Always)) => Some(Identity::Always),
            };
            let identity_sequence = match (&c.identity_sequence, identity) {
                (None, _) => None,
                (Some(_), None) => {
                    return Err(ParseError::new(
                        at.at(&["tables", tname, "columns", cname, "identity_sequence"]),
                        "`identity_sequence` needs `identity`",
                    ))
                }
                (Some(n), Some(_)) => {
                    let sloc = at.at(&["tables", tname, "columns", cname, "identity_sequence"]);
                    let s = match schemadiff_model::types::split_qualified(n)
                        .map_err(|m| ParseError::new(sloc.clone(), m))?
                    {
                        (Some(s), n) => QualName::new(s, n),
                        (None, n) => QualName::new(q.schema.clone(), n),
                    };
                    let chosen = s.schema == q.schema
                        && schemadiff_model::names::is_chosen_sequence_name(
                            &q.name, cname, &s.name,
                        );
                    (!chosen).then_some(s)
                }
            };
            let identity_options = match (&c.identity_options, identity) {
                (None, _) => None,
                (Some(_), None) => {
                    return Err(ParseError::new(
                        at.at(&["tables", tname, "columns", cname, "identity_options"]),
                        "`identity_options` needs `identity`",
                    ))
                }
                (Some(o), Some(_)) => {
                    let data_type = match &ty {
                        TypeName::Builtin(t)
                            if matches!(t.as_str(), "smallint" | "integer" | "bigint") =>
                        {
                            t.clone()
                        }
                        _ => {
                            return Err(ParseError::new(
                                tyloc.clone(),
                                "an identity column must be smallint, integer or bigint",
                            ))
                        }
                    };
                    WrittenSequenceOptions {
                        start: o.start,
                        increment: o.increment,
                        min_value: o.min_value,
                        max_value: o.max_value,
                        cache: o.cache,
                        cycle: o.cycle,
                    }
                    .resolve(&data_type)
                    .unless_default(&data_type)
                }
            };
            let generated = match &c.generated {
                Some(sql) => Some(parse_expr(
                    sql,
                    &at.at(&["tables", tname, "columns", cname, "generated"]),
                )?),
                None => None,
            };
            if c.generated_virtual && generated.is_none() {
                return Err(ParseError::new(
                    at.at(&["tables", tname, "columns", cname, "virtual"]),
                    "`virtual` needs `generated`",
                ));
            }
            if generated.is_some() && (default.is_some() || identity.is_some()) {
                return Err(ParseError::new(
                    cloc,
                    "a generated column cannot have a default or be an identity",
                ));
            }
            if identity.is_some() && default.is_some() {
                return Err(ParseError::new(
                    cloc,
                    "an identity column cannot have a default",
                ));
            }
            if let Some(n) = &c.not_null_name {
                let nloc = at.at(&["tables", tname, "columns", cname, "not_null_name"]);
                check_name(n, "constraint", &nloc)?;
                if c.null != Some(false) && !c.primary_key && identity.is_none() {
                    return Err(ParseError::new(
                        nloc,
                        "`not_null_name` names a NOT NULL: it needs `null: false` (or a primary key or identity column)",
                    ));
                }
            }
            if c.primary_key {
                pk_cols.push(cname.clone());
            }
            if c.unique {
                table.constraints.push(RawConstraint {
                    name: None,
                    kind: RawKind::Unique(vec![cname.clone()], false),
                    deferrable: false,
                    initially_deferred: false,
                    not_valid: false,
                    loc: cloc.clone(),
                });
            }
            table.columns.insert(
                cname.clone(),
                RawColumn {
                    name: cname.clone(),
                    ty,
                    written_type: written,
                    not_null: c.null == Some(false),
                    default: default.map(|e| RawDefault::Expr(Box::new(e))),
                    identity,
                    identity_options,
                    identity_sequence,
                    generated: generated.map(Box::new),
                    generated_virtual: c.generated_virtual,
                    collation: c.collation.clone(),
                    comment: c.comment.clone(),
                    not_null_name: None,
                    kept_not_null: c.not_null_name.clone(),
                    storage: checked_word(
                        &c.storage,
                        &["plain", "external", "extended", "main"],
                        "storage",
                        &tyloc,
                    )?,
                    compression: checked_word(
                        &c.compression,
                        &["pglz", "lz4"],
                        "compression",
                        &tyloc,
                    )?,
                    // Inherited, it is what is written here.
                    inherited: Some(Overrides::written_whole()),
                    loc: tyloc,
                },
            );
        }
        if def.timestamps {
            for col in ["created_at", "updated_at"] {
                if table.columns.contains_key(col) {
                    return Err(ParseError::new(
                        tloc.clone(),
                        format!("`timestamps: true` adds {col}, which is also listed"),
                    ));
                }
                table.columns.insert(
                    col.to_string(),
                    RawColumn {
                        not_null: true,
                        ..RawColumn::new(
                            col.to_string(),
                            TypeName::Builtin("timestamp(6) without time zone".into()),
                            "datetime".into(),
                            tloc.clone(),
                        )
                    },
                );
            }
        }
        let (mut pk_name, mut pk_defer, mut pk_comment) = (None, None, None);
        match (&def.primary_key, pk_cols.is_empty()) {
            (Some(_), false) => {
                return Err(ParseError::new(
                    tloc,
                    "give `primary_key` on the table or on columns, not both",
                ))
            }
            (Some(PrimaryKeyDef::Columns(cols)), true) => pk_cols = cols.clone(),
            (Some(PrimaryKeyDef::Full(f)), true) => {
                pk_cols = f.columns.clone();
                pk_name = f.name.clone();
                pk_defer = f.deferrable;
                pk_comment = f.comment.clone();
            }
            _ => {}
        }
        if !pk_cols.is_empty() {
            let (deferrable, initially_deferred) = deferrable(pk_defer);
            table.constraints.insert(
                0,
                RawConstraint {
                    name: pk_name.clone(),
                    kind: RawKind::PrimaryKey(pk_cols),
                    deferrable,
                    initially_deferred,
                    not_valid: false,
                    loc: tloc.clone(),
                },
            );
            let name =
                Some(pk_name.unwrap_or_else(|| {
                    names::choose_name(&q.name, None, "pkey", &Default::default())
                }));
            named_comment(b, &q, &name, &pk_comment, tloc.clone(), "")?;
        }
        for u in &def.unique {
            constraint_rename(
                b,
                &q,
                &u.name,
                &u.renamed_from,
                at.at(&["tables", tname, "unique"]),
            )?;
            let (d, id) = deferrable(u.deferrable);
            table.constraints.push(RawConstraint {
                name: u.name.clone(),
                kind: RawKind::Unique(u.columns.clone(), u.nulls_not_distinct),
                deferrable: d,
                initially_deferred: id,
                not_valid: false,
                loc: at.at(&["tables", tname, "unique"]),
            });
            named_comment(
                b,
                &q,
                &u.name,
                &u.comment,
                tloc.clone(),
                "a commented unique constraint needs a `name`",
            )?;
        }
        for c in &def.checks {
            let loc = at.at(&["tables", tname, "checks", "expression"]);
            constraint_rename(b, &q, &c.name, &c.renamed_from, loc.clone())?;
            table.constraints.push(RawConstraint {
                name: c.name.clone(),
                kind: RawKind::Check(RawExpr::new(parse_expr(&c.expression, &loc)?), c.no_inherit),
                deferrable: false,
                initially_deferred: false,
                not_valid: c.validate == Some(false),
                loc: loc.clone(),
            });
            named_comment(
                b,
                &q,
                &c.name,
                &c.comment,
                loc.clone(),
                "a commented check needs a `name`",
            )?;
        }
        for x in &def.exclusions {
            let loc = at.at(&["tables", tname, "exclusions"]);
            let (d, id) = deferrable(x.deferrable);
            let name = x
                .name
                .as_ref()
                .map(|n| format!("CONSTRAINT {} ", quote_ident(n)))
                .unwrap_or_default();
            let def = x.definition.trim();
            let def = def
                .strip_prefix("EXCLUDE ")
                .or_else(|| def.strip_prefix("exclude "))
                .unwrap_or(def);
            let sql = format!(
                "CREATE TABLE {} ({name}EXCLUDE {def}{})",
                q.quoted(),
                match (d, id) {
                    (true, true) => " DEFERRABLE INITIALLY DEFERRED",
                    (true, false) => " DEFERRABLE",
                    _ => "",
                }
            );
            table
                .constraints
                .push(crate::sql::exclusion_of(&sql, &loc)?);
            named_comment(
                b,
                &q,
                &x.name,
                &x.comment,
                loc.clone(),
                "a commented exclusion constraint needs a `name`",
            )?;
        }
        for fk in &def.foreign_keys {
            let loc = at.at(&["tables", tname, "foreign_keys", "references"]);
            constraint_rename(b, &q, &fk.name, &fk.renamed_from, loc.clone())?;
            let (d, id) = deferrable(fk.deferrable);
            table.constraints.push(RawConstraint {
                name: fk.name.clone(),
                kind: RawKind::ForeignKey {
                    columns: fk.columns.clone(),
                    ref_table: qual(&fk.references, &loc)?,
                    ref_columns: fk.referenced_columns.clone(),
                    on_delete: action(fk.on_delete),
                    on_update: action(fk.on_update),
                    match_full: fk.match_full,
                },
                deferrable: d,
                initially_deferred: id,
                not_valid: fk.validate == Some(false),
                loc: loc.clone(),
            });
            named_comment(
                b,
                &q,
                &fk.name,
                &fk.comment,
                loc.clone(),
                "a commented foreign key needs a `name`",
            )?;
        }
        for idx in &def.indexes {
            let loc = at.at(&["tables", tname, "indexes"]);
            if let Some(old) = &idx.renamed_from {
                let Some(name) = &idx.name else {
                    return Err(ParseError::new(
                        loc,
                        "an index with `renamed_from` needs its new `name`",
                    ));
                };
                let q_index = QualName::new(q.schema.clone(), name.clone());
                b.declare_rename(RenameKind::Index, q_index, old, name, &loc);
            }
            let mut keys: Vec<RawKey> = Vec::new();
            for (target, o) in idx.key_list(&loc)? {
                keys.push(RawKey {
                    target: match target {
                        Ok(c) => RawKeyTarget::Column(c),
                        Err(e) => RawKeyTarget::Expr(RawExpr::new(parse_expr(&e, &loc)?)),
                    },
                    opclass: o.opclass,
                    collation: o.collation,
                    descending: matches!(o.order, Some(SortOrder::Desc)),
                    nulls_first: o.nulls.map(|n| matches!(n, NullsOrder::First)),
                    statistics: statistics_target(o.statistics, &loc)?,
                });
            }
            if keys.is_empty() {
                return Err(ParseError::new(
                    loc,
                    "an index needs `columns` or `expression`",
                ));
            }
            for k in idx
                .order
                .keys()
                .chain(idx.nulls.keys())
                .chain(idx.opclass.keys())
                .chain(idx.collation.keys())
            {
                if !idx.columns.contains(k) {
                    return Err(ParseError::new(
                        loc,
                        format!("`{k}` is not one of this index's columns"),
                    ));
                }
            }
            let predicate = match &idx.predicate {
                Some(p) => Some(parse_expr(p, &loc)?),
                None => None,
            };
            b.add_index(RawIndex {
                name: idx.name.clone(),
                table: q.clone(),
                unique: idx.unique,
                method: idx
                    .using
                    .clone()
                    .unwrap_or_else(|| "btree".into())
                    .to_lowercase(),
                keys,
                include: idx.include.clone(),
                predicate: predicate.map(RawExpr::new),
                nulls_not_distinct: idx.nulls_not_distinct,
                with: parameters(&idx.with, &loc)?,
                comment: idx.comment.clone(),
                loc,
            })?;
        }
        for (parent, own) in &def.partition_index_names {
            b.attached_index_names
                .push((q.clone(), parent.clone(), own.clone()));
        }
        b.add_table(table)?;
    }
    read_privileges(&file, &at, b)?;
    Ok(())
}

/// `grants` and `default_privileges`: exact access lists, settled after
/// every statement-like privilege (see [`crate::privileges`]).
fn read_privileges(file: &SchemaFile, at: &Locator, b: &mut Builder) -> Result<()> {
    use crate::privileges::{PrivEvent, YamlAcl};
    let entries = |m: &IndexMap<String, Vec<String>>, loc: &Loc| -> Result<YamlAcl> {
        let mut out = Vec::new();
        for (role, privs) in m {
            let role = if role.eq_ignore_ascii_case("public") {
                schemadiff_model::privileges::PUBLIC.to_string()
            } else {
                role.clone()
            };
            let mut held = Vec::new();
            for p in privs {
                let words: Vec<String> = p.split_whitespace().map(str::to_uppercase).collect();
                let (name, option) = match words.as_slice() {
                    [n] => (n.clone(), false),
                    [n, w, g, o] if w == "WITH" && g == "GRANT" && o == "OPTION" => (n.clone(), true),
                    _ => {
                        return Err(ParseError::new(
                            loc.clone(),
                            format!("`{p}` is not a privilege: write `SELECT` or `SELECT WITH GRANT OPTION`"),
                        ))
                    }
                };
                held.push(((name != "ALL").then_some(name), option));
            }
            out.push((role, held));
        }
        Ok(out)
    };
    if let Some(grants) = &file.grants {
        b.privilege_events.push(PrivEvent::Mention);
        for (key, m) in grants {
            let loc = at.at(&["grants", key]);
            let (target, column) = crate::sql::privilege_key(key, &loc)?;
            b.privilege_events.push(PrivEvent::Exact {
                target,
                column,
                acl: entries(m, &loc)?,
                loc,
            });
        }
    }
    if let Some(defaults) = &file.default_privileges {
        b.privilege_events.push(PrivEvent::Mention);
        for (i, d) in defaults.iter().enumerate() {
            let loc = at.at(&["default_privileges", &i.to_string()]);
            let on = match d.on.to_lowercase().as_str() {
                "tables" => DefaultOn::Tables,
                "sequences" => DefaultOn::Sequences,
                "functions" | "routines" => DefaultOn::Functions,
                "types" => DefaultOn::Types,
                "schemas" => DefaultOn::Schemas,
                other => {
                    return Err(ParseError::new(
                        loc,
                        format!(
                        "`on: {other}` is not one of tables, sequences, functions, types, schemas"
                    ),
                    ))
                }
            };
            if let Some(s) = &d.schema {
                b.check_schema(s, &loc)?;
            }
            b.privilege_events.push(PrivEvent::ExactDefault {
                scope: DefaultScope {
                    role: d.for_role.clone(),
                    schema: d.schema.clone(),
                    on,
                },
                acl: entries(&d.grants, &loc)?,
                loc,
            });
        }
    }
    Ok(())
}

/// A word from a fixed list, in lower case.
fn checked_word(
    w: &Option<String>,
    allowed: &[&str],
    what: &str,
    loc: &Loc,
) -> Result<Option<String>> {
    match w {
        None => Ok(None),
        Some(v) if allowed.contains(&v.to_lowercase().as_str()) => Ok(Some(v.to_lowercase())),
        Some(v) => Err(ParseError::new(
            loc.clone(),
            format!("{what} `{v}` is not one of {}", allowed.join(", ")),
        )),
    }
}

/// A statistics target as `SET STATISTICS` takes it: -1 is the default
/// (none), above 10000 the server lowers it to 10000.
pub(crate) fn statistics_target(n: Option<i32>, loc: &Loc) -> Result<Option<i32>> {
    match n {
        None | Some(-1) => Ok(None),
        Some(n) if n < -1 => Err(ParseError::new(
            loc.clone(),
            format!("statistics target {n} is too low (0 to 10000, or -1 for the default)"),
        )),
        Some(n) => Ok(Some(n.min(10000))),
    }
}
