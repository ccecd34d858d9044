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

mod columns;
mod constraints;
mod enums;
mod functions;
mod indexes;
mod namespaces;
mod policies;
mod sequences;
mod tables;
mod triggers;
mod views;

use postgres::{GenericClient, Row};
use schemadiff_model::*;
use std::collections::HashMap;

use columns::*;
use constraints::*;
use enums::*;
use functions::*;
use indexes::*;
use namespaces::*;
use policies::*;
use sequences::*;
use tables::*;
use triggers::*;
use views::*;

/// The schema holding schemadiff's own tables (apply history); never managed.
pub const BOOKKEEPING_SCHEMA: &str = "schemadiff";

/// How many statements one introspection sends, whatever the schema's size.
pub const QUERIES: usize = 15;

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
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| query_error("begin", &e))?;
    let r = introspect_in(&mut tx)?;
    tx.commit().map_err(|e| query_error("commit", &e))?;
    Ok(r)
}

/// Reads the managed schema inside a transaction the caller holds (apply
/// introspects under its advisory lock). `search_path` is set to `public`
/// for the transaction, so names print qualified exactly when they are
/// outside `public`, as the parser writes them.
pub fn introspect_in(tx: &mut postgres::Transaction<'_>) -> Result<Introspection> {
    let mut r = Reader {
        client: tx,
        sent: 0,
    };
    let version: i32 = r
        .query("server version", "SELECT current_setting('server_version_num')::int, set_config('search_path', 'public', true), \
             set_config('jit', 'off', true)")?
        .first()
        .map(|row| row.get(0))
        .unwrap_or(0);
    let mut schema = Schema::default();
    read_namespaces(&mut r, &mut schema)?;
    read_extensions(&mut r, &mut schema)?;
    read_enums(&mut r, &mut schema)?;
    read_sequences(&mut r, &mut schema)?;
    let oids = read_tables(&mut r, &mut schema)?;
    read_columns(&mut r, &mut schema, &oids)?;
    schema.named_not_null = NamedNotNull(version >= 180000);
    read_constraints(&mut r, &mut schema, &oids, version)?;
    let view_oids = read_views(&mut r, &mut schema)?;
    read_indexes(&mut r, &mut schema, &oids, &view_oids, version)?;
    refuse_partitioned(&mut r)?;
    read_policies(&mut r, &mut schema, &oids)?;
    read_functions(&mut r, &mut schema)?;
    read_triggers(&mut r, &mut schema, &oids)?;
    read_view_reads(&mut r, &mut schema, &view_oids)?;
    let queries = r.sent;
    Ok(Introspection { schema, queries })
}

/// Table oid → name, for the per-kind queries that follow.
type Oids = HashMap<u32, QualName>;
