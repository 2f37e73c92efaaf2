"""The district's result card when a save meets someone else's: both versions, side by side."""

from __future__ import annotations

from .forms import Conflict, ResultForm, initial_form
from .models import Evaluation, Indicator, Result


def with_conflict(form: ResultForm, evaluation: Evaluation, indicator: Indicator) -> ResultForm:
    """Mark ``form`` (the user's refused save) with the version now saved, and move it onto
    that version: saving it again is then the user's choice to keep theirs on top of the new
    one, made after seeing both, never a silent overwrite."""
    current = (
        Result.objects.filter(indicator=indicator, district_id=evaluation.district_id)
        .select_related("updated_by")
        .first()
    )
    if current is None:
        form.conflict = Conflict(theirs=None, by="", at=None)
        form.version = 0
    else:
        who = current.updated_by
        form.conflict = Conflict(
            theirs=initial_form(form.indicator, current, interpolate=form.interpolate),
            by=(who.get_full_name() or who.username) if who is not None else "",
            at=current.updated_at,
        )
        form.version = current.version
    form.unsaved = True
    return form
