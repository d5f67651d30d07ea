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
    ASSERT_TRUE(store_->CreateDatabase({"hr", "admin", "", 1}, false).ok());
    catalog::DatasetInfo dataset{"sales", "orders", "file:///x", "parquet",
                                 arrow::schema({arrow::field("id", arrow::int64()),
                                                arrow::field("email", arrow::utf8()),
                                                arrow::field("region", arrow::utf8())}),
                                 "admin", "", 1};
    ASSERT_TRUE(store_->CreateDataset(dataset, false).ok());
    ASSERT_TRUE(store_->CreateAttribute({"pii", "email"}, "admin", false).ok());
    ASSERT_TRUE(store_->AddAttribute({"sales", "orders", "email"}, {"pii", "email"}).ok());
    ASSERT_TRUE(store_->GrantRoleToUser(catalog::kAdminRole, "root").ok());
    ASSERT_TRUE(store_->CreateRole("analyst", false).ok());
    ASSERT_TRUE(store_->CreateRole("eu", false).ok());
    ASSERT_TRUE(store_->AddRoleMember({"analyst", "group", "analysts"}).ok());
    ASSERT_TRUE(store_->AddRoleMember({"eu", "user", "bob"}).ok());
  }

  int64_t Grant(catalog::GrantInfo grant) { return store_->AddGrant(grant).ValueOrDie(); }

  static catalog::GrantInfo OnOrders(const std::string& role) {
    catalog::GrantInfo grant;
    grant.role = role;
    grant.privilege = "SELECT";
    grant.scope = catalog::GrantScope::kDataset;
    grant.database = "sales";
    grant.dataset = "orders";
    return grant;
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
  EXPECT_EQ(view.visible_schema->num_fields(), 3);
  EXPECT_TRUE(view.unrestricted);
  EXPECT_TRUE(view.AllRows());
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

TEST_F(AccessControllerTest, RolesComeFromUserAndGroups) {
  AccessController access(store_.get());
  auto carol = access.ResolvePrincipal("carol", {"analysts"}).ValueOrDie();
  EXPECT_EQ(carol.roles, std::vector<std::string>{"analyst"});
  auto bob = access.ResolvePrincipal("bob", {"analysts"}).ValueOrDie();
  EXPECT_EQ(bob.roles, (std::vector<std::string>{"analyst", "eu"}));
}

TEST_F(AccessControllerTest, ColumnListAndAttributesNarrowColumns) {
  auto grant = OnOrders("analyst");
  grant.columns = {"id", "region"};
  Grant(grant);
  AccessController access(store_.get());
  auto carol = access.ResolvePrincipal("carol", {"analysts"}).ValueOrDie();
  auto view = access.GovernedView(carol, {"sales", "orders"}).ValueOrDie();
  ASSERT_EQ(view.visible_schema->num_fields(), 2);
  EXPECT_EQ(view.visible_schema->field(1)->name(), "region");
  EXPECT_EQ(view.hidden_columns, 1u);
  EXPECT_TRUE(access.CanSeeDatabase(carol, "sales"));
  EXPECT_FALSE(access.CanSeeDatabase(carol, "hr"));

  auto negated = OnOrders("eu");
  negated.scope = catalog::GrantScope::kDatabase;
  negated.dataset = "";
  negated.attributes = {{"pii", "email"}};
  negated.attributes_negated = true;
  Grant(negated);
  auto bob = access.ResolvePrincipal("bob", {}).ValueOrDie();
  view = access.GovernedView(bob, {"sales", "orders"}).ValueOrDie();
  EXPECT_EQ(view.visible_schema->ToString(), "id: int64\nregion: string");
}

TEST_F(AccessControllerTest, VisibleDatasetsAgreesWithCanSeeDataset) {
  // A second table in sales without the email column, so that column lists and attributes
  // decide; and a grant on a table that no longer exists.
  ASSERT_TRUE(store_
                  ->CreateDataset({"sales", "stores", "file:///y", "parquet",
                                   arrow::schema({arrow::field("id", arrow::int64())}),
                                   "admin", "", 1},
                                  false)
                  .ok());
  AccessController access(store_.get());
  const auto names = [](const std::vector<catalog::DatasetSummary>& summaries) {
    std::vector<std::string> out;
    for (const auto& summary : summaries) out.push_back(summary.name);
    return out;
  };
  const auto expected = [&](const Principal& principal) {
    std::vector<std::string> out;
    for (const auto& dataset : store_->ListDatasets("sales").ValueOrDie()) {
      if (access.CanSeeDataset(principal, dataset)) out.push_back(dataset.name);
    }
    return out;
  };
  const auto grant = [](catalog::GrantScope scope, std::string dataset) {
    catalog::GrantInfo g;
    g.privilege = "SELECT";
    g.scope = scope;
    g.database = scope == catalog::GrantScope::kCatalog ? "" : "sales";
    g.dataset = std::move(dataset);
    return g;
  };
  using Scope = catalog::GrantScope;
  std::vector<std::vector<catalog::GrantInfo>> shapes;
  shapes.push_back({});                                    // nothing
  shapes.push_back({grant(Scope::kDatabase, "")});        // the whole database
  shapes.push_back({grant(Scope::kDataset, "stores")});   // one table
  shapes.push_back({grant(Scope::kDataset, "dropped")});  // a table that is gone
  auto email_only = grant(Scope::kDataset, "stores");
  email_only.columns = {"email"};  // a column stores lacks: invisible
  shapes.push_back({email_only});
  auto email_on_orders = grant(Scope::kDataset, "orders");
  email_on_orders.columns = {"email"};
  shapes.push_back({email_on_orders, email_only});
  auto pii = grant(Scope::kCatalog, "");
  pii.attributes = {{"pii", "email"}};  // only orders has a pii.email column
  shapes.push_back({pii});
  auto not_pii = pii;
  not_pii.attributes_negated = true;
  shapes.push_back({not_pii});
  auto pii_here = grant(Scope::kDatabase, "");
  pii_here.attributes = pii.attributes;
  shapes.push_back({pii_here, grant(Scope::kDataset, "stores")});
  auto describe = grant(Scope::kDataset, "stores");
  describe.privilege = "DESCRIBE";  // any other privilege implies SHOW
  describe.columns = {"email"};
  shapes.push_back({describe});
  auto elsewhere = grant(Scope::kDatabase, "");
  elsewhere.database = "hr";
  shapes.push_back({elsewhere});
  const std::vector<std::vector<std::string>> answers = {
      {}, {"orders", "stores"}, {"stores"}, {}, {}, {"orders"}, {"orders"},
      {"orders", "stores"}, {"orders", "stores"}, {"stores"}, {}};
  ASSERT_EQ(answers.size(), shapes.size());
  for (size_t i = 0; i < shapes.size(); ++i) {
    Principal principal{"carol", {}, {"analyst"}, {}, shapes[i]};
    auto visible = access.VisibleDatasets(principal, "sales",
                                          store_->ListDatasetSummaries("sales").ValueOrDie());
    ASSERT_TRUE(visible.ok()) << visible.status().ToString();
    EXPECT_EQ(names(*visible), expected(principal)) << "grant shape " << i;
    EXPECT_EQ(names(*visible), answers[i]) << "grant shape " << i;
  }
}

// Listings under grants narrowed over a whole database read only attribute assignments
// (and column names when needed): the answer must stay CanSeeDataset's on full details.
TEST_F(AccessControllerTest, NarrowedListingsAgreeWithFullDetails) {
  ASSERT_TRUE(store_->CreateAttribute({"finance", "restricted"}, "admin", false).ok());
  const auto table = [&](const std::string& name, std::vector<std::string> columns) {
    arrow::FieldVector fields;
    for (const auto& column : columns) fields.push_back(arrow::field(column, arrow::utf8()));
    ASSERT_TRUE(store_
                    ->CreateDataset({"sales", name, "file:///z", "parquet",
                                     arrow::schema(fields), "admin", "", 1},
                                    false)
                    .ok());
  };
  table("stores", {"id"});
  table("ledger", {"id", "amount"});  // pii.email on the dataset itself: every column
  ASSERT_TRUE(store_->AddAttribute({"sales", "ledger", std::nullopt}, {"pii", "email"}).ok());
  table("audit", {"email", "amount"});  // one column each way
  ASSERT_TRUE(store_->AddAttribute({"sales", "audit", "email"}, {"pii", "email"}).ok());
  ASSERT_TRUE(store_->AddAttribute({"sales", "audit", "amount"}, {"finance", "restricted"}).ok());
  table("vault", {"secret"});  // only finance.restricted
  ASSERT_TRUE(store_->AddAttribute({"sales", "vault", "secret"}, {"finance", "restricted"}).ok());

  AccessController access(store_.get());
  const auto listed = [&](const std::vector<catalog::GrantInfo>& grants) {
    Principal principal{"carol", {}, {"analyst"}, {}, grants};
    auto visible = access.VisibleDatasets(principal, "sales",
                                          store_->ListDatasetSummaries("sales").ValueOrDie());
    EXPECT_TRUE(visible.ok()) << visible.status().ToString();
    std::vector<std::string> names, expected;
    for (const auto& summary : *visible) names.push_back(summary.name);
    for (const auto& dataset : store_->ListDatasets("sales").ValueOrDie()) {
      if (access.CanSeeDataset(principal, dataset)) expected.push_back(dataset.name);
    }
    EXPECT_EQ(names, expected);
    return names;
  };
  const auto having = [](catalog::GrantScope scope, std::vector<catalog::AttributeName> in,
                         bool negated = false, std::vector<std::string> columns = {}) {
    catalog::GrantInfo g;
    g.privilege = "SELECT";
    g.scope = scope;
    g.database = scope == catalog::GrantScope::kCatalog ? "" : "sales";
    g.attributes = std::move(in);
    g.attributes_negated = negated;
    g.columns = std::move(columns);
    return g;
  };
  using Scope = catalog::GrantScope;
  const catalog::AttributeName pii{"pii", "email"}, finance{"finance", "restricted"};
  using Names = std::vector<std::string>;
  EXPECT_EQ(listed({having(Scope::kCatalog, {pii})}), (Names{"audit", "ledger", "orders"}));
  EXPECT_EQ(listed({having(Scope::kDatabase, {finance})}), (Names{"audit", "vault"}));
  EXPECT_EQ(listed({having(Scope::kCatalog, {pii, finance})}),
            (Names{"audit", "ledger", "orders", "vault"}));
  EXPECT_EQ(listed({having(Scope::kCatalog, {pii}, true)}),
            (Names{"audit", "orders", "stores", "vault"}));
  EXPECT_EQ(listed({having(Scope::kDatabase, {pii, finance}, true)}),
            (Names{"orders", "stores"}));
  EXPECT_EQ(listed({having(Scope::kCatalog, {}, false, {"amount"})}),
            (Names{"audit", "ledger"}));
  EXPECT_EQ(listed({having(Scope::kCatalog, {pii}, false, {"amount"})}), (Names{"ledger"}));
  auto stores = having(Scope::kDataset, {});
  stores.dataset = "stores";
  auto vault_columns = having(Scope::kDataset, {}, false, {"nope"});
  vault_columns.dataset = "vault";
  EXPECT_EQ(listed({having(Scope::kDatabase, {pii}), stores, vault_columns}),
            (Names{"audit", "ledger", "orders", "stores"}));
  auto elsewhere = having(Scope::kDatabase, {pii});
  elsewhere.database = "hr";
  EXPECT_EQ(listed({elsewhere, having(Scope::kCatalog, {finance})}), (Names{"audit", "vault"}));
}

TEST_F(AccessControllerTest, UnmaskedRulesComeFirstThenById) {
  auto masked = OnOrders("analyst");
  masked.transforms = {{"pii.email", true, "mask_email", {}}};
  Grant(masked);
  auto filtered = OnOrders("eu");
  filtered.row_filter = "region = user_attribute('region')";
  Grant(filtered);
  AccessController access(store_.get());
  auto bob = access.ResolvePrincipal("bob", {"analysts"}, {{"region", {"eu"}}}).ValueOrDie();
  auto view = access.GovernedView(bob, {"sales", "orders"}).ValueOrDie();
  ASSERT_EQ(view.grants.size(), 2u);
  EXPECT_EQ(view.row_filters[0], "");
  EXPECT_EQ(view.row_filters[1], "region = 'eu'");
  EXPECT_TRUE(view.AllRows());
  const auto& email = view.columns[1];
  ASSERT_EQ(email.rules.size(), 2u);
  EXPECT_EQ(email.rules[0].grant, 1u);  // the unmasked, filtered grant first
  EXPECT_FALSE(email.rules[0].transform.has_value());
  EXPECT_EQ(email.rules[1].transform->function, "mask_email");
  EXPECT_FALSE(email.plain);
  EXPECT_TRUE(view.columns[0].plain);  // unmasked by the unfiltered grant
}

TEST_F(AccessControllerTest, RevokeAppliesToTheNextResolution) {
  auto grant = OnOrders("analyst");
  Grant(grant);
  AccessController access(store_.get());
  auto carol = access.ResolvePrincipal("carol", {"analysts"}).ValueOrDie();
  EXPECT_TRUE(access.GovernedView(carol, {"sales", "orders"}).ok());
  EXPECT_EQ(store_->RemoveGrant(grant).ValueOrDie(), 1);
  carol = access.ResolvePrincipal("carol", {"analysts"}).ValueOrDie();
  EXPECT_FALSE(access.GovernedView(carol, {"sales", "orders"}).ok());
}

TEST(SessionFunctionsTest, ReplacesFunctionsOutsideLiterals) {
  Principal alice{"alice", {"g1", "o'hara"}, {"eu"}, {{"regions", {"emea", "apac"}}}, {}};
  EXPECT_EQ(SubstituteSessionFunctions("owner = current_user()", alice), "owner = 'alice'");
  EXPECT_EQ(SubstituteSessionFunctions("owner = CURRENT_USER", alice), "owner = 'alice'");
  EXPECT_EQ(SubstituteSessionFunctions("g IN current_groups()", alice),
            "g IN ('g1', 'o''hara')");
  EXPECT_EQ(SubstituteSessionFunctions("has_role('eu') OR has_role( 'us' )", alice),
            "TRUE OR FALSE");
  EXPECT_EQ(SubstituteSessionFunctions("r IN user_attribute('regions')", alice),
            "r IN ('emea', 'apac')");
  EXPECT_EQ(SubstituteSessionFunctions("r = user_attribute('regions')", alice), "r = 'emea'");
  EXPECT_EQ(SubstituteSessionFunctions("r IN user_attribute('none')", alice), "r IN (NULL)");
  EXPECT_EQ(SubstituteSessionFunctions("r = 'current_user()' AND \"current_user\" = 1", alice),
            "r = 'current_user()' AND \"current_user\" = 1");
  EXPECT_EQ(SubstituteSessionFunctions("my_current_user = 1 -- current_user()", alice),
            "my_current_user = 1 -- current_user()");
}

}  // namespace
}  // namespace warden::policy
