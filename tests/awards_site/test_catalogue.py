"""The Chinese interface catalogue is complete: every message translated, none left fuzzy,
and every placeholder of the English text kept in the Chinese one (a lost %(date)s shows
a sentence without its date; a mistyped one raises KeyError when the page renders)."""

import ast
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# %(name)s, %s, %d, %.1f ... (not %%), and str.format's {name}.
PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*\d*(?:\.\d+)?(?P<type>[sdifrxXeEgGco%])")
BRACE = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


def parse_po(text):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (a list, one
    per plural form) and flags. Obsolete entries (#~) and the header are left out."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and entry.get("msgid"):
            entries.append(entry)

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and field is not None:
                finish()
                entry, field = None, None
            if line.startswith("#,"):
                entry = entry or {"flags": set(), "msgstr": []}
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if field == "msgstr":
                entry["msgstr"][-1] += value
            else:
                entry[field] += value
            continue
        keyword, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and entry is not None and field in ("msgstr",):
            finish()
            entry = None
        if entry is None:
            entry = {"flags": set(), "msgstr": []}
        if keyword.startswith("msgstr"):
            entry["msgstr"].append(value)
            field = "msgstr"
        else:
            entry[keyword] = value
            field = keyword
    finish()
    return entries


def placeholders(message):
    found = {
        match.group(0) if not match.group("name") else f"%({match.group('name')}){match.group('type')}"
        for match in PERCENT.finditer(message)
        if match.group("type") != "%"
    }
    return found | {f"{{{name}}}" for name in BRACE.findall(message)}


def problems(entries):
    """What is wrong with each entry, as readable lines."""
    found = []
    for entry in entries:
        label = repr(entry["msgid"][:70])
        if "fuzzy" in entry["flags"]:
            found.append(f"fuzzy: {label}")
        if not entry["msgstr"] or not all(entry["msgstr"]):
            found.append(f"untranslated: {label}")
            continue
        wanted = [placeholders(entry["msgid"])]
        if "msgid_plural" in entry:
            # A language with one plural form uses the plural's wording, which may name the
            # count where the singular ("one judge") does not.
            wanted.append(placeholders(entry["msgid_plural"]))
        for translation in entry["msgstr"]:
            if placeholders(translation) not in wanted:
                found.append(
                    f"placeholders differ: {label}: {sorted(wanted[-1])} vs {sorted(placeholders(translation))}"
                )
    return found


SAMPLE = r"""
msgid ""
msgstr ""
"Language: zh_Hans\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: templates/base.html:3
msgid "Home"
msgstr "首页"

#, python-format
msgid ""
"The call closes on %(date)s. Once submitted, the nomination can no longer "
"be changed."
msgstr ""
"征集将于%(date)s截止。"
"提交后不可修改。"

#, python-format
msgid "%(counter)s judge"
msgid_plural "%(counter)s judges"
msgstr[0] "%(counter)s 名评审专家"

#, python-format
msgid "Only one judge"
msgid_plural "%(counter)s judges"
msgstr[0] "%(counter)s 名评审专家"

msgctxt "key figure"
msgid "Nominations"
msgstr "提名"

#, python-brace-format
msgid "Saved at {time}"
msgstr "已于 {time} 保存"

msgid "100%% online"
msgstr "全程线上"

#~ msgid "An old message"
#~ msgstr ""
"""


def test_the_parser_reads_every_kind_of_entry():
    entries = parse_po(SAMPLE)

    assert [(e.get("msgctxt"), e["msgid"], e["msgstr"]) for e in entries] == [
        (None, "Home", ["首页"]),
        (
            None,
            "The call closes on %(date)s. Once submitted, the nomination can no longer be changed.",
            ["征集将于%(date)s截止。提交后不可修改。"],
        ),
        (None, "%(counter)s judge", ["%(counter)s 名评审专家"]),
        (None, "Only one judge", ["%(counter)s 名评审专家"]),
        ("key figure", "Nominations", ["提名"]),
        (None, "Saved at {time}", ["已于 {time} 保存"]),
        (None, "100%% online", ["全程线上"]),
    ]
    assert entries[1]["flags"] == {"python-format"}
    assert entries[2]["msgid_plural"] == "%(counter)s judges"


def test_a_complete_catalogue_passes():
    assert problems(parse_po(SAMPLE)) == []


def test_untranslated_fuzzy_and_lost_placeholders_are_each_reported():
    broken = SAMPLE.replace('msgstr "首页"', 'msgstr ""')
    broken = broken.replace("#, python-brace-format", "#, fuzzy, python-brace-format")
    broken = broken.replace("征集将于%(date)s截止。", "征集即将截止。")
    broken = broken.replace('msgstr[0] "%(counter)s 名评审专家"', 'msgstr[0] "%(count)s 名评审专家"', 1)

    assert problems(parse_po(broken)) == [
        "untranslated: 'Home'",
        "placeholders differ: 'The call closes on %(date)s. Once submitted, the nomination can no lon': "
        "['%(date)s'] vs []",
        "placeholders differ: '%(counter)s judge': ['%(counter)s'] vs ['%(count)s']",
        "fuzzy: 'Saved at {time}'",
    ]


def test_the_chinese_catalogue_is_complete():
    entries = parse_po(CATALOGUE.read_text(encoding="utf-8"))

    assert len(entries) > 500
    assert problems(entries) == []
