#include "warden/planner/governance_executor.h"

#include <chrono>
#include <string>
#include <vector>

#include "warden/common/error.h"
#include "warden/planner/governance_statements_internal.h"

namespace warden::planner {

namespace internal {

arrow::Status StringTableBuilder::AddRow(const std::vector<std::string>& values) {
  for (size_t i = 0; i < builders_.size(); ++i) {
    ARROW_RETURN_NOT_OK(builders_[i].Append(values[i]));
  }
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<arrow::Table>> StringTableBuilder::Finish() {
  arrow::FieldVector fields;
  arrow::ArrayVector columns;
  for (size_t i = 0; i < builders_.size(); ++i) {
    fields.push_back(arrow::field(names_[i], arrow::utf8(), /*nullable=*/false));
    ARROW_ASSIGN_OR_RAISE(auto column, builders_[i].Finish());
    columns.push_back(std::move(column));
  }
  return arrow::Table::Make(arrow::schema(fields), columns);
}

TableResult StatusTable(const std::string& message) {
  StringTableBuilder builder({"status"});
  ARROW_RETURN_NOT_OK(builder.AddRow({message}));
  return builder.Finish();
}

catalog::AttributeName ToCatalog(const sql::AttributeKey& attribute) {
  return {attribute.name_space, attribute.key};
}

std::string JoinAttributes(const std::vector<catalog::AttributeName>& attributes) {
  std::string out;
  for (const auto& attribute : attributes) {
    out += (out.empty() ? "" : ", ") + attribute.ToString();
  }
  return out;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

arrow::Status RequireVisibleDatabase(const GovernanceContext& context,
                                     const policy::Principal& principal,
                                     const std::string& database) {
  const auto not_found = [&] {
    return Error(ErrorCode::kCatalogNotFound, "database " + database + " not found");
  };
  if (!context.access->CanSeeDatabase(principal, database)) return not_found();
  ARROW_ASSIGN_OR_RAISE(auto found, context.store->GetDatabase(database));
  if (!found) return not_found();
  return arrow::Status::OK();
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::CreateDatabase& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  catalog::DatabaseInfo database{statement.name, principal.user,
                                 statement.comment.value_or(""), NowMs(), {}};
  ARROW_RETURN_NOT_OK(context.store->CreateDatabase(database, statement.if_not_exists));
  return StatusTable("database " + statement.name + " created");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::DropDatabase& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  ARROW_RETURN_NOT_OK(
      context.store->DropDatabase(statement.name, statement.if_exists, statement.cascade));
  return StatusTable("database " + statement.name + " dropped");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::ShowDatabases& statement) {
  StringTableBuilder builder({"name"});
  ARROW_ASSIGN_OR_RAISE(auto databases, context.store->ListDatabases());
  for (const auto& database : databases) {
    if (!context.access->CanSeeDatabase(principal, database.name)) continue;
    if (statement.like && !MatchesLikePattern(database.name, *statement.like)) continue;
    ARROW_RETURN_NOT_OK(builder.AddRow({database.name}));
  }
  return builder.Finish();
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::ShowTables& statement) {
  StringTableBuilder builder({"name"});
  std::vector<std::string> databases;
  if (statement.database) {
    if (!context.access->CanSeeDatabase(principal, *statement.database)) {
      return Error(ErrorCode::kCatalogNotFound,
                   "database " + *statement.database + " not found");
    }
    databases.push_back(*statement.database);
  } else {
    ARROW_ASSIGN_OR_RAISE(auto all, context.store->ListDatabases());
    for (const auto& database : all) {
      if (context.access->CanSeeDatabase(principal, database.name)) {
        databases.push_back(database.name);
      }
    }
  }
  for (const auto& database : databases) {
    // Summaries (no schemas): details are read only where visibility depends on them.
    ARROW_ASSIGN_OR_RAISE(auto summaries, context.store->ListDatasetSummaries(database));
    ARROW_ASSIGN_OR_RAISE(auto datasets, context.access->VisibleDatasets(
                                             principal, database, std::move(summaries)));
    for (const auto& dataset : datasets) {
      if (statement.like && !MatchesLikePattern(dataset.name, *statement.like)) continue;
      // Without IN, names are qualified so that they stay unambiguous.
      ARROW_RETURN_NOT_OK(
          builder.AddRow({statement.database ? dataset.name : dataset.QualifiedName()}));
    }
  }
  return builder.Finish();
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::DescribeDatabase& statement) {
  ARROW_RETURN_NOT_OK(RequireVisibleDatabase(context, principal, statement.name));
  ARROW_ASSIGN_OR_RAISE(auto database, context.store->GetDatabase(statement.name));
  ARROW_ASSIGN_OR_RAISE(auto datasets, context.store->ListDatasets(statement.name));
  StringTableBuilder builder({"name", "value"});
  ARROW_RETURN_NOT_OK(builder.AddRow({"Database", database->name}));
  ARROW_RETURN_NOT_OK(builder.AddRow({"Owner", database->owner}));
  ARROW_RETURN_NOT_OK(builder.AddRow({"Comment", database->comment}));
  ARROW_RETURN_NOT_OK(builder.AddRow({"Attributes", JoinAttributes(database->attributes)}));
  ARROW_RETURN_NOT_OK(builder.AddRow({"Datasets", std::to_string(datasets.size())}));
  return builder.Finish();
}

}  // namespace internal

bool MatchesLikePattern(const std::string& text, const std::string& pattern, char escape) {
  struct Token {
    char c;
    bool wildcard;
  };
  std::vector<Token> tokens;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (escape != '\0' && pattern[i] == escape && i + 1 < pattern.size()) {
      tokens.push_back({pattern[++i], false});
    } else {
      tokens.push_back({pattern[i], pattern[i] == '%' || pattern[i] == '_'});
    }
  }
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  const auto is_any = [&](size_t p) { return tokens[p].wildcard && tokens[p].c == '%'; };
  // Iterative wildcard match with backtracking to the last '%'.
  size_t t = 0, p = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < tokens.size() && !is_any(p) &&
        ((tokens[p].wildcard && tokens[p].c == '_') || lower(tokens[p].c) == lower(text[t]))) {
      ++t;
      ++p;
    } else if (p < tokens.size() && is_any(p)) {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < tokens.size() && is_any(p)) ++p;
  return p == tokens.size();
}

arrow::Result<std::shared_ptr<arrow::Table>> GovernanceExecutor::Execute(
    const policy::Principal& principal, const sql::GovernanceStatement& statement) const {
  const internal::GovernanceContext context{store_, access_, &validate_view_};
  return std::visit(
      [&](const auto& concrete) { return internal::RunStatement(context, principal, concrete); },
      statement);
}

}  // namespace warden::planner
