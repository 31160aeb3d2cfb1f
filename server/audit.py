"""The audit trail of eligibility decisions, as JSON log lines with identity numbers masked."""

from __future__ import annotations

import json
import logging

from matcher.masking import mask_nik, mask_number
from matcher.rules.decision import Decision
from matcher.snapshots import CandidateSnapshot

audit = logging.getLogger("cpmi.audit")


class LoggingDecisionLog:
    def record(self, decision: Decision, candidate: CandidateSnapshot) -> None:
        if not audit.isEnabledFor(logging.INFO):
            return
        audit.info(
            json.dumps(
                {
                    "event": "eligibility_decision",
                    "decision_id": decision.decision_id,
                    "candidate": decision.candidate_id,
                    "nik": mask_nik(candidate.nik),
                    "certificates": [mask_number(c.bnsp_number) for c in candidate.certificates],
                    "vacancy": decision.vacancy_id,
                    "eligible": decision.eligible,
                    "reasons": list(decision.codes),
                    "policy_version": decision.policy_version,
                    "reference_date": decision.reference_date.isoformat(),
                }
            )
        )
