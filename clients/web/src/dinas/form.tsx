/** A CPMI form as the Dinas reads it: every field, every document viewable in the page. */
import type { ComponentChildren, JSX } from "preact";
import {
  Gender,
  MaritalStatus,
  type CpmiClient,
  type Registration,
  type RegistrationForm,
} from "../../../typescript/src/index.js";
import { useLanguage } from "../i18n.js";
import { dateText } from "../format.js";
import { religionWords } from "../names.js";
import { DocumentView } from "../ui.js";
import { fill, type DinasWords } from "./words.js";

/** The candidate's name as the KTP gives it, or words saying it is missing. */
export function candidateName(registration: Registration | undefined, words: DinasWords): string {
  return registration?.form?.ktp?.fullName?.trim() || words.noName;
}


export function genderText(gender: Gender | undefined, words: DinasWords): string {
  if (gender === Gender.MALE) return words.male;
  if (gender === Gender.FEMALE) return words.female;
  return "";
}

function maritalText(status: MaritalStatus | undefined, words: DinasWords): string {
  switch (status) {
    case MaritalStatus.SINGLE:
      return words.single;
    case MaritalStatus.MARRIED:
      return words.married;
    case MaritalStatus.DIVORCED:
      return words.divorced;
    case MaritalStatus.WIDOWED:
      return words.widowed;
    default:
      return "";
  }
}

/** Label/value pairs; an empty value reads "Tidak diisi". */
export function Facts(props: { rows: [string, ComponentChildren][]; words: DinasWords }): JSX.Element {
  return (
    <dl class="facts dinas-facts">
      {props.rows.map(([label, value]) => (
        <div class="dinas-fact" key={label}>
          <dt>{label}</dt>
          <dd>{value === "" || value === undefined || value === null ? <span class="dinas-none">{props.words.none}</span> : value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Scan(props: { cpmi: CpmiClient; name: string | undefined; label: string; words: DinasWords }): JSX.Element {
  if (!props.name) {
    return (
      <div class="document">
        <span class="document-label">{props.label}</span>
        <span class="dinas-none">{props.words.none}</span>
      </div>
    );
  }
  return <DocumentView cpmi={props.cpmi} name={props.name} label={props.label} />;
}

function Group(props: { title: string; children: ComponentChildren; level: 3 | 4 }): JSX.Element {
  const Heading = props.level === 3 ? "h3" : "h4";
  return (
    <section class="dinas-group">
      <Heading>{props.title}</Heading>
      {props.children}
    </section>
  );
}

/**
 * Every field of a CPMI form and every document (`registration` adds what the server read
 * from the NIK: sex and birth date). `level` is the heading level of each group.
 */
export function FormView(props: {
  cpmi: CpmiClient;
  form: RegistrationForm | undefined;
  registration?: Registration;
  words: DinasWords;
  level?: 3 | 4;
}): JSX.Element {
  const language = useLanguage();
  const { cpmi, words } = props;
  const level = props.level ?? 3;
  const form = props.form;
  const ktp = form?.ktp;
  const kk = form?.familyCard;
  const letter = form?.permissionLetter;
  const health = form?.healthCertificate;
  const bpjs = form?.bpjs;
  const date = (d: Parameters<typeof dateText>[0]) => dateText(d, language);
  return (
    <div class="dinas-form">
      <Group title={words.ktp} level={level}>
        <Facts
          words={words}
          rows={[
            [words.fullName, ktp?.fullName ?? ""],
            [words.nik, ktp?.nik ? <span class="dinas-number">{ktp.nik}</span> : ""],
            [words.religion, ktp?.religion ? religionWords[language][ktp.religion] : ""],
            ...(props.registration
              ? ([
                  [words.gender, genderText(props.registration.gender, words)],
                  [words.birthDate, date(props.registration.birthDate)],
                ] as [string, ComponentChildren][])
              : []),
            [words.phone, form?.phoneNumber ?? ""],
          ]}
        />
        <Scan cpmi={cpmi} name={ktp?.scan} label={words.ktpScan} words={words} />
      </Group>
      <Group title={words.kk} level={level}>
        <Facts
          words={words}
          rows={[
            [words.kkNumber, kk?.number ?? ""],
            [words.headNik, kk?.headOfFamilyNik ?? ""],
            [words.issuerNip, kk?.issuerNip ?? ""],
            [words.issueDate, date(kk?.issueDate)],
          ]}
        />
        <Scan cpmi={cpmi} name={kk?.scan} label={words.kkScan} words={words} />
      </Group>
      <Group title={words.marital} level={level}>
        <Facts words={words} rows={[[words.marital, maritalText(form?.maritalStatus, words)]]} />
        {(form?.maritalStatus === MaritalStatus.MARRIED || form?.maritalStatusLetterScan) && (
          <Scan cpmi={cpmi} name={form?.maritalStatusLetterScan} label={words.maritalLetter} words={words} />
        )}
      </Group>
      <Group title={words.relatives} level={level}>
        <Facts
          words={words}
          rows={[
            [words.father, form?.relatives?.fatherName ?? ""],
            [words.mother, form?.relatives?.motherName ?? ""],
            [words.guardian, form?.relatives?.guardianName ?? ""],
          ]}
        />
      </Group>
      <Group title={words.emergency} level={level}>
        {(form?.emergencyContacts ?? []).length === 0 && <p class="dinas-none">{words.none}</p>}
        {(form?.emergencyContacts ?? []).map((contact, i) => (
          <Facts
            key={i}
            words={words}
            rows={[
              [words.contactName, contact.name],
              [words.relationship, contact.relationship],
              [words.phone, contact.phoneNumber],
              [words.address, contact.address],
            ]}
          />
        ))}
      </Group>
      <Group title={words.permission} level={level}>
        <Facts
          words={words}
          rows={[
            [words.villageNumber, letter?.villageRegistrationNumber ?? ""],
            [words.letterDate, date(letter?.letterDate)],
            [words.villageHead, letter?.villageHeadName ?? ""],
            [words.permitterNik, letter?.permitterNik ?? ""],
            [words.permitterName, letter?.permitterName ?? ""],
          ]}
        />
        <Scan cpmi={cpmi} name={letter?.scan} label={words.permissionScan} words={words} />
      </Group>
      <Group title={words.certificates} level={level}>
        {(form?.competencyCertificates ?? []).length === 0 && <p class="dinas-none">{words.none}</p>}
        {(form?.competencyCertificates ?? []).map((certificate, i, all) => (
          <div class="dinas-certificate" key={i}>
            {all.length > 1 && <p class="dinas-sub">{fill(words.certificate, i + 1)}</p>}
            <Facts
              words={words}
              rows={[
                [words.bnsp, certificate.bnspNumber],
                [words.scheme, certificate.schemeTitle],
                [words.occupation, certificate.occupationCode],
                [words.issueDate, date(certificate.issueDate)],
                [words.expiry, date(certificate.expiryDate)],
              ]}
            />
            <Scan
              cpmi={cpmi}
              name={certificate.scan}
              label={all.length > 1 ? `${words.certificateScan} ${i + 1}` : words.certificateScan}
              words={words}
            />
          </div>
        ))}
      </Group>
      <Group title={words.health} level={level}>
        <Facts
          words={words}
          rows={[
            [words.healthNumber, health?.number ?? ""],
            [words.clinic, health?.clinicName ?? ""],
            [words.doctor, health?.doctorName ?? ""],
            [words.healthDate, date(health?.issueDate)],
          ]}
        />
        <Scan cpmi={cpmi} name={health?.scan} label={words.healthScan} words={words} />
      </Group>
      <Group title={words.bpjs} level={level}>
        <Facts words={words} rows={[[words.bpjsNumber, bpjs?.cardNumber ?? ""]]} />
        <Scan cpmi={cpmi} name={bpjs?.scan} label={words.bpjsScan} words={words} />
      </Group>
    </div>
  );
}
