#include <fmt/format.h>

#include "ground/ground.hpp"
#include "text/token_cursor.hpp"

namespace claimcheck {

namespace {

using T = Token::Type;

class RuleParser : TokenCursor {
 public:
  RuleParser(const Vocabulary& vocab, Diagnostics& diags, std::string text, SourceLoc base)
      : TokenCursor(std::move(text), std::move(base), diags), vocab_(vocab) {}

  RuleNode expression() {
    RuleNode e = parse_expr();
    expect_end("the expression");
    require_boolean(e, tokens_[0]);
    return e;
  }

  RuleNode single_term() {
    RuleNode t = parse_term();
    expect_end("the term");
    return t;
  }

  RelationGuard guard() {
    RelationGuard g;
    g.left = expect(T::var, "a variable").text;
    g.relation = relation();
    g.right = expect(T::var, "a variable").text;
    expect_end("the guard");
    return g;
  }

 private:
  const Vocabulary& vocab_;

  bool word(const char* w) const { return peek().type == T::ident && peek().text == w; }

  static RuleNode wrap(RuleNode::Kind kind, RuleNode inner, Rational factor = 0) {
    RuleNode n;
    n.kind = kind;
    n.value = std::move(factor);
    n.kids.push_back(std::move(inner));
    return n;
  }

  std::string relation() {
    const Token& rel = expect(T::ident, "a relation (part_of or aggravates)");
    if (rel.text != "part_of" && rel.text != "aggravates")
      fail(rel, fmt::format("unknown relation '{}'; expected part_of or aggravates", rel.text));
    return rel.text;
  }

  static bool is_boolean(const RuleNode& n) {
    using K = RuleNode::Kind;
    switch (n.kind) {
      case K::term: return n.boolean;
      case K::compare: case K::not_: case K::and_: case K::or_: case K::implies: case K::quantifier: return true;
      default: return false;
    }
  }

  void require_boolean(const RuleNode& n, const Token& at) {
    if (!is_boolean(n)) fail(at, "sort mismatch: expected a condition (a comparison or a proposition), found a number");
  }
  void require_number(const RuleNode& n, const Token& at) {
    if (is_boolean(n))
      fail(at, n.kind == RuleNode::Kind::term
                   ? fmt::format("sort mismatch: '{}' is a proposition, used as a number", n.name)
                   : std::string("sort mismatch: expected a number, found a condition"));
  }

  RuleNode parse_expr() {
    if (word("any") || word("all")) {
      RuleNode q;
      q.kind = RuleNode::Kind::quantifier;
      q.any = next().text == "any";
      q.variable = expect(T::var, "a variable after any/all").text;
      q.relation = relation();
      const Token& target = next();
      if (target.type == T::var) {
        q.target = target.text;
      } else if (target.type == T::ident) {
        auto found = vocab_.entity_alias.find(target.text);
        if (found == vocab_.entity_alias.end()) fail(target, fmt::format("unknown entity '{}'", target.text));
        q.target = found->second;
      } else {
        fail(target, fmt::format("expected a variable or an entity, found {}", describe(target)));
      }
      expect(T::colon, "':' after the quantifier");
      const Token& body_start = peek();
      RuleNode body = parse_expr();
      require_boolean(body, body_start);
      q.kids.push_back(std::move(body));
      return q;
    }
    return parse_implication();
  }

  RuleNode parse_implication() {
    const Token& start = peek();
    RuleNode left = parse_disjunction();
    if (peek().type != T::arrow) return left;
    const Token& arrow = next();
    require_boolean(left, start);
    RuleNode right = parse_expr();
    require_boolean(right, arrow);
    RuleNode n;
    n.kind = RuleNode::Kind::implies;
    n.kids = {std::move(left), std::move(right)};
    return n;
  }

  RuleNode parse_list(RuleNode::Kind kind, const char* joiner, RuleNode (RuleParser::*part)()) {
    const Token& start = peek();
    RuleNode first = (this->*part)();
    if (!word(joiner)) return first;
    require_boolean(first, start);
    RuleNode n;
    n.kind = kind;
    n.kids.push_back(std::move(first));
    while (word(joiner)) {
      next();
      const Token& at = peek();
      RuleNode k = (this->*part)();
      require_boolean(k, at);
      n.kids.push_back(std::move(k));
    }
    return n;
  }
  RuleNode parse_disjunction() { return parse_list(RuleNode::Kind::or_, "or", &RuleParser::parse_conjunction); }
  RuleNode parse_conjunction() { return parse_list(RuleNode::Kind::and_, "and", &RuleParser::parse_negation); }

  RuleNode parse_negation() {
    if (word("not")) {
      next();
      const Token& at = peek();
      RuleNode inner = parse_negation();
      require_boolean(inner, at);
      return wrap(RuleNode::Kind::not_, std::move(inner));
    }
    return parse_comparison();
  }

  static std::optional<Expr::Op> compare_op(T type) {
    switch (type) {
      case T::eq: return Expr::Op::eq;
      case T::ne: return Expr::Op::ne;
      case T::lt: return Expr::Op::lt;
      case T::le: return Expr::Op::le;
      case T::gt: return Expr::Op::gt;
      case T::ge: return Expr::Op::ge;
      default: return std::nullopt;
    }
  }

  RuleNode parse_comparison() {
    const Token& start = peek();
    RuleNode left = parse_sum();
    auto op = compare_op(peek().type);
    if (!op) return left;
    const Token& op_token = next();
    const Token& right_start = peek();
    RuleNode right = parse_sum();
    bool both_boolean = is_boolean(left) && is_boolean(right);
    if (!both_boolean || (*op != Expr::Op::eq && *op != Expr::Op::ne)) {
      require_number(left, start);
      require_number(right, right_start);
    }
    (void)op_token;
    RuleNode n;
    n.kind = RuleNode::Kind::compare;
    n.compare = *op;
    n.kids = {std::move(left), std::move(right)};
    return n;
  }

  RuleNode parse_sum() {
    const Token& start = peek();
    RuleNode first = parse_product();
    if (peek().type != T::plus && peek().type != T::minus) return first;
    require_number(first, start);
    RuleNode n;
    n.kind = RuleNode::Kind::add;
    n.kids.push_back(std::move(first));
    while (peek().type == T::plus || peek().type == T::minus) {
      bool minus = next().type == T::minus;
      const Token& at = peek();
      RuleNode k = parse_product();
      require_number(k, at);
      if (minus) k = wrap(RuleNode::Kind::scale, std::move(k), -1);
      n.kids.push_back(std::move(k));
    }
    return n;
  }

  // Linear only: a number may multiply a primary, two terms may not.
  RuleNode parse_product() {
    if (peek().type == T::number) {
      const Token& number = next();
      RuleNode n;
      n.kind = RuleNode::Kind::number;
      n.value = *parse_decimal(number.text);
      if (peek().type != T::star) return n;
      next();
      const Token& at = peek();
      RuleNode inner = parse_primary();
      require_number(inner, at);
      return wrap(RuleNode::Kind::scale, std::move(inner), n.value);
    }
    RuleNode p = parse_primary();
    if (peek().type == T::star)
      fail(peek(), "only a number may multiply a term (rules are linear): write '2 * x', not 'x * y'");
    return p;
  }

  RuleNode parse_primary() {
    if (peek().type == T::lparen) {
      next();
      RuleNode inner = parse_expr();
      expect(T::rparen, "')'");
      return inner;
    }
    if (peek().type == T::minus) {
      next();
      const Token& at = peek();
      RuleNode inner = parse_primary();
      require_number(inner, at);
      return wrap(RuleNode::Kind::scale, std::move(inner), -1);
    }
    if (peek().type == T::number) return parse_product();
    return parse_term();
  }

  RuleNode parse_term() {
    const Token& name = expect(T::ident, "a term (metric, predicate or event), a number or '('");
    RuleNode n;
    n.kind = RuleNode::Kind::term;
    const Signature* sig = nullptr;
    if (auto m = vocab_.metric_alias.find(name.text); m != vocab_.metric_alias.end()) {
      sig = &vocab_.metrics.at(m->second);
    } else if (auto p = vocab_.predicate_alias.find(name.text); p != vocab_.predicate_alias.end()) {
      sig = &vocab_.predicates.at(p->second);
      n.boolean = true;
    } else if (auto e = vocab_.event_alias.find(name.text); e != vocab_.event_alias.end()) {
      sig = &vocab_.events.at(e->second);
    } else {
      fail(name, fmt::format("unknown metric, predicate or event '{}'{}", name.text,
                             did_you_mean(name.text, vocab_.term_names())));
    }
    n.name = sig->id;
    expect(T::lparen, "'(' after the name");
    std::vector<const Token*> arg_tokens;
    while (peek().type != T::rparen) {
      const Token& a = next();
      if (a.type == T::var) {
        n.args.push_back(a.text);
      } else if (a.type == T::ident) {
        auto found = vocab_.entity_alias.find(a.text);
        if (found == vocab_.entity_alias.end())
          fail(a, fmt::format("unknown entity '{}'{}", a.text, did_you_mean(a.text, keys_of(vocab_.entity_alias))));
        n.args.push_back(found->second);
      } else if (a.type == T::number || a.type == T::date) {
        std::string text = a.text;
        if (peek().type == T::dotdot) {
          next();
          text += ".." + next().text;
        }
        std::string error;
        auto p = parse_iso_period(text, error);
        if (!p) fail(a, error);
        n.args.push_back(label(*p));
      } else {
        fail(a, fmt::format("expected a variable, an entity or a period, found {}", describe(a)));
      }
      arg_tokens.push_back(&a);
      if (peek().type == T::comma) next();
      else if (peek().type != T::rparen) fail(peek(), fmt::format("expected ',' or ')', found {}", describe(peek())));
    }
    next();
    if (n.args.size() != sig->args.size())
      fail(name, fmt::format("'{}' takes {} argument{}, found {}", sig->id, sig->args.size(),
                             sig->args.size() == 1 ? "" : "s", n.args.size()));
    return n;
  }
};

}  // namespace

std::vector<ParsedRule> parse_rules(const Vocabulary& vocab, Diagnostics& diags) {
  std::vector<ParsedRule> out;
  for (const auto& spec : vocab.rules) {
    if (is_builtin(spec.kind)) continue;
    ParsedRule rule;
    rule.spec = &spec;
    try {
      rule.expr = RuleParser(vocab, diags, spec.require, spec.require_loc).expression();
      for (std::size_t i = 0; i < spec.match.size(); ++i)
        rule.match.push_back(RuleParser(vocab, diags, spec.match[i], spec.match_locs[i]).single_term());
      for (std::size_t i = 0; i < spec.where.size(); ++i)
        rule.where.push_back(RuleParser(vocab, diags, spec.where[i], spec.where_locs[i]).guard());
    } catch (const SyntaxError&) {
      continue;
    }
    out.push_back(std::move(rule));
  }
  return out;
}

}  // namespace claimcheck
