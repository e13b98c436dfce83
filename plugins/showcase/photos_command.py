"""``showcase photos --shard I/N``: one CI job's share of the photos, rendered into the shared cache.

A federation's photos are too many for one runner (README, "Photos across CI jobs"): N
matrix jobs each run this command with their own I, and together render every photo
exactly once into the cache in object storage (``photo_cache`` in mkdocs.yml, or
``SHOWCASE_PHOTO_CACHE``). A photo's shard follows from its content and the settings
(``pipeline.in_shard``), so the jobs need not agree on anything but N. The final
``showcase build`` then fetches every photo (or, with ``--photo-metadata-only``, each
photo's description) and renders none. Nothing else is built:
no pages, no site folder. A photo a shard cannot render is reported as ``check`` would,
and the job fails, so the problem shows on the shard that met it.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path

from .build import Options, photo_cache
from .content import load_content
from .photos.pipeline import in_shard, process
from .photos.remote import FETCH_FILES, RemoteCacheError, RemoteSpec
from .pictures import photo_jobs, photo_problems
from .problems import errors
from .settings import find_settings
from .siteinfo import SiteInfo


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``photos`` to the ``showcase`` command's subcommands."""
    parser = subparsers.add_parser("photos", help="只处理照片（第 I 份，共 N 份）并存入共享照片缓存，供多个 CI 作业分担")
    parser.add_argument("--shard", required=True, help="I/N：处理 N 份中的第 I 份（I 从 1 起）")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="项目文件夹（含 mkdocs.yml）")
    parser.add_argument("--workers", type=int, default=0, help="渲染照片的进程数（默认每个核心一个）")
    return parser


def parse_shard(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match:
        return None
    shard, shards = int(match.group(1)), int(match.group(2))
    return (shard, shards) if 1 <= shard <= shards else None


def run(args: argparse.Namespace) -> int:
    shard = parse_shard(args.shard)
    if shard is None:
        return fail(f"--shard {args.shard!r} 的格式应为 I/N，且 1 ≤ I ≤ N，例如 --shard 2/4")
    settings = find_settings(args.root)
    plugin = settings.plugin
    spec = RemoteSpec.resolve(str(plugin.get("photo_cache") or ""), str(plugin.get("photo_cache_endpoint") or ""),
                              str(plugin.get("photo_cache_addressing_style") or ""), plugin.get("photo_cache_write"))
    if spec is None:
        return fail("没有设置共享照片缓存：请在 mkdocs.yml 的 showcase 插件下设置 photo_cache: s3://存储桶/前缀，"
                    "或设置环境变量 SHOWCASE_PHOTO_CACHE")
    # a shard renders: a metadata-only setting meant for the final build does not apply
    spec = dataclasses.replace(spec, fetch=FETCH_FILES)
    if not spec.url:
        return fail("没有设置共享照片缓存：请在 mkdocs.yml 的 showcase 插件下设置 photo_cache: s3://存储桶/前缀，"
                    "或设置环境变量 SHOWCASE_PHOTO_CACHE")
    if not spec.write:
        return fail("共享照片缓存设为只读（photo_cache_write 或 SHOWCASE_PHOTO_CACHE_WRITE），分片处理的结果无处存放")
    options = Options(settings.repo_root, settings.content_root, SiteInfo.of(None, "", ""),
                      settings.repo_root / str(plugin.get("cache_dir") or ".cache"), photo_cache=spec)
    content = load_content(options.repo_root, options.content_root, options.cache / "records", options.registry)
    try:
        cache = photo_cache(options)
        jobs = [job for job in photo_jobs(content.site) if in_shard(cache, job, *shard)]
        results = process(jobs, cache, args.workers or None, options.content_root)
    except RemoteCacheError as error:
        return fail(str(error))
    print(f"第 {shard[0]}/{shard[1]} 份：{len(jobs)} 张照片。{cache.summary()}", file=sys.stderr)
    failing = errors(photo_problems(content.site, results))
    for problem in failing:
        print(problem.render(settings.lang), file=sys.stderr)
    return 1 if failing else 0


def fail(message: str) -> int:
    print(f"showcase photos: {message}", file=sys.stderr)
    return 1
