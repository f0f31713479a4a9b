"""OpenSSL.crypto.CRL and Revoked: building, signing, loading and dumping
revocation lists, compared with pyOpenSSL 23 and checked by real verifiers
(the stdlib's ssl in a TLS handshake, pyOpenSSL's X509StoreContext)."""

import datetime
import ssl
import subprocess

import pytest

from OpenSSL import crypto
from ssl_helpers import Worker, kill_socket, path, read, tcp_pair, watchdog  # noqa: F401

pytestmark = pytest.mark.usefixtures("watchdog")

CA = crypto.load_certificate(crypto.FILETYPE_PEM, read("ca.pem"))
CA_KEY = crypto.load_privatekey(crypto.FILETYPE_PEM, read("ca.key"))
SERVER = crypto.load_certificate(crypto.FILETYPE_PEM, read("server.pem"))  # serial 2
CLIENT = crypto.load_certificate(crypto.FILETYPE_PEM, read("client.pem"))  # serial 3


def revoked(serial, reason=None, when=b"20240601000000Z"):
    entry = crypto.Revoked()
    entry.set_serial(serial)
    entry.set_rev_date(when)
    if reason is not None:
        entry.set_reason(reason)
    return entry


def signed_crl(*entries, digest=b"sha256"):
    crl = crypto.CRL()
    for entry in entries:
        crl.add_revoked(entry)
    crl.set_version(1)
    crl.set_lastUpdate(b"20240601000000Z")
    crl.set_nextUpdate(b"50000601000000Z")
    crl.sign(CA, CA_KEY, digest)
    return crl


# --- Revoked -------------------------------------------------------------------


def test_new_revoked_is_empty():
    entry = crypto.Revoked()
    assert type(entry) is crypto.Revoked
    assert entry.get_serial() == b"00"
    assert entry.get_reason() is None
    assert entry.get_rev_date() is None


def test_serial_reads_the_leading_hex_digits():
    entry = crypto.Revoked()
    assert entry.set_serial(b"10b") is None
    assert entry.get_serial() == b"010B"
    entry.set_serial(b"31ppp")
    assert entry.get_serial() == b"31"
    entry.set_serial(b"-ff")
    assert entry.get_serial() == b"-FF"
    entry.set_serial(b"123456789abcdef0123456789abcdef")
    assert entry.get_serial() == b"0123456789ABCDEF0123456789ABCDEF"


@pytest.mark.parametrize("bad", [b"pqrst", b"", b"-", b" 1"])
def test_serial_without_hex_digits_is_a_value_error(bad):
    entry = crypto.Revoked()
    entry.set_serial(b"1")
    with pytest.raises(ValueError):
        entry.set_serial(bad)
    assert entry.get_serial() == b"01"


@pytest.mark.parametrize("bad", [100, None, 1.5, object()])
def test_serial_of_the_wrong_type_is_a_type_error(bad):
    with pytest.raises(TypeError):
        crypto.Revoked().set_serial(bad)


def test_all_reasons_are_pyopenssls():
    entry = crypto.Revoked()
    reasons = entry.all_reasons()
    assert reasons == [b"unspecified", b"keyCompromise", b"CACompromise",
                       b"affiliationChanged", b"superseded", b"cessationOfOperation",
                       b"certificateHold"]
    reasons.append(b"changed")
    assert len(entry.all_reasons()) == 7


def test_each_reason_sets_and_reads_back():
    entry = crypto.Revoked()
    for reason in entry.all_reasons():
        for _ in range(2):
            assert entry.set_reason(reason) is None
            got = entry.get_reason()
            assert got.lower().replace(b" ", b"") == reason.lower().replace(b" ", b"")
            reason = got
    entry.set_reason(b"sUpErSeDEd")
    assert entry.get_reason() == b"Superseded"
    entry.set_reason(None)
    assert entry.get_reason() is None
    entry.set_reason(None)
    assert entry.get_reason() is None


@pytest.mark.parametrize("bad", [object(), 1.0, "superseded", 1])
def test_reason_of_the_wrong_type_is_a_type_error(bad):
    with pytest.raises(TypeError):
        crypto.Revoked().set_reason(bad)


@pytest.mark.parametrize("bad", [b"blue", b"", b"removeFromCRL", b"AACompromise"])
def test_unknown_reason_is_a_value_error_and_changes_nothing(bad):
    entry = crypto.Revoked()
    entry.set_reason(b"keyCompromise")
    with pytest.raises(ValueError):
        entry.set_reason(bad)
    assert entry.get_reason() == b"Key Compromise"


def test_rev_date_round_trip():
    entry = crypto.Revoked()
    now = datetime.datetime.now().strftime("%Y%m%d%H%M%SZ").encode("ascii")
    assert entry.set_rev_date(now) is None
    assert entry.get_rev_date() == now
    entry.set_rev_date(b"50000601000000Z")
    assert entry.get_rev_date() == b"50000601000000Z"


def test_bad_rev_date():
    entry = crypto.Revoked()
    entry.set_rev_date(b"20240601000000Z")
    with pytest.raises(ValueError):
        entry.set_rev_date(b"yesterday")
    with pytest.raises(TypeError):
        entry.set_rev_date(20240601)
    assert entry.get_rev_date() == b"20240601000000Z"


# --- CRL -----------------------------------------------------------------------


def test_new_crl_is_empty():
    crl = crypto.CRL()
    assert type(crl) is crypto.CRL
    assert crl.get_revoked() is None
    assert type(crl.get_issuer()) is crypto.X509Name
    assert crl.get_issuer().CN is None


def test_entries_go_in_and_come_out_as_copies():
    crl = crypto.CRL()
    entry = revoked(b"3ab")
    crl.add_revoked(entry)
    entry.set_serial(b"100")
    entry.set_reason(b"superseded")
    crl.add_revoked(revoked=entry)
    entries = crl.get_revoked()
    assert type(entries) is tuple and len(entries) == 2
    assert [e.get_serial() for e in entries] == [b"03AB", b"0100"]
    assert [e.get_reason() for e in entries] == [None, b"Superseded"]
    entries[0].set_serial(b"ff")
    assert crl.get_revoked()[0].get_serial() == b"03AB"


def test_sign_sets_issuer_and_sorts():
    crl = signed_crl(revoked(b"3ab"), revoked(b"100", b"keyCompromise"))
    assert crl.get_issuer().CN == "gossl test CA"
    assert [e.get_serial() for e in crl.get_revoked()] == [b"0100", b"03AB"]


def test_pem_and_der_round_trip():
    crl = signed_crl(revoked(b"2", b"keyCompromise"), revoked(b"3ab"))
    pem = crypto.dump_crl(crypto.FILETYPE_PEM, crl)
    der = crypto.dump_crl(crypto.FILETYPE_ASN1, crl)
    assert pem.startswith(b"-----BEGIN X509 CRL-----\n")
    from_pem = crypto.load_crl(crypto.FILETYPE_PEM, pem)
    from_der = crypto.load_crl(crypto.FILETYPE_ASN1, der)
    assert crypto.dump_crl(crypto.FILETYPE_ASN1, from_pem) == der
    assert crypto.dump_crl(crypto.FILETYPE_PEM, from_der) == pem
    # A str buffer is PEM text.
    assert crypto.dump_crl(crypto.FILETYPE_ASN1,
                           crypto.load_crl(crypto.FILETYPE_PEM, pem.decode())) == der
    entries = from_der.get_revoked()
    assert [(e.get_serial(), e.get_reason(), e.get_rev_date()) for e in entries] == [
        (b"02", b"Key Compromise", b"20240601000000Z"),
        (b"03AB", None, b"20240601000000Z"),
    ]


def test_text_dump_is_openssls():
    crl = signed_crl(revoked(b"3ab", b"superseded"))
    text = crypto.dump_crl(crypto.FILETYPE_TEXT, crl)
    pem = crypto.dump_crl(crypto.FILETYPE_PEM, crl)
    # X509_CRL_print() writes names in OpenSSL's "compat" form.
    out = subprocess.run(["openssl", "crl", "-noout", "-text", "-nameopt", "compat"], input=pem,
                         capture_output=True, check=True, timeout=30)
    assert text == out.stdout


def test_export_issues_the_list_now():
    crl = crypto.CRL()
    crl.add_revoked(revoked(b"3ab", b"superseded"))
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    der = crl.export(CA, CA_KEY, crypto.FILETYPE_ASN1, days=20, digest=b"sha384")
    text = subprocess.run(["openssl", "crl", "-inform", "DER", "-noout", "-text"], input=der,
                          capture_output=True, check=True, timeout=30).stdout
    assert b"Signature Algorithm: sha384WithRSAEncryption" in text
    assert b", CN = gossl test CA\n" in text
    crypto_crl = crypto.load_crl(crypto.FILETYPE_ASN1, der).to_cryptography()
    last = crypto_crl.last_update.replace(tzinfo=datetime.timezone.utc)
    assert abs((last - before).total_seconds()) < 60
    assert crypto_crl.next_update - crypto_crl.last_update == datetime.timedelta(days=20)
    assert crl.export(CA, CA_KEY, digest=b"sha256").startswith(b"-----BEGIN X509 CRL-----")
    assert len(crl.export(CA, CA_KEY, type=crypto.FILETYPE_TEXT, digest="sha256")) > 500


def test_cryptography_round_trip():
    x509 = pytest.importorskip("cryptography.x509")
    crl = signed_crl(revoked(b"2", b"keyCompromise"))
    crypto_crl = crl.to_cryptography()
    assert isinstance(crypto_crl, x509.CertificateRevocationList)
    assert crypto_crl.get_revoked_certificate_by_serial_number(2) is not None
    back = crypto.CRL.from_cryptography(crypto_crl)
    assert type(back) is crypto.CRL
    assert crypto.dump_crl(crypto.FILETYPE_PEM, back) == crypto.dump_crl(crypto.FILETYPE_PEM, crl)
    with pytest.raises(TypeError):
        crypto.CRL.from_cryptography(object())
    with pytest.raises(TypeError):
        crypto.CRL.from_cryptography(crl)


# --- bad input -----------------------------------------------------------------


@pytest.mark.parametrize("data", [b"hello, world", read("garbage.bin"), read("ca.pem"), b""])
@pytest.mark.parametrize("filetype", [crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1])
def test_load_crl_bad_data_is_an_error(data, filetype):
    with pytest.raises(crypto.Error):
        crypto.load_crl(filetype, data)


@pytest.mark.parametrize("filetype", [100, crypto.FILETYPE_TEXT, None, "PEM"])
def test_load_crl_bad_filetype_is_a_value_error(filetype):
    with pytest.raises(ValueError):
        crypto.load_crl(filetype, read("ca.pem"))


@pytest.mark.parametrize("filetype", [100, None, "PEM", [1]])
def test_dump_crl_bad_filetype_is_a_value_error(filetype):
    with pytest.raises(ValueError):
        crypto.dump_crl(filetype, crypto.CRL())


def test_dump_crl_of_something_else_is_a_type_error():
    with pytest.raises(TypeError):
        crypto.dump_crl(crypto.FILETYPE_PEM, CA)


def test_export_argument_errors():
    crl = crypto.CRL()
    with pytest.raises(TypeError):
        crl.export(CA, CA_KEY)  # no digest
    with pytest.raises(TypeError):
        crl.export(None, CA_KEY, crypto.FILETYPE_PEM, 10, b"sha256")
    with pytest.raises(TypeError):
        crl.export(CA, None, crypto.FILETYPE_PEM, 10, b"sha256")
    with pytest.raises(TypeError):
        crl.export(CA, CA_KEY, None, 10, b"sha256")
    with pytest.raises(TypeError):
        crl.export(CA, CA_KEY, crypto.FILETYPE_PEM, "10", b"sha256")
    with pytest.raises(ValueError):
        crl.export(CA, CA_KEY, 100, 10, digest=b"sha256")
    with pytest.raises(ValueError):
        crl.export(CA, CA_KEY, crypto.FILETYPE_PEM, 10, b"strange-digest")
    # None of these issued the list: refused before anything changed.
    assert crl._crl.get_last_update() is None
    assert crl._crl.get_next_update() is None


def test_keys_that_cannot_sign_are_errors():
    public_only = CA.get_pubkey()
    crl = crypto.CRL()
    with pytest.raises(crypto.Error):
        crl.export(crypto.X509(), crypto.PKey(), digest=b"sha256")
    with pytest.raises(crypto.Error):
        crl.export(CA, public_only, digest=b"sha256")
    with pytest.raises(crypto.Error):
        crl.sign(CA, public_only, b"sha256")
    with pytest.raises(crypto.Error):
        crl.sign(CA, crypto.PKey(), b"sha256")
    with pytest.raises(ValueError):
        crl.sign(CA, CA_KEY, b"strange-digest")
    with pytest.raises(TypeError):
        crl.sign(CA_KEY, CA, b"sha256")


def test_bad_crl_fields():
    crl = crypto.CRL()
    with pytest.raises(TypeError):
        crl.add_revoked(CA)
    with pytest.raises(crypto.Error):
        crl.add_revoked(crypto.Revoked())  # no revocation date
    assert crl.get_revoked() is None
    with pytest.raises(ValueError):
        crl.set_version(5)
    with pytest.raises(TypeError):
        crl.set_version("1")
    with pytest.raises(ValueError):
        crl.set_lastUpdate(b"not a time")
    with pytest.raises(ValueError):
        crl.set_nextUpdate(b"2024")
    with pytest.raises(TypeError):
        crl.set_nextUpdate(None)


# --- side by side with pyOpenSSL 23 -----------------------------------------------


def test_revoked_matches_pyopenssl(pyopenssl23):
    code = """
    out = []
    for serial in serials:
        r = crypto.Revoked()
        r.set_serial(serial)
        out.append(r.get_serial())
    r = crypto.Revoked()
    for reason in r.all_reasons() + [b"Key Compromise", b"CACOMPROMISE"]:
        r.set_reason(reason)
        out.append(r.get_reason())
    out.append(r.all_reasons())
    print(repr(out))
    """
    serials = [b"10b", b"31ppp", b"0", b"ff", b"-1", b"deadbeefcafe"]
    ref = pyopenssl23(code, serials=serials)
    ours = []
    for serial in serials:
        r = crypto.Revoked()
        r.set_serial(serial)
        ours.append(r.get_serial())
    r = crypto.Revoked()
    for reason in r.all_reasons() + [b"Key Compromise", b"CACOMPROMISE"]:
        r.set_reason(reason)
        ours.append(r.get_reason())
    ours.append(r.all_reasons())
    assert ours == ref


def test_pyopenssl_reads_our_list_and_we_read_its(pyopenssl23):
    ours = signed_crl(revoked(b"2", b"keyCompromise"), revoked(b"3ab", b"certificateHold"),
                      revoked(b"100"))
    pem = crypto.dump_crl(crypto.FILETYPE_PEM, ours)
    ref = pyopenssl23("""
    crl = crypto.load_crl(crypto.FILETYPE_PEM, pem)
    entries = [(r.get_serial(), r.get_reason(), r.get_rev_date()) for r in crl.get_revoked()]
    print(repr((entries, crl.get_issuer().CN, crypto.dump_crl(crypto.FILETYPE_PEM, crl),
                crypto.dump_crl(crypto.FILETYPE_TEXT, crl))))
    """, pem=pem)
    entries = [(r.get_serial(), r.get_reason(), r.get_rev_date()) for r in ours.get_revoked()]
    assert ref == (entries, "gossl test CA", pem, crypto.dump_crl(crypto.FILETYPE_TEXT, ours))

    theirs = pyopenssl23("""
    ca = crypto.load_certificate(crypto.FILETYPE_PEM, ca_pem)
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, key_pem)
    crl = crypto.CRL()
    for serial, reason in ((b"5", b"affiliationChanged"), (b"4", None)):
        r = crypto.Revoked()
        r.set_serial(serial)
        r.set_rev_date(b"20240601000000Z")
        r.set_reason(reason)
        crl.add_revoked(r)
    print(repr(crl.export(ca, key, crypto.FILETYPE_ASN1, 3, b"sha256")))
    """, ca_pem=read("ca.pem"), key_pem=read("ca.key"))
    loaded = crypto.load_crl(crypto.FILETYPE_ASN1, theirs)
    assert [(r.get_serial(), r.get_reason()) for r in loaded.get_revoked()] == [
        (b"05", b"Affiliation Changed"), (b"04", None)]
    assert loaded.get_issuer().CN == "gossl test CA"
    assert crypto.dump_crl(crypto.FILETYPE_ASN1, loaded) == theirs


def test_pyopenssl_refuses_the_certificate_our_list_revokes(pyopenssl23):
    pem = crypto.dump_crl(crypto.FILETYPE_PEM, signed_crl(revoked(b"2", b"keyCompromise")))
    ref = pyopenssl23("""
    store = crypto.X509Store()
    store.add_cert(crypto.load_certificate(crypto.FILETYPE_PEM, ca_pem))
    store.add_crl(crypto.load_crl(crypto.FILETYPE_PEM, pem))
    store.set_flags(crypto.X509StoreFlags.CRL_CHECK)
    out = []
    for cert_pem in (server_pem, client_pem):
        cert = crypto.load_certificate(crypto.FILETYPE_PEM, cert_pem)
        try:
            crypto.X509StoreContext(store, cert).verify_certificate()
            out.append("ok")
        except crypto.X509StoreContextError as e:
            out.append(str(e))
    print(repr(out))
    """, pem=pem, ca_pem=read("ca.pem"), server_pem=read("server.pem"),
        client_pem=read("client.pem"))
    assert ref == ["certificate revoked", "ok"]


# --- a real verifier: the stdlib's ssl, in a TLS handshake -------------------------


def _handshake_with_crl(tmp_path, crl):
    """A TLS handshake to a server presenting server.pem, by a stdlib client
    trusting ca.pem and checking the leaf against *crl* (dumped to a file).
    Returns None on success, or the client's SSLError."""
    crl_file = tmp_path / "crl.pem"
    crl_file.write_bytes(crypto.dump_crl(crypto.FILETYPE_PEM, crl))
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.load_verify_locations(path("ca.pem"))
    client_ctx.load_verify_locations(str(crl_file))
    client_ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(path("server.pem"), path("server.key"))

    csock, ssock = tcp_pair()

    def serve():
        try:
            with server_ctx.wrap_socket(ssock, server_side=True):
                pass
        except (ssl.SSLError, OSError):
            pass

    worker = Worker(serve)
    try:
        with client_ctx.wrap_socket(csock, server_hostname="localhost"):
            return None
    except ssl.SSLCertVerificationError as e:
        return e
    finally:
        kill_socket(csock)
        kill_socket(ssock)
        worker.result()


def test_stdlib_ssl_refuses_the_certificate_our_list_revokes(tmp_path):
    error = _handshake_with_crl(tmp_path, signed_crl(revoked(b"2", b"keyCompromise")))
    assert error is not None
    assert error.verify_message == "certificate revoked"


def test_stdlib_ssl_accepts_a_certificate_our_list_does_not_revoke(tmp_path):
    assert _handshake_with_crl(tmp_path, signed_crl(revoked(b"3"))) is None
    # An exported list (issued now, due in 30 days) works the same.
    crl = crypto.CRL()
    crl.add_revoked(revoked(b"2"))
    exported = crypto.load_crl(crypto.FILETYPE_PEM,
                               crl.export(CA, CA_KEY, days=30, digest=b"sha256"))
    assert _handshake_with_crl(tmp_path, exported).verify_message == "certificate revoked"


# --- X509Store.add_crl -----------------------------------------------------------


def test_store_add_crl_takes_crls():
    store = crypto.X509Store()
    crl = signed_crl(revoked(b"2"))
    assert store.add_crl(crl) is None
    store.add_crl(crl)  # twice is fine
    cryptography_x509 = pytest.importorskip("cryptography.x509")
    crypto_crl = crl.to_cryptography()
    assert isinstance(crypto_crl, cryptography_x509.CertificateRevocationList)
    assert store.add_crl(crypto_crl) is None
    with pytest.raises(TypeError):
        store.add_crl(CA)
    with pytest.raises(TypeError):
        store.add_crl(None)


def test_store_with_crl_check_refuses_the_revoked_certificate():
    store = crypto.X509Store()
    if not hasattr(store, "set_flags") or not hasattr(crypto, "X509StoreContext"):
        pytest.skip("X509Store.set_flags and X509StoreContext are not in this tree")
    store.add_cert(CA)
    store.add_crl(signed_crl(revoked(b"2")))
    store.set_flags(crypto.X509StoreFlags.CRL_CHECK)
    with pytest.raises(crypto.X509StoreContextError) as err:
        crypto.X509StoreContext(store, SERVER).verify_certificate()
    assert str(err.value) == "certificate revoked"
    crypto.X509StoreContext(store, CLIENT).verify_certificate()
