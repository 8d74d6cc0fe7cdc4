"""Chinese text for the search index and for the visitor's query.

Chinese is written without spaces, so both databases' full-text tokenizers (SQLite FTS5's
unicode61, PostgreSQL's parser) see a whole run of Chinese characters as one "word": the
page text 智能电网改造 would only be found by exactly that query. The indexed copy of a page
therefore carries, next to its text with every Chinese run replaced by jieba's words (jieba's
search mode, which also gives the short words inside long ones), the run's single characters
separated by spaces. The words rank; the characters let a one-character query match and let
a longer query match as an exact phrase of consecutive characters, whatever way jieba cut
the page or the query.

jieba loads its dictionary (about a second) the first time it cuts, never at import, so
manage.py commands and requests that do not touch search never pay for it."""

import logging
import re
import threading

# Han ideographs: the unified block, extension A, compatibility ideographs and the
# supplementary planes (extensions B onwards).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{_HAN}]+")
_WORDY = re.compile(r"\w")

_lock = threading.Lock()
_tokenizer = None


def _jieba():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba  # noqa: PLC0415 (jieba loads its dictionary: only at the first search)

                # jieba announces loading its dictionary on stderr at DEBUG level.
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _tokenizer = jieba.dt
    return _tokenizer


def words(run):
    """jieba's search-mode words of one run of Chinese characters, in order."""
    return [word for word in _jieba().cut_for_search(run) if word.strip()]


def segmented_text(text):
    """The text as it is indexed: every Chinese run replaced by its words, then every
    Chinese run's characters one by one (same order, so consecutive characters stay
    consecutive positions for phrase queries). Text without Chinese comes back as it is."""
    text = text or ""
    runs = HAN_RUN.findall(text)
    if not runs:
        return text
    with_words = HAN_RUN.sub(lambda match: " " + " ".join(words(match.group())) + " ", text)
    characters = " ".join(" ".join(run) for run in runs)
    return f"{with_words} {characters}"


def split_query(query):
    """The query's Chinese runs and its other (English, digits) words, each in order. Words
    with no letter or digit at all (stray punctuation) are dropped: neither database can
    match them, and SQLite's query syntax refuses some."""
    runs = HAN_RUN.findall(query)
    others = [word for word in HAN_RUN.sub(" ", query).split() if _WORDY.search(word)]
    return runs, others


def page_search_text(page, *field_names):
    """One page's indexed text: its title and the named fields (rich text and StreamFields
    as their searchable text, without markup), segmented. Every value is read from this page
    object, which belongs to one locale, so a Chinese page indexes Chinese text only."""
    parts = [page.title]
    for name in field_names:
        field = page._meta.get_field(name)
        value = getattr(page, name)
        if hasattr(field, "get_searchable_content"):
            parts.extend(str(piece) for piece in field.get_searchable_content(value))
        elif value:
            parts.append(str(value))
    return segmented_text("\n".join(part for part in parts if part))
