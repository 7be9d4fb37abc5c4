"""The text lab: sentences become tokens, ids, one-hot vectors and embedding rows; a 2-D embedding
trained on the shipped toy corpus; the two-input model stepped layer by layer.

Config (``Config.from_dict``): ``mode`` ("tokens", "train" or "two-input"), ``sentences`` (1–4
sentences, the samples; in two-input mode the first input), ``questions`` (two-input: the second
input, one per sentence), ``length`` (the padded sequence length, 1–12), ``dim`` (embedding size,
1–8; 2 in train mode), ``hidden`` (two-input LSTM size, 1–8), ``classes`` (two-input, 2–5),
``epochs`` (train, 1–200), ``lr`` (train), ``seed``.

Value ids — tokens: ``ids:i`` (sample i's padded ids), ``vocab`` (the ids), ``onehot:i:j``,
``emb:i:j`` (E[id]), ``out`` (samples, length, dim), ``grad:up`` (∂L/∂Y, drawn), ``grad:E:id``,
``grad:E``; base ``E``. Train: ``E`` (the words' 2-D positions), ``loss``, ``acc``, ``epoch``; base ``polarity``
(per word, the share of positive sentences holding it).
Two-input: ``layer:<name>`` for every layer of ``text.TWO_INPUT_LAYERS``. Focus ids:
``sentence:i``, ``token:i:j``, ``vocab``, ``row:E:id``, ``onehot:i:j``, ``out``, ``grad:id``,
``scatter``, ``layer:<name>``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlab import text
from nnlab import formulas as F
from nnlab.formulas import sub
from nnlab.i18n import _
from nnlab.labs import check_fields, read_number
from nnlab.steps import Step, Timeline

DEFAULT_PRESET = "text-embedding"
MODES = ("tokens", "train", "two-input")
MAX_SENTENCES, MAX_CHARS, MAX_LENGTH, MAX_DIM, MAX_EPOCHS = 4, 80, 12, 8, 200
FIELDS = {"mode", "sentences", "questions", "length", "dim", "hidden", "classes", "epochs", "lr", "seed"}
TWO_INPUT_LAYERS = (  # (name, its inputs): the graph the pane draws
    ("input1", ()), ("input2", ()), ("embedding1", ("input1",)), ("embedding2", ("input2",)),
    ("lstm1", ("embedding1",)), ("lstm2", ("embedding2",)), ("concatenate", ("lstm1", "lstm2")),
    ("dense", ("concatenate",)), ("softmax", ("dense",)))


def layer_name(name: str) -> str:
    """How a layer is written: input1 → input₁."""
    return name.rstrip("12") + sub(name[len(name.rstrip("12")):])


@dataclass(frozen=True)
class Config:
    mode: str = "tokens"
    sentences: tuple = ("the cat sat on the mat",)
    questions: tuple = ()
    length: int = 8
    dim: int = 3
    hidden: int = 2
    classes: int = 3
    epochs: int = 60
    lr: float = 0.5
    seed: int = 0

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, FIELDS)
        mode = d.get("mode", "tokens")
        if mode not in MODES:
            raise ValueError(_("mode: must be one of {names}").format(names=", ".join(MODES)))
        sentences = _sentences(d.get("sentences", list(cls.sentences)), "sentences")
        questions = ()
        if mode == "two-input":
            questions = _sentences(d.get("questions", []), "questions")
            if len(questions) != len(sentences):
                raise ValueError(_("questions: one question per sentence ({n} sentences, {m} questions)").format(
                    n=len(sentences), m=len(questions)))
        dim = read_number("dim", d.get("dim", 2 if mode == "train" else 3), 1, MAX_DIM, integer=True)
        if mode == "train" and dim != 2:
            raise ValueError(_("dim: the trained embedding is drawn in 2-D; set dim 2"))
        return cls(mode, sentences, questions, read_number("length", d.get("length", 8), 1, MAX_LENGTH, integer=True),
                   dim, read_number("hidden", d.get("hidden", 2), 1, 8, integer=True),
                   read_number("classes", d.get("classes", 3), 2, 5, integer=True),
                   read_number("epochs", d.get("epochs", 60), 1, MAX_EPOCHS, integer=True),
                   read_number("lr", d.get("lr", 0.5), 0.0, 10.0, lo_open=True),
                   read_number("seed", d.get("seed", 0), 0, 2**32 - 1, integer=True))

    def to_dict(self) -> dict:
        out = {f: getattr(self, f) for f in FIELDS}
        out["sentences"], out["questions"] = list(self.sentences), list(self.questions)
        return out


def _sentences(value, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= MAX_SENTENCES:
        raise ValueError(_("{name}: must be a list of 1 to {most} sentences").format(name=name, most=MAX_SENTENCES))
    for i, s in enumerate(value):
        if not isinstance(s, str) or len(s) > MAX_CHARS:
            raise ValueError(_("{name}[{i}]: must be a text of at most {most} characters").format(
                name=name, i=i, most=MAX_CHARS))
        if not text.tokenize(s):
            raise ValueError(_("{name}[{i}]: the sentence is empty (no words)").format(name=name, i=i))
    return tuple(value)


@dataclass(frozen=True)
class Prepared:
    """What a config's text becomes: tokens per sample, the vocabulary, the padded ids."""

    tokens: tuple
    vocab: tuple
    ids: np.ndarray


def prepare(sentences, length: int, vocab=None) -> Prepared:
    tokens = tuple(tuple(text.tokenize(s)) for s in sentences)
    vocab = vocab or text.build_vocab(tokens)
    return Prepared(tokens, vocab, np.stack([text.encode(list(t), vocab, length) for t in tokens]))


def corpus():
    """The toy corpus prepared (length 6), with its labels."""
    sentences, labels = text.load_corpus()
    vocab = text.build_vocab(sentences)
    return Prepared(tuple(map(tuple, sentences)), vocab, np.stack([text.encode(s, vocab, 6) for s in sentences])), labels


def embedding_matrix(config: Config, vocab_size: int) -> np.ndarray:
    """E drawn from ``seed``, one decimal (every number fits its cell)."""
    return np.round(np.random.default_rng(config.seed).normal(0.0, 1.0, (vocab_size, config.dim)), 1)


def token_list(tokens) -> F.Group:
    """[the, movie, …]"""
    return F.Group(F.terms([F.Text(t) for t in tokens], ", "), brackets="[]")


def _id_list(ids) -> str:
    return "[" + ", ".join(str(int(i)) for i in ids) + "]"


def _maps(a, b) -> F.Eq:
    """a → b, b being what the step works out."""
    return F.Eq((a, b), " → ")


# ---------------------------------------------------------------- tokens → vectors

def _tokens_steps(config: Config, steps: list, base: dict) -> None:
    p = prepare(config.sentences, config.length)
    V = len(p.vocab)
    E = embedding_matrix(config, V)
    base["E"] = E
    for i, s in enumerate(config.sentences):
        steps.append(F.step("tokens", _("Sentence {i}: split into tokens").format(i=i + 1),
                            _maps(F.Text(f"\"{s}\""), token_list(p.tokens[i])), (f"sentence:{i}",), {}))
    steps.append(F.step("tokens", _("The vocabulary: an id for every word (0 padding, 1 unknown)"),
                        F.seq([F.terms([F.Text(w), F.Num(k)], " ") for k, w in enumerate(p.vocab)], ", "), ("vocab",),
                        {"vocab": np.arange(V, dtype=np.float64)}))
    for i in range(len(config.sentences)):
        shown = list(p.tokens[i][:config.length]) + [text.PAD] * max(0, config.length - len(p.tokens[i]))
        how = _("cut to") if len(p.tokens[i]) > config.length else _("padded to")
        steps.append(F.step("tokens", _("Sentence {i}: ids, {how} length {n}").format(i=i + 1, how=how, n=config.length),
                            _maps(token_list(shown), F.vector(p.ids[i])), (f"sentence:{i}",),
                            {f"ids:{i}": p.ids[i].astype(np.float64)}))
    first = int(p.ids[0, 0])
    hot = text.one_hot(first, V)
    shown = [k for k in range(V) if k in (0, first, V - 1)] if V > 5 else range(V)
    terms = []
    for k in shown:
        terms.append(F.terms([F.Num(hot[k]), F.sym("E", k)], "×"))
        if V > 5 and k != V - 1 and k + 1 not in shown:
            terms.append(F.Text("…"))
    steps.append(F.step("lookup", _("One-hot × E is the row of the id: token 1 '{w}' (id {id})").format(
        w=p.vocab[first], id=first),
        F.seq([F.eq(F.apply("onehot", F.Num(first)), F.vector(hot)),
               F.eq(F.Text("onehot · E"), F.terms(terms), F.sym("E", first), F.vector(E[first]))]),
        ("onehot:0:0", f"row:E:{first}", "token:0:0"), {"onehot:0:0": hot, "emb:0:0": E[first]}))
    for i in range(len(config.sentences)):
        for j in range(config.length):
            if i == j == 0:
                continue
            k = int(p.ids[i, j])
            steps.append(F.step("lookup", _("Sample {i}, position {j}: '{w}' → row E[{id}]").format(
                i=i + 1, j=j + 1, w=p.vocab[k], id=k), F.eq(F.sym("y", f"{i + 1},{j + 1}"), F.sym("E", k), F.vector(E[k])),
                (f"token:{i}:{j}", f"row:E:{k}"), {f"emb:{i}:{j}": E[k]}))
    out = text.embed(E, p.ids)
    steps.append(F.step("lookup", _("The output tensor: (samples, sequence length, embedding dimension)"),
                        F.eq(F.Text("Y.shape"), F.vector(out.shape, brackets="()")), ("out",), {"out": out}))
    up = np.round(np.random.default_rng([config.seed, 1]).normal(0.0, 1.0, out.shape), 1)
    steps.append(F.step("backward", _("Backward: the gradient ∂L/∂Y arriving from above (drawn)"),
                        F.seq([F.given(F.Text(f"∂L/∂Y{sub('1,1')}"), F.vector(up[0, 0])), F.Text("…")], ", "), ("out",),
                        {"grad:up": up}))
    grad = text.embed_backward(p.ids, up, V)
    for k in sorted(set(p.ids.ravel().tolist())):
        where = [(i, j) for i in range(p.ids.shape[0]) for j in range(p.ids.shape[1]) if p.ids[i, j] == k]
        more = [F.Text("…")] if len(where) > 4 else []
        names = F.terms([F.Text(f"∂L/∂Y{sub(f'{i + 1},{j + 1}')}") for i, j in where[:4]] + more)
        more = [F.Text("…")] if len(where) > 3 else []
        terms = F.terms([F.vector(up[i, j]) for i, j in where[:3]] + more)
        steps.append(F.step("backward", _("∂L/∂E[{id}]: the rows of '{w}' added up (scatter-add over {n} positions)").format(
            id=k, w=p.vocab[k], n=len(where)), F.eq(F.Text(f"∂L/∂E{sub(k)}"), names, terms, F.vector(grad[k])),
            (f"grad:{k}", *(f"token:{i}:{j}" for i, j in where)), {f"grad:E:{k}": grad[k]}))
    steps.append(F.step("backward", _("∂L/∂E: rows of words not in the batch stay 0"),
                        F.eq(F.Text("∂L/∂E.shape"), F.vector((V, config.dim), brackets="()")), ("grad:E",), {"grad:E": grad}))


# ---------------------------------------------------------------- a trained 2-D embedding

def nearest(E: np.ndarray, vocab, word: str) -> str:
    k = vocab.index(word)
    d = np.linalg.norm(E - E[k], axis=1)
    d[[0, 1, k]] = np.inf
    return vocab[int(np.argmin(d))]


def polarity(data: Prepared, labels: np.ndarray) -> np.ndarray:
    """Per word id: the share of positive sentences among those holding it (0.5 for padding and unknown)."""
    hold = np.zeros((len(data.ids), len(data.vocab)))
    np.put_along_axis(hold, data.ids, 1.0, axis=1)
    count = hold.sum(axis=0)
    share = np.divide(labels @ hold, count, out=np.full(len(data.vocab), 0.5), where=count > 0)
    share[:2] = 0.5
    return share


def train(config: Config, progress=None, should_stop=None):
    """The toy corpus prepared, its labels, the trained model and the per-epoch snapshots."""
    data, labels = corpus()
    model, snapshots = text.train_embedding(data.ids, labels, len(data.vocab), 2, config.epochs, config.lr,
                                            config.seed, progress, should_stop)
    return data, labels, model, snapshots


def _train_steps(config: Config, steps: list, base: dict) -> None:
    data, labels, _model, snapshots = train(config)
    E0, loss0, acc0 = snapshots[0]
    base.update({"E": E0, "loss": loss0, "acc": acc0, "epoch": 0.0, "polarity": polarity(data, labels)})
    def measured(rule, loss, acc) -> F.Seq:
        return F.seq([rule, F.seq([F.eq(F.sym("L"), F.Num(loss)), F.Eq((F.Text(_("accuracy")), F.Num(acc)), " ")], ", ")],
                     "; ")

    steps.append(F.step("train", _("The corpus: {n} sentences, {v} words, each drawn at its 2-D embedding").format(
        n=len(data.ids), v=len(data.vocab) - 2), measured(F.Text("p = σ(w · mean(E[ids]) + b)"), loss0, acc0),
        ("scatter",), {"E": E0}))
    for epoch, (E, loss, acc) in enumerate(snapshots[1:], start=1):
        rule = F.terms([F.Text("E ← E"), F.terms([F.Num(config.lr), F.Text("∂L/∂E")], "·")], " − ")
        steps.append(F.step("train", _("Epoch {k}: every word row moves by −η ∂L/∂E (scatter-add)").format(k=epoch),
                            measured(rule, loss, acc), ("scatter",),
                            {"E": E, "loss": loss, "acc": acc, "epoch": float(epoch)}))
    E = snapshots[-1][0]
    pairs = [_maps(F.Text(w), F.Text(nearest(E, data.vocab, w))) for w in ("good", "bad", "movie") if w in data.vocab]
    steps.append(F.step("train", _("Nearest words after training"), F.seq(pairs, ", "), ("scatter",), {}))


# ---------------------------------------------------------------- the two-input model

def two_input(config: Config):
    """The model, both inputs prepared, and every layer's output."""
    a, b = prepare(config.sentences, config.length), prepare(config.questions, config.length)
    model = text.TwoInput.drawn(len(a.vocab), len(b.vocab), config.dim, config.hidden, config.classes, config.seed)
    return model, a, b, model.trace(a.ids, b.ids)


def shape_text(shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ")"


def _two_input_steps(config: Config, steps: list, base: dict) -> None:
    model, a, b, out = two_input(config)
    values = {"input1": a.ids.astype(np.float64), "input2": b.ids.astype(np.float64), **out}
    def embedded(k: int, ids) -> F.Terms:
        return F.terms([F.given(F.sym("x", k), F.Text(f"E{F.sup(f'({k})')}[{_id_list(ids)}]")),
                        F.eq(F.sym("x", f"{k},1"), F.vector(out[f"embedding{k}"][0, 0]))], ": ")

    def lstm(k: int) -> F.Eq:
        return F.eq(F.Sym("h", sup=f"({k})"), F.Text(f"LSTM(x{sub(k)})ₜ₌{sub(config.length)}"), F.vector(out[f"lstm{k}"][0]))

    formulas = {
        "input1": _maps(token_list(a.tokens[0]), F.vector(a.ids[0])),
        "input2": _maps(token_list(b.tokens[0]), F.vector(b.ids[0])),
        "embedding1": embedded(1, a.ids[0]),
        "embedding2": embedded(2, b.ids[0]),
        "lstm1": lstm(1),
        "lstm2": lstm(2),
        "concatenate": F.eq(F.Text("[h⁽¹⁾, h⁽²⁾]"), F.vector(out["concatenate"][0])),
        "dense": F.eq(F.sym("z"), F.Text("W[h⁽¹⁾, h⁽²⁾] + b"), F.vector(out["dense"][0])),
        "softmax": F.eq(F.sym("p"), F.apply("softmax", F.sym("z")), F.vector(out["softmax"][0])),
    }
    for name, inputs in TWO_INPUT_LAYERS:
        steps.append(F.step("forward", _("Layer {name}: output {shape} (sample 1's numbers)").format(
            name=layer_name(name), shape=shape_text(values[name].shape)), formulas[name],
            (f"layer:{name}", *(f"edge:{i}:{name}" for i in inputs)), {f"layer:{name}": values[name]}))


def build_timeline(config: Config) -> Timeline:
    steps: list[Step] = []
    base: dict = {}
    {"tokens": _tokens_steps, "train": _train_steps, "two-input": _two_input_steps}[config.mode](config, steps, base)
    return Timeline("text", steps, base)
