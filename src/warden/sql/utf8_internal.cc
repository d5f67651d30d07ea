#include "warden/sql/utf8_internal.h"

#include <cstdint>

#include "warden/common/utf8.h"

namespace warden::sql::internal {

namespace {

/// Length of the well-formed sequence starting at `i`, or 0 if malformed.
size_t SequenceLength(std::string_view text, size_t i) {
  if (text[i] == '\0') return 0;  // no SQL text carries a NUL
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  return static_cast<size_t>(DecodeUtf8(data + i, data + text.size()).size);
}

}  // namespace

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = SequenceLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

}  // namespace warden::sql::internal
