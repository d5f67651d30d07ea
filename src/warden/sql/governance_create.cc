// GovernanceParser: CREATE and DROP statements, column lists and type names.
#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/sql/governance_parser_internal.h"

namespace warden::sql::internal {

namespace {

/// Precision digits of TIMESTAMP(p) per Arrow unit, as in the SQL standard.
arrow::Result<arrow::TimeUnit::type> TimestampUnit(int64_t precision) {
  switch (precision) {
    case 0: return arrow::TimeUnit::SECOND;
    case 3: return arrow::TimeUnit::MILLI;
    case 6: return arrow::TimeUnit::MICRO;
    case 9: return arrow::TimeUnit::NANO;
    default:
      return Error(ErrorCode::kSqlSyntax,
                   "TIMESTAMP precision must be 0, 3, 6 or 9, got " + std::to_string(precision));
  }
}

}  // namespace

arrow::Result<GovernanceStatement> GovernanceParser::ParseCreate() {
  if (Accept("DATABASE") || Accept("SCHEMA")) {
    CreateDatabase create;
    ARROW_ASSIGN_OR_RAISE(create.if_not_exists, AcceptIfNotExists());
    ARROW_ASSIGN_OR_RAISE(create.name, ExpectName("a database name"));
    if (Accept("COMMENT")) {
      ARROW_ASSIGN_OR_RAISE(create.comment, ExpectString("a comment string"));
    }
    return create;
  }
  if (Accept("EXTERNAL")) {
    ARROW_RETURN_NOT_OK(Expect("TABLE"));
    return ParseCreateExternalTable();
  }
  if (Accept("VIEW")) return ParseCreateView(true);
  if (Accept("ATTRIBUTE")) {
    CreateAttribute create;
    ARROW_ASSIGN_OR_RAISE(create.if_not_exists, AcceptIfNotExists());
    ARROW_ASSIGN_OR_RAISE(create.attribute, ExpectAttribute());
    return create;
  }
  if (PeekKeyword("OR")) return GovernanceUnsupported("CREATE OR REPLACE");
  for (const char* object : {"ROLE", "TABLE", "FUNCTION", "INDEX"}) {
    if (Accept(object)) {
      return Error(ErrorCode::kSqlUnsupported,
                   std::string("CREATE ") + object + " is not supported yet" +
                       (std::string(object) == "TABLE" ? "; use CREATE EXTERNAL TABLE" : ""));
    }
  }
  return SyntaxError("DATABASE, SCHEMA, EXTERNAL TABLE, VIEW or ATTRIBUTE");
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseCreateView(bool) {
  CreateView create;
  ARROW_ASSIGN_OR_RAISE(create.if_not_exists, AcceptIfNotExists());
  ARROW_ASSIGN_OR_RAISE(create.view, ExpectQualifiedName("view"));
  if (Accept("COMMENT")) {
    ARROW_ASSIGN_OR_RAISE(create.comment, ExpectString("a comment string"));
  }
  ARROW_RETURN_NOT_OK(Expect("AS"));
  if (Peek().kind == TokenKind::kEnd) return SyntaxError("a query");
  // The query is kept as written, for the query binder, without a trailing ';'.
  std::string query(sql_.substr(Peek().position));
  while (!query.empty() && (query.back() == ';' || query.back() == ' ' ||
                            query.back() == '\n' || query.back() == '\t' ||
                            query.back() == '\r')) {
    query.pop_back();
  }
  create.query = std::move(query);
  index_ = tokens_.size() - 1;
  return create;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseCreateExternalTable() {
  CreateExternalTable create;
  ARROW_ASSIGN_OR_RAISE(create.if_not_exists, AcceptIfNotExists());
  ARROW_ASSIGN_OR_RAISE(create.table, ExpectQualifiedName());
  if (PeekSymbol('(')) {
    ARROW_ASSIGN_OR_RAISE(create.columns, ParseColumnList(/*types_optional=*/false));
  }
  bool has_format = false;
  bool has_location = false;
  bool has_attributes = false;
  while (!AtEnd()) {
    const Token& clause = Peek();
    if (Accept("STORED")) {
      if (has_format) return ErrorAt(clause, "duplicate STORED AS clause");
      ARROW_RETURN_NOT_OK(Expect("AS"));
      ARROW_ASSIGN_OR_RAISE(create.format, ExpectFormat());
      has_format = true;
    } else if (Accept("LOCATION")) {
      if (has_location) return ErrorAt(clause, "duplicate LOCATION clause");
      ARROW_ASSIGN_OR_RAISE(create.location, ExpectString("a location string"));
      if (create.location.empty()) return ErrorAt(clause, "LOCATION must not be empty");
      has_location = true;
    } else if (Accept("COMMENT")) {
      if (create.comment) return ErrorAt(clause, "duplicate COMMENT clause");
      ARROW_ASSIGN_OR_RAISE(create.comment, ExpectString("a comment string"));
    } else if (Accept("LIKE")) {
      if (create.like_parquet) return ErrorAt(clause, "duplicate LIKE clause");
      ARROW_RETURN_NOT_OK(Expect("PARQUET"));
      ARROW_ASSIGN_OR_RAISE(create.like_parquet, ExpectString("a Parquet file URI"));
    } else if (Accept("PARTITIONED")) {
      if (create.partitioned_by) return ErrorAt(clause, "duplicate PARTITIONED BY clause");
      ARROW_RETURN_NOT_OK(Expect("BY"));
      ARROW_ASSIGN_OR_RAISE(create.partitioned_by, ParseColumnList(/*types_optional=*/true));
    } else if (Accept("ROW")) {
      ARROW_RETURN_NOT_OK(ParseRowFormat(&create.options));
    } else if (Accept("TBLPROPERTIES") || Accept("OPTIONS")) {
      ARROW_ASSIGN_OR_RAISE(auto properties, ParseProperties());
      for (auto& [key, value] : properties) {
        if (!create.options.emplace(key, value).second) {
          return ErrorAt(clause, "option '" + key + "' given twice");
        }
      }
    } else if (Accept("ATTRIBUTES")) {
      if (has_attributes) return ErrorAt(clause, "duplicate ATTRIBUTES clause");
      has_attributes = true;
      ARROW_RETURN_NOT_OK(ExpectSymbol('('));
      do {
        ARROW_ASSIGN_OR_RAISE(auto attribute, ExpectAttribute());
        create.attributes.push_back(std::move(attribute));
      } while (AcceptSymbol(','));
      ARROW_RETURN_NOT_OK(ExpectSymbol(')'));
    } else if (PeekSymbol('(')) {
      return ErrorAt(clause, "the column list goes right after the table name");
    } else {
      return SyntaxError(has_format ? (has_location ? "a clause or end of statement"
                                                    : "LOCATION")
                                    : "STORED AS");
    }
  }
  if (!has_format) return SyntaxError("STORED AS");
  if (!has_location) return SyntaxError("LOCATION");
  if (create.like_parquet && !create.columns.empty()) {
    return Error(ErrorCode::kSqlSyntax,
                 "syntax error: give either a column list or LIKE PARQUET, not both");
  }
  return create;
}

arrow::Status GovernanceParser::ParseRowFormat(std::map<std::string, std::string>* options) {
  ARROW_RETURN_NOT_OK(Expect("FORMAT"));
  if (Accept("SERDE")) return GovernanceUnsupported("ROW FORMAT SERDE");
  ARROW_RETURN_NOT_OK(Expect("DELIMITED"));
  while (true) {
    std::string key;
    if (Accept("FIELDS")) {
      ARROW_RETURN_NOT_OK(Expect("TERMINATED"));
      ARROW_RETURN_NOT_OK(Expect("BY"));
      key = "field.delim";
    } else if (Accept("ESCAPED")) {
      ARROW_RETURN_NOT_OK(Expect("BY"));
      key = "escape.delim";
    } else if (Accept("LINES")) {
      ARROW_RETURN_NOT_OK(Expect("TERMINATED"));
      ARROW_RETURN_NOT_OK(Expect("BY"));
      key = "line.delim";
    } else if (Accept("NULL")) {
      ARROW_RETURN_NOT_OK(Expect("DEFINED"));
      ARROW_RETURN_NOT_OK(Expect("AS"));
      key = "serialization.null.format";
    } else {
      return arrow::Status::OK();
    }
    ARROW_ASSIGN_OR_RAISE(auto value, ExpectString("a quoted character"));
    (*options)[key] = std::move(value);
  }
}

arrow::Result<std::map<std::string, std::string>> GovernanceParser::ParseProperties() {
  std::map<std::string, std::string> properties;
  ARROW_RETURN_NOT_OK(ExpectSymbol('('));
  do {
    std::string key;
    const Token& token = Peek();
    if (token.kind == TokenKind::kString || token.kind == TokenKind::kWord) {
      key = NormalizeIdentifier(token.text, /*quoted=*/false);
      ++index_;
    } else {
      return SyntaxError("an option name");
    }
    AcceptSymbol('=');
    ARROW_ASSIGN_OR_RAISE(auto value, ExpectString("a quoted option value"));
    if (!properties.emplace(key, std::move(value)).second) {
      return ErrorAt(token, "option '" + key + "' given twice");
    }
  } while (AcceptSymbol(','));
  ARROW_RETURN_NOT_OK(ExpectSymbol(')'));
  return properties;
}

arrow::Result<std::vector<ColumnDefinition>> GovernanceParser::ParseColumnList(
    bool types_optional) {
  ARROW_RETURN_NOT_OK(ExpectSymbol('('));
  std::vector<ColumnDefinition> columns;
  do {
    ARROW_ASSIGN_OR_RAISE(auto column, ParseColumnDefinition(types_optional));
    columns.push_back(std::move(column));
  } while (AcceptSymbol(','));
  ARROW_RETURN_NOT_OK(ExpectSymbol(')'));
  return columns;
}

arrow::Result<ColumnDefinition> GovernanceParser::ParseColumnDefinition(bool type_optional) {
  ColumnDefinition column;
  ARROW_ASSIGN_OR_RAISE(column.name, ExpectName("a column name"));
  const bool has_type = !(PeekSymbol(',') || PeekSymbol(')') || PeekKeyword("COMMENT") ||
                          PeekKeyword("ATTRIBUTE"));
  if (has_type) {
    ARROW_ASSIGN_OR_RAISE(column.type, ParseType());
  } else if (!type_optional) {
    return SyntaxError("a type for column " + column.name);
  }
  while (true) {
    if (PeekKeyword("NOT") && PeekKeyword("NULL", 1)) {
      index_ += 2;
      column.nullable = false;
    } else if (Accept("NULL")) {
      column.nullable = true;
    } else if (Accept("COMMENT")) {
      ARROW_ASSIGN_OR_RAISE(column.comment, ExpectString("a comment string"));
    } else if (Accept("ATTRIBUTE")) {
      ARROW_ASSIGN_OR_RAISE(auto attribute, ExpectAttribute());
      column.attributes.push_back(std::move(attribute));
    } else {
      return column;
    }
  }
}

arrow::Result<std::shared_ptr<arrow::DataType>> GovernanceParser::ParseType() {
  const Token& token = Peek();
  if (token.kind != TokenKind::kWord) return SyntaxError("a type name");
  auto simple = [&](std::shared_ptr<arrow::DataType> type) {
    ++index_;
    return type;
  };
  auto maybe_unsigned = [&](std::shared_ptr<arrow::DataType> sign,
                            std::shared_ptr<arrow::DataType> no_sign) {
    ++index_;
    return Accept("UNSIGNED") ? no_sign : sign;
  };
  if (IsKeyword(token, "BOOLEAN") || IsKeyword(token, "BOOL")) return simple(arrow::boolean());
  if (IsKeyword(token, "TINYINT")) return maybe_unsigned(arrow::int8(), arrow::uint8());
  if (IsKeyword(token, "SMALLINT")) return maybe_unsigned(arrow::int16(), arrow::uint16());
  if (IsKeyword(token, "INT") || IsKeyword(token, "INTEGER")) {
    return maybe_unsigned(arrow::int32(), arrow::uint32());
  }
  if (IsKeyword(token, "BIGINT")) return maybe_unsigned(arrow::int64(), arrow::uint64());
  if (IsKeyword(token, "FLOAT") || IsKeyword(token, "REAL")) return simple(arrow::float32());
  if (IsKeyword(token, "DOUBLE")) {
    ++index_;
    Accept("PRECISION");
    return arrow::float64();
  }
  if (IsKeyword(token, "STRING") || IsKeyword(token, "TEXT")) return simple(arrow::utf8());
  if (IsKeyword(token, "VARCHAR") || IsKeyword(token, "CHAR")) {
    ++index_;
    if (AcceptSymbol('(')) {  // the length is accepted and not enforced
      ARROW_RETURN_NOT_OK(ExpectNonNegativeInteger("a length").status());
      ARROW_RETURN_NOT_OK(ExpectSymbol(')'));
    }
    return arrow::utf8();
  }
  if (IsKeyword(token, "LARGE_STRING")) return simple(arrow::large_utf8());
  if (IsKeyword(token, "BINARY") || IsKeyword(token, "VARBINARY")) {
    return simple(arrow::binary());
  }
  if (IsKeyword(token, "LARGE_BINARY")) return simple(arrow::large_binary());
  if (IsKeyword(token, "DATE")) return simple(arrow::date32());
  if (IsKeyword(token, "DATE64")) return simple(arrow::date64());
  if (IsKeyword(token, "DECIMAL") || IsKeyword(token, "NUMERIC")) {
    ++index_;
    int64_t precision = 10, scale = 0;  // Hive's default DECIMAL is DECIMAL(10,0)
    if (AcceptSymbol('(')) {
      ARROW_ASSIGN_OR_RAISE(precision, ExpectNonNegativeInteger("a precision"));
      if (AcceptSymbol(',')) {
        ARROW_ASSIGN_OR_RAISE(scale, ExpectNonNegativeInteger("a scale"));
      }
      ARROW_RETURN_NOT_OK(ExpectSymbol(')'));
    }
    if (precision < 1 || precision > 76 || scale > precision) {
      return ErrorAt(token, "DECIMAL precision must be 1..76 and scale at most the precision");
    }
    if (precision <= 38) {
      return arrow::decimal128(static_cast<int32_t>(precision), static_cast<int32_t>(scale));
    }
    return arrow::decimal256(static_cast<int32_t>(precision), static_cast<int32_t>(scale));
  }
  if (IsKeyword(token, "TIMESTAMP")) {
    ++index_;
    arrow::TimeUnit::type unit = arrow::TimeUnit::MICRO;
    if (AcceptSymbol('(')) {
      const Token& digits = Peek();
      ARROW_ASSIGN_OR_RAISE(int64_t precision, ExpectNonNegativeInteger("a precision"));
      auto resolved = TimestampUnit(precision);
      if (!resolved.ok()) return ErrorAt(digits, resolved.status().message());
      unit = *resolved;
      ARROW_RETURN_NOT_OK(ExpectSymbol(')'));
    }
    if (PeekKeyword("WITHOUT")) {
      ++index_;
      ARROW_RETURN_NOT_OK(Expect("TIME"));
      ARROW_RETURN_NOT_OK(Expect("ZONE"));
      return arrow::timestamp(unit);
    }
    if (Accept("WITH")) {
      Accept("LOCAL");
      ARROW_RETURN_NOT_OK(Expect("TIME"));
      ARROW_RETURN_NOT_OK(Expect("ZONE"));
      std::string zone = "UTC";
      if (Peek().kind == TokenKind::kString) {
        ARROW_ASSIGN_OR_RAISE(zone, ExpectString("a time zone name"));
      }
      return arrow::timestamp(unit, zone);
    }
    return arrow::timestamp(unit);
  }
  if (IsKeyword(token, "ARRAY")) {
    ++index_;
    ARROW_RETURN_NOT_OK(ExpectSymbol('<'));
    ARROW_ASSIGN_OR_RAISE(auto element, ParseType());
    ARROW_RETURN_NOT_OK(ExpectSymbol('>'));
    return arrow::list(element);
  }
  if (IsKeyword(token, "MAP")) {
    ++index_;
    ARROW_RETURN_NOT_OK(ExpectSymbol('<'));
    ARROW_ASSIGN_OR_RAISE(auto key, ParseType());
    ARROW_RETURN_NOT_OK(ExpectSymbol(','));
    ARROW_ASSIGN_OR_RAISE(auto value, ParseType());
    ARROW_RETURN_NOT_OK(ExpectSymbol('>'));
    return arrow::map(key, value);
  }
  if (IsKeyword(token, "STRUCT")) {
    ++index_;
    ARROW_RETURN_NOT_OK(ExpectSymbol('<'));
    arrow::FieldVector fields;
    do {
      ARROW_ASSIGN_OR_RAISE(auto name, ExpectName("a field name"));
      AcceptSymbol(':');
      ARROW_ASSIGN_OR_RAISE(auto type, ParseType());
      fields.push_back(arrow::field(name, type));
    } while (AcceptSymbol(','));
    ARROW_RETURN_NOT_OK(ExpectSymbol('>'));
    return arrow::struct_(fields);
  }
  for (const char* name : {"TIME", "INTERVAL", "UNIONTYPE", "VARIANT"}) {
    if (IsKeyword(token, name)) return GovernanceUnsupported(std::string("type ") + name);
  }
  return ErrorAt(token, "unknown type '" + token.text + "'");
}

arrow::Result<std::string> GovernanceParser::ExpectFormat() {
  const Token& token = Peek();
  for (const char* format : {"PARQUET", "CSV", "JSON", "ORC"}) {
    if (Accept(format)) return NormalizeIdentifier(token.text, /*quoted=*/false);
  }
  // Hive's TEXTFILE is delimited text: CSV with the delimiter of ROW FORMAT.
  if (Accept("TEXTFILE")) return std::string("csv");
  if (Accept("JSONFILE")) return std::string("json");
  for (const char* format : {"AVRO", "SEQUENCEFILE", "RCFILE"}) {
    if (Accept(format)) return GovernanceUnsupported(std::string("STORED AS ") + format);
  }
  return SyntaxError("PARQUET, CSV, JSON or ORC");
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseDrop() {
  if (Accept("DATABASE") || Accept("SCHEMA")) {
    DropDatabase drop;
    drop.if_exists = AcceptIfExists();
    ARROW_ASSIGN_OR_RAISE(drop.name, ExpectName("a database name"));
    if (Accept("CASCADE")) {
      drop.cascade = true;
    } else {
      Accept("RESTRICT");
    }
    return drop;
  }
  if (Accept("TABLE") || PeekKeyword("VIEW")) {
    DropTable drop;
    drop.view = Accept("VIEW");
    drop.if_exists = AcceptIfExists();
    ARROW_ASSIGN_OR_RAISE(drop.table, ExpectQualifiedName(drop.view ? "view" : "table"));
    if (PeekKeyword("CASCADE")) {
      return GovernanceUnsupported(std::string("DROP ") + (drop.view ? "VIEW" : "TABLE") + " … CASCADE");
    }
    return drop;
  }
  if (Accept("ATTRIBUTE")) {
    DropAttribute drop;
    drop.if_exists = AcceptIfExists();
    ARROW_ASSIGN_OR_RAISE(drop.attribute, ExpectAttribute());
    return drop;
  }
  for (const char* object : {"ROLE", "FUNCTION", "INDEX"}) {
    if (Accept(object)) return GovernanceUnsupported(std::string("DROP ") + object);
  }
  return SyntaxError("DATABASE, SCHEMA, TABLE, VIEW or ATTRIBUTE");
}

}  // namespace warden::sql::internal
