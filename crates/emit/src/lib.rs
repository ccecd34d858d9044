//! Steps into PostgreSQL DDL and plan reports.
//!
//! [`statement`] renders one step; [`sql`], [`text`] and [`json`] render a
//! whole plan. This is the one place SQL text is produced; every identifier
//! goes through [`schemadiff_model::quote_ident`] (via `QualName::quoted`).
//! Output is a pure function of the plan: byte-identical for identical input.

use schemadiff_differ::{Action, Change, CommentTarget, Form, Plan, Step};
use schemadiff_model::*;
use serde::Serialize;

fn q(n: &QualName) -> String {
    n.quoted()
}

fn cols(c: &[String]) -> String {
    c.iter()
        .map(|c| quote_ident(c))
        .collect::<Vec<_>>()
        .join(", ")
}

fn collation(c: &str) -> String {
    c.split('.').map(quote_ident).collect::<Vec<_>>().join(".")
}

/// A column definition as in `CREATE TABLE` or `ADD COLUMN`.
pub fn column_def(c: &Column) -> String {
    let mut s = format!("{} {}", quote_ident(&c.name), c.data_type);
    if let Some(coll) = &c.collation {
        s.push_str(&format!(" COLLATE {}", collation(coll)));
    }
    if let Some(i) = c.identity {
        s.push(' ');
        s.push_str(&add_identity(i, &c.data_type, &c.identity_options));
    }
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    if let Some(g) = &c.generated {
        let kind = if c.generated_virtual {
            "VIRTUAL"
        } else {
            "STORED"
        };
        s.push_str(&format!(" GENERATED ALWAYS AS ({g}) {kind}"));
    }
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    s
}

/// `GENERATED … AS IDENTITY`, with the sequence options that differ from
/// the defaults for `data_type`.
fn add_identity(i: Identity, data_type: &str, options: &Option<Box<IdentityOptions>>) -> String {
    let kind = match i {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    };
    let mut s = format!("GENERATED {kind} AS IDENTITY");
    if let Some(o) = options {
        let d = IdentityOptions::defaults(data_type, o.increment);
        let mut parts = Vec::new();
        if o.increment != 1 {
            parts.push(format!("INCREMENT BY {}", o.increment));
        }
        if o.min_value != d.min_value {
            parts.push(format!("MINVALUE {}", o.min_value));
        }
        if o.max_value != d.max_value {
            parts.push(format!("MAXVALUE {}", o.max_value));
        }
        // The default start follows the bounds written.
        let start = if o.increment > 0 {
            o.min_value
        } else {
            o.max_value
        };
        if o.start != start {
            parts.push(format!("START WITH {}", o.start));
        }
        if o.cache != 1 {
            parts.push(format!("CACHE {}", o.cache));
        }
        if o.cycle {
            parts.push("CYCLE".into());
        }
        s.push_str(&format!(" ({})", parts.join(" ")));
    }
    s
}

/// `SET GENERATED …` and every option of the identity's sequence.
fn set_identity(i: Identity, data_type: &str, options: &Option<Box<IdentityOptions>>) -> String {
    let kind = match i {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    };
    let o = options
        .as_deref()
        .cloned()
        .unwrap_or_else(|| IdentityOptions::defaults(data_type, 1));
    format!(
        "SET GENERATED {kind} SET INCREMENT BY {} SET MINVALUE {} SET MAXVALUE {} SET START WITH {} SET CACHE {} SET {}CYCLE",
        o.increment,
        o.min_value,
        o.max_value,
        o.start,
        o.cache,
        if o.cycle { "" } else { "NO " }
    )
}

/// A constraint definition: `CONSTRAINT name ...`.
pub fn constraint_def(c: &Constraint) -> String {
    let body = match &c.kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", cols(columns)),
        ConstraintKind::Unique {
            columns,
            nulls_not_distinct,
        } => format!(
            "UNIQUE {}({})",
            if *nulls_not_distinct {
                "NULLS NOT DISTINCT "
            } else {
                ""
            },
            cols(columns)
        ),
        ConstraintKind::Check {
            expression,
            no_inherit,
        } => format!(
            "CHECK ({expression}){}",
            if *no_inherit { " NO INHERIT" } else { "" }
        ),
        ConstraintKind::ForeignKey(fk) => {
            let mut s = format!(
                "FOREIGN KEY ({}) REFERENCES {}({})",
                cols(&fk.columns),
                q(&fk.ref_table),
                cols(&fk.ref_columns)
            );
            if fk.match_full {
                s.push_str(" MATCH FULL");
            }
            if fk.on_update != FkAction::NoAction {
                s.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
            }
            if fk.on_delete != FkAction::NoAction {
                s.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
            }
            s
        }
    };
    let mut s = format!("CONSTRAINT {} {body}", quote_ident(&c.name));
    if c.deferrable {
        s.push_str(" DEFERRABLE");
        if c.initially_deferred {
            s.push_str(" INITIALLY DEFERRED");
        }
    }
    s
}

fn index_def(table: &QualName, i: &Index) -> String {
    let keys: Vec<String> = i
        .keys
        .iter()
        .map(|k| {
            let mut s = match &k.target {
                IndexTarget::Column(c) => quote_ident(c),
                IndexTarget::Expression(e) => e.clone(),
            };
            if let Some(c) = &k.collation {
                s.push_str(&format!(" COLLATE {}", collation(c)));
            }
            if let Some(o) = &k.opclass {
                s.push_str(&format!(" {}", collation(o)));
            }
            if k.descending {
                s.push_str(" DESC");
            }
            match k.nulls_first {
                Some(true) => s.push_str(" NULLS FIRST"),
                Some(false) => s.push_str(" NULLS LAST"),
                None => {}
            }
            s
        })
        .collect();
    let mut s = format!(
        "CREATE {}INDEX {} ON {} USING {} ({})",
        if i.unique { "UNIQUE " } else { "" },
        quote_ident(&i.name),
        q(table),
        i.method,
        keys.join(", ")
    );
    if !i.include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", cols(&i.include)));
    }
    if i.nulls_not_distinct {
        s.push_str(" NULLS NOT DISTINCT");
    }
    if !i.with.is_empty() {
        let params: Vec<String> = i.with.iter().map(|p| storage_parameter(p)).collect();
        s.push_str(&format!(" WITH ({})", params.join(", ")));
    }
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

/// `fillfactor=70` as DDL: `fillfactor = '70'`, the value always a literal.
fn storage_parameter(p: &str) -> String {
    let (k, v) = p.split_once('=').unwrap_or((p, "true"));
    format!("{} = {}", quote_ident(k), quote_literal(v))
}

fn sequence_options(s: &Sequence, old: Option<&Sequence>) -> Vec<String> {
    let defaults = Sequence::with_defaults(s.name.clone(), &s.data_type);
    let base = old.unwrap_or(&defaults);
    let mut o = Vec::new();
    if old.is_none() || base.data_type != s.data_type {
        o.push(format!("AS {}", s.data_type));
    }
    if s.increment != base.increment {
        o.push(format!("INCREMENT BY {}", s.increment));
    }
    if s.min_value != base.min_value {
        o.push(format!("MINVALUE {}", s.min_value));
    }
    if s.max_value != base.max_value {
        o.push(format!("MAXVALUE {}", s.max_value));
    }
    if s.start != base.start {
        o.push(format!("START WITH {}", s.start));
    }
    if s.cache != base.cache {
        o.push(format!("CACHE {}", s.cache));
    }
    if s.cycle != base.cycle {
        o.push(if s.cycle {
            "CYCLE".into()
        } else {
            "NO CYCLE".into()
        });
    }
    o
}

fn comment_text(t: &Option<String>) -> String {
    match t {
        Some(t) => quote_literal(t),
        None => "NULL".into(),
    }
}

/// The SQL of one step, without the trailing semicolon.
pub fn statement(step: &Step) -> String {
    let alter_col = |t: &QualName, c: &str, what: &str| {
        format!(
            "ALTER TABLE {} ALTER COLUMN {} {what}",
            q(t),
            quote_ident(c)
        )
    };
    match &step.change {
        Change::CreateSchema { name } => format!("CREATE SCHEMA {}", quote_ident(name)),
        Change::DropSchema { name } => format!("DROP SCHEMA {}", quote_ident(name)),
        Change::RenameTable { from, to } => {
            format!("ALTER TABLE {} RENAME TO {}", q(from), quote_ident(to))
        }
        Change::RenameColumn { table, from, to } => format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            q(table),
            quote_ident(from),
            quote_ident(to)
        ),
        Change::RenameConstraint { table, from, to } => format!(
            "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
            q(table),
            quote_ident(from),
            quote_ident(to)
        ),
        Change::RenameIndex { from, to } => {
            format!("ALTER INDEX {} RENAME TO {}", q(from), quote_ident(to))
        }
        Change::RenameSequence { from, to } => {
            format!("ALTER SEQUENCE {} RENAME TO {}", q(from), quote_ident(to))
        }
        Change::CreateExtension { extension } => {
            let mut s = format!(
                "CREATE EXTENSION IF NOT EXISTS {}",
                quote_ident(&extension.name)
            );
            if let Some(sc) = &extension.schema {
                s.push_str(&format!(" WITH SCHEMA {}", quote_ident(sc)));
            }
            s
        }
        Change::DropExtension { name } => format!("DROP EXTENSION {}", quote_ident(name)),
        Change::CreateEnum { value } => format!(
            "CREATE TYPE {} AS ENUM ({})",
            q(&value.name),
            value
                .values
                .iter()
                .map(|v| quote_literal(v))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Change::DropEnum { name } => format!("DROP TYPE {}", q(name)),
        Change::AddEnumValue {
            name,
            value,
            before,
        } => {
            let mut s = format!("ALTER TYPE {} ADD VALUE {}", q(name), quote_literal(value));
            if let Some(b) = before {
                s.push_str(&format!(" BEFORE {}", quote_literal(b)));
            }
            s
        }
        Change::CreateSequence { sequence } => {
            let opts = sequence_options(sequence, None);
            format!("CREATE SEQUENCE {} {}", q(&sequence.name), opts.join(" "))
        }
        Change::AlterSequence { from, to } => {
            let mut opts = sequence_options(to, Some(from));
            if to.start != from.start {
                opts.push(format!("RESTART WITH {}", to.start));
            }
            format!("ALTER SEQUENCE {} {}", q(&to.name), opts.join(" "))
        }
        Change::SetSequenceOwner { name, owned_by } => match owned_by {
            Some((t, c)) => format!(
                "ALTER SEQUENCE {} OWNED BY {}.{}",
                q(name),
                q(t),
                quote_ident(c)
            ),
            None => format!("ALTER SEQUENCE {} OWNED BY NONE", q(name)),
        },
        Change::DropSequence { name } => format!("DROP SEQUENCE {}", q(name)),
        Change::CreateTable { table } => {
            let mut lines: Vec<String> = table.columns.values().map(column_def).collect();
            // Primary key first, then unique, then checks: as pg_dump lists them.
            let mut cons: Vec<&Constraint> = table.constraints.values().map(|c| &**c).collect();
            cons.sort_by_key(|c| match c.kind {
                ConstraintKind::PrimaryKey { .. } => 0,
                ConstraintKind::Unique { .. } => 1,
                _ => 2,
            });
            lines.extend(cons.into_iter().map(constraint_def));
            if lines.is_empty() {
                format!("CREATE TABLE {} ()", q(&table.name))
            } else {
                format!(
                    "CREATE TABLE {} (\n    {}\n)",
                    q(&table.name),
                    lines.join(",\n    ")
                )
            }
        }
        Change::DropTable { name } => format!("DROP TABLE {}", q(name)),
        Change::AddColumn { table, column } => {
            format!("ALTER TABLE {} ADD COLUMN {}", q(table), column_def(column))
        }
        Change::DropColumn { table, column } => {
            format!(
                "ALTER TABLE {} DROP COLUMN {}",
                q(table),
                quote_ident(column)
            )
        }
        Change::AlterColumnType {
            table,
            column,
            from,
            to,
            collation: coll,
            via_text,
        } => {
            let mut s = alter_col(table, column, &format!("TYPE {to}"));
            if let Some(c) = coll {
                s.push_str(&format!(" COLLATE {}", collation(c)));
            }
            if *via_text {
                let text = if to.ends_with("[]") { "text[]" } else { "text" };
                s.push_str(&format!(" USING {}::{text}::{to}", quote_ident(column)));
            } else if from != to
                && !types::is_widening(from, to)
                && !schemadiff_differ::binary_coercible(from, to)
            {
                s.push_str(&format!(" USING {}::{to}", quote_ident(column)));
            }
            s
        }
        Change::SetNotNull { table, column } => alter_col(table, column, "SET NOT NULL"),
        Change::DropNotNull { table, column } => alter_col(table, column, "DROP NOT NULL"),
        Change::SetDefault {
            table,
            column,
            default,
        } => alter_col(table, column, &format!("SET DEFAULT {default}")),
        Change::DropDefault { table, column } => alter_col(table, column, "DROP DEFAULT"),
        Change::AddIdentity {
            table,
            column,
            identity,
            data_type,
            options,
        } => alter_col(
            table,
            column,
            &format!("ADD {}", add_identity(*identity, data_type, options)),
        ),
        Change::SetIdentity {
            table,
            column,
            identity,
            data_type,
            options,
        } => alter_col(table, column, &set_identity(*identity, data_type, options)),
        Change::DropExpression { table, column } => alter_col(table, column, "DROP EXPRESSION"),
        Change::DropIdentity { table, column } => alter_col(table, column, "DROP IDENTITY"),
        Change::AddConstraint { table, constraint } => {
            let not_valid = if step.form == Form::NotValid {
                " NOT VALID"
            } else {
                ""
            };
            format!(
                "ALTER TABLE {} ADD {}{not_valid}",
                q(table),
                constraint_def(constraint)
            )
        }
        Change::RebuildEnum {
            value,
            columns,
            checks,
            indexes,
        } => {
            let name = &value.name;
            let tmp = QualName::new(
                name.schema.clone(),
                format!("{}__schemadiff_new", name.name),
            );
            let mut out: Vec<String> = Vec::new();
            for (t, c) in checks {
                out.push(format!(
                    "ALTER TABLE {} DROP CONSTRAINT {}",
                    q(t),
                    quote_ident(&c.name)
                ));
            }
            for (t, i) in indexes {
                out.push(format!(
                    "DROP INDEX {}",
                    q(&QualName::new(t.schema.clone(), i.name.clone()))
                ));
            }
            for c in columns.iter().filter(|c| c.had_default) {
                out.push(format!(
                    "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
                    q(&c.table),
                    quote_ident(&c.column)
                ));
            }
            out.push(format!(
                "CREATE TYPE {} AS ENUM ({})",
                q(&tmp),
                value
                    .values
                    .iter()
                    .map(|v| quote_literal(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            for c in columns {
                let (text, new) = if c.array {
                    ("text[]", format!("{}[]", tmp.printed()))
                } else {
                    ("text", tmp.printed())
                };
                out.push(format!(
                    "ALTER TABLE {} ALTER COLUMN {col} TYPE {new} USING {col}::{text}::{new}",
                    q(&c.table),
                    col = quote_ident(&c.column)
                ));
            }
            out.push(format!("DROP TYPE {}", q(name)));
            out.push(format!(
                "ALTER TYPE {} RENAME TO {}",
                q(&tmp),
                quote_ident(&name.name)
            ));
            for c in columns {
                if let Some(d) = &c.default {
                    out.push(format!(
                        "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {d}",
                        q(&c.table),
                        quote_ident(&c.column)
                    ));
                }
            }
            for (t, c) in checks {
                out.push(format!("ALTER TABLE {} ADD {}", q(t), constraint_def(c)));
            }
            for (t, i) in indexes {
                out.push(index_def(t, i));
            }
            out.join(";\n")
        }
        Change::ValidateConstraint { table, name } => format!(
            "ALTER TABLE {} VALIDATE CONSTRAINT {}",
            q(table),
            quote_ident(name)
        ),
        Change::AddUniqueUsingIndex { table, constraint } => format!(
            "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}",
            q(table),
            quote_ident(&constraint.name),
            quote_ident(&constraint.name)
        ),
        Change::DropConstraint { table, name } => {
            format!(
                "ALTER TABLE {} DROP CONSTRAINT {}",
                q(table),
                quote_ident(name)
            )
        }
        Change::CreateIndex { table, index } => {
            let def = index_def(table, index);
            if step.form == Form::Concurrently {
                def.replacen(" INDEX ", " INDEX CONCURRENTLY ", 1)
            } else {
                def
            }
        }
        Change::DropIndex { name } => {
            let concurrently = if step.form == Form::Concurrently {
                "CONCURRENTLY "
            } else {
                ""
            };
            format!("DROP INDEX {concurrently}{}", q(name))
        }
        Change::Comment { target, text } => {
            let on = match target {
                CommentTarget::Schema { name } => format!("SCHEMA {}", quote_ident(name)),
                CommentTarget::Table { name } => format!("TABLE {}", q(name)),
                CommentTarget::Column { table, column } => {
                    format!("COLUMN {}.{}", q(table), quote_ident(column))
                }
                CommentTarget::Constraint { table, name } => {
                    format!("CONSTRAINT {} ON {}", quote_ident(name), q(table))
                }
                CommentTarget::Index { name } => format!("INDEX {}", q(name)),
                CommentTarget::Type { name } => format!("TYPE {}", q(name)),
                CommentTarget::Sequence { name } => format!("SEQUENCE {}", q(name)),
            };
            format!("COMMENT ON {on} IS {}", comment_text(text))
        }
    }
}

/// The plan as an SQL script: one statement per step, each ending in `;`.
pub fn sql(plan: &Plan) -> String {
    let mut out = String::new();
    for s in &plan.steps {
        out.push_str(&statement(s));
        out.push_str(";\n");
    }
    out
}

/// Counts of a plan, by action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub create: usize,
    pub alter: usize,
    pub drop: usize,
    pub destructive: usize,
}

pub fn summary(plan: &Plan) -> Summary {
    let mut s = Summary::default();
    for step in &plan.steps {
        match step.action {
            Action::Create => s.create += 1,
            Action::Alter => s.alter += 1,
            Action::Drop => s.drop += 1,
        }
        if step.destructive() {
            s.destructive += 1;
        }
    }
    s
}

/// `N to create, M to alter, K to drop`.
fn counts(s: &Summary) -> String {
    format!(
        "{} to create, {} to alter, {} to drop",
        s.create, s.alter, s.drop
    )
}

/// The reviewer's view: a summary line, one line per step (`+` create, `~`
/// alter, `-` drop; hazards flagged), then the SQL.
pub fn text(plan: &Plan) -> String {
    if plan.is_empty() {
        return "No changes: the database already matches the desired schema.\n".into();
    }
    let s = summary(plan);
    let mut out = format!("Plan: {}", counts(&s));
    if s.destructive > 0 {
        out.push_str(&format!(" — {} DESTRUCTIVE", s.destructive));
    }
    out.push_str("\n\n");
    let width = plan
        .steps
        .iter()
        .map(|s| s.object_kind.len())
        .max()
        .unwrap_or(0);
    for step in &plan.steps {
        out.push_str(&format!(
            "  {} {:width$}  {}",
            step.action.sign(),
            step.object_kind,
            step.object
        ));
        if !step.hazards.is_empty() {
            let h: Vec<&str> = step.hazards.iter().map(|h| h.as_str()).collect();
            out.push_str(&format!("  [{}]", h.join(", ")));
        }
        out.push('\n');
        for n in &step.notes {
            out.push_str(&format!("      note: {n}\n"));
        }
    }
    out.push_str("\nSQL:\n\n");
    out.push_str(&sql(plan));
    out
}

/// One step in the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonStep<'a> {
    /// `create`, `alter` or `drop`.
    pub action: Action,
    /// `table`, `column`, `constraint`, `index`, `enum`, `sequence`,
    /// `extension`, `schema`.
    pub kind: &'static str,
    pub object: &'a str,
    pub sql: String,
    pub hazards: Vec<&'static str>,
    pub destructive: bool,
    /// Left out when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The JSON report. Its shape is stable (`format_version` 1):
/// `{format_version, summary: {create, alter, drop, destructive},
/// steps: [{action, kind, object, sql, hazards, destructive}]}`.
#[derive(Debug, Serialize)]
pub struct JsonPlan<'a> {
    pub format_version: u32,
    pub summary: Summary,
    pub steps: Vec<JsonStep<'a>>,
}

pub fn json(plan: &Plan) -> String {
    let doc = JsonPlan {
        format_version: 1,
        summary: summary(plan),
        steps: plan
            .steps
            .iter()
            .map(|s| JsonStep {
                action: s.action,
                kind: s.object_kind,
                object: &s.object,
                sql: statement(s),
                hazards: s.hazards.iter().map(|h| h.as_str()).collect(),
                destructive: s.destructive(),
                notes: s.notes.clone(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("plan serialises");
    out.push('\n');
    out
}

/// A pull-request comment: a summary table (one row per step, hazards
/// flagged), a warning when something is destructive, and the SQL in a
/// fenced block.
pub fn markdown(plan: &Plan) -> String {
    if plan.is_empty() {
        return "### schemadiff plan\n\nNo changes: the database already matches the desired schema.\n"
            .into();
    }
    let s = summary(plan);
    let mut out = format!("### schemadiff plan\n\n**{}**", counts(&s));
    if s.destructive > 0 {
        out.push_str(&format!(" — ⚠️ **{} destructive**", s.destructive));
    }
    out.push_str("\n\n| | kind | object | hazards |\n|---|---|---|---|\n");
    let cell = |t: &str| t.replace('|', "\\|");
    for step in &plan.steps {
        let mut hazards: Vec<&str> = step.hazards.iter().map(|h| h.as_str()).collect();
        if step.destructive() && !hazards.contains(&"data_loss") {
            hazards.insert(0, "destructive");
        }
        let notes: String = step
            .notes
            .iter()
            .map(|n| format!("<br>{}", cell(n)))
            .collect();
        out.push_str(&format!(
            "| {} | {} | `{}` | {}{notes} |\n",
            step.action.sign(),
            step.object_kind,
            cell(&step.object),
            hazards.join(", ")
        ));
    }
    if s.destructive > 0 {
        out.push_str(
            "\n> [!WARNING]\n> This plan drops objects or may lose data; `apply` refuses it without `--allow-destructive`.\n",
        );
    }
    out.push_str("\n```sql\n");
    out.push_str(&sql(plan));
    out.push_str("```\n");
    out
}
