//! The versioned workflow's planning half: `generate` writes timestamped
//! migration files from the difference between what the existing files
//! build and the desired state, with the way back; `check` fails when the
//! files do not build exactly the desired state.
//!
//! Both replay the files into a database of their own, created on the
//! scratch server (the development cluster, or the server of
//! `--dev-database`) and dropped afterwards, then introspect it: the
//! current side is what PostgreSQL built, never a guess. `generate` also
//! runs its up and down steps there before writing them, and writes a down
//! file that raises (as Rails' `ActiveRecord::IrreversibleMigration`) when
//! the way back cannot restore what the way up loses.

use crate::live::{plan_live, Mode};
use crate::{Changes, Error};
use schemadiff_differ::Step;
use schemadiff_migrate::files::{self, Layout, Migration, NO_TRANSACTION};
use schemadiff_model::Schema;
use std::path::{Path, PathBuf};

/// A database that lives for one replay on the scratch server.
pub struct ReplayDb {
    admin: postgres::Client,
    name: String,
    config: schemadiff_apply::tls::Target,
    client: Option<postgres::Client>,
    /// Left out of what [`ReplayDb::introspect`] reads.
    exclude: crate::exclude::Exclude,
}

impl ReplayDb {
    /// Creates an empty database next to `server_url`'s.
    pub fn create(server_url: &str) -> Result<ReplayDb, Error> {
        let label = schemadiff_apply::url::redact(server_url);
        let mut admin = schemadiff_apply::url::connect(server_url)
            .map_err(|e| Error::Database(format!("scratch server: {e}")))?;
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let name = format!(
            "schemadiff_replay_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        admin
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
            .map_err(|e| {
                Error::Database(format!(
                    "the migration files are replayed into a database of their own, and the server of {label} \
                     would not create one ({}); give a scratch server where this role may CREATE DATABASE \
                     with --dev-database, or leave it out to use the local development cluster",
                    schemadiff_apply::db_message(&e)
                ))
            })?;
        let mut config = schemadiff_apply::tls::Target::parse(server_url)
            .map_err(|e| Error::Input(format!("--dev-database: {e}")))?;
        config.config.dbname(&name);
        let mut db = ReplayDb {
            admin,
            name,
            config,
            client: None,
            exclude: Default::default(),
        };
        db.client = Some(db.connect()?);
        Ok(db)
    }

    fn connect(&self) -> Result<postgres::Client, Error> {
        self.config
            .connect()
            .map_err(|e| Error::Database(format!("replay database: {}", e.message)))
    }

    pub fn client(&mut self) -> &mut postgres::Client {
        self.client.as_mut().expect("connected until dropped")
    }

    /// The schema the replay database holds.
    pub fn introspect(&mut self) -> Result<Schema, Error> {
        let helper = self.connect().ok();
        let mut schema = schemadiff_introspect::introspect_with(self.client(), helper)
            .map(|i| i.schema)
            .map_err(|e| Error::Database(format!("replay database: {e}")))?;
        self.exclude.apply(&mut schema);
        Ok(schema)
    }

    /// Runs every migration of `dir`'s files up, quietly.
    pub fn replay(&mut self, migrations: &[Migration]) -> Result<(), Error> {
        let mut runner =
            schemadiff_migrate::Runner::new(self.client(), Box::new(std::io::sink()), true);
        runner
            .begin(std::time::Duration::from_secs(5))
            .and_then(|()| runner.migrate(migrations, None))
            .map(|_| ())
            .map_err(|e| Error::Database(format!("replaying the migration files: {e}")))
    }
}

impl Drop for ReplayDb {
    fn drop(&mut self) {
        drop(self.client.take());
        let _ = self.admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

/// What `generate` wrote.
#[derive(Debug)]
pub enum Generated {
    /// The files already build the desired state.
    Nothing,
    Written {
        version: String,
        files: Vec<PathBuf>,
        steps: usize,
        /// Why the down file raises, if it does.
        irreversible: Vec<String>,
    },
}

pub struct GenerateOptions<'a> {
    pub name: &'a str,
    pub schema: &'a [PathBuf],
    pub dir: &'a Path,
    pub layout: Layout,
    pub empty: bool,
    pub online: bool,
    /// Accept a desired state with no objects (it drops everything).
    pub allow_empty: bool,
    /// Seconds since the epoch: the version's time.
    pub now: u64,
    /// Objects left alone on both sides.
    pub exclude: &'a crate::exclude::Exclude,
}

/// One direction of a generated migration: its statements and what a
/// reviewer should know of each.
struct Direction {
    steps: Vec<(String, bool, String)>,
}

impl Direction {
    fn of(changes: &Changes) -> Direction {
        Direction {
            steps: changes
                .plan
                .steps
                .iter()
                .map(|s| {
                    (
                        schemadiff_emit::statement(s),
                        s.transactional(),
                        describe(s),
                    )
                })
                .collect(),
        }
    }
}

/// `create table public.tags`, with its hazards.
fn describe(s: &Step) -> String {
    let mut hazards: Vec<&str> = s.hazards.iter().map(|h| h.as_str()).collect();
    if s.destructive() && !hazards.contains(&"data_loss") {
        hazards.push("data_loss");
    }
    let action = format!("{:?}", s.action).to_lowercase();
    if hazards.is_empty() {
        format!("{action} {} {}", s.object_kind, s.object)
    } else {
        format!(
            "{action} {} {}  [hazards: {}]",
            s.object_kind,
            s.object,
            hazards.join(", ")
        )
    }
}

/// `generate NAME`: the files, or nothing when the files already build the
/// desired state. `scratch_url` is the scratch server's database to
/// connect to (it is not changed).
pub fn generate(opts: &GenerateOptions, scratch_url: &str) -> Result<Generated, Error> {
    let name = files::snake_case(opts.name).map_err(|e| Error::Input(e.to_string()))?;
    let existing = files::read_dir(opts.dir).map_err(|e| Error::Input(e.to_string()))?;
    let taken: Vec<&str> = existing.iter().map(|m| m.version.as_str()).collect();
    let version = files::free_version(opts.now, &taken);
    if opts.empty {
        let up = Direction { steps: vec![] };
        let down = Direction { steps: vec![] };
        let files = write(opts, &version, &name, &up, &down, &[], true)?;
        return Ok(Generated::Written {
            version,
            files,
            steps: 0,
            irreversible: vec![],
        });
    }
    let (mut db, current, desired) = replayed(
        opts.schema,
        &existing,
        scratch_url,
        opts.allow_empty,
        opts.exclude,
    )?;
    let options = schemadiff_differ::Options {
        online: opts.online,
    };
    let up = plan_live(&current, &desired, Mode::Converge, options)?.changes;
    if up.is_empty() {
        return Ok(Generated::Nothing);
    }
    // dbmate, golang-migrate and sqlx send a file as one query, which
    // PostgreSQL runs as one transaction block, and Flyway refuses a file
    // that mixes: there, each statement that must run outside a transaction
    // is a migration of its own (`name_part2`, …), its way back plain DDL.
    let parts = if opts.layout == Layout::Rails {
        vec![up.clone()]
    } else {
        parts(&up)
    };
    let split = parts.len() > 1;
    let down_options = if split {
        schemadiff_differ::Options { online: false }
    } else {
        options
    };
    let mut taken: Vec<String> = existing.iter().map(|m| m.version.clone()).collect();
    let mut state = current;
    let mut written = Vec::new();
    let mut first_version = None;
    let mut all_irreversible = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let version = {
            let t: Vec<&str> = taken.iter().map(String::as_str).collect();
            files::free_version(opts.now + i as u64, &t)
        };
        taken.push(version.clone());
        first_version.get_or_insert_with(|| version.clone());
        let part_name = if split {
            format!("{name}_part{}", i + 1)
        } else {
            name.clone()
        };
        let (down, irreversible, after) = way_back(&mut db, part, &state, down_options)?;
        written.extend(write(
            opts,
            &version,
            &part_name,
            &Direction::of(part),
            &Direction::of(&down),
            &irreversible,
            false,
        )?);
        all_irreversible.extend(irreversible);
        state = after;
    }
    Ok(Generated::Written {
        version: first_version.unwrap_or_default(),
        files: written,
        steps: up.plan.steps.len(),
        irreversible: all_irreversible,
    })
}

/// The plan cut where a tool that runs a file as one query needs it cut:
/// consecutive statements that share a transaction together, each other
/// statement alone. One part when nothing needs cutting.
fn parts(changes: &Changes) -> Vec<Changes> {
    let steps = &changes.plan.steps;
    let mut out: Vec<Vec<schemadiff_differ::Step>> = Vec::new();
    for s in steps {
        match out.last_mut() {
            Some(part) if s.transactional() && part.iter().all(|p| p.transactional()) => {
                part.push(s.clone())
            }
            _ => out.push(vec![s.clone()]),
        }
    }
    out.into_iter()
        .map(|steps| Changes {
            plan: schemadiff_differ::Plan { steps },
        })
        .collect()
}

/// Runs `up` on the replay (which holds `before`), plans the way back and
/// proves it there: run, compared with `before`, then forward again. The
/// way back, why it cannot be (then the down file raises), and the schema
/// after `up`, where the replay is left.
fn way_back(
    db: &mut ReplayDb,
    up: &Changes,
    before: &Schema,
    options: schemadiff_differ::Options,
) -> Result<(Changes, Vec<String>, Schema), Error> {
    run_steps(db.client(), up).map_err(|e| {
        Error::Database(format!(
            "the generated up steps fail on what the files build, so nothing was written: {e}"
        ))
    })?;
    let after = db.introspect()?;
    let mut irreversible: Vec<String> = up
        .plan
        .steps
        .iter()
        .filter(|s| s.destructive())
        .map(|s| {
            format!(
                "the up migration runs `{}`, and what it removes cannot be brought back",
                describe(s)
            )
        })
        .collect();
    let down = match plan_live(&after, before, Mode::Converge, options) {
        Ok(d) => d.changes,
        Err(e) => {
            irreversible.push(format!("the way back cannot be planned: {e}"));
            return Ok((Changes::default(), irreversible, after));
        }
    };
    if !irreversible.is_empty() {
        return Ok((down, irreversible, after));
    }
    match run_steps(db.client(), &down) {
        Err(e) => irreversible.push(format!("the way back fails: {e}")),
        Ok(()) => {
            let back = db.introspect()?;
            let left = plan_live(&back, before, Mode::Converge, options)?.changes;
            if !left.is_empty() {
                irreversible.push(format!(
                    "the way back does not return to the previous schema exactly; what differs:\n{}",
                    left.sql()
                ));
            }
        }
    }
    // Forward again from wherever the way back stopped, for what follows.
    let back = db.introspect()?;
    let again = plan_live(&back, &after, Mode::Converge, options)?.changes;
    run_steps(db.client(), &again).map_err(|e| {
        Error::Database(format!(
            "running the up steps again after their way back: {e}"
        ))
    })?;
    Ok((down, irreversible, after))
}

/// The desired state (`schema`), and what replaying `existing` builds in a
/// database of its own: the desired views are printed there while it is
/// still empty, and its expressions judged against what the files built.
fn replayed(
    schema: &[PathBuf],
    existing: &[Migration],
    scratch_url: &str,
    allow_empty: bool,
    exclude: &crate::exclude::Exclude,
) -> Result<(ReplayDb, Schema, Schema), Error> {
    let mut desired = schemadiff_parser::parse_paths(schema)?;
    exclude.apply(&mut desired);
    crate::refuse_empty(&desired, schema, allow_empty)?;
    let mut db = ReplayDb::create(scratch_url)?;
    db.exclude = exclude.clone();
    let label = format!("replay database {}", db.name);
    crate::scratch::resolve_on(&mut desired, db.client(), &label)?;
    db.replay(existing)?;
    let current = db.introspect()?;
    schemadiff_introspect::reconcile::reconcile(db.client(), &current, &mut desired)
        .map_err(|e| Error::Database(schemadiff_apply::db_message(&e)))?;
    Ok((db, current, desired))
}

/// Runs a plan's statements as `migrate` would: consecutive transactional
/// ones in one transaction, the others alone.
fn run_steps(client: &mut postgres::Client, changes: &Changes) -> Result<(), String> {
    let fail =
        |sql: &str, e: postgres::Error| format!("{sql}: {}", schemadiff_apply::db_message(&e));
    let statements = changes.statements();
    for range in schemadiff_apply::run::groups(&statements) {
        let group = &statements[range];
        if group[0].transactional {
            let mut tx = client.transaction().map_err(|e| fail("BEGIN", e))?;
            for s in group {
                tx.batch_execute(&s.sql).map_err(|e| fail(&s.sql, e))?;
            }
            tx.commit().map_err(|e| fail("COMMIT", e))?;
        } else {
            client
                .batch_execute(&group[0].sql)
                .map_err(|e| fail(&group[0].sql, e))?;
        }
    }
    Ok(())
}

/// The header every generated file opens with.
fn header(file: &str, class: &str, version: &str, direction: &str, steps: &Direction) -> String {
    let mut h = format!(
        "-- {file}\n-- {class} (version {version}), {direction}: written by schemadiff {} from the desired state.\n",
        env!("CARGO_PKG_VERSION")
    );
    if steps.steps.is_empty() {
        h.push_str("-- No steps.\n");
    } else {
        h.push_str("-- Steps:\n");
        for (i, (_, _, what)) in steps.steps.iter().enumerate() {
            h.push_str(&format!("--   {}. {what}\n", i + 1));
        }
    }
    h
}

/// The statements of a direction, each step's under its number and
/// description, a statement that must run outside a transaction after the
/// marker line.
fn body(steps: &Direction) -> String {
    let mut b = String::new();
    for (i, (sql, transactional, what)) in steps.steps.iter().enumerate() {
        // The step again where its SQL is, hazards and all (a step may be
        // several statements: an enum rebuilt, say).
        b.push_str(&format!("\n-- {}. {what}\n", i + 1));
        if !transactional {
            b.push_str(NO_TRANSACTION);
            b.push('\n');
        }
        b.push_str(sql);
        if !sql.trim_end().ends_with(';') {
            b.push(';');
        }
        b.push('\n');
    }
    b
}

/// A down script that refuses to run, saying why, with the steps back as
/// comments for a person who restores the data by hand.
fn irreversible_body(version: &str, name: &str, why: &[String], down: &Direction) -> String {
    let mut b = String::from("\n-- Irreversible:\n");
    for reason in why {
        for line in reason.lines() {
            b.push_str(&format!("--   {line}\n"));
        }
    }
    let message = format!(
        "irreversible migration {version} ({name}): {}",
        why.join("; ")
    )
    .replace('\'', "''")
    .replace("$schemadiff$", "");
    b.push_str(&format!(
        "DO $schemadiff$ BEGIN RAISE EXCEPTION '%', '{message}'; END $schemadiff$;\n"
    ));
    if !down.steps.is_empty() {
        b.push_str("\n-- The schema change back, for a person who restores the data by hand:\n");
        for (sql, _, _) in &down.steps {
            for line in sql.lines() {
                b.push_str(&format!("-- {line}\n"));
            }
        }
    }
    b
}

/// What a person running a file with its layout's own tool must know,
/// as header lines. Flyway runs a file outside a transaction when it
/// detects `CREATE` / `DROP INDEX CONCURRENTLY` (the only statements
/// schemadiff writes that need it), but by default holds its PostgreSQL
/// lock in a transaction, which such a statement waits on; and it replaces
/// `${…}` placeholders in every file unless told not to.
fn tool_notes(layout: Layout, steps: &Direction, body: &str) -> String {
    let mut notes = String::new();
    if layout == Layout::Flyway {
        if steps.steps.iter().any(|(_, t, _)| !t) {
            notes.push_str(
                "-- Flyway runs this file outside a transaction. Set \
                 flyway.postgresql.transactional.lock=false,\n\
                 -- or the CONCURRENTLY statement waits on Flyway's own lock.\n",
            );
        }
        if body.contains("${") {
            notes.push_str(
                "-- This file holds `${`: run Flyway with placeholderReplacement=false, \
                 or it replaces that text as a placeholder.\n",
            );
        }
    }
    notes
}

/// Writes the migration in `opts.layout`; the paths written.
fn write(
    opts: &GenerateOptions,
    version: &str,
    name: &str,
    up: &Direction,
    down: &Direction,
    irreversible: &[String],
    empty: bool,
) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(opts.dir)
        .map_err(|e| Error::Input(format!("{}: {e}", opts.dir.display())))?;
    let class = files::class_name(name);
    let up_body = if empty {
        "\n-- Write the migration's SQL here.\n".to_string()
    } else {
        body(up)
    };
    let down_body = if empty {
        "\n-- Write how to undo it here.\n".to_string()
    } else if irreversible.is_empty() {
        body(down)
    } else {
        irreversible_body(version, name, irreversible, down)
    };
    // sqlx runs a file in a transaction unless its first line says not to.
    let sqlx_mark = |d: &Direction| {
        if opts.layout == Layout::Sqlx && d.steps.iter().any(|(_, t, _)| !t) {
            "-- no-transaction\n"
        } else {
            ""
        }
    };
    let pair = |up_file: String, down_file: String| -> Vec<(String, String)> {
        vec![
            (
                up_file.clone(),
                format!(
                    "{}{}{}{up_body}",
                    sqlx_mark(up),
                    header(&up_file, &class, version, "up", up),
                    tool_notes(opts.layout, up, &up_body)
                ),
            ),
            (
                down_file.clone(),
                format!(
                    "{}{}{}{down_body}",
                    sqlx_mark(down),
                    header(&down_file, &class, version, "down", down),
                    tool_notes(opts.layout, down, &down_body)
                ),
            ),
        ]
    };
    let outputs: Vec<(String, String)> = match opts.layout {
        Layout::Rails | Layout::GolangMigrate | Layout::Sqlx => pair(
            format!("{version}_{name}.up.sql"),
            format!("{version}_{name}.down.sql"),
        ),
        Layout::Flyway => pair(
            format!("V{version}__{name}.sql"),
            format!("U{version}__{name}.sql"),
        ),
        Layout::Dbmate => {
            let file = format!("{version}_{name}.sql");
            let no_tx = |d: &Direction| {
                if d.steps.iter().any(|(_, t, _)| !t) {
                    " transaction:false"
                } else {
                    ""
                }
            };
            let text = format!(
                "{}-- migrate:up{}\n{up_body}\n-- migrate:down{}\n{down_body}",
                header(&file, &class, version, "up and down", up),
                no_tx(up),
                no_tx(down)
            );
            vec![(file, text)]
        }
    };
    let mut written = Vec::new();
    for (file, text) in outputs {
        let path = opts.dir.join(&file);
        if path.exists() {
            return Err(Error::Input(format!(
                "{} exists already; nothing was written",
                path.display()
            )));
        }
        written.push((path, text));
    }
    for (path, text) in &written {
        std::fs::write(path, text).map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
    }
    Ok(written.into_iter().map(|(p, _)| p).collect())
}

/// `check`: the difference between what the files build and the desired
/// state (empty when they agree).
pub fn check(
    schema: &[PathBuf],
    dir: &Path,
    scratch_url: &str,
    exclude: &crate::exclude::Exclude,
) -> Result<Changes, Error> {
    let existing = files::read_dir(dir).map_err(|e| Error::Input(e.to_string()))?;
    let (_db, current, desired) = replayed(schema, &existing, scratch_url, false, exclude)?;
    Ok(plan_live(
        &current,
        &desired,
        Mode::Converge,
        schemadiff_differ::Options { online: false },
    )?
    .changes)
}
