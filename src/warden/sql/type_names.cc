#include "warden/sql/type_names.h"

#include <arrow/type.h>

#include "warden/common/error.h"

namespace warden::sql {

namespace {

std::string Precision(arrow::TimeUnit::type unit) {
  switch (unit) {
    case arrow::TimeUnit::SECOND: return "(0)";
    case arrow::TimeUnit::MILLI: return "(3)";
    case arrow::TimeUnit::MICRO: return "";  // the default
    case arrow::TimeUnit::NANO: return "(9)";
  }
  return "";
}

bool IsPlainWord(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9') || name[0] == '$') return false;
  for (unsigned char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '$' || c >= 0x80;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string QuoteIdentifier(const std::string& name) {
  if (IsPlainWord(name)) return name;
  std::string quoted = "\"";
  for (char c : name) {
    quoted.push_back(c);
    if (c == '"') quoted.push_back('"');
  }
  return quoted + "\"";
}

std::string QuoteString(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted.push_back(c);
    if (c == '\'') quoted.push_back('\'');
  }
  return quoted + "'";
}

arrow::Result<std::string> FormatTypeName(const arrow::DataType& type) {
  using arrow::Type;
  switch (type.id()) {
    case Type::BOOL: return "boolean";
    case Type::INT8: return "tinyint";
    case Type::INT16: return "smallint";
    case Type::INT32: return "int";
    case Type::INT64: return "bigint";
    case Type::UINT8: return "tinyint unsigned";
    case Type::UINT16: return "smallint unsigned";
    case Type::UINT32: return "int unsigned";
    case Type::UINT64: return "bigint unsigned";
    case Type::FLOAT: return "float";
    case Type::DOUBLE: return "double";
    case Type::STRING: return "string";
    case Type::LARGE_STRING: return "large_string";
    case Type::BINARY: return "binary";
    case Type::LARGE_BINARY: return "large_binary";
    case Type::DATE32: return "date";
    case Type::DATE64: return "date64";
    case Type::DECIMAL128:
    case Type::DECIMAL256: {
      const auto& decimal = static_cast<const arrow::DecimalType&>(type);
      const bool wide = type.id() == Type::DECIMAL256;
      if (wide != (decimal.precision() > 38)) break;  // no spelling keeps the width
      return "decimal(" + std::to_string(decimal.precision()) + "," +
             std::to_string(decimal.scale()) + ")";
    }
    case Type::TIMESTAMP: {
      const auto& timestamp = static_cast<const arrow::TimestampType&>(type);
      std::string name = "timestamp" + Precision(timestamp.unit());
      if (timestamp.timezone().empty()) return name;
      name += " with time zone";
      if (timestamp.timezone() != "UTC") name += " " + QuoteString(timestamp.timezone());
      return name;
    }
    case Type::LIST: {
      const auto& list = static_cast<const arrow::ListType&>(type);
      ARROW_ASSIGN_OR_RAISE(auto element, FormatTypeName(*list.value_type()));
      return "array<" + element + ">";
    }
    case Type::MAP: {
      const auto& map = static_cast<const arrow::MapType&>(type);
      ARROW_ASSIGN_OR_RAISE(auto key, FormatTypeName(*map.key_type()));
      ARROW_ASSIGN_OR_RAISE(auto value, FormatTypeName(*map.item_type()));
      return "map<" + key + ", " + value + ">";
    }
    case Type::STRUCT: {
      std::string name = "struct<";
      for (int i = 0; i < type.num_fields(); ++i) {
        ARROW_ASSIGN_OR_RAISE(auto field_type, FormatTypeName(*type.field(i)->type()));
        name += (i ? ", " : "") + QuoteIdentifier(type.field(i)->name()) + ": " + field_type;
      }
      return name + ">";
    }
    default: break;
  }
  return Error(ErrorCode::kSqlUnsupported,
               "type " + type.ToString() + " has no governance SQL spelling");
}

}  // namespace warden::sql
