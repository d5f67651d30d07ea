#include "warden/sql/query_ast.h"

namespace warden::sql {

std::string JoinIdentifiers(const std::vector<Identifier>& parts) {
  std::string joined;
  for (const auto& part : parts) {
    if (!joined.empty()) joined += '.';
    joined += part.text;
  }
  return joined;
}

}  // namespace warden::sql
