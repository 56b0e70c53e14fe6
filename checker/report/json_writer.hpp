#pragma once
// JSON text written straight into a string, byte for byte as nlohmann's dump(2) prints the same
// value: reports keep their format while skipping the document tree, which cost more than the
// text itself at 100,000 claims.
#include <charconv>
#include <concepts>
#include <string>
#include <string_view>
#include <vector>

namespace claimcheck {

// Two spaces a level, "key": value, empty containers as [] and {}. Text is copied as it is,
// with quotes, backslashes and control bytes escaped; bytes that are not well-formed UTF-8 become
// U+FFFD, one for each maximal ill-formed part, as dump's `replace` handler does (a path need not
// be UTF-8).
class JsonWriter {
 public:
  // `indent`: how deep the first value starts, so that an item can be written on its own and
  // put into an array of a larger document later (see preformatted).
  explicit JsonWriter(std::string& out, int indent = 0) : out_(out), indent_(indent) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // In an object: the next member's name; its value follows.
  JsonWriter& key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(bool b);
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  void value(T n) {
    before_value();
    char digits[24];
    out_.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
  }
  void null();
  template <class T>
  void value(const std::vector<T>& items) {
    begin_array();
    for (const auto& item : items) value(item);
    end_array();
  }
  template <class T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name).value(v);
    return *this;
  }
  // A value written by another JsonWriter started at this one's current depth.
  void preformatted(std::string_view text);

  // `text` as a JSON string (quoted and escaped) appended to `out`.
  static void append_string(std::string& out, std::string_view text);

 private:
  struct Level {
    bool array;
    bool empty;
  };
  std::string& out_;
  int indent_;
  std::vector<Level> levels_;
  bool after_key_ = false;

  void before_value();
  void open(char bracket);
  void close(char bracket);
  void line_break();
};

}  // namespace claimcheck
