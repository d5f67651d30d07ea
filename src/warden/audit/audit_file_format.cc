#include "warden/audit/audit_file_format.h"

#include <algorithm>

#include <arrow/api.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/io/memory.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>

#include "warden/audit/event_arrow.h"
#include "warden/audit/event_json.h"
#include "warden/common/error.h"

namespace warden::audit {

namespace {

constexpr int64_t kRowGroupRows = 64 * 1024;

arrow::Result<std::shared_ptr<arrow::Buffer>> EncodeParquet(
    const std::vector<AuditEvent>& events) {
  ARROW_ASSIGN_OR_RAISE(auto batch, EventsToRecordBatch(events));
  ARROW_ASSIGN_OR_RAISE(auto table, arrow::Table::FromRecordBatches({batch}));
  ARROW_ASSIGN_OR_RAISE(auto sink, arrow::io::BufferOutputStream::Create());
  // ZSTD: audit files are written once and kept for years; they compress ~10x.
  auto properties = parquet::WriterProperties::Builder()
                        .compression(parquet::Compression::ZSTD)
                        ->build();
  // Storing the Arrow schema keeps the timestamp's UTC zone on read.
  auto arrow_properties =
      parquet::ArrowWriterProperties::Builder().store_schema()->build();
  ARROW_RETURN_NOT_OK(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(),
                                                 sink, kRowGroupRows, properties,
                                                 arrow_properties));
  return sink->Finish();
}

arrow::Result<DecodedAuditFile> DecodeParquet(
    std::shared_ptr<arrow::io::RandomAccessFile> file) {
  ARROW_ASSIGN_OR_RAISE(auto reader, parquet::arrow::OpenFile(
                                         std::move(file), arrow::default_memory_pool()));
  ARROW_ASSIGN_OR_RAISE(auto table, reader->ReadTable());
  DecodedAuditFile decoded;
  ARROW_ASSIGN_OR_RAISE(decoded.events, EventsFromTable(*table));
  return decoded;
}

}  // namespace

std::string_view FormatName(AuditFileFormat format) {
  return format == AuditFileFormat::kParquet ? "parquet" : "jsonl";
}

arrow::Result<AuditFileFormat> ParseFormatName(std::string_view name) {
  if (name == "parquet") return AuditFileFormat::kParquet;
  if (name == "jsonl" || name == "json") return AuditFileFormat::kJsonLines;
  return Error(
      ErrorCode::kInvalidArgument,
      "unknown audit file format '" + std::string(name) + "' (use parquet or jsonl)");
}

std::string_view FileExtension(AuditFileFormat format) {
  return format == AuditFileFormat::kParquet ? ".parquet" : ".jsonl";
}

std::string EncodeJsonLines(const std::vector<AuditEvent>& events) {
  std::string text;
  for (const auto& event : events) text += EventToJsonLine(event);
  return text;
}

arrow::Result<std::shared_ptr<arrow::Buffer>> EncodeAuditFile(
    const std::vector<AuditEvent>& events, AuditFileFormat format) {
  if (format == AuditFileFormat::kParquet) return EncodeParquet(events);
  return arrow::Buffer::FromString(EncodeJsonLines(events));
}

arrow::Result<DecodedAuditFile> DecodeJsonLines(std::string_view text) {
  DecodedAuditFile decoded;
  const std::string_view data = text.substr(0, std::min(text.find('\0'), text.size()));
  size_t start = 0;
  int64_t line_number = 0;
  while (start < data.size()) {
    const size_t end = data.find('\n', start);
    if (end == std::string_view::npos) break;
    ++line_number;
    auto event = EventFromJsonLine(data.substr(start, end - start));
    if (!event.ok()) {
      return Error(ErrorCode::kInvalidArgument, "line " + std::to_string(line_number) +
                                                    ": " + event.status().message());
    }
    decoded.events.push_back(std::move(*event));
    start = end + 1;
  }
  decoded.data_bytes = static_cast<int64_t>(start);
  const std::string_view rest = text.substr(start);
  decoded.zero_bytes = std::count(rest.begin(), rest.end(), '\0');
  decoded.tail_bytes = static_cast<int64_t>(rest.size()) - decoded.zero_bytes;
  return decoded;
}

arrow::Result<DecodedAuditFile> ReadAuditFile(arrow::fs::FileSystem& filesystem,
                                              const std::string& path,
                                              AuditFileFormat format) {
  auto file = filesystem.OpenInputFile(path);
  if (!file.ok()) {
    return Error(ErrorCode::kStorage,
                 "cannot open audit file " + path + ": " + file.status().message());
  }
  arrow::Result<DecodedAuditFile> decoded;
  if (format == AuditFileFormat::kParquet) {
    decoded = DecodeParquet(*file);
  } else {
    auto size = (*file)->GetSize();
    if (!size.ok()) return Error(ErrorCode::kStorage, size.status().message());
    auto bytes = (*file)->ReadAt(0, *size);
    if (!bytes.ok()) {
      return Error(ErrorCode::kStorage,
                   "cannot read audit file " + path + ": " + bytes.status().message());
    }
    decoded = DecodeJsonLines(std::string_view(**bytes));
  }
  if (!decoded.ok()) {
    return Error(
        ErrorCode::kInvalidArgument,
        "audit file " + path + " is not readable: " + decoded.status().message());
  }
  return decoded;
}

}  // namespace warden::audit
