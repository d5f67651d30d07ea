import { barHeights } from "../charts";

/** A labelled SVG bar chart (histograms, requests over time). */
export function BarChart({ bars, title }: { bars: { label: string; count: number }[]; title: string }) {
  const width = 560, height = 140, gap = 2;
  const heights = barHeights(bars.map((b) => b.count), height - 20);
  const w = bars.length ? (width - gap * bars.length) / bars.length : 0;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%" height={height}>
        {bars.map((b, i) => (
          <g key={i}>
            <title>{`${b.label}: ${b.count}`}</title>
            <rect x={i * (w + gap)} y={height - 16 - heights[i]} width={Math.max(w, 1)} height={heights[i]} className="bar" />
          </g>
        ))}
        {bars.length > 0 && <text x={0} y={height - 2} className="axis">{bars[0].label}</text>}
        {bars.length > 1 && <text x={width} y={height - 2} textAnchor="end" className="axis">{bars[bars.length - 1].label}</text>}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
