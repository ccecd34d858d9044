//! `COMMENT ON` every modelled kind, including `COMMENT ON CONSTRAINT`.

use super::*;

pub(super) fn comment_on(
    object_type: CommentObject,
    name: &ObjectName,
    comment: Option<String>,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let parts = object_parts(name);
    match object_type {
        CommentObject::Table => {
            let q = b.relation_on_path(qual(name, loc)?);
            b.table_mut(&q, loc)?.comment = comment;
        }
        CommentObject::View | CommentObject::MaterializedView => {
            let q = b.relation_on_path(qual(name, loc)?);
            b.views
                .get_mut(&q)
                .ok_or_else(|| ParseError::new(loc.clone(), format!("view {q} is not defined")))?
                .comment = comment;
        }
        CommentObject::Column => {
            let (t, c) = owned_target(&parts, loc)?;
            let t = b.relation_on_path(t);
            if super::other::goes_with(
                &format!(
                    "COMMENT ON COLUMN {}.{} IS {}",
                    t,
                    quote_ident(&c),
                    comment.as_deref().map_or("NULL".to_string(), quote_literal)
                ),
                &t,
                b,
            ) {
                return Ok(());
            }
            if let Some(v) = b.views.get_mut(&t) {
                v.column_comments.push((c, comment, loc.to_string()));
                return Ok(());
            }
            let col = b.column_mut(&t, &c, loc)?;
            col.comment = comment;
            col.changed(Overrides {
                comment: true,
                ..Default::default()
            });
        }
        CommentObject::Schema => {
            let n = parts.last().cloned().unwrap_or_default();
            if n == "public" {
                b.public_comment = public_comment(comment);
                return Ok(());
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
        CommentObject::Type | CommentObject::Domain => {
            let q = b.on_path(qual(name, loc)?, |b, c| {
                b.enums.contains_key(c) || b.domains.contains_key(c) || b.composites.contains_key(c)
            });
            let slot = if let Some(e) = b.enums.get_mut(&q) {
                &mut e.comment
            } else if let Some(d) = b.domains.get_mut(&q) {
                &mut d.comment
            } else if let Some(c) = b.composites.get_mut(&q) {
                &mut c.comment
            } else if let Some(r) = b.others.get_mut(&schemadiff_model::others::key(
                schemadiff_model::others::OtherKind::RangeType,
                &q.quoted(),
            )) {
                // A range type is kept as its statements.
                r.sql.push(format!(
                    "COMMENT ON TYPE {} IS {}",
                    q.quoted(),
                    comment.as_deref().map_or("NULL".to_string(), quote_literal)
                ));
                return Ok(());
            } else {
                return Err(ParseError::new(
                    loc.clone(),
                    format!("type {q} is not defined"),
                ));
            };
            *slot = comment;
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
        CommentObject::Collation => {
            let q = qual(name, loc)?;
            b.collations
                .get_mut(&q)
                .ok_or_else(|| {
                    ParseError::new(loc.clone(), format!("collation {q} is not defined"))
                })?
                .comment = comment;
        }
        other => return Err(unsupported(loc, &format!("COMMENT ON {other:?}"))),
    }
    Ok(())
}

/// `COMMENT ON CONSTRAINT | POLICY | TRIGGER name ON table IS …`, which sqlparser does
/// not parse.
/// The text after a `COMMENT ON … IS`: `NULL` or a string literal
/// (`None` if it is neither).
pub(super) fn comment_literal(value: &str) -> Option<Option<String>> {
    let value = value.trim().trim_end_matches(';').trim_end();
    if value.eq_ignore_ascii_case("null") {
        return Some(None);
    }
    let e = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(value)
        .and_then(|mut p| {
            let e = p.parse_expr()?;
            p.expect_token(&sqlparser::tokenizer::Token::EOF)?;
            Ok(e)
        })
        .ok()?;
    match e {
        Expr::Value(v) => match v.value {
            sqlparser::ast::Value::SingleQuotedString(s)
            | sqlparser::ast::Value::EscapedStringLiteral(s) => Some(Some(s)),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn comment_on_table_object(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let lower = text.to_ascii_lowercase();
    let kind = match lower.split_whitespace().nth(2) {
        Some("policy") => "policy",
        Some("trigger") => "trigger",
        _ => "constraint",
    };
    let bad = || {
        ParseError::new(
            loc.clone(),
            format!(
                "expected COMMENT ON {} name ON table IS 'text'",
                kind.to_ascii_uppercase()
            ),
        )
    };
    // After the words COMMENT ON CONSTRAINT, however they are spaced.
    let start = lower.find(kind).ok_or_else(bad)? + kind.len();
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
    let comment = comment_literal(&text[is + 4..]).ok_or_else(bad)?;
    if kind == "trigger" && b.views.contains_key(&table) {
        // A view's trigger lives in the scratch database; so does its comment.
        b.view_after.push((
            loc.to_string(),
            super::search_path::under_path(text.trim_end()),
        ));
        return Ok(());
    }
    b.late_comments.push(match kind {
        "policy" => LateComment::Policy(table, name, comment, loc.clone()),
        "trigger" => LateComment::Trigger(table, name, comment, loc.clone()),
        _ => LateComment::Constraint(table, name, comment, loc.clone()),
    });
    Ok(())
}

/// `COMMENT ON FUNCTION name(arg types) IS …`: the function is found by
/// its callers' argument types (names and OUT arguments do not count).
pub(super) fn comment_on_function(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let bad = || {
        ParseError::new(
            loc.clone(),
            "expected COMMENT ON FUNCTION name(argument types) IS 'text'",
        )
    };
    let lower = text.to_ascii_lowercase();
    let start = match lower.split_whitespace().nth(2) {
        Some("procedure") => lower.find("procedure").ok_or_else(bad)? + "procedure".len(),
        _ => lower.find("function").ok_or_else(bad)? + "function".len(),
    };
    let open = text[start..].find('(').map(|i| i + start).ok_or_else(bad)?;
    let close = text[open..].rfind(')').map(|i| i + open).ok_or_else(bad)?;
    let is = lower[close..]
        .find(" is ")
        .map(|i| i + close)
        .ok_or_else(bad)?;
    let name = parse_name(text[start..open].trim(), loc)?;
    let types = argument_types(&text[open + 1..close]);
    let value = text[is + 4..].trim();
    let comment = if value.eq_ignore_ascii_case("null") {
        None
    } else {
        match Parser::new(&PostgreSqlDialect {})
            .try_with_sql(value)
            .and_then(|mut p| p.parse_expr())
            .map_err(|_| bad())?
        {
            Expr::Value(v) => match v.value {
                sqlparser::ast::Value::SingleQuotedString(s)
                | sqlparser::ast::Value::EscapedStringLiteral(s) => Some(s),
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        }
    };
    b.late_comments
        .push(LateComment::Function(name, types, comment, loc.clone()));
    Ok(())
}

/// The types a caller passes, from an argument list as written (`a
/// integer, OUT b text` gives `integer`): what identifies a function.
pub(super) fn argument_types(list: &str) -> Vec<String> {
    let mut types = Vec::new();
    for arg in list.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        let (mode, rest) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
        let arg = match mode.to_ascii_lowercase().as_str() {
            "out" => continue,
            "in" | "inout" | "variadic" => rest.trim(),
            _ => arg,
        };
        let builtin = |t: &str| matches!(canonical_type(t), Ok(TypeName::Builtin(_)));
        let ty = match arg.split_once(char::is_whitespace) {
            _ if builtin(arg) => arg,
            Some((_, rest)) if canonical_type(rest.trim()).is_ok() => rest.trim(),
            _ => arg,
        };
        types.push(ty.to_string());
    }
    types
}

/// A comment on schema `public` as the model holds it: PostgreSQL's own
/// is none of ours, and no comment is `""`.
pub(crate) fn public_comment(comment: Option<String>) -> Option<String> {
    match comment {
        Some(c) if c == schemadiff_model::PUBLIC_COMMENT => None,
        other => Some(other.unwrap_or_default()),
    }
}
