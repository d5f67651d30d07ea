// Roles, grants and EXPLAIN ACCESS (DESIGN §4, §5), with Okera's (Sentry's) spellings:
// ON SERVER for the catalog, SELECT(col, …), SHOW GRANT ROLE r, SHOW ROLE GRANT GROUP g.

#include "warden/common/error.h"
#include "warden/sql/governance_parser_internal.h"

namespace warden::sql::internal {

namespace {

std::string LowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string QuoteString(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

arrow::Result<GovernanceStatement> GovernanceParser::ParseCreateRole() {
  index_ += 2;  // CREATE ROLE
  CreateRole create;
  ARROW_ASSIGN_OR_RAISE(create.if_not_exists, AcceptIfNotExists());
  ARROW_ASSIGN_OR_RAISE(create.role, ExpectName("a role name"));
  return create;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseDropRole() {
  index_ += 2;  // DROP ROLE
  DropRole drop;
  drop.if_exists = AcceptIfExists();
  ARROW_ASSIGN_OR_RAISE(drop.role, ExpectName("a role name"));
  return drop;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseGrant(bool revoke) {
  if (!Accept("ROLE")) return ParseGrantPrivilege(revoke);
  GrantRole grant;
  grant.revoke = revoke;
  ARROW_ASSIGN_OR_RAISE(grant.role, ExpectName("a role name"));
  ARROW_RETURN_NOT_OK(Expect(revoke ? "FROM" : "TO"));
  if (Accept("GROUP")) {
    grant.member_kind = "group";
  } else if (Accept("USER")) {
    grant.member_kind = "user";
  } else {
    return SyntaxError("GROUP or USER");
  }
  // Group and user names come from tokens and directories: kept as written (no case
  // folding of quoted names), validated like other names.
  ARROW_ASSIGN_OR_RAISE(grant.member, ExpectName(grant.member_kind == "group"
                                                     ? "a group name"
                                                     : "a user name"));
  return grant;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseGrantPrivilege(bool revoke) {
  GrantPrivilege grant;
  grant.revoke = revoke;
  const Token& privilege = Peek();
  for (const char* name : {"SELECT", "INSERT", "ALTER", "DROP", "CREATE", "ALL"}) {
    if (Accept(name)) {
      grant.privilege = name;
      break;
    }
  }
  if (grant.privilege.empty()) {
    return SyntaxError("ROLE or a privilege (SELECT, INSERT, ALTER, DROP, CREATE, ALL)");
  }
  if (grant.privilege == "ALL") Accept("PRIVILEGES");
  if (AcceptSymbol('(')) {
    do {
      ARROW_ASSIGN_OR_RAISE(auto column, ExpectName("a column name"));
      grant.columns.push_back(std::move(column));
    } while (AcceptSymbol(','));
    ARROW_RETURN_NOT_OK(ExpectSymbol(')'));
  }
  ARROW_RETURN_NOT_OK(Expect("ON"));
  if (Accept("CATALOG") || Accept("SERVER")) {
    grant.scope = GrantPrivilege::Scope::kCatalog;
  } else if (Accept("DATABASE") || Accept("SCHEMA")) {
    grant.scope = GrantPrivilege::Scope::kDatabase;
    ARROW_ASSIGN_OR_RAISE(grant.database, ExpectName("a database name"));
  } else if (Accept("TABLE") || Accept("VIEW")) {
    grant.scope = GrantPrivilege::Scope::kTable;
    ARROW_ASSIGN_OR_RAISE(auto table, ExpectQualifiedName());
    grant.database = table.database;
    grant.table = table.name;
  } else {
    return SyntaxError("CATALOG, SERVER, DATABASE or TABLE");
  }
  if (!grant.columns.empty() && grant.scope != GrantPrivilege::Scope::kTable) {
    return ErrorAt(privilege, "a column list needs ON TABLE db.t");
  }
  if (Accept("HAVING")) {
    ARROW_RETURN_NOT_OK(Expect("ATTRIBUTE"));
    grant.attributes_negated = Accept("NOT");
    ARROW_RETURN_NOT_OK(Expect("IN"));
    ARROW_RETURN_NOT_OK(ExpectSymbol('('));
    do {
      ARROW_ASSIGN_OR_RAISE(auto attribute, ExpectAttribute());
      grant.attributes.push_back(std::move(attribute));
    } while (AcceptSymbol(','));
    ARROW_RETURN_NOT_OK(ExpectSymbol(')'));
  }
  if (Accept("WHERE")) {
    if (grant.scope != GrantPrivilege::Scope::kTable) {
      return SyntaxError("TO ROLE (a row filter needs ON TABLE db.t)");
    }
    ARROW_ASSIGN_OR_RAISE(grant.row_filter, ParseRowFilterText());
  }
  while (Accept("TRANSFORM")) {
    ARROW_ASSIGN_OR_RAISE(auto transform, ParseTransform());
    grant.transforms.push_back(std::move(transform));
  }
  if ((grant.row_filter.size() || grant.transforms.size()) && grant.privilege != "SELECT" &&
      grant.privilege != "ALL") {
    return ErrorAt(privilege, "WHERE and TRANSFORM apply to SELECT grants only");
  }
  ARROW_RETURN_NOT_OK(Expect(revoke ? "FROM" : "TO"));
  Accept("ROLE");
  ARROW_ASSIGN_OR_RAISE(grant.role, ExpectName("a role name"));
  if (PeekKeyword("WITH") && PeekKeyword("GRANT", 1)) {
    return GovernanceUnsupported("WITH GRANT OPTION");
  }
  return grant;
}

arrow::Result<std::string> GovernanceParser::ParseRowFilterText() {
  const size_t start = index_;
  int depth = 0;
  while (!AtEnd()) {
    const Token& token = Peek();
    if (token.kind == TokenKind::kSymbol && token.text == "(") ++depth;
    if (token.kind == TokenKind::kSymbol && token.text == ")") --depth;
    if (depth == 0 && IsKeyword(token, "TRANSFORM")) break;
    // The role clause: TO|FROM [ROLE] name <end>.
    if (depth == 0 && (IsKeyword(token, "TO") || IsKeyword(token, "FROM")) &&
        (PeekKeyword("ROLE", 1) ||
         (IsName(Peek(1)) && (Peek(2).kind == TokenKind::kEnd || PeekSymbol(';', 2))))) {
      break;
    }
    ++index_;
  }
  if (index_ == start) return SyntaxError("a row filter expression");
  const Token& first = tokens_[start];
  const Token& last = tokens_[index_ - 1];
  return std::string(sql_.substr(first.position, last.position + last.length - first.position));
}

arrow::Result<TransformClause> GovernanceParser::ParseTransform() {
  TransformClause transform;
  if (IsName(Peek()) && PeekSymbol('.', 1)) {
    ARROW_ASSIGN_OR_RAISE(auto attribute, ExpectAttribute());
    transform.target = attribute.ToString();
    transform.on_attribute = true;
  } else {
    ARROW_ASSIGN_OR_RAISE(transform.target, ExpectName("a column or an attribute ns.key"));
  }
  ARROW_RETURN_NOT_OK(Expect("WITH"));
  const Token& function = Peek();
  if (function.kind != TokenKind::kWord) return SyntaxError("a transform function");
  transform.function = LowerAscii(function.text);
  ++index_;
  ARROW_RETURN_NOT_OK(ExpectSymbol('('));
  if (!AcceptSymbol(')')) {
    do {
      const Token& arg = Peek();
      if (arg.kind == TokenKind::kString) {
        transform.args.push_back(QuoteString(arg.text));
        ++index_;
      } else if (arg.kind == TokenKind::kNumber) {
        transform.args.push_back(arg.text);
        ++index_;
      } else if (PeekSymbol('-') && Peek(1).kind == TokenKind::kNumber) {
        transform.args.push_back("-" + Peek(1).text);
        index_ += 2;
      } else {
        return SyntaxError("a literal argument (number or 'string')");
      }
    } while (AcceptSymbol(','));
    ARROW_RETURN_NOT_OK(ExpectSymbol(')'));
  }
  return transform;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseShowRoles(bool current) {
  ShowRoles show;
  show.current = current;
  return show;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseShowRoleMembers() {
  ShowRoleMembers show;
  ARROW_ASSIGN_OR_RAISE(show.role, ExpectName("a role name"));
  return show;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseShowGrants(bool okera_role_form) {
  ShowGrants show;
  if (okera_role_form) {
    ARROW_ASSIGN_OR_RAISE(show.role, ExpectName("a role name"));
  }
  while (!AtEnd()) {
    if (Accept("ON")) {
      if (show.on_database || show.on_table) return SyntaxError("one ON clause");
      if (Accept("DATABASE") || Accept("SCHEMA")) {
        ARROW_ASSIGN_OR_RAISE(show.on_database, ExpectName("a database name"));
      } else {
        if (!Accept("TABLE")) Accept("VIEW");
        ARROW_ASSIGN_OR_RAISE(show.on_table, ExpectQualifiedName());
      }
    } else if (Accept("FOR")) {
      if (show.role || show.user) return SyntaxError("one FOR clause");
      if (Accept("ROLE")) {
        ARROW_ASSIGN_OR_RAISE(show.role, ExpectName("a role name"));
      } else if (Accept("USER")) {
        ARROW_ASSIGN_OR_RAISE(show.user, ExpectName("a user name"));
      } else {
        return SyntaxError("ROLE or USER");
      }
    } else {
      return SyntaxError("ON, FOR or end of statement");
    }
  }
  return show;
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseExplainAccess() {
  index_ += 2;  // EXPLAIN ACCESS
  ExplainAccess explain;
  if (Accept("FOR")) {
    ARROW_RETURN_NOT_OK(Expect("USER"));
    ARROW_ASSIGN_OR_RAISE(explain.user, ExpectName("a user name"));
  }
  ARROW_RETURN_NOT_OK(Expect("ON"));
  if (!Accept("TABLE")) Accept("VIEW");
  ARROW_ASSIGN_OR_RAISE(explain.table, ExpectQualifiedName());
  return explain;
}

}  // namespace warden::sql::internal
