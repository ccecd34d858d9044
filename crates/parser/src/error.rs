//! The parser's error: always with a location and, where there is one, the
//! statement or value it is about.

use crate::source::Loc;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    pub loc: Loc,
    pub message: String,
    /// The offending statement or value, quoted in the message.
    pub snippet: Option<String>,
}

impl ParseError {
    pub fn new(loc: Loc, message: impl Into<String>) -> Self {
        ParseError {
            loc,
            message: message.into(),
            snippet: None,
        }
    }

    pub fn with_snippet(mut self, snippet: &str) -> Self {
        let one_line: String = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
        let cut = if one_line.chars().count() > 120 {
            format!("{}…", one_line.chars().take(120).collect::<String>())
        } else {
            one_line
        };
        self.snippet = Some(cut);
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.loc, self.message)?;
        if let Some(s) = &self.snippet {
            write!(f, "\n  in: {s}")?;
        }
        Ok(())
    }
}

pub type Result<T, E = ParseError> = std::result::Result<T, E>;
