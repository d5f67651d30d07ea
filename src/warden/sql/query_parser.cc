#include "warden/sql/query_parser.h"

#include <pg_query.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "warden/common/error.h"
#include "warden/sql/identifier.h"
#include "warden/sql/query_parser_internal.h"
#include "warden/sql/utf8_internal.h"

namespace warden::sql {

namespace {

using internal::QueryText;
using internal::SourceToken;
using internal::Unsupported;

/// Largest query text accepted.
constexpr size_t kMaxQueryBytes = 1 << 20;
/// Most tokens that can nest (operators, keywords, parentheses) in one query. libpg_query
/// and protobuf-c recurse once per nesting level, so this bounds their stack use (about
/// 400 bytes a level) before the text reaches them.
constexpr int kMaxNestingTokens = 4000;
/// Deepest protobuf message nesting unpacked (protobuf-c uses about 700 bytes a level).
constexpr size_t kMaxMessageDepth = 1000;

struct ScanResultDeleter {
  void operator()(PgQuery__ScanResult* result) const {
    pg_query__scan_result__free_unpacked(result, nullptr);
  }
};
struct ParseResultDeleter {
  void operator()(PgQuery__ParseResult* result) const {
    pg_query__parse_result__free_unpacked(result, nullptr);
  }
};

arrow::Status SyntaxErrorFrom(const PgQueryError& error) {
  std::string message = error.message != nullptr ? error.message : "syntax error";
  if (error.cursorpos > 0)
    message += " (position " + std::to_string(error.cursorpos) + ")";
  return Error(ErrorCode::kSqlSyntax, message);
}

arrow::Result<std::vector<SourceToken>> ScanTokens(const std::string& sql) {
  PgQueryScanResult scan = pg_query_scan(sql.c_str());
  std::unique_ptr<PgQueryScanResult, void (*)(PgQueryScanResult*)> scan_guard(
      &scan, [](PgQueryScanResult* r) { pg_query_free_scan_result(*r); });
  if (scan.error != nullptr) return SyntaxErrorFrom(*scan.error);
  std::unique_ptr<PgQuery__ScanResult, ScanResultDeleter> unpacked(
      pg_query__scan_result__unpack(nullptr, scan.pbuf.len,
                                    reinterpret_cast<const uint8_t*>(scan.pbuf.data)));
  if (unpacked == nullptr)
    return Error(ErrorCode::kInternal, "cannot read scanned tokens");
  std::vector<SourceToken> tokens;
  tokens.reserve(unpacked->n_tokens);
  for (size_t i = 0; i < unpacked->n_tokens; ++i) {
    const PgQuery__ScanToken* token = unpacked->tokens[i];
    if (token->token == PG_QUERY__TOKEN__SQL_COMMENT ||
        token->token == PG_QUERY__TOKEN__C_COMMENT) {
      continue;
    }
    tokens.push_back(
        SourceToken{token->start, token->end, token->token,
                    token->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD});
  }
  return tokens;
}

bool IsOperand(const SourceToken& token) {
  switch (token.token) {
    case PG_QUERY__TOKEN__IDENT:
    case PG_QUERY__TOKEN__UIDENT:
    case PG_QUERY__TOKEN__FCONST:
    case PG_QUERY__TOKEN__SCONST:
    case PG_QUERY__TOKEN__USCONST:
    case PG_QUERY__TOKEN__BCONST:
    case PG_QUERY__TOKEN__XCONST:
    case PG_QUERY__TOKEN__ICONST:
    case PG_QUERY__TOKEN__PARAM:
      return true;
    default:
      return false;
  }
}

/// Counts the tokens that can add a level to the parse tree: everything but names,
/// constants, list punctuation, AND/OR (libpg_query flattens their chains) and the sign
/// of a number.
arrow::Status CheckComplexity(const std::vector<SourceToken>& tokens) {
  int nesting_tokens = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const SourceToken& token = tokens[i];
    switch (token.token) {
      case PG_QUERY__TOKEN__ASCII_44:  // ,
      case PG_QUERY__TOKEN__ASCII_46:  // .
      case PG_QUERY__TOKEN__ASCII_59:  // ;
      case PG_QUERY__TOKEN__AND:
      case PG_QUERY__TOKEN__OR:
        continue;
      case PG_QUERY__TOKEN__ASCII_43:    // +
      case PG_QUERY__TOKEN__ASCII_45: {  // -
        const bool unary = i == 0 || !(IsOperand(tokens[i - 1]) ||
                                       tokens[i - 1].token == PG_QUERY__TOKEN__ASCII_41);
        const bool before_number =
            i + 1 < tokens.size() && (tokens[i + 1].token == PG_QUERY__TOKEN__ICONST ||
                                      tokens[i + 1].token == PG_QUERY__TOKEN__FCONST);
        if (unary && before_number) continue;
        break;
      }
      default:
        if (IsOperand(token)) continue;
        break;
    }
    if (++nesting_tokens > kMaxNestingTokens) {
      return Error(ErrorCode::kSqlUnsupported, "queries with more than " +
                                                   std::to_string(kMaxNestingTokens) +
                                                   " operators are not supported");
    }
  }
  return arrow::Status::OK();
}

bool ReadVarint(const uint8_t* data, size_t end, size_t* pos, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && *pos < end; shift += 7) {
    const uint8_t byte = data[(*pos)++];
    *value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

/// Walks the serialized ParseResult without recursion and refuses messages nested deeper
/// than protobuf-c's recursive unpacker can take safely.
arrow::Status CheckMessageDepth(const uint8_t* data, size_t size) {
  struct Frame {
    const ProtobufCMessageDescriptor* descriptor;
    size_t end;
  };
  std::vector<Frame> stack = {{&pg_query__parse_result__descriptor, size}};
  size_t pos = 0;
  const auto malformed = [] {
    return Error(ErrorCode::kInternal, "libpg_query returned a malformed parse tree");
  };
  while (!stack.empty()) {
    if (pos == stack.back().end) {
      stack.pop_back();
      continue;
    }
    if (pos > stack.back().end) return malformed();
    uint64_t key = 0;
    if (!ReadVarint(data, stack.back().end, &pos, &key)) return malformed();
    uint64_t skip = 0;
    switch (key & 7) {
      case 0:
        if (!ReadVarint(data, stack.back().end, &pos, &skip)) return malformed();
        skip = 0;
        break;
      case 1:
        skip = 8;
        break;
      case 5:
        skip = 4;
        break;
      case 2: {
        if (!ReadVarint(data, stack.back().end, &pos, &skip)) return malformed();
        if (skip > stack.back().end - pos) return malformed();
        const ProtobufCFieldDescriptor* field = protobuf_c_message_descriptor_get_field(
            stack.back().descriptor, static_cast<unsigned>(key >> 3));
        if (field != nullptr && field->type == PROTOBUF_C_TYPE_MESSAGE) {
          if (stack.size() >= kMaxMessageDepth) {
            return Error(ErrorCode::kSqlUnsupported,
                         "query nesting this deep is not supported");
          }
          stack.push_back(
              {static_cast<const ProtobufCMessageDescriptor*>(field->descriptor),
               pos + skip});
          skip = 0;
        }
        break;
      }
      default:
        return malformed();
    }
    if (skip > stack.back().end - pos) return malformed();
    pos += skip;
  }
  return arrow::Status::OK();
}

std::string StatementName(const PgQuery__Node* node) {
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
      return "INSERT";
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      return "UPDATE";
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return "DELETE";
    case PG_QUERY__NODE__NODE_MERGE_STMT:
      return "MERGE";
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
      return "EXPLAIN";
    case PG_QUERY__NODE__NODE_COPY_STMT:
      return "COPY";
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return "CREATE TABLE";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      return "CREATE TABLE AS";
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      return "CREATE VIEW";
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      return "TRUNCATE";
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
      return "transaction control";
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      return "SET";
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
      return "SHOW";
    case PG_QUERY__NODE__NODE_CALL_STMT:
      return "CALL";
    case PG_QUERY__NODE__NODE_DO_STMT:
      return "DO";
    case PG_QUERY__NODE__NODE_PREPARE_STMT:
      return "PREPARE";
    case PG_QUERY__NODE__NODE_EXECUTE_STMT:
      return "EXECUTE";
    default:
      return "the statement " + internal::NodeTypeName(node);
  }
}

std::vector<std::string> AliasColumns(const PgQuery__Alias* alias) {
  std::vector<std::string> names;
  if (alias == nullptr) return names;
  for (size_t i = 0; i < alias->n_colnames; ++i) {
    names.push_back(internal::StringValue(alias->colnames[i]));
  }
  return names;
}

arrow::Result<QueryPtr> ConvertQuery(const PgQuery__SelectStmt* select, const QueryText& text,
                                     int depth);

/// Subqueries, CTEs and joins nest; this bounds the recursion like expressions are bounded.
arrow::Status CheckDepth(int depth) {
  if (depth > internal::kMaxExpressionDepth) {
    return Error(ErrorCode::kSqlUnsupported, "query nesting this deep is not supported");
  }
  return arrow::Status::OK();
}

/// `unnest(list) [AS alias[(column)]]` in FROM, the one function Warden takes there (its
/// list reads columns of the FROM items before it: PostgreSQL's implicit LATERAL).
arrow::Result<FromItem> ConvertUnnestInFrom(const PgQuery__RangeFunction* range,
                                            const QueryText& text) {
  const PgQuery__Node* call = nullptr;
  if (!range->ordinality && !range->is_rowsfrom && range->n_coldeflist == 0 &&
      range->n_functions == 1 && range->functions[0]->node_case == PG_QUERY__NODE__NODE_LIST &&
      range->functions[0]->list->n_items >= 1) {
    call = range->functions[0]->list->items[0];
  }
  if (call == nullptr || call->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) {
    return Unsupported("a function in FROM other than unnest(list)");
  }
  ARROW_ASSIGN_OR_RAISE(ExprPtr expr, internal::ConvertExpression(call, text));
  if (expr->kind != ExprKind::kFunction || expr->name != "unnest") {
    return Unsupported("a function in FROM other than unnest(list)");
  }
  if (expr->args.size() != 1) return Unsupported("unnest() of other than one list");
  FromItem item;
  item.kind = FromItem::Kind::kUnnest;
  item.location = expr->location;
  item.unnest_argument = std::move(expr->args[0]);
  if (range->alias != nullptr) {
    item.alias = range->alias->aliasname;
    item.column_aliases = AliasColumns(range->alias);
  }
  return item;
}

arrow::Result<FromItem> ConvertFromItem(const PgQuery__Node* node, const QueryText& text,
                                        int depth) {
  ARROW_RETURN_NOT_OK(CheckDepth(depth));
  FromItem item;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
      const PgQuery__RangeVar* range = node->range_var;
      std::vector<std::string> parts;
      for (const char* part : {range->catalogname, range->schemaname, range->relname}) {
        if (part != nullptr && *part != '\0') parts.emplace_back(part);
      }
      item.kind = FromItem::Kind::kTable;
      item.name = text.ReadName(range->location, parts);
      item.location = range->location;
      if (range->alias != nullptr) {
        item.alias = range->alias->aliasname;
        item.column_aliases = AliasColumns(range->alias);
      }
      return item;
    }
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
      const PgQuery__RangeSubselect* sub = node->range_subselect;
      if (sub->lateral) return Unsupported("LATERAL");
      if (sub->subquery == nullptr ||
          sub->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        return Unsupported("this subquery in FROM");
      }
      item.kind = FromItem::Kind::kSubquery;
      ARROW_ASSIGN_OR_RAISE(item.subquery,
                            ConvertQuery(sub->subquery->select_stmt, text, depth + 1));
      if (sub->alias != nullptr) {
        item.alias = sub->alias->aliasname;
        item.column_aliases = AliasColumns(sub->alias);
      }
      return item;
    }
    case PG_QUERY__NODE__NODE_JOIN_EXPR: {
      const PgQuery__JoinExpr* join = node->join_expr;
      if (join->is_natural) return Unsupported("NATURAL JOIN");
      if (join->alias != nullptr) return Unsupported("an alias on a JOIN");
      item.kind = FromItem::Kind::kJoin;
      switch (join->jointype) {
        case PG_QUERY__JOIN_TYPE__JOIN_INNER:
          item.join_type = (join->quals == nullptr && join->n_using_clause == 0)
                               ? JoinType::kCross
                               : JoinType::kInner;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
          item.join_type = JoinType::kLeft;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
          item.join_type = JoinType::kRight;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_FULL:
          item.join_type = JoinType::kFull;
          break;
        default:
          return Unsupported("this kind of JOIN");
      }
      auto left = std::make_unique<FromItem>();
      auto right = std::make_unique<FromItem>();
      ARROW_ASSIGN_OR_RAISE(*left, ConvertFromItem(join->larg, text, depth + 1));
      ARROW_ASSIGN_OR_RAISE(*right, ConvertFromItem(join->rarg, text, depth + 1));
      item.left = std::move(left);
      item.right = std::move(right);
      for (size_t i = 0; i < join->n_using_clause; ++i) {
        item.using_columns.push_back(internal::StringValue(join->using_clause[i]));
      }
      if (join->quals != nullptr) {
        ARROW_ASSIGN_OR_RAISE(item.on, internal::ConvertExpression(join->quals, text));
      }
      return item;
    }
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
      return ConvertUnnestInFrom(node->range_function, text);
    case PG_QUERY__NODE__NODE_RANGE_TABLE_SAMPLE:
      return Unsupported("TABLESAMPLE");
    default:
      return Unsupported(internal::NodeTypeName(node) + " in FROM");
  }
}

arrow::Result<SelectItem> ConvertSelectItem(const PgQuery__Node* node,
                                            const QueryText& text) {
  if (node->node_case != PG_QUERY__NODE__NODE_RES_TARGET ||
      node->res_target->val == nullptr) {
    return Unsupported(internal::NodeTypeName(node) + " in the select list");
  }
  const PgQuery__ResTarget* target = node->res_target;
  SelectItem item;
  item.location = target->location;
  const PgQuery__Node* value = target->val;
  if (value->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
    const PgQuery__ColumnRef* ref = value->column_ref;
    if (ref->n_fields > 0 &&
        ref->fields[ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
      std::vector<std::string> qualifier;
      for (size_t i = 0; i + 1 < ref->n_fields; ++i) {
        qualifier.push_back(internal::StringValue(ref->fields[i]));
      }
      item.star = true;
      if (!qualifier.empty())
        item.star_qualifier = text.ReadName(ref->location, qualifier);
      return item;
    }
  }
  ARROW_ASSIGN_OR_RAISE(item.expr, internal::ConvertExpression(value, text));
  if (target->name != nullptr && *target->name != '\0') item.alias = target->name;
  return item;
}

arrow::Status CheckSelectShape(const PgQuery__SelectStmt* select) {
  switch (select->op) {
    case PG_QUERY__SET_OPERATION__SETOP_INTERSECT:
      return Unsupported("INTERSECT");
    case PG_QUERY__SET_OPERATION__SETOP_EXCEPT:
      return Unsupported("EXCEPT");
    default:
      break;
  }
  if (select->n_values_lists > 0) return Unsupported("VALUES");
  if (select->into_clause != nullptr) return Unsupported("SELECT INTO");
  if (select->n_locking_clause > 0) return Unsupported("FOR UPDATE/SHARE");
  if (select->n_window_clause > 0) return Unsupported("WINDOW");
  if (select->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) {
    return Unsupported("FETCH FIRST ... WITH TIES");
  }
  if (select->group_distinct) return Unsupported("GROUP BY DISTINCT");
  return arrow::Status::OK();
}

arrow::Status ConvertSelectCore(const PgQuery__SelectStmt* select, const QueryText& text,
                                int depth, SelectCore* core) {
  if (select->n_distinct_clause > 0) {
    // DISTINCT gives one NULL item; DISTINCT ON (...) gives the expressions.
    if (select->n_distinct_clause > 1 || select->distinct_clause[0] != nullptr &&
                                             select->distinct_clause[0]->node_case !=
                                                 PG_QUERY__NODE__NODE__NOT_SET) {
      return Unsupported("DISTINCT ON");
    }
    core->distinct = true;
  }
  for (size_t i = 0; i < select->n_from_clause; ++i) {
    ARROW_ASSIGN_OR_RAISE(FromItem item,
                          ConvertFromItem(select->from_clause[i], text, depth + 1));
    core->from.push_back(std::move(item));
  }
  if (select->n_target_list == 0) return Unsupported("an empty select list");
  for (size_t i = 0; i < select->n_target_list; ++i) {
    ARROW_ASSIGN_OR_RAISE(SelectItem item,
                          ConvertSelectItem(select->target_list[i], text));
    core->items.push_back(std::move(item));
  }
  if (select->where_clause != nullptr) {
    ARROW_ASSIGN_OR_RAISE(core->where,
                          internal::ConvertExpression(select->where_clause, text));
  }
  for (size_t i = 0; i < select->n_group_clause; ++i) {
    const PgQuery__Node* node = select->group_clause[i];
    if (node->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) {
      return Unsupported("GROUPING SETS/ROLLUP/CUBE");
    }
    ARROW_ASSIGN_OR_RAISE(ExprPtr key, internal::ConvertExpression(node, text));
    core->group_by.push_back(std::move(key));
  }
  if (select->having_clause != nullptr) {
    ARROW_ASSIGN_OR_RAISE(core->having,
                          internal::ConvertExpression(select->having_clause, text));
  }
  return arrow::Status::OK();
}

arrow::Status ConvertWith(const PgQuery__WithClause* with, const QueryText& text, int depth,
                          Query* query) {
  if (with->recursive) return Unsupported("WITH RECURSIVE");
  for (size_t i = 0; i < with->n_ctes; ++i) {
    const PgQuery__Node* node = with->ctes[i];
    if (node->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR) {
      return Unsupported(internal::NodeTypeName(node) + " in WITH");
    }
    const PgQuery__CommonTableExpr* cte = node->common_table_expr;
    if (cte->ctequery == nullptr ||
        cte->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
      return Unsupported("a data-modifying statement in WITH");
    }
    CommonTableExpr converted;
    converted.name = cte->ctename;
    for (size_t k = 0; k < cte->n_aliascolnames; ++k) {
      converted.column_aliases.push_back(internal::StringValue(cte->aliascolnames[k]));
    }
    ARROW_ASSIGN_OR_RAISE(converted.query,
                          ConvertQuery(cte->ctequery->select_stmt, text, depth + 1));
    query->with.push_back(std::move(converted));
  }
  return arrow::Status::OK();
}

arrow::Status ConvertOrderAndLimit(const PgQuery__SelectStmt* select, const QueryText& text,
                                   Query* query) {
  for (size_t i = 0; i < select->n_sort_clause; ++i) {
    const PgQuery__Node* node = select->sort_clause[i];
    if (node->node_case != PG_QUERY__NODE__NODE_SORT_BY) {
      return Unsupported(internal::NodeTypeName(node) + " in ORDER BY");
    }
    const PgQuery__SortBy* sort = node->sort_by;
    if (sort->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
      return Unsupported("ORDER BY ... USING");
    }
    OrderItem item;
    ARROW_ASSIGN_OR_RAISE(item.expr, internal::ConvertExpression(sort->node, text));
    item.descending = sort->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    if (sort->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST) {
      item.nulls_first = true;
    } else if (sort->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST) {
      item.nulls_first = false;
    }
    query->order_by.push_back(std::move(item));
  }
  const PgQuery__Node* limit = select->limit_count;
  const bool limit_all = limit != nullptr &&
                         limit->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                         limit->a_const->isnull;
  if (limit != nullptr && !limit_all) {
    ARROW_ASSIGN_OR_RAISE(query->limit, internal::ConvertExpression(limit, text));
  }
  if (select->limit_offset != nullptr) {
    ARROW_ASSIGN_OR_RAISE(query->offset,
                          internal::ConvertExpression(select->limit_offset, text));
  }
  return arrow::Status::OK();
}

arrow::Result<QueryPtr> ConvertQuery(const PgQuery__SelectStmt* select, const QueryText& text,
                                     int depth) {
  ARROW_RETURN_NOT_OK(CheckDepth(depth));
  ARROW_RETURN_NOT_OK(CheckSelectShape(select));
  auto query = std::make_unique<Query>();
  if (select->with_clause != nullptr) {
    ARROW_RETURN_NOT_OK(ConvertWith(select->with_clause, text, depth, query.get()));
  }
  if (select->op == PG_QUERY__SET_OPERATION__SETOP_UNION) {
    if (select->larg == nullptr || select->rarg == nullptr) {
      return Error(ErrorCode::kInternal, "malformed UNION");
    }
    query->kind = Query::Kind::kUnion;
    query->union_all = select->all;
    ARROW_ASSIGN_OR_RAISE(query->left, ConvertQuery(select->larg, text, depth + 1));
    ARROW_ASSIGN_OR_RAISE(query->right, ConvertQuery(select->rarg, text, depth + 1));
  } else {
    ARROW_RETURN_NOT_OK(ConvertSelectCore(select, text, depth, &query->select));
  }
  ARROW_RETURN_NOT_OK(ConvertOrderAndLimit(select, text, query.get()));
  return query;
}

arrow::Result<QueryPtr> ConvertParseResult(const PgQuery__ParseResult& result,
                                           const QueryText& text) {
  if (result.n_stmts == 0 || result.stmts[0]->stmt == nullptr) {
    return Error(ErrorCode::kSqlSyntax, "empty query");
  }
  if (result.n_stmts > 1) return Unsupported("more than one statement");
  const PgQuery__Node* statement = result.stmts[0]->stmt;
  if (statement->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
    return Unsupported(StatementName(statement));
  }
  return ConvertQuery(statement->select_stmt, text, 0);
}

}  // namespace

arrow::Result<QueryPtr> ParseQuery(std::string_view sql) {
  if (sql.size() > kMaxQueryBytes) {
    return Error(ErrorCode::kSqlUnsupported, "queries longer than " +
                                                 std::to_string(kMaxQueryBytes) +
                                                 " bytes are not supported");
  }
  if (auto bad = internal::FindInvalidUtf8(sql)) {
    return Error(ErrorCode::kSqlSyntax,
                 std::string(sql[*bad] == '\0' ? "NUL character" : "invalid UTF-8") +
                     " in query (position " + std::to_string(*bad + 1) + ")");
  }
  const std::string text(sql);
  ARROW_ASSIGN_OR_RAISE(std::vector<SourceToken> tokens, ScanTokens(text));
  ARROW_RETURN_NOT_OK(CheckComplexity(tokens));

  PgQueryProtobufParseResult parsed = pg_query_parse_protobuf(text.c_str());
  std::unique_ptr<PgQueryProtobufParseResult, void (*)(PgQueryProtobufParseResult*)>
      guard(&parsed, [](PgQueryProtobufParseResult* r) {
        pg_query_free_protobuf_parse_result(*r);
      });
  if (parsed.error != nullptr) return SyntaxErrorFrom(*parsed.error);
  const auto* data = reinterpret_cast<const uint8_t*>(parsed.parse_tree.data);
  ARROW_RETURN_NOT_OK(CheckMessageDepth(data, parsed.parse_tree.len));
  std::unique_ptr<PgQuery__ParseResult, ParseResultDeleter> tree(
      pg_query__parse_result__unpack(nullptr, parsed.parse_tree.len, data));
  if (tree == nullptr) return Error(ErrorCode::kInternal, "cannot read the parse tree");
  return ConvertParseResult(*tree, QueryText(text, std::move(tokens)));
}

namespace internal {

namespace {

bool IsNameToken(const SourceToken& token) {
  return token.token == PG_QUERY__TOKEN__IDENT || token.is_keyword;
}

}  // namespace

std::vector<Identifier> QueryText::ReadName(
    int location, const std::vector<std::string>& tree_parts) const {
  std::vector<Identifier> fallback;
  for (const auto& part : tree_parts) fallback.push_back(Identifier{part, false});
  auto it = std::lower_bound(
      tokens_.begin(), tokens_.end(), location,
      [](const SourceToken& token, int offset) { return token.start < offset; });
  std::vector<Identifier> parts;
  for (size_t i = 0; i < tree_parts.size(); ++i, ++it) {
    if (i > 0) {
      if (it == tokens_.end() || it->token != PG_QUERY__TOKEN__ASCII_46) return fallback;
      ++it;
    }
    if (it == tokens_.end() || !IsNameToken(*it) || it->start < 0 ||
        it->end <= it->start || static_cast<size_t>(it->end) > sql_.size()) {
      return fallback;
    }
    std::string_view raw = sql_.substr(it->start, it->end - it->start);
    if (raw.front() != '"') {
      parts.push_back(Identifier{NormalizeIdentifier(std::string(raw), false), false});
      continue;
    }
    if (raw.size() < 2 || raw.back() != '"') return fallback;
    std::string unescaped;
    for (size_t k = 1; k + 1 < raw.size(); ++k) {
      unescaped.push_back(raw[k]);
      if (raw[k] == '"') ++k;  // "" stands for "
    }
    parts.push_back(Identifier{std::move(unescaped), true});
  }
  return parts;
}

}  // namespace internal

}  // namespace warden::sql
