// SQL functions that run on Warden's own kernels (exec/sql_functions.h): split_part,
// lpad/rpad and make_date. Arguments are cast to the kernels' exact types here.
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

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

}  // namespace warden::sql::internal
