//! What each step risks, decided from the change and whether its table
//! already exists (a table created by the same plan is empty: nothing to
//! scan, rewrite or block).

use crate::{Hazard, Step};
use schemadiff_model::*;
use std::collections::BTreeSet;

pub(crate) fn assign(steps: &mut [Step], from: &Schema) {
    let kept = kept_relations(steps, from);
    let existing = |t: &QualName| kept.contains(t);
    for s in steps.iter_mut() {
        let mut h: BTreeSet<Hazard> = s.hazards.drain(..).collect();
        crate::kinds::hazards(s, &existing, &mut h);
        s.hazards = h.into_iter().collect();
    }
}

/// The relations that hold rows before the plan and keep them through it:
/// the tables, and the materialized views the plan does not create again
/// (an index built on one reads its rows too).
pub(crate) fn kept_relations(steps: &[Step], from: &Schema) -> BTreeSet<QualName> {
    let recreated: BTreeSet<&QualName> = steps
        .iter()
        .filter_map(|s| match &s.change {
            crate::Change::CreateView { view, .. } => Some(&view.name),
            // A table made again (its partitioning changed) is new.
            crate::Change::CreateTable { table } => Some(&table.name),
            _ => None,
        })
        .collect();
    from.tables
        .keys()
        .filter(|t| !recreated.contains(t))
        .cloned()
        .chain(
            from.views
                .values()
                .filter(|v| v.materialized && !recreated.contains(&v.name))
                .map(|v| v.name.clone()),
        )
        .collect()
}

/// Scanning every row under a lock that blocks writers.
pub(crate) fn scan_under_lock(h: &mut BTreeSet<Hazard>) {
    h.insert(Hazard::RowScan);
    h.insert(Hazard::BlockingLock);
}

/// A type change PostgreSQL makes in the catalog alone, without touching
/// the rows: a longer (or no) length limit, `varchar` ↔ `text`, more
/// numeric precision at the same scale, more fractional seconds.
pub fn binary_coercible(from: &str, to: &str) -> bool {
    fn split(t: &str) -> (&str, Option<Vec<i64>>) {
        match t.split_once('(') {
            Some((base, rest)) => {
                let (args, tail) = rest.split_once(')').unwrap_or((rest, ""));
                let nums = args.split(',').map(|a| a.trim().parse().ok()).collect();
                let base = if tail.trim().is_empty() { base } else { t };
                (base, nums)
            }
            None => (t, None),
        }
    }
    if from.ends_with("[]") != to.ends_with("[]") {
        return false;
    }
    let (from, to) = (from.trim_end_matches("[]"), to.trim_end_matches("[]"));
    let text_like = |b: &str| b == "text" || b == "character varying";
    let (fb, fa) = split(from);
    let (tb, ta) = split(to);
    if text_like(fb) && text_like(tb) {
        return match (tb, ta) {
            ("text", _) | (_, None) => true,
            (_, Some(t)) => fb == "character varying" && fa.is_some_and(|f| f[0] <= t[0]),
        };
    }
    if fb == "numeric" && tb == "numeric" {
        return match (fa, ta) {
            (_, None) => true,
            (Some(f), Some(t)) if f.len() == 2 && t.len() == 2 => f[1] == t[1] && t[0] >= f[0],
            _ => false,
        };
    }
    // timestamp(p) / time(p), with or without time zone: more fractional
    // digits are free (no precision means 6).
    fn time_parts(t: &str) -> Option<(&str, i64, &str)> {
        for base in ["timestamp", "time"] {
            if let Some(rest) = t.strip_prefix(base) {
                let (p, rest) = match rest.strip_prefix('(') {
                    Some(r) => {
                        let (n, r) = r.split_once(')')?;
                        (n.parse().ok()?, r)
                    }
                    None => (6, rest),
                };
                return Some((base, p, rest.trim()));
            }
        }
        None
    }
    if let (Some((fb, fp, fz)), Some((tb, tp, tz))) = (time_parts(from), time_parts(to)) {
        return fb == tb && fz == tz && tp >= fp;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::binary_coercible;

    #[test]
    fn catalog_only_type_changes() {
        assert!(binary_coercible(
            "character varying(10)",
            "character varying(20)"
        ));
        assert!(binary_coercible(
            "character varying(10)",
            "character varying"
        ));
        assert!(binary_coercible("character varying(10)", "text"));
        assert!(binary_coercible("text", "character varying"));
        assert!(binary_coercible("numeric(10,2)", "numeric(12,2)"));
        assert!(binary_coercible("numeric(10,2)", "numeric"));
        assert!(binary_coercible(
            "timestamp(3) without time zone",
            "timestamp(6) without time zone"
        ));
        assert!(!binary_coercible(
            "character varying(20)",
            "character varying(10)"
        ));
        assert!(!binary_coercible("text", "character varying(10)"));
        assert!(!binary_coercible("integer", "bigint"));
        assert!(!binary_coercible("numeric(10,2)", "numeric(12,3)"));
        assert!(!binary_coercible(
            "timestamp(6) without time zone",
            "timestamp(3) without time zone"
        ));
        assert!(!binary_coercible(
            "timestamp without time zone",
            "timestamp with time zone"
        ));
        assert!(!binary_coercible("text[]", "text"));
    }
}
