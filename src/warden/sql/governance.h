#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <arrow/result.h>

#include "warden/sql/identifier.h"

/// Governance statements (DESIGN §5): our own grammar, parsed by a small hand-written
/// recursive-descent parser. Keywords are case-insensitive; names follow NormalizeIdentifier.
namespace warden::sql {

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

/// CREATE EXTERNAL TABLE [IF NOT EXISTS] db.t STORED AS fmt LOCATION 'uri' [COMMENT 'text']
/// The schema is inferred from the files at `location`.
struct CreateExternalTable {
  QualifiedName table;
  bool if_not_exists = false;
  std::string format;  // lower case: parquet | csv | json | orc
  std::string location;
  std::optional<std::string> comment;
};

struct DropTable {
  QualifiedName table;
  bool if_exists = false;
};

struct ShowDatabases {
  std::optional<std::string> like;  // SQL LIKE pattern with % and _
};

struct ShowTables {
  std::optional<std::string> database;  // SHOW TABLES [IN|FROM db]
  std::optional<std::string> like;
};

struct DescribeTable {
  QualifiedName table;
  bool formatted = false;  // DESCRIBE FORMATTED
};

using GovernanceStatement = std::variant<CreateDatabase, DropDatabase, CreateExternalTable,
                                         DropTable, ShowDatabases, ShowTables, DescribeTable>;

/// True when the first keyword of `sql` starts a governance statement (CREATE, DROP, SHOW,
/// DESCRIBE, DESC, ALTER, GRANT, REVOKE); such text goes to ParseGovernance, the rest to
/// the query parser.
bool IsGovernanceStatement(std::string_view sql);

/// Parses one statement (an optional trailing ';' is allowed). Errors: kSqlSyntax with the
/// position and what was expected; kSqlUnsupported naming a recognized but unsupported
/// statement (e.g. "GRANT is not supported yet").
arrow::Result<GovernanceStatement> ParseGovernance(std::string_view sql);

}  // namespace warden::sql
