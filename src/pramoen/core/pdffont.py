"""Sarabun for the agreement's PDF, so that its text layer says ำ.

HarfBuzz draws SARA AM (ำ) as NIKHAHIT + SARA AA, and a PDF maps each glyph to text once:
SARA AA's glyph is "า" everywhere, so the layer of a plain Sarabun PDF reads "ตาแหน่ง" for
ตำแหน่ง (pdftotext, a search, a screen reader and our own reader alike). This copy of Sarabun
joins them again: one more ``ccmp`` ligature, NIKHAHIT (alone or with its tone, as Sarabun
already ligates them) + SARA AA -> one glyph, which WeasyPrint maps to the characters it
stands for ("ำ", "้ำ"). Made once per process in the temporary directory, from the packaged
font (SIL Open Font License; the copy is only embedded in our PDFs).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

STYLES = ("Regular", "Bold")
_NIKHAHIT = ("uni0E4D", "uni0E4D0E48", "uni0E4D0E49", "uni0E4D0E4A", "uni0E4D0E4B")
_VERSION = "2"


def _source_dir() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.ROOT) / "files"


@cache
def font_dir() -> Path:
    """A directory with Sarabun-Regular.ttf and Sarabun-Bold.ttf, SARA AM joined."""
    source = _source_dir()
    digest = hashlib.sha256(
        b"".join((source / f"Sarabun-{s}.ttf").read_bytes()[:4096] for s in STYLES)
        + _VERSION.encode()
    ).hexdigest()[:12]
    target = Path(tempfile.gettempdir()) / f"pramoen-sarabun-{digest}"
    if all((target / f"Sarabun-{s}.ttf").exists() for s in STYLES):
        return target
    target.mkdir(parents=True, exist_ok=True)
    for style in STYLES:
        path = target / f"Sarabun-{style}.ttf"
        partial = target / f".{style}.{os.getpid()}.tmp"
        _joined(source / f"Sarabun-{style}.ttf").save(str(partial))
        partial.replace(path)  # atomic: another process may be writing the same file
    return target


def _joined(path: Path):  # type: ignore[no-untyped-def]
    from fontTools.otlLib.builder import buildLigatureSubstSubtable, buildLookup
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    glyf, hmtx = font["glyf"], font["hmtx"]
    aa_width = hmtx["uni0E32"][0]
    ligatures: dict[tuple[str, ...], str] = {}
    for base in _NIKHAHIT:
        for variant in (base, f"{base}.narrow"):
            if variant not in glyf:
                continue
            if variant == "uni0E4D":
                ligatures[(variant, "uni0E32")] = "uni0E33"  # Sarabun's own ำ
                continue
            name = f"{variant}_uni0E32.am"
            pen = TTGlyphPen(font.getGlyphSet())
            pen.addComponent(variant, (1, 0, 0, 1, 0, 0))
            pen.addComponent("uni0E32", (1, 0, 0, 1, 0, 0))
            glyph = pen.glyph()
            glyf[name] = glyph
            glyph.recalcBounds(glyf)
            # the left side bearing is the outline's own (NIKHAHIT reaches left, over the
            # consonant): a renderer places the outline by it
            hmtx[name] = (aa_width, glyph.xMin)
            ligatures[(variant, "uni0E32")] = name
    font.setGlyphOrder(list(glyf.glyphOrder))  # glyf appended the new glyphs' names
    gsub = font["GSUB"].table
    gsub.LookupList.Lookup.append(buildLookup([buildLigatureSubstSubtable(ligatures)], flags=0))
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    index = gsub.LookupList.LookupCount - 1
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(index)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)
    return font
