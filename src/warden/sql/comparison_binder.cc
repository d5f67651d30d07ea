// PostgreSQL comparison semantics that Arrow's kernels do not have: NaN equals NaN and is
// greater than every other number (Arrow follows IEEE 754, where NaN compares false with
// everything), IS [NOT] DISTINCT FROM, and LIKE ... ESCAPE.
#include <arrow/compute/api_scalar.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

#include <cmath>
#include <map>
#include <optional>

#include "warden/common/error.h"
#include "warden/sql/expression_binder_internal.h"

namespace warden::sql::internal {

namespace cp = arrow::compute;

namespace {

/// What is known at bind time about whether one side of a comparison is NaN.
enum class NanKnowledge { kNever, kAlways, kDepends };

NanKnowledge KnowNan(const BoundExpression& side) {
  if (!arrow::is_floating(side.type->id())) return NanKnowledge::kNever;
  if (side.constant == nullptr) return NanKnowledge::kDepends;
  if (!side.constant->is_valid) return NanKnowledge::kNever;  // NULL stays NULL anyway
  auto value = side.constant->CastTo(arrow::float64());
  if (!value.ok()) return NanKnowledge::kDepends;
  return std::isnan(static_cast<const arrow::DoubleScalar&>(**value).value)
             ? NanKnowledge::kAlways
             : NanKnowledge::kNever;
}

cp::Expression IsNan(const BoundExpression& side) {
  return cp::call("is_nan", {side.expression});
}

cp::Expression And(cp::Expression a, cp::Expression b) {
  return cp::call("and_kleene", {std::move(a), std::move(b)});
}

cp::Expression Or(cp::Expression a, cp::Expression b) {
  return cp::call("or_kleene", {std::move(a), std::move(b)});
}

cp::Expression Not(cp::Expression a) { return cp::call("invert", {std::move(a)}); }

cp::Expression Valid(const BoundExpression& side) {
  return cp::call("is_valid", {side.expression});
}

/// NOT of the complementary comparison: invert(less_equal(a, b)) for greater(a, b), and so
/// on; nullopt if `plain` is not an ordering comparison call.
std::optional<cp::Expression> InvertedComparison(const cp::Expression& plain) {
  static const std::map<std::string, std::string> kComplement = {
      {"greater", "less_equal"}, {"greater_equal", "less"},
      {"less", "greater_equal"}, {"less_equal", "greater"}};
  const auto* call = plain.call();
  if (call == nullptr || call->arguments.size() != 2) return std::nullopt;
  const auto complement = kComplement.find(call->function_name);
  if (complement == kComplement.end()) return std::nullopt;
  return Not(cp::call(complement->second, call->arguments));
}

/// `left op right` where `plain` is Arrow's IEEE comparison and the sides are floats:
/// adds the NaN cases, folded away for constant sides.
///   a = b    plain OR (nan(a) AND nan(b))
///   a <> b   plain AND NOT (nan(a) AND nan(b))
///   a < b    plain OR (nan(b) AND NOT nan(a))          (mirrored for >)
///   a <= b   plain OR (nan(b) AND a IS NOT NULL)       (mirrored for >=)
///   a > c    NOT (a <= c) for a constant c that is not NaN (and a >= c: NOT (a < c))
cp::Expression NanAwareComparison(const std::string& op, cp::Expression plain,
                                  const BoundExpression& left,
                                  const BoundExpression& right) {
  const NanKnowledge l = KnowNan(left), r = KnowNan(right);
  auto nan = [](NanKnowledge k, const BoundExpression& side) -> std::optional<cp::Expression> {
    if (k == NanKnowledge::kNever) return std::nullopt;
    return IsNan(side);
  };
  if (op == "=" || op == "<>") {
    if (l == NanKnowledge::kNever || r == NanKnowledge::kNever) return plain;
    // Both may be NaN: with a NaN constant the term is the other side's test alone.
    cp::Expression both = l == NanKnowledge::kAlways   ? *nan(r, right)
                          : r == NanKnowledge::kAlways ? *nan(l, left)
                                                       : And(IsNan(left), IsNan(right));
    if (op == "=") {
      if (l == NanKnowledge::kAlways || r == NanKnowledge::kAlways) return both;
      return Or(std::move(plain), std::move(both));
    }
    if (l == NanKnowledge::kAlways || r == NanKnowledge::kAlways) {
      // x <> NaN: true unless x is NaN; NULL for a NULL x.
      return Not(std::move(both));
    }
    return And(std::move(plain), Not(std::move(both)));
  }
  const bool less = op == "<" || op == "<=";
  const bool or_equal = op == "<=" || op == ">=";
  // The side that wins when it is NaN, and the other one.
  const BoundExpression& greater_side = less ? right : left;
  const BoundExpression& other_side = less ? left : right;
  const NanKnowledge g = less ? r : l, o = less ? l : r;
  if (g == NanKnowledge::kNever) {
    // Only the other side may be NaN, and then the comparison is false as in IEEE.
    return plain;
  }
  if (g == NanKnowledge::kDepends && o == NanKnowledge::kNever) {
    // The other side is never NaN (a constant, say): PostgreSQL's x > c is IEEE's
    // NOT (x <= c), which a NaN x makes true and a NULL leaves NULL. One comparison and a
    // bitmap inversion instead of a comparison, is_nan and an OR. (The optimizer pushes
    // such an inversion into a scan only with its NaN case spelled out again: Parquet
    // statistics leave NaN out of min/max.)
    if (auto inverted = InvertedComparison(plain)) return *inverted;
  }
  cp::Expression greater_nan = IsNan(greater_side);
  // The other side must be a number (not NULL) and, for < and >, not NaN itself; a
  // non-NaN constant needs no test.
  std::optional<cp::Expression> guard;
  const bool other_constant =
      other_side.constant != nullptr && other_side.constant->is_valid;
  if (or_equal || o == NanKnowledge::kNever) {
    if (!other_constant) guard = Valid(other_side);
  } else if (!(other_constant && o == NanKnowledge::kNever)) {
    guard = Not(IsNan(other_side));
  }
  if (g == NanKnowledge::kAlways) {
    // x < NaN is NOT nan(x) (or x IS NOT NULL for <=); the IEEE part is always false.
    return guard ? *guard : cp::literal(other_constant && !(o == NanKnowledge::kAlways && !or_equal));
  }
  if (!guard) return Or(std::move(plain), std::move(greater_nan));
  return Or(std::move(plain), And(std::move(greater_nan), std::move(*guard)));
}

/// PostgreSQL's LIKE pattern with escape character `escape` (empty: none) rewritten
/// for Arrow's match_like, whose escape character is a backslash.
arrow::Result<std::string> RewriteLikeEscape(const std::string& pattern,
                                             const std::string& escape) {
  std::string out;
  size_t i = 0;
  auto next_char = [&pattern](size_t at) {
    size_t end = at + 1;
    while (end < pattern.size() && (static_cast<unsigned char>(pattern[end]) & 0xC0) == 0x80)
      ++end;
    return pattern.substr(at, end - at);
  };
  while (i < pattern.size()) {
    std::string c = next_char(i);
    i += c.size();
    if (!escape.empty() && c == escape) {
      if (i >= pattern.size()) {
        return Error(ErrorCode::kSqlBind,
                     "LIKE pattern must not end with escape character");
      }
      std::string literal = next_char(i);
      i += literal.size();
      if (literal == "%" || literal == "_" || literal == "\\") out += '\\';
      out += literal;
    } else if (c == "\\") {
      out += "\\\\";  // not the escape character here: a plain backslash
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

cp::Expression PostgresFloatComparison(const std::string& op, cp::Expression plain,
                                       const BoundExpression& left,
                                       const BoundExpression& right) {
  if (!arrow::is_floating(left.type->id()) && !arrow::is_floating(right.type->id())) {
    return plain;
  }
  return NanAwareComparison(op, std::move(plain), left, right);
}

arrow::Result<std::string> LikePatternWithEscape(const std::string& pattern,
                                                 const std::shared_ptr<arrow::Scalar>& escape) {
  std::string escape_text = "\\";
  if (escape != nullptr) {
    if (!escape->is_valid) return Error(ErrorCode::kSqlBind, "LIKE ESCAPE must not be NULL");
    escape_text = static_cast<const arrow::BaseBinaryScalar&>(*escape).ToString();
    size_t chars = 0;
    for (unsigned char c : escape_text) chars += (c & 0xC0) != 0x80;
    if (chars > 1) {
      return Error(ErrorCode::kSqlBind, "invalid escape string: it must be empty or one character");
    }
  }
  if (escape_text == "\\") return pattern;  // Arrow's own convention
  return RewriteLikeEscape(pattern, escape_text);
}

BoundExpression WithoutNegativeZero(BoundExpression value) {
  if (!arrow::is_floating(value.type->id()) || value.constant != nullptr) return value;
  auto zero = arrow::MakeScalar(value.type, 0.0);
  if (!zero.ok()) return value;
  value.expression = cp::call("add", {std::move(value.expression), cp::literal(*zero)});
  return value;
}

arrow::Result<BoundExpression> ExpressionBinder::BindIsDistinct(const Expr& expr) const {
  ARROW_ASSIGN_OR_RAISE(std::vector<BoundExpression> args, BindArgs(expr));
  BoundExpression& a = args[0];
  BoundExpression& b = args[1];
  auto null_side = [](const BoundExpression& side) {
    return side.type->id() == arrow::Type::NA ||
           (side.constant != nullptr && !side.constant->is_valid);
  };
  BoundExpression result;
  result.type = arrow::boolean();
  if (null_side(a) && null_side(b)) {
    return Constant(std::make_shared<arrow::BooleanScalar>(expr.negated));
  }
  if (null_side(a) || null_side(b)) {
    // x IS DISTINCT FROM NULL is x IS NOT NULL.
    const BoundExpression& value = null_side(a) ? b : a;
    result.expression = cp::call(expr.negated ? "is_null" : "is_valid", {value.expression});
    return result;
  }
  // Both non-null: <> (with NaN = NaN); otherwise distinct when exactly one is NULL.
  ARROW_ASSIGN_OR_RAISE(BoundExpression differ, BindComparison("<>", a, b));
  cp::Expression valid_a = Valid(a), valid_b = Valid(b);
  result.expression = cp::call(
      "if_else", {cp::call("and", {valid_a, valid_b}), differ.expression,
                  cp::call("xor", {valid_a, valid_b})});
  if (expr.negated) result.expression = Not(std::move(result.expression));
  return result;
}

}  // namespace warden::sql::internal
