"""Plain helpers for the nomination tests (fixtures are in tests/nominations/conftest.py)."""

# The transitions that take a new draft to each state, as the in_state fixture fires them.
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "returned": ["submit", "return_for_amendment"],
    "eligible": ["submit", "accept"],
    "ineligible": ["submit", "reject"],
    "withdrawn": ["withdraw"],
    "shortlisted": ["submit", "accept", "shortlist"],
    "not_shortlisted": ["submit", "accept", "not_shortlist"],
    "commended": ["submit", "accept", "shortlist", "commend"],
    "not_commended": ["submit", "accept", "shortlist", "not_commend"],
}
