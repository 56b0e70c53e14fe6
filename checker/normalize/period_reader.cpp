// Periods in fact arguments and dates after 'on', read against the document's publication date.
#include "normalize/period_reader.hpp"

#include <fmt/format.h>

namespace claimcheck {

namespace {

using T = Token::Type;

const char* kMonths[] = {"january", "february", "march", "april", "may", "june", "july",
                         "august", "september", "october", "november", "december"};

int month_index(const std::string& word) {
  std::string w = word;
  for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (int m = 0; m < 12; ++m)
    if (w == kMonths[m]) return m + 1;
  return 0;
}

}  // namespace

Period read_period_argument(TokenCursor& in, const std::vector<const Token*>& arg, const std::string& name,
                            std::size_t index, const Date& published_on) {
  std::size_t i = 0;
  auto bad = [&](const Token& t) {
    in.fail(t, fmt::format("expected a period as argument {} of '{}' (YYYY, YYYY-MM, YYYY-MM-DD, A..B, "
                           "'since YYYY', 'last year', 'this year'), found {}",
                           index + 1, name, describe(t)));
  };
  auto piece = [&](const Token& t) -> Period {
    if (t.type != T::number && t.type != T::date) bad(t);
    std::string error;
    auto p = parse_iso_period(t.text, error);
    if (!p) in.fail(t, error);
    return *p;
  };
  const Token& first = *arg[0];
  std::int64_t published = to_day_number(published_on);
  if (TokenCursor::is_word(first, "since")) {
    if (arg.size() != 2) bad(arg.size() > 2 ? *arg[2] : first);
    Period from = piece(*arg[1]);
    if (from.first > published) in.fail(*arg[1], fmt::format("'since {}' starts after the document's publication ({})",
                                                         arg[1]->text, iso(published_on)));
    return {from.first, published};
  }
  if (TokenCursor::is_word(first, "last") || TokenCursor::is_word(first, "this")) {
    if (arg.size() != 2 || !TokenCursor::is_word(*arg[1], "year")) bad(arg.size() > 1 ? *arg[1] : first);
    return year_period(published_on.year - (TokenCursor::is_word(first, "last") ? 1 : 0));
  }
  Period p = piece(first);
  ++i;
  if (i < arg.size()) {
    if (arg[i]->type != T::dotdot) bad(*arg[i]);
    if (i + 1 >= arg.size()) bad(*arg[i]);
    Period to = piece(*arg[i + 1]);
    if (to.last < p.first) in.fail(*arg[i + 1], fmt::format("period ends ({}) before it starts ({})", label(to), label(p)));
    if (i + 2 < arg.size()) bad(*arg[i + 2]);
    p.last = to.last;
  }
  return p;
}

// A date or period after 'on': ISO forms, "March 19, 1999", "June 2003", "mid-February 2004",
// "1994", "January" (relative to publication and tense), "last year", "this year".
Period read_when(TokenCursor& in, const Date& published, Tense tense) {
  const Token& t = in.peek();
  auto expected = [&](const Token& found) {
    in.fail(found, fmt::format("expected a date (2000-01-06, 2003-11, 1994, 'March 19, 1999', 'June 2003', "
                            "'mid-February 2004', 'January', 'last year'), found {}",
                            describe(found)));
  };
  if (t.type == T::date || t.type == T::number) {
    in.next();
    std::string text = t.text;
    if (in.peek().type == T::dotdot) {
      in.next();
      const Token& to = in.next();
      if (to.type != T::date && to.type != T::number) expected(to);
      text += ".." + to.text;
    }
    std::string error;
    auto p = parse_iso_period(text, error);
    if (!p) in.fail(t, error);
    return *p;
  }
  if (TokenCursor::is_word(t, "last") || TokenCursor::is_word(t, "this")) {
    in.next();
    if (!TokenCursor::is_word(in.peek(), "year")) expected(in.peek());
    in.next();
    return year_period(published.year - (TokenCursor::is_word(t, "last") ? 1 : 0));
  }
  int part = 0;  // 1 early, 2 mid, 3 late
  if (TokenCursor::is_word(t, "early") || TokenCursor::is_word(t, "mid") || TokenCursor::is_word(t, "late")) {
    part = TokenCursor::is_word(t, "early") ? 1 : TokenCursor::is_word(t, "mid") ? 2 : 3;
    in.next();
    if (in.peek().type == T::minus) in.next();
  }
  const Token& month_token = in.peek();
  int month = month_token.type == T::ident ? month_index(month_token.text) : 0;
  if (month == 0) expected(month_token);
  in.next();
  int day = 0, year = 0;
  if (in.peek().type == T::number && in.peek().text.size() <= 2 && part == 0) {
    day = std::stoi(in.next().text);
    if (in.peek().type == T::comma) in.next();
  }
  if (in.peek().type == T::number && in.peek().text.size() == 4) {
    year = std::stoi(in.next().text);
  } else if (day != 0) {
    expected(in.peek());
  } else {
    // A bare month: the latest one not after publication for the past tense, the next one
    // for the future.
    year = published.year;
    if (tense == Tense::past && month > published.month) --year;
    if (tense == Tense::future && month <= published.month) ++year;
  }
  if (day != 0) {
    if (!is_valid_date(year, month, day))
      in.fail(month_token, fmt::format("impossible date: {} {} has {} days", month_token.text, year, days_in_month(year, month)));
    return day_period({year, month, day});
  }
  Period p = month_period(year, month);
  if (part == 1) p.last = p.first + 9;
  if (part == 2) {
    p.first += 10;
    p.last = p.first + 9;
  }
  if (part == 3) p.first += 20;
  return p;
}

}  // namespace claimcheck
