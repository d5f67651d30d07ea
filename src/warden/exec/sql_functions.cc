// Kernels for SQL scalar functions Arrow lacks: split_part, lpad/rpad with any fill,
// make_date and calendar-month arithmetic, each with PostgreSQL's semantics. The kernels
// run row by row over materialized arrays: they are called from the binder's plans with
// literal options (scalars) or columns, and the per-row work (UTF-8 walking, calendar
// arithmetic) dominates.
#include "warden/exec/sql_functions.h"

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/compute/api.h>
#include <arrow/compute/kernel.h>
#include <arrow/compute/registry.h>
#include <arrow/util/utf8.h>

#include <mutex>
#include <string>
#include <string_view>

#include "warden/exec/civil_calendar_internal.h"
#include "warden/exec/transform_kernels_internal.h"

namespace warden::exec {
namespace {

namespace cp = arrow::compute;
using internal::CivilDate;

/// An argument as an array of the batch's length (scalars are broadcast).
arrow::Result<std::shared_ptr<arrow::Array>> Materialize(const cp::ExecValue& value,
                                                         int64_t length) {
  if (value.is_array()) return value.array.ToArray();
  return arrow::MakeArrayFromScalar(*value.scalar, length);
}

template <typename ArrayType>
arrow::Result<std::shared_ptr<ArrayType>> Arg(const cp::ExecSpan& batch, int index) {
  ARROW_ASSIGN_OR_RAISE(auto array, Materialize(batch[index], batch.length));
  return std::static_pointer_cast<ArrayType>(array);
}

bool AnyNull(int64_t row, std::initializer_list<const arrow::Array*> arrays) {
  for (const auto* array : arrays) {
    if (array->IsNull(row)) return true;
  }
  return false;
}

/// Byte offset of each code point's start in `text`, plus text.size() at the end.
std::vector<size_t> CodePointStarts(std::string_view text) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  return starts;
}

/// PostgreSQL's split_part: field n (1-based; negative counts from the end), '' when out
/// of range or the input is empty; an empty delimiter makes the whole string field 1.
arrow::Result<std::string_view> SplitPart(std::string_view text, std::string_view delimiter,
                                          int64_t n) {
  if (n == 0) return arrow::Status::Invalid("field position must not be zero");
  if (text.empty()) return std::string_view();
  std::vector<std::string_view> fields;
  if (delimiter.empty()) {
    fields.push_back(text);
  } else {
    size_t start = 0;
    while (true) {
      const size_t found = text.find(delimiter, start);
      if (found == std::string_view::npos) {
        fields.push_back(text.substr(start));
        break;
      }
      fields.push_back(text.substr(start, found - start));
      start = found + delimiter.size();
    }
  }
  const int64_t count = static_cast<int64_t>(fields.size());
  const int64_t index = n > 0 ? n - 1 : count + n;
  if (index < 0 || index >= count) return std::string_view();
  return fields[static_cast<size_t>(index)];
}

arrow::Status SplitPartExec(cp::KernelContext*, const cp::ExecSpan& batch,
                            cp::ExecResult* out) {
  ARROW_ASSIGN_OR_RAISE(auto text, Arg<arrow::StringArray>(batch, 0));
  ARROW_ASSIGN_OR_RAISE(auto delimiter, Arg<arrow::StringArray>(batch, 1));
  ARROW_ASSIGN_OR_RAISE(auto n, Arg<arrow::Int64Array>(batch, 2));
  arrow::StringBuilder builder;
  ARROW_RETURN_NOT_OK(builder.Reserve(batch.length));
  for (int64_t i = 0; i < batch.length; ++i) {
    if (AnyNull(i, {text.get(), delimiter.get(), n.get()})) {
      ARROW_RETURN_NOT_OK(builder.AppendNull());
      continue;
    }
    ARROW_ASSIGN_OR_RAISE(std::string_view field,
                          SplitPart(text->GetView(i), delimiter->GetView(i), n->Value(i)));
    ARROW_RETURN_NOT_OK(builder.Append(field));
  }
  ARROW_ASSIGN_OR_RAISE(auto result, builder.Finish());
  out->value = result->data();
  return arrow::Status::OK();
}

/// PostgreSQL's lpad/rpad: pad `text` to `length` characters by cycling `fill`; a longer
/// text is truncated to its first `length` characters; an empty fill only truncates.
std::string Pad(std::string_view text, int64_t length, std::string_view fill, bool left) {
  if (length <= 0) return std::string();
  const std::vector<size_t> starts = CodePointStarts(text);
  const int64_t chars = static_cast<int64_t>(starts.size()) - 1;
  if (chars >= length || fill.empty()) {
    return std::string(text.substr(0, starts[static_cast<size_t>(std::min(chars, length))]));
  }
  const std::vector<size_t> fill_starts = CodePointStarts(fill);
  const size_t fill_chars = fill_starts.size() - 1;
  std::string padding;
  for (int64_t i = 0; i < length - chars; ++i) {
    const size_t k = static_cast<size_t>(i) % fill_chars;
    padding.append(fill.substr(fill_starts[k], fill_starts[k + 1] - fill_starts[k]));
  }
  return left ? padding + std::string(text) : std::string(text) + padding;
}

// PostgreSQL's limit on a padded value (1 GB text), so a huge length fails cleanly.
constexpr int64_t kMaxPaddedBytes = (int64_t{1} << 30) - 1;

template <bool kLeft>
arrow::Status PadExec(cp::KernelContext*, const cp::ExecSpan& batch, cp::ExecResult* out) {
  ARROW_ASSIGN_OR_RAISE(auto text, Arg<arrow::StringArray>(batch, 0));
  ARROW_ASSIGN_OR_RAISE(auto length, Arg<arrow::Int64Array>(batch, 1));
  ARROW_ASSIGN_OR_RAISE(auto fill, Arg<arrow::StringArray>(batch, 2));
  arrow::StringBuilder builder;
  ARROW_RETURN_NOT_OK(builder.Reserve(batch.length));
  for (int64_t i = 0; i < batch.length; ++i) {
    if (AnyNull(i, {text.get(), length.get(), fill.get()})) {
      ARROW_RETURN_NOT_OK(builder.AppendNull());
      continue;
    }
    const int64_t width = length->Value(i);
    if (width > kMaxPaddedBytes / 4) {
      return arrow::Status::Invalid("requested length too large");
    }
    ARROW_RETURN_NOT_OK(
        builder.Append(Pad(text->GetView(i), width, fill->GetView(i), kLeft)));
  }
  ARROW_ASSIGN_OR_RAISE(auto result, builder.Finish());
  out->value = result->data();
  return arrow::Status::OK();
}

/// PostgreSQL's make_date: a negative year is BC (-1 is 1 BC); year 0 and days that the
/// month does not have are errors; the result must fit a date32.
arrow::Result<int32_t> MakeDate(int64_t year, int64_t month, int64_t day) {
  auto out_of_range = [&] {
    return arrow::Status::Invalid("date field value out of range: ", year, "-", month, "-",
                                  day);
  };
  if (year == 0 || month < 1 || month > 12 || day < 1) return out_of_range();
  // Beyond date32's range (about ±5.8 million years) either way.
  if (year > 6000000 || year < -6000000) return out_of_range();
  const int64_t astronomical = year < 0 ? year + 1 : year;
  if (day > internal::DaysInMonth(astronomical, month)) return out_of_range();
  const int64_t days = internal::DaysFromCivil(CivilDate{astronomical, month, day});
  if (days > std::numeric_limits<int32_t>::max() || days < std::numeric_limits<int32_t>::min()) {
    return out_of_range();
  }
  return static_cast<int32_t>(days);
}

arrow::Status MakeDateExec(cp::KernelContext*, const cp::ExecSpan& batch,
                           cp::ExecResult* out) {
  ARROW_ASSIGN_OR_RAISE(auto year, Arg<arrow::Int64Array>(batch, 0));
  ARROW_ASSIGN_OR_RAISE(auto month, Arg<arrow::Int64Array>(batch, 1));
  ARROW_ASSIGN_OR_RAISE(auto day, Arg<arrow::Int64Array>(batch, 2));
  arrow::Date32Builder builder;
  ARROW_RETURN_NOT_OK(builder.Reserve(batch.length));
  for (int64_t i = 0; i < batch.length; ++i) {
    if (AnyNull(i, {year.get(), month.get(), day.get()})) {
      builder.UnsafeAppendNull();
      continue;
    }
    ARROW_ASSIGN_OR_RAISE(int32_t days, MakeDate(year->Value(i), month->Value(i), day->Value(i)));
    builder.UnsafeAppend(days);
  }
  ARROW_ASSIGN_OR_RAISE(auto result, builder.Finish());
  out->value = result->data();
  return arrow::Status::OK();
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t UnitsPerDay(arrow::TimeUnit::type unit) {
  switch (unit) {
    case arrow::TimeUnit::SECOND:
      return 86400;
    case arrow::TimeUnit::MILLI:
      return 86400LL * 1000;
    case arrow::TimeUnit::MICRO:
      return 86400LL * 1000000;
    case arrow::TimeUnit::NANO:
      return 86400LL * 1000000000;
  }
  return 86400;
}

/// Adds calendar months to a date32 (units_per_day 0) or timestamp value.
arrow::Result<int64_t> AddMonths(int64_t value, int64_t months, int64_t units_per_day) {
  if (months > 12 * 6000000 || months < -12 * 6000000) {
    return arrow::Status::Invalid("date out of range after adding ", months, " months");
  }
  if (units_per_day == 0) {
    const int64_t days = internal::AddMonthsToDays(value, months);
    if (days > std::numeric_limits<int32_t>::max() || days < std::numeric_limits<int32_t>::min()) {
      return arrow::Status::Invalid("date out of range after adding ", months, " months");
    }
    return days;
  }
  const int64_t days = FloorDiv(value, units_per_day);
  const int64_t time_of_day = value - days * units_per_day;
  const int64_t shifted = internal::AddMonthsToDays(days, months);
  int64_t result = 0;
  if (__builtin_mul_overflow(shifted, units_per_day, &result) ||
      __builtin_add_overflow(result, time_of_day, &result)) {
    return arrow::Status::Invalid("timestamp out of range after adding ", months, " months");
  }
  return result;
}

arrow::Status AddMonthsExec(cp::KernelContext* ctx, const cp::ExecSpan& batch,
                            cp::ExecResult* out) {
  const arrow::DataType& type = *batch[0].type();
  const int64_t units_per_day =
      type.id() == arrow::Type::DATE32
          ? 0
          : UnitsPerDay(static_cast<const arrow::TimestampType&>(type).unit());
  ARROW_ASSIGN_OR_RAISE(auto values, Materialize(batch[0], batch.length));
  ARROW_ASSIGN_OR_RAISE(auto months, Arg<arrow::Int64Array>(batch, 1));
  std::unique_ptr<arrow::ArrayBuilder> builder;
  ARROW_RETURN_NOT_OK(arrow::MakeBuilder(ctx->memory_pool(), type.GetSharedPtr(), &builder));
  ARROW_RETURN_NOT_OK(builder->Reserve(batch.length));
  for (int64_t i = 0; i < batch.length; ++i) {
    if (values->IsNull(i) || months->IsNull(i)) {
      ARROW_RETURN_NOT_OK(builder->AppendNull());
      continue;
    }
    if (units_per_day == 0) {
      const int32_t day = static_cast<const arrow::Date32Array&>(*values).Value(i);
      ARROW_ASSIGN_OR_RAISE(int64_t result, AddMonths(day, months->Value(i), 0));
      ARROW_RETURN_NOT_OK(static_cast<arrow::Date32Builder&>(*builder).Append(
          static_cast<int32_t>(result)));
    } else {
      const int64_t stamp = static_cast<const arrow::TimestampArray&>(*values).Value(i);
      ARROW_ASSIGN_OR_RAISE(int64_t result, AddMonths(stamp, months->Value(i), units_per_day));
      ARROW_RETURN_NOT_OK(static_cast<arrow::TimestampBuilder&>(*builder).Append(result));
    }
  }
  std::shared_ptr<arrow::Array> result;
  ARROW_RETURN_NOT_OK(builder->Finish(&result));
  out->value = result->data();
  return arrow::Status::OK();
}

cp::ScalarKernel RowKernel(std::vector<cp::InputType> in_types, cp::OutputType out_type,
                           cp::ArrayKernelExec exec) {
  cp::ScalarKernel kernel(std::move(in_types), std::move(out_type), exec);
  kernel.null_handling = cp::NullHandling::COMPUTED_NO_PREALLOCATE;
  kernel.mem_allocation = cp::MemAllocation::NO_PREALLOCATE;
  kernel.can_write_into_slices = false;
  return kernel;
}

arrow::Status Register(cp::FunctionRegistry* registry, const char* name, int arity,
                       std::vector<cp::ScalarKernel> kernels) {
  auto function = std::make_shared<cp::ScalarFunction>(name, cp::Arity(arity),
                                                       cp::FunctionDoc::Empty());
  for (auto& kernel : kernels) ARROW_RETURN_NOT_OK(function->AddKernel(std::move(kernel)));
  return registry->AddFunction(std::move(function));
}

}  // namespace

arrow::Status RegisterSqlFunctions() {
  static std::once_flag once;
  static arrow::Status status;
  std::call_once(once, [] {
    cp::FunctionRegistry* registry = cp::GetFunctionRegistry();
    const auto utf8 = cp::InputType(arrow::utf8());
    const auto int64 = cp::InputType(arrow::int64());
    status = Register(registry, kSplitPartFunction, 3,
                      {RowKernel({utf8, utf8, int64}, arrow::utf8(), SplitPartExec)});
    if (status.ok()) {
      status = Register(registry, kLpadFunction, 3,
                        {RowKernel({utf8, int64, utf8}, arrow::utf8(), PadExec<true>)});
    }
    if (status.ok()) {
      status = Register(registry, kRpadFunction, 3,
                        {RowKernel({utf8, int64, utf8}, arrow::utf8(), PadExec<false>)});
    }
    if (status.ok()) {
      status = Register(registry, kMakeDateFunction, 3,
                        {RowKernel({int64, int64, int64}, arrow::date32(), MakeDateExec)});
    }
    if (status.ok()) {
      status = Register(
          registry, kAddMonthsFunction, 2,
          {RowKernel({cp::InputType(arrow::date32()), int64}, internal::SameTypeAsInput(),
                     AddMonthsExec),
           RowKernel({cp::InputType(arrow::Type::TIMESTAMP), int64},
                     internal::SameTypeAsInput(), AddMonthsExec)});
    }
    if (status.ok()) status = internal::RegisterListAnyEqual(registry);
  });
  return status;
}

}  // namespace warden::exec
