"""The search filters, each an object that gives its SQL condition on bills `b` and its parameters.

Values are always bound, never interpolated -- except the "relevant" policy types, which are our
own vocabulary (statecare.legis.vocabulary.RELEVANT_POLICY_TYPES), not the request's.

State and session are also *facets*: the full-text index holds them as tokens (see
statecare.db.schema for why), so the engine plans that filter inside the index ask for the other
filters only (`bill_conditions(sq, params, facets=False)`), and add the facets their own way.
The parameter names (`f_state`, ...) are fixed, so a plan can hold the conditions of both sets
with one parameter dict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from statecare.db.search.parser import SearchQuery
from statecare.legis.vocabulary import RELEVANT_POLICY_TYPES


class Filter(Protocol):
    facet: ClassVar[bool]  # also stored in the full-text index (state, session)

    def sql(self) -> tuple[str, dict[str, Any]]:
        """(a condition on bills `b`, the parameters it binds)."""
        ...


@dataclass(frozen=True)
class StateFilter:
    state: str
    facet: ClassVar[bool] = True

    def sql(self) -> tuple[str, dict[str, Any]]:
        return "b.state = :f_state", {"f_state": self.state.lower()}


@dataclass(frozen=True)
class SessionFilter:
    session: str
    facet: ClassVar[bool] = True

    def sql(self) -> tuple[str, dict[str, Any]]:
        return "b.legislative_session = :f_session", {"f_session": self.session}


@dataclass(frozen=True)
class PolicyTypeFilter:
    """A policy type, "relevant" (any of RELEVANT_POLICY_TYPES) or "unclassified" (none yet)."""

    policy_type: str
    facet: ClassVar[bool] = False

    def sql(self) -> tuple[str, dict[str, Any]]:
        if self.policy_type == "relevant":
            return "b.policy_type IN (" + ", ".join(f"'{t}'" for t in RELEVANT_POLICY_TYPES) + ")", {}
        if self.policy_type == "unclassified":
            return "b.policy_type IS NULL", {}
        return "b.policy_type = :f_ptype", {"f_ptype": self.policy_type}


@dataclass(frozen=True)
class StageFilter:
    stage: str
    facet: ClassVar[bool] = False

    def sql(self) -> tuple[str, dict[str, Any]]:
        return "b.stage = :f_stage", {"f_stage": self.stage}


@dataclass(frozen=True)
class CategoryFilter:
    """Bills with at least one provision in this category (e.g. "financing")."""

    category: str
    facet: ClassVar[bool] = False

    def sql(self) -> tuple[str, dict[str, Any]]:
        # IN over one scan of provisions, not EXISTS probed once per candidate bill
        return "b.id IN (SELECT p.bill_id FROM provisions p WHERE p.category = :f_cat)", {"f_cat": self.category}


def filters_for(sq: SearchQuery, facets: bool = True) -> list[Filter]:
    """The filters a search asks for, in a fixed order; facets=False leaves out state and session."""
    out: list[Filter] = []
    if sq.state:
        out.append(StateFilter(sq.state))
    if sq.session:
        out.append(SessionFilter(sq.session))
    if sq.policy_type:
        out.append(PolicyTypeFilter(sq.policy_type))
    if sq.stage:
        out.append(StageFilter(sq.stage))
    if sq.category:
        out.append(CategoryFilter(sq.category))
    return [f for f in out if facets or not f.facet]


def bill_conditions(sq: SearchQuery, params: dict[str, Any], facets: bool = True) -> list[str]:
    """SQL conditions on bills `b` for the filters, their parameters added to `params`.

    facets=False leaves out state and session, for plans that filter on them inside the index."""
    conds: list[str] = []
    for f in filters_for(sq, facets):
        cond, p = f.sql()
        conds.append(cond)
        params.update(p)
    return conds
