#include "warden/sql/identifier.h"

#include "warden/common/error.h"

namespace warden::sql {

std::string NormalizeIdentifier(const std::string& text, bool quoted) {
  if (quoted) return text;
  std::string normalized = text;
  for (char& c : normalized) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return normalized;
}

arrow::Status ValidateIdentifier(const std::string& name, const std::string& what) {
  if (name.empty()) return Error(ErrorCode::kInvalidName, what + " must not be empty");
  if (name.size() > kMaxIdentifierBytes) {
    return Error(ErrorCode::kInvalidName,
                 what + " is " + std::to_string(name.size()) + " bytes long; the limit is " +
                     std::to_string(kMaxIdentifierBytes));
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      return Error(ErrorCode::kInvalidName, what + " contains a control character");
    }
  }
  return arrow::Status::OK();
}

}  // namespace warden::sql
