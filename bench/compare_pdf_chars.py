"""How far pypdfium2's characters are from the ones pdfplumber (pdfminer) gives,
the groundwork of a fast PDF path (issue #15).

    python bench/compare_pdf_chars.py corpus/*.pdf

For every page, the non-space characters of both readers are lined up; pages
whose character sequences differ (pdfminer writes "(cid:N)" for glyphs without
a Unicode mapping, pdfium drops or maps them) are counted apart. On pages that
line up, each attribute the layout logic reads is compared within 0.01 pt:
x0, x1, top, bottom, size and the font name (which decides bold and italic).

pypdfium2 attributes are built the way pdfminer builds its boxes: x0 is the
glyph origin, the box runs from the font's descent to descent + size, size is
the font size times the text matrix's vertical scale. pdfminer's x1 is the
origin plus the advance width, which pdfium does not expose per character: its
"loose" box is used, which is wider for glyphs that overhang (italics).
"""

from __future__ import annotations

import ctypes
import sys
from collections import Counter


def pdfium_chars(page, height: float) -> list[dict]:
    import pypdfium2.raw as raw

    text_page = page.get_textpage()
    handle = text_page.raw
    fonts: dict[int, tuple[float, float, float, str]] = {}
    x, y, loose = ctypes.c_double(), ctypes.c_double(), raw.FS_RECTF()
    out = []
    for i in range(raw.FPDFText_CountChars(handle)):
        if raw.FPDFText_IsGenerated(handle, i):
            continue  # spaces and line breaks pdfium infers, not in the content stream
        obj = raw.FPDFText_GetTextObject(handle, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        if key not in fonts:
            font = raw.FPDFTextObj_GetFont(obj)
            size, descent = ctypes.c_float(), ctypes.c_float()
            raw.FPDFTextObj_GetFontSize(obj, size)
            raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent)
            matrix = raw.FS_MATRIX()
            raw.FPDFText_GetMatrix(handle, i, matrix)
            name = ctypes.create_string_buffer(256)
            raw.FPDFFont_GetBaseFontName(font, name, 256)
            fonts[key] = (size.value, descent.value, matrix.d, name.value.decode("utf-8", "replace"))
        font_size, descent, scale, name = fonts[key]
        raw.FPDFText_GetCharOrigin(handle, i, x, y)
        raw.FPDFText_GetLooseCharBox(handle, i, loose)
        size = font_size * scale
        y0 = y.value + descent * size
        out.append({"text": chr(raw.FPDFText_GetUnicode(handle, i)), "x0": x.value, "x1": loose.right,
                    "top": height - y0 - size, "bottom": height - y0, "size": size, "fontname": name})
    return out


def main(paths: list[str]) -> None:
    import pdfplumber
    import pypdfium2 as pdfium

    counts: Counter = Counter()
    fonts: Counter = Counter()
    for path in paths:
        document = pdfium.PdfDocument(path)
        with pdfplumber.open(path) as pdf:
            for index, page in enumerate(pdf.pages):
                counts["pages"] += 1
                theirs = [c for c in page.chars if not c["text"].isspace()]
                ours = [c for c in pdfium_chars(document[index], float(page.height)) if not c["text"].isspace()]
                if [c["text"] for c in theirs] != [c["text"] for c in ours]:
                    counts["pages whose characters differ"] += 1
                    continue
                counts["characters compared"] += len(theirs)
                for a, b in zip(theirs, ours):
                    for key in ("x0", "x1", "top", "bottom", "size"):
                        counts[key] += abs(a[key] - b[key]) > 0.01
                    if a["fontname"] != b["fontname"]:
                        fonts[(a["fontname"], b["fontname"])] += 1
        document.close()
    for key, value in counts.items():
        print(f"{key:32} {value}")
    print("font names (pdfminer -> pdfium), most frequent:")
    for (a, b), n in fonts.most_common(12):
        print(f"  {a!r:40} {b!r:30} {n}")


if __name__ == "__main__":
    main(sys.argv[1:])
