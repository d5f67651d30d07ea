#include "warden/rest/grant_statement.h"

#include <gtest/gtest.h>

#include "warden/common/error.h"

namespace warden::rest {
namespace {

TEST(GrantStatementTest, BuildsAGrantWithFilterAndTransform) {
  const auto grant = nlohmann::json::parse(R"json({
    "privilege": "select", "columns": ["id", "ccn"], "scope": "table",
    "object": "sales.customers", "where": "country = 'US'",
    "transforms": [{"target": "ccn", "function": "mask_ccn()"},
                   {"target": "pii.email", "function": "mask_email()"}],
    "role": "analyst"})json");
  auto sql = GrantStatement(grant, false);
  ASSERT_TRUE(sql.ok()) << sql.status();
  EXPECT_EQ(*sql,
            "GRANT SELECT (\"id\", \"ccn\") ON TABLE \"sales\".\"customers\" WHERE "
            "country = 'US' TRANSFORM \"ccn\" WITH mask_ccn() TRANSFORM pii.email WITH "
            "mask_email() TO ROLE \"analyst\"");
}

TEST(GrantStatementTest, RevokeDropsFilterAndTransforms) {
  const auto grant = nlohmann::json::parse(
      R"json({"privilege":"ALL","scope":"database","object":"sales","where":"x = 1","role":"r"})json");
  EXPECT_EQ(*GrantStatement(grant, true), "REVOKE ALL ON DATABASE \"sales\" FROM ROLE \"r\"");
}

TEST(GrantStatementTest, QuotesNamesSoTheyCannotEndTheStatement) {
  const auto grant = nlohmann::json::parse(
      R"json({"privilege":"SELECT","scope":"catalog","role":"r\" TO ROLE warden_admin --"})json");
  EXPECT_EQ(*GrantStatement(grant, false),
            "GRANT SELECT ON CATALOG TO ROLE \"r\"\" TO ROLE warden_admin --\"");
}

TEST(GrantStatementTest, RefusesMalformedResources) {
  for (const char* text : {
           R"json([])json",
           R"json({"privilege":"READ","scope":"catalog","role":"r"})json",
           R"json({"privilege":"SELECT","scope":"galaxy","role":"r"})json",
           R"json({"privilege":"SELECT","scope":"catalog"})json",
           R"json({"privilege":"SELECT","scope":"table","object":"a..b","role":"r"})json",
           R"json({"privilege":"SELECT","scope":"catalog","having_attributes":["x"],"role":"r"})json",
           R"json({"privilege":"SELECT","scope":"catalog","role":"r",
               "transforms":[{"target":"c","function":"mask; DROP"}]})json",
           R"json({"sql":"DROP DATABASE sales"})json",
       }) {
    auto sql = GrantStatement(nlohmann::json::parse(text), false);
    ASSERT_FALSE(sql.ok()) << text;
    EXPECT_EQ(ErrorCodeOf(sql.status()), ErrorCode::kInvalidArgument) << text;
  }
}

}  // namespace
}  // namespace warden::rest
