//! The server as the judge of expression spelling.
//!
//! The parser spells expressions offline in `pg_get_expr()` style; for
//! forms it cannot imitate exactly, the desired text and the live text can
//! differ while meaning the same. [`reconcile`] asks the server: for every
//! default, check, index expression, index predicate, generated column,
//! policy expression, and domain default or check
//! whose text differs between a live table and the desired one, it lets
//! PostgreSQL parse both texts against a temporary copy of the live table
//! and print them back. When the two prints agree, the desired model takes
//! the live text, so no step is planned for a difference of spelling.
//!
//! Partition keys and bounds are judged alike: a key is given to a
//! temporary copy of the table, a bound to a temporary partition of a
//! copy of the parent, and the server prints them (`FROM ('2024-01-01')`
//! on a `timestamptz` key is `FROM ('2024-01-01 00:00:00+00')`).
//!
//! Views are judged alike: each query printed as a temporary view of the
//! target's own server, so a view printed by a scratch server of another
//! major version, or printed from a print, is no change.
//!
//! Nothing is created outside a transaction that is always rolled back.
//! The cost is a few statements per differing expression and none when
//! nothing differs.

use postgres::Transaction;
use schemadiff_model::*;

#[derive(Debug, Clone)]
enum Target {
    Default(String),
    Generated(String),
    Check(String),
    IndexKey(String, usize),
    IndexPredicate(String),
    PolicyUsing(String),
    PolicyCheck(String),
    Exclude(String),
}

#[derive(Debug)]
struct Candidate {
    table: QualName,
    target: Target,
    desired: String,
    live: String,
}

/// What [`reconcile`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reconciled {
    /// Expressions whose texts differed and were put to the server.
    pub compared: usize,
    /// Of those, the ones the server printed identically (same meaning).
    pub equal: usize,
}

fn candidates(current: &Schema, desired: &Schema) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (name, want) in &desired.tables {
        let Some(have) = current.tables.get(name) else {
            continue;
        };
        let mut push = |target: Target, d: &str, l: &str| {
            if d != l {
                out.push(Candidate {
                    table: name.clone(),
                    target,
                    desired: d.to_string(),
                    live: l.to_string(),
                });
            }
        };
        for (cname, c) in &want.columns {
            let Some(h) = have.columns.get(cname) else {
                continue;
            };
            if h.data_type != c.data_type {
                continue;
            }
            if let (Some(d), Some(l)) = (&c.default, &h.default) {
                push(Target::Default(cname.clone()), d, l);
            }
            if let (Some(d), Some(l)) = (&c.generated, &h.generated) {
                push(Target::Generated(cname.clone()), d, l);
            }
        }
        for (cname, c) in &want.constraints {
            if let (
                ConstraintKind::Check { expression: d, .. },
                Some(ConstraintKind::Check { expression: l, .. }),
            ) = (&c.kind, have.constraints.get(cname).map(|h| &h.kind))
            {
                push(Target::Check(cname.clone()), d, l);
            }
            if let (
                ConstraintKind::Exclude { definition: d },
                Some(ConstraintKind::Exclude { definition: l }),
            ) = (&c.kind, have.constraints.get(cname).map(|h| &h.kind))
            {
                push(Target::Exclude(cname.clone()), d, l);
            }
        }
        for (iname, i) in &want.indexes {
            let Some(h) = have.indexes.get(iname) else {
                continue;
            };
            if h.keys.len() == i.keys.len() {
                for (n, (dk, lk)) in i.keys.iter().zip(&h.keys).enumerate() {
                    if let (IndexTarget::Expression(d), IndexTarget::Expression(l)) =
                        (&dk.target, &lk.target)
                    {
                        push(Target::IndexKey(iname.clone(), n), d, l);
                    }
                }
            }
            if let (Some(d), Some(l)) = (&i.predicate, &h.predicate) {
                push(Target::IndexPredicate(iname.clone()), d, l);
            }
        }
        for (pname, p) in &want.policies {
            let Some(h) = have.policies.get(pname) else {
                continue;
            };
            if let (Some(d), Some(l)) = (&p.using, &h.using) {
                push(Target::PolicyUsing(pname.clone()), d, l);
            }
            if let (Some(d), Some(l)) = (&p.with_check, &h.with_check) {
                push(Target::PolicyCheck(pname.clone()), d, l);
            }
        }
    }
    out
}

/// Lets the server print `text` as it stores it, in the role `target`
/// plays on the scratch copy `tmp` of the table; `None` if it does not
/// parse there.
fn canonical(
    tx: &mut Transaction,
    tmp: &str,
    live: &Table,
    target: &Target,
    text: &str,
) -> Option<String> {
    let data_type = match target {
        Target::Generated(col) => live.columns.get(col)?.data_type.as_str(),
        _ => "",
    };
    let first_column = quote_ident(live.columns.keys().next()?);
    let mut sp = tx.transaction().ok()?;
    let row = match target {
        Target::Default(col) => {
            sp.batch_execute(&format!(
                "ALTER TABLE {tmp} ALTER COLUMN {} SET DEFAULT {text}",
                quote_ident(col)
            ))
            .ok()?;
            sp.query_one(
                &format!(
                    "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d \
                     JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum \
                     WHERE d.adrelid = '{tmp}'::regclass AND a.attname = $1"
                ),
                &[col],
            )
            .ok()?
        }
        Target::Generated(_) => {
            sp.batch_execute(&format!(
                "ALTER TABLE {tmp} ADD COLUMN schemadiff_generated {data_type} GENERATED ALWAYS AS ({text}) STORED"
            ))
            .ok()?;
            sp.query_one(
                &format!(
                    "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d \
                     JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum \
                     WHERE d.adrelid = '{tmp}'::regclass AND a.attname = 'schemadiff_generated'"
                ),
                &[],
            )
            .ok()?
        }
        Target::Check(_) => {
            sp.batch_execute(&format!(
                "ALTER TABLE {tmp} ADD CONSTRAINT schemadiff_check CHECK ({text}) NOT VALID"
            ))
            .ok()?;
            sp.query_one(
                &format!(
                    "SELECT pg_get_expr(conbin, conrelid) FROM pg_constraint \
                     WHERE conrelid = '{tmp}'::regclass AND conname = 'schemadiff_check'"
                ),
                &[],
            )
            .ok()?
        }
        Target::IndexKey(..) => {
            sp.batch_execute(&format!(
                "CREATE INDEX schemadiff_index ON {tmp} (({text}))"
            ))
            .ok()?;
            sp.query_one(
                "SELECT pg_get_indexdef('schemadiff_index'::regclass, 1, false)",
                &[],
            )
            .ok()?
        }
        Target::PolicyUsing(_) | Target::PolicyCheck(_) => {
            let (clause, column) = match target {
                Target::PolicyUsing(_) => ("USING", "polqual"),
                _ => ("WITH CHECK", "polwithcheck"),
            };
            sp.batch_execute(&format!(
                "CREATE POLICY schemadiff_policy ON {tmp} {clause} ({text})"
            ))
            .ok()?;
            sp.query_one(
                &format!(
                    "SELECT pg_get_expr({column}, polrelid) FROM pg_policy \
                     WHERE polrelid = '{tmp}'::regclass AND polname = 'schemadiff_policy'"
                ),
                &[],
            )
            .ok()?
        }
        Target::Exclude(_) => {
            sp.batch_execute(&format!(
                "ALTER TABLE {tmp} ADD CONSTRAINT schemadiff_exclude {text}"
            ))
            .ok()?;
            sp.query_one(
                &format!(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint \
                     WHERE conrelid = '{tmp}'::regclass AND conname = 'schemadiff_exclude'"
                ),
                &[],
            )
            .ok()?
        }
        Target::IndexPredicate(_) => {
            sp.batch_execute(&format!(
                "CREATE INDEX schemadiff_index ON {tmp} ({first_column}) WHERE ({text})"
            ))
            .ok()?;
            sp.query_one(
                "SELECT pg_get_expr(indpred, indrelid) FROM pg_index \
                 WHERE indexrelid = 'schemadiff_index'::regclass",
                &[],
            )
            .ok()?
        }
    };
    let printed: Option<String> = row.get(0);
    let _ = sp.rollback();
    printed
}

/// A domain check (by name) or default whose text differs between a live
/// domain and the desired one of the same base type.
struct DomainCandidate {
    domain: QualName,
    base: String,
    /// `None`: the default.
    check: Option<String>,
    desired: String,
    live: String,
}

fn domain_candidates(current: &Schema, desired: &Schema) -> Vec<DomainCandidate> {
    let mut out = Vec::new();
    for (name, want) in &desired.domains {
        let Some(have) = current.domains.get(name) else {
            continue;
        };
        if have.base_type != want.base_type {
            continue;
        }
        let mut push = |check: Option<String>, d: &str, l: &str| {
            if d != l {
                out.push(DomainCandidate {
                    domain: name.clone(),
                    base: want.base_type.clone(),
                    check,
                    desired: d.to_string(),
                    live: l.to_string(),
                });
            }
        };
        if let (Some(d), Some(l)) = (&want.default, &have.default) {
            push(None, d, l);
        }
        for (c, d) in &want.checks {
            if let Some(l) = have.checks.get(c) {
                push(Some(c.clone()), d, l);
            }
        }
    }
    out
}

/// Lets the server print a domain's default or check as it stores it, on
/// a domain of the same base made for the purpose (rolled back).
fn domain_canonical(
    tx: &mut Transaction,
    schema: &str,
    base: &str,
    check: bool,
    text: &str,
) -> Option<String> {
    let mut sp = tx.transaction().ok()?;
    let probe = format!("{}.schemadiff_reconcile", quote_ident(schema));
    let clause = if check {
        format!("CHECK ({text})")
    } else {
        format!("DEFAULT {text}")
    };
    sp.batch_execute(&format!("CREATE DOMAIN {probe} AS {base} {clause}"))
        .ok()?;
    let sql = if check {
        format!(
            "SELECT pg_get_expr(conbin, 0) FROM pg_constraint \
             WHERE contypid = '{probe}'::regtype AND contype = 'c'"
        )
    } else {
        format!("SELECT pg_get_expr(typdefaultbin, 0) FROM pg_type WHERE oid = '{probe}'::regtype")
    };
    let printed: Option<String> = sp.query_one(&sql, &[]).ok()?.get(0);
    let _ = sp.rollback();
    printed
}

fn reconcile_domains(
    tx: &mut Transaction,
    found: &[DomainCandidate],
    desired: &mut Schema,
    done: &mut Reconciled,
) -> Result<(), postgres::Error> {
    for c in found {
        done.compared += 1;
        let schema = c.domain.schema.as_str();
        let check = c.check.is_some();
        let d = domain_canonical(tx, schema, &c.base, check, &c.desired);
        let same = d.as_deref() == Some(c.live.as_str())
            || d.is_some() && d == domain_canonical(tx, schema, &c.base, check, &c.live);
        if !same {
            continue;
        }
        done.equal += 1;
        let Some(dm) = desired.domains.get_mut(&c.domain) else {
            continue;
        };
        match &c.check {
            Some(name) => {
                if let Some(e) = dm.checks.get_mut(name) {
                    *e = c.live.clone();
                }
            }
            None => dm.default = Some(c.live.clone()),
        }
    }
    Ok(())
}

/// A partition key (`Key`) or a partition's bound (`Bound`) whose text
/// differs between the database and the desired state.
enum PartitionCandidate {
    Key(QualName, String, String),
    Bound {
        table: QualName,
        parent: QualName,
        desired: String,
        live: String,
    },
}

fn partition_candidates(current: &Schema, desired: &Schema) -> Vec<PartitionCandidate> {
    let mut out = Vec::new();
    for (name, want) in &desired.tables {
        let Some(have) = current.tables.get(name) else {
            continue;
        };
        if let (Some(d), Some(l)) = (&want.partition_by, &have.partition_by) {
            if d != l {
                out.push(PartitionCandidate::Key(name.clone(), d.clone(), l.clone()));
            }
        }
        if let (Some(d), Some(l)) = (&want.partition_of, &have.partition_of) {
            if d.parent == l.parent && d.bound != l.bound {
                out.push(PartitionCandidate::Bound {
                    table: name.clone(),
                    parent: l.parent.clone(),
                    desired: d.bound.clone(),
                    live: l.bound.clone(),
                });
            }
        }
    }
    out
}

/// Each candidate printed by the server (each in a savepoint: a text the
/// server refuses stays as it is, and plans as a change).
fn reconcile_partitions(
    tx: &mut Transaction,
    found: &[PartitionCandidate],
    current: &Schema,
    desired: &mut Schema,
    done: &mut Reconciled,
) {
    for (n, c) in found.iter().enumerate() {
        done.compared += 1;
        let tmp = format!("schemadiff_partitioned_{n}");
        let printed = |tx: &mut Transaction, setup: String, query: String| -> Option<String> {
            let mut sp = tx.transaction().ok()?;
            sp.batch_execute(&setup).ok()?;
            sp.query_one(&query, &[]).ok()?.get(0)
        };
        match c {
            PartitionCandidate::Key(table, want, live) => {
                let setup = format!(
                    "CREATE TEMPORARY TABLE {tmp} (LIKE {}) PARTITION BY {want}",
                    table.quoted()
                );
                let query = format!("SELECT pg_get_partkeydef('{tmp}'::regclass)");
                if printed(tx, setup, query).as_ref() == Some(live) {
                    done.equal += 1;
                    if let Some(t) = desired.tables.get_mut(table) {
                        t.partition_by = Some(live.clone());
                    }
                }
            }
            PartitionCandidate::Bound {
                table,
                parent,
                desired: want,
                live,
            } => {
                let Some(key) = current
                    .tables
                    .get(parent)
                    .and_then(|p| p.partition_by.clone())
                else {
                    continue;
                };
                let setup = format!(
                    "CREATE TEMPORARY TABLE {tmp} (LIKE {}) PARTITION BY {key}; \
                     CREATE TEMPORARY TABLE {tmp}_part PARTITION OF {tmp} {want}",
                    parent.quoted()
                );
                let query = format!(
                    "SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_class c \
                     WHERE c.oid = '{tmp}_part'::regclass"
                );
                if printed(tx, setup, query).as_ref() == Some(live) {
                    done.equal += 1;
                    if let Some(p) = desired
                        .tables
                        .get_mut(table)
                        .and_then(|t| t.partition_of.as_mut())
                    {
                        p.bound = live.clone();
                    }
                }
            }
        }
    }
}

/// Views (plain and materialized) whose queries print differently in the
/// database and in the desired state (printed by another server, or by the
/// same one from a print: `pg_get_viewdef` does not always read back as it
/// prints): each query is made a temporary view of the target's own server
/// and printed there; where the two prints agree, the desired view takes
/// the live text.
fn reconcile_views(
    tx: &mut Transaction,
    current: &Schema,
    desired: &mut Schema,
    done: &mut Reconciled,
) {
    let found: Vec<(QualName, String, String)> = desired
        .views
        .iter()
        .filter_map(|(name, want)| {
            let have = current.views.get(name)?;
            (have.materialized == want.materialized && have.definition != want.definition).then(
                || {
                    (
                        name.clone(),
                        want.definition.clone(),
                        have.definition.clone(),
                    )
                },
            )
        })
        .collect();
    let print = |tx: &mut Transaction, n: usize, query: &str| -> Option<String> {
        let mut sp = tx.transaction().ok()?;
        let tmp = format!("schemadiff_view_{n}");
        sp.batch_execute(&format!(
            "CREATE TEMPORARY VIEW {tmp} AS {}",
            query.trim().trim_end_matches(';')
        ))
        .ok()?;
        let printed: Option<String> = sp
            .query_one(&format!("SELECT pg_get_viewdef('{tmp}'::regclass)"), &[])
            .ok()?
            .get(0);
        let _ = sp.rollback();
        printed.map(|p| p.trim().to_string())
    };
    for (n, (name, want, live)) in found.iter().enumerate() {
        done.compared += 1;
        let d = print(tx, 2 * n, want);
        let same =
            d.as_deref() == Some(live.trim()) || d.is_some() && d == print(tx, 2 * n + 1, live);
        if same {
            done.equal += 1;
            if let Some(v) = desired.views.get_mut(name) {
                v.definition = live.clone();
            }
        }
    }
}

/// Replaces, in `desired`, each expression text that means what the live
/// one means (as the server prints both) by the live text. See the module
/// documentation.
pub fn reconcile(
    client: &mut postgres::Client,
    current: &Schema,
    desired: &mut Schema,
) -> Result<Reconciled, postgres::Error> {
    let found = candidates(current, desired);
    let domains = domain_candidates(current, desired);
    let partitions = partition_candidates(current, desired);
    let views = desired.views.iter().any(|(n, v)| {
        current
            .views
            .get(n)
            .is_some_and(|h| h.definition != v.definition)
    });
    let mut done = Reconciled::default();
    if found.is_empty() && domains.is_empty() && partitions.is_empty() && !views {
        return Ok(done);
    }
    let mut tx = client.transaction()?;
    reconcile_domains(&mut tx, &domains, desired, &mut done)?;
    tx.batch_execute("SELECT set_config('search_path', 'public', true)")?;
    reconcile_partitions(&mut tx, &partitions, current, desired, &mut done);
    if views {
        reconcile_views(&mut tx, current, desired, &mut done);
    }
    let mut scratch: Vec<QualName> = Vec::new();
    for c in &found {
        let n = match scratch.iter().position(|t| *t == c.table) {
            Some(n) => n,
            None => {
                tx.batch_execute(&format!(
                    "CREATE TEMPORARY TABLE schemadiff_scratch_{} (LIKE {})",
                    scratch.len(),
                    c.table.quoted()
                ))?;
                scratch.push(c.table.clone());
                scratch.len() - 1
            }
        };
        let tmp = format!("schemadiff_scratch_{n}");
        let live = &current.tables[&c.table];
        done.compared += 1;
        let d = canonical(&mut tx, &tmp, live, &c.target, &c.desired);
        // The desired text prints as the catalog does; or both texts
        // print alike (the live print need not read back as itself: a
        // varchar `IN` list does not).
        let same = d.as_deref() == Some(c.live.as_str())
            || d.is_some() && d == canonical(&mut tx, &tmp, live, &c.target, &c.live);
        if !same {
            continue;
        }
        done.equal += 1;
        let Some(t) = desired.tables.get_mut(&c.table) else {
            continue;
        };
        match &c.target {
            Target::Default(col) => {
                if let Some(col) = t.columns.get_mut(col) {
                    col.default = Some(c.live.clone());
                }
            }
            Target::Generated(col) => {
                if let Some(col) = t.columns.get_mut(col) {
                    col.generated = Some(c.live.clone());
                }
            }
            Target::Check(name) => {
                if let Some(ConstraintKind::Check { expression, .. }) =
                    t.constraints.get_mut(name).map(|k| &mut k.kind)
                {
                    *expression = c.live.clone();
                }
            }
            Target::Exclude(name) => {
                if let Some(ConstraintKind::Exclude { definition }) =
                    t.constraints.get_mut(name).map(|k| &mut k.kind)
                {
                    *definition = c.live.clone();
                }
            }
            Target::IndexKey(name, k) => {
                if let Some(key) = t.indexes.get_mut(name).and_then(|i| i.keys.get_mut(*k)) {
                    key.target = IndexTarget::Expression(c.live.clone());
                }
            }
            Target::IndexPredicate(name) => {
                if let Some(i) = t.indexes.get_mut(name) {
                    i.predicate = Some(c.live.clone());
                }
            }
            Target::PolicyUsing(name) => {
                if let Some(p) = t.policies.get_mut(name) {
                    p.using = Some(c.live.clone());
                }
            }
            Target::PolicyCheck(name) => {
                if let Some(p) = t.policies.get_mut(name) {
                    p.with_check = Some(c.live.clone());
                }
            }
        }
    }
    tx.rollback()?;
    Ok(done)
}
