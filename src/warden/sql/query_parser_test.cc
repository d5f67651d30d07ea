#include "warden/sql/query_parser.h"

#include <gtest/gtest.h>

#include "warden/common/error.h"

namespace warden::sql {
namespace {

/// The SELECT of a parsed query (a fresh empty one after a reported failure).
SelectCore MustParse(const std::string& sql) {
  auto query = ParseQuery(sql);
  if (!query.ok()) {
    ADD_FAILURE() << sql << ": " << query.status().ToString();
    return SelectCore{};
  }
  return std::move((*query)->select);
}

QueryPtr MustParseQuery(const std::string& sql) {
  auto query = ParseQuery(sql);
  if (!query.ok()) {
    ADD_FAILURE() << sql << ": " << query.status().ToString();
    return std::make_unique<Query>();
  }
  return *std::move(query);
}

const Expr& Where(const SelectCore& statement) {
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
  ASSERT_EQ(statement.from.size(), 1u);
  EXPECT_EQ(statement.from[0].name, (std::vector<Identifier>{{"db", false}, {"Tab", true}}));
  EXPECT_EQ(statement.from[0].alias.value_or(""), "t");
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
  EXPECT_EQ(MustParseQuery("SELECT * FROM d.t LIMIT ALL")->limit, nullptr);
  QueryPtr statement = MustParseQuery("SELECT * FROM d.t LIMIT 7");
  ASSERT_NE(statement->limit, nullptr);
  EXPECT_EQ(statement->limit->literal, LiteralValue(int64_t{7}));
}

TEST(QueryParserTest, JoinsSubqueriesAndCtes) {
  auto query = MustParseQuery(
      "WITH a AS (SELECT x FROM d.t), b(y) AS (SELECT 1) "
      "SELECT * FROM a JOIN d.u ON a.x = u.x LEFT JOIN (SELECT 2) s(z) USING (z), d.v");
  ASSERT_EQ(query->with.size(), 2u);
  EXPECT_EQ(query->with[1].column_aliases, (std::vector<std::string>{"y"}));
  const auto& from = query->select.from;
  ASSERT_EQ(from.size(), 2u);
  ASSERT_EQ(from[0].kind, FromItem::Kind::kJoin);
  EXPECT_EQ(from[0].join_type, JoinType::kLeft);
  EXPECT_EQ(from[0].using_columns, (std::vector<std::string>{"z"}));
  EXPECT_EQ(from[0].right->kind, FromItem::Kind::kSubquery);
  EXPECT_EQ(from[0].right->column_aliases, (std::vector<std::string>{"z"}));
  EXPECT_EQ(from[0].left->kind, FromItem::Kind::kJoin);
  EXPECT_NE(from[0].left->on, nullptr);
}

TEST(QueryParserTest, GroupOrderAndUnion) {
  auto query = MustParseQuery(
      "SELECT DISTINCT a, count(*), count(DISTINCT b) FROM d.t GROUP BY a HAVING sum(c) > 1 "
      "UNION ALL SELECT 1, 2, 3 ORDER BY 1 DESC NULLS LAST LIMIT 5 OFFSET 2");
  ASSERT_EQ(query->kind, Query::Kind::kUnion);
  EXPECT_TRUE(query->union_all);
  const auto& left = query->left->select;
  EXPECT_TRUE(left.distinct);
  EXPECT_EQ(left.items[1].expr->args[0]->kind, ExprKind::kStar);
  EXPECT_TRUE(left.items[2].expr->distinct);
  EXPECT_EQ(left.group_by.size(), 1u);
  EXPECT_NE(left.having, nullptr);
  ASSERT_EQ(query->order_by.size(), 1u);
  EXPECT_TRUE(query->order_by[0].descending);
  EXPECT_EQ(query->order_by[0].nulls_first, std::optional<bool>(false));
  EXPECT_NE(query->limit, nullptr);
  EXPECT_NE(query->offset, nullptr);
}

TEST(QueryParserTest, CaseShapes) {
  auto statement = MustParse("SELECT CASE a WHEN 1 THEN 'x' ELSE 'y' END, "
                             "CASE WHEN b THEN 1 END FROM d.t");
  const Expr& simple = *statement.items[0].expr;
  EXPECT_EQ(simple.kind, ExprKind::kCase);
  EXPECT_TRUE(simple.has_operand);
  EXPECT_TRUE(simple.has_else);
  EXPECT_EQ(simple.args.size(), 4u);
  const Expr& searched = *statement.items[1].expr;
  EXPECT_FALSE(searched.has_operand);
  EXPECT_FALSE(searched.has_else);
  EXPECT_EQ(searched.args.size(), 2u);
}

TEST(QueryParserTest, ErrorsCarryCodes) {
  auto syntax = ParseQuery("SELECT FROM WHERE");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(ErrorCodeOf(syntax.status()), ErrorCode::kSqlSyntax);
  for (const auto& [sql, construct] : std::vector<std::pair<std::string, std::string>>{
           {"SELECT a FROM d.t INTERSECT SELECT a FROM d.t", "INTERSECT"},
           {"SELECT a FROM d.t EXCEPT SELECT a FROM d.t", "EXCEPT"},
           {"SELECT row_number() OVER () FROM d.t", "a window function"},
           {"WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", "WITH RECURSIVE"},
           {"SELECT * FROM d.t, LATERAL (SELECT 1) s", "LATERAL"},
           {"SELECT (SELECT 1) FROM d.t", "a subquery"}}) {
    auto unsupported = ParseQuery(sql);
    ASSERT_FALSE(unsupported.ok()) << sql;
    EXPECT_EQ(ErrorCodeOf(unsupported.status()), ErrorCode::kSqlUnsupported) << sql;
    EXPECT_NE(unsupported.status().message().find(construct), std::string::npos)
        << unsupported.status().message();
  }
}

}  // namespace
}  // namespace warden::sql
