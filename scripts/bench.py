"""Benchmark the site: build times, how they grow with the protocol, and what each page weighs.

    make bench                  # or: .venv/bin/python -m scripts.bench [--repeat 3] [--scales 10,100,1000]

Prints tables and two verdicts; asserts nothing (timings belong here, never in tests):
- cold build time of the real site (a fresh `mkdocs build --strict` process), with the
  share of the offline copy the build also makes;
- protocols of 10x, 100x, 1000x the decision's nodes (the real protocol cloned with unique
  ids behind a router question): load+check, render of every page fragment, and a full
  build while the file stays under the checker's 1 MB limit;
- total site size and each page's transfer size (HTML + the CSS/JS it references, raw and gzip);
- the decision page against the reference pages: under 1.1x + 20 KB?
- the real build against a bare Material site with the same pages: within 1.5x?
- the real protocol with its routes multiplied 10x and 100x (questions whose answers all lead
  on, adding nothing): build time, /decide/ weight, pages and distinct screens: /decide/ at
  9x and more the routes within 1.5x its size at 1x?
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import gzip
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.load import MAX_BYTES  # noqa: E402

DECIDE = "decide/index.html"
SKIP_COPY = shutil.ignore_patterns(".git", ".venv", "site", "site-offline", ".hypothesis", ".pytest_cache",
                                   "__pycache__", "tests")


# --- builds ------------------------------------------------------------------------------

def mkdocs_build(project: Path, site: Path, **env) -> tuple[float, str]:
    """Wall time of one fresh `mkdocs build --strict` process, and its output."""
    if site.exists():
        shutil.rmtree(site)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=project,
                            capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env))
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    return seconds, result.stdout + result.stderr


def project_copy(dest: Path, protocol_text: str | None = None) -> Path:
    shutil.copytree(ROOT, dest, ignore=SKIP_COPY)
    if protocol_text is not None:
        (dest / "protocol.yaml").write_text(protocol_text, encoding="utf-8")
    return dest


# --- scaled protocols --------------------------------------------------------------------

def scaled_protocol(k: int) -> dict:
    """The real protocol k times: copy 0 as it is, copies 1..k-1 with ids suffixed `_x<i>` and
    shortened text (so the file stays small), all reached from one router question. Route
    length stays constant, so a linear implementation costs k times the real one."""
    data = yaml.load((ROOT / "protocol.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    out = copy.deepcopy(data)
    out["contacts"], out["situations"] = [], []
    # The protocol's rules name copy 0's ids and hold on every route of a caller, so another
    # copy's routes would break them: the scaled file is measured without them.
    out.pop("rules", None)
    router = {"id": "bench_part", "text": "Which part of the protocol?", "answers": []}
    out["decision"] = {"start": "bench_part", "questions": [router], "outcomes": []}

    for i in range(k):
        suffix = "" if i == 0 else f"_x{i}"

        def ref(value: str) -> str:
            return value + suffix

        def short(node):
            if i == 0:
                return node
            if isinstance(node, dict):
                return {key: short(v) if key not in _ID_KEYS else v for key, v in node.items()}
            if isinstance(node, list):
                return [short(v) for v in node]
            return node[:40] if isinstance(node, str) else node

        for contact in data["contacts"]:
            out["contacts"].append(short(dict(contact, id=ref(contact["id"]))))
        for situation in data["situations"]:
            situation = short(copy.deepcopy(situation))
            situation["id"] = ref(situation["id"])
            for step in situation["steps"]:
                if "id" in step:
                    step["id"] = ref(step["id"])
                if "contacts" in step:
                    step["contacts"] = [ref(c) for c in step["contacts"]]
            out["situations"].append(situation)
        for question in data["decision"]["questions"]:
            question = short(copy.deepcopy(question))
            question["id"] = ref(question["id"])
            for answer in question["answers"]:
                for key in ("next", "outcome"):
                    if key in answer:
                        answer[key] = ref(answer[key])
                if "include" in answer:
                    answer["include"] = [ref(x) for x in answer["include"]]
            out["decision"]["questions"].append(question)
        for outcome in data["decision"]["outcomes"]:
            outcome = short(copy.deepcopy(outcome))
            outcome["id"] = ref(outcome["id"])
            if "include" in outcome:
                outcome["include"] = [ref(x) for x in outcome["include"]]
            out["decision"]["outcomes"].append(outcome)
        router["answers"].append({"label": f"Part {i + 1}", "next": ref(data["decision"]["start"])})
    return out


def factors(k: int) -> list[int]:
    """k as answer counts of 2 to 5, e.g. 100 -> [5, 5, 4]: questions that multiply the routes by k."""
    found, rest = [], k
    for n in (5, 4, 3, 2):
        while rest % n == 0 and rest > 1:
            found.append(n)
            rest //= n
    if rest > 1:
        found.append(rest)
    return found


def multiplied_routes(k: int) -> dict:
    """The real protocol with k times its routes and almost no new text: questions asked first
    whose answers all lead on and add nothing ("Which part of the state?"), k routes in all
    before the real first question."""
    data = yaml.load((ROOT / "protocol.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    decision = data["decision"]
    start = decision["start"]
    added = []
    for i, n in enumerate(factors(k)):
        added.append({"id": f"bench_split_{i}", "text": f"Bench question {i + 1}?",
                      "answers": [{"label": f"Answer {a + 1}"} for a in range(n)]})
    for i, question in enumerate(added):
        following = added[i + 1]["id"] if i + 1 < len(added) else start
        for answer in question["answers"]:
            answer["next"] = following
    if added:
        decision["start"] = added[0]["id"]
        decision["questions"] = added + decision["questions"]
    return data


_ID_KEYS = {"id", "next", "outcome", "include", "contacts", "phone", "vanity", "email", "verified", "date", "effective"}


def dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6)


# Runs in a child process (so a slow scale can be stopped): load+check, then every fragment
# the site renders, then the review listing. Prints "load render listing" seconds.
_MEASURE = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from macros.load import build_protocol
from macros.pages.render import Pages, situation_url
from macros.pages.widget import decide_page
from macros.decision.review import listing
text = open(sys.argv[2], encoding="utf-8").read()
t0 = time.perf_counter(); protocol = build_protocol("protocol.yaml", text); t1 = time.perf_counter()
for s in protocol.situations:
    Pages(protocol, situation_url(s)).situation(s.id, heading_level=1)
Pages(protocol, "contacts/").contacts_page(); Pages(protocol, "situations/").situations_index()
Pages(protocol, "").home(); decide_page(protocol, Pages(protocol, "decide/").link)
try:
    import inspect
    from macros.pages.card import card
    card(*[protocol, "https://example.org/", "card/"][:len(inspect.signature(card).parameters)])
except ImportError:
    pass
t2 = time.perf_counter(); listing(protocol); t3 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f}")
"""


def listing_of(project: Path) -> list[str]:
    """`python -m macros paths` of a project's protocol: one 'Then: ' line per route."""
    result = subprocess.run([sys.executable, "-m", "macros", "paths", "protocol.yaml"], cwd=project,
                            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(project)))
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return result.stdout.splitlines()


def measure_in_process(text: str, timeout: float) -> tuple[float, float, float] | None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "protocol.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            result = subprocess.run([sys.executable, "-c", _MEASURE, str(ROOT), str(path)],
                                    capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    load, render, paths = map(float, result.stdout.split())
    return load, render, paths


# --- sizes -------------------------------------------------------------------------------

def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weights(site: Path) -> dict[str, tuple[int, int, int, int]]:
    """page -> (html bytes, html gzip, html + assets bytes, html + assets gzip)."""
    weights = {}
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith("offline/"):
            continue
        raw = html.read_bytes()
        soup = BeautifulSoup(raw, "html.parser")
        refs = {t["href"] for t in soup.select('link[rel~="stylesheet"][href], link[rel~="icon"][href]')}
        refs |= {t["src"] for t in soup.select("script[src], img[src]")}
        total, total_gz = len(raw), gz(raw)
        for ref in refs:
            if "://" in ref or ref.startswith("data:"):
                continue
            path = ref.split("#")[0].split("?")[0]
            # Material's 404 page links from the site's root path (/<repo>/assets/...).
            target = site / path.lstrip("/").split("/", 1)[-1] if path.startswith("/") else html.parent / path
            if target.is_file():
                data = target.read_bytes()
                total, total_gz = total + len(data), total_gz + gz(data)
        weights[rel] = (len(raw), gz(raw), total, total_gz)
    return weights


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


# --- the bare Material site ----------------------------------------------------------------

def bare_material_project(dest: Path, site: Path) -> Path:
    """The same pages as plain Markdown of the same text, Material with no macros or hooks."""
    docs = dest / "docs"
    nav = []
    for html in sorted(site.rglob("index.html")):
        rel = html.relative_to(site).parent.as_posix()
        if rel.startswith(("offline", "search")):
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        title = soup.title.get_text(strip=True).split(" - ")[0] if soup.title else rel
        body = "\n\n".join(line.strip() for line in article.get_text("\n").splitlines() if line.strip())
        md = Path("index.md") if rel == "." else Path(rel) / "index.md"
        (docs / md).parent.mkdir(parents=True, exist_ok=True)
        (docs / md).write_text(f"---\ntitle: \"{title.replace(chr(34), '')}\"\n---\n\n{body}\n", encoding="utf-8")
        nav.append({title.replace(":", " ") or "Home": md.as_posix()})
    config = {"site_name": "Bare Material", "site_url": "https://example.org/", "use_directory_urls": True,
              "theme": {"name": "material", "font": False, "features": ["navigation.indexes"]},
              "plugins": ["search"], "nav": nav}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


# --- main ----------------------------------------------------------------------------------

RESULTS = ROOT / "notes" / "benchmark-latest.txt"  # the last run, as printed (notes/benchmark.md reads it)


class _Tee(io.TextIOBase):
    """What the benchmark prints, on the terminal and into RESULTS."""

    def __init__(self, *streams):
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
            stream.flush()
        return len(text)


def main(argv: list[str] | None = None) -> int:
    with RESULTS.open("w", encoding="utf-8") as results, contextlib.redirect_stdout(_Tee(sys.stdout, results)):
        return measure(argv)


def measure(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per measurement (first is cold)")
    parser.add_argument("--scales", default="10,100,1000", help="protocol sizes, in copies of the real one")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a scale's measurement is stopped")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",") if s]

    with tempfile.TemporaryDirectory(prefix="ht-bench-") as tmp:
        tmp = Path(tmp)
        project = project_copy(tmp / "real")
        site = tmp / "real-site"
        print(f"Benchmark of {ROOT.name} on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
              f"{args.repeat} build(s) per line, first one cold.\n")

        # 1 and 2. The real site and a bare Material site with the same pages, measured in
        # turns so that a busy machine slows both alike.
        cold, cold_output = mkdocs_build(project, site)
        has_offline = "Offline copy written" in cold_output
        bare = bare_material_project(tmp / "bare", site)
        full, offline, bare_times = [cold], [], []
        for turn in range(args.repeat):
            if turn:
                full.append(mkdocs_build(project, site)[0])
            if has_offline:
                offline.append(mkdocs_build(project, tmp / "offline-site", HT_OFFLINE_COPY="true")[0])
            bare_times.append(mkdocs_build(bare, tmp / "bare-site")[0])
        offline = offline or [0.0] * args.repeat
        site_only = [max(f - o, 0.0) for f, o in zip(full, offline)]

        print("Build times (seconds)              cold   median   fastest")
        rows = [("real site, `mkdocs build --strict`", full)]
        if has_offline:
            rows += [("  of which the offline copy", offline), ("  the site alone (difference)", site_only)]
        rows += [("bare Material, same pages", bare_times)]
        for label, times in rows:
            print(f"  {label:<32} {times[0]:6.2f}  {statistics.median(times):6.2f}   {min(times):6.2f}")
        ratio = min(site_only) / min(bare_times)
        ratio_full = min(full) / min(bare_times)
        print(f"  real site / bare Material (fastest runs): {ratio:.2f}x for the site alone "
              f"({'within' if ratio <= 1.5 else 'OVER'} the 1.5x budget); {ratio_full:.2f}x with the offline copy")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        print(f"  load average during the run: {load:.1f} on {os.cpu_count()} CPUs"
              f"{' (busy machine: timings are noisy, compare the fastest runs)' if load > (os.cpu_count() or 1) else ''}\n")

        # 3. Sizes.
        weights = page_weights(site)
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        offline_zip = sum(p.stat().st_size for p in (site / "offline").rglob("*") if p.is_file()) \
            if (site / "offline").exists() else 0
        print(f"Total site size: {kb(total)} in {sum(1 for p in site.rglob('*') if p.is_file())} files "
              f"(offline copy zip: {kb(offline_zip)})")
        print("\nPage transfer sizes                             HTML   HTML gz   +CSS/JS   +CSS/JS gz")
        for page, (html, html_gz, with_assets, with_assets_gz) in weights.items():
            print(f"  {page:<44} {kb(html):>9} {kb(html_gz):>9} {kb(with_assets):>9} {kb(with_assets_gz):>10}")
        index = site / "search" / "search_index.json"
        if index.exists():
            data = index.read_bytes()
            print(f"  {'(search index, fetched when searching)':<44} {kb(len(data)):>9} {kb(gz(data)):>9}")

        # 4. Decision page against the reference pages.
        reference = {p: w for p, w in weights.items()
                     if p == "index.html" or p.startswith(("situations/", "contacts/", "mandatory-reporting/"))}
        if DECIDE in weights and reference:
            decide = weights[DECIDE]
            heaviest = max(reference, key=lambda p: reference[p][3])
            print("\nDecision page vs reference pages (budget: < 1.1 x reference + 20 KB), transfer with CSS/JS:")
            for label, idx in (("raw", 2), ("gzip", 3)):
                ref = reference[heaviest][idx]
                budget = 1.1 * ref + 20 * 1024
                print(f"  {label:>4}: decide {kb(decide[idx])} vs {heaviest} {kb(ref)}: ratio {decide[idx] / ref:.2f}, "
                      f"budget {kb(budget)}: {'MEETS' if decide[idx] < budget else 'OVER'}")
            lightest = min(reference, key=lambda p: reference[p][3])
            ref = reference[lightest][3]
            print(f"  gzip against the lightest reference page ({lightest}, {kb(ref)}): ratio {decide[3] / ref:.2f}, "
                  f"{'MEETS' if decide[3] < 1.1 * ref + 20 * 1024 else 'OVER'} the budget")

        # 5. Scaled protocols.
        print("\nScaled protocols (the real one cloned; seconds)")
        print("  copies  questions+outcomes  file size   load+check   render   paths listing   full build"
              "   per copy: load+check, render")
        for k in [1] + scales:
            text = dump(scaled_protocol(k))
            data = yaml.load(text, Loader=yaml.BaseLoader)
            nodes = len(data["decision"]["questions"]) + len(data["decision"]["outcomes"])
            measured = measure_in_process(text, args.timeout)
            build = "-"
            if len(text.encode("utf-8")) <= MAX_BYTES:
                scaled_project = project_copy(tmp / f"scaled-{k}", text)
                seconds, _ = mkdocs_build(scaled_project, tmp / f"scaled-{k}-site")
                build = f"{seconds:.1f}"
                shutil.rmtree(scaled_project)
                shutil.rmtree(tmp / f"scaled-{k}-site")
            else:
                build = "over 1 MB limit"
            if measured is None:
                print(f"  {k:>6}  {nodes:>18}  {kb(len(text)):>9}   stopped after {args.timeout:.0f} s   {build}")
                continue
            load, render, paths = measured
            print(f"  {k:>6}  {nodes:>18}  {kb(len(text)):>9}   {load:10.2f}  {render:7.2f}   {paths:13.2f}   "
                  f"{build:>10}   {1000 * load / k:7.1f} ms, {1000 * render / k:6.1f} ms")
        # 6. Routes multiplied, the text nearly the same.
        print("\nRoutes multiplied (answers that add nothing; seconds, sizes of the English /decide/)")
        print("  routes x  routes   full build   /decide/ HTML   gzip     x 1x   screen pages   site size")
        first, sizes = None, []
        for k in (1, 10, 100):
            text = dump(multiplied_routes(k))
            routes_project = project_copy(tmp / f"routes-{k}", text)
            routes_site = tmp / f"routes-{k}-site"
            seconds, _ = mkdocs_build(routes_project, routes_site)
            decide = (routes_site / DECIDE).read_bytes()
            first = first or len(decide)
            sizes.append(len(decide))
            screens = sum(1 for p in (routes_site / "decide").rglob("index.html") if p.parent.name.isdigit())
            size = sum(p.stat().st_size for p in routes_site.rglob("*") if p.is_file())
            routes = sum(1 for line in listing_of(routes_project) if line.startswith("Then: "))
            print(f"  {k:>8}  {routes:>6}   {seconds:10.1f}   {kb(len(decide)):>13}  {kb(gz(decide)):>8}  "
                  f"{len(decide) / first:5.2f}   {screens:>12}   {kb(size):>9}")
            shutil.rmtree(routes_project)
            shutil.rmtree(routes_site)
        print("  Budget: /decide/ at 9x the routes or more within 1.5x its size at 1x: "
              + ("MEETS" if sizes[-1] <= 1.5 * sizes[0] else "OVER") + " (the widget's data holds each distinct "
              "screen once; without JavaScript each distinct screen is its own page).")

        print("\nLinear growth keeps the per-copy cost flat. A full build is measured only while the file "
              "is under the checker's 1 MB limit; above it, load+check and render are measured directly "
              "in one process (no MkDocs, no Material templates), stopped after --timeout seconds.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
