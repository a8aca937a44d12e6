"""Hand-made bronze input for the conformance tests: an initial load, then a wave with the edge cases of the silver
MERGE (docs/lakehouse.md): a late older change, insert-update-delete of one key in one file, deletes of keys
silver has never seen, a re-delivered file, a review moving months (leaving its month empty), dimension renames
and deletes. Scores are multiples of 0.5, so averages are exact in binary and must match bit for bit."""

from __future__ import annotations

from typing import Any

Change = dict[str, Any]
# (table, file name, changes): one bronze file, one silver ledger record.
BronzeFile = tuple[str, str, list[Change]]

LOAD_TS = "2024-01-01T00:00:00Z"


def _review(review_id: int, beer_id: int, brewery_id: int, profile_id: int, time: str, overall: float) -> Change:
    return {
        "review_id": review_id,
        "brewery_id": brewery_id,
        "beer_id": beer_id,
        "profile_id": profile_id,
        "review_overall": overall,
        "review_aroma": overall,
        "review_appearance": 3.5,
        "review_palate": None,
        "review_taste": overall / 2,
        "review_time": time,
    }


def _load(seq: int, row: Change) -> Change:
    return {"op": "load", "change_ts": LOAD_TS, "change_seq": seq, **row}


BREWERIES = [
    {"brewery_id": 1, "brewery_name": "Alpha"},
    {"brewery_id": 2, "brewery_name": "Beta"},
    {"brewery_id": 3, "brewery_name": "Gamma"},
]
BEERS = [
    {"beer_id": 10, "brewery_id": 1, "beer_name": "Pale", "beer_style": "American IPA", "beer_abv": 6.5},
    {"beer_id": 11, "brewery_id": 2, "beer_name": "Dark", "beer_style": "Stout", "beer_abv": None},
    {"beer_id": 12, "brewery_id": 3, "beer_name": "Crisp", "beer_style": "Lager", "beer_abv": 0.0},
    {"beer_id": 13, "brewery_id": 1, "beer_name": "Hazy", "beer_style": "American IPA", "beer_abv": 7.25},
]
PROFILES = [
    {"profile_id": 100 + i, "profile_name": f"token-name-{i}", "email": f"token-mail-{i}", "state": state}
    for i, state in enumerate(["CA", "NY", "TX", "OR"])
]
# 2023-12: 30 reviews of beer 10 and 26 of beer 13 (both over the gold threshold of 25, one style, one brewery);
# 2023-11: beer 11; 2023-10: review 61 alone; 2024-01: review 62.
REVIEWS = (
    [
        _review(i, 10, 1, 100 + i % 4, f"2023-12-{1 + i % 28:02d}T{i % 24:02d}:30:00Z", (i % 9 + 1) / 2)
        for i in range(1, 31)
    ]
    + [_review(i, 13, 1, 100 + i % 3, f"2023-12-{1 + i % 28:02d}T08:00:00Z", (i % 5 + 5) / 2) for i in range(31, 57)]
    + [_review(i, 11, 2, 101, f"2023-11-{i - 50:02d}T12:00:00Z", 4.5) for i in range(57, 61)]
    + [
        _review(61, 12, 3, 102, "2023-10-15T23:59:59Z", 3.0),
        _review(62, 12, 3, 103, "2024-01-31T23:59:59Z", 2.0),
        _review(63, 11, 2, 100, "2023-11-30T00:00:00Z", 1.5),
    ]
)

INITIAL_LOAD: list[BronzeFile] = [
    ("brewery", "brewery-load", [_load(i, row) for i, row in enumerate(BREWERIES)]),
    ("beer", "beer-load", [_load(i, row) for i, row in enumerate(BEERS)]),
    ("profile", "profile-load", [_load(i, row) for i, row in enumerate(PROFILES)]),
    ("review", "review-load-1", [_load(i, row) for i, row in enumerate(REVIEWS[:40])]),
    ("review", "review-load-2", [_load(40 + i, row) for i, row in enumerate(REVIEWS[40:])]),
]


def _change(op: str, ts: str, seq: int, row: Change) -> Change:
    return {"op": op, "change_ts": ts, "change_seq": seq, **row}


def _moved(review_id: int, **changes: Any) -> Change:
    [row] = [r for r in REVIEWS if r["review_id"] == review_id]
    return {**row, **changes}


UPDATES: list[BronzeFile] = [
    (
        "brewery",
        "brewery-wave",
        [
            _change("update", "2024-02-01T00:00:00Z", 1, {"brewery_id": 2, "brewery_name": "Beta Brewing"}),
            # insert, update and delete of one key within one file, listed out of order; deletes carry the key only
            _change("delete", "2024-02-02T00:00:00Z", 5, {"brewery_id": 4}),
            _change("insert", "2024-02-02T00:00:00Z", 3, {"brewery_id": 4, "brewery_name": "Delta"}),
            _change("update", "2024-02-02T00:00:00Z", 4, {"brewery_id": 4, "brewery_name": "Delta 2"}),
        ],
    ),
    (
        "beer",
        "beer-wave",
        [
            _change("update", "2024-02-01T00:00:00Z", 1, {**BEERS[0], "beer_name": "Pale Ale"}),
            _change("delete", "2024-02-01T00:00:00Z", 2, {"beer_id": 11}),
        ],
    ),
    # the initial beer file delivered again: equal or older than silver, it must change nothing
    ("beer", "beer-load-redelivered", [_load(i, row) for i, row in enumerate(BEERS)]),
    (
        "profile",
        "profile-wave",
        [
            _change("update", "2024-02-01T00:00:00Z", 1, {**PROFILES[1], "state": "NJ"}),
            _change("delete", "2024-02-01T00:00:00Z", 2, {"profile_id": 999}),
        ],
    ),
    (
        "review",
        "review-wave",
        [
            # a corrected review_time moves review 61 out of 2023-10, which is left empty
            _change("update", "2024-02-01T00:00:00Z", 1, _moved(61, review_time="2024-01-20T10:00:00Z")),
            _change("delete", "2024-02-01T00:00:00Z", 2, {"review_id": 63}),
            _change("update", "2024-02-01T00:00:00Z", 3, _moved(2, review_overall=1.0)),
            _change("insert", "2024-02-02T00:00:00Z", 4, _review(70, 13, 1, 103, "2024-01-05T00:00:00Z", 4.0)),
            _change("update", "2024-02-02T00:00:00Z", 5, _review(70, 13, 1, 103, "2024-01-06T00:00:00Z", 5.0)),
            _change("delete", "2024-02-03T00:00:00Z", 6, {"review_id": 70}),
            # a delete of a key never seen: a tombstone with only the key (and null partition values)
            _change("delete", "2024-02-03T00:00:00Z", 7, {"review_id": 9999}),
        ],
    ),
    (
        "review",
        "review-late",
        [
            # older than silver's row: ignored
            _change("update", "2023-12-31T00:00:00Z", 1, _moved(2, review_overall=0.5)),
            # older than its delete in this run: cannot revive the key
            _change("insert", "2023-12-20T00:00:00Z", 2, _moved(63, review_overall=5.0)),
            # a key nobody has seen, arriving late: simply inserted
            _change("insert", "2023-06-01T00:00:00Z", 3, _review(71, 12, 3, 102, "2023-06-01T00:00:00Z", 3.5)),
        ],
    ),
]

WAVES = (INITIAL_LOAD, UPDATES)
