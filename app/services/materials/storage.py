"""Where uploaded materials live. A small interface, so that a shared store (object storage, NFS) can
replace the local folder when the app runs on several machines; the database keeps only the key."""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app


class Storage(Protocol):
    def put(self, data: bytes, suffix: str) -> str:
        """Store the bytes under a new unguessable key and return the key."""

    def put_at(self, key: str, data: bytes) -> None:
        """Store the bytes under `key` (a key derived from one `put` returned: a photo's sizes)."""

    def get(self, key: str) -> bytes:
        """The stored bytes; FileNotFoundError when the key is unknown."""

    def delete(self, key: str) -> None:
        """Forget the key; deleting an unknown key is not an error."""


class LocalStorage:
    """Files under one folder (UPLOAD_DIR), two levels of fan-out, written atomically."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:  # keys are ours, but never trust a path blindly
            raise FileNotFoundError(key)
        return path

    def put(self, data: bytes, suffix: str) -> str:
        name = secrets.token_hex(16)
        key = f"{name[:2]}/{name[2:4]}/{name}{suffix}"
        self.put_at(key, data)
        return key

    def put_at(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write to a temporary file first, so a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def get_storage() -> Storage:
    storage = current_app.extensions.get("upload_storage")
    if storage is None:
        storage = LocalStorage(current_app.config["UPLOAD_DIR"])
        current_app.extensions["upload_storage"] = storage
    return storage
