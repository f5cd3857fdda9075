"""dmtx/journal/healthzip.py in the test process: every check on an Apple Health export.zip at its
boundary (member count, a member's size, packing ratio, total size), names that climb out or are
absolute, links, which members are read, a member larger than it says, a damaged or encrypted zip.
The hostile zips of test_journal_import.py go through the command; these pin each limit."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from dmtx.journal import healthzip
from dmtx.journal.healthzip import MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_RATIO, MAX_TOTAL_BYTES, RATIO_FLOOR, Refused

MIB = 1024 * 1024
RECORD = "apple_health_export/clinical-records/Observation-1.json"


def info(name: str = RECORD, size: int = 100, packed: int = 50, mode: int = 0o100644) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(name)
    member.file_size, member.compress_size = size, packed
    member.external_attr = mode << 16
    return member


def refused(infos: list[zipfile.ZipInfo]) -> str:
    with pytest.raises(Refused) as caught:
        healthzip._check(infos)
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [
        ("apple_health_export/clinical-records/a.json", False),
        ("a..b/c..json", False),  # dots inside a name climb nowhere
        ("x", False),
        ("/etc/passwd", True),
        ("\\windows\\system32", True),
        ("apple_health_export\\clinical-records\\a.json", True),
        ("apple_health_export/../../a.json", True),
        ("..", True),
        ("C:/a.json", True),
        ("c:", True),
    ],
)
def test_a_name_that_is_absolute_or_climbs_out_is_unsafe(name: str, unsafe: bool) -> None:
    assert healthzip._unsafe(name) is unsafe


@pytest.mark.parametrize(
    ("name", "wanted"),
    [
        (RECORD, True),
        ("clinical-records/Observation-1.json", True),
        ("Observation-1.json", False),
        ("apple_health_export/export.xml", False),
        ("apple_health_export/clinical-records/Observation-1.xml", False),
        ("apple_health_export/clinical-records/sub/Observation-1.json", False),
        ("apple_health_export/other-records/Observation-1.json", False),
        ("apple_health_export/clinical-records/folder.json/", False),
    ],
)
def test_only_the_json_files_of_the_clinical_records_folder_are_read(name: str, wanted: bool) -> None:
    assert healthzip._wanted(info(name)) is wanted


def test_the_member_count_limit() -> None:
    others = [info(f"apple_health_export/workout-routes/route_{n}.gpx") for n in range(MAX_MEMBERS - 1)]
    first = info()
    assert healthzip._check([first, *others]) == [first]  # exactly at the limit: read
    assert (
        refused([info(), *others, info("extra.txt")])
        == f"has {MAX_MEMBERS + 1} files; an export dmtx reads has at most {MAX_MEMBERS}"
    )


def test_a_members_size_limit_and_the_mib_it_names() -> None:
    assert len(healthzip._check([info(size=MAX_MEMBER_BYTES, packed=MAX_MEMBER_BYTES)])) == 1
    assert refused([info(size=MAX_MEMBER_BYTES + 1, packed=MAX_MEMBER_BYTES)]) == (
        f"holds {RECORD[:60]!r}, which would unpack to 5 MiB (limit 5 MiB)"
    )
    # An unwanted member is never read, so its size does not matter (export.xml is often gigabytes).
    assert healthzip._check([info("apple_health_export/export.xml", size=5000 * MIB, packed=1)]) == []


def test_the_packing_ratio_limit_applies_above_one_mib() -> None:
    assert len(healthzip._check([info(size=RATIO_FLOOR, packed=1)])) == 1  # small files may pack well
    packed = RATIO_FLOOR // MAX_RATIO + 1
    size = MAX_RATIO * packed  # just over the floor, packed exactly MAX_RATIO times: allowed
    assert size > RATIO_FLOOR and len(healthzip._check([info(size=size, packed=packed)])) == 1
    assert refused([info(size=size + 1, packed=packed)]) == (
        f"holds {RECORD!r}, packed more than {MAX_RATIO} times (a zip bomb?)"
    )
    just_over = RATIO_FLOOR + 1
    assert refused([info(size=just_over, packed=0)]).endswith("(a zip bomb?)")  # a size of 0 counts as 1


def test_the_total_size_limit() -> None:
    five = MAX_MEMBER_BYTES
    members = [info(f"a/clinical-records/{n}.json", size=five, packed=five) for n in range(MAX_TOTAL_BYTES // five)]
    assert len(healthzip._check(members)) == 40
    assert refused([*members, info("a/clinical-records/last.json", size=1, packed=1)]) == (
        "has clinical records of more than 200 MiB"
    )


def test_a_link_or_an_unsafe_name_refuses_the_whole_zip_wherever_it_is() -> None:
    link = info("apple_health_export/workout-routes/r.gpx", mode=stat.S_IFLNK | 0o777)
    assert refused([info(), link]) == "holds a symbolic link ('apple_health_export/workout-routes/r.gpx')"
    long_name = "../" + "x" * 100
    assert refused([info(long_name)]) == f"holds a file named {long_name[:60]!r} that points outside the export"


def _zip(members: dict[str, bytes]) -> io.BytesIO:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    data.seek(0)
    return data


def test_a_member_is_read_counting_its_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(healthzip, "MAX_MEMBER_BYTES", 100)
    monkeypatch.setattr(healthzip, "CHUNK", 7)
    over = "over-" + "x" * 70
    with zipfile.ZipFile(_zip({"exact": b"x" * 100, over: b"x" * 101})) as archive:
        assert healthzip._read(archive, archive.getinfo("exact")) == b"x" * 100
        with pytest.raises(Refused) as caught:
            healthzip._read(archive, archive.getinfo(over))
    assert str(caught.value) == f"holds {over[:60]!r}, larger than it says (limit 5 MiB)"


def test_resources_and_unreadable_files_are_counted() -> None:
    good = b'\xef\xbb\xbf{"resourceType": "Observation", "id": "1"}'  # a byte order mark is allowed
    source = _zip({RECORD: good, RECORD.replace("-1", "-2"): b"\xff\xfe not text", RECORD.replace("-1", "-3"): b"{"})
    found, unreadable = healthzip.resources(source)
    assert [r["id"] for r in found] == ["1"] and unreadable == 2


def test_a_damaged_or_encrypted_zip_is_refused_in_one_sentence() -> None:
    with pytest.raises(Refused, match=r"^is a damaged zip \(File is not a zip file\)$"):
        healthzip.resources(io.BytesIO(b"PK\x03\x04" + b"\x00" * 40))
    data = _zip({RECORD: b"{}"}).getvalue()
    # Mark the member encrypted (general purpose flag bit 0, in the local and the central header).
    data = data.replace(b"PK\x03\x04\x14\x00\x00\x00", b"PK\x03\x04\x14\x00\x01\x00", 1)
    data = data.replace(b"PK\x01\x02\x14\x03\x14\x00\x00\x00", b"PK\x01\x02\x14\x03\x14\x00\x01\x00", 1)
    with pytest.raises(Refused, match=r"^cannot be read: a file in it is locked with a password$"):
        healthzip.resources(io.BytesIO(data))
