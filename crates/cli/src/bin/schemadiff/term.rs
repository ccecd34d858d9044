//! The terminal: colour in text plans (creates green, drops red, hazards
//! yellow) and a progress line while a long apply runs — only when the
//! output is a terminal, never with NO_COLOR or into a pipe, unless
//! `--color always` says otherwise.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is unset.
    Auto,
    Always,
    Never,
}

static CHOICE: OnceLock<ColorChoice> = OnceLock::new();

pub(crate) fn init(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// Whether standard output gets colour.
pub(crate) fn colour() -> bool {
    match CHOICE.get().copied().unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BOLD_RED: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// A text plan with its summary lines coloured (the SQL after `SQL:` is
/// left as it is, to copy).
pub(crate) fn paint_plan(text: &str) -> String {
    if !colour() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 256);
    let mut in_sql = false;
    for line in text.split_inclusive('\n') {
        if in_sql {
            out.push_str(line);
            continue;
        }
        if line.starts_with("SQL:") {
            in_sql = true;
            out.push_str(line);
            continue;
        }
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let painted = if let Some(rest) = body.strip_prefix("Plan: ") {
            match rest.split_once(" — ") {
                Some((counts, warn)) => format!("Plan: {counts} — {BOLD_RED}{warn}{RESET}"),
                None => body.to_string(),
            }
        } else if body.starts_with("  + ") || body.starts_with("  - ") {
            let colour = if body.starts_with("  + ") { GREEN } else { RED };
            match body.rsplit_once("  [") {
                Some((step, hazards)) => {
                    format!("{colour}{step}{RESET}  {YELLOW}[{hazards}{RESET}")
                }
                None => format!("{colour}{body}{RESET}"),
            }
        } else if body.starts_with("  ~ ") {
            match body.rsplit_once("  [") {
                Some((step, hazards)) => format!("{step}  {YELLOW}[{hazards}{RESET}"),
                None => body.to_string(),
            }
        } else {
            body.to_string()
        };
        out.push_str(&painted);
        out.push_str(newline);
    }
    out
}

/// `[3/12] ALTER TABLE …` on standard error while a statement runs, on a
/// terminal only; cleared when it is done.
pub(crate) struct Progress {
    on: bool,
    total: usize,
}

impl Progress {
    pub(crate) fn new(total: usize) -> Progress {
        Progress {
            on: std::io::stderr().is_terminal() && total > 1,
            total,
        }
    }

    pub(crate) fn start(&self, index: usize, what: &str) {
        self.start_of(index, self.total, what)
    }

    /// [`Progress::start`] out of `total` (pending migrations, say).
    pub(crate) fn start_of(&self, index: usize, total: usize, what: &str) {
        if !self.on {
            return;
        }
        let first: String = what
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(60)
            .collect();
        let mut e = std::io::stderr();
        let _ = write!(e, "\r\x1b[2K[{}/{total}] {first}…", index + 1);
        let _ = e.flush();
    }

    pub(crate) fn done(&self) {
        if self.on {
            let mut e = std::io::stderr();
            let _ = write!(e, "\r\x1b[2K");
            let _ = e.flush();
        }
    }
}
