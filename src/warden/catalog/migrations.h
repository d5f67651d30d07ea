#pragma once

#include <string_view>
#include <vector>

namespace warden::catalog {

/// The metadata schema, as an ordered list of migrations; migration i brings a store from
/// version i to i+1. Never edit a released migration: append a new one. Written in the SQL
/// subset that SQLite and PostgreSQL share.
const std::vector<std::string_view>& MetadataMigrations();

}  // namespace warden::catalog
