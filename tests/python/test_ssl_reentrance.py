"""Calls a Connection's own callbacks make on it, through ``OpenSSL.SSL``.

The verify, info, server name and ALPN select callbacks run inside the
Connection's handshake. I/O or a state change on the same Connection from
there used to crash (``do_handshake`` from a verify or server name
callback) or corrupt the record stream (``send`` from a verify callback:
"bad record mac" on the peer); pyOpenSSL 23 crashes the same way. Each such
call must raise ``SSL.Error`` at once, and the outer handshake must finish
against a real peer and carry data afterwards. Two calls Twisted makes from
its info callback are safe and allowed: ``bio_read`` on a memory Connection,
and ``set_tlsext_host_name`` before the client's hello is written.

Crashes are the class of bug here: every callback kind runs in a child
process, which tries each call in turn (one handshake each) and prints what
the call raised.
"""

import os

import pytest

from child_process import run_python
from ssl_helpers import JOIN_TIMEOUT

HERE = os.path.dirname(os.path.abspath(__file__))

CHILD = r"""
import sys
sys.path.insert(0, %(here)r)

from OpenSSL import SSL
from ssl_helpers import client_context, handshake_both, recv_exactly, server_context, ssl_pair
from test_ssl_modern import handshake, memory_pair

WHERE = sys.argv[1]
CALLS = {
    "do_handshake": lambda c, other: c.do_handshake(),
    "send": lambda c, other: c.send(b"x"),
    "write": lambda c, other: c.write(b"x"),
    "sendall": lambda c, other: c.sendall(b"xyz"),
    "recv": lambda c, other: c.recv(16),
    "read": lambda c, other: c.read(16),
    "recv_into": lambda c, other: c.recv_into(bytearray(16)),
    "shutdown": lambda c, other: c.shutdown(),
    "renegotiate": lambda c, other: c.renegotiate(),
    "set_session": lambda c, other: c.set_session(SSL.Session()),
    "set_context": lambda c, other: c.set_context(other),
    "set_tlsext_host_name": lambda c, other: c.set_tlsext_host_name(b"localhost"),
    "set_verify_hostname": lambda c, other: c.set_verify_hostname("localhost"),
    "set_alpn_protos": lambda c, other: c.set_alpn_protos([b"h2"]),
    "set_accept_state": lambda c, other: c.set_accept_state(),
    "set_connect_state": lambda c, other: c.set_connect_state(),
}
MEMORY_CALLS = {
    "bio_read": lambda c, other: drain(c),
    "bio_write": lambda c, other: c.bio_write(b"\x17\x03\x03"),
    "bio_shutdown": lambda c, other: c.bio_shutdown(),
}


def drain(conn):
    # Allowed from a handler of a memory Connection: Twisted takes what
    # OpenSSL wrote for the peer there when it aborts a handshake.
    try:
        conn.bio_read(4096)
    except SSL.WantReadError:
        pass


def contexts(probe):
    cctx = client_context(verify=False)
    sctx = server_context()
    if WHERE == "verify":
        cctx.set_verify(SSL.VERIFY_PEER, lambda conn, cert, errnum, depth, ok: probe(conn) or ok)
    elif WHERE == "info":
        cctx.set_info_callback(lambda conn, where, ret: probe(conn))
    elif WHERE == "servername":
        sctx.set_tlsext_servername_callback(probe)
    elif WHERE == "alpn-select":
        sctx.set_alpn_select_callback(lambda conn, offered: probe(conn) or offered[0])
    return cctx, sctx


def run(name, call, memory):
    result = []
    other = server_context()

    def probe(conn):
        if result:  # once, inside the handshake
            return
        try:
            call(conn, other)
        except SSL.Error as e:
            result.append(e.args[0])
        else:
            result.append(None)

    cctx, sctx = contexts(probe)
    if memory:
        client, server = memory_pair(cctx, sctx)
        client.set_tlsext_host_name(b"localhost")
        client.set_alpn_protos([b"http/1.1"])
        handshake(client, server)
        print(name, repr(result[0]), flush=True)
        return
    with ssl_pair(sctx, cctx, handshake=False) as (client, server):
        client.set_tlsext_host_name(b"localhost")
        client.set_alpn_protos([b"http/1.1"])
        handshake_both(client, server)
        client.sendall(b"ping")
        assert recv_exactly(server, 4) == b"ping"
        server.sendall(b"pong")
        assert recv_exactly(client, 4) == b"pong"
        if WHERE == "alpn-select":
            assert client.get_alpn_proto_negotiated() == b"http/1.1"
        if WHERE == "servername" and name == "set_context":
            assert server.get_context() is other
    print(name, repr(result[0]), flush=True)


for name, call in CALLS.items():
    run(name, call, False)
if WHERE in ("verify", "info"):
    for name, call in MEMORY_CALLS.items():
        run(name, call, True)
print("done")
"""

# The Gossl call each Python method makes, as the error names it.
GI_NAMES = {"write": "send", "sendall": "send_all", "read": "recv", "recv_into": "recv"}
CALLS = ["do_handshake", "send", "write", "sendall", "recv", "read", "recv_into", "shutdown",
         "renegotiate", "set_session", "set_context", "set_tlsext_host_name",
         "set_verify_hostname", "set_alpn_protos", "set_accept_state", "set_connect_state"]
MEMORY_CALLS = ["bio_read", "bio_write", "bio_shutdown"]


def expected(where, name):
    if where == "servername" and name == "set_context":
        return None  # what that callback is for
    if name == "bio_read":
        return None  # see drain()
    if where == "info" and name == "set_tlsext_host_name":
        return None  # a client's first info call is before its hello (Twisted sets it there)
    message = "Cannot call %s() from inside the connection's own %s handler" % (
        GI_NAMES.get(name, name), where)
    return [("", "", message)]


@pytest.mark.parametrize("where", ["verify", "info", "servername", "alpn-select"])
def test_calls_from_own_callback_raise(where):
    proc = run_python(CHILD % {"here": HERE}, where, capture_output=True,
                      timeout=JOIN_TIMEOUT * 6)
    out = proc.stdout.decode(errors="replace")
    err = proc.stderr.decode(errors="replace")
    assert proc.returncode == 0, "child failed after:\n%s\n%s" % (out, err)
    names = CALLS + (MEMORY_CALLS if where in ("verify", "info") else [])
    assert out.splitlines() == ["%s %r" % (name, expected(where, name)) for name in names] + [
        "done"]
