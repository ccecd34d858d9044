//! `GRANT`, `REVOKE` and `ALTER DEFAULT PRIVILEGES`, read from their text
//! (sqlparser does not read every form PostgreSQL has). Every clause is
//! modelled or refused at its word.

use super::*;
use crate::privileges::{PrivEvent, RawGrant, RawPrivilege, RawTarget};

/// A word, a quoted name, or one punctuation character, with its offset
/// in the statement.
#[derive(Debug, Clone)]
pub(super) struct Tok {
    text: String,
    quoted: bool,
    at: usize,
}

impl Tok {
    fn is(&self, w: &str) -> bool {
        !self.quoted && self.text.eq_ignore_ascii_case(w)
    }
}

pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c.is_whitespace() || c == ';' {
            i += 1;
        } else if text[i..].starts_with("--") {
            i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
        } else if text[i..].starts_with("/*") {
            i = text[i..].find("*/").map_or(bytes.len(), |n| i + n + 2);
        } else if c == '"' {
            let start = i;
            let mut s = String::new();
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        s.push('"');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                let ch = text[i..].chars().next().unwrap_or(' ');
                s.push(ch);
                i += ch.len_utf8();
            }
            out.push(Tok {
                text: s,
                quoted: true,
                at: start,
            });
        } else if matches!(c, '(' | ')' | ',' | '.') {
            out.push(Tok {
                text: c.to_string(),
                quoted: false,
                at: i,
            });
            i += 1;
        } else {
            let start = i;
            while i < bytes.len() {
                let ch = text[i..].chars().next().unwrap_or(' ');
                if ch.is_whitespace() || matches!(ch, '(' | ')' | ',' | '.' | ';' | '"') {
                    break;
                }
                i += ch.len_utf8();
            }
            out.push(Tok {
                text: text[start..i].to_string(),
                quoted: false,
                at: start,
            });
        }
    }
    out
}

pub(super) struct Reader<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    pos: usize,
    offset: usize,
    src: &'a Source,
    loc: &'a Loc,
}

impl Reader<'_> {
    pub(super) fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    pub(super) fn peek_is(&self, w: &str) -> bool {
        self.peek().is_some_and(|t| t.is(w))
    }

    pub(super) fn eat(&mut self, w: &str) -> bool {
        if self.peek_is(w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Where the next word starts in the statement's text (its end when
    /// there is none).
    pub(super) fn offset(&self) -> usize {
        self.peek().map_or(self.text.len(), |t| t.at)
    }

    pub(super) fn here(&self) -> Loc {
        match self.peek() {
            Some(t) => self.src.loc(self.offset + t.at),
            None => self.src.loc(self.offset + self.text.trim_end().len()),
        }
    }

    pub(super) fn error(&self, msg: impl Into<String>) -> ParseError {
        ParseError::new(self.here(), msg)
    }

    pub(super) fn refuse(&self, what: &str) -> ParseError {
        ParseError::unmodelled(
            self.here(),
            format!(
                "schemadiff cannot model {what} yet; remove it from the desired-state file or manage it outside schemadiff"
            ),
        )
    }

    pub(super) fn expect(&mut self, w: &str) -> Result<()> {
        if self.eat(w) {
            Ok(())
        } else {
            Err(self.error(format!("expected {}", w.to_uppercase())))
        }
    }

    /// A name part: a quoted name as is, a word folded to lower case.
    pub(super) fn ident(&mut self) -> Result<String> {
        match self.peek() {
            Some(t) if t.quoted => {
                let s = t.text.clone();
                self.pos += 1;
                Ok(s)
            }
            Some(t) if !matches!(t.text.as_str(), "(" | ")" | "," | ".") => {
                let s = t.text.to_lowercase();
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.error("expected a name")),
        }
    }

    pub(super) fn qual(&mut self) -> Result<QualName> {
        let first = self.ident()?;
        if self.eat(".") {
            let second = self.ident()?;
            if self.peek_is(".") {
                return Err(self.error("a name has at most two parts here: schema.name"));
            }
            Ok(QualName::new(first, second))
        } else {
            Ok(QualName::new(super::search_path::default_schema(), first))
        }
    }

    pub(super) fn list<T>(
        &mut self,
        mut one: impl FnMut(&mut Self) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut v = vec![one(self)?];
        while self.eat(",") {
            v.push(one(self)?);
        }
        Ok(v)
    }

    /// The text between a `(` here and its `)`, both consumed.
    pub(super) fn parenthesised(&mut self) -> Result<String> {
        let open = self.peek().map(|t| t.at).unwrap_or(0);
        self.expect("(")?;
        let mut depth = 1;
        while let Some(t) = self.peek() {
            let t = t.clone();
            self.pos += 1;
            if t.is("(") {
                depth += 1;
            } else if t.is(")") {
                depth -= 1;
                if depth == 0 {
                    return Ok(self.text[open + 1..t.at].to_string());
                }
            }
        }
        Err(self.error("expected )"))
    }

    pub(super) fn done(&self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("unexpected text at the end of the statement")),
        }
    }
}

const PRIVILEGES: [&str; 11] = [
    "select",
    "insert",
    "update",
    "delete",
    "truncate",
    "references",
    "trigger",
    "maintain",
    "usage",
    "execute",
    "create",
];

/// `ALL [PRIVILEGES] [(cols)]` or `priv [(cols)], …`.
fn privileges(r: &mut Reader) -> Result<Vec<RawPrivilege>> {
    let columns = |r: &mut Reader| -> Result<Vec<String>> {
        if r.eat("(") {
            let cols = r.list(|r| r.ident())?;
            r.expect(")")?;
            Ok(cols)
        } else {
            Ok(Vec::new())
        }
    };
    if r.eat("all") {
        r.eat("privileges");
        return Ok(vec![(None, columns(r)?)]);
    }
    r.list(|r| {
        let t = r.peek().cloned();
        match t {
            Some(t) if !t.quoted && PRIVILEGES.contains(&t.text.to_lowercase().as_str()) => {
                r.pos += 1;
                Ok((Some(t.text.to_uppercase()), columns(r)?))
            }
            Some(t)
                if !t.quoted
                    && ["temporary", "temp", "connect", "set", "alter"]
                        .contains(&t.text.to_lowercase().as_str()) =>
            {
                Err(r.refuse("privileges on databases and parameters"))
            }
            _ => Err(r.refuse(
                "granting a role to a role (role membership); roles are managed outside the schema",
            )),
        }
    })
}

fn grantees(r: &mut Reader) -> Result<Vec<String>> {
    r.list(|r| {
        r.eat("group");
        match r.peek() {
            Some(t) if t.is("public") => {
                r.pos += 1;
                Ok(privileges::PUBLIC.to_string())
            }
            Some(t)
                if ["current_user", "current_role", "session_user"]
                    .iter()
                    .any(|w| t.is(w)) =>
            {
                Err(r
                    .refuse("CURRENT_USER and the like as grantees (name the role)")
                    .hard())
            }
            _ => r.ident(),
        }
    })
}

/// The object kinds after `ON`.
fn target(r: &mut Reader) -> Result<RawTarget> {
    if r.peek_is("all") {
        return Err(r.refuse("ALL … IN SCHEMA (list the objects)"));
    }
    for w in [
        "database",
        "language",
        "large",
        "foreign",
        "tablespace",
        "parameter",
    ] {
        if r.peek_is(w) {
            return Err(r.refuse(&format!("privileges on {}", w.to_uppercase())));
        }
    }
    if r.eat("sequence") {
        return Ok(RawTarget::Sequences(r.list(|r| r.qual())?));
    }
    if r.eat("schema") {
        return Ok(RawTarget::Schemas(r.list(|r| r.ident())?));
    }
    if r.eat("type") || r.eat("domain") {
        return Ok(RawTarget::Types(r.list(|r| r.qual())?));
    }
    if r.eat("function") || r.eat("procedure") || r.eat("routine") {
        return Ok(RawTarget::Functions(r.list(|r| {
            let q = r.qual()?;
            let args = if r.peek_is("(") {
                Some(comment::argument_types(&r.parenthesised()?))
            } else {
                None
            };
            Ok((q, args))
        })?));
    }
    r.eat("table");
    Ok(RawTarget::Tables(r.list(|r| r.qual())?))
}

/// `[WITH GRANT OPTION]` after a grant; `[GRANTED BY …]`; `[CASCADE |
/// RESTRICT]` after a revoke.
fn tail(r: &mut Reader, grant: bool) -> Result<bool> {
    let mut option = false;
    if grant && r.eat("with") {
        r.expect("grant")?;
        r.expect("option")?;
        option = true;
    }
    if r.peek_is("granted") {
        return Err(r
            .refuse("GRANTED BY (grants are made by the role that applies)")
            .hard());
    }
    if !grant && !r.eat("cascade") {
        r.eat("restrict");
    }
    Ok(option)
}

/// `GRANT … ON … TO …` / `REVOKE … ON … FROM …` after the verb; the
/// target is read by `on`.
fn grant_body<T>(
    r: &mut Reader,
    grant: bool,
    on: impl FnOnce(&mut Reader) -> Result<T>,
) -> Result<(RawGrant, T)> {
    let loc = r.loc.clone();
    let mut option = false;
    if !grant && r.eat("grant") {
        r.expect("option")?;
        r.expect("for")?;
        option = true;
    }
    let privileges = privileges(r)?;
    r.expect("on")?;
    let target = on(r)?;
    r.expect(if grant { "to" } else { "from" })?;
    let grantees = grantees(r)?;
    option |= tail(r, grant)?;
    r.done()?;
    Ok((
        RawGrant {
            grant,
            option,
            privileges,
            grantees,
            loc,
        },
        target,
    ))
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str, offset: usize, src: &'a Source, loc: &'a Loc) -> Self {
        Reader {
            text,
            toks: tokenize(text),
            pos: 0,
            offset,
            src,
            loc,
        }
    }
}

pub(super) fn privilege_statement(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let mut r = Reader {
        text,
        toks: tokenize(text),
        pos: 0,
        offset,
        src,
        loc,
    };
    if r.eat("reset") {
        r.expect("role")?;
        r.done()?;
        b.current_role = None;
        return Ok(());
    }
    if r.eat("set") {
        r.expect("role")?;
        let role = r.ident()?;
        r.done()?;
        let role = match role.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
            Some(quoted) => quoted.to_string(),
            None => role,
        };
        b.current_role = (role != "none").then_some(role);
        return Ok(());
    }
    if r.eat("alter") {
        r.expect("default")?;
        r.expect("privileges")?;
        let mut roles = vec![b.current_role.clone()];
        let mut schemas = vec![None];
        loop {
            if r.eat("for") {
                if !r.eat("role") {
                    r.expect("user")?;
                }
                roles = r.list(|r| r.ident())?.into_iter().map(Some).collect();
            } else if r.eat("in") {
                r.expect("schema")?;
                schemas = r.list(|r| r.ident())?.into_iter().map(Some).collect();
            } else {
                break;
            }
        }
        let grant = if r.eat("grant") {
            true
        } else {
            r.expect("revoke")?;
            false
        };
        let (g, on) = grant_body(&mut r, grant, |r| {
            let on = match r.peek().map(|t| t.text.to_lowercase()).as_deref() {
                Some("tables") => DefaultOn::Tables,
                Some("sequences") => DefaultOn::Sequences,
                Some("functions" | "routines") => DefaultOn::Functions,
                Some("types") => DefaultOn::Types,
                Some("schemas") => DefaultOn::Schemas,
                _ => {
                    return Err(r.error(
                        "expected TABLES, SEQUENCES, FUNCTIONS, ROUTINES, TYPES or SCHEMAS",
                    ))
                }
            };
            r.pos += 1;
            Ok(on)
        })?;
        for s in schemas.iter().flatten() {
            if s != "public" && !b.schemas.contains_key(s) {
                return Err(ParseError::new(
                    loc.clone(),
                    format!("schema {} is not defined", quote_ident(s)),
                ));
            }
        }
        let before = b.made_so_far();
        b.privilege_events.push(PrivEvent::Defaults {
            grant: g,
            roles,
            schemas,
            on,
            before,
        });
        return Ok(());
    }
    let grant = if r.eat("grant") {
        true
    } else {
        r.expect("revoke")?;
        false
    };
    let (g, target) = grant_body(&mut r, grant, target)?;
    b.privilege_events.push(PrivEvent::Object(g, target));
    Ok(())
}

/// An object as the YAML form names it under `grants`: `table users`,
/// `column users.email`, `function total(numeric, integer)`; the target and,
/// for a column, its name.
pub(crate) fn privilege_key(key: &str, loc: &Loc) -> Result<(RawTarget, Option<String>)> {
    let src = Source::sql(loc.file.to_string(), key.to_string());
    let mut r = Reader {
        text: key,
        toks: tokenize(key),
        pos: 0,
        offset: 0,
        src: &src,
        loc,
    };
    let located = |e: ParseError| {
        ParseError::new(loc.clone(), format!("`grants` key `{key}`: {}", e.message))
    };
    if r.eat("column") {
        let mut parts = vec![r.ident().map_err(located)?];
        while r.eat(".") {
            parts.push(r.ident().map_err(located)?);
        }
        r.done().map_err(located)?;
        let (table, column) = match parts.as_slice() {
            [t, c] => (QualName::new(super::search_path::default_schema(), t.clone()), c.clone()),
            [s, t, c] => (QualName::new(s.clone(), t.clone()), c.clone()),
            _ => {
                return Err(ParseError::new(
                    loc.clone(),
                    format!("`grants` key `{key}`: write `column table.column` or `column schema.table.column`"),
                ))
            }
        };
        return Ok((RawTarget::Tables(vec![table]), Some(column)));
    }
    let known = [
        "table",
        "view",
        "materialized",
        "sequence",
        "function",
        "procedure",
        "routine",
        "schema",
        "type",
        "domain",
    ];
    if !r.peek().is_some_and(|t| known.iter().any(|k| t.is(k))) {
        return Err(ParseError::new(
            loc.clone(),
            format!("`grants` key `{key}` names no kind: start it with table, column, sequence, function, procedure, schema, type or domain"),
        ));
    }
    if r.eat("view") || (r.eat("materialized") && r.eat("view")) {
        let t = RawTarget::Tables(vec![r.qual().map_err(located)?]);
        r.done().map_err(located)?;
        return Ok((t, None));
    }
    let t = target(&mut r).map_err(located)?;
    r.done().map_err(located)?;
    Ok((t, None))
}

/// `ALTER TABLE [IF EXISTS] [ONLY] t ALTER [COLUMN] c SET STORAGE s | SET
/// COMPRESSION m | SET STATISTICS n`, as pg_dump writes them (sqlparser
/// reads none of them).
pub(super) fn column_storage(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let mut r = Reader::new(text, offset, src, loc);
    r.expect("alter")?;
    r.expect("table")?;
    if r.eat("if") {
        r.expect("exists")?;
    }
    let only = r.eat("only");
    let table = r.qual()?;
    r.expect("alter")?;
    r.eat("column");
    let column = r.ident()?;
    r.expect("set")?;
    if r.eat("statistics") {
        let target = statistics_target(&mut r)?;
        r.done()?;
        return set_statistics(b, &table, &column, only, target, loc);
    }
    let storage = if r.eat("storage") {
        true
    } else {
        r.expect("compression")?;
        false
    };
    let at = r.here();
    let value = r.ident()?;
    if r.peek_is(",") {
        return Err(r.refuse("several actions in one ALTER TABLE with SET STORAGE or COMPRESSION (write one statement each)"));
    }
    r.done()?;
    let allowed: &[&str] = if storage {
        &["plain", "external", "extended", "main", "default"]
    } else {
        &["pglz", "lz4", "default"]
    };
    if !allowed.contains(&value.as_str()) {
        return Err(ParseError::new(
            at,
            format!("`{value}` is not one of {}", allowed.join(", ")),
        ));
    }
    let before = b.column_state(&table, &column);
    let c = b.column_mut(&table, &column, loc)?;
    let value = (value != "default").then_some(value);
    if storage {
        c.storage = value;
    } else {
        c.compression = value;
    }
    let o = Overrides {
        storage,
        compression: !storage,
        ..Default::default()
    };
    c.changed(o);
    b.spread(&table, &column, only, o, &before, loc)?;
    Ok(())
}

/// A statistics target after `SET STATISTICS`: a number, `-1` or
/// `DEFAULT` (none).
fn statistics_target(r: &mut Reader) -> Result<Option<i32>> {
    let at = r.here();
    let word = r.ident()?;
    if word == "default" {
        return Ok(None);
    }
    let n: i32 = word.parse().map_err(|_| {
        ParseError::new(
            at.clone(),
            format!("`{word}` is not a statistics target (a number, or DEFAULT)"),
        )
    })?;
    crate::yaml::statistics_target(Some(n), &at)
}

/// `SET STATISTICS` on a table's column; without ONLY on the column of
/// every table that inherits it or is a partition of it, at any depth, as
/// the server recurses (a table made later starts from the default).
fn set_statistics(
    b: &mut Builder,
    table: &QualName,
    column: &str,
    only: bool,
    target: Option<i32>,
    loc: &Loc,
) -> Result<()> {
    // The column is the table's (its own, inherited, or a partition's
    // parent's: its columns are filled in at the end).
    let mut owner = table.clone();
    for _ in 0..=b.tables.len() {
        match b.tables.get(&owner).filter(|t| t.columns.is_empty()) {
            Some(crate::build::RawTable {
                partition_of: Some(p),
                ..
            }) => owner = p.parent.clone(),
            _ => break,
        }
    }
    b.column_mut(&owner, column, loc)?;
    let set = |t: &mut crate::build::RawTable| match target {
        Some(n) => {
            t.statistics_targets.insert(column.to_string(), n);
        }
        None => {
            t.statistics_targets.remove(column);
        }
    };
    if let Some(t) = b.tables.get_mut(table) {
        set(t);
    }
    if only {
        return Ok(());
    }
    let mut next = vec![table.clone()];
    let mut seen: Vec<QualName> = vec![table.clone()];
    while let Some(n) = next.pop() {
        let below: Vec<QualName> = b
            .tables
            .values()
            .filter(|t| {
                t.inherits.contains(&n) || t.partition_of.as_ref().is_some_and(|p| p.parent == n)
            })
            .map(|t| t.name.clone())
            .filter(|t| !seen.contains(t))
            .collect();
        for t in below {
            if let Some(t) = b.tables.get_mut(&t) {
                set(t);
            }
            seen.push(t.clone());
            next.push(t);
        }
    }
    Ok(())
}

/// `ALTER INDEX [IF EXISTS] i ALTER [COLUMN] n SET STATISTICS m`, as
/// pg_dump writes it for an expression key.
pub(super) fn index_statistics(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let mut r = Reader::new(text, offset, src, loc);
    r.expect("alter")?;
    r.expect("index")?;
    if r.eat("if") {
        r.expect("exists")?;
    }
    let index = r.qual()?;
    r.expect("alter")?;
    r.eat("column");
    let at = r.here();
    let number = r.ident()?;
    let n: usize = number.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
        ParseError::new(
            at.clone(),
            format!("`{number}` is not a column number of the index"),
        )
    })?;
    r.expect("set")?;
    r.expect("statistics")?;
    let target = statistics_target(&mut r)?;
    r.done()?;
    let Some(key) = b
        .indexes
        .iter_mut()
        .find(|i| i.table.schema == index.schema && i.name.as_deref() == Some(index.name.as_str()))
        .map(|i| i.keys.get_mut(n - 1))
    else {
        // An index of a materialized view is made in the scratch database,
        // and so is this.
        if b.views
            .iter()
            .any(|(n, v)| v.materialized && n.schema == index.schema)
            && !b.view_after.is_empty()
        {
            b.view_after.push((
                loc.to_string(),
                super::search_path::under_path(text.trim_end()),
            ));
            return Ok(());
        }
        return Err(ParseError::new(
            loc.clone(),
            format!("index {index} is not defined"),
        ));
    };
    let Some(key) = key else {
        return Err(ParseError::new(
            at,
            format!("index {index} has no column {n}"),
        ));
    };
    if matches!(key.target, crate::build::RawKeyTarget::Column(_)) {
        return Err(ParseError::new(
            at,
            format!("column {n} of index {index} is a table column: only an expression key has a statistics target of its own"),
        ));
    }
    key.statistics = target;
    Ok(())
}
