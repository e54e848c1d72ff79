"""What git knows for pull-request mode: the files changed since a revision, and the portal at it.

Read-only: nothing in the repository is written. Untracked files are made visible to rename
detection through a throw-away copy of the index and object folder, never the real ones; the
portal at a revision is written from ``git ls-tree`` and ``git cat-file --batch`` into a folder
the caller owns. No network, no worktree, no ``git archive`` (its ``export-ignore`` attributes
could silently leave records out).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from gongkai.core.errors import PortalError

PORTAL_FOLDERS = ("data", "validators")
SCRATCH_IN_MEMORY = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Change:
    """One changed file; paths are relative to the portal root, posix."""

    status: str  # A added, M modified, D deleted, R renamed, T type changed
    path: str  # the path now (for D: the path that was deleted)
    old_path: str = ""  # for R: where it was

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.old_path, self.path) if self.old_path else (self.path,)


@dataclass(frozen=True)
class Diff:
    rev: str  # as given on the command line
    base: str  # the commit compared with: where the work left REV (git merge-base)
    prefix: str  # the portal root inside the repository, "" or "sub/dir/"
    top: Path  # the repository's top-level folder
    changes: tuple[Change, ...]


class GitFailed(Exception):
    def __init__(self, args: Sequence[str], stderr: bytes) -> None:
        super().__init__(f"git {' '.join(args)}: {stderr.decode('utf-8', 'replace').strip()}")


def _env(scratch: dict[str, str] | None = None) -> dict[str, str]:
    return dict(os.environ, GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C",
                **(scratch or {}))


def git(cwd: Path, *args: str, scratch: dict[str, str] | None = None,
        stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "--no-pager", "--literal-pathspecs", *args], cwd=cwd,
                              input=stdin, capture_output=True, env=_env(scratch), check=False)
    except FileNotFoundError:
        raise PortalError("error.no-git") from None
    if done.returncode:
        raise GitFailed(args, done.stderr)
    return done.stdout


def diff_since(root: Path, rev: str) -> Diff:
    """The files changed between REV and the working tree, uncommitted and untracked included.

    Like a pull request's diff, the comparison starts where the work left REV
    (``git merge-base REV HEAD``), so commits made on REV meanwhile do not look like changes.
    """
    root = root.resolve()
    if not root.is_dir():
        raise PortalError("error.no-folder", folder=root)
    try:
        prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
        top = Path(git(root, "rev-parse", "--show-toplevel").decode().strip())
    except GitFailed:
        raise PortalError("error.not-git", folder=root) from None
    commit = _commit(root, rev)
    try:
        base = git(root, "merge-base", commit, "HEAD").decode().strip() or commit
    except GitFailed:  # no HEAD yet, or no common history: compare with REV itself
        base = commit
    return Diff(rev, base, prefix, top, tuple(_changes(root, base)))


def _commit(root: Path, rev: str) -> str:
    unknown = PortalError("error.unknown-rev", rev=rev)
    if not rev or rev.startswith("-"):
        raise unknown
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{rev}^{{commit}}").decode().strip()
    except GitFailed:
        raise unknown from None


def _changes(root: Path, base: str) -> Iterator[Change]:
    untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard")
    with tempfile.TemporaryDirectory(prefix="gongkai-index-") as folder:
        scratch = _scratch(root, Path(folder)) if untracked else None
        if scratch:
            # intent-to-add in a copy of the index, so that untracked files join rename detection
            git(root, "add", "--intent-to-add", "--pathspec-from-file=-", "--pathspec-file-nul",
                scratch=scratch, stdin=untracked)
        out = git(root, "diff", "--name-status", "-z", "--find-renames", "--relative",
                  "--no-ext-diff", "--no-textconv", base, "--", scratch=scratch)
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            yield Change("R", new, old) if status == "R" else Change("A", new)
        else:
            yield Change(status if status in "AMDT" else "M", fields[i + 1])
            i += 2


def _scratch(root: Path, folder: Path) -> dict[str, str]:
    """A copy of the index and an object folder of our own (``add`` writes the empty blob),
    reading the repository's objects as alternates: the repository itself is never written."""
    real_index = root / git(root, "rev-parse", "--git-path", "index").decode().strip()
    real_objects = root / git(root, "rev-parse", "--git-path", "objects").decode().strip()
    index, objects = folder / "index", folder / "objects"
    objects.mkdir()
    if real_index.is_file():
        shutil.copyfile(real_index, index)
    alternates = [str(real_objects.resolve())]
    if os.environ.get("GIT_ALTERNATE_OBJECT_DIRECTORIES"):
        alternates.append(os.environ["GIT_ALTERNATE_OBJECT_DIRECTORIES"])
    return {"GIT_INDEX_FILE": str(index), "GIT_OBJECT_DIRECTORY": str(objects),
            "GIT_ALTERNATE_OBJECT_DIRECTORIES": os.pathsep.join(alternates)}


@dataclass(frozen=True, slots=True)
class TreeFile:
    mode: str
    sha: str
    path: PurePosixPath  # relative to the portal root
    size: int


def portal_files(diff: Diff) -> list[TreeFile]:
    """The files of ``data/`` and ``validators/`` at the base commit (no submodules)."""
    specs = [diff.prefix + name for name in PORTAL_FOLDERS]
    listing = git(diff.top, "ls-tree", "-r", "-z", "-l", "--full-tree", diff.base, "--", *specs)
    files = []
    for line in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not line:
            continue
        meta, path = line.split("\t", 1)
        mode, kind, sha, size = meta.split()
        rel = _safe(path[len(diff.prefix):])
        if kind == "blob" and rel is not None:  # a submodule (commit) has no size and no file
            files.append(TreeFile(mode, sha, rel, int(size)))
    return files


def scratch_folder(files: list[TreeFile]) -> str | None:
    """Where to write them: a RAM disk when there is one with room to spare, unless TMPDIR says
    otherwise. Creating ten thousand small files costs seconds on some disks."""
    total = sum(f.size for f in files)
    shm = "/dev/shm"
    if tempfile.gettempdir() != "/tmp" or total > SCRATCH_IN_MEMORY:  # chosen: respect it
        return None
    try:
        roomy = os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 4 * total
    except OSError:
        return None
    return shm if roomy else None


def materialize(diff: Diff, files: list[TreeFile], dest: Path) -> None:
    """Write ``files`` as they are at the base commit into ``dest``."""
    with subprocess.Popen(["git", "cat-file", "--batch", "--buffer"], cwd=diff.top, env=_env(),
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        # ask for everything from a thread while reading here: one round trip, no deadlock
        asks = threading.Thread(target=_ask, args=(proc.stdin, [f.sha for f in files]))
        asks.start()
        try:
            for f in files:
                _write(dest, f.path, f.mode, _blob(proc.stdout, f.sha))
        except BaseException:
            proc.kill()  # it may be blocked writing answers nobody reads
            raise
        finally:
            asks.join()


def _ask(stdin: IO[bytes], shas: list[str]) -> None:
    try:
        stdin.write(b"".join(sha.encode() + b"\n" for sha in shas))
    except BrokenPipeError:  # killed after a failure: the reader reports it
        pass
    finally:
        try:
            stdin.close()
        except BrokenPipeError:
            pass


def _safe(path: str) -> PurePosixPath | None:
    parts = PurePosixPath(path).parts
    if not parts or any(p in ("", ".", "..", ".git") for p in parts) or path.startswith("/"):
        return None
    return PurePosixPath(*parts)


def _blob(stdout: IO[bytes], sha: str) -> bytes:
    header = stdout.readline().split()
    if len(header) != 3:
        raise GitFailed(["cat-file", sha], b"unexpected answer")
    data = stdout.read(int(header[2]))
    stdout.read(1)
    return data


def _write(dest: Path, rel: PurePosixPath, mode: str, content: bytes) -> None:
    target = dest / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.resolve().is_relative_to(dest.resolve()):
        return  # under a link (names that differ only in case, on a case-insensitive disk)
    if mode == "120000":
        # kept as a link so that the layout check reports it as it did at the revision; the
        # layout walk never follows a link
        os.symlink(content.decode("utf-8", "surrogateescape"), target)
    else:
        target.write_bytes(content)
