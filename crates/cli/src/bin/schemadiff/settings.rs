//! Where each setting comes from: a flag, then the environment variable
//! schemadiff has always read (DATABASE_URL, SCHEMADIFF_DEV_DATABASE — as
//! Rails lets DATABASE_URL win over config/database.yml), then
//! `schemadiff.toml` (its environment's table, then its top level), then
//! the built-in default. `--exclude` patterns add to the file's.

use schemadiff::config::Config;
use schemadiff::exclude::Exclude;
use schemadiff::Error;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The configuration of this run, read once at start.
pub(crate) struct Settings {
    pub(crate) config: Config,
    pub(crate) exclude: Exclude,
    /// `--exclude` as given.
    flag_exclude: Vec<String>,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Reads `schemadiff.toml` (or `--config`) for the chosen environment.
pub(crate) fn init(
    config: Option<PathBuf>,
    env: Option<String>,
    exclude: Vec<String>,
) -> Result<(), Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::Input(e.to_string()))?;
    let config = schemadiff::config::load(config.as_deref(), env.as_deref(), &cwd, &|name| {
        std::env::var(name).ok()
    })
    .map_err(Error::Input)?;
    let all: Vec<String> = config.exclude.iter().chain(&exclude).cloned().collect();
    let patterns = Exclude::new(&all).map_err(|e| Error::Input(format!("--exclude: {e}")))?;
    let _ = SETTINGS.set(Settings {
        config,
        exclude: patterns,
        flag_exclude: exclude,
    });
    Ok(())
}

pub(crate) fn get() -> &'static Settings {
    SETTINGS.get_or_init(|| Settings {
        config: Config::default(),
        exclude: Exclude::default(),
        flag_exclude: Vec::new(),
    })
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Settings {
    /// The desired-state paths: `--schema`, else the file's `schema`.
    pub(crate) fn schema(&self, flag: Vec<PathBuf>) -> Result<Vec<PathBuf>, Error> {
        if !flag.is_empty() {
            return Ok(flag);
        }
        if !self.config.schema.is_empty() {
            return Ok(self.config.schema.clone());
        }
        Err(Error::Input(
            "no desired state: give --schema PATH... (or `schema = [...]` in schemadiff.toml)"
                .into(),
        ))
    }

    /// `--database`, DATABASE_URL, the environment's `database`; none: the
    /// local development database.
    pub(crate) fn database(&self, flag: Option<String>) -> Option<String> {
        flag.or_else(|| var("DATABASE_URL"))
            .or_else(|| self.config.database.clone())
    }

    /// `--dev-database`, SCHEMADIFF_DEV_DATABASE, the file's
    /// `dev_database`; none: the development cluster.
    pub(crate) fn dev_database(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::to_string)
            .or_else(|| var("SCHEMADIFF_DEV_DATABASE"))
            .or_else(|| self.config.dev_database.clone())
    }

    pub(crate) fn migrations_dir(&self, flag: Option<PathBuf>) -> PathBuf {
        flag.or_else(|| self.config.migrations_dir.clone())
            .unwrap_or_else(|| PathBuf::from("db/migrate"))
    }

    pub(crate) fn layout(&self, flag: Option<String>) -> String {
        flag.or_else(|| self.config.layout.clone())
            .unwrap_or_else(|| "rails".to_string())
    }

    /// Online forms unless `--no-online` or `online = false`.
    pub(crate) fn online(&self, no_online: bool) -> bool {
        !no_online && self.config.online.unwrap_or(true)
    }

    pub(crate) fn allow_hazards(&self, flag: Vec<String>) -> Vec<String> {
        if flag.is_empty() {
            self.config.allow_hazards.clone()
        } else {
            flag
        }
    }

    pub(crate) fn allow_destructive(&self, flag: bool) -> bool {
        flag || self.config.allow_destructive.unwrap_or(false)
    }

    pub(crate) fn lock_timeout(&self, flag: Option<String>) -> String {
        flag.or_else(|| self.config.lock_timeout.clone())
            .unwrap_or_else(|| "5s".to_string())
    }

    pub(crate) fn statement_timeout(&self, flag: Option<String>) -> String {
        flag.or_else(|| self.config.statement_timeout.clone())
            .unwrap_or_else(|| "10m".to_string())
    }

    pub(crate) fn lock_retries(&self, flag: Option<u32>) -> u32 {
        flag.or(self.config.lock_retries).unwrap_or(3)
    }

    /// `schemadiff config`: every setting, where it comes from, passwords
    /// hidden.
    pub(crate) fn describe(&self) -> String {
        let c = &self.config;
        let redact = schemadiff_apply::url::redact;
        let file = c
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none: no schemadiff.toml here)".into());
        let from_file = |set: bool| if set { "schemadiff.toml" } else { "default" };
        let env_table = c
            .env
            .as_ref()
            .map(|(n, _)| format!("schemadiff.toml [env.{n}]"))
            .unwrap_or_else(|| "schemadiff.toml".into());
        let mut lines: Vec<(String, String, String)> = Vec::new();
        let mut add = |k: &str, v: String, from: String| lines.push((k.into(), v, from));
        add("config", file, String::new());
        add(
            "env",
            c.env
                .as_ref()
                .map(|(n, _)| n.clone())
                .unwrap_or_else(|| "(none)".into()),
            c.env
                .as_ref()
                .map(|(_, how)| how.to_string())
                .unwrap_or_default(),
        );
        if !c.envs.is_empty() {
            add("environments", c.envs.join(", "), String::new());
        }
        let list = |v: &[String]| format!("[{}]", v.join(", "));
        add(
            "schema",
            list(
                &c.schema
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>(),
            ),
            from_file(!c.schema.is_empty()).into(),
        );
        add(
            "exclude",
            list(&self.exclude.patterns()),
            match (c.exclude.is_empty(), self.flag_exclude.is_empty()) {
                (true, true) => "default".into(),
                (false, true) => "schemadiff.toml".into(),
                (true, false) => "--exclude".into(),
                (false, false) => "schemadiff.toml and --exclude".into(),
            },
        );
        add(
            "migrations.dir",
            self.migrations_dir(None).display().to_string(),
            from_file(c.migrations_dir.is_some()).into(),
        );
        add(
            "migrations.layout",
            self.layout(None),
            from_file(c.layout.is_some()).into(),
        );
        let (database, from) = match (var("DATABASE_URL"), &c.database) {
            (Some(u), _) => (redact(&u), "DATABASE_URL".to_string()),
            (None, Some(u)) => (redact(u), env_table.clone()),
            (None, None) => (
                "the local development database under .schemadiff/".into(),
                "default".into(),
            ),
        };
        add("database", database, from);
        let (dev, from) = match (var("SCHEMADIFF_DEV_DATABASE"), &c.dev_database) {
            (Some(u), _) => (redact(&u), "SCHEMADIFF_DEV_DATABASE".to_string()),
            (None, Some(u)) => (redact(u), "schemadiff.toml".to_string()),
            (None, None) => (
                "the development cluster's scratch database".into(),
                "default".into(),
            ),
        };
        add("dev_database", dev, from);
        let env_or_default = |set: bool| {
            if set {
                env_table.clone()
            } else {
                "default".into()
            }
        };
        add(
            "allow_hazards",
            list(&c.allow_hazards),
            env_or_default(!c.allow_hazards.is_empty()),
        );
        add(
            "allow_destructive",
            self.allow_destructive(false).to_string(),
            env_or_default(c.allow_destructive.is_some()),
        );
        add(
            "lock_timeout",
            self.lock_timeout(None),
            env_or_default(c.lock_timeout.is_some()),
        );
        add(
            "lock_retries",
            self.lock_retries(None).to_string(),
            env_or_default(c.lock_retries.is_some()),
        );
        add(
            "statement_timeout",
            self.statement_timeout(None),
            env_or_default(c.statement_timeout.is_some()),
        );
        add(
            "online",
            self.online(false).to_string(),
            env_or_default(c.online.is_some()),
        );
        let width = lines.iter().map(|(k, _, _)| k.len()).max().unwrap_or(0);
        let value_width = lines
            .iter()
            .map(|(_, v, _)| v.chars().count())
            .max()
            .unwrap_or(0)
            .min(60);
        let mut out = String::new();
        for (k, v, from) in lines {
            let line = if from.is_empty() {
                format!("{k:width$}  {v}")
            } else {
                format!("{k:width$}  {v:value_width$}  # {from}")
            };
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push_str("\nFlags given to a command win over these.\n");
        out
    }
}
