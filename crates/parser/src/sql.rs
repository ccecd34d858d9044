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
    CreateTable, CreateTableOptions, DeferrableInitial, Expr, ForeignKeyConstraint, GeneratedAs,
    GeneratedExpressionMode, HiveDistributionStyle, Ident, IndexColumn, IndexOption, IndexType,
    KeyOrIndexDisplay, NullsDistinctOption, ObjectName, OrderByExpr, OrderByOptions,
    PrimaryKeyConstraint, ReferentialAction, SequenceOptions, Statement, TableConstraint,
    UnaryOperator, UniqueConstraint, UserDefinedTypeRepresentation, Value,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

pub(crate) fn read(src: &Source, b: &mut Builder) -> Result<()> {
    let stmts = split_statements(&src.text)
        .map_err(|(offset, msg)| ParseError::new(src.loc(offset), msg))?;
    rename_hints(src, &stmts, b)?;
    for stmt in stmts {
        let loc = src.loc(stmt.offset);
        read_statement(stmt.text, stmt.offset, src, &loc, b).map_err(|e| {
            if e.snippet.is_none() {
                e.with_snippet(stmt.text)
            } else {
                e
            }
        })?;
    }
    Ok(())
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
        let Some(rest) = comment.strip_prefix(MARK) else {
            continue;
        };
        let loc = src.loc(dash);
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
            _ => return Err(ParseError::new(
                loc,
                "a rename hint goes after a table, column, constraint or named index definition",
            )),
        }
    }
    Ok(())
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

fn read_statement(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    if let Some(meta) = text.strip_prefix('\\') {
        // pg_dump (15.14+, 16.10+, 17.6+) brackets its output with
        // `\restrict KEY` / `\unrestrict KEY`, which only guard psql itself.
        let command = meta.split_whitespace().next().unwrap_or("");
        if matches!(command, "restrict" | "unrestrict") {
            return Ok(());
        }
        return Err(ParseError::new(
            loc.clone(),
            format!("`\\{command}` is a psql meta-command, not SQL; only pg_dump's `\\restrict` and `\\unrestrict` are read"),
        ));
    }
    let w = words(text);
    let first = |n: usize| w.iter().take(n).map(String::as_str).collect::<Vec<_>>();
    // pg_dump's preamble and ownership, which schemadiff does not manage.
    if first(1) == ["set"]
        || text.to_ascii_lowercase().contains("pg_catalog.set_config(") && first(1) == ["select"]
    {
        return Ok(());
    }
    if w.iter().any(|x| x == "owner")
        && w.get(w.len().saturating_sub(3))
            .is_some_and(|x| x == "owner")
        && first(1) == ["alter"]
    {
        return Ok(());
    }
    if first(1) == ["do"] {
        return Err(unsupported(loc, "a `DO` block"));
    }
    if first(2) == ["alter", "sequence"] {
        return alter_sequence(text, loc, b);
    }
    if first(3) == ["comment", "on", "extension"] {
        return Ok(());
    }
    if first(3) == ["comment", "on", "constraint"] {
        return comment_on_constraint(text, loc, b);
    }
    let (rewritten, identity_sequence) = rewrite(text);
    let (rewritten, generated_virtual) = generated_kinds(&rewritten);
    let parsed = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(&rewritten)
        .and_then(|mut p| p.parse_statement());
    let statement = match parsed {
        Ok(s) => s,
        Err(e) => return Err(sqlparser_error(&e.to_string(), text, offset, src)),
    };
    let cx = Cx {
        text,
        offset,
        src,
        loc,
        identity_sequence,
        generated_virtual: std::cell::RefCell::new(generated_virtual.into_iter()),
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
                or_replace
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
                    object_parts(&n).pop().unwrap_or_default()
                }
                sqlparser::ast::SchemaName::UnnamedAuthorization(i) => ident(&i),
            };
            b.add_schema(&name, loc)?;
        }
        Statement::CreateExtension(sqlparser::ast::CreateExtension {
            name,
            if_not_exists: _,
            with_keyword: _,
            cascade,
            schema,
            version,
        }) => {
            cx.refuse_any(&[
                (version.is_some(), "version", "an extension's VERSION"),
                (
                    cascade,
                    "cascade",
                    "CASCADE (list each extension it would install instead)",
                ),
            ])?;
            let name = ident(&name);
            b.extensions.insert(
                name.clone(),
                Extension {
                    name,
                    // `public` is where an unqualified CREATE EXTENSION lands too.
                    schema: schema.as_ref().map(ident).filter(|s| s != "public"),
                },
            );
        }
        Statement::CreateType {
            name,
            representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
        } => {
            let q = qual(&name, loc)?;
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
        Statement::CreateSequence {
            name,
            sequence_options,
            temporary,
            if_not_exists: _,
        } => {
            if temporary {
                return Err(cx.refuse("temp", "a temporary sequence"));
            }
            let q = qual(&name, loc)?;
            b.check_schema(&q.schema, loc)?;
            let mut seq = Sequence::with_defaults(q.clone(), "bigint");
            let mut owned_by = None;
            apply_sequence_options(&mut seq, &mut owned_by, &sequence_options, loc)?;
            b.add_sequence(
                q,
                RawSequence {
                    seq,
                    owned_by,
                    loc: loc.clone(),
                },
            )?;
        }
        Statement::CreateTable(ct) => create_table(&ct, &cx, b)?,
        Statement::CreateIndex(ci) => create_index(&ci, &cx, b)?,
        Statement::AlterTable(sqlparser::ast::AlterTable {
            name,
            if_exists: _,
            only: _,
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
            let name = qual(&name, loc)?;
            for op in &operations {
                alter_table_op(op, &name, &cx, b)?;
            }
        }
        Statement::AlterType(sqlparser::ast::AlterType {
            name,
            operation: AlterTypeOperation::AddValue(add),
        }) => {
            let q = qual(&name, loc)?;
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
        } => comment_on(object_type, &object_name, comment, loc, b)?,
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

/// Narrow rewrites for valid PostgreSQL that sqlparser does not accept.
/// Narrow rewrites for valid PostgreSQL that sqlparser does not accept:
/// `ADD GENERATED … AS IDENTITY (SEQUENCE NAME x …)` loses the option,
/// whose name is returned to be checked ([`identity_options`]).
fn rewrite(text: &str) -> (String, Option<String>) {
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
    ParseError::new(
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
    ParseError::new(src.loc(at), format!("cannot parse SQL: {clean}"))
}

pub(crate) fn ident(i: &Ident) -> String {
    if i.quote_style.is_some() {
        i.value.clone()
    } else {
        i.value.to_lowercase()
    }
}

fn object_parts(n: &ObjectName) -> Vec<String> {
    n.0.iter()
        .map(|p| match p.as_ident() {
            Some(i) => ident(i),
            None => p.to_string(),
        })
        .collect()
}

fn qual(n: &ObjectName, loc: &Loc) -> Result<QualName> {
    match object_parts(n).as_slice() {
        [name] => Ok(QualName::new("public", name.clone())),
        [schema, name] => Ok(QualName::new(schema.clone(), name.clone())),
        _ => Err(ParseError::new(
            loc.clone(),
            format!("`{n}` is not a schema-qualified name"),
        )),
    }
}

fn fk_action(a: &Option<ReferentialAction>) -> FkAction {
    match a {
        None | Some(ReferentialAction::NoAction) => FkAction::NoAction,
        Some(ReferentialAction::Restrict) => FkAction::Restrict,
        Some(ReferentialAction::Cascade) => FkAction::Cascade,
        Some(ReferentialAction::SetNull) => FkAction::SetNull,
        Some(ReferentialAction::SetDefault) => FkAction::SetDefault,
    }
}

fn alter_table_op(
    op: &AlterTableOperation,
    name: &QualName,
    cx: &Cx,
    b: &mut Builder,
) -> Result<()> {
    let loc = cx.loc;
    match op {
        AlterTableOperation::AddConstraint {
            constraint,
            not_valid,
        } => {
            if *not_valid {
                return Err(cx.refuse("not", "a NOT VALID constraint in the desired state"));
            }
            let c = match constraint {
                TableConstraint::PrimaryKeyUsingIndex(u) | TableConstraint::UniqueUsingIndex(u) => {
                    let primary = matches!(constraint, TableConstraint::PrimaryKeyUsingIndex(_));
                    constraint_using_index(u, primary, name, cx, b)?
                }
                other => table_constraint(other, cx)?,
            };
            if let Some(n) = &c.name {
                check_name(n, "constraint", loc)?;
            }
            b.table_mut(name, loc)?.constraints.push(c);
        }
        AlterTableOperation::AddColumn {
            column_keyword: _,
            if_not_exists: _,
            column_def,
            column_position,
        } => {
            if column_position.is_some() {
                return Err(cx.refuse("first", "a column position (FIRST / AFTER)"));
            }
            let (c, cons) = column(column_def, name, cx)?;
            check_name(&c.name, "column", loc)?;
            for n in cons.iter().filter_map(|c| c.name.as_ref()) {
                check_name(n, "constraint", loc)?;
            }
            let t = b.table_mut(name, loc)?;
            if t.columns.contains_key(&c.name) {
                return Err(ParseError::new(
                    loc.clone(),
                    format!("column {} is defined twice", quote_ident(&c.name)),
                ));
            }
            t.columns.insert(c.name.clone(), c);
            t.constraints.extend(cons);
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let col = ident(column_name);
            let t = b.table_mut(name, loc)?;
            let c = t.columns.get_mut(&col).ok_or_else(|| {
                ParseError::new(
                    loc.clone(),
                    format!("column {} of {name} is not defined", quote_ident(&col)),
                )
            })?;
            match op {
                AlterColumnOperation::SetNotNull => c.not_null = true,
                AlterColumnOperation::DropNotNull => c.not_null = false,
                AlterColumnOperation::SetDefault { value } => {
                    c.default = Some(RawDefault::Expr(Box::new(value.clone())));
                }
                AlterColumnOperation::DropDefault => c.default = None,
                AlterColumnOperation::AddGenerated {
                    generated_as,
                    sequence_options,
                } => {
                    c.identity = Some(match generated_as {
                        Some(GeneratedAs::Always) => Identity::Always,
                        _ => Identity::ByDefault,
                    });
                    c.identity_options =
                        identity_options(sequence_options.as_deref(), &c.ty, (name, &col), cx)?;
                }
                other => return Err(unsupported(loc, &format!("`ALTER COLUMN … {other}`"))),
            }
        }
        AlterTableOperation::OwnerTo { .. } => {}
        other => return Err(unsupported(loc, &format!("`ALTER TABLE … {other}`"))),
    }
    Ok(())
}

/// `ADD CONSTRAINT name PRIMARY KEY | UNIQUE USING INDEX index`: the index,
/// defined earlier, becomes the constraint's (and takes its name).
fn constraint_using_index(
    u: &ConstraintUsingIndex,
    primary: bool,
    table: &QualName,
    cx: &Cx,
    b: &mut Builder,
) -> Result<RawConstraint> {
    let ConstraintUsingIndex {
        name,
        index_name,
        characteristics: ch,
    } = u;
    let index = ident(index_name);
    let at = b
        .indexes
        .iter()
        .position(|i| i.table == *table && i.name.as_deref() == Some(index.as_str()))
        .ok_or_else(|| {
            ParseError::new(
                cx.at("using"),
                format!(
                    "index {} on {table} is not defined before this statement",
                    quote_ident(&index)
                ),
            )
        })?;
    let i = &b.indexes[at];
    let plain = i.unique
        && i.method == "btree"
        && i.predicate.is_none()
        && i.include.is_empty()
        && i.with.is_empty()
        && i.keys.iter().all(|k| {
            matches!(k.target, RawKeyTarget::Column(_))
                && k.opclass.is_none()
                && k.collation.is_none()
                && !k.descending
                && k.nulls_first.is_none()
        });
    if !plain {
        return Err(ParseError::new(
            cx.at("using"),
            format!(
                "index {} cannot back a constraint: it must be a plain unique btree index on columns",
                quote_ident(&index)
            ),
        ));
    }
    let i = b.indexes.remove(at);
    let columns = i
        .keys
        .into_iter()
        .filter_map(|k| match k.target {
            RawKeyTarget::Column(c) => Some(c),
            RawKeyTarget::Expr(_) => None,
        })
        .collect();
    let (deferrable, initially_deferred) = characteristics(ch, cx)?;
    Ok(RawConstraint {
        name: Some(name.as_ref().map_or(index, ident)),
        kind: if primary {
            RawKind::PrimaryKey(columns)
        } else {
            RawKind::Unique(columns, i.nulls_not_distinct)
        },
        deferrable,
        initially_deferred,
        loc: cx.loc.clone(),
    })
}

fn apply_sequence_options(
    seq: &mut Sequence,
    owned_by: &mut Option<(QualName, String)>,
    opts: &[SequenceOptions],
    loc: &Loc,
) -> Result<()> {
    let num = |e: &Expr| -> Result<i64> {
        let s = e.to_string().replace(' ', "");
        s.parse::<i64>().map_err(|_| {
            ParseError::new(
                loc.clone(),
                format!("sequence option `{e}` is not a number"),
            )
        })
    };
    let mut written = WrittenSequenceOptions::default();
    for o in opts {
        match o {
            SequenceOptions::DataType(dt) => match canonical_type(&dt.to_string()) {
                Ok(TypeName::Builtin(t))
                    if matches!(t.as_str(), "smallint" | "integer" | "bigint") =>
                {
                    seq.data_type = t;
                }
                _ => {
                    return Err(ParseError::new(
                        loc.clone(),
                        format!("sequence type must be smallint, integer or bigint, not {dt}"),
                    ))
                }
            },
            SequenceOptions::IncrementBy(e, _) => written.increment = Some(num(e)?),
            SequenceOptions::MinValue(e) => written.min_value = e.as_ref().map(num).transpose()?,
            SequenceOptions::MaxValue(e) => written.max_value = e.as_ref().map(num).transpose()?,
            SequenceOptions::StartWith(e, _) => written.start = Some(num(e)?),
            SequenceOptions::Cache(e) => written.cache = Some(num(e)?),
            SequenceOptions::Cycle(no) => written.cycle = !*no,
            SequenceOptions::OwnedBy(Some(n)) => {
                let parts = object_parts(n);
                let (table, col) = owned_target(&parts, loc)?;
                *owned_by = Some((table, col));
            }
            SequenceOptions::OwnedBy(None) => *owned_by = None,
        }
    }
    let data_type = seq.data_type.clone();
    seq.set_options(&written.resolve(&data_type));
    Ok(())
}

fn owned_target(parts: &[String], loc: &Loc) -> Result<(QualName, String)> {
    match parts {
        [t, c] => Ok((QualName::new("public", t.clone()), c.clone())),
        [s, t, c] => Ok((QualName::new(s.clone(), t.clone()), c.clone())),
        _ => Err(ParseError::new(loc.clone(), "OWNED BY needs table.column")),
    }
}

/// `ALTER SEQUENCE name OWNED BY table.column | NONE`, which sqlparser does
/// not parse; other forms are refused.
fn alter_sequence(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let w: Vec<&str> = text.split_whitespace().collect();
    let lw: Vec<String> = w.iter().map(|x| x.to_ascii_lowercase()).collect();
    if w.len() == 5 && lw[3] == "owned" && lw[4].starts_with("by")
        || (w.len() == 6 && lw[3] == "owned" && lw[4] == "by")
    {
        let target = w[w.len() - 1];
        let name = parse_name(w[2], loc)?;
        let seq = b.sequences.get_mut(&name).ok_or_else(|| {
            ParseError::new(loc.clone(), format!("sequence {name} is not defined"))
        })?;
        if target.eq_ignore_ascii_case("none") {
            seq.owned_by = None;
        } else {
            let parts = split_dotted(target, loc)?;
            seq.owned_by = Some(owned_target(&parts, loc)?);
        }
        return Ok(());
    }
    Err(unsupported(loc, "`ALTER SEQUENCE` other than `OWNED BY`"))
}

fn split_dotted(s: &str, loc: &Loc) -> Result<Vec<String>> {
    let mut parser = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(s)
        .map_err(|e| ParseError::new(loc.clone(), e.to_string()))?;
    let n = parser
        .parse_object_name(false)
        .map_err(|e| ParseError::new(loc.clone(), format!("`{s}` is not a name: {e}")))?;
    Ok(object_parts(&n))
}

fn parse_name(s: &str, loc: &Loc) -> Result<QualName> {
    match split_dotted(s, loc)?.as_slice() {
        [n] => Ok(QualName::new("public", n.clone())),
        [sc, n] => Ok(QualName::new(sc.clone(), n.clone())),
        _ => Err(ParseError::new(loc.clone(), format!("`{s}` is not a name"))),
    }
}

fn comment_on(
    object_type: CommentObject,
    name: &ObjectName,
    comment: Option<String>,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let parts = object_parts(name);
    match object_type {
        CommentObject::Table => {
            let q = qual(name, loc)?;
            b.table_mut(&q, loc)?.comment = comment;
        }
        CommentObject::Column => {
            let (t, c) = owned_target(&parts, loc)?;
            let table = b.table_mut(&t, loc)?;
            let col = table.columns.get_mut(&c).ok_or_else(|| {
                ParseError::new(
                    loc.clone(),
                    format!("column {} of {t} is not defined", quote_ident(&c)),
                )
            })?;
            col.comment = comment;
        }
        CommentObject::Schema => {
            let n = parts.last().cloned().unwrap_or_default();
            if n == "public" {
                return Err(unsupported(loc, "a comment on schema public"));
            }
            b.schemas
                .get_mut(&n)
                .ok_or_else(|| {
                    ParseError::new(
                        loc.clone(),
                        format!("schema {} is not defined", quote_ident(&n)),
                    )
                })?
                .comment = comment;
        }
        CommentObject::Type => {
            let q = qual(name, loc)?;
            b.enums
                .get_mut(&q)
                .ok_or_else(|| ParseError::new(loc.clone(), format!("type {q} is not defined")))?
                .comment = comment;
        }
        CommentObject::Index => {
            b.late_comments
                .push(LateComment::Index(qual(name, loc)?, comment, loc.clone()))
        }
        CommentObject::Sequence => b.late_comments.push(LateComment::Sequence(
            qual(name, loc)?,
            comment,
            loc.clone(),
        )),
        CommentObject::Extension => {}
        other => return Err(unsupported(loc, &format!("COMMENT ON {other:?}"))),
    }
    Ok(())
}

/// `COMMENT ON CONSTRAINT name ON table IS …`, which sqlparser does not parse.
fn comment_on_constraint(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let lower = text.to_ascii_lowercase();
    let bad = || {
        ParseError::new(
            loc.clone(),
            "expected COMMENT ON CONSTRAINT name ON table IS 'text'",
        )
    };
    // After the words COMMENT ON CONSTRAINT, however they are spaced.
    let start = lower.find("constraint").ok_or_else(bad)? + "constraint".len();
    let on = lower[start..]
        .find(" on ")
        .map(|i| i + start)
        .ok_or_else(bad)?;
    let is = lower.rfind(" is ").ok_or_else(bad)?;
    if is < on + 4 {
        return Err(bad());
    }
    let name = split_dotted(text[start..on].trim(), loc)?
        .pop()
        .ok_or_else(bad)?;
    let table = parse_name(text[on + 4..is].trim(), loc)?;
    let value = text[is + 4..].trim();
    let comment = if value.eq_ignore_ascii_case("null") {
        None
    } else {
        let e = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(value)
            .and_then(|mut p| p.parse_expr())
            .map_err(|_| bad())?;
        match e {
            Expr::Value(v) => match v.value {
                sqlparser::ast::Value::SingleQuotedString(s)
                | sqlparser::ast::Value::EscapedStringLiteral(s) => Some(s),
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        }
    };
    b.late_comments
        .push(LateComment::Constraint(table, name, comment, loc.clone()));
    Ok(())
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
}

impl Cx<'_> {
    /// Where `keyword` (any case, a whole word) first appears in the
    /// statement, or the statement's start.
    pub fn at(&self, keyword: &str) -> Loc {
        let lower = self.text.to_ascii_lowercase();
        let kw = keyword.to_ascii_lowercase();
        let is_word = |b: Option<&u8>| b.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
        let mut from = 0;
        while let Some(i) = lower[from..].find(&kw) {
            let at = from + i;
            let end = at + kw.len();
            if !is_word(lower.as_bytes().get(at.wrapping_sub(1)).filter(|_| at > 0))
                && !is_word(lower.as_bytes().get(end))
            {
                return self.src.loc(self.offset + at);
            }
            from = at + 1;
        }
        self.loc.clone()
    }

    /// An error at `keyword` saying the clause is not modelled.
    pub fn refuse(&self, keyword: &str, what: &str) -> ParseError {
        ParseError::new(
            self.at(keyword),
            format!("schemadiff cannot model {what} yet; remove it from the desired-state file or manage it outside schemadiff"),
        )
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

fn create_table(ct: &CreateTable, cx: &Cx, b: &mut Builder) -> Result<()> {
    let CreateTable {
        or_replace,
        temporary,
        unlogged,
        external,
        dynamic,
        global,
        if_not_exists: _,
        transient,
        volatile,
        iceberg,
        snapshot,
        name,
        columns,
        constraints,
        hive_distribution,
        hive_formats,
        table_options,
        file_format,
        location,
        query,
        sqlite_table_options,
        like,
        clone,
        version,
        comment,
        on_commit,
        on_cluster,
        primary_key,
        order_by,
        partition_by,
        cluster_by,
        clustered_by,
        inherits,
        partition_of,
        for_values,
        copy_grants,
        enable_schema_evolution,
        change_tracking,
        data_retention_time_in_days,
        max_data_extension_time_in_days,
        default_ddl_collation,
        with_aggregation_policy,
        with_row_access_policy,
        with_storage_lifecycle_policy,
        with_tags,
        external_volume,
        with_connection,
        base_location,
        catalog,
        catalog_sync,
        storage_serialization_policy,
        target_lag,
        warehouse,
        refresh_mode,
        initialize,
        require_user,
        diststyle,
        distkey,
        sortkey,
        backup,
        multiset,
        fallback,
        with_data,
    } = ct;
    cx.refuse_any(&[
        (*or_replace, "replace", "CREATE OR REPLACE TABLE"),
        (*temporary || global.is_some(), "temp", "a temporary table"),
        (*unlogged, "unlogged", "an UNLOGGED table"),
        (
            partition_by.is_some(),
            "partition",
            "a partitioned table (PARTITION BY)",
        ),
        (
            partition_of.is_some() || for_values.is_some(),
            "partition",
            "a partition (PARTITION OF … FOR VALUES)",
        ),
        (
            inherits.is_some(),
            "inherits",
            "table inheritance (INHERITS)",
        ),
        (like.is_some(), "like", "CREATE TABLE … (LIKE …)"),
        (
            query.is_some() || with_data.is_some(),
            "as",
            "CREATE TABLE … AS",
        ),
        (
            *table_options != CreateTableOptions::None,
            "with",
            "table options (WITH (…), TABLESPACE, USING)",
        ),
        (on_commit.is_some(), "on", "ON COMMIT"),
        (comment.is_some(), "comment", "an inline table comment"),
        (
            *external
                || *dynamic
                || *transient
                || *volatile
                || *iceberg
                || *snapshot
                || *copy_grants
                || *require_user
                || *hive_distribution != HiveDistributionStyle::NONE
                || hive_formats.is_some()
                || file_format.is_some()
                || location.is_some()
                || !sqlite_table_options.options.is_empty()
                || clone.is_some()
                || version.is_some()
                || on_cluster.is_some()
                || primary_key.is_some()
                || order_by.is_some()
                || cluster_by.is_some()
                || clustered_by.is_some()
                || enable_schema_evolution.is_some()
                || change_tracking.is_some()
                || data_retention_time_in_days.is_some()
                || max_data_extension_time_in_days.is_some()
                || default_ddl_collation.is_some()
                || with_aggregation_policy.is_some()
                || with_row_access_policy.is_some()
                || with_storage_lifecycle_policy.is_some()
                || with_tags.is_some()
                || external_volume.is_some()
                || with_connection.is_some()
                || base_location.is_some()
                || catalog.is_some()
                || catalog_sync.is_some()
                || storage_serialization_policy.is_some()
                || target_lag.is_some()
                || warehouse.is_some()
                || refresh_mode.is_some()
                || initialize.is_some()
                || diststyle.is_some()
                || distkey.is_some()
                || sortkey.is_some()
                || backup.is_some()
                || multiset.is_some()
                || fallback.is_some(),
            "table",
            "a CREATE TABLE clause that PostgreSQL does not have",
        ),
    ])?;
    let tname = qual(name, cx.loc)?;
    let mut table = RawTable {
        name: tname.clone(),
        columns: Default::default(),
        constraints: vec![],
        comment: None,
        loc: cx.loc.clone(),
    };
    for col in columns {
        let (c, cons) = column(col, &tname, cx)?;
        if table.columns.contains_key(&c.name) {
            return Err(ParseError::new(
                cx.at(&col.name.value),
                format!("column {} is defined twice", quote_ident(&c.name)),
            ));
        }
        table.columns.insert(c.name.clone(), c);
        table.constraints.extend(cons);
    }
    for tc in constraints {
        table.constraints.push(table_constraint(tc, cx)?);
    }
    b.add_table(table)
}

fn characteristics(c: &Option<ConstraintCharacteristics>, cx: &Cx) -> Result<(bool, bool)> {
    match c {
        None => Ok((false, false)),
        Some(ConstraintCharacteristics {
            deferrable,
            initially,
            enforced,
        }) => {
            if *enforced == Some(false) {
                return Err(cx.refuse("enforced", "a NOT ENFORCED constraint"));
            }
            let deferred = matches!(initially, Some(DeferrableInitial::Deferred));
            Ok((deferrable.unwrap_or(false) || deferred, deferred))
        }
    }
}

/// The parts of `PRIMARY KEY` / `UNIQUE` that only other databases have,
/// and the index options PostgreSQL does (not modelled yet).
fn refuse_key_extras(
    index_name: &Option<Ident>,
    index_type: &Option<IndexType>,
    index_options: &[IndexOption],
    cx: &Cx,
) -> Result<()> {
    cx.refuse_any(&[
        (
            index_name.is_some(),
            "key",
            "an index name inside a key constraint",
        ),
        (
            index_type.is_some(),
            "using",
            "an index method inside a key constraint",
        ),
        (
            !index_options.is_empty(),
            "with",
            "index options on a key constraint (WITH, USING INDEX TABLESPACE)",
        ),
    ])
}

fn primary_key(pk: &PrimaryKeyConstraint, cx: &Cx) -> Result<RawConstraint> {
    let PrimaryKeyConstraint {
        name,
        index_name,
        index_type,
        columns,
        include,
        index_options,
        characteristics: ch,
    } = pk;
    refuse_key_extras(index_name, index_type, index_options, cx)?;
    cx.refuse_any(&[(!include.is_empty(), "include", "INCLUDE on a primary key")])?;
    let (deferrable, initially_deferred) = characteristics(ch, cx)?;
    Ok(RawConstraint {
        name: name.as_ref().map(ident),
        kind: RawKind::PrimaryKey(index_columns(columns, cx)?),
        deferrable,
        initially_deferred,
        loc: cx.loc.clone(),
    })
}

fn unique(u: &UniqueConstraint, cx: &Cx) -> Result<RawConstraint> {
    let UniqueConstraint {
        name,
        index_name,
        index_type_display,
        index_type,
        columns,
        include,
        index_options,
        characteristics: ch,
        nulls_distinct,
    } = u;
    refuse_key_extras(index_name, index_type, index_options, cx)?;
    cx.refuse_any(&[
        (
            *index_type_display != KeyOrIndexDisplay::None,
            "key",
            "UNIQUE KEY / UNIQUE INDEX",
        ),
        (
            !include.is_empty(),
            "include",
            "INCLUDE on a unique constraint",
        ),
    ])?;
    let (deferrable, initially_deferred) = characteristics(ch, cx)?;
    Ok(RawConstraint {
        name: name.as_ref().map(ident),
        kind: RawKind::Unique(
            index_columns(columns, cx)?,
            matches!(nulls_distinct, NullsDistinctOption::NotDistinct),
        ),
        deferrable,
        initially_deferred,
        loc: cx.loc.clone(),
    })
}

fn foreign_key(
    fk: &ForeignKeyConstraint,
    own_column: Option<&str>,
    cx: &Cx,
) -> Result<RawConstraint> {
    let ForeignKeyConstraint {
        name,
        index_name,
        columns,
        foreign_table,
        referred_columns,
        on_delete,
        on_update,
        match_kind,
        characteristics: ch,
    } = fk;
    cx.refuse_any(&[
        (
            index_name.is_some(),
            "foreign",
            "an index name on a foreign key",
        ),
        (
            matches!(match_kind, Some(ConstraintReferenceMatchKind::Partial)),
            "partial",
            "MATCH PARTIAL",
        ),
    ])?;
    let (deferrable, initially_deferred) = characteristics(ch, cx)?;
    let columns = match own_column {
        Some(c) => vec![c.to_string()],
        None => columns.iter().map(ident).collect(),
    };
    Ok(RawConstraint {
        name: name.as_ref().map(ident),
        kind: RawKind::ForeignKey {
            columns,
            ref_table: qual(foreign_table, cx.loc)?,
            ref_columns: referred_columns.iter().map(ident).collect(),
            on_delete: fk_action(on_delete),
            on_update: fk_action(on_update),
            match_full: matches!(match_kind, Some(ConstraintReferenceMatchKind::Full)),
        },
        deferrable,
        initially_deferred,
        loc: cx.loc.clone(),
    })
}

fn check(c: &CheckConstraint, cx: &Cx) -> Result<RawConstraint> {
    let CheckConstraint {
        name,
        expr,
        no_inherit,
        enforced,
    } = c;
    if *enforced == Some(false) {
        return Err(cx.refuse("enforced", "a NOT ENFORCED check"));
    }
    Ok(RawConstraint {
        name: name.as_ref().map(ident),
        kind: RawKind::Check(expr.clone(), *no_inherit),
        deferrable: false,
        initially_deferred: false,
        loc: cx.loc.clone(),
    })
}

fn index_columns(cols: &[IndexColumn], cx: &Cx) -> Result<Vec<String>> {
    cols.iter()
        .map(|c| match index_key(c, cx)? {
            RawKey {
                target: RawKeyTarget::Column(name),
                opclass: None,
                collation: None,
                descending: false,
                nulls_first: None,
            } => Ok(name),
            _ => Err(ParseError::new(
                cx.loc.clone(),
                format!("constraint key `{c}` must be a plain column"),
            )),
        })
        .collect()
}

fn table_constraint(tc: &TableConstraint, cx: &Cx) -> Result<RawConstraint> {
    match tc {
        TableConstraint::PrimaryKey(pk) => primary_key(pk, cx),
        TableConstraint::Unique(u) => unique(u, cx),
        TableConstraint::Check(c) => check(c, cx),
        TableConstraint::ForeignKey(fk) => foreign_key(fk, None, cx),
        TableConstraint::Exclude(_) => Err(cx.refuse("exclude", "an exclusion constraint")),
        TableConstraint::PrimaryKeyUsingIndex(_) | TableConstraint::UniqueUsingIndex(_) => Err(cx
            .refuse(
                "using",
                "`… USING INDEX` outside `ALTER TABLE … ADD CONSTRAINT`",
            )),
        TableConstraint::Index(_) | TableConstraint::FulltextOrSpatial(_) => Err(cx.refuse(
            "index",
            &format!("the constraint `{tc}`, which PostgreSQL does not have,"),
        )),
    }
}

fn column_type(written: &str, loc: &Loc) -> Result<TypeName> {
    canonical_type(written).map_err(|m| ParseError::new(loc.clone(), m))
}

fn column(col: &ColumnDef, table: &QualName, cx: &Cx) -> Result<(RawColumn, Vec<RawConstraint>)> {
    let ColumnDef {
        name: col_ident,
        data_type,
        options,
    } = col;
    let name = ident(col_ident);
    let loc = cx.loc;
    let written = data_type.to_string();
    let ty = column_type(&written, loc)?;
    let mut c = RawColumn::new(name.clone(), ty, written, loc.clone());
    let mut cons = Vec::new();
    for ColumnOptionDef {
        name: cname,
        option,
    } in options
    {
        let named = |mut rc: RawConstraint| {
            if let Some(n) = cname {
                rc.name = Some(ident(n));
            }
            rc
        };
        match option {
            ColumnOption::Null | ColumnOption::NotNull if cname.is_some() => {
                return Err(cx.refuse("constraint", "a named NULL / NOT NULL constraint"))
            }
            ColumnOption::Null => c.not_null = false,
            ColumnOption::NotNull => c.not_null = true,
            ColumnOption::Default(e) => c.default = Some(RawDefault::Expr(Box::new(e.clone()))),
            ColumnOption::PrimaryKey(pk) => {
                let mut rc = named(primary_key(pk, cx)?);
                rc.kind = RawKind::PrimaryKey(vec![name.clone()]);
                cons.push(rc);
            }
            ColumnOption::Unique(u) => {
                let mut rc = named(unique(u, cx)?);
                if let RawKind::Unique(cols, _) = &mut rc.kind {
                    *cols = vec![name.clone()];
                }
                cons.push(rc);
            }
            ColumnOption::ForeignKey(fk) => cons.push(named(foreign_key(fk, Some(&name), cx)?)),
            ColumnOption::Check(ch) => cons.push(named(check(ch, cx)?)),
            ColumnOption::Collation(n) => c.collation = Some(collation_name(n)),
            ColumnOption::Generated {
                generated_as,
                sequence_options,
                generation_expr,
                generation_expr_mode,
                generated_keyword: _,
            } => match (generated_as, generation_expr) {
                (GeneratedAs::Always | GeneratedAs::ByDefault, None) => {
                    c.identity = Some(match generated_as {
                        GeneratedAs::Always => Identity::Always,
                        _ => Identity::ByDefault,
                    });
                    c.identity_options =
                        identity_options(sequence_options.as_deref(), &c.ty, (table, &name), cx)?;
                }
                (GeneratedAs::Always | GeneratedAs::ExpStored, Some(e)) => {
                    c.generated = Some(Box::new(e.clone()));
                    // PostgreSQL 18 makes a generated column virtual unless
                    // it says STORED (15 to 17 require STORED); the text
                    // said which before sqlparser saw STORED everywhere.
                    let written = cx.generated_virtual.borrow_mut().next();
                    c.generated_virtual = match (written, generation_expr_mode) {
                        (Some(v), _) => v,
                        (None, Some(GeneratedExpressionMode::Stored)) => false,
                        (None, Some(GeneratedExpressionMode::Virtual) | None) => {
                            !matches!(generated_as, GeneratedAs::ExpStored)
                        }
                    };
                }
                (GeneratedAs::ByDefault, Some(_)) | (GeneratedAs::ExpStored, None) => {
                    return Err(cx.refuse("generated", "GENERATED BY DEFAULT AS (expression)"))
                }
            },
            ColumnOption::Materialized(_)
            | ColumnOption::Ephemeral(_)
            | ColumnOption::Alias(_)
            | ColumnOption::DialectSpecific(_)
            | ColumnOption::CharacterSet(_)
            | ColumnOption::Comment(_)
            | ColumnOption::OnUpdate(_)
            | ColumnOption::Options(_)
            | ColumnOption::GenericOptions(_)
            | ColumnOption::Identity(_)
            | ColumnOption::OnConflict(_)
            | ColumnOption::Policy(_)
            | ColumnOption::Tags(_)
            | ColumnOption::Srid(_)
            | ColumnOption::Invisible => {
                return Err(ParseError::new(
                    cx.at(&col_ident.value),
                    format!(
                        "schemadiff cannot model the column option `{option}` on {table}.{}; PostgreSQL has no such option",
                        quote_ident(&name)
                    ),
                ))
            }
        }
    }
    if let TypeName::Serial(_) = c.ty {
        if c.default.is_some() || c.identity.is_some() {
            return Err(ParseError::new(
                loc.clone(),
                format!(
                    "serial column {} cannot have a default or identity",
                    quote_ident(&name)
                ),
            ));
        }
    }
    Ok((c, cons))
}

/// An identity column's sequence options, or `None` where they are the
/// defaults for the column's type.
fn identity_options(
    opts: Option<&[SequenceOptions]>,
    ty: &TypeName,
    (table, column): (&QualName, &str),
    cx: &Cx,
) -> Result<Option<Box<IdentityOptions>>> {
    // pg_dump names the sequence; only the name PostgreSQL would choose
    // (`<table>_<column>_seq`, perhaps with a number) is the same column.
    if let Some(written) = &cx.identity_sequence {
        let chosen = names::make_object_name(&table.name, Some(column), "seq");
        let same = match split_qualified(written) {
            Ok((schema, name)) => {
                schema.is_none_or(|s| s == table.schema)
                    && name
                        .strip_prefix(&chosen)
                        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
            }
            Err(_) => false,
        };
        if !same {
            return Err(cx.refuse(
                "sequence",
                &format!(
                    "an identity sequence named other than {}",
                    quote_ident(&chosen)
                ),
            ));
        }
    }
    let Some(opts) = opts.filter(|o| !o.is_empty()) else {
        return Ok(None);
    };
    let data_type = match ty {
        TypeName::Builtin(t) if matches!(t.as_str(), "smallint" | "integer" | "bigint") => t,
        _ => {
            return Err(ParseError::new(
                cx.at("identity"),
                "an identity column must be smallint, integer or bigint",
            ))
        }
    };
    let mut seq = Sequence::with_defaults(QualName::new("", ""), data_type);
    let mut owned_by = None;
    apply_sequence_options(&mut seq, &mut owned_by, opts, cx.loc)?;
    if seq.data_type != *data_type || owned_by.is_some() {
        return Err(cx.refuse(
            "identity",
            "an identity sequence of another type than its column, or with OWNED BY,",
        ));
    }
    Ok(seq.options().unless_default(data_type))
}

fn create_index(ci: &CreateIndex, cx: &Cx, b: &mut Builder) -> Result<()> {
    let CreateIndex {
        name,
        table_name,
        using,
        columns,
        unique,
        concurrently: _,
        if_not_exists: _,
        include,
        nulls_distinct,
        with,
        predicate,
        index_options,
        alter_options,
        r#async,
    } = ci;
    cx.refuse_any(&[(
        !index_options.is_empty() || !alter_options.is_empty() || *r#async,
        "index",
        "index options that PostgreSQL does not have",
    )])?;
    let table = qual(table_name, cx.loc)?;
    let name = name
        .as_ref()
        .map(|n| object_parts(n).pop().unwrap_or_default());
    let keys = columns
        .iter()
        .map(|k| index_key(k, cx))
        .collect::<Result<Vec<_>>>()?;
    b.add_index(RawIndex {
        name,
        table,
        unique: *unique,
        method: using
            .as_ref()
            .map(|u| u.to_string().to_lowercase())
            .unwrap_or_else(|| "btree".into()),
        keys,
        include: include.iter().map(ident).collect(),
        predicate: predicate.clone().map(Box::new),
        nulls_not_distinct: *nulls_distinct == Some(false),
        with: storage_parameters(with, cx)?,
        comment: None,
        loc: cx.loc.clone(),
    })?;
    Ok(())
}

/// `WITH (fillfactor = 70, fastupdate)` as the catalog keeps it:
/// `fillfactor=70`, `fastupdate=true`.
fn storage_parameters(with: &[Expr], cx: &Cx) -> Result<Vec<String>> {
    with.iter()
        .map(|e| {
            let (key, value) = match e {
                Expr::BinaryOp {
                    left,
                    op: BinaryOperator::Eq,
                    right,
                } => (left.as_ref(), Some(right.as_ref())),
                other => (other, None),
            };
            let key = match key {
                Expr::Identifier(i) => ident(i),
                _ => {
                    return Err(ParseError::new(
                        cx.at("with"),
                        format!("`{e}` is not a storage parameter"),
                    ))
                }
            };
            let value = match value {
                None => "true".to_string(),
                Some(Expr::Value(v)) => match &v.value {
                    Value::Number(n, _) => n.clone(),
                    Value::SingleQuotedString(s) => s.clone(),
                    Value::Boolean(b) => b.to_string(),
                    _ => {
                        return Err(ParseError::new(
                            cx.at("with"),
                            format!("`{e}` is not a storage parameter"),
                        ))
                    }
                },
                Some(Expr::Identifier(i)) => ident(i),
                Some(Expr::UnaryOp {
                    op: UnaryOperator::Minus,
                    expr,
                }) => format!("-{expr}"),
                Some(_) => {
                    return Err(ParseError::new(
                        cx.at("with"),
                        format!("`{e}` is not a storage parameter"),
                    ))
                }
            };
            Ok(format!("{key}={value}"))
        })
        .collect()
}

/// A collation as the catalog reads print it: `pg_catalog."C"` (pg_dump's
/// spelling) is `C`.
fn collation_name(n: &ObjectName) -> String {
    let mut parts = object_parts(n);
    if parts.len() == 2 && parts[0] == "pg_catalog" {
        parts.remove(0);
    }
    parts.join(".")
}

fn index_key(ic: &IndexColumn, cx: &Cx) -> Result<RawKey> {
    let IndexColumn {
        column:
            OrderByExpr {
                expr,
                options: OrderByOptions { sort, nulls_first },
                with_fill,
            },
        operator_class,
    } = ic;
    if with_fill.is_some() {
        return Err(cx.refuse("fill", "WITH FILL, which PostgreSQL does not have,"));
    }
    // `col COLLATE "C"` is a key with a collation, not an expression.
    let (expr, collation) = match expr {
        Expr::Collate { expr, collation } => (&**expr, Some(collation_name(collation))),
        e => (e, None),
    };
    let target = match expr {
        Expr::Identifier(i) => RawKeyTarget::Column(ident(i)),
        Expr::Nested(inner) if matches!(&**inner, Expr::Identifier(_)) => match &**inner {
            Expr::Identifier(i) => RawKeyTarget::Column(ident(i)),
            _ => RawKeyTarget::Expr(inner.clone()),
        },
        e => RawKeyTarget::Expr(Box::new(e.clone())),
    };
    Ok(RawKey {
        target,
        opclass: operator_class.as_ref().map(|o| object_parts(o).join(".")),
        collation,
        descending: matches!(sort, Some(sqlparser::ast::OrderBySort::Desc)),
        nulls_first: *nulls_first,
    })
}
