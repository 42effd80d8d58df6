"""Name understanding: Urdu and Latin spellings, variants, titles, relations, garbage, stability."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncc.resolution.names import (
    CLAN_TOKENS,
    COMMON_TOKENS,
    MAX_LENGTH,
    ParsedName,
    canonical_token,
    parse_name,
    phonetic_key,
)
from nncc.resolution.names.table import TABLE


def tokens(text: str) -> tuple[str, ...]:
    return parse_name(text).tokens


# --- the issue's example ---------------------------------------------------------------------


def test_the_same_man_at_three_agencies_has_the_same_tokens():
    anf = parse_name("Muhammad Asif Khan s/o Gul Khan")
    customs = parse_name("Mohd Aasif Khan")
    levies = parse_name("محمد آصف خان")
    assert anf.tokens == customs.tokens == levies.tokens == ("muhammad", "asif", "khan")
    assert anf.father_tokens == ("gul", "khan") and anf.relation == "s/o"
    assert (anf.script, customs.script, levies.script) == ("latin", "latin", "arabic")
    assert anf.problems == customs.problems == levies.problems == ()


# --- spelling variants -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spellings", "canonical"),
    [
        ("Muhammad Mohammad Mohammed Muhammed Mohd Md Mohamed Muh. Moh. Mhmd", "muhammad"),
        ("Hussain Hussein Husain Hussian Husayn", "hussain"),
        ("Yousafzai Yusufzai Yousufzai Yousafzay", "yousafzai"),
        ("Ahmed Ahmad", "ahmad"),
        ("Aasif Asif", "asif"),
        ("Gul Gull", "gul"),
        ("Sheikh Shaikh Shaykh", "sheikh"),
        ("Chaudhry Chaudhary Choudhry Chaudhri Ch", "chaudhry"),
        ("Qureshi Kureshi Quraishi", "qureshi"),
        ("Mohmand Momand", "mohmand"),
        ("Yusuf Yousaf Yousuf Yousef", "yousaf"),
        ("Dawood Daud Dawud", "daud"),
        ("Pervaiz Parvez Pervez Parwez", "parvez"),
        ("Zulfiqar Zulfikar", "zulfiqar"),
    ],
)
def test_spelling_variants_share_one_canonical_token(spellings, canonical):
    assert {canonical_token(spelling) for spelling in spellings.split()} == {canonical}


@pytest.mark.parametrize(
    "spelling",
    ["Abdul Rehman", "Abdur Rahman", "Abd al-Rahman", "Abd-ur-Rehman", "Abdurrahman",
     "Abdulrahman", "Abdel Rahman", "ABDUR REHMAN", "عبدالرحمن", "عبد الرحمٰن", "عبدالرحمان"],
)  # fmt: skip
def test_abdul_compounds_become_one_token(spelling):
    assert tokens(spelling) == ("abdulrahman",)


@pytest.mark.parametrize(
    ("spellings", "expected"),
    [
        (["Inayat Ullah", "Inayatullah", "Inayat-ullah", "عنایت اللہ", "عنایت‌اللہ"], "inayatullah"),
        (["Shams ud Din", "Shams-ud-Din", "Shamsuddin", "Shams Din", "شمس الدین"], "shamsuddin"),
        (["Zia ul Haq", "Zia-ul-Haq", "Ziaul Haq", "Ziaulhaq", "ضیاء الحق"], "ziaulhaq"),
        (["Habib ur Rehman", "Habibur Rahman", "Habib-ur-Rehman", "حبیب الرحمن"], "habibulrahman"),
        (["Yousaf Zai", "Yousafzai", "یوسف زئی", "یوسفزئی"], "yousafzai"),
        (["Allah Ditta", "Alladitta", "اللہ دتہ"], "allahditta"),
        (["Abdullah", "Abd Allah", "Abdulla", "عبداللہ"], "abdullah"),
        (["Shah Nawaz", "Shahnawaz", "شاہ نواز"], "shahnawaz"),
    ],
)
def test_compound_names_agree_however_written(spellings, expected):
    assert {tokens(spelling) for spelling in spellings} == {(expected,)}


def test_din_after_a_name_and_the_izafat_join_as_agencies_write_them():
    assert tokens("Karam Din") == tokens("Karamuddin") == tokens("Karam-ud-Din")
    assert tokens("Noor-e-Alam") == tokens("Noor Alam") == ("noor", "alam")
    assert canonical_token("Siddique") != canonical_token("Siddiqui")


def test_allah_before_a_punjabi_second_name_is_not_taken_as_ullah():
    assert tokens("Muhammad Allah Ditta") == ("muhammad", "allahditta")
    assert tokens("Inayat Allah Khan") == ("inayatullah", "khan")


def test_unknown_names_fold_vowel_length_and_doubled_letters():
    assert canonical_token("Raheel") == canonical_token("Rahil")
    assert canonical_token("Zakha Khail") == canonical_token("Zakhakhel") == "zakhakhel"
    assert canonical_token("Hizbullah") == canonical_token("Hizb Ullah") == "hizbullah"


# --- Urdu and Latin ------------------------------------------------------------------------------

URDU_AND_LATIN = [
    ("محمد", "Muhammad"), ("احمد", "Ahmed"), ("علی", "Ali"), ("آصف", "Aasif"), ("خان", "Khan"),
    ("حسین", "Hussein"), ("حسن", "Hasan"), ("عمر", "Omar"), ("عثمان", "Usman"), ("یوسف", "Yusuf"),
    ("عبداللہ", "Abdullah"), ("عبدالرحمن", "Abdur Rehman"), ("عبد الرزاق", "Abdur Razzaq"),
    ("عبدالستار", "Abdus Sattar"), ("عبدالقادر", "Abdul Qadeer"), ("عبدالسلام", "Abdus Salam"),
    ("عبدالشکور", "Abdush Shakoor"), ("عبدالمالک", "Abdul Malik"), ("گل خان", "Gull Khan"),
    ("شاہ", "Shah"), ("یوسفزئی", "Yousafzai"), ("آفریدی", "Afridi"), ("شینواری", "Shinwari"),
    ("درانی", "Durrani"), ("اچکزئی", "Achakzai"), ("بلوچ", "Baloch"), ("مری", "Marri"),
    ("بگٹی", "Bugti"), ("مینگل", "Mengal"), ("اعوان", "Awan"), ("گجر", "Gujjar"), ("جٹ", "Jatt"),
    ("راجپوت", "Rajput"), ("آرائیں", "Arain"), ("بٹ", "Butt"), ("قریشی", "Qureshi"),
    ("صدیقی", "Siddiqui"), ("عباسی", "Abbasi"), ("ہاشمی", "Hashmi"), ("بھٹی", "Bhatti"),
    ("نیازی", "Niazi"), ("خٹک", "Khattak"), ("محسود", "Mehsud"), ("وزیر", "Wazir"),
    ("اورکزئی", "Orakzai"), ("بنگش", "Bangash"), ("طوری", "Turi"), ("کاکڑ", "Kakar"),
    ("ترین", "Tareen"), ("مہمند", "Mohmand"), ("مومند", "Momand"), ("صافی", "Safi"),
    ("ہزارہ", "Hazara"), ("نور محمد", "Noor Muhammad"), ("فاطمہ بی بی", "Fatima Bibi"),
    ("ضیاء الحق", "Zia ul Haq"), ("شمس الدین", "Shamsuddin"), ("ذبیح اللہ", "Zabiullah"),
    ("اللہ بخش", "Allah Bux"), ("غلام رسول", "Ghulam Rasool"), ("غلام محمد", "Gh. Muhammad"),
    ("جاوید اقبال", "Javaid Iqbal"), ("پرویز", "Pervaiz"), ("داؤد", "Dawood"), ("ایوب", "Ayoob"),
    ("یعقوب", "Yaqub"), ("یونس", "Younis"), ("عائشہ", "Aisha"), ("خدیجہ", "Khadija"),
    ("زینب", "Zainab"), ("مریم", "Mariam"), ("ذوالفقار", "Zulfikar"),
    ("فضل الرحمن", "Fazal ur Rehman"), ("نصراللہ", "Nasrullah"), ("محمد حسین", "Mohd Hussain"),
    ("چوہدری", "Chaudhary"),
]  # fmt: skip


@pytest.mark.parametrize(("urdu", "latin"), URDU_AND_LATIN)
def test_urdu_and_latin_spellings_have_equal_canonical_tokens(urdu, latin):
    assert tokens(urdu) == tokens(latin) != ()


def test_keyboard_variants_of_arabic_script_agree():
    # Arabic yeh and kaf, presentation forms, vowel marks, tatweel: all the same name.
    assert tokens("كريم") == tokens("کریم") == tokens("ﻛﺮﻳﻢ") == tokens("کَرِیم") == ("karim",)
    assert tokens("محــمد") == ("muhammad",)
    # Pashto letters: gaf with ring, yeh variants.
    assert tokens("ګل خان") == ("gul", "khan")


def test_scholarly_and_other_script_spellings_are_folded():
    assert tokens("Ḥusayn ʿAbd al-Raḥmān") == ("hussain", "abdulrahman")
    assert tokens("Мухаммад Асиф") == ("muhammad", "asif")


def test_unknown_urdu_names_are_spelled_out_and_meet_latin_on_the_phonetic_key():
    spelled = canonical_token("ژوبل")
    assert spelled.isascii() and spelled.isalpha()
    assert phonetic_key("کاشان") == phonetic_key("Kashan")


# --- relations inside the name field -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("Muhammad Asif s/o Gul Khan", "s/o"),
        ("MUHAMMAD ASIF S/O GUL KHAN", "s/o"),
        ("Muhammad Asif s.o. Gul Khan", "s/o"),
        ("Muhammad Asif S/O.Gul Khan", "s/o"),
        ("Muhammad Asif son of Gul Khan", "s/o"),
        ("Muhammad Asif bin Gul Khan", "s/o"),
        ("Muhammad Asif ibn Gul Khan", "s/o"),
        ("Muhammad Asif walad Gul Khan", "s/o"),
        ("محمد آصف ولد گل خان", "s/o"),
        ("محمد آصف بن گل خان", "s/o"),
        ("Muhammad Asif d/o Gul Khan", "d/o"),
        ("Muhammad Asif bint Gul Khan", "d/o"),
        ("محمد آصف دختر گل خان", "d/o"),
        ("Muhammad Asif w/o Gul Khan", "w/o"),
        ("Muhammad Asif wife of Gul Khan", "w/o"),
        ("محمد آصف زوجہ گل خان", "w/o"),
        ("محمد آصف ولدیت گل خان", "s/o"),
        ("محمد آصف پسر گل خان", "s/o"),
    ],
)
def test_relation_markers_split_own_and_father_names(text, relation):
    parsed = parse_name(text)
    assert parsed.tokens == ("muhammad", "asif")
    assert parsed.father_tokens == ("gul", "khan")
    assert parsed.relation == relation


def test_the_address_after_r_o_is_dropped_and_reported():
    parsed = parse_name("Muhammad Asif s/o Late Haji Gul Khan r/o House 12 Kohat")
    assert parsed.tokens == ("muhammad", "asif") and parsed.father_tokens == ("gul", "khan")
    assert set(parsed.father_honorifics) == {"late", "haji"}
    assert parsed.problems == ("address after r/o dropped",)
    urdu = parse_name("محمد آصف ولد گل خان سکنہ کوہاٹ")
    assert urdu.father_tokens == ("gul", "khan") and urdu.problems == ("address after r/o dropped",)


def test_bin_in_front_is_a_name_not_a_marker():
    assert parse_name("Bin Yamin Khan").relation == ""
    assert parse_name("Osama bin Laden").father_tokens == ("laden",)


def test_aliases_and_bracketed_words_are_dropped_and_reported():
    parsed = parse_name("Asif alias Pappu s/o Gul")
    assert (parsed.tokens, parsed.father_tokens) == (("asif",), ("gul",))
    assert parsed.problems == ("alias dropped",)
    assert parse_name("Asif @ Chhota").tokens == ("asif",)
    urdu = parse_name("محمد آصف المعروف پپو ولد گل خان")
    assert (urdu.tokens, urdu.father_tokens) == (("muhammad", "asif"), ("gul", "khan"))
    driver = parse_name("Asif Khan (Driver)")
    assert driver.tokens == ("asif", "khan") and driver.problems == ("bracketed text dropped",)
    late = parse_name("Gul Khan (Late)")
    assert late.tokens == ("gul", "khan") and late.honorifics == ("late",) and not late.problems


def test_a_marker_without_a_name_after_it_is_reported():
    parsed = parse_name("Muhammad Asif s/o")
    assert parsed.tokens == ("muhammad", "asif") and parsed.relation == ""
    assert parsed.problems == ("nothing usable after s/o",)
    only_father = parse_name("s/o Gul Khan")
    assert only_father.tokens == () and only_father.father_tokens == ("gul", "khan")
    assert only_father.problems == ("no own name before s/o",)


# --- titles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "honorifics"),
    [
        ("Haji Gul Khan", ("gul", "khan"), {"haji"}),
        ("Hajji Gul Khan", ("gul", "khan"), {"haji"}),
        ("Al-Haj Gul Khan", ("gul", "khan"), {"haji"}),
        ("Mr. Asif Khan", ("asif", "khan"), {"mr"}),
        ("Dr Asif Khan", ("asif", "khan"), {"dr"}),
        ("Maulana Fazal ur Rehman", ("fazalulrahman",), {"maulana"}),
        ("Molvi Abdul Haq", ("abdulhaq",), {"maulvi"}),
        ("Mst. Shazia Bibi", ("shazia", "bibi"), {"mussammat"}),
        ("Ch. Muhammad Aslam", ("muhammad", "aslam"), {"chaudhry"}),
        ("Mian Muhammad Nawaz", ("muhammad", "nawaz"), {"mian"}),
        ("Syed Ali Shah", ("ali", "shah"), {"syed"}),
        ("Sardar Ataullah Mengal", ("ataullah", "mengal"), {"sardar"}),
        ("Malik Riaz", ("riaz",), {"malik"}),
        ("Haji Malik Riaz Ahmad", ("riaz", "ahmad"), {"haji", "malik"}),
        ("Khan Sahib Asif", ("asif",), {"khan sahib"}),
        ("Asif Khan Sahib", ("asif", "khan"), {"sahib"}),
        ("حاجی ملک ریاض", ("riaz",), {"haji", "malik"}),
        ("مسماۃ شازیہ بی بی", ("shazia", "bibi"), {"mussammat"}),
    ],
)
def test_titles_are_removed_and_reported(text, expected, honorifics):
    parsed = parse_name(text)
    assert parsed.tokens == expected
    assert set(parsed.honorifics) == honorifics


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A lineage title stays when what follows would not name anyone on its own.
        ("Sardar Khan", ("sardar", "khan")),
        ("Pir Muhammad", ("pir", "muhammad")),
        ("Malik", ("malik",)),
        # Lineage titles behind the given name are family names.
        ("Riaz Malik", ("riaz", "malik")),
        ("Asif Syed", ("asif", "syed")),
        # "Sahib Khan" is a given name.
        ("Sahib Khan", ("sahib", "khan")),
    ],
)
def test_lineage_titles_that_are_names_stay(text, expected):
    assert tokens(text) == expected


def test_initials_stay_single_letter_tokens_in_written_order():
    assert tokens("M. Asif Khan") == ("m", "asif", "khan")
    assert tokens("Khan, Asif M.") == ("khan", "asif", "m")


# --- phonetic key ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group",
    [
        ("yousafzai", "yusufzai", "Yousufzay"),
        ("Mohd", "Muhammad", "محمد"),
        ("Asif", "Aasif", "آصف"),
        ("Qasim", "Kasim"),
        ("Farooq", "Pharooq"),
        ("Waseem", "Vaseem"),
        ("Shakeel", "Shakil"),
        ("Noor", "Nur"),
        ("Shah", "Sha"),
        ("Khalid", "Khaalid"),
        ("Zahoor", "Zahur"),
    ],
)
def test_phonetic_key_groups_variants(group):
    assert len({phonetic_key(token) for token in group}) == 1
    assert phonetic_key(group[0])


def test_phonetic_key_keeps_different_names_apart():
    assert phonetic_key("Asif") != phonetic_key("Arif")
    assert phonetic_key("Shah") != phonetic_key("Khan")
    assert phonetic_key("Sher") != phonetic_key("Kher")


# --- garbage -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "no name given"),
        ("   ", "no name given"),
        ("12345", "no letters in name"),
        ("😀🔥", "no letters in name"),
        ("Haji Sahib", "name has only titles"),
        ("Mr.", "name has only titles"),
    ],
)
def test_garbage_gives_no_tokens_and_a_problem(text, problem):
    parsed = parse_name(text)
    assert parsed.tokens == () and parsed.father_tokens == ()
    assert problem in parsed.problems


def test_digits_and_emoji_inside_a_name_are_dropped_and_reported():
    parsed = parse_name("Asif123 Khan 😀")
    assert parsed.tokens == ("asif", "khan")
    assert set(parsed.problems) == {"digits dropped from name", "symbols dropped from name"}


def test_odd_values_never_raise():
    assert parse_name(None).problems == ("no name given",)  # type: ignore[arg-type]
    assert parse_name(12345).tokens == ()  # type: ignore[arg-type]
    long = parse_name("Asif " * 1000)
    assert long.tokens[:1] == ("asif",)
    assert f"name longer than {MAX_LENGTH} characters; the rest was ignored" in long.problems
    assert canonical_token("") == canonical_token("123") == canonical_token(None) == ""  # type: ignore[arg-type]
    assert phonetic_key("") == phonetic_key("🙂") == ""


# --- tables -------------------------------------------------------------------------------------


def test_the_tables_are_consistent():
    assert TABLE.conflicts == ()
    for canonical in TABLE.kinds:
        assert canonical_token(canonical) == canonical, canonical
    for spelling, canonical in TABLE.latin.items():
        assert canonical_token(spelling) == canonical, spelling
    for canonical in TABLE.arabic.values():
        assert canonical in TABLE.kinds


def test_the_tables_are_broad():
    kinds = list(TABLE.kinds.values())
    assert kinds.count("given") >= 250
    assert kinds.count("clan") >= 100
    assert len(TABLE.arabic) >= 450


def test_common_tokens_hold_the_very_common_names_only():
    assert {"muhammad", "khan", "ali", "ahmad", "shah", "hussain", "gul"} <= COMMON_TOKENS
    assert not {"zulfiqar", "achakzai", "shinwari", "bilqees"} & COMMON_TOKENS
    assert {"afridi", "yousafzai", "awan", "syed", "malik"} <= CLAN_TOKENS


# --- properties ----------------------------------------------------------------------------

URDU = "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےآئۃ "
NAME_TEXT = (
    "muhammad abdul abd ur ul ud din ullah allah zai khel haji sahib khan syed malik mr shah "
    "nawaz bi bibi al el ditta gul m ch s/o d/o w/o bin alias (late) rehman zia haq abdur abdus "
    "salam sattar inayat sardar pir mian mst dr late r/o 12 - . 😀 "
    "عبد ال الرحمن محمد اللہ دتہ خان گل زئی الدین ولد بن حاجی صاحب سید"
)
NAME_WORDS = NAME_TEXT.split()
name_text = st.one_of(
    st.text(
        alphabet=st.one_of(
            st.characters(blacklist_categories=("Cs",)), st.sampled_from(URDU + "s/o. -")
        ),
        max_size=40,
    ),
    st.lists(st.sampled_from(NAME_WORDS), max_size=8).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(name_text)
def test_parse_name_never_raises_and_is_stable_on_its_own_output(text):
    parsed = parse_name(text)
    assert isinstance(parsed, ParsedName)
    for part in (parsed.tokens, parsed.father_tokens):
        assert all(token.isascii() and token.isalpha() and token.islower() for token in part)
        assert parse_name(" ".join(part)).tokens == part
        assert all(canonical_token(token) == token for token in part)
    if not parsed.tokens and not parsed.father_tokens:
        assert parsed.problems


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_canonical_token_and_phonetic_key_never_raise_and_are_stable(text):
    canonical = canonical_token(text)
    assert canonical_token(canonical) == canonical
    assert phonetic_key(canonical) == phonetic_key(text)
