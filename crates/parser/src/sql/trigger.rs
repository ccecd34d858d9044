//! `CREATE [CONSTRAINT] TRIGGER` and `ALTER TABLE … ENABLE | DISABLE TRIGGER`.

use super::*;
use sqlparser::ast::{
    CreateTrigger, TriggerEvent, TriggerExecBodyType, TriggerObject, TriggerObjectKind,
    TriggerPeriod, TriggerReferencingType,
};
use sqlparser::tokenizer::{Token, Tokenizer};

/// sqlparser reads a trigger function's arguments as declarations and
/// refuses the literals PostgreSQL writes (`audit('orders', 'v1')`): they are
/// taken out (blanked, so every location stays) and returned as strings.
pub(super) fn trigger_args(text: &str) -> (String, Option<Vec<String>>) {
    let Ok(tokens) = Tokenizer::new(&PostgreSqlDialect {}, text).tokenize_with_location() else {
        return (text.to_string(), None);
    };
    let is = |t: &Token, k: &str| matches!(t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(k));
    let Some(exec) = tokens.iter().rposition(|t| is(&t.token, "execute")) else {
        return (text.to_string(), None);
    };
    let Some(open) = tokens[exec..]
        .iter()
        .position(|t| t.token == Token::LParen)
        .map(|i| i + exec)
    else {
        return (text.to_string(), None);
    };
    let Some(close) = tokens.iter().rposition(|t| t.token == Token::RParen) else {
        return (text.to_string(), None);
    };
    let mut args = Vec::new();
    for t in &tokens[open + 1..close] {
        match &t.token {
            Token::Whitespace(_) | Token::Comma => {}
            Token::SingleQuotedString(s) => args.push(s.clone()),
            Token::Number(n, _) => args.push(n.clone()),
            Token::Word(w) => args.push(w.value.clone()),
            _ => return (text.to_string(), None),
        }
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |l: &sqlparser::tokenizer::Location| -> usize {
        let start = line_starts.get(l.line as usize - 1).copied().unwrap_or(0);
        text[start..]
            .char_indices()
            .nth(l.column as usize - 1)
            .map_or(text.len(), |(i, _)| start + i)
    };
    let (a, b) = (
        offset(&tokens[open].span.end),
        offset(&tokens[close].span.start),
    );
    let mut out = text.to_string();
    out.replace_range(a..b, &" ".repeat(b - a));
    (out, Some(args))
}

pub(super) fn create_trigger(
    t: &CreateTrigger,
    written_args: &Option<Vec<String>>,
    cx: &Cx,
    b: &mut Builder,
) -> Result<()> {
    let CreateTrigger {
        or_alter,
        temporary,
        or_replace: _,
        is_constraint,
        name,
        period,
        period_before_table: _,
        events,
        table_name,
        referenced_table_name,
        referencing,
        trigger_object,
        condition,
        exec_body,
        statements_as,
        statements,
        characteristics,
    } = t;
    cx.refuse_any(&[(
        *or_alter || *temporary || *statements_as || statements.is_some(),
        "trigger",
        "a CREATE TRIGGER form PostgreSQL does not have",
    )])?;
    let name = object_parts(name).pop().unwrap_or_default();
    check_name(&name, "trigger", cx.loc)?;
    let table = b.relation_on_path(qual(table_name, cx.loc)?);
    if b.views.contains_key(&table) {
        // A trigger on a view (INSTEAD OF): made in the scratch database
        // with its view, and read back.
        b.view_after.push((
            cx.loc.to_string(),
            super::search_path::under_path(cx.text.trim_end()),
        ));
        return Ok(());
    }
    let timing = match period {
        Some(TriggerPeriod::Before) => "BEFORE",
        Some(TriggerPeriod::After) => "AFTER",
        Some(TriggerPeriod::InsteadOf) => "INSTEAD OF",
        Some(TriggerPeriod::For) | None => {
            return Err(cx.refuse("trigger", "a trigger without BEFORE, AFTER or INSTEAD OF"))
        }
    };
    // PostgreSQL prints the events in this order, whatever the file's.
    let mut insert = false;
    let mut delete = false;
    let mut update: Option<Vec<String>> = None;
    let mut truncate = false;
    for e in events {
        match e {
            TriggerEvent::Insert => insert = true,
            TriggerEvent::Delete => delete = true,
            TriggerEvent::Truncate => truncate = true,
            TriggerEvent::Update(cols) => update = Some(cols.iter().map(ident).collect()),
        }
    }
    let mut ev = Vec::new();
    if insert {
        ev.push("INSERT".to_string());
    }
    if delete {
        ev.push("DELETE".to_string());
    }
    if let Some(cols) = &update {
        if cols.is_empty() {
            ev.push("UPDATE".to_string());
        } else {
            let cols: Vec<String> = cols.iter().map(|c| quote_ident(c)).collect();
            ev.push(format!("UPDATE OF {}", cols.join(", ")));
        }
    }
    if truncate {
        ev.push("TRUNCATE".to_string());
    }
    let mut head = format!(
        "CREATE {}TRIGGER {} {timing} {} ON {}",
        if *is_constraint { "CONSTRAINT " } else { "" },
        quote_ident(&name),
        ev.join(" OR "),
        table.quoted()
    );
    if let Some(r) = referenced_table_name {
        head.push_str(&format!(" FROM {}", qual(r, cx.loc)?.quoted()));
    }
    if *is_constraint {
        let (deferrable, deferred) = characteristics_of(characteristics, cx)?;
        head.push_str(match (deferrable, deferred) {
            (false, _) => " NOT DEFERRABLE INITIALLY IMMEDIATE",
            (true, false) => " DEFERRABLE INITIALLY IMMEDIATE",
            (true, true) => " DEFERRABLE INITIALLY DEFERRED",
        });
    } else if characteristics.is_some() {
        return Err(cx.refuse(
            "deferrable",
            "DEFERRABLE on a trigger that is not a constraint trigger",
        ));
    }
    let mut old_table = None;
    let mut new_table = None;
    for r in referencing {
        let rel = object_parts(&r.transition_relation_name).join(".");
        match r.refer_type {
            TriggerReferencingType::OldTable => old_table = Some(rel),
            TriggerReferencingType::NewTable => new_table = Some(rel),
        }
    }
    if old_table.is_some() || new_table.is_some() {
        head.push_str(" REFERENCING");
        if let Some(o) = &old_table {
            head.push_str(&format!(" OLD TABLE AS {}", quote_ident(o)));
        }
        if let Some(n) = &new_table {
            head.push_str(&format!(" NEW TABLE AS {}", quote_ident(n)));
        }
    }
    let row = match trigger_object {
        Some(TriggerObjectKind::For(o)) | Some(TriggerObjectKind::ForEach(o)) => {
            matches!(o, TriggerObject::Row)
        }
        None => false,
    };
    head.push_str(if row {
        " FOR EACH ROW"
    } else {
        " FOR EACH STATEMENT"
    });
    let Some(exec) = exec_body else {
        return Err(cx.refuse("trigger", "a trigger without EXECUTE FUNCTION"));
    };
    let _ = matches!(
        exec.exec_type,
        TriggerExecBodyType::Function | TriggerExecBodyType::Procedure
    );
    let function = b.function_on_path(qual(&exec.func_desc.name, cx.loc)?);
    if exec.func_desc.args.as_ref().is_some_and(|a| !a.is_empty()) {
        return Err(cx.refuse("execute", "these trigger arguments"));
    }
    let args = written_args.clone().unwrap_or_default();
    b.triggers.push(RawTrigger {
        name,
        table,
        head,
        when: condition.clone().map(Box::new),
        function,
        args,
        loc: cx.loc.clone(),
    });
    Ok(())
}

/// `ALTER TABLE … ENABLE | DISABLE | ENABLE REPLICA | ENABLE ALWAYS TRIGGER name`.
pub(super) fn set_trigger_enabled(
    table: &QualName,
    name: &Ident,
    enabled: TriggerEnabled,
    cx: &Cx,
    b: &mut Builder,
) -> Result<()> {
    let name = ident(name);
    if matches!(name.as_str(), "all" | "user") && name == name.to_lowercase() {
        return Err(cx.refuse(
            "trigger",
            "ENABLE / DISABLE TRIGGER ALL or USER (name each trigger)",
        ));
    }
    b.trigger_states
        .push((table.clone(), name, enabled, cx.loc.clone()));
    Ok(())
}
