//! Every fixture under `fixtures/`: its plan is a reviewed snapshot, and the
//! plan is proven on PostgreSQL (load `from`, apply the plan, and the
//! database equals a fresh load of `to`).

mod common;

use common::*;
use schemadiff::Format;

fn plan_for(case: &Case) -> Result<schemadiff::Changes, String> {
    plan_settled(&case.sources("from"), &case.sources("to"))
        .map_err(|e| format!("{}: {e}", case.name))
}

#[test]
fn there_are_at_least_forty_fixtures() {
    let n = fixture_cases().len();
    assert!(n >= 40, "only {n} fixtures");
}

#[test]
fn every_fixture_plan_matches_its_snapshot() {
    for case in fixture_cases() {
        let changes = plan_for(&case).unwrap();
        // View queries are as the server prints them, which differs
        // between major versions: such plans have a snapshot per version.
        let printed = schemadiff_parser::parse_sources(&case.sources("to"))
            .map(|s| !s.pending.is_empty())
            .unwrap_or(false);
        let name = if printed {
            format!("{}__pg{}", case.name, server_major())
        } else {
            case.name.clone()
        };
        insta::assert_snapshot!(name, changes.text());
    }
}

#[test]
fn yaml_and_sql_forms_of_a_case_plan_identically() {
    let mut compared = 0;
    for case in fixture_cases() {
        for side in ["from", "to"] {
            if let (Some(y), Some(s)) =
                (case.side(side, Format::Yaml), case.side(side, Format::Sql))
            {
                let my = schemadiff_parser::parse_sources(&y).unwrap();
                let ms = schemadiff_parser::parse_sources(&s).unwrap();
                similar_asserts(
                    &format!("{} {side}", case.name),
                    &format!("{my:#?}"),
                    &format!("{ms:#?}"),
                );
                compared += 1;
            }
        }
        if case.side("to", Format::Yaml).is_some() && case.side("to", Format::Sql).is_some() {
            // A view is made as each file writes it (`View::written`, not
            // part of the model): the plans compare what is made.
            let settled = |sources: &[schemadiff::Source]| {
                let mut s = parse_settled(sources).unwrap();
                for v in s.views.values_mut() {
                    v.written = Default::default();
                }
                s
            };
            let from = settled(&case.sources("from"));
            let a =
                schemadiff::plan_schemas(&from, &settled(&case.side("to", Format::Yaml).unwrap()))
                    .unwrap();
            let b =
                schemadiff::plan_schemas(&from, &settled(&case.side("to", Format::Sql).unwrap()))
                    .unwrap();
            assert_eq!(
                a.sql(),
                b.sql(),
                "{}: YAML and SQL plan differently",
                case.name
            );
        }
    }
    assert!(
        compared >= 5,
        "only {compared} cases exist in both YAML and SQL"
    );
}

fn similar_asserts(what: &str, a: &str, b: &str) {
    if a != b {
        let diff = similar::TextDiff::from_lines(a, b);
        panic!(
            "{what}: YAML and SQL models differ:\n{}",
            diff.unified_diff().header("yaml", "sql")
        );
    }
}

#[test]
fn every_fixture_converges_on_postgres() {
    let cases = fixture_cases();
    let failures = parallel(&cases, 4, |case| {
        let mut a = fresh_db(&case.name);
        a.load(&case.sources("from"))
            .map_err(|e| format!("{}: loading from: {e}", case.name))?;
        // As `apply` plans: from what the database reports, which knows
        // what the files cannot (PostgreSQL 18 names NOT NULL constraints).
        let current = a.introspect()?;
        let changes =
            schemadiff::plan_schemas(&current, &desired(case)?).map_err(|e| e.to_string())?;
        a.execute_plan(&changes)
            .map_err(|e| format!("{}: applying plan: {e}", case.name))?;
        let mut b = fresh_db(&format!("{}_to", case.name));
        b.load(&case.sources("to"))
            .map_err(|e| format!("{}: loading to: {e}", case.name))?;
        let (got, want) = (a.dump_with_privileges(), b.dump_with_privileges());
        if got != want {
            let diff = similar::TextDiff::from_lines(&got, &want);
            return Err(format!(
                "{}: migrated database differs from a fresh load:\n{}",
                case.name,
                diff.unified_diff().header("migrated", "fresh")
            ));
        }
        // A second plan, from the migrated database, is empty.
        let live = a.introspect()?;
        let again = schemadiff::plan_schemas(&live, &desired(case)?).map_err(|e| e.to_string())?;
        if !again.is_empty() {
            return Err(format!(
                "{}: second plan is not empty:\n{}",
                case.name,
                again.sql()
            ));
        }
        Ok(())
    });
    println!(
        "fixtures converged: {} of {}",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

fn desired(case: &Case) -> Result<schemadiff::Schema, String> {
    parse_settled(&case.sources("to"))
}

/// The introspector is the oracle: the parser's model of `to` equals what
/// the catalog says after loading `to`, in both formats where both exist.
#[test]
fn every_fixture_parses_to_what_postgres_reports() {
    let cases = fixture_cases();
    let mut checked = 0;
    let failures = parallel(&cases, 4, |case| {
        for format in [Format::Sql, Format::Yaml] {
            let Some(src) = case.side("to", format) else {
                continue;
            };
            let mut parsed = parse_settled(&src)?;
            // `ALL` on a table means `MAINTAIN` too from PostgreSQL 17.
            parsed.fit_server(server_major() * 10000);
            let mut db = fresh_db(&format!("{}_fid", case.name));
            db.load(&src)?;
            let live = db.introspect()?;
            parsed.fit_extension_defaults(&live.extension_defaults);
            let (p, l) = (format!("{parsed:#?}"), format!("{live:#?}"));
            if p != l {
                let diff = similar::TextDiff::from_lines(&p, &l);
                return Err(format!(
                    "{} ({format:?}): parsed model differs from introspection:\n{}",
                    case.name,
                    diff.unified_diff()
                        .context_radius(4)
                        .header("parsed", "introspected")
                ));
            }
        }
        Ok(())
    });
    checked += cases.len();
    assert!(
        failures.is_empty(),
        "{} of {checked} fixtures differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
