//! schemadiff as a library: declarative schema diffs for PostgreSQL.
//!
//! The entry points are [`plan`] (in-memory schema texts) and [`plan_paths`]
//! (files and directories). Each takes the current and the desired state and
//! returns [`Changes`], which renders as SQL, as the reviewer's text summary,
//! or as JSON — so a project can snapshot-test its own schema changes:
//!
//! ```
//! use schemadiff::{plan, Source};
//!
//! let before = [Source::sql("v1.sql", "CREATE TABLE users (id bigint PRIMARY KEY);")];
//! let after = [Source::yaml("v2.yaml", r#"
//! tables:
//!   users:
//!     columns:
//!       id:    { type: bigint, primary_key: true }
//!       email: { type: string, null: false }
//! "#)];
//! let changes = plan(&before, &after).unwrap();
//! assert_eq!(
//!     changes.sql(),
//!     "ALTER TABLE public.users ADD COLUMN email character varying NOT NULL;\n"
//! );
//! // In a test: insta::assert_snapshot!(changes.text());
//! ```
//!
//! The pipeline behind it: `schemadiff_parser` (files into the canonical
//! model), `schemadiff_differ` (ordered steps), `schemadiff_emit` (SQL and
//! reports). This crate also holds the `schemadiff` binary, a thin shell.

pub use schemadiff_differ::{DiffError, Hazard, Options, Plan, Step};
pub use schemadiff_model::Schema;
pub use schemadiff_parser::{Format, Loc, ParseError, Source};

pub mod config;
pub mod exclude;
pub mod live;
pub mod scratch;
pub mod versioned;

use std::path::PathBuf;

/// Why a plan could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A schema file is malformed or holds something schemadiff cannot model.
    #[error("{0}")]
    Parse(#[from] ParseError),
    /// The change cannot be planned (yet); nothing would be applied.
    #[error("{0}")]
    Diff(#[from] DiffError),
    /// Connecting to or reading a database failed (passwords redacted).
    #[error("{0}")]
    Database(String),
    /// A file or argument is unusable (a plan file, an output path).
    #[error("{0}")]
    Input(String),
}

/// Hazard names a user accepts (`row_scan`, …, or `all`), checked; data
/// loss is not among them (it is `--allow-destructive`'s).
pub fn parse_hazards<S: AsRef<str>>(kinds: &[S]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for k in kinds
        .iter()
        .map(|k| k.as_ref().trim())
        .filter(|k| !k.is_empty())
    {
        if k == "all" {
            out.extend(Hazard::ALL.iter().map(|h| h.as_str().to_string()));
        } else if k == "data_loss" {
            return Err("data loss is accepted with --allow-destructive".into());
        } else if Hazard::parse(k).is_some() {
            out.push(k.to_string());
        } else {
            return Err(format!(
                "unknown hazard `{k}` (table_rewrite, blocking_lock, row_scan, irreversible, all)"
            ));
        }
    }
    Ok(out)
}

/// A computed plan, ready to render.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub plan: Plan,
}

impl Changes {
    /// The SQL script: one statement per step, in order.
    pub fn sql(&self) -> String {
        schemadiff_emit::sql(&self.plan)
    }

    /// The reviewer's summary (`+` create, `~` alter, `-` drop, hazards
    /// flagged), followed by the SQL.
    pub fn text(&self) -> String {
        schemadiff_emit::text(&self.plan)
    }

    /// A pull-request comment: summary table, hazards, SQL in a fenced block.
    pub fn markdown(&self) -> String {
        schemadiff_emit::markdown(&self.plan)
    }

    /// [`Changes::markdown`] with a Mermaid ER diagram of the tables that
    /// differ between `before` and `after` (the schemas planned between),
    /// added, changed and dropped ones and their columns marked.
    pub fn markdown_with_diagram(&self, before: &Schema, after: &Schema) -> String {
        let d = schemadiff_emit::diagram::mermaid_changes(before, after);
        schemadiff_emit::markdown_with(&self.plan, d.as_deref())
    }

    /// The stable JSON report (see `schemadiff_emit::JsonPlan`).
    pub fn json(&self) -> String {
        schemadiff_emit::json(&self.plan)
    }

    pub fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }

    /// Each step's statement, whether it may run inside a transaction
    /// (`CREATE INDEX CONCURRENTLY` may not) and whether it commits on its
    /// own: run consecutive shared transactional ones together, the others
    /// alone — as `apply` does.
    pub fn statements(&self) -> Vec<schemadiff_apply::run::Statement> {
        self.plan
            .steps
            .iter()
            .map(|s| schemadiff_apply::run::Statement {
                sql: schemadiff_emit::statement(s),
                transactional: s.transactional(),
                alone: s.alone,
                origin: s.origin.clone(),
            })
            .collect()
    }

    /// Steps that would lose data.
    pub fn destructive_steps(&self) -> impl Iterator<Item = &Step> {
        self.plan.steps.iter().filter(|s| s.destructive())
    }
}

/// Plans the change from the schema in `current` to the one in `desired`.
/// Either side may be empty (an empty database).
pub fn plan(current: &[Source], desired: &[Source]) -> Result<Changes, Error> {
    let from = schemadiff_parser::parse_sources(current)?;
    let to = schemadiff_parser::parse_sources(desired)?;
    plan_schemas(&from, &to)
}

/// Plans from schema files or directories (`.yaml`, `.yml`, `.sql`).
/// The two sides are parsed on two threads.
pub fn plan_paths(current: &[PathBuf], desired: &[PathBuf]) -> Result<Changes, Error> {
    plan_paths_with(current, desired, Options::default())
}

/// [`plan_paths`] with explicit options (`online: false` for plain DDL).
pub fn plan_paths_with(
    current: &[PathBuf],
    desired: &[PathBuf],
    options: Options,
) -> Result<Changes, Error> {
    let (from, to) = parse_pair(current, desired)?;
    plan_schemas_with(&from, &to, options)
}

/// Parses the current and the desired files side by side (on two threads);
/// the desired side's errors come first: that is the file being edited.
pub fn parse_pair(current: &[PathBuf], desired: &[PathBuf]) -> Result<(Schema, Schema), Error> {
    let (from, to) = schemadiff_parser::parse_pair(current, desired);
    let to = to?;
    Ok((from?, to))
}

/// A schema with no objects at all: as a desired state, almost always a
/// wrong path (it would drop everything), so commands ask for
/// `--allow-empty`.
pub fn holds_nothing(s: &Schema) -> bool {
    s.schemas.is_empty()
        && s.extensions.is_empty()
        && s.enums.is_empty()
        && s.domains.is_empty()
        && s.composites.is_empty()
        && s.sequences.is_empty()
        && s.tables.is_empty()
        && s.views.is_empty()
        && s.functions.is_empty()
}

/// A desired state with no objects at all is almost always a wrong path (an
/// empty file, a directory of something else); it would drop everything,
/// so it needs `--allow-empty`. Views still to print count as objects.
pub fn refuse_empty(desired: &Schema, paths: &[PathBuf], allow_empty: bool) -> Result<(), Error> {
    if allow_empty || !holds_nothing(desired) || !desired.pending.is_empty() {
        return Ok(());
    }
    // Where to look: the first path, from its start.
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    Err(Error::Input(format!(
        "{}:1:1: the desired state holds no objects at all, so the plan would drop everything the database has. \
         That is almost always a wrong path; pass --allow-empty if it is what you mean",
        names.join(", ")
    )))
}

/// Plans between two models already parsed (or introspected).
pub fn plan_schemas(current: &Schema, desired: &Schema) -> Result<Changes, Error> {
    plan_schemas_with(current, desired, Options::default())
}

/// [`plan_schemas`] with explicit options.
pub fn plan_schemas_with(
    current: &Schema,
    desired: &Schema,
    options: Options,
) -> Result<Changes, Error> {
    Ok(Changes {
        plan: schemadiff_differ::diff_with(current, desired, options)?,
    })
}

pub fn yaml_json_schema() -> String {
    schemadiff_parser::yaml_json_schema()
}
