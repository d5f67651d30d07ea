#pragma once

#include <string>

#include <arrow/array.h>

namespace warden::rest {

/// Appends the JSON text of `array[row]` to `out`: numbers and booleans as JSON values
/// (non-finite floats and 64-bit decimals as strings, so that no JSON parser loses them),
/// dates and timestamps as ISO 8601 strings, binary as base64, nested types recursively.
void AppendJsonCell(const arrow::Array& array, int64_t row, std::string* out);

/// Appends `text` as a JSON string literal (quotes and escapes included).
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace warden::rest
