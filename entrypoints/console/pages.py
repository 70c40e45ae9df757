"""The console's page groups, in one place: add a router here and it is served under /console."""

from __future__ import annotations

from fastapi import APIRouter

from entrypoints.console import (
    demo_sign_in,
    routes_channel_actions,
    routes_channels,
    routes_customers,
    routes_dashboard,
    routes_order_form,
    routes_orders,
    routes_reports,
    routes_session,
)
from entrypoints.console.i18n import N_

ROUTERS: list[APIRouter] = [
    routes_session.router,
    demo_sign_in.router,
    routes_dashboard.router,
    routes_reports.router,
    routes_order_form.router,
    routes_orders.router,
    routes_customers.router,
    routes_channels.router,
    routes_channel_actions.router,
]
"""In this order: a group with fixed paths below ``/orders/`` (``/orders/new``) must come before
``routes_orders``, whose ``/orders/{reference}`` would take them otherwise."""

NAV: list[tuple[str, str]] = [
    (N_("Dashboard"), "console_dashboard"),
    (N_("Orders"), "console_orders"),
    (N_("Customers"), "console_customers"),
    (N_("Channels"), "console_channels"),
    (N_("Reports"), "console_reports"),
]
"""The navigation landmark's links (CONSOLE.md "Every page"): label and route name."""
