#include "warden/audit/part_appender.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <arrow/io/file.h>

#include "warden/common/error.h"

namespace warden::audit {

PartAppender::PartAppender(AuditLocation location, std::string chain)
    : location_(std::move(location)), chain_(std::move(chain)) {}

PartAppender::~PartAppender() { EndPart(); }

void PartAppender::EndPart() {
  if (stream_ != nullptr) (void)stream_->Close();
  stream_.reset();
  fd_ = -1;
  part_path_.clear();
}

arrow::Status PartAppender::OpenPart(int64_t first_sequence) {
  const std::string path = location_.NewPartPath(chain_, first_sequence);
  ARROW_ASSIGN_OR_RAISE(stream_, location_.filesystem()->OpenAppendStream(path));
  part_path_ = path;
  auto file = std::dynamic_pointer_cast<arrow::io::FileOutputStream>(stream_);
  fd_ = file != nullptr ? file->file_descriptor() : -1;
  return arrow::Status::OK();
}

arrow::Status PartAppender::AppendLocal(const std::string& lines) {
  ARROW_RETURN_NOT_OK(stream_->Write(lines.data(), static_cast<int64_t>(lines.size())));
  if (fd_ >= 0) {
    if (::fdatasync(fd_) != 0) {
      return Error(ErrorCode::kStorage,
                   "fdatasync failed on " + part_path_ + ": " + std::strerror(errno));
    }
    return arrow::Status::OK();
  }
  // A stream without a descriptor: close it and sync by path; the next batch reopens.
  ARROW_RETURN_NOT_OK(stream_->Close());
  ARROW_RETURN_NOT_OK(location_.SyncFile(part_path_));
  ARROW_ASSIGN_OR_RAISE(stream_, location_.filesystem()->OpenAppendStream(part_path_));
  return arrow::Status::OK();
}

arrow::Result<std::string> PartAppender::Append(int64_t first_sequence,
                                                const std::string& lines) {
  if (!folder_created_) {
    ARROW_RETURN_NOT_OK(location_.CreateDirDurably(location_.PartDirectory(chain_)));
    folder_created_ = true;
  }
  if (!location_.local()) {
    const std::string path = location_.NewPartPath(chain_, first_sequence);
    ARROW_RETURN_NOT_OK(location_.WriteFileDurably(path,
                                                   *arrow::Buffer::FromString(lines),
                                                   /*create_parent=*/false));
    return path;
  }
  const bool new_part = stream_ == nullptr;
  arrow::Status status = new_part ? OpenPart(first_sequence) : arrow::Status::OK();
  if (status.ok()) status = AppendLocal(lines);
  // A new file's folder entry must be durable too, or the file may vanish in a crash.
  if (status.ok() && new_part)
    status = location_.SyncDir(location_.PartDirectory(chain_));
  if (!status.ok()) {
    EndPart();
    folder_created_ = false;  // the folder may be what went missing
    return status;
  }
  return part_path_;
}

}  // namespace warden::audit
