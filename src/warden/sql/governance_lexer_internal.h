#pragma once

#include <arrow/result.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

/// The tokenizer of the governance grammar (governance.h).
namespace warden::sql::internal {

enum class TokenKind {
  kWord,  // unquoted identifier or keyword: [A-Za-z_\x80-\xff][A-Za-z0-9_$\x80-\xff]*
  kQuotedIdentifier,  // "..." or `...`; `text` is unescaped
  kString,            // '...'; `text` is unescaped
  kNumber,            // digits, only to report them in errors
  kSymbol,            // any other single character
  kEnd,               // end of input
};

struct Token {
  TokenKind kind;
  std::string text;  // as written for words, numbers and symbols; unescaped otherwise
  size_t position;   // 0-based byte offset of the token in the input
  size_t length;     // bytes of input the token spans
};

/// Splits `sql` into tokens ending with one kEnd token, skipping white space and
/// `--` / `/* */` comments. Errors: kSqlSyntax for malformed UTF-8, NUL bytes, an
/// unterminated quote or comment, and an empty quoted identifier. Stops after
/// `max_tokens` tokens (before the kEnd token) when given.
arrow::Result<std::vector<Token>> Tokenize(std::string_view sql,
                                           size_t max_tokens = SIZE_MAX);

/// True if `token` is the unquoted word `keyword` (compared ASCII case-insensitively;
/// `keyword` is upper case).
bool IsKeyword(const Token& token, std::string_view keyword);

}  // namespace warden::sql::internal
