"""What the web editor writes is what the checker accepts, proven through the editor's own UI.

The built site's /admin/ (our page, the editor's script served by the site itself, our
configuration) runs in Chromium with Decap's test backend, which keeps the repository in
``window.repoFiles``: records of every collection are made by filling the forms as staff
would, once with the required fields only and once with every field, then extracted and
checked with ``showcase check`` and a strict build, unchanged.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import ROOT, make_project, mkdocs_build
from showcase.cli import main
from showcase.photos.settings import PhotoSettings

pytestmark = pytest.mark.browser


def _repo_files() -> dict:
    """The sample content as the test backend reads it: keyed by each collection's folder
    (``content/programs``), then by the path below it as nested objects."""
    tree: dict = {}
    for path in sorted((ROOT / "content").rglob("*.md")):
        _put(tree, path.relative_to(ROOT).as_posix(), path.read_text("utf-8"))
    return tree


def _put(tree: dict, path: str, text: str) -> None:
    first, second, *rest = path.split("/")
    node = tree.setdefault(f"{first}/{second}", {})
    for part in rest[:-1]:
        node = node.setdefault(part, {})
    node[rest[-1]] = {"content": text}


@pytest.fixture(scope="module")
def editor_site(built_site, tmp_path_factory) -> Path:
    """The built site, its editor switched to the test backend with the sample content."""
    site = tmp_path_factory.mktemp("editor") / "site"
    shutil.copytree(built_site, site)
    config_path = site / "admin/config.yml"
    config = yaml.safe_load(config_path.read_text("utf-8"))
    config["backend"] = {"name": "test-repo"}
    config.pop("publish_mode")  # saved entries go straight into window.repoFiles
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return site


@pytest.fixture(scope="module")
def big_photo(tmp_path_factory) -> Path:
    """A phone-sized photo (4000 px wide, noisy so that it stays large as JPEG)."""
    path = tmp_path_factory.mktemp("photos") / "IMG_0001.jpg"
    noise = Image.effect_noise((4000, 3000), 60).convert("RGB")
    noise.save(path, quality=92)
    return path


class Editor:
    """The editor's forms, driven as staff drive them: by clicking and typing.

    Each record is made in a fresh page whose test repository holds the sample content and
    the records made before it (Decap's relation search finds nothing in a page where a
    record was already saved, a quirk of its test backend, not of the form)."""

    def __init__(self, browser, base: str, tree: dict | None = None):
        self.browser, self.base, self.tree = browser, base, tree if tree is not None else _repo_files()
        self.made: dict[str, bytes] = {}
        self.page = None
        self.page_errors: list[str] = []

    def open(self) -> None:
        if self.page is not None:
            self.page.close()
        self.page = page = self.browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        seed = f"<script>window.repoFiles = {json.dumps(self.tree, ensure_ascii=False)};</script>"

        def with_seed(route):  # the page as the site serves it, the repository's content added
            html = route.fetch().text()
            route.fulfill(body=html.replace('<script src="decap-cms.js"', seed + '<script src="decap-cms.js"'),
                          content_type="text/html; charset=utf-8")

        page.route(self.base + "admin/", with_seed)
        page.goto(self.base + "admin/")
        self.sign_in()

    def sign_in(self) -> None:
        page = self.page
        page.get_by_role("button").first.click(timeout=30000)  # the test backend's sign-in
        page.wait_for_selector("text=品牌项目", timeout=30000)

    def new(self, collection: str) -> None:
        self.open()
        self.page.evaluate(f"location.hash = '#/collections/{collection}/new'")
        self.field("draft").wait_for(state="attached", timeout=30000)

    def field(self, name: str):
        return self.page.locator(f'[id^="{name}-field-"]').last

    def type(self, name: str, text: str) -> None:
        self.field(name).fill(text)

    def choose(self, name: str, text: str) -> None:
        """A select or relation: type part of a label and take the first offered option."""
        box = self.field(name)
        box.click()
        box.type(text)
        option = self.page.locator('[id*="-option-"]').first
        option.wait_for(timeout=15000)
        option.click()

    def add(self, label: str) -> None:
        self.page.get_by_role("button", name=f"新增{label}").click()

    def toggle(self, name: str) -> None:
        self.field(name).click()

    def upload(self, path: Path) -> None:
        """The last image field of the form: open the media library, upload, use it."""
        self.page.get_by_role("button", name="选择图片").last.click()
        self.page.set_input_files('input[type="file"]', str(path))
        self.page.get_by_role("button", name="选用已选中项目").click()

    def pick(self, file: str) -> None:
        """The first image field still empty (the cover, once the photo is in) given a photo
        already uploaded with the record."""
        self.page.get_by_role("button", name="选择图片", exact=True).first.click()
        self.page.get_by_text(file, exact=True).last.click()
        self.page.get_by_role("button", name="选用已选中项目").click()

    def body(self, text: str) -> None:
        editor = self.page.locator('[data-slate-editor="true"]').last
        editor.click()
        self.page.keyboard.type(text)

    def publish(self) -> None:
        self.page.get_by_role("button", name="发布").first.click()
        self.page.get_by_text("立即发布").click()
        self.page.wait_for_function("location.hash.includes('/entries/')", timeout=30000)
        for path, data in self.files().items():
            if not (ROOT / path).exists():
                self.made[path] = data
                if path.endswith(".md"):
                    _put(self.tree, path, data.decode("utf-8"))

    def close(self) -> None:
        if self.page is not None:
            self.page.close()

    def errors(self) -> list[str]:
        return self.page.evaluate(
            "() => Array.from(document.querySelectorAll('[class*=ControlErrorsList] li')).map(e => e.textContent)")

    def files(self) -> dict[str, bytes]:
        """Every file of the test repository: text as UTF-8, uploads as their bytes."""
        found = self.page.evaluate("""async () => {
            const out = {};
            const read = blob => new Promise(done => { const r = new FileReader();
                r.onload = () => done(r.result.split(',')[1]); r.readAsDataURL(blob); });
            const walk = async (node, path) => { for (const [name, value] of Object.entries(node)) {
                const here = path ? path + '/' + name : name;
                if (value && typeof value === 'object' && 'content' in value) {
                    const c = value.content;
                    out[here] = typeof c === 'string' ? ['text', c] : ['bytes', await read(c.fileObj || c)];
                } else if (value && typeof value === 'object') { await walk(value, here); } } };
            await walk(window.repoFiles, '');
            return out; }""")
        return {path: (value.encode("utf-8") if kind == "text" else base64.b64decode(value)) for path, (kind, value) in found.items()}


def _make_records(editor: Editor, photo: Path) -> None:
    """Two records of each collection: required fields only, then every field filled."""
    editor.new("organizations")
    editor.type("name", "共青团示例县委员会")
    editor.type("region", "辽宁省/盘锦市/大洼区")
    editor.publish()
    editor.new("organizations")
    editor.type("name", "青年志愿者协会")
    editor.type("short_name", "青志协")
    editor.choose("kind", "协会")
    editor.type("region", "辽宁省/盘锦市")
    editor.choose("parent", "盘锦")
    editor.type("website", "https://example.org/qzx")
    editor.body("协会简介。")
    editor.publish()

    editor.new("programs")
    editor.type("title", "春苗计划")
    editor.choose("organization", "盘锦")
    editor.choose("category", "关爱")
    editor.type("summary", "为乡村少年提供陪伴。")
    editor.publish()
    editor.new("programs")
    editor.type("title", "青春护航乡村少年成长计划")
    editor.choose("organization", "青年志愿者协会")  # made in the editor a moment ago
    editor.choose("category", "志愿")
    editor.type("region", "辽宁省/盘锦市")
    editor.type("started", "2024")  # a year alone
    editor.choose("status", "已结束")
    editor.type("summary", "大学生志愿者每周到村小陪伴留守儿童。")
    editor.type("beneficiaries", "留守儿童")
    editor.type("partners", "团市委, 市教育局")
    editor.type("tags", "青春驿站, 留守儿童")
    editor.add("关键数据")
    editor.type("label", "结对农民工子女")
    editor.type("value", "4126余")  # as the report writes it
    editor.choose("unit", "名")
    editor.choose("kind", "受益")
    editor.type("as_of", "2013")
    editor.type("source", "1")  # the first report below
    editor.add("照片")
    editor.upload(photo)
    editor.type("alt", "志愿者和孩子们在操场上")
    editor.type("caption", "开学第一课")
    editor.type("credit", "团县委")
    editor.type("taken", "2024-03-01")
    editor.toggle("minors")
    editor.toggle("consent")
    editor.pick("img_0001.jpg")  # the editor writes file names in lower case
    editor.add("媒体报道")
    editor.type("title", "青春护航在行动")  # the report's title: the last title field
    editor.type("publisher", "盘锦日报")
    editor.type("date", "2024-05-04")
    editor.type("url", "https://example.org/news/1")
    editor.type("author", "记者")
    editor.body("项目正文。")
    editor.publish()

    editor.new("achievements")
    editor.type("title", "获评优秀项目")
    editor.type("date", "2024-06-15")
    editor.publish()
    editor.new("achievements")
    editor.type("title", "获评省级示范项目")
    editor.type("date", "2024-07-01")
    editor.choose("programs", "青春护航")
    editor.choose("organization", "青年志愿者协会")
    editor.choose("level", "省级")
    editor.type("summary", "项目获评省级示范。")
    editor.add("关键数据")
    editor.type("label", "志愿服务时长")
    editor.type("value", "1200")
    editor.choose("unit", "小时")
    editor.choose("kind", "服务时长")
    editor.add("媒体报道")
    editor.type("title", "示范项目名单公布")
    editor.type("publisher", "省青年报")
    editor.publish()

    editor.new("stories")
    editor.type("title", "第一次家访")
    editor.type("date", "2024-03-02")
    editor.publish()
    editor.new("stories")
    editor.type("title", "村小里的周末课堂")
    editor.type("date", "2024-04-06")
    editor.choose("programs", "春苗")
    editor.type("volunteers", "李华, 张明")
    editor.type("summary", "两名大学生志愿者的周末。")
    editor.add("照片")
    editor.upload(photo)
    editor.type("alt", "周末课堂上的孩子们")
    editor.body("故事正文。")
    editor.publish()


#: The records made above, at the address each must have (pinyin of the title the file is named after).
MADE = {
    "organizations/gong-qing-tuan-shi-li-xian-wei-yuan-hui/": "共青团示例县委员会",
    "organizations/qing-nian-zhi-yuan-zhe-xie-hui/": "青年志愿者协会",
    "programs/chun-miao-ji-hua/": "春苗计划",
    "programs/qing-chun-hu-hang-xiang-cun-shao-nian-cheng-zhang-ji-hua/": "青春护航乡村少年成长计划",
    "achievements/huo-ping-you-xiu-xiang-mu/": "获评优秀项目",
    "achievements/huo-ping-sheng-ji-shi-fan-xiang-mu/": "获评省级示范项目",
    "stories/di-yi-ci-jia-fang/": "第一次家访",
    "stories/cun-xiao-li-de-zhou-mo-ke-tang/": "村小里的周末课堂",
}


def test_records_made_in_the_editor_pass_check_and_a_strict_build(browser, editor_site, big_photo, tmp_path, capsys):
    from browser import serve_site

    with serve_site(editor_site) as base:
        editor = Editor(browser, base)
        _make_records(editor, big_photo)
        editor.close()
    assert editor.page_errors == []
    project = make_project(tmp_path / "project", ROOT / "content")
    new = editor.made
    assert len([p for p in new if p.endswith(".md")]) == 8, sorted(new)
    for path, data in new.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_bytes(data)
    programme = (project / "content/programs/青春护航乡村少年成长计划/index.md").read_text("utf-8")
    assert "status: ended" in programme and "kind: beneficiaries" in programme and 'started: "2024"' in programme
    assert "value: 4126余" in programme and "source: \"1\"" in programme and "minors: true" in programme and "cover: img_0001.jpg" in programme
    spring = (project / "content/programs/春苗计划/index.md").read_text("utf-8")
    assert "metrics" not in spring or "metrics: []" in spring  # lists start empty: no item was made
    assert "photos:\n  -" not in spring
    for photo in [p for p in new if p.endswith(".jpg")]:
        width = Image.open(io.BytesIO(new[photo])).width
        assert width == max(PhotoSettings().widths), (photo, width)  # scaled down in the browser
        assert len(new[photo]) < big_photo.stat().st_size / 3
    assert main(["check", "--root", str(project)]) == 0
    assert capsys.readouterr().out.strip() == ""  # not a warning either
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for url, title in MADE.items():
        html = (tmp_path / "site" / url / "index.html").read_text("utf-8")
        assert f"<h1" in html and title in html, url


def test_a_photo_without_alt_text_is_refused_by_the_editor(browser, editor_site, big_photo):
    from browser import serve_site

    with serve_site(editor_site) as base:
        editor = Editor(browser, base)
        editor.new("stories")
        page = editor.page
        editor.type("title", "没有替代文字的照片")
        editor.type("date", "2024-04-06")
        editor.add("照片")
        editor.upload(big_photo)
        page.get_by_role("button", name="发布").first.click()
        page.get_by_text("立即发布").click()
        page.wait_for_selector("text=“替代文字”是必填项", timeout=15000)
        assert "“替代文字”是必填项" in editor.errors()
        assert not any("mei-you" in path or "没有替代文字" in path for path in editor.files())
        page.close()


def test_the_editor_page_needs_no_other_host_and_lists_the_sample_programmes(browser, editor_site):
    from browser import serve_site
    from showcase.content import load_content

    titles = [p.title for p in load_content(ROOT, ROOT / "content").site.programs]
    with serve_site(editor_site) as base:
        editor = Editor(browser, base)
        editor.open()
        page = editor.page
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(request.url.split("/")[2]) if request.url.startswith("http") else None)
        page.reload()
        editor.sign_in()
        page.evaluate("location.hash = '#/collections/programs'")
        page.wait_for_selector(f"text={titles[0]}", timeout=30000)
        body = page.inner_text("body")
        assert [t for t in titles if t not in body] == []
        assert hosts == {base.split("/")[2]}
        page.close()
