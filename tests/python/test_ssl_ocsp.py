"""OCSP stapling: Context.set_ocsp_server_callback(),
Context.set_ocsp_client_callback(), Connection.request_ocsp(); over
loopback sockets, and against ``openssl s_server -status_file`` and
``openssl s_client -status`` with a real OCSP response made by
``openssl ocsp``."""

import socket
import subprocess

import pytest

from OpenSSL import SSL

from ssl_helpers import (  # noqa: F401
    JOIN_TIMEOUT, OpenSSLServer, Worker, bound, client_context, handshake_both,
    path, server_context, ssl_pair, watchdog,
)


@pytest.fixture(scope="module")
def ocsp_response(tmp_path_factory):
    """A DER OCSP response from the test CA saying server.pem is good."""
    tmp = tmp_path_factory.mktemp("ocsp")
    serial = subprocess.run(
        ["openssl", "x509", "-in", path("server.pem"), "-noout", "-serial"],
        capture_output=True, text=True, check=True,
    ).stdout.strip().split("=")[1]
    (tmp / "index.txt").write_text("V\t991231235959Z\t\t%s\tunknown\t/CN=localhost\n" % serial)
    out = tmp / "response.der"
    subprocess.run(
        ["openssl", "ocsp", "-index", str(tmp / "index.txt"), "-CA", path("ca.pem"),
         "-rsigner", path("ca.pem"), "-rkey", path("ca.key"), "-issuer", path("ca.pem"),
         "-cert", path("server.pem"), "-respout", str(out), "-ndays", "1"],
        capture_output=True, check=True, timeout=JOIN_TIMEOUT,
    )
    return out


def contexts(server_cb=None, client_cb=None, server_data=None, client_data=None):
    sctx = server_context()
    cctx = client_context()
    if server_cb is not None:
        sctx.set_ocsp_server_callback(server_cb, server_data)
    if client_cb is not None:
        cctx.set_ocsp_client_callback(client_cb, client_data)
    return sctx, cctx


def staple(server_cb, client_cb=None, request=True, **data):
    """Handshakes over a socket pair; returns what the client callback got
    (a list of (conn, response, data)) and the pair."""
    got = []

    def default_client_cb(conn, response, data):
        got.append((conn, response, data))
        return True

    sctx, cctx = contexts(server_cb, client_cb or default_client_cb, **data)
    with ssl_pair(sctx, cctx, handshake=False) as (client, server):
        if request:
            client.request_ocsp()
        handshake_both(client, server)
        client.send(b"after")
        assert server.recv(5) == b"after"
        return got, client, server


def test_server_staples_what_its_callback_returns(ocsp_response):
    der = ocsp_response.read_bytes()
    seen = []

    def server_cb(conn, data):
        seen.append((conn, data))
        return der

    got, client, server = staple(server_cb, server_data="sdata", client_data=["cdata"])
    assert seen == [(server, "sdata")]
    assert got == [(client, der, ["cdata"])]


def test_nothing_asked_nothing_called():
    def never(*args):
        raise AssertionError("called")

    sctx, cctx = contexts(never, never)
    with ssl_pair(sctx, cctx):
        pass


def test_server_without_callback_client_gets_empty_bytes():
    got, _, _ = staple(None)
    assert [g[1] for g in got] == [b""]


def test_server_returning_empty_bytes_staples_nothing():
    got, _, _ = staple(lambda conn, data: b"")
    assert [g[1] for g in got] == [b""]


def test_client_returning_false_fails_the_handshake():
    sctx, cctx = contexts(lambda conn, data: b"status", lambda conn, resp, data: False)
    with ssl_pair(sctx, cctx, handshake=False) as (client, server):
        client.request_ocsp()
        server_side = []

        def serve():
            try:
                server.do_handshake()
            except SSL.Error as e:
                server_side.append(e)

        worker = Worker(serve)
        with pytest.raises(SSL.Error) as info:
            client.do_handshake()
        worker.result()
    assert "status" in str(info.value)
    assert len(server_side) == 1  # the client's alert


class Boom(Exception):
    pass


def test_exception_in_server_callback_comes_out_of_server_handshake():
    def server_cb(conn, data):
        raise Boom("server")

    sctx, cctx = contexts(server_cb, lambda conn, resp, data: True)
    with ssl_pair(sctx, cctx, handshake=False) as (client, server):
        client.request_ocsp()
        worker = Worker(server.do_handshake)
        with pytest.raises(SSL.Error):
            client.do_handshake()
        with pytest.raises(Boom, match="server"):
            worker.result()


def test_exception_in_client_callback_comes_out_of_client_handshake():
    def client_cb(conn, resp, data):
        raise Boom("client")

    sctx, cctx = contexts(lambda conn, data: b"x", client_cb)
    with ssl_pair(sctx, cctx, handshake=False) as (client, server):
        client.request_ocsp()
        worker = Worker(server.do_handshake)
        with pytest.raises(Boom, match="client"):
            client.do_handshake()
        with pytest.raises(SSL.Error):
            worker.result()


@pytest.mark.parametrize("bad", ["text", None, bytearray(b"x"), 1])
def test_server_callback_must_return_bytes(bad):
    sctx, cctx = contexts(lambda conn, data: bad, lambda conn, resp, data: True)
    with ssl_pair(sctx, cctx, handshake=False) as (client, server):
        client.request_ocsp()
        worker = Worker(server.do_handshake)
        with pytest.raises(SSL.Error):
            client.do_handshake()
        with pytest.raises(TypeError):
            worker.result()


def test_callbacks_must_be_callable():
    ctx = SSL.Context(SSL.TLS_METHOD)
    for setter in (ctx.set_ocsp_server_callback, ctx.set_ocsp_client_callback):
        with pytest.raises(TypeError):
            setter(b"not callable")


def test_callback_replaced_not_added():
    calls = []
    sctx = server_context()
    sctx.set_ocsp_server_callback(lambda conn, data: calls.append("first") or b"1")
    sctx.set_ocsp_server_callback(lambda conn, data: calls.append("second") or b"2")
    got = []
    cctx = client_context()
    cctx.set_ocsp_client_callback(lambda conn, resp, data: got.append(resp) or True)
    with ssl_pair(sctx, cctx, handshake=False) as (client, server):
        client.request_ocsp()
        handshake_both(client, server)
    assert calls == ["second"] and got == [b"2"]


def test_client_callback_cannot_change_its_connection():
    errors = []

    def client_cb(conn, resp, data):
        try:
            conn.request_ocsp()
        except SSL.Error as e:
            errors.append(str(e))
        return True

    staple(lambda conn, data: b"x", client_cb)
    assert len(errors) == 1 and "ocsp-status-response" in errors[0]


# --- Against the openssl command line tools ------------------------------------

def test_client_gets_openssl_s_servers_staple(ocsp_response):
    server = OpenSSLServer("-status_file", str(ocsp_response))
    sock = bound(socket.create_connection(("127.0.0.1", server.port)))
    try:
        got = []
        ctx = client_context()
        ctx.set_ocsp_client_callback(lambda conn, resp, data: got.append(resp) or True)
        conn = SSL.Connection(ctx, sock)
        conn.set_connect_state()
        conn.request_ocsp()
        conn.do_handshake()
        assert got == [ocsp_response.read_bytes()]
    finally:
        sock.close()
        server.close()


def test_openssl_s_client_reads_our_staple(ocsp_response):
    der = ocsp_response.read_bytes()
    sctx = server_context()
    sctx.set_ocsp_server_callback(lambda conn, data: der)
    listener = bound(socket.socket())
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    proc = subprocess.Popen(
        ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-status",
         "-CAfile", path("ca.pem")],
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
        out, _ = proc.communicate(b"", timeout=JOIN_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        listener.close()
    text = out.decode(errors="replace")
    assert "OCSP Response Status: successful" in text
    assert "Cert Status: good" in text
