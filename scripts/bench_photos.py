"""Benchmark of the photo pipeline against a naive Pillow loop, for ``make bench-photos``.

Why: the pipeline promises, on the 2-core build machine, cold throughput at least 3× a
naive Pillow loop's, at most 2 ms per photo when everything is cached, and peak memory
under 1 GB whatever the number of photos. This script measures all three in one run.

How: two input sets are measured one after the other, each in three phases:
- ``naive``: per photo and per width (480/960/1600, never upscaled), open, apply the EXIF
  orientation, convert to RGB, resize with LANCZOS and save as WebP and JPEG, in one process;
- ``cold``: ``process()`` into an empty cache folder (parallel, one worker per core);
- ``warm``: a new ``PhotoCache`` on the same folder and ``process()`` again (all cached).
The sets are every readable photo in ``../shared/photos`` (``broken/`` and READMEs skipped)
and ``--count`` generated 12 MP JPEGs (4000×3000, gradient and seeded noise, EXIF with an
orientation and a GPS position; one in four is a portrait stored with orientation 6). The
generated photos are written once, before any phase, and their generation is not timed
as part of the benchmark.

Sharded (``--shards N``, default 4, on the generated set): moto's S3 server on 127.0.0.1
stands in for the shared photo cache. ``store``: one process renders every photo (one
worker per core) and uploads it; ``shards``: N processes at once, each rendering its shard
(``showcase photos --shard I/N``'s selection, cores ÷ N workers each) into a second bucket,
timed from the first start to the last end; ``fetch``: a build's view, a fresh local cache
fetching every photo from that bucket (it must render none); ``metadata``: the same with
``photo_cache_fetch: metadata`` (each entry's ``meta.json`` only, the files left in the
store), with the bytes each downloaded. ``--sharded-only`` skips the other measurements.

Each phase runs in a child process of its own (this script with a hidden ``--phase``), so
that its memory is its own. Times exclude the child's start-up and imports. Memory is
reported two ways: the peak RSS of the largest single process of the phase (the child or
one of its workers, from ``getrusage``), and the sum of PSS over all the phase's processes,
sampled every 50 ms by the parent (a lower bound: a spike shorter than that can be missed).

A failed target is printed clearly, but the exit status is 0: this is a benchmark, not a test.

Usage: python scripts/bench_photos.py [--count N] [--shared DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import ExifTags, Image, ImageOps

from showcase.photos.cache import PhotoCache
import pillow_heif

from showcase.photos.inspect import PhotoIssue
from showcase.photos.pipeline import Job, in_shard, process
from showcase.photos.remote import RemoteCache, RemoteSpec
from showcase.photos.settings import PhotoSettings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared" / "photos"
GENERATED_SIZE = (4000, 3000)
PHASES = ("naive", "cold", "warm")
REMOTE_PHASES = ("store", "shard", "fetch", "metadata")
SAMPLE_SECONDS = 0.05
TARGET_SPEEDUP = 3.0
TARGET_WARM_MS = 2.0
TARGET_PEAK_MB = 1024.0


@dataclass(frozen=True)
class Measure:
    phase: str
    photos: int
    failed: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    total_pss_mb: float

    @property
    def per_second(self) -> float:
        return self.photos / self.seconds if self.seconds else float("inf")

    @property
    def ms_per_photo(self) -> float:
        return 1000 * self.seconds / self.photos if self.photos else 0.0


# ---------------------------------------------------------------- inputs


def shared_photos(folder: Path) -> list[Path]:
    """Every photo Pillow can open under ``folder``, except ``broken/`` and READMEs."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or "broken" in relative.parts or path.name.upper().startswith("README"):
            continue
        if _readable(path):
            found.append(path)
    return found


def _readable(path: Path) -> bool:
    try:
        with Image.open(path):
            return True
    except (OSError, SyntaxError, ValueError):
        return False


def generate_photos(folder: Path, count: int) -> list[Path]:
    """``count`` deterministic 12 MP JPEGs in ``folder``, written in parallel."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"gen{index:04d}.jpg" for index in range(count)]
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        list(pool.map(_write_generated, range(count), paths, chunksize=4))
    return paths


def _write_generated(seed: int, path: Path) -> None:
    _synthetic_photo(seed).save(path, "JPEG", quality=90, exif=_camera_exif(seed, _orientation_for(seed)))


def _orientation_for(seed: int) -> int:
    """One photo in four is a portrait: stored landscape, turned upright by EXIF orientation 6."""
    return 6 if seed % 4 == 3 else 1


def _synthetic_photo(seed: int) -> Image.Image:
    """A smooth colour field with grain: compresses like a photo, not like flat colour or noise."""
    rng = random.Random(seed)
    width, height = GENERATED_SIZE
    field = Image.frombytes("RGB", (8, 6), rng.randbytes(8 * 6 * 3)).resize(GENERATED_SIZE, Image.Resampling.BICUBIC)
    sky = Image.linear_gradient("L").resize(GENERATED_SIZE).convert("RGB")
    coarse = Image.frombytes("L", (width // 4, height // 4), rng.randbytes(width * height // 16))
    fine = Image.frombytes("L", GENERATED_SIZE, rng.randbytes(width * height))
    grain = Image.blend(coarse.resize(GENERATED_SIZE, Image.Resampling.BILINEAR), fine, 0.3).convert("RGB")
    return Image.blend(Image.blend(field, sky, 0.35), grain, 0.18)


def _camera_exif(seed: int, orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Bench"
    exif[ExifTags.Base.Model] = "Synthetic 12MP"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, float(seed % 60))
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 30.0)
    return exif


# ---------------------------------------------------------------- phases (in a child process)


def run_phase(phase: str, inputs: list[Path], work: Path) -> dict:
    """Do one phase and return what it measured, with the peak RSS from ``getrusage``."""
    cpu_before = _cpu_seconds(resource.RUSAGE_SELF)
    started = time.perf_counter()
    failed = naive_loop(inputs, work / "naive") if phase == "naive" else ours(inputs, work / "cache")
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds(resource.RUSAGE_SELF) - cpu_before + _cpu_seconds(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"photos": len(inputs), "failed": failed, "seconds": seconds, "cpu_seconds": cpu, "peak_rss_kib": max(own, workers)}


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def naive_loop(inputs: list[Path], out_dir: Path) -> int:
    """The baseline: one process, the photo opened and decoded again for every width."""
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = PhotoSettings()
    failed = 0
    for index, source in enumerate(inputs):
        try:
            naive_one(source, out_dir, f"{index:04d}-{source.stem}", settings)
        except (OSError, SyntaxError, ValueError):
            failed += 1
    return failed


def naive_one(source: Path, out_dir: Path, stem: str, settings: PhotoSettings) -> None:
    upright = _upright_width(source)
    for width in (w for w in settings.widths if w < upright):
        with Image.open(source) as image:
            pixels = ImageOps.exif_transpose(image).convert("RGB")
        height = max(1, round(pixels.height * width / pixels.width))
        resized = pixels.resize((width, height), Image.Resampling.LANCZOS)
        resized.save(out_dir / f"{stem}.{width}.webp", "WEBP", quality=settings.webp_quality)
        resized.save(out_dir / f"{stem}.{width}.jpg", "JPEG", quality=settings.jpeg_quality)


def _upright_width(source: Path) -> int:
    with Image.open(source) as image:
        try:
            orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        except Exception:  # malformed EXIF raises many kinds of error; treat it as upright
            orientation = 1
        return image.height if orientation in (5, 6, 7, 8) else image.width


def remote_phase(args: argparse.Namespace, inputs: list[Path]) -> dict:
    """One process of the sharded comparison: its photos through a cache backed by the store."""
    started = time.perf_counter()
    fetch = "metadata" if args.phase == "metadata" else "files"
    remote = RemoteCache(RemoteSpec(f"s3://{args.bucket}/photo-cache", args.endpoint, "path", fetch=fetch))
    cache = PhotoCache(args.work / f"{args.phase}-{args.shard.replace('/', '-')}", PhotoSettings(), remote)
    jobs = [Job(source, f"{index:04d}-{source.stem}") for index, source in enumerate(inputs)]
    if args.phase == "shard":
        shard, shards = (int(part) for part in args.shard.split("/"))
        jobs = [job for job in jobs if in_shard(cache, job, shard, shards)]
    process(jobs, cache, args.workers or None)
    return {"photos": len(jobs), "seconds": time.perf_counter() - started, "rendered": cache.rendered,
            "fetched": cache.fetched, "uploaded": cache.uploaded, "received": remote.received}


def measure_sharded(inputs: list[Path], work: Path, shards: int) -> None:
    """The sharded rows: one process against N at once, both through the local S3 server."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_EC2_METADATA_DISABLED": "true"}
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bench",
                          aws_secret_access_key="bench")
    for bucket in ("one", "sharded"):
        client.create_bucket(Bucket=bucket)
    work.mkdir(parents=True, exist_ok=True)
    listing = work / "inputs.json"
    listing.write_text(json.dumps([str(path) for path in inputs]), "utf-8")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    def start(phase: str, bucket: str, shard: str = "1/1", workers: int = 0) -> subprocess.Popen:
        command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--inputs", str(listing),
                   "--work", str(work), "--endpoint", endpoint, "--bucket", bucket, "--shard", shard, "--workers", str(workers)]
        return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)

    def wait(children: list[subprocess.Popen]) -> list[dict]:
        outputs = [child.communicate()[0] for child in children]
        if any(child.returncode for child in children):
            raise SystemExit("a sharded phase failed")
        return [json.loads(output.strip().splitlines()[-1]) for output in outputs]

    try:
        print("  running store (one process) …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        one = wait([start("store", "one")])[0]
        one_seconds = time.perf_counter() - started
        print(f"  running {shards} shards at once …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        parts = wait([start("shard", "sharded", f"{n}/{shards}", max(1, cores // shards)) for n in range(1, shards + 1)])
        shard_seconds = time.perf_counter() - started
        print("  running fetch …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        fetch = wait([start("fetch", "sharded")])[0]
        fetch_seconds = time.perf_counter() - started
        print("  running metadata-only fetch …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        metadata = wait([start("metadata", "sharded")])[0]
        metadata_seconds = time.perf_counter() - started
    finally:
        server.stop()
    print(f"\nSharded: {len(inputs)} generated photos, shared cache on moto's S3 server (127.0.0.1), {cores} cores\n")
    print(f"  {'one process, render + upload':<40}{one_seconds:8.1f} s  rendered {one['rendered']}, uploaded {one['uploaded']}")
    print(f"  {f'{shards} shard processes at once':<40}{shard_seconds:8.1f} s  rendered "
          f"{'+'.join(str(p['rendered']) for p in parts)} = {sum(p['rendered'] for p in parts)}, "
          f"uploaded {sum(p['uploaded'] for p in parts)}  ({one_seconds / shard_seconds:.2f}× one process)")
    print(f"  {'final build' + chr(39) + 's fetch (fresh local cache)':<40}{fetch_seconds:8.1f} s  fetched {fetch['fetched']}, "
          f"rendered {fetch['rendered']}, downloaded {fetch['received'] / 1e6:.2f} MB")
    print(f"  {'the same, metadata only':<40}{metadata_seconds:8.1f} s  fetched {metadata['fetched']}, "
          f"rendered {metadata['rendered']}, downloaded {metadata['received'] / 1e6:.3f} MB "
          f"({fetch['received'] / max(1, metadata['received']):.0f}× less)")
    print("  (wall times from process start to end, imports included; on one machine the shards share its cores,"
          "\n  so they show the overhead of sharding, not the speed-up of N runners)")


def ours(inputs: list[Path], cache_root: Path) -> int:
    """The pipeline through a freshly built cache object; returns how many photos it refused."""
    cache = PhotoCache(cache_root, PhotoSettings())
    jobs = [Job(source, f"{index:04d}-{source.stem}") for index, source in enumerate(inputs)]
    results = process(jobs, cache)
    return sum(1 for outcome in results.values() if isinstance(outcome, PhotoIssue) and not outcome.warning)


# ---------------------------------------------------------------- orchestration (parent)


def measure_set(inputs: list[Path], work: Path) -> list[Measure]:
    work.mkdir(parents=True, exist_ok=True)
    listing = work / "inputs.json"
    listing.write_text(json.dumps([str(path) for path in inputs]), "utf-8")
    return [measure_phase(phase, listing, work) for phase in PHASES]


def measure_phase(phase: str, listing: Path, work: Path) -> Measure:
    print(f"  running {phase} …", file=sys.stderr, flush=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--inputs", str(listing), "--work", str(work)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    sampler = PssSampler(child.pid)
    sampler.start()
    output, _ = child.communicate()
    sampler.stop()
    if child.returncode != 0:
        raise SystemExit(f"phase {phase} failed with exit status {child.returncode}")
    data = json.loads(output.strip().splitlines()[-1])
    return Measure(
        phase, data["photos"], data["failed"], data["seconds"], data["cpu_seconds"], data["peak_rss_kib"] / 1024, sampler.peak_kib / 1024
    )


class PssSampler:
    """Largest sum of PSS over a process and all its descendants, polled from /proc."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_kib = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(SAMPLE_SECONDS):
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(pid) for pid in _process_tree(self.pid)))


def _process_tree(pid: int) -> list[int]:
    pids, pending = [], [pid]
    while pending:
        current = pending.pop()
        pids.append(current)
        pending += _children(current)
    return pids


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        pass  # the process ended between two reads
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass  # the process ended between two reads
    return 0


# ---------------------------------------------------------------- report


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")]
        model = models[0] if models else model
    return (
        f"Machine: {os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
        f"Pillow {PIL.__version__}, pillow-heif {_heif_version()}"
    )


def load_average(when: str) -> str:
    """The 1-minute load: above about 0.5 before a run, something else shares the cores."""
    load = os.getloadavg()[0]
    busy = "  (other processes are using the CPU: times are noisy)" if load > 0.5 else ""
    return f"Load average {when}: {load:.2f}{busy}"


def _heif_version() -> str:
    try:
        import pillow_heif
    except ImportError:
        return "not installed"
    return pillow_heif.__version__


def table(measures: list[Measure]) -> str:
    header = ("phase", "photos", "seconds", "CPU s³", "photos/s", "ms/photo", "peak RSS MB¹", "total PSS MB²")
    rows = [header] + [
        (
            m.phase,
            str(m.photos) + (f" ({m.failed} refused)" if m.failed else ""),
            f"{m.seconds:.3f}",
            f"{m.cpu_seconds:.3f}",
            f"{m.per_second:.1f}",
            f"{m.ms_per_photo:.2f}",
            f"{m.peak_rss_mb:.0f}",
            f"{m.total_pss_mb:.0f}",
        )
        for m in measures
    ]
    widths = [max(len(row[col]) for row in rows) for col in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if col == 0 else cell.rjust(w) for col, (cell, w) in enumerate(zip(row, widths))) for row in rows]
    return "\n".join(lines)


def verdicts(measures: list[Measure]) -> list[tuple[str, str, str, bool]]:
    """(what, measured, target, passed) for each of the issue's targets."""
    by_phase = {m.phase: m for m in measures}
    naive, cold, warm = by_phase["naive"], by_phase["cold"], by_phase["warm"]
    speedup = cold.per_second / naive.per_second
    rss = max(cold.peak_rss_mb, warm.peak_rss_mb)
    pss = max(cold.total_pss_mb, warm.total_pss_mb)
    return [
        ("cold throughput ÷ naive", f"{speedup:.2f}×", f"≥ {TARGET_SPEEDUP:g}×", speedup >= TARGET_SPEEDUP),
        ("warm time per photo", f"{warm.ms_per_photo:.2f} ms", f"≤ {TARGET_WARM_MS:g} ms", warm.ms_per_photo <= TARGET_WARM_MS),
        ("peak RSS, largest process¹", f"{rss:.0f} MB", f"< {TARGET_PEAK_MB:g} MB", rss < TARGET_PEAK_MB),
        ("peak total PSS, all processes²", f"{pss:.0f} MB", f"< {TARGET_PEAK_MB:g} MB", pss < TARGET_PEAK_MB),
    ]


def report(title: str, measures: list[Measure]) -> list[str]:
    """Print one input set's table and verdicts; return the names of the failed targets."""
    print(f"\n{title}\n")
    print(table(measures))
    print("\n  ours (cold and warm) against the targets:")
    failed = []
    checks = verdicts(measures)
    width = max(len(what) for what, *_ in checks)
    for what, value, target, passed in checks:
        print(f"  {what.ljust(width)}  {value:>9}  {f'(target {target})':<20}  {'PASS' if passed else 'FAIL  <<<'}")
        if not passed:
            failed.append(f"{title.split(':')[0]}: {what} {value} (target {target})")
    return failed


FOOTNOTES = """
¹ peak RSS of the largest single process of the phase (its own process or one of its
  workers), from getrusage; pages shared between processes count in each of them.
² sum of PSS over all the phase's processes, sampled every 50 ms: a lower bound, since a
  spike shorter than that can be missed.
³ CPU time of the phase, its own process and its workers (user + system).
Times exclude each phase's process start-up and imports; every phase runs in a fresh process."""


# ---------------------------------------------------------------- entry points


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="generated 12 MP photos (default 200)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared photo corpus")
    parser.add_argument("--shards", type=int, default=4, help="shard processes in the sharded comparison (0: skip it)")
    parser.add_argument("--sharded-only", action="store_true", help="only the sharded comparison, on the generated set")
    parser.add_argument("--phase", choices=PHASES + REMOTE_PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--endpoint", help=argparse.SUPPRESS)
    parser.add_argument("--bucket", help=argparse.SUPPRESS)
    parser.add_argument("--shard", default="1/1", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def phase_main(args: argparse.Namespace) -> None:
    inputs = [Path(path) for path in json.loads(args.inputs.read_text("utf-8"))]
    if args.phase in REMOTE_PHASES:
        print(json.dumps(remote_phase(args, inputs)))
        return
    print(json.dumps(run_phase(args.phase, inputs, args.work)))


def bench_main(args: argparse.Namespace) -> None:
    print(machine())
    print(load_average("at start"))
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-photos-") as tmp:
        work = Path(tmp)
        shared = shared_photos(args.shared) if args.shared.is_dir() and not args.sharded_only else []
        if args.sharded_only:
            pass
        elif shared:
            print(f"Shared corpus: {len(shared)} readable photos in {args.shared}", file=sys.stderr)
            failed += report(f"Shared corpus: {len(shared)} photos from {args.shared}", measure_set(shared, work / "shared"))
        else:
            print(f"\nShared corpus: no readable photo in {args.shared}, skipped")
        if args.count > 0:
            generated = timed_generation(work / "generated-photos", args.count)
            title = f"Generated set: {args.count} photos at {GENERATED_SIZE[0]}×{GENERATED_SIZE[1]} (12 MP)"
            if not args.sharded_only:
                failed += report(title, measure_set(generated, work / "generated"))
            if args.shards > 0:
                measure_sharded(generated, work / "sharded", args.shards)
    print(FOOTNOTES)
    print(load_average("at end"))
    print("\n" + ("All targets met." if not failed else "FAILED targets:\n" + "\n".join(f"  - {line}" for line in failed)))


def timed_generation(folder: Path, count: int) -> list[Path]:
    print(f"Generating {count} photos at 12 MP …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    paths = generate_photos(folder, count)
    seconds = time.perf_counter() - started
    average = sum(path.stat().st_size for path in paths) / len(paths) / 1e6
    portraits = sum(1 for seed in range(count) if _orientation_for(seed) == 6)
    print(
        f"\nGenerated {count} JPEGs of 4000×3000 ({average:.1f} MB on average, {portraits} portraits"
        f" stored with EXIF orientation 6, all with GPS) in {seconds:.1f} s, not part of the benchmark."
    )
    return paths


def main(argv: list[str]) -> None:
    pillow_heif.register_heif_opener()  # the plain-Pillow baseline reads HEIC too (our code registers nothing globally)
    args = parse_args(argv)
    if args.phase:
        phase_main(args)
    else:
        bench_main(args)


if __name__ == "__main__":
    main(sys.argv[1:])
