# SPDX-License-Identifier: GPL-2.0-or-later
"""Structural comparison of a real captured reply with the sandbox's reply.

Fidelity tests load a real reply from ../shared/fixtures at test time (never copied into the project) and
check that the sandbox answers the same endpoint with the same field names, JSON types and nesting.
Values may differ; shapes may not.
"""

from __future__ import annotations

from typing import Any


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def shape_differences(real: Any, ours: Any, path: str = "$", *, allow_extra: bool = False,
                      nullable: bool = True) -> list[str]:
    """Every place where ``ours`` differs in structure from ``real``, as ``path: reason`` lines.

    - objects: every key of ``real`` must be in ``ours`` (and, unless ``allow_extra``, no other key);
    - arrays: every element of ``ours`` is compared with the first element of ``real`` (real lists are
      homogeneous in these APIs); an empty real array says nothing about its elements;
    - scalars: same JSON type; ``null`` on either side is accepted when ``nullable`` (real replies often
      carry ``null`` where a value may appear).
    """
    rk, ok = _kind(real), _kind(ours)
    if rk != ok:
        if nullable and "null" in (rk, ok):
            return []
        return [f"{path}: real is {rk}, sandbox is {ok}"]
    diffs: list[str] = []
    if rk == "object":
        for key in real:
            if key not in ours:
                diffs.append(f"{path}.{key}: missing in sandbox")
            else:
                diffs += shape_differences(real[key], ours[key], f"{path}.{key}",
                                           allow_extra=allow_extra, nullable=nullable)
        if not allow_extra:
            diffs += [f"{path}.{key}: not in the real reply" for key in ours if key not in real]
    elif rk == "array" and real:
        for i, item in enumerate(ours):
            diffs += shape_differences(real[0], item, f"{path}[{i}]", allow_extra=allow_extra,
                                       nullable=nullable)
    return diffs


def assert_same_shape(real: Any, ours: Any, **kw: Any) -> None:
    """Fail with every structural difference listed, so one run shows the whole gap."""
    diffs = shape_differences(real, ours, **kw)
    assert not diffs, "sandbox reply differs from the real one:\n" + "\n".join(diffs)
