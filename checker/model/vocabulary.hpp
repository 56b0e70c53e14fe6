#pragma once
// What the rule packs declare: units, qualifier words, entities, metrics, predicates, events
// and rule specifications. Built by load/, read by every later stage.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/rational.hpp"

namespace claimcheck {

enum class ValueType { count, stock, ratio, money, duration, date, boolean };
std::string to_string(ValueType type);

enum class Dimension { none, percent, currency, duration };

struct Unit {
  std::string id;           // canonical: MAD, USD, percent, months
  Dimension dimension = Dimension::none;
  Rational factor = 1;      // to the dimension's base unit (months for durations)
  std::vector<std::string> aliases;
  SourceLoc loc;
};

// One end of a qualifier interval, relative to the stated number x: x + |x| * offset.
struct QualifierBound {
  Rational offset = 0;
  bool strict = false;
};

struct Qualifier {
  std::vector<std::string> words;  // lower case, single spaces
  std::optional<QualifierBound> lower, upper;
  SourceLoc loc;
};

struct Entity {
  std::string id;
  std::string name;
  std::string entity_class;
  std::vector<std::string> aliases;
  std::vector<std::string> part_of;     // canonical ids after loading
  std::vector<std::string> aggravates;  // canonical ids after loading
  SourceLoc loc;
};

enum class ArgKind { entity, period };

struct Signature {
  std::string id;
  std::vector<ArgKind> args;
  std::vector<std::string> aliases;
  std::string description;
  SourceLoc loc;
};

struct Metric : Signature {
  ValueType type = ValueType::count;
  // A metric counted under a different definition from `compared_as` (say, rings of migrant
  // smuggling and of trafficking together, against trafficking rings only). Its figures are
  // compared with that metric's as if they were the same, and every finding or comparison that
  // relies on it carries `caveat`.
  std::string compared_as;
  std::string caveat;
  SourceLoc compared_as_loc;
};

enum class RuleKind {
  agreement, additivity, past_event, conversion, proxy,  // built in
  parts_sum, subset_bound, time_order, range, aggravation, implication, constraint  // expressions
};
std::string to_string(RuleKind kind);

template <class Map>
std::vector<std::string> keys_of(const Map& map) {
  std::vector<std::string> out;
  for (const auto& entry : map) out.push_back(entry.first);
  return out;
}
bool is_builtin(RuleKind kind);

struct RuleSpec {
  std::string id;
  RuleKind kind = RuleKind::constraint;
  std::string description;
  std::string pack;
  std::string require;  // expression text, expression kinds only
  bool soft = false;    // may be doubted like a claim
  int weight = 0;       // soft rules: the cost of doubting it; 0 means the default reliability
  SourceLoc require_loc;  // where the expression text starts
  std::vector<std::string> match;
  std::vector<SourceLoc> match_locs;
  std::vector<std::string> where;
  std::vector<SourceLoc> where_locs;
  SourceLoc loc;
};

// How costly it is to doubt a source: a claim's weight is its source's. Higher means more
// reliable. Entities first, then classes, then the nearest part_of ancestor, then the default.
struct Reliability {
  std::optional<int> fallback;
  std::map<std::string, int> classes;
  std::map<std::string, int> entities;
};

struct Vocabulary {
  std::map<std::string, Unit> units;               // by canonical id
  std::map<std::string, std::string> unit_alias;   // lower-case spelling -> id
  std::vector<Qualifier> qualifiers;
  std::map<std::string, Entity> entities;
  std::map<std::string, std::string> entity_alias;  // alias or id -> id
  std::map<std::string, Metric> metrics;
  std::map<std::string, std::string> metric_alias;
  std::map<std::string, Signature> predicates;
  std::map<std::string, Signature> events;
  std::map<std::string, std::string> predicate_alias;
  std::map<std::string, std::string> event_alias;
  std::vector<RuleSpec> rules;                      // in pack file order
  Reliability reliability;
  std::vector<std::string> pack_files;

  // Transitive closure of part_of, without the entity itself.
  std::set<std::string> ancestors(const std::string& entity) const;
  // The tops of an entity's part_of tree (the entity itself when it is part of nothing).
  std::set<std::string> family_roots(const std::string& entity) const;
  // Positions of `sources` (entity ids) grouped into families: sources sharing a part_of root
  // speak for one family. Families in order of their first member, members ascending.
  std::vector<std::vector<std::size_t>> source_families(const std::vector<std::string>& sources) const;
  // Every spelling of a metric, predicate or event name, for suggestions.
  std::vector<std::string> term_names() const;
  const RuleSpec* rule(const std::string& id) const;  // nullptr when no pack defines it
  std::string entity_label(const std::string& id) const;  // "Ministry of the Interior (MOI)"
};

}  // namespace claimcheck
