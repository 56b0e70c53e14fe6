#pragma once
// Reading a token list with errors that point at the token's column in the YAML file. Both
// expression languages build on it; a syntax error is reported once and unwinds the parse.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "text/lexer.hpp"

namespace claimcheck {

struct SyntaxError {};

class TokenCursor {
 public:
  TokenCursor(std::string text, SourceLoc base, Diagnostics& diags)
      : text_(std::move(text)), base_(std::move(base)), diags_(&diags), tokens_(tokenize(text_)) {}

  static bool is_word(const Token& t, const char* word) {
    if (t.type != Token::Type::ident || t.text.size() != std::char_traits<char>::length(word)) return false;
    for (std::size_t i = 0; i < t.text.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(t.text[i])) != word[i]) return false;
    return true;
  }

  const Token& peek(std::size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  const Token& next() { return tokens_[std::min(pos_++, tokens_.size() - 1)]; }

  // Offsets count within the text; a folded or multi-line text still points at its first line.
  SourceLoc at(const Token& t) const {
    std::size_t line_break = text_.find('\n');
    if (line_break != std::string::npos && t.offset > line_break) return base_;
    return {base_.file, base_.line, base_.col + static_cast<int>(t.offset)};
  }

  [[noreturn]] void fail(const Token& t, std::string message) {
    diags_->error(at(t), std::move(message));
    throw SyntaxError{};
  }

  const Token& expect(Token::Type type, const char* what) {
    if (peek().type != type) fail(peek(), fmt::format("expected {}, found {}", what, describe(peek())));
    return next();
  }

  void expect_end(const char* what) {
    if (peek().type != Token::Type::end) fail(peek(), fmt::format("expected the end of {}, found {}", what, describe(peek())));
  }

 protected:
  std::string text_;
  SourceLoc base_;  // where the text's first character is
  Diagnostics* diags_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace claimcheck
