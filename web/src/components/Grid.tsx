import React from "react";
import { visibleWindow } from "../charts";
import { cellText, columnLayout } from "../grid";

const ROW = 28;

/** A results grid that renders only the rows in view, so large results scroll smoothly. */
export function Grid({ columns, rows, label }: { columns: string[]; rows: unknown[][]; label: string }) {
  const [scrollTop, setScrollTop] = React.useState(0);
  const viewport = 360;
  const { first, last } = visibleWindow(scrollTop, viewport, ROW, rows.length);
  const { template, minWidth } = React.useMemo(() => columnLayout(columns, rows), [columns, rows]);
  return (
    <div className="grid" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
      <div className="grid-scroll" tabIndex={0} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
           style={{ maxHeight: viewport }}>
        <div className="grid-row grid-head" role="row" style={{ gridTemplateColumns: template, minWidth }}>
          {columns.map((c) => <div key={c} role="columnheader" className="grid-cell">{c}</div>)}
        </div>
        <div style={{ height: rows.length * ROW, position: "relative", minWidth }}>
          {rows.slice(first, last).map((row, i) => (
            <div key={first + i} role="row" aria-rowindex={first + i + 2} className="grid-row"
                 style={{ gridTemplateColumns: template, minWidth, position: "absolute", top: (first + i) * ROW, left: 0, right: 0, height: ROW }}>
              {row.map((v, j) => <div key={j} role="cell" className={"grid-cell" + (v === null ? " null" : "")}>{cellText(v)}</div>)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
