//! `CREATE [OR REPLACE] FUNCTION`: its signature, result, language, body
//! and attributes, each compared as PostgreSQL prints it.

use super::*;
use sqlparser::ast::{
    ArgMode, CreateFunction, CreateFunctionBody, DataType, FunctionBehavior, FunctionCalledOnNull,
    FunctionParallel, FunctionReturnType, FunctionSecurity, FunctionSetValue,
};
use sqlparser::tokenizer::{Token, Tokenizer, Word};

/// The attributes sqlparser does not read (`LEAKPROOF`, `NOT LEAKPROOF`,
/// `COST n`, `ROWS n`), taken out of the statement before it parses it.
#[derive(Debug, Default, Clone)]
pub(crate) struct FunctionExtras {
    /// `CREATE PROCEDURE`, read as a function (see `read_statement`).
    pub procedure: bool,
    pub leakproof: Option<bool>,
    pub cost: Option<String>,
    pub rows: Option<String>,
    /// `AS 'library', 'symbol'` (a function in C), the symbol taken out.
    pub link_symbol: Option<String>,
}

/// Blanks out (with spaces, so every location stays) the attributes of a
/// `CREATE FUNCTION` that sqlparser does not know, and returns them.
pub(super) fn function_extras(text: &str) -> (String, FunctionExtras) {
    let mut extras = FunctionExtras::default();
    let Ok(tokens) = Tokenizer::new(&PostgreSqlDialect {}, text).tokenize_with_location() else {
        return (text.to_string(), extras);
    };
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |line: u64, column: u64| -> usize {
        let start = line_starts.get(line as usize - 1).copied().unwrap_or(0);
        text[start..]
            .char_indices()
            .nth(column as usize - 1)
            .map_or(text.len(), |(i, _)| start + i)
    };
    let words: Vec<(usize, &sqlparser::tokenizer::TokenWithSpan)> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_)))
        .collect();
    let keyword = |t: &Token, k: &str| matches!(t, Token::Word(Word { value, quote_style: None, .. }) if value.eq_ignore_ascii_case(k));
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let t = &words[i].1;
        let span_of = |from: usize, to: usize| {
            let a = &words[from].1.span.start;
            let b = &words[to].1.span.end;
            (offset(a.line, a.column), offset(b.line, b.column))
        };
        if keyword(&t.token, "leakproof") {
            let not = i > 0 && keyword(&words[i - 1].1.token, "not");
            extras.leakproof = Some(!not);
            blank.push(span_of(if not { i - 1 } else { i }, i));
        } else if keyword(&t.token, "as") {
            // `AS 'obj_file', 'link_symbol'`: sqlparser reads one string.
            let string = |t: &Token| match t {
                Token::SingleQuotedString(s) | Token::EscapedStringLiteral(s) => Some(s.clone()),
                _ => None,
            };
            if let (Some(_), Some((_, comma)), Some((_, sym))) = (
                words.get(i + 1).and_then(|(_, w)| string(&w.token)),
                words.get(i + 2),
                words.get(i + 3),
            ) {
                if comma.token == Token::Comma {
                    if let Some(symbol) = string(&sym.token) {
                        extras.link_symbol = Some(symbol);
                        blank.push(span_of(i + 2, i + 3));
                        i += 3;
                    }
                }
            }
        } else if keyword(&t.token, "cost") || keyword(&t.token, "rows") {
            if let Some((_, n)) = words.get(i + 1) {
                if let Token::Number(v, _) = &n.token {
                    if keyword(&t.token, "cost") {
                        extras.cost = Some(v.clone());
                    } else {
                        extras.rows = Some(v.clone());
                    }
                    blank.push(span_of(i, i + 1));
                    i += 1;
                }
            }
        }
        i += 1;
    }
    let mut out = text.to_string();
    for (a, b) in blank {
        out.replace_range(a..b, &" ".repeat(b - a));
    }
    (out, extras)
}

/// A number as `float4` prints it (`procost`, `prorows`): `100`, `0.5`.
fn float4(written: &str) -> Option<String> {
    written.parse::<f32>().ok().map(|f| f.to_string())
}

pub(super) fn create_function(
    f: &CreateFunction,
    extras: &FunctionExtras,
    cx: &Cx,
    b: &mut Builder,
) -> Result<()> {
    let CreateFunction {
        or_alter,
        or_replace,
        temporary,
        if_not_exists,
        name,
        args,
        return_type,
        function_body,
        behavior,
        called_on_null,
        parallel,
        security,
        set_params,
        using,
        language,
        determinism_specifier,
        options,
        remote_connection,
    } = f;
    cx.refuse_any(&[
        (*temporary, "temp", "a temporary function"),
        (
            *or_alter
                || *if_not_exists
                || using.is_some()
                || determinism_specifier.is_some()
                || options.is_some()
                || remote_connection.is_some(),
            "function",
            "a CREATE FUNCTION clause that PostgreSQL does not have",
        ),
    ])?;
    let mut link_symbol = extras.link_symbol.clone();
    let body = match function_body {
        Some(CreateFunctionBody::AsBeforeOptions {
            body,
            link_symbol: l,
        }) => {
            if let Some(l) = l {
                link_symbol = Some(match l {
                    Expr::Value(v) => match &v.value {
                        Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => s.clone(),
                        _ => return Err(cx.refuse("as", "a link symbol that is not a string")),
                    },
                    _ => return Err(cx.refuse("as", "a link symbol that is not a string")),
                });
            }
            match body {
                Expr::Value(v) => match &v.value {
                    Value::DollarQuotedString(d) => d.value.clone(),
                    Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => s.clone(),
                    _ => return Err(cx.refuse("as", "a function body that is not a string")),
                },
                _ => return Err(cx.refuse("as", "a function body that is not a string")),
            }
        }
        Some(CreateFunctionBody::AsAfterOptions(body)) => match body {
            Expr::Value(v) => match &v.value {
                Value::DollarQuotedString(d) => d.value.clone(),
                Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => s.clone(),
                _ => return Err(cx.refuse("as", "a function body that is not a string")),
            },
            _ => return Err(cx.refuse("as", "a function body that is not a string")),
        },
        // The server parses a SQL-standard body and prints it back: the
        // scratch database does (see `Schema::pending`).
        Some(CreateFunctionBody::Return(_)) | Some(CreateFunctionBody::BeginAtomic(_)) => {
            String::new()
        }
        Some(_) | None => return Err(cx.refuse("function", "a function without an AS body")),
    };
    let language = language
        .as_ref()
        .map(ident)
        .ok_or_else(|| cx.refuse("function", "a function without LANGUAGE"))?;
    // In C: `'library', 'symbol'` as the catalog keeps them (the symbol
    // is the function's name when left out).
    let body = if language == "c" {
        let symbol = link_symbol.unwrap_or_else(|| object_parts(name).pop().unwrap_or_default());
        format!("{}, {}", quote_literal(&body), quote_literal(&symbol))
    } else if link_symbol.is_some() {
        return Err(cx.refuse("as", "a link symbol on a function not in C"));
    } else {
        body
    };
    let mut raw_args = Vec::new();
    for a in args.iter().flatten() {
        let sqlparser::ast::OperateFunctionArg {
            mode,
            name,
            data_type,
            default_expr,
        } = a;
        let written = b.type_on_path(&data_type.to_string());
        raw_args.push(RawArg {
            mode: match mode {
                None | Some(ArgMode::In) => "",
                Some(ArgMode::Out) => "OUT",
                Some(ArgMode::InOut) => "INOUT",
                Some(ArgMode::Variadic) => "VARIADIC",
            },
            name: name.as_ref().map(ident),
            written: {
                if schemadiff_model::types::pseudo_type(&written).is_none() {
                    canonical_type(&written).map_err(|m| ParseError::new(cx.loc.clone(), m))?;
                }
                written
            },
            default: default_expr.clone().map(Box::new),
        });
    }
    // Checked now (types resolve once everything is read).
    let typed = |dt: &DataType| -> Result<String> {
        let written = b.type_on_path(&dt.to_string());
        if schemadiff_model::types::pseudo_type(&written).is_none() {
            canonical_type(&written).map_err(|m| ParseError::new(cx.loc.clone(), m))?;
        }
        Ok(written)
    };
    let result = match return_type {
        Some(FunctionReturnType::DataType(DataType::Table(Some(cols)))) => {
            let mut out = Vec::new();
            for c in cols {
                out.push((ident(&c.name), typed(&c.data_type)?));
            }
            RawResult::Table(out)
        }
        Some(FunctionReturnType::DataType(dt)) => RawResult::Type(typed(dt)?, false),
        Some(FunctionReturnType::SetOf(dt)) => RawResult::Type(typed(dt)?, true),
        None => RawResult::FromOutArgs,
    };
    let mut config = Vec::new();
    for p in set_params {
        let value = match &p.value {
            FunctionSetValue::Values(vs) => vs
                .iter()
                .map(|v| match v {
                    Expr::Value(v) => match &v.value {
                        Value::SingleQuotedString(s) => s.clone(),
                        other => other.to_string(),
                    },
                    Expr::Identifier(i) => ident(i),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            FunctionSetValue::Default | FunctionSetValue::FromCurrent => {
                return Err(cx.refuse(
                    "set",
                    "SET … TO DEFAULT / FROM CURRENT on a function (name the value)",
                ))
            }
        };
        // The catalog keeps a setting by its own name (`SET timezone` is
        // `TimeZone`).
        let name = object_parts(&p.name).join(".");
        let name = match name.as_str() {
            "timezone" => "TimeZone".to_string(),
            "datestyle" => "DateStyle".to_string(),
            "intervalstyle" => "IntervalStyle".to_string(),
            _ => name,
        };
        config.push(format!("{name}={value}"));
    }
    let returns_set = matches!(result, RawResult::Table(_) | RawResult::Type(_, true));
    let cost = match &extras.cost {
        Some(c) => float4(c).ok_or_else(|| cx.refuse("cost", "a COST that is not a number"))?,
        None if matches!(language.as_str(), "c" | "internal") => "1".into(),
        None => "100".into(),
    };
    let rows = match &extras.rows {
        Some(r) if returns_set => {
            float4(r).ok_or_else(|| cx.refuse("rows", "a ROWS that is not a number"))?
        }
        Some(_) => return Err(cx.refuse("rows", "ROWS on a function that returns no set")),
        None if returns_set => "1000".into(),
        None => "0".into(),
    };
    if extras.procedure {
        // PostgreSQL refuses these on a procedure; refusing them here
        // keeps them from being dropped without a word.
        cx.refuse_any(&[
            (
                !matches!(result, RawResult::FromOutArgs),
                "returns",
                "RETURNS on a procedure (PostgreSQL has none)",
            ),
            (
                behavior.is_some()
                    || called_on_null.is_some()
                    || parallel.is_some()
                    || extras.leakproof.is_some()
                    || extras.cost.is_some()
                    || extras.rows.is_some(),
                "immutable|stable|volatile|strict|called|returns|parallel|leakproof|cost|rows",
                "a function attribute on a procedure (PostgreSQL has none)",
            ),
        ])?;
    }
    let q = qual(name, cx.loc)?;
    check_name(&q.name, "function", cx.loc)?;
    let sql_body = matches!(
        function_body,
        Some(CreateFunctionBody::Return(_)) | Some(CreateFunctionBody::BeginAtomic(_))
    )
    .then(|| {
        // As written: a procedure was read with FUNCTION in its place.
        let text = cx.text.trim_end().to_string();
        if extras.procedure {
            text.replacen("FUNCTION ", "PROCEDURE", 1)
        } else {
            text
        }
    });
    b.functions.push(RawFunction {
        name: q,
        or_replace: *or_replace,
        procedure: extras.procedure,
        sql_body,
        args: raw_args,
        result,
        language,
        body,
        volatility: match behavior {
            Some(FunctionBehavior::Immutable) => Volatility::Immutable,
            Some(FunctionBehavior::Stable) => Volatility::Stable,
            Some(FunctionBehavior::Volatile) | None => Volatility::Volatile,
        },
        strict: matches!(
            called_on_null,
            Some(FunctionCalledOnNull::Strict | FunctionCalledOnNull::ReturnsNullOnNullInput)
        ),
        security_definer: matches!(security, Some(FunctionSecurity::Definer)),
        leakproof: extras.leakproof.unwrap_or(false),
        parallel: match parallel {
            Some(FunctionParallel::Safe) => Parallel::Safe,
            Some(FunctionParallel::Restricted) => Parallel::Restricted,
            Some(FunctionParallel::Unsafe) | None => Parallel::Unsafe,
        },
        cost,
        rows,
        config,
        loc: cx.loc.clone(),
    });
    Ok(())
}
