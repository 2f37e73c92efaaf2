"""Evidence the province requires per indicator (a round setting): submit lists the
indicators without evidence and refuses for those that require it, the same answer from the
service, its problems twin and the page."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pramoen.evaluation import services
from pramoen.evaluation.errors import NotAllowed, WorkflowError
from pramoen.evaluation.models import EvaluationStatus, HistoryEvent, Indicator
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entered(round_, users):
    """2001 has saved every result and attached no evidence; the province requires evidence
    for I5 and I1."""
    factories.results_entered(round_=round_, user=users["d2001"])
    services.round_evidence_update(round_=round_, user=users["province"], required={"I5", "I1"})
    return factories.evaluation_of(round_, "2001")


def _attach(evaluation, code, user):
    services.evidence_add_file(
        evaluation=evaluation,
        indicator=Indicator.objects.get(round=evaluation.round, code=code),
        user=user,
        upload=SimpleUploadedFile("proof.pdf", b"%PDF-1.4\n", "application/pdf"),
    )


def test_the_province_sets_which_indicators_require_evidence_and_it_is_recorded(entered):
    required = set(
        Indicator.objects.filter(round=entered.round, evidence_required=True).values_list(
            "code", flat=True
        )
    )
    assert required == {"I1", "I5"}
    events = HistoryEvent.objects.filter(round=entered.round, action="indicator_evidence")
    assert sorted(e.indicator_code for e in events) == ["I1", "I5"]


def test_only_the_province_sets_it_and_only_for_district_indicators(round_, users):
    with pytest.raises(NotAllowed):
        services.round_evidence_update(round_=round_, user=users["d2001"], required={"I5"})
    with pytest.raises(WorkflowError, match="T1"):  # a province-wide result: no district evidence
        services.round_evidence_update(round_=round_, user=users["province"], required={"T1"})
    services.round_set_status(round_=round_, user=users["province"], status="closed")
    with pytest.raises(WorkflowError):
        services.round_evidence_update(round_=round_, user=users["province"], required={"I5"})


def test_submit_is_refused_listing_the_required_indicators_without_evidence(entered, users):
    officer = users["d2001"]
    with pytest.raises(WorkflowError) as info:
        services.evaluation_submit(evaluation=entered, user=officer, version=entered.version)
    assert info.value.code == "evidence-missing"
    assert "I1, I5" in info.value.message
    assert factories.evaluation_of(entered.round, "2001").status == EvaluationStatus.DRAFT
    _attach(entered, "I1", officer)
    problems = services.evaluation_submit_problems(evaluation=entered, user=officer)
    assert [(p.code, "I5" in p.message, "I1" in p.message) for p in problems] == [
        ("evidence-missing", True, False)
    ]
    _attach(entered, "I5", officer)
    # the indicators whose evidence is not required never block
    assert services.evaluation_submit_problems(evaluation=entered, user=officer) == []
    submitted = services.evaluation_submit(
        evaluation=entered, user=officer, version=entered.version
    )
    assert submitted.status == EvaluationStatus.SUBMITTED


def test_the_problems_twin_lists_every_reason_at_once(round_, users):
    services.round_evidence_update(round_=round_, user=users["province"], required={"I5"})
    factories.results_entered(
        round_=round_,
        user=users["d2001"],
        entries={k: v for k, v in factories.ENTRIES_2001.items() if k != "I4"},
    )
    evaluation = factories.evaluation_of(round_, "2001")
    problems = services.evaluation_submit_problems(evaluation=evaluation, user=users["d2001"])
    assert [p.code for p in problems] == ["results-missing", "evidence-missing"]
    assert "I4" in problems[0].message and "I5" in problems[1].message
    assert isinstance(
        services.evaluation_submit_problems(evaluation=evaluation, user=users["d2002"])[0],
        NotAllowed,
    )


def test_the_page_lists_the_indicators_without_evidence_and_refuses_the_same_way(
    entered, client_for
):
    client = client_for("d2001")
    url = reverse("evaluation", args=[entered.round_id, "2001"])
    page = client.get(url).content.decode()
    gaps = page[
        page.index('id="evidence-gaps"') : page.index("</div>", page.index('id="evidence-gaps"'))
    ]
    for code in ("I1", "I2a", "I3a", "I4", "I5", "I6"):
        assert f'data-missing-evidence="{code}"' in gaps
    assert gaps.count("ต้องแนบก่อนส่ง") == 2 and gaps.count("ไม่บังคับ") == 4
    assert 'href="#card-I5"' in gaps
    response = client.post(
        reverse("evaluation_submit", args=[entered.round_id, "2001"]),
        {"version": entered.version},
    )
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["ส่งไม่ได้: ตัวชี้วัด I1, I5 ยังไม่มีหลักฐาน จังหวัดกำหนดให้ต้องแนบหลักฐานก่อนส่ง"]
    assert factories.evaluation_of(entered.round, "2001").status == EvaluationStatus.DRAFT


def test_the_round_page_sets_the_requirement(round_, client_for):
    client = client_for("province")
    page = client.get(reverse("round_detail", args=[round_.pk])).content.decode()
    assert 'id="evidence-required"' in page and 'value="I5"' in page
    assert 'name="required" value="T1"' not in page  # province-wide results need none
    client.post(reverse("round_evidence", args=[round_.pk]), {"required": ["I5", "I2a"]})
    assert set(
        Indicator.objects.filter(round=round_, evidence_required=True).values_list(
            "code", flat=True
        )
    ) == {"I5", "I2a"}
    client.post(reverse("round_evidence", args=[round_.pk]), {"required": ["I5"]})
    assert list(
        Indicator.objects.filter(round=round_, evidence_required=True).values_list(
            "code", flat=True
        )
    ) == ["I5"]
