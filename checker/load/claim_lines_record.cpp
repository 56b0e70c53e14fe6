// JSON Lines records: simdjson validates and decodes each line; a small scan of the validated
// text maps each field back to its column, which simdjson's DOM does not keep.
#include "load/claim_lines_record.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "load/claim_fields.hpp"
#include "load/yaml_reader.hpp"

namespace claimcheck {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Byte offsets of the members and items of JSON text that simdjson has accepted, so the scan
// can trust its syntax.
class Layout {
 public:
  explicit Layout(std::string_view text) : text_(text) {}

  std::size_t skip_space(std::size_t i) const {
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r' || text_[i] == '\n')) ++i;
    return i;
  }
  std::size_t skip_value(std::size_t i) const {
    i = skip_space(i);
    if (i >= text_.size()) return i;
    char c = text_[i];
    if (c == '"') return string_end(i);
    if (c == '{' || c == '[') {
      int depth = 0;
      for (; i < text_.size(); ++i) {
        char d = text_[i];
        if (d == '"') {
          i = skip_value(i) - 1;
        } else if (d == '{' || d == '[') {
          ++depth;
        } else if (d == '}' || d == ']') {
          if (--depth == 0) return i + 1;
        }
      }
      return i;
    }
    while (i < text_.size() && text_[i] != ',' && text_[i] != '}' && text_[i] != ']' && text_[i] != ' ' &&
           text_[i] != '\t' && text_[i] != '\r')
      ++i;
    return i;
  }
  // For the object at `start`: the offset of each member's key and value, in text order (which
  // is simdjson's iteration order).
  std::vector<std::pair<std::size_t, std::size_t>> members(std::size_t start) const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    out.reserve(16);  // a claim's members, usually, in one allocation
    std::size_t i = skip_space(start) + 1;
    while (true) {
      i = skip_space(i);
      if (i >= text_.size() || text_[i] != '"') return out;
      std::size_t key = i;
      i = skip_space(skip_value(i)) + 1;  // past the colon
      std::size_t value = skip_space(i);
      out.emplace_back(key, value);
      i = skip_space(skip_value(value));
      if (i >= text_.size() || text_[i] != ',') return out;
      ++i;
    }
  }
  std::vector<std::size_t> items(std::size_t start) const {
    std::vector<std::size_t> out;
    std::size_t i = skip_space(start) + 1;
    if (skip_space(i) < text_.size() && text_[skip_space(i)] == ']') return out;
    while (i < text_.size()) {
      std::size_t value = skip_space(i);
      out.push_back(value);
      i = skip_space(skip_value(value));
      if (i >= text_.size() || text_[i] != ',') return out;
      ++i;
    }
    return out;
  }
  std::string_view token(std::size_t at) const { return text_.substr(at, skip_value(at) - at); }

 private:
  // Past the closing quote of the text value opening at `open`. memchr finds each quote (this
  // scan was 2.6% of a million claims' samples byte by byte); a quote after an odd run of
  // backslashes is escaped.
  std::size_t string_end(std::size_t open) const {
    std::size_t i = open + 1;
    while (i < text_.size()) {
      const void* found = std::memchr(text_.data() + i, '"', text_.size() - i);
      if (!found) return text_.size() + 1;
      std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(found) - text_.data());
      std::size_t backslashes = 0;
      while (quote - backslashes > open + 1 && text_[quote - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return quote + 1;
      i = quote + 1;
    }
    return text_.size() + 1;
  }

  std::string_view text_;
};

std::string describe(const element& value) {
  switch (value.type()) {
    case element_type::ARRAY: return "a list";
    case element_type::OBJECT: return "an object";
    case element_type::STRING: return "a text value";
    case element_type::NULL_VALUE: return "null";
    case element_type::BOOL: return "true or false";
    default: return "a number";
  }
}

const std::vector<std::string> kDocumentFields{"id",     "title",           "published",  "author",
                                               "covers", "source", "compare_periods", "reliability"};
// Made once: a list given in place is built again for every line.
const std::vector<std::string> kRequiredClaimFields{"document", "id", "said_by", "at", "quote", "fact"};
const std::vector<std::string> kRecordKinds{"document", "claim"};
const std::vector<std::string> kClaimFields{"document", "id",    "said_by", "at",   "quote",  "fact",
                                            "value",    "modality", "tense", "note", "related"};

// One member of a JSON object and where its key and value start in the line.
struct Field {
  std::string_view name;
  element value;
  std::size_t key_offset = 0, value_offset = 0;
};

class LineReader {
 public:
  LineReader(FileName path, int line, std::string_view text, Diagnostics& diags)
      : path_(path), line_(line), layout_(text), text_(text), diags_(diags) {}

  SourceLoc at(std::size_t offset) const { return {path_, line_, static_cast<int>(offset) + 1}; }
  void error(std::size_t offset, std::string message) {
    diags_.error(at(offset), std::move(message));
    ++errors_;
  }
  int errors() const { return errors_; }
  // Where a text value's first character is: past the opening quote.
  SourceLoc text_loc(const Field& f) const {
    SourceLoc loc = at(f.value_offset);
    if (f.value.type() == element_type::STRING) ++loc.col;
    return loc;
  }
  const Layout& layout() const { return layout_; }

  // The fields of an object, checked against the allowed and required names; nullopt (with an
  // error) when `value` is not an object.
  std::optional<std::vector<Field>> object(const element& value, std::size_t offset, const std::string& what,
                                           const std::vector<std::string>& allowed,
                                           const std::vector<std::string>& required) {
    simdjson::dom::object object;
    if (value.get_object().get(object)) {
      error(offset, fmt::format("expected {} as an object, found {}", what, describe(value)));
      return std::nullopt;
    }
    auto places = layout_.members(offset);
    std::vector<Field> fields;
    fields.reserve(places.size());
    // Each name's first column. A record has a dozen members at most, so a flat list searched
    // from the start beats a tree, whose nodes were a dozen allocations a line.
    std::vector<std::pair<std::string_view, int>> first_col;
    first_col.reserve(places.size());
    auto column_of = [&](std::string_view name) -> const int* {
      for (const auto& [seen, col] : first_col)
        if (seen == name) return &col;
      return nullptr;
    };
    std::size_t k = 0;
    for (auto member : object) {
      std::size_t key_at = k < places.size() ? places[k].first : offset;
      std::size_t value_at = k < places.size() ? places[k].second : offset;
      ++k;
      std::string name(member.key);
      if (const int* first = column_of(member.key)) {
        error(key_at, fmt::format("duplicate key '{}' in {} (first at column {})", name, what, *first));
        continue;
      }
      first_col.emplace_back(member.key, static_cast<int>(key_at) + 1);
      if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        error(key_at, fmt::format("unknown key '{}' in {}{}; expected one of: {}", name, what,
                                  did_you_mean(name, allowed), fmt::join(allowed, ", ")));
        continue;
      }
      fields.push_back({member.key, member.value, key_at, value_at});
    }
    for (const auto& name : required)
      if (!column_of(name)) error(offset, fmt::format("{} is missing '{}'", what, name));
    return fields;
  }

  // A text value; a number is taken as written, digit for digit.
  std::optional<std::string> text(const Field& field, const std::string& what, bool number_too = false) {
    std::string_view s;
    if (!field.value.get_string().get(s)) return std::string(s);
    auto type = field.value.type();
    if (number_too && (type == element_type::INT64 || type == element_type::UINT64 || type == element_type::DOUBLE))
      return std::string(layout_.token(field.value_offset));
    error(field.value_offset, fmt::format("expected {} as a text value, found {}", what, describe(field.value)));
    return std::nullopt;
  }

  std::vector<std::string> text_list(const Field& field, const std::string& what, std::vector<SourceLoc>* locs) {
    std::vector<std::string> out;
    simdjson::dom::array array;
    if (field.value.get_array().get(array)) {
      error(field.value_offset, fmt::format("expected {} as a list of text values, found {}", what, describe(field.value)));
      return out;
    }
    auto places = layout_.items(field.value_offset);
    std::size_t k = 0;
    for (element item : array) {
      std::size_t item_at = k < places.size() ? places[k] : field.value_offset;
      ++k;
      std::string_view s;
      if (item.get_string().get(s)) {
        error(item_at, fmt::format("expected {} as text values, found {}", what, describe(item)));
        continue;
      }
      out.emplace_back(s);
      if (locs) locs->push_back(at(item_at + 1));
    }
    return out;
  }

 private:
  FileName path_;
  int line_;
  Layout layout_;
  std::string_view text_;
  Diagnostics& diags_;
  int errors_ = 0;
};

// The fields of one record into `out`: everything a line shows without the lines above it.
class RecordFields {
 public:
  RecordFields(LineReader& reader, ParsedLine& out) : reader_(reader), out_(out) {}

  void document(const Field& body) {
    auto fields = reader_.object(body.value, body.value_offset, "a document", kDocumentFields, {"id", "published"});
    if (!fields) return;
    RawClaimSet& set = out_.set.emplace();
    set.document.loc = reader_.at(body.value_offset);
    set.document.file = set.document.loc.file.str();
    for (const Field& f : *fields) {
      if (f.name == "id") {
        auto id = reader_.text(f, "a document id");
        set.document.id = id.value_or("");
        if (id && id->empty()) reader_.error(f.value_offset, "expected a document id, found an empty text");
      } else if (f.name == "title") set.document.title = reader_.text(f, "a title").value_or("");
      else if (f.name == "author") set.document.author = reader_.text(f, "an author").value_or("");
      else if (f.name == "published") {
        set.published_text = reader_.text(f, "a publication date").value_or("");
        set.published_loc = reader_.text_loc(f);
        std::string error;
        if (auto date = parse_iso_date(set.published_text, error)) set.document.published = *date;
        else if (!set.published_text.empty()) out_.errors.error(set.published_loc, error);
      } else if (f.name == "covers") {
        set.covers_text = reader_.text(f, "a period").value_or("");
        set.covers_loc = reader_.text_loc(f);
        std::string error;
        if (auto period = parse_iso_period(set.covers_text, error)) set.document.covers = *period;
        else if (!set.covers_text.empty()) out_.errors.error(set.covers_loc, error);
      } else if (f.name == "source") {
        set.document.source = reader_.text(f, "a source path").value_or("");
        set.source_loc = reader_.text_loc(f);
      } else if (f.name == "compare_periods") {
        period_proxies(f, set.document);
      } else if (f.name == "reliability") {
        reliability(f, set);
      }
    }
    if (!set.document.id.empty()) out_.kind = ParsedLine::Kind::document;
  }

  void claim(const Field& body) {
    auto fields = reader_.object(body.value, body.value_offset, "a claim", kClaimFields, kRequiredClaimFields);
    if (!fields) return;
    RawClaim& c = out_.claim;
    c.loc = reader_.at(body.value_offset);
    for (const Field& f : *fields) {
      if (f.name == "document") {
        auto document = reader_.text(f, "a document id");
        c.document = document.value_or("");
        out_.document_read = document.has_value();
        out_.document_error_at = out_.errors.errors().size();
        out_.document_loc = reader_.at(f.value_offset);
      } else if (f.name == "id") {
        c.id = reader_.text(f, "a claim id").value_or("");
      } else if (f.name == "said_by") {
        c.said_by = reader_.text(f, "an entity").value_or("");
        c.said_by_loc = reader_.text_loc(f);
      } else if (f.name == "at") {
        c.at = reader_.text(f, "a location in the document").value_or("");
      } else if (f.name == "quote") {
        c.quote = reader_.text(f, "a quote").value_or("");
        out_.quote_loc = reader_.text_loc(f);
      } else if (f.name == "fact") {
        c.fact = reader_.text(f, "a fact expression").value_or("");
        c.fact_loc = reader_.text_loc(f);
      } else if (f.name == "value") {
        c.value.set() = {reader_.text(f, "a value", true).value_or(""), reader_.text_loc(f)};
      } else if (f.name == "note") {
        c.extras.set().note = reader_.text(f, "a note").value_or("");
      } else if (f.name == "related") {
        ClaimExtras& extras = c.extras.set();
        extras.related = reader_.text_list(f, "related claim ids", &extras.related_locs);
      } else if (f.name == "modality") {
        if (auto m = reader_.text(f, "a modality")) {
          if (auto modality = modality_named(*m)) c.modality = *modality;
          else reader_.error(f.value_offset, unknown_modality_message(*m));
        }
      } else if (f.name == "tense") {
        if (auto t = reader_.text(f, "a tense")) {
          if (auto tense = tense_named(*t)) c.tense = *tense;
          else reader_.error(f.value_offset, unknown_tense_message(*t));
        }
      }
    }
    out_.kind = ParsedLine::Kind::claim;
  }

 private:
  // {"default": W, "classes": {NAME: W}, "entities": {NAME: W}}, as in YAML claim sets.
  void reliability(const Field& table, RawClaimSet& set) {
    auto fields = reader_.object(table.value, table.value_offset, "reliability", {"default", "classes", "entities"}, {});
    if (!fields) return;
    auto weight = [&](const Field& f) -> std::optional<int> {
      auto text = reader_.text(f, "a weight", true);
      if (!text) return std::nullopt;
      auto w = weight_named(*text);
      if (!w) reader_.error(f.value_offset, weight_error(*text));
      return w;
    };
    for (const Field& f : *fields) {
      if (f.name == "default") {
        set.reliability.fallback = weight(f);
        continue;
      }
      auto names = reader_.object(f.value, f.value_offset, fmt::format("reliability {}", f.name), {}, {});
      if (!names) continue;
      auto& target = f.name == "classes" ? set.reliability.classes : set.reliability.entities;
      for (const Field& entry : *names) {
        if (auto w = weight(entry)) target[std::string(entry.name)] = *w;
        if (f.name == "entities") set.reliability_entity_locs[std::string(entry.name)] = reader_.at(entry.key_offset);
      }
    }
  }

  void period_proxies(const Field& list, Document& document) {
    simdjson::dom::array array;
    if (list.value.get_array().get(array)) {
      reader_.error(list.value_offset, "expected compare_periods as a list of {\"periods\": [A, B], \"caveat\": text}");
      return;
    }
    auto places = reader_.layout().items(list.value_offset);
    std::size_t k = 0;
    for (element item : array) {
      std::size_t item_at = k < places.size() ? places[k] : list.value_offset;
      ++k;
      auto fields = reader_.object(item, item_at, "a period comparison", {"periods", "caveat"}, {"periods", "caveat"});
      if (!fields || fields->size() != 2) continue;
      PeriodProxy proxy;
      proxy.loc = reader_.at(item_at);
      std::vector<std::string> texts;
      std::vector<SourceLoc> locs;
      SourceLoc periods_loc;
      for (const Field& f : *fields) {
        if (f.name == "caveat") proxy.caveat = reader_.text(f, "a caveat: what differs between the periods").value_or("");
        else {
          texts = reader_.text_list(f, "two periods", &locs);
          periods_loc = reader_.at(f.value_offset);
        }
      }
      if (!fill_period_proxy(texts, locs, periods_loc, proxy, out_.errors)) continue;
      document.compare_periods.push_back(std::move(proxy));
    }
  }

  LineReader& reader_;
  ParsedLine& out_;
};

}  // namespace

RecordParser::RecordParser(std::string path, const InputLimits& limits) : path_(std::move(path)), limits_(limits) {
  allocated_ = !parser_.allocate(1 << 16, static_cast<std::size_t>(std::max(limits.max_depth, 1)));
}

ParsedLine RecordParser::parse(int number, std::uint64_t offset, std::string_view text) {
  ParsedLine out;
  out.number = number;
  out.offset = offset;
  std::size_t first = Layout(text).skip_space(0);
  if (first == text.size()) return out;  // blank lines separate nothing, and are allowed
  padded_.assign(text);
  padded_.append(simdjson::SIMDJSON_PADDING, '\0');
  element record;
  auto error = parser_.parse(padded_.data(), text.size(), false).get(record);
  if (error == simdjson::CAPACITY) {
    if (!parser_.allocate(text.size(), static_cast<std::size_t>(std::max(limits_.max_depth, 1))))
      error = parser_.parse(padded_.data(), text.size(), false).get(record);
  }
  LineReader reader(path_, number, text, out.errors);
  if (error == simdjson::DEPTH_ERROR) {
    reader.error(first, fmt::format("the record is nested deeper than {} levels (--max-depth)", limits_.max_depth));
    return out;
  }
  if (error == simdjson::NUMBER_ERROR) {
    // simdjson holds numbers in 64 bits; claimcheck reads values exactly from text anyway.
    reader.error(first, "a number here is malformed or too large for a JSON parser to hold (beyond 64-bit integers "
                        "and doubles); give values as text, e.g. \"value\": \"1e400\"");
    return out;
  }
  if (error) {
    reader.error(first, fmt::format("not valid JSON ({})", simdjson::error_message(error)));
    return out;
  }
  if (record.type() != element_type::OBJECT) {
    reader.error(first, fmt::format("expected a record {{\"document\": {{...}}}} or {{\"claim\": {{...}}}}, found {}",
                                    describe(record)));
    return out;
  }
  auto fields = reader.object(record, first, "a record", kRecordKinds, {});
  if (!fields || reader.errors() > 0) return out;
  if (fields->empty()) {
    reader.error(first, "expected {\"document\": {...}} or {\"claim\": {...}}, found an empty record");
    return out;
  }
  if (fields->size() > 1) {
    out.errors.error(reader.at((*fields)[1].key_offset), "a record holds one document or one claim, not both");
    return out;
  }
  const Field& body = fields->front();
  RecordFields record_fields(reader, out);
  if (body.name == "document") record_fields.document(body);
  else record_fields.claim(body);
  return out;
}

ParsedLine too_long_line(const std::string& path, int number, std::uint64_t offset, const InputLimits& limits) {
  ParsedLine out;
  out.number = number;
  out.offset = offset;
  out.errors.error({path, number, 1}, fmt::format("the line is longer than {} bytes (--max-file-size applies to each line)",
                                                  limits.max_file_bytes));
  return out;
}

}  // namespace claimcheck
