"""Colours and the tile-grid layout the pages share, beside the words of statecare.legis.words.

The words shown for each code live in the ground floor (statecare.legis.words) so the digest and
the site share them without importing each other; this module adds what only the site draws: the
map's tiles, the stage colours and the route switch.
"""

from __future__ import annotations

from statecare.legis.vocabulary import RELEVANT_POLICY_TYPES
from statecare.legis.words import (  # noqa: F401 - re-exported: the pages read the words through vocab
    BINDING_POLICY_TYPES,
    EVENT_LABELS,
    LEGEND_ORDER,
    NONBINDING_KINDS,
    POLICY_LABELS,
    PROVISION_CATEGORIES,
    PROVISION_VALUE_LABELS,
    SCORECARD_KEYS,
    SCORECARD_POLICY_TYPES,
    SCORECARD_VALUES,
    SCORECARD_VALUES_FROM_SUMMARY,
    STAGE_LABELS,
    STAGE_RANK,
    STAGE_SHORT,
    STATE_NAMES,
    UNCLASSIFIED_LABEL,
    bill_stage_label,
    ended_label,
    furthest,
    house_name,
    needs_no_governor,
    policy_label,
    provision_label,
    provision_value_label,
    route_stage_label,
    session_label,
    session_noun,
    stage_label,
    state_name,
    version_note,
)

# Tile grid: each state one square, placed roughly where it lies (row, column), 8 rows x 11 columns.
TILE_ROWS: tuple[tuple[tuple[int, str], ...], ...] = (
    ((0, "ak"), (10, "me")),
    ((9, "vt"), (10, "nh")),
    ((0, "wa"), (1, "id"), (2, "mt"), (3, "nd"), (4, "mn"), (5, "il"), (6, "wi"), (7, "mi"), (8, "ny"),
     (9, "ri"), (10, "ma")),
    ((0, "or"), (1, "nv"), (2, "wy"), (3, "sd"), (4, "ia"), (5, "in"), (6, "oh"), (7, "pa"), (8, "nj"),
     (9, "ct")),
    ((0, "ca"), (1, "ut"), (2, "co"), (3, "ne"), (4, "mo"), (5, "ky"), (6, "wv"), (7, "va"), (8, "md"),
     (9, "de")),
    ((1, "az"), (2, "nm"), (3, "ks"), (4, "ar"), (5, "tn"), (6, "nc"), (7, "sc"), (8, "dc")),
    ((3, "ok"), (4, "la"), (5, "ms"), (6, "al"), (7, "ga")),
    ((0, "hi"), (3, "tx"), (8, "fl"), (10, "pr")),
)
TILE_POSITIONS: dict[str, tuple[int, int]] = {
    st: (r, c) for r, row in enumerate(TILE_ROWS) for c, st in row
}

# Tile colours (background, text): a light-to-dark blue scale for progress, orange for a veto,
# pale grey for bills that died. Every pair meets WCAG AA contrast (checked in the tests).
STAGE_COLOURS: dict[str, tuple[str, str]] = {
    "introduced": ("#deebf7", "#10253f"),
    "in_committee": ("#c6dbef", "#10253f"),
    "on_floor": ("#9ecae1", "#10253f"),
    "passed_one_chamber": ("#6baed6", "#0b1a2e"),
    "passed_both": ("#2171b5", "#ffffff"),
    "sent_to_governor": ("#08519c", "#ffffff"),
    "enacted": ("#08306b", "#ffffff"),
    "vetoed": ("#a63603", "#ffffff"),
    "failed": ("#d9d9d9", "#222222"),
    "withdrawn": ("#d9d9d9", "#222222"),
}
NO_BILL_COLOURS: tuple[str, str] = ("#ffffff", "#4b5563")
# A study or a memorial (not binding) is drawn in purple, never in the blue of binding progress;
# a veto, a failure or a withdrawal keeps its colour (it is no progress either way).
NONBINDING_COLOURS: dict[str, tuple[str, str]] = {
    **STAGE_COLOURS,
    "introduced": ("#efedf5", "#2d1650"),
    "in_committee": ("#dadaeb", "#2d1650"),
    "on_floor": ("#bcbddc", "#2d1650"),
    "passed_one_chamber": ("#9e9ac8", "#1c0b38"),
    "passed_both": ("#6a51a3", "#ffffff"),
    "sent_to_governor": ("#54278f", "#ffffff"),
    "enacted": ("#3f007d", "#ffffff"),
}
NONBINDING_SHORT: dict[str, str] = {"universal_coverage_study": "Study", "federal_resolution": "Memo"}

# The map's route switch: route key -> (label, policy types that count). The default is the binding
# routes; studies and memorials are layers of their own, and "all routes" labels them as what they are.
DEFAULT_ROUTE = "binding"
MAP_ROUTES: dict[str, tuple[str, tuple[str, ...]]] = {
    "binding": ("Single-payer + public option", BINDING_POLICY_TYPES),
    "single_payer": ("Single-payer", ("single_payer",)),
    "public_option": ("Public option / buy-in", ("public_option",)),
    "study": ("Studies (not binding)", ("universal_coverage_study",)),
    "federal": ("Memorials to Congress (not binding)", ("federal_resolution",)),
    "all": ("All routes", RELEVANT_POLICY_TYPES),
}
# what a route counts, in words: "no <noun> this session"
ROUTE_NOUNS: dict[str, str] = {
    "binding": "binding bill", "single_payer": "single-payer bill", "public_option": "public-option bill",
    "study": "study", "federal": "memorial to Congress", "all": "relevant bill",
}
BINDING_ROUTES: tuple[str, ...] = tuple(k for k, (_l, types) in MAP_ROUTES.items()
                                        if set(types) <= set(BINDING_POLICY_TYPES))
assert set(BINDING_POLICY_TYPES) | set(NONBINDING_KINDS) == set(RELEVANT_POLICY_TYPES)
assert set(ROUTE_NOUNS) == set(MAP_ROUTES)
