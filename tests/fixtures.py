"""Fixture articles, written for these tests in the style of crypto news."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

ARTICLES = [
    {
        "title": "Harbor Bank buys 245 BTC for $26 million",
        "body": "Harbor Bank said on Monday it bought 245 BTC for $26 million.The lender now holds "
        "1,200 BTC worth about $130 million, its filing showed.",
        "datetime": "2025-07-17T09:30:00.000Z",
        "source": "examplewire",
        "url": "https://news.example/harbor-bank-btc",
    },
    {
        "title": "Miners get 500 megawatts in Lakeland",
        "body": "Lakeland's energy ministry set aside 500 megawatts for bitcoin miners earlier this month.",
        "datetime": "2025-07-18T11:00:00",
        "source": "examplewire",
        "url": "https://news.example/lakeland-miners",
    },
    {
        "title": "Exchange volumes fall 15%",
        "body": "Spot volumes on Northgate Exchange fell 15% last week, the exchange said.",
        "datetime": "2025-07-19 08:15:00",
        "source": "otherpaper",
        "url": "https://other.example/volumes",
    },
]


def write_jsonl(path: Path, records: list[dict], *, gz: bool = False) -> Path:
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return path


def write_csv(path: Path, records: list[dict], *, gz: bool = False) -> Path:
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    return path


HTML_PAGE = """<!doctype html>
<html><head>
<title>Lakeland approves bitcoin reserve | Example Times</title>
<meta property="og:title" content="Lakeland approves bitcoin reserve">
<meta property="article:published_time" content="2025-07-16T14:00:00Z">
<link rel="canonical" href="https://times.example/lakeland-reserve">
<meta property="og:site_name" content="Example Times">
</head><body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
<article>
<h1>Lakeland approves bitcoin reserve</h1>
<p>Lakeland's parliament approved a strategic bitcoin reserve on Wednesday, allowing the
treasury to hold up to 5,000 BTC over the next five years.</p>
<p>The finance minister said the reserve would be funded from seized assets and would not
use tax revenue, a point opposition members had pressed during the debate.</p>
</article>
<footer>Copyright Example Times</footer>
</body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Wire</title><link>https://wire.example/</link><description>Crypto news</description>
<item><title>Fund adds 300 ETH</title><link>https://wire.example/fund-eth</link>
<pubDate>Thu, 17 Jul 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The Alpine Fund bought 300 ETH for $1 million on Thursday.&lt;/p&gt;</description></item>
<item><title>Miner sells 50 BTC</title><link>https://wire.example/miner-btc</link>
<pubDate>Wed, 16 Jul 2025 18:30:00 +0200</pubDate>
<description>A listed miner sold 50 BTC worth $5.9 million to cover costs.</description></item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Ledger</title><id>urn:example:ledger</id><updated>2025-07-18T00:00:00Z</updated>
<entry><title>Regulator fines exchange</title><id>urn:example:1</id>
<link href="https://ledger.example/fine"/><updated>2025-07-18T07:00:00Z</updated>
<content type="html">&lt;p&gt;The regulator fined Northgate Exchange $2 million on Friday.&lt;/p&gt;</content></entry>
</feed>
"""
