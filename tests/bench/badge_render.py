"""One badge rendering measurement, in a process of its own so that its peak memory is its
own. Used by test_badge_bench.py:  python -m tests.bench.badge_render MODE COUNT

MODE: "badges" (our template, font and QR codes) or "bare" (the same text as plain HTML:
the baseline). Prints a JSON line with the seconds (wall clock, and CPU time: the render is
single-threaded, so on a busy machine its CPU time says what the wall clock cannot) and the
peak resident memory."""

import datetime as dt
import json
import resource
import sys
import time

import django


def sample_badges(count):
    from day.badges import Badge
    from events.models import Event

    event = Event(pk=1, name="Tech For Climate", date=dt.date(2027, 6, 8), venue_name="Espace George V")
    names = [
        ("Marie-Hélène", "de La Rochefoucauld-Montbel"),
        ("Aurore", "Stephant"),
        ("Zoé", "Ngô"),
        ("Jean", "Dupont"),
    ]
    roles = ["client", "partner", "supplier", "press", "speaker", "organiser"]
    return [
        Badge(
            first, last, f"Organisation exemple n° {index}", roles[index % len(roles)], f"1.r{index}:{'x' * 43}", event
        )
        for index, (first, last) in ((i, names[i % len(names)]) for i in range(count))
    ]


def bare_pdf(badges, *, sheets):
    from weasyprint import HTML

    pages = "".join(
        f'<section style="page-break-after: always"><p>{b.event.name}</p><p>{b.first_name} {b.last_name}</p>'
        f"<p>{b.organisation}</p><p>{b.role}</p></section>"
        for b in badges
    )
    return HTML(string=f"<html><body>{pages}</body></html>").write_pdf()


def main(mode, count, sheets):
    django.setup()
    from core.pdf import pdf_rendered

    # No database here: the footprint's count of the document (one upsert) is left out.
    pdf_rendered.disconnect(dispatch_uid="footprint.count_pdf")
    from day.badges import render_badges

    badges = sample_badges(count)
    started, cpu_started = time.perf_counter(), time.process_time()
    pdf = render_badges(badges, sheets=sheets) if mode == "badges" else bare_pdf(badges, sheets=sheets)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_kb / 1024, "bytes": len(pdf)}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sheets=len(sys.argv) > 3 and sys.argv[3] == "sheets")
