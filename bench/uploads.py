"""Peak worker memory for parallel maximum-size image uploads (issue 10: ≤ 200 MB).

Serves Summit with gunicorn (one gthread worker, 8 threads, so all uploads land in one
process) and posts N speaker photos at once through one speaker's private link: PNG,
WebP and JPEG at the pixel limit, plus a 5000 × 5000 WebP that must be refused. Prints
the worker's RSS before, its peak (VmHWM) after, and how each upload was answered.

    .venv/bin/python bench/uploads.py [--parallel 8] [--rounds 3] [--decodes 1]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.agenda import free_port  # noqa: E402
from bench.agenda import wait_for  # noqa: E402
from bench.agenda import worker_pid  # noqa: E402


def bench_config() -> dict[str, Any]:
    return {
        "SECRET_KEY": "bench-secret",
        "SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URL"],
        "SUMMIT_BASE_URL": "http://127.0.0.1",
        "SUMMIT_IMAGE_DECODES": int(os.environ.get("BENCH_DECODES", "1")),
        "WTF_CSRF_ENABLED": False,  # memory is measured here, not CSRF
        "RATELIMIT_ENABLED": False,
    }


def create_bench_app() -> Any:
    """gunicorn entry point: ``bench.uploads:create_bench_app()``."""
    from summit import create_app

    return create_app(bench_config())


def prepare() -> tuple[str, str]:
    """An event with one invited speaker; returns (slug, the speaker's token)."""
    from datetime import UTC
    from datetime import datetime

    from flask_migrate import upgrade

    from summit import create_app
    from summit.extensions import db
    from summit.speaker_portal.services import invite_speaker
    from tests.export_factories import make_speaker
    from tests.factories import make_event

    app = create_app(bench_config())
    with app.app_context():
        upgrade()
        event = make_event(published=True, slug="uploads")
        speaker = make_speaker(event, "Dr. Bench")
        _, token = invite_speaker(speaker, secret="bench-secret", now=datetime.now(UTC))
        db.session.commit()
        return event.slug, token


def images() -> dict[str, bytes]:
    from PIL import Image

    from summit.uploads import MAX_PIXELS

    out: dict[str, bytes] = {}

    def gradient(width: int, height: int) -> Image.Image:
        # Gradients compress under the byte limit, yet decode in full.
        base = Image.linear_gradient("L").resize((width, height))
        flipped = base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        return Image.merge("RGBA", (base, flipped, base, base))

    square = gradient(2048, MAX_PIXELS["PNG"] // 2048)
    encodings: list[tuple[str, str, Image.Image, dict[str, int | bool]]] = [
        ("png", "PNG", square, {"optimize": True}),
        ("webp", "WEBP", square, {"quality": 30}),
        (
            "jpeg",
            "JPEG",
            gradient(6000, MAX_PIXELS["JPEG"] // 6000).convert("RGB"),
            {"quality": 30},
        ),
    ]
    for name, fmt, image, options in encodings:
        buffer = io.BytesIO()
        image.save(buffer, fmt, **options)
        out[name] = buffer.getvalue()
    bomb = io.BytesIO()
    Image.new("RGB", (5000, 5000), "white").save(bomb, "WEBP", quality=10)
    out["webp 5000x5000"] = bomb.getvalue()
    return out


def post_photo(url: str, name: str, data: bytes) -> tuple[int, bool]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="bio"\r\n\r\nBench\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=120)
        return response.status, False
    except urllib.error.HTTPError as error:
        text = error.read().decode(errors="replace")
        return error.code, "too many pixels" in text


def upload(url: str, name: str, data: bytes, results: list[tuple[int, bool]]) -> None:
    results.append(post_photo(url, name, data))


def status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--decodes", type=int, default=1, help="SUMMIT_IMAGE_DECODES")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="summit-bench-") as tmp:
        os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        os.environ["BENCH_DECODES"] = str(args.decodes)
        slug, token = prepare()
        files = images()
        print("files:", ", ".join(f"{k} {len(v) / 1024:.0f} KB" for k, v in files.items()))
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                str(args.parallel),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "bench.uploads:create_bench_app()",
            ],
            env=dict(os.environ),
            cwd=ROOT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/")
            worker = worker_pid(server.pid)
            url = f"{base}/events/{slug}/speaker/{token}/profile"
            print(f"worker RSS at rest: {status_mb(worker, 'VmRSS'):.0f} MB")
            for name, data in files.items():
                results: list[tuple[int, bool]] = []
                started = time.perf_counter()
                for _ in range(args.rounds):
                    threads = [
                        threading.Thread(target=upload, args=(url, f"p.{name}", data, results))
                        for _ in range(args.parallel)
                    ]
                    for thread in threads:
                        thread.start()
                    for thread in threads:
                        thread.join()
                elapsed = time.perf_counter() - started
                statuses = sorted({status for status, _ in results})
                refused = sum(1 for _, pixels in results if pixels)
                print(
                    f"{name:<15} {args.rounds}×{args.parallel} parallel: statuses {statuses}, "
                    f"refused for pixels {refused}, {elapsed:.1f} s, "
                    f"peak worker RSS so far {status_mb(worker, 'VmHWM'):.0f} MB"
                )
            peak = status_mb(worker, "VmHWM")
            print(
                f"peak worker RSS (VmHWM): {peak:.0f} MB (target ≤ 200 MB, decodes={args.decodes})"
            )
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
