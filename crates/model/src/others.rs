//! Kinds a schema holds that are compared by their whole definition, as
//! the server's catalog describes it: operators, text search
//! configurations, dictionaries, parsers and templates, casts, rules,
//! event triggers, publications, foreign-data wrappers, servers, user
//! mappings and foreign tables. Each is made by its definition, dropped by
//! its name, and made again when its definition changes.
//!
//! A file's definition is kept as written until a server has printed it
//! (see [`crate::Pending::others`]), as a view's query is.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// See the module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherKind {
    Operator,
    TextSearchConfiguration,
    TextSearchDictionary,
    TextSearchParser,
    TextSearchTemplate,
    Cast,
    Rule,
    EventTrigger,
    Publication,
    ForeignDataWrapper,
    Server,
    UserMapping,
    ForeignTable,
    /// `CREATE TYPE … AS RANGE`.
    RangeType,
}

impl OtherKind {
    pub const ALL: [OtherKind; 14] = [
        OtherKind::Operator,
        OtherKind::TextSearchConfiguration,
        OtherKind::TextSearchDictionary,
        OtherKind::TextSearchParser,
        OtherKind::TextSearchTemplate,
        OtherKind::Cast,
        OtherKind::Rule,
        OtherKind::EventTrigger,
        OtherKind::Publication,
        OtherKind::ForeignDataWrapper,
        OtherKind::Server,
        OtherKind::UserMapping,
        OtherKind::ForeignTable,
        OtherKind::RangeType,
    ];

    /// As SQL names the kind (`text search configuration`).
    pub fn name(self) -> &'static str {
        match self {
            OtherKind::Operator => "operator",
            OtherKind::TextSearchConfiguration => "text search configuration",
            OtherKind::TextSearchDictionary => "text search dictionary",
            OtherKind::TextSearchParser => "text search parser",
            OtherKind::TextSearchTemplate => "text search template",
            OtherKind::Cast => "cast",
            OtherKind::Rule => "rule",
            OtherKind::EventTrigger => "event trigger",
            OtherKind::Publication => "publication",
            OtherKind::ForeignDataWrapper => "foreign-data wrapper",
            OtherKind::Server => "server",
            OtherKind::UserMapping => "user mapping",
            OtherKind::ForeignTable => "foreign table",
            OtherKind::RangeType => "range type",
        }
    }

    pub fn from_name(name: &str) -> Option<OtherKind> {
        OtherKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Made before the tables, columns, indexes and views of a plan, which
    /// may use it (an index's operator, a generated column's text search
    /// configuration, a view over a foreign table); the others act on
    /// tables and come after them.
    pub fn early(self) -> bool {
        !matches!(
            self,
            OtherKind::Rule | OtherKind::EventTrigger | OtherKind::Publication
        )
    }

    /// Whether `COMMENT ON` takes it.
    pub fn commented(self) -> bool {
        self != OtherKind::UserMapping
    }
}

/// One object of an [`OtherKind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherObject {
    pub kind: OtherKind,
    /// Its schema and bare name, as other objects name it (`public`,
    /// `mb_simple`); no schema for what belongs to the database (a
    /// server, an event trigger), neither for a cast or a user mapping.
    pub name: crate::QualName,
    /// Its identity, as plans name it: `public.===(integer, integer)`,
    /// `public.mb_simple`, `(text AS public.slug)`, `r ON public.t`.
    pub identity: String,
    /// How `DROP` and `COMMENT ON` name it: `OPERATOR public.=== (integer,
    /// integer)`.
    pub target: String,
    /// The statements that make it, `;`-separated, as the catalog
    /// describes it (as written while the schema's [`crate::Pending`]
    /// lists it).
    pub definition: String,
    pub comment: Option<String>,
    /// The functions, types, relations and objects it uses, by name: for
    /// ordering only, not compared.
    #[serde(default, skip_serializing_if = "OtherReads::is_empty")]
    pub reads: OtherReads,
}

impl OtherObject {
    /// The key of [`crate::Schema::others`].
    pub fn key(&self) -> String {
        key(self.kind, &self.identity)
    }
}

/// The key of [`crate::Schema::others`] for an object of `kind`.
pub fn key(kind: OtherKind, identity: &str) -> String {
    format!("{} {identity}", kind.name())
}

/// See [`OtherObject::reads`].
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct OtherReads(pub BTreeSet<crate::QualName>);

impl OtherReads {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialEq for OtherReads {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for OtherReads {}

impl std::fmt::Debug for OtherReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OtherReads(..)")
    }
}
