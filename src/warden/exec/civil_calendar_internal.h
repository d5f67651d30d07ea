#pragma once

#include <cstdint>

/// Proleptic Gregorian calendar arithmetic on days since 1970-01-01 (H. Hinnant's
/// days_from_civil / civil_from_days), valid far beyond date32's range.
namespace warden::exec::internal {

struct CivilDate {
  int64_t year;  // astronomical: 0 is 1 BC
  int64_t month;  // 1..12
  int64_t day;    // 1..31
};

inline int64_t DaysFromCivil(CivilDate date) {
  const int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (date.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

inline CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

inline bool IsLeapYear(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

inline int64_t DaysInMonth(int64_t year, int64_t month) {
  static constexpr int64_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

/// `days` plus `months` calendar months, the day clamped to the target month's end.
inline int64_t AddMonthsToDays(int64_t days, int64_t months) {
  CivilDate date = CivilFromDays(days);
  const int64_t index = date.year * 12 + (date.month - 1) + months;
  date.year = index >= 0 ? index / 12 : -((-index + 11) / 12);
  date.month = index - date.year * 12 + 1;
  if (date.day > DaysInMonth(date.year, date.month)) {
    date.day = DaysInMonth(date.year, date.month);
  }
  return DaysFromCivil(date);
}

}  // namespace warden::exec::internal
