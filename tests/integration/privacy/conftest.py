"""The stores and the intake of the intake tests, here too."""

from tests.integration.intake.conftest import intake, services

__all__ = ["intake", "services"]
