"""URLs a page writes: split, made absolute, compared.

A malformed link ("http://[shop.example/", an IPv6 host left open, a port in letters) makes
``urlsplit``, ``urljoin`` or a URL's port raise; here it is no URL.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit


def split_url(url: str) -> SplitResult | None:
    """The parts of ``url``; None when it is no URL.

    >>> split_url("https://shop.example:8443/p?x=1").port, split_url("http://[shop") is None
    (8443, True)
    """
    try:
        parts = urlsplit(url)
        parts.port  # raises for a port in letters
    except ValueError:  # "http://[x"
        return None
    return parts


def absolute_url(base: str, href: str) -> str | None:
    """``href`` resolved against ``base``; None when either is no valid URL.

    >>> absolute_url("https://shop.example/p/1", "../cart")
    'https://shop.example/cart'
    >>> absolute_url("https://shop.example/p/1", "http://[shop") is None
    True
    """
    try:
        url = urljoin(base, href.strip())
    except ValueError:
        return None
    return url if split_url(url) else None  # urljoin returns an href as it is without a base


def page_key(url: str | None, base: str) -> str | None:
    """Host and path of a URL a page writes (relative to ``base``): the same page whatever
    its query, fragment or final slash; None for none or no URL.

    >>> page_key("/p/1/?ref=x#top", "https://Shop.example/"), page_key("http://[x", "")
    ('shop.example/p/1', None)
    """
    absolute = absolute_url(base, url) if url else None
    parts = split_url(absolute) if absolute else None
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}" if parts else None
