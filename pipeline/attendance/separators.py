"""Attendance lists rewritten so that commas separate the persons, whatever the
list used: dashes, bullets, nothing at all after OCR. Every rewrite keeps the
text's length, character for character, so that offsets into the document
still hold; what is not a name (side blocks of counts) becomes spaces.
"""

from __future__ import annotations

import re

from pipeline.lexicon import attendance_count_spans, civility_prefix_re, fold, particles
from pipeline.names import is_given_name, type_abbreviation

# A dash (or a spaced slash: "Zélinda / Gwenaël") between two persons: spaced ("A. X - B. Y", "X – Y"), glued on one side
# after a name in capitals ("DUPUIS- A.", "HUGOT-" at a line end), doubled ("X--Y"),
# or glued before an initial ("HNAT-P. CALLOT"). OCR reads some dashes as "=", "_"
# or "—". Hyphens inside a name ("J-P.", "THOURIN-VIAL", "Jean-Pierre") never match:
# they have a letter on each side and no initial with its dot after.
DASH = re.compile(
    r"(?:(?<=\s)[-–—=_]+(?=\s)"
    r"|(?<=[A-ZÀ-Ý]{2})[_ \t]*[-–—=]+[_ \t]*(?=\s|$)"
    r"|(?<=[A-ZÀ-Ý]{2})[_ \t]+[-–—=]+(?=[A-ZÀ-Ý])"
    r"|(?<=\s)[_]*[-–—=]+[_]*(?=[A-ZÀ-Ý])"
    r"|[-–—]{2,}"
    r"|(?<=[A-ZÀ-Ý]{2})-(?=[A-ZÀ-Ý]\.\s)"
    r"|(?<=[\w.)])[ \t]+/(?=[ \t]+[A-ZÀ-Ý]))",
    re.MULTILINE,
)
BULLET = re.compile(r"^[ \t]*[-–—•●▪*·>][ \t]+", re.MULTILINE)
OCR_NOISE = re.compile(r"(?<=\w)_(?=[\wÀ-ÿ])|(?<=\s)_+|_+(?=\s)")
OCR_INITIAL_COMMA = re.compile(r"(?<=[\s,][A-ZÀ-Ý]),(?=[ \t]+[A-ZÀ-Ý]{2})")
# "cf. page suivante", "(voir liste jointe)": the list goes on elsewhere.
ELSEWHERE = re.compile(r"\(?\s*(?:cf\.?|voir)\s+(?:la\s+)?(?:page\s+suivante|liste\s+(?:jointe|ci-jointe|en\s+annexe)|annexe|au\s+verso|tableau\s+ci-dessous)\s*\)?", re.IGNORECASE)


def _blank(text: str, start: int, end: int, keep: str = "") -> str:
    return text[:start] + keep + " " * (end - start - len(keep)) + text[end:]


# A markdown code fence left around a list ("```", on its line or joined to the list).
FENCE = re.compile(r"```|~~~")


def mask_counts(text: str) -> str:
    """Side-block counts and dates of convocation become spaces (a line break stays);
    so do markdown code fences."""
    text = FENCE.sub(lambda m: " " * len(m.group()), text)
    for pattern in attendance_count_spans():
        for match in pattern.finditer(text):
            piece = match.group()
            if not any(ch.isdigit() for ch in piece) and not re.search(r"(?i)convocation|nombre", piece):
                continue
            text = text[: match.start()] + re.sub(r"[^\n]", " ", piece) + text[match.end() :]
    return text


def refers_elsewhere(text: str) -> bool:
    return ELSEWHERE.search(text) is not None


def with_commas(text: str) -> str:
    """Dash-separated runs and bulleted lines turned into comma-separated items."""
    text = BULLET.sub(lambda m: " " * len(m.group()), text)
    text = ELSEWHERE.sub(lambda m: " " * len(m.group()), text)
    dashes = list(DASH.finditer(text))
    commas = text.count(",") + text.count(";")
    if dashes and len(dashes) >= commas:
        for match in reversed(dashes):
            piece = match.group()
            text = text[: match.start()] + re.sub(r"[-–—=/]", ",", piece, count=1).replace("-", " ").replace("–", " ").replace("—", " ").replace("=", " ").replace("_", " ") + text[match.end() :]
        text = OCR_NOISE.sub(lambda m: " " * len(m.group()), text)
        # "N, LADEVEZ": OCR read an initial's dot as a comma.
        text = OCR_INITIAL_COMMA.sub(".", text)
    return text


# --- names run together ------------------------------------------------------------

TOKEN = re.compile(r"\S+")


def _kind(token: str) -> str | None:
    """caps (a family name in capitals), given (capitalised or initials), part (particle) or None."""
    core = token.strip(".,;:()")
    if not core:
        return None
    if fold(core) in particles() and not core.isupper():
        return "part"
    letters = [ch for ch in core if ch.isalpha()]
    if not letters:
        return None
    if re.fullmatch(r"(?:[A-ZÀ-Ý]\.?-?){1,3}\.?", core) and ("." in core or len(letters) <= 2 and "-" in core or len(letters) == 1):
        return "given"  # initials: "J.", "J.-P.", "J-P", "A"
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return "caps"
    if core[0].isupper() and any(ch.islower() for ch in core):
        return "given"
    return None


def _split_on_given_names(piece: str, tokens: list[re.Match[str]]) -> list[int]:
    """Cuts in "David Martin Yvon Guillot Ronan Le Lannic" (no capitals to go by):
    a known given name opens the next person once the current one has a given
    name and a family name; every person must end with two words or more."""
    words = [t.group().strip(".,;:") for t in tokens]
    if len(words) < 4 or not is_given_name(words[0]):
        return []
    if not all(_kind(w) == "given" and "." not in w or _kind(w) == "part" for w in words):
        return []
    cuts, current = [], [words[0]]
    for k in range(1, len(words)):
        named = [w for w in current if _kind(w) != "part"]
        if len(named) >= 2 and _kind(current[-1]) != "part" and is_given_name(words[k]):
            cuts.append(tokens[k].start())
            current = []
        current.append(words[k])
    if not cuts or len([w for w in current if _kind(w) != "part"]) < 2:
        return []
    return cuts


def split_runs(text: str) -> str:
    """"Jean DUPONT Marie DURAND" -> "Jean DUPONT,Marie DURAND": a comma put where one
    person's name in capitals meets the next person's given name (or initial).

    Only pieces made entirely of name-shaped words are cut, so a role or an
    organisation after a name is left whole; the order (given first or family
    first) is the piece's own, read from its first word.
    """
    out = text
    for piece in re.finditer(r"[^,;\n]+", text):
        tokens = list(TOKEN.finditer(piece.group()))
        civility = civility_prefix_re()
        kinds = [("civ" if civility.fullmatch(t.group() + " ") else _kind(t.group())) for t in tokens]
        names = [k for k in kinds if k not in ("civ", "part")]
        if "caps" not in kinds and None not in kinds and "civ" not in kinds:
            for cut in reversed(_split_on_given_names(piece.group(), tokens)):
                at = piece.start() + cut - 1
                if out[at].isspace():
                    out = out[:at] + "," + out[at + 1 :]
            continue
        if len(names) < 4 or None in kinds or kinds.count("caps") < 2:
            continue
        given_first = names[0] == "given"
        cuts = []
        for k in range(1, len(tokens)):
            previous, current = kinds[k - 1], kinds[k]
            if given_first and previous == "caps" and current in ("given", "civ"):
                cuts.append(tokens[k].start())
            elif not given_first and previous == "given" and current in ("caps", "civ") and k >= 2:
                cuts.append(tokens[k].start())
        bounds = [0, *cuts, len(piece.group())]
        parts = [[kinds[k] for k, t in enumerate(tokens) if a <= t.start() < b] for a, b in zip(bounds, bounds[1:])]
        if not cuts or not all("caps" in part and "given" in part for part in parts):
            continue  # each person needs a given name (or initial) and a family name
        if any(type_abbreviation(t.group().strip(".,;:()")) is not None for t in tokens):
            continue  # "CA Boulonnais DUPONT Jean": a body's name, then a person (one a line, joined)
        for cut in reversed(cuts):
            at = piece.start() + cut - 1  # the space before the next name
            if out[at].isspace():
                out = out[:at] + "," + out[at + 1 :]
    return out
