#pragma once

#include <string>

#include <arrow/status.h>
#include <CLI/CLI.hpp>

/// The object-storage flags shared by `warden serve`, `planner` and `worker`.
namespace warden::cli {

struct ObjectStorageFlags {
  std::string s3_endpoint;
  std::string s3_region;
};

/// Adds --s3-endpoint (WARDEN_S3_ENDPOINT) and --s3-region (WARDEN_S3_REGION).
void AddObjectStorageFlags(CLI::App* command, ObjectStorageFlags* flags);

/// Configures object storage for the process: the environment
/// (catalog::ObjectStorageOptions:: FromEnvironment, which also reads the AWS
/// credentials), then the flags on top.
arrow::Status ApplyObjectStorageFlags(const ObjectStorageFlags& flags);

}  // namespace warden::cli
