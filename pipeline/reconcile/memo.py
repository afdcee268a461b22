"""Name parsing memoised for reconciliation.

An archive's mentions repeat a few thousand surface forms many times over (the
same councillors, the same bodies in every document); the name parsers are
pure functions of the text, so each distinct text is parsed once. The caches
are bounded so that a long-lived process (a notebook, a worker) does not grow
without limit.
"""

from __future__ import annotations

import functools

from pipeline import names
from pipeline.ids import fold as _fold

_SIZE = 1 << 18

fold = functools.lru_cache(maxsize=_SIZE)(_fold)
civility_of = functools.lru_cache(maxsize=_SIZE)(names.civility_of)
is_initial = functools.lru_cache(maxsize=_SIZE)(names.is_initial)
parse_org_name = functools.lru_cache(maxsize=_SIZE)(names.parse_org_name)
org_key = functools.lru_cache(maxsize=_SIZE)(names.org_key)
initials_match = functools.lru_cache(maxsize=_SIZE)(names.initials_match)
is_upper_word = functools.lru_cache(maxsize=_SIZE)(names.is_upper_word)


@functools.lru_cache(maxsize=_SIZE)
def parse_person_name(text: str, allow_bare_family: bool = False) -> names.PersonName | None:
    return names.parse_person_name(text, allow_bare_family=allow_bare_family)
