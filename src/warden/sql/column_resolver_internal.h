#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "warden/sql/identifier.h"
#include "warden/sql/query_ast.h"

namespace warden::sql::internal {

/// Resolves column names of a single-table query against the table's (governed) schema.
/// A quoted name matches a field name exactly, an unquoted one ASCII case-insensitively.
/// Errors never tell a hidden column from an absent one: the schema has none of them.
class ColumnResolver {
 public:
  ColumnResolver(QualifiedName table, std::optional<std::string> alias,
                 std::shared_ptr<arrow::Schema> schema);

  /// The index of the field `name` ([[database.]table.]column) refers to. Errors
  /// (kSqlBind): `column "x" not found`, `column reference "x" is ambiguous`, a qualifier
  /// that names no FROM item, too many parts.
  arrow::Result<int> Resolve(const std::vector<Identifier>& name) const;

  /// OK if `qualifier` ([database.]table, or the alias) names the FROM item.
  arrow::Status CheckQualifier(const std::vector<Identifier>& qualifier) const;

  const arrow::Schema& schema() const { return *schema_; }

 private:
  QualifiedName table_;
  std::optional<std::string> alias_;
  std::shared_ptr<arrow::Schema> schema_;
};

}  // namespace warden::sql::internal
