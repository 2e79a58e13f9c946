"""Lighthouse scores of the built site, served with gzip as GitHub Pages serves it.

    make lighthouse             # or: .venv/bin/python -m scripts.lighthouse [SITE_DIR] [--runs 2]

Runs Lighthouse (from npm, the version pinned below, through npx) with Debian's Chromium
(CHROME_PATH, else /usr/bin/chromium) against /, /decide/, /card/ and /contacts/, mobile and
desktop, and prints one table row per page and form factor: the median of the runs for the
four categories, plus cumulative layout shift and the first and largest contentful paint.
Measures and prints only; no test asserts a score. Needs Node.js (npx) and network access
to npm the first time.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterator

LIGHTHOUSE = "lighthouse@12.8.2"
PAGES = ("", "decide/", "card/", "contacts/")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".vcf")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzipped when the browser accepts it (as GitHub Pages does),
    and 404.html with status 404 for a missing page."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        body = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: copied to the socket by the base class."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


@contextlib.contextmanager
def serve_gzip(directory: Path) -> Iterator[str]:
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def run_lighthouse(url: str, desktop: bool, chrome: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="ht-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        command = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}",
                   f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
        if desktop:
            command.append("--preset=desktop")
        result = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, CHROME_PATH=chrome))
        if result.returncode != 0 or not report.is_file():
            raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr.strip()[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {
        **{name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES},
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--runs", type=int, default=2, help="runs per page and form factor (median)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html; run `mkdocs build` first", file=sys.stderr)
        return 1
    chrome = os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    print(f"Lighthouse {LIGHTHOUSE.split('@')[1]}, {chrome}, served with gzip, median of {args.runs} runs\n")
    print("| Page | Form factor | Performance | Accessibility | Best practices | SEO | CLS | FCP | LCP |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with serve_gzip(args.site) as base:
        for page in PAGES:
            for desktop in (False, True):
                runs = [run_lighthouse(base + page, desktop, chrome) for _ in range(args.runs)]
                median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
                scores = " | ".join(f"{median[name]:.0f}" for name in CATEGORIES)
                print(f"| /{page} | {'desktop' if desktop else 'mobile'} | {scores} | {median['cls']:.3f} "
                      f"| {median['fcp']:.1f} s | {median['lcp']:.1f} s |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
