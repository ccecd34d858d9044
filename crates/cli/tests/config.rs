//! `schemadiff.toml` and `--exclude` through the real binary, run from a
//! project directory as a team's scripts would.

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

use common::*;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

struct Project {
    dir: PathBuf,
    vars: Vec<(String, String)>,
}

impl Project {
    fn new(label: &str, config: &str, vars: &[(&str, &str)]) -> Project {
        let dir =
            std::env::temp_dir().join(format!("schemadiff-config-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("db")).unwrap();
        std::fs::write(dir.join("schemadiff.toml"), config).unwrap();
        Project {
            dir,
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn write(&self, path: &str, text: &str) {
        std::fs::write(self.dir.join(path), text).unwrap();
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_schemadiff"));
        cmd.args(args)
            .current_dir(&self.dir)
            .env_remove("DATABASE_URL")
            .env_remove("SCHEMADIFF_DEV_DATABASE")
            .env_remove("SCHEMADIFF_ENV")
            .stdin(Stdio::null());
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        cmd.output().expect("run schemadiff")
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What a rake task or an earlier migration made, outside the desired
/// state: a function a column default calls, and an audit schema.
const OUTSIDE: &str = "
CREATE FUNCTION public.timestamp_id(table_name text) RETURNS bigint LANGUAGE sql
    AS $$ SELECT (extract(epoch FROM now()) * 1000)::bigint $$;
CREATE SCHEMA audit;
CREATE TABLE audit.log (id bigserial PRIMARY KEY, entry text);
CREATE TABLE posts (id bigint PRIMARY KEY DEFAULT public.timestamp_id('posts'), title text);
";

const DESIRED: &str =
    "CREATE TABLE posts (id bigint PRIMARY KEY DEFAULT public.timestamp_id('posts'), title text);\n";

const CONFIG: &str = r#"schema = ["db/schema.sql"]
exclude = ["public.timestamp_id", "audit.*"]
migrations = { dir = "db/migrations", layout = "dbmate" }
dev_database = "${SCRATCH_URL}"

[env.development]
database = "${APP_DATABASE_URL}"

[env.production]
database = "${PROD_DATABASE_URL}"
allow_hazards = ["row_scan"]
lock_timeout = "3s"
online = false
"#;

fn load(db: &TestDb) {
    let mut c = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
    c.batch_execute(OUTSIDE).unwrap();
}

fn exists(db: &TestDb, sql: &str) -> bool {
    let mut c = postgres::Client::connect(&db.url(), postgres::NoTls).unwrap();
    c.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn the_config_file_supplies_schema_database_and_exclusions() {
    let db = fresh_db("config_app");
    let scratch = fresh_db("config_scratch");
    load(&db);
    let p = Project::new(
        "app",
        CONFIG,
        &[
            ("APP_DATABASE_URL", &db.url()),
            ("SCRATCH_URL", &scratch.url()),
            (
                "PROD_DATABASE_URL",
                "postgres://app:s3cret@db.internal/prod",
            ),
        ],
    );
    p.write("db/schema.sql", DESIRED);

    // No flags: schema, database and exclusions come from the file; what
    // is managed outside is left alone, so there is nothing to do.
    let o = p.run(&["plan", "--exit-code"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Leaving alone 4 object(s)") && err.contains("(public.timestamp_id, audit.*)"),
        "{}",
        text(&o)
    );
    // Without the exclusions, the plan would drop the function a default
    // still calls: refused, saying how to fix it.
    p.write(
        "plain.toml",
        &CONFIG.replace("exclude = [\"public.timestamp_id\", \"audit.*\"]\n", ""),
    );
    let o = p.run(&["plan", "--config", "plain.toml", "--exit-code"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "column public.posts.id calls public.timestamp_id, which the desired state does not hold"
        ) && err.contains("--exclude public.timestamp_id"),
        "{err}"
    );
    // Excluding only the function: the audit schema is planned for dropping.
    let o = p.run(&[
        "plan",
        "--config",
        "plain.toml",
        "--exclude",
        "public.timestamp_id",
        "--exit-code",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("DROP TABLE audit.log"), "{out}");
    assert!(out.contains("DROP SCHEMA audit"), "{out}");
    assert!(!out.contains("DROP FUNCTION"), "{out}");
    // --exclude adds to a file's patterns.
    let o = p.run(&[
        "plan",
        "--config",
        "plain.toml",
        "--exclude",
        "public.timestamp_*",
        "--exclude",
        "audit.*",
        "--exit-code",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // Never dumped.
    let dump = ok(p.run(&["dump", "--format", "sql"]));
    assert!(dump.contains("CREATE TABLE public.posts"), "{dump}");
    assert!(
        !dump.contains("timestamp_id(") || !dump.contains("CREATE FUNCTION"),
        "{dump}"
    );
    assert!(!dump.contains("audit"), "{dump}");

    // apply converges what is managed; the drift check reads the database
    // with the same exclusions, and leaves them in place.
    p.write(
        "db/schema.sql",
        &DESIRED.replace("title text", "title text, body text"),
    );
    ok(p.run(&["apply", "--yes"]));
    assert!(exists(
        &db,
        "SELECT count(*) = 1 FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'body'"
    ));
    assert!(exists(&db, "SELECT to_regclass('audit.log') IS NOT NULL"));
    assert!(exists(
        &db,
        "SELECT count(*) = 1 FROM pg_proc WHERE proname = 'timestamp_id'"
    ));
    let o = p.run(&["plan", "--exit-code"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // The migrations directory and layout come from the file too, and so
    // does the scratch server the files are replayed on. There the
    // function must exist for the default that calls it, so this project
    // declares it beside the schema instead of excluding it.
    p.write(
        "db/functions.sql",
        "CREATE FUNCTION public.timestamp_id(table_name text) RETURNS bigint LANGUAGE sql \
         AS $$ SELECT (extract(epoch FROM now()) * 1000)::bigint $$;\n",
    );
    p.write(
        "gen.toml",
        &CONFIG
            .replace(
                "schema = [\"db/schema.sql\"]",
                "schema = [\"db/functions.sql\", \"db/schema.sql\"]",
            )
            .replace("\"public.timestamp_id\", ", ""),
    );
    let written = ok(p.run(&["generate", "create_posts", "--config", "gen.toml"]));
    assert!(written.trim().ends_with("_create_posts.sql"), "{written}");
    assert!(written.contains("db/migrations/"), "{written}");
    let files: Vec<_> = std::fs::read_dir(p.dir.join("db/migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let migration = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        migration.contains("-- migrate:up"),
        "dbmate layout: {migration}"
    );
    assert!(
        migration.contains("CREATE FUNCTION public.timestamp_id"),
        "{migration}"
    );
    let o = p.run(&["check", "--config", "gen.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn config_shows_the_settings_in_effect_with_passwords_hidden() {
    let p = Project::new(
        "show",
        CONFIG,
        &[
            ("APP_DATABASE_URL", "postgres://dev@localhost/app_dev"),
            ("SCRATCH_URL", "postgres://dev@localhost/scratch"),
            (
                "PROD_DATABASE_URL",
                "postgres://app:s3cret@db.internal/prod",
            ),
        ],
    );
    let out = ok(p.run(&["config", "--env", "production"]));
    assert!(!out.contains("s3cret"), "{out}");
    for expected in [
        "env                production",
        "postgres://app:***@db.internal/prod",
        "# schemadiff.toml [env.production]",
        "allow_hazards      [row_scan]",
        "lock_timeout       3s",
        "online             false",
        "migrations.layout  dbmate",
        "exclude            [public.timestamp_id, audit.*]",
    ] {
        assert!(out.contains(expected), "`{expected}` in:\n{out}");
    }
    // SCHEMADIFF_ENV chooses too; development is the default.
    let dev = ok(p.run(&["config"]));
    assert!(
        dev.contains("development") && dev.contains("# the default"),
        "{dev}"
    );
}

#[test]
fn a_bad_config_is_an_error_with_file_line_and_column() {
    let p = Project::new(
        "bad",
        "schema = [\"db/schema.sql\"]\n[env.production]\ndatabase = \"x\"\nlock_timout = \"3s\"\n",
        &[],
    );
    for args in [
        &["config", "--env", "production"][..],
        &["plan", "--env", "production"],
    ] {
        let o = p.run(args);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("schemadiff.toml:4:1: unknown field `lock_timout`"),
            "{err}"
        );
    }
    let p = Project::new("env", CONFIG, &[]);
    let o = p.run(&["config", "--env", "staging"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("has no [env.staging] (it has development, production)"),
        "{err}"
    );
    // An unset ${VAR} names its line.
    let o = p.run(&["config"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("schemadiff.toml:4:16: ${SCRATCH_URL} is not set"),
        "{err}"
    );
}
