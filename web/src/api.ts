// The portal's client of /api/v1. The session lives in an HttpOnly cookie the page cannot
// read; state-changing calls carry the CSRF token the server derived from it, kept in memory.

export interface ApiError { code: string; message: string; request_id: string }
export class RequestFailed extends Error {
  constructor(public status: number, public body: ApiError) { super(body.message); }
}

let csrfToken = "";
export function setCsrfToken(token: string) { csrfToken = token; }

export async function api<T = any>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    init.body = JSON.stringify(init.json);
  }
  if (init.method && init.method !== "GET") headers.set("X-CSRF-Token", csrfToken);
  const response = await fetch("/api/v1" + path, { ...init, headers, credentials: "same-origin" });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: any;
  try { body = JSON.parse(text); } catch { body = { code: "WARDEN-INTERNAL", message: text, request_id: "" }; }
  if (!response.ok) throw new RequestFailed(response.status, body);
  if (body && body.error) throw new RequestFailed(500, body.error);
  return body as T;
}

export interface Session { user: string; groups: string[]; csrf_token: string; expires_at: number }

export async function login(user: string, password: string): Promise<Session> {
  const s = await api<Session>("/login", { method: "POST", json: { user, password } });
  setCsrfToken(s.csrf_token);
  return s;
}

export async function currentSession(): Promise<Session | null> {
  try {
    const s = await api<Session>("/session");
    setCsrfToken(s.csrf_token);
    return s;
  } catch { return null; }
}

export const statement = (sql: string) =>
  api<{ columns: string[]; rows: unknown[][]; truncated: boolean }>("/statements", { method: "POST", json: { sql } });

export interface QueryResult { columns: { name: string; type: string }[]; rows: unknown[][]; row_count: number; next_cursor: string | null }

export const query = (sql: string, limit: number, signal?: AbortSignal) =>
  api<QueryResult>("/query", { method: "POST", json: { sql, limit }, signal });

export const errorText = (e: unknown) =>
  e instanceof RequestFailed ? `${e.body.code}: ${e.body.message}` : e instanceof Error ? e.message : String(e);
