//! No panic and no hang on user input: every fixture file, mutated at
//! random (characters, tokens, lines) from a fixed seed, goes through both
//! readers and the planner. Each input must finish within a time bound, and
//! every parse error must say file:line:column.
//!
//! `SCHEMADIFF_MUTATIONS` (mutations per file, default 25) and
//! `SCHEMADIFF_MUTATION_SEED` make a longer run:
//! `SCHEMADIFF_MUTATIONS=2000 cargo test -p schemadiff --test mutations -- --nocapture`.

use schemadiff::{Format, Source};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longer than any real parse of a fixture by orders of magnitude.
const BOUND: Duration = Duration::from_secs(10);

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// What SQL and YAML are made of, and what breaks them.
const PIECES: &[&str] = &[
    "'",
    "\"",
    "(",
    ")",
    ",",
    ";",
    ":",
    "-",
    "--",
    "/*",
    "*/",
    "$$",
    "$a$",
    "\\",
    "{",
    "}",
    "[",
    "]",
    "\n",
    " ",
    "''",
    "é",
    "NULL",
    "NOT",
    "DEFAULT",
    "CHECK",
    "PRIMARY KEY",
    "REFERENCES",
    "GENERATED ALWAYS AS (1) STORED",
    "VIRTUAL",
    "IDENTITY",
    "COLLATE",
    "USING",
    "WITH",
    "ON",
    "PARTITION BY RANGE (a)",
    "CREATE TABLE",
    "CREATE INDEX",
    "ALTER TABLE",
    "COMMENT ON",
    "\\restrict x",
    "-- @renamed from=",
    "-- @renamed from=\"a b",
    "type:",
    "columns:",
    "tables:",
    "- ",
    "null: false",
    "default:",
    "identity:",
    "x",
    "0",
    "-1",
    "99999999999999999999",
    "integer",
    "text[]",
    "numeric(1001)",
    "\"\"",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(3) {
        s = match rng.below(6) {
            // A character replaced, deleted or inserted.
            0 | 1 => {
                let chars: Vec<char> = s.chars().collect();
                let at = rng.below(chars.len() + 1);
                let piece = rng.pick(PIECES);
                let mut out: String = chars[..at].iter().collect();
                match rng.below(3) {
                    0 => out.push_str(piece),
                    1 => out.push(piece.chars().next().unwrap_or('x')),
                    _ => {}
                }
                let skip = if rng.below(2) == 0 { 1 } else { 0 };
                out.extend(chars.iter().skip(at + skip));
                out
            }
            // A word removed, doubled or swapped with another.
            2 | 3 => {
                let mut words: Vec<&str> = s.split(' ').collect();
                let (a, b) = (rng.below(words.len()), rng.below(words.len()));
                match rng.below(3) {
                    0 => {
                        words.remove(a);
                    }
                    1 => words.insert(a, words[b]),
                    _ => words.swap(a, b),
                }
                words.join(" ")
            }
            // A line removed, doubled or swapped.
            _ => {
                let mut lines: Vec<&str> = s.lines().collect();
                if lines.is_empty() {
                    continue;
                }
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                match rng.below(3) {
                    0 => {
                        lines.remove(a);
                    }
                    1 => lines.insert(a, lines[b]),
                    _ => lines.swap(a, b),
                }
                lines.join("\n")
            }
        };
    }
    s
}

fn fixture_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if Format::from_path(&p).is_some() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

enum Outcome {
    Planned,
    Refused,
}

/// Parses and plans one input on a thread of its own, within [`BOUND`].
fn run(name: String, text: String, format: Format) -> Result<Outcome, String> {
    let (tx, rx) = mpsc::channel();
    let shown = text.clone();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| {
            let src = Source::new(name.clone(), text, format);
            match schemadiff::plan(&[], &[src]) {
                Ok(changes) => {
                    let _ = (changes.sql(), changes.text(), changes.json());
                    Ok(Outcome::Planned)
                }
                Err(schemadiff::Error::Parse(e)) => {
                    if e.loc.line == 0 || e.loc.column == 0 || &*e.loc.file != name.as_str() {
                        Err(format!("an error without file:line:column: {e}"))
                    } else {
                        Ok(Outcome::Refused)
                    }
                }
                // The planner's refusals (an order it cannot find) name
                // objects, not places.
                Err(_) => Ok(Outcome::Refused),
            }
        });
        let _ = tx.send(outcome.unwrap_or_else(|_| Err("panicked".to_string())));
    });
    match rx.recv_timeout(BOUND) {
        Ok(r) => r.map_err(|e| format!("{e}\n--- input:\n{shown}")),
        Err(_) => Err(format!(
            "did not finish within {BOUND:?}\n--- input:\n{shown}"
        )),
    }
}

#[test]
fn mutated_fixture_files_never_panic_or_hang_and_errors_are_located() {
    let per_file: usize = std::env::var("SCHEMADIFF_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25);
    let seed: u64 = std::env::var("SCHEMADIFF_MUTATION_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_5c4e_d1ff);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let files = fixture_files(&root);
    assert!(files.len() > 100, "only {} fixture files", files.len());
    let started = Instant::now();
    let (mut planned, mut refused) = (0, 0);
    let mut failures = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        let format = Format::from_path(f).unwrap();
        let mut rng = Rng(seed ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        for n in 0..per_file {
            let input = mutate(&text, &mut rng);
            let name = format!("{}#{n}", f.display());
            match run(name.clone(), input, format) {
                Ok(Outcome::Planned) => planned += 1,
                Ok(Outcome::Refused) => refused += 1,
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
    }
    println!(
        "mutations: {} inputs from {} files (seed {seed}): {planned} planned, {refused} refused with a location, {} failures, {:?}",
        planned + refused + failures.len(),
        files.len(),
        failures.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} inputs failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
