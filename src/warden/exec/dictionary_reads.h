#pragma once

#include <optional>
#include <string>
#include <vector>

#include <arrow/compute/expression.h>
#include <arrow/dataset/type_fwd.h>
#include <arrow/status.h>

namespace warden::exec {

/// Makes a Parquet scan decode the string columns of `columns` that its files store
/// dictionary-encoded as Arrow dictionaries: decoding a low-cardinality column (a currency
/// code, a country) to dense strings appends value by value, while reading the indices
/// and expanding them with one `take` costs about 40% less. The scanner casts each batch
/// back to the dataset's declared type, so everything above the scan (and every client)
/// still sees plain strings.
///
/// Which columns: declared utf8 or binary, not a partition column, not read by `filter`
/// (row-group pruning evaluates it against statistics typed like the column), and stored
/// with dictionary-encoded data pages only in every row group of the scan's first file
/// (a column that fell back to plain pages, such as one of unique card numbers, would be
/// hashed into a dictionary on read instead). Reads that first file's footer, which the
/// scan then reuses. A no-op for other formats and empty scans.
arrow::Status ReadDictionaryEncodedStringsAsDictionaries(
    arrow::dataset::Dataset* dataset, const std::vector<std::string>& columns,
    const std::optional<arrow::compute::Expression>& filter);

}  // namespace warden::exec
