"""Print a bench JSON (var/bench/bench-*.json) as a Markdown table for the README.

.venv/bin/python bench/table.py var/bench/latest.json
"""

import json
import sys


def main(path):
    with open(path, encoding="utf-8") as json_file:
        report = json.load(json_file)
    modes = report["modes"]
    names = [row["name"] for row in next(iter(modes.values()))["urls"]]
    head = "| page | " + " | ".join(
        f"{mode}: req/s | p50 / p99 ms | ratio | SQL | writes" for mode in modes
    )
    print(head + " |")
    print("|---" * (1 + 5 * len(modes)) + "|")
    for index, name in enumerate(names):
        cells = []
        for mode in modes.values():
            row = mode["urls"][index]
            cells += [
                f"{row['rps']:.1f}",
                f"{row['p50_ms']:.0f} / {row['p99_ms']:.0f}",
                f"{row['ratio']:.3f}",
                str(row["queries"]),
                str(row["writes"]),
            ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    floors = []
    for mode in modes.values():
        floor = mode["floor"]
        floors += [
            f"{floor['rps_mean']:.1f}",
            f"{floor['p50_ms']:.0f}",
            "1",
            str(floor["queries"]),
            str(floor["writes"]),
        ]
    print("| floor `/__floor__/` | " + " | ".join(floors) + " |")
    machine = report["machine"]
    transfer = report.get("transfer")
    print(
        f"\nScale {report['scale']:g} ({report['dataset']}), {report['database']}, search "
        f"{report['search_backend']}, wrk -c{report['settings']['connections']} "
        f"{report['settings']['duration_s']} s per run, {machine['cpus']} CPUs, load average "
        f"before {machine['load_before']['1min']}, after {machine['load_after']['1min']}."
    )
    if transfer:
        print(
            f"Home page first load in Chromium: {transfer['total_bytes'] / 1024:.1f} KB in "
            f"{transfer['requests']} requests (target 300 KB)."
        )


if __name__ == "__main__":
    main(sys.argv[1])
