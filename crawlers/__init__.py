"""The Scrapy project: spiders navigate stores, parsers/ extracts, the pipeline stores."""
