#include "warden/exec/batch_filter.h"

#include <arrow/api.h>
#include <arrow/compute/api_vector.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "warden/common/compute_init.h"

namespace warden::exec {
namespace {

/// A boolean mask of `length` rows, each true with probability `keep`, null with
/// probability `nulls`.
std::shared_ptr<arrow::Array> RandomMask(int64_t length, double keep, double nulls,
                                         uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  arrow::BooleanBuilder builder;
  for (int64_t i = 0; i < length; ++i) {
    const double draw = unit(random);
    if (draw < nulls) {
      EXPECT_TRUE(builder.AppendNull().ok());
    } else {
      EXPECT_TRUE(builder.Append(unit(random) < keep).ok());
    }
  }
  return builder.Finish().ValueOrDie();
}

/// `length` values from `append(builder, i)`, each null with probability `nulls`.
template <typename Builder, typename Append>
std::shared_ptr<arrow::Array> Generate(std::unique_ptr<Builder> builder, int64_t length,
                                       double nulls, Append append) {
  std::mt19937 random(static_cast<uint32_t>(length) + 11);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int64_t i = 0; i < length; ++i) {
    const arrow::Status status =
        unit(random) < nulls ? builder->AppendNull() : append(*builder, random());
    EXPECT_TRUE(status.ok()) << status;
  }
  return builder->Finish().ValueOrDie();
}

/// Columns of every layout FilterBatch copies itself or hands to Arrow, with and without
/// nulls.
std::vector<std::shared_ptr<arrow::Array>> Columns(int64_t length) {
  auto string_of = [](uint32_t r) { return std::string(r % 13, static_cast<char>('a' + r % 26)); };
  auto strings = Generate(std::make_unique<arrow::StringBuilder>(), length, 0.1,
                          [&](auto& b, uint32_t r) { return b.Append(string_of(r)); });
  auto dictionary = arrow::compute::DictionaryEncode(strings).ValueOrDie().make_array();
  auto list_builder = std::make_unique<arrow::ListBuilder>(
      arrow::default_memory_pool(), std::make_shared<arrow::Int32Builder>());
  return {
      Generate(std::make_unique<arrow::Int64Builder>(), length, 0.0,
               [](auto& b, uint32_t r) { return b.Append(static_cast<int64_t>(r) - 7); }),
      Generate(std::make_unique<arrow::Int64Builder>(), length, 0.2,
               [](auto& b, uint32_t r) { return b.Append(r); }),
      Generate(std::make_unique<arrow::DoubleBuilder>(), length, 0.05,
               [](auto& b, uint32_t r) { return b.Append(r / 3.0); }),
      Generate(std::make_unique<arrow::Int8Builder>(), length, 0.0,
               [](auto& b, uint32_t r) { return b.Append(static_cast<int8_t>(r)); }),
      strings,
      Generate(std::make_unique<arrow::LargeStringBuilder>(), length, 0.0,
               [&](auto& b, uint32_t r) { return b.Append(string_of(r) + "-large"); }),
      dictionary,
      Generate(std::make_unique<arrow::BooleanBuilder>(), length, 0.1,  // Arrow's filter
               [](auto& b, uint32_t r) { return b.Append(r % 2 == 0); }),
      Generate(std::move(list_builder), length, 0.1,  // Arrow's filter
               [](auto& b, uint32_t r) {
                 ARROW_RETURN_NOT_OK(b.Append());
                 return static_cast<arrow::Int32Builder*>(b.value_builder())
                     ->Append(static_cast<int32_t>(r));
               }),
      Generate(std::make_unique<arrow::TimestampBuilder>(arrow::timestamp(arrow::TimeUnit::MICRO),
                                       arrow::default_memory_pool()),
               length, 0.1, [](auto& b, uint32_t r) { return b.Append(r); }),
      Generate(std::make_unique<arrow::Decimal128Builder>(arrow::decimal128(20, 3)), length, 0.1,
               [](auto& b, uint32_t r) { return b.Append(arrow::Decimal128(r)); }),
      Generate(std::make_unique<arrow::FixedSizeBinaryBuilder>(arrow::fixed_size_binary(5)), length, 0.1,
               [](auto& b, uint32_t r) {
                 const std::string value = std::to_string(10000 + r % 90000);
                 return b.Append(value.data());
               }),
  };
}

/// FilterBatch gives what Arrow's filter gives, column by column.
void ExpectLikeArrow(const std::vector<std::shared_ptr<arrow::Array>>& columns,
                     const std::shared_ptr<arrow::Array>& mask) {
  std::vector<arrow::Datum> values(columns.begin(), columns.end());
  values.push_back(arrow::Datum(arrow::MakeScalar(int64_t{7})));  // scalars stay
  arrow::compute::ExecBatch batch(values, mask->length());
  batch.index = 3;
  auto filtered = FilterBatch(batch, *mask->data(), arrow::default_memory_pool());
  ASSERT_TRUE(filtered.ok()) << filtered.status();
  EXPECT_EQ(filtered->index, 3);
  auto expected_length = arrow::compute::Filter(columns[0], mask).ValueOrDie().length();
  ASSERT_EQ(filtered->length, expected_length);
  for (size_t i = 0; i < columns.size(); ++i) {
    SCOPED_TRACE(columns[i]->type()->ToString());
    auto expected = arrow::compute::Filter(columns[i], mask).ValueOrDie().make_array();
    auto actual = filtered->values[i].make_array();
    ASSERT_TRUE(actual->ValidateFull().ok()) << actual->ValidateFull();
    EXPECT_TRUE(actual->Equals(*expected)) << actual->ToString() << "\nexpected\n"
                                           << expected->ToString();
  }
  EXPECT_TRUE(filtered->values.back().is_scalar());
}

class BatchFilterTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeArrowCompute().ok()); }
};

TEST_F(BatchFilterTest, DenseSelectionsCopyRunsLikeArrowsFilter) {
  const auto columns = Columns(5000);
  ExpectLikeArrow(columns, RandomMask(5000, 0.95, 0.0, 1));
  ExpectLikeArrow(columns, RandomMask(5000, 0.95, 0.02, 2));  // nulls drop rows
  ExpectLikeArrow(columns, RandomMask(5000, 0.5, 0.0, 3));
}

TEST_F(BatchFilterTest, SparseSelectionsAreLeftToArrow) {
  const auto columns = Columns(5000);
  ExpectLikeArrow(columns, RandomMask(5000, 0.01, 0.0, 4));
  ExpectLikeArrow(columns, RandomMask(5000, 0.0, 0.0, 5));  // no row kept
}

TEST_F(BatchFilterTest, SlicedColumnsAndMaskKeepTheirOffsets) {
  const auto columns = Columns(6000);
  std::vector<std::shared_ptr<arrow::Array>> sliced;
  for (const auto& column : columns) sliced.push_back(column->Slice(997, 4003));
  ExpectLikeArrow(sliced, RandomMask(6000, 0.9, 0.01, 6)->Slice(13, 4003));
}

TEST_F(BatchFilterTest, AnEmptyBatchStaysEmpty) {
  const auto columns = Columns(0);
  ExpectLikeArrow(columns, RandomMask(0, 0.5, 0.0, 8));
  std::vector<std::shared_ptr<arrow::Array>> sliced;
  for (const auto& column : Columns(10)) sliced.push_back(column->Slice(10, 0));
  ExpectLikeArrow(sliced, RandomMask(10, 0.5, 0.0, 9)->Slice(10, 0));
}

TEST_F(BatchFilterTest, ChunkedColumnsGoThroughArrowsFilter) {
  const auto columns = Columns(1000);
  const auto mask = RandomMask(1000, 0.9, 0.0, 10);
  auto chunked = std::make_shared<arrow::ChunkedArray>(
      arrow::ArrayVector{columns[0]->Slice(0, 400), columns[0]->Slice(400)});
  arrow::compute::ExecBatch batch({arrow::Datum(chunked), columns[4]}, 1000);
  auto filtered = FilterBatch(batch, *mask->data(), arrow::default_memory_pool());
  ASSERT_TRUE(filtered.ok()) << filtered.status();
  const auto expected = arrow::compute::Filter(columns[0], mask).ValueOrDie().make_array();
  ASSERT_TRUE(filtered->values[0].is_chunked_array());
  EXPECT_EQ(filtered->values[0].length(), expected->length());
  EXPECT_TRUE(filtered->values[0].chunked_array()->Equals(arrow::ChunkedArray(expected)));
}

TEST_F(BatchFilterTest, ABatchWhoseRowsAllPassIsReturnedAsItIs) {
  const auto columns = Columns(1000);
  const auto mask = RandomMask(1000, 1.0, 0.0, 7);
  arrow::compute::ExecBatch batch({columns[0], columns[4]}, 1000);
  auto filtered = FilterBatch(batch, *mask->data(), arrow::default_memory_pool());
  ASSERT_TRUE(filtered.ok()) << filtered.status();
  EXPECT_EQ(filtered->values[0].array().get(), batch.values[0].array().get());  // no copy
  ExpectLikeArrow(columns, mask);
}

}  // namespace
}  // namespace warden::exec
