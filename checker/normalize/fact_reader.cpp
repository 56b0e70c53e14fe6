#include <fmt/format.h>

#include <algorithm>

#include "normalize/normalize.hpp"
#include "normalize/period_reader.hpp"
#include "text/token_cursor.hpp"

namespace claimcheck {

namespace {

using T = Token::Type;


std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Amount {
  Rational number;
  int decimals = 0;
  Rational scale = 1;
  std::string unit;  // canonical unit id, "" for none
  const Token* first = nullptr;
};

class FactReader : TokenCursor {
 public:
  FactReader(const RawClaim& claim, const Document& doc, const Vocabulary& vocab, Diagnostics& diags,
             std::size_t max_digits, bool readings)
      : FactReader(claim, doc, vocab, diags, max_digits, readings, claim.fact, claim.fact_loc) {}

  FactReader(const RawClaim& claim, const Document& doc, const Vocabulary& vocab, Diagnostics& diags,
             std::size_t max_digits, bool readings, std::string text, SourceLoc base)
      : TokenCursor(std::move(text), std::move(base), diags), claim_(claim), doc_(doc), vocab_(vocab),
        max_digits_(max_digits), readings_(readings) {}

  std::vector<Atom> read() {
    std::vector<Atom> atoms;
    try {
      if (peek().type == T::end) fail(peek(), "expected a fact, found an empty text");
      while (true) {
        read_atom(atoms);
        if (is_word(peek(), "and")) {
          ++pos_;
          continue;
        }
        if (peek().type != T::end) fail(peek(), fmt::format("expected 'and' or the end of the fact, found {}", describe(peek())));
        break;
      }
    } catch (const SyntaxError&) {
      return {};
    }
    return atoms;
  }

 private:
  const RawClaim& claim_;
  const Document& doc_;
  const Vocabulary& vocab_;
  std::size_t max_digits_;
  bool readings_;  // whether to say how each atom was read (Atom::reading)


  // ---- names and arguments ----

  struct Term {
    const Token* name = nullptr;
    std::vector<std::vector<const Token*>> args;
  };

  Term read_term() {
    Term term;
    term.name = &expect(T::ident, "a metric, predicate or event name");
    expect(T::lparen, "'(' after the name");
    if (peek().type == T::rparen) {
      next();
      return term;
    }
    while (true) {
      std::vector<const Token*> arg;
      while (peek().type != T::comma && peek().type != T::rparen) {
        if (peek().type == T::end) fail(peek(), "expected ')' to close the argument list");
        arg.push_back(&next());
      }
      if (arg.empty()) fail(peek(), fmt::format("expected an argument, found {}", describe(peek())));
      term.args.push_back(std::move(arg));
      if (next().type == T::rparen) break;
    }
    return term;
  }

  Key resolve_args(const Signature& sig, const Term& term, bool clip_to_publication) {
    Key key;
    key.name = sig.id;
    if (term.args.size() != sig.args.size()) {
      std::vector<std::string> kinds;
      for (auto k : sig.args) kinds.push_back(k == ArgKind::entity ? "entity" : "period");
      fail(*term.name, fmt::format("'{}' takes {} argument{} ({}), found {}", sig.id, sig.args.size(),
                                   sig.args.size() == 1 ? "" : "s", fmt::join(kinds, ", "), term.args.size()));
    }
    for (std::size_t i = 0; i < sig.args.size(); ++i) {
      const auto& arg = term.args[i];
      if (sig.args[i] == ArgKind::entity) {
        if (arg.size() != 1 || arg[0]->type != T::ident)
          fail(*arg[0], fmt::format("expected an entity as argument {} of '{}', found {}", i + 1, sig.id, describe(*arg[0])));
        auto found = vocab_.entity_alias.find(arg[0]->text);
        if (found == vocab_.entity_alias.end())
          fail(*arg[0], fmt::format("unknown entity '{}'{}", arg[0]->text, did_you_mean(arg[0]->text, keys_of(vocab_.entity_alias))));
        key.args.push_back(found->second);
        key.periods.push_back(std::nullopt);
      } else {
        Period p = read_period_argument(*this, arg, sig.id, i, doc_.published);
        if (clip_to_publication) {
          // A count "in 2017" stated in November 2017 can only cover the year so far.
          std::int64_t published = to_day_number(doc_.published);
          if (p.first <= published && published < p.last) p.last = published;
        }
        key.args.push_back(label(p));
        key.periods.push_back(p);
      }
    }
    return key;
  }

  // ---- values ----

  const Qualifier* read_qualifier(std::string& words) {
    const Qualifier* best = nullptr;
    std::size_t best_len = 0;
    for (const auto& q : vocab_.qualifiers) {
      for (const auto& phrase : q.words) {
        // Match the phrase word by word against the following ident tokens.
        std::size_t n = 0, start = 0;
        bool ok = true;
        while (start < phrase.size()) {
          std::size_t end = phrase.find(' ', start);
          if (end == std::string::npos) end = phrase.size();
          const Token& t = peek(n);
          if (t.type != T::ident || lower(t.text) != phrase.substr(start, end - start)) {
            ok = false;
            break;
          }
          ++n;
          start = end + 1;
        }
        if (ok && n > best_len) {
          best = &q;
          best_len = n;
          words = phrase;
        }
      }
    }
    pos_ += best_len;
    return best;
  }

  std::optional<std::string> unit_of(const Token& t) const {
    if (t.type == T::percent) return vocab_.unit_alias.count("%") ? vocab_.unit_alias.at("%") : std::optional<std::string>{};
    if (t.type == T::dollar) return vocab_.unit_alias.count("$") ? vocab_.unit_alias.at("$") : std::optional<std::string>{};
    if (t.type != T::ident) return std::nullopt;
    auto found = vocab_.unit_alias.find(lower(t.text));
    if (found == vocab_.unit_alias.end()) return std::nullopt;
    return found->second;
  }

  std::vector<std::string> unit_spellings() const {
    std::vector<std::string> out;
    for (const auto& [id, unit] : vocab_.units) {
      out.push_back(id);
      out.insert(out.end(), unit.aliases.begin(), unit.aliases.end());
    }
    return out;
  }

  static std::optional<Rational> scale_of(const Token& t) {
    if (t.type != T::ident) return std::nullopt;
    std::string w = lower(t.text);
    if (w == "thousand") return Rational(1000);
    if (w == "million") return Rational(1000000);
    if (w == "billion") return Rational(1000000000);
    return std::nullopt;
  }

  Amount read_amount() {
    Amount a;
    a.first = &peek();
    if (auto u = unit_of(peek())) {
      a.unit = *u;
      next();
    }
    bool negative = false;
    if (peek().type == T::minus) {
      negative = true;
      next();
    }
    const Token& number = peek();
    if (number.type != T::number) {
      std::vector<std::string> units = unit_spellings();
      if (number.type == T::ident && !a.unit.empty())
        fail(number, fmt::format("expected a number, found {}", describe(number)));
      if (number.type == T::ident)
        fail(number, fmt::format("expected a number or a unit, found {}{}", describe(number),
                                 did_you_mean(number.text, units)));
      fail(number, fmt::format("expected a number, found {}", describe(number)));
    }
    next();
    if (number.text.size() > max_digits_)
      fail(number, fmt::format("number has {} digits; at most {} are accepted (--max-digits)", number.text.size(),
                               max_digits_));
    auto value = parse_decimal(number.text);
    if (!value) fail(number, fmt::format("expected a number, found '{}'", number.text));
    a.number = negative ? Rational(-*value) : *value;
    a.decimals = number.decimals;
    if (auto s = scale_of(peek())) {
      a.scale = *s;
      next();
    }
    if (auto u = unit_of(peek())) {
      if (!a.unit.empty()) fail(peek(), fmt::format("amount has two units, '{}' and '{}'", a.unit, peek().text));
      a.unit = *u;
      next();
    } else if (peek().type == T::ident && !is_word(peek(), "and") && a.unit.empty()) {
      fail(peek(), fmt::format("unknown unit '{}'{}", peek().text, did_you_mean(peek().text, unit_spellings())));
    }
    return a;
  }

  // Most amounts are a bare number (no scale word, no unit, no decimals): those skip the
  // multiplications by one, each of which allocates.
  Rational value_of(const Amount& a) const { return scaled(a, a.number); }
  Rational scaled(const Amount& a, const Rational& x) const {
    Rational out = a.scale == 1 ? x : Rational(x * a.scale);
    if (!a.unit.empty()) out *= vocab_.units.at(a.unit).factor;
    return out;
  }

  // A stated number means everything that rounds to it.
  Interval rounding_interval(const Amount& a) const {
    Rational half = scaled(a, a.decimals == 0 ? Rational(1, 2) : Rational(pow10(-a.decimals) / 2));
    Rational v = value_of(a);
    return Interval{Bound{v - half, false}, Bound{v + half, true}};
  }

  static Interval qualifier_interval(const Qualifier& q, const Rational& v) {
    Rational magnitude = v < 0 ? Rational(-v) : v;
    Interval out;
    if (q.lower) out.lo = Bound{v + magnitude * q.lower->offset, q.lower->strict};
    if (q.upper) out.hi = Bound{v + magnitude * q.upper->offset, q.upper->strict};
    return out;
  }

  static std::string offset_text(const std::optional<QualifierBound>& b, const char* side) {
    if (!b) return fmt::format("no {} limit", side);
    Rational percent = b->offset * 100;
    std::string sign = percent > 0 ? "+" : "";
    return fmt::format("{} {}{}%{}", side, sign, to_display(percent), b->strict ? " (exclusive)" : "");
  }

  static std::string qualifier_reading(const std::string& words, const Qualifier& q) {
    return fmt::format("qualifier '{}': {}, {} of the number (rules' qualifier table)", words, offset_text(q.lower, "lower"),
                       offset_text(q.upper, "upper"));
  }

  std::string rounding_reading(const Amount& a) const {
    Rational step = pow10(-a.decimals) * a.scale;
    std::string unit = a.unit;
    if (step == 1 && dimension_of(unit) == Dimension::duration && !unit.empty() && unit.back() == 's') unit.pop_back();
    return fmt::format("a stated number covers what rounds to it: to the nearest {}{}", to_display(step),
                       unit.empty() ? "" : " " + unit);
  }

  const Qualifier& approximately(const Token& at_token) {
    for (const auto& q : vocab_.qualifiers)
      if (std::find(q.words.begin(), q.words.end(), "approximately") != q.words.end()) return q;
    fail(at_token, "'~' needs the qualifier 'approximately' in the rule packs' qualifier table");
  }

  Dimension dimension_of(const std::string& unit) const {
    return unit.empty() ? Dimension::none : vocab_.units.at(unit).dimension;
  }

  void check_unit(const Metric& m, const Amount& a) {
    Dimension d = dimension_of(a.unit);
    auto complain = [&](const std::string& expected) {
      fail(*a.first, fmt::format("metric '{}' is of type {} and takes {}, found {}", m.id, to_string(m.type), expected,
                                 a.unit.empty() ? "no unit" : "'" + a.unit + "'"));
    };
    switch (m.type) {
      case ValueType::count:
      case ValueType::stock:
        if (d != Dimension::none) complain("no unit");
        break;
      case ValueType::ratio:
        if (d != Dimension::percent) complain("a percentage");
        break;
      case ValueType::money:
        if (d != Dimension::currency) complain("a currency");
        break;
      case ValueType::duration:
        if (d != Dimension::duration) complain("a duration (months or years)");
        break;
      default:
        break;
    }
  }

  // Exchange rate implied by one amount in two currencies: units of the second currency (in
  // alphabetical order) per unit of the first.
  Atom rate_atom(const Amount& a, const Interval& ia, const Amount& b, const Interval& ib) {
    if (dimension_of(a.unit) != Dimension::currency || dimension_of(b.unit) != Dimension::currency)
      fail(*b.first, "only amounts in currencies can be stated twice ('200 MAD = 23 USD')");
    if (a.unit == b.unit) fail(*b.first, fmt::format("both amounts are in '{}'; a conversion needs two currencies", a.unit));
    bool swap = b.unit < a.unit;
    const Interval& num = swap ? ia : ib;  // rate = num / den
    const Interval& den = swap ? ib : ia;
    auto positive = [](const Interval& i) { return i.lo && i.lo->value > 0; };
    if (!positive(num) || !positive(den)) fail(*b.first, "a conversion needs positive amounts");
    Interval rate;
    if (den.hi) rate.lo = Bound{num.lo->value / den.hi->value, num.lo->strict || den.hi->strict};
    else rate.lo = Bound{0, true};
    if (num.hi) rate.hi = Bound{num.hi->value / den.lo->value, num.hi->strict || den.lo->strict};
    Atom atom;
    atom.kind = AtomKind::rate;
    atom.type = ValueType::ratio;
    atom.key.name = "rate";
    atom.key.args = {doc_.id, swap ? b.unit : a.unit, swap ? a.unit : b.unit};
    atom.key.periods = {std::nullopt, std::nullopt, std::nullopt};
    atom.interval = rate;
    atom.loc = at(*a.first);
    return atom;
  }

  std::string source_text(const Token& from, const Token& to_exclusive) const {
    std::size_t end = to_exclusive.offset;
    while (end > from.offset && std::isspace(static_cast<unsigned char>(text_[end - 1]))) --end;
    return text_.substr(from.offset, end - from.offset);
  }

  // ---- atoms ----

  void read_atom(std::vector<Atom>& atoms) {
    if (is_word(peek(), "rate")) {
      read_rate(atoms);
      return;
    }
    bool negated = false;
    const Token& start = peek();
    if (is_word(peek(), "not")) {
      negated = true;
      next();
    }
    Term term = read_term();
    const std::string& name = term.name->text;
    if (auto p = vocab_.predicate_alias.find(name); p != vocab_.predicate_alias.end()) {
      Atom atom;
      atom.kind = AtomKind::proposition;
      atom.type = ValueType::boolean;
      atom.key = resolve_args(vocab_.predicates.at(p->second), term, false);
      atom.polarity = !negated;
      atom.loc = at(start);
      atom.wording = source_text(start, peek());
      if (readings_) atom.reading.set() = negated ? "asserted false" : "asserted true";
      if (peek().type != T::end && !is_word(peek(), "and"))
        fail(peek(), fmt::format("'{}' is a predicate and takes no value; expected 'and' or the end, found {}", name,
                                 describe(peek())));
      atoms.push_back(std::move(atom));
      return;
    }
    if (negated) fail(*term.name, fmt::format("'not' goes with predicates; '{}' is not a predicate", name));
    if (auto e = vocab_.event_alias.find(name); e != vocab_.event_alias.end()) {
      read_event(vocab_.events.at(e->second), term, start, atoms);
      return;
    }
    auto m = vocab_.metric_alias.find(name);
    if (m == vocab_.metric_alias.end()) {
      fail(*term.name, fmt::format("unknown metric, predicate or event '{}'{}", name,
                                   did_you_mean(name, vocab_.term_names())));
    }
    read_quantity(vocab_.metrics.at(m->second), term, start, atoms);
  }

  void read_rate(std::vector<Atom>& atoms) {
    const Token& start = next();  // 'rate'
    std::string words;
    const Qualifier* q = read_qualifier(words);
    Amount a = read_amount();
    expect(T::eq, "'=' between the two amounts of a rate");
    Amount b = read_amount();
    Interval exact_a{Bound{value_of(a), false}, Bound{value_of(a), false}};
    Interval exact_b{Bound{value_of(b), false}, Bound{value_of(b), false}};
    Atom atom = rate_atom(a, exact_a, b, exact_b);
    if (q) atom.interval = qualifier_interval(*q, atom.interval.lo->value);
    atom.wording = source_text(start, peek());
    if (readings_)
      atom.reading.set() = q ? "a stated rate, its numbers exact, widened by the " + qualifier_reading(words, *q)
                       : std::string("a stated rate, its numbers exact");
    if (q) atom.tolerance.set() = {b.unit < a.unit ? value_of(a) / value_of(b) : value_of(b) / value_of(a), words};
    atom.loc = at(start);
    atoms.push_back(std::move(atom));
  }

  void read_quantity(const Metric& metric, const Term& term, const Token& start, std::vector<Atom>& atoms) {
    Atom atom;
    atom.kind = AtomKind::quantity;
    atom.type = metric.type;
    atom.key = resolve_args(metric, term, true);
    atom.loc = at(start);

    // The value comes after an operator, or from the claim's separate value text.
    if (peek().type == T::end || is_word(peek(), "and")) {
      if (!claim_.value)
        fail(peek(), fmt::format("expected an operator (= < <= > >= ~ in) and a value after '{}', or a 'value:' field",
                                 term.name->text));
      read_value_text(metric, atom, atoms);
      return;
    }
    if (claim_.value)
      fail(peek(), "the fact already states a value; give it either after an operator or in 'value:', not both");
    const Token& op = next();
    const Token& value_start = peek();
    if (metric.type == ValueType::date) {
      read_date_value(op, atom);
      atom.wording = source_text(op, peek());
      if (readings_) atom.reading.set() = "a date, as the days it covers";
      atoms.push_back(std::move(atom));
      return;
    }
    if (is_word(op, "in")) {
      Amount lo = read_amount();
      expect(T::dotdot, "'..' between the ends of the range");
      Amount hi = read_amount();
      push_range(metric, lo, hi, op, std::move(atom), atoms);
      return;
    }
    read_amounts(metric, op, value_start, std::move(atom), atoms);
  }

  // A closed range with exact ends; a unit given on one end applies to both.
  void push_range(const Metric& metric, Amount lo, Amount hi, const Token& wording_start, Atom atom,
                  std::vector<Atom>& atoms) {
    if (lo.unit.empty()) lo.unit = hi.unit;
    if (hi.unit.empty()) hi.unit = lo.unit;
    // Durations compare in months, so "6 months..1 year" is fine; currencies must match.
    bool both_durations = dimension_of(lo.unit) == Dimension::duration && dimension_of(hi.unit) == Dimension::duration;
    if (lo.unit != hi.unit && !both_durations)
      fail(*hi.first, fmt::format("range ends in different units, '{}' and '{}'", lo.unit, hi.unit));
    check_unit(metric, lo);
    if (value_of(hi) < value_of(lo)) fail(*hi.first, "range ends below its start");
    atom.interval = Interval{Bound{value_of(lo), false}, Bound{value_of(hi), false}};
    atom.key.unit = metric.type == ValueType::money ? lo.unit : "";
    atom.wording = source_text(wording_start, peek());
    if (readings_) atom.reading.set() = "a range, both ends included";
    atoms.push_back(std::move(atom));
  }

  // After an operator: [qualifier] amount ('=' amount)*. Every further amount is the same value
  // in another currency and pins an exchange rate.
  void read_amounts(const Metric& metric, const Token& op, const Token& value_start, Atom atom,
                    std::vector<Atom>& atoms) {
    std::string words;
    const Qualifier* q = nullptr;
    switch (op.type) {
      case T::eq: q = read_qualifier(words); break;
      case T::tilde: q = &approximately(op); words = "approximately"; break;
      case T::lt: case T::le: case T::gt: case T::ge: break;
      default:
        fail(op, fmt::format("expected an operator (= < <= > >= ~ in) after '{}', found {}", metric.id, describe(op)));
    }
    if (op.type != T::eq && op.type != T::tilde) {
      std::string ignored;
      std::size_t saved = pos_;
      if (read_qualifier(ignored)) fail(tokens_[saved], "a qualifier word goes with '=' only ('= more than 350')");
    }
    std::vector<Amount> amounts{read_amount()};
    // "4500-6000" and "2000-5000 dirhams": a closed range, as text extraction writes it.
    if (op.type == T::eq && !q && peek().type == T::minus && peek(1).type == T::number) {
      next();
      Amount hi = read_amount();
      push_range(metric, amounts[0], hi, value_start, atom, atoms);
      return;
    }
    while (peek().type == T::eq) {
      next();
      amounts.push_back(read_amount());
    }
    check_unit(metric, amounts[0]);
    std::vector<Interval> intervals;
    for (const auto& a : amounts) {
      Rational v = value_of(a);
      Interval i;
      if (q) i = qualifier_interval(*q, v);
      else if (op.type == T::eq) i = rounding_interval(a);
      else if (op.type == T::lt) i.hi = Bound{v, true};
      else if (op.type == T::le) i.hi = Bound{v, false};
      else if (op.type == T::gt) i.lo = Bound{v, true};
      else i.lo = Bound{v, false};
      intervals.push_back(i);
    }
    atom.interval = intervals[0];
    if (metric.type == ValueType::count || metric.type == ValueType::stock) {
      if (is_empty(intersect(atom.interval, Interval{Bound{0, false}, std::nullopt})))
        fail(*amounts[0].first, fmt::format("metric '{}' is of type {} and cannot be negative; '{}' leaves no value",
                                            metric.id, to_string(metric.type), source_text(op, peek())));
    }
    atom.key.unit = metric.type == ValueType::money ? amounts[0].unit : "";
    atom.wording = source_text(value_start, peek());
    if (op.type != T::eq && !op.text.empty()) atom.wording = op.text + " " + atom.wording;
    if (readings_)
      atom.reading.set() = q ? qualifier_reading(words, *q)
                     : op.type == T::eq ? rounding_reading(amounts[0])
                                        : std::string("an exact bound");
    // Only a qualifier's tolerance widens: rounding is what the figure says, not a tolerance.
    if (q) {
      atom.tolerance.set() = {value_of(amounts[0]), words};
    } else if (op.type == T::eq) {
      atom.rounding_center = value_of(amounts[0]);
    }
    std::size_t value_at = atoms.size();
    atoms.push_back(std::move(atom));
    // The rate comes from the figures as stated, whatever the operator says about the value.
    for (std::size_t i = 1; i < amounts.size(); ++i) {
      Atom rate = rate_atom(amounts[0], rounding_interval(amounts[0]), amounts[i], rounding_interval(amounts[i]));
      bool swap = amounts[i].unit < amounts[0].unit;  // as rate_atom orients the rate
      rate.rounding_center = swap ? value_of(amounts[0]) / value_of(amounts[i]) : value_of(amounts[i]) / value_of(amounts[0]);
      rate.wording = atoms[value_at].wording;
      if (readings_)
        rate.reading.set() = fmt::format("implied by {} {} = {} {}, each covering what rounds to it",
                                   to_display(value_of(amounts[0])), amounts[0].unit, to_display(value_of(amounts[i])),
                                   amounts[i].unit);
      atoms.push_back(std::move(rate));
    }
  }

  // The claim's `value:` text ("more than 350", "4500-6000", "USD 86 million") read with the
  // same grammar as a value after '='.
  void read_value_text(const Metric& metric, Atom& atom, std::vector<Atom>& atoms) {
    FactReader inner(claim_, doc_, vocab_, *diags_, max_digits_, readings_, claim_.value.get().text, claim_.value.get().loc);
    Token eq;
    eq.type = T::eq;
    inner.tokens_.insert(inner.tokens_.begin(), eq);
    const Token& op = inner.next();
    inner.read_amounts(metric, op, inner.peek(), std::move(atom), atoms);
    inner.expect_end("the value");
  }

  void read_date_value(const Token& op, Atom& atom) {
    Period p = read_when(*this, doc_.published, Tense::past);
    Interval days{Bound{Rational(p.first), false}, Bound{Rational(p.last), false}};
    switch (op.type) {
      case T::eq: atom.interval = days; break;
      case T::lt: atom.interval.hi = Bound{Rational(p.first), true}; break;
      case T::le: atom.interval.hi = Bound{Rational(p.last), false}; break;
      case T::gt: atom.interval.lo = Bound{Rational(p.last), true}; break;
      case T::ge: atom.interval.lo = Bound{Rational(p.first), false}; break;
      default: fail(op, fmt::format("expected = < <= > or >= before a date, found {}", describe(op)));
    }
  }

  void read_event(const Signature& sig, const Term& term, const Token& start, std::vector<Atom>& atoms) {
    Atom atom;
    atom.kind = AtomKind::event;
    atom.type = ValueType::date;
    atom.key = resolve_args(sig, term, false);
    atom.loc = at(start);
    if (!is_word(peek(), "on"))
      fail(peek(), fmt::format("'{}' is an event; expected 'on' and its date, found {}", sig.id, describe(peek())));
    const Token& on = next();
    Period p = read_when(*this, doc_.published, claim_.tense);
    atom.interval = Interval{Bound{Rational(p.first), false}, Bound{Rational(p.last), false}};
    atom.wording = source_text(on, peek());
    if (readings_)
      atom.reading.set() = fmt::format("any day of {}{}", label(p),
                                 claim_.tense == Tense::past ? " (reported in the past tense)"
                                 : claim_.tense == Tense::future ? " (reported in the future tense)" : "");
    atoms.push_back(std::move(atom));
  }

};

}  // namespace

std::vector<Atom> read_fact(const RawClaim& claim, const Document& document, const Vocabulary& vocab,
                            Diagnostics& diags, std::size_t max_digits, bool readings) {
  return FactReader(claim, document, vocab, diags, max_digits, readings).read();
}

}  // namespace claimcheck
