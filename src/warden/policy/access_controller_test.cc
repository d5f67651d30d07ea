#include "warden/policy/access_controller.h"

#include <gtest/gtest.h>

#include <filesystem>

#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::policy {
namespace {

class AccessControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = catalog::MetaStore::Open(dir_.SqliteUri()).ValueOrDie();
    ASSERT_TRUE(store_->CreateDatabase({"sales", "admin", "", 1}, false).ok());
    catalog::DatasetInfo dataset{"sales", "orders", "file:///x", "parquet",
                                 arrow::schema({arrow::field("id", arrow::int64())}),
                                 "admin", "", 1};
    ASSERT_TRUE(store_->CreateDataset(dataset, false).ok());
    ASSERT_TRUE(store_->GrantRoleToUser(catalog::kAdminRole, "root").ok());
  }
  warden::testing::TempDir dir_;
  std::unique_ptr<catalog::MetaStore> store_;
};

TEST_F(AccessControllerTest, AdminSeesEverything) {
  AccessController access(store_.get());
  auto admin = access.ResolvePrincipal("root", {}).ValueOrDie();
  EXPECT_TRUE(admin.IsAdmin());
  EXPECT_TRUE(access.CanSeeDatabase(admin, "sales"));
  auto view = access.GovernedView(admin, {"sales", "orders"}).ValueOrDie();
  EXPECT_EQ(view.visible_schema->num_fields(), 1);
  EXPECT_TRUE(access.CanSeeDataset(admin, view.dataset));
  EXPECT_FALSE(view.row_filter.has_value());
  EXPECT_TRUE(access.AuthorizeDdl(admin).ok());
}

TEST_F(AccessControllerTest, OthersSeeNothingAndCannotTellWhatExists) {
  AccessController access(store_.get());
  auto bob = access.ResolvePrincipal("bob", {"warden_admin"}).ValueOrDie();
  EXPECT_FALSE(bob.IsAdmin());  // a group named like the role is not the role
  EXPECT_FALSE(access.CanSeeDatabase(bob, "sales"));
  auto existing = access.GovernedView(bob, {"sales", "orders"});
  auto missing = access.GovernedView(bob, {"sales", "nope"});
  EXPECT_EQ(ErrorCodeOf(existing.status()), ErrorCode::kCatalogNotFound);
  EXPECT_EQ(ErrorCodeOf(missing.status()), ErrorCode::kCatalogNotFound);
  EXPECT_EQ(existing.status().message(), "table sales.orders not found");
  auto dataset = store_->GetDataset("sales", "orders").ValueOrDie();
  EXPECT_FALSE(access.CanSeeDataset(bob, *dataset));
  EXPECT_EQ(ErrorCodeOf(access.AuthorizeDdl(bob)), ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace warden::policy
