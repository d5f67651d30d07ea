// The portal in a real browser: Debian's chromium driven by playwright-core against a live
// `warden serve`. Usage: node portal_scenario.mjs (env BASE, ADMIN_PASSWORD, DB, OUT_DIR).
// Writes a screenshot of each page to OUT_DIR and exits non-zero on the first failure.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { openBrowser } from "./browser_session.mjs";

const { BASE, ADMIN_PASSWORD, DB, OUT_DIR } = process.env;
const { page, shot, step, run } = await openBrowser(OUT_DIR);

await run(async () => {
  step("sign in");
  await page.goto(BASE + "/");
  await page.getByLabel("User").fill("admin");
  await page.getByLabel("Password").fill("wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "WARDEN-AUTH-UNAUTHENTICATED" }).waitFor();
  await shot("01-sign-in-error");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Discover data" }).waitFor();
  // The session cookie is HttpOnly: page scripts cannot read it.
  if ((await page.evaluate(() => document.cookie)).includes("warden_session")) throw new Error("session cookie readable by scripts");

  step("search");
  await page.getByLabel("Search datasets").fill("customers");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const link = page.getByRole("link", { name: `${DB}.customers` });
  await link.waitFor();
  await shot("02-home-search");

  step("dataset page");
  await link.click();
  await page.getByRole("heading", { name: `${DB}.customers` }).waitFor();
  await page.getByRole("table", { name: "Preview" }).getByRole("cell").first().waitFor();
  await page.getByRole("img", { name: /Histogram of id/ }).waitFor();
  await shot("03-dataset");

  step("narrow window");
  await page.setViewportSize({ width: 420, height: 800 });
  await shot("03b-dataset-narrow");
  await page.setViewportSize({ width: 1280, height: 800 });

  step("SQL workspace: join, export CSV");
  await page.getByRole("link", { name: "SQL workspace", exact: true }).click();
  const editor = page.getByLabel("SQL editor");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(`SELECT c.name, t.amount FROM ${DB}.customers c JOIN ${DB}.transactions t ON c.id = t.customer_id WHERE c.id < 5`);
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Run" }).click();
  await page.getByRole("table", { name: "Query results" }).getByRole("cell").first().waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click()]);
  const csvPath = join(OUT_DIR, "export.csv");
  await download.saveAs(csvPath);
  const csv = readFileSync(csvPath, "utf8");
  if (!csv.startsWith("name,amount\r\n") || csv.split("\r\n").length < 3) throw new Error("bad CSV export: " + csv.slice(0, 200));
  await shot("04-sql-workspace");

  step("administration");
  await page.getByRole("link", { name: "Administration", exact: true }).click();
  await page.getByLabel("Object (db or db.table)").fill(`${DB}.customers`);
  await page.getByLabel("Row filter (SQL expression)").fill("country = 'US'");
  await page.getByLabel("Transform column or attribute").fill("ssn");
  await page.getByLabel("Function").fill("mask_ccn()");
  await page.getByLabel("To role").fill("analyst");
  const sql = await page.getByLabel("Grant as SQL").textContent();
  if (!sql.includes(`WHERE country = 'US' TRANSFORM "ssn" WITH mask_ccn() TO ROLE "analyst"`)) throw new Error("grant SQL: " + sql);
  await shot("05-admin");

  step("audit explorer");
  await page.getByRole("link", { name: "Audit", exact: true }).click();
  await page.getByRole("heading", { name: "Audit" }).waitFor();
  // Events (a table) or the empty state, once the search has answered.
  await page.locator(".state.empty, table.table").first().waitFor();
  await shot("06-audit");

  step("keyboard: tab reaches the main navigation");
  await page.keyboard.press("Tab");

});
