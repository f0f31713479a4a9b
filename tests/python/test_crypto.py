"""OpenSSL.crypto: the module surface, errors, and the load/dump functions
for certificates (keys, requests, PKCS #7/#12 have their own files)."""

import gc
import inspect
import os
import threading
import weakref

import pytest

import OpenSSL
from OpenSSL import crypto, rand
from OpenSSL import _gossl


# --- the package and the module ------------------------------------------------


def test_package_is_ours_and_imports_crypto_and_rand():
    assert OpenSSL.crypto is crypto
    assert OpenSSL.rand is rand
    assert isinstance(OpenSSL.__version__, str) and OpenSSL.__version__.count(".") == 2
    assert "crypto" in OpenSSL.__all__ and "rand" in OpenSSL.__all__


def test_ssl_is_lazy():
    path = os.path.join(os.path.dirname(OpenSSL.__file__), "SSL.py")
    if os.path.exists(path):
        from OpenSSL import SSL

        assert OpenSSL.SSL is SSL
    else:
        assert not hasattr(OpenSSL, "SSL")
        with pytest.raises(ImportError):
            from OpenSSL import SSL  # noqa: F401
    with pytest.raises(AttributeError):
        OpenSSL.no_such_module


MANUAL_NAMES = [
    "X509Type", "X509", "X509NameType", "X509Name", "X509ReqType", "X509Req",
    "X509StoreType", "PKeyType", "PKey", "PKCS7Type", "PKCS12Type",
    "X509ExtensionType", "X509Extension", "FILETYPE_PEM", "FILETYPE_ASN1",
    "TYPE_RSA", "TYPE_DSA", "Error", "dump_certificate",
    "dump_certificate_request", "dump_privatekey", "load_certificate",
    "load_certificate_request", "load_privatekey", "load_pkcs7_data",
    "load_pkcs12",
]


@pytest.mark.parametrize("name", MANUAL_NAMES)
def test_manual_names_exist(name):
    assert hasattr(crypto, name)


@pytest.mark.parametrize(
    "alias, cls",
    [("X509Type", "X509"), ("X509NameType", "X509Name"), ("X509ReqType", "X509Req"),
     ("X509StoreType", "X509Store"), ("PKeyType", "PKey"), ("PKCS7Type", "PKCS7"),
     ("PKCS12Type", "PKCS12"), ("X509ExtensionType", "X509Extension")],
)
def test_type_names_are_the_classes(alias, cls):
    assert getattr(crypto, alias) is getattr(crypto, cls)
    assert isinstance(getattr(crypto, cls), type)


def test_constants():
    assert crypto.FILETYPE_PEM == 1
    assert crypto.FILETYPE_ASN1 == 2
    assert crypto.TYPE_RSA == 6
    assert crypto.TYPE_DSA == 116
    assert crypto.TYPE_DH == 28
    assert crypto.TYPE_EC == 408
    for name in ("FILETYPE_PEM", "FILETYPE_ASN1", "TYPE_RSA", "TYPE_DSA"):
        assert type(getattr(crypto, name)) is int


def test_constants_match_pyopenssl(pyopenssl23):
    ref = pyopenssl23(
        "print(repr((crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1, crypto.TYPE_RSA,"
        " crypto.TYPE_DSA, crypto.TYPE_DH, crypto.TYPE_EC)))"
    )
    assert ref == (crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1, crypto.TYPE_RSA,
                   crypto.TYPE_DSA, crypto.TYPE_DH, crypto.TYPE_EC)


def test_constructors_give_instances_of_the_classes():
    assert type(crypto.X509()) is crypto.X509
    assert type(crypto.X509Req()) is crypto.X509Req
    assert type(crypto.PKey()) is crypto.PKey
    assert type(crypto.X509Store()) is crypto.X509Store
    name = crypto.X509().get_subject()
    assert type(name) is crypto.X509Name
    assert type(crypto.X509Name(name)) is crypto.X509Name
    assert type(crypto.PKCS12()) is crypto.PKCS12
    ext = crypto.X509Extension(b"basicConstraints", False, b"CA:FALSE")
    assert type(ext) is crypto.X509Extension


def test_instances_are_weakrefable_and_slotted():
    cert = crypto.X509()
    ref = weakref.ref(cert)
    assert ref() is cert
    with pytest.raises(AttributeError):
        cert.no_such_attribute = 1


def _public_callables():
    for name in crypto.__all__:
        obj = getattr(crypto, name)
        if inspect.isclass(obj):
            yield name, obj
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and (callable(member) or isinstance(member, property)):
                    yield name + "." + attr, getattr(obj, attr) if callable(member) else member
        elif callable(obj):
            yield name, obj


@pytest.mark.parametrize("name, obj", list(_public_callables()))
def test_every_public_name_has_a_docstring(name, obj):
    doc = inspect.getdoc(obj)
    assert doc and len(doc) > 10, name


def test_help_shows_the_docstring():
    assert "subject" in crypto.X509.get_subject.__doc__
    assert "live" in crypto.X509.get_subject.__doc__


def test_all_lists_only_existing_names():
    for name in crypto.__all__:
        assert hasattr(crypto, name), name


# --- errors ------------------------------------------------------------------------


def test_error_is_an_exception_with_the_openssl_list():
    with pytest.raises(crypto.Error) as info:
        crypto.load_certificate(crypto.FILETYPE_PEM, b"garbage")
    errors = info.value.args[0]
    assert isinstance(errors, list) and errors
    for entry in errors:
        assert isinstance(entry, tuple) and len(entry) == 3
        assert all(isinstance(part, str) for part in entry)
    assert ("PEM routines", "get_name", "no start line") in errors
    assert issubclass(crypto.Error, Exception)


def test_error_list_reasons_match_pyopenssl(pyopenssl23, read_file):
    ref = pyopenssl23(
        """
        out = []
        for t, data in cases:
            try:
                crypto.load_certificate(t, data)
            except crypto.Error as e:
                out.append([r for (_, _, r) in e.args[0]])
        print(repr(out))
        """,
        cases=[(1, b"garbage"), (1, read_file("server.pem")[:300]), (2, read_file("server.pem"))],
    )
    ours = []
    for t, data in [(1, b"garbage"), (1, read_file("server.pem")[:300]), (2, read_file("server.pem"))]:
        with pytest.raises(crypto.Error) as info:
            crypto.load_certificate(t, data)
        ours.append([r for (_, _, r) in info.value.args[0]])
    # Same libraries and reasons; OpenSSL 3 gives function names pyOpenSSL
    # cannot read any more, so those are not compared.
    assert ours == ref


def test_error_without_openssl_reasons_keeps_the_message():
    with pytest.raises(crypto.Error) as info:
        crypto.load_certificate(crypto.FILETYPE_ASN1, b"")
    errors = info.value.args[0]
    assert errors and all(len(e) == 3 for e in errors)
    assert any(e[2] for e in errors)


def test_no_glib_error_escapes():
    from gi.repository import GLib

    for call in [
        lambda: crypto.load_certificate(crypto.FILETYPE_PEM, b"x"),
        lambda: crypto.load_certificate(3, b"x"),
        lambda: crypto.load_privatekey(crypto.FILETYPE_PEM, b"x"),
        lambda: crypto.X509().sign(crypto.PKey(), "sha256"),
        lambda: crypto.X509().has_expired(),
        lambda: crypto.X509().get_pubkey(),
    ]:
        with pytest.raises(Exception) as info:
            call()
        assert not isinstance(info.value, GLib.Error)
        assert info.value.__cause__ is None
        assert info.value.__suppress_context__


def test_errors_are_per_thread():
    # The (lib, func, reason) list is kept per thread in C: a failure in
    # another thread in between must not change ours.
    results = {}

    def worker(i):
        try:
            if i % 2:
                crypto.load_certificate(crypto.FILETYPE_PEM, b"garbage")
            else:
                crypto.load_certificate(crypto.FILETYPE_ASN1, b"\x30\x03\x02\x01")
        except crypto.Error as e:
            results.setdefault(i % 2, set()).add(tuple(e.args[0]))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results[0]) == 1 and len(results[1]) == 1
    assert results[0] != results[1]


def test_gossl_helpers_for_ssl_module():
    # OpenSSL.SSL reuses these.
    assert _gossl.CRYPTO_DOMAIN and _gossl.SSL_DOMAIN
    assert _gossl.passphrase(None) is None
    assert _gossl.passphrase("pé") == "pé".encode("utf-8")
    assert _gossl.passphrase(b"x") == b"x"
    assert _gossl.passphrase(lambda *a: b"") is _gossl.CALLBACK
    with pytest.raises(TypeError):
        _gossl.passphrase(5)
    assert _gossl.call_passphrase(lambda flag: "s", 0) == b"s"
    with pytest.raises(ValueError):
        _gossl.call_passphrase(lambda flag: 5, 0)
    for cls in (crypto.X509, crypto.PKey, crypto.X509Store, crypto.X509Name,
                crypto.X509Req, crypto.X509Extension):
        assert callable(cls._wrap)


# --- load_certificate / dump_certificate --------------------------------------------


def test_load_certificate_pem_and_der(read_file):
    pem = crypto.load_certificate(crypto.FILETYPE_PEM, read_file("server.pem"))
    der = crypto.load_certificate(crypto.FILETYPE_ASN1, read_file("server.der"))
    assert type(pem) is crypto.X509
    assert pem.get_subject().CN == der.get_subject().CN == "localhost"
    assert pem.get_serial_number() == der.get_serial_number() == 2
    assert crypto.dump_certificate(crypto.FILETYPE_ASN1, pem) == read_file("server.der")
    assert crypto.dump_certificate(crypto.FILETYPE_PEM, der) == read_file("server.pem")


def test_load_certificate_accepts_str_and_buffers(read_file):
    pem = read_file("server.pem")
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem.decode("ascii"))
    assert cert.get_serial_number() == 2
    assert crypto.load_certificate(crypto.FILETYPE_PEM, bytearray(pem)).get_serial_number() == 2
    assert crypto.load_certificate(crypto.FILETYPE_PEM, memoryview(pem)).get_serial_number() == 2


def test_dump_certificate_is_byte_identical_to_pyopenssl(pyopenssl23, files_dir, read_file):
    names = ["server.pem", "ca.pem", "client.pem", "ecdsa.pem"]
    ref = pyopenssl23(
        """
        out = []
        for n in names:
            c = crypto.load_certificate(crypto.FILETYPE_PEM, open(d + '/' + n, 'rb').read())
            out.append((crypto.dump_certificate(crypto.FILETYPE_PEM, c),
                        crypto.dump_certificate(crypto.FILETYPE_ASN1, c)))
        print(repr(out))
        """,
        names=names, d=files_dir,
    )
    for name, (ref_pem, ref_der) in zip(names, ref):
        cert = crypto.load_certificate(crypto.FILETYPE_PEM, read_file(name))
        dumped_pem = crypto.dump_certificate(crypto.FILETYPE_PEM, cert)
        assert type(dumped_pem) is bytes
        assert dumped_pem == ref_pem
        assert crypto.dump_certificate(crypto.FILETYPE_ASN1, cert) == ref_der


@pytest.mark.parametrize(
    "filetype, data",
    [
        (crypto.FILETYPE_PEM, b"garbage"),
        (crypto.FILETYPE_PEM, b""),
        (crypto.FILETYPE_ASN1, b""),
        (crypto.FILETYPE_ASN1, b"garbage"),
        (crypto.FILETYPE_PEM, b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"),
        (crypto.FILETYPE_PEM, b"-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n"),
    ],
)
def test_load_certificate_bad_data_raises_error(filetype, data):
    with pytest.raises(crypto.Error):
        crypto.load_certificate(filetype, data)


def test_load_certificate_truncated_and_swapped_encodings(read_file):
    pem, der = read_file("server.pem"), read_file("server.der")
    for filetype, data in [
        (crypto.FILETYPE_PEM, pem[:300]),
        (crypto.FILETYPE_PEM, pem[:-40]),
        (crypto.FILETYPE_ASN1, der[:100]),
        (crypto.FILETYPE_ASN1, der[:-1]),
        (crypto.FILETYPE_PEM, der),  # DER given as PEM
        (crypto.FILETYPE_ASN1, pem),  # PEM given as DER
        (crypto.FILETYPE_PEM, read_file("server.key")),  # a key, not a certificate
        (crypto.FILETYPE_PEM, read_file("garbage.bin")),
    ]:
        with pytest.raises(crypto.Error) as info:
            crypto.load_certificate(filetype, data)
        assert info.value.args[0]


@pytest.mark.parametrize("filetype", [0, 3, -1, 65535, "PEM", None, 1.5, [1]])
def test_wrong_filetype_is_value_error(filetype, read_file):
    pem = read_file("server.pem")
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    with pytest.raises(ValueError, match="FILETYPE_PEM or FILETYPE_ASN1"):
        crypto.load_certificate(filetype, pem)
    # 65535 is FILETYPE_TEXT: for dumps only (test_filetype_text.py)
    if filetype != crypto.FILETYPE_TEXT:
        with pytest.raises(ValueError):
            crypto.dump_certificate(filetype, cert)
    with pytest.raises(ValueError):
        crypto.load_certificate_request(filetype, read_file("server.csr"))
    with pytest.raises(ValueError):
        crypto.load_privatekey(filetype, read_file("server.key"))
    if filetype != crypto.FILETYPE_TEXT:
        with pytest.raises(ValueError):
            crypto.dump_privatekey(filetype, crypto.load_privatekey(1, read_file("server.key")))
    with pytest.raises(ValueError):
        crypto.load_pkcs7_data(filetype, read_file("pkcs7-signed.pem"))
    with pytest.raises(ValueError):
        crypto.load_publickey(filetype, b"")


def test_bool_filetype_is_accepted_like_pyopenssl(read_file):
    # True == FILETYPE_PEM in pyOpenSSL's comparisons too.
    assert crypto.load_certificate(True, read_file("server.pem")).get_serial_number() == 2


@pytest.mark.parametrize("buffer", [None, 5, 1.0, object(), ["x"]])
def test_load_certificate_wrong_buffer_type(buffer):
    with pytest.raises(TypeError):
        crypto.load_certificate(crypto.FILETYPE_PEM, buffer)


def test_load_certificate_non_ascii_str():
    with pytest.raises(ValueError):  # UnicodeEncodeError, as pyOpenSSL
        crypto.load_certificate(crypto.FILETYPE_PEM, "é")


@pytest.mark.parametrize("cert", [None, "x", b"x", 5])
def test_dump_certificate_wrong_type(cert):
    with pytest.raises(TypeError):
        crypto.dump_certificate(crypto.FILETYPE_PEM, cert)


def test_dump_certificate_of_a_key_is_type_error(read_file):
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, read_file("server.key"))
    with pytest.raises(TypeError):
        crypto.dump_certificate(crypto.FILETYPE_PEM, key)


def test_dump_empty_certificate_is_error():
    with pytest.raises(crypto.Error):
        crypto.dump_certificate(crypto.FILETYPE_PEM, crypto.X509())


def test_loaded_certificates_are_freed(read_file):
    pem = read_file("server.pem")
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    ref = weakref.ref(cert)
    del cert
    gc.collect()
    assert ref() is None


def test_pydoc_renders_help():
    import pydoc

    text = pydoc.render_doc(crypto.X509.get_subject, renderer=pydoc.plaintext)
    assert "live" in text
    text = pydoc.render_doc(crypto, renderer=pydoc.plaintext)
    assert "load_certificate" in text and "X509Name" in text


def test_uninitialised_wrapper_does_not_recurse():
    name = crypto.X509Name.__new__(crypto.X509Name)
    with pytest.raises(AttributeError):
        name.CN
    with pytest.raises(AttributeError):
        name.title
