"""Fill in the deployment files: the nginx site's @TOKENS@, and a systemd unit's command.

Standard library only: run by ``scripts/render-nginx`` on a server being set up, and by
``scripts/topology``, which runs the very files in this folder on loopback.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NGINX_SITE = HERE / "nginx" / "summit.conf"
_TOKEN = re.compile(r"@([A-Z_]+)@")


def render_nginx(values: dict[str, str], template: Path = NGINX_SITE) -> str:
    """The nginx site with every token replaced.

    :raises KeyError: naming the tokens ``values`` lacks.
    """
    text = template.read_text()
    missing = sorted(set(_TOKEN.findall(text)) - set(values))
    if missing:
        raise KeyError(f"values missing for {', '.join(missing)}")
    return _TOKEN.sub(lambda m: values[m.group(1)], text)


def upstream_lines(addresses: list[str]) -> str:
    return "\n".join(f"    server {address} max_fails=0;" for address in addresses)


@dataclass(frozen=True)
class UnitCommand:
    argv: list[str]
    cwd: str
    environment: dict[str, str]
    environment_files: list[str]
    runtime_directories: list[str]


def unit_command(unit: Path, instance: str, replacements: dict[str, str]) -> UnitCommand:
    """What systemd would run for ``unit`` (a template like ``summit-web@.service``) at
    ``instance``, with path prefixes replaced (e.g. ``/srv/summit`` → a checkout)."""
    service: dict[str, list[str]] = {}
    section = ""
    for raw in unit.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "Service" and "=" in line:
            key, value = line.split("=", 1)
            service.setdefault(key.strip(), []).append(
                _expand(value.strip(), instance, replacements)
            )
    environment: dict[str, str] = {}
    for assignment in service.get("Environment", []):
        for word in shlex.split(assignment):
            key, value = word.split("=", 1)
            environment[key] = value
    runtime = [
        _expand("/run/" + name, instance, replacements)
        for entry in service.get("RuntimeDirectory", [])
        for name in entry.split()
    ]
    return UnitCommand(
        argv=shlex.split(service["ExecStart"][-1]),
        cwd=service.get("WorkingDirectory", ["/"])[-1],
        environment=environment,
        environment_files=service.get("EnvironmentFile", []),
        runtime_directories=runtime,
    )


def _expand(value: str, instance: str, replacements: dict[str, str]) -> str:
    value = value.replace("%i", instance)
    for prefix, replacement in replacements.items():
        value = value.replace(prefix, replacement)
    return value


def read_environment_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines, as systemd's EnvironmentFile reads them (comments and blanks skipped)."""
    values: dict[str, str] = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values
