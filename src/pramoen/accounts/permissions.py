"""Who may manage people: the one answer for every door (pages, the command line's callers,
the services themselves). Pure functions of a membership."""

from __future__ import annotations

from typing import Any

from .models import Membership, Province, Role


def can_view_people(m: Membership | None, province: Province) -> bool:
    """The province's own office, and the department (read-only, every province)."""
    return m is not None and (
        m.role == Role.DEPARTMENT or (m.role == Role.PROVINCE and m.province_id == province.pk)
    )


def can_manage_people(m: Membership | None, province: Province) -> bool:
    """Add, change, deactivate, unlock, send a reset: the province's own office only."""
    return m is not None and m.role == Role.PROVINCE and m.province_id == province.pk


def can_manage_person(m: Membership | None, person: Any) -> bool:
    """A person of the manager's own province (never the department's accounts, nor one's own
    role: a province officer cannot lock themselves out of managing)."""
    target: Membership | None = getattr(person, "membership", None)
    return (
        m is not None
        and target is not None
        and target.province is not None
        and target.role != Role.DEPARTMENT
        and can_manage_people(m, target.province)
    )
