/**
 * Kandidat yang sesuai: the verified candidates who fit one of the company's vacancies
 * (ListEligibleCandidates), pseudonymous until they apply to this company, with the filters
 * the request offers (gender, province, age) and a page at a time.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Gender } from "../../../typescript/src/index.js";
import { counted, useWords } from "../i18n.js";
import { useQuery } from "../live.js";
import { useSigned } from "../session.js";
import { FocusHeading, ProblemNotice, SelectField, TextField } from "../ui.js";
import { PROVINCES, regionName } from "./regions.js";
import { useVacancy, vacancyName } from "./vacancies.js";
import { CANDIDATE_WORDS } from "./words.js";

const PAGE_SIZE = 20;

interface Filters {
  gender: Gender;
  province: string;
  minAge: string;
  maxAge: string;
}

export function EligibleCandidates(props: { vacancyId: string }): JSX.Element {
  const words = useWords(CANDIDATE_WORDS);
  const { session, cpmi } = useSigned();
  const vacancy = useVacancy(props.vacancyId);
  const [draft, setDraft] = useState<Filters>({ gender: Gender.UNSPECIFIED, province: "", minAge: "", maxAge: "" });
  const [filters, setFilters] = useState<Filters>(draft);
  // The tokens of the pages seen so far: the last is the page shown.
  const [tokens, setTokens] = useState<string[]>([""]);
  const token = tokens[tokens.length - 1];
  const list = useQuery(
    () =>
      cpmi.eligibility.listEligibleCandidates({
        vacancy: vacancyName(session.resource, props.vacancyId),
        gender: filters.gender,
        regionPrefix: filters.province,
        minAge: Number.parseInt(filters.minAge, 10) || 0,
        maxAge: Number.parseInt(filters.maxAge, 10) || 0,
        pageSize: PAGE_SIZE,
        pageToken: token,
      }),
    [props.vacancyId, filters, token],
  );
  const candidates = list.data?.candidates ?? [];
  const first = (tokens.length - 1) * PAGE_SIZE;
  const genderText = (g: Gender) => (g === Gender.MALE ? words.male : g === Gender.FEMALE ? words.female : words.genderUnknown);
  const provinces = Object.entries(PROVINCES)
    .map(([code, name]) => ({ value: code, label: name }))
    .sort((a, b) => a.label.localeCompare(b.label, "id"));

  return (
    <section aria-labelledby="eligible-title">
      <p>
        <a href="#/lowongan">{words.back}</a>
      </p>
      <FocusHeading id="eligible-title">{words.title.replace("{title}", vacancy.data?.title ?? "")}</FocusHeading>
      <p class="meta">{words.lead}</p>
      <form
        class="filters"
        aria-label={words.filters}
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
          setTokens([""]);
        }}
      >
        <div class="grid four">
          <SelectField
            label={words.gender}
            value={draft.gender}
            onChange={(gender) => setDraft({ ...draft, gender })}
            options={[
              { value: Gender.UNSPECIFIED, label: words.anyGender },
              { value: Gender.MALE, label: words.male },
              { value: Gender.FEMALE, label: words.female },
            ]}
            name="gender"
          />
          <SelectField label={words.province} value={draft.province} onChange={(province) => setDraft({ ...draft, province })} options={[{ value: "", label: words.anyProvince }, ...provinces]} name="province" />
          <TextField label={words.minAge} type="number" inputMode="numeric" value={draft.minAge} onInput={(minAge) => setDraft({ ...draft, minAge })} name="min-age" />
          <TextField label={words.maxAge} type="number" inputMode="numeric" value={draft.maxAge} onInput={(maxAge) => setDraft({ ...draft, maxAge })} name="max-age" />
        </div>
        <div class="actions">
          <button type="submit">{words.apply}</button>
        </div>
      </form>
      <ProblemNotice problem={list.problem ?? vacancy.problem} />
      {list.loading && !list.data && <p role="status">{words.loading}</p>}
      {list.data && (
        <p role="status" class="meta">
          {candidates.length === 0
            ? words.none
            : words.showing.replace("{from}", String(first + 1)).replace("{to}", String(first + candidates.length))}
        </p>
      )}
      <ul class="cards" aria-label={words.listLabel}>
        {candidates.map((c, i) => {
          const label = c.pseudonymous ? words.pseudonym.replace("{n}", String(first + i + 1)) : words.applied.replace("{n}", String(first + i + 1));
          return (
            <li key={c.candidate} class="card candidate">
              <h3>{label}</h3>
              <dl class="facts">
                <dt>{words.gender}</dt>
                <dd>{genderText(c.gender)}</dd>
                <dt>{words.age}</dt>
                <dd>{c.age ? counted(c.age, words.years) : c.ageBand ? words.band.replace("{band}", c.ageBand.replace("-", "–")) : words.ageUnknown}</dd>
                <dt>{words.region}</dt>
                <dd>{regionName(c.regencyCode) || words.regionUnknown}</dd>
                {c.certificateNumber && (
                  <>
                    <dt>{words.certificate}</dt>
                    <dd class="code">{c.certificateNumber}</dd>
                  </>
                )}
              </dl>
              {c.pseudonymous ? <p class="hint">{words.pseudonymousHint}</p> : <p class="hint">{words.appliedHint}</p>}
            </li>
          );
        })}
      </ul>
      <nav class="actions pager" aria-label={words.pages}>
        {tokens.length > 1 && (
          <button type="button" class="secondary" onClick={() => setTokens(tokens.slice(0, -1))}>
            {words.previous}
          </button>
        )}
        {list.data?.nextPageToken && (
          <button type="button" class="secondary" onClick={() => setTokens([...tokens, list.data?.nextPageToken ?? ""])}>
            {words.next}
          </button>
        )}
      </nav>
    </section>
  );
}
