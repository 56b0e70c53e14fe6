#include "model/expr.hpp"

#include <fmt/format.h>

#include "model/result.hpp"

#include <algorithm>

namespace claimcheck {

Expr Expr::constant(Rational v) {
  Expr e;
  e.op = Op::constant;
  e.value = std::move(v);
  return e;
}
Expr Expr::boolean(bool b) {
  Expr e;
  e.op = Op::truth;
  e.truth = b;
  return e;
}
Expr Expr::variable(int id) {
  Expr e;
  e.op = Op::var;
  e.var = id;
  return e;
}
Expr Expr::scaled(Rational factor, Expr inner) {
  Expr e;
  e.op = Op::scale;
  e.value = std::move(factor);
  e.kids.push_back(std::move(inner));
  return e;
}
Expr Expr::sum(std::vector<Expr> terms) {
  if (terms.size() == 1) return std::move(terms[0]);
  Expr e;
  e.op = Op::add;
  e.kids = std::move(terms);
  return e;
}
Expr Expr::unary(Op op, Expr inner) {
  Expr e;
  e.op = op;
  e.kids.push_back(std::move(inner));
  return e;
}
Expr Expr::binary(Op op, Expr a, Expr b) {
  Expr e;
  e.op = op;
  e.kids.push_back(std::move(a));
  e.kids.push_back(std::move(b));
  return e;
}
Expr Expr::all_of(std::vector<Expr> parts) {
  if (parts.empty()) return boolean(true);
  if (parts.size() == 1) return std::move(parts[0]);
  Expr e;
  e.op = Op::and_;
  e.kids = std::move(parts);
  return e;
}
Expr Expr::any_of(std::vector<Expr> parts) {
  if (parts.empty()) return boolean(false);
  if (parts.size() == 1) return std::move(parts[0]);
  Expr e;
  e.op = Op::or_;
  e.kids = std::move(parts);
  return e;
}

std::size_t structure_hash(const Expr& e) {
  std::size_t h = static_cast<std::size_t>(e.op) * 0x9e3779b97f4a7c15u ^ static_cast<std::size_t>(e.var + 1) ^ (e.truth ? 0x5bd1u : 0);
  if (e.op == Expr::Op::constant || e.op == Expr::Op::scale) h = h * 1000003u ^ rational_hash(e.value);
  for (const auto& kid : e.kids) h = h * 1000003u ^ structure_hash(kid);
  return h;
}

Expr within(int var, const Interval& interval) {
  std::vector<Expr> parts;
  if (interval.lo)
    parts.push_back(Expr::binary(interval.lo->strict ? Expr::Op::gt : Expr::Op::ge, Expr::variable(var),
                                 Expr::constant(interval.lo->value)));
  if (interval.hi)
    parts.push_back(Expr::binary(interval.hi->strict ? Expr::Op::lt : Expr::Op::le, Expr::variable(var),
                                 Expr::constant(interval.hi->value)));
  return Expr::all_of(std::move(parts));
}

static void collect(const Expr& e, std::vector<int>& out) {
  if (e.op == Expr::Op::var) out.push_back(e.var);
  for (const auto& k : e.kids) collect(k, out);
}

void collect_vars(const Expr& e, std::vector<int>& out) {
  collect(e, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::optional<Value> evaluate(const Expr& e, const Assignment& values) {
  using Op = Expr::Op;
  auto number = [&](const Expr& k) -> std::optional<Rational> {
    auto v = evaluate(k, values);
    if (!v || !std::holds_alternative<Rational>(*v)) return std::nullopt;
    return std::get<Rational>(*v);
  };
  auto truth = [&](const Expr& k) -> std::optional<bool> {
    auto v = evaluate(k, values);
    if (!v || !std::holds_alternative<bool>(*v)) return std::nullopt;
    return std::get<bool>(*v);
  };
  switch (e.op) {
    case Op::constant: return Value{e.value};
    case Op::truth: return Value{e.truth};
    case Op::var: {
      auto it = values.find(e.var);
      if (it == values.end()) return std::nullopt;
      return it->second;
    }
    case Op::add: {
      Rational total = 0;
      for (const auto& k : e.kids) {
        auto v = number(k);
        if (!v) return std::nullopt;
        total += *v;
      }
      return Value{total};
    }
    case Op::scale: {
      auto v = number(e.kids[0]);
      if (!v) return std::nullopt;
      return Value{Rational(e.value * *v)};
    }
    case Op::not_: {
      auto v = truth(e.kids[0]);
      if (!v) return std::nullopt;
      return Value{!*v};
    }
    case Op::and_:
    case Op::or_: {
      bool is_and = e.op == Op::and_;
      for (const auto& k : e.kids) {
        auto v = truth(k);
        if (!v) return std::nullopt;
        if (*v != is_and) return Value{!is_and};
      }
      return Value{is_and};
    }
    case Op::implies: {
      auto a = truth(e.kids[0]);
      auto b = truth(e.kids[1]);
      if (!a || !b) return std::nullopt;
      return Value{!*a || *b};
    }
    default: break;
  }
  // Comparisons: numbers, or (for = and !=) truth values.
  auto a = evaluate(e.kids[0], values);
  auto b = evaluate(e.kids[1], values);
  if (!a || !b || a->index() != b->index()) return std::nullopt;
  if (std::holds_alternative<bool>(*a)) {
    bool x = std::get<bool>(*a), y = std::get<bool>(*b);
    if (e.op == Op::eq) return Value{x == y};
    if (e.op == Op::ne) return Value{x != y};
    return std::nullopt;
  }
  const Rational& x = std::get<Rational>(*a);
  const Rational& y = std::get<Rational>(*b);
  switch (e.op) {
    case Op::eq: return Value{x == y};
    case Op::ne: return Value{x != y};
    case Op::lt: return Value{x < y};
    case Op::le: return Value{x <= y};
    case Op::gt: return Value{x > y};
    case Op::ge: return Value{x >= y};
    default: return std::nullopt;
  }
}

std::string render_value(const Variable& var, const Value& value) {
  if (std::holds_alternative<bool>(value)) return std::get<bool>(value) ? "true" : "false";
  const Rational& r = std::get<Rational>(value);
  if (var.type == ValueType::date) {
    auto day = floor(r);
    return iso_day(static_cast<std::int64_t>(day));
  }
  std::string text = to_display(r);
  if (!var.key.unit.empty()) text += " " + var.key.unit;
  else if (var.type == ValueType::duration) text += " months";
  else if (var.type == ValueType::ratio && var.key.name != "rate") text += "%";
  return text;
}

static int precedence(Expr::Op op) {
  using Op = Expr::Op;
  switch (op) {
    case Op::implies: return 1;
    case Op::or_: return 2;
    case Op::and_: return 3;
    case Op::not_: return 4;
    case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: return 5;
    case Op::add: return 6;
    case Op::scale: return 7;
    default: return 8;
  }
}

static std::string op_text(Expr::Op op) {
  using Op = Expr::Op;
  switch (op) {
    case Op::implies: return " -> ";
    case Op::or_: return " or ";
    case Op::and_: return " and ";
    case Op::eq: return " = ";
    case Op::ne: return " != ";
    case Op::lt: return " < ";
    case Op::le: return " <= ";
    case Op::gt: return " > ";
    case Op::ge: return " >= ";
    default: return " ? ";
  }
}

VarText values_text(const std::vector<Variable>& vars, const Assignment& values) {
  return [&vars, &values](int var) -> std::optional<std::string> {
    auto it = values.find(var);
    if (it == values.end()) return std::nullopt;
    return render_value(vars.at(var), it->second);
  };
}

namespace {

// Writes into one string: each level returning its own text, and "(" + s + ")" around it, made
// rendering most of the explain stage's time at a million claims.
class Renderer {
 public:
  Renderer(std::string& out, const std::vector<Variable>& vars, const VarText& text_of)
      : out_(out), vars_(vars), text_of_(text_of) {}

  void expr(const Expr& e) {
    using Op = Expr::Op;
    switch (e.op) {
      case Op::constant: out_ += to_display(e.value); return;
      case Op::truth: out_ += e.truth ? "true" : "false"; return;
      case Op::var: {
        if (text_of_)
          if (auto text = text_of_(e.var)) {
            out_ += *text;
            return;
          }
        out_ += vars_.at(e.var).key.text();
        return;
      }
      case Op::add:
        for (std::size_t i = 0; i < e.kids.size(); ++i) {
          const Expr& k = e.kids[i];
          if (i > 0 && k.op == Op::scale && k.value < 0) {
            out_ += " - ";
            Rational positive = -k.value;
            // As the term with its factor made positive: a scaling, inside a sum. A sum taken away
            // keeps its parentheses: a - (b + c), not a - b + c.
            if (positive != 1) scaled(positive, k.kids[0]);
            else if (k.kids[0].op == Op::add) parenthesized(k.kids[0]);
            else child(k.kids[0], Op::add, true);
          } else {
            if (i > 0) out_ += " + ";
            child(k, Op::add, false);
          }
        }
        return;
      case Op::scale:
        if (e.value == -1) {
          out_ += '-';
          child(e.kids[0], Op::scale, true);
        } else {
          scaled(e.value, e.kids[0]);
        }
        return;
      case Op::not_:
        out_ += "not ";
        child(e.kids[0], e.op, true);
        return;
      case Op::and_:
      case Op::or_:
        for (std::size_t i = 0; i < e.kids.size(); ++i) {
          if (i) out_ += op_text(e.op);
          child(e.kids[i], e.op, true);
        }
        return;
      default:
        side(e, 0);
        out_ += op_text(e.op);
        side(e, 1);
        return;
    }
  }

 private:
  void child(const Expr& k, Expr::Op parent, bool strict_parent) {
    int pk = precedence(k.op), pe = precedence(parent);
    if (pk < pe || (strict_parent && pk == pe && k.op != parent)) parenthesized(k);
    else expr(k);
  }
  void parenthesized(const Expr& k) {
    out_ += '(';
    expr(k);
    out_ += ')';
  }
  void scaled(const Rational& factor, const Expr& kid) {
    out_ += to_display(factor);
    out_ += " * ";
    child(kid, Expr::Op::scale, true);
  }
  // A day number compared with a date reads as a date.
  void side(const Expr& e, int k) {
    const Expr& other = e.kids[1 - k];
    if (e.kids[k].op == Expr::Op::constant && other.op == Expr::Op::var && vars_.at(other.var).type == ValueType::date)
      out_ += iso_day(static_cast<std::int64_t>(floor(e.kids[k].value)));
    else
      child(e.kids[k], e.op, true);
  }

  std::string& out_;
  const std::vector<Variable>& vars_;
  const VarText& text_of_;
};

}  // namespace

std::string render(const Expr& e, const std::vector<Variable>& vars, const VarText& text_of) {
  std::string out;
  Renderer(out, vars, text_of).expr(e);
  return out;
}

static std::string unit_suffix(const Variable& var) {
  if (!var.key.unit.empty()) return " " + var.key.unit;
  if (var.type == ValueType::duration) return " months";
  if (var.type == ValueType::ratio && var.key.name == "rate")
    return fmt::format(" {} per {}", var.key.args.at(2), var.key.args.at(1));
  if (var.type == ValueType::ratio) return "%";
  return "";
}

std::vector<std::string> claim_ids(const CheckResult& result, const Finding& finding) {
  std::vector<std::string> ids;
  for (int c : finding.claims) ids.push_back(result.claims[static_cast<std::size_t>(c)].qualified_id());
  std::sort(ids.begin(), ids.end());
  return ids;
}

long suppressed_findings(const CheckResult& result) {
  return std::count_if(result.findings.begin(), result.findings.end(),
                       [](const Finding& f) { return f.suppressed.has_value(); });
}

long conflicts_containing(const Outcome& outcome, int claim) {
  return std::count_if(outcome.conflicts.begin(), outcome.conflicts.end(), [&](const Conflict& conflict) {
    return std::find(conflict.claims.begin(), conflict.claims.end(), claim) != conflict.claims.end();
  });
}

std::string interval_text(const Interval& i, const Variable& var) {
  if (var.type == ValueType::date) {
    auto day = [](const Rational& r) { return iso_day(static_cast<std::int64_t>(floor(r))); };
    if (i.lo && i.hi && i.lo->value == i.hi->value) return day(i.lo->value);
    if (i.lo && i.hi) return day(i.lo->value) + ".." + day(i.hi->value);
    if (i.lo) return (i.lo->strict ? "after " : "on or after ") + day(i.lo->value);
    if (i.hi) return (i.hi->strict ? "before " : "on or before ") + day(i.hi->value);
    return "any date";
  }
  std::string suffix = unit_suffix(var);
  if (i.lo && i.hi) {
    if (i.lo->value == i.hi->value && !i.lo->strict && !i.hi->strict) return "= " + to_display(i.lo->value) + suffix;
    return fmt::format("{}{}, {}{}{}", i.lo->strict ? "(" : "[", to_display(i.lo->value), to_display(i.hi->value),
                       i.hi->strict ? ")" : "]", suffix);
  }
  if (i.lo) return fmt::format("{} {}{}", i.lo->strict ? ">" : ">=", to_display(i.lo->value), suffix);
  if (i.hi) return fmt::format("{} {}{}", i.hi->strict ? "<" : "<=", to_display(i.hi->value), suffix);
  return "any value";
}

}  // namespace claimcheck
