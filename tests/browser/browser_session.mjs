// One headless Chromium session for a browser scenario: Debian's chromium driven by
// playwright-core (never a downloaded browser) with a fresh profile, console errors collected,
// screenshots into `outDir`. A Content Security Policy violation fails the scenario. On
// failure it saves a "failure" screenshot, prints the error and the browser's console
// errors, and sets a non-zero exit code; the profile is always removed.
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(new URL("../../web/package.json", import.meta.url));
const { chromium } = require("playwright-core");

// Opens the browser; `run(scenario)` runs the scenario and closes it.
export async function openBrowser(outDir) {
  const profile = mkdtempSync(join(tmpdir(), "warden-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(20000);
  const problems = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const at = m.location();
    problems.push(m.text() + (at && at.url ? ` (at ${at.url}:${at.lineNumber}:${at.columnNumber})` : ""));
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  const shot = (name) => page.screenshot({ path: join(outDir, name + ".png"), fullPage: true });
  const step = (name) => console.log("step: " + name);
  const run = async (scenario) => {
    try {
      await scenario();
      // Any CSP violation (a blocked script, <style> element or style attribute) fails the
      // scenario: the portal must work under its strict policy, not merely look right.
      const csp = problems.filter((p) => /Content Security Policy/i.test(p));
      if (csp.length) throw new Error("CSP violations:\n" + csp.join("\n"));
      console.log("ok");
    } catch (error) {
      await shot("failure").catch(() => {});
      console.error(String(error && error.stack || error));
      console.error("browser console errors:\n" + problems.join("\n"));
      process.exitCode = 1;
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  };
  return { page, problems, shot, step, run };
}
