/** The operator's words. */
import type { Words } from "../i18n.js";

export const WORDS: Words<
  | "title"
  | "sections"
  | "policies"
  | "audit"
  | "loading"
  | "reload"
  | "newer"
  | "older"
  | "page"
  | "policiesTitle"
  | "policiesLead"
  | "policiesEmpty"
  | "stateLoaded"
  | "stateActive"
  | "stateRetired"
  | "effective"
  | "effectiveFrom"
  | "openEnded"
  | "loadedBy"
  | "activatedBy"
  | "byAt"
  | "system"
  | "open"
  | "back"
  | "version"
  | "versionTitle"
  | "description"
  | "rules"
  | "rulesCount"
  | "ruleCount1"
  | "basis"
  | "operational"
  | "document"
  | "documentHint"
  | "loadTitle"
  | "loadLead"
  | "paste"
  | "pasteHint"
  | "file"
  | "fileHint"
  | "fileWrong"
  | "fileRead"
  | "notJson"
  | "emptyDocument"
  | "load"
  | "loaded"
  | "loadRefused"
  | "dryRun"
  | "dryRunLead"
  | "referenceDate"
  | "referenceHint"
  | "run"
  | "dryRunTitle"
  | "dryRunSummary"
  | "pairs"
  | "gaining"
  | "losing"
  | "vacGaining"
  | "vacLosing"
  | "byRule"
  | "noChange"
  | "newlyRefused"
  | "freed"
  | "candidatesPairs"
  | "ruleSentence"
  | "otherRule"
  | "activate"
  | "activateConfirm"
  | "yesActivate"
  | "activated"
  | "rollback"
  | "rollbackConfirm"
  | "yesRollback"
  | "rolledBack"
  | "cancel"
  | "whoNote"
  | "current"
  | "auditTitle"
  | "auditLead"
  | "auditEmpty"
  | "filter"
  | "subjectRole"
  | "subjectId"
  | "subjectIdHint"
  | "resourceKind"
  | "resourceId"
  | "resourceIdHint"
  | "any"
  | "apply"
  | "clear"
  | "roleCandidate"
  | "roleDinas"
  | "roleP3mi"
  | "roleOperator"
  | "roleService"
  | "kindRegistration"
  | "kindCandidate"
  | "kindApplication"
  | "kindVacancy"
  | "kindDocument"
  | "kindPolicy"
  | "kindOther"
  | "when"
  | "who"
  | "what"
  | "onWhat"
  | "actorFor"
  | "requestNote"
  | "from"
  | "internal"
  | "unknownAction"
  | "needId"
> = {
  "id-ID": {
    title: "Operator",
    sections: "Menu operator",
    policies: "Kebijakan",
    audit: "Jejak audit",
    loading: "Memuat…",
    reload: "Muat ulang",
    newer: "Halaman sebelumnya",
    older: "Halaman berikutnya",
    page: "Halaman {n}",
    policiesTitle: "Versi kebijakan kelayakan",
    policiesLead: "Kebijakan menentukan siapa boleh melamar lowongan mana: usia minimal, penutupan negara dan sektor, masa berlaku dokumen. Versi terbaru di atas. Uji dampak sebuah versi sebelum mengaktifkannya.",
    policiesEmpty: "Belum ada versi kebijakan.",
    stateLoaded: "Dimuat, belum aktif",
    stateActive: "Aktif",
    stateRetired: "Dikembalikan",
    effective: "Berlaku",
    effectiveFrom: "mulai {n}",
    openEnded: "tanpa batas akhir",
    loadedBy: "Dimuat oleh",
    activatedBy: "Diaktifkan oleh",
    byAt: "{n}",
    system: "sistem",
    open: "Buka versi {n}",
    back: "Kembali ke daftar kebijakan",
    version: "Versi",
    versionTitle: "Kebijakan versi {n}",
    description: "Keterangan",
    rules: "Aturan",
    rulesCount: "{n} aturan",
    ruleCount1: "1 aturan",
    basis: "Dasar hukum",
    operational: "Aturan operasional",
    document: "Dokumen kebijakan (JSON)",
    documentHint: "Dokumen persis seperti dimuat; hanya untuk dibaca.",
    loadTitle: "Muat versi baru",
    loadLead: "Tempel dokumen kebijakan (JSON) atau pilih berkas .json. Versi baru disimpan tanpa diaktifkan; kebijakan yang berlaku tidak berubah.",
    paste: "Dokumen kebijakan (JSON)",
    pasteHint: "Misalnya salinan versi yang berlaku dengan nomor versi baru.",
    file: "Atau pilih berkas .json",
    fileHint: "Isi berkas ditampilkan di kotak di atas sebelum dimuat.",
    fileWrong: "Pilih berkas JSON (.json).",
    fileRead: "Berkas {n} dibaca; periksa isinya lalu muat.",
    notJson: "Dokumen ini bukan JSON yang sah: {n}",
    emptyDocument: "Isi dokumen kebijakan terlebih dahulu.",
    load: "Muat kebijakan",
    loaded: "Kebijakan versi {n} dimuat (belum aktif). Uji dampaknya sebelum mengaktifkan.",
    loadRefused: "Dokumen ditolak; kebijakan yang berlaku tidak berubah. Yang harus diperbaiki:",
    dryRun: "Uji dampak",
    dryRunLead: "Bandingkan versi ini dengan kebijakan yang berlaku sekarang: per aturan, berapa calon yang baru ditolak dan berapa yang tidak lagi ditolak.",
    referenceDate: "Tanggal acuan",
    referenceHint: "Kosongkan untuk hari ini.",
    run: "Jalankan uji dampak",
    dryRunTitle: "Dampak versi {n}",
    dryRunSummary: "Dibandingkan dengan versi yang berlaku ({n}).",
    pairs: "Pasangan calon–lowongan dinilai",
    gaining: "Calon yang dapat melamar lebih banyak lowongan",
    losing: "Calon yang dapat melamar lebih sedikit lowongan",
    vacGaining: "Lowongan dengan calon layak bertambah",
    vacLosing: "Lowongan dengan calon layak berkurang",
    byRule: "Dampak per aturan",
    noChange: "Tidak ada aturan yang mengubah keputusan: versi ini memutuskan sama seperti yang berlaku.",
    newlyRefused: "Baru ditolak",
    freed: "Tidak lagi ditolak",
    candidatesPairs: "{c} calon, {p} pasangan",
    ruleSentence: "{r}",
    otherRule: "Aturan tanpa keterangan",
    activate: "Aktifkan",
    activateConfirm: "Aktifkan versi {n}? Versi ini akan memutuskan kelayakan mulai tanggal berlakunya, menggantikan versi yang berlaku.",
    yesActivate: "Ya, aktifkan",
    activated: "Kebijakan versi {n} diaktifkan.",
    rollback: "Kembalikan",
    rollbackConfirm: "Kembalikan versi {n}? Versi ini tidak berlaku lagi dan versi sebelumnya kembali memutuskan.",
    yesRollback: "Ya, kembalikan",
    rolledBack: "Kebijakan versi {n} dikembalikan; versi sebelumnya berlaku lagi.",
    cancel: "Batal",
    whoNote: "Nama kamu dan waktunya dicatat pada versi ini dan di jejak audit.",
    current: "Berlaku sekarang",
    auditTitle: "Jejak audit",
    auditLead: "Setiap perubahan dan setiap unduhan dokumen: siapa, kapan, apa, dan pada apa. Yang terbaru di atas.",
    auditEmpty: "Tidak ada catatan yang cocok.",
    filter: "Saring",
    subjectRole: "Pelaku",
    subjectId: "Pengenal pelaku",
    subjectIdHint: "Misalnya kode kabupaten/kota Dinas, pengenal calon atau perusahaan.",
    resourceKind: "Yang diubah",
    resourceId: "Pengenalnya",
    resourceIdHint: "Kosongkan untuk semua. Untuk pendaftaran: pengenal calon.",
    any: "Semua",
    apply: "Terapkan saringan",
    clear: "Hapus saringan",
    roleCandidate: "Calon pekerja migran",
    roleDinas: "Dinas",
    roleP3mi: "P3MI",
    roleOperator: "Operator",
    roleService: "Sistem",
    kindRegistration: "Pendaftaran CPMI",
    kindCandidate: "Calon",
    kindApplication: "Lamaran",
    kindVacancy: "Lowongan",
    kindDocument: "Dokumen",
    kindPolicy: "Kebijakan",
    kindOther: "Lainnya",
    when: "Waktu",
    who: "Pelaku",
    what: "Tindakan",
    onWhat: "Pada",
    actorFor: "oleh {n}",
    requestNote: "nomor permintaan {n}",
    from: "dari {n}",
    internal: "Perubahan oleh sistem",
    unknownAction: "Tindakan lain",
    needId: "Isi pengenalnya, atau pilih \"Semua\".",
  },
  en: {
    title: "Operator",
    sections: "Operator menu",
    policies: "Policies",
    audit: "Audit trail",
    loading: "Loading…",
    reload: "Reload",
    newer: "Previous page",
    older: "Next page",
    page: "Page {n}",
    policiesTitle: "Eligibility policy versions",
    policiesLead: "The policy decides who may apply to which vacancy: minimum ages, closures of countries and sectors, how long documents stay valid. Newest first. Try a version's impact before activating it.",
    policiesEmpty: "No policy version yet.",
    stateLoaded: "Loaded, not active",
    stateActive: "Active",
    stateRetired: "Rolled back",
    effective: "In force",
    effectiveFrom: "from {n}",
    openEnded: "no end date",
    loadedBy: "Loaded by",
    activatedBy: "Activated by",
    byAt: "{n}",
    system: "the system",
    open: "Open version {n}",
    back: "Back to the policies",
    version: "Version",
    versionTitle: "Policy version {n}",
    description: "Description",
    rules: "Rules",
    rulesCount: "{n} rules",
    ruleCount1: "1 rule",
    basis: "Legal basis",
    operational: "Operational rule",
    document: "Policy document (JSON)",
    documentHint: "The document exactly as loaded; read only.",
    loadTitle: "Load a new version",
    loadLead: "Paste a policy document (JSON) or choose a .json file. The new version is stored without activating it; the policy in force does not change.",
    paste: "Policy document (JSON)",
    pasteHint: "For example a copy of the version in force with a new version number.",
    file: "Or choose a .json file",
    fileHint: "The file's text is put in the box above before it is loaded.",
    fileWrong: "Choose a JSON file (.json).",
    fileRead: "File {n} read; check it, then load it.",
    notJson: "This document is not valid JSON: {n}",
    emptyDocument: "Enter a policy document first.",
    load: "Load the policy",
    loaded: "Policy version {n} is loaded (not active). Try its impact before activating it.",
    loadRefused: "The document was refused; the policy in force is unchanged. To fix:",
    dryRun: "Try the impact",
    dryRunLead: "Compare this version with the policy in force: per rule, how many candidates are newly refused and how many are no longer refused.",
    referenceDate: "Reference date",
    referenceHint: "Leave empty for today.",
    run: "Run the impact check",
    dryRunTitle: "Impact of version {n}",
    dryRunSummary: "Compared with the version in force ({n}).",
    pairs: "Candidate–vacancy pairs evaluated",
    gaining: "Candidates who could apply to more vacancies",
    losing: "Candidates who could apply to fewer vacancies",
    vacGaining: "Vacancies with more eligible candidates",
    vacLosing: "Vacancies with fewer eligible candidates",
    byRule: "Impact per rule",
    noChange: "No rule changes a decision: this version decides as the one in force does.",
    newlyRefused: "Newly refused",
    freed: "No longer refused",
    candidatesPairs: "{c} candidates, {p} pairs",
    ruleSentence: "{r}",
    otherRule: "A rule without a description",
    activate: "Activate",
    activateConfirm: "Activate version {n}? It will decide eligibility from its effective date, in place of the version in force.",
    yesActivate: "Yes, activate",
    activated: "Policy version {n} is activated.",
    rollback: "Roll back",
    rollbackConfirm: "Roll back version {n}? It stops deciding and the version before it decides again.",
    yesRollback: "Yes, roll back",
    rolledBack: "Policy version {n} is rolled back; the version before it decides again.",
    cancel: "Cancel",
    whoNote: "Your name and the time are recorded on this version and in the audit trail.",
    current: "In force now",
    auditTitle: "Audit trail",
    auditLead: "Every change and every document download: who, when, what, and on what. Newest first.",
    auditEmpty: "No record matches.",
    filter: "Filter",
    subjectRole: "Who acted",
    subjectId: "Their identifier",
    subjectIdHint: "For example the Dinas's regency code, a candidate's or a company's identifier.",
    resourceKind: "What was changed",
    resourceId: "Its identifier",
    resourceIdHint: "Leave empty for all. For a registration: the candidate's identifier.",
    any: "All",
    apply: "Apply the filter",
    clear: "Clear the filter",
    roleCandidate: "Migrant worker candidate",
    roleDinas: "Dinas",
    roleP3mi: "P3MI",
    roleOperator: "Operator",
    roleService: "System",
    kindRegistration: "CPMI registration",
    kindCandidate: "Candidate",
    kindApplication: "Application",
    kindVacancy: "Vacancy",
    kindDocument: "Document",
    kindPolicy: "Policy",
    kindOther: "Other",
    when: "When",
    who: "Who",
    what: "Action",
    onWhat: "On",
    actorFor: "by {n}",
    requestNote: "request number {n}",
    from: "from {n}",
    internal: "A change by the system",
    unknownAction: "Another action",
    needId: "Enter the identifier, or choose \"All\".",
  },
};

export type OperatorWords = (typeof WORDS)["id-ID"];

/** `text` with each {key} replaced. */
export function fill(text: string, values: Record<string, string | number> | string | number): string {
  const all = typeof values === "object" ? values : { n: values };
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = all[key];
    if (value === undefined) return whole;
    return typeof value === "number" ? value.toLocaleString("id-ID") : value;
  });
}

/** What each method of the API did, in words (the audit trail's actions). */
export const ACTIONS: Record<"id-ID" | "en", Record<string, string>> = {
  "id-ID": {
    Apply: "Melamar lowongan",
    AcceptApplication: "Menerima lamaran (PP diunggah)",
    ActivatePolicy: "Mengaktifkan kebijakan",
    CloseVacancy: "Menutup lowongan",
    CreateVacancy: "Memasang lowongan",
    DownloadDocument: "Mengunduh dokumen",
    GetDocument: "Membuka dokumen",
    LoadPolicy: "Memuat kebijakan",
    ProcessApplication: "Memproses lamaran",
    RefusePlacementAgreement: "Menolak PP",
    RejectApplication: "Menolak lamaran",
    RejectRegistration: "Menolak pendaftaran",
    ResubmitPlacementAgreement: "Mengirim PP perbaikan",
    RevokeCertificate: "Mencabut sertifikat",
    RollbackPolicy: "Mengembalikan kebijakan",
    ScheduleInterview: "Menjadwalkan wawancara",
    SubmitRegistration: "Mengirim pendaftaran (Kirim)",
    TransitionApplication: "Mengubah status lamaran",
    UpdateJobSeekerProfile: "Mengubah profil pencari kerja",
    UpdateRegistration: "Menyimpan draf pendaftaran",
    UpdateVacancy: "Mengubah lowongan",
    UploadDocument: "Mengunggah dokumen",
    VerifyPlacementAgreement: "Memverifikasi PP",
    VerifyRegistration: "Memverifikasi pendaftaran",
    WithdrawApplication: "Membatalkan lamaran",
    GetApplicant: "Membuka data pelamar",
  },
  en: {
    Apply: "Applied to a vacancy",
    AcceptApplication: "Accepted an application (PP uploaded)",
    ActivatePolicy: "Activated a policy",
    CloseVacancy: "Closed a vacancy",
    CreateVacancy: "Posted a vacancy",
    DownloadDocument: "Downloaded a document",
    GetDocument: "Opened a document",
    LoadPolicy: "Loaded a policy",
    ProcessApplication: "Processed an application",
    RefusePlacementAgreement: "Refused a PP",
    RejectApplication: "Rejected an application",
    RejectRegistration: "Rejected a registration",
    ResubmitPlacementAgreement: "Sent a corrected PP",
    RevokeCertificate: "Revoked a certificate",
    RollbackPolicy: "Rolled back a policy",
    ScheduleInterview: "Scheduled an interview",
    SubmitRegistration: "Sent a registration",
    TransitionApplication: "Changed an application's status",
    UpdateJobSeekerProfile: "Changed a job-seeker profile",
    UpdateRegistration: "Saved a registration draft",
    UpdateVacancy: "Changed a vacancy",
    UploadDocument: "Uploaded a document",
    VerifyPlacementAgreement: "Verified a PP",
    VerifyRegistration: "Verified a registration",
    WithdrawApplication: "Withdrew an application",
    GetApplicant: "Opened an applicant's details",
  },
};

/** Each rule of the policy by what it checks (the policy's own messages are templates for a
 * candidate, with placeholders, so they do not name a rule). */
export const RULE_NAMES: Record<"id-ID" | "en", Record<string, string>> = {
  "id-ID": {
    REGISTRATION_NOT_VERIFIED: "Pendaftaran CPMI belum diverifikasi Dinas",
    CERTIFICATE_MISMATCH: "Sertifikat kompetensi tidak sesuai dengan jabatan lowongan",
    CERTIFICATE_EXPIRED: "Sertifikat kompetensi kedaluwarsa",
    CERTIFICATE_REVOKED: "Sertifikat kompetensi dicabut",
    VACANCY_CLOSED: "Lowongan ditutup",
    VACANCY_PAST_CLOSING_DATE: "Batas akhir lamaran lewat",
    NO_OPENINGS_FOR_GENDER: "Kuota untuk jenis kelamin calon habis",
    UNDER_MINIMUM_AGE: "Usia di bawah batas minimal",
    OUTSIDE_VACANCY_AGE_RANGE: "Usia di luar rentang usia lowongan",
    HEALTH_CERTIFICATE_TOO_OLD: "Surat keterangan sehat terlalu lama",
    BPJS_MISSING: "Belum menjadi peserta BPJS Ketenagakerjaan",
    DESTINATION_CLOSED: "Negara tujuan ditutup untuk pekerjaan ini",
    ALREADY_APPLIED: "Sudah melamar lowongan ini",
    ALREADY_PLACED: "Sedang dalam penempatan lain",
  },
  en: {
    REGISTRATION_NOT_VERIFIED: "CPMI registration not verified by the Dinas",
    CERTIFICATE_MISMATCH: "Competency certificate does not fit the vacancy's occupation",
    CERTIFICATE_EXPIRED: "Competency certificate expired",
    CERTIFICATE_REVOKED: "Competency certificate revoked",
    VACANCY_CLOSED: "Vacancy closed",
    VACANCY_PAST_CLOSING_DATE: "Closing date passed",
    NO_OPENINGS_FOR_GENDER: "No openings left for the candidate's sex",
    UNDER_MINIMUM_AGE: "Below the minimum age",
    OUTSIDE_VACANCY_AGE_RANGE: "Outside the vacancy's age range",
    HEALTH_CERTIFICATE_TOO_OLD: "Health certificate too old",
    BPJS_MISSING: "No BPJS Ketenagakerjaan membership",
    DESTINATION_CLOSED: "Destination closed for this job",
    ALREADY_APPLIED: "Already applied to this vacancy",
    ALREADY_PLACED: "In another placement",
  },
};
