//! Both sides of an offline plan (`plan --from --to`), read at once.
//!
//! The two sides are mostly the same statements, and sqlparser is half of
//! reading them: each distinct statement goes through it once. Two threads
//! each build one side, taking a statement's [`Prepared`] form from a shared
//! table of slots. A thread that needs a slot the other is parsing parses
//! the next free ones meanwhile (never more than [`AHEAD`] past it, which
//! bounds the memory parsed statements hold), so neither waits while there
//! is work left; a slot is emptied once both sides have read it.

use crate::build::Builder;
use crate::error::ParseError;
use crate::source::{Format, Source, Statement};
use crate::sql::{self, Prepared, Route};
use schemadiff_model::Schema;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const FREE: u8 = 0;
const CLAIMED: u8 = 1;
const READY: u8 = 2;

/// How far past the slot it waits for a thread parses ahead.
const AHEAD: usize = 128;

struct Slot<'a> {
    text: &'a str,
    state: AtomicU8,
    value: Mutex<Option<Arc<Prepared>>>,
    /// Reads still to come (a statement both sides hold: two).
    uses: AtomicUsize,
}

struct Slots<'a> {
    slots: Vec<Slot<'a>>,
    /// The slot the readers wait for (the furthest, with two): a helper
    /// thread parses no further than [`AHEAD`] past it.
    front: AtomicUsize,
    /// Set once reading is over (done or failed): a helper stops.
    done: AtomicBool,
}

/// Gives a claimed slot back if its parse unwinds, so that the other
/// thread parses it (and meets the same panic) instead of waiting forever.
struct Unclaim<'s, 'a>(&'s Slot<'a>);

impl Drop for Unclaim<'_, '_> {
    fn drop(&mut self) {
        let _ = self
            .0
            .state
            .compare_exchange(CLAIMED, FREE, Ordering::AcqRel, Ordering::Acquire);
    }
}

impl<'a> Slots<'a> {
    fn new(slots: Vec<Slot<'a>>) -> Self {
        Slots {
            slots,
            front: AtomicUsize::new(0),
            done: AtomicBool::new(false),
        }
    }

    fn claim(&self, i: usize) -> bool {
        self.slots[i]
            .state
            .compare_exchange(FREE, CLAIMED, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// Parses slot `i`, claimed by the caller.
    fn parse(&self, i: usize) {
        let slot = &self.slots[i];
        let guard = Unclaim(slot);
        let p = Prepared::new(slot.text);
        *slot.value.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(p));
        slot.state.store(READY, Ordering::Release);
        drop(guard);
    }

    /// Slot `i`'s statement, prepared: by this thread if nobody has started
    /// it; while the other thread parses it, this one parses ahead.
    fn take(&self, i: usize) -> Arc<Prepared> {
        self.front.fetch_max(i, Ordering::Relaxed);
        loop {
            match self.slots[i].state.load(Ordering::Acquire) {
                READY => break,
                FREE => {
                    if self.claim(i) {
                        self.parse(i);
                        break;
                    }
                }
                _ => {
                    let end = (i + AHEAD).min(self.slots.len());
                    match (i + 1..end).find(|&j| {
                        self.slots[j].state.load(Ordering::Acquire) == FREE && self.claim(j)
                    }) {
                        Some(j) => self.parse(j),
                        None => std::thread::yield_now(),
                    }
                }
            }
        }
        let slot = &self.slots[i];
        let mut value = slot.value.lock().unwrap_or_else(|e| e.into_inner());
        let p = value.clone().expect("a ready slot holds its statement");
        if slot.uses.fetch_sub(1, Ordering::AcqRel) == 1 {
            *value = None;
        }
        p
    }

    /// A helper thread's work: parses the slots in order, never more than
    /// [`AHEAD`] past the readers, until they are done.
    fn help(&self) {
        for j in 0..self.slots.len() {
            while j >= self.front.load(Ordering::Relaxed) + AHEAD {
                if self.done.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_micros(100));
            }
            if self.done.load(Ordering::Relaxed) {
                return;
            }
            if self.claim(j) {
                self.parse(j);
            }
        }
    }
}

type Split<'a> = Vec<(&'a Source, Vec<Statement<'a>>)>;

/// The texts of a side's statements that go through sqlparser, in order.
fn parsed<'a>(split: &Split<'a>) -> Vec<&'a str> {
    split
        .iter()
        .flat_map(|(_, st)| st.iter())
        .map(|st| st.text)
        .filter(|t| sql::route(t) == Route::Parsed)
        .collect()
}

/// The SQL sources of one side, split into statements.
fn split(sources: &[Source]) -> Result<Split<'_>, ParseError> {
    sources
        .iter()
        .filter(|s| s.format == Format::Sql)
        .map(|s| Ok((s, sql::split(s)?)))
        .collect()
}

/// Reads one side, each parsed statement from its slot (`ids`, in order).
fn read_side(
    sources: &[Source],
    split: &Split,
    ids: &[usize],
    slots: &Slots,
) -> Result<Builder, ParseError> {
    let mut b = Builder::default();
    let mut next = ids.iter();
    let mut stmts = split.iter();
    for src in sources {
        match src.format {
            Format::Yaml => crate::yaml::read(src, &mut b)?,
            // `load_paths` gives them as SQL already.
            Format::Rails => crate::sql::read(&crate::rails::to_sql(src)?, &mut b)?,
            Format::Sql => {
                let (_, statements) = stmts.next().expect("one split per SQL source");
                sql::read_split(src, statements, &mut b, &mut |text| {
                    let &id = next.next()?;
                    // The same route picked the statements: the texts match.
                    (slots.slots[id].text == text).then(|| slots.take(id))
                })?;
            }
        }
    }
    b.collect_replay(sources)?;
    Ok(b)
}

/// Parses `current` and `desired` (files or directories, as
/// [`crate::parse_paths`]) on two threads, each distinct statement through
/// sqlparser once. Each side's result is what `parse_paths` gives.
pub fn parse_pair(
    current: &[PathBuf],
    desired: &[PathBuf],
) -> (Result<Schema, ParseError>, Result<Schema, ParseError>) {
    let (cur_sources, des_sources) = match (crate::load_paths(current), crate::load_paths(desired))
    {
        (Ok(c), Ok(d)) => (c, d),
        // A file that cannot be read: each side on its own, as ever.
        _ => {
            return std::thread::scope(|s| {
                let to = s.spawn(|| crate::parse_paths(desired));
                let from = crate::parse_paths(current);
                (from, to.join().expect("the parser thread does not panic"))
            })
        }
    };
    // Each side split, and its statements for sqlparser picked, on its own
    // thread.
    let split_side = |sources| {
        split(sources).map(|split| {
            let texts = parsed(&split);
            (split, texts)
        })
    };
    let (cur_split, des_split) = std::thread::scope(|s| {
        let d = s.spawn(|| split_side(&des_sources));
        (
            split_side(&cur_sources),
            d.join().expect("splitting does not panic"),
        )
    });
    let ((cur_split, cur_texts), (des_split, des_texts)) = match (cur_split, des_split) {
        (Ok(c), Ok(d)) => (c, d),
        (c, d) => return (c.map(|_| Schema::default()), d.map(|_| Schema::default())),
    };
    // Slots in the order both sides need them: the two lists walked side by
    // side, each at its own pace.
    let mut slots: Vec<Slot> = Vec::new();
    let mut by_text: HashMap<&str, usize> = HashMap::new();
    let (mut cur_ids, mut des_ids) = (
        Vec::with_capacity(cur_texts.len()),
        Vec::with_capacity(des_texts.len()),
    );
    let (mut i, mut j) = (0, 0);
    while i < cur_texts.len() || j < des_texts.len() {
        // The side further behind, in proportion to its length, goes next.
        let take_cur = j >= des_texts.len()
            || (i < cur_texts.len() && i * des_texts.len() <= j * cur_texts.len());
        let text = if take_cur { cur_texts[i] } else { des_texts[j] };
        let id = *by_text.entry(text).or_insert_with(|| {
            slots.push(Slot {
                text,
                state: AtomicU8::new(FREE),
                value: Mutex::new(None),
                uses: AtomicUsize::new(0),
            });
            slots.len() - 1
        });
        slots[id].uses.fetch_add(1, Ordering::Relaxed);
        if take_cur {
            cur_ids.push(id);
            i += 1;
        } else {
            des_ids.push(id);
            j += 1;
        }
    }
    drop(by_text);
    let slots = Slots::new(slots);
    let (from, to) = std::thread::scope(|s| {
        let to = s.spawn(|| read_side(&des_sources, &des_split, &des_ids, &slots));
        let from = read_side(&cur_sources, &cur_split, &cur_ids, &slots);
        (from, to.join().expect("the parser thread does not panic"))
    });
    // Everything read carries its own location: the texts go before the
    // (memory-hungry) resolution of two large schemas.
    drop(slots);
    drop((cur_split, des_split));
    drop((cur_sources, des_sources));
    std::thread::scope(|s| {
        let to = s.spawn(|| to.and_then(Builder::finish_or_replay));
        let from = from.and_then(Builder::finish_or_replay);
        (from, to.join().expect("the parser thread does not panic"))
    })
}

/// One side ([`crate::parse_paths`]): the statements are parsed by a
/// helper thread ahead of the reader, which resolves what they say.
pub(crate) fn parse_one(paths: &[PathBuf]) -> Result<Schema, ParseError> {
    let sources = crate::load_paths(paths)?;
    let Ok(split) = split(&sources) else {
        // Reported in file order, as reading one by one does.
        return crate::read_all(&sources).and_then(Builder::finish_or_replay);
    };
    let texts = parsed(&split);
    let slots = Slots::new(
        texts
            .iter()
            .map(|&text| Slot {
                text,
                state: AtomicU8::new(FREE),
                value: Mutex::new(None),
                uses: AtomicUsize::new(1),
            })
            .collect(),
    );
    let ids: Vec<usize> = (0..texts.len()).collect();
    let read = std::thread::scope(|s| {
        s.spawn(|| slots.help());
        let read = read_side(&sources, &split, &ids, &slots);
        slots.done.store(true, Ordering::Relaxed);
        read
    });
    // Everything read carries its own location: the text can go before
    // the (memory-hungry) resolution of a large schema.
    drop(slots);
    drop(split);
    drop(sources);
    read.and_then(Builder::finish_or_replay)
}
