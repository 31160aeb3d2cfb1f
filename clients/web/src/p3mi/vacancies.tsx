/**
 * Lowongan: the company's vacancies; post one (CreateVacancy), change it (UpdateVacancy with
 * the fields changed as its update_mask and the etag last read), close it (CloseVacancy).
 * The occupation is suggested from the title as it is typed (SuggestOccupations); a country
 * and a currency are chosen by name. A refusal is shown at its field (BadRequest).
 */
import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  ApplicationStatus,
  EmployerType,
  VacancyState,
  type CpmiClient,
  type OccupationSuggestion,
  type Vacancy,
} from "../../../typescript/src/index.js";
import { counted, useLanguage, useWords, type Language } from "../i18n.js";
import { useQuery } from "../live.js";
import { countryName, dateText, fromDate, idOf, salaryText, toDate } from "../format.js";
import { go } from "../route.js";
import { useSigned } from "../session.js";
import { announce, CheckField, Field, FocusHeading, Notice, ProblemNotice, requestId, SelectField, TextField, useAction } from "../ui.js";
import { countryChoices, currencyChoices, employerName, SECTORS, sectorName } from "./choices.js";
import { localizedFields } from "./fields.js";
import { useLive } from "./live.js";
import { FORM_WORDS, VACANCY_WORDS } from "./words.js";

/** A message shown once on the list after a change made on another page of the portal. */
let flash: string | undefined;

export function vacancyName(company: string, vacancyId: string): string {
  return `${company}/vacancies/${vacancyId}`;
}

export function openingsText(vacancy: Vacancy, words: Record<"male" | "female" | "either" | "filled", string>): string {
  const open = vacancy.openings;
  const filled = vacancy.filled;
  const part = (label: string, n = 0, taken = 0) =>
    n ? `${label} ${n.toLocaleString("id-ID")}${taken ? ` (${words.filled.replace("{n}", taken.toLocaleString("id-ID"))})` : ""}` : "";
  return [part(words.male, open?.male, filled?.male), part(words.female, open?.female, filled?.female), part(words.either, open?.either, filled?.either)]
    .filter(Boolean)
    .join(" · ");
}

/** The salary range, or "" when none is given (a range without a currency is no salary). */
export function salaryOf(vacancy: Vacancy, language: Language): string {
  const low = vacancy.salaryMin?.currencyCode ? vacancy.salaryMin : undefined;
  const high = vacancy.salaryMax?.currencyCode ? vacancy.salaryMax : undefined;
  if (!low && !high) return "";
  return salaryText(low, high, language);
}

export function ageText(vacancy: Vacancy, words: Record<"anyAge" | "ageRange" | "ageFrom" | "ageTo", string>): string {
  const { minAge, maxAge } = vacancy;
  if (minAge && maxAge) return words.ageRange.replace("{min}", String(minAge)).replace("{max}", String(maxAge));
  if (minAge) return words.ageFrom.replace("{min}", String(minAge));
  if (maxAge) return words.ageTo.replace("{max}", String(maxAge));
  return words.anyAge;
}

/** The vacancy named by the route, read once (and again when `keys` change). */
export function useVacancy(vacancyId: string, keys: unknown[] = []) {
  const { session, cpmi } = useSigned();
  return useQuery(() => cpmi.vacancies.getVacancy({ name: vacancyName(session.resource, vacancyId) }), [vacancyId, ...keys]);
}

// ---- the list -------------------------------------------------------------------------

export function VacancyList(): JSX.Element {
  const words = useWords(VACANCY_WORDS);
  const { session, cpmi } = useSigned();
  const live = useLive();
  const [closed, setClosed] = useState(false);
  const [pages, setPages] = useState<string[]>([""]);
  const [turn, setTurn] = useState(0);
  const [told] = useState(() => {
    const said = flash;
    flash = undefined;
    return said;
  });
  const list = useQuery(async () => {
    const all: Vacancy[] = [];
    let next = "";
    for (const token of pages) {
      const reply = await cpmi.vacancies.listVacancies({ company: session.resource, includeClosed: closed, pageSize: 50, pageToken: token });
      all.push(...reply.vacancies);
      next = reply.nextPageToken;
    }
    return { vacancies: all, next };
  }, [closed, pages.length, turn]);
  const applications = useQuery(() => cpmi.applications.listApplications({ parent: session.resource, pageSize: 500 }), [live.tick, turn]);
  const counts = useMemo(() => {
    const per = new Map<string, { all: number; fresh: number }>();
    for (const application of applications.data?.applications ?? []) {
      const key = idOf(application.vacancy);
      const count = per.get(key) ?? { all: 0, fresh: 0 };
      count.all += 1;
      if (application.status === ApplicationStatus.SENT) count.fresh += 1;
      per.set(key, count);
    }
    return per;
  }, [applications.data]);

  const vacancies = list.data?.vacancies ?? [];
  return (
    <section aria-labelledby="vacancies-title">
      <FocusHeading id="vacancies-title">{words.title}</FocusHeading>
      <p class="meta">{words.lead.replace("{company}", session.displayName)}</p>
      {told && <Notice kind="success">{told}</Notice>}
      <div class="actions">
        <a class="button" href="#/lowongan/baru">
          {words.postNew}
        </a>
      </div>
      <CheckField label={words.showClosed} checked={closed} onChange={(on) => (setClosed(on), setPages([""]))} name="include-closed" />
      <ProblemNotice problem={list.problem} />
      {list.loading && !list.data && <p role="status">{words.loading}</p>}
      {list.data && vacancies.length === 0 && <p>{words.none}</p>}
      <ul class="cards" aria-label={words.title}>
        {vacancies.map((vacancy) => (
          <li key={vacancy.name}>
            <VacancyCard vacancy={vacancy} count={counts.get(idOf(vacancy.name))} cpmi={cpmi} onChanged={() => setTurn((n) => n + 1)} />
          </li>
        ))}
      </ul>
      {list.data?.next && (
        <button type="button" class="secondary" onClick={() => setPages([...pages, list.data?.next ?? ""])}>
          {words.more}
        </button>
      )}
    </section>
  );
}

function VacancyCard(props: { vacancy: Vacancy; count?: { all: number; fresh: number }; cpmi: CpmiClient; onChanged: () => void }): JSX.Element {
  const words = useWords(VACANCY_WORDS);
  const language = useLanguage();
  const v = props.vacancy;
  const id = idOf(v.name);
  const open = v.state === VacancyState.OPEN;
  const [confirming, setConfirming] = useState(false);
  const closing = useAction(async () => {
    await props.cpmi.vacancies.closeVacancy({ name: v.name, etag: v.etag, requestId: requestId() });
    announce(words.closedNow.replace("{title}", v.title));
    setConfirming(false);
    props.onChanged();
  });
  const headingId = `vacancy-${id}`;
  const place = [countryName(v.countryCode, language), v.city].filter(Boolean).join(" · ");
  const salary = salaryOf(v, language);
  const count = props.count ?? { all: 0, fresh: 0 };
  return (
    <article class="card vacancy" aria-labelledby={headingId} data-vacancy={id}>
      <div class="card-head">
        <h3 id={headingId}>{v.title}</h3>
        <span class={`status ${open ? "status-ok" : "status-bad"}`}>{open ? words.open : words.closed}</span>
      </div>
      <p class="meta">{place}</p>
      <dl class="facts">
        <dt>{words.openings}</dt>
        <dd>{openingsText(v, words)}</dd>
        {salary && (
          <>
            <dt>{words.salary}</dt>
            <dd>{salary}</dd>
          </>
        )}
        <dt>{words.age}</dt>
        <dd>{ageText(v, words)}</dd>
        <dt>{words.closes}</dt>
        <dd>{dateText(v.closingDate, language)}</dd>
        <dt>{words.applicantsCount}</dt>
        <dd>
          {counted(count.all, words.applicantsMany, words.applicantsOne)}
          {count.fresh > 0 && <span class="status status-wait fresh">{counted(count.fresh, words.freshMany, words.freshOne)}</span>}
        </dd>
      </dl>
      <details class="more">
        <summary>{words.details}</summary>
        <dl class="facts">
        <dt>{words.employer}</dt>
        <dd>{employerName(v.employerType, language)}</dd>
        {sectorName(v.sector, language) && (
          <>
            <dt>{words.sector}</dt>
            <dd>{sectorName(v.sector, language)}</dd>
          </>
        )}
        <dt>{words.posted}</dt>
        <dd>{dateText(v.postedDate, language)}</dd>
        {v.jobOrderReference && (
          <>
            <dt>{words.jobOrder}</dt>
            <dd class="code">{v.jobOrderReference}</dd>
          </>
        )}
        {v.oneChannel && (
          <>
            <dt>{words.channel}</dt>
            <dd>{words.oneChannel}</dd>
          </>
        )}
          {v.description && (
            <>
              <dt>{words.description}</dt>
              <dd class="description">{v.description}</dd>
            </>
          )}
        </dl>
      </details>
      <div class="actions">
        <a class="button" href={`#/lowongan/${id}/pelamar`} aria-label={`${words.applicants}: ${v.title}`}>
          {words.applicants}
        </a>
        <a class="button secondary" href={`#/lowongan/${id}/kandidat`} aria-label={`${words.eligible}: ${v.title}`}>
          {words.eligible}
        </a>
        {open && (
          <a class="button secondary" href={`#/lowongan/${id}/ubah`} aria-label={`${words.edit}: ${v.title}`}>
            {words.edit}
          </a>
        )}
        {open && !confirming && (
          <button type="button" class="danger" onClick={() => setConfirming(true)} aria-label={`${words.close}: ${v.title}`}>
            {words.close}
          </button>
        )}
      </div>
      {confirming && (
        <div class="confirm" role="group" aria-label={words.closeConfirm.replace("{title}", v.title)}>
          <p>{words.closeConfirm.replace("{title}", v.title)}</p>
          <div class="actions">
            <button type="button" class="danger" disabled={closing.busy} onClick={() => void closing.run()}>
              {words.closeYes}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {words.cancel}
            </button>
          </div>
        </div>
      )}
      <ProblemNotice problem={closing.problem} />
    </article>
  );
}

// ---- the form -------------------------------------------------------------------------

interface Draft {
  title: string;
  occupationCode: string;
  countryCode: string;
  city: string;
  employerType: EmployerType;
  sector: string;
  male: string;
  female: string;
  either: string;
  currency: string;
  salaryMin: string;
  salaryMax: string;
  minAge: string;
  maxAge: string;
  closingDate: string;
  jobOrderReference: string;
  oneChannel: boolean;
  description: string;
}

function inDays(days: number): string {
  const when = new Date(Date.now() + days * 86400000);
  return fromDate({ year: when.getUTCFullYear(), month: when.getUTCMonth() + 1, day: when.getUTCDate() });
}

const EMPTY: Draft = {
  title: "",
  occupationCode: "",
  countryCode: "",
  city: "",
  employerType: EmployerType.UNSPECIFIED,
  sector: "",
  male: "0",
  female: "0",
  either: "0",
  currency: "",
  salaryMin: "",
  salaryMax: "",
  minAge: "",
  maxAge: "",
  closingDate: "",
  jobOrderReference: "",
  oneChannel: false,
  description: "",
};

function draftOf(v: Vacancy): Draft {
  const number = (n: number | undefined) => (n ? String(n) : "");
  return {
    title: v.title,
    occupationCode: v.occupationCode,
    countryCode: v.countryCode,
    city: v.city,
    employerType: v.employerType,
    sector: v.sector,
    male: String(v.openings?.male ?? 0),
    female: String(v.openings?.female ?? 0),
    either: String(v.openings?.either ?? 0),
    currency: v.salaryMin?.currencyCode || v.salaryMax?.currencyCode || "",
    salaryMin: v.salaryMin?.units ? String(v.salaryMin.units) : "",
    salaryMax: v.salaryMax?.units ? String(v.salaryMax.units) : "",
    minAge: number(v.minAge),
    maxAge: number(v.maxAge),
    closingDate: fromDate(v.closingDate),
    jobOrderReference: v.jobOrderReference,
    oneChannel: v.oneChannel,
    description: v.description,
  };
}

const whole = (text: string) => {
  const n = Number.parseInt(text.replace(/[.\s]/g, ""), 10);
  return Number.isFinite(n) ? n : 0;
};

function units(text: string): bigint {
  const digits = text.replace(/[.,\s]/g, "");
  return /^\d+$/.test(digits) ? BigInt(digits) : 0n;
}

/** The vacancy message a draft describes (what the form sends). */
function vacancyOf(d: Draft) {
  const money = (amount: string) => (d.currency && amount.trim() ? { currencyCode: d.currency, units: units(amount) } : undefined);
  return {
    title: d.title.trim(),
    occupationCode: d.occupationCode,
    countryCode: d.countryCode,
    city: d.city.trim(),
    employerType: d.employerType,
    sector: d.sector,
    openings: { male: whole(d.male), female: whole(d.female), either: whole(d.either) },
    salaryMin: money(d.salaryMin),
    salaryMax: money(d.salaryMax),
    minAge: whole(d.minAge),
    maxAge: whole(d.maxAge),
    closingDate: toDate(d.closingDate),
    jobOrderReference: d.jobOrderReference.trim(),
    oneChannel: d.oneChannel,
    description: d.description.trim(),
  };
}

/** The draft's fields as the API names them (update_mask paths), each with what it compares. */
const MASK: [keyof Draft | (keyof Draft)[], string][] = [
  ["title", "title"],
  ["occupationCode", "occupation_code"],
  ["countryCode", "country_code"],
  ["city", "city"],
  ["employerType", "employer_type"],
  ["sector", "sector"],
  [["male", "female", "either"], "openings"],
  [["currency", "salaryMin"], "salary_min"],
  [["currency", "salaryMax"], "salary_max"],
  ["minAge", "min_age"],
  ["maxAge", "max_age"],
  ["closingDate", "closing_date"],
  ["jobOrderReference", "job_order_reference"],
  ["oneChannel", "one_channel"],
  ["description", "description"],
];

function changedPaths(before: Draft, after: Draft): string[] {
  return MASK.filter(([keys]) => (Array.isArray(keys) ? keys : [keys]).some((key) => String(before[key]).trim() !== String(after[key]).trim())).map(([, path]) => path);
}

type FormWords = (typeof FORM_WORDS)["en"];

/** The label a person sees for each field the server may refuse. */
const FIELD_LABELS: Record<string, (words: FormWords) => string> = {
  title: (w) => w.jobTitle,
  occupation_code: (w) => w.occupation,
  country_code: (w) => w.country,
  city: (w) => w.city,
  employer_type: (w) => w.employer,
  sector: (w) => w.sector,
  openings: (w) => w.openings,
  salary_min: (w) => w.salaryMin,
  salary_max: (w) => w.salaryMax,
  min_age: (w) => w.minAge,
  max_age: (w) => w.age,
  closing_date: (w) => w.closingDate,
  job_order_reference: (w) => w.jobOrder,
  description: (w) => w.description,
};

/** The suggestions for a title, asked for a moment after she stops typing; `asking` is true
 * from the first keystroke, so suggestions for an older title are never taken for this one. */
function useSuggestions(cpmi: CpmiClient, title: string): { suggestions: OccupationSuggestion[]; asking: boolean } {
  const [state, setState] = useState<{ suggestions: OccupationSuggestion[]; title: string }>({ suggestions: [], title: "" });
  const asked = title.trim();
  useEffect(() => {
    if (asked.length < 3) {
      setState({ suggestions: [], title: asked });
      return;
    }
    let stopped = false;
    const timer = setTimeout(() => {
      cpmi.vacancies
        .suggestOccupations({ title: asked, limit: 5 })
        .then((reply) => !stopped && setState({ suggestions: reply.suggestions, title: asked }))
        .catch(() => !stopped && setState({ suggestions: [], title: asked }));
    }, 300);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [asked]);
  const current = state.title === asked;
  return { suggestions: current ? state.suggestions : [], asking: !current && asked.length >= 3 };
}

function occupationLabel(s: OccupationSuggestion, language: Language): string {
  return language === "en" ? s.titleEn || s.titleId : s.titleId || s.titleEn;
}

export function VacancyForm(props: { vacancyId?: string }): JSX.Element {
  const words = useWords(FORM_WORDS);
  const language = useLanguage();
  const { session, cpmi } = useSigned();
  const editing = Boolean(props.vacancyId);
  const [turn, setTurn] = useState(0);
  const stored = useQuery(
    async () => (props.vacancyId ? cpmi.vacancies.getVacancy({ name: vacancyName(session.resource, props.vacancyId) }) : undefined),
    [props.vacancyId, turn],
  );
  const [draft, setDraft] = useState<Draft>(editing ? EMPTY : { ...EMPTY, closingDate: inDays(60) });
  const original = useRef<Draft | undefined>(undefined);
  const loadedEtag = useRef("");
  useEffect(() => {
    const v = stored.data;
    if (!v || v.etag === loadedEtag.current) return;
    loadedEtag.current = v.etag;
    original.current = draftOf(v);
    setDraft(draftOf(v));
  }, [stored.data]);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  // The occupation follows the title until she picks one herself.
  const { suggestions, asking } = useSuggestions(cpmi, draft.title);
  const [picked, setPicked] = useState(editing);
  useEffect(() => {
    if (picked) return;
    // Until she picks one, the occupation is the best suggestion for the title as it is now
    // (none while asking: the server then tells it from the title itself).
    setDraft((d) => ({ ...d, occupationCode: suggestions[0]?.occupationCode ?? "" }));
  }, [suggestions, picked]);

  const [unchanged, setUnchanged] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const saving = useAction(async () => {
    setUnchanged(false);
    setFieldErrors({});
    try {
      return await save();
    } catch (error) {
      setFieldErrors(localizedFields(error));
      throw error;
    }
  });
  const save = async () => {
    const vacancy = vacancyOf(draft);
    if (props.vacancyId && stored.data) {
      const paths = changedPaths(original.current ?? draftOf(stored.data), draft);
      if (paths.length === 0) {
        setUnchanged(true);
        return undefined;
      }
      const saved = await cpmi.vacancies.updateVacancy({
        vacancy: { ...vacancy, name: stored.data.name, etag: stored.data.etag },
        updateMask: { paths },
        requestId: requestId(),
      });
      flash = words.saved.replace("{title}", saved.title);
    } else {
      const saved = await cpmi.vacancies.createVacancy({ parent: session.resource, vacancy, requestId: requestId() });
      flash = words.posted.replace("{title}", saved.title);
    }
    announce(flash);
    go("/lowongan");
    return true;
  };
  const wrong = (path: string): string | undefined => {
    const said = fieldErrors[`vacancy.${path}`] ?? fieldErrors[path];
    if (!said) return undefined;
    return path === "occupation_code" ? words.occupationUnknown : said;
  };
  const countries = useMemo(() => countryChoices(language), [language]);
  const currencies = useMemo(() => currencyChoices(language), [language]);
  const occupationOptions = suggestions.map((s) => ({ value: s.occupationCode, label: occupationLabel(s, language) }));
  if (draft.occupationCode && !occupationOptions.some((o) => o.value === draft.occupationCode)) {
    occupationOptions.unshift({ value: draft.occupationCode, label: asking ? words.looking : words.occupationKept });
  }
  const conflict = saving.problem?.reason === "ETAG_MISMATCH";
  const title = editing ? words.editTitle.replace("{title}", stored.data?.title ?? "") : words.newTitle;

  if (editing && !stored.data) {
    return (
      <section>
        <FocusHeading>{words.editLoading}</FocusHeading>
        <ProblemNotice problem={stored.problem} />
      </section>
    );
  }
  return (
    <section aria-labelledby="vacancy-form-title">
      <p>
        <a href="#/lowongan">{words.back}</a>
      </p>
      <FocusHeading id="vacancy-form-title">{title}</FocusHeading>
      <p class="hint">{words.required}</p>
      <form
        class="vacancy-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void saving.run();
        }}
      >
        <fieldset>
          <legend>{words.job}</legend>
          <TextField label={words.jobTitle} value={draft.title} onInput={(t) => setDraft((d) => ({ ...d, title: t }))} required error={wrong("title")} hint={words.jobTitleHint} name="title" maxLength={200} />
          <Field label={words.occupation} hint={asking ? words.looking : words.occupationHint} error={wrong("occupation_code")}>
            {(id, describedBy) => (
              <select
                id={id}
                name="occupation"
                aria-describedby={describedBy}
                aria-invalid={wrong("occupation_code") ? true : undefined}
                onChange={(event) => {
                  setPicked(true);
                  set("occupationCode")((event.target as HTMLSelectElement).value);
                }}
              >
                {occupationOptions.length === 0 && (
                  <option value="">{draft.title.trim().length < 3 ? words.occupationFirst : asking ? words.looking : words.occupationNone}</option>
                )}
                {occupationOptions.map((o) => (
                  <option key={o.value} value={o.value} selected={o.value === draft.occupationCode}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <SelectField
            label={words.sector}
            value={draft.sector}
            onChange={set("sector")}
            options={[{ value: "", label: words.sectorAuto }, ...SECTORS.map((s) => ({ value: s as string, label: sectorName(s, language) }))]}
            error={wrong("sector")}
            name="sector"
          />
          <SelectField
            label={words.employer}
            value={draft.employerType}
            onChange={set("employerType")}
            required
            options={[
              { value: EmployerType.UNSPECIFIED, label: words.choose },
              { value: EmployerType.COMPANY, label: employerName(EmployerType.COMPANY, language) },
              { value: EmployerType.INDIVIDUAL, label: employerName(EmployerType.INDIVIDUAL, language) },
            ]}
            error={wrong("employer_type")}
            name="employer-type"
          />
        </fieldset>
        <fieldset>
          <legend>{words.place}</legend>
          <Field label={words.country} required error={wrong("country_code")}>
            {(id, describedBy) => (
              <select id={id} name="country" aria-describedby={describedBy} aria-invalid={wrong("country_code") ? true : undefined} onChange={(e) => set("countryCode")((e.target as HTMLSelectElement).value)}>
                <option value="" selected={!draft.countryCode}>
                  {words.choose}
                </option>
                <optgroup label={words.mainCountries}>
                  {countries.main.map((c) => (
                    <option key={c.value} value={c.value} selected={c.value === draft.countryCode}>
                      {c.label}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={words.otherCountries}>
                  {countries.others.map((c) => (
                    <option key={c.value} value={c.value} selected={c.value === draft.countryCode}>
                      {c.label}
                    </option>
                  ))}
                </optgroup>
              </select>
            )}
          </Field>
          <TextField label={words.city} value={draft.city} onInput={set("city")} error={wrong("city")} name="city" maxLength={100} />
        </fieldset>
        <fieldset aria-describedby={wrong("openings") ? "openings-error" : undefined}>
          <legend>{words.openings}</legend>
          <p class="hint">{words.openingsHint}</p>
          <div class="grid three">
            <TextField label={words.male} type="number" inputMode="numeric" value={draft.male} onInput={set("male")} name="male" />
            <TextField label={words.female} type="number" inputMode="numeric" value={draft.female} onInput={set("female")} name="female" />
            <TextField label={words.either} type="number" inputMode="numeric" value={draft.either} onInput={set("either")} name="either" />
          </div>
          {wrong("openings") && (
            <p class="field-error" id="openings-error">
              {wrong("openings")}
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend>{words.salary}</legend>
          <div class="grid three">
            <SelectField label={words.currency} value={draft.currency} onChange={set("currency")} options={[{ value: "", label: words.choose }, ...currencies]} name="currency" />
            <TextField label={words.salaryMin} inputMode="numeric" value={draft.salaryMin} onInput={set("salaryMin")} error={wrong("salary_min")} name="salary-min" />
            <TextField label={words.salaryMax} inputMode="numeric" value={draft.salaryMax} onInput={set("salaryMax")} error={wrong("salary_max")} name="salary-max" />
          </div>
          <p class="hint">{words.salaryHint}</p>
        </fieldset>
        <fieldset>
          <legend>{words.age}</legend>
          <div class="grid">
            <TextField label={words.minAge} type="number" inputMode="numeric" value={draft.minAge} onInput={set("minAge")} error={wrong("min_age")} name="min-age" />
            <TextField label={words.maxAge} type="number" inputMode="numeric" value={draft.maxAge} onInput={set("maxAge")} error={wrong("max_age")} name="max-age" />
          </div>
          <p class="hint">{words.ageHint}</p>
        </fieldset>
        <fieldset>
          <legend>{words.more}</legend>
          <TextField label={words.closingDate} type="date" value={draft.closingDate} onInput={set("closingDate")} required error={wrong("closing_date")} name="closing-date" />
          <TextField label={words.jobOrder} value={draft.jobOrderReference} onInput={set("jobOrderReference")} error={wrong("job_order_reference")} hint={words.jobOrderHint} name="job-order" maxLength={64} />
          <CheckField label={words.oneChannel} checked={draft.oneChannel} onChange={set("oneChannel")} name="one-channel" />
          <TextField label={words.description} multiline value={draft.description} onInput={set("description")} error={wrong("description")} name="description" maxLength={5000} />
        </fieldset>
        {saving.problem?.reason === "INVALID_FIELDS" ? (
          <Notice kind="error" id="vacancy-problem">
            <p>{words.checkFields}</p>
            <ul>
              {Object.keys(fieldErrors).map((path) => (
                <li key={path}>{FIELD_LABELS[path.replace(/^vacancy\./, "")]?.(words) ?? words.aField}</li>
              ))}
            </ul>
          </Notice>
        ) : (
          <ProblemNotice problem={saving.problem} id="vacancy-problem" />
        )}
        {conflict && (
          <button type="button" class="secondary" onClick={() => ((loadedEtag.current = ""), saving.clear(), setTurn((n) => n + 1))}>
            {words.reload}
          </button>
        )}
        {unchanged && <Notice>{words.unchanged}</Notice>}
        <div class="actions">
          <button type="submit" disabled={saving.busy}>
            {saving.busy ? words.sending : editing ? words.save : words.post}
          </button>
          <a class="button secondary" href="#/lowongan">
            {words.cancel}
          </a>
        </div>
      </form>
    </section>
  );
}
