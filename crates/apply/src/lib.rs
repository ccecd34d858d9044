//! Runs plans against PostgreSQL and manages local PostgreSQL clusters.
//!
//! - [`run`]: applies a plan in one transaction under an advisory lock,
//!   refusing when the database drifted from the state the plan was made
//!   for, and records each apply in schemadiff's history table.
//! - [`dev`]: the local development database under `.schemadiff/`.
//! - [`cluster`]: starting (or reusing) a private cluster from the installed
//!   server binaries, as the development database and the tests need.
//! - [`url`]: connecting, and redacting passwords from URLs.
//! - [`tls`]: libpq's TLS settings over rustls.
//!
//! This crate executes; it never decides what to change.

pub mod cluster;
pub mod dev;
pub mod run;
pub mod tls;
pub mod url;

use sha2::{Digest, Sha256};

/// A PostgreSQL error as a person reads it (see the introspector's).
pub use schemadiff_introspect::db_message;

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fingerprint of a schema state: what a saved plan was computed from.
/// It hashes the model's `Debug` form, which is deterministic (ordered
/// maps); a plan made by another schemadiff version may read as drifted,
/// which errs on the safe side.
pub fn fingerprint(schema: &schemadiff_model::Schema) -> String {
    // Streamed into the hash: a large schema's text is never held at once.
    struct Hasher(Sha256);
    impl std::fmt::Write for Hasher {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    let mut h = Hasher(Sha256::new());
    std::fmt::Write::write_fmt(&mut h, format_args!("{schema:?}")).expect("hashing cannot fail");
    h.0.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
