// Governance statements on attributes, comments, renames and search.
#include "warden/common/error.h"
#include "warden/planner/governance_statements_internal.h"

namespace warden::planner::internal {

namespace {

catalog::CatalogObjectRef ToCatalog(const sql::ObjectName& name) {
  return {name.database, name.dataset, name.column};
}

std::string Describe(const sql::ObjectName& name) {
  if (!name.dataset) return "database " + name.database;
  std::string text = name.database + "." + *name.dataset;
  return name.column ? "column " + *name.column + " of " + text : text;
}

}  // namespace

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::CreateAttribute& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  ARROW_RETURN_NOT_OK(context.store->CreateAttribute(ToCatalog(statement.attribute),
                                                     principal.user, statement.if_not_exists));
  return StatusTable("attribute " + statement.attribute.ToString() + " created");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::DropAttribute& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  ARROW_RETURN_NOT_OK(
      context.store->DropAttribute(ToCatalog(statement.attribute), statement.if_exists));
  return StatusTable("attribute " + statement.attribute.ToString() + " dropped");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::ShowAttributes&) {
  StringTableBuilder builder({"name"});
  ARROW_ASSIGN_OR_RAISE(auto attributes, context.store->ListAttributes());
  for (const auto& attribute : attributes) {
    ARROW_RETURN_NOT_OK(builder.AddRow({attribute.ToString()}));
  }
  return builder.Finish();
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::AlterAttribute& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  const auto target = ToCatalog(statement.target);
  const auto attribute = ToCatalog(statement.attribute);
  if (statement.add) {
    ARROW_RETURN_NOT_OK(context.store->AddAttribute(target, attribute));
    return StatusTable("attribute " + attribute.ToString() + " added to " +
                       Describe(statement.target));
  }
  ARROW_RETURN_NOT_OK(context.store->RemoveAttribute(target, attribute));
  return StatusTable("attribute " + attribute.ToString() + " removed from " +
                     Describe(statement.target));
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::SetComment& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  ARROW_RETURN_NOT_OK(context.store->SetComment(ToCatalog(statement.target), statement.comment));
  return StatusTable("comment of " + Describe(statement.target) + " set");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::RenameTable& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  ARROW_RETURN_NOT_OK(context.store->RenameDataset(statement.from.database,
                                                   statement.from.name, statement.to.database,
                                                   statement.to.name));
  return StatusTable(statement.from.ToString() + " renamed to " + statement.to.ToString());
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::SearchDatasets& statement) {
  catalog::DatasetSearch search;
  search.text = statement.text;
  if (statement.attribute) search.attribute = ToCatalog(*statement.attribute);
  search.column = statement.column;
  search.database = statement.database;
  search.limit = statement.limit;
  search.offset = statement.offset;
  StringTableBuilder builder({"database", "name", "type", "comment"});
  // Others see only the hits they may see: the store is asked for every hit up to the
  // page's end, and the page is cut after filtering, so paging stays exact.
  const bool admin = principal.IsAdmin();
  if (!admin) {
    if (principal.grants.empty()) return builder.Finish();
    search.limit = search.offset + search.limit;
    search.offset = 0;
  }
  std::vector<catalog::DatasetSummary> hits;
  for (int64_t page_offset = 0;; ) {
    catalog::DatasetSearch page = search;
    if (!admin) {
      page.offset = page_offset;
      page.limit = 1000;
    }
    ARROW_ASSIGN_OR_RAISE(auto found, context.store->SearchDatasets(page));
    for (auto& hit : found) {
      if (!admin) {
        ARROW_ASSIGN_OR_RAISE(auto dataset, context.store->GetDataset(hit.database, hit.name));
        if (!dataset || !context.access->CanSeeDataset(principal, *dataset)) continue;
      }
      hits.push_back(std::move(hit));
    }
    if (admin || static_cast<int64_t>(found.size()) < page.limit ||
        static_cast<int64_t>(hits.size()) >= search.limit) {
      break;
    }
    page_offset += page.limit;
  }
  if (!admin) {
    const int64_t offset = statement.offset, limit = statement.limit;
    std::vector<catalog::DatasetSummary> cut;
    for (int64_t i = offset; i < static_cast<int64_t>(hits.size()) && i < offset + limit; ++i) {
      cut.push_back(hits[i]);
    }
    hits = std::move(cut);
  }
  for (const auto& hit : hits) {
    ARROW_RETURN_NOT_OK(builder.AddRow(
        {hit.database, hit.name, hit.kind == catalog::DatasetKind::kView ? "view" : "table",
         hit.comment}));
  }
  return builder.Finish();
}

}  // namespace warden::planner::internal
