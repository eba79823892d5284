"""Test stand-ins for the outside world: a Bot API server, an SMTP server, shared fixtures (fixtures.py)."""
