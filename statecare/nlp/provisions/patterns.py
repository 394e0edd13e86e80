"""The provision vocabulary (DESIGN.md) as trigger phrases plus sentence-level checks.

Why this shape: a spaCy PhraseMatcher finds every trigger phrase in one pass over the tokens
(hash lookups, so it keeps the pipeline near tokenizer speed); only the few sentences that hold a
trigger are then checked with small regular expressions for context (`require`), for readings that
mean something else (`exclude`), and for negation. Evidence is always the sentence (or, in the
very long run-on sentences of statutes, the clause) that holds the trigger.

`negation`: what a "shall not / no ... / prohibited" in the sentence does to the claim:
  "drop"  - the sentence denies the provision (a bill that says premiums shall NOT be charged
            does not impose premiums);
  "keep"  - the provision is itself a prohibition (no cost sharing, duplicate coverage barred).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class KeySpec:
    key: str
    triggers: tuple[str, ...]
    require: str | None = None
    exclude: str | None = None
    negation: str = "drop"
    confidence: float = 0.8
    # accept the trigger only in operative text, not in findings/definitions
    operative_only: bool = False
    # a wider wording family for a key whose usual words are missing ("any federal waivers ... under the
    # medicaid program" for a section 1115 waiver): its candidates count only when the key has no other
    fallback: bool = False
    extra: dict[str, str] = field(default_factory=dict)


_STATE_NAMES = (
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
    "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
    "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri",
    "montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "new york",
    "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island",
    "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington",
    "west virginia", "wisconsin", "wyoming", "district", "commonwealth",
)

_BENEFIT_CONTEXT = (r"\b(?:cover(?:ed|age|s)?|benefits?|services|shall include|includ(?:e|es|ing)|"
                    r"provide[sd]?|entitled|access to)\b")
_NOT_BENEFIT = (r"\b(?:representatives? of|trustees?|members? of the (?:board|council|commission)|"
                r"appoint(?:ed|ment)?|licensed under|providers? of\b|workforce|employees of|"
                r"commissioner of (?:mental|addiction)|office of (?:mental|addiction)|consult\w*|"
                r"to promote|integration of care|change their|birth centers|advis\w*|diagnos[ei]s|"
                r"actuarial|risk[- ]adjust\w*|shall not include|does not include|hospital indemnity|"
                # corrections law re-printed in a bill: what an inmate or offender pays for care
                r"inmates?|offenders?|"
                # a study committee's subject ("A RESOLUTION creating the House Study Committee on Pharmacy Benefits
                # Managers and Consumer Access to Prescription Medications") and a facility paid ("to provide for per diem
                # payments to hospitals or psychiatric residential treatment facilities", "placement procedures for
                # children upon discharge from a hospital or psychiatric residential treatment facility")
                r"study committee|payments? to (?:[\w-]+ ){0,3}(?:hospitals?|facilit\w+|providers?)\b|"
                r"discharged? from\b)")

# (the trigger is the list's opening words, rare in bills, so the family costs the matcher almost nothing)
_COST_OF = r"\b(?:coverage|insurance|benefits?)\b[^.;]{0,20}\b(?:against|for|of) (?:the )?(?:financial )?costs? of "
_COST_OF_TRIGGERS = tuple(f"{c} of {w}" for c in ("cost", "costs") for w in ("hospital", "surgical", "medical",
                                                                            "pharmacy"))
# a Medicaid waiver ordered: "the medicaid director shall seek any federal waivers necessary ... under the medicaid and
# CHIP programs", "shall submit any Medicaid state plan amendment or waiver requests necessary" (two orders, not a
# look-ahead over the sentence: that is quadratic in long statute sentences)
_MEDICAID_WAIVER_ORDER = (
    r"\b(?:medicaid\b(?! services)|title xix|medical assistance program)[\s\S]*?\b(?:seek|submit|"
    r"apply|request|obtain)|\b(?:seek|submit|apply|request|obtain)\w*\b[\s\S]*?\b(?:medicaid\b"
    r"(?! services)|title xix|medical assistance program)|"
    # "shall apply for any federal waivers or state plan amendments as may be necessary to secure such
    # federal financial participation": a state plan amendment is Medicaid's (Title XIX) instrument
    r"\b(?:seek|submit|apply|request|obtain)\w*\b[^.;]{0,40}\bwaivers?\b[^.;]{0,20}\bor state plan amendments?\b")
# waivers "concerning payments from Medicare, Medicaid, ..." are the Medicare one's, or several kinds
# ... and "priority purposes of Medicaid waiver services" names the services of a waiver in force, seeks none
_NOT_MEDICAID_WAIVER = (r"\b(?:1332|innovation waiver|medicare waiver)\b|\bmedicare\b(?! (?:&|and) medicaid services)|"
                        r"\bmedicaid waiver services\b")
_PREGNANT_ELIGIBLE = (r"\bpregnant (?:\w+ ){0,2}(?:individuals?|wom[ae]n|persons?|people|immigrants?|residents?|"
                      r"aliens?|noncitizens?|applicants?|enrollees?)\b(?![^.;]{0,240}\b(?:prenatal|maternity|childbirth|"
                      r"labor and delivery|postpartum care|newborn care)\b)[^.;]{0,240}\b(?:eligib\w*|entitled|qualif\w*)")

# an appointment to a body that exists ("Nominates Paula Campbell as a Member of the Illinois Health Benefits Exchange
# Advisory Committee.", an Illinois Senate appointment message): the body is neither created nor given the program
_APPOINTMENT = (r"(?-i:\b(?:Nominates|Appoints|Reappoints|Confirms)\b)[^.;]{0,80}?\bas (?:an? |the )?(?:member|chair\w*|"
                r"vice[- ]chair\w*)\b")

# ... or a pension system's board ("the board of trustees of the Indiana public retirement system", "an ordinary
# disability benefit denied by a majority vote of the Board of Trustees of the Fund"), or a school district's ("a
# governing board of a school district and the governing board of a community college district")
_NOT_PROGRAM_BOARD = (r"\b(?:green mountain care board shall|advisory council|regional|affordability board)\b|"
                      r"\b(?:pension (?:fund|board|system|code)|retirement (?:system|fund)|(?:ordinary|duty|"
                      r"occupational) disability benefits?)\b|\bboards? of (?:a |the |each )?(?:school|community college) "
                      r"districts?\b|" + _APPOINTMENT)

_RATE_WORD = r"\b(?:reimburs\w*|rates?|pa(?:y|yment))\b"
_CAP_WORD = r"\b(?:not exceed|percent|per cent|%|cap|medicare|medicaid)"
_RATE_CAP = rf"{_RATE_WORD}[^.;]{{0,120}}{_CAP_WORD}"

SPECS: tuple[KeySpec, ...] = (
    # --- eligibility ------------------------------------------------------------------------
    KeySpec("eligibility.all_residents",
            ("every resident", "all residents", "each resident", "all individuals residing",
             "every individual residing", "every person residing", "universal coverage",
             "universal health care coverage", "eligible for the program", "universalize eligibility",
             "all people residing", "all state residents", "every state resident",
             # "All Minnesota residents are eligible", "every New Yorker": any state's name
             *(f"{pre} {name} {noun}" for name in _STATE_NAMES
               for pre, noun in (("all", "residents"), ("every", "resident"), ("each", "resident"))),
             *(f"all {name}ns" for name in ("minnesota", "california", "pennsylvania", "georgia")),
             "every new yorker", "all new yorkers", "all vermonters", "every vermonter",
             "all washingtonians", "every washingtonian", "all oregonians", "every oregonian"),
            require=r"\b(?:eligib\w*|enrol\w*|entitled|guarantee\w*|cover(?:age|ed)?|shall provide|program|plan)\b",
            # eligibility through one category of a subsection ("A child is eligible for the program under
            # subsection (1)(b) if the child: ...") is a limited group, not everyone
            exclude=r"\b(?:nonresident|who is not a resident|representatives? of)\b|"
                    # the residents of a facility ("Each resident in a type I or type II assisted living facility
                    # shall have a service plan")
                    r"\bresidents? (?:in|of) (?:an? |the |each |any )?(?:[\w-]+ ){0,8}(?:facility|facilities|"
                    r"homes?|institutions?)\b|"
                    r"\beligible for the program under (?:sub)?(?:section|paragraph|division)\b",
            confidence=0.85),
    KeySpec("eligibility.residency_requirement",
            ("resident status", "proof of residency", "residency requirement", "primary place of abode",
             "principal place of residence", "domicile", "domiciled", "reside in this state", "resides in this state",
             "by a resident", "intends to reside", "bona fide resident",
             "established residence", "residing in the state", "is a resident", "resident of the state",
             "resident of the commonwealth", "reside in the state", "determination of residency",
             "residency",
             # a program limited to the state's residents: "New Mexico residents who qualify shall: (a) ..."
             "residents who qualify",
             # residence stated as living in the state with the intent to stay ("is eligible to enroll ... if the
             # individual is: ... (b) lives in Utah as evidenced by an intent to continue to live in Utah")
             "lives in the state", "lives in this state", "intent to continue to live", "intent to remain",
             *(f"lives in {s}" for s in _STATE_NAMES if s not in ("district", "commonwealth")),
             # '"undocumented immigrant" means an immigrant who resides in New Jersey, but who is unable to ...'
             *(f"resides in {s}" for s in _STATE_NAMES if s not in ("district", "commonwealth"))),
            require=r"\b(?:eligib|enrol|resident|residen|member|shall be (?:deemed|determined))",
            exclude=r"\b(?:members of a regional|principal place of business|representatives? of)\b|"
                    # a physician's or a teacher's residency ("Creates the Medical Residency Education Fund", "The
                    # Indiana education residency pilot program")
                    # (UT SB 300's "medical residency grants" stays a candidate, not shown: tests/nlp/test_provisions_
                    # evidence5.py)
                    r"\bresidency (?:[\w-]+ ){0,2}?(?:slots?|programs?|training|positions?|funds?)\b|\bmedical school\b|"
                    # a facility's residents ("a patient who is a resident of a long-term care facility", "a
                    # qualifying medical assistance recipient who is a resident in a facility licensed under ...")
                    r"\bresidents? (?:in|of) (?:an? |the |each |any )?(?!(?:this |the )?(?:state|commonwealth)\b)"
                    r"(?:[\w-]+ ){0,4}(?:facility|facilities|homes?|institutions?)\b",
            confidence=0.7),
    KeySpec("eligibility.immigrants_covered",
            ("immigration status", "regardless of immigration", "without regard to the individual's immigration",
             "citizenship or immigration", "undocumented", "lawfully present", "federal financial participation"),
            require=r"(?:without regard to|regardless of|irrespective of|not (?:be )?(?:a )?(?:condition|"
                    r"consider|require|den)|notwithstanding|ineligible for federal financial|"
                    r"otherwise eligible for[^.;]{0,80}except for|undocumented (?:individuals|noncitizens|immigrants|persons|residents)|no (?:person|individual|one) (?:may|shall) "
                    r"(?:be )?(?:excluded|denied)|(?:excluded|denied)[^.;]{0,80}immigration status)",
            negation="keep", confidence=0.85),
    KeySpec("eligibility.age_or_income_limited",
            ("federal poverty level", "federal poverty line", "percent of the federal poverty",
             "per cent of the federal poverty", "household income", "years of age or older",
             "under the age of", "years of age and under", "income at or below", "income below", "income above",
             # "... shall be entitled to receive such medical assistance up to the age of one year"
             "up to the age of", "until the age of",
             "income eligibility limit"),
            # "... is eligible for the program under subsection (1)(a) if the individual: (a) has a net family
            # income ..." -- a lead-in and its item say it together
            # ("New Mexico residents who qualify shall: (a) have a household income below ...")
            require=r"\b(?:eligib\w*|entitled|who qualify|qualifies)\b[^.;]{0,120}\b(?:income|age|poverty)|"
                    r"(?:income|age|poverty)[^.;]{0,80}\beligib",
            # income that sets a tax, premium or subsidy is not an eligibility limit; "qualify for the advanced
            # premium tax credit" names the federal eligibility test, not a premium or a tax
            exclude=r"(?<!premium )\btax|\bpremium(?! tax credits?\b)|\b(?:cost[- ]sharing|subsid|financial assistance|exempt|copayment|"
                    r"reimburse|increase the income)",
            confidence=0.65),
    # --- benefits ---------------------------------------------------------------------------
    KeySpec("benefits.hospital",
            ("hospital services", "inpatient hospital", "outpatient hospital", "hospital care", "inpatient care",
             "inpatient, ambulatory",
             "inpatient and outpatient", "hospitalization", "hospital inpatient", "hospital outpatient"),
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT + r"|\bglobal budget|capital", confidence=0.75),
    KeySpec("benefits.physician",
            ("physician services", "professional services", "primary care", "primary and preventive",
             "primary and specialty", "practitioner services", "outpatient medical", "medical services",
             "ambulatory patient services", "specialty care", "provider care", "primary and secondary"),
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT, confidence=0.7),
    KeySpec("benefits.prescription_drugs",
            ("prescription drugs", "prescription drug", "pharmaceuticals", "pharmacy benefits",
             "outpatient drugs", "prescription medications"),
            require=_BENEFIT_CONTEXT,
            # "drugs eligible for reimbursement ... shall be provided" covers them; "where drugs are not dispensed
            # through a pharmacy, payment shall be made as ..." is how they are paid for
            exclude=_NOT_BENEFIT + r"|\bprice|\bnegotiat|\bbulk|\bpurchas|"
                                   r"\breimburs(?![^.;]{0,120}\bshall be (?:provided|covered)\b)|"
                                   r"\bpayment shall be made\b|\bdispensing fee|"
                                   r"\bprior authori|\bformulary|\bmanufacturer",
            confidence=0.7),
    # the insurance codes' coverage list ("The plan may provide for group health coverage against the financial cost
    # of hospital, surgical, pharmacy, and medical treatment and care"): each kind of cost covered is a benefit;
    # surgical and medical treatment are the professional (physician) services, pharmacy the drugs
    KeySpec("benefits.hospital", _COST_OF_TRIGGERS, require=_COST_OF + r"(?:[\w ]+, )*hospital\b",
            exclude=_NOT_BENEFIT, confidence=0.7),
    KeySpec("benefits.physician", _COST_OF_TRIGGERS,
            require=_COST_OF + r"(?:[\w ]+, )*(?:(?:and|or) )?(?:surgical|medical (?:treatment|care|services))\b",
            exclude=_NOT_BENEFIT, confidence=0.7),
    KeySpec("benefits.prescription_drugs", _COST_OF_TRIGGERS,
            require=_COST_OF + r"(?:[\w ]+, )*(?:(?:and|or) )?(?:pharmacy|prescription drugs?)\b",
            exclude=_NOT_BENEFIT, confidence=0.7),
    # drugs the program lists as covered, even in a clause about how it buys them ("(e) establish and maintain a
    # formulary of covered prescription drugs and negotiate prices with pharmaceutical companies"): the purchasing
    # words that exclude the family above do not undo the word "covered"
    KeySpec("benefits.prescription_drugs",
            ("covered prescription drugs", "covered prescription drug", "covered outpatient drugs",
             "covered prescription medications"),
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT, confidence=0.7),
    KeySpec("benefits.mental_health",
            ("mental health", "behavioral health", "psychiatric", "mental illness"),
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT + r"|\bcare coordinator", confidence=0.7),
    KeySpec("benefits.substance_use",
            ("substance use", "substance abuse", "substance use disorder", "addiction treatment",
             "chemical dependency", "addiction services",
             # screening, brief intervention, and referral to treatment: the clinical name of a substance use service
             "sbirt", "screening, brief intervention"),
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT, confidence=0.7),
    KeySpec("benefits.dental", ("dental", "oral health", "oral and vision care"),
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT + r"|\bdental plan", confidence=0.75),
    KeySpec("benefits.vision", ("vision", "eyeglasses", "optometric", "eye care", "corrective lenses"),
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT + r"|\bprovision|\bsupervision|\brevision",
            confidence=0.75),
    KeySpec("benefits.hearing", ("hearing aids", "hearing aid", "audiology", "audiological", "hearing services",
                                 "hearing and vision", "hearing, and vision", "vision and hearing"),
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT, confidence=0.75),
    KeySpec("benefits.long_term_care",
            ("long-term care", "long term care", "long-term services and supports", "long-term services",
             "long term services", "nursing facility", "home and community-based", "home and community based",
             "home health care", "personal care services", "nursing home care", "nursing home diversion"),
            # a person's status ("If a person eligible for medicaid ... is participating in a home and
            # community-based services waiver, the department shall count as income ...") covers nothing
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT + r"|\binsurance policies|\bombudsman|"
                                                             r"\b(?:is|are) participating in an? [^.;]{0,60}\bwaiver\b",
            confidence=0.75),
    KeySpec("benefits.reproductive",
            ("reproductive", "family planning", "abortion", "contraception", "contraceptive",
             "termination of pregnancy"),
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT, confidence=0.75),
    KeySpec("benefits.maternity",
            ("maternity", "prenatal", "newborn care", "pregnancy", "postpartum", "perinatal", "childbirth",
             "birth centers"),
            # ... but a pregnant person as the one made eligible ("a pregnant undocumented immigrant who would
            # otherwise qualify ... shall be entitled to receive such medical assistance through the end of the
            # 60-day period beginning on the last day of the immigrant's pregnancy") names who is covered, not a
            # maternity service, unless the clause also names the care
            require=_BENEFIT_CONTEXT, exclude=_NOT_BENEFIT + r"|\btermination of pregnancy|" + _PREGNANT_ELIGIBLE,
            confidence=0.7),
    # --- cost sharing -----------------------------------------------------------------------
    KeySpec("cost_sharing.none",
            ("no member shall be required to pay", "no deductibles", "no cost-sharing", "no cost sharing",
             "without cost-sharing", "without cost sharing", "shall not be charged", "prohibition of deductibles",
             "barring premiums", "no copayments", "no co-payments", "no premiums", "free at the point",
             "not be required to pay any premium", "no out-of-pocket", "shall not impose", "no fee",
             "without any cost", "no charge", "no co-payment", "no copayment", "eliminate cost-sharing",
             "eliminate cost sharing", "eliminate health insurance cost-sharing",
             # "enrollees are not subject to copayments, point-of-service charges, or any other fee"
             *(f"not subject to {w}" for w in ("copayments", "co-payments", "copayment", "co-payment",
                                              "cost sharing", "cost-sharing", "deductibles", "any copayment",
                                              "any cost sharing", "any cost-sharing", "any deductible",
                                              "any premium", "premiums", "any fee", "any charge"))),
            require=r"\b(?:premium|deductible|co-?pay|co-?insurance|cost[- ]sharing|out-of-pocket|charge|"
                    r"fee|cost)",
            # ... and a fee of the courts ("SO AS TO REQUIRE THE EXPUNGEMENT OF ALL OFFICIAL RECORDS ... A CHILD SHALL NOT
            # BE CHARGED ...": a fee for a court's or a clerk's service is no cost sharing of care)
            exclude=r"\b(?:except|unless|until)\b[^.;]{0,40}\b(?:premium|cost[- ]sharing)|"
                    r"\b(?:expunge\w*|court costs?|filing fees?|clerk of (?:the )?court)\b",
            negation="keep", confidence=0.85),
    KeySpec("cost_sharing.income_based",
            ("based on income", "income-based", "sliding scale", "ability to pay", "household income",
             "percent of income", "percentage of income", "income-related", "household incomes",
             # a cap stated as a share of the family's income ("premiums and cost sharing may not exceed: (a) 5% of
             # family income for families with an income at or below 200% of the federal poverty level")
             *(f"{pct} of {whose} income" for pct in ("%", "percent", "per cent")
               for whose in ("family", "household", "the family's", "the household's"))),
            require=r"\b(?:premium|cost[- ]sharing|contribution|copay|deductible|subsid)",
            exclude=r"\b(?:no member shall|tax|1860d|part d|income-related subsidy|low-income subsidy)\b",
            # "no deductible applies to enrollees with incomes up to 400 percent" is income-based
            negation="keep", confidence=0.7),
    KeySpec("cost_sharing.premiums",
            ("premium", "premiums", "monthly premium", "premium contribution", "enrollee premium", "premium rates",
             "for a cost", "at a cost", "for a price", "at a price"),
            require=r"\b(?:enrollees?|members?|participants?|subscribers?)\b[^.;]{0,60}\bpa(?:y|id)\b[^.;]{0,40}"
                    r"premium|"
                    # "a technical college employee enrolled in the plan shall pay to the state treasurer any premium"
                    r"\benrolled\b[^.;]{0,40}\bshall pay\b[^.;]{0,60}\bpremium|premium (?:rates?|amounts?|contributions?|scale|schedule)|"
                    r"(?:establish|set|charge)\w*[^.;]{0,40}premium|\bpay (?:any )?(?:additional )?premiums\b|"
                    # what an enrollee pays, stated as a price of the coverage or a level set by law
                    r"\b(?:available|coverage|enroll\w*)\b[^.;]{0,80}\b(?:for|at) a (?:cost|price) "
                    r"(?:equal|of|not to exceed|based|determined)|"
                    r"\bpremiums? for\b[^.;]{0,240}\bshall be (?:at least|no (?:more|greater) than|set|equal|lower)",
            exclude=r"\b(?:no (?:member|individual|person)|shall not|prohibit|barring|without|tax credit|"
                    # premiums paid for people ("a healthcare insurance premium payment pool for working families") and a
                    # private plan's premium a voucher pays ("to pay the monthly premium cost of an individual Medicare
                    # Advantage plan")
                    r"premium (?:payment )?(?:assistance|subsid\w*|pool)|medicare advantage|"
                    # premiums replaced ("in lieu of premiums"), not a payment made "in lieu of a payroll deduction"
                    r"(?:in lieu of|instead of) (?:\w+ ){0,3}premiums?\b|replace|current|existing|today|"
                    r"employer|insurer|carrier|medicare part|classification of risk|policy forms?|supplemental insurance|"
                    # an insurer's rate filing under review ("the form, premium rate, or rule shall be deemed
                    # approved"), not what the program's enrollees pay
                    r"deemed (?:approved|disapproved|filed)|rate filings?|forms?, premium rates?)",
            confidence=0.6),
    # --- financing --------------------------------------------------------------------------
    KeySpec("financing.payroll_tax",
            ("payroll tax", "payroll assessment", "payroll premium", "tax on payroll", "employer assessment",
             "payroll income", "wages paid", "employer contribution", "tax on wages", "tax on all payroll",
             "assessment rate", "payrolls", "employer payroll", "employer's payroll"),
            require=r"\b(?:tax|assessment|contribution|percent|rate|revenue|levy|levied|impos)",
            exclude=r"\b(?:credit against)\b", confidence=0.8),
    KeySpec("financing.income_tax",
            ("income tax", "tax on income", "taxable income", "non-payroll tax", "capital gains", "graduated income",
             "adjusted gross income", "tax on taxable income", "unearned income"),
            # the bill must levy or raise the tax, not just read tax returns or grant credits
            require=r"\b(?:impos\w*|levy|levied|rate|percent|per cent|progressively|graduated|"
                    r"shall be (?:assessed|increased)|there shall be a|tax on|revenues? funding)\b",
            # ... and income measured against the poverty level ("a modified adjusted gross income up to two
            # hundred fifty percent of the federal poverty level") is who qualifies, not a tax
            exclude=r"\b(?:deduction|exempt from the tax|returns?|credits?|filing|refund|federal income tax|"
                    r"internal revenue code|poverty (?:level|line|guidelines?))\b", confidence=0.75),
    KeySpec("financing.premium",
            ("health care premium", "premium assessment", "health premium", "premium rates",
             "contribution from employers", "premium contributions", "premiums necessary", "allocation of premiums",
             "premiums imposed", "premiums collected", "premiums received", "premiums paid"),
            # premiums as the program's money: "premium ... to finance", "funded by an allocation of
            # premiums", "premiums ... set at a level sufficient to offset the costs"
            require=r"\bpremium[^.;]{0,100}\b(?:financ(?:e|ed|es|ing)\b|fund the|revenue|sufficient to "
                    r"(?:offset|cover|fund))|(?:financ(?:e|ed|es|ing)\b|revenue|funded by)[^.;]{0,60}premium|"
                    r"\b(?:repository for|deposited (?:in|into)|credited to|consist(?:s|ing)? of)\b[\s\S]{0,400}"
                    r"\bpremiums? (?:collected|received|paid)|\bpremiums? (?:collected|received|paid)\b[^.;]{0,100}"
                    r"\b(?:deposit\w*|credit\w*) (?:in|into|to) the\b[^.;]{0,40}\b(?:fund|account|trust)",
            exclude=r"\bno (?:member|individual|person)\b", confidence=0.6),
    KeySpec("financing.trust_fund",
            ("trust fund", "health fund", "health trust", "trust account", "fund is created", "fund is established",
             "special fund", "health care fund", "health plan fund", "enterprise fund", "option program fund",
             "option fund", "account is created", "account is established", "services trust", "revolving fund",
             "nonlapsing fund",
             # the fund's name in quotation marks: 'The "health care affordability fund" is created in the ...'
             *(f"{noun}{q} is {verb}" for noun in ("fund", "account") for q in ('"', "\u201d")
               for verb in ("created", "established", "hereby created", "hereby established"))),
            require=r"\b(?:fund|trust|account)",
            # ... nor the name of the law a synopsis amends ("Amends the Hospital Services Trust Fund Article of the
            # Illinois Public Aid Code.")
            exclude=r"\b(?:unemployment|highway|transportation)\b|"
                    r"\bamends the (?:[\w'-]+ ){0,8}?(?:trust )?fund (?:article|act|law)\b", confidence=0.85),
    KeySpec("financing.sales_or_gross_receipts",
            ("gross receipts", "business and occupation tax", "b&o tax", "sales tax", "excise tax",
             "use tax", "tax on gross"),
            require=r"\b(?:tax|impos|levy|rate|percent)",
            exclude=r"\b(?:capital gains|self-employment|self-employed)\b", confidence=0.75),
    KeySpec("financing.federal_funds_pooled",
            ("federal funds", "federal payments", "federal financial participation", "federal contributions",
             "funds that would otherwise be paid", "bulk or lump-sum", "federal health care payments",
             "federal and state moneys",
             "in lieu of premium tax credits", "federal moneys", "federal money", "federal revenues",
             "paid to the commonwealth by the federal", "paid to the state by the federal", "pass-through funding",
             "federal pass-through", "federal and state payments", "in lieu of the federal premium tax credits",
             "federal dollars", "public program funds",
             "federal fund contribution"),
            require=r"\b(?:fund|trust|deposit|pool|receive|paid to|credit|program|plan|combine)",
            # the fallback for their absence ("If federal financial participation is not available, the
            # benefits ... shall be financed with State funds only") pools nothing
            exclude=r"\b(?:is|are) not (?:available|approved|obtained|received)\b|"
                    # "federal funds made available for employment training": another program's money
                    r"\b(?:employment|job|workforce) training\b|\bworkforce (?:development|investment)\b|"
                    # an appropriation's mechanics ("may request that receipt and expenditure of unanticipated federal
                    # funds ... be exempt from expenditure limitations")
                    r"\bexempt from (?:expenditure|budgetary) limitations?\b",
            confidence=0.75),
    # --- federal waivers --------------------------------------------------------------------
    KeySpec("federal_waivers.section_1115", ("section 1115", "1115 waiver", "1115 demonstration", "42 u.s.c. sec. 1315",
                                             "42 u.s.c. 1315", "section 1315", "§ 1115", "§1115", "42 u.s.c. § 1315",
                                             "42 u.s.c. section 1315", "title xix waiver", "medical assistance statute"),
            confidence=0.9),
    KeySpec("federal_waivers.section_1115",
            ("federal waivers", "federal waiver", "waiver requests", "waiver request", "any waiver", "any waivers",
             "medicaid waiver", "medicaid waivers", "necessary waivers",
             # Medicaid's work requirement demonstrations ("authorize the Cabinet for Health and Family Services to
             # submit a community engagement waiver for able-bodied Medicaid beneficiaries without dependents")
             "community engagement waiver"),
            # "the medicaid director shall seek any federal waivers necessary ... under the medicaid and CHIP
            # programs", "shall submit any Medicaid state plan amendment or waiver requests necessary"
            # (two orders, not a look-ahead over the sentence: that is quadratic in long statute sentences)
            # (a copy of an application sent to the legislature requests nothing: "to submit a copy of any waiver renewal
            # application to the Legislative Research Commission")
            require=_MEDICAID_WAIVER_ORDER, exclude=_NOT_MEDICAID_WAIVER + r"|\bcopy of (?:any |the |each |a )?waiver",
            confidence=0.7, fallback=True),
    # a state plan amendment is Medicaid's instrument but no waiver: "requires the Department ... to submit a
    # Medicaid State Plan Amendment to the Centers for Medicare & Medicaid Services" alone is not a section 1115
    # waiver; "any Medicaid state plan amendment or waiver requests necessary" is
    KeySpec("federal_waivers.section_1115", ("state plan amendment", "state plan amendments"),
            require=r"\b(?:seek|submi|apply|request|obtain)\w*\b[^.;]{0,60}\bmedicaid\b(?! services)[^.;]{0,20}\bstate plan "
                    r"amendments?\b[^.;]{0,20}\b(?:or|and)\b[^.;]{0,20}\bwaiv|\b(?:seek|submit|apply|request|obtain)\w*\b[^.;]{0,40}\bwaivers?\b[^.;]{0,20}\bor state plan "
                    r"amendments?\b|"
                    # "... the expansion of Medicaid; ... to provide for the submission of requests for waivers,
                    # amendments to waivers, and state plan amendments;"
                    r"\bmedicaid\b(?! services)[\s\S]*?\b(?:seek|submi|apply|request|obtain)\w*\b[^.;]{0,30}\bwaivers?\b"
                    r"[^.;]{0,40}\bstate plan amendments?\b",
            exclude=_NOT_MEDICAID_WAIVER,
            confidence=0.7, fallback=True),
    KeySpec("federal_waivers.section_1332", ("section 1332", "1332 waiver", "state innovation waiver",
                                             "42 u.s.c. sec. 18052", "42 u.s.c. 18052", "section 18052", "§ 1332", "§1332",
                                             "42 u.s.c. § 18052", "42 u.s.c. section 18052",
                                             "waiver from the provisions of the federal patient protection"),
            confidence=0.9),
    KeySpec("federal_waivers.medicare",
            ("medicare waiver", "waivers of requirements, and make other arrangements, under medicare",
             "administer medicare", "medicare program", "medicare funds", "medicare payments",
             "under medicare", "section 402", "section 222", "title xviii", "payments from medicare",
             "negotiate with the federal government"),
            require=r"\b(?:waiv|approv|arrangement|agreement|demonstration|administer|apply|seek|negotiat|"
                    r"obtain|authoriz)",
            # paying dual eligibles' Medicare premiums (a Medicare savings program) is not a Medicare waiver
            # ... nor a plan or contractor that administers Medicare benefits (Medicare Advantage: "Person
            # contracted with a federal agency to provide or administer Medicare benefits in this state")
            exclude=r"\b(?:means title xviii|eligible for benefits under medicare shall enroll)\b|"
                    r"\bor administer medicare benefits\b|\bprovides medicare benefits\b|"
                    r"\bmedicare premiums\b|\bpremiums\b[^.;]{0,60}\bparticipating in the medicare program\b",
            confidence=0.75),
    KeySpec("federal_waivers.medicare",
            ("centers for medicare",),
            # "may seek a waiver from the Centers for Medicare and Medicaid Services to include Medicare";
            # a waiver from CMS that names Medicaid, 1115 or 1332 is not this one
            # ... and the state seeks it: "in accordance with its waiver agreement with the Centers for Medicare and
            # Medicaid Services" (an agreement in force) or an application "to amend the State's home and
            # community-based services waiver programs" (Medicaid's 1915(c) waivers) is no Medicare waiver
            require=r"\b(?:apply|applies|seek|seeks|request|requests|obtain|submit|submits)\b[^.;]{0,80}\bwaiv",
            exclude=r"\b(?:1115|1332|1915|title xix|state plan|innovation|medical assistance)\b|"
                    r"\bmedicaid\b(?! services)|\bhome and community[- ]based|\bwaiver programs?\b",
            confidence=0.7),
    # --- provider payment -------------------------------------------------------------------
    KeySpec("provider_payment.fee_schedule",
            ("fee schedule", "fee-for-service", "fee for service", "fee-schedule"),
            require=r"\b(?:pa(?:y|id|yment)|reimburs|rate|compensat|establish)",
            # "the fee-for-service Medicare payment rate" is a reference rate, not the program's schedule
            # ... nor the delivery system ("services within the fee-for-service delivery system") or payments a new
            # one comes on top of ("provided in addition to a practice's typical fee-for-service or other payments")
            exclude=r"\baway from fee-for-service|\bfee-for-service medicare|\bbased on the (?:medicaid|medicare) fee schedule|"
                    r"\bfee-for-service delivery system\b|\bin addition to (?:a |the )?(?:[\w’']+ ){0,2}"
                    r"(?:typical |usual |regular )?fee-for-service\b|"
                    # ... nor claims or people counted by delivery system ("the number of Medicaid users ...
                    # documented by Medicaid fee-for-service and managed care encounter claims")
                    r"\bfee-for-service (?:(?:and|or) (?:managed care|mco) )?(?:encounter )?(?:claims?|encounters?|"
                    r"data|users?|enrollees?|beneficiar\w+|members?|populations?|utilization)\b",
            confidence=0.8),
    KeySpec("provider_payment.global_budget",
            ("global budget", "global budgets", "global or capitated", "capitated payment", "capitation",
             "operating budget", "institutional budget",
             # one budget per facility that covers operating and capital costs ("set a specific operating and
             # capital budget for each facility") is a global budget
             "operating and capital budget"),
            require=r"\b(?:pa(?:y|id|yment)|budget|fund|negotiat|hospital|provider|institution)",
            confidence=0.8),
    KeySpec("provider_payment.rate_setting",
            ("rates of payment", "payment rates", "reimbursement rates", "payment methodologies",
             "rate of payment", "rates for health care services", "reasonable compensation",
             "payment methodology", "rate setting", "rate-setting", "negotiate rates", "collective negotiation",
             "collectively negotiating", "rates set by", "negotiations of service fee", "negotiate reimbursement",
             # "The department shall establish by rule the rates for reimbursement of services provided under ..."
             "rates for reimbursement", "rates of reimbursement",
             # "the program shall negotiate and set rates for health care providers ..."
             "set rates", "negotiate and set rates", "set the rates"),
            require=r"\b(?:establish|set|negotiat|determin|develop|adopt|board|commissioner|authority|shall)",
            # rates that follow another program's fee schedule are set by reference, not by the program
            exclude=r"\bbased on the (?:medicaid|medicare) fee schedule", confidence=0.7),
    KeySpec("provider_payment.medicare_reference_rate",
            ("percent of medicare", "percent of the medicare", "per cent of medicare", "medicare rates",
             "medicare rate", "medicare fee schedule", "of the rate paid under medicare",
             "medicare payment rates", "times the medicare", "percent of what medicare", "medicare payment rate",
             "parts a and b of medicare", "based on medicare", "medicare would reimburse", "medicare would pay",
             "medicare fee amount", "medicare fee"),
            require=r"\b(?:percent|per cent|%|rate|reimburs|pa(?:y|id))",
            exclude=r"\b(?:do not pay rates that are|often do not pay)\b", confidence=0.75),
    KeySpec("provider_payment.drug_price_negotiation",
            ("negotiate prices", "negotiate drug prices", "prices for prescription drugs", "bulk purchasing",
             "bulk purchase", "drug prices", "negotiating power", "negotiate the price", "preferred drug program",
             "purchasing pool", "prescription drug prices", "negotiate with pharmaceutical",
             "negotiate directly with", "lower drug prices", "prices of pharmaceuticals",
             "negotiating pricing", "negotiate pricing", "price discounts", "negotiate price", "negotiated annually",
             "combined purchasing power", "purchasing power",
             "pharmaceutical prices", "purchase all prescription drugs", "purchase prescription drugs",
             "purchasing of prescription drugs"),
            require=r"\b(?:negotiat|bulk|purchas|price|preferred drug|pool)", confidence=0.75),
    KeySpec("provider_payment.capital_budget_separate",
            ("capital expenditures", "capital related expenses", "capital-related expenses", "capital expenditure",
             "capital budget", "capital investment", "capital projects", "capital costs", "capital improvements"),
            require=r"\b(?:pa(?:y|id|yment)|fund|financ|budget|separate|approv|methodolog|allocat|only)",
            # one "operating and capital budget" joins what this key separates; a certificate of need approves a
            # provider's project ("the cabinet may approve a certificate of need for a project"), health planning and
            # no budget of the program's
            exclude=r"\boperating and capital budget|\bcertificates? of need\b",
            # the separation is itself a prohibition ("operating payments shall not finance capital")
            negation="keep", confidence=0.75),
    # --- governance -------------------------------------------------------------------------
    KeySpec("governance.board",
            ("board of trustees", "board of directors", "governing board", "health board", "calcare board",
             "is hereby created", "board is created", "board is established", "board shall consist",
             "the board shall", "board of governors", "health care board", "trust board", "commission is created",
             "board shall be composed", "board shall establish", "board shall adopt",
             # a governing authority or commission rather than a "board"
             "authority is created", "authority is established", "authority is hereby", "commission is established",
             "commission is hereby", "connector authority"),
            require=r"\b(?:board|trustee|commission|authority)\b",
            # (not a study body, a pension system's or a school district's board: _NOT_PROGRAM_BOARD)
            exclude=_NOT_PROGRAM_BOARD,
            confidence=0.8),
    # a synopsis's "Establishes the Health Care Availability and Access Board to protect State residents ...": the named
    # board created (the usual wordings above are the statute's "There is created ... board")
    KeySpec("governance.board",
            ("establishes the", "creates the", "establish the", "create the"),
            require=r"(?-i:\b(?:[Ee]stablish(?:es)?|[Cc]reates?) the (?:[A-Z][\w'&-]* (?:(?:and|of|for|on|the) )?){1,8}"
                    r"(?:Board|Authority|Commission)\b(?! Act\b))",
            # (not an act's name, "Creates the Health Care Workforce Commission Act.", nor an advisory or a legislative
            # oversight body: "to create the Advisory Commission on the PeachCare Plus Program", "establish the
            # Medicaid Oversight and Advisory Board of the Kentucky General Assembly")
            exclude=_NOT_PROGRAM_BOARD + r"|\b(?:advisory|oversight)\b", confidence=0.8),
    KeySpec("governance.advisory_council",
            ("advisory council", "advisory committee", "advisory board", "advisory commission",
             "public advisory", "stakeholder advisory", "consumer advisory", "advisory committees", "advisory group",
             # the plural of each body ("(7) create advisory boards to address health care needs ...")
             "advisory boards", "advisory councils", "advisory commissions", "advisory groups"),
            # (an existing body exempted from a law: "This bill would exempt the IHSS Advisory Committee from the act.")
            require=r"\b(?:advis)", exclude=r"\bregional advisory\b|\bexempt (?:the |an? |each )?(?:[\w-]+ ){0,4}advisory "
                                              r"(?:committee|council|board|group)s? from\b|" + _APPOINTMENT,
            confidence=0.8),
    KeySpec("governance.regional_entities",
            ("regional advisory council", "regional advisory councils", "regional board", "regional entities",
             "regional planning", "health regions", "regional health", "regional offices", "regional entity",
             "regional districts", "regional advisory board", "regional advisory boards", "regional councils"),
            require=r"\b(?:region)", confidence=0.8),
    KeySpec("governance.ombudsman",
            ("ombudsman", "ombudsperson", "office of patient advocacy", "patient advocate", "office of the patient advocate",
             "consumer advocate"),
            # the ombudsman of residents of care facilities (long-term care, congregate care) is not the program's
            exclude=r"\b(?:long-term care|long term care|congregate care) ombudsman\b", confidence=0.85),
    # --- private insurance ------------------------------------------------------------------
    KeySpec("private_insurance.duplicative_coverage_barred",
            ("duplicate", "duplicative", "duplicates the benefits", "duplication", "shall not offer", "shall not sell",
             "already covered by",
             "may not offer", "may not sell", "not be offered"),
            require=r"\b(?:insur|carrier|health plan|coverage|benefits?|policy|policies)",
            # duplication of facilities, resources or services is health planning, not a second policy
            exclude=r"\b(?:supplement|not covered by|except(?! as (?:otherwise )?(?:provided|specified|set forth)))\b|"
                    r"\bduplicat\w* of (?:health care |medical )?(?:facilities|resources|equipment|"
                    r"efforts|functions|capital)\b|"
                    # Oklahoma's codification clause: "... to be codified ... as Section 5026.2 of Title 63, unless
                    # there is created a duplication in numbering, reads as follows:"
                    r"\bduplication in numbering\b|"
                    # insurance given away to sell a policy ("may not offer or provide insurance as an inducement to
                    # the purchase of another policy") and a fiscal analysis's question ("Determine the extent to which
                    # benefits required under the bill or amendment are already covered by health insurers")
                    r"\bas an inducement\b|\bextent to which\b[^.;]{0,80}\balready covered\b",
            negation="keep", confidence=0.75),
    # "No health insurer may ..." bars duplicate coverage only where what it may not do is cover what the program
    # covers ("No health insurer may charge a patient out-of-network rates for neonatal care", "No health insurer or
    # administrator shall be required to provide information" are rules of private insurance of another kind)
    KeySpec("private_insurance.duplicative_coverage_barred", ("no health insurer",),
            require=r"\bduplicat\w*|\b(?:covered|provided|offered) (?:by|under|through) (?:the|this) "
                    r"(?:program|plan|system|trust|act)\b|\bfor which coverage is (?:offered|provided)\b",
            exclude=r"\b(?:supplement|not covered by)\b|\bduplication in numbering\b", negation="keep",
            confidence=0.75),
    # "supplemental" and "additional benefits" name a second policy only beside insurance words ("purchase
    # supplemental health insurance", "additional benefits not covered by this Act"), not a "supplemental breast
    # examination", a "supplemental personal needs payment" or "additional benefits to program participants"
    KeySpec("private_insurance.supplemental_allowed", ("supplemental", "additional benefits", "supplementary"),
            require=r"\b(?:supplement\w*|additional benefits)\b[^.;]{0,40}?\b(?:insurance|insurers?|coverage|"
                    r"polic(?:y|ies)|plans?|health benefits?)\b|\bnot covered (?:by|under)\b",
            # ... nor a "supplemental breast examination" that a policy covers, the "additional benefits" a
            # benchmark plan is to include, or Medigap's standards ("supplemental insurance coverage under Title
            # XVIII") used as a model
            exclude=r"\b(?:supplemental (?:nutrition|security)|supplementary uninsured|shall not include|"
                    r"does not include|medicare supplemental)\b|\bsupplemental breast\b|"
                    r"\binclude (?:certain |specified |the following )?additional benefits\b|"
                    r"\bsupplemental (?:insurance )?(?:coverage|polic\w+|insurance) under title xviii\b", confidence=0.65),
    KeySpec("private_insurance.supplemental_allowed",
            ("benefits not covered", "not covered by the program", "not covered by the plan",
             "offer benefits that do not cover",
             "benefits in excess of", "do not duplicate", "does not duplicate", "not duplicative of"),
            require=r"\b(?:insur|coverage|benefits?|policy|policies|plan|offer)",
            exclude=r"\b(?:supplemental (?:nutrition|security)|supplementary uninsured|shall not include|"
                    r"does not include|medicare supplemental)\b", confidence=0.65),
    # --- transition -------------------------------------------------------------------------
    KeySpec("transition.worker_assistance",
            ("retraining", "re-employment", "reemployment", "displaced workers", "displaced employees",
             "impacted employees", "job placement", "wage replacement", "dislocated workers", "transition assistance",
             "workforce transition", "just transition", "affected workers"),
            # a paid leave program's wage replacement ("The Hoosier family leave insurance program is established to
            # provide wage replacement benefits to covered individuals during periods of qualified family leave") helps
            # no worker displaced by the program
            # ... nor the workforce department's programs ("Coordinate activities with all state agencies and departments
            # that either provide employment and training related services ... for ... dislocated workers")
            exclude=r"\b(?:family|medical|parental|paid) leave\b|\bemployment and training\b",
            confidence=0.85),
    KeySpec("transition.implementation_timeline",
            ("implementation period", "implementation plan", "shall take effect", "takes effect", "effective date",
             "no later than", "not later than", "on or before", "implementation date", "phase in", "phased in",
             "shall begin", "fully implemented", "implementation of the program",
             "beginning operation", "begin operation", "shall be implemented",
             *(f"by {m}" for m in ("january", "february", "march", "april", "may", "june", "july", "august",
                                   "september", "october", "november", "december"))),
            # ... or a date by which the program is made available ("The public option shall be made available to
            # eligible individuals ... no later than January 1, 2027.")
            require=r"\b(?:implement|program|plan|enroll|operat|benefits|system|trust|coverage|begin|offer|"
                    r"take effect|takes effect|effective|made available)",
            # a report's deadline is the study's timeline, not the program's
            exclude=r"\bshall (?:submit|issue|deliver|file|make|compile|prepare) (?:an? |its |the )?(?:\w+ ){0,3}"
                    r"reports?\b|"
                    r"\bshall report\b|\bimplemented (?:consistent|in accordance) with\b|\bby (?:may|march) (?!\d)|"
                    # a scope ("This subsection shall be implemented only to the extent that it is in compliance
                    # with ..."), an act's effective date counted from the session's adjournment (with its
                    # referendum proviso), or what the act applies to from its effective date: no program timeline
                    r"\bimplemented only to the extent\b|"
                    r"\bafter (?:the )?(?:final )?adjournment of the (?:general assembly|legislature|session)\b|"
                    # a study committee's report deadline in a synopsis ("would require the study committee to submit
                    # a report ... on or before January 15, 2027"), an act's title listing its parts ("...; providing
                    # for codification; and providing an effective date"), and a part's conditional start or repeal
                    # ("This subsection (16) takes effect on January 1, 2026, only if the condition specified in
                    # section 10-16-1209 (1) occurs", "will be repealed if, on or before December 31, 2025, the
                    # United States congress enacts ..."): no date or phase of the program
                    r"\bto submit (?:an? |its |the )?(?:\w+ ){0,3}reports?\b|\bprovid(?:e|ing) (?:for )?an effective date\b|"
                    # ... in other words: "requires the Division ... to present a report to the Delaware General
                    # Assembly, by January 1, 2026", "On or before January 15, 2027, the Agency, Board, and Department
                    # shall each provide specific recommendations on ...", "on or before December 31, 2028, ... develop
                    # and submit a Statewide Crisis Continuum Strategic Plan to the Office of the Governor and the
                    # General Assembly": what is delivered to the legislature is a report's deadline
                    r"\bto (?:present|provide|deliver|issue|file) (?:an? |its |the )?(?:\w+ ){0,3}reports?\b|"
                    r"\b(?:shall|to) (?:each )?(?:submit|present|provide|deliver|issue|make|file) (?:\w+ ){0,3}"
                    r"recommendations\b|"
                    r"\b(?:submit|present|deliver|file)s?\b[^.;]{0,160}?\bto the (?:office of the )?(?:governor|general "
                    r"assembly|legislature)\b|"
                    r"\b(?:takes|take|shall take|will take) effect\b[^.;]{0,60}\bonly if\b|"
                    r"\b(?:is|are|will be|shall be) repealed (?:if|upon|on the date)\b|"
                    # a treasury transfer's deadline ("within ten days after the effective date of this subsection (7),
                    # the state treasurer shall make an interest-free loan ... to the ... cash fund"): money moved, not
                    # the program started
                    r"\btreasurer shall (?:make|transfer|credit|deposit|loan)\b|"
                    # a yearly duty's date ("By February 28, 2026, and by each February 28 thereafter: (I) The board
                    # shall submit the report"): a recurring deadline, not a start or a phase
                    r"\b(?:and|or) (?:by|on|before|on or before) (?:each|every) [a-z]+ \d{1,2},? thereafter\b|"
                    # a part's own effective-date clause ("If the condition specified in this subsection (7)(b)(I)
                    # occurs, subsection (7)(a) of this section takes effect on January 1, 2026.") and a reference to
                    # an effective date without a period ("On or after the effective date of this subsection
                    # (2)(d)(IV), the enterprise shall reallocate ..."): "within 5 years after the effective date" is
                    # a period and stays
                    # (the subject is the reference itself: "Subsection (2), this bill takes effect ..." is the act's)
                    r"\b(?:sub)?sections? (?:(?:[\d(][\w().,\-]*|and|to|through|of|this|section|act) ){0,12}?"
                    r"(?:takes|take|shall take|will take) effect\b|"
                    r"\b(?:on or after|before|prior to|as of) the effective date of this (?:act|section|subsection|part|"
                    r"article|chapter)\b|"
                    r"\bapplies to\b[^.;]{0,120}\bon or after the (?:applicable )?effective date\b|"
                    # data a regulated plan must report by a date ("would require a health care service plan or health
                    # insurer that imposes prior authorization to report specified prior authorization data ... on or
                    # before February 1, 2026"; "to post this information"), a past period an audit covers ("the Department has expended since
                    # January 1, 2018"), and whom a rule reaches from the act's effective date ("any policeman who has
                    # been denied a disability benefit ... after the effective date of the amendatory Act is entitled
                    # ..."; "within 6 months after the effective date" is a period and stays)
                    # (... "and to post this information ... on their internet websites by April 15 of each year")
                    r"\bto (?:annually |publicly )?(?:report|post|publish) (?:\w+ ){0,6}?(?:data|information|"
                    r"statistics)\b|"
                    r"\bsince (?:january|february|march|april|may|june|july|august|september|october|november|"
                    r"december) \d{1,2},? \d{4}\b|"
                    r"\b(?!(?:days?|months?|years?|weeks?|later|not|no|immediately|first|begin\w*)\b)[a-z]+ after the "
                    r"effective date of (?:this|the) (?:amendatory )?act\b",
            confidence=0.7),
    KeySpec("transition.study_or_report",
            ("report to the legislature", "report to the governor", "shall report", "shall submit a report",
             "feasibility study", "shall study", "annual report", "conduct a study", "study and report",
             "report its findings", "submit a report", "actuarial analysis", "report on", "shall issue a report",
             "shall prepare a report", "report and recommendations", "financial analysis", "fiscal analysis", "shall conduct",
             "final report", "interim report", "report annually", "reporting annually",
             # a body the bill convenes or directs to "develop recommendations" reports them (a resolution
             # that urges the governor to direct an agency to do so, AK SCR 2)
             "develop recommendations", "make recommendations", "submit recommendations",
             # a study committee's charge ("The committee shall undertake a study of the conditions, needs, ...")
             "undertake a study", "shall file a report",
             # the sentence that orders the work (docs/provisions-gold.md, "Study and report"): "The task force shall
             # produce findings and recommendations for ...", "The commission shall examine the laws ... and make
             # such recommendations", "This bill proposes to create a study committee to evaluate the feasibility"
             # (verb first: "consistent with the findings and recommendations of a licensed physician", "using the
             # findings and recommendations of the ... advisory committee" order nothing)
             "produce findings and recommendations", "make findings and recommendations",
             "submit findings and recommendations", "submit its findings and recommendations",
             "prepare its findings and recommendations", "report findings and recommendations",
             "shall examine", "evaluate the feasibility"),
            require=r"\b(?:report|study|analys|recommend|findings|evaluat)",
            # an analysis that is only an input of something else ("premium rates ... after an actuarial
            # analysis") is not a report the bill orders
            exclude=r"\b(?:after|based on|following) (?:an? |the )?(?:actuarial|financial|fiscal) analysis|"
                    # an examination of a person ("An expert so appointed shall examine the defendant and make a
                    # report", "Two licensed physicians ... who shall examine and report their findings
                    # independently", "The hospital shall examine a relinquished newborn infant") and a body's
                    # case file ("SHALL MAINTAIN A WRITTEN RECORD CONTAINING ITS FINDINGS AND RECOMMENDATIONS") order
                    # no study
                    r"\bexamine (?:and report )?(?:the |a |an |each |any )?(?:relinquished )?(?:newborn )?(?:defendant|"
                    r"inmate|patient|person|individual|newborn|infant|child|applicant|minor|respondent|claimant|"
                    r"offender)s?\b|\b(?:physicians?|psychiatrists?|psychologists?|veterinarians?|experts?|examiners?)\b[^.;]{0,120}"
                    r"\bshall examine\b|\b(?:record|file)s? containing (?:its |their |the )?findings\b",
            confidence=0.7),
    # --- public option specifics -----------------------------------------------------------
    KeySpec("public_option.state_contracted_plans",
            ("contract with", "contracts with", "contracted plans", "administered by", "third-party administrator",
             "third party administrator", "shall contract", "may contract", "carriers to offer",
             "health plans to offer", "offer the public option", "under contract with", "to administer the program"),
            require=r"\b(?:public (?:health )?(?:insurance |care )?option|option plan)",
            extra={"doc_context": r"\b(?:public (?:health )?(?:insurance |care )?option|buy-in|buy in)\b",
                   "doc_require": r"\b(?:administer|offer)\w*\b[^.;]{0,40}\bplan\b[^.;]{0,60}\b(?:contract|managed care)|"
                                  r"\b(?:organizations?|carriers?|insurers?|plans|entities|vendors?|applicants?)\b "
                                  r"to administer the (?:program|plan)\b"},
            exclude=r"\b(?:retraining|consultant|actuar)", confidence=0.65),
    KeySpec("public_option.premium_cap",
            ("premium cap", "premiums shall not exceed", "premium shall not exceed", "lower than",
             # "The family's premiums and cost sharing may not exceed: (a) 5% of family income ..."
             *(f"{subj} {verb} not exceed" for subj in ("premiums", "premium", "premiums and cost sharing",
                                                         "premiums and cost-sharing")
               for verb in ("may", "must", "shall", "do", "does") if (subj, verb) not in (
                   ("premiums", "shall"), ("premium", "shall"))),
             "percent lower", "below the average premium", "premium reduction", "premium targets",
             "premiums that are", "affordable premiums", "premium scale"),
            # a public option's or buy-in's cap: the sentence names the option, or the bill is one (its head says so);
            # a cap on an HMO's experience refunds or a dental plan's rebates is private insurance regulation
            require=r"\bpremium[\s\S]*?\b(?:option|buy-in|buy in)\b|\b(?:option|buy-in|buy in)\b[\s\S]*?\bpremium",
            extra={"doc_context": r"\b(?:public (?:health )?(?:insurance |care )?option|buy-in|buy in)\b",
                   "doc_require": r"\bpremium"},
            confidence=0.65),
    KeySpec("public_option.provider_rate_cap",
            ("not exceed", "shall not exceed", "rate cap", "reimbursement rates", "provider reimbursement",
             "aggregate reimbursement", "payment rates", "in the aggregate"),
            # "option" anywhere in the sentence and a rate part: written as its three orders (option before, after
            # or inside the rate part) rather than a look-ahead over the sentence, which is quadratic in long ones
            require=rf"\boption\b[\s\S]*?{_RATE_CAP}|{_RATE_CAP}[\s\S]*?\boption\b|{_RATE_WORD}[^.;]{{0,120}}?\boption\b"
                    rf"[^.;]{{0,120}}{_CAP_WORD}",
            # a bill that is a public option or buy-in program (its title says so) need not repeat the
            # word in the rate sentence: then only the rate part of `require` is read
            extra={"doc_context": r"\b(?:public (?:health )?(?:insurance |care )?option|buy-in|buy in)\b",
                   "doc_require": r"\b(?:reimburs\w*|rates?|pa(?:y|yment))\b[^.;]{0,120}\b(?:not exceed|"
                                  r"percent|per cent|%|cap|medicare|medicaid)"},
            # a floor ("equal to or greater than", "not less than") is not a cap
            # an eligibility limit ("has income that does not exceed income standards") caps no rate
            exclude=r"\b(?:no member|deductible|equal to or greater than|not less than|at least)|"
                    r"\b(?:income|resources)(?: level)? (?:that )?(?:does|do) not exceed", confidence=0.65),
    # a group outside the state's employees let into the state employees' plan, paying its premium ("Notwithstanding
    # any other sections of law, a technical college employee may join the plan." in a bill "to permit technical
    # college employees to join the state health plan"): a buy-in to a state-run plan
    KeySpec("public_option.buy_in_eligibility",
            ("may join the plan", "may join the state health plan", "eligible to join the plan",
             "may join the state plan"),
            require=r"\bjoin the state (?:employees'? )?(?:health )?plan\b",
            extra={"doc_context": r"\bjoin the state (?:employees'? )?(?:health )?plan\b",
                   "doc_require": r"\bjoin the plan\b"},
            confidence=0.65),
    KeySpec("public_option.buy_in_eligibility",
            ("buy-in", "buy in", "purchase coverage", "may enroll", "eligible to enroll", "eligible to purchase",
             "made available to",
             "open to all", "any resident", "any individual", "regardless of income", "not otherwise eligible",
             "are eligible for", "is eligible for", "entitled to enroll", "shall be available to", "may only enroll"),
            require=r"\bpublic (?:health )?(?:insurance |care )?option|\bbuy[- ]in\b|\bpurchase\b[^.;]{0,40}"
                    r"\b(?:coverage|plan)\b[^.;]{0,60}\b(?:medicaid|minnesotacare|basic health|essential plan)",
            extra={"doc_context": r"\b(?:public (?:health )?(?:insurance |care )?option|buy-in|buy in)\b",
                   "doc_require": r"\b(?:enrol\w*|eligib\w*) (?:and entitled to enroll|as a member|in the "
                                  r"(?:program|plan|policy))|\bprogram shall be available to\b|\bmay only enroll\b"},
            # an existing buy-in named as what an outreach campaign publicises ("an enhanced NJ FamilyCare outreach and
            # enrollment initiative to increase public awareness about the availability of ... the NJ FamilyCare
            # Advantage buy-in programs") opens the program to nobody new
            exclude=r"\b(?:public awareness|awareness (?:about|of)|outreach|publiciz\w*|awareness campaigns?)\b",
            confidence=0.65),
)

# a key may have several specs (wording families with their own checks); each key once, in order
KEYS: tuple[str, ...] = tuple(dict.fromkeys(s.key for s in SPECS))

# scorecard-only signals (not provision keys): ERISA / self-insured employer plans, and rates
ERISA = (r"\b(?:erisa|employee retirement income security act|self[- ]insured|self[- ]funded|"
         r"29 u\.s\.c\.? (?:sec\. )?1144)")
# a rate is a number attached to the tax base ("payroll tax of 7.5 percent", "10 percent tax on
# unearned income", "10.5 percent of an employee's payroll"); "eighty percent of the payroll tax" is
# only who pays which share, so it does not count
_WORDNUM = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)"
_PCT = (rf"(?:\d+(?:\.\d+)?\s*(?:%|percent\b|per cent\b)|\b{_WORDNUM}(?:[- ]{_WORDNUM}|[- ]and[- ]a[- ]half)?"
        rf"\s+(?:percent|per cent)\b)")
FINANCING_RATE = (rf"\b(?:tax|assessment|premium|contribution|levy|surcharge)\b[^.;]{{0,60}}?\b(?:of|at|equal to)"
                  rf"\s+(?:a rate of\s+)?{_PCT}|{_PCT}\s+(?:payroll |income |excise )?(?:tax|assessment|levy|"
                  rf"surcharge)\b|{_PCT}\s+of\s+(?:the\s+|an?\s+)?(?:employee'?s?\s+|employer'?s?\s+)?"
                  rf"(?:aggregate\s+)?(?:adjusted\s+)?(?:quarterly\s+)?(?:wages|income|payroll|earnings|gross receipts|"
                  rf"sales|compensation)")
