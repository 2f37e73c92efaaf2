"""The round editor's checker as the province types (issue 13): one check of the whole round,
every indicator's fields posted as the page posts them, through the whole stack."""

from __future__ import annotations

from typing import Any

from .suite import median_ms


def editor_form(round_: Any) -> dict[str, Any]:
    """Every indicator's fields as the editor page posts them, one weight changed (typed)."""
    from pramoen.evaluation.selectors.round_edit import IndicatorInput
    from pramoen.evaluation.selectors.rounds import round_indicators

    data: dict[str, Any] = {}
    for n, row in enumerate(round_indicators(round_)):
        p, d = f"i{row.pk}", IndicatorInput.of(row)
        data.update(
            {
                f"{p}-code": d.code,
                f"{p}-group": d.group,
                f"{p}-title": d.title,
                f"{p}-weight": "17" if n == 0 else d.weight,
                f"{p}-work_group": d.work_group,
                f"{p}-districts": list(d.districts),
                f"{p}-shared": "1" if d.shared else "0",
                **{f"{p}-level{i}": t for i, t in enumerate(d.levels, 1)},
            }
        )
    return data


def editor_figures(client: Any, round_: Any, repeat: int) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path, data = f"/rounds/{round_.pk}/edit/check/", editor_form(round_)

    def post() -> None:
        response = client.post(path, data)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")

    ms = median_ms(post, max(repeat, 15), warmup=2)
    with CaptureQueriesContext(connection) as queries:
        post()
    return {"editor_check_ms": ms, "editor_check_queries": len(queries)}
