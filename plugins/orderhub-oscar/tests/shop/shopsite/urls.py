"""URLs of the test shop: the Oscar API under /api/, the storefront and /dashboard/ at the root."""

from django.apps import apps
from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    # The order serializer's payment_url needs a route named api-payment; without it the field
    # holds a warning text, and dropping the field breaks /api/orders/. No payment in tests: 501.
    path("api/payment/<int:pk>/", lambda request, pk: HttpResponse(status=501), name="api-payment"),
    path("api/", include("oscarapi.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
