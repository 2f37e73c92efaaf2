"""The organisation and its people, set up through accounts.services: idempotent, every input
checked with a Thai message naming the field, nothing half-written when refused."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from pramoen.accounts.errors import AccountError
from pramoen.accounts.models import District, Membership, Province, WorkGroup
from pramoen.accounts.services import (
    membership_build,
    province_setup,
    user_create,
)
from pramoen.core import District as DocumentDistrict
from pramoen.core.errors import PramoenError

pytestmark = pytest.mark.django_db


def test_setting_up_chonburi_twice_gives_it_once():
    first = province_setup()
    again = province_setup()
    assert first == again and Province.objects.count() == 1
    assert [d.code for d in again.districts.all()] == [f"20{n:02d}" for n in range(1, 12)]
    assert [g.code for g in again.work_groups.all()] == [
        "coordination",
        "strategy",
        "promotion",
        "information",
    ]


def test_a_district_of_another_province_is_refused_not_moved(province):
    with pytest.raises(AccountError) as refused:
        province_setup(code="21", name_th="ระยอง", name_en="Rayong")  # Chonburi's list
    assert refused.value.field == "districts"
    assert refused.value.message == "รหัสอำเภอ 2001 เป็นของจังหวัดอื่นในระบบนี้"
    assert isinstance(refused.value, PramoenError)
    assert not Province.objects.filter(code="21").exists()  # nothing half-written
    assert set(District.objects.values_list("province__code", flat=True)) == {"20"}


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"code": ""}, "code", "รหัสจังหวัดต้องไม่ว่าง"),
        ({"code": "123456789"}, "code", "ไม่เกิน 8 ตัวอักษร"),
        ({"name_th": " "}, "name_th", "ชื่อจังหวัด (ภาษาไทย) ต้องไม่ว่าง"),
        ({"name_en": "x" * 101}, "name_en", "ไม่เกิน 100 ตัวอักษร"),
        (
            {"districts": [DocumentDistrict("2101", "เมืองระยอง", "")] * 2},
            "districts",
            "รหัสอำเภอ 2101 ซ้ำในรายชื่อ",
        ),
        (
            {"districts": [DocumentDistrict("2101", "", "")]},
            "districts",
            "อำเภอรหัส 2101: ชื่ออำเภอต้องไม่ว่าง",
        ),
    ],
)
def test_a_province_is_not_set_up_from_bad_inputs(kwargs, field, message):
    inputs = {"code": "21", "name_th": "ระยอง", "name_en": "Rayong", "districts": [], **kwargs}
    with pytest.raises(AccountError, match=re.escape(message)) as refused:
        province_setup(**inputs)
    assert refused.value.field == field
    assert not Province.objects.exists()


def test_a_user_gets_a_random_password_and_one_membership(province):
    user, password = user_create(
        username="somsak",
        role="district",
        province=province,
        district="2004",
        full_name="สมศักดิ์ ใจงาม",
    )
    assert len(password) >= 12 and user.check_password(password)
    assert (user.first_name, user.last_name) == ("สมศักดิ์", "ใจงาม")
    assert (user.membership.role, user.membership.district.code) == ("district", "2004")
    # again: the same user, reset with a new password and another role
    again, second = user_create(username="somsak", role="viewer", province=province)
    assert again.pk == user.pk and second != password
    assert Membership.objects.get(user=user).role == "viewer"
    assert Membership.objects.get(user=user).district is None


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"role": "mayor"}, "role", "บทบาทต้องเป็นอย่างใดอย่างหนึ่งใน province, work_group"),
        ({"role": "district"}, "district", "ผู้ใช้บทบาทอำเภอต้องระบุรหัสอำเภอ"),
        ({"role": "work_group"}, "work_group", "ผู้ใช้บทบาทกลุ่มงานต้องระบุรหัสกลุ่มงาน"),
        ({"role": "district", "district": "9999"}, "district", "ไม่พบอำเภอรหัส 9999 ในจังหวัดชลบุรี"),
        (
            {"role": "work_group", "work_group": "finance"},
            "work_group",
            "ไม่พบกลุ่มงานรหัส finance ในจังหวัดชลบุรี",
        ),
        ({"role": "province", "province": None}, "province", "ต้องสังกัดจังหวัด"),
        ({"username": "สมศักดิ์ ใจดี"}, "username", "ชื่อผู้ใช้ต้องไม่ว่าง"),
        ({"username": "x" * 151}, "username", "ไม่เกิน 150 ตัวอักษร"),
        ({"password": "  "}, "password", "รหัสผ่านต้องไม่ว่าง"),
        ({"full_name": "ก" * 151}, "full_name", "ไม่เกิน 150 ตัวอักษร"),
    ],
)
def test_a_user_is_not_created_from_bad_inputs(province, kwargs, field, message):
    inputs = {"username": "new", "role": "viewer", "province": province, **kwargs}
    with pytest.raises(AccountError, match=re.escape(message)) as refused:
        user_create(**inputs)
    assert refused.value.field == field
    assert not get_user_model().objects.exists()  # the transaction left nothing behind


def test_the_department_has_no_province_nor_unit(province):
    user, _password = user_create(
        username="dept", role="department", province=province, district="2001", password="x"
    )
    m = user.membership
    assert (m.role, m.province, m.district, m.work_group) == ("department", None, None, None)


def test_a_unit_of_another_province_is_refused(province):
    rayong = province_setup(code="21", name_th="ระยอง", name_en="Rayong", districts=[])
    group = WorkGroup.objects.get(province=province, code="promotion")
    user = get_user_model()(username="x")
    with pytest.raises(AccountError, match="ไม่อยู่ในจังหวัดระยอง") as refused:
        membership_build(user=user, role="work_group", province=rayong, work_group=group)
    assert refused.value.field == "work_group"


def test_refusals_follow_the_active_language(province):
    with translation.override("en"), pytest.raises(AccountError) as refused:
        user_create(username="x", role="district", province=province, district="9999")
    assert refused.value.message == "No district with code 9999 in ชลบุรี province"
