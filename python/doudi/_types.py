"""Result types of doudi's Python API: Outputs (one household's outputs)
and Failure (why one household has none)."""


class Outputs(dict):
    """One household's outputs, {name: Decimal or str}; a per-member output is
    {member index in people: value}. Also says which household, version and
    policy (its fingerprint) gave them."""

    __slots__ = ("household", "version", "fingerprint")

    def __init__(self, values, household="", version="", fingerprint=""):
        super().__init__(values)
        self.household = household
        self.version = version
        self.fingerprint = fingerprint

    def __reduce__(self):
        return (Outputs, (dict(self), self.household, self.version, self.fingerprint))


class Failure:
    """A household that could not be evaluated, as data: `code`
    ("household_error", "evaluation_error", …), `household` (its id), `row`
    (1-based place in the households given or the file; 0 when unknown),
    `field` (the input at fault, or the rule that failed; "" when not about
    one), `reason` (in plain words) and the full `message`. Falsy, so
    `[r for r in results if r]` keeps the evaluated ones."""

    __slots__ = ("code", "household", "row", "field", "reason", "message")

    def __init__(self, code, household, row, field, reason, message):
        self.code, self.household, self.row = code, household, row
        self.field, self.reason, self.message = field, reason, message

    def __bool__(self):
        return False

    def __eq__(self, other):
        return isinstance(other, Failure) and self.__reduce__()[1] == other.__reduce__()[1]

    def __hash__(self):
        return hash(self.__reduce__()[1])

    def __reduce__(self):
        return (Failure, (self.code, self.household, self.row, self.field, self.reason, self.message))

    def __repr__(self):
        return (f"Failure(code={self.code!r}, household={self.household!r}, row={self.row}, "
                f"field={self.field!r}, reason={self.reason!r})")

    def __str__(self):
        return self.message
