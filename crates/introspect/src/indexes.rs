//! Indexes that do not back a constraint.

use crate::*;

pub(crate) fn read_indexes<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    oids: &Oids,
    views: &Oids,
    version: i32,
    names: Option<&AttNames>,
) -> Result<()> {
    let nnd = nulls_not_distinct(version, "i.indnullsnotdistinct");
    // Tables' indexes and materialized views'.
    let relations = format!("(({}) OR ({}))", managed_tables(), views::managed_views());
    // Per key: the column's name (a table's: by number, named from the
    // columns query, here or once the helper connection is done; an index
    // of a table gives no texts at all); whether it is a plain column;
    // a non-default operator class (none at all when every one is its
    // type's default, checked against one list: looking each up costs more
    // than the rest of the query); a collation other than the key's own;
    // the DESC / NULLS FIRST bits.
    let sql = format!(
        "SELECT i.indrelid, ic.relname::text, i.indisunique, am.amname::text, i.indnkeyatts::int, \
           CASE WHEN c.relkind = 'r' THEN NULL ELSE \
           ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN '' \
                   ELSE (SELECT a.attname::text FROM pg_attribute a \
                         WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) END \
                 FROM generate_series(1, i.indnatts) k ORDER BY k) END, \
           i.indkey::int2[], \
           CASE WHEN i.indclass::oid[] <@ (SELECT array_agg(o.oid) FROM pg_opclass o WHERE o.opcdefault) \
           THEN NULL ELSE \
           ARRAY(SELECT (SELECT CASE WHEN o.opcdefault THEN '' \
                   WHEN on_.nspname IN ('pg_catalog', 'public') THEN o.opcname::text \
                   ELSE on_.nspname || '.' || o.opcname END \
                   FROM pg_opclass o JOIN pg_namespace on_ ON on_.oid = o.opcnamespace WHERE o.oid = k.oid) \
                 FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(oid, ord) ORDER BY k.ord) END, \
           CASE WHEN i.indcollation::oid[] <@ ARRAY[0, 100]::oid[] THEN NULL ELSE \
           ARRAY(SELECT CASE WHEN k.coll = 0 OR k.coll = COALESCE(ta.attcollation, ty.typcollation) THEN '' \
                   WHEN cn.nspname IN ('pg_catalog', 'public') THEN co.collname::text \
                   ELSE cn.nspname || '.' || co.collname END \
                 FROM unnest(i.indcollation::oid[]) WITH ORDINALITY k(coll, ord) \
                 LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[k.ord - 1] AND i.indkey[k.ord - 1] > 0 \
                 LEFT JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.ord \
                 LEFT JOIN pg_type ty ON ty.oid = ia.atttypid \
                 LEFT JOIN pg_collation co ON co.oid = k.coll \
                 LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace ORDER BY k.ord) END, \
           i.indoption::int2[], CASE WHEN i.indexprs IS NULL THEN pg_get_expr(i.indpred, i.indrelid) END, {nnd}, \
           {}, i.indisvalid, COALESCE(ic.reloptions, '{{}}')::text[], \
           CASE WHEN i.indexprs IS NOT NULL THEN pg_get_indexdef(i.indexrelid) END, \
           CASE WHEN i.indexprs IS NOT NULL THEN \
             (SELECT string_agg(a.attnum || ':' || a.attstattarget, ',') FROM pg_attribute a \
              WHERE a.attrelid = i.indexrelid AND a.attstattarget <> -1) END \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_am am ON am.oid = ic.relam \
         JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {} AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid \
           AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) \
           AND NOT (c.relispartition AND EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid)) \
         ORDER BY i.indrelid, ic.relname",
        comment("i.indexrelid", "pg_class", "0"),
        relations
    );
    for row in r.query("indexes", &sql)? {
        let rel: u32 = row.get(0);
        let attnums: Vec<i16> = row.get(6);
        // No texts: a table's index. Columns are named from their numbers,
        // expressions read from the definition below.
        let mut texts: Vec<String> = row
            .get::<_, Option<Vec<String>>>(5)
            .unwrap_or_else(|| vec![String::new(); attnums.len()]);
        for (t, n) in texts.iter_mut().zip(&attnums) {
            if t.is_empty() && *n > 0 {
                *t = column_name(names, rel, *n)?;
            }
        }
        let indexes = match table_of(s, oids, rel) {
            Some(t) => &mut t.indexes,
            None => match views.get(&rel).and_then(|n| s.views.get_mut(n)) {
                Some(v) => &mut v.indexes,
                None => continue,
            },
        };
        let nkeys = row.get::<_, i32>(4) as usize;

        // None: every operator class is its type's default.
        let opclasses: Vec<String> = row.get::<_, Option<Vec<String>>>(7).unwrap_or_default();
        let collations: Vec<String> = row.get::<_, Option<Vec<String>>>(8).unwrap_or_default();
        let options: Vec<i16> = row.get(9);
        let nonempty = |v: Option<&String>| v.filter(|s| !s.is_empty()).cloned();
        let method: String = row.get(3);
        let name: String = row.get(1);
        // An index with expressions: its keys and predicate as
        // pg_get_indexdef prints them, read from the whole definition (one
        // call, where a call per key and one for the collations took
        // longer); so is an expression key's collation, printed where it
        // is not the expression's own, which only the server works out.
        // Other predicates come from pg_get_expr, which is cheaper.
        let definition: Option<String> = row.get(15);
        let unreadable = |d: &str| IntrospectError::Query {
            what: "indexes",
            message: format!("cannot read the definition of index {name}: {d}"),
        };
        let parts = match &definition {
            Some(d) => Some(deparsed::index_definition(d, &method).ok_or_else(|| unreadable(d))?),
            None => None,
        };
        let mut expression_collations = vec![None; attnums.len()];
        for (k, item) in parts.iter().flat_map(|p| p.keys.iter().enumerate()) {
            if attnums.get(k) == Some(&0) && k < texts.len() {
                let (expression, collation) =
                    deparsed::expression_key(item).ok_or_else(|| unreadable(item))?;
                texts[k] = expression.to_string();
                expression_collations[k] = collation;
            }
        }
        // `SET STATISTICS` of expression keys: `attnum:target,…`.
        let statistics: Vec<(usize, i32)> = row
            .get::<_, Option<String>>(16)
            .unwrap_or_default()
            .split(',')
            .filter_map(|p| {
                let (n, t) = p.split_once(':')?;
                Some((n.parse().ok()?, t.parse().ok()?))
            })
            .collect();
        let mut keys = Vec::new();
        for k in 0..nkeys {
            let opt = options.get(k).copied().unwrap_or(0);
            let descending = opt & 1 != 0;
            let nulls_first = opt & 2 != 0;
            let text = texts.get(k).cloned().unwrap_or_default();
            let is_column = attnums.get(k).copied().unwrap_or(0) > 0;
            let collation = if is_column {
                nonempty(collations.get(k))
            } else {
                expression_collations.get(k).cloned().flatten()
            };
            keys.push(IndexKey {
                target: if is_column {
                    IndexTarget::Column(text)
                } else {
                    IndexTarget::Expression(text)
                },
                collation,
                opclass: nonempty(opclasses.get(k)),
                descending,
                nulls_first: (nulls_first != descending).then_some(nulls_first),
                statistics: statistics
                    .iter()
                    .find(|(n, _)| *n == k + 1)
                    .map(|(_, t)| *t),
            });
        }
        let include = texts[nkeys.min(texts.len())..].to_vec();
        indexes.insert(
            name.clone(),
            Box::new(Index {
                name,
                unique: row.get(2),
                method,
                keys,
                include,
                predicate: match parts {
                    Some(p) => p.predicate,
                    None => row.get(10),
                },
                nulls_not_distinct: row.get(11),
                comment: row.get(12),
                invalid: !row.get::<_, bool>(13),
                with: row.get(14),
            }),
        );
    }
    Ok(())
}

/// A table column's name by number: from the columns already read, or a
/// placeholder (`\0rel:num`) that [`name_index_columns`] fills in.
fn column_name(names: Option<&AttNames>, rel: u32, num: i16) -> Result<String> {
    match names {
        None => Ok(format!("\0{rel}:{num}")),
        Some(names) => names
            .get(&(rel, num))
            .cloned()
            .ok_or_else(|| IntrospectError::Query {
                what: "indexes",
                message: format!("column number {num} of table oid {rel} was not read"),
            }),
    }
}

/// Names the index columns [`read_indexes`] left as numbers.
pub(crate) fn name_index_columns(s: &mut Schema, names: &AttNames) -> Result<()> {
    let fill = |t: &mut String| -> Result<()> {
        if let Some((rel, num)) = t.strip_prefix('\0').and_then(|r| r.split_once(':')) {
            let (rel, num) = (rel.parse().unwrap_or(0), num.parse().unwrap_or(0));
            *t = column_name(Some(names), rel, num)?;
        }
        Ok(())
    };
    for t in s.tables.values_mut() {
        for i in t.indexes.values_mut() {
            for k in &mut i.keys {
                if let IndexTarget::Column(c) = &mut k.target {
                    fill(c)?;
                }
            }
            for c in &mut i.include {
                fill(c)?;
            }
        }
    }
    Ok(())
}
