#pragma once
// Exact numbers for every value on the path from claim text to Z3: no double anywhere.
//
// A Rational keeps a value whose numerator and denominator fit a machine word in two words,
// and any other in a GMP rational on the heap. Nearly every figure a claim states is small, and
// GMP's rational allocates for each of its two integers: at a million claims the bare GMP type
// took 290 MB more and 1.5-2 s longer in a 13 s run (bench/README.md).
// Each value has one form (the smaller one when it fits, lowest terms, positive denominator), so
// equal values are equal field by field.
#include <boost/multiprecision/gmp.hpp>
#include <compare>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace claimcheck {

// Products of two machine words: a GCC and Clang extension, named once so -Wpedantic stays quiet.
__extension__ typedef __int128 Wide;
__extension__ typedef unsigned __int128 UWide;

using Integer = boost::multiprecision::mpz_int;

class Rational {
 public:
  Rational() noexcept = default;
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  Rational(T value) {  // NOLINT: implicit, like the integers it extends
    if constexpr (std::is_signed_v<T>) {
      if (static_cast<std::int64_t>(value) != INT64_MIN) {
        num_ = static_cast<std::int64_t>(value);
        return;
      }
    } else if (static_cast<std::uint64_t>(value) <= static_cast<std::uint64_t>(INT64_MAX)) {
      num_ = static_cast<std::int64_t>(value);
      return;
    }
    *this = Rational(Integer(value));
  }
  Rational(const Integer& value);  // NOLINT: implicit, as above
  Rational(const Integer& numerator, const Integer& denominator);  // denominator != 0
  Rational(std::int64_t numerator, std::int64_t denominator);       // denominator != 0

  Rational(const Rational& other);
  Rational(Rational&& other) noexcept : den_(other.den_) {
    if (den_ == 0) big_ = other.big_;
    else num_ = other.num_;
    other.num_ = 0;
    other.den_ = 1;
  }
  Rational& operator=(const Rational& other);
  Rational& operator=(Rational&& other) noexcept;
  ~Rational();

  friend Rational operator+(const Rational& a, const Rational& b);
  friend Rational operator-(const Rational& a, const Rational& b);
  friend Rational operator*(const Rational& a, const Rational& b);
  friend Rational operator/(const Rational& a, const Rational& b);  // throws std::overflow_error on 0
  Rational operator-() const;
  Rational& operator+=(const Rational& b) { return *this = *this + b; }
  Rational& operator-=(const Rational& b) { return *this = *this - b; }
  Rational& operator*=(const Rational& b) { return *this = *this * b; }
  Rational& operator/=(const Rational& b) { return *this = *this / b; }

  friend bool operator==(const Rational& a, const Rational& b);
  friend std::strong_ordering operator<=>(const Rational& a, const Rational& b);

  friend Integer numerator(const Rational& value);
  friend Integer denominator(const Rational& value);  // positive
  int sign() const;
  double to_double() const;  // the nearest double, as Boost converts GMP rationals
  friend std::size_t rational_hash(const Rational& value);
  // Both terms when they fit a machine word (never for INT64_MIN).
  std::optional<std::pair<std::int64_t, std::int64_t>> small() const {
    if (den_ == 0) return std::nullopt;
    return std::make_pair(num_, den_);
  }

 private:
  using Big = boost::multiprecision::mpq_rational;
  struct Raw {};
  Rational(Raw, std::int64_t numerator, std::int64_t denominator) : num_(numerator), den_(denominator) {}
  static Rational of(Big&& value);
  static Rational reduced(Wide numerator, UWide denominator);
  Big big() const;

  // den_ == 0 marks the heap form: big_ holds the value. Otherwise num_ / den_, with
  // den_ > 0, in lowest terms, and |num_| <= INT64_MAX so that negation cannot overflow.
  union {
    std::int64_t num_ = 0;
    Big* big_;
  };
  std::int64_t den_ = 1;
};

// Parses "-12", "10,000" (commas already removed by the caller), "0.45"; nullopt if malformed.
std::optional<Rational> parse_decimal(std::string_view text);

// "p/q" or "p": the only form handed to Z3 (real_val parses it exactly).
std::string to_fraction_string(const Rational& value);

// Human form: exact decimal when the denominator divides a power of ten, else up to
// `digits` significant decimals with a trailing "..." marker.
std::string to_display(const Rational& value, int digits = 6);

Integer floor(const Rational& value);
Integer ceil(const Rational& value);
// The same as rationals: no GMP integer is made while the value fits machine words.
Rational floor_value(const Rational& value);
Rational ceil_value(const Rational& value);

// Equal values hash equal.
std::size_t rational_hash(const Rational& value);

// 10^exponent as a rational (exponent may be negative).
Rational pow10(int exponent);

}  // namespace claimcheck
