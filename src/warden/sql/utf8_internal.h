#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace warden::sql::internal {

/// The byte offset of the first byte that is not part of a well-formed UTF-8 sequence
/// (overlong forms, surrogates and code points above U+10FFFF are malformed), or nullopt
/// when all of `text` is valid UTF-8. NUL bytes count as malformed: no SQL text carries
/// one.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

}  // namespace warden::sql::internal
