#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>

#include "load/loaders.hpp"
#include "load/yaml_reader.hpp"

namespace claimcheck {

namespace fs = std::filesystem;

bool is_claim_lines_file(const std::string& path) { return fs::path(path).extension() == ".jsonl"; }

std::vector<std::string> expand_paths(const std::vector<std::string>& paths, Diagnostics& diags,
                                      const std::vector<std::string>& extensions) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        auto ext = it->path().extension().string();
        if (it->is_regular_file() && std::find(extensions.begin(), extensions.end(), ext) != extensions.end())
          files.push_back(it->path().string());
      }
      if (ec) diags.error({p, 0, 0}, "cannot list directory: " + ec.message());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      diags.error({p, 0, 0}, "no such file or directory");
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

// [A-Za-z_][A-Za-z0-9_.]*, by hand: std::regex took 7% of reading a 55,000-entity pack.
static bool valid_name(const std::string& name) {
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (name.empty() || !letter(name[0])) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '.'; });
}

const std::vector<std::string> kEntityFields{"name", "class", "aliases", "part_of", "aggravates"};

static std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

namespace {

// Parses "+10%", "-10%", "0%", "0.1" into a rational offset.
std::optional<Rational> parse_offset(const std::string& text) {
  std::string t = text;
  bool percent = !t.empty() && t.back() == '%';
  if (percent) t.pop_back();
  if (!t.empty() && t[0] == '+') t.erase(0, 1);
  auto value = parse_decimal(t);
  if (!value) return std::nullopt;
  return percent ? Rational(*value / 100) : *value;
}

struct VocabularyBuilder {
  Vocabulary& vocab;
  Diagnostics& diags;
  const InputLimits& limits;
  std::map<std::string, SourceLoc> entity_ref_locs;
  std::vector<std::pair<std::string, SourceLoc>> disabled;  // rule ids a pack turns off
  std::map<std::string, SourceLoc> reliability_entity_locs;
  unsigned threads = 1;  // for reading a pack's entities in pieces

  // Reliability weights name entities that exist (aliases resolved).
  void resolve_reliability() {
    std::map<std::string, int> resolved;
    for (const auto& [name, w] : vocab.reliability.entities) {
      auto found = vocab.entity_alias.find(name);
      if (found == vocab.entity_alias.end())
        diags.error(reliability_entity_locs[name], fmt::format("unknown entity '{}' in reliability{}", name,
                                                               did_you_mean(name, keys_of(vocab.entity_alias))));
      else resolved[found->second] = w;
    }
    vocab.reliability.entities = std::move(resolved);
  }

  // A pack may turn off a rule another pack defines (a generic rule that does not fit a domain).
  void apply_disabled() {
    std::vector<std::string> ids;
    for (const auto& r : vocab.rules) ids.push_back(r.id);
    for (const auto& [rule_id, loc] : disabled) {
      const std::string& id = rule_id;  // clang 14 cannot capture a structured binding
      auto it = std::find_if(vocab.rules.begin(), vocab.rules.end(), [&](const RuleSpec& r) { return r.id == id; });
      if (it == vocab.rules.end()) diags.error(loc, fmt::format("unknown rule '{}' in disable{}", id, did_you_mean(id, ids)));
      else vocab.rules.erase(it);
    }
  }

  void define_alias(std::map<std::string, std::string>& table, const std::string& alias, const std::string& id,
                    const YamlContext& yc, const YAML::Node& at, const std::string& what) {
    auto [it, inserted] = table.emplace(alias, id);
    if (!inserted && it->second != id)
      yc.error(at, alias == it->second
                       ? fmt::format("{} name '{}' is already the id of {} '{}', so it cannot name '{}' too", what,
                                     alias, what, alias, id)
                       : fmt::format("{} name '{}' already names '{}', so it cannot name '{}' too", what, alias,
                                     it->second, id));
  }

  void load_units(const YAML::Node& node, const YamlContext& yc) {
    if (!yc.check_mapping(node, "units", {}, {})) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string id = it->first.Scalar();
      const YAML::Node body = it->second;  // a copy: it-> yields a temporary
      if (!yc.check_mapping(body, "unit '" + id + "'", {"dimension", "factor", "aliases"}, {"dimension"})) continue;
      Unit unit;
      unit.id = id;
      unit.loc = yc.loc(it->first);
      auto dim = yc.scalar(body["dimension"], "a dimension");
      if (dim == std::string("currency")) unit.dimension = Dimension::currency;
      else if (dim == std::string("percent")) unit.dimension = Dimension::percent;
      else if (dim == std::string("duration")) unit.dimension = Dimension::duration;
      else if (dim) yc.error(body["dimension"], fmt::format("unknown dimension '{}'; expected currency, percent or duration", *dim));
      if (body["factor"]) {
        auto f = yc.scalar(body["factor"], "a factor");
        auto value = f ? parse_decimal(*f) : std::nullopt;
        if (!value || *value <= 0) yc.error(body["factor"], "expected a positive number as the unit's factor");
        else unit.factor = *value;
      }
      if (body["aliases"]) unit.aliases = yc.scalar_list(body["aliases"], "unit aliases");
      if (vocab.units.count(id)) {
        yc.error(it->first, fmt::format("unit '{}' is defined twice", id));
        continue;
      }
      define_alias(vocab.unit_alias, lower(id), id, yc, it->first, "unit");
      for (const auto& a : unit.aliases) define_alias(vocab.unit_alias, lower(a), id, yc, body["aliases"], "unit");
      vocab.units[id] = unit;
    }
  }

  std::optional<QualifierBound> qualifier_bound(const YAML::Node& node, const YamlContext& yc) {
    if (!yc.check_mapping(node, "a qualifier bound", {"offset", "strict"}, {"offset"}) || !node["offset"])
      return std::nullopt;
    QualifierBound bound;
    auto text = yc.scalar(node["offset"], "an offset");
    auto offset = text ? parse_offset(*text) : std::nullopt;
    if (!offset) {
      yc.error(node["offset"], "expected an offset such as -10%, 0% or +25%");
      return std::nullopt;
    }
    bound.offset = *offset;
    if (node["strict"]) {
      auto s = yc.scalar(node["strict"], "true or false");
      if (s == std::string("true")) bound.strict = true;
      else if (s != std::string("false")) yc.error(node["strict"], "expected true or false");
    }
    return bound;
  }

  void load_qualifiers(const YAML::Node& node, const YamlContext& yc) {
    if (!node.IsSequence()) {
      yc.error(node, "expected qualifiers as a list");
      return;
    }
    for (const auto& item : node) {
      if (!yc.check_mapping(item, "a qualifier", {"words", "lower", "upper"}, {"words"})) continue;
      Qualifier q;
      q.loc = yc.loc(item);
      for (auto& w : yc.scalar_list(item["words"], "qualifier words")) {
        std::string word = lower(w);
        for (const auto& other : vocab.qualifiers)
          if (std::find(other.words.begin(), other.words.end(), word) != other.words.end())
            yc.error(item["words"], fmt::format("qualifier '{}' is defined twice", word));
        q.words.push_back(word);
      }
      if (item["lower"]) q.lower = qualifier_bound(item["lower"], yc);
      if (item["upper"]) q.upper = qualifier_bound(item["upper"], yc);
      vocab.qualifiers.push_back(q);
    }
  }

  // `maps`: the entities mapping, or its pieces (YamlDocument::pieces), each a mapping.
  void load_entities(std::span<const YAML::Node> maps, const YamlContext& yc) {
    if (maps.size() == 1 && !maps[0].IsMap()) {
      yc.error(maps[0], "expected entities as a mapping from id to description");
      return;
    }
    yc.check_keys(maps, "entities", {}, {});  // duplicate keys
    for (const YAML::Node& node : maps) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        std::string id = it->first.Scalar();
        const YAML::Node body = it->second;  // a copy: it-> yields a temporary
        if (!valid_name(id)) {
          yc.error(it->first, fmt::format("invalid entity id '{}': expected letters, digits, '_' and '.'", id));
          continue;
        }
        Entity e;
        e.id = id;
        e.loc = yc.loc(it->first);
        std::optional<YAML::Node> aliases_node;  // for errors in the aliases
        if (!body.IsNull()) {
          if (!yc.check_mapping(body, "entity '" + id + "'", kEntityFields, {})) continue;
          auto [name, entity_class, aliases, part_of, aggravates] = mapping_fields<5>(body, kEntityFields);
          if (name) e.name = yc.scalar(*name, "a name").value_or("");
          if (entity_class) e.entity_class = yc.scalar(*entity_class, "a class").value_or("");
          if (aliases) {
            e.aliases = yc.scalar_list(*aliases, "aliases");
            aliases_node.emplace(*aliases);
          }
          std::vector<SourceLoc> locs;
          if (part_of) {
            e.part_of = yc.scalar_list(*part_of, "part_of", &locs);
            for (std::size_t i = 0; i < e.part_of.size(); ++i) entity_ref_locs[id + "|part_of|" + e.part_of[i]] = locs[i];
          }
          locs.clear();
          if (aggravates) {
            e.aggravates = yc.scalar_list(*aggravates, "aggravates", &locs);
            for (std::size_t i = 0; i < e.aggravates.size(); ++i)
              entity_ref_locs[id + "|aggravates|" + e.aggravates[i]] = locs[i];
          }
        }
        if (auto defined = vocab.entities.find(id); defined != vocab.entities.end()) {
          yc.error(it->first, fmt::format("entity '{}' is defined twice (first at {})", id, to_string(defined->second.loc)));
          continue;
        }
        define_alias(vocab.entity_alias, id, id, yc, it->first, "entity");
        for (const auto& a : e.aliases) {
          if (!valid_name(a)) yc.error(*aliases_node, fmt::format("invalid alias '{}': expected letters, digits, '_' and '.'", a));
          define_alias(vocab.entity_alias, a, id, yc, *aliases_node, "entity");
        }
        vocab.entities.emplace(id, std::move(e));
      }
    }
  }

  template <class T>
  void load_signatures(const YAML::Node& node, const YamlContext& yc, const std::string& what,
                       std::map<std::string, T>& table, std::map<std::string, std::string>& aliases, bool metric) {
    if (!node.IsMap()) {
      yc.error(node, fmt::format("expected {}s as a mapping from name to declaration", what));
      return;
    }
    yc.check_mapping(node, what + "s", {}, {});
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string id = it->first.Scalar();
      const YAML::Node body = it->second;  // a copy: it-> yields a temporary
      if (!valid_name(id)) {
        yc.error(it->first, fmt::format("invalid {} name '{}'", what, id));
        continue;
      }
      std::vector<std::string> allowed{"args", "aliases", "description"};
      if (metric) allowed.insert(allowed.end(), {"type", "compared_as"});
      if (!yc.check_mapping(body, what + " '" + id + "'", allowed, metric ? std::vector<std::string>{"type", "args"}
                                                                           : std::vector<std::string>{"args"}))
        continue;
      T sig;
      sig.id = id;
      sig.loc = yc.loc(it->first);
      if (body["description"]) sig.description = yc.scalar(body["description"], "a description").value_or("");
      if (body["aliases"]) sig.aliases = yc.scalar_list(body["aliases"], "aliases");
      if (body["args"]) {
        if (!body["args"].IsSequence()) {
          yc.error(body["args"], "expected args as a list of 'entity' or 'period'");
        } else {
          for (const auto& a : body["args"]) {
            auto s = yc.scalar(a, "an argument kind");
            if (s == std::string("entity")) sig.args.push_back(ArgKind::entity);
            else if (s == std::string("period")) sig.args.push_back(ArgKind::period);
            else if (s) yc.error(a, fmt::format("unknown argument kind '{}'; expected entity or period", *s));
          }
        }
      }
      if constexpr (std::is_same_v<T, Metric>) {
        static const std::map<std::string, ValueType> types{
            {"count", ValueType::count}, {"stock", ValueType::stock}, {"ratio", ValueType::ratio},
            {"money", ValueType::money}, {"duration", ValueType::duration}, {"date", ValueType::date}};
        auto t = yc.scalar(body["type"], "a metric type");
        if (t) {
          auto found = types.find(*t);
          if (found == types.end()) {
            std::vector<std::string> names;
            for (const auto& [n, _] : types) names.push_back(n);
            yc.error(body["type"], fmt::format("unknown metric type '{}'{}; expected count, stock, ratio, money, duration or date",
                                               *t, did_you_mean(*t, names)));
          } else {
            sig.type = found->second;
          }
        }
        if (const YAML::Node& as = body["compared_as"]) {
          if (yc.check_mapping(as, "compared_as", {"metric", "caveat"}, {"metric", "caveat"}) && as["metric"] &&
              as["caveat"]) {
            sig.compared_as = yc.scalar(as["metric"], "a metric name").value_or("");
            sig.caveat = yc.scalar(as["caveat"], "a caveat: what differs between the two definitions").value_or("");
            sig.compared_as_loc = yc.loc(as["metric"]);
          }
        }
      }
      if (vocab.metrics.count(id) || vocab.predicates.count(id) || vocab.events.count(id)) {
        yc.error(it->first, fmt::format("name '{}' is declared twice", id));
        continue;
      }
      define_alias(aliases, id, id, yc, it->first, what);
      for (const auto& a : sig.aliases) define_alias(aliases, a, id, yc, body["aliases"], what);
      table[id] = sig;
    }
  }

  void load_rules(const YAML::Node& node, const YamlContext& yc, const std::string& pack) {
    if (!node.IsSequence()) {
      yc.error(node, "expected rules as a list");
      return;
    }
    static const std::map<std::string, RuleKind> kinds{
        {"agreement", RuleKind::agreement},     {"additivity", RuleKind::additivity},
        {"past_event", RuleKind::past_event},   {"conversion", RuleKind::conversion},
        {"proxy", RuleKind::proxy},
        {"parts_sum", RuleKind::parts_sum},     {"subset_bound", RuleKind::subset_bound},
        {"time_order", RuleKind::time_order},   {"range", RuleKind::range},
        {"aggravation", RuleKind::aggravation}, {"implication", RuleKind::implication},
        {"constraint", RuleKind::constraint}};
    std::vector<std::string> kind_names;
    for (const auto& [n, _] : kinds) kind_names.push_back(n);
    for (const auto& item : node) {
      if (!yc.check_mapping(item, "a rule", {"id", "kind", "description", "require", "match", "where", "soft", "weight"},
                            {"id", "kind", "description"}))
        continue;
      RuleSpec rule;
      rule.pack = pack;
      rule.loc = yc.loc(item);
      rule.id = yc.scalar(item["id"], "a rule id").value_or("");
      rule.description = item["description"] ? yc.scalar(item["description"], "a description").value_or("") : "";
      if (auto k = yc.scalar(item["kind"], "a rule kind")) {
        auto found = kinds.find(*k);
        if (found == kinds.end()) {
          yc.error(item["kind"], fmt::format("unknown rule kind '{}'{}; expected one of: {}", *k,
                                             did_you_mean(*k, kind_names), fmt::join(kind_names, ", ")));
          continue;
        }
        rule.kind = found->second;
      }
      if (item["require"]) {
        rule.require = yc.scalar(item["require"], "an expression").value_or("");
        rule.require_loc = yc.text_loc(item["require"]);
        if (is_builtin(rule.kind))
          yc.error(item["require"], fmt::format("rule kind '{}' is built in and takes no 'require'", to_string(rule.kind)));
      } else if (!is_builtin(rule.kind)) {
        yc.error(item, fmt::format("rule '{}' of kind '{}' needs a 'require' expression", rule.id, to_string(rule.kind)));
        continue;
      }
      if (item["soft"]) {
        auto s = yc.scalar(item["soft"], "true or false");
        if (s == std::string("true")) rule.soft = true;
        else if (s != std::string("false")) yc.error(item["soft"], "expected true or false");
      }
      if (item["weight"]) {
        if (auto w = read_weight(item["weight"], yc)) rule.weight = *w;
        if (!rule.soft) yc.error(item["weight"], "only a soft rule has a weight (add 'soft: true')");
      }
      if (item["match"]) rule.match = yc.scalar_list(item["match"], "terms to match", &rule.match_locs);
      if (item["where"]) rule.where = yc.scalar_list(item["where"], "relation guards", &rule.where_locs);
      for (const auto& other : vocab.rules)
        if (other.id == rule.id)
          yc.error(item["id"], fmt::format("rule '{}' is defined twice (first at {})", rule.id, to_string(other.loc)));
      vocab.rules.push_back(rule);
    }
  }

  // The entities, most of a large pack, are parsed in pieces side by side.
  void load_file(const std::string& path) { load(read_yaml(path, diags, limits, {"entities", threads})); }

  void load(const YamlDocument& doc) {
    const std::string& path = doc.path;
    if (!doc.ok) return;
    YamlContext yc(doc, diags);
    yc.check_mapping(doc.root, "a rule pack",
                     {"pack", "units", "qualifiers", "entities", "metrics", "predicates", "events", "rules", "disable",
                      "reliability"},
                     {"pack"});
    std::string pack = doc.root["pack"] ? yc.scalar(doc.root["pack"], "a pack name").value_or("") : "";
    vocab.pack_files.push_back(path);
    const YAML::Node& root = doc.root;
    if (root["units"]) load_units(root["units"], yc);
    if (root["qualifiers"]) load_qualifiers(root["qualifiers"], yc);
    if (!doc.pieces.empty()) load_entities(doc.pieces, yc);
    else if (const YAML::Node entities = root["entities"]) load_entities(std::span(&entities, 1), yc);
    if (root["metrics"]) load_signatures(root["metrics"], yc, "metric", vocab.metrics, vocab.metric_alias, true);
    if (root["predicates"])
      load_signatures(root["predicates"], yc, "predicate", vocab.predicates, vocab.predicate_alias, false);
    if (root["events"]) load_signatures(root["events"], yc, "event", vocab.events, vocab.event_alias, false);
    if (root["rules"]) load_rules(root["rules"], yc, pack);
    if (root["reliability"]) {
      Reliability pack_weights;
      read_reliability(root["reliability"], yc, pack_weights, &reliability_entity_locs);
      if (pack_weights.fallback) {
        if (vocab.reliability.fallback) yc.error(root["reliability"]["default"], "the default reliability is set twice");
        vocab.reliability.fallback = pack_weights.fallback;
      }
      for (const auto& [name, w] : pack_weights.classes) vocab.reliability.classes[name] = w;
      for (const auto& [name, w] : pack_weights.entities) vocab.reliability.entities[name] = w;
    }
    if (root["disable"]) {
      std::vector<SourceLoc> locs;
      auto ids = yc.scalar_list(root["disable"], "rule ids to disable", &locs);
      for (std::size_t i = 0; i < ids.size(); ++i) disabled.push_back({ids[i], locs[i]});
    }
  }

  // Cross-references between packs, once every pack is read.
  void finish() {
    resolve_entity_references();
    resolve_compared_as();
    apply_disabled();
    resolve_reliability();
  }

  // compared_as names a known metric of the same type and arguments that is not itself compared
  // as another (so proxies never chain).
  void resolve_compared_as() {
    std::vector<std::string> names = keys_of(vocab.metric_alias);
    for (auto& [id, metric] : vocab.metrics) {
      if (metric.compared_as.empty()) continue;
      auto found = vocab.metric_alias.find(metric.compared_as);
      if (found == vocab.metric_alias.end()) {
        diags.error(metric.compared_as_loc, fmt::format("unknown metric '{}' in compared_as of '{}'{}", metric.compared_as,
                                                        id, did_you_mean(metric.compared_as, names)));
        metric.compared_as.clear();
        continue;
      }
      metric.compared_as = found->second;
      const Metric& target = vocab.metrics.at(metric.compared_as);
      std::string problem;
      if (target.id == id) problem = "a metric cannot be compared as itself";
      else if (target.type != metric.type || target.args != metric.args)
        problem = fmt::format("'{}' and '{}' differ in type or arguments, so their figures cannot be compared", id, target.id);
      else if (!target.compared_as.empty())
        problem = fmt::format("'{}' is itself compared as '{}'; compare '{}' with that metric directly", target.id,
                              target.compared_as, id);
      if (!problem.empty()) {
        diags.error(metric.compared_as_loc, problem);
        metric.compared_as.clear();
      }
    }
  }

  // part_of and aggravates name known entities (aliases resolved), and part_of has no cycle.
  void resolve_entity_references() {
    std::vector<std::string> ids;  // for suggestions, made at the first unknown entity
    for (auto& [id, e] : vocab.entities) {
      for (auto* list : {&e.part_of, &e.aggravates}) {
        const char* field = list == &e.part_of ? "part_of" : "aggravates";
        for (auto& target : *list) {
          auto found = vocab.entity_alias.find(target);
          if (found == vocab.entity_alias.end()) {
            SourceLoc at = entity_ref_locs[id + "|" + field + "|" + target];
            if (ids.empty())
              for (const auto& [alias, _] : vocab.entity_alias) ids.push_back(alias);
            diags.error(at, fmt::format("unknown entity '{}' in {} of '{}'{}", target, field, id, did_you_mean(target, ids)));
            target.clear();
          } else {
            target = found->second;
          }
        }
        list->erase(std::remove(list->begin(), list->end(), std::string()), list->end());
      }
    }
    for (const char* field : {"part_of", "aggravates"}) {
      bool part = std::string(field) == "part_of";
      // Depth-first search for a cycle; report each cycle once, at its smallest member.
      std::map<std::string, int> state;  // 0 new, 1 on stack, 2 done
      std::vector<std::string> stack;
      std::function<void(const std::string&)> visit = [&](const std::string& id) {
        state[id] = 1;
        stack.push_back(id);
        const Entity& e = vocab.entities.at(id);
        for (const auto& next : part ? e.part_of : e.aggravates) {
          if (state[next] == 1) {
            auto start = std::find(stack.begin(), stack.end(), next);
            std::vector<std::string> cycle(start, stack.end());
            cycle.push_back(next);
            diags.error(vocab.entities.at(next).loc,
                        fmt::format("{} cycle: {}", field, fmt::join(cycle, " -> ")));
          } else if (state[next] == 0) {
            visit(next);
          }
        }
        stack.pop_back();
        state[id] = 2;
      };
      // An entity related to nothing closes no cycle: most are, and are left to be reached.
      for (const auto& [id, e] : vocab.entities)
        if (!(part ? e.part_of : e.aggravates).empty() && state[id] == 0) visit(id);
    }
  }
};

}  // namespace

Vocabulary load_vocabulary(const std::string& rules_dir, Diagnostics& diags, const InputLimits& limits, unsigned threads) {
  Vocabulary vocab;
  std::error_code ec;
  if (!fs::is_directory(rules_dir, ec)) {
    diags.error({rules_dir, 0, 0}, "expected a directory of rule packs");
    return vocab;
  }
  VocabularyBuilder builder{vocab, diags, limits, {}, {}, {}, threads};
  auto files = expand_paths({rules_dir}, diags);
  if (files.empty()) diags.error({rules_dir, 0, 0}, "no rule packs (.yaml files) in this directory");
  for (const auto& file : files) builder.load_file(file);
  builder.finish();
  return vocab;
}

Vocabulary load_vocabulary_texts(const std::vector<std::pair<std::string, std::string>>& packs, Diagnostics& diags,
                                 const InputLimits& limits) {
  Vocabulary vocab;
  VocabularyBuilder builder{vocab, diags, limits, {}, {}, {}};
  for (const auto& [path, text] : packs) builder.load(parse_yaml(path, text, diags, limits));
  builder.finish();
  return vocab;
}

}  // namespace claimcheck
