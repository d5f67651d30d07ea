// Throughput (rows/s) of the string transforms over 10M card-number strings (and sha2
// over 10M values of a 20-merchant column, plain and dictionary-encoded), in scan-sized batches, next to
// Arrow's own utf8_upper on the same array in the same run as a reference for a simple
// string kernel. Run: build/src/warden/exec/transforms_benchmark [--rows=N]

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>

#include "warden/common/compute_init.h"
#include "warden/exec/transforms.h"

namespace warden::exec {
namespace {

namespace cp = arrow::compute;

int64_t row_count = 10'000'000;

/// "4ddd-dddd-dddd-dddd" strings, 19 bytes each, generated once.
const std::shared_ptr<arrow::Array>& CardNumbers() {
  static const std::shared_ptr<arrow::Array> array = [] {
    arrow::StringBuilder builder;
    std::mt19937_64 random(42);
    if (!builder.Reserve(row_count).ok() || !builder.ReserveData(row_count * 19).ok()) {
      std::abort();
    }
    char card[] = "4000-0000-0000-0000";
    for (int64_t i = 0; i < row_count; ++i) {
      uint64_t bits = random();
      for (int position = 1; position < 19; ++position) {
        if (card[position] == '-') continue;
        card[position] = static_cast<char>('0' + bits % 10);
        bits /= 10;
        if (bits == 0) bits = random();
      }
      builder.UnsafeAppend(std::string_view(card, 19));
    }
    return builder.Finish().ValueOrDie();
  }();
  return array;
}

/// Merchant names, 20 distinct values repeated at random: a low-cardinality column.
const std::shared_ptr<arrow::Array>& Merchants() {
  static const std::shared_ptr<arrow::Array> array = [] {
    static const char* const kNames[] = {
        "Amazon",      "Walmart",         "Tesco",   "Carrefour",     "IKEA",
        "Starbucks",   "Shell",           "Uber",    "Netflix",       "Spotify",
        "Apple Store", "Zalando",         "Lidl",    "Aldi",          "H&M",
        "Café Crème",  "Bäckerei Müller", "Rakuten", "Mercado Livre", "Flipkart"};
    arrow::StringBuilder builder;
    std::mt19937_64 random(7);
    if (!builder.Reserve(row_count).ok()) std::abort();
    for (int64_t i = 0; i < row_count; ++i) {
      if (!builder.Append(kNames[random() % 20]).ok()) std::abort();
    }
    return builder.Finish().ValueOrDie();
  }();
  return array;
}

/// Runs the expression over `input` in slices of Arrow's default scan batch size, as a
/// scan feeds it.
void RunExpression(benchmark::State& state, const cp::Expression& unbound,
                   const std::shared_ptr<arrow::Array>& input = CardNumbers()) {
  if (!InitializeArrowCompute().ok()) std::abort();
  auto schema = arrow::schema({arrow::field("card", input->type())});
  cp::Expression expression = unbound.Bind(*schema).ValueOrDie();
  constexpr int64_t kBatchRows = 1 << 17;
  for (auto _ : state) {
    for (int64_t offset = 0; offset < input->length(); offset += kBatchRows) {
      cp::ExecBatch batch({input->Slice(offset, kBatchRows)},
                          std::min(kBatchRows, input->length() - offset));
      auto result = cp::ExecuteScalarExpression(expression, batch);
      if (!result.ok()) {
        state.SkipWithError(result.status().ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(result->array());
    }
  }
  state.SetItemsProcessed(state.iterations() * input->length());
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(input->length()),
                         benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ArrowUtf8Upper(benchmark::State& state) {
  RunExpression(state, cp::call("utf8_upper", {cp::field_ref("card")}));
}

void BM_WardenTransform(benchmark::State& state, const char* name) {
  auto expression =
      MakeTransformExpression(name, {}, cp::field_ref("card"), *arrow::utf8());
  if (!expression.ok()) {
    state.SkipWithError(expression.status().ToString().c_str());
    return;
  }
  RunExpression(state, *expression);
}

void BM_Sha2Merchants(benchmark::State& state) {
  auto expression =
      MakeTransformExpression("sha2", {}, cp::field_ref("card"), *arrow::utf8());
  if (!expression.ok()) {
    state.SkipWithError(expression.status().ToString().c_str());
    return;
  }
  RunExpression(state, *expression, Merchants());
}

/// sha2 over the merchants read as a dictionary, as a governed Parquet scan reads a
/// column that the view only hashes.
void BM_Sha2MerchantDictionary(benchmark::State& state) {
  auto expression =
      MakeTransformExpression("sha2", {}, cp::field_ref("card"), *arrow::utf8());
  if (!expression.ok()) {
    state.SkipWithError(expression.status().ToString().c_str());
    return;
  }
  static const std::shared_ptr<arrow::Array> dictionary =
      cp::DictionaryEncode(Merchants()).ValueOrDie().make_array();
  RunExpression(state, *expression, dictionary);
}

BENCHMARK(BM_ArrowUtf8Upper)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_WardenTransform, sha2, "sha2")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Sha2Merchants)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Sha2MerchantDictionary)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_WardenTransform, mask_ccn, "mask_ccn")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_WardenTransform, mask, "mask")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_WardenTransform, tokenize, "tokenize")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace warden::exec

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg(argv[i]);
    if (arg.rfind("--rows=", 0) == 0)
      warden::exec::row_count = std::atoll(arg.data() + 7);
  }
  warden::exec::SetTokenizeKey("benchmark key");
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
