#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <arrow/type_fwd.h>

/// Catalog objects (DESIGN §3). Plain values: safe to copy across threads.
namespace warden::catalog {

/// An attribute (tag) `namespace.key`, e.g. pii.email. Both parts are normalized names.
struct AttributeName {
  std::string name_space;
  std::string key;

  std::string ToString() const { return name_space + "." + key; }
  auto operator<=>(const AttributeName&) const = default;
};

struct DatabaseInfo {
  std::string name;
  std::string owner;
  std::string comment;
  int64_t created_at_ms = 0;
  std::vector<AttributeName> attributes;  // sorted
};

enum class DatasetKind { kTable, kView };

/// Per-column catalog metadata; the column's name and type live in DatasetInfo::schema.
struct ColumnInfo {
  std::string name;
  std::string comment;
  std::vector<AttributeName> attributes;  // sorted

  bool operator==(const ColumnInfo&) const = default;
};

/// One Hive-style partition folder of a table: its path relative to the table location
/// ("year=2024/month=01") and the values of the partition columns, in their order.
struct PartitionInfo {
  std::string path;
  std::vector<std::string> values;

  bool operator==(const PartitionInfo&) const = default;
};

/// A dataset: an external table over files, or a view defined in SQL.
struct DatasetInfo {
  std::string database;
  std::string name;
  std::string location;  // URI of a directory or a single file; empty for views
  std::string format;    // parquet | csv | json | orc; empty for views
  /// Every column, partition columns last (as the scan produces them). Fields carry no
  /// metadata; nullability is as declared or inferred.
  std::shared_ptr<arrow::Schema> schema;
  std::string owner;
  std::string comment;
  int64_t created_at_ms = 0;

  DatasetKind kind = DatasetKind::kTable;
  /// Reader options of the format, lower-case keys, as given in TBLPROPERTIES/OPTIONS:
  /// csv: header (true|false), delimiter, quote, escape, null (the null string).
  std::map<std::string, std::string> format_options;
  /// Names of the Hive-style partition columns (`key=value` folders), outermost first;
  /// they are also the last fields of `schema`.
  std::vector<std::string> partition_columns;
  /// True when CREATE named the columns; false when they were inferred from the files.
  bool schema_declared = false;
  /// One entry per schema field, same order: comments and attributes of columns.
  std::vector<ColumnInfo> columns;
  /// Attributes on the dataset itself (sorted).
  std::vector<AttributeName> attributes;
  /// The SELECT text of a view, as written after AS.
  std::string view_sql;

  std::string QualifiedName() const { return database + "." + name; }
  bool is_view() const { return kind == DatasetKind::kView; }
  /// The ColumnInfo of `column`, or nullptr.
  const ColumnInfo* FindColumn(const std::string& column) const {
    for (const auto& info : columns) {
      if (info.name == column) return &info;
    }
    return nullptr;
  }
};

/// What an attribute is attached to: a database, a dataset, or a column of a dataset.
struct CatalogObjectRef {
  std::string database;
  std::optional<std::string> dataset;
  std::optional<std::string> column;  // only with `dataset`

  std::string ToString() const {
    return database + (dataset ? "." + *dataset : "") + (column ? "." + *column : "");
  }
};

/// A dataset search (MetaStore::SearchDatasets). Every given criterion must match.
struct DatasetSearch {
  /// Words: each must occur (case-insensitively) in the qualified name, the comment or a
  /// column's name or comment. Empty: no text criterion.
  std::string text;
  std::optional<AttributeName> attribute;  // on the dataset or one of its columns
  std::optional<std::string> column;       // a column whose name contains this
  std::optional<std::string> database;     // only datasets of this database
  int64_t limit = 100;
  int64_t offset = 0;
};

/// One search hit, enough to list it; GetDataset gives the rest.
struct DatasetSummary {
  std::string database;
  std::string name;
  DatasetKind kind = DatasetKind::kTable;
  std::string comment;
  std::string owner;

  std::string QualifiedName() const { return database + "." + name; }
};

/// The attributes of one dataset and of its columns, without its schema: what visibility
/// under a HAVING ATTRIBUTE grant depends on (MetaStore::ListDatasetAttributes).
struct DatasetAttributes {
  std::string name;
  std::vector<AttributeName> attributes;  // of the dataset itself
  std::vector<ColumnInfo> columns;        // names and attributes; comments are left empty
};

/// A local user: name and PBKDF2 hash (crypto::HashPassword).
struct UserRecord {
  std::string name;
  std::string password_hash;
};

/// A user attribute (`user_attribute('k')` in row filters): a key and its values.
using UserAttributes = std::map<std::string, std::vector<std::string>>;

/// A member of a role: a user or a group.
struct RoleMember {
  std::string role;
  std::string kind;  // "user" | "group"
  std::string member;

  bool operator==(const RoleMember&) const = default;
};

/// What a grant is on (DESIGN §4): the whole catalog, a database or one dataset.
enum class GrantScope { kCatalog, kDatabase, kDataset };

/// `TRANSFORM target WITH function(args)` of a grant. `target` is a column name or, when
/// `on_attribute`, an attribute "ns.key" (every column carrying it).
struct GrantTransform {
  std::string target;
  bool on_attribute = false;
  std::string function;           // lower case
  std::vector<std::string> args;  // SQL literals as written: 4, 2.5, 'month'

  std::string ToString() const;
  bool operator==(const GrantTransform&) const = default;
};

/// A privilege given to a role on a scope, optionally narrowed to columns and attributes,
/// with a row filter and masks (DESIGN §4). `id` orders grants (older first).
struct GrantInfo {
  int64_t id = 0;
  std::string role;
  std::string privilege;  // SELECT | INSERT | ALTER | DROP | CREATE | ALL
  GrantScope scope = GrantScope::kCatalog;
  std::string database;              // kDatabase, kDataset
  std::string dataset;               // kDataset
  std::vector<std::string> columns;  // empty: every column
  std::vector<AttributeName> attributes;  // HAVING ATTRIBUTE [NOT] IN (…); empty: none
  bool attributes_negated = false;
  std::string row_filter;  // SQL boolean expression over the raw columns; empty: none
  std::vector<GrantTransform> transforms;
  int64_t created_at_ms = 0;

  /// "DATABASE sales", "TABLE sales.t", "CATALOG".
  std::string ScopeString() const;
  /// The grant as a GRANT statement (without the role clause).
  std::string ToString() const;
  /// Same grant apart from id and time (REVOKE matches on this).
  bool SameAs(const GrantInfo& other) const;
};

/// The admin role of DESIGN §4.
inline constexpr const char* kAdminRole = "warden_admin";

}  // namespace warden::catalog
