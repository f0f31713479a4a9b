"""Every Gossl type made by PyGObject's plain constructor (``Gossl.X()``,
which is a bare g_object_new()), then every public method called on it: it
either works as an empty object or raises GLib.Error, it never crashes or
prints a critical (the tests run with G_DEBUG=fatal-criticals).

Each type runs in its own interpreter, so that a crash fails its own test.
The child checks that its table names every method of the class, so a new
method cannot be left out."""

import subprocess

import pytest

from child_process import run_python

CHILD = r'''
import os
import sys

import gi

gi.require_version("Gossl", "1.0")
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib, Gossl  # noqa: E402

FILES = os.environ["GOSSL_TEST_FILES"]
ERROR = object()  # the call must raise GLib.Error
ANY = object()    # a value or GLib.Error, but no crash


def f(name):
    return os.path.join(FILES, name)


def memory_io_stream():
    return Gio.SimpleIOStream.new(Gio.MemoryInputStream.new(),
                                  Gio.MemoryOutputStream.new_resizable())


def real_memory_connection():
    return Gossl.Connection.new_memory(Gossl.Context.new(Gossl.Method.TLS))


def call_async(start, finish):
    loop = GLib.MainLoop()
    result = []

    def done(source, res):
        result.append(res)
        loop.quit()

    start(done)
    GLib.timeout_add_seconds(10, loop.quit)
    loop.run()
    assert result, "the asynchronous call never called back"
    return finish(result[0])


def handshake_async(tls):
    return call_async(lambda done: tls.handshake_async(GLib.PRIORITY_DEFAULT, None, done),
                      tls.handshake_finish)


def read_bytes_async(tls):
    return call_async(lambda done: tls.read_bytes_async(16, GLib.PRIORITY_DEFAULT, None, done),
                      tls.read_bytes_finish)


def stream_io(tls):
    """Reading, writing and closing the GIOStream side fail as well."""
    for call in (lambda: tls.get_input_stream().read_bytes(16, None),
                 lambda: tls.get_output_stream().write_bytes(GLib.Bytes.new(b"x"), None),
                 lambda: tls.get_output_stream().flush(None),
                 lambda: tls.close(None)):
        try:
            call()
        except GLib.Error:
            continue
        raise AssertionError("a stream call on an unusable TlsStream did not fail")


X509 = [
    ("add_extension", lambda o: o.add_extension(Gossl.X509Extension()), ANY),
    ("copy", lambda o: o.copy(), ANY),
    ("digest", lambda o: o.digest("sha256"), ANY),
    ("get_extension", lambda o: o.get_extension(0), ANY),
    ("get_extension_count", lambda o: o.get_extension_count(), 0),
    ("get_issuer", lambda o: o.get_issuer().get_entry("CN"), None),
    ("get_issuer_entry", lambda o: o.get_issuer_entry("CN"), None),
    ("get_not_after", lambda o: o.get_not_after(), ANY),
    ("get_not_before", lambda o: o.get_not_before(), ANY),
    ("get_pubkey", lambda o: o.get_pubkey(), ANY),
    ("get_serial_number", lambda o: o.get_serial_number(), ANY),
    ("get_signature_algorithm", lambda o: o.get_signature_algorithm(), ANY),
    ("get_subject", lambda o: o.get_subject().get_entry("CN"), None),
    ("get_subject_entry", lambda o: o.get_subject_entry("CN"), None),
    ("get_version", lambda o: o.get_version(), ANY),
    ("gmtime_adj_not_after", lambda o: o.gmtime_adj_not_after(3600), True),
    ("gmtime_adj_not_before", lambda o: o.gmtime_adj_not_before(0), True),
    ("has_expired", lambda o: o.has_expired(), ANY),
    ("set_issuer", lambda o: o.set_issuer(Gossl.X509Name()), ANY),
    ("set_not_after", lambda o: o.set_not_after("20300101000000Z"), ANY),
    ("set_not_before", lambda o: o.set_not_before("20200101000000Z"), ANY),
    ("set_pubkey", lambda o: o.set_pubkey(Gossl.PKey()), ERROR),
    ("set_serial_number", lambda o: o.set_serial_number("ff"), True),
    ("set_subject", lambda o: o.set_subject(Gossl.X509Name()), ANY),
    ("set_version", lambda o: o.set_version(2), True),
    ("sign", lambda o: o.sign(Gossl.PKey(), "sha256"), ERROR),
    ("to_data", lambda o: o.to_data(Gossl.Filetype.PEM), ANY),
    ("to_bytes", lambda o: o.to_bytes(Gossl.Filetype.PEM), ANY),
    ("get_dns_names", lambda o: o.get_dns_names(), []),
    ("get_ip_addresses", lambda o: o.get_ip_addresses(), []),
    ("get_email_addresses", lambda o: o.get_email_addresses(), []),
    ("get_uris", lambda o: o.get_uris(), []),
    ("get_subject_common_name", lambda o: o.get_subject_common_name(), None),
    ("get_issuer_common_name", lambda o: o.get_issuer_common_name(), None),
    ("lookup_subject_entry", lambda o: o.lookup_subject_entry("CN"), None),
    ("lookup_issuer_entry", lambda o: o.lookup_issuer_entry("CN"), None),
    ("get_subject_name", lambda o: o.get_subject_name(), ANY),
    ("get_issuer_name", lambda o: o.get_issuer_name(), ANY),
    ("get_not_valid_before", lambda o: o.get_not_valid_before(), ANY),
    ("get_not_valid_after", lambda o: o.get_not_valid_after(), ANY),
    ("set_not_valid_before", lambda o: o.set_not_valid_before(GLib.DateTime.new_now_utc()), ANY),
    ("set_not_valid_after", lambda o: o.set_not_valid_after(GLib.DateTime.new_now_utc()), ANY),
    ("to_tls_certificate", lambda o: o.to_tls_certificate(None, []), ERROR),
]

X509NAME = [
    ("compare", lambda o: o.compare(Gossl.X509Name()), 0),
    ("copy", lambda o: o.copy().get_entry("CN"), None),
    ("get_components", lambda o: o.get_components().unpack(), []),
    ("get_entry", lambda o: o.get_entry("CN"), None),
    ("get_entry_bytes", lambda o: o.get_entry_bytes("CN"), None),
    ("get_components_bytes", lambda o: o.get_components_bytes().unpack(), []),
    ("hash", lambda o: o.hash(), ANY),
    ("to_der", lambda o: o.to_der(), ANY),
    ("to_string", lambda o: o.to_string(), ANY),
    ("set_entry", lambda o: o.set_entry("CN", "example"), True),
]

X509REQ = [
    ("add_extensions", lambda o: o.add_extensions([Gossl.X509Extension()]), ANY),
    ("get_extensions", lambda o: o.get_extensions(), ANY),
    ("get_pubkey", lambda o: o.get_pubkey(), ANY),
    ("get_subject", lambda o: o.get_subject().get_entry("CN"), None),
    ("get_subject_entry", lambda o: o.get_subject_entry("CN"), None),
    ("get_version", lambda o: o.get_version(), 0),
    ("set_pubkey", lambda o: o.set_pubkey(Gossl.PKey()), ERROR),
    ("set_version", lambda o: o.set_version(0), True),
    ("sign", lambda o: o.sign(Gossl.PKey(), "sha256"), ERROR),
    ("to_data", lambda o: o.to_data(Gossl.Filetype.PEM), ANY),
    ("to_bytes", lambda o: o.to_bytes(Gossl.Filetype.PEM), ANY),
    ("verify", lambda o: o.verify(Gossl.PKey()), ERROR),
]

X509EXTENSION = [
    ("get_critical", lambda o: o.get_critical(), False),
    ("get_data", lambda o: o.get_data(), ANY),
    ("get_short_name", lambda o: o.get_short_name(), ANY),
    ("to_string", lambda o: o.to_string(), ANY),
    ("to_bytes", lambda o: o.to_bytes().get_data(), b""),
]

X509STORE = [
    ("add_cert", lambda o: o.add_cert(Gossl.X509()), ANY),
    ("verify_certificate", lambda o: o.verify_certificate(Gossl.X509()), ERROR),
    ("set_flags", lambda o: o.set_flags(Gossl.VerifyFlags.PARTIAL_CHAIN), None),
    ("clear_flags", lambda o: o.clear_flags(Gossl.VerifyFlags.PARTIAL_CHAIN), None),
    ("get_flags", lambda o: o.get_flags(), Gossl.VerifyFlags.NONE),
    ("set_time", lambda o: o.set_time(GLib.DateTime.new_now_utc()), None),
    ("get_time", lambda o: o.get_time() is not None, True),
    ("load_locations", lambda o: o.load_locations(None, None), ERROR),
    ("add_crl", lambda o: o.add_crl(Gossl.Crl()), ANY),
]

# The calls run in this order: the last ones find a store and certificate
# set by the setters before them.
X509STORECONTEXT = [
    ("verify_certificate", lambda o: o.verify_certificate(), ERROR),
    ("get_verified_chain", lambda o: o.get_verified_chain(), []),
    ("get_error", lambda o: o.get_error(), Gossl.VerifyResult.OK),
    ("get_error_depth", lambda o: o.get_error_depth(), -1),
    ("get_current_certificate", lambda o: o.get_current_certificate(), None),
    ("get_certificate_errors", lambda o: o.get_certificate_errors(), 0),
    ("get_store", lambda o: o.get_store(), None),
    ("get_certificate", lambda o: o.get_certificate(), None),
    ("set_store", lambda o: o.set_store(Gossl.X509Store()), None),
    ("set_certificate", lambda o: o.set_certificate(Gossl.X509()), None),
    ("(verify_certificate)", lambda o: o.verify_certificate(), ERROR),
]

REVOKED = [
    ("copy", lambda o: o.copy().get_serial_number(), "00"),
    ("get_serial_number", lambda o: o.get_serial_number(), "00"),
    ("set_serial_number", lambda o: o.set_serial_number("3ab"), True),
    ("get_reason", lambda o: o.get_reason(), None),
    ("set_reason", lambda o: o.set_reason("superseded"), True),
    ("get_revocation_date", lambda o: o.get_revocation_date(), None),
    ("get_revocation_date_asn1", lambda o: o.get_revocation_date_asn1(), None),
    ("set_revocation_date",
     lambda o: o.set_revocation_date(GLib.DateTime.new_now_utc()), True),
    ("set_revocation_date_asn1", lambda o: o.set_revocation_date_asn1("20240101000000Z"), True),
]

CRL = [
    ("add_revoked", lambda o: o.add_revoked(Gossl.Revoked()), ERROR),
    ("export", lambda o: o.export(Gossl.X509(), Gossl.PKey(), Gossl.Filetype.PEM, 1, "sha256"),
     ERROR),
    ("get_issuer", lambda o: o.get_issuer().get_entry("CN"), None),
    ("get_last_update", lambda o: o.get_last_update(), ANY),
    ("get_next_update", lambda o: o.get_next_update(), ANY),
    ("get_revoked", lambda o: o.get_revoked(), []),
    ("get_version", lambda o: o.get_version(), 0),
    ("set_last_update", lambda o: o.set_last_update(GLib.DateTime.new_now_utc()), True),
    ("set_last_update_asn1", lambda o: o.set_last_update_asn1("20240101000000Z"), True),
    ("set_next_update", lambda o: o.set_next_update(GLib.DateTime.new_now_utc()), True),
    ("set_next_update_asn1", lambda o: o.set_next_update_asn1("20240101000000Z"), True),
    ("set_version", lambda o: o.set_version(1), True),
    ("sign", lambda o: o.sign(Gossl.X509(), Gossl.PKey(), "sha256"), ERROR),
    ("to_bytes", lambda o: o.to_bytes(Gossl.Filetype.PEM), ANY),
    ("to_data", lambda o: o.to_data(Gossl.Filetype.ASN1), ANY),
    ("to_text", lambda o: o.to_text(), ANY),
]

PKEY = [
    ("check", lambda o: o.check(), ANY),
    ("get_bits", lambda o: o.get_bits(), 0),
    ("get_key_type", lambda o: o.get_key_type(), Gossl.KeyType.NONE),
    ("has_private", lambda o: o.has_private(), False),
    ("is_initialized", lambda o: o.is_initialized(), False),
    ("public_to_data", lambda o: o.public_to_data(Gossl.Filetype.PEM), ANY),
    ("to_data", lambda o: o.to_data(Gossl.Filetype.PEM, None, None), ANY),
    ("public_to_bytes", lambda o: o.public_to_bytes(Gossl.Filetype.PEM), ANY),
    ("to_bytes", lambda o: o.to_bytes(Gossl.Filetype.PEM, None, None), ANY),
    ("sign", lambda o: o.sign("sha256", GLib.Bytes.new(b"x")), ERROR),
    ("verify", lambda o: o.verify("sha256", GLib.Bytes.new(b"x"), GLib.Bytes.new(b"x")), ERROR),
    # Last: the empty key is filled in.
    ("generate_key", lambda o: o.generate_key(Gossl.KeyType.RSA, 1024), True),
]

PKCS7 = [
    ("get_type_name", lambda o: o.get_type_name(), ANY),
    ("type_is_data", lambda o: o.type_is_data(), False),
    ("type_is_enveloped", lambda o: o.type_is_enveloped(), False),
    ("type_is_signed", lambda o: o.type_is_signed(), False),
    ("type_is_signed_and_enveloped", lambda o: o.type_is_signed_and_enveloped(), False),
]

PKCS12 = [
    ("get_ca_certificates", lambda o: o.get_ca_certificates() or None, None),
    ("get_certificate", lambda o: o.get_certificate(), None),
    ("get_friendly_name", lambda o: o.get_friendly_name(), None),
    ("get_privatekey", lambda o: o.get_privatekey(), None),
    ("export", lambda o: o.export(None, Gossl.PKCS12Encryption.AES_256, None, 0, 0), ERROR),
    ("set_certificate", lambda o: o.set_certificate(None), None),
    ("set_privatekey", lambda o: o.set_privatekey(Gossl.PKey()), None),
    ("(export empty key)", lambda o: o.export("x", Gossl.PKCS12Encryption.TRIPLE_DES, "sha1", 0, 0),
     ERROR),
    ("set_ca_certificates", lambda o: o.set_ca_certificates([]), None),
    ("set_friendly_name", lambda o: o.set_friendly_name(None), None),
]

NETSCAPE_SPKI = [
    ("get_pubkey", lambda o: o.get_pubkey(), ERROR),
    ("set_pubkey", lambda o: o.set_pubkey(Gossl.PKey()), ERROR),
    ("sign", lambda o: o.sign(Gossl.PKey(), "sha256"), ERROR),
    ("verify", lambda o: o.verify(Gossl.PKey()), ERROR),
    ("to_base64", lambda o: o.to_base64(), ANY),
]

SESSION = [
    ("get_id", lambda o: bytes(o.get_id()), b""),
    ("get_protocol_version", lambda o: o.get_protocol_version(), 0),
    ("is_resumable", lambda o: o.is_resumable(), False),
    # Taken by a connection as Gossl.Session.new()'s empty session is.
    ("(set_session)", lambda o: real_memory_connection().set_session(o), True),
]


def initialized(obj):
    obj.init(None)
    return obj


def context_calls(usable):
    """Context's methods: on a bare Context() (PyGObject does not run
    GInitable's init()) they fail; once init() ran, they work."""
    ok = ANY if usable else ERROR
    return [
        ("check_privatekey", lambda o: o.check_privatekey(), ERROR),
        ("get_cert_store", lambda o: o.get_cert_store() is not None, usable),
        ("get_max_proto_version", lambda o: o.get_max_proto_version(), 0),
        ("get_min_proto_version", lambda o: o.get_min_proto_version(), 0),
        ("get_options", lambda o: o.get_options(), ANY),
        ("get_timeout", lambda o: o.get_timeout(), 300 if usable else 0),
        ("get_verify_depth", lambda o: o.get_verify_depth(), ANY),
        ("get_verify_mode", lambda o: o.get_verify_mode(), Gossl.VerifyMode.NONE),
        ("load_client_ca", lambda o: o.load_client_ca(f("ca.pem")), ok),
        ("load_tmp_dh", lambda o: o.load_tmp_dh(f("dh2048.pem")), ok),
        ("load_verify_locations", lambda o: o.load_verify_locations(f("ca.pem"), None), ok),
        ("set_alpn_protos", lambda o: o.set_alpn_protos(["h2"]), ok),
        ("set_cipher_list", lambda o: o.set_cipher_list("HIGH"), ok),
        ("set_default_verify_paths", lambda o: o.set_default_verify_paths(), ok),
        ("set_max_proto_version", lambda o: o.set_max_proto_version(0x0304), ok),
        ("set_min_proto_version", lambda o: o.set_min_proto_version(0x0303), ok),
        ("set_options", lambda o: o.set_options(0), ANY),
        ("set_session_id", lambda o: o.set_session_id(b"sid"), ok),
        ("set_timeout", lambda o: o.set_timeout(10), None),
        ("set_verify", lambda o: o.set_verify(Gossl.VerifyMode.NONE), None),
        ("set_verify_depth", lambda o: o.set_verify_depth(3), None),
        ("use_certificate", lambda o: o.use_certificate(Gossl.X509()), ERROR),
        ("use_certificate_chain_file", lambda o: o.use_certificate_chain_file(f("server.pem")), ok),
        ("use_certificate_file",
         lambda o: o.use_certificate_file(f("server.pem"), Gossl.Filetype.PEM), ok),
        ("use_privatekey", lambda o: o.use_privatekey(Gossl.PKey()), ERROR),
        ("use_privatekey_file",
         lambda o: o.use_privatekey_file(f("server.key"), Gossl.Filetype.PEM), ok),
        ("(connection)", lambda o: Gossl.Connection.new_memory(o) is not None, usable or ERROR),
        ("get_max_protocol_version", lambda o: o.get_max_protocol_version(), ANY),
        ("get_min_protocol_version", lambda o: o.get_min_protocol_version(), ANY),
        ("get_use_system_certdb", lambda o: o.get_use_system_certdb(), ANY),
        ("get_interaction", lambda o: o.get_interaction(), None),
        ("set_interaction", lambda o: o.set_interaction(Gio.TlsInteraction()), None),
        ("set_max_protocol_version",
         lambda o: o.set_max_protocol_version(Gio.TlsProtocolVersion.TLS_1_3), ok),
        ("set_min_protocol_version",
         lambda o: o.set_min_protocol_version(Gio.TlsProtocolVersion.TLS_1_2), ok),
        ("set_use_system_certdb", lambda o: o.set_use_system_certdb(False), ANY),
        ("add_extra_chain_cert", lambda o: o.add_extra_chain_cert(Gossl.X509()), ERROR),
        ("get_mode", lambda o: o.get_mode(), ANY),
        ("get_session_cache_mode", lambda o: o.get_session_cache_mode(), ANY),
        ("set_mode", lambda o: o.set_mode(Gossl.Mode.RELEASE_BUFFERS), ANY),
        ("set_session_cache_mode",
         lambda o: o.set_session_cache_mode(Gossl.SessionCacheMode.OFF), ANY),
        ("set_client_ca_list", lambda o: o.set_client_ca_list([Gossl.X509Name()]), ok),
        ("add_client_ca", lambda o: o.add_client_ca(Gossl.X509()), ok),
        ("set_tlsext_use_srtp", lambda o: o.set_tlsext_use_srtp("SRTP_AES128_CM_SHA1_80"), ok),
        ("set_ecdh_curve", lambda o: o.set_ecdh_curve("prime256v1"), ok),
    ]


CONNECTION = [
    ("bio_read", lambda o: o.bio_read(16), ERROR),
    ("bio_shutdown", lambda o: o.bio_shutdown(), ERROR),
    ("bio_write", lambda o: o.bio_write(b"x"), ERROR),
    ("do_handshake", lambda o: o.do_handshake(), ERROR),
    ("get_alpn_proto_negotiated", lambda o: o.get_alpn_proto_negotiated(), None),
    ("get_cipher_bits", lambda o: o.get_cipher_bits(), -1),
    ("get_cipher_list", lambda o: o.get_cipher_list(), []),
    ("get_cipher_name", lambda o: o.get_cipher_name(), None),
    ("get_cipher_version", lambda o: o.get_cipher_version(), None),
    ("get_context", lambda o: o.get_context(), None),
    ("get_fd", lambda o: o.get_fd(), -1),
    ("get_peer_cert_chain", lambda o: o.get_peer_cert_chain() or None, None),
    ("get_peer_certificate", lambda o: o.get_peer_certificate(), None),
    ("get_protocol_version", lambda o: o.get_protocol_version(), 0),
    ("get_protocol_version_name", lambda o: o.get_protocol_version_name(), None),
    ("get_servername", lambda o: o.get_servername(), None),
    ("get_session", lambda o: o.get_session(), None),
    ("get_verified_chain", lambda o: o.get_verified_chain() or None, None),
    ("get_verify_result", lambda o: o.get_verify_result(), 0),
    ("is_memory", lambda o: o.is_memory(), False),
    ("pending", lambda o: o.pending(), 0),
    ("recv", lambda o: o.recv(16), ERROR),
    ("recv_into", lambda o: o.recv_into(bytearray(16)), ERROR),
    ("renegotiate", lambda o: o.renegotiate(), ERROR),
    ("send", lambda o: o.send(b"x"), ERROR),
    ("send_all", lambda o: o.send_all(b"x"), ERROR),
    ("session_reused", lambda o: o.session_reused(), False),
    ("set_accept_state", lambda o: o.set_accept_state(), ERROR),
    ("set_alpn_protos", lambda o: o.set_alpn_protos(["h2"]), ERROR),
    ("set_connect_state", lambda o: o.set_connect_state(), ERROR),
    ("set_context", lambda o: o.set_context(Gossl.Context.new(Gossl.Method.TLS)), ERROR),
    ("set_fd", lambda o: o.set_fd(sys.stdin.fileno()), ERROR),
    ("set_session", lambda o: o.set_session(Gossl.Session.new()), ERROR),
    ("set_tlsext_host_name", lambda o: o.set_tlsext_host_name("example.com"), ERROR),
    ("set_verify_hostname", lambda o: o.set_verify_hostname("example.com"), ERROR),
    ("shutdown", lambda o: o.shutdown(), ERROR),
    ("state_string", lambda o: o.state_string(), ANY),
    ("want_read", lambda o: o.want_read(), False),
    ("want_write", lambda o: o.want_write(), False),
    ("(tls stream)", lambda o: Gossl.TlsStream.new(o, memory_io_stream()), ERROR),
    ("get_ciphersuite_name", lambda o: o.get_ciphersuite_name(), None),
    ("get_negotiated_protocol", lambda o: o.get_negotiated_protocol(), None),
    ("get_peer_certificate_errors", lambda o: o.get_peer_certificate_errors(), ANY),
    ("get_peer_closed", lambda o: o.get_peer_closed(), ANY),
    ("get_tls_protocol_version", lambda o: o.get_tls_protocol_version(), ANY),
    ("renegotiate_pending", lambda o: o.renegotiate_pending(), ANY),
    ("get_shutdown", lambda o: o.get_shutdown(), Gossl.ShutdownState.NONE),
    ("set_shutdown", lambda o: o.set_shutdown(Gossl.ShutdownState.SENT), None),
    ("request_ocsp", lambda o: o.request_ocsp(), ERROR),
    ("export_keying_material", lambda o: o.export_keying_material("EXPORTER", 8, None), ERROR),
    ("get_client_random", lambda o: o.get_client_random(), None),
    ("get_server_random", lambda o: o.get_server_random(), None),
    ("get_master_key", lambda o: o.get_master_key(), None),
    ("dtls_listen", lambda o: o.dtls_listen(), ERROR),
    ("set_ciphertext_mtu", lambda o: o.set_ciphertext_mtu(1000), ERROR),
    ("get_cleartext_mtu", lambda o: o.get_cleartext_mtu(), 0),
    ("get_finished", lambda o: o.get_finished(), None),
    ("get_peer_finished", lambda o: o.get_peer_finished(), None),
    ("set_client_ca_list", lambda o: o.set_client_ca_list([]), ERROR),
    ("get_client_ca_list", lambda o: o.get_client_ca_list(), []),
    ("use_certificate", lambda o: o.use_certificate(Gossl.X509()), ERROR),
    ("use_privatekey", lambda o: o.use_privatekey(Gossl.PKey()), ERROR),
    ("get_certificate", lambda o: o.get_certificate(), None),
    ("set_verify", lambda o: o.set_verify(Gossl.VerifyMode.PEER), None),
    ("get_verify_mode", lambda o: o.get_verify_mode(), Gossl.VerifyMode.NONE),
    ("get_total_renegotiations", lambda o: o.get_total_renegotiations(), 0),
    ("peek", lambda o: o.peek(16), ERROR),
]


def tls_stream_calls(has_base):
    return [
        ("get_base_io_stream", lambda o: o.get_base_io_stream() is not None, has_base),
        ("get_connection", lambda o: o.get_connection(), None),
        ("handshake", lambda o: o.handshake(None), ERROR),
        ("handshake_async", handshake_async, ERROR),
        ("handshake_finish", handshake_async, ERROR),
        ("read_bytes_async", read_bytes_async, ERROR),
        ("read_bytes_finish", read_bytes_async, ERROR),
        ("send_bytes", lambda o: o.send_bytes(GLib.Bytes.new(b"x")), ERROR),
        # Turning receiving on fails by ::error, and turns it off again.
        ("set_receiving", lambda o: o.set_receiving(True) or o.get_receiving(), False),
        ("get_receiving", lambda o: o.get_receiving(), False),
        ("(streams)", stream_io, None),
        ("get_ciphersuite_name", lambda o: o.get_ciphersuite_name(), None),
        ("get_negotiated_protocol", lambda o: o.get_negotiated_protocol(), None),
        ("get_peer_certificate", lambda o: o.get_peer_certificate(), None),
        ("get_peer_certificate_errors", lambda o: o.get_peer_certificate_errors(), ANY),
        ("get_protocol_version", lambda o: o.get_protocol_version(), ANY),
    ]


# GosslTlsClientConnection and GosslTlsServerConnection: GInitables that
# were not initialized fail GIO's calls with G_IO_ERROR_NOT_INITIALIZED.
TLS_CONNECTION = [
    ("get_context", lambda o: o.get_context(), None),
    ("(handshake)", lambda o: Gio.TlsConnection.handshake(o, None), ERROR),
    ("(handshake_async)", handshake_async, ERROR),
    ("(streams)", stream_io, None),
]

# A service without a context accepts nothing: it closes each connection.
TLS_SERVICE = [
    ("get_context", lambda o: o.get_context(), None),
    ("add_shared_address",
     lambda o: o.add_shared_address(Gio.InetSocketAddress.new_from_string("127.0.0.1", 0))[0], True),
    ("get_accept_batch", lambda o: o.get_accept_batch(), 64),
    ("set_accept_batch", lambda o: o.set_accept_batch(0), None),
    ("start", lambda o: o.start(), None),
    ("is_active", lambda o: o.is_active(), True),
    ("stop", lambda o: o.stop(), None),
]

BASE = memory_io_stream()
TYPES = {
    "X509": (Gossl.X509, X509),
    "X509Name": (Gossl.X509Name, X509NAME),
    "X509Req": (Gossl.X509Req, X509REQ),
    "X509Extension": (Gossl.X509Extension, X509EXTENSION),
    "X509Store": (Gossl.X509Store, X509STORE),
    "X509StoreContext": (Gossl.X509StoreContext, X509STORECONTEXT),
    "Revoked": (Gossl.Revoked, REVOKED),
    "Crl": (Gossl.Crl, CRL),
    "PKey": (Gossl.PKey, PKEY),
    "PKCS7": (Gossl.PKCS7, PKCS7),
    "PKCS12": (Gossl.PKCS12, PKCS12),
    "NetscapeSpki": (Gossl.NetscapeSpki, NETSCAPE_SPKI),
    "Session": (Gossl.Session, SESSION),
    "Context": (Gossl.Context, context_calls(False)),
    "Context-init": (lambda: initialized(Gossl.Context()), context_calls(True)),
    "Connection": (Gossl.Connection, CONNECTION),
    "TlsStream": (Gossl.TlsStream, tls_stream_calls(False)),
    "TlsStream-base": (lambda: Gossl.TlsStream(base_io_stream=BASE), tls_stream_calls(True)),
    "TlsClientConnection": (Gossl.TlsClientConnection, TLS_CONNECTION),
    "TlsClientConnection-base": (lambda: Gossl.TlsClientConnection(base_io_stream=BASE),
                                 TLS_CONNECTION),
    "TlsServerConnection": (Gossl.TlsServerConnection, TLS_CONNECTION),
    "TlsServerConnection-base": (lambda: Gossl.TlsServerConnection(base_io_stream=BASE),
                                 TLS_CONNECTION),
    "TlsService": (Gossl.TlsService, TLS_SERVICE),
}

make, calls = TYPES[sys.argv[1]]
obj = make()
cls = type(obj)
methods = {m.get_name() for m in cls.__info__.get_methods() if m.is_method()}
missing = methods - {name for name, _, _ in calls}
assert not missing, "methods not called: %s" % sorted(missing)

for name, call, expected in calls:
    if not name.startswith("(") and name not in methods:
        continue  # gone from the bindings
    try:
        got = call(obj)
    except GLib.Error as e:
        assert expected is ERROR or expected is ANY, "%s raised %s" % (name, e)
        continue
    assert expected is not ERROR, "%s did not fail: %r" % (name, got)
    if expected is not ANY:
        assert got == expected, "%s returned %r, not %r" % (name, got, expected)
del obj
if sys.argv[1].endswith("-base"):
    assert not BASE.is_closed(), "an unusable %s closed its base stream" % sys.argv[1]
import gc  # noqa: E402
gc.collect()
print("bare %s: ok" % sys.argv[1])
'''

TYPES = ["X509", "X509Name", "X509Req", "X509Extension", "X509Store", "X509StoreContext",
         "Revoked", "Crl", "PKey", "PKCS7",
         "PKCS12", "NetscapeSpki", "Session", "Context", "Context-init", "Connection", "TlsStream",
         "TlsStream-base", "TlsClientConnection", "TlsClientConnection-base",
         "TlsServerConnection", "TlsServerConnection-base", "TlsService"]


@pytest.mark.parametrize("name", TYPES)
def test_bare_object(name):
    proc = run_python(CHILD, name, capture_output=True, text=True, timeout=120,
                      stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, "Gossl.%s: exit %d\n%s%s" % (name, proc.returncode,
                                                              proc.stdout, proc.stderr)
    assert "bare %s: ok" % name in proc.stdout
    assert "CRITICAL" not in proc.stderr and "WARNING" not in proc.stderr, proc.stderr


def test_every_class_is_covered():
    """A new public class must be added to TYPES."""
    import gi

    gi.require_version("Gossl", "1.0")
    from gi.repository import GObject, Gossl

    classes = {name for name in dir(Gossl)
               if isinstance(getattr(Gossl, name), type)
               and issubclass(getattr(Gossl, name), GObject.Object)}
    assert classes <= {t.split("-")[0] for t in TYPES}, classes
