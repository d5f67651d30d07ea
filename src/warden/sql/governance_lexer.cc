#include <cstdint>

#include "warden/common/error.h"
#include "warden/sql/governance_lexer_internal.h"
#include "warden/sql/utf8_internal.h"

namespace warden::sql::internal {

namespace {

bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<uint8_t>(c) >= 0x80;
}

bool IsIdentifierPart(char c) {
  return IsIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

arrow::Status LexError(size_t position, std::string_view what) {
  return Error(ErrorCode::kSqlSyntax, "syntax error at position " +
                                          std::to_string(position + 1) + ": " +
                                          std::string(what));
}

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  arrow::Result<std::vector<Token>> Run(size_t max_tokens) {
    std::vector<Token> tokens;
    while (tokens.size() < max_tokens) {
      ARROW_RETURN_NOT_OK(SkipSpaceAndComments());
      if (pos_ >= sql_.size()) break;
      ARROW_ASSIGN_OR_RAISE(Token token, Next());
      tokens.push_back(std::move(token));
    }
    tokens.push_back(Token{TokenKind::kEnd, "", pos_, 0});
    return tokens;
  }

 private:
  arrow::Status SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      if (IsSpace(sql_[pos_])) {
        ++pos_;
      } else if (sql_.substr(pos_, 2) == "--") {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') ++pos_;
      } else if (sql_.substr(pos_, 2) == "/*") {
        const size_t end = sql_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) {
          return LexError(pos_, "unterminated /* comment");
        }
        pos_ = end + 2;
      } else {
        break;
      }
    }
    return arrow::Status::OK();
  }

  arrow::Result<Token> Next() {
    const size_t start = pos_;
    const char c = sql_[pos_];
    if (IsIdentifierStart(c)) {
      while (pos_ < sql_.size() && IsIdentifierPart(sql_[pos_])) ++pos_;
      return Make(TokenKind::kWord, std::string(sql_.substr(start, pos_ - start)), start);
    }
    if (IsDigit(c)) {
      while (pos_ < sql_.size() && (IsDigit(sql_[pos_]) || sql_[pos_] == '.')) ++pos_;
      return Make(TokenKind::kNumber, std::string(sql_.substr(start, pos_ - start)),
                  start);
    }
    if (c == '\'' || c == '"' || c == '`') return Quoted(c);
    ++pos_;
    return Make(TokenKind::kSymbol, std::string(1, c), start);
  }

  /// A quoted string or identifier; the quote character doubled stands for itself.
  arrow::Result<Token> Quoted(char quote) {
    const size_t start = pos_++;
    std::string text;
    while (true) {
      if (pos_ >= sql_.size()) {
        return LexError(start, quote == '\'' ? "unterminated quoted string"
                                             : "unterminated quoted identifier");
      }
      const char c = sql_[pos_++];
      if (c != quote) {
        text.push_back(c);
      } else if (pos_ < sql_.size() && sql_[pos_] == quote) {
        text.push_back(quote);
        ++pos_;
      } else {
        break;
      }
    }
    if (quote == '\'') return Make(TokenKind::kString, std::move(text), start);
    if (text.empty()) return LexError(start, "zero-length quoted identifier");
    return Make(TokenKind::kQuotedIdentifier, std::move(text), start);
  }

  Token Make(TokenKind kind, std::string text, size_t start) const {
    return Token{kind, std::move(text), start, pos_ - start};
  }

  std::string_view sql_;
  size_t pos_ = 0;
};

}  // namespace

arrow::Result<std::vector<Token>> Tokenize(std::string_view sql, size_t max_tokens) {
  if (auto bad = FindInvalidUtf8(sql)) {
    return LexError(*bad, sql[*bad] == '\0' ? "NUL character in statement"
                                            : "invalid UTF-8 in statement");
  }
  return Lexer(sql).Run(max_tokens);
}

bool IsKeyword(const Token& token, std::string_view keyword) {
  if (token.kind != TokenKind::kWord || token.text.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    char c = token.text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != keyword[i]) return false;
  }
  return true;
}

}  // namespace warden::sql::internal
