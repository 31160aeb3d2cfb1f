/** Daftar sebagai pencari kerja: the job-seeker profile that comes before the CPMI registration. */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { EmploymentCondition, WorkLocation } from "../../../typescript/src/index.js";
import { countryName } from "../format.js";
import { useLanguage, useWords, type Words } from "../i18n.js";
import { go } from "../route.js";
import { announce, CheckField, FocusHeading, Notice, ProblemNotice, requestId, SelectField, TextField, useAction } from "../ui.js";
import { useCandidate } from "./data.js";
import { RadioField } from "./widgets.js";
import { conditionWords, DESTINATIONS } from "./words.js";

const WORDS: Words<
  | "title"
  | "lead"
  | "job"
  | "jobHint"
  | "condition"
  | "where"
  | "domestic"
  | "abroad"
  | "country"
  | "countryField"
  | "chooseCountry"
  | "noPreference"
  | "disability"
  | "yes"
  | "no"
  | "send"
  | "sending"
  | "saved"
  | "loading"
> = {
  "id-ID": {
    title: "Daftar sebagai pencari kerja",
    lead: "Isilah form di bawah ini agar dapat terdaftar sebagai pencari kerja.",
    job: "Pekerjaan yang kamu inginkan?",
    jobHint: "Misalnya: pekerja rumah tangga, pengasuh lansia, tukang las",
    condition: "Kondisi pekerjaan saat ini",
    where: "Di mana kamu ingin bekerja?",
    domestic: "Dalam Negeri",
    abroad: "Luar Negeri",
    country: "Pilih negara tujuan bekerja",
    countryField: "Negara tujuan",
    chooseCountry: "Pilih negara",
    noPreference: "Saya tidak memiliki preferensi negara tujuan",
    disability: "Apakah kamu penyandang disabilitas?",
    yes: "Ya",
    no: "Tidak",
    send: "Kirim",
    sending: "Mengirim…",
    saved: "Data pencari kerja tersimpan. Lanjutkan dengan pendaftaran CPMI.",
    loading: "Memuat data…",
  },
  en: {
    title: "Register as a job seeker",
    lead: "Fill in the form below to be registered as a job seeker.",
    job: "What job do you want?",
    jobHint: "For example: domestic worker, elderly carer, welder",
    condition: "Your current situation",
    where: "Where do you want to work?",
    domestic: "In Indonesia",
    abroad: "Abroad",
    country: "Choose the country you want to work in",
    countryField: "Destination country",
    chooseCountry: "Choose a country",
    noPreference: "I have no preferred destination country",
    disability: "Do you have a disability?",
    yes: "Yes",
    no: "No",
    send: "Send",
    sending: "Sending…",
    saved: "Your job-seeker data is saved. Continue with the CPMI registration.",
    loading: "Loading…",
  },
};

export function ProfilePage(): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const conditions = conditionWords[useLanguage()];
  const { cpmi, resource, profile, refresh } = useCandidate();
  const [job, setJob] = useState("");
  const [condition, setCondition] = useState(EmploymentCondition.UNSPECIFIED);
  const [where, setWhere] = useState(WorkLocation.ABROAD);
  const [country, setCountry] = useState("");
  const [noPreference, setNoPreference] = useState(false);
  const [disability, setDisability] = useState<"yes" | "no" | "">("");
  const [filled, setFilled] = useState(false);

  useEffect(() => {
    if (filled || profile.data === undefined) return;
    const p = profile.data;
    if (p) {
      setJob(p.desiredJob);
      setCondition(p.employmentCondition);
      setWhere(p.workLocation || WorkLocation.ABROAD);
      setCountry(p.destinationCountryCode);
      setNoPreference(!p.destinationCountryCode);
      setDisability(p.hasDisability ? "yes" : "no");
    }
    setFilled(true);
  }, [profile.data]);

  const save = useAction(async () => {
    const saved = await cpmi.registration.updateJobSeekerProfile({
      profile: {
        name: `${resource}/profile`,
        desiredJob: job.trim(),
        employmentCondition: condition,
        workLocation: where,
        destinationCountryCode: noPreference || where === WorkLocation.DOMESTIC ? "" : country,
        hasDisability: disability === "yes",
        etag: profile.data?.etag ?? "",
      },
      requestId: requestId(),
    });
    announce(words.saved);
    refresh();
    go("/pendaftaran");
    return saved;
  });
  const fields = save.problem?.fields ?? {};
  const countries = DESTINATIONS.map((code) => ({ value: code, label: countryName(code, language) })).sort((a, b) => a.label.localeCompare(b.label));

  if (profile.data === undefined) return <p role="status">{words.loading}</p>;
  return (
    <section aria-labelledby="profile-title">
      <FocusHeading id="profile-title">{words.title}</FocusHeading>
      <p>{words.lead}</p>
      <form
        class="profile-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save.run();
        }}
      >
        <TextField label={words.job} hint={words.jobHint} value={job} onInput={setJob} error={fields["profile.desired_job"]} maxLength={200} />
        <RadioField
          legend={words.condition}
          value={condition}
          onChange={setCondition}
          error={fields["profile.employment_condition"]}
          options={[EmploymentCondition.LAID_OFF, EmploymentCondition.FRESH_GRADUATE, EmploymentCondition.EMPLOYED].map((value) => ({
            value,
            label: conditions[value],
          }))}
        />
        <RadioField
          legend={words.where}
          value={where}
          onChange={setWhere}
          error={fields["profile.work_location"]}
          options={[
            { value: WorkLocation.DOMESTIC, label: words.domestic },
            { value: WorkLocation.ABROAD, label: words.abroad },
          ]}
        />
        {where === WorkLocation.ABROAD && (
          <fieldset>
            <legend>{words.country}</legend>
            {!noPreference && (
              <SelectField
                label={words.countryField}
                value={country}
                onChange={setCountry}
                error={fields["profile.destination_country_code"]}
                options={[{ value: "", label: words.chooseCountry }, ...countries]}
              />
            )}
            <CheckField label={words.noPreference} checked={noPreference} onChange={setNoPreference} />
          </fieldset>
        )}
        <RadioField
          legend={words.disability}
          value={disability}
          onChange={setDisability}
          error={fields["profile.has_disability"]}
          options={[
            { value: "yes", label: words.yes },
            { value: "no", label: words.no },
          ]}
        />
        <ProblemNotice problem={save.problem} />
        {save.busy && <Notice>{words.sending}</Notice>}
        <div class="actions">
          <button type="submit" disabled={save.busy}>
            {words.send}
          </button>
        </div>
      </form>
    </section>
  );
}
