"""A small horizontal bar chart as standalone SVG text: median bars, interquartile whiskers and a
dashed target line. No dependencies, so the report can be regenerated anywhere."""
from html import escape

ROW, TOP, LEFT, RIGHT, WIDTH = 30, 46, 220, 90, 720


def bar_chart(title, rows, target=None, unit="ms"):
    """rows: (label, median, q1, q3, highlight); target: (value, label) drawn as a dashed line."""
    top_value = max([q3 for _, _, _, q3, _ in rows] + ([target[0]] if target else []))
    scale = (WIDTH - LEFT - RIGHT) / (top_value * 1.05)
    height = TOP + ROW * len(rows) + 34
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="13">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, median, q1, q3, highlight) in enumerate(rows):
        y = TOP + index * ROW
        colour = "#2f6fb5" if highlight else "#9aa5b1"
        parts += [
            f'<text x="{LEFT - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{LEFT}" y="{y + 3}" width="{median * scale:.1f}" height="{ROW - 10}" fill="{colour}"/>',
            f'<line x1="{LEFT + q1 * scale:.1f}" x2="{LEFT + q3 * scale:.1f}" y1="{y + ROW / 2 - 2}" '
            f'y2="{y + ROW / 2 - 2}" stroke="#222" stroke-width="1.5"/>',
            f'<text x="{LEFT + max(median, q3) * scale + 6:.1f}" y="{y + 15}">{median:.1f} {unit}</text>',
        ]
    axis_y = TOP + ROW * len(rows)
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis_y}" y2="{axis_y}" stroke="#444"/>')
    if target:
        x = LEFT + target[0] * scale
        parts += [
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 6}" y2="{axis_y}" stroke="#c0392b" stroke-dasharray="5,4"/>',
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#c0392b">{escape(target[1])}</text>',
        ]
    parts.append(f'<text x="{LEFT}" y="{height - 4}" font-size="11" fill="#555">'
                 f'bar: median; line: 25th–75th percentile; {escape(unit)} of wall time per process</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
