#include "warden/sql/type_names.h"

#include <gtest/gtest.h>

#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/sql/governance.h"

namespace warden::sql {
namespace {

std::shared_ptr<arrow::DataType> ParseBack(const std::string& type_name) {
  auto parsed = ParseGovernance("CREATE EXTERNAL TABLE d.t (c " + type_name +
                                ") STORED AS PARQUET LOCATION 'x'");
  EXPECT_TRUE(parsed.ok()) << type_name << ": " << parsed.status().ToString();
  if (!parsed.ok()) return nullptr;
  return std::get<CreateExternalTable>(*parsed).columns.at(0).type;
}

TEST(TypeNamesTest, EverySpellingParsesBackToTheSameType) {
  const std::vector<std::shared_ptr<arrow::DataType>> types = {
      arrow::boolean(), arrow::int8(), arrow::int16(), arrow::int32(), arrow::int64(),
      arrow::uint8(), arrow::uint16(), arrow::uint32(), arrow::uint64(), arrow::float32(),
      arrow::float64(), arrow::utf8(), arrow::large_utf8(), arrow::binary(),
      arrow::large_binary(), arrow::date32(), arrow::date64(), arrow::decimal128(12, 2),
      arrow::decimal128(38, 0), arrow::decimal256(50, 10),
      arrow::timestamp(arrow::TimeUnit::SECOND), arrow::timestamp(arrow::TimeUnit::MILLI),
      arrow::timestamp(arrow::TimeUnit::MICRO), arrow::timestamp(arrow::TimeUnit::NANO),
      arrow::timestamp(arrow::TimeUnit::MICRO, "UTC"),
      arrow::timestamp(arrow::TimeUnit::NANO, "Europe/Paris"), arrow::list(arrow::int64()),
      arrow::map(arrow::utf8(), arrow::float64()),
      arrow::struct_({arrow::field("a", arrow::int32()), arrow::field("Odd Name", arrow::utf8())}),
  };
  for (const auto& type : types) {
    auto name = FormatTypeName(*type);
    ASSERT_TRUE(name.ok()) << type->ToString();
    auto parsed = ParseBack(*name);
    ASSERT_NE(parsed, nullptr);
    EXPECT_TRUE(parsed->Equals(*type)) << type->ToString() << " -> " << *name << " -> "
                                       << parsed->ToString();
  }
}

TEST(TypeNamesTest, TypesWithoutSpellingAreNamedInTheError) {
  auto name = FormatTypeName(*arrow::time32(arrow::TimeUnit::SECOND));
  EXPECT_EQ(ErrorCodeOf(name.status()), ErrorCode::kSqlUnsupported);
  EXPECT_NE(name.status().message().find("time32"), std::string::npos);
}

TEST(TypeNamesTest, Quoting) {
  EXPECT_EQ(QuoteIdentifier("orders_2024"), "orders_2024");
  EXPECT_EQ(QuoteIdentifier("données"), "données");
  EXPECT_EQ(QuoteIdentifier("Orders"), "\"Orders\"");
  EXPECT_EQ(QuoteIdentifier("a \"b\""), "\"a \"\"b\"\"\"");
  EXPECT_EQ(QuoteIdentifier("1abc"), "\"1abc\"");
  EXPECT_EQ(QuoteString("it's"), "'it''s'");
}

}  // namespace
}  // namespace warden::sql
