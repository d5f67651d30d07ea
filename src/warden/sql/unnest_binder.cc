#include "warden/sql/unnest_binder_internal.h"

#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/sql/expression_binder_internal.h"

namespace warden::sql::internal {

arrow::Result<std::pair<PlanPtr, Scope>> BindLateralUnnest(PlanPtr left, Scope scope,
                                                           const FromItem& item,
                                                           NameGenerator& names) {
  if (item.column_aliases.size() > 1) {
    return Error(ErrorCode::kSqlBind, "table \"" + item.alias.value_or("unnest") +
                                          "\" has 1 columns available but " +
                                          std::to_string(item.column_aliases.size()) +
                                          " columns specified");
  }
  ARROW_ASSIGN_OR_RAISE(BoundExpression list,
                        ExpressionBinder(scope, nullptr, "FROM").Bind(*item.unnest_argument));
  // left's fields unchanged, then the list; the Unnest node puts the element in its place.
  const std::string list_field = names.Next();
  auto project_schema = left->schema->AddField(left->schema->num_fields(),
                                               arrow::field(list_field, list.type));
  ARROW_ASSIGN_OR_RAISE(auto schema, project_schema);
  auto project = MakeNode(PlanKind::kProject, {left}, schema);
  for (const auto& field : left->schema->fields()) {
    project->expressions.push_back(arrow::compute::field_ref(field->name()));
  }
  project->expressions.push_back(list.expression);
  const std::string element = names.Next();
  ARROW_ASSIGN_OR_RAISE(PlanPtr unnest, MakeUnnestNode(project, list_field, element));

  Relation relation;
  relation.alias = item.alias.value_or("unnest");
  const std::string column = !item.column_aliases.empty() ? item.column_aliases[0]
                                                           : *relation.alias;
  const auto& type = unnest->schema->field(unnest->schema->num_fields() - 1)->type();
  relation.columns.push_back({column, element, type});
  scope.Append(Scope({std::move(relation)}));
  return std::make_pair(std::move(unnest), std::move(scope));
}

}  // namespace warden::sql::internal
