"""A realistic synthetic content folder, deterministic from a seed, for benchmarks.

Records are valid against the schema (the benchmark measures building, not error
reporting), reference each other, and carry Chinese text of the length staff write:
a programme body of about 600 characters, an achievement or story of about 400.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from .schema import CATEGORY_NAMES, ORG_KINDS

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


def synthesize(content: Path, records: int, seed: int = 1, photos: int = 0) -> dict[str, int]:
    """Write about ``records`` records into ``content`` (replacing what is there)."""
    rng = random.Random(seed)
    if content.exists():
        shutil.rmtree(content)
    organizations = max(5, records // 40)
    programs = max(1, int(records * 0.4))
    achievements = max(1, int(records * 0.35))
    stories = max(1, records - organizations - programs - achievements)
    orgs = []
    for i in range(organizations):
        province = rng.choice(list(PROVINCES))
        region = f"{province}/{rng.choice(PROVINCES[province])}/{rng.choice(COUNTIES)}"
        slug = f"org-{i:04d}"
        orgs.append((slug, region))
        name = f"共青团{region.split('/')[-1]}委员会（{i}）"
        _write(content / "organizations" / f"{slug}.md",
               {"name": name, "short_name": f"团{region.split('/')[-1]}委{i}", "kind": rng.choice(ORG_KINDS), "region": region},
               _body(rng, 200))
    program_slugs = []
    photo_files = _photos(content, rng, photos)
    for i in range(programs):
        slug = f"program-{i:05d}"
        org, region = rng.choice(orgs)
        year = rng.randint(2012, 2024)
        front = {
            "title": f"{rng.choice(OBJECTS)}·{rng.choice(PLACES)}行动{i}",
            "organization": org,
            "category": rng.choice(CATEGORY_NAMES),
            "started": year,
            "status": rng.choice(["active", "active", "ended"]),
            "summary": _sentence(rng)[:110],
            "beneficiaries": rng.choice(["留守儿童", "农民工子女", "青年", "困难学子", "社区居民"]),
            "partners": [f"{rng.choice(PLACES)}{n}" for n in range(rng.randint(0, 3))],
            "tags": rng.sample(TAGS, rng.randint(1, 3)),
            "metrics": _metrics(rng, year),
            "sources": [{"title": f"{rng.choice(OBJECTS)}取得实效", "publisher": rng.choice(["中国青年报", "安青网", "人民网"]), "date": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"}],
        }
        folder = content / "programs" / slug
        if photo_files:
            name = f"photo-{i:05d}.jpg"
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(photo_files[i % len(photo_files)], folder / name)
            front["cover"] = name
            front["photos"] = [{"file": name, "alt": "志愿者与孩子们在活动现场", "credit": "合成图片"}]
        _write(folder / "index.md", front, _body(rng, 600))
        program_slugs.append(slug)
    for kind, count, chars in (("achievements", achievements, 400), ("stories", stories, 400)):
        for i in range(count):
            year = rng.randint(2013, 2024)
            front = {
                "title": f"{rng.choice(SUBJECTS)}{rng.choice(OBJECTS)}{rng.choice(RESULTS)}（{i}）",
                "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "programs": rng.sample(program_slugs, min(len(program_slugs), rng.randint(1, 2))),
                "summary": _sentence(rng)[:110],
            }
            if kind == "achievements":
                front.update(organization=rng.choice(orgs)[0], level=rng.choice(["national", "provincial", "city", "county"]),
                             metrics=_metrics(rng, year))
            else:
                front["volunteers"] = [f"{rng.choice(SUBJECTS)}志愿服务队"]
            _write(content / kind / f"{kind[:-1]}-{i:05d}.md", front, _body(rng, chars))
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
