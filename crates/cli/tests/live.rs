//! The real `schemadiff` binary against a real PostgreSQL: plan, apply and
//! dump on live databases, and what apply refuses.

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

use common::*;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_schemadiff"));
    c.current_dir(workspace_root())
        .env_remove("DATABASE_URL")
        .stdin(Stdio::null());
    c
}

fn schemadiff(args: &[&str]) -> Output {
    bin().args(args).output().expect("run schemadiff")
}

/// Runs `args` with a scratch database of its own (`--dev-database`): a
/// desired state may need one (views, DO blocks, SQL-standard bodies,
/// operators, …), and then no development cluster starts (test processes
/// running at once would each start it in the checkout).
fn with_scratch(_schema: &str, args: Vec<&str>) -> Output {
    let scratch = fresh_db("scratch");
    let url = scratch.url();
    let mut args = args;
    args.extend(["--dev-database", url.as_str()]);
    schemadiff(&args)
}

/// `schemadiff apply --schema SCHEMA --database URL EXTRA...`
fn apply(schema: &str, url: &str, extra: &[&str]) -> Output {
    let mut args = vec!["apply", "--schema", schema, "--database", url];
    args.extend_from_slice(extra);
    with_scratch(schema, args)
}

/// `plan --exit-code`; a fixture may well want an empty database.
fn plan_exit(schema: &str, url: &str) -> Output {
    with_scratch(
        schema,
        vec![
            "plan",
            "--schema",
            schema,
            "--database",
            url,
            "--exit-code",
            "--allow-empty",
        ],
    )
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn both(o: &Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", out(o), err(o))
}

fn example(v: &str) -> String {
    workspace_root()
        .join("schemas/examples")
        .join(v)
        .to_string_lossy()
        .into_owned()
}

fn history_rows(db: &mut TestDb) -> i64 {
    let exists: bool = db
        .client
        .query_one("SELECT to_regclass('schemadiff.applies') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    if !exists {
        return 0;
    }
    db.client
        .query_one("SELECT count(*) FROM schemadiff.applies", &[])
        .unwrap()
        .get(0)
}

/// A table `busy` that a second session holds an ACCESS EXCLUSIVE lock on
/// (released by sending it `ROLLBACK`), and a desired file whose plan first
/// creates a table and then needs that lock. Returns the dump before.
fn locked_table(db: &mut TestDb, label: &str) -> (String, postgres::Client, TempFile) {
    db.client
        .batch_execute("CREATE TABLE busy (id int PRIMARY KEY)")
        .unwrap();
    let before = db.dump();
    let mut holder = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let desired = TempFile::new(
        &format!("{label}.sql"),
        "CREATE TABLE a_first (id int); CREATE TABLE busy (id int PRIMARY KEY, note text);",
    );
    (before, holder, desired)
}

#[test]
fn apply_converges_then_reports_no_changes_and_plan_exit_codes_follow() {
    let mut db = fresh_db("cli_apply");
    let url = db.url();
    let v1 = example("blog_v1");
    let plan = plan_exit(&v1, &url);
    assert_eq!(plan.status.code(), Some(2), "{}", both(&plan));

    let first = apply(&v1, &url, &["--yes"]);
    assert!(first.status.success(), "{}", both(&first));
    let text = out(&first);
    assert!(text.contains("== Applying 5 step(s) =="), "{text}");
    assert!(text.contains("-- CREATE TABLE public.users ("), "{text}");
    assert!(text.contains("   -> 0."), "durations are printed: {text}");
    assert_eq!(history_rows(&mut db), 1);
    let row = db
        .client
        .query_one(
            "SELECT schema_hash, plan_sql, duration_ms, tool_version, mode FROM schemadiff.applies",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0).len(), 64);
    assert!(row
        .get::<_, String>(1)
        .contains("CREATE TABLE public.posts"));
    assert!(row.get::<_, f64>(2) > 0.0);
    assert_eq!(row.get::<_, String>(3), env!("CARGO_PKG_VERSION"));
    assert_eq!(row.get::<_, String>(4), "apply");

    let again = apply(&v1, &url, &["--yes"]);
    assert!(again.status.success(), "{}", both(&again));
    assert!(out(&again).starts_with("No changes"), "{}", both(&again));
    assert_eq!(history_rows(&mut db), 1, "an empty apply records nothing");

    let plan = plan_exit(&v1, &url);
    assert_eq!(plan.status.code(), Some(0), "{}", both(&plan));

    // DATABASE_URL is the fallback for --database.
    let via_env = bin()
        .args(["plan", "--schema", &v1, "--exit-code"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert_eq!(via_env.status.code(), Some(0), "{}", both(&via_env));
}

#[test]
fn destructive_steps_are_refused_and_listed_unless_allowed() {
    let mut db = fresh_db("cli_destructive");
    db.client
        .batch_execute(
            "CREATE TABLE keep (id int PRIMARY KEY, legacy text, n bigint);
             CREATE TABLE old (id int);
             CREATE INDEX keep_id_idx ON keep (id);
             INSERT INTO keep VALUES (1, 'x', 2);",
        )
        .unwrap();
    let before = db.dump();
    let desired = TempFile::new(
        "destructive.sql",
        "CREATE TABLE keep (id int PRIMARY KEY, n integer);",
    );
    let url = db.url();
    let o = apply(desired.path(), &url, &["--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    let e = err(&o);
    assert!(e.contains("refusing 4 destructive step(s)"), "{e}");
    for item in [
        "drop table public.old",
        "drop column public.keep.legacy",
        "drop index public.keep_id_idx",
        "alter column public.keep.n",
    ] {
        assert!(e.contains(item), "{item} is not listed:\n{e}");
    }
    assert_eq!(db.dump(), before, "a refused apply changes nothing");

    let o = apply(
        desired.path(),
        &url,
        &["--yes", "--allow-destructive", "--allow-hazards", "all"],
    );
    assert!(o.status.success(), "{}", both(&o));
    let again = plan_exit(desired.path(), &url);
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));
}

#[test]
fn without_a_terminal_apply_needs_yes() {
    let db = fresh_db("cli_noterm");
    let before = db.dump();
    let o = apply(&example("blog_v1"), &db.url(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(err(&o).contains("pass --yes"), "{}", both(&o));
    assert_eq!(db.dump(), before);
}

#[test]
fn a_failing_statement_rolls_everything_back_and_is_reported() {
    let mut db = fresh_db("cli_fail");
    db.client
        .batch_execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = db.dump();
    // The new table comes first; the NOT NULL column without a default then
    // fails on the existing row.
    let desired = TempFile::new(
        "fail.sql",
        "CREATE TABLE a_new (id int);\nCREATE TABLE t (id int PRIMARY KEY, must int NOT NULL);",
    );
    let o = apply(desired.path(), &db.url(), &["--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    let e = err(&o);
    // The error names where the file defines what failed.
    assert!(
        e.contains(&format!("{}:2:37: statement", desired.path())),
        "{e}"
    );
    assert!(
        e.contains("ALTER TABLE public.t ADD COLUMN must integer NOT NULL"),
        "{e}"
    );
    assert!(
        e.contains("contains null values"),
        "PostgreSQL's message: {e}"
    );
    assert!(e.contains("Rolled back: the database is unchanged."), "{e}");
    assert_eq!(db.dump(), before);
    assert_eq!(history_rows(&mut db), 0);
}

#[test]
fn saved_plans_apply_exactly_and_refuse_a_drifted_database() {
    let mut db = fresh_db("cli_saved");
    let url = db.url();
    let plan_file = TempFile::new("plan.json", "");
    let v1 = example("blog_v1");
    let o = schemadiff(&[
        "plan",
        "--schema",
        &v1,
        "--database",
        &url,
        "--out",
        plan_file.path(),
    ]);
    assert!(o.status.success(), "{}", both(&o));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(plan_file.path()).unwrap()).unwrap();
    assert_eq!(saved["format_version"], 1);
    assert_eq!(saved["fingerprint"].as_str().unwrap().len(), 64);

    // Someone changes the database after the review: refused, unchanged.
    db.client
        .batch_execute("CREATE TABLE sneaky (id int)")
        .unwrap();
    let drifted = db.dump();
    let o = schemadiff(&[
        "apply",
        "--plan",
        plan_file.path(),
        "--database",
        &url,
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(
        err(&o).contains("the database changed since the plan was made"),
        "{}",
        both(&o)
    );
    // What changed, as steps from the state planned from to the one there.
    assert!(err(&o).contains("What changed since"), "{}", both(&o));
    assert!(err(&o).contains("+ table  public.sneaky"), "{}", both(&o));
    assert_eq!(db.dump(), drifted);

    // Back to the reviewed state: the plan runs exactly.
    db.client.batch_execute("DROP TABLE sneaky").unwrap();
    let o = schemadiff(&[
        "apply",
        "--plan",
        plan_file.path(),
        "--database",
        &url,
        "--yes",
    ]);
    assert!(o.status.success(), "{}", both(&o));
    assert_eq!(history_rows(&mut db), 1);
    let again = plan_exit(&v1, &url);
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));

    // With --schema too, the files must be those the plan was made for.
    let o = schemadiff(&[
        "apply",
        "--plan",
        plan_file.path(),
        "--schema",
        &example("blog_v2"),
        "--database",
        &url,
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(err(&o).contains("schema files changed"), "{}", both(&o));
}

#[test]
fn passwords_never_appear_in_output() {
    let o = schemadiff(&[
        "plan",
        "--schema",
        &example("blog_v1"),
        "--database",
        "postgres://app:hunter2secret@127.0.0.1:1/nowhere",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!both(&o).contains("hunter2secret"), "{}", both(&o));
    assert!(
        err(&o).contains("postgres://app:***@127.0.0.1:1/nowhere"),
        "{}",
        both(&o)
    );

    let o = bin()
        .args(["apply", "--schema", &example("blog_v1"), "--yes"])
        .env(
            "DATABASE_URL",
            "host=127.0.0.1 port=1 user=app password=hunter2secret",
        )
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(!both(&o).contains("hunter2secret"), "{}", both(&o));

    // A password the server accepts is not echoed either (trust auth ignores it).
    let db = fresh_db("cli_password");
    let url = db.url().replace("postgres@", "postgres:hunter2secret@");
    let o = apply(&example("blog_v1"), &url, &["--yes"]);
    assert!(o.status.success(), "{}", both(&o));
    assert!(!both(&o).contains("hunter2secret"), "{}", both(&o));
    assert!(err(&o).contains(":***@"), "{}", both(&o));
}

/// Two deploys apply the same desired state at once: the second waits for
/// the first's lock, finds the database changed since its plan, sees that
/// it already holds the desired state, and says so with exit 0. A saved
/// plan run after the database got there another way does the same.
#[test]
fn two_deploys_of_the_same_state_both_succeed() {
    let mut db = fresh_db("cli_two_deploys");
    let v1 = example("blog_v1");
    let mut holder = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
    let key = 0x7363_6865_6d61_6469_i64;
    holder
        .execute("SELECT pg_advisory_lock($1)", &[&key])
        .unwrap();
    let start = || {
        bin()
            .args([
                "apply",
                "--schema",
                &v1,
                "--database",
                &db.url(),
                "--yes",
                "--lock-timeout",
                "60s",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start apply")
    };
    let (a, b) = (start(), start());
    // Both plan, then wait for the lock.
    let waiting = |c: &mut postgres::Client| -> i64 {
        c.query_one(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
            &[],
        )
        .unwrap()
        .get(0)
    };
    let t0 = std::time::Instant::now();
    while waiting(&mut holder) < 2 {
        assert!(
            t0.elapsed().as_secs() < 60,
            "the applies never waited for the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    holder
        .execute("SELECT pg_advisory_unlock($1)", &[&key])
        .unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", both(&a));
    assert!(b.status.success(), "{}", both(&b));
    let applied = [&a, &b]
        .iter()
        .filter(|o| out(o).contains("== Applied"))
        .count();
    let nothing = [&a, &b]
        .iter()
        .filter(|o| out(o).contains("Nothing to apply: the database already matches"))
        .count();
    assert_eq!((applied, nothing), (1, 1), "{}\n{}", both(&a), both(&b));
    assert_eq!(history_rows(&mut db), 1);
    let again = plan_exit(&v1, &db.url());
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));

    // A saved plan, made before the database got there another way.
    let db2 = fresh_db("cli_two_deploys_saved");
    let plan_file = TempFile::new("plan2.json", "");
    let o = schemadiff(&[
        "plan",
        "--schema",
        &v1,
        "--database",
        &db2.url(),
        "--out",
        plan_file.path(),
    ]);
    assert!(o.status.success(), "{}", both(&o));
    assert!(apply(&v1, &db2.url(), &["--yes"]).status.success());
    let o = schemadiff(&[
        "apply",
        "--plan",
        plan_file.path(),
        "--database",
        &db2.url(),
        "--yes",
    ]);
    assert!(o.status.success(), "{}", both(&o));
    assert!(out(&o).contains("Nothing to apply"), "{}", both(&o));
}

#[test]
fn a_second_apply_waits_for_the_first_and_gives_up_cleanly() {
    let mut db = fresh_db("cli_lock");
    let before = db.dump();
    let mut holder = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
    let key = 0x7363_6865_6d61_6469_i64;
    holder
        .execute("SELECT pg_advisory_lock($1)", &[&key])
        .unwrap();
    let o = apply(
        &example("blog_v1"),
        &db.url(),
        &["--yes", "--lock-timeout", "300ms"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(
        err(&o).contains("another schemadiff apply holds the lock"),
        "{}",
        both(&o)
    );
    assert_eq!(db.dump(), before);
    holder
        .execute("SELECT pg_advisory_unlock($1)", &[&key])
        .unwrap();

    // A table lock held elsewhere: lock_timeout ends the wait, all rolls back.
    drop(holder);
    let (before, mut holder, desired) = locked_table(&mut db, "busy");
    let o = apply(
        desired.path(),
        &db.url(),
        &["--yes", "--lock-timeout", "300ms"],
    );
    holder.batch_execute("ROLLBACK").unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(err(&o).contains("lock timeout"), "{}", both(&o));
    assert_eq!(db.dump(), before);
}

#[test]
fn killing_apply_midway_leaves_the_database_as_it_was() {
    let mut db = fresh_db("cli_kill");
    // Another session holds a lock the plan's second step needs, so apply is
    // stopped mid-transaction, after its first statement ran.
    let (before, mut holder, desired) = locked_table(&mut db, "kill");
    let mut child = bin()
        .args([
            "apply",
            "--schema",
            desired.path(),
            "--database",
            &db.url(),
            "--yes",
            "--lock-timeout",
            "60s",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the apply's session is blocked on the lock.
    let mut waiting = false;
    for _ in 0..200 {
        let n: i64 = db
            .client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE public.busy%'",
                &[],
            )
            .unwrap()
            .get(0);
        if n > 0 {
            waiting = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(waiting, "apply never reached the locked step");
    child.kill().unwrap();
    child.wait().unwrap();
    holder.batch_execute("ROLLBACK").unwrap();
    drop(holder);
    // The server ends the orphaned session; its transaction never commits.
    for _ in 0..200 {
        let n: i64 = db
            .client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                &[],
            )
            .unwrap()
            .get(0);
        if n == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(db.dump(), before, "no trace of the killed apply");
    assert_eq!(history_rows(&mut db), 0);
}

#[test]
fn additive_only_creates_and_widens_and_lists_what_it_skipped() {
    let mut db = fresh_db("cli_additive");
    db.client
        .batch_execute(
            "CREATE TABLE users (id int PRIMARY KEY, name varchar(20), legacy text, age bigint);
             CREATE TABLE old (id int);",
        )
        .unwrap();
    let desired = TempFile::new(
        "additive.sql",
        "CREATE TABLE users (id int PRIMARY KEY, name varchar(50), age int, email text);
         CREATE TABLE fresh (id int);",
    );
    let o = apply(desired.path(), &db.url(), &["--yes", "--additive-only"]);
    assert!(o.status.success(), "{}", both(&o));
    let text = out(&o);
    assert!(
        text.contains("Skipped by --additive-only (3 steps"),
        "{text}"
    );
    for skipped in [
        "- table  public.old",
        "- column  public.users.legacy",
        "~ column  public.users.age",
    ] {
        assert!(text.contains(skipped), "{skipped} not listed:\n{text}");
    }
    let live = schemadiff_introspect::introspect(&mut db.client)
        .unwrap()
        .schema;
    let users = &live.tables[&schemadiff_model::QualName::new("public", "users")];
    assert_eq!(
        users.columns["name"].data_type, "character varying(50)",
        "widened"
    );
    assert_eq!(users.columns["age"].data_type, "bigint", "not narrowed");
    assert!(users.columns.contains_key("email") && users.columns.contains_key("legacy"));
    assert!(live
        .tables
        .contains_key(&schemadiff_model::QualName::new("public", "fresh")));
    assert!(live
        .tables
        .contains_key(&schemadiff_model::QualName::new("public", "old")));
}

#[test]
fn reset_rebuilds_from_scratch_only_when_allowed() {
    let mut db = fresh_db("cli_reset");
    db.client
        .batch_execute(
            "CREATE TYPE mood AS ENUM ('ok');
             CREATE TABLE a (id int PRIMARY KEY, m mood);
             CREATE TABLE b (id serial PRIMARY KEY, a_id int REFERENCES a);
             INSERT INTO a VALUES (1, 'ok');",
        )
        .unwrap();
    let before = db.dump();
    let v2 = example("blog_v2");
    let o = apply(&v2, &db.url(), &["--yes", "--reset"]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(
        err(&o).contains("needs --allow-destructive"),
        "{}",
        both(&o)
    );
    assert_eq!(db.dump(), before);

    let o = apply(&v2, &db.url(), &["--yes", "--reset", "--allow-destructive"]);
    assert!(o.status.success(), "{}", both(&o));
    let mut fresh = fresh_db("cli_reset_fresh");
    fresh
        .load(&schemadiff_parser::load_paths(&[PathBuf::from(&v2)]).unwrap())
        .unwrap();
    assert_eq!(db.dump(), fresh.dump(), "reset equals a fresh load");
}

#[test]
fn dump_round_trips_every_fixture_as_yaml_and_as_sql() {
    let cases = fixture_cases();
    let failures = parallel(&cases, 4, |case| {
        let mut db = fresh_db(&format!("{}_dump", case.name));
        db.load(&case.sources("to"))?;
        for format in ["yaml", "sql"] {
            let file = TempFile::new(&format!("{}.{format}", case.name), "");
            let o = schemadiff(&[
                "dump",
                "--database",
                &db.url(),
                "--format",
                format,
                "--out",
                file.path(),
            ]);
            if !o.status.success() {
                return Err(format!(
                    "{} ({format}): dump failed: {}",
                    case.name,
                    both(&o)
                ));
            }
            let o = plan_exit(file.path(), &db.url());
            if o.status.code() != Some(0) {
                return Err(format!(
                    "{} ({format}): the dump does not plan empty against its database:\n{}\n--- dump:\n{}",
                    case.name,
                    both(&o),
                    std::fs::read_to_string(file.path()).unwrap_or_default()
                ));
            }
        }
        let _ = db.introspect()?;
        Ok(())
    });
    assert!(
        failures.is_empty(),
        "{} of {} fixtures do not round-trip:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn without_a_url_the_local_development_database_is_started_and_reused() {
    let work = std::env::temp_dir().join(format!("schemadiff-devdb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let run = |args: &[&str]| bin().args(args).current_dir(&work).output().unwrap();
    let v1 = example("blog_v1");
    let o = run(&["apply", "--schema", &v1, "--yes"]);
    assert!(o.status.success(), "{}", both(&o));
    assert!(
        err(&o).contains("Using the local development database postgresql://"),
        "{}",
        both(&o)
    );
    assert!(out(&o).contains("== Applied 5 step(s)"), "{}", both(&o));
    assert!(work.join(".schemadiff").is_dir());

    let o = run(&["apply", "--schema", &v1, "--yes"]);
    assert!(o.status.success(), "{}", both(&o));
    assert!(out(&o).starts_with("No changes"), "{}", both(&o));

    let o = run(&["dev", "url"]);
    let url = out(&o).trim().to_string();
    assert!(url.starts_with("postgresql://postgres@127.0.0.1:"), "{url}");
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let n: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 2);
    drop(c);
    let o = run(&["dev", "stop"]);
    assert!(err(&o).contains("Stopped"), "{}", both(&o));
    assert!(postgres::Client::connect(&url, postgres::NoTls).is_err());
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn on_a_terminal_apply_asks_first_and_no_means_nothing_changes() {
    // `script` (util-linux) gives the command a terminal.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` is not installed");
        return;
    }
    let db = fresh_db("cli_tty");
    let before = db.dump();
    let cmd = format!(
        "{} apply --schema {} --database {}",
        env!("CARGO_BIN_EXE_schemadiff"),
        example("blog_v1"),
        db.url()
    );
    let answer_with = |text: &str, env: &[(&str, &str)]| {
        let mut child = Command::new("script");
        child
            .args(["-qec", &cmd, "/dev/null"])
            .env_remove("DATABASE_URL")
            .env_remove("NO_COLOR");
        for (k, v) in env {
            child.env(k, v);
        }
        let mut child = child
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let o = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let answer = |text: &str| answer_with(text, &[]);
    let said = answer("n\n");
    assert!(said.contains("Apply 5 step(s) to postgresql://"), "{said}");
    assert!(said.contains("Not applied."), "{said}");
    // On a terminal the plan is in colour: creates green.
    assert!(said.contains("\x1b[32m  + table"), "{said:?}");
    assert_eq!(db.dump(), before);
    // NO_COLOR turns colour off.
    let said = answer_with("n\n", &[("NO_COLOR", "1")]);
    assert!(
        said.contains("  + table") && !said.contains("\x1b[32m"),
        "{said:?}"
    );
    let said = answer("y\n");
    assert!(said.contains("== Applied 5 step(s)"), "{said}");
    // A progress line while each statement runs, cleared after.
    assert!(
        said.contains("[1/5] ") && said.contains("[5/5] "),
        "{said:?}"
    );
    assert_ne!(db.dump(), before);
}

#[test]
fn declared_renames_keep_the_data() {
    let mut db = fresh_db("cli_rename");
    db.client
        .batch_execute(
            "CREATE TABLE articles (id serial PRIMARY KEY, content text NOT NULL);
             INSERT INTO articles (content) VALUES ('kept');",
        )
        .unwrap();
    let desired = TempFile::new(
        "rename.yaml",
        "tables:\n  posts:\n    renamed_from: articles\n    columns:\n      id: { type: serial, primary_key: true }\n      body: { type: text, null: false, renamed_from: content }\n",
    );
    let o = apply(desired.path(), &db.url(), &["--yes"]);
    assert!(o.status.success(), "{}", both(&o));
    assert!(
        out(&o).contains("ALTER TABLE public.articles RENAME TO posts"),
        "{}",
        both(&o)
    );
    let body: String = db
        .client
        .query_one("SELECT body FROM posts WHERE id = 1", &[])
        .unwrap()
        .get(0);
    assert_eq!(body, "kept");
    let again = plan_exit(desired.path(), &db.url());
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));
}

#[test]
fn hazardous_steps_on_existing_tables_need_their_kinds_accepted() {
    let mut db = fresh_db("cli_hazards");
    db.client
        .batch_execute(
            "CREATE TABLE users (id int PRIMARY KEY, email text);
             INSERT INTO users VALUES (1, 'a@example.com');",
        )
        .unwrap();
    let before = db.dump();
    let desired = TempFile::new(
        "hazards.sql",
        "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
         CREATE INDEX users_email_idx ON users (email);",
    );
    // Plain DDL: the index build and SET NOT NULL block writes while they scan.
    let o = apply(desired.path(), &db.url(), &["--yes", "--no-online"]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    let e = err(&o);
    assert!(
        e.contains("refusing 2 step(s) with hazards not accepted"),
        "{e}"
    );
    assert!(e.contains("--allow-hazards blocking_lock,row_scan"), "{e}");
    assert!(
        e.contains("create index public.users_email_idx  [blocking_lock, row_scan]"),
        "{e}"
    );
    assert!(
        out(&o).contains("[blocking_lock, row_scan]"),
        "the plan shows them: {}",
        both(&o)
    );
    assert_eq!(db.dump(), before);

    // Online (the default): only scans remain, and they block no writer.
    let o = apply(desired.path(), &db.url(), &["--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(
        err(&o).contains("--allow-hazards row_scan):"),
        "{}",
        both(&o)
    );
    assert!(!err(&o).contains("blocking_lock"), "{}", both(&o));
    assert_eq!(db.dump(), before);
    let o = apply(
        desired.path(),
        &db.url(),
        &["--yes", "--allow-hazards", "row_scan"],
    );
    assert!(o.status.success(), "{}", both(&o));
    assert!(
        out(&o).contains("CREATE INDEX CONCURRENTLY users_email_idx"),
        "{}",
        both(&o)
    );
    let again = plan_exit(desired.path(), &db.url());
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));

    let o = apply(
        desired.path(),
        &db.url(),
        &["--yes", "--allow-hazards", "sloth"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("unknown hazard `sloth`"), "{}", both(&o));
}

#[test]
fn a_step_that_waits_for_a_lock_is_retried_with_backoff() {
    let mut db = fresh_db("cli_retry");
    let (before, mut holder, desired) = locked_table(&mut db, "retry");
    // The other session lets go after about a second.
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1000));
        holder.batch_execute("ROLLBACK").unwrap();
    });
    let o = apply(
        desired.path(),
        &db.url(),
        &["--yes", "--lock-timeout", "200ms", "--lock-retries", "5"],
    );
    release.join().unwrap();
    assert!(o.status.success(), "{}", both(&o));
    assert!(
        out(&o).contains("trying again in 0.25s (retry 1)"),
        "{}",
        both(&o)
    );
    assert_ne!(db.dump(), before);

    // With no retries the same wait fails cleanly, and names the attempts.
    let mut db = fresh_db("cli_retry_none");
    let (before, mut holder, desired) = locked_table(&mut db, "retry_none");
    let o = apply(
        desired.path(),
        &db.url(),
        &["--yes", "--lock-timeout", "200ms", "--lock-retries", "1"],
    );
    holder.batch_execute("ROLLBACK").unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(
        err(&o).contains("lock timeout (after 2 attempts)"),
        "{}",
        both(&o)
    );
    assert_eq!(db.dump(), before);
}

#[test]
fn a_failed_concurrent_build_is_reported_by_group_and_rebuilt_next_time() {
    let mut db = fresh_db("cli_invalid_index");
    db.client
        .batch_execute(
            "CREATE TABLE users (id int PRIMARY KEY, email text);
             INSERT INTO users VALUES (1, 'a@example.com'), (2, 'a@example.com');",
        )
        .unwrap();
    let desired = TempFile::new(
        "invalid.sql",
        "CREATE TABLE users (id int PRIMARY KEY, email text, note text);
         CREATE UNIQUE INDEX users_email_idx ON users (email);",
    );
    let accept = ["--yes", "--allow-hazards", "row_scan"];
    let o = apply(desired.path(), &db.url(), &accept);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    let e = err(&o);
    assert!(
        e.contains("CREATE UNIQUE INDEX CONCURRENTLY users_email_idx"),
        "{e}"
    );
    assert!(e.contains("could not create unique index"), "{e}");
    assert!(
        e.contains("(group 2 of 2; the groups before it were committed)"),
        "{e}"
    );
    assert!(e.contains("before it stay committed"), "{e}");
    assert!(e.contains("marked invalid"), "{e}");
    assert!(!e.contains("the database is unchanged"), "{e}");
    // PostgreSQL leaves the failed build behind, marked invalid.
    let invalid: bool = db
        .client
        .query_one(
            "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = 'users_email_idx'::regclass",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(invalid);

    db.client
        .batch_execute("DELETE FROM users WHERE id = 2")
        .unwrap();
    let o = apply(desired.path(), &db.url(), &accept);
    assert!(o.status.success(), "{}", both(&o));
    let text = out(&o);
    assert!(
        text.contains("DROP INDEX CONCURRENTLY public.users_email_idx"),
        "{text}"
    );
    assert!(
        text.contains("CREATE UNIQUE INDEX CONCURRENTLY users_email_idx"),
        "{text}"
    );
    let again = plan_exit(desired.path(), &db.url());
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));
}

/// A column type a view reads changes: the view is dropped and made again
/// in the same plan (not a destructive step); a view the desired state
/// leaves out is a drop like any other, refused unless allowed.
#[test]
fn views_are_rebuilt_around_a_type_change_and_dropped_only_when_allowed() {
    let mut db = fresh_db("cli_view_rebuild");
    db.client
        .batch_execute(
            "CREATE TABLE orders (id int PRIMARY KEY, amount int, note text);
             CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100;",
        )
        .unwrap();
    let desired = TempFile::new(
        "view_rebuild.sql",
        "CREATE TABLE orders (id int PRIMARY KEY, amount bigint, note text);
         CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100;",
    );
    let o = apply(
        desired.path(),
        &db.url(),
        &["--yes", "--allow-hazards", "all"],
    );
    assert!(o.status.success(), "{}", both(&o));
    let text = out(&o);
    assert!(text.contains("DROP VIEW public.big_orders"), "{text}");
    assert!(err(&o).contains("scratch database"), "{}", err(&o));
    let mut fresh = fresh_db("cli_view_rebuild_fresh");
    fresh
        .load(&schemadiff_parser::load_paths(&[PathBuf::from(desired.path())]).unwrap())
        .unwrap();
    assert_eq!(db.dump(), fresh.dump());
    assert_eq!(plan_exit(desired.path(), &db.url()).status.code(), Some(0));

    let without = TempFile::new(
        "view_gone.sql",
        "CREATE TABLE orders (id int PRIMARY KEY, amount bigint, note text);",
    );
    let before = db.dump();
    let o = apply(without.path(), &db.url(), &["--yes"]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(
        err(&o).contains("drop view public.big_orders"),
        "{}",
        err(&o)
    );
    assert_eq!(db.dump(), before);
    let o = apply(without.path(), &db.url(), &["--yes", "--allow-destructive"]);
    assert!(o.status.success(), "{}", both(&o));
    assert_eq!(plan_exit(without.path(), &db.url()).status.code(), Some(0));
}

#[test]
fn statement_timeout_ends_a_long_step_and_everything_rolls_back() {
    let mut db = fresh_db("cli_stmt_timeout");
    db.client
        .batch_execute(
            "CREATE TABLE t (id int PRIMARY KEY, n int);
             INSERT INTO t SELECT g, g FROM generate_series(1, 200000) g;",
        )
        .unwrap();
    let before = db.dump();
    // Plain DDL: the check is validated while adding it, a full scan.
    let desired = TempFile::new(
        "stmt_timeout.sql",
        "CREATE TABLE a_first (id int); CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n + 0 > 0 AND n::text <> 'x'));",
    );
    let o = apply(
        desired.path(),
        &db.url(),
        &[
            "--yes",
            "--no-online",
            "--allow-hazards",
            "all",
            "--statement-timeout",
            "1ms",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    // PostgreSQL says "statement timeout"; on a loaded machine a 1ms timer
    // can fire where the server no longer knows it was the timeout, and
    // it says "canceling statement due to user request" instead.
    assert!(
        err(&o).contains("statement timeout") || err(&o).contains("canceling statement"),
        "{}",
        both(&o)
    );
    assert!(err(&o).contains("Rolled back"), "{}", both(&o));
    assert_eq!(db.dump(), before);
}

/// The installed `pg_dump -s`, whatever it prints (its `\restrict` lines,
/// SET preamble, OWNER TO, identity and index options), is a desired state:
/// every fixture's dump plans empty against the database it came from.
#[test]
fn the_installed_pg_dump_output_of_every_fixture_plans_empty() {
    let cases = fixture_cases();
    let failures = parallel(&cases, 4, |case| {
        let mut db = fresh_db(&format!("{}_pgdump", case.name));
        db.load(&case.sources("to"))?;
        let dump = cluster()
            .client("pg_dump", &db.name, &["--schema-only"])
            .map_err(|e| format!("{}: pg_dump: {e}", case.name))?;
        let file = TempFile::new(&format!("{}-pg_dump.sql", case.name), &dump);
        let o = plan_exit(file.path(), &db.url());
        if o.status.code() != Some(0) {
            // pg_dump's own output may not build the database it came from
            // (pg_dump 18 leaves out a child's dropped inherited default):
            // then the plan is right to differ, and the case says so.
            let again = fresh_db(&format!("{}_pgdump_again", case.name));
            let rebuilt = again.psql(&dump).and_then(|_| {
                cluster()
                    .client("pg_dump", &again.name, &["--schema-only"])
                    .map_err(|e| e.to_string())
            });
            let text = |d: &str| -> Vec<String> {
                d.lines()
                    .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
                    .map(str::to_string)
                    .collect()
            };
            if rebuilt.is_ok_and(|r| text(&r) != text(&dump)) {
                println!(
                    "{}: pg_dump's output does not rebuild its database; left out",
                    case.name
                );
                return Ok(());
            }
            return Err(format!(
                "{}: pg_dump's output does not plan empty:\n{}",
                case.name,
                both(&o)
            ));
        }
        Ok(())
    });
    assert!(
        failures.is_empty(),
        "{} of {} fixtures:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// A policy whose expression holds a subquery is spelled one way in the
/// file and another by the server: the server judges them the same, so a
/// second plan is empty.
#[test]
fn a_policy_with_a_subquery_plans_empty_after_apply() {
    let db = fresh_db("cli_policy_subquery");
    let desired = TempFile::new(
        "policy_subquery.sql",
        "CREATE TABLE users (id integer PRIMARY KEY, active boolean NOT NULL);
         CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL);
         ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
         CREATE POLICY orders_active ON orders USING (user_id IN (SELECT id FROM users WHERE active));",
    );
    let o = apply(desired.path(), &db.url(), &["--yes"]);
    assert!(o.status.success(), "{}", both(&o));
    let again = plan_exit(desired.path(), &db.url());
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));
    assert!(err(&again).contains("mean the same"), "{}", err(&again));
}

/// A view or DO block the scratch database refuses is a located error,
/// and nothing is applied.
#[test]
fn a_view_or_do_block_the_server_refuses_is_located_and_nothing_is_applied() {
    let db = fresh_db("cli_scratch_refused");
    let before = db.dump();
    for (name, sql, at) in [
        (
            "bad_view.sql",
            "CREATE TABLE a (id int);\n\nCREATE VIEW v AS SELECT id, nope FROM a;\n",
            ":3:1: view public.v could not be created",
        ),
        (
            "bad_do.sql",
            "DO $$ BEGIN RAISE EXCEPTION 'boom'; END $$;\nCREATE VIEW w AS SELECT 1 AS one;\n",
            ":1:1: the DO block failed in the scratch database",
        ),
    ] {
        let file = TempFile::new(name, sql);
        let o = apply(file.path(), &db.url(), &["--yes"]);
        assert_eq!(o.status.code(), Some(1), "{}", both(&o));
        let e = err(&o);
        let line = e
            .lines()
            .find(|l| l.starts_with("error: "))
            .unwrap_or_default();
        assert!(
            line.starts_with(&format!("error: {}{at}", file.path())),
            "{name}: {e}"
        );
        assert!(!e.contains("panicked"), "{e}");
    }
    assert_eq!(db.dump(), before);
}

/// A domain check the parser spells otherwise than the server (an
/// implicit cast of a `varchar` domain's value into a `text` function):
/// the server judges both the same, so a second plan is empty.
#[test]
fn a_domain_check_spelled_otherwise_plans_empty_after_apply() {
    let db = fresh_db("cli_domain_reconcile");
    let desired = TempFile::new(
        "domain_reconcile.sql",
        "CREATE FUNCTION valid_code(val text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT val <> '' $$;
         CREATE DOMAIN code AS varchar(20) CHECK (valid_code(VALUE));
         CREATE TABLE items (id integer PRIMARY KEY, c code);",
    );
    let o = apply(desired.path(), &db.url(), &["--yes"]);
    assert!(o.status.success(), "{}", both(&o));
    let again = plan_exit(desired.path(), &db.url());
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));
    assert!(err(&again).contains("mean the same"), "{}", err(&again));
}

/// Grants are managed only when the desired state mentions one: a schema
/// file without any leaves the database's grants alone, one with a grant
/// makes the database's grants exactly the file's, and the dumps (SQL and
/// YAML) of a database with grants read back into an empty plan.
#[test]
fn grants_are_managed_only_when_the_desired_state_mentions_one() {
    let mut db = fresh_db("cli_grants");
    let url = db.url();
    db.client
        .batch_execute(
            "CREATE TABLE notes (id integer PRIMARY KEY, body text);
             GRANT SELECT, UPDATE ON notes TO app_reader;
             GRANT SELECT (body) ON notes TO app_writer;
             ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO app_admin;",
        )
        .unwrap();
    let unmanaged = TempFile::new(
        "grants_unmanaged.sql",
        "CREATE TABLE notes (id integer PRIMARY KEY, body text);",
    );
    let plan = plan_exit(unmanaged.path(), &url);
    assert_eq!(
        plan.status.code(),
        Some(0),
        "no revoke without a grant in the file: {}",
        both(&plan)
    );

    let managed = TempFile::new(
        "grants_managed.sql",
        "CREATE TABLE notes (id integer PRIMARY KEY, body text);
         GRANT SELECT ON notes TO app_reader;",
    );
    let plan = with_scratch(
        managed.path(),
        vec![
            "plan",
            "--schema",
            managed.path(),
            "--database",
            &url,
            "--format",
            "sql",
        ],
    );
    assert!(plan.status.success(), "{}", both(&plan));
    let sql = out(&plan);
    for expected in [
        "REVOKE UPDATE ON TABLE public.notes FROM app_reader;",
        "REVOKE SELECT (body) ON TABLE public.notes FROM app_writer;",
        "ALTER DEFAULT PRIVILEGES REVOKE SELECT ON TABLES FROM app_admin;",
    ] {
        assert!(sql.contains(expected), "{expected} missing from:\n{sql}");
    }
    assert!(
        !sql.contains("GRANT SELECT ON TABLE"),
        "SELECT is held already:\n{sql}"
    );

    // The dumps of a database with grants plan empty against it.
    for format in ["sql", "yaml"] {
        let o = schemadiff(&["dump", "--database", &url, "--format", format]);
        assert!(o.status.success(), "{}", both(&o));
        let text = out(&o);
        assert!(
            text.contains("app_reader") && text.contains("app_admin"),
            "the {format} dump holds the grants:\n{text}"
        );
        let f = TempFile::new(&format!("grants_dump.{format}"), &text);
        let plan = plan_exit(f.path(), &url);
        assert_eq!(
            plan.status.code(),
            Some(0),
            "{format} dump: {}",
            both(&plan)
        );
    }

    let applied = apply(managed.path(), &url, &["--yes"]);
    assert!(applied.status.success(), "{}", both(&applied));
    let acl: String = db
        .client
        .query_one(
            "SELECT relacl::text FROM pg_class WHERE relname = 'notes'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(acl.contains("app_reader=r/"), "{acl}");
    assert!(!acl.contains("app_reader=rw/"), "{acl}");
    let plan = plan_exit(managed.path(), &url);
    assert_eq!(plan.status.code(), Some(0), "{}", both(&plan));
}

/// A partition key or bound written otherwise than the server prints it
/// (a date on a `timestamptz` key, `10.5` on a numeric one) means the
/// same: the server judges, and the plan is empty; a bound that does
/// differ still plans its detach and attach.
#[test]
fn partition_keys_and_bounds_spelled_otherwise_plan_empty() {
    let mut db = fresh_db("partition_spelling");
    let sql = "CREATE TABLE ev (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);\n\
               CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n\
               CREATE TABLE ev2 (id bigint, day date, n numeric) PARTITION BY RANGE (day, n);\n\
               CREATE TABLE ev2_a PARTITION OF ev2 FOR VALUES FROM ('2024-01-01', 1) TO ('2025-01-01', 10.50);\n\
               CREATE TABLE ev3 (id bigint, k text) PARTITION BY LIST (lower(k));\n\
               CREATE TABLE ev3_a PARTITION OF ev3 FOR VALUES IN ('a', 'B');\n";
    db.client.batch_execute(sql).unwrap();
    let file = TempFile::new("partition_spelling.sql", sql);
    let o = plan_exit(file.path(), &db.url());
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    assert!(err(&o).contains("mean the same"), "{}", both(&o));
    let moved = sql.replace("TO ('2025-01-01');", "TO ('2025-07-01');");
    let file = TempFile::new("partition_moved.sql", &moved);
    let o = plan_exit(file.path(), &db.url());
    assert_eq!(o.status.code(), Some(2), "{}", both(&o));
    assert!(
        out(&o).contains(
            "ATTACH PARTITION public.ev_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-07-01')"
        ),
        "{}",
        both(&o)
    );
}

/// A type change PostgreSQL has no cast for is refused when planned, at the
/// column's definition and naming the way out; with the conversion
/// declared (`-- @using`, YAML `using:`) it applies, keeps the rows'
/// meaning, and the next plan is empty.
#[test]
fn a_type_change_without_a_cast_needs_a_declared_conversion() {
    let mut db = fresh_db("cli_using");
    db.client
        .batch_execute(
            "CREATE TABLE events (id int PRIMARY KEY, created bigint NOT NULL);
             INSERT INTO events VALUES (1, 86400);",
        )
        .unwrap();
    let before = db.dump();
    let bare = TempFile::new(
        "using_bare.sql",
        "CREATE TABLE events (\n  id int PRIMARY KEY,\n  created timestamptz NOT NULL\n);",
    );
    let accept = [
        "--yes",
        "--allow-destructive",
        "--allow-hazards",
        "table_rewrite,blocking_lock,irreversible",
    ];
    for o in [
        plan_exit(bare.path(), &db.url()),
        apply(bare.path(), &db.url(), &accept),
    ] {
        assert_eq!(o.status.code(), Some(1), "{}", both(&o));
        let e = err(&o);
        assert!(
            e.contains(&format!(
                "{}:3:3: column public.events.created",
                bare.path()
            )),
            "{e}"
        );
        assert!(e.contains("no cast") && e.contains("-- @using"), "{e}");
    }
    assert_eq!(db.dump(), before);

    let hinted = TempFile::new(
        "using_hinted.sql",
        "CREATE TABLE events (\n  id int PRIMARY KEY,\n  created timestamptz NOT NULL -- @using to_timestamp(created)\n);",
    );
    let o = apply(hinted.path(), &db.url(), &accept);
    assert!(o.status.success(), "{}", both(&o));
    assert!(
        out(&o).contains("USING to_timestamp(created)"),
        "{}",
        both(&o)
    );
    let day: String = db
        .client
        .query_one(
            "SELECT (created AT TIME ZONE 'UTC')::date::text FROM events",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(day, "1970-01-02");
    let again = plan_exit(hinted.path(), &db.url());
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));

    // YAML says it as a column key.
    let yaml = TempFile::new(
        "using.yaml",
        "tables:\n  events:\n    columns:\n      id: { type: integer, primary_key: true }\n      created: { type: bigint, null: false, using: \"extract(epoch from created)::bigint\" }\n",
    );
    let o = apply(yaml.path(), &db.url(), &accept);
    assert!(o.status.success(), "{}", both(&o));
    let n: i64 = db
        .client
        .query_one("SELECT created FROM events", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 86400);
}

/// A grant to the role that owns the object is the owner's own entry,
/// which PostgreSQL keeps and the model never holds: a file with one plans
/// nothing against the database it built, and a grant to a role that does
/// not own the object still does.
#[test]
fn a_grant_to_the_owner_is_no_change() {
    let mut db = fresh_db("cli_grant_owner");
    let sql = "CREATE TABLE t (id int);\nGRANT SELECT ON t TO CURRENT_USER;\n\
               CREATE ROLE cli_grant_owner_other;\nCREATE TABLE t2 (id int);\n\
               ALTER TABLE t2 OWNER TO cli_grant_owner_other;";
    db.client
        .batch_execute(&format!("DROP ROLE IF EXISTS cli_grant_owner_other; {sql}"))
        .unwrap();
    let me: String = db
        .client
        .query_one("SELECT current_user::text", &[])
        .unwrap()
        .get(0);
    let desired = TempFile::new(
        "grant_owner.sql",
        &format!(
            "CREATE TABLE t (id int);\nGRANT SELECT ON t TO {me};\n\
             CREATE TABLE t2 (id int);\nGRANT SELECT ON t2 TO cli_grant_owner_other;\n"
        ),
    );
    let o = plan_exit(desired.path(), &db.url());
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    let other = TempFile::new(
        "grant_not_owner.sql",
        &format!(
            "CREATE TABLE t (id int);\nGRANT SELECT ON t TO {me};\n\
             CREATE TABLE t2 (id int);\nGRANT SELECT ON t2 TO {me};\n"
        ),
    );
    let o = plan_exit(other.path(), &db.url());
    assert_eq!(o.status.code(), Some(2), "{}", both(&o));
    assert!(
        out(&o).contains(&format!("GRANT SELECT ON TABLE public.t2 TO {me};")),
        "{}",
        both(&o)
    );
    db.client
        .batch_execute("DROP TABLE t2; DROP ROLE cli_grant_owner_other;")
        .unwrap();
}
