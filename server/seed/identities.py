"""Who the demo's people are, and the tokens ``/demo-identities.json`` hands out (only with
``--demo`` and the demo key: server/app/servicers.py ``demo_identities``).

Every role of the guide can be signed in as, by a person or a browser test: the guide's
candidate (submitted, waiting for the Dinas), the verified one, a new candidate with a
fresh id each time the list is read (to register from scratch), the officer of the Dinas
of the seed's regency/city, the staff of the demo's P3MI and an operator."""

from __future__ import annotations

import secrets

from matcher.principal import Role
from matcher.regions import regency_name
from server.security.tokens import issue_token
from server.settings import DEMO_CANDIDATE, VERIFIED_CANDIDATE

DEMO_REGENCY = "1307"
DEMO_COMPANY = "ammana-fintek-syariah"
DEMO_COMPANY_NAME = "PT. AMMANA FINTEK SYARIAH"
DEMO_OPERATOR = "operator-demo"
DEMO_OFFICER = "petugas-demo"
NEW_CANDIDATE_PREFIX = "demo-baru-"
# The seed NIK is a man's (day 09), the verified one a woman's (day 52).
SEED_NAME = "Rahmat Hidayat"
DEMO_NAMES = {DEMO_CANDIDATE: SEED_NAME, VERIFIED_CANDIDATE: "Dewi Lestari"}


def new_candidate_id() -> str:
    return NEW_CANDIDATE_PREFIX + secrets.token_hex(6)


def identities(secret: str) -> list[dict[str, str]]:
    """One entry per person: role, words for them in Indonesian and English, and a token."""
    regency = regency_name(DEMO_REGENCY) or DEMO_REGENCY

    def entry(role: Role, subject: str, label: str, label_en: str, actor: str = "") -> dict[str, str]:
        token = issue_token(secret, role, subject, actor=actor)
        return {"role": role.value, "label": label, "label_en": label_en, "token": token}

    seed, verified = DEMO_NAMES[DEMO_CANDIDATE], DEMO_NAMES[VERIFIED_CANDIDATE]
    return [
        entry(
            Role.CANDIDATE,
            DEMO_CANDIDATE,
            f"{seed}, calon dari panduan (menunggu verifikasi Dinas)",
            f"{seed}, the guide's candidate (waiting for the Dinas)",
        ),
        entry(
            Role.CANDIDATE, VERIFIED_CANDIDATE, f"{verified}, calon terverifikasi", f"{verified}, verified candidate"
        ),
        entry(
            Role.CANDIDATE,
            new_candidate_id(),
            "Calon baru yang belum mendaftar",
            "A new candidate who has not registered yet",
        ),
        entry(
            Role.DINAS,
            DEMO_REGENCY,
            f"Petugas Dinas Tenaga Kerja {regency}",
            f"Officer of the Dinas Tenaga Kerja (labour office) of {regency}",
            DEMO_OFFICER,
        ),
        entry(
            Role.P3MI,
            DEMO_COMPANY,
            f"Petugas {DEMO_COMPANY_NAME} (P3MI)",
            f"Staff of {DEMO_COMPANY_NAME} (placement company)",
            DEMO_OFFICER,
        ),
        entry(Role.OPERATOR, DEMO_OPERATOR, "Operator KemenP2MI", "KemenP2MI operator"),
    ]
