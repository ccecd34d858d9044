//! The SQL reader: `CREATE SCHEMA / TABLE / INDEX / TYPE … AS ENUM /
//! SEQUENCE / EXTENSION`, `COMMENT ON`, and the shapes `pg_dump -s` writes
//! (`ALTER TABLE … ADD CONSTRAINT`, `ALTER COLUMN … SET DEFAULT`,
//! `ALTER SEQUENCE … OWNED BY`, `ADD GENERATED … AS IDENTITY`, its `SET` /
//! `set_config` preamble). Anything else is an error naming the statement.

use crate::build::*;
use crate::error::{ParseError, Result};
use crate::source::{split_statements, Loc, Source};
use schemadiff_model::types::{canonical_type, split_qualified, TypeName};
use schemadiff_model::*;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, AlterTypeAddValuePosition, AlterTypeOperation,
    BinaryOperator, CheckConstraint, ColumnDef, ColumnOption, ColumnOptionDef, CommentObject,
    ConstraintCharacteristics, ConstraintReferenceMatchKind, ConstraintUsingIndex, CreateIndex,
    CreatePolicy, CreatePolicyCommand, CreatePolicyType, CreateTable, CreateTableOptions,
    DeferrableInitial, ExcludeConstraint, Expr, ForeignKeyConstraint, GeneratedAs,
    GeneratedExpressionMode, HiveDistributionStyle, Ident, IndexColumn, IndexOption, IndexType,
    KeyOrIndexDisplay, NullsDistinctOption, ObjectName, OrderByExpr, OrderByOptions, Owner,
    PrimaryKeyConstraint, ReferentialAction, SequenceOptions, SqlOption, Statement,
    TableConstraint, UnaryOperator, UniqueConstraint, UserDefinedTypeRepresentation, Value,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

mod aggregate;
mod collation;
mod comment;
mod drop;
mod function;
mod index;
mod like;
mod other;
mod privilege;
mod search_path;
mod sequence;
mod statistics;
mod table;
mod trigger;
mod types;
mod view;

pub(crate) use comment::public_comment;
pub(crate) use other::RawOther;
pub(crate) use privilege::privilege_key;
pub(crate) use view::mentions as view_mentions;

use comment::*;
use function::*;
use index::*;
use sequence::*;
use table::*;
use trigger::*;

pub(crate) fn read(src: &Source, b: &mut Builder) -> Result<()> {
    let stmts = split(src)?;
    read_split(src, &stmts, b, &mut |_| None)
}

/// The statements of `src`, or where its text cannot be split.
pub(crate) fn split(src: &Source) -> Result<Vec<crate::source::Statement<'_>>> {
    split_statements(&src.text).map_err(|(offset, msg)| ParseError::new(src.loc(offset), msg))
}

/// [`read`] of statements already split; `prepared` may hold the
/// [`Prepared`] form of a [`Route::Parsed`] statement (given its text).
pub(crate) fn read_split(
    src: &Source,
    stmts: &[crate::source::Statement],
    b: &mut Builder,
    prepared: &mut dyn FnMut(&str) -> Option<std::sync::Arc<Prepared>>,
) -> Result<()> {
    rename_hints(src, stmts, b)?;
    // Each file as psql runs it: a session of its own.
    search_path::reset();
    let mut latin1 = false;
    for stmt in stmts {
        let loc = src.loc(stmt.offset);
        if quits(stmt.text) {
            // psql reads no further.
            b.set_aside.add("psql meta-command", &loc.to_string());
            break;
        }
        if let Some(encoding) = client_encoding(stmt.text) {
            latin1 = match encoding.as_str() {
                "utf8" | "unicode" | "utf_8" | "sql_ascii" | "default" => false,
                "latin1" | "iso88591" | "iso_8859_1" => true,
                other => {
                    return Err(ParseError::new(
                        loc,
                        format!(
                            "client_encoding {other}: schemadiff reads a file's text as UTF-8, or as LATIN1 after \
                             `SET client_encoding = latin1`"
                        ),
                    ))
                }
            };
            continue;
        }
        // After `SET client_encoding = latin1`, psql sends the file's bytes
        // and the server reads each as a LATIN1 character: what the file
        // builds is that text (a UTF-8 `é` becomes `Ã©`).
        let converted: Option<String> =
            (latin1 && !stmt.text.is_ascii()).then(|| stmt.text.bytes().map(char::from).collect());
        let text = converted.as_deref().unwrap_or(stmt.text);
        let r = route(text);
        let p = match r {
            Route::Parsed if converted.is_none() => prepared(stmt.text),
            _ => None,
        };
        match read_as(text, stmt.offset, src, &loc, b, false, (r, p.as_deref())) {
            Ok(()) => {}
            // What this reader cannot model, the server may: kept as
            // written, for the files to be run in a scratch database.
            // After one, what names its objects is the server's to judge.
            Err(e)
                if (e.unmodelled || !b.unread.is_empty())
                    && !e.hard
                    && crate::fallback()
                    && r != Route::Meta
                    && !ends_transaction(text)
                    && !temporary(text) =>
            {
                b.unread
                    .push((loc.to_string(), text.to_string(), e.message));
            }
            Err(e) => {
                return Err(if e.snippet.is_none() {
                    e.with_snippet(stmt.text)
                } else {
                    e
                })
            }
        }
    }
    Ok(())
}

/// psql's `\q` (`\quit`): the end of what it runs.
fn quits(text: &str) -> bool {
    text.strip_prefix('\\')
        .and_then(|t| t.split_whitespace().next())
        .is_some_and(|c| c == "q" || c == "quit")
}

/// Whether `text` ends the transaction it runs in (`ROLLBACK`, `ABORT`,
/// `PREPARE TRANSACTION`, …): never run in a scratch database, whose
/// transaction keeps it clean.
fn ends_transaction(text: &str) -> bool {
    let w: Vec<String> = text
        .split_whitespace()
        .take(2)
        .map(|w| w.trim_end_matches(';').to_ascii_lowercase())
        .collect();
    match w.first().map(String::as_str) {
        Some("rollback" | "abort") => true,
        Some("prepare" | "commit") => w
            .get(1)
            .is_some_and(|x| x == "transaction" || x == "prepared"),
        _ => false,
    }
}

/// Whether `text` makes a temporary object (`CREATE [OR REPLACE]
/// [GLOBAL | LOCAL] TEMP[ORARY] …`): gone with the session that made it,
/// so never part of a desired state a scratch database reads back.
fn temporary(text: &str) -> bool {
    let mut w = text.split_whitespace().map(str::to_ascii_lowercase);
    w.next().as_deref() == Some("create")
        && w.take(4)
            .find(|x| !matches!(x.as_str(), "or" | "replace" | "global" | "local"))
            .is_some_and(|x| x == "temp" || x == "temporary")
}

/// The statements of `src` a replay runs, in order (`(file:line:column,
/// SQL)`): the schema's statements and the settings they read, not rows,
/// psql's own commands or transaction control; as the server reads them
/// (after `SET client_encoding = latin1`, each byte a character).
pub(crate) fn replay_of(src: &Source) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut latin1 = false;
    for stmt in split(src)? {
        if quits(stmt.text) {
            break;
        }
        if let Some(encoding) = client_encoding(stmt.text) {
            latin1 = matches!(encoding.as_str(), "latin1" | "iso88591" | "iso_8859_1");
            continue;
        }
        let text: String = if latin1 && !stmt.text.is_ascii() {
            stmt.text.bytes().map(char::from).collect()
        } else {
            stmt.text.to_string()
        };
        let kept = match route(&text) {
            Route::Meta | Route::SetAside(_) => false,
            Route::Ignored => text
                .split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("set") || w.eq_ignore_ascii_case("select")),
            _ => true,
        };
        if kept {
            out.push((src.loc(stmt.offset).to_string(), text));
        }
    }
    Ok(out)
}

/// The exclusion constraint of `sql`, a `CREATE TABLE t (EXCLUDE …)` that
/// another reader wrote (YAML's `exclusions`); errors reported at `loc`.
pub(crate) fn exclusion_of(sql: &str, loc: &Loc) -> Result<crate::build::RawConstraint> {
    let fail = |m: String| ParseError::new(loc.clone(), m).with_snippet(sql);
    let stmts = Parser::parse_sql(&PostgreSqlDialect {}, sql)
        .map_err(|e| fail(format!("the exclusion constraint does not parse: {e}")))?;
    let Some(Statement::CreateTable(ct)) = stmts.first() else {
        return Err(fail("not an exclusion constraint".into()));
    };
    let Some(TableConstraint::Exclude(x)) = ct.constraints.first() else {
        return Err(fail("not an exclusion constraint".into()));
    };
    let src = Source::sql(loc.file.to_string(), sql);
    let cx = Cx {
        text: sql,
        offset: 0,
        src: &src,
        loc,
        identity_sequence: None,
        generated_virtual: std::cell::RefCell::new(Vec::new().into_iter()),
        likes: &[],
        not_nulls: &[],
    };
    table::exclusion(x, &cx)
}

/// One statement that another reader wrote (a YAML function is read as the
/// `CREATE FUNCTION` it describes); an error is reported at `loc`, where the
/// user wrote it.
pub(crate) fn read_generated(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let src = Source::sql(loc.file.to_string(), text);
    read_statement(text, 0, &src, loc, b)
        .map_err(|e| ParseError::new(loc.clone(), e.message).with_snippet(text))
}

/// `-- @renamed from=OLD` after a definition declares a rename of what that
/// line defines: a column (its line in `CREATE TABLE`), a constraint (a
/// `CONSTRAINT name` line, or `ALTER TABLE … ADD CONSTRAINT name`), the table
/// (on the `CREATE TABLE` line, or after the statement's `;`), or a named
/// index (on or after `CREATE INDEX name`).
fn rename_hints(src: &Source, stmts: &[crate::source::Statement], b: &mut Builder) -> Result<()> {
    const MARK: &str = "@renamed";
    let text = &src.text;
    let mut search = 0;
    while let Some(found) = text[search..].find("--") {
        let dash = search + found;
        let line_end = text[dash..].find('\n').map_or(text.len(), |i| dash + i);
        search = line_end;
        let comment = text[dash + 2..line_end].trim();
        let conversion = comment.strip_prefix("@using");
        let Some(rest) = comment.strip_prefix(MARK).or(conversion) else {
            continue;
        };
        let loc = src.loc(dash);
        if let Some(expr) = conversion {
            using_hint(src, stmts, dash, expr.trim(), &loc, b)?;
            continue;
        }
        let raw_old = rest.trim().strip_prefix("from=").unwrap_or("").trim();
        let old = rest
            .trim()
            .strip_prefix("from=")
            .map(written_name)
            .filter(|o| !o.is_empty())
            .ok_or_else(|| {
                ParseError::new(loc.clone(), "write the hint as `-- @renamed from=old_name`")
            })?;
        let old = split_qualified(old)
            .map_err(|m| ParseError::new(loc.clone(), m))?
            .1;
        let Some(stmt) = stmts.iter().rev().find(|st| st.offset <= dash) else {
            return Err(ParseError::new(
                loc,
                "a rename hint must follow the definition it renames",
            ));
        };
        let end = stmt.offset + stmt.text.len();
        let inside = dash < end;
        if !inside && text[end..dash].contains('\n') {
            return Err(ParseError::new(
                loc,
                "a rename hint goes on the line of the definition it renames",
            ));
        }
        let head = words(stmt.text);
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        let line_start = text[..dash]
            .rfind('\n')
            .map_or(0, |i| i + 1)
            .max(stmt.offset);
        let code = if inside {
            text[line_start..dash].trim()
        } else {
            ""
        };
        let code_words = words(code);
        let code_lower: Vec<&str> = code_words.iter().map(String::as_str).collect();
        let name_after = |ws: &[&str], skip: &[&str]| -> Option<String> {
            ws.iter()
                .find(|w| !skip.contains(w))
                .map(|w| w.trim_end_matches(['(', ',']).to_string())
        };
        let original = |lower: &str| -> String {
            // Names keep their written case when quoted: find it in the text.
            code.split_whitespace()
                .chain(stmt.text.split_whitespace())
                .find(|w| w.to_lowercase().trim_end_matches(['(', ',']) == lower)
                .map(|w| w.trim_end_matches(['(', ',']).to_string())
                .unwrap_or_else(|| lower.to_string())
        };
        let qual = |written: &str| -> Result<QualName> {
            match split_qualified(written).map_err(|m| ParseError::new(loc.clone(), m))? {
                (Some(s), n) => Ok(QualName::new(s, n)),
                (None, n) => Ok(QualName::new("public", n)),
            }
        };
        match head.as_slice() {
            ["create", "table", rest @ ..] => {
                let tname = name_after(rest, &["if", "not", "exists"])
                    .ok_or_else(|| ParseError::new(loc.clone(), "cannot find the table's name"))?;
                let table = qual(&original(&tname))?;
                let on_head_line = code_lower.starts_with(&["create", "table"]);
                if !inside || on_head_line {
                    let to = table.name.clone();
                    b.declare_rename(RenameKind::Table, table, &old, &to, &loc);
                } else if code_lower.first() == Some(&"constraint") {
                    let c = original(code_lower.get(1).copied().unwrap_or(""));
                    let c = split_qualified(&c)
                        .map_err(|m| ParseError::new(loc.clone(), m))?
                        .1;
                    b.declare_rename(RenameKind::Constraint, table, &old, &c, &loc);
                } else {
                    let first = written_name(code);
                    let col = split_qualified(first)
                        .map_err(|m| ParseError::new(loc.clone(), m))?
                        .1;
                    b.declare_rename(RenameKind::Column, table, &old, &col, &loc);
                }
            }
            ["create", "index", rest @ ..] | ["create", "unique", "index", rest @ ..] => {
                let name = name_after(rest, &["concurrently", "if", "not", "exists"])
                    .filter(|n| n != "on")
                    .ok_or_else(|| {
                        ParseError::new(loc.clone(), "name the index to declare its rename")
                    })?;
                let on = rest
                    .iter()
                    .position(|w| *w == "on")
                    .and_then(|i| name_after(&rest[i + 1..], &["only"]));
                let table = qual(&original(on.as_deref().unwrap_or("")))?;
                let idx = split_qualified(&original(&name))
                    .map_err(|m| ParseError::new(loc.clone(), m))?
                    .1;
                b.declare_rename(
                    RenameKind::Index,
                    QualName::new(table.schema.clone(), idx.clone()),
                    &old,
                    &idx,
                    &loc,
                );
            }
            ["alter", "table", rest @ ..] if code_lower.contains(&"constraint") => {
                let tname = name_after(rest, &["only", "if", "exists"])
                    .ok_or_else(|| ParseError::new(loc.clone(), "cannot find the table's name"))?;
                let table = qual(&original(&tname))?;
                let i = code_lower
                    .iter()
                    .position(|w| *w == "constraint")
                    .unwrap_or(0);
                let c = original(code_lower.get(i + 1).copied().unwrap_or(""));
                let c = split_qualified(&c)
                    .map_err(|m| ParseError::new(loc.clone(), m))?
                    .1;
                b.declare_rename(RenameKind::Constraint, table, &old, &c, &loc);
            }
            ["create", "type", rest @ ..]
                if rest.iter().any(|w| w.starts_with("enum")) =>
            {
                let tname = name_after(rest, &[])
                    .ok_or_else(|| ParseError::new(loc.clone(), "cannot find the type's name"))?;
                let ty = qual(&original(&tname))?;
                let label = code
                    .find('\'')
                    .filter(|_| inside && !code_lower.starts_with(&["create", "type"]))
                    .and_then(|at| crate::sql::label_at(&code[at..]));
                match label {
                    Some(to) => {
                        // The old label as written: quoted or bare.
                        let from = crate::sql::label_at(raw_old)
                            .unwrap_or_else(|| written_name(raw_old).to_string());
                        b.declare_rename(RenameKind::EnumLabel, ty, &from, &to, &loc);
                    }
                    None => {
                        let to = ty.name.clone();
                        b.declare_rename(RenameKind::Enum, ty, &old, &to, &loc);
                    }
                }
            }
            _ => return Err(ParseError::new(
                loc,
                "a rename hint goes after a table, column, constraint, named index, enum type or enum label definition",
            )),
        }
    }
    Ok(())
}

/// `-- @using expr` on a column's line of `CREATE TABLE`: how the column's
/// values convert when its type changes (see
/// [`schemadiff_model::Conversions`]).
fn using_hint(
    src: &Source,
    stmts: &[crate::source::Statement],
    dash: usize,
    expr: &str,
    loc: &crate::source::Loc,
    b: &mut Builder,
) -> Result<()> {
    let misplaced = || {
        ParseError::new(
            loc.clone(),
            "a conversion hint goes on a column's line of CREATE TABLE: `name type, -- @using expression`",
        )
    };
    if expr.is_empty() {
        return Err(ParseError::new(
            loc.clone(),
            "write the hint as `-- @using expression` (how the column's values convert to its new type)",
        ));
    }
    let text = &src.text;
    let stmt = stmts
        .iter()
        .rev()
        .find(|st| st.offset <= dash && dash < st.offset + st.text.len())
        .ok_or_else(misplaced)?;
    let head = words(stmt.text);
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let (["create", "table", rest @ ..] | ["create", "unlogged", "table", rest @ ..]) =
        head.as_slice()
    else {
        return Err(misplaced());
    };
    let line_start = text[..dash]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(stmt.offset);
    let code = text[line_start..dash].trim();
    let first = written_name(code);
    let lower = first.to_ascii_lowercase();
    if code.is_empty()
        || line_start == stmt.offset
        || [
            "constraint",
            "primary",
            "unique",
            "check",
            "foreign",
            "exclude",
            "like",
        ]
        .contains(&lower.as_str())
    {
        return Err(misplaced());
    }
    let table = rest
        .iter()
        .find(|w| !["if", "not", "exists"].contains(w))
        .map(|w| w.trim_end_matches('(').to_string())
        .ok_or_else(misplaced)?;
    let original = stmt
        .text
        .split_whitespace()
        .find(|w| w.to_lowercase().trim_end_matches('(') == table)
        .map_or(table.clone(), |w| w.trim_end_matches('(').to_string());
    let table = match split_qualified(&original).map_err(|m| ParseError::new(loc.clone(), m))? {
        (Some(s), n) => QualName::new(s, n),
        (None, n) => QualName::new(search_path::default_schema(), n),
    };
    let column = split_qualified(first)
        .map_err(|m| ParseError::new(loc.clone(), m))?
        .1;
    b.declare_conversion(&table, &column, expr, loc);
    Ok(())
}

/// The string literal `text` starts with (`'it''s'` is `it's`), if any.
pub(crate) fn label_at(text: &str) -> Option<String> {
    let mut chars = text.strip_prefix('\'')?.chars().peekable();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.peek() == Some(&'\'') {
                chars.next();
                out.push('\'');
            } else {
                return Some(out);
            }
        } else {
            out.push(c);
        }
    }
    None
}

/// The name at the start of `text` as written: up to the first white space
/// outside double quotes, so `"foo bar"` and `s."a b"` stay whole.
fn written_name(text: &str) -> &str {
    let mut quoted = false;
    for (i, ch) in text.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => return &text[..i],
            _ => {}
        }
    }
    text
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

/// One statement, read to its end: sqlparser stops at a word it does not
/// know and would leave the rest unread, so that is an error here.
pub(crate) fn parse_whole(
    sql: &str,
) -> std::result::Result<Statement, sqlparser::parser::ParserError> {
    use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};
    let dialect = PostgreSqlDialect {};
    let mut tokens = Tokenizer::new(&dialect, sql).tokenize_with_location()?;
    // Spaces and tabs between tokens say nothing to PostgreSQL's grammar
    // here (its dialect joins no string literals, and a placeholder's `:`
    // is no PostgreSQL syntax), and the parser would skip each on every
    // look ahead: half the tokens of an indented CREATE TABLE. Every other
    // token keeps its location.
    tokens.retain(|t| {
        !matches!(
            t.token,
            Token::Whitespace(Whitespace::Space | Whitespace::Tab)
        )
    });
    Ok(Parser::new(&dialect).with_tokens_with_locations(tokens))
        .and_then(|mut p| {
            let statement = p.parse_statement()?;
            let next = p.peek_token();
            if next.token != sqlparser::tokenizer::Token::EOF {
                return Err(sqlparser::parser::ParserError::ParserError(format!(
                    "`{}` and what follows is not read here, so it would be lost at Line: {}, Column: {}",
                    next.token, next.span.start.line, next.span.start.column
                )));
            }
            Ok(statement)
        })
}

fn read_statement(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    read_as(text, offset, src, loc, b, false, (route(text), None))
}

/// How [`read_as`] reads a statement, from its first words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// A psql meta-command (`\restrict`).
    Meta,
    /// pg_dump's preamble, ownership, comments on extensions.
    Ignored,
    Do,
    Procedure,
    Domain,
    View,
    AlterSequence,
    CommentOnFunction,
    CommentOnTableObject,
    /// `GRANT`, `REVOKE`, `ALTER DEFAULT PRIVILEGES`.
    Privilege,
    /// `ALTER INDEX parent_index ATTACH PARTITION partition_index`.
    AttachIndex,
    /// `ALTER TABLE … ALTER COLUMN … SET STORAGE | SET COMPRESSION | SET
    /// STATISTICS`.
    ColumnStorage,
    /// `ALTER INDEX … ALTER COLUMN n SET STATISTICS m`.
    IndexStatistics,
    /// `CREATE | ALTER STATISTICS`, `COMMENT ON STATISTICS`.
    Statistics,
    /// `CREATE COLLATION`.
    Collation,
    /// `CREATE [OR REPLACE] AGGREGATE`.
    Aggregate,
    /// `COMMENT ON AGGREGATE`.
    CommentOnAggregate,
    /// `CREATE UNLOGGED SEQUENCE`.
    UnloggedSequence,
    /// `CREATE | DROP [PROCEDURAL] LANGUAGE`, `COMMENT ON LANGUAGE`.
    Language,
    /// `SET search_path`, and pg_dump's `set_config('search_path', …)`.
    SearchPath,
    /// `CREATE SCHEMA s CREATE TABLE … CREATE VIEW …`: schema elements.
    SchemaElements,
    /// `CLUSTER t USING i`, `ALTER TABLE t CLUSTER ON i | SET WITHOUT
    /// CLUSTER` (sqlparser reads none of them).
    Cluster,
    /// An operator, text search object, cast, rule, event trigger,
    /// publication or foreign-data object (see `other`).
    Other,
    /// `ALTER TABLE t {ENABLE | DISABLE} RULE r`.
    RuleState,
    /// Not schema (seed rows, a query, transaction control): left out of
    /// the desired state and counted under this kind, to be said once.
    SetAside(&'static str),
    /// Everything else: through sqlparser, as a [`Prepared`] statement.
    Parsed,
}

/// The route of `text` (a statement as split, comments included).
pub(crate) fn route(text: &str) -> Route {
    if text.starts_with('\\') {
        return Route::Meta;
    }
    // Six: `CREATE OR REPLACE TRUSTED PROCEDURAL LANGUAGE` is the longest
    // head looked at.
    let w: Vec<String> = text
        .split_whitespace()
        .take(6)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    let first = |n: usize| &w[..n.min(w.len())];
    // pg_dump's preamble and ownership, which schemadiff does not manage.
    // `SET ROLE` decides whose default privileges follow.
    if matches!(first(2), ["set" | "reset", "role"]) {
        return Route::Privilege;
    }
    if matches!(
        first(2),
        ["set" | "reset", "search_path"] | ["reset", "all"]
    ) || matches!(first(3), ["set", "session" | "local", "search_path"])
        || first(1) == ["select"] && contains_ignore_case(text, "set_config('search_path'")
    {
        return Route::SearchPath;
    }
    if first(1) == ["set"]
        || first(1) == ["select"] && contains_ignore_case(text, "pg_catalog.set_config(")
    {
        return Route::Ignored;
    }
    if first(1) == ["alter"]
        && text
            .split_whitespace()
            .rev()
            .nth(2)
            .is_some_and(|x| x.eq_ignore_ascii_case("owner"))
    {
        return Route::Ignored;
    }
    // Rails' structure.sql ends with the versions its migrations ran: the
    // migration runner's bookkeeping, not schema, and not worth a word.
    // Any other INSERT is data, set aside below.
    if let ["insert", "into", target, ..] = first(3) {
        let table = target
            .split('(')
            .next()
            .unwrap_or("")
            .rsplit('.')
            .next()
            .unwrap_or("")
            .trim_matches('"');
        if BOOKKEEPING_TABLES.contains(&table) {
            return Route::Ignored;
        }
    }
    if let Some(kind) = not_schema(&w, text) {
        return Route::SetAside(kind);
    }
    if other::kind_of(text).is_some() {
        return Route::Other;
    }
    if first(2) == ["alter", "table"] && contains_ignore_case(text, " rule ") {
        return Route::RuleState;
    }
    if first(1) == ["cluster"]
        || first(2) == ["alter", "table"]
            && (contains_ignore_case(text, " cluster on ")
                || contains_ignore_case(text, " set without cluster"))
    {
        return Route::Cluster;
    }
    if first(2) == ["create", "schema"] && !schema_elements(text).is_empty() {
        return Route::SchemaElements;
    }
    match first(4) {
        ["do", ..] => Route::Do,
        ["create", "procedure", ..] | ["create", "or", "replace", "procedure"] => Route::Procedure,
        ["create", "domain", ..] => Route::Domain,
        ["create", "view" | "materialized", ..]
        | ["create", "or", "replace", "view" | "materialized"] => Route::View,
        ["alter", "sequence", ..] => Route::AlterSequence,
        ["alter", "index", ..] if contains_ignore_case(text, " attach partition ") => {
            Route::AttachIndex
        }
        ["alter", "table", ..]
            if contains_ignore_case(text, " set storage ")
                || contains_ignore_case(text, " set compression ")
                || contains_ignore_case(text, " set statistics ") =>
        {
            Route::ColumnStorage
        }
        ["alter", "index", ..] if contains_ignore_case(text, " set statistics ") => {
            Route::IndexStatistics
        }
        ["grant" | "revoke", ..] | ["alter", "default", "privileges", ..] => Route::Privilege,
        ["create" | "alter", "statistics", ..] | ["comment", "on", "statistics", ..] => {
            Route::Statistics
        }
        ["create", "collation", ..] => Route::Collation,
        ["create", "aggregate", ..] | ["create", "or", "replace", "aggregate"] => Route::Aggregate,
        ["comment", "on", "aggregate", ..] => Route::CommentOnAggregate,
        ["create", "unlogged", "sequence", ..] => Route::UnloggedSequence,
        ["comment", "on", "extension", ..] => Route::Ignored,
        _ if language_words(&w).is_some() => Route::Language,
        ["comment", "on", "function" | "procedure", ..] => Route::CommentOnFunction,
        ["comment", "on", "constraint" | "policy" | "trigger", ..] => Route::CommentOnTableObject,
        _ => Route::Parsed,
    }
}

/// Whether the first words (lower case) are about a procedural language:
/// `CREATE [OR REPLACE] [TRUSTED] [PROCEDURAL] LANGUAGE`, `DROP
/// [PROCEDURAL] LANGUAGE`, `COMMENT ON [PROCEDURAL] LANGUAGE`; the index of
/// the word after `LANGUAGE`.
fn language_words(w: &[&str]) -> Option<usize> {
    let mut i = match w {
        ["create", "or", "replace", ..] => 3,
        ["create", ..] | ["drop", ..] => 1,
        ["comment", "on", ..] => 2,
        _ => return None,
    };
    if w.first() == Some(&"create") && w.get(i) == Some(&"trusted") {
        i += 1;
    }
    if w.get(i) == Some(&"procedural") {
        i += 1;
    }
    (w.get(i) == Some(&"language")).then_some(i + 1)
}

/// A procedural language. Since PostgreSQL 13 `CREATE LANGUAGE name`
/// without a handler installs the extension of that name (as old pg_dump
/// output and hand-written files write `CREATE OR REPLACE PROCEDURAL
/// LANGUAGE plpgsql`), so it is read as that extension, and `DROP
/// LANGUAGE` as its drop; PL/pgSQL is in every database and nothing to
/// make. A language with a handler of its own is not modelled. Its
/// comment is the extension's, which schemadiff leaves alone.
fn language(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_end_matches(';').to_ascii_lowercase())
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let Some(mut i) = language_words(&w) else {
        return Err(unsupported(loc, "this LANGUAGE statement"));
    };
    match w[0] {
        "comment" => Ok(()),
        "drop" => {
            if w.get(i..i + 2) == Some(&["if", "exists"]) {
                i += 2;
            }
            let Some(names) = w.get(i) else {
                return Err(unsupported(loc, "DROP LANGUAGE without a name"));
            };
            for name in names.split(',').filter(|n| !n.is_empty()) {
                b.extensions.remove(&parse_name(name, loc)?.name);
            }
            Ok(())
        }
        _ => {
            let name = match w.get(i) {
                Some(n) => parse_name(n, loc)?.name,
                None => return Err(unsupported(loc, "CREATE LANGUAGE without a name")),
            };
            if w.len() > i + 1 {
                return Err(ParseError::unmodelled(
                    loc.clone(),
                    "a procedural language with a handler of its own is not modelled",
                ));
            }
            if name != "plpgsql" {
                b.extensions.entry(name.clone()).or_insert(Extension {
                    name,
                    schema: None,
                    version: None,
                });
            }
            Ok(())
        }
    }
}

/// `CLUSTER [VERBOSE] t USING i` and `ALTER TABLE [ONLY] [IF EXISTS] t
/// CLUSTER ON i | SET WITHOUT CLUSTER`: the index the table is clustered
/// on. A `CLUSTER` that names no index orders rows by the one already
/// marked: maintenance, set aside.
fn cluster(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let skip = |from: usize, noise: &[&str]| {
        let mut i = from;
        while i < lower.len() && noise.contains(&lower[i].trim_matches(['(', ')'])) {
            i += 1;
        }
        i
    };
    let (table_at, index) = if lower[0] == "cluster" {
        let t = skip(1, &["verbose"]);
        match lower.get(t + 1).map(String::as_str) {
            Some("using") => (t, words.get(t + 2).copied()),
            _ => {
                b.set_aside.add("maintenance command", &loc.to_string());
                return Ok(());
            }
        }
    } else {
        let t = skip(2, &["only", "if", "exists"]);
        match (
            lower.get(t + 1).map(String::as_str),
            lower.get(t + 2).map(String::as_str),
        ) {
            (Some("cluster"), Some("on")) => (t, words.get(t + 3).copied()),
            (Some("set"), Some("without")) => (t, None),
            _ => return Err(unsupported(loc, "this ALTER TABLE … CLUSTER form")),
        }
    };
    let table = b.relation_on_path(parse_name(words.get(table_at).copied().unwrap_or(""), loc)?);
    if b.views.contains_key(&table) {
        // A materialized view's: run after it where views are printed.
        b.view_after
            .push((loc.to_string(), search_path::under_path(text)));
        return Ok(());
    }
    let index = match index {
        Some(i) => Some(parse_name(i, loc)?.name),
        None => None,
    };
    b.table_mut(&table, loc)?.cluster_on = index;
    Ok(())
}

/// Where each schema element of `CREATE SCHEMA s [AUTHORIZATION r]
/// CREATE TABLE … CREATE VIEW … GRANT …` starts: a `CREATE` or `GRANT` at
/// the top level (outside parentheses, quotes and comments) after the
/// schema's own words. Empty for a plain `CREATE SCHEMA`.
fn schema_elements(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut i) = (0usize, 0usize);
    let mut words = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => {
                let q = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'$' => {
                // A dollar-quoted body (a view's function call, say).
                let tag_end = text[i + 1..].find('$').map(|n| i + 1 + n);
                match tag_end {
                    Some(e)
                        if text[i + 1..e]
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_') =>
                    {
                        let tag = &text[i..=e];
                        i = text[e + 1..]
                            .find(tag)
                            .map_or(bytes.len(), |n| e + 1 + n + tag.len());
                    }
                    _ => i += 1,
                }
            }
            b'(' => {
                depth += 1;
                i += 1;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            c if c.is_ascii_alphabetic()
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                let end = text[i..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(text.len(), |n| i + n);
                let w = &text[i..end];
                words += 1;
                // `CREATE SCHEMA` itself is the first two words.
                if depth == 0
                    && words > 2
                    && (w.eq_ignore_ascii_case("create") || w.eq_ignore_ascii_case("grant"))
                {
                    out.push(i);
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// `SET [SESSION] client_encoding {TO | =} x`, `SET NAMES x` and
/// `RESET client_encoding`: the encoding, folded (`latin1`, `utf8`).
fn client_encoding(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '=')
        .filter(|w| !w.is_empty())
        .collect();
    let value = match words.as_slice() {
        ["reset", "client_encoding"] => "default",
        ["set", "session", "client_encoding", rest @ ..]
        | ["set", "client_encoding", rest @ ..]
        | ["set", "names", rest @ ..] => {
            let rest: Vec<&str> = rest.iter().copied().filter(|w| *w != "to").collect();
            rest.first().copied()?
        }
        _ => return None,
    };
    Some(
        value
            .trim_matches(['\'', '"', ';'])
            .replace('-', "")
            .to_string(),
    )
}

/// The kind of a statement that changes no schema, by its first words
/// (`w`, lower case): rows (`INSERT`, `COPY`, `SELECT setval(…)`, a
/// data-changing `WITH`), a query, transaction control, maintenance.
/// `ROLLBACK` and the like are not here: they would undo what came before.
fn not_schema(w: &[&str], text: &str) -> Option<&'static str> {
    let first = w.first().map(|f| f.trim_end_matches(';'))?;
    Some(match first {
        "insert" | "update" | "delete" | "copy" | "truncate" | "merge" => "data statement",
        "with" => {
            // `WITH … UPDATE | INSERT | DELETE`: rows; a plain query else.
            let lower = text.to_ascii_lowercase();
            let changes = ["update", "insert", "delete", "merge"]
                .iter()
                .any(|k| find_word(&lower, k).is_some());
            if changes {
                "data statement"
            } else {
                "query"
            }
        }
        "select" | "values" | "table" => {
            if contains_ignore_case(text, "setval(") {
                "data statement"
            } else {
                "query"
            }
        }
        "begin" | "start" | "commit" | "end" => "transaction control statement",
        // Roles, databases and tablespaces are the cluster's, not a
        // schema's: a file that makes its roles or grants CONNECT is left
        // to run as it is (pg_dumpall's part of a dump).
        "create" | "alter" | "drop"
            if matches!(
                w.get(1).map(|x| x.trim_end_matches(';')),
                Some("role" | "user" | "group" | "database" | "tablespace" | "system")
            ) && w.get(2) != Some(&"mapping") =>
        {
            "role or database statement"
        }
        "comment"
            if w.get(1) == Some(&"on")
                && matches!(w.get(2), Some(&("database" | "role" | "tablespace"))) =>
        {
            "role or database statement"
        }
        "grant" | "revoke" if on_the_cluster(text) => "role or database statement",
        "analyze" | "analyse" | "vacuum" | "checkpoint" | "reindex" | "refresh" => {
            "maintenance command"
        }
        // A procedure's run, or a prepared statement's: rows.
        "call" | "execute" => "data statement",
        "explain" => "query",
        // The session's own: notifications, locks, prepared statements,
        // savepoints, cached plans, loaded libraries.
        "notify" | "listen" | "unlisten" | "lock" | "discard" | "load" | "deallocate"
        | "savepoint" | "release" => "session command",
        "prepare" if w.get(1) != Some(&"transaction") => "session command",
        _ => return None,
    })
}

/// Whether a `GRANT` or `REVOKE` is about roles (membership: no `ON`) or
/// the cluster's objects (`ON DATABASE | TABLESPACE | PARAMETER`).
fn on_the_cluster(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    // `GRANT … ON` with ON as a word outside quotes.
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    match words.iter().position(|w| *w == "on") {
        None => true,
        Some(i) => matches!(
            words.get(i + 1),
            Some(&("database" | "tablespace" | "parameter"))
        ),
    }
}

/// A psql meta-command's kind when it changes no schema (`\set`,
/// `\echo`, `\pset`, `\timing`, the `\d` family…): set aside and said
/// once. `\copy` is rows. Those that could (an include, a conditional, a
/// shell command, `\gexec`) are refused by the caller.
fn meta_not_schema(command: &str) -> Option<&'static str> {
    const QUIET: [&str; 26] = [
        "set",
        "unset",
        "pset",
        "echo",
        "qecho",
        "warn",
        "timing",
        "t",
        "a",
        "x",
        "f",
        "h",
        "H",
        "C",
        "T",
        "encoding",
        "o",
        "out",
        "l",
        "list",
        "conninfo",
        "p",
        "print",
        "r",
        "reset",
        "errverbose",
    ];
    if command == "copy" {
        return Some("data statement");
    }
    if QUIET.contains(&command)
        || command.starts_with('d')
            && command
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+')
        || command.starts_with('l') && command.trim_end_matches('+') == "l"
        || command.starts_with('z')
        || command == "sf"
        || command == "sv"
        || command == "sf+"
        || command == "sv+"
    {
        return Some("psql meta-command");
    }
    None
}

/// What reading a [`Route::Parsed`] statement takes from its text alone:
/// the narrow rewrites sqlparser needs and sqlparser's result. Computed
/// once for a statement both sides of an offline plan hold (`pair`).
pub(crate) struct Prepared {
    identity_sequence: Option<String>,
    trigger_args: Option<Vec<String>>,
    function_extras: FunctionExtras,
    generated_virtual: Vec<bool>,
    likes: Vec<like::LikeText>,
    not_nulls: Vec<like::NotNullText>,
    statement: std::result::Result<Statement, String>,
}

impl Prepared {
    pub(crate) fn new(text: &str) -> Prepared {
        let w: Vec<String> = text
            .split_whitespace()
            .take(4)
            .map(|w| w.to_ascii_lowercase())
            .collect();
        let w: Vec<&str> = w.iter().map(String::as_str).collect();
        let (rewritten, identity_sequence) = rewrite(text);
        let is_function = matches!(
            w.as_slice(),
            ["create", "function", ..] | ["create", "or", "replace", "function"]
        );
        let (rewritten, trigger_args) = if matches!(
            w.as_slice(),
            ["create", "trigger", ..] | ["create", "constraint", "trigger", ..]
        ) {
            trigger_args(&rewritten)
        } else {
            (rewritten, None)
        };
        let (rewritten, function_extras) = if is_function {
            function_extras(&rewritten)
        } else {
            (rewritten, FunctionExtras::default())
        };
        let (rewritten, generated_virtual) = generated_kinds(&rewritten);
        let (rewritten, likes, not_nulls) = if matches!(
            w.as_slice(),
            ["create", "table", ..] | ["create", "unlogged", "table", ..]
        ) {
            like::like_clauses(&rewritten)
        } else {
            (rewritten, vec![], vec![])
        };
        let rewritten = if matches!(
            w.as_slice(),
            ["create", "index", ..] | ["create", "unique", "index", ..]
        ) {
            on_only(rewritten)
        } else {
            rewritten
        };
        // The whole statement, or an error: sqlparser stops at a word it
        // does not know (a function's LEAKPROOF, say) and would leave the
        // rest unread.
        let statement = parse_whole(&rewritten).map_err(|e| e.to_string());
        Prepared {
            identity_sequence,
            trigger_args,
            function_extras,
            generated_virtual,
            likes,
            not_nulls,
            statement,
        }
    }
}

/// [`read_statement`]; `procedure`: a `CREATE PROCEDURE` rewritten as a
/// function; `routed`: [`route`] of `text`, worked out once by the caller,
/// and the statement's [`Prepared`] form if another reader already made it.
fn read_as(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
    procedure: bool,
    routed: (Route, Option<&Prepared>),
) -> Result<()> {
    let (route, prepared) = routed;
    match route {
        Route::Meta => {
            // pg_dump (15.14+, 16.10+, 17.6+) brackets its output with
            // `\restrict KEY` / `\unrestrict KEY`, which only guard psql itself.
            let command = text[1..].split_whitespace().next().unwrap_or("");
            if matches!(command, "restrict" | "unrestrict") {
                return Ok(());
            }
            // `\c db` after `CREATE DATABASE db` (sample databases'
            // scripts): what follows is that database's schema, read in a
            // session of its own. Schema before it would be another
            // database's: the file is two, and that is said.
            if matches!(command, "c" | "connect") {
                if b.makes_anything() {
                    return Err(ParseError::new(
                        loc.clone(),
                        format!("`\\{command}` connects to another database after this file has made schema objects: schemadiff reads the schema of one database; split the file there"),
                    ));
                }
                search_path::reset();
                b.set_aside.add("psql meta-command", &loc.to_string());
                return Ok(());
            }
            if let Some(kind) = meta_not_schema(command) {
                b.set_aside.add(kind, &loc.to_string());
                return Ok(());
            }
            return Err(ParseError::new(
                loc.clone(),
                format!("`\\{command}` is a psql meta-command that could change the schema (an include, a conditional, a shell command or a query's output run as SQL), which schemadiff cannot follow; write what it makes in the file instead"),
            ));
        }
        Route::Ignored => return Ok(()),
        Route::SearchPath => {
            if let Some(path) = search_path::statement(text, loc) {
                search_path::set(path?, b);
            }
            return Ok(());
        }
        Route::SchemaElements => {
            // The schema, then each element as a statement of its own, made
            // in it: PostgreSQL puts the new schema in front of the path
            // while it makes them.
            let starts = schema_elements(text);
            read_as(
                text[..starts[0]].trim_end(),
                offset,
                src,
                loc,
                b,
                false,
                (Route::Parsed, None),
            )?;
            // `CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]`, or
            // `CREATE SCHEMA AUTHORIZATION role` (named after the role).
            let head: Vec<&str> = text[..starts[0]].split_whitespace().skip(2).collect();
            let head = match head.as_slice() {
                [i, n, e, rest @ ..]
                    if i.eq_ignore_ascii_case("if")
                        && n.eq_ignore_ascii_case("not")
                        && e.eq_ignore_ascii_case("exists") =>
                {
                    rest
                }
                rest => rest,
            };
            let written = match head {
                [a, role, ..] if a.eq_ignore_ascii_case("authorization") => role,
                [name, ..] => name,
                [] => "",
            };
            let name = parse_name(written, loc)?.name;
            let _path = search_path::push_front(&name);
            let ends = starts.iter().skip(1).copied().chain([text.len()]);
            for (start, end) in starts.iter().copied().zip(ends) {
                let element = text[start..end].trim_end();
                let at = offset + start;
                read_as(
                    element,
                    at,
                    src,
                    &src.loc(at),
                    b,
                    false,
                    (self::route(element), None),
                )
                .map_err(|e| {
                    if e.snippet.is_none() {
                        e.with_snippet(element)
                    } else {
                        e
                    }
                })?;
            }
            return Ok(());
        }
        Route::Cluster => return cluster(text, loc, b),
        Route::Language => return language(text, loc, b),
        Route::Other => return other::statement(text, loc, b),
        Route::RuleState => return other::rule_state(text, loc, b),
        Route::SetAside(kind) => {
            b.set_aside.add(kind, &loc.to_string());
            return Ok(());
        }
        Route::Do => {
            // Runs in the scratch database only (roles and the like).
            b.do_blocks.push(DoBlock {
                origin: loc.to_string(),
                sql: text.to_string(),
            });
            return Ok(());
        }
        Route::Procedure => {
            // A procedure is read as a function (the keyword replaced in
            // place, so every location stays), then marked.
            let lower = text.to_ascii_lowercase();
            let at = find_word(&lower, "procedure").unwrap_or(0);
            let as_function = format!(
                "{}FUNCTION {}",
                &text[..at],
                &text[at + "procedure".len()..]
            );
            return read_as(
                &as_function,
                offset,
                src,
                loc,
                b,
                true,
                (self::route(&as_function), None),
            );
        }
        Route::Domain => return types::create_domain(text, offset, src, loc, b),
        Route::View => return view::create_view(text, offset, src, loc, b),
        Route::AlterSequence => return alter_sequence(text, loc, b),
        Route::CommentOnFunction => return comment_on_function(text, loc, b),
        Route::CommentOnTableObject => return comment_on_table_object(text, loc, b),
        Route::Privilege => return privilege::privilege_statement(text, offset, src, loc, b),
        Route::AttachIndex => return attach_index(text, loc, b),
        Route::IndexStatistics => return privilege::index_statistics(text, offset, src, loc, b),
        Route::Statistics => return statistics::statistics_statement(text, offset, src, loc, b),
        Route::Collation => return collation::create_collation(text, offset, src, loc, b),
        Route::Aggregate => return aggregate::create_aggregate(text, offset, src, loc, b),
        Route::CommentOnAggregate => {
            return aggregate::comment_on_aggregate(text, offset, src, loc, b)
        }
        Route::UnloggedSequence => {
            // Read as the sequence it is, UNLOGGED blanked (locations stay).
            let at = find_word(&text.to_ascii_lowercase(), "unlogged").unwrap_or(0);
            let mut plain = text.to_string();
            plain.replace_range(at..at + "unlogged".len(), "        ");
            let before: std::collections::BTreeSet<QualName> =
                b.sequences.keys().cloned().collect();
            read_as(
                &plain,
                offset,
                src,
                loc,
                b,
                procedure,
                (Route::Parsed, None),
            )?;
            for (name, s) in b.sequences.iter_mut() {
                if !before.contains(name) {
                    s.seq.unlogged = true;
                }
            }
            return Ok(());
        }
        Route::ColumnStorage => {
            return privilege::column_storage(text, offset, src, loc, b);
        }
        Route::Parsed => {}
    }
    let local;
    let p = match prepared {
        Some(p) => p,
        None => {
            local = Prepared::new(text);
            &local
        }
    };
    let statement = match &p.statement {
        Ok(s) => s,
        Err(e) => return Err(sqlparser_error(e, text, offset, src)),
    };
    // Under a search_path of the file's own, names in expressions are
    // found where the server finds them when it makes the object.
    let on_path;
    let statement = if search_path::is_default() {
        statement
    } else {
        let mut s = statement.clone();
        b.qualify_on_path(&mut s);
        on_path = s;
        &on_path
    };
    let mut function_extras = p.function_extras.clone();
    function_extras.procedure = procedure;
    let trigger_args = &p.trigger_args;
    let cx = Cx {
        text,
        offset,
        src,
        loc,
        identity_sequence: p.identity_sequence.clone(),
        generated_virtual: std::cell::RefCell::new(p.generated_virtual.clone().into_iter()),
        likes: &p.likes,
        not_nulls: &p.not_nulls,
    };
    match statement {
        Statement::CreateSchema {
            schema_name,
            or_replace,
            if_not_exists: _,
            with,
            options,
            default_collate_spec,
            clone,
        } => {
            // AUTHORIZATION names the owner: ownership is out of scope, as
            // with OWNER TO.
            cx.refuse_any(&[(
                *or_replace
                    || with.is_some()
                    || options.is_some()
                    || default_collate_spec.is_some()
                    || clone.is_some(),
                "schema",
                "schema options PostgreSQL does not have",
            )])?;
            let name = match schema_name {
                sqlparser::ast::SchemaName::Simple(n)
                | sqlparser::ast::SchemaName::NamedAuthorization(n, _) => {
                    object_parts(n).pop().unwrap_or_default()
                }
                sqlparser::ast::SchemaName::UnnamedAuthorization(i) => ident(i),
            };
            b.add_schema(&name, loc)?;
            // The path may name it.
            search_path::refresh(b);
        }
        Statement::CreateExtension(sqlparser::ast::CreateExtension {
            name,
            if_not_exists: _,
            with_keyword: _,
            cascade,
            schema,
            version,
        }) => {
            cx.refuse_any(&[(
                *cascade,
                "cascade",
                "CASCADE (list each extension it would install instead)",
            )])?;
            let name = ident(name);
            // PL/pgSQL is in every database (pg_dump before PostgreSQL 11
            // wrote `CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA
            // pg_catalog`); it is not the files' to make.
            if name == "plpgsql" {
                return Ok(());
            }
            // `VERSION '1.7'` or `VERSION "1.7"`: the text either way.
            let version = version.as_ref().map(|v| v.value.clone());
            b.extensions.insert(
                name.clone(),
                Extension {
                    name,
                    // `public` is where an unqualified CREATE EXTENSION lands too.
                    schema: schema.as_ref().map(ident).filter(|s| s != "public"),
                    version,
                },
            );
        }
        Statement::CreateType {
            name,
            representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
        } => {
            let q = qual(name, loc)?;
            b.check_schema(&q.schema, loc)?;
            let values: Vec<String> = labels.iter().map(|l| l.value.clone()).collect();
            b.add_enum(
                Enum {
                    name: q,
                    values,
                    comment: None,
                },
                loc,
            )?;
        }
        Statement::CreateType {
            name,
            representation: Some(UserDefinedTypeRepresentation::Composite { attributes }),
        } => types::composite(name, attributes, loc, b)?,
        Statement::CreateSequence {
            name,
            sequence_options,
            temporary,
            if_not_exists,
        } => {
            if *temporary {
                return Err(cx.refuse("temp", "a temporary sequence"));
            }
            let q = qual(name, loc)?;
            // `IF NOT EXISTS` of a sequence there is: nothing.
            if *if_not_exists && b.sequences.contains_key(&q) {
                return Ok(());
            }
            b.check_schema(&q.schema, loc)?;
            let mut seq = Sequence::with_defaults(q.clone(), "bigint");
            let mut owned_by = None;
            apply_sequence_options(&mut seq, &mut owned_by, sequence_options, loc)?;
            b.add_sequence(
                q,
                RawSequence {
                    seq,
                    owned_by,
                    loc: loc.clone(),
                },
            )?;
        }
        Statement::CreateTable(ct) => create_table(ct, &cx, b)?,
        Statement::CreateIndex(ci) => create_index(ci, &cx, b)?,
        Statement::CreatePolicy(p) => create_policy(p, &cx, b)?,
        Statement::CreateTrigger(t) => create_trigger(t, trigger_args, &cx, b)?,
        Statement::CreateFunction(f) => create_function(f, &function_extras, &cx, b)?,
        Statement::AlterTable(sqlparser::ast::AlterTable {
            name,
            if_exists,
            only,
            operations,
            location,
            on_cluster,
            table_type,
            end_token: _,
        }) => {
            cx.refuse_any(&[(
                location.is_some() || on_cluster.is_some() || table_type.is_some(),
                "alter",
                "an ALTER TABLE form PostgreSQL does not have",
            )])?;
            let name = b.relation_on_path(qual(name, loc)?);
            // pg_dump --clean --if-exists: nothing to alter yet.
            if *if_exists && !b.tables.contains_key(&name) && !b.views.contains_key(&name) {
                return Ok(());
            }
            for op in operations {
                alter_table_op(op, &name, *only, &cx, b)?;
            }
        }
        Statement::AlterType(sqlparser::ast::AlterType {
            name,
            operation: AlterTypeOperation::AddValue(add),
        }) => {
            let q = qual(name, loc)?;
            let e = b
                .enums
                .get_mut(&q)
                .ok_or_else(|| ParseError::new(loc.clone(), format!("type {q} is not defined")))?;
            let value = add.value.value.clone();
            if e.values.contains(&value) {
                if add.if_not_exists {
                    return Ok(());
                }
                return Err(ParseError::new(
                    loc.clone(),
                    format!("enum {q} already has value '{value}'"),
                ));
            }
            let pos = match &add.position {
                None => e.values.len(),
                Some(AlterTypeAddValuePosition::Before(v))
                | Some(AlterTypeAddValuePosition::After(v)) => {
                    let i = e.values.iter().position(|x| *x == v.value).ok_or_else(|| {
                        ParseError::new(loc.clone(), format!("enum {q} has no value '{}'", v.value))
                    })?;
                    if matches!(add.position, Some(AlterTypeAddValuePosition::After(_))) {
                        i + 1
                    } else {
                        i
                    }
                }
            };
            e.values.insert(pos, value);
        }
        Statement::Comment {
            object_type,
            object_name,
            comment,
            if_exists: _,
        } => comment_on(*object_type, object_name, comment.clone(), loc, b)?,
        Statement::Drop {
            object_type,
            if_exists: _,
            names,
            cascade,
            restrict: _,
            purge,
            temporary,
            table,
        } => {
            cx.refuse_any(&[(
                *purge || *temporary || table.is_some(),
                "drop",
                "a DROP form PostgreSQL does not have",
            )])?;
            drop::drop_objects(object_type, names, *cascade, &cx, b)?;
        }
        Statement::DropFunction(d) => drop::drop_functions(d, &cx, b)?,
        Statement::DropProcedure {
            if_exists,
            proc_desc,
            drop_behavior,
        } => drop::drop_functions(
            &sqlparser::ast::DropFunction {
                if_exists: *if_exists,
                func_desc: proc_desc.clone(),
                drop_behavior: *drop_behavior,
            },
            &cx,
            b,
        )?,
        Statement::DropTrigger(d) => drop::drop_trigger(d, &cx, b)?,
        Statement::DropDomain(sqlparser::ast::DropDomain {
            if_exists: _,
            name,
            drop_behavior,
        }) => drop::drop_objects(
            &sqlparser::ast::ObjectType::Type,
            std::slice::from_ref(name),
            matches!(drop_behavior, Some(sqlparser::ast::DropBehavior::Cascade)),
            &cx,
            b,
        )?,
        Statement::DropPolicy(sqlparser::ast::DropPolicy {
            if_exists: _,
            name,
            table_name,
            drop_behavior: _,
        }) => {
            let table = b.relation_on_path(qual(table_name, loc)?);
            let name = ident(name);
            b.policies.retain(|p| !(p.table == table && p.name == name));
        }
        Statement::DropExtension(sqlparser::ast::DropExtension {
            names,
            if_exists: _,
            cascade_or_restrict: _,
        }) => {
            for n in names {
                b.extensions.remove(&ident(n));
            }
        }
        _ => {
            // The statement's head as written: `CREATE OR REPLACE VIEW v`.
            let kind = text
                .split_whitespace()
                .take(5)
                .collect::<Vec<_>>()
                .join(" ");
            return Err(unsupported(loc, &format!("`{kind} …`")));
        }
    }
    Ok(())
}

/// Narrow rewrites for valid PostgreSQL that sqlparser does not accept:
/// `ADD GENERATED … AS IDENTITY (SEQUENCE NAME x …)` loses the option,
/// whose name is returned to be checked ([`identity_options`]); a table's
/// `WITHOUT OIDS` (what every table is since PostgreSQL 12, and pg_dump
/// wrote before) is blanked, so locations stay.
fn rewrite(text: &str) -> (String, Option<String>) {
    let trimmed = text.trim_end().trim_end_matches(';').trim_end();
    if trimmed.len() > 12
        && trimmed.is_char_boundary(trimmed.len() - 12)
        && trimmed[trimmed.len() - 12..].eq_ignore_ascii_case("without oids")
        && text
            .get(..6)
            .is_some_and(|w| w.eq_ignore_ascii_case("create"))
    {
        let at = trimmed.len() - 12;
        let mut plain = text.to_string();
        plain.replace_range(at..at + 12, &" ".repeat(12));
        return rewrite(&plain);
    }
    if !contains_ignore_case(text, "sequence name ") {
        return (text.to_string(), None);
    }
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.find("sequence name ") {
        let rest = &text[at + "sequence name ".len()..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ')')
            .unwrap_or(rest.len());
        return (
            format!("{}{}", &text[..at], &rest[end..]),
            Some(rest[..end].to_string()),
        );
    }
    (text.to_string(), None)
}

/// `CREATE INDEX … ON ONLY parent`: pg_dump's index on a partitioned table,
/// which its partitions' indexes are attached to; the same index as one
/// made without ONLY (which makes them itself). The word is blanked out, so
/// every location stays.
fn on_only(text: String) -> String {
    let lower = text.to_ascii_lowercase();
    let Some(at) = lower.find(" on only ") else {
        return text;
    };
    let mut out = text;
    out.replace_range(at + 4..at + 8, "    ");
    out
}

/// `ALTER INDEX parent_index ATTACH PARTITION partition_index`: the
/// partition's index (or the constraint it backs) is its parent's, not its
/// own.
fn attach_index(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let lower = text.to_ascii_lowercase();
    let at = lower
        .find(" attach partition ")
        .ok_or_else(|| ParseError::new(loc.clone(), "expected ATTACH PARTITION"))?;
    let start = lower.find("index").unwrap_or(0) + "index".len();
    let parent_index = parse_name(text[start..at].trim(), loc)?.name;
    let child = parse_name(
        text[at + " attach partition ".len()..]
            .trim()
            .trim_end_matches(';')
            .trim(),
        loc,
    )?;
    let mine = |i: &crate::build::RawIndex| {
        i.table.schema == child.schema && i.name.as_deref() == Some(&child.name)
    };
    if let Some(i) = b.indexes.iter().find(|i| mine(i)) {
        let table = i.table.clone();
        b.indexes.retain(|i| !mine(i));
        b.attached_index_names
            .push((table, parent_index, child.name));
        return Ok(());
    }
    let owner = b.tables.values().find(|t| {
        t.name.schema == child.schema
            && t.constraints
                .iter()
                .any(|c| c.name.as_deref() == Some(&child.name))
    });
    match owner {
        Some(t) => {
            let table = t.name.clone();
            b.attached_index_names
                .push((table.clone(), parent_index, child.name.clone()));
            b.attached.insert((table, child.name));
            Ok(())
        }
        None => Err(ParseError::new(
            loc.clone(),
            format!("index {child} is not defined"),
        )),
    }
}

fn contains_ignore_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// sqlparser reads `GENERATED ALWAYS AS (…)` only with STORED; PostgreSQL
/// 18 also has VIRTUAL, its default. Each such column is rewritten as
/// STORED, and whether it was virtual is returned, in the order written.
fn generated_kinds(text: &str) -> (String, Vec<bool>) {
    const HEAD: &str = "generated always as";
    // Most statements have none: no lower-case copy for them.
    if !contains_ignore_case(text, HEAD) {
        return (text.to_string(), vec![]);
    }
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    let mut kinds = Vec::new();
    let mut last = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find(HEAD) {
        let mut i = from + found + HEAD.len();
        from = i;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'(') {
            continue; // an identity
        }
        // The matching parenthesis, outside string literals.
        let (mut depth, mut quoted) = (0usize, false);
        let close = loop {
            match bytes.get(i) {
                None => return (text.to_string(), vec![]),
                Some(b'\'') => quoted = !quoted,
                Some(b'(') if !quoted => depth += 1,
                Some(b')') if !quoted => {
                    depth -= 1;
                    if depth == 0 {
                        break i;
                    }
                }
                _ => {}
            }
            i += 1;
        };
        let rest = &lower[close + 1..];
        let word_at = close + 1 + (rest.len() - rest.trim_start().len());
        let word: String = lower[word_at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        out.push_str(&text[last..close + 1]);
        match word.as_str() {
            "stored" => {
                kinds.push(false);
                last = close + 1;
            }
            "virtual" => {
                kinds.push(true);
                out.push_str(&text[close + 1..word_at]);
                out.push_str("STORED");
                last = word_at + word.len();
            }
            _ => {
                kinds.push(true);
                out.push_str(" STORED");
                last = close + 1;
            }
        }
        from = last;
    }
    out.push_str(&text[last..]);
    (out, kinds)
}

fn unsupported(loc: &Loc, what: &str) -> ParseError {
    ParseError::unmodelled(
        loc.clone(),
        format!("schemadiff cannot model {what} yet; remove it from the desired-state file or manage it outside schemadiff"),
    )
}

/// Turns sqlparser's "… at Line: L, Column: C" (relative to the statement)
/// into a location in the file.
fn sqlparser_error(msg: &str, stmt: &str, offset: usize, src: &Source) -> ParseError {
    let mut at = offset;
    if let Some(pos) = msg.rfind("Line: ") {
        let tail = &msg[pos + 6..];
        let line: usize = tail
            .split(',')
            .next()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let col: usize = tail
            .split("Column: ")
            .nth(1)
            .and_then(|s| {
                s.trim()
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .parse()
                    .ok()
            })
            .unwrap_or(1);
        let mut line_start = 0;
        for _ in 1..line {
            match stmt[line_start..].find('\n') {
                Some(i) => line_start += i + 1,
                None => break,
            }
        }
        let col_bytes: usize = stmt[line_start..]
            .chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        at = offset + line_start + col_bytes;
    }
    let clean = msg
        .trim_start_matches("sql parser error: ")
        .split(" at Line: ")
        .next()
        .unwrap_or(msg)
        .to_string();
    ParseError::unmodelled(src.loc(at), format!("cannot parse SQL: {clean}"))
}

/// An identifier as PostgreSQL reads it: folded unless quoted, and cut
/// to 63 bytes.
pub(crate) fn ident(i: &Ident) -> String {
    let name = if i.quote_style.is_some() {
        i.value.clone()
    } else {
        i.value.to_lowercase()
    };
    schemadiff_model::names::truncate_identifier(&name).to_string()
}

fn object_parts(n: &ObjectName) -> Vec<String> {
    n.0.iter()
        .map(|p| match p.as_ident() {
            Some(i) => ident(i),
            None => p.to_string(),
        })
        .collect()
}

/// A name as written; an unqualified one is in the schema it would be
/// made in ([`search_path::default_schema`]).
fn qual(n: &ObjectName, loc: &Loc) -> Result<QualName> {
    match object_parts(n).as_slice() {
        [name] => Ok(QualName::new(search_path::default_schema(), name.clone())),
        [schema, name] => Ok(QualName::new(schema.clone(), name.clone())),
        _ => Err(ParseError::new(
            loc.clone(),
            format!("`{n}` is not a schema-qualified name"),
        )),
    }
}

/// Where `kw` stands in `lower` as a whole word.
fn find_word(lower: &str, kw: &str) -> Option<usize> {
    let is_word = |b: Option<&u8>| b.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    let mut from = 0;
    while let Some(i) = lower[from..].find(kw) {
        let at = from + i;
        let end = at + kw.len();
        if !is_word(lower.as_bytes().get(at.wrapping_sub(1)).filter(|_| at > 0))
            && !is_word(lower.as_bytes().get(end))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The statement being read, to point at a clause within it.
pub(crate) struct Cx<'a> {
    pub text: &'a str,
    pub offset: usize,
    pub src: &'a Source,
    pub loc: &'a Loc,
    /// The `SEQUENCE NAME` of an identity, taken out before parsing.
    pub identity_sequence: Option<String>,
    /// Whether each `GENERATED ALWAYS AS (…)` column, in the order written,
    /// is virtual (sqlparser reads them all as STORED).
    pub generated_virtual: std::cell::RefCell<std::vec::IntoIter<bool>>,
    /// `LIKE` elements of a `CREATE TABLE`, taken out before parsing.
    pub likes: &'a [like::LikeText],
    /// Table-level `NOT NULL column` elements, taken out before parsing.
    pub not_nulls: &'a [like::NotNullText],
}

impl Cx<'_> {
    /// Where `keyword` (any case, a whole word) first appears in the
    /// statement, or the statement's start.
    /// `keyword` may list alternatives: `with|tablespace|using` (the first
    /// one written wins).
    pub fn at(&self, keyword: &str) -> Loc {
        let lower = self.text.to_ascii_lowercase();
        let found: Option<usize> = keyword
            .split('|')
            .filter_map(|k| find_word(&lower, &k.to_ascii_lowercase()))
            .min();
        match found {
            Some(at) => self.src.loc(self.offset + at),
            None => self.loc.clone(),
        }
    }

    /// Where the element named `name` (a column definition) is written:
    /// its name's first appearance after the statement's element list
    /// opens (`(` or `ADD`), or the statement's start.
    pub fn element(&self, name: &sqlparser::ast::Ident) -> Loc {
        let lower = self.text.to_ascii_lowercase();
        let start = [lower.find('('), find_word(&lower, "add")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(0);
        let found = if name.quote_style.is_some() {
            self.text[start..].find(&format!("\"{}\"", name.value.replace('"', "\"\"")))
        } else {
            find_word(&lower[start..], &name.value.to_ascii_lowercase())
        };
        match found {
            Some(at) => self.src.loc(self.offset + start + at),
            None => self.loc.clone(),
        }
    }

    /// An error at `keyword` saying the clause is not modelled. A
    /// temporary object is gone with the session that made it: a scratch
    /// database building it would not make it part of the desired state.
    pub fn refuse(&self, keyword: &str, what: &str) -> ParseError {
        let e = ParseError::unmodelled(
            self.at(keyword),
            format!("schemadiff cannot model {what} yet; remove it from the desired-state file or manage it outside schemadiff"),
        );
        if what.contains("temporary") {
            e.hard()
        } else {
            e
        }
    }

    /// Refuses the first clause of `clauses` that is present:
    /// `(present, keyword to point at, what it is)`.
    pub fn refuse_any(&self, clauses: &[(bool, &str, &str)]) -> Result<()> {
        match clauses.iter().find(|c| c.0) {
            Some((_, kw, what)) => Err(self.refuse(kw, what)),
            None => Ok(()),
        }
    }
}
