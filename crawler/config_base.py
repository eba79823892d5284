"""What every configuration model shares: strict models, identifiers, the loopback test."""

from __future__ import annotations

import ipaddress

from pydantic import BaseModel, ConfigDict

IDENTIFIER = r"^[a-z0-9][a-z0-9_-]{0,63}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
