"""doudi.evaluate_frame: a pandas DataFrame of households in, a DataFrame
of Decimal outputs (and a column of errors) out.

What pandas gives is taken as a household file would be read, exactly:
numpy and pandas integers and booleans, str, decimal.Decimal,
datetime.date / pandas.Timestamp (and datetime64 columns) for dates, and
NaN / None / pd.NA / NaT for "not given" (the input's default applies; an
input without one is then that row's error). A float is taken only where
its shortest text has no more digits after the point than the input's scale
(900.5 for money, 3.0 for an integer) — what the file held; any other float
fails the call, naming the column and how to read it (`dtype=str`).

Without people, the frame goes through `doudi run`'s own CSV pipeline
(compiled program, worker threads), so it runs at close to the CLI's speed.
With a people frame (one row per person, a `household` column holding the
household's `id`), each household gets its members in frame order and is
evaluated through Policy.evaluate_many.
"""
import datetime
import decimal

from . import _doudi
from ._types import Failure

DateLike = object  # str "YYYY-MM-DD", datetime.date or pandas.Timestamp (see __init__.pyi)


def _date_text(date):
    if isinstance(date, str):
        return date
    if isinstance(date, datetime.datetime):
        return date.date().isoformat()
    if isinstance(date, datetime.date):
        return date.isoformat()
    raise TypeError(f"date: expected 'YYYY-MM-DD', datetime.date or pandas.Timestamp, not {type(date).__name__}")


def _scale(field):
    return field.get("scale", 0) if field else 0


def _column(name, series, field):
    """(name, kind, data, mask, scale) for _doudi._evaluate_columns."""
    import numpy as np
    import pandas as pd
    from pandas.api import types

    dtype = series.dtype
    missing = series.isna().to_numpy()
    mask = missing if missing.any() else None
    if types.is_bool_dtype(dtype):
        return (name, "bool", series.to_numpy(dtype=bool, na_value=False), mask, 0)
    if types.is_integer_dtype(dtype):
        return (name, "int", series.to_numpy(dtype="int64", na_value=0), mask, 0)
    if types.is_float_dtype(dtype):
        return (name, "float", series.to_numpy(dtype="float64", na_value=np.nan), None, _scale(field))
    if types.is_datetime64_any_dtype(dtype):
        text = series.dt.strftime("%Y-%m-%d")
        return (name, "obj", text.astype(object).where(~missing, None).tolist(), None, 0)
    values = series.astype(object)
    if mask is not None:
        values = values.where(~missing, None)
    values = values.tolist()
    if types.infer_dtype(series, skipna=True) not in ("string", "integer", "boolean", "decimal", "date"):
        # a float among other values (or values of several kinds): the same rule for floats
        values = [_float_text(name, v, field) if isinstance(v, float) else v for v in values]
    return (name, "obj", values, None, 0)


def _float_text(name, value, field):
    """A float's shortest text, when it is exact at the input's scale."""
    finite = value == value and value not in (float("inf"), float("-inf"))
    text = format(decimal.Decimal(repr(value)), "f") if finite else repr(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    digits = len(text.split(".")[1]) if "." in text else 0
    if not finite or digits > _scale(field):
        raise TypeError(f"column '{name}': the float {value!r} is not an exact figure at {_scale(field)} digit(s) "
                        f"after the point; read the column as text (pd.read_csv(..., dtype=str), or "
                        f"dtype={{'{name}': str}}) or give decimal.Decimal values")
    return text


def _failure_in_frame(f, row, household):
    where = f"row {row}" + (f" (id {household})" if household else "")
    field = f"field '{f.field}': " if f.field else ""
    return Failure(f.code, household, row, f.field, f.reason, f"{where}: {field}{f.reason}")


def _ids(households):
    if "id" in households.columns:
        ids = households["id"]
        return ids.astype(str).where(ids.notna(), None).tolist()
    return [""] * len(households)


def _result_frame(households, names, values, errors):
    import pandas as pd

    data = {}
    if "id" in households.columns:
        data["id"] = households["id"].to_numpy()
    for n, v in zip(names, values):  # numpy object arrays (from _evaluate_columns) or lists
        data[n] = pd.Series(v, index=households.index, dtype=object, copy=False)
    data["errors"] = pd.Series(errors, index=households.index, dtype=object)
    return pd.DataFrame(data, index=households.index)


def evaluate_frame(policy, households, people=None, *, date, threads=0):
    """The outputs of every row of `households` (a pandas DataFrame whose
    columns are the policy's household inputs, and optionally `id`) under the
    version in force on `date` ('YYYY-MM-DD', datetime.date or Timestamp).

    Returns a DataFrame with the same index: `id` (when given), one column
    per output (decimal.Decimal for amounts, str for names; None for a row
    that failed) — per-member outputs, with `people`, as {member index:
    value} — and `errors`: None, or a doudi.Failure (row, household id,
    field, reason) for a row that could not be evaluated. `policy` is a
    doudi.Policy or a path."""
    import pandas as pd

    if isinstance(policy, str):
        policy = _doudi.Policy.load(policy)
    date = _date_text(date)
    if not isinstance(households, pd.DataFrame):
        raise TypeError("households: expected a pandas DataFrame")
    if people is not None:
        return _evaluate_with_people(policy, households, people, date, threads)
    fields = {f["name"]: f for f in policy.inputs(date)}
    columns = [_column(n, households[n], fields.get(n)) for n in households.columns if n != "id"]
    names, values, failures = _doudi._evaluate_columns(policy, date, columns, len(households), threads)
    import numpy as np
    errors = np.full(len(households), None, dtype=object)
    if failures:
        ids = _ids(households)
        for row, f in failures:
            errors[row] = _failure_in_frame(f, row + 1, ids[row] or "")
    return _result_frame(households, names, values, errors)


def _record(row, columns, fields):
    out = {}
    for name, value in zip(columns, row):
        if value is None or value is _na() or (isinstance(value, float) and value != value):
            continue
        if isinstance(value, float):
            value = _float_text(name, value, fields.get(name))
        elif hasattr(value, "item") and hasattr(value, "dtype"):
            value = value.item()
        out[name] = value
    return out


def _na():
    import pandas as pd
    return pd.NA


def _evaluate_with_people(policy, households, people, date, threads):
    import pandas as pd

    if "id" not in households.columns:
        raise ValueError("households: with a people frame, an `id` column names each household")
    if "household" not in people.columns:
        raise ValueError("people: a `household` column holds each person's household id")
    fields = {f["name"]: f for f in policy.inputs(date)}
    members = {}
    person_columns = [c for c in people.columns if c != "household"]
    for hid, row in zip(people["household"].astype(str).tolist(), people[person_columns].itertuples(index=False)):
        members.setdefault(hid, []).append(_record(row, person_columns, fields))
    ids = _ids(households)
    known = set(ids)
    orphans = [h for h in members if h not in known]
    if orphans:
        raise ValueError(f"people: household {orphans[0]!r} is not in the households frame")
    columns = [c for c in households.columns if c != "id"]
    listed = []
    for hid, row in zip(ids, households[columns].itertuples(index=False)):
        h = _record(row, columns, fields)
        h["id"] = hid or ""
        if hid in members:
            h["people"] = members[hid]
        listed.append(h)
    results = policy.evaluate_many(listed, date, threads=threads, on_error="error")
    names = [o["name"] for o in policy.metadata(date)["version"]["outputs"]]
    names += [o["name"] for o in policy.metadata(date)["version"]["member_outputs"]]
    values = [[r.get(n) if r else None for r in results] for n in names]
    errors = [None if r else _failure_in_frame(r, i + 1, ids[i] or "") for i, r in enumerate(results)]
    return _result_frame(households, names, values, errors)
