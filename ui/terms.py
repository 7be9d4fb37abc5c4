"""Display names of activation functions and graph operators. The engine's keys ("sigmoid",
"piecewise_linear", "multiply") stay in files and formulas; controls, legends and captions show
these names, translated where a Korean textbook translates them (시그모이드 함수, 계단 함수, 곱셈;
σ, tanh and ReLU are written as they are)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate reads translate("…", "…") calls


def activation_name(key: str) -> str:
    names = {"sigmoid": translate("terms", "sigmoid"), "tanh": "tanh", "relu": "ReLU",
             "leaky_relu": translate("terms", "leaky ReLU"), "identity": translate("terms", "identity"),
             "softmax": translate("terms", "softmax"), "softplus": translate("terms", "softplus"),
             "step": translate("terms", "step"), "sign": translate("terms", "sign"),
             "linear": translate("terms", "linear"), "piecewise_linear": translate("terms", "piecewise linear")}
    return names.get(key, key)


def op_name(key: str) -> str:
    names = {"add": translate("terms", "add"), "multiply": translate("terms", "multiply"), "exp": "exp",
             "log": "log", "reciprocal": translate("terms", "reciprocal"), "sigmoid": translate("terms", "sigmoid"),
             "subtract": translate("terms", "subtract"), "divide": translate("terms", "divide"),
             "negate": translate("terms", "negate"), "power": translate("terms", "power"), "tanh": "tanh",
             "relu": "ReLU"}
    return names.get(key, key)
