#include "warden/catalog/filesystems.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include <arrow/filesystem/filesystem.h>
#include <arrow/filesystem/s3fs.h>

#include "warden/catalog/filesystems_internal.h"
#include "warden/common/error.h"

namespace warden::catalog {
namespace {

/// Finalizes S3 after the last test, as main() does in the warden binary.
class FinalizeAtExit : public ::testing::Environment {
 public:
  void TearDown() override { FinalizeFileSystems(); }
};
const auto* const kFinalizeAtExit =
    ::testing::AddGlobalTestEnvironment(new FinalizeAtExit);

/// S3 options pointing at a closed loopback port: resolving never touches the network.
class FileSystemsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ObjectStorageOptions options;
    options.s3_endpoint = "http://127.0.0.1:9";
    options.access_key = "test-key";
    options.secret_key = "test-secret";
    ASSERT_TRUE(ConfigureObjectStorage(options).ok());
  }
};

ErrorCode CodeOf(const std::string& uri) {
  return ErrorCodeOf(ResolveFileSystem(uri).status());
}

TEST_F(FileSystemsTest, ResolvesAbsoluteFileUris) {
  auto resolved = ResolveFileSystem("file:///data/sales/").ValueOrDie();
  EXPECT_EQ(resolved.filesystem->type_name(), "local");
  EXPECT_EQ(resolved.path, "/data/sales");
  EXPECT_EQ(ResolveFileSystem("file:///data/my%20dir/x.parquet").ValueOrDie().path,
            "/data/my dir/x.parquet");
  EXPECT_EQ(ResolveFileSystem("file:///").ValueOrDie().path, "/");
  // One shared filesystem per scheme, not one per call.
  EXPECT_EQ(ResolveFileSystem("file:///a").ValueOrDie().filesystem,
            ResolveFileSystem("file:///b").ValueOrDie().filesystem);
}

TEST_F(FileSystemsTest, RejectsRelativeAndHostedFileLocations) {
  for (const char* uri : {"relative/path", "/abs/path", "file:relative", "file:/abs/path",
                          "file://host/data", "file://localhost/data", "", "file://"}) {
    SCOPED_TRACE(uri);
    EXPECT_EQ(CodeOf(uri), ErrorCode::kInvalidArgument);
  }
}

TEST_F(FileSystemsTest, RejectsDotSegmentsAndOtherTricks) {
  for (const char* uri :
       {"file:///data/../etc", "file:///data/..", "file:///data/%2e%2e/etc",
        "file:///data/%2E%2E", "file:///data/./x", "file:///data//x", "file:///data/%00x",
        "file:///data/a%0Ab", "file:///data#x", "file:///data?x=1", "s3://bucket/a/../b",
        "s3://bucket/%2e%2e/b", "s3://bucket//b"}) {
    SCOPED_TRACE(uri);
    EXPECT_EQ(CodeOf(uri), ErrorCode::kInvalidArgument);
  }
}

TEST_F(FileSystemsTest, RejectsUnknownSchemes) {
  for (const char* uri :
       {"http://example.com/x", "https://example.com/x", "hdfs://nn/x", "viewfs://x/y",
        "mock:///x", "ftp://host/x", "s3a://bucket/x"}) {
    SCOPED_TRACE(uri);
    auto status = ResolveFileSystem(uri).status();
    EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kInvalidArgument);
    EXPECT_NE(status.message().find("unsupported scheme"), std::string::npos);
  }
}

TEST_F(FileSystemsTest, S3LocationsCarryNoSecretsEndpointsOrOptions) {
  for (const char* uri :
       {"s3://key:secret@bucket/x", "s3://key@bucket/x", "s3://bucket:9000/x",
        "s3://bucket/x?endpoint_override=evil.example.com", "s3://bucket/x?region=eu",
        "s3:///x", "s3://bad%2Fbucket/x", "gs://bucket/x?endpoint_override=evil"}) {
    SCOPED_TRACE(uri);
    EXPECT_EQ(CodeOf(uri), ErrorCode::kInvalidArgument);
  }
}

TEST_F(FileSystemsTest, ErrorsDoNotEchoSecrets) {
  for (const char* uri : {"s3://AKIAKEY:sEcReT@bucket/x", "s3://bucket/x?sig=sEcReT",
                          "abfs://lake:sEcReT@account.dfs.core.windows.net/x",
                          "file:///x?token=sEcReT", "s3://b/x/../y?sig=sEcReT"}) {
    SCOPED_TRACE(uri);
    auto status = ResolveFileSystem(uri).status();
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.message().find("sEcReT"), std::string::npos) << status.message();
  }
}

TEST_F(FileSystemsTest, ResolvesS3WithTheConfiguredEndpoint) {
  auto resolved = ResolveFileSystem("s3://warehouse/sales/2024/").ValueOrDie();
  EXPECT_EQ(resolved.filesystem->type_name(), "s3");
  EXPECT_EQ(resolved.path, "warehouse/sales/2024");
  EXPECT_EQ(ResolveFileSystem("s3://warehouse").ValueOrDie().path, "warehouse");
  EXPECT_EQ(ResolveFileSystem("s3://warehouse/").ValueOrDie().path, "warehouse");
  auto s3 = std::static_pointer_cast<arrow::fs::S3FileSystem>(resolved.filesystem);
  EXPECT_EQ(s3->options().endpoint_override, "127.0.0.1:9");
  EXPECT_EQ(s3->options().scheme, "http");
  EXPECT_EQ(s3->region(), "us-east-1");
  EXPECT_EQ(ResolveFileSystem("s3://warehouse/other").ValueOrDie().filesystem,
            resolved.filesystem);
}

TEST_F(FileSystemsTest, NewOptionsMakeNewS3FileSystems) {
  auto before = ResolveFileSystem("s3://warehouse/x").ValueOrDie().filesystem;
  ObjectStorageOptions options;
  options.s3_endpoint = "https://127.0.0.1:10";
  options.s3_region = "eu-west-1";
  ASSERT_TRUE(ConfigureObjectStorage(options).ok());
  auto after = std::static_pointer_cast<arrow::fs::S3FileSystem>(
      ResolveFileSystem("s3://warehouse/x").ValueOrDie().filesystem);
  EXPECT_NE(after, before);
  EXPECT_EQ(after->options().scheme, "https");
  EXPECT_EQ(after->region(), "eu-west-1");
}

TEST_F(FileSystemsTest, ConfigurationIsValidated) {
  ObjectStorageOptions options;
  options.s3_endpoint = "ftp://host";
  EXPECT_EQ(ErrorCodeOf(ConfigureObjectStorage(options)), ErrorCode::kInvalidArgument);
  options.s3_endpoint = "http://127.0.0.1:9000";
  options.access_key = "only-half";
  EXPECT_EQ(ErrorCodeOf(ConfigureObjectStorage(options)), ErrorCode::kInvalidArgument);
}

TEST(S3EndpointTest, Parses) {
  auto plain = internal::ParseS3Endpoint("minio.internal:9000").ValueOrDie();
  EXPECT_EQ(plain.scheme, "https");
  EXPECT_EQ(plain.authority, "minio.internal:9000");
  auto http = internal::ParseS3Endpoint("http://127.0.0.1:5000/").ValueOrDie();
  EXPECT_EQ(http.scheme, "http");
  EXPECT_EQ(http.authority, "127.0.0.1:5000");
  EXPECT_EQ(internal::ParseS3Endpoint("https://s3.example.com").ValueOrDie().authority,
            "s3.example.com");
  for (const char* bad : {"", "http://", "ftp://host", "http://host/path",
                          "http://user:pw@host", "http://host?x=1"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(ErrorCodeOf(internal::ParseS3Endpoint(bad).status()),
              ErrorCode::kInvalidArgument);
  }
}

TEST_F(FileSystemsTest, LocationUriRoundTrips) {
  for (const char* uri :
       {"file:///data/sales", "file:///data/year=2024/my%20file.parquet",
        "file:///data/a%23b%3Fc%25d+e", "s3://warehouse/sales/p.parquet",
        "s3://warehouse", "s3://warehouse/year=2024/x%20y"}) {
    SCOPED_TRACE(uri);
    auto resolved = ResolveFileSystem(uri).ValueOrDie();
    auto made = LocationUri(*resolved.filesystem, resolved.path).ValueOrDie();
    auto again = ResolveFileSystem(made).ValueOrDie();
    EXPECT_EQ(again.path, resolved.path);
    EXPECT_EQ(again.filesystem, resolved.filesystem);
  }
  auto s3 = ResolveFileSystem("s3://warehouse/x").ValueOrDie();
  EXPECT_EQ(LocationUri(*s3.filesystem, "warehouse/a b/c.parquet").ValueOrDie(),
            "s3://warehouse/a%20b/c.parquet");
  auto local = ResolveFileSystem("file:///x").ValueOrDie();
  EXPECT_EQ(LocationUri(*local.filesystem, "/d/year=2024/f.parquet").ValueOrDie(),
            "file:///d/year=2024/f.parquet");
  EXPECT_EQ(ErrorCodeOf(LocationUri(*local.filesystem, "relative").status()),
            ErrorCode::kInternal);
}

TEST_F(FileSystemsTest, GcsAndAzurePassThroughArrow) {
  // Resolving makes a client but sends no request, so this needs no cloud account.
  auto gcs = ResolveFileSystem("gs://lake/raw/").ValueOrDie();
  EXPECT_EQ(gcs.filesystem->type_name(), "gcs");
  EXPECT_EQ(gcs.path, "lake/raw");
  EXPECT_EQ(LocationUri(*gcs.filesystem, gcs.path).ValueOrDie(), "gs://lake/raw");

  const std::string abfs = "abfs://lake@account.dfs.core.windows.net/raw/events";
  auto azure = ResolveFileSystem(abfs).ValueOrDie();
  EXPECT_EQ(azure.filesystem->type_name(), "abfs");
  EXPECT_EQ(azure.path, "lake/raw/events");
  EXPECT_EQ(LocationUri(*azure.filesystem, azure.path).ValueOrDie(), abfs);
  EXPECT_EQ(CodeOf("abfs://lake:accountkey@account.dfs.core.windows.net/x"),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf("abfs://lake@account.dfs.core.windows.net/x?sig=secret"),
            ErrorCode::kInvalidArgument);
}

TEST(SchemeOpenErrorTest, MissingSupportIsItsOwnCode) {
  auto missing = internal::SchemeOpenError(
      "gs", arrow::Status::NotImplemented("Got GCS URI but Arrow compiled without GCS"));
  EXPECT_EQ(ErrorCodeOf(missing), ErrorCode::kStorageSchemeUnavailable);
  EXPECT_NE(FormatError(missing).find("WARDEN-STORAGE-SCHEME-UNAVAILABLE"),
            std::string::npos);
  EXPECT_NE(missing.message().find("'gs://'"), std::string::npos);
  EXPECT_EQ(ErrorCodeOf(internal::SchemeOpenError("s3", arrow::Status::IOError("boom"))),
            ErrorCode::kStorage);
}

TEST(EncodeUriPathTest, KeepsSeparatorsAndPartitionsReadable) {
  EXPECT_EQ(internal::EncodeUriPath("/a/year=2024/b c%#?+é"),
            "/a/year=2024/b%20c%25%23%3F%2B%C3%A9");
}

TEST(FinalizeTest, S3IsFinalizedOnceAndTheProcessExitsCleanly) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        ObjectStorageOptions options;
        options.s3_endpoint = "http://127.0.0.1:9";
        options.access_key = "k";
        options.secret_key = "s";
        if (!ConfigureObjectStorage(options).ok()) std::exit(2);
        if (!ResolveFileSystem("s3://bucket/x").ok()) std::exit(3);
        FinalizeFileSystems();
        FinalizeFileSystems();  // idempotent
        if (ErrorCodeOf(ResolveFileSystem("s3://bucket/x").status()) !=
            ErrorCode::kUnavailable) {
          std::exit(4);
        }
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace warden::catalog
