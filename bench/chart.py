#!/usr/bin/env python3
"""Draws bench results (JSON lines from bench/run.sh) as an SVG bar chart, with the standard library only.

usage: python3 bench/chart.py results.jsonl chart.svg
Uses the last measurement of each (server, scenario) pair in the file.
"""
import json
import sys

COLOURS = {"sse-hub": "#3b7dd8", "nchan": "#999999", "vertx-plain": "#e0a040"}
PANELS = [
    ("CPU µs per delivered event", "cpu_us_per_event", lambda r: r["rate"] > 0, lambda r: f"1,000 subs @ {r['rate']}/s"),
    ("Delivery latency p99 (ms)", "p99_us", lambda r: r["rate"] > 0, lambda r: f"1,000 subs @ {r['rate']}/s"),
    ("RSS per idle connection (KB)", "rss_per_connection_bytes", lambda r: r["rate"] == 0,
     lambda r: f"{r['subscribers']:,} idle"),
]


def main(source, target):
    rows = [json.loads(line) for line in open(source, encoding="utf-8") if line.strip().startswith("{")]
    latest = {}
    for row in rows:
        if "rate" not in row or "subscribers" not in row:
            continue  # the cold-start lines have panels of their own in docs/benchmarks.md, not here
        latest[(row["label"], row["rate"], row["subscribers"])] = row
    panels = []
    for title, key, keep, name in PANELS:
        groups = {}
        for row in latest.values():
            if keep(row) and key in row:
                value = row[key] / (1000.0 if key in ("p99_us", "rss_per_connection_bytes") else 1.0)
                groups.setdefault(name(row), {})[row["label"]] = value
        panels.append((title, groups))
    width, panel_height = 720, 180
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{panel_height * len(panels) + 40}" '
           'font-family="sans-serif" font-size="12">',
           '<text x="10" y="20" font-size="14" font-weight="bold">sse-hub, Nchan and a plain Vert.x SSE server (lower is better; each group on its own scale)</text>']
    for index, (title, groups) in enumerate(panels):
        top = 40 + index * panel_height
        svg.append(f'<text x="10" y="{top + 14}" font-weight="bold">{title}</text>')
        y = top + 28
        for group, values in sorted(groups.items()):
            # Each group has its own scale: at 100 events/s a server that falls behind can be 40 times slower.
            peak = max(list(values.values()) or [1])
            svg.append(f'<text x="10" y="{y + 12}">{group}</text>')
            for label in COLOURS:
                if label in values:
                    bar = 440 * values[label] / peak
                    svg.append(f'<rect x="160" y="{y}" width="{bar:.1f}" height="14" fill="{COLOURS[label]}"/>')
                    svg.append(f'<text x="{165 + bar:.1f}" y="{y + 11}">{label} {values[label]:.1f}</text>')
                    y += 18
            y += 10
    svg.append("</svg>")
    with open(target, "w", encoding="utf-8") as out:
        out.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
