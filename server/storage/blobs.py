"""Document bytes on local disk, addressed by SHA-256 (written atomically, deduplicated).

A write goes to a temporary file beside its target (named after the writing
process), is fsynced, then renamed into place, so the bytes are whole or absent.
A process killed mid-write leaves its temporary file behind; the next start
removes every one whose process is gone (or that is older than an hour, for a
folder other machines share), never one a live process is still writing. A store that cannot write (disk
full, read-only, gone) is UNAVAILABLE with DOCUMENT_STORAGE_UNAVAILABLE: the
call changed nothing and can be retried once the store is back.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

from matcher.errors import Reason, Unavailable
from matcher.text import Text

log = logging.getLogger("cpmi.documents")


TEMPORARY = ".upload-"
# A temporary file this old belongs to no upload in progress, whoever wrote it.
ABANDONED_AFTER_SECONDS = 3600.0


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self._root = root
        root.mkdir(parents=True, exist_ok=True)
        if removed := remove_abandoned_uploads(root):
            log.info("removed %d temporary upload files left by stopped processes", removed)

    def _path(self, sha256: str) -> Path:
        return self._root / sha256[:2] / sha256

    def put(self, sha256: str, content: bytes) -> None:
        path = self._path(sha256)
        try:
            if path.is_file() and path.stat().st_size == len(content):
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TEMPORARY}{os.getpid()}-")
        except OSError as problem:
            raise _unavailable(problem) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except OSError as problem:
            Path(tmp).unlink(missing_ok=True)
            raise _unavailable(problem) from None
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, sha256: str) -> bytes:
        try:
            return self._path(sha256).read_bytes()
        except OSError as problem:
            raise _unavailable(problem) from None

    def delete(self, sha256: str) -> None:
        try:
            self._path(sha256).unlink(missing_ok=True)
        except OSError as problem:
            log.warning("could not remove unreferenced document bytes %s: %s", sha256[:12], problem.strerror)


def remove_abandoned_uploads(root: Path) -> int:
    """Remove the temporary files of writes that can no longer finish; how many."""
    removed = 0
    for path in root.glob(f"*/{TEMPORARY}*"):
        try:
            if _abandoned(path):
                path.unlink(missing_ok=True)
                removed += 1
        except OSError as problem:
            log.warning("could not remove a temporary upload file: %s", problem.strerror)
    return removed


def _abandoned(path: Path) -> bool:
    writer = path.name.removeprefix(TEMPORARY).partition("-")[0]
    if time.time() - path.stat().st_mtime > ABANDONED_AFTER_SECONDS:
        return True
    if not writer.isdigit() or int(writer) == os.getpid():
        return False  # a name of the earlier form, or this process's own: only age tells
    return not _alive(int(writer))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _unavailable(problem: OSError) -> Unavailable:
    log.warning("document storage unavailable: %s", problem.strerror or type(problem).__name__)
    return Unavailable(
        Reason.DOCUMENT_STORAGE_UNAVAILABLE,
        Text(
            id="Penyimpanan dokumen sedang tidak dapat dipakai (penuh atau hanya-baca); coba lagi nanti",
            en="Document storage cannot be used now (full or read-only); try again later",
        ),
        metadata={"errno": str(problem.errno or "")},
    )
