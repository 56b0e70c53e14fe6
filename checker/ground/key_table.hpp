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
#include "model/open_addressing.hpp"
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

// Lookups only, except by_name and the units of a plain key, which are walked in order.
//
// Plain keys, name(args), sit in an open-addressing table of their hashes, compared by name and
// arguments: at a million claims, making each key's text to hash and compare it, and a node for
// each in a hash map, were most of interning's time and a seventh of grounding's peak memory.
struct KeyTable {
  // The variables of one plain key: one for each unit it is stated in, sorted by unit ("" first).
  // Most keys have one, so a vector beats a map here.
  using Units = std::vector<std::pair<std::string, int>>;

  explicit KeyTable(std::vector<Variable>& variables) : vars(variables) {}

  std::vector<Variable>& vars;
  std::map<std::string, std::vector<int>> by_name;  // name -> vars, in key order

  // The hash of a key's name and arguments (its unit left out), made on any thread.
  static std::size_t plain_hash(const Key& key) {
    std::size_t h = std::hash<std::string_view>{}(key.name) ^ key.args.size();
    for (const auto& arg : key.args) h = (h ^ std::hash<std::string_view>{}(arg)) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
  }
  static bool same_plain(const Key& a, const Key& b) { return a.name == b.name && a.args == b.args; }

  // The units of the plain key of `key`, or nullptr.
  const Units* find_plain(const Key& key) const {
    if (slots_.empty()) return nullptr;
    std::size_t slot = find_slot(key, plain_hash(key), key_of_variable());
    return slots_[slot] < 0 ? nullptr : &plains_[static_cast<std::size_t>(slots_[slot])].units;
  }
  // Another table's keys and indexes by name, its variables already moved into `vars`.
  void take_over(KeyTable& other) {
    by_name = std::move(other.by_name);
    plains_ = std::move(other.plains_);
    slots_ = std::move(other.slots_);
  }
  void reserve(std::size_t plains) {
    plains_.reserve(plains);
    if (2 * plains > slots_.size()) rehash(slots_for(plains));
  }

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

  int intern(const Key& key, ValueType type) {
    auto [id, fresh] = add(key, plain_hash(key), key_of_variable());
    if (fresh) vars[id] = {key, type};
    return id;
  }

  // Interns the key of every atom of `claims` in claim order, so new variables are numbered by
  // first statement: hashes made on `threads` threads, the lookups on the caller's. Returns each
  // atom's variable, flat (claim c's atoms start at atom_begin[c]); `first_statements` gets, for
  // each new variable in id order, the flat index of the atom stating it first, whose variable
  // the caller fills in (see add).
  std::vector<int> add_atoms(const std::vector<Claim>& claims, const std::vector<std::size_t>& atom_begin,
                             unsigned threads, std::vector<std::size_t>& first_statements) {
    std::size_t atom_count = atom_begin.back();
    std::vector<std::size_t> hashes(atom_count);
    std::vector<const Key*> keys(atom_count);
    for_each_index(claims.size(), threads, [&](std::size_t c) {
      for (std::size_t a = 0, k = atom_begin[c]; a < claims[c].atoms.size(); ++a, ++k) {
        keys[k] = &claims[c].atoms[a].key;
        hashes[k] = plain_hash(*keys[k]);
      }
    });
    // Until the caller fills them in, the new variables' keys are their first atoms'.
    std::size_t first_new = vars.size();
    auto key_of = [&](int var) -> const Key& {
      auto v = static_cast<std::size_t>(var);
      return v < first_new ? vars[v].key : *keys[first_statements[v - first_new]];
    };
    std::vector<int> atom_vars(atom_count);
    for (std::size_t k = 0; k < atom_count; ++k) {
      auto [var, fresh] = add(*keys[k], hashes[k], key_of);
      atom_vars[k] = var;
      if (fresh) first_statements.push_back(k);
    }
    return atom_vars;
  }

  // The key's variable and whether it is new. A new key's variable is left empty, for the caller
  // to fill in (vars[id]), maybe on another thread, before anything looks it up; `key_of` gives
  // the key of any variable so far.
  template <class KeyOf>
  std::pair<int, bool> add(const Key& key, std::size_t hash, const KeyOf& key_of) {
    if (2 * (plains_.size() + 1) > slots_.size()) rehash(slots_for(plains_.size() + 1));
    std::size_t slot = find_slot(key, hash, key_of);
    if (slots_[slot] < 0) {
      slots_[slot] = static_cast<int>(plains_.size());
      plains_.push_back({hash, -1, {}});
    }
    Plain& plain = plains_[static_cast<std::size_t>(slots_[slot])];
    auto at = unit_position(plain.units, key.unit);
    if (at != plain.units.end() && at->first == key.unit) return {at->second, false};
    int id = static_cast<int>(vars.size());
    if (plain.var < 0) plain.var = id;
    plain.units.insert(at, {key.unit, id});
    vars.emplace_back();
    by_name[key.name].push_back(id);
    return {id, true};
  }

 private:
  struct Plain {
    std::size_t hash;
    int var;  // a variable of this plain key: its key is what others are compared with
    Units units;
  };
  std::vector<Plain> plains_;
  std::vector<int> slots_;  // index into plains_, or -1; a power of two long, at most half full

  // The variables' keys, once their variables are filled in.
  struct VariableKey {
    const std::vector<Variable>& vars;
    const Key& operator()(int var) const { return vars[static_cast<std::size_t>(var)].key; }
  };
  VariableKey key_of_variable() const { return {vars}; }
  static bool empty_slot(int entry) { return entry < 0; }
  // The slot holding the key's plain key, or the empty slot where it would go.
  template <class KeyOf>
  std::size_t find_slot(const Key& key, std::size_t hash, const KeyOf& key_of) const {
    return probe(slots_, hash, empty_slot, [&](int entry) {
      const Plain& plain = plains_[static_cast<std::size_t>(entry)];
      return plain.hash == hash && same_plain(key_of(plain.var), key);
    });
  }
  void rehash(std::size_t slots) {
    slots_.assign(slots, -1);
    for (std::size_t p = 0; p < plains_.size(); ++p)
      slots_[probe(slots_, plains_[p].hash, empty_slot, [](int) { return false; })] = static_cast<int>(p);
  }
};

// The first pass's table, handed whole to ground_keys().
struct StatedKeys::Table {
  std::vector<Variable> vars;
  KeyTable keys{vars};
};

}  // namespace claimcheck
