#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/sql/governance.h"
#include "warden/sql/governance_lexer_internal.h"

namespace warden::sql::internal {

/// Recursive-descent parser over the token list; one instance parses one statement. The
/// statement families live in governance.cc (dispatch, SHOW, DESCRIBE, SEARCH),
/// governance_create.cc (CREATE, DROP, column lists, types) and governance_alter.cc
/// (ALTER, COMMENT ON, MSCK).
class GovernanceParser {
 public:
  GovernanceParser(std::string_view sql, std::vector<Token> tokens)
      : sql_(sql), tokens_(std::move(tokens)) {}

  arrow::Result<GovernanceStatement> Parse();

 private:
  arrow::Result<GovernanceStatement> ParseStatement();
  arrow::Result<GovernanceStatement> ParseCreate();
  arrow::Result<GovernanceStatement> ParseCreateExternalTable();
  arrow::Result<GovernanceStatement> ParseCreateView(bool if_not_exists_allowed);
  arrow::Result<GovernanceStatement> ParseDrop();
  arrow::Result<GovernanceStatement> ParseAlter();
  arrow::Result<GovernanceStatement> ParseAlterTable(bool view);
  arrow::Result<GovernanceStatement> ParseCommentOn();
  arrow::Result<GovernanceStatement> ParseShow();
  arrow::Result<GovernanceStatement> ParseDescribe();
  arrow::Result<GovernanceStatement> ParseSearch();
  // Roles, grants, EXPLAIN ACCESS: governance_policy.cc.
  arrow::Result<GovernanceStatement> ParseCreateRole();
  arrow::Result<GovernanceStatement> ParseDropRole();
  arrow::Result<GovernanceStatement> ParseGrant(bool revoke);
  arrow::Result<GovernanceStatement> ParseGrantPrivilege(bool revoke);
  arrow::Result<GovernanceStatement> ParseShowRoles(bool current);
  arrow::Result<GovernanceStatement> ParseShowRoleMembers();
  arrow::Result<GovernanceStatement> ParseShowGrants(bool okera_role_form);
  arrow::Result<GovernanceStatement> ParseExplainAccess();
  arrow::Result<std::string> ParseRowFilterText();
  arrow::Result<TransformClause> ParseTransform();

  arrow::Result<std::vector<ColumnDefinition>> ParseColumnList(bool types_optional);
  arrow::Result<ColumnDefinition> ParseColumnDefinition(bool type_optional);
  arrow::Result<std::shared_ptr<arrow::DataType>> ParseType();
  arrow::Result<std::map<std::string, std::string>> ParseProperties();
  arrow::Status ParseRowFormat(std::map<std::string, std::string>* options);
  arrow::Result<std::string> ExpectFormat();
  arrow::Result<AttributeKey> ExpectAttribute();
  arrow::Result<int64_t> ExpectNonNegativeInteger(const char* what);

  // Token helpers.
  arrow::Result<std::optional<std::string>> AcceptLike();
  arrow::Result<bool> AcceptIfNotExists();
  bool AcceptIfExists();
  arrow::Result<QualifiedName> ExpectQualifiedName(const char* what = "table");
  arrow::Result<std::string> ExpectName(const char* what);
  arrow::Result<std::string> ExpectString(const char* what);
  arrow::Status UnsupportedWithObject(const std::string& verb);
  static bool IsName(const Token& token);
  /// The token's identifier, normalized and validated (kInvalidName).
  static arrow::Result<std::string> Normalize(const Token& token, const std::string& what);
  const Token& Peek(size_t ahead = 0) const;
  bool PeekSymbol(char symbol, size_t ahead = 0) const;
  bool PeekKeyword(std::string_view keyword, size_t ahead = 0) const;
  bool AtEnd() const;
  bool Accept(std::string_view keyword);
  bool AcceptSymbol(char symbol);
  arrow::Status Expect(std::string_view keyword);
  arrow::Status ExpectSymbol(char symbol);
  arrow::Status SyntaxError(const std::string& expected) const;
  arrow::Status ErrorAt(const Token& token, const std::string& what) const;

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
};

arrow::Status GovernanceUnsupported(const std::string& construct);

}  // namespace warden::sql::internal
