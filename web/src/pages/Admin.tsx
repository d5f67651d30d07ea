import React from "react";
import { api, errorText, statement } from "../api";
import { Grid } from "../components/Grid";
import { RoleMembers } from "../components/RoleMembers";
import { Card, Empty, ErrorBox, Field, Spinner, useLoad } from "../components/ui";
import { grantSql, GrantForm, quoteIdentifier } from "../sql";

function ResultTable({ load, label, deps }: { load: () => Promise<{ columns: string[]; rows: unknown[][] }>; label: string; deps: unknown[] }) {
  const [data, error, loading] = useLoad(load, deps);
  if (loading) return <Spinner />;
  if (error) return <ErrorBox error={error} />;
  return data!.rows.length ? <Grid label={label} columns={data!.columns} rows={data!.rows} /> : <Empty>Nothing yet.</Empty>;
}

export function Admin() {
  const [tick, setTick] = React.useState(0);
  const [message, setMessage] = React.useState("");
  const [error, setError] = React.useState("");
  const run = async (sql: string) => {
    setError(""); setMessage("");
    try { await statement(sql); setMessage("Done: " + sql); setTick((t) => t + 1); } catch (e) { setError(errorText(e)); }
  };
  const [role, setRole] = React.useState("");
  const [form, setForm] = React.useState<GrantForm>({ privilege: "SELECT", scope: "table", object: "", columns: [], where: "", transforms: [{ target: "", fn: "" }], role: "" });
  const [attribute, setAttribute] = React.useState({ table: "", column: "", attribute: "" });
  const built = grantSql(form);
  return (
    <div className="page">
      <h1>Administration</h1>
      {message && <div className="state ok" role="status">{message}</div>}
      {error && <ErrorBox error={error} />}
      <div className="columns">
        <Card title="Roles">
          <form className="inline" onSubmit={(e) => { e.preventDefault(); run(`CREATE ROLE ${quoteIdentifier(role)}`); }}>
            <Field label="New role"><input name="role" value={role} onChange={(e) => setRole(e.target.value)} required /></Field>
            <button className="button" type="submit">Create role</button>
          </form>
          <ResultTable label="Roles" load={() => api("/roles")} deps={[tick]} />
          <RoleMembers tick={tick} onDone={(sql) => { setMessage("Done: " + sql); setTick((t) => t + 1); }} onError={setError} />
        </Card>
        <Card title="New grant">
          <form onSubmit={(e) => { e.preventDefault(); if (built.sql) run(built.sql); }} className="stack">
            <div className="inline">
              <Field label="Privilege"><select value={form.privilege} onChange={(e) => setForm({ ...form, privilege: e.target.value })}>{["SELECT", "ALTER", "DROP", "CREATE", "ALL"].map((p) => <option key={p}>{p}</option>)}</select></Field>
              <Field label="Scope"><select value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value as GrantForm["scope"] })}><option value="catalog">Catalog</option><option value="database">Database</option><option value="table">Table</option></select></Field>
              <Field label="Object (db or db.table)"><input name="grant-object" value={form.object} onChange={(e) => setForm({ ...form, object: e.target.value })} disabled={form.scope === "catalog"} /></Field>
            </div>
            <Field label="Columns (comma separated, empty for all)"><input name="grant-columns" value={form.columns.join(",")} onChange={(e) => setForm({ ...form, columns: e.target.value.split(",") })} /></Field>
            <Field label="Row filter (SQL expression)"><input name="grant-where" placeholder="country = 'US'" value={form.where} onChange={(e) => setForm({ ...form, where: e.target.value })} /></Field>
            {form.transforms.map((t, i) => (
              <div className="inline" key={i}>
                <Field label="Transform column or attribute"><input name={`transform-target-${i}`} value={t.target} onChange={(e) => setForm({ ...form, transforms: form.transforms.map((x, j) => j === i ? { ...x, target: e.target.value } : x) })} /></Field>
                <Field label="Function"><input name={`transform-fn-${i}`} placeholder="mask_ccn()" value={t.fn} onChange={(e) => setForm({ ...form, transforms: form.transforms.map((x, j) => j === i ? { ...x, fn: e.target.value } : x) })} /></Field>
              </div>
            ))}
            <button type="button" className="button ghost" onClick={() => setForm({ ...form, transforms: [...form.transforms, { target: "", fn: "" }] })}>Add transform</button>
            <Field label="To role"><input name="grant-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })} /></Field>
            <pre className="sql-preview" aria-label="Grant as SQL">{built.sql ?? built.error}</pre>
            <button className="button" type="submit" disabled={!built.sql}>Grant</button>
          </form>
        </Card>
      </div>
      <Card title="Grants"><ResultTable label="Grants" load={() => api("/grants")} deps={[tick]} /></Card>
      <Card title="Attributes">
        <form className="inline" onSubmit={(e) => { e.preventDefault(); run(`ALTER TABLE ${attribute.table} ADD ATTRIBUTE ${attribute.attribute}` + (attribute.column ? ` ON COLUMN ${quoteIdentifier(attribute.column)}` : "")); }}>
          <Field label="Table (db.table)"><input name="attr-table" value={attribute.table} onChange={(e) => setAttribute({ ...attribute, table: e.target.value })} required /></Field>
          <Field label="Column (optional)"><input name="attr-column" value={attribute.column} onChange={(e) => setAttribute({ ...attribute, column: e.target.value })} /></Field>
          <Field label="Attribute (ns.key)"><input name="attr-name" value={attribute.attribute} onChange={(e) => setAttribute({ ...attribute, attribute: e.target.value })} required pattern="[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*" /></Field>
          <button className="button" type="submit">Add attribute</button>
        </form>
        <ResultTable label="Attributes" load={() => statement("SHOW ATTRIBUTES")} deps={[tick]} />
      </Card>
    </div>
  );
}
