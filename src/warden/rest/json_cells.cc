#include "warden/rest/json_cells.h"

#include <cmath>
#include <cstdio>

#include <arrow/array/array_nested.h>
#include <arrow/scalar.h>
#include <arrow/util/decimal.h>
#include <arrow/visit_type_inline.h>

#include "warden/common/crypto.h"

namespace warden::rest {

namespace {

/// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  if (length == 2 && lead < 0xC2) return 0;  // overlong
  return length;
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // Invalid UTF-8 (e.g. echoed from a hostile request) becomes U+FFFD, so that every
      // answer is valid JSON.
      const size_t length = Utf8SequenceLength(text, i);
      if (length == 0) {
        out->append("\xEF\xBF\xBD");
      } else {
        out->append(text.substr(i, length));
        i += length - 1;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
          out->append(buffer);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

namespace {

void AppendDouble(double value, std::string* out) {
  if (!std::isfinite(value)) {
    AppendJsonString(std::isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"), out);
    return;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  out->append(buffer);
}

struct CellAppender {
  const arrow::Array& array;
  int64_t row;
  std::string* out;

  template <typename T>
  arrow::Status Visit(const T& type) {
    if constexpr (arrow::is_boolean_type<T>::value) {
      out->append(static_cast<const arrow::BooleanArray&>(array).Value(row) ? "true"
                                                                            : "false");
    } else if constexpr (std::is_same_v<T, arrow::Int8Type> ||
                         std::is_same_v<T, arrow::Int16Type> ||
                         std::is_same_v<T, arrow::Int32Type> ||
                         std::is_same_v<T, arrow::Int64Type> ||
                         std::is_same_v<T, arrow::UInt8Type> ||
                         std::is_same_v<T, arrow::UInt16Type> ||
                         std::is_same_v<T, arrow::UInt32Type> ||
                         std::is_same_v<T, arrow::UInt64Type>) {
      using ArrayType = typename arrow::TypeTraits<T>::ArrayType;
      out->append(std::to_string(static_cast<const ArrayType&>(array).Value(row)));
    } else if constexpr (std::is_same_v<T, arrow::FloatType> ||
                         std::is_same_v<T, arrow::DoubleType>) {
      using ArrayType = typename arrow::TypeTraits<T>::ArrayType;
      AppendDouble(static_cast<double>(static_cast<const ArrayType&>(array).Value(row)), out);
    } else if constexpr (std::is_same_v<T, arrow::StringType> ||
                         std::is_same_v<T, arrow::LargeStringType> ||
                         std::is_same_v<T, arrow::StringViewType>) {
      using ArrayType = typename arrow::TypeTraits<T>::ArrayType;
      AppendJsonString(static_cast<const ArrayType&>(array).GetView(row), out);
    } else if constexpr (std::is_same_v<T, arrow::BinaryType> ||
                         std::is_same_v<T, arrow::LargeBinaryType> ||
                         std::is_same_v<T, arrow::BinaryViewType> ||
                         std::is_same_v<T, arrow::FixedSizeBinaryType>) {
      using ArrayType = typename arrow::TypeTraits<T>::ArrayType;
      const auto view = static_cast<const ArrayType&>(array).GetView(row);
      AppendJsonString(crypto::Base64UrlEncode(view), out);
    } else if constexpr (std::is_same_v<T, arrow::ListType> ||
                         std::is_same_v<T, arrow::LargeListType>) {
      using ArrayType = typename arrow::TypeTraits<T>::ArrayType;
      const auto& list = static_cast<const ArrayType&>(array);
      const auto values = list.values();
      out->push_back('[');
      for (auto i = list.value_offset(row); i < list.value_offset(row) + list.value_length(row);
           ++i) {
        if (i > list.value_offset(row)) out->push_back(',');
        AppendJsonCell(*values, i, out);
      }
      out->push_back(']');
    } else if constexpr (std::is_same_v<T, arrow::StructType>) {
      const auto& strukt = static_cast<const arrow::StructArray&>(array);
      out->push_back('{');
      for (int f = 0; f < strukt.num_fields(); ++f) {
        if (f > 0) out->push_back(',');
        AppendJsonString(type.field(f)->name(), out);
        out->push_back(':');
        AppendJsonCell(*strukt.field(f), row, out);
      }
      out->push_back('}');
    } else {
      // Dates, times, timestamps, decimals and the rest: Arrow's own text form.
      auto scalar = array.GetScalar(row);
      if (!scalar.ok()) return scalar.status();
      std::string text = (*scalar)->ToString();
      if constexpr (std::is_same_v<T, arrow::TimestampType>) {
        const size_t space = text.find(' ');
        if (space != std::string::npos) text[space] = 'T';
      }
      AppendJsonString(text, out);
    }
    return arrow::Status::OK();
  }
};

}  // namespace

void AppendJsonCell(const arrow::Array& array, int64_t row, std::string* out) {
  if (array.IsNull(row)) {
    out->append("null");
    return;
  }
  CellAppender appender{array, row, out};
  if (!arrow::VisitTypeInline(*array.type(), &appender).ok()) out->append("null");
}

}  // namespace warden::rest
