"""How secrets are shown when they must be shown at all: one mask, also for passwords inside URLs.

Both sides need it: the application masks channel settings in answers and events, the adapters
mask the URLs they log or name in errors (``http://user:pw@shop.example`` keeps the user only).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

MASK = "********"


def url_without_password(value: str) -> str:
    """``value`` with the password of its userinfo masked; anything else unchanged."""
    if "@" not in value or "://" not in value:
        return value
    try:
        parts = urlsplit(value)
        password = parts.password
    except ValueError:  # not a URL after all (an odd port, brackets): nothing to find in it
        return value
    if not password:
        return value
    userinfo, _, host = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{host}"))
