"""Saving a step of the nomination form without losing anyone's text.

A step page carries, for each of its fields, the value it was shown from (its "base",
posted as `base-<field>`). A save applies a field only when the person changed it
(new value differs from its base); a changed field whose stored value has moved on since
(stored differs from both the base and the new value: another tab or window saved it) is
a conflict: it is not saved, and the person is shown both texts. Untouched fields are never
written, so two tabs editing different answers both keep theirs.

Posts without base values (older pages) save every field they carry, as before."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from nominations.models import Nomination
from nominations.services import NominationError

BASE_PREFIX = "base-"


def as_text(value):
    """The value as the page shows and posts it, for comparing: booleans as a ticked
    checkbox ("on" or ""), line endings as "\\n", without surrounding spaces (the form's
    fields strip them too)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple):  # ticked boxes (partner regions): their values, comma-joined
        return ",".join(str(item) for item in value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def bases_from(data, names):
    """The posted base of each of `names` that has one."""
    return {name: as_text(data[BASE_PREFIX + name]) for name in names if BASE_PREFIX + name in data}


@dataclass(frozen=True)
class Conflict:
    name: str
    stored: object  # the value saved elsewhere
    yours: object  # the value this save carried


@dataclass(frozen=True)
class Merge:
    apply: dict  # name -> new value to write
    same: tuple  # names whose stored value already equals the new one
    untouched: tuple  # names the person did not change (new value equals its base)
    conflicts: tuple  # Conflict, in the order the fields came


def merge(*, stored, new, bases):
    """Decides, field by field, what a save may write.

    stored: name -> value in the database now; new: name -> value posted; bases: name ->
    text the page was shown from (names without a base are treated as changed)."""
    apply, same, untouched, conflicts = {}, [], [], []
    for name, value in new.items():
        new_text, stored_text = as_text(value), as_text(stored[name])
        base = as_text(bases[name]) if name in bases else None
        if base is not None and new_text == base:
            untouched.append(name)
        elif stored_text == new_text:
            same.append(name)
        elif base is None or stored_text == base:
            apply[name] = value
        else:
            conflicts.append(Conflict(name=name, stored=stored[name], yours=value))
    return Merge(apply=apply, same=tuple(same), untouched=tuple(untouched), conflicts=tuple(conflicts))


@dataclass(frozen=True)
class StepSave:
    nomination: Nomination  # as stored after the save
    merge: Merge

    @property
    def saved(self):
        """Names now holding the posted value (written, or equal already)."""
        return (*self.merge.apply, *self.merge.same)


def save_step(*, nomination_id, user, values, bases, now=None, at=None):
    """Writes the changed, unconflicting `values` of one step, with the nomination's row
    locked so two saves at once are decided one after the other (the second sees the
    first's values as stored). Raises NominationError when it can no longer be edited."""
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination_id, nominator=user)
        if not nomination.can_edit(now, at=at):
            raise NominationError(_("This nomination can no longer be edited."))
        result = merge(stored={name: getattr(nomination, name) for name in values}, new=values, bases=bases)
        if result.apply:
            for name, value in result.apply.items():
                setattr(nomination, name, value)
            nomination.save(update_fields=[*result.apply, "updated_at"])
    return StepSave(nomination=nomination, merge=result)


def shown(form_field, value):
    """How a value reads to the person: a choice's label, Yes or No, or the text."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    text = as_text(value)
    if not text:
        return _("(not answered)")
    if isinstance(value, list | tuple):
        labels = dict(getattr(form_field, "choices", None) or ())
        return ", ".join(str(labels.get(item, item)) for item in value)
    for key, label in getattr(form_field, "choices", None) or ():
        if str(key) == text:
            return str(label)
    return text


def conflict_payload(form, conflict):
    """A conflict as the page's script shows it: both values as the field takes them
    (stored, yours) and as they read (stored_text, yours_text)."""
    field = form.fields[conflict.name]
    return {
        "field": conflict.name,
        "label": str(field.label),
        "stored": as_text(conflict.stored),
        "yours": as_text(conflict.yours),
        "stored_text": shown(field, conflict.stored),
        "yours_text": shown(field, conflict.yours),
    }
