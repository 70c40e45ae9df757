"""The secret key (``ORDERHUB_SECRET_KEY`` or a key file) and the values sealed under it."""
