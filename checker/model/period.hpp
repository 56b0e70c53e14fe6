#pragma once
// Calendar days and periods. A period is an inclusive range of days; its label is derived from
// the range, so two spellings of the same days are the same period.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace claimcheck {

struct Date {
  int year = 0, month = 0, day = 0;
};

bool is_valid_date(int year, int month, int day);
int days_in_month(int year, int month);
std::int64_t to_day_number(const Date& date);  // days since 1970-01-01
Date from_day_number(std::int64_t days);
std::string iso(const Date& date);           // 2007-03-07
std::string iso_day(std::int64_t day_number);

struct Period {
  std::int64_t first = 0;  // day numbers, inclusive
  std::int64_t last = 0;

  bool contains(const Period& other) const { return first <= other.first && other.last <= last; }
  bool disjoint(const Period& other) const { return last < other.first || other.last < first; }
  bool operator==(const Period&) const = default;
  auto operator<=>(const Period&) const = default;
};

Period year_period(int year);
Period month_period(int year, int month);
Period day_period(const Date& date);

// "2006", "2006-08", "2006-08-15", "2004..2017", "2004..2017-11-14", "2006-01-03..2006-02-10".
std::string label(const Period& period);

}  // namespace claimcheck

namespace claimcheck {
// Absolute forms only: YYYY, YYYY-MM, YYYY-MM-DD and spans A..B of those. On failure returns
// nullopt and sets `error` to what was expected or why the date is impossible.
std::optional<Period> parse_iso_period(std::string_view text, std::string& error);
std::optional<Date> parse_iso_date(std::string_view text, std::string& error);
}  // namespace claimcheck
