#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Plot the sine model against sin(x) over [0, 2π], with the error, as SVG.

usage: plot-sine.py CAI_MODEL MODEL OUT.svg

Runs `cai-model run MODEL --input x` for 256 evenly spaced x over [0, 2π]
(the model's int8 input has about that many steps there), reads the
dequantized output it prints, and writes a two-panel SVG:
the model and sin(x) on top, model - sin(x) below. Plain SVG, no plotting
library; the same inputs give the same bytes.
"""
import math
import re
import subprocess
import sys

W, H = 720, 480
TOP = (60, 20, 700, 290)     # x0, y0, x1, y1 of the upper panel
BOT = (60, 330, 700, 440)    # lower panel


def run(tool, model, x):
    out = subprocess.run([tool, "run", model, "--input", repr(x)], capture_output=True,
                         text=True, check=True).stdout
    m = re.search(r"^\s+\[0\]\s+(-?\d+)\s+(\S+)$", out, re.M)
    if not m:
        raise SystemExit(f"cannot read cai-model's output for x = {x}:\n{out}")
    return float(m.group(2))


def path(points, box, xr, yr):
    x0, y0, x1, y1 = box
    def px(x):
        return x0 + (x - xr[0]) / (xr[1] - xr[0]) * (x1 - x0)
    def py(y):
        return y1 - (y - yr[0]) / (yr[1] - yr[0]) * (y1 - y0)
    return " ".join(("M" if i == 0 else "L") + f"{px(x):.2f},{py(y):.2f}"
                    for i, (x, y) in enumerate(points))


def axes(box, xr, yr, yticks, label):
    x0, y0, x1, y1 = box
    parts = [f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="none" '
             f'stroke="#888"/>']
    for t in yticks:
        y = y1 - (t - yr[0]) / (yr[1] - yr[0]) * (y1 - y0)
        parts.append(f'<line x1="{x0}" y1="{y:.2f}" x2="{x1}" y2="{y:.2f}" stroke="#ddd"/>')
        parts.append(f'<text x="{x0 - 6}" y="{y + 4:.2f}" text-anchor="end">{t:g}</text>')
    for i, name in enumerate(("0", "π/2", "π", "3π/2", "2π")):
        x = x0 + i / 4 * (x1 - x0)
        parts.append(f'<text x="{x:.2f}" y="{y1 + 16}" text-anchor="middle">{name}</text>')
    parts.append(f'<text x="{x0 + 4}" y="{y0 + 14}">{label}</text>')
    return parts


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    tool, model, out_path = sys.argv[1:]
    xs = [i * 2 * math.pi / 255 for i in range(256)]
    ys = [run(tool, model, x) for x in xs]
    err = [y - math.sin(x) for x, y in zip(xs, ys)]
    worst = max(abs(e) for e in err)
    xr = (0, 2 * math.pi)
    er = max(0.06, math.ceil(worst * 100) / 100)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'font-family="sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>']
    svg += axes(TOP, xr, (-1.1, 1.1), (-1, -0.5, 0, 0.5, 1),
                "sine model (int8, cai engine) and sin(x)")
    fine = [(i * 2 * math.pi / 400, math.sin(i * 2 * math.pi / 400)) for i in range(401)]
    svg.append(f'<path d="{path(fine, TOP, xr, (-1.1, 1.1))}" fill="none" stroke="#1f77b4" '
               f'stroke-width="2"/>')
    svg.append(f'<path d="{path(list(zip(xs, ys)), TOP, xr, (-1.1, 1.1))}" fill="none" '
               f'stroke="#d62728" stroke-width="1.5"/>')
    svg.append(f'<text x="560" y="40" fill="#1f77b4">sin(x)</text>')
    svg.append(f'<text x="560" y="56" fill="#d62728">model</text>')
    svg += axes(BOT, xr, (-er, er), (-er, 0, er),
                f"error model - sin(x): max |error| {worst:.4f} over {len(xs)} inputs")
    svg.append(f'<path d="{path(list(zip(xs, err)), BOT, xr, (-er, er))}" fill="none" '
               f'stroke="#2ca02c" stroke-width="1.5"/>')
    svg.append("</svg>")
    with open(out_path, "w") as f:
        f.write("\n".join(svg) + "\n")
    print(f"{out_path}: {len(xs)} inputs, max |model - sin(x)| = {worst:.6f}")


if __name__ == "__main__":
    main()
