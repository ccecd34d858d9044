//! Privileges: what roles other than an object's owner may do with it
//! (`GRANT` / `REVOKE`), and the default privileges objects get when they
//! are made (`ALTER DEFAULT PRIVILEGES`).
//!
//! An object's access list is kept only where it differs from what
//! PostgreSQL gives a new object of its kind with no default privileges
//! ([`hard_default`]): `EXECUTE` for `PUBLIC` on functions, `USAGE` for
//! `PUBLIC` on types, domains and the `public` schema, nothing elsewhere.
//! Entries for the owner are left out: ownership is out of scope.

use crate::{quote_ident, QualName};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Role → privilege (`SELECT`, `EXECUTE`, …) → whether it is held `WITH
/// GRANT OPTION`. `PUBLIC` stands for every role.
pub type Acl = BTreeMap<String, BTreeMap<String, bool>>;

/// The grantee that stands for every role.
pub const PUBLIC: &str = "PUBLIC";

/// An object that privileges are granted on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PrivObject {
    Schema(String),
    /// A table, view, materialized view (all `ON TABLE`).
    Table(QualName),
    Column(QualName, String),
    Sequence(QualName),
    /// A function or procedure, by [`crate::Function::key`].
    Function(String),
    /// An enum, composite type or domain.
    Type(QualName),
}

impl PrivObject {
    /// The kind of object default privileges are given by.
    pub fn default_kind(&self) -> Option<DefaultOn> {
        Some(match self {
            PrivObject::Schema(_) => DefaultOn::Schemas,
            PrivObject::Table(_) => DefaultOn::Tables,
            PrivObject::Column(..) => return None,
            PrivObject::Sequence(_) => DefaultOn::Sequences,
            PrivObject::Function(_) => DefaultOn::Functions,
            PrivObject::Type(_) => DefaultOn::Types,
        })
    }

    /// The schema it is in (a schema: none).
    pub fn schema(&self) -> Option<&str> {
        match self {
            PrivObject::Schema(_) => None,
            PrivObject::Function(key) => key.split_once('.').map(|(s, _)| s),
            PrivObject::Table(q)
            | PrivObject::Column(q, _)
            | PrivObject::Sequence(q)
            | PrivObject::Type(q) => Some(&q.schema),
        }
    }

    /// Every privilege the kind has, in the order PostgreSQL lists them;
    /// what `ALL` means.
    pub fn all(&self) -> &'static [&'static str] {
        match self {
            PrivObject::Schema(_) => &["USAGE", "CREATE"],
            PrivObject::Table(_) => &[
                "SELECT",
                "INSERT",
                "UPDATE",
                "DELETE",
                "TRUNCATE",
                "REFERENCES",
                "TRIGGER",
                "MAINTAIN",
            ],
            PrivObject::Column(..) => &["SELECT", "INSERT", "UPDATE", "REFERENCES"],
            PrivObject::Sequence(_) => &["USAGE", "SELECT", "UPDATE"],
            PrivObject::Function(_) => &["EXECUTE"],
            PrivObject::Type(_) => &["USAGE"],
        }
    }
}

/// How the text of a privilege target reads in a key of the YAML form and
/// in a plan: `table public.users`, `column public.users.email`,
/// `function public.f(integer)`.
impl fmt::Display for PrivObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrivObject::Schema(s) => write!(f, "schema {}", quote_ident(s)),
            PrivObject::Table(q) => write!(f, "table {q}"),
            PrivObject::Column(q, c) => write!(f, "column {q}.{}", quote_ident(c)),
            PrivObject::Sequence(q) => write!(f, "sequence {q}"),
            PrivObject::Function(k) => write!(f, "function {k}"),
            PrivObject::Type(q) => write!(f, "type {q}"),
        }
    }
}

/// The kinds `ALTER DEFAULT PRIVILEGES` gives privileges on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultOn {
    Tables,
    Sequences,
    Functions,
    Types,
    Schemas,
}

impl DefaultOn {
    pub const ALL: [DefaultOn; 5] = [
        DefaultOn::Tables,
        DefaultOn::Sequences,
        DefaultOn::Functions,
        DefaultOn::Types,
        DefaultOn::Schemas,
    ];

    /// As SQL writes it: `TABLES`.
    pub fn sql(self) -> &'static str {
        match self {
            DefaultOn::Tables => "TABLES",
            DefaultOn::Sequences => "SEQUENCES",
            DefaultOn::Functions => "FUNCTIONS",
            DefaultOn::Types => "TYPES",
            DefaultOn::Schemas => "SCHEMAS",
        }
    }

    /// `pg_default_acl.defaclobjtype`.
    pub fn from_catalog(c: &str) -> Option<DefaultOn> {
        Some(match c {
            "r" => DefaultOn::Tables,
            "S" => DefaultOn::Sequences,
            "f" => DefaultOn::Functions,
            "T" => DefaultOn::Types,
            "n" => DefaultOn::Schemas,
            _ => return None,
        })
    }

    /// A sample object of the kind, for [`PrivObject::all`].
    fn sample(self) -> PrivObject {
        let q = QualName::new("", "");
        match self {
            DefaultOn::Tables => PrivObject::Table(q),
            DefaultOn::Sequences => PrivObject::Sequence(q),
            DefaultOn::Functions => PrivObject::Function(String::new()),
            DefaultOn::Types => PrivObject::Type(q),
            DefaultOn::Schemas => PrivObject::Schema(String::new()),
        }
    }

    pub fn all(self) -> &'static [&'static str] {
        self.sample().all()
    }

    /// What an object of the kind gets with no default privileges.
    pub fn hard_default(self) -> Acl {
        hard_default(&self.sample())
    }
}

/// Whose new objects, in which schema (none: every schema), of which kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DefaultScope {
    /// The role whose objects get them; none: the role that applies the
    /// desired state (`ALTER DEFAULT PRIVILEGES` without `FOR ROLE`).
    pub role: Option<String>,
    pub schema: Option<String>,
    pub on: DefaultOn,
}

/// What the differ needs to know of a schema's privileges beyond them:
/// not compared.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct PrivilegeHints {
    /// Whether privileges are managed: the desired state mentions one (a
    /// user who never writes a `GRANT` never sees a `REVOKE`). Always so
    /// for a live database.
    pub managed: bool,
    /// The role a live database was read as: the one `apply` creates
    /// objects as.
    pub current_role: Option<String>,
    /// The server's `server_version_num` (`MAINTAIN` came in 17).
    pub server_version: Option<i32>,
    /// A live database's objects owned by another role than
    /// `current_role` (the rest are its): a grant to an object's owner is
    /// the owner's own entry, which is never modelled.
    #[serde(skip)]
    pub owners: BTreeMap<PrivObject, String>,
}

impl PartialEq for PrivilegeHints {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for PrivilegeHints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivilegeHints(..)")
    }
}

/// Every access list and default privilege that differs from PostgreSQL's
/// hard-wired defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Privileges {
    #[serde(default)]
    pub hints: PrivilegeHints,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub objects: BTreeMap<PrivObject, Acl>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub defaults: BTreeMap<DefaultScope, Acl>,
}

impl Privileges {
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty() && self.defaults.is_empty()
    }

    /// Leaves out what a server of `server_version` (`server_version_num`)
    /// does not have: `MAINTAIN` came in 17, and `ALL` means it from there.
    pub fn fit_server(&mut self, server_version: i32) {
        if server_version >= 170000 {
            return;
        }
        let objects = std::mem::take(&mut self.objects);
        for (o, mut acl) in objects {
            for privs in acl.values_mut() {
                privs.remove("MAINTAIN");
            }
            self.set_acl(o, acl);
        }
        let defaults = std::mem::take(&mut self.defaults);
        for (scope, mut acl) in defaults {
            for privs in acl.values_mut() {
                privs.remove("MAINTAIN");
            }
            self.set_default(scope, acl);
        }
    }

    /// The access list of `o` (its kind's default when none is kept).
    pub fn acl(&self, o: &PrivObject) -> Acl {
        self.objects
            .get(o)
            .cloned()
            .unwrap_or_else(|| hard_default(o))
    }

    /// Keeps `acl` for `o`, or forgets it when it is the kind's default.
    pub fn set_acl(&mut self, o: PrivObject, acl: Acl) {
        let acl = normalised(acl);
        if acl == hard_default(&o) {
            self.objects.remove(&o);
        } else {
            self.objects.insert(o, acl);
        }
    }

    /// The default privileges of a scope as they take effect: a scope
    /// without schema replaces the hard-wired defaults.
    pub fn default_acl(&self, scope: &DefaultScope) -> Acl {
        match self.defaults.get(scope) {
            Some(a) => a.clone(),
            None if scope.schema.is_none() => scope.on.hard_default(),
            None => Acl::new(),
        }
    }

    /// Keeps a scope's default privileges, or forgets them where they are
    /// what PostgreSQL has without any.
    pub fn set_default(&mut self, scope: DefaultScope, acl: Acl) {
        let acl = normalised(acl);
        let none = if scope.schema.is_none() {
            scope.on.hard_default()
        } else {
            Acl::new()
        };
        if acl == none {
            self.defaults.remove(&scope);
        } else {
            self.defaults.insert(scope, acl);
        }
    }

    /// What `o` gets when `role` (none: the applying role) makes it now:
    /// the defaults for every schema, or the hard-wired ones, plus those
    /// for its schema. Columns get nothing.
    pub fn initial_acl(&self, o: &PrivObject, role: &Option<String>) -> Acl {
        let Some(on) = o.default_kind() else {
            return Acl::new();
        };
        let global = DefaultScope {
            role: role.clone(),
            schema: None,
            on,
        };
        let mut acl = self.default_acl(&global);
        if on == DefaultOn::Schemas {
            // Schemas have no per-schema defaults; and `public` is made
            // with the database, not by the user.
            if matches!(o, PrivObject::Schema(s) if s == "public") {
                return hard_default(o);
            }
            return acl;
        }
        if let Some(schema) = o.schema() {
            let local = DefaultScope {
                role: role.clone(),
                schema: Some(schema.to_string()),
                on,
            };
            if let Some(extra) = self.defaults.get(&local) {
                merge(&mut acl, extra);
            }
        }
        acl
    }
}

/// Adds the entries of `extra` to `acl` (a grant option wins).
pub fn merge(acl: &mut Acl, extra: &Acl) {
    for (role, privs) in extra {
        let mine = acl.entry(role.clone()).or_default();
        for (p, g) in privs {
            let e = mine.entry(p.clone()).or_insert(false);
            *e |= *g;
        }
    }
}

/// Without roles that hold nothing.
pub fn normalised(mut acl: Acl) -> Acl {
    acl.retain(|_, p| !p.is_empty());
    acl
}

/// What PostgreSQL gives an object of `o`'s kind with no default
/// privileges, owner aside.
pub fn hard_default(o: &PrivObject) -> Acl {
    let public =
        |p: &str| Acl::from([(PUBLIC.to_string(), BTreeMap::from([(p.to_string(), false)]))]);
    match o {
        PrivObject::Function(_) => public("EXECUTE"),
        PrivObject::Type(_) => public("USAGE"),
        PrivObject::Schema(s) if s == "public" => public("USAGE"),
        _ => Acl::new(),
    }
}

/// A grantee as SQL writes it: `PUBLIC`, or the role's name quoted where
/// needed.
pub fn grantee_sql(role: &str) -> String {
    if role == PUBLIC {
        PUBLIC.to_string()
    } else {
        quote_ident(role)
    }
}

/// Privileges in the order PostgreSQL lists them, for `kind`.
pub fn ordered<'a>(privs: impl IntoIterator<Item = &'a String>, all: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = privs.into_iter().cloned().collect();
    v.sort_by_key(|p| all.iter().position(|a| a == p).unwrap_or(usize::MAX));
    v
}

/// A privilege name from its `aclexplode()` spelling or any case.
pub fn privilege_name(p: &str) -> String {
    p.trim().to_ascii_uppercase()
}

impl crate::Schema {
    /// Every object of `s` that privileges are granted on.
    pub fn privileged_objects(&self) -> Vec<PrivObject> {
        self.privileged_objects_where(|_| true)
    }

    /// [`Self::privileged_objects`], with the columns only of the tables
    /// and views `columns_of` picks, in the same order (a large schema has
    /// many columns, and a column never holds a privilege by default).
    pub fn privileged_objects_where(
        &self,
        columns_of: impl Fn(&QualName) -> bool,
    ) -> Vec<PrivObject> {
        let s = self;
        let mut v = vec![PrivObject::Schema("public".into())];
        v.extend(s.schemas.keys().map(|n| PrivObject::Schema(n.clone())));
        for (q, t) in &s.tables {
            v.push(PrivObject::Table(q.clone()));
            if columns_of(q) {
                v.extend(
                    t.columns
                        .keys()
                        .map(|c| PrivObject::Column(q.clone(), c.clone())),
                );
            }
        }
        for (q, view) in &s.views {
            v.push(PrivObject::Table(q.clone()));
            if columns_of(q) {
                v.extend(
                    view.columns
                        .keys()
                        .map(|c| PrivObject::Column(q.clone(), c.clone())),
                );
            }
        }
        v.extend(s.sequences.keys().map(|q| PrivObject::Sequence(q.clone())));
        v.extend(s.functions.keys().map(|k| PrivObject::Function(k.clone())));
        v.extend(
            s.enums
                .keys()
                .chain(s.domains.keys())
                .chain(s.composites.keys())
                .map(|q| PrivObject::Type(q.clone())),
        );
        v
    }

    /// Whether `s` holds `o`.
    pub fn holds_privileged(&self, o: &PrivObject) -> bool {
        let s = self;
        match o {
            PrivObject::Schema(n) => n == "public" || s.schemas.contains_key(n),
            PrivObject::Table(q) => s.tables.contains_key(q) || s.views.contains_key(q),
            PrivObject::Column(q, c) => {
                s.tables.get(q).is_some_and(|t| t.columns.contains_key(c))
                    || s.views.get(q).is_some_and(|v| v.columns.contains_key(c))
            }
            PrivObject::Sequence(q) => s.sequences.contains_key(q),
            PrivObject::Function(k) => s.functions.contains_key(k),
            PrivObject::Type(q) => {
                s.enums.contains_key(q) || s.domains.contains_key(q) || s.composites.contains_key(q)
            }
        }
    }
}
