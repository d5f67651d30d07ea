// The SQL function kernels against PostgreSQL's documented results: nulls, empty strings,
// Unicode, out-of-range fields, month-end clamping and leap years, invalid dates.
#include "warden/exec/sql_functions.h"

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <gtest/gtest.h>

#include "warden/common/compute_init.h"
#include "warden/exec/civil_calendar_internal.h"
#include "warden/exec/transforms_test_support.h"

namespace warden::exec {
namespace {

std::shared_ptr<arrow::Array> Json(const std::shared_ptr<arrow::DataType>& type,
                                   const std::string& json) {
  return testing::ArrayFromJson(type, json);
}

arrow::Result<std::shared_ptr<arrow::Array>> Call(const std::string& function,
                                                  std::vector<arrow::Datum> args) {
  EXPECT_TRUE(InitializeArrowCompute().ok());
  ARROW_ASSIGN_OR_RAISE(arrow::Datum result, arrow::compute::CallFunction(function, args));
  return result.make_array();
}

void ExpectCall(const std::string& function, std::vector<arrow::Datum> args,
                const std::shared_ptr<arrow::Array>& expected) {
  auto result = Call(function, std::move(args));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE((*result)->Equals(*expected))
      << "got " << (*result)->ToString() << "\nwant " << expected->ToString();
}

std::shared_ptr<arrow::Scalar> Text(const std::string& value) {
  return std::make_shared<arrow::StringScalar>(value);
}
std::shared_ptr<arrow::Scalar> Int(int64_t value) {
  return std::make_shared<arrow::Int64Scalar>(value);
}

TEST(SqlFunctionsTest, SplitPartCountsFieldsFromEitherEnd) {
  auto text = Json(arrow::utf8(), R"(["a@b.com", "x,,y", "", null, "äö→ü→", "solo"])");
  ExpectCall(kSplitPartFunction, {text, Text("@"), Int(2)},
             Json(arrow::utf8(), R"(["b.com", "", "", null, "", ""])"));
  ExpectCall(kSplitPartFunction, {text, Text("→"), Int(-1)},
             Json(arrow::utf8(), R"(["a@b.com", "x,,y", "", null, "", "solo"])"));
  ExpectCall(kSplitPartFunction, {text, Text("→"), Int(1)},
             Json(arrow::utf8(), R"(["a@b.com", "x,,y", "", null, "äö", "solo"])"));
  ExpectCall(kSplitPartFunction, {text, Text(","), Int(-3)},
             Json(arrow::utf8(), R"(["", "x", "", null, "", ""])"));
  // An empty delimiter: the whole string is field 1 (and -1).
  ExpectCall(kSplitPartFunction, {text, Text(""), Int(-1)},
             Json(arrow::utf8(), R"(["a@b.com", "x,,y", "", null, "äö→ü→", "solo"])"));
  ExpectCall(kSplitPartFunction, {text, Text(""), Int(2)},
             Json(arrow::utf8(), R"(["", "", "", null, "", ""])"));
  // A NULL delimiter or position gives NULL.
  ExpectCall(kSplitPartFunction, {text, arrow::MakeNullScalar(arrow::utf8()), Int(1)},
             Json(arrow::utf8(), R"([null, null, null, null, null, null])"));
}

TEST(SqlFunctionsTest, SplitPartRejectsFieldZero) {
  auto result = Call(kSplitPartFunction, {Json(arrow::utf8(), R"(["a"])"), Text(","), Int(0)});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("must not be zero"), std::string::npos);
}

TEST(SqlFunctionsTest, PadCyclesTheFillAndTruncates) {
  auto text = Json(arrow::utf8(), R"(["abc", "", null, "héllo wörld", "äb"])");
  ExpectCall(kLpadFunction, {text, Int(7), Text("xy")},
             Json(arrow::utf8(), R"(["xyxyabc", "xyxyxyx", null, "héllo w", "xyxyxäb"])"));
  ExpectCall(kRpadFunction, {text, Int(6), Text("äö")},
             Json(arrow::utf8(), R"(["abcäöä", "äöäöäö", null, "héllo ", "äbäöäö"])"));
  // An empty fill only truncates; a length <= 0 gives ''.
  ExpectCall(kLpadFunction, {text, Int(2), Text("")},
             Json(arrow::utf8(), R"(["ab", "", null, "hé", "äb"])"));
  ExpectCall(kRpadFunction, {text, Int(-3), Text("x")},
             Json(arrow::utf8(), R"(["", "", null, "", ""])"));
  ExpectCall(kLpadFunction, {text, arrow::MakeNullScalar(arrow::int64()), Text("x")},
             Json(arrow::utf8(), R"([null, null, null, null, null])"));
}

TEST(SqlFunctionsTest, MakeDateBuildsValidDatesOnly) {
  auto dates = Call(kMakeDateFunction,
                    {Json(arrow::int64(), "[2024, 2023, 1970, null, -1]"),
                     Json(arrow::int64(), "[2, 12, 1, 5, 1]"),
                     Json(arrow::int64(), "[29, 31, 1, 1, 1]")});
  ASSERT_TRUE(dates.ok()) << dates.status().ToString();
  // 2024-02-29, 2023-12-31, 1970-01-01, NULL, 1 BC-01-01 (astronomical year 0).
  const int64_t bc = internal::DaysFromCivil({0, 1, 1});
  EXPECT_TRUE((*dates)->Equals(*Json(
      arrow::date32(), "[19782, 19722, 0, null, " + std::to_string(bc) + "]")))
      << (*dates)->ToString();
  for (auto [y, m, d] : {std::tuple{2023, 2, 29}, {2024, 13, 1}, {2024, 4, 31}, {0, 1, 1},
                         {2024, 1, 0}}) {
    auto result = Call(kMakeDateFunction, {Int(y), Int(m), Int(d)});
    EXPECT_FALSE(result.ok()) << y << "-" << m << "-" << d;
    if (!result.ok()) {
      EXPECT_NE(result.status().message().find("out of range"), std::string::npos);
    }
  }
}

TEST(SqlFunctionsTest, AddMonthsClampsToTheMonthEnd) {
  // 2024-01-31, 2023-01-31, 2024-02-29, 2024-03-31, NULL
  auto dates = Json(arrow::date32(), "[19753, 19388, 19782, 19813, null]");
  // +1 month: 2024-02-29, 2023-02-28, 2024-03-29, 2024-04-30, NULL
  ExpectCall(kAddMonthsFunction, {dates, Int(1)},
             Json(arrow::date32(), "[19782, 19416, 19811, 19843, null]"));
  // +12 months from 2024-02-29: 2025-02-28; -1 month from 2024-03-31: 2024-02-29.
  ExpectCall(kAddMonthsFunction, {Json(arrow::date32(), "[19782]"), Int(12)},
             Json(arrow::date32(), "[20147]"));
  ExpectCall(kAddMonthsFunction, {Json(arrow::date32(), "[19813]"), Int(-1)},
             Json(arrow::date32(), "[19782]"));
  // Timestamps keep their time of day, also before 1970.
  auto micro = arrow::timestamp(arrow::TimeUnit::MICRO, "UTC");
  const int64_t day = 86400LL * 1000000;
  const int64_t noon = day / 2;
  ExpectCall(kAddMonthsFunction,
             {Json(micro, "[" + std::to_string(19753 * day + noon) + ", " +
                              std::to_string(-1 * day + noon) + "]"),
              Int(1)},
             Json(micro, "[" + std::to_string(19782 * day + noon) + ", " +
                             std::to_string(30 * day + noon) + "]"));
}

TEST(SqlFunctionsTest, CivilCalendarRoundTrips) {
  for (int64_t days = -800000; days <= 800000; days += 997) {
    EXPECT_EQ(internal::DaysFromCivil(internal::CivilFromDays(days)), days);
  }
  EXPECT_EQ(internal::AddMonthsToDays(internal::DaysFromCivil({0, 1, 31}), -1),
            internal::DaysFromCivil({-1, 12, 31}));
}

TEST(ListAnyEqualTest, PostgresThreeValuedSemantics) {
  const auto lists = Json(arrow::list(arrow::utf8()),
                          R"([["a", "b"], ["b"], [], null, ["a", null], [null], ["b", null]])");
  ExpectCall(kListAnyEqualFunction, {lists, Text("a")},
             Json(arrow::boolean(), "[true, false, false, null, true, null, null]"));
  // A value per row, NULL values, and a sliced list array (offsets not from zero).
  const auto values = Json(arrow::utf8(), R"(["b", "b", null, "x", null, "z", "b"])");
  ExpectCall(kListAnyEqualFunction, {lists, values},
             Json(arrow::boolean(), "[true, true, false, null, null, null, true]"));
  ExpectCall(kListAnyEqualFunction, {lists->Slice(4), Text("a")},
             Json(arrow::boolean(), "[true, null, null]"));
  const auto numbers = Json(arrow::list(arrow::int64()), "[[1, 2], [3], null]");
  ExpectCall(kListAnyEqualFunction, {numbers, Int(3)}, Json(arrow::boolean(), "[false, true, null]"));
}

}  // namespace
}  // namespace warden::exec
