"""A local simulator of the jtl_shop channel (see its app.py)."""
