"""Amazon Selling Partner API (Orders v0) channel: client, mapper, simulator and the ``amazon`` kind."""
