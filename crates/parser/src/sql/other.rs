//! Operators, text search configurations, dictionaries, parsers and
//! templates, casts, rules, event triggers, publications, foreign-data
//! wrappers, servers, user mappings and foreign tables (model `others`):
//! every statement about one (`CREATE`, `ALTER`, `COMMENT ON`, `DROP`) is
//! kept as written, in file order, with the object it is about. Their
//! definitions are compared as the server prints them, so a scratch
//! database settles them (`Schema::pending`), as it does views; two files
//! that write them alike compare as written.

use super::*;
use schemadiff_model::others::{self, OtherKind};

/// What a statement does to its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Create,
    Alter,
    Comment,
    Drop,
}

/// An object of one of these kinds, as the file writes it.
#[derive(Debug, Clone)]
pub(crate) struct RawOther {
    pub kind: OtherKind,
    pub name: QualName,
    pub identity: String,
    pub target: String,
    /// Its statements as written, in file order.
    pub sql: Vec<String>,
    pub loc: Loc,
}

/// The kind a statement is about, by its first words, if it is one of
/// these kinds'.
pub(crate) fn kind_of(text: &str) -> Option<OtherKind> {
    head(text).map(|(_, kind, _)| kind)
}

/// `(verb, kind, the words after the kind's own)`.
fn head(text: &str) -> Option<(Verb, OtherKind, usize)> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<(usize, &str)> = word_spans(&lower);
    let w = |i: usize| words.get(i).map(|(_, w)| *w).unwrap_or("");
    let (verb, mut i) = match (w(0), w(1)) {
        ("create", "or") if w(2) == "replace" => (Verb::Create, 3),
        ("create", _) => (Verb::Create, 1),
        ("alter", _) => (Verb::Alter, 1),
        ("comment", "on") => (Verb::Comment, 2),
        ("drop", _) => (Verb::Drop, 1),
        _ => return None,
    };
    let kind = match (w(i), w(i + 1), w(i + 2)) {
        ("operator", "class" | "family", _) => return None,
        ("operator", _, _) => {
            i += 1;
            OtherKind::Operator
        }
        ("text", "search", k) => {
            i += 3;
            match k {
                "configuration" => OtherKind::TextSearchConfiguration,
                "dictionary" => OtherKind::TextSearchDictionary,
                "parser" => OtherKind::TextSearchParser,
                "template" => OtherKind::TextSearchTemplate,
                _ => return None,
            }
        }
        ("cast", _, _) => {
            i += 1;
            OtherKind::Cast
        }
        ("rule", _, _) => {
            i += 1;
            OtherKind::Rule
        }
        ("event", "trigger", _) => {
            i += 2;
            OtherKind::EventTrigger
        }
        ("publication", _, _) => {
            i += 1;
            OtherKind::Publication
        }
        ("foreign", "data", "wrapper") => {
            i += 3;
            OtherKind::ForeignDataWrapper
        }
        ("server", _, _) => {
            i += 1;
            OtherKind::Server
        }
        ("user", "mapping", _) => {
            i += 2;
            OtherKind::UserMapping
        }
        ("foreign", "table", _) => {
            i += 2;
            OtherKind::ForeignTable
        }
        // Only its CREATE names it a range; COMMENT ON TYPE finds it by
        // name (see `comment_on`).
        ("type", _, _)
            if verb == Verb::Create && {
                // The name may be qualified or quoted (no word of its own).
                let after = words.get(i).map_or("", |(at, _)| &lower[at + 4..]);
                let (_, rest) = name_at(after);
                let rest: Vec<&str> = rest.split_whitespace().take(2).collect();
                matches!(rest.as_slice(), ["as", r] if r.starts_with("range"))
            } =>
        {
            i += 1;
            OtherKind::RangeType
        }
        _ => return None,
    };
    // `IF [NOT] EXISTS`, `ONLY`.
    loop {
        match (w(i), w(i + 1), w(i + 2)) {
            ("if", "exists", _) => i += 2,
            ("if", "not", "exists") => i += 3,
            ("only", _, _) if kind == OtherKind::ForeignTable => i += 1,
            _ => break,
        }
    }
    let at = match (words.get(i), i.checked_sub(1).and_then(|j| words.get(j))) {
        (Some((at, _)), _) => *at,
        (None, Some((at, w))) => at + w.len(),
        (None, None) => 0,
    };
    Some((verb, kind, at))
}

/// The first words of `lower` with where each starts, up to one that is
/// not a word (a quote, an operator's name).
fn word_spans(lower: &str) -> Vec<(usize, &str)> {
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < 8 {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || !(bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') {
            break;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        out.push((start, &lower[start..i]));
    }
    out
}

/// A name as written at the start of `rest` (quoted parts kept whole),
/// with what follows it.
fn name_at(rest: &str) -> (&str, &str) {
    let rest = rest.trim_start();
    let mut quoted = false;
    for (i, c) in rest.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if !quoted && (c.is_whitespace() || c == '(' || c == ',' || c == ';') => {
                return (&rest[..i], &rest[i..]);
            }
            _ => {}
        }
    }
    (rest, "")
}

/// A type as a key writes it: canonical where it is a built-in.
fn type_key(written: &str) -> String {
    let w = written.trim();
    if w.eq_ignore_ascii_case("none") {
        return "NONE".into();
    }
    match schemadiff_model::types::canonical_type(w) {
        Ok(schemadiff_model::types::TypeName::Builtin(t)) => t,
        _ => w.to_lowercase(),
    }
}

/// The object a statement is about: its name, identity and target.
fn object(
    kind: OtherKind,
    verb: Verb,
    text: &str,
    at: usize,
    loc: &Loc,
    b: &Builder,
) -> Result<(QualName, String, String)> {
    let bad = |what: &str| {
        ParseError::new(
            loc.clone(),
            format!(
                "cannot read the {} this statement is about: {what}",
                kind.name()
            ),
        )
    };
    let rest = &text[at..];
    let global = |rest: &str| -> Result<(QualName, String, String)> {
        let (n, _) = name_at(rest);
        let n = split_dotted(n, loc)?.pop().ok_or_else(|| bad("no name"))?;
        let id = quote_ident(&n);
        let target = format!("{} {id}", sql_kind(kind));
        Ok((QualName::new("", n), id, target))
    };
    let qualified = |rest: &str| -> Result<(QualName, String, String)> {
        let (n, _) = name_at(rest);
        let q = parse_name(n, loc)?;
        let q = if kind == OtherKind::ForeignTable {
            b.relation_on_path(q)
        } else {
            q
        };
        let id = q.quoted();
        let target = format!("{} {id}", sql_kind(kind));
        Ok((q, id, target))
    };
    match kind {
        OtherKind::Operator => {
            let open = rest.find('(').ok_or_else(|| bad("no ( after its name"))?;
            let written = rest[..open].trim();
            let (schema, op) = match written.rsplit_once('.') {
                Some((s, op))
                    if !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '"') =>
                {
                    (parse_name(s, loc)?.name, op.to_string())
                }
                _ => (super::search_path::default_schema(), written.to_string()),
            };
            let close = rest.rfind(')').ok_or_else(|| bad("no )"))?;
            let inside = &rest[open + 1..close.max(open + 1)];
            let (left, right) = if verb == Verb::Create {
                let option = |key: &str| {
                    inside.split(',').find_map(|o| {
                        let (k, v) = o.split_once('=')?;
                        k.trim().eq_ignore_ascii_case(key).then(|| type_key(v))
                    })
                };
                (
                    option("leftarg").unwrap_or_else(|| "NONE".into()),
                    option("rightarg").unwrap_or_else(|| "NONE".into()),
                )
            } else {
                let (l, r) = inside.split_once(',').ok_or_else(|| bad("(left, right)"))?;
                (type_key(l), type_key(r))
            };
            let q = QualName::new(schema, op);
            let name = format!("{}.{}", quote_ident(&q.schema), q.name);
            Ok((
                q,
                format!("{name}({left}, {right})"),
                format!("OPERATOR {name} ({left}, {right})"),
            ))
        }
        OtherKind::Cast => {
            let open = rest.find('(').ok_or_else(|| bad("(source AS target)"))?;
            let close = rest[open..]
                .find(')')
                .map(|c| c + open)
                .ok_or_else(|| bad("no )"))?;
            let inside = &rest[open + 1..close];
            let lower = inside.to_ascii_lowercase();
            let as_at = find_word(&lower, "as").ok_or_else(|| bad("(source AS target)"))?;
            let pair = format!(
                "({} AS {})",
                type_key(&inside[..as_at]),
                type_key(&inside[as_at + 2..])
            );
            Ok((QualName::new("", ""), pair.clone(), format!("CAST {pair}")))
        }
        OtherKind::Rule => {
            let (n, after) = name_at(rest);
            let n = split_dotted(n, loc)?.pop().ok_or_else(|| bad("no name"))?;
            let lower = after.to_ascii_lowercase();
            // `… AS ON event TO table` (CREATE) or `… ON table` (the others).
            let table_at = if verb == Verb::Create {
                find_word(&lower, "to").map(|i| i + 2)
            } else {
                find_word(&lower, "on").map(|i| i + 2)
            }
            .ok_or_else(|| bad("its table"))?;
            let (t, _) = name_at(&after[table_at..]);
            let table = b.relation_on_path(parse_name(t, loc)?);
            let id = format!("{} ON {}", quote_ident(&n), table.quoted());
            Ok((
                QualName::new(table.schema.clone(), n),
                id.clone(),
                format!("RULE {id}"),
            ))
        }
        OtherKind::UserMapping => {
            let lower = rest.to_ascii_lowercase();
            let for_at = find_word(&lower, "for").ok_or_else(|| bad("FOR role"))?;
            let (role, after) = name_at(&rest[for_at + 3..]);
            let role = if role.eq_ignore_ascii_case("public") {
                "PUBLIC".to_string()
            } else {
                quote_ident(&split_dotted(role, loc)?.pop().unwrap_or_default())
            };
            let lower = after.to_ascii_lowercase();
            let server_at = find_word(&lower, "server").ok_or_else(|| bad("SERVER name"))?;
            let (s, _) = name_at(&after[server_at + 6..]);
            let s = split_dotted(s, loc)?.pop().unwrap_or_default();
            let id = format!("FOR {role} SERVER {}", quote_ident(&s));
            Ok((
                QualName::new("", ""),
                id.clone(),
                format!("USER MAPPING {id}"),
            ))
        }
        OtherKind::EventTrigger
        | OtherKind::Publication
        | OtherKind::ForeignDataWrapper
        | OtherKind::Server => global(rest),
        OtherKind::TextSearchConfiguration
        | OtherKind::TextSearchDictionary
        | OtherKind::TextSearchParser
        | OtherKind::TextSearchTemplate
        | OtherKind::ForeignTable
        | OtherKind::RangeType => qualified(rest),
    }
}

/// The kind as `DROP` and `COMMENT ON` spell it.
fn sql_kind(kind: OtherKind) -> &'static str {
    match kind {
        OtherKind::ForeignDataWrapper => "FOREIGN DATA WRAPPER",
        OtherKind::Operator => "OPERATOR",
        OtherKind::TextSearchConfiguration => "TEXT SEARCH CONFIGURATION",
        OtherKind::TextSearchDictionary => "TEXT SEARCH DICTIONARY",
        OtherKind::TextSearchParser => "TEXT SEARCH PARSER",
        OtherKind::TextSearchTemplate => "TEXT SEARCH TEMPLATE",
        OtherKind::Cast => "CAST",
        OtherKind::Rule => "RULE",
        OtherKind::EventTrigger => "EVENT TRIGGER",
        OtherKind::Publication => "PUBLICATION",
        OtherKind::Server => "SERVER",
        OtherKind::UserMapping => "USER MAPPING",
        OtherKind::ForeignTable => "FOREIGN TABLE",
        OtherKind::RangeType => "TYPE",
    }
}

/// Reads one statement about one of these kinds.
pub(crate) fn statement(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let Some((verb, kind, at)) = head(text) else {
        return Err(unsupported(loc, "this statement"));
    };
    if kind == OtherKind::ForeignTable && verb == Verb::Create && {
        let lower = text.to_ascii_lowercase();
        find_word(&lower, "partition").is_some() || find_word(&lower, "inherits").is_some()
    } {
        return Err(unsupported(
            loc,
            "a foreign table that is a partition or inherits",
        ));
    }
    if verb == Verb::Drop {
        return drop(kind, text, at, loc, b);
    }
    let (name, identity, target) = object(kind, verb, text, at, loc, b)?;
    let key = others::key(kind, &identity);
    let sql = super::search_path::under_path(text.trim_end().trim_end_matches(';'));
    let replace = text
        .split_whitespace()
        .nth(1)
        .is_some_and(|w| w.eq_ignore_ascii_case("or"));
    let if_not_exists = {
        let lower = text.to_ascii_lowercase();
        lower
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .windows(3)
            .any(|w| w == ["if", "not", "exists"])
    };
    match (verb, b.others.get_mut(&key)) {
        (Verb::Create, Some(_)) if if_not_exists => {}
        (Verb::Create, Some(o)) if replace => {
            o.sql = vec![sql];
            o.loc = loc.clone();
        }
        (Verb::Create, Some(o)) => {
            return Err(ParseError::new(
                loc.clone(),
                format!(
                    "{} {identity} is defined twice (first at {})",
                    kind.name(),
                    o.loc
                ),
            ))
        }
        (Verb::Create, None) => {
            b.others.insert(
                key,
                RawOther {
                    kind,
                    name,
                    identity,
                    target,
                    sql: vec![sql],
                    loc: loc.clone(),
                },
            );
        }
        (_, Some(o)) => o.sql.push(sql),
        (_, None) => {
            return Err(ParseError::new(
                loc.clone(),
                format!("{} {identity} is not defined", kind.name()),
            ))
        }
    }
    Ok(())
}

/// `DROP kind [IF EXISTS] name [, …]`: what the file made is gone.
fn drop(kind: OtherKind, text: &str, at: usize, loc: &Loc, b: &mut Builder) -> Result<()> {
    // Each name of the list, as its own `DROP`.
    let body = text[at..].trim().trim_end_matches(';');
    let lower = body.to_ascii_lowercase();
    let body = lower
        .strip_suffix(" cascade")
        .or_else(|| lower.strip_suffix(" restrict"))
        .map_or(body, |b| &body[..b.len()]);
    for part in split_top_level(body) {
        let Ok((_, identity, _)) = object(kind, Verb::Drop, part, 0, loc, b) else {
            continue;
        };
        b.others.shift_remove(&others::key(kind, &identity));
    }
    Ok(())
}

/// `a, b(x, y), c` → its top-level parts.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut quoted) = (0i32, 0usize, false);
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// `COMMENT ON COLUMN t.c` or `ALTER TABLE t … RULE r` where `t` is a
/// foreign table or the rule one of these objects: the statement goes with
/// it. False when it is not.
pub(crate) fn goes_with(text: &str, table: &QualName, b: &mut Builder) -> bool {
    let key = others::key(OtherKind::ForeignTable, &table.quoted());
    match b.others.get_mut(&key) {
        Some(o) => {
            o.sql.push(super::search_path::under_path(
                text.trim_end().trim_end_matches(';'),
            ));
            true
        }
        None => false,
    }
}

/// `ALTER TABLE t {ENABLE [REPLICA | ALWAYS] | DISABLE} RULE r`: with the
/// rule.
pub(crate) fn rule_state(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    let lw: Vec<&str> = lower.split_whitespace().collect();
    let t_at = lw
        .iter()
        .position(|w| *w == "table")
        .map(|i| {
            let mut j = i + 1;
            while matches!(lw.get(j), Some(&"only") | Some(&"if") | Some(&"exists")) {
                j += 1;
            }
            j
        })
        .unwrap_or(2);
    let table = b.relation_on_path(parse_name(words.get(t_at).copied().unwrap_or(""), loc)?);
    let r_at = lw
        .iter()
        .rposition(|w| *w == "rule")
        .map(|i| i + 1)
        .unwrap_or(0);
    let rule = split_dotted(
        words.get(r_at).copied().unwrap_or("").trim_end_matches(';'),
        loc,
    )?
    .pop()
    .unwrap_or_default();
    let key = others::key(
        OtherKind::Rule,
        &format!("{} ON {}", quote_ident(&rule), table.quoted()),
    );
    match b.others.get_mut(&key) {
        Some(o) => {
            o.sql.push(super::search_path::under_path(
                text.trim_end().trim_end_matches(';'),
            ));
            Ok(())
        }
        None => Err(ParseError::new(
            loc.clone(),
            format!("rule {} on {table} is not defined", quote_ident(&rule)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> (OtherKind, String, String) {
        let b = Builder::default();
        let (verb, kind, at) = head(text).unwrap();
        let (_, identity, target) = object(kind, verb, text, at, &Loc::default(), &b).unwrap();
        (kind, identity, target)
    }

    #[test]
    fn each_form_names_the_same_object() {
        let create = id("CREATE OPERATOR ~~ (LEFTARG=anynonarray, RIGHTARG=text, PROCEDURE=anynonarrayliketext)");
        assert_eq!(create.1, "public.~~(anynonarray, text)");
        assert_eq!(create.2, "OPERATOR public.~~ (anynonarray, text)");
        assert_eq!(
            id("COMMENT ON OPERATOR public.~~ (anynonarray, TEXT) IS 'x'").1,
            create.1
        );
        assert_eq!(
            id("CREATE OPERATOR - (RIGHTARG = int4, FUNCTION = int4um)").1,
            "public.-(NONE, integer)"
        );
        assert_eq!(
            id("CREATE TEXT SEARCH CONFIGURATION mb_simple (COPY = pg_catalog.simple)").1,
            id("ALTER TEXT SEARCH CONFIGURATION public.mb_simple ADD MAPPING FOR word WITH simple")
                .1
        );
        assert_eq!(
            id("CREATE CAST (int4 AS text) WITH INOUT").1,
            "(integer AS text)"
        );
        assert_eq!(
            id("CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING").1,
            id("COMMENT ON RULE r ON public.t IS 'x'").1
        );
        assert_eq!(
            id("CREATE USER MAPPING FOR public SERVER srv OPTIONS (user 'x')").1,
            "FOR PUBLIC SERVER srv"
        );
        assert_eq!(
            id("CREATE SERVER IF NOT EXISTS \"Srv\" FOREIGN DATA WRAPPER f").1,
            "\"Srv\""
        );
        assert_eq!(
            id("CREATE FOREIGN TABLE s.ft (a int) SERVER srv").2,
            "FOREIGN TABLE s.ft"
        );
        assert!(head("CREATE OPERATOR CLASS x FOR TYPE t USING btree AS OPERATOR 1 <").is_none());
    }
}
