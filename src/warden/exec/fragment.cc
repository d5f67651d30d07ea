#include "warden/exec/fragment.h"

#include <arrow/io/memory.h>
#include <arrow/ipc/reader.h>
#include <arrow/ipc/writer.h>
#include <arrow/table.h>
#include <nlohmann/json.hpp>

#include "warden/common/arrow_codec.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::exec {

namespace {

using nlohmann::json;

arrow::Result<std::string> EncodeTable(const arrow::Table& table) {
  ARROW_ASSIGN_OR_RAISE(auto sink, arrow::io::BufferOutputStream::Create());
  ARROW_ASSIGN_OR_RAISE(auto writer, arrow::ipc::MakeStreamWriter(sink, table.schema()));
  ARROW_RETURN_NOT_OK(writer->WriteTable(table));
  ARROW_RETURN_NOT_OK(writer->Close());
  ARROW_ASSIGN_OR_RAISE(auto buffer, sink->Finish());
  return crypto::Base64UrlEncode(std::string_view(*buffer));
}

arrow::Result<std::shared_ptr<arrow::Table>> DecodeTable(const std::string& text) {
  ARROW_ASSIGN_OR_RAISE(auto bytes, crypto::Base64UrlDecode(text));
  auto input = std::make_shared<arrow::io::BufferReader>(
      arrow::Buffer::FromString(std::move(bytes)));
  ARROW_ASSIGN_OR_RAISE(auto reader, arrow::ipc::RecordBatchStreamReader::Open(input));
  return reader->ToTable();
}

arrow::Result<json> ScanToJson(const ScanFragment& scan) {
  json out = {{"kind", "scan"}, {"format", scan.format}, {"files", scan.file_uris},
              {"columns", scan.columns}};
  ARROW_ASSIGN_OR_RAISE(out["dataset_schema"], EncodeSchema(*scan.dataset_schema));
  ARROW_ASSIGN_OR_RAISE(out["output_schema"], EncodeSchema(*scan.output_schema));
  if (scan.filter) {
    ARROW_ASSIGN_OR_RAISE(out["filter"], EncodeExpression(*scan.filter));
  }
  if (scan.limit) out["limit"] = *scan.limit;
  return out;
}

arrow::Result<ScanFragment> ScanFromJson(const json& in) {
  ScanFragment scan;
  scan.format = in.at("format").get<std::string>();
  scan.file_uris = in.at("files").get<std::vector<std::string>>();
  scan.columns = in.at("columns").get<std::vector<std::string>>();
  ARROW_ASSIGN_OR_RAISE(scan.dataset_schema,
                        DecodeSchema(in.at("dataset_schema").get<std::string>()));
  ARROW_ASSIGN_OR_RAISE(scan.output_schema,
                        DecodeSchema(in.at("output_schema").get<std::string>()));
  if (in.contains("filter")) {
    ARROW_ASSIGN_OR_RAISE(scan.filter, DecodeExpression(in.at("filter").get<std::string>()));
  }
  if (in.contains("limit")) scan.limit = in.at("limit").get<int64_t>();
  if (scan.columns.size() != static_cast<size_t>(scan.output_schema->num_fields())) {
    return Error(ErrorCode::kInternal, "fragment columns do not match its output schema");
  }
  return scan;
}

}  // namespace

arrow::Result<std::string> SerializeFragment(const Fragment& fragment) {
  if (const auto* scan = std::get_if<ScanFragment>(&fragment)) {
    ARROW_ASSIGN_OR_RAISE(auto out, ScanToJson(*scan));
    return out.dump();
  }
  const auto& inline_result = std::get<InlineResult>(fragment);
  ARROW_ASSIGN_OR_RAISE(auto ipc, EncodeTable(*inline_result.table));
  return json{{"kind", "inline"}, {"ipc", ipc}}.dump();
}

arrow::Result<Fragment> DeserializeFragment(const std::string& text) {
  auto in = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!in.is_object() || !in.contains("kind")) {
    return Error(ErrorCode::kInternal, "malformed plan fragment");
  }
  try {
    const std::string kind = in.at("kind").get<std::string>();
    if (kind == "scan") return ScanFromJson(in);
    if (kind == "inline") {
      ARROW_ASSIGN_OR_RAISE(auto table, DecodeTable(in.at("ipc").get<std::string>()));
      return InlineResult{std::move(table)};
    }
  } catch (const json::exception& e) {
    return Error(ErrorCode::kInternal, std::string("malformed plan fragment: ") + e.what());
  }
  return Error(ErrorCode::kInternal, "unknown plan fragment kind");
}

std::string DescribeFragment(const Fragment& fragment) {
  if (const auto* scan = std::get_if<ScanFragment>(&fragment)) {
    std::string out = "Scan[" + scan->format + ", " + std::to_string(scan->file_uris.size()) +
                      " file(s)] columns=[";
    for (size_t i = 0; i < scan->columns.size(); ++i) {
      out += (i ? ", " : "") + scan->columns[i];
    }
    out += "]";
    if (scan->filter) out += " filter=" + scan->filter->ToString();
    if (scan->limit) out += " limit=" + std::to_string(*scan->limit);
    return out;
  }
  return "InlineResult[" + std::to_string(std::get<InlineResult>(fragment).table->num_rows()) +
         " row(s)]";
}

}  // namespace warden::exec
