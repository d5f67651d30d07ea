// The policy-facing API: validation errors, result types and serialization of every
// expression, tokenize's key handling and join-ability, and execution through Acero.

#include "warden/exec/transforms.h"

#include <arrow/acero/exec_plan.h>
#include <arrow/acero/options.h>
#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "warden/common/compute_init.h"
#include "warden/common/error.h"
#include "warden/exec/code_points_internal.h"
#include "warden/exec/transforms_test_support.h"

namespace warden::exec {
namespace {

namespace cp = arrow::compute;
using testing::ApplyTransform;
using testing::ArrayFromJson;
using testing::ExpectTransform;
using testing::Transformed;

TEST(RegisterTransformFunctionsTest, IsIdempotentAcrossThreads) {
  std::vector<std::thread> threads;
  std::vector<arrow::Status> statuses(4);
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&statuses, i] { statuses[i] = RegisterTransformFunctions(); });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& status : statuses) EXPECT_TRUE(status.ok()) << status.ToString();
  ASSERT_TRUE(InitializeArrowCompute().ok());
  for (const char* name :
       {kNullFunction, kZeroFunction, kRedactFunction, kMaskFunction, kMaskRangeFunction,
        kMaskLastFunction, kMaskCcnFunction, kMaskEmailFunction, kSha2Function,
        kTokenizeFunction, kGeneralizeFunction, kPhiAgeFunction}) {
    EXPECT_TRUE(cp::GetFunctionRegistry()->GetFunction(name).ok()) << name;
  }
}

struct InvalidCase {
  std::string name;
  std::vector<TransformArg> args;
  std::shared_ptr<arrow::DataType> type;
  std::string message;  // a part of the expected error message
};

TEST(ValidateTransformTest, RejectsWithAClearPolicyError) {
  const auto utf8 = arrow::utf8();
  const std::vector<InvalidCase> cases = {
      {"foo",
       {},
       utf8,
       "unknown transform 'foo'; the built-in transforms are null, zero"},
      {"null", {1}, utf8, "null(1): wrong number of arguments; use null()"},
      {"zero", {}, arrow::list(utf8), "zero() does not apply to a column of type list"},
      {"redact",
       {},
       arrow::struct_({}),
       "redact() does not apply to a column of type struct"},
      {"mask",
       {},
       arrow::int64(),
       "mask() does not apply to a column of type int64; it "
       "applies to string columns"},
      {"mask", {1}, utf8, "mask(1): wrong number of arguments; use mask() or mask(start"},
      {"mask", {0, 2}, utf8, "mask(0, 2): start must be an integer >= 1, got 0"},
      {"mask", {1, -1}, utf8, "length must be an integer >= 0, got -1"},
      {"mask", {"a", 2}, utf8, "start must be an integer >= 1, got 'a'"},
      {"mask", {1.5, 2}, utf8, "start must be an integer >= 1, got 1.5"},
      {"mask",
       {},
       arrow::dictionary(arrow::int32(), utf8),
       "does not apply to a column of "
       "type dictionary"},
      {"mask_last", {}, utf8, "mask_last(): wrong number of arguments; use mask_last(n)"},
      {"mask_last", {-1}, utf8, "n must be an integer >= 0"},
      {"mask_last",
       {2},
       arrow::large_binary(),
       "does not apply to a column of type "
       "large_binary"},
      {"mask_ccn", {}, arrow::int64(), "mask_ccn() does not apply"},
      {"mask_ccn", {4}, utf8, "mask_ccn(4): wrong number of arguments"},
      {"mask_email", {}, arrow::binary(), "mask_email() does not apply"},
      {"sha2",
       {},
       arrow::int64(),
       "sha2() does not apply to a column of type int64; it "
       "applies to string and binary columns"},
      {"sha2", {512}, utf8, "sha2(512): only SHA-256 is supported"},
      {"tokenize",
       {},
       arrow::float64(),
       "tokenize() does not apply to a column of type double"},
      {"tokenize", {}, arrow::decimal128(10, 2), "tokenize() does not apply"},
      {"tokenize", {"k"}, utf8, "tokenize('k'): wrong number of arguments"},
      {"round_date", {"day"}, utf8, "round_date('day') does not apply"},
      {"round_date",
       {"week"},
       arrow::date32(),
       "unit must be one of 'year', 'month', 'day', "
       "'hour', 'minute', got 'week'"},
      {"round_date", {1}, arrow::date32(), "unit must be one of"},
      {"round_date",
       {},
       arrow::date32(),
       "wrong number of arguments; use round_date(unit)"},
      {"round_date", {"hour"}, arrow::time32(arrow::TimeUnit::SECOND), "does not apply"},
      {"generalize", {10}, utf8, "generalize(10) does not apply"},
      {"generalize", {0}, arrow::int32(), "n must be an integer >= 1, got 0"},
      {"generalize", {2.5}, arrow::int32(), "n must be an integer >= 1, got 2.5"},
      {"generalize", {-1.0}, arrow::float64(), "n must be a positive number, got -1"},
      {"generalize", {300}, arrow::int8(), "n does not fit column type int8"},
      {"generalize", {70000}, arrow::uint16(), "n does not fit column type uint16"},
      {"generalize",
       {1000},
       arrow::decimal128(5, 2),
       "n does not fit column type decimal128(5, 2)"},
      {"phi_age", {}, utf8, "phi_age() does not apply"},
      {"phi_age", {}, arrow::decimal128(3, 0), "phi_age() does not apply"},
  };
  for (const InvalidCase& test : cases) {
    SCOPED_TRACE(TransformToString(test.name, test.args) + " on " +
                 test.type->ToString());
    const arrow::Status status = ValidateTransform(test.name, test.args, *test.type);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kPolicyInvalidTransform);
    EXPECT_NE(status.message().find(test.message), std::string::npos) << status.message();
    EXPECT_EQ(FormatError(status).rfind("WARDEN-POLICY-INVALID-TRANSFORM: ", 0), 0u);
    // The expression builder validates the same way.
    auto expression =
        MakeTransformExpression(test.name, test.args, cp::field_ref("c"), *test.type);
    EXPECT_FALSE(expression.ok());
  }
}

TEST(ValidateTransformTest, AcceptsNamesInAnyCase) {
  EXPECT_TRUE(ValidateTransform("Mask_Last", {4}, *arrow::utf8()).ok());
  EXPECT_TRUE(ValidateTransform("ROUND_DATE", {"Month"}, *arrow::date32()).ok());
}

// Every transform on every type it accepts: the expression keeps the column type,
// survives Serialize/Deserialize unchanged, and runs on nulls without failing.
TEST(MakeTransformExpressionTest, KeepsTheTypeAndRoundTripsForEveryAcceptedType) {
  SetTokenizeKey("type-matrix-key");
  const std::vector<std::shared_ptr<arrow::DataType>> types = {
      arrow::boolean(),
      arrow::int8(),
      arrow::int16(),
      arrow::int32(),
      arrow::int64(),
      arrow::uint8(),
      arrow::uint16(),
      arrow::uint32(),
      arrow::uint64(),
      arrow::float16(),
      arrow::float32(),
      arrow::float64(),
      arrow::decimal32(7, 2),
      arrow::decimal64(12, 2),
      arrow::decimal128(20, 4),
      arrow::decimal256(40, 4),
      arrow::utf8(),
      arrow::large_utf8(),
      arrow::binary(),
      arrow::large_binary(),
      arrow::date32(),
      arrow::date64(),
      arrow::timestamp(arrow::TimeUnit::SECOND),
      arrow::timestamp(arrow::TimeUnit::NANO, "UTC"),
      arrow::timestamp(arrow::TimeUnit::MICRO, "Asia/Kolkata"),
      arrow::time32(arrow::TimeUnit::MILLI),
      arrow::time64(arrow::TimeUnit::NANO),
      arrow::duration(arrow::TimeUnit::SECOND),
      arrow::list(arrow::int32())};
  const std::vector<std::pair<std::string, std::vector<TransformArg>>> transforms = {
      {"null", {}},
      {"zero", {}},
      {"redact", {}},
      {"mask", {}},
      {"mask", {2, 3}},
      {"mask_last", {4}},
      {"mask_ccn", {}},
      {"mask_email", {}},
      {"sha2", {}},
      {"tokenize", {}},
      {"round_date", {"year"}},
      {"round_date", {"minute"}},
      {"generalize", {5}},
      {"phi_age", {}}};
  std::set<std::string> used;
  for (const auto& [name, args] : transforms) {
    for (const auto& type : types) {
      if (!ValidateTransform(name, args, *type).ok()) continue;
      SCOPED_TRACE(TransformToString(name, args) + " on " + type->ToString());
      used.insert(name);
      auto nulls = arrow::MakeArrayOfNull(type, 3).ValueOrDie();
      auto result = ApplyTransform(name, args, nulls);
      ASSERT_TRUE(result.ok()) << result.status().ToString();
      EXPECT_TRUE((*result)->type()->Equals(*type));
    }
  }
  EXPECT_EQ(used.size(), TransformNames().size());
  SetTokenizeKey("");
}

TEST(MakeTransformExpressionTest, CallsNamedFunctionsWithLiteralOptions) {
  auto expression =
      MakeTransformExpression("mask", {1, 5}, cp::field_ref("ssn"), *arrow::utf8());
  ASSERT_TRUE(expression.ok());
  EXPECT_EQ(expression->ToString(), "warden_mask_range(ssn, 1, 5)");
  expression = MakeTransformExpression("round_date", {"hour"}, cp::field_ref("at"),
                                       *arrow::timestamp(arrow::TimeUnit::SECOND, "UTC"));
  ASSERT_TRUE(expression.ok());
  EXPECT_NE(
      expression->ToString().find("assume_timezone(floor_temporal(local_timestamp(at)"),
      std::string::npos)
      << expression->ToString();
}

// Calls that bypass MakeTransformExpression (a planner bug) fail cleanly in the kernel.
TEST(TransformKernelsTest, RejectBadOptionsAtRunTime) {
  ASSERT_TRUE(InitializeArrowCompute().ok());
  auto schema = arrow::schema(
      {arrow::field("c", arrow::utf8()), arrow::field("n", arrow::int64())});
  auto batch = arrow::RecordBatch::Make(schema, 2,
                                        {ArrayFromJson(arrow::utf8(), R"(["ab", "cd"])"),
                                         ArrayFromJson(arrow::int64(), "[1, 2]")});
  const std::vector<cp::Expression> calls = {
      cp::call(kMaskLastFunction, {cp::field_ref("c"), cp::literal(int64_t{-1})}),
      cp::call(kMaskRangeFunction,
               {cp::field_ref("c"), cp::literal(int64_t{0}), cp::literal(int64_t{1})}),
      cp::call(kMaskLastFunction, {cp::field_ref("c"), cp::field_ref("n")}),
      cp::call(kMaskLastFunction,
               {cp::field_ref("c"), cp::literal(arrow::MakeNullScalar(arrow::int64()))}),
      cp::call(kGeneralizeFunction, {cp::field_ref("n"), cp::literal(int64_t{0})})};
  for (const cp::Expression& call : calls) {
    SCOPED_TRACE(call.ToString());
    auto bound = call.Bind(*schema);
    ASSERT_TRUE(bound.ok()) << bound.status().ToString();
    auto result = cp::ExecuteScalarExpression(*bound, cp::ExecBatch(*batch));
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.status().IsInvalid()) << result.status().ToString();
  }
}

TEST(TransformArgTest, PrintsAndConvertsLiterals) {
  EXPECT_EQ(TransformToString("mask", {1, 4}), "mask(1, 4)");
  EXPECT_EQ(TransformToString("round_date", {"it's"}), "round_date('it''s')");
  EXPECT_EQ(TransformToString("generalize", {0.25}), "generalize(0.25)");
  EXPECT_EQ(*TransformArgFromScalar(arrow::Int32Scalar(7)), TransformArg(7));
  EXPECT_EQ(*TransformArgFromScalar(arrow::DoubleScalar(0.5)), TransformArg(0.5));
  EXPECT_EQ(*TransformArgFromScalar(arrow::StringScalar("day")), TransformArg("day"));
  for (const auto& scalar : std::vector<std::shared_ptr<arrow::Scalar>>{
           std::make_shared<arrow::BooleanScalar>(true),
           arrow::MakeNullScalar(arrow::int64()),
           std::make_shared<arrow::UInt64Scalar>(std::numeric_limits<uint64_t>::max())}) {
    auto arg = TransformArgFromScalar(*scalar);
    ASSERT_FALSE(arg.ok());
    EXPECT_EQ(ErrorCodeOf(arg.status()), ErrorCode::kPolicyInvalidTransform);
  }
}

class TokenizeTest : public ::testing::Test {
 protected:
  void SetUp() override { SetTokenizeKey("first key"); }
  void TearDown() override { SetTokenizeKey(""); }

  static std::vector<std::string> Strings(const std::shared_ptr<arrow::Array>& array) {
    std::vector<std::string> values;
    auto strings = std::static_pointer_cast<arrow::StringArray>(array);
    for (int64_t i = 0; i < strings->length(); ++i) {
      values.push_back(strings->IsNull(i) ? "<null>" : std::string(strings->GetView(i)));
    }
    return values;
  }

  static std::vector<std::string> Tokens(const std::string& json) {
    auto result = Transformed("tokenize", {}, ArrayFromJson(arrow::utf8(), json));
    return result ? Strings(result) : std::vector<std::string>{};
  }

  // The class of every code point (what the token must preserve).
  static std::string Shape(std::string_view text) {
    std::string shape;
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const uint8_t* end = p + text.size();
    while (p < end) {
      const auto code_point = internal::DecodeCodePoint(p, end);
      switch (internal::ClassifyCodePoint(code_point.value)) {
        case internal::CharClass::kUpper:
          shape += 'A';
          break;
        case internal::CharClass::kLower:
          shape += 'a';
          break;
        case internal::CharClass::kDigit:
          shape += '9';
          break;
        case internal::CharClass::kOther:
          shape.append(reinterpret_cast<const char*>(p), code_point.size);
          break;
      }
      p += code_point.size;
    }
    return shape;
  }
};

TEST_F(TokenizeTest, IsDeterministicSoEqualValuesGetEqualTokens) {
  const auto first = Tokens(R"(["123-45-6789", "John Smith", "123-45-6789", null, ""])");
  ASSERT_EQ(first.size(), 5u);
  EXPECT_EQ(first[0], first[2]);
  EXPECT_NE(first[0], "123-45-6789");
  EXPECT_EQ(first[3], "<null>");
  EXPECT_EQ(first[4], "");
  // Another array, another position, same value: same token.
  EXPECT_EQ(Tokens(R"(["x", "John Smith"])")[1], first[1]);
}

TEST_F(TokenizeTest, KeepsLengthAndCharacterClasses) {
  const std::vector<std::string> inputs = {"123-45-6789", "John Smith", "Zoë 😀 Ωmega",
                                           "user.name+tag@example.org", "٣٤٥-Ab"};
  std::string json = "[";
  for (const auto& input : inputs)
    json += (json.size() > 1 ? ", \"" : "\"") + input + "\"";
  const auto tokens = Tokens(json + "]");
  ASSERT_EQ(tokens.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    SCOPED_TRACE(inputs[i] + " -> " + tokens[i]);
    const std::string shape = Shape(inputs[i]);
    // Non-ASCII letters and digits become ASCII ones of the same class.
    EXPECT_EQ(Shape(tokens[i]), shape);
    EXPECT_NE(tokens[i], inputs[i]);
  }
}

TEST_F(TokenizeTest, LongValuesGetFreshPseudoRandomCharacters) {
  const std::string letters(200, 'a');
  const auto token = Tokens("[\"" + letters + "\"]");
  ASSERT_EQ(token.size(), 1u);
  ASSERT_EQ(token[0].size(), 200u);
  // Past the first 32 characters the stream is extended, not repeated.
  EXPECT_NE(token[0].substr(0, 32), token[0].substr(32, 32));
  EXPECT_NE(token[0].substr(32, 32), token[0].substr(64, 32));
  EXPECT_EQ(Shape(token[0]), letters);
}

TEST_F(TokenizeTest, DependsOnTheKey) {
  const auto with_first = Tokens(R"(["123-45-6789", "Alice"])");
  SetTokenizeKey("second key");
  const auto with_second = Tokens(R"(["123-45-6789", "Alice"])");
  EXPECT_NE(with_first[0], with_second[0]);
  EXPECT_NE(with_first[1], with_second[1]);
  SetTokenizeKey("first key");
  EXPECT_EQ(Tokens(R"(["123-45-6789", "Alice"])"), with_first);
}

TEST_F(TokenizeTest, FailsClearlyWithoutAKey) {
  SetTokenizeKey("");
  EXPECT_TRUE(ValidateTransform("tokenize", {}, *arrow::utf8()).ok());  // a GRANT is fine
  auto result = ApplyTransform("tokenize", {}, ArrayFromJson(arrow::utf8(), R"(["a"])"));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("tokenize() needs a secret key"),
            std::string::npos)
      << result.status().ToString();
  EXPECT_FALSE(ApplyTransform("tokenize", {}, ArrayFromJson(arrow::int64(), "[1]")).ok());
}

TEST_F(TokenizeTest, IntegerTokensKeepTypeAndSign) {
  auto tokens = Transformed("tokenize", {},
                            ArrayFromJson(arrow::int8(), "[1, -1, 127, -128, null, 1]"));
  ASSERT_NE(tokens, nullptr);
  auto values = std::static_pointer_cast<arrow::Int8Array>(tokens);
  EXPECT_GE(values->Value(0), 0);
  EXPECT_LT(values->Value(1), 0);
  EXPECT_GE(values->Value(2), 0);
  EXPECT_LT(values->Value(3), 0);
  EXPECT_TRUE(values->IsNull(4));
  EXPECT_EQ(values->Value(0), values->Value(5));

  arrow::Int64Builder builder;
  for (int64_t i = 0; i < 10000; ++i) ASSERT_TRUE(builder.Append(i).ok());
  auto ids = Transformed("tokenize", {}, builder.Finish().ValueOrDie());
  ASSERT_NE(ids, nullptr);
  std::set<int64_t> distinct;
  auto id_tokens = std::static_pointer_cast<arrow::Int64Array>(ids);
  for (int64_t i = 0; i < id_tokens->length(); ++i) {
    EXPECT_GE(id_tokens->Value(i), 0);
    distinct.insert(id_tokens->Value(i));
  }
  EXPECT_EQ(distinct.size(), 10000u);  // 63-bit tokens: no collision expected
  EXPECT_NE(id_tokens->Value(0), 0);

  auto unsigned_tokens = Transformed(
      "tokenize", {}, ArrayFromJson(arrow::uint64(), "[18446744073709551615]"));
  ASSERT_NE(unsigned_tokens, nullptr);
  EXPECT_TRUE(unsigned_tokens->type()->Equals(*arrow::uint64()));
}

// Joining two datasets on tokenized keys matches the same rows as joining on raw keys.
TEST_F(TokenizeTest, TokensStillJoin) {
  ASSERT_TRUE(InitializeArrowCompute().ok());
  auto schema = arrow::schema({arrow::field("email", arrow::utf8())});
  auto left = arrow::Table::Make(
      schema, {ArrayFromJson(arrow::utf8(),
                             R"(["a@x.org", "b@x.org", "c@x.org", null, "d@x.org"])")});
  auto right = arrow::Table::Make(
      schema,
      {ArrayFromJson(arrow::utf8(), R"(["c@x.org", "a@x.org", "e@x.org", "a@x.org"])")});
  auto tokenized = [&](const std::shared_ptr<arrow::Table>& table,
                       const std::string& name) {
    auto expression =
        MakeTransformExpression("tokenize", {}, cp::field_ref("email"), *arrow::utf8())
            .ValueOrDie();
    return arrow::acero::Declaration::Sequence(
        {{"table_source", arrow::acero::TableSourceNodeOptions(table)},
         {"project", arrow::acero::ProjectNodeOptions({expression}, {name})}});
  };
  arrow::acero::Declaration join(
      "hashjoin", {tokenized(left, "l"), tokenized(right, "r")},
      arrow::acero::HashJoinNodeOptions(arrow::acero::JoinType::INNER, {"l"}, {"r"}));
  auto joined = arrow::acero::DeclarationToTable(std::move(join));
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  EXPECT_EQ((*joined)->num_rows(), 3);  // a twice, c once — as on raw values
}

// A chunked table through an Acero project: the same results as the kernels on one array.
TEST(AceroExecutionTest, ProjectsChunkedColumnsThroughTransforms) {
  ASSERT_TRUE(InitializeArrowCompute().ok());
  auto card = arrow::ChunkedArray::Make(
                  {ArrayFromJson(arrow::utf8(), R"(["4111-1111-1111-1234", null])"),
                   ArrayFromJson(arrow::utf8(), R"([])"),
                   ArrayFromJson(arrow::utf8(), R"(["5500 0000 0000 0004", "Zoë"])")})
                  .ValueOrDie();
  auto age = arrow::ChunkedArray::Make({ArrayFromJson(arrow::int32(), "[95, 17]"),
                                        ArrayFromJson(arrow::int32(), "[]"),
                                        ArrayFromJson(arrow::int32(), "[null, 89]")})
                 .ValueOrDie();
  auto schema = arrow::schema(
      {arrow::field("card", arrow::utf8()), arrow::field("age", arrow::int32())});
  auto table = arrow::Table::Make(schema, {card, age});

  auto make = [](const std::string& name, std::vector<TransformArg> args,
                 const std::string& column, const arrow::DataType& type) {
    return MakeTransformExpression(name, args, cp::field_ref(column), type).ValueOrDie();
  };
  arrow::acero::Declaration plan = arrow::acero::Declaration::Sequence(
      {{"table_source", arrow::acero::TableSourceNodeOptions(table)},
       {"project", arrow::acero::ProjectNodeOptions(
                       {make("mask_ccn", {}, "card", *arrow::utf8()),
                        make("sha2", {}, "card", *arrow::utf8()),
                        make("phi_age", {}, "age", *arrow::int32()),
                        make("generalize", {10}, "age", *arrow::int32())},
                       {"ccn", "hash", "age", "decade"})}});
  auto result = arrow::acero::DeclarationToTable(std::move(plan));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto combined = (*result)->CombineChunks().ValueOrDie();

  auto expect_column = [&](const std::string& column,
                           const std::shared_ptr<arrow::Array>& want) {
    auto got = combined->GetColumnByName(column)->chunk(0);
    EXPECT_TRUE(got->Equals(*want)) << column << ": " << got->ToString();
  };
  auto cards = ArrayFromJson(
      arrow::utf8(), R"(["4111-1111-1111-1234", null, "5500 0000 0000 0004", "Zoë"])");
  expect_column("ccn",
                ArrayFromJson(arrow::utf8(),
                              R"(["XXXX-XXXX-XXXX-1234", null, "XXXX XXXX XXXX 0004",
                                         "Xxx"])"));
  expect_column("hash", Transformed("sha2", {}, cards));
  expect_column("age", ArrayFromJson(arrow::int32(), "[90, 17, null, 89]"));
  expect_column("decade", ArrayFromJson(arrow::int32(), "[90, 10, null, 80]"));
}

}  // namespace
}  // namespace warden::exec
