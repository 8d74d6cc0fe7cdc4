"""The Wagtail admin's user forms with the profile (organisation, phone, the language of a
person's emails), so the awards office can set a judge's language when it creates them.
Registered through accounts.apps.UsersAppConfig, which replaces "wagtail.users"."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.models import phone_validator

PROFILE = ("organisation", "phone", "preferred_language")


class ProfileFieldsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(phone_validator)


class ProfileUserCreationForm(ProfileFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PROFILE)


class ProfileUserEditForm(ProfileFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PROFILE)


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return ProfileUserEditForm if for_update else ProfileUserCreationForm
