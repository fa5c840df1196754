# Type stubs for the gigasim extension module (python/gigasim_module.cpp). Results are plain dicts
# with the keys and units of the CLI's --json (docs/): seconds (_s), GiB (_gib), watts
# (_w), megawatts (_mw), US dollars (_usd), days.
import os
from typing import Any, Literal, Mapping, Optional, Union

import numpy
import numpy.typing

# A job or scenario: a file's path, its YAML text, or a dict of the same fields.
Source = Union[str, os.PathLike[str], Mapping[str, Any]]
# One column of estimate_many: a 1-D array or list of numbers, or one number for every row.
Column = Union[numpy.typing.ArrayLike, float, int]

class InputError(ValueError):
    """Invalid input: str() is every problem, one located line each (file:line:col: field: problem; fix)."""

class Job:
    """A training job: model, cluster and parallel layout, resolved and checked."""

    @property
    def gpus(self) -> int: ...
    @property
    def model(self) -> str: ...

def catalog() -> dict[str, Any]: ...
def load_job(source: Source) -> Job: ...
def estimate(job: Union[Job, Source]) -> dict[str, Any]: ...
def search(source: Union[Job, Source], top: int = 10,
           objective: Literal["throughput", "time", "cost"] = "throughput") -> dict[str, Any]: ...
def simulate(job: Union[Job, Source], trace: Optional[Union[str, os.PathLike[str]]] = None, full: bool = False) -> dict[str, Any]: ...
def plan(scenario: Optional[Source] = None) -> dict[str, Any]: ...
def run(source: Union[Job, Source], trials: int = 1000, seed: int = 1) -> dict[str, Any]: ...
def estimate_many(base: Union[Job, Source], *, threads: int = 0, frame: Optional[bool] = None,
                  **columns: Column) -> Union[dict[str, numpy.ndarray], Any]:
    """Returns a pandas DataFrame when pandas is installed (or frame=True), else a dict of NumPy arrays."""
    ...
