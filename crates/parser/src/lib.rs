//! Desired-state files into schemadiff's canonical model.
//!
//! Start at [`parse_sources`] (in-memory texts) or [`parse_paths`] (files and
//! directories). YAML and SQL may be mixed; all inputs are merged into one
//! [`Schema`](schemadiff_model::Schema). Every error carries file, line and
//! column ([`ParseError`]); a statement this reader cannot model is an
//! error, never silently dropped.
//!
//! This crate connects to nothing: normalisation into PostgreSQL's canonical
//! spelling is done offline (see the `expr` module for its limits).

mod build;
pub mod error;
mod expr;
pub mod source;
mod sql;
pub mod yaml;

pub use error::ParseError;
pub use source::{Format, Loc, Source};

use schemadiff_model::Schema;
use std::path::PathBuf;

/// Parses in-memory sources (YAML or SQL) into one canonical schema.
pub fn parse_sources(sources: &[Source]) -> Result<Schema, ParseError> {
    let mut b = build::Builder::default();
    // Schemas, extensions and types first, so a table may use them whatever
    // the file order.
    for src in sources {
        match src.format {
            Format::Yaml => yaml::read(src, &mut b)?,
            Format::Sql => sql::read(src, &mut b)?,
        }
    }
    b.finish()
}

/// Reads files and directories (recursively: `.yaml`, `.yml`, `.sql`, in a
/// stable order) and parses them into one canonical schema.
pub fn parse_paths(paths: &[PathBuf]) -> Result<Schema, ParseError> {
    parse_sources(&load_paths(paths)?)
}

/// Reads files and directories into sources without parsing them.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<Source>, ParseError> {
    let io_err = |p: &PathBuf, e: std::io::Error| {
        ParseError::new(
            Loc {
                file: p.display().to_string(),
                line: 0,
                column: 0,
            },
            format!("cannot read: {e}"),
        )
    };
    let mut files = Vec::new();
    for p in paths {
        files.extend(source::collect_paths(std::slice::from_ref(p)).map_err(|e| io_err(p, e))?);
    }
    let mut sources = Vec::new();
    for f in files {
        let format = Format::from_path(&f).ok_or_else(|| {
            ParseError::new(
                Loc {
                    file: f.display().to_string(),
                    line: 1,
                    column: 1,
                },
                "not a schema file: use .yaml, .yml or .sql",
            )
        })?;
        let text = std::fs::read_to_string(&f).map_err(|e| io_err(&f, e))?;
        sources.push(Source::new(f.display().to_string(), text, format));
    }
    Ok(sources)
}

/// The JSON Schema of the YAML format, generated from its Rust types.
pub fn yaml_json_schema() -> String {
    let schema = schemars::schema_for!(yaml::SchemaFile);
    let mut s = serde_json::to_string_pretty(&schema).expect("a JSON Schema serialises");
    s.push('\n');
    s
}
