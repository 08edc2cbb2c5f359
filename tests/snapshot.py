"""A faster ``serialized_rollback`` restore on PostgreSQL, for the test run only.

Every transactional test (browser, real worker, restore drill, concurrency) starts by putting
back the rows the migrations created (roles, permissions, content types, home page, catalogue);
Django does it by deserializing its JSON copy and saving the 800 objects one by one, which took
4-7 s per test on the 2-core CI machine. Here, when Django serializes the test database (once
per xdist worker), the same tables are also copied with ``COPY ... TO STDOUT`` into memory,
and the restore of *that* copy is a ``COPY ... FROM STDIN`` per table, in one transaction, with
the deferred foreign keys checked at the end as Django does: the same rows, ids included, in a
fraction of a second. Any other data, another database or SQLite go through Django's own
``deserialize_db_from_string``, and so does a restore that fails (its transaction is rolled back
first). Installed by tests/conftest.py.
"""

import json

import psycopg
from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.backends.base.creation import BaseDatabaseCreation

_serialize = BaseDatabaseCreation.serialize_db_to_string
_deserialize = BaseDatabaseCreation.deserialize_db_from_string

#: id(serialized string) -> (the string, [(table, columns, COPY data)]); the string is kept so
#: that its id stays its own.
_COPIES: dict[int, tuple[str, list[tuple[str, list[str], bytes]]]] = {}


def _tables(data: str) -> list[str]:
    """The tables of the serialized models with their automatic many-to-many tables."""
    tables: list[str] = []
    for label in dict.fromkeys(obj["model"] for obj in json.loads(data)):
        model = apps.get_model(label)
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables.append(through._meta.db_table)
    return list(dict.fromkeys(tables))


def _take(connection, data: str) -> list[tuple[str, list[str], bytes]]:
    copies = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables(data):
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND table_schema = current_schema() AND is_generated = 'NEVER' "
                "ORDER BY ordinal_position",
                [table],
            )
            columns = [qn(row[0]) for row in cursor.fetchall()]
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {qn(table)} ({', '.join(columns)}) TO STDOUT") as copy:
                rows = b"".join(bytes(block) for block in copy)
            if rows:
                copies.append((table, columns, rows))
    return copies


def serialize_db_to_string(self):
    data = _serialize(self)
    if self.connection.vendor == "postgresql":
        _COPIES[id(data)] = (data, _take(self.connection, data))
    return data


def deserialize_db_from_string(self, data):
    kept = _COPIES.get(id(data))
    if kept is None or kept[0] is not data or self.connection.vendor != "postgresql":
        return _deserialize(self, data)
    qn = self.connection.ops.quote_name
    try:
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                raw = cursor.cursor
                for table, columns, rows in kept[1]:
                    with raw.copy(f"COPY {qn(table)} ({', '.join(columns)}) FROM STDIN") as copy:
                        copy.write(rows)
            self.connection.check_constraints(table_names=[table for table, _, _ in kept[1]])
    except (DatabaseError, psycopg.Error):  # rolled back; Django's way reports its own error
        return _deserialize(self, data)


def install() -> None:
    BaseDatabaseCreation.serialize_db_to_string = serialize_db_to_string
    BaseDatabaseCreation.deserialize_db_from_string = deserialize_db_from_string
