#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <set>
#include <string>

#include "warden/common/error.h"
#include "warden/sql/query_parser_internal.h"

namespace warden::sql::internal {

namespace {

const std::set<std::string, std::less<>>& AggregateFunctions() {
  static const std::set<std::string, std::less<>> kNames = {"count",
                                                            "sum",
                                                            "avg",
                                                            "min",
                                                            "max",
                                                            "array_agg",
                                                            "string_agg",
                                                            "bool_and",
                                                            "bool_or",
                                                            "every",
                                                            "stddev",
                                                            "stddev_pop",
                                                            "stddev_samp",
                                                            "variance",
                                                            "var_pop",
                                                            "var_samp",
                                                            "bit_and",
                                                            "bit_or",
                                                            "json_agg",
                                                            "jsonb_agg",
                                                            "percentile_cont",
                                                            "percentile_disc",
                                                            "mode",
                                                            "approx_count_distinct"};
  return kNames;
}

ExprPtr MakeExpr(ExprKind kind, int location) {
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->location = location;
  return expr;
}

ExprPtr MakeLiteral(LiteralValue value, int location) {
  auto expr = MakeExpr(ExprKind::kLiteral, location);
  expr->literal = std::move(value);
  return expr;
}

/// A numeric constant libpg_query keeps as text: an integer too large for int32, a
/// decimal, or a float. Integers that fit int64 stay integers.
arrow::Result<LiteralValue> ParseNumber(const std::string& text) {
  int64_t integer = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, integer);
  if (ec == std::errc() && ptr == end) return LiteralValue(integer);
  errno = 0;
  char* parse_end = nullptr;
  const double value = std::strtod(text.c_str(), &parse_end);
  if (parse_end != text.c_str() + text.size() || text.empty()) {
    return Unsupported("the numeric literal " + text);
  }
  return LiteralValue(value);
}

arrow::Result<ExprPtr> ConvertConstant(const PgQuery__AConst* constant) {
  if (constant->isnull) return MakeLiteral(std::monostate{}, constant->location);
  switch (constant->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
      return MakeLiteral(static_cast<int64_t>(constant->ival->ival), constant->location);
    case PG_QUERY__A__CONST__VAL_FVAL: {
      ARROW_ASSIGN_OR_RAISE(LiteralValue value, ParseNumber(constant->fval->fval));
      return MakeLiteral(std::move(value), constant->location);
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      return MakeLiteral(static_cast<bool>(constant->boolval->boolval),
                         constant->location);
    case PG_QUERY__A__CONST__VAL_SVAL:
      return MakeLiteral(std::string(constant->sval->sval), constant->location);
    case PG_QUERY__A__CONST__VAL_BSVAL:
      return Unsupported("a bit string literal");
    default:
      return Unsupported("this kind of constant");
  }
}

class ExpressionConverter {
 public:
  ExpressionConverter(const QueryText& text, int depth) : text_(text), depth_(depth) {}

  arrow::Result<ExprPtr> Convert(const PgQuery__Node* node) {
    if (node == nullptr) return Error(ErrorCode::kInternal, "missing expression node");
    switch (node->node_case) {
      case PG_QUERY__NODE__NODE_COLUMN_REF:
        return ConvertColumn(node->column_ref);
      case PG_QUERY__NODE__NODE_A_CONST:
        return ConvertConstant(node->a_const);
      case PG_QUERY__NODE__NODE_A_EXPR:
        return ConvertOperator(node->a_expr);
      case PG_QUERY__NODE__NODE_BOOL_EXPR:
        return ConvertBool(node->bool_expr);
      case PG_QUERY__NODE__NODE_NULL_TEST:
        return ConvertNullTest(node->null_test);
      case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
        return ConvertBooleanTest(node->boolean_test);
      case PG_QUERY__NODE__NODE_FUNC_CALL:
        return ConvertFunction(node->func_call);
      case PG_QUERY__NODE__NODE_TYPE_CAST:
        return ConvertCast(node->type_cast);
      case PG_QUERY__NODE__NODE_COALESCE_EXPR: {
        auto expr = MakeExpr(ExprKind::kFunction, node->coalesce_expr->location);
        expr->name = "coalesce";
        ARROW_RETURN_NOT_OK(AppendArgs(node->coalesce_expr->args,
                                       node->coalesce_expr->n_args, expr.get()));
        return expr;
      }
      case PG_QUERY__NODE__NODE_SUB_LINK:
        return Unsupported("a subquery");
      case PG_QUERY__NODE__NODE_CASE_EXPR:
        return ConvertCase(node->case_expr);
      case PG_QUERY__NODE__NODE_PARAM_REF:
        return Unsupported("a query parameter ($n)");
      case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return Unsupported("an ARRAY constructor");
      case PG_QUERY__NODE__NODE_ROW_EXPR:
        return Unsupported("a ROW constructor");
      case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return Unsupported("COLLATE");
      case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
        const PgQuery__MinMaxExpr* minmax = node->min_max_expr;
        auto expr = MakeExpr(ExprKind::kFunction, minmax->location);
        expr->name = minmax->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
        ARROW_RETURN_NOT_OK(AppendArgs(minmax->args, minmax->n_args, expr.get()));
        return expr;
      }
      case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        return Unsupported("an SQL value function (CURRENT_DATE, CURRENT_USER, ...)");
      case PG_QUERY__NODE__NODE_A_INDIRECTION:
        return Unsupported("a subscript");
      case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        return Unsupported("GROUPING");
      default:
        return Unsupported("the expression " + NodeTypeName(node));
    }
  }

 private:
  /// Converts a child one level deeper.
  arrow::Result<ExprPtr> Child(const PgQuery__Node* node) {
    if (depth_ + 1 > kMaxExpressionDepth) {
      return Error(ErrorCode::kSqlUnsupported, "expression nesting deeper than " +
                                                   std::to_string(kMaxExpressionDepth) +
                                                   " levels is not supported");
    }
    return ConvertExpression(node, text_, depth_ + 1);
  }

  arrow::Status AppendArgs(PgQuery__Node** nodes, size_t count, Expr* expr) {
    for (size_t i = 0; i < count; ++i) {
      ARROW_ASSIGN_OR_RAISE(ExprPtr arg, Child(nodes[i]));
      expr->args.push_back(std::move(arg));
    }
    return arrow::Status::OK();
  }

  arrow::Result<ExprPtr> ConvertColumn(const PgQuery__ColumnRef* ref) {
    std::vector<std::string> parts;
    for (size_t i = 0; i < ref->n_fields; ++i) {
      if (ref->fields[i]->node_case != PG_QUERY__NODE__NODE_STRING) {
        return Unsupported("* in an expression");
      }
      parts.push_back(StringValue(ref->fields[i]));
    }
    auto expr = MakeExpr(ExprKind::kColumn, ref->location);
    expr->column = text_.ReadName(ref->location, parts);
    return expr;
  }

  arrow::Result<ExprPtr> ConvertOperator(const PgQuery__AExpr* op) {
    const std::string name = op->n_name == 1 ? StringValue(op->name[0]) : "";
    switch (op->kind) {
      case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
        return ConvertPlainOperator(op, name);
      case PG_QUERY__A__EXPR__KIND__AEXPR_IN: {
        auto expr = MakeExpr(ExprKind::kInList, op->location);
        expr->negated = name == "<>";
        ARROW_ASSIGN_OR_RAISE(ExprPtr left, Child(op->lexpr));
        expr->args.push_back(std::move(left));
        if (op->rexpr == nullptr || op->rexpr->node_case != PG_QUERY__NODE__NODE_LIST) {
          return Unsupported("IN without a value list");
        }
        ARROW_RETURN_NOT_OK(
            AppendArgs(op->rexpr->list->items, op->rexpr->list->n_items, expr.get()));
        return expr;
      }
      case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
      case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE: {
        auto expr = MakeExpr(ExprKind::kLike, op->location);
        expr->negated = !name.empty() && name[0] == '!';
        expr->case_insensitive = op->kind == PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE;
        if (op->rexpr != nullptr &&
            op->rexpr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
          // `x LIKE p ESCAPE e` arrives as `x LIKE like_escape(p, e)`.
          const PgQuery__FuncCall* call = op->rexpr->func_call;
          if (call->n_funcname == 0 ||
              StringValue(call->funcname[call->n_funcname - 1]) != "like_escape" ||
              call->n_args != 2) {
            return Unsupported("LIKE with a function call as its pattern");
          }
          ARROW_ASSIGN_OR_RAISE(ExprPtr value, Child(op->lexpr));
          expr->args.push_back(std::move(value));
          ARROW_RETURN_NOT_OK(AppendArgs(call->args, 2, expr.get()));
          return expr;
        }
        ARROW_RETURN_NOT_OK(AppendPair(op, expr.get()));
        return expr;
      }
      case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
      case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN: {
        auto expr = MakeExpr(ExprKind::kBetween, op->location);
        expr->negated = op->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
        ARROW_ASSIGN_OR_RAISE(ExprPtr value, Child(op->lexpr));
        expr->args.push_back(std::move(value));
        if (op->rexpr == nullptr || op->rexpr->node_case != PG_QUERY__NODE__NODE_LIST ||
            op->rexpr->list->n_items != 2) {
          return Error(ErrorCode::kSqlSyntax, "BETWEEN needs two bounds");
        }
        ARROW_RETURN_NOT_OK(AppendArgs(op->rexpr->list->items, 2, expr.get()));
        return expr;
      }
      case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
      case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
        return Unsupported("BETWEEN SYMMETRIC");
      case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY: {
        // Only `value = ANY(list)`; the binder's "= any" (kernel_function_binder.cc)
        // takes the list column on the right.
        if (name != "=") return Unsupported("ANY (array) with an operator other than =");
        auto expr = MakeExpr(ExprKind::kFunction, op->location);
        expr->name = "= any";
        ARROW_RETURN_NOT_OK(AppendPair(op, expr.get()));
        return expr;
      }
      case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
        return Unsupported("ALL (array)");
      case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
      case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
        auto expr = MakeExpr(ExprKind::kIsDistinct, op->location);
        expr->negated = op->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT;
        ARROW_RETURN_NOT_OK(AppendPair(op, expr.get()));
        return expr;
      }
      case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
        auto expr = MakeExpr(ExprKind::kFunction, op->location);
        expr->name = "nullif";
        ARROW_RETURN_NOT_OK(AppendPair(op, expr.get()));
        return expr;
      }
      case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
        return Unsupported("SIMILAR TO");
      default:
        return Unsupported("this operator");
    }
  }

  arrow::Status AppendPair(const PgQuery__AExpr* op, Expr* expr) {
    ARROW_ASSIGN_OR_RAISE(ExprPtr left, Child(op->lexpr));
    ARROW_ASSIGN_OR_RAISE(ExprPtr right, Child(op->rexpr));
    expr->args.push_back(std::move(left));
    expr->args.push_back(std::move(right));
    return arrow::Status::OK();
  }

  arrow::Result<ExprPtr> ConvertPlainOperator(const PgQuery__AExpr* op,
                                              const std::string& name) {
    static const std::set<std::string, std::less<>> kComparisons = {"=",  "<>", "<",
                                                                    "<=", ">",  ">="};
    static const std::set<std::string, std::less<>> kArithmetic = {"+", "-", "*",
                                                                   "/", "%", "||"};
    const std::string shown = op->n_name == 1 ? name : "OPERATOR(...)";
    if (op->lexpr == nullptr && op->rexpr != nullptr && (name == "-" || name == "+")) {
      ARROW_ASSIGN_OR_RAISE(ExprPtr operand, Child(op->rexpr));
      if (name == "+") return operand;
      auto expr = MakeExpr(ExprKind::kNegate, op->location);
      expr->args.push_back(std::move(operand));
      return expr;
    }
    if (op->n_name != 1 || op->lexpr == nullptr || op->rexpr == nullptr) {
      return Unsupported("the operator " + shown);
    }
    ExprKind kind;
    if (kComparisons.count(name) > 0) {
      kind = ExprKind::kComparison;
    } else if (kArithmetic.count(name) > 0) {
      kind = ExprKind::kArithmetic;
    } else {
      return Unsupported("the operator " + shown);
    }
    auto expr = MakeExpr(kind, op->location);
    expr->name = name;
    ARROW_RETURN_NOT_OK(AppendPair(op, expr.get()));
    return expr;
  }

  arrow::Result<ExprPtr> ConvertBool(const PgQuery__BoolExpr* op) {
    ExprKind kind;
    switch (op->boolop) {
      case PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR:
        kind = ExprKind::kAnd;
        break;
      case PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR:
        kind = ExprKind::kOr;
        break;
      case PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR:
        kind = ExprKind::kNot;
        break;
      default:
        return Unsupported("this boolean operator");
    }
    auto expr = MakeExpr(kind, op->location);
    ARROW_RETURN_NOT_OK(AppendArgs(op->args, op->n_args, expr.get()));
    const size_t want = kind == ExprKind::kNot ? 1 : 2;
    if (kind == ExprKind::kNot ? expr->args.size() != want : expr->args.size() < want) {
      return Error(ErrorCode::kInternal, "malformed boolean expression");
    }
    return expr;
  }

  arrow::Result<ExprPtr> ConvertNullTest(const PgQuery__NullTest* test) {
    auto expr = MakeExpr(ExprKind::kIsNull, test->location);
    expr->negated = test->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL;
    ARROW_ASSIGN_OR_RAISE(ExprPtr arg, Child(test->arg));
    expr->args.push_back(std::move(arg));
    return expr;
  }

  arrow::Result<ExprPtr> ConvertBooleanTest(const PgQuery__BooleanTest* test) {
    ExprKind kind = ExprKind::kIsTrue;
    bool negated = false;
    switch (test->booltesttype) {
      case PG_QUERY__BOOL_TEST_TYPE__IS_TRUE:
        break;
      case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_TRUE:
        negated = true;
        break;
      case PG_QUERY__BOOL_TEST_TYPE__IS_FALSE:
        kind = ExprKind::kIsFalse;
        break;
      case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_FALSE:
        kind = ExprKind::kIsFalse, negated = true;
        break;
      case PG_QUERY__BOOL_TEST_TYPE__IS_UNKNOWN:
        kind = ExprKind::kIsNull;
        break;
      case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_UNKNOWN:
        kind = ExprKind::kIsNull, negated = true;
        break;
      default:
        return Unsupported("this boolean test");
    }
    auto expr = MakeExpr(kind, test->location);
    expr->negated = negated;
    ARROW_ASSIGN_OR_RAISE(ExprPtr arg, Child(test->arg));
    expr->args.push_back(std::move(arg));
    return expr;
  }

  arrow::Result<ExprPtr> ConvertFunction(const PgQuery__FuncCall* call) {
    std::string name =
        call->n_funcname > 0 ? StringValue(call->funcname[call->n_funcname - 1]) : "";
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (call->over != nullptr)
      return Unsupported("a window function (" + name + "() OVER ...)");
    if (call->agg_filter != nullptr) return Unsupported("FILTER on " + name + "()");
    if (call->n_agg_order > 0 || call->agg_within_group) {
      return Unsupported("ORDER BY inside " + name + "()");
    }
    if ((call->agg_star || call->agg_distinct) && AggregateFunctions().count(name) == 0) {
      return Unsupported("* or DISTINCT in " + name + "()");
    }
    if (call->func_variadic) return Unsupported("VARIADIC");
    auto expr = MakeExpr(ExprKind::kFunction, call->location);
    expr->name = name;
    expr->distinct = call->agg_distinct;
    if (call->agg_star) expr->args.push_back(MakeExpr(ExprKind::kStar, call->location));
    ARROW_RETURN_NOT_OK(AppendArgs(call->args, call->n_args, expr.get()));
    return expr;
  }

  arrow::Result<ExprPtr> ConvertCase(const PgQuery__CaseExpr* node) {
    auto expr = MakeExpr(ExprKind::kCase, node->location);
    if (node->arg != nullptr) {
      expr->has_operand = true;
      ARROW_ASSIGN_OR_RAISE(ExprPtr operand, Child(node->arg));
      expr->args.push_back(std::move(operand));
    }
    for (size_t i = 0; i < node->n_args; ++i) {
      const PgQuery__Node* arm = node->args[i];
      if (arm->node_case != PG_QUERY__NODE__NODE_CASE_WHEN) {
        return Error(ErrorCode::kInternal, "malformed CASE");
      }
      ARROW_ASSIGN_OR_RAISE(ExprPtr when, Child(arm->case_when->expr));
      ARROW_ASSIGN_OR_RAISE(ExprPtr then, Child(arm->case_when->result));
      expr->args.push_back(std::move(when));
      expr->args.push_back(std::move(then));
    }
    if (node->defresult != nullptr) {
      expr->has_else = true;
      ARROW_ASSIGN_OR_RAISE(ExprPtr otherwise, Child(node->defresult));
      expr->args.push_back(std::move(otherwise));
    }
    return expr;
  }

  arrow::Result<ExprPtr> ConvertCast(const PgQuery__TypeCast* cast) {
    const PgQuery__TypeName* type = cast->type_name;
    if (type == nullptr || type->n_names == 0) return Unsupported("this CAST");
    std::string name = StringValue(type->names[type->n_names - 1]);
    if (type->n_array_bounds > 0) return Unsupported("CAST to an array type");
    auto expr = MakeExpr(ExprKind::kCast, cast->location);
    expr->name = std::move(name);
    for (size_t i = 0; i < type->n_typmods; ++i) {
      const PgQuery__Node* modifier = type->typmods[i];
      if (modifier->node_case != PG_QUERY__NODE__NODE_A_CONST ||
          modifier->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL) {
        return Unsupported("a type modifier that is not an integer");
      }
      expr->type_modifiers.push_back(modifier->a_const->ival->ival);
    }
    ARROW_ASSIGN_OR_RAISE(ExprPtr arg, Child(cast->arg));
    expr->args.push_back(std::move(arg));
    return expr;
  }

  const QueryText& text_;
  int depth_;
};

}  // namespace

arrow::Status Unsupported(const std::string& construct) {
  return Error(ErrorCode::kSqlUnsupported, construct + " is not supported yet");
}

std::string StringValue(const PgQuery__Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_STRING ||
      node->string->sval == nullptr) {
    return "";
  }
  return node->string->sval;
}

std::string NodeTypeName(const PgQuery__Node* node) {
  const ProtobufCFieldDescriptor* field = protobuf_c_message_descriptor_get_field(
      &pg_query__node__descriptor, static_cast<unsigned>(node->node_case));
  if (field == nullptr || field->descriptor == nullptr) return "unknown node";
  return static_cast<const ProtobufCMessageDescriptor*>(field->descriptor)->short_name;
}

arrow::Result<ExprPtr> ConvertExpression(const PgQuery__Node* node, const QueryText& text,
                                         int depth) {
  return ExpressionConverter(text, depth).Convert(node);
}

}  // namespace warden::sql::internal
