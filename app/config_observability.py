"""Settings of logs, metrics and the worker's heartbeat (README, "Observability")."""
from __future__ import annotations

import ipaddress


class ObservabilityConfigError(RuntimeError):
    """A logging or metrics setting is malformed (app.config turns it into its ConfigError)."""


def _networks(raw: str) -> tuple:
    networks = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ObservabilityConfigError(
                f"METRICS_ALLOW must be a comma-separated list of addresses or CIDRs, not {part!r}") from exc
    return tuple(networks)


def observability_settings(env: dict, production: bool) -> dict:
    log_format = env.get("LOG_FORMAT") or ("json" if production else "text")
    if log_format not in {"json", "text"}:
        raise ObservabilityConfigError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    log_level = (env.get("LOG_LEVEL") or "INFO").upper()
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ObservabilityConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {log_level!r}")
    metrics_token = env.get("METRICS_TOKEN", "")
    if metrics_token and len(metrics_token) < 16:
        raise ObservabilityConfigError("METRICS_TOKEN must be at least 16 characters")
    heartbeat = float(env.get("WORKER_HEARTBEAT_SECONDS", "10"))
    return {
        # json: one JSON object a line on stderr (production default); text: a readable line (development).
        "LOG_FORMAT": log_format,
        "LOG_LEVEL": log_level,
        # Who may read /metrics: callers from these networks (after TRUSTED_PROXIES), or with the bearer token.
        "METRICS_ALLOW": _networks(env.get("METRICS_ALLOW", "127.0.0.1/32,::1/128")),
        "METRICS_TOKEN": metrics_token,
        # gunicorn's worker processes share their counters through files here (prometheus-client's
        # multiprocess mode); read by prometheus-client itself when it is imported, so set in the environment.
        "PROMETHEUS_MULTIPROC_DIR": env.get("PROMETHEUS_MULTIPROC_DIR", ""),
        # The worker writes its heartbeat this often; one silent for WORKER_DEAD_SECONDS is taken for dead.
        "WORKER_HEARTBEAT_SECONDS": heartbeat,
        "WORKER_DEAD_SECONDS": float(env.get("WORKER_DEAD_SECONDS", str(max(30.0, heartbeat * 3)))),
    }
