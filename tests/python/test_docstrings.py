"""Every public name of OpenSSL.crypto, OpenSSL.rand and OpenSSL.SSL has a
docstring of its own, so that help() documents it: each function, class and
exception in the module's ``__all__``, and each public method, property and
class attribute callable of those classes (``help(OpenSSL.SSL.Connection.recv)``
shows what recv does).

Integer constants cannot carry a docstring in Python; their meaning is in the
module docstring and the manual. They are left out here.
"""
import inspect
import pydoc

import pytest

import OpenSSL
from OpenSSL import SSL, crypto, rand

MODULES = [crypto, rand, SSL]


def own_doc(obj):
    """The docstring obj defines itself (a class's, not inherited)."""
    if inspect.isclass(obj):
        doc = obj.__dict__.get("__doc__")
    else:
        doc = getattr(obj, "__doc__", None)
    return doc.strip() if isinstance(doc, str) else ""


def public_names():
    """(dotted name, object) for every documented-able public name."""
    seen = set()
    for module in MODULES:
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isroutine(obj)):
                continue  # constants
            yield f"{module.__name__}.{name}", obj
            if not inspect.isclass(obj) or obj in seen:
                continue
            seen.add(obj)
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if inspect.isfunction(member) or isinstance(member, property):
                    yield f"{module.__name__}.{name}.{attr}", member


NAMES = sorted(public_names(), key=lambda item: item[0])


def test_modules_have_docstrings():
    for module in [OpenSSL] + MODULES:
        assert own_doc(module), module.__name__


def test_every_public_name_is_checked():
    # The manual's own names, as a floor: if a refactoring hid them from
    # __all__, this test would quietly check less.
    checked = {name for name, _ in NAMES}
    for name in ("OpenSSL.crypto.X509.get_subject", "OpenSSL.crypto.load_certificate",
                 "OpenSSL.crypto.X509Name", "OpenSSL.rand.add", "OpenSSL.SSL.Context.set_verify",
                 "OpenSSL.SSL.Connection.recv", "OpenSSL.SSL.ZeroReturnError"):
        assert name in checked
    assert len(NAMES) > 150


@pytest.mark.parametrize("name,obj", NAMES, ids=[name for name, _ in NAMES])
def test_docstring(name, obj):
    assert own_doc(obj), f"{name} has no docstring"


def test_help_shows_recv_docstring():
    text = pydoc.render_doc(SSL.Connection.recv, renderer=pydoc.plaintext)
    # help() indents the docstring: compare the words.
    assert " ".join(inspect.getdoc(SSL.Connection.recv).split()) in " ".join(text.split())
