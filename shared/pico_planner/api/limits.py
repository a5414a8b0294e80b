"""Request limits: the body guards' and the conditional headers'."""

# Bodies larger than this are refused before parsing; every valid request is far smaller
# (the largest, a schedule with 366 closed dates, is about 16 KiB).
MAX_BODY_BYTES = 64 * 1024

# If-Match and If-None-Match name ETags of 34 characters: a list of as many as a condition compares
# (100, MAX_EXPECTED_VERSIONS) takes 3,499 with commas, 3,598 with ", ", and fits.
MAX_CONDITION_HEADER_LENGTH = 4096
