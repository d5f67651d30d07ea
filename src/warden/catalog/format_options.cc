#include "warden/catalog/format_options.h"

#include <algorithm>

#include <arrow/dataset/file_csv.h>
#include <arrow/dataset/file_json.h>
#include <arrow/dataset/file_orc.h>
#include <arrow/dataset/file_parquet.h>
#include <arrow/type.h>

#include "warden/common/error.h"

namespace warden::catalog {

namespace {

/// Hive, Spark and Warden spellings of the CSV options, onto Warden's keys.
const std::map<std::string, std::string>& CsvOptionAliases() {
  static const std::map<std::string, std::string> kAliases = {
      {"header", "header"},
      {"skip.header.line.count", "header"},
      {"delimiter", "delimiter"},
      {"sep", "delimiter"},
      {"field.delim", "delimiter"},
      {"separatorchar", "delimiter"},
      {"quote", "quote"},
      {"quotechar", "quote"},
      {"escape", "escape"},
      {"escapechar", "escape"},
      {"escape.delim", "escape"},
      {"null", "null"},
      {"nullvalue", "null"},
      {"serialization.null.format", "null"},
      {"line.delim", "line.delim"},
  };
  return kAliases;
}

arrow::Status BadOption(const std::string& key, const std::string& why) {
  return Error(ErrorCode::kInvalidArgument, "format option '" + key + "' " + why);
}

arrow::Result<std::string> CsvValue(const std::string& key, const std::string& canonical,
                                    const std::string& value) {
  if (canonical == "header") {
    std::string lower = value;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (key == "skip.header.line.count") {
      if (value == "0") return std::string("false");
      if (value == "1") return std::string("true");
      return BadOption(key, "must be 0 or 1");
    }
    if (lower == "true" || lower == "false") return lower;
    return BadOption(key, "must be true or false");
  }
  if (canonical == "delimiter" || canonical == "escape") {
    if (value.size() != 1) return BadOption(key, "must be exactly one character");
    if (value == "\n" || value == "\r") return BadOption(key, "must not be a line break");
    return value;
  }
  if (canonical == "quote") {
    if (value.size() > 1) return BadOption(key, "must be one character, or '' for none");
    return value;
  }
  if (canonical == "line.delim") {
    if (value != "\n" && value != "\\n") return BadOption(key, "must be '\\n'");
    return value;
  }
  return value;  // null: any string
}

}  // namespace

arrow::Result<std::map<std::string, std::string>> NormalizeFormatOptions(
    const std::string& format, const std::map<std::string, std::string>& options) {
  std::map<std::string, std::string> canonical;
  if (format != "csv") {
    if (!options.empty()) {
      return Error(ErrorCode::kInvalidArgument, "format " + format +
                                                    " takes no options, got '" +
                                                    options.begin()->first + "'");
    }
    return canonical;
  }
  for (const auto& [key, value] : options) {
    auto alias = CsvOptionAliases().find(key);
    if (alias == CsvOptionAliases().end()) {
      return BadOption(key, "is not a CSV option (header, delimiter, quote, escape, null)");
    }
    ARROW_ASSIGN_OR_RAISE(auto checked, CsvValue(key, alias->second, value));
    if (alias->second == "line.delim") continue;  // the only value Arrow reads anyway
    if (!canonical.emplace(alias->second, checked).second) {
      return BadOption(key, "repeats option '" + alias->second + "' under another name");
    }
  }
  return canonical;
}

arrow::Result<std::shared_ptr<arrow::dataset::FileFormat>> MakeFileFormat(
    const std::string& format, const std::map<std::string, std::string>& options,
    const std::shared_ptr<arrow::Schema>& declared) {
  if (format == "parquet") return std::make_shared<arrow::dataset::ParquetFileFormat>();
  if (format == "json") return std::make_shared<arrow::dataset::JsonFileFormat>();
  if (format == "orc") return std::make_shared<arrow::dataset::OrcFileFormat>();
  if (format != "csv") {
    return Error(ErrorCode::kInvalidArgument,
                 "unsupported format '" + format + "' (use PARQUET, CSV, JSON or ORC)");
  }
  auto get = [&](const char* key, const std::string& fallback) {
    auto it = options.find(key);
    return it == options.end() ? fallback : it->second;
  };
  auto csv = std::make_shared<arrow::dataset::CsvFileFormat>();
  csv->parse_options.delimiter = get("delimiter", ",")[0];
  const std::string quote = get("quote", "\"");
  csv->parse_options.quoting = !quote.empty();
  if (!quote.empty()) csv->parse_options.quote_char = quote[0];
  const std::string escape = get("escape", "");
  csv->parse_options.escaping = !escape.empty();
  if (!escape.empty()) csv->parse_options.escape_char = escape[0];

  auto scan = std::make_shared<arrow::dataset::CsvFragmentScanOptions>();
  scan->parse_options = csv->parse_options;
  const bool header = get("header", "true") == "true";
  if (auto null = options.find("null"); null != options.end()) {
    scan->convert_options.null_values = {null->second};
    scan->convert_options.strings_can_be_null = true;
  }
  if (declared != nullptr) {
    // Declared columns name the fields in order; a header row, if any, is skipped.
    for (const auto& field : declared->fields()) {
      scan->read_options.column_names.push_back(field->name());
      scan->convert_options.column_types[field->name()] = field->type();
    }
    scan->read_options.skip_rows = header ? 1 : 0;
  } else {
    scan->read_options.autogenerate_column_names = !header;
  }
  csv->default_fragment_scan_options = std::move(scan);
  return csv;
}

std::shared_ptr<arrow::Schema> DataColumnsOf(const std::shared_ptr<arrow::Schema>& schema,
                                             const std::vector<std::string>& partitions) {
  arrow::FieldVector fields;
  for (const auto& field : schema->fields()) {
    if (std::find(partitions.begin(), partitions.end(), field->name()) == partitions.end()) {
      fields.push_back(field);
    }
  }
  return arrow::schema(std::move(fields));
}

arrow::Result<std::shared_ptr<arrow::dataset::FileFormat>> MakeFileFormatFor(
    const DatasetInfo& dataset) {
  return MakeFileFormat(dataset.format, dataset.format_options,
                        dataset.schema_declared ? DataColumnsOf(dataset) : nullptr);
}

}  // namespace warden::catalog
