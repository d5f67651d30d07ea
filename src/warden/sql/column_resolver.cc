#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/sql/column_resolver_internal.h"

namespace warden::sql::internal {

namespace {

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

}  // namespace

ColumnResolver::ColumnResolver(QualifiedName table, std::optional<std::string> alias,
                               std::shared_ptr<arrow::Schema> schema)
    : table_(std::move(table)), alias_(std::move(alias)), schema_(std::move(schema)) {}

arrow::Status ColumnResolver::CheckQualifier(
    const std::vector<Identifier>& qualifier) const {
  bool matches = false;
  if (qualifier.size() == 1) {
    matches = qualifier[0].text == (alias_ ? *alias_ : table_.name);
  } else if (qualifier.size() == 2 && !alias_) {
    matches = qualifier[0].text == table_.database && qualifier[1].text == table_.name;
  }
  if (matches) return arrow::Status::OK();
  return Error(ErrorCode::kSqlBind, "missing FROM-clause entry for table \"" +
                                        JoinIdentifiers(qualifier) + "\"");
}

arrow::Result<int> ColumnResolver::Resolve(const std::vector<Identifier>& name) const {
  if (name.empty()) return Error(ErrorCode::kInternal, "empty column name");
  if (name.size() > 3) {
    return Error(
        ErrorCode::kSqlBind,
        "improper qualified name (too many dotted names): " + JoinIdentifiers(name));
  }
  if (name.size() > 1) {
    ARROW_RETURN_NOT_OK(
        CheckQualifier(std::vector<Identifier>(name.begin(), name.end() - 1)));
  }
  const Identifier& column = name.back();
  int found = -1;
  for (int i = 0; i < schema_->num_fields(); ++i) {
    const std::string& field = schema_->field(i)->name();
    const bool match = column.quoted ? field == column.text
                                     : EqualsIgnoringAsciiCase(field, column.text);
    if (!match) continue;
    if (found >= 0) {
      return Error(ErrorCode::kSqlBind,
                   "column reference \"" + JoinIdentifiers(name) + "\" is ambiguous");
    }
    found = i;
  }
  if (found < 0) {
    return Error(ErrorCode::kSqlBind,
                 "column \"" + JoinIdentifiers(name) + "\" not found");
  }
  return found;
}

}  // namespace warden::sql::internal
