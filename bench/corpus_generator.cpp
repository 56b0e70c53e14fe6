#include "corpus_generator.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

namespace claimcheck::bench {

namespace {

constexpr const char* kPublished = "2000-06-30";  // every document; planted late events fall after it
constexpr int kFirstYear = 1000;
constexpr int kYearsPerBlock = 3;  // a component keyed by (entity, years) owns three years
constexpr int kBlocks = 300;       // 1000..1899: events are dated 1900..1999 and 2001

constexpr const char* kPackHead = R"(pack: synthetic
# Written by claimcheck_corpus: the vocabulary and one rule of every kind for a synthetic corpus.
units:
  MAD: {dimension: currency, aliases: [dirhams]}
  USD: {dimension: currency, aliases: [dollars]}
  months: {dimension: duration, factor: 1}
  years: {dimension: duration, factor: 12}
qualifiers:
  - words: [more than]
    lower: {offset: 0%, strict: true}
  - words: [at least]
    lower: {offset: 0%}
  - words: [about]
    lower: {offset: -10%}
    upper: {offset: +10%}
reliability:
  default: 3
  classes: {agency: 7, ministry: 5, press: 3}
metrics:
  count_a: {type: count, args: [entity, period], description: a count stated once or several times}
  count_t: {type: count, args: [entity, period], description: a count given roughly and exactly}
  count_c: {type: count, args: [entity, period], description: a count given per year and for the span}
  count_p: {type: count, args: [entity, period], description: a count under the narrow definition}
  count_p_broad:
    type: count
    args: [entity, period]
    description: a count under the broad definition
    compared_as: {metric: count_p, caveat: the broad definition counts more than the narrow one}
  total: {type: count, args: [entity, period], description: a whole}
  part_one: {type: count, args: [entity, period], description: the first part of the whole}
  part_two: {type: count, args: [entity, period], description: the second part of the whole}
  part_three: {type: count, args: [entity, period], description: the third part of the whole}
  members: {type: count, args: [entity, period], description: members of a group}
  leaders: {type: count, args: [entity, period], description: members who lead the group}
  staff: {type: count, args: [entity, period], description: staff of an office}
  teams: {type: count, args: [entity, period], description: teams of at least two staff}
  term_min: {type: duration, args: [entity], description: shortest term for an offence}
  term_max: {type: duration, args: [entity], description: longest term for an offence}
  fine_min: {type: money, args: [entity], description: smallest fine for an offence}
  fine_max: {type: money, args: [entity], description: largest fine for an offence}
predicates:
  operates: {args: [entity, period], description: the body operated during the period}
  leads: {args: [entity, period], description: the body led a programme during the period}
  active: {args: [entity, period], description: the body was active during the period}
events:
  opened: {args: [entity], description: the office opened}
  closed: {args: [entity], description: the office closed}
rules:
  - {id: agreement, kind: agreement, description: A key has one true value.}
  - {id: additivity, kind: additivity, description: Counts for disjoint years add up to no more than the count for the span.}
  - {id: compared-as, kind: proxy, description: A broad figure is compared with the narrow one.}
  - {id: past-event, kind: past_event, description: A past event happened by the publication date.}
  - {id: one-rate, kind: conversion, description: One exchange rate per document.}
  - id: parts-add-up
    kind: parts_sum
    description: The three parts add up to the whole.
    require: total(?e, ?t) = part_one(?e, ?t) + part_two(?e, ?t) + part_three(?e, ?t)
  - id: leaders-among-members
    kind: subset_bound
    description: Leaders are members.
    require: leaders(?e, ?t) <= members(?e, ?t)
  - id: two-staff-a-team
    kind: constraint
    description: Every team has at least two staff.
    require: staff(?e, ?t) >= 2 * teams(?e, ?t)
  - id: opened-before-closed
    kind: time_order
    description: An office closes no earlier than it opens.
    require: opened(?o) <= closed(?o)
  - id: term-range-ordered
    kind: range
    description: The shortest term is no longer than the longest.
    require: term_min(?o) <= term_max(?o)
  - id: aggravated-no-lighter
    kind: aggravation
    description: An aggravated offence carries a shortest term no shorter than its base offence.
    where: ["?agg aggravates ?base"]
    require: term_min(?agg) >= term_min(?base)
  - id: leads-implies-active
    kind: implication
    description: A body that leads a programme is active.
    require: leads(?e, ?t) -> active(?e, ?t)
entities:
  S0: {name: Source 0, class: agency}
  S1: {name: Source 1, class: ministry}
  S2: {name: Source 2, class: press}
  S3: {name: Source 3, class: press}
  S4: {name: Source 4, class: agency}
  S5: {name: Source 5, class: ministry}
)";

// The component shapes; the first nine are keyed by (entity, years), the rest own entities.
enum class Shape {
  agreement, tension, additivity, parts_sum, subset_bound, constraint, proxy, proposition, implication,
  range, aggravation, time_order, past_event, conversion
};
constexpr int kShapes = 14;
constexpr int kYearShapes = 9;

struct ClaimText {
  std::string fact;
  std::string value;  // "" when the fact carries its value
};

class Generator {
 public:
  explicit Generator(const CorpusOptions& options) : options_(options), rng_(options.seed) {}

  Corpus run() {
    // Enough subject entities that (entity, block) pairs never run out.
    std::size_t expected_components = options_.claims / 2 + 1;
    subjects_ = std::max<std::size_t>(20, expected_components / kBlocks + 1);
    documents_ = std::max<std::size_t>(1, options_.claims / 200);
    std::string claims;
    std::size_t year_components = 0;
    while (corpus_.claims < options_.claims) {
      // Entity-owning shapes are one in nine, so the vocabulary stays small.
      Shape shape = next(9) == 0 ? static_cast<Shape>(kYearShapes + next(kShapes - kYearShapes))
                                 : static_cast<Shape>(next(kYearShapes));
      bool conflict = static_cast<double>(next(1'000'000)) < options_.conflict_share * 1'000'000.0;
      std::size_t index = corpus_.components++;
      if (static_cast<int>(shape) < kYearShapes) {
        std::size_t slot = year_components++;
        subject_ = fmt::format("E{}", slot % subjects_);
        year_ = kFirstYear + kYearsPerBlock * static_cast<int>(slot / subjects_);
      }
      component(shape, conflict, index, claims);
    }
    for (std::size_t i = 0; i < subjects_; ++i) entity_lines_ += fmt::format("  E{}: {{name: Subject {}, class: body}}\n", i, i);
    corpus_.rule_pack = kPackHead + entity_lines_;
    for (std::size_t d = 0; d < documents_; ++d) corpus_.lines += document_line(fmt::format("D{}", d));
    corpus_.lines += extra_documents_ + claims;
    corpus_.documents = documents_ + extra_document_count_;
    corpus_.entities = 6 + subjects_ + owned_entities_;
    std::sort(corpus_.planted.begin(), corpus_.planted.end(),
              [](const PlantedConflict& a, const PlantedConflict& b) { return a.claims < b.claims; });
    return std::move(corpus_);
  }

 private:
  std::uint64_t next(std::uint64_t n) { return rng_() % n; }  // not a distribution: same on every library
  long between(long lo, long hi) { return lo + static_cast<long>(next(static_cast<std::uint64_t>(hi - lo + 1))); }

  static std::string document_line(const std::string& id) {
    return fmt::format(R"({{"document": {{"id": "{}", "title": "Synthetic document {}", "published": "{}"}}}})"
                       "\n",
                       id, id, kPublished);
  }

  std::string owned_entity(const std::string& prefix, std::size_t index, const std::string& extra = "") {
    std::string id = fmt::format("{}{}", prefix, index);
    entity_lines_ += fmt::format("  {}: {{name: Entity {}, class: body{}}}\n", id, id, extra);
    ++owned_entities_;
    return id;
  }

  // Writes the component's claims; the planted conflict, if any, is the listed claim indexes.
  void component(Shape shape, bool conflict, std::size_t index, std::string& out) {
    std::string e = subject_;
    int y = year_;
    std::vector<ClaimText> claims;
    std::vector<std::size_t> culprits;  // indexes into claims
    std::string kind = "contradiction";
    std::vector<std::string> rules;
    std::string document = fmt::format("D{}", index % documents_);
    auto key = [&](const char* metric, int year) { return fmt::format("{}({}, {})", metric, e, year); };
    switch (shape) {
      case Shape::agreement: {
        long v = between(20, 5000);
        if (!conflict) {
          claims = {{key("count_a", y), fmt::format("more than {}", v - 10)},
                    {fmt::format("{} = {}", key("count_a", y), v), ""},
                    {key("count_a", y), fmt::format("about {}", v)}};
        } else {
          claims = {{key("count_a", y), fmt::format("more than {}", 2 * v)},
                    {fmt::format("{} = {}", key("count_a", y), v), ""},
                    {key("count_a", y), fmt::format("at least {}", v / 2)}};
          culprits = {0, 1};
          rules = {"agreement"};
        }
        break;
      }
      case Shape::tension: {
        long v = 20 * between(1, 250);
        // 'about v' allows v +- 10%; 1.15 v lies outside it but inside three times the tolerance.
        claims = {{key("count_t", y), fmt::format("about {}", v)},
                  {fmt::format("{} = {}", key("count_t", y), conflict ? v * 23 / 20 : v * 21 / 20), ""}};
        if (conflict) {
          culprits = {0, 1};
          kind = "tension";
          rules = {"agreement"};
        }
        break;
      }
      case Shape::additivity: {
        long a = between(10, 900), b = between(10, 900), c = between(10, 900);
        long span = conflict ? a + b + c - between(1, std::min({a, b, c})) : a + b + c + between(0, 50);
        claims = {{fmt::format("{} = {}", key("count_c", y), a), ""},
                  {fmt::format("{} = {}", key("count_c", y + 1), b), ""},
                  {fmt::format("{} = {}", key("count_c", y + 2), c), ""},
                  {fmt::format("count_c({}, {}..{}) = {}", e, y, y + 2, span), ""}};
        if (conflict) {
          culprits = {0, 1, 2, 3};
          rules = {"additivity"};
        }
        break;
      }
      case Shape::parts_sum: {
        long a = between(1, 500), b = between(1, 500), c = between(1, 500);
        long whole = conflict ? a + b + c + between(1, 100) : a + b + c;
        claims = {{fmt::format("{} = {}", key("total", y), whole), ""},
                  {fmt::format("{} = {}", key("part_one", y), a), ""},
                  {fmt::format("{} = {}", key("part_two", y), b), ""},
                  {fmt::format("{} = {}", key("part_three", y), c), ""}};
        if (conflict) {
          culprits = {0, 1, 2, 3};
          rules = {"parts-add-up"};
        }
        break;
      }
      case Shape::subset_bound: {
        long members = between(10, 1000), leaders = conflict ? members + between(1, 50) : between(0, members);
        claims = {{fmt::format("{} = {}", key("members", y), members), ""},
                  {fmt::format("{} = {}", key("leaders", y), leaders), ""}};
        if (conflict) {
          culprits = {0, 1};
          rules = {"leaders-among-members"};
        }
        break;
      }
      case Shape::constraint: {
        long teams = between(1, 300), staff = conflict ? 2 * teams - between(1, teams) : 2 * teams + between(0, 20);
        claims = {{fmt::format("{} = {}", key("staff", y), staff), ""},
                  {fmt::format("{} = {}", key("teams", y), teams), ""}};
        if (conflict) {
          culprits = {0, 1};
          rules = {"two-staff-a-team"};
        }
        break;
      }
      case Shape::proxy: {
        long v = between(20, 5000);
        claims = {{key("count_p_broad", y), fmt::format("more than {}", conflict ? 2 * v : v / 2)},
                  {fmt::format("{} = {}", key("count_p", y), v), ""}};
        if (conflict) {
          culprits = {0, 1};
          kind = "caveat";
          rules = {"compared-as"};
        }
        break;
      }
      case Shape::proposition: {
        claims = {{fmt::format("operates({}, {})", e, y), ""},
                  {fmt::format("{}operates({}, {})", conflict ? "not " : "", e, y), ""}};
        if (conflict) {
          culprits = {0, 1};
          rules = {"agreement"};
        }
        break;
      }
      case Shape::implication: {
        claims = {{fmt::format("leads({}, {})", e, y), ""},
                  {fmt::format("{}active({}, {})", conflict ? "not " : "", e, y), ""}};
        if (conflict) {
          culprits = {0, 1};
          rules = {"leads-implies-active"};
        }
        break;
      }
      case Shape::range: {
        std::string o = owned_entity("R", index);
        long lo = between(1, 10), hi = lo + between(1, 10);
        claims = {{fmt::format("term_min({}) = {} years", o, conflict ? hi : lo), ""},
                  {fmt::format("term_max({}) = {} years", o, conflict ? lo : hi), ""}};
        if (conflict) {
          culprits = {0, 1};
          rules = {"term-range-ordered"};
        }
        break;
      }
      case Shape::aggravation: {
        std::string base = owned_entity("B", index);
        std::string aggravated = owned_entity("A", index, fmt::format(", aggravates: {}", base));
        long lo = between(1, 10), hi = lo + between(1, 10);
        claims = {{fmt::format("term_min({}) = {} years", base, conflict ? hi : lo), ""},
                  {fmt::format("term_min({}) = {} years", aggravated, conflict ? lo : hi), ""}};
        if (conflict) {
          culprits = {0, 1};
          rules = {"aggravated-no-lighter"};
        }
        break;
      }
      case Shape::time_order: {
        std::string o = owned_entity("T", index);
        long first = between(1900, 1949), second = between(1950, 1999);
        claims = {{fmt::format("opened({}) on {}-03-01", o, conflict ? second : first), ""},
                  {fmt::format("closed({}) on {}-09-01", o, conflict ? first : second), ""}};
        if (conflict) {
          culprits = {0, 1};
          rules = {"opened-before-closed"};
        }
        break;
      }
      case Shape::past_event: {
        std::string o = owned_entity("P", index);
        claims = {{fmt::format("opened({}) on {}", o, conflict ? "2001-05-01" : "1999-05-01"), ""}};
        if (conflict) {
          culprits = {0};
          rules = {"past-event"};
        }
        break;
      }
      case Shape::conversion: {
        // A document of its own: its exchange rate joins every amount it states in two currencies.
        std::string o = owned_entity("C", index);
        document = fmt::format("X{}", index);
        extra_documents_ += document_line(document);
        ++extra_document_count_;
        long rate = between(5, 15), low = between(20, 100), high = low + between(10, 400);
        long high_rate = conflict ? rate + 3 : rate;
        claims = {{fmt::format("fine_min({}) = {} MAD = {} USD", o, rate * low, low), ""},
                  {fmt::format("fine_max({}) = {} MAD = {} USD", o, high_rate * high, high), ""}};
        if (conflict) {
          culprits = {0, 1};
          rules = {"one-rate"};
        }
        break;
      }
    }
    std::vector<std::string> ids;
    for (std::size_t k = 0; k < claims.size(); ++k) {
      std::string id = fmt::format("k{}-{}", index, k + 1);
      ids.push_back(document + "/" + id);
      nlohmann::json claim = {{"document", document},
                              {"id", id},
                              {"said_by", fmt::format("S{}", next(6))},
                              {"at", fmt::format("item {}", k + 1)},
                              {"quote", fmt::format("synthetic statement {} of component {}", k + 1, index)},
                              {"fact", claims[k].fact}};
      if (!claims[k].value.empty()) claim["value"] = claims[k].value;
      out += nlohmann::json{{"claim", claim}}.dump() + "\n";
      ++corpus_.claims;
    }
    if (conflict) {
      PlantedConflict planted{kind, rules, {}};
      for (std::size_t c : culprits) planted.claims.push_back(ids[c]);
      std::sort(planted.claims.begin(), planted.claims.end());
      std::sort(planted.rules.begin(), planted.rules.end());
      corpus_.planted.push_back(std::move(planted));
    }
  }

  CorpusOptions options_;
  std::mt19937_64 rng_;
  Corpus corpus_;
  std::size_t subjects_ = 0, documents_ = 0, owned_entities_ = 0, extra_document_count_ = 0;
  std::string subject_;
  int year_ = kFirstYear;
  std::string entity_lines_, extra_documents_;
};

}  // namespace

Corpus generate_corpus(const CorpusOptions& options) { return Generator(options).run(); }

std::string truth_json(const CorpusOptions& options, const Corpus& corpus) {
  nlohmann::json planted = nlohmann::json::array();
  for (const auto& p : corpus.planted) planted.push_back({{"kind", p.kind}, {"rules", p.rules}, {"claims", p.claims}});
  nlohmann::json truth = {{"seed", options.seed},
                          {"claims", corpus.claims},
                          {"components", corpus.components},
                          {"conflict_share", options.conflict_share},
                          {"planted", planted}};
  return truth.dump(1) + "\n";
}

}  // namespace claimcheck::bench
