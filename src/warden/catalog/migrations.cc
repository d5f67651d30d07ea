#include "warden/catalog/migrations.h"

#include <chrono>

#include <arrow/type.h>

#include "warden/catalog/sql_catalog_internal.h"
#include "warden/catalog/sql_connection.h"
#include "warden/catalog/storage.h"
#include "warden/common/arrow_codec.h"

namespace warden::catalog {

namespace {

/// Version 1 stored only the schema IPC; version 2 lists columns in `dataset_columns` so
/// that search and comments can reach them. Fills it for datasets of a version-1 store.
arrow::Status BackfillDatasetColumns(SqlConnection& connection) {
  ARROW_ASSIGN_OR_RAISE(auto datasets,
                        connection.Query("SELECT database_name, name, schema_ipc FROM datasets"));
  for (size_t row = 0; row < datasets.size(); ++row) {
    ARROW_ASSIGN_OR_RAISE(auto schema, DecodeSchema(datasets.Text(row, 2)));
    for (int i = 0; i < schema->num_fields(); ++i) {
      const auto& field = schema->field(i);
      ARROW_RETURN_NOT_OK(
          connection
              .Query("INSERT INTO dataset_columns(database_name, dataset_name, position, name, "
                     "type_name, comment) VALUES (?, ?, ?, ?, ?, '')",
                     {datasets.Text(row, 0), datasets.Text(row, 1), int64_t{i}, field->name(),
                      SqlTypeName(*field->type())})
              .status());
    }
  }
  return arrow::Status::OK();
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const std::vector<Migration>& MetadataMigrations() {
  static const std::vector<Migration> kMigrations = {
      // 1: databases, datasets, users and role membership.
      {R"sql(
        CREATE TABLE databases (
          name TEXT PRIMARY KEY,
          owner TEXT NOT NULL,
          comment TEXT NOT NULL DEFAULT '',
          created_at_ms BIGINT NOT NULL);
        CREATE TABLE datasets (
          database_name TEXT NOT NULL REFERENCES databases(name),
          name TEXT NOT NULL,
          location TEXT NOT NULL,
          format TEXT NOT NULL,
          schema_ipc TEXT NOT NULL,
          owner TEXT NOT NULL,
          comment TEXT NOT NULL DEFAULT '',
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (database_name, name));
        CREATE TABLE users (
          name TEXT PRIMARY KEY,
          password_hash TEXT NOT NULL);
        CREATE TABLE role_members (
          role TEXT NOT NULL,
          member_kind TEXT NOT NULL,
          member TEXT NOT NULL,
          PRIMARY KEY (role, member_kind, member));
      )sql",
       nullptr},
      // 2: views, format options, partitions, columns with comments, attributes.
      {R"sql(
        ALTER TABLE datasets ADD COLUMN kind TEXT NOT NULL DEFAULT 'table';
        ALTER TABLE datasets ADD COLUMN view_sql TEXT NOT NULL DEFAULT '';
        ALTER TABLE datasets ADD COLUMN format_options TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE datasets ADD COLUMN partition_columns TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE datasets ADD COLUMN schema_declared BIGINT NOT NULL DEFAULT 0;
        CREATE TABLE dataset_columns (
          database_name TEXT NOT NULL,
          dataset_name TEXT NOT NULL,
          position BIGINT NOT NULL,
          name TEXT NOT NULL,
          type_name TEXT NOT NULL,
          comment TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (database_name, dataset_name, position),
          FOREIGN KEY (database_name, dataset_name) REFERENCES datasets(database_name, name)
            ON DELETE CASCADE ON UPDATE CASCADE);
        CREATE INDEX dataset_columns_by_name ON dataset_columns(name);
        CREATE TABLE attributes (
          attr_namespace TEXT NOT NULL,
          attr_key TEXT NOT NULL,
          owner TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (attr_namespace, attr_key));
        CREATE TABLE database_attributes (
          database_name TEXT NOT NULL REFERENCES databases(name) ON DELETE CASCADE,
          attr_namespace TEXT NOT NULL,
          attr_key TEXT NOT NULL,
          PRIMARY KEY (database_name, attr_namespace, attr_key),
          FOREIGN KEY (attr_namespace, attr_key) REFERENCES attributes(attr_namespace, attr_key));
        CREATE TABLE dataset_attributes (
          database_name TEXT NOT NULL,
          dataset_name TEXT NOT NULL,
          column_name TEXT NOT NULL,
          attr_namespace TEXT NOT NULL,
          attr_key TEXT NOT NULL,
          PRIMARY KEY (database_name, dataset_name, column_name, attr_namespace, attr_key),
          FOREIGN KEY (database_name, dataset_name) REFERENCES datasets(database_name, name)
            ON DELETE CASCADE ON UPDATE CASCADE,
          FOREIGN KEY (attr_namespace, attr_key) REFERENCES attributes(attr_namespace, attr_key));
        CREATE INDEX dataset_attributes_by_attribute
          ON dataset_attributes(attr_namespace, attr_key);
        CREATE TABLE partitions (
          database_name TEXT NOT NULL,
          dataset_name TEXT NOT NULL,
          path TEXT NOT NULL,
          partition_values TEXT NOT NULL,
          PRIMARY KEY (database_name, dataset_name, path),
          FOREIGN KEY (database_name, dataset_name) REFERENCES datasets(database_name, name)
            ON DELETE CASCADE ON UPDATE CASCADE);
      )sql",
       BackfillDatasetColumns},
      // 3: the search index, one row per dataset: its words (qualified name, comment, column
      // names and comments) and its column names, lower-cased, with a substring index.
      {"",
       internal::RefreshAllSearchEntries,
       R"sql(
        CREATE TABLE dataset_search (
          id INTEGER PRIMARY KEY,
          database_name TEXT NOT NULL,
          dataset_name TEXT NOT NULL,
          words TEXT NOT NULL,
          columns TEXT NOT NULL,
          UNIQUE (database_name, dataset_name),
          FOREIGN KEY (database_name, dataset_name) REFERENCES datasets(database_name, name)
            ON DELETE CASCADE ON UPDATE CASCADE);
        CREATE VIRTUAL TABLE dataset_search_fts USING fts5(
          words, columns, content='dataset_search', content_rowid='id', tokenize='trigram');
        CREATE TRIGGER dataset_search_inserted AFTER INSERT ON dataset_search BEGIN
          INSERT INTO dataset_search_fts(rowid, words, columns)
            VALUES (new.id, new.words, new.columns);
        END;
        CREATE TRIGGER dataset_search_deleted AFTER DELETE ON dataset_search BEGIN
          INSERT INTO dataset_search_fts(dataset_search_fts, rowid, words, columns)
            VALUES ('delete', old.id, old.words, old.columns);
        END;
        CREATE TRIGGER dataset_search_updated AFTER UPDATE ON dataset_search BEGIN
          INSERT INTO dataset_search_fts(dataset_search_fts, rowid, words, columns)
            VALUES ('delete', old.id, old.words, old.columns);
          INSERT INTO dataset_search_fts(rowid, words, columns)
            VALUES (new.id, new.words, new.columns);
        END;
       )sql",
       R"sql(
        CREATE TABLE dataset_search (
          database_name TEXT NOT NULL,
          dataset_name TEXT NOT NULL,
          words TEXT NOT NULL,
          columns TEXT NOT NULL,
          PRIMARY KEY (database_name, dataset_name),
          FOREIGN KEY (database_name, dataset_name) REFERENCES datasets(database_name, name)
            ON DELETE CASCADE ON UPDATE CASCADE);
        -- Trigram indexes make LIKE '%…%' an index lookup. pg_trgm ships with PostgreSQL
        -- (contrib) and is a trusted extension; where it is missing, search scans instead.
        DO $$
        BEGIN
          CREATE EXTENSION IF NOT EXISTS pg_trgm;
          CREATE INDEX dataset_search_words ON dataset_search USING gin (words gin_trgm_ops);
          CREATE INDEX dataset_search_columns ON dataset_search USING gin (columns gin_trgm_ops);
        EXCEPTION WHEN OTHERS THEN
          RAISE NOTICE 'pg_trgm unavailable: dataset search will scan';
        END $$;
       )sql"},
      // 4: the policy model (DESIGN §4): roles, grants and user attributes. Self-contained:
      // it only adds tables.
      {R"sql(
        CREATE TABLE roles (
          name TEXT PRIMARY KEY,
          created_at_ms BIGINT NOT NULL);
        INSERT INTO roles(name, created_at_ms) VALUES ('warden_admin', 0);
        CREATE TABLE grants (
          id BIGINT PRIMARY KEY,
          role TEXT NOT NULL REFERENCES roles(name) ON DELETE CASCADE,
          privilege TEXT NOT NULL,
          scope TEXT NOT NULL,
          database_name TEXT NOT NULL,
          dataset_name TEXT NOT NULL,
          columns TEXT NOT NULL,
          attributes TEXT NOT NULL,
          attributes_negated BIGINT NOT NULL,
          row_filter TEXT NOT NULL,
          transforms TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL);
        CREATE INDEX grants_by_role ON grants(role);
        CREATE TABLE user_attributes (
          user_name TEXT NOT NULL,
          attr_key TEXT NOT NULL,
          position BIGINT NOT NULL,
          attr_value TEXT NOT NULL,
          PRIMARY KEY (user_name, attr_key, position));
       )sql",
       nullptr},
      // 5: the groups of local users (`warden users add --groups`); a login's token carries
      // them, so GRANT ROLE … TO GROUP applies to password users too.
      {R"sql(
        CREATE TABLE user_groups (
          user_name TEXT NOT NULL,
          group_name TEXT NOT NULL,
          PRIMARY KEY (user_name, group_name));
       )sql",
       nullptr},
      // 6: one counter bumped in the same transaction as every change of roles, role
      // members, grants and user attributes or groups: planners cache a principal's policy
      // per version and read only this row per statement (AccessController).
      {R"sql(
        CREATE TABLE policy_version (
          id BIGINT PRIMARY KEY CHECK (id = 1),
          version BIGINT NOT NULL);
        INSERT INTO policy_version(id, version) VALUES (1, 0);
       )sql",
       nullptr},
  };
  return kMigrations;
}

arrow::Status MigrateTo(SqlConnection& connection, size_t target) {
  const auto& migrations = MetadataMigrations();
  ARROW_RETURN_NOT_OK(connection.Begin(Isolation::kReadCommitted));
  auto body = [&]() -> arrow::Status {
    ARROW_RETURN_NOT_OK(connection.LockForMigration());
    ARROW_RETURN_NOT_OK(connection.ExecuteScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version BIGINT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)"));
    ARROW_ASSIGN_OR_RAISE(
        auto current, connection.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    const int64_t version = current.Int(0, 0);
    if (version > static_cast<int64_t>(migrations.size())) {
      return Error(ErrorCode::kUnavailable,
                   "metadata store was written by a newer Warden (schema version " +
                       std::to_string(version) + ", this one knows " +
                       std::to_string(migrations.size()) + ")");
    }
    for (size_t i = static_cast<size_t>(version); i < target; ++i) {
      const auto& migration = migrations[i];
      if (!migration.sql.empty()) ARROW_RETURN_NOT_OK(connection.ExecuteScript(migration.sql));
      const auto dialect_sql =
          connection.dialect() == "sqlite" ? migration.sqlite_sql : migration.postgresql_sql;
      if (!dialect_sql.empty()) ARROW_RETURN_NOT_OK(connection.ExecuteScript(dialect_sql));
      if (migration.backfill) ARROW_RETURN_NOT_OK(migration.backfill(connection));
      ARROW_RETURN_NOT_OK(
          connection
              .Query("INSERT INTO schema_migrations(version, applied_at_ms) VALUES (?, ?)",
                     {static_cast<int64_t>(i + 1), NowMs()})
              .status());
    }
    return arrow::Status::OK();
  };
  arrow::Status status = body();
  if (!status.ok()) {
    ARROW_UNUSED(connection.Rollback());
    return status;
  }
  return connection.Commit();
}

arrow::Status MigrateToLatest(SqlConnection& connection) {
  return MigrateTo(connection, MetadataMigrations().size());
}

}  // namespace warden::catalog
