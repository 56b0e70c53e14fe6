#include "text/lexer.hpp"

#include <cctype>

namespace claimcheck {

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
static bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

static std::size_t digits_from(std::string_view s, std::size_t i) {
  std::size_t n = 0;
  while (i + n < s.size() && is_digit(s[i + n])) ++n;
  return n;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  // At most a token for every character or two, and the end: one allocation for a claim's fact
  // instead of five or six as the list grows.
  out.reserve(s.size() / 2 + 2);
  std::size_t i = 0;
  auto push = [&](Token::Type type, std::size_t length, std::string text = {}) {
    Token t;
    t.type = type;
    t.offset = i;
    t.length = length;
    t.text = text.empty() ? std::string(s.substr(i, length)) : std::move(text);
    out.push_back(std::move(t));
    i += length;
  };
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (is_digit(c)) {
      std::size_t n = digits_from(s, i);
      // YYYY-MM or YYYY-MM-DD
      if (n == 4 && i + 7 <= s.size() && s[i + 4] == '-' && digits_from(s, i + 5) == 2) {
        std::size_t len = 7;
        if (i + 10 <= s.size() && s[i + 7] == '-' && digits_from(s, i + 8) == 2) len = 10;
        push(Token::Type::date, len);
        continue;
      }
      std::size_t j = i + n;
      std::string digits(s.substr(i, n));
      // Thousands separators: ",ddd" not followed by another digit.
      while (j + 4 <= s.size() && s[j] == ',' && digits_from(s, j + 1) == 3) {
        digits += s.substr(j + 1, 3);
        j += 4;
      }
      int decimals = 0;
      if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
        std::size_t d = digits_from(s, j + 1);
        digits += "." + std::string(s.substr(j + 1, d));
        decimals = static_cast<int>(d);
        j += 1 + d;
      }
      Token t;
      t.type = Token::Type::number;
      t.offset = i;
      t.length = j - i;
      t.text = digits;
      t.decimals = decimals;
      out.push_back(t);
      i = j;
      continue;
    }
    if (is_ident_start(c) || (c == '?' && i + 1 < s.size() && is_ident_start(s[i + 1]))) {
      std::size_t j = i + (c == '?' ? 1 : 0);
      while (j < s.size() && (is_ident_char(s[j]) || (s[j] == '.' && j + 1 < s.size() && is_ident_char(s[j + 1]))))
        ++j;
      push(c == '?' ? Token::Type::var : Token::Type::ident, j - i);
      continue;
    }
    auto two = s.substr(i, 2);
    if (two == "<=") { push(Token::Type::le, 2); continue; }
    if (two == ">=") { push(Token::Type::ge, 2); continue; }
    if (two == "!=") { push(Token::Type::ne, 2); continue; }
    if (two == "..") { push(Token::Type::dotdot, 2); continue; }
    if (two == "->") { push(Token::Type::arrow, 2); continue; }
    switch (c) {
      case '(': push(Token::Type::lparen, 1); continue;
      case ')': push(Token::Type::rparen, 1); continue;
      case ',': push(Token::Type::comma, 1); continue;
      case ':': push(Token::Type::colon, 1); continue;
      case '=': push(Token::Type::eq, 1); continue;
      case '<': push(Token::Type::lt, 1); continue;
      case '>': push(Token::Type::gt, 1); continue;
      case '~': push(Token::Type::tilde, 1); continue;
      case '+': push(Token::Type::plus, 1); continue;
      case '-': push(Token::Type::minus, 1); continue;
      case '*': push(Token::Type::star, 1); continue;
      case '%': push(Token::Type::percent, 1); continue;
      case '$': push(Token::Type::dollar, 1); continue;
      default: break;
    }
    // One invalid token for a whole UTF-8 sequence, so the caret lands on its first byte.
    std::size_t len = 1;
    while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
    push(Token::Type::invalid, len);
  }
  Token end;
  end.type = Token::Type::end;
  end.offset = s.size();
  out.push_back(end);
  return out;
}

std::string describe(const Token& t) {
  switch (t.type) {
    case Token::Type::end: return "end of text";
    case Token::Type::number: return "number " + t.text;
    case Token::Type::ident: return "'" + t.text + "'";
    case Token::Type::var: return "variable " + t.text;
    case Token::Type::date: return "date " + t.text;
    default: return "'" + t.text + "'";
  }
}

}  // namespace claimcheck
