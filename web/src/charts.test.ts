import { describe, expect, it } from "vitest";
import { barHeights, bucketByTime, visibleWindow } from "./charts";

describe("barHeights", () => {
  it("scales to the tallest bar", () => {
    expect(barHeights([1, 2, 4], 100)).toEqual([25, 50, 100]);
    expect(barHeights([0, 0], 100)).toEqual([0, 0]);
    expect(barHeights([], 100)).toEqual([]);
  });
});

describe("bucketByTime", () => {
  it("counts per minute over a short span", () => {
    const b = bucketByTime(["2024-05-01 10:00:10", "2024-05-01 10:00:50", "2024-05-01T10:02:00Z".replace("Z", "")]);
    expect(b.map((x) => x.count)).toEqual([2, 0, 1]);
  });
  it("uses days over long spans and ignores junk", () => {
    const b = bucketByTime(["2024-01-01T00:00:00", "2024-03-01T00:00:00", "nope"]);
    expect(b.length).toBe(61);
    expect(b[0].count + b[60].count).toBe(2);
  });
});

describe("visibleWindow", () => {
  it("renders only what is near the viewport", () => {
    expect(visibleWindow(0, 300, 30, 1_000_000)).toEqual({ first: 0, last: 18 });
    expect(visibleWindow(30_000, 300, 30, 1_000_000)).toEqual({ first: 992, last: 1018 });
    expect(visibleWindow(30_000, 300, 30, 1000)).toEqual({ first: 992, last: 1000 });
  });
});
