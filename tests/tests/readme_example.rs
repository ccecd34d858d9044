// Snapshot-test your own schema changes: this file is the README's example,
// verbatim (a test below keeps the two identical).

#[test]
fn adding_email_to_users_plans_one_column() {
    let before = [schemadiff::Source::sql(
        "db/structure.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY, name text);",
    )];
    let after = [schemadiff::Source::yaml(
        "db/schema.yaml",
        r#"
tables:
  users:
    columns:
      id:    { type: bigint, primary_key: true }
      name:  { type: text }
      email: { type: string, null: false, default: "" }
    indexes:
      - { columns: [email], unique: true }
"#,
    )];
    let changes = schemadiff::plan(&before, &after).unwrap();
    insta::assert_snapshot!(changes.text());
}

#[test]
fn readme_shows_this_example_verbatim() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let this = std::fs::read_to_string(root.join("tests/tests/readme_example.rs")).unwrap();
    let example = this
        .split("#[test]\nfn readme_shows")
        .next()
        .unwrap()
        .trim_end();
    let example = example.split_once("\n\n").unwrap().1;
    assert!(
        readme.contains(example),
        "README.md's library example differs from tests/tests/readme_example.rs"
    );
}
