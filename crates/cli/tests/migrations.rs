//! The versioned workflow through the real binary on a real PostgreSQL:
//! `generate` from successive desired states, then the Rails cycle —
//! migrate, status, rollback, redo, up / down, version — and `check`.

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

use common::*;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn schemadiff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemadiff"))
        .args(args)
        .current_dir(workspace_root())
        .env_remove("DATABASE_URL")
        .env_remove("SCHEMADIFF_DEV_DATABASE")
        .stdin(Stdio::null())
        .output()
        .expect("run schemadiff")
}

fn both(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

struct Project {
    dir: PathBuf,
    migrations: PathBuf,
    database: String,
    scratch: String,
    _db: TestDb,
    _scratch: TestDb,
}

impl Project {
    fn new(label: &str) -> Project {
        let dir = std::env::temp_dir().join(format!(
            "schemadiff-migrations-{label}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = fresh_db(label);
        let scratch = fresh_db(&format!("{label}_scratch"));
        Project {
            migrations: dir.join("migrate"),
            database: db.url(),
            scratch: scratch.url(),
            dir,
            _db: db,
            _scratch: scratch,
        }
    }

    fn schema(&self, name: &str, sql: &str) -> String {
        let p = self.dir.join(name);
        std::fs::write(&p, sql).unwrap();
        p.display().to_string()
    }

    fn generate(&self, name: &str, schema: &str) -> Output {
        schemadiff(&[
            "generate",
            name,
            "--schema",
            schema,
            "--dir",
            &self.migrations.display().to_string(),
            "--dev-database",
            &self.scratch,
        ])
    }

    /// Three migrations in `layout`: users; posts and users.name; an index
    /// on users built CONCURRENTLY (the table exists by then). The three
    /// desired states' paths.
    fn generate_three(&self, layout: &str) -> [String; 3] {
        let states = [
            self.schema("v1.sql", V1),
            self.schema("v3.sql", &v3()),
            self.schema(
                "v4.sql",
                &format!("{}CREATE INDEX users_email_idx ON users (email);\n", v3()),
            ),
        ];
        for (name, schema) in ["create_users", "create_posts", "index_emails"]
            .into_iter()
            .zip(&states)
        {
            self.generate_in(layout, name, schema);
        }
        states
    }

    /// `generate NAME --schema SCHEMA` in `layout`, which must succeed.
    fn generate_in(&self, layout: &str, name: &str, schema: &str) {
        ok(schemadiff(&[
            "generate",
            name,
            "--schema",
            schema,
            "--dir",
            &self.migrations.display().to_string(),
            "--layout",
            layout,
            "--dev-database",
            &self.scratch,
        ]));
    }

    /// The fourth state of [`Project::generate_three`] (`s4`) with a
    /// `posts.body` column, an index on `posts.title` built CONCURRENTLY,
    /// and `extra`: a change these tools must cut in two.
    fn with_body(&self, s4: &str, extra: &str) -> String {
        self.schema(
            "v5.sql",
            &format!(
                "{}CREATE INDEX posts_title_idx ON posts (title);\n{extra}",
                std::fs::read_to_string(s4)
                    .unwrap()
                    .replace("    title text\n", "    title text,\n    body text\n")
            ),
        )
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<&str> = args.to_vec();
        let dir = self.migrations.display().to_string();
        all.extend(["--dir", &dir, "--database", &self.database]);
        schemadiff(&all)
    }

    fn check(&self, schema: &str) -> Output {
        schemadiff(&[
            "check",
            "--schema",
            schema,
            "--dir",
            &self.migrations.display().to_string(),
            "--dev-database",
            &self.scratch,
        ])
    }

    fn files(&self) -> Vec<String> {
        let mut f: Vec<String> = std::fs::read_dir(&self.migrations)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        f.sort();
        f
    }

    fn columns(&self, table: &str) -> Vec<String> {
        let mut c = postgres::Client::connect(&self.database, postgres::NoTls).unwrap();
        c.query(
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name = $1 ORDER BY ordinal_position",
            &[&table],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
    }
}

/// The status lines: `(up?, version, name)`.
fn status_lines(out: &str) -> Vec<(bool, String, String)> {
    out.lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let state = w.next()?;
            let version = w.next()?;
            if !matches!(state, "up" | "down") || !version.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some((
                state == "up",
                version.to_string(),
                w.collect::<Vec<_>>().join(" "),
            ))
        })
        .collect()
}

const V1: &str = "CREATE TABLE users (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    email text NOT NULL\n);\n";

fn v2() -> String {
    format!(
        "{V1}CREATE TABLE posts (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    \
         user_id bigint NOT NULL REFERENCES users (id),\n    title text\n);\n\
         CREATE INDEX posts_user_id_idx ON posts (user_id);\n"
    )
}

fn v3() -> String {
    v2().replace(
        "email text NOT NULL\n",
        "email text NOT NULL,\n    name text\n",
    )
}

#[test]
fn the_rails_cycle_from_generated_files() {
    let p = Project::new("cycle");
    let s1 = p.schema("v1.sql", V1);
    let s2 = p.schema("v2.sql", &v2());
    let s3 = p.schema("v3.sql", &v3());

    // Three migrations from three successive desired states; versions never
    // collide though they are written within a second.
    ok(p.generate("CreateUsers", &s1));
    ok(p.generate("create posts", &s2));
    ok(p.generate("add_name_to_users", &s3));
    let files = p.files();
    assert_eq!(files.len(), 6, "{files:?}");
    assert!(files[0].ends_with("_create_users.down.sql"), "{files:?}");
    assert!(files[5].ends_with("_add_name_to_users.up.sql"), "{files:?}");
    let mut versions: Vec<String> = files.iter().map(|f| f[..14].to_string()).collect();
    assert!(
        versions[0] < versions[2] && versions[2] < versions[4],
        "{versions:?}"
    );
    // Written within seconds of each other: the first moves back a year, so
    // another branch's migration can fall between it and the others.
    for f in &files[..2] {
        let to = f.replacen(&versions[0], "19990101000000", 1);
        std::fs::rename(p.migrations.join(f), p.migrations.join(to)).unwrap();
    }
    versions[0] = "19990101000000".into();
    let files = p.files();
    let up = std::fs::read_to_string(p.migrations.join(&files[3])).unwrap();
    assert!(up.contains("CreatePosts (version"), "{up}");
    assert!(up.contains("create table public.posts"), "{up}");
    assert!(up.contains("CREATE TABLE public.posts"), "{up}");
    // No changes: no files.
    let same = p.generate("nothing_new", &s3);
    assert_eq!(same.status.code(), Some(0), "{}", both(&same));
    assert!(String::from_utf8_lossy(&same.stderr).contains("No changes"));
    assert_eq!(p.files().len(), 6);

    // migrate runs the three, as Rails prints it.
    let out = ok(p.run(&["migrate"]));
    assert!(
        out.contains(&format!("== {} CreateUsers: migrating", versions[0])),
        "{out}"
    );
    assert!(out.contains("AddNameToUsers: migrated ("), "{out}");
    assert_eq!(p.columns("users"), ["id", "email", "name"]);
    let status = status_lines(&ok(p.run(&["status"])));
    assert_eq!(
        status.iter().map(|s| s.0).collect::<Vec<_>>(),
        [true, true, true],
        "{status:?}"
    );
    assert_eq!(status[1].2, "Create posts");
    // Nothing left to do; the plan of the last desired state is empty
    // (schema_migrations is bookkeeping, not schema).
    ok(p.run(&["migrate"]));
    let plan = schemadiff(&[
        "plan",
        "--schema",
        &s3,
        "--database",
        &p.database,
        "--exit-code",
    ]);
    assert_eq!(plan.status.code(), Some(0), "{}", both(&plan));

    // rollback --steps 2: posts and name are gone.
    let out = ok(p.run(&["rollback", "--steps", "2"]));
    assert!(out.contains("AddNameToUsers: reverting"), "{out}");
    assert!(out.contains("CreatePosts: reverted"), "{out}");
    assert_eq!(p.columns("users"), ["id", "email"]);
    assert!(p.columns("posts").is_empty());
    let status = status_lines(&ok(p.run(&["status"])));
    assert_eq!(
        status.iter().map(|s| s.0).collect::<Vec<_>>(),
        [true, false, false]
    );
    // --to stops after the version given.
    let out = ok(p.run(&["migrate", "--to", &versions[2]]));
    assert!(out.contains("CreatePosts: migrated"), "{out}");
    assert!(!out.contains("AddNameToUsers"), "{out}");
    let status = status_lines(&ok(p.run(&["status"])));
    assert_eq!(
        status.iter().map(|s| s.0).collect::<Vec<_>>(),
        [true, true, false]
    );
    let unknown = p.run(&["migrate", "--to", "20990101000000"]);
    assert_eq!(unknown.status.code(), Some(1), "{}", both(&unknown));
    ok(p.run(&["migrate"]));
    assert_eq!(p.columns("users"), ["id", "email", "name"]);

    // Another branch's migration, older than everything applied, runs next.
    std::fs::write(
        p.migrations.join("20000101000000_add_bio.up.sql"),
        "ALTER TABLE users ADD COLUMN bio text;\n",
    )
    .unwrap();
    std::fs::write(
        p.migrations.join("20000101000000_add_bio.down.sql"),
        "ALTER TABLE users DROP COLUMN bio;\n",
    )
    .unwrap();
    let out = ok(p.run(&["migrate"]));
    assert!(out.contains("20000101000000 AddBio: migrating"), "{out}");
    assert_eq!(p.columns("users"), ["id", "email", "name", "bio"]);

    // redo: the newest version down and up again.
    let out = ok(p.run(&["redo"]));
    assert!(out.contains("AddNameToUsers: reverted"), "{out}");
    assert!(out.contains("AddNameToUsers: migrated"), "{out}");
    assert_eq!(p.columns("users"), ["id", "email", "bio", "name"]);
    let version = ok(p.run(&["version"]));
    assert_eq!(version.trim(), format!("Current version: {}", versions[4]));

    // down / up of one version.
    ok(p.run(&["down", "20000101000000"]));
    assert_eq!(p.columns("users"), ["id", "email", "name"]);
    ok(p.run(&["up", "20000101000000"]));

    // check: the files build v3 plus bio exactly, not v3 alone.
    let with_bio = p.schema(
        "v4.sql",
        &v3().replace("    name text\n", "    name text,\n    bio text\n"),
    );
    let c = p.check(&with_bio);
    assert_eq!(c.status.code(), Some(0), "{}", both(&c));
    let c = p.check(&s3);
    assert_eq!(c.status.code(), Some(2), "{}", both(&c));
    assert!(
        String::from_utf8_lossy(&c.stdout).contains("bio"),
        "{}",
        both(&c)
    );

    // An applied file edited since: status flags it.
    let edited = p.migrations.join(&files[3]);
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, format!("{text}\n-- edited by hand\n")).unwrap();
    let out = ok(p.run(&["status"]));
    assert!(
        out.contains("Create posts  (changed since it was applied)"),
        "{out}"
    );
    // An applied version whose file is gone.
    std::fs::remove_file(p.migrations.join("20000101000000_add_bio.up.sql")).unwrap();
    std::fs::remove_file(p.migrations.join("20000101000000_add_bio.down.sql")).unwrap();
    let out = ok(p.run(&["status"]));
    assert!(
        out.contains("20000101000000  ********** NO FILE **********"),
        "{out}"
    );
}

#[test]
fn an_irreversible_down_fails_with_its_message_and_changes_nothing() {
    let p = Project::new("irreversible");
    ok(p.generate("create_all", &p.schema("v1.sql", &v3())));
    let dropped = p.schema("v2.sql", &v3().replace(",\n    title text\n", "\n"));
    ok(p.generate("drop_title", &dropped));
    let down = p
        .files()
        .into_iter()
        .find(|f| f.ends_with("_drop_title.down.sql"))
        .unwrap();
    let text = std::fs::read_to_string(p.migrations.join(&down)).unwrap();
    assert!(text.contains("Irreversible"), "{text}");
    assert!(
        text.contains("-- ALTER TABLE public.posts ADD COLUMN title text"),
        "{text}"
    );
    ok(p.run(&["migrate"]));
    assert_eq!(p.columns("posts"), ["id", "user_id"]);
    let r = p.run(&["rollback"]);
    assert_eq!(r.status.code(), Some(1), "{}", both(&r));
    let e = String::from_utf8_lossy(&r.stderr);
    assert!(e.contains("irreversible migration"), "{e}");
    assert!(e.contains("drop_title.down.sql:"), "{e}");
    let status = status_lines(&ok(p.run(&["status"])));
    assert_eq!(status.iter().map(|s| s.0).collect::<Vec<_>>(), [true, true]);
    assert_eq!(p.columns("posts"), ["id", "user_id"]);
}

#[test]
fn a_failed_migration_records_nothing_and_names_file_statement_and_error() {
    let p = Project::new("failed");
    std::fs::create_dir_all(&p.migrations).unwrap();
    let write = |name: &str, text: &str| std::fs::write(p.migrations.join(name), text).unwrap();
    write(
        "20260101000000_create_a.up.sql",
        "CREATE TABLE a (id int);\n",
    );
    write("20260101000000_create_a.down.sql", "DROP TABLE a;\n");
    write(
        "20260102000000_broken.up.sql",
        "CREATE TABLE b (id int);\n\nALTER TABLE nowhere ADD COLUMN x int;\n",
    );
    write("20260102000000_broken.down.sql", "DROP TABLE b;\n");
    let r = p.run(&["migrate"]);
    assert_eq!(r.status.code(), Some(1), "{}", both(&r));
    let e = String::from_utf8_lossy(&r.stderr);
    assert!(e.contains("20260102000000_broken.up.sql:3"), "{e}");
    assert!(e.contains("ALTER TABLE nowhere"), "{e}");
    assert!(e.contains("does not exist"), "{e}");
    assert!(e.contains("not recorded"), "{e}");
    assert_eq!(p.columns("a"), ["id"]);
    assert!(
        p.columns("b").is_empty(),
        "the failed migration's table stays out"
    );
    let status = status_lines(&ok(p.run(&["status"])));
    assert_eq!(
        status.iter().map(|s| s.0).collect::<Vec<_>>(),
        [true, false]
    );
    // A transaction statement in a file is refused before anything runs.
    write("20260103000000_tx.up.sql", "BEGIN;\nSELECT 1;\nCOMMIT;\n");
    let r = p.run(&["migrate"]);
    assert_eq!(r.status.code(), Some(1), "{}", both(&r));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("20260103000000_tx.up.sql:1"),
        "{}",
        both(&r)
    );
}

/// Every layout `generate` writes is read back and run by the runner, up,
/// down and up again, ending at the desired schema.
#[test]
fn every_layout_is_read_back_by_the_runner() {
    for layout in ["rails", "dbmate", "golang-migrate", "sqlx", "flyway"] {
        let p = Project::new(&format!("layout_{}", layout.replace('-', "_")));
        let [_, _, s4] = p.generate_three(layout);
        let files = p.files();
        let expected = if layout == "dbmate" { 3 } else { 6 };
        assert_eq!(files.len(), expected, "{layout}: {files:?}");
        let last = match layout {
            "flyway" => {
                assert!(files[..3].iter().all(|f| f.starts_with('U')), "{files:?}");
                assert!(
                    files[4].starts_with('V') && files[4].contains("__create_posts"),
                    "{files:?}"
                );
                &files[5]
            }
            "dbmate" => {
                let text = std::fs::read_to_string(p.migrations.join(&files[2])).unwrap();
                assert!(text.contains("-- migrate:up transaction:false"), "{text}");
                assert!(text.contains("-- migrate:down transaction:false"), "{text}");
                &files[2]
            }
            _ => {
                assert!(files[3].ends_with("_create_posts.up.sql"), "{files:?}");
                &files[5]
            }
        };
        let text = std::fs::read_to_string(p.migrations.join(last)).unwrap();
        assert!(
            text.contains("CREATE INDEX CONCURRENTLY users_email_idx"),
            "{text}"
        );
        ok(p.run(&["migrate", "--quiet"]));
        assert_eq!(p.columns("users"), ["id", "email", "name"], "{layout}");
        ok(p.run(&["rollback", "--steps", "3", "--quiet"]));
        assert!(p.columns("users").is_empty(), "{layout}");
        ok(p.run(&["migrate", "--quiet"]));
        let plan = schemadiff(&[
            "plan",
            "--schema",
            &s4,
            "--database",
            &p.database,
            "--exit-code",
        ]);
        assert_eq!(plan.status.code(), Some(0), "{layout}: {}", both(&plan));
        let c = p.check(&s4);
        assert_eq!(c.status.code(), Some(0), "{layout}: {}", both(&c));
    }
}

/// golang-migrate and Flyway do not install here, so their files are
/// checked against what those tools document (and their sources do):
/// - golang-migrate: names match `^([0-9]+)_(.*)\.(down|up)\.(.*)$` with
///   a version that fits its `uint`, one up and one down a version; its
///   PostgreSQL driver sends a file as one query, which PostgreSQL runs as
///   one transaction block, so a statement that cannot run in one is alone
///   in its file.
/// - Flyway: `V<version>__<description>.sql` and, for undo (a paid
///   edition's feature), `U<version>__<description>.sql` with the same
///   version, parts of digits separated by `.` or `_`. With its default
///   `mixed = false` a file is all transactional or all statements Flyway
///   itself detects as non-transactional on PostgreSQL (`CREATE` / `DROP
///   [UNIQUE] INDEX CONCURRENTLY` among those schemadiff writes); such a
///   file's header says to turn Flyway's transactional lock off, and a file
///   holding `${` says to turn placeholder replacement off.
#[test]
fn golang_migrate_and_flyway_files_follow_their_documented_formats() {
    use schemadiff_migrate::files::statements;
    for layout in ["golang-migrate", "flyway"] {
        let p = Project::new(&format!("format_{}", layout.replace('-', "_")));
        let [_, _, s4] = p.generate_three(layout);
        // A column and an index built CONCURRENTLY in one change, and a
        // function whose body holds `${`.
        let s5 = p.with_body(
            &s4,
            "CREATE FUNCTION greeting(who text) RETURNS text LANGUAGE sql \
             AS $$ SELECT format('${hello} %s', who) $$;\n",
        );
        p.generate_in(layout, "add_body", &s5);
        let files = p.files();
        assert_eq!(files.len(), 10, "{layout}: {files:?}");
        let mut versions: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
        let mut saw_concurrently = false;
        let mut saw_placeholder = false;
        for f in &files {
            let (version, direction) = match layout {
                "golang-migrate" => {
                    let (stem, _ext) = f.rsplit_once('.').unwrap();
                    let (stem, direction) = stem.rsplit_once('.').unwrap();
                    assert!(matches!(direction, "up" | "down"), "{f}");
                    let (version, title) = stem.split_once('_').unwrap();
                    assert!(version.bytes().all(|b| b.is_ascii_digit()), "{f}");
                    assert!(version.parse::<u64>().is_ok(), "{f}");
                    assert!(!title.is_empty(), "{f}");
                    (version.to_string(), direction)
                }
                _ => {
                    let rest = f.strip_suffix(".sql").unwrap();
                    let (prefix, rest) = rest.split_at(1);
                    let (version, description) = rest.split_once("__").unwrap();
                    assert!(
                        version
                            .split(['.', '_'])
                            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
                        "{f}"
                    );
                    assert!(!description.is_empty(), "{f}");
                    let direction = match prefix {
                        "V" => "up",
                        "U" => "down",
                        _ => panic!("{f}"),
                    };
                    (version.to_string(), direction)
                }
            };
            versions.entry(version).or_default().push(direction);
            let path = p.migrations.join(f);
            let text = std::fs::read_to_string(&path).unwrap();
            let st = statements(&path, &text, 1, false).unwrap();
            let outside: Vec<_> = st.iter().filter(|s| !s.transactional).collect();
            if !outside.is_empty() {
                saw_concurrently = true;
                assert_eq!(st.len(), 1, "{f} mixes or holds several:\n{text}");
                let words: Vec<String> = outside[0]
                    .sql
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("--"))
                    .flat_map(|l| l.split_whitespace())
                    .map(|w| w.to_ascii_uppercase())
                    .take(4)
                    .collect();
                let w: Vec<&str> = words.iter().map(String::as_str).collect();
                assert!(
                    matches!(
                        w.as_slice(),
                        ["CREATE" | "DROP", "INDEX", "CONCURRENTLY", ..]
                            | ["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY"]
                    ),
                    "{f}: Flyway would not detect {w:?}"
                );
                if layout == "flyway" {
                    assert!(
                        text.contains("flyway.postgresql.transactional.lock=false"),
                        "{text}"
                    );
                }
            }
            if text.contains("${") {
                saw_placeholder = true;
                if layout == "flyway" {
                    assert!(text.contains("placeholderReplacement=false"), "{text}");
                }
            }
        }
        assert!(saw_concurrently && saw_placeholder, "{layout}: {files:?}");
        for (version, mut d) in versions {
            d.sort();
            assert_eq!(d, ["down", "up"], "{layout} {version}");
        }
        ok(p.run(&["migrate", "--quiet"]));
        let plan = schemadiff(&[
            "plan",
            "--schema",
            &s5,
            "--database",
            &p.database,
            "--exit-code",
        ]);
        assert_eq!(plan.status.code(), Some(0), "{layout}: {}", both(&plan));
    }
}

/// golang-migrate's `schema_migrations` holds its latest version only;
/// the runner says so instead of taking older files for pending.
#[test]
fn a_golang_migrate_history_is_refused_clearly() {
    let p = Project::new("golang_history");
    p.generate_three("golang-migrate");
    let mut c = postgres::Client::connect(&p.database, postgres::NoTls).unwrap();
    c.batch_execute(
        "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);\
         INSERT INTO schema_migrations VALUES (20200101000000, false);",
    )
    .unwrap();
    for cmd in ["status", "migrate"] {
        let o = p.run(&[cmd]);
        assert_eq!(o.status.code(), Some(1), "{}", both(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("written by golang-migrate (at version 20200101000000)"),
            "{err}"
        );
    }
    assert!(p.columns("users").is_empty());
}

/// `setup` creates the database, builds the desired state, records every
/// file as applied and loads the seeds; `reset` does it again from an
/// empty database, only when allowed.
#[test]
fn setup_and_reset_build_record_and_seed() {
    let p = Project::new("setup");
    let s1 = p.schema("v1.sql", V1);
    let s3 = p.schema("v3.sql", &v3());
    ok(p.generate("create_users", &s1));
    ok(p.generate("create_posts", &s3));
    let seeds = p.schema(
        "seeds.sql",
        "INSERT INTO users (email) VALUES ('a@example.com');\n",
    );
    let name = format!("setup_target_{}", std::process::id());
    let url = cluster().url(&name);
    let dir = p.migrations.display().to_string();
    let setup = |command: &str, extra: &[&str]| {
        let mut args = vec![
            command,
            "--schema",
            &s3,
            "--dir",
            &dir,
            "--database",
            &url,
            "--seeds",
            &seeds,
        ];
        args.extend_from_slice(extra);
        schemadiff(&args)
    };
    let count = || -> i64 {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        c.query_one("SELECT count(*) FROM users", &[])
            .unwrap()
            .get(0)
    };
    let out = ok(setup("setup", &[]));
    assert!(out.contains("Seeds"), "{out}");
    assert_eq!(count(), 1);
    let status = schemadiff(&["status", "--dir", &dir, "--database", &url]);
    let rows = status_lines(&ok(status));
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [true, true]);
    let plan = schemadiff(&["plan", "--schema", &s3, "--database", &url, "--exit-code"]);
    assert_eq!(plan.status.code(), Some(0), "{}", both(&plan));
    // Nothing pending: migrate has nothing to do.
    let m = ok(schemadiff(&["migrate", "--dir", &dir, "--database", &url]));
    assert!(!m.contains("migrating"), "{m}");

    let refused = setup("reset", &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", both(&refused));
    assert_eq!(count(), 1);
    {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        c.batch_execute("INSERT INTO users (email) VALUES ('b@example.com')")
            .unwrap();
    }
    assert_eq!(count(), 2);
    ok(setup("reset", &["--allow-destructive"]));
    assert_eq!(count(), 1, "a fresh database with the seeds alone");
    let mut admin = postgres::Client::connect(&cluster().url("postgres"), postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
}

/// For every fixture: migrations generated for its `from` and `to` states
/// build `to` exactly (as a fresh load of it dumps), roll back to `from`
/// exactly, and go up to `to` again. A fixture whose way up loses data gets
/// a down that raises; it must fail and change nothing.
#[test]
fn generated_migrations_go_up_down_and_up_again_on_every_fixture() {
    let cases = fixture_cases();
    let squawk = tool("squawk");
    let irreversible = std::sync::atomic::AtomicUsize::new(0);
    let round_trips = std::sync::atomic::AtomicUsize::new(0);
    let failures = parallel(&cases, 4, |case| {
        let side = |s: &str| {
            ["sql", "yaml"]
                .iter()
                .map(|ext| case.dir.join(format!("{s}.{ext}")))
                .find(|p| p.is_file())
                .map(|p| p.display().to_string())
        };
        let (Some(from), Some(to)) = (side("from"), side("to")) else {
            return Ok(());
        };
        let p = Project::new(&format!("fx_{}", case.name));
        let dir = p.migrations.display().to_string();
        let generate = |name: &str, schema: &str| {
            schemadiff(&[
                "generate",
                name,
                "--schema",
                schema,
                "--dir",
                &dir,
                "--dev-database",
                &p.scratch,
                "--allow-empty",
            ])
        };
        for (name, schema) in [("from", &from), ("to", &to)] {
            let o = generate(name, schema);
            if o.status.code() != Some(0) {
                return Err(format!("{}: generate {name}: {}", case.name, both(&o)));
            }
        }
        let fresh = |s: &str| -> Result<String, String> {
            let mut db = fresh_db(&format!("{}_{s}", case.name));
            db.load(&case.sources(s))?;
            Ok(db.dump())
        };
        let dump = || {
            let db = TestDb {
                name: p._db.name.clone(),
                client: postgres::Client::connect(&p.database, postgres::NoTls).unwrap(),
            };
            let d = db.dump();
            std::mem::forget(db);
            d
        };
        let run = |args: &[&str]| p.run(&[args, &["--quiet"]].concat());
        let step = |what: &str, o: Output| -> Result<(), String> {
            if o.status.code() == Some(0) {
                Ok(())
            } else {
                Err(format!("{}: {what}: {}", case.name, both(&o)))
            }
        };
        // `from` first, to see which tables the way to `to` rewrites.
        let from_version = p
            .files()
            .into_iter()
            .find(|f| f.ends_with("_from.up.sql"))
            .map(|f| f[..14].to_string());
        if let Some(v) = &from_version {
            step("migrate --to", run(&["migrate", "--to", v]))?;
        }
        let before = relfilenodes(&p.database);
        step("migrate", run(&["migrate"]))?;
        if let Some(squawk) = &squawk {
            let up = p.files().into_iter().find(|f| f.ends_with("_to.up.sql"));
            if let Some(up) = up {
                let after = relfilenodes(&p.database);
                let path = p.migrations.join(up);
                unflagged_locks(squawk, &path, &before, &after)
                    .map_err(|e| format!("{}: squawk: {e}", case.name))?;
            }
        }
        let want_to = fresh("to")?;
        if dump() != want_to {
            return Err(format!(
                "{}: up does not give a fresh load of `to`",
                case.name
            ));
        }
        let to_migration = p.files().into_iter().any(|f| f.contains("_to."));
        if !to_migration {
            return Ok(()); // `from` and `to` are the same schema.
        }
        let down = p
            .files()
            .into_iter()
            .find(|f| f.ends_with("_to.down.sql"))
            .unwrap();
        let down_text = std::fs::read_to_string(p.migrations.join(down)).unwrap();
        let r = run(&["rollback"]);
        if down_text.contains("RAISE EXCEPTION") {
            irreversible.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if r.status.code() != Some(1) || dump() != want_to {
                return Err(format!(
                    "{}: an irreversible down must fail and change nothing: {}",
                    case.name,
                    both(&r)
                ));
            }
            return Ok(());
        }
        step("rollback", r)?;
        let want_from = fresh("from")?;
        if dump() != want_from {
            // A validated constraint has no way back to NOT VALID: the down
            // leaves it validated, which satisfies the earlier NOT VALID
            // one (`from` plans empty against it).
            let from_sql = case.dir.join("from.sql");
            let satisfied = want_from.contains(" NOT VALID")
                && schemadiff(&[
                    "plan",
                    "--schema",
                    &from_sql.display().to_string(),
                    "--database",
                    &p.database,
                    "--exit-code",
                ])
                .status
                .code()
                    == Some(0);
            if !satisfied {
                return Err(format!(
                    "{}: down does not return to a fresh load of `from`",
                    case.name
                ));
            }
        }
        step("migrate again", run(&["migrate"]))?;
        if dump() != want_to {
            return Err(format!("{}: up again does not give `to`", case.name));
        }
        round_trips.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    });
    println!(
        "fixtures: {} of {} pass; {} go up, down and up again exactly, {} have an irreversible down \
         that refused and changed nothing, the rest have no change to migrate",
        cases.len() - failures.len(),
        cases.len(),
        round_trips.load(std::sync::atomic::Ordering::Relaxed),
        irreversible.load(std::sync::atomic::Ordering::Relaxed)
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The dbmate layout, run by real dbmate: up, rollback, up again, ending
/// at the desired schema (schemadiff's plan of it is empty each time).
#[test]
fn real_dbmate_runs_the_dbmate_layout() {
    let Some(dbmate) = tool("dbmate") else {
        return;
    };
    let p = Project::new("dbmate");
    let url = format!("{}?sslmode=disable", p.database);
    let dir = p.migrations.display().to_string();
    let dbmate_run = |cmd: &str| {
        run_tool(
            &dbmate,
            &[
                "--url",
                &url,
                "--migrations-dir",
                &dir,
                "--no-dump-schema",
                cmd,
            ],
        )
    };
    // dbmate writes one file a migration.
    let files = real_tool_cycle(
        &p,
        "dbmate",
        5,
        || dbmate_run("up"),
        || dbmate_run("rollback"),
    );
    assert!(files[3].ends_with("_add_body_part1.sql"), "{files:?}");
    assert!(files[4].ends_with("_add_body_part2.sql"), "{files:?}");
    // schemadiff's runner reads what dbmate recorded: all five are up.
    let rows = status_lines(&ok(p.run(&["status"])));
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [true; 5]);
}

/// The sqlx layout, run by real sqlx (`sqlx migrate run` / `revert`),
/// with the same cycle. sqlx keeps its history in `_sqlx_migrations`,
/// which plans leave alone.
#[test]
fn real_sqlx_runs_the_sqlx_layout() {
    let Some(sqlx) = tool("sqlx") else {
        return;
    };
    let p = Project::new("sqlx");
    let dir = p.migrations.display().to_string();
    let sqlx_run = |cmd: &str| {
        run_tool(
            &sqlx,
            &[
                "migrate",
                cmd,
                "--no-dotenv",
                "--source",
                &dir,
                "--database-url",
                &p.database,
            ],
        )
    };
    let files = real_tool_cycle(&p, "sqlx", 10, || sqlx_run("run"), || sqlx_run("revert"));
    let part2 = std::fs::read_to_string(p.migrations.join(&files[9])).unwrap();
    assert!(files[9].ends_with("_add_body_part2.up.sql"), "{files:?}");
    assert!(part2.starts_with("-- no-transaction\n"), "{part2}");
}

fn run_tool(tool: &std::path::Path, args: &[&str]) {
    let o = Command::new(tool)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run tool");
    assert!(
        o.status.success(),
        "{} {args:?}: {}",
        tool.display(),
        both(&o)
    );
}

/// Three generated migrations, then a change mixing a column with an
/// index built CONCURRENTLY (two migrations, as these tools run a file as
/// one query), run by a real tool: up, back one at a time to the first,
/// up again, each state's plan empty. The files, sorted.
fn real_tool_cycle(
    p: &Project,
    layout: &str,
    file_count: usize,
    up: impl Fn(),
    back: impl Fn(),
) -> Vec<String> {
    let [s1, s3, s4] = p.generate_three(layout);
    let plan_is_empty = |schema: &str| {
        let o = schemadiff(&[
            "plan",
            "--schema",
            schema,
            "--database",
            &p.database,
            "--exit-code",
        ]);
        assert_eq!(o.status.code(), Some(0), "{layout}: {}", both(&o));
    };
    up();
    plan_is_empty(&s4);
    let s5 = p.with_body(&s4, "");
    p.generate_in(layout, "add_body", &s5);
    let files = p.files();
    assert_eq!(files.len(), file_count, "{files:?}");
    up();
    plan_is_empty(&s5);
    back();
    back();
    plan_is_empty(&s4);
    back();
    plan_is_empty(&s3);
    back();
    plan_is_empty(&s1);
    up();
    plan_is_empty(&s5);
    files
}

/// Each table's file node: a rewrite gives a table a new one.
fn relfilenodes(url: &str) -> std::collections::BTreeMap<String, u32> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query(
        "SELECT format('%I.%I', n.nspname, c.relname), c.relfilenode::oid::int8 FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' \
         AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'schemadiff')",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get::<_, i64>(1) as u32))
    .collect()
}

/// squawk's rules about locks taken on tables that hold rows. Its other
/// rules are left out: compatibility with running clients (renames, drops:
/// `ban-drop-column`, `renaming-column`, …, flagged `data_loss` where data
/// goes), idempotence (`prefer-robust-stmts`: a migration runs once and is
/// recorded), type style (`prefer-bigint-over-int`, `prefer-text-field`, …:
/// the desired state's types are the user's), session settings the runner
/// makes and a file cannot show (`require-lock-timeout`,
/// `require-statement-timeout`), and `adding-required-field`, about a
/// statement that fails on a table with rows rather than a lock.
const SQUAWK_LOCKING: &[&str] = &[
    "adding-field-with-default",
    "adding-foreign-key-constraint",
    "adding-not-nullable-field",
    "adding-serial-primary-key-field",
    "ban-alter-domain-with-add-constraint",
    "changing-column-type",
    "constraint-missing-not-valid",
    "disallowed-unique-constraint",
    "require-concurrent-index-creation",
    "require-concurrent-index-deletion",
];

/// squawk on a generated up file: every locking rule it raises is on a
/// step whose header line flags a lock, rewrite or scan hazard — or on a
/// relation the same file creates (it holds no rows), or it is a type
/// change or default the server made without rewriting the table (its
/// file node did not change between `before` and `after`).
fn unflagged_locks(
    squawk: &std::path::Path,
    path: &std::path::Path,
    before: &std::collections::BTreeMap<String, u32>,
    after: &std::collections::BTreeMap<String, u32>,
) -> Result<(), String> {
    let o = Command::new(squawk)
        .args(["--reporter", "json"])
        .arg(path)
        .output()
        .expect("run squawk");
    let found: serde_json::Value = serde_json::from_slice(&o.stdout)
        .map_err(|e| format!("squawk output: {e}: {}", both(&o)))?;
    let text = std::fs::read_to_string(path).unwrap();
    let steps: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.strip_prefix("--   ")
                .and_then(|r| r.split_once(". "))
                .is_some_and(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    let created: Vec<String> = steps
        .iter()
        .filter_map(|l| {
            let what = l.split_once(". ")?.1;
            let what = what.split("  [").next()?;
            what.strip_prefix("create table ")
                .or_else(|| what.strip_prefix("create materialized_view "))
                .map(str::to_string)
        })
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let statements =
        schemadiff_migrate::files::statements(path, &text, 1, false).map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    for v in found.as_array().into_iter().flatten() {
        let rule = v["rule_name"].as_str().unwrap_or_default();
        if !SQUAWK_LOCKING.contains(&rule) {
            continue;
        }
        // squawk counts lines from 0.
        let line = v["line"].as_u64().unwrap_or(0) as usize + 1;
        let Some(k) = statements.iter().rposition(|s| s.line <= line) else {
            problems.push(format!("{rule} at line {line}, before any statement"));
            continue;
        };
        let sql = &statements[k].sql;
        // The step's line above its SQL: `-- 3. alter column … [hazards: …]`.
        let header = lines[..line.min(lines.len())]
            .iter()
            .rev()
            .find(|l| {
                l.strip_prefix("-- ")
                    .and_then(|r| r.split_once(". "))
                    .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
            .copied()
            .unwrap_or_default();
        let flagged = ["blocking_lock", "table_rewrite", "row_scan"]
            .iter()
            .any(|h| header.contains("[hazards:") && header.contains(h));
        let relation = relation_of(sql);
        let new = relation.as_ref().is_some_and(|r| created.contains(r));
        let not_rewritten = matches!(rule, "changing-column-type" | "adding-field-with-default")
            && (sql.starts_with("ALTER TYPE")
                || relation
                    .as_ref()
                    .is_some_and(|r| before.get(r).is_some() && before.get(r) == after.get(r)));
        if !(flagged || new || not_rewritten) {
            problems.push(format!(
                "{rule} on `{sql}`, whose step `{header}` flags no such hazard"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The table or materialized view a statement works on, as the header
/// names it: `ALTER TABLE [ONLY] x`, `CREATE [UNIQUE] INDEX … ON [ONLY] x`.
fn relation_of(sql: &str) -> Option<String> {
    let rest = sql
        .strip_prefix("ALTER TABLE ")
        .map(|r| r.trim_start_matches("ONLY "))
        .or_else(|| {
            sql.find(" ON ")
                .map(|i| sql[i + 4..].trim_start_matches("ONLY "))
        })?;
    let mut name = String::new();
    let mut quoted = false;
    for c in rest.chars() {
        match c {
            '"' => quoted = !quoted,
            c if (c.is_whitespace() || c == '(' || c == ';') && !quoted => break,
            _ => {}
        }
        name.push(c);
    }
    Some(name)
}

/// Two `migrate` runs at once never interleave: the second waits for the
/// first's lock, then finds nothing pending.
#[test]
fn two_migrate_runs_at_once_do_not_interleave() {
    let p = Project::new("concurrent");
    std::fs::create_dir_all(&p.migrations).unwrap();
    std::fs::write(
        p.migrations.join("20260101000000_slow.up.sql"),
        "CREATE TABLE slow (id int);\nSELECT pg_sleep(1.5);\nINSERT INTO slow VALUES (1);\n",
    )
    .unwrap();
    std::fs::write(
        p.migrations.join("20260101000000_slow.down.sql"),
        "DROP TABLE slow;\n",
    )
    .unwrap();
    let dir = p.migrations.display().to_string();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_schemadiff"))
            .args(["migrate", "--dir", &dir, "--database", &p.database])
            .env_remove("DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run schemadiff")
    };
    let first = spawn();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let second = spawn();
    let (a, b) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    let a_out = ok(a);
    let b_out = ok(b);
    // Exactly one of them ran the migration.
    let ran = [&a_out, &b_out]
        .iter()
        .filter(|o| o.contains("Slow: migrated"))
        .count();
    assert_eq!(ran, 1, "first:\n{a_out}\nsecond:\n{b_out}");
    let mut c = postgres::Client::connect(&p.database, postgres::NoTls).unwrap();
    let rows: i64 = c
        .query_one("SELECT count(*) FROM slow", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
}
