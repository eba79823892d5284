"""Page templates for the reconstructed outlet pages: Enab Baladi's article layout and the Jannah theme
(TieLabs) that SY24, Step News and the stand-in third outlet run (the other themes: ``themes_wp.py``,
``themes_custom.py``). Written from the outlets' public pages as a
reader sees them (class names, the order of header, share bars, captions, related lists, comments,
sidebar and footer), not copied from them. ``build.py`` fills them with each case's text."""

from __future__ import annotations

from html import escape
from typing import Any

from parts import COOKIE_NOTICE, Case, attr, author_box, comments, head, links, tags
from themes_custom import hawar_article, hawar_listing, zaman_article, zaman_listing
from themes_wp import (
    elementor_article,
    elementor_listing,
    sahifa_article,
    sahifa_listing,
    voice_article,
    voice_listing,
)

# --- Enab Baladi --------------------------------------------------------------------------------------

ENAB_MENU = ("الرئيسية", "أخبار سوريا", "اقتصاد", "رأي", "تحقيقات", "مجتمع", "ثقافة", "رياضة", "English")


def _enab_header(site: dict[str, Any]) -> str:
    menu = "".join(f'<li class="menu-item"><a href="{site["base"]}/category/{i}/">{m}</a></li>'
                   for i, m in enumerate(ENAB_MENU))  # fmt: skip
    return (f'<a class="skip-link screen-reader-text" href="#content">{site.get("skip", "تخطى إلى المحتوى")}</a>\n'
            '<div id="page" class="site">\n<header id="masthead" class="site-header"><div class="top-bar">'
            f'<span class="today-date">{site["today"]}</span><ul class="header-social">'
            '<li><a href="https://www.facebook.com/EnabBaladi" aria-label="Facebook"><i class="icon-facebook"></i></a></li>'
            '<li><a href="https://t.me/EnabBaladi" aria-label="Telegram"><i class="icon-telegram"></i></a></li></ul>'
            f'<a class="lang-switch" href="{site["base"]}/en/">English</a></div><div class="site-branding">'
            f'<a href="{site["base"]}/" rel="home"><img class="logo" src="{site["base"]}/logo.svg" alt="عنب بلدي"></a>'
            '</div><nav id="site-navigation" class="main-navigation" aria-label="القائمة الرئيسية">'
            f'<ul id="primary-menu" class="menu">{menu}</ul><form role="search" class="search-form">'
            '<input type="search" placeholder="بحث..." name="s"><button type="submit">بحث</button></form></nav>'
            '</header>\n')  # fmt: skip


def _enab_sidebar_footer(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    most_read = links(others[:4], '<li><a href="{url}">{title}</a></li>')
    return (' <aside id="secondary" class="widget-area" aria-label="الشريط الجانبي"><section class="widget most-read">'
            f'<h2 class="widget-title">الأكثر قراءة</h2><ol>{most_read}</ol></section><section class="widget newsletter">'
            '<h2 class="widget-title">النشرة البريدية</h2><form><input type="email" placeholder="بريدك الإلكتروني">'
            '<button>اشترك</button></form></section></aside>\n</div>\n<footer id="colophon" class="site-footer">'
            '<section class="widget about"><h2 class="widget-title">عن عنب بلدي</h2><p>مؤسسة إعلامية سورية مستقلة.</p>'
            f'</section><ul><li><a href="{site["base"]}/about/">من نحن</a></li><li><a href="{site["base"]}/contact/">اتصل بنا'
            '</a></li></ul><div class="site-info">جميع الحقوق محفوظة لعنب بلدي © 2025</div></footer>\n</div>\n'
            '</body>\n</html>\n')  # fmt: skip


def enab_article(
    case: Case, site: dict[str, Any], body: str, others: list[dict[str, str]], charset: str
) -> str:
    page = case.get("page", {})
    figure = ('<figure class="post-thumbnail"><img src="{b}/uploads/no-image.png" alt="no image"></figure>'
              .format(b=site["base"]))  # fmt: skip
    if page.get("caption"):
        caption = escape(page["caption"])
        figure = (f'<figure class="post-thumbnail wp-caption"><img src="{site["base"]}/uploads/{case["id"]}.jpg" '
                  f'alt="{caption}"><figcaption class="wp-caption-text"><img class="caption-icon" '
                  f'src="{site["base"]}/camera.svg" alt="camera icon">{caption}</figcaption></figure>')  # fmt: skip
    shown_date = escape(page.get("shown_date", ""))
    time = (
        f'<time class="entry-date published" datetime="{page.get("meta", "")}">{shown_date}</time>'
        if shown_date
        else ""
    )
    related = links(others[:3], '<li><a href="{url}">{title}</a><span class="date">{date}</span></li>')
    short_link = escape(page.get("short_link", case["url"]))
    return (head(case, site, charset) + f'<body class="post-template-default single single-post rtl">\n{_enab_header(site)}'
            '<div id="content" class="site-content"><main id="main" class="site-main">'
            f'<div class="breadcrumbs"><a href="{site["base"]}/">الرئيسية</a> / <a href="{site["base"]}/category/news/">'
            f'أخبار سوريا</a> / <span>{escape(case["title"])}</span></div>\n<article class="post type-post">'
            f'<header class="entry-header"><h1 class="entry-title">{escape(case["title"])}</h1><div class="entry-meta">'
            f'<span class="byline">{escape(page.get("author", "عنب بلدي"))}</span> {time}</div>'
            '<div class="share-bar"><a class="share-facebook" href="#" aria-label="Facebook"><i class="icon-facebook"></i>'
            '</a><a class="share-whatsapp" href="#" aria-label="WhatsApp"><i class="icon-whatsapp"></i></a>'
            '<a class="share-telegram" href="#" aria-label="Telegram"><i class="icon-telegram"></i></a></div></header>\n'
            f'<div class="post-content">{figure}<div class="font-tools"><img class="tag-icon" src="{site["base"]}/tag.svg" '
            'alt="tag icon"> <span class="font-size-small">ع</span> <span class="font-size-normal">ع</span> '
            f'<span class="font-size-large">ع</span></div>\n<div class="entry-content">\n{body}</div>\n'
            f'<div class="post-link"><span>رابط مختصر</span><input type="text" readonly value="{short_link}">'
            f'<span class="link-text">{short_link}</span></div>'
            f'<footer class="entry-footer"><span class="tags-links">{tags(page, site)}</span></footer>'
            f'<div class="related-articles"><h4 class="block-title">مقالات متعلقة</h4><ul>{related}</ul></div>'
            '<div class="enab-support" id="support-popup"><span class="close-popup">×</span><p class="lead">'
            'الإعلام الموجّه يشوه الحقيقة في بلادنا ويطيل أمد الحرب..</p><p>سوريا بحاجة للصحافة الحرة.. ونحن بحاجتك '
            'لنبقى مستقلين</p><h4>ادعم عنب بلدي</h4><p>دولار واحد شهريًا يصنع الفرق</p><p><a class="support-button" '
            f'href="{site["base"]}/support/">اضغط هنا للمساهمة</a></p></div></div>\n</article>\n{comments(case)}'
            "</main>\n" + _enab_sidebar_footer(site, others))  # fmt: skip


def enab_listing(case: Case, site: dict[str, Any], teasers: list[dict[str, str]], charset: str) -> str:
    items = links(teasers, '<article class="post-item"><a href="{url}"><img src="/thumb.jpg" alt=""></a>'
                            '<h2 class="entry-title"><a href="{url}">{title}</a></h2><time>{date}</time>'
                            '<p class="excerpt">{excerpt}</p><a class="more-link" href="{url}">اقرأ المزيد</a></article>\n')  # fmt: skip
    pages = "".join(f'<a class="page-numbers" href="{case["url"]}page/{n}/">{n}</a>' for n in range(2, 6))
    body_class = case.get("page", {}).get("body_class", "archive tag rtl")
    return (head(case, site, charset, og_type="website") + f'<body class="{body_class}">\n{_enab_header(site)}'
            '<div id="content" class="site-content"><main id="main" class="site-main"><header class="page-header">'
            f'<h1 class="page-title">{escape(case["title"])}</h1></header>\n{items}<nav class="pagination">'
            f'<span class="page-numbers current">1</span>{pages}<a class="next page-numbers" href="#">التالي</a></nav>'
            "</main>\n" + _enab_sidebar_footer(site, teasers))  # fmt: skip


# --- Jannah (TieLabs) --------------------------------------------------------------------------------


def _share_links(labels: tuple[str, ...], where: str) -> str:
    links = "".join(f'<a href="#" rel="external noopener nofollow" title="{label}" target="_blank" class="'
                    f'{label.lower()}-share-btn large-share-button"><span class="share-btn-icon tie-icon-'
                    f'{label.lower()}"></span> <span class="social-text">{label}</span></a>' for label in labels)  # fmt: skip
    return f'<div id="share-buttons-{where}" class="share-buttons share-buttons-{where}"><div class="share-links">{links}</div></div>'


def _jannah_header(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    ticker = links(others[:4], '<li class="news-item"><a href="{url}">{title}</a></li>')
    menu = "".join(f'<li class="menu-item"><a href="{site["base"]}/category/{i}/">{m}</a></li>'
                   for i, m in enumerate(site["menu"]))  # fmt: skip
    skip = (
        f'<a class="skip-link screen-reader-text" href="#content">{site["skip"]}</a>\n'
        if site.get("skip")
        else ""
    )
    return (f'{skip}<div class="background-overlay"><div id="tie-container" class="site tie-container"><div id="tie-wrapper">\n'
            '<header id="theme-header" class="theme-header header-layout-3 main-nav-dark top-nav-active has-shadow">'
            '<nav id="top-nav" class="has-date-breaking-components top-nav header-nav has-breaking-news" '
            'aria-label="الشريط العلوي"><div class="container"><div class="topbar-wrapper">'
            f'<div class="topbar-today-date tie-icon">{site["today"]}</div><div class="tie-alignleft"><div class="breaking">'
            '<span class="breaking-title"><span class="tie-icon-bolt breaking-icon" aria-hidden="true"></span>'
            '<span class="breaking-title-text">عاجل</span></span><ul id="breaking-news-in-header" class="breaking-news">'
            f'{ticker}</ul></div></div></div></div></nav><div class="container header-container"><div id="logo" '
            f'class="image-logo"><a title="{attr(site["name"])}" href="{site["base"]}/"><img src="{site["base"]}/logo.png" '
            f'alt="{attr(site["name"])}"></a></div></div><div class="main-nav-wrapper"><nav id="main-nav" class="main-nav '
            f'header-nav" aria-label="القائمة الرئيسية"><div id="main-nav-menu" class="main-menu header-menu"><ul id="menu-main"'
            f' class="menu" role="menubar">{menu}</ul></div><ul class="components"><li class="search-compact-icon menu-item">'
            '<a href="#" class="tie-search-trigger"><span class="tie-icon-search" aria-hidden="true"></span>'
            '<span class="screen-reader-text">بحث عن</span></a></li></ul></nav></div></header>\n')  # fmt: skip


def _jannah_sidebar_footer(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    latest = links(others[:5], '<li class="widget-single-post-item widget-post-list tie-standard"><div class="post-widget-body">'
                                '<a class="post-title the-subtitle" href="{url}">{title}</a><div class="post-meta">'
                                '<span class="date meta-item tie-icon">{date}</span></div></div></li>')  # fmt: skip
    return ('<aside class="sidebar tie-col-md-4 tie-col-xs-12 normal-side is-sticky" aria-label="القائمة الجانبية الرئيسية">'
            '<div class="theiaStickySidebar"><div id="posts-list-widget-2" class="container-wrapper widget posts-list">'
            '<div class="widget-title the-global-title"><div class="the-subtitle">آخر الأخبار</div></div><ul class="'
            f'posts-list-items widget-posts-wrapper">{latest}</ul></div><div class="stream-item-widget"><a href="#">'
            f'<img src="{site["base"]}/ads/banner.jpg" alt="إعلان"></a></div></div></aside>\n</div></div>\n'
            '<footer id="footer" class="site-footer dark-skin dark-widgetized-area"><div id="site-info" class="site-info '
            f'site-info-layout-2"><div class="copyright-text copyright-text-first">&copy; حقوق النشر 2025، جميع الحقوق '
            f'محفوظة | {escape(site["name"])}</div><ul class="social-icons"><li class="social-icons-item"><a class='
            '"social-link facebook-social-icon" href="#"><span class="tie-social-icon tie-icon-facebook"></span><span '
            'class="screen-reader-text">فيسبوك</span></a></li><li class="social-icons-item"><a class="social-link '
            'telegram-social-icon" href="#"><span class="tie-social-icon tie-icon-paper-plane"></span><span class='
            '"screen-reader-text">تيلقرام</span></a></li></ul></div></footer>\n<a id="go-to-top" class="go-to-top-button" '
            'href="#go-to-tie-body"><span class="tie-icon-angle-up"></span><span class="screen-reader-text">زر الذهاب '
            'إلى الأعلى</span></a>\n</div></div></div>\n' + (COOKIE_NOTICE if site.get("cookie") else "")
            + '</body>\n</html>\n')  # fmt: skip


def jannah_article(
    case: Case, site: dict[str, Any], body: str, others: list[dict[str, str]], charset: str
) -> str:
    page = case.get("page", {})
    labels = tuple(page.get("share_labels", ("Facebook", "Twitter", "WhatsApp", "Telegram")))
    share_top = _share_links(labels, "top")
    above, below = (share_top, "") if page.get("share_above_title") else ("", share_top)
    figure = ""
    if page.get("caption"):
        figure = (f'<div class="featured-area"><figure class="single-featured-image"><img src="{site["base"]}/uploads/'
                  f'{case["id"]}.jpg" alt=""><figcaption class="single-caption-text"><span class="tie-icon-camera" '
                  f'aria-hidden="true"></span> {escape(page["caption"])}</figcaption></figure></div>')  # fmt: skip
    date = (
        f'<span class="date meta-item tie-icon">{escape(page["shown_date"])}</span>'
        if page.get("shown_date")
        else ""
    )
    related = links(others[:3], '<div class="related-item tie-standard"><h3 class="post-title"><a href="{url}">{title}'
                                 '</a></h3><div class="post-meta clearfix"><span class="date meta-item tie-icon">{date}'
                                 '</span></div></div>')  # fmt: skip
    check_also = links(others[3:4], '<div class="check-also-post"><h2 class="post-title"><a href="{url}">{title}</a></h2>'
                                     '<p class="post-excerpt">{excerpt}</p></div>')  # fmt: skip
    return (head(case, site, charset) + '<body id="tie-body" class="post-template-default single single-post '
            f'is-standard-format has-mobile-share">\n{_jannah_header(site, others)}<div id="content" class="site-content '
            'container"><div id="main-content-row" class="tie-row main-content-row"><div class="main-content tie-col-md-8" '
            'role="main">\n<article id="the-post" class="container-wrapper post-content tie-standard">'
            f'<header class="entry-header-outer"><nav id="breadcrumb"><a href="{site["base"]}/"><span class="tie-icon-home" '
            f'aria-hidden="true"></span> الرئيسية</a><em class="delimiter">/</em><a href="{site["base"]}/category/news/">أخبار'
            f'</a><em class="delimiter">/</em><span class="current">{escape(case["title"])}</span></nav>{above}'
            f'<div class="entry-header"><span class="post-cat-wrap"><a class="post-cat tie-cat-2" href="{site["base"]}/'
            f'category/news/">أخبار</a></span><h1 class="post-title entry-title">{escape(case["title"])}</h1><div class='
            '"single-post-meta post-meta clearfix"><span class="author-meta single-author no-avatars"><span class="meta-item '
            f'meta-author-wrapper"><span class="meta-author"><a href="{site["base"]}/author/editor/" class="author-name '
            f'tie-icon">{escape(page.get("author", "فريق التحرير"))}</a></span></span></span>{date}<div class="tie-alignright">'
            '<span class="meta-comment tie-icon meta-item fa-before">0</span><span class="meta-views meta-item"><span '
            'class="tie-icon-fire" aria-hidden="true"></span> 1,204 </span><span class="meta-reading-time meta-item"><span '
            'class="tie-icon-bookmark" aria-hidden="true"></span> 2 دقائق</span></div></div></div></header>\n'
            f'{below}{figure}<div class="entry-content entry clearfix">\n{body}</div>\n'
            f'<div class="post-bottom-meta post-bottom-tags post-tags-modern"><div class="post-bottom-meta-title"><span '
            f'class="tie-icon-tags" aria-hidden="true"></span> الوسوم</div><span class="tagcloud">{tags(page, site)}</span>'
            f'</div>{_share_links(labels, "bottom")}</article>\n<div class="post-components">{author_box(page)}<div id="related-posts" '
            'class="container-wrapper has-extra-post"><div class="mag-box-title the-global-title"><h3>مقالات ذات صلة</h3>'
            f'</div><div class="related-posts-list">{related}</div></div><div id="check-also-box" class="container-wrapper '
            'check-also-right"><div class="widget-title the-global-title"><div class="the-subtitle">شاهد أيضاً</div></div>'
            f'{check_also}</div>{comments(case, "container-wrapper")}</div></div>\n'
            + _jannah_sidebar_footer(site, others))  # fmt: skip


def jannah_listing(case: Case, site: dict[str, Any], teasers: list[dict[str, str]], charset: str) -> str:
    items = links(teasers, '<li class="post-item tie-standard"><a aria-label="{title}" href="{url}" class="post-thumb">'
                            '<img src="/thumb.jpg" alt=""></a><div class="post-details"><div class="post-meta clearfix">'
                            '<span class="date meta-item tie-icon">{date}</span></div><h2 class="post-title"><a href="{url}">'
                            '{title}</a></h2><p class="post-excerpt">{excerpt}</p><a class="more-link button" href="{url}">'
                            'أكمل القراءة &raquo;</a></div></li>\n')  # fmt: skip
    body_class = case.get("page", {}).get("body_class", "archive category")
    return (head(case, site, charset, og_type="website") + f'<body id="tie-body" class="{body_class}">\n'
            f'{_jannah_header(site, teasers)}<div id="content" class="site-content container"><div id="main-content-row" '
            'class="tie-row main-content-row"><div class="main-content tie-col-md-8" role="main"><header class="entry-header-'
            f'outer container-wrapper"><h1 class="page-title">{escape(case["title"])}</h1></header><div class="mag-box '
            f'wide-post-box"><div class="container-wrapper"><div class="mag-box-container"><ul id="posts-container" class='
            f'"posts-items">{items}</ul></div></div></div><div class="pages-nav"><ul class="pages-numbers"><li class="current">'
            '<span class="pages-nav-item">1</span></li><li><a href="#" class="pages-nav-item">2</a></li><li class="last-page">'
            '<a href="#" class="pages-nav-item">الأخيرة &laquo;</a></li></ul></div></div>\n'
            + _jannah_sidebar_footer(site, teasers))  # fmt: skip


THEMES = {
    "enab-baladi": (enab_article, enab_listing),
    "jannah": (jannah_article, jannah_listing),
    "voice": (voice_article, voice_listing),
    "sahifa": (sahifa_article, sahifa_listing),
    "elementor": (elementor_article, elementor_listing),
    "zaman": (zaman_article, zaman_listing),
    "hawar": (hawar_article, hawar_listing),
}
