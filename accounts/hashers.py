"""The password hasher: Argon2id with OWASP's recommended parameters.

Django 5.2's default, PBKDF2-SHA256 with 1,000,000 iterations, costs about half a second of
a worker's CPU per sign-in: a hundred people signing in before a deadline queued behind each
other for over 20 s and took 40-50 % of the workers' time (bench/surge.py). OWASP's Password
Storage Cheat Sheet recommends Argon2id with 19 MiB of memory, 2 iterations and 1 degree of
parallelism as a minimum: memory-hard, so guessing on GPUs costs more than with PBKDF2, and a
few tens of milliseconds of one core per sign-in.

Django's own Argon2PasswordHasher uses 100 MiB and 8 lanes (parallelism): 100 MiB per
sign-in in each worker, and lanes that a sync worker computes one after the other. These
parameters are in every hash it makes, so hashes made with others still verify, and Django
rehashes a password with these at its next sign-in (must_update). PBKDF2 stays after it in
settings.PASSWORD_HASHERS: older hashes verify and are upgraded the same way."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id (Django's Argon2 hasher makes the id variant) at OWASP's parameters. The
    algorithm name stays "argon2", so hashes made by Django's own Argon2 hasher are ours."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB: 19 MiB
    parallelism = 1
