"""Benchmark of our Pagefind search against Material's built-in search, for ``make bench-search``.

Why: we replaced Material's search (one lunr index of the whole site, Chinese segmented
at build time by jieba) with Pagefind, whose index is split into chunks fetched per
query. The issue sets three targets, checked here on synthetic sites in one run:
- a visitor downloads at most 1/15 of Material's bytes before seeing the first results
  of a query, at 1,000 records;
- at most 300 KB at 10,000 records;
- building the index takes at most 1/4 of the time Material's search adds to a build.

How, for each size (``--sizes``):
- ``showcase synth`` writes a project with that many records (fixed ``--seed``);
- ours: the project is built with ``search: false`` (a variant of its mkdocs.yml, nothing
  else changed), then as it is, without a previous index to reuse; the difference is the
  time search adds (Pagefind runs in its own process beside the build, so this is what it
  costs the build, not its own running time). Index on disk = the site's ``pagefind/``;
- Material: a plain config (``theme: material``, ``language: zh``, search ``lang: zh``,
  a nav holding only a home page) over a docs folder that holds a tiny index.md and
  symlinks to the same synthetic collections, so the Markdown bodies are the same.
  It is built with its search plugin and with ``plugins: []``; the difference is the
  time search adds. Index on disk = ``search/search_index.json`` (plus its gzip-6 size);
- in Chromium (Playwright), on a record page of each site served from 127.0.0.1 with an
  empty cache, each ``--query`` is typed into the search box and the script waits for
  the first results. Every response is recorded with the body length Chromium saw; those
  the search needs (ours: ``pagefind/*`` and ``search.js``; Material: its search worker,
  lunr files and ``search_index.json``) received before the results showed are summed,
  raw and as a gzip-6 size computed here (the test server does not compress; a body
  gzip cannot shrink, such as Pagefind's own pre-compressed chunks, counts at its raw size).

Material's ``search_index.json`` is fetched when the page loads, ours when the search box
gets focus, so responses are classified by address, not by when they were requested.
Byte targets are checked on both the gzip-6 and the raw sizes: the synthetic text repeats
a small vocabulary, so it compresses far better than real writing would (which flatters
Material's single JSON index far more than Pagefind's already-compressed chunks).

A failed target is printed clearly, but the exit status is 0: this is a benchmark, not a test.

Usage: python scripts/bench_search.py [--sizes 1000,10000] [--query 关爱 --query 志愿服务] [--seed 1] [--keep DIR] [--files]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import launch_chromium, serve_site  # noqa: E402 - tests/ is put on the path just above

BIN = Path(sys.executable).parent
DEFAULT_SIZES = "1000,10000"
DEFAULT_QUERIES = ["关爱", "志愿服务"]
COLLECTIONS = ("programs", "achievements", "stories", "organizations")
RESULT_TIMEOUT_MS = 600_000
TARGET_RATIO_BYTES = 15
TARGET_KB_AT_10000 = 300
TARGET_REQUESTS = 12
TARGET_RATIO_TIME = 4
OUR_SEARCH = re.compile(r"/pagefind/|/assets/javascripts/search\.js$")
MATERIAL_SEARCH = re.compile(r"/search/search_index\.json$|/assets/javascripts/(workers|lunr)/")


@dataclass(frozen=True)
class Transfer:
    query: str
    hits: int
    raw: int
    gzipped: int
    requests: int
    page_raw: int
    files: list[tuple[str, int, int]]


@dataclass
class Engine:
    name: str
    build_seconds: float
    search_seconds: float
    index_bytes: int
    index_gzipped: int | None
    site: Path
    record_path: str
    transfers: list[Transfer] = field(default_factory=list)


def gzip_size(data: bytes) -> int:
    """Bytes a server compressing with gzip level 6 would send (never more than the raw body)."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def mkdocs_build(config: Path, site: Path) -> float:
    """Build ``config`` into ``site`` (strict) and return the wall-clock seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, env=env,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build -f {config} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def synthesize(project: Path, records: int, seed: int) -> None:
    subprocess.run(
        [str(BIN / "showcase"), "synth", str(project), "--records", str(records), "--seed", str(seed), "--root", str(ROOT)],
        check=True, capture_output=True, text=True,
    )


def without_search(config: Path) -> Path:
    """A copy of the project's mkdocs.yml, next to it, with ``showcase: {search: false}``."""
    data = yaml.safe_load(config.read_text("utf-8"))
    plugins = []
    for plugin in data.get("plugins", []):
        if plugin == "showcase" or (isinstance(plugin, dict) and "showcase" in plugin):
            options = plugin["showcase"] if isinstance(plugin, dict) else None
            plugin = {"showcase": {**(options or {}), "search": False}}
        plugins.append(plugin)
    data["plugins"] = plugins
    variant = config.with_name("mkdocs.nosearch.yml")
    variant.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return variant


def first_record(site: Path) -> str:
    """Address of the first programme page of a built site, relative to its root."""
    page = min(p for p in (site / "programs").glob("*/index.html") if p.parent.name.startswith("program-"))
    return page.parent.relative_to(site).as_posix() + "/"


def measure_ours(project: Path, work: Path, baseline: bool = True) -> Engine:
    """Our build with search, and (``baseline``) without it: the difference is what search adds."""
    site = work / "site-ours"
    plain = float("nan")
    if baseline:
        plain = mkdocs_build(without_search(project / "mkdocs.yml"), work / "site-ours-plain")
        shutil.rmtree(work / "site-ours-plain", ignore_errors=True)
    shutil.rmtree(project / ".cache" / "search", ignore_errors=True)  # indexed anew, not reused
    full = mkdocs_build(project / "mkdocs.yml", site)
    return Engine("ours (Pagefind)", full, full - plain, folder_size(site / "pagefind"), None, site, first_record(site))


def material_configs(content: Path, work: Path) -> tuple[Path, Path]:
    """Configs with and without Material's search over ``content``'s collections (symlinked)."""
    folder = work / "material"
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 青春品牌项目展示\n\n记录页面不在导航中，请使用搜索。\n", "utf-8")
    for name in COLLECTIONS:
        if (content / name).is_dir():
            (docs / name).symlink_to(content / name, target_is_directory=True)
    base = {
        "site_name": "青春品牌项目展示",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "zh", "font": False},
        "nav": [{"首页": "index.md"}],
    }
    configs = []
    for plugins, name in (([{"search": {"lang": "zh"}}], "mkdocs.yml"), ([], "mkdocs.nosearch.yml")):
        path = folder / name
        path.write_text(yaml.safe_dump({**base, "plugins": plugins}, allow_unicode=True, sort_keys=False), "utf-8")
        configs.append(path)
    return configs[0], configs[1]


def measure_material(content: Path, work: Path) -> Engine:
    with_search, plain = material_configs(content, work)
    site = work / "site-material"
    full = mkdocs_build(with_search, site)
    base = mkdocs_build(plain, work / "site-material-plain")
    index = (site / "search" / "search_index.json").read_bytes()
    return Engine("Material (lunr + jieba)", full, full - base, len(index), gzip_size(index), site, first_record(site))


def run_query(browser, base_url: str, engine: Engine, query: str) -> Transfer:
    """Open a record page with an empty cache, search ``query`` and total what the search fetched."""
    ours = engine.name.startswith("ours")
    pattern = OUR_SEARCH if ours else MATERIAL_SEARCH
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())
    seen: list = []
    context.on("response", lambda response: seen.append(response))
    page = context.new_page()
    try:
        page.goto(base_url + engine.record_path, wait_until="load")
        hits = _search_ours(page, query) if ours else _search_material(page, query)
        shown = len(seen)
        bodies = [(r.url, _body(r)) for r in seen[:shown]]
    finally:
        context.close()
    files = [(url.removeprefix(base_url), len(body), gzip_size(body)) for url, body in bodies
             if pattern.search(url.split("?")[0])]
    return Transfer(query, hits, sum(f[1] for f in files), sum(f[2] for f in files), len(files),
                    sum(len(body) for _, body in bodies), files)


def _search_ours(page, query: str) -> int:
    page.click("#sc-search-input")
    page.fill("#sc-search-input", query)
    page.wait_for_selector("#sc-search-results .sc-search__status", timeout=RESULT_TIMEOUT_MS)
    return page.locator("#sc-search-results a.sc-hit").count()


def _search_material(page, query: str) -> int:
    page.click("input.md-search__input")
    page.fill("input.md-search__input", query)
    page.dispatch_event("input.md-search__input", "keyup")
    page.wait_for_selector(".md-search-result__item", timeout=RESULT_TIMEOUT_MS)
    return page.locator(".md-search-result__item").count()


def _body(response) -> bytes:
    try:
        return response.body()
    except Exception:  # noqa: BLE001 - a redirect or an aborted request has no body
        return b""


def measure_browser(engines: list[Engine], queries: list[str]) -> None:
    with launch_chromium() as browser:
        for engine in engines:
            with serve_site(engine.site) as base_url:
                engine.transfers = [run_query(browser, base_url, engine, q) for q in queries]


def kb(n: float) -> str:
    return f"{n / 1024:,.1f}"


def print_files(engines: list[Engine]) -> None:
    for e in engines:
        print(f"  {e.name}, “{e.transfers[0].query}”: raw KB / gzip KB per search request")
        for url, raw, gzipped in e.transfers[0].files:
            print(f"    {kb(raw):>9} / {kb(gzipped):>8}  {url}")


def print_table(size: int, engines: list[Engine]) -> None:
    header = ["engine", "build s (full)", "s added by search", "index on disk (MB)", "bytes before first results (raw KB / gzip KB)"]
    rows = [header]
    for e in engines:
        disk = f"{e.index_bytes / 1e6:.2f}" + (f" ({e.index_gzipped / 1e6:.2f} gz)" if e.index_gzipped else "")
        t = e.transfers[0]
        rows.append([e.name, f"{e.build_seconds:.1f}", f"{e.search_seconds:.1f}", disk, f"{kb(t.raw)} / {kb(t.gzipped)}"])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    print(f"\n== {size:,} records, first query “{engines[0].transfers[0].query}” ==")
    for i, row in enumerate(rows):
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            print("-+-".join("-" * w for w in widths))
    print("queries (raw KB / gzip KB, requests, results shown; page total raw KB):")
    for e in engines:
        for t in e.transfers:
            print(f"  {e.name:<24} {t.query:<6} {kb(t.raw):>9} / {kb(t.gzipped):>8}  {t.requests:>3} req  {t.hits:>2} hits;"
                  f" page {kb(t.page_raw)}")


def check_targets(results: dict[int, tuple[Engine, ...]]) -> list[tuple[str, bool]]:
    checks = []
    for size, engines in results.items():
        ours, material = engines[0], (engines[1] if len(engines) > 1 else None)
        a = ours.transfers[0]
        if size == 1000 and material is not None:
            b = material.transfers[0]
            for label, ours_bytes, theirs in (("gzip", a.gzipped, b.gzipped), ("raw", a.raw, b.raw)):
                checks.append((f"1,000 records: our bytes ≤ 1/{TARGET_RATIO_BYTES} of Material's ({label}) — "
                               f"{kb(ours_bytes)} vs {kb(theirs)} KB (1/{theirs / ours_bytes:.1f})",
                               ours_bytes * TARGET_RATIO_BYTES <= theirs))
        if size == 10000:
            for label, ours_bytes in (("gzip", a.gzipped), ("raw", a.raw)):
                checks.append((f"10,000 records: our bytes ≤ {TARGET_KB_AT_10000} KB ({label}) — {kb(ours_bytes)} KB",
                               ours_bytes <= TARGET_KB_AT_10000 * 1024))
            checks.append((f"10,000 records: requests before the first results ≤ {TARGET_REQUESTS} — {a.requests}",
                           a.requests <= TARGET_REQUESTS))
        if material is not None:
            ratio = ours.search_seconds / material.search_seconds if material.search_seconds > 0 else float("inf")
            checks.append((f"{size:,} records: our indexing ≤ 1/{TARGET_RATIO_TIME} of Material's added time — "
                            f"{ours.search_seconds:.1f} s vs {material.search_seconds:.1f} s ({ratio:.2f}×)",
                            ratio <= 1 / TARGET_RATIO_TIME))
    return checks


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    versions = {name: _version(name) for name in ("pagefind", "pagefind_bin_extended", "mkdocs-material", "jieba")}
    return (f"machine: {os.cpu_count()} cores, {model}; Python {platform.python_version()}; "
            + ", ".join(f"{name} {v}" for name, v in versions.items()))


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def measure_size(size: int, seed: int, queries: list[str], work: Path, skip_material: bool = False) -> tuple[Engine, ...]:
    project = work / "project"
    print(f"[{size:,}] {load()}; synthesizing…", flush=True)
    synthesize(project, size, seed)
    print(f"[{size:,}] ours: build without search, then with it…", flush=True)
    engines = [measure_ours(project, work, not skip_material)]
    if not skip_material:
        print(f"[{size:,}] Material: build with and without search…", flush=True)
        engines.append(measure_material(project / "content", work))
    print(f"[{size:,}] browser…", flush=True)
    measure_browser(engines, queries)
    print(f"[{size:,}] {load()}", flush=True)
    return tuple(engines)


def load() -> str:
    """The load averages over 1, 5 and 15 minutes (the machine may be shared)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated record counts (default 1000,10000)")
    parser.add_argument("--query", action="append", help="a query (repeatable; the first is the one reported)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--files", action="store_true", help="also list each search request of the first query")
    parser.add_argument("--site", type=Path, help="measure the browser only, on this site already built by us "
                        "(bench_build.py --keep-site); --sizes then names its record count")
    parser.add_argument("--skip-material", action="store_true", help="measure our search's bytes and requests only: no Material, no build without search "
                        "(at 10,000 records those builds take many minutes)")
    args = parser.parse_args()
    try:
        import jieba  # noqa: F401 - Material segments Chinese only when jieba is importable
    except ImportError:
        sys.exit("jieba is not installed: Material would index Chinese unsegmented (pip install -r requirements.lock)")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    queries = args.query or DEFAULT_QUERIES
    print(machine(), flush=True)
    results = {}
    for size in sizes:
        if args.site:
            ours = Engine("ours (Pagefind)", float("nan"), float("nan"), folder_size(args.site / "pagefind"), None,
                          args.site, first_record(args.site))
            measure_browser([ours], queries)
            results[size] = (ours,)
        elif args.keep:
            work = args.keep / str(size)
            work.mkdir(parents=True, exist_ok=False)
            results[size] = measure_size(size, args.seed, queries, work, args.skip_material)
        else:
            with tempfile.TemporaryDirectory(prefix=f"bench-search-{size}-") as tmp:
                results[size] = measure_size(size, args.seed, queries, Path(tmp), args.skip_material)
        print_table(size, list(results[size]))
        if args.files:
            print_files(list(results[size]))
    print("\n" + machine())
    for size in sizes:
        print_table(size, list(results[size]))
    print_targets(check_targets(results))
    return 0


def print_targets(checks: list[tuple[str, bool]]) -> None:
    """PASS/FAIL per target; a benchmark reports, it never fails the run."""
    print("\ntargets:")
    for text, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    failed = [text for text, ok in checks if not ok]
    if failed:
        print(f"\n{len(failed)} target(s) FAILED (a benchmark: exit status stays 0).")


if __name__ == "__main__":
    sys.exit(main())
