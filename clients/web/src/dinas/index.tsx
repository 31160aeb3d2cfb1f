/**
 * The Dinas officer's pages: Antrean (registrations to verify or reject, each with every field,
 * document and round) and PP (placement agreements to verify or refuse, kept live).
 */
import type { JSX } from "preact";
import { useWords } from "../i18n.js";
import { useQuery } from "../live.js";
import { section, useRoute } from "../route.js";
import { useSigned } from "../session.js";
import { Tabs } from "../ui.js";
import { Agreements, useAgreements } from "./agreements.js";
import { Queue, RegistrationPage } from "./queue.js";
import { WORDS } from "./words.js";
import "./dinas.css";

export function DinasPortal(): JSX.Element {
  const words = useWords(WORDS);
  const { session, cpmi } = useSigned();
  const route = useRoute();
  const place = section(route);
  const current = place === "/pp" ? "/pp" : "/antrean";
  const { agreements, live } = useAgreements();
  const waiting = (agreements.data ?? []).filter((a) => !a.application.ppRefusalReason).length;
  // The regency's name as the server knows it (the header shows who is signed in).
  const who = useQuery(() => cpmi.sessions.getSession({}), [session.subject]);
  const candidate = /^\/antrean\/(.+)$/.exec(route)?.[1];
  return (
    <div class="dinas">
      <h1>{who.data?.displayName || words.dinasOf}</h1>
      <Tabs
        label={words.sections}
        current={current}
        tabs={[
          { path: "/antrean", label: words.queue },
          { path: "/pp", label: words.agreements, badge: waiting },
        ]}
      />
      {current === "/pp" ? (
        <Agreements agreements={agreements} live={live} />
      ) : candidate ? (
        <RegistrationPage key={candidate} candidate={decodeURIComponent(candidate)} />
      ) : (
        <Queue />
      )}
    </div>
  );
}
