"""Production hashes passwords with Argon2id at OWASP's parameters (accounts.hashers); a
password hashed with PBKDF2 (Django's default before) still signs in and is rehashed. The
tests run with a fast hasher (settings.test); these tests use production's list."""

import importlib

import pytest

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher, get_hasher, identify_hasher
from django.test import override_settings

from accounts.hashers import Argon2idPasswordHasher
from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
PRODUCTION_HASHERS = importlib.import_module("awards_site.settings.base").PASSWORD_HASHERS


def test_production_hashes_with_argon2id_at_owasp_parameters_and_keeps_pbkdf2():
    assert PRODUCTION_HASHERS[0] == "accounts.hashers.Argon2idPasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in PRODUCTION_HASHERS[1:]
    # OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1.
    assert (Argon2idPasswordHasher.memory_cost, Argon2idPasswordHasher.time_cost) == (19 * 1024, 2)
    assert Argon2idPasswordHasher.parallelism == 1
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        encoded = get_hasher("default").encode(PASSWORD, "somesaltsomesalt")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_pbkdf2_password_signs_in_and_is_rehashed_with_argon2id(client):
    user = UserFactory()
    # A hash as Django's default made it (fewer iterations here, which verify the same way).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "pbkdf2saltpbkdf2", iterations=1000)
    user.save(update_fields=["password"])

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(stored), Argon2idPasswordHasher)
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_an_argon2_hash_with_other_parameters_is_rehashed_at_sign_in(client):
    user = UserFactory()
    # Django's own Argon2 hasher's parameters (100 MiB, 8 lanes), made smaller to stay quick.
    django_argon2 = Argon2PasswordHasher()
    django_argon2.memory_cost, django_argon2.parallelism = 1024, 2
    user.password = django_argon2.encode(PASSWORD, "argon2saltargon2")
    user.save(update_fields=["password"])

    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert User.objects.get(pk=user.pk).password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
