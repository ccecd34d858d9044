//! Table inheritance (`INHERITS`) as PostgreSQL understands it: a table
//! takes every column of its parents (type, collation, NOT NULL, default,
//! generation, storage, compression; not an identity or a comment) and
//! every check not marked `NO INHERIT`.
//!
//! The model keeps a table's own part only: a column or check it takes
//! from its parents unchanged is left out ([`Schema::fold_inherited`]), so
//! a child written with or without a parent's column, read from a file or
//! from a catalog, compares equal. What remains of an inherited column is
//! the child's change to it (its own default, say).

use crate::*;

impl Column {
    /// The column as a table inheriting it gets it.
    pub fn as_inherited(&self) -> Column {
        let mut c = self.clone();
        c.identity = None;
        c.identity_options = None;
        c.comment = None;
        c.not_null_name = None;
        c
    }

    /// Takes the parts of an inherited column that its parent changes
    /// from `was` to `is` (an `ALTER TABLE parent …` reaches every child).
    pub fn follow_parent(&mut self, was: &Column, is: &Column) {
        if was.data_type != is.data_type {
            self.data_type = is.data_type.clone();
        }
        if was.collation != is.collation {
            self.collation = is.collation.clone();
        }
        if was.not_null != is.not_null {
            self.not_null = is.not_null;
        }
        if was.default != is.default {
            self.default = is.default.clone();
        }
        if was.generated != is.generated || was.generated_virtual != is.generated_virtual {
            self.generated = is.generated.clone();
            self.generated_virtual = is.generated_virtual;
        }
        if was.storage != is.storage {
            self.storage = is.storage.clone();
        }
        if was.compression != is.compression {
            self.compression = is.compression.clone();
        }
    }
}

impl Schema {
    /// The tables `t` inherits from, nearest first then theirs, each once
    /// (bounded: a model, unlike a catalog, might hold a cycle).
    pub fn ancestors(&self, t: &Table) -> Vec<QualName> {
        let mut out: Vec<QualName> = Vec::new();
        let mut next: Vec<QualName> = t.inherits.clone();
        while let Some(n) = next.first().cloned() {
            next.remove(0);
            if out.contains(&n) || n == t.name {
                continue;
            }
            if let Some(p) = self.tables.get(&n) {
                next.extend(p.inherits.iter().cloned());
            }
            out.push(n);
        }
        out
    }

    /// The columns `t` takes from its parents, as they give them: the
    /// first parent's first; a name two parents have is taken once.
    pub fn inherited_columns(&self, t: &Table) -> IndexMap<String, Column> {
        self.inherited_columns_at(t, self.tables.len())
    }

    fn inherited_columns_at(&self, t: &Table, depth: usize) -> IndexMap<String, Column> {
        let mut out = IndexMap::new();
        if depth == 0 {
            return out;
        }
        for p in t.inherits.iter().filter_map(|p| self.tables.get(p)) {
            for (name, c) in self.effective_columns_at(p, depth - 1) {
                out.entry(name).or_insert_with(|| c.as_inherited());
            }
        }
        out
    }

    /// Every column of `t`: those it inherits, as it changed them, then its
    /// own.
    fn effective_columns_at(&self, t: &Table, depth: usize) -> IndexMap<String, Column> {
        let mut out = self.inherited_columns_at(t, depth);
        for (name, c) in &t.columns {
            out.insert(name.clone(), c.clone());
        }
        out
    }

    /// The checks `t` takes from its parents (every check of theirs, own or
    /// inherited, not marked `NO INHERIT`), by name.
    pub fn inherited_checks(&self, t: &Table) -> BTreeMap<String, Constraint> {
        let mut out = BTreeMap::new();
        for n in self.ancestors(t) {
            let Some(p) = self.tables.get(&n) else {
                continue;
            };
            for c in p.constraints.values() {
                if let ConstraintKind::Check {
                    no_inherit: false, ..
                } = c.kind
                {
                    let mut c = (**c).clone();
                    c.comment = None;
                    out.entry(c.name.clone()).or_insert(c);
                }
            }
        }
        out
    }

    /// The table at the top of `t`'s partition tree (`t` itself if it is
    /// no partition).
    pub fn partition_root(&self, t: &Table) -> QualName {
        self.partition_chain(t)
            .last()
            .map_or_else(|| t.name.clone(), |r| r.name.clone())
    }

    /// `t`, then its parent, up to the root of its partition tree (bounded:
    /// a model, unlike a catalog, might hold a cycle).
    fn partition_chain<'a>(&'a self, t: &'a Table) -> impl Iterator<Item = &'a Table> {
        std::iter::successors(Some(t), |at| {
            at.partition_of
                .as_ref()
                .and_then(|p| self.tables.get(&p.parent))
        })
        .take(self.tables.len() + 1)
    }

    /// The name PostgreSQL gives the index it makes on `partition` for
    /// its parent's index or key constraint `parent_index`:
    /// `partition_pkey`, `partition_columns_key` for a unique constraint,
    /// `partition_columns_idx` for an index (its key and included
    /// columns). `None` where the parent has no such index, or one on an
    /// expression (named after what the expression calls).
    pub fn default_partition_index_name(
        &self,
        partition: &Table,
        parent_index: &str,
    ) -> Option<String> {
        use crate::names::{join_columns, make_object_name};
        let parent = self.tables.get(&partition.partition_of.as_ref()?.parent)?;
        let me = partition.name.name.as_str();
        if let Some(i) = parent.indexes.get(parent_index) {
            let mut parts: Vec<&str> = Vec::new();
            for k in &i.keys {
                match &k.target {
                    IndexTarget::Column(c) => parts.push(c),
                    IndexTarget::Expression(_) => return None,
                }
            }
            parts.extend(i.include.iter().map(String::as_str));
            return Some(make_object_name(me, Some(&join_columns(&parts)), "idx"));
        }
        match &parent.constraints.get(parent_index)?.kind {
            ConstraintKind::PrimaryKey { .. } => Some(make_object_name(me, None, "pkey")),
            ConstraintKind::Unique { columns, .. } => {
                Some(make_object_name(me, Some(&join_columns(columns)), "key"))
            }
            _ => None,
        }
    }

    /// Keeps in [`Table::partition_index_names`] only the names that are
    /// not PostgreSQL's own choice (both readers first record every
    /// attached index's name).
    pub fn fit_partition_index_names(&mut self) {
        let mut fitted: Vec<(QualName, BTreeMap<String, String>)> = Vec::new();
        for t in self.tables.values() {
            if t.partition_index_names.is_empty() {
                continue;
            }
            let kept = t
                .partition_index_names
                .iter()
                .filter(|(p, own)| {
                    self.default_partition_index_name(t, p)
                        .is_some_and(|d| d != **own)
                })
                .map(|(p, own)| (p.clone(), own.clone()))
                .collect();
            fitted.push((t.name.clone(), kept));
        }
        for (name, kept) in fitted {
            if let Some(t) = self.tables.get_mut(&name) {
                t.partition_index_names = kept;
            }
        }
    }

    /// Leaves out of each partition the checks an ancestor has by the same
    /// name: a partition written out whole must hold its parent's checks
    /// to be attached, and from then on PostgreSQL keeps them as the
    /// parent's, not the partition's own (as if made with `PARTITION OF`).
    pub fn fold_partition_checks(&mut self) {
        let mut gone: Vec<(QualName, String)> = Vec::new();
        for t in self.tables.values().filter(|t| t.partition_of.is_some()) {
            let theirs: std::collections::BTreeSet<&str> = self
                .partition_chain(t)
                .skip(1)
                .flat_map(|a| a.constraints.values())
                .filter(|c| matches!(c.kind, ConstraintKind::Check { .. }))
                .map(|c| c.name.as_str())
                .collect();
            for c in t.constraints.values() {
                if matches!(c.kind, ConstraintKind::Check { .. })
                    && theirs.contains(c.name.as_str())
                {
                    gone.push((t.name.clone(), c.name.clone()));
                }
            }
        }
        for (t, c) in gone {
            if let Some(t) = self.tables.get_mut(&t) {
                t.constraints.remove(&c);
            }
        }
    }

    /// The default `column` of `t` has: a partition's own, else its
    /// parent's, up to the root's column.
    pub fn effective_default(&self, t: &Table, column: &str) -> Option<String> {
        let mut last = t;
        for at in self.partition_chain(t) {
            if let Some(d) = at.partition_defaults.get(column) {
                return d.clone();
            }
            last = at;
        }
        last.columns.get(column).and_then(|c| c.default.clone())
    }

    /// Before a partition's columns go (they are its parent's): the
    /// defaults of those `keep` says were read whole (a catalog's, a table
    /// written out and attached) that differ from its parent's, into
    /// [`Table::partition_defaults`].
    pub fn keep_partition_defaults(&mut self, keep: &dyn Fn(&QualName, &str) -> bool) {
        let mut found: Vec<(QualName, String, Option<String>)> = Vec::new();
        for t in self.tables.values() {
            let Some(p) = t.partition_of.as_ref() else {
                continue;
            };
            let Some(parent) = self.tables.get(&p.parent) else {
                continue;
            };
            for c in t.columns.values() {
                let Some(pc) = parent.columns.get(&c.name) else {
                    continue;
                };
                if c.default != pc.default && c.generated.is_none() && keep(&t.name, &c.name) {
                    found.push((t.name.clone(), c.name.clone(), c.default.clone()));
                }
            }
        }
        for (t, c, d) in found {
            if let Some(t) = self.tables.get_mut(&t) {
                t.partition_defaults.insert(c, d);
            }
        }
    }

    /// Leaves out of every inheriting table what it takes from its parents
    /// unchanged: the canonical form both sides of a diff are in.
    pub fn fold_inherited(&mut self) {
        // Per child: columns it takes unchanged, columns whose NOT NULL is
        // its parent's (PostgreSQL 18 names it so: no name of the child's
        // own), checks it takes unchanged.
        /// A child, and the names of its columns and checks as above.
        type Folded = (QualName, Vec<String>, Vec<String>, Vec<String>);
        let mut gone: Vec<Folded> = Vec::new();
        for t in self.tables.values().filter(|t| !t.inherits.is_empty()) {
            let columns = self.inherited_columns(t);
            let checks = self.inherited_checks(t);
            let (mut same, mut named) = (Vec::new(), Vec::new());
            for c in t.columns.values() {
                let Some(i) = columns.get(&c.name) else {
                    continue;
                };
                let mut mine = c.clone();
                mine.not_null_name = None;
                if c.comment.is_none() && c.identity.is_none() && *i == mine {
                    same.push(c.name.clone());
                } else if i.not_null {
                    named.push(c.name.clone());
                }
            }
            let cons: Vec<String> = t
                .constraints
                .values()
                .filter(|c| checks.get(&c.name).is_some_and(|i| *i == ***c))
                .map(|c| c.name.clone())
                .collect();
            gone.push((t.name.clone(), same, named, cons));
        }
        for (name, same, named, cons) in gone {
            let t = self.tables.get_mut(&name).expect("listed above");
            for c in same {
                t.columns.shift_remove(&c);
            }
            for c in named {
                if let Some(c) = t.columns.get_mut(&c) {
                    c.not_null_name = None;
                }
            }
            for c in cons {
                t.constraints.remove(&c);
            }
        }
    }
}
