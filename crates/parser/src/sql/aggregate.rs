//! `CREATE AGGREGATE` and `COMMENT ON AGGREGATE`, read from their text
//! (sqlparser does not read them). Every option is modelled or refused at
//! its word; names and types are kept as the catalog prints them with
//! `search_path` `public`.

use super::collation::{literal, split_options};
use super::privilege::Reader;
use super::*;
use std::collections::BTreeMap;

pub(super) fn create_aggregate(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let mut r = Reader::new(text, offset, src, loc);
    r.expect("create")?;
    if r.eat("or") {
        r.expect("replace")?;
    }
    r.expect("aggregate")?;
    let name = r.qual()?;
    check_name(&name.name, "aggregate", loc)?;
    b.check_schema(&name.schema, loc)?;
    let args_at = r.here();
    let written_args = r.parenthesised()?;
    if r.peek().is_none() {
        // The old form: the options alone, the argument type among them.
        let lower = text.to_ascii_lowercase();
        let at = find_word(&lower, "basetype").map_or(args_at, |i| src.loc(offset + i));
        return Err(ParseError::new(
            at,
            "schemadiff reads the current form of CREATE AGGREGATE, not the old form with \
             BASETYPE: write the argument types in parentheses after the name, then the options",
        ));
    }
    let (args, signature, ordered) = arguments(&written_args, &args_at)?;
    let open = r.offset();
    let body = r.parenthesised()?;
    r.done()?;
    let mut found: BTreeMap<usize, String> = BTreeMap::new();
    let mut written: std::collections::BTreeSet<usize> = Default::default();
    let mut at = open + 1;
    let mut hypothetical = false;
    for option in split_options(&body) {
        let oloc = src.loc(offset + at + (option.len() - option.trim_start().len()));
        at += option.len() + 1;
        let (key, value) = match option.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), Some(v.trim())),
            None => (option.trim().to_ascii_uppercase(), None),
        };
        let Some(rank) = AGGREGATE_OPTIONS.iter().position(|o| *o == key) else {
            let old = if key == "BASETYPE" {
                " (the old form with BASETYPE: write the argument types in parentheses after the name)"
            } else {
                ""
            };
            return Err(ParseError::new(
                oloc,
                format!("`{key}` is not an aggregate option schemadiff models{old}"),
            ));
        };
        let flag = matches!(
            key.as_str(),
            "FINALFUNC_EXTRA" | "MFINALFUNC_EXTRA" | "HYPOTHETICAL"
        );
        let value = match (flag, value) {
            (true, None) => Some(String::new()),
            (false, Some(v)) => {
                // Under a path of the file's own, the function or type
                // it names is where the path finds it.
                let v = if key.ends_with("FUNC") && !v.contains('.') {
                    let q = b.function_on_path(QualName::new(
                        super::search_path::default_schema(),
                        split_qualified(v)
                            .map(|(_, n)| n)
                            .unwrap_or_else(|_| v.to_string()),
                    ));
                    if b.functions.iter().any(|f| f.name == q) && q.schema != "public" {
                        q.quoted()
                    } else {
                        v.to_string()
                    }
                } else if matches!(key.as_str(), "STYPE" | "MSTYPE") {
                    b.type_on_path(v)
                } else {
                    v.to_string()
                };
                option_value(&key, &v, ordered, &oloc)?
            }
            (true, Some(_)) => {
                return Err(ParseError::new(oloc, format!("{key} takes no value")));
            }
            (false, None) => {
                return Err(ParseError::new(oloc, format!("{key} needs = value")));
            }
        };
        hypothetical |= key == "HYPOTHETICAL";
        if !written.insert(rank) {
            return Err(ParseError::new(oloc, format!("{key} is written twice")));
        }
        // A value that is the default is not kept.
        if let Some(v) = value {
            found.insert(rank, v);
        }
    }
    for needed in ["SFUNC", "STYPE"] {
        let rank = AGGREGATE_OPTIONS.iter().position(|o| *o == needed);
        if !rank.is_some_and(|r| found.contains_key(&r)) {
            return Err(ParseError::new(
                loc.clone(),
                format!("an aggregate needs {needed}"),
            ));
        }
    }
    if hypothetical && !ordered {
        return Err(ParseError::new(
            loc.clone(),
            "HYPOTHETICAL is for an ordered-set aggregate (arguments with ORDER BY)",
        ));
    }
    // MFINALFUNC_MODIFY means something only with a moving state.
    let moving = AGGREGATE_OPTIONS.iter().position(|o| *o == "MSFUNC");
    let mmodify = AGGREGATE_OPTIONS
        .iter()
        .position(|o| *o == "MFINALFUNC_MODIFY");
    if let (Some(m), Some(mm)) = (moving, mmodify) {
        if !found.contains_key(&m) {
            found.remove(&mm);
        }
    }
    let a = Aggregate {
        name,
        signature,
        args,
        options: found
            .into_iter()
            .map(|(rank, v)| aggregate_option(AGGREGATE_OPTIONS[rank], &v))
            .collect(),
        comment: None,
    };
    let key = a.key();
    if b.aggregates.contains_key(&key) {
        return Err(ParseError::new(
            loc.clone(),
            format!("aggregate {key} is defined twice"),
        ));
    }
    b.origins.add("aggregate", &[&key], loc.origin());
    b.aggregates.insert(key, a);
    Ok(())
}

/// `COMMENT ON AGGREGATE name(arguments) IS …`.
pub(super) fn comment_on_aggregate(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let mut r = Reader::new(text, offset, src, loc);
    r.expect("comment")?;
    r.expect("on")?;
    r.expect("aggregate")?;
    let name = r.qual()?;
    let args_at = r.here();
    let written = r.parenthesised()?;
    let (_, signature, _) = arguments(&written, &args_at)?;
    let at = r.here();
    let rest = text[r.offset()..].trim_start();
    let value = rest
        .get(..2)
        .filter(|w| w.eq_ignore_ascii_case("is"))
        .map(|_| &rest[2..]);
    let comment = value
        .and_then(super::comment::comment_literal)
        .ok_or_else(|| ParseError::new(at, "expected IS 'text' (or IS NULL)"))?;
    let key = format!("{name}({signature})");
    let a = b
        .aggregates
        .get_mut(&key)
        .ok_or_else(|| ParseError::new(loc.clone(), format!("aggregate {key} is not defined")))?;
    a.comment = comment;
    Ok(())
}

/// The arguments as `pg_get_function_identity_arguments()` prints them
/// (`*` for none), the types a caller passes (as `oidvectortypes()`), and
/// whether the aggregate is an ordered-set one (`ORDER BY` among them).
fn arguments(written: &str, loc: &Loc) -> Result<(String, String, bool)> {
    if written.trim() == "*" {
        return Ok(("*".into(), String::new(), false));
    }
    let lower = written.to_ascii_lowercase();
    let (direct, aggregated) = match find_word(&lower, "order") {
        Some(i) if lower[i + 5..].trim_start().starts_with("by") => {
            let by = i + 5 + (lower[i + 5..].len() - lower[i + 5..].trim_start().len()) + 2;
            (&written[..i], Some(&written[by..]))
        }
        _ => (written, None),
    };
    let mut types = Vec::new();
    let mut side = |list: &str| -> Result<Vec<String>> {
        let mut out = Vec::new();
        for arg in split_options(list).into_iter().map(str::trim) {
            let (printed, ty) = argument(arg, loc)?;
            types.push(ty);
            out.push(printed);
        }
        Ok(out)
    };
    let d = side(direct)?;
    let args = match aggregated {
        Some(a) => {
            let a = side(a)?;
            if d.is_empty() {
                format!("ORDER BY {}", a.join(", "))
            } else {
                format!("{} ORDER BY {}", d.join(", "), a.join(", "))
            }
        }
        None => d.join(", "),
    };
    Ok((args, types.join(", "), aggregated.is_some()))
}

/// One argument: `[IN | VARIADIC] [name] type`, as printed, and its type.
fn argument(arg: &str, loc: &Loc) -> Result<(String, String)> {
    let (mode, rest) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
    let (variadic, arg) = match mode.to_ascii_lowercase().as_str() {
        "in" => (false, rest.trim()),
        "variadic" => (true, rest.trim()),
        "out" | "inout" => {
            return Err(ParseError::new(
                loc.clone(),
                "an aggregate's arguments are IN or VARIADIC",
            ))
        }
        _ => (false, arg),
    };
    let builtin = |t: &str| matches!(canonical_type(t), Ok(TypeName::Builtin(_)));
    let (name, ty) = match arg.split_once(char::is_whitespace) {
        _ if builtin(arg) => (None, arg),
        Some((n, rest)) if canonical_type(rest.trim()).is_ok() => (Some(n), rest.trim()),
        _ => (None, arg),
    };
    let ty = printed_type(ty, loc)?;
    let mut printed = String::new();
    if variadic {
        printed.push_str("VARIADIC ");
    }
    if let Some(n) = name {
        let (_, n) = split_qualified(n).map_err(|m| ParseError::new(loc.clone(), m))?;
        printed.push_str(&quote_ident(&n));
        printed.push(' ');
    }
    printed.push_str(&ty);
    Ok((printed, ty))
}

/// A type as `format_type()` prints it with `search_path` `public`.
fn printed_type(written: &str, loc: &Loc) -> Result<String> {
    match canonical_type(written).map_err(|m| ParseError::new(loc.clone(), m))? {
        TypeName::Builtin(t) => Ok(t),
        TypeName::Serial(_) => Err(ParseError::new(
            loc.clone(),
            "serial is no type for an aggregate",
        )),
        TypeName::Other {
            schema,
            name,
            array,
            ..
        } => {
            let mut t = printed_name(schema.as_deref(), &name);
            if array {
                t.push_str("[]");
            }
            Ok(t)
        }
    }
}

/// An option's value as the model keeps it; `None` where it is the
/// default (and so not kept).
fn option_value(key: &str, v: &str, ordered: bool, loc: &Loc) -> Result<Option<String>> {
    let bad = |what: &str| ParseError::new(loc.clone(), format!("{key}: `{v}` is not {what}"));
    Ok(match key {
        k if k.ends_with("FUNC") => {
            let (schema, name) = split_qualified(v).map_err(|_| bad("a function name"))?;
            Some(printed_name(schema.as_deref(), &name))
        }
        "STYPE" | "MSTYPE" => Some(printed_type(v, loc)?),
        "SSPACE" | "MSSPACE" => match v.parse::<i32>() {
            Ok(0) => None,
            Ok(n) => Some(n.to_string()),
            Err(_) => return Err(bad("a number")),
        },
        "INITCOND" | "MINITCOND" => Some(quote_literal(&literal(v).ok_or_else(|| bad("a value"))?)),
        "FINALFUNC_MODIFY" | "MFINALFUNC_MODIFY" => {
            let m = v.to_ascii_uppercase();
            if !matches!(m.as_str(), "READ_ONLY" | "SHAREABLE" | "READ_WRITE") {
                return Err(bad("READ_ONLY, SHAREABLE or READ_WRITE"));
            }
            let usual = if ordered { "READ_WRITE" } else { "READ_ONLY" };
            (m != usual).then_some(m)
        }
        "PARALLEL" => match v.to_ascii_lowercase().as_str() {
            "unsafe" => None,
            p @ ("safe" | "restricted") => Some(p.to_string()),
            _ => return Err(bad("SAFE, RESTRICTED or UNSAFE")),
        },
        "SORTOP" => {
            let inner = v
                .strip_prefix("OPERATOR(")
                .or_else(|| v.strip_prefix("operator("))
                .and_then(|x| x.strip_suffix(')'))
                .map(str::trim);
            Some(match inner {
                Some(op) => op
                    .strip_prefix("pg_catalog.")
                    .map_or_else(|| format!("OPERATOR({op})"), |o| o.trim().to_string()),
                None => v.to_string(),
            })
        }
        _ => return Err(bad("a value schemadiff models")),
    })
}

/// A function or type name as the catalog prints it with `search_path`
/// `public`: unqualified in `public` and `pg_catalog`.
fn printed_name(schema: Option<&str>, name: &str) -> String {
    match schema {
        None | Some("public") | Some("pg_catalog") => quote_ident(name),
        Some(s) => format!("{}.{}", quote_ident(s), quote_ident(name)),
    }
}
