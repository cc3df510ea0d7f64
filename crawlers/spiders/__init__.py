"""moatscan's spiders (``scrapy list`` shows them)."""
