#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/sql/identifier.h"

/// Governance statements (DESIGN §5): our own grammar, parsed by a small hand-written
/// recursive-descent parser. Keywords are case-insensitive; names follow NormalizeIdentifier
/// and ValidateIdentifier. docs/sql-reference.md is the user's description of the grammar.
namespace warden::sql {

/// An attribute `namespace.key` (both normalized names).
struct AttributeKey {
  std::string name_space;
  std::string key;

  std::string ToString() const { return name_space + "." + key; }
  bool operator==(const AttributeKey&) const = default;
};

/// `name type [NOT NULL] [COMMENT 'text'] [ATTRIBUTE ns.key [ATTRIBUTE …]]` in a column
/// list; in PARTITIONED BY the type may be left out (inferred from folder names).
struct ColumnDefinition {
  std::string name;
  std::shared_ptr<arrow::DataType> type;  // nullptr: to be inferred
  bool nullable = true;
  std::optional<std::string> comment;
  std::vector<AttributeKey> attributes;
};

struct CreateDatabase {
  std::string name;
  bool if_not_exists = false;
  std::optional<std::string> comment;  // COMMENT 'text'
};

struct DropDatabase {
  std::string name;
  bool if_exists = false;
  bool cascade = false;
};

/// CREATE EXTERNAL TABLE [IF NOT EXISTS] db.t [(columns)] [LIKE PARQUET 'uri']
///   [COMMENT 'text'] [PARTITIONED BY (col [type], …)]
///   [ROW FORMAT DELIMITED [FIELDS TERMINATED BY 'c'] [ESCAPED BY 'c'] [NULL DEFINED AS 's']]
///   STORED AS fmt LOCATION 'uri' [OPTIONS|TBLPROPERTIES ('k'='v', …)]
///   [ATTRIBUTES (ns.key, …)]
/// Without columns and LIKE PARQUET, the schema is inferred from the files at `location`.
struct CreateExternalTable {
  QualifiedName table;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;  // empty: inferred
  std::optional<std::string> like_parquet;
  std::string format;  // lower case: parquet | csv | json | orc
  std::string location;
  std::optional<std::string> comment;
  std::optional<std::vector<ColumnDefinition>> partitioned_by;
  /// ROW FORMAT, OPTIONS and TBLPROPERTIES, keys lower-cased, as written (the executor
  /// maps Hive's names such as 'field.delim' onto Warden's).
  std::map<std::string, std::string> options;
  std::vector<AttributeKey> attributes;  // on the table itself
};

/// CREATE VIEW [IF NOT EXISTS] db.v [COMMENT 'text'] AS <query>
struct CreateView {
  QualifiedName view;
  bool if_not_exists = false;
  std::optional<std::string> comment;
  std::string query;  // the text after AS, as written
};

/// DROP TABLE|VIEW [IF EXISTS] db.t
struct DropTable {
  QualifiedName table;
  bool if_exists = false;
  bool view = false;  // DROP VIEW
};

/// CREATE ATTRIBUTE [IF NOT EXISTS] ns.key / DROP ATTRIBUTE [IF EXISTS] ns.key
struct CreateAttribute {
  AttributeKey attribute;
  bool if_not_exists = false;
};
struct DropAttribute {
  AttributeKey attribute;
  bool if_exists = false;
};

/// The object an ALTER or COMMENT ON names: a database, or a dataset, or a column of one.
struct ObjectName {
  std::string database;
  std::optional<std::string> dataset;
  std::optional<std::string> column;
};

/// ALTER DATABASE db | TABLE db.t | VIEW db.v ADD|REMOVE ATTRIBUTE ns.key [ON COLUMN c]
struct AlterAttribute {
  ObjectName target;
  AttributeKey attribute;
  bool add = true;
};

/// ALTER … SET COMMENT 'text', ALTER TABLE t ALTER COLUMN c COMMENT 'text',
/// ALTER TABLE t SET TBLPROPERTIES ('comment'='text'), COMMENT ON … IS 'text'.
struct SetComment {
  ObjectName target;
  std::string comment;
};

/// ALTER TABLE|VIEW db.t RENAME TO [db2.]t2
struct RenameTable {
  QualifiedName from;
  QualifiedName to;
};

/// ALTER TABLE db.t RECOVER PARTITIONS, or MSCK REPAIR TABLE db.t
struct RecoverPartitions {
  QualifiedName table;
};

struct ShowDatabases {
  std::optional<std::string> like;  // SQL LIKE pattern with % and _
};

struct ShowTables {
  std::optional<std::string> database;  // SHOW TABLES [IN|FROM db]
  std::optional<std::string> like;
};

struct ShowAttributes {};

struct ShowPartitions {
  QualifiedName table;
};

struct ShowCreateTable {
  QualifiedName table;
};

struct DescribeTable {
  QualifiedName table;
  bool formatted = false;  // DESCRIBE FORMATTED
};

struct DescribeDatabase {
  std::string name;
};

/// SEARCH DATASETS ['text'] [IN db] [ATTRIBUTE ns.key] [COLUMN name] [LIMIT n [OFFSET m]]
struct SearchDatasets {
  std::string text;
  std::optional<std::string> database;
  std::optional<AttributeKey> attribute;
  std::optional<std::string> column;
  int64_t limit = 100;
  int64_t offset = 0;
};

/// CREATE ROLE [IF NOT EXISTS] r / DROP ROLE [IF EXISTS] r
struct CreateRole {
  std::string role;
  bool if_not_exists = false;
};
struct DropRole {
  std::string role;
  bool if_exists = false;
};

/// GRANT ROLE r TO GROUP g | USER u, REVOKE ROLE r FROM GROUP g | USER u
struct GrantRole {
  std::string role;
  std::string member_kind;  // "user" | "group"
  std::string member;
  bool revoke = false;
};

/// `TRANSFORM target WITH fn(args)`: target is a column, or an attribute ns.key.
struct TransformClause {
  std::string target;
  bool on_attribute = false;
  std::string function;           // lower case
  std::vector<std::string> args;  // literals as SQL text: 4, -2.5, 'month'
};

/// GRANT|REVOKE priv [(cols)] ON CATALOG|SERVER | DATABASE db | TABLE|VIEW db.t
///   [HAVING ATTRIBUTE [NOT] IN (ns.key, …)] [WHERE expr] [TRANSFORM t WITH fn(…) …]
///   TO|FROM ROLE r
struct GrantPrivilege {
  std::string privilege;  // SELECT | INSERT | ALTER | DROP | CREATE | ALL
  std::vector<std::string> columns;
  enum class Scope { kCatalog, kDatabase, kTable } scope = Scope::kCatalog;
  std::string database;
  std::string table;
  std::vector<AttributeKey> attributes;
  bool attributes_negated = false;
  std::string row_filter;  // the expression text as written; empty: none
  std::vector<TransformClause> transforms;
  std::string role;
  bool revoke = false;
};

/// SHOW ROLES | SHOW CURRENT ROLES | SHOW ROLE GRANT GROUP g
struct ShowRoles {
  bool current = false;                // only the caller's roles
  std::optional<std::string> group;   // roles granted to this group
};

/// SHOW MEMBERS OF ROLE r, or Hive's SHOW PRINCIPALS r: the users and groups the role is
/// granted to.
struct ShowRoleMembers {
  std::string role;
};

/// SHOW GRANTS [ON DATABASE db | ON TABLE db.t] [FOR ROLE r | FOR USER u],
/// SHOW GRANT ROLE r [ON …] (Okera/Sentry spelling).
struct ShowGrants {
  std::optional<std::string> role;
  std::optional<std::string> user;
  std::optional<std::string> on_database;
  std::optional<QualifiedName> on_table;
};

/// EXPLAIN ACCESS [FOR USER u] ON db.t
struct ExplainAccess {
  std::optional<std::string> user;
  QualifiedName table;
};

using GovernanceStatement =
    std::variant<CreateDatabase, DropDatabase, CreateExternalTable, CreateView, DropTable,
                 CreateAttribute, DropAttribute, AlterAttribute, SetComment, RenameTable,
                 RecoverPartitions, ShowDatabases, ShowTables, ShowAttributes, ShowPartitions,
                 ShowCreateTable, DescribeTable, DescribeDatabase, SearchDatasets, CreateRole,
                 DropRole, GrantRole, GrantPrivilege, ShowRoles, ShowRoleMembers, ShowGrants,
                 ExplainAccess>;

/// True when the first keyword of `sql` starts a governance statement (CREATE, DROP, SHOW,
/// DESCRIBE, DESC, ALTER, GRANT, REVOKE, COMMENT, SEARCH, MSCK, or EXPLAIN ACCESS); such text goes to
/// ParseGovernance, the rest to the query parser.
bool IsGovernanceStatement(std::string_view sql);

/// Parses one statement (an optional trailing ';' is allowed). Errors: kSqlSyntax with the
/// position and what was expected; kSqlUnsupported naming a recognized but unsupported
/// statement (e.g. "GRANT is not supported yet"); kInvalidName for an identifier that breaks
/// the rules of ValidateIdentifier.
arrow::Result<GovernanceStatement> ParseGovernance(std::string_view sql);

}  // namespace warden::sql
