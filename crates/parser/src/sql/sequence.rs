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
    Err(unsupported(
        loc,
        "`ALTER SEQUENCE` other than `OWNED BY` and `SET LOGGED | UNLOGGED`",
    ))
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
