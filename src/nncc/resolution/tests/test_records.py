"""Preparing records: every field normalised; what cannot be read is dropped and reported."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nncc.resolution.blocking import blocking_keys
from nncc.resolution.records import PersonRecord, prepare


def test_identifiers_are_normalised():
    p = prepare(
        PersonRecord(
            record_id="1",
            cnics=("35202 1234567 1",),
            passports=("ab-123 4567",),
            pors=("por 123456",),
            phones=("0300-1234567",),
        )
    )
    assert p.cnics == ("3520212345671",)
    assert p.passports == ("AB1234567",)
    assert p.pors == ("POR123456",)
    assert p.phones == ("+923001234567",)
    assert p.problems == ()


def test_invalid_identifiers_are_dropped_and_reported():
    p = prepare(
        PersonRecord(record_id="1", cnics=("12345",), phones=("not a phone",), passports=("!",))
    )
    assert p.cnics == () and p.phones == () and p.passports == ()
    assert len(p.problems) == 3
    assert any("CNIC" in problem for problem in p.problems)


def test_dates_of_birth():
    assert prepare(PersonRecord("1", date_of_birth="1984-07-02")).birth_date == "1984-07-02"
    assert prepare(PersonRecord("1", date_of_birth="1984")).birth_date == "1984"
    assert prepare(PersonRecord("1", date_of_birth="02/07/1984")).birth_date == "1984-07-02"
    swapped = prepare(PersonRecord("1", date_of_birth="1995-19-11"))
    assert swapped.birth_date == "1995-11-19" and swapped.problems


def test_impossible_dates_keep_what_is_possible():
    feb_30 = prepare(PersonRecord("1", date_of_birth="1990-02-30"))
    assert feb_30.birth_year == 1990 and feb_30.birth_month is None and feb_30.problems
    for bad in ("1850", "3020-01-01", "yesterday", "19"):
        p = prepare(PersonRecord("1", date_of_birth=bad))
        assert p.birth_year is None and p.problems, bad


def test_sex_nationality_district():
    p = prepare(PersonRecord("1", sex="f", nationality="afg", district="quetta"))
    assert (p.sex, p.nationality, p.district) == ("F", "AF", "BA-QTA")
    bad = prepare(PersonRecord("1", sex="X", nationality="Narnia", district="Somewhere Else"))
    assert (bad.sex, bad.nationality) == ("", "")
    assert bad.district == "somewhere else"  # an unknown district is text, not a problem
    assert len(bad.problems) == 2


def test_father_from_the_field_or_from_s_o():
    assert prepare(PersonRecord("1", full_name="Asif Khan", father_name="Gul Khan")).father
    inline = prepare(PersonRecord("1", full_name="Asif Khan s/o Gul Khan"))
    assert inline.father and inline.name
    assert set(inline.father.tokens).isdisjoint({"asif"})


def test_husband_is_kept_apart_from_father():
    p = prepare(PersonRecord("1", full_name="Fatima Bibi w/o Asif Khan"))
    assert p.spouse and not p.father


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=40),
    st.text(max_size=20),
    st.text(max_size=15),
    st.text(max_size=15),
    st.text(max_size=15),
)
def test_prepare_never_raises(name: str, father: str, born: str, cnic: str, phone: str):
    p = prepare(
        PersonRecord(
            record_id="x",
            full_name=name,
            father_name=father,
            date_of_birth=born,
            sex=born,
            nationality=cnic,
            district=phone,
            cnics=(cnic,),
            passports=(phone,),
            pors=(cnic,),
            phones=(phone,),
        )
    )
    assert isinstance(blocking_keys(p), set)


def test_garbage_names_resolve_on_the_rest():
    p = prepare(PersonRecord("1", full_name="12345 😀", cnics=("35202-1234567-1",)))
    assert p.cnics == ("3520212345671",)
    assert "cnic:3520212345671" in blocking_keys(p)
