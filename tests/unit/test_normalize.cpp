// normalize/: fact texts to typed atoms with exact intervals, and the errors bad facts give.
// Every fact is read against a document DOC published 2007-03-07. In the claim-set file the
// fact text starts at line 11, column 12; a `value:` text given as the first extra field at
// line 12, column 13.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "load/loaders.hpp"
#include "normalize/normalize.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {

const char* kPack = R"(pack: normalize-tests
entities:
  Spain:
    name: Kingdom of Spain
    class: country
  Palermo_Protocol:
    name: Palermo Protocol
    class: treaty
metrics:
  rings:
    type: count
    args: [entity, period]
    aliases: [networks]
  share:
    type: ratio
    args: [entity, period]
  budget:
    type: money
    args: [entity, period]
  migrants:
    type: stock
    args: [entity]
  opened:
    type: date
    args: [entity]
predicates:
  involved:
    args: [entity, period]
)";

Rational q(long long num, long long den = 1) { return Rational(Integer(num), Integer(den)); }
Bound closed(Rational v) { return Bound{std::move(v), false}; }
Bound open(Rational v) { return Bound{std::move(v), true}; }
Interval iv(std::optional<Bound> lo, std::optional<Bound> hi) { return Interval{std::move(lo), std::move(hi)}; }
Rational day(int y, int m, int d) { return Rational(to_day_number(Date{y, m, d})); }
Interval days(int y1, int m1, int d1, int y2, int m2, int d2) {
  return iv(closed(day(y1, m1, d1)), closed(day(y2, m2, d2)));
}

std::vector<Atom> atoms(const std::string& fact, const std::string& extra_fields = "") {
  FactResult r = read_one_fact(fact, kPack, extra_fields);
  INFO(r.error);
  REQUIRE(r.error.empty());
  return r.atoms;
}

Atom atom(const std::string& fact, const std::string& extra_fields = "") {
  auto all = atoms(fact, extra_fields);
  REQUIRE(all.size() == 1);
  return all[0];
}

Interval interval(const std::string& fact, const std::string& extra_fields = "") {
  return atom(fact, extra_fields).interval;
}

// The first error line, with the temporary directory cut from its path.
std::string error(const std::string& fact, const std::string& extra_fields = "") {
  FactResult r = read_one_fact(fact, kPack, extra_fields);
  REQUIRE_FALSE(r.error.empty());
  return first_line(without_temp_dirs(r.error));
}

// "claims/set.yaml:11:C: error: " for the column of `needle` inside the fact text.
std::string at_fact(const std::string& fact, const std::string& needle, std::size_t skip = 0) {
  std::size_t offset = fact.find(needle);
  for (std::size_t k = 0; k < skip; ++k) offset = fact.find(needle, offset + 1);
  REQUIRE(offset != std::string::npos);
  return "claims/set.yaml:11:" + std::to_string(12 + offset) + ": error: ";
}

// The first error line, or "" when the fact reads fine.
std::string error_or_empty(const std::string& fact) {
  FactResult r = read_one_fact(fact, kPack);
  return first_line(without_temp_dirs(r.error));
}

std::string value_field(const std::string& text) { return "    value: \"" + text + "\"\n"; }

std::string at_value(const std::string& value, const std::string& needle) {
  std::size_t offset = value.find(needle);
  REQUIRE(offset != std::string::npos);
  return "claims/set.yaml:12:" + std::to_string(13 + offset) + ": error: ";
}

}  // namespace

// ---------------------------------------------------------------- quantities

TEST_CASE("a quantity with '=' means everything that rounds to the stated number", "[normalize][quantity]") {
  Atom a = atom("rings(Morocco, 2006) = 350");
  CHECK(a.kind == AtomKind::quantity);
  CHECK(a.type == ValueType::count);
  CHECK(a.key.text() == "rings(Morocco, 2006)");
  CHECK(a.key.name == "rings");
  CHECK(a.key.args == std::vector<std::string>{"Morocco", "2006"});
  REQUIRE(a.key.periods.size() == 2);
  CHECK_FALSE(a.key.periods[0]);
  REQUIRE(a.key.periods[1]);
  CHECK(*a.key.periods[1] == year_period(2006));
  CHECK(a.key.unit.empty());
  CHECK(a.interval == iv(closed(q(699, 2)), open(q(701, 2))));
  CHECK(a.wording == "350");
  CHECK(a.loc.line == 11);
  CHECK(a.loc.col == 12);
}

TEST_CASE("how a figure was read is said only for the explain subcommand", "[normalize][reading]") {
  TempDir dir;
  CheckRequest request = request_in(
      dir, {{"set.yaml", claim_set(claim("a", "rings(Morocco, 2006) = 350") + claim("b", "rings(Morocco, 2007) > 3.5 thousand"))}},
      kPack);
  CheckRun checked = run_check(request);
  request.readings = true;
  CheckRun explained = run_check(request);
  INFO(checked.diagnostics.render());
  REQUIRE(checked.ok());
  REQUIRE(explained.ok());
  REQUIRE(checked.result.claims.size() == 2);
  REQUIRE(explained.result.claims.size() == 2);
  for (std::size_t c = 0; c < 2; ++c) {
    REQUIRE(checked.result.claims[c].atoms.size() == 1);
    REQUIRE(explained.result.claims[c].atoms.size() == 1);
    CHECK(checked.result.claims[c].atoms[0].reading.get().empty());
    CHECK(checked.result.claims[c].atoms[0].interval == explained.result.claims[c].atoms[0].interval);
  }
  CHECK(explained.result.claims[0].atoms[0].reading.get() == "a stated number covers what rounds to it: to the nearest 1");
  CHECK(explained.result.claims[1].atoms[0].reading.get() == "an exact bound");
}

TEST_CASE("quantities with each comparison operator", "[normalize][quantity]") {
  CHECK(interval("rings(Morocco, 2006) = 4500-6000") == iv(closed(q(4500)), closed(q(6000))));
  CHECK(atom("rings(Morocco, 2006) = 4500-6000").wording == "4500-6000");
  CHECK(interval("fine_min(Morocco) = 2000-5000 dirhams") == iv(closed(q(2000)), closed(q(5000))));
  CHECK(interval("rings(Morocco, 2006) < 350") == iv(std::nullopt, open(q(350))));
  CHECK(interval("rings(Morocco, 2006) <= 350") == iv(std::nullopt, closed(q(350))));
  CHECK(interval("rings(Morocco, 2006) > 350") == iv(open(q(350)), std::nullopt));
  CHECK(interval("rings(Morocco, 2006) >= 350") == iv(closed(q(350)), std::nullopt));
  CHECK(interval("rings(Morocco, 2006) ~ 10,000") == iv(closed(q(9000)), closed(q(11000))));
  CHECK(interval("rings(Morocco, 2006) in 4500..6000") == iv(closed(q(4500)), closed(q(6000))));
  CHECK(interval("rings(Morocco, 2006) in 4,500 .. 6,000") == iv(closed(q(4500)), closed(q(6000))));
  CHECK(atom("rings(Morocco, 2006) > 350").wording == "> 350");
  CHECK(atom("rings(Morocco, 2006) <= 350").wording == "<= 350");
  CHECK(atom("rings(Morocco, 2006) ~ 10,000").wording == "~ 10,000");
  CHECK(atom("rings(Morocco, 2006) in 4500..6000").wording == "in 4500..6000");
  CHECK(atom("rings(Morocco, 2006) = more than 350").wording == "more than 350");
}

TEST_CASE("rounding intervals follow the stated precision", "[normalize][rounding]") {
  CHECK(interval("fine_min(Morocco) = 23 USD") == iv(closed(q(45, 2)), open(q(47, 2))));
  CHECK(interval("fine_min(Morocco) = 86 million USD") == iv(closed(q(85500000)), open(q(86500000))));
  CHECK(interval("fine_min(Morocco) = 1.25 million USD") == iv(closed(q(1245000)), open(q(1255000))));
  CHECK(interval("fine_min(Morocco) = 3 thousand MAD") == iv(closed(q(2500)), open(q(3500))));
  CHECK(interval("fine_min(Morocco) = 2 billion MAD") == iv(closed(q(1500000000)), open(q(2500000000LL))));
  CHECK(interval("share(Morocco, 2006) = 0.5%") == iv(closed(q(45, 100)), open(q(55, 100))));
  CHECK(interval("share(Morocco, 2006) = 0.50%") == iv(closed(q(495, 1000)), open(q(505, 1000))));
  CHECK(interval("rings(Morocco, 2006) = 59,260") == iv(closed(q(118519, 2)), open(q(118521, 2))));
  CHECK(interval("rings(Morocco, 2006) = 10,000") == iv(closed(q(19999, 2)), open(q(20001, 2))));
  CHECK(interval("rings(Morocco, 2006) = 0") == iv(closed(q(-1, 2)), open(q(1, 2))));
  CHECK(interval("share(Morocco, 2006) = -62%") == iv(closed(q(-125, 2)), open(q(-123, 2))));
}

TEST_CASE("every qualifier of the shipped table maps to its interval", "[normalize][qualifier]") {
  struct Row {
    std::string words;
    Interval expected;
  };
  Interval more = iv(open(q(400)), std::nullopt);
  Interval at_least = iv(closed(q(400)), std::nullopt);
  Interval nearly = iv(closed(q(360)), open(q(400)));
  Interval about = iv(closed(q(360)), closed(q(440)));
  Interval up_to = iv(std::nullopt, closed(q(400)));
  Interval under = iv(std::nullopt, open(q(400)));
  std::vector<Row> rows{
      {"more than", more},         {"over", more},          {"in excess of", more},
      {"at least", at_least},      {"no fewer than", at_least}, {"no less than", at_least},
      {"a minimum of", at_least},  {"nearly", nearly},      {"almost", nearly},
      {"close to", nearly},        {"just under", nearly},  {"about", about},
      {"approximately", about},    {"roughly", about},      {"around", about},
      {"some", about},             {"an estimated", about}, {"estimated", about},
      {"up to", up_to},            {"at most", up_to},      {"no more than", up_to},
      {"a maximum of", up_to},     {"under", under},        {"less than", under},
      {"fewer than", under},       {"below", under},
  };
  for (const auto& row : rows) {
    std::string fact = "rings(Morocco, 2006) = " + row.words + " 400";
    INFO(fact);
    Atom a = atom(fact);
    CHECK(a.interval == row.expected);
    CHECK(a.wording == row.words + " 400");
  }
  // Qualifier words are case-insensitive.
  CHECK(interval("rings(Morocco, 2006) = More Than 400") == more);
}

TEST_CASE("qualifier tolerances are relative to the number's magnitude", "[normalize][qualifier]") {
  CHECK(interval("share(Morocco, 2006) = about -62%") == iv(closed(q(-341, 5)), closed(q(-279, 5))));
  CHECK(interval("share(Morocco, 2006) = nearly -50%") == iv(closed(q(-55)), open(q(-50))));
  CHECK(interval("fine_min(Morocco) = about 86 million USD") == iv(closed(q(77400000)), closed(q(94600000))));
  CHECK(interval("rings(Morocco, 2006) = roughly 10,000") == iv(closed(q(9000)), closed(q(11000))));
  CHECK(interval("prison_min(Morocco) = about 2 years") == iv(closed(q(108, 5)), closed(q(132, 5))));
}

TEST_CASE("a qualifier goes with '=' only", "[normalize][qualifier]") {
  std::string fact = "rings(Morocco, 2006) < about 400";
  CHECK(error(fact) == at_fact(fact, "about") + "a qualifier word goes with '=' only ('= more than 350')");
  std::string fact2 = "rings(Morocco, 2006) >= more than 400";
  CHECK(error(fact2) == at_fact(fact2, "more") + "a qualifier word goes with '=' only ('= more than 350')");
}

// ---------------------------------------------------------------- units

TEST_CASE("units and their aliases", "[normalize][unit]") {
  Atom usd = atom("fine_min(Morocco) = $23");
  CHECK(usd.key.text() == "fine_min(Morocco) [USD]");
  CHECK(usd.key.unit == "USD");
  CHECK(usd.interval == iv(closed(q(45, 2)), open(q(47, 2))));
  CHECK(atom("fine_min(Morocco) = 23 dollars").key.unit == "USD");
  CHECK(atom("fine_min(Morocco) = USD 23").key.unit == "USD");
  CHECK(atom("fine_min(Morocco) = 23 us_dollars").key.unit == "USD");
  CHECK(atom("fine_min(Morocco) = 200 dirhams").key.text() == "fine_min(Morocco) [MAD]");
  CHECK(atom("fine_min(Morocco) = 200 DH").key.unit == "MAD");
  CHECK(atom("fine_min(Morocco) = 20 euros").key.unit == "EUR");
  // Percentages carry no unit in the key: only money keys do.
  Atom share = atom("share(Morocco, 2006) = 12 percent");
  CHECK(share.key.text() == "share(Morocco, 2006)");
  CHECK(share.interval == iv(closed(q(23, 2)), open(q(25, 2))));
  CHECK(interval("share(Morocco, 2006) = 12 %") == iv(closed(q(23, 2)), open(q(25, 2))));
  CHECK(interval("fine_min(Morocco) in 200..5000 MAD") == iv(closed(q(200)), closed(q(5000))));
  CHECK(atom("fine_min(Morocco) in 200..5000 MAD").key.unit == "MAD");
  CHECK(atom("fine_min(Morocco) in 200 MAD..5000").key.unit == "MAD");
  CHECK(atom("migrants(Spain) = 12").type == ValueType::stock);
}

TEST_CASE("durations are compared in months, a year is 12 months", "[normalize][unit]") {
  Atom two_years = atom("prison_min(Morocco) = 2 years");
  CHECK(two_years.type == ValueType::duration);
  CHECK(two_years.key.text() == "prison_min(Morocco)");
  CHECK(two_years.interval == iv(closed(q(18)), open(q(30))));
  CHECK(interval("prison_min(Morocco) = 1 year") == iv(closed(q(6)), open(q(18))));
  CHECK(interval("prison_min(Morocco) = 1.5 years") == iv(closed(q(87, 5)), open(q(93, 5))));
  CHECK(interval("prison_min(Morocco) = 6 months") == iv(closed(q(11, 2)), open(q(13, 2))));
  CHECK(interval("prison_min(Morocco) = 1 month") == iv(closed(q(1, 2)), open(q(3, 2))));
  CHECK(interval("prison_min(Morocco) >= 1 year") == iv(closed(q(12)), std::nullopt));
  CHECK(interval("prison_min(Morocco) < 3 years") == iv(std::nullopt, open(q(36))));
  CHECK(interval("prison_max(Morocco) in 1..5 years") == iv(closed(q(12)), closed(q(60))));
  CHECK(interval("prison_max(Morocco) in 6..18 months") == iv(closed(q(6)), closed(q(18))));
}

TEST_CASE("a duration range may mix months and years", "[normalize][unit]") {
  // Durations compare in months, and penal codes write "six months to one year".
  CHECK(error_or_empty("prison_max(Morocco) in 6 months..1 year") == "");
  CHECK(interval("prison_max(Morocco) in 6 months..1 year") == iv(closed(q(6)), closed(q(12))));
  CHECK(interval("prison_max(Morocco) in 1 year..30 months") == iv(closed(q(12)), closed(q(30))));
}

TEST_CASE("a unit that does not fit the metric is an error", "[normalize][unit]") {
  std::string count_usd = "rings(Morocco, 2006) = 5 USD";
  CHECK(error(count_usd) == at_fact(count_usd, "5") + "metric 'rings' is of type count and takes no unit, found 'USD'");
  std::string count_usd_first = "rings(Morocco, 2006) = USD 5";
  CHECK(error(count_usd_first) ==
        at_fact(count_usd_first, "USD") + "metric 'rings' is of type count and takes no unit, found 'USD'");
  std::string money = "fine_min(Morocco) = 200";
  CHECK(error(money) == at_fact(money, "200") + "metric 'fine_min' is of type money and takes a currency, found no unit");
  std::string duration = "prison_min(Morocco) = 200 MAD";
  CHECK(error(duration) == at_fact(duration, "200") +
                               "metric 'prison_min' is of type duration and takes a duration (months or years), found 'MAD'");
  std::string ratio = "share(Morocco, 2006) = 12";
  CHECK(error(ratio) == at_fact(ratio, "12") + "metric 'share' is of type ratio and takes a percentage, found no unit");
  std::string stock = "migrants(Spain) = 12%";
  CHECK(error(stock) == at_fact(stock, "12") + "metric 'migrants' is of type stock and takes no unit, found 'percent'");
  std::string range = "fine_min(Morocco) in 200 MAD..50 USD";
  CHECK(error(range) == at_fact(range, "50") + "range ends in different units, 'MAD' and 'USD'");
  std::string two = "fine_min(Morocco) = USD 200 MAD";
  CHECK(error(two) == at_fact(two, "MAD") + "amount has two units, 'USD' and 'MAD'");
}

TEST_CASE("an unknown unit is named, with a suggestion when one is close", "[normalize][unit]") {
  std::string mad = "fine_min(Morocco) = 200 MAX";
  CHECK(error(mad) == at_fact(mad, "MAX") + "unknown unit 'MAX' (did you mean 'MAD'?)");
  std::string dollars = "fine_min(Morocco) = 200 dolars";
  CHECK(error(dollars) == at_fact(dollars, "dolars") + "unknown unit 'dolars' (did you mean 'dollars'?)");
  std::string apples = "rings(Morocco, 2006) = 350 apples";
  CHECK(error(apples) == at_fact(apples, "apples") + "unknown unit 'apples'");
  std::string before = "rings(Morocco, 2006) = yeers 350";
  CHECK(error(before) == at_fact(before, "yeers") + "expected a number or a unit, found 'yeers' (did you mean 'years'?)");
}

// ---------------------------------------------------------------- two currencies and rates

TEST_CASE("an amount in two currencies pins the document's exchange rate", "[normalize][rate]") {
  auto all = atoms("fine_min(Morocco) = 200 MAD = 23 USD");
  REQUIRE(all.size() == 2);
  const Atom& amount = all[0];
  CHECK(amount.kind == AtomKind::quantity);
  CHECK(amount.key.text() == "fine_min(Morocco) [MAD]");
  CHECK(amount.interval == iv(closed(q(399, 2)), open(q(401, 2))));
  const Atom& rate = all[1];
  CHECK(rate.kind == AtomKind::rate);
  CHECK(rate.type == ValueType::ratio);
  CHECK(rate.key.text() == "rate(DOC, MAD, USD)");
  CHECK(rate.key.unit.empty());
  // USD per MAD lies strictly between 22.5 / 200.5 and 23.5 / 199.5.
  CHECK(rate.interval == iv(open(Rational(q(45, 2) / q(401, 2))), open(Rational(q(47, 2) / q(399, 2)))));
  CHECK(rate.interval == iv(open(q(45, 401)), open(q(47, 399))));
}

TEST_CASE("the rate does not depend on which currency comes first", "[normalize][rate]") {
  auto all = atoms("fine_min(Morocco) = 23 USD = 200 MAD");
  REQUIRE(all.size() == 2);
  CHECK(all[0].key.text() == "fine_min(Morocco) [USD]");
  CHECK(all[0].interval == iv(closed(q(45, 2)), open(q(47, 2))));
  CHECK(all[1].key.text() == "rate(DOC, MAD, USD)");
  CHECK(all[1].interval == iv(open(q(45, 401)), open(q(47, 399))));
}

TEST_CASE("three currencies give two rates, each in alphabetical order", "[normalize][rate]") {
  auto all = atoms("fine_min(Morocco) = 200 MAD = 23 USD = 20 EUR");
  REQUIRE(all.size() == 3);
  CHECK(all[1].key.text() == "rate(DOC, MAD, USD)");
  CHECK(all[1].interval == iv(open(q(45, 401)), open(q(47, 399))));
  // MAD per EUR: (199.5 / 20.5, 200.5 / 19.5).
  CHECK(all[2].key.text() == "rate(DOC, EUR, MAD)");
  CHECK(all[2].interval == iv(open(q(399, 41)), open(q(401, 39))));
}

TEST_CASE("a qualified amount in two currencies widens the value, not the rate", "[normalize][rate]") {
  auto all = atoms("fine_min(Morocco) = about 200 MAD = 23 USD");
  REQUIRE(all.size() == 2);
  CHECK(all[0].interval == iv(closed(q(180)), closed(q(220))));
  // The conversion is between the figures as stated: (22.5 / 200.5, 23.5 / 199.5).
  CHECK(all[1].interval == iv(open(q(45, 401)), open(q(47, 399))));
}

TEST_CASE("a stated rate", "[normalize][rate]") {
  Atom roughly = atom("rate roughly 10 MAD = 1 USD");
  CHECK(roughly.kind == AtomKind::rate);
  CHECK(roughly.type == ValueType::ratio);
  CHECK(roughly.key.text() == "rate(DOC, MAD, USD)");
  CHECK(roughly.interval == iv(closed(q(9, 100)), closed(q(11, 100))));
  CHECK(roughly.wording == "rate roughly 10 MAD = 1 USD");
  CHECK(interval("rate roughly 1 USD = 10 MAD") == iv(closed(q(9, 100)), closed(q(11, 100))));
  CHECK(interval("rate about 1 EUR = 11 MAD") == iv(closed(q(99, 10)), closed(q(121, 10))));
  CHECK(atom("rate about 1 EUR = 11 MAD").key.text() == "rate(DOC, EUR, MAD)");
}

TEST_CASE("conversions need two different currencies and positive amounts", "[normalize][rate]") {
  std::string same = "fine_min(Morocco) = 200 MAD = 23 MAD";
  CHECK(error(same) == at_fact(same, "23") + "both amounts are in 'MAD'; a conversion needs two currencies");
  std::string not_money = "prison_min(Morocco) = 2 years = 24 months";
  CHECK(error(not_money) == at_fact(not_money, "24") + "only amounts in currencies can be stated twice ('200 MAD = 23 USD')");
  std::string rate_same = "rate 10 MAD = 1 dirham";
  CHECK(error(rate_same) == at_fact(rate_same, "1 dirham") + "both amounts are in 'MAD'; a conversion needs two currencies");
  std::string zero = "rate 0 MAD = 1 USD";
  CHECK(error(zero) == at_fact(zero, "1 USD") + "a conversion needs positive amounts");
  std::string missing = "rate 10 MAD 1 USD";
  CHECK(error(missing) == at_fact(missing, "1 USD") + "expected '=' between the two amounts of a rate, found number 1");
}

TEST_CASE("an inequality or a qualifier on an amount in two currencies still pins the rate",
          "[normalize][rate]") {
  // The pair 200 MAD = 23 USD pins the rate as after a plain '=', whatever the operator says
  // about the value (this once failed with "a conversion needs positive amounts").
  for (std::string fact : {"fine_min(Morocco) < 200 MAD = 23 USD", "fine_min(Morocco) = more than 200 MAD = 23 USD",
                           "fine_min(Morocco) >= 200 MAD = 23 USD"}) {
    INFO(fact);
    FactResult r = read_one_fact(fact, kPack);
    CHECK(r.error == "");
    REQUIRE(r.atoms.size() == 2);
    const Atom& rate = r.atoms[1];
    CHECK(rate.key.text() == "rate(DOC, MAD, USD)");
    REQUIRE(rate.interval.lo);
    REQUIRE(rate.interval.hi);
    CHECK(contains(rate.interval, q(23, 200)));
    CHECK(rate.interval == iv(open(q(45, 401)), open(q(47, 399))));
  }
  CHECK(atoms("fine_min(Morocco) < 200 MAD = 23 USD").at(0).interval == iv(std::nullopt, open(q(200))));
}

// ---------------------------------------------------------------- propositions

TEST_CASE("propositions and their negation", "[normalize][proposition]") {
  Atom yes = atom("involved(Morocco, 2006)");
  CHECK(yes.kind == AtomKind::proposition);
  CHECK(yes.type == ValueType::boolean);
  CHECK(yes.polarity);
  CHECK(yes.key.text() == "involved(Morocco, 2006)");
  CHECK(yes.wording == "involved(Morocco, 2006)");
  Atom no = atom("not involved(Morocco, 2006)");
  CHECK(no.kind == AtomKind::proposition);
  CHECK_FALSE(no.polarity);
  CHECK(no.key.text() == "involved(Morocco, 2006)");
  CHECK(no.wording == "not involved(Morocco, 2006)");
  CHECK(no.loc.col == 12);
}

TEST_CASE("one fact may assert several atoms joined by 'and'", "[normalize][proposition]") {
  auto all = atoms("involved(Morocco, 2006) and rings(Morocco, 2006) > 350 and not involved(Spain, 2006)");
  REQUIRE(all.size() == 3);
  CHECK(all[0].kind == AtomKind::proposition);
  CHECK(all[0].polarity);
  CHECK(all[1].kind == AtomKind::quantity);
  CHECK(all[1].interval == iv(open(q(350)), std::nullopt));
  CHECK(all[1].loc.col == 12 + 28);
  CHECK(all[2].key.text() == "involved(Spain, 2006)");
  CHECK_FALSE(all[2].polarity);
}

TEST_CASE("a predicate takes no value and 'not' goes with predicates only", "[normalize][proposition]") {
  std::string valued = "involved(Morocco, 2006) = 3";
  CHECK(error(valued) == at_fact(valued, "=") +
                             "'involved' is a predicate and takes no value; expected 'and' or the end, found '='");
  std::string negated_metric = "not rings(Morocco, 2006) = 3";
  CHECK(error(negated_metric) == at_fact(negated_metric, "rings") +
                                     "'not' goes with predicates; 'rings' is not a predicate");
  std::string negated_event = "not signed(Morocco, Palermo_Protocol) on 2006";
  CHECK(error(negated_event) == at_fact(negated_event, "signed") +
                                    "'not' goes with predicates; 'signed' is not a predicate");
}

// ---------------------------------------------------------------- events

TEST_CASE("events on ISO dates, months, years and spans", "[normalize][event]") {
  Atom a = atom("signed(Morocco, Palermo_Protocol) on 2006-08-15");
  CHECK(a.kind == AtomKind::event);
  CHECK(a.type == ValueType::date);
  CHECK(a.key.text() == "signed(Morocco, Palermo_Protocol)");
  CHECK(a.interval == days(2006, 8, 15, 2006, 8, 15));
  CHECK(a.wording == "on 2006-08-15");
  CHECK(interval("signed(Morocco, Palermo_Protocol) on 2006-08") == days(2006, 8, 1, 2006, 8, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on 1994") == days(1994, 1, 1, 1994, 12, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on 2004..2006") == days(2004, 1, 1, 2006, 12, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on 2004-02-29") == days(2004, 2, 29, 2004, 2, 29));
}

TEST_CASE("events on dates written in words", "[normalize][event]") {
  CHECK(interval("signed(Morocco, Palermo_Protocol) on March 19, 1999") == days(1999, 3, 19, 1999, 3, 19));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on March 19 1999") == days(1999, 3, 19, 1999, 3, 19));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on June 2003") == days(2003, 6, 1, 2003, 6, 30));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on mid-February 2004") == days(2004, 2, 11, 2004, 2, 20));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on early March 2004") == days(2004, 3, 1, 2004, 3, 10));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on late-February 2004") == days(2004, 2, 21, 2004, 2, 29));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on late February 2006") == days(2006, 2, 21, 2006, 2, 28));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on late January 2006") == days(2006, 1, 21, 2006, 1, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on february 29, 2004") == days(2004, 2, 29, 2004, 2, 29));
}

TEST_CASE("a bare month is read against the publication date and the tense", "[normalize][event]") {
  // Published 2007-03-07.
  CHECK(interval("signed(Morocco, Palermo_Protocol) on January") == days(2007, 1, 1, 2007, 1, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on January", "    tense: past\n") == days(2007, 1, 1, 2007, 1, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on January", "    tense: future\n") == days(2008, 1, 1, 2008, 1, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on July") == days(2006, 7, 1, 2006, 7, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on July", "    tense: future\n") == days(2007, 7, 1, 2007, 7, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on mid-January") == days(2007, 1, 11, 2007, 1, 20));
}

TEST_CASE("'last year' and 'this year' after 'on'", "[normalize][event]") {
  CHECK(interval("signed(Morocco, Palermo_Protocol) on last year") == days(2006, 1, 1, 2006, 12, 31));
  CHECK(interval("signed(Morocco, Palermo_Protocol) on this year") == days(2007, 1, 1, 2007, 12, 31));
}

TEST_CASE("event names and entities resolve through their aliases", "[normalize][event]") {
  Atom a = atom("established(Kingdom_of_Morocco) on 1956");
  CHECK(a.key.text() == "founded(Morocco)");
  CHECK(a.interval == days(1956, 1, 1, 1956, 12, 31));
}

TEST_CASE("bad event dates", "[normalize][event]") {
  std::string impossible = "signed(Morocco, Palermo_Protocol) on 2006-02-30";
  CHECK(error(impossible) == at_fact(impossible, "2006-02-30") + "impossible date 2006-02-30: February 2006 has 28 days");
  std::string words = "signed(Morocco, Palermo_Protocol) on February 30, 2006";
  CHECK(error(words) == at_fact(words, "February") + "impossible date: February 2006 has 28 days");
  std::string not_leap = "signed(Morocco, Palermo_Protocol) on February 29, 2006";
  CHECK(error(not_leap) == at_fact(not_leap, "February") + "impossible date: February 2006 has 28 days");
  std::string month = "signed(Morocco, Palermo_Protocol) on Smarch 2004";
  CHECK(error(month) == at_fact(month, "Smarch") +
                            "expected a date (2000-01-06, 2003-11, 1994, 'March 19, 1999', 'June 2003', "
                            "'mid-February 2004', 'January', 'last year'), found 'Smarch'");
  std::string no_on = "signed(Morocco, Palermo_Protocol)";
  CHECK(error(no_on) == "claims/set.yaml:11:" + std::to_string(12 + no_on.size()) +
                            ": error: 'signed' is an event; expected 'on' and its date, found end of text");
  std::string backwards = "signed(Morocco, Palermo_Protocol) on 2006..2004";
  CHECK(error(backwards) == at_fact(backwards, "2006") + "period '2006..2004' ends before it starts");
}

TEST_CASE("date metrics compare with dates", "[normalize][event]") {
  CHECK(interval("opened(Spain) = 2006-08-15") == days(2006, 8, 15, 2006, 8, 15));
  CHECK(interval("opened(Spain) < 2006") == iv(std::nullopt, open(day(2006, 1, 1))));
  CHECK(interval("opened(Spain) <= 2006") == iv(std::nullopt, closed(day(2006, 12, 31))));
  CHECK(interval("opened(Spain) > 2006") == iv(open(day(2006, 12, 31)), std::nullopt));
  CHECK(interval("opened(Spain) >= June 2003") == iv(closed(day(2003, 6, 1)), std::nullopt));
  std::string approx = "opened(Spain) ~ 2006";
  CHECK(error(approx) == at_fact(approx, "~") + "expected = < <= > or >= before a date, found '~'");
}

// ---------------------------------------------------------------- period arguments

TEST_CASE("period arguments", "[normalize][period]") {
  CHECK(atom("rings(Morocco, 2006) = 5").key.text() == "rings(Morocco, 2006)");
  CHECK(atom("rings(Morocco, 2006-08) = 5").key.text() == "rings(Morocco, 2006-08)");
  CHECK(atom("rings(Morocco, 2006-08-15) = 5").key.text() == "rings(Morocco, 2006-08-15)");
  CHECK(atom("rings(Morocco, 2004..2006) = 5").key.text() == "rings(Morocco, 2004..2006)");
  CHECK(atom("rings(Morocco, 2006-01..2006-09) = 5").key.text() == "rings(Morocco, 2006-01..2006-09)");
  // Two spellings of the same days are one key.
  CHECK(atom("rings(Morocco, 2006-01..2006-12) = 5").key.text() == "rings(Morocco, 2006)");
  CHECK(atom("rings(Morocco, last year) = 5").key.text() == "rings(Morocco, 2006)");
  Atom span = atom("rings(Morocco, 2004..2006) = 5");
  REQUIRE(span.key.periods[1]);
  CHECK(*span.key.periods[1] == Period{to_day_number({2004, 1, 1}), to_day_number({2006, 12, 31})});
}

TEST_CASE("'since' runs to the publication date", "[normalize][period]") {
  Atom a = atom("rings(Morocco, since 2004) > 3000");
  CHECK(a.key.text() == "rings(Morocco, 2004..2007-03-07)");
  REQUIRE(a.key.periods[1]);
  CHECK(*a.key.periods[1] == Period{to_day_number({2004, 1, 1}), to_day_number({2007, 3, 7})});
  CHECK(atom("rings(Morocco, since 2006-08) > 3000").key.text() == "rings(Morocco, 2006-08..2007-03-07)");
}

TEST_CASE("a period running past the publication is clipped to it", "[normalize][period]") {
  Atom a = atom("rings(Morocco, 2007) = 5");
  CHECK(a.key.text() == "rings(Morocco, 2007..2007-03-07)");
  REQUIRE(a.key.periods[1]);
  CHECK(*a.key.periods[1] == Period{to_day_number({2007, 1, 1}), to_day_number({2007, 3, 7})});
  CHECK(atom("rings(Morocco, this year) = 5").key.text() == "rings(Morocco, 2007..2007-03-07)");
  CHECK(atom("rings(Morocco, 2004..2017) = 5").key.text() == "rings(Morocco, 2004..2007-03-07)");
  CHECK(atom("rings(Morocco, 2007-03) = 5").key.text() == "rings(Morocco, 2007-03..2007-03-07)");
  // A period wholly before or after the publication stays as written.
  CHECK(atom("rings(Morocco, 2008) = 5").key.text() == "rings(Morocco, 2008)");
  CHECK(atom("rings(Morocco, 2007-03-07) = 5").key.text() == "rings(Morocco, 2007-03-07)");
  CHECK(atom("fine_imposed_min(Morocco, 2007) = 5 MAD").key.text() == "fine_imposed_min(Morocco, 2007..2007-03-07) [MAD]");
}

TEST_CASE("bad period arguments", "[normalize][period]") {
  std::string since = "rings(Morocco, since 2008) = 5";
  CHECK(error(since) == at_fact(since, "2008") + "'since 2008' starts after the document's publication (2007-03-07)");
  std::string entity = "rings(Morocco, Spain) = 5";
  CHECK(error(entity) == at_fact(entity, "Spain") +
                             "expected a period as argument 2 of 'rings' (YYYY, YYYY-MM, YYYY-MM-DD, A..B, 'since YYYY', "
                             "'last year', 'this year'), found 'Spain'");
  std::string backwards = "rings(Morocco, 2006..2004) = 5";
  CHECK(error(backwards) == at_fact(backwards, "2004") + "period ends (2004) before it starts (2006)");
  std::string impossible = "rings(Morocco, 2006-02-30) = 5";
  CHECK(error(impossible) == at_fact(impossible, "2006-02-30") + "impossible date 2006-02-30: February 2006 has 28 days");
  std::string month = "rings(Morocco, 2006-13) = 5";
  CHECK(error(month) == at_fact(month, "2006-13") + "impossible month 13 in '2006-13'");
  std::string swapped = "rings(2006, Morocco) = 5";
  CHECK(error(swapped) == at_fact(swapped, "2006") + "expected an entity as argument 1 of 'rings', found number 2006");
}

// ---------------------------------------------------------------- value text

TEST_CASE("a value given as text", "[normalize][value]") {
  Atom more = atom("rings(Morocco, 2006)", value_field("more than 350"));
  CHECK(more.key.text() == "rings(Morocco, 2006)");
  CHECK(more.interval == iv(open(q(350)), std::nullopt));
  CHECK(more.wording == "more than 350");
  Atom range = atom("rings(Morocco, 2006)", value_field("4500-6000"));
  CHECK(range.interval == iv(closed(q(4500)), closed(q(6000))));
  CHECK(range.wording == "4500-6000");
  Atom money = atom("budget(Morocco, 2006)", value_field("USD 86 million"));
  CHECK(money.key.text() == "budget(Morocco, 2006) [USD]");
  CHECK(money.interval == iv(closed(q(85500000)), open(q(86500000))));
  Atom dirhams = atom("budget(Morocco, 2006)", value_field("2000-5000 dirhams"));
  CHECK(dirhams.key.text() == "budget(Morocco, 2006) [MAD]");
  CHECK(dirhams.interval == iv(closed(q(2000)), closed(q(5000))));
  CHECK(interval("rings(Morocco, 2006)", value_field("nearly 400")) == iv(closed(q(360)), open(q(400))));
  CHECK(interval("rings(Morocco, 2006)", value_field("roughly 10,000")) == iv(closed(q(9000)), closed(q(11000))));
  CHECK(interval("rings(Morocco, 2006)", value_field("350")) == iv(closed(q(699, 2)), open(q(701, 2))));
  auto both = atoms("budget(Morocco, 2006)", value_field("200 MAD = 23 USD"));
  REQUIRE(both.size() == 2);
  CHECK(both[1].key.text() == "rate(DOC, MAD, USD)");
  CHECK(both[1].interval == iv(open(q(45, 401)), open(q(47, 399))));
}

TEST_CASE("bad value texts point into the value", "[normalize][value]") {
  std::string backwards = "6000-4500";
  CHECK(error("rings(Morocco, 2006)", value_field(backwards)) == at_value(backwards, "4500") + "range ends below its start");
  std::string money_range = "4500-6000";
  CHECK(error("budget(Morocco, 2006)", value_field(money_range)) ==
        at_value(money_range, "4500") + "metric 'budget' is of type money and takes a currency, found no unit");
  std::string apples = "350 apples";
  CHECK(error("rings(Morocco, 2006)", value_field(apples)) == at_value(apples, "apples") + "unknown unit 'apples'");
  std::string two = "350 350";
  CHECK(error("rings(Morocco, 2006)", value_field(two)) ==
        "claims/set.yaml:12:17: error: expected the end of the value, found number 350");
  std::string none = "rings(Morocco, 2006)";
  CHECK(error(none) == "claims/set.yaml:11:" + std::to_string(12 + none.size()) +
                           ": error: expected an operator (= < <= > >= ~ in) and a value after 'rings', or a 'value:' field");
}

// ---------------------------------------------------------------- names and arguments

TEST_CASE("metric and entity aliases give canonical keys", "[normalize][names]") {
  CHECK(atom("networks(Kingdom_of_Morocco, 2006) = 5").key.text() == "rings(Morocco, 2006)");
  CHECK(atom("rings(MA, 2006) = 5").key.text() == "rings(Morocco, 2006)");
}

TEST_CASE("unknown names come with a suggestion", "[normalize][names]") {
  std::string metric = "ring(Morocco, 2006) = 3";
  FactResult r = read_one_fact(metric, kPack);
  CHECK(without_temp_dirs(r.error) ==
        "claims/set.yaml:11:12: error: unknown metric, predicate or event 'ring' (did you mean 'rings'?)\n"
        "        fact: \"ring(Morocco, 2006) = 3\"\n"
        "               ^\n"
        "1 error; nothing was checked\n");
  std::string far = "dismantled(Morocco, 2006) = 3";
  CHECK(error(far) == at_fact(far, "dismantled") + "unknown metric, predicate or event 'dismantled'");
  std::string entity = "rings(Moroco, 2006) = 3";
  CHECK(error(entity) == at_fact(entity, "Moroco") + "unknown entity 'Moroco' (did you mean 'Morocco'?)");
  std::string nobody = "rings(Atlantis, 2006) = 3";
  CHECK(error(nobody) == at_fact(nobody, "Atlantis") + "unknown entity 'Atlantis'");
}

TEST_CASE("an unknown said_by entity is an error with a suggestion", "[normalize][names]") {
  CheckRun r = run_claims("  - id: c\n    said_by: Marocco\n    at: here\n    quote: q\n    fact: rings(Morocco, 2006) = 3\n",
                          kPack);
  REQUIRE_FALSE(r.ok());
  CHECK(first_line(without_temp_dirs(r.diagnostics.render())) ==
        "claims/set.yaml:8:14: error: unknown entity 'Marocco' in said_by (did you mean 'Morocco'?)");
}

TEST_CASE("the wrong number of arguments", "[normalize][names]") {
  std::string one = "rings(Morocco) = 3";
  CHECK(error(one) == at_fact(one, "rings") + "'rings' takes 2 arguments (entity, period), found 1");
  std::string three = "rings(Morocco, 2006, 2007) = 3";
  CHECK(error(three) == at_fact(three, "rings") + "'rings' takes 2 arguments (entity, period), found 3");
  std::string money = "fine_min(Morocco, 2006) = 3 MAD";
  CHECK(error(money) == at_fact(money, "fine_min") + "'fine_min' takes 1 argument (entity), found 2");
  std::string none = "fine_min() = 3 MAD";
  CHECK(error(none) == at_fact(none, "fine_min") + "'fine_min' takes 1 argument (entity), found 0");
  std::string predicate = "involved(Morocco)";
  CHECK(error(predicate) == at_fact(predicate, "involved") + "'involved' takes 2 arguments (entity, period), found 1");
}

// ---------------------------------------------------------------- numbers

TEST_CASE("malformed terms", "[normalize][names]") {
  CHECK(error("") == "claims/set.yaml:11:12: error: expected a fact, found an empty text");
  std::string open = "rings(Morocco, 2006";
  CHECK(error(open) == "claims/set.yaml:11:" + std::to_string(12 + open.size()) +
                           ": error: expected ')' to close the argument list");
  std::string empty_arg = "rings(Morocco,, 2006) = 3";
  CHECK(error(empty_arg) == at_fact(empty_arg, ",", 1) + "expected an argument, found ','");
  std::string no_paren = "rings Morocco = 3";
  CHECK(error(no_paren) == at_fact(no_paren, "Morocco") + "expected '(' after the name, found 'Morocco'");
  std::string no_name = "= 3";
  CHECK(error(no_name) == "claims/set.yaml:11:12: error: expected a metric, predicate or event name, found '='");
  std::string two_entities = "rings(Morocco Spain, 2006) = 3";
  CHECK(error(two_entities) == at_fact(two_entities, "Morocco") +
                                   "expected an entity as argument 1 of 'rings', found 'Morocco'");
}

TEST_CASE("numbers of up to 400 digits are exact, longer ones are refused", "[normalize][number]") {
  std::string digits400 = "1" + std::string(399, '0');
  Atom a = atom("rings(Morocco, 2006) >= " + digits400);
  REQUIRE(a.interval.lo);
  CHECK(to_fraction_string(a.interval.lo->value) == digits400);
  std::string fact = "rings(Morocco, 2006) >= 1" + std::string(400, '0');
  CHECK(error(fact) == at_fact(fact, "1") + "number has 401 digits; at most 400 are accepted (--max-digits)");
}

TEST_CASE("malformed numbers and values", "[normalize][number]") {
  std::string two_points = "rings(Morocco, 2006) = 1.2.3";
  CHECK(error(two_points) == at_fact(two_points, ".", 1) + "expected 'and' or the end of the fact, found '.'");
  std::string short_group = "rings(Morocco, 2006) = 10,00";
  CHECK(error(short_group) == at_fact(short_group, ",", 1) + "expected 'and' or the end of the fact, found ','");
  std::string two_numbers = "rings(Morocco, 2006) = 3 4";
  CHECK(error(two_numbers) == at_fact(two_numbers, "4") + "expected 'and' or the end of the fact, found number 4");
  std::string word = "rings(Morocco, 2006) = abc";
  CHECK(error(word) == at_fact(word, "abc") + "expected a number or a unit, found 'abc'");
  std::string nothing = "rings(Morocco, 2006) =";
  CHECK(error(nothing) == "claims/set.yaml:11:" + std::to_string(12 + nothing.size()) +
                              ": error: expected a number, found end of text");
  std::string unit_only = "fine_min(Morocco) = USD";
  CHECK(error(unit_only) == "claims/set.yaml:11:" + std::to_string(12 + unit_only.size()) +
                                ": error: expected a number, found end of text");
  std::string no_op = "rings(Morocco, 2006) 350";
  CHECK(error(no_op) == at_fact(no_op, "350") +
                            "expected an operator (= < <= > >= ~ in) after 'rings', found number 350");
  std::string range = "rings(Morocco, 2006) in 6000..4500";
  CHECK(error(range) == at_fact(range, "4500") + "range ends below its start");
  std::string open_range = "rings(Morocco, 2006) in 6000";
  CHECK(error(open_range) == "claims/set.yaml:11:" + std::to_string(12 + open_range.size()) +
                                 ": error: expected '..' between the ends of the range, found end of text");
  std::string empty_text = "rings(Morocco, 2006) = 5 and";
  CHECK(error(empty_text) == "claims/set.yaml:11:" + std::to_string(12 + empty_text.size()) +
                                 ": error: expected a metric, predicate or event name, found end of text");
}

TEST_CASE("a count or stock cannot be negative", "[normalize][unit]") {
  std::string negative = "rings(Morocco, 2006) <= -1";
  CHECK(error(negative) == at_fact(negative, "-1") +
                               "metric 'rings' is of type count and cannot be negative; '<= -1' leaves no value");
  CHECK(interval("rings(Morocco, 2006) < 5") == iv(std::nullopt, open(q(5))));
}

TEST_CASE("a value is given once: after an operator or in 'value:'", "[normalize][value]") {
  FactResult r = read_one_fact("rings(Morocco, 2006) > 350", kPack, "    value: \"more than 350\"\n");
  CHECK(without_temp_dirs(first_line(r.error)) ==
        "claims/set.yaml:11:33: error: the fact already states a value; give it either after an operator or in "
        "'value:', not both");
}

TEST_CASE("a claim normalized against a set held by reference while thousands more sets are added", "[normalize][parallel]") {
  // check --stream normalizes claims against sets taken by reference while other chunks add
  // sets: the set must stay where it was, with its own publication date.
  CheckRun r = run({{"set.yaml", claim_set(claim("c0", "rings(Morocco, 2006) = 350"), "A", "2007-03-07")}}, kPack);
  REQUIRE(r.ok());
  Diagnostics diags;
  ClaimNormalizer normalizer(r.vocabulary, diags);
  auto set_of = [](int k, int year) {
    RawClaimSet set;
    set.document.id = fmt::format("D{}", k);
    set.document.published = {year, 6, 30};
    return set;
  };
  auto raw = [](const std::string& document) {
    RawClaim claim;
    claim.id = "c1";
    claim.document = document;
    claim.said_by = "Morocco";
    claim.fact = "signed(Morocco, Palermo_Protocol) on last year";
    return claim;
  };
  ClaimNormalizer::SetRef first = normalizer.set(*normalizer.add_set(set_of(0, 2010)));
  int added = 0;  // Catch's assertions are for the test's own thread
  std::thread adding([&] {
    for (int k = 1; k <= 5000; ++k) added += normalizer.add_set(set_of(k, 1950 + k % 50)).has_value();
  });
  std::vector<Claim> claims;
  Diagnostics claim_diags;  // add_set() writes to `diags` meanwhile
  for (int k = 0; k < 200; ++k) claims.push_back(normalizer.claim(first, raw("D0"), claim_diags));
  adding.join();
  CHECK(added == 5000);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE_FALSE(claim_diags.has_errors());
  for (const Claim& claim : claims) {
    REQUIRE(claim.atoms.size() == 1);
    CHECK(claim.atoms[0].interval == days(2009, 1, 1, 2009, 12, 31));
  }
  CHECK(normalizer.set(0) == first);
  Claim by_number = normalizer.claim(0, raw("D0"), diags);
  CHECK(by_number.atoms[0].interval == claims[0].atoms[0].interval);
  Claim later = normalizer.claim(normalizer.set(5000), raw("D5000"), diags);  // published 1950
  CHECK(later.atoms[0].interval == days(1949, 1, 1, 1949, 12, 31));
}

TEST_CASE("normalizing on several threads gives one thread's claims and errors, in the same order", "[normalize][parallel]") {
  // More claims than a block of 256, errors in both files, and a third file whose document id
  // is taken: its error comes between the other files' claim errors.
  auto set = [](const std::string& id, int claims, bool with_errors) {
    std::string yaml;
    for (int i = 0; i < claims; ++i) {
      std::string who = with_errors && i % 97 == 5 ? "Nobody" : "Morocco";
      std::string fact = with_errors && i % 89 == 7 ? "rings(Atlantis, 2001) = 3" : fmt::format("rings(Spain, {}) = {}", 1900 + i % 100, i);
      yaml += claim_by(fmt::format("c{}", i), who, fact);
    }
    return claim_set(yaml, id);
  };
  for (bool with_errors : {true, false}) {
    INFO((with_errors ? "with" : "without") << " errors");
    std::vector<std::pair<std::string, std::string>> files = {
        {"a.yaml", set("A", 600, with_errors)}, {"b.yaml", set(with_errors ? "A" : "B", 3, false)}, {"c.yaml", set("C", 300, with_errors)}};
    SolveOptions one, three;
    three.threads = 3;
    CheckRun r1 = run(files, kPack, one), r3 = run(files, kPack, three);
    auto errors = [](const CheckRun& r) {
      std::vector<std::string> out;
      for (const auto& d : r.diagnostics.errors()) out.push_back(without_temp_dirs(to_string(d.loc) + ": " + d.message));
      return out;
    };
    std::vector<std::string> want = errors(r1);
    CHECK(errors(r3) == want);
    CHECK(without_temp_dirs(r3.diagnostics.render()) == without_temp_dirs(r1.diagnostics.render()));
    if (with_errors) {
      // 7 + 4 unknown speakers, 7 + 4 unknown entities in facts, and the second document A
      // between the files' claim errors.
      REQUIRE(want.size() == 23);
      CHECK(want[13].find("a.yaml:2943:14: unknown entity 'Nobody' in said_by") != std::string::npos);
      CHECK(want[14].find("b.yaml:2:3: document id 'A' is used twice") != std::string::npos);
      CHECK(want[15].find("c.yaml:33:14: unknown entity 'Nobody' in said_by") != std::string::npos);
      continue;
    }
    REQUIRE(r1.ok());
    REQUIRE(r1.result.claims.size() == 903);
    REQUIRE(r3.result.claims.size() == 903);
    for (std::size_t c = 0; c < r1.result.claims.size(); ++c) {
      CHECK(r3.result.claims[c].qualified_id() == r1.result.claims[c].qualified_id());
      REQUIRE(r3.result.claims[c].atoms.size() == r1.result.claims[c].atoms.size());
      for (std::size_t a = 0; a < r1.result.claims[c].atoms.size(); ++a) {
        CHECK(r3.result.claims[c].atoms[a].key.text() == r1.result.claims[c].atoms[a].key.text());
        CHECK(r3.result.claims[c].atoms[a].interval == r1.result.claims[c].atoms[a].interval);
      }
    }
  }
}

TEST_CASE("claims come out by document, then id, whatever the order of files and lines", "[normalize]") {
  auto line = [](const std::string& id, int value) {
    return "  - {id: " + id + ", said_by: Morocco, at: p1, quote: q, fact: \"cases_prosecuted(Morocco, 2006) = " +
           std::to_string(value) + "\"}\n";
  };
  // Files are read in name order: DOC's claims c and a, then A-B's, then B's.
  CheckRun r = run({{"1.yaml", claim_set(line("c", 1) + line("a", 1))},
                    {"2.yaml", claim_set(line("z", 1) + line("y", 1), "A-B")},
                    {"3.yaml", claim_set(line("d", 1) + line("b", 1), "B")}});
  INFO(r.diagnostics.render());
  REQUIRE(r.ok());
  std::vector<std::string> ids;
  for (const auto& c : r.result.claims) ids.push_back(c.qualified_id());
  CHECK(ids == std::vector<std::string>{"A-B/y", "A-B/z", "B/b", "B/d", "DOC/a", "DOC/c"});
}
