"""X509Store's flags, time and locations, and X509StoreContext, over a
chain made here (root -> intermediate -> leaf), side by side with Debian's
pyOpenSSL 23 where it runs."""

import datetime
import gc
import os

import pytest

from OpenSSL import crypto
from OpenSSL.crypto import (
    X509Store,
    X509StoreContext,
    X509StoreContextError,
    X509StoreFlags,
)


def _cert(cn, key, issuer=None, issuer_key=None, ca=False, serial=1, not_after=86400):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(serial)
    cert.get_subject().CN = cn
    cert.set_issuer((issuer or cert).get_subject())
    cert.gmtime_adj_notBefore(-3600)
    cert.gmtime_adj_notAfter(not_after)
    cert.set_pubkey(key)
    if ca:
        cert.add_extensions([
            crypto.X509Extension(b"basicConstraints", True, b"CA:TRUE"),
            crypto.X509Extension(b"keyUsage", True, b"keyCertSign, cRLSign"),
        ])
    else:
        cert.add_extensions([crypto.X509Extension(b"basicConstraints", False, b"CA:FALSE")])
    cert.sign(issuer_key or key, "sha256")
    return cert


def _key():
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, 2048)
    return key


@pytest.fixture(scope="module")
def chain():
    root_key, mid_key, leaf_key = _key(), _key(), _key()
    root = _cert("Test Root", root_key, ca=True)
    mid = _cert("Test Intermediate", mid_key, root, root_key, ca=True, serial=2)
    leaf = _cert("leaf", leaf_key, mid, mid_key, serial=3, not_after=3600)
    return root, mid, leaf


def _pem(cert):
    return crypto.dump_certificate(crypto.FILETYPE_PEM, cert)


# Run by both packages: each scenario verifies and reports what happened,
# as Python literals, so the two outcomes can be compared.
SCENARIOS = r'''
import datetime

def load(pem):
    return crypto.load_certificate(crypto.FILETYPE_PEM, pem)

root, mid, leaf = load(root_pem), load(mid_pem), load(leaf_pem)

def store_of(*certs):
    store = crypto.X509Store()
    for cert in certs:
        store.add_cert(cert)
    return store

def outcome(ctx, chain=False):
    try:
        if chain:
            return ["ok", [c.get_subject().CN for c in ctx.get_verified_chain()]]
        return ["ok", ctx.verify_certificate()]
    except crypto.X509StoreContextError as e:
        return ["error", str(e), e.errors, e.certificate.get_subject().CN]

def when(asn1):
    return datetime.datetime.strptime(asn1.decode(), "%Y%m%d%H%M%SZ")

results = []
results.append(outcome(crypto.X509StoreContext(store_of(root), leaf, [mid])))
results.append(outcome(crypto.X509StoreContext(store_of(root), leaf, [mid]), chain=True))
results.append(outcome(crypto.X509StoreContext(store_of(root, mid), leaf), chain=True))
results.append(outcome(crypto.X509StoreContext(store_of(root), leaf)))
results.append(outcome(crypto.X509StoreContext(store_of(root), leaf, [])))
results.append(outcome(crypto.X509StoreContext(store_of(), root)))
results.append(outcome(crypto.X509StoreContext(store_of(), leaf, [root, mid])))
results.append(outcome(crypto.X509StoreContext(store_of(mid), leaf, [root, mid])))
results.append(outcome(crypto.X509StoreContext(store_of(root), leaf, [root, leaf, mid]), chain=True))

partial = store_of(mid)
ctx = crypto.X509StoreContext(partial, leaf)
results.append(outcome(ctx))
partial.set_flags(crypto.X509StoreFlags.PARTIAL_CHAIN)
results.append(outcome(ctx, chain=True))

# A store each: pyOpenSSL 23 keeps the first time set on a store.
for moment in [when(leaf.get_notAfter()),
               when(root.get_notBefore()) - datetime.timedelta(days=1),
               when(leaf.get_notAfter()) - datetime.timedelta(seconds=60)]:
    timed = store_of(root, mid)
    timed.set_time(moment)
    results.append(outcome(crypto.X509StoreContext(timed, leaf)))

ctx = crypto.X509StoreContext(store_of(mid), leaf)
results.append(outcome(ctx))
ctx.set_store(store_of(root, mid))
results.append(outcome(ctx))

located = crypto.X509Store()
located.load_locations(cafile)
results.append(outcome(crypto.X509StoreContext(located, leaf, [mid]), chain=True))
located = crypto.X509Store()
located.load_locations(None, capath.encode())
results.append(outcome(crypto.X509StoreContext(located, leaf, [mid])))
located.load_locations(cafile.encode(), capath)
results.append(outcome(crypto.X509StoreContext(located, leaf), chain=True))

for args in [(None, None), (cafile + ".missing",), (capath,), (garbage,)]:
    try:
        crypto.X509Store().load_locations(*args)
        results.append("loaded")
    except crypto.Error:
        results.append("Error")
crypto.X509Store().load_locations(None, capath + ".missing")

for chain in [42, [mid, "not a certificate"]]:
    try:
        crypto.X509StoreContext(store_of(root), leaf, chain)
        results.append("made")
    except TypeError:
        results.append("TypeError")

flags = [getattr(crypto.X509StoreFlags, name) for name in (
    "CRL_CHECK", "CRL_CHECK_ALL", "IGNORE_CRITICAL", "X509_STRICT", "ALLOW_PROXY_CERTS",
    "POLICY_CHECK", "EXPLICIT_POLICY", "INHIBIT_MAP", "NOTIFY_POLICY", "CHECK_SS_SIGNATURE",
    "PARTIAL_CHAIN")]
results.append(flags)
print(repr(results))
'''


@pytest.fixture(scope="module")
def values(chain, tmp_path_factory):
    root, mid, leaf = chain
    base = tmp_path_factory.mktemp("locations")
    cafile = base / "root.pem"
    cafile.write_bytes(_pem(root))
    capath = base / "hashed"
    capath.mkdir()
    (capath / ("%08x.0" % mid.subject_name_hash())).write_bytes(_pem(mid))
    garbage = base / "garbage.pem"
    garbage.write_text("This is not a certificate")
    return dict(root_pem=_pem(root), mid_pem=_pem(mid), leaf_pem=_pem(leaf),
                cafile=str(cafile), capath=str(capath), garbage=str(garbage))


def _run_ours(values):
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(SCENARIOS, dict(values, crypto=crypto))
    import ast
    return ast.literal_eval(out.getvalue().strip().splitlines()[-1])


def test_scenarios_expected(values):
    results = _run_ours(values)
    local = ["error", "unable to get local issuer certificate", [20, 0,
             "unable to get local issuer certificate"], "leaf"]
    no_issuer = ["error", "unable to get issuer certificate",
                 [2, 1, "unable to get issuer certificate"], "Test Intermediate"]
    full = ["ok", ["leaf", "Test Intermediate", "Test Root"]]
    assert results[0] == ["ok", None]
    assert results[1] == full
    assert results[2] == full
    assert results[3] == local
    assert results[4] == local
    assert results[5] == ["error", "self-signed certificate",
                          [18, 0, "self-signed certificate"], "Test Root"]
    assert results[6] == ["error", "self-signed certificate in certificate chain",
                          [19, 2, "self-signed certificate in certificate chain"], "Test Root"]
    assert results[7][0] == "error"
    assert results[8] == full
    assert results[9] == no_issuer
    assert results[10] == ["ok", ["leaf", "Test Intermediate"]]
    assert results[11] == ["error", "certificate has expired",
                           [10, 0, "certificate has expired"], "leaf"]
    assert results[12][:2] == ["error", "certificate is not yet valid"]
    assert results[13] == ["ok", None]
    assert results[14] == no_issuer
    assert results[15] == ["ok", None]
    assert results[16] == full
    assert results[17] == no_issuer
    assert results[18] == full
    assert results[19:23] == ["Error", "Error", "Error", "Error"]
    assert results[23:25] == ["TypeError", "TypeError"]
    assert results[25] == [0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x400, 0x800, 0x4000, 0x80000]


def test_scenarios_match_pyopenssl23(values, pyopenssl23):
    assert _run_ours(values) == pyopenssl23(SCENARIOS, **values)


def test_error_is_an_exception_with_its_parts(chain):
    root, mid, leaf = chain
    store = X509Store()
    store.add_cert(root)
    with pytest.raises(X509StoreContextError) as info:
        X509StoreContext(store, leaf).verify_certificate()
    e = info.value
    assert isinstance(e, Exception) and not isinstance(e, crypto.Error)
    assert e.args == ("unable to get local issuer certificate",)
    assert e.errors == [20, 0, "unable to get local issuer certificate"]
    assert isinstance(e.certificate, crypto.X509)
    # A copy: the certificate reported is not the one in use.
    assert e.certificate is not leaf
    assert e.certificate.digest("sha256") == leaf.digest("sha256")
    made = X509StoreContextError("message", [1, 2, "message"], leaf)
    assert str(made) == "message" and made.certificate is leaf


def test_context_keeps_its_certificates(chain):
    root, mid, leaf = chain
    store = X509Store()
    store.add_cert(root)
    untrusted = [crypto.load_certificate(crypto.FILETYPE_PEM, _pem(mid))]
    ctx = X509StoreContext(store, crypto.load_certificate(crypto.FILETYPE_PEM, _pem(leaf)),
                           chain=untrusted)
    del untrusted, store
    gc.collect()
    assert ctx.verify_certificate() is None
    assert [c.get_subject().CN for c in ctx.get_verified_chain()] == [
        "leaf", "Test Intermediate", "Test Root"]


@pytest.mark.parametrize("make", [
    lambda store, leaf: X509StoreContext("not a store", leaf),
    lambda store, leaf: X509StoreContext(None, leaf),
    lambda store, leaf: X509StoreContext(store, "not a certificate"),
    lambda store, leaf: X509StoreContext(store, None),
    lambda store, leaf: X509StoreContext(store, leaf, chain=[None]),
    lambda store, leaf: X509StoreContext(store, leaf, chain=object()),
])
def test_context_wrong_types(chain, make):
    with pytest.raises(TypeError):
        make(X509Store(), chain[2])


def test_set_store_wrong_type(chain):
    root, mid, leaf = chain
    ctx = X509StoreContext(X509Store(), leaf)
    with pytest.raises(TypeError):
        ctx.set_store(None)


def test_store_argument_checks(tmp_path):
    store = X509Store()
    with pytest.raises(TypeError):
        store.set_flags("PARTIAL_CHAIN")
    with pytest.raises(TypeError):
        store.set_time(1234567890)
    with pytest.raises(TypeError):
        store.load_locations(42)
    with pytest.raises(ValueError):
        store.load_locations("nul\0in-name")
    with pytest.raises(OverflowError):
        store.set_flags(-1)
    store.set_flags(X509StoreFlags.PARTIAL_CHAIN | X509StoreFlags.CHECK_SS_SIGNATURE | 1 << 40)
    assert int(store._gstore.get_flags()) == 0x84000
    # pathlib paths work too (os.fspath).
    with pytest.raises(crypto.Error) as info:
        store.load_locations(tmp_path / "missing.pem")
    assert "missing.pem" in str(info.value)


def test_set_time_naive_is_utc(chain):
    """A naive datetime is UTC: a leaf valid until T is expired at T and
    valid a minute before, wherever the machine is."""
    root, mid, leaf = chain
    end = datetime.datetime.strptime(leaf.get_notAfter().decode(), "%Y%m%d%H%M%SZ")
    old_tz = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    try:
        store = X509Store()
        store.add_cert(root)
        store.add_cert(mid)
        store.set_time(end - datetime.timedelta(minutes=1))
        assert X509StoreContext(store, leaf).verify_certificate() is None
        store.set_time(end)
        with pytest.raises(X509StoreContextError):
            X509StoreContext(store, leaf).verify_certificate()
    finally:
        if old_tz is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old_tz


def test_set_time_again(chain):
    """Each set_time() replaces the time before (pyOpenSSL 23 keeps the
    first one)."""
    root, mid, leaf = chain
    end = datetime.datetime.strptime(leaf.get_notAfter().decode(), "%Y%m%d%H%M%SZ")
    store = X509Store()
    store.add_cert(root)
    store.add_cert(mid)
    store.set_time(end)
    with pytest.raises(X509StoreContextError) as info:
        X509StoreContext(store, leaf).verify_certificate()
    assert info.value.errors[0] == 10
    store.set_time(end - datetime.timedelta(minutes=1))
    assert X509StoreContext(store, leaf).verify_certificate() is None


def test_public_names():
    for name in ("X509StoreFlags", "X509StoreContext", "X509StoreContextError"):
        assert name in crypto.__all__
