#include "warden/cli/object_storage_flags.h"

#include "warden/catalog/filesystems.h"

namespace warden::cli {

void AddObjectStorageFlags(CLI::App* command, ObjectStorageFlags* flags) {
  command
      ->add_option("--s3-endpoint", flags->s3_endpoint,
                   "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (default: AWS)")
      ->envname("WARDEN_S3_ENDPOINT");
  command
      ->add_option(
          "--s3-region", flags->s3_region,
          "S3 region (default: AWS_REGION, else us-east-1 with an endpoint, else "
          "the bucket's)")
      ->envname("WARDEN_S3_REGION");
}

arrow::Status ApplyObjectStorageFlags(const ObjectStorageFlags& flags) {
  auto options = catalog::ObjectStorageOptions::FromEnvironment();
  if (!flags.s3_endpoint.empty()) options.s3_endpoint = flags.s3_endpoint;
  if (!flags.s3_region.empty()) options.s3_region = flags.s3_region;
  return catalog::ConfigureObjectStorage(options);
}

}  // namespace warden::cli
