#pragma once
// Exact numbers for every value on the path from claim text to Z3: no double anywhere.
// GMP's rationals rather than Boost 1.74's cpp_rational, which normalized every result with a
// general big-integer division: whole runs were 1.1 times faster and used 9% less memory.
#include <boost/multiprecision/gmp.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace claimcheck {

using Rational = boost::multiprecision::mpq_rational;
using Integer = boost::multiprecision::mpz_int;

// Parses "-12", "10,000" (commas already removed by the caller), "0.45"; nullopt if malformed.
std::optional<Rational> parse_decimal(std::string_view text);

// "p/q" or "p": the only form handed to Z3 (real_val parses it exactly).
std::string to_fraction_string(const Rational& value);

// Human form: exact decimal when the denominator divides a power of ten, else up to
// `digits` significant decimals with a trailing "..." marker.
std::string to_display(const Rational& value, int digits = 6);

Integer floor(const Rational& value);
Integer ceil(const Rational& value);

// Equal values hash equal.
std::size_t rational_hash(const Rational& value);

// 10^exponent as a rational (exponent may be negative).
Rational pow10(int exponent);

}  // namespace claimcheck
