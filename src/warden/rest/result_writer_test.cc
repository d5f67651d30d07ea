#include "warden/rest/result_writer.h"

#include <arrow/api.h>
#include <arrow/io/memory.h>
#include <arrow/ipc/reader.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace warden::rest {
namespace {

std::shared_ptr<arrow::RecordBatch> SampleBatch() {
  arrow::Int64Builder ids;
  arrow::StringBuilder names;
  arrow::DoubleBuilder scores;
  EXPECT_TRUE(ids.AppendValues({1, 2}).ok());
  EXPECT_TRUE(names.Append("a \"quoted\"\nname").ok());
  EXPECT_TRUE(names.AppendNull().ok());
  EXPECT_TRUE(scores.AppendValues({0.5, std::nan("")}).ok());
  auto schema = arrow::schema({arrow::field("id", arrow::int64()),
                               arrow::field("name", arrow::utf8()),
                               arrow::field("score", arrow::float64())});
  return arrow::RecordBatch::Make(schema, 2,
                                  {*ids.Finish(), *names.Finish(), *scores.Finish()});
}

std::string WriteAll(ResultFormat format, const std::optional<std::string>& cursor,
                     const std::string& error = "") {
  auto batch = SampleBatch();
  auto writer = *ResultWriter::Make(format, batch->schema());
  std::string out = *writer->Begin();
  out += *writer->Write(*batch);
  out += *writer->Write(*batch->Slice(0, 1));
  out += *writer->End(cursor, error);
  return out;
}

TEST(ResultWriterTest, JsonEnvelopeParsesAndKeepsValues) {
  const auto json = nlohmann::json::parse(WriteAll(ResultFormat::kJson, "next"));
  EXPECT_EQ(json["row_count"], 3);
  EXPECT_EQ(json["next_cursor"], "next");
  EXPECT_EQ(json["columns"][1]["name"], "name");
  EXPECT_EQ(json["rows"][0][1], "a \"quoted\"\nname");
  EXPECT_TRUE(json["rows"][1][1].is_null());
  EXPECT_EQ(json["rows"][1][2], "NaN");
  EXPECT_EQ(json["rows"][2][0], 1);
}

TEST(ResultWriterTest, JsonReportsAFailureInsideTheDocument) {
  const auto json = nlohmann::json::parse(
      WriteAll(ResultFormat::kJson, std::nullopt, R"({"code":"WARDEN-QUERY-FAILED"})"));
  EXPECT_TRUE(json["next_cursor"].is_null());
  EXPECT_EQ(json["error"]["code"], "WARDEN-QUERY-FAILED");
}

TEST(ResultWriterTest, NdjsonIsOneObjectPerLine) {
  const std::string text = WriteAll(ResultFormat::kNdjson, std::nullopt);
  std::vector<nlohmann::json> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(nlohmann::json::parse(text.substr(start, end - start)));
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_TRUE(lines[1]["name"].is_null());
}

TEST(ResultWriterTest, CsvHasHeaderAndRows) {
  const std::string text = WriteAll(ResultFormat::kCsv, std::nullopt);
  EXPECT_EQ(text.substr(0, text.find('\n')), "\"id\",\"name\",\"score\"");
  // header + 3 rows + the newline quoted inside two of the names
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 6);
}

TEST(ResultWriterTest, ArrowStreamReadsBack) {
  const std::string bytes = WriteAll(ResultFormat::kArrowStream, std::nullopt);
  auto input = std::make_shared<arrow::io::BufferReader>(arrow::Buffer::FromString(bytes));
  auto reader = *arrow::ipc::RecordBatchStreamReader::Open(input);
  auto table = *reader->ToTable();
  EXPECT_EQ(table->num_rows(), 3);
}

TEST(ResultWriterTest, NegotiatesByAccept) {
  EXPECT_EQ(NegotiateFormat(""), ResultFormat::kJson);
  EXPECT_EQ(NegotiateFormat("text/csv"), ResultFormat::kCsv);
  EXPECT_EQ(NegotiateFormat("text/html, application/x-ndjson;q=0.9"), ResultFormat::kNdjson);
  EXPECT_EQ(NegotiateFormat("application/vnd.apache.arrow.stream"),
            ResultFormat::kArrowStream);
  EXPECT_EQ(NegotiateFormat("image/png"), std::nullopt);
}

}  // namespace
}  // namespace warden::rest
