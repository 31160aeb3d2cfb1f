/**
 * The P3MI's pages (Perusahaan Penempatan Pekerja Migran Indonesia): its vacancies (post,
 * edit, close), the candidates who fit each one (pseudonymous), and the applicants of each,
 * processed from the application itself up to the PP. Kept live by WatchApplications for
 * the company: each change reloads what shows it and is announced.
 *
 * Routes: /lowongan, /lowongan/baru, /lowongan/{id}/ubah, /lowongan/{id}/kandidat,
 * /lowongan/{id}/pelamar, /pelamar.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApplicationStatus, type ApplicationEvent } from "../../../typescript/src/index.js";
import { counted, useWords } from "../i18n.js";
import { useQuery, useWatch } from "../live.js";
import { section, useRoute } from "../route.js";
import { useSigned } from "../session.js";
import { announce, Tabs } from "../ui.js";
import { AllApplicants, VacancyApplicants } from "./applicants.js";
import { EligibleCandidates } from "./candidates.js";
import { LiveContext, type Live } from "./live.js";
import "./p3mi.css";
import { VacancyForm, VacancyList } from "./vacancies.js";
import { PORTAL_WORDS, STATUS_WORDS, statusKey } from "./words.js";

export function P3miPortal(): JSX.Element {
  const words = useWords(PORTAL_WORDS);
  const statusWords = useWords(STATUS_WORDS);
  const { session, cpmi } = useSigned();
  const route = useRoute();
  const [live, setLive] = useState<Live>({ tick: 0, changed: new Map() });
  const [after, setAfter] = useState<bigint | undefined>();

  useWatch<ApplicationEvent>(
    (signal) => cpmi.applications.watchApplications(after === undefined ? { parent: session.resource } : { parent: session.resource, afterSequence: after }, { signal }),
    (event) => {
      setAfter(event.sequence);
      setLive((before) => {
        const changed = new Map(before.changed);
        changed.set(event.application, event.sequence);
        return { tick: before.tick + 1, changed, last: event };
      });
      if (event.fromStatus === ApplicationStatus.UNSPECIFIED) announce(words.newApplicant);
      else announce(words.statusChanged.replace("{status}", statusWords[statusKey(event.toStatus)]));
    },
    [session.resource],
  );

  const waiting = useQuery(
    () => cpmi.applications.listApplications({ parent: session.resource, status: ApplicationStatus.SENT, pageSize: 500 }),
    [session.resource, live.tick],
  );
  const fresh = waiting.data?.applications.length ?? 0;

  const parts = route.split("/").filter(Boolean);
  const current = section(route) === "/pelamar" ? "/pelamar" : route === "/lowongan/baru" ? "/lowongan/baru" : "/lowongan";
  let page: JSX.Element;
  if (parts[0] === "pelamar") page = <AllApplicants />;
  else if (parts[0] === "lowongan" && parts[1] === "baru") page = <VacancyForm />;
  else if (parts[0] === "lowongan" && parts[1] && parts[2] === "ubah") page = <VacancyForm vacancyId={parts[1]} />;
  else if (parts[0] === "lowongan" && parts[1] && parts[2] === "kandidat") page = <EligibleCandidates vacancyId={parts[1]} />;
  else if (parts[0] === "lowongan" && parts[1] && parts[2] === "pelamar") page = <VacancyApplicants vacancyId={parts[1]} />;
  else page = <VacancyList />;

  return (
    <LiveContext.Provider value={live}>
      <div class="p3mi">
        <Tabs
          label={words.sections}
          current={current}
          tabs={[
            { path: "/lowongan", label: words.vacancies },
            { path: "/lowongan/baru", label: words.post },
            { path: "/pelamar", label: words.applicants, badge: fresh || undefined },
          ]}
        />
        {fresh > 0 && <p class="visually-hidden">{counted(fresh, words.freshMany, words.freshOne)}</p>}
        {page}
      </div>
    </LiveContext.Provider>
  );
}
