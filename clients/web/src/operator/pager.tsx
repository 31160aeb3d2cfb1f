/** Previous/next page buttons over a stack of page tokens ([""] is the first page). */
import type { JSX } from "preact";
import { fill } from "./words.js";

export function Pager(props: {
  tokens: string[];
  next: string | undefined;
  onPage: (tokens: string[]) => void;
  words: { newer: string; older: string; page: string };
  label: string;
}): JSX.Element | null {
  const { tokens, next, words } = props;
  if (tokens.length <= 1 && !next) return null;
  return (
    <nav class="actions operator-pager" aria-label={props.label}>
      <button type="button" class="secondary" disabled={tokens.length <= 1} onClick={() => props.onPage(tokens.slice(0, -1))}>
        {words.newer}
      </button>
      <span class="meta">{fill(words.page, tokens.length)}</span>
      <button type="button" class="secondary" disabled={!next} onClick={() => next && props.onPage([...tokens, next])}>
        {words.older}
      </button>
    </nav>
  );
}
