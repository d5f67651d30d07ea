#include "warden/catalog/postgres_connection.h"

#include <gtest/gtest.h>

namespace warden::catalog {
namespace {

TEST(NumberPlaceholdersTest, NumbersOnlyPlaceholdersOutsideQuotes) {
  EXPECT_EQ(NumberPlaceholders("SELECT ? , ?"), "SELECT $1 , $2");
  EXPECT_EQ(NumberPlaceholders("SELECT '?', \"?\" WHERE a = ?"),
            "SELECT '?', \"?\" WHERE a = $1");
  EXPECT_EQ(NumberPlaceholders("SELECT 'it''s ?' || ?"), "SELECT 'it''s ?' || $1");
}

}  // namespace
}  // namespace warden::catalog
