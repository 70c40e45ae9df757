"""JTL-Connector channel: orderhub as the Wawi-side client of a shop's JTL-Connector endpoint (JSON-RPC)."""
