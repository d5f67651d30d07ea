// The Unnest plan node: PostgreSQL's set-returning unnest(list) in a select list.
#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/sql/logical_plan.h"

namespace warden::sql {

arrow::Result<std::shared_ptr<arrow::Schema>> UnnestSchema(const arrow::Schema& input,
                                                           const std::string& list_column,
                                                           const std::string& element_name) {
  const int index = input.GetFieldIndex(list_column);
  if (index < 0) return Error(ErrorCode::kInternal, "unnest of a missing column");
  const auto& type = input.field(index)->type();
  if (type->id() != arrow::Type::LIST && type->id() != arrow::Type::LARGE_LIST) {
    return Error(ErrorCode::kSqlBind,
                 "function unnest(" + type->ToString() + ") does not exist: unnest needs a list");
  }
  const auto& list = static_cast<const arrow::BaseListType&>(*type);
  return input.SetField(index, arrow::field(element_name, list.value_type()));
}

arrow::Result<PlanPtr> MakeUnnestNode(PlanPtr input, const std::string& list_column,
                                      std::string element_name) {
  ARROW_ASSIGN_OR_RAISE(auto schema, UnnestSchema(*input->schema, list_column, element_name));
  auto node = MakeNode(PlanKind::kUnnest, {std::move(input)}, std::move(schema));
  node->unnest_input = list_column;
  node->unnest_output = std::move(element_name);
  return node;
}

}  // namespace warden::sql
