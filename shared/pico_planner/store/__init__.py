"""Clinic profiles at rest: the `ClinicStore` interface and its DynamoDB implementation.

The core never imports this package; the API layer does. Nothing here imports boto3 at module level:
only a request that reads or writes a clinic pays for it.
"""
