//! Primary key, unique, check and foreign-key constraints, and PostgreSQL
//! 18's NOT NULL constraint names. A foreign key PostgreSQL made itself
//! (one per partition of a partitioned table it references, or a
//! partition's copy of its parent's) is never read: it goes with the one
//! written.

use crate::*;

pub(crate) fn fk_action(c: &str) -> FkAction {
    match c {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// Attribute names of `rel` for the numbers in `keys`, in order (one index
/// lookup per key: a join plans a hash and a sort for every row).
pub(crate) fn attnames(keys: &str, rel: &str) -> String {
    format!(
        "ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a \
                       WHERE a.attrelid = {rel} AND a.attnum = k.num) \
               FROM unnest({keys}) WITH ORDINALITY k(num, ord) ORDER BY k.ord)"
    )
}

/// `NULLS NOT DISTINCT` exists from PostgreSQL 15 on.
pub(crate) fn nulls_not_distinct(version: i32, column: &'static str) -> &'static str {
    if version >= 150000 {
        column
    } else {
        "false"
    }
}

pub(crate) fn read_constraints<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    oids: &Oids,
    version: i32,
    names: &AttNames,
) -> Result<()> {
    let nnd = nulls_not_distinct(version, "COALESCE(i.indnullsnotdistinct, false)");
    let sql = format!(
        "SELECT con.conrelid, con.conname::text, con.contype::text, {}, \
           fn.nspname::text, fc.relname::text, {}, \
           con.confupdtype::text, con.confdeltype::text, con.confmatchtype::text, \
           pg_get_expr(con.conbin, con.conrelid), con.connoinherit, con.condeferrable, con.condeferred, \
           {nnd}, {}, CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) END, \
           NOT con.convalidated \
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid \
         LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
         LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype IN ('p', 'u') \
         WHERE con.contype IN ('p', 'u', 'c', 'f', 'x', 'n') AND {} \
           AND (NOT c.relispartition OR (con.conparentid = 0 AND con.conislocal AND con.contype <> 'n')) \
           AND NOT (con.contype = 'f' AND con.conparentid <> 0)",
        "COALESCE(con.conkey, '{}')::int2[]",
        "CASE WHEN con.contype = 'f' THEN ".to_string() + &attnames("con.confkey", "con.confrelid") + " END",
        comment("con.oid", "pg_constraint", "0"),
        managed_tables()
    );
    // Sorted here, as the columns are.
    let mut rows = r.query("constraints", &sql)?;
    rows.sort_by_cached_key(|row| (row.get::<_, u32>(0), row.get::<_, String>(1)));
    for row in rows {
        let Some(table) = table_of(s, oids, row.get(0)) else {
            continue;
        };
        let name: String = row.get(1);
        let contype: String = row.get(2);
        // The table's own columns by number, named from the columns read
        // before (the query sends numbers).
        let rel: u32 = row.get(0);
        // An exclusion constraint's definition names its columns (an
        // expression element is numbered 0).
        let numbers: Vec<i16> = if contype == "x" {
            Vec::new()
        } else {
            row.get(3)
        };
        let columns = numbers
            .into_iter()
            .map(|n| {
                names
                    .get(&(rel, n))
                    .cloned()
                    .ok_or_else(|| IntrospectError::Query {
                        what: "constraints",
                        message: format!("column number {n} of table oid {rel} was not read"),
                    })
            })
            .collect::<Result<Vec<String>>>()?;
        if contype == "n" {
            // PostgreSQL 18's NOT NULL constraints: the column says NOT
            // NULL; only a name other than the one PostgreSQL gives matters.
            let Some(col) = columns.first().and_then(|c| table.columns.get_mut(c)) else {
                continue;
            };
            if !names::is_given_not_null_name(&table.name.name, &col.name, &name) {
                col.not_null_name = Some(name);
            }
            continue;
        }
        let kind = match contype.as_str() {
            "p" => ConstraintKind::PrimaryKey { columns },
            "u" => ConstraintKind::Unique {
                columns,
                nulls_not_distinct: row.get(14),
            },
            "c" => ConstraintKind::Check {
                expression: row.get::<_, Option<String>>(10).unwrap_or_default(),
                no_inherit: row.get(11),
            },
            "f" => {
                let ns: Option<String> = row.get(4);
                let rel: Option<String> = row.get(5);
                ConstraintKind::ForeignKey(ForeignKey {
                    columns,
                    ref_table: QualName::new(ns.unwrap_or_default(), rel.unwrap_or_default()),
                    ref_columns: row.get(6),
                    on_update: fk_action(&row.get::<_, String>(7)),
                    on_delete: fk_action(&row.get::<_, String>(8)),
                    match_full: row.get::<_, String>(9) == "f",
                })
            }
            _ => {
                let def: String = row.get::<_, Option<String>>(16).unwrap_or_default();
                ConstraintKind::Exclude {
                    definition: without_deferrable(&def),
                }
            }
        };
        table.constraints.insert(
            name.clone(),
            Box::new(Constraint {
                name,
                kind,
                deferrable: row.get(12),
                initially_deferred: row.get(13),
                comment: row.get(15),
                not_valid: row.get(17),
            }),
        );
    }
    Ok(())
}

/// A constraint definition less the `DEFERRABLE [INITIALLY …]` that
/// `pg_get_constraintdef()` ends it with (kept in the constraint's fields).
pub fn without_deferrable(def: &str) -> String {
    let mut d = def.trim_end();
    for suffix in [" INITIALLY DEFERRED", " INITIALLY IMMEDIATE", " DEFERRABLE"] {
        d = d.strip_suffix(suffix).unwrap_or(d);
    }
    d.to_string()
}
