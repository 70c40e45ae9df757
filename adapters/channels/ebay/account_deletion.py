"""An eBay channel's Marketplace Account Deletion endpoint (ports/account_deletion.py).

Checks in the order that costs least: the signature header (no network), the body's shape, and
only then eBay's key (one call per key id an hour, see notification_keys.py). Nothing a
notification says is believed before its signature verifies.
"""

from __future__ import annotations

from adapters.channels.channel_http import channel_http_client
from adapters.channels.ebay.deletion_signature import (
    challenge_response,
    deletion_notice,
    parse_body,
    parse_signature_header,
    signature_verifies,
)
from adapters.channels.ebay.notification_keys import (
    ATTEMPTS,
    PUBLIC_KEYS,
    EbayNotificationKeys,
    PublicKeyCache,
)
from adapters.channels.ebay.oauth import TOKEN_CACHE, EbayTokens, TokenCache
from adapters.channels.ebay.settings import EbaySettings
from ports.account_deletion import AccountDeletionNotice, UnverifiedNotificationError
from ports.channels import ChannelContext


class EbayAccountDeletionEndpoint:
    def __init__(
        self,
        settings: EbaySettings,
        context: ChannelContext,
        *,
        keys: PublicKeyCache = PUBLIC_KEYS,
        tokens: TokenCache = TOKEN_CACHE,
    ) -> None:
        if settings.deletion_verification_token is None or settings.deletion_endpoint_url is None:
            raise ValueError("the channel's settings configure no account deletion endpoint")
        self._token = settings.deletion_verification_token.get_secret_value()
        self._endpoint = settings.deletion_endpoint_url
        self._http = channel_http_client(context.limits, context.timeout_seconds)
        application_tokens = EbayTokens(
            self._http,
            token_url=settings.token_url,
            client_id=settings.client_id,
            client_secret=settings.client_secret.get_secret_value(),
            refresh_token=None,
            clock=context.clock,
            sleep=context.sleep,
            cache=tokens,
            attempts=ATTEMPTS,
        )
        self._keys = EbayNotificationKeys(
            self._http, settings.api_base_url, application_tokens, context.clock, context.sleep, keys
        )

    def challenge_response(self, challenge_code: str) -> str:
        return challenge_response(challenge_code, self._token, self._endpoint)

    def verified_notice(self, body: bytes, signature: str | None) -> AccountDeletionNotice:
        header = parse_signature_header(signature)
        document = parse_body(body)
        notice = deletion_notice(document)
        key = self._keys.public_key(header.key_id)
        if not signature_verifies(key, header.signature, body, document):
            raise UnverifiedNotificationError(
                "X-EBAY-SIGNATURE does not verify: the notification was not signed by eBay or was changed"
            )
        return notice

    def close(self) -> None:
        self._http.close()
