/**
 * Pendaftaran CPMI: every field of the form and its seven document groups (Profil, Dokumen
 * Persyaratan), saved as a draft (UpdateRegistration with the parts changed as update_mask and
 * the etag last read), sent with "Kirim"; after a rejection the same page is the Revisi
 * Pengajuan, filled in with what was stored. "Lihat Detail" shows the status, the Dinas's
 * reason, what was stored (documents viewable and downloadable) and every round.
 */
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { DocumentKind, MaritalStatus, RegistrationStatus, Religion, type Registration, type RegistrationForm } from "../../../typescript/src/index.js";
import { dateText, timeText } from "../format.js";
import { useLanguage, useWords, type Words } from "../i18n.js";
import { useQuery } from "../live.js";
import { go } from "../route.js";
import { announce, DocumentView, FileField, fileBytes, FocusHeading, Notice, ProblemNotice, requestId, SelectField, TextField, useAction } from "../ui.js";
import { useCandidate } from "./data.js";
import { emptyCertificate, emptyContact, formFrom, formTo, MASK, type Form, type Section } from "./form.js";
import { ActionLink, registrationTone } from "./widgets.js";
import { documentWords, maritalWords, registrationStatusWords, religionWords, roundDecisionWords } from "./words.js";

const WORDS: Words<
  | "title"
  | "titleRevise"
  | "lead"
  | "requirements"
  | "reqKtp"
  | "reqKk"
  | "reqMarital"
  | "reqPermission"
  | "reqCertificate"
  | "reqHealth"
  | "reqBpjs"
  | "stepProfile"
  | "stepDocuments"
  | "ktp"
  | "ktpLead"
  | "nik"
  | "nikHint"
  | "fullName"
  | "ownPhone"
  | "religion"
  | "kk"
  | "kkLead"
  | "kkNumber"
  | "headNik"
  | "issuerNip"
  | "kkDate"
  | "marital"
  | "maritalLead"
  | "maritalStatus"
  | "maritalLetter"
  | "relatives"
  | "relativesLead"
  | "father"
  | "mother"
  | "guardian"
  | "contacts"
  | "contactsLead"
  | "contact"
  | "name"
  | "relationship"
  | "phone"
  | "address"
  | "addContact"
  | "removeContact"
  | "permission"
  | "permissionLead"
  | "permissionScan"
  | "villageNumber"
  | "letterDate"
  | "villageHead"
  | "permitterNik"
  | "permitterName"
  | "certificates"
  | "certificatesLead"
  | "certificate"
  | "bnsp"
  | "certificateScan"
  | "scheme"
  | "schemeHint"
  | "certIssue"
  | "certExpiry"
  | "addCertificate"
  | "removeCertificate"
  | "health"
  | "healthLead"
  | "healthNumber"
  | "healthScan"
  | "clinic"
  | "doctor"
  | "healthDate"
  | "bpjs"
  | "bpjsLead"
  | "bpjsNumber"
  | "bpjsScan"
  | "saveDraft"
  | "send"
  | "saving"
  | "uploading"
  | "uploaded"
  | "stored"
  | "draftSaved"
  | "nothingToSave"
  | "sent"
  | "loading"
  | "fixFields"
  | "reload"
  | "sentAlready"
  | "detail"
  | "rejectedLead"
  | "detailTitle"
  | "detailLead"
  | "status"
  | "revise"
  | "reviseLead"
  | "rounds"
  | "round"
  | "submittedAt"
  | "decidedAt"
  | "reason"
  | "noRegistration"
  | "start"
  | "administration"
  | "documents"
  | "none"
  | "optional"
> = {
  "id-ID": {
    title: "Pendaftaran Calon Pekerja Migran Indonesia",
    titleRevise: "Pendaftaran ulang Calon Pekerja Migran Indonesia",
    lead: "Berikut adalah administrasi yang diperlukan untuk melakukan pendaftaran sebagai CPMI.",
    requirements: "Pastikan kamu menyiapkan dan memenuhi seluruh persyaratan pendaftaran CPMI di bawah ini.",
    reqKtp: "KTP",
    reqKk: "Kartu Keluarga (KK)",
    reqMarital: "Surat keterangan status perkawinan bagi yang telah menikah",
    reqPermission: "Surat keterangan izin suami atau istri, izin orang tua atau izin wali yang diketahui oleh kepala desa atau lurah",
    reqCertificate: "Sertifikat kompetensi kerja",
    reqHealth: "Surat keterangan sehat",
    reqBpjs: "Kartu kepesertaan BPJS Ketenagakerjaan (BPJS TK)",
    stepProfile: "1. Profil",
    stepDocuments: "2. Dokumen Persyaratan",
    ktp: "Identitas KTP",
    ktpLead: "Data sesuai KTP kamu.",
    nik: "Nomor NIK",
    nikHint: "16 digit angka sesuai KTP",
    fullName: "Nama lengkap sesuai KTP",
    ownPhone: "Nomor handphone kamu",
    religion: "Agama",
    kk: "Kartu keluarga",
    kkLead: "Pastikan menyiapkan dokumen kartu keluarga yang valid pada pendaftaran ini.",
    kkNumber: "Nomor kartu keluarga",
    headNik: "NIK kepala keluarga",
    issuerNip: "NIP Dukcapil yang menerbitkan kartu keluarga",
    kkDate: "Tanggal terbit kartu keluarga",
    marital: "Surat keterangan status perkawinan",
    maritalLead: "Surat keterangan status perkawinan diperlukan jika kamu sudah menikah.",
    maritalStatus: "Status perkawinan",
    maritalLetter: "Surat keterangan status perkawinan",
    relatives: "Relasi dan kerabat",
    relativesLead: "Informasi mengenai relasi dan kerabat kamu diperlukan untuk melengkapi informasi pendaftaran.",
    father: "Nama ayah",
    mother: "Nama ibu",
    guardian: "Nama wali (opsional)",
    contacts: "Kontak darurat",
    contactsLead: "Kontak darurat diperlukan sebagai media kami dalam keadaan darurat.",
    contact: "Kontak darurat {n}",
    name: "Nama",
    relationship: "Hubungan",
    phone: "Nomor handphone",
    address: "Alamat",
    addContact: "Tambah kontak darurat",
    removeContact: "Hapus kontak darurat {n}",
    permission: "Surat keterangan izin suami / istri / wali atau orang tua",
    permissionLead: "Surat keterangan izin diperlukan sebagai landasan verifikasi dan konfirmasi pada Calon Pekerja Migran Indonesia.",
    permissionScan: "Surat izin (opsional)",
    villageNumber: "Nomor registrasi surat dari kepala desa",
    letterDate: "Tanggal surat",
    villageHead: "Nama kepala desa / lurah yang ttd mengetahui surat izin",
    permitterNik: "Nomor NIK suami/istri/orang tua/wali yang memberikan izin",
    permitterName: "Nama suami/istri/orang tua/wali yang memberikan izin",
    certificates: "Sertifikat kompetensi kerja",
    certificatesLead: "Kamu harus menambahkan minimal 1 sertifikat kompetensi kerjamu.",
    certificate: "Sertifikat {n}",
    bnsp: "Nomor sertifikat kompetensi BNSP",
    certificateScan: "Sertifikat kompetensi kerja",
    scheme: "Nama skema sertifikasi",
    schemeHint: "Seperti tertulis di sertifikat, misalnya: Pekerja Rumah Tangga",
    certIssue: "Tanggal terbit sertifikat",
    certExpiry: "Berlaku sampai (opsional)",
    addCertificate: "Tambah sertifikat",
    removeCertificate: "Hapus sertifikat {n}",
    health: "Surat keterangan sehat",
    healthLead: "Surat keterangan sehat diperlukan sebagai lampiran pada hasil pengecekan kesehatan kamu.",
    healthNumber: "Nomor surat keterangan sehat",
    healthScan: "Surat keterangan sehat",
    clinic: "Nama puskesmas/klinik/sarana kesehatan yang mengeluarkan surat keterangan sehat",
    doctor: "Nama dokter penandatangan surat keterangan sehat",
    healthDate: "Tanggal surat keterangan sehat",
    bpjs: "Kartu kepesertaan jaminan sosial (BPJS Ketenagakerjaan)",
    bpjsLead: "Informasi mengenai kartu kepesertaan BPJS Ketenagakerjaan kamu.",
    bpjsNumber: "Nomor kartu peserta BPJS TK",
    bpjsScan: "Kartu BPJS TK",
    saveDraft: "Simpan draf",
    send: "Kirim",
    saving: "Menyimpan…",
    uploading: "Mengunggah {n}…",
    uploaded: "Terunggah: {n}",
    stored: "Dokumen tersimpan",
    draftSaved: "Draf tersimpan.",
    nothingToSave: "Tidak ada perubahan yang perlu disimpan.",
    sent: "Pendaftaran terkirim ke Dinas. Status: Diajukan.",
    loading: "Memuat pendaftaran…",
    fixFields: "Periksa isian yang ditandai di bawah ini.",
    reload: "Muat ulang data tersimpan",
    sentAlready: "Pendaftaran kamu sudah dikirim. Status: {s}.",
    detail: "Lihat Detail",
    rejectedLead: "Pengajuan kamu ditolak dengan alasan:",
    detailTitle: "Pengajuan Calon Pekerja Migran Indonesia",
    detailLead: "Kamu telah mengajukan pendaftaran sebagai Calon Pekerja Migran Indonesia (CPMI) dengan informasi pengajuan sebagai berikut:",
    status: "Status",
    revise: "Revisi Pengajuan",
    reviseLead:
      "Kamu dapat melakukan revisi dengan meng-klik tombol di bawah ini dan datang ke kantor Dinas Ketenagakerjaan sesuai alamat KTP kamu untuk melakukan konfirmasi dan verifikasi.",
    rounds: "Riwayat pengajuan",
    round: "Pengajuan ke-{n}",
    submittedAt: "Dikirim {t}",
    decidedAt: "Diputuskan {t}",
    reason: "Alasan",
    noRegistration: "Kamu belum mendaftar sebagai CPMI.",
    start: "Daftar sebagai CPMI",
    administration: "Administrasi",
    documents: "Persyaratan Dokumen",
    none: "—",
    optional: "(opsional)",
  },
  en: {
    title: "Migrant worker candidate (CPMI) registration",
    titleRevise: "Migrant worker candidate (CPMI) registration, revised",
    lead: "These are the details needed to register as a CPMI.",
    requirements: "Make sure you have everything below ready for the CPMI registration.",
    reqKtp: "KTP (identity card)",
    reqKk: "Family card (KK)",
    reqMarital: "Marital status letter, if you are married",
    reqPermission: "Letter of permission from your husband or wife, parents or guardian, known to the village head",
    reqCertificate: "Competency certificate",
    reqHealth: "Health certificate",
    reqBpjs: "BPJS Ketenagakerjaan membership card (BPJS TK)",
    stepProfile: "1. Profile",
    stepDocuments: "2. Required documents",
    ktp: "KTP identity",
    ktpLead: "As on your KTP.",
    nik: "NIK number",
    nikHint: "16 digits, as on your KTP",
    fullName: "Full name, as on your KTP",
    ownPhone: "Your mobile number",
    religion: "Religion",
    kk: "Family card",
    kkLead: "Have a valid family card (KK) ready for this registration.",
    kkNumber: "Family card number",
    headNik: "NIK of the head of family",
    issuerNip: "NIP of the Dukcapil officer who issued the family card",
    kkDate: "Date the family card was issued",
    marital: "Marital status letter",
    maritalLead: "A marital status letter is needed if you are married.",
    maritalStatus: "Marital status",
    maritalLetter: "Marital status letter",
    relatives: "Relatives",
    relativesLead: "Your relatives complete the registration.",
    father: "Father's name",
    mother: "Mother's name",
    guardian: "Guardian's name (optional)",
    contacts: "Emergency contacts",
    contactsLead: "We reach these people in an emergency.",
    contact: "Emergency contact {n}",
    name: "Name",
    relationship: "Relationship",
    phone: "Mobile number",
    address: "Address",
    addContact: "Add an emergency contact",
    removeContact: "Remove emergency contact {n}",
    permission: "Letter of permission from husband / wife / guardian or parents",
    permissionLead: "The letter of permission is part of verifying and confirming a migrant worker candidate.",
    permissionScan: "Permission letter (optional)",
    villageNumber: "Registration number of the letter at the village head",
    letterDate: "Date of the letter",
    villageHead: "Name of the village head who signed the letter as known",
    permitterNik: "NIK of the husband/wife/parent/guardian giving permission",
    permitterName: "Name of the husband/wife/parent/guardian giving permission",
    certificates: "Competency certificates",
    certificatesLead: "Add at least one competency certificate.",
    certificate: "Certificate {n}",
    bnsp: "BNSP competency certificate number",
    certificateScan: "Competency certificate",
    scheme: "Certification scheme",
    schemeHint: "As written on the certificate, e.g. Pekerja Rumah Tangga (domestic worker)",
    certIssue: "Date the certificate was issued",
    certExpiry: "Valid until (optional)",
    addCertificate: "Add a certificate",
    removeCertificate: "Remove certificate {n}",
    health: "Health certificate",
    healthLead: "The health certificate is attached as the result of your health check.",
    healthNumber: "Health certificate number",
    healthScan: "Health certificate",
    clinic: "Name of the puskesmas/clinic/health facility that issued the health certificate",
    doctor: "Name of the doctor who signed the health certificate",
    healthDate: "Date of the health certificate",
    bpjs: "Social security membership (BPJS Ketenagakerjaan)",
    bpjsLead: "Your BPJS Ketenagakerjaan membership card.",
    bpjsNumber: "BPJS TK card number",
    bpjsScan: "BPJS TK card",
    saveDraft: "Save draft",
    send: "Send",
    saving: "Saving…",
    uploading: "Uploading {n}…",
    uploaded: "Uploaded: {n}",
    stored: "Stored document",
    draftSaved: "Draft saved.",
    nothingToSave: "Nothing has changed since the last save.",
    sent: "Registration sent to the Dinas. Status: Submitted.",
    loading: "Loading the registration…",
    fixFields: "Check the fields marked below.",
    reload: "Load the stored data again",
    sentAlready: "Your registration has been sent. Status: {s}.",
    detail: "See details",
    rejectedLead: "Your submission was rejected for this reason:",
    detailTitle: "Migrant worker candidate (CPMI) submission",
    detailLead: "You have applied to register as a migrant worker candidate (CPMI) with these details:",
    status: "Status",
    revise: "Revise the submission",
    reviseLead: "You can revise it with the button below, and visit the Dinas office of the regency on your KTP to confirm and be verified.",
    rounds: "Submission history",
    round: "Submission {n}",
    submittedAt: "Sent {t}",
    decidedAt: "Decided {t}",
    reason: "Reason",
    noRegistration: "You have not registered as a CPMI yet.",
    start: "Register as a CPMI",
    administration: "Administration",
    documents: "Required documents",
    none: "—",
    optional: "(optional)",
  },
};

type W = Record<keyof (typeof WORDS)["en"], string>;

/** Whether the candidate may change the form (a draft, a rejection, or nothing yet). */
function editable(registration: Registration | null | undefined): boolean {
  const status = registration?.status;
  return !registration || status === RegistrationStatus.DRAFT || status === RegistrationStatus.REJECTED || status === RegistrationStatus.UNSPECIFIED;
}

export function RegistrationPage(): JSX.Element {
  const words = useWords(WORDS);
  const statusWords = registrationStatusWords[useLanguage()];
  const { registration } = useCandidate();
  if (registration.data === undefined) return <p role="status">{words.loading}</p>;
  const reg = registration.data;
  if (!editable(reg) && reg) {
    return (
      <section aria-labelledby="registration-title">
        <FocusHeading id="registration-title">{words.title}</FocusHeading>
        <Notice kind={reg.status === RegistrationStatus.VERIFIED ? "success" : "info"}>
          <p>
            {words.sentAlready.replace("{s}", "")}
            <span class={registrationTone(reg.status)}>{statusWords[reg.status]}</span>
          </p>
        </Notice>
        <ActionLink to="/pendaftaran/detail">{words.detail}</ActionLink>
      </section>
    );
  }
  return <RegistrationEditor stored={reg} />;
}

function RegistrationEditor(props: { stored: Registration | null }): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const { cpmi, resource, refresh } = useCandidate();
  const revising = props.stored?.status === RegistrationStatus.REJECTED;
  const [form, setForm] = useState<Form>(() => formFrom(props.stored?.form));
  const [etag, setEtag] = useState(props.stored?.etag ?? "");
  const [exists, setExists] = useState(Boolean(props.stored));
  const [dirty, setDirty] = useState<Set<Section>>(new Set());
  const [saved, setSaved] = useState("");

  const change = <S extends Section>(section: S, value: Form[S]) => {
    setForm((before) => ({ ...before, [section]: value }));
    setDirty((before) => new Set(before).add(section));
    setSaved("");
  };

  const saveDraft = async (): Promise<Registration | undefined> => {
    if (exists && dirty.size === 0) return undefined;
    const registration = await cpmi.registration.updateRegistration({
      registration: { name: `${resource}/registration`, form: formTo(form), etag },
      updateMask: exists ? { paths: [...dirty].map((s) => MASK[s]) } : undefined,
      requestId: requestId(),
    });
    setEtag(registration.etag);
    setExists(true);
    setDirty(new Set());
    return registration;
  };

  const draft = useAction(async () => {
    const wasDirty = dirty.size > 0 || !exists;
    await saveDraft();
    const said = wasDirty ? words.draftSaved : words.nothingToSave;
    setSaved(said);
    announce(said);
    refresh();
  });

  const send = useAction(async () => {
    const after = await saveDraft();
    const sent = await cpmi.registration.submitRegistration({ name: `${resource}/registration`, etag: after?.etag ?? etag, requestId: requestId() });
    setEtag(sent.etag);
    announce(words.sent);
    refresh();
    go("/");
    return sent;
  });

  const problem = send.problem ?? draft.problem;
  const fields = problem?.fields ?? {};
  const err = (path: string) => fields[path];
  const busy = draft.busy || send.busy;

  const ktp = form.ktp;
  const kk = form.familyCard;
  const letter = form.permissionLetter;
  const health = form.healthCertificate;

  return (
    <section aria-labelledby="registration-title">
      <FocusHeading id="registration-title">{revising ? words.titleRevise : words.title}</FocusHeading>
      <p>{words.lead}</p>
      {revising && (
        <Notice kind="error">
          <p>{words.rejectedLead}</p>
          <p class="rejection-reason">
            <strong>{props.stored?.rejectionReason}</strong>
          </p>
        </Notice>
      )}
      {!exists && (
        <div class="card requirements">
          <p>{words.requirements}</p>
          <ul>
            {[words.reqKtp, words.reqKk, words.reqMarital, words.reqPermission, words.reqCertificate, words.reqHealth, words.reqBpjs].map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <form
        class="registration-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send.run();
        }}
      >
        <h3>{words.stepProfile}</h3>
        <fieldset>
          <legend>{words.ktp}</legend>
          <p class="hint">{words.ktpLead}</p>
          <div class="grid">
            <TextField
              label={words.fullName}
              value={ktp.fullName}
              maxLength={200}
              autoComplete="name"
              error={err("form.ktp.full_name")}
              onInput={(fullName) => change("ktp", { ...ktp, fullName })}
            />
            <TextField
              label={words.ownPhone}
              type="tel"
              value={form.phoneNumber}
              maxLength={32}
              autoComplete="tel"
              error={err("form.phone_number")}
              onInput={(phoneNumber) => change("phoneNumber", phoneNumber)}
            />
            <TextField
              label={words.nik}
              hint={words.nikHint}
              value={ktp.nik}
              inputMode="numeric"
              maxLength={16}
              error={err("form.ktp.nik") ?? err("form.ktp.domicile_regency_code")}
              onInput={(nik) => {
                const digits = nik.replace(/\D/g, "");
                // The Dinas that verifies is the regency/city in the NIK's region code.
                change("ktp", { ...ktp, nik: digits, domicileRegencyCode: digits.length >= 4 ? digits.slice(0, 4) : "" });
              }}
            />
            <SelectField
              label={words.religion}
              value={ktp.religion}
              error={err("form.ktp.religion")}
              onChange={(religion) => change("ktp", { ...ktp, religion })}
              options={Object.values(Religion)
                .filter((v): v is Religion => typeof v === "number")
                .map((value) => ({ value, label: religionWords[language][value] }))}
            />
          </div>
          <ScanField label={words.reqKtp} kind={DocumentKind.KTP} value={ktp.scan} error={err("form.ktp.scan")} onChange={(scan) => change("ktp", { ...ktp, scan })} words={words} />
        </fieldset>

        <fieldset>
          <legend>{words.kk}</legend>
          <p class="hint">{words.kkLead}</p>
          <div class="grid">
            <TextField label={words.kkNumber} value={kk.number} inputMode="numeric" maxLength={16} error={err("form.family_card.number")} onInput={(number) => change("familyCard", { ...kk, number })} />
            <TextField label={words.headNik} value={kk.headOfFamilyNik} inputMode="numeric" maxLength={16} error={err("form.family_card.head_of_family_nik")} onInput={(headOfFamilyNik) => change("familyCard", { ...kk, headOfFamilyNik })} />
            <TextField label={words.issuerNip} value={kk.issuerNip} inputMode="numeric" maxLength={18} error={err("form.family_card.issuer_nip")} onInput={(issuerNip) => change("familyCard", { ...kk, issuerNip })} />
            <TextField label={words.kkDate} type="date" value={kk.issueDate} error={err("form.family_card.issue_date")} onInput={(issueDate) => change("familyCard", { ...kk, issueDate })} />
          </div>
          <ScanField label={words.kk} kind={DocumentKind.KK} value={kk.scan} error={err("form.family_card.scan")} onChange={(scan) => change("familyCard", { ...kk, scan })} words={words} />
        </fieldset>

        <fieldset>
          <legend>{words.marital}</legend>
          <p class="hint">{words.maritalLead}</p>
          <SelectField
            label={words.maritalStatus}
            value={form.maritalStatus}
            error={err("form.marital_status")}
            onChange={(status) => change("maritalStatus", status)}
            options={[MaritalStatus.UNSPECIFIED, MaritalStatus.SINGLE, MaritalStatus.MARRIED, MaritalStatus.DIVORCED, MaritalStatus.WIDOWED].map((value) => ({
              value,
              label: maritalWords[language][value],
            }))}
          />
          <ScanField
            label={form.maritalStatus === MaritalStatus.MARRIED ? words.maritalLetter : `${words.maritalLetter} ${words.optional}`}
            kind={DocumentKind.MARITAL_STATUS_LETTER}
            value={form.maritalStatusLetterScan}
            error={err("form.marital_status_letter_scan")}
            onChange={(scan) => change("maritalStatusLetterScan", scan)}
            words={words}
          />
        </fieldset>

        <fieldset>
          <legend>{words.relatives}</legend>
          <p class="hint">{words.relativesLead}</p>
          <div class="grid">
            <TextField label={words.father} value={form.relatives.fatherName} error={err("form.relatives.father_name")} onInput={(fatherName) => change("relatives", { ...form.relatives, fatherName })} />
            <TextField label={words.mother} value={form.relatives.motherName} error={err("form.relatives.mother_name")} onInput={(motherName) => change("relatives", { ...form.relatives, motherName })} />
            <TextField label={words.guardian} value={form.relatives.guardianName} error={err("form.relatives.guardian_name")} onInput={(guardianName) => change("relatives", { ...form.relatives, guardianName })} />
          </div>
        </fieldset>

        <fieldset>
          <legend>{words.contacts}</legend>
          <p class="hint">{words.contactsLead}</p>
          {err("form.emergency_contacts") && <p class="field-error">{err("form.emergency_contacts")}</p>}
          {form.emergencyContacts.map((contact, i) => {
            const put = (patch: Partial<typeof contact>) =>
              change(
                "emergencyContacts",
                form.emergencyContacts.map((c, j) => (j === i ? { ...c, ...patch } : c)),
              );
            const path = `form.emergency_contacts[${i}]`;
            const n = String(i + 1);
            return (
              <fieldset key={i} class="item">
                <legend>{words.contact.replace("{n}", n)}</legend>
                <div class="grid">
                  <TextField label={words.name} value={contact.name} error={err(`${path}.name`)} onInput={(name) => put({ name })} />
                  <TextField label={words.relationship} value={contact.relationship} error={err(`${path}.relationship`)} onInput={(relationship) => put({ relationship })} />
                  <TextField label={words.phone} type="tel" inputMode="tel" value={contact.phoneNumber} error={err(`${path}.phone_number`)} onInput={(phoneNumber) => put({ phoneNumber })} />
                  <TextField label={words.address} value={contact.address} error={err(`${path}.address`)} onInput={(address) => put({ address })} />
                </div>
                {form.emergencyContacts.length > 1 && (
                  <button type="button" class="link" onClick={() => change("emergencyContacts", form.emergencyContacts.filter((_, j) => j !== i))}>
                    {words.removeContact.replace("{n}", n)}
                  </button>
                )}
              </fieldset>
            );
          })}
          <button type="button" class="secondary" onClick={() => change("emergencyContacts", [...form.emergencyContacts, emptyContact()])}>
            {words.addContact}
          </button>
        </fieldset>

        <h3>{words.stepDocuments}</h3>
        <fieldset>
          <legend>{words.permission}</legend>
          <p class="hint">{words.permissionLead}</p>
          <ScanField label={words.permissionScan} kind={DocumentKind.PERMISSION_LETTER} value={letter.scan} error={err("form.permission_letter.scan")} onChange={(scan) => change("permissionLetter", { ...letter, scan })} words={words} />
          <div class="grid">
            <TextField label={words.villageNumber} value={letter.villageRegistrationNumber} error={err("form.permission_letter.village_registration_number")} onInput={(v) => change("permissionLetter", { ...letter, villageRegistrationNumber: v })} />
            <TextField label={words.letterDate} type="date" value={letter.letterDate} error={err("form.permission_letter.letter_date")} onInput={(v) => change("permissionLetter", { ...letter, letterDate: v })} />
            <TextField label={words.villageHead} value={letter.villageHeadName} error={err("form.permission_letter.village_head_name")} onInput={(v) => change("permissionLetter", { ...letter, villageHeadName: v })} />
            <TextField label={words.permitterNik} value={letter.permitterNik} inputMode="numeric" maxLength={16} error={err("form.permission_letter.permitter_nik")} onInput={(v) => change("permissionLetter", { ...letter, permitterNik: v })} />
            <TextField label={words.permitterName} value={letter.permitterName} error={err("form.permission_letter.permitter_name")} onInput={(v) => change("permissionLetter", { ...letter, permitterName: v })} />
          </div>
        </fieldset>

        <fieldset>
          <legend>{words.certificates}</legend>
          <p class="hint">{words.certificatesLead}</p>
          {err("form.competency_certificates") && <p class="field-error">{err("form.competency_certificates")}</p>}
          {form.competencyCertificates.map((cert, i) => {
            const put = (patch: Partial<typeof cert>) =>
              change(
                "competencyCertificates",
                form.competencyCertificates.map((c, j) => (j === i ? { ...c, ...patch } : c)),
              );
            const path = `form.competency_certificates[${i}]`;
            const n = String(i + 1);
            return (
              <fieldset key={i} class="item">
                <legend>{words.certificate.replace("{n}", n)}</legend>
                <div class="grid">
                  <TextField label={words.bnsp} value={cert.bnspNumber} error={err(`${path}.bnsp_number`)} onInput={(bnspNumber) => put({ bnspNumber })} />
                  <TextField label={words.scheme} hint={words.schemeHint} value={cert.schemeTitle} error={err(`${path}.scheme_title`) ?? err(`${path}.occupation_code`)} onInput={(schemeTitle) => put({ schemeTitle })} />
                  <TextField label={words.certIssue} type="date" value={cert.issueDate} error={err(`${path}.issue_date`)} onInput={(issueDate) => put({ issueDate })} />
                  <TextField label={words.certExpiry} type="date" value={cert.expiryDate} error={err(`${path}.expiry_date`)} onInput={(expiryDate) => put({ expiryDate })} />
                </div>
                <ScanField label={words.certificateScan} kind={DocumentKind.COMPETENCY_CERTIFICATE} value={cert.scan} error={err(`${path}.scan`)} onChange={(scan) => put({ scan })} words={words} />
                {form.competencyCertificates.length > 1 && (
                  <button type="button" class="link" onClick={() => change("competencyCertificates", form.competencyCertificates.filter((_, j) => j !== i))}>
                    {words.removeCertificate.replace("{n}", n)}
                  </button>
                )}
              </fieldset>
            );
          })}
          <button type="button" class="secondary" onClick={() => change("competencyCertificates", [...form.competencyCertificates, emptyCertificate()])}>
            {words.addCertificate}
          </button>
        </fieldset>

        <fieldset>
          <legend>{words.health}</legend>
          <p class="hint">{words.healthLead}</p>
          <div class="grid">
            <TextField label={words.healthNumber} value={health.number} error={err("form.health_certificate.number")} onInput={(number) => change("healthCertificate", { ...health, number })} />
            <TextField label={words.healthDate} type="date" value={health.issueDate} error={err("form.health_certificate.issue_date")} onInput={(issueDate) => change("healthCertificate", { ...health, issueDate })} />
            <TextField label={words.clinic} value={health.clinicName} error={err("form.health_certificate.clinic_name")} onInput={(clinicName) => change("healthCertificate", { ...health, clinicName })} />
            <TextField label={words.doctor} value={health.doctorName} error={err("form.health_certificate.doctor_name")} onInput={(doctorName) => change("healthCertificate", { ...health, doctorName })} />
          </div>
          <ScanField label={words.healthScan} kind={DocumentKind.HEALTH_CERTIFICATE} value={health.scan} error={err("form.health_certificate.scan")} onChange={(scan) => change("healthCertificate", { ...health, scan })} words={words} />
        </fieldset>

        <fieldset>
          <legend>{words.bpjs}</legend>
          <p class="hint">{words.bpjsLead}</p>
          <TextField label={words.bpjsNumber} value={form.bpjs.cardNumber} inputMode="numeric" maxLength={11} error={err("form.bpjs.card_number")} onInput={(cardNumber) => change("bpjs", { ...form.bpjs, cardNumber })} />
          <ScanField label={words.bpjsScan} kind={DocumentKind.BPJS_CARD} value={form.bpjs.scan} error={err("form.bpjs.scan")} onChange={(scan) => change("bpjs", { ...form.bpjs, scan })} words={words} />
        </fieldset>

        <div class="form-actions">
          {problem && (
            <div id="registration-problem">
              <ProblemNotice problem={problem} />
              {Object.keys(fields).length > 0 && <p class="field-error">{words.fixFields}</p>}
              {/ETAG|ABORTED|CONFLICT/i.test(problem.reason) && (
                <button type="button" class="secondary" onClick={() => refresh()}>
                  {words.reload}
                </button>
              )}
            </div>
          )}
          {busy && <p role="status">{words.saving}</p>}
          {saved && !problem && <Notice kind="success">{saved}</Notice>}
          <div class="actions">
            <button type="button" class="secondary" disabled={busy} onClick={() => void draft.run()}>
              {words.saveDraft}
            </button>
            <button type="submit" disabled={busy}>
              {words.send}
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}

/** A scan of one document group: checked before sending, uploaded at once, then viewable. */
function ScanField(props: { label: string; kind: DocumentKind; value: string; error?: string; onChange: (name: string) => void; words: W }): JSX.Element {
  const { cpmi, resource } = useCandidate();
  const [filename, setFilename] = useState("");
  const upload = useAction(async (file: File) => {
    const document = await cpmi.documents.uploadDocument({
      parent: resource,
      kind: props.kind,
      filename: file.name,
      content: await fileBytes(file),
      requestId: requestId(),
    });
    setFilename(document.filename);
    props.onChange(document.name);
    announce(props.words.uploaded.replace("{n}", document.filename));
    return document;
  });
  const refused = upload.problem ? Object.values(upload.problem.fields)[0] ?? upload.problem.message : undefined;
  const done = upload.busy
    ? props.words.uploading.replace("{n}", "")
    : filename
      ? props.words.uploaded.replace("{n}", filename)
      : undefined;
  return (
    <div class="scan">
      <FileField label={props.label} onFile={(file) => void upload.run(file)} error={refused ?? props.error} done={done} />
      {props.value && <DocumentView cpmi={cpmi} name={props.value} label={`${props.words.stored}: ${props.label}`} />}
    </div>
  );
}

// ---- Lihat Detail ----------------------------------------------------------------------

export function RegistrationDetail(): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const statusWords = registrationStatusWords[useLanguage()];
  const decisionWords = roundDecisionWords[useLanguage()];
  const { cpmi, resource, registration } = useCandidate();
  const reg = registration.data;
  const rounds = useQuery(
    () => (reg && reg.round > 0 ? cpmi.registration.listRegistrationRounds({ parent: `${resource}/registration`, pageSize: 100 }) : Promise.resolve(undefined)),
    [resource, reg?.round, reg?.status],
  );
  if (reg === undefined) return <p role="status">{words.loading}</p>;
  if (reg === null) {
    return (
      <section aria-labelledby="detail-title">
        <FocusHeading id="detail-title">{words.detailTitle}</FocusHeading>
        <p>{words.noRegistration}</p>
        <ActionLink to="/pencari-kerja">{words.start}</ActionLink>
      </section>
    );
  }
  const rejected = reg.status === RegistrationStatus.REJECTED;
  return (
    <section aria-labelledby="detail-title">
      <FocusHeading id="detail-title">{words.detailTitle}</FocusHeading>
      <p>{words.detailLead}</p>
      <dl class="facts">
        <dt>{words.status}</dt>
        <dd>
          <span class={registrationTone(reg.status)} data-testid="registration-status">
            {statusWords[reg.status]}
          </span>
        </dd>
      </dl>
      {rejected && (
        <Notice kind="error">
          <p>{words.rejectedLead}</p>
          <p class="rejection-reason">
            <strong>{reg.rejectionReason}</strong>
          </p>
        </Notice>
      )}
      {rejected && (
        <>
          <p>{words.reviseLead}</p>
          <div class="actions">
            <ActionLink to="/pendaftaran">{words.revise}</ActionLink>
          </div>
        </>
      )}
      {reg.status === RegistrationStatus.DRAFT && <ActionLink to="/pendaftaran">{words.start}</ActionLink>}
      <FormSummary form={reg.form} words={words} />
      {(rounds.data?.rounds.length ?? 0) > 0 && (
        <section aria-labelledby="rounds-title">
          <h3 id="rounds-title">{words.rounds}</h3>
          <ol class="rounds">
            {[...(rounds.data?.rounds ?? [])].reverse().map((round) => (
              <li key={round.round} class="card">
                <p>
                  <strong>{words.round.replace("{n}", String(round.round))}</strong>{" "}
                  <span class={round.decision === 2 ? "status status-ok" : round.decision === 3 ? "status status-bad" : "status status-wait"}>{decisionWords[round.decision]}</span>
                </p>
                <p class="meta">
                  {words.submittedAt.replace("{t}", timeText(round.submitTime, language))}
                  {round.decideTime && ` · ${words.decidedAt.replace("{t}", timeText(round.decideTime, language))}`}
                </p>
                {round.reason && (
                  <p>
                    {words.reason}: {round.reason}
                  </p>
                )}
                <details>
                  <summary>{words.documents}</summary>
                  <FormSummary form={round.form} words={words} compact />
                </details>
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}

function FormSummary(props: { form: RegistrationForm | undefined; words: W; compact?: boolean }): JSX.Element | null {
  const { cpmi } = useCandidate();
  const language = useLanguage();
  const words = props.words;
  const f = props.form;
  if (!f) return null;
  const docs = documentWords[language];
  const fact = (label: string, value: ComponentChildren) => (
    <>
      <dt>{label}</dt>
      <dd>{value || words.none}</dd>
    </>
  );
  const date = (d: { year: number; month: number; day: number } | undefined) => dateText(d, language);
  const scans: { label: string; name: string }[] = [
    { label: docs[DocumentKind.KTP], name: f.ktp?.scan ?? "" },
    { label: docs[DocumentKind.KK], name: f.familyCard?.scan ?? "" },
    { label: docs[DocumentKind.MARITAL_STATUS_LETTER], name: f.maritalStatusLetterScan },
    { label: docs[DocumentKind.PERMISSION_LETTER], name: f.permissionLetter?.scan ?? "" },
    ...f.competencyCertificates.map((c, i) => ({ label: `${docs[DocumentKind.COMPETENCY_CERTIFICATE]} ${i + 1}`, name: c.scan })),
    { label: docs[DocumentKind.HEALTH_CERTIFICATE], name: f.healthCertificate?.scan ?? "" },
    { label: docs[DocumentKind.BPJS_CARD], name: f.bpjs?.scan ?? "" },
  ].filter((s) => s.name);
  return (
    <div class="form-summary">
      {!props.compact && (
        <>
          <h3>{words.administration}</h3>
          <div class="card">
            <h4>{words.ktp}</h4>
            <dl class="facts">
              {fact(words.fullName, f.ktp?.fullName)}
              {fact(words.ownPhone, f.phoneNumber)}
              {fact(words.nik, f.ktp?.nik)}
              {fact(words.religion, f.ktp?.religion ? religionWords[language][f.ktp.religion] : "")}
            </dl>
            <h4>{words.kk}</h4>
            <dl class="facts">
              {fact(words.kkNumber, f.familyCard?.number)}
              {fact(words.headNik, f.familyCard?.headOfFamilyNik)}
              {fact(words.issuerNip, f.familyCard?.issuerNip)}
              {fact(words.kkDate, date(f.familyCard?.issueDate))}
            </dl>
            <h4>{words.maritalStatus}</h4>
            <p>{f.maritalStatus ? maritalWords[language][f.maritalStatus] : words.none}</p>
            <h4>{words.relatives}</h4>
            <dl class="facts">
              {fact(words.father, f.relatives?.fatherName)}
              {fact(words.mother, f.relatives?.motherName)}
              {fact(words.guardian, f.relatives?.guardianName)}
            </dl>
            <h4>{words.contacts}</h4>
            <ul>
              {f.emergencyContacts.map((c, i) => (
                <li key={i}>
                  {c.name} ({c.relationship}) · {c.phoneNumber} · {c.address}
                </li>
              ))}
            </ul>
            <h4>{words.permission}</h4>
            <dl class="facts">
              {fact(words.villageNumber, f.permissionLetter?.villageRegistrationNumber)}
              {fact(words.letterDate, date(f.permissionLetter?.letterDate))}
              {fact(words.villageHead, f.permissionLetter?.villageHeadName)}
              {fact(words.permitterName, f.permissionLetter?.permitterName)}
            </dl>
            <h4>{words.certificates}</h4>
            <ul>
              {f.competencyCertificates.map((c, i) => (
                <li key={i}>
                  {c.bnspNumber} · {c.schemeTitle}
                  {c.issueDate?.year ? ` · ${date(c.issueDate)}` : ""}
                </li>
              ))}
            </ul>
            <h4>{words.health}</h4>
            <dl class="facts">
              {fact(words.healthNumber, f.healthCertificate?.number)}
              {fact(words.clinic, f.healthCertificate?.clinicName)}
              {fact(words.doctor, f.healthCertificate?.doctorName)}
              {fact(words.healthDate, date(f.healthCertificate?.issueDate))}
            </dl>
            <h4>{words.bpjs}</h4>
            <dl class="facts">{fact(words.bpjsNumber, f.bpjs?.cardNumber)}</dl>
          </div>
          <h3>{words.documents}</h3>
        </>
      )}
      <div class="card documents">
        {scans.map((scan, i) => (
          <DocumentView key={`${scan.name}-${i}`} cpmi={cpmi} name={scan.name} label={scan.label} />
        ))}
      </div>
    </div>
  );
}

