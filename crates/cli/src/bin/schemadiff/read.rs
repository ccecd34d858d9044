//! Opening the database and reading both sides of a plan: the live schema,
//! the desired files, the scratch database that prints views.

use crate::args::OutputFormat;
use schemadiff::live::{self, Database};
use schemadiff::Error;
use std::path::{Path, PathBuf};

/// The database's schema less what `--exclude` / schemadiff.toml leave
/// alone (saying how much that was).
pub(crate) fn introspect(db: &mut Database) -> Result<schemadiff::Schema, Error> {
    let mut schema = db.introspect()?;
    if !schema.unmanaged.is_empty() {
        let all = &schema.unmanaged.0;
        eprintln!(
            "Leaving alone {} object(s) of the database that schemadiff does not model: {}.",
            all.len(),
            all.join(", ")
        );
    }
    let exclude = &crate::settings::get().exclude;
    let left = exclude.apply(&mut schema);
    if left > 0 {
        eprintln!(
            "Leaving alone {left} object(s) of the database that match the exclude patterns ({}).",
            exclude.patterns().join(", ")
        );
    }
    Ok(schema)
}

/// `--database`, DATABASE_URL, schemadiff.toml (see [`crate::settings`]).
pub(crate) fn database_url(flag: Option<String>) -> Option<String> {
    crate::settings::get().database(flag)
}

pub(crate) fn open(flag: Option<String>) -> Result<Database, Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::Input(e.to_string()))?;
    let db = live::connect(database_url(flag).as_deref(), &cwd)?;
    if db.dev {
        eprintln!(
            "Using the local development database {} (cluster under .schemadiff/; `schemadiff dev stop` stops it)",
            db.label
        );
    } else {
        eprintln!("Using database {}", db.label);
    }
    Ok(db)
}

/// The server migration files are replayed on: `--dev-database`,
/// SCHEMADIFF_DEV_DATABASE, schemadiff.toml, or the development cluster
/// (started if need be).
pub(crate) fn scratch_server(dev_database: Option<&str>) -> Result<String, Error> {
    if let Some(url) = crate::settings::get().dev_database(dev_database) {
        return Ok(url);
    }
    let cwd = std::env::current_dir().map_err(|e| Error::Input(e.to_string()))?;
    schemadiff_apply::dev::scratch(&cwd).map_err(|e| {
        Error::Database(format!(
            "migration files are replayed on a scratch server: the local development cluster did not start ({e}); \
             give one with --dev-database URL"
        ))
    })
}

/// The scratch database: `--dev-database`, SCHEMADIFF_DEV_DATABASE,
/// schemadiff.toml, or the development cluster of the working directory.
pub(crate) fn with_scratch<T>(
    dev_database: Option<&str>,
    f: impl FnOnce(schemadiff::scratch::Scratch) -> Result<T, Error>,
) -> Result<T, Error> {
    let url = crate::settings::get().dev_database(dev_database);
    let cwd = std::env::current_dir().map_err(|e| Error::Input(e.to_string()))?;
    f(match url.as_deref() {
        Some(url) => schemadiff::scratch::Scratch::Url(url),
        None => schemadiff::scratch::Scratch::Dev(&cwd),
    })
}

/// What the files held that is not schema (seed rows, psql's own
/// commands), left out: said once per schema read.
fn say_set_aside(schema: &schemadiff::Schema) {
    if let Some(m) = schema.set_aside.message() {
        eprintln!("{m}");
    }
}

/// Lets a scratch database print what only PostgreSQL can (views), and run
/// the DO blocks, saying so; nothing to do for most schemas. Returns the
/// scratch server's major version when it was used.
pub(crate) fn settle(
    schema: &mut schemadiff::Schema,
    dev_database: Option<&str>,
) -> Result<Option<i32>, Error> {
    say_set_aside(schema);
    if schema.pending.is_empty() {
        return Ok(None);
    }
    let r = with_scratch(dev_database, |s| schemadiff::scratch::resolve(schema, s))?;
    if let Some(r) = &r {
        eprintln!("{}", r.message());
    }
    Ok(r.map(|r| r.server_major))
}

/// [`settle`] for both sides of an offline plan.
pub(crate) fn settle_pair(
    current: &mut schemadiff::Schema,
    desired: &mut schemadiff::Schema,
    dev_database: Option<&str>,
) -> Result<(), Error> {
    // Said once where both sides are the same files.
    if current.set_aside.message() != desired.set_aside.message() {
        say_set_aside(current);
    }
    say_set_aside(desired);
    if current.pending.is_empty() && desired.pending.is_empty() {
        return Ok(());
    }
    let p = &desired.pending;
    let what: Vec<String> = [
        (p.views.len(), "view(s)"),
        (p.functions.len(), "function(s) with SQL-standard bodies"),
        (p.do_blocks.len(), "DO block(s)"),
        (
            p.unread.len(),
            "statement(s) this reader cannot model, in the same files",
        ),
        (
            p.others.len(),
            "operator(s), text search object(s), cast(s), rule(s), foreign-data object(s) or range type(s)",
        ),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    let what = if what.is_empty() {
        "statements on views".to_string()
    } else {
        what.join(", ")
    };
    if schemadiff::scratch::same_as_written(current, desired) {
        eprintln!(
            "The {what} and what they read are the same on both sides: compared as written, \
             without a scratch database."
        );
        return Ok(());
    }
    let done = with_scratch(dev_database, |s| {
        schemadiff::scratch::resolve_pair(current, desired, s)
    })?;
    for r in done {
        eprintln!("{}", r.message());
    }
    Ok(())
}

/// Opens the database and reads its schema while another thread parses the
/// desired files (on large schemas the two take about as long), then lets
/// the server judge expressions spelled differently, saying so when it
/// made a difference (the user sees which path was taken). A bad file is
/// reported before any database error.
pub(crate) fn open_and_read(
    database: Option<String>,
    paths: &[PathBuf],
    allow_empty: bool,
    dev_database: Option<&str>,
) -> Result<(Database, schemadiff::Schema, Option<schemadiff::Schema>), Error> {
    // The desired files are parsed (and their views printed by the scratch
    // database) while the database is read.
    let (db, desired) = std::thread::scope(|s| {
        let parsing = (!paths.is_empty()).then(|| {
            s.spawn(|| -> Result<(schemadiff::Schema, Option<i32>), Error> {
                let mut d = schemadiff_parser::parse_paths(paths)?;
                crate::settings::get().exclude.apply(&mut d);
                schemadiff::refuse_empty(&d, paths, allow_empty)?;
                let major = settle(&mut d, dev_database)?;
                Ok((d, major))
            })
        });
        let db = open(database).and_then(|mut db| {
            let current = introspect(&mut db)?;
            Ok((db, current))
        });
        let desired = parsing
            .map(|p| p.join().expect("the parser thread does not panic"))
            .transpose();
        (db, desired)
    });
    let desired = desired?;
    let (mut db, current) = db?;
    let desired = match desired {
        Some((mut d, scratch_major)) => {
            if let Some(scratch) = scratch_major {
                let target = schemadiff::scratch::server_major(&mut db.client)
                    .map_err(|e| Error::Database(schemadiff_apply::db_message(&e)))?;
                if target != scratch {
                    eprintln!(
                        "warning: the scratch database runs PostgreSQL {scratch} and the database {target}; \
                         a view may print differently on each, and plan again after apply. \
                         Give a scratch database on PostgreSQL {target} with --dev-database"
                    );
                }
            }
            let r = db.reconcile(&current, &mut d)?;
            if r.compared > 0 {
                eprintln!(
                    "Compared {} expression(s) spelled differently in the files and the database on the server: {} mean the same and are left alone.",
                    r.compared, r.equal
                );
            }
            Some(d)
        }
        None => None,
    };
    Ok((db, current, desired))
}

/// The plan in `format`; markdown draws the tables that differ between
/// `before` and `after`.
pub(crate) fn render(
    changes: &schemadiff::Changes,
    format: OutputFormat,
    before: &schemadiff::Schema,
    after: &schemadiff::Schema,
) -> String {
    match format {
        OutputFormat::Text => crate::term::paint_plan(&changes.text()),
        OutputFormat::Sql => changes.sql(),
        OutputFormat::Json => changes.json(),
        OutputFormat::Markdown => changes.markdown_with_diagram(before, after),
    }
}

/// `text` to `out`, saying so, or to standard output.
pub(crate) fn output(
    out: Option<&Path>,
    text: &str,
    tables: usize,
) -> Result<std::process::ExitCode, Error> {
    match out {
        Some(path) => {
            write_file(path, text)?;
            eprintln!("Wrote {} ({tables} tables)", path.display());
        }
        None => print!("{text}"),
    }
    Ok(std::process::ExitCode::SUCCESS)
}

pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text).map_err(|e| Error::Input(format!("{}: {e}", path.display())))
}
