#pragma once

#include <string>

#include <arrow/result.h>

namespace warden {

/// Reads a secret key stored as hex in `path` (32 random bytes when created by Warden).
arrow::Result<std::string> ReadKeyFile(const std::string& path);

/// Reads the key at `path`, or creates it (mode 0600) with 32 fresh random bytes.
arrow::Result<std::string> ReadOrCreateKeyFile(const std::string& path);

}  // namespace warden
