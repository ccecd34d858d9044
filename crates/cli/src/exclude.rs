//! Objects managed outside the desired state (`--exclude`, `exclude = [...]`
//! in `schemadiff.toml`): taken out of both sides before anything is
//! compared, so they are never planned, never dropped and never dumped.
//!
//! A pattern is a qualified-name glob, `schema.name`, where `*` stands for
//! any run of characters and `?` for one: `public.timestamp_id`, `audit.*`,
//! `*.legacy_?`. A name without a dot means `public.name`. It matches
//! tables, views, sequences, functions and procedures (every overload),
//! enums, domains and composite types; what belongs to an excluded table
//! (its indexes, constraints, triggers, policies, the sequences its serial
//! columns own) goes with it. A pattern whose name part is `*` also covers
//! the schema itself (`audit.*` keeps schemadiff from dropping `audit`).

use schemadiff_model::{QualName, Schema};

/// A list of patterns, checked when given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exclude {
    patterns: Vec<(String, String)>,
}

impl Exclude {
    /// Reads the patterns; a malformed one is an error naming it.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Exclude, String> {
        let mut out = Vec::new();
        for p in patterns {
            let p = p.as_ref().trim();
            if p.is_empty() {
                return Err(
                    "an empty exclude pattern (write schema.name, with * and ? as wildcards)"
                        .into(),
                );
            }
            let (schema, name) = p.split_once('.').unwrap_or(("public", p));
            if schema.is_empty() || name.is_empty() || name.contains('.') {
                return Err(format!(
                    "exclude pattern `{p}`: write schema.name (one dot), with * and ? as wildcards"
                ));
            }
            out.push((schema.to_string(), name.to_string()));
        }
        Ok(Exclude { patterns: out })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The patterns as given (`schema.name`).
    pub fn patterns(&self) -> Vec<String> {
        self.patterns
            .iter()
            .map(|(s, n)| format!("{s}.{n}"))
            .collect()
    }

    /// Whether `name` is excluded.
    pub fn matches(&self, name: &QualName) -> bool {
        self.patterns
            .iter()
            .any(|(s, n)| glob(s, &name.schema) && glob(n, &name.name))
    }

    /// Whether the schema (namespace) itself is excluded: a pattern
    /// `schema.*`.
    pub fn matches_schema(&self, schema: &str) -> bool {
        self.patterns
            .iter()
            .any(|(s, n)| n == "*" && glob(s, schema))
    }

    /// Takes every excluded object out of `schema`; how many were taken.
    pub fn apply(&self, schema: &mut Schema) -> usize {
        if self.is_empty() {
            return 0;
        }
        let mut taken = 0;
        let mut count = |before: usize, after: usize| taken += before - after;
        let excluded_tables: Vec<QualName> = schema
            .tables
            .keys()
            .filter(|n| self.matches(n))
            .cloned()
            .collect();
        let n = schema.tables.len();
        schema.tables.retain(|k, _| !self.matches(k));
        count(n, schema.tables.len());
        let n = schema.sequences.len();
        schema.sequences.retain(|k, s| {
            !self.matches(k)
                && !s
                    .owned_by
                    .as_ref()
                    .is_some_and(|(t, _)| excluded_tables.contains(t))
        });
        count(n, schema.sequences.len());
        let n = schema.views.len();
        schema.views.retain(|k, _| !self.matches(k));
        count(n, schema.views.len());
        let n = schema.pending.views.len();
        schema.pending.views.retain(|k, _| !self.matches(k));
        count(n, schema.pending.views.len());
        let n = schema.functions.len();
        schema.functions.retain(|_, f| !self.matches(&f.name));
        count(n, schema.functions.len());
        let n = schema.enums.len();
        schema.enums.retain(|k, _| !self.matches(k));
        count(n, schema.enums.len());
        let n = schema.domains.len();
        schema.domains.retain(|k, _| !self.matches(k));
        count(n, schema.domains.len());
        let n = schema.composites.len();
        schema.composites.retain(|k, _| !self.matches(k));
        count(n, schema.composites.len());
        let n = schema.schemas.len();
        schema.schemas.retain(|k, _| !self.matches_schema(k));
        count(n, schema.schemas.len());
        taken
    }
}

/// `*` any run of characters, `?` one; everything else itself.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matching with one backtrack point for the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_as_shells_do() {
        assert!(glob("*", ""));
        assert!(glob("timestamp_id", "timestamp_id"));
        assert!(!glob("timestamp_id", "timestamp_ids"));
        assert!(glob("legacy_?", "legacy_1"));
        assert!(!glob("legacy_?", "legacy_10"));
        assert!(glob("*_log", "audit_log"));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(!glob("a*b*c", "axxbyy"));
    }

    #[test]
    fn patterns_name_schema_and_object() {
        let e = Exclude::new(&["public.timestamp_id", "audit.*", "legacy"]).unwrap();
        assert!(e.matches(&QualName::new("public", "timestamp_id")));
        assert!(e.matches(&QualName::new("audit", "anything")));
        assert!(e.matches(&QualName::new("public", "legacy")));
        assert!(!e.matches(&QualName::new("other", "legacy")));
        assert!(e.matches_schema("audit"));
        assert!(!e.matches_schema("public"));
        for bad in ["", "a.b.c", ".x", "x."] {
            assert!(Exclude::new(&[bad]).is_err(), "{bad}");
        }
    }
}
