// What each transform does to values: typical values, nulls, empty strings, Unicode,
// boundaries and sliced inputs. Every case goes through a Serialize/Deserialize round
// trip of its expression (transforms_test_support.h).

#include <arrow/api.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "warden/exec/code_points_internal.h"
#include "warden/exec/transform_functions.h"
#include "warden/exec/transforms_test_support.h"

namespace warden::exec {
namespace {

using testing::ArrayFromJson;
using testing::ExpectTransform;
using testing::Transformed;

TEST(CodePointsTest, ClassifiesByUnicodeCategory) {
  using internal::CharClass;
  using internal::ClassifyCodePoint;
  EXPECT_EQ(ClassifyCodePoint('A'), CharClass::kUpper);
  EXPECT_EQ(ClassifyCodePoint('z'), CharClass::kLower);
  EXPECT_EQ(ClassifyCodePoint('7'), CharClass::kDigit);
  EXPECT_EQ(ClassifyCodePoint('-'), CharClass::kOther);
  EXPECT_EQ(ClassifyCodePoint(0xC9), CharClass::kUpper);     // É
  EXPECT_EQ(ClassifyCodePoint(0x436), CharClass::kLower);    // ж
  EXPECT_EQ(ClassifyCodePoint(0x4E2D), CharClass::kLower);   // 中, a letter without case
  EXPECT_EQ(ClassifyCodePoint(0x301), CharClass::kLower);    // combining acute accent
  EXPECT_EQ(ClassifyCodePoint(0x663), CharClass::kDigit);    // Arabic-Indic three
  EXPECT_EQ(ClassifyCodePoint(0x1F600), CharClass::kOther);  // 😀
  EXPECT_EQ(ClassifyCodePoint(0xFE0F), CharClass::kOther);   // emoji variation selector
  EXPECT_EQ(ClassifyCodePoint(0x3000), CharClass::kOther);   // ideographic space
  EXPECT_EQ(ClassifyCodePoint(-1), CharClass::kLower);       // undecodable byte
}

TEST(CodePointsTest, DecodesAndRejectsMalformedUtf8) {
  auto decode = [](std::string_view bytes) {
    const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
    return internal::DecodeCodePoint(p, p + bytes.size());
  };
  EXPECT_EQ(decode("\xC3\xA9").value, 0xE9);
  EXPECT_EQ(decode("\xF0\x9F\x98\x80").value, 0x1F600);
  EXPECT_EQ(decode("\xF0\x9F\x98\x80").size, 4);
  for (std::string_view bad :
       {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80", "\xFF"}) {
    EXPECT_EQ(decode(bad).value, -1) << "bytes of size " << bad.size();
    EXPECT_EQ(decode(bad).size, 1);
  }
}

TEST(ConstantTransformsTest, NullReplacesEveryValue) {
  ExpectTransform("null", {}, arrow::int64(), "[1, null, 3]", "[null, null, null]");
  ExpectTransform("null", {}, arrow::utf8(), R"(["a", ""])", "[null, null]");
  ExpectTransform("null", {}, arrow::list(arrow::int32()), "[[1], null]", "[null, null]");
  ExpectTransform("NULL", {}, arrow::timestamp(arrow::TimeUnit::MICRO, "Europe/Paris"),
                  "[0]", "[null]");
}

TEST(ConstantTransformsTest, ZeroAndRedactHideNullsToo) {
  ExpectTransform("zero", {}, arrow::int32(), "[7, null, -5]", "[0, 0, 0]");
  ExpectTransform("zero", {}, arrow::float64(), "[2.5, null]", "[0, 0]");
  ExpectTransform("zero", {}, arrow::boolean(), "[true, null]", "[false, false]");
  ExpectTransform("zero", {}, arrow::utf8(), R"(["secret", null])", R"(["", ""])");
  ExpectTransform("zero", {}, arrow::decimal128(5, 2), R"(["12.34", null])",
                  R"(["0.00", "0.00"])");
  ExpectTransform("zero", {}, arrow::date32(), "[19000, null]", "[0, 0]");
  ExpectTransform("zero", {}, arrow::timestamp(arrow::TimeUnit::MILLI, "UTC"),
                  "[5, null]", "[0, 0]");
  ExpectTransform("redact", {}, arrow::utf8(), R"(["secret", null, ""])",
                  R"(["REDACTED", "REDACTED", "REDACTED"])");
  ExpectTransform("redact", {}, arrow::large_utf8(), R"(["x"])", R"(["REDACTED"])");
  ExpectTransform("redact", {}, arrow::binary(), R"(["x"])", R"(["REDACTED"])");
  ExpectTransform("redact", {}, arrow::int64(), "[42, null]", "[0, 0]");
}

TEST(MaskTest, MasksLettersByCaseAndDigitsKeepingPunctuation) {
  ExpectTransform("mask", {}, arrow::utf8(),
                  R"(["Hello, World 42!", null, "", "ABC-def_123"])",
                  R"(["Xxxxx, Xxxxx 99!", null, "", "XXX-xxx_999"])");
  ExpectTransform("mask", {}, arrow::large_utf8(), R"(["a1"])", R"(["x9"])");
}

TEST(MaskTest, MasksWholeCodePointsOfAnyScript) {
  ExpectTransform(
      "mask", {}, arrow::utf8(),
      R"(["Élodie Müller", "Жанна", "東京 ٣٤", "I ❤️ NY 🗽", "e\u0301"])",
      R"(["Xxxxxx Xxxxxx", "Xxxxx", "xx 99", "X ❤️ XX 🗽", "xx"])");
}

TEST(MaskTest, MasksUndecodableBytesIntoValidUtf8) {
  arrow::StringBuilder builder;
  ASSERT_TRUE(builder
                  .Append(std::string("\xFF\xFE"
                                      "ab\xE2\x82",
                                      6))
                  .ok());
  auto masked = Transformed("mask", {}, builder.Finish().ValueOrDie());
  ASSERT_NE(masked, nullptr);
  EXPECT_EQ(std::static_pointer_cast<arrow::StringArray>(masked)->GetView(0), "xxxxxx");
}

TEST(MaskTest, RangeCountsCodePointsFromOne) {
  const auto utf8 = arrow::utf8();
  const std::string cards = R"(["4111222233334444", null, ""])";
  ExpectTransform("mask", {1, 12}, utf8, cards, R"(["9999999999994444", null, ""])");
  ExpectTransform("mask", {5, 100}, utf8, cards, R"(["4111999999999999", null, ""])");
  ExpectTransform("mask", {17, 3}, utf8, cards, cards);  // starts past the end
  ExpectTransform("mask", {1, 0}, utf8, cards, cards);
  ExpectTransform("mask", {2, 3}, utf8, R"(["ÄÖÜäöü", "😀😀😀ab"])",
                  R"(["ÄXXxöü", "😀😀😀xb"])");
  ExpectTransform("mask", {3, 2}, utf8, R"(["😀😀y🙂ab"])",
                  R"(["😀😀x🙂ab"])");
  ExpectTransform("mask", {1, std::numeric_limits<int64_t>::max()}, utf8, R"(["ab"])",
                  R"(["xx"])");
}

TEST(MaskTest, LastNMasksTheEndAndAllWhenNExceedsTheLength) {
  const auto utf8 = arrow::utf8();
  ExpectTransform("mask_last", {4}, utf8, R"(["123-45-6789", null, "", "abc"])",
                  R"(["123-45-9999", null, "", "xxx"])");
  ExpectTransform("mask_last", {100}, utf8, R"(["Straße"])", R"(["Xxxxxx"])");
  ExpectTransform("mask_last", {2}, utf8, R"(["Straße", "ab😀"])", R"(["Straxx", "ax😀"])");
  ExpectTransform("mask_last", {0}, utf8, R"(["abc"])", R"(["abc"])");
}

TEST(MaskCcnTest, KeepsTheLastFourDigitsAndSeparators) {
  ExpectTransform("mask_ccn", {}, arrow::utf8(),
                  R"(["4111-1111-1111-1234", "4111 1111 1111 1234", "4111111111111234",
                      "1234", "12", "", null, "card 4111111111111234"])",
                  R"(["XXXX-XXXX-XXXX-1234", "XXXX XXXX XXXX 1234", "XXXXXXXXXXXX1234",
                      "1234", "12", "", null, "xxxx XXXXXXXXXXXX1234"])");
  ExpectTransform("mask_ccn", {}, arrow::utf8(),
                  R"(["４１１１２２２２３３３３４４４４"])",
                  R"(["XXXXXXXXXXXX４４４４"])");
}

TEST(MaskEmailTest, KeepsTheDomainOnly) {
  ExpectTransform("mask_email", {}, arrow::utf8(),
                  R"(["john.doe@example.com", "élise@exämple.fr", "no-at-sign",
                      "a@b@c.org", "@x.org", "", null, "😀@mail.io"])",
                  R"(["xxxxxxxx@example.com", "xxxxx@exämple.fr", "xxxxxxxxxx",
                      "xxx@c.org", "@x.org", "", null, "x@mail.io"])");
}

TEST(Sha2Test, MatchesKnownVectors) {
  ExpectTransform(
      "sha2", {}, arrow::utf8(),
      R"(["", "abc", "The quick brown fox jumps over the lazy dog", "é", "😀", null])",
      R"(["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
          "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592",
          "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c",
          "f0443a342c5ef54783a111b51ba56c938e474c32324d90c3a60c9c8e3a37e2d9",
          null])");
  ExpectTransform(
      "sha2", {256}, arrow::large_binary(), R"(["abc"])",
      R"(["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"])");
}

/// `name` applied to each value of `input` alone, as one array: what a kernel that keeps
/// state across the values of a batch must still give.
std::shared_ptr<arrow::Array> TransformedOneByOne(
    const std::string& name, const std::shared_ptr<arrow::Array>& input) {
  std::vector<std::shared_ptr<arrow::Array>> pieces;
  for (int64_t i = 0; i < input->length(); ++i) {
    pieces.push_back(Transformed(name, {}, input->Slice(i, 1)));
  }
  return arrow::Concatenate(pieces).ValueOrDie();
}

TEST(Sha2Test, RepeatedValuesHashAsAlone) {
  // Few distinct values (the memo keeps them), then values that are all distinct (the
  // memo gives up mid-batch), then the first values again; nulls throughout.
  arrow::StringBuilder builder;
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(
        (i % 7 == 0 ? builder.AppendNull() : builder.Append(i % 2 ? "abc" : "Café Crème"))
            .ok());
  }
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(builder.Append("card-" + std::to_string(i)).ok());
  }
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(builder.Append(i % 2 ? "abc" : "").ok());
  auto input = builder.Finish().ValueOrDie();
  auto hashed = Transformed("sha2", {}, input);
  ASSERT_NE(hashed, nullptr);
  EXPECT_TRUE(hashed->Equals(*TransformedOneByOne("sha2", input)));
  const auto& strings = static_cast<const arrow::StringArray&>(*hashed);
  EXPECT_EQ(strings.GetView(1),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(strings.GetView(6000),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_TRUE(strings.IsNull(0));
  // A slice starting inside the repeats sees the same hashes.
  auto sliced = Transformed("sha2", {}, input->Slice(2995, 20));
  ASSERT_NE(sliced, nullptr);
  EXPECT_TRUE(sliced->Equals(*hashed->Slice(2995, 20)));
}

// A scan reads a column that is only hashed as a dictionary; sha2 then gives what it
// gives for the decoded values: a plain array, nulls where the index or its value is
// null.
TEST(Sha2Test, DictionaryInputHashesLikeItsValues) {
  ASSERT_TRUE(InitializeArrowCompute().ok());
  const auto dictionary =
      ArrayFromJson(arrow::utf8(), R"(["abc", null, "Café Crème", ""])");
  for (const auto& index_type :
       {arrow::int8(), arrow::int32(), arrow::uint16(), arrow::int64()}) {
    SCOPED_TRACE(index_type->ToString());
    auto indices = ArrayFromJson(index_type, "[0, 2, null, 1, 3, 0, 2, 2, null, 0]");
    auto encoded = arrow::DictionaryArray::FromArrays(
                       arrow::dictionary(index_type, arrow::utf8()), indices, dictionary)
                       .ValueOrDie();
    for (const auto& [offset, length] :
         std::vector<std::pair<int64_t, int64_t>>{{0, 10}, {3, 6}, {9, 1}, {5, 0}}) {
      auto input = encoded->Slice(offset, length);
      auto decoded = arrow::compute::Cast(*input, arrow::utf8()).ValueOrDie();
      auto hashed = arrow::compute::CallFunction(kSha2Function, {input});
      ASSERT_TRUE(hashed.ok()) << hashed.status().ToString();
      auto result = hashed->make_array();
      ASSERT_TRUE(result->ValidateFull().ok());
      EXPECT_TRUE(result->type()->Equals(arrow::utf8()));
      EXPECT_TRUE(result->Equals(*Transformed("sha2", {}, decoded)))
          << offset << "+" << length << ": " << result->ToString();
    }
  }
  // Without any null the digests are written at a fixed stride.
  const auto no_nulls = ArrayFromJson(arrow::utf8(), R"(["abc", "Café Crème", ""])");
  for (const auto& index_type : {arrow::uint8(), arrow::int32()}) {
    auto encoded = arrow::DictionaryArray::FromArrays(
                       arrow::dictionary(index_type, arrow::utf8()),
                       ArrayFromJson(index_type, "[2, 0, 1, 1, 0, 2, 2]"), no_nulls)
                       .ValueOrDie();
    for (const auto& [offset, length] :
         std::vector<std::pair<int64_t, int64_t>>{{0, 7}, {2, 4}, {6, 1}, {3, 0}}) {
      auto input = encoded->Slice(offset, length);
      auto hashed = arrow::compute::CallFunction(kSha2Function, {input});
      ASSERT_TRUE(hashed.ok()) << hashed.status().ToString();
      auto result = hashed->make_array();
      ASSERT_TRUE(result->ValidateFull().ok());
      EXPECT_EQ(result->null_count(), 0);
      auto decoded = arrow::compute::Cast(*input, arrow::utf8()).ValueOrDie();
      EXPECT_TRUE(result->Equals(*Transformed("sha2", {}, decoded)))
          << offset << "+" << length << ": " << result->ToString();
    }
  }
  auto large = arrow::DictionaryArray::FromArrays(
                   arrow::dictionary(arrow::int32(), arrow::large_binary()),
                   ArrayFromJson(arrow::int32(), "[1, 0, 1]"),
                   ArrayFromJson(arrow::large_binary(), R"(["abc", ""])"))
                   .ValueOrDie();
  auto hashed = arrow::compute::CallFunction(kSha2Function, {large});
  ASSERT_TRUE(hashed.ok()) << hashed.status().ToString();
  EXPECT_TRUE(hashed->make_array()->Equals(*ArrayFromJson(arrow::large_binary(), R"([
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"])")));
}

TEST(MaskCcnTest, AsciiAndNonAsciiValuesInOneBatch) {
  // Separators, letters and short values take the ASCII path; values with other code
  // points (full-width digits, accents, a stray byte; in the first eight bytes or the
  // rest) the general one.
  ExpectTransform("mask_ccn", {}, arrow::utf8(),
                  R"(["4111-1111-1111-1234", "é 4111-1111-1111-1234", "Ab 12345",
                      "４１１１-1111-1111-1234", "1111\u0000222", "12345", null,
                      "4111-1111-1111-123é4"])",
                  R"(["XXXX-XXXX-XXXX-1234", "x XXXX-XXXX-XXXX-1234", "Xx X2345",
                      "XXXX-XXXX-XXXX-1234", "XXX1\u0000222", "X2345", null,
                      "XXXX-XXXX-XXXX-123x4"])");
  auto with_stray_byte = Transformed(
      "mask_ccn", {},
      arrow::MakeArrayFromScalar(arrow::StringScalar(std::string("12\xFF") + "34567"), 2)
          .ValueOrDie());
  ASSERT_NE(with_stray_byte, nullptr);
  EXPECT_EQ(static_cast<const arrow::StringArray&>(*with_stray_byte).GetView(1),
            "XXxX4567");
}

/// mask_ccn of an ASCII value, spelled out: letters as mask() does, digits 'X' except the
/// last four, other bytes kept.
std::string MaskCcnReference(const std::string& value) {
  int digits = 0;
  for (char c : value) digits += (c >= '0' && c <= '9');
  std::string out;
  for (char c : value) {
    if (c >= '0' && c <= '9') {
      out += (digits-- > 4) ? 'X' : c;
    } else if (c >= 'a' && c <= 'z') {
      out += 'x';
    } else if (c >= 'A' && c <= 'Z') {
      out += 'X';
    } else {
      out += c;
    }
  }
  return out;
}

TEST(MaskCcnTest, WholeBatchPathMatchesValueByValue) {
  // Batches without nulls whose bytes are all ASCII are masked eight bytes at a time
  // across value boundaries; every byte class edge ('/', ':', '@', '[', '`', '{') and
  // every length from 0 to 30 must come out as the value-by-value definition says.
  const std::string alphabet = "0123456789-  /:@AZ[`az{.~\x7f\t";
  std::mt19937 random(7);
  arrow::StringBuilder builder;
  std::vector<std::string> expected;
  for (int i = 0; i < 3000; ++i) {
    std::string value(random() % 31, ' ');
    for (char& c : value) c = alphabet[random() % alphabet.size()];
    ASSERT_TRUE(builder.Append(value).ok());
    expected.push_back(MaskCcnReference(value));
  }
  std::shared_ptr<arrow::Array> input = builder.Finish().ValueOrDie();
  auto check = [&](const std::shared_ptr<arrow::Array>& array, int64_t first) {
    auto masked = Transformed("mask_ccn", {}, array);
    ASSERT_NE(masked, nullptr);
    const auto& strings = static_cast<const arrow::StringArray&>(*masked);
    ASSERT_EQ(strings.length(), array->length());
    for (int64_t i = 0; i < strings.length(); ++i) {
      if (array->IsNull(i)) {
        EXPECT_TRUE(strings.IsNull(i));
        continue;
      }
      ASSERT_EQ(strings.GetView(i), expected[static_cast<size_t>(first + i)]) << "row " << i;
    }
  };
  check(input, 0);                    // the whole-batch path
  check(input->Slice(1001, 997), 1001);  // starting inside the data buffer
  // With a null the batch goes value by value; the valid values are masked alike.
  arrow::StringBuilder with_null;
  ASSERT_TRUE(with_null.AppendNull().ok());
  for (size_t i = 1; i < 200; ++i) {
    ASSERT_TRUE(with_null.Append(std::string(
        static_cast<const arrow::StringArray&>(*input).GetView(static_cast<int64_t>(i)))).ok());
  }
  check(with_null.Finish().ValueOrDie(), 0);
}

TEST(RoundDateTest, TruncatesDatesAndNaiveTimestamps) {
  // Days since the epoch: 2024-05-17, null, 1969-12-31.
  const std::string day = "[19860, null, -1]";
  ExpectTransform("round_date", {"year"}, arrow::date32(), day, "[19723, null, -365]");
  ExpectTransform("round_date", {"MONTH"}, arrow::date32(), day, "[19844, null, -31]");
  ExpectTransform("round_date", {"day"}, arrow::date32(), day, day);
  ExpectTransform("round_date", {"hour"}, arrow::date32(), day, day);
  const auto seconds = arrow::timestamp(arrow::TimeUnit::SECOND);
  const std::string instant = R"(["2024-05-17 13:45:12", null])";
  ExpectTransform("round_date", {"hour"}, seconds, instant,
                  R"(["2024-05-17 13:00:00", null])");
  ExpectTransform("round_date", {"minute"}, seconds, instant,
                  R"(["2024-05-17 13:45:00", null])");
  ExpectTransform("round_date", {"day"}, arrow::timestamp(arrow::TimeUnit::NANO),
                  R"(["2024-05-17 13:45:12.123456789"])", R"(["2024-05-17 00:00:00"])");
}

TEST(RoundDateTest, RoundsZonedTimestampsInLocalTimeAcrossDstChanges) {
  // JSON timestamps are UTC instants.
  const auto new_york = arrow::timestamp(arrow::TimeUnit::MICRO, "America/New_York");
  ExpectTransform("round_date", {"day"}, new_york, R"(["2024-05-17 02:30:00", null])",
                  R"(["2024-05-16 04:00:00", null])");
  ExpectTransform("round_date", {"month"}, new_york, R"(["2024-05-17 02:30:00"])",
                  R"(["2024-05-01 04:00:00"])");
  // 01:30 EST on 2024-11-03 floors to 01:00, which happens twice: the earlier is taken.
  ExpectTransform("round_date", {"hour"}, new_york,
                  R"(["2024-11-03 05:30:00", "2024-11-03 06:30:00"])",
                  R"(["2024-11-03 05:00:00", "2024-11-03 05:00:00"])");
  // São Paulo skipped midnight on 2018-11-04: that day starts at 01:00 local (03:00 UTC).
  ExpectTransform("round_date", {"day"},
                  arrow::timestamp(arrow::TimeUnit::SECOND, "America/Sao_Paulo"),
                  R"(["2018-11-04 12:00:00"])", R"(["2018-11-04 03:00:00"])");
  ExpectTransform("round_date", {"day"},
                  arrow::timestamp(arrow::TimeUnit::MILLI, "+05:30"),
                  R"(["2018-11-04 12:00:00"])", R"(["2018-11-03 18:30:00"])");
}

TEST(GeneralizeTest, RoundsIntegersDownToAMultiple) {
  ExpectTransform("generalize", {10}, arrow::int32(),
                  "[17, -17, 0, null, 2147483647, -2147483648, -10]",
                  "[10, -20, 0, null, 2147483640, -2147483640, -10]");
  ExpectTransform("generalize", {3}, arrow::int8(), "[-128, 127, -1]", "[-126, 126, -3]");
  ExpectTransform("generalize", {10}, arrow::uint8(), "[255, 9, null]", "[250, 0, null]");
  ExpectTransform("generalize", {1000}, arrow::uint64(), "[18446744073709551615]",
                  "[18446744073709551000]");
  ExpectTransform("generalize", {5}, arrow::int64(), "[-9223372036854775808]",
                  "[-9223372036854775805]");
}

TEST(GeneralizeTest, RoundsFloatsAndDecimalsDown) {
  ExpectTransform("generalize", {2}, arrow::float64(), "[1.5, -2.5, null, 4]",
                  "[0, -4, null, 4]");
  ExpectTransform("generalize", {0.5}, arrow::float32(), "[1.7, -0.2]", "[1.5, -0.5]");
  auto nan =
      Transformed("generalize", {2}, ArrayFromJson(arrow::float64(), "[NaN, Inf]"));
  ASSERT_NE(nan, nullptr);
  EXPECT_TRUE(std::isnan(std::static_pointer_cast<arrow::DoubleArray>(nan)->Value(0)));
  EXPECT_TRUE(std::isinf(std::static_pointer_cast<arrow::DoubleArray>(nan)->Value(1)));
  // -999.99 would floor to -1000.00, past precision 5: it goes to -995.00 instead.
  ExpectTransform("generalize", {5}, arrow::decimal128(5, 2),
                  R"(["12.34", "-12.34", "999.99", "-999.99", null, "10.00"])",
                  R"(["10.00", "-15.00", "995.00", "-995.00", null, "10.00"])");
  ExpectTransform("generalize", {100}, arrow::decimal256(40, 0),
                  R"(["-1234567890123456789012345"])",
                  R"(["-1234567890123456789012400"])");
  ExpectTransform("generalize", {10}, arrow::decimal32(4, 1), R"(["-5.5", "15.0"])",
                  R"(["-10.0", "10.0"])");
}

TEST(PhiAgeTest, CapsAgesOverEightyNine) {
  ExpectTransform("phi_age", {}, arrow::int32(), "[0, 89, 90, 120, null, -1]",
                  "[0, 89, 90, 90, null, -1]");
  ExpectTransform("phi_age", {}, arrow::uint8(), "[255, 3]", "[90, 3]");
  ExpectTransform("phi_age", {}, arrow::float64(), "[89.5, 89, null]", "[90, 89, null]");
}

// Slices start at an offset inside the buffers (and inside a validity bitmap byte).
TEST(SlicedInputTest, EveryKernelHonoursArrayOffsets) {
  auto strings = ArrayFromJson(arrow::utf8(), R"(["a1", null, "Bb-2", "c3@d.org", null,
      "4111-1111-1111-1234", "Zoë", "x", "yy", null, "Ω9@z.io"])");
  auto sliced = strings->Slice(2, 8);
  const std::vector<std::pair<std::string, std::vector<TransformArg>>> string_transforms =
      {{"mask", {}},     {"mask", {2, 2}},   {"mask_last", {2}},
       {"mask_ccn", {}}, {"mask_email", {}}, {"sha2", {}},
       {"zero", {}},     {"redact", {}},     {"null", {}}};
  for (const auto& [name, args] : string_transforms) {
    SCOPED_TRACE(TransformToString(name, args));
    auto expected = Transformed(name, args, ArrayFromJson(arrow::utf8(), R"(["Bb-2",
        "c3@d.org", null, "4111-1111-1111-1234", "Zoë", "x", "yy", null])"));
    auto actual = Transformed(name, args, sliced);
    ASSERT_NE(expected, nullptr);
    ASSERT_NE(actual, nullptr);
    EXPECT_TRUE(actual->Equals(*expected)) << actual->ToString();
  }
  auto numbers =
      ArrayFromJson(arrow::int64(), "[1, null, 95, -17, null, 23, 91, 5, 8, 9]");
  for (const auto& [name, args] :
       std::vector<std::pair<std::string, std::vector<TransformArg>>>{
           {"generalize", {10}}, {"phi_age", {}}}) {
    SCOPED_TRACE(name);
    auto expected = Transformed(
        name, args, ArrayFromJson(arrow::int64(), "[95, -17, null, 23, 91, 5]"));
    auto actual = Transformed(name, args, numbers->Slice(2, 6));
    ASSERT_NE(actual, nullptr);
    EXPECT_TRUE(actual->Equals(*expected)) << actual->ToString();
  }
}

}  // namespace
}  // namespace warden::exec
