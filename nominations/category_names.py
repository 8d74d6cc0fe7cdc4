"""The shipped categories' names and descriptions, marked for translation. The data
migration stores them in English; Category.display_name translates them on display."""

from django.utils.translation import gettext_noop

CATEGORY_TEXTS = [
    gettext_noop("New infrastructure"),
    gettext_noop("Roads, bridges, networks, utilities and public facilities built or renewed in a new way."),
    gettext_noop("New technologies"),
    gettext_noop("Breakthrough technologies and methods, from the laboratory to their first use."),
    gettext_noop("New materials"),
    gettext_noop("New or much improved materials: metals, composites, chemicals, carbon and more."),
    gettext_noop("New equipment"),
    gettext_noop("Machines, instruments and high-end equipment designed or made here."),
    gettext_noop("New products"),
    gettext_noop("Products that reached people or industry, with measurable results."),
    gettext_noop("New industries"),
    gettext_noop("New sectors, business models and industry clusters that grow the local economy."),
]
