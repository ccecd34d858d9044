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
    /// Functions with SQL-standard bodies.
    pub functions: usize,
    pub do_blocks: usize,
    /// Operators, text search objects, casts, rules, … (as written).
    pub others: usize,
    /// Functions and objects the DO blocks made, taken as the server made
    /// them.
    pub made_by_do_blocks: usize,
    /// The files were run whole (statements, where the first was written),
    /// for a DO block that needs what they make.
    pub replayed: Option<(usize, String)>,
    /// Statements this reader cannot model: how many, the first and why.
    pub unread: Option<(usize, String, String)>,
    /// What the files' statements made that schemadiff does not model
    /// (a range type, an operator class): a plan neither makes nor drops
    /// it.
    pub unmanaged: Vec<String>,
    /// Whether the whole desired state had to be loaded.
    pub whole: bool,
    /// The scratch server's major version: a server of another major
    /// version may print the same view differently.
    pub server_major: i32,
}

impl Resolved {
    /// One line saying which path was taken and why.
    pub fn message(&self) -> String {
        let unmanaged = if self.unmanaged.is_empty() {
            String::new()
        } else {
            format!(
                " They make {} object(s) schemadiff does not model, which a plan neither makes nor drops: {}.",
                self.unmanaged.len(),
                self.unmanaged.join(", ")
            )
        };
        if let (Some((n, first)), Some((count, at, why))) = (&self.replayed, &self.unread) {
            let why = why.split("; remove it").next().unwrap_or(why);
            return format!(
                "The files hold {count} statement(s) this reader cannot model (the first at {at}: {why}); \
                 the server can: the desired state is what the files' {n} statements (from {first}) build, \
                 run in order in the scratch database {} (rolled back) and read back.{unmanaged}",
                self.label
            );
        }
        if let Some((n, first)) = &self.replayed {
            return format!(
                "A DO block needs what its file makes, and only the server knows what a DO block makes: \
                 the desired state is what the file's {n} statements (from {first}) build, run in order \
                 in the scratch database {} (rolled back) and read back.{unmanaged}",
                self.label
            );
        }
        let mut what = Vec::new();
        if self.views > 0 {
            what.push(format!(
                "{} view(s), whose queries only PostgreSQL prints as its catalog does",
                self.views
            ));
        }
        if self.functions > 0 {
            what.push(format!(
                "{} function(s) with SQL-standard bodies, which only PostgreSQL prints",
                self.functions
            ));
        }
        if self.do_blocks > 0 {
            what.push(format!(
                "{} DO block(s), which run there and nowhere else",
                self.do_blocks
            ));
        }
        if self.others > 0 {
            what.push(format!(
                "{} operator(s), text search object(s), cast(s), rule(s), foreign-data object(s) or range type(s), \
                 whose definitions only PostgreSQL prints as its catalog does",
                self.others
            ));
        }
        let mut line = format!(
            "The desired state has {}: loaded {} into the scratch database {} (rolled back) and read them back.",
            what.join(" and "),
            if self.whole {
                "all of it"
            } else {
                "the views with what they read"
            },
            self.label
        );
        if self.made_by_do_blocks > 0 {
            line.push_str(&format!(
                " The DO blocks made {} function(s) or object(s) the files do not define: taken as the server made them.",
                self.made_by_do_blocks
            ));
        }
        line
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
    // A statement this reader cannot model is the user's first concern
    // when no server can build it either.
    let unread = |e: Error| match schema.pending.unread.first() {
        Some((at, _, why)) => Error::Database(format!(
            "{at}: {}; a scratch database could build it, but {e}",
            why.split("; remove it").next().unwrap_or(why)
        )),
        None => e,
    };
    let (url, label) = match scratch {
        Scratch::Url(u) => (u.to_string(), schemadiff_apply::url::redact(u)),
        Scratch::Dev(dir) => {
            let url = schemadiff_apply::dev::scratch(dir).map_err(|e| {
                unread(Error::Database(format!(
                    "views, DO blocks and what this reader cannot model need a scratch database: the local \
                     development cluster did not start ({e}); give one with --dev-database URL (a database \
                     that holds nothing)"
                )))
            })?;
            (url.clone(), url)
        }
    };
    let mut client = schemadiff_apply::url::connect(&url)
        .map_err(|e| unread(Error::Database(format!("scratch database: {e}"))))?;
    resolve_on(schema, &mut client, &label)
}

/// The major version of the server `client` talks to (15, 18, …).
pub fn server_major(client: &mut postgres::Client) -> Result<i32, postgres::Error> {
    let n: i32 = client
        .query_one("SELECT current_setting('server_version_num')::int", &[])?
        .get(0);
    Ok(n / 10000)
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
    let server_major = server_major(client).map_err(|e| fail(db_error(&e)))?;
    let mut tx = client
        .transaction()
        .map_err(|e| fail(format!("begin: {}", db_error(&e))))?;
    tx.batch_execute(
        "SET LOCAL search_path = public; SET LOCAL check_function_bodies = off; \
         SET LOCAL client_min_messages = warning",
    )
    .map_err(|e| fail(db_error(&e)))?;
    let empty = schemadiff_introspect::is_empty_in(&mut tx).map_err(|e| fail(e.to_string()))?;
    if !empty {
        return Err(fail(
            "it is not empty; give a database that holds nothing (schemadiff only ever \
             uses it inside a transaction it rolls back)"
                .into(),
        ));
    }
    create_roles(&mut tx, schema).map_err(|e| fail(db_error(&e)))?;
    // DO blocks first (they make roles, which grants and policies name);
    // one that needs what the file makes (a schema, a type) after it.
    let mut deferred = Vec::new();
    {
        let mut before = tx.transaction().map_err(|e| fail(db_error(&e)))?;
        for d in &schema.pending.do_blocks {
            let mut sp = before.transaction().map_err(|e| fail(db_error(&e)))?;
            match sp.batch_execute(&d.sql) {
                Ok(()) => sp.commit().map_err(|e| fail(db_error(&e)))?,
                Err(_) => deferred.push(d),
            }
        }
        if (deferred.is_empty() && schema.pending.unread.is_empty())
            || schema.pending.replay.is_empty()
        {
            before.commit().map_err(|e| fail(db_error(&e)))?;
        }
    }
    // A DO block that needs what its file makes may make what the file
    // does not say (a function): the desired state is then what the
    // file's statements build, in order, on the server.
    if (!deferred.is_empty() || !schema.pending.unread.is_empty())
        && !schema.pending.replay.is_empty()
    {
        return replay(schema, tx, label, server_major);
    }
    // The views over stand-ins for what they mention; over those tables
    // themselves if that is not enough; over the whole desired state last.
    let mut tier_used = Tier::Stubs;
    let mut loaded = Ok(());
    // Operators, text search objects, rules, …: only the whole desired
    // state holds what they need.
    let tiers: &[Tier] = if schema.pending.others.is_empty() && deferred.is_empty() {
        &[Tier::Stubs, Tier::Tables, Tier::Whole]
    } else {
        &[Tier::Whole]
    };
    for &tier in tiers {
        tier_used = tier;
        let mut sp = tx.transaction().map_err(|e| fail(db_error(&e)))?;
        loaded = load(&mut sp, schema, tier)
            .and_then(|()| sp.commit().map_err(|e| Error::Database(db_error(&e))));
        if loaded.is_ok() {
            break;
        }
    }
    let whole = tier_used == Tier::Whole;
    // A statement the files wrote keeps its location first.
    loaded.map_err(|e| match e {
        Error::Database(m) if m.starts_with("in: ") => Error::Database(format!(
            "loading the desired state into the scratch database {label}: {m}"
        )),
        Error::Database(m) => Error::Database(format!("{m} (in the scratch database {label})")),
        other => other,
    })?;
    for d in &deferred {
        tx.batch_execute(&d.sql).map_err(|e| {
            Error::Database(format!(
                "{}: the DO block failed in the scratch database {label}: {}",
                d.origin,
                db_error(&e)
            ))
        })?;
    }
    let printed =
        schemadiff_introspect::introspect_views_in(&mut tx).map_err(|e| fail(e.to_string()))?;
    tx.rollback().map_err(|e| fail(db_error(&e)))?;
    // What the DO blocks made (the files do not say what that is): the
    // functions and objects the server holds that the files do not.
    let mut by_do = 0;
    if !schema.pending.do_blocks.is_empty() {
        for (key, f) in &printed.functions {
            if !schema.functions.contains_key(key) && !schema.pending.functions.contains_key(key) {
                schema.functions.insert(key.clone(), f.clone());
                by_do += 1;
            }
        }
        if schema.pending.others.is_empty() {
            for (key, o) in &printed.others {
                if !schema.others.contains_key(key) {
                    schema.others.insert(key.clone(), o.clone());
                    by_do += 1;
                }
            }
        }
    }

    let pending = std::mem::take(&mut schema.pending);
    if !pending.others.is_empty() {
        // As the server prints them (comments included).
        schema.others = printed.others.clone();
    }
    for (key, (origin, _)) in &pending.functions {
        let Some(mut f) = printed.functions.get(key).cloned() else {
            return Err(Error::Database(format!(
                "{origin}: function {key} was not found in the scratch database after loading it"
            )));
        };
        f.comment = schema.functions.get(key).and_then(|w| w.comment.clone());
        schema.functions.insert(key.clone(), f);
    }
    for (name, p) in &pending.views {
        let Some(mut v) = printed.views.get(name).cloned() else {
            return Err(Error::Database(format!(
                "{}: view {name} was not found in the scratch database after loading it",
                p.origin
            )));
        };
        v.comment = schema.views.get(name).and_then(|w| w.comment.clone());
        v.written = WrittenView(Some(p.sql.clone()));
        column_comments(&mut v, p)?;
        schema.views.insert(name.clone(), v);
    }
    Ok(Some(Resolved {
        label: label.to_string(),
        functions: pending.functions.len(),
        views: pending.views.len(),
        do_blocks: pending.do_blocks.len(),
        others: pending.others.len(),
        made_by_do_blocks: by_do,
        replayed: None,
        unread: None,
        unmanaged: Vec::new(),
        whole,
        server_major,
    }))
}

/// Runs one replayed statement; a role it names that the scratch server
/// lacks (the files grant to roles they do not make: the cluster's) is
/// made, inside the transaction, and the statement run again.
fn run_making_roles(tx: &mut postgres::Transaction, sql: &str) -> Result<(), postgres::Error> {
    let mut made = 0;
    loop {
        let mut attempt = tx.transaction()?;
        match attempt.batch_execute(sql) {
            Ok(()) => return attempt.commit(),
            Err(e) => {
                let missing = e
                    .as_db_error()
                    .filter(|d| *d.code() == postgres::error::SqlState::UNDEFINED_OBJECT)
                    .and_then(|d| {
                        let m = d.message().strip_prefix("role \"")?;
                        m.strip_suffix("\" does not exist").map(str::to_string)
                    });
                drop(attempt);
                match missing {
                    Some(role) if made < 100 => {
                        tx.batch_execute(&format!("CREATE ROLE {} NOLOGIN", quote_ident(&role)))?;
                        made += 1;
                    }
                    _ => return Err(e),
                }
            }
        }
    }
}

/// `origin` (`file:line:column` where `sql` starts) moved to the
/// character `at` (1-based, as the server counts) of `sql`.
fn point_into(origin: &str, sql: &str, at: usize) -> String {
    let mut parts = origin.rsplitn(3, ':');
    let (Some(col), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
        return origin.to_string();
    };
    let (Ok(mut line), Ok(mut col)) = (line.parse::<usize>(), col.parse::<usize>()) else {
        return origin.to_string();
    };
    for c in sql.chars().take(at.saturating_sub(1)) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    format!("{file}:{line}:{col}")
}

/// The desired state as the files' statements build it, run in order in
/// the scratch database (inside its transaction, rolled back), and read
/// back whole; what the files said beyond the objects (declared renames,
/// expressions as written, what is left out, whether privileges are
/// managed) is kept.
fn replay(
    schema: &mut Schema,
    mut tx: postgres::Transaction,
    label: &str,
    server_major: i32,
) -> Result<Option<Resolved>, Error> {
    let pending = std::mem::take(&mut schema.pending);
    for (origin, sql) in &pending.replay {
        // `CONCURRENTLY` cannot run in a transaction; it makes the same.
        let run = strip_concurrently(sql);
        run_making_roles(&mut tx, &run).map_err(|e| {
            // Where in the statement the server points, as the file has it.
            let origin = match e.as_db_error().and_then(|d| d.position()) {
                Some(postgres::error::ErrorPosition::Original(at)) if run == *sql => {
                    point_into(origin, sql, *at as usize)
                }
                _ => origin.clone(),
            };
            let what = if sql
                .trim_start()
                .get(..2)
                .is_some_and(|w| w.eq_ignore_ascii_case("do"))
            {
                "the DO block failed in the scratch database"
            } else {
                "the statement failed when the file was run in the scratch database"
            };
            Error::Database(format!("{origin}: {what} {label}: {}", db_error(&e)))
        })?;
    }
    // Read back as a fresh session prints, as a live database is read: a
    // file's `SET standard_conforming_strings = off`, `DateStyle` or
    // `TimeZone` changes how defaults and checks print.
    tx.batch_execute("RESET ALL; SET LOCAL search_path = public")
        .map_err(|e| Error::Database(db_error(&e)))?;
    let built = schemadiff_introspect::introspect_in(&mut tx)
        .map_err(|e| Error::Database(format!("scratch database {label}: {e}")))?
        .schema;
    tx.rollback().map_err(|e| Error::Database(db_error(&e)))?;
    let mut built = built;
    built.renames = std::mem::take(&mut schema.renames);
    built.conversions = std::mem::take(&mut schema.conversions);
    built.written = std::mem::take(&mut schema.written);
    built.origins = std::mem::take(&mut schema.origins);
    built.set_aside = std::mem::take(&mut schema.set_aside);
    built.privileges.hints = schema.privileges.hints.clone();
    // A grant the reader could not model still says privileges are managed.
    if pending.unread.iter().any(|(_, sql, _)| {
        let w: Vec<String> = sql
            .split_whitespace()
            .take(3)
            .map(str::to_ascii_lowercase)
            .collect();
        matches!(w.first().map(String::as_str), Some("grant" | "revoke"))
            || w.get(..3) == Some(&["alter".into(), "default".into(), "privileges".into()])
    }) {
        built.privileges.hints.managed = true;
    }
    let unmanaged = std::mem::take(&mut built.unmanaged.0);
    built.named_not_null = Default::default();
    built.extension_defaults = Default::default();
    let functions = built.functions.len().saturating_sub(schema.functions.len());
    for (name, p) in &pending.views {
        if let Some(v) = built.views.get_mut(name) {
            v.written = WrittenView(Some(p.sql.clone()));
        }
    }
    *schema = built;
    Ok(Some(Resolved {
        label: label.to_string(),
        functions: pending.functions.len(),
        views: pending.views.len(),
        do_blocks: pending.do_blocks.len(),
        others: pending.others.len(),
        made_by_do_blocks: functions,
        replayed: Some((
            pending.replay.len(),
            pending
                .replay
                .first()
                .map(|(o, _)| o.clone())
                .unwrap_or_default(),
        )),
        unread: pending
            .unread
            .first()
            .map(|(at, _, why)| (pending.unread.len(), at.clone(), why.clone())),
        unmanaged,
        whole: true,
        server_major,
    }))
}

/// `CREATE INDEX CONCURRENTLY` (and `REINDEX`, `DROP INDEX`) without the
/// word.
fn strip_concurrently(sql: &str) -> std::borrow::Cow<'_, str> {
    let lower = sql.to_ascii_lowercase();
    match lower.find(" concurrently ") {
        Some(at)
            if lower.trim_start().starts_with("create")
                || lower.trim_start().starts_with("drop") =>
        {
            std::borrow::Cow::Owned(format!(
                "{}{}",
                &sql[..at],
                &sql[at + " concurrently".len()..]
            ))
        }
        _ => std::borrow::Cow::Borrowed(sql),
    }
}

/// The files' comments on the columns of `v`, now that its columns are
/// known.
fn column_comments(v: &mut View, p: &PendingView) -> Result<(), Error> {
    for (column, text, origin) in &p.column_comments {
        let c = v.columns.get_mut(column).ok_or_else(|| {
            Error::Database(format!(
                "{origin}: column {} of view {} is not defined",
                quote_ident(column),
                v.name
            ))
        })?;
        c.comment = text.clone();
    }
    Ok(())
}

/// [`resolve`] for the two sides of an offline plan, one after the other
/// (two loads in one scratch database at once would wait on each other's
/// names). The current side's views are taken from the desired side's
/// where nothing they depend on differs — the usual case, so most offline
/// plans load the scratch database once.
pub fn resolve_pair(
    current: &mut Schema,
    desired: &mut Schema,
    scratch: Scratch,
) -> Result<Vec<Resolved>, Error> {
    let before = desired.pending.clone();
    let mut done = Vec::new();
    done.extend(resolve(desired, scratch.clone())?);
    // Both sides the same file run whole (a self-check): the same build.
    if !current.pending.replay.is_empty()
        && current
            .pending
            .replay
            .iter()
            .map(|(_, s)| s)
            .eq(before.replay.iter().map(|(_, s)| s))
    {
        let mut same = desired.clone();
        same.renames = Default::default();
        same.conversions = Default::default();
        same.set_aside = std::mem::take(&mut current.set_aside);
        *current = same;
        return Ok(done);
    }
    if !current.pending.is_empty() && reusable(current, desired, &before) {
        let pending = std::mem::take(&mut current.pending);
        for (name, p) in &pending.views {
            let mut v = desired.views[name].clone();
            v.comment = current.views.get(name).and_then(|w| w.comment.clone());
            for c in v.columns.values_mut() {
                c.comment = None;
            }
            column_comments(&mut v, p)?;
            current.views.insert(name.clone(), v);
        }
        return Ok(done);
    }
    done.extend(resolve(current, scratch)?);
    Ok(done)
}

/// An offline plan whose two sides hold the same views, functions with
/// SQL-standard bodies and DO blocks, over the same tables, types and
/// functions, needs no scratch database: what PostgreSQL would print is the
/// same on both sides, so the two compare equal as written. Then both sides'
/// pending parts are settled as written and `true` is returned; otherwise
/// nothing changes.
pub fn same_as_written(current: &mut Schema, desired: &mut Schema) -> bool {
    let (c, d) = (&current.pending, &desired.pending);
    let same = c
        .after
        .iter()
        .map(|(_, s)| s)
        .eq(d.after.iter().map(|(_, s)| s))
        && c.do_blocks
            .iter()
            .map(|b| &b.sql)
            .eq(d.do_blocks.iter().map(|b| &b.sql))
        && c.functions
            .iter()
            .map(|(k, (_, s))| (k, s))
            .eq(d.functions.iter().map(|(k, (_, s))| (k, s)))
        && c.views.len() == d.views.len()
        && c.views.iter().all(|(name, v)| {
            let Some(w) = d.views.get(name) else {
                return false;
            };
            let comments = |p: &PendingView| -> Vec<(String, Option<String>)> {
                p.column_comments
                    .iter()
                    .map(|(col, comment, _)| (col.clone(), comment.clone()))
                    .collect()
            };
            v.sql == w.sql
                && v.mentions == w.mentions
                && comments(v) == comments(w)
                && current.views.get(name) == desired.views.get(name)
                && v.mentions.iter().all(|m| {
                    current.tables.get(m) == desired.tables.get(m)
                        && current.views.get(m) == desired.views.get(m)
                })
        })
        && current.schemas == desired.schemas
        && current.extensions == desired.extensions
        && current.enums == desired.enums
        && current.domains == desired.domains
        && current.composites == desired.composites
        && current.sequences == desired.sequences
        && current.functions == desired.functions
        // Operators, text search objects, casts, …: as written, alike.
        && current.others == desired.others
        // Statements left to a server are run, even where both sides hold
        // the same: only the server says whether they are sound.
        && c.unread.is_empty()
        && d.unread.is_empty();
    if same {
        current.pending = Pending::default();
        desired.pending = Pending::default();
    }
    same
}

/// Whether every pending view of `current` would print as `desired`'s
/// (resolved from `before`): the same statements, statements on views,
/// DO blocks, types, functions and mentioned tables.
fn reusable(current: &Schema, desired: &Schema, before: &Pending) -> bool {
    let p = &current.pending;
    p.replay.is_empty()
        && p.unread.is_empty()
        && p.after
            .iter()
            .map(|(_, s)| s)
            .eq(before.after.iter().map(|(_, s)| s))
        && p.do_blocks
            .iter()
            .map(|d| &d.sql)
            .eq(before.do_blocks.iter().map(|d| &d.sql))
        && current.enums == desired.enums
        && current.functions == desired.functions
        && current.extensions == desired.extensions
        && p.others.is_empty()
        && p.views.iter().all(|(name, v)| {
            before.views.get(name).is_some_and(|w| w.sql == v.sql)
                && desired.views.contains_key(name)
                && v.mentions
                    .iter()
                    .all(|m| current.tables.get(m) == desired.tables.get(m))
        })
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
    // Grantees too: a replayed file grants to them.
    if !schema.pending.replay.is_empty() {
        for acl in schema
            .privileges
            .objects
            .values()
            .chain(schema.privileges.defaults.values())
        {
            roles.extend(acl.keys().map(String::as_str));
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
/// columns and primary key (a query may group by it), without what does
/// not change how a query reads them (other constraints, defaults,
/// identity, generation, indexes, triggers, policies, comments), which
/// also keeps the load fast. `subset: false`: the whole desired state.
fn needed(schema: &Schema, subset: bool) -> Schema {
    let mut s = Schema {
        schemas: schema.schemas.clone(),
        extensions: schema.extensions.clone(),
        enums: schema.enums.clone(),
        domains: schema.domains.clone(),
        composites: schema.composites.clone(),
        // Functions with SQL-standard bodies run as written, later.
        functions: schema
            .functions
            .iter()
            .filter(|(k, _)| !schema.pending.functions.contains_key(*k))
            .map(|(k, f)| (k.clone(), f.clone()))
            .collect(),
        aggregates: schema.aggregates.clone(),
        collations: schema.collations.clone(),
        ..Schema::default()
    };
    if !subset {
        s.sequences = schema.sequences.clone();
        s.tables = schema.tables.clone();
        s.others = schema.others.clone();
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
    // A table that inherits is made with its parents.
    let parents: Vec<QualName> = mentioned
        .iter()
        .filter_map(|n| schema.tables.get(n))
        .flat_map(|t| schema.ancestors(t))
        .collect();
    mentioned.extend(parents);
    s.tables = mentioned
        .iter()
        .filter_map(|n| schema.tables.get(n).map(|t| (n.clone(), t.clone())))
        .collect();
    for t in s.tables.values_mut() {
        t.constraints
            .retain(|_, c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }));
        t.indexes.clear();
        t.policies.clear();
        t.triggers.clear();
        t.comment = None;
        t.row_security = RowSecurity::default();
        for c in t.columns.values_mut() {
            c.default = None;
            c.comment = None;
            c.identity = None;
            c.identity_options = None;
            c.generated = None;
            c.generated_virtual = false;
            c.not_null_name = None;
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

/// How much of the desired state a load creates for the views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    /// The tables the views mention as views of typed NULLs: cheapest,
    /// and a query prints the same over them (not one that needs a
    /// table's key or system columns: then the next tier).
    Stubs,
    /// Those tables with their columns and primary keys.
    Tables,
    /// Everything.
    Whole,
}

/// `sql` in one round trip; statement by statement only when that fails,
/// to name the failing one (`what` says what it was).
fn run_all(
    tx: &mut postgres::Transaction,
    items: &[(String, String)],
    what: impl Fn(&str, &str) -> String,
) -> Result<(), Error> {
    if items.is_empty() {
        return Ok(());
    }
    let mut batch = tx
        .transaction()
        .map_err(|e| Error::Database(db_error(&e)))?;
    let all: Vec<&str> = items.iter().map(|(_, s)| s.as_str()).collect();
    if batch.batch_execute(&all.join(";\n")).is_ok() {
        return batch.commit().map_err(|e| Error::Database(db_error(&e)));
    }
    drop(batch);
    for (label, sql) in items {
        tx.batch_execute(sql)
            .map_err(|e| Error::Database(format!("{}: {}", what(label, sql), db_error(&e))))?;
    }
    Ok(())
}

/// Runs each of `items` under a savepoint, again and again while some
/// succeed: one that needs another made later runs once it exists. What
/// still fails when nothing more succeeds is the error.
fn run_settling(
    tx: &mut postgres::Transaction,
    items: &[(String, String)],
    what: impl Fn(&str, &str) -> String,
) -> Result<(), Error> {
    let mut left: Vec<&(String, String)> = items.iter().collect();
    while !left.is_empty() {
        let mut failed = Vec::new();
        let mut first = None;
        for item in &left {
            let mut sp = tx
                .transaction()
                .map_err(|e| Error::Database(db_error(&e)))?;
            match sp.batch_execute(&item.1) {
                Ok(()) => sp.commit().map_err(|e| Error::Database(db_error(&e)))?,
                Err(e) => {
                    drop(sp);
                    if first.is_none() {
                        first = Some(format!("{}: {}", what(&item.0, &item.1), db_error(&e)));
                    }
                    failed.push(*item);
                }
            }
        }
        if failed.len() == left.len() {
            return Err(Error::Database(first.unwrap_or_default()));
        }
        left = failed;
    }
    Ok(())
}

/// `file:line:column` as a sort key: file, then line and column as numbers.
fn origin_order(origin: &str) -> (String, usize, usize) {
    let mut parts = origin.rsplitn(3, ':');
    let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
    let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
    (parts.next().unwrap_or(origin).to_string(), line, col)
}

/// A view standing in for table `t`: its columns, typed, and no rows.
fn stub(t: &Table) -> String {
    let cols: Vec<String> = t
        .columns
        .values()
        .map(|c| {
            let collate = c
                .collation
                .as_ref()
                .map(|k| format!(" COLLATE {}", quote_ident(k)))
                .unwrap_or_default();
            format!("NULL::{}{collate} AS {}", c.data_type, quote_ident(&c.name))
        })
        .collect();
    format!(
        "CREATE VIEW {} AS SELECT {} WHERE false",
        t.name,
        cols.join(", ")
    )
}

/// Loads what the views need, then the views in the order their mentions
/// give, then the statements on them.
fn load(tx: &mut postgres::Transaction, schema: &Schema, tier: Tier) -> Result<(), Error> {
    let mut base = needed(schema, tier != Tier::Whole);
    let stubs: Vec<(String, String)> = if tier == Tier::Stubs {
        std::mem::take(&mut base.tables)
            .values()
            .map(|t| (t.name.to_string(), stub(t)))
            .collect()
    } else {
        vec![]
    };
    let plan = schemadiff_differ::diff_with(
        &Schema::default(),
        &base,
        schemadiff_differ::Options { online: false },
    )?;
    // Functions whose signature names a stand-in's row type come after
    // the stand-ins, those naming a view's after the views; everything
    // else in the plan's order.
    let stubbed: BTreeSet<QualName> = if tier == Tier::Stubs {
        needed(schema, true).tables.into_keys().collect()
    } else {
        BTreeSet::new()
    };
    let names = |f: &Function, set: &dyn Fn(&QualName) -> bool| {
        mentions_in(&f.arguments)
            .into_iter()
            .chain(mentions_in(&f.result))
            .any(|m| set(&m))
    };
    let group = |s: &schemadiff_differ::Step| -> u8 {
        let f = match &s.change {
            schemadiff_differ::Change::CreateFunction { function, .. } => Some(function),
            schemadiff_differ::Change::Comment {
                target: schemadiff_differ::CommentTarget::Function { key, .. },
                ..
            } => schema.functions.get(key),
            _ => None,
        };
        match f {
            Some(f) if names(f, &|m| schema.pending.views.contains_key(m)) => 2,
            Some(f) if names(f, &|m| stubbed.contains(m)) => 1,
            _ => 0,
        }
    };
    let types: Vec<_> = plan.steps.iter().filter(|s| group(s) == 0).collect();
    let functions: Vec<_> = plan.steps.iter().filter(|s| group(s) == 1).collect();
    let late: Vec<_> = plan.steps.iter().filter(|s| group(s) == 2).collect();
    let statements = |steps: Vec<&schemadiff_differ::Step>| -> Vec<(String, String)> {
        steps
            .into_iter()
            .map(|s| (s.object.clone(), schemadiff_emit::statement(s)))
            .collect()
    };
    let in_sql = |_: &str, sql: &str| format!("in: {sql}");
    run_all(tx, &statements(types), in_sql)?;
    run_all(tx, &stubs, in_sql)?;
    run_all(tx, &statements(functions), in_sql)?;
    // In the files' order; a body that calls a function written after it
    // waits for it (the server checks SQL-standard bodies when it makes
    // them).
    let mut standard: Vec<(String, String)> = schema.pending.functions.values().cloned().collect();
    standard.sort_by_key(|(origin, _)| origin_order(origin));
    run_settling(tx, &standard, |origin, _| {
        format!("{origin}: the function could not be created")
    })?;
    let views: Vec<(String, String)> = view_order(&schema.pending.views)
        .into_iter()
        .map(|n| (n.to_string(), schema.pending.views[n].sql.clone()))
        .collect();
    run_all(tx, &views, |name, _| {
        let origin = schema
            .pending
            .views
            .iter()
            .find(|(n, _)| n.to_string() == name)
            .map_or("", |(_, p)| p.origin.as_str());
        format!("{origin}: view {name} could not be created")
    })?;
    run_all(tx, &statements(late), in_sql)?;
    run_all(tx, &schema.pending.after, |origin, _| origin.to_string())?;
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
