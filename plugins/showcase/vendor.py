"""The web editor's script, fetched from the npm registry at build time and served by the site.

Where much of the audience works, public CDNs such as unpkg.com are unreachable and a page
loading its editor from one stays blank. So the build downloads the editor's package
tarball from the npm registry (the only place it needs; a mirror of it can be named),
checks it against the pinned version's sha512 integrity (the value ``npm`` records in a
lock file, so a changed or corrupted tarball is refused), keeps it in the cache folder,
and publishes its browser files under ``/admin/``. Nothing is fetched when the page runs.

Without a network and without a cached copy the build goes on: the rest of the site does
not depend on the editor, and the editor's page then says in Chinese that it is unavailable
(``EditorFiles.unavailable``). A tarball that fails its integrity check is never used.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import io
import os
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REGISTRY = "https://registry.npmjs.org/"
#: Seconds to wait for the registry before giving up for this build.
TIMEOUT = 60


@dataclass(frozen=True)
class EditorPackage:
    """One editor as published on npm: the pinned version, its integrity, and which files the browser needs."""

    key: str
    package: str
    version: str
    integrity: str
    #: The tarball's files to publish (patterns under ``package/``), and the one the page loads.
    files: tuple[str, ...]
    script: str
    label: str

    @property
    def tarball_name(self) -> str:
        return f"{self.package.rsplit('/', 1)[-1]}-{self.version}.tgz"

    def tarball_url(self, registry: str) -> str:
        return f"{registry.rstrip('/')}/{self.package}/-/{self.tarball_name}"


#: The editors a site may choose (``editor:`` in mkdocs.yml); see the README for why Decap is the default.
EDITORS = {
    "decap": EditorPackage(
        "decap", "decap-cms", "3.16.3",
        "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==",
        ("dist/decap-cms.js", "dist/*.decap-cms.js", "dist/*.wasm", "LICENSE"), "decap-cms.js", "Decap CMS",
    ),
    "sveltia": EditorPackage(
        "sveltia", "@sveltia/cms", "0.221.1",
        "sha512-J+Qoik9kGMk2L7vNpOQrnDmFRi+NB6vwJ0f657YtsxWH0P8WYSYRRSRC2pQ/jGGbVlM//Pg/WIgmkpswqoo3gQ==",
        ("dist/sveltia-cms.js", "dist/chunks/*.js", "LICENSE.txt"), "sveltia-cms.js", "Sveltia CMS",
    ),
}
DEFAULT_EDITOR = "decap"


@dataclass(frozen=True)
class EditorFiles:
    """What the build publishes for the editor: site-relative name → cached file, or why there is none."""

    package: EditorPackage
    files: dict[str, Path]
    unavailable: str = ""


def integrity_of(data: bytes) -> str:
    """npm's integrity string (Subresource Integrity form) of a tarball's bytes."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def registry_url(configured: str = "") -> str:
    """The registry to fetch from: the site's setting, else npm's own environment setting, else npm's."""
    return configured or os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY") or DEFAULT_REGISTRY


def editor_files(cache: Path, key: str, registry: str = "", fetch=None) -> EditorFiles:
    """The editor's browser files, from the cache or fetched once from the registry and checked."""
    package = EDITORS[key]
    folder = cache / "editor" / f"{package.key}-{package.version}"
    tarball = folder / package.tarball_name
    unpacked = folder / "files"
    data = tarball.read_bytes() if tarball.is_file() else None
    if data is not None and integrity_of(data) != package.integrity:
        data = None  # a damaged cache: fetched again below
    if data is None:
        url = package.tarball_url(registry_url(registry))
        try:
            data = (fetch or _download)(url)
        except (OSError, urllib.error.URLError, ValueError) as err:
            return EditorFiles(package, {}, f"无法从 npm 仓库下载 {package.package}@{package.version}（{url}）：{_reason(err)}")
        if integrity_of(data) != package.integrity:
            return EditorFiles(package, {}, f"下载的 {package.package}@{package.version} 与锁定的校验值不符，已拒绝使用")
        folder.mkdir(parents=True, exist_ok=True)
        tarball.write_bytes(data)
        _unpack(data, package, unpacked)
    elif not unpacked.is_dir():
        _unpack(data, package, unpacked)
    files = {p.relative_to(unpacked).as_posix(): p for p in sorted(unpacked.rglob("*")) if p.is_file()}
    if package.script not in files:
        _unpack(data, package, unpacked)
        files = {p.relative_to(unpacked).as_posix(): p for p in sorted(unpacked.rglob("*")) if p.is_file()}
    return EditorFiles(package, files)


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return response.read()


def _unpack(data: bytes, package: EditorPackage, target: Path) -> None:
    """The browser files out of the tarball, flattened under ``target`` as the page loads them
    (``dist/decap-cms.js`` → ``decap-cms.js``); written beside and swapped in, never half."""
    temp = target.with_name(target.name + ".new")
    if temp.exists():
        _remove(temp)
    temp.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("package/")
            if not member.isfile() or not any(fnmatch.fnmatch(name, pattern) for pattern in package.files):
                continue
            relative = name.removeprefix("dist/")
            if ".." in Path(relative).parts or relative.startswith("/"):
                continue
            out = temp / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(archive.extractfile(member).read())
    if target.exists():
        _remove(target)
    temp.rename(target)


def _remove(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()


def _reason(err: Exception) -> str:
    return str(getattr(err, "reason", None) or err)
