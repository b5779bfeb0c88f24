"""Summit's production topology on loopback: nginx in front of app servers, workers,
PostgreSQL and Redis, each started from the files in deploy/ (the nginx site, the systemd
units' commands and environment), and stopped again.

    scripts/topology up [--dir DIR] [--fsync]      start, print the addresses, wait for Ctrl-C
    scripts/topology run [--fsync] -- CMD ARGS...  start, run CMD with SUMMIT_TOPOLOGY_* set, stop

The tests (tests/topology) drive :class:`Topology` directly. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import render  # noqa: E402  (deploy/render.py, beside this file)

UNITS = HERE / "systemd"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("PostgreSQL is not installed (scripts/system-deps test)")
    return Path(initdb).parent


@dataclass
class Service:
    """One long-running process, in its own process group so a stop reaches its children."""

    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: str
    log: Path
    stop_signal: int = signal.SIGTERM
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, number: int) -> None:
        if self.running():
            try:
                os.killpg(self.pid, number)
            except ProcessLookupError:
                pass

    def stop(self, timeout: float = 30) -> None:
        """The service's own graceful stop, then SIGKILL to its group if it hangs."""
        if self.process is None:
            return
        self.signal(self.stop_signal)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait(10)
        try:  # children the leader left behind (none expected)
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@dataclass
class Topology:
    folder: Path
    app_servers: int = 2
    workers: int = 2
    fsync: bool = False
    smtp_port: int = 25
    services: dict[str, Service] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    metrics_token: str = field(default_factory=lambda: secrets.token_hex(16))
    _pg_data: Path | None = None

    # -- addresses ------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"https://localhost:{self.ports['https']}"

    @property
    def database_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.ports['postgres']}/summit"

    def app_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[f'web{index}']}"

    @property
    def certificate(self) -> Path:
        return self.folder / "tls" / "cert.pem"

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.certificate))

    def describe(self) -> dict[str, str]:
        described = {
            "SUMMIT_TOPOLOGY_URL": self.base_url,
            "SUMMIT_TOPOLOGY_HTTP_URL": f"http://localhost:{self.ports['http']}",
            "SUMMIT_TOPOLOGY_CA": str(self.certificate),
            "SUMMIT_TOPOLOGY_DATABASE_URL": self.database_url,
            "SUMMIT_TOPOLOGY_REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "SUMMIT_TOPOLOGY_METRICS_TOKEN": self.metrics_token,
            "SUMMIT_TOPOLOGY_DIR": str(self.folder),
        }
        for index in range(self.app_servers):
            described[f"SUMMIT_TOPOLOGY_APP{index}_URL"] = self.app_url(index)
        return described

    # -- start ----------------------------------------------------------------------------
    def start(self) -> None:
        for sub in ("logs", "etc", "run", "tls", "nginx", "nginx/cache"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        names = ["postgres", "redis", "http", "https"]
        names += [f"web{i}" for i in range(self.app_servers)]
        self.ports = {name: free_port() for name in names}
        try:
            self._start_postgres()
            self._start_redis()
            self._write_certificate()
            self._write_environment()
            self._release()
            for index in range(self.app_servers):
                self._start_app_server(index)
            for index in range(self.workers):
                self._start_worker(index)
            self._start_nginx()
            for index in range(self.app_servers):
                self.wait_for_app_server(index)
            self.wait_for(f"{self.base_url}/healthz")
        except BaseException:
            self.stop()
            raise

    def _service(self, name: str, argv: list[str], env: dict[str, str], **kw: object) -> Service:
        service = Service(
            name, argv, env, kw.pop("cwd", str(ROOT)), self.folder / "logs" / f"{name}.log", **kw
        )  # type: ignore[arg-type]
        service.start()
        self.services[name] = service
        return service

    def _start_postgres(self) -> None:
        bindir = postgres_bin()
        # Its own folder under /tmp: the postgres user cannot enter a pytest tmp_path.
        self._pg_data = Path(tempfile.mkdtemp(prefix="summit-topology-pg."))
        as_postgres: list[str] = []
        if os.getuid() == 0:
            shutil.chown(self._pg_data, "postgres", "postgres")
            as_postgres = ["runuser", "-u", "postgres", "--"]
        data = self._pg_data / "db"
        subprocess.run(
            [
                *as_postgres,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        settings = [
            "-c",
            "listen_addresses=127.0.0.1",
            "-p",
            str(self.ports["postgres"]),
            "-k",
            str(self._pg_data),
            "-c",
            "max_connections=200",
        ]
        if not self.fsync:  # tests only; the benchmark keeps PostgreSQL's durable defaults
            settings += [
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ]
        self._service(
            "postgres",
            [*as_postgres, str(bindir / "postgres"), "-D", str(data), *settings],
            {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"},
            stop_signal=signal.SIGINT,  # fast shutdown
            cwd="/",
        )
        deadline = time.monotonic() + 30
        while (
            subprocess.run(
                [
                    str(bindir / "pg_isready"),
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.ports["postgres"]),
                ]
            ).returncode
            != 0
        ):
            if time.monotonic() > deadline or not self.services["postgres"].running():
                raise RuntimeError("PostgreSQL did not start; see logs/postgres.log")
            time.sleep(0.2)
        subprocess.run(
            [
                *as_postgres,
                str(bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.ports["postgres"]),
                "-U",
                "postgres",
                "summit",
            ],
            check=True,
        )

    def _start_redis(self) -> None:
        self._service(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder / "run"),
            ],
            {"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        )

    def _write_certificate(self) -> None:
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                str(self.folder / "tls" / "key.pem"),
                "-out",
                str(self.certificate),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _write_environment(self) -> None:
        """The same settings as deploy/summit.env.example, pointed at this topology."""
        template = render.read_environment_file(HERE / "summit.env.example")
        values = {
            **template,
            "DATABASE_URL": self.database_url,
            "SUMMIT_SECRET_KEY": secrets.token_urlsafe(48),
            "SUMMIT_BASE_URL": self.base_url,
            "SUMMIT_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "SUMMIT_MAIL_SERVER": "127.0.0.1",
            "SUMMIT_MAIL_PORT": str(self.smtp_port),
            "SUMMIT_MAIL_USE_TLS": "0",
            "SUMMIT_MAIL_USERNAME": "",
            "SUMMIT_MAIL_PASSWORD": "",
            "SUMMIT_MAIL_DEFAULT_SENDER": "Summit <no-reply@summit.localhost>",
            "SUMMIT_METRICS_TOKEN": self.metrics_token,
            "SUMMIT_TRUSTED_PROXIES": "1",
            "WEB_CONCURRENCY": "2",
        }
        for key in ("SUMMIT_MAIL_USERNAME", "SUMMIT_MAIL_PASSWORD"):
            del values[key]  # no SMTP authentication on loopback
        lines = [f"{key}={value}" for key, value in values.items()]
        (self.folder / "etc" / "summit.env").write_text("\n".join(lines) + "\n")

    def _unit(self, unit: str, instance: str) -> tuple[list[str], dict[str, str], str]:
        command = render.unit_command(
            UNITS / unit,
            instance,
            {
                "/srv/summit": str(ROOT),
                "/etc/summit": str(self.folder / "etc"),
                "/run/": str(self.folder / "run") + "/",
            },
        )
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": os.environ.get("HOME", "/tmp"),
        }
        for path in command.environment_files:
            env.update(render.read_environment_file(Path(path)))
        env.update(command.environment)
        for folder in command.runtime_directories:
            shutil.rmtree(folder, ignore_errors=True)  # systemd gives a fresh one each start
            Path(folder).mkdir(parents=True)
        return command.argv, env, command.cwd

    def _release(self) -> None:
        argv, env, cwd = self._unit("summit-release.service", "")
        with (self.folder / "logs" / "release.log").open("ab") as log:
            subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=log, stderr=subprocess.STDOUT)

    def _start_app_server(self, index: int) -> None:
        argv, env, cwd = self._unit("summit-web@.service", str(self.ports[f"web{index}"]))
        self._service(f"web{index}", argv, env, cwd=cwd)

    def _start_worker(self, index: int) -> None:
        argv, env, cwd = self._unit("summit-worker@.service", str(index + 1))
        self._service(f"worker{index}", argv, env, cwd=cwd)

    def _start_nginx(self) -> None:
        folder = self.folder / "nginx"
        site = render.render_nginx(
            {
                "APP_SERVERS": render.upstream_lines(
                    [f"127.0.0.1:{self.ports[f'web{i}']}" for i in range(self.app_servers)]
                ),
                "CACHE_DIR": str(folder / "cache"),
                "LOG_DIR": str(self.folder / "logs"),
                "HTTP_LISTEN": f"127.0.0.1:{self.ports['http']}",
                "HTTPS_LISTEN": f"127.0.0.1:{self.ports['https']}",
                "SERVER_NAME": "localhost",
                "BASE_URL": self.base_url,
                "TLS_CERTIFICATE": str(self.certificate),
                "TLS_KEY": str(self.folder / "tls" / "key.pem"),
                "ROOT": str(ROOT),
            }
        )
        (folder / "summit.conf").write_text(site)
        # What Debian's /etc/nginx/nginx.conf does, in this folder and in the foreground.
        user = "user root;\n" if os.getuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 2;\npid {folder}/nginx.pid;\n"
            f"error_log {self.folder}/logs/nginx-error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            "  sendfile on;\n  gzip on;\n"
            "  gzip_types text/css application/javascript application/json application/xml"
            " text/calendar;\n"
            f"  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
            f"  fastcgi_temp_path {folder}/fastcgi;\n  uwsgi_temp_path {folder}/uwsgi;\n"
            f"  scgi_temp_path {folder}/scgi;\n  include {folder}/summit.conf;\n}}\n"
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        subprocess.run(
            [nginx, "-t", "-q", "-p", str(folder), "-c", str(folder / "nginx.conf")], check=True
        )
        self._service(
            "nginx",
            [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")],
            {"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            stop_signal=signal.SIGQUIT,
        )

    # -- waiting, restarting, stopping ------------------------------------------------------
    def wait_for(self, url: str, timeout: float = 60) -> dict[str, object]:
        """Until ``url`` (a /healthz) answers with the database reachable."""
        deadline = time.monotonic() + timeout
        context = self.tls_context() if url.startswith("https") else None
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5, context=context) as response:
                    body = json.loads(response.read())
            except urllib.error.HTTPError as error:  # 503: a worker is not beating yet
                body = json.loads(error.read() or b"{}")
            except (OSError, ValueError):
                body = {}
            if body.get("database") == "ok" and (not self.workers or body.get("status") == "ok"):
                return body
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} is not healthy: {body}")
            time.sleep(0.2)

    def wait_for_app_server(self, index: int) -> None:
        self.wait_for(f"{self.app_url(index)}/healthz")

    def restart(self, name: str) -> None:
        """Stop a service gracefully (as ``systemctl restart`` does), start it again."""
        service = self.services[name]
        service.stop()
        service.start()

    def stop(self) -> None:
        for service in reversed(list(self.services.values())):
            service.stop()
        if self._pg_data is not None:
            shutil.rmtree(self._pg_data, ignore_errors=True)
            self._pg_data = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["up", "run"])
    parser.add_argument("--dir", type=Path, default=None, help="where logs and files go")
    parser.add_argument("--fsync", action="store_true", help="PostgreSQL with fsync on")
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--smtp-port", type=int, default=25)
    argv = sys.argv[1:]
    command = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    if args.mode == "run" and not command:
        parser.error("run needs a command after --")
    folder = args.dir or Path(tempfile.mkdtemp(prefix="summit-topology."))
    topology = Topology(folder, args.app_servers, args.workers, args.fsync, args.smtp_port)
    topology.start()
    try:
        described = topology.describe()
        if args.mode == "up":
            print("\n".join(f"{key}={value}" for key, value in described.items()), flush=True)
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            try:
                while True:
                    signal.pause()
            except KeyboardInterrupt:
                return 0
        return subprocess.run(command, env={**os.environ, **described}).returncode
    finally:
        topology.stop()


if __name__ == "__main__":
    sys.exit(main())
