#pragma once
// Tokens of the two small languages (fact expressions and rule expressions). Offsets let
// errors point at the exact column.
#include <string>
#include <string_view>
#include <vector>

namespace claimcheck {

struct Token {
  enum class Type {
    ident, var, number, date, lparen, rparen, comma, colon, eq, ne, lt, le, gt, ge, tilde, dotdot,
    plus, minus, star, arrow, percent, dollar, end, invalid
  };
  Type type = Type::end;
  std::string text;    // numbers: digits with thousands separators removed
  int decimals = 0;    // numbers: digits after the point
  std::size_t offset = 0;
  std::size_t length = 0;
};

std::vector<Token> tokenize(std::string_view text);
std::string describe(const Token& token);  // "'>='", "number 350", "end of text"

}  // namespace claimcheck
