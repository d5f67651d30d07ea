#include "warden/sql/governance.h"

#include <initializer_list>
#include <utility>
#include <vector>

#include "warden/common/error.h"
#include "warden/sql/governance_lexer_internal.h"

namespace warden::sql {

namespace {

using internal::IsKeyword;
using internal::Token;
using internal::TokenKind;

/// Longest token text quoted back in an error message.
constexpr size_t kMaxNearLength = 40;

arrow::Status Unsupported(const std::string& construct) {
  return Error(ErrorCode::kSqlUnsupported, construct + " is not supported yet");
}

/// Recursive-descent parser over the token list; one instance parses one statement.
class GovernanceParser {
 public:
  GovernanceParser(std::string_view sql, std::vector<Token> tokens)
      : sql_(sql), tokens_(std::move(tokens)) {}

  arrow::Result<GovernanceStatement> Parse() {
    if (Peek().kind == TokenKind::kEnd) return SyntaxError("a statement");
    ARROW_ASSIGN_OR_RAISE(GovernanceStatement statement, ParseStatement());
    AcceptSymbol(';');
    if (Peek().kind != TokenKind::kEnd) {
      return SyntaxError("end of statement (one statement at a time)");
    }
    return statement;
  }

 private:
  arrow::Result<GovernanceStatement> ParseStatement() {
    if (Accept("CREATE")) return ParseCreate();
    if (Accept("DROP")) return ParseDrop();
    if (Accept("SHOW")) return ParseShow();
    if (Accept("DESCRIBE") || Accept("DESC")) return ParseDescribe();
    if (Accept("ALTER")) return UnsupportedWithObject("ALTER");
    if (Accept("GRANT")) return Unsupported("GRANT");
    if (Accept("REVOKE")) return Unsupported("REVOKE");
    return SyntaxError("CREATE, DROP, SHOW or DESCRIBE");
  }

  arrow::Result<GovernanceStatement> ParseCreate() {
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
    for (const char* object : {"VIEW", "ROLE", "TABLE", "FUNCTION", "INDEX"}) {
      if (Accept(object)) return Unsupported(std::string("CREATE ") + object);
    }
    if (Accept("OR")) return Unsupported("CREATE OR REPLACE");
    return SyntaxError("DATABASE, SCHEMA or EXTERNAL TABLE");
  }

  arrow::Result<GovernanceStatement> ParseCreateExternalTable() {
    CreateExternalTable create;
    ARROW_ASSIGN_OR_RAISE(create.if_not_exists, AcceptIfNotExists());
    ARROW_ASSIGN_OR_RAISE(create.table, ExpectQualifiedName());
    if (PeekSymbol('(')) return Unsupported("a column list in CREATE EXTERNAL TABLE");
    bool has_format = false;
    bool has_location = false;
    while (Peek().kind != TokenKind::kEnd && !PeekSymbol(';')) {
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
        return Unsupported("LIKE PARQUET");
      } else if (Accept("PARTITIONED")) {
        return Unsupported("PARTITIONED BY");
      } else if (Accept("ROW")) {
        return Unsupported("ROW FORMAT");
      } else if (Accept("TBLPROPERTIES")) {
        return Unsupported("TBLPROPERTIES");
      } else if (PeekSymbol('(')) {
        return Unsupported("a column list in CREATE EXTERNAL TABLE");
      } else {
        return SyntaxError(
            has_format ? (has_location ? "COMMENT or end of statement" : "LOCATION")
                       : "STORED AS");
      }
    }
    if (!has_format) return SyntaxError("STORED AS");
    if (!has_location) return SyntaxError("LOCATION");
    return create;
  }

  arrow::Result<std::string> ExpectFormat() {
    const Token& token = Peek();
    for (const char* format : {"PARQUET", "CSV", "JSON", "ORC"}) {
      if (Accept(format)) return NormalizeIdentifier(token.text, /*quoted=*/false);
    }
    for (const char* format : {"AVRO", "TEXTFILE", "SEQUENCEFILE", "RCFILE"}) {
      if (Accept(format)) return Unsupported(std::string("STORED AS ") + format);
    }
    return SyntaxError("PARQUET, CSV, JSON or ORC");
  }

  arrow::Result<GovernanceStatement> ParseDrop() {
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
    if (Accept("TABLE")) {
      DropTable drop;
      drop.if_exists = AcceptIfExists();
      ARROW_ASSIGN_OR_RAISE(drop.table, ExpectQualifiedName());
      return drop;
    }
    for (const char* object : {"VIEW", "ROLE", "FUNCTION", "INDEX"}) {
      if (Accept(object)) return Unsupported(std::string("DROP ") + object);
    }
    return SyntaxError("DATABASE, SCHEMA or TABLE");
  }

  arrow::Result<GovernanceStatement> ParseShow() {
    if (Accept("DATABASES") || Accept("SCHEMAS")) {
      ShowDatabases show;
      ARROW_ASSIGN_OR_RAISE(show.like, AcceptLike());
      return show;
    }
    if (Accept("TABLES")) {
      ShowTables show;
      if (Accept("IN") || Accept("FROM")) {
        ARROW_ASSIGN_OR_RAISE(show.database, ExpectName("a database name"));
      }
      ARROW_ASSIGN_OR_RAISE(show.like, AcceptLike());
      return show;
    }
    for (const char* what : {"ROLES", "GRANTS", "CREATE", "PARTITIONS", "COLUMNS",
                             "FUNCTIONS", "VIEWS", "CURRENT", "ROLE", "TBLPROPERTIES"}) {
      if (Accept(what)) return Unsupported(std::string("SHOW ") + what);
    }
    return SyntaxError("DATABASES or TABLES");
  }

  arrow::Result<GovernanceStatement> ParseDescribe() {
    DescribeTable describe;
    // FORMATTED followed by '.' is a database named "formatted", not the keyword.
    if ((IsKeyword(Peek(), "FORMATTED") || IsKeyword(Peek(), "EXTENDED")) &&
        !PeekSymbol('.', 1)) {
      ++index_;
      describe.formatted = true;
    }
    if ((IsKeyword(Peek(), "DATABASE") || IsKeyword(Peek(), "SCHEMA")) &&
        !PeekSymbol('.', 1) && Peek(1).kind != TokenKind::kEnd) {
      return Unsupported("DESCRIBE DATABASE");
    }
    ARROW_ASSIGN_OR_RAISE(describe.table, ExpectQualifiedName());
    return describe;
  }

  arrow::Result<std::optional<std::string>> AcceptLike() {
    if (!Accept("LIKE")) return std::nullopt;
    ARROW_ASSIGN_OR_RAISE(std::string pattern, ExpectString("a pattern string"));
    return pattern;
  }

  /// IF NOT EXISTS; an IF not followed by NOT is left to be read as a name.
  arrow::Result<bool> AcceptIfNotExists() {
    if (!IsKeyword(Peek(), "IF") || !IsKeyword(Peek(1), "NOT")) return false;
    index_ += 2;
    ARROW_RETURN_NOT_OK(Expect("EXISTS"));
    return true;
  }

  bool AcceptIfExists() {
    if (!IsKeyword(Peek(), "IF") || !IsKeyword(Peek(1), "EXISTS")) return false;
    index_ += 2;
    return true;
  }

  arrow::Result<QualifiedName> ExpectQualifiedName() {
    constexpr const char* kExpected = "a qualified name database.table";
    const Token& first = Peek();
    if (!IsName(first) || !PeekSymbol('.', 1)) return SyntaxError(kExpected);
    const Token& second = Peek(2);
    if (!IsName(second)) {
      index_ += 2;
      return SyntaxError(kExpected);
    }
    index_ += 3;
    if (PeekSymbol('.')) return SyntaxError(kExpected);
    return QualifiedName{Normalize(first), Normalize(second)};
  }

  arrow::Result<std::string> ExpectName(const char* what) {
    const Token& token = Peek();
    if (!IsName(token)) return SyntaxError(what);
    ++index_;
    return Normalize(token);
  }

  arrow::Result<std::string> ExpectString(const char* what) {
    const Token& token = Peek();
    if (token.kind != TokenKind::kString) return SyntaxError(what);
    ++index_;
    return token.text;
  }

  arrow::Status UnsupportedWithObject(const std::string& verb) {
    const Token& object = Peek();
    if (object.kind == TokenKind::kWord) {
      return Unsupported(verb + " " + NormalizeKeyword(object.text));
    }
    return Unsupported(verb);
  }

  static bool IsName(const Token& token) {
    return token.kind == TokenKind::kWord || token.kind == TokenKind::kQuotedIdentifier;
  }

  static std::string Normalize(const Token& token) {
    return NormalizeIdentifier(token.text, token.kind == TokenKind::kQuotedIdentifier);
  }

  static std::string NormalizeKeyword(std::string text) {
    for (char& c : text) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return text;
  }

  const Token& Peek(size_t ahead = 0) const {
    const size_t i = index_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }

  bool PeekSymbol(char symbol, size_t ahead = 0) const {
    const Token& token = Peek(ahead);
    return token.kind == TokenKind::kSymbol && token.text[0] == symbol;
  }

  bool Accept(std::string_view keyword) {
    if (!IsKeyword(Peek(), keyword)) return false;
    ++index_;
    return true;
  }

  bool AcceptSymbol(char symbol) {
    if (!PeekSymbol(symbol)) return false;
    ++index_;
    return true;
  }

  arrow::Status Expect(std::string_view keyword) {
    if (Accept(keyword)) return arrow::Status::OK();
    return SyntaxError(std::string(keyword));
  }

  /// "syntax error at position 17 near "FOO": expected STORED AS".
  arrow::Status SyntaxError(const std::string& expected) const {
    return ErrorAt(Peek(), "expected " + expected);
  }

  arrow::Status ErrorAt(const Token& token, const std::string& what) const {
    std::string where;
    if (token.kind == TokenKind::kEnd) {
      where = "at end of input";
    } else {
      std::string near(sql_.substr(token.position, token.length));
      if (near.size() > kMaxNearLength) near = near.substr(0, kMaxNearLength) + "...";
      where =
          "at position " + std::to_string(token.position + 1) + " near \"" + near + "\"";
    }
    return Error(ErrorCode::kSqlSyntax, "syntax error " + where + ": " + what);
  }

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
};

}  // namespace

bool IsGovernanceStatement(std::string_view sql) {
  auto tokens = internal::Tokenize(sql, /*max_tokens=*/1);
  if (!tokens.ok()) return false;
  const Token& first = tokens->front();
  for (const char* keyword :
       {"CREATE", "DROP", "SHOW", "DESCRIBE", "DESC", "ALTER", "GRANT", "REVOKE"}) {
    if (IsKeyword(first, keyword)) return true;
  }
  return false;
}

arrow::Result<GovernanceStatement> ParseGovernance(std::string_view sql) {
  ARROW_ASSIGN_OR_RAISE(std::vector<Token> tokens, internal::Tokenize(sql));
  return GovernanceParser(sql, std::move(tokens)).Parse();
}

}  // namespace warden::sql
