#pragma once

#include <ostream>

#include <arrow/table.h>

namespace warden::cli {

/// Prints a table as aligned text columns with a header and a row count, as psql does.
/// NULL cells print as "NULL"; cells are cut at `max_width` characters unless the table
/// has a single column.
void PrintTable(const arrow::Table& table, std::ostream& out, size_t max_width = 60);

}  // namespace warden::cli
