"""`make bench`: cold start and warm latency of the built functions against a floor and a peer.

Never shipped: the layer is built from shared/ only.
"""
