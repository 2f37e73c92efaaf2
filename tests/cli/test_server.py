"""pramoen demo: the demo data, an account per role, then the server."""

import pytest
from django.contrib.auth import get_user_model

from pramoen.cli import main
from pramoen.evaluation.models import Round

pytestmark = pytest.mark.django_db


def test_demo_sets_up_an_open_round_and_an_account_per_role(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path.parent)
    from tests.web.conftest import DOC

    assert main(["demo", "--no-serve", "--document", str(DOC)]) == 0
    out = capsys.readouterr().out
    round_ = Round.objects.get()
    assert (round_.code, round_.status) == ("2568-1", "open")
    for username in ("province", "viewer", "wg-coordination", "wg-information", "d2001", "d2011"):
        assert f"  {username} " in out
    assert get_user_model().objects.count() == 2 + 4 + 11
    # every demo account has an address of its own, USERNAME@example.org (issue 14)
    emails = dict(get_user_model().objects.values_list("username", "email"))
    assert emails["d2001"] == "d2001@example.org" and len(set(emails.values())) == 17


def test_gunicorn_runs_without_a_control_socket():
    # gunicorn's control socket is ~/.gunicorn/gunicorn.ctl unless told otherwise: two
    # `pramoen serve` of one user (deploy/pramoen-web@.service, scripts/cluster.sh) would
    # take it from each other
    from gunicorn.config import Config

    from pramoen.cli.server import _gunicorn_argv

    argv = _gunicorn_argv("127.0.0.1", 8000, 2)
    assert argv[1:4] == ["-m", "gunicorn", "pramoen.web.wsgi:application"]
    config = Config()
    parsed = config.parser().parse_args(argv[4:])
    for name, value in vars(parsed).items():
        if value is not None and name in config.settings:
            config.set(name, value)
    assert config.control_socket_disable is True
    assert config.bind == ["127.0.0.1:8000"] and config.workers == 2
