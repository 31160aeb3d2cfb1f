// Accessibility check of the page as it stands (axe-core from clients/web/node_modules), and the
// phone-width check, and (checkBothWidths) the words-only check: throws on any serious or critical violation, or on a page wider than its
// viewport (a horizontal scroll). Used by every role's steps in the browser tests.
import { createRequire } from "node:module";
import { wordsOnly } from "./browser.mjs";

const require = createRequire(new URL("../package.json", import.meta.url));
const AXE = require.resolve("axe-core/axe.min.js");

export async function checkAxe(page, where) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const found = await axe.run(document, { resultTypes: ["violations"] });
    return found.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  if (result.length) throw new Error(`axe at ${where}:\n${result.join("\n")}`);
  const width = page.viewportSize().width;
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > width) throw new Error(`horizontal scroll at ${where}: ${wide}px wide in a ${width}px viewport`);
}

/** checkAxe at 360 px and at 1280 px wide, then back to the width the page had; and the page
 * shows words, not codes, ids or placeholders. */
export async function checkBothWidths(page, where) {
  await wordsOnly(page, where);
  const before = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: before.height });
    await page.waitForTimeout(100);
    await checkAxe(page, `${where} (${width}px)`);
  }
  await page.setViewportSize(before);
}
