"""Compile hot-path statements once per database dialect and run them straight on the driver's cursor."""

# A turn runs the same handful of statements thousands of times, and `Connection.execute` spent far more time on
# SQLAlchemy's bookkeeping around each than SQLite spent running it (see docs/decisions.md). A `Prepared`
# statement uses SQLAlchemy once, to compile the dialect's SQL and find each column type's bind and result
# processors; every later run only applies those and calls the DBAPI cursor. Everything else in the project
# uses SQLAlchemy as usual.
#
# Rules for statements made `Prepared`: every bound value is a named `bindparam` (or, for an INSERT, a column
# listed in `columns`), nothing expands at run time (no `IN` lists), and Python-side column defaults are not
# applied, so callers pass every value the row needs.

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, exc, insert
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.sql.expression import Executable

Processor = Callable[[Any], Any]
_REQUIRED = object()  # marks a bind the caller must give (a literal in the statement carries its own value)


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # bind names in the order the SQL wants them (positional paramstyles)
    positional: bool
    binds: tuple[tuple[str, Processor | None, Any], ...]  # (name, bind processor, value when not given)
    keys: tuple[str, ...]  # result column keys (SELECT only)
    results: tuple[Processor | None, ...]


class Prepared:
    """Hold a Core statement ready to run on the cursor of whatever connection it is given."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    @classmethod
    def insert(cls, table: Table, columns: Iterable[str], *, returning: str | None = None) -> Prepared:
        """Build an INSERT of the named columns, each bound under its own name (`first` gives back `returning`)."""
        statement = insert(table).values({name: bindparam(name, type_=table.c[name].type) for name in columns})
        return cls(statement.returning(table.c[returning]) if returning else statement)

    def _for(self, dialect: Dialect) -> _Compiled:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = self._compile(dialect)
        return compiled

    def _compile(self, dialect: Dialect) -> _Compiled:
        c = self.statement.compile(dialect=dialect)
        if c.literal_execute_params or c.post_compile_params:
            raise ValueError("a prepared statement cannot expand parameters at run time")
        binds = tuple(
            (name, bind.type.dialect_impl(dialect).bind_processor(dialect), _REQUIRED if bind.required else bind.value)
            for name, bind in ((n, c.binds[n]) for n in dict.fromkeys(c.bind_names.values()))
        )
        returned = list(getattr(self.statement, "exported_columns", ()))  # a SELECT's columns, or an INSERT's RETURNING
        return _Compiled(
            sql=c.string,
            names=tuple(c.positiontup or ()),
            positional=dialect.positional,
            binds=binds,
            keys=tuple(col.key for col in returned),
            results=tuple(col.type.dialect_impl(dialect).result_processor(dialect, None) for col in returned),
        )

    @staticmethod
    def _args(compiled: _Compiled, params: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        values = {}
        for name, process, default in compiled.binds:
            value = params[name] if default is _REQUIRED or name in params else default
            values[name] = process(value) if process else value
        return [values[name] for name in compiled.names] if compiled.positional else values

    def execute(self, conn: Connection, params: Mapping[str, Any]) -> int:
        """Run the statement once; return the number of rows it changed."""
        compiled = self._for(conn.dialect)
        with _cursor(conn, compiled) as cursor:
            cursor.execute(compiled.sql, self._args(compiled, params))
            return cursor.rowcount

    def executemany(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> int:
        """Run the statement once per row (one driver call); return the number of rows changed in all."""
        if not rows:
            return 0
        compiled = self._for(conn.dialect)
        with _cursor(conn, compiled) as cursor:
            cursor.executemany(compiled.sql, [self._args(compiled, row) for row in rows])
            return cursor.rowcount

    def first(self, conn: Connection, params: Mapping[str, Any]) -> dict[str, Any] | None:
        """Run a SELECT (or INSERT … RETURNING) and return its first row as a dict keyed like `Row._mapping`, or None."""
        compiled = self._for(conn.dialect)
        with _cursor(conn, compiled) as cursor:
            cursor.execute(compiled.sql, self._args(compiled, params))
            row = cursor.fetchone()
        if row is None:
            return None
        return {key: (process(value) if process else value) for key, process, value in zip(compiled.keys, compiled.results, row)}


@contextmanager
def _cursor(conn: Connection, compiled: _Compiled) -> Iterator[Any]:
    """Yield a driver cursor on the connection's transaction, raising driver errors as SQLAlchemy's."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        yield cursor
    # As `Connection.execute` would (IntegrityError and friends), so callers catch one kind.
    except dbapi_error as error:
        raise exc.DBAPIError.instance(compiled.sql, None, error, dbapi_error, dialect=conn.dialect) from error
    finally:
        cursor.close()
