"""A local simulator of the jtl_connector channel (see its app.py)."""
