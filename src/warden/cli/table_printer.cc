#include "warden/cli/table_printer.h"

#include <arrow/scalar.h>

#include <limits>

namespace warden::cli {

namespace {

/// Display width of UTF-8 text: one column per code point (no wide-glyph handling).
size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

std::string Cell(const arrow::ChunkedArray& column, int64_t row, size_t max_width) {
  auto scalar = column.GetScalar(row);
  if (!scalar.ok() || !(*scalar)->is_valid) return "NULL";
  std::string text = (*scalar)->ToString();
  for (char& c : text) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  if (DisplayWidth(text) > max_width) {
    size_t keep = 0, width = 0;
    while (keep < text.size() && width < max_width - 1) {
      ++keep;
      while (keep < text.size() && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) {
        ++keep;
      }
      ++width;
    }
    text = text.substr(0, keep) + "…";
  }
  return text;
}

void Pad(std::ostream& out, const std::string& text, size_t width) {
  out << text;
  for (size_t i = DisplayWidth(text); i < width; ++i) out << ' ';
}

}  // namespace

void PrintTable(const arrow::Table& table, std::ostream& out, size_t max_width) {
  const int columns = table.num_columns();
  // A single column (EXPLAIN, SHOW CREATE TABLE) has the whole line: never cut it.
  if (columns == 1) max_width = std::numeric_limits<size_t>::max() / 2;
  std::vector<std::vector<std::string>> cells(table.num_rows());
  std::vector<size_t> widths(columns);
  for (int c = 0; c < columns; ++c) widths[c] = DisplayWidth(table.field(c)->name());
  for (int64_t r = 0; r < table.num_rows(); ++r) {
    for (int c = 0; c < columns; ++c) {
      cells[r].push_back(Cell(*table.column(c), r, max_width));
      widths[c] = std::max(widths[c], DisplayWidth(cells[r].back()));
    }
  }
  for (int c = 0; c < columns; ++c) {
    out << (c ? " | " : " ");
    Pad(out, table.field(c)->name(), widths[c]);
  }
  out << "\n";
  for (int c = 0; c < columns; ++c) {
    out << (c ? "-+-" : "-") << std::string(widths[c], '-');
  }
  out << "-\n";
  for (const auto& row : cells) {
    for (int c = 0; c < columns; ++c) {
      out << (c ? " | " : " ");
      Pad(out, row[c], widths[c]);
    }
    out << "\n";
  }
  out << "(" << table.num_rows() << (table.num_rows() == 1 ? " row)" : " rows)") << "\n";
}

}  // namespace warden::cli
