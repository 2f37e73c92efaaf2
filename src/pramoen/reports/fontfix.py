"""Sarabun for the PDF text layer: the same outlines, with ำ (SARA AM) extractable.

Why the printed "อำเภอ" copied out of our PDFs as "อาเภอ" and "น้ำหนัก" as "นาหนัก": HarfBuzz
shapes SARA AM as two glyphs, NIKHAHIT + SARA AA (moving NIKHAHIT before a tone mark, which
Sarabun then ligates with it: ํ+้ → one glyph), and puts them in one cluster with the tone
mark. A PDF maps text back per glyph (the font's ToUnicode CMap), and WeasyPrint gives each
glyph the text of its cluster the first time it meets it: the leading glyphs of the cluster
get nothing, the SARA AA glyph the whole cluster ("ำ", "้ำ"). But SARA AA is the same glyph
as a plain า, which the document met first: so ำ came back as า, and ้ำ as า too.

The fix is in the font: SARA AA coming from SARA AM (after NIKHAHIT, or after NIKHAHIT's
ligature with a tone mark) becomes a copy of itself of its own (``uni0E32.am``,
``uni0E32.am49``, …), one per tone, so each glyph only ever stands for one text and the
CMap is right whatever the order the text comes in. Outlines and positions are unchanged.

``python -m pramoen.reports.fontfix DIR`` writes the fonts the PDFs embed (kept under
``static/pramoen/fonts/``, made from the pinned ``fontpkg-sarabun``; a test checks they are
what this module makes).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables as ot

SARA_AA = "uni0E32"
# what precedes SARA AA when it comes from SARA AM: NIKHAHIT, or its ligature with a tone
# mark (Sarabun's ccmp), each in its normal and its narrow (after a tall consonant) form
TONES = {"": "", "48": "่", "49": "้", "4A": "๊", "4B": "๋"}
WEIGHTS = ("Regular", "Bold")


def _before(tone: str) -> list[str]:
    stem = f"uni0E4D{'0E' + tone if tone else ''}"
    return [stem, f"{stem}.narrow"]


def _coverage(glyphs: list[str]) -> ot.Coverage:
    coverage = ot.Coverage()
    coverage.glyphs = glyphs
    return coverage


def _single(mapping: dict[str, str]) -> ot.Lookup:
    subtable = ot.SingleSubst()
    subtable.mapping = mapping
    lookup = ot.Lookup()
    lookup.LookupType, lookup.LookupFlag = 1, 0
    lookup.SubTable = [subtable]
    lookup.SubTableCount = 1
    return lookup


def _chain(before: list[str], lookup_index: int) -> ot.ChainContextSubst:
    subtable = ot.ChainContextSubst()
    subtable.Format = 3
    subtable.BacktrackCoverage = [_coverage(before)]
    subtable.InputCoverage = [_coverage([SARA_AA])]
    subtable.LookAheadCoverage = []
    record = ot.SubstLookupRecord()
    record.SequenceIndex, record.LookupListIndex = 0, lookup_index
    subtable.SubstLookupRecord = [record]
    subtable.BacktrackGlyphCount, subtable.InputGlyphCount = 1, 1
    subtable.LookAheadGlyphCount, subtable.SubstCount = 0, 1
    return subtable


def sara_am_font(source: Path) -> TTFont:
    """``source`` (a Sarabun weight) with SARA AM's SARA AA glyphs of their own."""
    font = TTFont(source, recalcTimestamp=False)  # the same bytes on every run
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = list(font.getGlyphOrder())
    names = {tone: f"{SARA_AA}.am{tone}" for tone in TONES}
    for name in names.values():
        glyf.glyphs[name] = copy.deepcopy(glyf[SARA_AA])
        hmtx.metrics[name] = hmtx[SARA_AA]
        order.append(name)
    font.setGlyphOrder(order)
    if "DSIG" in font:  # the signature of the original, no longer true
        del font["DSIG"]
    glyf.glyphOrder = order

    lookups = font["GSUB"].table.LookupList
    chain = ot.Lookup()
    chain.LookupType, chain.LookupFlag = 6, 0
    chain.SubTable = []
    for tone, name in names.items():
        lookups.Lookup.append(_single({SARA_AA: name}))
        chain.SubTable.append(_chain(_before(tone), len(lookups.Lookup) - 1))
    chain.SubTableCount = len(chain.SubTable)
    lookups.Lookup.append(chain)
    lookups.LookupCount = len(lookups.Lookup)
    # after Sarabun's own ccmp lookups (the NIKHAHIT + tone ligature comes first)
    for record in font["GSUB"].table.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(lookups.LookupCount - 1)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)
    return font


def write_fonts(source_dir: Path, target_dir: Path) -> list[Path]:
    target_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for weight in WEIGHTS:
        target = target_dir / f"Sarabun-{weight}.ttf"
        sara_am_font(source_dir / f"Sarabun-{weight}.ttf").save(target)
        written.append(target)
    return written


if __name__ == "__main__":
    import fontpkg_sarabun

    for path in write_fonts(Path(fontpkg_sarabun.ROOT) / "files", Path(sys.argv[1])):
        print(path)
