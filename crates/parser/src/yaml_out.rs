//! The YAML format, written: a canonical model as a schema file that reads
//! back into the same model (`dump --format yaml`).
//!
//! Types, defaults and checks are written in their canonical spelling
//! (`character varying(40)`, `default_sql: now()`), which the reader accepts
//! verbatim. What the format cannot say yet (a primary key with a name of
//! its own, several expression keys in one index, ...) is reported instead
//! of being dropped: the caller can fall back to SQL.

use schemadiff_model::privileges::{self, Acl};
use schemadiff_model::*;
use serde_yaml::{Mapping, Value};

fn s(v: impl Into<String>) -> Value {
    Value::String(v.into())
}

fn list(items: impl IntoIterator<Item = impl Into<String>>) -> Value {
    Value::Sequence(items.into_iter().map(|i| s(i)).collect())
}

/// `name` for `public`, `schema.name` otherwise, quoted where needed.
fn qual(q: &QualName) -> String {
    q.printed()
}

struct Map(Mapping);

impl Map {
    fn new() -> Self {
        Map(Mapping::new())
    }
    fn put(&mut self, k: &str, v: Value) -> &mut Self {
        self.0.insert(s(k), v);
        self
    }
    fn opt(&mut self, k: &str, v: &Option<String>) -> &mut Self {
        if let Some(v) = v {
            self.put(k, s(v.clone()));
        }
        self
    }
    fn flag(&mut self, k: &str, v: bool) -> &mut Self {
        if v {
            self.put(k, Value::Bool(true));
        }
        self
    }
    fn done(&mut self) -> Value {
        Value::Mapping(std::mem::take(&mut self.0))
    }
}

fn action(a: FkAction) -> Option<&'static str> {
    match a {
        FkAction::NoAction => None,
        FkAction::Restrict => Some("restrict"),
        FkAction::Cascade => Some("cascade"),
        FkAction::SetNull => Some("set_null"),
        FkAction::SetDefault => Some("set_default"),
    }
}

fn deferrable(c: &Constraint) -> Option<Value> {
    match (c.deferrable, c.initially_deferred) {
        (false, _) => None,
        (true, false) => Some(s("immediate")),
        (true, true) => Some(s("deferred")),
    }
}

/// Writes `schema` as a YAML schema file, or lists what YAML cannot express.
pub fn write(schema: &Schema) -> Result<String, Vec<String>> {
    let mut problems = Vec::new();
    let mut top = Map::new();
    if !schema.schemas.is_empty() || schema.public_comment.is_some() {
        // `public` is listed only for a comment of its own (`""`: none).
        let public = schema
            .public_comment
            .as_ref()
            .map(|c| ("public".to_string(), Some(c.clone())));
        let others = schema
            .schemas
            .iter()
            .map(|(n, ns)| (n.clone(), ns.comment.clone()));
        let items = public
            .into_iter()
            .chain(others)
            .map(|(n, comment)| match comment {
                None => s(n),
                Some(c) => Map::new().put("name", s(n)).put("comment", s(c)).done(),
            });
        top.put("schemas", Value::Sequence(items.collect()));
    }
    if !schema.extensions.is_empty() {
        let items = schema.extensions.values().map(|e| {
            if e.schema.is_none() && e.version.is_none() {
                return s(e.name.clone());
            }
            let mut m = Map::new();
            m.put("name", s(e.name.clone()));
            m.opt("schema", &e.schema);
            m.opt("version", &e.version);
            m.done()
        });
        top.put("extensions", Value::Sequence(items.collect()));
    }
    if !schema.collations.is_empty() {
        let mut m = Map::new();
        for c in schema.collations.values() {
            let mut cm = Map::new();
            cm.put("provider", s(c.provider.clone()));
            cm.opt("locale", &c.locale);
            cm.opt("lc_collate", &c.lc_collate);
            cm.opt("lc_ctype", &c.lc_ctype);
            if !c.deterministic {
                cm.put("deterministic", Value::Bool(false));
            }
            cm.opt("rules", &c.rules);
            cm.opt("comment", &c.comment);
            m.put(&qual(&c.name), cm.done());
        }
        top.put("collations", m.done());
    }
    if !schema.enums.is_empty() {
        let mut m = Map::new();
        for e in schema.enums.values() {
            let values = list(e.values.clone());
            let def = match &e.comment {
                None => values,
                Some(c) => Map::new()
                    .put("values", values)
                    .put("comment", s(c.clone()))
                    .done(),
            };
            m.put(&qual(&e.name), def);
        }
        top.put("enums", m.done());
    }
    if !schema.sequences.is_empty() {
        let mut m = Map::new();
        for q in schema.sequences.values() {
            m.put(&qual(&q.name), sequence(q));
        }
        top.put("sequences", m.done());
    }
    if !schema.tables.is_empty() {
        let mut m = Map::new();
        for t in schema.tables.values() {
            m.put(&qual(&t.name), table(t, &mut problems));
        }
        top.put("tables", m.done());
    }
    if !schema.functions.is_empty() {
        let mut m = Map::new();
        for f in schema.functions.values() {
            m.put(
                &format!("{}({})", f.name.printed(), f.arguments),
                function(f),
            );
        }
        top.put("functions", m.done());
    }
    if !schema.aggregates.is_empty() {
        let mut m = Map::new();
        for a in schema.aggregates.values() {
            let mut am = Map::new();
            for o in &a.options {
                match o.split_once(" = ") {
                    Some((k, v)) => {
                        let key = k.to_ascii_lowercase();
                        let value = match k {
                            "SSPACE" | "MSSPACE" => {
                                Value::Number(v.parse::<i64>().unwrap_or_default().into())
                            }
                            "INITCOND" | "MINITCOND" => s(unquote_literal(v)),
                            _ => s(v.to_string()),
                        };
                        am.put(&key, value);
                    }
                    None => {
                        am.put(&o.to_ascii_lowercase(), Value::Bool(true));
                    }
                }
            }
            am.opt("comment", &a.comment);
            m.put(&format!("{}({})", a.name.printed(), a.args), am.done());
        }
        top.put("aggregates", m.done());
    }
    if !schema.others.is_empty() {
        let items = schema.others.values().map(|o| {
            let mut m = Map::new();
            m.put("definition", s(o.definition.clone()));
            m.opt("comment", &o.comment);
            m.done()
        });
        top.put("objects", Value::Sequence(items.collect()));
    }
    if !schema.domains.is_empty() {
        let mut m = Map::new();
        for d in schema.domains.values() {
            let mut dm = Map::new();
            dm.put("type", s(d.base_type.clone()));
            if d.not_null {
                dm.put("null", Value::Bool(false));
            }
            dm.opt("default_sql", &d.default);
            dm.opt("collation", &d.collation);
            if !d.checks.is_empty() {
                let checks: Vec<Value> = d
                    .checks
                    .iter()
                    .map(|(n, e)| {
                        Map::new()
                            .put("name", s(n.clone()))
                            .put("expression", s(e.clone()))
                            .done()
                    })
                    .collect();
                dm.put("checks", Value::Sequence(checks));
            }
            dm.opt("comment", &d.comment);
            m.put(&qual(&d.name), dm.done());
        }
        top.put("domains", m.done());
    }
    if !schema.composites.is_empty() {
        let mut m = Map::new();
        for c in schema.composites.values() {
            let mut attrs = Map::new();
            for (a, t) in &c.attributes {
                attrs.put(a, s(t.clone()));
            }
            let mut cm = Map::new();
            cm.put("attributes", attrs.done());
            cm.opt("comment", &c.comment);
            m.put(&qual(&c.name), cm.done());
        }
        top.put("types", m.done());
    }
    for (key, materialized) in [("views", false), ("materialized_views", true)] {
        let mut m = Map::new();
        let mut any = false;
        for v in schema
            .views
            .values()
            .filter(|v| v.materialized == materialized)
        {
            m.put(&qual(&v.name), view(v, &mut problems));
            any = true;
        }
        if any {
            top.put(key, m.done());
        }
    }
    privileges(schema, &mut top);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(serde_yaml::to_string(&top.done()).expect("a YAML value serialises"))
}

/// An access list as `grants` writes it: role to privileges in the order
/// PostgreSQL lists them.
fn acl_value(acl: &Acl, all: &[&str]) -> Value {
    let mut m = Map::new();
    for (role, held) in acl {
        let names = privileges::ordered(held.keys(), all);
        let options: Vec<bool> = held.values().copied().collect();
        if names.len() == all.len() && options.iter().all(|o| *o == options[0]) {
            let p = if options[0] {
                "ALL WITH GRANT OPTION"
            } else {
                "ALL"
            };
            m.put(role, list([p]));
            continue;
        }
        m.put(
            role,
            list(names.into_iter().map(|p| {
                if held[&p] {
                    format!("{p} WITH GRANT OPTION")
                } else {
                    p
                }
            })),
        );
    }
    m.done()
}

/// `grants` (each object whose access list is not what the default
/// privileges give it) and `default_privileges`.
fn privileges(schema: &Schema, top: &mut Map) {
    let p = &schema.privileges;
    let mut grants = Map::new();
    let mut any = false;
    for o in schema.privileged_objects() {
        let acl = p.acl(&o);
        if acl == p.initial_acl(&o, &None) {
            continue;
        }
        let key = match &o {
            PrivObject::Schema(n) => format!("schema {}", quote_ident(n)),
            PrivObject::Table(q) => format!("table {}", qual(q)),
            PrivObject::Column(q, c) => format!("column {}.{}", qual(q), quote_ident(c)),
            PrivObject::Sequence(q) => format!("sequence {}", qual(q)),
            PrivObject::Function(k) => match schema.functions.get(k) {
                Some(f) => format!("function {}({})", qual(&f.name), f.signature),
                None => continue,
            },
            PrivObject::Type(q) => format!("type {}", qual(q)),
        };
        grants.put(&key, acl_value(&acl, o.all()));
        any = true;
    }
    if any {
        top.put("grants", grants.done());
    }
    if !p.defaults.is_empty() {
        let defaults: Vec<Value> = p
            .defaults
            .iter()
            .map(|(scope, acl)| {
                let mut m = Map::new();
                m.put("on", s(scope.on.sql().to_lowercase()));
                m.opt("schema", &scope.schema);
                m.opt("for_role", &scope.role);
                m.put("grants", acl_value(acl, scope.on.all()));
                m.done()
            })
            .collect();
        top.put("default_privileges", Value::Sequence(defaults));
    }
}

fn view(v: &View, problems: &mut Vec<String>) -> Value {
    let mut m = Map::new();
    m.put("query", s(v.definition.trim_end_matches(';').to_string()));
    if !v.options.is_empty() {
        let mut o = Map::new();
        for opt in &v.options {
            let (k, val) = opt.split_once('=').unwrap_or((opt.as_str(), "true"));
            o.put(k, s(val.to_string()));
        }
        m.put("options", o.done());
    }
    if v.materialized && !v.populated.0 {
        m.put("with_data", Value::Bool(false));
    }
    let mut cols = Map::new();
    let mut any = false;
    for (name, c) in &v.columns {
        if let Some(text) = &c.comment {
            cols.put(name, Map::new().put("comment", s(text.clone())).done());
            any = true;
        }
    }
    if any {
        m.put("columns", cols.done());
    }
    if !v.indexes.is_empty() {
        let list: Vec<Value> = v.indexes.values().map(|i| index(i)).collect();
        m.put("indexes", Value::Sequence(list));
    }
    m.opt("cluster_on", &v.cluster_on);
    if !v.triggers.is_empty() {
        let mut tm = Map::new();
        for t in v.triggers.values() {
            if t.enabled != TriggerEnabled::Enabled {
                problems.push(format!(
                    "trigger {} of view {} is not simply enabled",
                    quote_ident(&t.name),
                    v.name
                ));
            }
            let mut one = Map::new();
            one.put("definition", s(t.definition.clone()));
            one.opt("comment", &t.comment);
            tm.put(&t.name, one.done());
        }
        m.put("triggers", tm.done());
    }
    m.opt("comment", &v.comment);
    m.done()
}

fn function(f: &Function) -> Value {
    let mut m = Map::new();
    if f.procedure {
        m.put("procedure", Value::Bool(true));
    } else {
        m.put("returns", s(f.result.clone()));
    }
    m.put("language", s(f.language.clone()));
    m.put("body", s(f.body.clone()));
    m.flag("standard_body", f.sql_body);
    match f.volatility {
        Volatility::Immutable => {
            m.put("volatility", s("immutable"));
        }
        Volatility::Stable => {
            m.put("volatility", s("stable"));
        }
        Volatility::Volatile => {}
    }
    m.flag("strict", f.strict);
    m.flag("security_definer", f.security_definer);
    m.flag("leakproof", f.leakproof);
    match f.parallel {
        Parallel::Safe => {
            m.put("parallel", s("safe"));
        }
        Parallel::Restricted => {
            m.put("parallel", s("restricted"));
        }
        Parallel::Unsafe => {}
    }
    let default_cost = if matches!(f.language.as_str(), "c" | "internal") {
        "1"
    } else {
        "100"
    };
    let number =
        |t: &str| -> Value { serde_yaml::from_str(t).unwrap_or_else(|_| s(t.to_string())) };
    if f.cost != default_cost {
        m.put("cost", number(&f.cost));
    }
    let returns_set = f.result.starts_with("SETOF ") || f.result.starts_with("TABLE(");
    if returns_set && f.rows != "1000" {
        m.put("rows", number(&f.rows));
    }
    if !f.config.is_empty() {
        let mut set = Map::new();
        for c in &f.config {
            let (k, v) = c.split_once('=').unwrap_or((c, ""));
            set.put(k, s(v.to_string()));
        }
        m.put("set", set.done());
    }
    m.opt("comment", &f.comment);
    m.done()
}

fn sequence(q: &Sequence) -> Value {
    let d = Sequence::with_defaults(q.name.clone(), &q.data_type);
    let mut m = Map::new();
    if q.data_type != "bigint" {
        m.put("type", s(q.data_type.clone()));
    }
    let nums = [
        ("start", q.start, d.start),
        ("increment", q.increment, d.increment),
        ("min_value", q.min_value, d.min_value),
        ("max_value", q.max_value, d.max_value),
        ("cache", q.cache, d.cache),
    ];
    for (k, v, default) in nums {
        if v != default {
            m.put(k, Value::Number(v.into()));
        }
    }
    m.flag("cycle", q.cycle);
    m.flag("unlogged", q.unlogged);
    if let Some((t, c)) = &q.owned_by {
        m.put("owned_by", s(format!("{}.{}", qual(t), c)));
    }
    m.opt("comment", &q.comment);
    m.done()
}

fn table(t: &Table, problems: &mut Vec<String>) -> Value {
    let mut m = Map::new();
    m.opt("comment", &t.comment);
    let pk = t.primary_key();
    let pk_cols: &[String] = pk.map(|c| c.kind.columns()).unwrap_or(&[]);
    // A key with a name of its own, deferrable or commented is written
    // out whole on the table.
    let pk_full = pk.filter(|pk| {
        let default = names::choose_name(&t.name.name, None, "pkey", &Default::default());
        pk.name != default || pk.deferrable || pk.comment.is_some()
    });
    let mut cols = Map::new();
    for c in t.columns.values() {
        let mut cm = Map::new();
        cm.put("type", s(c.data_type.clone()));
        if c.not_null && c.identity.is_none() && !pk_cols.contains(&c.name) {
            cm.put("null", Value::Bool(false));
        }
        cm.opt("not_null_name", &c.not_null_name);
        cm.opt("default_sql", &c.default);
        match c.identity {
            Some(Identity::Always) => {
                cm.put("identity", s("always"));
            }
            Some(Identity::ByDefault) => {
                cm.put("identity", s("by_default"));
            }
            None => {}
        }
        cm.opt("generated", &c.generated);
        if let Some(o) = &c.identity_options {
            let mut om = Map::new();
            om.put("start", Value::Number(o.start.into()));
            om.put("increment", Value::Number(o.increment.into()));
            om.put("min_value", Value::Number(o.min_value.into()));
            om.put("max_value", Value::Number(o.max_value.into()));
            om.put("cache", Value::Number(o.cache.into()));
            om.flag("cycle", o.cycle);
            cm.put("identity_options", om.done());
        }
        if let Some(s) = &c.identity_sequence {
            let name = if s.schema == t.name.schema {
                s.name.clone()
            } else {
                qual(s)
            };
            cm.put("identity_sequence", self::s(name));
        }
        cm.flag("virtual", c.generated_virtual);
        if pk_cols.len() == 1 && pk_cols[0] == c.name && pk_full.is_none() {
            cm.put("primary_key", Value::Bool(true));
        }
        cm.opt("collation", &c.collation);
        cm.opt("storage", &c.storage);
        cm.opt("compression", &c.compression);
        cm.opt("comment", &c.comment);
        cols.put(&c.name, cm.done());
    }
    m.put("columns", cols.done());
    if let Some(pk) = pk_full {
        let mut pm = Map::new();
        pm.put("columns", list(pk_cols.to_vec()));
        let default = names::choose_name(&t.name.name, None, "pkey", &Default::default());
        if pk.name != default {
            pm.put("name", s(pk.name.clone()));
        }
        if let Some(d) = deferrable(pk) {
            pm.put("deferrable", d);
        }
        pm.opt("comment", &pk.comment);
        m.put("primary_key", pm.done());
    } else if pk_cols.len() > 1 || pk_cols.iter().any(|c| !t.columns.contains_key(c)) {
        // Several columns, or one the table inherits (not listed).
        m.put("primary_key", list(pk_cols.to_vec()));
    }
    let mut indexes = Vec::new();
    for i in t.indexes.values() {
        indexes.push(index(i));
    }
    if !indexes.is_empty() {
        m.put("indexes", Value::Sequence(indexes));
    }
    let (mut uniques, mut checks, mut fks) = (Vec::new(), Vec::new(), Vec::new());
    let mut exclusions = Vec::new();
    for c in t.constraints.values() {
        let mut cm = Map::new();
        match &c.kind {
            ConstraintKind::PrimaryKey { .. } => continue,
            ConstraintKind::Unique {
                columns,
                nulls_not_distinct,
            } => {
                cm.put("columns", list(columns.clone()));
                cm.put("name", s(c.name.clone()));
                cm.flag("nulls_not_distinct", *nulls_not_distinct);
                if let Some(d) = deferrable(c) {
                    cm.put("deferrable", d);
                }
                cm.opt("comment", &c.comment);
                uniques.push(cm.done());
            }
            ConstraintKind::Check {
                expression,
                no_inherit,
            } => {
                if c.deferrable {
                    problems.push(format!(
                        "check {} of {} (DEFERRABLE)",
                        quote_ident(&c.name),
                        t.name
                    ));
                }
                cm.put("name", s(c.name.clone()));
                cm.put("expression", s(expression.clone()));
                cm.flag("no_inherit", *no_inherit);
                cm.opt("comment", &c.comment);
                if c.not_valid {
                    cm.put("validate", Value::Bool(false));
                }
                checks.push(cm.done());
            }
            ConstraintKind::ForeignKey(fk) => {
                cm.put("columns", list(fk.columns.clone()));
                cm.put("references", s(qual(&fk.ref_table)));
                cm.put("referenced_columns", list(fk.ref_columns.clone()));
                if let Some(a) = action(fk.on_delete) {
                    cm.put("on_delete", s(a));
                }
                if let Some(a) = action(fk.on_update) {
                    cm.put("on_update", s(a));
                }
                cm.put("name", s(c.name.clone()));
                if let Some(d) = deferrable(c) {
                    cm.put("deferrable", d);
                }
                cm.flag("match_full", fk.match_full);
                cm.opt("comment", &c.comment);
                if c.not_valid {
                    cm.put("validate", Value::Bool(false));
                }
                fks.push(cm.done());
            }
            ConstraintKind::Exclude { definition } => {
                cm.put("name", s(c.name.clone()));
                let d = definition.strip_prefix("EXCLUDE ").unwrap_or(definition);
                cm.put("definition", s(d.to_string()));
                if let Some(d) = deferrable(c) {
                    cm.put("deferrable", d);
                }
                cm.opt("comment", &c.comment);
                exclusions.push(cm.done());
            }
        }
    }
    for (k, v) in [
        ("unique", uniques),
        ("checks", checks),
        ("exclusions", exclusions),
        ("foreign_keys", fks),
    ] {
        if !v.is_empty() {
            m.put(k, Value::Sequence(v));
        }
    }
    m.flag("unlogged", t.unlogged);
    m.opt("cluster_on", &t.cluster_on);
    let identity = match &t.replica_identity {
        None => None,
        Some(ReplicaIdentity::Full) => Some(s("full")),
        Some(ReplicaIdentity::Nothing) => Some(s("nothing")),
        Some(ReplicaIdentity::Index(i)) => Some(Map::new().put("index", s(i.clone())).done()),
    };
    if let Some(v) = identity {
        m.put("replica_identity", v);
    }
    if !t.statistics_targets.is_empty() {
        let mut st = Map::new();
        for (c, n) in &t.statistics_targets {
            st.put(c, Value::Number((*n).into()));
        }
        m.put("statistics_targets", st.done());
    }
    if !t.partition_defaults.is_empty() {
        let mut pd = Map::new();
        for (c, d) in &t.partition_defaults {
            pd.put(
                c,
                match d {
                    Some(d) => s(d.clone()),
                    None => Value::Null,
                },
            );
        }
        m.put("partition_defaults", pd.done());
    }
    if !t.partition_index_names.is_empty() {
        let mut pi = Map::new();
        for (parent, own) in &t.partition_index_names {
            pi.put(parent, s(own.clone()));
        }
        m.put("partition_index_names", pi.done());
    }
    m.opt("partition_by", &t.partition_by);
    if let Some(p) = &t.partition_of {
        m.put(
            "partition_of",
            Map::new()
                .put("table", s(qual(&p.parent)))
                .put("values", s(p.bound.clone()))
                .done(),
        );
    }
    if !t.inherits.is_empty() {
        m.put(
            "inherits",
            Value::Sequence(t.inherits.iter().map(|p| s(qual(p))).collect()),
        );
    }
    if !t.with.is_empty() {
        let mut w = Map::new();
        for p in &t.with {
            let (k, v) = p.split_once('=').unwrap_or((p, "true"));
            w.put(k, parameter_value(v));
        }
        m.put("with", w.done());
    }
    match (t.row_security.enabled, t.row_security.forced) {
        (true, true) => {
            m.put("row_level_security", s("force"));
        }
        (true, false) => {
            m.put("row_level_security", Value::Bool(true));
        }
        (false, true) => {
            m.put("row_level_security", s("force_only"));
        }
        (false, false) => {}
    }
    if !t.triggers.is_empty() {
        let mut ts = Map::new();
        for tr in t.triggers.values() {
            let mut tm = Map::new();
            tm.put("definition", s(tr.definition.clone()));
            let enabled = match tr.enabled {
                TriggerEnabled::Enabled => None,
                TriggerEnabled::Disabled => Some("disabled"),
                TriggerEnabled::Replica => Some("replica"),
                TriggerEnabled::Always => Some("always"),
            };
            if let Some(e) = enabled {
                tm.put("enabled", s(e));
            }
            tm.opt("comment", &tr.comment);
            ts.put(&tr.name, tm.done());
        }
        m.put("triggers", ts.done());
    }
    if !t.policies.is_empty() {
        let mut ps = Map::new();
        for p in t.policies.values() {
            let mut pm = Map::new();
            if p.command != PolicyCommand::All {
                pm.put("command", s(p.command.sql().to_lowercase()));
            }
            if p.roles != ["public"] {
                pm.put("roles", list(p.roles.clone()));
            }
            pm.opt("using", &p.using);
            pm.opt("with_check", &p.with_check);
            pm.flag("restrictive", !p.permissive);
            pm.opt("comment", &p.comment);
            ps.put(&p.name, pm.done());
        }
        m.put("policies", ps.done());
    }
    if !t.statistics.is_empty() {
        let mut ss = Map::new();
        for st in t.statistics.values() {
            let mut sm = Map::new();
            if !st.columns.is_empty() {
                sm.put("columns", list(st.columns.clone()));
            }
            if !st.expressions.is_empty() {
                sm.put("expressions", list(st.expressions.clone()));
            }
            if !st.kinds.is_empty() {
                sm.put("kinds", list(st.kinds.clone()));
            }
            if let Some(n) = st.target {
                sm.put("target", Value::Number(n.into()));
            }
            sm.opt("comment", &st.comment);
            let key = if st.name.schema == t.name.schema {
                st.name.name.clone()
            } else {
                qual(&st.name)
            };
            ss.put(&key, sm.done());
        }
        m.put("statistics", ss.done());
    }
    m.done()
}

/// A key's options as YAML writes them.
fn key_options(k: &IndexKey, m: &mut Map) {
    if k.descending {
        m.put("order", s("desc"));
    }
    match k.nulls_first {
        Some(true) => {
            m.put("nulls", s("first"));
        }
        Some(false) => {
            m.put("nulls", s("last"));
        }
        None => {}
    }
    m.opt("opclass", &k.opclass);
    m.opt("collation", &k.collation);
    if let Some(n) = k.statistics {
        m.put("statistics", Value::Number(n.into()));
    }
}

fn index(i: &Index) -> Value {
    let mut m = Map::new();
    let (mut columns, mut order, mut nulls, mut opclass, mut collations) =
        (Vec::new(), Map::new(), Map::new(), Map::new(), Map::new());
    let mut expression = None;
    // Columns, then at most one plain expression, say it in the short form;
    // any other index lists its keys one by one.
    let short = i.keys.iter().enumerate().all(|(n, k)| match &k.target {
        IndexTarget::Column(_) => true,
        IndexTarget::Expression(_) => {
            n + 1 == i.keys.len()
                && !k.descending
                && k.nulls_first.is_none()
                && k.opclass.is_none()
                && k.collation.is_none()
                && k.statistics.is_none()
        }
    });
    if !short {
        let keys = i.keys.iter().map(|k| {
            let mut km = Map::new();
            match &k.target {
                IndexTarget::Column(c) => km.put("column", s(c.clone())),
                IndexTarget::Expression(e) => km.put("expression", s(e.clone())),
            };
            key_options(k, &mut km);
            km.done()
        });
        m.put("keys", Value::Sequence(keys.collect()));
    }
    for k in i.keys.iter().filter(|_| short) {
        let key = match &k.target {
            IndexTarget::Column(c) => {
                columns.push(c.clone());
                c.clone()
            }
            IndexTarget::Expression(e) => {
                expression = Some(e.clone());
                continue;
            }
        };
        if k.descending {
            order.put(&key, s("desc"));
        }
        match k.nulls_first {
            Some(true) => {
                nulls.put(&key, s("first"));
            }
            Some(false) => {
                nulls.put(&key, s("last"));
            }
            None => {}
        }
        if let Some(o) = &k.opclass {
            opclass.put(&key, s(o.clone()));
        }
        if let Some(c) = &k.collation {
            collations.put(&key, s(c.clone()));
        }
    }
    if !columns.is_empty() {
        m.put("columns", list(columns));
    }
    if let Some(e) = expression {
        m.put("expression", s(e));
    }
    m.flag("unique", i.unique);
    m.put("name", s(i.name.clone()));
    if i.method != "btree" {
        m.put("using", s(i.method.clone()));
    }
    m.opt("where", &i.predicate);
    for (k, v) in [
        ("order", order),
        ("nulls", nulls),
        ("opclass", opclass),
        ("collation", collations),
    ] {
        if !v.0.is_empty() {
            let mut v = v;
            m.put(k, v.done());
        }
    }
    if !i.with.is_empty() {
        let mut w = Map::new();
        for p in &i.with {
            let (k, v) = p.split_once('=').unwrap_or((p, "true"));
            w.put(k, parameter_value(v));
        }
        m.put("with", w.done());
    }
    if !i.include.is_empty() {
        m.put("include", list(i.include.clone()));
    }
    m.flag("nulls_not_distinct", i.nulls_not_distinct);
    m.opt("comment", &i.comment);
    m.done()
}

/// A storage parameter's value: numbers stay numbers; everything else is a
/// string (read back as the catalog keeps it).
fn parameter_value(v: &str) -> Value {
    match v.parse::<i64>() {
        Ok(n) => Value::Number(n.into()),
        Err(_) => s(v.to_string()),
    }
}

/// The text of a literal `quote_literal()` printed (`'it''s'`, or
/// `E'…'` with backslashes doubled).
fn unquote_literal(v: &str) -> String {
    let escaped = v.starts_with("E'");
    let inner = v
        .trim_start_matches('E')
        .strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .unwrap_or(v)
        .replace("''", "'");
    if escaped {
        inner.replace("\\\\", "\\")
    } else {
        inner
    }
}
