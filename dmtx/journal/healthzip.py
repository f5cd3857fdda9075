"""An iPhone Health app export (export.zip): only the FHIR files of its clinical-records folder.

Read from the zip as a stream, never extracted: export.xml (often gigabytes, with a DTD) and
every other member are never opened. Before any member is read, the whole zip is checked:
too many members, a member that would inflate past its limit or far past its packed size
(a zip bomb), a name that climbs out of the folder or is absolute, or a symbolic link refuse
the whole file. While reading, bytes are counted, so a member that lies about its size is
refused too. Nothing is written unless every check passed.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import PurePosixPath
from typing import IO

from dmtx.journal.fhir import BadJson, Resource, resources_of

FOLDER = "clinical-records"
MAX_MEMBERS = 50_000
MAX_MEMBER_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # inflated size / packed size of one member, for members over 1 MiB
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"


class Refused(ValueError):
    """The zip is damaged or hostile: the reason, as the end of one sentence."""


def _unsafe(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return name.startswith(("/", "\\")) or "\\" in name or ".." in parts or (len(name) > 1 and name[1] == ":")


def _wanted(info: zipfile.ZipInfo) -> bool:
    parts = PurePosixPath(info.filename).parts
    return len(parts) >= 2 and parts[-2] == FOLDER and parts[-1].endswith(".json") and not info.is_dir()


def _check(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The clinical-records members, after checking every member; Refused names the first problem."""
    if len(infos) > MAX_MEMBERS:
        raise Refused(f"has {len(infos)} files; an export dmtx reads has at most {MAX_MEMBERS}")
    wanted = []
    total = 0
    for info in infos:
        shown = info.filename[:60]
        if _unsafe(info.filename):
            raise Refused(f"holds a file named {shown!r} that points outside the export")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise Refused(f"holds a symbolic link ({shown!r})")
        if not _wanted(info):
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            raise Refused(f"holds {shown!r}, which would unpack to {info.file_size // (1024 * 1024)} MiB (limit 5 MiB)")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise Refused(f"holds {shown!r}, packed more than {MAX_RATIO} times (a zip bomb?)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise Refused(f"has clinical records of more than {MAX_TOTAL_BYTES // (1024 * 1024)} MiB")
        wanted.append(info)
    return wanted


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One member, counting bytes as they come: a member that lies about its size is refused."""
    data = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            data += chunk
            if len(data) > MAX_MEMBER_BYTES:
                raise Refused(f"holds {info.filename[:60]!r}, larger than it says (limit 5 MiB)")
    return bytes(data)


def resources(source: str | os.PathLike[str] | IO[bytes]) -> tuple[list[Resource], int]:
    """The FHIR resources of the export's clinical records, and how many files there were not valid FHIR JSON."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = _check(archive.infolist())
            found: list[Resource] = []
            unreadable = 0
            for info in members:
                data = _read(archive, info)
                try:
                    found += resources_of(data.decode("utf-8-sig"))
                except (BadJson, UnicodeDecodeError):
                    unreadable += 1
            return found, unreadable
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise Refused(f"is a damaged zip ({str(exc)[:80]})") from None
    except RuntimeError:  # zipfile's only RuntimeError on reading: an encrypted member ("password required")
        raise Refused("cannot be read: a file in it is locked with a password") from None
