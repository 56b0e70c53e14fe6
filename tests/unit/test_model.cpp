// model/: exact rationals, calendar periods, intervals and the constraint language.
#include <catch2/catch.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <thread>

#include <algorithm>
#include <random>
#include <atomic>
#include <stdexcept>

#include "model/claim.hpp"
#include "model/diagnostics.hpp"
#include "model/expr.hpp"
#include "model/parallel.hpp"
#include "model/period.hpp"
#include "model/rational.hpp"
#include "model/result.hpp"

using namespace claimcheck;

namespace {

Rational q(long long num, long long den = 1) { return Rational(Integer(num), Integer(den)); }

Bound closed(Rational v) { return Bound{std::move(v), false}; }
Bound open(Rational v) { return Bound{std::move(v), true}; }
Interval iv(std::optional<Bound> lo, std::optional<Bound> hi) { return Interval{std::move(lo), std::move(hi)}; }

// The period a text names, or the error it gives ("" when fine).
std::string period_error(const std::string& text) {
  std::string error;
  auto p = parse_iso_period(text, error);
  if (p) return "";
  return error;
}

std::string period_label(const std::string& text) {
  std::string error;
  auto p = parse_iso_period(text, error);
  REQUIRE(p);
  return label(*p);
}

Period period(const std::string& text) {
  std::string error;
  auto p = parse_iso_period(text, error);
  REQUIRE(p);
  return *p;
}

std::int64_t day(int y, int m, int d) { return to_day_number(Date{y, m, d}); }

Variable var(std::string name, std::vector<std::string> args, ValueType type, std::string unit = "") {
  Variable v;
  v.key.name = std::move(name);
  v.key.args = std::move(args);
  v.key.unit = std::move(unit);
  v.type = type;
  return v;
}

}  // namespace

// ---------------------------------------------------------------- file names

TEST_CASE("a file name is kept once, and locations hold a pointer to it", "[model][diagnostics]") {
  FileName a("claims/unodc.yaml");
  FileName b(std::string("claims/") + "unodc.yaml");
  CHECK(a == b);
  CHECK(&a.str() == &b.str());
  CHECK(FileName("claims/usdos.yaml") != a);
  CHECK(FileName().str().empty());
  CHECK(FileName() == FileName(""));
  // The point of FileName: a location no longer carries its file's text.
  STATIC_REQUIRE(sizeof(SourceLoc) == sizeof(void*) + 2 * sizeof(int));
  CHECK(to_string(SourceLoc{"claims/unodc.yaml", 3, 14}) == "claims/unodc.yaml:3:14");
  CHECK(to_string(SourceLoc{"claims/unodc.yaml", 0, 0}) == "claims/unodc.yaml");

  // Loaders on several threads name the same files at once.
  std::vector<std::vector<const std::string*>> seen(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t)
    threads.emplace_back([&seen, t] {
      for (int i = 0; i < 200; ++i) seen[t].push_back(&FileName("corpus-" + std::to_string(i % 50) + ".jsonl").str());
    });
  for (auto& thread : threads) thread.join();
  for (std::size_t t = 0; t < seen.size(); ++t)
    for (int i = 0; i < 200; ++i) {
      CHECK(seen[t][i] == seen[0][i % 50]);
      CHECK(*seen[t][i] == "corpus-" + std::to_string(i % 50) + ".jsonl");
    }
}

// ---------------------------------------------------------------- rationals

TEST_CASE("parse_decimal reads integers and decimals exactly", "[model][rational]") {
  CHECK(parse_decimal("350") == q(350));
  CHECK(parse_decimal("-62") == q(-62));
  CHECK(parse_decimal("+7") == q(7));
  CHECK(parse_decimal("0.45") == q(9, 20));
  CHECK(parse_decimal("-0.5") == q(-1, 2));
  CHECK(parse_decimal("10000") == q(10000));
  CHECK(parse_decimal("0.1") == q(1, 10));  // exactly one tenth, never a double
  CHECK(parse_decimal("3.") == q(3));
  CHECK(parse_decimal(".5") == q(1, 2));
  CHECK(parse_decimal("007") == q(7));
  // A number far beyond any double stays exact.
  std::string big = "1" + std::string(60, '0') + "1";
  auto value = parse_decimal(big);
  REQUIRE(value);
  CHECK(to_fraction_string(*value) == big);
  CHECK(parse_decimal("0.000000000000000000000000000001") == Rational(q(1) / claimcheck::pow10(30)));
}

TEST_CASE("parse_decimal refuses malformed numbers", "[model][rational]") {
  CHECK_FALSE(parse_decimal(""));
  CHECK_FALSE(parse_decimal("-"));
  CHECK_FALSE(parse_decimal("+"));
  CHECK_FALSE(parse_decimal("."));
  CHECK_FALSE(parse_decimal("1.2.3"));
  CHECK_FALSE(parse_decimal("10,000"));  // the caller removes thousands separators
  CHECK_FALSE(parse_decimal("1.5e3"));
  CHECK_FALSE(parse_decimal("12a"));
  CHECK_FALSE(parse_decimal(" 12"));
  CHECK_FALSE(parse_decimal("--1"));
  CHECK_FALSE(parse_decimal("1/2"));
}

TEST_CASE("to_fraction_string gives p/q in lowest terms or p", "[model][rational]") {
  CHECK(to_fraction_string(q(0)) == "0");
  CHECK(to_fraction_string(q(5)) == "5");
  CHECK(to_fraction_string(q(-12)) == "-12");
  CHECK(to_fraction_string(q(10, 4)) == "5/2");
  CHECK(to_fraction_string(q(-3, 4)) == "-3/4");
  CHECK(to_fraction_string(q(45, 401)) == "45/401");
  CHECK(to_fraction_string(*parse_decimal("0.115")) == "23/200");
}

TEST_CASE("to_display writes exact decimals with thousands separators", "[model][rational]") {
  CHECK(to_display(q(0)) == "0");
  CHECK(to_display(q(350)) == "350");
  CHECK(to_display(q(1234567)) == "1,234,567");
  CHECK(to_display(q(-1234567)) == "-1,234,567");
  CHECK(to_display(q(85500000)) == "85,500,000");
  CHECK(to_display(q(45, 2)) == "22.5");
  CHECK(to_display(q(-1, 2)) == "-0.5");
  CHECK(to_display(q(23, 200)) == "0.115");
  CHECK(to_display(q(1, 1024)) == "0.0009765625");
  CHECK(to_display(q(119999, 2)) == "59,999.5");
}

TEST_CASE("to_display gives the same digits on both sides of its 64-bit fast path", "[model][rational]") {
  Integer two64 = Integer(1) << 64;
  CHECK(to_display(Rational(two64 - 1)) == "18,446,744,073,709,551,615");
  CHECK(to_display(Rational(two64)) == "18,446,744,073,709,551,616");
  CHECK(to_display(Rational(-(two64 + 1))) == "-18,446,744,073,709,551,617");
  CHECK(to_display(Rational(Integer(1), Integer(1) << 18)) == "0.000003814697265625");    // 18 places
  CHECK(to_display(Rational(Integer(1), Integer(1) << 19)) == "0.0000019073486328125");   // 19 places
  CHECK(to_display(Rational(two64 - 1, Integer(2))) == "9,223,372,036,854,775,807.5");  // digits past 64 bits
  CHECK(to_display(Rational(Integer(-7), Integer(1) << 18)) == "-0.000026702880859375");
}

TEST_CASE("to_display rounds other fractions to significant digits and marks them", "[model][rational]") {
  CHECK(to_display(q(1, 3)) == "0.333333...");
  CHECK(to_display(q(2, 3)) == "0.666667...");
  CHECK(to_display(q(-2, 3)) == "-0.666667...");
  CHECK(to_display(q(100, 3)) == "33.3333...");
  CHECK(to_display(q(1000000, 3)) == "333,333.33...");
  CHECK(to_display(q(1, 300)) == "0.00333333...");
  CHECK(to_display(q(45, 401)) == "0.112219...");
  CHECK(to_display(q(47, 399)) == "0.117794...");
  CHECK(to_display(q(1, 3), 3) == "0.333...");
  CHECK(to_display(q(4, 3), 3) == "1.33...");
}

TEST_CASE("floor and ceil round toward minus and plus infinity", "[model][rational]") {
  CHECK(claimcheck::floor(q(7, 2)) == 3);
  CHECK(claimcheck::ceil(q(7, 2)) == 4);
  CHECK(claimcheck::floor(q(-7, 2)) == -4);
  CHECK(claimcheck::ceil(q(-7, 2)) == -3);
  CHECK(claimcheck::floor(q(4)) == 4);
  CHECK(claimcheck::ceil(q(4)) == 4);
  CHECK(claimcheck::floor(q(-4)) == -4);
  CHECK(claimcheck::ceil(q(-4)) == -4);
  CHECK(claimcheck::floor(q(-1, 3)) == -1);
  CHECK(claimcheck::ceil(q(-1, 3)) == 0);
  CHECK(claimcheck::floor(q(0)) == 0);
  CHECK(floor_value(q(-7, 2)) == q(-4));
  CHECK(ceil_value(q(-7, 2)) == q(-3));
  CHECK(ceil_value(q(INT64_MAX)) == q(INT64_MAX));
  CHECK(floor_value(q(-INT64_MAX, 2)) == q(-INT64_MAX / 2 - 1));
  CHECK(claimcheck::pow10(3) == q(1000));
  CHECK(claimcheck::pow10(-2) == q(1, 100));
  CHECK(claimcheck::pow10(0) == q(1));
}

TEST_CASE("rationals agree with GMP's on words, their edges and beyond", "[model][rational]") {
  using Big = boost::multiprecision::mpq_rational;
  const Integer word_max = Integer(INT64_MAX), two64 = Integer(1) << 64, two100 = Integer(1) << 100;
  // Terms on both sides of the machine word, where the arithmetic changes form.
  const std::vector<Integer> terms = {0, 1, 2, 3, 7, 10, 1000, Integer(1) << 31, Integer(1) << 62,
                                      word_max - 1, word_max, word_max + 1, two64 - 1, two64, two100 + 1,
                                      Integer("99999999999999999989")};
  std::mt19937_64 random(20261205);
  auto pick = [&](bool nonzero) {
    Integer n = terms[random() % terms.size()], d = terms[1 + random() % (terms.size() - 1)];
    if (random() % 2) n = -n;
    if (nonzero && n == 0) n = 5;
    return std::make_pair(Rational(n, d), Big(n, d));
  };
  auto same = [&](const Rational& r, const Big& b) {
    Integer n = boost::multiprecision::numerator(b), d = boost::multiprecision::denominator(b);
    bool word = n >= -Integer(INT64_MAX) && n <= word_max && d <= word_max;
    return numerator(r) == n && denominator(r) == d && r.small().has_value() == word &&
           r.sign() == b.sign() && claimcheck::floor(r) == Integer(boost::multiprecision::numerator(b) / d -
                                                                    (n < 0 && n % d != 0 ? 1 : 0)) &&
           floor_value(r) == Rational(claimcheck::floor(r)) && ceil_value(r) == Rational(claimcheck::ceil(r)) &&
           to_fraction_string(r) == (d == 1 ? n.str() : n.str() + "/" + d.str()) &&
           r.to_double() == b.convert_to<double>();
  };
  int compared = 0, small_results = 0;
  for (int round = 0; round < 4000; ++round) {
    auto [a, big_a] = pick(false);
    auto [b, big_b] = pick(true);
    REQUIRE(same(a, big_a));
    CHECK(same(a + b, Big(big_a + big_b)));
    CHECK(same(a - b, Big(big_a - big_b)));
    CHECK(same(a * b, Big(big_a * big_b)));
    CHECK(same(a / b, Big(big_a / big_b)));
    CHECK(same(-a, Big(-big_a)));
    CHECK((a == b) == (big_a == big_b));
    CHECK((a < b) == (big_a < big_b));
    CHECK((a > b) == (big_a > big_b));
    // Equal values reached by different roads are equal, and hash equal, in either form.
    Rational back = a * b / b;
    CHECK(back == a);
    CHECK(rational_hash(back) == rational_hash(a));
    Rational copy = a, moved = std::move(back);
    CHECK(copy == moved);
    copy = b;
    CHECK(same(copy, big_b));
    small_results += (a + b).small().has_value();
    ++compared;
  }
  CHECK(compared == 4000);
  CHECK(small_results > 400);   // both forms are exercised
  CHECK(small_results < 3600);
  CHECK_FALSE(Rational(INT64_MIN).small());  // its negation would not fit
  CHECK(Rational(INT64_MIN) == -Rational(Integer(1) << 63));
  CHECK(Rational(std::int64_t{6}, std::int64_t{-4}) == Rational(-3, 2));
  CHECK(Rational(two100, two100).small() == std::make_pair(std::int64_t{1}, std::int64_t{1}));
  CHECK_THROWS_AS(Rational(1) / Rational(0), std::overflow_error);
  CHECK_THROWS_AS(Rational(std::int64_t{1}, std::int64_t{0}), std::overflow_error);
}

// ---------------------------------------------------------------- dates and periods

TEST_CASE("day numbers count from 1970-01-01 and round-trip", "[model][period]") {
  CHECK(day(1970, 1, 1) == 0);
  CHECK(day(1969, 12, 31) == -1);
  CHECK(day(2000, 3, 1) == 11017);
  CHECK(day(2004, 2, 29) == 12477);
  CHECK(day(2007, 3, 7) == 13579);
  CHECK(day(2017, 11, 14) == 17484);
  CHECK(iso_day(13579) == "2007-03-07");
  CHECK(iso_day(12477) == "2004-02-29");
  CHECK(iso_day(-1) == "1969-12-31");
  for (std::int64_t d = day(1999, 12, 1); d <= day(2001, 3, 31); ++d) {
    Date back = from_day_number(d);
    REQUIRE(to_day_number(back) == d);
  }
  CHECK(iso(Date{7, 1, 2}) == "0007-01-02");
}

TEST_CASE("leap years follow the Gregorian rule", "[model][period]") {
  CHECK(days_in_month(2004, 2) == 29);
  CHECK(days_in_month(2006, 2) == 28);
  CHECK(days_in_month(2000, 2) == 29);
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2006, 4) == 30);
  CHECK(days_in_month(2006, 12) == 31);
  CHECK(is_valid_date(2004, 2, 29));
  CHECK(is_valid_date(2000, 2, 29));
  CHECK_FALSE(is_valid_date(1900, 2, 29));
  CHECK_FALSE(is_valid_date(2006, 2, 29));
  CHECK_FALSE(is_valid_date(2006, 13, 1));
  CHECK_FALSE(is_valid_date(2006, 0, 1));
  CHECK_FALSE(is_valid_date(2006, 1, 0));
  CHECK_FALSE(is_valid_date(0, 1, 1));
  CHECK(period("2004").last - period("2004").first == 365);
  CHECK(period("2006").last - period("2006").first == 364);
}

TEST_CASE("parse_iso_period reads days, months, years and spans", "[model][period]") {
  CHECK(period("2006") == Period{day(2006, 1, 1), day(2006, 12, 31)});
  CHECK(period("2006-08") == Period{day(2006, 8, 1), day(2006, 8, 31)});
  CHECK(period("2004-02") == Period{day(2004, 2, 1), day(2004, 2, 29)});
  CHECK(period("2006-02") == Period{day(2006, 2, 1), day(2006, 2, 28)});
  CHECK(period("2006-08-15") == Period{day(2006, 8, 15), day(2006, 8, 15)});
  CHECK(period("2004-02-29") == Period{day(2004, 2, 29), day(2004, 2, 29)});
  CHECK(period("2004..2017") == Period{day(2004, 1, 1), day(2017, 12, 31)});
  CHECK(period("2017..2017-11-14") == Period{day(2017, 1, 1), day(2017, 11, 14)});
  CHECK(period("2006-01..2006-09") == Period{day(2006, 1, 1), day(2006, 9, 30)});
  CHECK(period("2006-01-03..2006-02-10") == Period{day(2006, 1, 3), day(2006, 2, 10)});
  CHECK(period("2006..2006") == period("2006"));
  CHECK(period("2006-05..2006") == Period{day(2006, 5, 1), day(2006, 12, 31)});
}

TEST_CASE("parse_iso_period explains impossible dates and bad spellings", "[model][period]") {
  CHECK(period_error("2006-02-30") == "impossible date 2006-02-30: February 2006 has 28 days");
  CHECK(period_error("2006-02-29") == "impossible date 2006-02-29: February 2006 has 28 days");
  CHECK(period_error("1900-02-29") == "impossible date 1900-02-29: February 1900 has 28 days");
  CHECK(period_error("2004-02-30") == "impossible date 2004-02-30: February 2004 has 29 days");
  CHECK(period_error("2006-04-31") == "impossible date 2006-04-31: April 2006 has 30 days");
  CHECK(period_error("2006-01-00") == "impossible date 2006-01-00: January 2006 has 31 days");
  CHECK(period_error("2004-02-29") == "");
  CHECK(period_error("2000-02-29") == "");
  CHECK(period_error("2006-13") == "impossible month 13 in '2006-13'");
  CHECK(period_error("2006-00-10") == "impossible month 00 in '2006-00-10'");
  CHECK(period_error("0000") == "impossible year 0 in '0000'");
  CHECK(period_error("06") == "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '06'");
  CHECK(period_error("2006-8") == "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '2006-8'");
  CHECK(period_error("2006-08-1") == "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '2006-08-1'");
  CHECK(period_error("March") == "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'March'");
  CHECK(period_error("") == "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got ''");
  CHECK(period_error("2004..") == "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got ''");
  CHECK(period_error("2004..2006-02-30") == "impossible date 2006-02-30: February 2006 has 28 days");
}

TEST_CASE("a span that ends before it starts is refused", "[model][period]") {
  CHECK(period_error("2017..2004") == "period '2017..2004' ends before it starts");
  CHECK(period_error("2006-09..2006-01") == "period '2006-09..2006-01' ends before it starts");
  CHECK(period_error("2006-08-15..2006-08-14") == "period '2006-08-15..2006-08-14' ends before it starts");
  // Ends that overlap are fine: the span runs from the first start to the last end.
  CHECK(period_error("2006..2006-03") == "");
  CHECK(period("2006..2006-03") == Period{day(2006, 1, 1), day(2006, 3, 31)});
}

TEST_CASE("parse_iso_date wants a full day", "[model][period]") {
  std::string error;
  auto d = parse_iso_date("2007-03-07", error);
  REQUIRE(d);
  CHECK(d->year == 2007);
  CHECK(d->month == 3);
  CHECK(d->day == 7);
  auto leap = parse_iso_date("2004-02-29", error);
  REQUIRE(leap);
  CHECK(iso(*leap) == "2004-02-29");

  CHECK_FALSE(parse_iso_date("2007-03", error));
  CHECK(error == "expected a full date YYYY-MM-DD, got '2007-03'");
  CHECK_FALSE(parse_iso_date("2007", error));
  CHECK(error == "expected a full date YYYY-MM-DD, got '2007'");
  CHECK_FALSE(parse_iso_date("2006-02-30", error));
  CHECK(error == "impossible date 2006-02-30: February 2006 has 28 days");
  CHECK_FALSE(parse_iso_date("7 March 2007", error));
  CHECK(error == "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '7 March 2007'");
}

TEST_CASE("labels are the coarsest spelling of a period's days", "[model][period]") {
  CHECK(period_label("2006") == "2006");
  CHECK(period_label("2006-08") == "2006-08");
  CHECK(period_label("2006-08-15") == "2006-08-15");
  CHECK(period_label("2004..2017") == "2004..2017");
  CHECK(period_label("2017..2017-11-14") == "2017..2017-11-14");
  CHECK(period_label("2006-01..2006-09") == "2006-01..2006-09");
  CHECK(period_label("2006-01-03..2006-02-10") == "2006-01-03..2006-02-10");
  // Two spellings of the same days are the same period.
  CHECK(period_label("2006-01..2006-12") == "2006");
  CHECK(period_label("2006-01-01..2006-12-31") == "2006");
  CHECK(period_label("2006-08-01..2006-08-31") == "2006-08");
  CHECK(period_label("2004-01-01..2017-12-31") == "2004..2017");
  CHECK(period_label("2004..2005-06") == "2004-01..2005-06");
  CHECK(period_label("2004-03-02..2005") == "2004-03-02..2005");
  CHECK(period_label("2004-03..2005-06-10") == "2004-03..2005-06-10");
  CHECK(label(year_period(2006)) == "2006");
  CHECK(label(month_period(2004, 2)) == "2004-02");
  CHECK(label(day_period(Date{2007, 3, 7})) == "2007-03-07");
}

TEST_CASE("period containment and disjointness", "[model][period]") {
  CHECK(period("2004..2017").contains(period("2006")));
  CHECK(period("2006").contains(period("2006")));
  CHECK_FALSE(period("2006").contains(period("2005..2006")));
  CHECK(period("2005").disjoint(period("2006")));
  CHECK_FALSE(period("2005..2006").disjoint(period("2006-01")));
  CHECK_FALSE(period("2006-12-31").disjoint(period("2006")));
  CHECK(period("2006-12-31").disjoint(period("2007")));
}

// ---------------------------------------------------------------- intervals

TEST_CASE("intersect keeps the tighter bound and prefers strict on ties", "[model][interval]") {
  Interval a = iv(closed(q(1)), open(q(3)));    // [1, 3)
  Interval b = iv(open(q(1)), closed(q(5)));    // (1, 5]
  CHECK(intersect(a, b) == iv(open(q(1)), open(q(3))));
  CHECK(intersect(b, a) == iv(open(q(1)), open(q(3))));

  Interval c = iv(closed(q(45, 2)), open(q(47, 2)));  // [22.5, 23.5)
  Interval d = iv(std::nullopt, closed(q(23)));       // <= 23
  CHECK(intersect(c, d) == iv(closed(q(45, 2)), closed(q(23))));
  CHECK(intersect(d, c) == iv(closed(q(45, 2)), closed(q(23))));

  Interval unbounded;
  CHECK(intersect(unbounded, c) == c);
  CHECK(intersect(c, unbounded) == c);
  CHECK(intersect(unbounded, unbounded) == unbounded);

  Interval above = iv(open(q(350)), std::nullopt);
  Interval below = iv(std::nullopt, open(q(300)));
  CHECK(intersect(above, below) == iv(open(q(350)), open(q(300))));
}

TEST_CASE("is_empty sees crossed bounds and strict points", "[model][interval]") {
  CHECK_FALSE(is_empty(Interval{}));
  CHECK_FALSE(is_empty(iv(closed(q(2)), closed(q(2)))));
  CHECK(is_empty(iv(closed(q(2)), open(q(2)))));
  CHECK(is_empty(iv(open(q(2)), closed(q(2)))));
  CHECK(is_empty(iv(open(q(2)), open(q(2)))));
  CHECK(is_empty(iv(closed(q(3)), closed(q(2)))));
  CHECK_FALSE(is_empty(iv(open(q(2)), open(q(3)))));  // reals lie between
  CHECK_FALSE(is_empty(iv(open(q(350)), std::nullopt)));
  CHECK_FALSE(is_empty(iv(std::nullopt, open(q(-5)))));
  CHECK(is_empty(intersect(iv(open(q(350)), std::nullopt), iv(std::nullopt, open(q(300))))));
  CHECK(is_empty(intersect(iv(closed(q(1)), open(q(2))), iv(closed(q(2)), closed(q(3))))));
  CHECK_FALSE(is_empty(intersect(iv(closed(q(1)), closed(q(2))), iv(closed(q(2)), closed(q(3))))));
}

TEST_CASE("contains honours strict and closed ends", "[model][interval]") {
  Interval i = iv(open(q(1)), closed(q(3)));  // (1, 3]
  CHECK_FALSE(contains(i, q(1)));
  CHECK(contains(i, q(1) + q(1, 1000000)));
  CHECK(contains(i, q(2)));
  CHECK(contains(i, q(3)));
  CHECK_FALSE(contains(i, q(3) + q(1, 1000000)));
  CHECK_FALSE(contains(i, q(0)));
  Interval j = iv(closed(q(45, 2)), open(q(47, 2)));  // [22.5, 23.5)
  CHECK(contains(j, q(45, 2)));
  CHECK_FALSE(contains(j, q(47, 2)));
  CHECK(contains(Interval{}, q(-1000000)));
  CHECK(contains(iv(std::nullopt, open(q(0))), q(-1)));
  CHECK_FALSE(contains(iv(std::nullopt, open(q(0))), q(0)));
  CHECK(contains(iv(closed(q(0)), std::nullopt), q(0)));
}

TEST_CASE("interval_text spells intervals with their unit", "[model][interval]") {
  Variable count = var("rings", {"Morocco", "2006"}, ValueType::count);
  Variable usd = var("fine_min", {"Morocco"}, ValueType::money, "USD");
  Variable months = var("prison_min", {"Morocco"}, ValueType::duration);
  Variable percent = var("share", {"Morocco", "2006"}, ValueType::ratio);
  Variable rate = var("rate", {"DOC", "MAD", "USD"}, ValueType::ratio);
  Variable date = var("signed", {"Morocco", "X"}, ValueType::date);
  CHECK(interval_text(iv(closed(q(45, 2)), open(q(47, 2))), usd) == "[22.5, 23.5) USD");
  CHECK(interval_text(iv(open(q(350)), std::nullopt), count) == "> 350");
  CHECK(interval_text(iv(closed(q(350)), std::nullopt), count) == ">= 350");
  CHECK(interval_text(iv(std::nullopt, open(q(300))), count) == "< 300");
  CHECK(interval_text(iv(std::nullopt, closed(q(300))), count) == "<= 300");
  CHECK(interval_text(iv(closed(q(7)), closed(q(7))), count) == "= 7");
  CHECK(interval_text(Interval{}, count) == "any value");
  CHECK(interval_text(iv(closed(q(18)), open(q(30))), months) == "[18, 30) months");
  CHECK(interval_text(iv(closed(q(23, 2)), open(q(25, 2))), percent) == "[11.5, 12.5)%");
  CHECK(interval_text(iv(open(q(45, 401)), open(q(47, 399))), rate) == "(0.112219..., 0.117794...) USD per MAD");
  Rational d1 = q(day(2007, 7, 1));
  Rational d31 = q(day(2007, 7, 31));
  CHECK(interval_text(iv(closed(d1), closed(d31)), date) == "2007-07-01..2007-07-31");
  CHECK(interval_text(iv(closed(d1), closed(d1)), date) == "2007-07-01");
  CHECK(interval_text(iv(std::nullopt, closed(d1)), date) == "on or before 2007-07-01");
  CHECK(interval_text(iv(open(d1), std::nullopt), date) == "after 2007-07-01");
}

TEST_CASE("key text names the metric, its arguments and a money key's currency", "[model]") {
  Key k;
  k.name = "trafficking_rings_dismantled";
  k.args = {"Morocco", "2006"};
  CHECK(k.text() == "trafficking_rings_dismantled(Morocco, 2006)");
  k.unit = "MAD";
  CHECK(k.text() == "trafficking_rings_dismantled(Morocco, 2006) [MAD]");
  Key other = k;
  other.unit = "USD";
  CHECK_FALSE(k == other);
  CHECK(k < other);
  Key empty;
  empty.name = "x";
  CHECK(empty.text() == "x()");
}

// ---------------------------------------------------------------- expressions

TEST_CASE("evaluate computes arithmetic and comparisons exactly", "[model][expr]") {
  using Op = Expr::Op;
  Assignment values{{0, Value{q(23)}}, {1, Value{q(14)}}, {2, Value{q(14)}}, {3, Value{q(51)}}};
  Expr sum = Expr::sum({Expr::variable(0), Expr::variable(1), Expr::variable(2)});
  CHECK(evaluate(sum, values) == std::optional<Value>(Value{q(51)}));
  CHECK(evaluate(Expr::binary(Op::eq, sum, Expr::variable(3)), values) == std::optional<Value>(Value{true}));
  values[2] = q(15);
  CHECK(evaluate(Expr::binary(Op::eq, sum, Expr::variable(3)), values) == std::optional<Value>(Value{false}));
  CHECK(evaluate(Expr::binary(Op::gt, sum, Expr::variable(3)), values) == std::optional<Value>(Value{true}));
  CHECK(evaluate(Expr::binary(Op::ne, sum, Expr::variable(3)), values) == std::optional<Value>(Value{true}));
  CHECK(evaluate(Expr::binary(Op::le, sum, Expr::constant(52)), values) == std::optional<Value>(Value{true}));
  CHECK(evaluate(Expr::binary(Op::lt, sum, Expr::constant(52)), values) == std::optional<Value>(Value{false}));
  CHECK(evaluate(Expr::binary(Op::ge, sum, Expr::constant(52)), values) == std::optional<Value>(Value{true}));

  // Scaling by a fraction stays exact: 1/3 * 3 = 1.
  Expr third = Expr::scaled(q(1, 3), Expr::constant(3));
  CHECK(evaluate(third, {}) == std::optional<Value>(Value{q(1)}));
  CHECK(evaluate(Expr::binary(Op::eq, third, Expr::constant(1)), {}) == std::optional<Value>(Value{true}));
  Expr tenth_sum = Expr::sum({Expr::constant(q(1, 10)), Expr::constant(q(2, 10))});
  CHECK(evaluate(Expr::binary(Op::eq, tenth_sum, Expr::constant(q(3, 10))), {}) ==
        std::optional<Value>(Value{true}));
}

TEST_CASE("evaluate handles logic and refuses missing values and mixed sorts", "[model][expr]") {
  using Op = Expr::Op;
  Assignment values{{0, Value{true}}, {1, Value{false}}, {2, Value{q(5)}}};
  Expr t = Expr::variable(0), f = Expr::variable(1), n = Expr::variable(2);
  CHECK(evaluate(Expr::binary(Op::implies, t, f), values) == std::optional<Value>(Value{false}));
  CHECK(evaluate(Expr::binary(Op::implies, f, t), values) == std::optional<Value>(Value{true}));
  CHECK(evaluate(Expr::binary(Op::implies, f, f), values) == std::optional<Value>(Value{true}));
  CHECK(evaluate(Expr::unary(Op::not_, f), values) == std::optional<Value>(Value{true}));
  CHECK(evaluate(Expr::all_of({t, f}), values) == std::optional<Value>(Value{false}));
  CHECK(evaluate(Expr::any_of({t, f}), values) == std::optional<Value>(Value{true}));
  CHECK(evaluate(Expr::all_of({}), values) == std::optional<Value>(Value{true}));
  CHECK(evaluate(Expr::any_of({}), values) == std::optional<Value>(Value{false}));
  CHECK(evaluate(Expr::binary(Op::eq, t, f), values) == std::optional<Value>(Value{false}));
  CHECK(evaluate(Expr::binary(Op::ne, t, f), values) == std::optional<Value>(Value{true}));

  // A variable without a value, a truth value in arithmetic, or an ordering of truth values.
  CHECK_FALSE(evaluate(Expr::variable(9), values));
  CHECK_FALSE(evaluate(Expr::binary(Op::le, Expr::variable(9), n), values));
  CHECK_FALSE(evaluate(Expr::sum({t, n}), values));
  CHECK_FALSE(evaluate(Expr::binary(Op::eq, t, n), values));
  CHECK_FALSE(evaluate(Expr::binary(Op::lt, t, f), values));
  CHECK_FALSE(evaluate(Expr::unary(Op::not_, n), values));
  CHECK_FALSE(evaluate(Expr::all_of({t, n}), values));
}

TEST_CASE("within turns an interval into bounds with strictness", "[model][expr]") {
  using Op = Expr::Op;
  Expr e = within(0, iv(closed(q(45, 2)), open(q(47, 2))));
  REQUIRE(e.op == Op::and_);
  REQUIRE(e.kids.size() == 2);
  CHECK(e.kids[0].op == Op::ge);
  CHECK(e.kids[1].op == Op::lt);
  CHECK(evaluate(e, {{0, Value{q(45, 2)}}}) == std::optional<Value>(Value{true}));
  CHECK(evaluate(e, {{0, Value{q(47, 2)}}}) == std::optional<Value>(Value{false}));
  Expr lower = within(0, iv(open(q(350)), std::nullopt));
  CHECK(lower.op == Op::gt);
  CHECK(evaluate(lower, {{0, Value{q(350)}}}) == std::optional<Value>(Value{false}));
  CHECK(evaluate(lower, {{0, Value{q(351)}}}) == std::optional<Value>(Value{true}));
  Expr none = within(0, Interval{});
  CHECK(none.op == Op::truth);
  CHECK(none.truth);
}

TEST_CASE("collect_vars lists each variable once, sorted", "[model][expr]") {
  using Op = Expr::Op;
  Expr e = Expr::binary(Op::le, Expr::sum({Expr::variable(4), Expr::variable(1), Expr::variable(4)}),
                        Expr::scaled(2, Expr::variable(0)));
  std::vector<int> out;
  collect_vars(e, out);
  CHECK(out == std::vector<int>{0, 1, 4});
}

TEST_CASE("render writes rules readably", "[model][expr]") {
  using Op = Expr::Op;
  std::vector<Variable> vars{var("decided", {"Morocco", "2017"}, ValueType::count),
                             var("on_trial", {"Morocco", "2017"}, ValueType::count),
                             var("cases", {"Morocco", "2017"}, ValueType::count),
                             var("orchestrated", {"Polisario"}, ValueType::boolean),
                             var("involved", {"Polisario"}, ValueType::boolean),
                             var("signed", {"Morocco", "X"}, ValueType::date),
                             var("fine_min", {"Morocco"}, ValueType::money, "MAD")};
  Expr parts = Expr::binary(Op::eq, Expr::sum({Expr::variable(0), Expr::variable(1)}), Expr::variable(2));
  CHECK(render(parts, vars) == "decided(Morocco, 2017) + on_trial(Morocco, 2017) = cases(Morocco, 2017)");

  Expr minus = Expr::binary(Op::le, Expr::sum({Expr::variable(2), Expr::scaled(-1, Expr::variable(0))}),
                            Expr::constant(10));
  CHECK(render(minus, vars) == "cases(Morocco, 2017) - decided(Morocco, 2017) <= 10");
  Expr minus_two = Expr::binary(Op::ge, Expr::sum({Expr::variable(2), Expr::scaled(-2, Expr::variable(0))}),
                                Expr::constant(q(1, 2)));
  CHECK(render(minus_two, vars) == "cases(Morocco, 2017) - 2 * decided(Morocco, 2017) >= 0.5");
  CHECK(render(Expr::scaled(-1, Expr::variable(0)), vars) == "-decided(Morocco, 2017)");
  Expr pair = Expr::sum({Expr::variable(0), Expr::variable(1)});
  CHECK(render(Expr::scaled(2, pair), vars) == "2 * (decided(Morocco, 2017) + on_trial(Morocco, 2017))");
  CHECK(render(Expr::sum({Expr::variable(2), Expr::scaled(-2, pair)}), vars) ==
        "cases(Morocco, 2017) - 2 * (decided(Morocco, 2017) + on_trial(Morocco, 2017))");
  CHECK(render(Expr::sum({Expr::variable(2), Expr::scaled(-1, pair)}), vars) ==
        "cases(Morocco, 2017) - (decided(Morocco, 2017) + on_trial(Morocco, 2017))");
  CHECK(render(Expr::sum({Expr::scaled(-1, Expr::variable(0)), Expr::variable(2)}), vars) ==
        "-decided(Morocco, 2017) + cases(Morocco, 2017)");

  Expr implication = Expr::binary(Op::implies, Expr::variable(3), Expr::variable(4));
  CHECK(render(implication, vars) == "orchestrated(Polisario) -> involved(Polisario)");
  Expr negated = Expr::unary(Op::not_, Expr::all_of({Expr::variable(3), Expr::variable(4)}));
  CHECK(render(negated, vars) == "not (orchestrated(Polisario) and involved(Polisario))");
  Expr mixed = Expr::any_of({Expr::all_of({Expr::variable(3), Expr::variable(4)}), Expr::variable(4)});
  // "and" binds tighter than "or": no parentheses needed.
  CHECK(render(mixed, vars) == "orchestrated(Polisario) and involved(Polisario) or involved(Polisario)");
  Expr grouped = Expr::all_of({Expr::any_of({Expr::variable(3), Expr::variable(4)}), Expr::variable(4)});
  CHECK(render(grouped, vars) == "(orchestrated(Polisario) or involved(Polisario)) and involved(Polisario)");

  // A day number compared with a date reads as a date.
  Expr before = Expr::binary(Op::le, Expr::variable(5), Expr::constant(Rational(day(2007, 3, 7))));
  CHECK(render(before, vars) == "signed(Morocco, X) <= 2007-03-07");
  CHECK(render(Expr::binary(Op::le, Expr::variable(6), Expr::constant(q(5000))), vars) ==
        "fine_min(Morocco) [MAD] <= 5,000");
}

TEST_CASE("render can show values instead of keys", "[model][expr]") {
  using Op = Expr::Op;
  std::vector<Variable> vars{var("decided", {"Morocco", "2017"}, ValueType::count),
                             var("cases", {"Morocco", "2017"}, ValueType::count),
                             var("signed", {"Morocco", "X"}, ValueType::date),
                             var("fine_min", {"Morocco"}, ValueType::money, "MAD"),
                             var("prison_min", {"Morocco"}, ValueType::duration),
                             var("share", {"Morocco", "2006"}, ValueType::ratio),
                             var("involved", {"Polisario"}, ValueType::boolean)};
  Assignment values{{0, Value{q(23)}},
                    {1, Value{q(51)}},
                    {2, Value{Rational(day(2006, 8, 15))}},
                    {3, Value{q(401, 2)}},
                    {4, Value{q(18)}},
                    {5, Value{q(25, 2)}},
                    {6, Value{false}}};
  Expr e = Expr::binary(Op::le, Expr::variable(0), Expr::variable(1));
  CHECK(render(e, vars, values_text(vars, values)) == "23 <= 51");
  CHECK(render_value(vars[2], values[2]) == "2006-08-15");
  CHECK(render_value(vars[3], values[3]) == "200.5 MAD");
  CHECK(render_value(vars[4], values[4]) == "18 months");
  CHECK(render_value(vars[5], values[5]) == "12.5%");
  CHECK(render_value(vars[6], values[6]) == "false");
  // Variables the text function does not know keep their key.
  Assignment partial{{0, Value{q(23)}}};
  CHECK(render(e, vars, values_text(vars, partial)) == "23 <= cases(Morocco, 2017)");
}

TEST_CASE("diagnostics cut long lines to a window around the column", "[model][diagnostics]") {
  Diagnostics d;
  d.add_source("f.yaml", "x: " + std::string(300, 'a') + "BAD" + std::string(300, 'b') + "\n");
  d.error({"f.yaml", 1, 304}, "here");
  // 80 bytes either side of the column (index 303): 79 a's, BAD, 78 b's.
  std::string expected = "f.yaml:1:304: error: here\n    ..." + std::string(79, 'a') + "BAD" + std::string(78, 'b') +
                         "...\n    " + std::string(3 + 79, ' ') + "^\n1 error; nothing was checked\n";
  CHECK(d.render() == expected);
}

TEST_CASE("diagnostics show control bytes and broken UTF-8 as '?', keeping good UTF-8", "[model][diagnostics]") {
  Diagnostics d;
  d.add_source("f.yaml", std::string("t: caf\xC3\xA9 \x01 \xFF end\n"));
  d.error({"f.yaml", 1, 1}, "here");
  CHECK(d.render() == "f.yaml:1:1: error: here\n    t: caf\xC3\xA9 ? ? end\n    ^\n1 error; nothing was checked\n");
}

TEST_CASE("diagnostics print the first 100 errors and count them all", "[model][diagnostics]") {
  Diagnostics d;
  for (int i = 1; i <= 150; ++i) d.error({"f.yaml", i, 1}, "e");
  std::string out = d.render();
  CHECK(out.find("f.yaml:100:1: error: e\n") != std::string::npos);
  CHECK(out.find("f.yaml:101:1") == std::string::npos);
  CHECK(out.rfind("... and 50 more errors\n150 errors; nothing was checked\n") ==
        out.size() - std::string("... and 50 more errors\n150 errors; nothing was checked\n").size());
}

TEST_CASE("prefault makes a large range present on the threads and changes none of its bytes", "[parallel]") {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE)), length = std::size_t{40} << 20;
  void* mapped = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(mapped != MAP_FAILED);
  madvise(mapped, length, MADV_NOHUGEPAGE);  // pages one by one, so that the edges show
  auto* bytes = static_cast<unsigned char*>(mapped);
  auto resident = [&](std::size_t from_page, std::size_t to_page) {
    std::vector<unsigned char> in(to_page - from_page);
    REQUIRE(mincore(bytes + from_page * page, (to_page - from_page) * page, in.data()) == 0);
    return std::count_if(in.begin(), in.end(), [](unsigned char c) { return c & 1; });
  };
  bytes[3 * page + 7] = 42;  // written before: kept
  // From the middle of page 3 to the middle of page 3 + 2,560: whole pages 3 to 2,563 come in.
  std::size_t asked = 2560 * page;
  CHECK(prefault(bytes + 3 * page + 100, asked, 1) == 0);  // one thread: nothing to share
  CHECK(prefault(bytes + 3 * page + 100, (std::size_t{8} << 20) - 1, 2) == 0);  // under 8 MiB
  CHECK(resident(4, 2564) == 0);
  bool supported = madvise(bytes + (length - page), page, 23 /* MADV_POPULATE_WRITE */) == 0;
  std::size_t present = prefault(bytes + 3 * page + 100, asked, 2);
  if (supported) {
    CHECK(present == 2561 * page);
    CHECK(resident(3, 2564) == 2561);
    CHECK(resident(2564, 2600) == 0);
  } else {
    WARN("this kernel has no MADV_POPULATE_WRITE: prefault leaves pages alone");
    CHECK(present == 0);
  }
  CHECK(bytes[3 * page + 7] == 42);
  CHECK(std::all_of(bytes + 4 * page, bytes + 2564 * page, [](unsigned char c) { return c == 0; }));
  munmap(mapped, length);
}

TEST_CASE("for_each_index visits every index once on any thread count and rethrows the first error", "[parallel]") {
  for (unsigned threads : {0u, 1u, 2u, 8u}) {
    INFO(threads << " threads");
    std::vector<int> visits(1000, 0);
    for_each_index(visits.size(), threads, [&](std::size_t k) { ++visits[k]; });
    CHECK(std::count(visits.begin(), visits.end(), 1) == 1000);
    for_each_index(0, threads, [&](std::size_t) { FAIL("no index to visit"); });
    std::atomic<int> calls{0};
    std::atomic<bool> failing{false};
    // The items after 3 wait until item 3 is failing and then take a millisecond, so that the
    // failure is seen before they are all done however the threads are scheduled (under a
    // sanitizer on 2 cores, a thread holding item 3 was once descheduled while the others
    // finished all 1,000).
    CHECK_THROWS_WITH(for_each_index(1000, threads,
                                     [&](std::size_t k) {
                                       ++calls;
                                       if (k == 3) {
                                         failing = true;
                                         throw std::runtime_error("item 3 failed");
                                       }
                                       if (k > 3) {
                                         for (int waited = 0; !failing && waited < 10000; ++waited)
                                           std::this_thread::sleep_for(std::chrono::milliseconds(1));
                                         std::this_thread::sleep_for(std::chrono::milliseconds(1));
                                       }
                                     }),
                      "item 3 failed");
    CHECK(calls.load() < 1000);  // the others stop once one has failed
  }
}

TEST_CASE("a serial worker runs its tasks in order, holds at most so many waiting, and stops at the first error",
          "[parallel]") {
  for (bool own_thread : {false, true}) {
    INFO((own_thread ? "own thread" : "the poster's thread"));
    std::vector<int> ran;
    SerialWorker worker(own_thread, 2);
    for (int k = 0; k < 200; ++k) worker.post([&ran, k] { ran.push_back(k); });
    worker.finish();
    std::vector<int> expected(200);
    std::iota(expected.begin(), expected.end(), 0);
    CHECK(ran == expected);
    CHECK_FALSE(worker.failed());

    ran.clear();
    worker.post([&] { ran.push_back(1); });
    worker.post([] { throw std::runtime_error("task 2 failed"); });
    worker.post([&] { ran.push_back(3); });
    CHECK_THROWS_WITH(worker.finish(), "task 2 failed");
    CHECK(worker.failed());
    CHECK(ran == std::vector<int>{1});  // the task after the failing one was dropped
  }

  // With its own thread, post() waits while `most_waiting` tasks wait: the first task holds the
  // worker, two more wait, and the fourth post returns only once the first has been let go.
  SerialWorker worker(true, 2);
  std::mutex mutex;
  std::condition_variable changed;
  bool started = false, release = false;
  worker.post([&] {
    std::unique_lock<std::mutex> lock(mutex);
    started = true;
    changed.notify_all();
    changed.wait(lock, [&] { return release; });
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return started; });
  }
  worker.post([] {});
  worker.post([] {});
  std::atomic<bool> fourth_posted{false};
  std::thread poster([&] {
    worker.post([] {});
    fourth_posted = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(fourth_posted.load());
  {
    std::lock_guard<std::mutex> lock(mutex);
    release = true;
  }
  changed.notify_all();
  poster.join();
  CHECK(fourth_posted.load());
  worker.finish();
}

TEST_CASE("a claim's extras are made on first write and copied with the claim", "[model]") {
  RawClaim bare;
  CHECK_FALSE(bare.extras);
  CHECK(bare.extras.get().note.empty());
  CHECK(bare.extras.get().related.empty());
  CHECK_FALSE(bare.extras);  // reading made nothing

  RawClaim noted = bare;
  noted.extras.set().note = "checked against the annex";
  noted.extras.set().related = {"a1"};
  CHECK(noted.extras);
  RawClaim copy = noted;
  copy.extras.set().note = "changed in the copy";
  CHECK(noted.extras.get().note == "checked against the annex");
  CHECK(copy.extras.get().related == std::vector<std::string>{"a1"});
  RawClaim moved = std::move(copy);
  CHECK(moved.extras.get().note == "changed in the copy");
  noted = bare;
  CHECK_FALSE(noted.extras);
}

TEST_CASE("parse_decimal reads numbers of any length exactly, short ones in one machine word", "[model]") {
  auto exact = [](const char* digits, int decimals) {
    return Rational(Integer(digits), numerator(pow10(decimals)));
  };
  CHECK(parse_decimal("644") == Rational(644));
  CHECK(parse_decimal("0.45") == Rational(9, 20));
  CHECK(parse_decimal("-12.50") == Rational(-25, 2));
  CHECK(parse_decimal("999999999999999999") == exact("999999999999999999", 0));      // 18 digits: one word
  CHECK(parse_decimal("1000000000000000000") == exact("1000000000000000000", 0));    // 19: spills once
  CHECK(parse_decimal("123456789012345678901234.5678") == exact("1234567890123456789012345678", 4));
  CHECK(parse_decimal("-0.000000000000000000000000001") == -exact("1", 27));
  CHECK(parse_decimal(std::string(400, '9')) == exact(std::string(400, '9').c_str(), 0));
  CHECK_FALSE(parse_decimal("1.2.3"));
  CHECK_FALSE(parse_decimal("."));
  CHECK(pow10(19) == Rational(Integer("10000000000000000000")));
  CHECK(pow10(20) == Rational(Integer("100000000000000000000")));
  CHECK(pow10(-21) == Rational(Integer(1), Integer("1000000000000000000000")));
  CHECK(pow10(0) == Rational(1));
}
