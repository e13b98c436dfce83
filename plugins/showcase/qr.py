"""QR codes for record pages: staff print them on posters, WeChat users scan them.

segno encodes the address; the code is handed to the template as an SVG path (one
horizontal run of dark modules per segment), so the page draws it inline: no file
per record, nothing to fetch, and it prints with the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno

#: Quiet zone around the code, in modules (the standard asks for 4; print and screens
#: with a white card around it read 2 reliably, and the code stays larger in its box).
BORDER = 2


@dataclass(frozen=True)
class QrCode:
    url: str
    #: Width and height in modules, quiet zone included.
    size: int
    #: SVG path data: ``M x y.5 h n`` for each run of dark modules, drawn with a stroke of 1.
    path: str


def qr_code(url: str) -> QrCode:
    """``url`` as a QR code at error correction level M (about 15 % may be covered or
    smudged). The mask is fixed: choosing the best of eight was two thirds of the time,
    and every mask is valid for every reader."""
    code = segno.make_qr(url, error="m", mask=2, boost_error=False)
    runs = []
    for y, row in enumerate(code.matrix_iter(border=BORDER)):
        x = 0
        row = list(row)
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start} {y}.5h{x - start}")
            else:
                x += 1
    width, _ = code.symbol_size(border=BORDER)
    return QrCode(url, width, "".join(runs))
