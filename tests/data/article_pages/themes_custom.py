"""The two outlets on their own (non-WordPress) systems, reconstructed for this corpus (written for it, not
copied): Zaman al-Wasl (``/news/article/<id>`` pages whose text ends in its signature line and is followed
by "تعليقات حول الموضوع" and "لإرسال تعليق,الرجاء تعبئة الحقول التالية", with like/dislike links, as the
stored copies show; its text here is ``<br>``-separated in one block) and Hawar News Agency (ANHA: the
summary above the text, the "day date, time" line, the "مركز الأخبار" dateline, as its stored pages
show)."""

from __future__ import annotations

from html import escape
from typing import Any

from parts import COMMENT_AUTHORS, COMMENT_TEXTS, Case, attr, head, links

SHARE = ("Facebook", "Twitter", "WhatsApp", "Telegram")


def _share(css: str) -> str:
    buttons = "".join(f'<a class="{s.lower()}" href="#" target="_blank" title="{s}">{s}</a>' for s in SHARE)
    return f'<div class="{css}">{buttons}<a class="print" href="#">طباعة</a></div>'


def _plain_comments(case: Case, title: str, form_title: str) -> str:
    count = case.get("page", {}).get("comments", 0)
    items = "".join(f'<div class="comment"><span class="name">{COMMENT_AUTHORS[i % 4]}</span><span class="date">منذ '
                    f'{i + 2} ساعات</span><p>{COMMENT_TEXTS[i % 3]}</p></div>' for i in range(count))  # fmt: skip
    return (f'<div class="comments" id="comments"><h3>{title}</h3>{items}<h4>{form_title}</h4><form method="post" '
            'action="#"><label>الاسم</label><input name="name" type="text"><label>البريد الإلكتروني</label><input '
            'name="email" type="text"><label>التعليق</label><textarea name="comment"></textarea><input type="submit" '
            'value="أرسل"></form></div>\n')  # fmt: skip


# --- Zaman al-Wasl ------------------------------------------------------------------------------------


def _zaman_header(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    menu = "".join(
        f'<li><a href="{site["base"]}/news/articles/{90 + i}/">{m}</a></li>'
        for i, m in enumerate(site["menu"])
    )
    ticker = links(others[:4], '<a href="{url}">{title}</a> • ')
    return (f'<div class="top-bar"><div class="container"><span class="date">{site["today"]}</span><ul class="top-links">'
            '<li><a href="https://en.zamanalwsl.net">English</a></li><li><a href="https://www.eqtsad.net">اقتصاد</a></li>'
            f'<li><a href="{site["base"]}/rss.php">RSS</a></li></ul></div></div>\n<header class="header"><div class='
            f'"container"><a class="logo" href="{site["base"]}/"><img src="/images/logo.png" alt="{attr(site["name"])}">'
            '</a><div class="ad-728"><a href="#"><img src="/ads/728.jpg" alt="إعلان"></a></div></div><nav class="navbar '
            f'main-menu"><ul class="nav">{menu}</ul><form class="search" action="/news/search/"><input name="q" '
            'placeholder="بحث"></form></nav></header>\n<div class="ticker"><strong>آخر الأخبار</strong><div '
            f'class="ticker-items">{ticker}</div></div>\n')  # fmt: skip


def _zaman_sidebar_footer(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    most = links(others[:5], '<li><a href="{url}">{title}</a></li>')
    return (f'<div class="col-md-4 sidebar"><div class="box"><h3>الأكثر قراءة</h3><ul>{most}</ul></div><div class="box">'
            '<h3>كاريكاتير</h3><img src="/images/cartoon.jpg" alt="كاريكاتير"></div></div></div></div>\n<footer '
            'class="footer"><ul class="footer-links"><li><a href="#">من نحن</a></li><li><a href="#">اتصل بنا</a></li><li>'
            f'<a href="#">أعلن معنا</a></li></ul><p class="copyright">جميع الحقوق محفوظة © {escape(site["name"])} 2025'
            "</p></footer>\n</body>\n</html>\n")  # fmt: skip


def zaman_article(
    case: Case, site: dict[str, Any], body: str, others: list[dict[str, str]], charset: str
) -> str:
    page = case.get("page", {})
    # Its text is one block of lines split by <br>, not paragraphs.
    lines = [
        part.strip() for part in body.replace("<p>", "").replace("</p>", "\n").splitlines() if part.strip()
    ]
    text = "<br><br>\n".join(lines)
    related = links(others[:4], '<li><a href="{url}">{title}</a> <span class="date">{date}</span></li>')
    return (head(case, site, charset) + f'<body class="rtl news-page">\n{_zaman_header(site, others)}<div class='
            f'"container main"><div class="row"><div class="col-md-8"><div class="breadcrumb"><a href="{site["base"]}/">'
            f'الرئيسية</a> &gt; <a href="{site["base"]}/news/articles/90/">أخبار سوريا</a></div>\n<div class="news-details">'
            f'<h1 class="news-title">{escape(case["title"])}</h1><div class="news-info"><span class="news-date">'
            f'{escape(page.get("shown_date", ""))}</span><span class="news-views">قراءة: 1204</span></div>'
            f'{_share("share")}\n<div class="news-text" id="newsText">{text}</div>\n<div class="rate"><span>هل أعجبك '
            f'الموضوع؟</span> <a href="{case["url"]}/like" class="like">أعجبني (12)</a> <a href="{case["url"]}/dislike" '
            f'class="dislike">لم يعجبني (3)</a></div></div>\n<div class="related"><h3>مواضيع ذات صلة</h3><ul>{related}'
            "</ul></div>\n" + _plain_comments(case, "تعليقات حول الموضوع", "لإرسال تعليق,الرجاء تعبئة الحقول التالية")
            + "</div>\n" + _zaman_sidebar_footer(site, others))  # fmt: skip


def zaman_listing(case: Case, site: dict[str, Any], teasers: list[dict[str, str]], charset: str) -> str:
    items = links(teasers, '<div class="post-style2"><a href="{url}"><img src="/thumb.jpg" alt=""></a><h3><a href="{url}">'
                           '{title}</a></h3><div class="date"><a href="#" title="{date}">{date}</a></div><p>{excerpt}</p>'
                           "</div>\n")  # fmt: skip
    return (head(case, site, charset, og_type="website") + f'<body class="rtl news-list">\n{_zaman_header(site, teasers)}'
            f'<div class="container main"><div class="row"><div class="col-md-8"><h1 class="page-title">'
            f'{escape(case["title"])}</h1>\n{items}<div class="pagination"><span>1</span><a href="#">2</a><a href="#">3</a>'
            "</div></div>\n" + _zaman_sidebar_footer(site, teasers))  # fmt: skip


# --- Hawar News Agency (ANHA) -------------------------------------------------------------------------


def _hawar_header(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    langs = "".join(f'<li><a href="https://hawarnews.com/{code}">{name}</a></li>' for code, name in
                    (("ku", "Kurdî"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربية")))  # fmt: skip
    menu = "".join(
        f'<li><a href="{site["base"]}/category/{i}">{m}</a></li>' for i, m in enumerate(site["menu"])
    )
    ticker = links(others[:4], '<li><a href="{url}">{title}</a></li>')
    return (f'<header class="site-header"><div class="topbar"><div class="container"><ul class="lang">{langs}</ul>'
            f'<div class="date">{site["today"]}</div></div></div><div class="logo-bar"><a href="{site["base"]}"><img '
            f'src="/assets/logo.png" alt="{attr(site["name"])}"></a></div><nav class="menu"><ul>{menu}</ul></nav>'
            f'</header>\n<div class="son-dakika"><span>آخر الأخبار</span><ul>{ticker}</ul></div>\n')  # fmt: skip


def _hawar_sidebar_footer(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    most = links(others[:5], '<li><a href="{url}">{title}</a></li>')
    return (f'<aside class="col-lg-4"><div class="widget"><h3>الأكثر قراءة</h3><ol>{most}</ol></div></aside></div>'
            '</main>\n<footer class="site-footer"><p class="brand">ANHA</p><ul><li><a href="#">من نحن</a></li><li><a '
            'href="#">اتصل بنا</a></li></ul><p>© 2025 جميع الحقوق محفوظة لوكالة أنباء هاوار</p></footer>\n'
            "</body>\n</html>\n")  # fmt: skip


def hawar_article(
    case: Case, site: dict[str, Any], body: str, others: list[dict[str, str]], charset: str
) -> str:
    page = case.get("page", {})
    summary = f'<h2 class="haber-spot">{escape(page["summary"])}</h2>' if page.get("summary") else ""
    tag_links = "".join(
        f'<a href="{site["base"]}/tag/{i}">{escape(t)}</a>' for i, t in enumerate(page.get("tags", []))
    )
    related = links(others[:4], '<div class="ilgili-haber"><a href="{url}"><img src="/thumb.jpg" alt=""><h4>{title}</h4>'
                                "</a></div>")  # fmt: skip
    return (head(case, site, charset) + f'<body class="rtl haber-detay-page">\n{_hawar_header(site, others)}<main '
            'class="container"><div class="row"><div class="col-lg-8">\n<article class="haber-detay"><h1 class="haber-'
            f'baslik">{escape(case["title"])}</h1>{summary}<div class="haber-meta"><span class="tarih">'
            f'{escape(page.get("shown_date", ""))}</span>{_share("paylas")}<span class="font-size">حجم الخط A+ A-</span>'
            f'</div>\n<div class="haber-metin">\n{body}</div>\n<div class="etiketler">{tag_links}</div></article>\n<section '
            f'class="ilgili"><h3>أخبار ذات صلة</h3>{related}</section>\n'
            + _plain_comments(case, "التعليقات", "أضف تعليقاً") + "</div>\n"
            + _hawar_sidebar_footer(site, others))  # fmt: skip


def hawar_listing(case: Case, site: dict[str, Any], teasers: list[dict[str, str]], charset: str) -> str:
    items = links(teasers, '<div class="haber-kutu"><a href="{url}"><img src="/thumb.jpg" alt=""></a><h3><a href="{url}">'
                           '{title}</a></h3><span class="tarih">{date}</span><p>{excerpt}</p></div>\n')  # fmt: skip
    return (head(case, site, charset, og_type="website") + f'<body class="rtl kategori-page">\n'
            f'{_hawar_header(site, teasers)}<main class="container"><div class="row"><div class="col-lg-8"><h1 '
            f'class="kategori-baslik">{escape(case["title"])}</h1>\n{items}<div class="sayfalama"><a href="#">1</a><a '
            'href="#">2</a></div></div>\n' + _hawar_sidebar_footer(site, teasers))  # fmt: skip
