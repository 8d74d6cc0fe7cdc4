"""How two people's or organisations' names are compared: the one rule that the duplicate
check of nominations (nominations.screening.duplicates) and the conflicts of interest of
judges (judging.conflicts) both ask."""

import unicodedata


def normalise(text):
    """Full-width forms folded to their usual ones (NFKC), case folded, runs of white space
    (the ideographic space included) made one: "ABC Lab" typed in full-width letters, in
    capitals or with double spaces compares as "abc lab"."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())
