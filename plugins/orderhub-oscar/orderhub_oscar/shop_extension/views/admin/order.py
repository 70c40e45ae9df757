"""The admin order detail view, writable for ``status`` only.

``PATCH /api/admin/orders/<pk>/ {"status": "<new>", "note": "<optional text>"}`` goes through
Oscar's own ``EventHandler.handle_order_status_change`` -> ``Order.set_status``, exactly like the
dashboard form: ``OSCAR_ORDER_STATUS_PIPELINE`` is enforced (400 with the ``allowed`` statuses on
an invalid change), the cascade updates the lines, an ``OrderStatusChange`` row and an order note
are recorded and the ``order_status_changed`` signal fires. Sending the current status is a no-op.
Every other admin view stays django-oscar-api's stock class.
"""

from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.core.loading import get_class
from oscarapi.views.admin.order import OrderAdminDetail as StockOrderAdminDetail
from rest_framework import generics, serializers
from rest_framework.response import Response

EventHandler = get_class("order.processing", "EventHandler")


class OrderAdminDetail(generics.UpdateAPIView, StockOrderAdminDetail):
    http_method_names = ["get", "patch", "delete", "head", "options"]  # no PUT: status only

    def partial_update(self, request, *args, **kwargs):
        order = self.get_object()
        new_status = request.data.get("status")
        if not isinstance(new_status, str) or set(request.data) - {"status", "note"}:
            raise serializers.ValidationError(
                {"status": 'send {"status": "<new status>", "note": "<optional>"}'}
            )
        if new_status != order.status:
            note = request.data.get("note") or f"Order status changed from '{order.status}' to '{new_status}'"
            try:
                EventHandler(user=request.user).handle_order_status_change(order, new_status, note_msg=note)
            except InvalidOrderStatus as exc:
                raise serializers.ValidationError(
                    {"status": str(exc), "allowed": list(order.available_statuses())}
                ) from exc
        order.refresh_from_db()
        return Response(self.get_serializer(order).data)
