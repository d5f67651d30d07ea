#include "warden/rest/gateway.h"

#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace warden::rest {
namespace {

// The OpenAPI document and the route table are two views of one API: neither may name a
// route the other lacks.
TEST(GatewayTest, OpenApiDocumentDescribesExactlyTheRoutes) {
  const auto document = nlohmann::json::parse(Gateway::OpenApiDocument());
  ASSERT_EQ(document["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(c));
      documented.insert({upper, path});
      // Public routes say so; every other one needs the bearer token or the session.
      const bool is_public = operation.contains("security") && operation["security"].empty();
      bool found = false;
      for (const auto& route : Gateway::Routes()) {
        if (route.method == upper && route.path == path) {
          found = true;
          EXPECT_EQ(route.authenticated, !is_public) << upper << " " << path;
        }
      }
      EXPECT_TRUE(found) << "documented but not served: " << upper << " " << path;
    }
  }
  for (const auto& route : Gateway::Routes()) {
    EXPECT_TRUE(documented.count({route.method, route.path}))
        << "served but not documented: " << route.method << " " << route.path;
  }
}

TEST(GatewayTest, EveryDocumentedErrorUsesTheErrorSchema) {
  const auto document = nlohmann::json::parse(Gateway::OpenApiDocument());
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      for (const auto& [status, response] : operation["responses"].items()) {
        if (status[0] == '4' || status[0] == '5') {
          EXPECT_EQ(response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/Error")
              << method << " " << path << " " << status;
        }
      }
    }
  }
}

}  // namespace
}  // namespace warden::rest
