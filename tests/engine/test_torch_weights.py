"""PyTorch .pt state dicts read without torch and without unpickling (nnlab.torchfile)."""

import io
import pickle
import zipfile

import numpy as np
import pytest
import torch

from nnlab.io import FormatError, load_weights
from nnlab.network import MLP


def _save(obj, path):
    torch.save(obj, path)
    return path


def test_sequential_state_dict_gives_torch_outputs(tmp_path):
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Sigmoid(), torch.nn.Linear(4, 1))
    w = load_weights(_save(model.state_dict(), tmp_path / "m.pt"))
    assert list(w.params) == ["W1", "b1", "W2", "b2"]
    assert w.params["W1"].shape == (2, 4) and w.params["W2"].shape == (4, 1)
    np.testing.assert_array_equal(w.params["W1"], model[0].weight.detach().double().numpy().T)
    net = MLP([2, 4, 1], activation="sigmoid", output="identity")
    net.params.update(w.params)
    x = np.random.default_rng(0).normal(size=(16, 2))
    expected = model.double()(torch.from_numpy(x)).detach().numpy()
    assert np.max(np.abs(net.forward(x) - expected)) < 1e-12


def test_named_layers_float64_and_pth(tmp_path):
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc2, self.out = torch.nn.Linear(3, 5), torch.nn.Linear(5, 4), torch.nn.Linear(4, 2)

    net = Net().double()
    w = load_weights(_save(net.state_dict(), tmp_path / "n.pth"))
    assert [w.params[f"W{i}"].shape for i in (1, 2, 3)] == [(3, 5), (5, 4), (4, 2)]
    np.testing.assert_array_equal(w.params["b3"], net.out.bias.detach().numpy())


def test_non_contiguous_tensor_and_recurrent_names(tmp_path):
    t = torch.arange(12, dtype=torch.float64).reshape(3, 4).t()  # strided view, saved as is
    lstm = torch.nn.LSTM(2, 3)
    w = load_weights(_save({**lstm.state_dict(), "extra": t}, tmp_path / "r.pt"))
    np.testing.assert_array_equal(w.params["extra"], t.numpy())
    np.testing.assert_array_equal(w.params["weight_hh_l0"], lstm.weight_hh_l0.detach().double().numpy())


def test_refused_state_dicts(tmp_path):
    bn = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3), torch.nn.Linear(3, 1))
    with pytest.raises(FormatError, match="1.weight: not the weight or bias of an nn.Linear"):
        load_weights(_save(bn.state_dict(), tmp_path / "bn.pt"))
    bad = {"0.weight": torch.zeros(3, 2), "1.weight": torch.zeros(1, 4)}
    with pytest.raises(FormatError, match="layer 1 gives 3 outputs but layer 2 takes 4 inputs"):
        load_weights(_save(bad, tmp_path / "chain.pt"))
    legacy = io.BytesIO()
    torch.save({"0.weight": torch.zeros(1, 1)}, legacy, _use_new_zipfile_serialization=False)
    (tmp_path / "old.pt").write_bytes(legacy.getvalue())
    with pytest.raises(FormatError, match="old .*format"):
        load_weights(tmp_path / "old.pt")


class _Boom:
    def __reduce__(self):
        return (print, ("ran",))


def _with_pickle(path, data: bytes):
    """A torch.save file whose data.pkl is replaced by ``data``."""
    torch.save({"0.weight": torch.zeros(1, 1)}, path)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    name = next(n for n in members if n.endswith("/data.pkl"))
    members[name] = data
    with zipfile.ZipFile(path, "w") as z:
        for n, b in members.items():
            z.writestr(n, b)
    return path


@pytest.mark.parametrize("payload, reason", [
    (pickle.dumps(_Boom(), protocol=2), "asks for __builtin__.print"),
    (b"\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03.", "asks for os.system"),
    (pickle.dumps({"a": {1, 2}}, protocol=4), "opcode"),
    (b"\x80\x02ctorch._utils\n_rebuild_tensor_v2\n)R.", "in a way a state dict does not"),
    (b"\x80\x02}q\x00X\x01\x00\x00\x00aq\x01", "damaged"),
])
def test_code_in_data_pkl_is_never_run(tmp_path, capsys, payload, reason):
    with pytest.raises(FormatError, match=reason):
        load_weights(_with_pickle(tmp_path / "evil.pt", payload))
    assert "ran" not in capsys.readouterr().out


def test_storage_too_short_is_refused(tmp_path):
    path = _save({"0.weight": torch.zeros(4, 4, dtype=torch.float32)}, tmp_path / "s.pt")
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    key = next(n for n in members if "/data/" in n)
    members[key] = members[key][:10]
    with zipfile.ZipFile(path, "w") as z:
        for n, b in members.items():
            z.writestr(n, b)
    with pytest.raises(FormatError, match="bytes, expected 64"):
        load_weights(path)
