"""A fiscal year with both rounds, for the year's selector and pages (tests/evaluation/
selectors/test_year.py, tests/evaluation/views/test_year.py), built through the services.

Round 1 (FY2568's summary): the province-wide results T1 87.5 (level 4) and T2 91 (level 5);
Mueang Chonburi (2001) enters ``factories.ENTRIES_2001``, Ban Bueng (2002) ``ENTRIES_2002``,
both submit, every result is verified, 2001 is approved. Phan Thong (2005) does not submit.
Round 2: I6 taken out of the draft, opened; T1 92 (level 5), T2 80 (level 3); 2001 enters
``ENTRIES_2001_R2`` and 2005 ``ENTRIES_2005_R2``, both submit and are verified; 2002 does not
submit round 2.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pramoen.evaluation.models import Round
from pramoen.evaluation.services import ResultInput, evaluation_approve
from pramoen.testing import factories

ENTRIES_2002 = {
    "I1": ResultInput(met=frozenset({1, 2})),
    "I2b": ResultInput(met=frozenset({1, 2, 3})),
    "I3b": ResultInput(met=frozenset({1, 2, 3, 4})),
    "I4": ResultInput(met=frozenset({1, 2})),
    "I5": ResultInput(value=Decimal(15)),
    "I6": ResultInput(met=frozenset({1, 2, 3})),
}
ENTRIES_2001_R2 = {
    "I1": ResultInput(met=frozenset({1, 2, 3})),
    "I2a": ResultInput(value=Decimal(10)),
    "I3a": ResultInput(met=frozenset({1, 2, 3, 4, 5})),
    "I4": ResultInput(met=frozenset({1, 2, 3, 4, 5})),
    "I5": ResultInput(value=Decimal(11)),
}
ENTRIES_2005_R2 = {
    "I1": ResultInput(met=frozenset({1})),
    "I2b": ResultInput(met=frozenset({1})),
    "I4": ResultInput(met=frozenset({1, 2})),
    "I5": ResultInput(value=Decimal(25)),
}


def two_rounds(round_: Round, users: dict[str, Any]) -> tuple[Round, Round]:
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_entered(round_=round_, user=users["d2002"], entries=ENTRIES_2002)
    factories.evaluation_submitted(round_=round_, user=users["d2002"])
    factories.results_verified(round_=round_, users=users)
    first = factories.evaluation_of(round_, "2001")
    evaluation_approve(evaluation=first, user=users["province"], version=first.version)

    second = factories.next_round_opened(round_=round_, user=users["province"], remove=["I6"])
    factories.shared_results_entered(
        round_=second, users=users, values={"T1": Decimal(92), "T2": Decimal(80)}
    )
    for district, entries in (("2001", ENTRIES_2001_R2), ("2005", ENTRIES_2005_R2)):
        officer = users[f"d{district}"]
        factories.results_entered(round_=second, user=officer, entries=entries)
        factories.evaluation_submitted(round_=second, user=officer)
    factories.results_verified(round_=second, users=users)
    return round_, second
