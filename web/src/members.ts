// Role membership in the portal: the REST resource paths (/roles/{role}/members) and the
// reading of SHOW MEMBERS OF ROLE's table into members the page can list and remove.

export type MemberKind = "user" | "group";
export interface Member { kind: MemberKind; name: string }

/** Path of a role's members, or of one member (for DELETE); every name is one URL segment. */
export function memberPath(role: string, member?: Member): string {
  const base = `/roles/${encodeURIComponent(role)}/members`;
  return member ? `${base}/${member.kind}/${encodeURIComponent(member.name)}` : base;
}

/** The members in a {columns: [kind, member], rows} result; groups first, then users, by name. */
export function parseMembers(result: { columns: string[]; rows: unknown[][] }): Member[] {
  const kind = result.columns.indexOf("kind");
  const name = result.columns.indexOf("member");
  if (kind < 0 || name < 0) throw new Error("unexpected members result: " + result.columns.join(", "));
  const members = result.rows.map((row) => {
    const k = String(row[kind]);
    if (k !== "user" && k !== "group") throw new Error("unexpected member kind: " + k);
    return { kind: k as MemberKind, name: String(row[name]) };
  });
  return members.sort((a, b) => a.kind.localeCompare(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Why `name` cannot be a member name (null when it can): empty, padded or control characters. */
export function memberNameProblem(name: string): string | null {
  if (!name.trim()) return "a user or group name is required";
  if (name !== name.trim()) return "the name starts or ends with spaces";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "the name contains a control character";
  return null;
}
