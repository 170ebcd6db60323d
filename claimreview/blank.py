"""Text that shows nothing: white space, control and format characters, and the blank "letters".

A name, a claim or a verdict made only of U+200B ZERO WIDTH SPACE, U+FEFF, U+2800 BRAILLE PATTERN
BLANK or U+3164 HANGUL FILLER looks empty on every screen, so it is empty: the model refuses it
(``model.empty-string``) and the rule sets read it as missing. One rule for both, here, light
enough for the feed hot path (a compiled search for the first visible character).

Invisible are: Unicode white space (``str.isspace``); control characters (Cc); every format
character (Cf, listed below for Unicode 15.1 and checked against :mod:`unicodedata` by the tests);
variation selectors and the combining grapheme joiner; and the characters that render as blank
though Unicode calls them letters or symbols (Hangul fillers, the braille blank, Khmer inherent
vowels, Mongolian free variation selectors).
"""

from __future__ import annotations

import re

INVISIBLE_RANGES = (
    "\\s\x00-\x1f\x7f-\x9f"  # white space, controls
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"  # Cf
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"  # blank letters, selectors
    "\U000e0100-\U000e01ef"
)
_VISIBLE = re.compile(f"[^{INVISIBLE_RANGES}]")


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: empty, or only invisible characters."""
    return _VISIBLE.search(text) is None


def has_visible(text: str) -> bool:
    """True when ``text`` has at least one character that shows."""
    return _VISIBLE.search(text) is not None
