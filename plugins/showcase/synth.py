"""A realistic synthetic content folder, deterministic from a seed, for benchmarks.

Records are valid against the schema (the benchmark measures building, not error
reporting) and reference each other. Their text comes in two kinds (``text``):

- ``words`` (the default, what the README's figures use): bodies, titles, names and tags
  drawn from jieba's dictionary by real word frequencies (``synth_text.py``), at the
  lengths of the seed articles: a programme body of 1,500–3,000 characters, an
  achievement or story of 600–1,500, an organization's of 200–600;
- ``phrases``: the earlier text, about fifty stock phrases recombined (programme bodies of
  600 characters, others 400), kept to compare with figures measured on it. Its small
  vocabulary flatters every search engine.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from .schema import CATEGORY_NAMES, ORG_KINDS
from .synth_text import Lexicon, load_lexicon

TEXTS = ("words", "phrases")

PROVINCES = {
    "辽宁省": ["沈阳市", "大连市", "盘锦市", "鞍山市"],
    "安徽省": ["合肥市", "滁州市", "芜湖市", "安庆市"],
    "河南省": ["郑州市", "洛阳市", "开封市", "南阳市"],
    "江西省": ["南昌市", "抚州市", "赣州市", "九江市"],
    "福建省": ["福州市", "南平市", "厦门市", "泉州市"],
    "四川省": ["成都市", "绵阳市", "宜宾市", "南充市"],
}
COUNTIES = ["城关区", "新城区", "高新区", "东湖区", "西山县", "南河县", "北岭县", "清水县"]
SUBJECTS = ["团委", "关工委", "青年志愿者协会", "社区团支部", "少工委", "青年之家", "志愿服务队", "项目专员"]
ACTIONS = ["组织开展", "持续推进", "联合举办", "精心策划", "深入实施", "探索建立", "广泛动员", "定期举办"]
OBJECTS = ["关爱留守儿童活动", "七彩课堂", "暑期社会实践", "青年交友联谊", "法治宣传进校园", "微心愿认领",
           "乡村振兴青年帮帮团", "五老志愿宣讲", "心理健康辅导", "爱心书屋建设", "困难学子助学", "社区环境整治"]
RESULTS = ["受到群众广泛好评", "覆盖全市中小学校", "形成常态化工作机制", "吸引大批青年参与", "被多家媒体报道",
           "惠及数千名青少年", "获得上级部门肯定", "成为当地知名品牌"]
PLACES = ["学校", "社区", "村（居）", "乡镇", "街道", "少年宫", "图书馆", "青年之家"]
TAGS = ["留守儿童", "农民工子女", "志愿服务", "青年交友", "乡村振兴", "心理健康", "法治教育", "助学", "社会实践", "五老"]
METRICS = [
    ("参与志愿者", "人", "volunteers"),
    ("服务青少年", "名", "beneficiaries"),
    ("志愿服务时长", "小时", "service_hours"),
    ("筹集资金", "万元", "funds_raised"),
    ("开展活动", "场", "events"),
    ("服务阵地", "个", "sites"),
]


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，"
        f"走进{rng.randint(2, 60)}个{rng.choice(PLACES)}，{rng.choice(RESULTS)}。"
    )


def _body(rng: random.Random, chars: int) -> str:
    paragraphs, text = [], ""
    while len(text) < chars:
        paragraph = "".join(_sentence(rng) for _ in range(rng.randint(3, 5)))
        paragraphs.append(paragraph)
        text += paragraph
    return "\n\n".join(paragraphs) + "\n"


class Phrases:
    """The stock-phrase text: a small, repetitive vocabulary."""

    lengths = {"programs": (600, 600), "achievements": (400, 400), "stories": (400, 400), "organizations": (200, 200)}

    def body(self, rng: random.Random, chars: int) -> str:
        return _body(rng, chars)

    def summary(self, rng: random.Random) -> str:
        return _sentence(rng)[:110]

    def program_title(self, rng: random.Random, i: int) -> str:
        return f"{rng.choice(OBJECTS)}·{rng.choice(PLACES)}行动{i}"

    def item_title(self, rng: random.Random, i: int) -> str:
        return f"{rng.choice(SUBJECTS)}{rng.choice(OBJECTS)}{rng.choice(RESULTS)}（{i}）"

    def county(self, rng: random.Random) -> str:
        return rng.choice(COUNTIES)

    def partner(self, rng: random.Random, n: int) -> str:
        return f"{rng.choice(PLACES)}{n}"

    def tags(self, rng: random.Random) -> list[str]:
        return rng.sample(TAGS, rng.randint(1, 3))

    def team(self, rng: random.Random) -> str:
        return f"{rng.choice(SUBJECTS)}志愿服务队"


class Words:
    """Text with a real vocabulary: words drawn by their frequency (``synth_text.py``)."""

    lengths = {"programs": (1500, 3000), "achievements": (600, 1500), "stories": (600, 1500), "organizations": (200, 600)}
    #: Programme titles end like real ones (关爱行动, 七彩课堂).
    ENDINGS = ("行动", "计划", "工程", "课堂", "项目", "服务队", "之家", "活动")

    def __init__(self, lexicon: Lexicon, rng: random.Random, tags: int = 300):
        self.lexicon = lexicon
        # a site's tags are a few hundred nouns, used with their own (Zipf-like) frequencies
        self.tag_pool = sorted(set(lexicon.nouns.draw(rng, tags)))

    def body(self, rng: random.Random, chars: int) -> str:
        return self.lexicon.body(rng, chars)

    def summary(self, rng: random.Random) -> str:
        return self.lexicon.sentence(rng)[:110]

    def program_title(self, rng: random.Random, i: int) -> str:
        return f"{self.lexicon.phrase(rng, rng.randint(1, 2))}{rng.choice(self.ENDINGS)}{i}"

    def item_title(self, rng: random.Random, i: int) -> str:
        return f"{self.lexicon.place(rng)}{self.lexicon.phrase(rng, rng.randint(1, 3))}（{i}）"

    def county(self, rng: random.Random) -> str:
        return self.lexicon.place(rng) + rng.choice(("区", "县"))

    def partner(self, rng: random.Random, n: int) -> str:
        return f"{self.lexicon.place(rng)}{self.lexicon.nouns.draw(rng)[0]}{n}"

    def tags(self, rng: random.Random) -> list[str]:
        weights = [1.0 / (rank + 1) for rank in range(len(self.tag_pool))]
        return sorted(set(rng.choices(self.tag_pool, weights=weights, k=rng.randint(1, 4))))

    def team(self, rng: random.Random) -> str:
        return f"{self.lexicon.place(rng)}{self.lexicon.nouns.draw(rng)[0]}志愿服务队"


def _length(text, rng: random.Random, kind: str) -> int:
    low, high = text.lengths[kind]
    return rng.randint(low, high)


def _write(path: Path, front: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{text}---\n\n{body}", "utf-8")


def _metrics(rng: random.Random, year: int) -> list[dict]:
    chosen = rng.sample(METRICS, rng.randint(2, 4))
    return [
        {"label": label, "value": rng.randint(10, 5000), "unit": unit, "kind": kind, "as_of": year, "approx": rng.random() < 0.3}
        for label, unit, kind in chosen
    ]


def synthesize(content: Path, records: int, seed: int = 1, photos: int = 0, text: str = "words") -> dict[str, int]:
    """Write about ``records`` records into ``content`` (replacing what is there), with
    ``text`` ("words" or "phrases", see the module's docstring)."""
    if text not in TEXTS:
        raise ValueError(f"unknown text kind {text!r}: one of {', '.join(TEXTS)}")
    rng = random.Random(seed)
    writer = Words(load_lexicon(), rng) if text == "words" else Phrases()
    if content.exists():
        shutil.rmtree(content)
    organizations = max(5, records // 40)
    programs = max(1, int(records * 0.4))
    achievements = max(1, int(records * 0.35))
    stories = max(1, records - organizations - programs - achievements)
    orgs = []
    for i in range(organizations):
        province = rng.choice(list(PROVINCES))
        region = f"{province}/{rng.choice(PROVINCES[province])}/{writer.county(rng)}"
        slug = f"org-{i:04d}"
        orgs.append((slug, region))
        name = f"共青团{region.split('/')[-1]}委员会（{i}）"
        _write(content / "organizations" / f"{slug}.md",
               {"name": name, "short_name": f"团{region.split('/')[-1]}委{i}", "kind": rng.choice(ORG_KINDS), "region": region},
               writer.body(rng, _length(writer, rng, "organizations")))
    program_slugs = []
    photo_files = _photos(content, rng, photos)
    for i in range(programs):
        slug = f"program-{i:05d}"
        org, region = rng.choice(orgs)
        year = rng.randint(2012, 2024)
        front = {
            "title": writer.program_title(rng, i),
            "organization": org,
            "category": rng.choice(CATEGORY_NAMES),
            "started": year,
            "status": rng.choice(["active", "active", "ended"]),
            "summary": writer.summary(rng),
            "beneficiaries": rng.choice(["留守儿童", "农民工子女", "青年", "困难学子", "社区居民"]),
            "partners": [writer.partner(rng, n) for n in range(rng.randint(0, 3))],
            "tags": writer.tags(rng),
            "metrics": _metrics(rng, year),
            "sources": [{"title": f"{writer.program_title(rng, i)}取得实效", "publisher": rng.choice(["中国青年报", "安青网", "人民网"]), "date": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"}],
        }
        folder = content / "programs" / slug
        if photo_files:
            name = f"photo-{i:05d}.jpg"
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(photo_files[i % len(photo_files)], folder / name)
            front["cover"] = name
            front["photos"] = [{"file": name, "alt": "志愿者与孩子们在活动现场", "credit": "合成图片"}]
        _write(folder / "index.md", front, writer.body(rng, _length(writer, rng, "programs")))
        program_slugs.append(slug)
    for kind, count in (("achievements", achievements), ("stories", stories)):
        for i in range(count):
            year = rng.randint(2013, 2024)
            front = {
                "title": writer.item_title(rng, i),
                "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "programs": rng.sample(program_slugs, min(len(program_slugs), rng.randint(1, 2))),
                "summary": writer.summary(rng),
            }
            if kind == "achievements":
                front.update(organization=rng.choice(orgs)[0], level=rng.choice(["national", "provincial", "city", "county"]),
                             metrics=_metrics(rng, year))
            else:
                front["volunteers"] = [writer.team(rng)]
            _write(content / kind / f"{kind[:-1]}-{i:05d}.md", front, writer.body(rng, _length(writer, rng, kind)))
    return {"organizations": organizations, "programs": programs, "achievements": achievements, "stories": stories}


def _photos(content: Path, rng: random.Random, count: int) -> list[Path]:
    """``count`` 12 MP JPEGs with EXIF (camera, orientation, GPS), like a phone's."""
    if count <= 0:
        return []
    from PIL import Image

    folder = content.parent / ".synth-photos"
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        path = folder / f"photo-{i:04d}.jpg"
        if not path.exists():
            base = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
            noise = Image.effect_noise((4000, 3000), 40 + i % 20).convert("RGB")
            tint = Image.new("RGB", (4000, 3000), (rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200)))
            image = Image.blend(Image.blend(base, noise, 0.35), tint, 0.3)
            exif = Image.Exif()
            exif[0x010F] = "Synth"
            exif[0x0110] = "Phone 12MP"
            exif[0x0112] = 1
            exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 54.0, 26.0), 3: "E", 4: (116.0, 23.0, 29.0)})
            image.save(path, quality=88, exif=exif)
        made.append(path)
    return made
