"""Problems found in content, and the catalogue that words them for staff.

A problem is data (file, line, field, code, parameters); the words come last, from
``MESSAGES`` in the site's language. Every message says what is wrong and what to
write instead, because the people reading them are not programmers.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Iterable

from .registry import label_of

MESSAGES: dict[str, dict[str, str]] = {
    "encoding": {
        "zh": "文件不是 UTF-8 编码。请用 UTF-8 另存此文件。",
        "en": "the file is not UTF-8. Save it as UTF-8.",
    },
    "no_front_matter": {
        "zh": "缺少文件头。文件第一行应为 ---，其后写字段，再以 --- 结束。",
        "en": "no front matter. The first line must be ---, then the fields, then --- again.",
    },
    "yaml_syntax": {
        "zh": "文件头格式错误：这一行或上一行的冒号、缩进或引号有误。每个字段写成“字段: 值”，冒号后留一个空格，同一层的字段左边对齐。",
        "en": "front matter is not valid YAML here or on the line before: check colons, indentation and quotes.",
    },
    "fullwidth_colon": {
        "zh": "（提醒）字段名后面是全角冒号「{char}」，已按半角冒号读取。请改成：{fixed}",
        "en": "(warning) a full-width colon `{char}` follows the field name; read as a colon. Write: {fixed}",
    },
    "fullwidth_comma": {
        "zh": "（提醒）[ ] 列表中用了「{char}」分隔，已按逗号分成几项读取。请改成半角逗号：{fixed}",
        "en": "(warning) `{char}` separates the items of a [ ] list; read as commas. Write: {fixed}",
    },
    "fullwidth_indent": {
        "zh": "（提醒）行首用了全角空格「　」缩进，已按每个全角空格两个半角空格读取。请改用半角空格：{fixed}",
        "en": "(warning) the line is indented with full-width spaces; each read as two spaces. Indent with spaces: {fixed}",
    },
    "chinese_quotes": {
        "zh": "（提醒）这个字段的值不用引号，两端的中文引号「{char}」已去掉后读取。请改成：{fixed}",
        "en": "(warning) this field's value takes no quotation marks; the Chinese quotes {char} around it were dropped. Write: {fixed}",
    },
    "fullwidth_syntax": {
        "zh": "文件头格式错误：这一行有全角字符「{char}」，文件头的冒号、逗号、引号和缩进都要用半角。请改成：{fixed}",
        "en": "front matter is not valid here: the line holds the full-width character `{char}`; colons, commas, quotes and indentation must be half-width. Write: {fixed}",
    },
    "unclosed_front_matter": {
        "zh": "文件头没有结束。请在最后一个字段的下一行单独写一行 ---，正文写在它的后面。",
        "en": "the front matter never ends. Write --- alone on the line after the last field, then the text.",
    },
    "yaml_alias": {
        "zh": "文件头不能使用 YAML 别名（& 和 *）：请把内容直接写出来。",
        "en": "front matter cannot use YAML anchors and aliases (& and *): write the value out in full.",
    },
    "yaml_tag": {
        "zh": "文件头不能使用以 ! 开头的 YAML 类型标记（这里是「{tag}」）。请删掉它；如果值本身以 ! 开头，请用引号括起来，例如 title: \"!重要通知\"。",
        "en": "front matter cannot use YAML tags starting with ! (here `{tag}`). Remove it; if the value itself starts with !, put it in quotes, e.g. title: \"!Notice\".",
    },
    "yaml_too_deep": {
        "zh": "文件头嵌套太深（超过 {max_depth} 层的 [ ] 或缩进）。记录最多只需三层，例如 metrics 下的一项。请检查多余的 [ 或缩进。",
        "en": "front matter is nested too deeply (over {max_depth} levels of [ ] or indentation); records need three at most. Look for stray [ or indentation.",
    },
    "number_too_long": {
        "zh": "这个数字太长（{length} 个字符，上限 {max_length}）。请写实际的数字；如果这是一串文字（例如编号），请用引号括起来。",
        "en": "this number is too long ({length} characters; the limit is {max_length}). Write the real figure; if it is text (a reference number), put it in quotes.",
    },
    "key_not_text": {
        "zh": "「{key}」不能作为字段名：字段名是英文单词，例如 title、summary。请改成正确的字段名，写成“字段名: 值”。",
        "en": "`{key}` cannot be a field name: field names are words such as title or summary. Write the right field name as `name: value`.",
    },
    "not_mapping": {
        "zh": "文件头应为“字段: 值”的形式。",
        "en": "front matter must be a list of `key: value` lines.",
    },
    "duplicate_key": {
        "zh": "字段「{key}」重复出现。请只保留一个。",
        "en": "the key `{key}` appears twice. Keep one.",
    },
    "missing": {
        "zh": "缺少必填字段。请填写「{key}」。",
        "en": "required field is missing. Add `{key}`.",
    },
    "extra_forbidden": {
        "zh": "未知字段「{key}」。{suggestion}可用字段：{allowed}。",
        "en": "unknown field `{key}`. {suggestion}Allowed fields: {allowed}.",
    },
    "literal_error": {
        "zh": "「{input}」不是可选值。{suggestion}可选：{expected}。",
        "en": "`{input}` is not allowed. {suggestion}Expected one of: {expected}.",
    },
    "slug_format": {
        "zh": "「{input}」不是有效的网址名。请只用小写英文字母、数字和连字符，例如 panjin-guanai。",
        "en": "`{input}` is not a valid slug. Use lowercase letters, digits and hyphens, e.g. panjin-guanai.",
    },
    "name_slug": {
        "zh": "文件名「{input}」不能用作网址名。请用汉字（网址取其拼音）或小写英文字母、数字和连字符命名（如 青春护航 或 panjin-guanai），或在文件头写 slug。",
        "en": "the file name `{input}` cannot be a slug. Name it in Chinese characters (the address is their pinyin) or with lowercase letters, digits and hyphens, or set slug.",
    },
    "region_format": {
        "zh": "「{input}」不是有效的地区。请写作 省/市/县，例如 辽宁省/盘锦市。",
        "en": "`{input}` is not a valid region. Write province/city/county, e.g. 辽宁省/盘锦市.",
    },
    "url_format": {
        "zh": "「{input}」不是有效的网址。请以 http:// 或 https:// 开头。",
        "en": "`{input}` is not a valid URL. Start it with http:// or https://.",
    },
    "photo_path": {
        "zh": "照片「{input}」不在本记录的文件夹内。请把照片放进记录所在的文件夹，只写文件名。",
        "en": "photo `{input}` is outside the record's folder. Put it beside the record and write its file name.",
    },
    "partial_date": {
        "zh": "「{input}」不是有效的时间。请按来源给出的精度写：年份 2013、年月 2013-06，或日期 2013-06-15；不知道的月、日不要补。",
        "en": "`{input}` is not a valid date. Write it at the precision the source gives: 2013, 2013-06 or 2013-06-15; never invent a month or day.",
    },
    "qualifier": {
        "zh": "「{input}」不是可用的限定词。可写：{words}。",
        "en": "`{input}` is not a known qualifier. Use one of: {words}.",
    },
    "qualifier_twice": {
        "zh": "限定词写了不止一处（{words}）。只保留一处：直接写在数值里（如 近30、4000余），并删掉 qualifier 或 approx 行。",
        "en": "the qualifier is written more than once ({words}). Keep one: in the value (近30, 4000余), and delete the qualifier or approx line.",
    },
    "metric_source": {
        "zh": "出处「{input}」在本记录的媒体报道（sources）中找不到。请写第几篇（1 为第一篇，共 {count} 篇），或报道的发布媒体名称。",
        "en": "source `{input}` is not among this record's sources. Write its number (1 for the first; there are {count}) or its publisher.",
    },
    "metric_no_kind": {
        "zh": "（提醒）数字「{label}」的单位是“{unit}”，却没有统计类别（kind），因此不计入网站的任何合计。如它符合某个类别的定义（见编辑指南“统计类别”），请加一行 kind:，可选 {kinds}；否则可忽略本提示。",
        "en": "(note) figure `{label}` is in {unit} but has no kind, so no total counts it. Add a kind if one fits ({kinds}); otherwise ignore this.",
    },
    "unit_kind": {
        "zh": "单位「{unit}」与类别 {kind} 不符。此类别可用单位：{allowed}。",
        "en": "unit `{unit}` does not fit kind {kind}. Units for this kind: {allowed}.",
    },
    "minors_consent": {
        "zh": "照片含未成年人（minors: true），必须取得监护人同意并写 consent: true，否则不能发布。",
        "en": "a photo showing minors (minors: true) needs guardians' consent: write consent: true or remove it.",
    },
    "too_long": {
        "zh": "不能超过 {max_length} 个字（现有 {actual} 个）。请缩短为一句话。",
        "en": "at most {max_length} characters (now {actual}). Shorten it to one sentence.",
    },
    "empty": {
        "zh": "不能为空。请填写内容。",
        "en": "must not be empty.",
    },
    "date": {
        "zh": "「{input}」不是有效日期。请写作 YYYY-MM-DD，例如 2021-03-15。",
        "en": "`{input}` is not a valid date. Write YYYY-MM-DD, e.g. 2021-03-15.",
    },
    "number": {
        "zh": "「{input}」不是能读懂的数字。请照报道原样写数字和限定词，例如：{forms}。",
        "en": "`{input}` is not a number this site can read. Write it as the report does, e.g. {forms}.",
    },
    "not_finite": {
        "zh": "「{input}」不是一个具体的数。请写实际的数字，例如 4126；不要写 .inf、.nan 或 1e309 这类无穷大的写法。",
        "en": "`{input}` is not a finite number. Write the real figure, e.g. 4126, not .inf, .nan or 1e309.",
    },
    "control_character": {
        "zh": "「{field}」中有看不见的控制字符（{char}，在第 {position} 个字处），它会让网站的订阅源失效。它通常来自复制粘贴：请删掉这个字符，或重新输入这段文字。",
        "en": "`{field}` holds an invisible control character ({char}, at character {position}), which breaks the site's feeds. It usually comes from copy and paste: delete it or type the text again.",
    },
    "non_negative": {
        "zh": "不能小于 0。",
        "en": "must not be negative.",
    },
    "bool": {
        "zh": "「{input}」应为 true 或 false。",
        "en": "`{input}` must be true or false.",
    },
    "list": {
        "zh": "应为列表：每一项另起一行，以“- ”开头。",
        "en": "must be a list: one item per line, each starting with “- ”.",
    },
    "text": {
        "zh": "应为文字：直接写在冒号后面的同一行，不要另起一行写成以“- ”开头的列表。",
        "en": "must be text: write it after the colon on the same line, not as a list of “- ” lines.",
    },
    "mapping": {
        "zh": "应为一组“字段: 值”。",
        "en": "must be a group of `key: value` lines.",
    },
    "invalid": {
        "zh": "值无效：{detail}",
        "en": "invalid value: {detail}",
    },
    "duplicate_slug": {
        "zh": "网址名「{slug}」已被 {other} 使用。请换一个文件名或 slug。",
        "en": "slug `{slug}` is already used by {other}. Rename the file or set another slug.",
    },
    "ref_unknown": {
        "zh": "找不到{target}「{input}」。{suggestion}现有：{existing}。",
        "en": "no {target} `{input}`. {suggestion}Existing: {existing}.",
    },
    "ref_draft": {
        "zh": "{target}「{input}」是草稿（draft: true），尚未发布，不能引用。",
        "en": "{target} `{input}` is a draft (draft: true) and cannot be referred to.",
    },
    "ref_self": {
        "zh": "不能把自己设为上级机构。",
        "en": "an organization cannot be its own parent.",
    },
    "photo_missing": {
        "zh": "找不到照片文件「{file}」。请把它放进 {folder}，或改正文件名。{suggestion}",
        "en": "photo file `{file}` not found. Put it in {folder} or correct the name. {suggestion}",
    },
    "reserved_name": {
        "zh": "「{input}」不能用作{what}：它会成为网址的一部分，不能是 .、..、index 或 page，也不能超过 {max} 个字。请换一个写法。",
        "en": "`{input}` cannot be used here: it becomes part of an address, so it cannot be ., .., index or page, or longer than {max} characters.",
    },
    "anchor_missing": {
        "zh": "正文中的链接「{link}」指向页面上不存在的小标题。请检查 # 后面的文字：它应与小标题一致（字母小写，空格换成 -）。",
        "en": "the link `{link}` in the body points to a heading that is not on the page. Check the part after #: it must match a heading (lowercase, spaces as -).",
    },
    "not_published": {
        "zh": "（提醒）此文件不会发布到网站：它不是记录，也没有被任何记录引用。记录须放在 programs/、achievements/、stories/ 或 organizations/ 里，以 .md 结尾；照片须写进记录的 photos。不需要的文件可以删除。",
        "en": "(warning) this file is not published: it is not a record and no record names it. Records go in programs/, achievements/, stories/ or organizations/ and end in .md; photos must be listed in a record. Delete files you do not need.",
    },
    "link_outside": {
        "zh": "（提醒）此文件是指向 content/ 以外（或不存在）的链接，不会发布，也不会被读取。请把文件本身放进 content/。",
        "en": "(warning) this file is a link to something outside content/ (or to nothing): it is neither read nor published. Put the file itself in content/.",
    },
    "photo_outside": {
        "zh": "照片「{file}」指向 content/ 之外。请把照片本身复制进记录的文件夹。",
        "en": "photo `{file}` points outside content/. Copy the photo itself into the record's folder.",
    },
    "cover_not_in_photos": {
        "zh": "封面「{input}」不在 photos 列表中。请先在 photos 中登记它（含 alt）。现有：{existing}。",
        "en": "cover `{input}` is not listed in photos. List it there (with alt) first. Existing: {existing}.",
    },
    "photo_empty": {
        "zh": "照片「{file}」是空文件（0 字节）。请重新上传原图。",
        "en": "photo `{file}` is empty (0 bytes). Upload the original again.",
    },
    "photo_unreadable": {
        "zh": "「{file}」不是可识别的图片。请上传 JPEG、PNG、WebP、GIF 或 HEIC 照片。",
        "en": "`{file}` is not an image we can read. Upload a JPEG, PNG, WebP, GIF or HEIC photo.",
    },
    "photo_truncated": {
        "zh": "照片「{file}」不完整（文件被截断，可能上传中断）。请重新上传原图。",
        "en": "photo `{file}` is truncated (an interrupted upload?). Upload the original again.",
    },
    "photo_undecodable": {
        "zh": "照片「{file}」无法解码（{detail}）。请重新导出或上传原图。",
        "en": "photo `{file}` cannot be decoded ({detail}). Export or upload it again.",
    },
    "photo_too_many_pixels": {
        "zh": "照片「{file}」像素过多（{size}，上限 {limit} 百万像素），为保护构建而拒绝处理。请缩小后再上传。",
        "en": "photo `{file}` has too many pixels ({size}; the limit is {limit} MP) and is refused. Scale it down.",
    },
    "photo_not_in_cache": {
        "zh": "照片「{file}」在共享照片缓存 {store} 中没有完整的条目，而这次构建只取回照片描述（--photo-metadata-only 或 SHOWCASE_PHOTO_CACHE_FETCH=metadata），不在本机渲染。请先让照片分片作业（showcase photos --shard I/N，N 份全部）对这一版内容运行完，再构建；或去掉只取描述的设置再构建，在本机渲染缺少的照片（其余照片文件也会下载）。",
        "en": "photo `{file}` has no complete entry in the shared photo cache {store}, and this build fetches photo metadata only (--photo-metadata-only or SHOWCASE_PHOTO_CACHE_FETCH=metadata), rendering nothing. Run the photo shard jobs (showcase photos --shard I/N, all N of them) on this version of the content first, then build; or build without metadata-only to render the missing photos here (the other photo files are then downloaded too).",
    },
    "photo_small": {
        "zh": "（警告）照片「{file}」只有 {size} 像素，长边不足 {min}，在手机上会模糊。建议换一张更大的原图。",
        "en": "(warning) photo `{file}` is only {size} px, under {min} on its long side: it will look blurred. Use a larger original.",
    },
    "image_no_alt": {
        "zh": "正文中的图片「{file}」缺少替代文字。请写成 ![照片里能看到什么]({file})。",
        "en": "image `{file}` in the text has no alt text. Write ![what the photo shows]({file}).",
    },
    "unsafe_html": {
        "zh": "（警告）正文中的「{what}」已被移除：网站不允许在正文中使用脚本、事件属性或 javascript: 链接，图片只能是本文件夹中的照片或 https:// 地址，也只保留常见的排版标记。请删掉它，改用 Markdown 写法（链接写成 [文字](https://…)，图片写成 ![照片里能看到什么](文件名.jpg)）。",
        "en": "(warning) `{what}` in the text was removed: the site allows no scripts, event attributes or javascript: links in the text, images only from the record's folder or https://, and only common formatting. Delete it and use Markdown instead (links as [text](https://…), images as ![what it shows](file.jpg)).",
    },
}

#: Names of the record types, for messages about references.
SUGGESTION = {"zh": "您是否想写「{0}」？", "en": "Did you mean `{0}`? "}
NONE = {"zh": "（无）", "en": "(none)"}
LIST_SEPARATOR = {"zh": "、", "en": ", "}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, located as precisely as the file allows."""

    path: str
    line: int
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    warning: bool = field(default=False, compare=False)

    def message(self, lang: str = "zh") -> str:
        lang = lang if lang in ("zh", "en") else "zh"
        params = {k: _word(v, lang) for k, v in self.params.items()}
        if "target" in self.params:
            params["target"] = label_of(self.params["target"], lang)
        if "suggestion" in self.params:
            params["suggestion"] = SUGGESTION[lang].format(self.params["suggestion"]) if self.params["suggestion"] else ""
        return MESSAGES[self.code][lang].format_map(_Blank(params)).strip()

    def render(self, lang: str = "zh") -> str:
        return f"{self.path}:{self.line}: {self.field or '-'}: {self.message(lang)}"

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "message": self.message(lang),
            "severity": "warning" if self.warning else "error",
        }


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _word(value: Any, lang: str) -> str:
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR[lang].join(str(v) for v in value) if value else NONE[lang]
    return "" if value is None else str(value)


def nearest(value: Any, choices: Iterable[str]) -> str | None:
    """The allowed value closest to what was written, to offer as a correction."""
    found = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.5)
    return found[0] if found else None


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop a strict build; warnings only advise."""
    return [p for p in problems if not p.warning]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems))
