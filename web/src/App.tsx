import React from "react";
import { api, currentSession, Session } from "./api";
import { Link, Spinner } from "./components/ui";
import { navigate, usePath } from "./router";
import { Login } from "./pages/Login";
import { Home } from "./pages/Home";
import { DatasetPage } from "./pages/Dataset";
import { Workspace } from "./pages/Workspace";
import { Admin } from "./pages/Admin";
import { Audit } from "./pages/Audit";

export function App() {
  const path = usePath();
  const [session, setSession] = React.useState<Session | null | undefined>(undefined);
  React.useEffect(() => { currentSession().then(setSession); }, []);

  if (session === undefined) return <Spinner />;
  if (!session) return <Login onSignedIn={(s) => { setSession(s); navigate("/"); }} />;

  const pathname = path.split("?")[0];
  const dataset = pathname.match(/^\/datasets\/([^/]+)\/([^/]+)$/);
  let page: React.ReactNode;
  if (dataset) page = <DatasetPage database={decodeURIComponent(dataset[1])} name={decodeURIComponent(dataset[2])} />;
  else if (pathname === "/sql") page = <Workspace />;
  else if (pathname === "/admin") page = <Admin />;
  else if (pathname === "/audit") page = <Audit />;
  else page = <Home />;

  const nav = [["/", "Discover"], ["/sql", "SQL workspace"], ["/admin", "Administration"], ["/audit", "Audit"]];
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brand">Warden</Link>
        <nav aria-label="Main">
          {nav.map(([to, label]) => (
            <Link key={to} to={to} className={(to === "/" ? pathname === "/" : pathname.startsWith(to)) ? "active" : ""}>{label}</Link>
          ))}
        </nav>
        <div className="user">
          <span aria-label="Signed in as">{session.user}</span>
          <button className="button ghost" onClick={async () => { await api("/logout", { method: "POST" }); setSession(null); }}>Sign out</button>
        </div>
      </header>
      <main>{page}</main>
    </div>
  );
}
