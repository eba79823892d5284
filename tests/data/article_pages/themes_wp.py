"""WordPress themes of three more outlets, reconstructed for this corpus (written for it, not copied): Voice
(meks), which Deir Ezzor 24 runs (its listings are ``div.vce-loop-wrap article h2.entry-title``, its text
``div.entry-content > p``, as public scrapers of the site read them); Sahifa (TieLabs), Suwayda 24's
(``div.post-listing.archive-box article``, ``h2.post-box-title``, ``div.entry > p``); and an Elementor
theme-builder layout, Halab Today's (``h3.elementor-post__title`` in its listings)."""

from __future__ import annotations

from html import escape
from typing import Any

from parts import Case, attr, comments, head, links, tags

SHARE = ("Facebook", "Twitter", "WhatsApp", "Telegram")


def _menu(site: dict[str, Any], item: str) -> str:
    return "".join(
        item.format(url=f"{site['base']}/category/{i}/", label=m) for i, m in enumerate(site["menu"])
    )


def _figure(case: Case, site: dict[str, Any], wrap: str) -> str:
    caption = case.get("page", {}).get("caption")
    if not caption:
        return ""
    return wrap.format(src=f"{site['base']}/wp-content/uploads/{case['id']}.jpg", caption=escape(caption))


# --- Voice (Deir Ezzor 24) ----------------------------------------------------------------------------


def _voice_header(site: dict[str, Any]) -> str:
    social = "".join(
        f'<li><a href="#" target="_blank"><span class="vce-social-name">{s}</span></a></li>'
        for s in SHARE[:2]
    )
    menu = _menu(site, '<li class="menu-item"><a href="{url}">{label}</a></li>')
    return ('<div id="vce-main">\n<header id="header" class="main-header"><div class="top-header"><div class="container">'
            '<div class="vce-wrap-left"><ul id="vce_top_navigation_menu" class="top-nav-menu"><li><a href="#">من نحن</a>'
            f'</li><li><a href="#">اتصل بنا</a></li><li><a href="{site["base"]}/en/">English</a></li></ul></div><div '
            f'class="vce-wrap-right"><ul id="social-menu" class="soc-nav-menu">{social}</ul></div></div></div>'
            '<div class="container header-main-area"><div class="vce-res-nav"><a class="vce-responsive-nav" href="#sidr-main">'
            '<i class="fa fa-bars"></i></a></div><div class="site-branding"><span class="site-title"><a href="'
            f'{site["base"]}/" rel="home" class="has-logo"><img src="{site["base"]}/logo.png" alt="{attr(site["name"])}">'
            '</a></span></div></div><div class="header-bottom-wrapper"><div class="container"><nav id="site-navigation" '
            f'class="main-navigation" role="navigation"><ul id="vce_main_navigation_menu" class="nav-menu">{menu}<li '
            'class="search-header-wrap"><a class="search_header" href="javascript:void(0)"><i class="fa fa-search"></i></a>'
            '<ul class="search-header-form-ul"><li><form class="vce-search-form" action="/" method="get"><input name="s" '
            'class="vce-search-input" type="text" placeholder="اكتب كلمة البحث هنا"></form></li></ul></li></ul></nav>'
            '</div></div></header>\n<div id="main-wrapper">\n')  # fmt: skip


def _voice_sidebar_footer(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    popular = links(others[:5], '<li><a href="{url}" class="featured_image_sidebar"><img src="/thumb.jpg" alt=""></a>'
                                '<a href="{url}" class="vce-post-link">{title}</a></li>')  # fmt: skip
    return ('<aside id="sidebar" class="sidebar right"><div id="vce_posts_widget-2" class="widget vce_posts_widget">'
            f'<h4 class="widget-title">الأكثر قراءة</h4><ul class="vce-post-list">{popular}</ul></div><div '
            'class="widget widget_text"><h4 class="widget-title">تابعونا</h4><div class="textwidget"><p>تابعوا آخر '
            'أخبار المنطقة الشرقية على قناتنا في تلغرام</p></div></div></aside>\n</div>\n<footer id="footer" '
            'class="site-footer"><div class="container-full site-info"><div class="container"><div class="vce-wrap-left">'
            f'<p>جميع الحقوق محفوظة لشبكة {escape(site["name"])} © 2025</p></div><div class="vce-wrap-right"><ul '
            'id="vce_footer_menu" class="bottom-nav-menu"><li><a href="#">من نحن</a></li><li><a href="#">سياسة الخصوصية'
            '</a></li></ul></div></div></div></footer>\n</div>\n</div>\n<a href="javascript:void(0)" id="back-top"><i '
            'class="fa fa-angle-up"></i></a>\n</body>\n</html>\n')  # fmt: skip


def _voice_share() -> str:
    items = "".join(
        f'<li><a class="fa fa-{s.lower()}" href="#" title="{s}"><span>{s}</span></a></li>' for s in SHARE
    )
    return f'<div class="vce-share-bar"><ul class="vce-share-items">{items}</ul></div>'


def voice_article(
    case: Case, site: dict[str, Any], body: str, others: list[dict[str, str]], charset: str
) -> str:
    page = case.get("page", {})
    figure = _figure(case, site, '<div class="meta-image"><img src="{src}" alt=""><span class="vce-photo-caption">'
                                 "{caption}</span></div>")  # fmt: skip
    related = links(others[:3], '<article class="vce-post vce-lay-d"><div class="meta-image"><a href="{url}"><img '
                                'src="/thumb.jpg" alt=""></a></div><header class="entry-header"><h2 class="entry-title">'
                                '<a href="{url}">{title}</a></h2></header></article>')  # fmt: skip
    neighbours = links(others[:1], '<div class="vce-prev-link"><a href="{url}" rel="next"><span class="img-wrp"><img '
                                   'src="/thumb.jpg" alt=""></span><span><i class="fa fa-chevron-right"></i> {title}'
                                   "</span></a></div>")  # fmt: skip
    return (head(case, site, charset) + '<body class="post-template-default single single-post rtl voice-v_2_9 '
            f'vce-sid-right">\n{_voice_header(site)}<div id="content" class="container site-content"><div id="primary" '
            f'class="vce-main-content"><main id="main" class="main-box main-box-single">\n<article class="vce-single post '
            f'type-post"><header class="entry-header"><span class="meta-category"><a href="{site["base"]}/category/news/" '
            f'class="category-1">أخبار</a></span><h1 class="entry-title">{escape(case["title"])}</h1><div class='
            f'"entry-meta"><div class="meta-item date"><span class="updated">{escape(page.get("shown_date", ""))}</span>'
            '</div><div class="meta-item author"><span class="vcard author"><span class="fn"><a href="#">'
            f'{escape(page.get("author", site["name"]))}</a></span></span></div></div></header>\n{figure}{_voice_share()}'
            f'\n<div class="entry-content">\n{body}</div>\n<footer class="entry-footer"><div class="meta-tags">'
            f'{tags(page, site)}</div></footer>{_voice_share()}</article>\n<nav class="prev-next-nav">{neighbours}</nav>'
            '<div class="main-box vce-related-box"><h3 class="main-box-title">مقالات ذات صلة</h3><div class='
            f'"main-box-inside">{related}</div></div>\n{comments(case)}</main></div>\n'
            + _voice_sidebar_footer(site, others))  # fmt: skip


def voice_listing(case: Case, site: dict[str, Any], teasers: list[dict[str, str]], charset: str) -> str:
    items = links(teasers, '<article class="vce-post vce-lay-b post type-post"><div class="meta-image"><a href="{url}">'
                           '<img src="/thumb.jpg" alt=""></a></div><header class="entry-header"><h2 class="entry-title">'
                           '<a href="{url}">{title}</a></h2><div class="entry-meta"><div class="meta-item date"><span '
                           'class="updated">{date}</span></div></div></header><div class="entry-content"><p>{excerpt}</p>'
                           "</div></article>\n")  # fmt: skip
    pages = "".join(f'<a class="page-numbers" href="{case["url"]}page/{n}/">{n}</a>' for n in range(2, 5))
    return (head(case, site, charset, og_type="website") + f'<body class="archive tag rtl">\n{_voice_header(site)}'
            '<div id="content" class="container site-content"><div id="primary" class="vce-main-content"><div '
            f'class="main-box"><h1 class="main-box-title">{escape(case["title"])}</h1><div class="main-box-inside"><div '
            f'class="vce-loop-wrap">\n{items}</div><nav id="vce-pagination"><span class="page-numbers current">1</span>'
            f'{pages}<a class="next page-numbers" href="#">التالي</a></nav></div></div></div>\n'
            + _voice_sidebar_footer(site, teasers))  # fmt: skip


# --- Sahifa (Suwayda 24) ------------------------------------------------------------------------------


def _sahifa_header(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    social = "".join(f'<a class="ttip-none" title="{s}" href="#" target="_blank"><i class="fa fa-{s.lower()}"></i></a>'
                     for s in SHARE)  # fmt: skip
    menu = _menu(site, '<li class="menu-item"><a href="{url}">{label}</a></li>')
    ticker = links(others[:4], '<li><a href="{url}" title="{title}">{title}</a></li>')
    return ('<div class="wrapper-outer"><div class="background-cover"></div>\n<div id="wrapper" class="wide-layout">'
            '<div class="inner-wrapper">\n<header id="theme-header" class="theme-header"><div id="top-nav" class="top-nav">'
            f'<div class="container"><span class="today-date">{site["today"]}</span><div class="top-menu"><ul '
            'id="menu-top" class="menu"><li><a href="#">من نحن</a></li><li><a href="#">اتصل بنا</a></li></ul></div>'
            f'<div class="social-icons">{social}</div></div></div><div class="header-content"><div class="logo"><h2><a '
            f'title="{attr(site["name"])}" href="{site["base"]}/"><img src="{site["base"]}/logo.png" alt="'
            f'{attr(site["name"])}"></a></h2></div></div><nav id="main-nav" class="fixed-enabled"><div class="container">'
            f'<div class="main-menu"><ul id="menu-main" class="menu">{menu}</ul></div></div></nav></header>\n<div '
            'id="breaking-news" class="breaking-news"><span class="breaking-news-title"><i class="fa fa-bolt"></i> '
            f'<span>عاجل</span></span><ul>{ticker}</ul></div>\n')  # fmt: skip


def _sahifa_sidebar_footer(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    latest = links(others[:5], '<li><div class="post-thumbnail"><a href="{url}"><img src="/thumb.jpg" alt=""></a></div>'
                                '<h3><a href="{url}">{title}</a></h3><span class="tie-date"><i class="fa fa-clock-o"></i>'
                                "{date}</span></li>")  # fmt: skip
    return ('<aside id="sidebar"><div class="theiaStickySidebar"><div id="posts-list-widget-2" class="widget posts-list">'
            '<div class="widget-top"><h4>آخر الأخبار</h4><div class="stripe-line"></div></div><div class="widget-container">'
            f'<ul>{latest}</ul></div></div></div></aside>\n</div>\n<footer id="theme-footer"><div id="footer-widget-area" '
            'class="footer-3c"><div id="text-2" class="footer-widget widget_text"><div class="footer-widget-top"><h4>'
            f'عن الشبكة</h4></div><div class="footer-widget-container"><div class="textwidget">{escape(site["name"])} شبكة '
            'إخبارية محلية.</div></div></div></div></footer>\n<div class="footer-bottom"><div class="container"><div '
            f'class="alignright">جميع الحقوق محفوظة © 2025 {escape(site["name"])}</div></div></div>\n</div></div></div>\n'
            '<div id="topcontrol" class="fa fa-angle-up" title="إلى الأعلى"></div>\n</body>\n</html>\n')  # fmt: skip


def sahifa_article(
    case: Case, site: dict[str, Any], body: str, others: list[dict[str, str]], charset: str
) -> str:
    page = case.get("page", {})
    figure = _figure(case, site, '<div class="single-post-thumb"><img src="{src}" alt=""></div><div '
                                 'class="single-post-caption">{caption}</div>')  # fmt: skip
    share = "".join(f'<li><a href="#" class="social-{s.lower()}"><i class="fa fa-{s.lower()}"></i> <span>{s}</span>'
                    "</a></li>" for s in SHARE)  # fmt: skip
    related = links(others[:3], '<div class="related-item"><div class="post-thumbnail"><a href="{url}"><img '
                                'src="/thumb.jpg" alt=""></a></div><h3><a href="{url}" rel="bookmark">{title}</a></h3>'
                                '<p class="post-meta"><span class="tie-date"><i class="fa fa-clock-o"></i>{date}</span>'
                                "</p></div>")  # fmt: skip
    neighbours = links(others[:2], '<div class="post-previous"><a href="{url}" rel="prev"><span>السابق</span> {title}'
                                   "</a></div>")  # fmt: skip
    return (head(case, site, charset) + '<body id="top" class="rtl single single-post lazy-enabled">\n'
            f'{_sahifa_header(site, others)}<div id="main-content" class="container"><div class="content"><div '
            f'id="crumbs"><span><a class="crumbs-home" href="{site["base"]}/"><i class="fa fa-home"></i>الرئيسية</a></span>'
            f' <span class="delimiter">/</span> <span class="current">{escape(case["title"])}</span></div>\n<article '
            f'class="post-listing post type-post">{figure}<div class="post-inner"><h1 class="name post-title entry-title">'
            f'<span itemprop="name">{escape(case["title"])}</span></h1><p class="post-meta"><span class="post-meta-author">'
            f'<i class="fa fa-user"></i><a href="#">{escape(page.get("author", site["name"]))}</a></span><span '
            f'class="tie-date"><i class="fa fa-clock-o"></i>{escape(page.get("shown_date", ""))}</span><span '
            'class="post-comments"><i class="fa fa-comments"></i><a href="#respond">أضف تعليقاً</a></span><span '
            f'class="post-views"><i class="fa fa-eye"></i>1,204 </span></p><div class="clear"></div>\n<div class="entry">'
            f'\n{body}</div>\n<div class="share-post"><span class="share-text">شارك</span><ul class="flat-social">{share}'
            f'</ul></div><div class="clear"></div></div></article>\n<p class="post-tag">الوسوم{tags(page, site)}</p><section '
            'id="related_posts"><div class="block-head"><h3>مقالات ذات صلة</h3><div class="stripe-line"></div></div><div '
            f'class="post-listing">{related}</div></section><div class="post-navigation">{neighbours}</div>\n'
            f'{comments(case)}</div>\n' + _sahifa_sidebar_footer(site, others))  # fmt: skip


def sahifa_listing(case: Case, site: dict[str, Any], teasers: list[dict[str, str]], charset: str) -> str:
    items = links(teasers, '<article class="item-list"><h2 class="post-box-title"><a href="{url}">{title}</a></h2><p '
                           'class="post-meta"><span class="tie-date"><i class="fa fa-clock-o"></i>{date}</span></p><div '
                           'class="post-thumbnail"><a href="{url}"><img src="/thumb.jpg" alt=""></a></div><div class="entry">'
                           '<p>{excerpt}</p><a class="more-link" href="{url}">أكمل القراءة &raquo;</a></div><div '
                           'class="clear"></div></article>\n')  # fmt: skip
    return (head(case, site, charset, og_type="website") + '<body id="top" class="rtl archive tag lazy-enabled">\n'
            f'{_sahifa_header(site, teasers)}<div id="main-content" class="container"><div class="content"><div '
            f'class="page-head"><h1 class="page-title">{escape(case["title"])}</h1><div class="stripe-line"></div></div>'
            f'<div class="post-listing archive-box">\n{items}</div><div class="pagination"><span class="current">1</span>'
            '<a href="#" class="page" title="2">2</a><a href="#" class="page" title="3">3</a></div></div>\n'
            + _sahifa_sidebar_footer(site, teasers))  # fmt: skip


# --- Elementor (Halab Today) --------------------------------------------------------------------------


def _widget(kind: str, inner: str) -> str:
    return (f'<div class="elementor-element elementor-widget elementor-widget-{kind}"><div '
            f'class="elementor-widget-container">{inner}</div></div>')  # fmt: skip


def _elementor_posts(items: list[dict[str, str]], excerpt: bool) -> str:
    extra = ('<div class="elementor-post__excerpt"><p>{excerpt}</p></div><a class="elementor-post__read-more" '
             'href="{url}">اقرأ المزيد »</a>') if excerpt else ""  # fmt: skip
    posts = links(items, '<article class="elementor-post elementor-grid-item post type-post"><a class="elementor-post__'
                         'thumbnail__link" href="{url}"><div class="elementor-post__thumbnail"><img src="/thumb.jpg" '
                         'alt=""></div></a><div class="elementor-post__text"><h3 class="elementor-post__title"><a href='
                         '"{url}">{title}</a></h3><div class="elementor-post__meta-data"><span class="elementor-post-date">'
                         "{date}</span></div>" + extra + "</div></article>\n")  # fmt: skip
    return f'<div class="elementor-posts-container elementor-posts elementor-grid elementor-posts--skin-classic">{posts}</div>'


def _elementor_header(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    menu = _menu(site, '<li class="menu-item"><a href="{url}" class="elementor-item">{label}</a></li>')
    ticker = links(others[:4], '<li><a href="{url}">{title}</a></li>')
    return ('<div data-elementor-type="header" class="elementor elementor-10 elementor-location-header"><section '
            'class="elementor-section elementor-top-section"><div class="elementor-container"><div class="elementor-column">'
            '<div class="elementor-widget-wrap">'
            + _widget("image", f'<a href="{site["base"]}/"><img src="{site["base"]}/logo.png" alt="{attr(site["name"])}"></a>')
            + _widget("nav-menu", '<nav class="elementor-nav-menu--main elementor-nav-menu__container"><ul '
                                  f'class="elementor-nav-menu">{menu}</ul></nav>')
            + _widget("search-form", '<form class="elementor-search-form" role="search"><input placeholder="بحث..." '
                                     'class="elementor-search-form__input" type="search" name="s"></form>')
            + _widget("button", f'<a class="elementor-button" href="{site["base"]}/live/"><span class="elementor-button-text">'
                                "البث المباشر</span></a>")
            + '</div></div></div></section><section class="elementor-section breaking"><div class="elementor-container">'
            + _widget("heading", '<span class="elementor-heading-title">عاجل</span>')
            + f'<ul class="ticker-list">{ticker}</ul></div></section></div>\n')  # fmt: skip


def _elementor_footer(site: dict[str, Any], others: list[dict[str, str]]) -> str:
    return ('<div data-elementor-type="footer" class="elementor elementor-location-footer"><section class="elementor-section">'
            '<div class="elementor-container">'
            + _widget("text-editor", f"<p>{escape(site['name'])}: قناة فضائية سورية إخبارية.</p>")
            + _widget("heading", '<h2 class="elementor-heading-title">الأكثر قراءة</h2>')
            + _widget("posts", _elementor_posts(others[:3], excerpt=False))
            + _widget("text-editor", f"<p>جميع الحقوق محفوظة لقناة {escape(site['name'])} © 2025</p>")
            + "</div></section></div>\n</body>\n</html>\n")  # fmt: skip


def elementor_article(
    case: Case, site: dict[str, Any], body: str, others: list[dict[str, str]], charset: str
) -> str:
    page = case.get("page", {})
    share = "".join(f'<div class="elementor-grid-item"><div class="elementor-share-btn elementor-share-btn_{s.lower()}">'
                    f'<span class="elementor-share-btn__icon"><i class="fab fa-{s.lower()}"></i></span><div class='
                    f'"elementor-share-btn__text"><span class="elementor-share-btn__title">{s}</span></div></div></div>'
                    for s in SHARE)  # fmt: skip
    share = _widget("share-buttons", f'<div class="elementor-grid">{share}</div>')
    figure = _figure(case, site, '<figure class="wp-caption"><img src="{src}" alt=""><figcaption class="widget-image-'
                                 'caption wp-caption-text">{caption}</figcaption></figure>')  # fmt: skip
    info = ('<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info"><li class="elementor-icon-'
            'list-item"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-'
            f'date">{escape(page.get("shown_date", ""))}</span></li><li class="elementor-icon-list-item"><span class='
            f'"elementor-post-info__terms-list"><a href="{site["base"]}/archives/category/news/syrianews">سوريا</a></span>'
            "</li></ul>")  # fmt: skip
    column = (_widget("breadcrumbs", f'<p id="breadcrumbs"><span><a href="{site["base"]}/">الرئيسية</a> » <a href="'
                                     f'{site["base"]}/archives/category/news">أخبار</a> » <span class="breadcrumb_last">'
                                     f'{escape(case["title"])}</span></span></p>')
              + _widget("theme-post-title", f'<h1 class="elementor-heading-title elementor-size-default">'
                                            f'{escape(case["title"])}</h1>')
              + _widget("post-info", info) + (_widget("theme-post-featured-image", figure) if figure else "") + share
              + _widget("theme-post-content", f"\n{body}") + _widget("post-info", f'<span class="tags">{tags(page, site)}</span>')
              + share + _widget("heading", '<h2 class="elementor-heading-title">أخبار ذات صلة</h2>')
              + _widget("posts", _elementor_posts(others[:3], excerpt=False)) + _widget("post-comments", comments(case)))  # fmt: skip
    return (head(case, site, charset) + '<body class="post-template-default single single-post rtl elementor-default '
            f'elementor-template-full-width elementor-kit-5">\n{_elementor_header(site, others)}<div data-elementor-type='
            '"single-post" class="elementor elementor-120 elementor-location-single post type-post"><section class='
            '"elementor-section"><div class="elementor-container"><div class="elementor-column elementor-col-66"><div '
            f'class="elementor-widget-wrap">{column}</div></div><div class="elementor-column elementor-col-33"><div class='
            '"elementor-widget-wrap">' + _widget("heading", '<h2 class="elementor-heading-title">آخر الأخبار</h2>')
            + _widget("posts", _elementor_posts(others[3:6], excerpt=False)) + "</div></div></div></section></div>\n"
            + _elementor_footer(site, others))  # fmt: skip


def elementor_listing(case: Case, site: dict[str, Any], teasers: list[dict[str, str]], charset: str) -> str:
    pages = "".join(f'<a class="page-numbers" href="{case["url"]}page/{n}/">{n}</a>' for n in range(2, 5))
    return (head(case, site, charset, og_type="website") + '<body class="archive tag rtl elementor-default">\n'
            f'{_elementor_header(site, teasers)}<div data-elementor-type="archive" class="elementor elementor-location-'
            'archive"><section class="elementor-section"><div class="elementor-container"><div class="elementor-widget-wrap">'
            + _widget("theme-archive-title", f'<h1 class="elementor-heading-title">{escape(case["title"])}</h1>')
            + _widget("archive-posts", _elementor_posts(teasers, excerpt=True) + '<nav class="elementor-pagination">'
                                       f'<span class="page-numbers current">1</span>{pages}</nav>')
            + "</div></div></section></div>\n" + _elementor_footer(site, teasers))  # fmt: skip
