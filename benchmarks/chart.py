"""Turns benchmarks/run.py's results.json into a bar chart and a table.

    /usr/bin/python3 benchmarks/chart.py RESULTS.json [--svg OUT.svg] [--scale-svg OUT.svg]
                                          [--markdown OUT.md] [--update-doc DOC.md]

``--svg`` writes a bar chart of every ratio (contender's median / baseline's
median), with the 1.0 line and each target marked; it is plain
SVG written here, so no plotting library is needed. ``--markdown`` writes
the results table (date, machine, versions, medians, ratios, targets,
memory) as Markdown; ``--update-doc`` puts that table into DOC.md in place
of what stands between its ``<!-- results:begin -->`` and
``<!-- results:end -->`` lines (docs/benchmarks.md), and the scale
benchmark's table in place of what stands between ``<!-- scale:begin -->``
and ``<!-- scale:end -->``: a run of one updates only its own section.
``--scale-svg`` draws the scale benchmark's ratios apart; each chart is
written only when the run has results for it.
"""

import argparse
import html
import json
import sys

import scale_runner

GROUP_TITLES = {
    "c": "C: gossl / plain OpenSSL",
    "python": "Python TLS: gossl's OpenSSL.SSL / baseline",
    "crypto": "Python crypto: gossl's OpenSSL.crypto / pyOpenSSL 23",
    "scale": "Scale: gossl C echo server / baseline (memory, latency, CPU, gap: baseline / gossl)",
}
NAMES = {
    "openssl-c": "plain OpenSSL (C)",
    "gossl-c": "gossl recv (C)",
    "gossl-c-into": "gossl recv_into (C)",
    "stdlib": "stdlib ssl",
    "pyopenssl": "pyOpenSSL 23",
    "gossl-py": "gossl OpenSSL.SSL",
    "pyopenssl-crypto": "pyOpenSSL 23",
    "gossl-py-crypto": "gossl OpenSSL.crypto",
}
COLUMNS = {
    "c": ["openssl-c", "gossl-c", "gossl-c-into"],
    "python": ["stdlib", "pyopenssl", "gossl-py"],
    "crypto": ["pyopenssl-crypto", "gossl-py-crypto"],
}
SHORT = {"openssl-c": "plain C", "stdlib": "stdlib ssl", "pyopenssl": "pyOpenSSL",
         "gossl-c": "recv", "gossl-c-into": "recv_into"}

X_MAX = 2.5  # ratios beyond are drawn cut, with their value


def bars(results):
    """(group, label, ratio, target, strict, met, instruction ratio or None)
    for every ratio."""
    out = []
    ir = results.get("instructions") or {}
    for group in ("c", "python", "crypto"):
        for test, entry in results["summary"].get(group, {}).items():
            ir_ratios = {(r["contender"], r["baseline"]): r["ratio"]
                         for r in ir.get(group, {}).get(test, {}).get("ratios", [])}
            for r in entry["ratios"]:
                label = entry["label"]
                if group == "python":
                    label += " vs " + SHORT.get(r["baseline"], r["baseline"])
                elif group == "c":
                    label += ", " + SHORT.get(r["contender"], r["contender"])
                out.append((group, label, r["ratio"], r["target"], r["strict"], r["met"],
                            ir_ratios.get((r["contender"], r["baseline"]))))
    if results.get("scale"):
        for label, ratio, target in scale_runner.bars(results["scale"]):
            out.append(("scale", label, ratio, target, False,
                        None if target is None else ratio >= target, None))
    return out


def svg(results, scale=False):
    rows = [r for r in bars(results) if (r[0] == "scale") == scale]
    meta = results["meta"]
    width, label_w, bar_w = 900, 360, 470
    row_h, top = 22, 70
    groups = [g for g in ("c", "python", "crypto", "scale") if any(r[0] == g for r in rows)]
    height = top + len(rows) * row_h + len(groups) * 30 + 66

    def x(v):
        return label_w + bar_w * min(v, X_MAX) / X_MAX

    e = html.escape
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
        'viewBox="0 0 %d %d" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">'
        % (width, height, width, height),
        '<rect width="100%" height="100%" fill="white"/>',
        '<text x="10" y="22" font-size="16" font-weight="bold">gossl benchmarks: ratio to the '
        'baseline measured in the same run (higher is better)</text>',
        '<text x="10" y="42" fill="#444">%s; %s; %s; median of %d runs</text>'
        % (e(meta["date"]), e(meta["machine"]), e(meta["openssl"]),
           results["scale"]["runs"] if not results["summary"] and results.get("scale")
           else results["runs"]),
    ]
    # Axis ticks and the 1.0 line.
    y_axis_top, y_axis_bottom = top - 8, height - 56
    for tick in (0.5, 1.0, 1.5, 2.0, 2.5):
        parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="%s"/>'
                     % (x(tick), y_axis_top, x(tick), y_axis_bottom,
                        "#333" if tick == 1.0 else "#ddd", "1.5" if tick == 1.0 else "1"))
        parts.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#444">%.1f×</text>'
                     % (x(tick), y_axis_bottom + 16, tick))
    parts.append('<text x="%d" y="%d" fill="#444">0</text>' % (label_w - 4, y_axis_bottom + 16))
    y = top
    for group in groups:
        parts.append('<text x="10" y="%d" font-weight="bold">%s</text>' % (y + 14, e(GROUP_TITLES[group])))
        y += 30
        for g, label, ratio, target, strict, met, ir_ratio in rows:
            if g != group:
                continue
            colour = "#9e9e9e" if target is None else (
                "#2e7d32" if met else ("#c62828" if strict else "#ef6c00"))
            parts.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                         % (label_w - 8, y + 14, e(label)))
            parts.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                         % (label_w, y + 3, x(ratio) - label_w, row_h - 6, colour))
            if ratio > X_MAX:
                # A cut bar: a white zigzag near its end.
                cx = x(X_MAX) - 14
                parts.append('<polyline points="%.1f,%d %.1f,%d %.1f,%d" fill="none" '
                             'stroke="white" stroke-width="3"/>'
                             % (cx, y + 3, cx + 5, y + row_h // 2, cx, y + row_h - 3))
            if target is not None:
                parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="black" '
                             'stroke-width="2" stroke-dasharray="%s"/>'
                             % (x(target), y + 1, x(target), y + row_h - 1,
                                "none" if strict else "3,2"))
            if ir_ratio is not None:
                # The instruction-count ratio: a diamond on the bar's row.
                cx, cy = x(ir_ratio), y + row_h / 2
                parts.append('<polygon points="%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f" '
                             'fill="#ffd54f" stroke="black" stroke-width="1"/>'
                             % (cx, cy - 6, cx + 6, cy, cx, cy + 6, cx - 6, cy))
            right = max(x(ratio), x(target) if target is not None else 0,
                        x(ir_ratio) + 6 if ir_ratio is not None else 0)
            parts.append('<text x="%.1f" y="%d" fill="#111">%.2f×</text>'
                         % (min(right, label_w + bar_w) + 5, y + 14, ratio))
            y += row_h
    parts.append('<text x="10" y="%d" fill="#444">green: target met; red: target missed; '
                 'orange: below an approximate target; grey: no target.</text>' % (height - 22))
    parts.append('<text x="10" y="%d" fill="#444">Black mark: the target (dashed: '
                 'approximate). Yellow diamond: the same ratio in instructions executed '
                 '(callgrind). Bars beyond %.1f× are cut.</text>' % (height - 6, X_MAX))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def fmt(v):
    if v >= 1000:
        return "{:,.0f}".format(v)
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def markdown(results):
    meta = results["meta"]
    lines = [
        "Measured %s on %s (%s, kernel %s)." % (meta["date"], meta["machine"], meta["os"],
                                                meta["kernel"]),
        "",
        "| | version |",
        "|---|---|",
        "| OpenSSL | %s |" % meta["openssl"],
        "| gossl | commit %s, meson %s build |" % (meta["gossl_commit"], meta["buildtype"]),
        "| GLib / PyGObject | %s / %s |" % (meta["glib"], meta["pygobject"]),
        "| Python | %s |" % meta["python"],
        "| pyOpenSSL (cryptography) | %s (%s) |" % (meta["pyopenssl"], meta["cryptography"]),
        "| compiler | %s |" % meta["compiler"],
        "",
        "Medians of %d runs; each ratio is the contender's median over the baseline's, both "
        "from this one run of the suite; \"runs\" is the range of the ratios of the single "
        "runs. Bulk: %d MiB each way. CPU pinning: %s."
        % (results["runs"], results["bulk_mib_each_way"], results.get("pinning", "none")),
        "",
    ]
    if not results["summary"]:
        del lines[-2:]  # a run of the scale benchmark alone: nothing of the above
    for group in ("c", "python", "crypto"):
        tests = results["summary"].get(group)
        if not tests:
            continue
        cols = COLUMNS[group]
        lines.append("**%s**" % GROUP_TITLES[group])
        lines.append("")
        lines.append("| workload | unit | %s | ratio | runs | target | |"
                     % " | ".join(NAMES[c] for c in cols))
        lines.append("|---|---|%s---|---|---|---|" % ("---:|" * len(cols)))
        for test, entry in tests.items():
            medians = " | ".join(fmt(entry["medians"][c]) if c in entry["medians"] else ""
                                 for c in cols)
            first = True
            for r in entry["ratios"]:
                if group == "python":
                    ratio = "%.3f (vs %s)" % (r["ratio"], SHORT.get(r["baseline"], r["baseline"]))
                elif group == "c":
                    ratio = "%.3f (%s)" % (r["ratio"], SHORT.get(r["contender"], r["contender"]))
                else:
                    ratio = "%.3f" % r["ratio"]
                if r["target"] is None:
                    target, verdict = "", ""
                else:
                    target = ("≥ %.2f" if r["strict"] else "≈ %.2f") % r["target"]
                    verdict = "met" if r["met"] else ("**missed**" if r["strict"] else "below")
                lines.append("| %s | %s | %s | %s | %.2f–%.2f | %s | %s |" % (
                    entry["label"] if first else "", entry["unit"] if first else "",
                    medians if first else " | ".join("" for _ in cols),
                    ratio, r["spread"][0], r["spread"][1], target, verdict))
                first = False
        lines.append("")
    ir = results.get("instructions")
    if ir:
        when = results.get("instructions_meta", meta)
        lines.append("**Instructions executed** (callgrind, user space, client and server; ratio = "
                     "the baseline's count / the contender's, so higher is better as above; "
                     "counted %s, gossl commit %s)" % (when["date"], when["gossl_commit"]))
        lines.append("")
        lines.append("| group | workload | per | instructions | ratio |")
        lines.append("|---|---|---|---|---|")
        for group in ("c", "python", "crypto"):
            for test, entry in ir.get(group, {}).items():
                counts = ", ".join("%s %s" % (NAMES.get(n, n), fmt(v))
                                   for n, v in sorted(entry["per_unit"].items()))
                ratios = ", ".join("%.3f (%s vs %s)" % (
                    r["ratio"], SHORT.get(r["contender"], r["contender"]).replace("gossl-py", "gossl"),
                    SHORT.get(r["baseline"], r["baseline"])) for r in entry["ratios"])
                per = ("MiB" if test.startswith("bulk") else "round trip" if test == "rtt"
                       else "handshake" if test.startswith("hs-") else "call")
                lines.append("| %s | %s | %s | %s | %s |" % (
                    {"c": "C", "python": "Python TLS", "crypto": "Python crypto"}[group],
                    entry["label"], per, counts, ratios))
        lines.append("")
    mem = results.get("memory")
    if mem:
        lines.append("**Memory: %d handshakes in one process (client and server threads)**"
                     % mem[0]["handshakes"])
        lines.append("")
        lines.append("| | peak RSS | RSS after each tenth (KiB) | growth after the first tenth |")
        lines.append("|---|---:|---|---:|")
        for m in mem:
            name = {"openssl-c": "plain OpenSSL (C), for reference", "gossl-c": "gossl (C)",
                    "gossl-py": "gossl OpenSSL.SSL (Python)"}.get(m["contender"], m["contender"])
            lines.append("| %s | %d KiB | %s | %+d KiB |" % (
                name, m["peak_kib"], " ".join(str(v) for v in m["rss_kib"]), m["growth_kib"]))
        lines.append("")
    return "\n".join(lines)


def scale_markdown(results):
    """The scale benchmark's section: when and where, then its tables."""
    meta, scale = results["meta"], results["scale"]
    lines = ["Measured %s on %s (%s, kernel %s); gossl commit %s, meson %s build; %s." % (
        meta["date"], meta["machine"], meta["os"], meta["kernel"], meta["gossl_commit"],
        meta["buildtype"], meta["openssl"]), ""]
    busy = scale.get("others_cpu_share")
    if busy is not None and busy > scale_runner.BUSY_SHARE:
        lines += ["**Preliminary:** other processes used %.0f%% of the machine during the "
                  "median sample (more than %.0f%%); these numbers say which way things go, not "
                  "how far." % (100 * busy, 100 * scale_runner.BUSY_SHARE), ""]
    return "\n".join(lines + scale_runner.markdown(scale))


BEGIN = "<!-- results:begin -->"
END = "<!-- results:end -->"


SCALE_BEGIN = "<!-- scale:begin -->"
SCALE_END = "<!-- scale:end -->"


def replace_section(path, text, begin, end, table):
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        sys.exit("%s has no %s ... %s section" % (path, begin, end))
    return text[:start + len(begin)] + "\n" + table + "\n" + text[stop:]


def update_doc(path, results):
    with open(path) as f:
        text = f.read()
    if results["summary"] or results.get("memory") or results.get("instructions"):
        text = replace_section(path, text, BEGIN, END, markdown(results))
    if results.get("scale"):
        text = replace_section(path, text, SCALE_BEGIN, SCALE_END, scale_markdown(results))
    with open(path, "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results")
    parser.add_argument("--svg")
    parser.add_argument("--scale-svg")
    parser.add_argument("--markdown")
    parser.add_argument("--update-doc")
    parser.add_argument("--instructions", metavar="RESULTS.json",
                        help="take the instruction counts from this run of "
                             "run.py --instructions-only")
    args = parser.parse_args()
    with open(args.results) as f:
        results = json.load(f)
    if args.instructions:
        with open(args.instructions) as f:
            other = json.load(f)
        results["instructions"] = other.get("instructions", {})
        results["instructions_meta"] = other["meta"]
    if args.svg and any(r[0] != "scale" for r in bars(results)):
        with open(args.svg, "w") as f:
            f.write(svg(results))
    if args.scale_svg and results.get("scale"):
        with open(args.scale_svg, "w") as f:
            f.write(svg(results, scale=True))
    text = markdown(results)
    if results.get("scale"):
        text += "\n" + scale_markdown(results)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    if args.update_doc:
        update_doc(args.update_doc, results)
    if not args.svg and not args.scale_svg and not args.markdown and not args.update_doc:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
