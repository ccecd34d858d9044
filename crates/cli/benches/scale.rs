//! Scale benchmark: schemadiff against `pg_dump -s` on the same database,
//! in the same run.
//!
//!     cargo bench -p schemadiff --bench scale            # N = 1000 and 10000
//!     cargo bench -p schemadiff --bench scale -- 200     # other sizes
//!
//! For each N it generates a schema of N tables (typed columns with
//! defaults, an identity key, three indexes of which one partial and one on
//! an expression, a foreign key, a check, a comment; columns of a few enum
//! types; one table in 50 also with a view that joins it to its parent and
//! a trigger running a shared trigger function; one in 50 also with a
//! partitioned table of two range partitions and an index; grants on every
//! table, and column grants on one in ten), loads it into a fresh
//! database of a private cluster, and
//! measures with the release binary (best of three runs, wall time; peak
//! resident memory from the kernel's accounting of each child):
//!
//! - `pg_dump -s` of that database (the yardstick);
//! - `schemadiff plan --database` against a desired file that changes 2% of
//!   the tables;
//! - `schemadiff plan --from --to` of the two files, offline;
//! - the same with one view changed as well.
//!
//! Views need a scratch database to print their queries (`--dev-database`,
//! an empty database of the same cluster): its time is part of the live
//! plan. Offline, views the two sides hold alike over the same tables
//! compare as written, without one: the 2% change leaves the views alone,
//! so the last column measures the scratch path offline.
//!
//! Targets at N = 10 000: plan --database ≤ 0.5× pg_dump, offline plan
//! ≤ 0.25× pg_dump, peak memory ≤ 300 MB. The report also goes to
//! `target/bench-report.txt`.

use schemadiff_apply::cluster::Cluster;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ENUMS: usize = 5;

/// The schema of `n` tables; with `changed`, every 50th table gains a column
/// and an index (2% of the tables change).
fn schema(n: usize, changed: bool) -> String {
    let mut sql = String::from(
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN NEW.created_at := now(); RETURN NEW; END $$;\n",
    );
    for e in 0..ENUMS {
        sql.push_str(&format!(
            "CREATE TYPE state_{e} AS ENUM ('new', 'active', 'done');\n"
        ));
    }
    for i in 0..n {
        let fk = if i > 0 {
            format!(
                ",\n    parent_id bigint REFERENCES t{} (id) ON DELETE CASCADE",
                i - 1
            )
        } else {
            String::new()
        };
        let extra = if changed && i % 50 == 0 {
            ",\n    archived_at timestamptz"
        } else {
            ""
        };
        sql.push_str(&format!(
            "CREATE TABLE t{i} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name varchar(80) NOT NULL DEFAULT '',
    amount numeric(12,2) NOT NULL DEFAULT 0,
    qty integer DEFAULT 1 CHECK (qty >= 0),
    state state_{} NOT NULL DEFAULT 'new',
    flags boolean DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(){fk}{extra}
);
CREATE INDEX t{i}_name_idx ON t{i} (name);
CREATE INDEX t{i}_open_idx ON t{i} (created_at) WHERE state <> 'done';
CREATE INDEX t{i}_lower_name_idx ON t{i} (lower(name));
COMMENT ON TABLE t{i} IS 'table number {i}';
GRANT SELECT ON t{i} TO bench_reader;
",
            i % ENUMS
        ));
        if i % 10 == 0 {
            sql.push_str(&format!(
                "GRANT INSERT, UPDATE ON t{i} TO bench_writer;
                 GRANT SELECT (id, name) ON t{i} TO bench_writer;
"
            ));
        }
        if i % 50 == 10 {
            // A partitioned table with two range partitions and an index.
            sql.push_str(&format!(
                "CREATE TABLE p{i} (id bigint NOT NULL, created_at timestamptz NOT NULL, v numeric,                  PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
                 CREATE TABLE p{i}_a PARTITION OF p{i} FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2025-07-01 00:00:00+00');
                 CREATE TABLE p{i}_b PARTITION OF p{i} FOR VALUES FROM ('2025-07-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
                 CREATE INDEX p{i}_v_idx ON p{i} (v);
                 GRANT SELECT ON p{i} TO bench_reader;
"
            ));
        }
        if changed && i % 50 == 0 {
            sql.push_str(&format!(
                "CREATE INDEX t{i}_archived_idx ON t{i} (archived_at);\n"
            ));
        }
        if i % 50 == 25 {
            sql.push_str(&format!(
                "CREATE VIEW v{i} AS SELECT c.id, c.name, p.name AS parent_name, c.amount * c.qty AS total \
                 FROM t{i} c LEFT JOIN t{} p ON p.id = c.parent_id WHERE c.state <> 'done';\n\
                 CREATE TRIGGER t{i}_touch BEFORE UPDATE ON t{i} FOR EACH ROW EXECUTE FUNCTION touch();\n",
                i - 1
            ));
        }
    }
    sql
}

struct Measured {
    best: Duration,
    peak_rss_kb: i64,
}

/// Runs `cmd` `runs` times; the best wall time and the largest peak RSS.
// Each child is reaped by `wait4` (for its rusage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn measure(mut make: impl FnMut() -> Command, runs: usize) -> Measured {
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..runs {
        let mut cmd = make();
        cmd.stdout(std::process::Stdio::null());
        let start = Instant::now();
        let child = cmd.spawn().expect("spawn");
        let (status, rss) = wait_with_rusage(child.id() as libc::pid_t);
        let took = start.elapsed();
        assert!(status == 0 || status == 2, "{cmd:?} exited with {status}");
        best = best.min(took);
        peak = peak.max(rss);
    }
    Measured {
        best,
        peak_rss_kb: peak,
    }
}

/// Waits for `pid`; its exit code and peak resident set (KiB).
fn wait_with_rusage(pid: libc::pid_t) -> (i32, i64) {
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet reaped; both pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    (libc::WEXITSTATUS(status), usage.ru_maxrss)
}

fn run_size(cluster: &Cluster, n: usize, dir: &Path, report: &mut String) {
    let db = format!("bench_{n}");
    let mut admin =
        postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).expect("connect");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {db} TEMPLATE template0"))
        .unwrap();
    // The roles the schema grants to (roles belong to the cluster).
    admin
        .batch_execute(
            "DO $$ BEGIN \
               IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_reader') THEN CREATE ROLE bench_reader; END IF; \
               IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_writer') THEN CREATE ROLE bench_writer; END IF; \
             END $$",
        )
        .unwrap();
    let current_sql = schema(n, false);
    let desired_sql = schema(n, true);
    let current = dir.join(format!("current_{n}.sql"));
    let desired = dir.join(format!("desired_{n}.sql"));
    std::fs::write(&current, &current_sql).unwrap();
    std::fs::write(&desired, &desired_sql).unwrap();
    let view_changed = dir.join(format!("desired_view_{n}.sql"));
    std::fs::write(
        &view_changed,
        desired_sql.replacen(
            "c.amount * c.qty AS total",
            "c.amount * c.qty AS total, c.flags",
            1,
        ),
    )
    .unwrap();
    let t = Instant::now();
    let mut client = postgres::Client::connect(&cluster.url(&db), postgres::NoTls).unwrap();
    // In chunks: one transaction for 10 000 tables runs out of lock slots.
    let blocks: Vec<&str> = current_sql.split_inclusive(";\n").collect();
    for chunk in blocks.chunks(2000) {
        client.batch_execute(&chunk.concat()).expect("load");
    }
    client.batch_execute("ANALYZE").unwrap();
    eprintln!("N = {n}: loaded in {:.1}s", t.elapsed().as_secs_f64());

    let url = cluster.url(&db);
    // Where view queries are printed: an empty database, as a team would
    // keep one (`--dev-database`).
    let scratch = "bench_scratch";
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {scratch}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {scratch} TEMPLATE template0"))
        .unwrap();
    let scratch_url = cluster.url(scratch);
    let port = cluster.port.to_string();
    let bin = env!("CARGO_BIN_EXE_schemadiff");
    let pg_dump = measure(
        || {
            let mut c = Command::new(cluster.bin_dir.join("pg_dump"));
            c.args(["-s", "-h", "127.0.0.1", "-p", &port, "-U", "postgres", &db]);
            c
        },
        3,
    );
    let live = measure(
        || {
            let mut c = Command::new(bin);
            c.args(["plan", "--format", "sql", "--database", &url])
                .args(["--dev-database", &scratch_url, "--schema"])
                .arg(&desired);
            c.stderr(std::process::Stdio::null());
            c
        },
        3,
    );
    let offline = measure(
        || {
            let mut c = Command::new(bin);
            c.args(["plan", "--format", "sql", "--dev-database", &scratch_url])
                .arg("--from")
                .arg(&current)
                .arg("--to")
                .arg(&desired);
            c.stderr(std::process::Stdio::null());
            c
        },
        3,
    );
    let offline_view = measure(
        || {
            let mut c = Command::new(bin);
            c.args(["plan", "--format", "sql", "--dev-database", &scratch_url])
                .arg("--from")
                .arg(&current)
                .arg("--to")
                .arg(&view_changed);
            c.stderr(std::process::Stdio::null());
            c
        },
        3,
    );
    // The live plan is the 2% change, nothing else.
    let out = Command::new(bin)
        .args(["plan", "--format", "json", "--database", &url])
        .args(["--dev-database", &scratch_url, "--schema"])
        .arg(&desired)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("plan json");
    let steps = json["steps"].as_array().map_or(0, Vec::len);
    let expected = 2 * n.div_ceil(50);
    let ratio = |m: &Measured| m.best.as_secs_f64() / pg_dump.best.as_secs_f64();
    let mb = |m: &Measured| m.peak_rss_kb as f64 / 1024.0;
    report.push_str(&format!(
        "| {n} | {:.2}s ({:.0} MB) | {:.2}s = {:.2}× ({:.0} MB) | {:.2}s = {:.2}× ({:.0} MB) | {:.2}s = {:.2}× ({:.0} MB) | {steps} (expected {expected}) |\n",
        pg_dump.best.as_secs_f64(),
        mb(&pg_dump),
        live.best.as_secs_f64(),
        ratio(&live),
        mb(&live),
        offline.best.as_secs_f64(),
        ratio(&offline),
        mb(&offline),
        offline_view.best.as_secs_f64(),
        ratio(&offline_view),
        mb(&offline_view),
    ));
    drop(client);
    admin.batch_execute(&format!("DROP DATABASE {db}")).unwrap();
}

fn main() {
    // `cargo bench` passes `--bench`; sizes are the other arguments.
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1000, 10000]
    } else {
        sizes
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::temp_dir().join("schemadiff-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let cluster = Cluster::start(&dir.join("cluster")).expect("start a PostgreSQL cluster");
    let mut report = String::from(
        "| tables | pg_dump -s | plan --database | plan --from --to (offline) | offline, a view changed | plan steps |\n|---|---|---|---|---|---|\n",
    );
    for n in sizes {
        run_size(&cluster, n, &dir, &mut report);
        eprintln!("{}", report.lines().last().unwrap_or_default());
    }
    println!("{report}");
    let _ = std::fs::write(root.join("target/bench-report.txt"), &report);
    let _ = cluster.stop();
}
