"""Page parts every reconstructed theme shares: the <head> (title, Open Graph, JSON-LD, publication
time), comments, the author box, the cookie banner, link lists and tags. Written for this corpus."""

from __future__ import annotations

import json
from html import escape
from typing import Any

Case = dict[str, Any]

COMMENT_AUTHORS = ("أبو محمد", "سامر", "ابن الفرات", "أم خالد")
COMMENT_TEXTS = (
    "الله يرحم الشهداء ويفرج عن المعتقلين، متى ينتهي هذا الوضع؟",
    "نريد الأمان فقط يا جماعة، الناس تعبت من هالحال.",
    "شكراً للمراسل على المتابعة الدائمة. لكن الخبر ناقص، فالأهالي في المنطقة يعرفون أن ما يجري أكبر من ذلك بكثير، "
    "والمطلوب أن تنقلوا صوت الناس الذين يدفعون الثمن كل يوم وليس فقط بيانات الفصائل.",
)


COOKIE_NOTICE = ('<div id="cookie-notice" role="dialog" class="cookie-notice-container"><span id="cn-notice-text" '
                 'class="cn-text-container">نستخدم ملفات تعريف الارتباط (الكوكيز) لنمنحك أفضل تجربة على موقعنا. إذا '
                 'واصلت استخدام هذا الموقع فسنفترض أنك راضٍ عن ذلك.</span><span class="cn-buttons-container"><a href="#" '
                 'class="cn-set-cookie cn-button">موافق</a><a href="#" class="cn-more-info cn-button">سياسة الخصوصية</a>'
                 '</span></div>\n')  # fmt: skip


def author_box(page: dict[str, Any]) -> str:
    if not page.get("author_bio"):
        return ""
    return ('<div class="about-author container-wrapper about-author-1"><div class="author-info"><h3 class="author-name">'
            f'<a href="#">{escape(page.get("author", "فريق التحرير"))}</a></h3><div class="author-bio">'
            f'{escape(page["author_bio"])}</div><ul class="social-icons"><li><a href="#"><span class="tie-icon-twitter">'
            '</span><span class="screen-reader-text">تويتر</span></a></li></ul></div></div>')  # fmt: skip


def attr(value: str) -> str:
    return escape(value, quote=True)


def _jsonld(case: Case, site: dict[str, Any], kind: str = "NewsArticle") -> str:
    page = case.get("page", {})
    if not page.get("jsonld"):
        return ""
    article: dict[str, Any] = {"@type": kind, "@id": case["url"] + "#article", "headline": case["title"],
                               "datePublished": page["jsonld"], "inLanguage": "ar",
                               "publisher": {"@id": site["base"] + "/#organization"}}  # fmt: skip
    if page.get("modified"):
        article["dateModified"] = page["modified"]
    graph = [article, {"@type": "WebPage", "@id": case["url"], "url": case["url"], "name": case["title"]},
             {"@type": "Organization", "@id": site["base"] + "/#organization", "name": site["name"]}]  # fmt: skip
    data = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return f'<script type="application/ld+json" class="yoast-schema-graph">{data}</script>\n'


def head(case: Case, site: dict[str, Any], charset: str, og_type: str = "article") -> str:
    page = case.get("page", {})
    title = case.get("title") or site["name"]
    meta = ""
    if page.get("meta"):
        meta = f'<meta property="article:published_time" content="{page["meta"]}">\n'
        meta += f'<meta property="article:modified_time" content="{page.get("modified", page["meta"])}">\n'
    return (f'<!DOCTYPE html>\n<html dir="rtl" lang="ar">\n<head>\n<meta charset="{charset}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)} {site['title_separator']} {escape(site['name'])}</title>\n"
            f'<link rel="canonical" href="{attr(case["url"])}">\n<meta property="og:locale" content="ar_AR">\n'
            f'<meta property="og:type" content="{og_type}">\n<meta property="og:title" content="{attr(title)}">\n'
            f'<meta property="og:url" content="{attr(case["url"])}">\n'
            f'<meta property="og:site_name" content="{attr(site["name"])}">\n{meta}{_jsonld(case, site)}'
            f'<link rel="alternate" type="application/rss+xml" title="{attr(site["name"])} &raquo; الخلاصة" '
            f'href="{site["base"]}/feed/">\n</head>\n')  # fmt: skip


def comments(case: Case, respond_class: str = "") -> str:
    count = case.get("page", {}).get("comments", 0)
    items = "".join(
        f'<li class="comment even depth-1" id="comment-{i + 1}"><article class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{COMMENT_AUTHORS[i % 4]}</b>'
        f' <span class="says">يقول:</span></div><div class="comment-metadata"><a href="#comment-{i + 1}">'
        f'<time datetime="2023-06-07T16:12:00+03:00">منذ {i + 2} ساعات</time></a></div></footer>'
        f'<div class="comment-content"><p>{COMMENT_TEXTS[i % 3]}</p></div><div class="reply">'
        f'<a rel="nofollow" class="comment-reply-link" href="#respond">رد</a></div></article></li>'
        for i in range(count)
    )
    listed = (
        f'<h3 class="comments-title">{count} تعليقات</h3><ol class="comment-list">{items}</ol>'
        if count
        else ""
    )
    return (f'<div id="comments" class="comments-area">{listed}<div id="respond" class="comment-respond {respond_class}">'
            '<h3 id="reply-title" class="comment-reply-title">اترك تعليقاً</h3><form action="#" method="post" '
            'id="commentform" class="comment-form"><p class="comment-notes"><span id="email-notes">لن يتم نشر عنوان '
            'بريدك الإلكتروني.</span> الحقول الإلزامية مشار إليها بـ <span class="required">*</span></p>'
            '<p class="comment-form-comment"><label for="comment">التعليق *</label><textarea id="comment" '
            'name="comment"></textarea></p><p class="comment-form-author"><label for="author">الاسم *</label>'
            '<input id="author" name="author" type="text"></p><p class="form-submit"><input name="submit" '
            'type="submit" id="submit" class="submit" value="إرسال التعليق"></p></form></div></div>\n')  # fmt: skip


def links(items: list[dict[str, str]], template: str) -> str:
    return "".join(template.format(url=attr(i["url"]), title=escape(i["title"]), date=escape(i["date"]),
                                   excerpt=escape(i["excerpt"])) for i in items)  # fmt: skip


def tags(page: dict[str, Any], site: dict[str, Any]) -> str:
    return " ".join(
        f'<a href="{site["base"]}/tag/{i}/" rel="tag">{escape(t)}</a>'
        for i, t in enumerate(page.get("tags", []))
    )
