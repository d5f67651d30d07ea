import { describe, expect, it } from "vitest";
import { grantSql, quoteIdentifier, quoteLiteral, toCsv } from "./sql";

describe("grantSql", () => {
  const base = { privilege: "select", scope: "table" as const, object: "sales.customers",
    columns: [], where: "", transforms: [], role: "analyst" };

  it("builds a grant with a row filter and a transform", () => {
    expect(grantSql({ ...base, where: "country = 'US'",
      transforms: [{ target: "ccn", fn: "mask_ccn()" }, { target: "pii.email", fn: "mask_email()" }] }).sql)
      .toBe(`GRANT SELECT ON TABLE "sales"."customers" WHERE country = 'US' TRANSFORM "ccn" WITH mask_ccn() TRANSFORM pii.email WITH mask_email() TO ROLE "analyst"`);
  });

  it("lists columns and quotes hostile names", () => {
    expect(grantSql({ ...base, columns: ["id", ' a"b '], role: 'x" TO ROLE warden_admin' }).sql)
      .toBe(`GRANT SELECT ("id", "a""b") ON TABLE "sales"."customers" TO ROLE "x"" TO ROLE warden_admin"`);
  });

  it("says what is missing", () => {
    expect(grantSql({ ...base, role: " " }).error).toMatch(/role/);
    expect(grantSql({ ...base, object: "customers" }).error).toMatch(/db.table/);
    expect(grantSql({ ...base, scope: "database", object: "a.b" }).error).toMatch(/database/);
    expect(grantSql({ ...base, transforms: [{ target: "c", fn: "mask; DROP" }] }).error).toMatch(/transform/);
    expect(grantSql({ ...base, scope: "catalog", object: "" }).sql).toBe(`GRANT SELECT ON CATALOG TO ROLE "analyst"`);
  });
});

describe("quoting", () => {
  it("doubles quote characters", () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });
});

describe("toCsv", () => {
  it("quotes, keeps nulls empty and defuses formulas", () => {
    expect(toCsv(["a", "b"], [[1, 'x,"y"'], [null, "=cmd()"], [-5, "@x"]]))
      .toBe('a,b\r\n1,"x,""y"""\r\n,\'=cmd()\r\n-5,\'@x\r\n');
  });
});
