#include "warden/sql/identifier.h"

#include <gtest/gtest.h>

namespace warden::sql {
namespace {

TEST(IdentifierTest, UnquotedIsLowerCasedAsciiOnly) {
  EXPECT_EQ(NormalizeIdentifier("Sales_2024$X", /*quoted=*/false), "sales_2024$x");
  EXPECT_EQ(NormalizeIdentifier("ÄRGER", /*quoted=*/false), "Ärger");
}

TEST(IdentifierTest, QuotedKeepsSpelling) {
  EXPECT_EQ(NormalizeIdentifier("My Col", /*quoted=*/true), "My Col");
  EXPECT_EQ(NormalizeIdentifier("ÄRGER", /*quoted=*/true), "ÄRGER");
}

TEST(IdentifierTest, QualifiedNameToString) {
  QualifiedName name{"db", "t"};
  EXPECT_EQ(name.ToString(), "db.t");
  EXPECT_EQ(name, (QualifiedName{"db", "t"}));
  EXPECT_NE(name, (QualifiedName{"db", "T"}));
}

}  // namespace
}  // namespace warden::sql
