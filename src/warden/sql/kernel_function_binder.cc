// SQL functions that run on Warden's own kernels (exec/sql_functions.h): split_part,
// lpad/rpad, make_date and `value = ANY(list)`. Arguments are cast to the kernels' exact
// types here.
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

#include <utility>

#include "warden/common/error.h"
#include "warden/exec/sql_functions.h"
#include "warden/sql/expression_binder_internal.h"

namespace warden::sql::internal {

namespace {

using Args = std::vector<BoundExpression>;

enum class Kind { kText, kInteger };

/// Casts each argument to the kernel's type (utf8 or int64); a NULL literal argument
/// makes the call a NULL of `result` (the functions are strict). Other types: kSqlBind.
arrow::Result<std::optional<BoundExpression>> PrepareArgs(
    const std::string& name, Args* args, const std::vector<Kind>& kinds,
    const std::shared_ptr<arrow::DataType>& result) {
  const std::string describe = NoSuchFunction(name, *args);
  if (args->size() != kinds.size()) return Error(ErrorCode::kSqlBind, describe);
  bool null = false;
  for (size_t i = 0; i < kinds.size(); ++i) {
    BoundExpression& arg = (*args)[i];
    const arrow::Type::type id = arg.type->id();
    if (id == arrow::Type::NA || (arg.constant != nullptr && !arg.constant->is_valid)) {
      null = true;
      continue;
    }
    const bool fits = kinds[i] == Kind::kText
                          ? (id == arrow::Type::STRING || id == arrow::Type::LARGE_STRING)
                          : arrow::is_integer(id);
    if (!fits) return Error(ErrorCode::kSqlBind, describe);
    ARROW_ASSIGN_OR_RAISE(
        arg, CoerceTo(std::move(arg), kinds[i] == Kind::kText ? arrow::utf8() : arrow::int64()));
  }
  if (null) return Constant(arrow::MakeNullScalar(result));
  return std::nullopt;
}

}  // namespace

/// split_part(s, delimiter, n): PostgreSQL 14's, negative n counting from the end.
arrow::Result<BoundExpression> BindSplitPart(const std::string& name, Args args) {
  const std::string describe = NoSuchFunction(name, args);
  ARROW_ASSIGN_OR_RAISE(auto null, PrepareArgs(name, &args,
                                               {Kind::kText, Kind::kText, Kind::kInteger},
                                               arrow::utf8()));
  if (null) return *null;
  return MakeCall(exec::kSplitPartFunction, std::move(args), nullptr, describe);
}

/// lpad/rpad(s, length[, fill]): the fill (default a space) cycles; longer values are
/// truncated to `length` characters.
arrow::Result<BoundExpression> BindPad(const std::string& name, Args args) {
  const std::string describe = NoSuchFunction(name, args);
  if (args.size() == 2) args.push_back(Constant(std::make_shared<arrow::StringScalar>(" ")));
  ARROW_ASSIGN_OR_RAISE(auto null, PrepareArgs(name, &args,
                                               {Kind::kText, Kind::kInteger, Kind::kText},
                                               arrow::utf8()));
  if (null) return *null;
  return MakeCall(name == "lpad" ? exec::kLpadFunction : exec::kRpadFunction,
                  std::move(args), nullptr, describe);
}

/// make_date(year, month, day): invalid dates fail the query; negative years are BC.
arrow::Result<BoundExpression> BindMakeDate(const std::string& name, Args args) {
  const std::string describe = NoSuchFunction(name, args);
  ARROW_ASSIGN_OR_RAISE(auto null, PrepareArgs(name, &args,
                                               {Kind::kInteger, Kind::kInteger, Kind::kInteger},
                                               arrow::date32()));
  if (null) return *null;
  return MakeCall(exec::kMakeDateFunction, std::move(args), nullptr, describe);
}

/// `value = ANY(list)`: true when an element equals the value; NULL when none does but the
/// list holds a NULL, or when the list or the value is NULL; false otherwise (PostgreSQL).
/// The value is cast to the list's element type.
arrow::Result<BoundExpression> BindAnyEqual(const std::string& /*name*/, Args args) {
  if (args.size() != 2) return Error(ErrorCode::kSqlBind, "= ANY needs a value and a list");
  const arrow::Type::type list_id = args[1].type->id();
  if (list_id == arrow::Type::NA) return Constant(arrow::MakeNullScalar(arrow::boolean()));
  if (list_id != arrow::Type::LIST) {
    return Error(ErrorCode::kSqlBind, "= ANY needs a list (array) column on its right, not " +
                                          TypeName(*args[1].type));
  }
  if (args[0].type->id() == arrow::Type::NA ||
      (args[0].constant != nullptr && !args[0].constant->is_valid)) {
    return Constant(arrow::MakeNullScalar(arrow::boolean()));
  }
  const auto element = static_cast<const arrow::ListType&>(*args[1].type).value_type();
  const std::string describe =
      "= ANY comparing " + TypeName(*args[0].type) + " with a list of " + TypeName(*element);
  // Comparable types only (as for `=`): text against a list of numbers is an error.
  if (!CommonType(args[0].type, element, "= ANY").ok()) {
    return Error(ErrorCode::kSqlBind, describe);
  }
  ARROW_ASSIGN_OR_RAISE(args[0], CoerceTo(std::move(args[0]), element));
  std::swap(args[0], args[1]);  // the kernel takes (list, value)
  return MakeCall(exec::kListAnyEqualFunction, std::move(args), nullptr, describe);
}

}  // namespace warden::sql::internal
