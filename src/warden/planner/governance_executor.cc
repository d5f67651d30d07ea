#include "warden/planner/governance_executor.h"

#include <arrow/builder.h>
#include <arrow/table.h>

#include "warden/catalog/storage.h"
#include "warden/common/bearer_token.h"
#include "warden/common/error.h"

namespace warden::planner {

namespace {

/// Builds a table of string columns, row by row.
class StringTableBuilder {
 public:
  explicit StringTableBuilder(std::vector<std::string> names)
      : names_(std::move(names)), builders_(names_.size()) {}

  arrow::Status AddRow(const std::vector<std::string>& values) {
    for (size_t i = 0; i < builders_.size(); ++i) {
      ARROW_RETURN_NOT_OK(builders_[i].Append(values[i]));
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::shared_ptr<arrow::Table>> Finish() {
    arrow::FieldVector fields;
    arrow::ArrayVector columns;
    for (size_t i = 0; i < builders_.size(); ++i) {
      fields.push_back(arrow::field(names_[i], arrow::utf8(), /*nullable=*/false));
      ARROW_ASSIGN_OR_RAISE(auto column, builders_[i].Finish());
      columns.push_back(std::move(column));
    }
    return arrow::Table::Make(arrow::schema(fields), columns);
  }

 private:
  std::vector<std::string> names_;
  std::vector<arrow::StringBuilder> builders_;
};

arrow::Result<std::shared_ptr<arrow::Table>> StatusTable(const std::string& message) {
  StringTableBuilder builder({"status"});
  ARROW_RETURN_NOT_OK(builder.AddRow({message}));
  return builder.Finish();
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool MatchesLikePattern(const std::string& text, const std::string& pattern) {
  // Iterative wildcard match with backtracking to the last '%'.
  size_t t = 0, p = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '_' || AsciiLower(pattern[p]) == AsciiLower(text[t]))) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

template <>
arrow::Result<std::shared_ptr<arrow::Table>> GovernanceExecutor::Run(
    const policy::Principal& principal, const sql::CreateDatabase& statement) const {
  ARROW_RETURN_NOT_OK(access_->AuthorizeDdl(principal));
  catalog::DatabaseInfo database{statement.name, principal.user,
                                 statement.comment.value_or(""), NowSeconds() * 1000};
  ARROW_RETURN_NOT_OK(store_->CreateDatabase(database, statement.if_not_exists));
  return StatusTable("database " + statement.name + " created");
}

template <>
arrow::Result<std::shared_ptr<arrow::Table>> GovernanceExecutor::Run(
    const policy::Principal& principal, const sql::DropDatabase& statement) const {
  ARROW_RETURN_NOT_OK(access_->AuthorizeDdl(principal));
  ARROW_RETURN_NOT_OK(
      store_->DropDatabase(statement.name, statement.if_exists, statement.cascade));
  return StatusTable("database " + statement.name + " dropped");
}

template <>
arrow::Result<std::shared_ptr<arrow::Table>> GovernanceExecutor::Run(
    const policy::Principal& principal, const sql::CreateExternalTable& statement) const {
  ARROW_RETURN_NOT_OK(access_->AuthorizeDdl(principal));
  const auto& name = statement.table;
  ARROW_ASSIGN_OR_RAISE(auto database, store_->GetDatabase(name.database));
  if (!database) {
    return Error(ErrorCode::kCatalogNotFound, "database " + name.database + " not found");
  }
  if (statement.if_not_exists) {
    ARROW_ASSIGN_OR_RAISE(auto existing, store_->GetDataset(name.database, name.name));
    if (existing) return StatusTable("table " + name.ToString() + " already exists");
  }
  ARROW_ASSIGN_OR_RAISE(auto schema, catalog::InferSchema(statement.location, statement.format));
  catalog::DatasetInfo dataset{name.database, name.name,     statement.location,
                               statement.format, schema,     principal.user,
                               statement.comment.value_or(""), NowSeconds() * 1000};
  ARROW_RETURN_NOT_OK(store_->CreateDataset(dataset, statement.if_not_exists));
  return StatusTable("table " + name.ToString() + " created");
}

template <>
arrow::Result<std::shared_ptr<arrow::Table>> GovernanceExecutor::Run(
    const policy::Principal& principal, const sql::DropTable& statement) const {
  ARROW_RETURN_NOT_OK(access_->AuthorizeDdl(principal));
  ARROW_RETURN_NOT_OK(store_->DropDataset(statement.table.database, statement.table.name,
                                          statement.if_exists));
  return StatusTable("table " + statement.table.ToString() + " dropped");
}

template <>
arrow::Result<std::shared_ptr<arrow::Table>> GovernanceExecutor::Run(
    const policy::Principal& principal, const sql::ShowDatabases& statement) const {
  StringTableBuilder builder({"name"});
  ARROW_ASSIGN_OR_RAISE(auto databases, store_->ListDatabases());
  for (const auto& database : databases) {
    if (!access_->CanSeeDatabase(principal, database.name)) continue;
    if (statement.like && !MatchesLikePattern(database.name, *statement.like)) continue;
    ARROW_RETURN_NOT_OK(builder.AddRow({database.name}));
  }
  return builder.Finish();
}

template <>
arrow::Result<std::shared_ptr<arrow::Table>> GovernanceExecutor::Run(
    const policy::Principal& principal, const sql::ShowTables& statement) const {
  StringTableBuilder builder({"name"});
  std::vector<std::string> databases;
  if (statement.database) {
    if (!access_->CanSeeDatabase(principal, *statement.database)) {
      return Error(ErrorCode::kCatalogNotFound,
                   "database " + *statement.database + " not found");
    }
    databases.push_back(*statement.database);
  } else {
    ARROW_ASSIGN_OR_RAISE(auto all, store_->ListDatabases());
    for (const auto& database : all) {
      if (access_->CanSeeDatabase(principal, database.name)) databases.push_back(database.name);
    }
  }
  for (const auto& database : databases) {
    ARROW_ASSIGN_OR_RAISE(auto datasets, store_->ListDatasets(database));
    for (const auto& dataset : datasets) {
      if (!access_->CanSeeDataset(principal, dataset)) continue;
      if (statement.like && !MatchesLikePattern(dataset.name, *statement.like)) continue;
      // Without IN, names are qualified so that they stay unambiguous.
      ARROW_RETURN_NOT_OK(builder.AddRow(
          {statement.database ? dataset.name : dataset.QualifiedName()}));
    }
  }
  return builder.Finish();
}

template <>
arrow::Result<std::shared_ptr<arrow::Table>> GovernanceExecutor::Run(
    const policy::Principal& principal, const sql::DescribeTable& statement) const {
  ARROW_ASSIGN_OR_RAISE(auto governed, access_->GovernedView(principal, statement.table));
  StringTableBuilder builder({"name", "type", "comment"});
  for (const auto& field : governed.visible_schema->fields()) {
    ARROW_RETURN_NOT_OK(builder.AddRow({field->name(), catalog::SqlTypeName(*field->type()), ""}));
  }
  if (statement.formatted) {
    const auto& dataset = governed.dataset;
    ARROW_RETURN_NOT_OK(builder.AddRow({"", "", ""}));
    ARROW_RETURN_NOT_OK(builder.AddRow({"# Detailed Table Information", "", ""}));
    ARROW_RETURN_NOT_OK(builder.AddRow({"Database", dataset.database, ""}));
    ARROW_RETURN_NOT_OK(builder.AddRow({"Table", dataset.name, ""}));
    ARROW_RETURN_NOT_OK(builder.AddRow({"Owner", dataset.owner, ""}));
    ARROW_RETURN_NOT_OK(builder.AddRow({"Location", dataset.location, ""}));
    ARROW_RETURN_NOT_OK(builder.AddRow({"Format", dataset.format, ""}));
    ARROW_RETURN_NOT_OK(builder.AddRow({"Comment", dataset.comment, ""}));
  }
  return builder.Finish();
}

arrow::Result<std::shared_ptr<arrow::Table>> GovernanceExecutor::Execute(
    const policy::Principal& principal, const sql::GovernanceStatement& statement) const {
  return std::visit([&](const auto& concrete) { return Run(principal, concrete); },
                    statement);
}

}  // namespace warden::planner
