// How the portal behaves for any person, whatever their role: tokens believed only once the
// server verified them (garbage and forged ones refused in the page's language, with no
// script error), each role opening its own pages with the name the server gave, focus on the
// new content, sign-out that forgets the token, and a server that goes away: the page says so,
// tries again with backoff, and recovers when the server is back.
//
// tests/test_portal.py runs it with the command that starts the demo server (CPMI_SERVE, JSON),
// the page's URL (CPMI_PAGE_URL) and the demo key (CPMI_DEMO_SECRET).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { checkBothWidths } from "./axe.mjs";
import { launch, noScriptErrors, person, signIn } from "./browser.mjs";

const url = process.env.CPMI_PAGE_URL;
const command = JSON.parse(process.env.CPMI_SERVE);
const secret = process.env.CPMI_DEMO_SECRET;

function token(claims, key) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const body = `${part({ alg: "HS256", typ: "JWT" })}.${part({ aud: "cpmi-matcher", exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}`;
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}

let server;
async function startServer() {
  server = spawn(command[0], command.slice(1), { stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the demo server did not start");
}
async function stopServer() {
  const gone = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGKILL");
  await gone;
}

const refusedWords = { "id-ID": /Token tidak dapat dibaca|Tanda tangan token|token/i, en: /token/i };

await startServer();
const browser = await launch();
try {
  // Garbage and forged tokens, in both languages: refused in words, nothing shown from the token.
  for (const language of ["id-ID", "en"]) {
    const page = await person(browser, { language });
    await page.goto(url);
    await page.getByLabel(language === "en" ? "Access token" : "Token akses").fill("not-a-token");
    await page.getByRole("button", { name: language === "en" ? "Sign in" : "Masuk", exact: true }).click();
    const alert = page.locator("#sign-in-problem");
    await alert.waitFor();
    assert.match(await alert.innerText(), refusedWords[language], `${language}: a garbage token is refused in words`);
    if (language === "id-ID") assert.doesNotMatch(await alert.innerText(), /\bThe\b/, "in Indonesian");
    const forged = token({ role: "candidate", sub: "demo-cpmi-1" }, "a key the server does not hold, 32 bytes long");
    await page.getByLabel(language === "en" ? "Access token" : "Token akses").fill(forged);
    await page.getByRole("button", { name: language === "en" ? "Sign in" : "Masuk", exact: true }).click();
    await page.waitForFunction(() => /tanda tangan|signature|token/i.test(document.querySelector("#sign-in-problem")?.textContent ?? ""));
    assert.equal(await page.getByTestId("who").count(), 0, "nobody is shown signed in from a forged token");
    assert.doesNotMatch(await alert.innerText(), /demo-cpmi-1|Rahmat/, "nothing read from a forged token is shown");
    assert.equal(await page.getByRole("button", { name: /^(Keluar|Sign out)$/ }).count(), 0, "not signed in");
    await checkBothWidths(page, `sign-in (${language})`);
    noScriptErrors(page);
    await page.context().close();
  }

  // Each role opens its own pages, named by the server; focus moves to the new content.
  const roles = [
    { claims: { role: "p3mi", sub: "ammana-fintek-syariah" }, who: /AMMANA FINTEK SYARIAH/ },
    { claims: { role: "dinas", sub: "1307" }, who: /Dinas/ },
    { claims: { role: "operator", sub: "ops" }, who: /Operator/ },
    { claims: { role: "candidate", sub: "demo-cpmi-1" }, who: /Rahmat Hidayat/ },
  ];
  for (const role of roles) {
    const page = await person(browser);
    await page.goto(url);
    await signIn(page, { token: token(role.claims, secret) });
    assert.match(await page.getByTestId("who").innerText(), role.who, `${role.claims.role}: the server's name for them`);
    await page.waitForFunction(() => document.activeElement?.matches("main h2, main h3, main [tabindex='-1']"));
    noScriptErrors(page);
    await page.context().close();
  }

  // Sign out forgets the token: a reload stays signed out.
  const page = await person(browser);
  await page.goto(url);
  await signIn(page, { token: token({ role: "candidate", sub: "demo-cpmi-2" }, secret) });
  await page.getByRole("button", { name: /^(Keluar|Sign out)$/ }).click();
  await page.getByLabel("Token akses").waitFor();
  await page.reload();
  await page.getByLabel("Token akses").waitFor();
  assert.equal(await page.getByRole("button", { name: "Keluar" }).count(), 0, "still signed out after a reload");

  // The server goes away: the page says so and backs off; it recovers when the server returns.
  await signIn(page, { token: token({ role: "candidate", sub: "demo-cpmi-2" }, secret) });
  await page.waitForTimeout(1500);
  const tries = [];
  page.on("request", (request) => {
    if (request.url().includes("/cpmi.matching.v1.")) tries.push({ at: Date.now(), path: new URL(request.url()).pathname });
  });
  await stopServer();
  const stoppedAt = Date.now();
  await page.locator("#away").waitFor({ timeout: 20000 });
  assert.match(await page.locator("#away").innerText(), /Server tidak dapat dihubungi/);
  await page.waitForTimeout(9000);
  const during = tries.filter((t) => t.at >= stoppedAt);
  const byPath = Map.groupBy(during, (t) => t.path);
  for (const [path, list] of byPath) {
    const gaps = list.slice(1).map((t, i) => t.at - list[i].at);
    assert.ok(list.length <= 6, `${path}: tried ${list.length} times in ~10 s (backoff, not once a second)`);
    if (gaps.length >= 2) assert.ok(gaps.at(-1) > gaps[0], `${path}: the pauses grow (${gaps.join(", ")} ms)`);
  }
  await startServer();
  await page.locator("#away").waitFor({ state: "detached", timeout: 45000 });
  noScriptErrors(page);
  console.log(`behaviour ok: ${during.length} tries in the ${Math.round((Date.now() - stoppedAt) / 1000)} s away`);
} finally {
  await browser.close();
  server?.kill("SIGTERM");
}
