// GovernanceParser: ALTER DATABASE|TABLE|VIEW and COMMENT ON.
#include "warden/common/error.h"
#include "warden/sql/governance_parser_internal.h"

namespace warden::sql::internal {

arrow::Result<GovernanceStatement> GovernanceParser::ParseAlter() {
  if (Accept("DATABASE") || Accept("SCHEMA")) {
    ARROW_ASSIGN_OR_RAISE(auto database, ExpectName("a database name"));
    ObjectName target{database, std::nullopt, std::nullopt};
    if (PeekKeyword("ADD") || PeekKeyword("REMOVE")) {
      const bool add = Accept("ADD");
      if (!add) ++index_;
      ARROW_RETURN_NOT_OK(Expect("ATTRIBUTE"));
      ARROW_ASSIGN_OR_RAISE(auto attribute, ExpectAttribute());
      return AlterAttribute{std::move(target), std::move(attribute), add};
    }
    ARROW_RETURN_NOT_OK(Expect("SET"));
    if (Accept("DBPROPERTIES")) {
      ARROW_ASSIGN_OR_RAISE(auto properties, ParseProperties());
      if (properties.size() != 1 || !properties.count("comment")) {
        return GovernanceUnsupported("ALTER DATABASE SET DBPROPERTIES other than 'comment'");
      }
      return SetComment{std::move(target), properties["comment"]};
    }
    ARROW_RETURN_NOT_OK(Expect("COMMENT"));
    ARROW_ASSIGN_OR_RAISE(auto comment, ExpectString("a comment string"));
    return SetComment{std::move(target), std::move(comment)};
  }
  if (Accept("TABLE")) return ParseAlterTable(false);
  if (Accept("VIEW")) return ParseAlterTable(true);
  return UnsupportedWithObject("ALTER");
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseAlterTable(bool view) {
  ARROW_ASSIGN_OR_RAISE(auto table, ExpectQualifiedName(view ? "view" : "table"));
  ObjectName target{table.database, table.name, std::nullopt};
  if (PeekKeyword("ADD") || PeekKeyword("REMOVE")) {
    const bool add = PeekKeyword("ADD");
    if (PeekKeyword("COLUMNS", 1) || PeekKeyword("COLUMN", 1)) {
      return GovernanceUnsupported("ALTER TABLE ADD COLUMNS");
    }
    if (PeekKeyword("PARTITION", 1)) {
      return GovernanceUnsupported("ALTER TABLE ADD PARTITION (use RECOVER PARTITIONS)");
    }
    ++index_;
    ARROW_RETURN_NOT_OK(Expect("ATTRIBUTE"));
    ARROW_ASSIGN_OR_RAISE(auto attribute, ExpectAttribute());
    if (Accept("ON")) {
      ARROW_RETURN_NOT_OK(Expect("COLUMN"));
      ARROW_ASSIGN_OR_RAISE(target.column, ExpectName("a column name"));
    }
    return AlterAttribute{std::move(target), std::move(attribute), add};
  }
  if (Accept("SET")) {
    if (Accept("TBLPROPERTIES")) {
      ARROW_ASSIGN_OR_RAISE(auto properties, ParseProperties());
      if (properties.size() != 1 || !properties.count("comment")) {
        return GovernanceUnsupported("ALTER TABLE SET TBLPROPERTIES other than 'comment'");
      }
      return SetComment{std::move(target), properties["comment"]};
    }
    ARROW_RETURN_NOT_OK(Expect("COMMENT"));
    ARROW_ASSIGN_OR_RAISE(auto comment, ExpectString("a comment string"));
    return SetComment{std::move(target), std::move(comment)};
  }
  if (Accept("ALTER") || Accept("CHANGE")) {
    Accept("COLUMN");
    ARROW_ASSIGN_OR_RAISE(target.column, ExpectName("a column name"));
    Accept("SET");
    ARROW_RETURN_NOT_OK(Expect("COMMENT"));
    ARROW_ASSIGN_OR_RAISE(auto comment, ExpectString("a comment string"));
    return SetComment{std::move(target), std::move(comment)};
  }
  if (Accept("RENAME")) {
    ARROW_RETURN_NOT_OK(Expect("TO"));
    RenameTable rename{std::move(table), {}};
    // RENAME TO t keeps the database; RENAME TO db2.t moves it.
    if (PeekSymbol('.', 1)) {
      ARROW_ASSIGN_OR_RAISE(rename.to, ExpectQualifiedName(view ? "view" : "table"));
    } else {
      rename.to.database = rename.from.database;
      ARROW_ASSIGN_OR_RAISE(rename.to.name, ExpectName(view ? "a view name" : "a table name"));
    }
    return rename;
  }
  if (!view && Accept("RECOVER")) {
    ARROW_RETURN_NOT_OK(Expect("PARTITIONS"));
    return RecoverPartitions{std::move(table)};
  }
  return SyntaxError(view ? "ADD ATTRIBUTE, REMOVE ATTRIBUTE, SET COMMENT or RENAME TO"
                          : "ADD ATTRIBUTE, REMOVE ATTRIBUTE, SET COMMENT, ALTER COLUMN, "
                            "RENAME TO or RECOVER PARTITIONS");
}

arrow::Result<GovernanceStatement> GovernanceParser::ParseCommentOn() {
  ARROW_RETURN_NOT_OK(Expect("ON"));
  ObjectName target;
  if (Accept("DATABASE") || Accept("SCHEMA")) {
    ARROW_ASSIGN_OR_RAISE(target.database, ExpectName("a database name"));
  } else if (Accept("TABLE") || Accept("VIEW")) {
    ARROW_ASSIGN_OR_RAISE(auto table, ExpectQualifiedName());
    target = {table.database, table.name, std::nullopt};
  } else if (Accept("COLUMN")) {  // database.table.column
    ARROW_ASSIGN_OR_RAISE(target.database, ExpectName("a database name"));
    ARROW_RETURN_NOT_OK(ExpectSymbol('.'));
    ARROW_ASSIGN_OR_RAISE(target.dataset, ExpectName("a table name"));
    ARROW_RETURN_NOT_OK(ExpectSymbol('.'));
    ARROW_ASSIGN_OR_RAISE(target.column, ExpectName("a column name"));
  } else {
    return SyntaxError("DATABASE, TABLE, VIEW or COLUMN");
  }
  ARROW_RETURN_NOT_OK(Expect("IS"));
  if (Accept("NULL")) return SetComment{std::move(target), ""};
  ARROW_ASSIGN_OR_RAISE(auto comment, ExpectString("a comment string"));
  return SetComment{std::move(target), std::move(comment)};
}

}  // namespace warden::sql::internal
