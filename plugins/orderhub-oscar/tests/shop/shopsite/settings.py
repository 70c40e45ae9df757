"""A small real django-oscar 4.2 + django-oscar-api 3.3 shop for the orderhub-oscar tests.

Knobs (environment): ``SHOP_DB`` the SQLite file; ``SHOP_PAGE_SIZE`` turns on DRF LimitOffset
pagination; ``SHOP_API_OVERRIDE=0`` leaves the stock read-only admin order API (PATCH -> 405), so
the plug-in's dashboard-form fallback can be tested. Test-only security: fixed key, MD5 hashing.
"""

import os
import sys
from pathlib import Path

from oscar import INSTALLED_APPS as OSCAR_APPS
from oscar.defaults import *  # noqa: F403  (every OSCAR_* default)

BASE_DIR = Path(__file__).resolve().parent.parent
# The plug-in's shop extension is imported from the plug-in's own source tree, which is what
# `pip install --no-deps orderhub-oscar` gives a real shop.
sys.path.insert(0, str(BASE_DIR.parents[1]))

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [*OSCAR_APPS, "rest_framework", "oscarapi"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "oscarapi.middleware.HeaderSessionMiddleware",  # replaces SessionMiddleware
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "oscarapi.middleware.ApiBasketMiddleWare",  # replaces Oscar's BasketMiddleware
]
ROOT_URLCONF = "shopsite.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SHOP_DB", str(BASE_DIR / "db.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
AUTHENTICATION_BACKENDS = (
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
SITE_ID = 1
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "/static/"
MEDIA_ROOT = str(BASE_DIR / "media")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {  # DEBUG=False hides 500 tracebacks: print them to the server log instead
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # basic auth on every request

REST_FRAMEWORK: dict[str, object] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.BasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}
if os.environ.get("SHOP_PAGE_SIZE"):
    REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] = "rest_framework.pagination.LimitOffsetPagination"
    REST_FRAMEWORK["PAGE_SIZE"] = int(os.environ["SHOP_PAGE_SIZE"])

OSCAR_DEFAULT_CURRENCY = "EUR"
OSCAR_ALLOW_ANON_CHECKOUT = True  # guest orders: Session-Id header + guest_email
OSCARAPI_BLOCK_ADMIN_API_ACCESS = False  # mounts /api/admin/...
if os.environ.get("SHOP_API_OVERRIDE", "1") != "0":
    # What the plug-in's README asks a shop to add: PATCH /api/admin/orders/<id>/ {"status": ...}
    OSCARAPI_OVERRIDE_MODULES = ["orderhub_oscar.shop_extension"]
OSCARAPI_INITIAL_ORDER_STATUS = "new"
OSCAR_INITIAL_ORDER_STATUS = "new"
OSCAR_INITIAL_LINE_STATUS = "new"
OSCAR_ORDER_STATUS_PIPELINE = {
    "new": ("processing", "cancelled"),
    "processing": ("shipped", "cancelled"),
    "shipped": ("completed",),
    "cancelled": (),
    "completed": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE
OSCAR_ORDER_STATUS_CASCADE = {status: status for status in OSCAR_ORDER_STATUS_PIPELINE}
# The stock field lists plus the ids, SKUs, titles and unit prices the plug-in maps.
OSCARAPI_ORDER_FIELDS = (
    "id", "number", "basket", "url", "lines", "owner", "billing_address", "currency",
    "total_incl_tax", "total_excl_tax", "shipping_incl_tax", "shipping_excl_tax", "shipping_address",
    "shipping_method", "shipping_code", "status", "email", "date_placed", "payment_url",
    "offer_discounts", "voucher_discounts", "surcharges",
)  # fmt: skip
OSCARAPI_ORDERLINE_FIELDS = (
    "id", "attributes", "url", "product", "stockrecord", "quantity", "partner_sku", "title", "upc",
    "status", "unit_price_incl_tax", "unit_price_excl_tax", "price_currency", "price_excl_tax",
    "price_incl_tax", "price_incl_tax_excl_discounts", "price_excl_tax_excl_discounts", "order",
)  # fmt: skip
