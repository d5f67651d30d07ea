// Row-filter session functions (DESIGN §4): current_user(), current_groups(),
// has_role('r'), user_attribute('k'). They are replaced by literals before the filter is
// parsed, so a filter binds like any other SQL expression and the plan signed into a
// ticket holds only constants.
//
//   region IN user_attribute('regions') AND owner = current_user()
//   → region IN ('emea', 'apac') AND owner = 'alice'

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "warden/policy/access_controller.h"

namespace warden::policy {

namespace {

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string List(const std::vector<std::string>& values) {
  if (values.empty()) return "(NULL)";
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + Quote(values[i]);
  return out + ")";
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

/// Scans `text` from `i`: skips blanks, then reads `(`, an optional '…' literal, `)`.
/// Returns the literal (unescaped; empty optional for none) and sets `end` past `)`.
bool ReadCall(const std::string& text, size_t i, std::optional<std::string>* argument,
              size_t* end) {
  auto skip = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  skip();
  if (i >= text.size() || text[i] != '(') return false;
  ++i;
  skip();
  if (i < text.size() && text[i] == '\'') {
    std::string value;
    ++i;
    while (i < text.size()) {
      if (text[i] == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          value += '\'';
          i += 2;
          continue;
        }
        break;
      }
      value += text[i++];
    }
    if (i >= text.size()) return false;
    ++i;
    *argument = value;
    skip();
  }
  if (i >= text.size() || text[i] != ')') return false;
  *end = i + 1;
  return true;
}

/// The last word written to `out`, lower case ("in" tells that a list is wanted).
std::string LastWord(const std::string& out) {
  size_t end = out.size();
  while (end > 0 && std::isspace(static_cast<unsigned char>(out[end - 1]))) --end;
  size_t start = end;
  while (start > 0 && IsWordChar(out[start - 1])) --start;
  return Lower(out.substr(start, end - start));
}

}  // namespace

std::string SubstituteSessionFunctions(const std::string& filter, const Principal& principal) {
  std::string out;
  size_t i = 0;
  while (i < filter.size()) {
    const char c = filter[i];
    // Literals, quoted names and comments are copied as they are.
    if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < filter.size()) {
        if (filter[j] == c) {
          if (j + 1 < filter.size() && filter[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      out += filter.substr(i, j + 1 - i);
      i = j + 1;
      continue;
    }
    if (c == '-' && i + 1 < filter.size() && filter[i + 1] == '-') {
      const size_t j = filter.find('\n', i);
      out += filter.substr(i, j == std::string::npos ? std::string::npos : j - i);
      i = j == std::string::npos ? filter.size() : j;
      continue;
    }
    if (c == '/' && i + 1 < filter.size() && filter[i + 1] == '*') {
      const size_t j = filter.find("*/", i + 2);
      const size_t stop = j == std::string::npos ? filter.size() : j + 2;
      out += filter.substr(i, stop - i);
      i = stop;
      continue;
    }
    if (!IsWordChar(c) || std::isdigit(static_cast<unsigned char>(c))) {
      out += c;
      ++i;
      continue;
    }
    size_t j = i;
    while (j < filter.size() && IsWordChar(filter[j])) ++j;
    const std::string word = Lower(filter.substr(i, j - i));
    std::optional<std::string> argument;
    size_t end = j;
    const bool call = ReadCall(filter, j, &argument, &end);
    const bool in_list = LastWord(out) == "in";
    if (word == "current_user" && !argument) {
      out += Quote(principal.user);
      i = call ? end : j;
      continue;
    }
    if (call && word == "current_groups" && !argument) {
      out += List(principal.groups);
      i = end;
      continue;
    }
    if (call && word == "has_role" && argument) {
      out += principal.HasRole(*argument) ? "TRUE" : "FALSE";
      i = end;
      continue;
    }
    if (call && word == "user_attribute" && argument) {
      auto it = principal.attributes.find(*argument);
      const std::vector<std::string> none;
      const auto& values = it == principal.attributes.end() ? none : it->second;
      if (in_list) {
        out += List(values);
      } else {
        out += values.empty() ? "CAST(NULL AS VARCHAR)" : Quote(values.front());
      }
      i = end;
      continue;
    }
    out += filter.substr(i, j - i);
    i = j;
  }
  return out;
}

}  // namespace warden::policy
