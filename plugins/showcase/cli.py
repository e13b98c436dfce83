"""The ``showcase`` command: checks, scaffolds, previews, builds and publishes the site."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from . import build_command, photos_command, publish, serve_command
from .changes import affected, changed_paths
from .content import load_content
from .problems import errors
from .settings import find_settings
from .registry import DEFAULT
from .scaffold import ScaffoldError, scaffold
from .slugs import slug_of_name
from .synth import TEXTS, synthesize

SUMMARY = {
    "zh": ("内容检查通过：{n} 个记录，没有发现问题。", "发现 {n} 个问题，请按提示修改后再提交。",
           "内容检查通过：{n} 个记录；有 {w} 条提醒，不影响发布，建议处理。"),
    "en": ("Content OK: {n} records, no problems.", "{n} problems found: fix them before committing.",
           "Content OK: {n} records; {w} warnings (they do not stop a build)."),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="showcase", description="项目展示网站的内容工具")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查内容（不构建网站）")
    check.add_argument("--root", type=Path, default=Path.cwd(), help="项目文件夹（含 mkdocs.yml）")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--lang", choices=("zh", "en"), help="消息语言；默认取 mkdocs.yml 的 theme.language")
    check.add_argument("--changed", action="store_true", help="只检查 git 显示有改动的记录（及引用它们的记录）")
    check.add_argument("--base", help="与 --changed 同用：与这个提交比较（如 origin/main）")
    new = commands.add_parser("new", help="新建一个记录模板")
    new.add_argument("kind", help=f"记录类型，英文或中文均可：{DEFAULT.command_names()}")
    new.add_argument("slug", help="网址名：小写英文字母、数字和连字符")
    new.add_argument("--root", type=Path, default=Path.cwd(), help="项目文件夹（含 mkdocs.yml）")
    synth = commands.add_parser("synth", help="生成用于基准测试的合成网站")
    synth.add_argument("project", type=Path, help="要创建的项目文件夹（会覆盖其中的 content/）")
    synth.add_argument("--records", type=int, default=1000)
    synth.add_argument("--photos", type=int, default=0, help="生成的 12 MP 照片数量")
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--root", type=Path, default=Path.cwd(), help="提供 mkdocs.yml 和 theme/ 的项目")
    synth.add_argument("--text", choices=TEXTS, default="words",
                       help="正文用词：words 按真实词频抽取（默认），phrases 为约五十个固定短语的组合（仅供对比）")
    build_command.register(commands)
    serve_command.register(commands)
    publish.register(commands)
    photos_command.register(commands)
    args = parser.parse_args(argv)
    if args.command == "build":
        return build_command.run(args)
    if args.command == "serve":
        return serve_command.run(args)
    if args.command == "publish":
        return publish.run(args)
    if args.command == "photos":
        return photos_command.run(args)
    if args.command == "synth":
        return run_synth(args.project, args.records, args.photos, args.seed, args.root, args.text)
    if args.command == "new":
        return run_new(args.root, args.kind, args.slug)
    return run_check(args.root, args.format, args.lang, args.changed, args.base)


def run_new(root: Path, kind: str, slug: str) -> int:
    settings = find_settings(root)
    try:
        path = scaffold(settings.content_root, kind, slug)
    except ScaffoldError as err:
        print(err, file=sys.stderr)
        return 1
    address = f"{path.parent.parent.name}/{slug_of_name(slug)}/" if path.name == "index.md" else f"{path.parent.name}/{slug_of_name(slug)}/"
    print(f"已新建 {path.relative_to(settings.repo_root)}（网址 {address}）。请按注释填写，然后运行 showcase check。")
    return 0


def run_synth(project: Path, records: int, photos: int, seed: int, root: Path, text: str = "words") -> int:
    """A buildable project: this project's mkdocs.yml and theme, synthetic content."""
    settings = find_settings(root)
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(settings.repo_root / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(settings.repo_root / "theme", project / "theme", dirs_exist_ok=True)
    counts = synthesize(project / "content", records, seed, photos, text)
    print(json.dumps(counts, ensure_ascii=False))
    return 0


def run_check(root: Path, fmt: str = "text", lang: str | None = None, changed: bool = False, base: str | None = None) -> int:
    settings = find_settings(root)
    lang = lang or settings.lang
    content = load_content(settings.repo_root, settings.content_root)
    problems = content.problems
    if changed:
        paths = changed_paths(settings.repo_root, base)
        if paths is None:
            print("不是 git 仓库或 git 不可用：改为检查全部内容。", file=sys.stderr)
        else:
            chosen = affected(content.sources, paths)
            problems = [p for p in problems if p.path in chosen]
    if fmt == "json":
        print(json.dumps([p.as_dict(lang) for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem.render(lang))
        ok, bad, warned = SUMMARY[lang]
        failing = errors(problems)
        if failing:
            print(bad.format(n=len(failing)), file=sys.stderr)
        else:
            print((warned if problems else ok).format(n=len(content.sources), w=len(problems)), file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(annotation(problem, lang))
    return 1 if errors(problems) else 0


def annotation(problem, lang: str) -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's line."""

    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    level = "warning" if problem.warning else "error"
    title = escape(problem.field or "content", prop=True)
    return f"::{level} file={escape(problem.path, True)},line={problem.line},title={title}::{escape(problem.message(lang))}"


if __name__ == "__main__":
    sys.exit(main())
