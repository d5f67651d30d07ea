#include "warden/policy/access_controller.h"

#include <algorithm>
#include <set>

#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/policy/evaluation_timer.h"

namespace warden::policy {

namespace {

bool Reads(const catalog::GrantInfo& grant) {
  return grant.privilege == "SELECT" || grant.privilege == "ALL";
}

bool HasAttribute(const std::vector<catalog::AttributeName>& attributes,
                  const catalog::AttributeName& attribute) {
  return std::find(attributes.begin(), attributes.end(), attribute) != attributes.end();
}

/// The attributes of a column: its own (`column` may be null: none) and, inherited, its
/// dataset's.
bool ColumnHasAttribute(const std::vector<catalog::AttributeName>& dataset_attributes,
                        const catalog::ColumnInfo* column,
                        const catalog::AttributeName& attribute) {
  return HasAttribute(dataset_attributes, attribute) ||
         (column != nullptr && HasAttribute(column->attributes, attribute));
}

bool ColumnHasAttribute(const catalog::DatasetInfo& dataset, int index,
                        const catalog::AttributeName& attribute) {
  return ColumnHasAttribute(dataset.attributes,
                            dataset.FindColumn(dataset.schema->field(index)->name()), attribute);
}

/// GrantExposesColumn on a column given by name and attributes (`column` may be null).
bool ExposesColumn(const catalog::GrantInfo& grant, const std::string& name,
                   const catalog::ColumnInfo* column,
                   const std::vector<catalog::AttributeName>& dataset_attributes) {
  if (!grant.columns.empty() &&
      std::find(grant.columns.begin(), grant.columns.end(), name) == grant.columns.end()) {
    return false;
  }
  if (grant.attributes.empty()) return true;
  const bool any = std::any_of(
      grant.attributes.begin(), grant.attributes.end(), [&](const catalog::AttributeName& a) {
        return ColumnHasAttribute(dataset_attributes, column, a);
      });
  return grant.attributes_negated ? !any : any;
}

bool CoversDataset(const catalog::GrantInfo& grant, const std::string& database,
                   const std::string& name) {
  switch (grant.scope) {
    case catalog::GrantScope::kCatalog:
      return true;
    case catalog::GrantScope::kDatabase:
      return grant.database == database;
    case catalog::GrantScope::kDataset:
      return grant.database == database && grant.dataset == name;
  }
  return false;
}

/// A grant that makes every dataset it covers visible, whatever the dataset's columns:
/// SHOW is implied by any non-read privilege, and a read grant without a column list or
/// HAVING ATTRIBUTE exposes every column.
bool ShowsWithoutDetails(const catalog::GrantInfo& grant) {
  return !Reads(grant) || (grant.columns.empty() && grant.attributes.empty());
}

}  // namespace

bool Principal::IsAdmin() const { return HasRole(catalog::kAdminRole); }

bool Principal::HasRole(const std::string& role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool GovernedTable::AllRows() const {
  if (unrestricted) return true;
  return std::any_of(row_filters.begin(), row_filters.end(),
                     [](const std::string& filter) { return filter.empty(); });
}

bool GrantCoversDataset(const catalog::GrantInfo& grant, const catalog::DatasetInfo& dataset) {
  return CoversDataset(grant, dataset.database, dataset.name);
}

bool GrantExposesColumn(const catalog::GrantInfo& grant, const catalog::DatasetInfo& dataset,
                        int index) {
  const auto& name = dataset.schema->field(index)->name();
  return ExposesColumn(grant, name, dataset.FindColumn(name), dataset.attributes);
}

std::optional<catalog::GrantTransform> TransformFor(const catalog::GrantInfo& grant,
                                                    const catalog::DatasetInfo& dataset,
                                                    int index) {
  const auto& name = dataset.schema->field(index)->name();
  for (const auto& transform : grant.transforms) {
    if (!transform.on_attribute) {
      if (transform.target == name) return transform;
      continue;
    }
    const size_t dot = transform.target.find('.');
    const catalog::AttributeName attribute{transform.target.substr(0, dot),
                                           transform.target.substr(dot + 1)};
    if (ColumnHasAttribute(dataset, index, attribute)) return transform;
  }
  return std::nullopt;
}

arrow::Result<Principal> AccessController::ResolvePrincipal(
    const std::string& user, const std::vector<std::string>& groups,
    const catalog::UserAttributes& token_attributes) const {
  PolicyEvaluationSpan span;
  // The version is read before the policy: a snapshot is never older than its version.
  ARROW_ASSIGN_OR_RAISE(const int64_t version, store_->PolicyVersion());
  const std::string cache_key = PrincipalCache::KeyOf(user, groups);
  auto snapshot = cache_->Find(cache_key, version);
  if (snapshot == nullptr) {
    auto fresh = std::make_shared<PolicySnapshot>();
    fresh->version = version;
    ARROW_ASSIGN_OR_RAISE(fresh->roles, store_->RolesOfPrincipal(user, groups));
    ARROW_ASSIGN_OR_RAISE(fresh->attributes, store_->GetUserAttributes(user));
    if (std::find(fresh->roles.begin(), fresh->roles.end(), catalog::kAdminRole) ==
        fresh->roles.end()) {
      ARROW_ASSIGN_OR_RAISE(fresh->grants, store_->ListGrants(fresh->roles));
    }
    cache_->Put(cache_key, fresh);
    snapshot = std::move(fresh);
  }
  Principal principal{user, groups, snapshot->roles, snapshot->attributes, snapshot->grants};
  for (const auto& [key, values] : token_attributes) principal.attributes[key] = values;
  return principal;
}

bool AccessController::CanSeeDatabase(const Principal& principal,
                                      const std::string& database) const {
  PolicyEvaluationSpan span;
  if (principal.IsAdmin()) return true;
  bool narrowed = false;  // a grant that reaches the database only through some dataset
  for (const auto& grant : principal.grants) {
    if (grant.scope == catalog::GrantScope::kDataset) {
      narrowed |= grant.database == database;
      continue;
    }
    if (grant.scope == catalog::GrantScope::kDatabase && grant.database != database) continue;
    if (!Reads(grant) || grant.attributes.empty()) return true;
    narrowed = true;  // HAVING ATTRIBUTE: only if some column matches
  }
  if (!narrowed) return false;
  // Visible iff one of its datasets is (a grant on a dropped table shows nothing).
  auto summaries = store_->ListDatasetSummaries(database);
  if (!summaries.ok()) return false;
  auto visible = VisibleDatasets(principal, database, std::move(*summaries));
  return visible.ok() && !visible->empty();
}

arrow::Result<std::vector<catalog::DatasetSummary>> AccessController::VisibleDatasets(
    const Principal& principal, const std::string& database,
    std::vector<catalog::DatasetSummary> summaries) const {
  PolicyEvaluationSpan span;
  if (principal.IsAdmin()) return summaries;
  std::set<std::string> shown;     // visible whatever their details
  std::set<std::string> to_check;  // visible depending on their columns or attributes
  bool check_all = false;
  for (const auto& grant : principal.grants) {
    if (grant.scope == catalog::GrantScope::kDatabase && grant.database != database) continue;
    if (grant.scope == catalog::GrantScope::kDataset) {
      if (grant.database != database) continue;
      (ShowsWithoutDetails(grant) ? shown : to_check).insert(grant.dataset);
      continue;
    }
    if (ShowsWithoutDetails(grant)) return summaries;  // catalog or database: all of them
    check_all = true;
  }
  std::vector<catalog::DatasetSummary> visible;
  if (check_all) {
    // A grant narrowed by attributes or columns over the whole database: visibility
    // depends on every dataset's attribute assignments, and on its column names only when
    // some grant lists columns or excludes attributes.
    const bool all_columns = std::any_of(
        principal.grants.begin(), principal.grants.end(), [&](const catalog::GrantInfo& g) {
          return !ShowsWithoutDetails(g) &&
                 (g.scope != catalog::GrantScope::kDatabase || g.database == database) &&
                 (g.scope != catalog::GrantScope::kDataset || g.database == database) &&
                 (!g.columns.empty() || g.attributes_negated || g.attributes.empty());
        });
    ARROW_ASSIGN_OR_RAISE(auto datasets,
                          store_->ListDatasetAttributes(database, all_columns));
    std::set<std::string> seen = shown;  // datasets without attributes may be left out
    for (const auto& dataset : datasets) {
      if (SomeColumnVisible(principal, database, dataset, all_columns)) {
        seen.insert(dataset.name);
      }
    }
    for (auto& summary : summaries) {
      if (seen.count(summary.name)) visible.push_back(std::move(summary));
    }
    return visible;
  }
  for (auto& summary : summaries) {
    bool show = shown.count(summary.name) > 0;
    if (!show && to_check.count(summary.name)) {
      ARROW_ASSIGN_OR_RAISE(auto dataset, store_->GetDataset(database, summary.name));
      show = dataset && CanSeeDataset(principal, *dataset);
    }
    if (show) visible.push_back(std::move(summary));
  }
  return visible;
}

bool AccessController::SomeColumnVisible(const Principal& principal,
                                         const std::string& database,
                                         const catalog::DatasetAttributes& dataset,
                                         bool all_columns) {
  for (const auto& grant : principal.grants) {
    if (!CoversDataset(grant, database, dataset.name)) continue;
    if (!Reads(grant)) return true;
    for (const auto& column : dataset.columns) {
      if (ExposesColumn(grant, column.name, &column, dataset.attributes)) return true;
    }
    // Without all columns only HAVING ATTRIBUTE IN grants without a column list are asked
    // about: an attribute of the dataset itself exposes every column.
    if (!all_columns && !grant.attributes_negated && grant.columns.empty() &&
        std::any_of(grant.attributes.begin(), grant.attributes.end(),
                    [&](const catalog::AttributeName& a) {
                      return HasAttribute(dataset.attributes, a);
                    })) {
      return true;
    }
  }
  return false;
}

bool AccessController::CanSeeDataset(const Principal& principal,
                                     const catalog::DatasetInfo& dataset) const {
  PolicyEvaluationSpan span;
  if (principal.IsAdmin()) return true;
  for (const auto& grant : principal.grants) {
    if (!GrantCoversDataset(grant, dataset)) continue;
    if (!Reads(grant)) return true;
    for (int i = 0; i < dataset.schema->num_fields(); ++i) {
      if (GrantExposesColumn(grant, dataset, i)) return true;
    }
  }
  return false;
}

GovernedTable AccessController::GovernedViewOf(const Principal& principal,
                                               const catalog::DatasetInfo& dataset) const {
  PolicyEvaluationSpan span;
  GovernedTable governed;
  governed.dataset = dataset;
  const int count = dataset.schema->num_fields();
  if (principal.IsAdmin()) {
    governed.unrestricted = true;
    governed.visible_schema = dataset.schema;
    for (int i = 0; i < count; ++i) {
      governed.columns.push_back({dataset.schema->field(i), {}, /*plain=*/true});
    }
    return governed;
  }
  // The grants of G: SELECT grants covering the dataset that expose some column.
  std::vector<std::vector<bool>> exposes;
  for (const auto& grant : principal.grants) {
    if (!Reads(grant) || !GrantCoversDataset(grant, dataset)) continue;
    std::vector<bool> columns(count);
    bool any = false;
    for (int i = 0; i < count; ++i) any |= columns[i] = GrantExposesColumn(grant, dataset, i);
    if (!any) continue;
    governed.grants.push_back(grant);
    governed.row_filters.push_back(
        grant.row_filter.empty() ? "" : SubstituteSessionFunctions(grant.row_filter, principal));
    exposes.push_back(std::move(columns));
  }
  arrow::FieldVector fields;
  for (int i = 0; i < count; ++i) {
    GovernedColumn column{dataset.schema->field(i), {}, false};
    std::vector<CellRule> masked;
    for (size_t g = 0; g < governed.grants.size(); ++g) {
      if (!exposes[g][i]) continue;
      auto transform = TransformFor(governed.grants[g], dataset, i);
      (transform ? masked : column.rules).push_back({g, std::move(transform)});
    }
    if (column.rules.empty() && masked.empty()) {
      ++governed.hidden_columns;
      continue;
    }
    // Plain when an unmasked rule admits every row the view admits: the first unmasked
    // rule has no filter, or the unmasked rules are all of G.
    const bool unfiltered_first =
        !column.rules.empty() && governed.row_filters[column.rules.front().grant].empty();
    column.plain = unfiltered_first || (masked.empty() &&
                                        column.rules.size() == governed.grants.size());
    column.rules.insert(column.rules.end(), masked.begin(), masked.end());
    fields.push_back(column.field);
    governed.columns.push_back(std::move(column));
  }
  governed.visible_schema = arrow::schema(std::move(fields));
  return governed;
}

arrow::Result<GovernedTable> AccessController::GovernedView(
    const Principal& principal, const sql::QualifiedName& table) const {
  PolicyEvaluationSpan span;
  const auto not_found = [&] {
    return Error(ErrorCode::kCatalogNotFound, "table " + table.ToString() + " not found");
  };
  // No store read for a principal without any grant: nothing to find.
  if (!principal.IsAdmin() && principal.grants.empty()) return not_found();
  ARROW_ASSIGN_OR_RAISE(auto dataset, store_->GetDataset(table.database, table.name));
  if (!dataset) return not_found();
  GovernedTable governed = GovernedViewOf(principal, *dataset);
  if (governed.columns.empty()) return not_found();
  return governed;
}

arrow::Status AccessController::AuthorizeDdl(const Principal& principal) const {
  if (principal.IsAdmin()) return arrow::Status::OK();
  return Error(ErrorCode::kPermissionDenied,
               "user " + principal.user + " may not run governance statements");
}

}  // namespace warden::policy
