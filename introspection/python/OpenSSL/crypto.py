"""Generic cryptographic module: certificates, requests, names, keys,
PKCS #7 and PKCS #12.

The API of pyOpenSSL 0.5.1's ``OpenSSL.crypto`` (with the later pyOpenSSL
additions that are cheap to offer), implemented over the gossl library
through GObject introspection. Buffers are ``bytes`` (a ``str`` given as
input is encoded as ASCII), serial numbers and versions Python ``int``.

Errors from OpenSSL raise :class:`Error`, whose ``args[0]`` is OpenSSL's list
of ``(library, function, reason)`` strings; unknown digests, ciphers and file
types raise ``ValueError``; arguments of the wrong type ``TypeError``.
"""

import calendar as _calendar
import datetime as _datetime
import typing as _typing
import warnings as _warnings
from typing import Optional as _Optional, Union as _Union

from OpenSSL import _gossl
from OpenSSL._gossl import Gossl, GLib as _GLib, GError as _GError

__all__ = [
    "FILETYPE_PEM",
    "FILETYPE_ASN1",
    "FILETYPE_TEXT",
    "TYPE_RSA",
    "TYPE_DSA",
    "TYPE_DH",
    "TYPE_EC",
    "Error",
    "PKey",
    "PKeyType",
    "X509Name",
    "X509NameType",
    "X509Extension",
    "X509ExtensionType",
    "X509Req",
    "X509ReqType",
    "X509",
    "X509Type",
    "X509Store",
    "X509StoreType",
    "X509StoreFlags",
    "X509StoreContext",
    "X509StoreContextError",
    "PKCS7",
    "PKCS7Type",
    "PKCS12",
    "PKCS12Type",
    "NetscapeSPKI",
    "load_certificate",
    "dump_certificate",
    "load_certificate_request",
    "dump_certificate_request",
    "load_privatekey",
    "dump_privatekey",
    "load_publickey",
    "dump_publickey",
    "load_pkcs7_data",
    "load_pkcs12",
    "Revoked",
    "CRL",
    "load_crl",
    "dump_crl",
    "sign",
    "verify",
    "get_elliptic_curves",
    "get_elliptic_curve",
]

FILETYPE_PEM = 1
FILETYPE_ASN1 = 2
FILETYPE_TEXT = 2**16 - 1

TYPE_RSA = 6
TYPE_DSA = 116
TYPE_DH = 28
TYPE_EC = 408


class Error(Exception):
    """An error occurred in an ``OpenSSL.crypto`` API.

    ``args[0]`` is the list of ``(library, function, reason)`` string triples
    OpenSSL reported; when OpenSSL reported nothing it holds one triple
    ``('', '', message)`` describing the failure.
    """


# --- private helpers, bound once --------------------------------------------

_new = object.__new__
_exception = _gossl.exception_from_gerror
_to_bytes = _gossl.to_bytes
_to_text = _gossl.to_text
_INVALID_ARGUMENT = _gossl.CRYPTO_INVALID_ARGUMENT
_NOT_SUPPORTED = _gossl.CRYPTO_NOT_SUPPORTED
_CRYPTO_DOMAIN = _gossl.CRYPTO_DOMAIN
_PASSPHRASE_REQUIRED = _gossl.CRYPTO_PASSPHRASE_REQUIRED
_BAD_PASSPHRASE = _gossl.CRYPTO_BAD_PASSPHRASE
_CALLBACK = _gossl.CALLBACK

# Keyed by the pyOpenSSL constants; a dict lookup both validates the value
# and gives PyGObject the enum it wants (a bare int outside the enum would be
# a TypeError there, pyOpenSSL raises ValueError).
_FILETYPES = {1: Gossl.Filetype.PEM, 2: Gossl.Filetype.ASN1}
_PEM = Gossl.Filetype.PEM
_FILETYPE_MESSAGE = "type argument must be FILETYPE_PEM or FILETYPE_ASN1"


def _filetype(type):
    try:
        return _FILETYPES[type]
    except (KeyError, TypeError):
        raise ValueError(_FILETYPE_MESSAGE) from None


def _error(gerror):
    return _exception(gerror, Error)


# Wrappers whose failures all map the usual way are decorated with this
# instead of catching GError themselves.
_translated = _gossl.translating(Error)


def _check_digest(digest):
    if digest.__class__ is not str and not isinstance(digest, str):
        raise TypeError("digest must be a str, not %s" % type(digest).__name__)
    _to_text(digest, "digest")


_pkey_new = Gossl.PKey.new
_pkey_new_from_data = Gossl.PKey.new_from_data
_pkey_new_public_from_data = Gossl.PKey.new_public_from_data
_pkey_generate_key = Gossl.PKey.generate_key
_pkey_get_bits = Gossl.PKey.get_bits
_pkey_get_key_type = Gossl.PKey.get_key_type
_pkey_is_initialized = Gossl.PKey.is_initialized
_pkey_has_private = Gossl.PKey.has_private
_pkey_check = Gossl.PKey.check
_pkey_to_data = Gossl.PKey.to_data
_pkey_public_to_data = Gossl.PKey.public_to_data
_KEY_TYPES = {int(v): v for v in (Gossl.KeyType.RSA, Gossl.KeyType.DSA)}

_name_new = Gossl.X509Name.new
_name_copy = Gossl.X509Name.copy
_name_get_entry = Gossl.X509Name.get_entry
_name_get_entry_bytes = Gossl.X509Name.get_entry_bytes
_name_set_entry = Gossl.X509Name.set_entry
_name_get_components = Gossl.X509Name.get_components
_name_get_components_bytes = Gossl.X509Name.get_components_bytes
_name_to_string = Gossl.X509Name.to_string
_name_to_der = Gossl.X509Name.to_der
_name_compare = Gossl.X509Name.compare
_name_hash = Gossl.X509Name.hash

_ext_new = Gossl.X509Extension.new
_ext_get_critical = Gossl.X509Extension.get_critical
_ext_get_short_name = Gossl.X509Extension.get_short_name
_ext_get_data = Gossl.X509Extension.get_data
_ext_to_bytes = Gossl.X509Extension.to_bytes

_x509_new = Gossl.X509.new
_x509_new_from_data = Gossl.X509.new_from_data
_x509_to_data = Gossl.X509.to_data
_x509_get_version = Gossl.X509.get_version
_x509_set_version = Gossl.X509.set_version
_x509_get_serial_number = Gossl.X509.get_serial_number
_x509_set_serial_number = Gossl.X509.set_serial_number
_x509_get_subject = Gossl.X509.get_subject
_x509_get_subject_entry = Gossl.X509.get_subject_entry
_x509_set_subject = Gossl.X509.set_subject
_x509_get_issuer = Gossl.X509.get_issuer
_x509_get_issuer_entry = Gossl.X509.get_issuer_entry
_x509_set_issuer = Gossl.X509.set_issuer
_x509_get_pubkey = Gossl.X509.get_pubkey
_x509_set_pubkey = Gossl.X509.set_pubkey
_x509_gmtime_adj_not_before = Gossl.X509.gmtime_adj_not_before
_x509_gmtime_adj_not_after = Gossl.X509.gmtime_adj_not_after
_x509_get_not_before = Gossl.X509.get_not_before
_x509_get_not_after = Gossl.X509.get_not_after
_x509_set_not_before = Gossl.X509.set_not_before
_x509_set_not_after = Gossl.X509.set_not_after
_x509_has_expired = Gossl.X509.has_expired
_x509_sign = Gossl.X509.sign
_x509_digest = Gossl.X509.digest
_x509_get_signature_algorithm = Gossl.X509.get_signature_algorithm
_x509_add_extension = Gossl.X509.add_extension
_x509_get_extension_count = Gossl.X509.get_extension_count
_x509_get_extension = Gossl.X509.get_extension

_req_new = Gossl.X509Req.new
_req_new_from_data = Gossl.X509Req.new_from_data
_req_to_data = Gossl.X509Req.to_data
_req_get_subject = Gossl.X509Req.get_subject
_req_get_subject_entry = Gossl.X509Req.get_subject_entry
_req_get_pubkey = Gossl.X509Req.get_pubkey
_req_set_pubkey = Gossl.X509Req.set_pubkey
_req_get_version = Gossl.X509Req.get_version
_req_set_version = Gossl.X509Req.set_version
_req_sign = Gossl.X509Req.sign
_req_verify = Gossl.X509Req.verify
_req_add_extensions = Gossl.X509Req.add_extensions
_req_get_extensions = Gossl.X509Req.get_extensions

_store_new = Gossl.X509Store.new
_store_add_cert = Gossl.X509Store.add_cert
_store_set_flags = Gossl.X509Store.set_flags
_store_set_time = Gossl.X509Store.set_time
_store_load_locations = Gossl.X509Store.load_locations
_store_context_new = Gossl.X509StoreContext.new
_store_context_set_store = Gossl.X509StoreContext.set_store
_store_context_verify = Gossl.X509StoreContext.verify_certificate
_store_context_get_verified_chain = Gossl.X509StoreContext.get_verified_chain
_store_context_get_error = Gossl.X509StoreContext.get_error
_store_context_get_error_depth = Gossl.X509StoreContext.get_error_depth
_store_context_get_current_certificate = Gossl.X509StoreContext.get_current_certificate
_BAD_CERTIFICATE = int(Gossl.CryptoError.BAD_CERTIFICATE)
_VerifyFlags = Gossl.VerifyFlags
_datetime_from_unix = _GLib.DateTime.new_from_unix_utc
_store_add_crl = Gossl.X509Store.add_crl

_pkcs7_new_from_data = Gossl.PKCS7.new_from_data
_pkcs7_type_is_signed = Gossl.PKCS7.type_is_signed
_pkcs7_type_is_enveloped = Gossl.PKCS7.type_is_enveloped
_pkcs7_type_is_signed_and_enveloped = Gossl.PKCS7.type_is_signed_and_enveloped
_pkcs7_type_is_data = Gossl.PKCS7.type_is_data
_pkcs7_get_type_name = Gossl.PKCS7.get_type_name

_pkcs12_new_from_data = Gossl.PKCS12.new_from_data
_pkcs12_get_certificate = Gossl.PKCS12.get_certificate
_pkcs12_get_privatekey = Gossl.PKCS12.get_privatekey
_pkcs12_get_ca_certificates = Gossl.PKCS12.get_ca_certificates
_pkcs12_get_friendly_name = Gossl.PKCS12.get_friendly_name
_pkcs12_new = Gossl.PKCS12.new
_pkcs12_set_certificate = Gossl.PKCS12.set_certificate
_pkcs12_set_privatekey = Gossl.PKCS12.set_privatekey
_pkcs12_set_ca_certificates = Gossl.PKCS12.set_ca_certificates
_pkcs12_set_friendly_name = Gossl.PKCS12.set_friendly_name
_pkcs12_export = Gossl.PKCS12.export
_PKCS12_TRIPLE_DES = Gossl.PKCS12Encryption.TRIPLE_DES

_spki_new = Gossl.NetscapeSpki.new
_spki_to_base64 = Gossl.NetscapeSpki.to_base64
_spki_sign = Gossl.NetscapeSpki.sign
_spki_verify = Gossl.NetscapeSpki.verify
_spki_get_pubkey = Gossl.NetscapeSpki.get_pubkey
_spki_set_pubkey = Gossl.NetscapeSpki.set_pubkey

_pkey_sign = Gossl.PKey.sign
_pkey_verify = Gossl.PKey.verify
_text_filetypes = {**_FILETYPES, FILETYPE_TEXT: Gossl.Filetype.TEXT}
_TEXT_FILETYPE_MESSAGE = (
    "type argument must be FILETYPE_PEM, FILETYPE_ASN1, or FILETYPE_TEXT"
)


def _gbytes(data, what):
    return _gossl.GLib.Bytes.new(bytes(_to_bytes(data, what)))


def _text_filetype(type):
    try:
        return _text_filetypes[type]
    except (KeyError, TypeError):
        raise ValueError(_TEXT_FILETYPE_MESSAGE) from None


def _bytes_and_warn(label, value, stacklevel=3):
    # pyOpenSSL 23 still takes str here, encoded as UTF-8, with a warning
    # that points at the caller of the public function (one level more
    # behind @_translated).
    if isinstance(value, str):
        _warnings.warn(
            "str for %s is no longer accepted, use bytes" % label,
            DeprecationWarning,
            stacklevel=stacklevel,
        )
        return value.encode("utf-8")
    return value


def _callback_passphrase(callback, rwflag):
    # OpenSSL gives a passphrase callback a 1024-byte buffer (PEM_BUFSIZE);
    # pyOpenSSL refuses a longer answer rather than cut it.
    secret = _gossl.call_passphrase(callback, rwflag)
    if len(secret) > 1024:
        raise ValueError("passphrase returned by callback is too long")
    return secret


# --- PKey ----------------------------------------------------------------------


class PKey:
    """A public key, or a public/private key pair (RSA, DSA, EC, ...).

    ``PKey()`` makes an empty key object: fill it with :meth:`generate_key`.
    Keys also come from :func:`load_privatekey`, :func:`load_publickey`,
    :meth:`X509.get_pubkey` and :meth:`X509Req.get_pubkey`.
    """

    __slots__ = ("_gpkey", "__weakref__")

    def __init__(self):
        self._gpkey = _pkey_new()

    @classmethod
    def _wrap(cls, gobject):
        """Wraps a ``Gossl.PKey`` without copying it."""
        self = _new(cls)
        self._gpkey = gobject
        return self

    def generate_key(self, type, bits):
        """Generate a key pair of the given *type* (:data:`TYPE_RSA` or
        :data:`TYPE_DSA`) with *bits* bits into this object, replacing any
        key it held.

        :raises TypeError: if *type* or *bits* is not an ``int``
        :raises ValueError: if *bits* is not positive
        :raises Error: for an unknown key type or a size OpenSSL refuses
        """
        if not isinstance(type, int):
            raise TypeError("type must be an integer")
        if not isinstance(bits, int):
            raise TypeError("bits must be an integer")
        key_type = _KEY_TYPES.get(type)
        if key_type is None:
            raise Error("No such key type")
        if bits <= 0 or bits > 0x7FFFFFFF:
            raise ValueError("Invalid number of bits")
        try:
            _pkey_generate_key(self._gpkey, key_type, bits)
        except _GError as e:
            # A size OpenSSL cannot use is its refusal, as in pyOpenSSL.
            raise Error(_gossl.error_list(e)) from None

    def bits(self):
        """Return the number of bits of the key (0 for an empty key)."""
        return _pkey_get_bits(self._gpkey)

    def type(self):
        """Return the type of the key: :data:`TYPE_RSA`, :data:`TYPE_DSA`,
        :data:`TYPE_EC`, ... (OpenSSL's ``EVP_PKEY`` id; 0 for an empty
        key)."""
        return int(_pkey_get_key_type(self._gpkey))

    def check(self):
        """Check the consistency of an RSA private key.

        :return: ``True`` if the key is consistent
        :raises Error: if it is not
        :raises TypeError: for a public-only key or a key that is not RSA
        """
        try:
            return _pkey_check(self._gpkey)
        except _GError as e:
            if e.code == _INVALID_ARGUMENT and e.domain == _gossl.CRYPTO_DOMAIN:
                raise TypeError(e.message) from None
            raise _error(e) from None

    @property
    def _only_public(self) -> bool:
        # pyOpenSSL's attribute, read by code (and tests) written for it.
        return _pkey_is_initialized(self._gpkey) and not _pkey_has_private(self._gpkey)

    @property
    def _initialized(self) -> bool:
        return _pkey_is_initialized(self._gpkey)

    def to_cryptography_key(self):
        """Export as a ``cryptography`` key: an ``RSAPrivateKey``,
        ``EllipticCurvePublicKey``, ``Ed25519PrivateKey``... (public when
        this key holds only the public half). Needs the optional
        ``cryptography`` package."""
        serialization = _cryptography_module("hazmat.primitives.serialization")
        if self._only_public:
            der = dump_publickey(FILETYPE_ASN1, self)
            return serialization.load_der_public_key(der)
        # PEM is PKCS #8, which cryptography reads for every key type.
        return serialization.load_pem_private_key(dump_privatekey(FILETYPE_PEM, self), None)

    @classmethod
    def from_cryptography_key(cls, crypto_key) -> "PKey":
        """Make a :class:`PKey` from a ``cryptography`` RSA, DSA, EC,
        Ed25519 or Ed448 key, private or public.

        :raises TypeError: for any other object (an X25519 key included)
        """
        types = _cryptography_key_types()
        if not isinstance(crypto_key, types[0] + types[1]):
            raise TypeError("Unsupported key type")
        serialization = _cryptography_module("hazmat.primitives.serialization")
        if isinstance(crypto_key, types[1]):
            der = crypto_key.public_bytes(
                serialization.Encoding.DER,
                serialization.PublicFormat.SubjectPublicKeyInfo,
            )
            return load_publickey(FILETYPE_ASN1, der)
        der = crypto_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return load_privatekey(FILETYPE_ASN1, der)


PKeyType = PKey


# --- X509Name ------------------------------------------------------------------

# The manual's names, pyOpenSSL's, and OpenSSL's short names, mapped once to
# what OpenSSL's OBJ_txt2nid() knows. Other OpenSSL names ("title",
# "serialNumber", a dotted OID...) go to C as they are.
_NAME_FIELDS = {
    "country_name": "C",
    "countryName": "C",
    "C": "C",
    "state_or_province": "ST",
    "stateOrProvinceName": "ST",
    "ST": "ST",
    "SP": "ST",
    "locality": "L",
    "localityName": "L",
    "L": "L",
    "organization": "O",
    "organizationName": "O",
    "O": "O",
    "organizational_unit": "OU",
    "organizationalUnitName": "OU",
    "OU": "OU",
    "common_name": "CN",
    "commonName": "CN",
    "CN": "CN",
    "email": "emailAddress",
    "emailAddress": "emailAddress",
}
_NAME_FIELD_DOCS = {
    "C": "The country of the entity (two letters).",
    "ST": "The state or province of the entity.",
    "L": "The locality of the entity.",
    "O": "The organization name of the entity.",
    "OU": "The organizational unit of the entity.",
    "CN": "The common name of the entity.",
    "emailAddress": "The e-mail address of the entity.",
}


class X509Name:
    """An X.509 distinguished name: the subject or issuer of a certificate,
    the subject of a request.

    Entries are attributes, ``None`` when unset. Each has the manual's name,
    pyOpenSSL's long name and OpenSSL's short name:

    ============================ ======================== =====
    ``country_name``             ``countryName``          ``C``
    ``state_or_province``        ``stateOrProvinceName``  ``ST`` (and ``SP``)
    ``locality``                 ``localityName``         ``L``
    ``organization``             ``organizationName``     ``O``
    ``organizational_unit``      ``organizationalUnitName`` ``OU``
    ``common_name``              ``commonName``           ``CN``
    ``email``                    ``emailAddress``
    ============================ ======================== =====

    Any other attribute OpenSSL knows by name works too (``title``,
    ``serialNumber``, ...); an unknown one raises ``AttributeError``.

    ``X509Name(name)`` makes an independent copy of *name*. The names
    returned by :meth:`X509.get_subject`, :meth:`X509.get_issuer` and
    :meth:`X509Req.get_subject` are live views: setting an attribute changes
    the certificate, and the view keeps the certificate alive.
    """

    # A name is either a Gossl.X509Name (_gname; _owner is None) or, for the
    # views get_subject()/get_issuer() return, the owning Gossl.X509/X509Req
    # (_owner) with a _NameSource. Views read entries through the owner
    # (one call, no Gossl.X509Name to wrap: a wrapper costs PyGObject more
    # than the read) and make their Gossl.X509Name view (_gname, unset
    # until then) only when something needs it (_name).
    __slots__ = ("_gname", "_owner", "_source", "__weakref__")

    def __init__(self, name):
        """Create a new X509Name, a copy of the X509Name *name*."""
        if not isinstance(name, X509Name):
            raise TypeError("name must be an X509Name, not %s" % type(name).__name__)
        _gname_set(self, _name_copy(name._gx509name))
        _owner_set(self, None)

    @classmethod
    def _wrap(cls, gobject):
        """Wraps a ``Gossl.X509Name`` (a copy or a view) without copying it."""
        self = _new(cls)
        _gname_set(self, gobject)
        _owner_set(self, None)
        return self

    @property
    def _gx509name(self):
        try:
            return self._gname
        except AttributeError:
            gname = self._source.view(self._owner)
            _gname_set(self, gname)
            return gname

    def _get_entry(self, field):
        owner = self._owner
        if owner is not None:
            return self._source.entry(owner, field)
        return _name_get_entry(self._gname, field)

    def __getattr__(self, attr):
        # Only reached for names that are neither slots, methods nor the
        # properties made below: other OpenSSL attribute names.
        if attr[:1] == "_":
            raise AttributeError(attr)
        try:
            return self._get_entry(attr)
        except _GError as e:
            if e.code == _INVALID_ARGUMENT:
                raise AttributeError("No such attribute") from None
            return _entry_fallback(self, attr, e)

    def __setattr__(self, attr, value):
        field = _NAME_FIELDS.get(attr)
        if field is None:
            if attr[:1] == "_":
                raise AttributeError(
                    "'X509Name' object has no attribute %r" % (attr,)
                )
            field = attr
        try:
            value = _to_text(value, "attribute value")
        except (TypeError, ValueError):
            # An unknown attribute is the error to report, whatever the
            # value (as pyOpenSSL does).
            if field is attr:
                try:
                    self._get_entry(attr)
                except _GError as e:
                    if e.code == _INVALID_ARGUMENT:
                        raise AttributeError("No such attribute") from None
            raise
        try:
            _name_set_entry(self._gx509name, field, value)
        except _GError as e:
            if e.code == _INVALID_ARGUMENT and field is attr:
                raise AttributeError("No such attribute") from None
            raise _error(e) from None

    def __delattr__(self, attr):
        field = _NAME_FIELDS.get(attr, attr)
        if attr[:1] == "_":
            raise AttributeError(attr)
        try:
            _name_set_entry(self._gx509name, field, None)
        except _GError as e:
            if e.code == _INVALID_ARGUMENT:
                raise AttributeError("No such attribute") from None
            raise _error(e) from None

    def __eq__(self, other):
        if not isinstance(other, X509Name):
            return NotImplemented
        return _name_compare(self._gx509name, other._gx509name) == 0

    def __ne__(self, other):
        if not isinstance(other, X509Name):
            return NotImplemented
        return _name_compare(self._gx509name, other._gx509name) != 0

    def __lt__(self, other):
        if not isinstance(other, X509Name):
            return NotImplemented
        return _name_compare(self._gx509name, other._gx509name) < 0

    def __le__(self, other):
        if not isinstance(other, X509Name):
            return NotImplemented
        return _name_compare(self._gx509name, other._gx509name) <= 0

    def __gt__(self, other):
        if not isinstance(other, X509Name):
            return NotImplemented
        return _name_compare(self._gx509name, other._gx509name) > 0

    def __ge__(self, other):
        if not isinstance(other, X509Name):
            return NotImplemented
        return _name_compare(self._gx509name, other._gx509name) >= 0

    # Names are mutable (and views change with their certificate): not
    # hashable, as in pyOpenSSL.
    __hash__ = None

    def __copy__(self):
        """An independent copy, as ``X509Name(name)``."""
        return X509Name(self)

    def __deepcopy__(self, memo):
        """An independent copy, as ``X509Name(name)``."""
        return X509Name(self)

    def __repr__(self):
        return "<X509Name object '%s'>" % (_name_to_string(self._gx509name),)

    def hash(self):
        """Return the hash OpenSSL uses for this name (``X509_NAME_hash``),
        as an ``int``: the name part of ``c_rehash`` file names."""
        return _name_hash(self._gx509name)

    def der(self):
        """Return the DER encoding of this name, as ``bytes``."""
        return _name_to_der(self._gx509name)

    def get_components(self):
        """Return the entries of this name in order, as a list of
        ``(name, value)`` pairs of ``bytes``, e.g. ``[(b'CN', b'example')]``.
        Values are UTF-8, exactly as in the certificate (a NUL byte
        included)."""
        components = _name_get_components(self._gx509name).unpack()
        for key, value in components:
            if "\ufffd" in value:
                # A NUL, or bytes that are not UTF-8, read as U+FFFD in the
                # string form: take the exact values.
                return [
                    (key.encode("ascii"), bytes(value))
                    for key, value in _name_get_components_bytes(self._gx509name).unpack()
                ]
        return [(key.encode("ascii"), value.encode("utf-8")) for key, value in components]


def _entry_fallback(name, field, gerror):
    """The value of *field* in the X509Name *name* when reading it as a
    string failed with *gerror*: a value holding a NUL, which only the bytes
    reading carries, as the exact ``str``; otherwise the exception."""
    if gerror.code == _NOT_SUPPORTED and gerror.domain == _CRYPTO_DOMAIN:
        data = _name_get_entry_bytes(name._gx509name, field)
        return None if data is None else data.get_data().decode("utf-8", "replace")
    raise _error(gerror) from None


_gname_set = X509Name._gname.__set__
_owner_set = X509Name._owner.__set__
_source_set = X509Name._source.__set__


def _name_view(owner, source, _new=_new, _cls=X509Name):
    """A live X509Name view of *owner*'s name that *source* (a _NameSource)
    reads."""
    self = _new(_cls)
    _owner_set(self, owner)
    _source_set(self, source)
    return self


class _NameSource:
    """How a name view reads its owner: *entry(owner, field)* reads one
    entry, *view(owner)* makes the Gossl.X509Name view."""

    __slots__ = ("entry", "view")

    def __init__(self, entry, view):
        self.entry = entry
        self.view = view


_X509_SUBJECT = _NameSource(_x509_get_subject_entry, _x509_get_subject)
_X509_ISSUER = _NameSource(_x509_get_issuer_entry, _x509_get_issuer)
_REQ_SUBJECT = _NameSource(_req_get_subject_entry, _req_get_subject)


def _name_property(attr, field):
    # The hot path of `cert.get_subject().CN`: kept to slot reads and one
    # GI call.
    def fget(self, _get=_name_get_entry, _field=field):
        try:
            owner = self._owner
            if owner is not None:
                return self._source.entry(owner, _field)
            return _get(self._gname, _field)
        except _GError as e:
            return _entry_fallback(self, _field, e)

    fget.__name__ = attr
    return property(fget, doc=_NAME_FIELD_DOCS[field] + " ``None`` when unset.")


for _attr, _field in _NAME_FIELDS.items():
    setattr(X509Name, _attr, _name_property(_attr, _field))
del _attr, _field

X509NameType = X509Name


# --- X509Extension -----------------------------------------------------------


class X509Extension:
    """An X.509 v3 certificate extension.

    ``X509Extension(type_name, critical, value, subject=None, issuer=None)``
    makes one from its OpenSSL configuration-file form, e.g.
    ``X509Extension(b"basicConstraints", True, b"CA:TRUE")``. *type_name*
    and *value* may be ``bytes`` or ``str``. *subject* and *issuer* are the
    certificates some extensions need (``subjectKeyIdentifier`` with
    ``hash``, ``authorityKeyIdentifier``).
    """

    __slots__ = ("_ext", "__weakref__")

    @_translated
    def __init__(self, type_name, critical, value, subject=None, issuer=None):
        type_name = _to_text(type_name, "type_name")
        value = _to_text(value, "value")
        if subject is not None:
            if not isinstance(subject, X509):
                raise TypeError("subject must be an X509 instance")
            subject = subject._gx509
        if issuer is not None:
            if not isinstance(issuer, X509):
                raise TypeError("issuer must be an X509 instance")
            issuer = issuer._gx509
        self._ext = _ext_new(type_name, bool(critical), value, subject, issuer)

    @classmethod
    def _wrap(cls, gobject):
        """Wraps a ``Gossl.X509Extension`` without copying it."""
        self = _new(cls)
        self._ext = gobject
        return self

    def get_critical(self):
        """Return the critical field of the extension (``True`` or
        ``False``)."""
        return _ext_get_critical(self._ext)

    def get_short_name(self):
        """Return the short type name of the extension, as ``bytes``, e.g.
        ``b'basicConstraints'``."""
        return _ext_get_short_name(self._ext).encode("ascii")

    def get_data(self):
        """Return the DER-encoded value of the extension, as ``bytes``."""
        return _ext_get_data(self._ext)

    def __str__(self):
        """The value as OpenSSL prints it, e.g. ``'CA:TRUE'``. The names of
        a subjectAltName are written as the certificate holds them, a NUL
        byte included, as pyOpenSSL does."""
        return _ext_to_bytes(self._ext).get_data().decode("utf-8", "replace")


X509ExtensionType = X509Extension


def _check_extensions(extensions):
    gobjects = []
    for ext in extensions:
        if not isinstance(ext, X509Extension):
            raise ValueError("One of the elements is not an X509Extension")
        gobjects.append(ext._ext)
    return gobjects


# --- X509Req -----------------------------------------------------------------


class X509Req:
    """An X.509 certificate signing request. ``X509Req()`` makes an empty
    one (version 0)."""

    def to_cryptography(self):
        """Export as a ``cryptography.x509.CertificateSigningRequest``
        (needs the optional ``cryptography`` package)."""
        x509 = _cryptography_module("x509")
        return x509.load_der_x509_csr(dump_certificate_request(FILETYPE_ASN1, self))

    @classmethod
    def from_cryptography(cls, crypto_req) -> "X509Req":
        """Make an :class:`X509Req` from a
        ``cryptography.x509.CertificateSigningRequest``.

        :raises TypeError: for any other object
        """
        x509 = _cryptography_module("x509", TypeError("Must be a certificate signing request"))
        if not isinstance(crypto_req, x509.CertificateSigningRequest):
            raise TypeError("Must be a certificate signing request")
        der = crypto_req.public_bytes(_cryptography_der())
        return load_certificate_request(FILETYPE_ASN1, der)

    __slots__ = ("_greq", "_subject", "__weakref__")

    def __init__(self):
        self._greq = _req_new()
        self._subject = None

    @classmethod
    def _wrap(cls, gobject):
        """Wraps a ``Gossl.X509Req`` without copying it."""
        self = _new(cls)
        self._greq = gobject
        self._subject = None
        return self

    @_translated
    def get_pubkey(self):
        """Return the public key of the request, as a :class:`PKey`.

        :raises Error: when the request has no key yet
        """
        return PKey._wrap(_req_get_pubkey(self._greq))

    @_translated
    def set_pubkey(self, pkey):
        """Set the public key of the request to *pkey* (a :class:`PKey`)."""
        if not isinstance(pkey, PKey):
            raise TypeError("pkey must be a PKey instance")
        _req_set_pubkey(self._greq, pkey._gpkey)

    def get_subject(self):
        """Return the subject of the request: a live :class:`X509Name` view.
        Setting its attributes changes the request; the view keeps the
        request alive."""
        subject = self._subject
        if subject is None:
            subject = self._subject = _name_view(self._greq, _REQ_SUBJECT)
        return subject

    def set_version(self, version):
        """Set the version field of the request (0 for PKCS #10 v1, the only
        version defined: any other raises :class:`Error`, as pyOpenSSL does
        over OpenSSL 3.2 and later)."""
        if not isinstance(version, int):
            raise TypeError("version must be an integer")
        try:
            _req_set_version(self._greq, version)
        except _GError as e:
            if e.code == _INVALID_ARGUMENT and e.domain == _CRYPTO_DOMAIN:
                raise Error([("", "", e.message)]) from None
            raise _error(e) from None
        except OverflowError:
            raise ValueError("version out of range") from None

    def get_version(self):
        """Return the version field of the request, an ``int``."""
        return _req_get_version(self._greq)

    @_translated
    def sign(self, pkey, digest):
        """Sign the request with the private key *pkey*, using the message
        digest named *digest* (``"sha256"``, ...).

        :raises ValueError: for an unknown digest, or a key without its
            private part
        """
        if not isinstance(pkey, PKey):
            raise TypeError("pkey must be a PKey instance")
        _check_digest(digest)
        _req_sign(self._greq, pkey._gpkey, digest)

    def verify(self, pkey):
        """Verify the signature of the request with the public key *pkey*.

        :return: ``True`` when the signature is correct
        :raises Error: when it is not (or cannot be checked)
        """
        if not isinstance(pkey, PKey):
            raise TypeError("pkey must be a PKey instance")
        try:
            _req_verify(self._greq, pkey._gpkey)
        except _GError as e:
            raise Error(_gossl.error_list(e)) from None
        return True

    @_translated
    def add_extensions(self, extensions):
        """Add the :class:`X509Extension` objects of the iterable
        *extensions* to the request."""
        gobjects = _check_extensions(extensions)
        _req_add_extensions(self._greq, gobjects)

    @_translated
    def get_extensions(self):
        """Return the extensions of the request, a list of
        :class:`X509Extension`."""
        gobjects = _req_get_extensions(self._greq)
        wrap = X509Extension._wrap
        return [wrap(g) for g in gobjects]


X509ReqType = X509Req


# --- X509 ----------------------------------------------------------------------


class _NoCffiPointer:
    """What ``X509._x509`` and ``SSL.Context._context`` are: pyOpenSSL's
    cffi pointers there have no counterpart here; cffi refuses this object
    with a TypeError naming it."""

    __slots__ = ("_what",)

    def __init__(self, what):
        self._what = what

    def __repr__(self):
        return "<gossl: no cffi %s pointer>" % self._what


_NO_CFFI_POINTER = _NoCffiPointer("X509; use X509.to_cryptography()")


class X509:
    """An X.509 certificate. ``X509()`` makes an empty one to fill in and
    sign; :func:`load_certificate` reads one."""

    @property
    def _x509(self):
        # urllib3 1.26's inject_into_urllib3() takes pyOpenSSL to be usable
        # only if X509()._x509 is not None, and then reads a peer's names
        # with to_cryptography(). Code that hands _x509 to cryptography's
        # cffi backend gets cffi's TypeError naming _NoCffiPointer, not a
        # GObject.
        return _NO_CFFI_POINTER

    def to_cryptography(self):
        """Export as a ``cryptography.x509.Certificate`` (needs the
        optional ``cryptography`` package)."""
        x509 = _cryptography_module("x509")
        return x509.load_der_x509_certificate(dump_certificate(FILETYPE_ASN1, self))

    @classmethod
    def from_cryptography(cls, crypto_cert) -> "X509":
        """Make an :class:`X509` from a ``cryptography.x509.Certificate``.

        :raises TypeError: for any other object
        """
        x509 = _cryptography_module("x509", TypeError("Must be a certificate"))
        if not isinstance(crypto_cert, x509.Certificate):
            raise TypeError("Must be a certificate")
        return load_certificate(FILETYPE_ASN1, crypto_cert.public_bytes(_cryptography_der()))

    __slots__ = ("_gx509", "_subject", "_issuer", "__weakref__")

    def __init__(self):
        self._gx509 = _x509_new()
        self._subject = self._issuer = None

    @classmethod
    def _wrap(cls, gobject):
        """Wraps a ``Gossl.X509`` without copying it."""
        self = _new(cls)
        self._gx509 = gobject
        self._subject = self._issuer = None
        return self

    def get_issuer(self):
        """Return the issuer of the certificate: a live :class:`X509Name`
        view. Setting its attributes changes the certificate; the view keeps
        the certificate alive."""
        issuer = self._issuer
        if issuer is None:
            issuer = self._issuer = _name_view(self._gx509, _X509_ISSUER)
        return issuer

    def get_subject(self):
        """Return the subject of the certificate: a live :class:`X509Name`
        view. Setting its attributes changes the certificate; the view keeps
        the certificate alive."""
        subject = self._subject
        if subject is None:
            subject = self._subject = _name_view(self._gx509, _X509_SUBJECT)
        return subject

    @_translated
    def set_issuer(self, issuer):
        """Set the issuer of the certificate to a copy of the
        :class:`X509Name` *issuer*."""
        if not isinstance(issuer, X509Name):
            raise TypeError("name must be an X509Name")
        _x509_set_issuer(self._gx509, issuer._gx509name)

    @_translated
    def set_subject(self, subject):
        """Set the subject of the certificate to a copy of the
        :class:`X509Name` *subject*."""
        if not isinstance(subject, X509Name):
            raise TypeError("name must be an X509Name")
        _x509_set_subject(self._gx509, subject._gx509name)

    @_translated
    def get_pubkey(self):
        """Return the public key of the certificate, as a :class:`PKey`.

        :raises Error: when the certificate has no key yet
        """
        return PKey._wrap(_x509_get_pubkey(self._gx509))

    @_translated
    def set_pubkey(self, pkey):
        """Set the public key of the certificate to *pkey* (a
        :class:`PKey`)."""
        if not isinstance(pkey, PKey):
            raise TypeError("pkey must be a PKey instance")
        _x509_set_pubkey(self._gx509, pkey._gpkey)

    def get_serial_number(self):
        """Return the serial number of the certificate, an ``int`` of any
        size."""
        return int(_x509_get_serial_number(self._gx509), 16)

    @_translated
    def set_serial_number(self, serialno):
        """Set the serial number of the certificate to the ``int``
        *serialno* (any size)."""
        if not isinstance(serialno, int):
            raise TypeError("serial must be an integer")
        _x509_set_serial_number(self._gx509, format(serialno, "x"))

    def get_version(self):
        """Return the version of the certificate: 0 for v1, 2 for v3."""
        return _x509_get_version(self._gx509)

    def set_version(self, version):
        """Set the version of the certificate (zero-based: 2 is v3)."""
        if not isinstance(version, int):
            raise TypeError("version must be an integer")
        try:
            _x509_set_version(self._gx509, version)
        except _GError as e:
            raise _error(e) from None
        except OverflowError:
            raise ValueError("version out of range") from None

    def gmtime_adj_notBefore(self, time):
        """Set the start of the validity period to now plus *time* seconds
        (GMT).

        :raises ValueError: for a time outside the years 1900 to 9999 (the
            period is left as it was)
        """
        _gmtime_adj(_x509_gmtime_adj_not_before, self._gx509, time)

    def gmtime_adj_notAfter(self, time):
        """Set the end of the validity period to now plus *time* seconds
        (GMT).

        :raises ValueError: for a time outside the years 1900 to 9999 (the
            period is left as it was)
        """
        _gmtime_adj(_x509_gmtime_adj_not_after, self._gx509, time)

    def get_notBefore(self):
        """Return the start of the validity period as ``bytes``
        ``YYYYMMDDhhmmssZ``, or ``None`` when unset."""
        when = _x509_get_not_before(self._gx509)
        return None if when is None else when.encode("ascii")

    def get_notAfter(self):
        """Return the end of the validity period as ``bytes``
        ``YYYYMMDDhhmmssZ``, or ``None`` when unset."""
        when = _x509_get_not_after(self._gx509)
        return None if when is None else when.encode("ascii")

    @_translated
    def set_notBefore(self, when):
        """Set the start of the validity period; *when* is an ASN.1 time
        ``YYYYMMDDhhmmssZ`` (``bytes``).

        :raises ValueError: for a malformed time
        """
        when = _when(when)
        _x509_set_not_before(self._gx509, when)

    @_translated
    def set_notAfter(self, when):
        """Set the end of the validity period; *when* is an ASN.1 time
        ``YYYYMMDDhhmmssZ`` (``bytes``).

        :raises ValueError: for a malformed time
        """
        when = _when(when)
        _x509_set_not_after(self._gx509, when)

    @_translated
    def has_expired(self):
        """Return ``True`` if the certificate's end of validity is past,
        ``False`` otherwise.

        :raises ValueError: when the certificate has no end of validity
        """
        return _x509_has_expired(self._gx509)

    @_translated
    def sign(self, pkey, digest):
        """Sign the certificate with the private key *pkey*, using the
        message digest named *digest* (``"sha256"``, ...).

        :raises ValueError: for an unknown digest, or a key without its
            private part
        """
        if not isinstance(pkey, PKey):
            raise TypeError("pkey must be a PKey instance")
        _check_digest(digest)
        _x509_sign(self._gx509, pkey._gpkey, digest)

    @_translated
    def digest(self, digest_name):
        """Return the digest of the DER certificate with the message digest
        *digest_name*, as ``bytes`` of colon-separated upper-case hex pairs
        (``b'AB:CD:...'``).

        :raises ValueError: for an unknown digest
        """
        _check_digest(digest_name)
        return _x509_digest(self._gx509, digest_name).encode("ascii")

    @_translated
    def get_signature_algorithm(self):
        """Return the long name of the signature algorithm, as ``bytes``
        (``b'sha256WithRSAEncryption'``).

        :raises ValueError: when the certificate is unsigned
        """
        return _x509_get_signature_algorithm(self._gx509).encode("ascii")

    def subject_name_hash(self):
        """Return the hash of the subject name, as :meth:`X509Name.hash`."""
        return _name_hash(self.get_subject()._gx509name)

    def add_extensions(self, extensions):
        """Add the :class:`X509Extension` objects of the iterable
        *extensions* to the certificate."""
        x509 = self._gx509
        for gobject in _check_extensions(extensions):
            try:
                _x509_add_extension(x509, gobject)
            except _GError as e:
                raise _error(e) from None

    def get_extension_count(self):
        """Return the number of extensions of the certificate."""
        return _x509_get_extension_count(self._gx509)

    def get_extension(self, index):
        """Return extension number *index* (from 0) of the certificate, an
        :class:`X509Extension`.

        :raises IndexError: when there is no such extension
        """
        if not isinstance(index, int):
            raise TypeError("an integer is required")
        if index < 0 or index > 0xFFFFFFFF:
            raise IndexError("extension index out of bounds")
        try:
            return X509Extension._wrap(_x509_get_extension(self._gx509, index))
        except _GError as e:
            if e.code == _INVALID_ARGUMENT:
                raise IndexError("extension index out of bounds") from None
            raise _error(e) from None


X509Type = X509


def _gmtime_adj(adjust, x509, time):
    if not isinstance(time, int):
        raise TypeError("amount must be an integer")
    try:
        adjust(x509, time)
    except _GError as e:
        raise _error(e) from None
    except OverflowError:
        # Past what C's long holds: far outside any time a certificate takes.
        raise ValueError(
            "Invalid time offset: %d seconds from now is outside the years 1900 to 9999"
            % time
        ) from None


def _when(when):
    if not isinstance(when, (bytes, str)):
        raise TypeError("when must be a byte string")
    return _to_text(when, "when")


# --- X509Store -----------------------------------------------------------------


class X509Store:
    """A store of trusted certificates. ``X509Store()`` makes an empty
    one."""

    __slots__ = ("_gstore", "__weakref__")

    def __init__(self):
        self._gstore = _store_new()

    @classmethod
    def _wrap(cls, gobject):
        """Wraps a ``Gossl.X509Store`` without copying it."""
        self = _new(cls)
        self._gstore = gobject
        return self

    @_translated
    def add_cert(self, cert):
        """Add the certificate *cert* (an :class:`X509`) to the store as
        trusted."""
        if not isinstance(cert, X509):
            raise TypeError("cert must be an X509 instance")
        _store_add_cert(self._gstore, cert._gx509)

    def set_flags(self, flags: int) -> None:
        """Turn on the verification *flags*, :class:`X509StoreFlags`
        constants or'ed together; flags already on stay on."""
        if not isinstance(flags, int):
            raise TypeError("flags must be an integer")
        if flags < 0:
            # pyOpenSSL's C long conversion refuses it so.
            raise OverflowError("can't convert negative number to unsigned")
        # OpenSSL 3.0 has no flag past bit 21: higher bits are dropped.
        _store_set_flags(self._gstore, _VerifyFlags(flags & 0xFFFFFFFF))

    def set_time(self, vfy_time: _datetime.datetime) -> None:
        """Verify certificates as of *vfy_time* instead of the current time.
        A naive :class:`datetime.datetime` is UTC; as in pyOpenSSL, the
        fields of an aware one are read as UTC too."""
        if not isinstance(vfy_time, _datetime.datetime):
            raise TypeError("vfy_time must be a datetime.datetime")
        when = _datetime_from_unix(_calendar.timegm(vfy_time.timetuple()))
        if when is None:
            raise ValueError("vfy_time is out of range")
        _store_set_time(self._gstore, when)

    def load_locations(
        self,
        cafile: _typing.Union[str, bytes, None],
        capath: _typing.Union[str, bytes, None] = None,
    ) -> None:
        """Trust the PEM certificates of the file *cafile* and of the
        directory *capath* (prepared with ``openssl rehash``, read during
        verification); either may be ``None``, not both. Each call adds to
        what the store trusts.

        :raises Error: when both are ``None``, or *cafile* cannot be read or
            holds no certificate
        """
        cafile = None if cafile is None else _gossl.to_path(cafile)
        capath = None if capath is None else _gossl.to_path(capath)
        try:
            _store_load_locations(self._gstore, cafile, capath)
        except _GError as e:
            # pyOpenSSL reports a file it cannot open as Error too.
            raise Error(_gossl.error_list(e)) from None
    @_translated
    def add_crl(self, crl: "CRL") -> None:
        """Add the certificate revocation list *crl* (a :class:`CRL`, or a
        ``cryptography`` ``CertificateRevocationList``) to the store.
        Verification consults it only when the store's flags ask for CRL
        checks."""
        if not isinstance(crl, CRL):
            crl = _crl_from_foreign(crl)
        _store_add_crl(self._gstore, crl._crl)


X509StoreType = X509Store


class X509StoreFlags:
    """Verification flags for :meth:`X509Store.set_flags`, OpenSSL's
    ``X509_V_FLAG_*`` values (``Gossl.VerifyFlags``)."""

    CRL_CHECK: int = int(Gossl.VerifyFlags.CRL_CHECK)
    CRL_CHECK_ALL: int = int(Gossl.VerifyFlags.CRL_CHECK_ALL)
    IGNORE_CRITICAL: int = int(Gossl.VerifyFlags.IGNORE_CRITICAL)
    X509_STRICT: int = int(Gossl.VerifyFlags.X509_STRICT)
    ALLOW_PROXY_CERTS: int = int(Gossl.VerifyFlags.ALLOW_PROXY_CERTS)
    POLICY_CHECK: int = int(Gossl.VerifyFlags.POLICY_CHECK)
    EXPLICIT_POLICY: int = int(Gossl.VerifyFlags.EXPLICIT_POLICY)
    INHIBIT_MAP: int = int(Gossl.VerifyFlags.INHIBIT_MAP)
    NOTIFY_POLICY: int = int(Gossl.VerifyFlags.NOTIFY_POLICY)
    CHECK_SS_SIGNATURE: int = int(Gossl.VerifyFlags.CHECK_SS_SIGNATURE)
    PARTIAL_CHAIN: int = int(Gossl.VerifyFlags.PARTIAL_CHAIN)


class X509StoreContextError(Exception):
    """A certificate failed :meth:`X509StoreContext.verify_certificate`.

    ``str()`` of it is OpenSSL's reason, ``errors`` is ``[code, depth,
    reason]`` (the ``X509_V_ERR_*`` code and the depth in the chain of the
    certificate that failed) and ``certificate`` that certificate (an
    :class:`X509`)."""

    def __init__(
        self, message: str, errors: _typing.List[_typing.Any], certificate: "X509"
    ) -> None:
        super().__init__(message)
        self.errors = errors
        self.certificate = certificate


def _x509_list(chain):
    # pyOpenSSL's checks: anything without a len() (42) is a TypeError, and
    # so is an element that is no certificate.
    if chain is None or len(chain) == 0:
        return None
    certs = []
    for cert in chain:
        if not isinstance(cert, X509):
            raise TypeError("One of the elements is not an X509 instance")
        certs.append(cert._gx509)
    return certs


class X509StoreContext:
    """Verifies *certificate* against the trusted certificates of *store*
    (an :class:`X509Store`), with the certificates of *chain* (a list of
    :class:`X509`, or ``None``) as untrusted intermediates. Each
    verification reads the store as it is then."""

    __slots__ = ("_ctx", "_store", "_cert", "_chain", "__weakref__")

    def __init__(
        self,
        store: X509Store,
        certificate: X509,
        chain: _typing.Optional[_typing.Sequence[X509]] = None,
    ) -> None:
        if not isinstance(store, X509Store):
            raise TypeError("store must be an X509Store instance")
        if not isinstance(certificate, X509):
            raise TypeError("certificate must be an X509 instance")
        untrusted = _x509_list(chain)
        self._store = store
        self._cert = certificate
        self._chain = untrusted
        self._ctx = _store_context_new(store._gstore, certificate._gx509, untrusted)

    def set_store(self, store: X509Store) -> None:
        """Verify against *store* from now on."""
        if not isinstance(store, X509Store):
            raise TypeError("store must be an X509Store instance")
        _store_context_set_store(self._ctx, store._gstore)
        self._store = store

    def _verify(self):
        try:
            _store_context_verify(self._ctx)
        except _GError as e:
            if e.domain == _CRYPTO_DOMAIN and e.code == _BAD_CERTIFICATE:
                raise self._failure(e.message) from None
            raise _error(e) from None

    def _failure(self, message):
        ctx = self._ctx
        current = _store_context_get_current_certificate(ctx)
        errors = [
            int(_store_context_get_error(ctx)),
            _store_context_get_error_depth(ctx),
            message,
        ]
        # A copy, as pyOpenSSL's: changing it changes no certificate in use.
        cert = None if current is None else X509._wrap(current.copy())
        return X509StoreContextError(message, errors, cert)

    def verify_certificate(self) -> None:
        """Verify the certificate.

        :raises X509StoreContextError: when it does not verify
        """
        self._verify()

    def get_verified_chain(self) -> _typing.List[X509]:
        """Verify the certificate and return its chain, the certificate
        first and the trusted root last.

        :raises X509StoreContextError: when it does not verify
        """
        self._verify()
        return [X509._wrap(cert) for cert in _store_context_get_verified_chain(self._ctx)]


# --- PKCS7 ---------------------------------------------------------------------


class PKCS7:
    """A PKCS #7 structure, from :func:`load_pkcs7_data`."""

    __slots__ = ("_gpkcs7", "__weakref__")

    def __init__(self):
        raise TypeError("PKCS7 objects come from load_pkcs7_data()")

    @classmethod
    def _wrap(cls, gobject):
        """Wraps a ``Gossl.PKCS7``."""
        self = _new(cls)
        self._gpkcs7 = gobject
        return self

    def type_is_signed(self):
        """Return ``True`` if the content type is signedData."""
        return _pkcs7_type_is_signed(self._gpkcs7)

    def type_is_enveloped(self):
        """Return ``True`` if the content type is envelopedData."""
        return _pkcs7_type_is_enveloped(self._gpkcs7)

    def type_is_signedAndEnveloped(self):
        """Return ``True`` if the content type is signedAndEnvelopedData."""
        return _pkcs7_type_is_signed_and_enveloped(self._gpkcs7)

    def type_is_data(self):
        """Return ``True`` if the content type is data."""
        return _pkcs7_type_is_data(self._gpkcs7)

    def get_type_name(self):
        """Return the short name of the content type, as ``bytes``
        (``b'pkcs7-signedData'``)."""
        return _pkcs7_get_type_name(self._gpkcs7).encode("ascii")


PKCS7Type = PKCS7


# --- PKCS12 --------------------------------------------------------------------


class PKCS12:
    """A PKCS #12 bundle, from :func:`load_pkcs12`: a certificate, its
    private key, CA certificates and a friendly name, each possibly absent.
    ``PKCS12()`` makes an empty one whose parts can be set."""

    __slots__ = ("_cert", "_pkey", "_cacerts", "_friendlyname", "__weakref__")

    def __init__(self):
        self._cert = None
        self._pkey = None
        self._cacerts = None
        self._friendlyname = None

    def get_certificate(self):
        """Return the certificate (an :class:`X509`), or ``None``."""
        return self._cert

    def get_privatekey(self):
        """Return the private key (a :class:`PKey`), or ``None``."""
        return self._pkey

    def get_ca_certificates(self):
        """Return the CA certificates as a tuple of :class:`X509`, or
        ``None`` if none were set (an empty tuple after
        ``set_ca_certificates([])``)."""
        return self._cacerts

    def get_friendlyname(self):
        """Return the friendly name (``bytes``), or ``None``."""
        return self._friendlyname

    def set_certificate(self, cert):
        """Set the certificate (an :class:`X509`)."""
        if not isinstance(cert, X509):
            raise TypeError("cert must be an X509 instance")
        self._cert = cert

    def set_privatekey(self, pkey):
        """Set the private key (a :class:`PKey`)."""
        if not isinstance(pkey, PKey):
            raise TypeError("pkey must be a PKey instance")
        self._pkey = pkey

    def set_ca_certificates(self, cacerts):
        """Set the CA certificates (an iterable of :class:`X509`, or
        ``None``)."""
        if cacerts is None:
            self._cacerts = None
            return
        cacerts = tuple(cacerts)
        for cert in cacerts:
            if not isinstance(cert, X509):
                raise TypeError("iterable must only contain X509 instances")
        self._cacerts = cacerts

    def set_friendlyname(self, name):
        """Set the friendly name (``bytes``, or ``None``)."""
        if name is not None and not isinstance(name, bytes):
            raise TypeError("name must be a byte string or None (not %r)" % (name,))
        self._friendlyname = name

    @_translated
    def export(
        self,
        passphrase: _Optional[bytes] = None,
        iter: int = 2048,
        maciter: int = 1,
    ) -> bytes:
        """Return the bundle as a PKCS #12 file (``bytes``, DER), encrypted
        as pyOpenSSL 23 writes it with OpenSSL 3: triple DES for the
        certificates and the key, *iter* rounds of key derivation, a
        SHA-256 MAC of *maciter* rounds (``-1``: no MAC). *passphrase* is ``bytes`` (``str`` is taken as
        UTF-8, with a ``DeprecationWarning``) or ``None`` for none.

        :raises Error: for an empty bundle, a key that does not match the
            certificate, or a public-only key
        """
        passphrase = _bytes_and_warn("passphrase", passphrase, 4)
        if passphrase is not None:
            if not isinstance(passphrase, bytes):
                raise TypeError(
                    "passphrase must be bytes or None, not %s"
                    % type(passphrase).__name__
                )
            passphrase = _openssl_text(passphrase, "passphrase")
        if not isinstance(iter, int) or not isinstance(maciter, int):
            raise TypeError("iter and maciter must be integers")
        gobject = _pkcs12_new()
        if self._cert is not None:
            _pkcs12_set_certificate(gobject, self._cert._gx509)
        if self._pkey is not None:
            _pkcs12_set_privatekey(gobject, self._pkey._gpkey)
        if self._cacerts:
            _pkcs12_set_ca_certificates(gobject, [c._gx509 for c in self._cacerts])
        if self._friendlyname is not None:
            # OpenSSL stores pyOpenSSL's name byte by byte, as Latin-1.
            _pkcs12_set_friendly_name(
                gobject, _openssl_text(self._friendlyname, "friendly name", "latin-1")
            )
        # OpenSSL takes a count of 0 or less as its default, and any MAC
        # count but -1 as at least 1.
        return _pkcs12_export(
            gobject,
            passphrase,
            _PKCS12_TRIPLE_DES,
            None,
            max(iter, 0),
            -1 if maciter == -1 else max(maciter, 0),
        ).get_data()


def _openssl_text(data, what, encoding="utf-8"):
    # A PKCS #12 passphrase or name as the C side takes it: text that
    # OpenSSL turns into the same BMPString the bytes give it (bytes that
    # are not UTF-8 it reads as Latin-1).
    if b"\0" in data:
        raise ValueError("%s must not contain a NUL byte" % what)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return data.decode("latin-1")


PKCS12Type = PKCS12


# --- NetscapeSPKI --------------------------------------------------------------


class NetscapeSPKI:
    """A Netscape SPKI (signed public key and challenge, ``openssl spkac``):
    a public key signed with its private half."""

    __slots__ = ("_spki", "__weakref__")

    def __init__(self) -> None:
        self._spki = _spki_new()

    @_translated
    def sign(self, pkey: PKey, digest: str) -> None:
        """Sign the SPKI with *pkey* and the digest named *digest*.

        :raises ValueError: for an empty or public-only key, or an unknown
            digest
        """
        if not isinstance(pkey, PKey):
            raise TypeError("pkey must be a PKey")
        _check_digest(digest)
        _spki_sign(self._spki, pkey._gpkey, digest)

    @_translated
    def verify(self, key: PKey) -> bool:
        """Check the signature with the public key *key*.

        :return: ``True``
        :raises Error: if the signature does not verify
        """
        if not isinstance(key, PKey):
            raise TypeError("key must be a PKey")
        return _spki_verify(self._spki, key._gpkey)

    @_translated
    def b64_encode(self) -> bytes:
        """Return the SPKI as base64 (``bytes``, one line)."""
        return _spki_to_base64(self._spki).encode("ascii")

    @_translated
    def get_pubkey(self) -> PKey:
        """Return the public key (a public-only :class:`PKey`)."""
        return PKey._wrap(_spki_get_pubkey(self._spki))

    @_translated
    def set_pubkey(self, pkey: PKey) -> None:
        """Set the public key of the SPKI to the public half of *pkey*."""
        if not isinstance(pkey, PKey):
            raise TypeError("pkey must be a PKey")
        _spki_set_pubkey(self._spki, pkey._gpkey)


# --- functions -----------------------------------------------------------------


def load_certificate(type, buffer):
    """Load a certificate (:class:`X509`) from *buffer* (``bytes``) encoded
    with *type* (:data:`FILETYPE_PEM` or :data:`FILETYPE_ASN1`).

    :raises Error: when *buffer* holds no certificate of that encoding
    """
    try:
        gobject = _x509_new_from_data(_FILETYPES[type], _to_bytes(buffer))
    except _GError as e:
        raise _error(e) from None
    except (KeyError, TypeError):
        _filetype(type)
        raise
    self = _new(X509)
    self._gx509 = gobject
    self._subject = self._issuer = None
    return self


@_translated
def _text_dump(to_text, gobject):
    return to_text(gobject).get_data()


def dump_certificate(type, cert):
    """Return the certificate *cert* encoded with *type*
    (:data:`FILETYPE_PEM`, :data:`FILETYPE_ASN1`, or :data:`FILETYPE_TEXT`:
    what ``openssl x509 -text`` prints), as ``bytes``."""
    try:
        return _x509_to_data(cert._gx509, _text_filetypes[type])
    except _GError as e:
        raise _error(e) from None
    except (KeyError, TypeError, AttributeError):
        _text_filetype(type)
        if not isinstance(cert, X509):
            raise TypeError("cert must be an X509 instance") from None
        raise


@_translated
def load_certificate_request(type, buffer):
    """Load a certificate request (:class:`X509Req`) from *buffer*
    (``bytes``) encoded with *type*."""
    filetype = _filetype(type)
    return X509Req._wrap(_req_new_from_data(filetype, _to_bytes(buffer)))


@_translated
def dump_certificate_request(type, req):
    """Return the certificate request *req* encoded with *type*
    (:data:`FILETYPE_PEM`, :data:`FILETYPE_ASN1`, or :data:`FILETYPE_TEXT`),
    as ``bytes``."""
    filetype = _text_filetype(type)
    if not isinstance(req, X509Req):
        raise TypeError("req must be an X509Req instance")
    return _req_to_data(req._greq, filetype)


def load_privatekey(type, buffer, passphrase=None):
    """Load a private key (:class:`PKey`) from *buffer* (``bytes``) encoded
    with *type* (:data:`FILETYPE_PEM` or :data:`FILETYPE_ASN1`).

    *passphrase* decrypts an encrypted key: ``bytes``, ``str`` (used as
    UTF-8), or a callable called as ``passphrase(0)`` (only when the key
    turns out to be encrypted) that returns the passphrase as ``bytes``. An
    encrypted key without a passphrase, or with a wrong one, raises
    :class:`Error`; nothing is ever asked on the terminal.

    A :data:`FILETYPE_ASN1` key takes a passphrase only when it is encrypted
    PKCS #8 (which pyOpenSSL cannot read at all): with any other DER key a
    ``bytes`` or ``str`` passphrase raises ``ValueError``, as in pyOpenSSL
    (a callable is just not called).
    """
    filetype = _filetype(type)
    buffer = _to_bytes(buffer)
    secret = _gossl.passphrase(passphrase)
    try:
        if secret is None or (secret is not _CALLBACK and filetype == _PEM):
            return PKey._wrap(_pkey_new_from_data(filetype, buffer, secret))
        # Tried without the passphrase first: a callable is called only for
        # an encrypted key, and a passphrase given with a DER key that is not
        # encrypted is refused (pyOpenSSL refuses any with DER).
        try:
            gobject = _pkey_new_from_data(filetype, buffer, None)
        except _GError as e:
            if e.code != _PASSPHRASE_REQUIRED or e.domain != _CRYPTO_DOMAIN:
                raise
        else:
            if secret is not _CALLBACK:
                raise ValueError(
                    "only FILETYPE_PEM keys and encrypted PKCS #8 FILETYPE_ASN1 "
                    "keys take a passphrase: this key is not encrypted"
                )
            return PKey._wrap(gobject)
        if secret is _CALLBACK:
            secret = _callback_passphrase(passphrase, 0)
        return PKey._wrap(_pkey_new_from_data(filetype, buffer, secret))
    except _GError as e:
        raise _error(e) from None


def _key_usage_error(e, pkey):
    # pyOpenSSL reports an empty or public-only key to a dump as OpenSSL's
    # refusal (Error), not as a bad argument.
    if e.code == _INVALID_ARGUMENT and (
        not _pkey_is_initialized(pkey._gpkey) or not _pkey_has_private(pkey._gpkey)
    ):
        return Error([("", "", e.message)])
    return _error(e)


def dump_privatekey(type, pkey, cipher=None, passphrase=None):
    """Return the private key *pkey* encoded with *type*, as ``bytes``
    (:data:`FILETYPE_TEXT`: what ``openssl rsa -text`` prints, RSA keys
    only); with :data:`FILETYPE_PEM` optionally encrypted with *cipher* (a name
    such as ``"aes-256-cbc"``) and *passphrase* (``bytes``, ``str`` used as
    UTF-8, or a callable called as ``passphrase(1)`` returning ``bytes``).

    With :data:`FILETYPE_TEXT`, an RSA key's numbers in the readable form
    ``openssl rsa -text`` prints.

    :raises TypeError: for a cipher without a passphrase, or
        :data:`FILETYPE_TEXT` with a key that is not RSA
    :raises ValueError: for an unknown cipher, or encryption asked with
        :data:`FILETYPE_ASN1`
    """
    if not isinstance(pkey, PKey):
        raise TypeError("pkey must be a PKey")
    if cipher is not None:
        if passphrase is None:
            raise TypeError(
                "if a value is given for cipher one must also be given for passphrase"
            )
        cipher = _to_text(cipher, "cipher")
    if passphrase is not None and type != FILETYPE_PEM:
        raise ValueError("only FILETYPE_PEM key format supports encryption")
    filetype = _text_filetype(type)
    if type == FILETYPE_TEXT and _pkey_get_key_type(pkey._gpkey) != Gossl.KeyType.RSA:
        raise TypeError("Only RSA keys are supported for FILETYPE_TEXT")
    secret = _gossl.passphrase(passphrase)
    if cipher is None:
        # As pyOpenSSL: a passphrase without a cipher is not used.
        secret = None
    elif secret is _CALLBACK:
        secret = _callback_passphrase(passphrase, 1)
    try:
        data = _pkey_to_data(pkey._gpkey, filetype, cipher, secret)
    except _GError as e:
        raise _key_usage_error(e, pkey) from None
    if type == FILETYPE_TEXT:
        # pyOpenSSL prints through OpenSSL's legacy RSA_print(), whose first
        # line names the algorithm ("RSA Private-Key: ..."); the rest is the
        # same text.
        return b"RSA " + data
    return data


@_translated
def load_publickey(type, buffer):
    """Load a public key (:class:`PKey`) from *buffer* (``bytes``, a
    SubjectPublicKeyInfo) encoded with *type*."""
    filetype = _filetype(type)
    return PKey._wrap(_pkey_new_public_from_data(filetype, _to_bytes(buffer)))


def dump_publickey(type, pkey):
    """Return the public half of *pkey* encoded with *type* as a
    SubjectPublicKeyInfo, as ``bytes``."""
    filetype = _filetype(type)
    if not isinstance(pkey, PKey):
        raise TypeError("pkey must be a PKey")
    try:
        return _pkey_public_to_data(pkey._gpkey, filetype)
    except _GError as e:
        raise _key_usage_error(e, pkey) from None


@_translated
def load_pkcs7_data(type, buffer):
    """Load a PKCS #7 structure (:class:`PKCS7`) from *buffer* (``bytes``)
    encoded with *type*."""
    filetype = _filetype(type)
    return PKCS7._wrap(_pkcs7_new_from_data(filetype, _to_bytes(buffer)))


def load_pkcs12(buffer, passphrase=None):
    """Load a PKCS #12 bundle (:class:`PKCS12`) from *buffer* (``bytes``,
    DER). *passphrase* (``bytes``, ``str`` used as UTF-8 with a
    ``DeprecationWarning`` as in pyOpenSSL 23, or a callable
    called as ``passphrase(0)`` when one is needed) decrypts it and checks
    its MAC; ``None`` or ``b''`` try the empty passphrase.

    :raises Error: for a wrong passphrase or data that is not PKCS #12
    """
    passphrase = _bytes_and_warn("passphrase", passphrase)
    buffer = _to_bytes(buffer)
    secret = _gossl.passphrase(passphrase)
    try:
        if secret is not _CALLBACK:
            gobject = _pkcs12_new_from_data(buffer, secret or None)
        else:
            try:
                gobject = _pkcs12_new_from_data(buffer, None)
            except _GError as e:
                if e.domain != _gossl.CRYPTO_DOMAIN or e.code not in (
                    _PASSPHRASE_REQUIRED,
                    _BAD_PASSPHRASE,
                ):
                    raise
                secret = _gossl.call_passphrase(passphrase, 0)
                gobject = _pkcs12_new_from_data(buffer, secret or None)
    except _GError as e:
        raise _error(e) from None

    self = PKCS12()
    cert = _pkcs12_get_certificate(gobject)
    if cert is not None:
        self._cert = X509._wrap(cert)
    pkey = _pkcs12_get_privatekey(gobject)
    if pkey is not None:
        self._pkey = PKey._wrap(pkey)
    cacerts = _pkcs12_get_ca_certificates(gobject)
    if cacerts:
        self._cacerts = tuple(X509._wrap(c) for c in cacerts)
    name = _pkcs12_get_friendly_name(gobject)
    if name is not None:
        self._friendlyname = name.encode("utf-8")
    return self


# --- CRL and Revoked -----------------------------------------------------------

_revoked_new = Gossl.Revoked.new
_revoked_get_serial_number = Gossl.Revoked.get_serial_number
_revoked_set_serial_number = Gossl.Revoked.set_serial_number
_revoked_get_reason = Gossl.Revoked.get_reason
_revoked_set_reason = Gossl.Revoked.set_reason
_revoked_get_date = Gossl.Revoked.get_revocation_date_asn1
_revoked_set_date = Gossl.Revoked.set_revocation_date_asn1

_crl_new = Gossl.Crl.new
_crl_new_from_data = Gossl.Crl.new_from_data
_crl_to_data = Gossl.Crl.to_data
_crl_to_text = Gossl.Crl.to_text
_crl_get_revoked = Gossl.Crl.get_revoked
_crl_add_revoked = Gossl.Crl.add_revoked
_crl_get_issuer = Gossl.Crl.get_issuer
_crl_set_version = Gossl.Crl.set_version
_crl_set_last_update = Gossl.Crl.set_last_update_asn1
_crl_set_next_update = Gossl.Crl.set_next_update_asn1
_crl_sign = Gossl.Crl.sign
_crl_export = Gossl.Crl.export

# pyOpenSSL offers the reasons with codes 0 to 6, the first seven gossl
# lists (removeFromCRL and later are refused there).
_CRL_REASONS = [name.encode("ascii") for name in Gossl.Revoked.get_all_reasons()[:7]]
_CRL_REASON_KEYS = {name.lower(): name for name in _CRL_REASONS}
_CRL_FILETYPE_MESSAGE = "type argument must be FILETYPE_PEM, FILETYPE_ASN1, or FILETYPE_TEXT"

# CRL.export()'s digest has no default, but is not the first argument
# without one.
_UNSPECIFIED = object()
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _hex_prefix(text):
    """The hex digits (after an optional "-") *text* starts with, or
    ``None``: BN_hex2bn(), which pyOpenSSL hands a revoked serial number to,
    reads those and ignores the rest."""
    start = end = 1 if text.startswith("-") else 0
    while end < len(text) and text[end] in _HEX_DIGITS:
        end += 1
    return text[:end] if end > start else None


def _crl_filetype(type):
    """The Gossl.Filetype for *type*, ``None`` for :data:`FILETYPE_TEXT`."""
    if type == FILETYPE_TEXT:
        return None
    filetype = _FILETYPES.get(type) if isinstance(type, int) else None
    if filetype is None:
        raise ValueError(_CRL_FILETYPE_MESSAGE)
    return filetype


def _crl_digest(digest):
    if not isinstance(digest, (bytes, str)):
        raise TypeError("digest must be bytes or str, not %s" % type(digest).__name__)
    return _to_text(digest, "digest")


class Revoked:
    """A certificate revocation: one entry of a :class:`CRL`."""

    __slots__ = ("_revoked", "__weakref__")

    def __init__(self) -> None:
        self._revoked = _revoked_new()

    @classmethod
    def _wrap(cls, gobject):
        """Wraps a ``Gossl.Revoked`` without copying it."""
        self = _new(cls)
        self._revoked = gobject
        return self

    @_translated
    def set_serial(self, hex_str: bytes) -> None:
        """Set the serial number, hexadecimal digits encoded in ASCII
        (``b"3ab"``); reading stops at the first character that is not one.

        :raises ValueError: when *hex_str* does not start with a hex digit
        """
        if not isinstance(hex_str, (bytes, str)):
            raise TypeError("hex_str must be bytes, not %s" % type(hex_str).__name__)
        digits = _hex_prefix(_to_text(hex_str, "hex_str"))
        if digits is None:
            raise ValueError("bad hex string")
        _revoked_set_serial_number(self._revoked, digits)

    def get_serial(self) -> bytes:
        """Return the serial number as upper-case hexadecimal ``bytes``, two
        digits per byte (``b"03AB"``)."""
        return _revoked_get_serial_number(self._revoked).encode("ascii")

    @_translated
    def set_reason(self, reason: "bytes | None") -> None:
        """Set the reason of the revocation, one of :meth:`all_reasons` (in
        any case, spaces ignored); ``None`` removes it.

        :raises ValueError: for an unknown reason
        """
        if reason is None:
            _revoked_set_reason(self._revoked, None)
            return
        if not isinstance(reason, bytes):
            raise TypeError("reason must be None or a byte string")
        name = _CRL_REASON_KEYS.get(reason.lower().replace(b" ", b""))
        if name is None:
            raise ValueError("%r is not a supported revocation reason" % (reason,))
        _revoked_set_reason(self._revoked, name.decode("ascii"))

    def get_reason(self) -> "bytes | None":
        """Return the reason of the revocation as OpenSSL prints it
        (``b"Key Compromise"``), or ``None`` when there is none."""
        reason = _revoked_get_reason(self._revoked)
        return None if reason is None else reason.encode("utf-8")

    def all_reasons(self) -> "list[bytes]":
        """Return a new list of the reasons :meth:`set_reason` takes."""
        return _CRL_REASONS[:]

    @_translated
    def set_rev_date(self, when: bytes) -> None:
        """Set the revocation time, an ASN.1 time ``YYYYMMDDhhmmssZ``.

        :raises ValueError: for a malformed time
        """
        _revoked_set_date(self._revoked, _when(when))

    def get_rev_date(self) -> "bytes | None":
        """Return the revocation time as ``bytes`` ``YYYYMMDDhhmmssZ``, or
        ``None`` when unset."""
        when = _revoked_get_date(self._revoked)
        return None if when is None else when.encode("ascii")


class CRL:
    """A certificate revocation list. ``CRL()`` makes an empty one;
    :func:`load_crl` reads one."""

    __slots__ = ("_crl", "__weakref__")

    def __init__(self) -> None:
        self._crl = _crl_new()

    @classmethod
    def _wrap(cls, gobject):
        """Wraps a ``Gossl.Crl`` without copying it."""
        self = _new(cls)
        self._crl = gobject
        return self

    def to_cryptography(self):
        """Return the list as a ``cryptography``
        ``x509.CertificateRevocationList`` (a copy, through DER)."""
        from cryptography.x509 import load_der_x509_crl

        return load_der_x509_crl(dump_crl(FILETYPE_ASN1, self))

    @classmethod
    def from_cryptography(cls, crypto_crl) -> "CRL":
        """Return a :class:`CRL` copied (through DER) from the
        ``cryptography`` ``x509.CertificateRevocationList`` *crypto_crl*."""
        return _crl_from_foreign(crypto_crl)

    def get_revoked(self) -> "tuple[Revoked, ...] | None":
        """Return copies of the revocations in the list, a ``tuple`` of
        :class:`Revoked`, or ``None`` when there are none."""
        entries = _crl_get_revoked(self._crl)
        if not entries:
            return None
        return tuple(Revoked._wrap(entry) for entry in entries)

    @_translated
    def add_revoked(self, revoked: Revoked) -> None:
        """Add a copy of the :class:`Revoked` *revoked* to the list.

        :raises Error: for a revocation without a revocation time
        """
        if not isinstance(revoked, Revoked):
            raise TypeError("revoked must be a Revoked instance")
        _crl_add_revoked(self._crl, revoked._revoked)

    def get_issuer(self) -> X509Name:
        """Return the issuer of the list: a live :class:`X509Name` view
        (signing sets it), which keeps the list alive."""
        return X509Name._wrap(_crl_get_issuer(self._crl))

    def set_version(self, version: int) -> None:
        """Set the version of the list (zero-based: 1 is v2).

        :raises ValueError: for a version other than 0 or 1
        """
        if not isinstance(version, int):
            raise TypeError("version must be an integer")
        try:
            _crl_set_version(self._crl, version)
        except _GError as e:
            raise _error(e) from None
        except OverflowError:
            raise ValueError("version out of range") from None

    @_translated
    def set_lastUpdate(self, when: bytes) -> None:
        """Set when the list was issued, an ASN.1 time ``YYYYMMDDhhmmssZ``.

        :raises ValueError: for a malformed time
        """
        _crl_set_last_update(self._crl, _when(when))

    @_translated
    def set_nextUpdate(self, when: bytes) -> None:
        """Set when the next list is due, an ASN.1 time ``YYYYMMDDhhmmssZ``.

        :raises ValueError: for a malformed time
        """
        _crl_set_next_update(self._crl, _when(when))

    @_translated
    def sign(self, issuer_cert: X509, issuer_key: PKey, digest: bytes) -> None:
        """Sign the list with *issuer_key*, using the message digest named
        *digest* (``b"sha256"``): its issuer becomes the subject of
        *issuer_cert*, and its revocations are sorted by serial number.

        :raises ValueError: for an unknown digest
        :raises Error: for a key that cannot sign (empty, public only)
        """
        if not isinstance(issuer_cert, X509):
            raise TypeError("issuer_cert must be an X509 instance")
        if not isinstance(issuer_key, PKey):
            raise TypeError("issuer_key must be a PKey instance")
        _crl_sign(self._crl, issuer_cert._gx509, issuer_key._gpkey, _crl_digest(digest))

    @_translated
    def export(
        self,
        cert: X509,
        key: PKey,
        type: int = FILETYPE_PEM,
        days: int = 100,
        digest: bytes = _UNSPECIFIED,
    ) -> bytes:
        """Issue the list now and return it encoded: its last update becomes
        now, its next update *days* days from now, its issuer the subject of
        *cert*, it is signed with *key* using the digest named *digest*
        (required) and encoded with *type* (:data:`FILETYPE_PEM`,
        :data:`FILETYPE_ASN1` or :data:`FILETYPE_TEXT`).

        :raises ValueError: for an unknown *type* or digest
        :raises Error: for a key that cannot sign
        """
        if not isinstance(cert, X509):
            raise TypeError("cert must be an X509 instance")
        if not isinstance(key, PKey):
            raise TypeError("key must be a PKey instance")
        if not isinstance(type, int):
            raise TypeError("type must be an integer")
        if not isinstance(days, int):
            raise TypeError("days must be an integer")
        if digest is _UNSPECIFIED:
            raise TypeError("digest must be provided")
        filetype = _crl_filetype(type)
        try:
            data = _crl_export(
                self._crl, cert._gx509, key._gpkey, filetype or _PEM, days, _crl_digest(digest)
            ).get_data()
        except OverflowError:
            raise ValueError("days out of range") from None
        if filetype is None:
            return _crl_to_text(self._crl).encode("utf-8")
        return data


def _crl_from_foreign(crypto_crl):
    """A :class:`CRL` copied from a ``cryptography``
    ``CertificateRevocationList``; ``TypeError`` for anything else."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding
    except ImportError:
        raise TypeError("Must be a certificate revocation list") from None
    if not isinstance(crypto_crl, x509.CertificateRevocationList):
        raise TypeError("Must be a certificate revocation list")
    return load_crl(FILETYPE_ASN1, crypto_crl.public_bytes(Encoding.DER))


@_translated
def load_crl(type: int, buffer: "str | bytes") -> CRL:
    """Load a certificate revocation list (:class:`CRL`) from *buffer*
    (``bytes``) encoded with *type* (:data:`FILETYPE_PEM` or
    :data:`FILETYPE_ASN1`).

    :raises Error: when *buffer* holds no CRL of that encoding
    """
    filetype = _filetype(type)
    return CRL._wrap(_crl_new_from_data(filetype, _to_bytes(buffer)))


@_translated
def dump_crl(type: int, crl: CRL) -> bytes:
    """Return the certificate revocation list *crl* encoded with *type*
    (:data:`FILETYPE_PEM`, :data:`FILETYPE_ASN1` or :data:`FILETYPE_TEXT`),
    as ``bytes``."""
    filetype = _crl_filetype(type)
    if not isinstance(crl, CRL):
        raise TypeError("crl must be a CRL instance")
    if filetype is None:
        return _crl_to_text(crl._crl).encode("utf-8")
    return _crl_to_data(crl._crl, filetype)
def sign(pkey: PKey, data: _Union[str, bytes], digest: str) -> bytes:
    """Return the signature of *data* (``bytes``; ``str`` is taken as UTF-8,
    with a ``DeprecationWarning``) by the private key *pkey* with the digest
    named *digest*, as ``openssl dgst -sign`` makes it.

    :raises ValueError: for an unknown digest
    :raises Error: for an empty or public-only key
    """
    data = _bytes_and_warn("data", data)
    if not isinstance(pkey, PKey):
        raise TypeError("pkey must be a PKey")
    _check_digest(digest)
    data = _gbytes(data, "data")
    try:
        return _pkey_sign(pkey._gpkey, digest, data).get_data()
    except _GError as e:
        raise _key_usage_error(e, pkey) from None


@_translated
def verify(cert: X509, signature: bytes, data: _Union[str, bytes], digest: str) -> None:
    """Check that *signature* is the signature of *data* by the key of
    *cert* (an :class:`X509`) with the digest named *digest*.

    :return: ``None`` when it is
    :raises Error: when it is not
    :raises ValueError: for an unknown digest
    """
    data = _bytes_and_warn("data", data, 4)
    if not isinstance(cert, X509):
        raise TypeError("cert must be an X509 instance")
    _check_digest(digest)
    pkey = _x509_get_pubkey(cert._gx509)
    _pkey_verify(
        pkey,
        digest,
        _gbytes(data, "data"),
        _gbytes(signature, "signature"),
    )
# --- cryptography interop --------------------------------------------------------

# The conversions go through DER (PKCS #8 for private keys): the two
# libraries share no objects. cryptography is optional, imported on first use.


def _cryptography_module(name, missing=None):
    """``cryptography.<name>``; *missing* (an exception) is raised instead
    of ImportError when cryptography is not installed: no object can be one
    of its types then."""
    import importlib

    try:
        return importlib.import_module("cryptography." + name)
    except ImportError:
        if missing is None:
            raise
        raise missing from None


def _cryptography_der():
    return _cryptography_module("hazmat.primitives.serialization").Encoding.DER


def _cryptography_key_types():
    """(private key classes, public key classes) that PKey converts."""
    asym = "hazmat.primitives.asymmetric."
    try:
        mods = [_cryptography_module(asym + m) for m in ("rsa", "dsa", "ec", "ed25519", "ed448")]
    except ImportError:
        return (), ()
    rsa, dsa, ec, ed25519, ed448 = mods
    return (
        (rsa.RSAPrivateKey, dsa.DSAPrivateKey, ec.EllipticCurvePrivateKey,
         ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey),
        (rsa.RSAPublicKey, dsa.DSAPublicKey, ec.EllipticCurvePublicKey,
         ed25519.Ed25519PublicKey, ed448.Ed448PublicKey),
    )


# --- elliptic curves -------------------------------------------------------------


class _EllipticCurve:
    """A named elliptic curve OpenSSL supports, from :func:`get_elliptic_curves`
    or :func:`get_elliptic_curve`; its ``name`` is OpenSSL's short name
    (``"prime256v1"``). :meth:`OpenSSL.SSL.Context.set_tmp_ecdh` takes one."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other):
        if not isinstance(other, _EllipticCurve):
            return NotImplemented
        return self.name == other.name

    def __ne__(self, other):
        if not isinstance(other, _EllipticCurve):
            return NotImplemented
        return self.name != other.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self) -> str:
        return "<Curve %r>" % (self.name,)


_curves = None


def get_elliptic_curves() -> "set[_EllipticCurve]":
    """Return the set of elliptic curves this OpenSSL supports, as objects
    with a ``name`` attribute (``str``)."""
    global _curves
    if _curves is None:
        _curves = {_EllipticCurve(name) for name in Gossl.get_elliptic_curves()}
    return set(_curves)


def get_elliptic_curve(name: str) -> _EllipticCurve:
    """Return the curve called *name* (OpenSSL's short name, such as
    ``"secp384r1"``).

    :raises ValueError: when OpenSSL knows no such curve
    """
    for curve in get_elliptic_curves():
        if curve.name == name:
            return curve
    raise ValueError("unknown curve name", name)
