//! Running migration files against a database, as Rails' `db:migrate`,
//! `db:rollback`, `db:migrate:redo`, `db:migrate:up` / `down`,
//! `db:migrate:status` and `db:version` do.
//!
//! Applied versions are rows of `schema_migrations(version)` — the table
//! Rails keeps, so an existing Rails database's history is understood —
//! and of `schemadiff.migrations`, with each file's checksum, duration and
//! time. Runs hold the advisory lock `apply` takes, so two never interleave.
//! Each migration runs in its own transaction, recorded in it; a statement
//! marked to run outside a transaction commits on its own.

use crate::files::{class_name, humanize, version_key, Migration, Script, Statement};
use crate::MigrateError;
use std::collections::BTreeMap;
use std::io::Write;
use std::time::{Duration, Instant};

/// Rails' table and schemadiff's own, created when missing.
pub const BOOKKEEPING: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version character varying NOT NULL PRIMARY KEY
);
CREATE SCHEMA IF NOT EXISTS schemadiff;
CREATE TABLE IF NOT EXISTS schemadiff.migrations (
    version text PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    duration_ms double precision NOT NULL,
    applied_at timestamp with time zone NOT NULL DEFAULT now()
)";

/// Which way a migration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// What the database records of one applied version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub version: String,
    /// The checksum of the file(s) when applied (none for a version an
    /// earlier tool, such as Rails, recorded).
    pub checksum: Option<String>,
}

/// One line of `status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub up: bool,
    pub version: String,
    /// `None`: an applied version whose file is gone.
    pub name: Option<String>,
    /// An applied file that changed since it ran.
    pub changed: bool,
}

/// Runs migrations on one connection, printing as Rails does unless quiet.
pub struct Runner<'c> {
    client: &'c mut postgres::Client,
    out: Box<dyn Write + 'c>,
    quiet: bool,
    locked: bool,
    /// Told of each pending migration `migrate` starts (its number, how
    /// many, its name), and with `None` when it has finished.
    progress: Option<Box<OnMigration<'c>>>,
}

/// See [`Runner::with_progress`].
type OnMigration<'c> = dyn FnMut(Option<(usize, usize, &str)>) + 'c;

fn db(what: &str) -> impl Fn(postgres::Error) -> MigrateError + '_ {
    move |e| MigrateError::Database(format!("{what}: {}", schemadiff_apply::db_message(&e)))
}

/// A line of `=` as Rails frames a migration's start and end.
fn banner(text: &str) -> String {
    let head = format!("== {text} ");
    let pad = 79usize.saturating_sub(head.chars().count());
    format!("{head}{}", "=".repeat(pad))
}

impl<'c> Runner<'c> {
    /// A runner printing to `out` (nothing when `quiet`).
    pub fn new(client: &'c mut postgres::Client, out: Box<dyn Write + 'c>, quiet: bool) -> Self {
        Runner {
            client,
            out,
            quiet,
            locked: false,
            progress: None,
        }
    }

    /// Reports each migration `migrate` runs to `f` (a progress line).
    pub fn with_progress(mut self, f: impl FnMut(Option<(usize, usize, &str)>) + 'c) -> Self {
        self.progress = Some(Box::new(f));
        self
    }

    fn say(&mut self, line: &str) {
        if !self.quiet {
            let _ = writeln!(self.out, "{line}");
        }
    }

    /// Creates the bookkeeping tables if missing and takes the advisory
    /// lock (waiting at most `lock_timeout`).
    pub fn begin(&mut self, lock_timeout: Duration) -> Result<(), MigrateError> {
        self.client
            .batch_execute(&format!(
                "SET lock_timeout = '{}ms'; SET client_min_messages = warning",
                lock_timeout.as_millis()
            ))
            .map_err(db("settings"))?;
        if let Err(e) = self.client.execute(
            "SELECT pg_advisory_lock($1)",
            &[&schemadiff_apply::run::LOCK_KEY],
        ) {
            if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
                return Err(MigrateError::Busy(lock_timeout));
            }
            return Err(db("taking the advisory lock")(e));
        }
        self.locked = true;
        self.refuse_foreign_history()?;
        self.client
            .batch_execute(BOOKKEEPING)
            .map_err(db("creating schema_migrations"))?;
        Ok(())
    }

    /// golang-migrate keeps a `schema_migrations` too, but as one row (the
    /// latest version and a `dirty` flag), not one row per applied version:
    /// reading it as Rails' would take every older file for pending.
    fn refuse_foreign_history(&mut self) -> Result<(), MigrateError> {
        let rows = self
            .client
            .query(
                "SELECT a.attname::text FROM pg_attribute a \
                 WHERE a.attrelid = to_regclass('schema_migrations') AND a.attnum > 0 \
                 AND NOT a.attisdropped AND a.attname = 'dirty'",
                &[],
            )
            .map_err(db("reading schema_migrations"))?;
        if rows.is_empty() {
            return Ok(());
        }
        let latest = self
            .client
            .query("SELECT version::text, dirty FROM schema_migrations", &[])
            .map_err(db("reading schema_migrations"))?;
        let state = match latest.first() {
            Some(r) if r.get::<_, bool>(1) => {
                format!("at version {}, dirty", r.get::<_, String>(0))
            }
            Some(r) => format!("at version {}", r.get::<_, String>(0)),
            None => "empty".to_string(),
        };
        Err(MigrateError::Input(format!(
            "this database's schema_migrations was written by golang-migrate ({state}): it holds \
             the latest version only, where schemadiff and Rails keep one row per applied \
             version, so schemadiff cannot tell which files ran. Keep running these files with \
             golang-migrate, or move its table aside (ALTER TABLE schema_migrations RENAME TO \
             golang_migrate_history), run `schemadiff status` to create schemadiff's, and \
             insert the versions that ran: INSERT INTO schema_migrations (version) VALUES ('…')"
        )))
    }

    /// The applied versions, in version order.
    pub fn applied(&mut self) -> Result<Vec<Applied>, MigrateError> {
        let rows = self
            .client
            .query(
                "SELECT s.version::text, m.checksum FROM schema_migrations s \
                 LEFT JOIN schemadiff.migrations m ON m.version = s.version",
                &[],
            )
            .map_err(db("reading schema_migrations"))?;
        let mut applied: Vec<Applied> = rows
            .iter()
            .map(|r| Applied {
                version: r.get(0),
                checksum: r.get(1),
            })
            .collect();
        applied.sort_by_key(|a| version_key(&a.version));
        Ok(applied)
    }

    /// The database's name, for `status`.
    pub fn database_name(&mut self) -> Result<String, MigrateError> {
        Ok(self
            .client
            .query_one("SELECT current_database()::text", &[])
            .map_err(db("current_database"))?
            .get(0))
    }

    /// The newest applied version (`db:version`), if any.
    pub fn version(&mut self) -> Result<Option<String>, MigrateError> {
        Ok(self.applied()?.pop().map(|a| a.version))
    }

    /// Runs every pending migration up to `to` (inclusive) in version
    /// order — older ones another branch brought included. Returns how many
    /// ran.
    pub fn migrate(
        &mut self,
        migrations: &[Migration],
        to: Option<&str>,
    ) -> Result<usize, MigrateError> {
        if let Some(to) = to {
            find(migrations, to)?;
        }
        let applied = self.applied()?;
        let pending: Vec<&Migration> = migrations
            .iter()
            .take_while(|m| to.is_none_or(|to| version_key(&m.version) <= version_key(to)))
            .filter(|m| !applied.iter().any(|a| a.version == m.version))
            .collect();
        for (i, m) in pending.iter().enumerate() {
            let label = format!("{} {}", m.version, m.class_name());
            if let Some(p) = self.progress.as_mut() {
                p(Some((i, pending.len(), &label)));
            }
            let r = self.run(m, Direction::Up);
            if let Some(p) = self.progress.as_mut() {
                p(None);
            }
            r?;
        }
        Ok(pending.len())
    }

    /// Runs the down scripts of the newest `steps` applied migrations
    /// (`db:rollback STEP=n`). Returns the versions reverted.
    pub fn rollback(
        &mut self,
        migrations: &[Migration],
        steps: usize,
    ) -> Result<Vec<String>, MigrateError> {
        let applied = self.applied()?;
        let mut done = Vec::new();
        for a in applied.iter().rev().take(steps) {
            let m = find(migrations, &a.version).map_err(|_| {
                MigrateError::Input(format!(
                    "version {} is applied but its file is missing, so it cannot be rolled back",
                    a.version
                ))
            })?;
            self.run(m, Direction::Down)?;
            done.push(a.version.clone());
        }
        Ok(done)
    }

    /// `db:migrate:redo STEP=n`: rolls back `steps`, then runs them again.
    pub fn redo(&mut self, migrations: &[Migration], steps: usize) -> Result<(), MigrateError> {
        let reverted = self.rollback(migrations, steps)?;
        for v in reverted.iter().rev() {
            self.run(find(migrations, v)?, Direction::Up)?;
        }
        Ok(())
    }

    /// `db:migrate:up VERSION=…` / `down`: one migration, if not already so.
    pub fn one(
        &mut self,
        migrations: &[Migration],
        version: &str,
        direction: Direction,
    ) -> Result<bool, MigrateError> {
        let m = find(migrations, version)?;
        let is_applied = self.applied()?.iter().any(|a| a.version == version);
        if is_applied == (direction == Direction::Up) {
            return Ok(false);
        }
        self.run(m, direction)?;
        Ok(true)
    }

    /// `db:migrate:status`: every file and every applied version.
    pub fn status(&mut self, migrations: &[Migration]) -> Result<Vec<StatusRow>, MigrateError> {
        let applied = self.applied()?;
        let mut rows: BTreeMap<(Vec<(usize, String)>, String), StatusRow> = BTreeMap::new();
        for m in migrations {
            let a = applied.iter().find(|a| a.version == m.version);
            rows.insert(
                (version_key(&m.version), m.version.clone()),
                StatusRow {
                    up: a.is_some(),
                    version: m.version.clone(),
                    name: Some(m.name.clone()),
                    changed: a
                        .and_then(|a| a.checksum.as_ref())
                        .is_some_and(|c| *c != m.checksum),
                },
            );
        }
        for a in applied {
            rows.entry((version_key(&a.version), a.version.clone()))
                .or_insert(StatusRow {
                    up: true,
                    version: a.version.clone(),
                    name: None,
                    changed: false,
                });
        }
        Ok(rows.into_values().collect())
    }

    /// Records every migration as applied without running it: the schema
    /// was built from the desired state (`setup`).
    pub fn record_applied(&mut self, migrations: &[Migration]) -> Result<(), MigrateError> {
        let mut tx = self.client.transaction().map_err(db("begin"))?;
        for m in migrations {
            record(&mut tx, m, Direction::Up, Duration::ZERO)?;
        }
        tx.commit().map_err(db("commit"))
    }

    /// Runs a seeds file: its transactional statements in one transaction,
    /// the others on their own.
    pub fn seed(
        &mut self,
        path: &std::path::Path,
        statements: &[Statement],
    ) -> Result<(), MigrateError> {
        let script = Script {
            path: path.to_path_buf(),
            statements: statements.to_vec(),
        };
        self.say(&banner(&format!("Seeds {}: loading", path.display())));
        let start = Instant::now();
        for range in groups(&script.statements) {
            let part = &script.statements[range];
            if part.iter().all(|s| s.transactional) {
                let mut tx = self.client.transaction().map_err(db("begin"))?;
                for s in part {
                    if !self.quiet {
                        let _ = writeln!(self.out, "-- {}", summary(&s.sql));
                    }
                    tx.batch_execute(&s.sql)
                        .map_err(|e| statement_error(&script, s, &e))?;
                }
                tx.commit().map_err(db("commit"))?;
            } else {
                for s in part {
                    self.statement(&script, s)?;
                }
            }
        }
        self.say(&banner(&format!(
            "Seeds {}: loaded ({:.4}s)",
            path.display(),
            start.elapsed().as_secs_f64()
        )));
        Ok(())
    }

    /// Runs one migration one way, recording it in the same transaction as
    /// its last statements.
    fn run(&mut self, m: &Migration, direction: Direction) -> Result<Duration, MigrateError> {
        let script: &Script = match direction {
            Direction::Up => &m.up,
            Direction::Down => m.down.as_ref().ok_or_else(|| {
                MigrateError::Input(format!(
                    "migration {} ({}) has no down file, so it cannot be rolled back",
                    m.version, m.name
                ))
            })?,
        };
        let (doing, done) = match direction {
            Direction::Up => ("migrating", "migrated"),
            Direction::Down => ("reverting", "reverted"),
        };
        let title = format!("{} {}", m.version, class_name(&m.name));
        self.say(&banner(&format!("{title}: {doing}")));
        let start = Instant::now();
        let groups = groups(&script.statements);
        let last = groups.len().saturating_sub(1);
        let mut committed = 0;
        for (g, range) in groups.iter().enumerate() {
            let statements = &script.statements[range.clone()];
            let record = g == last && statements.iter().all(|s| s.transactional);
            let result = if statements.iter().all(|s| s.transactional) {
                self.group_in_transaction(m, script, statements, record.then_some(direction), start)
            } else {
                statements
                    .iter()
                    .try_for_each(|s| self.statement(script, s))
            };
            if let Err(e) = result {
                let kept = if committed > 0 {
                    format!(
                        "; the {committed} statement(s) before it ran outside a transaction or committed on their own and stay applied, \
                         and version {} is not recorded",
                        m.version
                    )
                } else {
                    format!(
                        "; nothing of migration {} was kept and it is not recorded",
                        m.version
                    )
                };
                return Err(MigrateError::Failed(format!("{e}{kept}")));
            }
            committed += statements.len();
        }
        // Nothing transactional came last: the record commits on its own.
        if groups.is_empty()
            || !script.statements[groups[last].clone()]
                .iter()
                .all(|s| s.transactional)
        {
            let mut tx = self.client.transaction().map_err(db("begin"))?;
            record(&mut tx, m, direction, start.elapsed())?;
            tx.commit().map_err(db("commit"))?;
        }
        let took = start.elapsed();
        self.say(&banner(&format!(
            "{title}: {done} ({:.4}s)",
            took.as_secs_f64()
        )));
        self.say("");
        Ok(took)
    }

    fn group_in_transaction(
        &mut self,
        m: &Migration,
        script: &Script,
        statements: &[Statement],
        record_as: Option<Direction>,
        start: Instant,
    ) -> Result<(), MigrateError> {
        let mut tx = self.client.transaction().map_err(db("begin"))?;
        for s in statements {
            if !self.quiet {
                let _ = writeln!(self.out, "-- {}", summary(&s.sql));
            }
            let t = Instant::now();
            tx.batch_execute(&s.sql)
                .map_err(|e| statement_error(script, s, &e))?;
            if !self.quiet {
                let _ = writeln!(self.out, "   -> {:.4}s", t.elapsed().as_secs_f64());
            }
        }
        if let Some(d) = record_as {
            record(&mut tx, m, d, start.elapsed())?;
        }
        tx.commit().map_err(db("commit"))?;
        Ok(())
    }

    /// A statement outside any transaction: it commits on its own.
    fn statement(&mut self, script: &Script, s: &Statement) -> Result<(), MigrateError> {
        self.say(&format!("-- {}", summary(&s.sql)));
        let t = Instant::now();
        self.client
            .batch_execute(&s.sql)
            .map_err(|e| statement_error(script, s, &e))?;
        self.say(&format!("   -> {:.4}s", t.elapsed().as_secs_f64()));
        Ok(())
    }
}

impl Drop for Runner<'_> {
    fn drop(&mut self) {
        if self.locked {
            let _ = self.client.execute(
                "SELECT pg_advisory_unlock($1)",
                &[&schemadiff_apply::run::LOCK_KEY],
            );
        }
    }
}

/// Runs of consecutive transactional statements, and each other statement
/// on its own.
fn groups(statements: &[Statement]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, s) in statements.iter().enumerate() {
        match out.last_mut() {
            Some(r) if s.transactional && statements[r.start].transactional => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

fn record(
    tx: &mut postgres::Transaction<'_>,
    m: &Migration,
    direction: Direction,
    took: Duration,
) -> Result<(), MigrateError> {
    match direction {
        Direction::Up => {
            tx.execute(
                "INSERT INTO schema_migrations (version) VALUES ($1) ON CONFLICT DO NOTHING",
                &[&m.version],
            )
            .map_err(db("recording the version"))?;
            tx.execute(
                "INSERT INTO schemadiff.migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (version) DO UPDATE SET name = $2, checksum = $3, duration_ms = $4, applied_at = now()",
                &[&m.version, &m.name, &m.checksum, &(took.as_secs_f64() * 1000.0)],
            )
            .map_err(db("recording the version"))?;
        }
        Direction::Down => {
            tx.execute(
                "DELETE FROM schema_migrations WHERE version = $1",
                &[&m.version],
            )
            .map_err(db("removing the version"))?;
            tx.execute(
                "DELETE FROM schemadiff.migrations WHERE version = $1",
                &[&m.version],
            )
            .map_err(db("removing the version"))?;
        }
    }
    Ok(())
}

/// The first line of a statement, shortened, as Rails prints each step.
fn summary(sql: &str) -> String {
    let line = sql.lines().next().unwrap_or_default().trim();
    if line.chars().count() > 72 {
        format!("{}…", line.chars().take(71).collect::<String>())
    } else {
        line.to_string()
    }
}

fn statement_error(script: &Script, s: &Statement, e: &postgres::Error) -> MigrateError {
    MigrateError::Statement(format!(
        "{}:{}: this statement failed:\n  {}\n{}",
        script.path.display(),
        s.line,
        s.sql.replace('\n', "\n  "),
        schemadiff_apply::db_message(e)
    ))
}

fn find<'m>(migrations: &'m [Migration], version: &str) -> Result<&'m Migration, MigrateError> {
    migrations
        .iter()
        .find(|m| m.version == version)
        .ok_or_else(|| MigrateError::Input(format!("no migration file has version {version}")))
}

/// `status` as `db:migrate:status` prints it.
pub fn format_status(database: &str, rows: &[StatusRow]) -> String {
    let mut s = format!(
        "\ndatabase: {database}\n\n Status   Migration ID    Migration Name\n{}\n",
        "-".repeat(50)
    );
    for r in rows {
        let name = match &r.name {
            Some(n) => humanize(n),
            None => "********** NO FILE **********".to_string(),
        };
        let changed = if r.changed {
            "  (changed since it was applied)"
        } else {
            ""
        };
        s.push_str(&format!(
            "{:>6}     {:<14}  {name}{changed}\n",
            if r.up { "up" } else { "down" },
            r.version
        ));
    }
    s
}
