//! Rails' `db/schema.rb` as a desired state: read as the SQL Rails runs
//! for it on PostgreSQL (`db:schema:load`), then by the SQL reader.
//!
//! The SQL is written line for line: what a line of `schema.rb` declares
//! sits on the same line of the generated text, and locations report the
//! Ruby's column, so an error the SQL reader finds points into `schema.rb`.
//!
//! Types and defaults follow Rails 7.1+ on PostgreSQL (`datetime` is
//! `timestamp(6)` unless `precision: nil`; `string` has no limit); a file in
//! the older `ActiveRecord::Schema.define` form, or `Schema[6.1]` and
//! before, gets what those versions give (`datetime` is `timestamp`).
//! Names Rails leaves out of the file because they follow its pattern
//! (`fk_rails_…`, `chk_rails_…`, a foreign key's `user_id` column) are
//! computed as Rails computes them.

mod inflect;
mod ruby;

use crate::error::{ParseError, Result};
use crate::source::Source;
use ruby::{Call, Kind, Value};
use schemadiff_model::{quote_ident, quote_literal};
use sha2::{Digest, Sha256};

/// The SQL for a `schema.rb`, as a source named like it.
pub(crate) fn to_sql(src: &Source) -> Result<Source> {
    let file = ruby::parse_file(src)?;
    let mut w = Writer {
        src,
        out: String::new(),
        line: 1,
        columns: vec![1],
        after: Vec::new(),
        precision_six: file.version.is_some_and(|(major, _)| major >= 7),
        table_columns: Default::default(),
    };
    for call in &file.body {
        w.top(call)?;
    }
    w.flush_after();
    let text = w.out;
    Ok(Source::sql(src.name.clone(), text).with_columns(w.columns))
}

struct Writer<'a> {
    src: &'a Source,
    out: String,
    /// The line `out` is on.
    line: usize,
    /// The Ruby column each line of `out` reports.
    columns: Vec<usize>,
    /// Statements that wait for the current `CREATE TABLE` to close
    /// (comments on it and its columns).
    after: Vec<String>,
    /// Rails 7.0+: `datetime` is `timestamp(6)`.
    precision_six: bool,
    /// The columns each `create_table` wrote, by the table's name as
    /// written: a foreign key's default column is looked up there.
    table_columns: std::collections::HashMap<String, std::collections::HashSet<String>>,
}

fn err(src: &Source, at: usize, msg: impl Into<String>) -> ParseError {
    ParseError::new(src.loc(at), msg)
}

/// `"audit.events"` → `audit.events` quoted as needed.
fn qualified(name: &str) -> String {
    match name.split_once('.') {
        Some((schema, table)) => format!("{}.{}", quote_ident(schema), quote_ident(table)),
        None => quote_ident(name),
    }
}

/// The name without its schema.
fn bare(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(_, n)| n)
}

pub(crate) use inflect::singularize;

/// Rails' `…_rails_<10 hex digits>` names.
pub(crate) fn hashed(prefix: &str, identifier: &str) -> String {
    let digest = Sha256::digest(identifier.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}_rails_{}", &hex[..10])
}

impl<'a> Writer<'a> {
    /// Moves the output to the line of `at` (never back) and records the
    /// Ruby column there.
    fn at(&mut self, at: usize) {
        let loc = self.src.loc(at);
        if self.line < loc.line {
            while self.line < loc.line {
                self.out.push('\n');
                self.line += 1;
                self.columns.push(loc.column);
            }
        } else if self.out.ends_with('\n') || self.out.is_empty() {
            if let Some(c) = self.columns.last_mut() {
                *c = loc.column;
            }
        }
    }

    fn push(&mut self, text: &str) {
        for c in text.chars() {
            self.out.push(c);
            if c == '\n' {
                self.line += 1;
                let last = *self.columns.last().unwrap_or(&1);
                self.columns.push(last);
            }
        }
    }

    /// A whole statement, at `at`.
    fn statement(&mut self, at: usize, sql: &str) {
        self.at(at);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.push(" ");
        }
        self.push(sql);
        self.push(";");
    }

    fn flush_after(&mut self) {
        for s in std::mem::take(&mut self.after) {
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.push(" ");
            }
            self.push(&s);
            self.push(";");
        }
    }

    fn top(&mut self, call: &Call) -> Result<()> {
        if call.receiver.is_some() {
            return Err(self.unknown(call, "at the top of a schema"));
        }
        match call.name.as_str() {
            "enable_extension" => self.extension(call),
            "create_schema" => {
                let o = Opts::new(self.src, call, &["if_not_exists", "force"])?;
                let name = o.string_arg(0, "the schema's name")?;
                o.no_more_args(1)?;
                self.statement(call.at, &format!("CREATE SCHEMA {}", quote_ident(&name)));
                Ok(())
            }
            "create_enum" => {
                let o = Opts::new(self.src, call, &["if_not_exists", "force"])?;
                let name = o.string_arg(0, "the type's name")?;
                let values = match call.args.get(1) {
                    Some(Value {
                        kind: Kind::Array(items),
                        ..
                    }) => items
                        .iter()
                        .map(|v| text_of(self.src, v, "an enum value"))
                        .collect::<Result<Vec<_>>>()?,
                    _ => {
                        return Err(err(
                            self.src,
                            call.at,
                            "create_enum takes a name and an array of values",
                        ))
                    }
                };
                o.no_more_args(2)?;
                let labels: Vec<String> = values.iter().map(|v| quote_literal(v)).collect();
                self.statement(
                    call.at,
                    &format!(
                        "CREATE TYPE {} AS ENUM ({})",
                        qualified(&name),
                        labels.join(", ")
                    ),
                );
                Ok(())
            }
            "create_table" => self.create_table(call),
            "add_foreign_key" => self.foreign_key(call),
            // `t.index` and `t.check_constraint` outside the block: the
            // table's name first.
            "add_index" | "add_check_constraint" => {
                let Some(first) = call.args.first() else {
                    return Err(err(
                        self.src,
                        call.at,
                        format!("{} takes the table's name first", call.name),
                    ));
                };
                let name = text_of(self.src, first, "the table's name")?;
                let rest = Call {
                    args: call.args[1..].to_vec(),
                    ..call.clone()
                };
                let sql = if call.name == "add_index" {
                    self.index(&name, &rest)?
                } else {
                    self.check(&name, &rest)?
                };
                self.statement(call.at, &sql);
                Ok(())
            }
            "create_view" => self.view(call),
            "create_function" | "create_trigger" => self.fx(call),
            _ => Err(self.unknown(call, "at the top of a schema")),
        }
    }

    fn unknown(&self, call: &Call, place: &str) -> ParseError {
        let name = match &call.receiver {
            Some(r) => format!("{r}.{}", call.name),
            None => call.name.clone(),
        };
        err(
            self.src,
            call.at,
            format!(
                "`{name}` {place}: not something Rails' schema dumper writes for PostgreSQL, so not read; \
                 put what it makes in a .sql file beside schema.rb (--schema db/schema.rb --schema db/extra.sql), \
                 or leave it out with --exclude"
            ),
        )
    }

    fn extension(&mut self, call: &Call) -> Result<()> {
        let o = Opts::new(self.src, call, &["schema", "if_not_exists"])?;
        let name = o.string_arg(0, "the extension's name")?;
        o.no_more_args(1)?;
        // Rails 8 writes `pg_catalog.plpgsql`.
        let (schema, ext) = match name.split_once('.') {
            Some((s, e)) => (Some(s.to_string()), e.to_string()),
            None => (o.string("schema")?, name.clone()),
        };
        // PL/pgSQL is in every database; it is no part of a schema.
        if ext == "plpgsql" {
            return Ok(());
        }
        let schema = match schema {
            Some(s) if s != "public" => format!(" SCHEMA {}", quote_ident(&s)),
            _ => String::new(),
        };
        self.statement(
            call.at,
            &format!(
                "CREATE EXTENSION IF NOT EXISTS {}{schema}",
                quote_ident(&ext)
            ),
        );
        Ok(())
    }

    /// The fx gem's `create_function :name, sql_definition: <<-SQL … SQL`
    /// and `create_trigger`: the definition PostgreSQL printed
    /// (`pg_get_functiondef`, `pg_get_triggerdef`), read as SQL.
    fn fx(&mut self, call: &Call) -> Result<()> {
        let o = Opts::new(self.src, call, &["sql_definition", "version", "on"])?;
        o.string_arg(0, "the name")?;
        o.no_more_args(1)?;
        let Some(sql) = o.string("sql_definition")? else {
            return Err(err(
                self.src,
                call.at,
                format!(
                    "{} without sql_definition: (fx's `version:` files are not read; \
                     set `Fx.configuration.dump_functions_at_beginning_of_schema` or inline them \
                     by dumping the schema with fx)",
                    call.name
                ),
            ));
        };
        let body = sql.trim().trim_end_matches(';').trim_end();
        self.statement(call.at, body);
        Ok(())
    }

    fn view(&mut self, call: &Call) -> Result<()> {
        let o = Opts::new(
            self.src,
            call,
            &["sql_definition", "materialized", "version", "force"],
        )?;
        let name = o.string_arg(0, "the view's name")?;
        o.no_more_args(1)?;
        let Some(sql) = o.string("sql_definition")? else {
            return Err(err(
                self.src,
                call.at,
                "create_view without sql_definition: (scenic's `version:` files are not read; \
                 run `rails db:schema:dump` with scenic to inline them)",
            ));
        };
        let materialized = match o.get("materialized") {
            None => false,
            Some(v) => match &v.kind {
                Kind::Bool(b) => *b,
                // `materialized: { no_data: true }`
                Kind::Hash(_) => true,
                other => {
                    return Err(err(
                        self.src,
                        v.at,
                        format!(
                            "materialized: takes true or false, not {}",
                            other.describe()
                        ),
                    ))
                }
            },
        };
        let body = sql.trim().trim_end_matches(';').trim_end();
        self.statement(
            call.at,
            &format!(
                "CREATE {}VIEW {} AS\n{body}",
                if materialized { "MATERIALIZED " } else { "" },
                qualified(&name)
            ),
        );
        Ok(())
    }

    fn create_table(&mut self, call: &Call) -> Result<()> {
        let o = Opts::new(
            self.src,
            call,
            &[
                "id",
                "primary_key",
                "force",
                "comment",
                "options",
                "default",
                "if_not_exists",
                "limit",
                "unlogged",
            ],
        )?;
        let name = o.string_arg(0, "the table's name")?;
        o.no_more_args(1)?;
        let table = qualified(&name);
        let Some(block) = &call.block else {
            return Err(err(
                self.src,
                call.at,
                "create_table without its `do |t| … end` block",
            ));
        };
        let param = block.param.clone().unwrap_or_else(|| "t".into());
        // The primary key: `id:` gives its type (or false for none),
        // `primary_key:` its name or several columns.
        let pk_names: Option<Vec<String>> = match o.get("primary_key") {
            None => None,
            Some(v) => Some(match &v.kind {
                Kind::Array(items) => items
                    .iter()
                    .map(|i| text_of(self.src, i, "a primary key column"))
                    .collect::<Result<_>>()?,
                _ => vec![text_of(self.src, v, "the primary key's name")?],
            }),
        };
        let mut id_opts = PkSpec::default();
        let mut implicit_pk = true;
        match o.get("id") {
            None => {}
            Some(Value {
                kind: Kind::Bool(false),
                ..
            }) => implicit_pk = false,
            Some(Value {
                kind: Kind::Hash(pairs),
                ..
            }) => {
                for (k, v) in pairs {
                    let key = text_of(self.src, k, "an option")?;
                    match key.as_str() {
                        "type" => id_opts.kind = Some(text_of(self.src, v, "a type")?),
                        "default" => id_opts.default = Some(v.clone()),
                        "limit" => id_opts.limit = Some(v.clone()),
                        "comment" => id_opts.comment = Some(text_of(self.src, v, "a comment")?),
                        other => {
                            return Err(err(
                                self.src,
                                k.at,
                                format!("id: {{ {other}: … }} is not an option Rails writes"),
                            ))
                        }
                    }
                }
            }
            Some(v) => id_opts.kind = Some(text_of(self.src, v, "the primary key's type")?),
        }
        if let Some(d) = o.get("default") {
            id_opts.default = Some(d.clone());
        }
        if let Some(l) = o.get("limit") {
            id_opts.limit = Some(l.clone());
        }
        if o.get("unlogged").is_some() {
            return Err(err(
                self.src,
                call.at,
                "unlogged tables are not modelled yet",
            ));
        }
        let composite = pk_names.as_ref().is_some_and(|p| p.len() > 1);
        let mut lines: Vec<(usize, String)> = Vec::new();
        let mut after_create: Vec<(usize, String)> = Vec::new();
        if implicit_pk && !composite {
            let pk = pk_names
                .as_ref()
                .and_then(|p| p.first().cloned())
                .unwrap_or_else(|| "id".into());
            let def = self.pk_column(&pk, &id_opts, call.at)?;
            lines.push((call.at, def));
            self.pk_comment(&table, &pk, &id_opts);
        }
        // Elements of the block in order: columns go into CREATE TABLE
        // until anything else comes, then each is a statement of its own.
        let mut in_create = true;
        for c in &block.body {
            if c.receiver.as_deref() != Some(param.as_str()) {
                return Err(self.unknown(c, "inside create_table"));
            }
            match c.name.as_str() {
                "index" => {
                    in_create = false;
                    let sql = self.index(&name, c)?;
                    after_create.push((c.at, sql));
                }
                "check_constraint" => {
                    in_create = false;
                    let sql = self.check(&name, c)?;
                    after_create.push((c.at, sql));
                }
                "exclusion_constraint" => {
                    in_create = false;
                    let sql = self.exclusion(&name, c)?;
                    after_create.push((c.at, sql));
                }
                "unique_constraint" => {
                    in_create = false;
                    let sql = self.unique(&name, c)?;
                    after_create.push((c.at, sql));
                }
                // `t.primary_key "name" [, type] [, default:, limit:]`: the
                // key made as create_table's own.
                "primary_key" => {
                    let o = Opts::new(self.src, c, &["default", "limit", "comment"])?;
                    let pk = o.string_arg(0, "the primary key's name")?;
                    o.no_more_args(2)?;
                    let spec = PkSpec {
                        kind: match c.args.get(1) {
                            Some(v) => Some(text_of(self.src, v, "the primary key's type")?),
                            None => None,
                        },
                        default: o.get("default").cloned(),
                        limit: o.get("limit").cloned(),
                        comment: match o.get("comment") {
                            Some(v) => Some(text_of(self.src, v, "a comment")?),
                            None => None,
                        },
                    };
                    let def = self.pk_column(&pk, &spec, c.at)?;
                    push_column(&mut lines, &mut after_create, in_create, &table, c.at, def);
                    self.pk_comment(&table, &pk, &spec);
                }
                "timestamps" => {
                    let o = Opts::new(self.src, c, &["null", "precision", "default"])?;
                    o.no_more_args(0)?;
                    for col in ["created_at", "updated_at"] {
                        let mut fake = c.clone();
                        fake.name = "datetime".into();
                        fake.args = vec![Value {
                            kind: Kind::Str(col.into()),
                            at: c.at,
                        }];
                        if o.get("null").is_none() {
                            fake.kwargs.push((
                                "null".into(),
                                c.at,
                                Value {
                                    kind: Kind::Bool(false),
                                    at: c.at,
                                },
                            ));
                        }
                        // Since Rails 6.0 `timestamps` makes them to the
                        // microsecond unless told otherwise.
                        if o.get("precision").is_none() {
                            fake.kwargs.push((
                                "precision".into(),
                                c.at,
                                Value {
                                    kind: Kind::Int("6".into()),
                                    at: c.at,
                                },
                            ));
                        }
                        let (def, comment) = self.column(&name, &fake)?;
                        push_column(&mut lines, &mut after_create, in_create, &table, c.at, def);
                        if let Some(cm) = comment {
                            self.after.push(cm);
                        }
                    }
                }
                "references" | "belongs_to" => {
                    return Err(err(
                        self.src,
                        c.at,
                        format!(
                            "t.{} is a migration helper Rails' schema dumper never writes; write the column \
                             (t.bigint \"user_id\"), its index and add_foreign_key",
                            c.name
                        ),
                    ))
                }
                _ => {
                    let (def, comment) = self.column(&name, c)?;
                    if let Some(col) = c.args.first().and_then(|a| text_of(self.src, a, "").ok()) {
                        self.table_columns.entry(name.clone()).or_default().insert(col);
                    }
                    push_column(&mut lines, &mut after_create, in_create, &table, c.at, def);
                    if let Some(cm) = comment {
                        self.after.push(cm);
                    }
                }
            }
        }
        if let Some(pk) = pk_names.as_ref().filter(|_| composite) {
            let cols: Vec<String> = pk.iter().map(|c| quote_ident(c)).collect();
            let last = lines.last().map_or(call.at, |(at, _)| *at);
            lines.push((last, format!("PRIMARY KEY ({})", cols.join(", "))));
        }
        // CREATE TABLE, each column on its own line.
        self.at(call.at);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.push(" ");
        }
        self.push(&format!("CREATE TABLE {table} ("));
        for (i, (at, def)) in lines.iter().enumerate() {
            self.at(*at);
            self.push(def);
            if i + 1 < lines.len() {
                self.push(",");
            }
        }
        let options = o.string("options")?;
        self.push(")");
        if let Some(opts) = options {
            self.push(" ");
            self.push(&opts);
        }
        self.push(";");
        if let Some(comment) = o.string("comment")? {
            self.after.insert(
                0,
                format!("COMMENT ON TABLE {table} IS {}", quote_literal(&comment)),
            );
        }
        for (at, sql) in after_create {
            self.flush_after();
            self.statement(at, &sql);
        }
        self.flush_after();
        Ok(())
    }

    /// The key column's `comment:`, as a statement after the table.
    fn pk_comment(&mut self, table: &str, pk: &str, spec: &PkSpec) {
        if let Some(c) = &spec.comment {
            self.after.push(format!(
                "COMMENT ON COLUMN {table}.{} IS {}",
                quote_ident(pk),
                quote_literal(c)
            ));
        }
    }

    /// The implicit primary key column, as Rails' PostgreSQL adapter makes it.
    fn pk_column(&self, name: &str, spec: &PkSpec, at: usize) -> Result<String> {
        let kind = spec.kind.as_deref().unwrap_or("bigserial");
        let explicit_default = spec.default.is_some();
        let default_is_nil = matches!(
            spec.default,
            Some(Value {
                kind: Kind::Nil,
                ..
            })
        );
        let limit = match &spec.limit {
            Some(Value {
                kind: Kind::Int(n), ..
            }) => n.parse::<u32>().ok(),
            _ => None,
        };
        let col = quote_ident(name);
        let ty = match kind {
            "bigserial" | "primary_key" => "bigserial".to_string(),
            "serial" => "serial".to_string(),
            // An integer key without a default is a serial, as in Rails.
            "bigint" | "integer" if !explicit_default => {
                if kind == "bigint" || limit == Some(8) {
                    "bigserial".into()
                } else {
                    "serial".into()
                }
            }
            "uuid" => {
                let default = match &spec.default {
                    None => Some("gen_random_uuid()".to_string()),
                    Some(v) => self.default_sql(v, "uuid", false)?,
                };
                return Ok(match default {
                    Some(d) => format!("{col} uuid DEFAULT {d} NOT NULL PRIMARY KEY"),
                    None => format!("{col} uuid NOT NULL PRIMARY KEY"),
                });
            }
            other => {
                // `limit:` beside `id: :string` (or in `id: {…}`) is the key's.
                let sized = Sized {
                    limit,
                    ..Sized::default()
                };
                let sql_type = self.sql_type(other, &sized, at, true)?;
                let default = match &spec.default {
                    Some(v) if !default_is_nil => self.default_sql(v, &sql_type, false)?,
                    _ => None,
                };
                return Ok(match default {
                    Some(d) => format!("{col} {sql_type} DEFAULT {d} NOT NULL PRIMARY KEY"),
                    None => format!("{col} {sql_type} NOT NULL PRIMARY KEY"),
                });
            }
        };
        Ok(format!("{col} {ty} PRIMARY KEY"))
    }

    /// `t.<type> "name", options` (or `t.column "name", :type, options`):
    /// the column's definition, and a comment statement for it.
    fn column(&self, table: &str, c: &Call) -> Result<(String, Option<String>)> {
        let o = Opts::new(
            self.src,
            c,
            &[
                "null",
                "default",
                "limit",
                "precision",
                "scale",
                "array",
                "comment",
                "collation",
                "enum_type",
                "as",
                "stored",
                "type",
                "index",
                "srid",
                "geographic",
                "has_z",
                "has_m",
            ],
        )?;
        // `type:` names a virtual column's type; `stored:` goes with `as:`.
        for (key, wanted) in [
            ("type", c.name == "virtual"),
            ("stored", o.get("as").is_some()),
        ] {
            if let (Some(v), false) = (o.get(key), wanted) {
                return Err(err(
                    self.src,
                    v.at,
                    format!("`{key}:` here would be lost: it goes with t.virtual / `as:`"),
                ));
            }
        }
        let name = o.string_arg(0, "the column's name")?;
        let (kind, next) = if c.name == "column" || c.name == "virtual" {
            if c.name == "virtual" {
                match o.get("type") {
                    Some(v) => (text_of(self.src, v, "the column's type")?, 1),
                    None => {
                        return Err(err(
                            self.src,
                            c.at,
                            "t.virtual needs type: (as Rails writes it)",
                        ))
                    }
                }
            } else {
                match c.args.get(1) {
                    Some(v) => (text_of(self.src, v, "the column's type")?, 2),
                    None => return Err(err(self.src, c.at, "t.column takes a name and a type")),
                }
            }
        } else {
            (c.name.clone(), 1)
        };
        o.no_more_args(next)?;
        if o.get("index").is_some() {
            return Err(err(
                self.src,
                c.at,
                "index: on a column is a migration helper; write t.index",
            ));
        }
        let by_name = c.name == "column" || c.name == "virtual";
        // `t.point` and `t.polygon` are PostgreSQL's own geometric types;
        // the adapter's are `t.st_point` and `t.st_polygon`.
        if spatial_shape(&kind).is_some() && !matches!(kind.as_str(), "point" | "polygon") {
            let sql_type = self.spatial_type(&kind, &o)?;
            return self.column_rest(table, &name, sql_type, &o);
        }
        for key in ["srid", "geographic", "has_z", "has_m"] {
            if let Some(v) = o.get(key) {
                return Err(err(
                    self.src,
                    v.at,
                    format!("`{key}:` here would be lost: it goes with a PostGIS column (t.geometry, t.st_point, …)"),
                ));
            }
        }
        let sized = Sized {
            limit: o.int("limit")?,
            precision: match o.get("precision") {
                None => Precision::Unset,
                Some(Value {
                    kind: Kind::Nil, ..
                }) => Precision::Nil,
                Some(_) => Precision::Given(o.int("precision")?.unwrap_or(0)),
            },
            scale: o.int("scale")?,
            enum_type: o.string("enum_type")?,
        };
        let sql_type = self.sql_type(&kind, &sized, c.at, by_name)?;
        self.column_rest(table, &name, sql_type, &o)
    }

    /// A PostGIS column as activerecord-postgis-adapter makes it:
    /// `geography(Point,4326)`, `geometry(LineStringZ,3785)`. The shape,
    /// SRID and dimensions come from the method (`t.st_point`), its options
    /// (`srid:`, `geographic:`, `has_z:`, `has_m:`) or the `limit:` hash
    /// the adapter's dumper writes (`limit: {srid: 4326, type: "st_point",
    /// geographic: true}`).
    fn spatial_type(&self, kind: &str, o: &Opts) -> Result<String> {
        let mut opts: Vec<(String, &Value)> = Vec::new();
        if let Some(v) = o.get("limit") {
            match &v.kind {
                Kind::Hash(pairs) => {
                    for (k, val) in pairs {
                        opts.push((text_of(self.src, k, "a key")?, val));
                    }
                }
                Kind::Nil => {}
                other => {
                    return Err(err(
                        self.src,
                        v.at,
                        format!(
                            "limit: for a PostGIS column is a hash (srid:, type:, geographic:), found {}",
                            other.describe()
                        ),
                    ))
                }
            }
        }
        for key in ["srid", "geographic", "has_z", "has_m", "type"] {
            if let Some(v) = o.get(key) {
                opts.push((key.to_string(), v));
            }
        }
        let find = |key: &str| opts.iter().rev().find(|(k, _)| k == key).map(|(_, v)| *v);
        let flag = |key: &str| {
            matches!(
                find(key),
                Some(Value {
                    kind: Kind::Bool(true),
                    ..
                })
            )
        };
        if let Some((k, v)) = opts.iter().find(|(k, _)| {
            !matches!(
                k.as_str(),
                "srid" | "geographic" | "has_z" | "has_m" | "type"
            )
        }) {
            return Err(err(
                self.src,
                v.at,
                format!("`{k}` in a PostGIS column's limit: would be lost"),
            ));
        }
        let mut shape = spatial_shape(kind).unwrap_or("Geometry").to_string();
        if let Some(v) = find("type") {
            let t = text_of(self.src, v, "the shape")?;
            shape = match spatial_shape(&t) {
                Some(s) => s.to_string(),
                None => return Err(err(self.src, v.at, format!("`{t}` is not a PostGIS shape"))),
            };
        }
        let geographic = flag("geographic") || kind.trim_start_matches("st_") == "geography";
        let srid = match find("srid") {
            Some(Value {
                kind: Kind::Int(n), ..
            }) => n.clone(),
            Some(Value {
                kind: Kind::Nil, ..
            })
            | None => {
                if geographic {
                    "4326".into()
                } else {
                    "0".into()
                }
            }
            Some(v) => {
                return Err(err(
                    self.src,
                    v.at,
                    format!("srid: expected a number, found {}", v.kind.describe()),
                ))
            }
        };
        let dims = format!(
            "{}{}",
            if flag("has_z") { "Z" } else { "" },
            if flag("has_m") { "M" } else { "" }
        );
        let base = if geographic { "geography" } else { "geometry" };
        Ok(format!("{base}({shape}{dims},{srid})"))
    }

    /// The rest of a column once its type is known: array, collation,
    /// generated expression or default, NOT NULL, comment.
    fn column_rest(
        &self,
        table: &str,
        name: &str,
        mut sql_type: String,
        o: &Opts,
    ) -> Result<(String, Option<String>)> {
        let array = matches!(
            o.get("array"),
            Some(Value {
                kind: Kind::Bool(true),
                ..
            })
        );
        if array {
            sql_type.push_str("[]");
        }
        let mut def = format!("{} {sql_type}", quote_ident(name));
        if let Some(coll) = o.string("collation")? {
            def.push_str(&format!(" COLLATE {}", quote_ident(&coll)));
        }
        if let Some(expr) = o.string("as")? {
            let stored = match o.get("stored") {
                Some(Value {
                    kind: Kind::Bool(true),
                    ..
                }) => " STORED",
                _ => " VIRTUAL",
            };
            def.push_str(&format!(" GENERATED ALWAYS AS ({expr}){stored}"));
        } else if let Some(v) = o.get("default") {
            if let Some(d) = self.default_sql(v, &sql_type, array)? {
                def.push_str(&format!(" DEFAULT {d}"));
            }
        }
        if matches!(
            o.get("null"),
            Some(Value {
                kind: Kind::Bool(false),
                ..
            })
        ) {
            def.push_str(" NOT NULL");
        }
        let comment = o.string("comment")?.map(|cm| {
            format!(
                "COMMENT ON COLUMN {}.{} IS {}",
                qualified(table),
                quote_ident(name),
                quote_literal(&cm)
            )
        });
        Ok((def, comment))
    }

    /// The PostgreSQL type Rails' adapter uses for a column type.
    /// `by_name`: the type was given to `t.column` (Rails passes a type it
    /// does not know through as written).
    fn sql_type(&self, kind: &str, s: &Sized, at: usize, by_name: bool) -> Result<String> {
        let with_precision = |base: &str, p: &Precision, default: Option<u32>| -> String {
            match (p, default) {
                (Precision::Given(n), _) => format!("{base}({n})"),
                (Precision::Unset, Some(d)) => format!("{base}({d})"),
                _ => base.to_string(),
            }
        };
        let six = self.precision_six.then_some(6);
        Ok(match kind {
            "string" => match s.limit {
                Some(n) => format!("character varying({n})"),
                None => "character varying".into(),
            },
            "text" => "text".into(),
            "integer" => match s.limit {
                Some(1 | 2) => "smallint".into(),
                Some(3 | 4) | None => "integer".into(),
                Some(5..=8) => "bigint".into(),
                Some(n) => {
                    return Err(err(
                        self.src,
                        at,
                        format!("limit: {n} for an integer: use 2, 4 or 8"),
                    ))
                }
            },
            "bigint" => "bigint".into(),
            "smallint" => "smallint".into(),
            "float" => match s.limit {
                Some(n) if n <= 24 => "real".into(),
                _ => "double precision".into(),
            },
            "real" => "real".into(),
            "decimal" | "numeric" => match (&s.precision, s.scale) {
                (Precision::Given(p), Some(sc)) => format!("numeric({p},{sc})"),
                (Precision::Given(p), None) => format!("numeric({p})"),
                _ => "numeric".into(),
            },
            "datetime" | "timestamp" => {
                with_precision("timestamp", &s.precision, six) + " without time zone"
            }
            "timestamptz" => with_precision("timestamp", &s.precision, six) + " with time zone",
            "time" => with_precision("time", &s.precision, None) + " without time zone",
            "timetz" => with_precision("time", &s.precision, None) + " with time zone",
            "date" => "date".into(),
            "interval" => with_precision("interval", &s.precision, None),
            "binary" => "bytea".into(),
            "boolean" => "boolean".into(),
            "json" => "json".into(),
            "jsonb" => "jsonb".into(),
            "uuid" => "uuid".into(),
            "inet" => "inet".into(),
            "cidr" => "cidr".into(),
            "macaddr" => "macaddr".into(),
            "hstore" => "hstore".into(),
            "ltree" => "ltree".into(),
            "citext" => "citext".into(),
            "tsvector" => "tsvector".into(),
            "xml" => "xml".into(),
            "money" => "money".into(),
            "oid" => "oid".into(),
            "point" => "point".into(),
            "line" => "line".into(),
            "lseg" => "lseg".into(),
            "box" => "box".into(),
            "path" => "path".into(),
            "polygon" => "polygon".into(),
            "circle" => "circle".into(),
            "bit" => match s.limit {
                Some(n) => format!("bit({n})"),
                None => "bit".into(),
            },
            "bit_varying" => match s.limit {
                Some(n) => format!("bit varying({n})"),
                None => "bit varying".into(),
            },
            "int4range" | "int8range" | "numrange" | "tsrange" | "tstzrange" | "daterange"
            | "int4multirange" | "int8multirange" | "nummultirange" | "tsmultirange"
            | "tstzmultirange" | "datemultirange" => kind.to_string(),
            "serial" => "serial".into(),
            "bigserial" => "bigserial".into(),
            "enum" => match &s.enum_type {
                Some(t) => qualified(t),
                None => return Err(err(self.src, at, "t.enum needs enum_type: \"the_type\"")),
            },
            // pgvector's types as the neighbor gem makes them.
            "vector" | "halfvec" | "sparsevec" => match s.limit {
                Some(n) => format!("{kind}({n})"),
                None => kind.to_string(),
            },
            other if by_name => other.to_string(),
            // A type the server knows by name (`t.regconfig`, what an
            // adapter gem adds), written as the SQL type.
            other if known_by_name(other) => other.to_string(),
            other => {
                return Err(err(
                    self.src,
                    at,
                    format!(
                        "t.{other}: not a column type Rails' PostgreSQL adapter knows; for a type \
                         of the database's own write t.column \"name\", \"{other}\""
                    ),
                ))
            }
        })
    }

    /// A default as SQL; `None` for `default: nil`.
    fn default_sql(&self, v: &Value, sql_type: &str, array: bool) -> Result<Option<String>> {
        Ok(Some(match &v.kind {
            Kind::Nil => return Ok(None),
            Kind::Lambda(inner) => text_of(self.src, inner, "the default's SQL")?,
            // Rails writes a uuid column's string default with `()` in it
            // as the function call it is (Rails 4 dumped
            // `default: "uuid_generate_v4()"` that way).
            Kind::Str(s) if sql_type == "uuid" && !array && s.contains("()") => s.clone(),
            Kind::Str(s) | Kind::Sym(s) => quote_literal(s),
            Kind::Int(n) | Kind::Float(n) => {
                if n.starts_with('-') {
                    format!("({n})")
                } else {
                    n.clone()
                }
            }
            Kind::Bool(b) => b.to_string(),
            Kind::Array(items) if array || sql_type.ends_with("[]") => {
                quote_literal(&pg_array(self.src, items)?)
            }
            Kind::Hash(pairs) if sql_type.starts_with("hstore") => {
                quote_literal(&hstore(self.src, pairs)?)
            }
            // As Rails encodes it (`to_json`, compact); jsonb as the server
            // prints it.
            Kind::Array(_) | Kind::Hash(_) => {
                quote_literal(&json(self.src, v, sql_type.starts_with("jsonb"))?)
            }
        }))
    }

    /// `t.index columns, options` on `table`.
    fn index(&self, table: &str, c: &Call) -> Result<String> {
        let o = Opts::new(
            self.src,
            c,
            &[
                "name",
                "unique",
                "where",
                "order",
                "opclass",
                "using",
                "include",
                "nulls_not_distinct",
                "comment",
                "algorithm",
                "if_not_exists",
                "length",
                "type",
            ],
        )?;
        for mysql in ["length", "type"] {
            if let Some(v) = o.get(mysql) {
                return Err(err(
                    self.src,
                    v.at,
                    format!("{mysql}: is an index option of MySQL, not PostgreSQL"),
                ));
            }
        }
        let Some(cols) = c.args.first() else {
            return Err(err(self.src, c.at, "t.index takes the columns first"));
        };
        o.no_more_args(1)?;
        let (columns, expression): (Vec<String>, Option<String>) = match &cols.kind {
            Kind::Array(items) => (
                items
                    .iter()
                    .map(|i| text_of(self.src, i, "a column"))
                    .collect::<Result<_>>()?,
                None,
            ),
            Kind::Str(s) | Kind::Sym(s)
                if s.chars().all(|ch| ch.is_alphanumeric() || ch == '_') =>
            {
                (vec![s.clone()], None)
            }
            Kind::Str(s) => (Vec::new(), Some(s.clone())),
            other => {
                return Err(err(
                    self.src,
                    cols.at,
                    format!(
                        "index columns are an array or an expression string, not {}",
                        other.describe()
                    ),
                ))
            }
        };
        let name = match o.string("name")? {
            Some(n) => n,
            None if expression.is_none() => {
                format!(
                    "index_{}_on_{}",
                    bare(table).replace('.', "_"),
                    columns.join("_and_")
                )
            }
            None => return Err(err(self.src, c.at, "an expression index needs name:")),
        };
        let per_column = |key: &str, col: &str| -> Result<Option<String>> {
            match o.get(key) {
                None => Ok(None),
                Some(Value {
                    kind: Kind::Hash(pairs),
                    ..
                }) => {
                    for (k, v) in pairs {
                        if text_of(self.src, k, "a column")? == col {
                            return Ok(Some(text_of(self.src, v, key)?));
                        }
                    }
                    Ok(None)
                }
                Some(v) => Ok(Some(text_of(self.src, v, key)?)),
            }
        };
        let mut parts = Vec::new();
        if let Some(e) = &expression {
            parts.push(e.clone());
        }
        for col in &columns {
            let mut part = quote_ident(col);
            if let Some(op) = per_column("opclass", col)? {
                part.push(' ');
                part.push_str(&op);
            }
            if let Some(ord) = per_column("order", col)? {
                part.push(' ');
                part.push_str(&ord.to_uppercase());
            }
            parts.push(part);
        }
        let mut sql = format!(
            "CREATE {}INDEX {} ON {}",
            if o.bool("unique") { "UNIQUE " } else { "" },
            quote_ident(&name),
            qualified(table)
        );
        if let Some(using) = o.string("using")? {
            sql.push_str(&format!(" USING {using}"));
        }
        sql.push_str(&format!(" ({})", parts.join(", ")));
        if let Some(v) = o.get("include") {
            let cols: Vec<String> = match &v.kind {
                Kind::Array(items) => items
                    .iter()
                    .map(|i| text_of(self.src, i, "a column").map(|c| quote_ident(&c)))
                    .collect::<Result<_>>()?,
                _ => vec![quote_ident(&text_of(self.src, v, "a column")?)],
            };
            sql.push_str(&format!(" INCLUDE ({})", cols.join(", ")));
        }
        if o.bool("nulls_not_distinct") {
            sql.push_str(" NULLS NOT DISTINCT");
        }
        if let Some(w) = o.string("where")? {
            sql.push_str(&format!(" WHERE ({w})"));
        }
        // Its comment, as a statement after it (on the same line).
        if let Some(comment) = o.string("comment")? {
            let schema = table
                .rsplit_once('.')
                .map(|(s, _)| format!("{}.", quote_ident(s)));
            sql.push_str(&format!(
                "; COMMENT ON INDEX {}{} IS {}",
                schema.unwrap_or_default(),
                quote_ident(&name),
                quote_literal(&comment)
            ));
        }
        Ok(sql)
    }

    /// `t.check_constraint "expr", name:, validate:` on `table`.
    fn check(&self, table: &str, c: &Call) -> Result<String> {
        let o = Opts::new(self.src, c, &["name", "validate", "if_not_exists"])?;
        let expr = o.string_arg(0, "the check's expression")?;
        o.no_more_args(1)?;
        let name = o
            .string("name")?
            .unwrap_or_else(|| hashed("chk", &format!("{}_{expr}_chk", bare(table))));
        Ok(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({expr}){}",
            qualified(table),
            quote_ident(&name),
            if o.validate() { "" } else { " NOT VALID" }
        ))
    }

    fn exclusion(&self, table: &str, c: &Call) -> Result<String> {
        let o = Opts::new(self.src, c, &["name", "using", "where", "deferrable"])?;
        let expr = o.string_arg(0, "the constraint's elements")?;
        o.no_more_args(1)?;
        let name = o
            .string("name")?
            .unwrap_or_else(|| hashed("excl", &format!("{}_{expr}_excl", bare(table))));
        let mut sql = format!(
            "ALTER TABLE {} ADD CONSTRAINT {} EXCLUDE",
            qualified(table),
            quote_ident(&name)
        );
        if let Some(u) = o.string("using")? {
            sql.push_str(&format!(" USING {u}"));
        }
        sql.push_str(&format!(" ({expr})"));
        if let Some(w) = o.string("where")? {
            sql.push_str(&format!(" WHERE ({w})"));
        }
        sql.push_str(&o.deferrable()?);
        Ok(sql)
    }

    fn unique(&self, table: &str, c: &Call) -> Result<String> {
        let o = Opts::new(
            self.src,
            c,
            &["name", "deferrable", "nulls_not_distinct", "using_index"],
        )?;
        if o.get("using_index").is_some() {
            return Err(err(
                self.src,
                c.at,
                "using_index: is a migration option Rails does not dump",
            ));
        }
        let Some(cols) = c.args.first() else {
            return Err(err(
                self.src,
                c.at,
                "t.unique_constraint takes its columns first",
            ));
        };
        o.no_more_args(1)?;
        let columns: Vec<String> = match &cols.kind {
            Kind::Array(items) => items
                .iter()
                .map(|i| text_of(self.src, i, "a column"))
                .collect::<Result<_>>()?,
            _ => vec![text_of(self.src, cols, "a column")?],
        };
        let name = o.string("name")?.unwrap_or_else(|| {
            hashed(
                "uniq",
                &format!("{}_{}_unique", bare(table), columns.join("_and_")),
            )
        });
        let quoted: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
        Ok(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE{} ({}){}",
            qualified(table),
            quote_ident(&name),
            if o.bool("nulls_not_distinct") {
                " NULLS NOT DISTINCT"
            } else {
                ""
            },
            quoted.join(", "),
            o.deferrable()?
        ))
    }

    /// The column `add_foreign_key from, to` is on when it names none:
    /// `<to, singular>_id`, as the application's inflections make the
    /// singular. Those may be its own (`drive` for `drives`, which
    /// ActiveSupport alone makes `drife`) and schema.rb does not hold them,
    /// so where `from` has no such column and exactly one other spelling
    /// of `<to>_id` is a column of it, that one.
    fn default_fk_column(&self, from: &str, to: &str, singular: &str) -> String {
        let want = format!("{singular}_id");
        let Some(columns) = self.table_columns.get(from) else {
            return want;
        };
        if columns.contains(&want) {
            return want;
        }
        let to = bare(to);
        let mut others: Vec<String> = [to.strip_suffix('s'), to.strip_suffix("es"), Some(to)]
            .into_iter()
            .flatten()
            .map(|s| format!("{s}_id"))
            .filter(|c| columns.contains(c))
            .collect();
        others.dedup();
        match others.as_slice() {
            [one] => one.clone(),
            _ => want,
        }
    }

    fn foreign_key(&mut self, call: &Call) -> Result<()> {
        let o = Opts::new(
            self.src,
            call,
            &[
                "column",
                "primary_key",
                "name",
                "on_delete",
                "on_update",
                "validate",
                "deferrable",
                "if_not_exists",
            ],
        )?;
        let from = o.string_arg(0, "the referencing table")?;
        let to = o.string_arg(1, "the referenced table")?;
        o.no_more_args(2)?;
        let list = |key: &str| -> Result<Option<Vec<String>>> {
            match o.get(key) {
                None => Ok(None),
                Some(Value {
                    kind: Kind::Array(items),
                    ..
                }) => Ok(Some(
                    items
                        .iter()
                        .map(|i| text_of(self.src, i, "a column"))
                        .collect::<Result<_>>()?,
                )),
                Some(v) => Ok(Some(vec![text_of(self.src, v, "a column")?])),
            }
        };
        let primary: Vec<String> = list("primary_key")?.unwrap_or_else(|| vec!["id".into()]);
        // Rails' default column: `<to, singular>_id` whatever the key is
        // named; one per key column only for a composite key (an array).
        let composite = matches!(
            o.get("primary_key"),
            Some(Value {
                kind: Kind::Array(_),
                ..
            })
        );
        let singular = inflect::singularize(bare(&to));
        let columns: Vec<String> = match list("column")? {
            Some(c) => c,
            None if composite => primary
                .iter()
                .map(|pk| format!("{singular}_{pk}"))
                .collect(),
            None => vec![self.default_fk_column(&from, &to, &singular)],
        };
        let name = o.string("name")?.unwrap_or_else(|| {
            hashed(
                "fk",
                &format!("{}_{}_fk", bare(&from), columns.join("_and_")),
            )
        });
        let q = |v: &[String]| {
            v.iter()
                .map(|c| quote_ident(c))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut sql = format!(
            "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
            qualified(&from),
            quote_ident(&name),
            q(&columns),
            qualified(&to),
            q(&primary)
        );
        for (key, clause) in [("on_delete", "ON DELETE"), ("on_update", "ON UPDATE")] {
            if let Some(v) = o.get(key) {
                let action = match text_of(self.src, v, key)?.as_str() {
                    "cascade" => "CASCADE",
                    "nullify" => "SET NULL",
                    "restrict" => "RESTRICT",
                    "no_action" => "NO ACTION",
                    "default" | "set_default" => "SET DEFAULT",
                    other => {
                        return Err(err(
                            self.src,
                            v.at,
                            format!(
                                "{key}: :{other} (use :cascade, :nullify, :restrict or :no_action)"
                            ),
                        ))
                    }
                };
                sql.push_str(&format!(" {clause} {action}"));
            }
        }
        sql.push_str(&o.deferrable()?);
        if !o.validate() {
            sql.push_str(" NOT VALID");
        }
        self.statement(call.at, &sql);
        Ok(())
    }
}

fn push_column(
    lines: &mut Vec<(usize, String)>,
    after_create: &mut Vec<(usize, String)>,
    in_create: bool,
    table: &str,
    at: usize,
    def: String,
) {
    if in_create {
        lines.push((at, def));
    } else {
        after_create.push((at, format!("ALTER TABLE {table} ADD COLUMN {def}")));
    }
}

#[derive(Default)]
struct PkSpec {
    kind: Option<String>,
    default: Option<Value>,
    limit: Option<Value>,
    comment: Option<String>,
}

#[derive(Default)]
enum Precision {
    #[default]
    Unset,
    Nil,
    Given(u32),
}

#[derive(Default)]
struct Sized {
    limit: Option<u32>,
    precision: Precision,
    scale: Option<u32>,
    enum_type: Option<String>,
}

/// The PostGIS shape a column method or `type:` names (`st_point`,
/// `multi_polygon`, `geometry`), as PostGIS spells it.
fn spatial_shape(kind: &str) -> Option<&'static str> {
    Some(match kind.to_ascii_lowercase().trim_start_matches("st_") {
        "point" => "Point",
        "line_string" | "linestring" => "LineString",
        "polygon" => "Polygon",
        "multi_point" | "multipoint" => "MultiPoint",
        "multi_line_string" | "multilinestring" => "MultiLineString",
        "multi_polygon" | "multipolygon" => "MultiPolygon",
        "geometry_collection" | "geometrycollection" => "GeometryCollection",
        "geometry" | "geography" => "Geometry",
        _ => return None,
    })
}

/// Types a schema.rb may name as a column method that are not Rails' own:
/// PostgreSQL's built-in types, and those of the extensions adapter gems
/// cover (the name alone, as Rails passes an unknown type through).
fn known_by_name(kind: &str) -> bool {
    const EXTENSION_TYPES: &[&str] = &[
        "citext",
        "hstore",
        "ltree",
        "lquery",
        "ltxtquery",
        "cube",
        "earth",
        "seg",
        "isbn",
        "isbn13",
        "ismn",
        "ismn13",
        "issn",
        "issn13",
        "ean13",
        "upc",
        "lo",
        "box2d",
        "box3d",
        "raster",
    ];
    EXTENSION_TYPES.contains(&kind)
        || matches!(
            schemadiff_model::types::canonical_type(kind),
            Ok(schemadiff_model::types::TypeName::Builtin(_))
        )
}

/// A string or symbol's text.
fn text_of(src: &Source, v: &Value, what: &str) -> Result<String> {
    match &v.kind {
        Kind::Str(s) | Kind::Sym(s) => Ok(s.clone()),
        Kind::Int(n) => Ok(n.clone()),
        other => Err(err(
            src,
            v.at,
            format!(
                "{what}: expected a string or symbol, found {}",
                other.describe()
            ),
        )),
    }
}

/// A Ruby array as a PostgreSQL array literal's text (`{a,"b c"}`).
fn pg_array(src: &Source, items: &[Value]) -> Result<String> {
    let mut parts = Vec::new();
    for i in items {
        parts.push(match &i.kind {
            Kind::Nil => "NULL".to_string(),
            Kind::Int(n) | Kind::Float(n) => n.clone(),
            Kind::Bool(b) => b.to_string(),
            Kind::Array(inner) => pg_array(src, inner)?,
            Kind::Str(s) | Kind::Sym(s) => {
                let plain = !s.is_empty()
                    && !s.eq_ignore_ascii_case("null")
                    && !s
                        .chars()
                        .any(|c| c.is_whitespace() || "{},\"\\".contains(c));
                if plain {
                    s.clone()
                } else {
                    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
                }
            }
            other => {
                return Err(err(
                    src,
                    i.at,
                    format!("{} in an array default", other.describe()),
                ))
            }
        });
    }
    Ok(format!("{{{}}}", parts.join(",")))
}

/// A Ruby hash or array as JSON text (a json / jsonb default).
fn json(src: &Source, v: &Value, spaced: bool) -> Result<String> {
    let (comma, colon) = if spaced { (", ", ": ") } else { (",", ":") };
    Ok(match &v.kind {
        Kind::Nil => "null".into(),
        Kind::Bool(b) => b.to_string(),
        Kind::Int(n) | Kind::Float(n) => n.clone(),
        Kind::Str(s) | Kind::Sym(s) => serde_json::to_string(s).unwrap_or_default(),
        Kind::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| json(src, i, spaced))
                .collect::<Result<Vec<_>>>()?
                .join(comma)
        ),
        Kind::Hash(pairs) => format!(
            "{{{}}}",
            pairs
                .iter()
                .map(|(k, val)| Ok(format!(
                    "{}{colon}{}",
                    serde_json::to_string(&text_of(src, k, "a key")?).unwrap_or_default(),
                    json(src, val, spaced)?
                )))
                .collect::<Result<Vec<_>>>()?
                .join(comma)
        ),
        Kind::Lambda(_) => return Err(err(src, v.at, "a lambda inside a default")),
    })
}

/// A hash as Rails writes an hstore value: `"k"=>"v"` pairs, `NULL` for
/// nil, quotes and backslashes escaped.
fn hstore(src: &Source, pairs: &[(Value, Value)]) -> Result<String> {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = Vec::new();
    for (k, v) in pairs {
        let key = quote(&text_of(src, k, "a key")?);
        let value = match &v.kind {
            Kind::Nil => "NULL".to_string(),
            Kind::Bool(b) => quote(&b.to_string()),
            _ => quote(&text_of(src, v, "an hstore value")?),
        };
        out.push(format!("{key}=>{value}"));
    }
    Ok(out.join(", "))
}

/// A call's options, checked against what the method takes.
struct Opts<'c> {
    src: &'c Source,
    call: &'c Call,
}

impl<'c> Opts<'c> {
    fn new(src: &'c Source, call: &'c Call, known: &[&str]) -> Result<Opts<'c>> {
        for (k, at, _) in &call.kwargs {
            if !known.contains(&k.as_str()) {
                return Err(err(
                    src,
                    *at,
                    format!(
                        "`{k}:` is not an option of {} that this reader knows (it reads {})",
                        call.name,
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            }
        }
        if call.block.is_some() && call.name != "create_table" {
            return Err(err(src, call.at, format!("{} takes no block", call.name)));
        }
        Ok(Opts { src, call })
    }

    fn get(&self, key: &str) -> Option<&'c Value> {
        self.call
            .kwargs
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, _, v)| v)
    }

    fn string(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None
            | Some(Value {
                kind: Kind::Nil, ..
            }) => Ok(None),
            Some(v) => text_of(self.src, v, &format!("{key}:")).map(Some),
        }
    }

    fn int(&self, key: &str) -> Result<Option<u32>> {
        match self.get(key) {
            None
            | Some(Value {
                kind: Kind::Nil, ..
            }) => Ok(None),
            Some(v) => match &v.kind {
                Kind::Int(n) => n
                    .parse()
                    .map(Some)
                    .map_err(|_| err(self.src, v.at, format!("{key}: {n} is out of range"))),
                other => Err(err(
                    self.src,
                    v.at,
                    format!("{key}: expected a number, found {}", other.describe()),
                )),
            },
        }
    }

    fn bool(&self, key: &str) -> bool {
        matches!(
            self.get(key),
            Some(Value {
                kind: Kind::Bool(true),
                ..
            })
        )
    }

    /// `validate: false` means NOT VALID.
    fn validate(&self) -> bool {
        !matches!(
            self.get("validate"),
            Some(Value {
                kind: Kind::Bool(false),
                ..
            })
        )
    }

    /// ` DEFERRABLE INITIALLY …` for `deferrable: :immediate | :deferred`.
    fn deferrable(&self) -> Result<String> {
        match self.get("deferrable") {
            None
            | Some(Value {
                kind: Kind::Bool(false) | Kind::Nil,
                ..
            }) => Ok(String::new()),
            Some(Value {
                kind: Kind::Bool(true),
                ..
            }) => Ok(" DEFERRABLE".into()),
            Some(v) => match text_of(self.src, v, "deferrable:")?.as_str() {
                "immediate" => Ok(" DEFERRABLE INITIALLY IMMEDIATE".into()),
                "deferred" => Ok(" DEFERRABLE INITIALLY DEFERRED".into()),
                other => Err(err(
                    self.src,
                    v.at,
                    format!("deferrable: :{other} (use :immediate or :deferred)"),
                )),
            },
        }
    }

    /// Positional argument `i` as text.
    fn string_arg(&self, i: usize, what: &str) -> Result<String> {
        match self.call.args.get(i) {
            Some(v) => text_of(self.src, v, what),
            None => Err(err(
                self.src,
                self.call.at,
                format!("{} needs {what}", self.call.name),
            )),
        }
    }

    fn no_more_args(&self, n: usize) -> Result<()> {
        match self.call.args.get(n) {
            Some(v) => Err(err(
                self.src,
                v.at,
                format!(
                    "{} takes {n} argument(s) before its options",
                    self.call.name
                ),
            )),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
