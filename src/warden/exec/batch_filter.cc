#include "warden/exec/batch_filter.h"

#include <arrow/array/data.h>
#include <arrow/buffer.h>
#include <arrow/compute/api_vector.h>
#include <arrow/type_traits.h>
#include <arrow/util/bit_run_reader.h>
#include <arrow/util/bitmap_ops.h>

#include <cstring>
#include <vector>

namespace warden::exec {

namespace {

struct Run {
  int64_t start;
  int64_t length;
};

/// Runs of rows copied with a memcpy each beat Arrow's filter once they average this
/// many rows; shorter runs (sparse selections) are left to Arrow.
constexpr int64_t kMinAverageRun = 4;

/// Byte width of a column whose runs can be copied as bytes (one value buffer of fixed
/// width: numbers, dates, times, decimals, dictionary indices), else 0.
int FixedByteWidth(const arrow::DataType& type) {
  const arrow::DataType* values = &type;
  if (type.id() == arrow::Type::DICTIONARY) {
    values = static_cast<const arrow::DictionaryType&>(type).index_type().get();
  }
  if (values->id() == arrow::Type::BOOL || values->id() == arrow::Type::NA ||
      values->id() == arrow::Type::FIXED_SIZE_LIST || values->id() == arrow::Type::EXTENSION ||
      !arrow::is_fixed_width(values->id())) {
    return 0;
  }
  const int bits = static_cast<const arrow::FixedWidthType&>(*values).bit_width();
  return bits % 8 == 0 ? bits / 8 : 0;
}

/// The validity of the selected rows, or null when the column has no nulls.
arrow::Result<std::shared_ptr<arrow::Buffer>> FilterValidity(const arrow::ArrayData& column,
                                                             const std::vector<Run>& runs,
                                                             int64_t selected,
                                                             arrow::MemoryPool* pool,
                                                             int64_t* null_count) {
  *null_count = 0;
  if (column.GetNullCount() == 0 || column.buffers[0] == nullptr) return nullptr;
  ARROW_ASSIGN_OR_RAISE(auto validity, arrow::AllocateBitmap(selected, pool));
  int64_t position = 0;
  for (const Run& run : runs) {
    arrow::internal::CopyBitmap(column.buffers[0]->data(), column.offset + run.start,
                                run.length, validity->mutable_data(), position);
    position += run.length;
  }
  *null_count = selected - arrow::internal::CountSetBits(validity->data(), 0, selected);
  return validity;
}

arrow::Result<std::shared_ptr<arrow::ArrayData>> FilterFixedWidth(
    const arrow::ArrayData& column, int byte_width, const std::vector<Run>& runs,
    int64_t selected, arrow::MemoryPool* pool) {
  int64_t null_count = 0;
  ARROW_ASSIGN_OR_RAISE(auto validity,
                        FilterValidity(column, runs, selected, pool, &null_count));
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateBuffer(selected * byte_width, pool));
  const uint8_t* in = column.buffers[1]->data() + column.offset * byte_width;
  uint8_t* out = values->mutable_data();
  for (const Run& run : runs) {
    std::memcpy(out, in + run.start * byte_width, run.length * byte_width);
    out += run.length * byte_width;
  }
  auto filtered = arrow::ArrayData::Make(column.type, selected,
                                         {std::move(validity), std::move(values)}, null_count);
  filtered->dictionary = column.dictionary;
  return filtered;
}

template <typename Offset>
arrow::Result<std::shared_ptr<arrow::ArrayData>> FilterStrings(const arrow::ArrayData& column,
                                                               const std::vector<Run>& runs,
                                                               int64_t selected,
                                                               arrow::MemoryPool* pool) {
  int64_t null_count = 0;
  ARROW_ASSIGN_OR_RAISE(auto validity,
                        FilterValidity(column, runs, selected, pool, &null_count));
  const Offset* in_offsets = column.GetValues<Offset>(1);
  const uint8_t* in_data = column.buffers[2] ? column.buffers[2]->data() : nullptr;
  int64_t bytes = 0;
  for (const Run& run : runs) bytes += in_offsets[run.start + run.length] - in_offsets[run.start];
  ARROW_ASSIGN_OR_RAISE(auto offsets,
                        arrow::AllocateBuffer((selected + 1) * sizeof(Offset), pool));
  ARROW_ASSIGN_OR_RAISE(auto data, arrow::AllocateBuffer(bytes, pool));
  auto* out_offsets = reinterpret_cast<Offset*>(offsets->mutable_data());
  uint8_t* out_data = data->mutable_data();
  Offset position = 0;  // bytes written
  int64_t row = 0;      // rows written
  out_offsets[0] = 0;
  for (const Run& run : runs) {
    const Offset first = in_offsets[run.start];
    const Offset length = in_offsets[run.start + run.length] - first;
    if (length > 0) std::memcpy(out_data + position, in_data + first, length);
    const Offset shift = position - first;
    for (int64_t i = 1; i <= run.length; ++i) {
      out_offsets[row + i] = in_offsets[run.start + i] + shift;
    }
    row += run.length;
    position += length;
  }
  return arrow::ArrayData::Make(column.type, selected,
                                {std::move(validity), std::move(offsets), std::move(data)},
                                null_count);
}

/// Arrow's own filter of one column (mask nulls drop their rows).
arrow::Result<arrow::Datum> ArrowFilter(const arrow::Datum& value, const arrow::ArrayData& mask,
                                        arrow::MemoryPool* pool) {
  arrow::compute::ExecContext context(pool);
  return arrow::compute::Filter(value, arrow::Datum(mask.Copy()),
                                arrow::compute::FilterOptions::Defaults(), &context);
}

/// The selected rows of one column: by runs when its layout allows, else Arrow's filter.
arrow::Result<arrow::Datum> FilterColumn(const arrow::Datum& value, const arrow::ArrayData& mask,
                                         const std::vector<Run>& runs, int64_t selected,
                                         arrow::MemoryPool* pool) {
  if (value.is_scalar()) return value;  // a scalar stands for every row
  if (!value.is_array()) return ArrowFilter(value, mask, pool);
  const arrow::ArrayData& column = *value.array();
  if (const int width = FixedByteWidth(*column.type); width > 0) {
    return FilterFixedWidth(column, width, runs, selected, pool);
  }
  switch (column.type->id()) {
    case arrow::Type::STRING:
    case arrow::Type::BINARY:
      return FilterStrings<int32_t>(column, runs, selected, pool);
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      return FilterStrings<int64_t>(column, runs, selected, pool);
    default:
      return ArrowFilter(value, mask, pool);
  }
}

}  // namespace

arrow::Result<arrow::compute::ExecBatch> FilterBatch(const arrow::compute::ExecBatch& batch,
                                                     const arrow::ArrayData& mask,
                                                     arrow::MemoryPool* pool) {
  if (batch.length == 0) return batch;
  // Selected = true and not null.
  const uint8_t* bits = mask.buffers[1]->data();
  int64_t bits_offset = mask.offset;
  std::shared_ptr<arrow::Buffer> combined;
  if (mask.GetNullCount() > 0) {
    ARROW_ASSIGN_OR_RAISE(combined, arrow::internal::BitmapAnd(
                                        pool, mask.buffers[0]->data(), mask.offset, bits,
                                        mask.offset, mask.length, /*out_offset=*/0));
    bits = combined->data();
    bits_offset = 0;
  }
  std::vector<Run> runs;
  int64_t selected = 0;
  arrow::internal::SetBitRunReader reader(bits, bits_offset, mask.length);
  for (auto run = reader.NextRun(); run.length > 0; run = reader.NextRun()) {
    runs.push_back({run.position, run.length});
    selected += run.length;
  }
  if (selected == batch.length) return batch;
  arrow::compute::ExecBatch out;
  out.index = batch.index;
  out.guarantee = batch.guarantee;
  out.length = selected;
  const bool by_runs = selected >= kMinAverageRun * static_cast<int64_t>(runs.size());
  for (const auto& value : batch.values) {
    ARROW_ASSIGN_OR_RAISE(auto filtered,
                          by_runs || value.is_scalar()
                              ? FilterColumn(value, mask, runs, selected, pool)
                              : ArrowFilter(value, mask, pool));
    out.values.push_back(std::move(filtered));
  }
  return out;
}

}  // namespace warden::exec
