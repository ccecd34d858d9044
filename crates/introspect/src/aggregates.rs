//! Aggregates (`CREATE AGGREGATE`), in one query: their arguments as
//! `pg_get_function_identity_arguments()` prints them and their options as
//! `CREATE AGGREGATE` takes them, the defaults left out.

use crate::*;

pub(crate) fn read_aggregates<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let func = |col: &str| format!("CASE WHEN a.{col} <> 0 THEN a.{col}::regproc::text END");
    let sql = format!(
        "SELECT n.nspname::text, p.proname::text, oidvectortypes(p.proargtypes), \
           pg_get_function_identity_arguments(p.oid), a.aggkind::text, \
           {}, format_type(a.aggtranstype, NULL), a.aggtransspace, {}, a.aggfinalextra, \
           a.aggfinalmodify::text, {}, {}, {}, a.agginitval, {}, {}, \
           CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END, \
           a.aggmtransspace, {}, a.aggmfinalextra, a.aggmfinalmodify::text, a.aggminitval, \
           (SELECT CASE WHEN o.oprnamespace = 'pg_catalog'::regnamespace THEN o.oprname::text \
                   ELSE 'OPERATOR(' || quote_ident(on_.nspname) || '.' || o.oprname || ')' END \
              FROM pg_operator o JOIN pg_namespace on_ ON on_.oid = o.oprnamespace \
             WHERE o.oid = a.aggsortop), \
           p.proparallel::text, {} \
         FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid \
         JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE {} AND {} ORDER BY 1, 2, 3",
        func("aggtransfn"),
        func("aggfinalfn"),
        func("aggcombinefn"),
        func("aggserialfn"),
        func("aggdeserialfn"),
        func("aggmtransfn"),
        func("aggminvtransfn"),
        func("aggmfinalfn"),
        comment("p.oid", "pg_proc", "0"),
        MANAGED_NS,
        not_extension_member("pg_proc", "p.oid"),
    );
    for row in r.query("aggregates", &sql)? {
        let kind: String = row.get(4);
        // What FINALFUNC_MODIFY (and MFINALFUNC_MODIFY) is unless written.
        let usual_modify = if kind == "n" { "r" } else { "w" };
        let modify = |m: String| {
            (m != usual_modify).then(|| {
                match m.as_str() {
                    "s" => "SHAREABLE",
                    "w" => "READ_WRITE",
                    _ => "READ_ONLY",
                }
                .to_string()
            })
        };
        let space = |n: i32| (n != 0).then(|| n.to_string());
        let literal = |v: Option<String>| v.map(|v| quote_literal(&v));
        let moving = row.get::<_, Option<String>>(15).is_some();
        let parallel = match row.get::<_, String>(24).as_str() {
            "s" => Some("safe".to_string()),
            "r" => Some("restricted".to_string()),
            _ => None,
        };
        let flag = |on: bool| on.then(String::new);
        let options: [(&str, Option<String>); 21] = [
            ("SFUNC", row.get(5)),
            ("STYPE", row.get(6)),
            ("SSPACE", space(row.get(7))),
            ("FINALFUNC", row.get(8)),
            ("FINALFUNC_EXTRA", flag(row.get(9))),
            ("FINALFUNC_MODIFY", modify(row.get(10))),
            ("COMBINEFUNC", row.get(11)),
            ("SERIALFUNC", row.get(12)),
            ("DESERIALFUNC", row.get(13)),
            ("INITCOND", literal(row.get(14))),
            ("MSFUNC", row.get(15)),
            ("MINVFUNC", row.get(16)),
            ("MSTYPE", row.get(17)),
            ("MSSPACE", space(row.get(18))),
            ("MFINALFUNC", row.get(19)),
            ("MFINALFUNC_EXTRA", flag(row.get(20))),
            ("MFINALFUNC_MODIFY", modify(row.get(21)).filter(|_| moving)),
            ("MINITCOND", literal(row.get(22))),
            ("SORTOP", row.get(23)),
            ("PARALLEL", parallel),
            ("HYPOTHETICAL", flag(kind == "h")),
        ];
        let args: String = row.get(3);
        let a = Aggregate {
            name: QualName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
            signature: row.get(2),
            args: if args.is_empty() { "*".into() } else { args },
            options: options
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| aggregate_option(k, &v)))
                .collect(),
            comment: row.get(25),
        };
        s.aggregates.insert(a.key(), a);
    }
    Ok(())
}
