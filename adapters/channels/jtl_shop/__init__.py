"""JTL-Shop channel: orderhub plays JTL-Wawi's part in the shop's sync protocol (dbeS).

``client.py`` speaks the wire protocol, ``mapping.py`` turns a ``<tbestellung>`` into a
``ChannelOrder``, ``channel.py`` drives pull/acknowledge/push; ``simulators.jtl_shop`` is a faithful in-memory shop
for tests and ``orderhub demo``.
"""
