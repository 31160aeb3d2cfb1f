// Screenshots of the portal for a person to look at: `node clients/web/test/shoot.mjs URL OUT_PREFIX [role-button-text]`.
// Signs in with the demo identity whose button text matches (if given) and saves OUT_PREFIX-390.png
// and OUT_PREFIX-1280.png (full page). For trying pages by hand; the tests use drive.mjs.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../typescript/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const [url, out, who, hash] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CPMI_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
try {
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(url);
    if (who) {
      await page.getByRole("button", { name: new RegExp(who, "i") }).first().click();
      await page.waitForTimeout(1500);
    }
    if (hash) {
      await page.evaluate((h) => (location.hash = h), hash);
      await page.waitForTimeout(1500);
    }
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > width) console.error(`horizontal scroll at ${width}px: ${wide}px wide`);
    await page.screenshot({ path: `${out}-${width}.png`, fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
}
