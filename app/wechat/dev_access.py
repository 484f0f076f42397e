"""Who may use the development shortcuts: demo logins (`dev-*` codes) and the emulator's inspection.

Only callers on this machine (loopback), or callers presenting DEV_ACCESS_KEY in the X-Dev-Access-Key
header. A server started with HOST=0.0.0.0 to preview on a phone is otherwise reachable by everyone
on the network, who could log in as the demo organizer or read the messages the emulator recorded.
The address is the one werkzeug's ProxyFix settled on (TRUSTED_PROXIES), else the socket peer.
"""
from __future__ import annotations

import hmac
import ipaddress

HEADER = "X-Dev-Access-Key"
ENVIRON_HEADER = "HTTP_X_DEV_ACCESS_KEY"


def is_loopback(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False  # missing, a unix socket peer, or garbage: not known to be this machine
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def allowed(address: str | None, presented_key: str | None, configured_key: str | None) -> bool:
    if is_loopback(address):
        return True
    return bool(configured_key and presented_key
                and hmac.compare_digest(presented_key.encode(), configured_key.encode()))


def environ_allowed(environ: dict, configured_key: str | None) -> bool:
    return allowed(environ.get("REMOTE_ADDR"), environ.get(ENVIRON_HEADER), configured_key)
