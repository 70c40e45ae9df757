"""The eBay channel kind: Sell Fulfillment API v1 client and mapper (simulator: ``simulators.ebay``)."""
