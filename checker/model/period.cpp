#include "model/period.hpp"

#include <fmt/format.h>

namespace claimcheck {

static bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return days[month - 1];
}

bool is_valid_date(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t to_day_number(const Date& date) {
  std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  std::int64_t yoe = y - era * 400;
  std::int64_t mp = (date.month + 9) % 12;
  std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date from_day_number(std::int64_t z) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

std::string iso(const Date& date) { return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day); }
std::string iso_day(std::int64_t day_number) { return iso(from_day_number(day_number)); }

Period year_period(int year) {
  return {to_day_number({year, 1, 1}), to_day_number({year, 12, 31})};
}
Period month_period(int year, int month) {
  return {to_day_number({year, month, 1}), to_day_number({year, month, days_in_month(year, month)})};
}
Period day_period(const Date& date) {
  auto d = to_day_number(date);
  return {d, d};
}

// The coarsest spelling of one end: a year if the range starts (ends) on a year boundary, a
// month if on a month boundary, else the day.
static std::string start_label(const Date& d, bool year_ok, bool month_ok) {
  if (year_ok) return fmt::format("{:04}", d.year);
  if (month_ok) return fmt::format("{:04}-{:02}", d.year, d.month);
  return iso(d);
}

std::string label(const Period& period) {
  Date a = from_day_number(period.first);
  Date b = from_day_number(period.last);
  bool a_year = a.month == 1 && a.day == 1;
  bool a_month = a.day == 1;
  bool b_year = b.month == 12 && b.day == 31;
  bool b_month = b.day == days_in_month(b.year, b.month);
  if (period.first == period.last) return iso(a);
  if (a_year && b_year && a.year == b.year) return fmt::format("{:04}", a.year);
  if (a_month && b_month && a.year == b.year && a.month == b.month)
    return fmt::format("{:04}-{:02}", a.year, a.month);
  // Both ends at the same granularity reads best: 2004..2017, 2006-01..2006-09.
  if (a_year && b_year) return fmt::format("{:04}..{:04}", a.year, b.year);
  if (a_month && b_month)
    return fmt::format("{:04}-{:02}..{:04}-{:02}", a.year, a.month, b.year, b.month);
  std::string left = start_label(a, a_year, a_month);
  std::string right = b_year ? fmt::format("{:04}", b.year)
                             : (b_month ? fmt::format("{:04}-{:02}", b.year, b.month) : iso(b));
  return left + ".." + right;
}

}  // namespace claimcheck

namespace claimcheck {

static const char* kMonthNames[] = {"January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"};

static bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// One end of a span: YYYY, YYYY-MM or YYYY-MM-DD.
static std::optional<Period> parse_iso_piece(std::string_view text, std::string& error) {
  auto fail = [&](std::string message) -> std::optional<Period> {
    error = std::move(message);
    return std::nullopt;
  };
  auto parts_end = text.find('-');
  std::string_view y = text.substr(0, parts_end);
  if (!all_digits(y) || y.size() != 4)
    return fail(fmt::format("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{}'", text));
  int year = std::stoi(std::string(y));
  if (year < 1) return fail(fmt::format("impossible year {} in '{}'", year, text));
  if (parts_end == std::string_view::npos) return year_period(year);
  std::string_view rest = text.substr(parts_end + 1);
  auto second = rest.find('-');
  std::string_view m = rest.substr(0, second);
  if (!all_digits(m) || m.size() != 2)
    return fail(fmt::format("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{}'", text));
  int month = std::stoi(std::string(m));
  if (month < 1 || month > 12) return fail(fmt::format("impossible month {:02} in '{}'", month, text));
  if (second == std::string_view::npos) return month_period(year, month);
  std::string_view d = rest.substr(second + 1);
  if (!all_digits(d) || d.size() != 2)
    return fail(fmt::format("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{}'", text));
  int day = std::stoi(std::string(d));
  if (!is_valid_date(year, month, day))
    return fail(fmt::format("impossible date {}: {} {} has {} days", text, kMonthNames[month - 1], year,
                            days_in_month(year, month)));
  return day_period({year, month, day});
}

std::optional<Period> parse_iso_period(std::string_view text, std::string& error) {
  auto dots = text.find("..");
  if (dots == std::string_view::npos) return parse_iso_piece(text, error);
  auto from = parse_iso_piece(text.substr(0, dots), error);
  if (!from) return std::nullopt;
  auto to = parse_iso_piece(text.substr(dots + 2), error);
  if (!to) return std::nullopt;
  if (to->last < from->first) {
    error = fmt::format("period '{}' ends before it starts", text);
    return std::nullopt;
  }
  return Period{from->first, to->last};
}

std::optional<Date> parse_iso_date(std::string_view text, std::string& error) {
  auto period = parse_iso_piece(text, error);
  if (!period) return std::nullopt;
  if (period->first != period->last) {
    error = fmt::format("expected a full date YYYY-MM-DD, got '{}'", text);
    return std::nullopt;
  }
  return from_day_number(period->first);
}

}  // namespace claimcheck
