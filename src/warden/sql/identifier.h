#pragma once

#include <string>

namespace warden::sql {

/// A `database.name` pair, already normalized (see NormalizeIdentifier).
struct QualifiedName {
  std::string database;
  std::string name;

  std::string ToString() const { return database + "." + name; }
  bool operator==(const QualifiedName&) const = default;
};

/// Identifier rules (docs/sql-reference.md): unquoted identifiers are case-insensitive and
/// normalized to lower case (ASCII letters only; other UTF-8 bytes are kept as written);
/// quoted identifiers ("My Col") keep their exact spelling.
std::string NormalizeIdentifier(const std::string& text, bool quoted);

}  // namespace warden::sql
