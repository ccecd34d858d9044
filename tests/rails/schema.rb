# This file is auto-generated from the current state of the database. Instead
# of editing this file, please use the migrations feature of Active Record to
# incrementally modify your database, and then regenerate this schema definition.
#
# This file is the source Rails uses to define your schema when running `bin/rails
# db:schema:load`. When creating a new database, `bin/rails db:schema:load` tends to
# be faster and is potentially less error prone than running all of your
# migrations from scratch. Old migrations may fail to apply correctly if those
# migrations use external dependencies or application code.
#
# It's strongly recommended that you check this file into your version control system.

ActiveRecord::Schema[7.1].define(version: 2026_11_20_093412) do
  create_schema "analytics"
  create_schema "billing_archive"

  # These are extensions that must be enabled in order to support this database
  enable_extension "btree_gist"
  enable_extension "citext"
  enable_extension "hstore"
  enable_extension "pg_trgm"
  enable_extension "pgcrypto"
  enable_extension "plpgsql"

  # Custom types defined in this database.
  # Note that some types may not work with other database engines. Be careful if changing database.
  create_enum "invoice_state", ["draft", "open", "paid", "void", "uncollectible"]
  create_enum "membership_role", ["owner", "admin", "member", "guest"]
  create_enum "task_priority", ["low", "normal", "high", "urgent"]
  create_enum "analytics.event_kind", ["page_view", "click", "signup", "purchase"]

  create_table "accounts", id: :uuid, default: -> { "gen_random_uuid()" }, comment: "A customer organisation", force: :cascade do |t|
    t.string "name", null: false
    t.citext "slug", null: false
    t.string "plan_code", default: "free", null: false
    t.integer "seats", default: 1, null: false
    t.decimal "credit_balance", precision: 12, scale: 2, default: "0.0", null: false
    t.jsonb "settings", default: {}, null: false
    t.string "feature_flags", default: [], null: false, array: true
    t.hstore "metadata"
    t.datetime "trial_ends_at"
    t.datetime "deleted_at"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.check_constraint "seats > 0", name: "accounts_seats_positive"
    t.index ["deleted_at"], name: "index_accounts_on_deleted_at", where: "(deleted_at IS NULL)"
    t.index ["name"], name: "index_accounts_on_name_trgm", opclass: :gin_trgm_ops, using: :gin
    t.index ["slug"], name: "index_accounts_on_slug", unique: true, comment: "Looked up on every request"
  end

  create_table "analytics.events", id: :bigint, default: -> { "timestamp_id('events'::text)" }, force: :cascade do |t|
    t.uuid "account_id"
    t.bigint "user_id"
    t.enum "kind", null: false, enum_type: "analytics.event_kind"
    t.string "path"
    t.jsonb "properties", default: {}, null: false
    t.inet "ip"
    t.datetime "occurred_at", default: -> { "CURRENT_TIMESTAMP" }, null: false
    t.index ["account_id", "occurred_at"], name: "index_events_on_account_id_and_occurred_at"
    t.index ["properties"], name: "index_events_on_properties", opclass: :jsonb_path_ops, using: :gin
  end

  create_table "api_keys", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.uuid "account_id", null: false
    t.string "token_digest", null: false
    t.string "scopes", default: ["read"], null: false, array: true
    t.datetime "last_used_at"
    t.datetime "expires_at"
    t.datetime "created_at", null: false
    t.index ["token_digest"], name: "index_api_keys_on_token_digest", unique: true
  end

  create_table "billing_archive.invoices", id: false, force: :cascade do |t|
    t.bigint "id", null: false
    t.uuid "account_id", null: false
    t.jsonb "document", null: false
    t.datetime "archived_at", precision: nil, default: -> { "now()" }
    t.index ["id"], name: "index_billing_archive_invoices_on_id", unique: true
  end

  create_table "bookings", force: :cascade do |t|
    t.bigint "room_id", null: false
    t.bigint "user_id", null: false
    t.tstzrange "during", null: false
    t.datetime "created_at", null: false
    t.exclusion_constraint "during WITH &&", using: :gist, where: "(user_id IS NOT NULL)", deferrable: :deferred
    t.exclusion_constraint "room_id WITH =, during WITH &&", using: :gist, name: "bookings_no_overlap"
    t.index ["user_id"], name: "index_bookings_on_user_id"
  end

  create_table "calendar_attendees", force: :cascade do |t|
    t.bigint "calendar_calendar_events_id"
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_calendar_attendees_on_account_id"
    t.index ["calendar_calendar_events_id"], name: "index_calendar_attendees_on_calendar_calendar_events_id"
  end

  create_table "calendar_availabilities", force: :cascade do |t|
    t.bigint "calendar_recurrences_id"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.check_constraint "position >= 0", name: "calendar_availabilities_position_check"
    t.index ["calendar_recurrences_id"], name: "index_calendar_availabilities_on_calendar_recurrences_id"
  end

  create_table "calendar_calendar_events", comment: "Calendar events of the calendar module", force: :cascade do |t|
    t.bigint "calendar_calendars_id"
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["calendar_calendars_id"], name: "index_calendar_calendar_events_on_calendar_calendars_id"
  end

  create_table "calendar_calendars", force: :cascade do |t|
    t.boolean "published", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.string "status"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "calendar_holidays", force: :cascade do |t|
    t.bigint "calendar_availabilities_id"
    t.string "name"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_calendar_holidays_on_account_id"
    t.index ["calendar_availabilities_id"], name: "index_calendar_holidays_on_calendar_availabilities_id"
  end

  create_table "calendar_recurrences", force: :cascade do |t|
    t.bigint "calendar_reminders_id"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.string "code"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["calendar_reminders_id"], name: "index_calendar_recurrences_on_calendar_reminders_id"
  end

  create_table "calendar_reminders", force: :cascade do |t|
    t.bigint "calendar_attendees_id"
    t.jsonb "attributes_json", default: {}, null: false
    t.string "kind"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["calendar_attendees_id"], name: "index_calendar_reminders_on_calendar_attendees_id"
  end

  create_table "calendar_time_slots", force: :cascade do |t|
    t.bigint "calendar_holidays_id"
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.string "status"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["calendar_holidays_id"], name: "index_calendar_time_slots_on_calendar_holidays_id"
  end

  create_table "catalog_bundles", comment: "Bundles of the catalog module", force: :cascade do |t|
    t.bigint "catalog_reviews_ratings_id"
    t.jsonb "data", default: {}, null: false
    t.string "code"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["catalog_reviews_ratings_id"], name: "index_catalog_bundles_on_catalog_reviews_ratings_id"
  end

  create_table "catalog_categories", force: :cascade do |t|
    t.bigint "catalog_variants_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_catalog_categories_on_account_id"
    t.index ["catalog_variants_id"], name: "index_catalog_categories_on_catalog_variants_id"
  end

  create_table "catalog_images", force: :cascade do |t|
    t.bigint "catalog_prices_id"
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["catalog_prices_id"], name: "index_catalog_images_on_catalog_prices_id"
  end

  create_table "catalog_prices", force: :cascade do |t|
    t.bigint "catalog_product_categories_id"
    t.boolean "published", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.string "name"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["catalog_product_categories_id"], name: "index_catalog_prices_on_catalog_product_categories_id"
  end

  create_table "catalog_product_categories", force: :cascade do |t|
    t.bigint "catalog_categories_id"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["catalog_categories_id"], name: "index_catalog_product_categories_on_catalog_categories_id"
  end

  create_table "catalog_products", force: :cascade do |t|
    t.string "code"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "catalog_reviews_ratings", force: :cascade do |t|
    t.bigint "catalog_images_id"
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_catalog_reviews_ratings_on_account_id"
    t.index ["catalog_images_id"], name: "index_catalog_reviews_ratings_on_catalog_images_id"
  end

  create_table "catalog_variants", force: :cascade do |t|
    t.bigint "catalog_products_id"
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.string "kind"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["catalog_products_id"], name: "index_catalog_variants_on_catalog_products_id"
  end

  create_table "comments", force: :cascade do |t|
    t.string "commentable_type", null: false
    t.bigint "commentable_id", null: false
    t.bigint "author_id", null: false
    t.text "body", null: false
    t.datetime "edited_at"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["author_id"], name: "index_comments_on_author_id"
    t.index ["commentable_type", "commentable_id"], name: "index_comments_on_commentable"
  end

  create_table "crm_activities", force: :cascade do |t|
    t.bigint "crm_deal_stages_id"
    t.boolean "active", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.string "kind"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_crm_activities_on_account_id"
    t.index ["crm_deal_stages_id"], name: "index_crm_activities_on_crm_deal_stages_id"
  end

  create_table "crm_companies", force: :cascade do |t|
    t.bigint "crm_contacts_id"
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.string "status"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["crm_contacts_id"], name: "index_crm_companies_on_crm_contacts_id"
  end

  create_table "crm_contacts", force: :cascade do |t|
    t.string "name"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_crm_contacts_on_account_id"
  end

  create_table "crm_deal_stages", comment: "Deal stages of the crm module", force: :cascade do |t|
    t.bigint "crm_deals_id"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["crm_deals_id"], name: "index_crm_deal_stages_on_crm_deals_id"
  end

  create_table "crm_deals", force: :cascade do |t|
    t.bigint "crm_companies_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["crm_companies_id"], name: "index_crm_deals_on_crm_companies_id"
  end

  create_table "crm_email_threads", force: :cascade do |t|
    t.bigint "crm_opportunities_id"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["crm_opportunities_id"], name: "index_crm_email_threads_on_crm_opportunities_id"
  end

  create_table "crm_leads", force: :cascade do |t|
    t.bigint "crm_pipelines_id"
    t.jsonb "options", default: {}, null: false
    t.string "name"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index "lower((name)::text)", name: "index_crm_leads_on_lower_name"
    t.index ["crm_pipelines_id"], name: "index_crm_leads_on_crm_pipelines_id"
  end

  create_table "crm_notes", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.bigint "crm_activities_id"
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["crm_activities_id"], name: "index_crm_notes_on_crm_activities_id"
  end

  create_table "crm_opportunities", force: :cascade do |t|
    t.bigint "crm_leads_id"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.string "status"
    t.decimal "price", precision: 10, scale: 2
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_crm_opportunities_on_account_id"
    t.index ["crm_leads_id"], name: "index_crm_opportunities_on_crm_leads_id"
  end

  create_table "crm_pipelines", force: :cascade do |t|
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "files", force: :cascade do |t|
    t.string "key", null: false
    t.string "filename", null: false
    t.string "content_type"
    t.text "metadata"
    t.string "service_name", null: false
    t.bigint "byte_size", null: false
    t.string "checksum"
    t.binary "preview"
    t.datetime "created_at", null: false
    t.index ["key"], name: "index_files_on_key", unique: true
  end

  create_table "forum_badges", force: :cascade do |t|
    t.bigint "forum_moderation_flags_id"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["forum_moderation_flags_id"], name: "index_forum_badges_on_forum_moderation_flags_id"
  end

  create_table "forum_boards", force: :cascade do |t|
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.string "kind"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "forum_moderation_flags", force: :cascade do |t|
    t.bigint "forum_reactions_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["forum_reactions_id"], name: "index_forum_moderation_flags_on_forum_reactions_id"
  end

  create_table "forum_reactions", force: :cascade do |t|
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.string "name"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index "lower((name)::text)", name: "index_forum_reactions_on_lower_name"
  end

  create_table "forum_replies", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.bigint "forum_topics_id"
    t.string "status"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_forum_replies_on_account_id"
    t.index ["forum_topics_id"], name: "index_forum_replies_on_forum_topics_id"
  end

  create_table "forum_subscriptions_forum", force: :cascade do |t|
    t.bigint "forum_user_badges_id"
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["forum_user_badges_id"], name: "index_forum_subscriptions_forum_on_forum_user_badges_id"
  end

  create_table "forum_topics", force: :cascade do |t|
    t.bigint "forum_boards_id"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["forum_boards_id"], name: "index_forum_topics_on_forum_boards_id"
  end

  create_table "forum_user_badges", force: :cascade do |t|
    t.bigint "forum_badges_id"
    t.boolean "active", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.string "code"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_forum_user_badges_on_account_id"
    t.index ["forum_badges_id"], name: "index_forum_user_badges_on_forum_badges_id"
  end

  create_table "geo_places", force: :cascade do |t|
    t.string "name", null: false
    t.point "location"
    t.box "bounds"
    t.macaddr "device"
    t.cidr "network"
    t.money "fee"
    t.bit "flags", limit: 8
    t.bit_varying "mask", limit: 16
    t.xml "raw"
    t.time "opens_at"
    t.daterange "season"
    t.int4range "age_range"
    t.numrange "price_range"
    t.oid "blob"
    t.string "path_text"
  end

  create_table "hr_benefits", force: :cascade do |t|
    t.bigint "hr_reviews_id"
    t.string "name"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_hr_benefits_on_account_id"
    t.index ["hr_reviews_id"], name: "index_hr_benefits_on_hr_reviews_id"
  end

  create_table "hr_contracts", force: :cascade do |t|
    t.bigint "hr_benefits_id"
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.string "status"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["hr_benefits_id"], name: "index_hr_contracts_on_hr_benefits_id"
  end

  create_table "hr_departments", force: :cascade do |t|
    t.bigint "hr_employees_id"
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["hr_employees_id"], name: "index_hr_departments_on_hr_employees_id"
  end

  create_table "hr_employees", force: :cascade do |t|
    t.boolean "published", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.string "status"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "hr_payslips", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.bigint "hr_time_off_requests_id"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.string "code"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["hr_time_off_requests_id"], name: "index_hr_payslips_on_hr_time_off_requests_id"
  end

  create_table "hr_positions", force: :cascade do |t|
    t.bigint "hr_departments_id"
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_hr_positions_on_account_id"
    t.index ["hr_departments_id"], name: "index_hr_positions_on_hr_departments_id"
  end

  create_table "hr_reviews", comment: "Reviews of the hr module", force: :cascade do |t|
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "hr_time_off_requests", force: :cascade do |t|
    t.bigint "hr_positions_id"
    t.jsonb "options", default: {}, null: false
    t.string "kind"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["hr_positions_id"], name: "index_hr_time_off_requests_on_hr_positions_id"
  end

  create_table "inventory_bins", force: :cascade do |t|
    t.bigint "inventory_purchase_order_lines_id"
    t.boolean "active", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.string "code"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_inventory_bins_on_account_id"
    t.index ["inventory_purchase_order_lines_id"], name: "index_inventory_bins_on_inventory_purchase_order_lines_id"
  end

  create_table "inventory_purchase_order_lines", force: :cascade do |t|
    t.bigint "inventory_purchase_orders_id"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["inventory_purchase_orders_id"], name: "index_inventory_purchase_order_lines_on_parent"
  end

  create_table "inventory_purchase_orders", force: :cascade do |t|
    t.bigint "inventory_suppliers_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["inventory_suppliers_id"], name: "index_inventory_purchase_orders_on_inventory_suppliers_id"
  end

  create_table "inventory_stock_counts", force: :cascade do |t|
    t.bigint "inventory_bins_id"
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["inventory_bins_id"], name: "index_inventory_stock_counts_on_inventory_bins_id"
  end

  create_table "inventory_stock_items", force: :cascade do |t|
    t.bigint "inventory_warehouses_id"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["inventory_warehouses_id"], name: "index_inventory_stock_items_on_inventory_warehouses_id"
  end

  create_table "inventory_stock_movements", force: :cascade do |t|
    t.bigint "inventory_stock_items_id"
    t.string "status"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_inventory_stock_movements_on_account_id"
    t.index ["inventory_stock_items_id"], name: "index_inventory_stock_movements_on_inventory_stock_items_id"
  end

  create_table "inventory_suppliers", comment: "Suppliers of the inventory module", force: :cascade do |t|
    t.bigint "inventory_stock_movements_id"
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.string "name"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["inventory_stock_movements_id"], name: "index_inventory_suppliers_on_inventory_stock_movements_id"
  end

  create_table "inventory_warehouses", force: :cascade do |t|
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.string "kind"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "invoices", force: :cascade do |t|
    t.uuid "account_id", null: false
    t.bigint "subscription_id"
    t.string "number", null: false
    t.enum "state", default: "draft", null: false, enum_type: "invoice_state"
    t.integer "total_cents", default: 0, null: false
    t.string "currency", limit: 3, default: "USD", null: false
    t.date "issued_on"
    t.date "due_on"
    t.datetime "paid_at"
    t.jsonb "billing_address", default: {}
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id", "issued_on"], name: "index_invoices_on_account_id_and_issued_on", order: { issued_on: "DESC NULLS LAST" }
    t.index ["number"], name: "index_invoices_on_number", unique: true
    t.unique_constraint ["account_id", "number"], deferrable: :deferred, name: "invoices_account_number_unique"
  end

  create_table "learning_certificates", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.bigint "learning_quiz_answers_id"
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.string "code"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["learning_quiz_answers_id"], name: "index_learning_certificates_on_learning_quiz_answers_id"
  end

  create_table "learning_cohorts", force: :cascade do |t|
    t.bigint "learning_instructors_id"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["learning_instructors_id"], name: "index_learning_cohorts_on_learning_instructors_id"
  end

  create_table "learning_courses", comment: "Courses of the learning module", force: :cascade do |t|
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "learning_enrollments", force: :cascade do |t|
    t.bigint "learning_lessons_id"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.string "name"
    t.decimal "price", precision: 10, scale: 2
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_learning_enrollments_on_account_id"
    t.index ["learning_lessons_id"], name: "index_learning_enrollments_on_learning_lessons_id"
  end

  create_table "learning_instructors", force: :cascade do |t|
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.check_constraint "position >= 0", name: "learning_instructors_position_check"
    t.index ["account_id"], name: "index_learning_instructors_on_account_id"
  end

  create_table "learning_lessons", force: :cascade do |t|
    t.bigint "learning_courses_id"
    t.jsonb "options", default: {}, null: false
    t.string "status"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["learning_courses_id"], name: "index_learning_lessons_on_learning_courses_id"
  end

  create_table "learning_quiz_answers", force: :cascade do |t|
    t.bigint "learning_quizzes_id"
    t.string "kind"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["learning_quizzes_id"], name: "index_learning_quiz_answers_on_learning_quizzes_id"
  end

  create_table "learning_quizzes", force: :cascade do |t|
    t.bigint "learning_enrollments_id"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["learning_enrollments_id"], name: "index_learning_quizzes_on_learning_enrollments_id"
  end

  create_table "legacy_imports", id: :integer, default: nil, force: :cascade do |t|
    t.string "source", null: false, collation: "C"
    t.text "payload"
    t.datetime "imported_at", precision: nil
  end

  create_table "line_items", force: :cascade do |t|
    t.bigint "invoice_id", null: false
    t.string "description", null: false
    t.integer "quantity", default: 1, null: false
    t.integer "unit_price_cents", null: false
    t.decimal "tax_rate", precision: 5, scale: 4, default: "0.0"
    t.virtual "amount_cents", type: :integer, as: "(quantity * unit_price_cents)", stored: true
    t.check_constraint "quantity > 0", name: "line_items_quantity_positive"
    t.index ["invoice_id"], name: "index_line_items_on_invoice_id"
  end

  create_table "marketing_ab_tests", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.bigint "marketing_utm_links_id"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["marketing_utm_links_id"], name: "index_marketing_ab_tests_on_marketing_utm_links_id"
  end

  create_table "marketing_audience_members", force: :cascade do |t|
    t.bigint "marketing_audiences_id"
    t.boolean "active", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.string "kind"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_marketing_audience_members_on_account_id"
    t.index ["marketing_audiences_id"], name: "index_marketing_audience_members_on_marketing_audiences_id"
  end

  create_table "marketing_audiences", force: :cascade do |t|
    t.bigint "marketing_campaigns_id"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["marketing_campaigns_id"], name: "index_marketing_audiences_on_marketing_campaigns_id"
  end

  create_table "marketing_campaigns", force: :cascade do |t|
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "marketing_email_opens", force: :cascade do |t|
    t.bigint "marketing_emails_id"
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["marketing_emails_id"], name: "index_marketing_email_opens_on_marketing_emails_id"
  end

  create_table "marketing_emails", force: :cascade do |t|
    t.bigint "marketing_audience_members_id"
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["marketing_audience_members_id"], name: "index_marketing_emails_on_marketing_audience_members_id"
  end

  create_table "marketing_landing_pages", force: :cascade do |t|
    t.bigint "marketing_email_opens_id"
    t.jsonb "attributes_json", default: {}, null: false
    t.string "name"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["marketing_email_opens_id"], name: "index_marketing_landing_pages_on_marketing_email_opens_id"
  end

  create_table "marketing_utm_links", comment: "Utm links of the marketing module", force: :cascade do |t|
    t.bigint "marketing_landing_pages_id"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.string "status"
    t.decimal "price", precision: 10, scale: 2
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_marketing_utm_links_on_account_id"
    t.index ["marketing_landing_pages_id"], name: "index_marketing_utm_links_on_marketing_landing_pages_id"
  end

  create_table "memberships", force: :cascade do |t|
    t.uuid "account_id", null: false
    t.bigint "user_id", null: false
    t.enum "role", default: "member", null: false, enum_type: "membership_role"
    t.datetime "invited_at", precision: nil
    t.datetime "accepted_at"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id", "user_id"], name: "index_memberships_on_account_id_and_user_id", unique: true
    t.index ["user_id"], name: "index_memberships_on_user_id"
  end

  create_table "payments", force: :cascade do |t|
    t.bigint "invoice_id", null: false
    t.integer "amount_cents", null: false
    t.string "provider", null: false
    t.string "provider_reference"
    t.jsonb "raw_response"
    t.datetime "captured_at"
    t.datetime "created_at", null: false
    t.index ["provider", "provider_reference"], name: "index_payments_on_provider_reference", unique: true, nulls_not_distinct: true
  end

  create_table "plans", id: :string, force: :cascade do |t|
    t.string "name", null: false
    t.integer "price_cents", default: 0, null: false
    t.string "currency", limit: 3, default: "USD", null: false
    t.interval "billing_period", default: "P1M"
    t.boolean "public", default: true
  end

  create_table "projects", comment: "Work is organised in projects", force: :cascade do |t|
    t.uuid "account_id", null: false
    t.string "name", null: false
    t.text "description"
    t.string "color", limit: 7, default: "#3366ff"
    t.date "starts_on"
    t.date "ends_on"
    t.boolean "archived", default: false, null: false
    t.integer "position"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.check_constraint "(ends_on IS NULL) OR (ends_on >= starts_on)", name: "projects_dates_ordered"
    t.index ["account_id", "position"], name: "index_projects_on_account_id_and_position"
    t.index ["account_id"], name: "index_projects_on_account_id_active", where: "(NOT archived)"
  end

  create_table "rooms", force: :cascade do |t|
    t.uuid "account_id", null: false
    t.string "name", null: false
    t.integer "capacity"
  end

  create_table "settings", primary_key: "key", id: :string, force: :cascade do |t|
    t.jsonb "value"
    t.datetime "updated_at", null: false
  end

  create_table "shipping_addresses", force: :cascade do |t|
    t.bigint "shipping_return_requests_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_shipping_addresses_on_account_id"
    t.index ["shipping_return_requests_id"], name: "index_shipping_addresses_on_shipping_return_requests_id"
  end

  create_table "shipping_carriers", force: :cascade do |t|
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.string "name"
    t.decimal "price", precision: 10, scale: 2
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_shipping_carriers_on_account_id"
  end

  create_table "shipping_parcels", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.bigint "shipping_shipments_id"
    t.jsonb "data", default: {}, null: false
    t.string "status"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["shipping_shipments_id"], name: "index_shipping_parcels_on_shipping_shipments_id"
  end

  create_table "shipping_pickup_slots", force: :cascade do |t|
    t.bigint "shipping_addresses_id"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["shipping_addresses_id"], name: "index_shipping_pickup_slots_on_shipping_addresses_id"
  end

  create_table "shipping_rates", force: :cascade do |t|
    t.bigint "shipping_carriers_id"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.boolean "published", default: false, null: false
    t.jsonb "attributes_json", default: {}, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["shipping_carriers_id"], name: "index_shipping_rates_on_shipping_carriers_id"
  end

  create_table "shipping_return_requests", force: :cascade do |t|
    t.bigint "shipping_tracking_events_id"
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.string "code"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["shipping_tracking_events_id"], name: "index_shipping_return_requests_on_shipping_tracking_events_id"
  end

  create_table "shipping_shipments", force: :cascade do |t|
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "shipping_tracking_events", comment: "Tracking events of the shipping module", force: :cascade do |t|
    t.bigint "shipping_rates_id"
    t.string "kind"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["shipping_rates_id"], name: "index_shipping_tracking_events_on_shipping_rates_id"
  end

  create_table "subscriptions", force: :cascade do |t|
    t.uuid "account_id", null: false
    t.string "plan_id", null: false
    t.datetime "current_period_start", null: false
    t.datetime "current_period_end", null: false
    t.datetime "cancelled_at"
    t.string "external_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.check_constraint "current_period_end > current_period_start", name: "subscriptions_period_ordered"
    t.index ["account_id"], name: "index_subscriptions_on_account_id"
    t.index ["external_id"], name: "index_subscriptions_on_external_id", unique: true, where: "(external_id IS NOT NULL)"
  end

  create_table "support_agents", force: :cascade do |t|
    t.bigint "support_sla_policies_id"
    t.date "effective_on"
    t.string "labels", default: [], array: true
    t.text "body"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["support_sla_policies_id"], name: "index_support_agents_on_support_sla_policies_id"
  end

  create_table "support_escalations", force: :cascade do |t|
    t.jsonb "attributes_json", default: {}, null: false
    t.string "code"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.uuid "public_id"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "support_macros", comment: "Macros of the support module", force: :cascade do |t|
    t.bigint "support_ticket_replies_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_support_macros_on_account_id"
    t.index ["support_ticket_replies_id"], name: "index_support_macros_on_support_ticket_replies_id"
  end

  create_table "support_queues", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.bigint "support_agents_id"
    t.datetime "started_at"
    t.uuid "public_id"
    t.integer "quantity", default: 0, null: false
    t.date "effective_on"
    t.uuid "account_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["account_id"], name: "index_support_queues_on_account_id"
    t.index ["support_agents_id"], name: "index_support_queues_on_support_agents_id"
  end

  create_table "support_satisfaction_ratings", force: :cascade do |t|
    t.bigint "support_macros_id"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.date "ends_on"
    t.string "labels", default: [], array: true
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["support_macros_id"], name: "index_support_satisfaction_ratings_on_support_macros_id"
  end

  create_table "support_sla_policies", force: :cascade do |t|
    t.bigint "support_satisfaction_ratings_id"
    t.boolean "published", default: false, null: false
    t.jsonb "data", default: {}, null: false
    t.string "name"
    t.decimal "price", precision: 10, scale: 2
    t.datetime "sent_at"
    t.uuid "public_id"
    t.integer "position", default: 0, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["support_satisfaction_ratings_id"], name: "index_support_sla_policies_on_support_satisfaction_ratings_id"
  end

  create_table "support_ticket_replies", force: :cascade do |t|
    t.bigint "support_tickets_id"
    t.text "notes"
    t.boolean "active", default: false, null: false
    t.jsonb "options", default: {}, null: false
    t.string "kind"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["support_tickets_id"], name: "index_support_ticket_replies_on_support_tickets_id"
  end

  create_table "support_tickets", force: :cascade do |t|
    t.string "code"
    t.decimal "rate", precision: 10, scale: 2
    t.datetime "started_at"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  create_table "taggings", primary_key: ["tag_id", "taggable_type", "taggable_id"], force: :cascade do |t|
    t.integer "tag_id", null: false
    t.string "taggable_type", null: false
    t.bigint "taggable_id", null: false
    t.datetime "created_at", null: false
    t.index ["taggable_type", "taggable_id"], name: "index_taggings_on_taggable"
  end

  create_table "tags", id: :serial, force: :cascade do |t|
    t.citext "name", null: false
    t.integer "taggings_count", default: 0
    t.index ["name"], name: "index_tags_on_name", unique: true
  end

  create_table "tasks", force: :cascade do |t|
    t.bigint "project_id", null: false
    t.bigint "assignee_id"
    t.bigint "parent_id"
    t.string "title", null: false
    t.text "notes"
    t.enum "priority", default: "normal", null: false, enum_type: "task_priority"
    t.integer "estimate_minutes"
    t.decimal "progress", precision: 5, scale: 2
    t.datetime "due_at"
    t.datetime "completed_at"
    t.tsvector "search_vector"
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.check_constraint "(progress >= (0)::numeric) AND (progress <= (100)::numeric)", name: "tasks_progress_range"
    t.index ["assignee_id", "due_at"], name: "index_tasks_on_assignee_id_and_due_at", order: { due_at: :desc }
    t.index ["project_id", "completed_at"], name: "index_tasks_on_open", where: "(completed_at IS NULL)", include: ["title"]
    t.index ["search_vector"], name: "index_tasks_on_search_vector", using: :gin
  end

  create_table "users", force: :cascade do |t|
    t.citext "email", null: false
    t.string "encrypted_password", default: "", null: false
    t.string "first_name", limit: 100
    t.string "last_name", limit: 100
    t.string "time_zone", default: "UTC", null: false
    t.string "locale", limit: 8, default: "en"
    t.integer "sign_in_count", default: 0, null: false
    t.datetime "current_sign_in_at"
    t.inet "current_sign_in_ip"
    t.inet "last_sign_in_ip"
    t.string "reset_password_token"
    t.datetime "reset_password_sent_at"
    t.boolean "admin", default: false, null: false
    t.virtual "full_name", type: :string, as: "(((first_name)::text || ' '::text) || (last_name)::text)", stored: true
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.check_constraint "sign_in_count >= 0"
    t.index "lower((email)::text)", name: "index_users_on_lower_email", unique: true
    t.index ["reset_password_token"], name: "index_users_on_reset_password_token", unique: true
  end

  create_table "webhook_deliveries", force: :cascade do |t|
    t.bigint "webhook_endpoint_id", null: false
    t.string "event", null: false
    t.integer "response_status", limit: 2
    t.text "response_body"
    t.float "duration_ms"
    t.float "approx", limit: 24
    t.integer "attempts", default: 0, null: false
    t.datetime "delivered_at", precision: 3
    t.datetime "created_at", null: false
    t.index ["webhook_endpoint_id", "created_at"], name: "index_webhook_deliveries_on_endpoint_and_created_at"
  end

  create_table "webhook_endpoints", force: :cascade do |t|
    t.uuid "account_id", null: false
    t.string "url", null: false
    t.string "secret", null: false
    t.string "events", default: [], null: false, array: true
    t.boolean "enabled", default: true, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
  end

  add_foreign_key "api_keys", "accounts", on_delete: :cascade
  add_foreign_key "bookings", "rooms", deferrable: :immediate
  add_foreign_key "bookings", "users"
  add_foreign_key "calendar_attendees", "accounts"
  add_foreign_key "calendar_attendees", "calendar_calendar_events", column: "calendar_calendar_events_id"
  add_foreign_key "calendar_availabilities", "calendar_recurrences", column: "calendar_recurrences_id"
  add_foreign_key "calendar_calendar_events", "calendar_calendars", column: "calendar_calendars_id", on_delete: :cascade
  add_foreign_key "calendar_holidays", "accounts"
  add_foreign_key "calendar_holidays", "calendar_availabilities", column: "calendar_availabilities_id"
  add_foreign_key "calendar_recurrences", "calendar_reminders", column: "calendar_reminders_id", on_delete: :cascade
  add_foreign_key "calendar_reminders", "calendar_attendees", column: "calendar_attendees_id"
  add_foreign_key "calendar_time_slots", "calendar_holidays", column: "calendar_holidays_id", on_delete: :cascade
  add_foreign_key "catalog_bundles", "catalog_reviews_ratings", column: "catalog_reviews_ratings_id", on_delete: :cascade
  add_foreign_key "catalog_categories", "accounts"
  add_foreign_key "catalog_categories", "catalog_variants", column: "catalog_variants_id"
  add_foreign_key "catalog_images", "catalog_prices", column: "catalog_prices_id"
  add_foreign_key "catalog_prices", "catalog_product_categories", column: "catalog_product_categories_id", on_delete: :cascade
  add_foreign_key "catalog_product_categories", "catalog_categories", column: "catalog_categories_id"
  add_foreign_key "catalog_reviews_ratings", "accounts"
  add_foreign_key "catalog_reviews_ratings", "catalog_images", column: "catalog_images_id"
  add_foreign_key "catalog_variants", "catalog_products", column: "catalog_products_id", on_delete: :cascade
  add_foreign_key "comments", "users", column: "author_id"
  add_foreign_key "crm_activities", "accounts"
  add_foreign_key "crm_activities", "crm_deal_stages", column: "crm_deal_stages_id"
  add_foreign_key "crm_companies", "crm_contacts", column: "crm_contacts_id"
  add_foreign_key "crm_contacts", "accounts"
  add_foreign_key "crm_deal_stages", "crm_deals", column: "crm_deals_id", on_delete: :cascade
  add_foreign_key "crm_deals", "crm_companies", column: "crm_companies_id"
  add_foreign_key "crm_email_threads", "crm_opportunities", column: "crm_opportunities_id", on_delete: :cascade
  add_foreign_key "crm_leads", "crm_pipelines", column: "crm_pipelines_id"
  add_foreign_key "crm_notes", "crm_activities", column: "crm_activities_id"
  add_foreign_key "crm_opportunities", "accounts"
  add_foreign_key "crm_opportunities", "crm_leads", column: "crm_leads_id"
  add_foreign_key "forum_badges", "forum_moderation_flags", column: "forum_moderation_flags_id", on_delete: :cascade
  add_foreign_key "forum_moderation_flags", "forum_reactions", column: "forum_reactions_id"
  add_foreign_key "forum_replies", "accounts"
  add_foreign_key "forum_replies", "forum_topics", column: "forum_topics_id", on_delete: :cascade
  add_foreign_key "forum_subscriptions_forum", "forum_user_badges", column: "forum_user_badges_id"
  add_foreign_key "forum_topics", "forum_boards", column: "forum_boards_id"
  add_foreign_key "forum_user_badges", "accounts"
  add_foreign_key "forum_user_badges", "forum_badges", column: "forum_badges_id"
  add_foreign_key "hr_benefits", "accounts"
  add_foreign_key "hr_benefits", "hr_reviews", column: "hr_reviews_id"
  add_foreign_key "hr_contracts", "hr_benefits", column: "hr_benefits_id"
  add_foreign_key "hr_departments", "hr_employees", column: "hr_employees_id"
  add_foreign_key "hr_payslips", "hr_time_off_requests", column: "hr_time_off_requests_id"
  add_foreign_key "hr_positions", "accounts"
  add_foreign_key "hr_positions", "hr_departments", column: "hr_departments_id", on_delete: :cascade
  add_foreign_key "hr_time_off_requests", "hr_positions", column: "hr_positions_id"
  add_foreign_key "inventory_bins", "accounts"
  add_foreign_key "inventory_bins", "inventory_purchase_order_lines", column: "inventory_purchase_order_lines_id", on_delete: :cascade
  add_foreign_key "inventory_purchase_order_lines", "inventory_purchase_orders", column: "inventory_purchase_orders_id"
  add_foreign_key "inventory_purchase_orders", "inventory_suppliers", column: "inventory_suppliers_id"
  add_foreign_key "inventory_stock_counts", "inventory_bins", column: "inventory_bins_id"
  add_foreign_key "inventory_stock_items", "inventory_warehouses", column: "inventory_warehouses_id"
  add_foreign_key "inventory_stock_movements", "accounts"
  add_foreign_key "inventory_stock_movements", "inventory_stock_items", column: "inventory_stock_items_id"
  add_foreign_key "inventory_suppliers", "inventory_stock_movements", column: "inventory_stock_movements_id", on_delete: :cascade
  add_foreign_key "invoices", "accounts"
  add_foreign_key "invoices", "subscriptions", on_delete: :nullify
  add_foreign_key "learning_certificates", "learning_quiz_answers", column: "learning_quiz_answers_id"
  add_foreign_key "learning_cohorts", "learning_instructors", column: "learning_instructors_id"
  add_foreign_key "learning_enrollments", "accounts"
  add_foreign_key "learning_enrollments", "learning_lessons", column: "learning_lessons_id"
  add_foreign_key "learning_instructors", "accounts"
  add_foreign_key "learning_lessons", "learning_courses", column: "learning_courses_id"
  add_foreign_key "learning_quiz_answers", "learning_quizzes", column: "learning_quizzes_id"
  add_foreign_key "learning_quizzes", "learning_enrollments", column: "learning_enrollments_id", on_delete: :cascade
  add_foreign_key "line_items", "invoices", on_delete: :cascade
  add_foreign_key "marketing_ab_tests", "marketing_utm_links", column: "marketing_utm_links_id"
  add_foreign_key "marketing_audience_members", "accounts"
  add_foreign_key "marketing_audience_members", "marketing_audiences", column: "marketing_audiences_id"
  add_foreign_key "marketing_audiences", "marketing_campaigns", column: "marketing_campaigns_id"
  add_foreign_key "marketing_email_opens", "marketing_emails", column: "marketing_emails_id"
  add_foreign_key "marketing_emails", "marketing_audience_members", column: "marketing_audience_members_id", on_delete: :cascade
  add_foreign_key "marketing_landing_pages", "marketing_email_opens", column: "marketing_email_opens_id"
  add_foreign_key "marketing_utm_links", "accounts"
  add_foreign_key "marketing_utm_links", "marketing_landing_pages", column: "marketing_landing_pages_id", on_delete: :cascade
  add_foreign_key "memberships", "accounts", on_delete: :cascade
  add_foreign_key "memberships", "users"
  add_foreign_key "payments", "invoices", validate: false
  add_foreign_key "projects", "accounts", on_delete: :cascade
  add_foreign_key "shipping_addresses", "accounts"
  add_foreign_key "shipping_addresses", "shipping_return_requests", column: "shipping_return_requests_id"
  add_foreign_key "shipping_carriers", "accounts"
  add_foreign_key "shipping_parcels", "shipping_shipments", column: "shipping_shipments_id", on_delete: :cascade
  add_foreign_key "shipping_pickup_slots", "shipping_addresses", column: "shipping_addresses_id", on_delete: :cascade
  add_foreign_key "shipping_rates", "shipping_carriers", column: "shipping_carriers_id"
  add_foreign_key "shipping_return_requests", "shipping_tracking_events", column: "shipping_tracking_events_id"
  add_foreign_key "shipping_tracking_events", "shipping_rates", column: "shipping_rates_id", on_delete: :cascade
  add_foreign_key "subscriptions", "accounts"
  add_foreign_key "subscriptions", "plans"
  add_foreign_key "support_agents", "support_sla_policies", column: "support_sla_policies_id", on_delete: :cascade
  add_foreign_key "support_macros", "accounts"
  add_foreign_key "support_macros", "support_ticket_replies", column: "support_ticket_replies_id", on_delete: :cascade
  add_foreign_key "support_queues", "accounts"
  add_foreign_key "support_queues", "support_agents", column: "support_agents_id"
  add_foreign_key "support_satisfaction_ratings", "support_macros", column: "support_macros_id"
  add_foreign_key "support_sla_policies", "support_satisfaction_ratings", column: "support_satisfaction_ratings_id"
  add_foreign_key "support_ticket_replies", "support_tickets", column: "support_tickets_id"
  add_foreign_key "taggings", "tags"
  add_foreign_key "tasks", "projects", on_delete: :cascade
  add_foreign_key "tasks", "tasks", column: "parent_id", name: "tasks_parent_fk", on_delete: :cascade
  add_foreign_key "tasks", "users", column: "assignee_id", on_delete: :nullify
  add_foreign_key "webhook_deliveries", "webhook_endpoints"
  add_foreign_key "webhook_endpoints", "accounts"

  create_view "open_tasks", sql_definition: <<-SQL
      SELECT t.id,
      t.project_id,
      t.title,
      t.due_at
     FROM tasks t
    WHERE (t.completed_at IS NULL);
  SQL
  create_view "account_revenue", materialized: true, sql_definition: <<-SQL
      SELECT i.account_id,
      sum(i.total_cents) AS total_cents,
      count(*) AS invoices
     FROM invoices i
    WHERE (i.state = 'paid'::invoice_state)
    GROUP BY i.account_id;
  SQL
  add_index "account_revenue", ["account_id"], name: "index_account_revenue_on_account_id", unique: true
end
