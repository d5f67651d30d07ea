#include "warden/audit/part_appender.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace warden::audit {

namespace {

/// pwrite until done (a short write is not an error for the kernel).
arrow::Status WriteAt(int fd, const char* data, int64_t size, int64_t offset,
                      const std::string& path) {
  while (size > 0) {
    const ssize_t n = ::pwrite(fd, data, static_cast<size_t>(size), offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return PosixError("write failed on", path);
    }
    data += n;
    size -= n;
    offset += n;
  }
  return arrow::Status::OK();
}

}  // namespace

PartAppender::PartAppender(AuditLocation location, std::string chain)
    : location_(std::move(location)), chain_(std::move(chain)) {}

PartAppender::~PartAppender() { EndPart(); }

void PartAppender::EndPart() { ClosePart(/*truncate=*/true); }

void PartAppender::ClosePart(bool truncate) {
  if (fd_ < 0) return;
  // Readers stop at the zeros anyway, so a crash before (or a failure of) the truncation
  // loses nothing; it only keeps NULs away from anything that reads the part later. After
  // a failed batch the cut also drops the unacknowledged bytes, which do no harm either.
  if (truncate && allocated_ > data_end_) (void)::ftruncate(fd_, data_end_);
  ::close(fd_);
  fd_ = -1;
  data_end_ = allocated_ = 0;
  part_path_.clear();
}

arrow::Status PartAppender::OpenLocalPart(int64_t first_sequence) {
  const std::string path = location_.NewPartPath(chain_, first_sequence);
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) return PosixError("cannot create audit part", path);
  part_path_ = path;
  data_end_ = allocated_ = 0;
  return arrow::Status::OK();
}

arrow::Status PartAppender::Reserve(int64_t size) {
  const int64_t chunks = (size + kPreallocateBytes - 1) / kPreallocateBytes;
  const int64_t grow = std::max<int64_t>(chunks, 1) * kPreallocateBytes;
  static const std::string zeros(64 << 10, '\0');
  for (int64_t done = 0; done < grow;) {
    const int64_t n = std::min<int64_t>(grow - done, static_cast<int64_t>(zeros.size()));
    ARROW_RETURN_NOT_OK(WriteAt(fd_, zeros.data(), n, allocated_ + done, part_path_));
    done += n;
  }
  // Makes the new size and extents durable now, once, instead of with every batch.
  if (::fdatasync(fd_) != 0) return PosixError("fdatasync failed on", part_path_);
  allocated_ += grow;
  preallocated_bytes_ += grow;
  return arrow::Status::OK();
}

arrow::Status PartAppender::WriteLocal(const std::string& lines) {
  const auto size = static_cast<int64_t>(lines.size());
  if (data_end_ + size > allocated_)
    ARROW_RETURN_NOT_OK(Reserve(data_end_ + size - allocated_));
  ARROW_RETURN_NOT_OK(WriteAt(fd_, lines.data(), size, data_end_, part_path_));
  if (::fdatasync(fd_) != 0) return PosixError("fdatasync failed on", part_path_);
  data_end_ += size;
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
  const bool new_part = fd_ < 0;
  arrow::Status status = new_part ? OpenLocalPart(first_sequence) : arrow::Status::OK();
  if (status.ok()) status = WriteLocal(lines);
  // A new file's folder entry must be durable too, or the file may vanish in a crash.
  if (status.ok() && new_part)
    status = location_.SyncDir(location_.PartDirectory(chain_));
  if (!status.ok()) {
    ClosePart(/*truncate=*/true);
    folder_created_ = false;  // the folder may be what went missing
    return status;
  }
  return part_path_;
}

}  // namespace warden::audit
