"""One sub-client per gRPC service, each over the client's one :class:`~cpmi_client.transport.Transport`."""

from cpmi_client.services.applications import ApplicationsClient
from cpmi_client.services.certificates import CertificatesClient
from cpmi_client.services.documents import DocumentsClient
from cpmi_client.services.eligibility import EligibilityClient
from cpmi_client.services.policies import PoliciesClient
from cpmi_client.services.registration import RegistrationClient
from cpmi_client.services.sessions import SessionsClient
from cpmi_client.services.vacancies import VacanciesClient

__all__ = [
    "ApplicationsClient",
    "CertificatesClient",
    "DocumentsClient",
    "EligibilityClient",
    "PoliciesClient",
    "RegistrationClient",
    "SessionsClient",
    "VacanciesClient",
]
