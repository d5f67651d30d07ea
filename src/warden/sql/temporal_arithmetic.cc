// Date and time arithmetic with PostgreSQL's types mapped onto Arrow's: date ± integer
// (days), date - date (an integer), date/timestamp ± interval and timestamp - timestamp.
// Intervals of fixed length (days and smaller units, a day being 24 hours as in the UTC
// session Warden runs) are Arrow durations in microseconds. Intervals with months or
// years are Arrow month_day_nano constants: date/timestamp ± such an interval adds the
// calendar months first (the day clamped to the month's end, as PostgreSQL does), then
// the rest as a duration. Zoned timestamps shift months in UTC, the session time zone.
#include <arrow/compute/api_scalar.h>
#include <arrow/compute/cast.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

#include "warden/common/error.h"
#include "warden/exec/sql_functions.h"
#include "warden/sql/expression_binder_internal.h"

namespace warden::sql::internal {

namespace cp = arrow::compute;

namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

bool IsDate(const arrow::DataType& type) { return type.id() == arrow::Type::DATE32; }
bool IsTimestamp(const arrow::DataType& type) { return type.id() == arrow::Type::TIMESTAMP; }
bool IsDuration(const arrow::DataType& type) { return type.id() == arrow::Type::DURATION; }

arrow::Result<BoundExpression> Cast(BoundExpression value,
                                    std::shared_ptr<arrow::DataType> type,
                                    const std::string& describe) {
  return MakeCall("cast", {std::move(value)},
                  std::make_shared<cp::CastOptions>(cp::CastOptions::Unsafe(std::move(type))),
                  describe);
}

/// Microseconds per unit name as PostgreSQL spells interval units.
std::optional<double> MicrosPerUnit(std::string unit) {
  if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
  static const std::map<std::string, double> kUnits = {
      {"microsecond", 1.0},       {"usec", 1.0},          {"u", 1.0},
      {"millisecond", 1000.0},    {"msec", 1000.0},       {"m", 60e6},
      {"second", 1e6},            {"sec", 1e6},           {"",1e6},
      {"minute", 60e6},           {"min", 60e6},
      {"hour", 3600e6},           {"hr", 3600e6},         {"h", 3600e6},
      {"day", 86400e6},           {"d", 86400e6},
      {"week", 7 * 86400e6},      {"w", 7 * 86400e6}};
  auto it = kUnits.find(unit);
  if (it == kUnits.end()) return std::nullopt;
  return it->second;
}

/// Months per calendar unit name (PostgreSQL's spellings).
std::optional<double> MonthsPerUnit(std::string unit) {
  if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
  static const std::map<std::string, double> kUnits = {
      {"month", 1},    {"mon", 1},      {"quarter", 3},       {"year", 12},
      {"yr", 12},      {"y", 12},       {"decade", 120},      {"century", 1200},
      {"centurie", 1200}, {"millennium", 12000}, {"millennia", 12000}};
  auto it = kUnits.find(unit);
  if (it == kUnits.end()) return std::nullopt;
  return it->second;
}

bool IsCalendarInterval(const arrow::DataType& type) {
  return type.id() == arrow::Type::INTERVAL_MONTH_DAY_NANO;
}

/// date/timestamp ± a constant interval with months: months first, then the rest.
arrow::Result<std::optional<BoundExpression>> CalendarArithmetic(
    const std::string& op, BoundExpression a, BoundExpression b, const std::string& describe) {
  if (op == "+" && IsCalendarInterval(*a.type) && (IsDate(*b.type) || IsTimestamp(*b.type))) {
    std::swap(a, b);
  }
  if (!(IsDate(*a.type) || IsTimestamp(*a.type)) || !IsCalendarInterval(*b.type)) {
    return Error(ErrorCode::kSqlUnsupported,
                 "arithmetic on intervals of months or years other than date/timestamp ± "
                 "interval (" + describe + ")");
  }
  if (b.constant == nullptr || !b.constant->is_valid) {
    if (b.constant != nullptr) return Constant(arrow::MakeNullScalar(
        IsDate(*a.type) ? arrow::timestamp(arrow::TimeUnit::MICRO) : a.type));
    return Error(ErrorCode::kSqlUnsupported, "a non-constant interval of months or years");
  }
  const auto& interval = static_cast<const arrow::MonthDayNanoIntervalScalar&>(*b.constant).value;
  if (IsDate(*a.type)) {
    // date ± interval is a timestamp without time zone in PostgreSQL.
    ARROW_ASSIGN_OR_RAISE(a, Cast(std::move(a), arrow::timestamp(arrow::TimeUnit::MICRO),
                                  describe));
  }
  const int64_t months = op == "-" ? -static_cast<int64_t>(interval.months) : interval.months;
  if (months != 0) {
    ARROW_ASSIGN_OR_RAISE(
        a, MakeCall(exec::kAddMonthsFunction,
                    {a, Constant(std::make_shared<arrow::Int64Scalar>(months))}, nullptr,
                    describe));
  }
  const int64_t micros = interval.days * kMicrosPerDay + interval.nanoseconds / 1000;
  if (micros == 0) return a;
  return BindTemporalArithmetic(
      op, std::move(a),
      Constant(std::make_shared<arrow::DurationScalar>(micros, arrow::TimeUnit::MICRO)),
      describe);
}

}  // namespace

arrow::Result<BoundExpression> IntervalConstant(const std::string& text) {
  std::istringstream in(text);
  std::string token;
  double micros = 0;
  double months = 0;
  bool any = false;
  std::vector<std::string> tokens;
  while (in >> token) {
    for (char& c : token) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    tokens.push_back(token);
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    int h = 0, m = 0;
    double s = 0;
    char sign = '+';
    std::string clock = t;
    if (!clock.empty() && (clock[0] == '-' || clock[0] == '+')) sign = clock[0], clock.erase(0, 1);
    if (clock.find(':') != std::string::npos &&
        std::sscanf(clock.c_str(), "%d:%d:%lf", &h, &m, &s) >= 2) {
      micros += (sign == '-' ? -1 : 1) * ((h * 3600.0 + m * 60.0 + s) * 1e6);
      any = true;
      continue;
    }
    char* end = nullptr;
    const double number = std::strtod(t.c_str(), &end);
    if (end == t.c_str()) {
      return Error(ErrorCode::kSqlBind, "invalid input syntax for type interval: \"" + text + "\"");
    }
    std::string unit(end);
    if (unit.empty() && i + 1 < tokens.size()) unit = tokens[++i];
    if (auto per_unit = MonthsPerUnit(unit)) {
      months += number * *per_unit;
      any = true;
      continue;
    }
    auto per_unit = MicrosPerUnit(unit);
    if (!per_unit) {
      return Error(ErrorCode::kSqlBind, "invalid input syntax for type interval: \"" + text + "\"");
    }
    micros += number * *per_unit;
    any = true;
  }
  if (!any || !std::isfinite(micros) || std::fabs(micros) > 9.2e18) {
    return Error(ErrorCode::kSqlBind, "invalid input syntax for type interval: \"" + text + "\"");
  }
  if (months != 0) {
    // PostgreSQL turns fractional months into days ('1.5 months'); not supported yet.
    if (months != std::trunc(months) || std::fabs(months) > 2e9) {
      return Error(ErrorCode::kSqlUnsupported,
                   "an interval with a fractional or huge number of months (" + text + ")");
    }
    arrow::MonthDayNanoIntervalType::MonthDayNanos value{
        static_cast<int32_t>(months), 0, std::llround(micros) * 1000};
    return Constant(std::make_shared<arrow::MonthDayNanoIntervalScalar>(value));
  }
  return Constant(std::make_shared<arrow::DurationScalar>(
      static_cast<int64_t>(std::llround(micros)), arrow::TimeUnit::MICRO));
}

arrow::Result<std::optional<BoundExpression>> BindTemporalArithmetic(
    const std::string& op, BoundExpression a, BoundExpression b,
    const std::string& describe) {
  const auto& ta = *a.type;
  const auto& tb = *b.type;
  const bool temporal = IsDate(ta) || IsDate(tb) || IsTimestamp(ta) || IsTimestamp(tb) ||
                        IsDuration(ta) || IsDuration(tb) || IsCalendarInterval(ta) ||
                        IsCalendarInterval(tb);
  if (!temporal || (op != "+" && op != "-")) return std::nullopt;
  if (IsCalendarInterval(ta) || IsCalendarInterval(tb)) {
    return CalendarArithmetic(op, std::move(a), std::move(b), describe);
  }
  const auto days = arrow::int32();
  // date ± integer: days.
  if (IsDate(ta) && arrow::is_integer(tb.id())) {
    ARROW_ASSIGN_OR_RAISE(a, Cast(std::move(a), days, describe));
    ARROW_ASSIGN_OR_RAISE(b, Cast(std::move(b), days, describe));
    ARROW_ASSIGN_OR_RAISE(
        BoundExpression sum,
        MakeCall(op == "+" ? "add_checked" : "subtract_checked", {a, b}, nullptr, describe));
    return Cast(std::move(sum), arrow::date32(), describe);
  }
  if (op == "+" && arrow::is_integer(ta.id()) && IsDate(tb)) {
    return BindTemporalArithmetic(op, std::move(b), std::move(a), describe);
  }
  // date - date: days between, an integer.
  if (op == "-" && IsDate(ta) && IsDate(tb)) {
    ARROW_ASSIGN_OR_RAISE(a, Cast(std::move(a), days, describe));
    ARROW_ASSIGN_OR_RAISE(b, Cast(std::move(b), days, describe));
    return MakeCall("subtract_checked", {a, b}, nullptr, describe);
  }
  // date ± interval: a timestamp without time zone.
  if (IsDate(ta) && IsDuration(tb)) {
    ARROW_ASSIGN_OR_RAISE(a, Cast(std::move(a), arrow::timestamp(arrow::TimeUnit::MICRO),
                                  describe));
    return BindTemporalArithmetic(op, std::move(a), std::move(b), describe);
  }
  if (op == "+" && IsDuration(ta) && (IsDate(tb) || IsTimestamp(tb))) {
    return BindTemporalArithmetic(op, std::move(b), std::move(a), describe);
  }
  // timestamp ± interval, timestamp - timestamp (an interval), interval ± interval.
  if ((IsTimestamp(ta) && IsDuration(tb)) || (op == "-" && IsTimestamp(ta) && IsTimestamp(tb)) ||
      (IsDuration(ta) && IsDuration(tb))) {
    if (op == "-" && IsTimestamp(ta) && IsTimestamp(tb)) {
      const bool zoned_a = !static_cast<const arrow::TimestampType&>(ta).timezone().empty();
      const bool zoned_b = !static_cast<const arrow::TimestampType&>(tb).timezone().empty();
      if (zoned_a != zoned_b) {
        // The session is UTC: a timestamp without zone is read as UTC.
        auto& naive = zoned_a ? b : a;
        ARROW_ASSIGN_OR_RAISE(naive, CoerceTo(std::move(naive), zoned_a ? a.type : b.type));
      }
    }
    return MakeCall(op == "+" ? "add_checked" : "subtract_checked", {a, b}, nullptr,
                    describe);
  }
  return std::nullopt;  // the caller reports the operator and types
}

arrow::Result<BoundExpression> IntervalEpoch(BoundExpression interval,
                                             const std::string& describe) {
  ARROW_ASSIGN_OR_RAISE(interval, Cast(std::move(interval),
                                       arrow::duration(arrow::TimeUnit::MICRO), describe));
  ARROW_ASSIGN_OR_RAISE(interval, Cast(std::move(interval), arrow::int64(), describe));
  ARROW_ASSIGN_OR_RAISE(interval, Cast(std::move(interval), arrow::float64(), describe));
  return MakeCall("divide", {std::move(interval), Constant(std::make_shared<arrow::DoubleScalar>(
                                                      static_cast<double>(kMicrosPerSecond)))},
                  nullptr, describe);
}

}  // namespace warden::sql::internal
