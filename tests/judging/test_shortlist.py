import itertools
import random

import pytest

from judging.shortlist import Candidate, Rules, build


def candidate(key, score, category="A", group="umum", kind="kota", province="Jawa Timur", favoured=False):
    return Candidate(
        key=key,
        score=score,
        category=category,
        group=group,
        agency_kind=kind,
        province=province,
        favoured_region=favoured,
    )


def test_without_rules_the_shortlist_is_the_top_by_score():
    pool = [candidate(key, 100 - key) for key in range(10)]

    shortlist = build(pool, Rules(size=4))

    assert [c.key for c in shortlist.selected] == [0, 1, 2, 3]
    assert shortlist.moved_in == [] and shortlist.moved_out == []


def test_eastern_minimum_brings_in_the_best_eastern_proposal_and_says_why():
    pool = [candidate(key, 100 - key) for key in range(6)] + [
        candidate(10, 50, province="Papua", favoured=True),
        candidate(11, 60, province="Maluku", favoured=True),
    ]

    shortlist = build(pool, Rules(size=4, favoured_minimum=1))

    assert [c.key for c in shortlist.selected] == [0, 1, 2, 11]
    assert [m.candidate.key for m in shortlist.moved_in] == [11]
    assert (
        "kawasan timur" in " ".join(shortlist.moved_in[0].reasons).lower()
        or "eastern" in " ".join(shortlist.moved_in[0].reasons).lower()
    )
    assert [m.candidate.key for m in shortlist.moved_out] == [3]


def test_province_cap_and_category_maximum_are_respected():
    pool = [
        candidate(
            key, 100 - key, province="Jawa Timur" if key < 5 else "Bali", category="Digital" if key % 2 else "Kesehatan"
        )
        for key in range(10)
    ]

    shortlist = build(pool, Rules(size=5, province_cap=3, maximum={"category": {"Digital": 2}}))

    chosen = shortlist.selected
    assert sum(c.province == "Jawa Timur" for c in chosen) <= 3
    assert sum(c.category == "Digital" for c in chosen) <= 2
    assert len(chosen) == 5


@pytest.mark.parametrize("seed", range(25))
def test_the_solver_finds_the_true_optimum_on_small_random_cases(seed):
    rng = random.Random(seed)
    pool = [
        candidate(
            key,
            rng.randint(50, 100),
            category=rng.choice("ABC"),
            kind=rng.choice(["kota", "bumn"]),
            province=rng.choice(["Aceh", "Bali", "Papua"]),
            favoured=rng.random() < 0.3,
        )
        for key in range(11)
    ]
    rules = Rules(
        size=5, minimum={"category": {"A": 1}}, maximum={"agency_kind": {"bumn": 2}}, province_cap=3, favoured_minimum=1
    )

    shortlist = build(pool, rules)

    def allowed(subset):
        return (
            sum(c.category == "A" for c in subset) >= 1
            and sum(c.agency_kind == "bumn" for c in subset) <= 2
            and all(sum(c.province == p for c in subset) <= 3 for p in ("Aceh", "Bali", "Papua"))
            and sum(c.favoured_region for c in subset) >= 1
        )

    best = max(
        (sum(c.score for c in subset) for subset in itertools.combinations(pool, 5) if allowed(subset)), default=None
    )
    if best is None:
        assert not shortlist.feasible
    else:
        assert shortlist.feasible and shortlist.total == best and allowed(shortlist.selected)


def test_impossible_rules_are_explained_in_plain_words():
    pool = [candidate(key, 90, category="A") for key in range(5)]

    shortlist = build(pool, Rules(size=4, minimum={"category": {"B": 2}}, favoured_minimum=1, province_cap=3))

    text = " ".join(shortlist.problems)
    assert not shortlist.feasible and shortlist.selected == []
    assert "“B”" in text and "3T" in text and "3" in text
