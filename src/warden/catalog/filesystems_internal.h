#pragma once

#include <string>

#include <arrow/result.h>
#include <arrow/status.h>

/// Pieces of filesystems.cc exposed for its unit tests.
namespace warden::catalog::internal {

/// An S3 endpoint split for arrow::fs::S3Options.
struct S3Endpoint {
  std::string scheme;     ///< "http" or "https"
  std::string authority;  ///< "host" or "host:port"
};

/// Parses WARDEN_S3_ENDPOINT: "http://host:port", "https://host[:port]" or "host[:port]"
/// (https); a trailing '/' is allowed, a path, credentials or query are not.
arrow::Result<S3Endpoint> ParseS3Endpoint(const std::string& endpoint);

/// The Warden error for Arrow failing to open a `scheme` filesystem: a build without that
/// scheme (NotImplemented) is kStorageSchemeUnavailable, anything else kStorage.
arrow::Status SchemeOpenError(const std::string& scheme, const arrow::Status& status);

/// Percent-encodes every byte of `path` except unreserved characters, '/' and '='
/// (hive partition folders stay readable).
std::string EncodeUriPath(const std::string& path);

}  // namespace warden::catalog::internal
