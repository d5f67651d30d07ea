#pragma once

#include <ostream>
#include <string>

#include <arrow/result.h>
#include <arrow/table.h>

namespace warden::cli {

enum class OutputFormat { kAligned, kCsv, kJson };

/// "aligned", "csv" or "json"; kInvalidArgument otherwise.
arrow::Result<OutputFormat> ParseOutputFormat(const std::string& name);

/// CSV with a header row (RFC 4180 quoting; NULL is an empty field).
void PrintCsv(const arrow::Table& table, std::ostream& out);

/// One JSON object per row (JSON lines); numbers and booleans stay typed, NULL is null.
void PrintJsonLines(const arrow::Table& table, std::ostream& out);

/// Prints `table` in `format` (aligned is PrintTable's psql-like layout).
void PrintResult(const arrow::Table& table, OutputFormat format, std::ostream& out);

}  // namespace warden::cli
