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
    /// The statement may well be valid: this reader cannot model it (or
    /// sqlparser cannot read it). The server can, so a desired state may
    /// take it from a scratch database instead (see `Pending::unread`).
    pub unmodelled: bool,
    /// Never settled by a scratch database (see [`ParseError::hard`]).
    pub hard: bool,
}

impl ParseError {
    pub fn new(loc: Loc, message: impl Into<String>) -> Self {
        ParseError {
            loc,
            message: message.into(),
            snippet: None,
            unmodelled: false,
            hard: false,
        }
    }

    /// See [`ParseError::unmodelled`].
    pub fn unmodelled(loc: Loc, message: impl Into<String>) -> Self {
        ParseError {
            unmodelled: true,
            ..ParseError::new(loc, message)
        }
    }

    /// An error a scratch database would not settle: what the statement
    /// makes would not be read back (a temporary object, a grantor), or
    /// running it would undo the scratch transaction.
    pub fn hard(mut self) -> Self {
        self.unmodelled = false;
        self.hard = true;
        self
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
