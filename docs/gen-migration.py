#!/usr/bin/env python3
"""Write docs/migration.md: every name of the pyOpenSSL 0.5.1 manual, with its
Python `OpenSSL.*` name, its C symbol, and its GJS and Vala spellings.

  gen-migration.py --manual MANUAL.tex --gir Gossl-1.0.gir --vapi gossl-1.vapi
                   [--output FILE | --check FILE]

Nothing in the table is typed by hand except which C symbol answers which
manual name (MAP below). The rest is derived and checked:

- the list of names is parsed from the manual itself, and every one of them
  must have an entry in MAP (and MAP nothing more);
- each C symbol must exist in the GIR (gossl's, or GLib's/GIO's for the
  socket methods); the GJS spelling is derived from the GIR (constructor,
  method, function, enum member, constant, signal);
- each Vala spelling is derived the same way and must exist in the VAPI;
- each Python name must exist in the OpenSSL package (imported from
  PYTHONPATH, over the typelib on GI_TYPELIB_PATH).

After the manual's names comes LATER: the names later pyOpenSSL versions
added that a gossl function, signal or constant answers, typed by hand as
MAP is and checked the same way; where Debian's pyOpenSSL 23 is installed
(python3-openssl, run with `python3 -I`), each must exist there too, except
those listed in NOT_IN_PYOPENSSL23.

With --check, the file must be exactly what would be written (the docs test
runs this, so the table cannot drift from the code).
"""
import argparse
import importlib
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = {'g': 'http://www.gtk.org/introspection/core/1.0',
      'c': 'http://www.gtk.org/introspection/c/1.0',
      'glib': 'http://www.gtk.org/introspection/glib/1.0'}
C_ID = '{%s}identifier' % NS['c']
C_TYPE = '{%s}type' % NS['c']
GLIB_ERROR_DOMAIN = '{%s}error-domain' % NS['glib']
SYSTEM_GIRS = ['/usr/share/gir-1.0/GLib-2.0.gir', '/usr/share/gir-1.0/GObject-2.0.gir',
               '/usr/share/gir-1.0/Gio-2.0.gir']
SYSTEM_VAPIS = ['/usr/share/vala-0.56/vapi/glib-2.0.vapi', '/usr/share/vala-0.56/vapi/gio-2.0.vapi']

# The variable a method is called on, per class, in the GJS and Vala columns.
RECEIVERS = {
    'X509': 'cert', 'X509Name': 'name', 'X509Req': 'req', 'X509Store': 'store',
    'X509StoreContext': 'store_ctx',
    'X509Extension': 'ext', 'PKey': 'pkey', 'PKCS7': 'p7', 'PKCS12': 'p12', 'NetscapeSpki': 'spki',
    'Context': 'ctx', 'Connection': 'conn', 'Socket': 'socket',
}

# Manual name -> what answers it. A manual name is 'module.name' or
# 'module.Class.name'. Each value is (refs, note), refs a list of:
#   'gossl_x509_new'            a function, method or constructor (any GIR)
#   ('gossl_x..._entry', "'C'") the same, called with these arguments
#   'class:GosslX509'           a class
#   'enum:GOSSL_FILETYPE_PEM'   an enumeration or flags member
#   'const:GOSSL_OP_NO_SSLV3'   a constant
#   'domain:GosslSslError'      an error domain
#   'signal:GosslContext::verify'
#   'module:'                   the namespace itself
# An empty refs list means Python only; the note says what to do instead.
MAP = {
    # OpenSSL
    'OpenSSL.crypto': (['module:'], 'one namespace for all three modules'),
    'OpenSSL.rand': (['module:'], 'functions named `gossl_rand_*`'),
    'OpenSSL.SSL': (['module:'], ''),

    # crypto: types and factories
    'crypto.X509Type': (['class:GosslX509'], ''),
    'crypto.X509': (['gossl_x509_new'], ''),
    'crypto.X509NameType': (['class:GosslX509Name'], ''),
    'crypto.X509Name': (['gossl_x509_name_copy'], 'copies the name given'),
    'crypto.X509ReqType': (['class:GosslX509Req'], ''),
    'crypto.X509Req': (['gossl_x509_req_new'], ''),
    'crypto.X509StoreType': (['class:GosslX509Store'], ''),
    'crypto.PKeyType': (['class:GosslPKey'], ''),
    'crypto.PKey': (['gossl_pkey_new'], ''),
    'crypto.PKCS7Type': (['class:GosslPKCS7'], ''),
    'crypto.PKCS12Type': (['class:GosslPKCS12'], ''),
    'crypto.X509ExtensionType': (['class:GosslX509Extension'], ''),
    'crypto.X509Extension': ([('gossl_x509_extension_new', 'type_name, critical, value, null, null')],
                             'the last two: subject and issuer certificates, for values such as `hash`'),
    'crypto.FILETYPE_PEM': (['enum:GOSSL_FILETYPE_PEM'], ''),
    'crypto.FILETYPE_ASN1': (['enum:GOSSL_FILETYPE_ASN1'], ''),
    'crypto.TYPE_RSA': (['enum:GOSSL_KEY_TYPE_RSA'], ''),
    'crypto.TYPE_DSA': (['enum:GOSSL_KEY_TYPE_DSA'], ''),
    'crypto.Error': (['domain:GosslCryptoError'], 'the OpenSSL error queue: `gossl_error_get_openssl_errors()`; '
                     '`INVALID_ARGUMENT` is `ValueError` in Python'),
    'crypto.dump_certificate': (['gossl_x509_to_data'], ''),
    'crypto.dump_certificate_request': (['gossl_x509_req_to_data'], ''),
    'crypto.dump_privatekey': (['gossl_pkey_to_data'], 'cipher and passphrase may be null'),
    'crypto.load_certificate': (['gossl_x509_new_from_data'], ''),
    'crypto.load_certificate_request': (['gossl_x509_req_new_from_data'], ''),
    'crypto.load_privatekey': (['gossl_pkey_new_from_data'], 'passphrase may be null; a callable passphrase is Python only'),
    'crypto.load_pkcs7_data': (['gossl_pkcs7_new_from_data'], ''),
    'crypto.load_pkcs12': (['gossl_pkcs12_new_from_data'], ''),

    # crypto.X509
    'crypto.X509.get_issuer': (['gossl_x509_get_issuer'], 'a live view that keeps the certificate alive'),
    'crypto.X509.get_pubkey': (['gossl_x509_get_pubkey'], ''),
    'crypto.X509.get_serial_number': (['gossl_x509_get_serial_number'], 'C and bindings: a hexadecimal string'),
    'crypto.X509.get_subject': (['gossl_x509_get_subject'], 'a live view that keeps the certificate alive'),
    'crypto.X509.get_version': (['gossl_x509_get_version'], ''),
    'crypto.X509.gmtime_adj_notBefore': (['gossl_x509_gmtime_adj_not_before'],
                                     'a time outside the years 1900 to 9999 is an error (Python: `ValueError`)'),
    'crypto.X509.gmtime_adj_notAfter': (['gossl_x509_gmtime_adj_not_after'],
                                    'a time outside the years 1900 to 9999 is an error (Python: `ValueError`)'),
    'crypto.X509.has_expired': (['gossl_x509_has_expired'], ''),
    'crypto.X509.set_issuer': (['gossl_x509_set_issuer'], ''),
    'crypto.X509.set_pubkey': (['gossl_x509_set_pubkey'], ''),
    'crypto.X509.set_serial_number': (['gossl_x509_set_serial_number'], 'C and bindings: a hexadecimal string'),
    'crypto.X509.set_subject': (['gossl_x509_set_subject'], ''),
    'crypto.X509.set_version': (['gossl_x509_set_version'], ''),
    'crypto.X509.sign': (['gossl_x509_sign'], ''),

    # crypto.X509Name
    'crypto.X509Name.country_name': ([('gossl_x509_name_get_entry', "'C'"), ('gossl_x509_name_set_entry', "'C', value")],
                                     'Python aliases: `C`, `countryName`'),
    'crypto.X509Name.state_or_province': ([('gossl_x509_name_get_entry', "'ST'"),
                                           ('gossl_x509_name_set_entry', "'ST', value")],
                                          'Python aliases: `ST`, `SP`, `stateOrProvinceName`'),
    'crypto.X509Name.locality': ([('gossl_x509_name_get_entry', "'L'"), ('gossl_x509_name_set_entry', "'L', value")],
                                 'Python aliases: `L`, `localityName`'),
    'crypto.X509Name.organization': ([('gossl_x509_name_get_entry', "'O'"),
                                      ('gossl_x509_name_set_entry', "'O', value")],
                                     'Python aliases: `O`, `organizationName`'),
    'crypto.X509Name.organizational_unit': ([('gossl_x509_name_get_entry', "'OU'"),
                                             ('gossl_x509_name_set_entry', "'OU', value")],
                                            'Python aliases: `OU`, `organizationalUnitName`'),
    'crypto.X509Name.common_name': ([('gossl_x509_name_get_entry', "'CN'"),
                                     ('gossl_x509_name_set_entry', "'CN', value")],
                                    'Python aliases: `CN`, `commonName`; a value holding a NUL byte: '
                                    '`gossl_x509_name_get_entry_bytes` (Python reads it as it is)'),
    'crypto.X509Name.email': ([('gossl_x509_name_get_entry', "'emailAddress'"),
                               ('gossl_x509_name_set_entry', "'emailAddress', value")],
                              'Python alias: `emailAddress`'),

    # crypto.X509Req
    'crypto.X509Req.get_pubkey': (['gossl_x509_req_get_pubkey'], ''),
    'crypto.X509Req.get_subject': (['gossl_x509_req_get_subject'], 'a live view that keeps the request alive'),
    'crypto.X509Req.set_pubkey': (['gossl_x509_req_set_pubkey'], ''),
    'crypto.X509Req.sign': (['gossl_x509_req_sign'], ''),
    'crypto.X509Req.verify': (['gossl_x509_req_verify'], 'a bad signature is an error'),

    # crypto.X509Store, PKey, PKCS7, PKCS12, X509Extension
    'crypto.X509Store.add_cert': (['gossl_x509_store_add_cert'], ''),
    'crypto.PKey.bits': (['gossl_pkey_get_bits'], ''),
    'crypto.PKey.generate_key': (['gossl_pkey_generate_key'], ''),
    'crypto.PKey.type': (['gossl_pkey_get_key_type'], ''),
    'crypto.PKCS7.type_is_signed': (['gossl_pkcs7_type_is_signed'], ''),
    'crypto.PKCS7.type_is_enveloped': (['gossl_pkcs7_type_is_enveloped'], ''),
    'crypto.PKCS7.type_is_signedAndEnveloped': (['gossl_pkcs7_type_is_signed_and_enveloped'], ''),
    'crypto.PKCS7.type_is_data': (['gossl_pkcs7_type_is_data'], ''),
    'crypto.PKCS7.get_type_name': (['gossl_pkcs7_get_type_name'], ''),
    'crypto.PKCS12.get_certificate': (['gossl_pkcs12_get_certificate'], ''),
    'crypto.PKCS12.get_privatekey': (['gossl_pkcs12_get_privatekey'], ''),
    'crypto.PKCS12.get_ca_certificates': (['gossl_pkcs12_get_ca_certificates'],
                                          'null when there are none, as in the manual'),
    'crypto.X509Extension.get_critical': (['gossl_x509_extension_get_critical'], ''),

    # rand
    'rand.add': (['gossl_rand_add'], ''),
    'rand.egd': (['gossl_rand_egd'], 'OpenSSL 3 has no EGD: always an error (`NotImplementedError` in Python)'),
    'rand.load_file': (['gossl_rand_load_file'], ''),
    'rand.screen': ([], 'Windows only in the manual; absent on Linux, as in pyOpenSSL'),
    'rand.seed': (['gossl_rand_seed'], ''),
    'rand.status': (['gossl_rand_status'], ''),
    'rand.write_file': (['gossl_rand_write_file'], ''),

    # SSL: constants
    'SSL.SSLv2_METHOD': ([], 'gone from OpenSSL 3: no C method; in Python making a context raises `SSL.Error`'),
    'SSL.SSLv3_METHOD': ([], 'gone from OpenSSL 3: no C method; in Python making a context raises `SSL.Error`'),
    'SSL.SSLv23_METHOD': (['enum:GOSSL_METHOD_SSLV23'], 'the best version both sides support'),
    'SSL.TLSv1_METHOD': (['enum:GOSSL_METHOD_TLSV1'], 'refused at OpenSSL 3\'s default security level: see '
                         '[Platform notes](platform.html)'),
    'SSL.VERIFY_NONE': (['enum:GOSSL_VERIFY_NONE'], ''),
    'SSL.VERIFY_PEER': (['enum:GOSSL_VERIFY_PEER'], ''),
    'SSL.VERIFY_FAIL_IF_NO_PEER_CERT': (['enum:GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT'], ''),
    'SSL.FILETYPE_PEM': (['enum:GOSSL_FILETYPE_PEM'], ''),
    'SSL.FILETYPE_ASN1': (['enum:GOSSL_FILETYPE_ASN1'], ''),
    'SSL.OP_SINGLE_DH_USE': ([], '0 in Python: always on in OpenSSL 3'),
    'SSL.OP_EPHEMERAL_RSA': ([], '0 in Python: gone from OpenSSL 3'),
    'SSL.OP_NO_SSLv2': ([], '0 in Python: SSL 2 is gone from OpenSSL 3'),
    'SSL.OP_NO_SSLv3': (['const:GOSSL_OP_NO_SSLV3'], ''),
    'SSL.OP_NO_TLSv1': (['const:GOSSL_OP_NO_TLSV1'], ''),

    # SSL: types, factories, exceptions
    'SSL.ContextType': (['class:GosslContext'], ''),
    'SSL.Context': (['gossl_context_new'], ''),
    'SSL.ConnectionType': (['class:GosslConnection'], ''),
    'SSL.Connection': (['gossl_connection_new'], 'C and bindings take the socket\'s file descriptor, which '
                       'the connection borrows (set it blocking for blocking I/O)'),
    'SSL.Error': (['domain:GosslSslError'], 'the OpenSSL error queue: `gossl_error_get_openssl_errors()`'),
    'SSL.ZeroReturnError': (['enum:GOSSL_SSL_ERROR_ZERO_RETURN'], ''),
    'SSL.WantReadError': (['enum:GOSSL_SSL_ERROR_WANT_READ'], ''),
    'SSL.WantWriteError': (['enum:GOSSL_SSL_ERROR_WANT_WRITE'], ''),
    'SSL.WantX509LookupError': (['enum:GOSSL_SSL_ERROR_WANT_X509_LOOKUP'], ''),
    'SSL.SysCallError': (['enum:GOSSL_SSL_ERROR_SYSCALL', 'gossl_error_get_errno'], 'errno of the failure'),

    # SSL.Context
    'SSL.Context.check_privatekey': (['gossl_context_check_privatekey'],
                                     'C and bindings: an error on a mismatch; Python returns false'),
    'SSL.Context.get_app_data': ([], 'any object\'s own data: `g_object_get_data()`, a JS property, a Vala field'),
    'SSL.Context.get_cert_store': (['gossl_context_get_cert_store'], ''),
    'SSL.Context.get_timeout': (['gossl_context_get_timeout'], ''),
    'SSL.Context.get_verify_depth': (['gossl_context_get_verify_depth'], ''),
    'SSL.Context.get_verify_mode': (['gossl_context_get_verify_mode'], ''),
    'SSL.Context.load_client_ca': (['gossl_context_load_client_ca'], ''),
    'SSL.Context.load_verify_locations': (['gossl_context_load_verify_locations'], ''),
    'SSL.Context.load_tmp_dh': (['gossl_context_load_tmp_dh'], ''),
    'SSL.Context.set_app_data': ([], 'any object\'s own data: `g_object_set_data()`, a JS property, a Vala field'),
    'SSL.Context.set_cipher_list': (['gossl_context_set_cipher_list'], ''),
    'SSL.Context.set_info_callback': (['signal:GosslContext::info'],
                                      'a signal; `where` is a [flags@Gossl.InfoWhere]'),
    'SSL.Context.set_options': (['gossl_context_set_options'], ''),
    'SSL.Context.set_passwd_cb': (['signal:GosslContext::passwd'], 'a signal; the handler returns the passphrase '
                                  'as `GBytes`'),
    'SSL.Context.set_session_id': (['gossl_context_set_session_id'], ''),
    'SSL.Context.set_timeout': (['gossl_context_set_timeout'], ''),
    'SSL.Context.set_verify': (['gossl_context_set_verify', 'signal:GosslContext::verify'],
                               'the mode, and a signal for the callback; `errnum` is a '
                               '[enum@Gossl.VerifyResult]'),
    'SSL.Context.set_verify_depth': (['gossl_context_set_verify_depth'], ''),
    'SSL.Context.use_certificate': (['gossl_context_use_certificate'], ''),
    'SSL.Context.use_privatekey': (['gossl_context_use_privatekey'], ''),
    'SSL.Context.use_certificate_file': (['gossl_context_use_certificate_file'], ''),
    'SSL.Context.use_privatekey_file': (['gossl_context_use_privatekey_file'], ''),

    # SSL.Connection: TLS
    'SSL.Connection.do_handshake': (['gossl_connection_do_handshake'], ''),
    'SSL.Connection.get_app_data': ([], 'any object\'s own data: `g_object_get_data()`, a JS property, a Vala field'),
    'SSL.Connection.get_cipher_list': (['gossl_connection_get_cipher_list'], ''),
    'SSL.Connection.get_context': (['gossl_connection_get_context'], ''),
    'SSL.Connection.get_peer_certificate': (['gossl_connection_get_peer_certificate'], ''),
    'SSL.Connection.pending': (['gossl_connection_pending'], ''),
    'SSL.Connection.recv': (['gossl_connection_recv'], ''),
    'SSL.Connection.renegotiate': (['gossl_connection_renegotiate'], ''),
    'SSL.Connection.send': (['gossl_connection_send'], ''),
    'SSL.Connection.sendall': (['gossl_connection_send_all'], ''),
    'SSL.Connection.set_accept_state': (['gossl_connection_set_accept_state'], ''),
    'SSL.Connection.set_app_data': ([], 'any object\'s own data: `g_object_set_data()`, a JS property, a Vala field'),
    'SSL.Connection.set_connect_state': (['gossl_connection_set_connect_state'], ''),
    'SSL.Connection.shutdown': (['gossl_connection_shutdown'], ''),
    'SSL.Connection.state_string': (['gossl_connection_state_string'], ''),
    'SSL.Connection.want_read': (['gossl_connection_want_read'], ''),
    'SSL.Connection.want_write': (['gossl_connection_want_write'], ''),
    'SSL.Connection.fileno': (['gossl_connection_get_fd'], ''),

    # SSL.Connection: the socket's own methods, which C and the bindings
    # call on their GSocket
    'SSL.Connection.accept': (['g_socket_accept', 'gossl_connection_new', 'gossl_connection_set_accept_state'],
                              'accept on the socket, then a connection over the new descriptor'),
    'SSL.Connection.bind': (['g_socket_bind'], 'the socket\'s'),
    'SSL.Connection.close': (['g_socket_close'], 'the socket\'s: the connection never closes the descriptor'),
    'SSL.Connection.connect': (['g_socket_connect', 'gossl_connection_set_connect_state'],
                               'connect the socket, then client mode'),
    'SSL.Connection.connect_ex': (['g_socket_connect', 'gossl_connection_set_connect_state'],
                                  'errors come as `GError`, not a number'),
    'SSL.Connection.listen': (['g_socket_listen'], 'the socket\'s'),
    'SSL.Connection.getpeername': (['g_socket_get_remote_address'], 'the socket\'s'),
    'SSL.Connection.getsockname': (['g_socket_get_local_address'], 'the socket\'s'),
    'SSL.Connection.getsockopt': (['g_socket_get_option'], 'the socket\'s'),
    'SSL.Connection.setblocking': (['g_socket_set_blocking'], 'GSocket\'s descriptor stays non-blocking: '
                                   'for blocking TLS calls use `g_unix_set_fd_nonblocking (fd, FALSE)`'),
    'SSL.Connection.setsockopt': (['g_socket_set_option'], 'the socket\'s'),
    'SSL.Connection.sock_shutdown': (['g_socket_shutdown'], 'the socket\'s'),
}

# Manual names the Python package leaves out on purpose.
PYTHON_ABSENT = {'rand.screen'}

# Names later pyOpenSSL versions added, and what answers them in gossl:
# (Python name, how the row shows it, refs as in MAP, note). The Python name
# is checked against gossl's package (unless in LATER_PYTHON_ABSENT) and
# against pyOpenSSL 23 (unless in NOT_IN_PYOPENSSL23); a row shown as None
# shows the Python name as the manual's rows do.
LATER = [
    # crypto
    ('crypto.load_publickey', 'load_publickey(type, buffer)', ['gossl_pkey_new_public_from_data'], ''),
    ('crypto.dump_publickey', 'dump_publickey(type, pkey)', ['gossl_pkey_public_to_data'], ''),
    ('crypto.TYPE_DH', None, ['enum:GOSSL_KEY_TYPE_DH'], ''),
    ('crypto.TYPE_EC', None, ['enum:GOSSL_KEY_TYPE_EC'], ''),
    ('crypto.X509Store', 'X509Store()', ['gossl_x509_store_new'], ''),
    ('crypto.X509StoreContext.verify_certificate', 'X509StoreContext(store, cert).verify_certificate()',
     ['gossl_x509_store_context_verify_certificate', 'gossl_x509_store_verify_certificate'],
     'without untrusted certificates also one call on the store'),
    ('crypto.X509StoreContext', 'X509StoreContext(store, certificate, chain)',
     ['gossl_x509_store_context_new'], '`chain`: the untrusted certificates'),
    ('crypto.X509StoreContext.set_store', 'X509StoreContext.set_store(store)',
     ['gossl_x509_store_context_set_store'], ''),
    ('crypto.X509StoreContext.get_verified_chain', 'X509StoreContext.get_verified_chain()',
     ['gossl_x509_store_context_get_verified_chain'], 'the chain of the last verification'),
    ('crypto.X509StoreContextError', 'X509StoreContextError',
     ['gossl_x509_store_context_get_error', 'gossl_x509_store_context_get_error_depth',
      'gossl_x509_store_context_get_current_certificate'],
     'after a failed verification (`GOSSL_CRYPTO_ERROR_BAD_CERTIFICATE`)'),
    ('crypto.X509Store.set_flags', 'X509Store.set_flags(flags)', ['gossl_x509_store_set_flags'], ''),
    ('crypto.X509Store.set_time', 'X509Store.set_time(vfy_time)', ['gossl_x509_store_set_time'],
     'a `GDateTime`'),
    ('crypto.X509Store.load_locations', 'X509Store.load_locations(cafile, capath)',
     ['gossl_x509_store_load_locations'], ''),
    ('crypto.X509StoreFlags.PARTIAL_CHAIN', None, ['enum:GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN'],
     'and the other `X509StoreFlags`: `GosslVerifyFlags`'),
    ('crypto.X509.get_notBefore', 'X509.get_notBefore()', ['gossl_x509_get_not_before'],
     '`YYYYMMDDhhmmssZ`; a `GDateTime`: `gossl_x509_get_not_valid_before()`'),
    ('crypto.X509.get_notAfter', 'X509.get_notAfter()', ['gossl_x509_get_not_after'],
     '`YYYYMMDDhhmmssZ`; a `GDateTime`: `gossl_x509_get_not_valid_after()`'),
    ('crypto.X509.set_notBefore', 'X509.set_notBefore(when)', ['gossl_x509_set_not_before'], ''),
    ('crypto.X509.set_notAfter', 'X509.set_notAfter(when)', ['gossl_x509_set_not_after'], ''),
    ('crypto.X509.digest', 'X509.digest(digest_name)', ['gossl_x509_digest'], ''),
    ('crypto.X509.get_signature_algorithm', 'X509.get_signature_algorithm()',
     ['gossl_x509_get_signature_algorithm'], ''),
    ('crypto.X509.add_extensions', 'X509.add_extensions(extensions)', ['gossl_x509_add_extension'],
     'one call per extension'),
    ('crypto.X509.get_extension_count', 'X509.get_extension_count()', ['gossl_x509_get_extension_count'], ''),
    ('crypto.X509.get_extension', 'X509.get_extension(index)', ['gossl_x509_get_extension'],
     'an index past the end is an error (Python: `IndexError`)'),
    ('crypto.X509Name.get_components', 'X509Name.get_components()',
     ['gossl_x509_name_get_components', 'gossl_x509_name_get_components_bytes'],
     'the first gives strings; the second each value\'s exact bytes, a NUL included, as pyOpenSSL does '
     '(gossl\'s Python package reads it)'),
    ('crypto.X509Name.der', 'X509Name.der()', ['gossl_x509_name_to_der'], ''),
    ('crypto.X509Name.hash', 'X509Name.hash()', ['gossl_x509_name_hash'], ''),
    ('crypto.X509Name.__lt__', '`==`, `<` and the other comparisons of names', ['gossl_x509_name_compare'],
     'negative, 0 or positive'),
    ('crypto.X509Name.__repr__', '`repr(name)`', ['gossl_x509_name_to_string'], 'the `/C=US/CN=...` part'),
    ('crypto.X509Req.get_version', 'X509Req.get_version()', ['gossl_x509_req_get_version'], ''),
    ('crypto.X509Req.set_version', 'X509Req.set_version(version)', ['gossl_x509_req_set_version'],
     'only 0, as pyOpenSSL 23 and OpenSSL 3.2 accept'),
    ('crypto.X509Req.add_extensions', 'X509Req.add_extensions(extensions)', ['gossl_x509_req_add_extensions'],
     'a second call adds to the first (pyOpenSSL 23: an error)'),
    ('crypto.X509Req.get_extensions', 'X509Req.get_extensions()', ['gossl_x509_req_get_extensions'], ''),
    ('crypto.X509Extension.get_short_name', 'X509Extension.get_short_name()',
     ['gossl_x509_extension_get_short_name'], ''),
    ('crypto.X509Extension.get_data', 'X509Extension.get_data()', ['gossl_x509_extension_get_data'], ''),
    ('crypto.X509Extension.__str__', '`str(extension)`',
     ['gossl_x509_extension_to_bytes', 'gossl_x509_extension_to_string'],
     'the first as pyOpenSSL prints it, a NUL inside an alt name included; the second with such bytes escaped'),
    ('crypto.get_elliptic_curves', 'get_elliptic_curves()', ['gossl_get_elliptic_curves'],
     'the curves\' names (Python: objects with a `name`)'),
    ('crypto.PKey.check', 'PKey.check()', ['gossl_pkey_check'], ''),
    ('crypto.PKCS12.get_friendlyname', 'PKCS12.get_friendlyname()', ['gossl_pkcs12_get_friendly_name'], ''),
    ('crypto.FILETYPE_TEXT', None, ['enum:GOSSL_FILETYPE_TEXT'], 'for dumping only'),
    ('crypto.PKCS12', 'PKCS12()', ['gossl_pkcs12_new'], ''),
    ('crypto.PKCS12.set_certificate', 'PKCS12.set_certificate(cert)', ['gossl_pkcs12_set_certificate'], ''),
    ('crypto.PKCS12.set_privatekey', 'PKCS12.set_privatekey(pkey)', ['gossl_pkcs12_set_privatekey'], ''),
    ('crypto.PKCS12.set_ca_certificates', 'PKCS12.set_ca_certificates(cacerts)',
     ['gossl_pkcs12_set_ca_certificates'], ''),
    ('crypto.PKCS12.set_friendlyname', 'PKCS12.set_friendlyname(name)', ['gossl_pkcs12_set_friendly_name'],
     'UTF-8 text'),
    ('crypto.PKCS12.export', 'PKCS12.export(passphrase=None, iter=2048, maciter=1)', ['gossl_pkcs12_export'],
     "pyOpenSSL 23's files: `TRIPLE_DES` and the default MAC digest"),
    ('crypto.NetscapeSPKI', 'NetscapeSPKI()', ['gossl_netscape_spki_new'], ''),
    ('crypto.NetscapeSPKI.sign', 'NetscapeSPKI.sign(pkey, digest)', ['gossl_netscape_spki_sign'], ''),
    ('crypto.NetscapeSPKI.verify', 'NetscapeSPKI.verify(key)', ['gossl_netscape_spki_verify'], ''),
    ('crypto.NetscapeSPKI.b64_encode', 'NetscapeSPKI.b64_encode()', ['gossl_netscape_spki_to_base64'], ''),
    ('crypto.NetscapeSPKI.get_pubkey', 'NetscapeSPKI.get_pubkey()', ['gossl_netscape_spki_get_pubkey'], ''),
    ('crypto.NetscapeSPKI.set_pubkey', 'NetscapeSPKI.set_pubkey(pkey)', ['gossl_netscape_spki_set_pubkey'], ''),
    ('crypto.sign', 'sign(pkey, data, digest)', ['gossl_pkey_sign'], ''),
    ('crypto.verify', 'verify(cert, signature, data, digest)', ['gossl_pkey_verify'],
     "the certificate's key verifies"),

    # rand
    ('rand.bytes', 'bytes(num_bytes)', ['gossl_rand_bytes'], 'later pyOpenSSL versions had it; pyOpenSSL 23 has not'),

    # SSL: constants
    ('SSL.TLSv1_1_METHOD', None, ['enum:GOSSL_METHOD_TLSV1_1'],
     'refused at OpenSSL 3\'s default security level: see [Platform notes](platform.html)'),
    ('SSL.TLSv1_2_METHOD', None, ['enum:GOSSL_METHOD_TLSV1_2'], ''),
    ('SSL.TLS_METHOD', None, ['enum:GOSSL_METHOD_TLS'], ''),
    ('SSL.TLS_SERVER_METHOD', None, ['enum:GOSSL_METHOD_TLS_SERVER'], ''),
    ('SSL.TLS_CLIENT_METHOD', None, ['enum:GOSSL_METHOD_TLS_CLIENT'], ''),
    ('SSL.VERIFY_CLIENT_ONCE', None, ['enum:GOSSL_VERIFY_CLIENT_ONCE'], ''),
    ('SSL.OP_NO_TLSv1_1', None, ['const:GOSSL_OP_NO_TLSV1_1'], ''),
    ('SSL.OP_NO_TLSv1_2', None, ['const:GOSSL_OP_NO_TLSV1_2'], ''),
    ('SSL.OP_NO_TLSv1_3', None, ['const:GOSSL_OP_NO_TLSV1_3'], ''),
    ('SSL.SSL3_VERSION', None, ['const:GOSSL_SSL3_VERSION'], 'OpenSSL 3 cannot negotiate it'),
    ('SSL.TLS1_VERSION', None, ['const:GOSSL_TLS1_VERSION'], ''),
    ('SSL.TLS1_1_VERSION', None, ['const:GOSSL_TLS1_1_VERSION'], ''),
    ('SSL.TLS1_2_VERSION', None, ['const:GOSSL_TLS1_2_VERSION'], ''),
    ('SSL.TLS1_3_VERSION', None, ['const:GOSSL_TLS1_3_VERSION'], ''),
    ('SSL.SSL_ST_CONNECT', None, ['enum:GOSSL_INFO_WHERE_CONNECT'], ''),
    ('SSL.SSL_ST_ACCEPT', None, ['enum:GOSSL_INFO_WHERE_ACCEPT'], ''),
    ('SSL.SSL_CB_LOOP', None, ['enum:GOSSL_INFO_WHERE_LOOP'], ''),
    ('SSL.SSL_CB_EXIT', None, ['enum:GOSSL_INFO_WHERE_EXIT'], ''),
    ('SSL.SSL_CB_READ', None, ['enum:GOSSL_INFO_WHERE_READ'], ''),
    ('SSL.SSL_CB_WRITE', None, ['enum:GOSSL_INFO_WHERE_WRITE'], ''),
    ('SSL.SSL_CB_ALERT', None, ['enum:GOSSL_INFO_WHERE_ALERT'], ''),
    ('SSL.SSL_CB_READ_ALERT', None, ['enum:GOSSL_INFO_WHERE_READ_ALERT'], ''),
    ('SSL.SSL_CB_WRITE_ALERT', None, ['enum:GOSSL_INFO_WHERE_WRITE_ALERT'], ''),
    ('SSL.SSL_CB_ACCEPT_LOOP', None, ['enum:GOSSL_INFO_WHERE_ACCEPT_LOOP'], ''),
    ('SSL.SSL_CB_ACCEPT_EXIT', None, ['enum:GOSSL_INFO_WHERE_ACCEPT_EXIT'], ''),
    ('SSL.SSL_CB_CONNECT_LOOP', None, ['enum:GOSSL_INFO_WHERE_CONNECT_LOOP'], ''),
    ('SSL.SSL_CB_CONNECT_EXIT', None, ['enum:GOSSL_INFO_WHERE_CONNECT_EXIT'], ''),
    ('SSL.SSL_CB_HANDSHAKE_START', None, ['enum:GOSSL_INFO_WHERE_HANDSHAKE_START'], ''),
    ('SSL.SSL_CB_HANDSHAKE_DONE', None, ['enum:GOSSL_INFO_WHERE_HANDSHAKE_DONE'], ''),
    ('SSL.NO_OVERLAPPING_PROTOCOLS', None, ['signal:GosslContext::alpn-select'],
     'the handler returns null to go on without ALPN'),
    ('SSL.Session', 'Session()', ['gossl_session_new'], ''),

    # SSL.Context
    ('SSL.Context.use_certificate_chain_file', 'Context.use_certificate_chain_file(certfile)',
     ['gossl_context_use_certificate_chain_file'], ''),
    ('SSL.Context.set_default_verify_paths', 'Context.set_default_verify_paths()',
     ['gossl_context_set_default_verify_paths'], 'C and bindings trust the system\'s CAs by default'),
    ('SSL.Context.set_min_proto_version', 'Context.set_min_proto_version(version)',
     ['gossl_context_set_min_proto_version'], 'a `GTlsProtocolVersion`: `gossl_context_set_min_protocol_version()`'),
    ('SSL.Context.set_max_proto_version', 'Context.set_max_proto_version(version)',
     ['gossl_context_set_max_proto_version'], 'a `GTlsProtocolVersion`: `gossl_context_set_max_protocol_version()`'),
    ('SSL.Context.set_tlsext_servername_callback', 'Context.set_tlsext_servername_callback(callback)',
     ['signal:GosslContext::servername'], 'a signal'),
    ('SSL.Context.set_alpn_protos', 'Context.set_alpn_protos(protos)', ['gossl_context_set_alpn_protos'], ''),
    ('SSL.Context.set_alpn_select_callback', 'Context.set_alpn_select_callback(callback)',
     ['signal:GosslContext::alpn-select'], 'a signal'),
    ('SSL.Context.set_mode', 'Context.set_mode(mode)', ['gossl_context_set_mode'], ''),
    ('SSL.Context.set_session_cache_mode', 'Context.set_session_cache_mode(mode)',
     ['gossl_context_set_session_cache_mode'], ''),
    ('SSL.Context.get_session_cache_mode', 'Context.get_session_cache_mode()',
     ['gossl_context_get_session_cache_mode'], ''),
    ('SSL.Context.add_extra_chain_cert', 'Context.add_extra_chain_cert(certobj)',
     ['gossl_context_add_extra_chain_cert'], ''),
    ('SSL.Context.set_client_ca_list', 'Context.set_client_ca_list(certificate_authorities)',
     ['gossl_context_set_client_ca_list'], ''),
    ('SSL.Context.add_client_ca', 'Context.add_client_ca(certificate_authority)',
     ['gossl_context_add_client_ca'], ''),
    ('SSL.Context.set_tlsext_use_srtp', 'Context.set_tlsext_use_srtp(profiles)',
     ['gossl_context_set_tlsext_use_srtp'], ''),

    # SSL.Connection
    ('SSL.Connection', 'Connection(context, None)', ['gossl_connection_new_memory'],
     'no socket: TLS records go through `bio_read`/`bio_write`'),
    ('SSL.Connection.bio_read', 'Connection.bio_read(bufsiz)', ['gossl_connection_bio_read'], ''),
    ('SSL.Connection.bio_write', 'Connection.bio_write(buf)', ['gossl_connection_bio_write'], ''),
    ('SSL.Connection.bio_shutdown', 'Connection.bio_shutdown()', ['gossl_connection_bio_shutdown'], ''),
    ('SSL.Connection.shutdown', '`Connection.shutdown()` returning true', ['gossl_connection_get_peer_closed'],
     'after `gossl_connection_shutdown()`: both close_notify alerts exchanged'),
    ('SSL.Connection.renegotiate_pending', 'Connection.renegotiate_pending()',
     ['gossl_connection_renegotiate_pending'], ''),
    ('SSL.Connection.set_context', 'Connection.set_context(context)', ['gossl_connection_set_context'], ''),
    ('SSL.Connection.set_tlsext_host_name', 'Connection.set_tlsext_host_name(name)',
     ['gossl_connection_set_tlsext_host_name'], ''),
    ('SSL.Connection.get_servername', 'Connection.get_servername()', ['gossl_connection_get_servername'], ''),
    ('SSL.Connection.set_alpn_protos', 'Connection.set_alpn_protos(protos)',
     ['gossl_connection_set_alpn_protos'], ''),
    ('SSL.Connection.get_alpn_proto_negotiated', 'Connection.get_alpn_proto_negotiated()',
     ['gossl_connection_get_alpn_proto_negotiated'], ''),
    ('SSL.Connection.get_peer_cert_chain', 'Connection.get_peer_cert_chain()',
     ['gossl_connection_get_peer_cert_chain'], ''),
    ('SSL.Connection.get_verified_chain', 'Connection.get_verified_chain()',
     ['gossl_connection_get_verified_chain'], ''),
    ('SSL.Connection.get_protocol_version', 'Connection.get_protocol_version()',
     ['gossl_connection_get_protocol_version'], 'GIO\'s `GTlsProtocolVersion`: '
     '`gossl_connection_get_tls_protocol_version()`'),
    ('SSL.Connection.get_protocol_version_name', 'Connection.get_protocol_version_name()',
     ['gossl_connection_get_protocol_version_name'], ''),
    ('SSL.Connection.get_cipher_name', 'Connection.get_cipher_name()', ['gossl_connection_get_cipher_name'],
     'OpenSSL\'s name; the IANA name: `gossl_connection_get_ciphersuite_name()`'),
    ('SSL.Connection.get_cipher_bits', 'Connection.get_cipher_bits()', ['gossl_connection_get_cipher_bits'], ''),
    ('SSL.Connection.get_cipher_version', 'Connection.get_cipher_version()',
     ['gossl_connection_get_cipher_version'], ''),
    ('SSL.Connection.get_session', 'Connection.get_session()', ['gossl_connection_get_session'], ''),
    ('SSL.Connection.set_session', 'Connection.set_session(session)', ['gossl_connection_set_session'], ''),
    ('SSL.Connection.get_shutdown', 'Connection.get_shutdown()', ['gossl_connection_get_shutdown'], ''),
    ('SSL.Connection.set_shutdown', 'Connection.set_shutdown(state)', ['gossl_connection_set_shutdown'], ''),
    ('SSL.Connection.get_client_ca_list', 'Connection.get_client_ca_list()',
     ['gossl_connection_get_client_ca_list'], ''),
    ('SSL.Connection.use_certificate', 'Connection.use_certificate(cert)',
     ['gossl_connection_use_certificate'], ''),
    ('SSL.Connection.use_privatekey', 'Connection.use_privatekey(pkey)',
     ['gossl_connection_use_privatekey'], ''),
    ('SSL.Connection.get_certificate', 'Connection.get_certificate()',
     ['gossl_connection_get_certificate'], ''),
    ('SSL.Connection.set_verify', 'Connection.set_verify(mode[, callback])',
     ['gossl_connection_set_verify', 'signal:GosslConnection::verify'], ''),
    ('SSL.Connection.get_verify_mode', 'Connection.get_verify_mode()',
     ['gossl_connection_get_verify_mode'], ''),
    ('SSL.Connection.get_finished', 'Connection.get_finished()', ['gossl_connection_get_finished'], ''),
    ('SSL.Connection.get_peer_finished', 'Connection.get_peer_finished()',
     ['gossl_connection_get_peer_finished'], ''),
    ('SSL.Connection.total_renegotiations', 'Connection.total_renegotiations()',
     ['gossl_connection_get_total_renegotiations'], ''),
    ('SSL.Connection.master_key', 'Connection.master_key()', ['gossl_connection_get_master_key'], ''),
    ('SSL.Connection.client_random', 'Connection.client_random()',
     ['gossl_connection_get_client_random'], ''),
    ('SSL.Connection.server_random', 'Connection.server_random()',
     ['gossl_connection_get_server_random'], ''),
    ('SSL.OpenSSL_version', 'OpenSSL_version(type)', ['gossl_get_openssl_info'], ''),
    ('SSL.DTLS_METHOD', None, ['enum:GOSSL_METHOD_DTLS'], ''),
    ('SSL.DTLS_SERVER_METHOD', None, ['enum:GOSSL_METHOD_DTLS_SERVER'], ''),
    ('SSL.DTLS_CLIENT_METHOD', None, ['enum:GOSSL_METHOD_DTLS_CLIENT'], ''),
    ('SSL.Context.set_ocsp_server_callback', 'Context.set_ocsp_server_callback(callback, data)',
     ['signal:GosslContext::ocsp-status-request'], 'a signal; the handler returns the response, empty bytes '
     'for none, null to fail the handshake'),
    ('SSL.Context.set_ocsp_client_callback', 'Context.set_ocsp_client_callback(callback, data)',
     ['signal:GosslContext::ocsp-status-response'], 'a signal'),
    ('SSL.Context.set_keylog_callback', 'Context.set_keylog_callback(callback)',
     ['signal:GosslContext::keylog'], 'a signal; the line is a string'),
    ('SSL.Context.set_cookie_generate_callback', 'Context.set_cookie_generate_callback(callback)',
     ['signal:GosslContext::generate-cookie'], 'a signal'),
    ('SSL.Context.set_cookie_verify_callback', 'Context.set_cookie_verify_callback(callback)',
     ['signal:GosslContext::verify-cookie'], 'a signal'),
    ('SSL.Connection.request_ocsp', 'Connection.request_ocsp()', ['gossl_connection_request_ocsp'], ''),
    ('SSL.Connection.export_keying_material', 'Connection.export_keying_material(label, olen, context)',
     ['gossl_connection_export_keying_material'], 'the label is a string'),
    ('SSL.Connection.DTLSv1_listen', 'Connection.DTLSv1_listen()', ['gossl_connection_dtls_listen'], ''),
    ('SSL.Connection.set_ciphertext_mtu', 'Connection.set_ciphertext_mtu(mtu)',
     ['gossl_connection_set_ciphertext_mtu'], 'also sets `SSL_OP_NO_QUERY_MTU` on the connection'),
    ('SSL.Connection.get_cleartext_mtu', 'Connection.get_cleartext_mtu()',
     ['gossl_connection_get_cleartext_mtu'], ''),
    ('SSL.Context.set_tmp_ecdh', 'Context.set_tmp_ecdh(curve)', ['gossl_context_set_ecdh_curve'],
     'takes the curve\'s name'),
]

# Later names gossl's Python package does not have (it serves the manual's
# API; these came with C functions the package uses another way).
LATER_PYTHON_ABSENT = set()

# Later names that pyOpenSSL had once and pyOpenSSL 23 no longer has.
NOT_IN_PYOPENSSL23 = {'rand.bytes'}

LATER_SECTIONS = [
    ('OpenSSL.crypto', lambda k: k.startswith('crypto.')),
    ('OpenSSL.rand', lambda k: k.startswith('rand.')),
    ('OpenSSL.SSL', lambda k: k.startswith('SSL.') and not k.startswith(('SSL.Context', 'SSL.Connection'))),
    ('OpenSSL.SSL.Context', lambda k: k.startswith('SSL.Context')),
    ('OpenSSL.SSL.Connection', lambda k: k.startswith('SSL.Connection')),
]

SECTIONS = [
    ('The package', lambda k: k.startswith('OpenSSL.')),
    ('OpenSSL.crypto', lambda k: k.startswith('crypto.') and k.count('.') == 1),
    ('OpenSSL.crypto.X509', lambda k: k.startswith('crypto.X509.')),
    ('OpenSSL.crypto.X509Name', lambda k: k.startswith('crypto.X509Name.')),
    ('OpenSSL.crypto.X509Req', lambda k: k.startswith('crypto.X509Req.')),
    ('OpenSSL.crypto.X509Store', lambda k: k.startswith('crypto.X509Store.')),
    ('OpenSSL.crypto.PKey', lambda k: k.startswith('crypto.PKey.')),
    ('OpenSSL.crypto.PKCS7', lambda k: k.startswith('crypto.PKCS7.')),
    ('OpenSSL.crypto.PKCS12', lambda k: k.startswith('crypto.PKCS12.')),
    ('OpenSSL.crypto.X509Extension', lambda k: k.startswith('crypto.X509Extension.')),
    ('OpenSSL.rand', lambda k: k.startswith('rand.')),
    ('OpenSSL.SSL', lambda k: k.startswith('SSL.') and k.count('.') == 1),
    ('OpenSSL.SSL.Context', lambda k: k.startswith('SSL.Context.')),
    ('OpenSSL.SSL.Connection', lambda k: k.startswith('SSL.Connection.')),
]


class Problems(list):
    def add(self, message):
        self.append(message)


problems = Problems()


# --- the manual ---

def parse_manual(path):
    """Every documented name, in the manual's order, as (key, kind, args)."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    names = []
    module = 'OpenSSL'
    pattern = re.compile(r'\\subsection\{\\module\{(\w+)\}|'
                         r'\\begin\{(datadesc|funcdesc|excdesc|methoddesc|memberdesc)\}'
                         r'(?:\[(\w+)\])?\{(\w+)\}|'
                         r'\\dataline\{(\w+)\}')
    for m in pattern.finditer(text):
        if m.group(1):
            module = m.group(1)
        elif m.group(5):
            names.append((f'{module}.{m.group(5)}', 'data', None))
        else:
            kind, owner, name = m.group(2), m.group(3), m.group(4)
            args = None
            if kind in ('funcdesc', 'methoddesc'):
                args = balanced_group(text, m.end())
            prefix = module if module != 'OpenSSL' else 'OpenSSL'
            key = f'{prefix}.{owner}.{name}' if owner else f'{prefix}.{name}'
            names.append((key, kind[:-4], args))
    return names


def balanced_group(text, start):
    """The contents of the {...} group at text[start], nested braces and all."""
    if text[start:start + 1] != '{':
        return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == '{':
            depth += 1
        elif text[i] == '}':
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
    raise ValueError('unbalanced braces in the manual')


# --- GIR and VAPI ---

class Gir:
    """Callables and other symbols of a set of GIR files, by C name."""

    def __init__(self, paths):
        self.callables = {}     # c identifier -> dict
        self.members = {}       # GOSSL_X_Y -> (namespace, type name, member name)
        self.constants = {}     # c:type -> (namespace, name)
        self.classes = {}       # c:type -> (namespace, name)
        self.domains = {}       # c:type -> (namespace, name)
        self.signals = set()    # (c type, signal)
        self.namespaces = {}
        for path in paths:
            self._load(path)

    def _load(self, path):
        root = ET.parse(path).getroot()
        for ns in root.findall('g:namespace', NS):
            nsname = ns.get('name')
            for node in ns:
                tag = node.tag.split('}')[1]
                if tag in ('class', 'record', 'interface'):
                    self.classes[node.get(C_TYPE) or node.get('{%s}type-name' % NS['glib'])] = (nsname, node.get('name'))
                    for sig in node.findall('glib:signal', NS):
                        self.signals.add((node.get(C_TYPE), sig.get('name')))
                    for kind in ('constructor', 'method', 'function'):
                        for f in node.findall(f'g:{kind}', NS):
                            self._callable(f, kind, nsname, node.get('name'))
                elif tag in ('enumeration', 'bitfield'):
                    if node.get(GLIB_ERROR_DOMAIN):
                        self.domains[node.get(C_TYPE)] = (nsname, node.get('name'))
                    for member in node.findall('g:member', NS):
                        self.members[member.get(C_ID)] = (nsname, node.get('name'), member.get('name').upper())
                    for f in node.findall('g:function', NS):
                        self._callable(f, 'function', nsname, node.get('name'))
                elif tag == 'function':
                    self._callable(node, 'function', nsname, None)
                elif tag == 'constant':
                    self.constants[node.get(C_TYPE)] = (nsname, node.get('name'))

    def _callable(self, node, kind, nsname, owner):
        # A shadowed callable keeps its name in every binding (the one that
        # shadows it answers to it in Python and GJS; Vala keeps both).
        if node.get('introspectable') == '0':
            return
        params = node.findall('g:parameters/g:parameter', NS)
        # Array lengths are implicit in every binding: leave them out.
        lengths = set()
        for p in params:
            array = p.find('g:array', NS)
            if array is not None and array.get('length') is not None:
                lengths.add(int(array.get('length')))
        names = [p.get('name') for i, p in enumerate(params)
                 if i not in lengths and p.get('direction', 'in') == 'in']
        self.callables[node.get(C_ID)] = {
            'kind': kind, 'ns': nsname, 'owner': owner, 'name': node.get('name'), 'params': names,
        }


class Vapi:
    """Declarations of VAPI files: class -> member names, and namespace functions."""

    def __init__(self, paths):
        self.members = {}   # (namespace, class) -> set of names (methods, ctors 'Class.from_data', signals)
        self.top = {}       # namespace -> set of names (static functions, constants, nested namespaces' functions)
        self.enums = {}     # (namespace, enum) -> set of member names
        self.renamed = {}   # C name -> member name, where the VAPI's metadata renamed it
        for path in paths:
            self._load(path)

    def _load(self, path):
        stack = []   # (kind, name)
        cname = None  # of the [CCode (cname = ...)] before a declaration
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.strip()
                attribute = re.match(r'\[CCode \(.*\bcname = "(\w+)"', line)
                if attribute:
                    cname = attribute.group(1)
                    continue
                if line.startswith('['):
                    continue
                declared_cname, cname = cname, None
                opened = re.match(r'(?:public )?(?:abstract |sealed )?(namespace|class|interface|struct|'
                                  r'enum|errordomain)\s+(\w+)', line)
                if line.endswith('{'):
                    # Inline method bodies open blocks too: keep the depth right.
                    stack.append((opened.group(1), opened.group(2)) if opened else ('block', None))
                    continue
                if line.startswith('}'):
                    if stack:
                        stack.pop()
                    continue
                if not stack:
                    continue
                kind, name = stack[-1]
                if kind == 'block':
                    continue
                ns = '.'.join(n for k, n in stack if k == 'namespace')
                if kind in ('enum', 'errordomain'):
                    m = re.match(r'([A-Z0-9_]+)\s*[,;]?$', line)
                    if m:
                        self.enums.setdefault((ns, name), set()).add(m.group(1))
                    continue
                decl = re.match(r'public (?:static |signal |virtual |abstract |override |async |unowned |owned )*'
                                r'(?:(?:const )?[\w.<>?\[\], ]+?\s+)?(\w+(?:\.\w+)?)\s*[;(]', line)
                if not decl:
                    continue
                if kind == 'namespace':
                    self.top.setdefault(ns, set()).add(decl.group(1))
                else:
                    self.members.setdefault((ns, name), set()).add(decl.group(1))
                    if declared_cname:
                        self.renamed[declared_cname] = decl.group(1)


# --- spelling ---

def receiver(owner):
    return RECEIVERS.get(owner, owner[0].lower() + owner[1:])


def js_args(text):
    return text


def vala_args(text):
    return text.replace("'", '"')


def spell_callable(ident, gir, vapi, args=None):
    info = gir.callables.get(ident)
    if info is None:
        problems.add(f'{ident}: not in the GIR')
        return f'`{ident}()`', '?', '?'
    ns, owner, name, kind = info['ns'], info['owner'], info['name'], info['kind']
    arglist = args if args is not None else ', '.join(info['params'])
    vala_ns = 'GLib' if ns in ('Gio', 'GObject') else ns
    if ns == 'Gossl':
        if kind == 'constructor':
            c = f'[ctor@Gossl.{owner}.{name}]'
        elif kind == 'method':
            c = f'[method@Gossl.{owner}.{name}]'
        elif owner:
            c = f'[func@Gossl.{owner}.{name}]'
        else:
            c = f'[func@Gossl.{name}]'
    else:
        c = f'`{ident}()`'

    if kind == 'constructor':
        js = f'{ns}.{owner}.{name}({js_args(arglist)})'
        vala_name = owner if name == 'new' else f'{owner}.{name[4:] if name.startswith("new_") else name}'
        # Gossl-1.0.metadata makes some constructors the default one.
        vala_name = vapi.renamed.get(ident, vala_name)
        vala = f'new {vala_ns}.{vala_name} ({vala_args(arglist)})'
        found = vala_name in vapi.members.get((vala_ns, owner), set())
    elif kind == 'method':
        js = f'{receiver(owner)}.{name}({js_args(arglist)})'
        vala = f'{receiver(owner)}.{name} ({vala_args(arglist)})'
        found = name in vapi.members.get((vala_ns, owner), set())
    elif owner:
        js = f'{ns}.{owner}.{name}({js_args(arglist)})'
        vala = f'{vala_ns}.{owner}.{name} ({vala_args(arglist)})'
        found = name in vapi.members.get((vala_ns, owner), set())
    else:
        js = f'{ns}.{name}({js_args(arglist)})'
        vala = f'{vala_ns}.{name} ({vala_args(arglist)})'
        found = name in vapi.top.get(vala_ns, set())
    if not found:
        problems.add(f'{ident}: Vala spelling {vala} not in the VAPI')
    return c, f'`{js}`', f'`{vala}`'


def spell(ref, gir, vapi):
    """(C, GJS, Vala) cells for one reference."""
    if isinstance(ref, tuple):
        return spell_callable(ref[0], gir, vapi, ref[1])
    kind, _, what = ref.partition(':')
    if not _:
        return spell_callable(ref, gir, vapi)
    if kind == 'module':
        return ('`#include <gossl/gossl.h>`', "`import Gossl from 'gi://Gossl?version=1.0'`",
                '`--pkg gossl-1`, namespace `Gossl`')
    if kind == 'class':
        if what not in gir.classes:
            problems.add(f'{what}: not a class in the GIR')
            return f'`{what}`', '?', '?'
        ns, name = gir.classes[what]
        if ('Gossl', name) not in vapi.members:
            problems.add(f'{what}: class Gossl.{name} not in the VAPI')
        return f'[{what}][class@Gossl.{name}]', f'`Gossl.{name}`', f'`Gossl.{name}`'
    if kind == 'enum':
        if what not in gir.members:
            problems.add(f'{what}: not an enumeration member in the GIR')
            return f'`{what}`', '?', '?'
        ns, enum, member = gir.members[what]
        if member not in vapi.enums.get((ns, enum), set()):
            problems.add(f'{what}: {ns}.{enum}.{member} not in the VAPI')
        return f'`{what}`', f'`{ns}.{enum}.{member}`', f'`{ns}.{enum}.{member}`'
    if kind == 'const':
        if what not in gir.constants:
            problems.add(f'{what}: not a constant in the GIR')
            return f'`{what}`', '?', '?'
        ns, name = gir.constants[what]
        if name not in vapi.top.get(ns, set()):
            problems.add(f'{what}: constant {ns}.{name} not in the VAPI')
        return f'`{what}`', f'`{ns}.{name}`', f'`{ns}.{name}`'
    if kind == 'domain':
        if what not in gir.domains:
            problems.add(f'{what}: not an error domain in the GIR')
            return f'`{what}`', '?', '?'
        ns, name = gir.domains[what]
        if (ns, name) not in vapi.enums:
            problems.add(f'{what}: errordomain {ns}.{name} not in the VAPI')
        macro = re.sub(r'(?<!^)(?=[A-Z])', '_', name).upper()
        return (f'[{ns.upper()}_{macro}][error@{ns}.{name}]',
                f'`e.matches({ns}.{name}, code)`', f'`catch ({ns}.{name} e)`')
    if kind == 'signal':
        ctype, sig = what.split('::')
        if (ctype, sig) not in gir.signals:
            problems.add(f'{what}: not a signal in the GIR')
        ns, name = gir.classes.get(ctype, ('Gossl', ctype))
        vala_sig = sig.replace('-', '_')
        if vala_sig not in vapi.members.get((ns, name), set()):
            problems.add(f'{what}: signal {vala_sig} of {ns}.{name} not in the VAPI')
        var = receiver(name)
        return (f'[{what}][signal@{ns}.{name}::{sig}]', f"`{var}.connect('{sig}', handler)`",
                f'`{var}.{vala_sig}.connect (handler)`')
    raise ValueError(ref)


# --- Python ---

def python_name(key):
    return key if key.startswith('OpenSSL.') else 'OpenSSL.' + key


def check_python(key, kind, absent=PYTHON_ABSENT):
    dotted = python_name(key)
    parts = dotted.split('.')
    try:
        obj = importlib.import_module('.'.join(parts[:2]))
    except ImportError as e:
        problems.add(f'{dotted}: cannot import {".".join(parts[:2])}: {e}')
        return
    for part in parts[2:]:
        if not hasattr(obj, part):
            if key not in absent:
                problems.add(f'{dotted}: not in the Python package')
            return
        obj = getattr(obj, part)
    if key in absent:
        problems.add(f'{dotted}: listed as absent, but the Python package has it')


# Debian's pyOpenSSL, in an interpreter of its own: -I leaves PYTHONPATH (and
# so gossl's package, also named OpenSSL) out of sys.path.
REFERENCE_PYTHON = '/usr/bin/python3'
REFERENCE_SCRIPT = """
import importlib, json, sys, warnings
warnings.simplefilter('ignore')
import OpenSSL.version
if not OpenSSL.version.__version__.startswith('23.'):
    sys.exit(3)
missing = []
for dotted in json.loads(sys.argv[1]):
    parts = dotted.split('.')
    obj = importlib.import_module('.'.join(parts[:2]))
    for part in parts[2:]:
        if not hasattr(obj, part):
            missing.append(dotted)
            break
        obj = getattr(obj, part)
print(json.dumps(missing))
"""


def check_pyopenssl23(keys):
    """Each later name must be pyOpenSSL 23's, unless listed as gone from it.
    Where pyOpenSSL 23 is not installed there is nothing to compare with."""
    import json
    import subprocess
    names = [python_name(k) for k in keys]
    try:
        out = subprocess.run([REFERENCE_PYTHON, '-I', '-c', REFERENCE_SCRIPT, json.dumps(names)],
                             capture_output=True, text=True, timeout=60, cwd='/')
    except OSError:
        return
    if out.returncode != 0:
        return
    missing = set(json.loads(out.stdout))
    for key in keys:
        if (python_name(key) in missing) != (key in NOT_IN_PYOPENSSL23):
            problems.add(f'{python_name(key)}: pyOpenSSL 23 ' +
                         ('has it' if key in NOT_IN_PYOPENSSL23 else 'does not have it'))


def plain_args(args):
    """The manual's argument list as text: \\optional{, x} becomes [, x]."""
    while args and '\\optional{' in args:
        start = args.index('\\optional{')
        inner = balanced_group(args, start + len('\\optional'))
        args = args[:start] + '[' + inner + ']' + args[start + len('\\optional') + len(inner) + 2:]
    return args or ''


def manual_spelling(key, kind, args):
    """The name as the manual's section lists it: bare in a module's section,
    Class.name in a class's. Prefixed with the section's module, it is the
    Python name."""
    if key.startswith('OpenSSL.'):
        name = key
    else:
        name = key.split('.', 1)[1]
    if kind in ('func', 'method'):
        name = f'{name}({plain_args(args)})'
    if key in PYTHON_ABSENT:
        return f'`{name}` (not in the Python package)'
    return f'`{name}`'


# --- the page ---

HEADER = '''Title: Migrating from pyOpenSSL 0.5.1

# Migrating from pyOpenSSL 0.5.1

Every name documented in the pyOpenSSL 0.5.1 manual, and what it is in gossl: its C symbol, and its spelling in GJS
and in Vala. In Python the name does not change: gossl's package `OpenSSL` has every name of the manual (except
`rand.screen()`, which is Windows only), so the first column, prefixed with its section's module (`OpenSSL.crypto.`,
`OpenSSL.rand.`, `OpenSSL.SSL.`), is the Python name, and code written for the manual runs unchanged. Then, in
[Later pyOpenSSL names](#later-pyopenssl-names), the names later pyOpenSSL versions added that gossl answers. The table
is generated by `docs/gen-migration.py` from the manual, the GIR and the VAPI, and the `docs` test suite checks it
against them, against the Python package and, where it is installed, against pyOpenSSL 23: every name in it exists.

Conventions in the GJS and Vala columns:

- `cert`, `name`, `req`, `store`, `pkey`, `p7`, `p12`, `ext`, `ctx`, `conn` stand for an object of the class, and
  `socket` for the `Gio.Socket` (`GLib.Socket` in Vala) a connection runs over.
- Errors: a C function with a `GError **` argument throws in GJS (a `GLib.Error`: test it with
  `e.matches(Gossl.SslError, Gossl.SslError.ZERO_RETURN)`) and in Vala (`catch (Gossl.SslError.ZERO_RETURN e)`).
- Bytes: byte arguments take a `Uint8Array` (GJS) or `uint8[]` (Vala); byte results are a `Uint8Array` or a
  `GLib.ByteArray`.
- In GJS, objects are made with their constructor functions, as written here (`Gossl.X509.new()`).
- Where the manual's name is a socket method, C and the bindings call it on their `GSocket`: the connection only
  borrows the socket's file descriptor.

Where the manual itself is wrong or overtaken by OpenSSL 3, see [Reading the 0.5.1 manual](manual-notes.html); where
the C API behaves as pyOpenSSL does, or differs from it, see [gossl and pyOpenSSL](pyopenssl.html).

'''


def build_page(manual, gir, vapi):
    keys = [k for k, _, _ in manual]
    for key in keys:
        if key not in MAP:
            problems.add(f'{key}: in the manual, missing from MAP')
    for key in MAP:
        if key not in keys:
            problems.add(f'{key}: in MAP, not in the manual')
    if len(set(keys)) != len(keys):
        problems.add('the manual documents a name twice: ' + str(sorted(k for k in keys if keys.count(k) > 1)))

    out = [HEADER]
    for title, member in SECTIONS:
        rows = [(k, kind, args) for k, kind, args in manual if member(k)]
        if not rows:
            continue
        out.append(f'## {title}\n\n')
        out.append('| 0.5.1 manual and Python | C | GJS | Vala | notes |\n')
        out.append('|---|---|---|---|---|\n')
        for key, kind, args in rows:
            refs, note = MAP.get(key, ([], ''))
            check_python(key, kind)
            cells = [spell(r, gir, vapi) for r in refs]
            c = '; '.join(x[0] for x in cells) or '—'
            js = '; '.join(x[1] for x in cells) or '—'
            vala = '; '.join(x[2] for x in cells) or '—'
            out.append(f'| {manual_spelling(key, kind, args)} | {c} | {js} | {vala} | {note} |\n')
        out.append('\n')

    # Later pyOpenSSL names: a list bounded by pyOpenSSL's API, so that a new
    # gossl function of its own changes nothing here.
    manual_keys = set(keys)
    out.append('## Later pyOpenSSL names\n\n')
    out.append('Names that pyOpenSSL versions after 0.5.1 added, and what answers them in gossl. gossl\'s Python '
               'package has them under the same names, except where a row says otherwise.\n\n')
    seen = set()
    for title, member in LATER_SECTIONS:
        rows = [row for row in LATER if member(row[0])]
        if not rows:
            continue
        out.append(f'### {title} (later)\n\n')
        out.append('| pyOpenSSL and Python | C | GJS | Vala | notes |\n')
        out.append('|---|---|---|---|---|\n')
        for key, shown, refs, note in rows:
            if (key, shown) in seen:
                problems.add(f'{key}: listed twice in LATER')
            seen.add((key, shown))
            if shown is None:
                if key in manual_keys:
                    problems.add(f'{key}: a manual name, listed in LATER')
                shown = f'`{key.split(".", 1)[1]}`'
            elif not shown.startswith('`'):
                shown = f'`{shown}`'
            check_python(key, 'data', LATER_PYTHON_ABSENT)
            if key in LATER_PYTHON_ABSENT:
                shown += ' (not in gossl\'s Python package)'
            if key in NOT_IN_PYOPENSSL23:
                shown += ' (not in pyOpenSSL 23)'
            cells = [spell(r, gir, vapi) for r in refs]
            c = '; '.join(x[0] for x in cells) or '—'
            js = '; '.join(x[1] for x in cells) or '—'
            vala = '; '.join(x[2] for x in cells) or '—'
            out.append(f'| {shown} | {c} | {js} | {vala} | {note} |\n')
        out.append('\n')
    for key, *_ in LATER:
        if not any(member(key) for _, member in LATER_SECTIONS):
            problems.add(f'{key}: in LATER, in no section')
    check_pyopenssl23(sorted({row[0] for row in LATER}))

    out.append('## Beyond pyOpenSSL\n\n')
    out.append('Everything else gossl has (GIO\'s certificate properties and `GTlsCertificate` conversions, '
               '`GDateTime` and `GBytes` forms, [class@Gossl.TlsStream] ...) is in the [API reference](index.html); '
               '[Reading the 0.5.1 manual](manual-notes.html) lists the Python names beyond the manual.\n')
    return ''.join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--manual', required=True)
    parser.add_argument('--gir', required=True)
    parser.add_argument('--vapi', required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument('--output')
    group.add_argument('--check')
    args = parser.parse_args()

    if not os.path.exists(args.manual):
        print(f'gen-migration: {args.manual} not found: nothing to check against')
        sys.exit(77)  # meson test: skipped
    manual = parse_manual(args.manual)
    gir = Gir([args.gir] + [p for p in SYSTEM_GIRS if os.path.exists(p)])
    vapi = Vapi([args.vapi] + [p for p in SYSTEM_VAPIS if os.path.exists(p)])
    page = build_page(manual, gir, vapi)

    status = 0
    if problems:
        for p in problems:
            print(f'gen-migration: {p}', file=sys.stderr)
        status = 1
    if args.output:
        with open(args.output, 'w', encoding='utf-8') as f:
            f.write(page)
        print(f'wrote {args.output}: {len(manual)} manual names')
    else:
        with open(args.check, encoding='utf-8') as f:
            current = f.read()
        if current != page:
            print(f'gen-migration: {args.check} is out of date: run docs/gen-migration.py --output {args.check}',
                  file=sys.stderr)
            import difflib
            sys.stderr.writelines(difflib.unified_diff(current.splitlines(True), page.splitlines(True),
                                                       args.check, 'generated', n=1))
            status = 1
        else:
            print(f'{args.check} is up to date: {len(manual)} manual names, each checked against the GIR, '
                  f'the VAPI and the Python package')
    sys.exit(status)


if __name__ == '__main__':
    main()
