#pragma once

#include <arrow/compute/type_fwd.h>
#include <arrow/status.h>

/// Arrow compute functions for SQL scalar functions that Arrow has no kernel for, with
/// PostgreSQL's semantics. The binder (sql/sql_kernel_binder.cc) casts arguments to the
/// exact input types listed here; every function is strict (a NULL argument gives NULL).
namespace warden::exec {

inline constexpr char kSplitPartFunction[] = "warden_split_part";  // (utf8, utf8, int64)
inline constexpr char kLpadFunction[] = "warden_lpad";             // (utf8, int64, utf8)
inline constexpr char kRpadFunction[] = "warden_rpad";             // (utf8, int64, utf8)
inline constexpr char kMakeDateFunction[] = "warden_make_date";    // (int64 x3) -> date32
/// (date32 | timestamp[any unit, any zone], int64 months) -> the first argument's type.
/// Calendar months with the day clamped to the month's end (Jan 31 + 1 month = Feb 28/29);
/// zoned timestamps are shifted in UTC, Warden's session time zone.
inline constexpr char kAddMonthsFunction[] = "warden_add_months";
/// (list<T>, T) -> boolean: PostgreSQL's `value = ANY(array)` (list_any_equal.cc): true
/// when an element equals the value, NULL when none does but an element, the list or the
/// value is NULL, false otherwise (an empty list gives false).
inline constexpr char kListAnyEqualFunction[] = "warden_list_any_equal";

arrow::Status RegisterSqlFunctions();

namespace internal {
/// Adds kListAnyEqualFunction to `registry` (called by RegisterSqlFunctions).
arrow::Status RegisterListAnyEqual(arrow::compute::FunctionRegistry* registry);
}  // namespace internal

}  // namespace warden::exec
