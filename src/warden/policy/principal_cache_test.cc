// The policy cache against both stores: two AccessControllers on two store handles of one
// database stand for two planners.
#include "warden/policy/principal_cache.h"

#include <gtest/gtest.h>

#include <atomic>

#include "warden/catalog/postgres_connection.h"
#include "warden/catalog/sqlite_connection.h"
#include "warden/catalog/testing/postgres_server.h"
#include "warden/common/testing/temp_dir.h"
#include "warden/policy/access_controller.h"

namespace warden::policy {
namespace {

class PolicyCacheTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      uri_ = dir_.SqliteUri();
    } else {
      auto server = catalog::testing::SharedPostgresServer();
      ASSERT_TRUE(server.ok()) << server.status().ToString();
      static std::atomic<int> counter{0};
      auto uri = (*server)->CreateDatabase("policy_cache_" + std::to_string(counter++));
      ASSERT_TRUE(uri.ok()) << uri.status().ToString();
      uri_ = *uri;
    }
    first_ = catalog::MetaStore::Open(uri_).ValueOrDie();
    second_ = catalog::MetaStore::Open(uri_).ValueOrDie();
    ASSERT_TRUE(first_->CreateRole("analyst", false).ok());
    ASSERT_TRUE(first_->AddRoleMember({"analyst", "group", "analysts"}).ok());
    ASSERT_TRUE(first_->AddGrant(SalesGrant()).ok());
  }

  static catalog::GrantInfo SalesGrant() {
    catalog::GrantInfo grant;
    grant.role = "analyst";
    grant.privilege = "SELECT";
    grant.scope = catalog::GrantScope::kDatabase;
    grant.database = "sales";
    return grant;
  }

  /// Runs `sql` on the store's database behind the store's back (no version bump).
  void RawWrite(const std::string& sql) {
    std::unique_ptr<catalog::SqlConnection> connection;
    if (GetParam() == "sqlite") {
      connection =
          catalog::SqliteConnection::Make(uri_.substr(std::string("sqlite://").size()))
              .ValueOrDie();
    } else {
      connection = catalog::PostgresConnection::Make(uri_).ValueOrDie();
    }
    ASSERT_TRUE(connection->ExecuteScript(sql).ok());
  }

  warden::testing::TempDir dir_;
  std::string uri_;
  std::unique_ptr<catalog::MetaStore> first_;   // planner 1
  std::unique_ptr<catalog::MetaStore> second_;  // planner 2
};

INSTANTIATE_TEST_SUITE_P(Stores, PolicyCacheTest,
                         ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(PolicyCacheTest, ChangesOnAnotherPlannerApplyToTheNextResolve) {
  AccessController planner(first_.get());
  auto ana = planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie();
  ASSERT_EQ(ana.grants.size(), 1u);
  EXPECT_TRUE(planner.CanSeeDatabase(ana, "sales"));

  // REVOKE on the other planner: gone for the next statement here.
  ASSERT_EQ(second_->RemoveGrant(SalesGrant()).ValueOrDie(), 1);
  ana = planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie();
  EXPECT_TRUE(ana.grants.empty());
  EXPECT_FALSE(planner.CanSeeDatabase(ana, "sales"));

  ASSERT_TRUE(second_->AddGrant(SalesGrant()).ok());
  EXPECT_EQ(planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie().grants.size(), 1u);
  // Role membership and user attributes too.
  ASSERT_TRUE(second_->RemoveRoleMember({"analyst", "group", "analysts"}).ok());
  ana = planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie();
  EXPECT_TRUE(ana.roles.empty());
  EXPECT_TRUE(ana.grants.empty());
  ASSERT_TRUE(second_->SetUserAttributes("ana", {{"regions", {"emea"}}}).ok());
  ana = planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie();
  EXPECT_EQ(ana.attributes["regions"], std::vector<std::string>{"emea"});
}

TEST_P(PolicyCacheTest, ASnapshotServesOnlyItsVersion) {
  AccessController planner(first_.get());
  ASSERT_EQ(planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie().grants.size(), 1u);
  // A write that bypasses the store does not bump the version: the snapshot stays in use,
  // which shows that the cache is what answers.
  RawWrite("DELETE FROM grants");
  EXPECT_EQ(planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie().grants.size(), 1u);
  // Any policy change on any planner moves the version: the next resolve reads afresh.
  ASSERT_TRUE(second_->CreateRole("unrelated", false).ok());
  EXPECT_TRUE(planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie().grants.empty());
}

TEST_P(PolicyCacheTest, PrincipalsDoNotShareSnapshots) {
  AccessController planner(first_.get());
  EXPECT_EQ(planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie().grants.size(), 1u);
  EXPECT_TRUE(planner.ResolvePrincipal("ana", {}).ValueOrDie().grants.empty());
  EXPECT_TRUE(planner.ResolvePrincipal("bob", {"ops"}).ValueOrDie().grants.empty());
  // Token attributes are the caller's own, never kept for the next caller.
  auto with_token =
      planner.ResolvePrincipal("ana", {"analysts"}, {{"k", {"v"}}}).ValueOrDie();
  EXPECT_EQ(with_token.attributes.count("k"), 1u);
  EXPECT_EQ(
      planner.ResolvePrincipal("ana", {"analysts"}).ValueOrDie().attributes.count("k"),
      0u);
}

TEST(PrincipalCacheKeyTest, GroupsInAnyOrderAndNamesThatLookAlike) {
  EXPECT_EQ(PrincipalCache::KeyOf("ana", {"b", "a", "b"}),
            PrincipalCache::KeyOf("ana", {"a", "b"}));
  EXPECT_NE(PrincipalCache::KeyOf("ana", {"b"}), PrincipalCache::KeyOf("anab", {}));
  EXPECT_NE(PrincipalCache::KeyOf("a", {"b", "c"}), PrincipalCache::KeyOf("a", {"bc"}));
}

TEST(PrincipalCacheKeyTest, KeepsTheLatestVersionAndStaysBounded) {
  PrincipalCache cache;
  auto at = [](int64_t version) {
    auto snapshot = std::make_shared<PolicySnapshot>();
    snapshot->version = version;
    return snapshot;
  };
  cache.Put("k", at(5));
  cache.Put("k", at(4));  // a slow reader's older snapshot does not replace a newer one
  EXPECT_EQ(cache.Find("k", 4), nullptr);
  ASSERT_NE(cache.Find("k", 5), nullptr);
  for (size_t i = 0; i < PrincipalCache::kMaxEntries + 10; ++i) {
    cache.Put("user" + std::to_string(i), at(1));
  }
  EXPECT_NE(cache.Find("user" + std::to_string(PrincipalCache::kMaxEntries + 9), 1),
            nullptr);
}

}  // namespace
}  // namespace warden::policy
