"""Go's strconv.FormatFloat ('e', 'E', 'f', 'g', 'G', 'x', 'X', 'b'), byte for byte.

Python's own `%e`/`%f` are correctly rounded on the exact binary value, as Go's are, so fixed
precisions reuse them for the digits. Where Go's output differs (`%g` exponent thresholds,
shortest digits of float32, hex floats, `%b`), the layout is built here from a digit string.
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction

from gotmpl.gotypes import float32_round

__all__ = ["format_float", "shortest_digits"]

_MASK64 = (1 << 64) - 1


def _decompose(x: float, bits: int) -> tuple[bool, int, int]:
    """(negative, mantissa, binary exponent) of a finite float, as Go's ftoa unpacks it.

    The value is mantissa * 2**(exponent - mantissa_bits); subnormals have exponent = min.
    """
    if bits == 32:
        raw = struct.unpack("<I", struct.pack("<f", x))[0]
        exp_bits, mant_bits, bias = 8, 23, -127
        total = 32
    else:
        raw = struct.unpack("<Q", struct.pack("<d", x))[0]
        exp_bits, mant_bits, bias = 11, 52, -1023
        total = 64
    neg = bool(raw >> (total - 1))
    exp = (raw >> mant_bits) & ((1 << exp_bits) - 1)
    mant = raw & ((1 << mant_bits) - 1)
    if exp == 0:
        exp += 1
    else:
        mant |= 1 << mant_bits
    return neg, mant, exp + bias


def shortest_digits(x: float, bits: int = 64) -> tuple[str, int]:
    """The shortest digits that read back as `abs(x)`, and the decimal point position.

    abs(x) == 0.DIGITS * 10**dp. Zero gives ("", 0), as Go's ftoa does.
    """
    x = abs(x)
    if x == 0:
        return "", 0
    if bits == 64:
        text = repr(x)
        mant, _, exp = text.partition("e")
        whole, _, frac = mant.partition(".")
        if frac == "0":
            frac = ""
        digits = (whole + frac).lstrip("0")
        lead = len(whole + frac) - len((whole + frac).lstrip("0"))
        dp = len(whole) - lead + (int(exp) if exp else 0)
        return digits.rstrip("0"), dp
    return _shortest32(x)


def _rounding_interval(x: float) -> tuple[Fraction, Fraction, Fraction, bool, bool]:
    """The exact value of float32 `x`, the ends of the interval of reals that round to it,
    whether the ends are in it (an even mantissa), and whether it is symmetric."""
    _, mant, exp = _decompose(x, 32)
    e2 = exp - 23
    exact = Fraction(mant) * Fraction(2) ** e2
    # Neighbours: the gap below halves at a power of two (except for the smallest normal).
    up = Fraction(2) ** e2
    down = up / 2 if mant == 1 << 23 and exp > -126 else up
    return exact, exact - down / 2, exact + up / 2, mant % 2 == 0, down == up


def _shortest32(x: float) -> tuple[str, int]:
    """Shortest float32 digits: the closest shortest decimal inside the rounding interval."""
    _, mant, exp = _decompose(x, 32)
    if mant == 1 << 23 and exp > -126:  # a power of two: the gap below is half the gap above
        exact, lo, hi, inclusive, _ = _rounding_interval(x)
        return _closest_inside(exact, lo, hi, inclusive, x)
    # A symmetric interval, (2*mant - 1) * 2**p to (2*mant + 1) * 2**p, holds a decimal of n
    # digits only if it holds the closest one, which Python's %e gives correctly rounded (ties
    # to even, as Go's): one candidate a length, compared in integers.
    p = exp - 24
    inclusive = mant % 2 == 0
    for n in range(1, 10):
        text = f"{x:.{n - 1}e}"
        head, _, e10 = text.partition("e")
        digits = head.replace(".", "")
        k = int(e10) - (n - 1)  # the candidate is int(digits) * 10**k
        cand = int(digits) * 10 ** max(k, 0) * 2 ** max(-p, 0)
        scale = 2 ** max(p, 0) * 10 ** max(-k, 0)
        lo, hi = (2 * mant - 1) * scale, (2 * mant + 1) * scale
        if (lo <= cand <= hi) if inclusive else (lo < cand < hi):
            return digits.rstrip("0"), int(e10) + 1
    raise AssertionError("float32 needs at most 9 digits")  # pragma: no cover


def _closest_inside(
    exact: Fraction, lo: Fraction, hi: Fraction, inclusive: bool, x: float
) -> tuple[str, int]:
    """The shortest digits inside [lo, hi] (open ends unless `inclusive`), and of those the
    closest to `exact`: a search over the candidates around each length's truncation."""
    e10 = math.floor(math.log10(x))
    while Fraction(10) ** e10 > exact:
        e10 -= 1
    while Fraction(10) ** (e10 + 1) <= exact:
        e10 += 1
    for n in range(1, 10):
        scale = Fraction(10) ** (e10 - n + 1)
        q = exact / scale
        base = math.floor(q)
        best = None
        for cand in (base - 1, base, base + 1, base + 2):
            if cand <= 0:
                continue
            val = cand * scale
            inside = lo <= val <= hi if inclusive else lo < val < hi
            if not inside:
                continue
            if best is None:
                best = cand
                continue
            d_new, d_old = abs(val - exact), abs(best * scale - exact)
            if d_new < d_old or (d_new == d_old and cand % 2 == 0):
                best = cand  # ties go to the even digit, as Go's shortest formatting does
        if best is not None:
            digits = str(best)
            dp = e10 + 1 + (len(digits) - n)
            return digits.rstrip("0"), dp
    raise AssertionError("float32 needs at most 9 digits")  # pragma: no cover


def _rounded_digits(x: float, sig: int) -> tuple[str, int]:
    """abs(x) correctly rounded to `sig` significant digits, trailing zeros dropped, and dp."""
    x = abs(x)
    if x == 0:
        return "", 0
    text = f"{x:.{sig - 1}e}"
    mant, _, exp = text.partition("e")
    digits = mant.replace(".", "").rstrip("0")
    return digits, int(exp) + 1


def _efg(neg: bool, digits: str, dp: int, prec: int, fmt: str, shortest: bool) -> str:
    """Lay out digits (value 0.DIGITS * 10**dp) the way Go's fmtEFG does."""
    nd = len(digits)
    if fmt in "gG":
        eprec = prec
        if eprec > nd and nd >= dp:
            eprec = nd
        if shortest:
            eprec = 6
        exp = dp - 1
        if exp < -4 or exp >= eprec:
            if prec > nd:
                prec = nd
            prec -= 1
            fmt = "e" if fmt == "g" else "E"
        else:
            if prec > dp:
                prec = nd
            prec = max(prec - dp, 0)
            fmt = "f"
    out = ["-"] if neg else []
    if fmt in "eE":
        out.append(digits[0] if nd else "0")
        if prec > 0:
            out.append(".")
            frac = digits[1 : prec + 1]
            out.append(frac + "0" * (prec - len(frac)))
        exp = dp - 1 if nd else 0
        out.append(fmt)
        out.append("-" if exp < 0 else "+")
        out.append(f"{abs(exp):02d}")
        return "".join(out)
    # 'f'
    if dp > 0:
        whole = digits[:dp]
        out.append(whole + "0" * (dp - len(whole)))
    else:
        out.append("0")
    if prec > 0:
        out.append(".")
        lz = min(prec, max(0, -dp))
        off = dp + lz
        mid = digits[off : off + max(0, prec - lz)] if off < nd else ""
        out.append("0" * lz + mid + "0" * (prec - lz - len(mid)))
    return "".join(out)


def _fmt_b(neg: bool, mant: int, exp: int) -> str:
    sign = "-" if neg else ""
    return f"{sign}{mant}p{'+' if exp >= 0 else ''}{exp}"


def _fmt_x(prec: int, fmt: str, neg: bool, mant: int, exp: int, mant_bits: int) -> str:
    """Go's %x float: 0x1.hhhp±dd with the mantissa normalised so the leading digit is 1."""
    if mant == 0:
        exp = 0
    mant <<= 60 - mant_bits
    while mant and not mant & (1 << 60):
        mant <<= 1
        exp -= 1
    if 0 <= prec < 15:
        shift = prec * 4
        extra = (mant << shift) & ((1 << 60) - 1)
        mant >>= 60 - shift
        if extra | (mant & 1) > 1 << 59:
            mant += 1
        mant <<= 60 - shift
        if mant & (1 << 61):
            mant >>= 1
            exp += 1
    hexdigits = "0123456789ABCDEF" if fmt == "X" else "0123456789abcdef"
    out = ["-" if neg else "", "0", fmt, str((mant >> 60) & 1)]
    mant = (mant << 4) & _MASK64
    if prec < 0 and mant:
        out.append(".")
        while mant:
            out.append(hexdigits[(mant >> 60) & 15])
            mant = (mant << 4) & _MASK64
    elif prec > 0:
        out.append(".")
        for _ in range(prec):
            out.append(hexdigits[(mant >> 60) & 15])
            mant = (mant << 4) & _MASK64
    out.append("P" if fmt == "X" else "p")
    out.append("-" if exp < 0 else "+")
    out.append(f"{abs(exp):02d}")
    return "".join(out)


def format_float(x: float, fmt: str, prec: int, bits: int = 64) -> str:
    """strconv.FormatFloat(x, fmt, prec, bits): prec -1 means the shortest round-trip digits."""
    if bits == 32:
        x = float32_round(x)  # Go's ftoa formats float32(val)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "+Inf" if x > 0 else "-Inf"
    neg, mant, exp = _decompose(x, bits)
    mant_bits = 23 if bits == 32 else 52
    if fmt == "b":
        return _fmt_b(neg, mant, exp - mant_bits)
    if fmt in "xX":
        return _fmt_x(prec, fmt, neg, mant, exp, mant_bits)
    if mant == 0:
        return _efg(neg, "", 0, prec, fmt, prec < 0)
    if prec < 0:
        digits, dp = shortest_digits(x, bits)
        nd = len(digits)
        if fmt in "eE":
            prec = max(nd - 1, 0)
        elif fmt == "f":
            prec = max(nd - dp, 0)
        else:
            prec = nd
        return _efg(neg, digits, dp, prec, fmt, True)
    if fmt in "eE":
        text = f"{x:.{prec}e}"
        return text if fmt == "e" else text.upper()
    if fmt == "f":
        return f"{x:.{prec}f}"
    if prec == 0:
        prec = 1
    digits, dp = _rounded_digits(x, prec)
    return _efg(neg, digits, dp, prec, fmt, False)
