//! A live PostgreSQL catalog into schemadiff's model.
//!
//! [`introspect`] reads schemas, extensions, enums, sequences, tables,
//! columns, constraints, indexes and comments with a fixed number of catalog
//! queries ([`QUERIES`]) whatever the size of the schema: every query covers
//! all objects of its kind at once, never one table at a time.
//!
//! Values come out in the canonical form the model documents because they are
//! what PostgreSQL prints: `format_type()`, `pg_get_expr()`,
//! `pg_get_indexdef()`. The introspector does not guess; it reads.
//!
//! Left out: system schemas (`pg_*`, `information_schema`), temporary
//! schemas, objects that belong to an extension, and schemadiff's own
//! bookkeeping schema ([`BOOKKEEPING_SCHEMA`]).

pub mod reconcile;

use postgres::{GenericClient, Row};
use schemadiff_model::*;
use std::collections::HashMap;

/// The schema holding schemadiff's own tables (apply history); never managed.
pub const BOOKKEEPING_SCHEMA: &str = "schemadiff";

/// How many statements one introspection sends, whatever the schema's size.
pub const QUERIES: usize = 11;

#[derive(Debug, thiserror::Error)]
pub enum IntrospectError {
    #[error("reading the catalog ({what}): {message}")]
    Query { what: &'static str, message: String },
    #[error("the catalog holds something schemadiff cannot model: {0}")]
    Unsupported(String),
}

type Result<T> = std::result::Result<T, IntrospectError>;

/// The filter every query shares: a namespace schemadiff manages.
const MANAGED_NS: &str = "n.nspname NOT IN ('information_schema', 'schemadiff') \
     AND n.nspname NOT LIKE 'pg\\_%'";

/// The comment on an object, as a subquery on `pg_description`'s index
/// (`obj_description()` is an SQL function, slow to call per row).
fn comment(oid: &str, catalog: &str, subid: &str) -> String {
    format!(
        "(SELECT ds.description FROM pg_description ds WHERE ds.objoid = {oid} \
         AND ds.classoid = '{catalog}'::regclass AND ds.objsubid = {subid})"
    )
}

/// Not a member of an extension (`pg_depend.deptype = 'e'`).
fn not_extension_member(catalog: &str, oid: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{catalog}'::regclass \
         AND d.objid = {oid} AND d.deptype = 'e')"
    )
}

/// Counts the statements sent, so a test can prove the number is fixed.
struct Reader<'a, C: GenericClient> {
    client: &'a mut C,
    sent: usize,
}

impl<C: GenericClient> Reader<'_, C> {
    fn query(&mut self, what: &'static str, sql: &str) -> Result<Vec<Row>> {
        self.sent += 1;
        self.client
            .query(sql, &[])
            .map_err(|e| query_error(what, &e))
    }
}

/// A PostgreSQL error as a person reads it: severity, message, detail, hint.
pub fn db_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = format!("{}: {}", db.severity(), db.message());
            if let Some(d) = db.detail() {
                s.push_str(&format!("\nDETAIL: {d}"));
            }
            if let Some(h) = db.hint() {
                s.push_str(&format!("\nHINT: {h}"));
            }
            s
        }
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                s.push_str(&format!(": {inner}"));
                src = inner.source();
            }
            s
        }
    }
}

fn query_error(what: &'static str, e: &postgres::Error) -> IntrospectError {
    IntrospectError::Query {
        what,
        message: db_message(e),
    }
}

/// What an introspection produced, and how many statements it sent.
#[derive(Debug)]
pub struct Introspection {
    pub schema: Schema,
    pub queries: usize,
}

/// Reads the whole managed schema in one read-only, repeatable-read
/// transaction, so every query sees the same snapshot.
pub fn introspect(client: &mut postgres::Client) -> Result<Introspection> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| query_error("begin", &e))?;
    let r = introspect_in(&mut tx)?;
    tx.commit().map_err(|e| query_error("commit", &e))?;
    Ok(r)
}

/// Reads the managed schema inside a transaction the caller holds (apply
/// introspects under its advisory lock). `search_path` is set to `public`
/// for the transaction, so names print qualified exactly when they are
/// outside `public`, as the parser writes them.
pub fn introspect_in(tx: &mut postgres::Transaction<'_>) -> Result<Introspection> {
    let mut r = Reader {
        client: tx,
        sent: 0,
    };
    let version: i32 = r
        .query("server version", "SELECT current_setting('server_version_num')::int, set_config('search_path', 'public', true), \
             set_config('jit', 'off', true)")?
        .first()
        .map(|row| row.get(0))
        .unwrap_or(0);
    let mut schema = Schema::default();
    read_namespaces(&mut r, &mut schema)?;
    read_extensions(&mut r, &mut schema)?;
    read_enums(&mut r, &mut schema)?;
    read_sequences(&mut r, &mut schema)?;
    let oids = read_tables(&mut r, &mut schema)?;
    read_columns(&mut r, &mut schema, &oids)?;
    schema.named_not_null = NamedNotNull(version >= 180000);
    read_constraints(&mut r, &mut schema, &oids, version)?;
    read_indexes(&mut r, &mut schema, &oids, version)?;
    refuse_partitioned(&mut r)?;
    read_view_uses(&mut r, &mut schema, &oids)?;
    let queries = r.sent;
    Ok(Introspection { schema, queries })
}

fn read_namespaces<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, {} \
         FROM pg_namespace n WHERE {MANAGED_NS} AND n.nspname <> 'public' AND {}",
        comment("n.oid", "pg_namespace", "0"),
        not_extension_member("pg_namespace", "n.oid")
    );
    for row in r.query("schemas", &sql)? {
        s.schemas.insert(
            row.get(0),
            Namespace {
                comment: row.get(1),
            },
        );
    }
    Ok(())
}

fn read_extensions<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let rows = r.query(
        "extensions",
        "SELECT e.extname::text, n.nspname::text FROM pg_extension e \
         JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'",
    )?;
    for row in rows {
        let name: String = row.get(0);
        let ns: String = row.get(1);
        s.extensions.insert(
            name.clone(),
            Extension {
                name,
                schema: (ns != "public").then_some(ns),
            },
        );
    }
    Ok(())
}

fn read_enums<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, t.typname::text, \
           ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), \
           {} \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE t.typtype = 'e' AND {MANAGED_NS} AND {}",
        comment("t.oid", "pg_type", "0"),
        not_extension_member("pg_type", "t.oid")
    );
    for row in r.query("enums", &sql)? {
        let name = QualName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        s.enums.insert(
            name.clone(),
            Enum {
                name,
                values: row.get(2),
                comment: row.get(3),
            },
        );
    }
    Ok(())
}

fn read_sequences<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    // Sequences behind identity columns (dependency type 'i') belong to
    // their column and are not listed.
    let sql = format!(
        "SELECT n.nspname::text, c.relname::text, format_type(q.seqtypid, NULL), \
           q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle, \
           tn.nspname::text, tc.relname::text, a.attname::text, {} \
         FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid \
           AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') \
         LEFT JOIN pg_class tc ON tc.oid = d.refobjid \
         LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace \
         LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
         WHERE {MANAGED_NS} AND d.deptype IS DISTINCT FROM 'i' AND {}",
        comment("c.oid", "pg_class", "0"),
        not_extension_member("pg_class", "c.oid")
    );
    for row in r.query("sequences", &sql)? {
        let name = QualName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let owned_by = match (
            row.get::<_, Option<String>>(9),
            row.get::<_, Option<String>>(10),
            row.get::<_, Option<String>>(11),
        ) {
            (Some(ns), Some(t), Some(col)) => Some((QualName::new(ns, t), col)),
            _ => None,
        };
        s.sequences.insert(
            name.clone(),
            Sequence {
                name,
                data_type: row.get(2),
                start: row.get(3),
                increment: row.get(4),
                min_value: row.get(5),
                max_value: row.get(6),
                cache: row.get(7),
                cycle: row.get(8),
                owned_by,
                comment: row.get(12),
            },
        );
    }
    Ok(())
}

/// Table oid → name, for the per-kind queries that follow.
type Oids = HashMap<u32, QualName>;

/// The `WHERE` part selecting managed ordinary tables as `c`.
fn managed_tables() -> String {
    format!(
        "c.relkind = 'r' AND NOT c.relispartition AND {MANAGED_NS} AND {}",
        not_extension_member("pg_class", "c.oid")
    )
}

fn read_tables<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<Oids> {
    let sql = format!(
        "SELECT c.oid, n.nspname::text, c.relname::text, {} \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {}",
        comment("c.oid", "pg_class", "0"),
        managed_tables()
    );
    let mut oids = Oids::new();
    for row in r.query("tables", &sql)? {
        let name = QualName::new(row.get::<_, String>(1), row.get::<_, String>(2));
        let mut t = Table::new(name.clone());
        t.comment = row.get(3);
        oids.insert(row.get(0), name.clone());
        s.tables.insert(name, t);
    }
    Ok(oids)
}

fn read_columns<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema, oids: &Oids) -> Result<()> {
    let sql = format!(
        "SELECT a.attrelid, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
           pg_get_expr(ad.adbin, ad.adrelid), a.attidentity::text, a.attgenerated::text, \
           CASE WHEN a.attcollation <> t.typcollation THEN \
             CASE WHEN cn.nspname IN ('pg_catalog', 'public') THEN co.collname::text \
                  ELSE cn.nspname || '.' || co.collname END END, \
           {}, \
           CASE WHEN a.attidentity <> '' THEN \
             (SELECT ARRAY[sq.seqstart, sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqcache, \
                           sq.seqcycle::int::int8] \
              FROM pg_depend d JOIN pg_sequence sq ON sq.seqrelid = d.objid \
              WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass \
                AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'i') END \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_type t ON t.oid = a.atttypid \
         LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
         LEFT JOIN pg_collation co ON co.oid = a.attcollation \
         LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace \
         WHERE a.attnum > 0 AND NOT a.attisdropped AND {} \
         ORDER BY a.attrelid, a.attnum",
        comment("a.attrelid", "pg_class", "a.attnum"),
        managed_tables()
    );
    for row in r.query("columns", &sql)? {
        let Some(table) = table_of(s, oids, row.get(0)) else {
            continue;
        };
        let mut c = Column::new(row.get::<_, String>(1), row.get::<_, String>(2));
        c.not_null = row.get(3);
        let expr: Option<String> = row.get(4);
        let identity: String = row.get(5);
        let generated: String = row.get(6);
        c.identity = match identity.as_str() {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        };
        match generated.as_str() {
            "s" => c.generated = expr,
            "v" => {
                c.generated = expr;
                c.generated_virtual = true;
            }
            _ => c.default = expr,
        }
        c.collation = row.get(7);
        c.comment = row.get(8);
        if let Some([start, increment, min_value, max_value, cache, cycle]) = row
            .get::<_, Option<Vec<i64>>>(9)
            .and_then(|v| <[i64; 6]>::try_from(v).ok())
        {
            c.identity_options = IdentityOptions {
                start,
                increment,
                min_value,
                max_value,
                cache,
                cycle: cycle != 0,
            }
            .unless_default(&c.data_type);
        }
        table.columns.insert(c.name.clone(), c);
    }
    Ok(())
}

fn table_of<'a>(s: &'a mut Schema, oids: &Oids, oid: u32) -> Option<&'a mut Table> {
    oids.get(&oid).and_then(|n| s.tables.get_mut(n))
}

fn fk_action(c: &str) -> FkAction {
    match c {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// Attribute names of `rel` for the numbers in `keys`, in order.
fn attnames(keys: &str, rel: &str) -> String {
    format!(
        "ARRAY(SELECT a.attname::text FROM unnest({keys}) WITH ORDINALITY k(num, ord) \
         JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.num ORDER BY k.ord)"
    )
}

/// `NULLS NOT DISTINCT` exists from PostgreSQL 15 on.
fn nulls_not_distinct(version: i32, column: &'static str) -> &'static str {
    if version >= 150000 {
        column
    } else {
        "false"
    }
}

fn read_constraints<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    oids: &Oids,
    version: i32,
) -> Result<()> {
    let nnd = nulls_not_distinct(version, "COALESCE(i.indnullsnotdistinct, false)");
    let sql = format!(
        "SELECT con.conrelid, con.conname::text, con.contype::text, {}, \
           fn.nspname::text, fc.relname::text, {}, \
           con.confupdtype::text, con.confdeltype::text, con.confmatchtype::text, \
           pg_get_expr(con.conbin, con.conrelid), con.connoinherit, con.condeferrable, con.condeferred, \
           {nnd}, {}, CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) END \
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid \
         LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
         LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype IN ('p', 'u') \
         WHERE con.contype IN ('p', 'u', 'c', 'f', 'x', 'n') AND {} \
         ORDER BY con.conrelid, con.conname",
        attnames("con.conkey", "con.conrelid"),
        attnames("con.confkey", "con.confrelid"),
        comment("con.oid", "pg_constraint", "0"),
        managed_tables()
    );
    for row in r.query("constraints", &sql)? {
        let Some(table) = table_of(s, oids, row.get(0)) else {
            continue;
        };
        let name: String = row.get(1);
        let contype: String = row.get(2);
        let columns: Vec<String> = row.get(3);
        if contype == "n" {
            // PostgreSQL 18's NOT NULL constraints: the column says NOT
            // NULL; only a name other than the one PostgreSQL gives matters.
            let Some(col) = columns.first().and_then(|c| table.columns.get_mut(c)) else {
                continue;
            };
            if name != names::make_object_name(&table.name.name, Some(&col.name), "not_null") {
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
                return Err(IntrospectError::Unsupported(format!(
                    "exclusion constraint {} on {} ({def})",
                    quote_ident(&name),
                    table.name
                )));
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
            }),
        );
    }
    Ok(())
}

fn read_indexes<C: GenericClient>(
    r: &mut Reader<C>,
    s: &mut Schema,
    oids: &Oids,
    version: i32,
) -> Result<()> {
    let nnd = nulls_not_distinct(version, "i.indnullsnotdistinct");
    // Per key: the column's name, or an expression as pg_get_indexdef
    // prints it (only expressions need it: it opens the index, which is
    // slow on a cold cache); whether it is a plain column; a non-default
    // operator class; a collation other than the key's own; the DESC /
    // NULLS FIRST bits.
    let sql = format!(
        "SELECT i.indrelid, ic.relname::text, i.indisunique, am.amname::text, i.indnkeyatts::int, \
           ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, false) \
                   ELSE (SELECT a.attname::text FROM pg_attribute a \
                         WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) END \
                 FROM generate_series(1, i.indnatts) k ORDER BY k), \
           i.indkey::int2[], \
           ARRAY(SELECT CASE WHEN o.opcdefault THEN '' \
                   WHEN on_.nspname IN ('pg_catalog', 'public') THEN o.opcname::text \
                   ELSE on_.nspname || '.' || o.opcname END \
                 FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(oid, ord) \
                 JOIN pg_opclass o ON o.oid = k.oid JOIN pg_namespace on_ ON on_.oid = o.opcnamespace ORDER BY k.ord), \
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
           i.indoption::int2[], pg_get_expr(i.indpred, i.indrelid), {nnd}, \
           {}, i.indisvalid, COALESCE(ic.reloptions, '{{}}')::text[] \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_am am ON am.oid = ic.relam \
         JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {} AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid \
           AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) \
         ORDER BY i.indrelid, ic.relname",
        comment("i.indexrelid", "pg_class", "0"),
        managed_tables()
    );
    for row in r.query("indexes", &sql)? {
        let Some(table) = table_of(s, oids, row.get(0)) else {
            continue;
        };
        let nkeys = row.get::<_, i32>(4) as usize;
        let texts: Vec<String> = row.get(5);
        let attnums: Vec<i16> = row.get(6);
        let opclasses: Vec<String> = row.get(7);
        let collations: Vec<String> = row.get::<_, Option<Vec<String>>>(8).unwrap_or_default();
        let options: Vec<i16> = row.get(9);
        let nonempty = |v: Option<&String>| v.filter(|s| !s.is_empty()).cloned();
        let mut keys = Vec::new();
        for k in 0..nkeys {
            let opt = options.get(k).copied().unwrap_or(0);
            let descending = opt & 1 != 0;
            let nulls_first = opt & 2 != 0;
            let text = texts.get(k).cloned().unwrap_or_default();
            keys.push(IndexKey {
                target: if attnums.get(k).copied().unwrap_or(0) > 0 {
                    IndexTarget::Column(text)
                } else {
                    IndexTarget::Expression(text)
                },
                collation: nonempty(collations.get(k)),
                opclass: nonempty(opclasses.get(k)),
                descending,
                nulls_first: (nulls_first != descending).then_some(nulls_first),
            });
        }
        let include = texts[nkeys.min(texts.len())..].to_vec();
        let name: String = row.get(1);
        table.indexes.insert(
            name.clone(),
            Box::new(Index {
                name,
                unique: row.get(2),
                method: row.get(3),
                keys,
                include,
                predicate: row.get(10),
                nulls_not_distinct: row.get(11),
                comment: row.get(12),
                invalid: !row.get::<_, bool>(13),
                with: row.get(14),
            }),
        );
    }
    Ok(())
}

/// Which views read which columns: views are not modelled yet, but a plan
/// must not change a column one of them uses.
fn read_view_uses<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema, oids: &Oids) -> Result<()> {
    let rows = r.query(
        "view uses",
        "SELECT DISTINCT d.refobjid, a.attname::text, vn.nspname::text, v.relname::text \
         FROM pg_depend d JOIN pg_rewrite rw ON rw.oid = d.objid \
         JOIN pg_class v ON v.oid = rw.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace \
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
         WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass \
           AND d.refobjsubid > 0 AND v.oid <> d.refobjid \
         ORDER BY 3, 4",
    )?;
    for row in rows {
        let Some(table) = oids.get(&row.get::<_, u32>(0)) else {
            continue;
        };
        s.view_uses
            .0
            .entry(table.clone())
            .or_default()
            .entry(row.get(1))
            .or_default()
            .push(QualName::new(
                row.get::<_, String>(2),
                row.get::<_, String>(3),
            ));
    }
    Ok(())
}

/// Partitioned tables are not modelled yet: refuse rather than leave them
/// out, so a plan never pretends they do not exist.
fn refuse_partitioned<C: GenericClient>(r: &mut Reader<C>) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, c.relname::text, c.relkind::text FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('p') AND {MANAGED_NS} AND {} LIMIT 1",
        not_extension_member("pg_class", "c.oid")
    );
    if let Some(row) = r.query("partitioned tables", &sql)?.first() {
        return Err(IntrospectError::Unsupported(format!(
            "partitioned table {} (partitioning is not modelled yet)",
            QualName::new(row.get::<_, String>(0), row.get::<_, String>(1))
        )));
    }
    Ok(())
}
