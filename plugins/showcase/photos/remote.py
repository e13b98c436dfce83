"""The photo cache in S3-compatible object storage, shared by every machine that builds.

Why: a federation's hundreds of thousands of photos take days to render on one runner
and their variants are far larger than a CI cache, so CI jobs render shards of them
into a bucket (``showcase photos --shard I/N``) and the final build fetches them.

One entry per cache key, under ``<prefix><key[:2]>/<key>/``: the variants, then
``meta.json`` naming every variant with its SHA-256. Writers upload the variants first
and the metadata object last, and only when no metadata object is there yet, so an
entry becomes visible in one step, complete, and is never changed afterwards. A reader
trusts an entry only when its metadata object exists and every variant it names is
there with those bytes; anything else (a shard killed half-way, two writers racing with
different libraries) is a miss, rendered again. Objects carry their SHA-256 as
``x-amz-meta-sha256``, as ``showcase publish`` writes them, so publish can copy them.

A federation's final build need not download the variants at all when the site is
published to the same storage (``photo_cache_fetch: metadata``): it reads each entry's
``meta.json`` only (everything a page needs, and each variant's SHA-256 and size), and
``showcase publish --photo-cache`` copies the variants inside the store. The
meta-written-last rule is what lets it trust an entry from its metadata object alone;
publish checks each variant's stored SHA-256 before copying, so a damaged entry stops the
publish before any page names it.

The client, its credentials and its short timeouts are ``showcase publish``'s, with
more attempts: a build fetching thousands of objects rides out a brief outage, then
stops with one line naming the photo it could not get.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from .render import Rendered

META = "meta.json"
#: Attempts per request (botocore's standard retry mode, with backoff between them).
ATTEMPTS = 4
#: Parallel requests: downloads are small (tens of KB) and latency-bound.
WORKERS = 16

ENV_URL = "SHOWCASE_PHOTO_CACHE"
ENV_ENDPOINT = "SHOWCASE_PHOTO_CACHE_ENDPOINT"
ENV_STYLE = "SHOWCASE_PHOTO_CACHE_ADDRESSING_STYLE"
ENV_WRITE = "SHOWCASE_PHOTO_CACHE_WRITE"
ENV_FETCH = "SHOWCASE_PHOTO_CACHE_FETCH"
#: What a build takes from the shared cache: the variants too, or each entry's metadata only.
FETCH_FILES = "files"
FETCH_METADATA = "metadata"


class RemoteCacheError(Exception):
    """The store could not be used; the message is for staff, in Chinese, one line."""


@dataclass(frozen=True)
class RemoteSpec:
    """Where the shared cache is and whether this machine may add to it."""

    url: str
    endpoint: str | None = None
    addressing_style: str = "auto"
    write: bool = True
    #: ``FETCH_FILES`` or ``FETCH_METADATA`` (the variants stay in the store).
    fetch: str = FETCH_FILES

    @property
    def metadata_only(self) -> bool:
        return self.fetch == FETCH_METADATA

    @classmethod
    def resolve(cls, url: str = "", endpoint: str = "", addressing_style: str = "", write: bool | None = None,
                environ=None, fetch: str = "") -> RemoteSpec | None:
        """mkdocs.yml's options, each overridden by its environment variable (CI sets those);
        ``None`` when no cache is named. The endpoint falls back to boto3's own
        ``AWS_ENDPOINT_URL``, as ``showcase publish``'s does. Asking for metadata only
        without naming a cache gives a spec with no address, which ``RemoteCache``
        refuses with a message (silently fetching nothing would publish no photos)."""
        environ = os.environ if environ is None else environ
        url = environ.get(ENV_URL) or url
        fetch = (environ.get(ENV_FETCH) or fetch or FETCH_FILES).strip().lower()
        if not url and fetch == FETCH_FILES:
            return None
        flag = environ.get(ENV_WRITE, "").strip().lower()
        if flag:
            write = flag not in ("0", "false", "no", "off")
        return cls(url, environ.get(ENV_ENDPOINT) or endpoint or None,
                   environ.get(ENV_STYLE) or addressing_style or "auto", True if write is None else write, fetch)


@dataclass(frozen=True)
class StoredEntry:
    """One entry as its metadata object describes it: what pages need, and for each
    variant its SHA-256 and size in bytes (``None`` in entries older than sizes)."""

    rendered: Rendered
    sha256: dict[str, str]
    size: dict[str, int | None]
    #: The metadata object's own size: what reading this entry cost.
    meta_bytes: int = 0


class RemoteCache:
    """Fetch and store whole entries; every method is safe to call from many threads."""

    def __init__(self, spec: RemoteSpec, client=None):
        from .. import publish

        self.spec = spec
        #: Keys whose metadata object is there but names variants that are not: replaced
        #: by ``store`` (for every other key an existing entry is left as it is).
        self.broken: set[str] = set()
        #: Bytes downloaded (metadata objects and variants), for the build's log line.
        self.received = 0
        self._counting = threading.Lock()
        if spec.fetch not in (FETCH_FILES, FETCH_METADATA):
            raise RemoteCacheError(f"photo_cache_fetch（或 {ENV_FETCH}）只能是 {FETCH_FILES} 或 {FETCH_METADATA}，"
                                   f"而不是「{spec.fetch}」。")
        if not spec.url:
            raise RemoteCacheError(f"只取回照片描述（showcase build --photo-metadata-only，或 {ENV_FETCH}={FETCH_METADATA}）"
                                   f"需要共享照片缓存：请在 mkdocs.yml 的 showcase 插件下设置 photo_cache: s3://存储桶/前缀，"
                                   f"或设置环境变量 {ENV_URL}。")
        try:
            self.target = publish.parse_destination(spec.url)
            self.client = client or publish.make_client(spec.endpoint, spec.addressing_style, attempts=ATTEMPTS,
                                                        workers=WORKERS)
        except publish.PublishError as error:
            raise RemoteCacheError(f"照片缓存 {spec.url} 的设置有误：{error}") from None

    @property
    def where(self) -> str:
        return f"s3://{self.target.bucket}/{self.target.prefix}"

    def object_key(self, key: str, name: str) -> str:
        return f"{self.target.prefix}{key[:2]}/{key}/{name}"

    def fetch(self, key: str, into: Path) -> Rendered | None:
        """The entry's variants downloaded into ``into`` (a staging folder) and its
        description, or ``None`` when the store has no complete entry for ``key``."""
        entry = self.fetch_metadata(key)
        if entry is None:
            return None
        rendered, hashes = entry.rendered, entry.sha256
        for name in rendered.files():
            body = self._get(self.object_key(key, name))
            if body is None or hashlib.sha256(body).hexdigest() != hashes[name]:
                self.broken.add(key)  # named but missing or different: not an entry to trust
                return None
            (into / name).write_bytes(body)
        return rendered

    def fetch_metadata(self, key: str) -> StoredEntry | None:
        """The entry's description and its variants' hashes and sizes, from its metadata
        object alone (one request), or ``None`` when there is none or it is malformed.
        The variants are not looked at: they were uploaded before the metadata object."""
        meta = self._get(self.object_key(key, META))
        if meta is None:
            return None
        try:
            data = json.loads(meta)
            rendered = Rendered.from_json(json.dumps(data["rendered"]))
            hashes = data["sha256"]
            sizes = data.get("size", {})  # entries written before sizes were recorded have none
        except (ValueError, TypeError, KeyError):
            self.broken.add(key)
            return None
        if rendered.key != key or set(hashes) != set(rendered.files()) or not isinstance(sizes, dict):
            self.broken.add(key)
            return None
        return StoredEntry(rendered, hashes, {name: sizes.get(name) for name in hashes}, len(meta))

    def store(self, key: str, folder: Path, rendered: Rendered) -> bool:
        """Upload an entry rendered here: variants, then the metadata object. Nothing is
        written when the entry is already there (entries never change; another writer
        finished first), ``False`` then; an entry ``fetch`` found broken is replaced."""
        if key not in self.broken and self._exists(self.object_key(key, META)):
            return False
        hashes, sizes = {}, {}
        for name in rendered.files():
            body = (folder / name).read_bytes()
            hashes[name], sizes[name] = hashlib.sha256(body).hexdigest(), len(body)
            self.client.put_object(Bucket=self.target.bucket, Key=self.object_key(key, name), Body=body,
                                   ContentType=_content_type(name), Metadata={"sha256": hashes[name]})
        meta = json.dumps({"rendered": json.loads(rendered.to_json()), "sha256": hashes, "size": sizes},
                          sort_keys=True).encode()
        self.client.put_object(Bucket=self.target.bucket, Key=self.object_key(key, META), Body=meta,
                               ContentType="application/json", Metadata={"sha256": hashlib.sha256(meta).hexdigest()})
        return True

    def _get(self, object_key: str) -> bytes | None:
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.target.bucket, Key=object_key)["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise
        with self._counting:
            self.received += len(body)
        return body

    def _exists(self, object_key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.target.bucket, Key=object_key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise
        return True

    def explain(self, error: Exception, photo: str) -> RemoteCacheError:
        """One line for staff: which photo, which store, and what to check."""
        from botocore.exceptions import (ClientError, ConnectionClosedError, ConnectTimeoutError,
                                         EndpointConnectionError, NoCredentialsError, ReadTimeoutError)

        endpoint = self.spec.endpoint or "（AWS 默认地址或 AWS_ENDPOINT_URL）"
        if isinstance(error, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)):
            why = f"连接不上存储服务 {endpoint}（已重试 {ATTEMPTS} 次）。请检查网络和 photo_cache_endpoint 设置"
        elif isinstance(error, ClientError):
            code = error.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchBucket",):
                why = f"存储桶 {self.target.bucket} 不存在"
            elif code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403"):
                why = f"存储服务拒绝访问（{code}）。请检查 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY"
            else:
                why = f"存储服务返回错误 {code or '?'}"
        elif isinstance(error, NoCredentialsError):
            why = "没有访问密钥。请设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY"
        else:
            why = str(error) or type(error).__name__
        return RemoteCacheError(f"无法从照片缓存 {self.where} 取得或存入照片「{photo}」：{why}。")


def _content_type(name: str) -> str:
    return {"webp": "image/webp", "jpg": "image/jpeg"}.get(name.rsplit(".", 1)[-1], "application/octet-stream")
