"""HTML → typed records: pure functions on a string of HTML (or bytes) and a URL.

Nothing here imports Scrapy, Twisted or ``crawlers``; tests need no reactor. Entry points:
``parsers.html.parse_html`` (parse once), ``parsers.product.extract_product``,
``parsers.extract.extract_page``, ``parsers.store.extract_store_signals`` and
``parsers.policies.extract_policies`` (these take HTML text, bytes, or the tree ``parse_html``
made); ``parsers.platforms.shopify_products`` / ``woocommerce_products`` for catalogue
endpoints. Text rules, one module each: ``delivery`` (delivery and returns windows),
``shipping`` (costs, free-shipping thresholds), ``tax``, ``prices``, ``reviews``,
``market_hints`` (which market a page is for).
"""
