"""The info-callback and verification values as Gossl types, through
PyGObject: Gossl.InfoWhere and Gossl.VerifyResult have OpenSSL's numbers, the
raw Gossl signals deliver them, and the OpenSSL package still hands pyOpenSSL
callbacks plain ints. The methods and options OpenSSL 3 cannot honour are
gone from Gossl, and live on only as the package's own names."""

import re
import shutil
import subprocess

import pytest

from OpenSSL import SSL, _gossl

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    client_context, path, ssl_pair, watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")

Gossl = _gossl.Gossl

# SSL.SSL_CB_* / SSL_ST_* name -> Gossl.InfoWhere member.
INFO_NAMES = {
    "SSL_CB_LOOP": "LOOP", "SSL_CB_EXIT": "EXIT", "SSL_CB_READ": "READ",
    "SSL_CB_WRITE": "WRITE", "SSL_CB_ALERT": "ALERT",
    "SSL_CB_READ_ALERT": "READ_ALERT", "SSL_CB_WRITE_ALERT": "WRITE_ALERT",
    "SSL_CB_ACCEPT_LOOP": "ACCEPT_LOOP", "SSL_CB_ACCEPT_EXIT": "ACCEPT_EXIT",
    "SSL_CB_CONNECT_LOOP": "CONNECT_LOOP", "SSL_CB_CONNECT_EXIT": "CONNECT_EXIT",
    "SSL_CB_HANDSHAKE_START": "HANDSHAKE_START", "SSL_CB_HANDSHAKE_DONE": "HANDSHAKE_DONE",
    "SSL_ST_CONNECT": "CONNECT", "SSL_ST_ACCEPT": "ACCEPT",
}


def test_info_where_values_are_openssls():
    for ssl_name, member in INFO_NAMES.items():
        assert int(getattr(Gossl.InfoWhere, member)) == getattr(SSL, ssl_name), member
    assert set(INFO_NAMES) >= {n for n in SSL.__all__ if n.startswith("SSL_CB_")}


def test_verify_result_values():
    assert int(Gossl.VerifyResult.OK) == 0
    assert int(Gossl.VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY) == 20
    assert int(Gossl.VerifyResult.HOSTNAME_MISMATCH) == 62
    assert int(Gossl.VerifyResult.EC_KEY_EXPLICIT_PARAMS) == 94


def test_signals_deliver_gossl_types():
    wheres, results = [], []
    ctx = client_context(verify=False)
    ctx._ctx.connect("info", lambda c, conn, where, ret: wheres.append(where))
    ctx._ctx.connect("verify", lambda c, conn, cert, errnum, depth, ok:
                     results.append(errnum) or ok)
    ctx._ctx.set_verify(Gossl.VerifyMode.PEER)
    with ssl_pair(client_ctx=ctx):
        pass
    assert wheres and all(isinstance(w, Gossl.InfoWhere) for w in wheres)
    assert wheres[0] & Gossl.InfoWhere.HANDSHAKE_START
    assert any(w & Gossl.InfoWhere.HANDSHAKE_DONE for w in wheres)
    assert any(w & Gossl.InfoWhere.CONNECT_LOOP == Gossl.InfoWhere.CONNECT_LOOP for w in wheres)
    assert results == [Gossl.VerifyResult.OK, Gossl.VerifyResult.OK]
    assert all(isinstance(r, Gossl.VerifyResult) for r in results)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")
def test_verify_result_matches_openssl_verify():
    """The code the verify signal gives for a certificate signed by another
    CA is the one `openssl verify` prints for it."""
    result = subprocess.run(["openssl", "verify", "-CAfile", path("ca2.pem"), path("server.pem")],
                            capture_output=True, text=True, timeout=30)
    out = result.stdout + result.stderr
    expected = int(re.search(r"error (\d+) at 0 depth", out).group(1))

    results = []
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.load_verify_locations(path("ca2.pem"))
    ctx._ctx.set_verify(Gossl.VerifyMode.PEER)
    ctx._ctx.connect("verify", lambda c, conn, cert, errnum, depth, ok:
                     results.append((errnum, depth)) or ok)
    with pytest.raises(SSL.Error):
        with ssl_pair(client_ctx=ctx):
            pass
    errnum, depth = results[0]
    assert depth == 0
    assert errnum == expected == Gossl.VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY


def test_what_cannot_work_is_gone_from_gossl():
    for name in ("SSLV2", "SSLV3"):
        assert not hasattr(Gossl.Method, name)
    for name in ("OP_SINGLE_DH_USE", "OP_EPHEMERAL_RSA", "OP_NO_SSLV2"):
        assert not hasattr(Gossl, name)
    # The package keeps the manual's names, with the manual's values.
    assert (SSL.SSLv2_METHOD, SSL.SSLv3_METHOD) == (1, 2)
    assert SSL.OP_SINGLE_DH_USE == SSL.OP_EPHEMERAL_RSA == SSL.OP_NO_SSLv2 == 0
