#include "warden/common/error.h"
#include "warden/sql/scope_internal.h"

namespace warden::sql::internal {

bool EqualsIgnoringAsciiCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool NameMatches(const Identifier& id, const std::string& name) {
  return id.quoted ? id.text == name : EqualsIgnoringAsciiCase(id.text, name);
}

void Scope::Append(const Scope& other) {
  relations_.insert(relations_.end(), other.relations_.begin(), other.relations_.end());
}

std::vector<const Relation*> Scope::MatchQualifier(
    const std::vector<Identifier>& qualifier) const {
  std::vector<const Relation*> found;
  for (const auto& relation : relations_) {
    bool match = false;
    if (qualifier.size() == 1) {
      // An alias hides the table's own name, as in PostgreSQL.
      match = relation.alias ? NameMatches(qualifier[0], *relation.alias)
                             : relation.table && NameMatches(qualifier[0], relation.table->name);
    } else if (qualifier.size() == 2 && !relation.alias && relation.table) {
      match = NameMatches(qualifier[0], relation.table->database) &&
              NameMatches(qualifier[1], relation.table->name);
    }
    if (match) found.push_back(&relation);
  }
  return found;
}

arrow::Result<ScopeColumn> Scope::Resolve(const std::vector<Identifier>& name) const {
  if (name.empty()) return Error(ErrorCode::kInternal, "empty column name");
  if (name.size() > 3) {
    return Error(ErrorCode::kSqlBind, "improper qualified name (too many dotted names): " +
                                          JoinIdentifiers(name));
  }
  const Identifier& column = name.back();
  std::vector<const Relation*> candidates;
  if (name.size() > 1) {
    std::vector<Identifier> qualifier(name.begin(), name.end() - 1);
    candidates = MatchQualifier(qualifier);
    if (candidates.empty()) {
      return Error(ErrorCode::kSqlBind, "missing FROM-clause entry for table \"" +
                                            JoinIdentifiers(qualifier) + "\"");
    }
    if (candidates.size() > 1) {
      return Error(ErrorCode::kSqlBind, "table reference \"" + JoinIdentifiers(qualifier) +
                                            "\" is ambiguous");
    }
  } else {
    for (const auto& relation : relations_) candidates.push_back(&relation);
  }
  std::optional<ScopeColumn> found;
  for (const Relation* relation : candidates) {
    for (const auto& candidate : relation->columns) {
      if (!NameMatches(column, candidate.name)) continue;
      if (name.size() == 1 && candidate.merged_away) continue;
      if (found) {
        return Error(ErrorCode::kSqlBind,
                     "column reference \"" + JoinIdentifiers(name) + "\" is ambiguous");
      }
      found = candidate;
    }
  }
  if (!found) {
    return Error(ErrorCode::kSqlBind, "column \"" + JoinIdentifiers(name) + "\" not found");
  }
  return *found;
}

arrow::Result<std::vector<ScopeColumn>> Scope::Star(
    const std::vector<Identifier>& qualifier) const {
  if (qualifier.empty()) return AllColumns();
  std::vector<const Relation*> found = MatchQualifier(qualifier);
  if (found.size() != 1) {
    return Error(ErrorCode::kSqlBind, "missing FROM-clause entry for table \"" +
                                          JoinIdentifiers(qualifier) + "\"");
  }
  return found[0]->columns;
}

std::vector<ScopeColumn> Scope::AllColumns() const {
  std::vector<ScopeColumn> columns;
  for (const auto& relation : relations_) {
    for (const auto& column : relation.columns) {
      if (!column.merged_away) columns.push_back(column);
    }
  }
  return columns;
}

}  // namespace warden::sql::internal
