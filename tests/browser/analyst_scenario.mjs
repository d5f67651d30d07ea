// The policy half of the portal scenario in a real browser (playwright-core + Debian's
// chromium) against a live `warden serve`: the admin builds a role and a grant with a row
// filter and mask_ccn in the administration form and makes the analyst (created beforehand by
// `warden users add`) a member; the analyst finds the dataset, sees filtered rows with masked
// cards in the preview, runs a join and exports it, opens EXPLAIN ACCESS; the admin finds the
// analyst's query in the audit explorer.
// Env: BASE, ADMIN_PASSWORD, DB, OUT_DIR, ANALYST, ANALYST_PASSWORD, ROLE, CURRENCY,
// EXPECTED (a JSON file: {"masked": {id: masked card of each visible row},
// "join_rows": rows of the join query, "join_sql": the join}).
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { openBrowser } from "./browser_session.mjs";

const { BASE, ADMIN_PASSWORD, DB, OUT_DIR, ANALYST, ANALYST_PASSWORD, ROLE, CURRENCY } = process.env;
const { page, shot, step, run } = await openBrowser(OUT_DIR);
const expected = JSON.parse(readFileSync(process.env.EXPECTED, "utf8"));
const check = (ok, what) => { if (!ok) throw new Error(what); };

// Reads `rows()` until its JSON equals `want` or 10 s pass; returns the last reading.
async function settledRows(rows, want) {
  let last = "";
  for (const deadline = Date.now() + 10000; Date.now() < deadline; ) {
    last = JSON.stringify(await rows());
    if (last === want) break;
    await page.waitForTimeout(100);
  }
  return last;
}

async function signIn(user, password) {
  await page.goto(BASE + "/");
  await page.getByLabel("User").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Discover data" }).waitFor();
  check((await page.getByLabel("Signed in as").textContent()) === user, "signed in as someone else");
}

async function signOut() {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
}

/** The rendered rows of a grid as {column: text} objects. */
async function gridRows(label) {
  const grid = page.getByRole("table", { name: label });
  await grid.getByRole("cell").first().waitFor();
  const columns = await grid.getByRole("columnheader").allTextContents();
  const rows = await grid.locator("[role=row][aria-rowindex]").evaluateAll((els) =>
    els.map((r) => Array.from(r.querySelectorAll("[role=cell]")).map((c) => c.textContent)));
  return rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i]])));
}

async function runStatement(sql) {
  await page.getByRole("status").filter({ hasText: "Done: " + sql }).waitFor().catch(async () => {
    const alert = await page.getByRole("alert").allTextContents();
    throw new Error(`statement not done: ${sql}\n${alert.join("\n")}`);
  });
}

await run(async () => {
  step("admin: role, grants with row filter and mask_ccn, membership");
  await signIn("admin", ADMIN_PASSWORD);
  await page.getByRole("link", { name: "Administration", exact: true }).click();
  await page.getByLabel("New role").fill(ROLE);
  await page.getByRole("button", { name: "Create role" }).click();
  await runStatement(`CREATE ROLE "${ROLE}"`);
  await page.getByRole("table", { name: "Roles" }).getByRole("cell", { name: ROLE, exact: true }).waitFor();

  const grant = async (object, where, target, fn) => {
    await page.getByLabel("Object (db or db.table)").fill(object);
    await page.getByLabel("Row filter (SQL expression)").fill(where);
    await page.getByLabel("Transform column or attribute").fill(target);
    await page.getByLabel("Function").fill(fn);
    await page.getByLabel("To role").fill(ROLE);
    const sql = await page.getByLabel("Grant as SQL").textContent();
    await page.getByRole("button", { name: "Grant", exact: true }).click();
    await runStatement(sql);
    return sql;
  };
  const filtered = await grant(`${DB}.transactions`, `currency = '${CURRENCY}'`, "card_number", "mask_ccn()");
  check(filtered.includes(`WHERE currency = '${CURRENCY}' TRANSFORM "card_number" WITH mask_ccn()`), "grant SQL: " + filtered);
  await grant(`${DB}.customers`, "", "", "");
  const grants = await gridRows("Grants");
  check(grants.some((g) => Object.values(g).some((v) => v && v.includes("mask_ccn"))), "grant list lacks mask_ccn: " + JSON.stringify(grants));

  // Members of the role: listed, added (a user and a group) and removed through the REST
  // resource /roles/{role}/members.
  const group = ROLE + "_group";
  const members = page.getByRole("table", { name: `Members of ${ROLE}` });
  const memberRows = async () => (await members.locator("tbody tr").allTextContents()).sort();
  await page.getByLabel("Members of role").selectOption(ROLE);
  await page.getByText("No members yet.").waitFor();
  const addMember = async (kind, name) => {
    await page.getByLabel("Member kind").selectOption(kind);
    await page.getByLabel("User or group").fill(name);
    await page.getByRole("button", { name: "Add member" }).click();
    await runStatement(`GRANT ROLE "${ROLE}" TO ${kind.toUpperCase()} "${name}"`);
    await members.getByRole("cell", { name, exact: true }).waitFor();
  };
  await addMember("user", ANALYST);
  await addMember("group", group);
  const both = JSON.stringify([`group${group}Remove`, `user${ANALYST}Remove`].sort());
  const listed = await settledRows(memberRows, both);
  check(listed === both, "members of the role: " + listed);
  await shot("10-admin-policy");
  await page.getByRole("button", { name: `Remove group ${group} from ${ROLE}` }).click();
  await runStatement(`REVOKE ROLE "${ROLE}" FROM GROUP "${group}"`);
  await members.getByRole("cell", { name: group, exact: true }).waitFor({ state: "detached" });
  // The list re-renders after the removal: read it until it settles (or 10 s pass).
  const remaining = await settledRows(memberRows, JSON.stringify([`user${ANALYST}Remove`]));
  check(remaining === JSON.stringify([`user${ANALYST}Remove`]), "members after removing the group: " + remaining);
  await signOut();

  step("analyst: search and governed preview");
  await signIn(ANALYST, ANALYST_PASSWORD);
  await page.getByLabel("Search datasets").fill("transactions");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const link = page.getByRole("link", { name: `${DB}.transactions` });
  await link.waitFor();
  await shot("11-analyst-search");
  await link.click();
  await page.getByRole("heading", { name: `${DB}.transactions` }).waitFor();
  const preview = await gridRows("Preview");
  check(preview.length >= 5, "preview shows too few rows: " + preview.length);
  for (const row of preview) {
    check(row.currency === CURRENCY, "a row outside the filter: " + JSON.stringify(row));
    check(/^XXXX-XXXX-XXXX-\d{4}$/.test(row.card_number), "card not masked: " + JSON.stringify(row));
    check(expected.masked[row.id] === row.card_number, `row ${row.id}: ${row.card_number} != ${expected.masked[row.id]}`);
  }
  await shot("12-analyst-preview");

  step("analyst: EXPLAIN ACCESS");
  await page.getByLabel("User", { exact: true }).fill(ANALYST);
  await page.getByRole("button", { name: "Explain access" }).click();
  const explained = JSON.stringify(await gridRows("Access explanation"));
  check(explained.includes("mask_ccn") && explained.includes(CURRENCY) && explained.includes(ROLE),
    "EXPLAIN ACCESS lacks the transform, filter or role: " + explained);
  await shot("13-analyst-explain-access");

  step("analyst: join in the SQL workspace, export CSV");
  await page.getByRole("link", { name: "SQL workspace", exact: true }).click();
  const editor = page.getByLabel("SQL editor");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(expected.join_sql);
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Run" }).click();
  const results = await gridRows("Query results");
  check(results.every((r) => /^XXXX-XXXX-XXXX-\d{4}$/.test(r.card_number)), "join shows raw cards");
  const [download] = await Promise.all([page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click()]);
  const csvPath = join(OUT_DIR, "analyst-export.csv");
  await download.saveAs(csvPath);
  const lines = readFileSync(csvPath, "utf8").split("\r\n").filter((l) => l);
  check(lines[0] === "name,card_number,amount", "CSV header: " + lines[0]);
  check(lines.length - 1 === expected.join_rows, `CSV has ${lines.length - 1} rows, expected ${expected.join_rows}`);
  check(lines.slice(1).every((l) => /,XXXX-XXXX-XXXX-\d{4},/.test(l)), "CSV holds raw cards");
  await shot("14-analyst-sql");
  await signOut();

  step("admin: the analyst's query in the audit explorer");
  await signIn("admin", ADMIN_PASSWORD);
  await page.getByRole("link", { name: "Audit", exact: true }).click();
  await page.getByLabel("User", { exact: true }).fill(ANALYST);
  const marker = expected.join_sql.slice(0, 60);
  let found = false;
  for (let attempt = 0; attempt < 30 && !found; attempt++) {
    await page.getByRole("button", { name: "Filter" }).click();
    await page.locator(".state.empty, table.table").first().waitFor();
    found = await page.getByRole("button", { name: marker }).count() > 0;
    if (!found) { await page.waitForTimeout(1000); await page.getByLabel("User", { exact: true }).fill(ANALYST + " "); await page.getByLabel("User", { exact: true }).fill(ANALYST); }
  }
  check(found, "the analyst's join is not in the audit explorer");
  // The dataset filter matches the events' datasets list, not the statement's text.
  await page.getByLabel("Dataset (db.table)").fill(`${DB}.transactions`);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("button", { name: marker }).first().waitFor();
  await page.getByLabel("Dataset (db.table)").fill(`${DB}.trans`);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByText("No events match.").waitFor();
  await page.getByLabel("Dataset (db.table)").fill("");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("button", { name: marker }).first().click();
  await page.getByRole("heading", { name: "Event", exact: true }).waitFor();
  const facts = await page.locator("dl.facts").last().textContent();
  check(facts.includes(`"${ANALYST}"`) && facts.includes("JOIN"), "audit event: " + facts);
  await shot("15-admin-audit");
});
