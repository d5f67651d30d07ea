#include "warden/audit/event_arrow.h"

#include <functional>

#include <arrow/api.h>

#include "warden/common/error.h"

namespace warden::audit {

namespace {

std::shared_ptr<arrow::DataType> TextList() { return arrow::list(arrow::utf8()); }

/// Appends one column value per event; and reads it back from an array.
struct ColumnCodec {
  std::shared_ptr<arrow::Field> field;
  std::function<arrow::Status(const AuditEvent&, arrow::ArrayBuilder*)> append;
  std::function<arrow::Status(const arrow::Array&, int64_t, AuditEvent*)> read;
  /// Added after the first release: files written before it lack the column.
  bool optional_in_files = false;
};

ColumnCodec Text(const char* name, std::string AuditEvent::*member,
                 bool nullable = true) {
  return {arrow::field(name, arrow::utf8(), nullable),
          [member, nullable](const AuditEvent& e, arrow::ArrayBuilder* builder) {
            auto* b = static_cast<arrow::StringBuilder*>(builder);
            const std::string& text = e.*member;
            return text.empty() && nullable ? b->AppendNull() : b->Append(text);
          },
          [member](const arrow::Array& array, int64_t row, AuditEvent* e) {
            const auto& strings = static_cast<const arrow::StringArray&>(array);
            e->*member = strings.IsNull(row) ? std::string() : strings.GetString(row);
            return arrow::Status::OK();
          }};
}

ColumnCodec List(const char* name, std::vector<std::string> AuditEvent::*member) {
  return {arrow::field(name, TextList(), /*nullable=*/false),
          [member](const AuditEvent& e, arrow::ArrayBuilder* builder) {
            auto* b = static_cast<arrow::ListBuilder*>(builder);
            auto* values = static_cast<arrow::StringBuilder*>(b->value_builder());
            ARROW_RETURN_NOT_OK(b->Append());
            return values->AppendValues(e.*member);
          },
          [member](const arrow::Array& array, int64_t row, AuditEvent* e) {
            const auto& lists = static_cast<const arrow::ListArray&>(array);
            auto& out = e->*member;
            out.clear();
            if (lists.IsNull(row)) return arrow::Status::OK();
            const auto& values = static_cast<const arrow::StringArray&>(*lists.values());
            for (int64_t i = lists.value_offset(row); i < lists.value_offset(row + 1);
                 ++i) {
              out.push_back(values.GetString(i));
            }
            return arrow::Status::OK();
          }};
}

ColumnCodec Integer(const char* name, int64_t AuditEvent::*member) {
  return {arrow::field(name, arrow::int64(), /*nullable=*/false),
          [member](const AuditEvent& e, arrow::ArrayBuilder* builder) {
            return static_cast<arrow::Int64Builder*>(builder)->Append(e.*member);
          },
          [member](const arrow::Array& array, int64_t row, AuditEvent* e) {
            const auto& numbers = static_cast<const arrow::Int64Array&>(array);
            e->*member = numbers.IsNull(row) ? 0 : numbers.Value(row);
            return arrow::Status::OK();
          }};
}

ColumnCodec OptionalInteger(const char* name,
                            std::optional<int64_t> AuditEvent::*member) {
  return {arrow::field(name, arrow::int64()),
          [member](const AuditEvent& e, arrow::ArrayBuilder* builder) {
            auto* b = static_cast<arrow::Int64Builder*>(builder);
            return (e.*member) ? b->Append(*(e.*member)) : b->AppendNull();
          },
          [member](const arrow::Array& array, int64_t row, AuditEvent* e) {
            const auto& numbers = static_cast<const arrow::Int64Array&>(array);
            if (numbers.IsNull(row)) {
              (e->*member).reset();
            } else {
              e->*member = numbers.Value(row);
            }
            return arrow::Status::OK();
          }};
}

ColumnCodec AddedLater(ColumnCodec codec) {
  codec.optional_in_files = true;
  return codec;
}

/// A text column holding an enum by its stable name.
template <typename Enum>
ColumnCodec Named(const char* name, Enum AuditEvent::*member,
                  std::string_view (*to_name)(Enum),
                  arrow::Result<Enum> (*parse)(std::string_view)) {
  return {
      arrow::field(name, arrow::utf8(), /*nullable=*/false),
      [member, to_name](const AuditEvent& e, arrow::ArrayBuilder* builder) {
        return static_cast<arrow::StringBuilder*>(builder)->Append(to_name(e.*member));
      },
      [member, parse](const arrow::Array& array, int64_t row, AuditEvent* e) {
        const auto& strings = static_cast<const arrow::StringArray&>(array);
        ARROW_ASSIGN_OR_RAISE(e->*member, parse(strings.GetView(row)));
        return arrow::Status::OK();
      }};
}

ColumnCodec Time() {
  return {arrow::field("time", arrow::timestamp(arrow::TimeUnit::MICRO, "UTC"), false),
          [](const AuditEvent& e, arrow::ArrayBuilder* builder) {
            return static_cast<arrow::TimestampBuilder*>(builder)->Append(e.time_us);
          },
          [](const arrow::Array& array, int64_t row, AuditEvent* e) {
            e->time_us = static_cast<const arrow::TimestampArray&>(array).Value(row);
            return arrow::Status::OK();
          }};
}

const std::vector<ColumnCodec>& Columns() {
  static const std::vector<ColumnCodec> columns = {
      Text("event_id", &AuditEvent::event_id, false),
      Time(),
      Named("kind", &AuditEvent::kind, &EventKindName, &ParseEventKind),
      Named("status", &AuditEvent::status, &EventStatusName, &ParseEventStatus),
      Text("request_id", &AuditEvent::request_id),
      Text("session_id", &AuditEvent::session_id),
      Text("service", &AuditEvent::service),
      Text("instance", &AuditEvent::instance),
      Text("user", &AuditEvent::user),
      List("groups", &AuditEvent::groups),
      List("roles", &AuditEvent::roles),
      Text("client_address", &AuditEvent::client_address),
      Text("application", &AuditEvent::application),
      Text("statement", &AuditEvent::statement),
      List("datasets", &AuditEvent::datasets),
      List("columns", &AuditEvent::columns),
      List("grants", &AuditEvent::grants),
      List("transforms", &AuditEvent::transforms),
      Text("row_filter", &AuditEvent::row_filter),
      OptionalInteger("rows", &AuditEvent::rows),
      OptionalInteger("bytes", &AuditEvent::bytes),
      AddedLater(OptionalInteger("tasks", &AuditEvent::tasks)),
      Integer("duration_us", &AuditEvent::duration_us),
      Text("error_code", &AuditEvent::error_code),
      Text("error_message", &AuditEvent::error_message),
      Text("chain", &AuditEvent::chain, false),
      Integer("sequence", &AuditEvent::sequence),
      Text("prev_hash", &AuditEvent::prev_hash, false),
      Text("hash", &AuditEvent::hash, false),
  };
  return columns;
}

}  // namespace

const std::shared_ptr<arrow::Schema>& AuditSchema() {
  static const std::shared_ptr<arrow::Schema> schema = [] {
    arrow::FieldVector fields;
    for (const auto& column : Columns()) fields.push_back(column.field);
    return arrow::schema(std::move(fields));
  }();
  return schema;
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> EventsToRecordBatch(
    const std::vector<AuditEvent>& events) {
  arrow::ArrayVector arrays;
  for (const auto& column : Columns()) {
    ARROW_ASSIGN_OR_RAISE(auto builder, arrow::MakeBuilder(column.field->type()));
    ARROW_RETURN_NOT_OK(builder->Reserve(static_cast<int64_t>(events.size())));
    for (const auto& event : events)
      ARROW_RETURN_NOT_OK(column.append(event, builder.get()));
    ARROW_ASSIGN_OR_RAISE(auto array, builder->Finish());
    arrays.push_back(std::move(array));
  }
  return arrow::RecordBatch::Make(AuditSchema(), static_cast<int64_t>(events.size()),
                                  std::move(arrays));
}

arrow::Result<std::vector<AuditEvent>> EventsFromTable(const arrow::Table& table) {
  ARROW_ASSIGN_OR_RAISE(auto batch, table.CombineChunksToBatch());
  std::vector<AuditEvent> events(static_cast<size_t>(batch->num_rows()));
  for (const auto& column : Columns()) {
    auto array = batch->GetColumnByName(column.field->name());
    if (array == nullptr && column.optional_in_files) continue;
    if (array == nullptr || !array->type()->Equals(*column.field->type())) {
      return Error(ErrorCode::kInvalidArgument, "audit file has no column '" +
                                                    column.field->name() + "' of type " +
                                                    column.field->type()->ToString());
    }
    if (!column.field->nullable() && array->null_count() > 0) {
      return Error(ErrorCode::kInvalidArgument,
                   "audit file has NULL in column '" + column.field->name() + "'");
    }
    for (int64_t row = 0; row < batch->num_rows(); ++row) {
      ARROW_RETURN_NOT_OK(column.read(*array, row, &events[static_cast<size_t>(row)]));
    }
  }
  return events;
}

}  // namespace warden::audit
