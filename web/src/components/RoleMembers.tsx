import React from "react";
import { api, errorText } from "../api";
import { Member, MemberKind, memberNameProblem, memberPath, parseMembers } from "../members";
import { Empty, ErrorBox, Field, Spinner, useLoad } from "./ui";

type Done = { sql: string };

/** A role's members (GET /roles/{role}/members) with add and remove, for the admin page. */
export function RoleMembers({ tick, onDone, onError }: { tick: number; onDone: (sql: string) => void; onError: (text: string) => void }) {
  const [roles] = useLoad(() => api<{ rows: unknown[][] }>("/roles"), [tick]);
  const [role, setRole] = React.useState("");
  const [changed, setChanged] = React.useState(0);
  const [kind, setKind] = React.useState<MemberKind>("user");
  const [name, setName] = React.useState("");
  const [members, error, loading] = useLoad(
    () => role ? api(memberPath(role)).then(parseMembers) : Promise.resolve([] as Member[]),
    [role, tick, changed]);
  const change = async (call: () => Promise<Done>) => {
    onError("");
    try { onDone((await call()).sql); setChanged((c) => c + 1); return true; } catch (e) { onError(errorText(e)); return false; }
  };
  const add = (e: React.FormEvent) => {
    e.preventDefault();
    const problem = memberNameProblem(name);
    if (problem) return onError(problem);
    change(() => api<Done>(memberPath(role), { method: "POST", json: { kind, name } })).then((ok) => ok && setName(""));
  };
  const names = (roles?.rows ?? []).map((r) => String(r[0]));
  return (
    <div className="stack role-members">
      <Field label="Members of role">
        <select value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="">Choose a role…</option>
          {names.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </Field>
      {!role ? null : loading ? <Spinner /> : error ? <ErrorBox error={error} /> : !members!.length ? <Empty>No members yet.</Empty> : (
        <table className="table" aria-label={`Members of ${role}`}>
          <thead><tr><th scope="col">Kind</th><th scope="col">Member</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>{members!.map((m) => (
            <tr key={m.kind + "/" + m.name}>
              <td>{m.kind}</td><td>{m.name}</td>
              <td><button type="button" className="button ghost small" aria-label={`Remove ${m.kind} ${m.name} from ${role}`}
                onClick={() => change(() => api<Done>(memberPath(role, m), { method: "DELETE" }))}>Remove</button></td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {role && (
        <form className="inline" onSubmit={add}>
          <Field label="Member kind"><select value={kind} onChange={(e) => setKind(e.target.value as MemberKind)}><option value="user">User</option><option value="group">Group</option></select></Field>
          <Field label="User or group"><input name="member-name" value={name} onChange={(e) => setName(e.target.value)} required /></Field>
          <button className="button" type="submit">Add member</button>
        </form>
      )}
    </div>
  );
}
