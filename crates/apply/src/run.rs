//! Applying a plan: transactions, an advisory lock, timeouts, a drift
//! check, lock retries, and a history row.
//!
//! 1. `lock_timeout` and `statement_timeout` for the session;
//! 2. `pg_advisory_lock` so two applies never interleave (it waits at most
//!    `lock_timeout`), released at the end;
//! 3. introspect and compare the fingerprint with the one the plan was
//!    computed from: a database that changed since is refused;
//! 4. the statements in groups: consecutive transactional statements run in
//!    one transaction (a savepoint each, so a lock timeout retries that step
//!    alone); a statement that cannot run in a transaction (`CREATE INDEX
//!    CONCURRENTLY`) runs on its own;
//! 5. a row in `schemadiff.applies`, committed with the last group.
//!
//! A plan without online steps is one group: any error rolls everything
//! back and the database is as before. With several groups, an error rolls
//! back its own group and says which one failed; the groups before it stay
//! committed (an index left invalid by a failed concurrent build is found
//! and rebuilt by the next plan).

use std::time::{Duration, Instant};

/// The advisory-lock key all schemadiff applies share (the bytes of "schemadi").
pub const LOCK_KEY: i64 = 0x7363_6865_6d61_6469;

/// DDL of the history table, in the bookkeeping schema the introspector skips.
pub const HISTORY_DDL: &str = "CREATE SCHEMA IF NOT EXISTS schemadiff;
CREATE TABLE IF NOT EXISTS schemadiff.applies (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    applied_at timestamp with time zone NOT NULL DEFAULT now(),
    schema_hash text NOT NULL,
    plan_sql text NOT NULL,
    duration_ms double precision NOT NULL,
    tool_version text NOT NULL,
    mode text NOT NULL
)";

#[derive(Debug, Clone)]
pub struct Settings {
    pub lock_timeout: Duration,
    /// `None`: no limit.
    pub statement_timeout: Option<Duration>,
    /// How many times a step that hit `lock_timeout` is tried again (after
    /// [`Settings::backoff`], doubling) before the apply fails.
    pub lock_retries: u32,
    pub backoff: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lock_timeout: Duration::from_secs(5),
            statement_timeout: Some(Duration::from_secs(600)),
            lock_retries: 3,
            backoff: Duration::from_millis(250),
        }
    }
}

/// One statement of a plan, and whether it may run inside a transaction
/// (`CREATE INDEX CONCURRENTLY` may not).
#[derive(Debug, Clone)]
pub struct Statement {
    pub sql: String,
    pub transactional: bool,
    /// Commits on its own (an online step whose lock must not linger).
    pub alone: bool,
    /// Where the desired state defines what it makes (`file:line:column`),
    /// named when the server refuses it.
    pub origin: Option<String>,
}

/// What to apply and what it was computed from.
#[derive(Clone)]
pub struct Job<'a> {
    pub statements: &'a [Statement],
    /// Fingerprint of the database state the statements were planned for.
    pub expected_fingerprint: &'a str,
    /// Hash of the desired-state files, for the history row.
    pub schema_hash: &'a str,
    /// `apply`, `additive-only`, `reset`, `plan-file`.
    pub mode: &'a str,
    pub tool_version: &'a str,
    /// Applied to the schema read before the drift check, as the schema
    /// the plan was made from was (objects left out by `--exclude`).
    pub prepare: &'a dyn Fn(&mut schemadiff_model::Schema),
}

/// Progress, for printing as it happens.
pub enum Event<'a> {
    Locked,
    Start {
        index: usize,
        sql: &'a str,
    },
    /// The step waited `lock_timeout` for a lock; it is tried again after
    /// `wait`.
    Retry {
        index: usize,
        attempt: u32,
        wait: Duration,
    },
    Done {
        index: usize,
        took: Duration,
    },
}

#[derive(Debug)]
pub struct Applied {
    pub durations: Vec<Duration>,
    pub total: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("another schemadiff apply holds the lock on this database (waited {0:?}); try again when it has finished")]
    Busy(Duration),
    #[error("the database changed since the plan was made (fingerprint {found}, plan made for {expected}); make a new plan")]
    Drift {
        expected: String,
        found: String,
        /// The schema the database holds now (as the plan's was read).
        now: Box<schemadiff_model::Schema>,
    },
    #[error("{}statement {number} of {total} failed:\n  {sql}\n{message}", origin.as_ref().map(|o| format!("{o}: ")).unwrap_or_default())]
    Statement {
        number: usize,
        total: usize,
        sql: String,
        message: String,
        /// See [`Statement::origin`].
        origin: Option<String>,
        /// Statements committed before it (earlier groups): what the
        /// failed apply leaves applied.
        committed: usize,
    },
    #[error("{what}: {message}")]
    Db { what: &'static str, message: String },
    #[error("{0}")]
    Introspect(#[from] schemadiff_introspect::IntrospectError),
}

fn db(what: &'static str) -> impl Fn(postgres::Error) -> ApplyError {
    move |e| ApplyError::Db {
        what,
        message: crate::db_message(&e),
    }
}

fn millis(d: Duration) -> u128 {
    d.as_millis()
}

/// Runs `job`; see the module documentation.
pub fn apply(
    client: &mut postgres::Client,
    settings: &Settings,
    job: &Job,
    on_event: &mut dyn FnMut(Event),
) -> Result<Applied, ApplyError> {
    let started = Instant::now();
    // Function bodies are checked when they run, as pg_dump's scripts do:
    // a plan creates functions in an order that need not follow the calls
    // between their bodies.
    client
        .batch_execute(&format!(
            "SET lock_timeout = '{}ms'; SET statement_timeout = '{}ms'; SET check_function_bodies = false",
            millis(settings.lock_timeout),
            settings.statement_timeout.map_or(0, millis)
        ))
        .map_err(db("setting timeouts"))?;
    // A session lock: it spans every group of the plan.
    if let Err(e) = client.execute("SELECT pg_advisory_lock($1)", &[&LOCK_KEY]) {
        if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
            return Err(ApplyError::Busy(settings.lock_timeout));
        }
        return Err(db("taking the advisory lock")(e));
    }
    on_event(Event::Locked);
    let result = run_groups(client, settings, job, on_event, started);
    // Best effort: the session may be gone after an error.
    let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY]);
    let _ = client
        .batch_execute("RESET lock_timeout; RESET statement_timeout; RESET check_function_bodies");
    result
}

/// How a plan runs: ranges of statements that share one transaction
/// (consecutive transactional ones), or one statement on its own (outside
/// any transaction, or `alone`).
pub fn groups(statements: &[Statement]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, s) in statements.iter().enumerate() {
        match out.last_mut() {
            Some(r)
                if s.transactional
                    && !s.alone
                    && statements[r.start].transactional
                    && !statements[r.start].alone =>
            {
                r.end = i + 1
            }
            _ => out.push(i..i + 1),
        }
    }
    out
}

fn check_fingerprint(
    tx: &mut postgres::Transaction<'_>,
    job: &Job,
    settings: &Settings,
) -> Result<(), ApplyError> {
    // statement_timeout is for the plan's statements, not schemadiff's
    // own catalog reads: off for them, back on after.
    tx.batch_execute("SET LOCAL statement_timeout = 0")
        .map_err(db("reading the catalog"))?;
    let mut current = schemadiff_introspect::introspect_in(tx)?.schema;
    (job.prepare)(&mut current);
    tx.batch_execute(&format!(
        "SET LOCAL statement_timeout = '{}ms'",
        settings.statement_timeout.map_or(0, millis)
    ))
    .map_err(db("setting timeouts"))?;
    let found = crate::fingerprint(&current);
    if found != job.expected_fingerprint {
        return Err(ApplyError::Drift {
            expected: job.expected_fingerprint.to_string(),
            found,
            now: Box::new(current),
        });
    }
    Ok(())
}

fn record(
    tx: &mut postgres::Transaction<'_>,
    job: &Job,
    total: Duration,
) -> Result<(), ApplyError> {
    tx.batch_execute(HISTORY_DDL)
        .map_err(db("creating the history table"))?;
    let plan_sql: String = job
        .statements
        .iter()
        .map(|s| format!("{};\n", s.sql))
        .collect();
    tx.execute(
        "INSERT INTO schemadiff.applies (schema_hash, plan_sql, duration_ms, tool_version, mode) \
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &job.schema_hash,
            &plan_sql,
            &(total.as_secs_f64() * 1000.0),
            &job.tool_version,
            &job.mode,
        ],
    )
    .map_err(db("recording the apply"))?;
    Ok(())
}

fn run_groups(
    client: &mut postgres::Client,
    settings: &Settings,
    job: &Job,
    on_event: &mut dyn FnMut(Event),
    started: Instant,
) -> Result<Applied, ApplyError> {
    let groups = groups(job.statements);
    let mut durations = Vec::new();
    let total_groups = groups.len();
    let group_note = |g: usize| {
        if total_groups > 1 {
            format!(
                " (group {} of {total_groups}{})",
                g + 1,
                if g > 0 {
                    "; the groups before it were committed"
                } else {
                    ""
                }
            )
        } else {
            String::new()
        }
    };
    if groups
        .first()
        .is_none_or(|r| !job.statements[r.start].transactional)
    {
        let mut tx = client
            .transaction()
            .map_err(db("beginning a transaction"))?;
        check_fingerprint(&mut tx, job, settings)?;
        tx.commit().map_err(db("committing"))?;
    }
    for (g, range) in groups.iter().enumerate() {
        let transactional = job.statements[range.start].transactional;
        if transactional {
            let mut tx = client
                .transaction()
                .map_err(db("beginning a transaction"))?;
            if g == 0 {
                check_fingerprint(&mut tx, job, settings)?;
            }
            for index in range.clone() {
                let took = run_statement(&mut tx, settings, job, index, true, on_event)
                    .map_err(|e| with_group(e, &group_note(g), range.start))?;
                durations.push(took);
            }
            if g + 1 == total_groups {
                record(&mut tx, job, started.elapsed())?;
            }
            tx.commit().map_err(db("committing"))?;
        } else {
            let index = range.start;
            let took = run_statement(client, settings, job, index, false, on_event)
                .map_err(|e| with_group(e, &group_note(g), durations.len()))?;
            durations.push(took);
            if g + 1 == total_groups {
                let mut tx = client
                    .transaction()
                    .map_err(db("beginning a transaction"))?;
                record(&mut tx, job, started.elapsed())?;
                tx.commit().map_err(db("committing"))?;
            }
        }
    }
    if groups.is_empty() {
        let mut tx = client
            .transaction()
            .map_err(db("beginning a transaction"))?;
        record(&mut tx, job, started.elapsed())?;
        tx.commit().map_err(db("committing"))?;
    }
    Ok(Applied {
        durations,
        total: started.elapsed(),
    })
}

fn with_group(e: ApplyError, note: &str, committed: usize) -> ApplyError {
    match e {
        ApplyError::Statement {
            number,
            total,
            sql,
            message,
            origin,
            ..
        } => ApplyError::Statement {
            number,
            total,
            sql,
            message: format!("{message}{note}"),
            origin,
            committed,
        },
        other => other,
    }
}

/// Runs statement `index`, retrying it after a lock timeout. In a
/// transaction each attempt runs under a savepoint, so a timeout undoes the
/// step alone.
fn run_statement<C: postgres::GenericClient>(
    c: &mut C,
    settings: &Settings,
    job: &Job,
    index: usize,
    in_transaction: bool,
    on_event: &mut dyn FnMut(Event),
) -> Result<Duration, ApplyError> {
    let sql = &job.statements[index].sql;
    on_event(Event::Start { index, sql });
    let t = Instant::now();
    let mut attempt = 0;
    loop {
        let outcome = if in_transaction {
            let mut step = c.transaction().map_err(db("taking a savepoint"))?;
            match step.batch_execute(sql) {
                Ok(()) => step.commit().map_err(db("releasing a savepoint")).map(Ok)?,
                Err(e) => {
                    let _ = step.rollback();
                    Err(e)
                }
            }
        } else {
            c.batch_execute(sql)
        };
        match outcome {
            Ok(()) => break,
            Err(e)
                if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE)
                    && attempt < settings.lock_retries =>
            {
                attempt += 1;
                let wait = settings.backoff * 2u32.pow(attempt - 1);
                on_event(Event::Retry {
                    index,
                    attempt,
                    wait,
                });
                std::thread::sleep(wait);
            }
            Err(e) => {
                let mut message = crate::db_message(&e);
                if attempt > 0 {
                    message.push_str(&format!(" (after {} attempts)", attempt + 1));
                }
                return Err(ApplyError::Statement {
                    number: index + 1,
                    total: job.statements.len(),
                    sql: sql.clone(),
                    message,
                    origin: job.statements[index].origin.clone(),
                    committed: 0,
                });
            }
        }
    }
    let took = t.elapsed();
    on_event(Event::Done { index, took });
    Ok(took)
}

/// `5s`, `500ms`, `2m`, `1h`, or a number of seconds; `0` means no limit.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (try 5s, 500ms, 2m)"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{s}` (use ms, s, m or h)"
            ))
        }
    };
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5y").is_err());
    }
}
