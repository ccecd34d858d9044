//! The scratch database: where PostgreSQL prints what only it can.
//!
//! A view's query cannot be put in the catalog's form offline, so a desired
//! state with views (or `DO` blocks, which cannot be modelled at all) is
//! loaded into a scratch database — the local development cluster's
//! `schemadiff_scratch`, or `--dev-database URL` — inside one transaction
//! that is always rolled back, and the views are read back from its
//! catalog. The rest of the desired state keeps its offline form: only the
//! tables the views mention (and every type and function) are loaded, which
//! keeps this fast on large schemas; should that fall short, the whole
//! desired state is loaded instead.

use crate::Error;
use schemadiff_model::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Where the scratch database is.
#[derive(Debug, Clone)]
pub enum Scratch<'a> {
    /// `--dev-database URL`: a database that holds nothing (it is checked).
    Url(&'a str),
    /// The development cluster of this working directory.
    Dev(&'a Path),
}

/// What a resolution did, for the user to read.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The scratch database, password redacted.
    pub label: String,
    pub views: usize,
    pub do_blocks: usize,
    /// Whether the whole desired state had to be loaded.
    pub whole: bool,
}

impl Resolved {
    /// One line saying which path was taken and why.
    pub fn message(&self) -> String {
        let mut what = Vec::new();
        if self.views > 0 {
            what.push(format!(
                "{} view(s), whose queries only PostgreSQL prints as its catalog does",
                self.views
            ));
        }
        if self.do_blocks > 0 {
            what.push(format!(
                "{} DO block(s), which run there and nowhere else",
                self.do_blocks
            ));
        }
        format!(
            "The desired state has {}: loaded {} into the scratch database {} (rolled back) and read the views back.",
            what.join(" and "),
            if self.whole {
                "all of it"
            } else {
                "the views with what they read"
            },
            self.label
        )
    }
}

fn db_error(e: &postgres::Error) -> String {
    schemadiff_apply::db_message(e)
}

/// Settles `schema.pending`: runs its `DO` blocks and creates its views in
/// the scratch database, then takes the views as that database prints
/// them. Nothing pending: nothing done, `None`.
pub fn resolve(schema: &mut Schema, scratch: Scratch) -> Result<Option<Resolved>, Error> {
    if schema.pending.is_empty() {
        return Ok(None);
    }
    let (url, label) = match scratch {
        Scratch::Url(u) => (u.to_string(), schemadiff_apply::url::redact(u)),
        Scratch::Dev(dir) => {
            let url = schemadiff_apply::dev::scratch(dir).map_err(|e| {
                Error::Database(format!(
                    "views and DO blocks need a scratch database: the local development cluster did not start ({e}); \
                     give one with --dev-database URL (a database that holds nothing)"
                ))
            })?;
            (url.clone(), url)
        }
    };
    let mut client = schemadiff_apply::url::connect(&url)
        .map_err(|e| Error::Database(format!("scratch database: {e}")))?;
    resolve_on(schema, &mut client, &label)
}

/// [`resolve`] on an open connection to the scratch database.
pub fn resolve_on(
    schema: &mut Schema,
    client: &mut postgres::Client,
    label: &str,
) -> Result<Option<Resolved>, Error> {
    if schema.pending.is_empty() {
        return Ok(None);
    }
    let fail = |what: String| Error::Database(format!("scratch database {label}: {what}"));
    let mut tx = client
        .transaction()
        .map_err(|e| fail(format!("begin: {}", db_error(&e))))?;
    tx.batch_execute(
        "SET LOCAL search_path = public; SET LOCAL check_function_bodies = off; \
         SET LOCAL client_min_messages = warning",
    )
    .map_err(|e| fail(db_error(&e)))?;
    let before = schemadiff_introspect::introspect_in(&mut tx)
        .map_err(|e| fail(e.to_string()))?
        .schema;
    if before != Schema::default() {
        return Err(fail(
            "it is not empty; give a database that holds nothing (schemadiff only ever \
             uses it inside a transaction it rolls back)"
                .into(),
        ));
    }
    create_roles(&mut tx, schema).map_err(|e| fail(db_error(&e)))?;
    for d in &schema.pending.do_blocks {
        tx.batch_execute(&d.sql).map_err(|e| {
            Error::Database(format!(
                "{}: the DO block failed in the scratch database {label}: {}",
                d.origin,
                db_error(&e)
            ))
        })?;
    }
    // The views with what they mention; the whole desired state if that
    // is not enough.
    let mut whole = false;
    let loaded = {
        let mut sp = tx.transaction().map_err(|e| fail(db_error(&e)))?;
        match load(&mut sp, schema, true) {
            Ok(()) => {
                sp.commit().map_err(|e| fail(db_error(&e)))?;
                Ok(())
            }
            Err(_) => {
                drop(sp);
                whole = true;
                let mut sp = tx.transaction().map_err(|e| fail(db_error(&e)))?;
                load(&mut sp, schema, false)
                    .and_then(|()| sp.commit().map_err(|e| Error::Database(db_error(&e))))
            }
        }
    };
    loaded.map_err(|e| match e {
        Error::Database(m) => Error::Database(format!(
            "loading the desired state into the scratch database {label}: {m}"
        )),
        other => other,
    })?;
    let printed = schemadiff_introspect::introspect_in(&mut tx)
        .map_err(|e| fail(e.to_string()))?
        .schema;
    tx.rollback().map_err(|e| fail(db_error(&e)))?;

    let pending = std::mem::take(&mut schema.pending);
    for (name, p) in &pending.views {
        let Some(mut v) = printed.views.get(name).cloned() else {
            return Err(Error::Database(format!(
                "{}: view {name} was not found in the scratch database after loading it",
                p.origin
            )));
        };
        v.comment = schema.views.get(name).and_then(|w| w.comment.clone());
        for (column, text, origin) in &p.column_comments {
            let c = v.columns.get_mut(column).ok_or_else(|| {
                Error::Database(format!(
                    "{origin}: column {} of view {name} is not defined",
                    quote_ident(column)
                ))
            })?;
            c.comment = text.clone();
        }
        schema.views.insert(name.clone(), v);
    }
    Ok(Some(Resolved {
        label: label.to_string(),
        views: pending.views.len(),
        do_blocks: pending.do_blocks.len(),
        whole,
    }))
}

/// Roles the desired state's policies name, created (NOLOGIN) where the
/// scratch cluster lacks them; the transaction's rollback removes them.
fn create_roles(tx: &mut postgres::Transaction, schema: &Schema) -> Result<(), postgres::Error> {
    let mut roles: BTreeSet<&str> = BTreeSet::new();
    for t in schema.tables.values() {
        for p in t.policies.values() {
            roles.extend(p.roles.iter().map(String::as_str));
        }
    }
    roles.retain(|r| {
        !matches!(
            r.to_ascii_lowercase().as_str(),
            "public" | "current_user" | "session_user" | "current_role"
        )
    });
    if roles.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
    let existing: BTreeSet<String> = tx
        .query(
            "SELECT rolname::text FROM pg_roles WHERE rolname = ANY($1)",
            &[&names],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    for r in names.iter().filter(|r| !existing.contains(*r)) {
        tx.batch_execute(&format!("CREATE ROLE {} NOLOGIN", quote_ident(r)))?;
    }
    Ok(())
}

/// What the views need: every namespace, extension, type and function,
/// and the tables the views (or functions' signatures) mention — their
/// columns and keys, without what only ties them to the rest (foreign
/// keys, defaults, indexes, triggers, policies, comments). `subset:
/// false`: the whole desired state.
fn needed(schema: &Schema, subset: bool) -> Schema {
    let mut s = schema.clone();
    s.views.clear();
    s.pending = Pending::default();
    s.written = Written::default();
    s.renames = Renames::default();
    if !subset {
        return s;
    }
    let mut mentioned: BTreeSet<QualName> = BTreeSet::new();
    for p in schema.pending.views.values() {
        mentioned.extend(p.mentions.iter().cloned());
    }
    for f in schema.functions.values() {
        mentioned.extend(mentions_in(&f.arguments));
        mentioned.extend(mentions_in(&f.result));
    }
    s.sequences.clear();
    s.tables.retain(|n, _| mentioned.contains(n));
    for t in s.tables.values_mut() {
        t.constraints
            .retain(|_, c| !matches!(c.kind, ConstraintKind::ForeignKey(_)));
        t.indexes.clear();
        t.policies.clear();
        t.triggers.clear();
        t.comment = None;
        t.row_security = RowSecurity::default();
        for c in t.columns.values_mut() {
            c.default = None;
            c.comment = None;
        }
    }
    s
}

/// Names in a type list such as `users, integer` or `SETOF billing.x`.
fn mentions_in(text: &str) -> Vec<QualName> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '"'))
        .filter(|w| !w.is_empty())
        .map(|w| match w.split_once('.') {
            Some((s, n)) => QualName::new(s.trim_matches('"'), n.trim_matches('"')),
            None => QualName::new("public", w.trim_matches('"')),
        })
        .collect()
}

/// Loads what the views need, then the views in the order their mentions
/// give, then the statements on them.
fn load(tx: &mut postgres::Transaction, schema: &Schema, subset: bool) -> Result<(), Error> {
    let base = needed(schema, subset);
    let plan = schemadiff_differ::diff_with(
        &Schema::default(),
        &base,
        schemadiff_differ::Options { online: false },
    )?;
    for step in &plan.steps {
        let sql = schemadiff_emit::statement(step);
        tx.batch_execute(&sql)
            .map_err(|e| Error::Database(format!("{}\n  in: {sql}", db_error(&e))))?;
    }
    for name in view_order(&schema.pending.views) {
        let p = &schema.pending.views[name];
        tx.batch_execute(&p.sql).map_err(|e| {
            Error::Database(format!(
                "{}: view {name} could not be created: {}",
                p.origin,
                db_error(&e)
            ))
        })?;
    }
    for (origin, sql) in &schema.pending.after {
        tx.batch_execute(sql)
            .map_err(|e| Error::Database(format!("{origin}: {}", db_error(&e))))?;
    }
    Ok(())
}

/// Views ordered so that one comes after the views it mentions (by name,
/// where the mentions form a cycle — a name that is a column, say).
fn view_order(views: &BTreeMap<QualName, PendingView>) -> Vec<&QualName> {
    let mut out: Vec<&QualName> = Vec::new();
    let mut done: BTreeSet<&QualName> = BTreeSet::new();
    while out.len() < views.len() {
        let ready: Vec<&QualName> = views
            .iter()
            .filter(|(n, p)| {
                !done.contains(n)
                    && p.mentions
                        .iter()
                        .all(|m| m == *n || !views.contains_key(m) || done.contains(m))
            })
            .map(|(n, _)| n)
            .collect();
        let next = if ready.is_empty() {
            views.keys().filter(|n| !done.contains(n)).take(1).collect()
        } else {
            ready
        };
        for n in next {
            done.insert(n);
            out.push(n);
        }
    }
    out
}
