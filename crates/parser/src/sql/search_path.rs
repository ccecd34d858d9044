//! The session's `search_path` while one SQL file is read, as psql would
//! run it: `SET search_path = musicbrainz, public`, pg_dump's
//! `set_config('search_path', '', false)`, `RESET search_path`. An
//! unqualified name is made in the first schema of the path that exists
//! (`public` by default); one that names an existing object is looked up
//! along the path (see [`Builder::on_path`]).
//!
//! Kept per thread: a file is read on one thread from its start to its
//! end, and each file starts with the default path (psql runs each file
//! in a session of its own).

use crate::build::Builder;
use crate::error::{ParseError, Result};
use crate::source::Loc;
use schemadiff_model::QualName;
use std::cell::RefCell;

#[derive(Clone)]
struct Path {
    /// As set, in order (quotes taken off, unquoted names folded).
    written: Vec<String>,
    /// The written schemas that exist, in order.
    effective: Vec<String>,
}

impl Default for Path {
    fn default() -> Self {
        Path {
            written: vec!["public".into()],
            effective: vec!["public".into()],
        }
    }
}

thread_local! {
    static PATH: RefCell<Path> = RefCell::new(Path::default());
}

/// Back to PostgreSQL's default (`"$user", public`): a file starts there.
pub(crate) fn reset() {
    PATH.with(|p| *p.borrow_mut() = Path::default());
}

/// Where an unqualified name is made: the first schema of the path that
/// exists; `public` when none does (pg_dump's empty path qualifies every
/// name it writes).
pub(crate) fn default_schema() -> String {
    PATH.with(|p| {
        p.borrow()
            .effective
            .first()
            .cloned()
            .unwrap_or_else(|| "public".into())
    })
}

/// Whether the path is PostgreSQL's default (`public` for what a file
/// makes): names then need no looking up.
pub(crate) fn is_default() -> bool {
    PATH.with(|p| p.borrow().effective == ["public"])
}

/// The schemas that exist on the path, in order.
pub(crate) fn effective() -> Vec<String> {
    PATH.with(|p| p.borrow().effective.clone())
}

/// Works out which schemas of the path exist (after a `SET` or a
/// `CREATE SCHEMA`).
pub(crate) fn refresh(b: &Builder) {
    PATH.with(|p| {
        let mut p = p.borrow_mut();
        p.effective = p
            .written
            .iter()
            .filter(|s| *s == "public" || b.schemas.contains_key(*s))
            .cloned()
            .collect();
    });
}

/// `SET [SESSION | LOCAL] search_path { TO | = } …`, `RESET search_path`
/// or `SELECT pg_catalog.set_config('search_path', '…', …)`: `Some` with
/// the path when `text` is one of them.
pub(crate) fn statement(text: &str, loc: &Loc) -> Option<Result<Vec<String>>> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let list = match words.as_slice() {
        ["reset", "search_path" | "all"] => return Some(Ok(vec!["public".into()])),
        ["set", "session" | "local", "search_path", ..] | ["set", "search_path", ..] => {
            let at = lower.find("search_path")? + "search_path".len();
            let rest = text[at..].trim_start();
            let rest = if rest.len() >= 2 && rest[..2].eq_ignore_ascii_case("to") {
                &rest[2..]
            } else {
                rest.strip_prefix('=')?
            };
            rest.trim().to_string()
        }
        ["select", ..] if lower.contains("set_config('search_path'") => {
            let at = lower.find("set_config('search_path'")? + "set_config('search_path'".len();
            let rest = text[at..].trim_start().strip_prefix(',')?.trim_start();
            let value = rest.strip_prefix('\'')?;
            let end = value.find('\'')?;
            value[..end].to_string()
        }
        _ => return None,
    };
    if list.eq_ignore_ascii_case("default") {
        return Some(Ok(vec!["public".into()]));
    }
    Some(split_list(&list).map_err(|m| ParseError::new(loc.clone(), m)))
}

/// `musicbrainz, public`, `'cover_art_archive'`, `"$user", public`, or
/// `'a, b'` (set_config's one string): the schema names.
fn split_list(list: &str) -> std::result::Result<Vec<String>, String> {
    let mut out = Vec::new();
    for part in list.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let name = if let Some(q) = part.strip_prefix('\'').and_then(|p| p.strip_suffix('\'')) {
            // A string holds the names as the setting's text: a list of
            // its own, quoted or not.
            out.extend(split_list(q)?);
            continue;
        } else if let Some(q) = part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
            q.replace("\"\"", "\"")
        } else if part
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            part.to_lowercase()
        } else {
            return Err(format!("`{part}` is not a schema name in search_path"));
        };
        out.push(name);
    }
    Ok(out)
}

/// A statement kept as written (a view, a statement on one, an operator
/// or text search object), made to run under the path it was read under,
/// whatever the session's: its unqualified names are found where the file
/// meant them (`public` by default, as this reader takes them).
pub(crate) fn under_path(sql: &str) -> String {
    let path = PATH.with(|p| p.borrow().written.clone());
    let list: Vec<String> = path
        .iter()
        .map(|s| schemadiff_model::quote_ident(s))
        .collect();
    let list = if list.is_empty() {
        "''".to_string()
    } else {
        list.join(", ")
    };
    // A session setting, not LOCAL: psql runs a converted file statement
    // by statement, outside a transaction. Set back to `public`, which
    // every qualified statement after it is indifferent to.
    if list == "public" {
        format!("SET search_path = public;\n{sql}")
    } else {
        format!("SET search_path = {list};\n{sql};\nSET search_path = public")
    }
}

/// Sets the path read from a statement.
pub(crate) fn set(written: Vec<String>, b: &Builder) {
    PATH.with(|p| {
        p.borrow_mut().written = written;
    });
    refresh(b);
}

/// For `CREATE SCHEMA s` with elements: the new schema in front of the
/// path while they are read, as PostgreSQL does; the returned guard puts
/// the path back.
pub(crate) fn push_front(schema: &str) -> Restore {
    let before = PATH.with(|p| p.borrow().clone());
    PATH.with(|p| {
        let mut p = p.borrow_mut();
        p.written.insert(0, schema.to_string());
        p.effective.insert(0, schema.to_string());
    });
    Restore(Some(before))
}

/// Puts the path back when dropped.
pub(crate) struct Restore(Option<Path>);

impl Drop for Restore {
    fn drop(&mut self) {
        if let Some(before) = self.0.take() {
            PATH.with(|p| *p.borrow_mut() = before);
        }
    }
}

impl Builder {
    /// A name read as `q` (unqualified names get [`default_schema`]) that
    /// names an existing object: where `exists` finds it along the path.
    /// A qualified name, or one the path does not find, stays.
    pub(crate) fn on_path(
        &self,
        q: QualName,
        exists: impl Fn(&Builder, &QualName) -> bool,
    ) -> QualName {
        if exists(self, &q) || q.schema != default_schema() {
            return q;
        }
        effective()
            .into_iter()
            .map(|s| QualName::new(s, q.name.clone()))
            .find(|c| exists(self, c))
            .unwrap_or(q)
    }

    /// A statement read under a path of the file's own: a function its
    /// expressions call, a sequence `nextval('…')` names and a user type
    /// they cast to, written unqualified, are qualified where the path
    /// finds them (outside `public`), as the server resolves them when it
    /// makes the object (and prints them with `search_path = public`).
    pub(crate) fn qualify_on_path(&self, statement: &mut sqlparser::ast::Statement) {
        use sqlparser::ast::{
            DataType, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, ObjectName,
            ObjectNamePart, Value,
        };
        use std::ops::ControlFlow;
        let path = effective();
        let found = |name: &str, exists: &dyn Fn(&QualName) -> bool| -> Option<String> {
            path.iter()
                .find(|s| exists(&QualName::new(s.as_str(), name)))
                .filter(|s| *s != "public")
                .cloned()
        };
        let bare = |n: &ObjectName| -> Option<String> {
            match n.0.as_slice() {
                [ObjectNamePart::Identifier(i)] => Some(super::ident(i)),
                _ => None,
            }
        };
        let _ = sqlparser::ast::visit_expressions_mut(statement, |e| {
            match e {
                Expr::Function(f) => {
                    if let Some(name) = bare(&f.name) {
                        let lower = name.as_str();
                        if matches!(lower, "nextval" | "currval" | "setval") {
                            if let FunctionArguments::List(list) = &mut f.args {
                                if let Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(
                                    Expr::Value(v),
                                ))) = list.args.first_mut()
                                {
                                    if let Value::SingleQuotedString(seq) = &mut v.value {
                                        if !seq.contains('.') {
                                            let q = seq.to_lowercase();
                                            if let Some(s) =
                                                found(&q, &|c| self.sequences.contains_key(c))
                                            {
                                                *seq = format!("{s}.{seq}");
                                            }
                                        }
                                    }
                                }
                            }
                        } else if let Some(s) =
                            found(&name, &|c| self.functions.iter().any(|f| f.name == *c))
                        {
                            f.name = ObjectName(vec![
                                ObjectNamePart::Identifier(Ident::with_quote('"', s)),
                                ObjectNamePart::Identifier(Ident::with_quote('"', name)),
                            ]);
                        }
                    }
                }
                Expr::Collate { collation, .. } => {
                    if let Some(name) = bare(collation) {
                        let on = self.collation_on_path(&name);
                        if let Some((s, _)) = on.split_once('.') {
                            *collation = ObjectName(vec![
                                ObjectNamePart::Identifier(Ident::with_quote('"', s)),
                                ObjectNamePart::Identifier(Ident::with_quote('"', name)),
                            ]);
                        }
                    }
                }
                Expr::Cast {
                    data_type: DataType::Custom(n, mods),
                    ..
                } => {
                    if let Some(name) = bare(n) {
                        let user = |c: &QualName| {
                            self.enums.contains_key(c)
                                || self.domains.contains_key(c)
                                || self.composites.contains_key(c)
                        };
                        if let Some(s) = found(&name, &user) {
                            *n = ObjectName(vec![
                                ObjectNamePart::Identifier(Ident::with_quote('"', s)),
                                ObjectNamePart::Identifier(Ident::with_quote('"', name)),
                            ]);
                            let _ = mods;
                        }
                    }
                }
                _ => {}
            }
            ControlFlow::<()>::Continue(())
        });
    }

    /// [`Builder::on_path`] for a relation (table, view, sequence).
    pub(crate) fn relation_on_path(&self, q: QualName) -> QualName {
        self.on_path(q, |b, c| {
            b.tables.contains_key(c) || b.views.contains_key(c) || b.sequences.contains_key(c)
        })
    }

    /// The tables a constraint references, found along the path.
    pub(crate) fn constraint_on_path(&self, c: &mut crate::build::RawConstraint) {
        if let crate::build::RawKind::ForeignKey { ref_table, .. } = &mut c.kind {
            *ref_table = self.relation_on_path(ref_table.clone());
        }
    }

    /// A collation written unqualified, where the path finds one of the
    /// file's (outside `public`): `schema.name`, as the catalog prints it.
    pub(crate) fn collation_on_path(&self, written: &str) -> String {
        if written.contains('.') || is_default() {
            return written.to_string();
        }
        effective()
            .into_iter()
            .find(|s| {
                self.collations
                    .contains_key(&QualName::new(s.as_str(), written))
            })
            .filter(|s| s != "public")
            .map_or_else(|| written.to_string(), |s| format!("{s}.{written}"))
    }

    /// A column's type, with a user type found along the path.
    pub(crate) fn column_on_path(&self, c: &mut crate::build::RawColumn) -> Result<()> {
        if let Some(coll) = &c.collation {
            c.collation = Some(self.collation_on_path(coll));
        }
        let on_path = self.type_on_path(&c.written_type);
        if on_path != c.written_type {
            c.ty = super::table::column_type(&on_path, &c.loc)?;
            c.written_type = on_path;
        }
        Ok(())
    }

    /// A function named as `q` (a trigger's), found along the path.
    pub(crate) fn function_on_path(&self, q: QualName) -> QualName {
        self.on_path(q, |b, c| b.functions.iter().any(|f| f.name == *c))
    }

    /// A type as written, with an unqualified user type (enum, domain,
    /// composite, a table's row type) qualified by where the path finds
    /// it; anything else as written.
    pub(crate) fn type_on_path(&self, written: &str) -> String {
        use schemadiff_model::types::{canonical_type, TypeName};
        let path = effective();
        if path.len() == 1 && path[0] == "public" {
            return written.to_string();
        }
        let Ok(TypeName::Other {
            schema: None, name, ..
        }) = canonical_type(written)
        else {
            return written.to_string();
        };
        let found = path.iter().find(|s| {
            let c = QualName::new(s.as_str(), name.as_str());
            self.enums.contains_key(&c)
                || self.domains.contains_key(&c)
                || self.composites.contains_key(&c)
                || self.tables.contains_key(&c)
                || self.views.contains_key(&c)
        });
        match found {
            Some(s) if s != "public" => {
                // The name as written keeps its quotes and array suffix.
                format!("{}.{}", schemadiff_model::quote_ident(s), written.trim())
            }
            _ => written.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(sql: &str) -> Vec<String> {
        statement(sql, &Loc::default()).unwrap().unwrap()
    }

    #[test]
    fn every_spelling_of_the_setting_is_read() {
        assert_eq!(
            path("SET search_path = musicbrainz, public"),
            ["musicbrainz", "public"]
        );
        assert_eq!(
            path("SET search_path TO 'cover_art_archive'"),
            ["cover_art_archive"]
        );
        assert_eq!(
            path("set search_path to \"$user\", public"),
            ["$user", "public"]
        );
        assert_eq!(path("SET LOCAL search_path = \"Sales\""), ["Sales"]);
        assert_eq!(path("SET search_path TO DEFAULT"), ["public"]);
        assert_eq!(path("RESET search_path"), ["public"]);
        assert_eq!(
            path("SELECT pg_catalog.set_config('search_path', '', false)"),
            Vec::<String>::new()
        );
        assert_eq!(
            path("SELECT pg_catalog.set_config('search_path', 'a, B', false)"),
            ["a", "b"]
        );
        assert!(statement("SET statement_timeout = 0", &Loc::default()).is_none());
    }
}
