// check --stream's spool of normalized claims: every field comes back, damaged bytes are refused,
// and the file gives back what was appended, in any order, leaving nothing behind.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "pipeline/claim_spool.hpp"
#include "pipeline/pipeline.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {

// Every field of a claim, spelled out, so that two claims compare field by field.
std::string describe(const Claim& c) {
  std::ostringstream out;
  auto loc = [](const SourceLoc& at) { return to_string(at); };
  auto bound = [](const std::optional<Bound>& b) {
    return b ? std::string(b->strict ? "strict " : "") + to_fraction_string(b->value) : std::string("none");
  };
  const RawClaim& r = c.raw;
  out << r.id << "|" << r.document << "|" << r.said_by << "|" << r.at << "|" << r.quote << "|" << r.fact << "\n";
  out << "value " << bool(r.value) << " " << r.value.get().text << " " << loc(r.value.get().loc) << "\n";
  const ClaimExtras& e = r.extras.get();
  out << "extras " << bool(r.extras) << " " << e.context_before << "|" << e.context_after << "|" << e.note << "\n";
  for (std::size_t i = 0; i < e.related.size(); ++i) out << "  related " << e.related[i] << " " << loc(e.related_locs[i]) << "\n";
  out << to_string(r.modality) << " " << to_string(r.tense) << " " << loc(r.loc) << " " << loc(r.said_by_loc) << " "
      << loc(r.fact_loc) << "\n";
  out << "said_by " << c.said_by << " weight " << c.weight << " related " << bool(c.related) << "\n";
  for (const auto& ref : c.related.get()) out << "  " << ref << "\n";
  for (const Atom& a : c.atoms) {
    out << "atom " << static_cast<int>(a.kind) << " " << a.key.text() << " " << a.key.unit << " " << to_string(a.type)
        << " [" << bound(a.interval.lo) << ", " << bound(a.interval.hi) << "] " << a.polarity << " " << a.wording << "\n";
    for (const auto& p : a.key.periods) out << "  period " << (p ? std::to_string(p->first) + ".." + std::to_string(p->last) : "none") << "\n";
    out << "  reading " << bool(a.reading) << " " << a.reading.get() << "\n";
    out << "  tolerance " << bool(a.tolerance) << " " << to_fraction_string(a.tolerance.get().center) << " "
        << a.tolerance.get().words << "\n";
    out << "  rounding " << (a.rounding_center ? to_fraction_string(*a.rounding_center) : "none") << " " << loc(a.loc)
        << "\n";
  }
  return out.str();
}

std::string encoded(const Claim& claim) {
  ByteWriter out;
  encode_claim(claim, out);
  return out.bytes;
}

Claim decoded(const std::string& bytes) {
  ByteReader in(bytes, "a spooled claim");
  ClaimDecoder decoder;
  Claim claim = decoder.decode(in);
  if (!in.done()) throw std::runtime_error("bytes left over");
  return claim;
}

// A claim with every optional part, locations in two files, and awkward values.
Claim everything() {
  Claim c;
  RawClaim& r = c.raw;
  r.id = "c1";
  r.document = "DOC";
  r.said_by = "ministère";
  r.at = "Rabat";
  r.quote = "plus de 350 réseaux, \"démantelés\"";
  r.fact = "rings(MA, 2006) > 350";
  r.value.set() = {"about 3.5 million", {"a.yaml", 7, 12}};
  r.extras.set() = {"before", "after", "a note", {"c2", "OTHER/c3"}, {{"a.yaml", 8, 3}, {"b.txt", 1, 1}}};
  r.modality = Modality::speculation;
  r.tense = Tense::future;
  r.loc = {"a.yaml", 5, 3};
  r.said_by_loc = {"a.yaml", 6, 14};
  r.fact_loc = {"a.yaml", 2000000, 400};
  c.said_by = "MIN";
  c.weight = 999999;
  c.related.set() = {"DOC/c2", "OTHER/c3"};
  Atom& quantity = c.atoms.emplace_back();
  quantity.key = {"rings", {"MA", "2006"}, {std::nullopt, Period{13149, 13513}}, "MAD"};
  quantity.type = ValueType::money;
  quantity.interval.lo = Bound{Rational(Integer(-7), Integer(3)), true};
  quantity.interval.hi = Bound{Rational(Integer("123456789012345678901234567890")), false};
  quantity.wording = "more than 350";
  quantity.reading.set() = "read as (350, inf)";
  quantity.tolerance.set() = {Rational(Integer(1), Integer(10)), "about"};
  quantity.rounding_center = Rational(Integer(350));
  quantity.loc = {"b.txt", 3, 9};
  Atom& proposition = c.atoms.emplace_back();
  proposition.kind = AtomKind::proposition;
  proposition.key = {"leads", {"MA"}, {std::nullopt}, ""};
  proposition.type = ValueType::boolean;
  proposition.polarity = false;
  proposition.loc = {"a.yaml", 2000000, 401};
  return c;
}

}  // namespace

TEST_CASE("a spooled claim comes back with every field", "[stream][spool]") {
  Claim full = everything();
  std::string bytes = encoded(full);
  CHECK(describe(decoded(bytes)) == describe(full));
  CHECK(encoded(decoded(bytes)) == bytes);
  Claim bare;
  CHECK(describe(decoded(encoded(bare))) == describe(bare));
  CHECK(bool(decoded(encoded(bare)).raw.extras) == false);
  // Extras made but left empty (a streamed claim whose references were taken out) stay made.
  Claim emptied;
  emptied.raw.extras.set();
  CHECK(bool(decoded(encoded(emptied)).raw.extras) == true);
}

TEST_CASE("every normalized claim of the shipped claim sets and the cases comes back as it was", "[stream][spool]") {
  std::string root = CLAIMCHECK_SOURCE_DIR;
  std::vector<std::string> claims_dirs = {root + "/claims"};
  for (const auto& entry : std::filesystem::directory_iterator(root + "/tests/cases"))
    claims_dirs.push_back(entry.path().string() + "/claims");
  // No shipped set lists related claims or a separate value: everything() above has them.
  std::size_t claims = 0, with_tolerance = 0, with_reading = 0, with_extras = 0;
  for (const auto& dir : claims_dirs) {
    CheckRequest request;
    request.inputs = {dir};
    request.rules_dir = root + "/rules";
    request.readings = true;
    CheckRun run = run_check(request);
    INFO(dir << "\n" << run.diagnostics.render());
    REQUIRE(run.ok());
    for (const Claim& claim : run.result.claims) {
      CHECK(describe(decoded(encoded(claim))) == describe(claim));
      ++claims;
      for (const Atom& a : claim.atoms) {
        with_tolerance += a.tolerance ? 1 : 0;
        with_reading += a.reading ? 1 : 0;
      }
      with_extras += claim.raw.extras ? 1 : 0;
    }
  }
  CHECK(claims > 300);
  CHECK(with_tolerance > 0);
  CHECK(with_reading > 0);
  CHECK(with_extras > 0);
}

TEST_CASE("damaged spool bytes are refused with an error, never read past", "[stream][spool]") {
  std::string bytes = encoded(everything());
  for (std::size_t cut = 0; cut < bytes.size(); ++cut)
    CHECK_THROWS_AS(decoded(bytes.substr(0, cut)), std::runtime_error);
  CHECK_THROWS_WITH(decoded(bytes.substr(0, 3)), "a spooled claim's bytes end early");
  CHECK_THROWS_WITH(decoded(bytes + "x"), "bytes left over");
  // The modality is the first number after the texts, the value and the extras.
  Claim bare;
  std::string plain = encoded(bare);
  std::size_t modality = 6 + 1 + 1;  // six empty texts, no value, no extras
  REQUIRE(plain[modality] == 0);
  plain[modality] = 9;
  CHECK_THROWS_WITH(decoded(plain), "a spooled claim holds an unknown kind");
  // A location that names a file the claim has not named.
  std::string unnamed = encoded(bare);
  REQUIRE(unnamed[modality + 2] == 0);  // the claim's own location: a new file name
  unnamed[modality + 2] = 5;
  CHECK_THROWS_WITH(decoded(unnamed), "a spooled claim refers to a file it has not named");
}

TEST_CASE("the spool gives back each claim's bytes, in any order, and leaves nothing behind", "[stream][spool]") {
  TempDir dir;
  std::vector<std::string> blobs;
  std::vector<SpooledClaim> where;
  {
    ClaimSpool spool;
    REQUIRE_FALSE(spool.open(dir.path()));
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 0);  // unlinked at once
    for (int k = 0; k < 300; ++k) {
      // Some claims far apart (past the gap one read spans) and one past a megabyte held back.
      std::size_t size = k == 7 ? (3 << 20) : k % 50 == 0 ? 40000 : 1 + k % 13;
      blobs.push_back(std::string(size, static_cast<char>('a' + k % 26)) + std::to_string(k));
      auto at = spool.append(blobs.back());
      REQUIRE(at);
      where.push_back({*at, static_cast<std::uint32_t>(blobs.back().size())});
    }
    REQUIRE(spool.seal());
    std::vector<std::size_t> asked{299, 0, 7, 150, 151, 8, 50, 2, 298};
    std::vector<SpooledClaim> claims;
    for (std::size_t k : asked) claims.push_back(where[k]);
    std::string buffer;
    std::vector<std::string_view> views;
    REQUIRE_FALSE(spool.read(claims, buffer, views));
    REQUIRE(views.size() == asked.size());
    for (std::size_t i = 0; i < asked.size(); ++i) CHECK(views[i] == blobs[asked[i]]);
    CHECK(buffer.size() < (3 << 20) + 200000);  // the big gaps were not read
  }
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 0);
  ClaimSpool nowhere;
  auto error = nowhere.open(dir.path() + "/missing");
  REQUIRE(error);
  CHECK(*error == "cannot create a temporary file in " + dir.path() + "/missing: No such file or directory");
  CHECK_FALSE(nowhere.append("x"));
  CHECK_FALSE(nowhere.seal());
}
