"""Wagtail admin permission policies every app's admin uses."""

from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy


class LimitedPermissionPolicy(ModelPermissionPolicy):
    """Only the listed actions can ever be granted, even to superusers: Wagtail then offers
    no other button, menu item, bulk action or URL (used by judging's admin too)."""

    def __init__(self, model, allowed_actions, **kwargs):
        super().__init__(model, **kwargs)
        self.allowed_actions = frozenset(allowed_actions)

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action in self.allowed_actions]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)
