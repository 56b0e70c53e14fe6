#include "model/rational.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>

namespace claimcheck {

std::optional<Rational> parse_decimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  // Digits gather in a machine word and go into the big integer 18 at a time: most numbers
  // never need more than the one word, and big-integer steps each allocate.
  Integer numerator = 0;
  std::uint64_t word = 0;
  int word_digits = 0, fraction_digits = 0;
  bool seen_point = false, seen_digit = false, spilled = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
    } else if (c >= '0' && c <= '9') {
      word = word * 10 + static_cast<std::uint64_t>(c - '0');
      seen_digit = true;
      if (seen_point) ++fraction_digits;
      if (++word_digits == 18) {
        numerator = numerator * Integer(1000000000000000000ull) + word;
        spilled = true;
        word = 0;
        word_digits = 0;
      }
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) return std::nullopt;
  if (spilled) numerator = numerator * boost::multiprecision::numerator(pow10(word_digits)) + word;
  else numerator = word;
  Rational value = fraction_digits == 0 ? Rational(numerator) : Rational(numerator, boost::multiprecision::numerator(pow10(fraction_digits)));
  return negative ? Rational(-value) : value;
}

std::string to_fraction_string(const Rational& value) {
  auto num = boost::multiprecision::numerator(value);
  auto den = boost::multiprecision::denominator(value);
  if (den == 1) return num.str();
  return num.str() + "/" + den.str();
}

Integer floor(const Rational& value) {
  Integer num = boost::multiprecision::numerator(value);
  Integer den = boost::multiprecision::denominator(value);
  Integer q = num / den;  // truncates toward zero
  if (num < 0 && q * den != num) q -= 1;
  return q;
}

Integer ceil(const Rational& value) {
  Integer f = floor(value);
  return Rational(f) == value ? f : f + 1;
}

std::size_t rational_hash(const Rational& value) {
  // The low limbs of numerator and denominator: enough to spread, and equal values (kept in
  // lowest terms) give equal ones.
  const auto* q = value.backend().data();
  std::size_t h = mpz_get_ui(mpq_numref(q)) ^ (mpz_sgn(mpq_numref(q)) < 0 ? 0x2545f491u : 0u);
  return h * 1000003u ^ mpz_get_ui(mpq_denref(q));
}

Rational pow10(int exponent) {
  int magnitude = std::abs(exponent);
  Integer p = 1;
  if (magnitude <= 19) {  // 10^19 still fits 64 bits
    std::uint64_t word = 1;
    for (int k = 0; k < magnitude; ++k) word *= 10;
    p = word;
  } else {
    for (int k = 0; k < magnitude; ++k) p *= 10;
  }
  return exponent >= 0 ? Rational(p) : Rational(Integer(1), p);
}

static std::string group_thousands(const std::string& digits) {
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count > 0 && count % 3 == 0) out.push_back(',');
    out.push_back(*it);
    ++count;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// The digits of value * 10^places and `places`, when value is an exact decimal whose numerator
// and denominator fit in 64 bits: no big-integer division for the common figures.
static std::optional<std::pair<std::string, int>> small_exact_digits(const Rational& magnitude) {
  const auto& num = boost::multiprecision::numerator(magnitude);
  const auto& den = boost::multiprecision::denominator(magnitude);
  if (num > std::numeric_limits<std::uint64_t>::max() || den > std::numeric_limits<std::uint64_t>::max())
    return std::nullopt;
  auto n = static_cast<std::uint64_t>(num), d = static_cast<std::uint64_t>(den);
  int twos = 0, fives = 0;
  for (std::uint64_t rest = d; rest % 2 == 0; rest /= 2) ++twos;
  std::uint64_t rest = d >> twos;
  for (; rest % 5 == 0; rest /= 5) ++fives;
  int places = std::max(twos, fives);
  if (rest != 1 || places > 18) return std::nullopt;
  std::uint64_t power = 1;
  for (int k = 0; k < places; ++k) power *= 10;
  std::uint64_t scaled = 0;
  if (__builtin_mul_overflow(n, power / d, &scaled)) return std::nullopt;  // d divides 10^places
  return std::make_pair(std::to_string(scaled), places);
}

std::string to_display(const Rational& value, int digits) {
  bool negative = value < 0;
  Rational magnitude = negative ? Rational(-value) : value;
  std::string s;  // the digits of magnitude * 10^places
  int places = 0;
  bool exact = true;
  if (auto fast = small_exact_digits(magnitude)) {
    std::tie(s, places) = std::move(*fast);
  } else {
    // Exact decimal when den = 2^a 5^b.
    Integer d = boost::multiprecision::denominator(magnitude);
    int twos = 0, fives = 0;
    while (d % 2 == 0) { d /= 2; ++twos; }
    while (d % 5 == 0) { d /= 5; ++fives; }
    exact = d == 1;
    if (exact) {
      places = std::max(twos, fives);
    } else {
      // Enough places for `digits` significant figures.
      Integer whole = floor(magnitude);
      int whole_digits = whole == 0 ? 0 : static_cast<int>(whole.str().size());
      places = std::max(digits - whole_digits, 2);
      if (whole == 0) {
        Rational scaled = magnitude;
        while (scaled < Rational(1, 10) && places < 40) { scaled *= 10; ++places; }
      }
    }
    s = floor(magnitude * pow10(places) + (exact ? Rational(0) : Rational(1, 2))).str();
  }
  if (static_cast<int>(s.size()) <= places) s.insert(0, places - s.size() + 1, '0');
  std::string whole = s.substr(0, s.size() - places);
  std::string frac = s.substr(s.size() - places);
  std::string out = (negative ? "-" : "") + group_thousands(whole);
  if (!exact) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (!frac.empty()) out += "." + frac;
    out += "...";
  } else if (!frac.empty()) {
    out += "." + frac;
  }
  return out;
}

}  // namespace claimcheck
