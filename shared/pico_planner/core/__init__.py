"""The pure planning core.

Imports pydantic and the standard library only: no Powertools, boto3, HTTP or clock reads. The only
files it reads are its rule set and the zone database, as `zoneinfo` reads it (the system's, else the
`tzdata` package's).
Today's date, holiday calendars and anything else from the outside world arrive as parameters.
"""
