#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>

#include "report/json_writer.hpp"

using namespace claimcheck;
using nlohmann::ordered_json;

namespace {

void write(JsonWriter& w, const ordered_json& j) {
  if (j.is_object()) {
    w.begin_object();
    for (const auto& [k, v] : j.items()) {
      w.key(k);
      write(w, v);
    }
    w.end_object();
  } else if (j.is_array()) {
    w.begin_array();
    for (const auto& v : j) write(w, v);
    w.end_array();
  } else if (j.is_string()) {
    w.value(j.get_ref<const std::string&>());
  } else if (j.is_boolean()) {
    w.value(j.get<bool>());
  } else if (j.is_number_unsigned()) {
    w.value(j.get<std::uint64_t>());
  } else if (j.is_number_integer()) {
    w.value(j.get<std::int64_t>());
  } else {
    w.null();
  }
}

std::string written(const ordered_json& j, int indent = 0) {
  std::string out;
  JsonWriter w(out, indent);
  write(w, j);
  return out;
}

std::string dumped(const ordered_json& j) { return j.dump(2, ' ', false, ordered_json::error_handler_t::replace); }

// Bytes of every kind that matter to escaping and UTF-8: controls, quote, backslash, DEL, well
// formed sequences of 2-4 bytes, and stray or cut-off ones.
std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "a", "Z", " ", "/", "\"", "\\", "\n", "\t", "\b", "\f", "\r", std::string(1, '\0'), "\x01", "\x1f", "\x7f",
      "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF",
      "\xFF", "\x80", "\xC0\xAF", "\xC3", "\xE2\x82", "\xED\xA0\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80",
      "\xF5", "\xE0\x9F\x80", "\xF0\x9F\x98"};
  std::uniform_int_distribution<std::size_t> count(0, 6), pick(0, pieces.size() - 1);
  std::string text;
  for (std::size_t n = count(rng); n > 0; --n) text += pieces[pick(rng)];
  return text;
}

ordered_json random_value(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 4 : 6), size(0, 3);
  switch (kind(rng)) {
    case 0: return random_text(rng);
    case 1: return std::uniform_int_distribution<std::int64_t>(INT64_MIN, INT64_MAX)(rng);
    case 2: return std::uniform_int_distribution<std::uint64_t>(0, UINT64_MAX)(rng);
    case 3: return rng() % 2 == 0;
    case 4: return nullptr;
    case 5: {
      ordered_json a = ordered_json::array();
      for (int n = size(rng); n > 0; --n) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      ordered_json o = ordered_json::object();
      for (int n = size(rng); n > 0; --n) o[random_text(rng)] = random_value(rng, depth + 1);
      return o;
    }
  }
}

}  // namespace

TEST_CASE("JsonWriter prints what dump(2) prints", "[report][json]") {
  ordered_json j = {{"id", "c1"},
                    {"weight", -3},
                    {"checks", 18446744073709551615ull},
                    {"agree", true},
                    {"empty", ordered_json::array()},
                    {"none", ordered_json::object()},
                    {"previous", nullptr},
                    {"claims", {"a", "b"}},
                    {"nested", {{"quote", "say \"no\"\\\n"}, {"list", {1, 2, {{"x", false}}}}}}};
  std::string text = written(j);
  CHECK(text == j.dump(2));
  CHECK(text.substr(0, 26) == "{\n  \"id\": \"c1\",\n  \"weight\"");

  std::mt19937 rng(20261203);
  for (int k = 0; k < 3000; ++k) {
    ordered_json value = random_value(rng, 0);
    INFO("case " << k << ": " << dumped(value));
    REQUIRE(written(value) == dumped(value));
  }
}

TEST_CASE("JsonWriter replaces bytes that are not UTF-8 and escapes controls", "[report][json]") {
  CHECK(written("bad\xFF.yaml") == "\"bad\xEF\xBF\xBD.yaml\"");
  CHECK(written("\xE2\x82") == "\"\xEF\xBF\xBD\"");              // cut short: one replacement
  CHECK(written("\xE2\x82" "a") == "\"\xEF\xBF\xBD" "a\"");      // the byte that broke it is kept
  CHECK(written("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong: two stray bytes
  CHECK(written(std::string("\x01\x1f\x7f", 3)) == "\"\\u0001\\u001f\x7f\"");
}

TEST_CASE("JsonWriter escapes a byte wherever it falls in a long text", "[report][json]") {
  // Plain text is passed over 8 bytes at a time: each byte that needs a look, at every place in
  // a word and across two, and bytes next to the ones that do (0x1f, 0x20, 0x7f, 0x80).
  const std::vector<std::pair<std::string, std::string>> cases{
      {"\"", "\\\""},           {"\\", "\\\\"},        {"\n", "\\n"},
      {std::string(1, '\0'), "\\u0000"}, {"\x1f", "\\u001f"},   {" ", " "},
      {"\x7f", "\x7f"},           {"\xC3\xA9", "\xC3\xA9"}, {"\xFF", "\xEF\xBF\xBD"},
      {"\x80", "\xEF\xBF\xBD"}};
  for (const auto& [raw, shown] : cases)
    for (std::size_t at = 0; at <= 20; ++at) {
      std::string text = std::string(at, 'a') + raw + std::string(20 - at, 'b');
      INFO("byte " << static_cast<int>(static_cast<unsigned char>(raw[0])) << " at " << at);
      CHECK(written(text) == "\"" + std::string(at, 'a') + shown + std::string(20 - at, 'b') + "\"");
    }
}

TEST_CASE("JsonWriter starts items at a depth and takes them back preformatted", "[report][json]") {
  ordered_json item = {{"id", 7}, {"claims", {"a"}}};
  std::string text = written(item, 6);  // as deep as the items of coverage.components
  CHECK(text == "{\n        \"id\": 7,\n        \"claims\": [\n          \"a\"\n        ]\n      }");
  ordered_json whole = {{"coverage", {{"components", {item, item}}}}};
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("coverage").begin_object();
  w.key("components").begin_array();
  w.preformatted(text);
  w.preformatted(text);
  w.end_array();
  w.end_object();
  w.end_object();
  CHECK(out == whole.dump(2));
}
