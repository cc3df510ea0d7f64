"""Links a page writes, made absolute.

A malformed link ("http://[shop.example/", an IPv6 host left open, a port in letters) makes
``urljoin`` or a URL's port raise; here it is no link.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def absolute_url(base: str, href: str) -> str | None:
    """``href`` resolved against ``base``; None when either is no valid URL.

    >>> absolute_url("https://shop.example/p/1", "../cart")
    'https://shop.example/cart'
    >>> absolute_url("https://shop.example/p/1", "http://[shop") is None
    True
    """
    try:
        url = urljoin(base, href.strip())
        urlsplit(url).port  # urljoin returns an href as it is when the base is empty
    except ValueError:  # "http://[x", a port in letters
        return None
    return url
