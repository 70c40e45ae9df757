"""orderhub channel plug-in for django-oscar shops (entry point ``oscar = orderhub_oscar.kind:KIND``).

Imports nothing on purpose: a shop installs this distribution with ``--no-deps`` only to load
``orderhub_oscar.shop_extension`` through ``OSCARAPI_OVERRIDE_MODULES``.
"""
