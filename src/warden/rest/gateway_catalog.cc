// Catalog browsing, search, dataset details, preview and statistics: each one SQL
// statement (or a few) run as the caller, so invisible objects stay absent.
#include <cmath>
#include <map>
#include <regex>

#include <httplib.h>

#include "warden/common/error.h"
#include "warden/rest/gateway.h"
#include "warden/rest/http_errors.h"
#include "warden/rest/request_params.h"

namespace warden::rest {

namespace {

std::string TableName(const ApiCall& call) {
  return QuoteIdentifier(call.params.at(0)) + "." + QuoteIdentifier(call.params.at(1));
}

/// {"columns":[a,b],"rows":[[1,2]]} → [{"a":1,"b":2}]
nlohmann::json AsObjects(const nlohmann::json& result) {
  nlohmann::json objects = nlohmann::json::array();
  for (const auto& row : result["rows"]) {
    nlohmann::json object = nlohmann::json::object();
    for (size_t c = 0; c < result["columns"].size(); ++c) {
      object[result["columns"][c].get<std::string>()] = row[c];
    }
    objects.push_back(std::move(object));
  }
  return objects;
}

/// "a.b, c.d" → ["a.b","c.d"]
nlohmann::json SplitList(const std::string& text) {
  nlohmann::json items = nlohmann::json::array();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) items.push_back(item);
    start = end + 1;
  }
  return items;
}

}  // namespace

void Gateway::ListDatabases(ApiCall& call) {
  auto result = RunSmall(call, "SHOW DATABASES");
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, {{"databases", AsObjects(*result)}});
}

void Gateway::ListDatabaseDatasets(ApiCall& call) {
  const std::string database = call.params.at(0);
  auto result = RunSmall(call, "SHOW TABLES IN " + QuoteIdentifier(database));
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  nlohmann::json datasets = AsObjects(*result);
  for (auto& dataset : datasets) dataset["database"] = database;
  SendJson(call, {{"database", database}, {"datasets", datasets}});
}

void Gateway::SearchDatasets(ApiCall& call) {
  RequestParams params(call.request);
  std::string sql = "SEARCH DATASETS";
  if (auto text = params.Text("q")) sql += " " + QuoteLiteral(*text);
  if (auto database = params.Text("database")) sql += " IN " + QuoteIdentifier(*database);
  if (auto attribute = params.Text("attribute")) {
    static const std::regex kAttribute("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");
    if (!std::regex_match(*attribute, kAttribute)) {
      return SendError(call.response,
                       Error(ErrorCode::kInvalidArgument,
                             "attribute must be written namespace.key"),
                       call.request_id);
    }
    sql += " ATTRIBUTE " + *attribute;
  }
  if (auto column = params.Text("column")) sql += " COLUMN " + QuoteIdentifier(*column);
  auto limit = params.Integer("limit", 50, 1, 1000);
  auto offset = params.Integer("offset", 0, 0, 1000000);
  if (!limit.ok()) return SendError(call.response, limit.status(), call.request_id);
  if (!offset.ok()) return SendError(call.response, offset.status(), call.request_id);
  sql += " LIMIT " + std::to_string(*limit) + " OFFSET " + std::to_string(*offset);
  auto result = RunSmall(call, sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, {{"datasets", AsObjects(*result)}, {"limit", *limit}, {"offset", *offset}});
}

void Gateway::GetDataset(ApiCall& call) {
  const std::string table = TableName(call);
  auto described = RunSmall(call, "DESCRIBE FORMATTED " + table);
  if (!described.ok()) return SendError(call.response, described.status(), call.request_id);
  // The columns, a blank row, then the dataset's details as (name, value-in-type) rows.
  nlohmann::json columns = nlohmann::json::array();
  std::map<std::string, std::string> details;
  bool in_details = false;
  for (const auto& row : AsObjects(*described)) {
    const std::string name = row.value("name", "");
    if (name.empty()) {
      in_details = true;
    } else if (in_details) {
      if (name[0] != '#') details[name] = row.value("type", "");
    } else {
      columns.push_back({{"name", name},
                         {"type", row.value("type", "")},
                         {"comment", row.value("comment", "")},
                         {"attributes", SplitList(row.value("attributes", ""))}});
    }
  }
  nlohmann::json body = {{"database", call.params.at(0)},
                         {"name", call.params.at(1)},
                         {"columns", columns},
                         {"kind", details["Type"] == "VIEW" ? "view" : "table"},
                         {"comment", details["Comment"]},
                         {"attributes", SplitList(details["Attributes"])},
                         {"partition_columns", SplitList(details["Partition Columns"])},
                         {"partitions", nlohmann::json::array()}};
  for (const auto& [key, field] : {std::pair{"Owner", "owner"}, {"Created", "created"},
                                   {"Location", "location"}, {"Format", "format"},
                                   {"Format Options", "format_options"}}) {
    if (!details[key].empty()) body[field] = details[key];
  }
  auto create = RunSmall(call, "SHOW CREATE TABLE " + table);
  if (create.ok()) {
    // The script that recreates the dataset: its database, the table, its attributes.
    std::string script;
    for (const auto& row : (*create)["rows"]) {
      script += row[0].get<std::string>() + ";\n";
    }
    body["create_statement"] = script;
  }
  if (body["kind"] == "table") {
    auto partitions = RunSmall(call, "SHOW PARTITIONS " + table);
    if (partitions.ok()) {
      for (const auto& row : (*partitions)["rows"]) body["partitions"].push_back(row[0]);
    }
  }
  SendJson(call, body);
}

void Gateway::PreviewDataset(ApiCall& call) {
  auto limit = RequestParams(call.request).Integer("limit", 100, 0, 10000);
  if (!limit.ok()) return SendError(call.response, limit.status(), call.request_id);
  StreamQuery(call, "SELECT * FROM " + TableName(call) + " LIMIT " + std::to_string(*limit),
              0, *limit);
}

void Gateway::DatasetStatistics(ApiCall& call) {
  RequestParams params(call.request);
  auto column = params.Text("column");
  auto buckets = params.Integer("buckets", 20, 1, 100);
  if (!buckets.ok()) return SendError(call.response, buckets.status(), call.request_id);
  if (!column) {
    return SendError(call.response,
                     Error(ErrorCode::kInvalidArgument, "query parameter 'column' is required"),
                     call.request_id);
  }
  const std::string table = TableName(call);
  const std::string c = QuoteIdentifier(*column);
  // On the governed view: statistics of what the caller sees (masked values included).
  auto summary = RunSmall(call, "SELECT count(*) AS row_count, count(" + c +
                                    ") AS non_null, count(DISTINCT " + c +
                                    ") AS distinct_count, min(" + c + ") AS min_value, max(" +
                                    c + ") AS max_value FROM " + table);
  if (!summary.ok()) return SendError(call.response, summary.status(), call.request_id);
  const auto row = (*summary)["rows"].at(0);
  const int64_t rows = row[0].get<int64_t>();
  const int64_t non_null = row[1].get<int64_t>();
  nlohmann::json body = {{"column", *column},
                         {"row_count", rows},
                         {"null_fraction", rows == 0 ? 0.0 : 1.0 - double(non_null) / rows},
                         {"distinct_count", row[2]},
                         {"min", row[3]},
                         {"max", row[4]}};
  nlohmann::json histogram = nlohmann::json::array();
  if (row[3].is_number() && row[4].is_number() && row[3] != row[4]) {
    const double low = row[3].get<double>();
    const double high = row[4].get<double>();
    const double width = (high - low) / *buckets;
    const std::string bucket = "floor((CAST(" + c + " AS DOUBLE) - (" +
                               std::to_string(low) + ")) / " + std::to_string(width) + ")";
    auto counts = RunSmall(call, "SELECT " + bucket + " AS bucket, count(*) AS n FROM " +
                                     table + " WHERE " + c + " IS NOT NULL GROUP BY " +
                                     bucket);
    if (!counts.ok()) return SendError(call.response, counts.status(), call.request_id);
    std::vector<int64_t> per_bucket(*buckets, 0);
    for (const auto& count : (*counts)["rows"]) {
      if (!count[0].is_number()) continue;
      // The maximum lands one past the last bucket; rounding may nudge others out too.
      const int64_t index = std::clamp<int64_t>(
          static_cast<int64_t>(count[0].get<double>()), 0, *buckets - 1);
      per_bucket[index] += count[1].get<int64_t>();
    }
    for (int64_t i = 0; i < *buckets; ++i) {
      histogram.push_back({{"low", low + i * width},
                           {"high", low + (i + 1) * width},
                           {"count", per_bucket[i]}});
    }
    body["histogram_kind"] = "range";
  } else if (non_null > 0) {
    auto counts = RunSmall(call, "SELECT CAST(" + c + " AS VARCHAR) AS value, count(*) AS n FROM " +
                                     table + " WHERE " + c + " IS NOT NULL GROUP BY " + c +
                                     " ORDER BY n DESC LIMIT " + std::to_string(*buckets));
    if (!counts.ok()) return SendError(call.response, counts.status(), call.request_id);
    for (const auto& count : (*counts)["rows"]) {
      histogram.push_back({{"value", count[0]}, {"count", count[1]}});
    }
    body["histogram_kind"] = "top_values";
  } else {
    body["histogram_kind"] = "none";
  }
  body["histogram"] = histogram;
  SendJson(call, body);
}

}  // namespace warden::rest
