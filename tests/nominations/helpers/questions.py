"""Calls with extra questions, for the tests of nominations.questions."""

from tests.factories import translate_page


def question(label, kind="short_text", *, required=False, help_text="", choices=()):
    return {"kind": kind, "label": label, "help_text": help_text, "required": required, "choices": list(choices)}


def ask(call, *questions):
    """Gives the call these questions (published) and returns their block ids, in order."""
    call.questions = [("question", q) for q in questions]
    call.save_revision().publish()
    call.refresh_from_db()
    return [block.id for block in call.questions]


def translate_call(call, call_index, home_page, **fields):
    """The call's Chinese page (its parents' first), copied by Wagtail's copy for
    translation, so its question blocks keep their ids."""
    translate_page(home_page, title="创新奖")
    translate_page(call_index, title="征集公告")
    return translate_page(call, **fields)


def reword(page, wording):
    """Rewords a translated page's questions in place (their ids kept): wording maps a
    block id to {"label": ..., "help_text": ..., "choices": [...]}."""
    for block in page.questions:
        words = wording.get(block.id)
        if not words:
            continue
        for key in ("label", "help_text"):
            if key in words:
                block.value[key] = words[key]
        if "choices" in words:
            for item, text in zip(block.value["choices"].bound_blocks, words["choices"], strict=True):
                item.value = text
    page.save_revision().publish()
    page.refresh_from_db()
    return page
