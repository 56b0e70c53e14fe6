#pragma once
// The grounder's table of keys (internal to ground/): every key stated or made by a rule, once,
// with the indexes rules join through.
#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "ground/ground.hpp"
#include "model/parallel.hpp"
#include "model/problem.hpp"

namespace claimcheck {

struct TextsHash {
  std::size_t operator()(const std::vector<std::string>& texts) const {
    std::size_t h = texts.size();
    for (const auto& t : texts) h = h * 1000003u ^ std::hash<std::string>{}(t);
    return h;
  }
};

// Lookups only, except by_name and the units of by_plain, which are walked in order; hashed
// where walking is never needed, since comparing long key texts was most of grounding's time at
// a million claims.
struct KeyTable {
  // The variables of one plain key, name(args): one for each unit it is stated in, sorted by
  // unit ("" first). Most keys have one, so a vector beats a map here.
  using Units = std::vector<std::pair<std::string, int>>;

  // A key's plain text, name(args), with its hash: both made on any thread, so that interning,
  // which must go in order on one, only looks up.
  struct PlainText {
    std::string text;
    std::size_t hash = 0;
    bool operator==(const PlainText& other) const { return hash == other.hash && text == other.text; }
  };
  struct PlainTextHash {
    std::size_t operator()(const PlainText& plain) const { return plain.hash; }
  };
  static PlainText plain(const Key& key) {
    std::string text = key.text();  // "name(args) [unit]": the unit is cut off
    if (!key.unit.empty()) text.resize(text.size() - key.unit.size() - 3);
    std::size_t hash = std::hash<std::string>{}(text);
    return {std::move(text), hash};
  }

  std::vector<Variable>& vars;
  std::map<std::string, std::vector<int>> by_name;  // name -> vars, in key order
  std::unordered_map<PlainText, Units, PlainTextHash> by_plain;  // name(args) -> its variables

  // For one name and a set of argument positions: the vars whose arguments at those positions
  // have given values, in id order. Built on first use; rebuilt when keys of that name were added.
  struct PositionIndex {
    std::size_t built_from = 0;
    std::unordered_map<std::vector<std::string>, std::vector<int>, TextsHash> by_values;
  };
  std::map<std::pair<std::string, std::vector<std::size_t>>, PositionIndex> indexes;
  std::mutex indexes_mutex;  // lookups may run on several threads while no key is interned

  const std::vector<int>* lookup(const std::string& name, const std::vector<std::size_t>& positions,
                                 const std::vector<std::string>& values) {
    auto all = by_name.find(name);
    if (all == by_name.end()) return nullptr;
    std::unique_lock<std::mutex> lock(indexes_mutex);
    PositionIndex& index = indexes[{name, positions}];
    if (index.built_from != all->second.size()) {
      index.by_values.clear();
      for (int id : all->second) {
        const Key& key = vars[id].key;
        std::vector<std::string> at;
        for (std::size_t p : positions) at.push_back(p < key.args.size() ? key.args[p] : std::string());
        index.by_values[std::move(at)].push_back(id);
      }
      index.built_from = all->second.size();
    }
    lock.unlock();  // a built index is only read until the next key is interned
    auto found = index.by_values.find(values);
    return found == index.by_values.end() ? nullptr : &found->second;
  }

  template <class U>
  static auto unit_position(U& units, const std::string& unit) {
    return std::lower_bound(units.begin(), units.end(), unit,
                            [](const auto& entry, const std::string& u) { return entry.first < u; });
  }
  static const int* unit_var(const Units& units, const std::string& unit) {
    auto at = unit_position(units, unit);
    return at != units.end() && at->first == unit ? &at->second : nullptr;
  }

  int intern(const Key& key, ValueType type) { return intern(key, type, plain(key)); }
  int intern(const Key& key, ValueType type, PlainText text) {
    auto [id, fresh] = add(key, std::move(text));
    if (fresh) vars[id] = {key, type};
    return id;
  }
  // Interns the key of every atom of `claims` in claim order, so new variables are numbered by
  // first statement: texts and hashes made on `threads` threads, the lookups on the caller's.
  // Returns each atom's variable, flat (claim c's atoms start at atom_begin[c]); `first_statements`
  // gets, for each new variable in id order, the flat index of the atom stating it first, whose
  // variable the caller fills in (see add).
  std::vector<int> add_atoms(const std::vector<Claim>& claims, const std::vector<std::size_t>& atom_begin,
                             unsigned threads, std::vector<std::size_t>& first_statements) {
    std::vector<PlainText> texts(atom_begin.back());
    for_each_index(claims.size(), threads, [&](std::size_t c) {
      for (std::size_t a = 0; a < claims[c].atoms.size(); ++a) texts[atom_begin[c] + a] = plain(claims[c].atoms[a].key);
    });
    std::vector<int> atom_vars(texts.size());
    for (std::size_t c = 0, k = 0; c < claims.size(); ++c)
      for (std::size_t a = 0; a < claims[c].atoms.size(); ++a, ++k) {
        auto [var, fresh] = add(claims[c].atoms[a].key, std::move(texts[k]));
        atom_vars[k] = var;
        if (fresh) first_statements.push_back(k);
      }
    return atom_vars;
  }

  // The key's variable and whether it is new. A new key's variable is left empty, for the caller
  // to fill in (vars[id]), maybe on another thread, before anything looks it up.
  std::pair<int, bool> add(const Key& key, PlainText text) {
    Units& units = by_plain.try_emplace(std::move(text)).first->second;
    auto at = unit_position(units, key.unit);
    if (at != units.end() && at->first == key.unit) return {at->second, false};
    int id = static_cast<int>(vars.size());
    units.insert(at, {key.unit, id});
    vars.emplace_back();
    by_name[key.name].push_back(id);
    return {id, true};
  }
};

// The first pass's table, handed whole to ground_keys().
struct StatedKeys::Table {
  std::vector<Variable> vars;
  KeyTable keys{vars, {}, {}, {}, {}};
};

}  // namespace claimcheck
