"""The states' own names for Medicaid, CHIP and their other public coverage programs.

A bill about "SoonerCare" or "Apple Health" is a bill about health coverage even when it never says
"Medicaid"; the policy-type classifier and search read these names as data. Source: each state's
Medicaid and CHIP agency (program names as the agencies publish them, 2025); a name shared by a
state's plan and something unrelated ("Green Mountain Care" is also Vermont's board) is still
listed: the classifier weighs it, it does not decide on it alone.
"""

from __future__ import annotations

import re
from functools import cache

PROGRAM_NAMES: dict[str, tuple[str, ...]] = {
    "ak": ("Denali KidCare", "DenaliCare"),
    "al": ("ALL Kids",),
    "ar": ("ARHOME", "ARKids First", "Arkansas Works"),
    "az": ("AHCCCS", "KidsCare", "Arizona Long Term Care System"),
    "ca": ("Medi-Cal", "Covered California", "CalCare", "Healthy Families"),
    "co": ("Health First Colorado", "Child Health Plan Plus", "CHP+", "Colorado Option", "OmniSalud"),
    "ct": ("HUSKY", "HUSKY Health", "Covered Connecticut", "Access Health CT"),
    "dc": ("DC Healthy Families", "DC HealthCare Alliance", "Immigrant Children's Program"),
    "de": ("Diamond State Health Plan", "Delaware Healthy Children Program"),
    "fl": ("Florida KidCare", "Statewide Medicaid Managed Care", "MediKids"),
    "ga": ("PeachCare for Kids", "Georgia Pathways", "Georgia Access"),
    "hi": ("Med-QUEST", "QUEST Integration"),
    "ia": ("IA Health Link", "Hawki", "Iowa Health and Wellness Plan"),
    "id": ("Idaho Medicaid",),
    "il": ("HealthChoice Illinois", "All Kids", "FamilyCare", "Health Benefits for Immigrant Adults"),
    "in": ("Healthy Indiana Plan", "Hoosier Healthwise", "Hoosier Care Connect", "PathWays for Aging"),
    "ks": ("KanCare",),
    "ky": ("Kentucky HEALTH", "KCHIP", "kynect"),
    "la": ("Healthy Louisiana", "LaCHIP"),
    "ma": ("MassHealth", "ConnectorCare", "Health Safety Net", "Commonwealth Care"),
    "md": ("Maryland Medical Assistance", "HealthChoice", "Maryland Children's Health Program"),
    "me": ("MaineCare",),
    "mi": ("Healthy Michigan Plan", "MIChild"),
    "mn": ("Medical Assistance", "MinnesotaCare"),
    "mo": ("MO HealthNet", "Show-Me Healthy Babies"),
    "ms": ("MississippiCAN", "Mississippi CHIP"),
    "mt": ("Healthy Montana Kids", "Montana HELP"),
    "nc": ("NC Medicaid", "NC Health Choice"),
    "nd": ("Healthy Steps",),
    "ne": ("Heritage Health",),
    "nh": ("Granite Advantage", "New Hampshire Health Protection Program"),
    "nj": ("NJ FamilyCare", "Cover All Kids"),
    "nm": ("Centennial Care", "Turquoise Care", "BeWellnm"),
    "nv": ("Nevada Check Up", "Battle Born State Plans", "Nevada Health Link"),
    "ny": ("Child Health Plus", "Essential Plan", "NY State of Health", "Family Health Plus"),
    "oh": ("Ohio Medicaid", "Healthy Start"),
    "ok": ("SoonerCare", "Insure Oklahoma"),
    "or": ("Oregon Health Plan", "Healthier Oregon", "Cover All People"),
    "pa": ("HealthChoices", "Medical Assistance", "Pennie"),
    "pr": ("Plan Vital", "Plan de Salud del Gobierno", "Mi Salud", "Reforma de Salud"),
    "ri": ("RIte Care", "RIte Share", "HealthSource RI"),
    "sc": ("Healthy Connections",),
    "sd": ("South Dakota Medicaid",),
    "tn": ("TennCare", "CoverKids", "CoverTN", "CoverRx"),
    "tx": ("STAR", "STAR+PLUS", "STAR Kids", "STAR Health", "Texas CHIP"),
    "ut": ("Utah Medicaid", "Primary Care Network"),
    "va": ("Cover Virginia", "FAMIS", "Medallion"),
    "vt": ("Green Mountain Care", "Dr. Dynasaur", "Vermont Health Connect"),
    "wa": ("Apple Health", "Cascade Care", "Cascade Select", "Washington Healthplanfinder"),
    "wi": ("BadgerCare Plus", "BadgerCare"),
    "wv": ("Mountain Health Trust", "WVCHIP", "West Virginia Health Bridge"),
    "wy": ("EqualityCare", "Kid Care CHIP"),
}

# the generic names every state uses
GENERIC_PROGRAM_NAMES: tuple[str, ...] = (
    "Medicaid", "Medicare", "Children's Health Insurance Program", "CHIP", "Basic Health Program",
    "Affordable Care Act", "health benefit exchange", "health insurance marketplace",
)


def program_names(state: str | None = None) -> tuple[str, ...]:
    """A state's program names (every state's when `state` is None), generic names included."""
    if state:
        return PROGRAM_NAMES.get(state.lower(), ()) + GENERIC_PROGRAM_NAMES
    return tuple(n for names in PROGRAM_NAMES.values() for n in names) + GENERIC_PROGRAM_NAMES


@cache
def _pattern(state: str | None) -> re.Pattern[str]:
    # short all-capital acronyms (STAR, CHIP) only match in capitals; longer names in any case
    names = sorted(set(program_names(state)), key=len, reverse=True)
    parts = []
    for n in names:
        body = re.escape(n).replace(r"\ ", r"\s+")
        parts.append(f"(?-i:{body})" if n.isupper() and len(n) <= 5 else body)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def find_program_names(text: str, state: str | None = None) -> list[str]:
    """The program names `text` mentions, as written there (any state's when `state` is None)."""
    return [m.group(0) for m in _pattern(state.lower() if state else None).finditer(text or "")]
