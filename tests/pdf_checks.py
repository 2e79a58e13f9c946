"""What the print tests read from a PDF: the size of its smallest text (pypdf) and how much of
each page carries ink, from the page rendered as an image (PDFium)."""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageOps
from pypdf import PdfReader

POINTS_PER_MM = 72 / 25.4
BAND_MM = 2  # a text line is taller than this: an empty band is empty paper, not line spacing


def at_largest_type(page_html: Path, side: int) -> bool:
    """Is this side of a print set in its largest type (card_budget.MAX_SCALE)? A short
    protocol's card or poster then fills less of its paper, and that is a good print: its type
    cannot grow further, and nothing is missing from it."""
    from macros.pages.card_budget import MAX_SCALE
    scales = [float(v) for _name, v in re.findall(r"--ht-(front|back|poster)-scale:\s*([\d.]+)", page_html.read_text(
        encoding="utf-8"))]
    return bool(scales) and scales[min(side, len(scales) - 1)] >= MAX_SCALE


def text_sizes(reader: PdfReader, index: int) -> list[float]:
    """The printed size, in points, of every piece of text on one page: the font size times the
    scale of the text and transformation matrices (Chromium sets size 1 and scales the text)."""
    sizes: list[float] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(size * abs(a * d - b * c) ** 0.5)
    reader.pages[index].extract_text(visitor_text=visit)
    return sizes


def used_share(pdf: bytes, index: int, margin_mm: float) -> float:
    """The share of the printable area (the page less its margins) that carries ink, counted in
    2 mm bands from top to bottom: empty space between blocks counts as unused."""
    image = pdfium.PdfDocument(pdf)[index].render(scale=1).to_pil().convert("L")
    ink = ImageOps.invert(image).point(lambda value: 255 if value > 60 else 0)
    width, height = ink.size
    margin, band = round(margin_mm * POINTS_PER_MM), round(BAND_MM * POINTS_PER_MM)
    bands = [ink.crop((margin, top, width - margin, min(top + band, height - margin))).getbbox() is not None
             for top in range(margin, height - margin, band)]
    return sum(bands) / len(bands)
