"""Photos: upright, private, every format converted, bad input refused, cache reused."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from conftest import CORPUS, ROOT, make_project, mkdocs_build
from showcase.photos.cache import PhotoCache
from showcase.photos.inspect import PhotoIssue, probe
from showcase.photos.pipeline import Job, process
from showcase.photos.render import RenderError, render
from showcase.photos.settings import PhotoSettings

#: The real camera and phone files (SHOWCASE_SHARED_PHOTOS names another copy of them).
SHARED = Path(os.environ.get("SHOWCASE_SHARED_PHOTOS") or ROOT.parent / "shared" / "photos")
SETTINGS = PhotoSettings()


@pytest.fixture
def shared_photos() -> Path:
    """The sample photos, or a skip that says why; in CI (CI=true, or SHOWCASE_REQUIRE_BROWSER=1
    as .ci/run sets) their absence is a failure, so that a green run has really run these tests."""
    if SHARED.is_dir():
        return SHARED
    reason = f"the sample photos are missing: {SHARED} (copy shared/photos/ beside the project, or set SHOWCASE_SHARED_PHOTOS)"
    if os.environ.get("CI", "").lower() in ("true", "1") or os.environ.get("SHOWCASE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


needs_shared = pytest.mark.usefixtures("shared_photos")


def _render(tmp_path: Path, source: Path, key: str = "k" * 32):
    out = tmp_path / source.stem
    out.mkdir()
    return out, render(source, out, source.stem.lower(), key, SETTINGS, og=True)


def _difference(a: Image.Image, b: Image.Image) -> float:
    b = b.resize(a.size)
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


@needs_shared
@pytest.mark.parametrize("shape", ["landscape", "portrait"])
@pytest.mark.parametrize("orientation", range(2, 9))
def test_every_orientation_comes_out_upright(tmp_path, shape, orientation):
    ref_dir, reference = _render(tmp_path, SHARED / "orientation" / f"{shape}_1.jpg")
    out, rendered = _render(tmp_path, SHARED / "orientation" / f"{shape}_{orientation}.jpg")
    assert (rendered.width, rendered.height) == (reference.width, reference.height)
    for ours, theirs in zip(rendered.variants, reference.variants):
        assert (ours.width, ours.height) == (theirs.width, theirs.height)
        with Image.open(out / ours.name) as a, Image.open(ref_dir / theirs.name) as b:
            assert _difference(a, b) < 8, ours.name
            # and it is not merely close to the reference by chance: a wrong turn is far away
            assert _difference(a, b.transpose(Image.Transpose.ROTATE_180)) > 2 * _difference(a, b)


@needs_shared
def test_variants_never_upscale_and_keep_the_aspect(tmp_path):
    _, big = _render(tmp_path, SHARED / "phone" / "jolla.jpg")
    assert [v.width for v in big.of("webp")] == [480, 960, 1600]
    _, small = _render(tmp_path, SHARED / "gps" / "DSCN0010.jpg")  # 640 px wide
    assert [v.width for v in small.of("jpeg")] == [480, 640]
    for variant in big.variants:
        assert abs(variant.height / variant.width - big.height / big.width) < 0.01


@needs_shared
def test_heic_from_an_iphone(tmp_path):
    out, rendered = _render(tmp_path, SHARED / "phone" / "iphone_13_pro_max.HEIC")
    assert rendered.height > rendered.width  # held upright, in portrait
    with Image.open(out / rendered.of("webp")[-1].name) as image:
        assert image.format == "WEBP" and image.width == 1600


@needs_shared
def test_unusual_formats_convert_cleanly(tmp_path):
    out, rendered = _render(tmp_path, SHARED / "formats" / "transparent.png")
    with Image.open(out / rendered.of("webp")[0].name) as webp, Image.open(out / rendered.of("jpeg")[0].name) as jpeg:
        assert webp.mode == "RGBA" and webp.getextrema()[3][0] == 0  # transparency kept in WebP
        assert jpeg.mode == "RGB"
        transparent = next((x, y) for x in range(webp.width) for y in range(webp.height) if webp.getpixel((x, y))[3] == 0)
        assert all(channel > 240 for channel in jpeg.getpixel(transparent))  # flattened onto white
    out, rendered = _render(tmp_path, SHARED / "formats" / "cmyk.jpg")
    with Image.open(out / rendered.of("jpeg")[0].name) as image:
        red, green, blue = ImageStat.Stat(image).mean
        assert image.mode == "RGB" and red > 200 and 90 < green < 170 and blue < 60  # orange, as in the scan
    out, rendered = _render(tmp_path, SHARED / "formats" / "gray16.png")
    with Image.open(out / rendered.of("jpeg")[0].name) as image:
        assert 100 < ImageStat.Stat(image).mean[0] < 135  # 30000 / 65535 of white, not clipped to white
    for name in ("palette.gif", "plain.webp"):
        out, rendered = _render(tmp_path, SHARED / "formats" / name)
        assert len(rendered.variants) >= 2


@needs_shared
@pytest.mark.parametrize("name", ["corrupted.jpg", "image00971.jpg", "image01088.jpg"])
def test_malformed_exif_is_ignored(tmp_path, name):
    _, rendered = _render(tmp_path, SHARED / "odd-exif" / name)
    assert rendered.variants


@needs_shared
@pytest.mark.parametrize(
    ("name", "code"),
    [("empty.jpg", "photo_empty"), ("not-an-image.jpg", "photo_unreadable"),
     ("truncated.jpg", "photo_truncated"), ("bomb.png", "photo_too_many_pixels")],
)
def test_bad_files_are_refused_quickly(tmp_path, name, code):
    started = time.perf_counter()
    with pytest.raises(RenderError) as refused:
        _render(tmp_path, SHARED / "broken" / name)
    assert refused.value.issue.code == code
    assert time.perf_counter() - started < 2  # refused from the header, not decoded


def test_damaged_pixel_data_is_an_error_not_a_crash(tmp_path):
    good = tmp_path / "good.png"
    Image.linear_gradient("L").resize((400, 300)).save(good)
    data = bytearray(good.read_bytes())
    start = data.index(b"IDAT") + 20
    data[start : start + 200] = b"\xff" * 200
    bad = tmp_path / "bad.png"
    bad.write_bytes(bytes(data))
    assert not isinstance(probe(bad, SETTINGS), PhotoIssue)  # the header is fine
    with pytest.raises(RenderError) as refused:
        render(bad, tmp_path, "bad", "k" * 32, SETTINGS)
    assert refused.value.issue.code == "photo_undecodable"


def _photo(path: Path, size=(800, 600), color=(200, 40, 40)) -> Path:
    Image.new("RGB", size, color).save(path, quality=85)
    return path


def test_cache_reuses_renders_and_prunes_what_is_unused(tmp_path):
    photos = [_photo(tmp_path / f"p{i}.jpg", color=(i * 40, 80, 120)) for i in range(3)]
    jobs = [Job(p, p.stem) for p in photos]
    first = PhotoCache(tmp_path / "cache", SETTINGS)
    results = process(jobs, first, workers=2)
    assert (first.hits, first.misses) == (0, 3)
    second = PhotoCache(tmp_path / "cache", SETTINGS)
    again = process(jobs, second)
    assert (second.hits, second.misses) == (3, 0)
    assert again == results
    # a changed setting is a different cache entry
    other = PhotoCache(tmp_path / "cache", PhotoSettings(webp_quality=50))
    process(jobs[:1], other)
    assert other.misses == 1
    # an entry without its meta.json (a killed build) is not trusted
    key = second.key(photos[0], stem=photos[0].stem)
    (second.folder(key) / "meta.json").unlink()
    third = PhotoCache(tmp_path / "cache", SETTINGS)
    process(jobs, third)
    assert (third.hits, third.misses) == (2, 1)
    assert third.prune() >= 1  # the entry rendered with other settings was not used
    assert not other.folder(other.key(photos[0], stem=photos[0].stem)).exists()


def test_warm_cache_does_not_read_unchanged_photos(tmp_path, monkeypatch):
    photo = _photo(tmp_path / "p.jpg")
    process([Job(photo, "p")], PhotoCache(tmp_path / "cache", SETTINGS))
    import showcase.photos.cache as cache_module

    monkeypatch.setattr(cache_module, "_sha256", lambda path: pytest.fail("re-hashed an unchanged photo"))
    warm = PhotoCache(tmp_path / "cache", SETTINGS)
    process([Job(photo, "p")], warm)
    assert warm.hits == 1


# -- the built site ---------------------------------------------------------------------

ORIGINAL_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic"}


def test_no_published_image_carries_metadata(built_site):
    images = [p for p in built_site.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".webp", ".png")]
    assert len(images) > 30
    for path in images:
        raw = path.read_bytes()
        for marker in (b"Exif\x00\x00", b"http://ns.adobe.com/xap", b"GPS", b"Photoshop 3.0", b"ICC_PROFILE"):
            assert marker not in raw, f"{path.name} carries {marker!r}"
        with Image.open(path) as image:
            assert len(image.getexif()) == 0, path.name
            assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(image.info), path.name


def test_originals_are_never_published(built_site):
    originals = [p for p in (ROOT / "content").rglob("*") if p.suffix.lower() in ORIGINAL_SUFFIXES]
    assert originals
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in originals}
    sizes = {p.stat().st_size for p in originals}
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix.lower() in ORIGINAL_SUFFIXES:
            assert hashlib.sha256(path.read_bytes()).hexdigest() not in digests, path
            assert path.stat().st_size not in sizes, path
    for original in originals:
        assert not (built_site / original.relative_to(ROOT / "content")).exists(), original


def test_pages_use_responsive_pictures(built_site):
    html = (built_site / "programs/panjin-guanai-xingdong/index.html").read_text("utf-8")
    assert '<source type="image/webp" srcset="' in html
    cover = html[html.index('class="sc-cover"') - 600 : html.index('class="sc-cover"') + 400]
    assert 'fetchpriority="high"' in cover and "width=" in cover and "height=" in cover
    gallery = html[html.index('class="sc-gallery"') :]
    assert 'loading="lazy"' in gallery and 'decoding="async"' in gallery
    assert "background-color:#" in gallery and "data:image/webp;base64," in gallery
    story = (built_site / "stories/panjin-qicai-ketang/index.html").read_text("utf-8")
    body = story[story.index('class="sc-body"') : story.index('class="sc-gallery"')]
    assert "<picture>" in body and 'alt="热带雨林中一道细长的瀑布落入水潭，前景是红色的花"' in body


def test_cover_yields_an_open_graph_image(built_site):
    html = (built_site / "programs/panjin-guanai-xingdong/index.html").read_text("utf-8")
    url = html.split('<meta property="og:image" content="')[1].split('"')[0]
    path = built_site / url.split("/showcase/", 1)[1]
    with Image.open(path) as image:
        assert image.size == (1200, 630)


def test_a_broken_photo_fails_the_strict_build_and_is_not_published(tmp_path):
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    folder = root / "content/programs/demo-program"
    shutil.copy(CORPUS / "bad-photos/content/programs/broken-photos/truncated.jpg", folder / "photo.jpg")
    strict = mkdocs_build(root, tmp_path / "strict")
    assert strict.returncode == 1
    assert "content/programs/demo-program/index.md:8: photos[0].file: 照片「photo.jpg」不完整" in strict.stderr
    assert "Traceback" not in strict.stderr
    preview = mkdocs_build(root, tmp_path / "preview", strict=False)
    assert preview.returncode == 0
    assert not list((tmp_path / "preview/programs").rglob("*.jpg"))


def test_second_build_hits_the_cache(tmp_path):
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    assert mkdocs_build(root, tmp_path / "one").returncode == 0
    entries = sorted(p.name for p in (root / ".cache/photos").glob("??/*"))
    stamps = {p: p.stat().st_mtime_ns for p in (root / ".cache/photos").rglob("meta.json")}
    assert entries and stamps
    assert mkdocs_build(root, tmp_path / "two").returncode == 0
    assert sorted(p.name for p in (root / ".cache/photos").glob("??/*")) == entries
    assert {p: p.stat().st_mtime_ns for p in (root / ".cache/photos").rglob("meta.json")} == stamps
    assert sorted(p.name for p in (tmp_path / "one").rglob("*.webp")) == sorted(p.name for p in (tmp_path / "two").rglob("*.webp"))


def test_one_photo_in_two_records_builds_cold(tmp_path):
    """The same bytes under two names (or in two folders) must not share one cache entry's names."""
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    photo = root / "content/programs/demo-program/photo.jpg"
    for slug, name in (("twin-a", "photo.jpg"), ("twin-b", "other-name.jpg"), ("twin-c", "photo.jpg")):
        folder = root / "content/programs" / slug
        folder.mkdir()
        shutil.copy(photo, folder / name)
        (folder / "index.md").write_text(
            f"---\ntitle: {slug}\norganization: demo-org\ncategory: 志愿服务\nsummary: 同一张照片。\ncover: {name}\n"
            f"photos:\n  - file: {name}\n    alt: 同一张照片\n---\n", "utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for slug in ("twin-a", "twin-b", "twin-c", "demo-program"):
        assert list((tmp_path / "site/programs" / slug).glob("*.webp")), slug


@needs_shared
def test_one_photo_under_several_names_is_decoded_once(tmp_path, monkeypatch):
    """Records that copy the same photo under their own names share one rendering: each
    name still gets its own files (same bytes), and only one decode happens."""
    from showcase.photos import pipeline
    from showcase.photos.cache import PhotoCache
    from showcase.photos.settings import PhotoSettings

    source = SHARED / "phone" / "jolla.jpg"
    names = []
    for i in range(3):
        copy = tmp_path / f"record-{i}" / f"photo-{i}.jpg"
        copy.parent.mkdir()
        shutil.copy(source, copy)
        names.append(copy)
    calls = []
    real = pipeline._render_one
    monkeypatch.setattr(pipeline, "_render_one", lambda *args: calls.append(args[0]) or real(*args))
    cache = PhotoCache(tmp_path / "cache", PhotoSettings())
    jobs = [pipeline.Job(path, path.stem, og=True) for path in names]
    results = pipeline.process(jobs, cache, workers=1)
    assert len(calls) == 1
    rendered = [results[path] for path in names]
    assert len({r.key for r in rendered}) == 3
    for i, r in enumerate(rendered):
        assert all(name.startswith(f"photo-{i}.") for name in r.files())
        for mine, first in zip(r.files(), rendered[0].files()):
            assert (cache.folder(r.key) / mine).read_bytes() == (cache.folder(rendered[0].key) / first).read_bytes()
    again = pipeline.process(jobs, PhotoCache(tmp_path / "cache", PhotoSettings()), workers=1)
    assert len(calls) == 1 and [again[p] for p in names] == rendered


# -- no process-wide settings; bombs and truncated files refused ------------------------

def _png_header(width: int, height: int) -> bytes:
    """A PNG that is only a header declaring ``width``×``height`` (and an end): a bomb's shape."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")


def test_photo_code_leaves_pillow_as_it_found_it(tmp_path):
    """In a fresh interpreter (this one has imported everything already): importing the photo
    modules, probing a bomb and rendering through the pipeline leave Pillow's own bomb guard
    at its default and register no plugin; our limit still refuses, with the real dimensions,
    both a header over our 50 MP (under Pillow's limit) and one far over Pillow's."""
    _photo(tmp_path / "ok.jpg")
    (tmp_path / "over-ours.png").write_bytes(_png_header(10_000, 6_000))
    (tmp_path / "over-pillows.png").write_bytes(_png_header(40_000, 40_000))
    script = f"""
import json, sys
from pathlib import Path
from PIL import Image
default = Image.MAX_IMAGE_PIXELS
from showcase.photos import cache, inspect, pipeline, render, settings
tmp = Path({str(tmp_path)!r})
found = [inspect.probe(tmp / name, settings.PhotoSettings()) for name in ("over-ours.png", "over-pillows.png")]
done = pipeline.process([pipeline.Job(tmp / "ok.jpg", "ok")], cache.PhotoCache(tmp / "cache", settings.PhotoSettings()), workers=1)
print(json.dumps({{"default": default, "after": Image.MAX_IMAGE_PIXELS, "foreign": sorted(k for k, (f, _) in Image.OPEN.items() if not f.__module__.startswith("PIL.")),
                   "found": [[f.code, f.params.get("size")] for f in found], "rendered": type(done[tmp / "ok.jpg"]).__name__}}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    import json

    report = json.loads(result.stdout)
    assert report["default"] == int(1024 * 1024 * 1024 // 4 // 3)  # Pillow's own default
    assert report["after"] == report["default"]
    assert report["foreign"] == []  # no HEIF (or other) opener registered as a side effect
    assert report["found"] == [["photo_too_many_pixels", "10000×6000"], ["photo_too_many_pixels", "40000×40000"]]
    assert report["rendered"] == "Rendered"


def _cut(source: Path, dest: Path, fraction: float) -> Path:
    data = source.read_bytes()
    dest.write_bytes(data[: int(len(data) * fraction)])
    return dest


def _generated(tmp_path: Path, fmt: str) -> Path:
    """A 1200×900 photo-like picture (noise, so the compressed data is large) in ``fmt``."""
    path = tmp_path / f"whole.{fmt.lower()}"
    Image.effect_noise((1200, 900), 60).convert("RGB").save(path, fmt)
    return path


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("fraction", [0.5, 0.97])
def test_truncated_jpeg_png_webp_are_refused(tmp_path, fmt, fraction):
    whole = _generated(tmp_path, fmt)
    assert not isinstance(probe(whole, SETTINGS), PhotoIssue)
    cut = _cut(whole, tmp_path / f"cut.{fmt.lower()}", fraction)
    issue = probe(cut, SETTINGS)
    assert isinstance(issue, PhotoIssue) and issue.code in ("photo_truncated", "photo_unreadable")
    if fmt != "WEBP":  # Pillow's WebP reader will not even open a cut file
        assert issue.code == "photo_truncated"
    with pytest.raises(RenderError) as refused:
        render(cut, tmp_path, "cut", "k" * 32, SETTINGS)
    assert refused.value.issue.code == issue.code


def test_a_png_cut_inside_its_last_chunk_is_refused(tmp_path):
    """Only IEND's checksum missing: the old "IEND near the end" test let this through."""
    whole = _generated(tmp_path, "PNG")
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:-2])
    assert probe(cut, SETTINGS).code == "photo_truncated"


def test_data_after_the_end_is_not_truncation(tmp_path):
    """A phone's motion photo is a JPEG with a video appended; some editors add bytes after
    a PNG's IEND. Both are whole pictures and must pass; cut inside the picture, they must not."""
    for fmt in ("JPEG", "PNG"):
        whole = _generated(tmp_path, fmt)
        data = whole.read_bytes()
        trailer = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40  # no end marker in it
        padded = tmp_path / f"padded.{fmt.lower()}"
        padded.write_bytes(data + trailer)
        assert not isinstance(probe(padded, SETTINGS), PhotoIssue), fmt
        cut_then_padded = tmp_path / f"cut-padded.{fmt.lower()}"
        cut_then_padded.write_bytes(data[: len(data) // 2] + trailer)
        assert probe(cut_then_padded, SETTINGS).code == "photo_truncated", fmt


@needs_shared
@pytest.mark.parametrize("fraction", [0.3, 0.9, 0.999])
def test_truncated_heic_is_refused_not_painted_green(tmp_path, fraction):
    """libheif decodes a cut HEIC without complaint and paints the missing tiles green;
    the check compares the container's declared item sizes with the file's."""
    source = SHARED / "phone" / "iphone_13_pro_max.HEIC"
    assert not isinstance(probe(source, SETTINGS), PhotoIssue)
    cut = _cut(source, tmp_path / "cut.heic", fraction)
    assert probe(cut, SETTINGS).code == "photo_truncated"
    with pytest.raises(RenderError) as refused:
        render(cut, tmp_path, "cut", "k" * 32, SETTINGS)
    assert refused.value.issue.code == "photo_truncated"


@needs_shared
def test_truncated_phone_jpeg_is_refused(tmp_path):
    cut = _cut(SHARED / "phone" / "jolla.jpg", tmp_path / "cut.jpg", 0.8)
    assert probe(cut, SETTINGS).code == "photo_truncated"


@needs_shared
def test_the_header_check_stays_fast(shared_photos):
    """``showcase check`` probes every photo every time: a few milliseconds each at most
    (measured about 1.3 ms for the 12 MP HEIC, 0.1–0.4 ms for the others)."""
    photos = [p for p in shared_photos.rglob("*") if p.is_file() and not p.name.upper().startswith("README")]
    started = time.perf_counter()
    for path in photos:
        probe(path, SETTINGS)
    assert (time.perf_counter() - started) / len(photos) < 0.02


# -- the cache never serves a render for bytes it did not hash ---------------------------

def test_an_in_place_edit_keeping_size_and_mtime_is_rendered_again(tmp_path):
    """What ``exiftool -P`` does: rewrite the orientation tag in place and put the
    modification time back. The same size and mtime must not bring back the old render."""
    photo = tmp_path / "p.jpg"
    exif = Image.Exif()
    exif[0x0112] = 1
    Image.new("RGB", (800, 600), (30, 120, 200)).save(photo, exif=exif)
    first = process([Job(photo, "p")], PhotoCache(tmp_path / "cache", SETTINGS))[photo]
    assert (first.width, first.height) == (800, 600)
    data = bytearray(photo.read_bytes())
    endian = "<" if b"II*\x00" in data else ">"
    entry = struct.pack(endian + "HHI", 0x0112, 3, 1)
    where = data.index(entry) + len(entry)
    assert struct.unpack(endian + "H", data[where : where + 2]) == (1,)
    data[where : where + 2] = struct.pack(endian + "H", 6)  # "turn 90° clockwise to show"
    before = photo.stat()
    with photo.open("r+b") as handle:  # in place: same file, same size
        handle.write(data)
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = photo.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    cache = PhotoCache(tmp_path / "cache", SETTINGS)
    second = process([Job(photo, "p")], cache)[photo]
    assert cache.misses == 1
    assert (second.width, second.height) == (600, 800)
    with Image.open(cache.folder(second.key) / second.of("jpeg")[-1].name) as image:
        assert image.size == (600, 800)


def test_without_a_change_time_every_build_hashes_once(tmp_path, monkeypatch):
    """Where ``os.stat`` has no inode change time (Windows), no stamp is trusted across
    builds: each build hashes each photo, once, however often the pipeline asks."""
    import showcase.photos.cache as cache_module

    photo = _photo(tmp_path / "p.jpg")
    hashed = []
    real = cache_module._sha256
    monkeypatch.setattr(cache_module, "_CTIME_IS_CHANGE_TIME", False)
    monkeypatch.setattr(cache_module, "_sha256", lambda path: hashed.append(path) or real(path))
    process([Job(photo, "p", og=True)], PhotoCache(tmp_path / "cache", SETTINGS))
    assert hashed == [photo]
    warm = PhotoCache(tmp_path / "cache", SETTINGS)
    process([Job(photo, "p", og=True)], warm)
    assert hashed == [photo, photo] and warm.hits == 1


def test_parallel_rendering_without_fork_or_affinity(tmp_path, monkeypatch):
    """As on Windows: no ``os.sched_getaffinity``, no fork or fork server; the pool spawns."""
    import multiprocessing

    from showcase.photos import pipeline

    monkeypatch.delattr(pipeline.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert pipeline._start_method() == "spawn" and pipeline._cores() >= 1
    photos = [_photo(tmp_path / f"p{i}.jpg", color=(i * 60, 90, 30)) for i in range(2)]
    results = process([Job(p, p.stem) for p in photos], PhotoCache(tmp_path / "cache", SETTINGS), workers=2)
    assert all(results[p].width == 800 for p in photos)


# -- the sample photos are required in CI -------------------------------------------------

@pytest.mark.parametrize(("ci", "outcome"), [("", "1 skipped"), ("true", "1 error")])
def test_missing_sample_photos_skip_locally_and_fail_in_ci(tmp_path, ci, outcome):
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "SHOWCASE_REQUIRE_BROWSER")}
    env.update(CI=ci, SHOWCASE_SHARED_PHOTOS=str(tmp_path / "nowhere"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(Path(__file__)), "-q", "-rsf", "-p", "no:cacheprovider",
         "-k", "test_heic_from_an_iphone"],
        capture_output=True, text=True, env=env, cwd=ROOT)
    assert outcome in result.stdout, result.stdout
    assert (result.returncode == 0) == (outcome == "1 skipped")
    assert "the sample photos are missing" in result.stdout
