"""A cache every process of one machine shares, for the few small values read on every
request: where the content version is published when there is no Redis (settings.py).

Every cache hit reads the published version (published.py), so that read is the largest
part of what a hit costs beyond a static file. Django's FileBasedCache does the same job,
but a read goes through Python's buffered file objects, checks the key a character at a
time and unpickles twice from a compressed file: measured through the whole middleware
stack, in-process, that read took a hit from 0.97x to 0.84x a static file's CPU time (the
benchmark's bound is 0.9x). Its `add` is also a check followed by a write, which two
processes can interleave; here every write holds the directory's lock, so `add` (how a
render adopts the database's version) can never undo a bump that got there first.

One file per key, named by the key's hash, holding (expiry, value) pickled. A write goes
to a temporary file renamed over the old one, so a reader sees the old value or the new
one, never part of either; reads take no lock.
"""

import contextlib
import fcntl
import hashlib
import os
import pickle
import tempfile
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SUFFIX = ".value"
LOCK = ".lock"
CHUNK = 4096  # a version is some forty bytes: one read
MISSING = object()


class MachineCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        self.directory = os.path.abspath(location)
        # Each key's file name, worked out once: checking and hashing a key costs more
        # than reading its file. Few keys are ever used (one per database, and the health
        # check's), so the dict stays small; it is emptied should it ever grow.
        self.paths = {}

    def path(self, key, version):
        path = self.paths.get((key, version))
        if path is None:
            if len(self.paths) >= 64:
                self.paths.clear()
            name = self.make_and_validate_key(key, version)
            digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
            path = self.paths[key, version] = os.path.join(self.directory, digest + SUFFIX)
        return path

    def get(self, key, default=None, version=None):
        value = self.read(self.path(key, version))
        return default if value is MISSING else value

    def has_key(self, key, version=None):
        return self.read(self.path(key, version)) is not MISSING

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self.writing():
            self.write(self.path(key, version), value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        path = self.path(key, version)
        with self.writing():
            if self.read(path) is not MISSING:
                return False
            self.write(path, value, timeout)
            return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        path = self.path(key, version)
        with self.writing():
            value = self.read(path)
            if value is MISSING:
                return False
            self.write(path, value, timeout)
            return True

    def delete(self, key, version=None):
        with self.writing():
            return self.remove(self.path(key, version))

    def clear(self):
        with self.writing():
            for name in os.listdir(self.directory):
                if name.endswith(SUFFIX):
                    self.remove(os.path.join(self.directory, name))

    def read(self, path):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return MISSING
        try:
            data = chunk = os.read(fd, CHUNK)
            while len(chunk) == CHUNK:
                chunk = os.read(fd, CHUNK)
                data += chunk
        finally:
            os.close(fd)
        expires, value = pickle.loads(data)
        if expires is not None and expires <= time.time():
            return MISSING
        return value

    def write(self, path, value, timeout):
        data = pickle.dumps((self.get_backend_timeout(timeout), value), pickle.HIGHEST_PROTOCOL)
        fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)
            raise

    def remove(self, path):
        try:
            os.remove(path)
        except FileNotFoundError:
            return False
        return True

    @contextlib.contextmanager
    def writing(self):
        """Hold the directory's lock: one write at a time across every process."""
        os.makedirs(self.directory, exist_ok=True)
        with open(os.path.join(self.directory, LOCK), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
