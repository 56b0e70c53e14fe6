#pragma once
// Quantifier-free linear constraints over the variables of a grounded problem: the language
// between ground/ and solve/. Also evaluated exactly (rationals) for witnesses and reports.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/claim.hpp"

namespace claimcheck {

struct Variable {
  Key key;
  ValueType type = ValueType::count;  // boolean for propositions, date for events
  bool is_integer() const {
    return type == ValueType::count || type == ValueType::stock || type == ValueType::date;
  }
};

struct Expr {
  enum class Op { constant, truth, var, add, scale, not_, and_, or_, implies, eq, ne, lt, le, gt, ge };
  Op op = Op::truth;
  Rational value = 0;  // constant; factor for scale
  bool truth = true;
  int var = -1;
  std::vector<Expr> kids;

  static Expr constant(Rational v);
  static Expr boolean(bool b);
  static Expr variable(int id);
  static Expr scaled(Rational factor, Expr e);
  static Expr sum(std::vector<Expr> terms);
  static Expr unary(Op op, Expr e);
  static Expr binary(Op op, Expr a, Expr b);
  static Expr all_of(std::vector<Expr> parts);
  static Expr any_of(std::vector<Expr> parts);
  bool is_arithmetic() const { return op == Op::constant || op == Op::var || op == Op::add || op == Op::scale; }
  bool operator==(const Expr&) const = default;  // the same tree: operators, constants, variables
};

// Equal trees hash equal.
std::size_t structure_hash(const Expr& e);

// Constraint that a variable lies in an interval (a Boolean expression).
Expr within(int var, const Interval& interval);

void collect_vars(const Expr& e, std::vector<int>& out);  // sorted, unique

using Value = std::variant<bool, Rational>;
using Assignment = std::map<int, Value>;

// nullopt when a variable has no value or the expression mixes sorts.
std::optional<Value> evaluate(const Expr& e, const Assignment& values);

std::string render_value(const Variable& var, const Value& value);
// Readable form with keys as names; `text_of` may give a variable another spelling (its value,
// its interval).
using VarText = std::function<std::optional<std::string>(int var)>;
std::string render(const Expr& e, const std::vector<Variable>& vars, const VarText& text_of = {});
VarText values_text(const std::vector<Variable>& vars, const Assignment& values);

}  // namespace claimcheck
