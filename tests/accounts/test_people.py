"""The province's user page and its services: add, change, deactivate, unlock, send a reset;
who may (the province office of the person's own province; the department reads), and the
history of every change."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from pramoen.accounts import people
from pramoen.accounts.errors import AccountError, AccountNotAllowed
from pramoen.accounts.event_text import KINDS, person_event_text
from pramoen.accounts.models import District, Membership, PersonEvent, WorkGroup
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

User = get_user_model()


def signs_in(username, password):
    """Whether the login page lets this person in (through axes, as a browser would)."""
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] != reverse("login")


def add_form(**overrides):
    data = {
        "username": "d2003-new",
        "full_name": "สมหญิง รักดี",
        "position": "พัฒนาการอำเภอบางละมุง",
        "email": "somying@example.org",
        "role": "district",
        "district": str(District.objects.get(code="2003").pk),
        "work_group": "",
        "invite": "password",
    }
    data.update(overrides)
    return data


def test_the_province_adds_a_person_with_a_password_shown_once(client_for, users):
    client = client_for("province")
    response = client.post(reverse("person_add"), add_form())
    assert response.status_code == 200
    password = re.search(
        r'id="new-password" type="text" value="([^"]+)"', response.content.decode()
    )
    assert password is not None
    person = User.objects.get(username="d2003-new")
    m = person.membership
    assert (m.role, m.district.code, m.position_th, person.email) == (
        "district",
        "2003",
        "พัฒนาการอำเภอบางละมุง",
        "somying@example.org",
    )
    assert (person.first_name, person.last_name) == ("สมหญิง", "รักดี")
    assert signs_in("d2003-new", password[1])
    event = PersonEvent.objects.get(person=person)
    assert (event.kind, event.actor, event.province) == (
        "person_added",
        users["province"],
        m.province,
    )
    page = client.get(reverse("people")).content.decode()
    assert "d2003-new" in page and '>สมหญิง</span> <span class="nowrap">รักดี<' in page
    assert "เพิ่มผู้ใช้ d2003-new บทบาทอำเภอ (ตั้งรหัสผ่านสุ่ม)" in page


def test_an_invitation_mails_a_link_that_sets_the_password_once(
    client_for, settings, django_capture_on_commit_callbacks
):
    settings.PRAMOEN_BASE_URL = "https://pramoen.example.org"
    client = client_for("province")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("person_add"), add_form(invite="invite"))
    assert response.status_code == 302
    person = User.objects.get(username="d2003-new")
    assert not person.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["somying@example.org"]
    assert "ตั้งรหัสผ่าน" in message.subject and "d2003-new" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert link is not None, message.body
    anyone = Client()
    form = anyone.get(link[1], follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form.content.decode()
    done = anyone.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link[1],
        {"new_password1": "ลำไย-ชลบุรี-2568", "new_password2": "ลำไย-ชลบุรี-2568"},
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert signs_in("d2003-new", "ลำไย-ชลบุรี-2568")
    again = Client().get(link[1], follow=True).content.decode()
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in again
    kinds = list(PersonEvent.objects.filter(person=person).values_list("kind", flat=True))
    assert sorted(kinds) == ["password_set_by_link", "person_added"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"username": "d2001"}, "username", "มีอยู่แล้ว"),
        ({"email": "not an address"}, "email", "ไม่ถูกต้อง"),
        ({"district": ""}, "district", "ต้องระบุรหัสอำเภอ"),
        ({"role": "work_group", "district": ""}, "work_group", "ต้องระบุรหัสกลุ่มงาน"),
        ({"invite": "invite", "email": ""}, "email", "ต้องระบุอีเมล"),
    ],
)
def test_a_refused_person_keeps_what_was_typed_and_says_where(client_for, overrides, field, words):
    before = User.objects.count()
    response = client_for("province").post(reverse("person_add"), add_form(**overrides))
    assert response.status_code == 422
    page = response.content.decode()
    assert words in page and f'id="id_{field}-error"' in page
    assert 'value="สมหญิง รักดี"' in page  # what was typed stays
    assert User.objects.count() == before


def test_an_address_already_used_is_refused(client_for, users):
    users["d2002"].email = "somying@example.org"
    users["d2002"].save()
    response = client_for("province").post(reverse("person_add"), add_form())
    assert response.status_code == 422
    assert "ใช้กับผู้ใช้อื่นแล้ว" in response.content.decode()


def test_a_district_of_another_province_cannot_be_chosen(client_for, users):
    factories.outsiders()
    rayong_group = WorkGroup.objects.filter(province__code="21").first()
    data = add_form(role="work_group", district="", work_group=str(rayong_group.pk))
    response = client_for("province").post(reverse("person_add"), data)
    assert response.status_code == 422
    assert not User.objects.filter(username="d2003-new").exists()


def test_only_the_province_office_of_the_persons_province_may_manage(users):
    outsiders = factories.outsiders()
    person = users["d2001"]
    for who in ("d2002", "wg-coordination", "viewer", "department"):
        with pytest.raises(AccountNotAllowed):
            people.person_set_active(
                by=users.get(who) or outsiders[who], person=person, active=False
            )
    with pytest.raises(AccountNotAllowed):
        people.person_unlock(by=outsiders["other-province"], person=person)
    with pytest.raises(AccountNotAllowed):
        people.person_add(
            by=outsiders["department"],
            province=person.membership.province,
            username="x",
            role="viewer",
            invite=False,
        )
    # the department reads every province's people
    assert people.people_of(by=outsiders["department"], province=person.membership.province)
    assert User.objects.get(pk=person.pk).is_active
    assert not PersonEvent.objects.exclude(kind="person_created_cli").exists()


def test_deactivated_people_cannot_sign_in_and_stay_in_the_history(client_for, users):
    client = client_for("province")
    person = users["d2001"]
    response = client.post(reverse("person_action", args=[person.pk, "deactivate"]))
    assert response.status_code == 302
    assert not signs_in("d2001", "pw-d2001")
    assert User.objects.filter(pk=person.pk).exists()  # never deleted
    page = client.get(reverse("people")).content.decode()
    assert "ปิดบัญชีแล้ว" in page and "ปิดบัญชี d2001" in page
    client.post(reverse("person_action", args=[person.pk, "reactivate"]))
    assert signs_in("d2001", "pw-d2001")


def test_the_province_office_cannot_lock_itself_out(users):
    me = users["province"]
    with pytest.raises(AccountError, match="ปิดบัญชีของตนเองไม่ได้"):
        people.person_set_active(by=me, person=me, active=False)
    with pytest.raises(AccountError, match="เปลี่ยนบทบาทของตนเองไม่ได้"):
        people.person_change(by=me, person=me, role="viewer")
    assert Membership.objects.get(user=me).role == "province" and me.is_active


def test_a_locked_out_person_is_shown_and_unlocked(client_for, users, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": "d2001", "password": "wrong"})
    assert people.is_locked("d2001")
    assert (
        Client().post(reverse("login"), {"username": "d2001", "password": "pw-d2001"}).status_code
        != 302
    )
    client = client_for("province")
    assert "ถูกล็อก" in client.get(reverse("people")).content.decode()
    client.post(reverse("person_action", args=[users["d2001"].pk, "unlock"]))
    assert not people.is_locked("d2001")
    assert signs_in("d2001", "pw-d2001")
    assert PersonEvent.objects.filter(kind="person_unlocked", person=users["d2001"]).exists()


def test_changing_a_person_is_recorded_field_by_field(client_for, users):
    person = users["d2001"]
    group = WorkGroup.objects.get(province=person.membership.province, code="coordination")
    response = client_for("province").post(
        reverse("person_edit", args=[person.pk]),
        {
            "username": "ignored",
            "full_name": "สมชาย ใจดี",
            "position": "",
            "email": "somchai@example.org",
            "role": "work_group",
            "district": "",
            "work_group": str(group.pk),
        },
    )
    assert response.status_code == 302
    m = Membership.objects.get(user=person)
    assert (m.role, m.work_group, m.district) == ("work_group", group, None)
    assert User.objects.get(pk=person.pk).username == "d2001"  # the user name never changes
    event = PersonEvent.objects.get(kind="person_changed")
    assert event.data["changed"]["role"] == ["district", "work_group"]
    text = person_event_text(event)
    assert "บทบาท จาก อำเภอ เป็น กลุ่มงาน" in text and "อีเมล จาก — เป็น somchai@example.org" in text


def test_a_reset_sent_by_the_province_reaches_the_person(
    client_for, users, django_capture_on_commit_callbacks
):
    users["d2001"].email = "d2001@example.org"
    users["d2001"].save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("province").post(reverse("person_action", args=[users["d2001"].pk, "reset"]))
    [message] = mail.outbox
    assert message.to == ["d2001@example.org"] and "/accounts/reset/" in message.body


def test_a_reset_without_an_address_says_so(client_for, users):
    response = client_for("province").post(
        reverse("person_action", args=[users["d2001"].pk, "reset"]), follow=True
    )
    assert "ยังไม่มีอีเมล" in response.content.decode()
    assert mail.outbox == []


def test_every_recorded_kind_has_a_sentence(users):
    for kind in KINDS:
        event = PersonEvent(actor=users["province"], person=users["d2001"], kind=kind, data={})
        text = person_event_text(event)
        assert not text.startswith(kind), kind
    # and the services record no kind without one
    import inspect

    from pramoen.accounts import people as module
    from pramoen.accounts import views

    recorded = set()
    for source in (inspect.getsource(module), inspect.getsource(views)):
        recorded |= set(re.findall(r'record\([^)]*kind="([a-z_]+)"', source))
    assert recorded <= set(KINDS)


def test_a_person_changes_their_own_password(client_for, users):
    client = client_for("d2001")
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "ใหม่-มาก-2569", "new_password2": "ใหม่-มาก-2569"},
    )
    assert wrong.status_code == 200 and "ใส่รหัสผ่านเก่าผิด" in wrong.content.decode()
    right = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-d2001",
            "new_password1": "ใหม่-มาก-2569",
            "new_password2": "ใหม่-มาก-2569",
        },
    )
    assert right.status_code == 302
    assert signs_in("d2001", "ใหม่-มาก-2569")
    assert PersonEvent.objects.filter(kind="password_changed", person=users["d2001"]).exists()


def test_cannot_add_a_department_account(users):
    with pytest.raises(AccountError):
        people.person_add(
            by=users["province"],
            province=users["province"].membership.province,
            username="dept2",
            role="department",
            invite=False,
        )


def test_password_rules_are_explained_in_thai(client_for):
    """Django's Thai catalogue leaves its password validators in English; ours fills them."""
    response = client_for("d2001").post(
        reverse("password_change"),
        {"old_password": "pw-d2001", "new_password1": "12345", "new_password2": "12345"},
    )
    page = response.content.decode()
    assert "รหัสผ่านสั้นเกินไป ต้องยาวอย่างน้อย" in page and "ตัวเลขล้วน" in page
    assert "too short" not in page and "numeric" not in page


def test_the_command_line_goes_through_the_same_write_and_history(province, users):
    from pramoen.cli import main

    assert main(["createuser", "viewer2", "--role", "viewer", "--name", "มานี มีนา"]) == 0
    person = User.objects.get(username="viewer2")
    event = PersonEvent.objects.get(person=person)
    assert (event.kind, event.actor, event.province) == ("person_created_cli", None, province)
    assert person_event_text(event) == "ผู้ดูแลระบบ (คำสั่ง pramoen) สร้างหรือตั้งผู้ใช้ viewer2 ใหม่"
    assert (person.first_name, person.last_name) == ("มานี", "มีนา")
