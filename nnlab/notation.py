"""The notation sheet: one symbol per quantity in every lab, and the one number format.

docs/NOTATION.md and the window's Help → Notation are both made from ``SHEET`` (a test checks
the file; regenerate it with ``python -m nnlab.notation > docs/NOTATION.md``). The labs build their
formulas with the same symbols through nnlab.formulas.
"""

from __future__ import annotations

from nnlab.i18n import N_, _

# (section, ((symbol, meaning), ...)); symbols are written as every screen writes them.
SHEET = (
    (N_("Networks (network and training labs)"), (
        ("x₁, x₂, …", N_("inputs: the input layer's nodes")),
        ("h₁, h₂, …", N_("outputs of a hidden layer; h₁⁽²⁾ is node 1 of hidden layer 2 when there are several")),
        ("y₁, y₂, …", N_("outputs of the output layer")),
        ("z₁ = Σᵢ xᵢ·wᵢ₁ + b₁", N_("weighted sum of a node, before its activation")),
        ("wᵢⱼ", N_("weight of the edge from node i below to node j: the edge x₁ → y₁ is w₁₁ "
                   "(in the formula, the table, the editor and the handout)")),
        ("w₁₂⁽²⁾, b₁⁽²⁾", N_("weights and biases of weight layer 2, when a network has several")),
        ("bⱼ", N_("bias of node j")),
        ("σ, tanh, ReLU, id", N_("activations: sigmoid, hyperbolic tangent, rectified linear, identity")),
        ("t₁, t₂, …", N_("targets (the wanted outputs)")),
        ("E, E′", N_("error (loss) before and after the update")),
        ("δⱼ = ∂E/∂zⱼ", N_("delta: the error signal of node j")),
        ("∂E/∂wᵢⱼ", N_("gradient of the error with respect to a weight")),
        ("η", N_("learning rate")),
        ("wᵢⱼ′ = wᵢⱼ − η·∂E/∂wᵢⱼ", N_("the updated weight")),
        ("eⱼ", N_("error of the intuitive backward pass (t − y split back over the edges)")),
        ("Σₙ, h₁⁽ⁿ⁾", N_("sum over the samples n of a batch; a quantity for sample n")),
    )),
    (N_("Sequences (recurrent lab)"), (
        ("xₜ, hₜ, cₜ", N_("input, hidden state and cell state at time step t (h₀, c₀: the start)")),
        ("fₜ, iₜ, gₜ, oₜ", N_("LSTM forget gate, input gate, candidate and output gate")),
        ("rₜ, zₜ, nₜ", N_("GRU reset gate, update gate and candidate")),
        ("W⁽ᶠ⁾, b⁽ᶠ⁾", N_("weights and bias of one gate (here the forget gate)")),
        ("⊙", N_("element-wise product")),
    )),
    (N_("Grids (convolution and pooling labs)"), (
        ("x[r,c], y[i,j]", N_("input cell in row r, column c; output cell in row i, column j")),
        ("k[a,b], b", N_("kernel weight in row a, column b; the filter's bias")),
        ("OH = (H + 2P − FH)/S + 1", N_("output height from input height H, padding P, kernel height FH, stride S")),
    )),
    (N_("Numbers"), (
        ("1, 1.05, 0.1920", N_("up to 4 decimals: an exact number is written short, a rounded one keeps its "
                               "4 decimals; an integer never gets “.0”")),
        ("−0.7", N_("a real minus sign")),
        ("−6.775×10⁻⁴", N_("below 0.001 or from a million: 4 significant digits times a power of ten, "
                           "never a computer exponent such as e−04")),
        ("∞, NaN", N_("an overflow, and a result that is not a number")),
    )),
)


def rows() -> list[tuple[str, list[tuple[str, str]]]]:
    """The sheet in the current language: [(section, [(symbol, meaning), …]), …]."""
    return [(_(section), [(symbol, _(meaning)) for symbol, meaning in entries]) for section, entries in SHEET]


def markdown() -> str:
    """docs/NOTATION.md (in the current language)."""
    lines = [f"# {_('Notation')}", "",
             _("One symbol per quantity in every lab, written the same way in the formula panel, the diagrams, "
               "the tables, the editors, the handouts and the CLI (shown in the window under Help → Notation)."),
             ""]
    for section, entries in rows():
        lines += [f"## {section}", "", f"| {_('symbol')} | {_('meaning')} |", "|---|---|"]
        lines += [f"| {symbol} | {meaning} |" for symbol, meaning in entries]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
