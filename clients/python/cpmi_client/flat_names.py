"""The client's old flat method names, each the sub-client method that now does the call.

``Client.submit_registration(...)`` is ``Client.registration.submit(...)``. The old names
still work (with a DeprecationWarning) so code written against the single-class client
keeps running; new code uses the sub-clients.
"""

from __future__ import annotations

# old name -> (sub-client attribute on Client, its method)
FLAT_NAMES: dict[str, tuple[str, str]] = {
    "get_session": ("sessions", "get"),
    "get_profile": ("registration", "get_profile"),
    "update_profile": ("registration", "update_profile"),
    "get_registration": ("registration", "get"),
    "update_registration": ("registration", "update"),
    "submit_registration": ("registration", "submit"),
    "list_submitted_registrations": ("registration", "list_submitted"),
    "verify_registration": ("registration", "verify"),
    "reject_registration": ("registration", "reject"),
    "list_registration_rounds": ("registration", "list_rounds"),
    "upload_document": ("documents", "upload"),
    "get_document": ("documents", "get"),
    "create_vacancy": ("vacancies", "create"),
    "get_vacancy": ("vacancies", "get"),
    "update_vacancy": ("vacancies", "update"),
    "close_vacancy": ("vacancies", "close"),
    "list_vacancies": ("vacancies", "list"),
    "list_similar_vacancies": ("vacancies", "list_similar"),
    "suggest_occupations": ("vacancies", "suggest_occupations"),
    "check_eligibility": ("eligibility", "check"),
    "batch_check_eligibility": ("eligibility", "batch_check"),
    "list_eligible_vacancies": ("eligibility", "list_eligible_vacancies"),
    "watch_eligible_vacancies": ("eligibility", "watch_eligible_vacancies"),
    "watch_eligible_candidates": ("eligibility", "watch_eligible_candidates"),
    "list_remedies": ("eligibility", "list_remedies"),
    "list_eligible_candidates": ("eligibility", "list_eligible_candidates"),
    "stream_eligible_candidates": ("eligibility", "stream_eligible_candidates"),
    "load_policy": ("policies", "load"),
    "get_policy": ("policies", "get"),
    "list_policies": ("policies", "list"),
    "dry_run_policy": ("policies", "dry_run"),
    "activate_policy": ("policies", "activate"),
    "rollback_policy": ("policies", "rollback"),
    "list_certificates": ("certificates", "list"),
    "revoke_certificate": ("certificates", "revoke"),
    "apply": ("applications", "apply"),
    "get_application": ("applications", "get"),
    "get_applicant": ("applications", "get_applicant"),
    "transition_application": ("applications", "transition"),
    "process_application": ("applications", "process"),
    "schedule_interview": ("applications", "schedule_interview"),
    "accept_application": ("applications", "accept"),
    "reject_application": ("applications", "reject"),
    "verify_placement_agreement": ("applications", "verify_placement_agreement"),
    "refuse_placement_agreement": ("applications", "refuse_placement_agreement"),
    "resubmit_placement_agreement": ("applications", "resubmit_placement_agreement"),
    "withdraw_application": ("applications", "withdraw"),
    "list_applications": ("applications", "list"),
    "list_application_events": ("applications", "list_events"),
    "watch_applications": ("applications", "watch"),
}
