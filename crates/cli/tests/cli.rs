//! The real `schemadiff` binary: plans, exit codes, and errors on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schemadiff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemadiff"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run schemadiff")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn plans_the_blog_example_without_a_database() {
    let o = schemadiff(&[
        "plan",
        "--from",
        "schemas/examples/blog_v1",
        "--to",
        "schemas/examples/blog_v2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Plan: "), "{out}");
    assert!(out.contains("+ enum        public.post_status"), "{out}");
    assert!(
        out.contains("CREATE TYPE public.post_status AS ENUM ('draft', 'published', 'archived');"),
        "{out}"
    );
}

#[test]
fn exit_code_flag_reports_pending_changes_with_2_and_none_with_0() {
    let pending = schemadiff(&[
        "plan",
        "--exit-code",
        "--from",
        "schemas/examples/blog_v1",
        "--to",
        "schemas/examples/blog_v2",
    ]);
    assert_eq!(pending.status.code(), Some(2));
    let none = schemadiff(&[
        "plan",
        "--exit-code",
        "--from",
        "schemas/examples/blog_v2",
        "--schema",
        "schemas/examples/blog_v2",
    ]);
    assert_eq!(none.status.code(), Some(0), "{}", stderr(&none));
    assert!(stdout(&none).starts_with("No changes"));
    // Without the flag, pending changes still exit 0.
    let plain = schemadiff(&[
        "plan",
        "--from",
        "schemas/examples/blog_v1",
        "--to",
        "schemas/examples/blog_v2",
    ]);
    assert_eq!(plain.status.code(), Some(0));
}

#[test]
fn json_format_is_the_documented_structure() {
    let o = schemadiff(&[
        "plan",
        "--format",
        "json",
        "--from",
        "schemas/examples/blog_v1",
        "--to",
        "schemas/examples/blog_v2",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["format_version"], 1);
    let steps = v["steps"].as_array().unwrap();
    assert!(!steps.is_empty());
    for s in steps {
        for key in ["action", "kind", "object", "sql", "hazards", "destructive"] {
            assert!(s.get(key).is_some(), "step lacks {key}: {s}");
        }
    }
    assert_eq!(
        v["summary"]["create"].as_u64().unwrap() as usize
            + v["summary"]["alter"].as_u64().unwrap() as usize
            + v["summary"]["drop"].as_u64().unwrap() as usize,
        steps.len()
    );
}

#[test]
fn sql_format_is_identical_on_every_run() {
    let args = [
        "plan",
        "--format",
        "sql",
        "--from",
        "schemas/examples/blog_v1",
        "--to",
        "schemas/examples/blog_v2",
    ];
    let a = stdout(&schemadiff(&args));
    let b = stdout(&schemadiff(&args));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn destructive_steps_are_flagged_in_the_summary() {
    let o = schemadiff(&[
        "plan",
        "--from",
        "schemas/examples/blog_v2",
        "--to",
        "schemas/examples/blog_v1",
    ]);
    let out = stdout(&o);
    assert!(out.contains("DESTRUCTIVE"), "{out}");
    assert!(
        out.contains("- column      public.users.admin  [data_loss, irreversible]"),
        "{out}"
    );
}

/// Each malformed input: (file, expected line:column, words the message holds).
const BAD: &[(&str, &str, &str)] = &[
    (
        "psql_include.sql",
        ":2:1",
        "`\\i` is a psql meta-command that could change the schema",
    ),
    ("psql_gexec.sql", ":3:1", "`\\gexec` is a psql meta-command"),
    (
        "psql_connect_after_schema.sql",
        ":2:1",
        "`\\connect` connects to another database after this file has made schema objects",
    ),
    (
        "with_oids.sql",
        ":2:9",
        "tables WITH OIDS are not supported",
    ),
    (
        "copy_without_end.sql",
        ":2:1",
        "without its closing `\\.` line",
    ),
    ("rollback.sql", ":3:1", "`ROLLBACK …`"),
    (
        "inherits_undefined.sql",
        ":3:1",
        "inherits from public.evnts, which is not defined",
    ),
    ("inherits_cycle.yaml", ":2:3", "would inherit from itself"),
    ("unclosed_flow.yaml", ":5:1", "invalid schema file"),
    ("unknown_key.yaml", ":3:5", "unknown field `colums`"),
    ("unknown_type.yaml", ":5:16", "unknown type `strng`"),
    ("unknown_column_key.yaml", ":4:27", "unknown field `nul`"),
    (
        "bad_check_expression.yaml",
        ":6:11",
        "cannot parse SQL expression",
    ),
    (
        "missing_fk_table.yaml",
        ":7:33",
        "table public.users, which is not defined",
    ),
    ("temporary_view.sql", ":3:1", "CREATE TEMPORARY VIEW"),
    (
        "unterminated_string.sql",
        ":2:47",
        "unterminated string literal",
    ),
    ("index_on_missing_column.sql", ":2:1", "missing_col"),
    ("undefined_enum.sql", ":1:37", "unknown type `mood`"),
    ("duplicate_table.sql", ":2:1", "defined twice"),
    ("wrong_shape.yaml", ":2:3", "invalid schema file"),
    ("duplicate_column_key.yaml", ":5:7", "`id` is given twice"),
    ("duplicate_table_key.yaml", ":5:3", "`users` is given twice"),
    ("empty_name.sql", ":1:1", "an empty one is not allowed"),
    ("empty_table_name.yaml", ":2:3", "not a valid name"),
    (
        "empty_column_name.yaml",
        ":4:13",
        "an empty one is not allowed",
    ),
    ("only_semicolons.sql", ":1:1", "--allow-empty"),
    ("empty_file.sql", ":1:1", "--allow-empty"),
    (
        "enum_default_not_a_label.sql",
        ":2:1",
        "not a label of enum",
    ),
    ("renamed_from_still_defined.sql", ":2:28", "still defines"),
    ("scale_out_of_range.sql", ":1:1", "precision or scale"),
    ("enum_label_too_long.sql", ":1:1", "at most 63"),
    (
        "grant_on_missing_table.sql",
        ":2:1",
        "table public.missing is not defined",
    ),
    (
        "grant_wrong_privilege.sql",
        ":2:1",
        "SELECT is not a privilege on function",
    ),
    ("grant_granted_by.sql", ":2:33", "GRANTED BY"),
    (
        "grant_wrong_privilege.yaml",
        ":6:3",
        "EXECUTE is not a privilege on table",
    ),
    (
        "like_missing_table.sql",
        ":4:5",
        "LIKE copies table public.missing",
    ),
    (
        "like_unknown_option.sql",
        ":2:53",
        "`everything` is not a LIKE option",
    ),
    (
        "not_null_name_without_not_null.yaml",
        ":6:9",
        "needs `null: false`",
    ),
    ("like_with_statistics.sql", ":4:17", "INCLUDING STATISTICS"),
    (
        "statistics_one_column.sql",
        ":2:1",
        "at least two columns or expressions",
    ),
    (
        "statistics_missing_column.sql",
        ":2:1",
        "column c does not exist in table public.t",
    ),
    // Found by the mutation test: it panicked on a slice.
    (
        "comment_on_constraint_without_table.sql",
        ":2:1",
        "expected COMMENT ON CONSTRAINT",
    ),
];

#[test]
fn malformed_inputs_fail_with_file_line_column_and_exit_1() {
    for (file, at, words) in BAD {
        let path = format!("crates/cli/tests/bad/{file}");
        // A second of work at most: a hang is a failure too.
        let started = std::time::Instant::now();
        let o = schemadiff(&["plan", "--from", &path, "--to", &path]);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{file}: took {:?}",
            started.elapsed()
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        assert!(
            err.starts_with(&format!("error: {path}{at}")),
            "{file}: expected location {at}, got: {err}"
        );
        assert!(err.contains(words), "{file}: expected '{words}' in: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
        assert!(stdout(&o).is_empty(), "{file}: printed a plan");
    }
}

/// Seed rows, psql's own commands and a transaction around the file are
/// not schema: left out of the desired state, and said once, with where.
#[test]
fn what_is_not_schema_is_left_out_and_said_once() {
    let path = "fixtures/pgdump/data_and_psql/to.sql";
    let o = schemadiff(&["plan", "--from", path, "--to", path, "--exit-code"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.matches("Left out").count(), 1, "{err}");
    for said in [
        "6 data statements (first at fixtures/pgdump/data_and_psql/to.sql:11:1)",
        "6 psql meta-commands (first at fixtures/pgdump/data_and_psql/to.sql:4:1)",
        "2 queries (first at fixtures/pgdump/data_and_psql/to.sql:19:1)",
        "4 transaction control statements (first at fixtures/pgdump/data_and_psql/to.sql:8:1)",
        "2 maintenance commands (first at fixtures/pgdump/data_and_psql/to.sql:25:1)",
        "5 session commands (first at fixtures/pgdump/data_and_psql/to.sql:27:1)",
    ] {
        assert!(err.contains(said), "`{said}` not in: {err}");
    }
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let o = schemadiff(&[
        "plan",
        "--from",
        "no/such/file.sql",
        "--to",
        "schemas/examples/blog_v1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/file.sql"), "{}", stderr(&o));
}

#[test]
fn help_teaches_the_plan_command() {
    let o = schemadiff(&["plan", "--help"]);
    let out = stdout(&o);
    assert!(
        out.contains("--from") && out.contains("--exit-code") && out.contains("Example"),
        "{out}"
    );
}

#[test]
fn json_schema_file_is_up_to_date() {
    let committed =
        std::fs::read_to_string(root().join("schemas/schemadiff.schema.json")).unwrap_or_default();
    let fresh = schemadiff::yaml_json_schema();
    assert!(
        committed == fresh,
        "schemas/schemadiff.schema.json is stale: run `cargo run -- json-schema > schemas/schemadiff.schema.json`"
    );
}

#[test]
fn markdown_renders_a_pull_request_comment() {
    let o = schemadiff(&[
        "plan",
        "--from",
        "schemas/examples/blog_v1",
        "--schema",
        "schemas/examples/blog_v2",
        "--format",
        "markdown",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(
        md.starts_with("### schemadiff plan\n\n**14 to create, 2 to alter, 1 to drop**"),
        "{md}"
    );
    assert!(
        md.contains("| | kind | object | hazards |\n|---|---|---|---|\n"),
        "{md}"
    );
    assert!(
        md.contains("| + | enum | `public.post_status` |  |"),
        "{md}"
    );
    assert!(
        md.contains("\n```sql\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n"),
        "{md}"
    );
    assert!(md.trim_end().ends_with("```"), "{md}");

    let dropping = schemadiff(&[
        "plan",
        "--from",
        "schemas/examples/blog_v2",
        "--schema",
        "schemas/examples/blog_v1",
        "--format",
        "markdown",
    ]);
    let md = stdout(&dropping);
    assert!(md.contains("destructive**"), "{md}");
    assert!(
        md.contains("| - | column | `public.posts.price` | data_loss, irreversible |"),
        "{md}"
    );
    assert!(
        md.contains("| - | index | `public.posts_lower_idx` | destructive |"),
        "{md}"
    );
    assert!(md.contains("> [!WARNING]"), "{md}");
}

#[test]
fn bad_plan_files_and_durations_are_clear_errors_before_any_connection() {
    let dir = std::env::temp_dir().join(format!("schemadiff-badplan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("plan.json");
    std::fs::write(
        &bad,
        "{\n  \"format_version\": 1,\n  \"steps\": [oops]\n}\n",
    )
    .unwrap();
    // The URL points nowhere: the error must come from the file, first.
    let nowhere = "postgres://u:secret@127.0.0.1:1/x";
    let o = schemadiff(&[
        "apply",
        "--plan",
        bad.to_str().unwrap(),
        "--database",
        nowhere,
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("plan.json:3:"), "{e}");
    assert!(e.contains("not a schemadiff plan file"), "{e}");
    assert!(!e.contains("secret"), "{e}");

    let o = schemadiff(&[
        "apply",
        "--schema",
        "schemas/examples/blog_v1",
        "--database",
        nowhere,
        "--lock-timeout",
        "soon",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--lock-timeout: `soon` is not a duration"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_rename_hint_with_both_or_neither_name_present_is_an_error_naming_it() {
    let dir = std::env::temp_dir().join(format!("schemadiff-renames-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let hinted = write(
        "to.sql",
        "CREATE TABLE posts ( -- @renamed from=articles\n    id int PRIMARY KEY\n);\n",
    );
    let both = write(
        "both.sql",
        "CREATE TABLE posts (id int PRIMARY KEY); CREATE TABLE articles (id int PRIMARY KEY);",
    );
    let neither = write("neither.sql", "CREATE TABLE others (id int PRIMARY KEY);");
    let o = schemadiff(&["plan", "--from", &both, "--schema", &hinted]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("to.sql:1:22"), "the hint's location: {e}");
    assert!(e.contains("but both exist"), "{e}");
    let o = schemadiff(&["plan", "--from", &neither, "--schema", &hinted]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("but neither exists"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_desired_state_needs_allow_empty_and_then_drops_everything() {
    let empty = "crates/cli/tests/bad/empty_file.sql";
    let refused = schemadiff(&[
        "plan",
        "--from",
        "schemas/examples/blog_v1",
        "--schema",
        empty,
    ]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stdout(&refused).is_empty());
    let o = schemadiff(&[
        "plan",
        "--from",
        "schemas/examples/blog_v1",
        "--schema",
        empty,
        "--allow-empty",
        "--format",
        "sql",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("DROP TABLE public.users"),
        "{}",
        stdout(&o)
    );
}

/// An offline plan whose views, and all they read, are the same on both
/// sides compares them as written: no scratch database is asked (here,
/// one that cannot be reached). Any difference they could see sends them
/// to the scratch database as before.
#[test]
fn unchanged_views_need_no_scratch_database_offline() {
    let dir = std::env::temp_dir().join(format!("schemadiff-views-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = "CREATE TABLE a (id int PRIMARY KEY, n text);\n\
                CREATE TABLE b (id int);\n\
                CREATE VIEW v AS SELECT id, n FROM a;\n\
                COMMENT ON COLUMN v.n IS 'the name';\n";
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let current = write("current.sql", base);
    let plan = |desired: &str| {
        schemadiff(&[
            "plan",
            "--format",
            "sql",
            "--dev-database",
            "postgresql://postgres@127.0.0.1:1/unreachable",
            "--from",
            &current,
            "--schema",
            desired,
        ])
    };
    let other_table = write("other.sql", &format!("{base}CREATE TABLE c (id int);\n"));
    let o = plan(&other_table);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("CREATE TABLE public.c"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("VIEW"), "{}", stdout(&o));
    assert!(stderr(&o).contains("compared as written"), "{}", stderr(&o));
    for (name, changed) in [
        ("read_table.sql", base.replace("n text", "n varchar(5)")),
        ("view.sql", base.replace("SELECT id, n", "SELECT n, id")),
        ("comment.sql", base.replace("'the name'", "'a name'")),
        (
            "new_view.sql",
            format!("{base}CREATE VIEW w AS SELECT id FROM b;\n"),
        ),
    ] {
        let o = plan(&write(name, &changed));
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("scratch database"),
            "{name}: {}",
            stderr(&o)
        );
    }
}

/// Colour: into a pipe none (the default), with `--color always` creates
/// green, drops red, hazards yellow; the SQL is left as it is.
#[test]
fn text_plans_are_coloured_only_when_asked_or_on_a_terminal() {
    let args = [
        "plan",
        "--from",
        "schemas/examples/blog_v1",
        "--to",
        "schemas/examples/blog_v2",
    ];
    let plain = stdout(&schemadiff(&args));
    assert!(!plain.contains('\x1b'), "{plain:?}");
    let mut with = args.to_vec();
    with.extend(["--color", "always"]);
    let coloured = stdout(&schemadiff(&with));
    assert!(coloured.contains("\x1b[32m  + enum"), "{coloured:?}");
    assert!(coloured.contains("\x1b[31m  - constraint"), "{coloured:?}");
    let sql = |t: &str| {
        t.split_once("SQL:")
            .map(|(_, s)| s.to_string())
            .unwrap_or_default()
    };
    assert_eq!(sql(&coloured), sql(&plain));
    let mut never = args.to_vec();
    never.extend(["--color", "never"]);
    assert_eq!(stdout(&schemadiff(&never)), plain);
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let o = schemadiff(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let out = stdout(&o);
        for sub in ["plan", "apply", "migrate", "rollback", "convert", "diagram"] {
            assert!(out.contains(sub), "{shell} lacks {sub}");
        }
    }
    let o = schemadiff(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2), "clap refuses an unknown shell");
}

/// `diagram` draws a whole schema from files: Mermaid entities with keys
/// and relationships, and Graphviz DOT with the same tables and edges.
#[test]
fn diagram_draws_a_whole_schema_in_mermaid_and_dot() {
    let o = schemadiff(&["diagram", "--schema", "schemas/examples/blog_v2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = stdout(&o);
    assert!(m.starts_with("erDiagram\n"), "{m}");
    assert!(m.contains("    posts[\"posts\"] {\n"), "{m}");
    assert!(m.contains(" id PK\n"), "{m}");
    assert!(m.contains("author_id FK"), "{m}");
    assert!(m.contains("users ||--o{ posts : \"author_id\""), "{m}");
    assert!(
        !m.contains("\"added\""),
        "a whole schema marks nothing: {m}"
    );
    let o = schemadiff(&[
        "diagram",
        "--schema",
        "schemas/examples/blog_v2",
        "--format",
        "dot",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d = stdout(&o);
    assert!(d.starts_with("digraph schema {"), "{d}");
    assert!(
        d.contains("\"users\" -> \"posts\" [label=\"author_id\"];"),
        "{d}"
    );
    assert!(d.trim_end().ends_with('}'), "{d}");
}
