#include "warden/sql/query_parser.h"

#include <gtest/gtest.h>

#include "warden/common/error.h"

namespace warden::sql {
namespace {

SelectStatement MustParse(const std::string& sql) {
  auto statement = ParseQuery(sql);
  if (!statement.ok()) {
    ADD_FAILURE() << sql << ": " << statement.status().ToString();
    return SelectStatement{};
  }
  return *std::move(statement);
}

const Expr& Where(const SelectStatement& statement) {
  static const Expr kEmpty{};
  if (statement.where == nullptr) {
    ADD_FAILURE() << "no WHERE";
    return kEmpty;
  }
  return *statement.where;
}

TEST(QueryParserTest, NamesRememberQuotingAndSpelling) {
  auto statement =
      MustParse("SELECT \"My \"\"Col\"\"\", MyCol, t.\"X\" FROM Db.\"Tab\" AS T");
  ASSERT_EQ(statement.items.size(), 3u);
  EXPECT_EQ(statement.items[0].expr->column,
            (std::vector<Identifier>{{"My \"Col\"", true}}));
  EXPECT_EQ(statement.items[1].expr->column, (std::vector<Identifier>{{"mycol", false}}));
  EXPECT_EQ(statement.items[2].expr->column,
            (std::vector<Identifier>{{"t", false}, {"X", true}}));
  EXPECT_EQ(statement.from.name, (std::vector<Identifier>{{"db", false}, {"Tab", true}}));
  EXPECT_EQ(statement.from.alias.value_or(""), "t");
}

TEST(QueryParserTest, NonAsciiNamesAreReadAtByteOffsets) {
  auto statement = MustParse("SELECT 'é', \"Ä\", Ö FROM d.t WHERE \"Ü\" = 'ß'");
  ASSERT_EQ(statement.items.size(), 3u);
  EXPECT_EQ(statement.items[1].expr->column, (std::vector<Identifier>{{"Ä", true}}));
  EXPECT_EQ(statement.items[2].expr->column, (std::vector<Identifier>{{"Ö", false}}));
  ASSERT_NE(statement.where, nullptr);
  EXPECT_EQ(statement.where->args[0]->column, (std::vector<Identifier>{{"Ü", true}}));
}

TEST(QueryParserTest, NamesAreNotTruncated) {
  const std::string name(100, 'N');
  auto statement = MustParse("SELECT " + name + " FROM d.t");
  ASSERT_EQ(statement.items.size(), 1u);
  EXPECT_EQ(statement.items[0].expr->column[0].text, std::string(100, 'n'));
}

TEST(QueryParserTest, StarsAndAliases) {
  auto statement = MustParse("SELECT *, t.*, a AS \"B\", c d FROM d.t");
  ASSERT_EQ(statement.items.size(), 4u);
  EXPECT_TRUE(statement.items[0].star);
  EXPECT_TRUE(statement.items[0].star_qualifier.empty());
  EXPECT_TRUE(statement.items[1].star);
  EXPECT_EQ(statement.items[1].star_qualifier, (std::vector<Identifier>{{"t", false}}));
  EXPECT_EQ(statement.items[2].alias.value_or(""), "B");
  EXPECT_EQ(statement.items[3].alias.value_or(""), "d");
}

TEST(QueryParserTest, Literals) {
  auto statement = MustParse(
      "SELECT * FROM d.t WHERE a IN (1, -2, 5000000000, 1.5, 1e3, 'x''y', TRUE, NULL, "
      "99999999999999999999)");
  const Expr& in = Where(statement);
  ASSERT_EQ(in.kind, ExprKind::kInList);
  ASSERT_EQ(in.args.size(), 10u);
  EXPECT_EQ(in.args[1]->literal, LiteralValue(int64_t{1}));
  EXPECT_EQ(in.args[2]->literal, LiteralValue(int64_t{-2}));
  EXPECT_EQ(in.args[3]->literal, LiteralValue(int64_t{5000000000}));
  EXPECT_EQ(in.args[4]->literal, LiteralValue(1.5));
  EXPECT_EQ(in.args[5]->literal, LiteralValue(1000.0));
  EXPECT_EQ(in.args[6]->literal, LiteralValue(std::string("x'y")));
  EXPECT_EQ(in.args[7]->literal, LiteralValue(true));
  EXPECT_EQ(in.args[8]->literal, LiteralValue(std::monostate{}));
  EXPECT_EQ(in.args[9]->literal, LiteralValue(1e20));
}

TEST(QueryParserTest, OperatorShapes) {
  auto statement = MustParse(
      "SELECT * FROM d.t WHERE NOT a <> 1 OR b NOT BETWEEN 1 AND 2 OR c NOT ILIKE 'x' "
      "OR d IS NOT NULL OR e IS NOT FALSE OR -f * 2 >= 3 OR CAST(g AS date) = h");
  const Expr& where = Where(statement);
  ASSERT_EQ(where.kind, ExprKind::kOr);
  ASSERT_EQ(where.args.size(), 7u);
  EXPECT_EQ(where.args[0]->kind, ExprKind::kNot);
  EXPECT_EQ(where.args[0]->args[0]->name, "<>");
  EXPECT_EQ(where.args[1]->kind, ExprKind::kBetween);
  EXPECT_TRUE(where.args[1]->negated);
  EXPECT_EQ(where.args[2]->kind, ExprKind::kLike);
  EXPECT_TRUE(where.args[2]->negated);
  EXPECT_TRUE(where.args[2]->case_insensitive);
  EXPECT_EQ(where.args[3]->kind, ExprKind::kIsNull);
  EXPECT_TRUE(where.args[3]->negated);
  EXPECT_EQ(where.args[4]->kind, ExprKind::kIsFalse);
  EXPECT_TRUE(where.args[4]->negated);
  const Expr& comparison = *where.args[5];
  EXPECT_EQ(comparison.name, ">=");
  EXPECT_EQ(comparison.args[0]->kind, ExprKind::kArithmetic);
  EXPECT_EQ(comparison.args[0]->args[0]->kind, ExprKind::kNegate);
  EXPECT_EQ(where.args[6]->args[0]->kind, ExprKind::kCast);
  EXPECT_EQ(where.args[6]->args[0]->name, "date");
}

TEST(QueryParserTest, LimitAllMeansNoLimit) {
  EXPECT_EQ(MustParse("SELECT * FROM d.t LIMIT ALL").limit, nullptr);
  auto statement = MustParse("SELECT * FROM d.t LIMIT 7");
  ASSERT_NE(statement.limit, nullptr);
  EXPECT_EQ(statement.limit->literal, LiteralValue(int64_t{7}));
}

TEST(QueryParserTest, ErrorsCarryCodes) {
  auto syntax = ParseQuery("SELECT FROM WHERE");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(ErrorCodeOf(syntax.status()), ErrorCode::kSqlSyntax);
  auto unsupported = ParseQuery("SELECT a FROM d.t ORDER BY a");
  ASSERT_FALSE(unsupported.ok());
  EXPECT_EQ(ErrorCodeOf(unsupported.status()), ErrorCode::kSqlUnsupported);
  EXPECT_EQ(unsupported.status().message(), "ORDER BY is not supported yet");
}

}  // namespace
}  // namespace warden::sql
