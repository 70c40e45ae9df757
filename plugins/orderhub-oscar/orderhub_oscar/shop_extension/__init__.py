"""Installed INTO the Oscar shop, not into orderhub: lets the admin API set an order's status.

In the shop's settings: ``OSCARAPI_OVERRIDE_MODULES = ["orderhub_oscar.shop_extension"]``
(django-oscar-api's own override mechanism; see README.md beside this file).
"""
