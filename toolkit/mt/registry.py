"""Engine name -> the class that implements it: one line per engine.

Classes are named as ``module:Class`` and imported only when chosen, so listing the names
(CLI help, config validation) costs no deep-translator/OpenCC import.  A class is built as
``Class(options, cfg)`` and must implement `toolkit.mt.engine.Engine`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import L10nError
from toolkit.mt.engine import Engine

if TYPE_CHECKING:
    from toolkit.config import Config

ENGINES: dict[str, str] = {
    "google": "toolkit.mt.deep:Google",
    "mymemory": "toolkit.mt.deep:MyMemory",
    "libre": "toolkit.mt.deep:Libre",
    "deepl": "toolkit.mt.deep:DeepL",
    "microsoft": "toolkit.mt.deep:Microsoft",
    "papago": "toolkit.mt.deep:Papago",
    "baidu": "toolkit.mt.deep:Baidu",
    "memory": "toolkit.mt.offline:Memory",
    "pseudo": "toolkit.mt.offline:Pseudo",
    "opencc": "toolkit.mt.offline:OpenCC",
    "llm": "toolkit.mt.llm:LLM",
}
NAMES = tuple(ENGINES)


def check_engine_name(name: str, settings: Path | None = None) -> None:
    """An unknown engine name is a usage error (asked before a run's first step writes anything, too), naming where
    the name came from: --engine, or `engine` in the `settings` file (pyproject.toml) when it came from there."""
    if name not in ENGINES:
        raise L10nError(f"{'`engine`' if settings else '--engine'}: unknown engine {name!r}; choose one of "
                        f"{', '.join(NAMES)}", settings)


def engine_class(name: str) -> type[Engine]:
    """The class of the engine called `name` (its module imported now); an unknown name is a usage error."""
    check_engine_name(name)
    module, _, attr = ENGINES[name].partition(":")
    cls: type[Engine] = getattr(importlib.import_module(module), attr)
    return cls


def make_engine(name: str, options: dict[str, str], cfg: Config) -> Engine:
    """The engine called `name`; an unknown name is a usage error."""
    engine = engine_class(name)(options, cfg)  # type: ignore[call-arg]  # (each is built as Class(options, cfg))
    assert isinstance(engine, Engine) and engine.name == name, ENGINES[name]
    return engine
