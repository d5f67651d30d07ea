#include "warden/rest/result_writer.h"

#include <arrow/csv/writer.h>
#include <arrow/io/memory.h>
#include <arrow/ipc/writer.h>

#include "warden/rest/json_cells.h"

namespace warden::rest {

std::optional<ResultFormat> NegotiateFormat(const std::string& accept) {
  if (accept.empty()) return ResultFormat::kJson;
  size_t start = 0;
  while (start <= accept.size()) {
    size_t end = accept.find(',', start);
    if (end == std::string::npos) end = accept.size();
    std::string type = accept.substr(start, end - start);
    type = type.substr(0, type.find(';'));
    type.erase(0, type.find_first_not_of(" \t"));
    type.erase(type.find_last_not_of(" \t") + 1);
    if (type == "application/json" || type == "*/*" || type == "application/*") {
      return ResultFormat::kJson;
    }
    if (type == "application/x-ndjson" || type == "application/jsonl") {
      return ResultFormat::kNdjson;
    }
    if (type == "text/csv") return ResultFormat::kCsv;
    if (type == "application/vnd.apache.arrow.stream") return ResultFormat::kArrowStream;
    start = end + 1;
  }
  return std::nullopt;
}

std::string ContentTypeOf(ResultFormat format) {
  switch (format) {
    case ResultFormat::kJson: return "application/json";
    case ResultFormat::kNdjson: return "application/x-ndjson";
    case ResultFormat::kCsv: return "text/csv; charset=utf-8";
    case ResultFormat::kArrowStream: return "application/vnd.apache.arrow.stream";
  }
  return "application/octet-stream";
}

namespace {

/// {"columns":[{"name","type"}…],"rows":[[…],…],"row_count":n,"next_cursor":…}
class JsonWriter : public ResultWriter {
 public:
  explicit JsonWriter(std::shared_ptr<arrow::Schema> schema) : schema_(std::move(schema)) {}

  arrow::Result<std::string> Begin() override {
    std::string out = "{\"columns\":[";
    for (int i = 0; i < schema_->num_fields(); ++i) {
      if (i > 0) out.push_back(',');
      out.append("{\"name\":");
      AppendJsonString(schema_->field(i)->name(), &out);
      out.append(",\"type\":");
      AppendJsonString(schema_->field(i)->type()->ToString(), &out);
      out.push_back('}');
    }
    out.append("],\"rows\":[");
    return out;
  }

  arrow::Result<std::string> Write(const arrow::RecordBatch& batch) override {
    std::string out;
    for (int64_t row = 0; row < batch.num_rows(); ++row) {
      if (rows_++ > 0) out.push_back(',');
      out.push_back('[');
      for (int c = 0; c < batch.num_columns(); ++c) {
        if (c > 0) out.push_back(',');
        AppendJsonCell(*batch.column(c), row, &out);
      }
      out.push_back(']');
    }
    return out;
  }

  arrow::Result<std::string> End(const std::optional<std::string>& next_cursor,
                                 const std::string& error_json) override {
    std::string out = "],\"row_count\":" + std::to_string(rows_) + ",\"next_cursor\":";
    if (next_cursor) {
      AppendJsonString(*next_cursor, &out);
    } else {
      out.append("null");
    }
    if (!error_json.empty()) out.append(",\"error\":" + error_json);
    out.push_back('}');
    return out;
  }

 private:
  std::shared_ptr<arrow::Schema> schema_;
  int64_t rows_ = 0;
};

/// One JSON object per line; a failure mid-stream ends with an {"error":…} line.
class NdjsonWriter : public ResultWriter {
 public:
  explicit NdjsonWriter(std::shared_ptr<arrow::Schema> schema) : schema_(std::move(schema)) {
    for (const auto& field : schema_->fields()) {
      std::string key;
      AppendJsonString(field->name(), &key);
      keys_.push_back(key + ":");
    }
  }

  arrow::Result<std::string> Begin() override { return ""; }

  arrow::Result<std::string> Write(const arrow::RecordBatch& batch) override {
    std::string out;
    for (int64_t row = 0; row < batch.num_rows(); ++row) {
      out.push_back('{');
      for (int c = 0; c < batch.num_columns(); ++c) {
        if (c > 0) out.push_back(',');
        out.append(keys_[c]);
        AppendJsonCell(*batch.column(c), row, &out);
      }
      out.append("}\n");
    }
    return out;
  }

  arrow::Result<std::string> End(const std::optional<std::string>&,
                                 const std::string& error_json) override {
    if (error_json.empty()) return "";
    return "{\"error\":" + error_json + "}\n";
  }

 private:
  std::shared_ptr<arrow::Schema> schema_;
  std::vector<std::string> keys_;
};

/// Arrow's CSV or IPC stream writer over a memory sink drained after every call.
class ArrowFormatWriter : public ResultWriter {
 public:
  static arrow::Result<std::unique_ptr<ResultWriter>> Make(
      ResultFormat format, const std::shared_ptr<arrow::Schema>& schema) {
    std::unique_ptr<ArrowFormatWriter> writer(new ArrowFormatWriter());
    ARROW_ASSIGN_OR_RAISE(writer->sink_, arrow::io::BufferOutputStream::Create());
    if (format == ResultFormat::kCsv) {
      ARROW_ASSIGN_OR_RAISE(writer->writer_,
                            arrow::csv::MakeCSVWriter(writer->sink_, schema,
                                                      arrow::csv::WriteOptions::Defaults()));
    } else {
      ARROW_ASSIGN_OR_RAISE(writer->writer_,
                            arrow::ipc::MakeStreamWriter(writer->sink_, schema));
    }
    return writer;
  }

  arrow::Result<std::string> Begin() override { return Drain(); }

  arrow::Result<std::string> Write(const arrow::RecordBatch& batch) override {
    ARROW_RETURN_NOT_OK(writer_->WriteRecordBatch(batch));
    return Drain();
  }

  arrow::Result<std::string> End(const std::optional<std::string>&,
                                 const std::string& error_json) override {
    // A failed stream is left unterminated, so that no reader takes it for complete.
    if (!error_json.empty()) return "";
    ARROW_RETURN_NOT_OK(writer_->Close());
    return Drain();
  }

 private:
  arrow::Result<std::string> Drain() {
    ARROW_ASSIGN_OR_RAISE(auto buffer, sink_->Finish());
    ARROW_RETURN_NOT_OK(sink_->Reset());
    return buffer->ToString();
  }

  std::shared_ptr<arrow::io::BufferOutputStream> sink_;
  std::shared_ptr<arrow::ipc::RecordBatchWriter> writer_;
};

}  // namespace

arrow::Result<std::unique_ptr<ResultWriter>> ResultWriter::Make(
    ResultFormat format, std::shared_ptr<arrow::Schema> schema) {
  switch (format) {
    case ResultFormat::kJson: return std::make_unique<JsonWriter>(std::move(schema));
    case ResultFormat::kNdjson: return std::make_unique<NdjsonWriter>(std::move(schema));
    default: return ArrowFormatWriter::Make(format, schema);
  }
}

}  // namespace warden::rest
