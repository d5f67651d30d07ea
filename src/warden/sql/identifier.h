#pragma once

#include <cstddef>
#include <string>

#include <arrow/status.h>

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

/// Longest name of a database, dataset, column or attribute part, in bytes of UTF-8.
inline constexpr size_t kMaxIdentifierBytes = 128;

/// kInvalidName when a name of a catalog object is empty, longer than
/// kMaxIdentifierBytes, or contains control characters (bytes below 0x20, or 0x7f).
/// `what` names the object in the message ("table name").
arrow::Status ValidateIdentifier(const std::string& name, const std::string& what);

}  // namespace warden::sql
