//! `CREATE INDEX`: keys, operator classes, collations, storage parameters.

use super::*;

pub(super) fn create_index(ci: &CreateIndex, cx: &Cx, b: &mut Builder) -> Result<()> {
    let CreateIndex {
        name,
        table_name,
        using,
        columns,
        unique,
        concurrently: _,
        if_not_exists,
        include,
        nulls_distinct,
        with,
        predicate,
        index_options,
        alter_options,
        r#async,
    } = ci;
    cx.refuse_any(&[(
        !index_options.is_empty() || !alter_options.is_empty() || *r#async,
        "index",
        "index options that PostgreSQL does not have",
    )])?;
    let table = b.relation_on_path(qual(table_name, cx.loc)?);
    // `CREATE INDEX IF NOT EXISTS` of an index there is: nothing.
    if *if_not_exists {
        if let Some(n) = name {
            let n = qual(n, cx.loc)?.name;
            let there = b
                .indexes
                .iter()
                .any(|i| i.table.schema == table.schema && i.name.as_deref() == Some(n.as_str()));
            if there {
                return Ok(());
            }
        }
    }
    if b.views.contains_key(&table) {
        // An index of a materialized view: built in the scratch database.
        b.view_after.push((
            cx.loc.to_string(),
            super::search_path::under_path(cx.text.trim_end()),
        ));
        return Ok(());
    }
    let name = name
        .as_ref()
        .map(|n| object_parts(n).pop().unwrap_or_default());
    let keys = columns
        .iter()
        .map(|k| index_key(k, cx))
        .collect::<Result<Vec<_>>>()?;
    b.add_index(RawIndex {
        name,
        table,
        unique: *unique,
        method: using
            .as_ref()
            .map(|u| {
                // `USING "btree"` (pg_dump --quote-all-identifiers) names
                // the method as written; unquoted, folded.
                let m = u.to_string();
                match m.strip_prefix('"').and_then(|m| m.strip_suffix('"')) {
                    Some(quoted) => quoted.to_string(),
                    None => m.to_lowercase(),
                }
            })
            .unwrap_or_else(|| "btree".into()),
        keys,
        include: include.iter().map(ident).collect(),
        predicate: predicate.clone().map(RawExpr::new),
        nulls_not_distinct: *nulls_distinct == Some(false),
        with: storage_parameters(with, cx)?,
        comment: None,
        loc: cx.loc.clone(),
    })?;
    Ok(())
}

/// `WITH (fillfactor = 70, fastupdate)` as the catalog keeps it:
/// `fillfactor=70`, `fastupdate=true`.
pub(super) fn storage_parameters(with: &[Expr], cx: &Cx) -> Result<Vec<String>> {
    with.iter()
        .map(|e| {
            let (key, value) = match e {
                Expr::BinaryOp {
                    left,
                    op: BinaryOperator::Eq,
                    right,
                } => (left.as_ref(), Some(right.as_ref())),
                other => (other, None),
            };
            let key = match key {
                Expr::Identifier(i) => ident(i),
                _ => {
                    return Err(ParseError::new(
                        cx.at("with"),
                        format!("`{e}` is not a storage parameter"),
                    ))
                }
            };
            let value = match value {
                None => "true".to_string(),
                Some(Expr::Value(v)) => match &v.value {
                    Value::Number(n, _) => n.clone(),
                    Value::SingleQuotedString(s) => s.clone(),
                    Value::Boolean(b) => b.to_string(),
                    _ => {
                        return Err(ParseError::new(
                            cx.at("with"),
                            format!("`{e}` is not a storage parameter"),
                        ))
                    }
                },
                Some(Expr::Identifier(i)) => ident(i),
                Some(Expr::UnaryOp {
                    op: UnaryOperator::Minus,
                    expr,
                }) => format!("-{expr}"),
                Some(_) => {
                    return Err(ParseError::new(
                        cx.at("with"),
                        format!("`{e}` is not a storage parameter"),
                    ))
                }
            };
            Ok(format!("{key}={value}"))
        })
        .collect()
}

/// A collation as the catalog reads print it: `pg_catalog."C"` (pg_dump's
/// spelling) is `C`, `public.mine` is `mine` (`search_path` holds both).
pub(super) fn collation_name(n: &ObjectName) -> String {
    let mut parts = object_parts(n);
    if parts.len() == 2 && matches!(parts[0].as_str(), "pg_catalog" | "public") {
        parts.remove(0);
    }
    parts.join(".")
}

pub(super) fn index_key(ic: &IndexColumn, cx: &Cx) -> Result<RawKey> {
    let IndexColumn {
        column:
            OrderByExpr {
                expr,
                options: OrderByOptions { sort, nulls_first },
                with_fill,
            },
        operator_class,
    } = ic;
    if with_fill.is_some() {
        return Err(cx.refuse("fill", "WITH FILL, which PostgreSQL does not have,"));
    }
    // `col COLLATE "C"` is a key with a collation, not an expression.
    let (expr, collation) = match expr {
        Expr::Collate { expr, collation } => (&**expr, Some(collation_name(collation))),
        e => (e, None),
    };
    // Parentheses say nothing to the server (`((lower(x)))` is the key
    // `lower(x)`), however many are written.
    let mut expr = expr;
    while let Expr::Nested(inner) = expr {
        expr = inner;
    }
    let target = match expr {
        Expr::Identifier(i) => RawKeyTarget::Column(ident(i)),
        e => RawKeyTarget::Expr(RawExpr::new(e.clone())),
    };
    Ok(RawKey {
        target,
        opclass: operator_class.as_ref().map(|o| object_parts(o).join(".")),
        collation,
        descending: matches!(sort, Some(sqlparser::ast::OrderBySort::Desc)),
        nulls_first: *nulls_first,
        statistics: None,
    })
}
