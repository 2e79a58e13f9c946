"""The one error type a maintainer sees: `protocol.yaml:42: what is wrong; how to fix it`.

A check that finds several mistakes raises them together (`ProtocolError.many`), so a
maintainer editing in a web form fixes them all in one round instead of one per CI run.
"""
from __future__ import annotations

import logging

MAX_REPORTED = 50  # past this, more messages help no one: fix these and run again


class ProtocolError(Exception):
    def __init__(self, path: str, line: int, message: str, others: tuple["ProtocolError", ...] = ()):
        self.path = path
        self.line = line
        self.message = message
        self.errors: tuple[ProtocolError, ...] = (self,) + tuple(others)
        super().__init__("\n".join(e.first_line for e in self.errors))

    @property
    def first_line(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    @classmethod
    def many(cls, errors: list["ProtocolError"]) -> "ProtocolError":
        """Several errors as one, in file order, each once, capped at MAX_REPORTED."""
        # The same message once (equal text is an equal error), in file order.
        unique = list({e.first_line: e for e in sorted(errors, key=lambda e: e.line)}.values())
        shown = unique[:MAX_REPORTED]
        if len(unique) > MAX_REPORTED:
            last = shown[-1]
            shown.append(ProtocolError(last.path, last.line, f"... and {len(unique) - MAX_REPORTED} more "
                                       "mistakes; fix these and run the check again"))
        first, rest = shown[0], shown[1:]
        return cls(first.path, first.line, first.message, tuple(rest))


class ErrorList:
    """Collects mistakes while a check goes on; `raise_if_any` ends the check with all of them."""

    def __init__(self, path: str):
        self.path = path
        self.found: list[ProtocolError] = []

    def add(self, line: int, message: str) -> None:
        self.found.append(ProtocolError(self.path, line, message))

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self) -> None:
        if self.found:
            raise ProtocolError.many(self.found)


def notice_logger(name: str) -> logging.Logger:
    """A logger for warnings a maintainer must see that are no reason for `--strict` to fail
    the build: it logs outside the "mkdocs" logger that strict mode counts."""
    logger = logging.getLogger(name)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    return logger
