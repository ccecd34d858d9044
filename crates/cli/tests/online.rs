//! Online plans on a busy table: a million rows and a second session
//! writing continuously while `schemadiff apply` adds an index, a foreign
//! key, a check and a NOT NULL. Online, the writer never waits as long as
//! the lock timeout; with `--no-online`, it does.

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

use common::*;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROWS: i64 = 1_000_000;
const LOCK_TIMEOUT: Duration = Duration::from_millis(300);

const DESIRED: &str = "
CREATE TABLE refs (id int PRIMARY KEY);
CREATE TABLE big (
    id bigint PRIMARY KEY,
    ref_id int REFERENCES refs (id),
    qty int CHECK (qty >= 0),
    email text NOT NULL
);
CREATE INDEX big_email_idx ON big (email);
";

/// Applies `DESIRED` to a fresh million-row table while a writer inserts
/// rows; returns the longest single insert the writer saw during the apply.
fn longest_write_during_apply(label: &str, extra: &[&str]) -> Duration {
    let mut db = fresh_db(label);
    db.client
        .batch_execute(&format!(
            "CREATE TABLE refs (id int PRIMARY KEY);
             INSERT INTO refs SELECT generate_series(1, 100);
             CREATE TABLE big (id bigint PRIMARY KEY, ref_id int, qty int, email text);
             INSERT INTO big SELECT g, g % 100 + 1, g % 50, 'user' || g || '@example.com'
               FROM generate_series(1, {ROWS}) g;
             ANALYZE big;"
        ))
        .unwrap();
    let desired = std::env::temp_dir().join(format!(
        "schemadiff-online-{label}-{}.sql",
        std::process::id()
    ));
    std::fs::write(&desired, DESIRED).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let url = db.url();
    let writer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let mut longest = Duration::ZERO;
            let mut id = ROWS + 1;
            while !stop.load(Ordering::SeqCst) {
                let t = Instant::now();
                c.execute(
                    "INSERT INTO big (id, ref_id, qty, email) VALUES ($1, 1, 1, 'writer@example.com')",
                    &[&id],
                )
                .unwrap();
                longest = longest.max(t.elapsed());
                id += 1;
            }
            (longest, id - ROWS - 1)
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let timeout = format!("{}ms", LOCK_TIMEOUT.as_millis());
    let o = Command::new(env!("CARGO_BIN_EXE_schemadiff"))
        .args([
            "apply",
            "--schema",
            desired.to_str().unwrap(),
            "--database",
            &db.url(),
        ])
        .args(["--yes", "--lock-timeout", &timeout])
        .args(extra)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    stop.store(true, Ordering::SeqCst);
    let (longest, writes) = writer.join().unwrap();
    // The database now matches: a second plan is empty.
    let again = Command::new(env!("CARGO_BIN_EXE_schemadiff"))
        .args(["plan", "--exit-code", "--database", &db.url(), "--schema"])
        .arg(&desired)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&desired);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    println!("{label}: {writes} inserts during the apply, the longest took {longest:?}");
    longest
}

#[test]
fn online_apply_never_blocks_a_writer_for_the_lock_timeout_and_plain_ddl_does() {
    let online = longest_write_during_apply("online", &["--allow-hazards", "row_scan"]);
    let plain = longest_write_during_apply("plain", &["--no-online", "--allow-hazards", "all"]);
    println!(
        "longest writer wait: online {online:?}, --no-online {plain:?} (lock timeout {LOCK_TIMEOUT:?})"
    );
    assert!(
        online < LOCK_TIMEOUT,
        "online apply blocked the writer for {online:?}"
    );
    assert!(
        plain > LOCK_TIMEOUT,
        "plain DDL blocked the writer for only {plain:?}; the table is too small to show it"
    );
}
