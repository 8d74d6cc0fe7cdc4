"""What several apps share and no domain owns (docs/ARCHITECTURE.md): named predicates and
the one permission mixin, Wagtail's limited permission policy, file sending, the page
cache and its fragments, two-language helpers, locales and Chinese word segmentation.
It imports none of the domain apps."""
