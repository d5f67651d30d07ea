#include <arrow/api.h>
#include <arrow/filesystem/localfs.h>
#include <gtest/gtest.h>

#include "warden/audit/audit_event.h"
#include "warden/audit/audit_file_format.h"
#include "warden/audit/event_arrow.h"
#include "warden/audit/event_json.h"
#include "warden/audit/testing/sample_events.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::audit {
namespace {

using testing::SampleEvent;

TEST(AuditEventTest, KindAndStatusNamesRoundTrip) {
  for (auto kind : {EventKind::kAuthentication, EventKind::kPlan, EventKind::kTask,
                    EventKind::kGovernance, EventKind::kGrantChange, EventKind::kRefusal,
                    EventKind::kError}) {
    EXPECT_EQ(*ParseEventKind(EventKindName(kind)), kind);
  }
  EXPECT_EQ(EventKindName(EventKind::kGrantChange), "grant_change");
  for (auto status : {EventStatus::kOk, EventStatus::kRefused, EventStatus::kFailed}) {
    EXPECT_EQ(*ParseEventStatus(EventStatusName(status)), status);
  }
  EXPECT_FALSE(ParseEventKind("login").ok());
  EXPECT_FALSE(ParseEventStatus("OK").ok());
}

TEST(AuditEventTest, UtcTimesFormatAndParseExactly) {
  EXPECT_EQ(FormatUtcTime(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatUtcTime(1'795'342'272'123'456), "2026-11-22T10:11:12.123456Z");
  EXPECT_EQ(UtcDate(1'795'342'272'123'456), "2026-11-22");
  EXPECT_EQ(FormatUtcTime(951'782'400'000'001), "2000-02-29T00:00:00.000001Z");
  for (int64_t t : {int64_t{0}, int64_t{1'795'342'272'123'456},
                    int64_t{951'782'399'999'999}, int64_t{253'402'300'799'999'999}}) {
    EXPECT_EQ(*ParseUtcTime(FormatUtcTime(t)), t) << t;
  }
  EXPECT_FALSE(ParseUtcTime("2026-02-30T00:00:00.000000Z").ok());  // no such day
  EXPECT_FALSE(ParseUtcTime("2026-11-22T10:11:12Z").ok());         // not the exact shape
  EXPECT_FALSE(ParseUtcTime("2026-11-22T24:00:00.000000Z").ok());
}

TEST(AuditEventTest, SanitizeReplacesInvalidUtf8Only) {
  AuditEvent e;
  e.statement = "ok é 日本 🙂";
  e.user = std::string("bad\xff") + "\xc0\xaf" + "\xed\xa0\x80" + "end\xe6\x97";
  e.groups = {std::string("g\x80")};
  SanitizeText(e);
  EXPECT_EQ(e.statement, "ok é 日本 🙂");
  EXPECT_EQ(e.user, "bad\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDend\uFFFD\uFFFD");
  EXPECT_EQ(e.groups[0], "g\uFFFD");
}

TEST(AuditEventTest, CanonicalJsonIsSortedCompactAndMatchesPython) {
  AuditEvent e;
  e.event_id = "e1";
  e.time_us = 1'795'342'272'123'456;
  e.request_id = "q1";
  e.service = "planner";
  e.user = "ann";
  e.groups = {"g"};
  e.statement = "SELECT \"é\"\n";
  e.datasets = {"db.t"};
  e.columns = {"db.t.a"};
  e.rows = 3;
  e.duration_us = 5;
  e.chain = "c1";
  e.sequence = 1;
  e.prev_hash = std::string(kGenesisHash);
  // The exact text of Python's json.dumps(obj, sort_keys=True, separators=(",", ":"),
  // ensure_ascii=False) for the same object, and its SHA-256.
  const std::string expected =
      R"({"application":null,"bytes":null,"chain":"c1","client_address":null,)"
      R"("columns":["db.t.a"],"datasets":["db.t"],"duration_us":5,)"
      R"("error_code":null,"error_message":null,"event_id":"e1","grants":[],)"
      R"("groups":["g"],"instance":null,"kind":"plan",)"
      R"("prev_hash":"0000000000000000000000000000000000000000000000000000)"
      R"(000000000000","request_id":"q1","roles":[],"row_filter":null,"rows":3,)"
      R"("sequence":1,"service":"planner","session_id":null,)"
      R"("statement":"SELECT \"é\"\n","status":"ok",)"
      R"("time":"2026-11-22T10:11:12.123456Z","transforms":[],"user":"ann"})";
  EXPECT_EQ(CanonicalJson(e), expected);
  EXPECT_EQ(ComputeEventHash(e),
            "6c5d8a04746e8ad92b068dc415626ff3ae40ee387764ff6ccfc03a88d15c06d2");
  e.hash = "ignored by the canonical form";
  EXPECT_EQ(CanonicalJson(e), expected);
}

TEST(AuditEventTest, CanonicalJsonEscapesLikePython) {
  AuditEvent e;
  e.statement = "x\x01\x1f\t\b\f\r\"\\/\x7f€";
  // Python: json.dumps({"a": "x\x01\x1f\t\b\f\r\"\\/\x7f€"}, ensure_ascii=False)
  const std::string expected = R"("statement":"x\u0001\u001f\t\b\f\r\"\\/)"
                               "\x7f"
                               "€\"";
  EXPECT_NE(CanonicalJson(e).find(expected), std::string::npos) << CanonicalJson(e);
}

TEST(AuditEventTest, HashCoversEveryField) {
  const AuditEvent base = SampleEvent(1);
  const std::string hash = ComputeEventHash(base);
  std::vector<std::function<void(AuditEvent&)>> edits = {
      [](AuditEvent& e) { e.user = "bob"; },
      [](AuditEvent& e) { e.time_us += 1; },
      [](AuditEvent& e) { e.rows = 2; },
      [](AuditEvent& e) { e.rows.reset(); },
      [](AuditEvent& e) { e.groups.pop_back(); },
      [](AuditEvent& e) { e.kind = EventKind::kTask; },
      [](AuditEvent& e) { e.sequence = 9; },
      [](AuditEvent& e) { e.prev_hash = "x"; },
      [](AuditEvent& e) { e.chain = "other"; },
      [](AuditEvent& e) { e.statement += " "; },
      [](AuditEvent& e) { e.tasks = 4; },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    AuditEvent edited = base;
    edits[i](edited);
    EXPECT_NE(ComputeEventHash(edited), hash) << "edit " << i;
  }
}

TEST(AuditEventTest, JsonLineRoundTripsEveryField) {
  for (int i : {1, 2, 3}) {
    AuditEvent e = SampleEvent(i);
    e.chain = "c";
    e.sequence = 42;
    e.prev_hash = std::string(kGenesisHash);
    e.hash = ComputeEventHash(e);
    const std::string line = EventToJsonLine(e);
    ASSERT_EQ(line.back(), '\n');
    ASSERT_EQ(line.find('\n'),
              line.size() - 1);  // one line, whatever the statement holds
    auto parsed = EventFromJsonLine(std::string_view(line).substr(0, line.size() - 1));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, e);
  }
}

TEST(AuditEventTest, JsonLineRefusesUnknownMissingAndMistypedFields) {
  AuditEvent e = SampleEvent(1);
  std::string line = EventToJsonLine(e);
  line.pop_back();
  auto with = [&](const std::string& from, const std::string& to) {
    std::string edited = line;
    edited.replace(edited.find(from), from.size(), to);
    return EventFromJsonLine(edited);
  };
  EXPECT_FALSE(with(R"("user":"ann")", R"("user":"ann","extra":1)").ok());
  EXPECT_FALSE(with(R"("service":"planner",)", "").ok());
  EXPECT_FALSE(with(R"("user":"ann")", R"("user":7)").ok());
  EXPECT_FALSE(with(R"("kind":"plan")", R"("kind":"nope")").ok());
  EXPECT_FALSE(EventFromJsonLine("{not json").ok());
  EXPECT_FALSE(EventFromJsonLine("[1,2]").ok());
}

TEST(AuditEventTest, ArrowRoundTripKeepsNullsAndLists) {
  std::vector<AuditEvent> events;
  for (int i = 0; i < 5; ++i) events.push_back(SampleEvent(i));
  events[2].groups.clear();
  events[2].application.clear();
  auto batch = EventsToRecordBatch(events);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_TRUE((*batch)->ValidateFull().ok());
  EXPECT_TRUE((*batch)->GetColumnByName("application")->IsNull(2));
  EXPECT_TRUE((*batch)->GetColumnByName("rows")->IsNull(0));
  auto table = arrow::Table::FromRecordBatches({*batch});
  auto back = EventsFromTable(**table);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, events);
}

TEST(AuditEventTest, TasksIsLeftOutOfTheCanonicalFormWhenAbsent) {
  // Events written before `tasks` existed have no such key: their hashes must not change.
  AuditEvent e = SampleEvent(1);
  ASSERT_FALSE(e.tasks.has_value());
  EXPECT_EQ(CanonicalJson(e).find("\"tasks\""), std::string::npos);
  e.tasks = 3;
  EXPECT_NE(CanonicalJson(e).find(R"("status":"ok","tasks":3,"time":)"), std::string::npos)
      << CanonicalJson(e);
}

TEST(AuditEventTest, ArrowFilesWrittenBeforeTasksReadBack) {
  std::vector<AuditEvent> events = {SampleEvent(1), SampleEvent(4)};
  auto batch = EventsToRecordBatch(events);
  ASSERT_TRUE(batch.ok()) << batch.status();
  auto older = (*batch)->RemoveColumn((*batch)->schema()->GetFieldIndex("tasks"));
  ASSERT_TRUE(older.ok());
  auto table = arrow::Table::FromRecordBatches({*older});
  auto back = EventsFromTable(**table);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, events);
}

TEST(AuditEventTest, SchemaColumnsAreTheJsonKeys) {
  AuditEvent e = SampleEvent(2);
  const std::string line = EventToJsonLine(e);
  for (const auto& field : AuditSchema()->fields()) {
    EXPECT_NE(line.find("\"" + field->name() + "\":"), std::string::npos)
        << field->name();
  }
  EXPECT_EQ(AuditSchema()->num_fields(), 29);
  EXPECT_EQ(AuditSchema()->GetFieldByName("time")->type()->ToString(),
            "timestamp[us, tz=UTC]");
}

TEST(AuditFileFormatTest, ParquetAndJsonLinesFilesReadBack) {
  warden::testing::TempDir dir;
  arrow::fs::LocalFileSystem fs;
  std::vector<AuditEvent> events = {SampleEvent(1), SampleEvent(2), SampleEvent(3)};
  for (auto format : {AuditFileFormat::kParquet, AuditFileFormat::kJsonLines}) {
    const std::string path =
        (dir.path() / ("f" + std::string(FileExtension(format)))).string();
    auto contents = EncodeAuditFile(events, format);
    ASSERT_TRUE(contents.ok()) << contents.status();
    auto out = fs.OpenOutputStream(path);
    ASSERT_TRUE((*out)->Write(*contents).ok());
    ASSERT_TRUE((*out)->Close().ok());
    auto read = ReadAuditFile(fs, path, format);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->events, events);
    EXPECT_EQ(read->tail_bytes, 0);
  }
  auto missing = ReadAuditFile(fs, (dir.path() / "none.parquet").string(),
                               AuditFileFormat::kParquet);
  EXPECT_EQ(ErrorCodeOf(missing.status()), ErrorCode::kStorage);
}

TEST(AuditFileFormatTest, JsonLinesReportUnterminatedTailAndRefuseBadLines) {
  const std::string lines = EncodeJsonLines({SampleEvent(1), SampleEvent(2)});
  auto whole = DecodeJsonLines(lines);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->events.size(), 2u);

  const std::string cut = lines.substr(0, lines.size() - 10);  // killed mid-append
  auto tail = DecodeJsonLines(cut);
  ASSERT_TRUE(tail.ok()) << tail.status();
  EXPECT_EQ(tail->events.size(), 1u);
  EXPECT_EQ(tail->tail_bytes, static_cast<int64_t>(cut.size() - lines.find('\n') - 1));

  const std::string broken = "{\"garbage\":1}\n" + lines;  // a terminated bad line
  auto bad = DecodeJsonLines(broken);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 1"), std::string::npos);
}

}  // namespace
}  // namespace warden::audit
