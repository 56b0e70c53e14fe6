#pragma once
// Grounded expressions to Z3 terms, shared by the solver and the repair search. Internal to
// solve/: nothing outside this folder includes Z3.
#include <z3++.h>

#include <optional>
#include <string>

#include "model/problem.hpp"
#include "solve/solve.hpp"

namespace claimcheck {

struct Encoder {
  z3::context& ctx;
  const GroundProblem& problem;

  // What every value of the variable's type satisfies, whatever the claims say.
  std::optional<z3::expr> domain(int id) const {
    if (!never_negative(problem.variables[id])) return std::nullopt;
    return var(id) >= ctx.int_val(0);
  }

  z3::expr var(int id) const {
    const Variable& v = problem.variables[id];
    std::string name = "v" + std::to_string(id);
    if (v.type == ValueType::boolean) return ctx.bool_const(name.c_str());
    if (v.is_integer()) return ctx.int_const(name.c_str());
    return ctx.real_const(name.c_str());
  }

  // Arithmetic goes to reals so that integer keys and rational bounds compare exactly.
  z3::expr number(const Expr& e) const {
    using Op = Expr::Op;
    switch (e.op) {
      case Op::constant: return ctx.real_val(to_fraction_string(e.value).c_str());
      case Op::var: {
        z3::expr x = var(e.var);
        return x.is_int() ? z3::to_real(x) : x;
      }
      case Op::add: {
        z3::expr_vector terms(ctx);
        for (const auto& k : e.kids) terms.push_back(number(k));
        return z3::sum(terms);
      }
      case Op::scale: return ctx.real_val(to_fraction_string(e.value).c_str()) * number(e.kids[0]);
      default: throw std::logic_error("not an arithmetic expression");
    }
  }

  z3::expr condition(const Expr& e) const {
    using Op = Expr::Op;
    switch (e.op) {
      case Op::truth: return ctx.bool_val(e.truth);
      case Op::var: return var(e.var);
      case Op::not_: return !condition(e.kids[0]);
      case Op::and_:
      case Op::or_: {
        z3::expr_vector parts(ctx);
        for (const auto& k : e.kids) parts.push_back(condition(k));
        return e.op == Op::and_ ? z3::mk_and(parts) : z3::mk_or(parts);
      }
      case Op::implies: return z3::implies(condition(e.kids[0]), condition(e.kids[1]));
      default: break;
    }
    bool boolean = !e.kids[0].is_arithmetic();
    z3::expr a = boolean ? condition(e.kids[0]) : number(e.kids[0]);
    z3::expr b = boolean ? condition(e.kids[1]) : number(e.kids[1]);
    switch (e.op) {
      case Op::eq: return a == b;
      case Op::ne: return a != b;
      case Op::lt: return a < b;
      case Op::le: return a <= b;
      case Op::gt: return a > b;
      case Op::ge: return a >= b;
      default: throw std::logic_error("not a condition");
    }
  }
};


}  // namespace claimcheck
