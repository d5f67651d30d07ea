#include "warden/catalog/migrations.h"

namespace warden::catalog {

const std::vector<std::string_view>& MetadataMigrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: databases, datasets, users and role membership.
      R"sql(
        CREATE TABLE databases (
          name TEXT PRIMARY KEY,
          owner TEXT NOT NULL,
          comment TEXT NOT NULL DEFAULT '',
          created_at_ms BIGINT NOT NULL);
        CREATE TABLE datasets (
          database_name TEXT NOT NULL REFERENCES databases(name),
          name TEXT NOT NULL,
          location TEXT NOT NULL,
          format TEXT NOT NULL,
          schema_ipc TEXT NOT NULL,
          owner TEXT NOT NULL,
          comment TEXT NOT NULL DEFAULT '',
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (database_name, name));
        CREATE TABLE users (
          name TEXT PRIMARY KEY,
          password_hash TEXT NOT NULL);
        CREATE TABLE role_members (
          role TEXT NOT NULL,
          member_kind TEXT NOT NULL,
          member TEXT NOT NULL,
          PRIMARY KEY (role, member_kind, member));
      )sql",
  };
  return kMigrations;
}

}  // namespace warden::catalog
