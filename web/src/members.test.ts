import { describe, expect, it } from "vitest";
import { memberNameProblem, memberPath, parseMembers } from "./members";

describe("memberPath", () => {
  it("builds the collection and member paths", () => {
    expect(memberPath("analysts")).toBe("/roles/analysts/members");
    expect(memberPath("analysts", { kind: "group", name: "eu-team" })).toBe("/roles/analysts/members/group/eu-team");
  });

  it("keeps hostile names inside one segment", () => {
    expect(memberPath("a/b?c", { kind: "user", name: "../x#y z" }))
      .toBe("/roles/a%2Fb%3Fc/members/user/..%2Fx%23y%20z");
    expect(memberPath("Données", { kind: "user", name: "名前" }))
      .toBe("/roles/Donn%C3%A9es/members/user/%E5%90%8D%E5%89%8D");
  });
});

describe("parseMembers", () => {
  it("reads the columns by name and sorts groups before users", () => {
    expect(parseMembers({ columns: ["kind", "member"], rows: [["user", "zoe"], ["group", "ops"], ["user", "al"]] }))
      .toEqual([{ kind: "group", name: "ops" }, { kind: "user", name: "al" }, { kind: "user", name: "zoe" }]);
    expect(parseMembers({ columns: ["member", "kind"], rows: [["bob", "user"]] })).toEqual([{ kind: "user", name: "bob" }]);
    expect(parseMembers({ columns: ["kind", "member"], rows: [] })).toEqual([]);
  });

  it("refuses what is not a members table", () => {
    expect(() => parseMembers({ columns: ["role"], rows: [["r"]] })).toThrow(/unexpected members result/);
    expect(() => parseMembers({ columns: ["kind", "member"], rows: [["robot", "x"]] })).toThrow(/kind: robot/);
  });
});

describe("memberNameProblem", () => {
  it("accepts names and explains the rest", () => {
    expect(memberNameProblem("analyst_1")).toBeNull();
    expect(memberNameProblem("Zoë Müller")).toBeNull();
    expect(memberNameProblem("  ")).toMatch(/required/);
    expect(memberNameProblem(" x")).toMatch(/spaces/);
    expect(memberNameProblem("a\tb")).toMatch(/control/);
  });
});
