"""Issue 12 in real Chromium, at desktop and phone widths, in a th-TH and an en-US browser:
the history in sentences, unsubmitted districts shown as such, a question before each hard
decision (dismissing it changes nothing), submit refused for missing required evidence, and
returned work listed first with links that land on their cards.

The expected text follows the page's own language (``<html lang>``): the app's choice of
language is not what these tests are about. ``PRAMOEN_SHOTS=<dir>`` keeps a screenshot of
each page looked at."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from pramoen.accounts.services import province_setup
from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Indicator, Result, Round
from pramoen.testing import factories
from tests.web.conftest import DOC

# Ban Bueng's own indicators, entered in full so that it can submit
ENTRIES_2002 = {
    "I1": services.ResultInput(met=frozenset({1, 2, 3, 4, 5})),
    "I2b": services.ResultInput(met=frozenset({1, 2, 3})),
    "I3b": services.ResultInput(met=frozenset({1, 2, 3, 4})),
    "I4": services.ResultInput(met=frozenset({1, 2, 3, 4, 5})),
    "I5": services.ResultInput(value=Decimal(15)),
    "I6": services.ResultInput(met=frozenset({1, 2, 3, 4})),
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWS = [
    pytest.param(1280, "th-TH", id="desktop-th"),
    pytest.param(390, "en-US", id="phone-en"),
    pytest.param(1280, "en-US", id="desktop-en"),
    pytest.param(390, "th-TH", id="phone-th"),
]


@pytest.fixture
def world(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    province = province_setup()
    round_ = factories.round_opened(province=province, document=DOC)
    users = factories.people(province=province)  # password "pw-<username>"
    boss = users["province"]
    boss.first_name, boss.last_name = "สมชาย", "ใจดี"
    boss.save()
    return round_, users


class Session:
    def __init__(self, browser, base: str, user: str, width: int, locale: str, name: str):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.base, self.name = base, name
        self.dialogs: list[str] = []
        self.page.goto(f"{base}/accounts/login/")
        self.page.fill("#id_username", user)
        self.page.fill("#id_password", f"pw-{user}")
        self.page.click("#login-submit")
        expect(self.page.locator("header .who")).to_be_visible()

    def go(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    @property
    def thai(self) -> bool:
        return (self.page.locator("html").get_attribute("lang") or "th").startswith("th")

    def says(self, th: str, en: str) -> str:
        return th if self.thai else en

    def answer(self, accept: bool) -> None:
        """The next dialog is answered so (and its question kept in ``dialogs``)."""

        def handle(dialog):
            self.dialogs.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        self.page.once("dialog", handle)

    def shot(self, label: str) -> None:
        folder = os.environ.get("PRAMOEN_SHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=f"{folder}/{label}-{self.name}.png", full_page=True)

    def close(self) -> None:
        self.context.close()


def _status(round_: Round, district: str) -> str:
    return Evaluation.objects.get(round=round_, district__code=district).status


@pytest.mark.parametrize(("width", "locale"), VIEWS)
def test_the_history_reads_as_sentences(world, live_server, browser, width, locale, request):
    round_, users = world
    officer = users["d2001"]
    factories.shared_results_entered(round_=round_, users=users)
    evaluation = factories.results_entered(round_=round_, user=officer)
    services.evidence_add_file(
        evaluation=evaluation,
        indicator=Indicator.objects.get(round=round_, code="I5"),
        user=officer,
        upload=SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n" + b"x" * 8479, "application/pdf"),
    )
    factories.evaluation_submitted(round_=round_, user=officer)
    factories.results_verified(round_=round_, users=users)
    evaluation = factories.evaluation_of(round_, "2001")
    services.evaluation_approve(evaluation=evaluation, user=users["province"], version=1)

    s = Session(browser, live_server.url, "province", width, locale, request.node.callspec.id)
    page = s.go(f"/rounds/{round_.pk}/d/2001/")
    expect(page.locator("#history")).to_have_count(0)  # loaded when the reader reaches it
    page.locator("#history-box").scroll_into_view_if_needed()
    history = page.locator("#history")
    approved = history.locator("li[data-action='evaluation_approved']")
    expect(approved).to_have_text(
        re.compile(
            s.says(
                r"อนุมัติผลการประเมิน โดย สมชาย ใจดี เมื่อ \d+ \S+ 25\d\d \d\d:\d\d",
                r"Approved the evaluation by สมชาย ใจดี on \d+ \w+ 25\d\d BE \d\d:\d\d",
            )
        )
    )
    expect(history).to_contain_text(
        s.says(
            "แนบหลักฐาน evidence.pdf (8 KB) ในตัวชี้วัด I5",
            "Attached evidence evidence.pdf (8 KB) to indicator I5",
        )
    )
    text = history.inner_text()
    for code in ("evaluation_approved", "result_saved", "{'", "[]", "→", "· status"):
        assert code not in text
    history.scroll_into_view_if_needed()
    s.shot("history")
    s.close()


@pytest.mark.parametrize(("width", "locale"), VIEWS)
def test_an_unsubmitted_district_is_shown_as_not_submitted(
    world, live_server, browser, width, locale, request
):
    round_, users = world
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users)

    s = Session(browser, live_server.url, "province", width, locale, request.node.callspec.id)
    for path, label in (
        (f"/rounds/{round_.pk}/", "round"),
        (f"/rounds/{round_.pk}/dashboard/", "dashboard"),
    ):
        page = s.go(path)
        waiting = page.locator("tr[data-district='2002']")
        expect(waiting.locator("[data-rating]")).to_have_text(s.says("ยังไม่ส่ง", "Not submitted"))
        expect(waiting.locator("[data-rank]")).to_have_text("–")
        expect(waiting.locator("[data-achievement]")).to_have_text("–")
        expect(waiting).not_to_contain_text(s.says("ต้องปรับปรุง", "Needs improvement"))
        expect(page.locator("tr[data-district='2001'] [data-rank]")).to_have_text("1")
        expect(page.locator("#findings")).to_contain_text("๘๕")
        s.shot(label)
    s.close()


@pytest.mark.parametrize(("width", "locale"), VIEWS)
def test_each_hard_decision_asks_and_dismissing_changes_nothing(
    world, live_server, browser, width, locale, request
):
    round_, users = world
    view = request.node.callspec.id
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.results_entered(round_=round_, user=users["d2002"], entries=ENTRIES_2002)

    # the district submits: dismissed nothing happens, accepted it is submitted
    d = Session(browser, live_server.url, "d2001", width, locale, view)
    page = d.go(f"/rounds/{round_.pk}/d/2001/")
    d.answer(accept=False)
    page.click("#submit-evaluation")
    page.wait_for_timeout(500)
    assert len(d.dialogs) == 1 and d.says("ส่งผลการประเมิน", "Submit the evaluation") in d.dialogs[0]
    expect(page.locator("#evaluation-status")).to_have_attribute("data-status", "draft")
    assert _status(round_, "2001") == "draft"
    d.answer(accept=True)
    page.locator("#submit-evaluation").focus()
    page.keyboard.press("Enter")  # the keyboard reaches it as well as the mouse
    expect(page.locator("#evaluation-status")).to_have_attribute("data-status", "submitted")
    d.close()
    factories.results_verified(round_=round_, users=users, district="2001")

    p = Session(browser, live_server.url, "province", width, locale, view)
    page = p.go(f"/rounds/{round_.pk}/d/2001/")
    for button, accepted_status in (("#approve", "approved"), ("#reopen", "returned")):
        page.fill("#reason", "ตรวจทานอีกครั้ง")
        before = _status(round_, "2001")
        p.answer(accept=False)
        page.click(button)
        page.wait_for_timeout(500)
        assert _status(round_, "2001") == before
        expect(page.locator("#evaluation-status")).to_have_attribute("data-status", before)
        if button == "#approve":
            p.shot("decide")
        p.answer(accept=True)
        page.click(button)
        expect(page.locator("#evaluation-status")).to_have_attribute("data-status", accepted_status)
    assert len(p.dialogs) == 4

    # returning a submitted evaluation
    e2002 = factories.evaluation_of(round_, "2002")
    services.evaluation_submit(evaluation=e2002, user=users["d2002"], version=e2002.version)
    page = p.go(f"/rounds/{round_.pk}/d/2002/")
    page.fill("#reason", "ขาดหลักฐาน")
    p.answer(accept=False)
    page.click("#return")
    page.wait_for_timeout(500)
    assert _status(round_, "2002") == "submitted"
    p.answer(accept=True)
    page.click("#return")
    expect(page.locator("#evaluation-status")).to_have_attribute("data-status", "returned")

    # closing the round
    page = p.go(f"/rounds/{round_.pk}/")
    p.answer(accept=False)
    page.click("#close-round")
    page.wait_for_timeout(500)
    assert Round.objects.get(pk=round_.pk).status == "open"
    p.answer(accept=True)
    page.click("#close-round")
    expect(page.locator("#round-status")).to_have_text(p.says("ปิดรอบ", "Closed"))
    assert len(p.dialogs) == 8
    p.close()


@pytest.mark.parametrize(("width", "locale"), VIEWS)
def test_submit_is_refused_listing_the_missing_evidence(
    world, live_server, browser, width, locale, request, tmp_path
):
    round_, users = world
    services.round_evidence_update(round_=round_, user=users["province"], required={"I5"})
    factories.results_entered(round_=round_, user=users["d2001"])

    d = Session(browser, live_server.url, "d2001", width, locale, request.node.callspec.id)
    page = d.go(f"/rounds/{round_.pk}/d/2001/")
    gaps = page.locator("#evidence-gaps")
    expect(gaps.locator("[data-missing-evidence='I5']")).to_contain_text(
        d.says("ต้องแนบก่อนส่ง", "required before submitting")
    )
    expect(gaps.locator("[data-missing-evidence='I1']")).to_contain_text(
        d.says("ไม่บังคับ", "optional")
    )
    d.shot("evidence-gaps")
    d.answer(accept=True)
    page.click("#submit-evaluation")
    expect(page.locator(".messages .error")).to_contain_text("I5")
    assert "I5" in d.dialogs[0]  # the question already said which have no evidence
    expect(page.locator("#evaluation-status")).to_have_attribute("data-status", "draft")
    assert _status(round_, "2001") == "draft"
    d.shot("submit-refused")

    proof = tmp_path / "debt.pdf"
    proof.write_bytes(b"%PDF-1.4\n% evidence\n")
    page.set_input_files("#file-I5", str(proof))
    page.locator("#card-I5 form.inline-form button[type=submit]").click()
    expect(page.locator("#card-I5 .evidence")).to_contain_text("debt.pdf")
    page.reload()
    expect(page.locator("[data-missing-evidence='I5']")).to_have_count(0)
    d.answer(accept=True)
    page.click("#submit-evaluation")
    expect(page.locator("#evaluation-status")).to_have_attribute("data-status", "submitted")
    d.close()


@pytest.mark.parametrize(("width", "locale"), VIEWS)
def test_returned_work_is_listed_first_with_links_to_its_cards(
    world, live_server, browser, width, locale, request
):
    round_, users = world
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    for code, reason in (("I2a", "ไม่มีรายชื่อโปรแกรมท่องเที่ยว"), ("I4", "แผนไม่มีลายมือชื่อ")):
        result = Result.objects.get(indicator__round=round_, indicator__code=code)
        services.result_return(
            result=result,
            user=factories.owner(result.indicator, users),
            reason=reason,
            version=result.version,
        )

    d = Session(browser, live_server.url, "d2001", width, locale, request.node.callspec.id)
    page = d.go(f"/rounds/{round_.pk}/d/2001/")
    returned = page.locator("#returned")
    expect(returned).to_be_in_viewport()
    expect(returned.locator("[data-returned]")).to_have_count(2)
    expect(returned.locator("[data-returned='I2a']")).to_contain_text("ไม่มีรายชื่อโปรแกรมท่องเที่ยว")
    expect(returned.locator("[data-returned='I4']")).to_contain_text("แผนไม่มีลายมือชื่อ")
    top = returned.bounding_box()
    scores = page.locator("#scores").bounding_box()
    assert top is not None and scores is not None and top["y"] < scores["y"]
    d.shot("returned")
    returned.locator("[data-returned='I4'] a").click()
    expect(page).to_have_url(re.compile(r"#card-I4$"))
    expect(page.locator("#card-I4")).to_be_in_viewport()
    d.close()
