"""The ``showcase`` command: checks content without building the site."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from .content import load_content
from .problems import errors
from .settings import find_settings
from .synth import synthesize

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
    synth = commands.add_parser("synth", help="生成用于基准测试的合成网站")
    synth.add_argument("project", type=Path, help="要创建的项目文件夹（会覆盖其中的 content/）")
    synth.add_argument("--records", type=int, default=1000)
    synth.add_argument("--photos", type=int, default=0, help="生成的 12 MP 照片数量")
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--root", type=Path, default=Path.cwd(), help="提供 mkdocs.yml 和 theme/ 的项目")
    args = parser.parse_args(argv)
    if args.command == "synth":
        return run_synth(args.project, args.records, args.photos, args.seed, args.root)
    return run_check(args.root, args.format, args.lang)


def run_synth(project: Path, records: int, photos: int, seed: int, root: Path) -> int:
    """A buildable project: this project's mkdocs.yml and theme, synthetic content."""
    settings = find_settings(root)
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(settings.repo_root / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(settings.repo_root / "theme", project / "theme", dirs_exist_ok=True)
    counts = synthesize(project / "content", records, seed, photos)
    print(json.dumps(counts, ensure_ascii=False))
    return 0


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
