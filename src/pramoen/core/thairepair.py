"""Repair of the Thai that PDF text layers really contain, and the damage it cannot settle.

What a text layer does to Thai, and what is done about it:

* legacy Thai fonts (TH SarabunPSK and its kin) draw shifted marks from Private Use Area
  glyphs (U+F700–U+F71A); a layer without a ToUnicode map yields those code points. Each
  stands for exactly one Thai character: mapped back, always.
* SARA AM (ำ) is drawn as NIKHAHIT + SARA AA, and the layer says so: "ํา", "ำา" (LibreOffice:
  both glyphs mapped to something), a tone on either side. Always one ำ.
* a combining mark after a space (a mark cannot start a word) and two tones or two vowels
  stacked on one consonant: an extractor that sorts by position has moved the mark. The mark
  goes back to the consonant it was drawn on, when that consonant has none.
* NIKHAHIT lost, with or without its tone: "ตาแหน่ง", "ต\ufffdาแหน่ง" (a glyph with no
  character), "ความส  าเร็จ", "น  าหนัก". Which tone, and whether "ตา" was "ตำ", only a word
  can say: words from the lexicon (``data/thai-repair-words.txt``) whose damaged forms cannot
  be anything else are put back. Anything left is found by ``damage`` and reported, never
  guessed.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

# Legacy Thai PUA glyphs (the Windows/Apple "Thai PUA" set) -> the character each one draws.
PUA = {
    0xF700: "ฐ", 0xF701: "ิ", 0xF702: "ี", 0xF703: "ึ", 0xF704: "ื",
    0xF705: "่", 0xF706: "้", 0xF707: "๊", 0xF708: "๋", 0xF709: "์",
    0xF70A: "่", 0xF70B: "้", 0xF70C: "๊", 0xF70D: "๋", 0xF70E: "์",
    0xF70F: "ญ", 0xF710: "ั", 0xF711: "ํ", 0xF712: "็", 0xF713: "่",
    0xF714: "้", 0xF715: "๊", 0xF716: "๋", 0xF717: "์", 0xF718: "ุ",
    0xF719: "ู", 0xF71A: "ฺ",
}  # fmt: skip

# A glyph the layer gives no character for: the PDF reader writes this in its place.
LOST = "\ufffd"

CONSONANT = "ก-ฮ"
VOWEL_MARK = "\u0e31\u0e34-\u0e3a\u0e47"  # ั ิ ี ึ ื ุ ู ฺ ็ : above or below the consonant
TONE = "\u0e48-\u0e4c"  # ่ ้ ๊ ๋ ์
MARK = f"{VOWEL_MARK}{TONE}\u0e4d\u0e4e"  # a regex class: every combining mark
MARKS = frozenset(
    "\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))
)
_PUA = dict(PUA)

_SPACE_BEFORE_MARK = re.compile(rf"(?<=[\u0e01-\u0e5b])[ \u00a0]+(?=[{MARK}])")
_PUA_ANY = re.compile("[\uf700-\uf71a]")
_SPACE_MARK_ANY = re.compile(rf"[ \u00a0][{MARK}]")
_AM_ANY = re.compile(rf"\u0e4d|\u0e33[{TONE}]|\u0e33\u0e32")
_AM = re.compile(rf"([{TONE}]?)[\u0e4d\u0e33]([{TONE}]?)\u0e32")
_AM_TONE_AFTER = re.compile(rf"\u0e33([{TONE}])")
_TONE_BEFORE_VOWEL = re.compile(rf"([{TONE}])([{VOWEL_MARK}])")
_CLUSTER = re.compile(rf"([{CONSONANT}])([{MARK}]*)")


def repair(text: str) -> str:
    """The text with every certain repair made; line and tab structure untouched."""
    if not text:
        return text
    # Each rule runs only where its damage can be (a quick scan first): a sound text, the
    # usual case, costs a few scans.
    if _PUA_ANY.search(text):
        text = text.translate(_PUA)
    if _SPACE_MARK_ANY.search(text):
        text = _SPACE_BEFORE_MARK.sub("", text)
    if _AM_ANY.search(text):
        text = _AM.sub(lambda m: (m.group(1) or m.group(2)) + "\u0e33", text)
        text = _AM_TONE_AFTER.sub(r"\1" + "\u0e33", text)
    text = _restack(text)
    text = _TONE_BEFORE_VOWEL.sub(r"\2\1", text)
    return _lexicon_repair(text)


def _valid(marks: str) -> bool:
    vowels = sum(1 for c in marks if c in _VOWELS)
    tones = sum(1 for c in marks if c in _TONES)
    return vowels <= 1 and tones <= 1


_VOWELS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47")
_TONES = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c")


_STACK = re.compile(rf"([{CONSONANT}])([{CONSONANT}])([{VOWEL_MARK}{TONE}]{{2,}})")


def _restack(text: str) -> str:
    """Give a consonant's surplus marks back to the bare consonant before it.

    "ชวี้ั" (ชี้ว + ั: two vowels on ว) is "ชี้วั"; "มน่้" (two tones on น) is "ม่น้".
    """
    return _STACK.sub(_restacked, text)


def _restacked(m: re.Match[str]) -> str:
    before, consonant, marks = m.group(1), m.group(2), m.group(3)
    if _valid(marks):
        return m.group(0)
    cut = 2 if marks[0] in _VOWELS and len(marks) > 2 and marks[1] in _TONES else 1
    if not _valid(marks[cut:]):
        return m.group(0)
    return before + marks[:cut] + consonant + marks[cut:]


@cache
def _words() -> tuple[str, ...]:
    data = resources.files("pramoen.core").joinpath("data/thai-repair-words.txt")
    words = []
    for line in data.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return tuple(sorted(set(words), key=len, reverse=True))


@cache
def _damaged_forms() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every damaged form of every lexicon word, and the word of each.

    The forms: NIKHAHIT (and its tone) lost, left as a gap, as a lost glyph, or with nothing
    ("ต าแหน่ง", "ต\ufffdาแหน่ง", "ตาแหน่ง", the last only for words of five letters or
    more, whose damaged form is no word); a vowel moved past the next consonant ("กล่มุ งาน").
    """
    forms: dict[str, str] = {}
    for word in _words():
        for form in _forms_of(word):
            if form != word:
                forms.setdefault(form, word)
    return re.compile(_trie([k.split(" ") for k in forms])), forms


def _trie(forms: list[list[str]]) -> str:
    """One regex for many literal forms, as a trie (an alternation of hundreds of words is
    tried word by word at every position; a trie branches once per letter). A space in a
    form matches any run of spaces; the longest form wins."""
    root: dict[str, Any] = {}
    for parts in forms:
        node = root
        for ch in " ".join(parts):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node(root)


def _node(node: dict[str, Any]) -> str:
    branches = []
    end = "" in node
    for ch in sorted(k for k in node if k):
        piece = " +" if ch == " " else re.escape(ch)
        branches.append(piece + _node(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if end else body


def _forms_of(word: str) -> set[str]:
    forms: set[str] = set()
    am = list(re.finditer(rf"[{TONE}]?\u0e33", word))
    if am:
        for lost in (LOST, " ", "  "):
            forms.add(_replace_all(word, am, lost + "า"))
        if len(word) >= 5:
            forms.add(_replace_all(word, am, "า"))
    for m in re.finditer(rf"([{CONSONANT}])([{VOWEL_MARK}])([{TONE}])([{CONSONANT}])", word):
        moved = m.group(1) + m.group(3) + m.group(4) + m.group(2)
        for gap in ("", " "):
            forms.add(word[: m.start()] + moved + gap + word[m.end() :])
    return forms


def _replace_all(word: str, matches: list[re.Match[str]], by: str) -> str:
    out, pos = [], 0
    for m in matches:
        out += [word[pos : m.start()], by]
        pos = m.end()
    return "".join([*out, word[pos:]])


def _lexicon_repair(text: str) -> str:
    if "\u0e32" not in text:
        return text
    pattern, forms = _damaged_forms()
    return pattern.sub(lambda m: forms[re.sub(" +", " ", m.group(0))], text)


_DAMAGE = re.compile(
    rf"{LOST}|\(cid:\d+\)|[\ue000-\uf8ff]|[{CONSONANT}] +[\u0e32\u0e33\u0e45]"
    rf"|\u0e4d(?!\u0e32)|[{TONE}][{TONE}]"
)


def damage(text: str) -> list[str]:
    """The words of ``text`` that are still damaged after ``repair``: each as it stands
    (from the space before the damage to the space after it)."""
    words: list[str] = []
    end = 0
    for m in _DAMAGE.finditer(text):
        if m.start() < end:
            continue
        # the word the damage is in begins after the space before it (for "ข าว", the
        # space inside the damage is not that space)
        start = text.rfind(" ", 0, m.start()) + 1
        stop = text.find(" ", m.end())
        end = len(text) if stop < 0 else stop
        words.append(text[start:end])
    return words
