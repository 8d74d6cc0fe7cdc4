"""The judge's forms: scoring an assignment against its round's rubric, and declaring a
conflict of interest. They only check what was typed; judging.services decides whether
it may be saved (the round is open, the scores are not submitted...)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Scales with at most this many points are offered as radio buttons; longer ones as a
# number input.
RADIO_MAX_POINTS = 7


def _literal(message):
    # Django formats field error messages with their params once more: keep any "%" as is.
    return message.replace("%", "%%")


def range_message(criterion):
    # The same words as judging.services.save_scores uses for an out-of-range score.
    return gettext("“%(name)s” takes a score from %(min)s to %(max)s.") % {
        "name": criterion.name,
        "min": criterion.scale_min,
        "max": criterion.scale_max,
    }


def uses_radios(criterion):
    return criterion.scale_max - criterion.scale_min + 1 <= RADIO_MAX_POINTS


class ScoringForm(forms.Form):
    """A score and a comment per criterion, and an overall comment. Any score may be left
    blank while the judge works (a blank removes a saved score); submitting needs all."""

    overall_comment = forms.CharField(
        label=_("Overall comment (optional)"),
        help_text=_("What stands out about the nomination as a whole, for the panel's discussion."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, criteria, scores=None, overall_comment="", **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = scores or {}
        self.fields["overall_comment"].initial = overall_comment
        fields = {}
        for criterion in self.criteria:
            saved = scores.get(criterion.pk)
            fields[self.score_name(criterion)] = self._score_field(criterion, saved.value if saved else None)
            fields[self.comment_name(criterion)] = forms.CharField(
                label=gettext("Comment on “%(name)s” (optional)") % {"name": criterion.name},
                required=False,
                max_length=2000,
                initial=saved.comment if saved else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        # The criteria first, in the rubric's order; the overall comment last.
        self.fields = {**fields, "overall_comment": self.fields["overall_comment"]}

    @staticmethod
    def score_name(criterion):
        return f"score-{criterion.pk}"

    @staticmethod
    def comment_name(criterion):
        return f"comment-{criterion.pk}"

    def _score_field(self, criterion, initial):
        label = gettext("Your score for “%(name)s”") % {"name": criterion.name}
        help_text = gettext("From %(min)s (lowest) to %(max)s (highest).") % {
            "min": criterion.scale_min,
            "max": criterion.scale_max,
        }
        out_of_range = _literal(range_message(criterion))
        if uses_radios(criterion):
            points = range(criterion.scale_min, criterion.scale_max + 1)
            return forms.TypedChoiceField(
                label=label,
                help_text=help_text,
                choices=[(value, str(value)) for value in points],
                coerce=int,
                empty_value=None,
                required=False,
                initial=initial,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": out_of_range},
            )
        field = forms.IntegerField(
            label=label,
            help_text=help_text,
            min_value=criterion.scale_min,
            max_value=criterion.scale_max,
            required=False,
            initial=initial,
            error_messages={"min_value": out_of_range, "max_value": out_of_range, "invalid": out_of_range},
        )
        field.widget.attrs.update({"inputmode": "numeric", "step": "1"})
        return field

    def clean(self):
        cleaned = super().clean()
        for criterion in self.criteria:
            score, comment = self.score_name(criterion), self.comment_name(criterion)
            if score in self.errors:
                continue
            if cleaned.get(comment) and cleaned.get(score) is None:
                self.add_error(score, gettext("Give a score as well: a comment is kept with its score."))
        return cleaned

    def rows(self):
        """Per criterion: (criterion, its score field, its comment field), for the template."""
        return [(c, self[self.score_name(c)], self[self.comment_name(c)]) for c in self.criteria]

    def score_data(self):
        """What judging.services.save_scores takes: {criterion id: (value or None, comment)}."""
        return {
            c.pk: (self.cleaned_data.get(self.score_name(c)), self.cleaned_data.get(self.comment_name(c), ""))
            for c in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the conflict?"),
        help_text=_(
            "For example: you work or have worked with the nominee, advised the project, or compete with it. "
            "It is kept in the judging record."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say briefly what the conflict is.")},
    )
