//! Live databases: connecting (or starting the local development
//! database), planning against the catalog, saved plans, dumps.

use crate::{Changes, Error};
use schemadiff_differ::Step;
use schemadiff_model::Schema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// An open connection and how to name it in messages (password redacted).
pub struct Database {
    pub client: postgres::Client,
    /// The URL with any password replaced by `***`.
    pub label: String,
    /// True for the local development database under `.schemadiff/`.
    pub dev: bool,
    /// How to open a second connection (introspection reads on two).
    url: String,
}

/// Connects to `url`, or — with no URL — starts (or reuses) the local
/// development database of `workdir`.
pub fn connect(url: Option<&str>, workdir: &Path) -> Result<Database, Error> {
    match url {
        Some(url) => Ok(Database {
            client: schemadiff_apply::url::connect(url)
                .map_err(|e| Error::Database(e.to_string()))?,
            label: schemadiff_apply::url::redact(url),
            dev: false,
            url: url.to_string(),
        }),
        None => {
            let (_, url) = schemadiff_apply::dev::start(workdir)
                .map_err(|e| Error::Database(format!("local development database: {e}")))?;
            let client =
                schemadiff_apply::url::connect(&url).map_err(|e| Error::Database(e.to_string()))?;
            Ok(Database {
                client,
                label: url.clone(),
                dev: true,
                url,
            })
        }
    }
}

impl Database {
    /// The current schema, read from the catalog.
    /// A second connection, when one can be opened, reads columns and
    /// constraints alongside (same snapshot); without it, one reads all.
    pub fn introspect(&mut self) -> Result<Schema, Error> {
        let helper = schemadiff_apply::url::connect(&self.url).ok();
        schemadiff_introspect::introspect_with(&mut self.client, helper)
            .map(|i| i.schema)
            .map_err(|e| Error::Database(e.to_string()))
    }

    /// Spells every expression of `desired` that the server prints the same
    /// as its live counterpart as the live one (see
    /// `schemadiff_introspect::reconcile`).
    pub fn reconcile(
        &mut self,
        current: &Schema,
        desired: &mut Schema,
    ) -> Result<schemadiff_introspect::reconcile::Reconciled, Error> {
        schemadiff_introspect::reconcile::reconcile(&mut self.client, current, desired).map_err(
            |e| {
                Error::Database(format!(
                    "comparing expressions on the server: {}",
                    schemadiff_apply::db_message(&e)
                ))
            },
        )
    }
}

impl Database {
    /// A column type change the server has no cast for (`bigint` to
    /// `timestamp`) fails at apply: refuse it at plan time, where the
    /// desired state defines the column, unless the state declares the
    /// conversion (`using:`, `-- @using`). The server judges: `NULL::from::to`
    /// in a transaction rolled back (a type only the plan makes is left to
    /// apply).
    pub fn check_conversions(&mut self, plan: &schemadiff_differ::Plan) -> Result<(), Error> {
        let mut refused = Vec::new();
        for s in &plan.steps {
            let schemadiff_differ::Change::AlterColumnType {
                table,
                column,
                from,
                to,
                via_text: false,
                using: None,
                ..
            } = &s.change
            else {
                continue;
            };
            let mut tx = self
                .client
                .transaction()
                .map_err(|e| Error::Database(schemadiff_apply::db_message(&e)))?;
            let outcome = tx.batch_execute(&format!("SELECT NULL::{from}::{to}"));
            let _ = tx.rollback();
            if let Err(e) = outcome {
                if e.code() == Some(&postgres::error::SqlState::CANNOT_COERCE) {
                    refused.push(format!(
                        "{}column {table}.{column} changes type from {from} to {to}, and PostgreSQL \
                         has no cast between them: declare how its values convert, on the \
                         column's line (SQL: `-- @using expression`; YAML: `using: expression`){}",
                        s.origin.as_ref().map(|o| format!("{o}: ")).unwrap_or_default(),
                        if to.starts_with("timestamp")
                            && ["smallint", "integer", "bigint", "numeric", "double precision"]
                                .contains(&from.as_str())
                        {
                            format!(
                                ", e.g. `-- @using to_timestamp({})` for seconds since 1970",
                                schemadiff_model::quote_ident(column)
                            )
                        } else {
                            String::new()
                        },
                    ));
                }
            }
        }
        if refused.is_empty() {
            Ok(())
        } else {
            Err(Error::Input(refused.join("\n")))
        }
    }
}

/// How `apply` turns the difference into steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Every step the difference needs.
    #[default]
    Converge,
    /// DataMapper's `auto_upgrade!`: create and widen, never drop or narrow.
    AdditiveOnly,
    /// DataMapper's `auto_migrate!`: drop every managed object, then build
    /// the desired schema from nothing.
    Reset,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Converge => "apply",
            Mode::AdditiveOnly => "additive-only",
            Mode::Reset => "reset",
        }
    }
}

/// A plan against a live database.
pub struct LivePlan {
    pub changes: Changes,
    /// Steps left out by `--additive-only`.
    pub skipped: Vec<Step>,
}

/// Plans from `current` (as introspected) to `desired` in `mode`.
pub fn plan_live(
    current: &Schema,
    desired: &Schema,
    mode: Mode,
    options: schemadiff_differ::Options,
) -> Result<LivePlan, Error> {
    let diff = || schemadiff_differ::diff_with(current, desired, options);
    let (plan, skipped) = match mode {
        Mode::Converge => (diff()?, vec![]),
        Mode::AdditiveOnly => diff()?.additive_only(),
        Mode::Reset => (schemadiff_differ::reset(current, desired)?, vec![]),
    };
    Ok(LivePlan {
        changes: Changes { plan },
        skipped,
    })
}

/// A reviewed plan saved by `plan --out` and run by `apply --plan`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedPlan {
    pub format_version: u32,
    pub tool_version: String,
    /// Fingerprint of the database state the plan was computed from; apply
    /// refuses a database that no longer has it.
    pub fingerprint: String,
    /// Fingerprint of the desired schema.
    pub schema_hash: String,
    pub mode: String,
    pub steps: Vec<SavedStep>,
    /// The schema the plan was made from and the one it makes, in a saved
    /// plan file (as YAML text: the model's maps have structured keys):
    /// when the database drifted, `apply` shows what changed since, and
    /// sees when it already is what the plan makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedStep {
    pub action: String,
    pub kind: String,
    pub object: String,
    pub sql: String,
    pub hazards: Vec<String>,
    pub destructive: bool,
    /// False for a statement that must run outside a transaction
    /// (`CREATE INDEX CONCURRENTLY`).
    #[serde(default = "yes")]
    pub transactional: bool,
    /// Commits on its own.
    #[serde(default)]
    pub alone: bool,
    /// Where the desired state defines what it makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

fn yes() -> bool {
    true
}

impl SavedPlan {
    /// The plan `live` made from `current` (as introspected) to `desired`;
    /// the fingerprints are taken here, only when a plan is kept or run.
    pub fn new(live: &LivePlan, mode: Mode, current: &Schema, desired: &Schema) -> Self {
        SavedPlan {
            format_version: 1,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            fingerprint: schemadiff_apply::fingerprint(current),
            schema_hash: schemadiff_apply::fingerprint(desired),
            mode: mode.name().to_string(),
            steps: live
                .changes
                .plan
                .steps
                .iter()
                .map(|s| SavedStep {
                    action: format!("{:?}", s.action).to_lowercase(),
                    kind: s.object_kind.to_string(),
                    object: s.object.clone(),
                    sql: schemadiff_emit::statement(s),
                    hazards: s.hazards.iter().map(|h| h.as_str().to_string()).collect(),
                    destructive: s.destructive(),
                    transactional: s.transactional(),
                    alone: s.alone,
                    origin: s.origin.clone(),
                })
                .collect(),
            from: None,
            to: None,
        }
    }

    /// The plan with the two schemas it was made between, for a file.
    pub fn with_states(mut self, current: &Schema, desired: &Schema) -> Self {
        let text = |s: &Schema| serde_yaml::to_string(s).expect("a schema serialises");
        self.from = Some(text(current));
        self.to = Some(text(desired));
        self
    }

    /// The two schemas of [`SavedPlan::with_states`], if the file holds
    /// them.
    pub fn states(&self) -> Result<Option<(Schema, Schema)>, Error> {
        let read = |t: &str| {
            serde_yaml::from_str::<Schema>(t)
                .map_err(|e| Error::Input(format!("the plan file's schemas cannot be read: {e}")))
        };
        match (&self.from, &self.to) {
            (Some(f), Some(t)) => Ok(Some((read(f)?, read(t)?))),
            _ => Ok(None),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a saved plan serialises") + "\n"
    }

    /// Reads a plan file, with the file named in any error.
    pub fn read(path: &Path) -> Result<SavedPlan, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
        let plan: SavedPlan = serde_json::from_str(&text).map_err(|e| {
            Error::Input(format!(
                "{}:{}:{}: not a schemadiff plan file: {e}",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        if plan.format_version != 1 {
            return Err(Error::Input(format!(
                "{}: plan format_version {} is not supported (this schemadiff writes 1)",
                path.display(),
                plan.format_version
            )));
        }
        Ok(plan)
    }

    pub fn statements(&self) -> Vec<schemadiff_apply::run::Statement> {
        self.steps
            .iter()
            .map(|s| schemadiff_apply::run::Statement {
                sql: s.sql.clone(),
                transactional: s.transactional,
                alone: s.alone,
                origin: s.origin.clone(),
            })
            .collect()
    }
}

/// `dump --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpFormat {
    Yaml,
    Sql,
}

/// A schema file for `schema`: YAML (schema.rb-like) or SQL (the script
/// that builds it from nothing). Either reads back into the same model.
pub fn dump(schema: &Schema, format: DumpFormat) -> Result<String, Error> {
    match format {
        DumpFormat::Sql => {
            let plan = schemadiff_differ::diff(&Schema::default(), schema)?;
            // As pg_dump: a function's body is checked when it runs, not
            // when it is made (it may use what is made after it).
            Ok(format!(
                "-- Schema dumped by schemadiff {}. Desired state: edit, then `schemadiff apply --schema <this file>`.\n\nSET check_function_bodies = false;\n\n{}",
                env!("CARGO_PKG_VERSION"),
                schemadiff_emit::sql(&plan)
            ))
        }
        DumpFormat::Yaml => schemadiff_parser::to_yaml(schema)
            .map(|y| {
                format!(
                    "# Schema dumped by schemadiff {}. Desired state: edit, then `schemadiff apply --schema <this file>`.\n{y}",
                    env!("CARGO_PKG_VERSION")
                )
            })
            .map_err(|problems| {
                Error::Input(format!(
                    "the YAML format cannot express {} thing(s) in this database; use --format sql:\n  - {}",
                    problems.len(),
                    problems.join("\n  - ")
                ))
            }),
    }
}
