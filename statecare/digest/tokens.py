"""Signed links for confirming, managing and leaving a subscription.

A token is `itsdangerous.URLSafeTimedSerializer` output: the subscriber's id and `token_version`,
signed with SECRET_KEY under a salt per purpose (a confirmation token cannot be used to unsubscribe
someone, and vice versa) and timestamped so it can expire. It carries the id, not the address, so a
link that leaks (a forwarded email, a proxy log) reveals nothing about who subscribed.

`token_version` is bumped when someone asks to (re)subscribe an address, which voids every older
confirmation and management link for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

# follow_*: the links of "Follow this bill" (statecare.digest.follows); their own salts keep them apart
Purpose = Literal["confirm", "manage", "follow_confirm", "follow_manage"]


class TokenError(Exception):
    """A link cannot be honoured; `reason` says why in words a reader understands."""

    reason = "This link is not valid."

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.reason)


class TokenInvalid(TokenError):
    reason = "This link is not valid: it may have been mistyped or cut short."


class TokenExpired(TokenError):
    reason = "This link has expired."


class TokenSuperseded(TokenError):
    reason = "This link was replaced by a newer one: please use the most recent email."


@dataclass(frozen=True)
class TokenClaims:
    subscriber_id: int
    version: int


def _serializer(secret_key: str, purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"statecare.digest.{purpose}")


def make_token(secret_key: str, purpose: Purpose, subscriber_id: int, version: int) -> str:
    return str(_serializer(secret_key, purpose).dumps({"s": subscriber_id, "v": version}))


def read_token(secret_key: str, purpose: Purpose, token: str, max_age: int) -> TokenClaims:
    """Check signature and age; raises TokenInvalid / TokenExpired. The version is checked by the caller."""
    try:
        data = _serializer(secret_key, purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenExpired(str(exc)) from exc
    except BadSignature as exc:
        raise TokenInvalid(str(exc)) from exc
    if not (isinstance(data, dict) and isinstance(data.get("s"), int) and isinstance(data.get("v"), int)):
        raise TokenInvalid("token payload has the wrong shape")
    return TokenClaims(subscriber_id=data["s"], version=data["v"])
