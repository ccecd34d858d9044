use super::*;

fn sql(ruby: &str) -> String {
    to_sql(&Source::new("db/schema.rb", ruby, crate::Format::Rails))
        .map(|s| s.text)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn error(ruby: &str) -> String {
    to_sql(&Source::new("db/schema.rb", ruby, crate::Format::Rails))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| panic!("no error for:\n{ruby}"))
}

#[test]
fn a_table_lands_line_for_line() {
    let ruby = r#"ActiveRecord::Schema[7.1].define(version: 2024_05_01_120000) do
  enable_extension "plpgsql"

  create_table "users", force: :cascade do |t|
    t.string "email", null: false
    t.datetime "created_at", null: false
    t.index ["email"], name: "index_users_on_email", unique: true
  end
end
"#;
    let out = sql(ruby);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[3], "CREATE TABLE users (id bigserial PRIMARY KEY,",
        "{out}"
    );
    assert_eq!(lines[4], "email character varying NOT NULL,");
    assert_eq!(
        lines[5],
        "created_at timestamp(6) without time zone NOT NULL);"
    );
    assert_eq!(
        lines[6],
        "CREATE UNIQUE INDEX index_users_on_email ON users (email);"
    );
}

#[test]
fn names_rails_leaves_out_are_computed_as_rails_does() {
    let out = sql(r#"ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "comments" do |t|
    t.bigint "post_id"
    t.check_constraint "length(body) > 0"
  end
  add_foreign_key "comments", "posts"
  add_foreign_key "comments", "people", column: "author_id", on_delete: :cascade
end
"#);
    // As Rails names them: fk_rails_ + the first 10 hex digits of
    // SHA-256("comments_post_id_fk"), and so on.
    let fk = hashed("fk", "comments_post_id_fk");
    assert!(
        out.contains(&format!(
            "ADD CONSTRAINT {fk} FOREIGN KEY (post_id) REFERENCES posts (id)"
        )),
        "{out}"
    );
    assert!(
        out.contains("FOREIGN KEY (author_id) REFERENCES people (id) ON DELETE CASCADE"),
        "{out}"
    );
    let chk = hashed("chk", "comments_length(body) > 0_chk");
    assert!(
        out.contains(&format!("ADD CONSTRAINT {chk} CHECK (length(body) > 0)")),
        "{out}"
    );
    assert_eq!(fk.len(), "fk_rails_".len() + 10);
}

#[test]
fn old_schemas_get_what_their_rails_gave() {
    let out = sql(
        r#"ActiveRecord::Schema.define(version: 2020_01_01_000000) do
  create_table "events", id: :serial, force: :cascade do |t|
    t.datetime "at", null: false
    t.datetime "precise", precision: 6
  end
end
"#,
    );
    assert!(out.contains("id serial PRIMARY KEY"), "{out}");
    assert!(
        out.contains("at timestamp without time zone NOT NULL"),
        "{out}"
    );
    assert!(
        out.contains("precise timestamp(6) without time zone"),
        "{out}"
    );
}

#[test]
fn other_ruby_is_a_located_error() {
    let cases = [
        ("ActiveRecord::Schema[7.1].define(version: 1) do\n  execute \"SELECT 1\"\nend\n", "db/schema.rb:2:3: `execute` at the top of a schema"),
        ("ActiveRecord::Schema[7.1].define(version: 1) do\n  create_table \"t\" do |t|\n    t.string \"a\", nul: false\n  end\nend\n", "db/schema.rb:3:19: `nul:` is not an option"),
        ("ActiveRecord::Schema[7.1].define(version: 1) do\n  create_table \"t\" do |t|\n    t.strin \"a\"\n  end\nend\n", "db/schema.rb:3:5: t.strin: not a column type"),
        ("ActiveRecord::Schema[7.1].define(version: 1) do\n  create_table \"t#{x}\" do |t|\n  end\nend\n", "db/schema.rb:2:18: string interpolation"),
        ("ActiveRecord::Schema[7.1].define(version: 1) do\n  create_table \"t\", id: SecureRandom.uuid do |t|\n  end\nend\n", "db/schema.rb:2:25: `SecureRandom`"),
        ("ActiveRecord::Schema[7.1].define(version: 1) do\n  create_table \"t\" do |t|\n    t.string \"a\"\n", "db/schema.rb:4:1: the file ends before this block's `end`"),
        ("puts 1\n", "db/schema.rb:1:1: a schema.rb starts with"),
        ("ActiveRecord::Schema[7.1].define(version: 1) do\n  create_table \"t\" do |t|\n    t.string \"a\", stored: true\n  end\nend\n", "db/schema.rb:3:27: `stored:` here would be lost"),
        ("ActiveRecord::Schema[7.1].define(version: 1) do\n  create_table \"t\", precision: 6 do |t|\n  end\nend\n", "db/schema.rb:2:21: `precision:` is not an option of create_table"),
        ("ActiveRecord::Schema[7.1].define(version: 1) do\n  create_view \"v\", sql_definition: <<-SQL\n    SELECT 1\n", "db/schema.rb:2:36: the heredoc's closing `SQL` is missing"),
    ];
    for (ruby, expected) in cases {
        let e = error(ruby);
        assert!(e.starts_with(expected), "{expected}\n  got: {e}");
    }
}

/// `add_foreign_key "a", "b", primary_key: "x"` without `column:` is on
/// Rails' default column (`b` singular + `_id`) and references `x`; an
/// application's own inflection (`drives` → `drive`, which ActiveSupport
/// alone makes `drife`) is found among the table's columns.
#[test]
fn foreign_keys_without_a_column_are_on_rails_default_column() {
    let out = sql(r#"ActiveRecord::Schema[8.0].define(version: 1) do
  create_table "members", primary_key: "member_id" do |t|
  end
  create_table "requests" do |t|
    t.bigint "member_id"
    t.bigint "product_drive_id"
  end
  add_foreign_key "requests", "members", primary_key: "member_id"
  add_foreign_key "requests", "product_drives"
end
"#);
    assert!(
        out.contains("FOREIGN KEY (member_id) REFERENCES members (member_id)"),
        "{out}"
    );
    assert!(
        out.contains("FOREIGN KEY (product_drive_id) REFERENCES product_drives (id)"),
        "{out}"
    );
}

/// The fx gem's blocks: the definitions PostgreSQL printed, read as SQL.
#[test]
fn fx_functions_and_triggers_are_their_sql() {
    let out = sql(r#"ActiveRecord::Schema[8.1].define(version: 1) do
  create_table "events" do |t|
  end
  create_function :touch, sql_definition: <<-'SQL'
      CREATE OR REPLACE FUNCTION public.touch()
       RETURNS trigger
       LANGUAGE plpgsql
      AS $function$ BEGIN RETURN NEW; END $function$;
  SQL
  create_trigger :events_touch, sql_definition: <<-SQL
      CREATE TRIGGER events_touch BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION touch()
  SQL
end
"#);
    assert!(
        out.contains("CREATE OR REPLACE FUNCTION public.touch()"),
        "{out}"
    );
    assert!(out.contains("$function$;"), "{out}");
    assert!(
        out.contains("CREATE TRIGGER events_touch BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION touch();"),
        "{out}"
    );
    let e = error(
        "ActiveRecord::Schema[8.1].define(version: 1) do\n  create_function :f, version: 2\nend\n",
    );
    assert!(
        e.contains("db/schema.rb:2:3") && e.contains("sql_definition"),
        "{e}"
    );
}

/// Types by name, the adapter gems' column methods (activerecord-postgis-
/// adapter's shapes and `limit:` hash, neighbor's vectors), and defaults
/// as Rails serializes them (checked against ActiveRecord 6.1 for hstore
/// and json).
#[test]
fn gem_types_types_by_name_and_non_scalar_defaults() {
    let out = sql(r#"ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "places" do |t|
    t.geography "latlon", limit: {:srid=>4326, :type=>"st_point", :geographic=>true}
    t.geometry "position", limit: {:srid=>0, :type=>"st_point"}
    t.st_point "lonlatheight", geographic: true, has_z: true
    t.line_string "path", srid: 3785
    t.geometry "plain"
    t.point "spot"
    t.vector "embedding", limit: 1536
    t.halfvec "half", limit: 8
    t.column "cfg", "regconfig", default: "english"
    t.tsvector "search"
    t.regclass "rel"
    t.hstore "attrs", default: {}
    t.hstore "more", default: {"a" => "1", "b" => nil}
    t.json "opts", default: {"a" => 1, "b" => [1, 2]}
    t.jsonb "meta", default: {"a" => 1}
  end
end
"#);
    for line in [
        "latlon geography(Point,4326),",
        "\"position\" geometry(Point,0),",
        "lonlatheight geography(PointZ,4326),",
        "path geometry(LineString,3785),",
        "plain geometry(Geometry,0),",
        "spot point,",
        "embedding vector(1536),",
        "half halfvec(8),",
        "cfg regconfig DEFAULT 'english',",
        "search tsvector,",
        "rel regclass,",
        "attrs hstore DEFAULT '',",
        "more hstore DEFAULT '\"a\"=>\"1\", \"b\"=>NULL',",
        "opts json DEFAULT '{\"a\":1,\"b\":[1,2]}',",
        "meta jsonb DEFAULT '{\"a\": 1}');",
    ] {
        assert!(out.lines().any(|l| l == line), "{line}\n{out}");
    }
    let e = error(
        r#"ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "t" do |t|
    t.strnig "name"
  end
end
"#,
    );
    assert!(e.contains("3:5") && e.contains("t.strnig"), "{e}");
    let e = error(
        r#"ActiveRecord::Schema[7.1].define(version: 1) do
  create_table "t" do |t|
    t.string "name", srid: 4326
  end
end
"#,
    );
    assert!(e.contains("3:28") && e.contains("srid"), "{e}");
}
