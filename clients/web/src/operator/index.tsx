/**
 * The operator's pages: Kebijakan (policy versions, loading one, the dry-run impact per rule,
 * activating and rolling back) and Jejak audit (the audit trail).
 */
import type { JSX } from "preact";
import { useWords } from "../i18n.js";
import { section, useRoute } from "../route.js";
import { Tabs } from "../ui.js";
import { Audit } from "./audit.js";
import { PolicyList, PolicyPage } from "./policies.js";
import { WORDS } from "./words.js";
import "./operator.css";

export function OperatorPortal(): JSX.Element {
  const words = useWords(WORDS);
  const route = useRoute();
  const current = section(route) === "/audit" ? "/audit" : "/kebijakan";
  const version = /^\/kebijakan\/(.+)$/.exec(route)?.[1];
  return (
    <div class="operator">
      <h1>{words.title}</h1>
      <Tabs
        label={words.sections}
        current={current}
        tabs={[
          { path: "/kebijakan", label: words.policies },
          { path: "/audit", label: words.audit },
        ]}
      />
      {current === "/audit" ? <Audit /> : version ? <PolicyPage key={version} version={decodeURIComponent(version)} /> : <PolicyList />}
    </div>
  );
}
