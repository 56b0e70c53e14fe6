// The least widening as a small mixed-integer linear program, minimized exactly: every constraint
// is a row r with r . (x, t) <= bound. Fourier-Motzkin elimination projects the rows onto the
// factor t, whose least value is then read off; substituting back gives values for the keys,
// and a key that must be whole but has no whole value there splits the program in two (branch
// and bound). Small programs only: anything larger or of another shape goes back to Z3.
#include "solve/exact_widening.hpp"

#include <cstdint>
#include <map>
#include <utility>

#include "solve/solve.hpp"

namespace claimcheck {

namespace {

// Sizes past which the search hands the conflict back to Z3. Conflicts of a few claims and
// rules need a few dozen rows and one to three programs.
constexpr std::size_t kMaxRows = 2000;
constexpr std::size_t kMaxPrograms = 64;

// Columns 0..n-1 are the keys' values, column n is the factor t, column n + 1 the bound.
using Row = std::vector<Rational>;

// The widened conflict as rows: what Z3 would be given, with every interval bound closed.
class ProgramBuilder {
 public:
  explicit ProgramBuilder(const GroundProblem& problem) : problem_(problem) {}

  // False when the conflict has a Boolean key or a constraint that is not a linear inequality.
  bool build(const Conflict& conflict, CenterOf center) {
    for (int c : conflict.claims)
      for (const auto& atom : problem_.atoms_of(c))
        if (atom.polarity || !add_key(atom.var)) return false;
    for (int i : conflict.instances)
      for (int v : problem_.instances[i].vars)
        if (!add_key(v)) return false;
    Row at_least_one = row();
    at_least_one[t()] = -1;
    at_least_one[bound()] = -1;
    rows_.push_back(std::move(at_least_one));
    for (const auto& [var, column] : columns_)
      if (never_negative(problem_.variables[var])) {
        Row r = row();
        r[column] = -1;
        rows_.push_back(std::move(r));
      }
    for (int c : conflict.claims)
      for (const auto& atom : problem_.atoms_of(c)) add_interval(columns_.at(atom.var), atom.interval, atom.*center);
    for (int i : conflict.instances)
      if (!add_condition(problem_.instances[i].expr)) return false;
    return true;
  }

  std::size_t keys() const { return integer_.size(); }
  const std::vector<bool>& integer() const { return integer_; }
  std::vector<Row>& rows() { return rows_; }

 private:
  const GroundProblem& problem_;
  std::map<int, std::size_t> columns_;  // problem variable -> column
  std::vector<bool> integer_;           // per column
  std::vector<Row> rows_;

  std::size_t t() const { return keys(); }
  std::size_t bound() const { return keys() + 1; }
  Row row() const { return Row(keys() + 2); }

  bool add_key(int var) {
    const Variable& v = problem_.variables[var];
    if (v.type == ValueType::boolean) return false;
    if (columns_.emplace(var, integer_.size()).second) integer_.push_back(v.is_integer());
    return true;
  }

  // x >= center + t (lo - center) and x <= center + t (hi - center); without a center, the
  // interval as it is. Closed either way: the least factor is an infimum, reached or approached.
  void add_interval(std::size_t x, const Interval& interval, const std::optional<Rational>& center) {
    if (interval.lo) {
      Row r = row();
      r[x] = -1;
      if (center) {
        r[t()] = interval.lo->value - *center;
        r[bound()] = -*center;
      } else {
        r[bound()] = -interval.lo->value;
      }
      rows_.push_back(std::move(r));
    }
    if (interval.hi) {
      Row r = row();
      r[x] = 1;
      if (center) {
        r[t()] = *center - interval.hi->value;
        r[bound()] = *center;
      } else {
        r[bound()] = interval.hi->value;
      }
      rows_.push_back(std::move(r));
    }
  }

  // Adds factor * e to `sum`: its keys' coefficients and, in the bound column, its constant.
  bool add_linear(const Expr& e, const Rational& factor, Row& sum) const {
    using Op = Expr::Op;
    switch (e.op) {
      case Op::constant: sum[bound()] += factor * e.value; return true;
      case Op::var: {
        auto column = columns_.find(e.var);
        if (column == columns_.end()) return false;
        sum[column->second] += factor;
        return true;
      }
      case Op::add:
        for (const auto& k : e.kids)
          if (!add_linear(k, factor, sum)) return false;
        return true;
      case Op::scale: return add_linear(e.kids[0], factor * e.value, sum);
      default: return false;
    }
  }

  bool add_condition(const Expr& e) {
    using Op = Expr::Op;
    if (e.op == Op::truth) {
      if (!e.truth) {
        Row never = row();
        never[bound()] = -1;  // 0 <= -1
        rows_.push_back(std::move(never));
      }
      return true;
    }
    if (e.op == Op::and_) {
      for (const auto& k : e.kids)
        if (!add_condition(k)) return false;
      return true;
    }
    if (e.op != Op::le && e.op != Op::ge && e.op != Op::eq && e.op != Op::lt && e.op != Op::gt) return false;
    if (!e.kids[0].is_arithmetic() || !e.kids[1].is_arithmetic()) return false;
    // below: a . x <= b for the comparison's left side minus its right side, at most zero
    Row below = row();
    if (!add_linear(e.kids[0], 1, below) || !add_linear(e.kids[1], -1, below)) return false;
    below[bound()] = -below[bound()];
    Row above = below;
    for (auto& v : above) v = -v;
    switch (e.op) {
      case Op::le: rows_.push_back(std::move(below)); return true;
      case Op::ge: rows_.push_back(std::move(above)); return true;
      case Op::eq:
        rows_.push_back(std::move(below));
        rows_.push_back(std::move(above));
        return true;
      case Op::lt: return add_strict(std::move(below));
      default: return add_strict(std::move(above));
    }
  }

  // a . x < b holds for whole keys with whole coefficients exactly when a . x <= ceil(b) - 1.
  // Between real-valued keys it has no least solution to read off.
  bool add_strict(Row r) {
    Integer scale = 1;
    for (std::size_t k = 0; k < keys(); ++k) {
      if (r[k] == 0) continue;
      if (!integer_[k]) return false;
      scale = boost::multiprecision::lcm(scale, Integer(denominator(r[k])));
    }
    for (auto& v : r) v *= scale;
    r[bound()] = Rational(ceil(r[bound()]) - 1);
    rows_.push_back(std::move(r));
    return true;
  }
};

// A row scaled to whole numbers: coefficients and bound as 64-bit integers, divided by their
// greatest common divisor. Combining two rows multiplies entries, so rows stay in 64 bits only
// while the numbers are small; a program whose rows outgrow them goes back to Z3.
using WholeRow = std::vector<std::int64_t>;

__extension__ typedef __int128 Wide;  // GCC and Clang: products of two 64-bit entries, exactly

Wide magnitude(Wide v) { return v < 0 ? -v : v; }

Wide gcd(Wide a, Wide b) {
  a = magnitude(a), b = magnitude(b);
  while (b != 0) a = std::exchange(b, a % b);
  return a;
}

constexpr Wide kLimit = Wide(1) << 62;  // entries stay below, so sums of two products fit in 128 bits

// The entries divided by their common divisor; nullopt when one is still too large.
std::optional<WholeRow> reduced(const std::vector<Wide>& entries) {
  Wide divisor = 0;
  for (Wide v : entries) divisor = gcd(divisor, v);
  if (divisor == 0) divisor = 1;
  WholeRow out(entries.size());
  for (std::size_t k = 0; k < entries.size(); ++k) {
    Wide v = entries[k] / divisor;
    if (magnitude(v) >= kLimit) return std::nullopt;
    out[k] = static_cast<std::int64_t>(v);
  }
  return out;
}

std::optional<WholeRow> whole(const Row& row) {
  // In machine words while the common denominator stays below the limit, as nearly every row's
  // does: GMP allocates for each term it is given. Otherwise the same in GMP integers.
  Wide small_scale = 1;
  for (const Rational& v : row) {
    auto terms = v.small();
    if (!terms || small_scale >= kLimit) {
      small_scale = 0;
      break;
    }
    small_scale = small_scale / gcd(small_scale, terms->second) * terms->second;
  }
  if (small_scale != 0 && small_scale < kLimit) {
    std::vector<Wide> entries(row.size());
    for (std::size_t k = 0; k < row.size(); ++k) {
      auto [num, den] = *row[k].small();
      entries[k] = Wide(num) * (small_scale / den);  // below 2^63 * 2^62
      if (magnitude(entries[k]) >= kLimit) return std::nullopt;
    }
    return reduced(entries);
  }
  Integer scale = 1;
  for (const Rational& v : row) scale = boost::multiprecision::lcm(scale, Integer(denominator(v)));
  std::vector<Wide> entries(row.size());
  for (std::size_t k = 0; k < row.size(); ++k) {
    Integer v = numerator(row[k]) * (scale / denominator(row[k]));
    if (abs(v) >= Integer(1) << 62) return std::nullopt;
    entries[k] = static_cast<std::int64_t>(v);
  }
  return reduced(entries);
}

Rational fraction(std::int64_t numerator, std::int64_t denominator) { return Rational(numerator) / denominator; }

class BranchAndBound {
 public:
  BranchAndBound(std::size_t keys, std::vector<bool> integer) : keys_(keys), integer_(std::move(integer)) {}

  ExactWidening minimize(std::vector<WholeRow> rows) {
    std::optional<Rational> best;
    std::vector<std::vector<WholeRow>> open{std::move(rows)};
    for (std::size_t programs = 0; !open.empty(); ++programs) {
      if (programs == kMaxPrograms) return {};
      std::vector<WholeRow> program = std::move(open.back());
      open.pop_back();
      Relaxed relaxed = relax(program);
      if (relaxed.gave_up) return {};
      if (!relaxed.feasible || (best && relaxed.t >= *best)) continue;
      if (!relaxed.split) {
        best = relaxed.t;
        continue;
      }
      // Whole values of the key lie at or below `below` or above it.
      auto [key, below] = *relaxed.split;
      WholeRow at_most(keys_ + 2), at_least(keys_ + 2);
      at_most[key] = 1;
      at_most[bound()] = below;
      at_least[key] = -1;
      at_least[bound()] = -(below + 1);
      std::vector<WholeRow> upper = program;
      upper.push_back(std::move(at_least));
      program.push_back(std::move(at_most));
      open.push_back(std::move(upper));
      open.push_back(std::move(program));
    }
    return {true, best};
  }

 private:
  std::size_t keys_;
  std::vector<bool> integer_;

  struct Relaxed {
    bool gave_up = false;
    bool feasible = false;
    Rational t;                                                  // the least factor of the real-valued program
    std::optional<std::pair<std::size_t, std::int64_t>> split;   // a key with no whole value there
  };

  std::size_t t() const { return keys_; }
  std::size_t bound() const { return keys_ + 1; }

  // True when the row has no key and no factor left; `feasible` then says whether 0 <= bound.
  bool constant_row(const WholeRow& r, bool& feasible) const {
    for (std::size_t k = 0; k <= t(); ++k)
      if (r[k] != 0) return false;
    feasible = r[bound()] >= 0;
    return true;
  }

  Relaxed relax(const std::vector<WholeRow>& program) {
    Relaxed out;
    std::vector<WholeRow> rows;
    rows.reserve(program.size());
    for (const WholeRow& r : program) {
      bool holds = true;
      if (!constant_row(r, holds)) rows.push_back(r);
      else if (!holds) return out;
    }
    // Eliminate keys one at a time, the one that adds fewest rows first; keep each key's rows to
    // give it a value afterwards.
    std::vector<bool> eliminated(keys_, false);
    std::vector<std::size_t> order;
    std::vector<std::vector<WholeRow>> rows_of;  // per step: the rows that bounded the key it eliminated
    std::vector<Wide> entries(keys_ + 2);
    for (std::size_t step = 0; step < keys_; ++step) {
      std::size_t key = keys_;
      long cheapest = 0;
      for (std::size_t k = 0; k < keys_; ++k) {
        if (eliminated[k]) continue;
        long above = 0, below = 0;
        for (const WholeRow& r : rows) {
          if (r[k] > 0) ++above;
          else if (r[k] < 0) ++below;
        }
        long cost = above * below - above - below;
        if (key == keys_ || cost < cheapest) key = k, cheapest = cost;
      }
      eliminated[key] = true;
      order.push_back(key);
      std::vector<WholeRow> next, upper, lower;
      for (WholeRow& r : rows) {
        if (r[key] > 0) upper.push_back(std::move(r));
        else if (r[key] < 0) lower.push_back(std::move(r));
        else next.push_back(std::move(r));
      }
      for (const WholeRow& u : upper)
        for (const WholeRow& l : lower) {
          // u[key] > 0 > l[key]: -l[key] u + u[key] l has no `key` and keeps both inequalities.
          Wide a = -Wide(l[key]), b = u[key];
          for (std::size_t k = 0; k < entries.size(); ++k) entries[k] = k == key ? 0 : a * u[k] + b * l[k];
          auto r = reduced(entries);
          if (!r) {
            out.gave_up = true;
            return out;
          }
          bool holds = true;
          if (!constant_row(*r, holds)) next.push_back(std::move(*r));
          else if (!holds) return out;
        }
      if (next.size() > kMaxRows) {
        out.gave_up = true;
        return out;
      }
      rows = std::move(next);
      std::vector<WholeRow> bounding = std::move(upper);
      bounding.insert(bounding.end(), std::make_move_iterator(lower.begin()), std::make_move_iterator(lower.end()));
      rows_of.push_back(std::move(bounding));
    }
    // Only the factor is left: its least value is the largest lower bound, t >= 1 among them.
    // Limits are compared as fractions bound / coefficient, cross-multiplied in 128 bits.
    std::optional<std::pair<Wide, Wide>> least, most;  // numerator, positive denominator
    auto below = [](const std::pair<Wide, Wide>& x, const std::pair<Wide, Wide>& y) {
      return x.first * y.second < y.first * x.second;
    };
    for (const WholeRow& r : rows) {
      std::pair<Wide, Wide> limit = r[t()] > 0 ? std::pair<Wide, Wide>{r[bound()], r[t()]}
                                               : std::pair<Wide, Wide>{-Wide(r[bound()]), -Wide(r[t()])};
      if (r[t()] > 0) {
        if (!most || below(limit, *most)) most = limit;
      } else if (!least || below(*least, limit)) {
        least = limit;
      }
    }
    if (!least || (most && below(*most, *least))) return out;
    out.feasible = true;
    out.t = fraction(static_cast<std::int64_t>(least->first), static_cast<std::int64_t>(least->second));
    // Back in reverse order, each key's rows bound it by the factor and the keys valued already.
    std::vector<Rational> value(keys_);
    for (std::size_t step = order.size(); step-- > 0;) {
      std::size_t key = order[step];
      std::optional<Rational> lo, hi;
      for (const WholeRow& r : rows_of[step]) {
        Rational rest = r[bound()] - r[t()] * out.t;
        for (std::size_t k = 0; k < keys_; ++k)
          if (k != key && r[k] != 0) rest -= r[k] * value[k];
        Rational limit = rest / r[key];
        if (r[key] > 0) {
          if (!hi || limit < *hi) hi = limit;
        } else if (!lo || limit > *lo) {
          lo = limit;
        }
      }
      if (!integer_[key]) {
        value[key] = lo ? *lo : hi ? *hi : Rational(0);
        continue;
      }
      Integer candidate = lo ? ceil(*lo) : hi ? floor(*hi) : Integer(0);
      if (hi && Rational(candidate) > *hi) {
        Integer below_hi = floor(*hi);
        if (abs(below_hi) >= Integer(1) << 62) {
          out.gave_up = true;
          return out;
        }
        out.split = std::make_pair(key, static_cast<std::int64_t>(below_hi));
        return out;
      }
      value[key] = Rational(candidate);
    }
    return out;
  }
};

}  // namespace

ExactWidening exact_least_widening(const GroundProblem& problem, const Conflict& conflict, CenterOf center) {
  ProgramBuilder builder(problem);
  if (!builder.build(conflict, center)) return {};
  std::vector<WholeRow> rows;
  for (const Row& r : builder.rows()) {
    auto w = whole(r);
    if (!w) return {};
    rows.push_back(std::move(*w));
  }
  return BranchAndBound(builder.keys(), builder.integer()).minimize(std::move(rows));
}

}  // namespace claimcheck
