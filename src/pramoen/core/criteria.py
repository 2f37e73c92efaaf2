"""Comparisons in a level's text -> criteria (measure, op, value, unit).

The level texts are prose. A criterion is either a comparison phrase followed by a number
("ไม่น้อยกว่าร้อยละ ๗๐", "ต่ำกว่าร้อยละ ๑๕", "มากกว่า ๒ โครงการ/กิจกรรม") or a bare count with a
unit ("จำนวน ๒ ชิ้น", "๔ โปรแกรม"), which reads as "at least". Dates, years, list numbering and
names ("๓๑ พฤษภาคม ๒๕๖๘", "ปี ๒๕๖๕ – ๒๕๖๗", "๑)", "๔ท") are not criteria.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .model import Criterion, Level, Op
from .thai import DIGIT, NUMBER_RE, normalize_space, parse_number

# Longest phrases first so that "ไม่น้อยกว่า" is never read as "น้อยกว่า".
PHRASES: tuple[tuple[str, Op], ...] = (
    ("มากกว่าหรือเท่ากับ", Op.GE),
    ("น้อยกว่าหรือเท่ากับ", Op.LE),
    ("ไม่น้อยกว่า", Op.GE),
    ("ไม่ต่ำกว่า", Op.GE),
    ("อย่างน้อย", Op.GE),
    ("ไม่เกิน", Op.LE),
    ("มากกว่า", Op.GT),
    ("ต่ำกว่า", Op.LT),
    ("น้อยกว่า", Op.LT),
)
_OPS = dict(PHRASES)

PERCENT_WORD = "ร้อยละ"

# Units that follow the number. Longer first ("โครงการ/กิจกรรม" before "โครงการ").
UNITS: tuple[str, ...] = (
    "โครงการ/กิจกรรม",
    "ครัวเรือน",
    "โปรแกรม",
    "ผลิตภัณฑ์",
    "ช่องทาง",
    "กิจกรรม",
    "โครงการ",
    "ตัวชี้วัด",
    "หมู่บ้าน",
    "ชุมชน",
    "ตำบล",
    "กลุ่ม",
    "ครั้ง",
    "ชิ้น",
    "แห่ง",
    "เรื่อง",
    "ราย",
    "คน",
    "บาท",
    "%",
)

_PHRASE_ALT = "|".join(re.escape(p) for p, _ in PHRASES)
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)

# A comparison: phrase, then at most a few words without digits (e.g. "กิจกรรมละ"), then
# optionally "ร้อยละ", then the number, then optionally a unit.
_COMPARISON = re.compile(
    rf"(?P<phrase>{_PHRASE_ALT})\s*(?P<gap>[^{DIGIT}\s()]{{0,12}}?)\s*"
    rf"(?P<pct>{PERCENT_WORD}\s*)?(?P<num>{NUMBER_RE})(?![{DIGIT}])\s*(?P<unit>{_UNIT_ALT})?"
)
# A bare count: "ร้อยละ ๕๐" or "๔ โปรแกรม"; the number must not be glued to a preceding word
# digit run and must be followed by a unit (which rules out years, dates and "๔ท").
_BARE = re.compile(
    rf"(?:(?P<pct>{PERCENT_WORD})\s*(?P<pnum>{NUMBER_RE})(?![{DIGIT}.)])"
    rf"|(?<![{DIGIT}.])(?P<num>{NUMBER_RE})\s*(?P<unit>{_UNIT_ALT}))"
)
# Clause numbering "๒. " starts a new clause: the measure of a criterion is read from its clause.
_CLAUSE = re.compile(rf"(?:^|\s)[{DIGIT}]{{1,2}}\.\s")
_CONTEXT_NOISE = re.compile(r"(จำนวน|เพิ่มขึ้นเป็น)$")


@dataclass(frozen=True, slots=True)
class RawCriterion:
    op: Op
    value: Decimal
    unit: str
    context: str  # the clause text before the comparison: what is being measured


def extract(text: str) -> list[RawCriterion]:
    """Every comparison in ``text``, in order of appearance."""
    found: list[tuple[int, int, RawCriterion]] = []
    taken: list[tuple[int, int]] = []
    for m in _COMPARISON.finditer(text):
        unit = "%" if m.group("pct") else (m.group("unit") or "")
        if not unit and m.group("gap"):
            # "อย่างน้อยกิจกรรมละ ๑" without a unit: not a recognisable comparison
            continue
        found.append((m.start(), m.end(), _raw(_OPS[m.group("phrase")], m.group("num"), unit)))
        taken.append((m.start(), m.end()))
    for m in _BARE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if m.group("pnum"):
            found.append((m.start(), m.end(), _raw(Op.GE, m.group("pnum"), "%")))
        else:
            found.append((m.start(), m.end(), _raw(Op.GE, m.group("num"), m.group("unit"))))
    found.sort(key=lambda t: t[0])

    result: list[RawCriterion] = []
    prev_end = 0
    for start, end, raw in found:
        context = _clause_before(text, prev_end, start)
        if not _key(context) and result and not _CLAUSE.search(text[prev_end:start]):
            # "จำนวน ๓ ตำบล ๑๕ ตัวชี้วัด": the second count belongs to the same clause.
            context = result[-1].context
        result.append(_with_context(raw, context))
        prev_end = end
    return result


def _raw(op: Op, number: str, unit: str) -> RawCriterion:
    return RawCriterion(op=op, value=parse_number(number), unit=unit, context="")


def _with_context(raw: RawCriterion, context: str) -> RawCriterion:
    return RawCriterion(raw.op, raw.value, raw.unit, context)


def _clause_before(text: str, lo: int, hi: int) -> str:
    segment = text[lo:hi]
    starts = [m.end() for m in _CLAUSE.finditer(segment)]
    if starts:
        segment = segment[starts[-1] :]
    return _CONTEXT_NOISE.sub("", normalize_space(segment)).strip()


def _key(context: str) -> str:
    """Comparable form of a context: no spaces, no brackets or punctuation."""
    return re.sub(r"[\s()\[\]:\"“”'‘’,]+", "", context)


def _same_measure(a: RawCriterion, b: RawCriterion) -> bool:
    if a.unit != b.unit:
        return False
    ka, kb = _key(a.context), _key(b.context)
    if not ka or not kb:
        return ka == kb
    # The same measure is often re-worded with a longer lead-in at a higher level
    # ("มีโปรแกรม…" vs "ชุมชนท่องเที่ยวมีโปรแกรม…"): a shared ending means the same thing.
    return ka.endswith(kb) or kb.endswith(ka)


def assign_measures(title: str, level_texts: list[tuple[int, str]]) -> tuple[Level, ...]:
    """Build levels with criteria whose ``measure`` names are shared across levels.

    The classic threshold shape — every level exactly one comparison, all in one unit — is one
    measure whatever the wording. Otherwise criteria are grouped by unit and clause wording.
    """
    raws = [(number, text, extract(text)) for number, text in level_texts]
    all_raw = [r for _, _, rs in raws for r in rs]

    single_measure = bool(raws) and all(len(rs) == 1 for _, _, rs in raws)
    single_measure = single_measure and len({r.unit for r in all_raw}) == 1

    groups: list[list[RawCriterion]] = []
    membership: dict[int, int] = {}
    for raw in all_raw:
        for gi, members in enumerate(groups):
            if single_measure or any(_same_measure(raw, m) for m in members):
                members.append(raw)
                membership[id(raw)] = gi
                break
        else:
            groups.append([raw])
            membership[id(raw)] = len(groups) - 1

    labels = _labels(title, groups)
    return tuple(
        Level(
            level=number,
            text=text,
            criteria=tuple(Criterion(labels[membership[id(r)]], r.op, r.value, r.unit) for r in rs),
        )
        for number, text, rs in raws
    )


_LABEL_MAX = 80


def _labels(title: str, groups: list[list[RawCriterion]]) -> list[str]:
    labels: list[str] = []
    for members in groups:
        contexts = [m.context for m in members if _key(m.context)]
        if contexts:
            label = min(contexts, key=lambda c: len(_key(c)))
        else:
            label = title if len(groups) == 1 else f"{title} ({members[0].unit})"
        if len(label) > _LABEL_MAX:
            cut = label.rfind(" ", 0, _LABEL_MAX)
            label = label[: cut if cut > _LABEL_MAX // 2 else _LABEL_MAX].rstrip() + "…"
        if label in labels:
            label = f"{label} ({members[0].unit})"
        base, n = label, 2
        while label in labels:
            label, n = f"{base} ({n})", n + 1
        labels.append(label)
    return labels
