"""Request limits: the body guards' and the conditional headers'."""

# Bodies larger than this are refused before parsing; every valid request is far smaller
# (the largest, a schedule with 366 closed dates, is about 16 KiB).
MAX_BODY_BYTES = 64 * 1024

# If-Match and If-None-Match name ETags of 34 characters; a list of a dozen fits with room to spare.
MAX_CONDITION_HEADER_LENGTH = 512
