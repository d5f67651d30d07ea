import React from "react";
import { api, errorText, QueryResult } from "../api";
import { BarChart } from "../components/BarChart";
import { Grid } from "../components/Grid";
import { Card, Empty, ErrorBox, Field, Spinner, Tag, useLoad } from "../components/ui";

interface Column { name: string; type: string; comment: string; attributes: string[] }
interface Dataset {
  database: string; name: string; kind: string; format?: string; location?: string; owner?: string;
  comment?: string; attributes: string[]; columns: Column[]; partitions: string[]; partition_columns: string[]; create_statement?: string;
}
interface Stats {
  row_count: number; null_fraction: number; distinct_count: number; min: unknown; max: unknown;
  histogram_kind: string; histogram: { low?: number; high?: number; value?: string; count: number }[];
}

const path = (db: string, n: string) => `/datasets/${encodeURIComponent(db)}/${encodeURIComponent(n)}`;

export function DatasetPage({ database, name }: { database: string; name: string }) {
  const [dataset, error, loading] = useLoad(() => api<Dataset>(path(database, name)), [database, name]);
  const [preview, previewError, previewLoading] = useLoad(() => api<QueryResult>(path(database, name) + "/preview?limit=100"), [database, name]);
  React.useEffect(() => {
    if (!dataset) return;
    const key = `${database}.${name}`;
    const recent = [key, ...JSON.parse(localStorage.getItem("warden.recent") || "[]").filter((r: string) => r !== key)].slice(0, 8);
    localStorage.setItem("warden.recent", JSON.stringify(recent));
  }, [dataset, database, name]);

  if (loading) return <div className="page"><Spinner /></div>;
  if (error) return <div className="page"><h1>{database}.{name}</h1><ErrorBox error={error} /></div>;
  const d = dataset!;
  return (
    <div className="page">
      <h1>{d.database}.{d.name}</h1>
      <p className="muted">{d.comment || "No description."}</p>
      <div className="columns">
        <Card title="About">
          <dl className="facts">
            <dt>Kind</dt><dd>{d.kind}</dd>
            <dt>Format</dt><dd>{d.format ?? "—"}</dd>
            <dt>Location</dt><dd className="mono">{d.location ?? "—"}</dd>
            <dt>Owner</dt><dd>{d.owner ?? "—"}</dd>
            <dt>Attributes</dt><dd>{d.attributes.length ? d.attributes.map((a) => <Tag key={a}>{a}</Tag>) : "—"}</dd>
            <dt>Partitions</dt><dd>{d.partitions.length ? `${d.partitions.length} (${d.partition_columns.join(", ")})` : "none"}</dd>
          </dl>
          {d.partitions.length > 0 && <ul className="list mono small">{d.partitions.slice(0, 20).map((p) => <li key={p}>{p}</li>)}</ul>}
        </Card>
        <Card title="Schema">
          <table className="table">
            <thead><tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Comment</th><th scope="col">Attributes</th></tr></thead>
            <tbody>{d.columns.map((c) => (
              <tr key={c.name}><td className="mono">{c.name}</td><td>{c.type}</td><td>{c.comment}</td><td>{c.attributes.map((a) => <Tag key={a}>{a}</Tag>)}</td></tr>
            ))}</tbody>
          </table>
        </Card>
      </div>
      <Card title="Preview (your governed view)">
        {previewLoading ? <Spinner /> : previewError ? <ErrorBox error={previewError} /> : !preview?.rows.length ? <Empty>No rows visible to you.</Empty> :
          <Grid label="Preview" columns={preview.columns.map((c) => c.name)} rows={preview.rows} />}
      </Card>
      <ColumnStatistics database={database} name={name} columns={d.columns.map((c) => c.name)} />
      <WhoCanSee dataset={`${database}.${name}`} />
    </div>
  );
}

function ColumnStatistics({ database, name, columns }: { database: string; name: string; columns: string[] }) {
  const [column, setColumn] = React.useState(columns[0] ?? "");
  const [stats, error, loading] = useLoad(
    () => api<Stats>(path(database, name) + "/statistics?column=" + encodeURIComponent(column)), [database, name, column]);
  const fmt = (v: unknown) => (v === null || v === undefined ? "—" : String(v));
  return (
    <Card title="Column statistics" actions={
      <Field label="Column"><select value={column} onChange={(e) => setColumn(e.target.value)}>{columns.map((c) => <option key={c}>{c}</option>)}</select></Field>}>
      {loading ? <Spinner /> : error ? <ErrorBox error={error} /> : stats && (
        <div className="stats">
          <dl className="facts">
            <dt>Rows</dt><dd>{stats.row_count}</dd>
            <dt>Null fraction</dt><dd>{(stats.null_fraction * 100).toFixed(1)}%</dd>
            <dt>Distinct</dt><dd>{stats.distinct_count}</dd>
            <dt>Min</dt><dd>{fmt(stats.min)}</dd>
            <dt>Max</dt><dd>{fmt(stats.max)}</dd>
          </dl>
          {stats.histogram.length ? <BarChart title={stats.histogram_kind === "range" ? `Histogram of ${column}` : `Most frequent values of ${column}`}
            bars={stats.histogram.map((b) => ({ label: b.value ?? `${Number(b.low).toPrecision(4)}–${Number(b.high).toPrecision(4)}`, count: b.count }))} /> : <Empty>No values to chart.</Empty>}
        </div>
      )}
    </Card>
  );
}

function WhoCanSee({ dataset }: { dataset: string }) {
  const [user, setUser] = React.useState("");
  const [result, setResult] = React.useState<{ columns: string[]; rows: unknown[][] } | null>(null);
  const [error, setError] = React.useState("");
  const [busy, setBusy] = React.useState(false);
  return (
    <Card title="Who can see this (EXPLAIN ACCESS)">
      <form className="inline" onSubmit={async (e) => {
        e.preventDefault(); setBusy(true); setError(""); setResult(null);
        try { setResult(await api(`/access?user=${encodeURIComponent(user)}&dataset=${encodeURIComponent(dataset)}`)); }
        catch (err) { setError(errorText(err)); } finally { setBusy(false); }
      }}>
        <Field label="User"><input name="explain-user" value={user} onChange={(e) => setUser(e.target.value)} required /></Field>
        <button className="button" type="submit" disabled={busy}>Explain access</button>
      </form>
      {busy && <Spinner />}
      {error && <ErrorBox error={error} />}
      {result && (result.rows.length ? <Grid label="Access explanation" columns={result.columns} rows={result.rows} /> : <Empty>This user sees nothing of this dataset.</Empty>)}
    </Card>
  );
}
