"""Bulk exchange through the API: dry run, apply, export."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pramoen.api.services import token_create
from pramoen.evaluation.models import HistoryEvent, Result

pytestmark = pytest.mark.django_db


def api_client(user):
    return Client(headers={"Authorization": f"Bearer {token_create(user=user, name='t')[1]}"})


def test_an_import_is_a_dry_run_first_then_applied_all_at_once(round_, users):
    client = api_client(users["wg-coordination"])
    csv = "round,district,indicator,level,value,note\n2568-1,,T1,,86,ตามรายงานการเบิกจ่าย\n"
    response = client.post(
        reverse("api:import_check", args=[round_.pk]),
        {"file": SimpleUploadedFile("t1.csv", csv.encode())},
    )
    assert response.status_code == 201
    batch = response.json()
    assert (batch["status"], batch["errors"], len(batch["changes"])) == ("dry_run", [], 1)
    assert not Result.objects.exists()  # a dry run writes nothing
    applied = client.post(reverse("api:import_apply", args=[batch["id"]]))
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    t1 = Result.objects.get(indicator__code="T1")
    assert (t1.value, t1.verified_level) == (Decimal(86), 4)
    assert HistoryEvent.objects.filter(action="bulk_import").count() == 1
    again = client.post(reverse("api:import_apply", args=[batch["id"]]))
    assert again.status_code == 409 and again.json()["code"] == "workflow"


def test_a_bad_file_lists_every_problem_with_its_row_and_column(round_, users):
    client = api_client(users["wg-coordination"])
    csv = (
        "round,district,indicator,level,value,note\n"
        "2568-1,,T1,,ร้อย,\n"  # text in a number cell
        "2568-1,2001,I9,3,,\n"  # unknown indicator
        "2568-1,,T2,,80,\n"  # T2 belongs to the strategy group
    )
    response = client.post(
        reverse("api:import_check", args=[round_.pk]),
        {"file": SimpleUploadedFile("bad.csv", csv.encode())},
    )
    batch = response.json()
    assert batch["status"] == "rejected"
    rows = sorted((e["row"], e["column"]) for e in batch["errors"])
    assert [r for r, _ in rows] == [2, 3, 4]
    assert not Result.objects.exists()


def test_the_round_export_is_json_for_the_province_and_refused_to_districts(round_, users):
    response = api_client(users["province"]).get(
        reverse("api:round_export", args=[round_.pk]), {"format": "json"}
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["format"] == "pramoen.round-export"
    assert (data["round"]["fiscal_year"], data["round"]["number"]) == (2568, 1)
    assert [i["code"] for i in data["indicators"]][:3] == ["T1", "T2", "I1"]
    assert len(data["districts"]) == len(data["scores"]) == 11
    denied = api_client(users["d2001"]).get(reverse("api:round_export", args=[round_.pk]))
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
