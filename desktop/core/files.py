"""Files that hold personal data: private to the user from the moment they exist, created
exclusively, never written through a link, never put over another file.

Databases, backups, setup packages, sync files and staging files are made here, or as an empty
private file that SQLite then fills (SQLite gives a database's -wal, -shm and -journal the mode
of the database file itself).

- The mode (0600 on POSIX) is given to open(), so the file is never readable by others, not even
  for the moment before a chmod; a file system that keeps no permissions (FAT, exFAT on a USB
  stick) ignores it, which is not an error. Windows gives the file its folder's permissions.
- O_EXCL: an existing name, a symbolic link included, is never opened; O_NOFOLLOW where the
  system has it.
- A write builds its file under a temporary name beside the target, `.<name>.<tag>` (same disk,
  so the rename is atomic), and renames it into place only once it is complete and on the disk.
  A regular file already at the temporary name is what an interrupted write left: it is removed
  and the name created afresh, exclusively. Anything else there (a symbolic link planted to have
  the app write into another file, a folder) refuses the write with a message: nothing is
  written, the link and its target stay as they are.
- The rename into place never replaces a file: a hard link where the file system has them (it
  fails when the name exists), else a check and a rename (FAT has no hard links).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from pathlib import Path

from desktop.core.errors import Refusal
from desktop.core.i18n import tr

PRIVATE = 0o600
_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
           | getattr(os, "O_CLOEXEC", 0))
_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1024 * 1024


def create_private(path: Path) -> int:
    """A new file open for writing (its descriptor), private to the user. Raises FileExistsError
    when the name exists in any form (a file, a folder, a symbolic link, even a broken one)."""
    return os.open(path, _CREATE, PRIVATE)


def new_private(path: Path) -> Path:
    """A new empty private file (for SQLite to fill: it opens an empty file as a new database)."""
    os.close(create_private(path))
    return path


def make_private(path: Path) -> None:
    """Take away others' access to an existing file made before files were private (its -wal and
    -shm too, for a database). A file system that keeps no permissions, or a file that is not
    ours to change, is left as it is: not an error."""
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            mode = os.lstat(each).st_mode
            if stat.S_ISREG(mode) and mode & 0o077:
                os.chmod(each, stat.S_IMODE(mode) & ~0o077)


def exists(path: Path) -> bool:
    """Whether the name is taken, by anything (a broken symbolic link included)."""
    return os.path.lexists(path)


def _refuse_existing(path: Path) -> Refusal:
    return Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=path))


def open_scratch(target: Path, tag: str = "tmp") -> tuple[Path, int]:
    """The temporary file beside `target` that a write fills before renaming it into place:
    `.<name>.<tag>`, created exclusively and private; returns its path and descriptor.

    A regular file at that name is the leftover of an interrupted write (a power cut): removed,
    then the name is created again. Anything else (a symbolic link, a folder) is a Refusal."""
    scratch = target.with_name(f".{target.name}.{tag}")
    for attempt in (1, 2):
        try:
            return scratch, create_private(scratch)
        except FileExistsError:
            try:
                st = os.lstat(scratch)
            except FileNotFoundError:
                continue  # gone meanwhile: try again
            if attempt == 2 or not stat.S_ISREG(st.st_mode):
                break
            with contextlib.suppress(FileNotFoundError):
                os.unlink(scratch)  # a regular file: removing the name never touches another file
        except OSError as exc:
            if exc.errno != errno.ELOOP:  # O_NOFOLLOW on a link
                raise
            break
    raise Refusal(tr("Không ghi {path}: tên tệp tạm {scratch} bên cạnh đã bị một liên kết (symlink), thư mục "
                     "hoặc tệp khác chiếm. Phần mềm không ghi qua liên kết, để không ghi đè một tệp khác; hãy xóa "
                     "{scratch} rồi làm lại. Chưa có gì được ghi.", path=target, scratch=scratch.name))


def scratch_beside(target: Path, tag: str = "tmp") -> Path:
    """`open_scratch` for a file SQLite fills: the empty private file, closed."""
    scratch, fd = open_scratch(target, tag)
    os.close(fd)
    return scratch


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); where folders cannot be opened, nothing to do."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def place_new(scratch: Path, final: Path) -> None:
    """Give the complete file `scratch` its name `final`, never replacing a file already there
    (a Refusal then, and `scratch` stays for the caller to remove)."""
    try:
        os.link(scratch, final)
    except FileExistsError:
        raise _refuse_existing(final) from None
    except FileNotFoundError:
        raise
    except OSError:  # no hard links here (FAT, exFAT): check, then rename
        if exists(final):
            raise _refuse_existing(final) from None
        os.replace(scratch, final)
    else:
        os.unlink(scratch)
    _sync_folder(final.parent)


def write_new(path: Path, data: bytes) -> None:
    """Write a new private file: a temporary file beside it, flushed to the disk, renamed into
    place; never over an existing file, never through a link. On any failure nothing is left."""
    path = Path(path)
    if exists(path):
        raise _refuse_existing(path)
    scratch, fd = open_scratch(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        place_new(scratch, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        raise


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    fd = os.open(path, _READ)
    with os.fdopen(fd, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def copy_new(source: Path, target: Path) -> str:
    """Copy `source` byte for byte into the new private file `target` (FileExistsError when the
    name is taken), flushed to the disk and read back: the copy's SHA-256 must be the source's.
    Returns it. On failure no copy is left."""
    fd = create_private(target)
    try:
        h = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            while chunk := src.read(_CHUNK):
                h.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if _digest(target) != h.hexdigest():
            raise OSError(errno.EIO, tr("bản sao đọc lại khác bản gốc"), str(target))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise
    return h.hexdigest()
