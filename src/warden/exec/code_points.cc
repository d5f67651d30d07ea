#include "warden/exec/code_points_internal.h"

// Unicode general categories come from utf8proc, the library Arrow's own utf8_* kernels
// use; libarrow exports it (its C API, stable since utf8proc 1.0), so Warden needs no
// second copy of the Unicode tables.
extern "C" int utf8proc_category(int32_t code_point);

namespace warden::exec::internal {
namespace {

// utf8proc_category_t values (utf8proc.h).
enum Utf8procCategory {
  kCategoryLu = 1,
  kCategoryLl = 2,
  kCategoryLt = 3,
  kCategoryLm = 4,
  kCategoryLo = 5,
  kCategoryMn = 6,
  kCategoryMc = 7,
  kCategoryNd = 9,
  kCategoryNl = 10,
  kCategoryNo = 11,
};

}  // namespace

CharClass ClassifyNonAscii(int32_t code_point) {
  // Variation selectors only pick how the previous character is drawn (emoji style).
  if ((code_point >= 0xFE00 && code_point <= 0xFE0F) ||
      (code_point >= 0xE0100 && code_point <= 0xE01EF)) {
    return CharClass::kOther;
  }
  switch (utf8proc_category(code_point)) {
    case kCategoryLu:
    case kCategoryLt:
      return CharClass::kUpper;
    case kCategoryLl:
    case kCategoryLm:
    case kCategoryLo:
    case kCategoryMn:
    case kCategoryMc:
      return CharClass::kLower;
    case kCategoryNd:
    case kCategoryNl:
    case kCategoryNo:
      return CharClass::kDigit;
    default:
      return CharClass::kOther;
  }
}

}  // namespace warden::exec::internal
