#include "model/rational.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace claimcheck {

static_assert(sizeof(long) == sizeof(std::int64_t), "GMP's word functions take the machine word as long");

namespace {

constexpr std::int64_t kLargest = std::numeric_limits<std::int64_t>::max();

std::uint64_t magnitude_of(std::int64_t v) { return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v); }

UWide gcd_of(UWide a, UWide b) {
  if (a >> 64 == 0 && b >> 64 == 0) return std::gcd(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b));
  while (b != 0) {
    UWide r = a % b;
    a = b;
    b = r;
  }
  return a;
}

Integer integer_of(Wide v) {
  bool negative = v < 0;
  UWide m = negative ? 0 - static_cast<UWide>(v) : static_cast<UWide>(v);
  Integer out = static_cast<std::uint64_t>(m >> 64);
  out <<= 64;
  out += static_cast<std::uint64_t>(m);
  return negative ? Integer(-out) : out;
}

// The integer as a machine word, when it fits one other than INT64_MIN.
std::optional<std::int64_t> word_of(mpz_srcptr z) {
  if (!mpz_fits_slong_p(z)) return std::nullopt;
  long v = mpz_get_si(z);
  if (v == std::numeric_limits<long>::min()) return std::nullopt;
  return v;
}

}  // namespace

// Both terms stay below 2^127: they come from sums and products of machine words.
Rational Rational::reduced(Wide numerator, UWide denominator) {
  if (denominator != 1) {
    bool negative = numerator < 0;
    UWide m = negative ? 0 - static_cast<UWide>(numerator) : static_cast<UWide>(numerator);
    UWide g = gcd_of(m, denominator);
    if (g > 1) {
      m /= g;
      denominator /= g;
    }
    if (m <= static_cast<UWide>(kLargest) && denominator <= static_cast<UWide>(kLargest)) {
      auto n = static_cast<std::int64_t>(m);
      return Rational(Raw{}, negative ? -n : n, static_cast<std::int64_t>(denominator));
    }
    numerator = negative ? -static_cast<Wide>(m) : static_cast<Wide>(m);
  } else if (numerator >= -kLargest && numerator <= kLargest) {
    return Rational(Raw{}, static_cast<std::int64_t>(numerator), 1);
  }
  Integer num = integer_of(numerator);
  Integer den = integer_of(static_cast<Wide>(denominator));
  return of(Big(num, den));
}

Rational Rational::of(Big&& value) {
  const auto* q = value.backend().data();
  auto n = word_of(mpq_numref(q)), d = word_of(mpq_denref(q));
  if (n && d) return Rational(Raw{}, *n, *d);
  Rational out;
  out.big_ = new Big(std::move(value));
  out.den_ = 0;
  return out;
}

Rational::Big Rational::big() const {
  if (den_ == 0) return *big_;
  Big out;
  mpq_set_si(out.backend().data(), num_, static_cast<unsigned long>(den_));
  return out;
}

Rational::Rational(const Integer& value) {
  if (auto word = word_of(value.backend().data())) num_ = *word;
  else *this = of(Big(value));
}

Rational::Rational(const Integer& numerator, const Integer& denominator) { *this = of(Big(numerator, denominator)); }

Rational::Rational(std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) throw std::overflow_error("Division by zero.");
  Wide n = numerator, d = denominator;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  *this = reduced(n, static_cast<UWide>(d));
}

Rational::Rational(const Rational& other) : den_(other.den_) {
  if (den_ == 0) big_ = new Big(*other.big_);
  else num_ = other.num_;
}

Rational& Rational::operator=(const Rational& other) {
  if (this == &other) return *this;
  if (other.den_ == 0) {
    if (den_ == 0) {
      *big_ = *other.big_;
      return *this;
    }
    big_ = new Big(*other.big_);
  } else {
    if (den_ == 0) delete big_;
    num_ = other.num_;
  }
  den_ = other.den_;
  return *this;
}

Rational& Rational::operator=(Rational&& other) noexcept {
  if (this == &other) return *this;
  if (den_ == 0) delete big_;
  den_ = other.den_;
  if (den_ == 0) big_ = other.big_;
  else num_ = other.num_;
  other.num_ = 0;
  other.den_ = 1;
  return *this;
}

Rational::~Rational() {
  if (den_ == 0) delete big_;
}

// Two machine-word fractions combine in 128 bits without overflow: each product is below
// 2^126 and a sum of two below 2^127.
Rational operator+(const Rational& a, const Rational& b) {
  if (a.den_ != 0 && b.den_ != 0) {
    if (a.den_ == b.den_) return Rational::reduced(static_cast<Wide>(a.num_) + b.num_, static_cast<UWide>(a.den_));
    Wide n = static_cast<Wide>(a.num_) * b.den_ + static_cast<Wide>(b.num_) * a.den_;
    return Rational::reduced(n, static_cast<UWide>(a.den_) * static_cast<UWide>(b.den_));
  }
  return Rational::of(Rational::Big(a.big() + b.big()));
}

Rational operator-(const Rational& a, const Rational& b) { return a + (-b); }

Rational operator*(const Rational& a, const Rational& b) {
  if (a.den_ != 0 && b.den_ != 0) {
    // Cross-cancelled first, the product is already in lowest terms.
    std::uint64_t g1 = std::gcd(magnitude_of(a.num_), static_cast<std::uint64_t>(b.den_));
    std::uint64_t g2 = std::gcd(magnitude_of(b.num_), static_cast<std::uint64_t>(a.den_));
    Wide n = static_cast<Wide>(a.num_ / static_cast<std::int64_t>(g1)) * (b.num_ / static_cast<std::int64_t>(g2));
    UWide d = static_cast<UWide>(a.den_ / static_cast<std::int64_t>(g2)) *
                          static_cast<UWide>(b.den_ / static_cast<std::int64_t>(g1));
    if (n == 0) d = 1;
    return Rational::reduced(n, d);
  }
  return Rational::of(Rational::Big(a.big() * b.big()));
}

Rational operator/(const Rational& a, const Rational& b) {
  if (b.sign() == 0) throw std::overflow_error("Division by zero.");
  if (b.den_ != 0) {
    // a / (p/q) = a * (q/p), the sign moved to the numerator.
    Rational inverse(Rational::Raw{}, b.num_ < 0 ? -b.den_ : b.den_, static_cast<std::int64_t>(magnitude_of(b.num_)));
    return a * inverse;
  }
  return Rational::of(Rational::Big(a.big() / b.big()));
}

Rational Rational::operator-() const {
  if (den_ != 0) return Rational(Raw{}, -num_, den_);
  return of(Big(-*big_));
}

bool operator==(const Rational& a, const Rational& b) {
  if (a.den_ != 0 || b.den_ != 0) return a.den_ == b.den_ && a.num_ == b.num_;
  return *a.big_ == *b.big_;
}

std::strong_ordering operator<=>(const Rational& a, const Rational& b) {
  if (a.den_ != 0 && b.den_ != 0) {
    Wide left = static_cast<Wide>(a.num_) * b.den_, right = static_cast<Wide>(b.num_) * a.den_;
    return left <=> right;
  }
  int c = mpq_cmp(a.big().backend().data(), b.big().backend().data());
  return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

Integer numerator(const Rational& value) {
  if (value.den_ != 0) return Integer(value.num_);
  return boost::multiprecision::numerator(*value.big_);
}

Integer denominator(const Rational& value) {
  if (value.den_ != 0) return Integer(value.den_);
  return boost::multiprecision::denominator(*value.big_);
}

int Rational::sign() const {
  if (den_ != 0) return (num_ > 0) - (num_ < 0);
  return mpq_sgn(big_->backend().data());
}

double Rational::to_double() const { return big().convert_to<double>(); }

std::size_t rational_hash(const Rational& value) {
  // The low words of numerator and denominator: enough to spread, and equal values (kept in
  // lowest terms, in one form) give equal ones.
  if (value.den_ != 0) {
    std::size_t h = magnitude_of(value.num_) ^ (value.num_ < 0 ? 0x2545f491u : 0u);
    return h * 1000003u ^ static_cast<std::uint64_t>(value.den_);
  }
  const auto* q = value.big_->backend().data();
  std::size_t h = mpz_get_ui(mpq_numref(q)) ^ (mpz_sgn(mpq_numref(q)) < 0 ? 0x2545f491u : 0u);
  return h * 1000003u ^ mpz_get_ui(mpq_denref(q));
}

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
  Integer whole = 0;
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
        whole = whole * Integer(1000000000000000000ull) + word;
        spilled = true;
        word = 0;
        word_digits = 0;
      }
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) return std::nullopt;
  if (!spilled) {  // under 18 digits, fraction digits among them: both terms fit a word
    std::int64_t scale = 1;
    for (int k = 0; k < fraction_digits; ++k) scale *= 10;
    auto n = static_cast<std::int64_t>(word);
    return Rational(negative ? -n : n, scale);
  }
  if (spilled) whole = whole * numerator(pow10(word_digits)) + word;
  else whole = word;
  Rational value = fraction_digits == 0 ? Rational(whole) : Rational(whole, numerator(pow10(fraction_digits)));
  return negative ? Rational(-value) : value;
}

std::string to_fraction_string(const Rational& value) {
  if (auto small = value.small()) {
    if (small->second == 1) return std::to_string(small->first);
    return std::to_string(small->first) + "/" + std::to_string(small->second);
  }
  auto num = numerator(value);
  auto den = denominator(value);
  if (den == 1) return num.str();
  return num.str() + "/" + den.str();
}

Integer floor(const Rational& value) {
  if (auto small = value.small()) {
    auto [num, den] = *small;
    std::int64_t q = num / den;  // truncates toward zero
    if (num < 0 && q * den != num) q -= 1;
    return Integer(q);
  }
  Integer num = numerator(value);
  Integer den = denominator(value);
  Integer q = num / den;  // truncates toward zero
  if (num < 0 && q * den != num) q -= 1;
  return q;
}

Integer ceil(const Rational& value) {
  Integer f = floor(value);
  return Rational(f) == value ? f : f + 1;
}

Rational floor_value(const Rational& value) {
  if (auto small = value.small()) {
    auto [num, den] = *small;
    std::int64_t q = num / den;  // truncates toward zero; |q| <= |num|, so q - 1 cannot overflow
    if (num < 0 && q * den != num) q -= 1;
    return Rational(q);
  }
  return Rational(floor(value));
}

Rational ceil_value(const Rational& value) {
  Rational f = floor_value(value);
  return f == value ? f : f + 1;
}

Rational pow10(int exponent) {
  int magnitude = std::abs(exponent);
  if (magnitude <= 18) {  // 10^18 still fits a signed machine word
    std::int64_t word = 1;
    for (int k = 0; k < magnitude; ++k) word *= 10;
    return exponent >= 0 ? Rational(word) : Rational(std::int64_t{1}, word);
  }
  Integer p = 1;
  for (int k = 0; k < magnitude; ++k) p *= 10;
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

// The digits of value * 10^places and `places`, when value is an exact decimal held in machine
// words: no big-integer division for the common figures.
static std::optional<std::pair<std::string, int>> small_exact_digits(const Rational& magnitude) {
  // The machine-word form, read in place: numerator() and denominator() make GMP integers, and
  // were most of showing a number (to_display was 3.8% of a run at 10,000 claims).
  auto terms = magnitude.small();
  if (!terms) return std::nullopt;
  auto n = static_cast<std::uint64_t>(terms->first), d = static_cast<std::uint64_t>(terms->second);
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
    Integer d = denominator(magnitude);
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
