//! The `schemadiff` command: a thin shell over the library.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "schemadiff",
    version,
    about = "Declarative schema diffs for PostgreSQL: the schema file is the source of truth",
    long_about = "Declarative schema diffs for PostgreSQL.\n\n\
        Keep the desired state of your database in YAML (like Rails' db/schema.rb) or SQL \
        (like db/structure.sql); schemadiff works out the steps to get there.\n\n\
        Exit codes: 0 success (with --exit-code: nothing to change), 1 error or refusal, \
        2 changes pending (only with --exit-code)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the steps from one schema to another.
    ///
    /// Compares the current schema (--from) with the desired one (--to, alias
    /// --schema). Each takes files or directories of .yaml/.yml/.sql files
    /// (read recursively, merged in a stable order); YAML and SQL may be mixed.
    /// No database is needed.
    ///
    /// Example:
    ///   schemadiff plan --from schemas/examples/blog_v1 --to schemas/examples/blog_v2
    #[command(verbatim_doc_comment)]
    Plan {
        /// The current schema: files or directories.
        #[arg(long, num_args = 1.., required = true, value_name = "PATH")]
        from: Vec<PathBuf>,
        /// The desired schema: files or directories.
        #[arg(long, alias = "schema", num_args = 1.., required = true, value_name = "PATH")]
        to: Vec<PathBuf>,
        /// text: summary for review, then SQL. sql: the script only. json: a
        /// stable structure for tools (format_version, summary, steps with
        /// action, kind, object, sql, hazards).
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Exit 2 when there are changes, 0 when there are none (for CI).
        #[arg(long)]
        exit_code: bool,
    },
    /// Print the JSON Schema of the YAML format (for editors).
    JsonSchema,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Sql,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, schemadiff::Error> {
    match cli.command {
        Command::Plan {
            from,
            to,
            format,
            exit_code,
        } => {
            let changes = schemadiff::plan_paths(&from, &to)?;
            let out = match format {
                OutputFormat::Text => changes.text(),
                OutputFormat::Sql => changes.sql(),
                OutputFormat::Json => changes.json(),
            };
            print!("{out}");
            Ok(if exit_code && !changes.is_empty() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::JsonSchema => {
            print!("{}", schemadiff::yaml_json_schema());
            Ok(ExitCode::SUCCESS)
        }
    }
}
