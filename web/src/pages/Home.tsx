import React from "react";
import { api } from "../api";
import { Card, Empty, ErrorBox, Field, Link, Spinner, useLoad } from "../components/ui";

interface Summary { database: string; name: string; type?: string; comment?: string }

export function recentDatasets(): string[] {
  try { return JSON.parse(localStorage.getItem("warden.recent") || "[]"); } catch { return []; }
}

export function Home() {
  const [text, setText] = React.useState("");
  const [by, setBy] = React.useState("q");
  const [submitted, setSubmitted] = React.useState({ text: "", by: "q" });
  const [found, error, loading] = useLoad(() => {
    const params = new URLSearchParams();
    if (submitted.text) params.set(submitted.by, submitted.text);
    return api<{ datasets: Summary[] }>("/datasets?" + params.toString());
  }, [submitted.text, submitted.by]);
  const recent = recentDatasets();
  return (
    <div className="page">
      <h1>Discover data</h1>
      <form className="search" role="search" onSubmit={(e) => { e.preventDefault(); setSubmitted({ text: text.trim(), by }); }}>
        <Field label="Search datasets"><input type="search" name="search" placeholder="Name, description, attribute or column" value={text} onChange={(e) => setText(e.target.value)} /></Field>
        <Field label="Search by">
          <select value={by} onChange={(e) => setBy(e.target.value)}>
            <option value="q">Name or description</option>
            <option value="attribute">Attribute (ns.key)</option>
            <option value="column">Column name</option>
          </select>
        </Field>
        <button className="button" type="submit">Search</button>
      </form>
      <div className="columns">
        <Card title={submitted.text ? `Results for “${submitted.text}”` : "All datasets"}>
          {loading ? <Spinner /> : error ? <ErrorBox error={error} /> : !found?.datasets.length ? <Empty>No datasets match. Try another name, or search by column.</Empty> : (
            <ul className="list" aria-label="Datasets">
              {found.datasets.map((d) => (
                <li key={d.database + "." + d.name}>
                  <Link to={`/datasets/${encodeURIComponent(d.database)}/${encodeURIComponent(d.name)}`}>{d.database}.{d.name}</Link>
                  <span className="muted"> {d.type}{d.comment ? " — " + d.comment : ""}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Recently viewed">
          {!recent.length ? <Empty>Datasets you open appear here.</Empty> : (
            <ul className="list">{recent.map((r) => { const [db, n] = r.split("."); return <li key={r}><Link to={`/datasets/${db}/${n}`}>{r}</Link></li>; })}</ul>
          )}
        </Card>
      </div>
    </div>
  );
}
