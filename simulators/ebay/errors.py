"""eBay's error envelope, as the simulator answers it (``{"errors": [{errorId, domain, ...}]}``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(eq=False)
class ApiError(Exception):
    status: int
    error_id: int
    message: str
    long_message: str = ""
    domain: str = "API_FULFILLMENT"
    category: str = "REQUEST"
    parameter: tuple[str, str] | None = None

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "errorId": self.error_id,
            "domain": self.domain,
            "subdomain": "Selling",
            "category": self.category,
            "message": self.message[:50],
            "longMessage": (self.long_message or self.message)[:200],
        }
        if self.parameter:
            error["parameters"] = [{"name": self.parameter[0], "value": self.parameter[1]}]
        return {"errors": [error]}


def invalid_token() -> ApiError:
    return ApiError(
        401,
        1001,
        "Invalid access token",
        "Invalid access token. Check the value of the Authorization HTTP request header.",
        domain="OAuth",
    )


def access_denied() -> ApiError:
    return ApiError(
        403, 1100, "Access denied", "Insufficient permissions to fulfill the request.", domain="ACCESS"
    )


def too_many_requests() -> ApiError:
    return ApiError(
        429,
        2001,
        "Too many requests.",
        "The request limit has been reached for the resource.",
        domain="ACCESS",
    )


def system_error() -> ApiError:
    return ApiError(
        500,
        30500,
        "System error",
        "There was a problem with an eBay internal system or process. Contact eBay developer support.",
        category="APPLICATION",
    )


def bad_request(error_id: int, message: str, parameter: tuple[str, str] | None = None) -> ApiError:
    return ApiError(400, error_id, message, parameter=parameter)


def not_found(error_id: int, message: str) -> ApiError:
    return ApiError(404, error_id, message)
