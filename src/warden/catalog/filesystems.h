#pragma once

#include <memory>
#include <string>

#include <arrow/filesystem/type_fwd.h>
#include <arrow/result.h>
#include <arrow/status.h>

/// Location URIs ↔ Arrow filesystems: file://, s3:// (Arrow's S3FileSystem, configured by
/// Warden), gs:// and abfs[s]:// (passed through Arrow's filesystem registry).
///
/// Thread-safe: every function may be called from any thread. Filesystems are shared, one
/// per scheme and bucket (or container), and are themselves thread-safe.
namespace warden::catalog {

/// How Warden reaches S3 and S3-compatible stores; one set per process.
struct ObjectStorageOptions {
  /// "http://host:port", "https://host[:port]" or "host[:port]" (https); empty: AWS
  /// itself.
  std::string s3_endpoint;
  /// Empty: "us-east-1" with an endpoint, else the bucket's own region (asked from AWS).
  std::string s3_region;
  /// Static credentials; both empty: the AWS default chain (~/.aws, instance role, …).
  std::string access_key;
  std::string secret_key;
  std::string session_token;

  /// From WARDEN_S3_ENDPOINT, WARDEN_S3_REGION (else AWS_REGION, AWS_DEFAULT_REGION),
  /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
  static ObjectStorageOptions FromEnvironment();
};

/// Replaces the process's object-storage options (kInvalidArgument for a malformed
/// endpoint or half a key pair). Until the first call, FromEnvironment() applies.
arrow::Status ConfigureObjectStorage(const ObjectStorageOptions& options);

/// A location or data file: its filesystem and the absolute path on it, without a
/// trailing '/' ("/abs/dir" for file://, "bucket/key" for s3:// and gs://,
/// "container/path" for abfs://).
struct ResolvedLocation {
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  std::string path;
};

/// Resolves `uri`: file:///abs/path, s3://bucket[/prefix], gs://bucket[/prefix],
/// abfs[s]://container@account.dfs.core.windows.net[/path].
///
/// kInvalidArgument for relative paths, unknown schemes, file:// with a host,
/// credentials, ports, query strings or fragments in the URI (endpoints and secrets come
/// from the configuration, never from a table's location), control characters and
/// "."/".."/empty path segments (also percent-encoded). kStorageSchemeUnavailable when
/// this build's Arrow lacks the scheme; kStorage when the store cannot be set up.
arrow::Result<ResolvedLocation> ResolveFileSystem(const std::string& uri);

/// The URI of `path` on `filesystem`, the inverse of ResolveFileSystem: file:///abs/path,
/// s3://bucket/key, gs://bucket/key, abfs://container@account.dfs.core.windows.net/path;
/// path segments are percent-encoded where needed. Use it wherever a listed file must
/// travel as a URI (task file lists).
arrow::Result<std::string> LocationUri(const arrow::fs::FileSystem& filesystem,
                                       const std::string& path);

/// Finalizes the AWS SDK if S3 was used; resolving afterwards fails with kUnavailable.
/// Must run before static destruction (the SDK may hang or crash in it otherwise): keep a
/// FileSystemsFinalizer in main().
void FinalizeFileSystems();

/// Calls FinalizeFileSystems() on destruction; declare one at the top of main().
class FileSystemsFinalizer {
 public:
  FileSystemsFinalizer() = default;
  ~FileSystemsFinalizer() { FinalizeFileSystems(); }
  FileSystemsFinalizer(const FileSystemsFinalizer&) = delete;
  FileSystemsFinalizer& operator=(const FileSystemsFinalizer&) = delete;
};

}  // namespace warden::catalog
