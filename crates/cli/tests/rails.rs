//! Rails' db/schema.rb as a desired state, through the real binary on a
//! real PostgreSQL: a large application's schema.rb (Rails 7.1 form)
//! applies, converges and converts; and a Rails 6.1 schema.rb gives the
//! same database when real ActiveRecord loads it as when schemadiff does.

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

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn file(name: &str) -> String {
    workspace_root()
        .join("tests/rails")
        .join(name)
        .display()
        .to_string()
}

fn plan_is_empty(schema: &[&str], database: &str, scratch: &str) {
    let mut args = vec!["plan"];
    for s in schema {
        args.extend(["--schema", s]);
    }
    args.extend([
        "--database",
        database,
        "--dev-database",
        scratch,
        "--exit-code",
    ]);
    let o = schemadiff(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// The application's schema.rb (106 tables: every column type, primary
/// key form, index option, check and unique constraint, enums, schemas,
/// extensions, scenic views) with the function a default calls in a .sql
/// file beside it.
#[test]
fn a_large_rails_schema_applies_converges_and_converts() {
    let db = fresh_db("rails_app");
    let scratch = fresh_db("rails_app_scratch");
    let (rb, functions) = (file("schema.rb"), file("functions.sql"));
    let o = schemadiff(&[
        "apply",
        "--schema",
        &rb,
        "--schema",
        &functions,
        "--database",
        &db.url(),
        "--dev-database",
        &scratch.url(),
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    plan_is_empty(&[&rb, &functions], &db.url(), &scratch.url());

    let dir = std::env::temp_dir().join(format!("schemadiff-rails-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for format in ["yaml", "sql"] {
        let out: PathBuf = dir.join(format!("schema.{format}"));
        let o = schemadiff(&[
            "convert",
            "--schema",
            &rb,
            "--schema",
            &functions,
            "--format",
            format,
            "--out",
            &out.display().to_string(),
            "--dev-database",
            &scratch.url(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        plan_is_empty(&[&out.display().to_string()], &db.url(), &scratch.url());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The SQL schemadiff reads schema.rb as, line for line, for review: what
/// each `create_table` stands for on PostgreSQL (the test above proves
/// PostgreSQL takes it and that it converges).
#[test]
fn schema_rb_reads_as_this_sql() {
    let path = file("schema.rb");
    let src = schemadiff::Source::new(
        "tests/rails/schema.rb",
        std::fs::read_to_string(&path).unwrap(),
        schemadiff::Format::Rails,
    );
    let sql = schemadiff_parser::as_sql(src).unwrap().text;
    insta::assert_snapshot!(sql);
}

/// Real ActiveRecord (Debian's 6.1, as CI installs it) loads a schema.rb
/// into one database, schemadiff applies it to another: their pg_dump -s
/// are the same, and schemadiff's plan of the file against Rails' database
/// is empty. 6.1 reads the older `ActiveRecord::Schema.define` form, which
/// schemadiff gives 6.1's types (timestamp without precision unless
/// `precision: 6`); 7.x's forms are covered by the test above.
#[test]
fn real_rails_and_schemadiff_build_the_same_database() {
    let Some(ruby) = tool("ruby") else {
        return;
    };
    let has_rails = Command::new(&ruby)
        .args(["-e", "require 'active_record'; require 'pg'"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_rails {
        assert!(
            std::env::var_os("SCHEMADIFF_REQUIRE_TOOLS").is_none(),
            "ActiveRecord is not installed (.ci/run installs ruby-activerecord and ruby-pg)"
        );
        eprintln!("SKIPPED: ActiveRecord is not installed");
        return;
    }
    let rb = file("schema_6_1.rb");
    let by_rails = fresh_db("rails_by_rails");
    let by_schemadiff = fresh_db("rails_by_schemadiff");
    let scratch = fresh_db("rails_cmp_scratch");
    let o = Command::new(&ruby)
        .args([
            "-e",
            "require 'active_record'; ActiveRecord::Base.establish_connection(ENV.fetch('DATABASE_URL')); \
             ActiveRecord::Migration.verbose = false; load ARGV.fetch(0)",
            &rb,
        ])
        .env("DATABASE_URL", by_rails.url())
        .stdin(Stdio::null())
        .output()
        .expect("run ruby");
    assert!(o.status.success(), "Rails: {}", text(&o));
    let o = schemadiff(&[
        "apply",
        "--schema",
        &rb,
        "--database",
        &by_schemadiff.url(),
        "--dev-database",
        &scratch.url(),
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let (a, b) = (by_rails.dump(), by_schemadiff.dump());
    if a != b {
        let diff = similar::TextDiff::from_lines(&a, &b)
            .unified_diff()
            .header("loaded by Rails", "applied by schemadiff")
            .to_string();
        panic!("the databases differ:\n{diff}");
    }
    plan_is_empty(&[&rb], &by_rails.url(), &scratch.url());
}
