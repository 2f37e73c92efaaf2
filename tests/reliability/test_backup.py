"""pramoen backup / restore: database and evidence together, into an empty instance."""

from __future__ import annotations

import hashlib
import io
import tarfile

import pytest

from tests.reliability.instances import POPULATE, Instance


@pytest.fixture
def instances(tmp_path):
    made = []

    def make(name):
        made.append(Instance(tmp_path, name))
        return made[-1]

    yield make
    for instance in made:
        instance.close()


def media_digest(instance: Instance) -> dict[str, str]:
    media = instance.dir / "var" / "media"
    return {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }


def test_a_backup_restores_into_an_empty_instance_with_identical_data_and_scores(
    instances, tmp_path
):
    a = instances("a")
    a.run("demo", "--no-serve")
    assert "populated 4" in a.shell(POPULATE)
    a.run("report", "--round", "2568-1", "--format", "csv", "-o", str(tmp_path / "a.csv"))
    archive = tmp_path / "pramoen.tar.gz"
    out = a.run("backup", str(archive)).stdout
    assert "evidence 1" in out and "results 4" in out

    b = instances("b")
    b.run("restore", str(archive))
    b.run("report", "--round", "2568-1", "--format", "csv", "-o", str(tmp_path / "b.csv"))
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert media_digest(a) == media_digest(b) and len(media_digest(b)) == 1
    # the restored instance works: the same users and history, the evidence still downloads
    check = (
        "from pramoen.evaluation.models import Evidence, HistoryEvent;"
        "e = Evidence.objects.get();"
        "print(e.original_name, e.file.read(), HistoryEvent.objects.count())"
    )
    assert a.shell(check) == b.shell(check)
    assert "หลักฐาน.pdf b'%PDF-1.4 evidence bytes'" in b.shell(check)


def test_restore_refuses_a_non_empty_instance_without_force(instances, tmp_path):
    a = instances("a")
    a.run("demo", "--no-serve")
    archive = tmp_path / "pramoen.tar.gz"
    a.run("backup", str(archive))
    a.shell(POPULATE)
    refused = a.run("restore", str(archive), check=False)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert "4" in a.shell(
        "from pramoen.evaluation.models import Result; print(Result.objects.count())"
    )
    a.run("restore", str(archive), "--force")
    assert (
        a.shell(
            "from pramoen.evaluation.models import Result; print(Result.objects.count())"
        ).strip()
        == "0"
    )


def test_an_archive_with_a_path_outside_is_refused(instances, tmp_path):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (
            ("manifest.json", b'{"format": 1, "engine": "sqlite"}'),
            ("../escape.txt", b"x"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    b = instances("b")
    out = b.run("restore", str(archive), check=False)
    assert out.returncode == 2 and "unsafe entry" in out.stderr
    assert not (tmp_path / "escape.txt").exists()
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive")
    out = b.run("restore", str(garbage), check=False)
    assert out.returncode == 2 and "ไม่ใช่ไฟล์สำรองข้อมูล" in out.stderr
