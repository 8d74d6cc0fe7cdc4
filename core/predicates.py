"""Small named predicates, combined with & | ~ (the style of pretalx's rules). Each app
writes its own (nominations.predicates, judging.predicates, privacy.predicates) with
@predicate; views ask them through core.permission.PredicateRequiredMixin.

A predicate takes (user, obj=None) and returns a bool."""


class Predicate:
    def __init__(self, fn, name=None):
        self.fn = fn
        self.name = name or fn.__name__

    def __call__(self, user, obj=None):
        return bool(self.fn(user, obj))

    def __and__(self, other):
        return Predicate(lambda u, o=None: self(u, o) and other(u, o), f"({self.name} & {other.name})")

    def __or__(self, other):
        return Predicate(lambda u, o=None: self(u, o) or other(u, o), f"({self.name} | {other.name})")

    def __invert__(self):
        return Predicate(lambda u, o=None: not self(u, o), f"~{self.name}")

    def __repr__(self):
        return f"<Predicate {self.name}>"


def predicate(fn):
    return Predicate(fn)
