"""What the setup and the steps both read: the round's setup, an evaluation's appraisal."""

from __future__ import annotations

from pramoen.evaluation.models import Evaluation, Round

from ..models import Appraisal, AppraisalSetup

MAX_PLAN_ITEMS = 10
MAX_SHORT = 200  # names, positions, a plan's "when"


def setup_of(round_: Round) -> AppraisalSetup:
    """The round's setup; the OCSC's defaults until the province sets its own."""
    setup = AppraisalSetup.objects.filter(round=round_).first()
    return setup if setup is not None else AppraisalSetup(round=round_)


def appraisal_of(evaluation: Evaluation) -> Appraisal:
    """The evaluation's appraisal, made (in the rating step) when first asked for."""
    found = Appraisal.objects.filter(evaluation=evaluation).first()
    return found if found is not None else Appraisal(evaluation=evaluation)
