//! Canonical type names: what PostgreSQL's `format_type()` prints.

/// What [`canonical_type`] made of a written type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeName {
    /// A built-in type, in canonical spelling (`character varying(40)`).
    Builtin(String),
    /// `serial`, `bigserial`, `smallserial`: an integer type plus an owned
    /// sequence and a `nextval()` default. Holds the integer type.
    Serial(String),
    /// Not a built-in: an enum, a domain or an extension's type. Holds the
    /// optional schema, the lower-cased name (unless quoted) and `[]` count.
    Other {
        schema: Option<String>,
        name: String,
        array: bool,
        /// The type's modifiers as the server prints them (`3` of
        /// `vector(3)`, `Polygon,4326` of `geometry(POLYGON, 4326)`): they
        /// are the type's business (its `typmodout`).
        modifiers: Option<String>,
    },
}

/// Largest value of an integer type, as sequences use it.
pub fn max_for_integer_type(data_type: &str) -> i64 {
    match data_type {
        "smallint" => i16::MAX as i64,
        "integer" => i32::MAX as i64,
        _ => i64::MAX,
    }
}

/// Built-in types whose name is printed unchanged and takes no modifier:
/// every type of `pg_catalog` that `format_type()` prints by its own name
/// (the same list on PostgreSQL 15 and 18), and the SQL spellings.
const PLAIN: &[&str] = &[
    "aclitem",
    "anyarray",
    "anycompatible",
    "anycompatiblearray",
    "anycompatiblemultirange",
    "anycompatiblenonarray",
    "anycompatiblerange",
    "anyelement",
    "anyenum",
    "anymultirange",
    "anynonarray",
    "anyrange",
    "bigint",
    "boolean",
    "box",
    "bytea",
    "cid",
    "cidr",
    "circle",
    "cstring",
    "date",
    "datemultirange",
    "daterange",
    "double precision",
    "event_trigger",
    "fdw_handler",
    "gtsvector",
    "index_am_handler",
    "inet",
    "int2vector",
    "int4multirange",
    "int4range",
    "int8multirange",
    "int8range",
    "integer",
    "internal",
    "json",
    "jsonb",
    "jsonpath",
    "language_handler",
    "line",
    "lseg",
    "macaddr",
    "macaddr8",
    "money",
    "name",
    "nummultirange",
    "numrange",
    "oid",
    "oidvector",
    "path",
    "pg_brin_bloom_summary",
    "pg_brin_minmax_multi_summary",
    "pg_ddl_command",
    "pg_dependencies",
    "pg_lsn",
    "pg_mcv_list",
    "pg_ndistinct",
    "pg_node_tree",
    "pg_snapshot",
    "point",
    "polygon",
    "real",
    "record",
    "refcursor",
    "regclass",
    "regcollation",
    "regconfig",
    "regdictionary",
    "regnamespace",
    "regoper",
    "regoperator",
    "regproc",
    "regprocedure",
    "regrole",
    "regtype",
    "smallint",
    "table_am_handler",
    "text",
    "tid",
    "trigger",
    "tsm_handler",
    "tsmultirange",
    "tsquery",
    "tsrange",
    "tstzmultirange",
    "tstzrange",
    "tsvector",
    "txid_snapshot",
    "unknown",
    "uuid",
    "void",
    "xid",
    "xid8",
    "xml",
];

/// Canonicalises a PostgreSQL type as written (`int4`, `varchar(40)`,
/// `timestamptz`, `text[]`, `"My Type"`) into what `format_type()` prints.
/// Returns an error message for malformed modifiers.
pub fn canonical_type(written: &str) -> Result<TypeName, String> {
    // A schema writes the same few types over and over: each is worked
    // out once per thread (a bounded memo; the function is pure).
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, Result<TypeName, String>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    SEEN.with(|seen| {
        if let Some(t) = seen.borrow().get(written) {
            return t.clone();
        }
        let t = canonical_type_of(written);
        let mut seen = seen.borrow_mut();
        if seen.len() >= 4096 {
            seen.clear();
        }
        seen.insert(written.to_string(), t.clone());
        t
    })
}

fn canonical_type_of(written: &str) -> Result<TypeName, String> {
    let mut s = written.trim().to_string();
    // Array suffixes: `[]`, `[3]`, repeated; PostgreSQL keeps no dimensions.
    let mut array = false;
    while s.ends_with(']') {
        let Some(open) = s.rfind('[') else {
            return Err(format!("unbalanced brackets in type `{written}`"));
        };
        s.truncate(open);
        s = s.trim_end().to_string();
        array = true;
    }
    let lower_kw = s.to_ascii_lowercase();
    if let Some(stripped) = lower_kw.strip_suffix(" array") {
        s = s[..stripped.len()].to_string();
        array = true;
    }
    let suffix = if array { "[]" } else { "" };

    // A quoted name of `pg_catalog` (pg_dump's --quote-all-identifiers
    // writes `"text"`) is that type: `"char"` and `"any"` are types of
    // their own, the others as written without quotes (`"int4"` is
    // integer). Quoted, an SQL keyword (`"integer"`) is no type's name.
    // `"bit"` is bit of any length, as PostgreSQL prints a cast to it
    // (`B'0101'::"bit"`); unquoted, `bit` is `bit(1)`.
    if let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        if matches!(inner, "char" | "any" | "bit") {
            return Ok(TypeName::Builtin(format!("\"{inner}\"{suffix}")));
        }
        const SQL_ONLY: [&str; 6] = [
            "bigint",
            "boolean",
            "integer",
            "smallint",
            "real",
            "double precision",
        ];
        const RENAMED: [&str; 15] = [
            "bool",
            "int8",
            "int2",
            "int4",
            "float4",
            "float8",
            "bpchar",
            "varchar",
            "time",
            "timestamp",
            "timestamptz",
            "timetz",
            "varbit",
            "numeric",
            "interval",
        ];
        let catalog =
            RENAMED.contains(&inner) || PLAIN.contains(&inner) && !SQL_ONLY.contains(&inner);
        if catalog {
            if let Ok(TypeName::Builtin(t)) = canonical_type_of(inner) {
                return Ok(TypeName::Builtin(format!(
                    "{}{suffix}",
                    t.trim_end_matches("[]")
                )));
            }
        }
    }
    // A quoted or schema-qualified name is never a built-in keyword type.
    if s.contains('"') || (s.contains('.') && !s.contains('(')) {
        let (schema, name) = split_qualified(&s)?;
        return Ok(TypeName::Other {
            schema,
            name,
            array,
            modifiers: None,
        });
    }

    let norm = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let norm = norm.to_ascii_lowercase();
    // Split `name(args) rest`.
    let (head, args, tail) = match norm.find('(') {
        Some(open) => {
            let close = norm[open..]
                .find(')')
                .map(|c| c + open)
                .ok_or_else(|| format!("unbalanced parentheses in type `{written}`"))?;
            (
                norm[..open].trim().to_string(),
                Some(norm[open + 1..close].replace(' ', "")),
                norm[close + 1..].trim().to_string(),
            )
        }
        None => (norm.clone(), None, String::new()),
    };
    let nums = |args: &Option<String>| -> Result<Vec<i64>, String> {
        match args {
            None => Ok(vec![]),
            Some(a) => a
                .split(',')
                .map(|p| {
                    p.parse::<i64>()
                        .map_err(|_| format!("type modifier `{p}` in `{written}` is not a number"))
                })
                .collect(),
        }
    };
    // Built-in types take numbers; an extension's may take words
    // (`geometry(Polygon, 4326)`), read below.
    const NUMBERED: [&str; 27] = [
        "int",
        "int4",
        "integer",
        "int8",
        "bigint",
        "int2",
        "smallint",
        "serial",
        "serial4",
        "bigserial",
        "serial8",
        "smallserial",
        "serial2",
        "float8",
        "float4",
        "float",
        "decimal",
        "numeric",
        "varchar",
        "character varying",
        "char varying",
        "bpchar",
        "char",
        "character",
        "bit",
        "varbit",
        "bit varying",
    ];
    let head_word = head.split(" with").next().unwrap_or(&head).trim();
    let n = match nums(&args) {
        Ok(n) => n,
        Err(e)
            if NUMBERED.contains(&head_word)
                || PLAIN.contains(&head_word)
                || matches!(
                    head_word,
                    "timestamp" | "timestamptz" | "time" | "timetz" | "interval"
                ) =>
        {
            return Err(e)
        }
        Err(_) => vec![],
    };
    let one = |base: &str| -> Result<String, String> {
        match n.as_slice() {
            [] => Ok(base.to_string()),
            // PostgreSQL's largest length for character types (and bits).
            [x] if (1..=10_485_760).contains(x) => Ok(format!("{base}({x})")),
            _ => Err(format!("`{written}` takes one length from 1 to 10485760")),
        }
    };
    let plain = |base: &str| -> Result<String, String> {
        if n.is_empty() {
            Ok(base.to_string())
        } else {
            Err(format!("type `{base}` takes no modifier"))
        }
    };
    // Time types: `timestamp(3) with time zone` and the `tz` spellings.
    let time_kind = |base: &str, with_tz: bool| -> Result<String, String> {
        let p = match n.as_slice() {
            [] => String::new(),
            [x] if (0..=6).contains(x) => format!("({x})"),
            _ => return Err(format!("precision of `{written}` must be 0 to 6")),
        };
        let zone = if with_tz { "with" } else { "without" };
        Ok(format!("{base}{p} {zone} time zone"))
    };
    let zone_tail = |tail: &str| -> Result<bool, String> {
        match tail {
            "" | "without time zone" => Ok(false),
            "with time zone" => Ok(true),
            _ => Err(format!("unknown type `{written}`")),
        }
    };
    // `timestamp with time zone` without parentheses has its zone in `head`.
    let (head, tail) = if args.is_none() {
        if let Some(h) = head.strip_suffix(" with time zone") {
            (h.to_string(), "with time zone".to_string())
        } else if let Some(h) = head.strip_suffix(" without time zone") {
            (h.to_string(), "without time zone".to_string())
        } else {
            (head, tail)
        }
    } else {
        (head, tail)
    };
    if !tail.is_empty() && head != "timestamp" && head != "time" {
        return Err(format!("unknown type `{written}`"));
    }

    let canonical = match head.as_str() {
        "int" | "int4" | "integer" => plain("integer")?,
        "int8" | "bigint" => plain("bigint")?,
        "int2" | "smallint" => plain("smallint")?,
        "serial" | "serial4" => return no_args(&n, written, TypeName::Serial("integer".into())),
        "bigserial" | "serial8" => return no_args(&n, written, TypeName::Serial("bigint".into())),
        "smallserial" | "serial2" => {
            return no_args(&n, written, TypeName::Serial("smallint".into()))
        }
        "float8" | "double precision" => plain("double precision")?,
        "float4" | "real" => plain("real")?,
        "float" => match n.as_slice() {
            [] => "double precision".to_string(),
            [p] if (1..=24).contains(p) => "real".to_string(),
            [p] if (25..=53).contains(p) => "double precision".to_string(),
            _ => return Err(format!("precision of `{written}` must be 1 to 53")),
        },
        "decimal" | "numeric" => match n.as_slice() {
            [] => "numeric".to_string(),
            [p] if (1..=1000).contains(p) => format!("numeric({p},0)"),
            [p, s] if (1..=1000).contains(p) && (-1000..=1000).contains(s) => {
                format!("numeric({p},{s})")
            }
            _ => return Err(format!("bad precision or scale in `{written}`")),
        },
        "bool" | "boolean" => plain("boolean")?,
        "varchar" | "character varying" | "char varying" => one("character varying")?,
        // `bpchar` alone has no length limit (`char` alone is `char(1)`).
        "bpchar" if n.is_empty() => "bpchar".to_string(),
        "char" | "character" | "bpchar" => match n.as_slice() {
            [] => "character(1)".to_string(),
            _ => one("character")?,
        },
        "bit" => match n.as_slice() {
            [] => "bit(1)".to_string(),
            _ => one("bit")?,
        },
        "varbit" | "bit varying" => one("bit varying")?,
        "timestamp" => time_kind("timestamp", zone_tail(&tail)?)?,
        "timestamptz" => time_kind("timestamp", true)?,
        "time" => time_kind("time", zone_tail(&tail)?)?,
        "timetz" => time_kind("time", true)?,
        "interval" => match n.as_slice() {
            [] => "interval".to_string(),
            [p] if (0..=6).contains(p) => format!("interval({p})"),
            _ => return Err(format!("precision of `{written}` must be 0 to 6")),
        },
        other if PLAIN.contains(&other) => {
            if !n.is_empty() {
                return Err(format!("type `{other}` takes no modifier"));
            }
            other.to_string()
        }
        other => {
            if other.contains(' ') || !tail.is_empty() {
                return Err(format!("unknown type `{written}`"));
            }
            // An extension's type with modifiers (`vector(1536)`,
            // `geometry(Polygon, 4326)`), as written, case kept.
            let modifiers = match (s.find('('), s.rfind(')')) {
                (Some(open), Some(close)) if args.is_some() && open < close => {
                    let inner: String = s[open + 1..close]
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    Some(type_modifiers(other, &inner)).filter(|m| !m.is_empty())
                }
                _ => None,
            };
            return Ok(TypeName::Other {
                schema: None,
                name: other.to_string(),
                array,
                modifiers,
            });
        }
    };
    Ok(TypeName::Builtin(format!("{canonical}{suffix}")))
}

/// An extension type's modifiers as its `typmodout` prints them: PostGIS
/// spells the shape in its own case and leaves out the SRID geometry has
/// by default (0), and writes the one geography has (4326); any other
/// type's as written, without spaces.
pub fn type_modifiers(name: &str, written: &str) -> String {
    if !matches!(name, "geometry" | "geography") {
        return written.to_string();
    }
    const SHAPES: [&str; 16] = [
        "Point",
        "LineString",
        "Polygon",
        "MultiPoint",
        "MultiLineString",
        "MultiPolygon",
        "GeometryCollection",
        "CircularString",
        "CompoundCurve",
        "CurvePolygon",
        "MultiCurve",
        "MultiSurface",
        "PolyhedralSurface",
        "Triangle",
        "Tin",
        "Geometry",
    ];
    let mut parts = written.split(',');
    let shape = parts.next().unwrap_or_default();
    let srid = parts.next().map(str::to_string);
    let upper = shape.to_ascii_uppercase();
    let (base, dims) = ["ZM", "Z", "M", ""]
        .iter()
        .find_map(|d| {
            let base = upper.strip_suffix(d)?;
            SHAPES
                .iter()
                .find(|s| s.eq_ignore_ascii_case(base))
                .map(|s| (*s, *d))
        })
        .unwrap_or((shape, ""));
    let srid = match (name, srid.as_deref()) {
        ("geography", None | Some("0")) => Some("4326".to_string()),
        ("geometry", Some("0")) => None,
        (_, s) => s.map(str::to_string),
    };
    match srid {
        // Any shape, no SRID: no modifier at all.
        None if base == "Geometry" && dims.is_empty() => String::new(),
        Some(srid) => format!("{base}{dims},{srid}"),
        None => format!("{base}{dims}"),
    }
}

fn no_args(n: &[i64], written: &str, t: TypeName) -> Result<TypeName, String> {
    if n.is_empty() {
        Ok(t)
    } else {
        Err(format!("`{written}` takes no modifier"))
    }
}

/// Splits `schema.name`, `"Schema"."Name"` or `name` into parts, folding
/// unquoted parts to lower case as PostgreSQL does.
pub fn split_qualified(s: &str) -> Result<(Option<String>, String), String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = s.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        cur.push('"');
                    }
                    Some('"') => break,
                    Some(c) => cur.push(c),
                    None => return Err(format!("unterminated quoted name `{s}`")),
                }
            },
            '.' => parts.push(std::mem::take(&mut cur)),
            c if c.is_whitespace() => {}
            c => cur.push(c.to_ascii_lowercase()),
        }
    }
    parts.push(cur);
    // As PostgreSQL's lexer: each name cut to 63 bytes.
    for p in &mut parts {
        let cut = crate::names::truncate_identifier(p).len();
        p.truncate(cut);
    }
    match parts.as_slice() {
        [name] if !name.is_empty() => Ok((None, name.clone())),
        [schema, name] if !schema.is_empty() && !name.is_empty() => {
            Ok((Some(schema.clone()), name.clone()))
        }
        _ => Err(format!("`{s}` is not a valid name")),
    }
}

/// True when values of `from` convert to `to` without a cast function and
/// without losing anything (PostgreSQL's binary-coercible widenings).
pub fn is_widening(from: &str, to: &str) -> bool {
    let len = |t: &str, base: &str| -> Option<Option<i64>> {
        if t == base {
            return Some(None);
        }
        t.strip_prefix(base)?
            .strip_prefix('(')?
            .strip_suffix(')')?
            .parse()
            .ok()
            .map(Some)
    };
    if to == "text" && len(from, "character varying").is_some() {
        return true;
    }
    if let (Some(a), Some(b)) = (len(from, "character varying"), len(to, "character varying")) {
        return match (a, b) {
            (_, None) => true,
            (Some(a), Some(b)) => b >= a,
            (None, Some(_)) => false,
        };
    }
    matches!(
        (from, to),
        ("smallint", "integer") | ("smallint", "bigint") | ("integer", "bigint")
    )
}

/// PostgreSQL's pseudo-types, which only a function's arguments and result
/// may use: `record`, `trigger`, `void`, `anyelement`, ...
pub fn pseudo_type(written: &str) -> Option<&'static str> {
    const PSEUDO: &[&str] = &[
        "any",
        "anyarray",
        "anycompatible",
        "anycompatiblearray",
        "anycompatiblemultirange",
        "anycompatiblenonarray",
        "anycompatiblerange",
        "anyelement",
        "anyenum",
        "anymultirange",
        "anynonarray",
        "anyrange",
        "cstring",
        "event_trigger",
        "fdw_handler",
        "index_am_handler",
        "internal",
        "language_handler",
        "record",
        "table_am_handler",
        "trigger",
        "tsm_handler",
        "void",
    ];
    let w = written.trim().to_ascii_lowercase();
    let w = w.strip_prefix("pg_catalog.").unwrap_or(&w);
    PSEUDO.iter().find(|p| **p == w).copied()
}

/// What PostgreSQL stores for `DEFAULT NULL` on a column of `data_type`:
/// nothing, unless the type has a modifier, whose length coercion keeps the
/// NULL as `NULL::character varying` (the type without its modifier).
/// What PostgreSQL keeps of a column default that reads as NULL (`text`,
/// deparsed) on a column of `data_type` (whose base type, through domains,
/// is `base`): nothing for a bare NULL constant of the column's own type,
/// else the expression the coercion left (checked on PostgreSQL 15:
/// `NULL::varchar` on text, NULL on a domain or on `varchar(20)` are
/// kept). `None` for a default that is not NULL.
pub fn stored_null_default(text: &str, data_type: &str, base: &str) -> Option<Option<String>> {
    if text == "NULL" {
        if base != data_type {
            // A domain: coerced to it, printed as its base type.
            return Some(null_default(base).or_else(|| Some(format!("NULL::{base}"))));
        }
        return Some(null_default(data_type));
    }
    // `NULL::type` and nothing more (no operator after the type).
    let cast = text.strip_prefix("NULL::")?;
    if cast.contains([
        '|', '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', ':', ',',
    ]) || cast.matches('(').count() != cast.matches(')').count()
    {
        return None;
    }
    Some(if cast == data_type && !data_type.contains('(') {
        None
    } else {
        Some(text.to_string())
    })
}

/// A type as a function's argument or result keeps it: PostgreSQL drops
/// the modifier (`numeric(7,4)` is `numeric`, `timestamp(3) without time
/// zone` is `timestamp without time zone`; checked on PostgreSQL 15).
pub fn without_typmod(data_type: &str) -> String {
    if data_type.starts_with('"') {
        return data_type.to_string();
    }
    match (data_type.find('('), data_type.find(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &data_type[..open], &data_type[close + 1..])
        }
        _ => data_type.to_string(),
    }
}

pub fn null_default(data_type: &str) -> Option<String> {
    if data_type.ends_with("[]") || !data_type.contains('(') {
        return None;
    }
    let open = data_type.find('(')?;
    let close = data_type.find(')')?;
    let base = format!("{}{}", &data_type[..open], &data_type[close + 1..]);
    let printed = match base.trim() {
        "character" => "bpchar".to_string(),
        "bit" => "\"bit\"".to_string(),
        b => b.to_string(),
    };
    Some(format!("NULL::{printed}"))
}

/// `(access method, column type, default operator class)`: the operator
/// class PostgreSQL picks for a key of that type when none is written, so a
/// key that names it explicitly is the same key (`pg_get_indexdef` leaves
/// it out). Checked on PostgreSQL 15 and 18 by a test.
pub const DEFAULT_OPCLASSES: &[(&str, &str, &str)] = &[
    ("btree", "smallint", "int2_ops"),
    ("btree", "integer", "int4_ops"),
    ("btree", "bigint", "int8_ops"),
    ("btree", "real", "float4_ops"),
    ("btree", "double precision", "float8_ops"),
    ("btree", "numeric", "numeric_ops"),
    ("btree", "boolean", "bool_ops"),
    ("btree", "text", "text_ops"),
    ("btree", "character varying", "text_ops"),
    ("btree", "character", "bpchar_ops"),
    ("btree", "bytea", "bytea_ops"),
    ("btree", "date", "date_ops"),
    ("btree", "time without time zone", "time_ops"),
    ("btree", "time with time zone", "timetz_ops"),
    ("btree", "timestamp without time zone", "timestamp_ops"),
    ("btree", "timestamp with time zone", "timestamptz_ops"),
    ("btree", "interval", "interval_ops"),
    ("btree", "uuid", "uuid_ops"),
    ("btree", "jsonb", "jsonb_ops"),
    ("btree", "inet", "inet_ops"),
    ("btree", "oid", "oid_ops"),
    ("hash", "smallint", "int2_ops"),
    ("hash", "integer", "int4_ops"),
    ("hash", "bigint", "int8_ops"),
    ("hash", "text", "text_ops"),
    ("hash", "character varying", "text_ops"),
    ("hash", "uuid", "uuid_ops"),
    ("hash", "date", "date_ops"),
    ("hash", "timestamp with time zone", "timestamptz_ops"),
    ("hash", "jsonb", "jsonb_ops"),
    ("gin", "jsonb", "jsonb_ops"),
    ("gin", "tsvector", "tsvector_ops"),
    ("gist", "tsvector", "tsvector_ops"),
    ("brin", "integer", "int4_minmax_ops"),
    ("brin", "bigint", "int8_minmax_ops"),
    ("brin", "date", "date_minmax_ops"),
    (
        "brin",
        "timestamp without time zone",
        "timestamp_minmax_ops",
    ),
    ("brin", "timestamp with time zone", "timestamptz_minmax_ops"),
];

/// Whether `opclass` is what `method` uses for a key of `data_type` when
/// none is written. Arrays take `array_ops` under btree, hash and gin.
pub fn is_default_opclass(method: &str, data_type: &str, opclass: &str) -> bool {
    let opclass = opclass.strip_prefix("pg_catalog.").unwrap_or(opclass);
    // `character varying(40)` and `numeric(10,2)` use their base type's class.
    let base = data_type.split('(').next().unwrap_or(data_type).trim();
    if data_type.ends_with("[]") {
        return opclass == "array_ops" && matches!(method, "btree" | "hash" | "gin");
    }
    DEFAULT_OPCLASSES
        .iter()
        .any(|(m, t, o)| *m == method && *t == base && *o == opclass)
}

/// The storage a built-in type gives its columns (`pg_type.typstorage`), as
/// `SET STORAGE` names it; `None` for a type this list does not know (a
/// user's type, say).
pub fn default_storage(data_type: &str) -> Option<&'static str> {
    if data_type.ends_with("[]") {
        return Some("extended");
    }
    // Without type modifiers: `timestamp(3) with time zone`, `numeric(10,2)`.
    let mut base = String::with_capacity(data_type.len());
    let mut depth = 0;
    for c in data_type.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => base.push(c),
            _ => {}
        }
    }
    Some(match base.trim() {
        "numeric" | "inet" | "cidr" => "main",
        "text" | "character varying" | "character" | "bytea" | "json" | "jsonb" | "xml"
        | "tsvector" | "tsquery" | "bit varying" | "bit" | "\"bit\"" | "path" | "polygon"
        | "txid_snapshot" | "pg_snapshot" => "extended",
        "smallint"
        | "integer"
        | "bigint"
        | "real"
        | "double precision"
        | "boolean"
        | "date"
        | "timestamp without time zone"
        | "timestamp with time zone"
        | "time without time zone"
        | "time with time zone"
        | "interval"
        | "uuid"
        | "money"
        | "oid"
        | "point"
        | "line"
        | "lseg"
        | "box"
        | "circle"
        | "macaddr"
        | "macaddr8"
        | "pg_lsn"
        | "name"
        | "\"char\"" => "plain",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> String {
        match canonical_type(s).unwrap() {
            TypeName::Builtin(t) => t,
            other => panic!("{s} gave {other:?}"),
        }
    }

    /// pg_dump --quote-all-identifiers writes `"text"`: a type of
    /// pg_catalog by its own name; an SQL keyword quoted names no type.
    #[test]
    fn quoted_catalog_types_are_those_types() {
        assert_eq!(b("\"text\""), "text");
        assert_eq!(b("\"int4\""), "integer");
        assert_eq!(b("\"timestamptz\""), "timestamp with time zone");
        assert_eq!(b("\"char\""), "\"char\"");
        assert_eq!(b("\"bit\""), "\"bit\"");
        assert_eq!(b("bit"), "bit(1)");
        assert_eq!(b("\"text\"[]"), "text[]");
        assert_eq!(b("regconfig"), "regconfig");
        assert!(matches!(
            canonical_type("\"integer\"").unwrap(),
            TypeName::Other { .. }
        ));
        assert!(matches!(
            canonical_type("\"Text\"").unwrap(),
            TypeName::Other { .. }
        ));
    }

    /// As PostGIS 3.3's and pgvector's typmodout print them.
    #[test]
    fn extension_modifiers_are_spelled_as_their_types_print_them() {
        let m = |t: &str| match canonical_type(t).unwrap() {
            TypeName::Other { modifiers, .. } => modifiers,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            m("geometry(POLYGON, 4326)").as_deref(),
            Some("Polygon,4326")
        );
        assert_eq!(m("geography(Point)").as_deref(), Some("Point,4326"));
        assert_eq!(m("geometry(pointz)").as_deref(), Some("PointZ"));
        assert_eq!(m("geometry(LineString, 0)").as_deref(), Some("LineString"));
        assert_eq!(
            m("geometry(MultiPolygonZM,3857)").as_deref(),
            Some("MultiPolygonZM,3857")
        );
        assert_eq!(m("geometry(Geometry,0)"), None);
        assert_eq!(m("geometry(GeometryZ,0)").as_deref(), Some("GeometryZ"));
        assert_eq!(m("geography(Geometry,0)").as_deref(), Some("Geometry,4326"));
        assert_eq!(m("vector(1536)").as_deref(), Some("1536"));
        assert_eq!(m("halfvec( 1024 )").as_deref(), Some("1024"));
        assert_eq!(m("vector"), None);
        assert!(canonical_type("varchar(abc)").is_err());
    }

    /// What PostgreSQL 15 kept of each NULL default (pg_get_expr).
    #[test]
    fn null_defaults_are_kept_as_the_server_keeps_them() {
        let kept = |text: &str, ty: &str, base: &str| stored_null_default(text, ty, base);
        assert_eq!(kept("NULL", "text", "text"), Some(None));
        assert_eq!(kept("NULL::text", "text", "text"), Some(None));
        assert_eq!(
            kept("NULL::character varying", "text", "text"),
            Some(Some("NULL::character varying".into()))
        );
        assert_eq!(
            kept("NULL", "character varying(20)", "character varying(20)"),
            Some(Some("NULL::character varying".into()))
        );
        assert_eq!(
            kept("NULL", "d", "bigint"),
            Some(Some("NULL::bigint".into()))
        );
        assert_eq!(
            kept("NULL", "dv", "character varying(10)"),
            Some(Some("NULL::character varying".into()))
        );
        assert_eq!(kept("NULL::integer", "integer", "integer"), Some(None));
        assert_eq!(
            kept("NULL::integer", "bigint", "bigint"),
            Some(Some("NULL::integer".into()))
        );
        assert_eq!(kept("now()", "timestamp", "timestamp"), None);
        assert_eq!(kept("NULL::text || 'x'::text", "text", "text"), None);
    }

    #[test]
    fn spells_types_as_format_type_does() {
        assert_eq!(b("int"), "integer");
        assert_eq!(b("INT4"), "integer");
        assert_eq!(b("varchar(40)"), "character varying(40)");
        assert_eq!(b("VARCHAR ( 40 )"), "character varying(40)");
        assert_eq!(b("varchar"), "character varying");
        assert_eq!(b("timestamptz"), "timestamp with time zone");
        assert_eq!(b("timestamp(6)"), "timestamp(6) without time zone");
        assert_eq!(b("timestamp with time zone"), "timestamp with time zone");
        assert_eq!(
            b("timestamp(3) with time zone"),
            "timestamp(3) with time zone"
        );
        assert_eq!(b("char"), "character(1)");
        assert_eq!(b("char(3)"), "character(3)");
        assert_eq!(b("varbit(4)"), "bit varying(4)");
        assert_eq!(b("numeric(10)"), "numeric(10,0)");
        assert_eq!(b("decimal(10, 2)"), "numeric(10,2)");
        assert_eq!(b("float"), "double precision");
        assert_eq!(b("float(10)"), "real");
        assert_eq!(b("int[]"), "integer[]");
        assert_eq!(b("text[][]"), "text[]");
        assert_eq!(b("time"), "time without time zone");
        assert_eq!(b("timetz"), "time with time zone");
    }

    #[test]
    fn serial_and_user_types_are_told_apart() {
        assert_eq!(
            canonical_type("bigserial").unwrap(),
            TypeName::Serial("bigint".into())
        );
        assert_eq!(
            canonical_type("Mood").unwrap(),
            TypeName::Other {
                schema: None,
                name: "mood".into(),
                array: false,
                modifiers: None,
            }
        );
        assert_eq!(
            canonical_type("app.\"Mood\"[]").unwrap(),
            TypeName::Other {
                schema: Some("app".into()),
                name: "Mood".into(),
                array: true,
                modifiers: None,
            }
        );
        assert!(canonical_type("varchar(x)").is_err());
        assert!(canonical_type("integer(4)").is_err());
    }

    #[test]
    fn widening_is_only_what_cannot_lose_data() {
        assert!(is_widening(
            "character varying(10)",
            "character varying(20)"
        ));
        assert!(is_widening("character varying(10)", "text"));
        assert!(!is_widening(
            "character varying(20)",
            "character varying(10)"
        ));
        assert!(is_widening("integer", "bigint"));
        assert!(!is_widening("bigint", "integer"));
    }
}
