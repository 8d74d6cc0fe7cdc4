"""A honeypot field for public forms (sign-up, starting a nomination): people never see or
reach it, bots that fill every input do, and a filled one refuses the form with a generic
message, so nothing is created and the bot learns nothing about why.

Hidden by the site's CSS class "hp-field" on its row (off screen, not display:none, which
some bots check), never by an inline style, so a strict Content-Security-Policy holds. Its
label and input are aria-hidden, the input has tabindex=-1 and autocomplete=off, and the
label tells anyone who still meets it to leave it empty."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

# A name form-filling bots expect to fill and browsers' autofill has no value for.
HONEYPOT_FIELD = "homepage"
HIDDEN_CLASS = "hp-field"


class HoneypotBoundField(BoundField):
    def css_classes(self, extra_classes=None):
        # The row's class, in Django's own form templates (as_p, as_div) and ours
        # (components/form_field.html).
        return " ".join(filter(None, [super().css_classes(extra_classes), HIDDEN_CLASS]))

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(contents, {**(attrs or {}), "aria-hidden": "true"}, label_suffix, tag)


class HoneypotField(forms.CharField):
    bound_field_class = HoneypotBoundField

    def __init__(self, **kwargs):
        attrs = {"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}
        kwargs.setdefault("label", _("Leave this field empty"))
        super().__init__(required=False, widget=forms.TextInput(attrs=attrs), **kwargs)
        self.honeypot = True


class HoneypotFormMixin:
    """Adds the honeypot field last; a form with it filled is invalid with a generic error."""

    honeypot_message = _("Sorry, we could not accept this form. Please check it and send it again.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = HoneypotField()

    def clean(self):
        cleaned = super().clean()
        # Out of cleaned_data, which callers may hand on as a model's fields.
        if self.cleaned_data.pop(HONEYPOT_FIELD, ""):
            raise ValidationError(self.honeypot_message, code="honeypot")
        return cleaned
