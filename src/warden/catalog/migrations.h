#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include <arrow/status.h>

namespace warden::catalog {

class SqlConnection;

/// One step of the metadata schema: SQL in the subset SQLite and PostgreSQL share, then SQL
/// for one dialect where they differ (indexes for search), then an optional data step in C++
/// for what SQL cannot do (e.g. decoding stored schemas).
struct Migration {
  std::string_view sql;
  std::function<arrow::Status(SqlConnection&)> backfill;
  std::string_view sqlite_sql = {};
  std::string_view postgresql_sql = {};
};

/// The metadata schema as an ordered list of migrations; migration i brings a store from
/// version i to i+1 inside one transaction. Never edit a released migration: append one.
const std::vector<Migration>& MetadataMigrations();

/// Brings the store behind `connection` to the latest version (creating it when empty),
/// holding the migration lock so that planners starting together migrate once.
/// kUnavailable when the store was written by a newer Warden.
arrow::Status MigrateToLatest(SqlConnection& connection);

/// Like MigrateToLatest but stops at `version` (tests of upgrades from older stores).
arrow::Status MigrateTo(SqlConnection& connection, size_t version);

}  // namespace warden::catalog
