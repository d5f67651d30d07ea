#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <arrow/type_fwd.h>

/// Catalog objects (DESIGN §3). Plain values: safe to copy across threads.
namespace warden::catalog {

struct DatabaseInfo {
  std::string name;
  std::string owner;
  std::string comment;
  int64_t created_at_ms = 0;
};

/// An external table over files (views arrive with a later issue).
struct DatasetInfo {
  std::string database;
  std::string name;
  std::string location;  // URI of a directory or a single file
  std::string format;    // parquet | csv | json | orc
  std::shared_ptr<arrow::Schema> schema;
  std::string owner;
  std::string comment;
  int64_t created_at_ms = 0;

  std::string QualifiedName() const { return database + "." + name; }
};

/// A local user: name and PBKDF2 hash (crypto::HashPassword).
struct UserRecord {
  std::string name;
  std::string password_hash;
};

/// The admin role of DESIGN §4.
inline constexpr const char* kAdminRole = "warden_admin";

}  // namespace warden::catalog
