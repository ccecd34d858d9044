//! The local development database: a cluster under `.schemadiff/` in the
//! working directory, started from the installed server binaries on first
//! use and reused afterwards.
//!
//! When invoked as root the server runs as `postgres`, which must be able to
//! reach the data directory. If it cannot (a checkout under `/root`, say),
//! the data lives under the system temp directory instead and
//! `.schemadiff/data-dir` records where.

use crate::cluster::{Cluster, ClusterError};
use std::path::{Path, PathBuf};

/// The database the development cluster serves.
pub const DATABASE: &str = "schemadiff_dev";

/// Where the cluster for `workdir` keeps its data.
pub fn data_dir(workdir: &Path) -> Result<PathBuf, ClusterError> {
    let dir = workdir.join(".schemadiff");
    std::fs::create_dir_all(&dir)?;
    let dir = std::fs::canonicalize(&dir)?;
    std::fs::write(
        dir.join(".gitignore"),
        "# the local development database of schemadiff\n*\n",
    )?;
    if !crate::cluster::runs_as_other_user() || crate::cluster::server_user_can_reach(&dir) {
        return Ok(dir);
    }
    let hash = crate::sha256_hex(dir.to_string_lossy().as_bytes());
    let alt = std::env::temp_dir().join(format!("schemadiff-dev-{}", &hash[..12]));
    std::fs::write(dir.join("data-dir"), format!("{}\n", alt.to_string_lossy()))?;
    Ok(alt)
}

/// Starts (or reuses) the development cluster for `workdir` and makes sure
/// its database exists; returns the cluster and the database URL.
pub fn start(workdir: &Path) -> Result<(Cluster, String), ClusterError> {
    let cluster = Cluster::start(&data_dir(workdir)?)?;
    let mut admin =
        postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).map_err(|e| {
            ClusterError::Command {
                what: "connecting to the development cluster".into(),
                detail: crate::db_message(&e),
            }
        })?;
    let exists = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&DATABASE])
        .map_err(|e| ClusterError::Command {
            what: "listing databases".into(),
            detail: crate::db_message(&e),
        })?
        .is_some();
    if !exists {
        admin
            .batch_execute(&format!("CREATE DATABASE {DATABASE}"))
            .map_err(|e| ClusterError::Command {
                what: format!("creating database {DATABASE}"),
                detail: crate::db_message(&e),
            })?;
    }
    let url = cluster.url(DATABASE);
    Ok((cluster, url))
}

/// Stops the development cluster of `workdir` if it runs; says whether it did.
pub fn stop(workdir: &Path) -> Result<bool, ClusterError> {
    let dir = data_dir(workdir)?;
    match Cluster::existing(&dir)? {
        Some(c) if c.is_running() => c.stop().map(|_| true),
        _ => Ok(false),
    }
}
