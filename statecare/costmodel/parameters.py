"""The model's parameters: name, default, plausible range, unit, pipeline step, source and label.

One list (`SPECS`) drives everything that needs to know about parameters: the defaults an estimate
starts from, validation of user overrides, the Monte Carlo ranges, the tornado table and the web
form. A default is either a published figure (source key of the study) or a calibration to one
(source "calibrated", with the check in tests/costmodel/test_calibration.py), or a stated judgement
(source "judgement"), so the page can say which is which.

Fractions are plain fractions (0.093 = 9.3%). Price levels are multiples of Medicare's rates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from statecare.costmodel.sources import cite


@dataclass(frozen=True)
class ParamSpec:
    """One model parameter. `low`/`high` bound the Monte Carlo draw (triangular, mode = default);
    `uncertain=False` parameters are policy choices or study overrides that are not drawn."""

    name: str
    default: Any
    low: float | None
    high: float | None
    unit: str
    step: str
    sources: tuple[str, ...]
    label: str
    note: str = ""
    uncertain: bool = True
    web_form: bool = False
    distribution: str = "triangular"

    @property
    def basis(self) -> str:
        """Whether the default is a published figure, a calibration to one, or a judgement: the plain
        output and the page print it so a reader knows how much weight the number can bear."""
        if "calibrated" in self.sources:
            return "calibrated to a published median"
        if "calibrated_studies" in self.sources:
            return "calibrated on published state studies"
        if self.sources == ("judgement",):
            return "judgement"
        if "judgement" in self.sources:
            return "judgement anchored on published figures"
        return "published figure"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready description, with the full citations the web form prints beside the field."""
        d = asdict(self)
        d["sources"] = list(self.sources)
        d["citations"] = [cite(s) for s in self.sources]
        d["range"] = [self.low, self.high]
        d["basis"] = self.basis
        d["group"] = STEP_GROUPS.get(self.step, self.step)
        return d


# Calibrated defaults. Their derivation is reproduced by statecare.costmodel.calibration and checked
# against these literals in tests, so the numbers here cannot drift from what they claim to be.
CAL_COST_SHARING_ADDED_USE = 0.0605  # added use = 9.3% of US 2019 spending (Cai median), less newly insured and benefits
CAL_HOSPITAL_FEE_VS_MEDICARE = 1.2758  # uniform hospital fee leaving 2019 US-average prices of the care taken over unchanged
CAL_PHYSICIAN_FEE_VS_MEDICARE = 1.0049  # same for physician & clinical services
CAL_PROVIDER_BILLING_REDUCTION = 0.5402  # total admin savings = 8.8% (Cai median) for the US 2019
CAL_STUDY_DISCREPANCY = 0.52  # studies.calibrate_discrepancy(): calibration studies inside P10-P90
CAL_DRUG_PRICE_REDUCTION = 0.3522  # drug savings = 3.3% of spending (Cai: 12.1% total - 8.8% admin)

# The groups the plain `statecare cost run` output and the page print the assumptions under, in order.
STEP_GROUPS: dict[str, str] = {
    "scope": "Who is covered",
    "added_use": "Added use of care",
    "provider_prices": "Provider prices",
    "provider_billing_admin": "Administration",
    "single_payer_admin": "Administration",
    "drug_prices": "Drug prices",
    "other_savings": "Other savings and transition",
    "retained_public_funds": "Federal and existing money",
    "projection": "Growth over ten years",
    "tax_base": "Tax base",
    "baseline": "The status quo",
    "discrepancy": "Agreement with published studies",
    "aca_route": "Building on the ACA (other route)",
}

SPECS: tuple[ParamSpec, ...] = (
    # --- added use ------------------------------------------------------------------------
    ParamSpec("newly_insured_added_use", 0.50, 0.20, 0.80, "fraction of insured per-capita spending",
              "added_use", ("cai2020",), "Added use by the newly insured",
              "Extra care a newly covered person uses, as a share of what an insured person costs; the "
              "22 studies reviewed by Cai et al. assume 25% to 80%.", web_form=True),
    ParamSpec("cost_sharing_added_use", CAL_COST_SHARING_ADDED_USE, 0.0, 2 * CAL_COST_SHARING_ADDED_USE, "fraction of spending",
              "added_use", ("cai2020", "calibrated"), "Added use from ending cost sharing",
              "Set so that, with the defaults for the newly insured and added benefits, total added use "
              "for the US in 2019 is Cai et al.'s median of 9.3% (range across studies 2.0-19.3%).",
              web_form=True),
    ParamSpec("added_benefits_use", 0.01, 0.0, 0.02, "fraction of spending", "added_use", ("judgement",),
              "Added benefits (dental, vision, long-term care)",
              "Care beyond what today's coverage pays for. 1% (0-2%): most state bills (NY Health Act, "
              "CalCare) add dental, vision and some long-term care that Cai's median plans only partly had. "
              "Raise it for bills that add full long-term care.",
              web_form=True),
    ParamSpec("utilization_increase_override", None, None, None, "fraction of spending", "added_use",
              ("judgement",), "Total added use (study override)",
              "When set (scenario files), replaces the three components above with one total.",
              uncertain=False),
    # --- provider prices ----------------------------------------------------------------------
    ParamSpec("hospital_fee_vs_medicare", CAL_HOSPITAL_FEE_VS_MEDICARE, CAL_HOSPITAL_FEE_VS_MEDICARE - 0.15,
              CAL_HOSPITAL_FEE_VS_MEDICARE + 0.15, "multiple of Medicare",
              "provider_prices", ("calibrated", "cbo2022_prices"), "Uniform hospital fee (x Medicare)",
              "One fee schedule for every patient. Default: the level that leaves the 2019 US-average "
              "hospital price unchanged, so a state's price effect comes from its own payer mix.",
              web_form=True),
    ParamSpec("physician_fee_vs_medicare", CAL_PHYSICIAN_FEE_VS_MEDICARE, CAL_PHYSICIAN_FEE_VS_MEDICARE - 0.1,
              CAL_PHYSICIAN_FEE_VS_MEDICARE + 0.1, "multiple of Medicare",
              "provider_prices", ("calibrated", "cbo2022_prices"), "Uniform physician fee (x Medicare)",
              "As above, for physician and clinical services.", web_form=True),
    ParamSpec("private_hospital_price_vs_medicare", 2.23, 1.86, 2.60, "multiple of Medicare",
              "provider_prices", ("cbo2022_prices",), "Private insurers' hospital prices (x Medicare)",
              "CBO 2022: commercial prices about 223% of Medicare for inpatient care."),
    ParamSpec("private_physician_price_vs_medicare", 1.29, 1.16, 1.42, "multiple of Medicare",
              "provider_prices", ("cbo2022_prices",), "Private insurers' physician prices (x Medicare)",
              "CBO 2022: about 129% of Medicare."),
    ParamSpec("medicaid_hospital_price_vs_medicare", 0.90, 0.78, 1.02, "multiple of Medicare",
              "provider_prices", ("macpac2017",), "Medicaid hospital prices (x Medicare)",
              "MACPAC 2017: below Medicare before supplemental payments, near it after them."),
    ParamSpec("medicaid_physician_price_vs_medicare", 0.72, 0.60, 0.84, "multiple of Medicare",
              "provider_prices", ("zuckerman2021",), "Medicaid physician fees (x Medicare)",
              "Zuckerman et al. 2021: Medicaid physician fees were 72% of Medicare's in 2019."),
    ParamSpec("hospital_price_change", None, None, None, "fraction", "provider_prices", ("judgement",),
              "Hospital price change (study override)",
              "When set (scenario files), replaces the fee-schedule calculation for hospitals.",
              uncertain=False),
    ParamSpec("physician_price_change", None, None, None, "fraction", "provider_prices", ("judgement",),
              "Physician price change (study override)", "As above, for physician and clinical services.",
              uncertain=False),
    # --- provider billing administration ------------------------------------------------------
    ParamSpec("provider_billing_admin_share", 0.101, 0.068, 0.133, "fraction of provider revenue",
              "provider_billing_admin", ("jiwani2014",), "Providers' billing & insurance costs",
              "Jiwani et al. 2014: $238B (range $159-311B) of $2,346B personal health care in 2012."),
    ParamSpec("provider_billing_admin_reduction", CAL_PROVIDER_BILLING_REDUCTION,
              CAL_PROVIDER_BILLING_REDUCTION / 2, CAL_PROVIDER_BILLING_REDUCTION * 1.5, "fraction",
              "provider_billing_admin", ("cai2020", "calibrated", "galvani2020"),
              "Cut in providers' billing costs",
              "Set so total administrative savings (payer + provider) are Cai et al.'s median 8.8% of US "
              "2019 spending (range 1.2-16.4%); Galvani et al. assume 37% ($284B of $768B).", web_form=True),
    ParamSpec("provider_billing_admin_base", None, None, None, "dollars", "provider_billing_admin",
              ("judgement",), "Provider billing cost base (study override)",
              "When set (scenario files), the dollar base the reduction applies to.", uncertain=False),
    # --- single-payer administration -----------------------------------------------------------
    ParamSpec("single_payer_admin_rate", 0.04, 0.02, 0.06, "fraction of benefit spending",
              "single_payer_admin", ("galvani2020", "urban2019", "judgement"), "Single payer's overhead",
              "The two published ends: Galvani et al. used traditional Medicare's 2.2%, the Urban Institute "
              "6%. The default is their middle (4%): a state plan also runs enrolment, eligibility for "
              "federal matching and provider contracting that traditional Medicare's figure leaves out. "
              "The string 'status_quo' keeps today's payer administration ratio (scenario files).",
              web_form=True),
    # --- drug prices ---------------------------------------------------------------------------------
    ParamSpec("drug_price_reduction", CAL_DRUG_PRICE_REDUCTION, CAL_DRUG_PRICE_REDUCTION - 0.2,
              CAL_DRUG_PRICE_REDUCTION + 0.2, "fraction of Rx spending",
              "drug_prices", ("cai2020", "calibrated", "galvani2020"), "Cut in prescription drug prices",
              "Set so drug savings are 3.3% of US 2019 spending (Cai et al. medians: 12.1% total savings "
              "less 8.8% administrative). Galvani et al.'s $177B is about 53% of 2017 retail drugs.",
              web_form=True),
    # --- other savings and transition ------------------------------------------------------------
    ParamSpec("delivery_efficiency_savings", 0.0, None, None, "fraction of spending", "other_savings",
              ("judgement", "peri2017"), "Delivery efficiency savings",
              "Less waste, fraud and unneeded care. Zero by default and not drawn: the calibrated drug and "
              "administrative savings already add up to Cai et al.'s median total saving (12.1%), which "
              "includes whatever the studies counted here. PERI 2017 assumed 5% (its scenario file sets it).",
              uncertain=False, web_form=True),
    ParamSpec("structural_savings_share", 0.0, None, None, "fraction of spending", "other_savings",
              ("judgement",), "Structural savings (study aggregate)",
              "For studies that publish only a total for administration, drugs and fees (PERI 2017: 13%); "
              "zero when those steps are modelled one by one.", uncertain=False),
    ParamSpec("transition_cost_share", 0.0075, 0.0, 0.015, "fraction of first-year spending",
              "other_savings", ("judgement",), "One-time transition costs",
              "Start-up systems and support for displaced insurance and billing workers, counted in the "
              "first year only.", web_form=True),
    ParamSpec("growth_differential", 0.003, -0.007, 0.013, "fraction per year", "projection",
              ("rand2018", "cai2020", "judgement"), "Slower yearly growth under single payer",
              "How much slower the single payer's in-scope spending grows than the status quo's, a year. "
              "The 1.4% once attributed to Cai et al. 2020 is not in their abstract, which says only that "
              "20 of 22 studies predicted savings over several years; it is not used. Default 0.3%: what "
              "RAND 2018's New York figures imply (spending about 3% below the status quo by 2031, close "
              "to it in 2022; about 0.3 points a year, flagged in docs/costmodel.md as read from RAND's "
              "summary). Range -0.7% to +1.3%: zero (CBO-style projections that grow with the status "
              "quo) and faster growth (pent-up demand, pressure on a uniform fee) are both inside it.",
              web_form=True),
    # --- public funds retained ---------------------------------------------------------------------
    ParamSpec("waiver_risk_factor", 0.0, 0.0, 0.30, "fraction of federal funds", "retained_public_funds",
              ("judgement", "rand2018"), "Extra federal money lost (override)",
              "An extra share of the federal money at stake lost whatever the waiver outcome; zero by "
              "default because the approval probability and pass-through share below now carry this "
              "risk. Kept so older scenario files and links still work.", uncertain=False, web_form=True),
    ParamSpec("federal_approval_probability", 0.5, 0.0, 1.0, "probability", "retained_public_funds",
              ("judgement",), "Chance of federal approval (waivers / Medicare law)",
              "No state has obtained Medicare money for a single payer: it needs new federal law or an "
              "untested waiver route, and 1115/1332 approval depends on the administration. A coin flip "
              "is the honest central judgement. The estimate is the probability-weighted average of the "
              "two outcomes; the Monte Carlo draws approval yes/no. If refused, Medicare (and VA/DoD if "
              "brought in) stays federal and outside the plan, the ACA subsidies are lost and federal "
              "Medicaid money is kept only in part (below).", distribution="bernoulli", web_form=True),
    ParamSpec("federal_passthrough_share", 0.95, 0.90, 1.00, "fraction of federal funds",
              "retained_public_funds", ("rand2018", "judgement"), "Federal money passed through if approved",
              "Share of what Medicare, Medicaid/CHIP and the ACA subsidies would have spent on residents "
              "that reaches the state when approved. RAND 2018 and PERI 2017 assumed all of it (1.0); "
              "budget-neutrality terms of waivers usually keep some back.", web_form=True),
    ParamSpec("medicaid_federal_kept_if_refused", 0.8, 0.6, 1.0, "fraction of federal Medicaid/CHIP",
              "retained_public_funds", ("judgement",), "Federal Medicaid money kept without a waiver",
              "Without an 1115 waiver the plan can still claim the federal match for Medicaid-eligible "
              "residents by acting as the state's Medicaid agency (the NY Health Act's design), losing "
              "what the match will not pay for (benefits and people outside the state plan)."),
    # --- who is covered -------------------------------------------------------------------------
    ParamSpec("scope_medicare", True, None, None, "yes/no", "scope", ("judgement",),
              "Medicare enrollees join the plan",
              "Most bills (NY Health Act, CalCare) fold Medicare in; some designs leave Medicare "
              "enrollees on federal Medicare and wrap around it. Out of scope, their care, its funding "
              "and their share of out-of-pocket spending stay as they are.", uncertain=False, web_form=True),
    ParamSpec("scope_va_dod", False, None, None, "yes/no", "scope", ("judgement",),
              "Military and VA care joins the plan",
              "VA and DoD care is federal and outside every state bill read so far; in scope it is "
              "repriced at the uniform fee and its federal money is needed (at the approval risk).",
              uncertain=False, web_form=True),
    ParamSpec("scope_other_programs", False, None, None, "yes/no", "scope", ("judgement",),
              "IHS, workers' comp and other programmes join the plan",
              "Indian Health Service, workers' compensation, state and local programmes and philanthropy "
              "keep paying for their care by default; in scope they are repriced and pay in.",
              uncertain=False, web_form=True),
    ParamSpec("medicare_enrollee_share_of_oop", 0.3, None, None, "fraction of out-of-pocket spending", "scope",
              ("judgement",), "Medicare enrollees' share of out-of-pocket spending",
              "Used only when Medicare is out of scope: that share of today's out-of-pocket spending "
              "stays with Medicare enrollees (about a third; flagged as a judgement in the docs).",
              uncertain=False),
    # --- the status quo itself ---------------------------------------------------------------------
    ParamSpec("baseline_spending_error", 0.0, -0.05, 0.05, "fraction of status-quo spending", "baseline",
              ("judgement",), "Error in the state's status-quo spending",
              "The baseline is CMS's state-of-residence estimate for 2019, projected with national growth "
              "by payer; state studies built on their own claims and survey data differ from it. +/-5% "
              "for 2019, widened by a fifth for each year away from 2019 (at most three times), since a "
              "projection's error grows with its length. Spending and the funds that pay for it move "
              "together."),
    ParamSpec("study_discrepancy", 0.0, -CAL_STUDY_DISCREPANCY, CAL_STUDY_DISCREPANCY, "fraction of new revenue",
              "discrepancy", ("calibrated_studies",), "Unexplained difference from published state studies",
              "Published studies of the same state differ from this model by more than its parameters "
              "explain: their own baselines, what they count as existing money (public employers' "
              "premiums, Medicare Part B premiums), benefit packages. This term widens the band by that "
              "spread, calibrated on three studies and checked on the others kept aside "
              "(statecare.costmodel.studies; docs/costmodel.md). Zero in the estimate itself."),
    # --- tax base ---------------------------------------------------------------------------------
    ParamSpec("taxable_income_elasticity", 0.25, 0.10, 0.40, "elasticity", "tax_base", ("saez2012",),
              "Response of the wage base to the payroll tax",
              "Elasticity of taxable income with respect to the net-of-tax rate: Saez, Slemrod and "
              "Giertz 2012 put the best estimates at 0.12-0.40. The payroll-tax rate is the one that "
              "raises the new revenue from the base that remains, wages x (1 - rate)^e; it moves the "
              "rate, not the dollars needed."),
    ParamSpec("retained_funds_override", None, None, None, "dollars", "retained_public_funds",
              ("judgement",), "Existing funds (study override)",
              "When set (scenario files), the study's own total of existing public and philanthropic funds.",
              uncertain=False),
    # --- build on the ACA -------------------------------------------------------------------
    ParamSpec("aca_residual_uninsured_rate", 0.028, 0.02, 0.05, "fraction of population", "aca_route",
              ("acs_s2701",), "Uninsured left when building on the ACA",
              "Massachusetts' 2018 rate (2.8%, ACS), the lowest reached by a state building on "
              "private coverage with subsidies and a mandate.", web_form=True),
    ParamSpec("public_option_takeup", 0.5, 0.2, 0.8, "fraction of non-group market", "aca_route",
              ("judgement",), "Public option take-up in the individual market", web_form=True),
    ParamSpec("public_option_premium_reduction", 0.15, 0.05, 0.20, "fraction", "aca_route",
              ("co_hb21_1232",), "Public option premium cut",
              "The Colorado Option's target: premiums 15% below 2021 levels."),
    ParamSpec("enhanced_subsidy_share", 0.85, 0.6, 0.95, "fraction of newly covered premiums", "aca_route",
              ("judgement",), "Subsidised share of the newly covered's premiums",
              "Enhanced subsidies cap premiums at 0-8.5% of income, so most of the newly covered "
              "(mostly low income) pay little."),
    ParamSpec("all_payer_rate_setting", False, None, None, "yes/no", "aca_route", ("judgement",),
              "All-payer rate setting", "Caps private insurers' hospital and physician prices.",
              uncertain=False, web_form=True),
    ParamSpec("all_payer_hospital_cap_vs_medicare", 1.5, 1.2, 2.0, "multiple of Medicare", "aca_route",
              ("judgement",), "All-payer hospital price cap (x Medicare)"),
    ParamSpec("all_payer_physician_cap_vs_medicare", 1.2, 1.0, 1.29, "multiple of Medicare", "aca_route",
              ("judgement",), "All-payer physician price cap (x Medicare)"),
)

SPEC_BY_NAME: dict[str, ParamSpec] = {s.name: s for s in SPECS}


class ParameterError(ValueError):
    """A parameter name or value that the model cannot use; the message names it."""


def defaults() -> dict[str, Any]:
    """Every parameter at its default."""
    return {s.name: s.default for s in SPECS}


def resolve(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults updated with overrides, each checked: unknown names and values of the wrong kind
    raise ParameterError naming the parameter, so a typo in a scenario file or form is not ignored."""
    params = defaults()
    for name, value in (overrides or {}).items():
        spec = SPEC_BY_NAME.get(name)
        if spec is None:
            raise ParameterError(f"unknown parameter {name!r}; known: {', '.join(sorted(SPEC_BY_NAME))}")
        params[name] = _check(spec, value)
    return params


def _check(spec: ParamSpec, value: Any) -> Any:
    if value is None:
        if spec.default is not None:
            raise ParameterError(f"parameter {spec.name!r} cannot be empty")
        return None
    if isinstance(spec.default, bool):
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "1", "0"):
            return value.lower() in ("true", "yes", "1")
        if not isinstance(value, bool):
            raise ParameterError(f"parameter {spec.name!r} must be true or false, got {value!r}")
        return value
    if spec.name == "single_payer_admin_rate" and value == "status_quo":
        return value
    try:
        num = float(value)
    except (TypeError, ValueError):
        raise ParameterError(f"parameter {spec.name!r} must be a number, got {value!r}") from None
    if num != num or num in (float("inf"), float("-inf")):
        raise ParameterError(f"parameter {spec.name!r} must be finite, got {value!r}")
    if spec.unit == "probability" and not 0.0 <= num <= 1.0:
        raise ParameterError(f"parameter {spec.name!r} is a probability and must lie in [0, 1], got {num}")
    if spec.unit.startswith("fraction") and not -1.0 <= num <= 1.0 and "dollars" not in spec.unit:
        raise ParameterError(f"parameter {spec.name!r} is a fraction and must lie in [-1, 1], got {num}")
    if spec.unit == "multiple of Medicare" and num <= 0:
        raise ParameterError(f"parameter {spec.name!r} must be positive, got {num}")
    if spec.unit == "dollars" and num < 0:
        raise ParameterError(f"parameter {spec.name!r} must not be negative, got {num}")
    return num


def uncertain_specs() -> list[ParamSpec]:
    """The parameters the Monte Carlo draws and the tornado table swings."""
    return [s for s in SPECS if s.uncertain and s.low is not None and s.high is not None]
