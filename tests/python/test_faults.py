"""Faults through the Python package: wrong arguments, broken and hostile
peers, misuse, objects outliving their owners.

1. Every public function and method of OpenSSL.crypto, OpenSSL.rand and
   OpenSSL.SSL, each of its arguments in turn replaced by None and by values
   of the wrong type (the others valid): the call raises TypeError or
   ValueError (where None is documented as allowed: succeeds, or fails as
   the call documents for what None means), never GLib.Error,
   SSL.Error/crypto.Error, another exception or a crash. The
   table of calls is checked against the modules, so a public callable added
   later without an entry fails test_table_covers_the_api.
2. Peers that reset the TCP connection during the handshake and in the
   middle of a record, that send garbage instead of TLS, that stop sending
   (the socket's timeout ends the wait with WantReadError), the socket
   closed or shut down under an active connection, close() twice, I/O after
   close(), objects used after their owner is gone. Each ends in the
   documented exception and the process still makes the next connection
   (assert_healthy()).
"""

import contextlib
import datetime
import errno
import gc
import os
import socket
import struct
import threading
import time
import types

import pytest

from gi.repository import GLib

from OpenSSL import SSL, crypto, rand

from ssl_helpers import (  # noqa: F401 -- watchdog is a fixture
    Worker, bound, client_context, handshake_both, kill_socket, path, read,
    recv_exactly, server_context, ssl_pair, tcp_pair, watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")

PEM = crypto.FILETYPE_PEM


# --- 1. Wrong arguments ---------------------------------------------------------

class _Objects(types.SimpleNamespace):
    """Valid objects for the calls of the table, fresh for each test."""


@pytest.fixture
def objs(tmp_path):
    o = _Objects()
    o.cert = crypto.load_certificate(PEM, read("server.pem"))
    o.ca = crypto.load_certificate(PEM, read("ca.pem"))
    o.key = crypto.load_privatekey(PEM, read("server.key"))
    o.req = crypto.load_certificate_request(PEM, read("server.csr"))
    o.name = o.cert.get_subject()
    o.ext = crypto.X509Extension(b"basicConstraints", False, b"CA:FALSE")
    o.store = crypto.X509Store()
    o.p7 = crypto.load_pkcs7_data(PEM, read("pkcs7-signed.pem"))
    o.p12 = crypto.load_pkcs12(read("server.p12"), b"secret")
    o.revoked = crypto.Revoked()
    o.revoked.set_serial(b"2")
    o.revoked.set_rev_date(b"20240101000000Z")
    o.crl = crypto.CRL()
    o.crl.add_revoked(o.revoked)
    o.crl.set_lastUpdate(b"20240101000000Z")
    o.crl.sign(o.ca, o.key, b"sha256")
    o.spki = crypto.NetscapeSPKI()
    o.spki.set_pubkey(o.key)
    o.ctx = SSL.Context(SSL.TLS_METHOD)
    o.csock, o.ssock = socket.socketpair()
    o.csock.setblocking(False)
    o.conn = SSL.Connection(o.ctx, o.csock)
    o.conn.set_connect_state()
    o.mconn = SSL.Connection(o.ctx, None)
    o.mconn.set_connect_state()
    o.tmp = str(tmp_path / "file")
    with open(o.tmp, "wb") as f:
        f.write(b"x" * 64)
    yield o
    o.csock.close()
    o.ssock.close()


class _Other:
    """An object of no type any call accepts."""


# Argument kinds and the wrong values each gets besides the common ones.
_COMMON_BAD = [None, _Other(), 1.5, [1], {"k": 1}]
_KIND_BAD = {
    "int": ["1", b"1"],
    "bytes": [42],
    "str": [42],
    "path": [42],
    "callable": [42, "f"],
    "list": [42, "x", [None], [42]],
    "cert": [42, "x", "key"],   # "key": the PKey of the objects: a wrong wrapper
    "pkey": [42, "x", "cert"],
    "name": [42, "x", "cert"],
    "ctx": [42, "x", "cert"],
    "sock": ["x", "cert"],
    "buffer": [42],           # str is sent as UTF-8 (DeprecationWarning), as pyOpenSSL 23
    "number": ["1", b"1"],    # an int or a float
    "sockopt": ["1"],         # an int or a bytes-like object, as socket.setsockopt
    "address": [42],
    "session": [42, "x", "cert"],
    "store": [42, "x", "cert"],
    "datetime": [42, "x", "cert"],
    "crl": [42, "x", "cert"],
    "revoked": [42, "x", "cert"],
    "curve": [42, "prime256v1", b"prime256v1", "cert"],
}


class Case:
    """call(o) -> the callable; args(o) -> valid positional arguments;
    kinds: one per argument; nullable: argument indexes where None is
    documented as allowed; also: extra exception types the call may raise
    whatever its arguments (NotImplementedError for rand.egd)."""

    def __init__(self, name, call, args, kinds, nullable=(), also=()):
        self.name = name
        self.call = call
        self.args = args
        self.kinds = kinds
        self.nullable = frozenset(nullable)
        self.also = tuple(also)

    def __repr__(self):
        return self.name


def _set_cn(o, value):
    o.name.CN = value


CASES = [
    # --- OpenSSL.crypto: functions
    Case("crypto.load_certificate", lambda o: crypto.load_certificate,
         lambda o: [PEM, read("server.pem")], ["int", "bytes"]),
    Case("crypto.dump_certificate", lambda o: crypto.dump_certificate,
         lambda o: [PEM, o.cert], ["int", "cert"]),
    Case("crypto.load_certificate_request", lambda o: crypto.load_certificate_request,
         lambda o: [PEM, read("server.csr")], ["int", "bytes"]),
    Case("crypto.dump_certificate_request", lambda o: crypto.dump_certificate_request,
         lambda o: [PEM, o.req], ["int", "cert"]),
    Case("crypto.load_privatekey", lambda o: crypto.load_privatekey,
         lambda o: [PEM, read("server-enc.key"), b"secret"], ["int", "bytes", "bytes"],
         nullable=[2]),
    Case("crypto.dump_privatekey", lambda o: crypto.dump_privatekey,
         lambda o: [PEM, o.key, "aes-128-cbc", b"secret"], ["int", "pkey", "str", "bytes"],
         nullable=[2, 3]),
    Case("crypto.load_publickey", lambda o: crypto.load_publickey,
         lambda o: [PEM, crypto.dump_publickey(PEM, o.key)], ["int", "bytes"]),
    Case("crypto.dump_publickey", lambda o: crypto.dump_publickey,
         lambda o: [PEM, o.key], ["int", "pkey"]),
    Case("crypto.load_pkcs7_data", lambda o: crypto.load_pkcs7_data,
         lambda o: [PEM, read("pkcs7-signed.pem")], ["int", "bytes"]),
    Case("crypto.load_pkcs12", lambda o: crypto.load_pkcs12,
         lambda o: [read("server.p12"), b"secret"], ["bytes", "bytes"], nullable=[1]),
    Case("crypto.get_elliptic_curve", lambda o: crypto.get_elliptic_curve,
         lambda o: ["prime256v1"], ["str"]),
    # --- OpenSSL.crypto: constructors and methods
    Case("crypto.PKey.generate_key", lambda o: crypto.PKey().generate_key,
         lambda o: [crypto.TYPE_RSA, 1024], ["int", "int"]),
    Case("crypto.X509Name", lambda o: crypto.X509Name, lambda o: [o.name], ["name"]),
    Case("crypto.X509Name.CN=", lambda o: (lambda v: _set_cn(o, v)), lambda o: ["x"], ["str"],
         nullable=[0]),
    Case("crypto.X509Extension", lambda o: crypto.X509Extension,
         lambda o: [b"subjectKeyIdentifier", False, b"hash", o.cert, o.ca],
         # critical: any object, taken for its truth value (as pyOpenSSL)
         ["bytes", "any", "bytes", "cert", "cert"], nullable=[3, 4]),
    Case("crypto.X509Req.set_pubkey", lambda o: o.req.set_pubkey, lambda o: [o.key], ["pkey"]),
    Case("crypto.X509Req.set_version", lambda o: o.req.set_version, lambda o: [0], ["int"]),
    Case("crypto.X509Req.sign", lambda o: o.req.sign, lambda o: [o.key, "sha256"],
         ["pkey", "str"]),
    Case("crypto.X509Req.verify", lambda o: o.req.verify, lambda o: [o.key], ["pkey"]),
    Case("crypto.X509Req.add_extensions", lambda o: o.req.add_extensions,
         lambda o: [[o.ext]], ["list"]),
    Case("crypto.X509.set_issuer", lambda o: o.cert.set_issuer, lambda o: [o.name], ["name"]),
    Case("crypto.X509.set_subject", lambda o: o.cert.set_subject, lambda o: [o.name], ["name"]),
    Case("crypto.X509.set_pubkey", lambda o: o.cert.set_pubkey, lambda o: [o.key], ["pkey"]),
    Case("crypto.X509.set_serial_number", lambda o: o.cert.set_serial_number,
         lambda o: [5], ["int"]),
    Case("crypto.X509.set_version", lambda o: o.cert.set_version, lambda o: [2], ["int"]),
    Case("crypto.X509.gmtime_adj_notBefore", lambda o: o.cert.gmtime_adj_notBefore,
         lambda o: [0], ["int"]),
    Case("crypto.X509.gmtime_adj_notAfter", lambda o: o.cert.gmtime_adj_notAfter,
         lambda o: [3600], ["int"]),
    Case("crypto.X509.set_notBefore", lambda o: o.cert.set_notBefore,
         lambda o: [b"20200101000000Z"], ["bytes"]),
    Case("crypto.X509.set_notAfter", lambda o: o.cert.set_notAfter,
         lambda o: [b"20300101000000Z"], ["bytes"]),
    Case("crypto.X509.sign", lambda o: o.cert.sign, lambda o: [o.key, "sha256"],
         ["pkey", "str"]),
    Case("crypto.X509.digest", lambda o: o.cert.digest, lambda o: ["sha256"], ["str"]),
    Case("crypto.X509.add_extensions", lambda o: o.cert.add_extensions,
         lambda o: [[o.ext]], ["list"]),
    Case("crypto.X509.get_extension", lambda o: o.cert.get_extension, lambda o: [0], ["int"]),
    Case("crypto.X509Store.add_cert", lambda o: o.store.add_cert, lambda o: [o.ca], ["cert"]),
    Case("crypto.X509Store.set_flags", lambda o: o.store.set_flags,
         lambda o: [crypto.X509StoreFlags.PARTIAL_CHAIN], ["int"]),
    Case("crypto.X509Store.set_time", lambda o: o.store.set_time,
         lambda o: [datetime.datetime(2020, 1, 1)], ["datetime"]),
    Case("crypto.X509Store.load_locations", lambda o: o.store.load_locations,
         lambda o: [path("ca.pem"), None], ["path", "path"], nullable=[0, 1]),
    Case("crypto.X509StoreContext", lambda o: crypto.X509StoreContext,
         lambda o: [o.store, o.cert, [o.ca]], ["store", "cert", "list"], nullable=[2]),
    Case("crypto.X509StoreContext.set_store",
         lambda o: crypto.X509StoreContext(o.store, o.cert).set_store,
         lambda o: [o.store], ["store"]),
    Case("crypto.PKCS12.set_certificate", lambda o: o.p12.set_certificate,
         lambda o: [o.cert], ["cert"], nullable=[0]),
    Case("crypto.PKCS12.set_privatekey", lambda o: o.p12.set_privatekey,
         lambda o: [o.key], ["pkey"], nullable=[0]),
    Case("crypto.PKCS12.set_ca_certificates", lambda o: o.p12.set_ca_certificates,
         lambda o: [[o.ca]], ["list"], nullable=[0]),
    Case("crypto.PKCS12.set_friendlyname", lambda o: o.p12.set_friendlyname,
         lambda o: [b"name"], ["bytes"], nullable=[0]),
    Case("crypto.load_crl", lambda o: crypto.load_crl,
         lambda o: [PEM, crypto.dump_crl(PEM, o.crl)], ["int", "bytes"]),
    Case("crypto.dump_crl", lambda o: crypto.dump_crl, lambda o: [PEM, o.crl], ["int", "crl"]),
    Case("crypto.Revoked.set_serial", lambda o: o.revoked.set_serial, lambda o: [b"3ab"],
         ["bytes"]),
    Case("crypto.Revoked.set_reason", lambda o: o.revoked.set_reason, lambda o: [b"superseded"],
         ["bytes"], nullable=[0]),
    Case("crypto.Revoked.set_rev_date", lambda o: o.revoked.set_rev_date,
         lambda o: [b"20240101000000Z"], ["bytes"]),
    Case("crypto.CRL.add_revoked", lambda o: o.crl.add_revoked, lambda o: [o.revoked],
         ["revoked"]),
    Case("crypto.CRL.set_version", lambda o: o.crl.set_version, lambda o: [1], ["int"]),
    Case("crypto.CRL.set_lastUpdate", lambda o: o.crl.set_lastUpdate,
         lambda o: [b"20240101000000Z"], ["bytes"]),
    Case("crypto.CRL.set_nextUpdate", lambda o: o.crl.set_nextUpdate,
         lambda o: [b"20340101000000Z"], ["bytes"]),
    Case("crypto.CRL.sign", lambda o: o.crl.sign, lambda o: [o.ca, o.key, b"sha256"],
         ["cert", "pkey", "bytes"]),
    Case("crypto.CRL.export", lambda o: o.crl.export,
         lambda o: [o.ca, o.key, PEM, 10, b"sha256"], ["cert", "pkey", "int", "int", "bytes"]),
    Case("crypto.X509Store.add_crl", lambda o: o.store.add_crl, lambda o: [o.crl], ["crl"]),
    Case("crypto.PKCS12.export", lambda o: o.p12.export,
         lambda o: [b"pw", 2048, 1], ["bytes", "int", "int"], nullable=[0]),
    Case("crypto.NetscapeSPKI.sign", lambda o: o.spki.sign,
         lambda o: [o.key, "sha256"], ["pkey", "str"]),
    Case("crypto.NetscapeSPKI.verify", lambda o: o.spki.verify,
         lambda o: [o.key], ["pkey"]),
    Case("crypto.NetscapeSPKI.set_pubkey", lambda o: o.spki.set_pubkey,
         lambda o: [o.key], ["pkey"]),
    Case("crypto.sign", lambda o: crypto.sign,
         lambda o: [o.key, b"data", "sha256"], ["pkey", "buffer", "str"]),
    Case("crypto.verify", lambda o: crypto.verify,
         lambda o: [o.cert, crypto.sign(o.key, b"data", "sha256"), b"data", "sha256"],
         ["cert", "bytes", "buffer", "str"]),
    # --- OpenSSL.rand
    Case("rand.add", lambda o: rand.add, lambda o: [b"seed", 2.0], ["bytes", "number"]),
    Case("rand.seed", lambda o: rand.seed, lambda o: [b"seed"], ["bytes"]),
    Case("rand.bytes", lambda o: rand.bytes, lambda o: [16], ["int"]),
    Case("rand.load_file", lambda o: rand.load_file, lambda o: [o.tmp, 16], ["path", "int"]),
    Case("rand.write_file", lambda o: rand.write_file, lambda o: [o.tmp], ["path"]),
    Case("rand.egd", lambda o: rand.egd, lambda o: [o.tmp, 16], ["path", "int"],
         also=[NotImplementedError]),
    # --- OpenSSL.SSL: Context
    Case("SSL.Context", lambda o: SSL.Context, lambda o: [SSL.TLS_METHOD], ["int"]),
    Case("SSL.Context.load_client_ca", lambda o: o.ctx.load_client_ca,
         lambda o: [path("ca.pem")], ["path"]),
    Case("SSL.Context.load_tmp_dh", lambda o: o.ctx.load_tmp_dh,
         lambda o: [path("dh2048.pem")], ["path"]),
    Case("SSL.Context.load_verify_locations", lambda o: o.ctx.load_verify_locations,
         lambda o: [path("ca.pem"), None], ["path", "path"], nullable=[0, 1]),
    Case("SSL.Context.set_cipher_list", lambda o: o.ctx.set_cipher_list,
         lambda o: ["HIGH"], ["str"]),
    Case("SSL.Context.set_tmp_ecdh", lambda o: o.ctx.set_tmp_ecdh,
         lambda o: [crypto.get_elliptic_curve("prime256v1")], ["curve"]),
    Case("SSL.Context.set_info_callback", lambda o: o.ctx.set_info_callback,
         lambda o: [lambda c, w, r: None], ["callable"], nullable=[0]),
    Case("SSL.Context.set_mode", lambda o: o.ctx.set_mode,
         lambda o: [SSL.MODE_RELEASE_BUFFERS], ["int"]),
    Case("SSL.Context.set_session_cache_mode", lambda o: o.ctx.set_session_cache_mode,
         lambda o: [SSL.SESS_CACHE_OFF], ["int"]),
    Case("SSL.Context.add_extra_chain_cert", lambda o: o.ctx.add_extra_chain_cert,
         lambda o: [o.cert], ["cert"]),
    Case("SSL.Context.set_options", lambda o: o.ctx.set_options,
         lambda o: [SSL.OP_NO_SSLv3], ["int"]),
    Case("SSL.Context.set_passwd_cb", lambda o: o.ctx.set_passwd_cb,
         lambda o: [lambda r, u: b"secret", None], ["callable", "any"]),
    Case("SSL.Context.set_session_id", lambda o: o.ctx.set_session_id,
         lambda o: [b"session"], ["bytes"]),
    Case("SSL.Context.set_timeout", lambda o: o.ctx.set_timeout, lambda o: [60], ["int"]),
    Case("SSL.Context.set_verify", lambda o: o.ctx.set_verify,
         lambda o: [SSL.VERIFY_PEER, lambda *a: True], ["int", "callable"], nullable=[1]),
    Case("SSL.Context.set_verify_depth", lambda o: o.ctx.set_verify_depth,
         lambda o: [3], ["int"]),
    Case("SSL.Context.use_certificate", lambda o: o.ctx.use_certificate,
         lambda o: [o.cert], ["cert"]),
    Case("SSL.Context.use_certificate_chain_file", lambda o: o.ctx.use_certificate_chain_file,
         lambda o: [path("server.pem")], ["path"]),
    Case("SSL.Context.use_certificate_file", lambda o: o.ctx.use_certificate_file,
         lambda o: [path("server.pem"), SSL.FILETYPE_PEM], ["path", "int"]),
    Case("SSL.Context.use_privatekey", lambda o: o.ctx.use_privatekey,
         lambda o: [o.key], ["pkey"]),
    Case("SSL.Context.use_privatekey_file", lambda o: o.ctx.use_privatekey_file,
         lambda o: [path("server.key"), SSL.FILETYPE_PEM], ["path", "int"]),
    Case("SSL.Context.set_app_data", lambda o: o.ctx.set_app_data, lambda o: [1], ["any"]),
    Case("SSL.Context.set_min_proto_version", lambda o: o.ctx.set_min_proto_version,
         lambda o: [SSL.TLS1_2_VERSION], ["int"]),
    Case("SSL.Context.set_max_proto_version", lambda o: o.ctx.set_max_proto_version,
         lambda o: [SSL.TLS1_3_VERSION], ["int"]),
    Case("SSL.Context.set_tlsext_servername_callback",
         lambda o: o.ctx.set_tlsext_servername_callback, lambda o: [lambda c: None], ["callable"]),
    Case("SSL.Context.set_alpn_protos", lambda o: o.ctx.set_alpn_protos,
         lambda o: [[b"h2", b"http/1.1"]], ["list"]),
    Case("SSL.Context.set_alpn_select_callback", lambda o: o.ctx.set_alpn_select_callback,
         lambda o: [lambda c, p: p[0]], ["callable"]),
    Case("SSL.Context.set_ocsp_server_callback", lambda o: o.ctx.set_ocsp_server_callback,
         lambda o: [lambda c, d: b"", None], ["callable", "any"]),
    Case("SSL.Context.set_ocsp_client_callback", lambda o: o.ctx.set_ocsp_client_callback,
         lambda o: [lambda c, r, d: True, None], ["callable", "any"]),
    Case("SSL.Context.set_keylog_callback", lambda o: o.ctx.set_keylog_callback,
         lambda o: [lambda c, line: None], ["callable"]),
    Case("SSL.Context.set_cookie_generate_callback",
         lambda o: o.ctx.set_cookie_generate_callback, lambda o: [lambda c: b"c"], ["callable"]),
    Case("SSL.Context.set_cookie_verify_callback",
         lambda o: o.ctx.set_cookie_verify_callback, lambda o: [lambda c, k: True], ["callable"]),
    # --- OpenSSL.SSL: Connection (non-blocking, no peer: I/O that starts
    # raises WantReadError, which the checks below refuse)
    Case("SSL.Connection", lambda o: SSL.Connection, lambda o: [o.ctx, o.csock],
         ["ctx", "sock"], nullable=[1]),  # None: a memory Connection
    Case("SSL.Connection.recv", lambda o: o.conn.recv, lambda o: [1024, 0], ["int", "int"],
         nullable=[1]),
    Case("SSL.Connection.read", lambda o: o.conn.read, lambda o: [1024, 0], ["int", "int"],
         nullable=[1]),
    Case("SSL.Connection.recv_into", lambda o: o.conn.recv_into,
         lambda o: [bytearray(16), 16, 0], ["buffer", "int", "int"], nullable=[1, 2]),
    Case("SSL.Connection.send", lambda o: o.conn.send, lambda o: [b"data", 0], ["buffer", "any"]),
    Case("SSL.Connection.write", lambda o: o.conn.write, lambda o: [b"data", 0], ["buffer", "any"]),
    Case("SSL.Connection.sendall", lambda o: o.conn.sendall, lambda o: [b"data", 0],
         ["buffer", "any"]),
    Case("SSL.Connection.set_shutdown", lambda o: o.conn.set_shutdown, lambda o: [0], ["int"]),
    Case("SSL.OpenSSL_version", lambda o: SSL.OpenSSL_version,
         lambda o: [SSL.OPENSSL_VERSION], ["int"]),
    Case("SSL.SSLeay_version", lambda o: SSL.SSLeay_version,
         lambda o: [SSL.SSLEAY_VERSION], ["int"]),
    Case("SSL.Connection.set_app_data", lambda o: o.conn.set_app_data, lambda o: [1], ["any"]),
    Case("SSL.Connection.bind", lambda o: o.conn.bind, lambda o: ["\0gossl-test"], ["address"]),
    Case("SSL.Connection.connect", lambda o: o.conn.connect, lambda o: ["\0gossl-test"],
         ["address"]),
    Case("SSL.Connection.connect_ex", lambda o: o.conn.connect_ex, lambda o: ["\0gossl-test"],
         ["address"]),
    Case("SSL.Connection.listen", lambda o: o.conn.listen, lambda o: [1], ["int"]),
    Case("SSL.Connection.getsockopt", lambda o: o.conn.getsockopt,
         lambda o: [socket.SOL_SOCKET, socket.SO_TYPE], ["int", "int"]),
    Case("SSL.Connection.setsockopt", lambda o: o.conn.setsockopt,
         lambda o: [socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1], ["int", "int", "sockopt"]),
    Case("SSL.Connection.setblocking", lambda o: o.conn.setblocking, lambda o: [False], ["any"]),
    Case("SSL.Connection.sock_shutdown", lambda o: o.conn.sock_shutdown,
         lambda o: [socket.SHUT_RD], ["int"]),
    Case("SSL.Connection.set_context", lambda o: o.conn.set_context, lambda o: [o.ctx], ["ctx"]),
    Case("SSL.Connection.set_tlsext_host_name", lambda o: o.conn.set_tlsext_host_name,
         lambda o: [b"localhost"], ["bytes"]),
    Case("SSL.Connection.set_verify_hostname", lambda o: o.conn.set_verify_hostname,
         lambda o: ["localhost"], ["str"], nullable=[0]),
    Case("SSL.Connection.set_alpn_protos", lambda o: o.conn.set_alpn_protos,
         lambda o: [[b"h2"]], ["list"]),
    Case("SSL.Connection.set_session", lambda o: o.conn.set_session, lambda o: [None],
         ["session"]),
    Case("SSL.Connection.bio_write", lambda o: o.mconn.bio_write, lambda o: [b"\x16\x03"],
         ["buffer"]),
    Case("SSL.Connection.bio_read", lambda o: o.mconn.bio_read, lambda o: [16], ["int"]),
    # Before the handshake: the valid call raises SSL.Error, the wrong ones
    # must not get that far.
    Case("SSL.Connection.export_keying_material", lambda o: o.mconn.export_keying_material,
         lambda o: [b"EXPERIMENTAL-x", 16, None], ["bytes", "int", "bytes"], nullable=[2]),
    Case("SSL.Connection.set_ciphertext_mtu", lambda o: o.mconn.set_ciphertext_mtu,
         lambda o: [1200], ["int"]),
    Case("SSL.Connection.makefile", lambda o: o.conn.makefile, lambda o: ["r"], ["any"],
         also=[NotImplementedError]),
    Case("SSL.Context.set_client_ca_list", lambda o: o.ctx.set_client_ca_list,
         lambda o: [[o.name]], ["list"]),
    Case("SSL.Context.add_client_ca", lambda o: o.ctx.add_client_ca, lambda o: [o.ca], ["cert"]),
    Case("SSL.Context.set_tlsext_use_srtp", lambda o: o.ctx.set_tlsext_use_srtp,
         lambda o: [b"SRTP_AES128_CM_SHA1_80"], ["bytes"]),
    Case("SSL.Connection.set_client_ca_list", lambda o: o.mconn.set_client_ca_list,
         lambda o: [[o.name]], ["list"]),
    Case("SSL.Connection.use_certificate", lambda o: o.mconn.use_certificate,
         lambda o: [o.cert], ["cert"]),
    Case("SSL.Connection.use_privatekey", lambda o: o.mconn.use_privatekey,
         lambda o: [o.key], ["pkey"]),
    Case("SSL.Connection.set_verify", lambda o: o.mconn.set_verify,
         lambda o: [SSL.VERIFY_PEER, lambda *a: True], ["int", "callable"], nullable=[1]),
]

# Public callables that take no argument (besides self): nothing to get
# wrong; the test below still calls each once on the fixtures' objects.
NO_ARGUMENTS = {
    "crypto.PKey", "crypto.X509", "crypto.X509Req", "crypto.X509Store", "crypto.PKCS12",
    "crypto.PKCS7", "crypto.CRL", "crypto.Revoked", "crypto.NetscapeSPKI",
}


def _bad_values(kind, o):
    if kind == "any":
        return []
    values = [v for v in _COMMON_BAD if not (kind == "number" and isinstance(v, float))]
    for extra in _KIND_BAD.get(kind, []):
        if extra == "key":
            values.append(o.key)
        elif extra == "cert" and kind != "cert":
            values.append(o.cert)
        else:
            values.append(extra)
    return values


def _allowed(case):
    return (TypeError, ValueError) + case.also


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_wrong_arguments(case, objs):
    """Each argument in turn: None and wrong types give TypeError or
    ValueError (None, where documented, may succeed)."""
    problems = []
    args = case.args(objs)
    assert len(args) == len(case.kinds), case.name
    for i, kind in enumerate(case.kinds):
        for bad in _bad_values(kind, objs):
            call = case.call(objs)
            trial = list(args)
            trial[i] = bad
            try:
                call(*trial)
            except _allowed(case):
                pass
            except (crypto.Error, SSL.Error, rand.Error) as e:
                # A documented None goes on to the call proper, which may
                # then fail for what the None means (no passphrase for an
                # encrypted key).
                if not (bad is None and i in case.nullable):
                    problems.append("arg %d = %r: %s: %s" % (i, bad, type(e).__name__, e))
            except GLib.Error as e:
                problems.append("arg %d = %r: GLib.Error %s" % (i, bad, e))
            except BaseException as e:  # noqa: B036 -- reported below
                problems.append("arg %d = %r: %s: %s" % (i, bad, type(e).__name__, e))
            else:
                if not (bad is None and i in case.nullable):
                    problems.append("arg %d = %r: accepted" % (i, bad))
    assert problems == [], "%s:\n  %s" % (case.name, "\n  ".join(problems))


def _public_callables():
    """'module.name' and 'module.Class.method' of every public callable that
    takes an argument."""
    import inspect

    found = set()
    for mod, prefix in ((crypto, "crypto"), (rand, "rand"), (SSL, "SSL")):
        for name in getattr(mod, "__all__", dir(mod)):
            obj = getattr(mod, name)
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            if inspect.isclass(obj):
                if obj.__name__ != name:  # the *Type aliases
                    continue
                params = [p for p in inspect.signature(obj).parameters.values()
                          if p.kind is not p.VAR_KEYWORD]
                if params:
                    found.add("%s.%s" % (prefix, name))
                for meth_name, meth in vars(obj).items():
                    if meth_name.startswith("_") or not callable(meth):
                        continue
                    params = list(inspect.signature(meth).parameters.values())[1:]
                    if params:
                        found.add("%s.%s.%s" % (prefix, name, meth_name))
            elif callable(obj):
                if list(inspect.signature(obj).parameters):
                    found.add("%s.%s" % (prefix, name))
    return found


def test_table_covers_the_api():
    """Every public callable taking an argument has a row in CASES."""
    covered = {c.name for c in CASES}
    missing = sorted(_public_callables() - covered)
    assert missing == [], "no wrong-argument case for: %s" % ", ".join(missing)


def test_no_argument_methods_on_fresh_objects(objs):
    """The argument-less getters, on objects made empty by their
    constructors and on loaded ones: a value or the module's Error, never a
    crash or a GLib.Error."""
    fresh = [crypto.PKey(), crypto.X509(), crypto.X509Req(), crypto.X509Store(),
             crypto.PKCS12(), crypto.CRL(), crypto.Revoked(), crypto.NetscapeSPKI(), objs.cert,
             objs.req, objs.key, objs.name, objs.ext, objs.p7, objs.p12, objs.spki, objs.ctx,
             objs.crl, objs.revoked]
    problems = []
    for obj in fresh:
        for meth_name in dir(type(obj)):
            if meth_name.startswith("_") or meth_name in ("generate_key",):
                continue
            meth = getattr(obj, meth_name)
            if not callable(meth):
                continue
            import inspect
            try:
                params = inspect.signature(meth).parameters
            except (TypeError, ValueError):
                continue
            if any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                   for p in params.values()):
                continue
            try:
                meth()
            except (crypto.Error, SSL.Error, TypeError, ValueError):
                pass
            except GLib.Error as e:
                problems.append("%s.%s: GLib.Error %s" % (type(obj).__name__, meth_name, e))
            except BaseException as e:  # noqa: B036
                problems.append("%s.%s: %s: %s" % (type(obj).__name__, meth_name,
                                                    type(e).__name__, e))
    assert problems == []


# --- 2. Faults ---------------------------------------------------------------------

def assert_healthy():
    """The process still makes a TLS connection and moves data."""
    with ssl_pair() as (client, server):
        client.sendall(b"alive")
        assert recv_exactly(server, 5) == b"alive"


def _reset(sock):
    """Close with SO_LINGER 0: the peer gets a TCP RST."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _assert_reset(exc):
    assert isinstance(exc, SSL.SysCallError), repr(exc)
    assert exc.args[0] in (errno.ECONNRESET, -1), exc.args


def test_reset_during_client_handshake():
    csock, ssock = tcp_pair()
    try:
        conn = SSL.Connection(client_context(), csock)
        conn.set_connect_state()
        csock.setblocking(False)
        with pytest.raises(SSL.WantReadError):
            conn.do_handshake()
        assert ssock.recv(4096)  # the ClientHello
        _reset(ssock)
        csock.setblocking(True)
        bound(csock)
        with pytest.raises(SSL.SysCallError) as info:
            conn.do_handshake()
        _assert_reset(info.value)
        # Again: just as clean.
        with pytest.raises(SSL.Error):
            conn.do_handshake()
    finally:
        kill_socket(csock)
    assert_healthy()


def test_reset_during_server_handshake():
    csock, ssock = tcp_pair()
    try:
        conn = SSL.Connection(server_context(), ssock)
        conn.set_accept_state()
        # A ClientHello record header promising 256 bytes, and 6 of them.
        csock.sendall(bytes([0x16, 3, 1, 1, 0, 1, 0, 0, 0xfc, 3, 3]))
        time.sleep(0.05)
        _reset(csock)
        with pytest.raises(SSL.SysCallError) as info:
            conn.do_handshake()
        _assert_reset(info.value)
    finally:
        kill_socket(ssock)
    assert_healthy()


def test_reset_mid_record():
    with ssl_pair(client_ctx=client_context()) as (client, server):
        server.sendall(b"whole")
        assert recv_exactly(client, 5) == b"whole"
        raw = socket.socket(fileno=os.dup(server.fileno()))
        try:
            # Half of an application-data record, then the reset.
            raw.sendall(bytes([0x17, 3, 3, 1, 0]) + b"\xa5" * 40)
            time.sleep(0.05)
        finally:
            raw.close()
        _reset(server._socket)
        with pytest.raises(SSL.SysCallError) as info:
            client.recv(1024)
        _assert_reset(info.value)
        with pytest.raises(SSL.SysCallError):
            client.send(b"x")
    assert_healthy()


def test_garbage_to_server():
    csock, ssock = socket.socketpair()
    bound(csock)
    bound(ssock)
    with contextlib.closing(csock), contextlib.closing(ssock):
        conn = SSL.Connection(server_context(), ssock)
        conn.set_accept_state()
        csock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        with pytest.raises(SSL.Error) as info:
            conn.do_handshake()
        assert type(info.value) is SSL.Error
        assert any("http request" in reason for _lib, _func, reason in info.value.args[0])
    assert_healthy()


def test_garbage_to_client():
    csock, ssock = socket.socketpair()
    bound(csock)
    bound(ssock)
    with contextlib.closing(csock), contextlib.closing(ssock):
        conn = SSL.Connection(client_context(), csock)
        conn.set_connect_state()
        ssock.sendall(b"\x16\x03\x03\x0f\xa0" + os.urandom(4000))
        with pytest.raises(SSL.Error) as info:
            conn.do_handshake()
        assert type(info.value) is SSL.Error
        assert info.value.args[0]
    assert_healthy()


def test_garbage_after_handshake():
    with ssl_pair() as (client, server):
        raw = socket.socket(fileno=os.dup(server.fileno()))
        try:
            raw.sendall(bytes([0x17, 3, 3, 0, 0x40]) + b"\x5a" * 64)
        finally:
            raw.close()
        with pytest.raises(SSL.Error) as info:
            client.recv(1024)
        reasons = " ".join(r for _l, _f, r in info.value.args[0])
        assert "bad record mac" in reasons or "decryption failed" in reasons
    assert_healthy()


def test_silent_peer_kernel_timeout():
    """SO_RCVTIMEO on a blocking socket: the wait ends after the timeout
    with WantReadError, and the connection works once the peer speaks."""
    with ssl_pair() as (client, server):
        bound(client._socket, 0.3)
        start = time.monotonic()
        with pytest.raises(SSL.WantReadError):
            client.recv(100)
        assert 0.2 < time.monotonic() - start < 5
        server.sendall(b"late")
        assert recv_exactly(client, 4) == b"late"
    assert_healthy()


def test_silent_peer_socket_timeout():
    """settimeout() makes the socket non-blocking underneath (as with
    pyOpenSSL): a silent peer gives WantReadError at once, never a hang."""
    csock, ssock = tcp_pair()
    try:
        conn = SSL.Connection(client_context(), csock)
        conn.set_connect_state()
        conn.settimeout(0.5)  # socket method, through __getattr__
        start = time.monotonic()
        with pytest.raises(SSL.WantReadError):
            conn.do_handshake()
        assert time.monotonic() - start < 5
    finally:
        kill_socket(csock)
        kill_socket(ssock)
    assert_healthy()


def test_socket_closed_under_connection():
    with ssl_pair() as (client, server):
        client._socket.close()  # behind the Connection's back
        with pytest.raises(SSL.SysCallError) as info:
            client.send(b"x")
        assert info.value.args[0] == errno.EBADF
        with pytest.raises(SSL.Error):
            client.recv(10)
    assert_healthy()


def test_socket_shut_down_under_blocked_recv():
    with ssl_pair() as (client, server):
        worker = Worker(client.recv, 100)
        time.sleep(0.2)
        assert worker.thread.is_alive()  # blocked in recv
        client.sock_shutdown(socket.SHUT_RDWR)
        with pytest.raises(SSL.SysCallError) as info:
            worker.result()
        assert info.value.args == (-1, "Unexpected EOF")
    assert_healthy()


def test_close_twice_and_io_after_close():
    with ssl_pair() as (client, server):
        client.close()
        client.close()  # a second close is harmless, as for sockets
        for call in (lambda: client.send(b"x"), lambda: client.sendall(b"x"),
                     lambda: client.recv(1), client.do_handshake, client.shutdown):
            with pytest.raises(SSL.SysCallError) as info:
                call()
            assert info.value.args[0] == errno.EBADF
        # The peer sees the end of the stream (or a reset, when the client
        # closed with unread data: the TLS 1.3 session tickets), not a hang.
        with pytest.raises(SSL.SysCallError) as info:
            server.recv(10)
        assert info.value.args[0] in (-1, errno.ECONNRESET)
    assert_healthy()


def test_shutdown_twice():
    with ssl_pair() as (client, server):
        assert client.shutdown() is False
        with pytest.raises(SSL.ZeroReturnError):
            server.recv(10)
        assert server.shutdown() is True
        assert client.shutdown() is True
        assert client.shutdown() is True
        with pytest.raises(SSL.Error):
            client.send(b"x")
        with pytest.raises(SSL.ZeroReturnError):
            client.recv(10)
    assert_healthy()


def test_name_outlives_certificate():
    cert = crypto.load_certificate(PEM, read("server.pem"))
    subject = cert.get_subject()
    issuer = cert.get_issuer()
    ext = cert.get_extension(0)
    key = cert.get_pubkey()
    del cert
    gc.collect()
    assert subject.CN == "localhost"
    assert issuer.CN == "gossl test CA"
    subject.O = "changed"  # still a live view, onto the certificate it keeps
    assert subject.O == "changed"
    assert str(ext)
    assert key.bits() == 2048
    assert_healthy()


def test_store_outlives_context():
    ctx = SSL.Context(SSL.TLS_METHOD)
    store = ctx.get_cert_store()
    del ctx
    gc.collect()
    store.add_cert(crypto.load_certificate(PEM, read("ca.pem")))
    assert_healthy()


def test_connection_outlives_context():
    csock, ssock = tcp_pair()
    try:
        client = SSL.Connection(client_context(), csock)
        client.set_connect_state()
        server = SSL.Connection(server_context(), ssock)
        server.set_accept_state()
        gc.collect()  # the contexts have no other reference
        handshake_both(client, server)
        client.sendall(b"ctx")
        assert recv_exactly(server, 3) == b"ctx"
        peer = client.get_peer_certificate()
        del client, server
        gc.collect()
        assert peer.get_subject().CN == "localhost"
    finally:
        kill_socket(csock)
        kill_socket(ssock)
    assert_healthy()


def test_pkcs12_parts_outlive_bundle():
    p12 = crypto.load_pkcs12(read("server.p12"), b"secret")
    cert, key, cas = p12.get_certificate(), p12.get_privatekey(), p12.get_ca_certificates()
    del p12
    gc.collect()
    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.use_certificate(cert)
    ctx.use_privatekey(key)
    assert ctx.check_privatekey()
    assert [c.get_subject().CN for c in cas] == ["gossl test CA"]
    assert_healthy()


def test_callback_exceptions_leave_no_trace():
    """A verify callback that raises, many times over: the exception comes
    out of each handshake and nothing piles up."""
    ctx = client_context(verify=False)

    def refuse(conn, x509, errnum, depth, ok):
        raise KeyError("no")

    ctx.set_verify(SSL.VERIFY_PEER, refuse)
    for _ in range(20):
        with ssl_pair(client_ctx=ctx, handshake=False) as (client, server):
            worker = Worker(server.do_handshake)
            with pytest.raises(KeyError):
                client.do_handshake()
            with contextlib.suppress(SSL.Error):
                worker.result()
    assert_healthy()


def test_many_threads_fail_at_once():
    """Failures on many threads at once keep their own errors: each thread
    sees its own reason, never another thread's."""
    errors = []

    def garbage(kind):
        csock, ssock = socket.socketpair()
        bound(csock)
        bound(ssock)
        try:
            conn = SSL.Connection(server_context(), ssock)
            conn.set_accept_state()
            if kind == "http":
                csock.sendall(b"GET / HTTP/1.0\r\n\r\n")
                expected = "http request"
            else:
                csock.sendall(b"\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00")
                expected = None
            try:
                conn.do_handshake()
            except SSL.Error as e:
                reasons = [r for _l, _f, r in e.args[0]]
                if expected is not None and not any(expected in r for r in reasons):
                    errors.append((kind, reasons))
            else:
                errors.append((kind, "handshake succeeded"))
        finally:
            csock.close()
            ssock.close()

    threads = [threading.Thread(target=garbage, args=("http" if i % 2 else "short",))
               for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert_healthy()
