"""The one error type a maintainer sees: `protocol.yaml:42: what is wrong; how to fix it`."""


class ProtocolError(Exception):
    def __init__(self, path: str, line: int, message: str):
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")
