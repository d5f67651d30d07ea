// Pure helpers behind the charts and the results grid (unit-tested).

/** Bars of a bar chart scaled into a box of `height` pixels; `maxCount` of 0 draws nothing. */
export function barHeights(counts: number[], height: number): number[] {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (max === 0 ? 0 : Math.round((c / max) * height)));
}

/** Counts events per time bucket (minute, hour or day chosen to give ≤ 60 buckets). */
export function bucketByTime(times: string[]): { label: string; count: number }[] {
  const ms = times.map((t) => Date.parse(t.replace(" ", "T"))).filter((t) => !Number.isNaN(t));
  if (!ms.length) return [];
  const lo = Math.min(...ms), hi = Math.max(...ms);
  const steps = [60_000, 600_000, 3_600_000, 86_400_000];
  const step = steps.find((s) => (hi - lo) / s < 60) ?? 86_400_000;
  const start = Math.floor(lo / step) * step;
  const counts = new Array(Math.floor((hi - start) / step) + 1).fill(0);
  for (const t of ms) counts[Math.floor((t - start) / step)]++;
  return counts.map((count, i) => ({
    label: new Date(start + i * step).toISOString().slice(step >= 86_400_000 ? 0 : 5, step >= 86_400_000 ? 10 : 16).replace("T", " "),
    count,
  }));
}

/** The rows a virtual grid renders: those in view plus `overscan` on each side. */
export function visibleWindow(scrollTop: number, viewport: number, rowHeight: number,
                              rowCount: number, overscan = 8): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last };
}
