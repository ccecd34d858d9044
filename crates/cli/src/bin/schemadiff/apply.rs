//! `apply`: the refusals, the question, and running a plan.

use schemadiff::live::{self, Database, LivePlan, Mode, SavedPlan};
use schemadiff::Error;
use schemadiff::Schema;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

pub(crate) fn print_saved(saved: &SavedPlan) {
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

pub(crate) fn print_skipped(live: &LivePlan) {
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
pub(crate) fn parse_hazards(kinds: &[String]) -> Result<Vec<String>, Error> {
    schemadiff::parse_hazards(kinds).map_err(|e| Error::Input(format!("--allow-hazards: {e}")))
}

pub(crate) fn apply_saved(
    db: &mut Database,
    saved: &SavedPlan,
    settings: &schemadiff_apply::run::Settings,
    yes: bool,
    allow_destructive: bool,
    allowed: &[String],
    states: Option<(&Schema, &Schema)>,
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
        prepare: &|s| {
            crate::settings::get().exclude.apply(s);
        },
    };
    println!("== Applying {} step(s) ==", statements.len());
    let progress = crate::term::Progress::new(statements.len());
    let mut on_event = |e: schemadiff_apply::run::Event| match e {
        schemadiff_apply::run::Event::Locked => {}
        schemadiff_apply::run::Event::Start { sql, index } => {
            let first = sql.lines().next().unwrap_or_default();
            println!("-- {first}");
            let _ = std::io::stdout().flush();
            progress.start(index, sql);
        }
        schemadiff_apply::run::Event::Retry { attempt, wait, .. } => {
            println!(
                "   -> waited for a lock past --lock-timeout; trying again in {:.2}s (retry {attempt})",
                wait.as_secs_f64()
            );
        }
        schemadiff_apply::run::Event::Done { took, .. } => {
            progress.done();
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
        Err(schemadiff_apply::run::ApplyError::Drift { now, .. }) => drifted(&now, states),
        Err(e) => Err(Error::Database(format!("{e}\n{}", left_behind(&e)))),
    }
}

/// What a failed apply leaves: nothing, unless statements that run outside
/// a transaction (or groups before them) were committed first.
fn left_behind(e: &schemadiff_apply::run::ApplyError) -> String {
    let schemadiff_apply::run::ApplyError::Statement { committed, sql, .. } = e else {
        return "Rolled back: the database is unchanged.".into();
    };
    let mut said = if *committed == 0 {
        "Rolled back: the database is unchanged.".to_string()
    } else {
        format!(
            "The {committed} statement(s) before it stay committed (they run outside one \
             transaction); the rest was rolled back. Plan again to see what is left."
        )
    };
    if sql.contains(" CONCURRENTLY ") && sql.starts_with("CREATE") {
        said.push_str(
            " PostgreSQL leaves a failed concurrent index build behind, marked invalid; the next \
             plan drops and builds it again.",
        );
    }
    said
}

/// The database changed between the plan and the lock. When it already is
/// what the plan makes (another deploy applied the same state), that is
/// success; otherwise refuse, showing what changed since the plan.
fn drifted(now: &Schema, states: Option<(&Schema, &Schema)>) -> Result<ExitCode, Error> {
    let Some((from, to)) = states else {
        return Err(Error::Database(
            "the database changed since the plan was made, and this plan file does not hold the \
             schemas to show how (it was made by an older schemadiff); nothing was changed: make a \
             new plan"
                .into(),
        ));
    };
    let options = schemadiff::Options { online: false };
    let left = live::plan_live(now, to, Mode::Converge, options)?;
    if left.changes.is_empty() {
        println!(
            "== Nothing to apply: the database already matches the desired schema (another apply \
             got there while this one waited for the lock) =="
        );
        return Ok(ExitCode::SUCCESS);
    }
    let since = schemadiff::plan_schemas_with(from, now, options)?;
    Err(Error::Database(format!(
        "the database changed since the plan was made, and no longer holds what the plan was made \
         for; nothing was changed: make a new plan. What changed since (as steps from the schema \
         planned from to the one there now):\n{}",
        since.text()
    )))
}
