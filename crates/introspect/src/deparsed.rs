//! Reading texts the server deparsed (`pg_get_indexdef`, `pg_get_expr`):
//! where their lists, parenthesised groups and clauses end, outside string
//! literals and quoted names.

/// Calls `f` with each character of `text` outside quotes (`'…'`, `"…"`,
/// whose doubled quotes read as two strings side by side), its byte
/// offset, and the depth of parentheses and brackets before it; stops
/// where `f` says.
fn scan(text: &str, mut f: impl FnMut(usize, char, i32) -> bool) {
    let (mut depth, mut quote) = (0i32, None::<char>);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, c) => {
                if !f(i, c, depth) {
                    return;
                }
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth -= 1,
                    _ => {}
                }
            }
        }
    }
}

/// A list split at its top-level commas, each part trimmed.
pub(crate) fn split_top_level(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    scan(list, |i, c, depth| {
        if c == ',' && depth == 0 {
            out.push(list[start..i].trim().to_string());
            start = i + 1;
        }
        true
    });
    out.push(list[start..].trim().to_string());
    out
}

/// The offset of the `)` that closes the group opened at `open`.
pub(crate) fn group_end(text: &str, open: usize) -> Option<usize> {
    let mut end = None;
    let inner = text.get(open..)?;
    scan(inner, |i, c, depth| {
        if c == ')' && depth == 1 {
            end = Some(open + i);
            return false;
        }
        true
    });
    end
}

/// The first top-level occurrence of `pattern` in `text`.
pub(crate) fn find_top_level(text: &str, pattern: &str) -> Option<usize> {
    let mut found = None;
    scan(text, |i, _, depth| {
        if depth == 0 && text[i..].starts_with(pattern) {
            found = Some(i);
            return false;
        }
        true
    });
    found
}

/// The parts of a `pg_get_indexdef()` text that schemadiff reads: each
/// element of the key list (the `INCLUDE` list apart), and the predicate.
#[derive(Debug, PartialEq)]
pub(crate) struct IndexDefinition {
    pub keys: Vec<String>,
    pub predicate: Option<String>,
}

/// `CREATE [UNIQUE] INDEX name ON [ONLY] table USING method (key, …)
/// [INCLUDE (…)] [NULLS NOT DISTINCT] [WITH (…)] [WHERE predicate]`, as
/// PostgreSQL prints it; `None` for another shape.
pub(crate) fn index_definition(def: &str, method: &str) -> Option<IndexDefinition> {
    // The method is a word PostgreSQL does not quote: the first
    // ` USING method (` outside quoted names opens the key list.
    let marker = format!(" USING {method} (");
    let open = find_top_level(def, &marker)? + marker.len() - 1;
    let close = group_end(def, open)?;
    let keys = split_top_level(&def[open + 1..close]);
    let rest = &def[close + 1..];
    let predicate =
        find_top_level(rest, " WHERE ").map(|w| rest[w + " WHERE ".len()..].to_string());
    Some(IndexDefinition { keys, predicate })
}

/// An expression key of an index definition: the expression as
/// `pg_get_indexdef` prints a key (a function call, or anything else in
/// parentheses), and the collation written after it, if any.
pub(crate) fn expression_key(item: &str) -> Option<(&str, Option<String>)> {
    let mut open = None;
    scan(item, |i, c, depth| {
        if c == '(' && depth == 0 {
            open = Some(i);
            return false;
        }
        true
    });
    let end = group_end(item, open?)?;
    let (expression, tail) = item.split_at(end + 1);
    let collation = tail.strip_prefix(" COLLATE ").map(collation_name);
    Some((expression, collation))
}

/// The collation name at the start of `text` (maybe quoted, maybe
/// qualified), as the catalog names it: unqualified in `pg_catalog` and
/// `public`.
fn collation_name(text: &str) -> String {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let last = parts.last_mut().expect("never empty");
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                last.push('"');
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(String::new()),
            ' ' | ',' | ')' if !quoted => break,
            c => last.push(c),
        }
    }
    if parts.len() == 2 && matches!(parts[0].as_str(), "pg_catalog" | "public") {
        parts.remove(0);
    }
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_at_top_level_commas_only() {
        assert_eq!(
            split_top_level("lower(b), (a + 1), ('x,y'::text || \"c,d\"), f(a, b)"),
            ["lower(b)", "(a + 1)", "('x,y'::text || \"c,d\")", "f(a, b)"]
        );
    }

    #[test]
    fn index_definitions_give_their_keys_and_predicate() {
        let def = "CREATE UNIQUE INDEX \"x USING btree (\" ON ONLY public.t USING btree \
                   (lower((name)::text) COLLATE \"C\" text_pattern_ops DESC, a, ((a || ', )'::text))) \
                   INCLUDE (b) NULLS NOT DISTINCT WITH (fillfactor='70') WHERE (state <> 'a WHERE b'::text)";
        let d = index_definition(def, "btree").unwrap();
        assert_eq!(
            d.keys,
            [
                "lower((name)::text) COLLATE \"C\" text_pattern_ops DESC",
                "a",
                "((a || ', )'::text))"
            ]
        );
        assert_eq!(d.predicate.as_deref(), Some("(state <> 'a WHERE b'::text)"));
        assert_eq!(
            expression_key(&d.keys[0]),
            Some(("lower((name)::text)", Some("C".to_string())))
        );
        assert_eq!(
            expression_key(&d.keys[2]),
            Some(("((a || ', )'::text))", None))
        );
        assert_eq!(
            expression_key("public.\"F(\"(a) COLLATE app.\"My coll\""),
            Some(("public.\"F(\"(a)", Some("app.My coll".to_string())))
        );
        assert_eq!(
            index_definition("CREATE INDEX i ON t USING gist (a)", "btree"),
            None
        );
        assert_eq!(
            index_definition("CREATE INDEX i ON t USING gist (a)", "gist"),
            Some(IndexDefinition {
                keys: vec!["a".into()],
                predicate: None
            })
        );
    }
}
