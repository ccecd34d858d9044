# A schema.rb as Rails 6.1 writes it (the older `ActiveRecord::Schema.define`
# form): the test has Debian's ActiveRecord 6.1 load it into one database
# and schemadiff into another, and compares their pg_dump -s.
#
# It's strongly recommended that you check this file into your version control system.

ActiveRecord::Schema.define(version: 2021_09_14_081530) do

  # These are extensions that must be enabled in order to support this database
  enable_extension "citext"
  enable_extension "hstore"
  enable_extension "pg_trgm"
  enable_extension "pgcrypto"
  enable_extension "plpgsql"

  create_table "accounts", id: :uuid, default: -> { "gen_random_uuid()" }, comment: "A customer organisation", force: :cascade do |t|
    t.string "name", null: false
    t.citext "slug", null: false
    t.string "plan_code", default: "free", null: false
    t.integer "seats", default: 1, null: false
    t.decimal "credit_balance", precision: 12, scale: 2, default: "0.0", null: false
    t.jsonb "settings", default: {}, null: false
    t.string "feature_flags", default: [], null: false, array: true
    t.hstore "metadata"
    t.hstore "labels", default: {}
    t.hstore "limits", default: {"seats"=>"10", "note"=>nil, "say \"hi\""=>"x"}
    t.jsonb "theme", default: {"dark"=>true, "sizes"=>[1, 2]}
    t.column "search_config", "regconfig", default: "english"
    t.tsvector "search"
    t.datetime "trial_ends_at"
    t.datetime "created_at", precision: 6, null: false
    t.datetime "updated_at", precision: 6, null: false
    t.index ["name"], name: "index_accounts_on_name_trgm", opclass: :gin_trgm_ops, using: :gin
    t.index ["slug"], name: "index_accounts_on_slug", unique: true
    t.check_constraint "seats > 0", name: "accounts_seats_positive"
  end

  create_table "users", force: :cascade do |t|
    t.citext "email", null: false
    t.string "encrypted_password", default: "", null: false
    t.string "first_name", limit: 100
    t.string "time_zone", default: "UTC", null: false
    t.integer "sign_in_count", default: 0, null: false
    t.datetime "current_sign_in_at"
    t.inet "current_sign_in_ip"
    t.boolean "admin", default: false, null: false
    t.datetime "created_at", precision: 6, null: false
    t.datetime "updated_at", precision: 6, null: false
    t.index "lower((email)::text)", name: "index_users_on_lower_email", unique: true
    t.check_constraint "sign_in_count >= 0"
  end

  create_table "memberships", force: :cascade do |t|
    t.uuid "account_id", null: false
    t.bigint "user_id", null: false
    t.string "role", default: "member", null: false
    t.datetime "accepted_at"
    t.index ["account_id", "user_id"], name: "index_memberships_on_account_id_and_user_id", unique: true
    t.index ["user_id"], name: "index_memberships_on_user_id"
  end

  create_table "projects", comment: "Work is organised in projects", force: :cascade do |t|
    t.uuid "account_id", null: false
    t.string "name", null: false, comment: "Shown in lists"
    t.text "description"
    t.date "starts_on"
    t.date "ends_on"
    t.boolean "archived", default: false, null: false
    t.integer "position"
    t.index ["account_id"], name: "index_projects_on_account_id_active", where: "(NOT archived)"
    t.check_constraint "(ends_on IS NULL) OR (ends_on >= starts_on)", name: "projects_dates_ordered"
  end

  create_table "tasks", force: :cascade do |t|
    t.bigint "project_id", null: false
    t.bigint "assignee_id"
    t.string "title", null: false
    t.integer "estimate_minutes", limit: 2
    t.decimal "progress", precision: 5, scale: 2
    t.float "weight"
    t.datetime "due_at"
    t.tsvector "search_vector"
    t.interval "duration"
    t.index ["assignee_id", "due_at"], name: "index_tasks_on_assignee_id_and_due_at", order: { due_at: :desc }
    t.index ["search_vector"], name: "index_tasks_on_search_vector", using: :gin
  end

  create_table "tags", id: :serial, force: :cascade do |t|
    t.citext "name", null: false
    t.index ["name"], name: "index_tags_on_name", unique: true
  end

  create_table "taggings", primary_key: ["tag_id", "task_id"], force: :cascade do |t|
    t.integer "tag_id", null: false
    t.bigint "task_id", null: false
  end

  create_table "plans", id: :string, force: :cascade do |t|
    t.string "name", null: false
    t.integer "price_cents", default: 0, null: false
    t.string "currency", limit: 3, default: "USD", null: false
  end

  create_table "files", force: :cascade do |t|
    t.string "key", null: false
    t.binary "preview"
    t.bigint "byte_size", null: false
    t.json "metadata"
    t.json "options", default: {"a"=>1, "b"=>[1, "x y"]}
    t.uuid "public_id", default: -> { "gen_random_uuid()" }
    t.date "expires_on"
    t.time "at_time"
    t.datetime "created_at", null: false
    t.index ["key"], name: "index_files_on_key", unique: true
  end

  # Older and hand-written forms Rails still loads: a string key with a
  # limit, a uuid default written as a string with a call in it (Rails 4's
  # dump), t.primary_key in a table without an implicit key, t.timestamps.
  create_table "countries", primary_key: "code", id: { type: :string, limit: 2 }, force: :cascade do |t|
    t.string "name"
    t.uuid "legacy_token", default: "gen_random_uuid()"
    t.timestamps
  end

  create_table "regions", id: false, force: :cascade do |t|
    t.primary_key "region_id"
    t.string "country_code", limit: 2
  end

  add_foreign_key "memberships", "accounts", on_delete: :cascade
  add_foreign_key "memberships", "users"
  add_foreign_key "projects", "accounts", on_delete: :cascade
  add_foreign_key "taggings", "tags"
  add_foreign_key "taggings", "tasks", on_delete: :cascade
  add_foreign_key "tasks", "projects", on_delete: :cascade
  add_foreign_key "tasks", "users", column: "assignee_id", on_delete: :nullify
end
