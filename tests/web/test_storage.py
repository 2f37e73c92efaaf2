"""Files (evidence, import files, reports) in the configured storage: the data dir's media/, or
an S3 bucket when PRAMOEN_S3_BUCKET is set. Run as they are, these tests use local disk; under
scripts/with-seaweedfs.sh (make test-s3) the same tests go to a real S3 server, and those that
only mean something there (the bucket, anonymous requests) run too."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pramoen.evaluation.models import Evidence
from pramoen.exchange import services as exchange
from pramoen.reports.models import ReportJob
from tests.exchange.helpers import csv_bytes, template
from tests.reliability.instances import POPULATE, Instance

S3 = bool(os.environ.get("PRAMOEN_S3_BUCKET"))
s3_only = pytest.mark.skipif(
    not S3, reason="needs an S3 server: run under scripts/with-seaweedfs.sh (make test-s3)"
)
PDF = b"%PDF-1.4 evidence bytes \x00\xff" + os.urandom(64)


@pytest.fixture
def bucket():
    """The bucket, through boto3 itself (not Django's storage): what is really in it."""
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=os.environ["PRAMOEN_S3_ENDPOINT_URL"],
        aws_access_key_id=os.environ["PRAMOEN_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["PRAMOEN_S3_SECRET_ACCESS_KEY"],
        region_name=os.environ.get("PRAMOEN_S3_REGION", "us-east-1"),
        config=Config(s3={"addressing_style": "path"}),
    )

    def read(name: str) -> bytes:
        obj = client.get_object(Bucket=os.environ["PRAMOEN_S3_BUCKET"], Key=name)
        return obj["Body"].read()

    return read


def stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as f:
        return f.read()


def local_files(settings) -> list[str]:
    return [str(p) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def _settings_in(env: dict[str, str], data_dir) -> dict:
    code = (
        "import json; from pramoen.web import settings as s; d = s.STORAGES['default'];"
        "o = dict(d.get('OPTIONS', {})); c = o.pop('client_config', None);"
        "o.update({'client': {'s3': c.s3, 'sig': c.signature_version}} if c else {});"
        "print(json.dumps({'backend': d['BACKEND'], **o}))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("PRAMOEN_S3_")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "PRAMOEN_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_files_stay_on_local_disk_unless_a_bucket_is_named(tmp_path):
    assert _settings_in({}, tmp_path) == {"backend": "django.core.files.storage.FileSystemStorage"}


def test_a_named_bucket_is_private_signed_and_never_overwritten(tmp_path):
    options = _settings_in(
        {
            "PRAMOEN_S3_BUCKET": "evidence",
            "PRAMOEN_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
            "PRAMOEN_S3_ACCESS_KEY_ID": "key",
            "PRAMOEN_S3_SECRET_ACCESS_KEY": "secret",
        },
        tmp_path,
    )
    assert options["backend"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "evidence"
    assert options["endpoint_url"] == "http://127.0.0.1:8333"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["region_name"] == "us-east-1"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["client"] == {"s3": {"addressing_style": "path"}, "sig": "s3v4"}


def test_the_storage_in_use_is_the_one_the_environment_names():
    from django.core.files.storage import FileSystemStorage, storages
    from storages.backends.s3 import S3Storage

    assert type(storages["default"]) is (S3Storage if S3 else FileSystemStorage)


@pytest.fixture
def officer(client_for):
    return client_for("d2001")


def _upload(round_, officer) -> Evidence:
    kwargs = {"round_id": round_.pk, "district": "2001", "code": "I5"}
    officer.post(reverse("result_save", kwargs=kwargs), {"value": "11", "version": "0"})
    officer.post(
        reverse("evidence_upload", kwargs=kwargs),
        {"file": SimpleUploadedFile("หลักฐาน.pdf", PDF)},
    )
    return Evidence.objects.get()


@pytest.mark.django_db
def test_evidence_is_stored_and_streamed_only_after_the_access_check(
    round_, officer, client_for, settings, request
):
    item = _upload(round_, officer)
    assert item.file.name.startswith("evidence/") and stored(item.file.name) == PDF
    if S3:  # in the bucket, nothing on the local disk
        assert request.getfixturevalue("bucket")(item.file.name) == PDF
        assert local_files(settings) == []
    download = reverse("evidence_download", args=[item.pk])
    response = client_for("wg-coordination").get(download)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    other = client_for("d2002").get(download)  # another district's officer
    assert other.status_code == 404 and PDF not in other.content
    anonymous = client_for(None).get(download)
    assert anonymous.status_code == 302 and PDF not in anonymous.content
    # the page links the download view, never the stored name or a storage URL
    page = officer.get(reverse("evaluation", args=[round_.pk, "2001"])).content.decode()
    assert download in page and item.file.name not in page


@pytest.mark.django_db
def test_a_report_jobs_file_is_stored_and_downloads_to_its_viewer_only(
    round_, client_for, settings, request
):
    viewer = client_for("viewer")
    viewer.post(reverse("report_job_create", args=[round_.pk]), {"fmt": "xlsx"})
    job = ReportJob.objects.get()
    assert job.status == "done" and job.file.name.startswith("reports/")
    data = stored(job.file.name)
    assert data.startswith(b"PK")  # a workbook
    if S3:
        assert request.getfixturevalue("bucket")(job.file.name) == data
        assert local_files(settings) == []
    response = viewer.get(reverse("report_job_download", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert client_for("d2001").get(reverse("report_job_download", args=[job.pk])).status_code in (
        403,
        404,
    )


@pytest.mark.django_db
def test_an_import_file_is_stored_served_to_its_uploader_and_purged_from_the_storage(
    round_, users, client_for
):
    user = users["d2001"]
    data = csv_bytes(template(round_, user, "csv"))
    batch = exchange.import_check(round_=round_, user=user, data=data, name="x.csv")
    name = batch.file.name
    assert name.startswith("imports/") and stored(name) == data
    response = client_for("d2001").get(reverse("exchange:batch_file", args=[batch.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert client_for("d2002").get(reverse("exchange:batch_file", args=[batch.pk])).status_code in (
        403,
        404,
    )
    later = timezone.now() + timedelta(days=365)
    assert exchange.import_files_purge(now=later) == 1
    assert not default_storage.exists(name)


@s3_only
@pytest.mark.django_db
def test_no_object_is_readable_without_credentials(round_, officer, bucket):
    item = _upload(round_, officer)
    endpoint = os.environ["PRAMOEN_S3_ENDPOINT_URL"].rstrip("/")
    bucket_url = f"{endpoint}/{os.environ['PRAMOEN_S3_BUCKET']}"
    for url in (f"{bucket_url}/{item.file.name}", f"{bucket_url}/", f"{bucket_url}?list-type=2"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=10)
        assert refused.value.code == 403, url
        assert PDF not in refused.value.read()
    assert bucket(item.file.name) == PDF  # with the credentials it is there
    # were a URL ever made, it is signed (and short-lived), not the bare object
    assert "X-Amz-Signature=" in default_storage.url(item.file.name)


# Backup and restore: real instances (subprocesses), sharing the bucket when there is one.

DIGESTS = """
import hashlib, json
from django.core.files.storage import default_storage
from pramoen.web.backup import stored_names
out = {}
for name in stored_names():
    try:
        with default_storage.open(name, "rb") as f:
            out[name] = hashlib.sha256(f.read()).hexdigest()
    except FileNotFoundError:
        out[name] = None
print(json.dumps(out))
"""

WIPE = """
from django.core.files.storage import default_storage
from pramoen.web.backup import stored_names
for name in stored_names():
    default_storage.delete(name)
print("wiped")
"""


def _instance(tmp_path, name, made):
    instance = Instance(tmp_path, name)
    instance.env.update({k: v for k, v in os.environ.items() if k.startswith("PRAMOEN_S3_")})
    made.append(instance)
    return instance


@pytest.fixture
def instances(tmp_path):
    made: list[Instance] = []
    yield lambda name: _instance(tmp_path, name, made)
    for instance in made:
        instance.close()


def _legacy(archive, out):
    """The archive as an older Pramoen wrote it: media/ added as a directory (entries for the
    folders too), the manifest before the files."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        members = src.getmembers()
        files = sorted(m.name for m in members if m.name.startswith("media/"))
        folders = {n.rsplit("/", 1)[0] for n in files} | {"media"}
        for m in sorted(members, key=lambda m: m.name.startswith("media/")):
            if m.name.startswith("media/"):
                continue
            dst.addfile(m, src.extractfile(m))
        for folder in sorted(folders):
            info = tarfile.TarInfo(folder)
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            dst.addfile(info)
        for name in files:
            dst.addfile(src.getmember(name), src.extractfile(name))


def test_backup_wipe_restore_brings_every_file_back_byte_identical(instances, tmp_path):
    a = instances("a")
    a.run("demo", "--no-serve")
    assert "populated 4" in a.shell(POPULATE)
    before = json.loads(a.shell(DIGESTS))
    assert len(before) == 1 and None not in before.values()
    archive = tmp_path / "pramoen.tar.gz"
    out = a.run("backup", str(archive)).stdout
    assert "evidence 1" in out and "files 1" in out
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    for name, digest in before.items():
        assert hashlib.sha256(members[f"media/{name}"]).hexdigest() == digest

    assert "wiped" in a.shell(WIPE)  # the bucket (or media/) loses the objects
    assert set(json.loads(a.shell(DIGESTS)).values()) == {None}

    b = instances("b")  # a new database, the same bucket (or its own media/)
    restored = b.run("restore", str(archive)).stdout
    assert "ไฟล์ 1 ไฟล์" in restored
    assert json.loads(b.shell(DIGESTS)) == before

    # an archive laid out as older versions wrote it restores the same
    legacy = tmp_path / "legacy.tar.gz"
    _legacy(archive, legacy)
    b.run("restore", str(legacy), "--force")
    assert json.loads(b.shell(DIGESTS)) == before


def test_backup_notes_a_referenced_file_that_is_gone(instances, tmp_path):
    a = instances("a")
    a.run("demo", "--no-serve")
    a.shell(POPULATE)
    a.shell(WIPE)
    out = a.run("backup", str(tmp_path / "x.tar.gz"))
    assert "files 0" in out.stdout and "ไม่พบไฟล์ 1 ไฟล์" in out.stderr
    with tarfile.open(tmp_path / "x.tar.gz", "r:gz") as tar:
        manifest = json.load(io.BytesIO(tar.extractfile("manifest.json").read()))
    assert (manifest["files"], manifest["files_missing"]) == (0, 1)
