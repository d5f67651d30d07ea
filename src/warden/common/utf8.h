#pragma once

#include <cstdint>

namespace warden {

/// One decoded UTF-8 sequence: its code point and its length in bytes; `size` is 0 when the
/// bytes start no well-formed sequence (a stray continuation byte, a truncated sequence, an
/// overlong form, a surrogate or a value above U+10FFFF).
struct Utf8Sequence {
  int32_t code_point;
  int32_t size;
};

/// Decodes the sequence at `p` (requires p < end). Inline: string kernels call it per
/// character.
inline Utf8Sequence DecodeUtf8(const uint8_t* p, const uint8_t* end) {
  const uint8_t lead = p[0];
  if (lead < 0x80) return {lead, 1};
  int32_t size;
  int32_t value;
  int32_t minimum;
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2, value = lead & 0x1F, minimum = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3, value = lead & 0x0F, minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return {-1, 0};
  }
  if (end - p < size) return {-1, 0};
  for (int32_t i = 1; i < size; ++i) {
    if ((p[i] & 0xC0) != 0x80) return {-1, 0};
    value = (value << 6) | (p[i] & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return {-1, 0};
  }
  return {value, size};
}

}  // namespace warden
