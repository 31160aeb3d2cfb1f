"""Document bytes in an S3-compatible store (`--documents s3://bucket/prefix`), shared by
replicas on several machines; keyed by SHA-256 like the local folder.

An S3 PUT is atomic (the object appears whole or not at all). A store that
cannot be reached, refuses the credentials or is out of space is UNAVAILABLE
with DOCUMENT_STORAGE_UNAVAILABLE: nothing was stored, and the call may be retried.
"""

from __future__ import annotations

import logging
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from matcher.errors import Reason, Unavailable
from matcher.text import Text

log = logging.getLogger("cpmi.documents.s3")


class S3BlobStore:
    def __init__(
        self, url: str, endpoint: str = "", access_key: str = "", secret_key: str = "", region: str = ""
    ) -> None:
        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        if not bucket:
            raise SystemExit("--documents s3://BUCKET[/PREFIX] needs a bucket")
        self._bucket, self._prefix = bucket, prefix.strip("/")
        options: dict[str, Any] = {
            "config": Config(connect_timeout=2, read_timeout=15, retries={"max_attempts": 2, "mode": "standard"}),
            "region_name": region or "us-east-1",
        }
        if endpoint:
            options["endpoint_url"] = endpoint
        if access_key:
            options["aws_access_key_id"], options["aws_secret_access_key"] = access_key, secret_key
        self._s3 = boto3.client("s3", **options)

    def _key(self, sha256: str) -> str:
        key = f"{sha256[:2]}/{sha256}"
        return f"{self._prefix}/{key}" if self._prefix else key

    def put(self, sha256: str, content: bytes) -> None:
        try:
            self._s3.put_object(Bucket=self._bucket, Key=self._key(sha256), Body=content)
        except (BotoCoreError, ClientError) as problem:
            raise _unavailable(problem) from None

    def get(self, sha256: str) -> bytes:
        try:
            body: bytes = self._s3.get_object(Bucket=self._bucket, Key=self._key(sha256))["Body"].read()
        except (BotoCoreError, ClientError) as problem:
            raise _unavailable(problem) from None
        return body

    def delete(self, sha256: str) -> None:
        try:
            self._s3.delete_object(Bucket=self._bucket, Key=self._key(sha256))
        except (BotoCoreError, ClientError) as problem:
            log.warning("could not remove unreferenced document bytes %s: %s", sha256[:12], type(problem).__name__)


def _unavailable(problem: Exception) -> Unavailable:
    log.warning("document store unavailable: %s", type(problem).__name__)
    return Unavailable(
        Reason.DOCUMENT_STORAGE_UNAVAILABLE,
        Text(
            id="Penyimpanan dokumen sedang tidak dapat dipakai; coba lagi nanti",
            en="Document storage cannot be used now; try again later",
        ),
        metadata={"store": "s3"},
    )
