//! The YAML format's Rails shortcuts, expanded into what a person would
//! otherwise write by hand, before anything else reads the file:
//!
//! - a column `user: { references: users }` (as `t.references :user`) is
//!   `user_id bigint`, an index `index_<table>_on_user_id` and a foreign
//!   key named as Rails names it (`fk_rails_…`), unless `index: false` /
//!   `foreign_key: false`;
//! - `commentable: { polymorphic: true }` is `commentable_type` (a string)
//!   and `commentable_id`, and an index `index_<table>_on_commentable` on
//!   both;
//! - a `join_tables:` entry is the table Rails' `create_join_table` makes.
//!
//! So a plan, a dump and a hand-written file see one model.

use crate::error::{ParseError, Result};
use crate::source::Loc;
use crate::yaml::{
    ColumnDef, ForeignKeyDef, IndexDef, JoinTableDef, SchemaFile, ShortcutForeignKey,
    ShortcutIndex, TableDef,
};
use indexmap::IndexMap;

/// `file` with every shortcut written out; `at` locates a key path.
pub(crate) fn expand(mut file: SchemaFile, at: &dyn Fn(&[&str]) -> Loc) -> Result<SchemaFile> {
    for (tname, table) in file.tables.iter_mut() {
        expand_table(tname, table, at)?;
    }
    for (i, jt) in std::mem::take(&mut file.join_tables)
        .into_iter()
        .enumerate()
    {
        let loc = at(&["join_tables"]);
        let (name, table) = join_table(&jt, &loc, i)?;
        if file.tables.contains_key(&name) {
            return Err(ParseError::new(
                loc,
                format!("join table {name} is also listed under `tables`"),
            ));
        }
        file.tables.insert(name, table);
    }
    Ok(file)
}

fn bare(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(_, n)| n)
}

fn expand_table(tname: &str, table: &mut TableDef, at: &dyn Fn(&[&str]) -> Loc) -> Result<()> {
    let bare_table = bare(tname).to_string();
    let mut columns: IndexMap<String, ColumnDef> = IndexMap::new();
    for (key, mut c) in std::mem::take(&mut table.columns) {
        let loc = at(&["tables", tname, "columns", &key]);
        if c.references.is_none() && !c.polymorphic {
            if c.foreign_key.is_some() || c.index.is_some() {
                return Err(ParseError::new(
                    loc,
                    "`foreign_key` and `index` go with `references` or `polymorphic`",
                ));
            }
            if c.data_type.trim().is_empty() {
                return Err(ParseError::new(loc, "a column needs `type`"));
            }
            insert(&mut columns, key, c, &loc)?;
            continue;
        }
        let id = format!("{key}_id");
        let index = c.index.take();
        let foreign_key = c.foreign_key.take();
        let references = c.references.take();
        if c.data_type.trim().is_empty() {
            c.data_type = "bigint".into();
        }
        let (index_columns, default_index) = if c.polymorphic {
            if references.is_some() {
                return Err(ParseError::new(
                    loc,
                    "a polymorphic association references no one table: leave out `references`",
                ));
            }
            if foreign_key.is_some() {
                return Err(ParseError::new(
                    loc,
                    "a polymorphic association has no foreign key",
                ));
            }
            let type_column = ColumnDef {
                data_type: "string".into(),
                null: c.null,
                ..Default::default()
            };
            insert(&mut columns, format!("{key}_type"), type_column, &loc)?;
            (
                vec![format!("{key}_type"), id.clone()],
                format!("index_{bare_table}_on_{key}"),
            )
        } else {
            (vec![id.clone()], format!("index_{bare_table}_on_{id}"))
        };
        c.polymorphic = false;
        insert(&mut columns, id.clone(), c, &loc)?;
        match index {
            Some(ShortcutIndex::Flag(false)) => {}
            Some(ShortcutIndex::Flag(true)) | None => table.indexes.push(IndexDef {
                columns: index_columns,
                name: Some(default_index),
                ..Default::default()
            }),
            Some(ShortcutIndex::Options(o)) => table.indexes.push(IndexDef {
                columns: index_columns,
                unique: o.unique,
                name: Some(o.name.unwrap_or(default_index)),
                ..Default::default()
            }),
        }
        if let Some(target) = references {
            let rails_name = crate::rails::hashed("fk", &format!("{bare_table}_{id}_fk"));
            let fk = |name: Option<String>| ForeignKeyDef {
                columns: vec![id.clone()],
                references: target.clone(),
                name: Some(name.unwrap_or_else(|| rails_name.clone())),
                ..Default::default()
            };
            match foreign_key {
                Some(ShortcutForeignKey::Flag(false)) => {}
                Some(ShortcutForeignKey::Flag(true)) | None => table.foreign_keys.push(fk(None)),
                Some(ShortcutForeignKey::Options(o)) => {
                    let mut def = fk(o.name);
                    def.on_delete = o.on_delete;
                    def.on_update = o.on_update;
                    def.deferrable = o.deferrable;
                    table.foreign_keys.push(def);
                }
            }
        }
    }
    table.columns = columns;
    Ok(())
}

fn insert(
    columns: &mut IndexMap<String, ColumnDef>,
    name: String,
    c: ColumnDef,
    loc: &Loc,
) -> Result<()> {
    if columns.contains_key(&name) {
        return Err(ParseError::new(
            loc.clone(),
            format!("column {name} is declared twice (a `references` or `polymorphic` key writes it too)"),
        ));
    }
    columns.insert(name, c);
    Ok(())
}

/// Rails' name for the join table of two tables: in order, joined by `_`,
/// a common prefix written once (`music_artists` + `music_records` →
/// `music_artists_records`).
fn join_table_name(a: &str, b: &str) -> String {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    // The longest shared prefix ending in `_` that leaves both non-empty.
    let prefix = first
        .char_indices()
        .rev()
        .filter(|(_, c)| *c == '_')
        .map(|(i, _)| &first[..=i])
        .find(|p| second.starts_with(p) && first.len() > p.len() && second.len() > p.len());
    match prefix {
        Some(p) => format!("{p}{}_{}", &first[p.len()..], &second[p.len()..]),
        None => format!("{first}_{second}"),
    }
}

fn join_table(jt: &JoinTableDef, loc: &Loc, i: usize) -> Result<(String, TableDef)> {
    let [a, b] = jt.tables.as_slice() else {
        return Err(ParseError::new(
            loc.clone(),
            format!("join_tables entry {}: `tables` names two tables", i + 1),
        ));
    };
    let name = jt
        .table_name
        .clone()
        .unwrap_or_else(|| join_table_name(bare(a), bare(b)));
    let mut table = TableDef {
        comment: jt.comment.clone(),
        ..Default::default()
    };
    let mut ids = Vec::new();
    for t in [a, b] {
        let id = format!("{}_id", crate::rails::singularize(bare(t)));
        table.columns.insert(
            id.clone(),
            ColumnDef {
                data_type: "bigint".into(),
                null: Some(false),
                ..Default::default()
            },
        );
        if jt.foreign_keys {
            table.foreign_keys.push(ForeignKeyDef {
                columns: vec![id.clone()],
                references: t.clone(),
                name: Some(crate::rails::hashed(
                    "fk",
                    &format!("{}_{id}_fk", bare(&name)),
                )),
                ..Default::default()
            });
        }
        ids.push(id);
    }
    if jt.unique {
        table.indexes.push(IndexDef {
            name: Some(format!("index_{}_on_{}", bare(&name), ids.join("_and_"))),
            columns: ids,
            unique: true,
            ..Default::default()
        });
    }
    Ok((name, table))
}

#[cfg(test)]
mod tests {
    use super::join_table_name;

    #[test]
    fn join_tables_are_named_as_rails_names_them() {
        assert_eq!(join_table_name("users", "roles"), "roles_users");
        assert_eq!(
            join_table_name("music_artists", "music_records"),
            "music_artists_records"
        );
        assert_eq!(join_table_name("posts", "tags"), "posts_tags");
    }
}

#[cfg(test)]
mod model_tests {
    use crate::{parse_sources, Source};

    #[test]
    fn shortcuts_give_the_model_a_hand_written_file_gives() {
        let short = r#"
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
  tags:
    columns:
      id: { type: bigint, primary_key: true }
  posts:
    columns:
      id: { type: bigint, primary_key: true }
      author: { references: users, null: false, foreign_key: { on_delete: cascade } }
      editor: { references: users, index: false, foreign_key: false }
      commentable: { polymorphic: true, index: { name: posts_subject } }
join_tables:
  - tables: [posts, tags]
    foreign_keys: true
    unique: true
"#;
        let by_hand = r#"
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
  tags:
    columns:
      id: { type: bigint, primary_key: true }
  posts:
    columns:
      id: { type: bigint, primary_key: true }
      author_id: { type: bigint, null: false }
      editor_id: { type: bigint }
      commentable_type: { type: string }
      commentable_id: { type: bigint }
    indexes:
      - { columns: [author_id], name: index_posts_on_author_id }
      - { columns: [commentable_type, commentable_id], name: posts_subject }
    foreign_keys:
      - { columns: [author_id], references: users, on_delete: cascade, name: fk_rails_8a7b1ad3ba }
  posts_tags:
    columns:
      post_id: { type: bigint, null: false }
      tag_id: { type: bigint, null: false }
    indexes:
      - { columns: [post_id, tag_id], unique: true, name: index_posts_tags_on_post_id_and_tag_id }
    foreign_keys:
      - { columns: [post_id], references: posts, name: FK_POST }
      - { columns: [tag_id], references: tags, name: FK_TAG }
"#
        .replace(
            "fk_rails_8a7b1ad3ba",
            &crate::rails::hashed("fk", "posts_author_id_fk"),
        )
        .replace(
            "FK_POST",
            &crate::rails::hashed("fk", "posts_tags_post_id_fk"),
        )
        .replace(
            "FK_TAG",
            &crate::rails::hashed("fk", "posts_tags_tag_id_fk"),
        );
        let a = parse_sources(&[Source::yaml("short.yaml", short)]).unwrap();
        let b = parse_sources(&[Source::yaml("by_hand.yaml", by_hand)]).unwrap();
        assert!(a == b, "{a:#?}\n---\n{b:#?}");
    }

    #[test]
    fn shortcut_mistakes_are_located() {
        let cases = [
            ("tables:\n  t:\n    columns:\n      a: { null: false }\n", "short.yaml:4:7: a column needs `type`"),
            ("tables:\n  t:\n    columns:\n      a: { type: int, index: false }\n", "short.yaml:4:7: `foreign_key` and `index` go with"),
            ("tables:\n  t:\n    columns:\n      a: { polymorphic: true, references: x }\n", "short.yaml:4:7: a polymorphic association references no one table"),
            ("tables:\n  t:\n    columns:\n      a_id: { type: int }\n      a: { references: x }\n", "short.yaml:5:7: column a_id is declared twice"),
        ];
        for (text, expected) in cases {
            let e = parse_sources(&[Source::yaml("short.yaml", text)])
                .unwrap_err()
                .to_string();
            assert!(e.starts_with(expected), "{expected}\n  got: {e}");
        }
    }
}
