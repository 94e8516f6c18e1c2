"""The bloc scoring engine (``SCORING.md``): pure Python, no database, no request.

    from clusters.engine import score, InputError
    output = score(data)            # the contract's output object (dict)
    result = compute(parse(data))   # the richer result the pages use

``parse`` validates one input object and refuses malformed input as a whole with an
``InputError`` naming the field as a path (``sheets[3].lines.A1``); ``compute`` ranks the
bloc, ``flags`` finds the patterns a person must look at, ``agreement`` measures how far the
peers agree (Krippendorff's alpha from the ``krippendorff`` package).
"""

from clusters.engine.compute import BlocResult, UnitResult, compute
from clusters.engine.parse import Bloc, InputError, parse


def score(data):
    """Validate and score one input object; return the contract's output object."""
    return compute(parse(data)).to_json()


__all__ = ["Bloc", "BlocResult", "InputError", "UnitResult", "compute", "parse", "score"]
