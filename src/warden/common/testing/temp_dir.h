#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace warden::testing {

/// A fresh, empty directory for one test, removed with everything in it on destruction.
/// Unique per process and instance, so tests may run in parallel.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("warden_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// `file://` URI of a path below the directory.
  std::string Uri(const std::string& relative) const { return "file://" + (path_ / relative).string(); }
  /// A SQLite metadata store URI inside the directory.
  std::string SqliteUri() const { return "sqlite://" + (path_ / "catalog.db").string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace warden::testing
