//! `CREATE [OR REPLACE] [MATERIALIZED] VIEW`: read whole to check every
//! clause, then kept as written. Only PostgreSQL can print a view's query
//! the way its catalog does, so the statement runs in a scratch database
//! (see `Schema::pending`) and what that database prints is compared.

use super::*;
use sqlparser::ast::{CreateTableOptions, CreateView, SqlOption, ViewColumnDef};
use sqlparser::tokenizer::{Token, Tokenizer};
use std::collections::BTreeSet;

/// What ends a view statement after its query, which sqlparser does not
/// read: `WITH [NO] DATA` (materialized) or `WITH [CASCADED | LOCAL]
/// CHECK OPTION`. Returns the text without it and the words taken off.
fn split_tail(text: &str) -> (&str, Vec<String>) {
    let trimmed = text.trim_end().trim_end_matches(';').trim_end();
    let words: Vec<(usize, &str)> = {
        let mut v = Vec::new();
        let mut start = None;
        for (i, ch) in trimmed.char_indices() {
            match (ch.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    v.push((s, &trimmed[s..i]));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            v.push((s, &trimmed[s..]));
        }
        v
    };
    let lower: Vec<String> = words.iter().map(|(_, w)| w.to_ascii_lowercase()).collect();
    let tails: [&[&str]; 5] = [
        &["with", "no", "data"],
        &["with", "data"],
        &["with", "cascaded", "check", "option"],
        &["with", "local", "check", "option"],
        &["with", "check", "option"],
    ];
    for tail in tails {
        if lower.len() > tail.len() && lower[lower.len() - tail.len()..] == *tail {
            let at = words[words.len() - tail.len()].0;
            return (&trimmed[..at], tail.iter().map(|w| w.to_string()).collect());
        }
    }
    (trimmed, vec![])
}

/// The names a query mentions that may be relations: every name, bare or
/// qualified (bare ones as PostgreSQL resolves them with `search_path =
/// public`).
pub(crate) fn mentions(text: &str) -> BTreeSet<QualName> {
    let mut out = BTreeSet::new();
    let Ok(tokens) = Tokenizer::new(&PostgreSqlDialect {}, text).tokenize() else {
        return out;
    };
    let tokens: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let word = |t: &Token| match t {
        Token::Word(w) => Some(if w.quote_style.is_some() {
            w.value.clone()
        } else {
            w.value.to_lowercase()
        }),
        _ => None,
    };
    for (i, t) in tokens.iter().enumerate() {
        let Some(w) = word(t) else { continue };
        let after_dot = i > 0 && matches!(tokens[i - 1], Token::Period);
        if after_dot {
            if let Some(s) = i.checked_sub(2).and_then(|j| word(tokens[j])) {
                out.insert(QualName::new(s, w));
            }
        } else {
            // Unqualified: any schema of the path may hold it.
            for s in super::search_path::effective() {
                out.insert(QualName::new(s, w.clone()));
            }
            out.insert(QualName::new("public", w));
        }
    }
    out
}

/// Where a view's query starts: after the `AS` at the top level (outside
/// parentheses and quotes) that follows its name, columns and options.
fn query_start(head: &str) -> Option<usize> {
    let bytes = head.as_bytes();
    let (mut depth, mut i) = (0i32, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => {
                let q = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += 1;
                }
            }
            b'(' => depth += 1,
            b')' => depth -= 1,
            b'a' | b'A'
                if depth == 0
                    && head[i..].len() > 2
                    && head[i..i + 2].eq_ignore_ascii_case("as")
                    && (i == 0 || bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b')')
                    && bytes[i + 2].is_ascii_whitespace() =>
            {
                return Some(i + 2);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

pub(super) fn create_view(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let (head, tail) = split_tail(text);
    // The query is kept as written for the server to print: where
    // sqlparser cannot read it (`(f(x)).*`, say), the head alone is read.
    let parsed = parse_whole(head).or_else(|e| match query_start(head) {
        Some(at) => parse_whole(&format!("{} SELECT 1", &head[..at])).map_err(|_| e),
        None => Err(e),
    });
    let statement = parsed.map_err(|e| sqlparser_error(&e.to_string(), text, offset, src))?;
    let cx = Cx {
        text,
        offset,
        src,
        loc,
        identity_sequence: None,
        generated_virtual: std::cell::RefCell::new(Vec::new().into_iter()),
        likes: &[],
        not_nulls: &[],
    };
    let Statement::CreateView(cv) = statement else {
        return Err(ParseError::new(loc.clone(), "expected CREATE VIEW"));
    };
    let CreateView {
        or_alter,
        or_replace,
        materialized,
        secure,
        name,
        name_before_not_exists: _,
        columns,
        query: _,
        options,
        cluster_by,
        comment,
        with_no_schema_binding,
        if_not_exists,
        temporary,
        copy_grants,
        to,
        params,
    } = cv;
    cx.refuse_any(&[
        (temporary, "temporary|temp", "a temporary view"),
        (
            if_not_exists && !materialized,
            "if",
            "IF NOT EXISTS on a view that is not materialized (PostgreSQL has it only there)",
        ),
        (
            or_replace && materialized,
            "replace",
            "OR REPLACE on a materialized view (PostgreSQL has none)",
        ),
        (
            or_alter || secure || copy_grants || to.is_some() || params.is_some(),
            "view",
            "view clauses that PostgreSQL does not have",
        ),
        (
            !cluster_by.is_empty() || comment.is_some() || with_no_schema_binding,
            "view",
            "view clauses that PostgreSQL does not have",
        ),
    ])?;
    for ViewColumnDef {
        name: _,
        data_type,
        options,
    } in &columns
    {
        cx.refuse_any(&[(
            data_type.is_some() || options.is_some(),
            "view",
            "types or options in a view's column list",
        )])?;
    }
    match &options {
        CreateTableOptions::None => {}
        CreateTableOptions::With(opts) => {
            for o in opts {
                if !matches!(o, SqlOption::KeyValue { .. } | SqlOption::Ident(_)) {
                    return Err(cx.refuse("with", &format!("the view option `{o}`")));
                }
            }
        }
        _ => return Err(cx.refuse("view", "these view options")),
    }
    let data = tail.iter().any(|w| w == "data");
    let check = tail.iter().any(|w| w == "check");
    if data && !materialized {
        return Err(cx.refuse("with", "WITH DATA on a view that is not materialized"));
    }
    if check && materialized {
        return Err(cx.refuse("with", "a check option on a materialized view"));
    }
    let q = qual(&name, loc)?;
    if b.tables.contains_key(&q) {
        return Err(ParseError::new(
            loc.clone(),
            format!("{q} is defined as a table and as a view"),
        ));
    }
    if let Some(old) = b.views.get(&q) {
        // `CREATE MATERIALIZED VIEW IF NOT EXISTS`: the first one stays.
        if if_not_exists {
            return Ok(());
        }
        if !or_replace {
            return Err(ParseError::new(
                loc.clone(),
                format!("view {q} is defined twice (first at {})", old.loc),
            ));
        }
    }
    crate::build::check_name(&q.name, "view", loc)?;
    b.views.insert(
        q.clone(),
        RawView {
            materialized,
            loc: loc.clone(),
            sql: super::search_path::under_path(text.trim_end().trim_end_matches(';')),
            mentions: mentions(head),
            comment: b.views.get(&q).and_then(|v| v.comment.clone()),
            column_comments: vec![],
        },
    );
    Ok(())
}
