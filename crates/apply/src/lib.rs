//! Runs plans against PostgreSQL and manages local PostgreSQL clusters.
//!
//! For now this crate holds [`cluster`]: starting (or reusing) a private
//! PostgreSQL cluster from the installed server binaries, as the local
//! development database and the test suite both need. Applying plans with
//! transactions, locks and history arrives with the live-database work.

pub mod cluster;
