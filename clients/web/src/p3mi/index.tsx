/** The p3mi's pages (being built). */
import type { JSX } from "preact";
import { useSigned } from "../session.js";
import { FocusHeading } from "../ui.js";

export function P3miPortal(): JSX.Element {
  const { session } = useSigned();
  return <FocusHeading>{session.displayName}</FocusHeading>;
}
