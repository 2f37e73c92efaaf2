"""pramoen createuser and setup-province: the accounts services behind a command line."""

import io

import pytest
from django.contrib.auth import get_user_model

from pramoen.accounts.models import District
from pramoen.cli import main

pytestmark = pytest.mark.django_db


def test_createuser_prints_a_random_password_that_works(province, capsys):
    assert main(["createuser", "somsak", "--role", "district", "--district", "2004"]) == 0
    username, password = capsys.readouterr().out.strip().split(": ")
    user = get_user_model().objects.get(username=username)
    assert len(password) >= 12 and user.check_password(password)
    assert (user.membership.role, user.membership.district.code) == ("district", "2004")
    main(["createuser", "somsri", "--role", "district", "--district", "2004"])
    assert capsys.readouterr().out.split(": ")[1].strip() != password


def test_createuser_refuses_a_role_without_its_unit(province, capsys):
    assert main(["createuser", "x", "--role", "work_group"]) == 2
    assert "--work-group" in capsys.readouterr().err
    assert main(["createuser", "x", "--role", "district", "--district", "9999"]) == 2


def test_createuser_names_the_option_at_fault_in_thai(province, capsys, monkeypatch):
    assert main(["createuser", "x", "--role", "district", "--district", "9999"]) == 2
    assert capsys.readouterr().err == "pramoen: ไม่พบอำเภอรหัส 9999 ในจังหวัดชลบุรี (--district)\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["createuser", "x", "--role", "viewer", "--password-stdin"]) == 2
    assert capsys.readouterr().err == "pramoen: รหัสผ่านต้องไม่ว่าง (--password-stdin)\n"
    assert not get_user_model().objects.filter(username="x").exists()


def test_setup_province_refuses_to_take_another_provinces_districts(province, capsys):
    # without --districts the list is Chonburi's, whose districts are Chonburi's already
    assert main(["setup-province", "--code", "21", "--name-th", "ระยอง"]) == 2
    assert "รหัสอำเภอ 2001 เป็นของจังหวัดอื่นในระบบนี้ (--districts)" in capsys.readouterr().err
    assert set(District.objects.values_list("province__code", flat=True)) == {"20"}
    assert main(["setup-province"]) == 0  # Chonburi itself, again: nothing changes
    assert capsys.readouterr().out == "ชลบุรี: 11 อำเภอ, 4 กลุ่มงาน\n"
