"""``orderhub demo``: local simulators of every built-in channel, orders flowing, a server syncing them."""
