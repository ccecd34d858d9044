//! `CREATE SEQUENCE` options and pg_dump's `ALTER SEQUENCE … OWNED BY`.

use super::*;

pub(super) fn apply_sequence_options(
    seq: &mut Sequence,
    owned_by: &mut Option<(QualName, String)>,
    opts: &[SequenceOptions],
    loc: &Loc,
) -> Result<()> {
    let num = |e: &Expr| -> Result<i64> {
        let s = e.to_string().replace(' ', "");
        s.parse::<i64>().map_err(|_| {
            ParseError::new(
                loc.clone(),
                format!("sequence option `{e}` is not a number"),
            )
        })
    };
    let mut written = WrittenSequenceOptions::default();
    for o in opts {
        match o {
            SequenceOptions::DataType(dt) => match canonical_type(&dt.to_string()) {
                Ok(TypeName::Builtin(t))
                    if matches!(t.as_str(), "smallint" | "integer" | "bigint") =>
                {
                    seq.data_type = t;
                }
                _ => {
                    return Err(ParseError::new(
                        loc.clone(),
                        format!("sequence type must be smallint, integer or bigint, not {dt}"),
                    ))
                }
            },
            SequenceOptions::IncrementBy(e, _) => written.increment = Some(num(e)?),
            SequenceOptions::MinValue(e) => written.min_value = e.as_ref().map(num).transpose()?,
            SequenceOptions::MaxValue(e) => written.max_value = e.as_ref().map(num).transpose()?,
            SequenceOptions::StartWith(e, _) => written.start = Some(num(e)?),
            SequenceOptions::Cache(e) => written.cache = Some(num(e)?),
            SequenceOptions::Cycle(no) => written.cycle = !*no,
            SequenceOptions::OwnedBy(Some(n)) => {
                let parts = object_parts(n);
                let (table, col) = owned_target(&parts, loc)?;
                *owned_by = Some((table, col));
            }
            SequenceOptions::OwnedBy(None) => *owned_by = None,
        }
    }
    let data_type = seq.data_type.clone();
    seq.set_options(&written.resolve(&data_type));
    Ok(())
}

pub(super) fn owned_target(parts: &[String], loc: &Loc) -> Result<(QualName, String)> {
    match parts {
        [t, c] => Ok((
            QualName::new(super::search_path::default_schema(), t.clone()),
            c.clone(),
        )),
        [s, t, c] => Ok((QualName::new(s.clone(), t.clone()), c.clone())),
        _ => Err(ParseError::new(loc.clone(), "OWNED BY needs table.column")),
    }
}

/// `ALTER SEQUENCE name OWNED BY table.column | NONE`, which sqlparser does
/// not parse; other forms are refused.
pub(super) fn alter_sequence(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let w: Vec<&str> = text.split_whitespace().collect();
    let lw: Vec<String> = w.iter().map(|x| x.to_ascii_lowercase()).collect();
    if w.len() == 5 && lw[3] == "owned" && lw[4].starts_with("by")
        || (w.len() == 6 && lw[3] == "owned" && lw[4] == "by")
    {
        let target = w[w.len() - 1];
        let name = parse_name(w[2], loc)?;
        let seq = b.sequences.get_mut(&name).ok_or_else(|| {
            ParseError::new(loc.clone(), format!("sequence {name} is not defined"))
        })?;
        if target.eq_ignore_ascii_case("none") {
            seq.owned_by = None;
        } else {
            let parts = split_dotted(target, loc)?;
            seq.owned_by = Some(owned_target(&parts, loc)?);
        }
        return Ok(());
    }
    if w.len() == 5
        && lw[3] == "set"
        && matches!(lw[4].trim_end_matches(';'), "logged" | "unlogged")
    {
        let name = parse_name(w[2], loc)?;
        let seq = b.sequences.get_mut(&name).ok_or_else(|| {
            ParseError::new(loc.clone(), format!("sequence {name} is not defined"))
        })?;
        seq.seq.unlogged = lw[4].trim_end_matches(';') == "unlogged";
        return Ok(());
    }
    alter_sequence_options(text, loc, b)
}

/// `ALTER SEQUENCE [IF EXISTS] name option …` (`AS`, `INCREMENT`,
/// `MINVALUE`, `MAXVALUE`, `START`, `CACHE`, `[NO] CYCLE`, `OWNED BY`) on
/// a sequence or an identity's: each option changes what it names, the
/// rest stays, as the server alters it. `RESTART` sets the next value:
/// data, left out and said.
fn alter_sequence_options(text: &str, loc: &Loc, b: &mut Builder) -> Result<()> {
    let body = text.trim_end().trim_end_matches(';');
    let words: Vec<&str> = body.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let mut at = 2;
    let if_exists = lower.get(2).map(String::as_str) == Some("if")
        && lower.get(3).map(String::as_str) == Some("exists");
    if if_exists {
        at = 4;
    }
    let Some(name_word) = words.get(at) else {
        return Err(ParseError::new(
            loc.clone(),
            "ALTER SEQUENCE needs a sequence name",
        ));
    };
    let name = b.relation_on_path(parse_name(name_word, loc)?);
    // The options, but RESTART (and what it restarts at).
    let mut kept: Vec<&str> = Vec::new();
    let mut i = at + 1;
    let mut restart = false;
    while i < words.len() {
        if lower[i] == "restart" {
            restart = true;
            i += 1;
            if lower.get(i).map(String::as_str) == Some("with") {
                i += 1;
            }
            if words.get(i).is_some_and(|w| {
                w.trim_start_matches('-')
                    .chars()
                    .all(|c| c.is_ascii_digit())
                    && !w.is_empty()
            }) {
                i += 1;
            }
            continue;
        }
        if matches!(lower[i].as_str(), "rename" | "set" | "owner") {
            return Err(unsupported(
                loc,
                &format!("`ALTER SEQUENCE … {}`", words[i..].join(" ")),
            ));
        }
        kept.push(words[i]);
        i += 1;
    }
    if restart {
        b.set_aside.add("data statement", &loc.to_string());
    }
    let opts = if kept.is_empty() {
        Vec::new()
    } else {
        let sql = format!("CREATE SEQUENCE schemadiff_altered {}", kept.join(" "));
        match Parser::parse_sql(&PostgreSqlDialect {}, &sql) {
            Ok(mut s) if s.len() == 1 => match s.remove(0) {
                Statement::CreateSequence {
                    sequence_options, ..
                } => sequence_options,
                _ => return Err(unsupported(loc, "this `ALTER SEQUENCE` form")),
            },
            _ => return Err(unsupported(loc, "this `ALTER SEQUENCE` form")),
        }
    };
    if let Some(seq) = b.sequences.get_mut(&name) {
        let (options, data_type) = altered(&seq.seq.options(), &seq.seq.data_type, &opts, loc)?;
        seq.seq.data_type = data_type;
        seq.seq.set_options(&options);
        for o in &opts {
            if let SequenceOptions::OwnedBy(n) = o {
                seq.owned_by = match n {
                    Some(n) => Some(owned_target(&object_parts(n), loc)?),
                    None => None,
                };
            }
        }
        return Ok(());
    }
    // An identity's sequence: by its SEQUENCE NAME, or the name PostgreSQL
    // chose.
    let column = b.tables.values_mut().find_map(|t| {
        let table = t.name.clone();
        t.columns.values_mut().find(|c| {
            c.identity.is_some()
                && match &c.identity_sequence {
                    Some(s) => *s == name,
                    None => {
                        name.schema == table.schema
                            && schemadiff_model::names::is_chosen_sequence_name(
                                &table.name,
                                &c.name,
                                &name.name,
                            )
                    }
                }
        })
    });
    let Some(c) = column else {
        if if_exists {
            return Ok(());
        }
        return Err(ParseError::unmodelled(
            loc.clone(),
            format!("sequence {name} is not defined (the reader knows no sequence or identity by that name)"),
        ));
    };
    let TypeName::Builtin(data_type) = &c.ty else {
        return Err(unsupported(loc, "an identity of this type"));
    };
    let data_type = data_type.clone();
    let current = c
        .identity_options
        .as_deref()
        .cloned()
        .unwrap_or_else(|| IdentityOptions::defaults(&data_type, 1));
    let (options, ty) = altered(&current, &data_type, &opts, loc)?;
    if ty != data_type
        || opts
            .iter()
            .any(|o| matches!(o, SequenceOptions::OwnedBy(_)))
    {
        return Err(unsupported(
            loc,
            "an identity sequence of another type than its column, or with OWNED BY,",
        ));
    }
    c.identity_options = options.unless_default(&data_type);
    Ok(())
}

/// The options of a sequence of `data_type` after `ALTER SEQUENCE …
/// opts`, and its type: what an option names changes; `NO MINVALUE` /
/// `NO MAXVALUE` take the default for the type and direction, and so does
/// a bound that was the old type's own when `AS` changes the type.
fn altered(
    current: &IdentityOptions,
    data_type: &str,
    opts: &[SequenceOptions],
    loc: &Loc,
) -> Result<(IdentityOptions, String)> {
    let num = |e: &Expr| -> Result<i64> {
        e.to_string().replace(' ', "").parse::<i64>().map_err(|_| {
            ParseError::new(
                loc.clone(),
                format!("sequence option `{e}` is not a number"),
            )
        })
    };
    let mut o = current.clone();
    let mut ty = data_type.to_string();
    let (mut reset_min, mut reset_max) = (false, false);
    for opt in opts {
        match opt {
            SequenceOptions::DataType(dt) => match canonical_type(&dt.to_string()) {
                Ok(TypeName::Builtin(t))
                    if matches!(t.as_str(), "smallint" | "integer" | "bigint") =>
                {
                    ty = t;
                }
                _ => {
                    return Err(ParseError::new(
                        loc.clone(),
                        format!("sequence type must be smallint, integer or bigint, not {dt}"),
                    ))
                }
            },
            SequenceOptions::IncrementBy(e, _) => o.increment = num(e)?,
            SequenceOptions::MinValue(Some(e)) => o.min_value = num(e)?,
            SequenceOptions::MinValue(None) => reset_min = true,
            SequenceOptions::MaxValue(Some(e)) => o.max_value = num(e)?,
            SequenceOptions::MaxValue(None) => reset_max = true,
            SequenceOptions::StartWith(e, _) => o.start = num(e)?,
            SequenceOptions::Cache(e) => o.cache = num(e)?,
            SequenceOptions::Cycle(no) => o.cycle = !*no,
            SequenceOptions::OwnedBy(_) => {}
        }
    }
    let (old_max, new_max) = (
        schemadiff_model::types::max_for_integer_type(data_type),
        schemadiff_model::types::max_for_integer_type(&ty),
    );
    let retyped = ty != data_type;
    let ascending = o.increment > 0;
    if reset_max || (retyped && current.max_value == old_max) {
        o.max_value = if ascending { new_max } else { -1 };
    }
    if reset_min || (retyped && current.min_value == -old_max - 1) {
        o.min_value = if ascending { 1 } else { -new_max - 1 };
    }
    Ok((o, ty))
}

pub(super) fn split_dotted(s: &str, loc: &Loc) -> Result<Vec<String>> {
    let mut parser = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(s)
        .map_err(|e| ParseError::new(loc.clone(), e.to_string()))?;
    let n = parser
        .parse_object_name(false)
        .map_err(|e| ParseError::new(loc.clone(), format!("`{s}` is not a name: {e}")))?;
    Ok(object_parts(&n))
}

pub(super) fn parse_name(s: &str, loc: &Loc) -> Result<QualName> {
    match split_dotted(s, loc)?.as_slice() {
        [n] => Ok(QualName::new(
            super::search_path::default_schema(),
            n.clone(),
        )),
        [sc, n] => Ok(QualName::new(sc.clone(), n.clone())),
        _ => Err(ParseError::new(loc.clone(), format!("`{s}` is not a name"))),
    }
}
