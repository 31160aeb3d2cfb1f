"""When a failed call is tried again: the typed client's policy, and the same policy as a
gRPC service config for a channel's built-in retries (any gRPC language)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

import grpc

from cpmi_client.errors import CpmiError

SERVICES = (
    "RegistrationService",
    "DocumentService",
    "VacancyService",
    "EligibilityService",
    "PolicyService",
    "CertificateService",
    "ApplicationService",
    "AuditService",
    "SessionService",
)


@dataclass(frozen=True)
class Retry:
    """When a failed call is tried again, always within the call's deadline.

    The server names a delay (RetryInfo, or gRPC's pushback trailer) with
    RESOURCE_EXHAUSTED (a rate, uploads in flight) and some UNAVAILABLE answers:
    the client waits that long, a little more so that callers told the same do not
    come back together, up to ``pushbacks`` times. Other UNAVAILABLE answers are
    tried ``attempts`` times in all, with exponential backoff and jitter.
    Nothing else is retried."""

    attempts: int = 4
    initial_backoff: float = 0.1
    max_backoff: float = 2.0
    multiplier: float = 2.0
    pushbacks: int = 20
    spread: float = 0.2

    def pause(self, error: CpmiError, attempt: int, pushbacks: int) -> float | None:
        """Seconds to wait before trying again, None to give up (ignoring the deadline)."""
        told = error.code in (grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.UNAVAILABLE)
        if told and error.retry_after is not None:
            return error.retry_after * random.uniform(1, 1 + self.spread) if pushbacks < self.pushbacks else None
        if error.code is grpc.StatusCode.UNAVAILABLE and attempt < self.attempts:
            backoff = min(self.initial_backoff * self.multiplier ** (attempt - 1), self.max_backoff)
            return random.uniform(0, backoff)
        return None


# The same policy for a channel's built-in retries (gRFC A6): grpc-retry-pushback-ms, which
# the server sends with every delay it names, takes the place of the backoff. Pass it as
# the channel option ("grpc.service_config", SERVICE_CONFIG) in any gRPC language. The
# retry buffer holds 256 KiB a call by default: raise "grpc.per_rpc_retry_buffer_size"
# for uploads (the typed client retries them itself).
SERVICE_CONFIG = json.dumps(
    {
        "methodConfig": [
            {
                "name": [{"service": "cpmi.matching.v1." + name} for name in SERVICES],
                "retryPolicy": {
                    "maxAttempts": 5,
                    "initialBackoff": "0.1s",
                    "maxBackoff": "2s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE", "RESOURCE_EXHAUSTED"],
                },
            }
        ]
    }
)
