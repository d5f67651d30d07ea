#include "warden/catalog/filesystems.h"

#include <cctype>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include <arrow/filesystem/azurefs.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/filesystem/localfs.h>
#include <arrow/filesystem/s3fs.h>
#include <arrow/util/uri.h>

#include "warden/catalog/filesystems_internal.h"
#include "warden/common/error.h"

namespace warden::catalog {

namespace internal {

arrow::Result<S3Endpoint> ParseS3Endpoint(const std::string& endpoint) {
  const auto invalid = [&](const std::string& why) {
    return Error(ErrorCode::kInvalidArgument,
                 "invalid S3 endpoint '" + endpoint + "': " + why +
                     " (use http://host:port or https://host)");
  };
  S3Endpoint parsed{"https", endpoint};
  if (const size_t separator = endpoint.find("://"); separator != std::string::npos) {
    parsed.scheme = endpoint.substr(0, separator);
    parsed.authority = endpoint.substr(separator + 3);
    if (parsed.scheme != "http" && parsed.scheme != "https") {
      return invalid("scheme must be http or https");
    }
  }
  if (!parsed.authority.empty() && parsed.authority.back() == '/')
    parsed.authority.pop_back();
  if (parsed.authority.empty()) return invalid("no host");
  for (const char c : parsed.authority) {
    const bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                         c == '-' || c == '_' || c == ':' || c == '[' || c == ']';
    if (!allowed) return invalid("only a host and a port are allowed");
  }
  return parsed;
}

arrow::Status SchemeOpenError(const std::string& scheme, const arrow::Status& status) {
  if (status.IsNotImplemented()) {
    return Error(
        ErrorCode::kStorageSchemeUnavailable,
        "locations with scheme '" + scheme +
            "://' are not available in this build of Warden (its Arrow lacks them)");
  }
  return Error(ErrorCode::kStorage,
               "cannot open " + scheme + ":// storage: " + status.message());
}

std::string EncodeUriPath(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(path.size());
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' ||
        c == '=') {
      encoded.push_back(c);
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[byte >> 4]);
      encoded.push_back(kHex[byte & 0xF]);
    }
  }
  return encoded;
}

}  // namespace internal

namespace {

using internal::SchemeOpenError;

constexpr char kSupportedSchemes[] = "file:///abs/path, s3://, gs:// or abfs://";

/// Process-wide state: the options, the filesystems made from them, and S3's life cycle.
struct Registry {
  std::mutex mutex;
  // All GUARDED_BY(mutex). Unset options: the environment's.
  std::optional<ObjectStorageOptions> options;
  std::map<std::string, std::shared_ptr<arrow::fs::FileSystem>> filesystems;
  bool finalized = false;
};

Registry& GlobalRegistry() {
  static auto* registry = new Registry;  // leaked on purpose: used until the very end
  return *registry;
}

std::string GetEnv(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

/// `uri` for error messages and logs: a password in the authority and a query string
/// (SAS tokens, keys) are replaced by "***".
std::string RedactedLocation(const std::string& uri) {
  std::string shown = uri.substr(0, uri.find('?'));
  if (shown.size() < uri.size()) shown += "?***";
  const size_t authority = shown.find("://");
  if (authority == std::string::npos) return shown;
  const size_t end = shown.find('/', authority + 3);
  const size_t at = shown.rfind('@', end == std::string::npos ? shown.size() : end);
  if (at == std::string::npos || at < authority) return shown;
  const size_t colon = shown.find(':', authority + 3);
  if (colon == std::string::npos || colon > at) return shown;
  return shown.substr(0, colon + 1) + "***" + shown.substr(at);
}

arrow::Status InvalidLocation(const std::string& uri, const std::string& why) {
  return Error(ErrorCode::kInvalidArgument,
               "invalid location '" + RedactedLocation(uri) + "': " + why);
}

/// Checks a decoded path ("" or "/a/b", a trailing '/' allowed) and returns it without
/// the trailing '/': no empty, "." or ".." segments and no control characters, so that
/// one location has one spelling and cannot climb out of the folder it names.
arrow::Result<std::string> CanonicalPath(const std::string& uri, std::string path) {
  for (const char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return InvalidLocation(uri, "control characters are not allowed");
    }
  }
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path.empty() || path == "/") return path;
  if (path.front() != '/') return InvalidLocation(uri, "the path must be absolute");
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string_view segment(path.data() + start, end - start);
    if (segment.empty()) return InvalidLocation(uri, "empty path segment ('//')");
    if (segment == "." || segment == "..") {
      return InvalidLocation(uri, "'.' and '..' path segments are not allowed");
    }
    start = end + 1;
  }
  return path;
}

arrow::Result<arrow::fs::S3Options> MakeS3Options(const ObjectStorageOptions& config,
                                                  const std::string& bucket) {
  arrow::fs::S3Options options =
      config.access_key.empty()
          ? arrow::fs::S3Options::Defaults()
          : arrow::fs::S3Options::FromAccessKey(config.access_key, config.secret_key,
                                                config.session_token);
  if (!config.s3_endpoint.empty()) {
    ARROW_ASSIGN_OR_RAISE(auto endpoint, internal::ParseS3Endpoint(config.s3_endpoint));
    options.endpoint_override = endpoint.authority;
    options.scheme = endpoint.scheme;
  }
  options.region = config.s3_region;
  if (options.region.empty() && !config.s3_endpoint.empty()) options.region = "us-east-1";
  if (options.region.empty()) {
    auto region = arrow::fs::ResolveS3BucketRegion(bucket);
    if (!region.ok()) {
      return Error(ErrorCode::kStorage,
                   "cannot find the region of S3 bucket '" + bucket +
                       "' (set WARDEN_S3_REGION): " + region.status().message());
    }
    options.region = *region;
  }
  return options;
}

/// The S3 filesystem for `bucket`, made once per bucket. Called with the mutex held,
/// which also serializes InitializeS3 with FinalizeFileSystems as Arrow requires.
arrow::Result<std::shared_ptr<arrow::fs::FileSystem>> S3FileSystemFor(
    Registry& registry, const std::string& bucket) {
  if (!arrow::fs::IsS3Initialized()) {
    auto global = arrow::fs::S3GlobalOptions::Defaults();
    // The AWS SDK can raise SIGPIPE on a dropped connection; a server must not die of it.
    global.install_sigpipe_handler = true;
    auto status = arrow::fs::InitializeS3(global);
    if (!status.ok()) return SchemeOpenError("s3", status);
  }
  const ObjectStorageOptions config =
      registry.options ? *registry.options : ObjectStorageOptions::FromEnvironment();
  ARROW_ASSIGN_OR_RAISE(auto options, MakeS3Options(config, bucket));
  auto filesystem = arrow::fs::S3FileSystem::Make(options);
  if (!filesystem.ok()) return SchemeOpenError("s3", filesystem.status());
  return std::static_pointer_cast<arrow::fs::FileSystem>(*filesystem);
}

/// Returns the cached filesystem under `key`, or makes and caches it.
template <typename Make>
arrow::Result<std::shared_ptr<arrow::fs::FileSystem>> CachedFileSystem(
    const std::string& key, Make&& make) {
  Registry& registry = GlobalRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  if (registry.finalized) {
    return Error(ErrorCode::kUnavailable,
                 "storage access is shut down (process exiting)");
  }
  if (auto found = registry.filesystems.find(key); found != registry.filesystems.end()) {
    return found->second;
  }
  ARROW_ASSIGN_OR_RAISE(auto filesystem, make(registry));
  // Buckets are few; the bound only guards against a flood of distinct hostile names.
  if (registry.filesystems.size() >= 1024) registry.filesystems.clear();
  registry.filesystems.emplace(key, filesystem);
  return filesystem;
}

/// A filesystem from Arrow's registry (gs://, abfs://), whose credentials come from the
/// provider's standard environment.
arrow::Result<std::shared_ptr<arrow::fs::FileSystem>> FileSystemFromRegistry(
    const std::string& scheme, const std::string& root_uri) {
  auto made = arrow::fs::FileSystemFromUri(root_uri);
  if (!made.ok()) return SchemeOpenError(scheme, made.status());
  return made;
}

arrow::Result<ResolvedLocation> ResolveFile(const std::string& uri,
                                            const arrow::util::Uri& parsed) {
  if (!parsed.has_host()) return InvalidLocation(uri, "use file:///absolute/path");
  if (!parsed.host().empty()) {
    return InvalidLocation(uri,
                           "file:// locations cannot name a host (use file:///path)");
  }
  ARROW_ASSIGN_OR_RAISE(auto path, CanonicalPath(uri, parsed.path()));
  if (path.empty()) return InvalidLocation(uri, "use file:///absolute/path");
  ARROW_ASSIGN_OR_RAISE(auto filesystem, CachedFileSystem("file", [](Registry&) {
                          return arrow::Result<std::shared_ptr<arrow::fs::FileSystem>>(
                              std::make_shared<arrow::fs::LocalFileSystem>());
                        }));
  return ResolvedLocation{std::move(filesystem), std::move(path)};
}

/// s3:// and gs://: the host is the bucket, the path the key prefix.
arrow::Result<ResolvedLocation> ResolveBucket(const std::string& uri,
                                              const arrow::util::Uri& parsed) {
  const std::string scheme = parsed.scheme();
  const std::string bucket = parsed.host();
  if (bucket.empty()) return InvalidLocation(uri, "no bucket name");
  for (const char c : bucket) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' &&
        c != '_') {
      return InvalidLocation(uri, "invalid bucket name '" + bucket + "'");
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto key, CanonicalPath(uri, parsed.path()));
  if (key == "/") key.clear();
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  if (scheme == "s3") {
    ARROW_ASSIGN_OR_RAISE(filesystem,
                          CachedFileSystem("s3://" + bucket, [&](Registry& r) {
                            return S3FileSystemFor(r, bucket);
                          }));
  } else {
    ARROW_ASSIGN_OR_RAISE(filesystem, CachedFileSystem("gs://" + bucket, [&](Registry&) {
                            return FileSystemFromRegistry("gs", "gs://" + bucket);
                          }));
  }
  return ResolvedLocation{std::move(filesystem), bucket + key};
}

/// abfs[s]://: Arrow parses the account and container; Warden only vets the URI first.
arrow::Result<ResolvedLocation> ResolveAzure(const std::string& uri,
                                             const arrow::util::Uri& parsed) {
  if (parsed.host().empty()) return InvalidLocation(uri, "no storage account host");
  ARROW_ASSIGN_OR_RAISE(auto path, CanonicalPath(uri, parsed.path()));
  const std::string root = "abfs://" + parsed.username() +
                           (parsed.username().empty() ? "" : "@") + parsed.host();
  ARROW_ASSIGN_OR_RAISE(auto filesystem, CachedFileSystem(root, [&](Registry&) {
                          return FileSystemFromRegistry("abfs", root);
                        }));
  auto arrow_path =
      filesystem->PathFromUri(root + internal::EncodeUriPath(path == "/" ? "" : path));
  if (!arrow_path.ok()) return InvalidLocation(uri, arrow_path.status().message());
  if (!arrow_path->empty() && arrow_path->back() == '/') arrow_path->pop_back();
  if (arrow_path->empty()) return InvalidLocation(uri, "no container");
  return ResolvedLocation{std::move(filesystem), std::move(*arrow_path)};
}

}  // namespace

ObjectStorageOptions ObjectStorageOptions::FromEnvironment() {
  ObjectStorageOptions options;
  options.s3_endpoint = GetEnv("WARDEN_S3_ENDPOINT");
  options.s3_region = GetEnv("WARDEN_S3_REGION");
  if (options.s3_region.empty()) options.s3_region = GetEnv("AWS_REGION");
  if (options.s3_region.empty()) options.s3_region = GetEnv("AWS_DEFAULT_REGION");
  options.access_key = GetEnv("AWS_ACCESS_KEY_ID");
  options.secret_key = GetEnv("AWS_SECRET_ACCESS_KEY");
  options.session_token = GetEnv("AWS_SESSION_TOKEN");
  return options;
}

arrow::Status ConfigureObjectStorage(const ObjectStorageOptions& options) {
  if (!options.s3_endpoint.empty()) {
    ARROW_RETURN_NOT_OK(internal::ParseS3Endpoint(options.s3_endpoint).status());
  }
  if (options.access_key.empty() != options.secret_key.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither");
  }
  Registry& registry = GlobalRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.options = options;
  // Filesystems made with the old options must not serve new requests.
  for (auto it = registry.filesystems.begin(); it != registry.filesystems.end();) {
    it = it->first == "file" ? std::next(it) : registry.filesystems.erase(it);
  }
  return arrow::Status::OK();
}

arrow::Result<ResolvedLocation> ResolveFileSystem(const std::string& uri) {
  if (uri.find('#') != std::string::npos) {
    return InvalidLocation(uri, "fragments ('#') are not allowed");
  }
  auto parsed = arrow::util::Uri::FromString(uri);
  if (!parsed.ok()) {
    if (uri.find("://") == std::string::npos) {
      return InvalidLocation(uri,
                             std::string("a location is a URI: ") + kSupportedSchemes);
    }
    return InvalidLocation(uri,
                           "not a valid URI (percent-encode spaces and other "
                           "special characters)");
  }
  const std::string scheme = parsed->scheme();
  if (scheme != "file" && scheme != "s3" && scheme != "gs" && scheme != "abfs" &&
      scheme != "abfss") {
    return InvalidLocation(
        uri, "unsupported scheme '" + scheme + "' (use " + kSupportedSchemes + ")");
  }
  if (!parsed->password().empty() ||
      (!parsed->username().empty() && scheme != "abfs" && scheme != "abfss")) {
    return InvalidLocation(uri,
                           "credentials do not belong in a location; configure them");
  }
  if (!parsed->port_text().empty()) {
    return InvalidLocation(uri,
                           "ports do not belong in a location; configure the endpoint");
  }
  if (!parsed->query_string().empty() || uri.find('?') != std::string::npos) {
    return InvalidLocation(uri,
                           "query strings are not allowed; storage options are "
                           "configured on the server");
  }
  if (scheme == "file") return ResolveFile(uri, *parsed);
  if (scheme == "s3" || scheme == "gs") return ResolveBucket(uri, *parsed);
  return ResolveAzure(uri, *parsed);
}

arrow::Result<std::string> LocationUri(const arrow::fs::FileSystem& filesystem,
                                       const std::string& path) {
  const std::string type = filesystem.type_name();
  if (type == "local") {
    if (path.empty() || path.front() != '/') {
      return Error(ErrorCode::kInternal, "local path '" + path + "' is not absolute");
    }
    return "file://" + internal::EncodeUriPath(path);
  }
  if (path.empty() || path.front() == '/') {
    return Error(ErrorCode::kInternal, type + " path '" + path + "' has no bucket");
  }
  if (type == "s3") return "s3://" + internal::EncodeUriPath(path);
  if (type == "gcs") return "gs://" + internal::EncodeUriPath(path);
  if (type == "abfs") {
    const auto& azure = static_cast<const arrow::fs::AzureFileSystem&>(filesystem);
    const size_t slash = path.find('/');
    const std::string container = path.substr(0, slash);
    const std::string rest = slash == std::string::npos ? "" : path.substr(slash);
    return "abfs://" + internal::EncodeUriPath(container) + "@" +
           azure.options().account_name + ".dfs.core.windows.net" +
           internal::EncodeUriPath(rest);
  }
  return Error(ErrorCode::kInternal,
               "no location URI for filesystem type '" + type + "'");
}

void FinalizeFileSystems() {
  Registry& registry = GlobalRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  if (registry.finalized) return;
  registry.finalized = true;
  registry.filesystems.clear();
  // Every Arrow filesystem that needs it (S3, for tables and audit locations) shuts down
  // here; a no-op for those never initialized.
  (void)arrow::fs::EnsureFinalized();
}

}  // namespace warden::catalog
