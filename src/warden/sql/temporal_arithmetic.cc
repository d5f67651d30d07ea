// Date and time arithmetic with PostgreSQL's types mapped onto Arrow's: date ± integer
// (days), date - date (an integer), date/timestamp ± interval and timestamp - timestamp.
// Intervals are Arrow durations (microseconds), so only intervals of fixed length — days
// and smaller units, a day being 24 hours as in the UTC session Warden runs — are
// supported; months and years are refused by name.
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

bool IsCalendarUnit(std::string unit) {
  if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
  for (const char* name : {"month", "mon", "year", "yr", "y", "decade", "century",
                           "millennium", "quarter"}) {
    if (unit == name) return true;
  }
  return false;
}

}  // namespace

arrow::Result<BoundExpression> IntervalConstant(const std::string& text) {
  std::istringstream in(text);
  std::string token;
  double micros = 0;
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
    if (IsCalendarUnit(unit)) {
      return Error(ErrorCode::kSqlUnsupported,
                   "an interval of months or years (" + text + ") is not supported yet");
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
  return Constant(std::make_shared<arrow::DurationScalar>(
      static_cast<int64_t>(std::llround(micros)), arrow::TimeUnit::MICRO));
}

arrow::Result<std::optional<BoundExpression>> BindTemporalArithmetic(
    const std::string& op, BoundExpression a, BoundExpression b,
    const std::string& describe) {
  const auto& ta = *a.type;
  const auto& tb = *b.type;
  const bool temporal = IsDate(ta) || IsDate(tb) || IsTimestamp(ta) || IsTimestamp(tb) ||
                        IsDuration(ta) || IsDuration(tb);
  if (!temporal || (op != "+" && op != "-")) return std::nullopt;
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
