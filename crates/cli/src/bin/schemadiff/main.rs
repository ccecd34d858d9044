//! The `schemadiff` command: a thin shell over the library.

mod apply;
mod args;
mod migrations;
mod read;
mod settings;
mod term;

use apply::{apply_saved, parse_hazards, print_saved, print_skipped};
use args::{Cli, Command, DevAction, DiagramFormat, DumpArg};
use clap::Parser;
use migrations::{one, runner, setup};
use read::{open, open_and_read, render, scratch_server, settle_pair, write_file};
use schemadiff::live::{self, DumpFormat, Mode, SavedPlan};
use schemadiff::Error;
use schemadiff_migrate::runner::Direction;
use std::process::ExitCode;

// Parsing a large schema makes millions of small allocations; mimalloc
// took a quarter to a third off the time of a 10 000-table plan (see the
// scale benchmark) at about the same peak memory as the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // What the reader cannot model, a scratch database builds.
    schemadiff_parser::set_fallback(true);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", schemadiff_apply::url::redact(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    term::init(cli.color);
    settings::init(cli.config, cli.env, cli.exclude)?;
    let cfg = settings::get();
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
            let options = schemadiff::Options {
                online: cfg.online(no_online),
            };
            let schema = cfg.schema(schema)?;
            let (changes, current, desired) = match from {
                Some(from) => {
                    let (mut current, mut desired) = schemadiff::parse_pair(&from, &schema)?;
                    cfg.exclude.apply(&mut current);
                    cfg.exclude.apply(&mut desired);
                    schemadiff::refuse_empty(&desired, &schema, allow_empty)?;
                    settle_pair(&mut current, &mut desired, dev_database.as_deref())?;
                    let changes = schemadiff::plan_schemas_with(&current, &desired, options)?;
                    (changes, current, desired)
                }
                None => {
                    let (mut db, current, desired) =
                        open_and_read(database, &schema, allow_empty, dev_database.as_deref())?;
                    let desired = desired.expect("--schema is required");
                    let live = live::plan_live(&current, &desired, Mode::Converge, options)?;
                    db.check_conversions(&live.changes.plan)?;
                    if let Some(out) = &out {
                        write_file(
                            out,
                            &SavedPlan::new(&live, Mode::Converge, &current, &desired)
                                .with_states(&current, &desired)
                                .to_json(),
                        )?;
                        eprintln!(
                            "Saved the plan to {}; run it with `schemadiff apply --plan {}`",
                            out.display(),
                            out.display()
                        );
                    }
                    (live.changes, current, desired)
                }
            };
            print!("{}", render(&changes, format, &current, &desired));
            // The process ends here: freeing two large schemas one
            // allocation at a time would only add to its time.
            std::mem::forget((current, desired));
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
            let allowed = parse_hazards(&cfg.allow_hazards(allow_hazards))?;
            let allow_destructive = cfg.allow_destructive(allow_destructive);
            let options = schemadiff::Options {
                online: cfg.online(no_online),
            };
            // A saved plan needs no desired state; given one, it is checked.
            let schema = if plan.is_some() {
                schema
            } else {
                cfg.schema(schema)?
            };
            let settings = schemadiff_apply::run::Settings {
                lock_timeout: schemadiff_apply::run::parse_duration(
                    &cfg.lock_timeout(lock_timeout),
                )
                .map_err(|e| Error::Input(format!("--lock-timeout: {e}")))?,
                statement_timeout: Some(
                    schemadiff_apply::run::parse_duration(
                        &cfg.statement_timeout(statement_timeout),
                    )
                    .map_err(|e| Error::Input(format!("--statement-timeout: {e}")))?,
                )
                .filter(|d| !d.is_zero()),
                lock_retries: cfg.lock_retries(lock_retries),
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
                    let desired = desired
                        .as_ref()
                        .expect("--schema is required without --plan");
                    let live = live::plan_live(&current, desired, mode, options)?;
                    db.check_conversions(&live.changes.plan)?;
                    print!("{}", crate::term::paint_plan(&live.changes.text()));
                    print_skipped(&live);
                    SavedPlan::new(&live, mode, &current, desired)
                }
            };
            let held = saved.states()?;
            let states = match &held {
                Some((f, t)) => Some((f, t)),
                None => desired.as_ref().map(|d| (&current, d)),
            };
            apply_saved(
                &mut db,
                &saved,
                &settings,
                yes,
                allow_destructive,
                &allowed,
                states,
            )
        }
        Command::Dump {
            database,
            format,
            out,
        } => {
            let mut db = open(database)?;
            let schema = read::introspect(&mut db)?;
            let text = live::dump(
                &schema,
                match format {
                    DumpArg::Yaml => DumpFormat::Yaml,
                    DumpArg::Sql => DumpFormat::Sql,
                },
            )?;
            read::output(out.as_deref(), &text, schema.tables.len())
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
            let schema = if empty { schema } else { cfg.schema(schema)? };
            let dir = cfg.migrations_dir(dir);
            let opts = schemadiff::versioned::GenerateOptions {
                allow_empty,
                name: &name,
                schema: &schema,
                dir: &dir,
                layout: schemadiff_migrate::Layout::from_name(&cfg.layout(layout))
                    .expect("clap and the config file allow only known layouts"),
                empty,
                online: cfg.online(no_online),
                exclude: &cfg.exclude,
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
            let schema = cfg.schema(schema)?;
            let dir = cfg.migrations_dir(dir);
            let server = scratch_server(dev_database.as_deref())?;
            let changes = schemadiff::versioned::check(&schema, &dir, &server, &cfg.exclude)?;
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
        Command::Convert {
            schema,
            format,
            out,
            dev_database,
        } => {
            let paths = cfg.schema(schema)?;
            let mut desired = schemadiff_parser::parse_paths(&paths)?;
            cfg.exclude.apply(&mut desired);
            read::settle(&mut desired, dev_database.as_deref())?;
            let text = live::dump(
                &desired,
                match format {
                    DumpArg::Yaml => DumpFormat::Yaml,
                    DumpArg::Sql => DumpFormat::Sql,
                },
            )?;
            read::output(out.as_deref(), &text, desired.tables.len())
        }
        Command::Diagram {
            schema,
            database,
            format,
            out,
            dev_database,
        } => {
            let drawn = if schema.is_empty() {
                let mut db = open(database)?;
                read::introspect(&mut db)?
            } else {
                let mut s = schemadiff_parser::parse_paths(&schema)?;
                cfg.exclude.apply(&mut s);
                read::settle(&mut s, dev_database.as_deref())?;
                s
            };
            let text = match format {
                DiagramFormat::Mermaid => schemadiff_emit::diagram::mermaid(&drawn),
                DiagramFormat::Dot => schemadiff_emit::diagram::dot(&drawn),
            };
            read::output(out.as_deref(), &text, drawn.tables.len())
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "schemadiff", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Config => {
            print!("{}", cfg.describe());
            Ok(ExitCode::SUCCESS)
        }
        Command::JsonSchema => {
            print!("{}", schemadiff::yaml_json_schema());
            Ok(ExitCode::SUCCESS)
        }
    }
}
