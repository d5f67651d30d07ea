import React from "react";
import { navigate } from "../router";

export function Link({ to, children, className }: { to: string; children: React.ReactNode; className?: string }) {
  return (
    <a href={to} className={className} onClick={(e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      navigate(to);
    }}>{children}</a>
  );
}

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return <div className="state loading" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" />{label}</div>;
}

export function ErrorBox({ error }: { error: string }) {
  return <div className="state error" role="alert">{error}</div>;
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="state empty">{children}</div>;
}

export function Card({ title, children, actions }: { title: string; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <header className="card-head"><h2>{title}</h2>{actions}</header>
      {children}
    </section>
  );
}

export function Field({ label, children }: { label: string; children: React.ReactElement }) {
  return <label className="field"><span>{label}</span>{children}</label>;
}

export function Tag({ children }: { children: React.ReactNode }) {
  return <span className="tag">{children}</span>;
}

/** Loads `load()` when `deps` change; returns [data, error, loading]. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [T | undefined, string, boolean, () => void] {
  const [data, setData] = React.useState<T>();
  const [error, setError] = React.useState("");
  const [loading, setLoading] = React.useState(true);
  const [tick, setTick] = React.useState(0);
  React.useEffect(() => {
    let live = true;
    setLoading(true);
    setError("");
    load().then((d) => live && setData(d)).catch((e) => live && setError(e?.body ? `${e.body.code}: ${e.body.message}` : String(e)))
      .finally(() => live && setLoading(false));
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return [data, error, loading, () => setTick((t) => t + 1)];
}
