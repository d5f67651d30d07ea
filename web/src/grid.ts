/** Text shown for one cell of a results grid. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/**
 * One CSS grid layout shared by the header and every row. Each row is its own CSS grid, so
 * tracks sized by content would differ from row to row and cells would drift out of their
 * columns: each track's minimum is fixed from the header and a sample of rows, and every row
 * is at least as wide as the sum of the minimums.
 */
export function columnLayout(columns: string[], rows: unknown[][], sample = 200, charPx = 9,
                             minPx = 120, maxPx = 360): { template: string; minWidth: number } {
  const widths = columns.map((name, j) => {
    let chars = name.length;
    for (const row of rows.slice(0, sample)) chars = Math.max(chars, cellText(row[j]).length);
    return Math.min(Math.max(chars * charPx + 18, minPx), maxPx);
  });
  return {
    template: widths.map((px) => `minmax(${px}px, 1fr)`).join(" "),
    minWidth: widths.reduce((a, b) => a + b, 0),
  };
}
