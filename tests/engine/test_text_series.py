"""The text and series engines against torch (Embedding, the two-input model) and statsmodels'
AutoReg (AR(p)); ARMA by CSS recovers a simulated series' coefficients."""

import re

import numpy as np
import pytest
import torch

from nnlab import series as S
from nnlab import text as T
from nnlab.labs import series as SL
from nnlab.labs import text as TL
from nnlab.presets import load_preset


def test_tokens_vocab_padding_and_korean():
    tokens = T.tokenize("The cat sat, the cat!")
    assert tokens == ["the", "cat", "sat", "the", "cat"]
    vocab = T.build_vocab([tokens])
    assert vocab == ("<pad>", "<unk>", "the", "cat", "sat")
    assert T.encode(["cat", "dog"], vocab, 4).tolist() == [3, 1, 0, 0]
    assert T.tokenize("나는 학교에 간다.") == ["나는", "학교에", "간다"]


def test_embedding_is_one_hot_times_E_and_matches_torch():
    rng = np.random.default_rng(0)
    E = rng.normal(size=(7, 3))
    ids = np.array([[2, 5, 2, 0], [1, 2, 6, 6]])
    out = T.embed(E, ids)
    assert out.shape == (2, 4, 3)
    np.testing.assert_allclose(T.one_hot(ids, 7) @ E, out, atol=1e-12)
    upstream = rng.normal(size=out.shape)
    layer = torch.nn.Embedding(7, 3, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(E))
    y = layer(torch.tensor(ids))
    (y * torch.tensor(upstream)).sum().backward()
    assert np.max(np.abs(y.detach().numpy() - out)) <= 1e-10
    grad = T.embed_backward(ids, upstream, 7)
    assert np.max(np.abs(layer.weight.grad.numpy() - grad)) <= 1e-10
    np.testing.assert_allclose(grad[2], upstream[0, 0] + upstream[0, 2] + upstream[1, 1])  # a repeated token adds


def test_embedding_training_separates_the_classes():
    sentences, labels = T.load_corpus()
    vocab = T.build_vocab(sentences)
    ids = np.stack([T.encode(s, vocab, 6) for s in sentences])
    model, snapshots = T.train_embedding(ids, labels, len(vocab), epochs=60)
    assert snapshots[-1][1] < 0.1 < snapshots[0][1] and snapshots[-1][2] == 1.0
    at = {w: model.E[vocab.index(w)] for w in ("good", "great", "bad", "awful")}
    assert np.linalg.norm(at["good"] - at["great"]) < np.linalg.norm(at["good"] - at["bad"]) / 3


def test_two_input_model_matches_torch():
    model = T.TwoInput.drawn(9, 6, 3, 4, 3, seed=2)
    ids1 = np.array([[1, 4, 8, 2, 0], [3, 3, 5, 7, 1]])
    ids2 = np.array([[2, 5, 1], [0, 4, 4]])
    out = model.trace(ids1, ids2)
    assert out["concatenate"].shape == (2, 8) and out["softmax"].shape == (2, 3)

    def lstm(cell):
        m = torch.nn.LSTM(3, 4, dtype=torch.float64)
        m.load_state_dict({f"{k}_l0": torch.tensor(v) for k, v in cell.params.items()})
        return m

    e1, e2 = (torch.nn.Embedding.from_pretrained(torch.tensor(E)) for E in (model.E1, model.E2))
    l1, l2 = lstm(model.lstm1), lstm(model.lstm2)
    h1 = l1(e1(torch.tensor(ids1)).transpose(0, 1))[1][0][0]
    h2 = l2(e2(torch.tensor(ids2)).transpose(0, 1))[1][0][0]
    z = torch.cat([h1, h2], 1) @ torch.tensor(model.W).T + torch.tensor(model.b)
    want = torch.softmax(z, 1).detach().numpy()
    assert np.max(np.abs(want - out["softmax"])) <= 1e-10


@pytest.mark.parametrize("p", [1, 3, 12])
def test_ar_least_squares_matches_statsmodels_autoreg(p):
    from statsmodels.tsa.ar_model import AutoReg  # the oracle (test-only dependency)

    for y in (S.load_airline(), np.diff(S.load_airline()), S.generated(120, seed=3)):
        c, phi = S.fit_ar(y, p)
        want = AutoReg(y, lags=p, trend="c").fit().params
        assert np.max(np.abs(np.concatenate([[c], phi]) - want)) <= 1e-8


def test_arma_css_recovers_simulated_coefficients():
    rng = np.random.default_rng(1)
    e = rng.normal(size=2100)
    y = np.zeros(2100)
    for t in range(2, 2100):
        y[t] = 0.5 + 0.6 * y[t - 1] - 0.2 * y[t - 2] + e[t] + 0.4 * e[t - 1]
    c, phi, theta = S.fit_arma(y[100:], 2, 1)
    assert np.max(np.abs(np.concatenate([phi, theta]) - [0.6, -0.2, 0.4])) < 0.05
    assert abs(c - 0.5) < 0.1


def test_arima_forecast_undoes_the_differences():
    y = np.array([1.0, 3.0, 6.0, 10.0, 15.0])  # Δ²y = 1 always: AR(0) with c = 1 continues it
    f = S.forecast_arima(y, 2, 1.0, np.zeros(0), np.zeros(0), 3)
    np.testing.assert_allclose(f.values, [21.0, 28.0, 36.0])
    c, phi = 0.5, np.array([0.5])
    f = S.forecast_arima(np.array([2.0, 4.0]), 0, c, phi, np.zeros(0), 2)
    np.testing.assert_allclose(f.values, [2.5, 1.75])


# ---------------------------------------------------------------- the labs



@pytest.mark.parametrize("data, field", [
    ({"sentences": ["  ,. "]}, "sentences[0]"), ({"sentences": []}, "sentences"),
    ({"mode": "two-input", "sentences": ["a b"], "questions": []}, "questions"),
    ({"length": 0}, "length"), ({"mode": "train", "dim": 3}, "dim")])
def test_text_lab_refuses_bad_input_naming_the_field(data, field):
    with pytest.raises(ValueError, match="^" + re.escape(field) + ":"):
        TL.Config.from_dict(data)


@pytest.mark.parametrize("data, field", [
    ({"source": "values", "values": [1.0, 2.0, 3.0, 4.0], "p": 2, "d": 1, "test": 1}, "test"),
    ({"p": 13}, "p"), ({"q": 4}, "q"), ({"d": 3}, "d"), ({"source": "values", "values": [1, "x"]}, "values[1]"),
    ({"q": 1, "coefficients": {"c": 0, "phi": [0.5, 0.1], "theta": [1.2]}}, "coefficients.theta")])
def test_series_lab_refuses_bad_input_naming_the_field(data, field):
    with pytest.raises(ValueError, match="^" + re.escape(field) + ":"):
        SL.Config.from_dict(data)


def test_a_csv_column_that_is_not_numeric_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("month,count\n1,5\n2,x\n")
    with pytest.raises(ValueError, match="^column: s.csv, line 3: 'x' is not a number"):
        S.read_csv_column(path, "count")
    np.testing.assert_array_equal(S.read_csv_column(path, "1"), [1.0, 2.0])


def test_text_lab_timeline_shows_the_lookup_and_the_scatter_add():
    config = load_preset("text-embedding").config
    t = TL.build_timeline(config)
    end = t.state_at(len(t) - 1)
    p = TL.prepare(config.sentences, config.length)
    E = t.base["E"]
    np.testing.assert_array_equal(end["out"], E[p.ids])
    assert end["out"].shape == (2, 6, 3)
    np.testing.assert_allclose(end["grad:E"], T.embed_backward(p.ids, end["grad:up"], len(p.vocab)))
    lookup = next(s for s in t.steps if s.phase == "lookup")
    assert "onehot · E = 0×E₀ + … + 1×E₂ + … + 0×E₉ = E₂ = [1.3, 0.9, −0.7]" in lookup.formula
    for step in t.steps:
        assert "_" not in step.formula.replace("<pad>", "").replace("<unk>", "") and "**" not in step.formula


def test_series_lab_forecasts_and_scores():
    config = load_preset("lstm-vs-arima").config
    t = SL.build_timeline(config)
    end = t.state_at(len(t) - 1)
    y = S.load_airline()
    c, phi, theta = S.fit_arma(np.diff(y[:132]), 12, 1)
    want = S.forecast_arima(y[:132], 1, c, phi, theta, 12).values
    np.testing.assert_allclose(end["arima"], want)
    assert end["rmse:arima"] == pytest.approx(S.rmse(want, y[132:]))
    assert end["rmse:arima"] < 20 and np.isfinite(end["rmse:lstm"]) and len(end["lstm"]) == 12
    step = next(s for s in t.steps if s.title.startswith("ARIMA forecast 1 "))
    assert step.formula.startswith("Δŷ₁₃₃ = ") and "ŷ₁₃₃ = y₁₃₂ + Δŷ₁₃₃ = 405 + " in step.formula
