"""Local simulators of the channels orderhub speaks to (eBay, Amazon, JTL-Shop, JTL-Connector).

They speak each protocol's real wire format and power ``orderhub demo`` and the integration tests.
They are part of the product (installed with it) but never imported by the product's adapters.
"""
