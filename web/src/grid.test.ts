import { describe, expect, it } from "vitest";
import { cellText, columnLayout } from "./grid";

describe("columnLayout", () => {
  it("sizes each column from its header and widest sampled cell, within bounds", () => {
    const rows = [[1, "2024-12-04T16:15:11.658499Z", null], [22, "x", "y".repeat(100)]];
    expect(columnLayout(["id", "ts", "note"], rows)).toEqual({
      template: "minmax(120px, 1fr) minmax(261px, 1fr) minmax(360px, 1fr)", minWidth: 741 });
  });
  it("has the minimum width for no rows", () => {
    expect(columnLayout(["a"], [])).toEqual({ template: "minmax(120px, 1fr)", minWidth: 120 });
  });
});

describe("cellText", () => {
  it("shows NULL and JSON for objects", () => {
    expect(cellText(null)).toBe("NULL");
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText(3.5)).toBe("3.5");
  });
});
