"""The ``showcase`` command: checks content without building the site."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .content import load_content
from .problems import errors
from .settings import find_settings

SUMMARY = {
    "zh": ("内容检查通过：{n} 个记录，没有发现问题。", "发现 {n} 个问题，请按提示修改后再提交。"),
    "en": ("Content OK: {n} records, no problems.", "{n} problems found: fix them before committing."),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="showcase", description="项目展示网站的内容工具")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查内容（不构建网站）")
    check.add_argument("--root", type=Path, default=Path.cwd(), help="项目文件夹（含 mkdocs.yml）")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--lang", choices=("zh", "en"), help="消息语言；默认取 mkdocs.yml 的 theme.language")
    args = parser.parse_args(argv)
    return run_check(args.root, args.format, args.lang)


def run_check(root: Path, fmt: str = "text", lang: str | None = None) -> int:
    settings = find_settings(root)
    lang = lang or settings.lang
    content = load_content(settings.repo_root, settings.content_root)
    if fmt == "json":
        print(json.dumps([p.as_dict(lang) for p in content.problems], ensure_ascii=False, indent=2))
    else:
        for problem in content.problems:
            print(problem.render(lang))
        ok, bad = SUMMARY[lang]
        failing = errors(content.problems)
        print(bad.format(n=len(failing)) if failing else ok.format(n=len(content.sources)), file=sys.stderr)
    return 1 if errors(content.problems) else 0


if __name__ == "__main__":
    sys.exit(main())
