"""dmtx: a plain-language terminal guide to the treatment of dermatomyositis."""

# No `from __future__ import annotations`: it runs the __future__ module before dmtx.main
# can install its quiet Ctrl-C handler (see dmtx/main.py).


def __getattr__(name: str) -> str:
    # Looked up lazily: importlib.metadata costs start-up time on every run.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("dmtx")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(name)
