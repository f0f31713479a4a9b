"""Keying material and handshake secrets: Connection.export_keying_material()
(RFC 5705), client_random(), server_random(), master_key(), and
Context.set_keylog_callback() (NSS key log lines), checked between our two
ends and against ``openssl s_client`` (-keymatexport, -keylogfile)."""

import re
import socket
import subprocess

import pytest

from OpenSSL import SSL

from ssl_helpers import (  # noqa: F401
    JOIN_TIMEOUT, Worker, bound, client_context, handshake_both, path,
    server_context, ssl_pair, watchdog,
)

VERSIONS = {"1.2": SSL.TLS1_2_VERSION, "1.3": SSL.TLS1_3_VERSION}

TLS13_LABELS = {
    "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
    "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET",
}
NSS_LINE = re.compile(rb"^([A-Z0-9_]+) ([0-9a-f]{64}) ([0-9a-f]+)$")


def pinned(version):
    ctx = server_context()
    ctx.set_min_proto_version(VERSIONS[version])
    ctx.set_max_proto_version(VERSIONS[version])
    return ctx


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_both_ends_export_the_same_keys(version):
    with ssl_pair(pinned(version)) as (client, server):
        assert client.get_protocol_version_name() == "TLSv" + version
        plain = client.export_keying_material(b"EXPERIMENTAL-gossl", 32)
        assert len(plain) == 32
        assert plain == server.export_keying_material(b"EXPERIMENTAL-gossl", 32)
        ctx = client.export_keying_material(b"EXPERIMENTAL-gossl", 32, b"ctx")
        assert ctx == server.export_keying_material(b"EXPERIMENTAL-gossl", 32, b"ctx")
        other = client.export_keying_material(b"EXPERIMENTAL-other", 32, b"ctx")
        assert len({plain, ctx, other}) == 3
        assert client.export_keying_material(b"EXPERIMENTAL-gossl", 64)[:32] != b"\0" * 32
        # A context of bytearray is taken as bytes.
        assert client.export_keying_material(b"EXPERIMENTAL-gossl", 32, bytearray(b"ctx")) == ctx
        if version == "1.3":
            # RFC 8446 7.5: no context and an empty one are the same.
            assert client.export_keying_material(b"EXPERIMENTAL-gossl", 32, b"") == plain
        else:
            # RFC 5705: the context's presence changes the keys.
            assert client.export_keying_material(b"EXPERIMENTAL-gossl", 32, b"") != plain


def test_export_before_the_handshake_fails():
    conn = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
    with pytest.raises(SSL.Error):
        conn.export_keying_material(b"EXPERIMENTAL-gossl", 32)


@pytest.mark.parametrize("label, olen, context, exc", [
    ("text", 32, None, TypeError),
    (None, 32, None, TypeError),
    (b"nul\0label", 32, None, ValueError),
    (b"\xff\xfe", 32, None, ValueError),
    (b"L", -1, None, ValueError),
    (b"L", 3.0, None, TypeError),
    (b"L", 2**70, None, (ValueError, OverflowError)),
    (b"L", 32, "text", TypeError),
])
def test_export_bad_arguments(label, olen, context, exc):
    with ssl_pair() as (client, _):
        with pytest.raises(exc):
            client.export_keying_material(label, olen, context)


def test_export_matches_openssl_s_client():
    listener = bound(socket.socket())
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    proc = subprocess.Popen(
        ["openssl", "s_client", "-connect", "127.0.0.1:%d" % listener.getsockname()[1],
         "-CAfile", path("ca.pem"), "-keymatexport", "EXPERIMENTAL-gossl",
         "-keymatexportlen", "20"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        sock, _ = listener.accept()
        bound(sock)
        conn = SSL.Connection(server_context(), sock)
        conn.set_accept_state()
        conn.do_handshake()
        ours = conn.export_keying_material(b"EXPERIMENTAL-gossl", 20)
        conn.shutdown()
        sock.close()
        out, _ = proc.communicate(b"", timeout=JOIN_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        listener.close()
    theirs = re.search(rb"Keying material: ([0-9A-F]+)", out)
    assert theirs, out
    assert bytes.fromhex(theirs.group(1).decode()) == ours


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_randoms_and_master_key(version):
    with ssl_pair(pinned(version), handshake=False) as (client, server):
        for conn in (client, server):
            assert conn.client_random() is None
            assert conn.server_random() is None
            assert conn.master_key() is None
        handshake_both(client, server)
        assert len(client.client_random()) == len(client.server_random()) == 32
        assert client.client_random() == server.client_random()
        assert client.server_random() == server.server_random()
        assert client.client_random() != client.server_random()
        assert len(server.master_key()) == 48
        if version == "1.3":
            # The client's session gets its secret with the ticket that
            # follows the handshake.
            assert client.master_key() is None
            server.send(b"x")
            assert client.recv(1) == b"x"
        assert client.master_key() == server.master_key()


def keylog_pair(version):
    lines = []
    sctx = pinned(version)
    sctx.set_keylog_callback(lambda conn, line: lines.append((conn, line)))
    with ssl_pair(sctx) as (client, server):
        return lines, client, server


def test_keylog_tls13_lines_are_nss_format():
    lines, client, server = keylog_pair("1.3")
    assert all(conn is server for conn, _ in lines)
    parsed = [NSS_LINE.match(line) for _, line in lines]
    assert all(parsed), lines
    assert {m.group(1).decode() for m in parsed} == TLS13_LABELS
    assert {m.group(2) for m in parsed} == {client.client_random().hex().encode()}
    # SHA-256 or SHA-384 secrets.
    assert {len(m.group(3)) for m in parsed} <= {64, 96}


def test_keylog_tls12_line_holds_the_master_key():
    lines, client, server = keylog_pair("1.2")
    assert [line for _, line in lines] == [
        b"CLIENT_RANDOM %s %s" % (client.client_random().hex().encode(),
                                  server.master_key().hex().encode())]


def test_keylog_matches_openssl_s_client(tmp_path):
    """The secrets our server logs are the ones s_client logs for the same
    connection."""
    keylog = tmp_path / "keys.log"
    lines = []
    sctx = server_context()
    sctx.set_keylog_callback(lambda conn, line: lines.append(line))
    listener = bound(socket.socket())
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    proc = subprocess.Popen(
        ["openssl", "s_client", "-connect", "127.0.0.1:%d" % listener.getsockname()[1],
         "-CAfile", path("ca.pem"), "-keylogfile", str(keylog)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        sock, _ = listener.accept()
        bound(sock)
        conn = SSL.Connection(sctx, sock)
        conn.set_accept_state()
        conn.do_handshake()
        conn.shutdown()
        sock.close()
        proc.communicate(b"", timeout=JOIN_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        listener.close()
    theirs = {line for line in keylog.read_bytes().splitlines()
              if line and not line.startswith(b"#")}
    assert {NSS_LINE.match(line).group(1).decode() for line in lines} == TLS13_LABELS
    assert set(lines) == theirs


def test_keylog_exception_comes_out_of_the_handshake():
    class Boom(Exception):
        pass

    def keylog(conn, line):
        raise Boom(line)

    sctx = server_context()
    sctx.set_keylog_callback(keylog)
    with ssl_pair(sctx, handshake=False) as (client, server):
        worker = Worker(client.do_handshake)
        with pytest.raises(Boom):
            server.do_handshake()
        # The handshake itself went on.
        worker.result()


def test_keylog_handler_cannot_do_io_on_its_connection():
    errors = []

    def keylog(conn, line):
        try:
            conn.send(b"x")
        except SSL.Error as e:
            errors.append(str(e))

    sctx = server_context()
    sctx.set_keylog_callback(keylog)
    with ssl_pair(sctx):
        pass
    assert errors and all("keylog" in e for e in errors)


def test_keylog_callback_must_be_callable():
    with pytest.raises(TypeError):
        SSL.Context(SSL.TLS_METHOD).set_keylog_callback(None)


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_finished_messages(version):
    with ssl_pair(pinned(version), handshake=False) as (client, server):
        assert client.get_finished() is None and client.get_peer_finished() is None
        handshake_both(client, server)
        assert client.get_finished() == server.get_peer_finished()
        assert client.get_peer_finished() == server.get_finished()
        assert client.get_finished() != client.get_peer_finished()
        # TLS 1.2's verify data is 12 bytes; TLS 1.3's a SHA-256 or SHA-384 hash.
        assert len(client.get_finished()) in ((12,) if version == "1.2" else (32, 48))


def test_finished_matches_pyopenssl23_sizes(pyopenssl23):
    """pyOpenSSL 23 answers None before the handshake too."""
    assert pyopenssl23("""
        from OpenSSL import SSL
        c = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
        print([c.get_finished(), c.get_peer_finished(), c.client_random(), c.master_key()])
    """) == [None, None, None, None]
