"""Amazon Selling Partner API channel: client, mapper and the ``amazon`` kind (simulator: ``simulators.amazon``)."""
