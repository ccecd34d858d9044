//! The example GitHub Actions workflow (examples/github-actions/
//! schemadiff.yml), its `run:` steps executed as the runner would — bash,
//! in a checkout of a pull request, with the job's environment — against a
//! local database instead of the service container. GitHub itself (the
//! checkout action, installing schemadiff, posting the comment) is not
//! run; the test reads the comment the workflow would post.

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};

const BASE: &str = r#"ActiveRecord::Schema[7.1].define(version: 2026_01_01_000000) do
  create_table "users", force: :cascade do |t|
    t.string "email", null: false
    t.index ["email"], name: "index_users_on_email", unique: true
  end
end
"#;

/// The pull request: a posts table referencing users, a column on users.
const HEAD: &str = r#"ActiveRecord::Schema[7.1].define(version: 2026_02_01_000000) do
  create_table "posts", force: :cascade do |t|
    t.bigint "user_id", null: false
    t.string "title", null: false
    t.index ["user_id"], name: "index_posts_on_user_id"
  end

  create_table "users", force: :cascade do |t|
    t.string "email", null: false
    t.string "name"
    t.index ["email"], name: "index_users_on_email", unique: true
  end

  add_foreign_key "posts", "users"
end
"#;

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The `run:` scripts of the plan job, in order, less the install step.
fn run_steps() -> Vec<(String, String)> {
    let path = workspace_root().join("examples/github-actions/schemadiff.yml");
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["jobs"]["plan"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .filter_map(|s| {
            let name = s["name"].as_str().unwrap_or_default().to_string();
            let run = s["run"].as_str()?.to_string();
            (!name.starts_with("Install")).then_some((name, run))
        })
        .collect()
}

/// Runs the workflow's steps in a pull request checkout; the first step
/// that fails, if any.
fn run_workflow(repo: &Path, database: &str, scratch: &str) -> Result<(), String> {
    let bin = Path::new(env!("CARGO_BIN_EXE_schemadiff"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let summary = repo.join("../step-summary.md");
    for (name, script) in run_steps() {
        let o = Command::new("bash")
            .args(["-eo", "pipefail", "-c", &script])
            .current_dir(repo)
            .env("PATH", &path)
            .env("DATABASE_URL", database)
            .env("SCHEMADIFF_DEV_DATABASE", scratch)
            .env("SCHEMA", "db/schema.rb")
            .env("GITHUB_BASE_REF", "main")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .stdin(Stdio::null())
            .output()
            .expect("bash");
        if !o.status.success() {
            return Err(format!(
                "step `{name}` failed ({:?}):\n{}{}",
                o.status.code(),
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
    }
    Ok(())
}

/// A repository whose `main` holds BASE and whose checked-out branch holds
/// HEAD (and, with `migrations`, files that build HEAD).
fn pull_request(label: &str, scratch: &str, migrations: bool) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!(
        "schemadiff-workflow-{label}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    let repo = root.join("app");
    std::fs::create_dir_all(repo.join("db")).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join("db/schema.rb"), BASE).unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "base"]);
    // What actions/checkout with fetch-depth: 0 leaves: the base branch
    // as a remote-tracking ref.
    git(&repo, &["update-ref", "refs/remotes/origin/main", "main"]);
    git(&repo, &["checkout", "-qb", "add-posts"]);
    std::fs::write(repo.join("db/schema.rb"), HEAD).unwrap();
    if migrations {
        for (name, schema) in [("create_users", BASE), ("create_posts", HEAD)] {
            let tmp = root.join(format!("{name}.rb"));
            std::fs::write(&tmp, schema).unwrap();
            let o = Command::new(env!("CARGO_BIN_EXE_schemadiff"))
                .args(["generate", name, "--schema"])
                .arg(&tmp)
                .args(["--dir", "db/migrate", "--dev-database", scratch])
                .current_dir(&repo)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            // Distinct versions: generate moves a second on a collision.
        }
    }
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "add posts"]);
    repo
}

#[test]
fn the_example_workflow_posts_the_plan_with_its_diagram() {
    let base = fresh_db("wf_base");
    let scratch = fresh_db("wf_scratch");
    let repo = pull_request("ok", &scratch.url(), true);
    run_workflow(&repo, &base.url(), &scratch.url()).unwrap_or_else(|e| panic!("{e}"));
    let comment = std::fs::read_to_string(repo.join("schemadiff-comment.md")).unwrap();
    for expected in [
        "<!-- schemadiff-plan -->\n### schemadiff plan",
        "**5 to create, 1 to alter, 0 to drop**",
        "| + | table | `public.posts` |  |",
        "| + | column | `public.users.name` |  |",
        "```mermaid\nerDiagram\n",
        "    posts[\"+ posts (added)\"] {\n        bigint id PK\n        bigint user_id FK\n",
        "    users[\"~ users (changed)\"] {",
        "        varchar name \"added\"",
        "    users ||--o{ posts : \"user_id\"",
        "CREATE TABLE public.posts (",
    ] {
        assert!(comment.contains(expected), "`{expected}` in:\n{comment}");
    }
    // The base branch's schema is what the database holds.
    let mut c = postgres::Client::connect(&base.url(), postgres::NoTls).unwrap();
    let posts: bool = c
        .query_one("SELECT to_regclass('public.posts') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    assert!(!posts);
    let summary = std::fs::read_to_string(repo.join("../step-summary.md")).unwrap();
    assert_eq!(summary, comment);
    let _ = std::fs::remove_dir_all(repo.parent().unwrap());
}

/// A schema change without its migration: the check step fails the job.
#[test]
fn a_forgotten_migration_fails_the_example_workflow() {
    let base = fresh_db("wf_fail_base");
    let scratch = fresh_db("wf_fail_scratch");
    let repo = pull_request("forgotten", &scratch.url(), true);
    std::fs::write(
        repo.join("db/schema.rb"),
        HEAD.replace(
            "t.string \"name\"",
            "t.string \"name\"\n    t.string \"nickname\"",
        ),
    )
    .unwrap();
    let e = run_workflow(&repo, &base.url(), &scratch.url()).unwrap_err();
    assert!(
        e.starts_with(
            "step `Check that the migration files build the desired schema` failed (Some(2))"
        ),
        "{e}"
    );
    assert!(e.contains("nickname"), "{e}");
    let _ = std::fs::remove_dir_all(repo.parent().unwrap());
}
