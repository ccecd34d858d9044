//! `CREATE COLLATION`, read from its text (sqlparser does not read it).
//! Every option is modelled or refused at its word.

use super::privilege::Reader;
use super::*;

pub(super) fn create_collation(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let mut r = Reader::new(text, offset, src, loc);
    r.expect("create")?;
    r.expect("collation")?;
    if r.eat("if") {
        r.expect("not")?;
        r.expect("exists")?;
    }
    let name = r.qual()?;
    check_name(&name.name, "collation", loc)?;
    b.check_schema(&name.schema, loc)?;
    if r.eat("from") {
        // Only the built-in libc ones are copied as their settings.
        let at = r.here();
        let from = r.ident()?;
        r.done()?;
        let locale = match from.as_str() {
            "C" | "POSIX" => from,
            _ => {
                return Err(ParseError::new(
                    at,
                    format!("schemadiff cannot model a collation copied FROM {from} yet; write its options (provider, locale) instead"),
                ))
            }
        };
        return add(
            b,
            Collation::new(name, "libc", Some(locale), None, None),
            loc,
        );
    }
    let open = r.offset();
    let body = r.parenthesised()?;
    r.done()?;
    let (mut provider, mut locale, mut lc_collate, mut lc_ctype) = (None, None, None, None);
    let (mut deterministic, mut rules) = (true, None);
    let mut at = open + 1;
    for option in split_options(&body) {
        let oloc = src.loc(offset + at + (option.len() - option.trim_start().len()));
        at += option.len() + 1;
        let Some((key, value)) = option.split_once('=') else {
            return Err(ParseError::new(
                oloc,
                format!("expected option = value, found `{}`", option.trim()),
            ));
        };
        let key = key.trim().to_ascii_lowercase();
        let value = literal(value.trim()).ok_or_else(|| {
            ParseError::new(oloc.clone(), format!("`{}` is not a value", value.trim()))
        })?;
        match key.as_str() {
            "provider" => provider = Some(value.to_ascii_lowercase()),
            "locale" => locale = Some(value),
            "lc_collate" => lc_collate = Some(value),
            "lc_ctype" => lc_ctype = Some(value),
            "deterministic" => {
                deterministic = match value.to_ascii_lowercase().as_str() {
                    "true" | "on" | "yes" | "1" => true,
                    "false" | "off" | "no" | "0" => false,
                    _ => return Err(ParseError::new(oloc, "deterministic is true or false")),
                }
            }
            "rules" => rules = Some(value),
            // The version the collation was made with: the server records it.
            "version" => {
                return Err(ParseError::new(
                    oloc,
                    "schemadiff cannot model a collation's VERSION yet; the server records the library's own",
                ))
            }
            other => {
                return Err(ParseError::new(
                    oloc,
                    format!("`{other}` is not a collation option (provider, locale, lc_collate, lc_ctype, deterministic, rules)"),
                ))
            }
        }
    }
    let provider = provider.unwrap_or_else(|| "libc".into());
    if !matches!(provider.as_str(), "libc" | "icu" | "builtin") {
        return Err(ParseError::new(
            loc.clone(),
            format!("`{provider}` is not a collation provider (libc, icu, builtin)"),
        ));
    }
    let c = if provider == "libc" {
        let lc_collate = lc_collate.or(locale.clone());
        let lc_ctype = lc_ctype.or(locale);
        if lc_collate.is_none() || lc_ctype.is_none() {
            return Err(ParseError::new(
                loc.clone(),
                "a libc collation needs locale (or lc_collate and lc_ctype)",
            ));
        }
        Collation::new(name, &provider, None, lc_collate, lc_ctype)
    } else {
        if locale.is_none() || lc_collate.is_some() || lc_ctype.is_some() {
            return Err(ParseError::new(
                loc.clone(),
                format!(
                    "a collation of provider {provider} takes locale (not lc_collate, lc_ctype)"
                ),
            ));
        }
        Collation::new(name, &provider, locale, None, None)
    };
    add(
        b,
        Collation {
            deterministic,
            rules,
            ..c
        },
        loc,
    )
}

fn add(b: &mut Builder, c: Collation, loc: &Loc) -> Result<()> {
    if b.collations.contains_key(&c.name) {
        return Err(ParseError::new(
            loc.clone(),
            format!("collation {} is defined twice", c.name),
        ));
    }
    b.collations.insert(c.name.clone(), c);
    Ok(())
}

/// The options of `( … )`, split at commas outside quotes.
/// `body` split at its commas outside quotes and parentheses.
pub(super) fn split_options(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut quoted, mut depth, mut start) = (None::<char>, 0usize, 0);
    for (i, c) in body.char_indices() {
        match (quoted, c) {
            (Some(q), c) if c == q => quoted = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quoted = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                out.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !body[start..].trim().is_empty() {
        out.push(&body[start..]);
    }
    out
}

/// A value: `'text'` (quotes doubled inside), `"name"`, or a word.
pub(super) fn literal(v: &str) -> Option<String> {
    for q in ['\'', '"'] {
        if let Some(inner) = v.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return Some(inner.replace(&format!("{q}{q}"), &q.to_string()));
        }
    }
    (!v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    .then(|| v.to_ascii_lowercase())
}
