import React from "react";
import { api } from "../api";
import { BarChart } from "../components/BarChart";
import { Card, Empty, ErrorBox, Field, Spinner, useLoad } from "../components/ui";
import { bucketByTime } from "../charts";

interface Events { columns: string[]; rows: unknown[][] }

export function Audit() {
  const [filters, setFilters] = React.useState({ user: "", dataset: "", status: "", since: "" });
  const [applied, setApplied] = React.useState(filters);
  const [selected, setSelected] = React.useState<number | null>(null);
  const [events, error, loading] = useLoad(() => {
    const p = new URLSearchParams({ limit: "500" });
    for (const [k, v] of Object.entries(applied)) if (v) p.set(k, v);
    return api<Events>("/audit?" + p.toString());
  }, [JSON.stringify(applied)]);
  const col = (name: string) => events?.columns.indexOf(name) ?? -1;
  return (
    <div className="page">
      <h1>Audit</h1>
      <form className="inline" onSubmit={(e) => { e.preventDefault(); setApplied(filters); setSelected(null); }}>
        <Field label="User"><input name="audit-user" value={filters.user} onChange={(e) => setFilters({ ...filters, user: e.target.value })} /></Field>
        <Field label="Dataset (db.table)"><input name="audit-dataset" placeholder="sales.customers" value={filters.dataset} onChange={(e) => setFilters({ ...filters, dataset: e.target.value })} /></Field>
        <Field label="Outcome"><select value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.target.value })}><option value="">Any</option><option value="ok">ok</option><option value="error">error</option><option value="denied">denied</option></select></Field>
        <Field label="Since"><input name="audit-since" type="datetime-local" value={filters.since} onChange={(e) => setFilters({ ...filters, since: e.target.value })} /></Field>
        <button className="button" type="submit">Filter</button>
      </form>
      {loading ? <Spinner /> : error ? <ErrorBox error={error} /> : !events?.rows.length ? <Empty>No events match.</Empty> : (
        <>
          <Card title="Requests over time"><BarChart title="Events per interval" bars={bucketByTime(events.rows.map((r) => String(r[col("time")])))} /></Card>
          <Card title={`Events (${events.rows.length})`}>
            <table className="table">
              <thead><tr>{["time", "user", "kind", "status", "statement"].map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
              <tbody>{events.rows.map((r, i) => (
                <tr key={i} className={selected === i ? "selected" : ""}>
                  {["time", "user", "kind", "status"].map((c) => <td key={c}>{String(r[col(c)] ?? "")}</td>)}
                  <td><button className="link mono small" onClick={() => setSelected(i)}>{String(r[col("statement")] ?? "").slice(0, 120) || "(open)"}</button></td>
                </tr>
              ))}</tbody>
            </table>
          </Card>
          {selected !== null && (
            <Card title="Event">
              <dl className="facts">{events.columns.map((c, j) => <React.Fragment key={c}><dt>{c}</dt><dd className="mono">{JSON.stringify(events.rows[selected][j])}</dd></React.Fragment>)}</dl>
            </Card>
          )}
        </>
      )}
    </div>
  );
}
