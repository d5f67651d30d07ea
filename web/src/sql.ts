// SQL text built in the portal: quoting, the GRANT form, and CSV export of results.

export function quoteIdentifier(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

export function quoteLiteral(text: string): string {
  return "'" + text.replaceAll("'", "''") + "'";
}

export interface Transform {
  target: string; // a column, or an attribute namespace.key
  fn: string; // e.g. mask_ccn()
}

export interface GrantForm {
  privilege: string;
  scope: "catalog" | "database" | "table";
  object: string; // db or db.table
  columns: string[];
  where: string;
  transforms: Transform[];
  role: string;
}

const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;
const FUNCTION_CALL = /^[A-Za-z_][A-Za-z0-9_]*\([^;]*\)$/;

/** The GRANT statement a form describes, or an error message naming what is missing. */
export function grantSql(form: GrantForm): { sql?: string; error?: string } {
  if (!form.role.trim()) return { error: "Choose a role" };
  let sql = "GRANT " + form.privilege.toUpperCase();
  const columns = form.columns.map((c) => c.trim()).filter(Boolean);
  if (columns.length) sql += " (" + columns.map(quoteIdentifier).join(", ") + ")";
  if (form.scope === "catalog") {
    sql += " ON CATALOG";
  } else {
    const parts = form.object.split(".").map((p) => p.trim());
    const expected = form.scope === "database" ? 1 : 2;
    if (parts.length !== expected || parts.some((p) => !p)) {
      return { error: form.scope === "database" ? "Name a database" : "Name a table as db.table" };
    }
    sql += (form.scope === "database" ? " ON DATABASE " : " ON TABLE ") +
      parts.map(quoteIdentifier).join(".");
  }
  if (form.where.trim()) sql += " WHERE " + form.where.trim();
  for (const t of form.transforms) {
    if (!t.target.trim() && !t.fn.trim()) continue;
    if (!t.target.trim() || !FUNCTION_CALL.test(t.fn.trim())) {
      return { error: "A transform needs a column or attribute and a function such as mask_ccn()" };
    }
    const target = ATTRIBUTE.test(t.target.trim()) ? t.target.trim() : quoteIdentifier(t.target.trim());
    sql += " TRANSFORM " + target + " WITH " + t.fn.trim();
  }
  return { sql: sql + " TO ROLE " + quoteIdentifier(form.role.trim()) };
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  // Cells that a spreadsheet would run as formulas are prefixed (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? "'" + text : text;
  return /[",\n\r]/.test(safe) ? '"' + safe.replaceAll('"', '""') + '"' : safe;
}

export function toCsv(columns: string[], rows: unknown[][]): string {
  const lines = [columns.map(csvCell).join(",")];
  for (const row of rows) lines.push(row.map(csvCell).join(","));
  return lines.join("\r\n") + "\r\n";
}
