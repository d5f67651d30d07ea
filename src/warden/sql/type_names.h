#pragma once

#include <string>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace warden::sql {

/// The type as governance SQL spells it in a column list, such that parsing it back gives
/// an equal Arrow type (SHOW CREATE TABLE relies on this): "bigint", "decimal(12,2)",
/// "timestamp(3) with time zone 'Europe/Paris'", "array<struct<a: int>>". kSqlUnsupported
/// for Arrow types the grammar has no spelling for.
arrow::Result<std::string> FormatTypeName(const arrow::DataType& type);

/// `name` as an identifier that reads back as itself: bare when it is a lower-case word,
/// double-quoted (quotes doubled) otherwise.
std::string QuoteIdentifier(const std::string& name);

/// `text` as a single-quoted string literal (quotes doubled).
std::string QuoteString(const std::string& text);

}  // namespace warden::sql
