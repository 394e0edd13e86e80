"""Every source the cost model uses, in one place, keyed by a short name.

Parameters, baseline columns and scenario files refer to these keys, so a result can print a
"how we got this number" panel with full citations and nothing is cited twice in two spellings.
"""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "cms_state": (
        "Centers for Medicare & Medicaid Services (2022). Health Expenditures by State of Residence. "
        "CMS Office of the Actuary, National Health Statistics Group, released 2022-08-12 (1991-2020)."
    ),
    "nhe_hist": (
        "Centers for Medicare & Medicaid Services. National Health Expenditures by Type of Service and "
        "Source of Funds, Calendar Years 1960 to 2023 (NHE2023, released December 2024)."
    ),
    "nhe_proj": (
        "Fiore JA, Madison AJ, Poisal JA, et al. National Health Expenditure Projections, 2023-32. "
        "Health Affairs 2024 (CMS Office of the Actuary), Exhibits 1-3; CMS NHE Fact Sheet."
    ),
    "nhe_proj_2025": (
        "Keehan SP, et al. National Health Expenditure Projections, 2024-33. Health Affairs 2025-06-25."
    ),
    "acs_s2701": (
        "U.S. Census Bureau, American Community Survey 1-year, Table S2701 Health Insurance Coverage "
        "Status, by state, 2010-2018."
    ),
    "kff_coverage": (
        "Kaiser Family Foundation, State Health Facts: Health Insurance Coverage of the Total Population "
        "(KFF estimates from Census CPS-ASEC), 2013-2016."
    ),
    "bea_sainc1": (
        "U.S. Bureau of Economic Analysis, SAINC1 State annual personal income summary (released "
        "2025-03-28)."
    ),
    "bea_sainc4": (
        "U.S. Bureau of Economic Analysis, SAINC4 Personal income and employment by major component, "
        "line 50 wages and salaries (2022 vintage, via D. Boyd's BEAData package)."
    ),
    "census_stc": (
        "U.S. Census Bureau, Annual Survey of State Government Tax Collections (STC): Historical "
        "Database FY1950-2020 and State Tax Collections by Category FY2021-FY2024."
    ),
    "cai2020": (
        "Cai C, Runte J, Ostrer I, et al. Projected costs of single-payer healthcare financing in the "
        "United States: A systematic review of economic analyses. PLoS Med 2020;17(1):e1003013."
    ),
    "galvani2020": (
        "Galvani AP, Parpia AS, Foster EM, Singer BH, Fitzpatrick MC. Improving the prognosis of health "
        "care in the USA. Lancet 2020;395(10223):524-533."
    ),
    "peri2017": (
        "Pollin R, Heintz J, Arno P, Wicks-Lim J. Economic Analysis of the Healthy California "
        "Single-Payer Health Care Proposal (SB-562). PERI, University of Massachusetts Amherst, May 2017."
    ),
    "rand2018": (
        "Liu JL, White C, Nowak SA, Wilks A, Ryan J, Eibner C. An Assessment of the New York Health Act: "
        "A Single-Payer Option for New York State. RAND Corporation, RR-2424-NYSHF, 2018."
    ),
    "cbo2019_subsidies": (
        "Congressional Budget Office. Federal Subsidies for Health Insurance Coverage for People Under "
        "Age 65: 2019 to 2029 (May 2019): nongroup coverage and Basic Health Program subsidies $62 "
        "billion in 2019."
    ),
    "cbo2022_prices": (
        "Congressional Budget Office. The Prices That Commercial Health Insurers and Medicare Pay for "
        "Hospitals' and Physicians' Services (January 2022): commercial prices about 223% of Medicare "
        "FFS for inpatient hospital services and 129% for physician services."
    ),
    "zuckerman2021": (
        "Zuckerman S, Skopec L, Aarons J. Medicaid Physician Fees Remained Substantially Below Fees Paid "
        "By Medicare In 2019. Health Affairs 2021;40(2):343-348 (Medicaid fees 72% of Medicare)."
    ),
    "macpac2017": (
        "MACPAC. Medicaid Hospital Payment: A Comparison across States and to Medicare (April 2017): "
        "Medicaid inpatient payments below Medicare before supplemental payments and near or above it "
        "after them."
    ),
    "jiwani2014": (
        "Jiwani A, Himmelstein D, Woolhandler S, Kahn JG. Billing and insurance-related administrative "
        "costs in United States' health care: synthesis of micro-costing evidence. BMC Health Serv Res "
        "2014;14:556 (provider BIR $238B of 2012 spending: physicians $70B, hospitals $74B, other $94B)."
    ),
    "urban2019": (
        "Blumberg LJ, Holahan J, et al. From Incremental to Comprehensive Health Insurance Reform: How "
        "Various Reform Options Compare on Coverage and Costs. Urban Institute, October 2019 "
        "(single-payer administrative cost assumed at 6% of claims)."
    ),
    "co_hb21_1232": (
        "Colorado HB21-1232 (Colorado Option): standardized plans must cut premiums 15% from 2021 "
        "levels by 2025."
    ),
    "saez2012": (
        "Saez E, Slemrod J, Giertz SH. The Elasticity of Taxable Income with Respect to Marginal Tax "
        "Rates: A Critical Review. Journal of Economic Literature 2012;50(1):3-50 (best estimates "
        "0.12-0.40)."
    ),
    "ca_senate_approps2017": (
        "California Senate Appropriations Committee. Fiscal analysis of SB 562 (Lara), the Healthy "
        "California Act, May 2017: total annual cost about $400 billion, about $200 billion of it from "
        "existing federal, state and local funds, so about $200 billion of new revenue a year."
    ),
    "vt_aoa2014": (
        "Vermont Agency of Administration (Governor Shumlin's administration). Green Mountain Care: A "
        "Comprehensive Model for Building Vermont's Universal Health Care System, December 2014: about "
        "$2.6 billion of new public revenue in 2017 (11.5% payroll assessment plus income-based premiums)."
    ),
    "vt_umass2013": (
        "University of Massachusetts Medical School Center for Health Law and Economics with Wakely "
        "Consulting and Avalere. Act 48 financing analysis for Vermont, January 2013: public financing "
        "need of about $1.6 billion for Green Mountain Care in 2017."
    ),
    "co_friedman2016": (
        "Friedman G. Analysis of ColoradoCare (Amendment 69), for the ColoradoCare campaign, 2016: new "
        "premium taxes of about $25 billion a year at the start (2019)."
    ),
    "ny_friedman2015": (
        "Friedman G. Economic Analysis of the New York Health Act, April 2015: about $92 billion of new "
        "public revenue a year at the program's start (taken here as 2019)."
    ),
    "calcare_friedman2022": (
        "Friedman G. for the sponsors of California AB 1400 / ACA 11 (CalCare), January 2022: the ACA 11 "
        "taxes would raise about $163 billion a year."
    ),
    "calibrated_studies": (
        "statecare calibration: the smallest spread at which the calibration studies in "
        "statecare/costmodel/studies.py fall inside the P10-P90 band; the other studies are kept aside "
        "to check it (docs/costmodel.md)."
    ),
    "judgement": (
        "statecare assumption: no published median exists; the value and range are a stated judgement "
        "that users can change, shown as such."
    ),
    "calibrated": (
        "statecare calibration: chosen so that the US 2019 baseline reproduces the Cai et al. 2020 "
        "median named in the parameter's note (checked in tests/costmodel)."
    ),
}


def cite(key: str) -> str:
    """Full citation for a source key; a KeyError names the unknown key (a typo in a parameter)."""
    try:
        return SOURCES[key]
    except KeyError:
        raise KeyError(f"unknown source key {key!r}; known: {', '.join(sorted(SOURCES))}") from None
