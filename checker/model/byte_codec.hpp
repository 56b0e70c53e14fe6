#pragma once
// Values as bytes within one run of one build (outcomes gathered to MPI rank 0, claims spooled by
// a streamed run): numbers as base-128 varints, texts length-prefixed, rationals as two numbers
// or, past a machine word, "p/q" text.
// Nothing here is a file format: the bytes are read back by the same binary.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/rational.hpp"

namespace claimcheck {

class ByteWriter {
 public:
  void number(std::uint64_t n) {
    while (n >= 0x80) {
      bytes.push_back(static_cast<char>((n & 0x7f) | 0x80));
      n >>= 7;
    }
    bytes.push_back(static_cast<char>(n));
  }
  void signed_number(std::int64_t n) {  // zigzag: small negatives stay short
    number((static_cast<std::uint64_t>(n) << 1) ^ static_cast<std::uint64_t>(n >> 63));
  }
  void text(std::string_view s) {
    number(s.size());
    bytes.append(s);
  }
  // Machine-word terms as two numbers, anything larger as "p/q" text.
  void rational(const Rational& r) {
    if (auto terms = r.small()) {
      number(1);
      signed_number(terms->first);
      number(static_cast<std::uint64_t>(terms->second));
    } else {
      number(0);
      text(to_fraction_string(r));
    }
  }
  void maybe(const std::optional<Rational>& r) {
    number(r ? 1 : 0);
    if (r) rational(*r);
  }
  void ints(const std::vector<int>& list) {
    number(list.size());
    for (int i : list) signed_number(i);
  }
  std::string bytes;
};

// Reads what a ByteWriter wrote; a std::runtime_error naming `what` ("an outcome") when the bytes
// do not hold it.
class ByteReader {
 public:
  ByteReader(std::string_view bytes, const char* what) : bytes_(bytes), what_(what) {}
  std::uint64_t number() {
    std::uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      auto byte = static_cast<unsigned char>(bytes_[at_++]);
      n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return n;
    }
    throw std::runtime_error(std::string(what_) + " holds a number longer than 64 bits");
  }
  std::int64_t signed_number() {
    std::uint64_t n = number();
    return static_cast<std::int64_t>((n >> 1) ^ (~(n & 1) + 1));
  }
  std::string_view text_view() {
    std::uint64_t size = number();
    need(size);
    std::string_view s = bytes_.substr(at_, size);
    at_ += size;
    return s;
  }
  std::string text() { return std::string(text_view()); }
  Rational rational() {
    std::uint64_t form = number();
    if (form == 1) {
      std::int64_t numerator = signed_number();
      std::uint64_t denominator = number();
      if (denominator == 0 || denominator > static_cast<std::uint64_t>(INT64_MAX) || numerator == INT64_MIN)
        throw std::runtime_error(std::string(what_) + " holds a malformed number");
      return Rational(numerator, static_cast<std::int64_t>(denominator));
    }
    if (form != 0) throw std::runtime_error(std::string(what_) + " holds a malformed number");
    std::string_view s = text_view();
    auto slash = s.find('/');
    try {
      if (slash == std::string_view::npos) return Rational(Integer(std::string(s)));
      return Rational(Integer(std::string(s.substr(0, slash))), Integer(std::string(s.substr(slash + 1))));
    } catch (const std::exception&) {
      throw std::runtime_error(std::string(what_) + " holds a malformed number '" + std::string(s) + "'");
    }
  }
  std::optional<Rational> maybe() {
    if (number() == 0) return std::nullopt;
    return rational();
  }
  std::vector<int> ints() {
    std::uint64_t size = number();
    need(size);  // a varint takes a byte at least
    std::vector<int> list;
    list.reserve(size);
    for (std::uint64_t k = 0; k < size; ++k) list.push_back(static_cast<int>(signed_number()));
    return list;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void need(std::uint64_t size) const {
    if (size > bytes_.size() - at_) throw std::runtime_error(std::string(what_) + "'s bytes end early");
  }
  std::string_view bytes_;
  const char* what_;
  std::size_t at_ = 0;
};

}  // namespace claimcheck
