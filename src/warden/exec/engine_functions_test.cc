// Scalar expressions end to end, with PostgreSQL's answers: CASE, COALESCE/NULLIF/
// GREATEST/LEAST, string, math and date functions.
#include <arrow/api.h>
#include <gtest/gtest.h>

#include <string>

#include "warden/common/error.h"
#include "warden/exec/engine_test_harness.h"

namespace warden::exec::testing {
namespace {

// CASE

TEST_F(EngineTest, SearchedCase) {
  EXPECT_EQ(
      SortedRows("SELECT id, CASE WHEN qty > 2 THEN 'big' WHEN qty > 0 THEN 'small' "
                 "ELSE 'none' END FROM sales.orders"),
      (RowList{"1|small", "2|small", "3|big", "4|big", "5|none"}));
  // No ELSE: NULL. The first true arm wins.
  EXPECT_EQ(SortedRows("SELECT id, CASE WHEN qty > 2 THEN 'big' END FROM sales.orders"),
            (RowList{"1|NULL", "2|NULL", "3|big", "4|big", "5|NULL"}));
  EXPECT_EQ(SortedRows("SELECT id, CASE WHEN id > 0 THEN 'a' WHEN id > 1 THEN 'b' END "
                       "FROM sales.orders WHERE id < 3"),
            (RowList{"1|a", "2|a"}));
  // Arms of different numeric types meet in a common type.
  EXPECT_EQ(SortedRows("SELECT id, CASE WHEN qty > 2 THEN qty ELSE amount END "
                       "FROM sales.orders"),
            (RowList{"1|10.5", "2|20", "3|3", "4|4", "5|5"}));
  EXPECT_EQ(
      OutputSchema("SELECT CASE WHEN qty > 2 THEN qty ELSE amount END FROM sales.orders")
          ->field(0)
          ->name(),
      "case");
  EXPECT_EQ(
      Value("SELECT sum(CASE WHEN shipped THEN amount ELSE 0 END) FROM sales.orders"),
      "10.5");
  EXPECT_EQ(Value("SELECT CASE WHEN NULL THEN 1 ELSE 2 END"), "2");
  ExpectError("SELECT CASE WHEN qty THEN 1 END FROM sales.orders", ErrorCode::kSqlBind,
              "argument of CASE WHEN must be boolean");
  ExpectError("SELECT CASE WHEN true THEN 1 ELSE 'a' END", ErrorCode::kSqlBind,
              "CASE types int64 and utf8 cannot be matched");
}

TEST_F(EngineTest, SimpleCase) {
  EXPECT_EQ(SortedRows("SELECT id, CASE qty WHEN 1 THEN 'one' WHEN 2 THEN 'two' "
                       "ELSE 'many' END FROM sales.orders"),
            (RowList{"1|one", "2|two", "3|many", "4|many", "5|many"}));
  // A NULL operand equals nothing, not even a NULL arm.
  EXPECT_EQ(Value("SELECT CASE qty WHEN NULL THEN 'null' ELSE 'other' END "
                  "FROM sales.orders WHERE id = 5"),
            "other");
  EXPECT_EQ(SortedRows("SELECT id, CASE order_date WHEN '2024-01-02' THEN 'tuesday' END "
                       "FROM sales.orders WHERE id < 3"),
            (RowList{"1|NULL", "2|tuesday"}));
}

// COALESCE, NULLIF, GREATEST, LEAST

TEST_F(EngineTest, NullFunctions) {
  EXPECT_EQ(
      SortedRows("SELECT id, coalesce(note, customer, 'none'), coalesce(customer, note) "
                 "FROM sales.orders"),
      (RowList{"1|x|Alice", "2|bob|bob", "3|y|ALICE", "4|x|x", "5|50%|carol"}));
  EXPECT_EQ(SortedRows("SELECT id, coalesce(qty, amount) FROM sales.orders"),
            (RowList{"1|1", "2|2", "3|3", "4|4", "5|5"}));
  EXPECT_EQ(OutputSchema("SELECT coalesce(qty, amount) FROM sales.orders")
                ->field(0)
                ->type()
                ->ToString(),
            "double");
  EXPECT_EQ(SortedRows("SELECT id, nullif(qty, 2), nullif(note, 'x') FROM sales.orders"),
            (RowList{"1|1|NULL", "2|NULL|NULL", "3|3|y", "4|4|NULL", "5|NULL|50%"}));
  // GREATEST and LEAST ignore NULLs, as in PostgreSQL.
  EXPECT_EQ(
      SortedRows("SELECT id, greatest(qty, 2), least(qty, 2), greatest(qty, amount) "
                 "FROM sales.orders"),
      (RowList{"1|2|1|10.5", "2|2|2|20", "3|3|2|30.25", "4|4|2|4", "5|2|2|5"}));
  EXPECT_EQ(Value("SELECT greatest('b', 'a', 'c'), least('b', 'a', 'c')"), "c|a");
  EXPECT_EQ(Value("SELECT coalesce(NULL, NULL, 3), nullif(1, 1), nullif(1, NULL)"),
            "3|NULL|1");
  ExpectError("SELECT coalesce(qty, customer) FROM sales.orders", ErrorCode::kSqlBind,
              "coalesce types int32 and utf8 cannot be matched");
}

// Strings

TEST_F(EngineTest, Substrings) {
  EXPECT_EQ(
      Value("SELECT substr('hello', 2, 3), substr('hello', 3), substr('hello', 0, 3), "
            "substr('hello', -1, 3), substr('hello', 4, 100), substr('hello', 9)"),
      "ell|llo|he|h|lo|");
  EXPECT_EQ(Value("SELECT substring('héllo' from 2 for 2), substr('héllo', 2, 2)"),
            "él|él");
  EXPECT_EQ(Value("SELECT left('hello', 2), left('hello', -2), left('hello', 0), "
                  "right('hello', 2), right('hello', -2), right('hello', 0)"),
            "he|hel||lo|llo|");
  EXPECT_EQ(Value("SELECT left('héllo', 2), right('héllo', 4)"), "hé|éllo");
  EXPECT_EQ(SortedRows(
                "SELECT id, substr(customer, 2, 2) FROM sales.orders WHERE id IN (1, 4)"),
            (RowList{"1|li", "4|NULL"}));
  EXPECT_EQ(Value("SELECT substr(NULL, 1, 2), substr('abc', NULL)"), "NULL|NULL");
  ExpectError("SELECT substr('hello', 1, -1)", ErrorCode::kSqlBind,
              "negative substring length not allowed");
}

TEST_F(EngineTest, TrimAndReplace) {
  EXPECT_EQ(Value("SELECT trim('  a b  '), ltrim('xxaxx', 'x'), rtrim('xxaxx', 'x'), "
                  "btrim('xyaxy', 'xy')"),
            "a b|axx|xxa|a");
  EXPECT_EQ(Value("SELECT trim(both 'x' from 'xxaxx'), trim(leading 'x' from 'xxaxx'), "
                  "trim(trailing 'x' from 'xxaxx')"),
            "a|axx|xxa");
  EXPECT_EQ(Value("SELECT replace('abcabc', 'b', 'XY'), replace('abc', '', 'z'), "
                  "replace('aaa', 'a', '')"),
            "aXYcaXYc|abc|");
  EXPECT_EQ(SortedRows("SELECT replace(customer, 'l', 'L') FROM sales.orders"),
            (RowList{"ALICE", "ALice", "NULL", "bob", "caroL"}));
}

TEST_F(EngineTest, ConcatSkipsNullsButPipesDoNot) {
  EXPECT_EQ(Value("SELECT concat('a', NULL, 'b'), 'a' || NULL || 'b', 'x' || 1, "
                  "concat('n', 2), concat(NULL)"),
            "ab|NULL|x1|n2|");
  EXPECT_EQ(SortedRows("SELECT id, concat(customer, '-', qty), customer || '-' || qty "
                       "FROM sales.orders"),
            (RowList{"1|Alice-1|Alice-1", "2|bob-2|bob-2", "3|ALICE-3|ALICE-3",
                     "4|-4|NULL", "5|carol-|NULL"}));
}

TEST_F(EngineTest, StrposCountsCharacters) {
  EXPECT_EQ(
      Value("SELECT strpos('héllo', 'l'), strpos('héllo', 'z'), strpos('héllo', 'é'), "
            "strpos('abc', ''), position('lo' in 'héllo')"),
      "3|0|2|1|4");
  EXPECT_EQ(SortedRows("SELECT id, strpos(customer, 'l') FROM sales.orders"),
            (RowList{"1|2", "2|0", "3|0", "4|NULL", "5|5"}));
}

TEST_F(EngineTest, PaddingTruncatesLongerValues) {
  EXPECT_EQ(Value("SELECT lpad('abc', 5, '*'), rpad('abc', 5, '*'), lpad('abc', 5)"),
            "**abc|abc**|  abc");
  EXPECT_EQ(Value("SELECT lpad('abcdef', 3), rpad('abcdef', 2), lpad('abc', 0), "
                  "lpad('abc', -1)"),
            "abc|ab||");
  EXPECT_EQ(Value("SELECT lpad('héllo', 7, 'é'), lpad('héllo', 2), rpad('é', 3, 'ü')"),
            "ééhéllo|hé|éüü");
  // A longer fill cycles, as in PostgreSQL.
  EXPECT_EQ(Value("SELECT lpad('ab', 7, 'xy'), rpad('é', 4, 'éü')"), "xyxyxab|ééüé");
  EXPECT_EQ(Value("SELECT split_part('a.b.c', '.', -1), split_part('a.b.c', '.', 4), "
                  "split_part('', '.', 1), split_part('a.b.c', '.', 2)"),
            "c|||b");
  EXPECT_EQ(Value("SELECT lpad('abc', 5, '')"), "abc");
}

TEST_F(EngineTest, OtherStringFunctions) {
  EXPECT_EQ(
      Value("SELECT upper('héllo'), lower('ÀB'), initcap('hello wORLD'), "
            "length('héllo'), char_length('ab'), octet_length('héllo'), reverse('abc')"),
      "HÉLLO|àb|Hello World|5|2|6|cba");
  EXPECT_EQ(SortedRows("SELECT id FROM sales.orders WHERE starts_with(customer, 'A')"),
            (RowList{"1", "3"}));
  ExpectError("SELECT upper(qty) FROM sales.orders", ErrorCode::kSqlBind,
              "function upper(int32) does not exist");
  ExpectError("SELECT substr(customer, qty) FROM sales.orders",
              ErrorCode::kSqlUnsupported,
              "substr() needs a constant integer argument here");
}

// Math

TEST_F(EngineTest, RoundHalvesAwayFromZero) {
  EXPECT_EQ(Value("SELECT round(2.5), round(-2.5), round(0.5), round(-0.5), round(1.4)"),
            "3|-3|1|-1|1");
  // Halves exactly representable in binary, so that only the rounding rule decides.
  EXPECT_EQ(Value("SELECT round(2.375, 2), round(-2.25, 1), round(1250.0, -2), "
                  "round(15, -1), round(7)"),
            "2.38|-2.3|1300|20|7");
  EXPECT_EQ(SortedRows("SELECT id, round(amount) FROM sales.orders"),
            (RowList{"1|11", "2|20", "3|30", "4|NULL", "5|5"}));
}

TEST_F(EngineTest, IntegerDivisionAndModulo) {
  // Integer division truncates toward zero; the remainder takes the dividend's sign.
  EXPECT_EQ(Value("SELECT 7 / 2, -7 / 2, 7 / -2, 7.0 / 2"), "3|-3|-3|3.5");
  EXPECT_EQ(
      Value("SELECT mod(-7, 3), -7 % 3, mod(7, -3), 7 % 3, mod(-7.5, 2), mod(7.5, 2)"),
      "-1|-1|1|1|-1.5|1.5");
  EXPECT_EQ(SortedRows("SELECT id, qty / 2, -qty / 2, qty % 3 FROM sales.orders"),
            (RowList{"1|0|0|1", "2|1|-1|2", "3|1|-1|0", "4|2|-2|1", "5|NULL|NULL|NULL"}));
  ExpectError("SELECT mod(qty, 0) FROM sales.orders", ErrorCode::kQueryFailed,
              "divide by zero");
  ExpectError("SELECT qty / 0 FROM sales.orders", ErrorCode::kQueryFailed,
              "divide by zero");
}

TEST_F(EngineTest, ArithmeticRunsInTheTypeThePlanDeclares) {
  // Integer literals are int64, so int32 and int16 columns meet them in int64.
  EXPECT_EQ(Value("SELECT 2147483647 + qty, qty * 2147483647, CAST(qty AS smallint) * 20000, "
                  "mod(qty, 3) + 2147483647 FROM sales.orders WHERE id = 2"),
            "2147483649|4294967294|40000|2147483649");
  // The declared int64 is what a UNION and an aggregate above see.
  EXPECT_EQ(SortedRows("SELECT qty + 1 FROM sales.orders WHERE id < 3 UNION ALL "
                       "SELECT id FROM sales.orders WHERE id > 3"),
            (RowList{"2", "3", "4", "5"}));
  EXPECT_EQ(SortedRows("SELECT max(qty % 3) FROM sales.orders UNION ALL "
                       "SELECT id FROM sales.orders WHERE id = 5"),
            (RowList{"2", "5"}));
  EXPECT_EQ(Value("SELECT qty + 1.5, amount + 1, amount * qty FROM sales.orders WHERE id = 1"),
            "2.5|11.5|10.5");
}

TEST_F(EngineTest, OtherMathFunctions) {
  EXPECT_EQ(
      Value("SELECT abs(-5), abs(-2.5), ceil(-1.5), floor(-1.5), ceil(2), "
            "trunc(-1.7), sign(-3), sqrt(16), power(2, 10), exp(0), ln(1), log(100)"),
      "5|2.5|-1|-2|2|-1|-1|4|1024|1|0|2");
  ExpectError("SELECT sqrt(-1.0)", ErrorCode::kQueryFailed, "");
  ExpectError("SELECT 9223372036854775807 + id FROM sales.orders",
              ErrorCode::kQueryFailed, "overflow");
  ExpectError("SELECT ln(0.0)", ErrorCode::kQueryFailed, "");
}

// Dates and times (2024-01-01 is a Monday)

TEST_F(EngineTest, ExtractAndDatePart) {
  EXPECT_EQ(SortedRows("SELECT id, extract(year from order_date), extract(month from "
                       "order_date), extract(day from order_date), date_part('doy', "
                       "order_date), extract(quarter from order_date) FROM sales.orders"),
            (RowList{"1|2024|1|1|1|1", "2|2024|1|2|2|1", "3|2024|1|3|3|1",
                     "4|NULL|NULL|NULL|NULL|NULL", "5|2024|1|8|8|1"}));
  // dow counts Sunday as 0, isodow Sunday as 7; 2024-01-07 is a Sunday.
  EXPECT_EQ(
      Value(
          "SELECT extract(dow from DATE '2024-01-07'), "
          "extract(isodow from DATE '2024-01-07'), extract(dow from DATE '2024-01-01'), "
          "extract(isodow from DATE '2024-01-01'), extract(week from DATE '2024-01-07')"),
      "0|7|1|1|1");
  EXPECT_EQ(SortedRows("SELECT id, extract(hour from created_at), extract(minute from "
                       "created_at), extract(second from created_at), extract(epoch from "
                       "created_at) FROM sales.orders WHERE id IN (1, 5)"),
            (RowList{"1|9|0|0|1704099600", "5|23|59|59|1704499199"}));
  EXPECT_EQ(Value("SELECT date_part('YEAR', created_utc) FROM sales.orders WHERE id = 1"),
            "2024");
  ExpectError("SELECT extract(century from order_date) FROM sales.orders",
              ErrorCode::kSqlUnsupported, "the date part \"century\"");
}

TEST_F(EngineTest, DateTrunc) {
  EXPECT_EQ(SortedRows("SELECT id, date_trunc('month', order_date), date_trunc('week', "
                       "created_at), date_trunc('hour', created_at) FROM sales.orders "
                       "WHERE id IN (1, 5)"),
            (RowList{"1|2024-01-01 00:00:00.000000|2024-01-01 00:00:00.000000|"
                     "2024-01-01 09:00:00.000000",
                     "5|2024-01-01 00:00:00.000000|2024-01-01 00:00:00.000000|"
                     "2024-01-05 23:00:00.000000"}));
  EXPECT_EQ(Value("SELECT date_trunc('year', created_at), date_trunc('day', created_utc) "
                  "FROM sales.orders WHERE id = 5"),
            "2024-01-01 00:00:00.000000|2024-01-05 00:00:00.000000Z");
  EXPECT_EQ(SortedRows("SELECT date_trunc('day', created_at), count(*) FROM sales.orders "
                       "GROUP BY 1"),
            (RowList{"2024-01-01 00:00:00.000000|2", "2024-01-02 00:00:00.000000|1",
                     "2024-01-05 00:00:00.000000|1", "NULL|1"}));
  ExpectError("SELECT date_trunc('fortnight', created_at) FROM sales.orders",
              ErrorCode::kSqlUnsupported, "date_trunc to \"fortnight\"");
}

}  // namespace
}  // namespace warden::exec::testing
