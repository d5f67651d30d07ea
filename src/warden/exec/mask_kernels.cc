// mask(), mask(start, len), mask_last(n), mask_ccn() and mask_email() on UTF-8 strings.
// They work on code points: upper-case letters become 'X', other letters and marks 'x',
// digits '9'; punctuation, spaces and symbols (emoji included) are kept. Every output is
// valid UTF-8 and has as many code points as the input.

#include <algorithm>
#include <cstring>

#include "warden/exec/code_points_internal.h"
#include "warden/exec/transform_functions.h"
#include "warden/exec/transform_kernels_internal.h"

namespace warden::exec::internal {
namespace {

using arrow::compute::ExecResult;
using arrow::compute::ExecSpan;
using arrow::compute::KernelContext;

/// Writes the masked form of one code point; returns the bytes written.
inline int64_t WriteMasked(CharClass char_class, const uint8_t* source, int32_t size,
                           uint8_t* out) {
  switch (char_class) {
    case CharClass::kUpper:
      *out = 'X';
      return 1;
    case CharClass::kLower:
      *out = 'x';
      return 1;
    case CharClass::kDigit:
      *out = '9';
      return 1;
    case CharClass::kOther:
      std::memcpy(out, source, size);
      return size;
  }
  return 0;
}

inline int64_t CountCodePoints(std::string_view value) {
  const auto* p = reinterpret_cast<const uint8_t*>(value.data());
  const uint8_t* end = p + value.size();
  int64_t count = 0;
  while (p < end) {
    p += DecodeCodePoint(p, end).size;
    ++count;
  }
  return count;
}

/// Masks the code points whose 0-based index is in [first, last); copies the others.
int64_t MaskIndexRange(std::string_view value, int64_t first, int64_t last,
                       uint8_t* out) {
  const auto* p = reinterpret_cast<const uint8_t*>(value.data());
  const uint8_t* end = p + value.size();
  uint8_t* const out_start = out;
  for (int64_t index = 0; p < end; ++index) {
    const CodePoint cp = DecodeCodePoint(p, end);
    if (index >= first && index < last) {
      out += WriteMasked(ClassifyCodePoint(cp.value), p, cp.size, out);
    } else {
      std::memcpy(out, p, cp.size);
      out += cp.size;
    }
    p += cp.size;
  }
  return out - out_start;
}

int64_t MaskAll(std::string_view value, uint8_t* out) {
  return MaskIndexRange(value, 0, std::numeric_limits<int64_t>::max(), out);
}

inline bool IsAsciiDigit(uint8_t c) { return static_cast<uint8_t>(c - '0') < 10; }

/// True when no byte of [begin, end) has its high bit set; eight bytes at a time.
inline bool IsAscii(const uint8_t* begin, const uint8_t* end) {
  uint64_t high_bits = 0;
  const uint8_t* p = begin;
  for (; end - p >= 8; p += 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    high_bits |= word;
  }
  for (; p < end; ++p) high_bits |= *p;
  return (high_bits & 0x8080808080808080ULL) == 0;
}

/// What mask_ccn makes of an ASCII byte, as two lookup tables: before the last four
/// digits (digits become 'X') and from there on (digits kept); letters are masked as
/// mask() does and other bytes kept in both.
struct CreditCardAsciiTables {
  uint8_t before_kept[128];
  uint8_t from_kept[128];

  CreditCardAsciiTables() {
    for (int c = 0; c < 128; ++c) {
      const auto byte = static_cast<uint8_t>(c);
      from_kept[c] = (c >= 'a' && c <= 'z') ? 'x' : (c >= 'A' && c <= 'Z') ? 'X' : byte;
      before_kept[c] = IsAsciiDigit(byte) ? 'X' : from_kept[c];
    }
  }
};

/// MaskCreditCard for an all-ASCII value (card numbers nearly always are): finds the
/// fourth digit from the end, then maps bytes through a table, without decoding code
/// points.
int64_t MaskCreditCardAscii(const uint8_t* begin, const uint8_t* end, uint8_t* out) {
  static const CreditCardAsciiTables tables;
  const uint8_t* kept = end;  // the first of the last four digits
  int digits = 0;
  for (const uint8_t* p = end; p > begin && digits < 4;) {
    --p;
    if (IsAsciiDigit(*p)) {
      ++digits;
      kept = p;
    }
  }
  if (digits < 4) kept = begin;  // four digits or fewer: none is masked
  const uint8_t* p = begin;
  for (; p < kept; ++p) *out++ = tables.before_kept[*p];
  for (; p < end; ++p) *out++ = tables.from_kept[*p];
  return end - begin;
}

/// Keeps the last four digits and non-alphanumeric separators; masks other digits as 'X'
/// and letters as mask() does.
int64_t MaskCreditCard(std::string_view value, uint8_t* out) {
  const auto* begin = reinterpret_cast<const uint8_t*>(value.data());
  const uint8_t* end = begin + value.size();
  if (IsAscii(begin, end)) return MaskCreditCardAscii(begin, end, out);
  int64_t digits = 0;
  for (const uint8_t* p = begin; p < end;) {
    const CodePoint cp = DecodeCodePoint(p, end);
    if (ClassifyCodePoint(cp.value) == CharClass::kDigit) ++digits;
    p += cp.size;
  }
  uint8_t* const out_start = out;
  int64_t digits_to_mask = digits - 4;
  for (const uint8_t* p = begin; p < end;) {
    const CodePoint cp = DecodeCodePoint(p, end);
    const CharClass char_class = ClassifyCodePoint(cp.value);
    if (char_class == CharClass::kDigit) {
      if (digits_to_mask-- > 0) {
        *out++ = 'X';
      } else {
        std::memcpy(out, p, cp.size);
        out += cp.size;
      }
    } else {
      out += WriteMasked(char_class, p, cp.size, out);
    }
    p += cp.size;
  }
  return out - out_start;
}

/// Keeps the domain from the last '@' on; every code point before it becomes 'x' (the
/// local part's punctuation too, so "first.last" does not show its shape). A value
/// without '@' is all local part.
int64_t MaskEmail(std::string_view value, uint8_t* out) {
  const size_t at = value.rfind('@');
  const size_t local_size = at == std::string_view::npos ? value.size() : at;
  const int64_t masked = CountCodePoints(value.substr(0, local_size));
  std::memset(out, 'x', masked);
  const std::string_view domain = value.substr(local_size);
  std::memcpy(out + masked, domain.data(), domain.size());
  return masked + static_cast<int64_t>(domain.size());
}

// Each output value has at most as many bytes as its input: every masked code point
// becomes one ASCII byte.
template <typename Type>
arrow::Status MaskExec(KernelContext* ctx, const ExecSpan& batch, ExecResult* out) {
  return MapStrings<Type>(ctx, batch[0].array, StringDataBytes<Type>(batch[0].array),
                          MaskAll, out);
}

template <typename Type>
arrow::Status MaskRangeExec(KernelContext* ctx, const ExecSpan& batch, ExecResult* out) {
  ARROW_ASSIGN_OR_RAISE(int64_t start,
                        LiteralOption<arrow::Int64Type>(batch, 1, kMaskRangeFunction));
  ARROW_ASSIGN_OR_RAISE(int64_t length,
                        LiteralOption<arrow::Int64Type>(batch, 2, kMaskRangeFunction));
  if (start < 1 || length < 0) {
    return arrow::Status::Invalid(kMaskRangeFunction,
                                  ": start must be >= 1 and length >= 0");
  }
  const int64_t first = start - 1;
  const int64_t last = length > std::numeric_limits<int64_t>::max() - first
                           ? std::numeric_limits<int64_t>::max()
                           : first + length;
  return MapStrings<Type>(
      ctx, batch[0].array, StringDataBytes<Type>(batch[0].array),
      [=](std::string_view value, uint8_t* dest) {
        return MaskIndexRange(value, first, last, dest);
      },
      out);
}

template <typename Type>
arrow::Status MaskLastExec(KernelContext* ctx, const ExecSpan& batch, ExecResult* out) {
  ARROW_ASSIGN_OR_RAISE(int64_t n,
                        LiteralOption<arrow::Int64Type>(batch, 1, kMaskLastFunction));
  if (n < 0) return arrow::Status::Invalid(kMaskLastFunction, ": n must be >= 0");
  return MapStrings<Type>(
      ctx, batch[0].array, StringDataBytes<Type>(batch[0].array),
      [=](std::string_view value, uint8_t* dest) {
        const int64_t count = CountCodePoints(value);
        return MaskIndexRange(value, std::max<int64_t>(0, count - n), count, dest);
      },
      out);
}

/// What mask_ccn makes of ASCII bytes before the last four digits (as
/// CreditCardAsciiTables::before_kept): letters as mask() does, digits 'X', other bytes
/// kept. Eight bytes at a time in a 64-bit word: for bytes below 0x80, adding 0x80 - lo
/// sets a byte's high bit exactly when the byte is >= lo, and no carry crosses bytes.
inline uint64_t MaskCreditCardWord(uint64_t bytes) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const auto in_range = [&](uint8_t lo, uint8_t hi) {  // bytes in [lo, hi] -> 0x80
    const uint64_t at_least_lo = bytes + kOnes * (0x80 - lo);
    const uint64_t above_hi = bytes + kOnes * (0x80 - hi - 1);
    return at_least_lo & ~above_hi & kHigh;
  };
  const uint64_t lower = (in_range('a', 'z') >> 7) * 0xFF;
  const uint64_t upper_or_digit = ((in_range('A', 'Z') | in_range('0', '9')) >> 7) * 0xFF;
  return (bytes & ~(lower | upper_or_digit)) | (kOnes * 'x' & lower) |
         (kOnes * 'X' & upper_or_digit);
}

/// mask_ccn of a batch without nulls whose bytes are all ASCII: every byte maps to one
/// byte, so the output keeps the input's offsets (rebased), its bytes are masked in one
/// pass over the whole buffer, and then each value gets its last four digits back: 130
/// against 185 ms per 10M card numbers value by value (transforms_benchmark).
template <typename Type>
arrow::Status MaskCcnAsciiBatch(KernelContext* ctx, const arrow::ArraySpan& input,
                                ExecResult* out) {
  using Offset = typename Type::offset_type;
  const Offset* in_offsets = input.GetValues<Offset>(1);
  const uint8_t* in_data = input.buffers[2].data + in_offsets[0];
  const int64_t bytes = StringDataBytes<Type>(input);
  ARROW_ASSIGN_OR_RAISE(auto offsets, ctx->Allocate((input.length + 1) * sizeof(Offset)));
  ARROW_ASSIGN_OR_RAISE(auto data, ctx->Allocate(bytes));
  auto* out_offsets = reinterpret_cast<Offset*>(offsets->mutable_data());
  uint8_t* out_data = data->mutable_data();
  for (int64_t i = 0; i <= input.length; ++i) out_offsets[i] = in_offsets[i] - in_offsets[0];
  static const CreditCardAsciiTables tables;
  int64_t j = 0;
  for (; bytes - j >= 8; j += 8) {
    uint64_t word;
    std::memcpy(&word, in_data + j, sizeof(word));
    word = MaskCreditCardWord(word);
    std::memcpy(out_data + j, &word, sizeof(word));
  }
  for (; j < bytes; ++j) out_data[j] = tables.before_kept[in_data[j]];
  for (int64_t i = 0; i < input.length; ++i) {
    int digits = 0;
    for (Offset p = out_offsets[i + 1]; p > out_offsets[i] && digits < 4;) {
      --p;
      if (IsAsciiDigit(in_data[p])) {
        out_data[p] = in_data[p];
        ++digits;
      }
    }
  }
  out->value = arrow::ArrayData::Make(input.type->GetSharedPtr(), input.length,
                                      {nullptr, std::move(offsets), std::move(data)}, 0);
  return arrow::Status::OK();
}

template <typename Type>
arrow::Status MaskCcnExec(KernelContext* ctx, const ExecSpan& batch, ExecResult* out) {
  const arrow::ArraySpan& input = batch[0].array;
  if (input.GetNullCount() == 0) {
    using Offset = typename Type::offset_type;
    const Offset* offsets = input.GetValues<Offset>(1);
    const uint8_t* data = input.buffers[2].data;
    if (data == nullptr || IsAscii(data + offsets[0], data + offsets[input.length])) {
      return MaskCcnAsciiBatch<Type>(ctx, input, out);
    }
  }
  // Nulls (whose slots may hide bytes that must not shape the output) or other code
  // points: value by value.
  return MapStrings<Type>(ctx, input, StringDataBytes<Type>(input), MaskCreditCard, out);
}

template <typename Type>
arrow::Status MaskEmailExec(KernelContext* ctx, const ExecSpan& batch, ExecResult* out) {
  return MapStrings<Type>(ctx, batch[0].array, StringDataBytes<Type>(batch[0].array),
                          MaskEmail, out);
}

/// Registers `name` with a kernel for utf8 and one for large_utf8; options are int64.
arrow::Status AddStringFunction(arrow::compute::FunctionRegistry* registry,
                                const char* name, const arrow::compute::Arity& arity,
                                std::string summary, std::vector<std::string> arg_names,
                                arrow::compute::ArrayKernelExec utf8_exec,
                                arrow::compute::ArrayKernelExec large_utf8_exec) {
  auto function = std::make_shared<arrow::compute::ScalarFunction>(
      name, arity,
      arrow::compute::FunctionDoc(std::move(summary), "", std::move(arg_names)));
  auto signature = [&](arrow::Type::type string_type) {
    std::vector<arrow::compute::InputType> types{arrow::compute::InputType(string_type)};
    for (int i = 1; i < arity.num_args; ++i) types.emplace_back(arrow::int64());
    return types;
  };
  ARROW_RETURN_NOT_OK(
      function->AddKernel(StringKernel(signature(arrow::Type::STRING), utf8_exec)));
  ARROW_RETURN_NOT_OK(function->AddKernel(
      StringKernel(signature(arrow::Type::LARGE_STRING), large_utf8_exec)));
  return registry->AddFunction(std::move(function));
}

}  // namespace

arrow::Status RegisterMaskFunctions(arrow::compute::FunctionRegistry* registry) {
  using arrow::LargeStringType;
  using arrow::StringType;
  using arrow::compute::Arity;
  ARROW_RETURN_NOT_OK(
      AddStringFunction(registry, kMaskFunction, Arity::Unary(),
                        "Mask letters as x/X and digits as 9, keeping punctuation",
                        {"strings"}, MaskExec<StringType>, MaskExec<LargeStringType>));
  ARROW_RETURN_NOT_OK(
      AddStringFunction(registry, kMaskRangeFunction, Arity::Ternary(),
                        "Mask the code points [start, start + length) (1-based)",
                        {"strings", "start", "length"}, MaskRangeExec<StringType>,
                        MaskRangeExec<LargeStringType>));
  ARROW_RETURN_NOT_OK(AddStringFunction(
      registry, kMaskLastFunction, Arity::Binary(), "Mask the last n code points",
      {"strings", "n"}, MaskLastExec<StringType>, MaskLastExec<LargeStringType>));
  ARROW_RETURN_NOT_OK(AddStringFunction(
      registry, kMaskCcnFunction, Arity::Unary(),
      "Mask all digits but the last four, keeping separators", {"strings"},
      MaskCcnExec<StringType>, MaskCcnExec<LargeStringType>));
  return AddStringFunction(registry, kMaskEmailFunction, Arity::Unary(),
                           "Mask the local part of an e-mail address", {"strings"},
                           MaskEmailExec<StringType>, MaskEmailExec<LargeStringType>);
}

}  // namespace warden::exec::internal
