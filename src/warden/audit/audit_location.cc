#include "warden/audit/audit_location.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

#include <arrow/filesystem/localfs.h>
#include <arrow/io/interfaces.h>

#include "warden/catalog/filesystems.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::audit {

namespace {

constexpr std::string_view kRolledPrefix = "audit-";
constexpr std::string_view kOpenFolder = "_open";
constexpr size_t kDigits = 20;

std::optional<int64_t> ParseDigits(std::string_view text) {
  if (text.size() != kDigits) return std::nullopt;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

bool IsDate(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-dd";
  if (text.size() != kShape.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  return true;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.substr(text.size() - suffix.size()) == suffix;
}

/// "audit-<chain>-<first>-<last>.<ext>" inside "date=YYYY-MM-DD".
std::optional<AuditFileName> ParseRolled(std::string_view folder, std::string_view name) {
  if (folder.substr(0, 5) != "date=" || !IsDate(folder.substr(5))) return std::nullopt;
  AuditFileName file;
  file.kind = AuditFileName::Kind::kRolled;
  file.date = std::string(folder.substr(5));
  if (EndsWith(name, ".parquet")) {
    file.format = AuditFileFormat::kParquet;
    name.remove_suffix(8);
  } else if (EndsWith(name, ".jsonl")) {
    file.format = AuditFileFormat::kJsonLines;
    name.remove_suffix(6);
  } else {
    return std::nullopt;
  }
  // <prefix><chain>-<20 digits>-<20 digits>
  if (name.substr(0, kRolledPrefix.size()) != kRolledPrefix ||
      name.size() < kRolledPrefix.size() + 1 + 2 * (kDigits + 1)) {
    return std::nullopt;
  }
  auto last = ParseDigits(name.substr(name.size() - kDigits));
  auto first = ParseDigits(name.substr(name.size() - 2 * kDigits - 1, kDigits));
  if (!first || !last || name[name.size() - kDigits - 1] != '-' ||
      name[name.size() - 2 * kDigits - 2] != '-') {
    return std::nullopt;
  }
  file.chain = std::string(name.substr(
      kRolledPrefix.size(), name.size() - kRolledPrefix.size() - 2 * kDigits - 2));
  if (!IsValidChainId(file.chain)) return std::nullopt;
  file.first_sequence = *first;
  file.last_sequence = *last;
  return file;
}

/// "<first>-<nonce>.jsonl" inside "_open/<chain>".
std::optional<AuditFileName> ParsePart(std::string_view chain, std::string_view name) {
  if (!IsValidChainId(chain) || !EndsWith(name, ".jsonl") || name.size() < kDigits + 7 ||
      name[kDigits] != '-') {
    return std::nullopt;
  }
  auto first = ParseDigits(name.substr(0, kDigits));
  if (!first) return std::nullopt;
  AuditFileName file;
  file.kind = AuditFileName::Kind::kPart;
  file.chain = std::string(chain);
  file.first_sequence = *first;
  file.format = AuditFileFormat::kJsonLines;
  return file;
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string Parent(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

arrow::Status SyncPath(const std::string& path, bool directory) {
  const int fd =
      ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return PosixError("cannot open for fsync", path);
  const int rc = directory ? ::fsync(fd) : ::fdatasync(fd);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return rc == 0 ? arrow::Status::OK() : PosixError("fsync failed on", path);
}

std::string Nonce() {
  auto bytes = crypto::RandomBytes(6);
  return bytes.ok() ? crypto::HexEncode(*bytes) : std::to_string(::getpid());
}

}  // namespace

arrow::Status PosixError(const std::string& what, const std::string& path) {
  return Error(ErrorCode::kStorage, what + " " + path + ": " + std::strerror(errno));
}

bool IsValidChainId(std::string_view chain) {
  if (chain.empty() || chain.size() > 100 || chain[0] == '.') return false;
  for (char c : chain) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<AuditFileName> ParseAuditPath(std::string_view relative_path) {
  const auto parts = SplitPath(relative_path);
  if (parts.size() == 2) return ParseRolled(parts[0], parts[1]);
  if (parts.size() == 3 && parts[0] == kOpenFolder) return ParsePart(parts[1], parts[2]);
  return std::nullopt;
}

std::string SequenceDigits(int64_t sequence) {
  std::string digits = std::to_string(sequence);
  return std::string(kDigits - std::min(kDigits, digits.size()), '0') + digits;
}

AuditLocation::AuditLocation(std::shared_ptr<arrow::fs::FileSystem> filesystem,
                             std::string root)
    : filesystem_(std::move(filesystem)), root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  local_ = filesystem_->type_name() == "local";
}

arrow::Result<AuditLocation> AuditLocation::Open(const std::string& uri_or_path) {
  if (uri_or_path.empty()) {
    return Error(ErrorCode::kInvalidArgument, "the audit location is empty");
  }
  if (uri_or_path.find("://") == std::string::npos) {
    return AuditLocation(std::make_shared<arrow::fs::LocalFileSystem>(),
                         std::filesystem::absolute(uri_or_path).lexically_normal().string());
  }
  // The same resolution as table locations: one object-storage configuration per process
  // (endpoints and credentials come from flags and the environment, never from the URI).
  auto resolved = catalog::ResolveFileSystem(uri_or_path);
  if (!resolved.ok()) {
    return arrow::Status(resolved.status().code(),
                         "invalid audit location '" + uri_or_path +
                             "': " + resolved.status().message(),
                         resolved.status().detail());
  }
  return AuditLocation(std::move(resolved->filesystem), std::move(resolved->path));
}

AuditLocation AuditLocation::OnFileSystem(
    std::shared_ptr<arrow::fs::FileSystem> filesystem, std::string root) {
  return AuditLocation(std::move(filesystem), std::move(root));
}

std::string AuditLocation::RolledPath(const std::string& chain, int64_t first,
                                      int64_t last, const std::string& date,
                                      AuditFileFormat format) const {
  return root_ + "/date=" + date + "/" + std::string(kRolledPrefix) + chain + "-" +
         SequenceDigits(first) + "-" + SequenceDigits(last) +
         std::string(FileExtension(format));
}

std::string AuditLocation::PartDirectory(const std::string& chain) const {
  return root_ + "/" + std::string(kOpenFolder) + "/" + chain;
}

std::string AuditLocation::NewPartPath(const std::string& chain, int64_t first) const {
  return PartDirectory(chain) + "/" + SequenceDigits(first) + "-" + Nonce() + ".jsonl";
}

std::string AuditLocation::Relative(const std::string& path) const {
  if (path.size() > root_.size() && path.compare(0, root_.size(), root_) == 0 &&
      path[root_.size()] == '/') {
    return path.substr(root_.size() + 1);
  }
  return path;
}

arrow::Status AuditLocation::SyncFile(const std::string& path) const {
  return local_ ? SyncPath(path, /*directory=*/false) : arrow::Status::OK();
}

arrow::Status AuditLocation::SyncDir(const std::string& dir) const {
  return local_ ? SyncPath(dir, /*directory=*/true) : arrow::Status::OK();
}

arrow::Status AuditLocation::CreateDirDurably(const std::string& dir) const {
  ARROW_RETURN_NOT_OK(filesystem_->CreateDir(dir, /*recursive=*/true));
  if (!local_) return arrow::Status::OK();
  // Each new folder's entry lives in its parent: sync from `dir` up to the root's parent.
  for (std::string folder = dir; folder.size() >= root_.size() && !folder.empty();
       folder = Parent(folder)) {
    ARROW_RETURN_NOT_OK(SyncPath(folder, /*directory=*/true));
    if (folder == root_) {
      const std::string parent = Parent(folder);
      if (!parent.empty()) ARROW_RETURN_NOT_OK(SyncPath(parent, /*directory=*/true));
      break;
    }
  }
  return arrow::Status::OK();
}

arrow::Status AuditLocation::WriteFileDurably(const std::string& path,
                                              const arrow::Buffer& contents,
                                              bool create_parent) const {
  const std::string dir = Parent(path);
  if (create_parent) ARROW_RETURN_NOT_OK(CreateDirDurably(dir));
  const std::string target =
      local_ ? dir + "/." + path.substr(dir.size() + 1) + ".tmp-" + Nonce() : path;
  {
    ARROW_ASSIGN_OR_RAISE(auto stream, filesystem_->OpenOutputStream(target));
    auto written = stream->Write(contents.data(), contents.size());
    auto closed = stream->Close();
    if (!written.ok() || !closed.ok()) {
      if (local_) (void)filesystem_->DeleteFile(target);
      return written.ok() ? closed : written;
    }
  }
  if (!local_) return arrow::Status::OK();
  auto synced = SyncFile(target);
  if (synced.ok()) synced = filesystem_->Move(target, path);
  if (!synced.ok()) {
    (void)filesystem_->DeleteFile(target);
    return synced;
  }
  return SyncDir(dir);
}

arrow::Result<std::vector<arrow::fs::FileInfo>> AuditLocation::ListFiles(
    const std::string& dir) const {
  arrow::fs::FileSelector selector;
  selector.base_dir = dir.empty() ? root_ : dir;
  selector.recursive = true;
  selector.allow_not_found = true;
  ARROW_ASSIGN_OR_RAISE(auto entries, filesystem_->GetFileInfo(selector));
  std::vector<arrow::fs::FileInfo> files;
  for (auto& entry : entries) {
    if (entry.IsFile()) files.push_back(std::move(entry));
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  return files;
}

arrow::Status AuditLocation::DeleteFileIfExists(const std::string& path) const {
  auto deleted = filesystem_->DeleteFile(path);
  if (deleted.ok()) return deleted;
  ARROW_ASSIGN_OR_RAISE(auto info, filesystem_->GetFileInfo(path));
  return info.type() == arrow::fs::FileType::NotFound ? arrow::Status::OK() : deleted;
}

}  // namespace warden::audit
