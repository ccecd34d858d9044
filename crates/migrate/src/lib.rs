//! The versioned half of schemadiff: timestamped migration files and the
//! runner that applies them as Rails' `db:migrate` family does.
//!
//! - [`files`]: the layouts schemadiff writes and reads (`rails`, `dbmate`,
//!   `golang-migrate`, `sqlx`, `flyway`), versions, names, statements.
//! - [`runner`]: `migrate`, `rollback`, `redo`, `up` / `down`, `status`,
//!   `version` on a live database, under the advisory lock `apply` takes.
//!
//! Writing files from a diff (`generate`) and checking them against the
//! desired state (`check`) live in the `schemadiff` crate, which plans.

pub mod files;
pub mod runner;

pub use files::{Layout, Migration};
pub use runner::Runner;

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// Bad arguments (an unknown version, a bad name).
    #[error("{0}")]
    Input(String),
    /// A migration file that cannot be read or run as written.
    #[error("{0}")]
    File(String),
    #[error("{0}")]
    Database(String),
    #[error("another schemadiff run holds the lock on this database (waited {0:?}); try again when it has finished")]
    Busy(std::time::Duration),
    /// A statement of a migration failed.
    #[error("{0}")]
    Statement(String),
    /// A migration failed; says what was kept.
    #[error("{0}")]
    Failed(String),
}
