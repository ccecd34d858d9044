//! The command line: commands, flags and the help that teaches them.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub(crate) const DEV_DATABASE_HELP: &str = "Where migration files are replayed: a database on a server where this role may \
    CREATE DATABASE (a database of its own is created next to it and dropped afterwards). Falls back to \
    SCHEMADIFF_DEV_DATABASE, then to schemadiff.toml's dev_database, then to the local development cluster.";

pub(crate) const DATABASE_HELP: &str =
    "The database, as a URL (postgres://user:pass@host:port/db) or libpq \
    keywords; TLS as libpq: ?sslmode=verify-full&sslrootcert=ca.pem, or PGSSLMODE. Falls back to \
    DATABASE_URL, then to the database of schemadiff.toml's environment; without any, schemadiff \
    starts (or reuses) a local development database under .schemadiff/ from the installed \
    PostgreSQL binaries";

#[derive(Parser)]
#[command(
    name = "schemadiff",
    version,
    about = "Declarative schema diffs for PostgreSQL: the schema file is the source of truth",
    long_about = "Declarative schema diffs for PostgreSQL.\n\n\
        Keep the desired state of your database in YAML, in SQL (like db/structure.sql) or in \
        Rails' db/schema.rb itself; schemadiff works out the steps to get there. Flags a \
        project repeats go in schemadiff.toml (see `schemadiff config`).\n\n\
        Typical use:\n  \
          schemadiff dump --out db/schema.yaml             # start from an existing database\n  \
          schemadiff plan --schema db/schema.yaml          # in a pull request: what would change\n  \
          schemadiff apply --schema db/schema.yaml --yes   # in a deploy: make it so, safely\n\n\
        Without --database or DATABASE_URL, commands use a local development database that \
        schemadiff runs itself under .schemadiff/ (see `schemadiff dev`). Passwords are never printed.\n\n\
        Exit codes: 0 success (with --exit-code: nothing to change), 1 error or refusal, \
        2 changes pending (only with --exit-code)."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Project settings (default: ./schemadiff.toml when it exists; see
    /// `schemadiff config`).
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Which [env.NAME] of schemadiff.toml to use (default: SCHEMADIFF_ENV,
    /// else development when the file has it).
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) env: Option<String>,
    /// Leave objects managed elsewhere alone: a schema.name glob (`*`, `?`),
    /// repeatable, added to schemadiff.toml's `exclude`. Never planned,
    /// dropped or dumped: --exclude public.timestamp_id --exclude 'audit.*'
    #[arg(long, global = true, value_name = "PATTERN")]
    pub(crate) exclude: Vec<String>,
    /// Colour in text plans: auto (on a terminal, unless NO_COLOR is set),
    /// always or never.
    #[arg(long, global = true, value_enum, default_value_t = crate::term::ColorChoice::Auto)]
    pub(crate) color: crate::term::ColorChoice,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// The desired schema: files or directories (default: schemadiff.toml's
        /// `schema`).
        #[arg(long, alias = "to", num_args = 1.., value_name = "PATH")]
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
        /// The desired schema: files or directories (default: schemadiff.toml's
        /// `schema`, unless --plan is given).
        #[arg(long, alias = "to", num_args = 1.., value_name = "PATH")]
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
        /// rolls back: 5s, 500ms, 1m. [default: 5s]
        #[arg(long, value_name = "DURATION")]
        lock_timeout: Option<String>,
        /// How many times a step that waited --lock-timeout is tried again,
        /// with a doubling pause (250ms, 500ms, ...), before the apply fails.
        /// [default: 3]
        #[arg(long, value_name = "N")]
        lock_retries: Option<u32>,
        /// How long any one statement may run (0: no limit). [default: 10m]
        #[arg(long, value_name = "DURATION")]
        statement_timeout: Option<String>,
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
    /// Convert a desired state between formats, offline.
    ///
    /// Reads --schema (YAML, SQL, Rails' db/schema.rb, or several mixed) and
    /// writes it as one YAML or SQL file that reads back into the same
    /// schema. Views are printed by a scratch database as PostgreSQL keeps
    /// them (--dev-database, else the local development cluster); without
    /// views no database is needed.
    ///
    /// Examples:
    ///   schemadiff convert --schema db/schema.rb --format yaml --out db/schema.yaml
    ///   schemadiff convert --schema db/schema.rb --schema db/functions.sql --format sql
    #[command(verbatim_doc_comment)]
    Convert {
        /// What to convert: files or directories (default: schemadiff.toml's
        /// `schema`).
        #[arg(long, num_args = 1.., value_name = "PATH")]
        schema: Vec<PathBuf>,
        /// yaml (schema.rb-like) or sql.
        #[arg(long, value_enum, default_value_t = DumpArg::Yaml)]
        format: DumpArg,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "URL", help = DEV_DATABASE_HELP)]
        dev_database: Option<String>,
    },
    /// Draw a schema's tables and foreign keys as an ER diagram.
    ///
    /// From files (--schema) or a database (--database, DATABASE_URL, the
    /// config file's, else the local development database). Mermaid renders
    /// on GitHub in a ```mermaid block; DOT renders with Graphviz
    /// (`dot -Tsvg schema.dot > schema.svg`).
    ///
    /// Examples:
    ///   schemadiff diagram --schema db/schema.rb > schema.mmd
    ///   schemadiff diagram --database "$DATABASE_URL" --format dot | dot -Tsvg > schema.svg
    #[command(verbatim_doc_comment)]
    Diagram {
        /// Files or directories to draw (instead of a database).
        #[arg(long, num_args = 1.., value_name = "PATH", conflicts_with = "database")]
        schema: Vec<PathBuf>,
        #[arg(long, value_name = "URL", help = DATABASE_HELP)]
        database: Option<String>,
        /// mermaid (GitHub renders it) or dot (Graphviz).
        #[arg(long, value_enum, default_value_t = DiagramFormat::Mermaid)]
        format: DiagramFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "URL", help = DEV_DATABASE_HELP)]
        dev_database: Option<String>,
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
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    ///
    /// Examples:
    ///   schemadiff completions bash > /etc/bash_completion.d/schemadiff
    ///   schemadiff completions zsh > "${fpath[1]}/_schemadiff"
    ///   schemadiff completions fish > ~/.config/fish/completions/schemadiff.fish
    #[command(verbatim_doc_comment)]
    Completions { shell: clap_complete::Shell },
    /// Print the settings in effect and where each comes from.
    ///
    /// schemadiff reads ./schemadiff.toml (or --config FILE) so scripts need
    /// not repeat flags: schema paths, exclude patterns, the migrations'
    /// directory and layout, and per environment (--env, SCHEMADIFF_ENV,
    /// else development) the database (with ${VAR} from the environment),
    /// accepted hazards, timeouts and online DDL. Flags win over the file;
    /// DATABASE_URL and SCHEMADIFF_DEV_DATABASE win over it too, as in
    /// Rails. Passwords are printed as ***.
    ///
    /// Example schemadiff.toml:
    ///   schema = ["db/schema.sql", "db/functions.sql"]
    ///   exclude = ["public.timestamp_id"]
    ///   migrations = { dir = "db/migrate", layout = "rails" }
    ///
    ///   [env.development]
    ///   database = "postgres://localhost/app_dev"
    ///
    ///   [env.production]
    ///   database = "${DATABASE_URL}"
    ///   allow_hazards = ["row_scan"]
    ///   lock_timeout = "3s"
    #[command(verbatim_doc_comment)]
    Config,
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
        /// The desired state: files or directories (.yaml, .yml, .sql);
        /// default: schemadiff.toml's `schema`.
        #[arg(long, num_args = 1..)]
        schema: Vec<PathBuf>,
        /// Where the migration files are. [default: db/migrate, or
        /// schemadiff.toml's migrations.dir]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// File names and markers: rails (NAME.up.sql / .down.sql), dbmate,
        /// golang-migrate, sqlx or flyway. [default: rails, or
        /// schemadiff.toml's migrations.layout]
        #[arg(long, value_parser = ["rails", "dbmate", "golang-migrate", "sqlx", "flyway"])]
        layout: Option<String>,
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
        /// The desired state: files or directories (.yaml, .yml, .sql);
        /// default: schemadiff.toml's `schema`.
        #[arg(long, num_args = 1..)]
        schema: Vec<PathBuf>,
        /// Where the migration files are. [default: db/migrate, or
        /// schemadiff.toml's migrations.dir]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        #[arg(long, value_name = "URL", help = DEV_DATABASE_HELP)]
        dev_database: Option<String>,
    },
}

/// What `setup` and `reset` build.
#[derive(clap::Args)]
pub(crate) struct SetupArgs {
    /// The desired state: files or directories (.yaml, .yml, .sql);
    /// default: schemadiff.toml's `schema`.
    #[arg(long, num_args = 1..)]
    pub(crate) schema: Vec<PathBuf>,
    /// The migration files, every one recorded as applied. [default:
    /// db/migrate, or schemadiff.toml's migrations.dir]
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,
    #[arg(long, value_name = "URL", help = DATABASE_HELP)]
    pub(crate) database: Option<String>,
    /// SQL run once the schema is built (default: db/seeds.sql when present).
    #[arg(long, value_name = "FILE")]
    pub(crate) seeds: Option<PathBuf>,
    /// Allow dropping: reset drops the whole database; setup on a database
    /// that holds something else may drop objects to converge.
    #[arg(long)]
    pub(crate) allow_destructive: bool,
    #[arg(long)]
    pub(crate) allow_empty: bool,
    #[arg(long, value_name = "URL")]
    pub(crate) dev_database: Option<String>,
    #[arg(long)]
    pub(crate) quiet: bool,
}

/// The database and migrations a runner command works on.
#[derive(clap::Args)]
pub(crate) struct Target {
    /// Where the migration files are. [default: db/migrate, or
    /// schemadiff.toml's migrations.dir]
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,
    #[arg(long, value_name = "URL", help = DATABASE_HELP)]
    pub(crate) database: Option<String>,
    /// Print nothing but errors.
    #[arg(long)]
    pub(crate) quiet: bool,
}

#[derive(Subcommand)]
pub(crate) enum DevAction {
    /// Print its URL, starting it if needed.
    Url,
    /// Stop it (the data stays; the next command starts it again).
    Stop,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum OutputFormat {
    Text,
    Sql,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DiagramFormat {
    Mermaid,
    Dot,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DumpArg {
    Yaml,
    Sql,
}
