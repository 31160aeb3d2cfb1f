/** Small pieces the candidate's pages need beyond src/ui.tsx (candidates for the shared code). */
import type { JSX } from "preact";
import { useId } from "preact/hooks";
import { ApplicationStatus, RegistrationStatus } from "../../../typescript/src/index.js";

/** A question with a few answers (radio buttons in a fieldset whose legend is the question). */
export function RadioField<V extends string | number>(props: {
  legend: string;
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
  error?: string;
}): JSX.Element {
  const id = useId();
  return (
    <fieldset class={`radio-group${props.error ? " field-invalid" : ""}`} aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      <div class="radio-options">
        {props.options.map((option, i) => (
          <label key={String(option.value)} class="radio" for={`${id}-${i}`}>
            <input
              id={`${id}-${i}`}
              type="radio"
              name={id}
              checked={option.value === props.value}
              onChange={() => props.onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

export function registrationTone(status: RegistrationStatus | undefined): string {
  switch (status) {
    case RegistrationStatus.VERIFIED:
      return "status status-ok";
    case RegistrationStatus.REJECTED:
      return "status status-bad";
    case RegistrationStatus.SUBMITTED:
      return "status status-wait";
    default:
      return "status";
  }
}

export function applicationTone(status: ApplicationStatus): string {
  switch (status) {
    case ApplicationStatus.PP_VERIFIED:
      return "status status-ok";
    case ApplicationStatus.REJECTED:
    case ApplicationStatus.WITHDRAWN:
      return "status status-bad";
    case ApplicationStatus.AWAITING_PP_VERIFICATION:
    case ApplicationStatus.INTERVIEW:
      return "status status-wait";
    default:
      return "status";
  }
}

/** A link styled as the page's main action (a route inside the portal). */
export function ActionLink(props: { to: string; children: string; secondary?: boolean }): JSX.Element {
  return (
    <a class={`button${props.secondary ? " secondary" : ""}`} href={`#${props.to}`}>
      {props.children}
    </a>
  );
}
