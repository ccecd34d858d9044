//! A live PostgreSQL catalog into schemadiff's model.
//!
//! [`introspect`] reads schemas, extensions, enums, sequences, tables,
//! columns, constraints, indexes and comments with a fixed number of catalog
//! queries ([`QUERIES`]) whatever the size of the schema: every query covers
//! all objects of its kind at once, never one table at a time.
//!
//! Values come out in the canonical form the model documents because they are
//! what PostgreSQL prints: `format_type()`, `pg_get_expr()`,
//! `pg_get_indexdef()`. The introspector does not guess; it reads.
//!
//! Left out: system schemas (`pg_*`, `information_schema`), temporary
//! schemas, objects that belong to an extension, and schemadiff's own
//! bookkeeping schema ([`BOOKKEEPING_SCHEMA`]).

pub mod reconcile;

mod aggregates;
mod columns;
mod constraints;
mod deparsed;
mod enums;
mod functions;
mod indexes;
mod namespaces;
mod others;
mod policies;
mod privileges;
mod sequences;
mod statistics;
mod tables;
mod triggers;
mod types;
mod unmanaged;
mod views;

use postgres::{GenericClient, Row};
use schemadiff_model::*;
use std::collections::HashMap;

use aggregates::*;
use columns::*;
use constraints::*;
use enums::*;
use functions::*;
use indexes::*;
use namespaces::*;
use others::*;
use policies::*;
use privileges::*;
use sequences::*;
use statistics::*;
use tables::*;
use triggers::*;
use types::*;
use unmanaged::*;
use views::*;

/// The schema holding schemadiff's own tables (apply history); never managed.
pub const BOOKKEEPING_SCHEMA: &str = "schemadiff";

/// How many statements one introspection sends, whatever the schema's size.
pub const QUERIES: usize = 23;

#[derive(Debug, thiserror::Error)]
pub enum IntrospectError {
    #[error("reading the catalog ({what}): {message}")]
    Query { what: &'static str, message: String },
    #[error("the catalog holds something schemadiff cannot model: {0}")]
    Unsupported(String),
}

type Result<T> = std::result::Result<T, IntrospectError>;

/// The filter every query shares: a namespace schemadiff manages.
const MANAGED_NS: &str = "n.nspname NOT IN ('information_schema', 'schemadiff') \
     AND n.nspname NOT LIKE 'pg\\_%'";

/// The comment on an object, as a subquery on `pg_description`'s index
/// (`obj_description()` is an SQL function, slow to call per row).
fn comment(oid: &str, catalog: &str, subid: &str) -> String {
    format!(
        "(SELECT ds.description FROM pg_description ds WHERE ds.objoid = {oid} \
         AND ds.classoid = '{catalog}'::regclass AND ds.objsubid = {subid})"
    )
}

/// Not a member of an extension (`pg_depend.deptype = 'e'`).
fn not_extension_member(catalog: &str, oid: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{catalog}'::regclass \
         AND d.objid = {oid} AND d.deptype = 'e')"
    )
}

/// Counts the statements sent, so a test can prove the number is fixed.
struct Reader<'a, C: GenericClient> {
    client: &'a mut C,
    sent: usize,
}

impl<C: GenericClient> Reader<'_, C> {
    fn query(&mut self, what: &'static str, sql: &str) -> Result<Vec<Row>> {
        self.sent += 1;
        self.client
            .query(sql, &[])
            .map_err(|e| query_error(what, &e))
    }
}

/// A PostgreSQL error as a person reads it: severity, message, detail, hint.
pub fn db_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = format!("{}: {}", db.severity(), db.message());
            if let Some(d) = db.detail() {
                s.push_str(&format!("\nDETAIL: {d}"));
            }
            if let Some(h) = db.hint() {
                s.push_str(&format!("\nHINT: {h}"));
            }
            s
        }
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                s.push_str(&format!(": {inner}"));
                src = inner.source();
            }
            s
        }
    }
}

fn query_error(what: &'static str, e: &postgres::Error) -> IntrospectError {
    IntrospectError::Query {
        what,
        message: db_message(e),
    }
}

/// What an introspection produced, and how many statements it sent.
#[derive(Debug)]
pub struct Introspection {
    pub schema: Schema,
    pub queries: usize,
}

/// Reads the whole managed schema in one read-only, repeatable-read
/// transaction, so every query sees the same snapshot.
pub fn introspect(client: &mut postgres::Client) -> Result<Introspection> {
    introspect_with(client, None)
}

/// [`introspect`], with a second connection to the same database (when
/// given) reading columns and constraints at the same time as the first
/// reads the rest, in the same snapshot (exported, as `pg_dump -j` does).
/// The number of statements stays fixed: [`QUERIES`], plus
/// [`HELPER_QUERIES`] with a helper.
pub fn introspect_with(
    client: &mut postgres::Client,
    helper: Option<postgres::Client>,
) -> Result<Introspection> {
    let mut tx = snapshot_tx(client)?;
    let r = introspect_tx(&mut tx, helper)?;
    tx.commit().map_err(|e| query_error("commit", &e))?;
    Ok(r)
}

/// A read-only, repeatable-read transaction: one snapshot for every query.
fn snapshot_tx(client: &mut postgres::Client) -> Result<postgres::Transaction<'_>> {
    client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| query_error("begin", &e))
}

/// Statements a helper connection adds: exporting the snapshot, taking it
/// up, and the helper's settings.
pub const HELPER_QUERIES: usize = 3;

/// Reads the managed schema inside a transaction the caller holds (apply
/// introspects under its advisory lock). `search_path` is set to `public`
/// for the transaction, so names print qualified exactly when they are
/// outside `public`, as the parser writes them.
pub fn introspect_in(tx: &mut postgres::Transaction<'_>) -> Result<Introspection> {
    introspect_tx(tx, None)
}

/// The first query of a reader: the server's version, with the settings
/// every query relies on.
fn settings<C: GenericClient>(r: &mut Reader<C>) -> Result<i32> {
    Ok(r
        .query("server version", "SELECT current_setting('server_version_num')::int, set_config('search_path', 'public', true), \
             set_config('jit', 'off', true)")?
        .first()
        .map(|row| row.get(0))
        .unwrap_or(0))
}

/// Columns and constraints of the tables in `s`, on the helper connection
/// in `snapshot`; the schema and the statements sent.
fn helper_part(
    mut client: postgres::Client,
    snapshot: String,
    mut s: Schema,
    oids: Oids,
) -> Result<(Schema, AttNames, usize)> {
    let mut tx = snapshot_tx(&mut client)?;
    let mut r = Reader {
        client: &mut tx,
        sent: 0,
    };
    r.query(
        "snapshot",
        &format!("SET TRANSACTION SNAPSHOT {}", quote_literal(&snapshot)),
    )?;
    let version = settings(&mut r)?;
    let names = read_columns(&mut r, &mut s, &oids)?;
    read_constraints(&mut r, &mut s, &oids, version, &names)?;
    let sent = r.sent;
    tx.commit().map_err(|e| query_error("commit", &e))?;
    Ok((s, names, sent))
}

/// Who reads columns and constraints: this connection (their column
/// names at hand), or the helper's thread.
enum Part {
    Here(AttNames),
    Helper(std::thread::JoinHandle<Result<(Schema, AttNames, usize)>>),
}

fn introspect_tx(
    tx: &mut postgres::Transaction<'_>,
    helper: Option<postgres::Client>,
) -> Result<Introspection> {
    let mut r = Reader {
        client: tx,
        sent: 0,
    };
    let version = settings(&mut r)?;
    let mut schema = Schema::default();
    read_namespaces(&mut r, &mut schema)?;
    read_extensions(&mut r, &mut schema)?;
    read_collations(&mut r, &mut schema)?;
    read_enums(&mut r, &mut schema)?;
    read_domains(&mut r, &mut schema)?;
    read_composites(&mut r, &mut schema)?;
    read_sequences(&mut r, &mut schema)?;
    let oids = read_tables(&mut r, &mut schema)?;
    schema.named_not_null = NamedNotNull(version >= 180000);
    let helped = match helper {
        None => {
            let names = read_columns(&mut r, &mut schema, &oids)?;
            read_constraints(&mut r, &mut schema, &oids, version, &names)?;
            Part::Here(names)
        }
        Some(client) => {
            let snapshot: String = r
                .query("export snapshot", "SELECT pg_export_snapshot()")?
                .first()
                .map(|row| row.get(0))
                .unwrap_or_default();
            let tables = Schema {
                tables: schema.tables.clone(),
                ..Schema::default()
            };
            let oids = oids.clone();
            Part::Helper(std::thread::spawn(move || {
                helper_part(client, snapshot, tables, oids)
            }))
        }
    };
    let view_oids = read_views(&mut r, &mut schema)?;
    let names_here = match &helped {
        Part::Here(names) => Some(names),
        Part::Helper(_) => None,
    };
    read_indexes(&mut r, &mut schema, &oids, &view_oids, version, names_here)?;
    read_policies(&mut r, &mut schema, &oids)?;
    read_statistics(&mut r, &mut schema, &oids)?;
    read_functions(&mut r, &mut schema)?;
    read_aggregates(&mut r, &mut schema)?;
    read_triggers(&mut r, &mut schema, &oids, &view_oids)?;
    read_view_reads(&mut r, &mut schema, &view_oids)?;
    let mut queries = 0;
    if let Part::Helper(h) = helped {
        let (part, names, sent) = h.join().expect("the helper thread does not panic")?;
        queries += sent;
        name_index_columns(&mut schema, &names)?;
        for (name, t) in part.tables {
            if let Some(mine) = schema.tables.get_mut(&name) {
                mine.columns = t.columns;
                mine.constraints = t.constraints;
                mine.statistics_targets = t.statistics_targets;
            }
        }
    }
    // A partition's columns are its parent's (read until its constraints
    // and indexes named theirs), but for defaults of its own.
    schema.keep_partition_defaults(&|_, _| true);
    schema.fit_partition_index_names();
    for t in schema.tables.values_mut() {
        if t.partition_of.is_some() {
            t.columns.clear();
        }
    }
    // What a table inherits unchanged is its parents'.
    schema.fold_inherited();
    // Last: which objects are managed must be known, columns included.
    read_privileges(&mut r, &mut schema, version)?;
    read_others(&mut r, &mut schema)?;
    read_unmanaged(&mut r, &mut schema)?;
    queries += r.sent;
    Ok(Introspection { schema, queries })
}

/// Only the views (with their indexes and what they read) and the
/// functions, inside a transaction the caller holds: what a scratch
/// database is asked for.
pub fn introspect_views_in(tx: &mut postgres::Transaction<'_>) -> Result<Schema> {
    let mut r = Reader {
        client: tx,
        sent: 0,
    };
    let version = settings(&mut r)?;
    let mut schema = Schema::default();
    let view_oids = read_views(&mut r, &mut schema)?;
    read_indexes(&mut r, &mut schema, &Oids::new(), &view_oids, version, None)?;
    read_view_reads(&mut r, &mut schema, &view_oids)?;
    read_triggers(&mut r, &mut schema, &Oids::new(), &view_oids)?;
    read_functions(&mut r, &mut schema)?;
    read_others(&mut r, &mut schema)?;
    Ok(schema)
}

/// Whether the database holds anything a user made: a scratch database
/// must not. One query.
pub fn is_empty_in(tx: &mut postgres::Transaction<'_>) -> Result<bool> {
    let sql = format!(
        "SELECT NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {MANAGED_NS}) \
           AND NOT EXISTS (SELECT 1 FROM pg_proc c JOIN pg_namespace n ON n.oid = c.pronamespace WHERE {MANAGED_NS}) \
           AND NOT EXISTS (SELECT 1 FROM pg_type c JOIN pg_namespace n ON n.oid = c.typnamespace WHERE {MANAGED_NS}) \
           AND NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE {MANAGED_NS} AND n.nspname <> 'public' \
                           AND n.nspname NOT LIKE 'pg\\_%') \
           AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname <> 'plpgsql')"
    );
    let mut r = Reader {
        client: tx,
        sent: 0,
    };
    Ok(r.query("emptiness", &sql)?
        .first()
        .map(|row| row.get(0))
        .unwrap_or(false))
}

/// Table oid → name, for the per-kind queries that follow.
type Oids = HashMap<u32, QualName>;
