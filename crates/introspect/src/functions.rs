//! Functions and procedures (not aggregates or window functions, which are
//! listed as unmodelled; nor a range type's constructors, which are the
//! type's), as `pg_get_function_*()` print their signatures; a function in
//! C by its library and symbol (`'$libdir/unaccent', 'unaccent_dict'`).

use crate::*;

pub(crate) fn read_functions<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    let sql = format!(
        "SELECT n.nspname::text, p.proname::text, pg_get_function_identity_arguments(p.oid), \
           oidvectortypes(p.proargtypes), \
           pg_get_function_arguments(p.oid), COALESCE(pg_get_function_result(p.oid), ''), l.lanname::text, \
           CASE WHEN l.lanname = 'c' THEN quote_literal(p.probin) || ', ' || quote_literal(p.prosrc) \
                WHEN p.prosqlbody IS NULL THEN p.prosrc ELSE pg_get_function_sqlbody(p.oid) END, \
           p.provolatile::text, p.proisstrict, p.prosecdef, p.proleakproof, \
           p.proparallel::text, p.procost::text, p.prorows::text, \
           COALESCE(p.proconfig, '{{}}')::text[], {}, p.prokind = 'p', p.prosqlbody IS NOT NULL \
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         JOIN pg_language l ON l.oid = p.prolang \
         WHERE p.prokind IN ('f', 'p') AND {} AND {} \
           AND NOT EXISTS (SELECT 1 FROM pg_depend dp WHERE dp.classid = 'pg_proc'::regclass \
                           AND dp.objid = p.oid AND dp.deptype = 'i') \
         ORDER BY n.nspname, p.proname, 3",
        comment("p.oid", "pg_proc", "0"),
        MANAGED_NS,
        not_extension_member("pg_proc", "p.oid"),
    );
    for row in r.query("functions", &sql)? {
        let f = Function {
            name: QualName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
            procedure: row.get(17),
            sql_body: row.get(18),
            identity_args: row.get(2),
            signature: row.get(3),
            arguments: row.get(4),
            result: row.get(5),
            language: row.get(6),
            body: row.get(7),
            volatility: match row.get::<_, String>(8).as_str() {
                "i" => Volatility::Immutable,
                "s" => Volatility::Stable,
                _ => Volatility::Volatile,
            },
            strict: row.get(9),
            security_definer: row.get(10),
            leakproof: row.get(11),
            parallel: match row.get::<_, String>(12).as_str() {
                "s" => Parallel::Safe,
                "r" => Parallel::Restricted,
                _ => Parallel::Unsafe,
            },
            cost: row.get(13),
            rows: row.get(14),
            config: row.get(15),
            comment: row.get(16),
        };
        s.functions.insert(f.key(), f);
    }
    Ok(())
}
