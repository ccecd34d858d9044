//! Shared test machinery: one PostgreSQL cluster per test run (started with
//! the same code as the local development database), one database per test.

#![allow(dead_code)]

use schemadiff::Source;
use schemadiff_apply::cluster::Cluster;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

pub fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        // Under the system temp dir: the server may run as `postgres`, which
        // cannot always reach the checkout.
        let root = std::env::var_os("SCHEMADIFF_TEST_CLUSTER")
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("schemadiff-test-cluster"));
        let c =
            Cluster::start(&root).unwrap_or_else(|e| panic!("cannot start the test cluster: {e}"));
        // The roles the privilege fixtures grant to: roles belong to the
        // cluster, not to a schema, so they are made once here.
        let mut admin = postgres::Client::connect(&c.url("postgres"), postgres::NoTls)
            .expect("connect to postgres");
        for role in FIXTURE_ROLES {
            admin
                .batch_execute(&format!(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') \
                     THEN CREATE ROLE {role}; END IF; END $$"
                ))
                .expect("create the fixture roles");
        }
        c
    })
}

/// Roles every test database can grant to.
pub const FIXTURE_ROLES: [&str; 3] = ["app_reader", "app_writer", "app_admin"];

/// The test cluster's major version (15, 18, ...).
pub fn server_major() -> i32 {
    let mut admin = postgres::Client::connect(&cluster().url("postgres"), postgres::NoTls)
        .expect("connect to postgres");
    let n: i32 = admin
        .query_one("SELECT current_setting('server_version_num')::int", &[])
        .expect("server version")
        .get(0);
    n / 10000
}

/// A fresh, empty database of its own for one test.
pub struct TestDb {
    pub name: String,
    pub client: postgres::Client,
}

pub fn fresh_db(label: &str) -> TestDb {
    static N: AtomicUsize = AtomicUsize::new(0);
    let c = cluster();
    let clean: String = label
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() {
                ch.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    let name = format!(
        "t{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        clean
    );
    let mut admin = postgres::Client::connect(&c.url("postgres"), postgres::NoTls)
        .expect("connect to postgres");
    admin
        .batch_execute(&format!("CREATE DATABASE \"{name}\" TEMPLATE template0"))
        .expect("create test database");
    let client = postgres::Client::connect(&c.url(&name), postgres::NoTls)
        .expect("connect to test database");
    TestDb { name, client }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) =
            postgres::Client::connect(&cluster().url("postgres"), postgres::NoTls)
        {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ));
        }
    }
}

impl TestDb {
    /// This database's URL.
    pub fn url(&self) -> String {
        cluster().url(&self.name)
    }

    /// Loads a desired-state file set: SQL as written, YAML through the
    /// plan from an empty schema (the only way to load YAML).
    pub fn load(&mut self, sources: &[Source]) -> Result<(), String> {
        for s in sources
            .iter()
            .filter(|s| s.format == schemadiff::Format::Sql)
        {
            // As a user loads a schema file: psql runs it (its
            // meta-commands, `COPY … FROM stdin` rows and pg_dump's
            // `\restrict` lines included), stopping at the first error.
            self.psql(&s.text)
                .map_err(|e| format!("loading {}: {e}", s.name))?;
        }
        let yaml: Vec<Source> = sources
            .iter()
            .filter(|s| s.format == schemadiff::Format::Yaml)
            .cloned()
            .collect();
        if !yaml.is_empty() {
            let changes = plan_settled(&[], &yaml)?;
            self.execute_plan(&changes)?;
        }
        Ok(())
    }

    /// Runs `sql` through the cluster's psql, stopping at the first
    /// error (its message is the error).
    pub fn psql(&self, sql: &str) -> Result<(), String> {
        use std::io::Write;
        let mut child = std::process::Command::new(cluster().bin_dir.join("psql"))
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                &self.url(),
                "-f",
                "-",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("psql: {e}"))?;
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(sql.as_bytes())
            .map_err(|e| format!("psql: {e}"))?;
        let out = child.wait_with_output().map_err(|e| format!("psql: {e}"))?;
        if out.status.success() {
            return Ok(());
        }
        let err = String::from_utf8_lossy(&out.stderr);
        Err(err
            .lines()
            .find(|l| l.contains("ERROR"))
            .map(|l| l.split("ERROR:").last().unwrap_or(l).trim().to_string())
            .unwrap_or_else(|| err.trim().to_string()))
    }

    /// Runs a plan as apply does: consecutive transactional statements in
    /// one transaction, the others (`CONCURRENTLY`) on their own.
    pub fn execute_plan(&mut self, changes: &schemadiff::Changes) -> Result<(), String> {
        let statements = changes.statements();
        // As apply: function bodies are checked when they run.
        self.client
            .batch_execute("SET check_function_bodies = false")
            .map_err(|e| e.to_string())?;
        for range in schemadiff_apply::run::groups(&statements) {
            let run = |c: &mut dyn FnMut(&str) -> Result<(), postgres::Error>| {
                statements[range.clone()].iter().try_for_each(|s| {
                    c(&s.sql).map_err(|e| format!("{}\n  in: {}", db_error(&e), s.sql))
                })
            };
            if statements[range.start].transactional {
                let mut tx = self.client.transaction().map_err(|e| e.to_string())?;
                run(&mut |sql| tx.batch_execute(sql))?;
                tx.commit().map_err(|e| e.to_string())?;
            } else {
                run(&mut |sql| self.client.batch_execute(sql))?;
            }
        }
        Ok(())
    }

    /// The live schema, read by the introspector.
    pub fn introspect(&mut self) -> Result<schemadiff::Schema, String> {
        schemadiff_introspect::introspect(&mut self.client)
            .map(|i| i.schema)
            .map_err(|e| format!("introspecting {}: {e}", self.name))
    }

    /// The schema as `pg_dump -s` prints it (without schemadiff's own
    /// bookkeeping schema, ownership or privileges), normalised: no comments
    /// or settings, and the column lines of each table sorted (column order
    /// is not part of a diff).
    pub fn dump(&self) -> String {
        self.dump_with(&["--no-privileges"])
    }

    /// As [`TestDb::dump`], with privileges (`GRANT`, default privileges).
    pub fn dump_with_privileges(&self) -> String {
        self.dump_with(&[])
    }

    fn dump_with(&self, extra: &[&str]) -> String {
        let mut args = vec![
            "--schema-only",
            "--no-owner",
            // schemadiff's bookkeeping (apply and migration history) and
            // the migration runner's (Rails') versions are not schema.
            "--exclude-schema=schemadiff",
            "--exclude-table=schema_migrations",
            "--exclude-table=ar_internal_metadata",
        ];
        args.extend_from_slice(extra);
        let raw = cluster()
            .client("pg_dump", &self.name, &args)
            .expect("pg_dump");
        normalise_dump(&raw)
    }
}

/// Parses a file set and, when it has views or DO blocks, lets a scratch
/// database of its own (on the test cluster) print them, as the command
/// does with `--dev-database`.
pub fn parse_settled(sources: &[Source]) -> Result<schemadiff::Schema, String> {
    let mut schema = schemadiff_parser::parse_sources(sources).map_err(|e| e.to_string())?;
    settle(&mut schema)?;
    Ok(schema)
}

/// See [`parse_settled`].
pub fn settle(schema: &mut schemadiff::Schema) -> Result<(), String> {
    if schema.pending.is_empty() {
        return Ok(());
    }
    let mut scratch = fresh_db("scratch");
    let label = scratch.name.clone();
    schemadiff::scratch::resolve_on(schema, &mut scratch.client, &label)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// [`schemadiff::plan`], with views printed by a scratch database.
pub fn plan_settled(current: &[Source], desired: &[Source]) -> Result<schemadiff::Changes, String> {
    let from = parse_settled(current)?;
    let to = parse_settled(desired)?;
    schemadiff::plan_schemas(&from, &to).map_err(|e| e.to_string())
}

/// PostgreSQL's message, first line only (details follow on later lines).
pub fn db_error(e: &postgres::Error) -> String {
    let m = schemadiff_apply::db_message(e);
    m.lines().next().unwrap_or_default().to_string()
}

pub fn normalise_dump(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_table = false;
    let mut cols: Vec<String> = Vec::new();
    let mut grants: Vec<String> = Vec::new();
    for line in raw.lines() {
        if line.starts_with("--")
            || line.starts_with("\\restrict")
            || line.starts_with("\\unrestrict")
            || line.starts_with("SET ")
            || line.starts_with("SELECT pg_catalog.set_config")
            || line.trim().is_empty()
        {
            continue;
        }
        // An object's access-list entries print in the order they were
        // granted; it means nothing.
        let is_grant = ["GRANT ", "REVOKE ", "ALTER DEFAULT PRIVILEGES "]
            .iter()
            .any(|p| line.starts_with(p));
        if is_grant && !in_table {
            grants.push(line.to_string());
            continue;
        }
        grants.sort();
        out.append(&mut grants);
        if in_table {
            if line.starts_with(')') {
                cols.sort();
                out.append(&mut cols);
                out.push(line.to_string());
                in_table = false;
            } else {
                cols.push(line.trim_end_matches(',').to_string());
            }
            continue;
        }
        if (line.starts_with("CREATE TABLE ") || line.starts_with("CREATE UNLOGGED TABLE "))
            && line.ends_with('(')
        {
            in_table = true;
        }
        // Storage parameters keep the order they were set in; it means
        // nothing.
        if let Some(list) = line
            .strip_prefix("WITH (")
            .and_then(|l| l.strip_suffix(");"))
        {
            let mut items: Vec<&str> = list.split(", ").collect();
            items.sort();
            out.push(format!("WITH ({});", items.join(", ")));
            continue;
        }
        out.push(line.to_string());
    }
    grants.sort();
    out.append(&mut grants);
    out.join("\n") + "\n"
}

/// One case under `fixtures/<area>/<case>/`: `from.*` and `to.*` files.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub dir: PathBuf,
}

/// The checkout's root: the nearest ancestor of this package holding
/// `fixtures/` (this module is shared by more than one test package).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|p| p.join("fixtures").is_dir() && p.join("Cargo.toml").is_file())
        .expect("workspace root")
        .to_path_buf()
}

pub fn fixture_cases() -> Vec<Case> {
    let root = workspace_root().join("fixtures");
    let mut cases = Vec::new();
    for area in sorted_dirs(&root) {
        for case in sorted_dirs(&area) {
            let name = format!(
                "{}__{}",
                area.file_name().unwrap().to_string_lossy(),
                case.file_name().unwrap().to_string_lossy()
            );
            cases.push(Case { name, dir: case });
        }
    }
    cases
}

fn sorted_dirs(p: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(p)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

impl Case {
    /// The sources of one side (`from` or `to`) in one format, if present.
    pub fn side(&self, side: &str, format: schemadiff::Format) -> Option<Vec<Source>> {
        let ext = match format {
            schemadiff::Format::Yaml => "yaml",
            schemadiff::Format::Sql => "sql",
            schemadiff::Format::Rails => "rb",
        };
        let p = self.dir.join(format!("{side}.{ext}"));
        let text = std::fs::read_to_string(&p).ok()?;
        Some(vec![Source::new(
            format!("fixtures/{}/{side}.{ext}", self.name.replace("__", "/")),
            text,
            format,
        )])
    }

    /// The side's sources, preferring SQL (it loads without schemadiff).
    pub fn sources(&self, side: &str) -> Vec<Source> {
        self.side(side, schemadiff::Format::Sql)
            .or_else(|| self.side(side, schemadiff::Format::Yaml))
            .unwrap_or_default()
    }
}

/// Runs `f` over `items` on a few threads; returns the failures.
pub fn parallel<T: Sync, F: Fn(&T) -> Result<(), String> + Sync>(
    items: &[T],
    threads: usize,
    f: F,
) -> Vec<String> {
    let next = AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(item) = items.get(i) else { break };
                if let Err(e) = f(item) {
                    failures.lock().unwrap().push(e);
                }
            });
        }
    });
    let mut v = failures.into_inner().unwrap();
    v.sort();
    v
}

/// A tool of the field, from PATH: in CI it must be there
/// (`SCHEMADIFF_REQUIRE_TOOLS`); elsewhere a test that needs it says it
/// was skipped.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("SCHEMADIFF_REQUIRE_TOOLS").is_none(),
            "{name} is not on PATH (.ci/run installs it)"
        );
        eprintln!("SKIPPED: {name} is not on PATH");
    }
    found
}

/// A folder of `../shared` (beside the checkout), which the tests of real
/// inputs read at test time. A fresh clone without it still passes: the
/// test says it was skipped and why — except in CI (`CI` set), where a
/// missing folder fails, so CI never skips silently.
pub fn shared_dir(name: &str) -> Option<PathBuf> {
    let dir = workspace_root().join("../shared").join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    let why = format!(
        "{} is missing (the shared inputs are not beside this checkout)",
        dir.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{why}; CI needs them");
    eprintln!("SKIPPED: {why}");
    None
}

/// A file under the system temp dir (named after the test process), removed
/// when dropped.
pub struct TempFile(PathBuf);

impl TempFile {
    pub fn new(name: &str, text: &str) -> TempFile {
        let p = std::env::temp_dir().join(format!("schemadiff-{}-{name}", std::process::id()));
        std::fs::write(&p, text).unwrap();
        TempFile(p)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
