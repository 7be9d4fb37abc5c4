"""How the labs' formulas print numbers: up to 4 decimals without trailing zeros, a real minus
sign (−), and negatives in parentheses where they stand as a factor."""

from __future__ import annotations


def num(v: float, digits: int = 4) -> str:
    """``v`` with up to ``digits`` decimals and no trailing zeros, "0" for ±0, a real minus sign."""
    text = f"{float(v):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", "−")


def factor(v: float) -> str:
    """A number as a factor in a product: negatives in parentheses."""
    text = num(v)
    return f"({text})" if text.startswith("−") else text


_SUBSCRIPT = str.maketrans("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")


def subscript(text) -> str:
    """``text`` in subscript letters: subscript('t-1') = 'ₜ₋₁' (y_{t−1} is written yₜ₋₁)."""
    return str(text).translate(_SUBSCRIPT)
