/** The Dinas officer's words (the guide's words; formal but plain for officers). */
import type { Words } from "../i18n.js";

export const WORDS: Words<
  | "sections"
  | "queue"
  | "agreements"
  | "queueTitle"
  | "queueLead"
  | "queueEmpty"
  | "loading"
  | "reload"
  | "newer"
  | "older"
  | "page"
  | "submittedAt"
  | "round"
  | "roundFirst"
  | "open"
  | "noName"
  | "back"
  | "status"
  | "statusDraft"
  | "statusSubmitted"
  | "statusRejected"
  | "statusVerified"
  | "ktp"
  | "fullName"
  | "nik"
  | "religion"
  | "gender"
  | "male"
  | "female"
  | "birthDate"
  | "phone"
  | "ktpScan"
  | "kk"
  | "kkNumber"
  | "headNik"
  | "issuerNip"
  | "issueDate"
  | "kkScan"
  | "marital"
  | "maritalLetter"
  | "single"
  | "married"
  | "divorced"
  | "widowed"
  | "relatives"
  | "father"
  | "mother"
  | "guardian"
  | "emergency"
  | "contactName"
  | "relationship"
  | "address"
  | "permission"
  | "villageNumber"
  | "letterDate"
  | "villageHead"
  | "permitterNik"
  | "permitterName"
  | "permissionScan"
  | "certificates"
  | "certificate"
  | "bnsp"
  | "scheme"
  | "occupation"
  | "expiry"
  | "certificateScan"
  | "health"
  | "healthNumber"
  | "clinic"
  | "doctor"
  | "healthDate"
  | "healthScan"
  | "bpjs"
  | "bpjsNumber"
  | "bpjsScan"
  | "none"
  | "history"
  | "historyEmpty"
  | "roundLabel"
  | "sentBy"
  | "sentAt"
  | "pending"
  | "verifiedBy"
  | "rejectedBy"
  | "officer"
  | "why"
  | "sentForm"
  | "decision"
  | "decisionLead"
  | "verify"
  | "verifyConfirm"
  | "yesVerify"
  | "cancel"
  | "reject"
  | "rejectReason"
  | "rejectHint"
  | "rejectSend"
  | "reasonNeeded"
  | "verified"
  | "rejected"
  | "notWaiting"
  | "conflict"
  | "conflictDecided"
  | "loadLatest"
  | "ppTitle"
  | "ppLead"
  | "ppEmpty"
  | "ppLive"
  | "ppNew"
  | "ppGone"
  | "vacancy"
  | "company"
  | "country"
  | "acceptedAt"
  | "interview"
  | "ppDocument"
  | "ppRefusedBefore"
  | "ppWaitingFix"
  | "verifyPp"
  | "refusePp"
  | "refuseReason"
  | "refuseHint"
  | "refuseSend"
  | "ppVerified"
  | "ppRefused"
  | "ppConflict"
  | "candidateLoading"
  | "dinasOf"
> = {
  "id-ID": {
    sections: "Menu Dinas",
    queue: "Antrean",
    agreements: "PP",
    queueTitle: "Antrean pendaftaran CPMI",
    queueLead: "Pendaftaran yang diajukan ke Dinas, yang paling lama menunggu di atas. Buka satu untuk memeriksa isian dan dokumennya, lalu verifikasi atau tolak dengan alasan.",
    queueEmpty: "Tidak ada pendaftaran yang menunggu verifikasi.",
    loading: "Memuat…",
    reload: "Muat ulang",
    newer: "Halaman sebelumnya",
    older: "Halaman berikutnya",
    page: "Halaman {n}",
    submittedAt: "Diajukan",
    round: "Pengajuan ke-{n}",
    roundFirst: "Pengajuan pertama",
    open: "Periksa",
    noName: "Calon (nama belum diisi)",
    back: "Kembali ke antrean",
    status: "Status",
    statusDraft: "Draf",
    statusSubmitted: "Diajukan",
    statusRejected: "Ditolak",
    statusVerified: "Terverifikasi",
    ktp: "Identitas KTP",
    fullName: "Nama lengkap",
    nik: "NIK",
    religion: "Agama",
    gender: "Jenis kelamin",
    male: "Laki-laki",
    female: "Perempuan",
    birthDate: "Tanggal lahir",
    phone: "Nomor handphone",
    ktpScan: "Scan KTP",
    kk: "Kartu keluarga",
    kkNumber: "Nomor KK",
    headNik: "NIK kepala keluarga",
    issuerNip: "NIP petugas Dukcapil",
    issueDate: "Tanggal terbit",
    kkScan: "Scan kartu keluarga",
    marital: "Status perkawinan",
    maritalLetter: "Surat keterangan status perkawinan",
    single: "Belum kawin",
    married: "Kawin",
    divorced: "Cerai hidup",
    widowed: "Cerai mati",
    relatives: "Relasi dan kerabat",
    father: "Nama ayah",
    mother: "Nama ibu",
    guardian: "Nama wali",
    emergency: "Kontak darurat",
    contactName: "Nama",
    relationship: "Hubungan",
    address: "Alamat",
    permission: "Surat izin",
    villageNumber: "Nomor registrasi surat dari kepala desa",
    letterDate: "Tanggal surat",
    villageHead: "Kepala desa / lurah yang mengetahui",
    permitterNik: "NIK pemberi izin",
    permitterName: "Nama pemberi izin",
    permissionScan: "Scan surat izin",
    certificates: "Sertifikat kompetensi kerja",
    certificate: "Sertifikat {n}",
    bnsp: "Nomor sertifikat BNSP",
    scheme: "Skema sertifikasi",
    occupation: "Kode jabatan (KBJI)",
    expiry: "Berlaku sampai",
    certificateScan: "Scan sertifikat kompetensi",
    health: "Surat keterangan sehat",
    healthNumber: "Nomor surat",
    clinic: "Puskesmas / klinik",
    doctor: "Dokter penandatangan",
    healthDate: "Tanggal surat",
    healthScan: "Scan surat keterangan sehat",
    bpjs: "BPJS Ketenagakerjaan",
    bpjsNumber: "Nomor kartu",
    bpjsScan: "Scan kartu BPJS Ketenagakerjaan",
    none: "Tidak diisi",
    history: "Riwayat pengajuan",
    historyEmpty: "Belum ada pengajuan.",
    roundLabel: "Pengajuan ke-{n}",
    sentBy: "Dikirim oleh calon",
    sentAt: "Dikirim {n}",
    pending: "Menunggu keputusan Dinas",
    verifiedBy: "Diverifikasi oleh {n}",
    rejectedBy: "Ditolak oleh {n}",
    officer: "petugas {n}",
    why: "Alasan",
    sentForm: "Lihat isian yang dikirim pada pengajuan ini",
    decision: "Keputusan Dinas",
    decisionLead: "Periksa setiap isian dan dokumen di atas sebelum memutuskan. Alasan penolakan dibaca oleh calon.",
    verify: "Verifikasi",
    verifyConfirm: "Verifikasi pendaftaran {n}? Calon dapat melamar lowongan luar negeri setelah ini.",
    yesVerify: "Ya, verifikasi",
    cancel: "Batal",
    reject: "Tolak",
    rejectReason: "Alasan penolakan",
    rejectHint: "Tulis apa yang harus diperbaiki calon, misalnya \"surat keterangan sehat belum sesuai\".",
    rejectSend: "Tolak pendaftaran",
    reasonNeeded: "Isi alasan penolakan terlebih dahulu.",
    verified: "Pendaftaran {n} telah diverifikasi.",
    rejected: "Pendaftaran {n} ditolak. Calon membaca alasannya dan dapat merevisi pengajuan.",
    notWaiting: "Pendaftaran ini tidak sedang menunggu keputusan Dinas.",
    conflict: "Pendaftaran ini sudah berubah sejak kamu membukanya: petugas lain sudah memutuskan, atau calon merevisinya. Keputusanmu belum disimpan.",
    conflictDecided: "Pendaftaran ini sudah diputuskan, atau tidak lagi menunggu keputusan Dinas. Keputusanmu belum disimpan.",
    loadLatest: "Muat versi terbaru",
    ppTitle: "Perjanjian Penempatan (PP) menunggu verifikasi",
    ppLead: "Calon dari wilayah Dinas ini yang sudah diterima P3MI. Periksa dokumen PP, lalu verifikasi atau tolak dengan alasan.",
    ppEmpty: "Tidak ada PP yang menunggu verifikasi.",
    ppLive: "Diperbarui langsung",
    ppNew: "Ada PP baru yang menunggu verifikasi.",
    ppGone: "Daftar PP diperbarui.",
    vacancy: "Lowongan",
    company: "Perusahaan (P3MI)",
    country: "Negara tujuan",
    acceptedAt: "Diterima P3MI",
    interview: "Wawancara",
    ppDocument: "Perjanjian Penempatan (PP)",
    ppRefusedBefore: "PP sebelumnya ditolak",
    ppWaitingFix: "Menunggu PP perbaikan dari P3MI.",
    verifyPp: "Verifikasi PP",
    refusePp: "Tolak PP",
    refuseReason: "Alasan penolakan PP",
    refuseHint: "Tulis apa yang harus diperbaiki P3MI pada PP.",
    refuseSend: "Kirim penolakan PP",
    ppVerified: "PP {n} telah diverifikasi: PP Telah Diverifikasi.",
    ppRefused: "PP {n} ditolak. P3MI akan mengirim PP perbaikan.",
    ppConflict: "Lamaran ini sudah berubah sejak daftar dimuat. Daftar dimuat ulang; periksa lagi sebelum memutuskan.",
    candidateLoading: "Memuat data calon…",
    dinasOf: "Dinas Tenaga Kerja",
  },
  en: {
    sections: "Dinas menu",
    queue: "Queue",
    agreements: "Placement agreements",
    queueTitle: "CPMI registrations waiting",
    queueLead: "Registrations sent to this Dinas, the longest waiting first. Open one to check its fields and documents, then verify it or reject it with a reason.",
    queueEmpty: "No registration is waiting for verification.",
    loading: "Loading…",
    reload: "Reload",
    newer: "Previous page",
    older: "Next page",
    page: "Page {n}",
    submittedAt: "Submitted",
    round: "Submission {n}",
    roundFirst: "First submission",
    open: "Check",
    noName: "Candidate (name not given)",
    back: "Back to the queue",
    status: "Status",
    statusDraft: "Draft",
    statusSubmitted: "Submitted",
    statusRejected: "Rejected",
    statusVerified: "Verified",
    ktp: "KTP identity",
    fullName: "Full name",
    nik: "NIK",
    religion: "Religion",
    gender: "Sex",
    male: "Male",
    female: "Female",
    birthDate: "Date of birth",
    phone: "Mobile number",
    ktpScan: "KTP scan",
    kk: "Family card (KK)",
    kkNumber: "KK number",
    headNik: "NIK of the head of family",
    issuerNip: "NIP of the Dukcapil officer",
    issueDate: "Issued on",
    kkScan: "Family card scan",
    marital: "Marital status",
    maritalLetter: "Marital status letter",
    single: "Single",
    married: "Married",
    divorced: "Divorced",
    widowed: "Widowed",
    relatives: "Relatives",
    father: "Father's name",
    mother: "Mother's name",
    guardian: "Guardian's name",
    emergency: "Emergency contacts",
    contactName: "Name",
    relationship: "Relationship",
    address: "Address",
    permission: "Letter of permission",
    villageNumber: "Village registration number of the letter",
    letterDate: "Letter date",
    villageHead: "Village head who acknowledged it",
    permitterNik: "NIK of the person giving permission",
    permitterName: "Name of the person giving permission",
    permissionScan: "Letter of permission scan",
    certificates: "Competency certificates",
    certificate: "Certificate {n}",
    bnsp: "BNSP certificate number",
    scheme: "Certification scheme",
    occupation: "Occupation code (KBJI)",
    expiry: "Valid until",
    certificateScan: "Competency certificate scan",
    health: "Health certificate",
    healthNumber: "Letter number",
    clinic: "Clinic",
    doctor: "Signing doctor",
    healthDate: "Letter date",
    healthScan: "Health certificate scan",
    bpjs: "BPJS Ketenagakerjaan",
    bpjsNumber: "Card number",
    bpjsScan: "BPJS Ketenagakerjaan card scan",
    none: "Not given",
    history: "Submission history",
    historyEmpty: "Nothing submitted yet.",
    roundLabel: "Submission {n}",
    sentBy: "Sent by the candidate",
    sentAt: "Sent {n}",
    pending: "Waiting for the Dinas",
    verifiedBy: "Verified by {n}",
    rejectedBy: "Rejected by {n}",
    officer: "officer {n}",
    why: "Reason",
    sentForm: "See the fields sent in this submission",
    decision: "The Dinas's decision",
    decisionLead: "Check every field and document above before deciding. The candidate reads the reason for a rejection.",
    verify: "Verify",
    verifyConfirm: "Verify the registration of {n}? The candidate can then apply to overseas vacancies.",
    yesVerify: "Yes, verify",
    cancel: "Cancel",
    reject: "Reject",
    rejectReason: "Reason for rejection",
    rejectHint: "Write what the candidate must fix, e.g. \"the health certificate is not right yet\".",
    rejectSend: "Reject the registration",
    reasonNeeded: "Enter the reason for the rejection first.",
    verified: "The registration of {n} is verified.",
    rejected: "The registration of {n} is rejected. The candidate reads the reason and can revise it.",
    notWaiting: "This registration is not waiting for the Dinas's decision.",
    conflict: "This registration changed since you opened it: another officer decided, or the candidate revised it. Your decision was not saved.",
    conflictDecided: "This registration was already decided, or no longer waits for the Dinas. Your decision was not saved.",
    loadLatest: "Load the current version",
    ppTitle: "Placement agreements (PP) waiting for verification",
    ppLead: "Candidates of this Dinas's regency accepted by a P3MI. Check the PP document, then verify it or refuse it with a reason.",
    ppEmpty: "No placement agreement is waiting for verification.",
    ppLive: "Updated live",
    ppNew: "A new placement agreement is waiting for verification.",
    ppGone: "The list of placement agreements was updated.",
    vacancy: "Vacancy",
    company: "Company (P3MI)",
    country: "Destination",
    acceptedAt: "Accepted by the P3MI",
    interview: "Interview",
    ppDocument: "Placement agreement (PP)",
    ppRefusedBefore: "The previous PP was refused",
    ppWaitingFix: "Waiting for a corrected PP from the P3MI.",
    verifyPp: "Verify the PP",
    refusePp: "Refuse the PP",
    refuseReason: "Reason for refusing the PP",
    refuseHint: "Write what the P3MI must fix in the PP.",
    refuseSend: "Send the refusal",
    ppVerified: "The PP of {n} is verified.",
    ppRefused: "The PP of {n} is refused. The P3MI will send a corrected one.",
    ppConflict: "This application changed since the list was loaded. The list was loaded again; check it before deciding.",
    candidateLoading: "Loading the candidate…",
    dinasOf: "Labour office",
  },
};

export type DinasWords = (typeof WORDS)["id-ID"];

/** `text` with {n} replaced by `value`. */
export function fill(text: string, value: string | number): string {
  return text.replace("{n}", typeof value === "number" ? value.toLocaleString("id-ID") : value);
}
