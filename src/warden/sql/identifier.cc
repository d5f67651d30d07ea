#include "warden/sql/identifier.h"

namespace warden::sql {

std::string NormalizeIdentifier(const std::string& text, bool quoted) {
  if (quoted) return text;
  std::string normalized = text;
  for (char& c : normalized) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return normalized;
}

}  // namespace warden::sql
