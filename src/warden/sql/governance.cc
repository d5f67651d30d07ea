#include "warden/sql/governance.h"

#include <charconv>
#include <initializer_list>
#include <utility>
#include <vector>

#include "warden/common/error.h"
#include "warden/sql/governance_parser_internal.h"

namespace warden::sql {

namespace internal {

namespace {

/// Longest token text quoted back in an error message.
constexpr size_t kMaxNearLength = 40;

std::string UpperAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

}  // namespace

arrow::Status GovernanceUnsupported(const std::string& construct) {
  return Error(ErrorCode::kSqlUnsupported, construct + " is not supported yet");
}

arrow::Result<GovernanceStatement> GovernanceParser::Parse() {
  if (Peek().kind == TokenKind::kEnd) return SyntaxError("a statement");
  ARROW_ASSIGN_OR_RAISE(GovernanceStatement statement, ParseStatement());
  AcceptSymbol(';');
  if (Peek().kind != TokenKind::kEnd) {
    return SyntaxError("end of statement (one statement at a time)");
  }
  return statement;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseStatement() {
  if (PeekKeyword("CREATE") && PeekKeyword("ROLE", 1)) return ParseCreateRole();
  if (PeekKeyword("DROP") && PeekKeyword("ROLE", 1)) return ParseDropRole();
  if (PeekKeyword("EXPLAIN") && PeekKeyword("ACCESS", 1)) return ParseExplainAccess();
  if (Accept("CREATE")) return ParseCreate();
  if (Accept("DROP")) return ParseDrop();
  if (Accept("SHOW")) return ParseShow();
  if (Accept("DESCRIBE") || Accept("DESC")) return ParseDescribe();
  if (Accept("ALTER")) return ParseAlter();
  if (Accept("COMMENT")) return ParseCommentOn();
  if (Accept("SEARCH")) return ParseSearch();
  if (Accept("MSCK")) {
    ARROW_RETURN_NOT_OK(Expect("REPAIR"));
    ARROW_RETURN_NOT_OK(Expect("TABLE"));
    ARROW_ASSIGN_OR_RAISE(auto table, ExpectQualifiedName());
    return RecoverPartitions{std::move(table)};
  }
  if (Accept("GRANT")) return ParseGrant(/*revoke=*/false);
  if (Accept("REVOKE")) return ParseGrant(/*revoke=*/true);
  return SyntaxError("CREATE, DROP, ALTER, COMMENT, SHOW, DESCRIBE or SEARCH");
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseShow() {
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
  if (Accept("ATTRIBUTES")) return ShowAttributes{};
  if (Accept("PARTITIONS")) {
    ARROW_ASSIGN_OR_RAISE(auto table, ExpectQualifiedName());
    return ShowPartitions{std::move(table)};
  }
  if (Accept("CREATE")) {
    if (!Accept("TABLE")) ARROW_RETURN_NOT_OK(Expect("VIEW"));
    ARROW_ASSIGN_OR_RAISE(auto table, ExpectQualifiedName());
    return ShowCreateTable{std::move(table)};
  }
  if (Accept("ROLES")) return ParseShowRoles(false);
  if (PeekKeyword("CURRENT") && PeekKeyword("ROLES", 1)) {
    index_ += 2;
    return ParseShowRoles(true);
  }
  if (PeekKeyword("ROLE") && PeekKeyword("GRANT", 1)) {
    index_ += 2;
    ShowRoles show;
    ARROW_RETURN_NOT_OK(Expect("GROUP"));
    ARROW_ASSIGN_OR_RAISE(show.group, ExpectName("a group name"));
    return show;
  }
  if (PeekKeyword("MEMBERS") && PeekKeyword("OF", 1)) {
    index_ += 2;
    ARROW_RETURN_NOT_OK(Expect("ROLE"));
    return ParseShowRoleMembers();
  }
  if (Accept("PRINCIPALS")) return ParseShowRoleMembers();
  if (Accept("GRANTS")) return ParseShowGrants(false);
  if (PeekKeyword("GRANT") && PeekKeyword("ROLE", 1)) {
    index_ += 2;
    return ParseShowGrants(true);
  }
  for (const char* what : {"COLUMNS", "FUNCTIONS", "VIEWS", "CURRENT",
                           "ROLE", "TBLPROPERTIES"}) {
    if (Accept(what)) return GovernanceUnsupported(std::string("SHOW ") + what);
  }
  return SyntaxError(
      "DATABASES, TABLES, ATTRIBUTES, PARTITIONS, CREATE TABLE, ROLES, GRANTS or MEMBERS OF ROLE");
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseDescribe() {
  // A keyword followed by '.' is a database of that name, not the keyword.
  if ((PeekKeyword("DATABASE") || PeekKeyword("SCHEMA")) && !PeekSymbol('.', 1) &&
      Peek(1).kind != TokenKind::kEnd) {
    ++index_;
    Accept("EXTENDED");
    ARROW_ASSIGN_OR_RAISE(auto name, ExpectName("a database name"));
    return DescribeDatabase{std::move(name)};
  }
  DescribeTable describe;
  if ((PeekKeyword("FORMATTED") || PeekKeyword("EXTENDED")) && !PeekSymbol('.', 1)) {
    ++index_;
    describe.formatted = true;
  }
  ARROW_ASSIGN_OR_RAISE(describe.table, ExpectQualifiedName());
  return describe;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseSearch() {
  if (!Accept("DATASETS")) ARROW_RETURN_NOT_OK(Expect("TABLES"));
  SearchDatasets search;
  if (Peek().kind == TokenKind::kString) {
    ARROW_ASSIGN_OR_RAISE(search.text, ExpectString("search text"));
  }
  while (!AtEnd()) {
    const Token& clause = Peek();
    if (Accept("IN")) {
      if (search.database) return ErrorAt(clause, "duplicate IN clause");
      ARROW_ASSIGN_OR_RAISE(search.database, ExpectName("a database name"));
    } else if (Accept("ATTRIBUTE")) {
      if (search.attribute) return ErrorAt(clause, "duplicate ATTRIBUTE clause");
      ARROW_ASSIGN_OR_RAISE(search.attribute, ExpectAttribute());
    } else if (Accept("COLUMN")) {
      if (search.column) return ErrorAt(clause, "duplicate COLUMN clause");
      if (Peek().kind == TokenKind::kString) {
        ARROW_ASSIGN_OR_RAISE(search.column, ExpectString("a column name"));
      } else {
        ARROW_ASSIGN_OR_RAISE(search.column, ExpectName("a column name"));
      }
    } else if (Accept("LIMIT")) {
      ARROW_ASSIGN_OR_RAISE(search.limit, ExpectNonNegativeInteger("a LIMIT count"));
      if (Accept("OFFSET")) {
        ARROW_ASSIGN_OR_RAISE(search.offset, ExpectNonNegativeInteger("an OFFSET count"));
      }
    } else if (Accept("OFFSET")) {
      ARROW_ASSIGN_OR_RAISE(search.offset, ExpectNonNegativeInteger("an OFFSET count"));
    } else {
      return SyntaxError("IN, ATTRIBUTE, COLUMN, LIMIT, OFFSET or end of statement");
    }
  }
  return search;
}

arrow::Result<int64_t> GovernanceParser::ExpectNonNegativeInteger(const char* what) {
  const Token& token = Peek();
  int64_t value = 0;
  if (token.kind != TokenKind::kNumber) return SyntaxError(what);
  auto [end, error] =
      std::from_chars(token.text.data(), token.text.data() + token.text.size(), value);
  if (error != std::errc() || end != token.text.data() + token.text.size()) {
    return ErrorAt(token, std::string("expected ") + what + " (a whole number)");
  }
  ++index_;
  return value;
}

arrow::Result<AttributeKey> GovernanceParser::ExpectAttribute() {
  constexpr const char* kExpected = "an attribute namespace.key";
  const Token& first = Peek();
  if (!IsName(first) || !PeekSymbol('.', 1) || !IsName(Peek(2))) return SyntaxError(kExpected);
  ARROW_ASSIGN_OR_RAISE(auto name_space, Normalize(first, "attribute namespace"));
  ARROW_ASSIGN_OR_RAISE(auto key, Normalize(Peek(2), "attribute key"));
  index_ += 3;
  if (PeekSymbol('.')) return SyntaxError(kExpected);
  return AttributeKey{std::move(name_space), std::move(key)};
}

arrow::Result<std::optional<std::string>> GovernanceParser::AcceptLike() {
  if (!Accept("LIKE")) return std::nullopt;
  ARROW_ASSIGN_OR_RAISE(std::string pattern, ExpectString("a pattern string"));
  return pattern;
}

arrow::Result<bool> GovernanceParser::AcceptIfNotExists() {
  // An IF not followed by NOT is left to be read as a name.
  if (!PeekKeyword("IF") || !PeekKeyword("NOT", 1)) return false;
  index_ += 2;
  ARROW_RETURN_NOT_OK(Expect("EXISTS"));
  return true;
}

bool GovernanceParser::AcceptIfExists() {
  if (!PeekKeyword("IF") || !PeekKeyword("EXISTS", 1)) return false;
  index_ += 2;
  return true;
}

arrow::Result<QualifiedName> GovernanceParser::ExpectQualifiedName(const char* what) {
  const std::string expected = std::string("a qualified name database.") + what;
  const Token& first = Peek();
  if (!IsName(first) || !PeekSymbol('.', 1)) return SyntaxError(expected);
  const Token& second = Peek(2);
  if (!IsName(second)) {
    index_ += 2;
    return SyntaxError(expected);
  }
  ARROW_ASSIGN_OR_RAISE(auto database, Normalize(first, "database name"));
  ARROW_ASSIGN_OR_RAISE(auto name, Normalize(second, std::string(what) + " name"));
  index_ += 3;
  if (PeekSymbol('.')) return SyntaxError(expected);
  return QualifiedName{std::move(database), std::move(name)};
}

arrow::Result<std::string> GovernanceParser::ExpectName(const char* what) {
  const Token& token = Peek();
  if (!IsName(token)) return SyntaxError(what);
  ++index_;
  std::string object = what;  // "a database name" -> "database name"
  if (object.rfind("a ", 0) == 0) object = object.substr(2);
  if (object.rfind("an ", 0) == 0) object = object.substr(3);
  return Normalize(token, object);
}

arrow::Result<std::string> GovernanceParser::ExpectString(const char* what) {
  const Token& token = Peek();
  if (token.kind != TokenKind::kString) return SyntaxError(what);
  ++index_;
  return token.text;
}

arrow::Status GovernanceParser::UnsupportedWithObject(const std::string& verb) {
  const Token& object = Peek();
  if (object.kind == TokenKind::kWord) return GovernanceUnsupported(verb + " " + UpperAscii(object.text));
  return GovernanceUnsupported(verb);
}

bool GovernanceParser::IsName(const Token& token) {
  return token.kind == TokenKind::kWord || token.kind == TokenKind::kQuotedIdentifier;
}

arrow::Result<std::string> GovernanceParser::Normalize(const Token& token,
                                                       const std::string& what) {
  std::string name =
      NormalizeIdentifier(token.text, token.kind == TokenKind::kQuotedIdentifier);
  ARROW_RETURN_NOT_OK(ValidateIdentifier(name, what));
  return name;
}

const Token& GovernanceParser::Peek(size_t ahead) const {
  const size_t i = index_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

bool GovernanceParser::PeekSymbol(char symbol, size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.kind == TokenKind::kSymbol && token.text[0] == symbol;
}

bool GovernanceParser::PeekKeyword(std::string_view keyword, size_t ahead) const {
  return IsKeyword(Peek(ahead), keyword);
}

bool GovernanceParser::AtEnd() const {
  return Peek().kind == TokenKind::kEnd || PeekSymbol(';');
}

bool GovernanceParser::Accept(std::string_view keyword) {
  if (!IsKeyword(Peek(), keyword)) return false;
  ++index_;
  return true;
}

bool GovernanceParser::AcceptSymbol(char symbol) {
  if (!PeekSymbol(symbol)) return false;
  ++index_;
  return true;
}

arrow::Status GovernanceParser::Expect(std::string_view keyword) {
  if (Accept(keyword)) return arrow::Status::OK();
  return SyntaxError(std::string(keyword));
}

arrow::Status GovernanceParser::ExpectSymbol(char symbol) {
  if (AcceptSymbol(symbol)) return arrow::Status::OK();
  return SyntaxError(std::string("'") + symbol + "'");
}

arrow::Status GovernanceParser::SyntaxError(const std::string& expected) const {
  return ErrorAt(Peek(), "expected " + expected);
}

arrow::Status GovernanceParser::ErrorAt(const Token& token, const std::string& what) const {
  // "syntax error at position 17 near "FOO": expected STORED AS".
  std::string where;
  if (token.kind == TokenKind::kEnd) {
    where = "at end of input";
  } else {
    std::string near(sql_.substr(token.position, token.length));
    if (near.size() > kMaxNearLength) near = near.substr(0, kMaxNearLength) + "...";
    where = "at position " + std::to_string(token.position + 1) + " near \"" + near + "\"";
  }
  return Error(ErrorCode::kSqlSyntax, "syntax error " + where + ": " + what);
}

}  // namespace internal

bool IsGovernanceStatement(std::string_view sql) {
  auto tokens = internal::Tokenize(sql, /*max_tokens=*/1);
  if (!tokens.ok()) return false;
  const internal::Token& first = tokens->front();
  for (const char* keyword : {"CREATE", "DROP", "SHOW", "DESCRIBE", "DESC", "ALTER", "GRANT",
                              "REVOKE", "COMMENT", "SEARCH", "MSCK"}) {
    if (internal::IsKeyword(first, keyword)) return true;
  }
  if (!internal::IsKeyword(first, "EXPLAIN")) return false;
  auto two = internal::Tokenize(sql, /*max_tokens=*/2);
  return two.ok() && two->size() > 1 && internal::IsKeyword((*two)[1], "ACCESS");
}

arrow::Result<GovernanceStatement> ParseGovernance(std::string_view sql) {
  ARROW_ASSIGN_OR_RAISE(std::vector<internal::Token> tokens, internal::Tokenize(sql));
  return internal::GovernanceParser(sql, std::move(tokens)).Parse();
}

}  // namespace warden::sql
