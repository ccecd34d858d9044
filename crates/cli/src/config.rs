//! `schemadiff.toml`: a project's settings, so scripts do not repeat flags
//! (as Rails keeps `config/database.yml` and Atlas `atlas.hcl`).
//!
//! ```toml
//! schema = ["db/schema.rb", "db/functions.sql"]
//! exclude = ["public.timestamp_id"]
//! migrations = { dir = "db/migrate", layout = "rails" }
//!
//! [env.development]
//! database = "postgres://localhost/app_dev"
//!
//! [env.production]
//! database = "${DATABASE_URL}"
//! allow_hazards = ["row_scan"]
//! lock_timeout = "3s"
//! ```
//!
//! Read from the working directory, or `--config FILE`. The environment is
//! `--env NAME`, else `SCHEMADIFF_ENV`, else `development` when the file
//! has one. `${VAR}` in a string takes the variable's value (an unset one
//! is an error naming the line). Paths are relative to the file's
//! directory. Unknown keys are errors with file:line:column. Flags win over
//! the file; see the CLI for each setting's order.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file's name in the working directory.
pub const FILE_NAME: &str = "schemadiff.toml";

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    schema: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    migrations: Option<Migrations>,
    dev_database: Option<Spanned<String>>,
    #[serde(default)]
    env: BTreeMap<String, Env>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Migrations {
    dir: Option<Spanned<String>>,
    layout: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Env {
    database: Option<Spanned<String>>,
    dev_database: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    allow_hazards: Vec<Spanned<String>>,
    allow_destructive: Option<bool>,
    lock_timeout: Option<Spanned<String>>,
    lock_retries: Option<u32>,
    statement_timeout: Option<Spanned<String>>,
    online: Option<bool>,
}

/// The file's settings for one environment, checked and expanded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// The environment chosen, and why (`--env`, `SCHEMADIFF_ENV`, the
    /// default).
    pub env: Option<(String, &'static str)>,
    /// The environments the file defines.
    pub envs: Vec<String>,
    pub schema: Vec<PathBuf>,
    /// The file's patterns and the environment's.
    pub exclude: Vec<String>,
    pub migrations_dir: Option<PathBuf>,
    pub layout: Option<String>,
    pub database: Option<String>,
    pub dev_database: Option<String>,
    pub allow_hazards: Vec<String>,
    pub allow_destructive: Option<bool>,
    pub lock_timeout: Option<String>,
    pub lock_retries: Option<u32>,
    pub statement_timeout: Option<String>,
    pub online: Option<bool>,
}

/// Reads `explicit` (which must exist), else `schemadiff.toml` in `cwd` if
/// there is one, for environment `env` (else `SCHEMADIFF_ENV`, else
/// `development` when defined). No file: the empty configuration (an
/// `--env` is then an error: there is nothing to choose from).
pub fn load(
    explicit: Option<&Path>,
    env: Option<&str>,
    cwd: &Path,
    vars: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, String> {
    let path = match explicit {
        Some(p) => {
            if !p.is_file() {
                return Err(format!("--config {}: no such file", p.display()));
            }
            Some(p.to_path_buf())
        }
        None => Some(cwd.join(FILE_NAME)).filter(|p| p.is_file()),
    };
    let from_var = vars("SCHEMADIFF_ENV").filter(|v| !v.is_empty());
    let chosen: Option<(String, &'static str)> = match (env, from_var) {
        (Some(e), _) => Some((e.to_string(), "--env")),
        (None, Some(e)) => Some((e, "SCHEMADIFF_ENV")),
        (None, None) => None,
    };
    let Some(path) = path else {
        if let Some((e, how)) = chosen {
            return Err(format!(
                "{how} {e}: there is no {FILE_NAME} here to choose an environment from (give --config FILE)"
            ));
        }
        return Ok(Config::default());
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let at = |span: std::ops::Range<usize>| {
        let (line, col) = line_col(&text, span.start);
        format!("{}:{line}:{col}", path.display())
    };
    let file: File = toml::from_str(&text).map_err(|e| {
        let place = e
            .span()
            .map(&at)
            .unwrap_or_else(|| path.display().to_string());
        format!("{place}: {}", e.message())
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let relative = |p: &str| -> PathBuf {
        let p = PathBuf::from(p);
        if p.is_absolute() || base.as_os_str().is_empty() {
            p
        } else {
            base.join(p)
        }
    };
    let expand = |s: &Spanned<String>| -> Result<String, String> {
        expand_vars(s.get_ref(), vars).map_err(|e| format!("{}: {e}", at(s.span())))
    };
    let envs: Vec<String> = file.env.keys().cloned().collect();
    let chosen = match chosen {
        Some(c) => Some(c),
        None if file.env.contains_key("development") => {
            Some(("development".to_string(), "the default"))
        }
        None => None,
    };
    let env = match &chosen {
        Some((name, how)) => Some(file.env.get(name).ok_or_else(|| {
            format!(
                "{how} {name}: {} has no [env.{name}]{}",
                path.display(),
                if envs.is_empty() {
                    String::new()
                } else {
                    format!(" (it has {})", envs.join(", "))
                }
            )
        })?),
        None => None,
    };
    let mut c = Config {
        path: Some(path.clone()),
        env: chosen.clone(),
        envs: envs.clone(),
        ..Config::default()
    };
    for s in &file.schema {
        c.schema.push(relative(&expand(s)?));
    }
    for s in file
        .exclude
        .iter()
        .chain(env.iter().flat_map(|e| &e.exclude))
    {
        let p = expand(s)?;
        crate::exclude::Exclude::new(&[&p]).map_err(|e| format!("{}: {e}", at(s.span())))?;
        c.exclude.push(p);
    }
    if let Some(m) = &file.migrations {
        if let Some(d) = &m.dir {
            c.migrations_dir = Some(relative(&expand(d)?));
        }
        if let Some(l) = &m.layout {
            let name = expand(l)?;
            if schemadiff_migrate::Layout::from_name(&name).is_none() {
                return Err(format!(
                    "{}: unknown layout `{name}` (rails, dbmate, golang-migrate, sqlx, flyway)",
                    at(l.span())
                ));
            }
            c.layout = Some(name);
        }
    }
    c.dev_database = file.dev_database.as_ref().map(expand).transpose()?;
    if let Some(e) = env {
        c.database = e.database.as_ref().map(expand).transpose()?;
        if let Some(d) = &e.dev_database {
            c.dev_database = Some(expand(d)?);
        }
        for h in &e.allow_hazards {
            let k = expand(h)?;
            crate::parse_hazards(std::slice::from_ref(&k))
                .map_err(|e| format!("{}: allow_hazards: {e}", at(h.span())))?;
            c.allow_hazards.push(k);
        }
        for (field, value) in [
            (&e.lock_timeout, &mut c.lock_timeout),
            (&e.statement_timeout, &mut c.statement_timeout),
        ] {
            if let Some(v) = field {
                let text = expand(v)?;
                schemadiff_apply::run::parse_duration(&text)
                    .map_err(|err| format!("{}: {err}", at(v.span())))?;
                *value = Some(text);
            }
        }
        c.allow_destructive = e.allow_destructive;
        c.lock_retries = e.lock_retries;
        c.online = e.online;
    }
    Ok(c)
}

/// `${NAME}` → the variable's value; an unset one is an error.
fn expand_vars(s: &str, vars: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("`{s}`: `${{` without its closing `}}`"))?;
        let name = &after[..end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`${{{name}}}`: not a variable name"));
        }
        match vars(name) {
            Some(v) => out.push_str(&v),
            None => return Err(format!("${{{name}}} is not set in the environment")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit_once('\n')
        .map_or(before, |(_, l)| l)
        .chars()
        .count()
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str, env: Option<&str>, vars: &[(&str, &str)]) -> Result<Config, String> {
        // A directory per call: the tests run on threads.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "schemadiff-config-unit-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(FILE_NAME), text).unwrap();
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let r = load(None, env, &dir, &|n| {
            vars.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone())
        })
        .map_err(|e| e.replace(&dir.display().to_string(), "DIR"));
        let _ = std::fs::remove_dir_all(&dir);
        r
    }

    const EXAMPLE: &str = r#"schema = ["db/schema.rb", "db/functions.sql"]
exclude = ["public.timestamp_id"]
migrations = { dir = "db/migrate", layout = "rails" }

[env.development]
database = "postgres://localhost/app_dev"

[env.production]
database = "${DATABASE_URL}"
allow_hazards = ["row_scan"]
lock_timeout = "3s"
"#;

    #[test]
    fn the_example_reads_for_each_environment() {
        let dev = load_text(EXAMPLE, None, &[]).unwrap();
        assert_eq!(dev.env, Some(("development".into(), "the default")));
        assert_eq!(
            dev.database.as_deref(),
            Some("postgres://localhost/app_dev")
        );
        assert_eq!(dev.schema.len(), 2);
        assert!(dev.schema[0].ends_with("db/schema.rb"));
        assert_eq!(dev.exclude, ["public.timestamp_id"]);
        assert_eq!(dev.layout.as_deref(), Some("rails"));
        assert!(dev.allow_hazards.is_empty());

        let prod = load_text(
            EXAMPLE,
            Some("production"),
            &[("DATABASE_URL", "postgres://app:pw@db/prod")],
        )
        .unwrap();
        assert_eq!(prod.database.as_deref(), Some("postgres://app:pw@db/prod"));
        assert_eq!(prod.allow_hazards, ["row_scan"]);
        assert_eq!(prod.lock_timeout.as_deref(), Some("3s"));
        let prod = load_text(
            EXAMPLE,
            None,
            &[("SCHEMADIFF_ENV", "production"), ("DATABASE_URL", "x")],
        )
        .unwrap();
        assert_eq!(prod.env, Some(("production".into(), "SCHEMADIFF_ENV")));
    }

    #[test]
    fn mistakes_name_the_file_line_and_column() {
        let cases = [
            ("schema = [\"a\"]\nschemas = [\"b\"]\n", None, "DIR/schemadiff.toml:2:1: unknown field `schemas`"),
            ("[env.production]\ndatabase = \"x\"\nlock_timout = \"3s\"\n", Some("production"), "DIR/schemadiff.toml:3:1: unknown field `lock_timout`"),
            (EXAMPLE, Some("production"), "DIR/schemadiff.toml:9:12: ${DATABASE_URL} is not set"),
            (EXAMPLE, Some("staging"), "--env staging: DIR/schemadiff.toml has no [env.staging] (it has development, production)"),
            ("[env.production]\nlock_timeout = \"soon\"\n", Some("production"), "DIR/schemadiff.toml:2:16:"),
            ("[env.production]\nallow_hazards = [\"fast\"]\n", Some("production"), "DIR/schemadiff.toml:2:18: allow_hazards: unknown hazard `fast`"),
            ("migrations = { layout = \"liquibase\" }\n", None, "DIR/schemadiff.toml:1:25: unknown layout `liquibase`"),
            ("exclude = [\"a.b.c\"]\n", None, "DIR/schemadiff.toml:1:12: exclude pattern `a.b.c`"),
            ("schema = \"db\"\n", None, "DIR/schemadiff.toml:1:10:"),
        ];
        for (text, env, expected) in cases {
            let e = load_text(text, env, &[]).unwrap_err();
            assert!(e.starts_with(expected), "{expected}\n  got: {e}");
        }
    }
}
