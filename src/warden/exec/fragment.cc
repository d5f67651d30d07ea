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

const char* KindName(sql::PlanKind kind) {
  switch (kind) {
    case sql::PlanKind::kScan: return "scan";
    case sql::PlanKind::kValues: return "values";
    case sql::PlanKind::kFilter: return "filter";
    case sql::PlanKind::kProject: return "project";
    case sql::PlanKind::kAggregate: return "aggregate";
    case sql::PlanKind::kJoin: return "join";
    case sql::PlanKind::kSort: return "sort";
    case sql::PlanKind::kLimit: return "limit";
    case sql::PlanKind::kUnion: return "union";
    case sql::PlanKind::kUnnest: return "unnest";
  }
  return "?";
}

arrow::Result<sql::PlanKind> KindFromName(const std::string& name) {
  for (auto kind : {sql::PlanKind::kScan, sql::PlanKind::kValues, sql::PlanKind::kFilter,
                    sql::PlanKind::kProject, sql::PlanKind::kAggregate, sql::PlanKind::kJoin,
                    sql::PlanKind::kSort, sql::PlanKind::kLimit, sql::PlanKind::kUnion,
                    sql::PlanKind::kUnnest}) {
    if (name == KindName(kind)) return kind;
  }
  return Error(ErrorCode::kInternal, "unknown plan node kind " + name);
}

/// Writes the scan's files into `out`: relative to the table's location when they all lie
/// under it ("file_base" + "files"), which keeps tickets of many files small.
void EncodeFiles(const sql::ScanSource& source, json* out) {
  std::string base = source.location;
  if (!base.empty() && base.back() != '/') base += '/';
  bool relative = !source.file_uris.empty() && base.size() > 1;
  for (const auto& file : source.file_uris) {
    if (file.size() <= base.size() || file.compare(0, base.size(), base) != 0) {
      relative = false;
      break;
    }
  }
  if (!relative) {
    (*out)["files"] = source.file_uris;
    return;
  }
  json files = json::array();
  for (const auto& file : source.file_uris) files.push_back(file.substr(base.size()));
  (*out)["file_base"] = base;
  (*out)["files"] = std::move(files);
}

/// The scan's dictionary-read columns (ScanSource::dictionary_columns), only when set.
void EncodeDictionaryColumns(const sql::ScanSource& source, json* out) {
  if (!source.dictionary_columns.empty()) {
    (*out)["dictionary_columns"] = source.dictionary_columns;
  }
}

void DecodeDictionaryColumns(const json& in, sql::ScanSource* source) {
  if (in.contains("dictionary_columns")) {
    source->dictionary_columns =
        in.at("dictionary_columns").get<std::vector<std::string>>();
  }
}

/// Plans nest as deep as the query; this bounds decoding recursion on hostile input
/// (tickets are signed, but a bug must not become a stack overflow).
constexpr int kMaxPlanDepth = 512;

arrow::Result<json> NodeToJson(const sql::PlanNode& node, int depth) {
  if (depth > kMaxPlanDepth) return Error(ErrorCode::kSqlUnsupported, "plan too deep");
  json out = {{"kind", KindName(node.kind)}};
  ARROW_ASSIGN_OR_RAISE(out["schema"], EncodeSchema(*node.schema));
  json inputs = json::array();
  for (const auto& input : node.inputs) {
    ARROW_ASSIGN_OR_RAISE(json child, NodeToJson(*input, depth + 1));
    inputs.push_back(std::move(child));
  }
  out["inputs"] = std::move(inputs);
  switch (node.kind) {
    case sql::PlanKind::kScan: {
      const auto& source = node.source;
      out["table"] = source.table.ToString();
      out["format"] = source.format;
      out["location"] = source.location;
      EncodeFiles(source, &out);
      out["options"] = source.options;
      out["partition_columns"] = source.partition_columns;
      out["columns_declared"] = source.columns_declared;
      if (!source.row_groups.empty()) {
        json ranges = json::array();
        for (const auto& range : source.row_groups) {
          ranges.push_back(range ? json{range->first, range->last} : json());
        }
        out["row_groups"] = std::move(ranges);
      }
      ARROW_ASSIGN_OR_RAISE(out["dataset_schema"], EncodeSchema(*source.dataset_schema));
      EncodeDictionaryColumns(source, &out);
      out["columns"] = node.scan_columns;
      if (node.scan_filter) {
        ARROW_ASSIGN_OR_RAISE(out["scan_filter"], EncodeExpression(*node.scan_filter));
      }
      break;
    }
    case sql::PlanKind::kValues: {
      ARROW_ASSIGN_OR_RAISE(out["values"], EncodeTable(*node.values));
      break;
    }
    case sql::PlanKind::kFilter: {
      ARROW_ASSIGN_OR_RAISE(out["predicate"], EncodeExpression(node.predicate));
      break;
    }
    case sql::PlanKind::kProject: {
      json expressions = json::array();
      for (const auto& expr : node.expressions) {
        ARROW_ASSIGN_OR_RAISE(std::string encoded, EncodeExpression(expr));
        expressions.push_back(std::move(encoded));
      }
      out["expressions"] = std::move(expressions);
      break;
    }
    case sql::PlanKind::kAggregate: {
      out["keys"] = node.group_keys;
      json calls = json::array();
      for (const auto& call : node.aggregates) {
        calls.push_back({{"function", call.function}, {"input", call.input},
                         {"output", call.output}});
      }
      out["aggregates"] = std::move(calls);
      break;
    }
    case sql::PlanKind::kJoin:
      out["join_type"] = static_cast<int>(node.join_type);
      out["left_keys"] = node.left_keys;
      out["right_keys"] = node.right_keys;
      if (node.residual) {
        ARROW_ASSIGN_OR_RAISE(out["residual"], EncodeExpression(*node.residual));
      }
      break;
    case sql::PlanKind::kSort: {
      json keys = json::array();
      for (const auto& key : node.sort_keys) {
        keys.push_back({{"column", key.column}, {"descending", key.descending},
                        {"nulls_first", key.nulls_first}});
      }
      out["sort_keys"] = std::move(keys);
      break;
    }
    case sql::PlanKind::kLimit:
      out["offset"] = node.offset;
      if (node.count) out["count"] = *node.count;
      break;
    case sql::PlanKind::kUnion:
      break;
    case sql::PlanKind::kUnnest:
      out["unnest_input"] = node.unnest_input;
      out["unnest_output"] = node.unnest_output;
      break;
  }
  return out;
}

arrow::Result<sql::PlanPtr> NodeFromJson(const json& in, int depth) {
  if (depth > kMaxPlanDepth) return Error(ErrorCode::kInternal, "plan too deep");
  auto node = std::make_shared<sql::PlanNode>();
  ARROW_ASSIGN_OR_RAISE(node->kind, KindFromName(in.at("kind").get<std::string>()));
  ARROW_ASSIGN_OR_RAISE(node->schema, DecodeSchema(in.at("schema").get<std::string>()));
  for (const auto& child : in.at("inputs")) {
    ARROW_ASSIGN_OR_RAISE(auto input, NodeFromJson(child, depth + 1));
    node->inputs.push_back(std::move(input));
  }
  const size_t want_inputs = node->kind == sql::PlanKind::kScan ||
                                     node->kind == sql::PlanKind::kValues
                                 ? 0
                             : node->kind == sql::PlanKind::kJoin  ? 2
                             : node->kind == sql::PlanKind::kUnion ? node->inputs.size()
                                                                   : 1;
  if (node->inputs.size() != want_inputs ||
      (node->kind == sql::PlanKind::kUnion && node->inputs.empty())) {
    return Error(ErrorCode::kInternal, "plan node with the wrong number of inputs");
  }
  switch (node->kind) {
    case sql::PlanKind::kScan: {
      auto& source = node->source;
      const std::string table = in.at("table").get<std::string>();
      const size_t dot = table.find('.');
      source.table = {table.substr(0, dot), dot == std::string::npos ? "" : table.substr(dot + 1)};
      source.format = in.at("format").get<std::string>();
      source.location = in.at("location").get<std::string>();
      source.file_uris = in.at("files").get<std::vector<std::string>>();
      if (in.contains("file_base")) {
        const std::string base = in.at("file_base").get<std::string>();
        for (auto& file : source.file_uris) file = base + file;
      }
      source.options = in.at("options").get<std::map<std::string, std::string>>();
      source.partition_columns = in.at("partition_columns").get<std::vector<std::string>>();
      source.columns_declared = in.at("columns_declared").get<bool>();
      if (in.contains("row_groups")) {
        const json& ranges = in.at("row_groups");
        if (!ranges.is_array() || ranges.size() != source.file_uris.size()) {
          return Error(ErrorCode::kInternal, "invalid row-group ranges in a scan");
        }
        for (const json& item : ranges) {
          if (item.is_null()) {
            source.row_groups.emplace_back();
            continue;
          }
          const auto range = item.get<std::vector<int>>();
          if (range.size() != 2 || range[0] < 0 || range[1] < range[0]) {
            return Error(ErrorCode::kInternal, "invalid row-group range in a scan");
          }
          source.row_groups.push_back(sql::ScanSource::RowGroupRange{range[0], range[1]});
        }
      }
      ARROW_ASSIGN_OR_RAISE(source.dataset_schema,
                            DecodeSchema(in.at("dataset_schema").get<std::string>()));
      DecodeDictionaryColumns(in, &source);
      node->scan_columns = in.at("columns").get<std::vector<std::string>>();
      if (node->scan_columns.size() != static_cast<size_t>(node->schema->num_fields())) {
        return Error(ErrorCode::kInternal, "scan columns do not match its schema");
      }
      if (in.contains("scan_filter")) {
        ARROW_ASSIGN_OR_RAISE(node->scan_filter,
                              DecodeExpression(in.at("scan_filter").get<std::string>()));
      }
      break;
    }
    case sql::PlanKind::kValues: {
      ARROW_ASSIGN_OR_RAISE(node->values, DecodeTable(in.at("values").get<std::string>()));
      break;
    }
    case sql::PlanKind::kFilter: {
      ARROW_ASSIGN_OR_RAISE(node->predicate,
                            DecodeExpression(in.at("predicate").get<std::string>()));
      break;
    }
    case sql::PlanKind::kProject:
      for (const auto& expr : in.at("expressions")) {
        ARROW_ASSIGN_OR_RAISE(auto decoded, DecodeExpression(expr.get<std::string>()));
        node->expressions.push_back(std::move(decoded));
      }
      if (node->expressions.size() != static_cast<size_t>(node->schema->num_fields())) {
        return Error(ErrorCode::kInternal, "projection does not match its schema");
      }
      break;
    case sql::PlanKind::kAggregate:
      node->group_keys = in.at("keys").get<std::vector<std::string>>();
      for (const auto& call : in.at("aggregates")) {
        node->aggregates.push_back({call.at("function").get<std::string>(),
                                    call.at("input").get<std::string>(),
                                    call.at("output").get<std::string>()});
      }
      break;
    case sql::PlanKind::kJoin:
      node->join_type = static_cast<sql::PlanJoinType>(in.at("join_type").get<int>());
      node->left_keys = in.at("left_keys").get<std::vector<std::string>>();
      node->right_keys = in.at("right_keys").get<std::vector<std::string>>();
      if (in.contains("residual")) {
        ARROW_ASSIGN_OR_RAISE(node->residual,
                              DecodeExpression(in.at("residual").get<std::string>()));
      }
      break;
    case sql::PlanKind::kSort:
      for (const auto& key : in.at("sort_keys")) {
        node->sort_keys.push_back({key.at("column").get<std::string>(),
                                   key.at("descending").get<bool>(),
                                   key.at("nulls_first").get<bool>()});
      }
      break;
    case sql::PlanKind::kLimit:
      node->offset = in.at("offset").get<int64_t>();
      if (in.contains("count")) node->count = in.at("count").get<int64_t>();
      break;
    case sql::PlanKind::kUnion:
      break;
    case sql::PlanKind::kUnnest:
      node->unnest_input = in.at("unnest_input").get<std::string>();
      node->unnest_output = in.at("unnest_output").get<std::string>();
      break;
  }
  return node;
}

/// The JSON text of `out`. nlohmann throws on strings that are not UTF-8, and a plan
/// carries names from outside: file names listed from storage, column names read from
/// file footers. Such a plan is refused rather than crash the planner.
arrow::Result<std::string> Dump(const json& out) {
  try {
    return out.dump();
  } catch (const json::exception&) {
    return Error(ErrorCode::kStorage,
                 "the query reads a file or column whose name is not valid UTF-8");
  }
}

arrow::Result<sql::QueryPlan> PlanFromJson(const json& in) {
  sql::QueryPlan plan;
  ARROW_ASSIGN_OR_RAISE(plan.root, NodeFromJson(in.at("root"), 0));
  ARROW_ASSIGN_OR_RAISE(plan.output_schema,
                        DecodeSchema(in.at("output_schema").get<std::string>()));
  if (plan.output_schema->num_fields() != plan.root->schema->num_fields()) {
    return Error(ErrorCode::kInternal, "plan output does not match its root");
  }
  return plan;
}

/// The inverse of PlanFromJson.
arrow::Result<json> PlanToJson(const sql::QueryPlan& plan) {
  ARROW_ASSIGN_OR_RAISE(json root, NodeToJson(*plan.root, 0));
  json out = {{"root", std::move(root)}};
  ARROW_ASSIGN_OR_RAISE(out["output_schema"], EncodeSchema(*plan.output_schema));
  return out;
}

}  // namespace

arrow::Result<std::string> SerializePlan(const sql::QueryPlan& plan) {
  ARROW_ASSIGN_OR_RAISE(json out, PlanToJson(plan));
  return Dump(out);
}

arrow::Result<sql::QueryPlan> DeserializePlan(const std::string& text) {
  auto in = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!in.is_object()) return Error(ErrorCode::kInternal, "malformed plan");
  try {
    return PlanFromJson(in);
  } catch (const json::exception& e) {
    return Error(ErrorCode::kInternal, std::string("malformed plan: ") + e.what());
  }
}

arrow::Result<std::string> SerializeFragment(const Fragment& fragment) {
  if (const auto* query = std::get_if<QueryFragment>(&fragment)) {
    ARROW_ASSIGN_OR_RAISE(json out, PlanToJson(query->plan));
    out["kind"] = "query";
    out["memory_limit"] = query->memory_limit_bytes;
    return Dump(out);
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
    if (kind == "query") {
      QueryFragment fragment;
      ARROW_ASSIGN_OR_RAISE(fragment.plan, PlanFromJson(in));
      fragment.memory_limit_bytes = in.value("memory_limit", int64_t{0});
      return fragment;
    }
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
  if (const auto* query = std::get_if<QueryFragment>(&fragment)) {
    const auto scans = sql::CollectScans(query->plan.root.get());
    size_t files = 0;
    for (const auto* scan : scans) files += scan->source.file_uris.size();
    return "Query[" + std::to_string(scans.size()) + " scan(s), " + std::to_string(files) +
           " file(s)]";
  }
  return "InlineResult[" + std::to_string(std::get<InlineResult>(fragment).table->num_rows()) +
         " row(s)]";
}

}  // namespace warden::exec
