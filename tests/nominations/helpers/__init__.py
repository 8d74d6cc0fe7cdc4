"""Plain helpers for the nomination tests (fixtures are in tests/nominations/conftest.py),
one module per subject: access (the access matrix's world), certificates, pdf_files,
questions, screening, uploads, winners."""

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

# A nominee as the nomination form takes it (the nominee step's fields).
NOMINEE = {
    "nominee_type": "enterprise",
    "nominee_name": "Datong Graphene Co.",
    "nominee_organisation": "Datong Graphene Co.",
    "nominee_email": "info@graphene.example.com",
    "nominee_phone": "+86 352 123 4567",
    "region": "datong",
    "partner_organisations": "Tsinghua University (Beijing)",
    "team_members": "",
}
