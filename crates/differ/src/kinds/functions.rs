//! Functions: created, replaced in place where PostgreSQL allows it (same
//! arguments and result), dropped and created again otherwise.

use crate::order::{DepCx, Deps, Key};
use crate::*;
use std::collections::BTreeSet;

fn object(f: &Function) -> String {
    format!("{}({})", f.name, f.identity_args)
}

fn comment_on(f: &Function) -> Step {
    comment(
        CommentTarget::Function {
            name: f.name.clone(),
            identity_args: f.identity_args.clone(),
            key: f.key(),
            procedure: f.procedure,
        },
        object(f),
        kind(f),
        &f.comment,
    )
}

/// `function` or `procedure`, as the plan names it.
fn kind(f: &Function) -> &'static str {
    if f.procedure {
        "procedure"
    } else {
        "function"
    }
}

fn create(f: &Function, steps: &mut Vec<Step>) {
    let mut bare = f.clone();
    bare.comment = None;
    steps.push(step(
        Action::Create,
        kind(f),
        object(f),
        Change::CreateFunction {
            function: bare,
            replace: false,
        },
    ));
    if f.comment.is_some() {
        steps.push(comment_on(f));
    }
}

fn drop(f: &Function) -> Step {
    step(
        Action::Drop,
        kind(f),
        object(f),
        Change::DropFunction {
            name: f.name.clone(),
            identity_args: f.identity_args.clone(),
            key: f.key(),
            procedure: f.procedure,
        },
    )
}

pub(crate) fn diff(from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    for (key, f) in &to.functions {
        let Some(old) = from.functions.get(key) else {
            create(f, steps);
            continue;
        };
        let (mut a, mut b) = (old.clone(), f.clone());
        a.comment = None;
        b.comment = None;
        if a != b {
            // CREATE OR REPLACE keeps the signature and result, and
            // cannot rename arguments or drop their defaults.
            if old.arguments == f.arguments
                && old.result == f.result
                && old.procedure == f.procedure
            {
                steps.push(step(
                    Action::Alter,
                    kind(f),
                    object(f),
                    Change::CreateFunction {
                        function: b,
                        replace: true,
                    },
                ));
            } else {
                steps.push(drop(old));
                create(f, steps);
                continue;
            }
        }
        if old.comment != f.comment {
            steps.push(comment_on(f));
        }
    }
    for (key, f) in &from.functions {
        if !to.functions.contains_key(key) {
            steps.push(drop(f));
        }
    }
}

/// The tables and views whose row types a function's arguments or result
/// name (`RETURNS SETOF users`, `(a activity)`).
fn row_types(s: &Schema, f: &Function, out: &mut Vec<Key>) {
    let words: std::collections::BTreeSet<&str> = [f.arguments.as_str(), f.result.as_str()]
        .into_iter()
        .flat_map(|t| t.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '"')))
        .filter(|w| !w.is_empty())
        .collect();
    for q in s.tables.keys().chain(s.views.keys()) {
        if words.contains(q.printed().as_str()) {
            out.push(Key::Table(q.clone()));
        }
    }
}

/// Whether `expr` calls a function named as `f` (any overload).
fn calls(expr: &str, f: &Function) -> bool {
    let printed = f.name.printed();
    expr.match_indices(&format!("{printed}(")).any(|(i, _)| {
        !expr[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
    })
}

/// The keys of the functions (every overload) named `name` as the catalog
/// prints a function's name (`int4pl`, `app.total_step`).
pub(crate) fn function_keys_named(schema: &Schema, name: &str) -> Vec<String> {
    schema
        .functions
        .values()
        .filter(|f| f.name.printed() == name)
        .map(|f| f.key())
        .collect()
}

/// The functions an expression calls, by name as PostgreSQL prints it.
pub(crate) fn called(expr: &str, schema: &Schema, out: &mut Vec<Key>) {
    for f in schema.functions.values() {
        if calls(expr, f) {
            out.push(Key::Function(f.key()));
        }
    }
}

/// A default, generated column or check the desired state keeps that calls
/// a function the plan would drop for good (no function of that name is
/// left): PostgreSQL would refuse the drop, so the plan is refused now,
/// saying how to fix the desired state.
pub(crate) fn refuse_gone_callees(from: &Schema, to: &Schema) -> Result<(), DiffError> {
    let gone: Vec<&Function> = from
        .functions
        .values()
        .filter(|f| !to.functions.values().any(|t| t.name == f.name))
        .collect();
    if gone.is_empty() {
        return Ok(());
    }
    for (name, t) in &to.tables {
        let mut uses: Vec<(String, &str)> = Vec::new();
        for c in t.columns.values() {
            for e in [&c.default, &c.generated].into_iter().flatten() {
                uses.push((format!("column {}", col_name(name, &c.name)), e));
            }
        }
        for c in t.constraints.values() {
            if let ConstraintKind::Check { expression, .. } = &c.kind {
                uses.push((
                    format!("check {}.{}", name, quote_ident(&c.name)),
                    expression,
                ));
            }
        }
        for (what, expr) in uses {
            if let Some(f) = gone.iter().find(|f| calls(expr, f)) {
                return Err(DiffError(format!(
                    "{what} calls {}, which the desired state does not hold, so the plan would drop it \
                     and PostgreSQL would refuse: add the function to the desired state (a .sql file \
                     beside it), or leave it alone with --exclude {}",
                    f.name, f.name
                )));
            }
        }
    }
    Ok(())
}

/// PostgreSQL will not drop a function while a check, default, index,
/// policy or trigger uses it: those of tables that stay are dropped
/// first and made again after the function comes back (views see to
/// themselves). Objects the plan already drops are left to it.
pub(crate) fn rebuild_dependants(steps: &mut Vec<Step>, from: &Schema, to: &Schema) {
    let dropped: Vec<&Function> = steps
        .iter()
        .filter_map(|s| match &s.change {
            Change::DropFunction { key, .. } => from.functions.get(key),
            _ => None,
        })
        .collect();
    if dropped.is_empty() {
        return;
    }
    let uses = |e: &str| dropped.iter().any(|f| calls(e, f));
    let planned: BTreeSet<(&'static str, String)> = steps
        .iter()
        .filter(|s| s.action == Action::Drop)
        .map(|s| (s.object_kind, s.object.clone()))
        .collect();
    let mut more = Vec::new();
    for (name, old) in &from.tables {
        let Some(new) = to.tables.get(name) else {
            continue;
        };
        let object = |n: &str| format!("{}.{}", name, quote_ident(n));
        for c in old.constraints.values() {
            let ConstraintKind::Check { expression, .. } = &c.kind else {
                continue;
            };
            if !uses(expression) || planned.contains(&("constraint", object(&c.name))) {
                continue;
            }
            more.push(step(
                Action::Drop,
                "constraint",
                object(&c.name),
                Change::DropConstraint {
                    table: name.clone(),
                    name: c.name.clone(),
                },
            ));
            if let Some(nc) = new.constraints.get(&c.name) {
                more.push(super::constraints::add_constraint(name, nc));
                if nc.comment.is_some() {
                    more.push(comment(
                        CommentTarget::Constraint {
                            table: name.clone(),
                            name: nc.name.clone(),
                        },
                        object(&nc.name),
                        "constraint",
                        &nc.comment,
                    ));
                }
            }
        }
        for c in old.columns.values() {
            let Some(d) = &c.default else { continue };
            let Some(nc) = new.columns.get(&c.name) else {
                continue;
            };
            if !uses(d) || nc.default.as_ref() != Some(d) {
                continue;
            }
            more.push(step(
                Action::Alter,
                "column",
                col_name(name, &c.name),
                Change::DropDefault {
                    table: name.clone(),
                    column: c.name.clone(),
                },
            ));
            more.push(step(
                Action::Alter,
                "column",
                col_name(name, &c.name),
                Change::SetDefault {
                    table: name.clone(),
                    column: c.name.clone(),
                    default: d.clone(),
                },
            ));
        }
        for i in old.indexes.values() {
            let mut exprs: Vec<&str> = i
                .keys
                .iter()
                .filter_map(|k| match &k.target {
                    IndexTarget::Expression(e) => Some(e.as_str()),
                    IndexTarget::Column(_) => None,
                })
                .collect();
            exprs.extend(i.predicate.as_deref());
            let q = QualName::new(name.schema.clone(), i.name.clone());
            if !exprs.iter().any(|e| uses(e)) || planned.contains(&("index", q.to_string())) {
                continue;
            }
            more.push(step(
                Action::Drop,
                "index",
                q.to_string(),
                Change::DropIndex { name: q.clone() },
            ));
            if let Some(ni) = new.indexes.get(&i.name) {
                more.push(super::indexes::create_index(name, ni));
                super::indexes::statistics(name, ni, None, &mut more);
                if ni.comment.is_some() {
                    more.push(comment(
                        CommentTarget::Index { name: q.clone() },
                        q.to_string(),
                        "index",
                        &ni.comment,
                    ));
                }
            }
        }
        for p in old.policies.values() {
            let reads =
                p.using.as_deref().is_some_and(uses) || p.with_check.as_deref().is_some_and(uses);
            if !reads || planned.contains(&("policy", object(&p.name))) {
                continue;
            }
            more.push(super::policies::drop(name, &p.name));
            if let Some(np) = new.policies.get(&p.name) {
                super::policies::create(name, np, &mut more);
            }
        }
        for t in old.triggers.values() {
            let runs = dropped
                .iter()
                .any(|f| f.name == t.function && f.signature.is_empty());
            if !runs || planned.contains(&("trigger", object(&t.name))) {
                continue;
            }
            more.push(step(
                Action::Drop,
                "trigger",
                object(&t.name),
                Change::DropTrigger {
                    table: name.clone(),
                    name: t.name.clone(),
                    function: t.function.clone(),
                },
            ));
            if let Some(nt) = new.triggers.get(&t.name) {
                super::triggers::create(name, nt, &mut more);
            }
        }
    }
    steps.extend(more);
}

pub(crate) fn deps(change: &Change, cx: &DepCx, d: &mut Deps) {
    let types = |s: &Schema,
                 f: &Function,
                 enums: &std::collections::BTreeMap<String, QualName>,
                 out: &mut Vec<Key>| {
        let _ = s;
        for (printed, q) in enums {
            if f.arguments.contains(printed.as_str()) || f.result.contains(printed.as_str()) {
                out.push(Key::Enum(q.clone()));
            }
        }
        out.push(Key::Schema(f.name.schema.clone()));
        out.push(Key::Extensions);
    };
    match change {
        Change::CreateFunction { function, .. } => {
            d.creates.push(Key::Function(function.key()));
            types(cx.to, function, cx.enums_to, &mut d.needs);
            row_types(cx.to, function, &mut d.needs);
        }
        Change::DropFunction { key, .. } => {
            d.drops.push(Key::Function(key.clone()));
            if let Some(f) = cx.from.functions.get(key) {
                types(cx.from, f, cx.enums_from, &mut d.releases);
                row_types(cx.from, f, &mut d.releases);
            }
        }
        _ => {}
    }
}

pub(crate) fn hazards(
    _step: &Step,
    _existing: &dyn Fn(&QualName) -> bool,
    _h: &mut BTreeSet<Hazard>,
) {
}

/// Steps whose expressions call functions: they come after the functions
/// exist, and steps that remove such expressions come before the
/// functions are dropped.
pub(crate) fn uses(change: &Change, cx: &DepCx, d: &mut Deps) {
    if cx.from.functions.is_empty() && cx.to.functions.is_empty() {
        return;
    }
    let mut needs = Vec::new();
    let mut releases = Vec::new();
    let table_exprs = |t: &Table| -> Vec<String> {
        let mut e: Vec<String> = t
            .columns
            .values()
            .flat_map(|c| c.default.iter().chain(&c.generated).cloned())
            .collect();
        for c in t.constraints.values() {
            if let ConstraintKind::Check { expression, .. } = &c.kind {
                e.push(expression.clone());
            }
        }
        for p in t.policies.values() {
            e.extend(p.using.iter().chain(&p.with_check).cloned());
        }
        e
    };
    match change {
        // A SQL-standard body is checked, and depends on what it calls,
        // when it is made (a plain body only when it runs).
        Change::CreateFunction { function, .. } if function.sql_body => {
            called(&function.body, cx.to, &mut needs);
            needs.retain(|k| *k != Key::Function(function.key()));
        }
        Change::DropFunction { key, .. } => {
            if let Some(f) = cx.from.functions.get(key).filter(|f| f.sql_body) {
                called(&f.body, cx.from, &mut releases);
                releases.retain(|k| *k != Key::Function(key.clone()));
            }
        }
        Change::CreateTable { table } => {
            for e in table_exprs(table) {
                called(&e, cx.to, &mut needs);
            }
        }
        Change::AddColumn { column, .. } => {
            for e in column.default.iter().chain(&column.generated) {
                called(e, cx.to, &mut needs);
            }
        }
        Change::SetDefault { default, .. } => called(default, cx.to, &mut needs),
        Change::AddConstraint { constraint, .. } => {
            if let ConstraintKind::Check { expression, .. } = &constraint.kind {
                called(expression, cx.to, &mut needs);
            }
        }
        Change::CreateIndex { index, .. } => {
            for k in &index.keys {
                if let IndexTarget::Expression(e) = &k.target {
                    called(e, cx.to, &mut needs);
                }
            }
            if let Some(p) = &index.predicate {
                called(p, cx.to, &mut needs);
            }
        }
        Change::CreatePolicy { policy, .. } => {
            for e in policy.using.iter().chain(&policy.with_check) {
                called(e, cx.to, &mut needs);
            }
        }
        Change::AlterPolicy {
            using, with_check, ..
        } => {
            for e in using.iter().chain(with_check) {
                called(e, cx.to, &mut needs);
            }
        }
        Change::DropTable { name } => {
            if let Some(t) = cx.from.tables.get(name) {
                for e in table_exprs(t) {
                    called(&e, cx.from, &mut releases);
                }
            }
        }
        Change::DropColumn { table, column } | Change::DropDefault { table, column } => {
            if let Some(c) = cx
                .from
                .tables
                .get(table)
                .and_then(|t| t.columns.get(column))
            {
                for e in c.default.iter().chain(&c.generated) {
                    called(e, cx.from, &mut releases);
                }
            }
        }
        Change::DropConstraint { table, name } => {
            if let Some(ConstraintKind::Check { expression, .. }) = cx
                .from
                .tables
                .get(table)
                .and_then(|t| t.constraints.get(name))
                .map(|c| &c.kind)
            {
                called(expression, cx.from, &mut releases);
            }
        }
        Change::DropPolicy { table, name } => {
            if let Some(p) = cx.from.tables.get(table).and_then(|t| t.policies.get(name)) {
                for e in p.using.iter().chain(&p.with_check) {
                    called(e, cx.from, &mut releases);
                }
            }
        }
        _ => {}
    }
    d.needs.extend(needs);
    d.releases.extend(releases);
}
