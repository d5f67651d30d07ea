#include "warden/sql/binder.h"

#include <arrow/scalar.h>
#include <arrow/type.h>

#include "warden/common/compute_init.h"
#include "warden/common/error.h"
#include "warden/sql/column_resolver_internal.h"
#include "warden/sql/expression_binder_internal.h"
#include "warden/sql/query_parser.h"

namespace warden::sql {

namespace {

using internal::BoundExpression;
using internal::ColumnResolver;
using internal::ExpressionBinder;

arrow::Result<QualifiedName> BindTableName(const TableRef& table) {
  if (table.name.size() == 1) {
    return Error(ErrorCode::kSqlBind, "table name must be qualified as database.table");
  }
  if (table.name.size() != 2) {
    return Error(ErrorCode::kSqlBind,
                 "table name \"" + JoinIdentifiers(table.name) +
                     "\" has too many parts: expected database.table");
  }
  return QualifiedName{table.name[0].text, table.name[1].text};
}

arrow::Status BindSelectList(const std::vector<SelectItem>& items,
                             const ColumnResolver& columns, BoundScan* scan) {
  const arrow::Schema& schema = columns.schema();
  arrow::FieldVector fields;
  const auto add = [&](int index, const std::optional<std::string>& alias) {
    const auto& field = schema.field(index);
    scan->source_columns.push_back(field->name());
    fields.push_back(alias ? field->WithName(*alias) : field);
  };
  for (const auto& item : items) {
    if (item.star) {
      if (!item.star_qualifier.empty()) {
        ARROW_RETURN_NOT_OK(columns.CheckQualifier(item.star_qualifier));
      }
      for (int i = 0; i < schema.num_fields(); ++i) add(i, std::nullopt);
      continue;
    }
    switch (item.expr->kind) {
      case ExprKind::kColumn: {
        ARROW_ASSIGN_OR_RAISE(int index, columns.Resolve(item.expr->column));
        add(index, item.alias);
        break;
      }
      case ExprKind::kFunction:
        return Error(ErrorCode::kSqlUnsupported, "function calls in the select list (" +
                                                     item.expr->name +
                                                     "()) are not supported yet");
      default:
        return Error(ErrorCode::kSqlUnsupported,
                     "expressions in the select list are not supported yet; select "
                     "columns or *");
    }
  }
  scan->output_schema = arrow::schema(std::move(fields));
  return arrow::Status::OK();
}

arrow::Result<std::optional<int64_t>> BindLimit(const Expr* limit) {
  if (limit == nullptr) return std::nullopt;
  // libpg_query folds the sign into the constant, so LIMIT -1 arrives as a literal.
  if (limit->kind == ExprKind::kLiteral) {
    if (const auto* value = std::get_if<int64_t>(&limit->literal)) {
      if (*value < 0) return Error(ErrorCode::kSqlBind, "LIMIT must not be negative");
      return *value;
    }
  }
  return Error(ErrorCode::kSqlBind, "LIMIT must be a non-negative integer constant");
}

arrow::Result<BoundScan> BindSelect(const SelectStatement& statement,
                                    TableSchemaProvider& provider) {
  BoundScan scan;
  ARROW_ASSIGN_OR_RAISE(scan.table, BindTableName(statement.from));
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Schema> schema,
                        provider.GetTableSchema(scan.table));
  if (schema == nullptr)
    return Error(ErrorCode::kInternal, "provider returned no schema");
  ColumnResolver columns(scan.table, statement.from.alias, schema);
  ARROW_RETURN_NOT_OK(BindSelectList(statement.items, columns, &scan));
  if (statement.where != nullptr) {
    ARROW_ASSIGN_OR_RAISE(BoundExpression where,
                          ExpressionBinder(columns).BindPredicate(*statement.where));
    // Every operator was checked as it was built; this catches anything left over.
    auto bound = where.expression.Bind(*schema);
    if (!bound.ok()) {
      return Error(ErrorCode::kSqlBind,
                   "invalid WHERE clause: " + bound.status().message());
    }
    scan.filter = std::move(where.expression);
  }
  ARROW_ASSIGN_OR_RAISE(scan.limit, BindLimit(statement.limit.get()));
  return scan;
}

}  // namespace

arrow::Result<BoundScan> PlanQuery(std::string_view sql, TableSchemaProvider& provider) {
  ARROW_RETURN_NOT_OK(InitializeArrowCompute());
  ARROW_ASSIGN_OR_RAISE(SelectStatement statement, ParseQuery(sql));
  return BindSelect(statement, provider);
}

}  // namespace warden::sql
