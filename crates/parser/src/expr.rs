//! Expressions in canonical form: what `pg_get_expr()` and
//! `pg_get_constraintdef()` print, as far as that can be worked out offline.
//!
//! PostgreSQL stores expressions as trees with resolved types and prints them
//! back with explicit casts and parentheses (`CHECK ((age > 0))`,
//! `'x'::character varying`, `lower((email)::text)`). This module imitates
//! that for the expressions schema files hold: literals, column references,
//! operators, function calls, casts, `IN`, `BETWEEN`, `LIKE`, `IS [NOT] NULL`.
//! Anything else is printed as sqlparser prints it, which is consistent from
//! file to file but may differ from the server's spelling.

use indexmap::IndexMap;
use schemadiff_model::quote_ident;
use schemadiff_model::types::{canonical_type, TypeName};

/// A string constant as the server's deparser prints it: with
/// `standard_conforming_strings` on, a backslash is an ordinary character
/// (not `E'…'` as `quote_literal()` writes it).
fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, InTarget,
    UnaryOperator, Value,
};
use std::collections::BTreeSet;

/// What an expression can see: the types of its table's columns, and the
/// enum types the schema declares (for casts to them).
pub(crate) struct Ctx<'a> {
    pub columns: &'a IndexMap<String, String>,
    pub resolve_type: &'a dyn Fn(&str) -> Result<String, String>,
    /// Columns the expression referred to (for PostgreSQL's naming rules).
    pub refs: BTreeSet<String>,
    /// Row names that keep their qualifier (`new.status` in a trigger's
    /// `WHEN`); other qualified column names print bare, as in a check.
    pub row_aliases: &'static [&'static str],
    /// Whether a name was read as something other than a column because
    /// the table has no such column (yet): then the text may change if
    /// the table gains one, and is not final before every table is read.
    pub absent: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(
        columns: &'a IndexMap<String, String>,
        resolve_type: &'a dyn Fn(&str) -> Result<String, String>,
    ) -> Self {
        Ctx {
            columns,
            resolve_type,
            refs: BTreeSet::new(),
            row_aliases: &[],
            absent: false,
        }
    }
}

#[derive(Debug, Clone)]
enum Node {
    Str(String),
    Num(String),
    Bool(bool),
    Null,
    Sql {
        text: String,
        ty: Option<String>,
        /// A bare column reference (needs parentheses before `::`).
        column: bool,
    },
}

/// Text functions whose `character varying` arguments PostgreSQL casts to
/// `text` when it resolves the call.
const TEXT_FUNCTIONS: &[&str] = &[
    "btrim",
    "char_length",
    "character_length",
    "initcap",
    "left",
    "length",
    "lower",
    "ltrim",
    "md5",
    "octet_length",
    "replace",
    "right",
    "rtrim",
    "split_part",
    "strpos",
    "substr",
    "upper",
];

/// Functions whose first argument, given with another, is a text search
/// configuration (`to_tsvector('simple', body)`).
const REGCONFIG_FUNCTIONS: &[&str] = &[
    "to_tsvector",
    "to_tsquery",
    "plainto_tsquery",
    "phraseto_tsquery",
    "websearch_to_tsquery",
    "ts_headline",
    "json_to_tsvector",
    "jsonb_to_tsvector",
];

/// The type name used in a literal's cast: `format_type()` without the
/// modifier, as PostgreSQL prints constants (`'x'::character varying`).
pub(crate) fn cast_name(ty: &str) -> String {
    let (base, array) = match ty.strip_suffix("[]") {
        Some(b) => (b, "[]"),
        None => (ty, ""),
    };
    let base = if let Some(open) = base.find('(') {
        let close = base.find(')').unwrap_or(base.len() - 1);
        let rest = base[close + 1..].to_string();
        format!("{}{}", &base[..open], rest)
    } else {
        base.to_string()
    };
    let base = if base == "character" {
        "bpchar".to_string()
    } else {
        base
    };
    format!("{base}{array}")
}

fn is_textlike(ty: &Option<String>) -> bool {
    matches!(ty.as_deref(), Some(t) if t.starts_with("character varying") && !t.ends_with("[]"))
}

/// Deparses `expr` as PostgreSQL would print it where a value of type `want`
/// is expected (a column default), or with no expectation (a predicate).
pub(crate) fn deparse(expr: &Expr, want: Option<&str>, ctx: &mut Ctx) -> Result<String, String> {
    let node = node(expr, ctx)?;
    Ok(finish(node, want))
}

fn finish(node: Node, want: Option<&str>) -> String {
    match node {
        Node::Str(s) => match want {
            Some("boolean") => match s.to_ascii_lowercase().as_str() {
                "t" | "true" | "yes" | "on" | "1" => "true".into(),
                "f" | "false" | "no" | "off" | "0" => "false".into(),
                _ => format!("{}::boolean", quote_literal(&s)),
            },
            Some("regclass") => format!("{}::regclass", quote_literal(&regclass_name(&s))),
            Some(t) => format!("{}::{}", quote_literal(&s), cast_name(t)),
            None => format!("{}::text", quote_literal(&s)),
        },
        Node::Num(n) => number(&n, want),
        Node::Bool(b) => match want {
            Some(t) if t != "boolean" => format!("{b}::{}", cast_name(t)),
            _ => b.to_string(),
        },
        Node::Null => match want {
            Some(t) => format!("NULL::{}", cast_name(t)),
            None => "NULL".into(),
        },
        Node::Sql { text, .. } => text,
    }
}

/// A relation name as `regclass` prints it with `search_path = public`:
/// `public.` dropped, each part quoted only where needed
/// (`'public.users_id_seq'` → `'users_id_seq'`).
fn regclass_name(written: &str) -> String {
    match schemadiff_model::types::split_qualified(written) {
        Ok((schema, name)) => {
            schemadiff_model::QualName::new(schema.unwrap_or_else(|| "public".into()), name)
                .printed()
        }
        Err(_) => written.to_string(),
    }
}

/// A numeric literal keeps its own type in a stored expression (the implicit
/// coercion to the column type is not printed): `0`, `1.5`, `'-1'::integer`,
/// `'10000000000'::bigint`. Checked on PostgreSQL 15.
fn number(n: &str, _want: Option<&str>) -> String {
    let negative = n.starts_with('-');
    let integral = !n.contains(['.', 'e', 'E']);
    if integral && n.parse::<i32>().is_err() {
        if n.parse::<i64>().is_ok() {
            return format!("'{n}'::bigint");
        }
        return if negative {
            format!("'{n}'::numeric")
        } else {
            n.to_string()
        };
    }
    match (negative, integral) {
        (false, _) => n.to_string(),
        (true, true) => format!("'{n}'::integer"),
        (true, false) => format!("'{n}'::numeric"),
    }
}

fn ident_name(ident: &sqlparser::ast::Ident) -> String {
    if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_lowercase()
    }
}

/// A type written in an expression, canonicalised.
fn type_of(dt: &sqlparser::ast::DataType, ctx: &Ctx) -> Result<String, String> {
    let written = dt.to_string();
    match canonical_type(&written)? {
        TypeName::Builtin(t) => Ok(t),
        TypeName::Serial(_) => Err(format!("`{written}` is not a type an expression can use")),
        TypeName::Other { .. } => (ctx.resolve_type)(&written),
    }
}

fn node(expr: &Expr, ctx: &mut Ctx) -> Result<Node, String> {
    Ok(match expr {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => Node::Num(n.to_string()),
            Value::SingleQuotedString(s)
            | Value::EscapedStringLiteral(s)
            | Value::NationalStringLiteral(s) => Node::Str(s.clone()),
            Value::DollarQuotedString(d) => Node::Str(d.value.clone()),
            // `B'0101'` and `X'1F'`: bit strings, of type bit of any
            // length, which PostgreSQL prints `'0101'::"bit"`.
            Value::SingleQuotedByteStringLiteral(bits) => {
                sql(format!("'{bits}'::\"bit\""), Some("\"bit\""))
            }
            Value::HexStringLiteral(hex) => {
                let mut bits = String::with_capacity(hex.len() * 4);
                for c in hex.chars() {
                    match c.to_digit(16) {
                        Some(d) => bits.push_str(&format!("{d:04b}")),
                        None => return Err(format!("`X'{hex}'` is not a hexadecimal bit string")),
                    }
                }
                sql(format!("'{bits}'::\"bit\""), Some("\"bit\""))
            }
            Value::Boolean(b) => Node::Bool(*b),
            Value::Null => Node::Null,
            other => sql(other.to_string(), None),
        },
        Expr::Identifier(ident) => {
            let name = ident_name(ident);
            let keyword = ident.quote_style.is_none() && !ctx.columns.contains_key(&name);
            ctx.absent |= keyword;
            match name.as_str() {
                "current_timestamp" if keyword => {
                    sql("CURRENT_TIMESTAMP".into(), Some("timestamp with time zone"))
                }
                "current_date" if keyword => sql("CURRENT_DATE".into(), Some("date")),
                "current_time" if keyword => {
                    sql("CURRENT_TIME".into(), Some("time with time zone"))
                }
                "localtimestamp" if keyword => {
                    sql("LOCALTIMESTAMP".into(), Some("timestamp without time zone"))
                }
                "localtime" if keyword => sql("LOCALTIME".into(), Some("time without time zone")),
                "current_schema" if keyword => sql("CURRENT_SCHEMA".into(), Some("name")),
                "system_user" if keyword => sql("SYSTEM_USER".into(), Some("text")),
                "current_catalog" if keyword => sql("CURRENT_CATALOG".into(), Some("name")),
                "current_user" | "session_user" | "current_role" | "user" if keyword => sql(
                    if name == "user" {
                        "CURRENT_USER".into()
                    } else {
                        name.to_uppercase()
                    },
                    Some("name"),
                ),
                _ => column_ref(name, ctx),
            }
        }
        Expr::CompoundIdentifier(parts) => {
            let last = parts.last().map(ident_name).unwrap_or_default();
            let alias = match parts.as_slice() {
                [a, _] => Some(ident_name(a)).filter(|a| ctx.row_aliases.contains(&a.as_str())),
                _ => None,
            };
            if let (Some(alias), true) = (&alias, ctx.columns.contains_key(&last)) {
                match column_ref(last, ctx) {
                    Node::Sql { text, ty, column } => Node::Sql {
                        text: format!("{alias}.{text}"),
                        ty,
                        column,
                    },
                    other => other,
                }
            } else if ctx.columns.contains_key(&last) {
                column_ref(last, ctx)
            } else {
                ctx.absent = true;
                sql(
                    parts
                        .iter()
                        .map(|p| quote_ident(&ident_name(p)))
                        .collect::<Vec<_>>()
                        .join("."),
                    None,
                )
            }
        }
        Expr::Nested(inner) => node(inner, ctx)?,
        Expr::UnaryOp { op, expr } => {
            let inner = node(expr, ctx)?;
            match (op, inner) {
                (UnaryOperator::Minus, Node::Num(n)) => Node::Num(format!("-{n}")),
                (UnaryOperator::Plus, Node::Num(n)) => Node::Num(n),
                (UnaryOperator::Not, inner) => {
                    sql(format!("(NOT {})", finish(inner, None)), Some("boolean"))
                }
                (UnaryOperator::Minus, inner) => sql(format!("(- {})", finish(inner, None)), None),
                (op, inner) => sql(format!("({op} {})", finish(inner, None)), None),
            }
        }
        Expr::BinaryOp { left, op, right } => binary(left, op, right, ctx)?,
        Expr::IsNull(e) => sql(format!("({} IS NULL)", operand(e, ctx)?), Some("boolean")),
        Expr::IsNotNull(e) => sql(
            format!("({} IS NOT NULL)", operand(e, ctx)?),
            Some("boolean"),
        ),
        Expr::IsTrue(e) => sql(format!("({} IS TRUE)", operand(e, ctx)?), Some("boolean")),
        Expr::IsFalse(e) => sql(format!("({} IS FALSE)", operand(e, ctx)?), Some("boolean")),
        Expr::IsDistinctFrom(a, b) => {
            let (l, r) = pair(node(a, ctx)?, node(b, ctx)?);
            sql(format!("({l} IS DISTINCT FROM {r})"), Some("boolean"))
        }
        // PostgreSQL keeps it as the negation of IS DISTINCT FROM.
        Expr::IsNotDistinctFrom(a, b) => {
            let (l, r) = pair(node(a, ctx)?, node(b, ctx)?);
            sql(format!("(NOT ({l} IS DISTINCT FROM {r}))"), Some("boolean"))
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated,
            ..
        } if list.len() == 1 => {
            // PostgreSQL reads a one-item list as a plain comparison.
            let op = if *negated {
                BinaryOperator::NotEq
            } else {
                BinaryOperator::Eq
            };
            binary(expr, &op, &list[0], ctx)?
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated,
            ..
        } => {
            let left = node(expr, ctx)?;
            let ty = node_type(&left);
            let items = list
                .iter()
                .map(|e| node(e, ctx))
                .collect::<Result<Vec<_>, _>>()?;
            let (op, quant) = if *negated {
                ("<>", "ALL")
            } else {
                ("=", "ANY")
            };
            if is_textlike(&ty) {
                let lits: Vec<String> = items
                    .into_iter()
                    .map(|n| finish(n, Some("character varying")))
                    .collect();
                sql(
                    format!(
                        "({} {op} {quant} ((ARRAY[{}])::text[]))",
                        cast_text(left),
                        lits.join(", ")
                    ),
                    Some("boolean"),
                )
            } else {
                let elem = ty.clone().or_else(|| items.iter().find_map(node_type));
                let lits: Vec<String> = items
                    .into_iter()
                    .map(|n| finish(n, elem.as_deref().or(Some("text"))))
                    .collect();
                sql(
                    format!(
                        "({} {op} {quant} (ARRAY[{}]))",
                        finish(left, None),
                        lits.join(", ")
                    ),
                    Some("boolean"),
                )
            }
        }
        // The SQL-standard forms, as the server prints them (checked on
        // PostgreSQL 15 and 18).
        Expr::Extract { field, expr, .. } => sql(
            format!(
                "EXTRACT({} FROM {})",
                field.to_string().to_ascii_lowercase(),
                finish(node(expr, ctx)?, None)
            ),
            Some("numeric"),
        ),
        Expr::Position { expr, r#in } => sql(
            format!(
                "POSITION(({}) IN ({}))",
                text_arg(expr, ctx)?,
                text_arg(r#in, ctx)?
            ),
            Some("integer"),
        ),
        Expr::Substring {
            expr,
            substring_from,
            substring_for,
            special,
            ..
        } => {
            let e = text_arg(expr, ctx)?;
            let from = substring_from.as_ref().map(|f| node(f, ctx)).transpose()?;
            let len = substring_for.as_ref().map(|f| node(f, ctx)).transpose()?;
            // A pattern (`FROM 'x.*'`) or the comma form is the function.
            let pattern = matches!(from, Some(Node::Str(_)));
            let arg = |n: Node| match n {
                Node::Str(_) => finish(n, Some("text")),
                other => finish(other, None),
            };
            let text = match (from, len) {
                (Some(f), l) if pattern || *special => {
                    let mut t = format!("\"substring\"({e}, {}", arg(f));
                    if let Some(l) = l {
                        t.push_str(&format!(", {}", arg(l)));
                    }
                    t.push(')');
                    t
                }
                (Some(f), Some(l)) => format!("SUBSTRING({e} FROM {} FOR {})", arg(f), arg(l)),
                (Some(f), None) => format!("SUBSTRING({e} FROM {})", arg(f)),
                (None, Some(l)) => format!("SUBSTRING({e} FOR {})", arg(l)),
                (None, None) => format!("SUBSTRING({e})"),
            };
            sql(text, Some("text"))
        }
        Expr::Trim {
            trim_where,
            trim_what,
            expr,
            trim_characters: None,
        } => {
            let side = trim_where
                .as_ref()
                .map_or("BOTH".to_string(), |w| w.to_string());
            let e = text_arg(expr, ctx)?;
            let text = match trim_what {
                Some(w) => format!("TRIM({side} {} FROM {e})", text_arg(w, ctx)?),
                None => format!("TRIM({side} FROM {e})"),
            };
            sql(text, Some("text"))
        }
        Expr::Overlay {
            expr,
            overlay_what,
            overlay_from,
            overlay_for,
        } => {
            let mut text = format!(
                "OVERLAY({} PLACING {} FROM {}",
                text_arg(expr, ctx)?,
                text_arg(overlay_what, ctx)?,
                finish(node(overlay_from, ctx)?, None)
            );
            if let Some(l) = overlay_for {
                text.push_str(&format!(" FOR {}", finish(node(l, ctx)?, None)));
            }
            text.push(')');
            sql(text, Some("text"))
        }
        Expr::IsNormalized {
            expr,
            form,
            negated,
        } => {
            let form = form.as_ref().map_or(String::new(), |f| format!("{f} "));
            let test = format!("({} IS {form}NORMALIZED)", text_arg(expr, ctx)?);
            let text = if *negated {
                format!("(NOT {test})")
            } else {
                test
            };
            sql(text, Some("boolean"))
        }
        // `IS [NOT] JSON [kind] [WITH UNIQUE KEYS]` (PostgreSQL 16+), as
        // 18 prints it: VALUE and WITHOUT UNIQUE KEYS are the defaults.
        Expr::IsJson {
            expr,
            kind,
            unique_keys,
            negated,
        } => {
            use sqlparser::ast::{JsonKeyUniqueness, JsonPredicateType};
            let kind = match kind {
                Some(JsonPredicateType::Scalar) => " SCALAR",
                Some(JsonPredicateType::Array) => " ARRAY",
                Some(JsonPredicateType::Object) => " OBJECT",
                Some(JsonPredicateType::Value) | None => "",
            };
            let unique = match unique_keys {
                Some(JsonKeyUniqueness::WithUniqueKeys) => " WITH UNIQUE KEYS",
                _ => "",
            };
            let test = format!("({} IS JSON{kind}{unique})", text_arg(expr, ctx)?);
            let text = if *negated {
                format!("(NOT {test})")
            } else {
                test
            };
            sql(text, Some("boolean"))
        }
        Expr::Collate { expr, collation } => {
            let inner = node(expr, ctx)?;
            let ty = node_type(&inner);
            let parts: Vec<String> = collation
                .0
                .iter()
                .map(|p| match p.as_ident() {
                    Some(i) => quote_ident(&ident_name(i)),
                    None => p.to_string(),
                })
                .collect();
            let parts = match parts.as_slice() {
                [s, n] if s == "pg_catalog" || s == "public" => vec![n.clone()],
                _ => parts,
            };
            let e = match inner {
                Node::Sql { text, .. } => text,
                other => finish(other, ty.as_deref().or(Some("text"))),
            };
            sql(format!("({e} COLLATE {})", parts.join(".")), ty.as_deref())
        }
        Expr::AtTimeZone {
            timestamp,
            time_zone,
        } => {
            let ty = node(timestamp, ctx).ok().and_then(|n| node_type(&n));
            let ts = operand(timestamp, ctx)?;
            let tz = finish(node(time_zone, ctx)?, Some("text"));
            // It turns one kind of timestamp into the other.
            let result = match ty.as_deref() {
                Some("timestamp with time zone") => Some("timestamp without time zone"),
                Some("timestamp without time zone") => Some("timestamp with time zone"),
                _ => None,
            };
            sql(format!("({ts} AT TIME ZONE {tz})"), result)
        }
        Expr::AnyOp {
            left,
            compare_op,
            right,
            ..
        } => quantified(left, compare_op, right, "ANY", ctx)?,
        Expr::AllOp {
            left,
            compare_op,
            right,
        } => quantified(left, compare_op, right, "ALL", ctx)?,
        Expr::Between {
            expr,
            negated,
            low,
            high,
        } => {
            let x = node(expr, ctx)?;
            let (a, lo) = pair(x.clone(), node(low, ctx)?);
            let (b, hi) = pair(x, node(high, ctx)?);
            if *negated {
                sql(format!("(({a} < {lo}) OR ({b} > {hi}))"), Some("boolean"))
            } else {
                sql(
                    format!("(({a} >= {lo}) AND ({b} <= {hi}))"),
                    Some("boolean"),
                )
            }
        }
        Expr::Like {
            negated,
            expr,
            pattern,
            any: false,
            escape_char: None,
        } => like(expr, pattern, if *negated { "!~~" } else { "~~" }, ctx)?,
        Expr::ILike {
            negated,
            expr,
            pattern,
            any: false,
            escape_char: None,
        } => like(expr, pattern, if *negated { "!~~*" } else { "~~*" }, ctx)?,
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr,
            data_type,
            format: None,
        } => {
            let ty = type_of(data_type, ctx)?;
            if let (Expr::Array(arr), Some(elem)) = (&**expr, ty.strip_suffix("[]")) {
                if !arr.elem.is_empty() {
                    return typed_array(arr, elem, ctx);
                }
            }
            let inner = node(expr, ctx)?;
            // A cast to the type the value already has is no cast at all.
            if !matches!(
                inner,
                Node::Str(_) | Node::Num(_) | Node::Null | Node::Bool(_)
            ) && node_type(&inner).as_deref() == Some(ty.as_str())
            {
                return Ok(inner);
            }
            let text = match inner {
                // An integral number cast to numeric or floating point is a
                // constant of that type, which PostgreSQL labels:
                // `(0)::numeric`, `(1)::double precision` (`1.5` is numeric
                // already).
                Node::Num(v)
                    if (ty == "numeric" && natural_number_type(&v) != "numeric")
                        || matches!(ty.as_str(), "double precision" | "real") =>
                {
                    format!("({})::{ty}", number(&v, None))
                }
                Node::Str(_) | Node::Num(_) | Node::Null | Node::Bool(_) => {
                    let lit = finish(inner.clone(), Some(&ty));
                    // A typmod is kept on an explicit cast: the constant
                    // takes it (`'x'::character varying(20)`,
                    // `NULL::character(2)`, checked on PostgreSQL 15).
                    let bare = format!("::{}", cast_name(&ty));
                    match lit.strip_suffix(bare.as_str()) {
                        Some(value) if cast_name(&ty) != ty => format!("{value}::{ty}"),
                        _ if cast_name(&ty) != ty => format!("({lit})::{ty}"),
                        _ => lit,
                    }
                }
                Node::Sql {
                    text, column: true, ..
                } => format!("({text})::{ty}"),
                // `ARRAY[]::integer[]` takes the type; any other operand of a
                // cast is parenthesised: `(now())::date`, `((a + 1))::text`.
                Node::Sql { text, .. } if text == "ARRAY[]" => format!("{text}::{ty}"),
                Node::Sql { text, .. } => format!("({text})::{ty}"),
            };
            sql(text, Some(&ty))
        }
        Expr::TypedString(ts) => {
            let ty = type_of(&ts.data_type, ctx)?;
            let value = match &ts.value.value {
                Value::SingleQuotedString(s) => s.clone(),
                other => other.to_string(),
            };
            sql(finish(Node::Str(value), Some(&ty)), Some(&ty))
        }
        // `INTERVAL '1 year'` is a constant of type interval: PostgreSQL
        // prints it `'1 year'::interval`.
        Expr::Interval(iv) if plain_interval(iv).is_some() => {
            let text = plain_interval(iv).unwrap_or_default();
            sql(finish(Node::Str(text), Some("interval")), Some("interval"))
        }
        Expr::Function(f) => function(f, ctx)?,
        // A whole row (`OLD.*` in a trigger's WHEN): its name as the
        // catalog prints it.
        Expr::QualifiedWildcard(prefix, _) => {
            let parts: Vec<String> = prefix
                .0
                .iter()
                .map(|p| match p.as_ident() {
                    Some(i) => quote_ident(&ident_name(i)),
                    None => p.to_string(),
                })
                .collect();
            sql(format!("{}.*", parts.join(".")), None)
        }
        Expr::Array(arr) => {
            let items = arr
                .elem
                .iter()
                .map(|e| node(e, ctx))
                .collect::<Result<Vec<_>, _>>()?;
            let elem_ty = items.iter().find_map(node_type);
            let parts: Vec<String> = items
                .into_iter()
                .map(|n| finish(n, elem_ty.as_deref().or(Some("text"))))
                .collect();
            sql(format!("ARRAY[{}]", parts.join(", ")), None)
        }
        other => sql(other.to_string(), None),
    })
}

/// `ARRAY[...]::elem[]`: the cast goes into the elements, as PostgreSQL's
/// parser pushes it down: `ARRAY[(a)::bigint, (1)::bigint]`.
fn typed_array(arr: &sqlparser::ast::Array, elem: &str, ctx: &mut Ctx) -> Result<Node, String> {
    let mut parts = Vec::new();
    for e in &arr.elem {
        let n = node(e, ctx)?;
        parts.push(match n {
            Node::Str(_) | Node::Null => finish(n, Some(elem)),
            Node::Num(ref v) if elem == natural_number_type(v) => finish(n, None),
            Node::Num(v) => format!("({})::{elem}", number(&v, None)),
            other if node_type(&other).as_deref() == Some(elem) => finish(other, None),
            other => format!("({})::{elem}", finish(other, None)),
        });
    }
    Ok(sql(
        format!("ARRAY[{}]", parts.join(", ")),
        Some(&format!("{elem}[]")),
    ))
}

/// The type PostgreSQL gives a numeric literal.
fn natural_number_type(n: &str) -> &'static str {
    if n.contains(['.', 'e', 'E']) {
        "numeric"
    } else if n.parse::<i32>().is_ok() {
        "integer"
    } else if n.parse::<i64>().is_ok() {
        "bigint"
    } else {
        "numeric"
    }
}

/// `x = ANY (array)` / `x <> ALL (array)` as written (pg_dump's form of an
/// `IN` list): `(x op ANY (array))`.
fn quantified(
    left: &Expr,
    op: &sqlparser::ast::BinaryOperator,
    right: &Expr,
    quant: &str,
    ctx: &mut Ctx,
) -> Result<Node, String> {
    let l = node(left, ctx)?;
    let r = node(right, ctx)?;
    let elem = node_type(&l);
    let r = match r {
        Node::Sql { text, .. } => text,
        lit => finish(lit, elem.map(|t| format!("{t}[]")).as_deref()),
    };
    Ok(sql(
        format!("({} {op} {quant} ({r}))", finish(l, None)),
        Some("boolean"),
    ))
}

fn sql(text: String, ty: Option<&str>) -> Node {
    Node::Sql {
        text,
        ty: ty.map(str::to_string),
        column: false,
    }
}

/// The text of `INTERVAL '1 year'` with no field qualifiers: a constant of
/// type interval, which PostgreSQL prints `'1 year'::interval`.
fn plain_interval(iv: &sqlparser::ast::Interval) -> Option<String> {
    let sqlparser::ast::Interval {
        value,
        leading_field: None,
        leading_precision: None,
        last_field: None,
        fractional_seconds_precision: None,
    } = iv
    else {
        return None;
    };
    match &**value {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn column_ref(name: String, ctx: &mut Ctx) -> Node {
    let ty = ctx.columns.get(&name).cloned();
    ctx.refs.insert(name.clone());
    // A domain column's value, cast to the base type (see `expr_type`).
    if let Some(base) = ty.as_deref().and_then(|t| t.strip_suffix("\0domain")) {
        return Node::Sql {
            text: format!("({})::{}", quote_ident(&name), cast_name(base)),
            ty: Some(base.to_string()),
            column: false,
        };
    }
    Node::Sql {
        text: quote_ident(&name),
        ty,
        column: true,
    }
}

fn node_type(n: &Node) -> Option<String> {
    match n {
        Node::Sql { ty, .. } => ty.clone(),
        _ => None,
    }
}

fn cast_text(n: Node) -> String {
    match n {
        Node::Sql {
            text, column: true, ..
        } => format!("({text})::text"),
        Node::Sql { text, .. } => format!("({text})::text"),
        other => finish(other, Some("text")),
    }
}

fn operand(e: &Expr, ctx: &mut Ctx) -> Result<String, String> {
    Ok(finish(node(e, ctx)?, None))
}

/// Renders both sides of a comparison, giving an untyped literal the type of
/// the other side as PostgreSQL's operator resolution does.
fn pair(l: Node, r: Node) -> (String, String) {
    let lt = node_type(&l);
    let rt = node_type(&r);
    let lit = |n: &Node| matches!(n, Node::Str(_) | Node::Null);
    if is_textlike(&lt) && lit(&r) {
        return (cast_text(l), finish(r, Some("text")));
    }
    if is_textlike(&rt) && lit(&l) {
        return (finish(l, Some("text")), cast_text(r));
    }
    if is_textlike(&lt) && is_textlike(&rt) {
        return (cast_text(l), cast_text(r));
    }
    // A number against a typed operand: integer types have cross-type
    // operators (no cast); numeric and floating point need the literal cast,
    // which stays in the stored expression: `(a > (0)::numeric)`,
    // `(c > (1.5)::double precision)` (real compares as double precision).
    let num_into = |n: Node, t: &Option<String>| match (&n, t.as_deref()) {
        (Node::Num(v), Some(t))
            if t.starts_with("numeric") && natural_number_type(v) != "numeric" =>
        {
            format!("({})::numeric", number(v, None))
        }
        (Node::Num(v), Some("double precision" | "real")) => {
            format!("({})::double precision", number(v, None))
        }
        (Node::Num(_), _) => finish(n, None),
        _ => finish(n, t.as_deref()),
    };
    let l2 = num_into(l, &rt);
    let r2 = num_into(r, &lt);
    (l2, r2)
}

fn binary(left: &Expr, op: &BinaryOperator, right: &Expr, ctx: &mut Ctx) -> Result<Node, String> {
    if matches!(op, BinaryOperator::And | BinaryOperator::Or) {
        // PostgreSQL flattens `a AND b AND c` into one list.
        let mut parts = Vec::new();
        flatten(left, op, &mut parts);
        flatten(right, op, &mut parts);
        let word = if matches!(op, BinaryOperator::And) {
            " AND "
        } else {
            " OR "
        };
        let rendered = parts
            .into_iter()
            .map(|p| operand(p, ctx))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(sql(format!("({})", rendered.join(word)), Some("boolean")));
    }
    let l = node(left, ctx)?;
    let r = node(right, ctx)?;
    // JSON field access: the key is text (or an integer index), whatever
    // the document's type; `->>` and `#>>` yield text.
    if let BinaryOperator::Arrow
    | BinaryOperator::LongArrow
    | BinaryOperator::HashArrow
    | BinaryOperator::HashLongArrow = op
    {
        let key_ty = match op {
            BinaryOperator::HashArrow | BinaryOperator::HashLongArrow => "text[]",
            _ => "text",
        };
        let doc_ty = node_type(&l);
        let ls = finish(l, None);
        let rs = finish(r, Some(key_ty));
        let ty = match op {
            BinaryOperator::LongArrow | BinaryOperator::HashLongArrow => Some("text".to_string()),
            _ => doc_ty,
        };
        return Ok(Node::Sql {
            text: format!("({ls} {op} {rs})"),
            ty,
            column: false,
        });
    }
    let spelled = match op {
        BinaryOperator::NotEq => "<>".to_string(),
        BinaryOperator::StringConcat => "||".to_string(),
        BinaryOperator::PGRegexMatch => "~".to_string(),
        BinaryOperator::PGRegexIMatch => "~*".to_string(),
        BinaryOperator::PGRegexNotMatch => "!~".to_string(),
        BinaryOperator::PGRegexNotIMatch => "!~*".to_string(),
        BinaryOperator::PGLikeMatch => "~~".to_string(),
        BinaryOperator::PGILikeMatch => "~~*".to_string(),
        BinaryOperator::PGNotLikeMatch => "!~~".to_string(),
        BinaryOperator::PGNotILikeMatch => "!~~*".to_string(),
        other => other.to_string(),
    };
    let comparison = matches!(
        op,
        BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq
    );
    let result_ty = if comparison {
        Some("boolean".to_string())
    } else {
        node_type(&l).or_else(|| node_type(&r))
    };
    let (ls, rs) = if matches!(op, BinaryOperator::StringConcat) {
        (concat_operand(l), concat_operand(r))
    } else {
        pair(l, r)
    };
    let ty = if matches!(op, BinaryOperator::StringConcat) {
        Some("text".to_string())
    } else {
        result_ty
    };
    Ok(Node::Sql {
        text: format!("({ls} {spelled} {rs})"),
        ty,
        column: false,
    })
}

fn concat_operand(n: Node) -> String {
    match n {
        Node::Str(_) => finish(n, Some("text")),
        n if is_textlike(&node_type(&n)) => cast_text(n),
        n => finish(n, None),
    }
}

fn flatten<'e>(e: &'e Expr, op: &BinaryOperator, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::BinaryOp {
            left,
            op: inner,
            right,
        } if inner == op => {
            flatten(left, op, out);
            flatten(right, op, out);
        }
        Expr::Nested(inner) if matches!(&**inner, Expr::BinaryOp { op: o, .. } if o == op) => {
            flatten(inner, op, out)
        }
        other => out.push(other),
    }
}

fn like(expr: &Expr, pattern: &Expr, op: &str, ctx: &mut Ctx) -> Result<Node, String> {
    let (l, r) = pair(node(expr, ctx)?, node(pattern, ctx)?);
    Ok(sql(format!("({l} {op} {r})"), Some("boolean")))
}

/// An argument of a text function: a string literal as `'x'::text`.
fn text_arg(e: &Expr, ctx: &mut Ctx) -> Result<String, String> {
    let n = node(e, ctx)?;
    Ok(match n {
        Node::Str(_) => finish(n, Some("text")),
        other => finish(other, None),
    })
}

fn function(f: &sqlparser::ast::Function, ctx: &mut Ctx) -> Result<Node, String> {
    let mut parts: Vec<String> = f
        .name
        .0
        .iter()
        .map(|p| match p.as_ident() {
            Some(i) => quote_ident(&ident_name(i)),
            None => p.to_string(),
        })
        .collect();
    // With `search_path = public`, PostgreSQL prints functions of `public`
    // and `pg_catalog` unqualified (pg_dump writes them qualified).
    if parts.len() == 2 && matches!(parts[0].as_str(), "public" | "pg_catalog") {
        parts.remove(0);
    }
    let name = parts.join(".");
    let args = match &f.args {
        FunctionArguments::None => {
            // SQL-standard value functions print in upper case, without parens.
            let upper = f.name.to_string().to_ascii_uppercase();
            let ty = match upper.as_str() {
                "CURRENT_TIMESTAMP" => Some("timestamp with time zone"),
                "CURRENT_DATE" => Some("date"),
                "LOCALTIMESTAMP" => Some("timestamp without time zone"),
                _ => None,
            };
            return Ok(sql(upper, ty));
        }
        FunctionArguments::Subquery(_) => return Ok(sql(f.to_string(), None)),
        FunctionArguments::List(list) => {
            if list.duplicate_treatment.is_some() || !list.clauses.is_empty() || f.over.is_some() {
                return Ok(sql(f.to_string(), None));
            }
            list.args.as_slice()
        }
    };
    // Keywords print quoted as function names (`"substring"`): compared bare.
    let bare = name.trim_matches('"').to_string();
    // `NORMALIZE(x [, form])`: the form is a keyword, not a column.
    if bare == "normalize" && !args.is_empty() && args.len() <= 2 {
        let mut out = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            let FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) = arg else {
                return Ok(sql(f.to_string(), None));
            };
            out.push(match (i, e) {
                (1, Expr::Identifier(form)) => form.value.to_ascii_uppercase(),
                _ => text_arg(e, ctx)?,
            });
        }
        return Ok(sql(format!("NORMALIZE({})", out.join(", ")), Some("text")));
    }
    // `CURRENT_TIMESTAMP(3)`, `LOCALTIME(0)`: a precision, not a call.
    let value_function = match bare.as_str() {
        "current_timestamp" => Some(("CURRENT_TIMESTAMP", "timestamp with time zone")),
        "current_time" => Some(("CURRENT_TIME", "time with time zone")),
        "localtimestamp" => Some(("LOCALTIMESTAMP", "timestamp without time zone")),
        "localtime" => Some(("LOCALTIME", "time without time zone")),
        _ => None,
    };
    if let (Some((word, ty)), [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))]) =
        (value_function, args)
    {
        if let Value::Number(p, _) = &v.value {
            return Ok(sql(format!("{word}({p})"), Some(ty)));
        }
    }
    // Conditional expressions are grammar, not functions: PostgreSQL
    // prints them in upper case, and they take their arguments' type.
    let conditional = matches!(
        name.as_str(),
        "\"coalesce\"" | "\"greatest\"" | "\"least\"" | "\"nullif\""
    );
    let name = if conditional {
        name.trim_matches('"').to_ascii_uppercase()
    } else {
        name
    };
    let mut arg_type = None;
    let mut rendered = Vec::new();
    for arg in args {
        let e = match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => e,
            FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => {
                rendered.push("*".to_string());
                continue;
            }
            _ => return Ok(sql(f.to_string(), None)),
        };
        let n = node(e, ctx)?;
        if arg_type.is_none() {
            arg_type = node_type(&n);
        }
        let text = match (&n, name.as_str()) {
            (Node::Str(_), "nextval" | "currval" | "setval") if rendered.is_empty() => {
                finish(n, Some("regclass"))
            }
            // A text search configuration named by a string: the server
            // resolves the literal to regconfig (an immutable call; as
            // text it would resolve to a cast that is not).
            (Node::Str(_), f)
                if rendered.is_empty() && REGCONFIG_FUNCTIONS.contains(&f) && args.len() > 1 =>
            {
                finish(n, Some("regconfig"))
            }
            (Node::Str(_), _) => finish(n, Some("text")),
            (_, f) if TEXT_FUNCTIONS.contains(&f) && is_textlike(&node_type(&n)) => cast_text(n),
            _ => finish(n, None),
        };
        rendered.push(text);
    }
    let ty = match name.as_str() {
        "now" | "transaction_timestamp" | "statement_timestamp" | "clock_timestamp" => {
            Some("timestamp with time zone")
        }
        "lower" | "upper" | "btrim" | "md5" | "initcap" | "replace" | "substr" => Some("text"),
        "length" | "char_length" | "octet_length" | "strpos" => Some("integer"),
        "gen_random_uuid" | "uuid_generate_v4" => Some("uuid"),
        "nextval" => Some("bigint"),
        _ => None,
    };
    if conditional {
        return Ok(sql(
            format!("{name}({})", rendered.join(", ")),
            arg_type.as_deref(),
        ));
    }
    Ok(sql(format!("{name}({})", rendered.join(", ")), ty))
}
