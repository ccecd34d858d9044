//! Migration files on disk: the layouts schemadiff writes and reads, their
//! versions and names, and the statements in them.
//!
//! | layout | files |
//! |---|---|
//! | `rails` (default), `golang-migrate`, `sqlx` | `{version}_{name}.up.sql`, `{version}_{name}.down.sql` |
//! | `dbmate` | `{version}_{name}.sql` with `-- migrate:up` / `-- migrate:down` sections |
//! | `flyway` | `V{version}__{name}.sql`, `U{version}__{name}.sql` (undo) |
//!
//! A statement that cannot run inside a transaction (`CREATE INDEX
//! CONCURRENTLY`) follows a `-- schemadiff:no-transaction` line in the files
//! schemadiff writes; when reading, such statements are also recognised by
//! their words, and dbmate's `transaction:false` and sqlx's
//! `-- no-transaction` make a whole section run outside one.

use crate::MigrateError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The marker line before a statement that must run on its own.
pub const NO_TRANSACTION: &str = "-- schemadiff:no-transaction";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Rails,
    Dbmate,
    GolangMigrate,
    Sqlx,
    Flyway,
}

impl Layout {
    pub const ALL: [Layout; 5] = [
        Layout::Rails,
        Layout::Dbmate,
        Layout::GolangMigrate,
        Layout::Sqlx,
        Layout::Flyway,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Rails => "rails",
            Layout::Dbmate => "dbmate",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Sqlx => "sqlx",
            Layout::Flyway => "flyway",
        }
    }

    pub fn from_name(name: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// One statement of a migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sql: String,
    /// False for a statement that must run outside a transaction.
    pub transactional: bool,
    /// 1-based line of the statement in its file.
    pub line: usize,
}

/// One direction of a migration: the file it is in and its statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub path: PathBuf,
    pub statements: Vec<Statement>,
}

/// A migration: a version, a name and its way up (and down, if written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub version: String,
    /// As in the file name (`add_tags_to_posts`).
    pub name: String,
    pub up: Script,
    pub down: Option<Script>,
    /// SHA-256 of the file(s) as written: an applied file that changes
    /// since is flagged by `status`.
    pub checksum: String,
}

impl Migration {
    /// The name as Rails prints a migration's class (`AddTagsToPosts`).
    pub fn class_name(&self) -> String {
        class_name(&self.name)
    }
}

/// `add_tags_to_posts` → `AddTagsToPosts`.
pub fn class_name(name: &str) -> String {
    name.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// `add_tags_to_posts` → `Add tags to posts` (as `db:migrate:status`).
pub fn humanize(name: &str) -> String {
    let s = name.replace('_', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A migration name as Rails writes it in file names: `AddTagsToPosts`,
/// `add tags to posts` and `add-tags-to-posts` all give
/// `add_tags_to_posts`. Anything but letters, digits, spaces, `-` and `_`
/// is an error.
pub fn snake_case(name: &str) -> Result<String, MigrateError> {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.trim().chars() {
        match c {
            'A'..='Z' => {
                if prev_lower && !out.ends_with('_') {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
                prev_lower = false;
            }
            'a'..='z' | '0'..='9' => {
                out.push(c);
                prev_lower = true;
            }
            ' ' | '-' | '_' => {
                if !out.is_empty() && !out.ends_with('_') {
                    out.push('_');
                }
                prev_lower = false;
            }
            other => {
                return Err(MigrateError::Input(format!(
                    "migration name {name:?}: {other:?} cannot be part of a file name; use letters, digits, spaces, `-` or `_`"
                )))
            }
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(MigrateError::Input(format!(
            "migration name {name:?}: give a name that starts with a letter, such as add_tags_to_posts"
        )));
    }
    Ok(out)
}

/// `YYYYMMDDHHMMSS` of a time in seconds since the epoch, in UTC.
pub fn version_at(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let rem = unix_seconds % 86_400;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The next free version from `unix_seconds` on: a second later while one
/// of `taken` has it.
pub fn free_version(unix_seconds: u64, taken: &[&str]) -> String {
    let mut t = unix_seconds;
    loop {
        let v = version_at(t);
        if !taken.contains(&v.as_str()) {
            return v;
        }
        t += 1;
    }
}

/// Orders versions as numbers (`9` before `10`), Flyway's dotted ones part
/// by part.
pub fn version_key(version: &str) -> Vec<(usize, String)> {
    version
        .split(['.', '_'])
        .map(|p| {
            let p = p.trim_start_matches('0');
            (p.len(), p.to_string())
        })
        .collect()
}

/// Statements of a migration script. `whole_no_transaction`: the script
/// runs outside a transaction altogether (dbmate's `transaction:false`,
/// sqlx's `-- no-transaction`).
pub fn statements(
    path: &Path,
    sql: &str,
    first_line: usize,
    whole_no_transaction: bool,
) -> Result<Vec<Statement>, MigrateError> {
    let split = schemadiff_parser::source::split_statements(sql).map_err(|(offset, msg)| {
        MigrateError::File(format!(
            "{}:{}: {msg}",
            path.display(),
            first_line + line_of(sql, offset) - 1
        ))
    })?;
    let mut out = Vec::new();
    let mut prev_end = 0;
    for st in split {
        let gap = &sql[prev_end..st.offset];
        prev_end = st.offset + st.text.len();
        let line = first_line + line_of(sql, st.offset) - 1;
        let lower = st.text.to_ascii_lowercase();
        let head: Vec<&str> = lower.split_whitespace().take(2).collect();
        if matches!(
            head.as_slice(),
            ["begin", ..]
                | ["commit", ..]
                | ["rollback", ..]
                | ["end", ..]
                | ["start", "transaction"]
        ) {
            return Err(MigrateError::File(format!(
                "{}:{line}: `{}` — the runner gives each migration its own transaction (mark a statement that must run outside one with `{NO_TRANSACTION}`)",
                path.display(),
                st.text.lines().next().unwrap_or_default()
            )));
        }
        let marked = gap.lines().any(|l| l.trim() == NO_TRANSACTION);
        out.push(Statement {
            sql: st.text.to_string(),
            transactional: !(whole_no_transaction || marked || needs_own_transaction(&lower)),
            line,
        });
    }
    Ok(out)
}

/// Statements PostgreSQL refuses inside a transaction block.
fn needs_own_transaction(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().take(6).collect();
    words.contains(&"concurrently")
        || matches!(
            words.as_slice(),
            ["vacuum", ..]
                | ["create", "database", ..]
                | ["drop", "database", ..]
                | ["alter", "system", ..]
                | ["create", "tablespace", ..]
                | ["drop", "tablespace", ..]
        )
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// What one file in a migrations directory is.
struct Part {
    version: String,
    name: String,
    kind: PartKind,
}

enum PartKind {
    Up,
    Down,
    /// dbmate's one file with both directions.
    Both,
}

/// `name` as a migration file of any layout, or `None`.
fn part(file: &str) -> Option<Part> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = file
        .strip_prefix('V')
        .or_else(|| file.strip_prefix('U'))
        .and_then(|r| r.strip_suffix(".sql"))
    {
        let (version, name) = rest.split_once("__")?;
        if !version.split(['.', '_']).all(digits) {
            return None;
        }
        return Some(Part {
            version: version.to_string(),
            name: name.to_string(),
            kind: if file.starts_with('V') {
                PartKind::Up
            } else {
                PartKind::Down
            },
        });
    }
    let (stem, kind) = if let Some(s) = file.strip_suffix(".up.sql") {
        (s, PartKind::Up)
    } else if let Some(s) = file.strip_suffix(".down.sql") {
        (s, PartKind::Down)
    } else {
        (file.strip_suffix(".sql")?, PartKind::Both)
    };
    let (version, name) = stem.split_once('_')?;
    digits(version).then(|| Part {
        version: version.to_string(),
        name: name.to_string(),
        kind,
    })
}

/// Every migration in `dir`, in version order. Files that are not
/// migrations (a README) are left alone; two migrations with one version,
/// a down file without its up, or a statement the runner cannot run are
/// errors naming the file.
pub fn read_dir(dir: &Path) -> Result<Vec<Migration>, MigrateError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => {
            return Err(MigrateError::File(format!(
                "{}: cannot read the directory: {e}",
                dir.display()
            )))
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    struct Found {
        name: String,
        up: Option<Script>,
        down: Option<Script>,
        texts: Vec<String>,
    }
    let mut found: BTreeMap<(Vec<(usize, String)>, String), Found> = BTreeMap::new();
    for path in files {
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        let Some(p) = part(file) else {
            // A README may sit here; SQL that is not a migration would be
            // skipped unseen.
            if file.ends_with(".sql") {
                return Err(MigrateError::File(format!(
                    "{}: not a migration file name: write VERSION_name.up.sql / .down.sql, \
                     VERSION_name.sql (dbmate) or V/UVERSION__name.sql (Flyway), VERSION in digits",
                    path.display()
                )));
            }
            continue;
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| MigrateError::File(format!("{}: cannot read: {e}", path.display())))?;
        let key = (version_key(&p.version), p.version.clone());
        let entry = found.entry(key).or_insert_with(|| Found {
            name: p.name.clone(),
            up: None,
            down: None,
            texts: vec![],
        });
        if entry.name != p.name {
            return Err(MigrateError::File(format!(
                "{}: version {} is also the version of migration {}; give each migration a version of its own",
                path.display(),
                p.version,
                entry.name
            )));
        }
        let duplicate = |what: &str| {
            MigrateError::File(format!(
                "{}: a second {what} file for version {}",
                path.display(),
                p.version
            ))
        };
        let sqlx_whole = text
            .lines()
            .next()
            .is_some_and(|l| l.trim() == "-- no-transaction");
        match p.kind {
            PartKind::Up => {
                if entry.up.is_some() {
                    return Err(duplicate("up"));
                }
                entry.up = Some(Script {
                    statements: statements(&path, &text, 1, sqlx_whole)?,
                    path: path.clone(),
                });
            }
            PartKind::Down => {
                if entry.down.is_some() {
                    return Err(duplicate("down"));
                }
                entry.down = Some(Script {
                    statements: statements(&path, &text, 1, sqlx_whole)?,
                    path: path.clone(),
                });
            }
            PartKind::Both => {
                if entry.up.is_some() {
                    return Err(duplicate("up"));
                }
                let (up, down) = dbmate_sections(&path, &text)?;
                entry.up = Some(up);
                entry.down = down;
            }
        }
        entry.texts.push(text);
    }
    let mut out = Vec::new();
    for ((_, version), f) in found {
        let up = f.up.ok_or_else(|| {
            MigrateError::File(format!(
                "{}: a down file without its up file",
                f.down
                    .as_ref()
                    .map(|d| d.path.display().to_string())
                    .unwrap_or_default()
            ))
        })?;
        out.push(Migration {
            checksum: schemadiff_apply::sha256_hex(f.texts.concat().as_bytes()),
            version,
            name: f.name,
            up,
            down: f.down,
        });
    }
    Ok(out)
}

/// dbmate's file: `-- migrate:up [transaction:false]`, its statements,
/// then `-- migrate:down [transaction:false]` and its statements.
fn dbmate_sections(path: &Path, text: &str) -> Result<(Script, Option<Script>), MigrateError> {
    let mut up: Option<(usize, usize, bool)> = None;
    let mut down: Option<(usize, usize, bool)> = None;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("-- migrate:") {
            let mut words = rest.split_whitespace();
            let dir = words.next().unwrap_or("");
            let options: Vec<&str> = words.collect();
            if let Some(other) = options
                .iter()
                .find(|w| !matches!(**w, "transaction:false" | "transaction:true"))
            {
                return Err(MigrateError::File(format!(
                    "{}:{}: `{other}`: the only option of a dbmate section is transaction:false",
                    path.display(),
                    i + 1
                )));
            }
            let no_tx = options.contains(&"transaction:false");
            let start = offset + line.len();
            match dir {
                "up" if up.is_none() => up = Some((start, i + 2, no_tx)),
                "down" if down.is_none() => down = Some((start, i + 2, no_tx)),
                _ => {
                    return Err(MigrateError::File(format!(
                    "{}:{}: `{t}`: a dbmate file has one `-- migrate:up` and one `-- migrate:down`",
                    path.display(),
                    i + 1
                )))
                }
            }
        }
        offset += line.len();
    }
    let (up_start, up_line, up_no_tx) = up.ok_or_else(|| {
        MigrateError::File(format!(
            "{}:1: no `-- migrate:up` line: not a dbmate migration",
            path.display()
        ))
    })?;
    let up_end = match down {
        Some((start, _, _)) if start > up_start => {
            text[..start].rfind("-- migrate:down").unwrap_or(start)
        }
        _ => text.len(),
    };
    let up = Script {
        path: path.to_path_buf(),
        statements: statements(path, &text[up_start..up_end], up_line, up_no_tx)?,
    };
    let down = match down {
        Some((start, line, no_tx)) => {
            let end = if up_start > start {
                text[..up_start]
                    .rfind("-- migrate:up")
                    .unwrap_or(text.len())
            } else {
                text.len()
            };
            Some(Script {
                path: path.to_path_buf(),
                statements: statements(path, &text[start..end], line, no_tx)?,
            })
        }
        None => None,
    };
    Ok((up, down))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_utc_timestamps_and_never_collide() {
        assert_eq!(version_at(0), "19700101000000");
        // 2026-11-24 12:00:00 UTC.
        assert_eq!(version_at(1_795_521_600), "20261124120000");
        assert_eq!(version_at(951_825_600), "20000229120000");
        let taken = ["20261124120000", "20261124120001"];
        assert_eq!(free_version(1_795_521_600, &taken), "20261124120002");
    }

    #[test]
    fn names_are_snake_case_as_rails_writes_them() {
        for (given, want) in [
            ("AddTagsToPosts", "add_tags_to_posts"),
            ("add tags to posts", "add_tags_to_posts"),
            ("add-tags", "add_tags"),
            ("create_users2", "create_users2"),
        ] {
            assert_eq!(snake_case(given).unwrap(), want);
        }
        assert!(snake_case("drop; table").is_err());
        assert!(snake_case("2fast").is_err());
        assert_eq!(class_name("add_tags_to_posts"), "AddTagsToPosts");
        assert_eq!(humanize("add_tags_to_posts"), "Add tags to posts");
    }

    #[test]
    fn versions_order_as_numbers() {
        let mut v = vec!["10", "9", "1.10", "1.2"];
        v.sort_by_key(|v| version_key(v));
        assert_eq!(v, ["1.2", "1.10", "9", "10"]);
    }

    #[test]
    fn sql_that_is_not_a_migration_is_an_error_not_skipped() {
        let dir = std::env::temp_dir().join(format!("schemadiff-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("README.md"), "notes").unwrap();
        std::fs::write(dir.join("20260101000000_a.up.sql"), "SELECT 1;").unwrap();
        assert_eq!(read_dir(&dir).unwrap().len(), 1);
        std::fs::write(dir.join("add_users.up.sql"), "CREATE TABLE users (id int);").unwrap();
        let err = read_dir(&dir).unwrap_err().to_string();
        assert!(
            err.contains("add_users.up.sql: not a migration file name"),
            "{err}"
        );
        std::fs::remove_file(dir.join("add_users.up.sql")).unwrap();
        std::fs::write(
            dir.join("20260102000000_b.sql"),
            "-- migrate:up transaction:maybe\nSELECT 1;\n-- migrate:down\nSELECT 2;\n",
        )
        .unwrap();
        let err = read_dir(&dir).unwrap_err().to_string();
        assert!(
            err.contains("20260102000000_b.sql:1: `transaction:maybe`"),
            "{err}"
        );
    }

    #[test]
    fn markers_and_keywords_take_a_statement_out_of_the_transaction() {
        let sql = "CREATE TABLE a (id int);\n\n-- schemadiff:no-transaction\nCREATE INDEX a_i ON a (id);\nCREATE INDEX CONCURRENTLY b ON a (id);\nSELECT 1;\n";
        let st = statements(Path::new("m.sql"), sql, 1, false).unwrap();
        assert_eq!(
            st.iter()
                .map(|s| (s.transactional, s.line))
                .collect::<Vec<_>>(),
            [(true, 1), (false, 4), (false, 5), (true, 6)]
        );
        let err = statements(Path::new("m.sql"), "SELECT 1;\nCOMMIT;\n", 1, false).unwrap_err();
        assert!(err.to_string().contains("m.sql:2:"), "{err}");
    }
}
