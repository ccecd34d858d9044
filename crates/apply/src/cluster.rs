//! A private PostgreSQL cluster started from the installed server binaries.
//!
//! The binaries are found on PATH, through `pg_config --bindir`, or under
//! `/usr/lib/postgresql/*/bin`. PostgreSQL refuses to run as root, so when
//! invoked as root the server runs as the `postgres` user. The cluster
//! listens on 127.0.0.1 on a free port, with trust authentication for local
//! connections only, and is reused by later calls while it runs.

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "no PostgreSQL server binaries found (looked on PATH, in `pg_config --bindir` and under /usr/lib/postgresql/*/bin).\n\
         Install them, for example `apt-get install postgresql` on Debian or Ubuntu, or `brew install postgresql` on macOS"
    )]
    NoBinaries,
    #[error("{what} failed: {detail}")]
    Command { what: String, detail: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A running cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub data_dir: PathBuf,
    pub bin_dir: PathBuf,
    pub port: u16,
    /// The OS user the server runs as, when it is not the current user.
    pub run_as: Option<String>,
}

/// Whether the server will run as `postgres` rather than the current user.
pub fn runs_as_other_user() -> bool {
    is_root()
}

/// Whether the `postgres` user can enter and write `dir`.
pub fn server_user_can_reach(dir: &Path) -> bool {
    Command::new("runuser")
        .args(["-u", "postgres", "--", "test", "-x"])
        .arg(dir)
        .current_dir("/")
        .status()
        .is_ok_and(|s| s.success())
}

fn is_root() -> bool {
    // SAFETY-free check: `id -u` avoids a libc dependency.
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Finds the directory holding `initdb`, `pg_ctl` and `postgres`.
pub fn find_bin_dir() -> Result<PathBuf, ClusterError> {
    let has = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    if let Some(path) = std::env::var_os("PATH") {
        for d in std::env::split_paths(&path) {
            if has(&d) {
                // Resolve symlinks so pg_dump of the same version sits beside it.
                let real = std::fs::canonicalize(d.join("initdb"))
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_path_buf))
                    .unwrap_or(d);
                return Ok(real);
            }
        }
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let d = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if has(&d) {
            return Ok(d);
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|d| has(d))
        .collect();
    versions.sort();
    versions.pop().ok_or(ClusterError::NoBinaries)
}

impl Cluster {
    /// Starts the cluster in `data_dir`, creating it on first use; reuses it
    /// when it already runs.
    pub fn start(data_dir: &Path) -> Result<Cluster, ClusterError> {
        let bin_dir = find_bin_dir()?;
        let run_as = is_root().then(|| "postgres".to_string());
        std::fs::create_dir_all(data_dir)?;
        let data_dir = std::fs::canonicalize(data_dir)?;
        let mut c = Cluster {
            data_dir,
            bin_dir,
            port: 0,
            run_as,
        };
        let port_file = c.data_dir.join("schemadiff.port");
        if let Ok(p) = std::fs::read_to_string(&port_file) {
            if let Ok(port) = p.trim().parse() {
                c.port = port;
                if c.is_running() {
                    return Ok(c);
                }
            }
        }
        let pgdata = c.pgdata();
        if !pgdata.join("PG_VERSION").exists() {
            std::fs::create_dir_all(&pgdata)?;
            c.chown(&c.data_dir)?;
            c.run(
                "initdb",
                &[
                    "-D",
                    path_str(&pgdata),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "-N",
                ],
            )?;
        }
        c.port = free_port()?;
        std::fs::write(&port_file, c.port.to_string())?;
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            c.port,
            path_str(&c.data_dir)
        );
        let log = c.data_dir.join("server.log");
        c.run(
            "pg_ctl",
            &[
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                path_str(&pgdata),
                "-l",
                path_str(&log),
                "-o",
                &opts,
            ],
        )
        .map_err(|e| {
            let tail = std::fs::read_to_string(&log).unwrap_or_default();
            let last: Vec<&str> = tail.lines().rev().take(5).collect();
            ClusterError::Command {
                what: "starting PostgreSQL".into(),
                detail: format!(
                    "{e}; server log: {}",
                    last.into_iter().rev().collect::<Vec<_>>().join(" | ")
                ),
            }
        })?;
        Ok(c)
    }

    /// The cluster in `data_dir` as last started, if it was ever started
    /// there; it may or may not be running ([`Cluster::is_running`]).
    pub fn existing(data_dir: &Path) -> Result<Option<Cluster>, ClusterError> {
        let Ok(p) = std::fs::read_to_string(data_dir.join("schemadiff.port")) else {
            return Ok(None);
        };
        let Ok(port) = p.trim().parse() else {
            return Ok(None);
        };
        Ok(Some(Cluster {
            data_dir: data_dir.to_path_buf(),
            bin_dir: find_bin_dir()?,
            port,
            run_as: is_root().then(|| "postgres".to_string()),
        }))
    }

    fn pgdata(&self) -> PathBuf {
        self.data_dir.join("pgdata")
    }

    fn chown(&self, dir: &Path) -> Result<(), ClusterError> {
        if let Some(user) = &self.run_as {
            let st = Command::new("chown").args(["-R", user]).arg(dir).status()?;
            if !st.success() {
                return Err(ClusterError::Command {
                    what: format!("chown {}", dir.display()),
                    detail: format!("exit {st}"),
                });
            }
        }
        Ok(())
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<String, ClusterError> {
        let exe = self.bin_dir.join(tool);
        let out = match &self.run_as {
            Some(user) => Command::new("runuser")
                .args(["-u", user, "--"])
                .arg(&exe)
                .args(args)
                .current_dir("/")
                .output()?,
            None => Command::new(&exe).args(args).output()?,
        };
        stdout_of(tool, out)
    }

    pub fn is_running(&self) -> bool {
        std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok()
            && self
                .run("pg_ctl", &["status", "-D", path_str(&self.pgdata())])
                .is_ok()
    }

    /// Stops the server (fast shutdown).
    pub fn stop(&self) -> Result<(), ClusterError> {
        self.run(
            "pg_ctl",
            &["stop", "-m", "fast", "-w", "-D", path_str(&self.pgdata())],
        )
        .map(|_| ())
    }

    /// A connection URL for `database` (no password: trust authentication).
    pub fn url(&self, database: &str) -> String {
        format!("postgresql://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Runs a client tool of the same version (`pg_dump`, `psql`) against
    /// `database`, returning its standard output.
    pub fn client(
        &self,
        tool: &str,
        database: &str,
        args: &[&str],
    ) -> Result<String, ClusterError> {
        let exe = self.bin_dir.join(tool);
        let out = Command::new(exe)
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
            ])
            .args(args)
            .arg(database)
            .output()?;
        stdout_of(tool, out)
    }
}

/// A finished command's standard output, or its standard error as the error.
fn stdout_of(tool: &str, out: std::process::Output) -> Result<String, ClusterError> {
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(ClusterError::Command {
            what: tool.to_string(),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

fn free_port() -> Result<u16, ClusterError> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}
