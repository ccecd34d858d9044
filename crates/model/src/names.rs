//! The names PostgreSQL gives objects created without one, so that a schema
//! file and the database it produced agree (`users_pkey`, `users_email_key`,
//! `posts_author_id_fkey`, `users_lower_idx`, `users_id_seq`).

use std::collections::BTreeSet;

/// PostgreSQL's `NAMEDATALEN - 1`.
pub const MAX_IDENT_BYTES: usize = 63;

/// PostgreSQL's `makeObjectName()`: `name1_name2_label`, with the longer of
/// `name1` and `name2` shortened first so the result fits in 63 bytes.
pub fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let avail = MAX_IDENT_BYTES.saturating_sub(overhead);
    let mut n1 = name1.len();
    let mut n2 = name2.map_or(0, str::len);
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = clip(name1, n1).to_string();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(clip(name2, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// An identifier as PostgreSQL's lexer keeps it: cut to 63 bytes (on a
/// character boundary) when longer, as `truncate_identifier` does, with a
/// NOTICE the file's reader never sees.
pub fn truncate_identifier(name: &str) -> &str {
    clip(name, MAX_IDENT_BYTES)
}

/// Cuts to at most `n` bytes on a character boundary, as `pg_mbcliplen` does.
fn clip(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Truncates an identifier to 63 bytes, as PostgreSQL does with a warning.
pub fn truncate_ident(s: &str) -> String {
    clip(s, MAX_IDENT_BYTES).to_string()
}

/// Joins key column names with `_` as `ChooseIndexColumnNames()` does,
/// stopping once the buffer of 63 bytes is full.
pub fn join_columns<S: AsRef<str>>(cols: &[S]) -> String {
    let mut out = String::new();
    for c in cols {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(c.as_ref());
        if out.len() >= MAX_IDENT_BYTES {
            break;
        }
    }
    truncate_ident(&out)
}

/// Whether `name` is the one PostgreSQL chooses for a column's identity
/// (or serial) sequence: `<table>_<column>_seq`, numbered where taken
/// (ChooseRelationName).
pub fn is_chosen_sequence_name(table: &str, column: &str, name: &str) -> bool {
    (0..10).any(|n| {
        let label = if n == 0 {
            "seq".to_string()
        } else {
            format!("seq{n}")
        };
        name == make_object_name(table, Some(column), &label)
    })
}

/// Whether `name` is one PostgreSQL 18 gives a column's NOT NULL itself:
/// `<table>_<column>_not_null`, or, where two columns' names cut to the same
/// prefix, the later ones numbered (`…_not_null1`, ChooseConstraintName).
pub fn is_given_not_null_name(table: &str, column: &str, name: &str) -> bool {
    (0..10).any(|n| {
        let label = if n == 0 {
            "not_null".to_string()
        } else {
            format!("not_null{n}")
        };
        name == make_object_name(table, Some(column), &label)
    })
}

/// Picks the first free name `name1_name2_label`, then `..._label1`,
/// `..._label2`: PostgreSQL's `ChooseRelationName()` / `ChooseConstraintName()`.
pub fn choose_name(
    name1: &str,
    name2: Option<&str>,
    label: &str,
    taken: &BTreeSet<String>,
) -> String {
    choose_name_with(name1, name2, label, |n| taken.contains(n))
}

/// [`choose_name`] with the taken names given as a test, so callers with
/// more than one set of names need not merge them.
pub fn choose_name_with(
    name1: &str,
    name2: Option<&str>,
    label: &str,
    is_taken: impl Fn(&str) -> bool,
) -> String {
    let mut candidate = make_object_name(name1, name2, label);
    let mut pass = 0;
    while is_taken(&candidate) {
        pass += 1;
        candidate = make_object_name(name1, name2, &format!("{label}{pass}"));
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_like_postgres_does() {
        let none = BTreeSet::new();
        assert_eq!(choose_name("users", None, "pkey", &none), "users_pkey");
        assert_eq!(
            choose_name("users", Some("email"), "key", &none),
            "users_email_key"
        );
        let taken: BTreeSet<String> = ["users_email_idx".to_string()].into();
        assert_eq!(
            choose_name("users", Some("email"), "idx", &taken),
            "users_email_idx1"
        );
    }

    #[test]
    fn long_names_are_cut_like_the_server_cuts_them() {
        // Measured on PostgreSQL 15 (shared/POSTGRES-NOTES.md).
        assert_eq!(
            make_object_name(
                "averyveryveryveryveryveryverylongtablenamethatgoesonandon_xx",
                Some("averyveryveryveryverylongcolumnname_yyyyyyyyyyy"),
                "key"
            ),
            "averyveryveryveryveryveryvery_averyveryveryveryverylongcolu_key"
        );
    }
}
