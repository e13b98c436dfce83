"""``showcase publish``: mirror the built site to S3-compatible object storage.

Plain Python on boto3, never MkDocs, so publishing outlives the MkDocs plugins.
Aliyun OSS, Tencent COS, MinIO and AWS S3 all speak this protocol, so one command
serves every host that is not GitHub or GitLab Pages.

A deploy must never show a visitor a broken page, so the order is fixed: fingerprinted
assets first, then other assets and entry files, then HTML, and only after every
upload the objects that left the site are deleted. Only changed files are sent: the
SHA-256 of each file is stored in the object's metadata (``x-amz-meta-sha256``)
because an ETag is not a content hash once an object was uploaded in parts.

Mirroring deletes what is not in ``site/``, so a mistyped destination could wipe someone
else's files: publishing refuses a bucket root and any prefix that holds objects without our
manifest (``<prefix>.showcase-manifest.json``, written by the first publish before anything
else) unless ``--force``. Timeouts are short and retries few, so an endpoint that accepts
connections and never answers fails in about 20 seconds rather than minutes.

A federation's final build may leave its photo files in the shared photo cache (a
metadata-only build): ``site/`` then holds ``routes.PHOTOS_IN_STORE`` naming each one's
cache entry, SHA-256 and size, and those files take part in the comparison like any
other, but are only ever copied inside the store (``--photo-cache``), never uploaded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .routes import PHOTOS_IN_STORE

HASH_KEY = "sha256"
WORKERS = 8
#: Marks a prefix as written by this tool; never deleted as stale, never taken from site/.
MANIFEST = ".showcase-manifest.json"

# A stalled endpoint costs at most ATTEMPTS × (CONNECT_TIMEOUT or READ_TIMEOUT) plus the backoff
# between attempts (under a second): about 20 s. READ_TIMEOUT bounds each wait for a reply or for
# one block of an upload to be taken, not a whole upload.
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 10
ATTEMPTS = 2

IMMUTABLE = "public, max-age=31536000, immutable"
MEDIUM = "public, max-age=3600"
SHORT = "public, max-age=300"

#: Names that carry a content hash. Narrow shapes on purpose: a date such as
#: ``report.20240101.pdf`` must not be cached for a year.
FINGERPRINTED = [
    re.compile(r"\.[0-9a-f]{10}\.(\d+|og)\.[a-z0-9]+$"),  # photo variants: kitchen.2d9e3b4730.960.webp
    re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$"),  # mkdocs-material: main.57a0d79d.min.css
]
#: Pagefind names its chunks and its metadata by content hash (``zh_107fd7e.pf_fragment``,
#: ``pagefind.zh_c87fdaa634.pf_meta``). ``wasm.<language>.pagefind`` is named by language
#: only, so it changes under the same name when Pagefind is upgraded: not listed here.
PAGEFIND_HASHED = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta")
#: Documents whose address never changes while their content does: pages, feeds, sitemaps, data.
SHORT_SUFFIXES = (".html", ".htm", ".xml", ".xml.gz", ".json", ".txt", ".csv")

TEXT = {"text/html", "text/css", "text/javascript", "application/json", "application/xml", "text/plain", "text/csv",
        "application/yaml"}
TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".map": "application/json",
    ".xml": "application/xml", ".txt": "text/plain", ".csv": "text/csv", ".svg": "image/svg+xml",
    ".webp": "image/webp", ".avif": "image/avif", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".png": "image/png", ".gif": "image/gif", ".ico": "image/x-icon", ".woff2": "font/woff2",
    ".woff": "font/woff", ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
    ".yml": "application/yaml", ".yaml": "application/yaml",
    ".pf_meta": "application/octet-stream", ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream", ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}
#: Python's built-in table only: the system's /etc/mime.types differs between machines.
BUILTIN_TYPES = mimetypes.MimeTypes()


class PublishError(Exception):
    """A mistake the user can fix, reported as one line without a traceback."""


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str  # "" or ends with "/"


@dataclass(frozen=True)
class LocalFile:
    #: ``None`` for a photo file left in the shared photo cache (see the module's docstring).
    path: Path | None
    key: str
    #: ``None`` when unknown (a photo file left in an entry older than recorded sizes).
    size: int | None
    sha256: str
    content_type: str
    cache_control: str

    @property
    def rank(self) -> int:
        """Upload order: what pages point to must be there before the pages."""
        if self.content_type.startswith("text/html"):
            return 3
        return {IMMUTABLE: 0, MEDIUM: 1}.get(self.cache_control, 2)


@dataclass
class Plan:
    uploads: list[tuple[LocalFile, str]]  # file, reason: new / changed / headers
    deletes: list[str]
    unchanged: int
    manifest: str | None = None  # its key when the prefix has none yet


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``publish`` to the ``showcase`` command's subcommands."""
    parser = subparsers.add_parser("publish", help="把构建好的网站上传到 S3 兼容的对象存储（OSS、COS、MinIO、S3）")
    parser.add_argument("destination", help="s3://存储桶/前缀")
    parser.add_argument("--endpoint", help="服务地址，如 https://oss-cn-hangzhou.aliyuncs.com（省略时用 AWS 或 AWS_ENDPOINT_URL）")
    parser.add_argument("--site", type=Path, default=Path("site"), help="构建好的网站文件夹（默认 site）")
    parser.add_argument("--dry-run", action="store_true", help="只列出将上传和删除的文件，不做任何改动")
    parser.add_argument("--addressing-style", choices=("auto", "virtual", "path"), default="auto",
                        help="阿里云 OSS 用 virtual，多数 MinIO 用 path")
    parser.add_argument("--photo-cache", metavar="S3_URL",
                        help="共享照片缓存 s3://存储桶/前缀：已在其中的照片文件在存储服务内复制，不再上传")
    parser.add_argument("--cache-dir", type=Path, default=Path(".cache"),
                        help="构建用的本地缓存文件夹（默认 .cache），从中查出照片文件在共享缓存里的位置")
    parser.add_argument("--force", action="store_true",
                        help=f"也发布到存储桶根目录，或已有其他文件（没有 {MANIFEST}）的前缀：其中不属于网站的文件会被删除")
    return parser


def run(args: argparse.Namespace) -> int:
    """Entry point for ``showcase publish``: 0 on success, 1 with one line on stderr otherwise."""
    from botocore.exceptions import (BotoCoreError, ClientError, ConnectionClosedError, ConnectTimeoutError,
                                     EndpointConnectionError, ReadTimeoutError)

    where = args.endpoint or "(AWS default)"
    try:
        target = parse_destination(args.destination)
        if not target.prefix and not args.force:
            raise PublishError(f"refusing to publish to the root of bucket {target.bucket!r} (every object in it not in "
                               "the site would be deleted): give a prefix such as s3://bucket/site, or --force")
        files = scan_site(args.site, target.prefix)
        in_store, entries = photos_in_store(args.site, target.prefix, args.photo_cache)
        client = make_client(args.endpoint, args.addressing_style)
        copies = photo_copies(args.cache_dir, parse_destination(args.photo_cache), entries) if args.photo_cache else None
        files = sorted([*files, *in_store], key=lambda f: f.key)
        publish(client, target, files, dry_run=args.dry_run, force=args.force, copies=copies)
    except PublishError as error:
        return fail(str(error))
    except (ReadTimeoutError, ConnectionClosedError):
        return fail(f"the endpoint {where} did not answer (waited {READ_TIMEOUT} s, {ATTEMPTS} attempts): "
                    "check --endpoint and the service")
    except (EndpointConnectionError, ConnectTimeoutError):
        return fail(f"cannot reach the endpoint {where}: check --endpoint and the network")
    except ClientError as error:
        return fail(describe_client_error(error, target))
    except BotoCoreError as error:
        return fail(str(error))
    return 0


def fail(message: str) -> int:
    print(f"showcase publish: error: {message}", file=sys.stderr)
    return 1


def describe_client_error(error, target: Target) -> str:
    code = error.response.get("Error", {}).get("Code", "")
    if code in ("NoSuchBucket", "404"):
        return f"bucket {target.bucket!r} does not exist at this endpoint"
    if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403"):
        return f"access to bucket {target.bucket!r} refused ({code}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    message = error.response.get("Error", {}).get("Message", "")
    return f"{code or 'error'} from the storage service: {message}".rstrip(": ")


BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def parse_destination(url: str) -> Target:
    """``s3://bucket/some/prefix`` → bucket and ``some/prefix/`` (the slash keeps ``prefix-old/`` out)."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not BUCKET.match(parts.netloc or "") or parts.query or parts.fragment:
        raise PublishError(f"bad destination {url!r}: expected s3://bucket/prefix (bucket: 3-63 lowercase letters, digits, '.', '-')")
    prefix = parts.path.strip("/")
    if prefix and any(part in ("", ".", "..") for part in prefix.split("/")):
        raise PublishError(f"bad destination {url!r}: the prefix has an empty, '.' or '..' part")
    return Target(parts.netloc, f"{prefix}/" if prefix else "")


def scan_site(site: Path, prefix: str) -> list[LocalFile]:
    """Every file of the built site with its key, hash and headers."""
    if not site.is_dir():
        raise PublishError(f"no site folder at {site}: run `make build` first")
    if not (site / "index.html").is_file():
        raise PublishError(f"{site} has no index.html: refusing to publish (it would delete the live site); run `make build`")
    if (site / MANIFEST).exists():
        raise PublishError(f"{site / MANIFEST} is in the site, but that name is the publish manifest's: rename it")
    files = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel == PHOTOS_IN_STORE:
            continue  # read by photos_in_store, never published
        files.append(LocalFile(path, prefix + rel, path.stat().st_size, sha256(path), content_type(rel), cache_control(rel)))
    return files


def photos_in_store(site: Path, prefix: str, photo_cache: str | None) -> tuple[list[LocalFile], dict[str, str]]:
    """The photo files a metadata-only build left in the shared photo cache, as site files
    without a local copy, and each one's cache entry by file name; nothing for a site that
    holds all its files. Raises PublishError
    when they are there but ``--photo-cache`` does not name the cache they are in."""
    listed = site / PHOTOS_IN_STORE
    if not listed.is_file():
        return [], {}
    try:
        data = json.loads(listed.read_text("utf-8"))
        where, entries = data["photo_cache"], data["files"]
        files = [LocalFile(None, prefix + rel, entry["size"], entry["sha256"], content_type(rel), cache_control(rel))
                 for rel, entry in sorted(entries.items())]
        keys = {PurePosixPath(rel).name: entry["key"] for rel, entry in entries.items()}
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise PublishError(f"{listed} is unreadable ({error}): build the site again") from None
    if not photo_cache:
        raise PublishError(f"{site} was built with its {len(files)} photo files left in the shared photo cache {where} "
                           f"(showcase build --photo-metadata-only): add --photo-cache {where.rstrip('/')}")
    if parse_destination(photo_cache) != parse_destination(where):
        raise PublishError(f"{site}'s photo files are in the shared photo cache {where}, not in --photo-cache "
                           f"{photo_cache}: give --photo-cache {where.rstrip('/')}")
    return files, keys


def sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def content_type(rel: str) -> str:
    """The Content-Type for a site path; text types say utf-8 so Chinese never turns to mojibake."""
    name = PurePosixPath(rel).name.lower()
    if name.endswith(".gz"):
        return "application/gzip"  # sitemap.xml.gz is served as the file itself, not decoded
    suffix = PurePosixPath(name).suffix
    kind = TYPES.get(suffix) or BUILTIN_TYPES.guess_type(name, strict=False)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind in TEXT else kind


def cache_control(rel: str) -> str:
    """A year for names that change when their content does, minutes for documents, an hour otherwise."""
    name = PurePosixPath(rel).name.lower()
    if any(pattern.search(name) for pattern in FINGERPRINTED):
        return IMMUTABLE
    in_pagefind = rel.lower().startswith("pagefind/")
    if in_pagefind and name.endswith(PAGEFIND_HASHED):
        return IMMUTABLE
    if in_pagefind or name.endswith(SHORT_SUFFIXES):
        return SHORT  # pagefind.js, pagefind-entry.json, the wasm, the UI: must match the new index at once
    return MEDIUM


def check_endpoint(endpoint: str) -> None:
    """``http(s)://host[:port][/path]`` or a one-line error; botocore would raise a bare ValueError."""
    problem = f"bad endpoint {endpoint!r}: expected http(s)://host[:port]"
    try:
        parts = urlsplit(endpoint)
        port_ok = parts.port is None or 0 < parts.port  # .port raises ValueError when not a number or out of range
    except ValueError:
        raise PublishError(problem) from None
    host = parts.hostname or ""
    if (parts.scheme not in ("http", "https") or not host or not port_ok or parts.username is not None
            or parts.query or parts.fragment or any(c.isspace() for c in endpoint)
            or not re.fullmatch(r"[a-z0-9.-]+|[0-9a-f:.]+", host)):  # hostname: lowercased, IPv6 unbracketed
        raise PublishError(problem)


def make_client(endpoint: str | None, addressing_style: str = "auto", attempts: int = ATTEMPTS, workers: int = WORKERS):
    """An S3 client on the usual credential sources, failing fast when there are none.

    The photo cache (``photos/remote.py``) uses it too, with more attempts and connections."""
    import boto3
    import botocore.session
    from botocore.config import Config

    if endpoint is not None:
        check_endpoint(endpoint)
    core = botocore.session.get_session()
    # Outside AWS there is no instance metadata service; asking it stalls a missing-key error for seconds.
    core.get_component("credential_provider").remove("iam-role")
    session = boto3.session.Session(botocore_session=core)
    if session.get_credentials() is None:
        raise PublishError("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_DEFAULT_REGION)")
    config = Config(
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        retries={"total_max_attempts": attempts, "mode": "standard"},
        max_pool_connections=workers,
        s3={"addressing_style": addressing_style},
        # OSS, COS and older MinIO reject the CRC32 checksums botocore adds by default since 1.36.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    try:
        return session.client("s3", endpoint_url=endpoint, config=config)
    except ValueError as error:  # botocore's own checks of the endpoint or region
        raise PublishError(f"bad endpoint {endpoint!r}: {error}") from None


def publish(client, target: Target, files: list[LocalFile], dry_run: bool = False, out=None,
            force: bool = False, copies: PhotoCopies | None = None) -> Plan:
    """Compare, mark the prefix as ours, upload in order (assets, entries, pages), then delete what left the site.

    With ``copies``, a photo file already in the shared photo cache is copied there by the
    storage service rather than sent again."""
    out = out or sys.stdout
    copied: set[str] = set()

    def send(file: LocalFile) -> None:
        if copies is not None and copies.copy(client, target.bucket, file):
            copied.add(file.key)
        elif file.path is None:
            where = f"s3://{copies.target.bucket}/{copies.target.prefix}" if copies else "the shared photo cache"
            raise PublishError(
                f"the photo file {file.key} is not in the shared photo cache {where} with the SHA-256 the build "
                "read (missing, or damaged since): run the photo shard jobs again (showcase photos --shard I/N), "
                "then build and publish again; or build without --photo-metadata-only. No page was published.")
        else:
            upload(client, target.bucket, file)

    plan = make_plan(client, target, files, force)
    verb = "would " if dry_run else ""
    if plan.manifest:
        if not dry_run:  # first, so that a publish stopped half-way still finds the prefix its own
            write_manifest(client, target.bucket, plan.manifest)
        print(f"{verb}upload (manifest) {plan.manifest}", file=out)
    with ThreadPoolExecutor(WORKERS) as pool:
        for rank in range(4):
            batch = [(f, why) for f, why in plan.uploads if f.rank == rank]
            if not dry_run:
                list(pool.map(lambda item: send(item[0]), batch))
            for file, why in batch:
                how = "copy" if file.key in copied or file.path is None else "upload"
                print(f"{verb}{how} ({why}) {file.key}", file=out)
        if not dry_run:
            list(pool.map(lambda key: client.delete_object(Bucket=target.bucket, Key=key), plan.deletes))
        for key in plan.deletes:
            print(f"{verb}delete (stale) {key}", file=out)
    sent = human(sum(f.size or 0 for f, _ in plan.uploads if f.key not in copied and f.path is not None))
    where = f"s3://{target.bucket}/{target.prefix}"
    if dry_run:
        print(f"dry run, nothing changed at {where}: would upload {len(plan.uploads)} ({sent}), "
              f"unchanged {plan.unchanged}, would delete {len(plan.deletes)}", file=out)
    else:
        print(f"published to {where}: uploaded {len(plan.uploads) - len(copied)} ({sent}), "
              + (f"copied {len(copied)} from the photo cache, " if copies is not None else "") +
              f"unchanged {plan.unchanged}, deleted {len(plan.deletes)}", file=out)
    return plan


def make_plan(client, target: Target, files: list[LocalFile], force: bool = False) -> Plan:
    """List the prefix once; HEAD only objects whose size matches, to read the stored hash.

    Raises PublishError when the prefix holds objects but not our manifest, unless ``force``.
    """
    from botocore.exceptions import ClientError

    remote: dict[str, int] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=target.bucket, Prefix=target.prefix):
        for item in page.get("Contents", []):
            remote[item["Key"]] = item["Size"]
    manifest = target.prefix + MANIFEST
    if remote and manifest not in remote and not force:
        raise PublishError(
            f"s3://{target.bucket}/{target.prefix} already holds {len(remote)} objects that showcase publish did not "
            f"write (no {MANIFEST}); publishing would delete those not in the site: check the destination, or --force")
    ours = remote.pop(manifest, None) is not None

    def reason(file: LocalFile) -> str | None:
        if file.key not in remote:
            return "new"
        if file.size is not None and remote[file.key] != file.size:
            return "changed"
        try:
            head = client.head_object(Bucket=target.bucket, Key=file.key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                return "new"  # deleted by someone else since the listing
            raise
        if head.get("Metadata", {}).get(HASH_KEY) != file.sha256:
            return "changed"
        if same(head.get("ContentType"), file.content_type) and same(head.get("CacheControl"), file.cache_control):
            return None
        return "headers"

    with ThreadPoolExecutor(WORKERS) as pool:
        reasons = list(pool.map(reason, files))
    uploads = sorted(((f, why) for f, why in zip(files, reasons) if why), key=lambda item: (item[0].rank, item[0].key))
    local = {f.key for f in files}
    deletes = sorted(key for key in remote if key not in local)
    return Plan(uploads, deletes, reasons.count(None), None if ours else manifest)


def write_manifest(client, bucket: str, key: str) -> None:
    """The object that marks a prefix as a mirror of a built site (see the module docstring)."""
    body = json.dumps({
        "written_by": "showcase publish",
        "meaning": "this prefix mirrors a built site/: objects that are not in the site are deleted on every publish",
    }, indent=2).encode()
    client.put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json; charset=utf-8",
                      CacheControl="no-cache")


def same(stored: str | None, wanted: str) -> bool:
    """Header values compared as services echo them: case and spaces may differ."""
    return (stored or "").replace(" ", "").lower() == wanted.replace(" ", "").lower()


@dataclass
class PhotoCopies:
    """Where each rendered photo file of the build is in the shared photo cache.

    The names come from the local cache the build used (an entry's folder is named by
    its key, as in the shared cache); a copy is made only when the cached object's
    stored SHA-256 is the site file's, so a stale or foreign object is never published."""

    target: Target
    keys: dict[str, str]  # file name → cache key

    def copy(self, client, bucket: str, file: LocalFile) -> bool:
        from botocore.exceptions import ClientError

        key = self.keys.get(PurePosixPath(file.key).name)
        if key is None:
            return False
        source = f"{self.target.prefix}{key[:2]}/{key}/{PurePosixPath(file.key).name}"
        try:
            head = client.head_object(Bucket=self.target.bucket, Key=source)
        except ClientError:
            return False  # not there (or not readable): sent as usual
        if head.get("Metadata", {}).get(HASH_KEY) != file.sha256:
            return False
        client.copy_object(
            Bucket=bucket, Key=file.key, CopySource={"Bucket": self.target.bucket, "Key": source},
            MetadataDirective="REPLACE", ContentType=file.content_type, CacheControl=file.cache_control,
            Metadata={HASH_KEY: file.sha256},
        )
        return True


def photo_copies(cache_dir: Path, target: Target, in_store: dict[str, str] | None = None) -> PhotoCopies:
    """Where each photo file is in the shared cache: the local cache's entries, and the
    entries a metadata-only build named for the files it left there."""
    from .photos.cache import entry_files

    return PhotoCopies(target, {**entry_files(cache_dir), **(in_store or {})})


def upload(client, bucket: str, file: LocalFile) -> None:
    with file.path.open("rb") as body:
        client.put_object(
            Bucket=bucket, Key=file.key, Body=body, ContentLength=file.size,
            ContentType=file.content_type, CacheControl=file.cache_control, Metadata={HASH_KEY: file.sha256},
        )


def human(size: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"
