"""The word lists memattr's components share (outcome kinds, verdicts, memory attributes, run
statuses...) and the results context keys, read from bench/protocol/vocabulary.json, which
memattr-protocol-words writes from the protocol's vocabulary.h and context_keys.h (ctest
protocol_vocabulary_json_is_current keeps it current). Python never retypes them: a list comes
from words(), a single word goes through word(), a context key through context_key(); each
fails on a word the protocol does not have.
"""
import json, os

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "bench",
                     "protocol", "vocabulary.json")
with open(_PATH, encoding="utf-8") as _f:
    _WORDS = json.load(_f)


def words(name):
    """Every word of one list, in the protocol's order, e.g. words("verdicts")."""
    return list(_WORDS[name])


def word(name, text):
    """`text`, checked to be a word of list `name`."""
    if text not in _WORDS[name]:
        raise ValueError(f"{text!r} is not one of {name} {_WORDS[name]} ({_PATH})")
    return text


def context_key(name):
    """The results context key `name` names, checked: context_key("host_kernel") is
    "memattr.host_kernel" (context_keys.h kHostKernel)."""
    return word("context_keys", "memattr." + name)
