"""{% expert_join_note %}: on allauth's two-factor pages (templates/mfa/base_manage.html),
a note for an expert who is joining the pool (judging.experts.onboarding): why they set up
two factors, and once they have, the way back to the last step, their profile. allauth's
set-up page ends on the recovery codes whatever `next` it was given."""

from django import template

from accounts.mfa import has_mfa
from judging.experts.onboarding_services import pending_invitation

register = template.Library()


@register.inclusion_tag("judging/experts/_join_note.html", takes_context=True)
def expert_join_note(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or pending_invitation(user) is None:
        return {"joining": False}
    return {"joining": True, "two_factors_ready": has_mfa(user)}
