"""E-mail subscriptions (issue 26): the briefing of a filter, sent on a schedule to its recipients.

`schedule` computes the send times (Bangkok time, Thai working days), `store` keeps the subscriptions and what was
sent in a file outside the database, `mail` writes and hands over the messages, and `sending` decides what is due
and records every outcome. The command `python -m dashboard subscriptions send-due` runs it from a timer
(docs/operations.md); the Subscriptions page manages them.
"""
