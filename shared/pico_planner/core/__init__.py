"""The pure planning core.

Imports pydantic and the standard library only: no Powertools, boto3, HTTP or clock reads.
Today's date, holiday calendars and anything else from the outside world arrive as parameters.
"""
