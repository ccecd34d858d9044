//! Types that extensions add, with their own modifiers: PostGIS's
//! `geometry(Polygon, 4326)` and `geography(Point)`, pgvector's
//! `vector(1536)` and `halfvec(1024)`. Each is read offline as the server
//! prints it (`typmodout`), so the file plans empty against the database
//! psql made of it, and applied to an empty database it gives the same
//! `pg_dump -s`. Run where the server has the extension (CI: PostGIS on
//! PostgreSQL 15, pgvector on 18); elsewhere said to be skipped.

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

use common::*;
use std::process::{Command, Stdio};

fn schemadiff(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_schemadiff"))
        .args(args)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::null())
        .output()
        .expect("run schemadiff")
}

fn available(extension: &str) -> bool {
    let mut db = fresh_db("ext_available");
    db.client
        .query_one(
            "SELECT count(*) FROM pg_available_extensions WHERE name = $1",
            &[&extension],
        )
        .map(|r| r.get::<_, i64>(0) > 0)
        .unwrap_or(false)
}

fn round_trip(extension: &str, sql: &str) {
    if !available(extension) {
        eprintln!(
            "SKIPPED: {extension} is not available on PostgreSQL {}",
            server_major()
        );
        return;
    }
    let file = std::env::temp_dir().join(format!(
        "schemadiff-{}-{extension}-types.sql",
        std::process::id()
    ));
    std::fs::write(&file, sql).unwrap();
    let path = file.to_string_lossy().into_owned();
    let loaded = fresh_db(&format!("ext_{extension}_loaded"));
    loaded.psql(sql).unwrap();
    let o = schemadiff(&[
        "plan",
        "--schema",
        &path,
        "--database",
        &loaded.url(),
        "--exit-code",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{extension}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let built = fresh_db(&format!("ext_{extension}_built"));
    let o = schemadiff(&[
        "apply",
        "--schema",
        &path,
        "--database",
        &built.url(),
        "--yes",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(loaded.dump(), built.dump(), "{extension}: pg_dump differs");
    let _ = std::fs::remove_file(&file);
}

#[test]
fn postgis_types_keep_their_modifiers_as_the_server_prints_them() {
    round_trip(
        "postgis",
        "CREATE EXTENSION IF NOT EXISTS postgis;
         CREATE TABLE places (
             id integer PRIMARY KEY,
             area geometry(POLYGON, 4326),
             spot geography(Point),
             peak geometry(pointz),
             line geometry(LineString, 0),
             parcels geometry(MultiPolygonZM, 3857),
             anything geometry,
             stops geometry(Point,4326)[]
         );
         CREATE INDEX places_area ON places USING gist (area);",
    );
}

#[test]
fn pgvector_types_keep_their_dimensions() {
    round_trip(
        "vector",
        "CREATE EXTENSION IF NOT EXISTS vector;
         CREATE TABLE items (
             id integer PRIMARY KEY,
             embedding vector(1536),
             half halfvec( 1024 ),
             sparse sparsevec(5),
             any_size vector
         );
         CREATE INDEX items_embedding ON items USING hnsw (embedding vector_cosine_ops);",
    );
}
