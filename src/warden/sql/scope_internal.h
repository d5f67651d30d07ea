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

/// A column a query may name: its user-visible name and the plan's internal field.
struct ScopeColumn {
  std::string name;   // as the user sees it (catalog or alias spelling)
  std::string field;  // the unique internal field name in the plan
  std::shared_ptr<arrow::DataType> type;
  /// A column a USING join merged into one: reachable only qualified, and not in `*`
  /// (the merged column, in a relation of its own, stands for it).
  bool merged_away = false;
};

/// One FROM item as names see it: a table (database.name) or an alias, and its columns.
struct Relation {
  std::optional<QualifiedName> table;  // unset for subqueries and CTEs
  std::optional<std::string> alias;    // the alias, or a CTE's name
  std::vector<ScopeColumn> columns;
};

/// The names visible to expressions of one SELECT: the relations of its FROM clause.
/// Quoted names match exactly, unquoted ones ASCII case-insensitively. Errors never tell
/// a hidden column from an absent one: hidden columns are not in any relation.
class Scope {
 public:
  Scope() = default;
  explicit Scope(std::vector<Relation> relations) : relations_(std::move(relations)) {}

  /// The column `name` ([[database.]table.]column) refers to. Errors (kSqlBind):
  /// `column "x" not found`, `column reference "x" is ambiguous`, a qualifier that names
  /// no FROM item, too many parts.
  arrow::Result<ScopeColumn> Resolve(const std::vector<Identifier>& name) const;

  /// The columns of `*` (all relations) or `qualifier.*`.
  arrow::Result<std::vector<ScopeColumn>> Star(const std::vector<Identifier>& qualifier) const;

  /// Every column of every relation, in order.
  std::vector<ScopeColumn> AllColumns() const;

  const std::vector<Relation>& relations() const { return relations_; }
  std::vector<Relation>& mutable_relations() { return relations_; }
  void Append(const Scope& other);

 private:
  std::vector<const Relation*> MatchQualifier(const std::vector<Identifier>& qualifier) const;

  std::vector<Relation> relations_;
};

bool EqualsIgnoringAsciiCase(const std::string& a, const std::string& b);
/// Whether `id` (quoted: exact; unquoted: case-insensitive) names `name`.
bool NameMatches(const Identifier& id, const std::string& name);

}  // namespace warden::sql::internal
