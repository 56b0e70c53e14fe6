#include <catch2/catch.hpp>
#include <iostream>
#include "support.hpp"
#include "report/report.hpp"
using namespace claimcheck;
using namespace claimcheck::testing;

TEST_CASE("scratch", "[scratch]") {
  for (std::string f : {"fine_min(Morocco) < 200 MAD = 23 USD", "fine_min(Morocco) = more than 200 MAD = 23 USD", "fine_min(Morocco) = 200 MAD = 23 USD"}) {
    FactResult r = read_one_fact(f);
    std::cout << f << " -> " << r.error << "\n";
    for (auto& a : r.atoms) std::cout << "  " << a.key.text() << " " << (a.interval.lo ? to_display(a.interval.lo->value) : "-inf") << " " << (a.interval.hi ? to_display(a.interval.hi->value) : "inf") << "\n";
  }
}
