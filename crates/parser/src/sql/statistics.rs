//! `CREATE STATISTICS`, `ALTER STATISTICS … SET STATISTICS` and `COMMENT
//! ON STATISTICS`, read from their text (sqlparser reads none of them).
//! Every clause is modelled or refused at its word.

use super::comment::comment_literal;
use super::privilege::Reader;
use super::*;

/// One of the statements above.
pub(super) fn statistics_statement(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let mut r = Reader::new(text, offset, src, loc);
    if r.eat("comment") {
        r.expect("on")?;
        r.expect("statistics")?;
        let name = r.qual()?;
        let at = r.here();
        r.expect("is")?;
        let comment = comment_literal(&text[r.offset()..])
            .ok_or_else(|| ParseError::new(at, "expected IS 'text' or IS NULL"))?;
        return b.statistics_mut(&name, loc).map(|s| s.comment = comment);
    }
    if r.eat("alter") {
        r.expect("statistics")?;
        let name = r.qual()?;
        if r.peek_is("owner") {
            // Ownership is out of scope, as for every object.
            return Ok(());
        }
        if !r.eat("set") || !r.eat("statistics") {
            return Err(r.refuse("ALTER STATISTICS other than SET STATISTICS"));
        }
        let at = r.here();
        let word = r.ident()?;
        let target = if word == "default" {
            None
        } else {
            let n: i32 = word.parse().map_err(|_| {
                ParseError::new(at.clone(), format!("`{word}` is not a statistics target"))
            })?;
            if !(-1..=10000).contains(&n) {
                return Err(ParseError::new(
                    at,
                    format!("statistics target {n} is out of range (-1 to 10000)"),
                ));
            }
            (n >= 0).then_some(n)
        };
        r.done()?;
        return b.statistics_mut(&name, loc).map(|s| s.target = target);
    }
    r.expect("create")?;
    r.expect("statistics")?;
    if r.eat("if") {
        r.expect("not")?;
        r.expect("exists")?;
    }
    if r.peek_is("on") || r.peek_is("(") {
        return Err(r.error("name the statistics object (CREATE STATISTICS name …)"));
    }
    let name = r.qual()?;
    let mut kinds = Vec::new();
    if r.eat("(") {
        kinds = r.list(|r| {
            let at = r.here();
            let k = r.ident()?;
            if !Statistics::KINDS.contains(&k.as_str()) {
                return Err(ParseError::new(
                    at,
                    format!("`{k}` is not a kind of statistics (ndistinct, dependencies, mcv)"),
                ));
            }
            Ok(k)
        })?;
        r.expect(")")?;
    }
    r.expect("on")?;
    // The keys, up to FROM outside parentheses and quotes.
    let start = r.offset();
    let (keys, from) = keys_until_from(&text[start..]).ok_or_else(|| r.error("expected FROM"))?;
    let mut raw_keys = Vec::new();
    for (at, key) in keys {
        let kloc = src.loc(offset + start + at);
        raw_keys.push(stat_key(key, &kloc)?);
    }
    let mut rest = Reader::new(&text[start + from..], offset + start + from, src, loc);
    rest.expect("from")?;
    let table = rest.qual()?;
    rest.done()?;
    b.add_statistics(RawStatistics {
        name,
        table,
        kinds,
        keys: raw_keys,
        target: None,
        comment: None,
        loc: loc.clone(),
    })
}

/// A key: a column's name, or an expression (a function call, or any in
/// parentheses).
fn stat_key(text: &str, loc: &Loc) -> Result<RawStatKey> {
    let e = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(text)
        .and_then(|mut p| {
            let e = p.parse_expr()?;
            p.expect_token(&sqlparser::tokenizer::Token::EOF)?;
            Ok(e)
        })
        .map_err(|e| {
            ParseError::new(
                loc.clone(),
                format!("cannot read statistics key `{text}`: {e}"),
            )
        })?;
    match e {
        Expr::Identifier(i) => Ok(RawStatKey::Column(ident(&i))),
        Expr::Nested(inner) => Ok(RawStatKey::Expr(inner)),
        e @ Expr::Function(_) => Ok(RawStatKey::Expr(Box::new(e))),
        _ => Err(ParseError::new(
            loc.clone(),
            format!("statistics key `{text}` is neither a column nor an expression in parentheses"),
        )),
    }
}

/// The keys of `ON …` (each with its offset) and where `FROM` starts.
fn keys_until_from(text: &str) -> Option<(Vec<(usize, &str)>, usize)> {
    let b = text.as_bytes();
    let (mut depth, mut i, mut start) = (0i32, 0, 0);
    let mut keys = Vec::new();
    fn push<'t>(text: &'t str, from: usize, to: usize, keys: &mut Vec<(usize, &'t str)>) {
        let k = &text[from..to];
        let lead = k.len() - k.trim_start().len();
        keys.push((from + lead, k.trim()));
    }
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
            }
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' if depth == 0 => {
                push(text, start, i, &mut keys);
                start = i + 1;
            }
            c if depth == 0
                && c.eq_ignore_ascii_case(&b'f')
                && b.get(i..i + 4)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"from"))
                && (i == 0 || !is_word(b[i - 1]))
                && b.get(i + 4).is_none_or(|n| !is_word(*n)) =>
            {
                push(text, start, i, &mut keys);
                return Some((keys, i));
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'"'
}
