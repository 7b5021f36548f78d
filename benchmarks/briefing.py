"""Time the briefing pack: the PowerPoint deck, and the one-pager (its HTML, and printing it with Chromium).

    python benchmarks/briefing.py [--scale N]... [--repeat N] [--lang th|en]

Prints, per scale and filter, the median wall time in milliseconds of `build_deck`, of `onepager_html` and of
`build_pdf` (which builds the HTML again and prints it) on a demo database (built once into benchmarks/.cache/).
What a click costs: the page calls one of `build_deck` or `build_pdf`, uncached.
"""

import argparse
import statistics
import time

from _common import demo_db

from dashboard.briefing.deck import build_deck
from dashboard.briefing.onepager import build_pdf, onepager_html
from dashboard.db.connection import Database
from dashboard.scope import Filters

FILTERS = {
    "country": Filters(),
    "country FY 2561": Filters(fiscal_year_be=2561),
    "region NE": Filters(region_code="NE"),
    "province 30": Filters(province_codes=("30",)),
}


def _median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", default="th", choices=("th", "en"))
    args = parser.parse_args()
    for scale in args.scale or [1]:
        db = Database(demo_db(scale))
        print(f"scale {scale}: {db.path.name}")
        for name, filters in FILTERS.items():
            build_deck(db, filters, lang=args.lang)
            deck = _median_ms(lambda: build_deck(db, filters, lang=args.lang), args.repeat)
            page = _median_ms(lambda: onepager_html(db, filters, lang=args.lang), args.repeat)
            pdf = _median_ms(lambda: build_pdf(db, filters, lang=args.lang), args.repeat)
            print(f"  {name:<16} deck {deck:6.0f} ms   one-pager html {page:6.0f} ms   pdf {pdf:6.0f} ms")
        db.close()


if __name__ == "__main__":
    main()
