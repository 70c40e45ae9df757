"""The console's page groups, in one place: add a router here and it is served under /console."""

from __future__ import annotations

from fastapi import APIRouter

from entrypoints.console import (
    routes_channels,
    routes_customers,
    routes_dashboard,
    routes_order_form,
    routes_session,
)
from entrypoints.console.i18n import N_

ROUTERS: list[APIRouter] = [
    routes_session.router,
    routes_dashboard.router,
    routes_order_form.router,  # before the order page's: /orders/new is no order's id
    routes_customers.router,
    routes_channels.router,
]

NAV: list[tuple[str, str]] = [
    (N_("Dashboard"), "console_dashboard"),
    (N_("Orders"), "console_orders"),
    (N_("Customers"), "console_customers"),
    (N_("Channels"), "console_channels"),
    (N_("Reports"), "console_reports"),
]
"""The navigation landmark's links (CONSOLE.md "Every page"): label and route name."""
