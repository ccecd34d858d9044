//! The `schemadiff` command: a thin shell over the library.

use clap::{Parser, Subcommand, ValueEnum};
use schemadiff::live::{self, Database, DumpFormat, LivePlan, Mode, SavedPlan};
use schemadiff::Error;
use schemadiff_migrate::runner::Direction;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Parsing a large schema makes millions of small allocations; mimalloc
// took a quarter to a third off the time of a 10 000-table plan (see the
// scale benchmark) at about the same peak memory as the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEV_DATABASE_HELP: &str = "Where migration files are replayed: a database on a server where this role may \
    CREATE DATABASE (a database of its own is created next to it and dropped afterwards). Falls back to \
    SCHEMADIFF_DEV_DATABASE, then to the local development cluster.";

const DATABASE_HELP: &str = "The database, as a URL (postgres://user:pass@host:port/db) or libpq \
    keywords. Falls back to DATABASE_URL; without either, schemadiff starts (or reuses) a local \
    development database under .schemadiff/ from the installed PostgreSQL binaries";

#[derive(Parser)]
#[command(
    name = "schemadiff",
    version,
    about = "Declarative schema diffs for PostgreSQL: the schema file is the source of truth",
    long_about = "Declarative schema diffs for PostgreSQL.\n\n\
        Keep the desired state of your database in YAML (like Rails' db/schema.rb) or SQL \
        (like db/structure.sql); schemadiff works out the steps to get there.\n\n\
        Typical use:\n  \
          schemadiff dump --out db/schema.yaml             # start from an existing database\n  \
          schemadiff plan --schema db/schema.yaml          # in a pull request: what would change\n  \
          schemadiff apply --schema db/schema.yaml --yes   # in a deploy: make it so, safely\n\n\
        Without --database or DATABASE_URL, commands use a local development database that \
        schemadiff runs itself under .schemadiff/ (see `schemadiff dev`). Passwords are never printed.\n\n\
        Exit codes: 0 success (with --exit-code: nothing to change), 1 error or refusal, \
        2 changes pending (only with --exit-code)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the steps from the current schema to the desired one.
    ///
    /// The current schema is a live database (--database, DATABASE_URL, or
    /// the local development database) or files (--from). The desired schema
    /// (--schema, alias --to) is files or directories of .yaml/.yml/.sql
    /// files, read recursively and merged in a stable order.
    ///
    /// Examples:
    ///   schemadiff plan --schema db/schema.yaml --database "$DATABASE_URL"
    ///   schemadiff plan --schema db/ --format markdown > plan.md   # a PR comment
    ///   schemadiff plan --schema db/ --out plan.json               # review, then apply --plan
    ///   schemadiff plan --from schemas/examples/blog_v1 --to schemas/examples/blog_v2
    #[command(verbatim_doc_comment)]
    Plan {
        /// The desired schema: files or directories.
        #[arg(long, alias = "to", num_args = 1.., required = true, value_name = "PATH")]
        schema: Vec<PathBuf>,
        /// Compare with schema files instead of a database.
        #[arg(long, num_args = 1.., value_name = "PATH", conflicts_with = "database")]
        from: Option<Vec<PathBuf>>,
        #[arg(long, value_name = "URL", help = DATABASE_HELP)]
        database: Option<String>,
        /// text: summary for review, then SQL. sql: the script only. json: a
        /// stable structure for tools. markdown: a pull-request comment.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Exit 2 when there are changes, 0 when there are none (for CI).
        #[arg(long)]
        exit_code: bool,
        /// Plain DDL even on existing tables: no CONCURRENTLY, no NOT VALID
        /// + VALIDATE (shorter, but holds write-blocking locks longer).
        #[arg(long)]
        no_online: bool,
        /// Also save the plan, with a fingerprint of the database it was
        /// computed from, for `apply --plan FILE` (needs a database).
        #[arg(long, value_name = "FILE", conflicts_with = "from")]
        out: Option<PathBuf>,
        /// Accept a desired state that holds no objects at all (which plans
        /// to drop everything): without it, that is refused as a wrong path.
        #[arg(long)]
        allow_empty: bool,
        /// A database that holds nothing, where the desired state is loaded
        /// (in a transaction that is rolled back) when it has views or DO
        /// blocks: PostgreSQL prints view queries as its catalog keeps them.
        /// Falls back to SCHEMADIFF_DEV_DATABASE, then to the local
        /// development cluster's schemadiff_scratch database.
        #[arg(long, value_name = "URL")]
        dev_database: Option<String>,
    },
    /// Make a database match the desired schema, safely.
    ///
    /// Shows the plan and asks before changing anything (--yes skips the
    /// question; without a terminal, --yes is required). The plan runs in one
    /// transaction under an advisory lock (two applies never interleave),
    /// with lock_timeout and statement_timeout set; any error rolls
    /// everything back and the database is as before. Drops and narrowing
    /// type changes are refused unless --allow-destructive. Each apply is
    /// recorded in the table schemadiff.applies.
    ///
    /// Examples:
    ///   schemadiff apply --schema db/schema.yaml --yes
    ///   schemadiff apply --plan plan.json --database "$DATABASE_URL" --yes
    ///   schemadiff apply --schema db/ --additive-only --yes
    #[command(verbatim_doc_comment)]
    Apply {
        /// The desired schema: files or directories.
        #[arg(long, alias = "to", num_args = 1.., value_name = "PATH", required_unless_present = "plan")]
        schema: Vec<PathBuf>,
        #[arg(long, value_name = "URL", help = DATABASE_HELP)]
        database: Option<String>,
        /// Run exactly this saved plan (from `plan --out`); refused when the
        /// database changed since it was made. With --schema too, the files
        /// must still be what the plan was made for.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["additive_only", "reset"])]
        plan: Option<PathBuf>,
        /// Do not ask for confirmation.
        #[arg(long, short = 'y')]
        yes: bool,
        /// Allow drops and type changes that can lose data (and with them
        /// the `irreversible` hazard).
        #[arg(long)]
        allow_destructive: bool,
        /// Hazards to accept, comma-separated: table_rewrite, blocking_lock,
        /// row_scan, irreversible, or `all`. A step with a hazard not
        /// accepted is refused (data_loss is --allow-destructive's).
        #[arg(long, value_name = "KINDS", value_delimiter = ',')]
        allow_hazards: Vec<String>,
        /// How long any step may wait for a lock before the apply fails and
        /// rolls back: 5s, 500ms, 1m.
        #[arg(long, default_value = "5s", value_name = "DURATION")]
        lock_timeout: String,
        /// How many times a step that waited --lock-timeout is tried again,
        /// with a doubling pause (250ms, 500ms, ...), before the apply fails.
        #[arg(long, default_value_t = 3, value_name = "N")]
        lock_retries: u32,
        /// How long any one statement may run (0: no limit).
        #[arg(long, default_value = "10m", value_name = "DURATION")]
        statement_timeout: String,
        /// Plain DDL even on existing tables: no CONCURRENTLY, no NOT VALID
        /// + VALIDATE; the plan runs in one transaction.
        #[arg(long)]
        no_online: bool,
        /// Create what is missing and widen what is safe; never drop or
        /// narrow. What is skipped is listed (DataMapper's auto_upgrade!).
        #[arg(long, conflicts_with = "reset")]
        additive_only: bool,
        /// Drop every managed object and build the desired schema from
        /// scratch (DataMapper's auto_migrate!). Needs --allow-destructive.
        #[arg(long)]
        reset: bool,
        /// Accept a desired state that holds no objects at all (which plans
        /// to drop everything): without it, that is refused as a wrong path.
        #[arg(long)]
        allow_empty: bool,
        /// A database that holds nothing, where the desired state is loaded
        /// (in a transaction that is rolled back) when it has views or DO
        /// blocks: PostgreSQL prints view queries as its catalog keeps them.
        /// Falls back to SCHEMADIFF_DEV_DATABASE, then to the local
        /// development cluster's schemadiff_scratch database.
        #[arg(long, value_name = "URL")]
        dev_database: Option<String>,
    },
    /// Write a database's schema as a schema file.
    ///
    /// The output reads back into the same schema: planning it against the
    /// database it came from shows no changes.
    ///
    /// Examples:
    ///   schemadiff dump --database "$DATABASE_URL" --out db/schema.yaml
    ///   schemadiff dump --format sql > db/structure.sql
    #[command(verbatim_doc_comment)]
    Dump {
        #[arg(long, value_name = "URL", help = DATABASE_HELP)]
        database: Option<String>,
        /// yaml (schema.rb-like) or sql.
        #[arg(long, value_enum, default_value_t = DumpArg::Yaml)]
        format: DumpArg,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The local development database under .schemadiff/.
    ///
    /// Commands without --database or DATABASE_URL start it on first use
    /// (from the installed PostgreSQL binaries, on a free local port) and
    /// reuse it afterwards.
    Dev {
        #[command(subcommand)]
        action: DevAction,
    },
    /// Print the JSON Schema of the YAML format (for editors).
    JsonSchema,
    /// Write a timestamped migration from the desired state (Rails' generator).
    ///
    /// Replays the files already in --dir into a database of their own on the
    /// scratch server, and writes DIR/YYYYMMDDHHMMSS_name.up.sql with the steps
    /// from there to the desired state and .down.sql with the way back (UTC
    /// versions, never two alike). Both are run on the replay first. A way
    /// back that cannot restore what the way up loses (a dropped column's
    /// contents) raises when run, as ActiveRecord::IrreversibleMigration.
    /// Nothing to change: no files, exit 0.
    ///
    /// Examples:
    ///   schemadiff generate add_tags --schema db/schema.yaml --dir db/migrate
    ///   schemadiff generate backfill_slugs --empty --dir db/migrate
    ///   schemadiff generate AddTags --schema db/ --dir db/migrations --layout dbmate
    #[command(verbatim_doc_comment)]
    Generate {
        /// The migration's name (AddTagsToPosts or add_tags_to_posts).
        name: String,
        /// The desired state: files or directories (.yaml, .yml, .sql).
        #[arg(long, num_args = 1.., required_unless_present = "empty")]
        schema: Vec<PathBuf>,
        /// Where the migration files are.
        #[arg(long, value_name = "DIR", default_value = "db/migrate")]
        dir: PathBuf,
        /// File names and markers: rails (NAME.up.sql / .down.sql), dbmate,
        /// golang-migrate, sqlx or flyway.
        #[arg(long, default_value = "rails", value_parser = ["rails", "dbmate", "golang-migrate", "sqlx", "flyway"])]
        layout: String,
        /// Write an empty pair, for a hand-written (data) migration.
        #[arg(long)]
        empty: bool,
        /// Plain DDL instead of the online forms plan uses.
        #[arg(long)]
        no_online: bool,
        /// Accept a desired state that holds no objects at all.
        #[arg(long)]
        allow_empty: bool,
        #[arg(long, value_name = "URL", help = DEV_DATABASE_HELP)]
        dev_database: Option<String>,
    },
    /// Run the pending migrations in version order (Rails' db:migrate).
    ///
    /// Pending files older than the newest applied one (another branch's)
    /// run too. Each migration runs in its own transaction, recorded in
    /// schema_migrations (the table Rails keeps) and schemadiff.migrations.
    #[command(verbatim_doc_comment)]
    Migrate {
        #[command(flatten)]
        target: Target,
        /// Stop after this version.
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
    },
    /// Revert the newest applied migrations (db:rollback STEP=n).
    Rollback {
        #[command(flatten)]
        target: Target,
        #[arg(long, default_value_t = 1)]
        steps: usize,
    },
    /// Revert, then run again, the newest applied migrations (db:migrate:redo).
    Redo {
        #[command(flatten)]
        target: Target,
        #[arg(long, default_value_t = 1)]
        steps: usize,
    },
    /// Run one migration up, if it is not applied (db:migrate:up VERSION=…).
    Up {
        version: String,
        #[command(flatten)]
        target: Target,
    },
    /// Run one migration down, if it is applied (db:migrate:down VERSION=…).
    Down {
        version: String,
        #[command(flatten)]
        target: Target,
    },
    /// Which migrations are applied (db:migrate:status).
    ///
    /// Flags an applied file that changed since it ran, and an applied
    /// version whose file is gone.
    Status {
        #[command(flatten)]
        target: Target,
    },
    /// The newest applied version (db:version).
    Version {
        #[command(flatten)]
        target: Target,
    },
    /// Create the database if missing, build the desired schema, record
    /// every migration file as applied, run the seeds (Rails' db:setup).
    ///
    /// Examples:
    ///   schemadiff setup --schema db/schema.yaml --dir db/migrate
    ///   schemadiff setup --schema db/ --database "$DATABASE_URL" --seeds db/seeds.sql
    #[command(verbatim_doc_comment)]
    Setup {
        #[command(flatten)]
        args: SetupArgs,
    },
    /// Drop and re-create the database, then setup (db:reset); needs
    /// --allow-destructive.
    Reset {
        #[command(flatten)]
        args: SetupArgs,
    },
    /// Fail when the migration files do not build the desired state exactly.
    ///
    /// For pull requests: replays --dir into a database of its own on the
    /// scratch server and plans from there to --schema. Exit 0 when they
    /// agree, 2 with the difference (a forgotten generate, a hand edit).
    ///
    /// Example:
    ///   schemadiff check --schema db/schema.yaml --dir db/migrate
    #[command(verbatim_doc_comment)]
    Check {
        /// The desired state: files or directories (.yaml, .yml, .sql).
        #[arg(long, num_args = 1.., required = true)]
        schema: Vec<PathBuf>,
        #[arg(long, value_name = "DIR", default_value = "db/migrate")]
        dir: PathBuf,
        #[arg(long, value_name = "URL", help = DEV_DATABASE_HELP)]
        dev_database: Option<String>,
    },
}

/// What `setup` and `reset` build.
#[derive(clap::Args)]
struct SetupArgs {
    /// The desired state: files or directories (.yaml, .yml, .sql).
    #[arg(long, num_args = 1.., required = true)]
    schema: Vec<PathBuf>,
    /// The migration files, every one recorded as applied.
    #[arg(long, value_name = "DIR", default_value = "db/migrate")]
    dir: PathBuf,
    #[arg(long, value_name = "URL", help = DATABASE_HELP)]
    database: Option<String>,
    /// SQL run once the schema is built (default: db/seeds.sql when present).
    #[arg(long, value_name = "FILE")]
    seeds: Option<PathBuf>,
    /// Allow dropping: reset drops the whole database; setup on a database
    /// that holds something else may drop objects to converge.
    #[arg(long)]
    allow_destructive: bool,
    #[arg(long)]
    allow_empty: bool,
    #[arg(long, value_name = "URL")]
    dev_database: Option<String>,
    #[arg(long)]
    quiet: bool,
}

/// The database and migrations a runner command works on.
#[derive(clap::Args)]
struct Target {
    /// Where the migration files are.
    #[arg(long, value_name = "DIR", default_value = "db/migrate")]
    dir: PathBuf,
    #[arg(long, value_name = "URL", help = DATABASE_HELP)]
    database: Option<String>,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
}

#[derive(Subcommand)]
enum DevAction {
    /// Print its URL, starting it if needed.
    Url,
    /// Stop it (the data stays; the next command starts it again).
    Stop,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Sql,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum DumpArg {
    Yaml,
    Sql,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", schemadiff_apply::url::redact(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

fn database_url(flag: Option<String>) -> Option<String> {
    flag.or_else(|| std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()))
}

fn open(flag: Option<String>) -> Result<Database, Error> {
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
/// SCHEMADIFF_DEV_DATABASE, or the development cluster (started if need be).
fn scratch_server(dev_database: Option<&str>) -> Result<String, Error> {
    let env = std::env::var("SCHEMADIFF_DEV_DATABASE")
        .ok()
        .filter(|u| !u.is_empty());
    if let Some(url) = dev_database.or(env.as_deref()) {
        return Ok(url.to_string());
    }
    let cwd = std::env::current_dir().map_err(|e| Error::Input(e.to_string()))?;
    schemadiff_apply::dev::scratch(&cwd).map_err(|e| {
        Error::Database(format!(
            "migration files are replayed on a scratch server: the local development cluster did not start ({e}); \
             give one with --dev-database URL"
        ))
    })
}

/// Creates the database `url` names when it does not exist (dropping it
/// first with `recreate`), from the server's `postgres` database.
fn prepare_database(url: &str, recreate: bool) -> Result<(), Error> {
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
fn setup(args: &SetupArgs, recreate: bool) -> Result<ExitCode, Error> {
    let url = match database_url(args.database.clone()) {
        Some(url) => url,
        None => {
            let cwd = std::env::current_dir().map_err(|e| Error::Input(e.to_string()))?;
            schemadiff_apply::dev::start(&cwd)
                .map_err(|e| Error::Database(format!("local development database: {e}")))?
                .1
        }
    };
    prepare_database(&url, recreate)?;
    // Read the files before building anything: a bad one changes nothing.
    let files =
        schemadiff_migrate::files::read_dir(&args.dir).map_err(|e| Error::Input(e.to_string()))?;
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
        &args.schema,
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
        print!("{}", live.changes.text());
    }
    let saved = SavedPlan::new(&live, Mode::Converge, &current, &desired);
    let code = apply_saved(
        &mut db,
        &saved,
        &schemadiff_apply::run::Settings::default(),
        true,
        args.allow_destructive,
        &[],
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
fn one(target: &Target, version: &str, direction: Direction) -> Result<ExitCode, Error> {
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
fn runner(
    target: &Target,
    f: impl FnOnce(
        &mut schemadiff_migrate::Runner,
        &[schemadiff_migrate::Migration],
    ) -> Result<(), schemadiff_migrate::MigrateError>,
) -> Result<ExitCode, Error> {
    let files = schemadiff_migrate::files::read_dir(&target.dir)
        .map_err(|e| Error::Input(e.to_string()))?;
    let mut db = open(target.database.clone())?;
    let out: Box<dyn std::io::Write> = Box::new(std::io::stdout());
    let mut r = schemadiff_migrate::Runner::new(&mut db.client, out, target.quiet);
    r.begin(std::time::Duration::from_secs(5))
        .and_then(|()| f(&mut r, &files))
        .map_err(|e| Error::Database(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}

/// The scratch database: `--dev-database`, SCHEMADIFF_DEV_DATABASE, or the
/// development cluster of the working directory.
fn with_scratch<T>(
    dev_database: Option<&str>,
    f: impl FnOnce(schemadiff::scratch::Scratch) -> Result<T, Error>,
) -> Result<T, Error> {
    let env = std::env::var("SCHEMADIFF_DEV_DATABASE")
        .ok()
        .filter(|u| !u.is_empty());
    let cwd = std::env::current_dir().map_err(|e| Error::Input(e.to_string()))?;
    f(match dev_database.or(env.as_deref()) {
        Some(url) => schemadiff::scratch::Scratch::Url(url),
        None => schemadiff::scratch::Scratch::Dev(&cwd),
    })
}

/// Lets a scratch database print what only PostgreSQL can (views), and run
/// the DO blocks, saying so; nothing to do for most schemas. Returns the
/// scratch server's major version when it was used.
fn settle(
    schema: &mut schemadiff::Schema,
    dev_database: Option<&str>,
) -> Result<Option<i32>, Error> {
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
fn settle_pair(
    current: &mut schemadiff::Schema,
    desired: &mut schemadiff::Schema,
    dev_database: Option<&str>,
) -> Result<(), Error> {
    if current.pending.is_empty() && desired.pending.is_empty() {
        return Ok(());
    }
    let views = desired.pending.views.len();
    if schemadiff::scratch::same_as_written(current, desired) {
        eprintln!(
            "The {views} view(s) and what they read are the same on both sides: compared as written, \
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
fn open_and_read(
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
                schemadiff::refuse_empty(&d, paths, allow_empty)?;
                let major = settle(&mut d, dev_database)?;
                Ok((d, major))
            })
        });
        let db = open(database).and_then(|mut db| {
            let current = db.introspect()?;
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

fn render(changes: &schemadiff::Changes, format: OutputFormat) -> String {
    match format {
        OutputFormat::Text => changes.text(),
        OutputFormat::Sql => changes.sql(),
        OutputFormat::Json => changes.json(),
        OutputFormat::Markdown => changes.markdown(),
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text).map_err(|e| Error::Input(format!("{}: {e}", path.display())))
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Plan {
            schema,
            from,
            database,
            format,
            exit_code,
            no_online,
            out,
            allow_empty,
            dev_database,
        } => {
            let options = schemadiff::Options { online: !no_online };
            let changes = match from {
                Some(from) => {
                    let (mut current, mut desired) = schemadiff::parse_pair(&from, &schema)?;
                    schemadiff::refuse_empty(&desired, &schema, allow_empty)?;
                    settle_pair(&mut current, &mut desired, dev_database.as_deref())?;
                    schemadiff::plan_schemas_with(&current, &desired, options)?
                }
                None => {
                    let (_db, current, desired) =
                        open_and_read(database, &schema, allow_empty, dev_database.as_deref())?;
                    let desired = desired.expect("--schema is required");
                    let live = live::plan_live(&current, &desired, Mode::Converge, options)?;
                    if let Some(out) = &out {
                        write_file(
                            out,
                            &SavedPlan::new(&live, Mode::Converge, &current, &desired).to_json(),
                        )?;
                        eprintln!(
                            "Saved the plan to {}; run it with `schemadiff apply --plan {}`",
                            out.display(),
                            out.display()
                        );
                    }
                    live.changes
                }
            };
            print!("{}", render(&changes, format));
            Ok(if exit_code && !changes.is_empty() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Apply {
            schema,
            database,
            plan,
            yes,
            allow_destructive,
            allow_hazards,
            lock_timeout,
            lock_retries,
            statement_timeout,
            no_online,
            additive_only,
            reset,
            allow_empty,
            dev_database,
        } => {
            let allowed = parse_hazards(&allow_hazards)?;
            let options = schemadiff::Options { online: !no_online };
            let settings = schemadiff_apply::run::Settings {
                lock_timeout: schemadiff_apply::run::parse_duration(&lock_timeout)
                    .map_err(|e| Error::Input(format!("--lock-timeout: {e}")))?,
                statement_timeout: Some(
                    schemadiff_apply::run::parse_duration(&statement_timeout)
                        .map_err(|e| Error::Input(format!("--statement-timeout: {e}")))?,
                )
                .filter(|d| !d.is_zero()),
                lock_retries,
                ..Default::default()
            };
            let mode = match (additive_only, reset) {
                (true, _) => Mode::AdditiveOnly,
                (_, true) => Mode::Reset,
                _ => Mode::Converge,
            };
            if mode == Mode::Reset && !allow_destructive {
                return Err(Error::Input(
                    "--reset drops every managed object; it needs --allow-destructive".into(),
                ));
            }
            let saved_plan = plan.as_deref().map(SavedPlan::read).transpose()?;
            let (mut db, current, desired) =
                open_and_read(database, &schema, allow_empty, dev_database.as_deref())?;
            let saved = match (plan, saved_plan) {
                (Some(path), Some(saved)) => {
                    if let Some(d) = &desired {
                        if schemadiff_apply::fingerprint(d) != saved.schema_hash {
                            return Err(Error::Input(format!(
                                "{}: the schema files changed since this plan was made; make a new plan",
                                path.display()
                            )));
                        }
                    }
                    print_saved(&saved);
                    saved
                }
                _ => {
                    let desired = desired.expect("clap requires --schema without --plan");
                    let live = live::plan_live(&current, &desired, mode, options)?;
                    print!("{}", live.changes.text());
                    print_skipped(&live);
                    SavedPlan::new(&live, mode, &current, &desired)
                }
            };
            apply_saved(&mut db, &saved, &settings, yes, allow_destructive, &allowed)
        }
        Command::Dump {
            database,
            format,
            out,
        } => {
            let mut db = open(database)?;
            let schema = db.introspect()?;
            let text = live::dump(
                &schema,
                match format {
                    DumpArg::Yaml => DumpFormat::Yaml,
                    DumpArg::Sql => DumpFormat::Sql,
                },
            )?;
            match out {
                Some(path) => {
                    write_file(&path, &text)?;
                    eprintln!("Wrote {} ({} tables)", path.display(), schema.tables.len());
                }
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            name,
            schema,
            dir,
            layout,
            empty,
            no_online,
            allow_empty,
            dev_database,
        } => {
            let opts = schemadiff::versioned::GenerateOptions {
                allow_empty,
                name: &name,
                schema: &schema,
                dir: &dir,
                layout: schemadiff_migrate::Layout::from_name(&layout)
                    .expect("clap allows only known layouts"),
                empty,
                online: !no_online,
                now: std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0),
            };
            let server = if empty {
                String::new()
            } else {
                scratch_server(dev_database.as_deref())?
            };
            match schemadiff::versioned::generate(&opts, &server)? {
                schemadiff::versioned::Generated::Nothing => eprintln!(
                    "No changes: the migrations in {} already build the desired schema; nothing was written.",
                    dir.display()
                ),
                schemadiff::versioned::Generated::Written {
                    version,
                    files,
                    steps,
                    irreversible,
                } => {
                    for f in &files {
                        println!("{}", f.display());
                    }
                    if empty {
                        eprintln!("Wrote the empty migration {version}: its SQL is yours to write.");
                    } else {
                        eprintln!(
                            "Wrote migration {version} ({steps} step(s)); its up and down steps ran on a replay of the files first."
                        );
                    }
                    if !irreversible.is_empty() {
                        eprintln!(
                            "Its down file raises when run (irreversible): {}",
                            irreversible.join("; ")
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            schema,
            dir,
            dev_database,
        } => {
            let server = scratch_server(dev_database.as_deref())?;
            let changes = schemadiff::versioned::check(&schema, &dir, &server)?;
            if changes.is_empty() {
                eprintln!(
                    "The migrations in {} build the desired schema exactly.",
                    dir.display()
                );
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!(
                    "The migrations in {} do not build the desired schema: run `schemadiff generate` (or fix the hand edit). What differs:",
                    dir.display()
                );
                print!("{}", changes.text());
                Ok(ExitCode::from(2))
            }
        }
        Command::Setup { args } => setup(&args, false),
        Command::Reset { args } => {
            if !args.allow_destructive {
                return Err(Error::Input(
                    "reset drops the whole database and everything in it; it needs --allow-destructive"
                        .into(),
                ));
            }
            setup(&args, true)
        }
        Command::Migrate { target, to } => runner(&target, |r, files| {
            let ran = r.migrate(files, to.as_deref())?;
            if ran == 0 {
                eprintln!("No pending migrations.");
            }
            Ok(())
        }),
        Command::Rollback { target, steps } => runner(&target, |r, files| {
            if r.rollback(files, steps)?.is_empty() {
                eprintln!("No applied migrations to roll back.");
            }
            Ok(())
        }),
        Command::Redo { target, steps } => runner(&target, |r, files| r.redo(files, steps)),
        Command::Up { version, target } => one(&target, &version, Direction::Up),
        Command::Down { version, target } => one(&target, &version, Direction::Down),
        Command::Status { target } => {
            let mut name = String::new();
            runner(&target, |r, files| {
                let rows = r.status(files)?;
                name = r.database_name()?;
                print!(
                    "{}",
                    schemadiff_migrate::runner::format_status(&name, &rows)
                );
                Ok(())
            })
        }
        Command::Version { target } => runner(&target, |r, _| {
            println!(
                "Current version: {}",
                r.version()?.unwrap_or_else(|| "0".into())
            );
            Ok(())
        }),
        Command::Dev { action } => {
            let cwd = std::env::current_dir().map_err(|e| Error::Input(e.to_string()))?;
            match action {
                DevAction::Url => {
                    let (_, url) = schemadiff_apply::dev::start(&cwd)
                        .map_err(|e| Error::Database(format!("local development database: {e}")))?;
                    println!("{url}");
                }
                DevAction::Stop => {
                    let stopped = schemadiff_apply::dev::stop(&cwd)
                        .map_err(|e| Error::Database(format!("local development database: {e}")))?;
                    eprintln!(
                        "{}",
                        if stopped {
                            "Stopped the local development database."
                        } else {
                            "The local development database is not running."
                        }
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::JsonSchema => {
            print!("{}", schemadiff::yaml_json_schema());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_saved(saved: &SavedPlan) {
    if saved.steps.is_empty() {
        println!("No changes: the saved plan is empty.");
        return;
    }
    println!(
        "Saved plan ({} steps, made by schemadiff {}):\n",
        saved.steps.len(),
        saved.tool_version
    );
    for s in &saved.steps {
        println!("{};", s.sql);
    }
    println!();
}

fn print_skipped(live: &LivePlan) {
    if live.skipped.is_empty() {
        return;
    }
    println!(
        "\nSkipped by --additive-only ({} steps: drops, narrowing and other non-additive changes):",
        live.skipped.len()
    );
    for s in &live.skipped {
        println!("  {} {}  {}", s.action.sign(), s.object_kind, s.object);
    }
}

/// `--allow-hazards` into the set of accepted kinds.
fn parse_hazards(kinds: &[String]) -> Result<Vec<String>, Error> {
    schemadiff::parse_hazards(kinds).map_err(|e| Error::Input(format!("--allow-hazards: {e}")))
}

fn apply_saved(
    db: &mut Database,
    saved: &SavedPlan,
    settings: &schemadiff_apply::run::Settings,
    yes: bool,
    allow_destructive: bool,
    allowed: &[String],
) -> Result<ExitCode, Error> {
    if saved.steps.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let destructive: Vec<_> = saved.steps.iter().filter(|s| s.destructive).collect();
    if !destructive.is_empty() && !allow_destructive {
        let list: Vec<String> = destructive
            .iter()
            .map(|s| format!("  - {} {} {}", s.action, s.kind, s.object))
            .collect();
        return Err(Error::Input(format!(
            "refusing {} destructive step(s) without --allow-destructive; nothing was changed:\n{}",
            destructive.len(),
            list.join("\n")
        )));
    }
    let refused: Vec<String> = saved
        .steps
        .iter()
        .filter_map(|s| {
            let kinds: Vec<&str> = s
                .hazards
                .iter()
                .map(String::as_str)
                .filter(|h| *h != "data_loss")
                .filter(|h| !(*h == "irreversible" && allow_destructive))
                .filter(|h| !allowed.iter().any(|a| a == h))
                .collect();
            (!kinds.is_empty()).then(|| {
                format!(
                    "  - {} {} {}  [{}]",
                    s.action,
                    s.kind,
                    s.object,
                    kinds.join(", ")
                )
            })
        })
        .collect();
    if !refused.is_empty() {
        let mut kinds: Vec<&str> = refused
            .iter()
            .filter_map(|l| l.rsplit_once('[').map(|(_, k)| k.trim_end_matches(']')))
            .flat_map(|k| k.split(", "))
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        return Err(Error::Input(format!(
            "refusing {} step(s) with hazards not accepted; nothing was changed (accept them with --allow-hazards {}):\n{}",
            refused.len(),
            kinds.join(","),
            refused.join("\n")
        )));
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(Error::Input(
                "no terminal to confirm on: review the plan above and pass --yes to apply it; nothing was changed"
                    .into(),
            ));
        }
        eprint!(
            "Apply {} step(s) to {}? [y/N] ",
            saved.steps.len(),
            db.label
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin()
            .read_line(&mut answer)
            .map_err(|e| Error::Input(e.to_string()))?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            eprintln!("Not applied.");
            return Ok(ExitCode::from(1));
        }
    }
    let statements = saved.statements();
    let job = schemadiff_apply::run::Job {
        statements: &statements,
        expected_fingerprint: &saved.fingerprint,
        schema_hash: &saved.schema_hash,
        mode: &saved.mode,
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    println!("== Applying {} step(s) ==", statements.len());
    let mut on_event = |e: schemadiff_apply::run::Event| match e {
        schemadiff_apply::run::Event::Locked => {}
        schemadiff_apply::run::Event::Start { sql, .. } => {
            let first = sql.lines().next().unwrap_or_default();
            println!("-- {first}");
            let _ = std::io::stdout().flush();
        }
        schemadiff_apply::run::Event::Retry { attempt, wait, .. } => {
            println!(
                "   -> waited for a lock past --lock-timeout; trying again in {:.2}s (retry {attempt})",
                wait.as_secs_f64()
            );
        }
        schemadiff_apply::run::Event::Done { took, .. } => {
            println!("   -> {:.4}s", took.as_secs_f64());
        }
    };
    match schemadiff_apply::run::apply(&mut db.client, settings, &job, &mut on_event) {
        Ok(applied) => {
            println!(
                "== Applied {} step(s) in {:.4}s (recorded in schemadiff.applies) ==",
                applied.durations.len(),
                applied.total.as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(Error::Database(format!(
            "{e}\nRolled back: the database is unchanged."
        ))),
    }
}
