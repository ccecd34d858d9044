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
    ColumnOption, CommentObject, ConstraintReferenceMatchKind, DeferrableInitial, Expr,
    GeneratedAs, Ident, IndexColumn, NullsDistinctOption, ObjectName, ReferentialAction,
    SequenceOptions, Statement, TableConstraint, UserDefinedTypeRepresentation,
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
            .map(|o| o.split_whitespace().next().unwrap_or(""))
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
                    let first = code.split_whitespace().next().unwrap_or("");
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
    let rewritten = rewrite(text);
    let parsed = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(&rewritten)
        .and_then(|mut p| p.parse_statement());
    let statement = match parsed {
        Ok(s) => s,
        Err(e) => return Err(sqlparser_error(&e.to_string(), text, offset, src)),
    };
    match statement {
        Statement::CreateSchema { schema_name, .. } => {
            let name = match schema_name {
                sqlparser::ast::SchemaName::Simple(n)
                | sqlparser::ast::SchemaName::NamedAuthorization(n, _) => {
                    object_parts(&n).pop().unwrap_or_default()
                }
                sqlparser::ast::SchemaName::UnnamedAuthorization(i) => ident(&i),
            };
            if name != "public" {
                b.schemas.entry(name).or_default();
            }
        }
        Statement::CreateExtension(ext) => {
            let name = ident(&ext.name);
            b.extensions.insert(
                name.clone(),
                Extension {
                    name,
                    // `public` is where an unqualified CREATE EXTENSION lands too.
                    schema: ext.schema.as_ref().map(ident).filter(|s| s != "public"),
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
            let mut seen = std::collections::BTreeSet::new();
            if let Some(d) = values.iter().find(|v| !seen.insert(*v)) {
                return Err(ParseError::new(
                    loc.clone(),
                    format!("enum {q} lists value '{d}' twice"),
                ));
            }
            if b.enums.contains_key(&q) {
                return Err(ParseError::new(
                    loc.clone(),
                    format!("type {q} is defined twice"),
                ));
            }
            b.enums.insert(
                q.clone(),
                Enum {
                    name: q,
                    values,
                    comment: None,
                },
            );
        }
        Statement::CreateSequence {
            name,
            sequence_options,
            temporary: false,
            ..
        } => {
            let q = qual(&name, loc)?;
            b.check_schema(&q.schema, loc)?;
            let mut seq = Sequence::with_defaults(q.clone(), "bigint");
            let mut owned_by = None;
            apply_sequence_options(&mut seq, &mut owned_by, &sequence_options, loc)?;
            b.sequences.insert(
                q,
                RawSequence {
                    seq,
                    owned_by,
                    loc: loc.clone(),
                },
            );
        }
        Statement::CreateTable(ct) => {
            if ct.temporary || ct.query.is_some() || ct.like.is_some() {
                return Err(unsupported(
                    loc,
                    "CREATE TABLE of this form (temporary, AS or LIKE)",
                ));
            }
            let name = qual(&ct.name, loc)?;
            let mut table = RawTable {
                name: name.clone(),
                columns: Default::default(),
                constraints: vec![],
                comment: None,
                loc: loc.clone(),
            };
            for col in &ct.columns {
                let (c, cons) = column(col, &name, loc)?;
                if table.columns.contains_key(&c.name) {
                    return Err(ParseError::new(
                        loc.clone(),
                        format!("column {} is defined twice", quote_ident(&c.name)),
                    ));
                }
                table.columns.insert(c.name.clone(), c);
                table.constraints.extend(cons);
            }
            for tc in &ct.constraints {
                table.constraints.push(table_constraint(tc, loc)?);
            }
            b.add_table(table)?;
        }
        Statement::CreateIndex(ci) => {
            let table = qual(&ci.table_name, loc)?;
            let name = ci
                .name
                .as_ref()
                .map(|n| object_parts(n).pop().unwrap_or_default());
            let keys = ci.columns.iter().map(index_key).collect::<Vec<_>>();
            b.indexes.push(RawIndex {
                name,
                table,
                unique: ci.unique,
                method: ci
                    .using
                    .as_ref()
                    .map(|u| u.to_string().to_lowercase())
                    .unwrap_or_else(|| "btree".into()),
                keys,
                include: ci.include.iter().map(ident).collect(),
                predicate: ci.predicate.clone().map(Box::new),
                nulls_not_distinct: ci.nulls_distinct == Some(false),
                comment: None,
                loc: loc.clone(),
            });
        }
        Statement::AlterTable(at) => {
            let name = qual(&at.name, loc)?;
            for op in &at.operations {
                alter_table_op(op, &name, loc, b)?;
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
            ..
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
fn rewrite(text: &str) -> String {
    // `ADD GENERATED … AS IDENTITY (SEQUENCE NAME x …)`: the identity
    // sequence's name is PostgreSQL's own choice; drop the option.
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.find("sequence name ") {
        let rest = &text[at + "sequence name ".len()..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ')')
            .unwrap_or(rest.len());
        return format!("{}{}", &text[..at], &rest[end..]);
    }
    text.to_string()
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

fn characteristics(c: &Option<sqlparser::ast::ConstraintCharacteristics>) -> (bool, bool) {
    match c {
        None => (false, false),
        Some(c) => {
            let deferred = matches!(c.initially, Some(DeferrableInitial::Deferred));
            (c.deferrable.unwrap_or(false) || deferred, deferred)
        }
    }
}

fn index_columns(cols: &[IndexColumn], loc: &Loc) -> Result<Vec<String>> {
    cols.iter()
        .map(|c| match &c.column.expr {
            Expr::Identifier(i) => Ok(ident(i)),
            other => Err(ParseError::new(
                loc.clone(),
                format!("constraint key `{other}` must be a column"),
            )),
        })
        .collect()
}

fn table_constraint(tc: &TableConstraint, loc: &Loc) -> Result<RawConstraint> {
    let named = |n: &Option<Ident>| n.as_ref().map(ident);
    Ok(match tc {
        TableConstraint::PrimaryKey(pk) => {
            let (d, i) = characteristics(&pk.characteristics);
            RawConstraint {
                name: named(&pk.name),
                kind: RawKind::PrimaryKey(index_columns(&pk.columns, loc)?),
                deferrable: d,
                initially_deferred: i,
                loc: loc.clone(),
            }
        }
        TableConstraint::Unique(u) => {
            let (d, i) = characteristics(&u.characteristics);
            RawConstraint {
                name: named(&u.name),
                kind: RawKind::Unique(
                    index_columns(&u.columns, loc)?,
                    matches!(u.nulls_distinct, NullsDistinctOption::NotDistinct),
                ),
                deferrable: d,
                initially_deferred: i,
                loc: loc.clone(),
            }
        }
        TableConstraint::Check(c) => RawConstraint {
            name: named(&c.name),
            kind: RawKind::Check(c.expr.clone(), c.no_inherit),
            deferrable: false,
            initially_deferred: false,
            loc: loc.clone(),
        },
        TableConstraint::ForeignKey(fk) => {
            let (d, i) = characteristics(&fk.characteristics);
            RawConstraint {
                name: named(&fk.name),
                kind: RawKind::ForeignKey {
                    columns: fk.columns.iter().map(ident).collect(),
                    ref_table: qual(&fk.foreign_table, loc)?,
                    ref_columns: fk.referred_columns.iter().map(ident).collect(),
                    on_delete: fk_action(&fk.on_delete),
                    on_update: fk_action(&fk.on_update),
                    match_full: matches!(fk.match_kind, Some(ConstraintReferenceMatchKind::Full)),
                },
                deferrable: d,
                initially_deferred: i,
                loc: loc.clone(),
            }
        }
        other => return Err(unsupported(loc, &format!("the constraint `{other}`"))),
    })
}

fn column_type(written: &str, loc: &Loc) -> Result<TypeName> {
    canonical_type(written).map_err(|m| ParseError::new(loc.clone(), m))
}

fn column(
    col: &sqlparser::ast::ColumnDef,
    table: &QualName,
    loc: &Loc,
) -> Result<(RawColumn, Vec<RawConstraint>)> {
    let name = ident(&col.name);
    let written = col.data_type.to_string();
    let mut c = RawColumn {
        name: name.clone(),
        ty: column_type(&written, loc)?,
        written_type: written,
        not_null: false,
        default: None,
        identity: None,
        generated: None,
        collation: None,
        comment: None,
        loc: loc.clone(),
    };
    let mut cons = Vec::new();
    for opt in &col.options {
        let cname = opt.name.as_ref().map(ident);
        let mut push = |kind: RawKind,
                        ch: &Option<sqlparser::ast::ConstraintCharacteristics>,
                        inner: &Option<Ident>| {
            let (d, i) = characteristics(ch);
            cons.push(RawConstraint {
                name: cname.clone().or_else(|| inner.as_ref().map(ident)),
                kind,
                deferrable: d,
                initially_deferred: i,
                loc: loc.clone(),
            });
        };
        match &opt.option {
            ColumnOption::Null => c.not_null = false,
            ColumnOption::NotNull => c.not_null = true,
            ColumnOption::Default(e) => c.default = Some(RawDefault::Expr(Box::new(e.clone()))),
            ColumnOption::PrimaryKey(pk) => push(
                RawKind::PrimaryKey(vec![name.clone()]),
                &pk.characteristics,
                &pk.name,
            ),
            ColumnOption::Unique(u) => push(
                RawKind::Unique(
                    vec![name.clone()],
                    matches!(u.nulls_distinct, NullsDistinctOption::NotDistinct),
                ),
                &u.characteristics,
                &u.name,
            ),
            ColumnOption::ForeignKey(fk) => push(
                RawKind::ForeignKey {
                    columns: vec![name.clone()],
                    ref_table: qual(&fk.foreign_table, loc)?,
                    ref_columns: fk.referred_columns.iter().map(ident).collect(),
                    on_delete: fk_action(&fk.on_delete),
                    on_update: fk_action(&fk.on_update),
                    match_full: matches!(fk.match_kind, Some(ConstraintReferenceMatchKind::Full)),
                },
                &fk.characteristics,
                &fk.name,
            ),
            ColumnOption::Check(ch) => {
                cons.push(RawConstraint {
                    name: cname.clone().or_else(|| ch.name.as_ref().map(ident)),
                    kind: RawKind::Check(ch.expr.clone(), ch.no_inherit),
                    deferrable: false,
                    initially_deferred: false,
                    loc: loc.clone(),
                });
            }
            ColumnOption::Collation(n) => c.collation = Some(object_parts(n).join(".")),
            ColumnOption::Generated {
                generated_as,
                generation_expr,
                ..
            } => match (generated_as, generation_expr) {
                (GeneratedAs::Always, None) => c.identity = Some(Identity::Always),
                (GeneratedAs::ByDefault, None) => c.identity = Some(Identity::ByDefault),
                (_, Some(e)) => c.generated = Some(Box::new(e.clone())),
                _ => {
                    return Err(unsupported(
                        loc,
                        &format!("the column option `{}`", opt.option),
                    ))
                }
            },
            other => {
                return Err(unsupported(
                    loc,
                    &format!(
                        "the column option `{other}` on {table}.{}",
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

fn index_key(ic: &IndexColumn) -> RawKey {
    let target = match &ic.column.expr {
        Expr::Identifier(i) => RawKeyTarget::Column(ident(i)),
        Expr::Nested(inner) if matches!(&**inner, Expr::Identifier(_)) => match &**inner {
            Expr::Identifier(i) => RawKeyTarget::Column(ident(i)),
            _ => unreachable!(),
        },
        e => RawKeyTarget::Expr(Box::new(e.clone())),
    };
    let descending = matches!(
        ic.column.options.sort,
        Some(sqlparser::ast::OrderBySort::Desc)
    );
    RawKey {
        target,
        opclass: ic
            .operator_class
            .as_ref()
            .map(|o| object_parts(o).join(".")),
        collation: None,
        descending,
        nulls_first: ic.column.options.nulls_first,
    }
}

fn alter_table_op(
    op: &AlterTableOperation,
    name: &QualName,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    match op {
        AlterTableOperation::AddConstraint { constraint, .. } => {
            let c = table_constraint(constraint, loc)?;
            b.table_mut(name, loc)?.constraints.push(c);
        }
        AlterTableOperation::AddColumn { column_def, .. } => {
            let (c, cons) = column(column_def, name, loc)?;
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
                    c.default = Some(RawDefault::Expr(Box::new(value.clone())))
                }
                AlterColumnOperation::DropDefault => c.default = None,
                AlterColumnOperation::AddGenerated { generated_as, .. } => {
                    c.identity = Some(match generated_as {
                        Some(GeneratedAs::Always) => Identity::Always,
                        _ => Identity::ByDefault,
                    })
                }
                other => return Err(unsupported(loc, &format!("`ALTER COLUMN … {other}`"))),
            }
        }
        AlterTableOperation::OwnerTo { .. } => {}
        other => return Err(unsupported(loc, &format!("`ALTER TABLE … {other}`"))),
    }
    Ok(())
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
    let mut min = None;
    let mut max = None;
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
            SequenceOptions::IncrementBy(e, _) => seq.increment = num(e)?,
            SequenceOptions::MinValue(e) => min = Some(e.as_ref().map(num).transpose()?),
            SequenceOptions::MaxValue(e) => max = Some(e.as_ref().map(num).transpose()?),
            SequenceOptions::StartWith(e, _) => seq.start = num(e)?,
            SequenceOptions::Cache(e) => seq.cache = num(e)?,
            SequenceOptions::Cycle(no) => seq.cycle = !*no,
            SequenceOptions::OwnedBy(Some(n)) => {
                let parts = object_parts(n);
                let (table, col) = owned_target(&parts, loc)?;
                *owned_by = Some((table, col));
            }
            SequenceOptions::OwnedBy(None) => *owned_by = None,
        }
    }
    // PostgreSQL's defaults depend on the direction and the type.
    let asc = seq.increment > 0;
    let type_max = schemadiff_model::types::max_for_integer_type(&seq.data_type);
    let type_min = -type_max - 1;
    seq.min_value = min.flatten().unwrap_or(if asc { 1 } else { type_min });
    seq.max_value = max.flatten().unwrap_or(if asc { type_max } else { -1 });
    if !opts
        .iter()
        .any(|o| matches!(o, SequenceOptions::StartWith(..)))
    {
        seq.start = if asc { seq.min_value } else { seq.max_value };
    }
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
    let on = lower[21..].find(" on ").map(|i| i + 21).ok_or_else(bad)?;
    let is = lower.rfind(" is ").ok_or_else(bad)?;
    if is < on {
        return Err(bad());
    }
    let name = split_dotted(text[21..on].trim(), loc)?
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
