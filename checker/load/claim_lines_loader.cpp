// JSON Lines corpora: one record a line, {"document": {...}} or {"claim": {...}}, the fields of
// YAML claim sets. simdjson validates and decodes each line; a small scan of the validated text
// maps each field back to its column, which simdjson's DOM does not keep.
#include <simdjson.h>
#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <map>

#include "load/claim_fields.hpp"
#include "load/loaders.hpp"
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
    if (c == '"') {
      for (++i; i < text_.size() && text_[i] != '"'; ++i)
        if (text_[i] == '\\') ++i;
      return i + 1;
    }
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
const std::vector<std::string> kClaimFields{"document", "id",    "said_by", "at",   "quote",  "fact",
                                            "value",    "modality", "tense", "note", "related"};

// One JSON object with the columns of its fields.
struct Field {
  std::string_view name;
  element value;
  SourceLoc key_loc, value_loc;
  std::size_t value_offset = 0;
};

class LineReader {
 public:
  LineReader(const std::string& path, int line, std::string_view text, Diagnostics& diags)
      : path_(path), line_(line), layout_(text), text_(text), diags_(diags) {}

  SourceLoc at(std::size_t offset) const { return {path_, line_, static_cast<int>(offset) + 1}; }
  void error(std::size_t offset, std::string message) {
    diags_.error(at(offset), std::move(message));
    ++errors_;
  }
  int errors() const { return errors_; }
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
    std::map<std::string_view, int> first_col;
    std::size_t k = 0;
    for (auto member : object) {
      std::size_t key_at = k < places.size() ? places[k].first : offset;
      std::size_t value_at = k < places.size() ? places[k].second : offset;
      ++k;
      std::string name(member.key);
      if (auto [it, fresh] = first_col.emplace(member.key, static_cast<int>(key_at) + 1); !fresh) {
        error(key_at, fmt::format("duplicate key '{}' in {} (first at column {})", name, what, it->second));
        continue;
      }
      if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        error(key_at, fmt::format("unknown key '{}' in {}{}; expected one of: {}", name, what,
                                  did_you_mean(name, allowed), fmt::join(allowed, ", ")));
        continue;
      }
      fields.push_back({member.key, member.value, at(key_at), at(value_at), value_at});
    }
    for (const auto& name : required)
      if (!first_col.count(name)) error(offset, fmt::format("{} is missing '{}'", what, name));
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
  std::string path_;
  int line_;
  Layout layout_;
  std::string_view text_;
  Diagnostics& diags_;
  int errors_ = 0;
};

class CorpusReader {
 public:
  CorpusReader(const std::string& path, Diagnostics& diags, const InputLimits& limits)
      : path_(path), diags_(diags), limits_(limits) {
    if (parser_.allocate(1 << 16, static_cast<std::size_t>(std::max(limits.max_depth, 1))))
      diags_.error({path, 0, 0}, "cannot allocate the JSON parser");
  }

  void line(int number, std::string_view text) {
    std::size_t first = Layout(text).skip_space(0);
    if (first == text.size()) return;  // blank lines separate nothing, and are allowed
    padded_.assign(text);
    padded_.append(simdjson::SIMDJSON_PADDING, '\0');
    element record;
    auto error = parser_.parse(padded_.data(), text.size(), false).get(record);
    if (error == simdjson::CAPACITY) {
      if (!parser_.allocate(text.size(), static_cast<std::size_t>(std::max(limits_.max_depth, 1))))
        error = parser_.parse(padded_.data(), text.size(), false).get(record);
    }
    LineReader reader(path_, number, text, diags_);
    if (error == simdjson::DEPTH_ERROR) {
      reader.error(first, fmt::format("the record is nested deeper than {} levels (--max-depth)", limits_.max_depth));
      return;
    }
    if (error == simdjson::NUMBER_ERROR) {
      // simdjson holds numbers in 64 bits; claimcheck reads values exactly from text anyway.
      reader.error(first, "a number here is malformed or too large for a JSON parser to hold (beyond 64-bit integers "
                          "and doubles); give values as text, e.g. \"value\": \"1e400\"");
      return;
    }
    if (error) {
      reader.error(first, fmt::format("not valid JSON ({})", simdjson::error_message(error)));
      return;
    }
    if (record.type() != element_type::OBJECT) {
      reader.error(first, fmt::format("expected a record {{\"document\": {{...}}}} or {{\"claim\": {{...}}}}, found {}",
                                      describe(record)));
      return;
    }
    auto fields = reader.object(record, first, "a record", {"document", "claim"}, {});
    if (!fields || reader.errors() > 0) return;
    if (fields->empty()) {
      reader.error(first, "expected {\"document\": {...}} or {\"claim\": {...}}, found an empty record");
      return;
    }
    if (fields->size() > 1) {
      diags_.error((*fields)[1].key_loc, "a record holds one document or one claim, not both");
      return;
    }
    const Field& body = fields->front();
    if (body.name == "document") document(reader, body);
    else claim(reader, body);
  }

  std::vector<RawClaimSet> take() { return std::move(sets_); }

  // Claims go to `sink` instead of their sets, and duplicate ids are left to the caller, who
  // can find them after sorting without a map of every id.
  void stream_to(ClaimLinesFile::ClaimSink sink) { sink_ = std::move(sink); }
  void set_line_offset(std::uint64_t offset) { line_offset_ = offset; }
  const std::vector<RawClaimSet>& sets() const { return sets_; }

 private:
  void document(LineReader& reader, const Field& body) {
    auto fields = reader.object(body.value, body.value_offset, "a document", kDocumentFields, {"id", "published"});
    if (!fields) return;
    RawClaimSet set;
    set.document.file = path_;
    set.document.loc = body.value_loc;
    for (const Field& f : *fields) {
      if (f.name == "id") set.document.id = reader.text(f, "a document id").value_or("");
      else if (f.name == "title") set.document.title = reader.text(f, "a title").value_or("");
      else if (f.name == "author") set.document.author = reader.text(f, "an author").value_or("");
      else if (f.name == "published") {
        set.published_text = reader.text(f, "a publication date").value_or("");
        set.published_loc = text_loc(f);
        std::string error;
        if (auto date = parse_iso_date(set.published_text, error)) set.document.published = *date;
        else if (!set.published_text.empty()) diags_.error(set.published_loc, error);
      } else if (f.name == "covers") {
        set.covers_text = reader.text(f, "a period").value_or("");
        set.covers_loc = text_loc(f);
        std::string error;
        if (auto period = parse_iso_period(set.covers_text, error)) set.document.covers = *period;
        else if (!set.covers_text.empty()) diags_.error(set.covers_loc, error);
      } else if (f.name == "source") {
        set.document.source = reader.text(f, "a source path").value_or("");
        set.source_loc = text_loc(f);
      } else if (f.name == "compare_periods") {
        period_proxies(reader, f, set.document);
      } else if (f.name == "reliability") {
        reliability(reader, f, set);
      }
    }
    if (set.document.id.empty()) return;
    if (auto [it, fresh] = documents_.emplace(set.document.id, sets_.size()); !fresh) {
      diags_.error(set.document.loc, fmt::format("duplicate document '{}' (first at line {})", set.document.id,
                                                 sets_[it->second].document.loc.line));
      return;
    }
    if (!set.document.source.empty()) {
      if (auto text = read_source_text(path_, set.document.source, set.source_loc, diags_)) sources_[sets_.size()] = std::move(*text);
    }
    sets_.push_back(std::move(set));
  }

  // {"default": W, "classes": {NAME: W}, "entities": {NAME: W}}, as in YAML claim sets.
  void reliability(LineReader& reader, const Field& table, RawClaimSet& set) {
    auto fields = reader.object(table.value, table.value_offset, "reliability", {"default", "classes", "entities"}, {});
    if (!fields) return;
    auto weight = [&](const Field& f) -> std::optional<int> {
      auto text = reader.text(f, "a weight", true);
      if (!text) return std::nullopt;
      auto w = weight_named(*text);
      if (!w) reader.error(f.value_offset, weight_error(*text));
      return w;
    };
    for (const Field& f : *fields) {
      if (f.name == "default") {
        set.reliability.fallback = weight(f);
        continue;
      }
      auto names = reader.object(f.value, f.value_offset, fmt::format("reliability {}", f.name), {}, {});
      if (!names) continue;
      auto& target = f.name == "classes" ? set.reliability.classes : set.reliability.entities;
      for (const Field& entry : *names) {
        if (auto w = weight(entry)) target[std::string(entry.name)] = *w;
        if (f.name == "entities") set.reliability_entity_locs[std::string(entry.name)] = entry.key_loc;
      }
    }
  }

  void period_proxies(LineReader& reader, const Field& list, Document& document) {
    simdjson::dom::array array;
    if (list.value.get_array().get(array)) {
      reader.error(list.value_offset, "expected compare_periods as a list of {\"periods\": [A, B], \"caveat\": text}");
      return;
    }
    auto places = reader.layout().items(list.value_offset);
    std::size_t k = 0;
    for (element item : array) {
      std::size_t item_at = k < places.size() ? places[k] : list.value_offset;
      ++k;
      auto fields = reader.object(item, item_at, "a period comparison", {"periods", "caveat"}, {"periods", "caveat"});
      if (!fields || fields->size() != 2) continue;
      PeriodProxy proxy;
      proxy.loc = reader.at(item_at);
      std::vector<std::string> texts;
      std::vector<SourceLoc> locs;
      SourceLoc periods_loc;
      for (const Field& f : *fields) {
        if (f.name == "caveat") proxy.caveat = reader.text(f, "a caveat: what differs between the periods").value_or("");
        else {
          texts = reader.text_list(f, "two periods", &locs);
          periods_loc = f.value_loc;
        }
      }
      if (!fill_period_proxy(texts, locs, periods_loc, proxy, diags_)) continue;
      document.compare_periods.push_back(std::move(proxy));
    }
  }

  void claim(LineReader& reader, const Field& body) {
    auto fields = reader.object(body.value, body.value_offset, "a claim", kClaimFields,
                                {"document", "id", "said_by", "at", "quote", "fact"});
    if (!fields) return;
    RawClaim c;
    c.loc = body.value_loc;
    std::optional<std::size_t> set_index;
    const Field* quote_field = nullptr;
    for (const Field& f : *fields) {
      if (f.name == "document") {
        c.document = reader.text(f, "a document id").value_or("");
        auto found = documents_.find(c.document);
        if (found != documents_.end()) set_index = found->second;
        else if (!c.document.empty())
          reader.error(f.value_offset, fmt::format("unknown document '{}'; a {{\"document\": ...}} record declares it, "
                                                   "on a line before its claims",
                                                   c.document));
      } else if (f.name == "id") {
        c.id = reader.text(f, "a claim id").value_or("");
      } else if (f.name == "said_by") {
        c.said_by = reader.text(f, "an entity").value_or("");
        c.said_by_loc = text_loc(f);
      } else if (f.name == "at") {
        c.at = reader.text(f, "a location in the document").value_or("");
      } else if (f.name == "quote") {
        c.quote = reader.text(f, "a quote").value_or("");
        quote_field = &f;
      } else if (f.name == "fact") {
        c.fact = reader.text(f, "a fact expression").value_or("");
        c.fact_loc = text_loc(f);
      } else if (f.name == "value") {
        c.value = reader.text(f, "a value", true).value_or("");
        c.value_loc = text_loc(f);
      } else if (f.name == "note") {
        c.note = reader.text(f, "a note").value_or("");
      } else if (f.name == "related") {
        c.related = reader.text_list(f, "related claim ids", &c.related_locs);
      } else if (f.name == "modality") {
        if (auto m = reader.text(f, "a modality")) {
          if (auto modality = modality_named(*m)) c.modality = *modality;
          else reader.error(f.value_offset, unknown_modality_message(*m));
        }
      } else if (f.name == "tense") {
        if (auto t = reader.text(f, "a tense")) {
          if (auto tense = tense_named(*t)) c.tense = *tense;
          else reader.error(f.value_offset, unknown_tense_message(*t));
        }
      }
    }
    if (!set_index || reader.errors() > 0) return;
    const RawClaimSet& set = sets_[*set_index];
    if (auto source = sources_.find(*set_index); source != sources_.end() && quote_field && !c.quote.empty())
      if (auto error = place_quote(source->second, set.document.source, c)) diags_.error(text_loc(*quote_field), *error);
    if (sink_) {
      sink_(*set_index, std::move(c), line_offset_);
      return;
    }
    auto& ids = claim_lines_[*set_index];
    if (auto [it, fresh] = ids.emplace(c.id, c.loc.line); !fresh) {
      diags_.error(c.loc, fmt::format("duplicate claim id '{}' in document '{}' (first at line {})", c.id, c.document, it->second));
      return;
    }
    sets_[*set_index].claims.push_back(std::move(c));
  }

  // Where a text value's first character is: past the opening quote.
  static SourceLoc text_loc(const Field& f) {
    SourceLoc loc = f.value_loc;
    if (f.value.type() == element_type::STRING) ++loc.col;
    return loc;
  }

  std::string path_;
  Diagnostics& diags_;
  InputLimits limits_;
  simdjson::dom::parser parser_;
  std::string padded_;
  std::vector<RawClaimSet> sets_;
  std::map<std::string, std::size_t> documents_;
  std::map<std::size_t, std::string> sources_;
  std::map<std::size_t, std::map<std::string, int>> claim_lines_;
  ClaimLinesFile::ClaimSink sink_;
  std::uint64_t line_offset_ = 0;
};

// Splits text into lines for the reader; a line longer than the file-size limit is an error
// and is not parsed.
class LineSplitter {
 public:
  LineSplitter(const std::string& path, CorpusReader& reader, Diagnostics& diags, const InputLimits& limits)
      : path_(path), reader_(reader), diags_(diags), limits_(limits) {}

  void feed(std::string_view chunk) {
    while (!chunk.empty()) {
      std::size_t end = chunk.find('\n');
      consumed_ += end == std::string_view::npos ? chunk.size() : end + 1;
      std::string_view piece = chunk.substr(0, end);
      if (!too_long_) {
        if (pending_.size() + piece.size() > limits_.max_file_bytes) {
          too_long_ = true;
          pending_.clear();
        } else {
          pending_.append(piece);
        }
      }
      if (end == std::string_view::npos) return;
      finish_line();
      chunk.remove_prefix(end + 1);
    }
  }
  void finish() {
    if (!pending_.empty() || too_long_) finish_line();
  }

 private:
  void finish_line() {
    ++line_;
    if (too_long_) {
      diags_.error({path_, line_, 1}, fmt::format("the line is longer than {} bytes (--max-file-size applies to each line)",
                                                  limits_.max_file_bytes));
    } else {
      if (!pending_.empty() && pending_.back() == '\r') pending_.pop_back();
      reader_.set_line_offset(line_start_);
      reader_.line(line_, pending_);
    }
    pending_.clear();
    too_long_ = false;
    line_start_ = consumed_;
  }

  std::string path_;
  CorpusReader& reader_;
  Diagnostics& diags_;
  InputLimits limits_;
  std::string pending_;
  bool too_long_ = false;
  int line_ = 0;
  std::uint64_t consumed_ = 0;    // bytes fed so far
  std::uint64_t line_start_ = 0;  // where the line being gathered starts
};

}  // namespace

// Feeds the whole file to `lines`; false (with an error) when it cannot be read.
static bool feed_file(const std::string& path, LineSplitter& lines, Diagnostics& diags) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    diags.error({path, 0, 0}, "cannot read the file");
    return false;
  }
  diags.add_source_on_disk(path);
  std::vector<char> block(1 << 20);
  while (std::size_t n = std::fread(block.data(), 1, block.size(), file)) lines.feed({block.data(), n});
  bool failed = std::ferror(file);
  std::fclose(file);
  if (failed) diags.error({path, 0, 0}, "cannot read the file to its end");
  lines.finish();
  return !failed;
}

std::vector<RawClaimSet> load_claim_lines(const std::string& path, Diagnostics& diags, const InputLimits& limits) {
  CorpusReader reader(path, diags, limits);
  LineSplitter lines(path, reader, diags, limits);
  feed_file(path, lines, diags);
  return reader.take();
}

struct ClaimLinesFile::Reader {
  Reader(const std::string& path, Diagnostics& diags, const InputLimits& limits)
      : corpus(path, diags, limits), lines(path, corpus, diags, limits) {}
  ~Reader() {
    if (fd >= 0) ::close(fd);
  }
  // The line from `offset` to the next line break; false when it cannot be read or is too long.
  bool line_at(const std::string& path, std::uint64_t offset, std::size_t max_bytes, std::string& text) {
    if (fd < 0 && (fd = ::open(path.c_str(), O_RDONLY)) < 0) return false;
    text.clear();
    char chunk[4096];
    while (true) {
      ssize_t n = ::pread(fd, chunk, sizeof chunk, static_cast<off_t>(offset + text.size()));
      if (n < 0) return false;
      std::string_view got(chunk, static_cast<std::size_t>(n));
      std::size_t end = got.find('\n');
      text.append(got.substr(0, end));
      if (text.size() > max_bytes) return false;
      if (end != std::string_view::npos || n == 0) return true;
    }
  }
  CorpusReader corpus;
  LineSplitter lines;
  int fd = -1;
};

ClaimLinesFile::ClaimLinesFile(std::string path, Diagnostics& diags, const InputLimits& limits)
    : path_(std::move(path)), diags_(diags), limits_(limits), reader_(std::make_unique<Reader>(path_, diags, limits)) {}

ClaimLinesFile::~ClaimLinesFile() = default;

bool ClaimLinesFile::scan(const ClaimSink& sink) {
  reader_->corpus.stream_to(sink);
  return feed_file(path_, reader_->lines, diags_);
}

const std::vector<RawClaimSet>& ClaimLinesFile::documents() const { return reader_->corpus.sets(); }

std::optional<std::pair<std::size_t, RawClaim>> ClaimLinesFile::reread(std::uint64_t offset, int line) {
  std::optional<std::pair<std::size_t, RawClaim>> out;
  reader_->corpus.stream_to([&](std::size_t set, RawClaim&& claim, std::uint64_t) { out.emplace(set, std::move(claim)); });
  std::string text;
  bool read = reader_->line_at(path_, offset, limits_.max_file_bytes, text);
  if (!read) {
    diags_.error({path_, line, 1}, "cannot read this line again (the file changed while it was checked?)");
    return std::nullopt;
  }
  if (!text.empty() && text.back() == '\r') text.pop_back();
  reader_->corpus.line(line, text);
  if (!out) diags_.error({path_, line, 1}, "this line no longer holds the claim it held (the file changed while it was checked?)");
  return out;
}

std::vector<RawClaimSet> parse_claim_lines(const std::string& path, std::string_view text, Diagnostics& diags,
                                           const InputLimits& limits) {
  diags.add_source(path, std::string(text));
  CorpusReader reader(path, diags, limits);
  LineSplitter lines(path, reader, diags, limits);
  lines.feed(text);
  lines.finish();
  return reader.take();
}

}  // namespace claimcheck
