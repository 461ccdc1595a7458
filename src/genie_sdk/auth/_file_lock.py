"""An exclusive lock held across processes on a lock file: ``flock`` on POSIX, ``msvcrt`` on
Windows. The operating system releases it when the holder exits, even if the holder crashed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["FileLock"]

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class FileLock:
    """One holder at a time of ``path`` (created 0600), across processes and across the threads
    and instances of one process. Not re-entrant."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._held = False

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; return whether this instance now holds it.

        Raises:
            OSError: the lock file cannot be created or opened.
        """
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        self._held = self._held or _try_lock(self._fd)
        return self._held

    def release(self) -> None:
        """Let the next holder in and close the lock file; harmless if the lock is not held."""
        fd, held = self._fd, self._held
        self._fd, self._held = None, False
        if fd is None:
            return
        try:
            if held:
                _unlock(fd)
        finally:
            os.close(fd)
