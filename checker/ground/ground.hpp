#pragma once
// ground/: rule packs and typed facts to a quantifier-free problem. Each claim becomes a
// constraint over the variables of its keys; each rule is instantiated over the keys the claims
// state, so the solver never sees a quantifier.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/claim.hpp"
#include "model/diagnostics.hpp"
#include "model/problem.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

// A parsed rule expression; terms keep variables (?x) unbound.
struct RuleNode {
  enum class Kind { number, term, add, scale, compare, not_, and_, or_, implies, quantifier };
  Kind kind = Kind::number;
  Rational value = 0;             // number; factor for scale
  std::string name;               // term: canonical metric / predicate / event id
  std::vector<std::string> args;  // term: "?var", entity id or period label
  bool boolean = false;           // term: a proposition
  Expr::Op compare = Expr::Op::eq;
  bool any = true;                // quantifier: any / all
  std::string variable, relation, target;  // quantifier: VAR REL TARGET
  std::vector<RuleNode> kids;
};

struct RelationGuard {
  std::string left, relation, right;  // "?agg aggravates ?base"
};

struct ParsedRule {
  const RuleSpec* spec = nullptr;
  RuleNode expr;
  std::vector<RuleNode> match;  // terms that must be stated keys
  std::vector<RelationGuard> where;
};

// Parses every expression rule; syntax, unknown names, arity and sort mismatches go to `diags`.
std::vector<ParsedRule> parse_rules(const Vocabulary& vocab, Diagnostics& diags);

// The vocabulary's entity relations, inverted: who aggravates each entity, and what is part of
// it. Finding them walks every entity; a run that grounds batch after batch over one vocabulary
// (check --stream) makes them once and hands them to each ground().
struct EntityRelations {
  std::map<std::string, std::set<std::string>> aggravated_by;  // base -> the entities aggravating it
  std::map<std::string, std::set<std::string>> descendants;    // entity -> everything part_of it
};
EntityRelations entity_relations(const Vocabulary& vocab);

// Restated claims are found on up to `threads` threads; the problem does not depend on how many.
// `relations`: entity_relations(vocab), when the caller has them.
GroundProblem ground(const std::vector<Claim>& claims, const std::vector<Document>& documents,
                     const Vocabulary& vocab, const std::vector<ParsedRule>& rules, unsigned threads = 1,
                     const EntityRelations* relations = nullptr);

// The keys check --stream's first pass finds in its claims, interned as the claims come: what
// ground_keys() instantiates the rules over.
class StatedKeys {
 public:
  StatedKeys();
  StatedKeys(StatedKeys&&) noexcept;
  StatedKeys& operator=(StatedKeys&&) noexcept;
  ~StatedKeys();

  // The variable of every atom of `claims`, claim by claim; keys new to the table are numbered
  // in the order first stated and moved out of their atoms (nothing reads a key after). Texts
  // and hashes are made on up to `threads` threads, the lookups on the caller's.
  std::vector<int> intern(std::vector<Claim>& claims, unsigned threads);
  std::size_t size() const;
  // Room for `keys` keys, so that the table does not move as it grows to them.
  void reserve(std::size_t keys);

  struct Table;

 private:
  friend std::size_t ground_keys(StatedKeys, const std::vector<Document>&, const Vocabulary&,
                                 const std::vector<ParsedRule>&, unsigned,
                                 const std::function<void(const std::vector<int>&)>&);
  std::unique_ptr<Table> table_;
};

// The rule instances over the stated keys alone (variables 0.. as interned; proxies add more),
// each given to `each_instance` as its variables and then dropped: what joins claims into
// components, for a run that partitions its corpus before it holds any claim (check --stream).
// Instances bound to one claim (past events) join nothing and are left out. Returns the number
// of variables, stated and proxy-made. Rules are instantiated on up to `threads` threads;
// `each_instance` is called on the caller's thread, in the order ground() makes them.
std::size_t ground_keys(StatedKeys stated, const std::vector<Document>& documents, const Vocabulary& vocab,
                        const std::vector<ParsedRule>& rules, unsigned threads,
                        const std::function<void(const std::vector<int>& vars)>& each_instance);

}  // namespace claimcheck
