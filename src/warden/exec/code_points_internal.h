#pragma once

#include <cstdint>

#include "warden/common/utf8.h"

/// UTF-8 decoding and the character classes that the string transforms act on.
/// Masks work on code points so that a multi-byte character is replaced whole.
namespace warden::exec::internal {

/// One decoded code point: `value` is negative for a byte that starts no valid UTF-8
/// sequence (then `size` is 1), so hostile bytes are consumed one at a time.
struct CodePoint {
  int32_t value;
  int32_t size;
};

/// Decodes the code point at `p` (requires p < end); rejects overlong forms, surrogates,
/// values past U+10FFFF and truncated sequences.
inline CodePoint DecodeCodePoint(const uint8_t* p, const uint8_t* end) {
  const Utf8Sequence sequence = DecodeUtf8(p, end);
  if (sequence.size == 0) return {-1, 1};
  return {sequence.code_point, sequence.size};
}

/// What a mask does with a character. Letters without case, combining marks (accents,
/// vowel signs) and undecodable bytes count as lower-case letters: they are masked, never
/// kept. Numbers of every script are digits; the rest (punctuation, spaces, symbols,
/// emoji, enclosing marks, variation selectors) is kOther and is kept.
enum class CharClass : uint8_t { kUpper, kLower, kDigit, kOther };

/// The class of a code point of U+0080 and above, from its Unicode general category.
CharClass ClassifyNonAscii(int32_t code_point);

/// The class of a code point (a negative value, an undecodable byte, is kLower); inline
/// for ASCII, the common case.
inline CharClass ClassifyCodePoint(int32_t code_point) {
  if (code_point < 0) return CharClass::kLower;
  if (code_point >= 0x80) return ClassifyNonAscii(code_point);
  if (code_point >= 'a' && code_point <= 'z') return CharClass::kLower;
  if (code_point >= 'A' && code_point <= 'Z') return CharClass::kUpper;
  if (code_point >= '0' && code_point <= '9') return CharClass::kDigit;
  return CharClass::kOther;
}

}  // namespace warden::exec::internal
