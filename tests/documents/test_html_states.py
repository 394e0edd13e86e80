"""HTML bill pages from five legislatures: text as amended, deleted words kept apart."""

from __future__ import annotations

import re

from statecare.documents.compare import contains_run, tokens

WA_1445 = "state_html/wa/WA_2025-2026_HB1445_1445_Bill.htm"
WA_1009 = "state_html/wa/WA_2025-2026_HB1009_1009.PL_Passed_Legislature.htm"
MN_1812 = "state_html/mn_revisor/MN_2025-2026_HF1812_Minnesota_Health_Plan_Introduction.html"
MN_3057 = "state_html/mn_revisor/MN_2025-2026_HF3057_MinnesotaCare_public_option_Introduction.html"
MN_27 = "state_html/mn_revisor/MN_2025-2026_HF27_public_option_waiver_repeal_Introduction.html"
MN_4058 = "state_html/mn_revisor/MN_2025-2026_HF4058_toboggan_state_sled_Introduction_NONHEALTH.html"
NM_2 = "state_html/nm_nmlegis/NM_2025S1_HB0002_health_care_coverage_changes_introduced.html"
NM_4 = "state_html/nm_nmlegis/NM_2025S1_SB0004_child_best_interests_introduced_NONHEALTH.HTML"
CO_1006 = "state_html/co_leg/CO_2025B_HB25B-1006_Improve_Affordability_Private_Health_Insurance_Introduced.html"
NJ_3624 = "state_html/nj_njleg/NJ_222_A3624_I1_affordable_health_care_plans_enrollment_websites.HTM"
ALL_HTML = [WA_1445, WA_1009, MN_1812, MN_3057, MN_27, MN_4058, NM_2, NM_4, CO_1006, NJ_3624]


def _paragraph_starts(text: str) -> list[str]:
    return [p.split("\n", 1)[0] for p in text.split("\n\n")]


def test_wa_hb1445_starts_with_the_bills_own_words_without_bom_or_tags(doc):
    r = doc(WA_1445)
    assert r.status == "ok" and r.media_type == "text/html" and r.encoding == "utf-8"
    assert "\ufeff" not in r.text and "<" not in r.text and "&amp;" not in r.text
    assert r.text.startswith("H-0653.1\n\nHOUSE BILL 1445\n\nState of Washington")
    assert "By Representatives Parshley, Scott" in r.text  # CSS margin turned into a space


def test_wa_hb1445_keeps_section_structure(doc):
    starts = _paragraph_starts(doc(WA_1445).text)
    new_sections = [s for s in starts if s.startswith("NEW SECTION. Sec. ")]
    # the bill has parts 1-4 numbered 101.., 201.., 301.., 401..: each NEW SECTION opens a paragraph
    numbers = [int(re.match(r"NEW SECTION\. Sec\. (\d+)\.", s).group(1)) for s in new_sections]
    assert numbers[:3] == [101, 102, 103] and 404 in numbers
    assert numbers == sorted(numbers)
    assert "(1) All residents of the state of Washington are eligible for coverage through this chapter." in starts
    assert "NEW SECTION." not in doc(WA_1445).inserted_text  # a drafting caption, not new language


def test_wa_double_parenthesised_strikes_leave_the_amended_text(doc):
    r = doc(WA_1009)
    assert "consisting of 16 members" in r.text
    assert "appointed from the public at large. Except as provided in this section" in r.text
    assert "fifteen" not in r.text and "((" not in r.text and "))" not in r.text
    struck = r.struck_text.split("\n\n")
    assert "fifteen" in struck and "and one member" in struck
    assert "two members" in r.inserted_text.split("\n\n")


def test_mn_deleted_words_only_in_struck_text(doc):
    r = doc(MN_1812)
    # revisor markup: ", <del>or</del> (g) the Board of Pardons<ins>, or (h) the Minnesota Health Plan</ins>."
    assert "Workers' Compensation Court of Appeals, (g) the Board of Pardons, or (h) the Minnesota Health Plan." in r.text
    assert "Court of Appeals, or (g)" not in r.text
    assert r.struck_text.split("\n\n")[0] == "or"
    r = doc(MN_3057)
    gone = "Prior to January 1, 2015, the board may amend the requirements, only if necessary, due to a change in federal rules."
    assert gone in r.struck_text and gone not in r.text
    assert "shall not be implemented prior to January 1, 2016" not in r.text
    r = doc(MN_27)
    assert "(e) Contingent appropriation for Minnesota public option health care plan." in r.struck_text
    assert "Contingent appropriation for Minnesota public option" not in r.text
    # a struck amount inside a table cell: the row reads as amended
    assert "\n\nHealth Care Access 30,668,000 29,168,000\n\n" in r.text
    assert "50,168,000" not in r.text and r.struck_text.startswith("50,168,000\n\n")


def test_mn_every_long_struck_passage_is_absent_from_the_text(doc):
    checked = 0
    for rel in (MN_1812, MN_3057, MN_27):
        r = doc(rel)
        text_tokens = tokens(r.text)
        long = [p for p in r.struck_text.split("\n\n") if len(tokens(p)) >= 4]
        assert not [p for p in long if contains_run(text_tokens, tokens(p))], rel
        checked += len(long)
    assert checked >= 3  # HF3057 strikes two whole sentences, HF27 a whole paragraph


def test_mn_page_chrome_line_numbers_and_screen_reader_labels_are_gone(doc):
    r = doc(MN_4058)
    assert r.text.startswith("A bill for an act relating to state government; naming the toboggan")
    assert r.text.endswith("The toboggan is the official sled of the state of Minnesota.")
    assert "Section 1." in _paragraph_starts(r.text)
    assert "The toboggan is the official sled of the state of Minnesota." in r.inserted_text
    big = doc(MN_1812).text
    for junk in ("new text begin", "deleted text begin", "Line numbers", "KEY:", "Version List", "1.1 1.2"):
        assert junk not in big


def test_nm_brackets_around_struck_words_go_with_them(doc):
    r = doc(NM_2)
    # source: 'Care Act [<strike>is</strike>] <u>or other federal coverage programs ... are</u> repealed'
    assert "Patient Protection and Affordable Care Act or other federal coverage programs" in r.text
    assert "Care Act is or other" not in r.text and "[ ]" not in r.text and "[]" not in r.text
    assert "is" in r.struck_text.split("\n\n")
    assert not any(_PAGE.match(p) for p in r.text.split("\n\n"))  # "- 7 -" page numbers dropped
    assert any(p.startswith("SECTION 1. Section 59A-23F-11 NMSA 1978") for p in _paragraph_starts(r.text))
    assert '"59A-23F-11. HEALTH CARE AFFORDABILITY FUND.--' in _paragraph_starts(r.text)


_PAGE = re.compile(r"^-\s*\d+\s*-$")


def test_nm_wordperfect_uppercase_html(doc):
    r = doc(NM_4)
    assert r.media_type == "text/html"
    assert r.text.startswith("SENATE BILL 4\n\n57th legislature - STATE OF NEW MEXICO")
    assert '"[NEW MATERIAL] BEST INTERESTS OF THE CHILD STANDARD.--In all matters' in r.text


def test_co_printed_lines_become_paragraphs_and_deletions_leave(doc):
    r = doc(CO_1006)
    assert "Page 2, Line 1" not in r.text and "Show Page and Line Numbers" not in r.text
    starts = _paragraph_starts(r.text)
    assert "SECTION 1. In Colorado Revised Statutes, 10-16-1203, add (2.5) and (16) as follows:" in starts
    assert any(s.startswith('(2.5) "Enhanced premium tax credit" means the premium tax credit, as amended') for s in starts)
    assert "(A) Has no premium;" in r.struck_text and "Has no premium" not in r.text
    assert "Has an actuarial value of not less than ninety-four percent" not in r.text


def test_nj_windows_1252_and_nbsp(doc, fixtures):
    raw = (fixtures / NJ_3624).read_bytes()
    assert b"\xa0" in raw  # the fixture really is single-byte windows-1252
    r = doc(NJ_3624)
    assert r.encoding == "cp1252"
    assert "\xa0" not in r.text and "\ufffd" not in r.text and "Â" not in r.text
    assert "26. a. The Commissioner of Human Services shall establish an enhanced NJ FamilyCare" in r.text
    assert "These campaigns shall include, but not be limited to:" in r.inserted_text


def test_no_page_has_markup_or_encoding_debris(doc):
    for rel in ALL_HTML:
        r = doc(rel)
        assert r.status == "ok", rel
        assert not re.search(r"<[a-zA-Z/!]", r.text), rel
        assert "\ufeff" not in r.text and "\ufffd" not in r.text and "\xa0" not in r.text, rel
        assert "\n\n\n" not in r.text and r.text == r.text.strip(), rel
        # removing struck words leaves no empty brackets and no space before punctuation
        assert not re.search(r"\[ ?\]|\(\( ?\)\)| [.,;:](?:\s|$)", r.text), rel


def test_legiscan_pre_formatted_bill_keeps_its_lines(fixtures):
    """LegiScan getBillText `doc` (base64 HTML, California SB 151 of 2011): text inside <pre>."""
    import base64
    import json

    from statecare.documents import extract, sections

    obj = json.loads((fixtures / "legiscan/legiscanrr_dataset_text_100932.json").read_text())["text"]
    r = extract(base64.b64decode(obj["doc"]), media_type=obj["mime"], url="https://legiscan.com/text/100932")
    assert r.media_type == "text/html" and r.status == "ok"
    paras = r.text.split("\n\n")
    assert paras[0] == "BILL NUMBER: SB 151 INTRODUCED\nBILL TEXT"
    assert "THE PEOPLE OF THE STATE OF CALIFORNIA DO ENACT AS FOLLOWS:" in paras
    heads = [h for h, _, _ in sections(r.text)]
    assert heads[0].startswith("SECTION 1. The Legislature finds") and heads[-1].startswith("SEC. 5.")
