"""The eBay channel kind: Sell Fulfillment API v1 client, mapper, and a local simulator of eBay."""
