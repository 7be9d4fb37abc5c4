"""The one number format of everything a student reads (diagrams, tables, formulas, editors,
handouts, the CLI), and Unicode sub/superscripts.

Rule: ``digits`` decimals, trailing zeros dropped when the number is exact at that length (an
integer prints without ".0": "1", not "1.0"; 1.05 stays 1.05; a rounded 0.19203 prints 0.1920);
a real minus sign (−); a non-zero value that would keep fewer than two significant
digits (|v| < 10^−(digits−1), e.g. below 0.001) or a huge one (|v| ≥ 10⁶) prints as
``m×10ⁿ`` with ``digits`` significant digits ("−6.775×10⁻⁴") — never a computer exponent.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MINUS = "−"
_SUB = dict(zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_SUP = dict(zip("0123456789+-−=()abcdefghijklmnoprstuvwxyz",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
_FROM_SUP = {v: k for k, v in _SUP.items() if k != "-"}
_SUB_TABLE, _SUP_TABLE = str.maketrans(_SUB), str.maketrans(_SUP)


def num(v: float, digits: int = 4, powers: bool = True) -> str:
    """``v`` as every screen prints it (see the module docstring); "0" for ±0, ∞ and NaN spelt out.
    ``powers=False``: fixed decimals only (a narrow grid cell that shows tiny values otherwise)."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else MINUS + "∞"
    if v == 0:
        return "0"
    if powers and (abs(v) < 10.0 ** -(digits - 1) or abs(v) >= 1e6):
        mantissa, exponent = f"{v:.{digits - 1}e}".split("e")
        if -(digits - 1) > int(exponent) or int(exponent) >= 6:  # not rounded up into fixed range
            return f"{_trim(mantissa, v / 10.0 ** int(exponent))}×10{sup(int(exponent))}".replace("-", MINUS)
    text = _trim(f"{v:.{digits}f}", v)
    return "0" if text in ("-0", "") else text.replace("-", MINUS)


def _trim(text: str, v: float) -> str:
    """Trailing zeros dropped only when ``text`` is ``v`` exactly (1.05, 1); a rounded value keeps
    every digit it was rounded to (0.1920), so a short number always means an exact one."""
    if abs(float(text) - v) <= 1e-13 * max(1.0, abs(v)):
        return text.rstrip("0").rstrip(".") if "." in text else text
    return text


def factor(v: float, digits: int = 4) -> str:
    """A number as a factor in a product: negatives and powers of ten in parentheses."""
    text = num(v, digits)
    return f"({text})" if text.startswith(MINUS) or "×" in text else text


def nums(values, digits: int = 4, brackets: str = "[]") -> str:
    """A vector: ``[0.1, −2, 3×10⁻⁵]``."""
    inner = ", ".join(num(v, digits) for v in np.asarray(values, dtype=float).ravel())
    return f"{brackets[0]}{inner}{brackets[1]}"


def parse(text: str) -> float:
    """A number typed or shown by ``num``: accepts −, ×10⁻⁴ (or *10^-4, x10^-4) and e-notation.
    ValueError if it is not one."""
    s = text.strip().replace(MINUS, "-").replace("∞", "inf")
    m = re.fullmatch(r"(.+?)\s*[×x*]\s*10\s*(?:\^\s*)?([-+]?\d+|[⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)", s)
    if m:
        exponent = "".join(_FROM_SUP.get(c, c) for c in m.group(2)).replace(MINUS, "-")
        return float(f"{float(m.group(1))}e{int(exponent)}")
    return float(s)


def sub(text) -> str:
    """``text`` in Unicode subscript ("12" → "₁₂"); characters without a subscript form are kept."""
    return str(text).translate(_SUB_TABLE)


def sup(text) -> str:
    """``text`` in Unicode superscript ("-4" → "⁻⁴")."""
    return str(text).translate(_SUP_TABLE)


def has_sub(text) -> bool:
    """Whether every character of ``text`` has a Unicode subscript form."""
    return all(c in _SUB for c in str(text))


# ---------------------------------------------------------------- formulas as data
# A formula is a tree of the nodes below; ``text(node)`` renders it (the formula panel, the CLI,
# Markdown and HTML handouts all print this text) and ``text(node, hide=True)`` prints quiz mode's
# version, each equation chain's result replaced by "?".

@dataclass(frozen=True)
class Sym:
    """A symbol with Unicode subscripts and superscripts: Sym("w", "12", "(2)") → w₁₂⁽²⁾."""
    name: str
    sub: str = ""
    sup: str = ""


@dataclass(frozen=True)
class Num:
    """A number, printed by ``num`` (in parentheses as an operand when negative)."""
    value: float
    digits: int = 4


@dataclass(frozen=True)
class Text:
    """Words (already translated) or notation that has no structure of its own."""
    text: str


@dataclass(frozen=True)
class Terms:
    """Operands joined by ``op`` (" + " a sum, " × " a product, ", " a list); beyond ``limit``
    terms the middle ones are abbreviated as "… (n terms)"."""
    items: tuple
    op: str = " + "
    limit: int | None = None


class Rows(Sequence):
    """``n`` formula nodes, node i made by ``make(i)`` when first read: the items of a long sum whose
    abbreviated form (``Terms.limit``) reads only the terms it shows."""

    def __init__(self, n: int, make):
        self._n, self._make, self._made = n, make, {}

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(self._n)))
        k = i + self._n if i < 0 else i
        if not 0 <= k < self._n:
            raise IndexError(i)
        if k not in self._made:
            self._made[k] = self._make(k)
        return self._made[k]


@dataclass(frozen=True)
class Apply:
    """A function applied to arguments: σ(1.05), max(0, 2)."""
    fn: object
    args: tuple


@dataclass(frozen=True)
class Group:
    """A node in brackets, optionally raised to a power: (0.74 − 0)²."""
    inner: object
    power: str = ""
    brackets: str = "()"


@dataclass(frozen=True)
class Eq:
    """An equation chain: symbolic form = substituted numbers = … = result (the last part);
    ``known``: a given value (the sample's x), which quiz mode does not hide."""
    parts: tuple
    op: str = " = "
    known: bool = False


@dataclass(frozen=True)
class Seq:
    """Formulas one after another (``sep`` "; " on a line, "\\n" on lines of their own)."""
    items: tuple
    sep: str = "\n"


FUNCTION_SYMBOLS = {"sigmoid": "σ", "identity": "id", "linear": "id", "relu": "ReLU", "leaky_relu": "LReLU",
                    "softplus": "softplus", "tanh": "tanh", "step": "step", "softmax": "softmax"}


@functools.lru_cache(maxsize=65536)  # a big network's timeline names the same indices thousands of times
def index(*ix: int) -> str:
    """0-based indices as the 1-based subscript text people read: index(0, 1) = "12" (rendered
    ₁₂), with commas once one passes 9: "10,2"."""
    return "".join(str(i + 1) for i in ix) if all(i < 9 for i in ix) else ",".join(str(i + 1) for i in ix)


def step(phase: str, title: str, expr, focus=(), values=None, more: str = ""):
    """A Step whose formula is ``expr`` rendered by ``text`` (the structure kept as Step.expr)."""
    from nnlab.steps import formula_step

    return formula_step(phase, title, expr, focus, values, more)


def sym(name: str, sub="", sup="") -> Sym:
    return Sym(name, str(sub), str(sup))


def terms(items, op: str = " + ", limit: int | None = None) -> Terms:
    return Terms(tuple(items), op, limit)


def lazy_terms(n: int, make, op: str = " + ", limit: int | None = None) -> Terms:
    """``terms`` of ``make(0)`` … ``make(n − 1)``, each made only when the formula shows it."""
    return Terms(Rows(n, make), op, limit)


def product(*factors) -> Terms:
    return Terms(tuple(factors), " × ")


def apply(fn, *args) -> Apply:
    return Apply(fn, tuple(args))


def eq(*parts) -> Eq:
    return Eq(tuple(parts))


def given(name, value) -> Eq:
    """``name = value`` for a value the step states rather than computes (never hidden)."""
    return Eq((name, value), known=True)


def seq(items, sep: str = "\n") -> Seq:
    return Seq(tuple(items), sep)


def vector(values, digits: int = 4, brackets: str = "[]") -> Group:
    """Numbers in brackets: [0.1, −2]."""
    return Group(Terms(tuple(Num(float(v), digits) for v in np.ravel(values)), ", "), brackets=brackets)


def text(node, hide: bool = False, full: bool = False) -> str:
    """The formula as plain Unicode text; ``hide`` puts "?" in place of each chain's result;
    ``full`` shows every term of an abbreviated sum."""
    return _Renderer(hide, full).render(node, operand=False)


class _Renderer:
    def __init__(self, hide: bool, full: bool):
        self.hide, self.full = hide, full

    def render(self, node, operand: bool) -> str:
        if isinstance(node, str):
            return node
        if isinstance(node, Num):
            return factor(node.value, node.digits) if operand else num(node.value, node.digits)
        if isinstance(node, Sym):
            return node.name + sub(node.sub) + (sup(node.sup) if node.sup else "")
        if isinstance(node, Text):
            return node.text
        if isinstance(node, Terms):
            n = len(node.items)
            if node.limit is not None and n > node.limit and not self.full:
                from nnlab.i18n import _

                shown = [self.render(i, node.op != ", ") for i in node.items[:3] + node.items[-2:]]
                return node.op.join(shown[:3] + [_("… ({n} terms)").format(n=n)] + shown[3:])
            return node.op.join(self.render(i, node.op != ", ") for i in node.items)
        if isinstance(node, Apply):
            return f"{self.render(node.fn, False)}({', '.join(self.render(a, False) for a in node.args)})"
        if isinstance(node, Group):
            return f"{node.brackets[0]}{self.render(node.inner, False)}{node.brackets[1]}{node.power}"
        if isinstance(node, Eq):
            parts = [self.render(p, False) for p in node.parts]
            if self.hide and len(parts) > 1 and not node.known:
                parts[-1] = "?"
            return node.op.join(parts)
        if isinstance(node, Seq):
            return node.sep.join(self.render(i, False) for i in node.items)
        raise TypeError(f"not a formula node: {node!r}")


def walk(node):
    """Every node of a formula, depth first (for tests and checks)."""
    yield node
    children = {Terms: "items", Apply: "args", Eq: "parts", Seq: "items"}.get(type(node))
    if children:
        for child in getattr(node, children):
            yield from walk(child)
    elif isinstance(node, Group):
        yield from walk(node.inner)
