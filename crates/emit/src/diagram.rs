//! Entity-relationship diagrams: Mermaid (which GitHub renders in a
//! comment) and Graphviz DOT.
//!
//! [`mermaid_changes`] draws the tables a plan touches — added, changed,
//! dropped — with each column marked the same way, and the foreign keys
//! between them and to the tables they reference. [`mermaid`] and [`dot`]
//! draw a whole schema.

use schemadiff_model::{ConstraintKind, QualName, Schema, Table};
use std::collections::{BTreeMap, BTreeSet};

/// How a table or column differs between two schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Same,
    Added,
    Changed,
    Dropped,
}

impl Mark {
    fn label(self) -> &'static str {
        match self {
            Mark::Same => "",
            Mark::Added => "added",
            Mark::Changed => "changed",
            Mark::Dropped => "dropped",
        }
    }

    fn sign(self) -> &'static str {
        match self {
            Mark::Same => "",
            Mark::Added => "+ ",
            Mark::Changed => "~ ",
            Mark::Dropped => "- ",
        }
    }
}

/// A Mermaid entity name: letters, digits, `_` and `-` (a schema's `.`
/// becomes `__`).
fn entity(name: &QualName) -> String {
    let raw = if name.schema == "public" {
        name.name.clone()
    } else {
        format!("{}__{}", name.schema, name.name)
    };
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn display(name: &QualName) -> String {
    if name.schema == "public" {
        name.name.clone()
    } else {
        format!("{}.{}", name.schema, name.name)
    }
}

/// A type as Mermaid takes it: a word with digits, `_`, `-`, `(`, `)`,
/// `[`, `]`.
fn mermaid_type(t: &str) -> String {
    let t = t
        .replace("character varying", "varchar")
        .replace("timestamp without time zone", "timestamp")
        .replace(" without time zone", "")
        .replace("timestamp with time zone", "timestamptz")
        .replace("double precision", "float8");
    let out: String = t
        .chars()
        .map(|c| match c {
            c if c.is_ascii_alphanumeric() => c,
            '(' | ')' | '[' | ']' | '_' | '-' => c,
            ',' => '-',
            _ => '_',
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out
    } else {
        format!("t_{out}")
    }
}

fn attribute_name(n: &str) -> String {
    let out: String = n
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out
    } else {
        format!("_{out}")
    }
}

/// Keys of a column: PK, FK, UK.
fn keys(table: &Table, column: &str) -> Vec<&'static str> {
    let mut k = Vec::new();
    for c in table.constraints.values() {
        let has = c.kind.columns().iter().any(|x| x == column);
        if !has {
            continue;
        }
        let key = match &c.kind {
            ConstraintKind::PrimaryKey { .. } => "PK",
            ConstraintKind::ForeignKey(_) => "FK",
            ConstraintKind::Unique { .. } => "UK",
            ConstraintKind::Check { .. } | ConstraintKind::Exclude { .. } => continue,
        };
        if !k.contains(&key) {
            k.push(key);
        }
    }
    k
}

/// One entity block: the columns of `after` (or of `before` when the
/// table is dropped), each marked against the other side.
fn entity_block(
    out: &mut String,
    name: &QualName,
    before: Option<&Table>,
    after: Option<&Table>,
    mark: Mark,
) {
    let label = match mark {
        Mark::Same => display(name),
        m => format!("{}{} ({})", m.sign(), display(name), m.label()),
    };
    out.push_str(&format!(
        "    {}[\"{}\"] {{\n",
        entity(name),
        label.replace('"', "'")
    ));
    let shown = after.or(before).expect("a table on one side");
    let mut rows: Vec<(String, String, Vec<&str>, Mark)> = Vec::new();
    for (cname, col) in &shown.columns {
        // Columns are marked within a changed table; an added or dropped
        // table's label says it all.
        let cmark = match (mark, before.and_then(|b| b.columns.get(cname))) {
            (Mark::Changed, None) => Mark::Added,
            (Mark::Changed, Some(old)) if old != col => Mark::Changed,
            _ => Mark::Same,
        };
        rows.push((
            mermaid_type(&col.data_type),
            attribute_name(cname),
            keys(shown, cname),
            cmark,
        ));
    }
    if let (Some(b), Some(_)) = (before, after) {
        for (cname, col) in &b.columns {
            if !shown.columns.contains_key(cname) {
                rows.push((
                    mermaid_type(&col.data_type),
                    attribute_name(cname),
                    keys(b, cname),
                    Mark::Dropped,
                ));
            }
        }
    }
    for (ty, n, k, m) in rows {
        let mut line = format!("        {ty} {n}");
        if !k.is_empty() {
            line.push(' ');
            line.push_str(&k.join(","));
        }
        if m != Mark::Same {
            line.push_str(&format!(" \"{}\"", m.label()));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("    }\n");
}

/// `parent ||--o{ child : "columns"` for each foreign key of `table`.
fn relationships(out: &mut String, name: &QualName, table: &Table) {
    for (cname, c) in &table.constraints {
        if let ConstraintKind::ForeignKey(fk) = &c.kind {
            let optional = fk
                .columns
                .iter()
                .any(|col| table.columns.get(col).is_some_and(|c| !c.not_null));
            out.push_str(&format!(
                "    {} {}--o{{ {} : \"{}\"\n",
                entity(&fk.ref_table),
                if optional { "|o" } else { "||" },
                entity(name),
                if fk.columns.len() == 1 {
                    fk.columns[0].clone()
                } else {
                    cname.clone()
                }
            ));
        }
    }
}

/// The tables that differ between `before` and `after`, with how.
fn touched(before: &Schema, after: &Schema) -> BTreeMap<QualName, Mark> {
    let mut out = BTreeMap::new();
    for (n, t) in &after.tables {
        match before.tables.get(n) {
            None => {
                out.insert(n.clone(), Mark::Added);
            }
            Some(old) if old != t => {
                out.insert(n.clone(), Mark::Changed);
            }
            Some(_) => {}
        }
    }
    for n in before.tables.keys() {
        if !after.tables.contains_key(n) {
            out.insert(n.clone(), Mark::Dropped);
        }
    }
    out
}

/// A Mermaid ER diagram of the tables that differ between `before` and
/// `after`, marked added, changed or dropped, with the tables their
/// foreign keys reference; `None` when no table differs.
pub fn mermaid_changes(before: &Schema, after: &Schema) -> Option<String> {
    let marks = touched(before, after);
    if marks.is_empty() {
        return None;
    }
    let mut out = String::from("erDiagram\n");
    let mut context: BTreeSet<QualName> = BTreeSet::new();
    for (n, mark) in &marks {
        let (b, a) = (before.tables.get(n), after.tables.get(n));
        entity_block(&mut out, n, b, a, *mark);
        if let Some(t) = a.or(b) {
            for c in t.constraints.values() {
                if let ConstraintKind::ForeignKey(fk) = &c.kind {
                    if !marks.contains_key(&fk.ref_table) {
                        context.insert(fk.ref_table.clone());
                    }
                }
            }
        }
    }
    // Referenced tables the plan leaves alone, without their columns.
    for n in &context {
        out.push_str(&format!("    {}[\"{}\"]\n", entity(n), display(n)));
    }
    for (n, mark) in &marks {
        let t = if *mark == Mark::Dropped {
            before.tables.get(n)
        } else {
            after.tables.get(n)
        };
        if let Some(t) = t {
            relationships(&mut out, n, t);
        }
    }
    Some(out)
}

/// A Mermaid ER diagram of every table of `schema`.
pub fn mermaid(schema: &Schema) -> String {
    let mut out = String::from("erDiagram\n");
    for (n, t) in &schema.tables {
        entity_block(&mut out, n, None, Some(t), Mark::Same);
    }
    for (n, t) in &schema.tables {
        relationships(&mut out, n, t);
    }
    out
}

/// A Graphviz DOT diagram of every table of `schema` (`dot -Tsvg`).
pub fn dot(schema: &Schema) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let node = |n: &QualName| format!("\"{}\"", display(n).replace('"', "\\\""));
    let mut out = String::from(
        "digraph schema {\n  graph [rankdir=LR];\n  node [shape=plaintext, fontname=\"Helvetica\"];\n  edge [arrowhead=crow, arrowtail=none, fontname=\"Helvetica\", fontsize=10];\n",
    );
    for (n, t) in &schema.tables {
        out.push_str(&format!(
            "  {} [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\"><tr><td bgcolor=\"lightgrey\" colspan=\"2\"><b>{}</b></td></tr>",
            node(n),
            esc(&display(n))
        ));
        for (cname, col) in &t.columns {
            let k = keys(t, cname);
            let name = if k.is_empty() {
                esc(cname)
            } else {
                format!("{} ({})", esc(cname), k.join(","))
            };
            out.push_str(&format!(
                "<tr><td align=\"left\">{name}</td><td align=\"left\">{}</td></tr>",
                esc(&col.data_type)
            ));
        }
        out.push_str("</table>>];\n");
    }
    for (n, t) in &schema.tables {
        for c in t.constraints.values() {
            if let ConstraintKind::ForeignKey(fk) = &c.kind {
                out.push_str(&format!(
                    "  {} -> {} [label=\"{}\"];\n",
                    node(&fk.ref_table),
                    node(n),
                    fk.columns.join(", ").replace('"', "\\\"")
                ));
            }
        }
    }
    out.push_str("}\n");
    out
}
