"""The visitor's address: the one place our code learns it.

Behind a reverse proxy every request comes from the proxy's address (REMOTE_ADDR), and the
visitor's is in X-Forwarded-For. That header is a list that anyone can start: only the
entries our own proxies appended can be believed. TRUSTED_PROXY_COUNT (the environment,
settings.ALLAUTH_TRUSTED_PROXY_COUNT) says how many proxies of ours stand in front, and the
address is the one the outermost of them added: the right-most but (count - 1). With no proxy
(count 0, the default) the header is ignored. allauth's rate limits use the same rule, so a
visitor cannot get a fresh allowance by adding a made-up address at the left."""

from allauth.account.adapter import get_adapter


def client_ip(request):
    """The visitor's IP address, as allauth's rate limits see it.

    Raises PermissionDenied (a 403) when there is none to be had."""
    return get_adapter().get_client_ip(request)
