#include "warden/catalog/table_layout.h"

#include <charconv>
#include <set>

#include <arrow/dataset/file_base.h>
#include <arrow/type.h>

#include "warden/catalog/format_options.h"
#include "warden/common/error.h"

namespace warden::catalog {

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Hive escapes '/', '=', '%' and others in folder names as %XX.
std::string PercentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        HexDigit(text[i + 1]) >= 0 && HexDigit(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

bool IsInteger(const std::string& text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

std::string FileName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::shared_ptr<arrow::Schema> WithoutMetadata(const arrow::Schema& schema) {
  arrow::FieldVector fields;
  for (const auto& field : schema.fields()) fields.push_back(field->RemoveMetadata());
  return arrow::schema(std::move(fields));
}

}  // namespace

arrow::Result<PartitionLayout> DiscoverPartitions(const FileListing& listing,
                                                  const std::string& base,
                                                  const std::string& location) {
  PartitionLayout layout;
  std::map<std::string, std::vector<std::string>> by_path;
  bool first = true;
  for (const auto& path : listing.paths) {
    if (path.size() <= base.size() || path.compare(0, base.size(), base) != 0) continue;
    std::string relative = path.substr(base.size());
    while (!relative.empty() && relative[0] == '/') relative.erase(0, 1);
    std::vector<std::string> keys, values;
    std::string partition_path;
    size_t start = 0;
    for (size_t slash; (slash = relative.find('/', start)) != std::string::npos;
         start = slash + 1) {
      const std::string segment = relative.substr(start, slash - start);
      const size_t equals = segment.find('=');
      if (equals == std::string::npos || equals == 0) continue;  // a plain sub-folder
      keys.push_back(PercentDecode(segment.substr(0, equals)));
      values.push_back(PercentDecode(segment.substr(equals + 1)));
      partition_path += (partition_path.empty() ? "" : "/") + segment;
    }
    if (first) {
      layout.keys = keys;
      first = false;
    } else if (keys != layout.keys) {
      auto describe = [](const std::vector<std::string>& k) {
        std::string text;
        for (const auto& key : k) text += (text.empty() ? "" : "/") + key + "=…";
        return text.empty() ? std::string("no partition folders") : text;
      };
      return Error(ErrorCode::kStorage,
                   "partition folders under '" + location + "' disagree: " + relative +
                       " has " + describe(keys) + ", others have " + describe(layout.keys));
    }
    if (!keys.empty()) by_path.emplace(partition_path, values);
  }
  for (auto& [path, values] : by_path) layout.partitions.push_back({path, std::move(values)});
  return layout;
}

std::shared_ptr<arrow::DataType> InferPartitionType(const std::vector<std::string>& values) {
  bool any = false;
  for (const auto& value : values) {
    if (value == kHiveNullPartition) continue;
    if (!IsInteger(value)) return arrow::utf8();
    any = true;
  }
  return any ? arrow::int64() : arrow::utf8();
}

arrow::Status CheckPartitionValues(const std::string& column, const arrow::DataType& type,
                                   const std::vector<std::string>& values) {
  if (!arrow::is_integer(type.id())) return arrow::Status::OK();
  for (const auto& value : values) {
    if (value != kHiveNullPartition && !IsInteger(value)) {
      return Error(ErrorCode::kStorage, "partition folder " + column + "=" + value +
                                            " is not a " + type.ToString() + " value");
    }
  }
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<arrow::Schema>> InspectDataFiles(
    const FileListing& listing, const std::string& format,
    const std::map<std::string, std::string>& options, const std::string& location) {
  if (listing.paths.empty()) {
    return Error(ErrorCode::kStorage,
                 "no data files at '" + location + "' to read a schema from");
  }
  ARROW_ASSIGN_OR_RAISE(auto file_format, MakeFileFormat(format, options));
  const bool exact = format == "parquet" || format == "orc";
  std::shared_ptr<arrow::Schema> unified;
  std::string first_path;
  for (const auto& path : listing.paths) {
    auto inspected =
        file_format->Inspect(arrow::dataset::FileSource(path, listing.filesystem));
    if (!inspected.ok()) {
      return Error(ErrorCode::kStorage, "cannot read " + FileName(path) + " at '" + location +
                                            "' as " + format + ": " +
                                            inspected.status().message());
    }
    auto schema = WithoutMetadata(**inspected);
    if (unified == nullptr) {
      unified = schema;
      first_path = path;
      continue;
    }
    const auto disagree = [&](const std::string& detail) {
      return Error(ErrorCode::kStorage, "the files at '" + location + "' have different "
                                        "schemas: " + FileName(first_path) + " has (" +
                                        unified->ToString() + "), " + FileName(path) +
                                        " has (" + schema->ToString() + ")" + detail);
    };
    if (exact) {
      if (!schema->Equals(*unified, /*check_metadata=*/false)) return disagree("");
      continue;
    }
    if (schema->field_names() != unified->field_names()) return disagree("");
    auto merged = arrow::UnifySchemas({unified, schema}, arrow::Field::MergeOptions::Permissive());
    if (!merged.ok()) return disagree(": " + merged.status().message());
    unified = *merged;
  }
  for (const auto& name : unified->field_names()) {
    if (unified->GetAllFieldsByName(name).size() > 1) {
      return Error(ErrorCode::kStorage,
                   "the files at '" + location + "' have two columns named '" + name + "'");
    }
  }
  return unified;
}

}  // namespace warden::catalog
