import React from "react";
import { errorText, login, Session } from "../api";
import { ErrorBox, Field } from "../components/ui";

export function Login({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [user, setUser] = React.useState("");
  const [password, setPassword] = React.useState("");
  const [error, setError] = React.useState("");
  const [busy, setBusy] = React.useState(false);
  return (
    <main className="login">
      <form className="card login-card" onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true); setError("");
        try { onSignedIn(await login(user, password)); } catch (err) { setError(errorText(err)); } finally { setBusy(false); }
      }}>
        <h1>Warden</h1>
        <p className="muted">Sign in to the governed data lake.</p>
        <Field label="User"><input name="user" autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} required autoFocus /></Field>
        <Field label="Password"><input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></Field>
        {error && <ErrorBox error={error} />}
        <button className="button" type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      </form>
    </main>
  );
}
