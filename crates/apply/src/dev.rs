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
/// One start at a time within the process: a plan reads the database and
/// prints views in the scratch database on two threads, and both may start
/// the development cluster.
static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn start_cluster(workdir: &Path) -> Result<Cluster, ClusterError> {
    let _one = STARTING.lock().unwrap_or_else(|e| e.into_inner());
    Cluster::start(&data_dir(workdir)?)
}

pub fn start(workdir: &Path) -> Result<(Cluster, String), ClusterError> {
    let cluster = start_cluster(workdir)?;
    let url = ensure_database(&cluster, DATABASE)?;
    Ok((cluster, url))
}

/// The scratch database of the development cluster (started if needed):
/// where the desired state is loaded, inside a transaction that is rolled
/// back, for PostgreSQL to print what only it can (view queries).
pub fn scratch(workdir: &Path) -> Result<String, ClusterError> {
    let cluster = start_cluster(workdir)?;
    ensure_database(&cluster, SCRATCH_DATABASE)
}

/// The database of the development cluster that holds nothing: every use
/// of it is rolled back.
pub const SCRATCH_DATABASE: &str = "schemadiff_scratch";

fn ensure_database(cluster: &Cluster, name: &str) -> Result<String, ClusterError> {
    let mut admin =
        postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).map_err(|e| {
            ClusterError::Command {
                what: "connecting to the development cluster".into(),
                detail: crate::db_message(&e),
            }
        })?;
    let exists = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .map_err(|e| ClusterError::Command {
            what: "listing databases".into(),
            detail: crate::db_message(&e),
        })?
        .is_some();
    if !exists {
        admin
            // The scratch database starts from nothing, whatever template1 holds.
            .batch_execute(&if name == SCRATCH_DATABASE {
                format!("CREATE DATABASE {name} TEMPLATE template0")
            } else {
                format!("CREATE DATABASE {name}")
            })
            .map_err(|e| ClusterError::Command {
                what: format!("creating database {name}"),
                detail: crate::db_message(&e),
            })?;
    }
    Ok(cluster.url(name))
}

/// Stops the development cluster of `workdir` if it runs; says whether it did.
pub fn stop(workdir: &Path) -> Result<bool, ClusterError> {
    let dir = data_dir(workdir)?;
    match Cluster::existing(&dir)? {
        Some(c) if c.is_running() => c.stop().map(|_| true),
        _ => Ok(false),
    }
}
