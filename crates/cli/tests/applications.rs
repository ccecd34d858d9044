//! Real applications' schema files, read from `../shared/realworld` at test
//! time (never copied here), through the real binary on a real PostgreSQL,
//! with the checks that folder's README says a user expects of each:
//!
//! - SQL files: `load` (psql builds a database of it), `clean` (the file
//!   plans empty against that database), `build` (applied to an empty
//!   database it gives the same `pg_dump -s`), `self` (`plan --from FILE
//!   --to FILE` is empty, with no database at all), `dump-sql` (the
//!   database's `dump --format sql` loads into an empty one with the same
//!   `pg_dump -s`) and `dump-yaml` (its `dump --format yaml` plans empty
//!   against it).
//! - schema.rb files: `rails` (Rails 6.1, where it loads the file, and
//!   schemadiff build the same database, and the file plans empty against
//!   Rails'), `build` (applied to an empty database), `clean` (a second
//!   plan is empty), `self`, `yaml` and `sql` (converted, each plans empty
//!   against the built database).
//!
//! It prints one line per file and check and a total. A check that cannot
//! apply says why (a file this server cannot load, say). `KNOWN` lists the
//! failures not fixed yet, each with its cause: a failure not on it fails
//! the test, and so does an entry that passes (take it off).

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Failures not fixed yet: (file name prefix, check, server majors it
/// fails on (empty: all), the cause).
const KNOWN: &[(&str, &str, &[i32], &str)] = &[(
    "metabrainz",
    "dump-sql",
    &[],
    "PostgreSQL prints the view release_event (a UNION branch's NULL column) in a form that \
     reads back otherwise: the dump loads, and pg_dump -s differs by `AS int4`; pg_dump's own \
     output fails this check the same way",
)];

/// The schema.rb files Debian's ActiveRecord 6.1 loads (the folder's
/// README): for the others Rails is no oracle here.
const RAILS_LOADS: &[&str] = &["pupilfirst+pupilfirst__db_schema.rb"];

#[derive(Debug, Clone)]
enum Verdict {
    Pass,
    Fail(String),
    NotApplicable(String),
}

fn schemadiff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemadiff"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("SCHEMADIFF_DEV_DATABASE")
        .stdin(Stdio::null())
        .output()
        .expect("run schemadiff")
}

fn both(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The first few meaningful lines, on one line.
fn brief(s: &str) -> String {
    let lines: Vec<&str> = s
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("Using database")
                && !l.starts_with("Compared ")
                && !l.starts_with("Views ")
                && !l.starts_with("note:")
                && !l.starts_with("warning:")
        })
        .take(6)
        .collect();
    lines.join(" | ").chars().take(600).collect()
}

fn first_difference(want: &str, got: &str) -> String {
    let diff = similar::TextDiff::from_lines(want, got);
    let mut out = Vec::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Delete => out.push(format!("- {}", change.value().trim())),
            similar::ChangeTag::Insert => out.push(format!("+ {}", change.value().trim())),
            similar::ChangeTag::Equal => {}
        }
        if out.len() >= 4 {
            break;
        }
    }
    out.join(" | ")
}

/// psql's own load of a file, stopping at the first error.
fn psql_load(db: &TestDb, file: &Path) -> Result<(), String> {
    let c = cluster();
    let o = Command::new(c.bin_dir.join("psql"))
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &db.url(), "-f"])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if o.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&o.stderr);
        Err(err
            .lines()
            .find(|l| l.contains("ERROR"))
            .unwrap_or(err.trim())
            .to_string())
    }
}

/// pg_dump -s, normalised; on PostgreSQL 18 without the names of NOT NULL
/// constraints that PostgreSQL made itself (a partition loaded from a
/// dump names its own after itself, one made with PARTITION OF after its
/// parent).
fn dump(db: &TestDb) -> String {
    let d = db.dump_with_privileges();
    if server_major() < 18 {
        return d;
    }
    d.lines()
        .map(|l| match (l.find(" CONSTRAINT "), l.find(" NOT NULL")) {
            (Some(a), Some(b)) if a < b && l[a + 12..b].ends_with("_not_null") => {
                format!("{}{}\n", &l[..a], &l[b..])
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

fn plan_empty(schema: &str, url: &str) -> Verdict {
    let scratch = fresh_db("app_scratch");
    let o = schemadiff(&[
        "plan",
        "--schema",
        schema,
        "--database",
        url,
        "--exit-code",
        "--dev-database",
        &scratch.url(),
    ]);
    match o.status.code() {
        Some(0) => Verdict::Pass,
        Some(2) => Verdict::Fail(format!("not empty: {}", brief(&both(&o)))),
        _ => Verdict::Fail(brief(&both(&o))),
    }
}

fn apply(schema: &str, url: &str) -> Result<(), String> {
    let scratch = fresh_db("app_scratch");
    let o = schemadiff(&[
        "apply",
        "--schema",
        schema,
        "--database",
        url,
        "--yes",
        "--dev-database",
        &scratch.url(),
    ]);
    if o.status.success() {
        Ok(())
    } else {
        Err(brief(&both(&o)))
    }
}

fn offline_self(path: &str) -> Verdict {
    let o = schemadiff(&["plan", "--from", path, "--to", path, "--exit-code"]);
    match o.status.code() {
        Some(0) => Verdict::Pass,
        Some(2) => Verdict::Fail(format!("not empty: {}", brief(&both(&o)))),
        _ => Verdict::Fail(brief(&both(&o))),
    }
}

fn temp_file(label: &str, ext: &str, text: &[u8]) -> PathBuf {
    let p = std::env::temp_dir().join(format!(
        "schemadiff-{}-app-{label}.{ext}",
        std::process::id()
    ));
    std::fs::write(&p, text).unwrap();
    p
}

fn label(file: &str) -> String {
    file.split(['+', '_', '.'])
        .next()
        .unwrap_or(file)
        .to_string()
}

fn sql_checks(path: &Path, file: &str) -> Vec<(&'static str, Verdict)> {
    let path_s = path.to_string_lossy().into_owned();
    let l = label(file);
    let mut out = vec![("self", offline_self(&path_s))];
    let loaded = fresh_db(&format!("app_{l}_loaded"));
    if let Err(e) = psql_load(&loaded, path) {
        let why = format!("the file does not load on this server: {e}");
        out.push(("load", Verdict::NotApplicable(why.clone())));
        for check in ["clean", "build", "dump-sql", "dump-yaml"] {
            out.push((check, Verdict::NotApplicable(why.clone())));
        }
        return out;
    }
    out.push(("load", Verdict::Pass));
    out.push(("clean", plan_empty(&path_s, &loaded.url())));
    let want = dump(&loaded);

    let built = fresh_db(&format!("app_{l}_built"));
    out.push((
        "build",
        match apply(&path_s, &built.url()) {
            Err(e) => Verdict::Fail(format!("apply: {e}")),
            Ok(()) => {
                let got = dump(&built);
                if got == want {
                    Verdict::Pass
                } else {
                    Verdict::Fail(format!(
                        "pg_dump differs (- loaded, + applied): {}",
                        first_difference(&want, &got)
                    ))
                }
            }
        },
    ));

    let o = schemadiff(&["dump", "--database", &loaded.url(), "--format", "sql"]);
    out.push((
        "dump-sql",
        if !o.status.success() {
            Verdict::Fail(format!("dump: {}", brief(&both(&o))))
        } else {
            let f = temp_file(&l, "sql", &o.stdout);
            let reloaded = fresh_db(&format!("app_{l}_reloaded"));
            let v = match psql_load(&reloaded, &f) {
                Err(e) => Verdict::Fail(format!("the dump does not load: {e}")),
                Ok(()) => {
                    let got = dump(&reloaded);
                    if got == want {
                        Verdict::Pass
                    } else {
                        Verdict::Fail(format!(
                            "pg_dump differs (- loaded, + the dump loaded): {}",
                            first_difference(&want, &got)
                        ))
                    }
                }
            };
            let _ = std::fs::remove_file(&f);
            v
        },
    ));

    let o = schemadiff(&["dump", "--database", &loaded.url(), "--format", "yaml"]);
    out.push((
        "dump-yaml",
        if !o.status.success() {
            Verdict::Fail(format!("dump: {}", brief(&both(&o))))
        } else {
            let f = temp_file(&l, "yaml", &o.stdout);
            let v = plan_empty(&f.to_string_lossy(), &loaded.url());
            let _ = std::fs::remove_file(&f);
            v
        },
    ));
    out
}

/// A schema.rb in the form ActiveRecord 6.1 reads: Rails 7's versioned
/// `ActiveRecord::Schema[7.1].define` is 6.1's `ActiveRecord::Schema.define`
/// (which schemadiff reads with 6.1's types, as Rails 6.1 does), and its
/// `enable_extension "pg_catalog.plpgsql"` is 6.1's `"plpgsql"`.
fn as_rails_6_1(text: &str) -> String {
    // Rails 7.1 names an extension with its schema (`pg_catalog.plpgsql`);
    // 6.1 knows it by name alone.
    let text = &text.replace("enable_extension \"pg_catalog.", "enable_extension \"");
    match (text.find("ActiveRecord::Schema["), text.find("].define")) {
        (Some(a), Some(b)) if a < b => format!(
            "{}ActiveRecord::Schema.define{}",
            &text[..a],
            &text[b + "].define".len()..]
        ),
        _ => text.to_string(),
    }
}

/// Real ActiveRecord 6.1 loads `path` into `db`.
fn rails_load(db: &TestDb, path: &Path) -> Result<(), String> {
    let Some(ruby) = tool("ruby") else {
        return Err("ruby is not installed".into());
    };
    let o = Command::new(ruby)
        .args([
            "-e",
            "require 'active_record'; ActiveRecord::Base.establish_connection(ENV.fetch('DATABASE_URL')); \
             ActiveRecord::Migration.verbose = false; load ARGV.fetch(0)",
        ])
        .arg(path)
        .env("DATABASE_URL", db.url())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if o.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&o.stderr);
        Err(err
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect())
    }
}

/// Rails 6.1 and schemadiff load the same text (the file in 6.1's form):
/// the same pg_dump, and the text plans empty against Rails' database.
fn rails_oracle(path: &Path, file: &str, l: &str) -> Verdict {
    let text = std::fs::read_to_string(path).unwrap();
    let f = temp_file(&format!("{l}-6-1"), "rb", as_rails_6_1(&text).as_bytes());
    let f_s = f.to_string_lossy().into_owned();
    let by_rails = fresh_db(&format!("app_{l}_rails"));
    let by_schemadiff = fresh_db(&format!("app_{l}_rails_sd"));
    let v = match (rails_load(&by_rails, &f), apply(&f_s, &by_schemadiff.url())) {
        (Err(e), _) if !RAILS_LOADS.contains(&file) => {
            Verdict::NotApplicable(format!("Rails 6.1 cannot load it: {e}"))
        }
        (Err(e), _) => Verdict::Fail(format!("Rails 6.1 did not load it: {e}")),
        (Ok(()), Err(e)) => Verdict::Fail(format!("apply: {e}")),
        (Ok(()), Ok(())) => {
            let (want, got) = (dump(&by_rails), dump(&by_schemadiff));
            if want != got {
                Verdict::Fail(format!(
                    "pg_dump differs (- Rails, + schemadiff): {}",
                    first_difference(&want, &got)
                ))
            } else {
                plan_empty(&f_s, &by_rails.url())
            }
        }
    };
    let _ = std::fs::remove_file(&f);
    v
}

fn rails_checks(path: &Path, file: &str) -> Vec<(&'static str, Verdict)> {
    let path_s = path.to_string_lossy().into_owned();
    let l = label(file);
    let mut out = vec![("self", offline_self(&path_s))];

    out.push(("rails", rails_oracle(path, file, &l)));
    let built = fresh_db(&format!("app_{l}_built"));
    let applied = apply(&path_s, &built.url());
    match applied {
        Err(e) => {
            out.push(("build", Verdict::Fail(format!("apply: {e}"))));
            let why = "nothing was built".to_string();
            for check in ["clean", "yaml", "sql"] {
                out.push((check, Verdict::NotApplicable(why.clone())));
            }
        }
        Ok(()) => {
            out.push(("build", Verdict::Pass));
            out.push(("clean", plan_empty(&path_s, &built.url())));
            for format in ["yaml", "sql"] {
                let f = std::env::temp_dir().join(format!(
                    "schemadiff-{}-app-{l}-converted.{format}",
                    std::process::id()
                ));
                let f_s = f.to_string_lossy().into_owned();
                let scratch = fresh_db("app_scratch");
                let o = schemadiff(&[
                    "convert",
                    "--schema",
                    &path_s,
                    "--format",
                    format,
                    "--out",
                    &f_s,
                    "--dev-database",
                    &scratch.url(),
                ]);
                let v = if o.status.success() {
                    plan_empty(&f_s, &built.url())
                } else {
                    Verdict::Fail(format!("convert: {}", brief(&both(&o))))
                };
                let _ = std::fs::remove_file(&f);
                out.push((if format == "yaml" { "yaml" } else { "sql" }, v));
            }
        }
    }
    out
}

#[test]
fn real_applications_schemas_pass_every_check() {
    let Some(root) = shared_dir("realworld") else {
        return;
    };
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(n, _)| n != "README.md")
        .collect();
    files.sort();
    // `SCHEMADIFF_APPS_ONLY=part` runs the files whose name has it.
    if let Ok(only) = std::env::var("SCHEMADIFF_APPS_ONLY") {
        files.retain(|(n, _)| n.contains(only.as_str()));
    }
    let major = server_major();
    let results = std::sync::Mutex::new(Vec::new());
    parallel(&files, 4, |(name, path)| {
        let checks = if name.ends_with(".rb") {
            rails_checks(path, name)
        } else {
            sql_checks(path, name)
        };
        results.lock().unwrap().push((name.clone(), checks));
        Ok(())
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));

    let known = |file: &str, check: &str| {
        KNOWN.iter().find(|(f, c, majors, _)| {
            file.starts_with(f) && *c == check && (majors.is_empty() || majors.contains(&major))
        })
    };
    let (mut pass, mut fail, mut na) = (0, 0, 0);
    let mut report = format!("PostgreSQL {major}\n");
    let mut unexpected = Vec::new();
    for (file, checks) in &results {
        for (check, v) in checks {
            let line = match v {
                Verdict::Pass => {
                    pass += 1;
                    if let Some((_, _, _, why)) = known(file, check) {
                        unexpected.push(format!(
                            "{file} {check} passes now; take it off KNOWN ({why})"
                        ));
                    }
                    format!("pass  {file:<60} {check}")
                }
                Verdict::Fail(why) => {
                    fail += 1;
                    match known(file, check) {
                        Some((_, _, _, cause)) => {
                            format!("FAIL  {file:<60} {check}: known ({cause}): {why}")
                        }
                        None => {
                            unexpected.push(format!("{file} {check}: {why}"));
                            format!("FAIL  {file:<60} {check}: {why}")
                        }
                    }
                }
                Verdict::NotApplicable(why) => {
                    na += 1;
                    format!("n/a   {file:<60} {check}: {why}")
                }
            };
            report.push_str(&line);
            report.push('\n');
        }
    }
    report.push_str(&format!(
        "total: {pass} of {} applicable checks pass ({fail} fail); {na} cannot apply\n",
        pass + fail
    ));
    println!("{report}");
    let _ = std::fs::write(
        workspace_root().join(format!("target/applications-report-pg{major}.txt")),
        &report,
    );
    assert!(
        unexpected.is_empty(),
        "real applications' schemas:\n{}\n\n{report}",
        unexpected.join("\n")
    );
}
