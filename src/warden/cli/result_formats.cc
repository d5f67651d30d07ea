#include "warden/cli/result_formats.h"

#include <arrow/scalar.h>
#include <nlohmann/json.hpp>

#include "warden/cli/table_printer.h"
#include "warden/common/error.h"

namespace warden::cli {

namespace {

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

nlohmann::json JsonValue(const arrow::Scalar& scalar) {
  if (!scalar.is_valid) return nullptr;
  switch (scalar.type->id()) {
    case arrow::Type::BOOL:
      return static_cast<const arrow::BooleanScalar&>(scalar).value;
    case arrow::Type::INT8:
    case arrow::Type::INT16:
    case arrow::Type::INT32:
    case arrow::Type::INT64:
      return std::stoll(scalar.ToString());
    case arrow::Type::UINT8:
    case arrow::Type::UINT16:
    case arrow::Type::UINT32:
    case arrow::Type::UINT64:
      return std::stoull(scalar.ToString());
    case arrow::Type::FLOAT:
    case arrow::Type::DOUBLE: {
      const double value = arrow::Type::FLOAT == scalar.type->id()
                               ? static_cast<const arrow::FloatScalar&>(scalar).value
                               : static_cast<const arrow::DoubleScalar&>(scalar).value;
      if (std::isfinite(value)) return value;
      return scalar.ToString();
    }
    default:
      return scalar.ToString();
  }
}

}  // namespace

arrow::Result<OutputFormat> ParseOutputFormat(const std::string& name) {
  if (name == "aligned" || name == "table") return OutputFormat::kAligned;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "json") return OutputFormat::kJson;
  return Error(ErrorCode::kInvalidArgument,
               "unknown output format '" + name + "' (aligned, csv or json)");
}

void PrintCsv(const arrow::Table& table, std::ostream& out) {
  for (int c = 0; c < table.num_columns(); ++c) {
    out << (c ? "," : "") << CsvField(table.field(c)->name());
  }
  out << "\n";
  for (int64_t row = 0; row < table.num_rows(); ++row) {
    for (int c = 0; c < table.num_columns(); ++c) {
      auto scalar = table.column(c)->GetScalar(row);
      out << (c ? "," : "");
      if (scalar.ok() && (*scalar)->is_valid) out << CsvField((*scalar)->ToString());
    }
    out << "\n";
  }
}

void PrintJsonLines(const arrow::Table& table, std::ostream& out) {
  for (int64_t row = 0; row < table.num_rows(); ++row) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (int c = 0; c < table.num_columns(); ++c) {
      auto scalar = table.column(c)->GetScalar(row);
      object[table.field(c)->name()] =
          scalar.ok() ? nlohmann::ordered_json(JsonValue(**scalar)) : nullptr;
    }
    out << object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
}

void PrintResult(const arrow::Table& table, OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::kCsv:
      return PrintCsv(table, out);
    case OutputFormat::kJson:
      return PrintJsonLines(table, out);
    case OutputFormat::kAligned:
      return PrintTable(table, out);
  }
}

}  // namespace warden::cli
