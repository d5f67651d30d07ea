import React from "react";
import { Compartment } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { defaultKeymap, history as undoHistory, historyKeymap } from "@codemirror/commands";
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { sql, PostgreSQL } from "@codemirror/lang-sql";
import { api, errorText, query, QueryResult } from "../api";
import { Grid } from "../components/Grid";
import { Card, Empty, ErrorBox, Spinner } from "../components/ui";
import { toCsv } from "../sql";
import { typeOverSelection } from "../editor_input";

const HISTORY_KEY = "warden.history";
const ROW_LIMIT = 100000;

/** db → table → columns, for completion; loaded lazily from the catalog. */
async function loadSchema(): Promise<Record<string, string[]>> {
  const schema: Record<string, string[]> = {};
  const { databases } = await api<{ databases: { name: string }[] }>("/databases");
  await Promise.all(databases.map(async ({ name: db }) => {
    const { datasets } = await api<{ datasets: { name: string }[] }>(`/databases/${encodeURIComponent(db)}/datasets`);
    await Promise.all(datasets.slice(0, 50).map(async ({ name }) => {
      try {
        const d = await api<{ columns: { name: string }[] }>(`/datasets/${encodeURIComponent(db)}/${encodeURIComponent(name)}`);
        schema[`${db}.${name}`] = d.columns.map((c) => c.name);
      } catch { schema[`${db}.${name}`] = []; }
    }));
  }));
  return schema;
}

export function Workspace() {
  const host = React.useRef<HTMLDivElement>(null);
  const view = React.useRef<EditorView | undefined>(undefined);
  const controller = React.useRef<AbortController | undefined>(undefined);
  const [result, setResult] = React.useState<QueryResult | null>(null);
  const [error, setError] = React.useState("");
  const [running, setRunning] = React.useState(false);
  const [elapsed, setElapsed] = React.useState(0);
  const [history, setHistory] = React.useState<string[]>(() => JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]"));

  const run = React.useCallback(async () => {
    const text = view.current?.state.doc.toString().trim() ?? "";
    if (!text) return;
    controller.current = new AbortController();
    setRunning(true); setError(""); setResult(null);
    const started = performance.now();
    try {
      const r = await query(text, ROW_LIMIT, controller.current.signal);
      setResult(r);
      setHistory((h) => {
        const next = [text, ...h.filter((q) => q !== text)].slice(0, 30);
        localStorage.setItem(HISTORY_KEY, JSON.stringify(next));
        return next;
      });
    } catch (e) {
      setError((e as Error).name === "AbortError" ? "Query cancelled." : errorText(e));
    } finally {
      setElapsed(performance.now() - started);
      setRunning(false);
    }
  }, []);

  React.useEffect(() => {
    const runKey = keymap.of([{ key: "Mod-Enter", run: () => { run(); return true; } }]);
    const language = new Compartment();
    const sqlFor = (schema: Record<string, string[]>) => sql({ dialect: PostgreSQL, schema, upperCaseKeywords: true });
    // CodeMirror injects its theme as <style>: the page's CSP admits it by the nonce the
    // gateway put in the page. Typing over a selection goes through the editor, not the
    // browser's editing, which would write a style attribute (editor_input.ts).
    const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? "";
    view.current = new EditorView({
      doc: "SELECT 1",
      parent: host.current!,
      extensions: [EditorView.cspNonce.of(nonce), runKey, lineNumbers(), undoHistory(), drawSelection(), highlightActiveLine(), bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle), autocompletion(),
        keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]), language.of(sqlFor({})),
        EditorView.contentAttributes.of({ "aria-label": "SQL editor" }), typeOverSelection],
    });
    let live = true;
    // Completion of db.table and columns arrives when the catalog has loaded.
    loadSchema().then((schema) => {
      if (live) view.current?.dispatch({ effects: language.reconfigure(sqlFor(schema)) });
    }).catch(() => {});
    return () => { live = false; view.current?.destroy(); };
  }, [run]);

  const exportCsv = () => {
    if (!result) return;
    const blob = new Blob([toCsv(result.columns.map((c) => c.name), result.rows)], { type: "text/csv" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "warden-result.csv";
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <div className="page">
      <h1>SQL workspace</h1>
      <div className="workspace">
        <div>
          <Card title="Query" actions={
            <div className="actions">
              <button className="button" onClick={run} disabled={running}>Run</button>
              <button className="button ghost" onClick={() => controller.current?.abort()} disabled={!running}>Cancel</button>
              <button className="button ghost" onClick={exportCsv} disabled={!result}>Export CSV</button>
            </div>}>
            <div ref={host} className="editor" />
            <p className="muted small">Ctrl+Enter runs. Completion knows your databases, tables and columns.</p>
          </Card>
          <Card title="Results">
            {running ? <Spinner label="Running…" /> : error ? <ErrorBox error={error} /> : !result ? <Empty>Run a query to see rows here.</Empty> : (
              <>
                <p className="muted small" aria-live="polite">{result.row_count} rows in {(elapsed / 1000).toFixed(2)} s{result.next_cursor ? ` (first ${ROW_LIMIT} shown)` : ""}</p>
                {result.rows.length ? <Grid label="Query results" columns={result.columns.map((c) => c.name)} rows={result.rows} /> : <Empty>No rows.</Empty>}
              </>
            )}
          </Card>
        </div>
        <Card title="History">
          {!history.length ? <Empty>Your queries appear here.</Empty> : (
            <ul className="list history">{history.map((q, i) => (
              <li key={i}><button className="link mono small" onClick={() => view.current?.dispatch({ changes: { from: 0, to: view.current.state.doc.length, insert: q } })}>{q}</button></li>
            ))}</ul>
          )}
        </Card>
      </div>
    </div>
  );
}
