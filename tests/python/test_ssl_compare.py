"""OpenSSL.SSL side by side with Debian's pyOpenSSL 23 (run in another
process): where the 0.5.1 manual is silent, we do what it does. The
``(lib, func, reason)`` lists are compared on lib and reason only: OpenSSL 3
gives pyOpenSSL no function names, while gossl reports them."""

import socket

import pytest

from OpenSSL import SSL

from ssl_helpers import path, watchdog  # noqa: F401 -- the fixture pytestmark uses

pytestmark = pytest.mark.usefixtures("watchdog")

_PRELUDE = """
import socket
from OpenSSL import SSL

def outcome(fn):
    try:
        value = fn()
    except Exception as e:
        args = e.args
        if args and isinstance(args[0], list):
            args = ([(lib, reason) for lib, _func, reason in args[0]],)
        return (type(e).__name__, args)
    return ("ok", value)
"""


def outcome(fn):
    try:
        value = fn()
    except Exception as e:
        args = e.args
        if args and isinstance(args[0], list):
            args = ([(lib, reason) for lib, _func, reason in args[0]],)
        return (type(e).__name__, args)
    return ("ok", value)


def compare(pyopenssl23, body, **values):
    """Runs *body* (which defines ``checks()``, returning a list of
    outcomes) here and under pyOpenSSL 23; returns both lists."""
    scope = {"SSL": SSL, "socket": socket, "outcome": outcome}
    scope.update(values)
    exec(body, scope)
    ours = scope["checks"]()
    theirs = pyopenssl23(_PRELUDE + body + "\nprint(checks())", **values)
    return ours, theirs


def test_context_errors_match(pyopenssl23):
    body = """
def checks():
    ctx = SSL.Context(SSL.TLS_METHOD)
    return [
        outcome(lambda: ctx.set_cipher_list(b"nonsense")),
        outcome(lambda: ctx.load_tmp_dh(dh1024)),
        outcome(lambda: ctx.load_tmp_dh(dh2048)),
        outcome(lambda: ctx.set_session_id(b"x" * 33)),
        outcome(lambda: ctx.use_certificate_file(server_pem, 7)),
        outcome(lambda: ctx.set_verify(SSL.VERIFY_PEER, "not callable")),
        outcome(lambda: ctx.set_timeout("x")),
        outcome(lambda: ctx.set_options("x")),
        outcome(lambda: ctx.set_verify_depth("x")),
        outcome(lambda: SSL.Context(99)),
        outcome(lambda: SSL.Context("x")),
        outcome(lambda: SSL.Connection("x", socket.socket())),
    ]
"""
    ours, theirs = compare(pyopenssl23, body, dh1024=path("dh1024.pem"),
                           dh2048=path("dh2048.pem"), server_pem=path("server.pem"))
    assert ours == theirs


def test_wrong_passphrase_errors_match(pyopenssl23):
    body = """
def checks():
    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.set_passwd_cb(lambda maxlen, verify, data: b"wrong")
    wrong = outcome(lambda: ctx.use_privatekey_file(key))
    ctx.set_passwd_cb(lambda maxlen, verify, data: 42)
    bad_type = outcome(lambda: ctx.use_privatekey_file(key))
    ctx.set_passwd_cb(lambda maxlen, verify, data: b"secret")
    right = outcome(lambda: ctx.use_privatekey_file(key))
    return [wrong, bad_type, right]
"""
    ours, theirs = compare(pyopenssl23, body, key=path("server-enc.key"))
    assert ours == theirs


def test_defaults_match(pyopenssl23):
    body = """
def checks():
    ctx = SSL.Context(SSL.TLS_METHOD)
    conn = SSL.Connection(ctx, socket.socket())
    result = [
        ctx.get_verify_depth(), ctx.get_verify_mode(), ctx.set_options(0),
        ctx.set_timeout(100), conn.get_cipher_list(), conn.pending(),
        bool(conn.want_read()), bool(conn.want_write()),
        conn.get_peer_certificate(), conn.get_cipher_name(),
    ]
    conn.close()
    return result
"""
    ours, theirs = compare(pyopenssl23, body)
    # The manual's default session timeout is 300 s; pyOpenSSL 23 leaves
    # OpenSSL's 7200.
    assert ours[3] == 300 and theirs[3] == 7200
    ours[3] = theirs[3] = None
    assert ours == theirs


def test_io_before_handshake_state(pyopenssl23):
    body = """
def checks():
    a, b = socket.socketpair()
    conn = SSL.Connection(SSL.Context(SSL.TLS_METHOD), a)
    result = [outcome(lambda: conn.recv(10)), outcome(lambda: conn.send(b"x")),
              outcome(conn.do_handshake), outcome(conn.shutdown)]
    a.close(); b.close()
    return result
"""
    ours, theirs = compare(pyopenssl23, body)
    assert ours == theirs
