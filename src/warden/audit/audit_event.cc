#include "warden/audit/audit_event.h"

#include <chrono>
#include <cstdio>

#include "warden/common/error.h"
#include "warden/common/utf8.h"

namespace warden::audit {

namespace {

constexpr std::string_view kKindNames[] = {
    "authentication", "plan", "task", "governance", "grant_change", "refusal", "error"};
constexpr std::string_view kStatusNames[] = {"ok", "refused", "failed"};

/// Length of the valid UTF-8 sequence starting at `text[i]`, or 0 if it is invalid
/// (truncated, overlong, a surrogate or above U+10FFFF).
size_t ValidSequenceLength(std::string_view text, size_t i) {
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  return static_cast<size_t>(DecodeUtf8(data + i, data + text.size()).size);
}

void SanitizeUtf8(std::string& text) {
  size_t i = 0;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  if (i == text.size()) return;  // the common case: ASCII
  std::string out = text.substr(0, i);
  while (i < text.size()) {
    const size_t length = ValidSequenceLength(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  text = std::move(out);
}

// Howard Hinnant's civil-from-days and days-from-civil (proleptic Gregorian, UTC).
struct CivilDate {
  int64_t year;
  unsigned month, day;
};

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (month <= 2), month, day};
}

int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

constexpr int64_t kMicrosPerDay = 86'400'000'000;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

std::string_view EventKindName(EventKind kind) {
  return kKindNames[static_cast<int>(kind)];
}

arrow::Result<EventKind> ParseEventKind(std::string_view name) {
  for (size_t i = 0; i < std::size(kKindNames); ++i) {
    if (kKindNames[i] == name) return static_cast<EventKind>(i);
  }
  return Error(ErrorCode::kInvalidArgument,
               "unknown audit event kind '" + std::string(name) + "'");
}

std::string_view EventStatusName(EventStatus status) {
  return kStatusNames[static_cast<int>(status)];
}

arrow::Result<EventStatus> ParseEventStatus(std::string_view name) {
  for (size_t i = 0; i < std::size(kStatusNames); ++i) {
    if (kStatusNames[i] == name) return static_cast<EventStatus>(i);
  }
  return Error(ErrorCode::kInvalidArgument,
               "unknown audit event status '" + std::string(name) + "'");
}

void SanitizeText(AuditEvent& event) {
  for (std::string* text :
       {&event.event_id, &event.request_id, &event.session_id, &event.service,
        &event.instance, &event.user, &event.client_address, &event.application,
        &event.statement, &event.row_filter, &event.error_code, &event.error_message,
        &event.chain, &event.prev_hash, &event.hash}) {
    SanitizeUtf8(*text);
  }
  for (auto* list : {&event.groups, &event.roles, &event.datasets, &event.columns,
                     &event.grants, &event.transforms}) {
    for (auto& text : *list) SanitizeUtf8(text);
  }
}

std::string UtcDate(int64_t time_us) {
  const CivilDate date = CivilFromDays(FloorDiv(time_us, kMicrosPerDay));
  char out[32];
  std::snprintf(out, sizeof(out), "%04lld-%02u-%02u", static_cast<long long>(date.year),
                date.month, date.day);
  return out;
}

std::string FormatUtcTime(int64_t time_us) {
  const int64_t days = FloorDiv(time_us, kMicrosPerDay);
  const int64_t in_day = time_us - days * kMicrosPerDay;
  const int64_t seconds = in_day / 1'000'000;
  char out[48];
  std::snprintf(
      out, sizeof(out), "%sT%02lld:%02lld:%02lld.%06lldZ", UtcDate(time_us).c_str(),
      static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
      static_cast<long long>(seconds % 60), static_cast<long long>(in_day % 1'000'000));
  return out;
}

arrow::Result<int64_t> ParseUtcTime(std::string_view text) {
  // Exactly the form FormatUtcTime writes; anything else would not hash the same.
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.ddddddZ";
  bool matches = text.size() == kShape.size();
  for (size_t i = 0; matches && i < text.size(); ++i) {
    matches =
        kShape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == kShape[i];
  }
  if (!matches) {
    return Error(ErrorCode::kInvalidArgument, "audit time '" + std::string(text) +
                                                  "' is not YYYY-MM-DDTHH:MM:SS.ffffffZ");
  }
  const auto number = [&](size_t at, size_t length) {
    int64_t value = 0;
    for (size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const int64_t month = number(5, 2), day = number(8, 2);
  const int64_t hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 59) {
    return Error(ErrorCode::kInvalidArgument,
                 "audit time '" + std::string(text) + "' is out of range");
  }
  const int64_t days = DaysFromCivil(number(0, 4), static_cast<unsigned>(month),
                                     static_cast<unsigned>(day));
  const int64_t time_us = days * kMicrosPerDay +
                          ((hour * 60 + minute) * 60 + second) * 1'000'000 +
                          number(20, 6);
  if (FormatUtcTime(time_us) != text) {  // e.g. February 30th
    return Error(ErrorCode::kInvalidArgument,
                 "audit time '" + std::string(text) + "' is not a calendar date");
  }
  return time_us;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace warden::audit
