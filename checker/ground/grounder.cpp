#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "ground/ground.hpp"
#include "ground/key_table.hpp"
#include "ground/restatements.hpp"
#include "model/parallel.hpp"

namespace claimcheck {

namespace {

using Binding = std::map<std::string, std::string>;  // ?var -> entity id or period label

// The terms that must be stated keys for a rule to fire: every term that mentions no
// quantified variable (a term inside `any` that does not depend on it is bound like one outside).
void collect_terms(const RuleNode& n, std::vector<std::string>& quantified, std::vector<const RuleNode*>& out) {
  if (n.kind == RuleNode::Kind::term) {
    bool depends = std::any_of(n.args.begin(), n.args.end(), [&](const std::string& a) {
      return std::find(quantified.begin(), quantified.end(), a) != quantified.end();
    });
    if (!depends) out.push_back(&n);
  }
  if (n.kind == RuleNode::Kind::quantifier) quantified.push_back(n.variable);
  for (const auto& k : n.kids) collect_terms(k, quantified, out);
  if (n.kind == RuleNode::Kind::quantifier) quantified.pop_back();
}

// A rule's instances made so far, by the hash of their trees: two bindings can give one instance.
using Seen = std::unordered_multimap<std::size_t, std::size_t>;  // structure hash -> instance index

// A rule's instances as one slice of its bindings made them, each with its tree's hash; kept
// (deduplicated) when every slice is done.
using Made = std::vector<std::pair<std::size_t, RuleInstance>>;

class Grounder {
 public:
  Grounder(const std::vector<Claim>& claims, const std::vector<Document>& docs, const Vocabulary& vocab,
           GroundProblem& problem, const EntityRelations* relations)
      : claims_(claims), docs_(docs), vocab_(vocab), problem_(problem), table_(problem.variables),
        own_relations_(relations ? EntityRelations{} : entity_relations(vocab)),
        relations_(relations ? *relations : own_relations_) {
    for (std::size_t d = 0; d < docs_.size(); ++d) doc_index_.emplace(docs_[d].id, d);
  }

  // ground_keys: the table of stated keys, without their claims, taken over whole; each
  // instance's variables go to `each_instance` and the instance is not kept.
  void keys(StatedKeys::Table& stated, std::function<void(const std::vector<int>&)> each_instance) {
    vars_only_ = std::move(each_instance);
    problem_.variables = std::move(stated.vars);
    table_.take_over(stated.keys);
  }

  // Keys are interned in claim order, so variable ids follow first statement (KeyTable::add_atoms);
  // the new variables' keys and each claim's grounded atoms are made on `threads` after.
  void claims(unsigned threads) {
    std::size_t n = claims_.size();
    problem_.atom_begin.assign(1, 0);
    for (const auto& claim : claims_) problem_.atom_begin.push_back(problem_.atom_begin.back() + claim.atoms.size());
    std::size_t atom_count = problem_.atom_begin.back();
    reserve_prefaulted(problem_.atoms, atom_count, threads);
    problem_.atoms.resize(atom_count);
    reserve_prefaulted(problem_.variables, atom_count, threads);  // stated keys: at most one variable an atom
    table_.reserve(atom_count);
    std::size_t first_new = problem_.variables.size();
    std::vector<std::size_t> first_statement;  // per new variable: the atom (flat index) that states it first
    std::vector<int> atom_vars = table_.add_atoms(claims_, problem_.atom_begin, threads, first_statement);
    problem_.claim_weights.resize(n);
    for_each_index(n, threads, [&](std::size_t c) {
      const Claim& claim = claims_[c];
      for (std::size_t a = 0; a < claim.atoms.size(); ++a) {
        const Atom& atom = claim.atoms[a];
        std::size_t k = problem_.atom_begin[c] + a;
        GroundAtom& ground = problem_.atoms[k];
        ground.var = atom_vars[k];
        if (std::size_t var = ground.var; var >= first_new && first_statement[var - first_new] == k)
          problem_.variables[var] = {atom.key, atom.type};
        ground.interval = atom.interval;
        if (atom.kind == AtomKind::proposition) ground.polarity = atom.polarity;
        if (atom.tolerance) ground.center = atom.tolerance.get().center;
        ground.rounding_center = atom.rounding_center;
      }
      problem_.claim_weights[c] = claim.weight;
    });
  }

  // Figures of a metric `compared_as` another, and figures of two periods a claim set compares,
  // are equated with their counterparts (created when no claim states them, so that additivity
  // and expression rules see them), each equation carrying its caveat.
  void proxies(const RuleSpec& spec) {
    std::vector<PeriodProxy> periods;
    for (const auto& doc : docs_) periods.insert(periods.end(), doc.compare_periods.begin(), doc.compare_periods.end());
    std::set<std::pair<int, int>> linked;
    auto link = [&](int from, Key to, const std::string& caveat) {
      int target = table_.intern(to, problem_.variables[from].type);
      if (!linked.insert(std::minmax(from, target)).second) return;
      std::size_t before = problem_.instances.size();
      add_instance(spec, Expr::binary(Expr::Op::eq, Expr::variable(from), Expr::variable(target)));
      if (!vars_only_) problem_.instances[before].caveat = caveat;
    };
    std::size_t stated = problem_.variables.size();  // proxies start from stated keys only
    for (std::size_t id = 0; id < stated; ++id) {
      Key key = problem_.variables[id].key;
      auto metric = vocab_.metrics.find(key.name);
      if (metric == vocab_.metrics.end()) continue;
      if (!metric->second.compared_as.empty()) {
        Key as = key;
        as.name = metric->second.compared_as;
        link(static_cast<int>(id), as, metric->second.caveat);
      }
      for (std::size_t i = 0; i < key.periods.size(); ++i) {
        if (!key.periods[i]) continue;
        for (const auto& proxy : periods) {
          const Period* other = *key.periods[i] == proxy.first ? &proxy.second
                                : *key.periods[i] == proxy.second ? &proxy.first
                                                                  : nullptr;
          if (!other) continue;
          Key moved = key;
          moved.periods[i] = *other;
          moved.args[i] = label(*other);
          link(static_cast<int>(id), moved, proxy.caveat);
        }
      }
    }
  }

  void builtin(const RuleSpec& spec, unsigned threads) {
    if (spec.kind == RuleKind::additivity) additivity(spec, threads);
    if (spec.kind == RuleKind::past_event) past_events(spec);
  }

  void expression(const ParsedRule& rule, unsigned threads) {
    std::vector<const RuleNode*> match;
    std::vector<std::string> quantified;
    if (rule.match.empty()) collect_terms(rule.expr, quantified, match);
    else
      for (const auto& m : rule.match) match.push_back(&m);
    // A rule with `match` may make keys as it goes, and its later bindings can meet them: on one
    // thread. Any other rule only reads the key table, so its first term's candidates are shared
    // out in slices over `threads` threads. Instances are kept (or handed to the stream's first
    // pass) in candidate order, as one pass would keep them: the problem does not depend on the
    // thread count.
    unsigned workers = rule.match.empty() ? threads : 1;
    Binding none;
    std::vector<Made> made(1);
    if (match.empty()) {
      bind(rule, match, 0, none, made[0]);
    } else {
      std::vector<int> first = candidates(rule, *match[0], none);
      made.resize(std::min<std::size_t>(first.size(), std::size_t{workers} * 16));
      for_each_index(made.size(), workers, [&](std::size_t k) {
        for (std::size_t j = k * first.size() / made.size(); j < (k + 1) * first.size() / made.size(); ++j)
          try_candidate(rule, match, 0, none, first[j], made[k]);
      });
    }
    Seen seen;
    make_room(made, threads);
    for (auto& slice : made)
      for (auto& [hash, inst] : slice) keep(hash, std::move(inst), seen);
  }

 private:
  const std::vector<Claim>& claims_;
  const std::vector<Document>& docs_;
  const Vocabulary& vocab_;
  GroundProblem& problem_;
  KeyTable table_;
  EntityRelations own_relations_;  // when the caller has none
  const EntityRelations& relations_;
  std::map<std::string, std::size_t> doc_index_;
  std::function<void(const std::vector<int>&)> vars_only_;

  // The entities x with `x relation target` (relation_of_target false) or `target relation x`
  // (true), in id order.
  std::set<std::string> related_to(const std::string& relation, const std::string& target, bool target_is_left) const {
    std::set<std::string> out;
    if (relation == "aggravates") {
      if (target_is_left) {
        auto e = vocab_.entities.find(target);
        if (e != vocab_.entities.end()) out.insert(e->second.aggravates.begin(), e->second.aggravates.end());
      } else if (auto it = relations_.aggravated_by.find(target); it != relations_.aggravated_by.end()) {
        out = it->second;
      }
      return out;
    }
    if (!vocab_.entities.count(target)) return out;
    if (target_is_left) {
      out = vocab_.ancestors(target);
    } else if (auto it = relations_.descendants.find(target); it != relations_.descendants.end()) {
      out = it->second;
    }
    out.insert(target);  // part_of is reflexive
    return out;
  }

  // Room for a rule's instances, made in slices, before they are kept one by one: the vector
  // grows into prefaulted memory instead of a doubling at a time on this thread.
  template <class Slices>
  void make_room(const Slices& made, unsigned threads) {
    if (vars_only_) return;  // nothing is kept
    std::size_t count = 0;
    for (const auto& slice : made) count += slice.size();
    reserve_more_prefaulted(problem_.instances, count, threads);
  }

  void add_instance(const RuleSpec& spec, Expr expr, std::optional<int> claim = std::nullopt) {
    if (vars_only_) {
      std::vector<int> vars;
      collect_vars(expr, vars);
      vars_only_(vars);
      return;
    }
    problem_.instances.push_back(make_instance(spec, std::move(expr), claim));
  }

  RuleInstance make_instance(const RuleSpec& spec, Expr expr, std::optional<int> claim = std::nullopt) const {
    RuleInstance inst;
    inst.rule_id = spec.id;
    inst.kind = spec.kind;
    collect_vars(expr, inst.vars);
    inst.expr = std::move(expr);
    inst.claim = claim;
    inst.soft = spec.soft;
    inst.weight = spec.weight > 0 ? spec.weight : vocab_.reliability.fallback.value_or(1);
    return inst;
  }

  // Counts over disjoint sub-periods of a span add up to no more than the span's count. Only
  // the largest sub-periods join the sum (smaller ones are checked against those in turn);
  // overlapping ones are summed greedily and the rest bounded one by one. Groups (keys alike but
  // for their period) are independent: their instances are made on `threads` threads and kept
  // in the order of the groups' texts, as a map of the groups would list them.
  void additivity(const RuleSpec& spec, unsigned threads) {
    std::vector<int> additive;
    std::vector<std::size_t> period_at;
    for (const auto& [name, ids] : table_.by_name) {
      auto metric = vocab_.metrics.find(name);
      if (metric == vocab_.metrics.end() || metric->second.type != ValueType::count) continue;
      const auto& sig = metric->second.args;
      if (std::count(sig.begin(), sig.end(), ArgKind::period) != 1) continue;
      std::size_t at = std::find(sig.begin(), sig.end(), ArgKind::period) - sig.begin();
      additive.insert(additive.end(), ids.begin(), ids.end());
      period_at.insert(period_at.end(), ids.size(), at);
    }
    std::vector<std::string> texts(additive.size());  // the key without its period
    for_each_index(additive.size(), threads,
                   [&](std::size_t k) { texts[k] = problem_.variables[additive[k]].key.text_with_wildcard(period_at[k]); });
    std::unordered_map<std::string_view, std::size_t> group_of;
    std::vector<std::string_view> group_texts;
    std::vector<std::vector<int>> groups;  // vars, in key order
    for (std::size_t k = 0; k < additive.size(); ++k) {
      auto [it, added] = group_of.try_emplace(texts[k], groups.size());
      if (added) {
        group_texts.push_back(texts[k]);
        groups.emplace_back();
      }
      groups[it->second].push_back(additive[k]);
    }
    std::vector<std::size_t> order(groups.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return group_texts[a] < group_texts[b]; });
    std::vector<std::vector<Expr>> made(groups.size());
    for_each_index(order.size(), threads, [&](std::size_t k) { made[k] = additivity_within(groups[order[k]]); });
    make_room(made, threads);
    for (auto& exprs : made)
      for (auto& e : exprs) add_instance(spec, std::move(e));
  }

  // One group's instances, in the order of its keys.
  std::vector<Expr> additivity_within(const std::vector<int>& ids) const {
    std::vector<Expr> out;
    auto period = [&](int id) -> const Period& {
      const Key& k = problem_.variables[id].key;
      for (const auto& p : k.periods)
        if (p) return *p;
      throw std::logic_error("additive key without a period");
    };
    // By first day, so the periods inside a span are a run starting at the span's first day.
    std::vector<int> by_start = ids;
    std::sort(by_start.begin(), by_start.end(), [&](int a, int b) {
      return std::tie(period(a).first, period(a).last, a) < std::tie(period(b).first, period(b).last, b);
    });
    for (int span : ids) {
      std::vector<int> subs;
      const Period& outer = period(span);
      auto from = std::lower_bound(by_start.begin(), by_start.end(), outer.first,
                                   [&](int id, std::int64_t first) { return period(id).first < first; });
      for (auto it = from; it != by_start.end() && !(outer.last < period(*it).first); ++it)
        if (*it != span && outer.contains(period(*it)) && !(outer == period(*it))) subs.push_back(*it);
      // Keep the largest: drop those inside another sub-period.
      std::vector<int> largest;
      for (int s : subs) {
        bool inside = false;
        for (int t : subs)
          if (t != s && period(t).contains(period(s)) && !(period(t) == period(s))) inside = true;
        if (!inside) largest.push_back(s);
      }
      std::sort(largest.begin(), largest.end(), [&](int a, int b) {
        return std::tie(period(a).last, period(a).first) < std::tie(period(b).last, period(b).first);
      });
      std::vector<int> family, rest;
      for (int s : largest) {
        if (family.empty() || period(family.back()).last < period(s).first) family.push_back(s);
        else rest.push_back(s);
      }
      auto emit = [&](const std::vector<int>& parts) {
        if (parts.empty()) return;
        std::vector<Expr> terms;
        std::vector<int> ordered = parts;
        std::sort(ordered.begin(), ordered.end(), [&](int a, int b) { return period(a).first < period(b).first; });
        for (int p : ordered) terms.push_back(Expr::variable(p));
        out.push_back(Expr::binary(Expr::Op::le, Expr::sum(std::move(terms)), Expr::variable(span)));
      };
      emit(family);
      for (int r : rest) emit({r});
    }
    return out;
  }

  void past_events(const RuleSpec& spec) {
    for (std::size_t c = 0; c < claims_.size(); ++c) {
      const Claim& claim = claims_[c];
      if (claim.raw.tense != Tense::past) continue;
      auto found = doc_index_.find(claim.raw.document);
      if (found == doc_index_.end()) continue;
      const Document* doc = &docs_[found->second];
      for (std::size_t a = 0; a < claim.atoms.size(); ++a) {
        if (claim.atoms[a].kind != AtomKind::event) continue;
        int v = problem_.atoms[problem_.atom_begin[c] + a].var;
        Rational published(to_day_number(doc->published));
        add_instance(spec, Expr::binary(Expr::Op::le, Expr::variable(v), Expr::constant(published)),
                     static_cast<int>(c));
      }
    }
  }

  // ---- expression rules ----

  static bool unify(const RuleNode& pattern, const Key& key, Binding& binding) {
    if (pattern.name != key.name || pattern.args.size() != key.args.size()) return false;
    for (std::size_t i = 0; i < pattern.args.size(); ++i) {
      const std::string& p = pattern.args[i];
      if (p[0] == '?') {
        auto it = binding.find(p);
        if (it == binding.end()) binding[p] = key.args[i];
        else if (it->second != key.args[i]) return false;
      } else if (p != key.args[i]) {
        return false;
      }
    }
    return true;
  }

  void bind(const ParsedRule& rule, const std::vector<const RuleNode*>& match, std::size_t i, Binding& binding,
            Made& made) {
    if (i == match.size()) {
      guards(rule, 0, binding, made);
      return;
    }
    for (int id : candidates(rule, *match[i], binding)) try_candidate(rule, match, i, binding, id, made);
  }

  // The keys that agree with the binding (and the constants) at every position it fixes, and,
  // for a variable a guard relates to a bound one, take a related entity there. In id order, as
  // a scan of every key of the name would meet them.
  std::vector<int> candidates(const ParsedRule& rule, const RuleNode& pattern, const Binding& binding) {
    std::vector<std::size_t> positions;
    std::vector<std::string> values;
    std::optional<std::pair<std::size_t, std::set<std::string>>> guarded;
    for (std::size_t p = 0; p < pattern.args.size(); ++p) {
      const std::string& a = pattern.args[p];
      if (a[0] != '?') {
        positions.push_back(p);
        values.push_back(a);
      } else if (auto it = binding.find(a); it != binding.end()) {
        positions.push_back(p);
        values.push_back(it->second);
      } else if (!guarded) {
        for (const auto& g : rule.where) {
          auto left = binding.find(g.left), right = binding.find(g.right);
          if (g.left == a && right != binding.end()) guarded.emplace(p, related_to(g.relation, right->second, false));
          else if (g.right == a && left != binding.end()) guarded.emplace(p, related_to(g.relation, left->second, true));
          if (guarded) break;
        }
      }
    }
    std::vector<int> found;
    if (guarded) {
      auto at = std::lower_bound(positions.begin(), positions.end(), guarded->first) - positions.begin();
      positions.insert(positions.begin() + at, guarded->first);
      values.insert(values.begin() + at, std::string());
      for (const auto& entity : guarded->second) {
        values[at] = entity;
        if (const auto* ids = table_.lookup(pattern.name, positions, values))
          found.insert(found.end(), ids->begin(), ids->end());
      }
      std::sort(found.begin(), found.end());
    } else if (const auto* ids = table_.lookup(pattern.name, positions, values)) {
      found = *ids;
    }
    return found;
  }

  // Binds match[i] to the key of variable `id` if it unifies, then the terms after it.
  void try_candidate(const ParsedRule& rule, const std::vector<const RuleNode*>& match, std::size_t i,
                     const Binding& binding, int id, Made& made) {
    Binding extended = binding;
    const Key& key = problem_.variables[id].key;
    if (!unify(*match[i], key, extended)) return;
    // Money terms of one instance share a currency.
    if (!key.unit.empty()) {
      auto unit = extended.find("$unit");
      if (unit == extended.end()) extended["$unit"] = key.unit;
      else if (unit->second != key.unit) return;
    }
    bind(rule, match, i + 1, extended, made);
  }

  bool related(const std::string& relation, const std::string& a, const std::string& b) const {
    auto e = vocab_.entities.find(a);
    if (e == vocab_.entities.end()) return false;
    if (relation == "aggravates")
      return std::find(e->second.aggravates.begin(), e->second.aggravates.end(), b) != e->second.aggravates.end();
    return a == b || vocab_.ancestors(a).count(b) > 0;  // part_of: reflexive and transitive
  }

  void guards(const ParsedRule& rule, std::size_t i, Binding& binding, Made& made) {
    if (i == rule.where.size()) {
      instantiate(rule, binding, made);
      return;
    }
    const RelationGuard& g = rule.where[i];
    auto left = binding.find(g.left), right = binding.find(g.right);
    if (left != binding.end() && right != binding.end()) {
      if (related(g.relation, left->second, right->second)) guards(rule, i + 1, binding, made);
      return;
    }
    // Bind the missing side from the vocabulary, in id order.
    for (const auto& [a, _] : vocab_.entities)
      for (const auto& [b, __] : vocab_.entities) {
        if (left != binding.end() && left->second != a) continue;
        if (right != binding.end() && right->second != b) continue;
        if (!related(g.relation, a, b)) continue;
        Binding extended = binding;
        extended[g.left] = a;
        extended[g.right] = b;
        guards(rule, i + 1, extended, made);
      }
  }

  struct Unresolved {};

  // The variable of a term under a binding, in the instance's currency for money terms.
  int resolve(const RuleNode& term, const Binding& binding, std::string& currency, bool create) {
    Key key;
    key.name = term.name;
    for (const auto& a : term.args) {
      if (a[0] == '?') {
        auto it = binding.find(a);
        if (it == binding.end()) throw Unresolved{};
        key.args.push_back(it->second);
      } else {
        key.args.push_back(a);
      }
    }
    if (const KeyTable::Units* found = table_.find_plain(key)) {
      const KeyTable::Units& units = *found;
      if (units.size() == 1 && units.front().first.empty()) return units.front().second;
      if (currency.empty()) {
        currency = units.front().first;  // the first currency (alphabetically) sets the instance's
      }
      if (const int* var = KeyTable::unit_var(units, currency)) return *var;
      throw Unresolved{};
    }
    if (!create) throw Unresolved{};
    auto metric = vocab_.metrics.find(term.name);
    ValueType type = term.boolean ? ValueType::boolean
                     : metric != vocab_.metrics.end() ? metric->second.type
                                                      : ValueType::date;
    if (type == ValueType::money) throw Unresolved{};  // no currency to give it
    return table_.intern(key, type);
  }

  Expr build(const RuleNode& n, Binding& binding, std::string& currency, bool create) {
    using K = RuleNode::Kind;
    switch (n.kind) {
      case K::number: return Expr::constant(n.value);
      case K::term: return Expr::variable(resolve(n, binding, currency, create));
      case K::add: {
        std::vector<Expr> terms;
        for (const auto& k : n.kids) terms.push_back(build(k, binding, currency, create));
        return Expr::sum(std::move(terms));
      }
      case K::scale: return Expr::scaled(n.value, build(n.kids[0], binding, currency, create));
      case K::compare:
        return Expr::binary(n.compare, build(n.kids[0], binding, currency, create),
                            build(n.kids[1], binding, currency, create));
      case K::not_: return Expr::unary(Expr::Op::not_, build(n.kids[0], binding, currency, create));
      case K::and_:
      case K::or_: {
        std::vector<Expr> parts;
        for (const auto& k : n.kids) parts.push_back(build(k, binding, currency, create));
        return n.kind == K::and_ ? Expr::all_of(std::move(parts)) : Expr::any_of(std::move(parts));
      }
      case K::implies:
        return Expr::binary(Expr::Op::implies, build(n.kids[0], binding, currency, create),
                            build(n.kids[1], binding, currency, create));
      case K::quantifier: {
        auto target = n.target[0] == '?' ? binding.find(n.target) : binding.end();
        std::string target_id = n.target[0] == '?' ? (target == binding.end() ? "" : target->second) : n.target;
        if (target_id.empty()) throw Unresolved{};
        std::vector<Expr> parts;
        for (const auto& id : related_to(n.relation, target_id, false)) {
          Binding inner = binding;
          inner[n.variable] = id;
          std::string inner_currency = currency;
          try {
            parts.push_back(build(n.kids[0], inner, inner_currency, false));
            currency = inner_currency;
          } catch (const Unresolved&) {
            // Only entities whose terms are all stated take part.
          }
        }
        if (parts.empty()) throw Unresolved{};
        return n.any ? Expr::any_of(std::move(parts)) : Expr::all_of(std::move(parts));
      }
    }
    throw Unresolved{};
  }

  void instantiate(const ParsedRule& rule, Binding& binding, Made& made) {
    std::string currency = binding.count("$unit") ? binding.at("$unit") : "";
    Expr e;
    try {
      e = build(rule.expr, binding, currency, !rule.match.empty());
    } catch (const Unresolved&) {
      return;
    }
    if (vars_only_) {  // its variables are all ground_keys keeps: no tree, no hash
      collect_vars(e, made.emplace_back(0, RuleInstance{}).second.vars);
      return;
    }
    // x <= x and the like say nothing (a reflexive part_of can produce them).
    if (e.kids.size() == 2 && (e.op == Expr::Op::le || e.op == Expr::Op::ge || e.op == Expr::Op::eq) &&
        e.kids[0] == e.kids[1])
      return;
    std::size_t hash = structure_hash(e);
    made.emplace_back(hash, make_instance(*rule.spec, std::move(e)));
  }

  // An instance, unless the rule has made the same one already; ground_keys' go to its callback
  // (a duplicate joins nothing new).
  void keep(std::size_t hash, RuleInstance inst, Seen& seen) {
    if (vars_only_) return vars_only_(inst.vars);
    auto [from, to] = seen.equal_range(hash);
    for (auto it = from; it != to; ++it)
      if (problem_.instances[it->second].expr == inst.expr) return;
    seen.emplace(hash, problem_.instances.size());
    problem_.instances.push_back(std::move(inst));
  }
};

}  // namespace

EntityRelations entity_relations(const Vocabulary& vocab) {
  // Most entities are part of nothing: walking up only from those that are keeps this cheap for
  // a vocabulary of 55,000 entities.
  EntityRelations relations;
  for (const auto& [id, entity] : vocab.entities) {
    for (const auto& base : entity.aggravates) relations.aggravated_by[base].insert(id);
    if (!entity.part_of.empty())
      for (const auto& ancestor : vocab.ancestors(id)) relations.descendants[ancestor].insert(id);
  }
  return relations;
}

GroundProblem ground(const std::vector<Claim>& claims, const std::vector<Document>& documents,
                     const Vocabulary& vocab, const std::vector<ParsedRule>& rules, unsigned threads,
                     const EntityRelations* relations) {
  GroundProblem problem;
  Grounder g(claims, documents, vocab, problem, relations);
  g.claims(threads);
  for (const auto& spec : vocab.rules)
    if (spec.kind == RuleKind::proxy) g.proxies(spec);  // first: they add keys the other rules see
  for (const auto& spec : vocab.rules) g.builtin(spec, threads);
  for (const auto& rule : rules) g.expression(rule, threads);
  merge_restatements(problem, claims, vocab, threads);
  return problem;
}

std::size_t ground_keys(StatedKeys stated, const std::vector<Document>& documents, const Vocabulary& vocab,
                        const std::vector<ParsedRule>& rules, unsigned threads,
                        const std::function<void(const std::vector<int>& vars)>& each_instance) {
  GroundProblem problem;
  std::vector<Claim> no_claims;
  Grounder g(no_claims, documents, vocab, problem, nullptr);
  g.keys(*stated.table_, each_instance);
  for (const auto& spec : vocab.rules)
    if (spec.kind == RuleKind::proxy) g.proxies(spec);
  for (const auto& spec : vocab.rules) g.builtin(spec, threads);
  for (const auto& rule : rules) g.expression(rule, threads);
  return problem.variables.size();
}

}  // namespace claimcheck
