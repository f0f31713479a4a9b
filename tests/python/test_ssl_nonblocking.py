"""Non-blocking sockets (WantReadError/WantWriteError, a select() loop) and
threads (blocking calls release the GIL)."""

import errno
import os
import select
import signal
import socket
import threading
import time

import pytest

from OpenSSL import SSL

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    Worker, client_context, listener, server_context, sha256, ssl_pair, watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")


def test_want_read_on_nonblocking_recv():
    with ssl_pair() as (client, server):
        client.setblocking(False)
        with pytest.raises(SSL.WantReadError) as info:
            client.recv(100)
        assert info.value.args == ()
        assert client.want_read() is True


def test_want_read_on_nonblocking_handshake():
    with ssl_pair(handshake=False) as (client, server):
        client.setblocking(False)
        with pytest.raises(SSL.WantReadError):
            client.do_handshake()  # ClientHello sent, nothing back yet
        assert client.want_read() is True


def test_full_nonblocking_socket_gives_want_write():
    with ssl_pair() as (client, server):
        client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        client.setblocking(False)
        chunk = b"x" * 16384
        sent = 0
        with pytest.raises(SSL.WantWriteError) as info:
            for _ in range(10000):  # the peer never reads: the buffers fill
                sent += client.send(chunk)
        assert info.value.args == ()
        assert sent > 0
        # After draining on the other side the same send goes through.
        server_total = 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            server_total += len(server.recv(65536))
            try:
                client.send(chunk)
                break
            except SSL.WantWriteError:
                continue
        else:
            pytest.fail("send never became possible again")


def _pump(conns, step, deadline):
    """Drive step(conn) for each conn until all return True, waiting in
    select() for what the Want*Error said between rounds."""
    done = set()
    wants = {}
    while True:
        for conn in conns:
            if id(conn) in done:
                continue
            try:
                if step(conn):
                    done.add(id(conn))
            except SSL.WantReadError:
                wants[id(conn)] = "r"
            except SSL.WantWriteError:
                wants[id(conn)] = "w"
        if len(done) == len(conns):
            return
        if time.monotonic() > deadline:
            raise AssertionError("select loop did not finish")
        rlist = [c for c in conns if id(c) not in done and wants[id(c)] == "r"]
        wlist = [c for c in conns if id(c) not in done and wants[id(c)] == "w"]
        select.select(rlist, wlist, [], 1.0)


def test_select_loop_handshake_and_transfer():
    payload_c = os.urandom(1 << 20)
    payload_s = os.urandom(300000)
    with ssl_pair(handshake=False) as (client, server):
        client.setblocking(False)
        server.setblocking(False)
        deadline = time.monotonic() + 30

        def handshake(conn):
            conn.do_handshake()
            return True

        _pump([client, server], handshake, deadline)
        assert client.get_cipher_name() is not None

        state = {
            id(client): {"out": memoryview(payload_c), "in": bytearray(), "expect": len(payload_s)},
            id(server): {"out": memoryview(payload_s), "in": bytearray(), "expect": len(payload_c)},
        }

        def transfer(conn):
            st = state[id(conn)]
            # Read whatever is there first, then write: never both block.
            while len(st["in"]) < st["expect"]:
                try:
                    st["in"] += conn.recv(65536)
                except SSL.WantReadError:
                    break
            while st["out"]:
                n = conn.send(st["out"][:16384])
                st["out"] = st["out"][n:]
            if len(st["in"]) < st["expect"]:
                raise SSL.WantReadError()
            return True

        _pump([client, server], transfer, deadline)
        assert sha256(state[id(server)]["in"]) == sha256(payload_c)
        assert sha256(state[id(client)]["in"]) == sha256(payload_s)

        # Clean non-blocking shutdown.
        def shutdown(conn):
            if conn.shutdown():
                return True
            try:
                conn.recv(100)
            except SSL.ZeroReturnError:
                return True
            raise SSL.WantReadError()

        _pump([client, server], shutdown, deadline)


def test_nonblocking_connect_ex_then_handshake():
    lconn = SSL.Connection(server_context(), listener())
    sock = socket.socket()
    sock.setblocking(False)
    client = SSL.Connection(client_context(), sock)
    try:
        assert client.connect_ex(lconn.getsockname()) in (0, errno.EINPROGRESS)
        conn, _ = lconn.accept()
        try:
            conn.setblocking(False)
            _pump([client, conn], lambda c: c.do_handshake() or True, time.monotonic() + 20)
            assert client.get_peer_certificate().get_subject().CN == "localhost"
        finally:
            conn.close()
    finally:
        client.close()
        lconn.close()


def _count_while(blocking_call, release, hold=0.5):
    """Runs blocking_call() in this thread while a second thread counts; a
    third releases the call after *hold* seconds. Returns the count and the
    call's result."""
    stop = threading.Event()
    counter = [0]

    def count():
        while not stop.is_set():
            counter[0] += 1

    counting = threading.Thread(target=count, daemon=True)
    counting.start()
    timer = threading.Timer(hold, release)
    timer.start()
    try:
        time.sleep(0.05)
        before = counter[0]
        result = blocking_call()
        after = counter[0]
    finally:
        stop.set()
        timer.cancel()
        counting.join(5)
    return after - before, result


def test_blocking_recv_releases_the_gil():
    with ssl_pair() as (client, server):
        count, data = _count_while(lambda: client.recv(100), lambda: server.sendall(b"late"))
        assert data == b"late"
        # With the GIL held during the wait the counter could not move at all.
        assert count > 10000, count


def test_blocking_handshake_releases_the_gil():
    with ssl_pair(handshake=False) as (client, server):
        worker = []
        count, _ = _count_while(client.do_handshake,
                                lambda: worker.append(Worker(server.do_handshake)))
        worker[0].result()
        assert count > 10000, count


def test_concurrent_connections_in_threads():
    def session(i):
        with ssl_pair() as (client, server):
            for j in range(20):
                msg = b"%d:%d" % (i, j)
                client.sendall(msg)
                assert server.recv(100) == msg
                server.sendall(msg[::-1])
                assert client.recv(100) == msg[::-1]
        return i

    workers = [Worker(session, i) for i in range(8)]
    assert sorted(w.result() for w in workers) == list(range(8))


def test_callbacks_run_on_the_calling_thread():
    threads = set()
    ctx = client_context()
    ctx.set_verify(SSL.VERIFY_PEER,
                   lambda conn, cert, errnum, depth, ok: threads.add(threading.get_ident()) or ok)
    ctx.set_info_callback(lambda conn, where, ret: threads.add(threading.get_ident()))

    def run():
        with ssl_pair(client_ctx=ctx):
            pass
        return threading.get_ident()

    ident = Worker(run).result()
    assert threads == {ident}


def test_signal_handler_exception_comes_out_of_blocking_recv():
    # Ctrl-C while blocked in recv: the handler's exception must come out of
    # recv (PyGObject would otherwise turn it into a RuntimeError).
    class Interrupted(Exception):
        pass

    def handler(signum, frame):
        raise Interrupted()

    old = signal.signal(signal.SIGUSR1, handler)
    try:
        with ssl_pair() as (client, server):
            timer = threading.Timer(0.2, signal.pthread_kill,
                                    (threading.main_thread().ident, signal.SIGUSR1))
            timer.start()
            start = time.monotonic()
            with pytest.raises(Interrupted):
                client.recv(100)
            assert time.monotonic() - start < 5
            timer.join(5)
            # The connection is still usable.
            server.sendall(b"after the signal")
            assert client.recv(100) == b"after the signal"
    finally:
        signal.signal(signal.SIGUSR1, old)
