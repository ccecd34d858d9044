//! The Ruby that Rails' schema dumper writes, and nothing more: method
//! calls with literal arguments (strings, symbols, numbers, `true` /
//! `false` / `nil`, arrays, hashes, `-> { "sql" }` lambdas, heredocs),
//! keyword arguments in both spellings (`null: false`, `:null => false`),
//! and `do |t| … end` blocks. Anything else is an error at its location:
//! a variable, an operator, string interpolation, a method call on a
//! value.

use crate::error::{ParseError, Result};
use crate::source::Source;

/// A literal value, and where it starts (a byte offset).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Value {
    pub kind: Kind,
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Str(String),
    Sym(String),
    /// As written (digits, sign, no underscores).
    Int(String),
    Float(String),
    Bool(bool),
    Nil,
    Array(Vec<Value>),
    /// Keys are strings or symbols (`"a" => 1`, `a: 1`).
    Hash(Vec<(Value, Value)>),
    /// `-> { value }` or `lambda { value }`.
    Lambda(Box<Value>),
}

impl Kind {
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Kind::Str(_) => "a string",
            Kind::Sym(_) => "a symbol",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number",
            Kind::Bool(_) => "true or false",
            Kind::Nil => "nil",
            Kind::Array(_) => "an array",
            Kind::Hash(_) => "a hash",
            Kind::Lambda(_) => "a lambda",
        }
    }
}

/// `receiver.name positional, key: value do |param| body end`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    /// `t` in `t.string`; a constant path (`ActiveRecord::Schema[7.1]`) is
    /// read by [`parse_file`] itself.
    pub receiver: Option<String>,
    pub name: String,
    pub at: usize,
    pub args: Vec<Value>,
    /// Keyword arguments in order: (key, its offset, value).
    pub kwargs: Vec<(String, usize, Value)>,
    pub block: Option<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    pub param: Option<String>,
    pub body: Vec<Call>,
}

/// The whole file: `ActiveRecord::Schema[x.y].define(version: …) do … end`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SchemaFile {
    /// `[7.1]` as (7, 1); `None` for the old `ActiveRecord::Schema.define`.
    pub version: Option<(u32, u32)>,
    pub body: Vec<Call>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Const(String),
    /// `name:` (also `"name":`).
    Label(String),
    Sym(String),
    Str(String),
    Int(String),
    Float(String),
    Punct(&'static str),
    Newline,
    Eof,
}

struct Lexer<'a> {
    src: &'a Source,
    text: &'a str,
    pos: usize,
    toks: Vec<(Tok, usize)>,
    /// Heredocs opened on the current line, read when it ends.
    pending: Vec<Heredoc>,
}

/// A heredoc whose body is still to be read.
struct Heredoc {
    /// Its token, filled in when the body is read.
    index: usize,
    terminator: String,
    /// `<<~`: the body's common indentation is removed.
    squiggly: bool,
    /// `<<-` or `<<~`: the terminator may be indented.
    indented: bool,
    /// `<<~'SQL'`: no escapes, no interpolation.
    raw: bool,
}

fn err(src: &Source, at: usize, msg: impl Into<String>) -> ParseError {
    ParseError::new(src.loc(at), msg)
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut c = self.text[self.pos..].chars();
        c.next();
        c.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn run(mut self) -> Result<Vec<(Tok, usize)>> {
        while let Some(c) = self.peek() {
            let start = self.pos;
            match c {
                ' ' | '\t' | '\r' => {
                    self.bump();
                }
                '\\' if self.peek2() == Some('\n') => {
                    // A line continued.
                    self.pos += 2;
                }
                '\n' => {
                    self.bump();
                    self.toks.push((Tok::Newline, start));
                    self.read_heredocs()?;
                }
                '#' => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '"' | '\'' => {
                    self.bump();
                    let s = self.string(c, start)?;
                    if self.peek() == Some(':') && self.peek2() != Some(':') {
                        self.bump();
                        self.toks.push((Tok::Label(s), start));
                    } else {
                        self.toks.push((Tok::Str(s), start));
                    }
                }
                ':' if self.peek2() == Some(':') => {
                    self.pos += 2;
                    self.toks.push((Tok::Punct("::"), start));
                }
                ':' => {
                    self.bump();
                    match self.peek() {
                        Some(q @ ('"' | '\'')) => {
                            self.bump();
                            let s = self.string(q, start)?;
                            self.toks.push((Tok::Sym(s), start));
                        }
                        Some(c) if c.is_alphabetic() || c == '_' => {
                            let mut s = self.word();
                            // `:srid=>4326` is `:srid` then `=>`.
                            let rocket = self.peek() == Some('=') && self.peek2() == Some('>');
                            if matches!(self.peek(), Some('?' | '!' | '=')) && !rocket {
                                s.push(self.bump().unwrap_or_default());
                            }
                            self.toks.push((Tok::Sym(s), start));
                        }
                        _ => return Err(err(self.src, start, "a `:` that starts no symbol")),
                    }
                }
                '<' if self.peek2() == Some('<') => self.heredoc_start(start)?,
                '=' if self.peek2() == Some('>') => {
                    self.pos += 2;
                    self.toks.push((Tok::Punct("=>"), start));
                }
                '-' if self.peek2() == Some('>') => {
                    self.pos += 2;
                    self.toks.push((Tok::Punct("->"), start));
                }
                '-' if self.peek2().is_some_and(|c| c.is_ascii_digit()) => {
                    self.bump();
                    let mut n = self.number(start)?;
                    match &mut n {
                        Tok::Int(s) | Tok::Float(s) => s.insert(0, '-'),
                        _ => {}
                    }
                    self.toks.push((n, start));
                }
                c if c.is_ascii_digit() => {
                    let n = self.number(start)?;
                    self.toks.push((n, start));
                }
                c if c.is_alphabetic() || c == '_' => {
                    let w = self.word();
                    let is_label = self.peek() == Some(':') && self.peek2() != Some(':');
                    if is_label {
                        self.bump();
                        self.toks.push((Tok::Label(w), start));
                    } else if w.starts_with(|c: char| c.is_uppercase()) {
                        self.toks.push((Tok::Const(w), start));
                    } else {
                        self.toks.push((Tok::Ident(w), start));
                    }
                }
                '(' | ')' | '[' | ']' | '{' | '}' | ',' | '.' | '|' => {
                    self.bump();
                    let p = match c {
                        '(' => "(",
                        ')' => ")",
                        '[' => "[",
                        ']' => "]",
                        '{' => "{",
                        '}' => "}",
                        ',' => ",",
                        '.' => ".",
                        _ => "|",
                    };
                    self.toks.push((Tok::Punct(p), start));
                }
                other => {
                    return Err(err(
                        self.src,
                        start,
                        format!("`{other}`: only the literals and calls Rails' schema dumper writes are read here"),
                    ))
                }
            }
        }
        if let Some(h) = self.pending.first() {
            return Err(err(
                self.src,
                self.toks[h.index].1,
                format!("the heredoc's closing `{}` is missing", h.terminator),
            ));
        }
        self.toks.push((Tok::Eof, self.text.len()));
        Ok(self.toks)
    }

    fn word(&mut self) -> String {
        let mut w = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                w.push(c);
                self.bump();
            } else {
                break;
            }
        }
        w
    }

    fn number(&mut self, start: usize) -> Result<Tok> {
        let mut s = String::new();
        let mut float = false;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                s.push(c);
            } else if c == '_' {
                // 2024_01_01_000000
            } else if c == '.' && !float && self.peek2().is_some_and(|d| d.is_ascii_digit()) {
                float = true;
                s.push(c);
            } else if (c == 'e' || c == 'E') && !s.is_empty() {
                float = true;
                s.push(c);
                self.bump();
                if let Some(sign @ ('+' | '-')) = self.peek() {
                    s.push(sign);
                    self.bump();
                }
                continue;
            } else if c.is_alphabetic() {
                return Err(err(self.src, start, "a number this reader does not know"));
            } else {
                break;
            }
            self.bump();
        }
        Ok(if float { Tok::Float(s) } else { Tok::Int(s) })
    }

    /// A quoted string's contents after its opening quote.
    fn string(&mut self, quote: char, start: usize) -> Result<String> {
        let mut s = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(err(self.src, start, "a string that never ends"));
            };
            match c {
                c if c == quote => return Ok(s),
                '\\' => {
                    let Some(e) = self.bump() else {
                        return Err(err(self.src, start, "a string that never ends"));
                    };
                    if quote == '\'' {
                        // Only \' and \\ are escapes in single quotes.
                        if e != '\'' && e != '\\' {
                            s.push('\\');
                        }
                        s.push(e);
                    } else {
                        self.escape(e, &mut s, start)?;
                    }
                }
                '#' if quote == '"' && self.peek() == Some('{') => {
                    return Err(err(
                        self.src,
                        self.pos - 1,
                        "string interpolation (`#{…}`) is Ruby code this reader does not run; write the value itself",
                    ))
                }
                c => s.push(c),
            }
        }
    }

    /// A backslash escape of a double-quoted string (`e` follows `\`).
    fn escape(&mut self, e: char, s: &mut String, start: usize) -> Result<()> {
        match e {
            'n' => s.push('\n'),
            't' => s.push('\t'),
            'r' => s.push('\r'),
            'e' => s.push('\u{1b}'),
            's' => s.push(' '),
            '0' => s.push('\0'),
            'a' => s.push('\u{7}'),
            'b' => s.push('\u{8}'),
            'f' => s.push('\u{c}'),
            'v' => s.push('\u{b}'),
            'u' => {
                let digits: String = if self.peek() == Some('{') {
                    self.bump();
                    let mut d = String::new();
                    while let Some(c) = self.bump() {
                        if c == '}' {
                            break;
                        }
                        d.push(c);
                    }
                    d
                } else {
                    (0..4).filter_map(|_| self.bump()).collect()
                };
                let c = u32::from_str_radix(digits.trim(), 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| {
                        err(self.src, start, format!("`\\u{digits}`: not a character"))
                    })?;
                s.push(c);
            }
            'x' => {
                let mut d = String::new();
                while d.len() < 2 && self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                    d.push(self.bump().unwrap_or_default());
                }
                let b = u8::from_str_radix(&d, 16)
                    .map_err(|_| err(self.src, start, "`\\x` without hex digits"))?;
                s.push(char::from(b));
            }
            // \" \\ \# and any other character stand for themselves.
            other => s.push(other),
        }
        Ok(())
    }

    /// `<<~SQL`, `<<-SQL`, `<<SQL`, quoted or not; the body is read when
    /// the line ends.
    fn heredoc_start(&mut self, start: usize) -> Result<()> {
        self.pos += 2;
        let (squiggly, dash) = match self.peek() {
            Some('~') => (true, false),
            Some('-') => (false, true),
            _ => (false, false),
        };
        if squiggly || dash {
            self.bump();
        }
        let (term, raw) = match self.peek() {
            Some(q @ ('\'' | '"')) => {
                self.bump();
                let mut t = String::new();
                while let Some(c) = self.bump() {
                    if c == q {
                        break;
                    }
                    t.push(c);
                }
                (t, q == '\'')
            }
            Some(c) if c.is_alphabetic() || c == '_' => (self.word(), false),
            _ => return Err(err(self.src, start, "`<<` that opens no heredoc")),
        };
        self.toks.push((Tok::Str(String::new()), start));
        self.pending.push(Heredoc {
            index: self.toks.len() - 1,
            terminator: term,
            squiggly,
            indented: squiggly || dash,
            raw,
        });
        Ok(())
    }

    fn read_heredocs(&mut self) -> Result<()> {
        for Heredoc {
            index,
            terminator: term,
            squiggly,
            indented,
            raw,
        } in std::mem::take(&mut self.pending)
        {
            let body_start = self.pos;
            let mut lines = Vec::new();
            loop {
                if self.pos >= self.text.len() {
                    return Err(err(
                        self.src,
                        self.toks[index].1,
                        format!("the heredoc's closing `{term}` is missing"),
                    ));
                }
                let end = self.text[self.pos..]
                    .find('\n')
                    .map_or(self.text.len(), |i| self.pos + i);
                let line = &self.text[self.pos..end];
                self.pos = (end + 1).min(self.text.len());
                let closing = if indented {
                    line.trim() == term
                } else {
                    line.trim_end() == term
                };
                if closing {
                    break;
                }
                lines.push(line.to_string());
            }
            if squiggly {
                let indent = lines
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.len() - l.trim_start().len())
                    .min()
                    .unwrap_or(0);
                for l in &mut lines {
                    *l = l.get(indent..).unwrap_or("").to_string();
                }
            }
            let mut body = lines.join("\n");
            body.push('\n');
            if !raw {
                if let Some(i) = body.find("#{") {
                    return Err(err(
                        self.src,
                        body_start + i,
                        "string interpolation (`#{…}`) is Ruby code this reader does not run; write the SQL itself",
                    ));
                }
                body = unescape(&body);
            }
            self.toks[index].0 = Tok::Str(body);
        }
        Ok(())
    }
}

/// A heredoc's backslash escapes, as in a double-quoted string.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\n') => {}
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

struct Parser<'a> {
    src: &'a Source,
    toks: Vec<(Tok, usize)>,
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &Tok {
        &self.toks[self.i].0
    }

    fn at(&self) -> usize {
        self.toks[self.i].1
    }

    fn next(&mut self) -> (Tok, usize) {
        let t = self.toks[self.i].clone();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        t
    }

    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    fn expect(&mut self, p: &str, what: &str) -> Result<usize> {
        if self.is(p) {
            Ok(self.next().1)
        } else {
            Err(self.unexpected(what))
        }
    }

    fn unexpected(&self, wanted: &str) -> ParseError {
        let found = match self.peek() {
            Tok::Ident(w) | Tok::Const(w) => format!("`{w}`"),
            Tok::Label(w) => format!("`{w}:`"),
            Tok::Sym(w) => format!("`:{w}`"),
            Tok::Str(_) => "a string".into(),
            Tok::Int(n) | Tok::Float(n) => format!("`{n}`"),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Newline => "the end of the line".into(),
            Tok::Eof => "the end of the file".into(),
        };
        err(
            self.src,
            self.at(),
            format!("expected {wanted}, found {found}"),
        )
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Tok::Newline) {
            self.next();
        }
    }

    /// Newlines are insignificant after `,`, `(`, `[`, `{`, `=>`, `|`.
    fn skip_continuation(&mut self) {
        self.skip_newlines();
    }

    fn file(&mut self) -> Result<SchemaFile> {
        self.skip_newlines();
        let at = self.at();
        let path = self.const_path().unwrap_or_default();
        if path != "ActiveRecord::Schema" {
            return Err(err(
                self.src,
                at,
                "a schema.rb starts with `ActiveRecord::Schema[7.1].define(version: …) do` (or the older `ActiveRecord::Schema.define`)",
            ));
        }
        let version = if self.is("[") {
            self.next();
            let (t, vat) = self.next();
            let v = match t {
                Tok::Float(f) => f,
                Tok::Int(i) => i,
                _ => {
                    return Err(err(
                        self.src,
                        vat,
                        "expected the Rails version, such as `[7.1]`",
                    ))
                }
            };
            self.expect("]", "`]`")?;
            let mut parts = v.split('.');
            let major = parts.next().and_then(|m| m.parse().ok());
            let minor = parts.next().map_or(Some(0), |m| m.parse().ok());
            match (major, minor) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => return Err(err(self.src, vat, format!("`{v}`: not a Rails version"))),
            }
        } else {
            None
        };
        self.expect(".", "`.define`")?;
        match self.next() {
            (Tok::Ident(w), _) if w == "define" => {}
            (_, at) => return Err(err(self.src, at, "expected `define`")),
        }
        // (version: 2024_01_01_000000) — read and set aside.
        if self.is("(") {
            self.next();
            self.skip_continuation();
            while !self.is(")") {
                let (t, at) = self.next();
                match t {
                    Tok::Label(_) => {}
                    Tok::Sym(_) if self.is("=>") => {
                        self.next();
                    }
                    _ => return Err(err(self.src, at, "expected `version: …`")),
                }
                self.value()?;
                if self.is(",") {
                    self.next();
                    self.skip_continuation();
                }
            }
            self.next();
        }
        let body = self.block_body(false)?.body;
        self.skip_newlines();
        if !matches!(self.peek(), Tok::Eof) {
            return Err(self.unexpected("the end of the file after the schema's `end`"));
        }
        Ok(SchemaFile { version, body })
    }

    fn const_path(&mut self) -> Result<String> {
        let mut path = match self.next() {
            (Tok::Const(c), _) => c,
            (_, at) => return Err(err(self.src, at, "expected `ActiveRecord::Schema`")),
        };
        while self.is("::") {
            self.next();
            match self.next() {
                (Tok::Const(c), _) => {
                    path.push_str("::");
                    path.push_str(&c);
                }
                (_, at) => return Err(err(self.src, at, "expected a constant after `::`")),
            }
        }
        Ok(path)
    }

    /// `do |param| calls end` (or `{ |param| … }`), the `do` or `{` next.
    fn block_body(&mut self, braces: bool) -> Result<Block> {
        let close = if braces {
            self.expect("{", "`{`")?;
            "}"
        } else {
            match self.next() {
                (Tok::Ident(w), _) if w == "do" => {}
                (_, at) => return Err(err(self.src, at, "expected `do`")),
            }
            "end"
        };
        let mut param = None;
        if self.is("|") {
            self.next();
            match self.next() {
                (Tok::Ident(p), _) => param = Some(p),
                (_, at) => return Err(err(self.src, at, "expected the block's parameter, `|t|`")),
            }
            self.expect("|", "`|`")?;
        }
        let mut body = Vec::new();
        loop {
            self.skip_newlines();
            let done = match self.peek() {
                Tok::Ident(w) if close == "end" && w == "end" => true,
                Tok::Punct("}") if close == "}" => true,
                Tok::Eof => {
                    return Err(err(
                        self.src,
                        self.at(),
                        format!("the file ends before this block's `{close}`"),
                    ))
                }
                _ => false,
            };
            if done {
                self.next();
                break;
            }
            body.push(self.call()?);
            match self.peek() {
                Tok::Newline | Tok::Eof => {}
                Tok::Ident(w) if w == "end" => {}
                Tok::Punct("}") if close == "}" => {}
                _ => return Err(self.unexpected("the end of the line")),
            }
        }
        Ok(Block { param, body })
    }

    /// `name args`, `recv.name args`, either with an optional block.
    fn call(&mut self) -> Result<Call> {
        let (t, at) = self.next();
        let first = match t {
            Tok::Ident(w) => w,
            Tok::Const(c) => {
                return Err(err(
                    self.src,
                    at,
                    format!("`{c}`: only the calls Rails' schema dumper writes are read here"),
                ))
            }
            _ => {
                self.i -= 1;
                return Err(self.unexpected("a method call"));
            }
        };
        let (receiver, name, at) = if self.is(".") {
            self.next();
            match self.next() {
                (Tok::Ident(m), _) => (Some(first), m, at),
                (_, mat) => return Err(err(self.src, mat, "expected a method name after `.`")),
            }
        } else {
            (None, first, at)
        };
        let mut call = Call {
            receiver,
            name,
            at,
            args: Vec::new(),
            kwargs: Vec::new(),
            block: None,
        };
        let parens =
            self.is("(") && self.toks[self.i].1 == self.toks[self.i - 1].1 + self.width(self.i - 1);
        if parens {
            self.next();
            self.skip_continuation();
            if !self.is(")") {
                self.arguments(&mut call, true)?;
            }
            self.skip_continuation();
            self.expect(")", "`)`")?;
        } else if self.starts_argument() {
            self.arguments(&mut call, false)?;
        }
        if matches!(self.peek(), Tok::Ident(w) if w == "do") {
            call.block = Some(self.block_body(false)?);
        } else if self.is("{") {
            call.block = Some(self.block_body(true)?);
        }
        Ok(call)
    }

    /// The width in bytes of token `i`'s text, for telling `f(x)` from
    /// `f (x)`: only an adjacent `(` opens an argument list.
    fn width(&self, i: usize) -> usize {
        let start = self.toks[i].1;
        let end = self.toks.get(i + 1).map_or(start, |t| t.1);
        let text = &self.src.text[start..end];
        text.trim_end().len()
    }

    fn starts_argument(&self) -> bool {
        match self.peek() {
            Tok::Str(_) | Tok::Sym(_) | Tok::Int(_) | Tok::Float(_) | Tok::Label(_) => true,
            Tok::Punct(p) => matches!(*p, "[" | "->" | "("),
            Tok::Ident(w) => matches!(w.as_str(), "true" | "false" | "nil" | "lambda"),
            _ => false,
        }
    }

    fn arguments(&mut self, call: &mut Call, in_parens: bool) -> Result<()> {
        loop {
            match self.peek().clone() {
                Tok::Label(key) => {
                    let at = self.next().1;
                    self.skip_continuation();
                    let v = self.value()?;
                    call.kwargs.push((key, at, v));
                }
                _ => {
                    let v = self.value()?;
                    if self.is("=>") {
                        // :key => value
                        self.next();
                        self.skip_continuation();
                        let key = match &v.kind {
                            Kind::Sym(s) | Kind::Str(s) => s.clone(),
                            other => {
                                return Err(err(
                                    self.src,
                                    v.at,
                                    format!("{} as an option's name", other.describe()),
                                ))
                            }
                        };
                        let value = self.value()?;
                        call.kwargs.push((key, v.at, value));
                    } else if call.kwargs.is_empty() {
                        call.args.push(v);
                    } else {
                        return Err(err(
                            self.src,
                            v.at,
                            "a positional argument after options (`key: value`)",
                        ));
                    }
                }
            }
            if self.is(",") {
                self.next();
                if in_parens {
                    self.skip_continuation();
                } else {
                    // A trailing comma continues the call on the next line.
                    self.skip_newlines();
                }
                continue;
            }
            return Ok(());
        }
    }

    fn value(&mut self) -> Result<Value> {
        let (t, at) = self.next();
        let kind = match t {
            Tok::Str(mut s) => {
                // "a" "b" is one string in Ruby.
                while let Tok::Str(more) = self.peek().clone() {
                    self.next();
                    s.push_str(&more);
                }
                Kind::Str(s)
            }
            Tok::Sym(s) => Kind::Sym(s),
            Tok::Int(n) => Kind::Int(n),
            Tok::Float(n) => Kind::Float(n),
            Tok::Ident(w) if w == "true" => Kind::Bool(true),
            Tok::Ident(w) if w == "false" => Kind::Bool(false),
            Tok::Ident(w) if w == "nil" => Kind::Nil,
            Tok::Ident(w) if w == "lambda" || w == "proc" => {
                let inner = self.lambda_body()?;
                Kind::Lambda(Box::new(inner))
            }
            Tok::Punct("->") => {
                let inner = self.lambda_body()?;
                Kind::Lambda(Box::new(inner))
            }
            Tok::Punct("[") => {
                let mut items = Vec::new();
                self.skip_continuation();
                while !self.is("]") {
                    items.push(self.value()?);
                    self.skip_continuation();
                    if self.is(",") {
                        self.next();
                        self.skip_continuation();
                    } else if !self.is("]") {
                        return Err(self.unexpected("`,` or `]`"));
                    }
                }
                self.next();
                Kind::Array(items)
            }
            Tok::Punct("{") => {
                let mut pairs = Vec::new();
                self.skip_continuation();
                while !self.is("}") {
                    let (kt, kat) = self.next();
                    let key = match kt {
                        Tok::Label(l) => Value {
                            kind: Kind::Sym(l),
                            at: kat,
                        },
                        Tok::Str(s) | Tok::Sym(s) => {
                            self.expect("=>", "`=>`")?;
                            Value {
                                kind: Kind::Str(s),
                                at: kat,
                            }
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.unexpected("a hash key"));
                        }
                    };
                    self.skip_continuation();
                    let v = self.value()?;
                    pairs.push((key, v));
                    self.skip_continuation();
                    if self.is(",") {
                        self.next();
                        self.skip_continuation();
                    } else if !self.is("}") {
                        return Err(self.unexpected("`,` or `}`"));
                    }
                }
                self.next();
                Kind::Hash(pairs)
            }
            Tok::Ident(w) | Tok::Const(w) => {
                return Err(err(
                    self.src,
                    at,
                    format!(
                        "`{w}`: a value here is a literal (a string, number, symbol, true, false, nil, \
                         array, hash or `-> {{ \"sql\" }}`); Ruby code is not run"
                    ),
                ))
            }
            _ => {
                self.i -= 1;
                return Err(self.unexpected("a value"));
            }
        };
        // A method call on a literal ("x".freeze, 1.day) is Ruby code.
        if self.is(".") {
            return Err(err(
                self.src,
                self.at(),
                "a method call on a value is Ruby code this reader does not run; write the value itself",
            ));
        }
        Ok(Value { kind, at })
    }

    /// `{ value }` after `->` or `lambda`.
    fn lambda_body(&mut self) -> Result<Value> {
        self.expect("{", "`{` after `->`")?;
        self.skip_newlines();
        let v = self.value()?;
        self.skip_newlines();
        self.expect("}", "`}` closing the lambda (its body is one string)")?;
        Ok(v)
    }
}

/// Reads a `schema.rb`.
pub(crate) fn parse_file(src: &Source) -> Result<SchemaFile> {
    let toks = Lexer {
        src,
        text: &src.text,
        pos: 0,
        toks: Vec::new(),
        pending: Vec::new(),
    }
    .run()?;
    Parser { src, toks, i: 0 }.file()
}
