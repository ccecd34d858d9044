//! Source text: locations (file:line:column) and splitting SQL into
//! statements without being fooled by quotes, dollar quotes or comments.

use std::fmt;
use std::path::PathBuf;

/// A desired-state input: a file, or an in-memory string with a display name.
#[derive(Debug, Clone)]
pub struct Source {
    /// Shown in messages: the path as given, or a name such as `<v2.sql>`.
    pub name: String,
    pub text: String,
    pub format: Format,
    /// Byte offsets where lines start, built on first use by [`Source::loc`].
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// `name`, shared by every location in this source.
    file: std::sync::Arc<str>,
    /// For text another reader wrote line for line from the user's file
    /// (a `schema.rb` read as SQL): the user's column for each line, which
    /// locations report instead of the generated text's.
    columns: Option<std::sync::Arc<Vec<usize>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Sql,
    /// Rails' `db/schema.rb`, read as the SQL Rails would run for it.
    Rails,
}

impl Format {
    /// The format for a file name, by extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "yaml" | "yml" => Some(Format::Yaml),
            // PostgreSQL's dialect under the names projects give it
            // (Synapse's `full.sql.postgres`, `schema.pgsql`, `.psql`).
            "sql" | "pgsql" | "psql" | "postgres" | "postgresql" | "ddl" => Some(Format::Sql),
            "rb" => Some(Format::Rails),
            _ => None,
        }
    }

    /// Whether a directory walk takes the file: every `.yaml`, `.yml` and
    /// `.sql`, but of Ruby only schema dumps (`schema.rb`, and Rails 8's
    /// `cache_schema.rb` and the like), never migrations or seeds.
    fn walked(path: &std::path::Path) -> bool {
        match Format::from_path(path) {
            Some(Format::Rails) => path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("schema.rb")),
            Some(_) => true,
            None => false,
        }
    }
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>, format: Format) -> Self {
        let name = name.into();
        Source {
            file: name.as_str().into(),
            name,
            text: text.into(),
            format,
            line_starts: std::sync::OnceLock::new(),
            columns: None,
        }
    }

    /// This text as written line for line from another file's: each line's
    /// locations report `columns[line - 1]` as their column.
    pub(crate) fn with_columns(mut self, columns: Vec<usize>) -> Self {
        self.columns = Some(std::sync::Arc::new(columns));
        self
    }

    pub fn yaml(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::new(name, text, Format::Yaml)
    }

    pub fn sql(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::new(name, text, Format::Sql)
    }

    /// The location of a byte offset into this source.
    pub fn loc(&self, offset: usize) -> Loc {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // The last line start at or before the offset.
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let column = match self.columns.as_ref().and_then(|c| c.get(line - 1)) {
            Some(&c) => c,
            None => self.text[line_start..offset].chars().count() + 1,
        };
        Loc {
            file: self.file.clone(),
            line,
            column,
        }
    }
}

/// Where something was written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loc {
    /// Shared: every object of a file carries its location.
    pub file: std::sync::Arc<str>,
    pub line: usize,
    pub column: usize,
}

impl Loc {
    /// As the model keeps it (see `Schema::origins`).
    pub fn origin(&self) -> schemadiff_model::Origin {
        schemadiff_model::Origin {
            file: self.file.clone(),
            line: self.line as u32,
            column: self.column as u32,
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// The paths of every schema file under the given files and directories,
/// directories read recursively, in a stable order.
pub fn collect_paths(inputs: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            // A missing file surfaces here rather than later.
            std::fs::metadata(input)?;
            out.push(input.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if Format::walked(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// One SQL statement of a file: its text (without the `;`), where it starts,
/// and the `-- @...` annotation comments written right after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    pub text: &'a str,
    pub offset: usize,
}

/// Splits SQL text into statements on top-level semicolons. Quoted strings
/// (`'...'`, `E'...'`), quoted identifiers, dollar-quoted bodies and
/// comments (`--`, nested `/* */`) are skipped over whole. Statements that
/// hold only comments and whitespace are dropped.
pub fn split_statements(sql: &str) -> Result<Vec<Statement<'_>>, (usize, String)> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut has_code = false;
    let mut code_start = 0;
    // Inside a SQL-standard body (`BEGIN ATOMIC … END`), whose statements
    // end in `;` too: the depth of BEGIN / CASE … END, as psql counts it.
    let mut atomic = 0usize;
    // After `SET standard_conforming_strings = off` (pg_dump before 9.1
    // wrote it), a backslash escapes in every '…' string, as in E'…'.
    let mut plain_escapes = false;
    let word_at = |i: usize| -> &str {
        let end = sql[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(sql.len(), |n| i + n);
        &sql[i..end]
    };
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let open = i;
                let mut depth = 1;
                i += 2;
                while depth > 0 {
                    match (bytes.get(i), bytes.get(i + 1)) {
                        (Some(b'*'), Some(b'/')) => {
                            depth -= 1;
                            i += 2;
                        }
                        (Some(b'/'), Some(b'*')) => {
                            depth += 1;
                            i += 2;
                        }
                        (Some(_), _) => i += 1,
                        (None, _) => return Err((open, "unterminated /* comment".into())),
                    }
                }
                continue;
            }
            _ => {}
        }
        if c == b'\\' {
            // A psql meta-command (`\restrict KEY`) runs to the end of its
            // line and is a statement of its own; the reader judges it.
            // Outside quotes a backslash is nothing else: one after SQL
            // (`SELECT … \gexec`) ends that statement first, as psql sends
            // its buffer.
            if has_code {
                out.push(Statement {
                    text: sql[code_start..i].trim_end(),
                    offset: code_start,
                });
                has_code = false;
            }
            let end = sql[i..].find('\n').map_or(sql.len(), |n| i + n);
            out.push(Statement {
                text: sql[i..end].trim_end(),
                offset: i,
            });
            i = end;
            continue;
        }
        if !has_code && !c.is_ascii_whitespace() && c != b';' {
            has_code = true;
            code_start = i;
        }
        match c {
            b'\'' => {
                let open = i;
                let escapes = plain_escapes
                    || i > 0
                        && matches!(bytes[i - 1], b'e' | b'E')
                        && (i < 2
                            || !(bytes[i - 2].is_ascii_alphanumeric() || bytes[i - 2] == b'_'));
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Err((open, "unterminated string literal".into())),
                        Some(b'\\') if escapes => i += 2,
                        Some(b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                        Some(b'\'') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            b'"' => {
                let open = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Err((open, "unterminated quoted identifier".into())),
                        Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            b'$' if i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') => {
                // `$tag$` where tag is empty or an identifier; `$1` is a parameter.
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                let tag_ok =
                    bytes.get(j) == Some(&b'$') && (j == i + 1 || !bytes[i + 1].is_ascii_digit());
                if tag_ok {
                    let tag = &sql[i..=j];
                    match sql[j + 1..].find(tag) {
                        Some(end) => i = j + 1 + end + tag.len(),
                        None => {
                            return Err((i, format!("unterminated dollar-quoted string {tag}")))
                        }
                    }
                } else {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic()
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                let w = word_at(i);
                // Only a routine's body (a `BEGIN` elsewhere starts a
                // transaction); looked at only on the rare `BEGIN`.
                let routine = || {
                    let head = sql[code_start..i].to_ascii_lowercase();
                    head.starts_with("create")
                        && (head.contains("function") || head.contains("procedure"))
                };
                if w.eq_ignore_ascii_case("begin") && routine() {
                    let rest = sql[i + w.len()..].trim_start();
                    if atomic > 0 || word_at(sql.len() - rest.len()).eq_ignore_ascii_case("atomic")
                    {
                        atomic += 1;
                    }
                } else if atomic > 0 && w.eq_ignore_ascii_case("case") {
                    atomic += 1;
                } else if atomic > 0 && w.eq_ignore_ascii_case("end") {
                    atomic -= 1;
                }
                i += w.len().max(1);
            }
            b';' if atomic > 0 => i += 1,
            b';' => {
                if has_code {
                    let text = sql[code_start..i].trim_end();
                    out.push(Statement {
                        text,
                        offset: code_start,
                    });
                    if let Some(on) = standard_conforming_strings(text) {
                        plain_escapes = !on;
                    }
                    // `COPY … FROM stdin;` is followed by its rows, up to
                    // a line `\.`: data, part of the statement, never SQL.
                    if copy_from_stdin(text) {
                        let rows = sql[i..].find('\n').map_or(sql.len(), |n| i + n + 1);
                        let end = data_end(sql, rows).ok_or((
                            code_start,
                            "COPY … FROM stdin without its closing `\\.` line".to_string(),
                        ))?;
                        out.last_mut().expect("just pushed").text = &sql[code_start..end];
                        has_code = false;
                        i = end;
                        continue;
                    }
                }
                has_code = false;
                i += 1;
            }
            _ => i += 1,
        }
    }
    if has_code {
        out.push(Statement {
            text: sql[code_start..].trim_end(),
            offset: code_start,
        });
    }
    Ok(out)
}

/// `SET [SESSION] standard_conforming_strings {TO | =} on | off` (or
/// `RESET`): whether strings are standard from then on.
fn standard_conforming_strings(text: &str) -> Option<bool> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '=' || c == '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let rest = match words.as_slice() {
        ["reset", "standard_conforming_strings"] => return Some(true),
        ["set", "session" | "local", "standard_conforming_strings", rest @ ..]
        | ["set", "standard_conforming_strings", rest @ ..] => rest,
        _ => return None,
    };
    match rest {
        ["to", v] | [v] => match *v {
            "off" | "false" | "0" | "no" => Some(false),
            "on" | "true" | "1" | "yes" | "default" => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `text` is `COPY … FROM STDIN` (psql sends the lines after it).
fn copy_from_stdin(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("copy")
        && lower
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w == ["from", "stdin"])
}

/// Where the rows of a `COPY … FROM stdin` starting at `from` end: after
/// the line `\.`.
fn data_end(sql: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while at < sql.len() {
        let end = sql[at..].find('\n').map_or(sql.len(), |n| at + n);
        if sql[at..end].trim_end_matches('\r') == "\\." {
            return Some((end + 1).min(sql.len()));
        }
        at = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_rows_belong_to_their_statement() {
        let sql = "CREATE TABLE a (x text);\nCOPY a (x) FROM stdin;\nit's; not \"sql\nx\ty\n\\.\nCREATE TABLE b (y int);\n";
        let t = texts(sql);
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(t[1].starts_with("COPY a (x) FROM stdin;\nit's"));
        assert_eq!(t[2], "CREATE TABLE b (y int)");
        let unterminated = "COPY a FROM stdin;\n1\n";
        assert!(split_statements(unterminated).is_err());
    }

    fn texts(sql: &str) -> Vec<&str> {
        split_statements(sql)
            .unwrap()
            .iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn backslashes_escape_in_plain_strings_after_standard_conforming_strings_off() {
        let sql =
            "CREATE TABLE a (x text DEFAULT 'a\\');\nSET standard_conforming_strings = off;\n\
                   CREATE TABLE b (x text DEFAULT 'it\\'s; \\\\');\n\
                   SET standard_conforming_strings TO on;\nCREATE TABLE c (x text DEFAULT '\\');";
        assert_eq!(
            texts(sql),
            vec![
                "CREATE TABLE a (x text DEFAULT 'a\\')",
                "SET standard_conforming_strings = off",
                "CREATE TABLE b (x text DEFAULT 'it\\'s; \\\\')",
                "SET standard_conforming_strings TO on",
                "CREATE TABLE c (x text DEFAULT '\\')",
            ]
        );
    }

    #[test]
    fn a_sql_standard_body_is_one_statement() {
        let sql = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 END;\n  SELECT 2;\nEND;\nCREATE TABLE t (begin_at int);";
        assert_eq!(
            texts(sql),
            vec![
                "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 END;\n  SELECT 2;\nEND",
                "CREATE TABLE t (begin_at int)",
            ]
        );
    }

    #[test]
    fn splits_around_quotes_dollar_quotes_and_comments() {
        let sql = "CREATE TABLE a (x text DEFAULT ';');\n-- a comment; with semicolon\n\
                   /* block ; /* nested ; */ */ CREATE FUNCTION f() RETURNS int AS $body$ select 1; $body$ LANGUAGE sql;\n\
                   COMMENT ON TABLE a IS E'it\\'s; fine';\nSELECT \"we;ird\"";
        assert_eq!(
            texts(sql),
            vec![
                "CREATE TABLE a (x text DEFAULT ';')",
                "CREATE FUNCTION f() RETURNS int AS $body$ select 1; $body$ LANGUAGE sql",
                "COMMENT ON TABLE a IS E'it\\'s; fine'",
                "SELECT \"we;ird\"",
            ]
        );
    }

    #[test]
    fn reports_where_an_unterminated_string_starts() {
        let sql = "SELECT 1;\nSELECT 'abc";
        let (offset, msg) = split_statements(sql).unwrap_err();
        assert_eq!(offset, 17);
        assert!(msg.contains("unterminated"));
        let src = Source::sql("x.sql", sql);
        assert_eq!(src.loc(offset).to_string(), "x.sql:2:8");
    }

    #[test]
    fn psql_meta_commands_are_statements_of_their_own() {
        assert_eq!(
            texts("\\restrict abc123\nCREATE TABLE a (x int);\n\\unrestrict abc123\n"),
            vec![
                "\\restrict abc123",
                "CREATE TABLE a (x int)",
                "\\unrestrict abc123"
            ]
        );
    }

    #[test]
    fn comment_only_statements_are_dropped() {
        assert_eq!(texts("-- only a comment\n;;  \n"), Vec::<&str>::new());
    }
}
