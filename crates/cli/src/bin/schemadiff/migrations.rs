//! The versioned workflow's commands: setup / reset and the runner's.

use crate::apply::apply_saved;
use crate::args::{SetupArgs, Target};
use crate::read::{database_url, open, open_and_read};
use schemadiff::live::{self, Mode, SavedPlan};
use schemadiff::Error;
use schemadiff_migrate::runner::Direction;
use std::path::PathBuf;
use std::process::ExitCode;

/// Creates the database `url` names when it does not exist (dropping it
/// first with `recreate`), from the server's `postgres` database.
pub(crate) fn prepare_database(url: &str, recreate: bool) -> Result<(), Error> {
    let label = schemadiff_apply::url::redact(url);
    let target =
        schemadiff_apply::tls::Target::parse(url).map_err(|e| Error::Input(e.to_string()))?;
    let name = target
        .config
        .get_dbname()
        .ok_or_else(|| Error::Input(format!("{label}: the URL names no database")))?
        .to_string();
    let mut admin_target = target.clone();
    admin_target.config.dbname("postgres");
    let mut admin = admin_target.connect().map_err(|e| {
        Error::Database(format!(
            "connecting to the server of {label} to create the database: {}",
            e.message
        ))
    })?;
    let fail = |what: &str, e: postgres::Error| {
        Error::Database(format!(
            "{what} {name}: {}",
            schemadiff_apply::db_message(&e)
        ))
    };
    if recreate {
        admin
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                schemadiff_model::quote_ident(&name)
            ))
            .map_err(|e| fail("dropping", e))?;
        eprintln!("Dropped database {name}");
    }
    let exists = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .map_err(|e| fail("looking for", e))?
        .is_some();
    if !exists {
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {}",
                schemadiff_model::quote_ident(&name)
            ))
            .map_err(|e| fail("creating", e))?;
        eprintln!("Created database {name}");
    }
    Ok(())
}

/// `setup` (and `reset`, which first drops the database).
pub(crate) fn setup(args: &SetupArgs, recreate: bool) -> Result<ExitCode, Error> {
    let url = match database_url(args.database.clone()) {
        Some(url) => url,
        None => {
            let cwd = std::env::current_dir().map_err(|e| Error::Input(e.to_string()))?;
            schemadiff_apply::dev::start(&cwd)
                .map_err(|e| Error::Database(format!("local development database: {e}")))?
                .1
        }
    };
    let cfg = crate::settings::get();
    let schema = cfg.schema(args.schema.clone())?;
    let dir = cfg.migrations_dir(args.dir.clone());
    prepare_database(&url, recreate)?;
    // Read the files before building anything: a bad one changes nothing.
    let files =
        schemadiff_migrate::files::read_dir(&dir).map_err(|e| Error::Input(e.to_string()))?;
    let seeds = match &args.seeds {
        Some(p) => Some(p.clone()),
        None => Some(PathBuf::from("db/seeds.sql")).filter(|p| p.is_file()),
    };
    let seed_statements = match &seeds {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Error::Input(format!("{}: cannot read: {e}", p.display())))?;
            Some(
                schemadiff_migrate::files::statements(p, &text, 1, false)
                    .map_err(|e| Error::Input(e.to_string()))?,
            )
        }
        None => None,
    };
    let (mut db, current, desired) = open_and_read(
        Some(url),
        &schema,
        args.allow_empty,
        args.dev_database.as_deref(),
    )?;
    let desired = desired.expect("setup requires --schema");
    let live = live::plan_live(
        &current,
        &desired,
        Mode::Converge,
        schemadiff::Options { online: false },
    )?;
    if !args.quiet {
        print!("{}", crate::term::paint_plan(&live.changes.text()));
    }
    let saved = SavedPlan::new(&live, Mode::Converge, &current, &desired);
    let code = apply_saved(
        &mut db,
        &saved,
        &schemadiff_apply::run::Settings::default(),
        true,
        cfg.allow_destructive(args.allow_destructive),
        &[],
        Some((&current, &desired)),
    )?;
    if code != ExitCode::SUCCESS {
        return Ok(code);
    }
    let out: Box<dyn std::io::Write> = Box::new(std::io::stdout());
    let mut r = schemadiff_migrate::Runner::new(&mut db.client, out, args.quiet);
    r.begin(std::time::Duration::from_secs(5))
        .and_then(|()| r.record_applied(&files))
        .and_then(|()| match (&seeds, &seed_statements) {
            (Some(path), Some(statements)) => r.seed(path, statements),
            _ => Ok(()),
        })
        .map_err(|e| Error::Database(e.to_string()))?;
    eprintln!(
        "Set up: the desired schema is built, {} migration file(s) recorded as applied{}.",
        files.len(),
        seeds
            .as_ref()
            .map(|p| format!(", seeds from {} loaded", p.display()))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

/// `up VERSION` / `down VERSION`.
pub(crate) fn one(target: &Target, version: &str, direction: Direction) -> Result<ExitCode, Error> {
    runner(target, |r, files| {
        if !r.one(files, version, direction)? {
            eprintln!(
                "Migration {version} is {} already.",
                match direction {
                    Direction::Up => "applied",
                    Direction::Down => "not applied",
                }
            );
        }
        Ok(())
    })
}

/// Opens the target database, reads the migration files, takes the lock
/// and runs `f`.
pub(crate) fn runner(
    target: &Target,
    f: impl FnOnce(
        &mut schemadiff_migrate::Runner,
        &[schemadiff_migrate::Migration],
    ) -> Result<(), schemadiff_migrate::MigrateError>,
) -> Result<ExitCode, Error> {
    let dir = crate::settings::get().migrations_dir(target.dir.clone());
    let files =
        schemadiff_migrate::files::read_dir(&dir).map_err(|e| Error::Input(e.to_string()))?;
    let mut db = open(target.database.clone())?;
    let out: Box<dyn std::io::Write> = Box::new(std::io::stdout());
    let progress = crate::term::Progress::new(files.len());
    let mut r = schemadiff_migrate::Runner::new(&mut db.client, out, target.quiet).with_progress(
        |p| match p {
            Some((i, n, name)) => progress.start_of(i, n, name),
            None => progress.done(),
        },
    );
    r.begin(std::time::Duration::from_secs(5))
        .and_then(|()| f(&mut r, &files))
        .map_err(|e| Error::Database(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}
