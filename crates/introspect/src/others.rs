//! Operators, text search objects, casts, rules, event triggers,
//! publications and foreign-data objects ([`OtherKind`]): each as the
//! statements that make it, written from the catalog as pg_dump writes
//! them, with its comment and what it uses. One query for every kind.
//!
//! Names print as the session's `search_path` (`public`) shows them:
//! qualified outside `public` and `pg_catalog`, the same on every
//! server, which is all a comparison needs.

use crate::*;
use schemadiff_model::others::{OtherKind, OtherObject, OtherReads};

/// Object names of a catalog row, qualified: `schema.name`.
fn q(ns: &str, name: &str) -> String {
    format!("quote_ident({ns}) || '.' || quote_ident({name})")
}

/// `OPTIONS (k 'v', …)` of an options array, or nothing.
fn options(array: &str) -> String {
    format!(
        "COALESCE(' OPTIONS (' || (SELECT string_agg(quote_ident(option_name) || ' ' || quote_literal(option_value), ', ' \
           ORDER BY option_name) FROM pg_options_to_table({array})) || ')', '')"
    )
}

/// What an object (`catalog`, `oid`) depends on, from `pg_depend`, as
/// `schema\x1fname` (no schema for global objects).
fn reads(catalog: &str, oid: &str) -> String {
    let by = |cat: &str, alias: &str, ns: &str, name: &str| {
        format!(
            "SELECT n.nspname || E'\\x1f' || {alias}.{name} FROM {cat} {alias} JOIN pg_namespace n ON n.oid = {alias}.{ns} \
             WHERE dd.refclassid = '{cat}'::regclass AND {alias}.oid = dd.refobjid"
        )
    };
    let global = |cat: &str, alias: &str, name: &str| {
        format!(
            "SELECT E'\\x1f' || {alias}.{name} FROM {cat} {alias} \
             WHERE dd.refclassid = '{cat}'::regclass AND {alias}.oid = dd.refobjid"
        )
    };
    format!(
        "ARRAY(SELECT DISTINCT r.x FROM pg_depend dd, LATERAL ({} UNION ALL {} UNION ALL {} UNION ALL {} \
           UNION ALL {} UNION ALL {} UNION ALL {} UNION ALL {} UNION ALL {} UNION ALL {}) r(x) \
           WHERE dd.classid = '{catalog}'::regclass AND dd.objid = {oid} AND dd.deptype IN ('n', 'a') ORDER BY 1)",
        by("pg_proc", "rp", "pronamespace", "proname"),
        by("pg_type", "rt", "typnamespace", "typname"),
        by("pg_class", "rc", "relnamespace", "relname"),
        by("pg_operator", "ro", "oprnamespace", "oprname"),
        by("pg_ts_dict", "rd", "dictnamespace", "dictname"),
        by("pg_ts_parser", "rs", "prsnamespace", "prsname"),
        by("pg_ts_template", "rm", "tmplnamespace", "tmplname"),
        by("pg_ts_config", "rf", "cfgnamespace", "cfgname"),
        global("pg_foreign_server", "rv", "srvname"),
        global("pg_foreign_data_wrapper", "rw", "fdwname"),
    )
}

/// The query: `kind, schema, name, identity, target, definition, comment,
/// reads`.
pub(crate) fn others_query() -> String {
    let ns = |alias: &str| {
        format!(
            "{alias}.nspname NOT IN ('information_schema', 'schemadiff') AND {alias}.nspname NOT LIKE 'pg\\_%'"
        )
    };
    // Not an extension's, nor made with another object (a range type's
    // casts).
    let own = |catalog: &str, oid: &str| {
        format!(
            "NOT EXISTS (SELECT 1 FROM pg_depend dd WHERE dd.classid = '{catalog}'::regclass \
             AND dd.objid = {oid} AND dd.deptype IN ('e', 'i'))"
        )
    };
    let arg = |t: &str| format!("CASE WHEN {t} = 0 THEN 'NONE' ELSE format_type({t}, NULL) END");
    let operator = {
        let name = "quote_ident(n.nspname) || '.' || o.oprname";
        let args = format!("{} || ', ' || {}", arg("o.oprleft"), arg("o.oprright"));
        let other = |col: &str, label: &str| {
            format!(
                "(SELECT '{label} = OPERATOR(' || quote_ident(cn.nspname) || '.' || c.oprname || ')' \
                 FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace WHERE c.oid = o.{col})"
            )
        };
        format!(
            "SELECT 'operator' AS kind, n.nspname::text AS schema, o.oprname::text AS name, {name} || '(' || {args} || ')' AS identity, \
               'OPERATOR ' || {name} || ' (' || {args} || ')' AS target, \
               'CREATE OPERATOR ' || {name} || ' (' || concat_ws(', ', \
                 'FUNCTION = ' || o.oprcode::regprocedure::text, \
                 CASE WHEN o.oprleft <> 0 THEN 'LEFTARG = ' || format_type(o.oprleft, NULL) END, \
                 CASE WHEN o.oprright <> 0 THEN 'RIGHTARG = ' || format_type(o.oprright, NULL) END, \
                 {}, {}, \
                 CASE WHEN o.oprrest <> 0 THEN 'RESTRICT = ' || o.oprrest::regproc::text END, \
                 CASE WHEN o.oprjoin <> 0 THEN 'JOIN = ' || o.oprjoin::regproc::text END, \
                 CASE WHEN o.oprcanhash THEN 'HASHES' END, \
                 CASE WHEN o.oprcanmerge THEN 'MERGES' END) || ')' AS definition, \
               {} AS comment, {} AS reads \
             FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace \
             WHERE {} AND {} AND o.oprcode <> 0",
            other("oprcom", "COMMUTATOR"),
            other("oprnegate", "NEGATOR"),
            comment("o.oid", "pg_operator", "0"),
            reads("pg_operator", "o.oid"),
            ns("n"),
            own("pg_operator", "o.oid"),
        )
    };
    let config = {
        let name = q("n.nspname", "c.cfgname");
        format!(
            "SELECT 'text search configuration', n.nspname::text, c.cfgname::text, {name}, 'TEXT SEARCH CONFIGURATION ' || {name}, \
               'CREATE TEXT SEARCH CONFIGURATION ' || {name} || ' (PARSER = ' || {} || ')' \
               || COALESCE((SELECT string_agg(E';\\nALTER TEXT SEARCH CONFIGURATION ' || {name} \
                    || ' ADD MAPPING FOR ' || t.alias || ' WITH ' || m.dicts, '' ORDER BY m.maptokentype) \
                  FROM (SELECT maptokentype, string_agg({}, ', ' ORDER BY mapseqno) AS dicts \
                        FROM pg_ts_config_map JOIN pg_ts_dict td ON td.oid = mapdict \
                        JOIN pg_namespace tn ON tn.oid = td.dictnamespace \
                        WHERE mapcfg = c.oid GROUP BY maptokentype) m \
                  JOIN ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype), ''), \
               {}, {} \
             FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace \
             JOIN pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace \
             WHERE {} AND {}",
            q("pn.nspname", "p.prsname"),
            q("tn.nspname", "td.dictname"),
            comment("c.oid", "pg_ts_config", "0"),
            reads("pg_ts_config", "c.oid"),
            ns("n"),
            own("pg_ts_config", "c.oid"),
        )
    };
    let dictionary = {
        let name = q("n.nspname", "d.dictname");
        format!(
            "SELECT 'text search dictionary', n.nspname::text, d.dictname::text, {name}, 'TEXT SEARCH DICTIONARY ' || {name}, \
               'CREATE TEXT SEARCH DICTIONARY ' || {name} || ' (TEMPLATE = ' || {} \
               || COALESCE(', ' || d.dictinitoption, '') || ')', {}, {} \
             FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace \
             JOIN pg_ts_template t ON t.oid = d.dicttemplate JOIN pg_namespace tn ON tn.oid = t.tmplnamespace \
             WHERE {} AND {}",
            q("tn.nspname", "t.tmplname"),
            comment("d.oid", "pg_ts_dict", "0"),
            reads("pg_ts_dict", "d.oid"),
            ns("n"),
            own("pg_ts_dict", "d.oid"),
        )
    };
    let parser = {
        let name = q("n.nspname", "p.prsname");
        format!(
            "SELECT 'text search parser', n.nspname::text, p.prsname::text, {name}, 'TEXT SEARCH PARSER ' || {name}, \
               'CREATE TEXT SEARCH PARSER ' || {name} || ' (START = ' || p.prsstart::regproc::text \
               || ', GETTOKEN = ' || p.prstoken::regproc::text || ', END = ' || p.prsend::regproc::text \
               || ', LEXTYPES = ' || p.prslextype::regproc::text \
               || CASE WHEN p.prsheadline <> 0 THEN ', HEADLINE = ' || p.prsheadline::regproc::text ELSE '' END || ')', \
               {}, {} \
             FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace WHERE {} AND {}",
            comment("p.oid", "pg_ts_parser", "0"),
            reads("pg_ts_parser", "p.oid"),
            ns("n"),
            own("pg_ts_parser", "p.oid"),
        )
    };
    let template = {
        let name = q("n.nspname", "t.tmplname");
        format!(
            "SELECT 'text search template', n.nspname::text, t.tmplname::text, {name}, 'TEXT SEARCH TEMPLATE ' || {name}, \
               'CREATE TEXT SEARCH TEMPLATE ' || {name} || ' (' \
               || CASE WHEN t.tmplinit <> 0 THEN 'INIT = ' || t.tmplinit::regproc::text || ', ' ELSE '' END \
               || 'LEXIZE = ' || t.tmpllexize::regproc::text || ')', {}, {} \
             FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace WHERE {} AND {}",
            comment("t.oid", "pg_ts_template", "0"),
            reads("pg_ts_template", "t.oid"),
            ns("n"),
            own("pg_ts_template", "t.oid"),
        )
    };
    let cast = {
        let pair = "'(' || format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) || ')'";
        format!(
            "SELECT 'cast', '', '', {pair}, 'CAST ' || {pair}, \
               'CREATE CAST ' || {pair} || ' ' || CASE c.castmethod \
                 WHEN 'f' THEN 'WITH FUNCTION ' || c.castfunc::regprocedure::text \
                 WHEN 'i' THEN 'WITH INOUT' ELSE 'WITHOUT FUNCTION' END \
               || CASE c.castcontext WHEN 'a' THEN ' AS ASSIGNMENT' WHEN 'i' THEN ' AS IMPLICIT' ELSE '' END, \
               {}, {} \
             FROM pg_cast c WHERE c.oid >= 16384 AND {}",
            comment("c.oid", "pg_cast", "0"),
            reads("pg_cast", "c.oid"),
            own("pg_cast", "c.oid"),
        )
    };
    let rule = {
        let on = q("n.nspname", "c.relname");
        let name = format!("quote_ident(w.rulename) || ' ON ' || {on}");
        format!(
            "SELECT 'rule', n.nspname::text, w.rulename::text, {name}, 'RULE ' || {name}, \
               rtrim(pg_get_ruledef(w.oid), ';') || CASE w.ev_enabled \
                 WHEN 'D' THEN E';\\nALTER TABLE ' || {on} || ' DISABLE RULE ' || quote_ident(w.rulename) \
                 WHEN 'R' THEN E';\\nALTER TABLE ' || {on} || ' ENABLE REPLICA RULE ' || quote_ident(w.rulename) \
                 WHEN 'A' THEN E';\\nALTER TABLE ' || {on} || ' ENABLE ALWAYS RULE ' || quote_ident(w.rulename) \
                 ELSE '' END, \
               {}, {} \
             FROM pg_rewrite w JOIN pg_class c ON c.oid = w.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE w.rulename <> '_RETURN' AND {} AND {} AND {}",
            comment("w.oid", "pg_rewrite", "0"),
            reads("pg_rewrite", "w.oid"),
            ns("n"),
            own("pg_rewrite", "w.oid"),
            // A rule on an extension's view (PostGIS's geometry_columns).
            own("pg_class", "c.oid"),
        )
    };
    let event_trigger = {
        let name = "quote_ident(e.evtname)";
        format!(
            "SELECT 'event trigger', '', e.evtname::text, {name}, 'EVENT TRIGGER ' || {name}, \
               'CREATE EVENT TRIGGER ' || {name} || ' ON ' || quote_ident(e.evtevent) \
               || COALESCE(' WHEN TAG IN (' || (SELECT string_agg(quote_literal(t), ', ') FROM unnest(e.evttags) t) || ')', '') \
               || ' EXECUTE FUNCTION ' || e.evtfoid::regproc::text || '()' \
               || CASE e.evtenabled WHEN 'D' THEN E';\\nALTER EVENT TRIGGER ' || {name} || ' DISABLE' \
                 WHEN 'R' THEN E';\\nALTER EVENT TRIGGER ' || {name} || ' ENABLE REPLICA' \
                 WHEN 'A' THEN E';\\nALTER EVENT TRIGGER ' || {name} || ' ENABLE ALWAYS' ELSE '' END, \
               {}, {} \
             FROM pg_event_trigger e WHERE {}",
            comment("e.oid", "pg_event_trigger", "0"),
            reads("pg_event_trigger", "e.oid"),
            own("pg_event_trigger", "e.oid"),
        )
    };
    let publication = {
        let name = "quote_ident(p.pubname)";
        // `publish_generated_columns` (PostgreSQL 18), read by name.
        format!(
            "SELECT 'publication', '', p.pubname::text, {name}, 'PUBLICATION ' || {name}, \
               'CREATE PUBLICATION ' || {name} || CASE WHEN p.puballtables THEN ' FOR ALL TABLES' ELSE '' END \
               || ' WITH (publish = ' || quote_literal(concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, \
                    CASE WHEN p.pubupdate THEN 'update' END, CASE WHEN p.pubdelete THEN 'delete' END, \
                    CASE WHEN p.pubtruncate THEN 'truncate' END)) \
               || CASE WHEN p.pubviaroot THEN ', publish_via_partition_root = true' ELSE '' END \
               || CASE WHEN to_jsonb(p) ->> 'pubgencols' IN ('true', 's') THEN ', publish_generated_columns = stored' ELSE '' END \
               || ')' \
               || COALESCE((SELECT string_agg(E';\\nALTER PUBLICATION ' || {name} || ' ADD TABLE ONLY ' || {} \
                    || COALESCE(' (' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord) \
                         FROM unnest(pr.prattrs::int2[]) WITH ORDINALITY k(attnum, ord) \
                         JOIN pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.attnum) || ')', '') \
                    || COALESCE(' WHERE (' || pg_get_expr(pr.prqual, pr.prrelid) || ')', ''), '' ORDER BY 1) \
                  FROM pg_publication_rel pr JOIN pg_class rc ON rc.oid = pr.prrelid \
                  JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE pr.prpubid = p.oid), '') \
               || COALESCE((SELECT string_agg(E';\\nALTER PUBLICATION ' || {name} || ' ADD TABLES IN SCHEMA ' \
                    || quote_ident(sn.nspname), '' ORDER BY 1) \
                  FROM pg_publication_namespace pn JOIN pg_namespace sn ON sn.oid = pn.pnnspid \
                  WHERE pn.pnpubid = p.oid), ''), \
               {}, {} \
             FROM pg_publication p",
            q("rn.nspname", "rc.relname"),
            comment("p.oid", "pg_publication", "0"),
            reads("pg_publication", "p.oid"),
        )
    };
    let wrapper = {
        let name = "quote_ident(w.fdwname)";
        format!(
            "SELECT 'foreign-data wrapper', '', w.fdwname::text, {name}, 'FOREIGN DATA WRAPPER ' || {name}, \
               'CREATE FOREIGN DATA WRAPPER ' || {name} \
               || CASE WHEN w.fdwhandler <> 0 THEN ' HANDLER ' || w.fdwhandler::regproc::text ELSE '' END \
               || CASE WHEN w.fdwvalidator <> 0 THEN ' VALIDATOR ' || w.fdwvalidator::regproc::text ELSE '' END \
               || {}, {}, {} \
             FROM pg_foreign_data_wrapper w WHERE {}",
            options("w.fdwoptions"),
            comment("w.oid", "pg_foreign_data_wrapper", "0"),
            reads("pg_foreign_data_wrapper", "w.oid"),
            own("pg_foreign_data_wrapper", "w.oid"),
        )
    };
    let server = {
        let name = "quote_ident(s.srvname)";
        format!(
            "SELECT 'server', '', s.srvname::text, {name}, 'SERVER ' || {name}, \
               'CREATE SERVER ' || {name} || COALESCE(' TYPE ' || quote_literal(s.srvtype), '') \
               || COALESCE(' VERSION ' || quote_literal(s.srvversion), '') \
               || ' FOREIGN DATA WRAPPER ' || quote_ident(w.fdwname) || {}, {}, {} \
             FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw WHERE {}",
            options("s.srvoptions"),
            comment("s.oid", "pg_foreign_server", "0"),
            reads("pg_foreign_server", "s.oid"),
            own("pg_foreign_server", "s.oid"),
        )
    };
    let mapping = {
        let who = "CASE WHEN u.umuser = 0 THEN 'PUBLIC' ELSE quote_ident(u.usename) END";
        let name = format!("'FOR ' || {who} || ' SERVER ' || quote_ident(u.srvname)");
        format!(
            "SELECT 'user mapping', '', '', {name}, 'USER MAPPING ' || {name}, \
               'CREATE USER MAPPING ' || {name} || {}, NULL, \
               ARRAY[E'\\x1f' || u.srvname] \
             FROM pg_user_mappings u",
            options("u.umoptions"),
        )
    };
    let foreign_table = {
        let name = q("n.nspname", "c.relname");
        format!(
            "SELECT 'foreign table', n.nspname::text, c.relname::text, {name}, 'FOREIGN TABLE ' || {name}, \
               'CREATE FOREIGN TABLE ' || {name} || ' (' || COALESCE((SELECT string_agg(E'\\n    ' \
                 || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod) \
                 || {} \
                 || CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 \
                      THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END \
                 || COALESCE(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), '') \
                 || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, ',' ORDER BY a.attnum) \
                 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
                 LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') \
               || E'\\n) SERVER ' || quote_ident(s.srvname) || {} \
               || COALESCE((SELECT string_agg(E';\\nCOMMENT ON COLUMN ' || {name} || '.' || quote_ident(a.attname) \
                    || ' IS ' || quote_literal(ds.description), '' ORDER BY a.attnum) \
                  FROM pg_attribute a JOIN pg_description ds ON ds.objoid = c.oid \
                    AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum \
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), ''), \
               {}, {} \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_foreign_table ft ON ft.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = ft.ftserver \
             WHERE c.relkind = 'f' AND {} AND {}",
            options("a.attfdwoptions"),
            options("ft.ftoptions"),
            comment("c.oid", "pg_class", "0"),
            reads("pg_class", "c.oid"),
            ns("n"),
            own("pg_class", "c.oid"),
        )
    };
    let range = {
        let name = q("n.nspname", "t.typname");
        format!(
            "SELECT 'range type', n.nspname::text, t.typname::text, {name}, 'TYPE ' || {name}, \
               'CREATE TYPE ' || {name} || ' AS RANGE (' || concat_ws(', ', \
                 'subtype = ' || format_type(r.rngsubtype, NULL), \
                 (SELECT 'subtype_opclass = ' || quote_ident(cn.nspname) || '.' || quote_ident(c.opcname) \
                  FROM pg_opclass c JOIN pg_namespace cn ON cn.oid = c.opcnamespace \
                  WHERE c.oid = r.rngsubopc AND NOT c.opcdefault), \
                 CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation \
                   THEN 'collation = ' || r.rngcollation::regcollation::text END, \
                 CASE WHEN r.rngcanonical <> 0 THEN 'canonical = ' || r.rngcanonical::regproc::text END, \
                 CASE WHEN r.rngsubdiff <> 0 THEN 'subtype_diff = ' || r.rngsubdiff::regproc::text END, \
                 (SELECT 'multirange_type_name = ' || quote_ident(mn.nspname) || '.' || quote_ident(m.typname) \
                  FROM pg_type m JOIN pg_namespace mn ON mn.oid = m.typnamespace WHERE m.oid = r.rngmultitypid)) \
               || ')', \
               {}, {} \
             FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid \
             JOIN pg_type st ON st.oid = r.rngsubtype \
             JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE {} AND {}",
            comment("t.oid", "pg_type", "0"),
            reads("pg_type", "t.oid"),
            ns("n"),
            own("pg_type", "t.oid"),
        )
    };
    format!(
        "SELECT * FROM ({operator} UNION ALL {config} UNION ALL {dictionary} UNION ALL {parser} \
           UNION ALL {template} UNION ALL {cast} UNION ALL {rule} UNION ALL {event_trigger} \
           UNION ALL {publication} UNION ALL {wrapper} UNION ALL {server} UNION ALL {mapping} \
           UNION ALL {foreign_table} UNION ALL {range}) o ORDER BY 1, 2"
    )
}

pub(crate) fn read_others<C: GenericClient>(r: &mut Reader<C>, s: &mut Schema) -> Result<()> {
    for row in r.query(
        "operators, text search, casts, rules and foreign data",
        &others_query(),
    )? {
        let kind = OtherKind::from_name(&row.get::<_, String>(0)).ok_or_else(|| {
            IntrospectError::Query {
                what: "others",
                message: format!("unknown kind {}", row.get::<_, String>(0)),
            }
        })?;
        let reads: Vec<String> = row.get(7);
        let o = OtherObject {
            kind,
            name: QualName::new(row.get::<_, String>(1), row.get::<_, String>(2)),
            identity: row.get(3),
            target: row.get(4),
            definition: row.get(5),
            comment: row.get(6),
            reads: OtherReads(
                reads
                    .iter()
                    .filter_map(|r| r.split_once('\u{1f}'))
                    .map(|(ns, name)| QualName::new(ns, name))
                    .collect(),
            ),
        };
        s.others.insert(o.key(), o);
    }
    Ok(())
}
