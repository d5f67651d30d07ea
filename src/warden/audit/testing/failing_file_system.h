#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <arrow/filesystem/filesystem.h>
#include <arrow/filesystem/localfs.h>
#include <arrow/io/interfaces.h>

namespace warden::audit::testing {

/// A filesystem that forwards to a base filesystem until told to fail: then every call
/// that writes (output streams, folder creation, moves, deletes) returns IOError, as an
/// object store does during an outage. Reads keep working. Thread-safe.
///
/// type_name() is "failing", not "local": the audit log treats it as an object store (one
/// part object per batch, no fsync), which also exercises that path on local disk.
class FailingFileSystem : public arrow::fs::FileSystem {
 public:
  explicit FailingFileSystem(std::shared_ptr<arrow::fs::FileSystem> base =
                                 std::make_shared<arrow::fs::LocalFileSystem>())
      : base_(std::move(base)) {}

  void set_failing(bool failing) { failing_ = failing; }
  /// Every output stream opens this much later: a slow sink, so that concurrent writers
  /// reliably queue behind one another (group-commit tests).
  void set_write_delay(std::chrono::milliseconds delay) { delay_ms_ = delay.count(); }
  int64_t refused_writes() const { return refused_; }

  std::string type_name() const override { return "failing"; }
  bool Equals(const arrow::fs::FileSystem& other) const override {
    return &other == this;
  }

  using arrow::fs::FileSystem::CreateDir;
  using arrow::fs::FileSystem::DeleteDirContents;
  using arrow::fs::FileSystem::GetFileInfo;
  using arrow::fs::FileSystem::OpenAppendStream;
  using arrow::fs::FileSystem::OpenOutputStream;

  arrow::Result<arrow::fs::FileInfo> GetFileInfo(const std::string& path) override {
    return base_->GetFileInfo(path);
  }
  arrow::Result<arrow::fs::FileInfoVector> GetFileInfo(
      const arrow::fs::FileSelector& select) override {
    return base_->GetFileInfo(select);
  }
  arrow::Status CreateDir(const std::string& path, bool recursive) override {
    ARROW_RETURN_NOT_OK(Check());
    return base_->CreateDir(path, recursive);
  }
  arrow::Status DeleteDir(const std::string& path) override {
    ARROW_RETURN_NOT_OK(Check());
    return base_->DeleteDir(path);
  }
  arrow::Status DeleteDirContents(const std::string& path, bool missing_dir_ok) override {
    ARROW_RETURN_NOT_OK(Check());
    return base_->DeleteDirContents(path, missing_dir_ok);
  }
  arrow::Status DeleteRootDirContents() override {
    ARROW_RETURN_NOT_OK(Check());
    return base_->DeleteRootDirContents();
  }
  arrow::Status DeleteFile(const std::string& path) override {
    ARROW_RETURN_NOT_OK(Check());
    return base_->DeleteFile(path);
  }
  arrow::Status Move(const std::string& src, const std::string& dest) override {
    ARROW_RETURN_NOT_OK(Check());
    return base_->Move(src, dest);
  }
  arrow::Status CopyFile(const std::string& src, const std::string& dest) override {
    ARROW_RETURN_NOT_OK(Check());
    return base_->CopyFile(src, dest);
  }
  arrow::Result<std::shared_ptr<arrow::io::InputStream>> OpenInputStream(
      const std::string& path) override {
    return base_->OpenInputStream(path);
  }
  arrow::Result<std::shared_ptr<arrow::io::RandomAccessFile>> OpenInputFile(
      const std::string& path) override {
    return base_->OpenInputFile(path);
  }
  arrow::Result<std::shared_ptr<arrow::io::OutputStream>> OpenOutputStream(
      const std::string& path,
      const std::shared_ptr<const arrow::KeyValueMetadata>& metadata) override {
    ARROW_RETURN_NOT_OK(Check());
    return base_->OpenOutputStream(path, metadata);
  }
  arrow::Result<std::shared_ptr<arrow::io::OutputStream>> OpenAppendStream(
      const std::string& path,
      const std::shared_ptr<const arrow::KeyValueMetadata>& metadata) override {
    ARROW_RETURN_NOT_OK(Check());
    return base_->OpenAppendStream(path, metadata);
  }

 private:
  arrow::Status Check() {
    if (delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
    if (!failing_) return arrow::Status::OK();
    ++refused_;
    return arrow::Status::IOError("injected failure: the sink is down");
  }

  std::shared_ptr<arrow::fs::FileSystem> base_;
  std::atomic<bool> failing_{false};
  std::atomic<int64_t> delay_ms_{0};
  std::atomic<int64_t> refused_{0};
};

}  // namespace warden::audit::testing
