#include "warden/exec/plan_reader.h"

#include <arrow/acero/options.h>
#include <arrow/compute/exec.h>
#include <arrow/util/thread_pool.h>

#include <optional>

namespace warden::exec {

namespace {

namespace ac = arrow::acero;

class PlanReader : public arrow::RecordBatchReader {
 public:
  using Generator = std::function<arrow::Future<std::optional<arrow::compute::ExecBatch>>()>;

  PlanReader(std::shared_ptr<ac::ExecPlan> plan, Generator batches,
             std::shared_ptr<arrow::Schema> schema, arrow::MemoryPool* pool)
      : plan_(std::move(plan)),
        batches_(std::move(batches)),
        schema_(std::move(schema)),
        pool_(pool) {}

  ~PlanReader() override { Stop(); }

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    *out = nullptr;
    if (!plan_) return arrow::Status::Invalid("read from a stopped plan");
    if (ended_) return arrow::Status::OK();
    auto next = batches_().result();
    if (next.ok() && next->has_value()) {
      ARROW_ASSIGN_OR_RAISE(*out, (*next)->ToRecordBatch(schema_, pool_));
      return arrow::Status::OK();
    }
    // The stream ended or failed: the plan's own status says why (as Acero's reader).
    ended_ = true;
    const arrow::Status finished = plan_->finished().status();
    if (!finished.ok()) return finished;
    return next.status();
  }

  arrow::Status Close() override {
    Stop();
    return arrow::Status::OK();
  }

 private:
  void Stop() {
    if (!plan_) return;
    plan_->StopProducing();
    plan_->finished().Wait();
    plan_.reset();
  }

  std::shared_ptr<ac::ExecPlan> plan_;
  Generator batches_;
  std::shared_ptr<arrow::Schema> schema_;
  arrow::MemoryPool* pool_;
  bool ended_ = false;
};

}  // namespace

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> StartPlan(
    ac::Declaration declaration, arrow::MemoryPool* pool, int64_t read_ahead_bytes) {
  ac::QueryOptions options;
  options.memory_pool = pool;
  options.use_threads = true;
  arrow::compute::ExecContext context(pool, arrow::internal::GetCpuThreadPool());
  ARROW_ASSIGN_OR_RAISE(auto plan, ac::ExecPlan::Make(options, context));
  PlanReader::Generator batches;
  std::shared_ptr<arrow::Schema> schema;
  const auto ahead = static_cast<uint64_t>(read_ahead_bytes);
  ac::Declaration with_sink = ac::Declaration::Sequence(
      {std::move(declaration),
       {"sink", ac::SinkNodeOptions(&batches, &schema,
                                    ac::BackpressureOptions(ahead / 2, ahead))}});
  ARROW_RETURN_NOT_OK(with_sink.AddToPlan(plan.get()));
  ARROW_RETURN_NOT_OK(plan->Validate());
  plan->StartProducing();
  return std::make_shared<PlanReader>(std::move(plan), std::move(batches), std::move(schema),
                                      pool);
}

}  // namespace warden::exec
