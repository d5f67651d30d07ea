#include "warden/rest/row_stream.h"

#include <arrow/ipc/dictionary.h>

namespace warden::rest {

arrow::Result<std::unique_ptr<RowStream>> RowStream::Open(PlannerClient* client,
                                                          std::string token,
                                                          const std::string& sql,
                                                          int64_t offset, int64_t limit) {
  ARROW_ASSIGN_OR_RAISE(auto info, client->Plan(token, sql));
  arrow::ipc::DictionaryMemo memo;
  ARROW_ASSIGN_OR_RAISE(auto schema, info->GetSchema(&memo));
  std::unique_ptr<RowStream> stream(
      new RowStream(client, std::move(token), std::move(info), offset, limit));
  stream->schema_ = std::move(schema);
  ARROW_ASSIGN_OR_RAISE(stream->pending_, stream->NextRaw());
  return stream;
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> RowStream::NextRaw() {
  if (pending_) return std::move(pending_);
  while (true) {
    if (!reader_) {
      if (next_endpoint_ >= info_->endpoints().size()) return nullptr;
      ARROW_ASSIGN_OR_RAISE(reader_,
                            client_->Open(token_, info_->endpoints()[next_endpoint_++]));
    }
    auto chunk = reader_->Next();
    if (!chunk.ok()) return FromFlightStatus(chunk.status());
    if (!chunk->data) {
      reader_.reset();
      continue;
    }
    if (chunk->data->num_rows() > 0) return chunk->data;
  }
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> RowStream::Next() {
  while (limit_ < 0 || returned_ < limit_) {
    ARROW_ASSIGN_OR_RAISE(auto batch, NextRaw());
    if (!batch) return nullptr;
    if (to_skip_ >= batch->num_rows()) {
      to_skip_ -= batch->num_rows();
      continue;
    }
    int64_t begin = to_skip_;
    to_skip_ = 0;
    int64_t length = batch->num_rows() - begin;
    if (limit_ >= 0) length = std::min(length, limit_ - returned_);
    if (begin + length < batch->num_rows()) {
      pending_ = batch->Slice(begin + length);  // kept for HasMore()
    }
    returned_ += length;
    return batch->Slice(begin, length);
  }
  return nullptr;
}

arrow::Result<bool> RowStream::HasMore() {
  ARROW_ASSIGN_OR_RAISE(pending_, NextRaw());
  return pending_ != nullptr;
}

}  // namespace warden::rest
