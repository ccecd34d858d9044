//! `DROP …` in a desired-state file: the file describes the database as
//! it leaves it. pg_dump's `--clean --if-exists` output drops every object
//! before it creates it, hand-written files often start with `DROP TABLE
//! IF EXISTS`, and install scripts drop their helpers (a function made to
//! load data, then dropped). An object the file has not made (yet) is no
//! object of the desired state either way, so dropping it changes nothing.
//! Dropping what other objects of the file depend on needs `CASCADE`, as
//! PostgreSQL requires, and then takes them too.

use super::*;
use sqlparser::ast::{DropBehavior, DropFunction, DropTrigger, FunctionDesc, ObjectType};

/// `DROP TABLE | VIEW | MATERIALIZED VIEW | INDEX | SEQUENCE | TYPE |
/// SCHEMA | COLLATION …`.
pub(super) fn drop_objects(
    object_type: &ObjectType,
    names: &[ObjectName],
    cascade: bool,
    cx: &Cx,
    b: &mut Builder,
) -> Result<()> {
    let loc = cx.loc;
    for n in names {
        match object_type {
            ObjectType::Schema => {
                let name = object_parts(n).pop().unwrap_or_default();
                drop_schema(&name, cascade, loc, b)?;
            }
            ObjectType::Table => {
                let q = b.relation_on_path(qual(n, loc)?);
                drop_table(&q, cascade, loc, b)?;
            }
            ObjectType::View | ObjectType::MaterializedView => {
                let q = b.relation_on_path(qual(n, loc)?);
                b.views.shift_remove(&q);
                b.view_after
                    .retain(|(_, sql)| !view_mentions(sql).contains(&q));
            }
            ObjectType::Index => {
                let q = qual(n, loc)?;
                b.indexes.retain(|i| {
                    !(i.table.schema == q.schema && i.name.as_deref() == Some(&q.name))
                });
            }
            ObjectType::Sequence => {
                let q = b.relation_on_path(qual(n, loc)?);
                b.sequences.remove(&q);
            }
            ObjectType::Type => {
                let q = b.on_path(qual(n, loc)?, |b, c| {
                    b.enums.contains_key(c)
                        || b.composites.contains_key(c)
                        || b.domains.contains_key(c)
                });
                drop_type(&q, cascade, loc, b)?;
            }
            ObjectType::Collation => {
                let q = qual(n, loc)?;
                b.collations.remove(&q);
            }
            other => {
                return Err(cx.refuse("drop", &format!("DROP {other} in a desired-state file")))
            }
        }
    }
    Ok(())
}

/// `DROP FUNCTION | PROCEDURE f(args), …`: the overload the arguments
/// name, or the only function of that name.
pub(super) fn drop_functions(d: &DropFunction, cx: &Cx, b: &mut Builder) -> Result<()> {
    let DropFunction {
        if_exists: _,
        func_desc,
        drop_behavior,
    } = d;
    let cascade = matches!(drop_behavior, Some(DropBehavior::Cascade));
    for f in func_desc {
        drop_function(f, cascade, cx, b)?;
    }
    Ok(())
}

fn drop_function(f: &FunctionDesc, cascade: bool, cx: &Cx, b: &mut Builder) -> Result<()> {
    let FunctionDesc { name, args } = f;
    let q = b.function_on_path(qual(name, cx.loc)?);
    let wanted: Option<Vec<String>> = args.as_ref().map(|args| {
        args.iter()
            .filter(|a| !matches!(a.mode, Some(sqlparser::ast::ArgMode::Out)))
            .map(|a| type_key(&a.data_type.to_string()))
            .collect()
    });
    let matches = |f: &crate::build::RawFunction| {
        f.name == q
            && wanted.as_ref().is_none_or(|w| {
                let have: Vec<String> = f
                    .args
                    .iter()
                    .filter(|a| a.mode != "OUT")
                    .map(|a| type_key(&a.written))
                    .collect();
                have == *w
            })
    };
    let dropped: Vec<QualName> = b
        .functions
        .iter()
        .filter(|f| matches(f))
        .map(|f| f.name.clone())
        .collect();
    if dropped.is_empty() {
        return Ok(());
    }
    let users: Vec<String> = b
        .triggers
        .iter()
        .filter(|t| dropped.contains(&t.function))
        .map(|t| format!("trigger {} on {}", quote_ident(&t.name), t.table))
        .collect();
    if !users.is_empty() && !cascade {
        return Err(ParseError::new(
            cx.loc.clone(),
            format!(
                "cannot drop function {q}: {} uses it (PostgreSQL refuses too; add CASCADE)",
                users.join(", ")
            ),
        ));
    }
    b.triggers.retain(|t| !dropped.contains(&t.function));
    b.functions.retain(|f| !matches(f));
    Ok(())
}

/// A type as a DROP FUNCTION's argument list compares it.
fn type_key(written: &str) -> String {
    match schemadiff_model::types::canonical_type(written) {
        Ok(schemadiff_model::types::TypeName::Builtin(t)) => t,
        Ok(schemadiff_model::types::TypeName::Serial(t)) => t,
        Ok(schemadiff_model::types::TypeName::Other {
            schema,
            name,
            array,
            ..
        }) => format!(
            "{}.{name}{}",
            schema.unwrap_or_else(|| "public".into()),
            if array { "[]" } else { "" }
        ),
        Err(_) => written.to_lowercase(),
    }
}

/// `DROP TRIGGER name ON table`.
pub(super) fn drop_trigger(d: &DropTrigger, cx: &Cx, b: &mut Builder) -> Result<()> {
    let DropTrigger {
        if_exists: _,
        trigger_name,
        table_name,
        option: _,
    } = d;
    let name = object_parts(trigger_name).pop().unwrap_or_default();
    let Some(table) = table_name else {
        return Err(cx.refuse("trigger", "DROP TRIGGER without ON table"));
    };
    let table = b.relation_on_path(qual(table, cx.loc)?);
    b.triggers.retain(|t| !(t.table == table && t.name == name));
    Ok(())
}

/// A table, with what is on it; what other objects of the file need of it
/// only with `CASCADE`.
fn drop_table(q: &QualName, cascade: bool, loc: &Loc, b: &mut Builder) -> Result<()> {
    if !b.tables.contains_key(q) {
        return Ok(());
    }
    let referencing: Vec<String> = b
        .tables
        .values()
        .filter(|t| t.name != *q)
        .flat_map(|t| {
            t.constraints.iter().filter_map(move |c| match &c.kind {
                RawKind::ForeignKey { ref_table, .. } if ref_table == q => Some(format!(
                    "foreign key {} of {}",
                    c.name.as_deref().unwrap_or("(unnamed)"),
                    t.name
                )),
                _ => None,
            })
        })
        .chain(
            b.tables
                .values()
                .filter(|t| {
                    t.inherits.contains(q)
                        || t.partition_of.as_ref().is_some_and(|p| p.parent == *q)
                })
                .map(|t| format!("table {}", t.name)),
        )
        .collect();
    if !referencing.is_empty() && !cascade {
        return Err(ParseError::new(
            loc.clone(),
            format!(
                "cannot drop table {q}: {} depends on it (PostgreSQL refuses too; add CASCADE)",
                referencing.join(", ")
            ),
        ));
    }
    b.tables.shift_remove(q);
    for t in b.tables.values_mut() {
        t.constraints.retain(
            |c| !matches!(&c.kind, RawKind::ForeignKey { ref_table, .. } if ref_table == q),
        );
    }
    let children: Vec<QualName> = b
        .tables
        .values()
        .filter(|t| {
            t.inherits.contains(q) || t.partition_of.as_ref().is_some_and(|p| p.parent == *q)
        })
        .map(|t| t.name.clone())
        .collect();
    b.indexes.retain(|i| i.table != *q);
    b.triggers.retain(|t| t.table != *q);
    b.policies.retain(|p| p.table != *q);
    b.statistics.retain(|_, s| s.table != *q);
    b.sequences
        .retain(|_, s| s.owned_by.as_ref().is_none_or(|(t, _)| t != q));
    b.row_types.remove(q);
    for child in children {
        drop_table(&child, true, loc, b)?;
    }
    Ok(())
}

/// An enum, domain or composite type; tables with a column of it only with
/// `CASCADE` (which drops those columns, as PostgreSQL does).
fn drop_type(q: &QualName, cascade: bool, loc: &Loc, b: &mut Builder) -> Result<()> {
    let printed = q.printed();
    let uses: Vec<(QualName, String)> = b
        .tables
        .values()
        .flat_map(|t| {
            t.columns.values().filter_map(|c| {
                let ty = c.written_type.trim().trim_end_matches("[]").to_lowercase();
                (ty == printed.to_lowercase()
                    || ty == q.name.to_lowercase() && q.schema == "public")
                    .then(|| (t.name.clone(), c.name.clone()))
            })
        })
        .collect();
    if !uses.is_empty() && !cascade {
        return Err(ParseError::new(
            loc.clone(),
            format!(
                "cannot drop type {q}: column {}.{} uses it (PostgreSQL refuses too; add CASCADE)",
                uses[0].0,
                quote_ident(&uses[0].1)
            ),
        ));
    }
    for (t, c) in uses {
        super::table::drop_column(b, &t, &c, true, true, loc)?;
    }
    b.enums.remove(q);
    b.domains.shift_remove(q);
    b.composites.shift_remove(q);
    Ok(())
}

/// A schema: empty, or with everything in it under `CASCADE`.
fn drop_schema(name: &str, cascade: bool, loc: &Loc, b: &mut Builder) -> Result<()> {
    if !b.schemas.contains_key(name) && name != "public" {
        return Ok(());
    }
    let in_it = |q: &QualName| q.schema == name;
    let holds = b.tables.keys().any(in_it)
        || b.views.keys().any(in_it)
        || b.sequences.keys().any(in_it)
        || b.enums.keys().any(in_it)
        || b.domains.keys().any(in_it)
        || b.composites.keys().any(in_it)
        || b.functions.iter().any(|f| in_it(&f.name));
    if holds && !cascade {
        return Err(ParseError::new(
            loc.clone(),
            format!(
                "cannot drop schema {}: objects in it remain (PostgreSQL refuses too; add CASCADE)",
                quote_ident(name)
            ),
        ));
    }
    let tables: Vec<QualName> = b.tables.keys().filter(|q| in_it(q)).cloned().collect();
    for t in tables {
        drop_table(&t, true, loc, b)?;
    }
    b.views.retain(|q, _| !in_it(q));
    b.sequences.retain(|q, _| !in_it(q));
    b.enums.retain(|q, _| !in_it(q));
    b.domains.retain(|q, _| !in_it(q));
    b.composites.retain(|q, _| !in_it(q));
    b.collations.retain(|q, _| !in_it(q));
    b.functions.retain(|f| !in_it(&f.name));
    if name != "public" {
        b.schemas.remove(name);
    }
    super::search_path::refresh(b);
    Ok(())
}
