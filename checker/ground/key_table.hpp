#pragma once
// The grounder's table of keys (internal to ground/): every key stated or made by a rule, once,
// with the indexes rules join through.
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

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
  std::vector<Variable>& vars;
  std::unordered_map<std::string, int> by_text;                          // Key::text() -> var
  std::map<std::string, std::vector<int>> by_name;                       // name -> vars, in key order
  std::unordered_map<std::string, std::map<std::string, int>> by_plain;  // name(args) -> unit -> var

  // For one name and a set of argument positions: the vars whose arguments at those positions
  // have given values, in id order. Built on first use; rebuilt when keys of that name were added.
  struct PositionIndex {
    std::size_t built_from = 0;
    std::unordered_map<std::vector<std::string>, std::vector<int>, TextsHash> by_values;
  };
  std::map<std::pair<std::string, std::vector<std::size_t>>, PositionIndex> indexes;

  const std::vector<int>* lookup(const std::string& name, const std::vector<std::size_t>& positions,
                                 const std::vector<std::string>& values) {
    auto all = by_name.find(name);
    if (all == by_name.end()) return nullptr;
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
    auto found = index.by_values.find(values);
    return found == index.by_values.end() ? nullptr : &found->second;
  }

  int intern(const Key& key, ValueType type) { return intern(key, type, key.text()); }
  // With the key's text made already.
  int intern(const Key& key, ValueType type, std::string text) {
    auto [it, fresh] = by_text.try_emplace(std::move(text), static_cast<int>(vars.size()));
    if (!fresh) return it->second;
    int id = it->second;
    vars.push_back({key, type});
    by_name[key.name].push_back(id);
    if (key.unit.empty()) {
      by_plain[it->first][key.unit] = id;  // the key is its own plain form
    } else {
      Key plain = key;
      plain.unit.clear();
      by_plain[plain.text()][key.unit] = id;
    }
    return id;
  }
};

}  // namespace claimcheck
