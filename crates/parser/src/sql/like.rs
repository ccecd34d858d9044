//! `CREATE TABLE t (…, LIKE source [INCLUDING | EXCLUDING …], …)`: the
//! source table's columns, and what the options name, copied where the
//! clause stands, as PostgreSQL copies them when the statement runs.
//! sqlparser reads `LIKE` only as a table's sole element, so the clause is
//! taken out of the text (blanked, so every location stays) and read here.

use super::privilege::Reader;
use super::*;
use schemadiff_model::names::{choose_name, choose_name_with};
use std::collections::BTreeSet;

/// A `LIKE` element as written: its text, where it starts in the
/// statement, and how many column definitions come before it.
#[derive(Debug, Clone)]
pub(crate) struct LikeText {
    text: String,
    at: usize,
    columns_before: usize,
}

impl LikeText {
    pub(super) fn columns_before(&self) -> usize {
        self.columns_before
    }
}

/// What `INCLUDING` / `EXCLUDING` name.
#[derive(Debug, Clone, Copy, Default)]
struct Including {
    comments: bool,
    compression: bool,
    constraints: bool,
    defaults: bool,
    generated: bool,
    identity: bool,
    indexes: bool,
    statistics: bool,
    storage: bool,
}

impl Including {
    fn set(&mut self, option: &str, on: bool) -> bool {
        let flag = match option {
            "comments" => &mut self.comments,
            "compression" => &mut self.compression,
            "constraints" => &mut self.constraints,
            "defaults" => &mut self.defaults,
            "generated" => &mut self.generated,
            "identity" => &mut self.identity,
            "indexes" => &mut self.indexes,
            "statistics" => &mut self.statistics,
            "storage" => &mut self.storage,
            "all" => {
                *self = if on {
                    Including {
                        comments: true,
                        compression: true,
                        constraints: true,
                        defaults: true,
                        generated: true,
                        identity: true,
                        indexes: true,
                        statistics: true,
                        storage: true,
                    }
                } else {
                    Including::default()
                };
                return true;
            }
            _ => return false,
        };
        *flag = on;
        true
    }
}

/// What one `LIKE` copies into the new table.
pub(super) struct Copied {
    pub columns: Vec<RawColumn>,
    pub constraints: Vec<RawConstraint>,
    pub indexes: Vec<RawIndex>,
    pub late_comments: Vec<LateComment>,
}

/// A table's `[CONSTRAINT name] NOT NULL column [NO INHERIT]` element
/// (PostgreSQL 18; pg_dump 18 writes one for an inherited column a child
/// makes NOT NULL), which sqlparser does not read: its text and where it
/// starts in the statement.
#[derive(Debug, Clone)]
pub(crate) struct NotNullText {
    pub text: String,
    pub at: usize,
}

/// Whether an element is a table-level NOT NULL constraint.
fn is_not_null_element(el: &str) -> bool {
    let w: Vec<String> = el
        .split_whitespace()
        .take(4)
        .map(str::to_ascii_lowercase)
        .collect();
    matches!(w.as_slice(), [a, b, ..] if a == "not" && b == "null")
        || matches!(w.as_slice(), [c, _, a, b] if c == "constraint" && a == "not" && b == "null")
}

/// Takes the `LIKE` elements (and PostgreSQL 18's table-level `NOT NULL
/// column` constraints) out of a `CREATE TABLE`'s element list.
/// Returns the text with each one (and the comma that went with it)
/// blanked, and the elements in the order written.
pub(super) fn like_clauses(text: &str) -> (String, Vec<LikeText>, Vec<NotNullText>) {
    if !contains_ignore_case(text, "like") && !contains_ignore_case(text, "null") {
        return (text.to_string(), vec![], vec![]);
    }
    let Some(elements) = elements(text) else {
        return (text.to_string(), vec![], vec![]);
    };
    let mut not_nulls = Vec::new();
    for &(s, e, _) in &elements {
        if is_not_null_element(&text[s..e]) {
            let lead = text[s..e].len() - text[s..e].trim_start().len();
            not_nulls.push(NotNullText {
                text: text[s..e].trim().to_string(),
                at: s + lead,
            });
        }
    }
    let is_like = |&(s, e, _): &(usize, usize, Option<usize>)| {
        first_word(&text[s..e]) == "like" || is_not_null_element(&text[s..e])
    };
    if !elements.iter().any(is_like) {
        return (text.to_string(), vec![], vec![]);
    }
    let mut out = text.as_bytes().to_vec();
    let mut blank = |from: usize, to: usize| {
        for b in &mut out[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let mut likes = Vec::new();
    let mut columns = 0;
    for (i, el) in elements.iter().enumerate() {
        let (s, e, comma) = *el;
        let kept_after = elements[i + 1..].iter().any(|x| !is_like(x));
        if is_like(el) && is_not_null_element(&text[s..e]) {
            blank(s, e);
        } else if is_like(el) {
            likes.push(LikeText {
                text: text[s..e].to_string(),
                at: s,
                columns_before: columns,
            });
            blank(s, e);
        } else if !matches!(
            first_word(&text[s..e]).as_str(),
            "constraint" | "check" | "unique" | "primary" | "foreign" | "exclude"
        ) {
            columns += 1;
        }
        if let Some(c) = comma {
            if is_like(el) || !kept_after {
                blank(c, c + 1);
            }
        }
    }
    // Only ASCII bytes were replaced, by ASCII: still UTF-8.
    (
        String::from_utf8(out).unwrap_or_else(|_| text.to_string()),
        likes,
        not_nulls,
    )
}

/// The first word of an element (lower case), past spaces and comments.
fn first_word(el: &str) -> String {
    let mut rest = el;
    loop {
        rest = rest.trim_start();
        if rest.starts_with("--") {
            rest = rest.find('\n').map_or("", |n| &rest[n..]);
        } else if rest.starts_with("/*") {
            rest = rest.find("*/").map_or("", |n| &rest[n + 2..]);
        } else {
            break;
        }
    }
    rest.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The elements of the first parenthesised list: each one's start and end,
/// and where the comma after it is. Strings, quoted names, dollar quotes
/// and comments are skipped; `None` if the text ends inside one.
fn elements(text: &str) -> Option<Vec<(usize, usize, Option<usize>)>> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    let mut out = Vec::new();
    let mut start = 0;
    while i < b.len() {
        match b[i] {
            b'\'' | b'"' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                if i >= b.len() {
                    return None;
                }
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i..].find("*/").map(|n| i + n + 1)?;
            }
            b'$' => {
                if let Some(tag_end) = text[i + 1..].find('$').map(|n| i + 1 + n) {
                    let tag = &text[i..=tag_end];
                    if tag[1..tag.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !tag[1..].starts_with(|c: char| c.is_ascii_digit())
                    {
                        let close = text[tag_end + 1..].find(tag)?;
                        i = tag_end + 1 + close + tag.len() - 1;
                    }
                }
            }
            b'(' => {
                depth += 1;
                if depth == 1 {
                    start = i + 1;
                }
            }
            b')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    out.push((start, i, None));
                    return Some(out);
                }
            }
            b',' if depth == 1 => {
                out.push((start, i, Some(i)));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Reads a `LIKE` element and copies what it names from the table `b`
/// holds so far (PostgreSQL copies the source as it is when the statement
/// runs) into `target`.
pub(super) fn copy(like: &LikeText, target: &QualName, cx: &Cx, b: &Builder) -> Result<Copied> {
    let mut r = Reader::new(&like.text, cx.offset + like.at, cx.src, cx.loc);
    let at = r.here();
    r.expect("like")?;
    let source = r.qual()?;
    let mut inc = Including::default();
    while let Some(on) = if r.eat("including") {
        Some(true)
    } else if r.eat("excluding") {
        Some(false)
    } else {
        None
    } {
        let here = r.here();
        let word = r.ident()?;
        if !inc.set(&word, on) {
            return Err(ParseError::new(
                here,
                format!("`{word}` is not a LIKE option (COMMENTS, COMPRESSION, CONSTRAINTS, DEFAULTS, GENERATED, IDENTITY, INDEXES, STATISTICS, STORAGE or ALL)"),
            ));
        }
    }
    r.done()?;
    let Some(src) = b.tables.get(&source) else {
        return Err(ParseError::new(
            at,
            format!("LIKE copies table {source}, which is not defined before it (schemadiff copies tables the file defines earlier; a view or a type as the source is not modelled yet)"),
        ));
    };
    // Extended statistics are modelled, but not copied yet: refused rather
    // than lost.
    if inc.statistics && b.statistics.values().any(|s| s.table == source) {
        return Err(ParseError::new(
            at,
            format!("schemadiff cannot model LIKE … INCLUDING STATISTICS (or ALL) of {source}, which has extended statistics, yet; add EXCLUDING STATISTICS and write the CREATE STATISTICS for the new table"),
        ));
    }
    let primary_key: Vec<&String> = src
        .constraints
        .iter()
        .filter_map(|c| match &c.kind {
            RawKind::PrimaryKey(cols) => Some(cols),
            _ => None,
        })
        .flatten()
        .collect();
    let mut columns = Vec::new();
    for c in src.columns.values() {
        let mut n = RawColumn::new(
            c.name.clone(),
            c.ty.clone(),
            c.written_type.clone(),
            at.clone(),
        );
        // A column's type, collation and NOT NULL always come along; a
        // serial is the integer it is, its default the source's sequence.
        n.not_null = c.not_null
            || c.identity.is_some()
            || matches!(c.ty, TypeName::Serial(_))
            || primary_key.contains(&&c.name);
        n.collation = c.collation.clone();
        if n.not_null {
            n.kept_not_null = Some(c.kept_not_null.clone().unwrap_or_else(|| {
                schemadiff_model::names::make_object_name(&source.name, Some(&c.name), "not_null")
            }));
        }
        if let TypeName::Serial(int) = &c.ty {
            n.ty = TypeName::Builtin(int.clone());
            if inc.defaults {
                let seq = choose_name(&source.name, Some(&c.name), "seq", &Default::default());
                let seq = QualName::new(source.schema.clone(), seq);
                n.default = Some(RawDefault::Deparsed(format!(
                    "nextval({}::regclass)",
                    quote_literal(&seq.printed())
                )));
            }
        } else if inc.defaults && c.generated.is_none() {
            n.default = c.default.clone();
        }
        if inc.identity {
            n.identity = c.identity;
            n.identity_options = c.identity_options.clone();
        }
        if inc.generated {
            n.generated = c.generated.clone();
            n.generated_virtual = c.generated_virtual;
        }
        if inc.storage {
            n.storage = c.storage.clone();
        }
        if inc.compression {
            n.compression = c.compression.clone();
        }
        if inc.comments {
            n.comment = c.comment.clone();
        }
        columns.push(n);
    }
    let mut constraints = Vec::new();
    let mut late_comments = Vec::new();
    // Checks keep their names (the source's, given as PostgreSQL gave them);
    // keys and exclusions are named for the new table, as indexes are.
    let mut names: BTreeSet<String> = src
        .constraints
        .iter()
        .filter_map(|c| c.name.clone())
        .collect();
    for c in &src.constraints {
        let keep = match &c.kind {
            RawKind::Check(..) => inc.constraints,
            RawKind::PrimaryKey(_) | RawKind::Unique(..) | RawKind::Exclude { .. } => inc.indexes,
            RawKind::ForeignKey { .. } => false,
        };
        if !keep {
            continue;
        }
        let mut n = c.clone();
        n.loc = at.clone();
        n.not_valid = false;
        match &c.kind {
            RawKind::Check(e, _) => {
                let name = match &c.name {
                    Some(name) => name.clone(),
                    None => {
                        let column = b.check_column(src, e).ok_or_else(|| {
                            ParseError::new(
                                at.clone(),
                                format!("LIKE copies an unnamed check of {source} whose name schemadiff cannot work out; name the check there"),
                            )
                        })?;
                        let name =
                            choose_name_with(&source.name, column.as_deref(), "check", |n| {
                                names.contains(n)
                            });
                        names.insert(name.clone());
                        name
                    }
                };
                if inc.comments {
                    late_comments.extend(constraint_comments(b, &source, &name, target));
                }
                n.name = Some(name);
            }
            _ => {
                if inc.comments {
                    if let Some(name) = &c.name {
                        if constraint_comments(b, &source, name, target)
                            .next()
                            .is_some()
                        {
                            return Err(ParseError::new(
                                at.clone(),
                                format!("LIKE … INCLUDING COMMENTS copies the comment of {source}'s constraint {}, on a constraint PostgreSQL names anew; schemadiff cannot model that yet", quote_ident(name)),
                            ));
                        }
                    }
                }
                n.name = None;
            }
        }
        constraints.push(n);
    }
    let mut indexes = Vec::new();
    if inc.indexes {
        for i in b.indexes.iter().filter(|i| i.table == source) {
            let mut n = i.clone();
            n.name = None;
            n.table = target.clone();
            n.loc = at.clone();
            n.comment = None;
            if inc.comments {
                n.comment = i.comment.clone();
                if let Some(name) = &i.name {
                    for lc in &b.late_comments {
                        if let LateComment::Index(q, text, _) = lc {
                            if q.schema == source.schema && &q.name == name {
                                n.comment = text.clone();
                            }
                        }
                    }
                }
            }
            indexes.push(n);
        }
    }
    Ok(Copied {
        columns,
        constraints,
        indexes,
        late_comments,
    })
}

/// `COMMENT ON CONSTRAINT name ON source` read so far, as comments on the
/// copy of it in `target`.
fn constraint_comments<'b>(
    b: &'b Builder,
    source: &'b QualName,
    name: &'b str,
    target: &'b QualName,
) -> impl Iterator<Item = LateComment> + 'b {
    b.late_comments.iter().filter_map(move |lc| match lc {
        LateComment::Constraint(t, n, text, loc) if t == source && n == name => Some(
            LateComment::Constraint(target.clone(), n.clone(), text.clone(), loc.clone()),
        ),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(sql: &str) -> (String, Vec<(String, usize)>) {
        let (text, likes, _) = like_clauses(sql);
        assert_eq!(text.len(), sql.len(), "locations stay");
        let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (
            squeezed,
            likes
                .into_iter()
                .map(|l| (l.text.trim().to_string(), l.columns_before))
                .collect(),
        )
    }

    #[test]
    fn like_elements_are_blanked_with_their_commas_wherever_they_stand() {
        assert_eq!(
            taken("CREATE TABLE t (LIKE s)"),
            ("CREATE TABLE t ( )".into(), vec![("LIKE s".into(), 0)])
        );
        assert_eq!(
            taken("CREATE TABLE t (a int, LIKE s INCLUDING ALL, b text, CHECK (a > 0))"),
            (
                "CREATE TABLE t (a int, b text, CHECK (a > 0))".into(),
                vec![("LIKE s INCLUDING ALL".into(), 1)]
            )
        );
        assert_eq!(
            taken("CREATE TABLE t (LIKE s, a int, LIKE \"x\".\"y\")"),
            (
                "CREATE TABLE t ( a int )".into(),
                vec![("LIKE s".into(), 0), ("LIKE \"x\".\"y\"".into(), 1)]
            )
        );
    }

    #[test]
    fn strings_comments_and_quoted_names_are_not_elements() {
        let sql = "CREATE TABLE t (a text DEFAULT 'x, LIKE y', \"like\" int, -- LIKE z,\n b int /* , LIKE w */, LIKE s)";
        let (text, likes) = taken(sql);
        assert_eq!(likes, vec![("LIKE s".into(), 3)]);
        assert!(text.ends_with("/* , LIKE w */ )"), "{text}");
        // No LIKE element: the text is as it was.
        let plain = "CREATE TABLE t (a text CHECK (a LIKE 'x%'))";
        assert_eq!(like_clauses(plain).0, plain);
        assert!(like_clauses(plain).1.is_empty());
    }
}
