/**
 * Lowongan luar negeri: search, the vacancies she can apply to, and those she cannot yet. The
 * steps that open vacancies (ListRemedies) and the reasons every vacancy shares are shown once,
 * grouped; each card tells only what is particular to it. "Lamar" applies; a refusal is shown
 * on the card like the guide's notification, in the server's words.
 */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  RegistrationStatus,
  type EligibilityDecision,
  type IneligibilityReason,
  type ListRemediesResponse,
  type Vacancy,
} from "../../../typescript/src/index.js";
import { countryName, dateText, salaryText } from "../format.js";
import { counted, localized, useLanguage, useWords, type Language, type Words } from "../i18n.js";
import { useQuery } from "../live.js";
import { announce, FocusHeading, Notice, ProblemNotice, requestId, TextField, useAction } from "../ui.js";
import { active, useCandidate } from "./data.js";
import { ActionLink, applicationTone } from "./widgets.js";
import { applicationStatusWords, employerWords } from "./words.js";

const WORDS: Words<
  | "title"
  | "lead"
  | "search"
  | "searchHint"
  | "find"
  | "clear"
  | "loading"
  | "canApply"
  | "cannotApply"
  | "countMany"
  | "countOne"
  | "noneFit"
  | "noneListed"
  | "steps"
  | "stepsLead"
  | "opens"
  | "opensOne"
  | "common"
  | "commonLead"
  | "particular"
  | "country"
  | "city"
  | "salary"
  | "openings"
  | "male"
  | "female"
  | "either"
  | "closing"
  | "employer"
  | "oneChannel"
  | "jobOrder"
  | "apply"
  | "applying"
  | "applied"
  | "appliedLead"
  | "seeApplications"
  | "refusedTitle"
  | "basis"
  | "operational"
  | "registerFirst"
  | "registerFirstLead"
  | "register"
  | "onlyCommon"
  | "resultsFor"
  | "appliedTo"
  | "appliedSection"
> = {
  "id-ID": {
    title: "Lowongan luar negeri",
    lead: "Pilih lowongan yang sesuai dengan sertifikat kompetensi kamu.",
    search: "Cari lowongan",
    searchHint: "Jabatan, perusahaan atau kata lain, misalnya: house worker",
    find: "Cari",
    clear: "Tampilkan semua",
    loading: "Memuat lowongan…",
    canApply: "Lowongan yang bisa kamu lamar",
    cannotApply: "Lowongan yang belum bisa kamu lamar",
    countMany: "{n} lowongan",
    countOne: "{n} lowongan",
    noneFit: "Belum ada lowongan yang bisa kamu lamar saat ini.",
    noneListed: "Tidak ada lowongan lain yang cocok dengan pencarian.",
    steps: "Langkah yang membuka lebih banyak lowongan",
    stepsLead: "Lakukan langkah ini agar bisa melamar lowongan di bawah:",
    opens: "membuka {n} lowongan",
    opensOne: "membuka {n} lowongan",
    common: "Alasan yang berlaku untuk semua lowongan di bawah",
    commonLead: "Setiap lowongan di bawah belum bisa kamu lamar karena:",
    particular: "Alasan khusus lowongan ini:",
    country: "Negara",
    city: "Kota",
    salary: "Gaji",
    openings: "Kuota",
    male: "{n} laki-laki",
    female: "{n} perempuan",
    either: "{n} laki-laki atau perempuan",
    closing: "Ditutup",
    employer: "Pengguna",
    oneChannel: "Sistem Penempatan Satu Kanal (SPSK)",
    jobOrder: "Nomor job order",
    apply: "Lamar",
    applying: "Mengirim lamaran…",
    applied: "Lamaran terkirim.",
    appliedLead: "Status lamaran kamu dapat dilihat di Lamaranku.",
    seeApplications: "Lihat Lamaranku",
    refusedTitle: "Kamu tidak cocok dengan lowongan ini dan belum bisa melamar",
    basis: "Dasar hukum",
    operational: "Syarat lowongan",
    registerFirst: "Daftar sebagai CPMI dulu",
    registerFirstLead: "Lowongan luar negeri hanya dapat dilamar oleh CPMI yang pendaftarannya sudah diverifikasi Dinas.",
    register: "Daftar sebagai CPMI",
    onlyCommon: "Tidak ada alasan lain.",
    resultsFor: "Hasil pencarian untuk “{q}”",
    appliedTo: "Lamaran terkirim: {v}.",
    appliedSection: "Lowongan yang sudah kamu lamar",
  },
  en: {
    title: "Overseas vacancies",
    lead: "Choose a vacancy that fits your competency certificate.",
    search: "Search vacancies",
    searchHint: "Job, company or other words, e.g. house worker",
    find: "Search",
    clear: "Show all",
    loading: "Loading vacancies…",
    canApply: "Vacancies you can apply to",
    cannotApply: "Vacancies you cannot apply to yet",
    countMany: "{n} vacancies",
    countOne: "{n} vacancy",
    noneFit: "There is no vacancy you can apply to right now.",
    noneListed: "No other vacancy matches the search.",
    steps: "Steps that open more vacancies",
    stepsLead: "Take these steps to be able to apply to the vacancies below:",
    opens: "opens {n} vacancies",
    opensOne: "opens {n} vacancy",
    common: "Reasons that apply to every vacancy below",
    commonLead: "You cannot apply to any vacancy below yet because:",
    particular: "Particular to this vacancy:",
    country: "Country",
    city: "City",
    salary: "Salary",
    openings: "Openings",
    male: "{n} men",
    female: "{n} women",
    either: "{n} men or women",
    closing: "Closes",
    employer: "Employer",
    oneChannel: "One-channel placement system (SPSK)",
    jobOrder: "Job order number",
    apply: "Apply",
    applying: "Sending the application…",
    applied: "Application sent.",
    appliedLead: "You can follow it in My applications.",
    seeApplications: "Open My applications",
    refusedTitle: "You do not match this vacancy and cannot apply yet",
    basis: "Legal basis",
    operational: "The vacancy's own terms",
    registerFirst: "Register as a CPMI first",
    registerFirstLead: "Only a CPMI whose registration the Dinas has verified can apply to overseas vacancies.",
    register: "Register as a CPMI",
    onlyCommon: "No other reason.",
    resultsFor: "Search results for “{q}”",
    appliedTo: "Application sent: {v}.",
    appliedSection: "Vacancies you have applied to",
  },
};

interface Listing {
  canApply: Vacancy[];
  cannot: { vacancy: Vacancy; decision: EligibilityDecision }[];
  remedies: ListRemediesResponse;
}

/** The key two reasons share when they say the same thing. */
function reasonKey(reason: IneligibilityReason, language: Language): string {
  return `${reason.code}|${localized(language, reason)}`;
}

export function VacanciesPage(): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const { cpmi, resource, eligibilityTurn, registration, profile, applications } = useCandidate();
  const [typed, setTyped] = useState("");
  const [justApplied, setJustApplied] = useState<Vacancy | undefined>();
  const [query, setQuery] = useState("");

  const listing = useQuery<Listing>(async () => {
    const [listed, eligible, remedies] = await Promise.all([
      cpmi.vacancies.listVacancies({ query, pageSize: 100 }),
      cpmi.eligibility.listEligibleVacancies({ candidate: resource, pageSize: 500 }),
      cpmi.eligibility.listRemedies({ candidate: resource }),
    ]);
    const fits = new Set(eligible.vacancies.map((v) => v.name));
    const others = listed.vacancies.filter((v) => !fits.has(v.name));
    const checked = others.length
      ? await cpmi.eligibility.batchCheckEligibility({ requests: others.map((v) => ({ candidate: resource, vacancy: v.name })) })
      : { decisions: [] as EligibilityDecision[] };
    const canApply = query ? listed.vacancies.filter((v) => fits.has(v.name)) : [...eligible.vacancies];
    const cannot: Listing["cannot"] = [];
    others.forEach((vacancy, i) => {
      const decision = checked.decisions[i];
      if (!decision || decision.eligible) canApply.push(vacancy);
      else cannot.push({ vacancy, decision });
    });
    return { canApply, cannot, remedies };
  }, [resource, query, eligibilityTurn]);

  // The vacancies she has an application under way for stand apart (they are not refused).
  const mine = new Set(applications.filter(active).map((a) => a.vacancy));
  const all = listing.data;
  const data = all && {
    ...all,
    canApply: all.canApply.filter((v) => !mine.has(v.name)),
    cannot: all.cannot.filter((c) => !mine.has(c.vacancy.name)),
    applied: [...all.canApply, ...all.cannot.map((c) => c.vacancy)].filter((v) => mine.has(v.name)),
  };
  const count = (n: number) => counted(n, words.countMany, words.countOne);
  const status = registration.data?.status;
  const unregistered = registration.data === null || status === RegistrationStatus.DRAFT;

  // Reasons every refused vacancy shares: said once, above the cards.
  const common = new Map<string, IneligibilityReason>();
  if (data && data.cannot.length > 1) {
    const [first, ...rest] = data.cannot;
    for (const reason of first.decision.reasons) {
      const key = reasonKey(reason, language);
      if (rest.every((c) => c.decision.reasons.some((r) => reasonKey(r, language) === key))) common.set(key, reason);
    }
  }
  const steps = (data?.remedies.remedies ?? []).filter((r) => r.remedy);
  const stepTexts = new Set(steps.map((s) => (s.remedy ? localized(language, s.remedy) : "")));
  // A remedy said once above (a step, or beside a shared reason) is not said again on a card.
  const saidAbove = new Set([...stepTexts, ...[...common.values()].map((r) => (r.remedy ? localized(language, r.remedy) : ""))]);

  return (
    <section aria-labelledby="vacancies-title">
      <FocusHeading id="vacancies-title">{words.title}</FocusHeading>
      <p>{words.lead}</p>
      <form
        class="search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(typed.trim());
        }}
      >
        <TextField label={words.search} hint={words.searchHint} type="search" value={typed} onInput={setTyped} name="q" />
        <div class="actions">
          <button type="submit">{words.find}</button>
          {query && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setTyped("");
                setQuery("");
              }}
            >
              {words.clear}
            </button>
          )}
        </div>
      </form>
      {query && <p class="meta">{words.resultsFor.replace("{q}", query)}</p>}

      {unregistered && (
        <div class="next-step" aria-labelledby="register-first">
          <h3 id="register-first">{words.registerFirst}</h3>
          <p>{words.registerFirstLead}</p>
          <ActionLink to={profile.data ? "/pendaftaran" : "/pencari-kerja"}>{words.register}</ActionLink>
        </div>
      )}

      <ProblemNotice problem={listing.problem && !listing.problem.away ? listing.problem : undefined} />
      {justApplied && (
        <Notice kind="success" id="applied-notice">
          <p>
            <strong>{words.appliedTo.replace("{v}", justApplied.title)}</strong> {words.appliedLead} <a href="#/lamaranku">{words.seeApplications}</a>
          </p>
        </Notice>
      )}
      {!data ? (
        <p role="status">{words.loading}</p>
      ) : (
        <>
          {data.applied.length > 0 && (
            <section aria-labelledby="applied-title" id="sudah-dilamar">
              <h3 id="applied-title">
                {words.appliedSection} <span class="count">({count(data.applied.length)})</span>
              </h3>
              <ul class="cards">
                {data.applied.map((vacancy) => {
                  // The vacancy that placed her shows the placement, not a refusal.
                  const placed = all?.cannot.find((c) => c.vacancy.name === vacancy.name)?.decision.placement;
                  return (
                    <li key={vacancy.name}>
                      <VacancyCard vacancy={vacancy} fits>
                        {placed ? (
                          <p class="placement" data-testid="placement">
                            {localized(language, placed)}
                          </p>
                        ) : null}
                      </VacancyCard>
                    </li>
                  );
                })}
              </ul>
            </section>
          )}
          <section aria-labelledby="can-apply-title" id="bisa-dilamar">
            <h3 id="can-apply-title">
              {words.canApply} <span class="count">({count(data.canApply.length)})</span>
            </h3>
            {data.canApply.length === 0 ? (
              <p>{words.noneFit}</p>
            ) : (
              <ul class="cards">
                {data.canApply.map((vacancy) => (
                  <li key={vacancy.name}>
                    <VacancyCard vacancy={vacancy} fits onApplied={setJustApplied} />
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="cannot-apply-title" id="belum-bisa">
            <h3 id="cannot-apply-title">
              {words.cannotApply} <span class="count">({count(data.cannot.length)})</span>
            </h3>
            {data.cannot.length === 0 && <p>{words.noneListed}</p>}
            {steps.length > 0 && data.cannot.length > 0 && (
              <div class="card steps" aria-labelledby="steps-title">
                <h4 id="steps-title">{words.steps}</h4>
                <p>{words.stepsLead}</p>
                <ol>
                  {steps.map((step, i) => (
                    <li key={i}>
                      {step.remedy && localized(language, step.remedy)}
                      {step.vacanciesOpened > 0 && (
                        <span class="meta"> ({counted(step.vacanciesOpened, words.opens, words.opensOne)})</span>
                      )}
                    </li>
                  ))}
                </ol>
              </div>
            )}
            {common.size > 0 && (
              <div class="card common-reasons" aria-labelledby="common-title">
                <h4 id="common-title">{words.common}</h4>
                <p>{words.commonLead}</p>
                <Reasons reasons={[...common.values()]} skipRemedies={stepTexts} />
              </div>
            )}
            <ul class="cards">
              {data.cannot.map(({ vacancy, decision }) => (
                <li key={vacancy.name}>
                  <VacancyCard vacancy={vacancy} fits={false} onApplied={setJustApplied}>
                    <Particular reasons={decision.reasons.filter((r) => !common.has(reasonKey(r, language)))} skipRemedies={saidAbove} hadCommon={common.size > 0} />
                  </VacancyCard>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}

function Particular(props: { reasons: IneligibilityReason[]; skipRemedies: Set<string>; hadCommon: boolean }): JSX.Element | null {
  const words = useWords(WORDS);
  if (!props.reasons.length) return props.hadCommon ? <p class="meta">{words.onlyCommon}</p> : null;
  return (
    <div class="particular">
      {props.hadCommon && <p class="meta">{words.particular}</p>}
      <Reasons reasons={props.reasons} skipRemedies={props.skipRemedies} />
    </div>
  );
}

/** Reasons in the server's words, each with its remedy (unless listed among the steps) and its basis. */
function Reasons(props: { reasons: IneligibilityReason[]; skipRemedies: Set<string> }): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const said = new Set(props.skipRemedies);
  return (
    <ul class="reasons">
      {props.reasons.map((reason, i) => {
        const text = localized(language, reason);
        let remedy = reason.remedy ? localized(language, reason.remedy) : "";
        if (said.has(remedy)) remedy = "";
        else said.add(remedy);
        const basis = reason.legalBasis;
        const basisText = basis
          ? basis.operational
            ? [words.operational, basis.note].filter(Boolean).join(": ")
            : [basis.article, basis.instrument].filter(Boolean).join(" ")
          : "";
        return (
          <li key={i} class="reason">
            <span class="reason-text">{text}</span>
            {remedy && remedy !== text && <span class="remedy">{remedy}</span>}
            {basisText && (
              <details class="basis">
                <summary>{words.basis}</summary>
                <p>{basisText}</p>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function openingsText(vacancy: Vacancy, words: Record<"male" | "female" | "either", string>): string {
  const o = vacancy.openings;
  const f = vacancy.filled;
  const left = (total: number | undefined, taken: number | undefined) => Math.max(0, (total ?? 0) - (taken ?? 0));
  const parts: string[] = [];
  const male = left(o?.male, f?.male);
  const female = left(o?.female, f?.female);
  const either = left(o?.either, f?.either);
  if (male) parts.push(words.male.replace("{n}", male.toLocaleString("id-ID")));
  if (female) parts.push(words.female.replace("{n}", female.toLocaleString("id-ID")));
  if (either) parts.push(words.either.replace("{n}", either.toLocaleString("id-ID")));
  return parts.join(", ") || "0";
}

function VacancyCard(props: { vacancy: Vacancy; fits: boolean; children?: JSX.Element | null; onApplied?: (vacancy: Vacancy) => void }): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const employer = employerWords[useLanguage()];
  const appWords = applicationStatusWords[useLanguage()];
  const { cpmi, resource, applications, putApplication, refresh } = useCandidate();
  const v = props.vacancy;
  const id = `vacancy-${v.name.replace(/[^A-Za-z0-9]/g, "-")}`;
  const apply = useAction(async () => {
    const application = await cpmi.applications.apply({ candidate: resource, vacancy: v.name, requestId: requestId() });
    putApplication(application);
    props.onApplied?.(v);
    announce(`${words.appliedTo.replace("{v}", v.title)} ${words.appliedLead}`);
    refresh();
    return application;
  });
  // A refusal's reasons in the page's language, with their remedies: the decision itself.
  const [why, setWhy] = useState<IneligibilityReason[] | undefined>();
  useEffect(() => {
    setWhy(undefined);
    if (!apply.problem?.conditions.length) return;
    let stopped = false;
    cpmi.eligibility
      .checkEligibility({ candidate: resource, vacancy: v.name })
      .then((decision) => !stopped && !decision.eligible && setWhy(decision.reasons))
      .catch(() => undefined);
    return () => {
      stopped = true;
    };
  }, [apply.problem, language]);
  const mine = applications.find((a) => a.vacancy === v.name && active(a));
  // Only a salary the company gave (an empty range is not "0").
  const salary = v.salaryMin?.currencyCode || v.salaryMax?.currencyCode ? salaryText(v.salaryMin, v.salaryMax, language) : "";
  const place = [countryName(v.countryCode, language), v.city].filter(Boolean).join(" · ");
  return (
    <article class={`card vacancy${props.fits ? " fits" : ""}`} aria-labelledby={`${id}-title ${id}-where`} data-vacancy={v.name}>
      <h4 id={`${id}-title`} class="vacancy-title">
        {v.title}
      </h4>
      <p class="meta" id={`${id}-where`}>
        {v.companyDisplayName} · {place}
      </p>
      <dl class="facts">
        {salary && (
          <>
            <dt>{words.salary}</dt>
            <dd>{salary}</dd>
          </>
        )}
        <dt>{words.openings}</dt>
        <dd>{openingsText(v, words)}</dd>
        <dt>{words.closing}</dt>
        <dd>{dateText(v.closingDate, language)}</dd>
        {v.employerType ? (
          <>
            <dt>{words.employer}</dt>
            <dd>{employer[v.employerType]}</dd>
          </>
        ) : null}
        {v.jobOrderReference && (
          <>
            <dt>{words.jobOrder}</dt>
            <dd class="code">{v.jobOrderReference}</dd>
          </>
        )}
      </dl>
      {v.oneChannel && <p class="tag">{words.oneChannel}</p>}
      {v.description && <p>{v.description}</p>}
      {props.children}
      {mine ? (
        <p>
          <span class={applicationTone(mine.status)}>{appWords[mine.status]}</span> <a href="#/lamaranku">{words.seeApplications}</a>
        </p>
      ) : (
        <div class="actions">
          <button type="button" disabled={apply.busy} onClick={() => void apply.run()} aria-describedby={`${id}-title`}>
            {words.apply}
          </button>
        </div>
      )}
      {apply.busy && <p role="status">{words.applying}</p>}
      {apply.problem && (
        <div class="refusal" data-testid="refusal">
          <p class="refusal-title">
            <strong>{words.refusedTitle}</strong>
          </p>
          {why ? (
            <Notice kind="error">
              <p>{apply.problem.message}</p>
              <Reasons reasons={why} skipRemedies={new Set()} />
            </Notice>
          ) : (
            <ProblemNotice problem={apply.problem} />
          )}
        </div>
      )}
    </article>
  );
}
