#pragma once
// Documents, claims as written, and the typed facts normalize/ reads from them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/out_of_line.hpp"
#include "model/period.hpp"
#include "model/rational.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

// Two periods whose figures a claim set compares as if they were one period (a calendar year
// and a reporting year, say); every finding or comparison that relies on it carries the caveat.
struct PeriodProxy {
  Period first, second;
  std::string caveat;
  SourceLoc loc;
};

struct Document {
  std::string id;
  std::string title;
  std::string author;
  Date published;
  std::optional<Period> covers;
  std::string source;  // path of the source text, relative to the claim-set file
  std::string file;    // the claim-set file
  std::vector<PeriodProxy> compare_periods;
  SourceLoc loc;
};

enum class Modality { asserts, estimates, no_evidence, speculation };
enum class Tense { past, present, future };
std::string to_string(Modality modality);
std::string to_string(Tense tense);
// The modality or tense a claim names, as written in claim sets; nullopt for any other word.
std::optional<Modality> modality_named(std::string_view name);
std::optional<Tense> tense_named(std::string_view name);

// What a claim set may add to a claim and machine-extracted claims mostly leave out.
struct ClaimExtras {
  // The source text around the quote (white space collapsed), when the document names its source.
  std::string context_before, context_after;
  std::string note;
  std::vector<std::string> related;  // other claims a reader should compare: "id" or "DOC/id"
  std::vector<SourceLoc> related_locs;
};

// A claim's value given apart from its fact (`value:`), where it was written.
struct StatedValue {
  std::string text;
  SourceLoc loc;
};

// A claim as written in a claim set, before its fact is read.
struct RawClaim {
  std::string id;
  std::string document;  // document id
  std::string said_by;   // as written
  std::string at;
  std::string quote;
  std::string fact;
  // Out of line, as most claims state their value in the fact: 40 bytes a claim fewer.
  OutOfLine<StatedValue> value;
  // Out of line: a million claims without extras are 136 bytes smaller each.
  OutOfLine<ClaimExtras> extras;
  Modality modality = Modality::asserts;
  Tense tense = Tense::past;
  SourceLoc loc;
  SourceLoc said_by_loc;
  SourceLoc fact_loc;   // where the fact text's first character is
};

struct Bound {
  Rational value;
  bool strict = false;
  bool operator==(const Bound&) const = default;
};

// A set of numbers: empty sides are unbounded.
struct Interval {
  std::optional<Bound> lo, hi;
  bool operator==(const Interval&) const = default;
};
Interval intersect(const Interval& a, const Interval& b);
bool is_empty(const Interval& interval);
bool contains(const Interval& interval, const Rational& value);

// What a fact is about: a metric, predicate or event with canonical arguments. Money keys carry
// their currency, because amounts in different currencies only meet through a rate.
struct Key {
  std::string name;
  std::vector<std::string> args;  // entity ids, or period labels
  std::vector<std::optional<Period>> periods;  // per argument, for period arguments
  std::string unit;               // currency of a money key, else ""
  std::string text() const;       // trafficking_rings_dismantled(Morocco, 2006) [MAD]
  // The text with argument `wildcard` written as "*": the key's family over that argument.
  std::string text_with_wildcard(std::size_t wildcard) const;
  bool operator==(const Key& other) const { return text() == other.text(); }
  bool operator<(const Key& other) const { return text() < other.text(); }
};

enum class AtomKind { quantity, proposition, event, rate };

// A qualifier's tolerance: the stated number it widens about and the qualifier's words.
// Widening the tolerance t times moves each bound to center + t * (bound - center).
struct Tolerance {
  Rational center;
  std::string words;
};

struct Atom {
  AtomKind kind = AtomKind::quantity;
  Key key;
  ValueType type = ValueType::count;
  Interval interval;       // quantities, events (day numbers), rates
  bool polarity = true;    // propositions
  std::string wording;     // the words the interval was read from: "more than 350"
  // How they were read: "qualifier 'more than': above the number, no upper limit". Only when
  // normalize is asked (the explain subcommand): a million of them cost memory no report uses.
  OutOfLine<std::string> reading;
  // For an interval that a qualifier's tolerance made ("roughly 10,000"). Out of line: most
  // figures are stated plainly.
  OutOfLine<Tolerance> tolerance;
  // For an interval that rounding made ("= 80", "200 MAD = 23 USD"): the stated number, or the
  // rate the stated numbers give. Never widened to classify a finding, only to say how far a
  // contradiction lies beyond the rounding.
  std::optional<Rational> rounding_center;
  SourceLoc loc;
};

// A claim with its typed facts.
struct Claim {
  RawClaim raw;
  std::string said_by;  // canonical entity id
  std::vector<Atom> atoms;
  // Qualified ids, checked to exist. Out of line: few claims list any, 16 bytes a claim fewer.
  OutOfLine<std::vector<std::string>> related;
  int weight = 1;                    // cost of doubting it: its source's reliability
  std::string qualified_id() const { return raw.document + "/" + raw.id; }
};

}  // namespace claimcheck
