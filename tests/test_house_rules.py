"""House rules that a reader of one file cannot see broken elsewhere: checked by reading
the project's own files."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

# Templates get booleans (Nomination.is_draft, StateView.is_commended, CallStatus.is_closed,
# RoundStatus.is_upcoming, a view's context flag), never a state's or status's string: a
# renamed state would otherwise fail silently, and the rule would live in two places.
TAG = re.compile(r"{%-?\s*(?:if|elif)\b(.*?)-?%}", re.S)
STATE_WORD = r"[\w.]*(?:state|status)[\w.]*"
STATE_COMPARISONS = (
    re.compile(rf"\b{STATE_WORD}\s*(?:==|!=)\s*[\"']"),  # nomination.state == "draft"
    re.compile(rf"[\"']\s*(?:==|!=)\s*{STATE_WORD}"),  # "draft" == nomination.state
    re.compile(rf"\b{STATE_WORD}\s+(?:not\s+)?in\s"),  # state in "draft returned"
)


def state_comparisons(text):
    """Each {% if %} or {% elif %} tag in `text` that compares a state or status itself."""
    return [tag.group(0) for tag in TAG.finditer(text) if any(p.search(tag.group(1)) for p in STATE_COMPARISONS)]


def test_the_guard_finds_state_string_comparisons():
    assert state_comparisons('{% if nomination.state == "draft" %}')
    assert state_comparisons("{% elif row.state_value != 'submitted' %}")
    assert state_comparisons('{% if call_status.value == "closed" and x %}')
    assert state_comparisons('{% if "commended" == state.state %}')
    assert state_comparisons("{% if state in states %}")
    assert not state_comparisons("{% if nomination.is_draft %}{% elif state.is_commended %}")
    assert not state_comparisons('{% for state in states %}{% if results.method == "raw" %}')


def test_no_template_compares_a_state_string():
    assert TEMPLATES.is_dir()
    found = {
        str(path.relative_to(ROOT)): hits
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (hits := state_comparisons(path.read_text(encoding="utf-8")))
    }
    assert found == {}
