"""HTML → typed records: pure functions on a string of HTML (or bytes) and a URL.

Nothing here imports Scrapy, Twisted or ``crawlers``; tests need no reactor. Entry points:
``parsers.html.parse_html`` (parse once), ``parsers.product.extract_product``,
``parsers.extract.extract_page`` and ``parsers.store.extract_store_signals``; the last three
take HTML text, bytes, or the tree ``parse_html`` made.
"""
