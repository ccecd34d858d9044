//! Declared renames: before comparing, the current schema is rewritten as if
//! each declared rename had happened, and a RENAME step is planned for it,
//! so a renamed table or column keeps its data instead of being dropped and
//! re-created.
//!
//! A hint whose new name already exists and old name does not has been
//! applied already: nothing to do. Both names existing, or neither (where
//! the container exists), is an error that says so. Objects that PostgreSQL
//! named after the old table or column (`articles_pkey`) are renamed to the
//! names the desired schema gives them when their definitions match.

use crate::{step, Action, Change, DiffError, Step};
use schemadiff_model::*;
use std::collections::BTreeSet;

/// Where the database names its NOT NULL constraints, a rename leaves them
/// with the name derived from the old table or column: record it, so the
/// plan renames them to what a fresh load would call them.
fn keep_not_null_names(work: &mut Schema, table: &QualName, column: Option<&str>) {
    if !work.named_not_null.0 {
        return;
    }
    let Some(t) = work.tables.get_mut(table) else {
        return;
    };
    for c in t.columns.values_mut() {
        if c.not_null && c.not_null_name.is_none() && column.is_none_or(|n| n == c.name) {
            c.not_null_name = Some(schemadiff_model::names::make_object_name(
                &table.name,
                Some(&c.name),
                "not_null",
            ));
        }
    }
}

/// The current schema with the declared renames applied (`None`: there are
/// none, use `from` as it is), and their steps.
pub(crate) fn apply(from: &Schema, to: &Schema) -> Result<(Option<Schema>, Vec<Step>), DiffError> {
    if to.renames.is_empty() {
        return Ok((None, vec![]));
    }
    let mut work = from.clone();
    let mut steps = Vec::new();
    let mut touched: BTreeSet<QualName> = BTreeSet::new();
    let mut hints: Vec<&Rename> = to.renames.0.iter().collect();
    // Tables first: the other hints name their table by its new name.
    hints.sort_by_key(|r| r.kind);
    for r in hints {
        match r.kind {
            RenameKind::Table => {
                let old = QualName::new(r.table.schema.clone(), r.from.clone());
                let exists = (
                    work.tables.contains_key(&old),
                    work.tables.contains_key(&r.table),
                );
                if !decide(
                    exists,
                    !work.tables.is_empty(),
                    r,
                    "table",
                    &old.to_string(),
                    &r.table.to_string(),
                )? {
                    continue;
                }
                keep_not_null_names(&mut work, &old, None);
                rename_table(&mut work, &old, &r.to);
                touched.insert(r.table.clone());
                steps.push(step(
                    Action::Alter,
                    "table",
                    r.table.to_string(),
                    Change::RenameTable {
                        from: old,
                        to: r.to.clone(),
                    },
                ));
            }
            RenameKind::Column => {
                let Some(t) = work.tables.get(&r.table) else {
                    continue;
                };
                let exists = (
                    t.columns.contains_key(&r.from),
                    t.columns.contains_key(&r.to),
                );
                let (o, n) = (
                    format!("{}.{}", r.table, quote_ident(&r.from)),
                    format!("{}.{}", r.table, quote_ident(&r.to)),
                );
                if !decide(exists, true, r, "column", &o, &n)? {
                    continue;
                }
                keep_not_null_names(&mut work, &r.table, Some(&r.from));
                rename_column(&mut work, &r.table, &r.from, &r.to);
                touched.insert(r.table.clone());
                steps.push(step(
                    Action::Alter,
                    "column",
                    n,
                    Change::RenameColumn {
                        table: r.table.clone(),
                        from: r.from.clone(),
                        to: r.to.clone(),
                    },
                ));
            }
            RenameKind::Constraint => {
                let Some(t) = work.tables.get(&r.table) else {
                    continue;
                };
                let exists = (
                    t.constraints.contains_key(&r.from),
                    t.constraints.contains_key(&r.to),
                );
                let (o, n) = (
                    format!("{}.{}", r.table, quote_ident(&r.from)),
                    format!("{}.{}", r.table, quote_ident(&r.to)),
                );
                if !decide(exists, true, r, "constraint", &o, &n)? {
                    continue;
                }
                steps.push(rename_constraint(&mut work, &r.table, &r.from, &r.to));
            }
            RenameKind::Index => {
                let owner = |name: &str| {
                    work.tables
                        .values()
                        .find(|t| t.name.schema == r.table.schema && t.indexes.contains_key(name))
                        .map(|t| t.name.clone())
                };
                let (old_owner, new_owner) = (owner(&r.from), owner(&r.to));
                let exists = (old_owner.is_some(), new_owner.is_some());
                let o = QualName::new(r.table.schema.clone(), r.from.clone()).to_string();
                if !decide(
                    exists,
                    !work.tables.is_empty(),
                    r,
                    "index",
                    &o,
                    &r.table.to_string(),
                )? {
                    continue;
                }
                let t = old_owner.expect("decided: the old index exists");
                steps.push(rename_index(&mut work, &t, &r.from, &r.to));
            }
            RenameKind::Enum => {
                let old = QualName::new(r.table.schema.clone(), r.from.clone());
                let exists = (
                    work.enums.contains_key(&old),
                    work.enums.contains_key(&r.table),
                );
                if !decide(
                    exists,
                    !work.enums.is_empty(),
                    r,
                    "type",
                    &old.to_string(),
                    &r.table.to_string(),
                )? {
                    continue;
                }
                rename_enum(&mut work, &old, &r.table);
                steps.push(step(
                    Action::Alter,
                    "type",
                    r.table.to_string(),
                    Change::RenameType {
                        from: old,
                        to: r.to.clone(),
                    },
                ));
            }
            RenameKind::EnumLabel => {
                let Some(e) = work.enums.get(&r.table) else {
                    continue;
                };
                let exists = (e.values.contains(&r.from), e.values.contains(&r.to));
                let (o, n) = (
                    format!("{} {}", r.table, quote_literal(&r.from)),
                    format!("{} {}", r.table, quote_literal(&r.to)),
                );
                if !decide(exists, true, r, "enum label", &o, &n)? {
                    continue;
                }
                rename_label(&mut work, &r.table, &r.from, &r.to);
                steps.push(step(
                    Action::Alter,
                    "type",
                    r.table.to_string(),
                    Change::RenameEnumValue {
                        name: r.table.clone(),
                        from: r.from.clone(),
                        to: r.to.clone(),
                    },
                ));
            }
        }
    }
    // Names PostgreSQL derived from an old table or column name follow.
    for t in touched {
        let (Some(have), Some(want)) = (work.tables.get(&t).cloned(), to.tables.get(&t)) else {
            continue;
        };
        for (name, c) in &have.constraints {
            if want.constraints.contains_key(name) {
                continue;
            }
            let twin = want.constraints.iter().find(|(n, w)| {
                !have.constraints.contains_key(*n)
                    && w.kind == c.kind
                    && w.deferrable == c.deferrable
                    && w.initially_deferred == c.initially_deferred
            });
            if let Some((new, _)) = twin {
                steps.push(rename_constraint(&mut work, &t, name, new));
            }
        }
        for (name, i) in &have.indexes {
            if want.indexes.contains_key(name) {
                continue;
            }
            let twin = want.indexes.iter().find(|(n, w)| {
                !have.indexes.contains_key(*n)
                    && Index {
                        name: name.clone(),
                        comment: None,
                        ..(***w).clone()
                    } == Index {
                        comment: None,
                        ..(**i).clone()
                    }
            });
            if let Some((new, _)) = twin {
                steps.push(rename_index(&mut work, &t, name, new));
            }
        }
        let owned: Vec<(QualName, String)> =
            work.sequences
                .values()
                .filter(|s| s.owned_by.as_ref().is_some_and(|(ot, _)| *ot == t))
                .filter(|s| !to.sequences.contains_key(&s.name))
                .filter_map(|s| {
                    let col = &s.owned_by.as_ref()?.1;
                    let new = to.sequences.values().find(|d| {
                        d.owned_by == s.owned_by && !work.sequences.contains_key(&d.name)
                    })?;
                    let _ = col;
                    Some((s.name.clone(), new.name.name.clone()))
                })
                .collect();
        for (old, new) in owned {
            rename_sequence(&mut work, &old, &new);
            steps.push(step(
                Action::Alter,
                "sequence",
                QualName::new(old.schema.clone(), new.clone()).to_string(),
                Change::RenameSequence { from: old, to: new },
            ));
        }
    }
    Ok((Some(work), steps))
}

/// Whether to rename: `(old exists, new exists)`. Done already → false;
/// both or (where the container exists) neither → an error naming the hint.
fn decide(
    exists: (bool, bool),
    container_exists: bool,
    r: &Rename,
    kind: &str,
    old: &str,
    new: &str,
) -> Result<bool, DiffError> {
    match exists {
        (true, false) => Ok(true),
        (false, true) => Ok(false),
        (false, false) if !container_exists => Ok(false),
        (true, true) => Err(DiffError(format!(
            "{}: {kind} {new} is declared renamed from {old}, but both exist; drop one of them or remove the hint",
            r.origin
        ))),
        (false, false) => Err(DiffError(format!(
            "{}: {kind} {new} is declared renamed from {old}, but neither exists; check the old name or remove the hint",
            r.origin
        ))),
    }
}

/// Every type name and expression of `s` passed through `f`: what a type
/// rename or a label rename changes in the objects that use the type.
fn rewrite_type_uses(s: &mut Schema, ty: &dyn Fn(&str) -> String, ex: &dyn Fn(&str) -> String) {
    for t in s.tables.values_mut() {
        for c in t.columns.values_mut() {
            c.data_type = ty(&c.data_type);
            for e in c.default.iter_mut().chain(c.generated.iter_mut()) {
                *e = ex(e);
            }
        }
        for c in t.constraints.values_mut() {
            if let ConstraintKind::Check { expression, .. } = &mut c.kind {
                *expression = ex(expression);
            }
        }
        for i in t.indexes.values_mut() {
            for k in &mut i.keys {
                if let IndexTarget::Expression(e) = &mut k.target {
                    *e = ex(e);
                }
            }
            if let Some(p) = &mut i.predicate {
                *p = ex(p);
            }
        }
    }
    for d in s.domains.values_mut() {
        d.base_type = ty(&d.base_type);
        if let Some(e) = &mut d.default {
            *e = ex(e);
        }
        for c in d.checks.values_mut() {
            *c = ex(c);
        }
    }
    for c in s.composites.values_mut() {
        for (_, a) in c.attributes.iter_mut() {
            *a = ty(a);
        }
    }
}

/// `text` with every `::old` cast (also `::old[]`) written `::new`.
fn recast(text: &str, old: &str, new: &str) -> String {
    let pat = format!("::{old}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&pat) {
        let after = &rest[i + pat.len()..];
        let boundary = !after
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '"' || c == '.');
        out.push_str(&rest[..i]);
        out.push_str(if boundary { "::" } else { &pat });
        if boundary {
            out.push_str(new);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn rename_enum(s: &mut Schema, old: &QualName, new: &QualName) {
    let Some(mut e) = s.enums.remove(old) else {
        return;
    };
    e.name = new.clone();
    s.enums.insert(new.clone(), e);
    let (o, n) = (old.printed(), new.printed());
    let ty = |t: &str| match t.strip_prefix(o.as_str()) {
        Some(rest) if rest.is_empty() || rest.starts_with('[') => format!("{n}{rest}"),
        _ => t.to_string(),
    };
    rewrite_type_uses(s, &ty, &|e: &str| recast(e, &o, &n));
}

fn rename_label(s: &mut Schema, name: &QualName, from: &str, to: &str) {
    if let Some(e) = s.enums.get_mut(name) {
        for v in e.values.iter_mut().filter(|v| *v == from) {
            *v = to.to_string();
        }
    }
    let printed = name.printed();
    let (o, n) = (
        format!("{}::{printed}", quote_literal(from)),
        format!("{}::{printed}", quote_literal(to)),
    );
    rewrite_type_uses(s, &|t: &str| t.to_string(), &|e: &str| e.replace(&o, &n));
}

fn rename_table(s: &mut Schema, old: &QualName, new: &str) {
    let Some(mut t) = s.tables.remove(old) else {
        return;
    };
    let new_q = QualName::new(old.schema.clone(), new);
    t.name = new_q.clone();
    s.tables.insert(new_q.clone(), t);
    for t in s.tables.values_mut() {
        for c in t.constraints.values_mut() {
            if let ConstraintKind::ForeignKey(fk) = &mut c.kind {
                if fk.ref_table == *old {
                    fk.ref_table = new_q.clone();
                }
            }
        }
        // Partitions and children follow their parent's new name.
        if let Some(p) = t.partition_of.as_mut().filter(|p| p.parent == *old) {
            p.parent = new_q.clone();
        }
        for p in t.inherits.iter_mut().filter(|p| **p == *old) {
            *p = new_q.clone();
        }
    }
    for seq in s.sequences.values_mut() {
        if let Some((t, _)) = &mut seq.owned_by {
            if t == old {
                *t = new_q.clone();
            }
        }
    }
}

/// `text` with the identifier `old` (as PostgreSQL prints it) replaced by
/// `new`, outside string literals.
fn replace_ident(text: &str, old: &str, new: &str) -> String {
    let (old, new) = (quote_ident(old), quote_ident(new));
    let mut out = String::new();
    let mut rest = text;
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$' || c == '"';
    while !rest.is_empty() {
        if rest.starts_with('\'') {
            // A literal, copied whole ('' is an escaped quote).
            let mut end = 1;
            let b = rest.as_bytes();
            while end < b.len() {
                if b[end] == b'\'' {
                    if b.get(end + 1) == Some(&b'\'') {
                        end += 2;
                        continue;
                    }
                    end += 1;
                    break;
                }
                end += 1;
            }
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let before_ok = !out.chars().last().is_some_and(is_word);
        if before_ok
            && rest.starts_with(&old)
            && !rest[old.len()..].chars().next().is_some_and(is_word)
        {
            out.push_str(&new);
            rest = &rest[old.len()..];
            continue;
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// PostgreSQL renames a column in the tables that inherit it too (what
/// they hold of it, and what names it there).
fn rename_column(s: &mut Schema, table: &QualName, old: &str, new: &str) {
    let children: Vec<QualName> = s
        .tables
        .values()
        .filter(|t| s.ancestors(t).contains(table))
        .map(|t| t.name.clone())
        .collect();
    rename_column_in(s, table, old, new);
    for child in children {
        rename_column_in(s, &child, old, new);
    }
}

fn rename_column_in(s: &mut Schema, table: &QualName, old: &str, new: &str) {
    let Some(t) = s.tables.get_mut(table) else {
        return;
    };
    let cols = std::mem::take(&mut t.columns);
    for (k, mut c) in cols {
        if k == old {
            c.name = new.to_string();
        }
        c.default = c.default.map(|d| replace_ident(&d, old, new));
        c.generated = c.generated.map(|g| replace_ident(&g, old, new));
        t.columns.insert(c.name.clone(), c);
    }
    let swap = |cols: &mut Vec<String>| {
        for c in cols.iter_mut().filter(|c| *c == old) {
            *c = new.to_string();
        }
    };
    for c in t.constraints.values_mut() {
        match &mut c.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns, .. } => {
                swap(columns)
            }
            ConstraintKind::ForeignKey(fk) => swap(&mut fk.columns),
            ConstraintKind::Check { expression, .. } => {
                *expression = replace_ident(expression, old, new)
            }
            ConstraintKind::Exclude { definition } => {
                *definition = replace_ident(definition, old, new)
            }
        }
    }
    for i in t.indexes.values_mut() {
        for k in &mut i.keys {
            match &mut k.target {
                IndexTarget::Column(c) if c == old => *c = new.to_string(),
                IndexTarget::Expression(e) => *e = replace_ident(e, old, new),
                _ => {}
            }
        }
        swap(&mut i.include);
        i.predicate = i.predicate.take().map(|p| replace_ident(&p, old, new));
    }
    // PostgreSQL keeps a policy's expressions on the renamed column.
    for p in t.policies.values_mut() {
        p.using = p.using.take().map(|u| replace_ident(&u, old, new));
        p.with_check = p.with_check.take().map(|c| replace_ident(&c, old, new));
    }
    for t in s.tables.values_mut() {
        for c in t.constraints.values_mut() {
            if let ConstraintKind::ForeignKey(fk) = &mut c.kind {
                if fk.ref_table == *table {
                    swap(&mut fk.ref_columns);
                }
            }
        }
    }
    for seq in s.sequences.values_mut() {
        if let Some((t, c)) = &mut seq.owned_by {
            if t == table && c == old {
                *c = new.to_string();
            }
        }
    }
}

fn rename_constraint(s: &mut Schema, table: &QualName, old: &str, new: &str) -> Step {
    if let Some(t) = s.tables.get_mut(table) {
        if let Some(mut c) = t.constraints.remove(old) {
            c.name = new.to_string();
            t.constraints.insert(new.to_string(), c);
        }
    }
    step(
        Action::Alter,
        "constraint",
        format!("{}.{}", table, quote_ident(new)),
        Change::RenameConstraint {
            table: table.clone(),
            from: old.to_string(),
            to: new.to_string(),
        },
    )
}

fn rename_index(s: &mut Schema, table: &QualName, old: &str, new: &str) -> Step {
    if let Some(t) = s.tables.get_mut(table) {
        if let Some(mut i) = t.indexes.remove(old) {
            i.name = new.to_string();
            t.indexes.insert(new.to_string(), i);
        }
    }
    step(
        Action::Alter,
        "index",
        QualName::new(table.schema.clone(), new).to_string(),
        Change::RenameIndex {
            from: QualName::new(table.schema.clone(), old),
            to: new.to_string(),
        },
    )
}

fn rename_sequence(s: &mut Schema, old: &QualName, new: &str) {
    let Some(mut seq) = s.sequences.remove(old) else {
        return;
    };
    let new_q = QualName::new(old.schema.clone(), new);
    seq.name = new_q.clone();
    s.sequences.insert(new_q.clone(), seq);
    // A default that calls nextval() on it prints the new name.
    let (old_lit, new_lit) = (
        quote_literal(&old.printed()),
        quote_literal(&new_q.printed()),
    );
    for t in s.tables.values_mut() {
        for c in t.columns.values_mut() {
            if let Some(d) = &mut c.default {
                *d = d.replace(
                    &format!("{old_lit}::regclass"),
                    &format!("{new_lit}::regclass"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::replace_ident;

    #[test]
    fn identifiers_are_replaced_outside_literals_only() {
        assert_eq!(
            replace_ident("((content)::text <> 'content'::text)", "content", "body"),
            "((body)::text <> 'content'::text)"
        );
        assert_eq!(
            replace_ident("(contents > 0)", "content", "body"),
            "(contents > 0)"
        );
        assert_eq!(
            replace_ident("lower(content)", "content", "body"),
            "lower(body)"
        );
        assert_eq!(
            replace_ident("(\"user\" = 1)", "user", "member"),
            "(member = 1)"
        );
    }
}
