"""Saving many new records of a model at once: their field checks and their insert.

What the services do per record (``full_clean``, ``save``) costs most of a bulk import's time in
Django's general machinery, although nearly every value is plain text, a number or a date. Here
each model's fields are looked at once and the common case is answered directly; any value that
is not plainly acceptable goes through Django's own code, so the outcome (and every message) is
exactly Django's.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from django.core.validators import EMPTY_VALUES, MaxLengthValidator
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.base import ModelState

from nncc.kernel.audit import jsonable

M = TypeVar("M", bound=Model)

# -- new records --------------------------------------------------------------------------------


class _Maker:
    """``model(**values)`` for the values a service passes (fields by name, a related record
    or None for a relation, ids by attribute name), without ``Model.__init__``'s round of
    checks per argument: the same attributes, defaults and cached related records, at a
    fraction of the cost, which counts when a batch makes thousands of records."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.defaults: dict[str, Any] = {}
        self.made_defaults: list[tuple[str, Callable[[], Any]]] = []
        self.relations: dict[str, str] = {}
        for field in model._meta.concrete_fields:
            if field.has_default() and callable(field.default):
                self.made_defaults.append((field.attname, field.default))
            else:
                self.defaults[field.attname] = field.get_default()
            if field.is_relation:
                self.relations[field.name] = field.attname
        self.relation_names = frozenset(self.relations)

    def __call__(self, **values: Any) -> Any:
        record = self.model.__new__(self.model)
        state = record._state = ModelState()
        attributes = record.__dict__
        attributes.update(self.defaults)
        for attname, default in self.made_defaults:
            attributes[attname] = default()  # a new list or dict for each record
        attributes.update(values)
        # The few relations given as records (created_by=user), found at C speed among the
        # names: each becomes its id and the cached related record.
        for name in self.relation_names & values.keys():
            value = attributes.pop(name)
            attributes[self.relations[name]] = None if value is None else value.pk
            state.fields_cache[name] = value
        return record


@cache
def maker(model: type[M]) -> Callable[..., M]:
    """A maker of new, unsaved records of ``model``, taking what ``model(...)`` takes."""
    return _Maker(model)


# -- field checks -------------------------------------------------------------------------------

_TEXT_TYPES = {"CharField", "TextField"}
_INTEGER_TYPES = {
    "ForeignKey",
    "BigAutoField",
    "AutoField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
}
_JSON_DEPTH = 20


_SCALARS = frozenset({str, int, float, bool, type(None)})
_TEXT_ONLY = frozenset({str})


def _plain_json(value: Any, depth: int = 0) -> bool:
    """True when ``json.dumps`` certainly takes the value (the check a JSONField makes)."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if depth > _JSON_DEPTH:
        return False
    if kind is dict:
        # The types of all keys, then of all items, gathered at C speed: a row's provenance
        # is a dict of text, answered without a call per item.
        if not {*map(type, value)} <= _TEXT_ONLY:
            return False
        items = value.values()
    elif kind is list:
        items = value
    else:
        return False
    return {*map(type, items)} <= _SCALARS or all(_plain_json(item, depth + 1) for item in items)


_STR_LIKE: dict[type, bool] = {}


def _str_like(kind: type) -> bool:
    """A text type that compares, hashes and counts as ``str`` does (a vocabulary's members,
    ``HandlingCode.RESTRICTED``): checked as its text is, as Django's ``==`` checks it."""
    found = _STR_LIKE.get(kind)
    if found is None:
        found = _STR_LIKE[kind] = issubclass(kind, str) and all(
            getattr(kind, name) is getattr(str, name) for name in ("__eq__", "__hash__", "__len__")
        )
    return found


def _acceptor(field: Any) -> Callable[[Any], bool] | None:
    """A test that is True only for values ``field.clean`` returns unchanged without complaint;
    None when the field is always left to ``field.clean``."""
    kind = field.get_internal_type()
    if not field.editable:
        return None
    if kind in _TEXT_TYPES:
        limits = [v.limit_value for v in field.validators if type(v) is MaxLengthValidator]
        if len(limits) != len(field.validators) or any(v != field.max_length for v in limits):
            return None  # a validator of another kind: Django checks it
        limit = field.max_length
        choices = None if field.choices is None else frozenset(key for key, _ in field.flatchoices)

        def text(value: Any) -> bool:
            return (
                (type(value) is str or _str_like(type(value)))
                and (limit is None or len(value) <= limit)
                and (choices is None or value in choices)
            )

        return text
    if field.validators or field.choices is not None:
        return None
    if kind == "DateTimeField":
        return lambda value: type(value) is datetime.datetime
    if kind == "DateField":
        return lambda value: type(value) is datetime.date
    if kind == "JSONField" and field.encoder is None:
        return _plain_json
    return None


#: a field's attribute name, the test of its plainly acceptable values (or None), and whether
#: it may be blank
FieldCheck = tuple[str, Callable[[Any], bool] | None, bool]
_EMPTY_CONTAINERS = (list, tuple, dict)


@cache
def _field_checks(model: type[Model]) -> tuple[FieldCheck, ...]:
    checks: list[FieldCheck] = []
    for field in model._meta.fields:
        if field.is_relation or field.generated:
            continue
        if field.empty_values == list(EMPTY_VALUES):
            checks.append((field.attname, _acceptor(field), field.blank))
        else:
            checks.append((field.attname, None, False))  # its own empties: Django checks it
    return tuple(checks)


def check_fields(record: Model) -> None:
    """The field checks ``audited_create`` makes before a save (``full_clean`` without the
    uniqueness and constraint checks), less the existence check of each foreign key: the rows
    they point at (agency, district, user, and the event and person saved with this one) are in
    hand, so checking them would only cost a query each.

    A record whose every value is plainly acceptable passes at once; any other is given to
    ``full_clean`` itself, which raises with Django's messages.
    """
    model = type(record)
    if model.clean is Model.clean:  # a model's own ``clean`` always runs in full_clean
        values = record.__dict__  # every field's value, set when the record was made
        for attname, accepts, blank in _field_checks(model):
            value = values[attname]
            # ``value in field.empty_values`` (None, "", [], (), {}); a value it would not
            # catch (an empty list of a subclass) is left to Django below.
            if value is None or value == "" or (type(value) in _EMPTY_CONTAINERS and not value):
                if blank:
                    continue  # full_clean skips it too
                break  # refused as blank (or null): Django words it
            if accepts is None or not accepts(value):
                break
        else:
            return
    relations = [f.name for f in record._meta.concrete_fields if f.is_relation]
    record.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


# -- audit snapshots ----------------------------------------------------------------------------

_PLAIN = frozenset({str, int, bool, float, type(None)})


@cache
def _snapshot_names(model: type[Model]) -> tuple[str, ...]:
    # The fields ``kernel.audit.snapshot`` takes, in its order.
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in {"created_at", "updated_at"}
    )


def record_snapshot(record: Model, extras: dict[str, Any]) -> dict[str, Any]:
    """``kernel.audit.snapshot(record, **extras)`` of a record made from checked values, for
    ``extras`` that are JSON-safe already: the same dict, without a walk through every nested
    value that is JSON-safe as it stands (a person's provenance is a whole row of text)."""
    attributes = record.__dict__
    data: dict[str, Any] = {}
    for name in _snapshot_names(type(record)):
        value = attributes[name]
        kind = type(value)
        if kind not in _PLAIN and not ((kind is dict or kind is list) and _plain_json(value)):
            value = jsonable(value)
        data[name] = value
    data.update(extras)
    return data


# -- inserts ------------------------------------------------------------------------------------


def _next_ids(model: type[Model], count: int) -> list[int] | None:
    """``count`` new primary keys of the model's table, or None where we cannot draw them."""
    connection = connections[DEFAULT_DB_ALIAS]
    assert model._meta.pk is not None
    table, column = model._meta.db_table, str(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite" and connection.in_atomic_block:
            # The batch's transaction holds SQLite's write lock (IMMEDIATE), so nobody else can
            # take these ids before we insert them; sqlite_sequence keeps ids of deleted rows
            # from being given again, as AUTOINCREMENT does.
            quote = connection.ops.quote_name  # names from the model, never from input
            cursor.execute(
                "SELECT MAX(n) FROM (SELECT seq AS n FROM sqlite_sequence WHERE name = %s "  # noqa: S608
                f"UNION ALL SELECT MAX({quote(column)}) FROM {quote(table)})",
                [table],
            )
            start = (cursor.fetchone()[0] or 0) + 1
            return list(range(start, start + count))
    return None


def _is_aware(value: Any) -> bool:
    return type(value) is datetime.datetime and value.utcoffset() is not None


_NONE = type(None)
#: a field's preparer: which value types are their own database value, and what prepares others
Preparer = tuple[Callable[[type], bool], Callable[[Any], Any]]


def _preparer(field: Any, connection: Any) -> Preparer:
    """``field.get_db_prep_save`` with a shortcut for the values whose answer is known: the
    value itself for text of a text field or an id of a key (as ``get_prep_value`` hands them
    back), and for dates, times and JSON the backend's own adapter, called directly (which is
    what ``get_db_prep_save`` comes to for them). Anything else goes the whole way."""
    kind = field.get_internal_type()
    slow = field.get_db_prep_save
    ops = connection.ops
    plain: tuple[type, ...] = ()
    if kind in _TEXT_TYPES:
        # Any text, a vocabulary's member included, is its own database value.
        return (lambda t: issubclass(t, str) or t is _NONE), lambda value: slow(value, connection)
    if kind in _INTEGER_TYPES:
        plain = (int, _NONE)  # ids of keys, counts: int(value) of an int is itself
    elif kind == "DecimalField":
        plain = (decimal.Decimal, _NONE)  # Decimal(value) of a Decimal: the same number
    elif kind == "GenericIPAddressField":
        plain = (_NONE,)
    elif kind == "DateTimeField":
        adapt_moment = ops.adapt_datetimefield_value
        if connection.vendor == "sqlite" and connection.timezone is datetime.UTC:
            # The adapter's answer for a moment in UTC (``timezone.now()``, the stamps): the
            # same moment without its zone, as text.
            def moment(value: Any) -> Any:
                if type(value) is datetime.datetime and value.tzinfo is datetime.UTC:
                    return str(value.replace(tzinfo=None))
                return adapt_moment(value) if _is_aware(value) else slow(value, connection)

            return (lambda t: t is _NONE), moment
        return (
            lambda t: t is _NONE
        ), lambda value: adapt_moment(value) if _is_aware(value) else slow(value, connection)
    elif kind == "DateField":
        adapt_day = ops.adapt_datefield_value
        return (
            (lambda t: t is _NONE),
            lambda value: (
                adapt_day(value) if type(value) is datetime.date else slow(value, connection)
            ),
        )
    elif kind == "JSONField":
        # None is SQL NULL, as JSONField.get_db_prep_save has it.
        adapt_json, encoder = ops.adapt_json_value, field.encoder
        return (
            (lambda t: t is _NONE),
            lambda value: (
                adapt_json(value, encoder)
                if type(value) in (dict, list)
                else slow(value, connection)
            ),
        )
    return (lambda t: t in plain), lambda value: slow(value, connection)


class _Table:
    """The columns of a model's table and how a record's values are prepared for them."""

    def __init__(self, model: type[Model], connection: Any) -> None:
        quote = connection.ops.quote_name  # names from the model, never from input
        fields = list(model._meta.concrete_fields)
        self.attnames = tuple(field.attname for field in fields)
        self.sql_table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(field.column) for field in fields)
        self.placeholders = ", ".join(["%s"] * len(fields))
        self.values_of = attrgetter(*self.attnames)
        self.preparers = tuple(_preparer(field, connection) for field in fields)
        # Fields that give their own value when saved (created_at, updated_at).
        self.stamped = tuple(
            (index, field)
            for index, field in enumerate(fields)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        )
        self._plans: dict[tuple[type, ...], tuple[tuple[int, Callable[[Any], Any]], ...]] = {}

    def row(
        self, record: Model, stamps: dict[int, Any], memo: dict[int, tuple[Any, Any]]
    ) -> list[Any]:
        """A record's values as the database takes them. The stamps (created_at, updated_at)
        are taken once for the records of one insert, which are saved together: the first
        record's, set on each record as its own ``pre_save`` would set them."""
        values = list(self.values_of(record))
        for index, field in self.stamped:
            stamp = stamps.get(index)
            if stamp is None:
                stamp = stamps[index] = field.pre_save(record, True)
            else:
                record.__dict__[field.attname] = stamp
            values[index] = stamp
        return self.prepared(values, memo)

    def prepared(
        self, values: list[Any], memo: dict[int, tuple[Any, Any]] | None = None
    ) -> list[Any]:
        """The values, in column order, as the database takes them. Which columns need work
        depends on the types of the values alone, so it is worked out once per set of types
        (a batch has few) and the values that are their own database value are left alone.
        With a ``memo``, a value that is the very object of a column's last prepared value
        (the time every entry of a batch shares) is not prepared again."""
        types = tuple(map(type, values))
        plan = self._plans.get(types)
        if plan is None:
            plan = tuple(
                (index, to_db)
                for index, ((as_is, to_db), kind) in enumerate(
                    zip(self.preparers, types, strict=True)
                )
                if not as_is(kind)
            )
            if len(self._plans) < 1_000:
                self._plans[types] = plan
        if memo is None:
            for index, to_db in plan:
                values[index] = to_db(values[index])
            return values
        for index, to_db in plan:
            value = values[index]
            seen = memo.get(index)
            if seen is not None and seen[0] is value:
                values[index] = seen[1]  # the very value of the row before: prepared once
            else:
                values[index] = to_db(value)
                memo[index] = (value, values[index])
        return values


_TABLES: dict[tuple[type[Model], str, str], _Table] = {}


def _table(model: type[Model], connection: Any) -> _Table:
    # Kept per database, not per connection: what it holds of the connection (its operations,
    # for the adapters) depends on the settings alone, the same for every thread's connection.
    key = (model, connection.alias, connection.vendor)
    table = _TABLES.get(key)
    if table is None:
        table = _TABLES[key] = _Table(model, connection)
    return table


def insert_all(records: list[Any]) -> None:
    """Insert new records of one model: the work of ``bulk_create`` (ids set on the records,
    field values prepared by each field), as one prepared statement run for every record.

    Building one long multi-row statement is what costs ``bulk_create`` most of its time here;
    the ids are drawn from the table's sequence first, so children and audit entries can point
    at their records as soon as the statement has run. Unlike ``bulk_create``, foreign keys are
    taken as their ids stand: the caller sets a child's parent id once the parent is inserted.
    """
    if not records:
        return
    model = type(records[0])
    connection = connections[DEFAULT_DB_ALIAS]
    ids = _next_ids(model, len(records))
    if ids is None:
        model._default_manager.bulk_create(records)
        return
    for record, pk in zip(records, ids, strict=True):
        record.pk = pk
    table = _table(model, connection)
    stamps: dict[int, Any] = {}
    memo: dict[int, tuple[Any, Any]] = {}
    _write(connection, table, (table.row(record, stamps, memo) for record in records))
    for record in records:
        record._state.adding, record._state.db = False, connection.alias


def insert_values(model: type[Model], rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows of a model given as values by attribute name (``actor_id``, ``after``), the
    primary key left out; returns their new ids. For rows that need no model instance at all
    (a batch's audit entries)."""
    if not rows:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    ids = _next_ids(model, len(rows))
    if ids is None:
        records = model._default_manager.bulk_create([model(**row) for row in rows])
        return [record.pk for record in records]
    table = _table(model, connection)
    assert model._meta.pk is not None
    pk_name = model._meta.pk.attname
    values_of = itemgetter(*table.attnames)

    def prepared(row: dict[str, Any], pk: int) -> list[Any]:
        row[pk_name] = pk
        return table.prepared(list(values_of(row)))

    _write(connection, table, (prepared(row, pk) for row, pk in zip(rows, ids, strict=True)))
    return ids


def insert_rows(model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows of a model given as tuples of values in the order of ``columns``: the
    attribute names of every column of its table but the primary key, in table order (a
    batch's audit entries, ``kernel.audit.create_entry_rows``). No model instance is made."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    ids = _next_ids(model, len(rows))
    if ids is None:
        model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows]
        )
        return
    table = _table(model, connection)
    assert model._meta.pk is not None
    at = table.attnames.index(model._meta.pk.attname)
    if (*table.attnames[:at], *table.attnames[at + 1 :]) != tuple(columns):
        raise ValueError(f"{columns} are not the columns of {model._meta.label} in table order")
    memo: dict[int, tuple[Any, Any]] = {}
    _write(
        connection,
        table,
        (
            table.prepared([*row[:at], pk, *row[at:]], memo)
            for row, pk in zip(rows, ids, strict=True)
        ),
    )


def _write(connection: Any, table: _Table, rows: Iterable[list[Any]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's own bulk load, several times faster than INSERTs.
            with cursor.cursor.copy(f"COPY {table.sql_table} ({table.columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table.sql_table} ({table.columns}) VALUES ({table.placeholders})"  # noqa: S608
            cursor.executemany(sql, list(rows))
