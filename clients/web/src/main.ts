/**
 * The candidate's page: the vacancies they can apply to now, those they cannot yet with every
 * reason and its legal basis, and the steps that would open the most; kept live by the
 * standing query WatchEligibleVacancies. Built with the TypeScript client (esbuild), served
 * by the Connect door at "/".
 */
import {
  createCpmiClient,
  EligibilityChange_Change,
  type CpmiClient,
  type IneligibilityReason,
  type Vacancy,
} from "../../typescript/src/index.js";

type Language = "id-ID" | "en";

const WORDS = {
  "id-ID": {
    title: "Lowongan untuk Anda",
    language: "Bahasa",
    signIn: "Masuk",
    demoChoose: "Mode demo: pilih calon pekerja",
    token: "Token",
    enter: "Masuk",
    eligible: "Lowongan yang dapat Anda lamar",
    refused: "Lowongan yang belum dapat Anda lamar, dan alasannya",
    remedies: "Langkah yang membuka lowongan",
    who: "Masuk sebagai",
    none: "Belum ada.",
    live: "Diperbarui langsung",
    opened: "Lowongan baru yang sesuai",
    closed: "Tidak lagi sesuai",
    basis: "Dasar hukum",
    operational: "Syarat lowongan atau layanan",
    opens: "membuka",
    vacancies: "lowongan",
    failed: "Tidak dapat memuat",
  },
  en: {
    title: "Vacancies for you",
    language: "Language",
    signIn: "Sign in",
    demoChoose: "Demo mode: choose a candidate",
    token: "Token",
    enter: "Sign in",
    eligible: "Vacancies you can apply to",
    refused: "Vacancies you cannot apply to yet, and why",
    remedies: "Steps that open vacancies",
    who: "Signed in as",
    none: "None yet.",
    live: "Updated live",
    opened: "A new vacancy fits you",
    closed: "No longer fits",
    basis: "Legal basis",
    operational: "A term of the vacancy or the service",
    opens: "opens",
    vacancies: "vacancies",
    failed: "Could not load",
  },
} as const;

type Word = keyof (typeof WORDS)["en"];

let language: Language = "id-ID";
let token = "";
let candidate = "";
let watching: AbortController | undefined;
const fresh = new Set<string>();

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const word = (key: Word) => WORDS[language][key];

function translate(): void {
  document.documentElement.lang = language === "en" ? "en" : "id";
  for (const node of document.querySelectorAll<HTMLElement>("[data-text]")) {
    node.textContent = word(node.dataset.text as Word);
  }
}

function client(): CpmiClient {
  return createCpmiClient({ baseUrl: location.origin, token, language });
}

/** The candidate a token acts as: its subject, or whom a service acts for. */
function candidateOf(jwt: string): string {
  const payload = JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, string>;
  return payload.on_behalf_of ?? payload.sub;
}

function item(text: string, ...children: HTMLElement[]): HTMLLIElement {
  const li = document.createElement("li");
  li.textContent = text;
  li.append(...children);
  return li;
}

function line(className: string, text: string): HTMLDivElement {
  const div = document.createElement("div");
  div.className = className;
  div.textContent = text;
  return div;
}

function describe(vacancy: Vacancy): string {
  const company = vacancy.companyDisplayName || vacancy.company.replace("companies/", "");
  return `${vacancy.title} · ${vacancy.countryCode} · ${company}`;
}

function reasonLines(reason: IneligibilityReason): HTMLElement[] {
  const message = language === "en" ? reason.messageEn : reason.messageId;
  const lines = [line("reason", `${reason.code}: ${message}`)];
  const basis = reason.legalBasis;
  if (basis) {
    const cited = basis.operational ? word("operational") : [basis.instrument, basis.article].filter(Boolean).join(", ");
    lines.push(line("basis", `${word("basis")}: ${cited}`));
  }
  if (reason.remedy) {
    lines.push(line("remedy", `→ ${language === "en" ? reason.remedy.messageEn : reason.remedy.messageId}`));
  }
  return lines;
}

function fill(list: HTMLElement, items: HTMLLIElement[]): void {
  list.replaceChildren(...(items.length ? items : [item(word("none"))]));
}

async function load(): Promise<void> {
  const cpmi = client();
  const name = `candidates/${candidate}`;
  const eligible = await cpmi.eligibility.listEligibleVacancies({ candidate: name, pageSize: 50 });
  const open = new Set(eligible.vacancies.map((v) => v.name));
  fill(
    element("eligible"),
    eligible.vacancies.map((v) => {
      const li = item(describe(v));
      li.dataset.vacancy = v.name;
      if (fresh.has(v.name)) li.className = "new";
      return li;
    }),
  );
  const all = await cpmi.vacancies.listVacancies({ pageSize: 50 });
  const refused: HTMLLIElement[] = [];
  for (const vacancy of all.vacancies.filter((v) => !open.has(v.name)).slice(0, 12)) {
    const decision = await cpmi.eligibility.checkEligibility({ candidate: name, vacancy: vacancy.name });
    if (!decision.eligible) refused.push(item(describe(vacancy), ...decision.reasons.flatMap(reasonLines)));
  }
  fill(element("refused"), refused);
  const remedies = await cpmi.eligibility.listRemedies({ candidate: name });
  fill(
    element("remedies"),
    remedies.remedies.map((option) => {
      const remedy = option.remedy;
      const text = remedy ? (language === "en" ? remedy.messageEn : remedy.messageId) : "";
      return item(`${text} (${word("opens")} ${option.vacanciesOpened} ${word("vacancies")})`);
    }),
  );
}

async function watch(): Promise<void> {
  watching?.abort();
  const controller = new AbortController();
  watching = controller;
  const cpmi = client();
  try {
    const changes = cpmi.eligibility.watchEligibleVacancies(
      { candidate: `candidates/${candidate}` },
      { signal: controller.signal },
    );
    for await (const change of changes) {
      const opened = change.change === EligibilityChange_Change.BECAME_ELIGIBLE;
      if (opened) fresh.add(change.vacancy);
      element("live").textContent = `${word("live")}: ${word(opened ? "opened" : "closed")} (${change.vacancy})`;
      await load();
    }
  } catch (error) {
    if (!controller.signal.aborted) setTimeout(() => void watch(), 1000); // reconnect
  }
}

async function signIn(jwt: string): Promise<void> {
  token = jwt;
  candidate = candidateOf(jwt);
  element("sign-in").hidden = true;
  element("board").hidden = false;
  element("who").textContent = `${word("who")} candidates/${candidate}`;
  try {
    await load();
  } catch (error) {
    element("live").textContent = `${word("failed")}: ${String(error)}`;
  }
  void watch();
}

async function demoIdentities(): Promise<void> {
  const answer = await fetch("/demo-identities.json");
  if (!answer.ok) return; // not a demo: the page takes a token
  const identities = (await answer.json()) as { label: string; token: string }[];
  element("demo").hidden = false;
  element("identities").replaceChildren(
    ...identities.map((identity) => {
      const button = document.createElement("button");
      button.className = "identity";
      button.textContent = identity.label;
      button.onclick = () => void signIn(identity.token);
      return button;
    }),
  );
}

element<HTMLSelectElement>("language").onchange = (event) => {
  language = (event.target as HTMLSelectElement).value as Language;
  translate();
  if (token) void signIn(token);
};
element<HTMLFormElement>("token-form").onsubmit = (event) => {
  event.preventDefault();
  void signIn(element<HTMLInputElement>("token").value.trim());
};
translate();
void demoIdentities();
