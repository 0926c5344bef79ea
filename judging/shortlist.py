"""Choosing a balanced Top N: the highest total score under the secretariat's balancing rules.

The real Top 99 is not the top of a score list: it is balanced across category, group, agency type
and region, favouring eastern Indonesia and 3T regions. This is an integer programme, solved exactly
with HiGHS (scipy.optimize.milp): choose x_i in {0, 1} to maximise sum(score_i * x_i) subject to
sum(x_i) = N, minimum and maximum counts per category, group and agency type, a cap per province and
a minimum from eastern Indonesia / 3T regions. When the rules cannot all be met, `explain` says
which ones, in plain words, before or after solving.

Pure functions over plain data: the decisions service feeds it a round's ranking and stores the
result as a draft.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from scipy.optimize import Bounds, LinearConstraint, milp

FAMILIES = ("category", "group", "agency_kind")


@dataclass(frozen=True)
class Candidate:
    key: int
    score: float
    category: str
    group: str
    agency_kind: str
    province: str
    favoured_region: bool  # eastern Indonesia or a 3T region


@dataclass
class Rules:
    size: int = 99
    minimum: dict[str, dict[str, int]] = field(default_factory=dict)  # family -> value -> count
    maximum: dict[str, dict[str, int]] = field(default_factory=dict)
    province_cap: int | None = None
    favoured_minimum: int = 0


@dataclass
class Move:
    candidate: Candidate
    reasons: list[str]


@dataclass
class Shortlist:
    selected: list[Candidate]
    total: float
    moved_in: list[Move]
    moved_out: list[Move]
    problems: list[str]

    @property
    def feasible(self) -> bool:
        return not self.problems


def _family_name(family: str) -> str:
    return {"category": _("category"), "group": _("group"), "agency_kind": _("agency type")}[family]


def _family_label(family: str, value: str) -> str:
    return {
        "category": _("category “%(value)s”"),
        "group": _("group “%(value)s”"),
        "agency_kind": _("agency type “%(value)s”"),
    }[family] % {"value": value}


def explain(candidates: list[Candidate], rules: Rules) -> list[str]:
    """Rules that cannot be met whatever is chosen, each in one sentence."""
    problems = []
    if rules.size > len(candidates):
        problems.append(
            _("Only %(available)d proposals are ranked, fewer than the %(size)d to choose.")
            % {"available": len(candidates), "size": rules.size}
        )
    for family in FAMILIES:
        available = Counter(getattr(candidate, family) for candidate in candidates)
        minimums = rules.minimum.get(family, {})
        for value, minimum in minimums.items():
            if available[value] < minimum:
                problems.append(
                    _("At least %(minimum)d from %(what)s are required, but only %(available)d are ranked.")
                    % {"minimum": minimum, "what": _family_label(family, value), "available": available[value]}
                )
        if sum(minimums.values()) > rules.size:
            problems.append(
                _("The minimums per %(family)s add up to %(sum)d, more than the %(size)d to choose.")
                % {"family": _family_name(family), "sum": sum(minimums.values()), "size": rules.size}
            )
        maximums = rules.maximum.get(family, {})
        reachable = sum(min(maximums.get(value, count), count) for value, count in available.items())
        if maximums and reachable < rules.size:
            problems.append(
                _("With the maximums per %(family)s, at most %(reachable)d proposals can be chosen, not %(size)d.")
                % {"family": _family_name(family), "reachable": reachable, "size": rules.size}
            )
    favoured = sum(candidate.favoured_region for candidate in candidates)
    if favoured < rules.favoured_minimum:
        problems.append(
            _(
                "At least %(minimum)d from eastern Indonesia or 3T regions are required, but only %(available)d are "
                "ranked."
            )
            % {"minimum": rules.favoured_minimum, "available": favoured}
        )
    if rules.province_cap is not None:
        per_province = Counter(candidate.province for candidate in candidates)
        reachable = sum(min(count, rules.province_cap) for count in per_province.values())
        if reachable < rules.size:
            problems.append(
                _("With at most %(cap)d per province, only %(reachable)d proposals can be chosen, not %(size)d.")
                % {"cap": rules.province_cap, "reachable": reachable, "size": rules.size}
            )
    return problems


def _rows(candidates: list[Candidate], rules: Rules):
    """Constraint rows (coefficients, lower, upper, name) of the integer programme."""
    count = len(candidates)
    rows = [(np.ones(count), rules.size, rules.size, "size")]
    for family in FAMILIES:
        values = set(rules.minimum.get(family, {})) | set(rules.maximum.get(family, {}))
        for value in values:
            member = np.array([getattr(c, family) == value for c in candidates], dtype=float)
            lower = rules.minimum.get(family, {}).get(value, 0)
            upper = rules.maximum.get(family, {}).get(value, count)
            rows.append((member, lower, upper, (family, value)))
    if rules.province_cap is not None:
        for province in {c.province for c in candidates}:
            member = np.array([c.province == province for c in candidates], dtype=float)
            rows.append((member, 0, rules.province_cap, ("province", province)))
    if rules.favoured_minimum:
        member = np.array([c.favoured_region for c in candidates], dtype=float)
        rows.append((member, rules.favoured_minimum, count, ("favoured", "")))
    return rows


def build(candidates: list[Candidate], rules: Rules) -> Shortlist:
    """The best Top N under `rules`, with what moved in and out compared with pure score order."""
    ranked = sorted(candidates, key=lambda c: (-c.score, c.key))
    problems = explain(candidates, rules)
    if problems:
        return Shortlist(selected=[], total=0.0, moved_in=[], moved_out=[], problems=problems)
    rows = _rows(ranked, rules)
    matrix = np.vstack([row[0] for row in rows])
    result = milp(
        c=-np.array([c.score for c in ranked]),  # milp minimises
        constraints=LinearConstraint(matrix, [row[1] for row in rows], [row[2] for row in rows]),
        integrality=np.ones(len(ranked)),
        bounds=Bounds(0, 1),
    )
    if result.status != 0 or result.x is None:
        return Shortlist(
            selected=[],
            total=0.0,
            moved_in=[],
            moved_out=[],
            problems=[_("These rules cannot all be met together; relax one of them.")],
        )
    chosen = {ranked[index].key for index, value in enumerate(result.x) if value > 0.5}
    selected = [c for c in ranked if c.key in chosen]
    by_score = {c.key for c in ranked[: rules.size]}
    binding = _binding(selected, rows, ranked)
    moved_in = [
        Move(c, [text for kind, name, text in binding if kind == "lower" and _member(c, name)])
        for c in selected
        if c.key not in by_score
    ]
    moved_out = [
        Move(c, [text for kind, name, text in binding if kind == "upper" and _member(c, name)])
        for c in ranked[: rules.size]
        if c.key not in chosen
    ]
    return Shortlist(
        selected=selected,
        total=float(sum(c.score for c in selected)),
        moved_in=moved_in,
        moved_out=moved_out,
        problems=[],
    )


def _member(candidate: Candidate, name) -> bool:
    if name == ("favoured", ""):
        return candidate.favoured_region
    family, value = name
    if family == "province":
        return candidate.province == value
    return getattr(candidate, family) == value


def _binding(selected: list[Candidate], rows, ranked) -> list[tuple[str, object, str]]:
    """The rules the chosen list sits exactly on: why someone came in (a minimum) or left (a maximum)."""
    notes = []
    for _coefficients, lower, upper, name in rows[1:]:
        taken = sum(_member(c, name) for c in selected)
        if name == ("favoured", ""):
            label = _("the minimum from eastern Indonesia and 3T regions")
        elif name[0] == "province":
            label = _("the cap per province (%(value)s)") % {"value": name[1]}
        else:
            label = _family_label(*name)
        if taken == lower and lower > 0:
            notes.append(
                (
                    "lower",
                    name,
                    _("needed to reach the minimum for %(rule)s") % {"rule": label}
                    if name[0] != "favoured"
                    else _("needed to reach %(rule)s") % {"rule": label},
                )
            )
        if taken == upper and upper < len(ranked):
            notes.append(
                (
                    "upper",
                    name,
                    _("left out by the maximum for %(rule)s") % {"rule": label}
                    if name[0] not in ("province",)
                    else _("left out by %(rule)s") % {"rule": label},
                )
            )
    return notes
