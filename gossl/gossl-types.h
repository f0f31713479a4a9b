/* gossl-types.h: enumerations shared by the whole library
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * GosslFiletype:
 * @GOSSL_FILETYPE_PEM: base64 text between `-----BEGIN ...-----` lines
 * @GOSSL_FILETYPE_ASN1: binary DER encoding
 * @GOSSL_FILETYPE_TEXT: the human-readable description OpenSSL prints
 *   (`openssl x509 -text`): for dumping certificates, requests and private
 *   keys only, never for loading. Since: 0.2
 *
 * Encodings for loading and dumping certificates, requests and keys.
 *
 * Since: 0.1
 */
typedef enum {
  GOSSL_FILETYPE_PEM = 1,
  GOSSL_FILETYPE_ASN1 = 2,
  GOSSL_FILETYPE_TEXT = 65535,
} GosslFiletype;

/**
 * GosslPKCS12Encryption:
 * @GOSSL_PKCS12_ENCRYPTION_AES_256: what OpenSSL 3 writes by default:
 *   AES-256-CBC with PBKDF2 (PBES2)
 * @GOSSL_PKCS12_ENCRYPTION_TRIPLE_DES: the older scheme that every reader
 *   takes (Windows before Server 2019, old Java and macOS): triple DES with
 *   PKCS#12's own SHA-1 key derivation
 *
 * How [method@Gossl.PKCS12.export] encrypts the parts of a bundle.
 *
 * Since: 0.2
 */
typedef enum {
  GOSSL_PKCS12_ENCRYPTION_AES_256 = 0,
  GOSSL_PKCS12_ENCRYPTION_TRIPLE_DES = 1,
} GosslPKCS12Encryption;

/**
 * GosslKeyType:
 * @GOSSL_KEY_TYPE_NONE: no key material yet
 * @GOSSL_KEY_TYPE_RSA: RSA
 * @GOSSL_KEY_TYPE_DSA: DSA
 * @GOSSL_KEY_TYPE_DH: Diffie-Hellman
 * @GOSSL_KEY_TYPE_EC: elliptic curve
 * @GOSSL_KEY_TYPE_ED25519: Ed25519
 * @GOSSL_KEY_TYPE_ED448: Ed448
 *
 * Key algorithms. The values are OpenSSL's `EVP_PKEY_*` identifiers.
 *
 * Since: 0.1
 */
typedef enum {
  GOSSL_KEY_TYPE_NONE = 0,
  GOSSL_KEY_TYPE_RSA = 6,
  GOSSL_KEY_TYPE_DH = 28,
  GOSSL_KEY_TYPE_DSA = 116,
  GOSSL_KEY_TYPE_EC = 408,
  GOSSL_KEY_TYPE_ED25519 = 1087,
  GOSSL_KEY_TYPE_ED448 = 1088,
} GosslKeyType;

/**
 * GosslMethod:
 * @GOSSL_METHOD_SSLV23: the best version both sides support (TLS 1.3 today)
 * @GOSSL_METHOD_TLSV1: TLS 1.0 only (refused at OpenSSL 3's default security
 *   level)
 * @GOSSL_METHOD_TLSV1_1: TLS 1.1 only (refused at OpenSSL 3's default
 *   security level)
 * @GOSSL_METHOD_TLSV1_2: TLS 1.2 only
 * @GOSSL_METHOD_TLS: the best version both sides support
 * @GOSSL_METHOD_TLS_SERVER: as @GOSSL_METHOD_TLS, server side only
 * @GOSSL_METHOD_TLS_CLIENT: as @GOSSL_METHOD_TLS, client side only
 * @GOSSL_METHOD_DTLS: DTLS (TLS over datagrams), the best version both sides
 *   support (since 0.2)
 * @GOSSL_METHOD_DTLS_SERVER: as @GOSSL_METHOD_DTLS, server side only (since 0.2)
 * @GOSSL_METHOD_DTLS_CLIENT: as @GOSSL_METHOD_DTLS, client side only (since 0.2)
 *
 * Protocol methods for a [class@Gossl.Context]. OpenSSL 3 has no SSL 2.0 or 3.0, so
 * there are no methods for them. Which versions a context can negotiate also
 * depends on OpenSSL's security level: OpenSSL 3 refuses TLS 1.0 and 1.1 at
 * its default level (1) and above, and a system may raise the default (see
 * the [platform notes](platform.html)).
 *
 * Since: 0.1
 */
typedef enum {
  GOSSL_METHOD_SSLV23 = 3,
  GOSSL_METHOD_TLSV1 = 4,
  GOSSL_METHOD_TLSV1_1 = 5,
  GOSSL_METHOD_TLSV1_2 = 6,
  GOSSL_METHOD_TLS = 7,
  GOSSL_METHOD_TLS_SERVER = 8,
  GOSSL_METHOD_TLS_CLIENT = 9,
  GOSSL_METHOD_DTLS = 10,
  GOSSL_METHOD_DTLS_SERVER = 11,
  GOSSL_METHOD_DTLS_CLIENT = 12,
} GosslMethod;

/**
 * GosslVerifyMode:
 * @GOSSL_VERIFY_NONE: do not verify the peer
 * @GOSSL_VERIFY_PEER: verify the peer's certificate (a server asks for one)
 * @GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT: a server fails the handshake when the
 *   client sends no certificate
 * @GOSSL_VERIFY_CLIENT_ONCE: a server asks for the client certificate only on
 *   the first handshake
 *
 * Peer verification flags, OpenSSL's `SSL_VERIFY_*` values.
 *
 * Since: 0.1
 */
typedef enum /*< flags >*/ {
  GOSSL_VERIFY_NONE = 0,
  GOSSL_VERIFY_PEER = 1 << 0,
  GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT = 1 << 1,
  GOSSL_VERIFY_CLIENT_ONCE = 1 << 2,
} GosslVerifyMode;

/**
 * GosslInfoWhere:
 * @GOSSL_INFO_WHERE_LOOP: the handshake moved to a new state
 * @GOSSL_INFO_WHERE_EXIT: a handshake call returns; `ret` is its result, 0
 *   or less on failure
 * @GOSSL_INFO_WHERE_READ: with @GOSSL_INFO_WHERE_ALERT: received
 * @GOSSL_INFO_WHERE_WRITE: with @GOSSL_INFO_WHERE_ALERT: sent
 * @GOSSL_INFO_WHERE_HANDSHAKE_START: a handshake starts
 * @GOSSL_INFO_WHERE_HANDSHAKE_DONE: a handshake completed
 * @GOSSL_INFO_WHERE_CONNECT: on a client (OpenSSL's `SSL_ST_CONNECT`)
 * @GOSSL_INFO_WHERE_ACCEPT: on a server (OpenSSL's `SSL_ST_ACCEPT`)
 * @GOSSL_INFO_WHERE_ALERT: an alert; `ret` holds its level (high byte)
 *   and description (low byte)
 * @GOSSL_INFO_WHERE_READ_ALERT: an alert was received
 * @GOSSL_INFO_WHERE_WRITE_ALERT: an alert was sent
 * @GOSSL_INFO_WHERE_CONNECT_LOOP: a client's handshake moved to a new state
 * @GOSSL_INFO_WHERE_CONNECT_EXIT: a client's handshake call returns
 * @GOSSL_INFO_WHERE_ACCEPT_LOOP: a server's handshake moved to a new state
 * @GOSSL_INFO_WHERE_ACCEPT_EXIT: a server's handshake call returns
 *
 * Where a connection is when [signal@Gossl.Context::info] is emitted: the
 * `where` bits of OpenSSL's info callback, with the values of its `SSL_CB_*`
 * macros (`SSL_CB_HANDSHAKE_DONE` is %GOSSL_INFO_WHERE_HANDSHAKE_DONE, and
 * so on). An event usually sets several bits: test one with
 * `where & GOSSL_INFO_WHERE_ALERT`.
 *
 * Since: 0.2
 */
typedef enum /*< flags >*/ {
  GOSSL_INFO_WHERE_LOOP = 0x01,
  GOSSL_INFO_WHERE_EXIT = 0x02,
  GOSSL_INFO_WHERE_READ = 0x04,
  GOSSL_INFO_WHERE_WRITE = 0x08,
  GOSSL_INFO_WHERE_HANDSHAKE_START = 0x10,
  GOSSL_INFO_WHERE_HANDSHAKE_DONE = 0x20,
  GOSSL_INFO_WHERE_CONNECT = 0x1000,
  GOSSL_INFO_WHERE_ACCEPT = 0x2000,
  GOSSL_INFO_WHERE_ALERT = 0x4000,
  GOSSL_INFO_WHERE_READ_ALERT = GOSSL_INFO_WHERE_ALERT | GOSSL_INFO_WHERE_READ,
  GOSSL_INFO_WHERE_WRITE_ALERT = GOSSL_INFO_WHERE_ALERT | GOSSL_INFO_WHERE_WRITE,
  GOSSL_INFO_WHERE_CONNECT_LOOP = GOSSL_INFO_WHERE_CONNECT | GOSSL_INFO_WHERE_LOOP,
  GOSSL_INFO_WHERE_CONNECT_EXIT = GOSSL_INFO_WHERE_CONNECT | GOSSL_INFO_WHERE_EXIT,
  GOSSL_INFO_WHERE_ACCEPT_LOOP = GOSSL_INFO_WHERE_ACCEPT | GOSSL_INFO_WHERE_LOOP,
  GOSSL_INFO_WHERE_ACCEPT_EXIT = GOSSL_INFO_WHERE_ACCEPT | GOSSL_INFO_WHERE_EXIT,
} GosslInfoWhere;

/**
 * GosslVerifyResult:
 * @GOSSL_VERIFY_RESULT_OK: no error: the certificate passed
 * @GOSSL_VERIFY_RESULT_UNSPECIFIED: unspecified certificate verification error
 * @GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT: unable to get issuer certificate
 * @GOSSL_VERIFY_RESULT_UNABLE_TO_GET_CRL: unable to get certificate CRL
 * @GOSSL_VERIFY_RESULT_UNABLE_TO_DECRYPT_CERT_SIGNATURE: unable to decrypt certificate's signature
 * @GOSSL_VERIFY_RESULT_UNABLE_TO_DECRYPT_CRL_SIGNATURE: unable to decrypt CRL's signature
 * @GOSSL_VERIFY_RESULT_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: unable to decode issuer public key
 * @GOSSL_VERIFY_RESULT_CERT_SIGNATURE_FAILURE: certificate signature failure
 * @GOSSL_VERIFY_RESULT_CRL_SIGNATURE_FAILURE: CRL signature failure
 * @GOSSL_VERIFY_RESULT_CERT_NOT_YET_VALID: certificate is not yet valid
 * @GOSSL_VERIFY_RESULT_CERT_HAS_EXPIRED: certificate has expired
 * @GOSSL_VERIFY_RESULT_CRL_NOT_YET_VALID: CRL is not yet valid
 * @GOSSL_VERIFY_RESULT_CRL_HAS_EXPIRED: CRL has expired
 * @GOSSL_VERIFY_RESULT_ERROR_IN_CERT_NOT_BEFORE_FIELD: format error in certificate's notBefore field
 * @GOSSL_VERIFY_RESULT_ERROR_IN_CERT_NOT_AFTER_FIELD: format error in certificate's notAfter field
 * @GOSSL_VERIFY_RESULT_ERROR_IN_CRL_LAST_UPDATE_FIELD: format error in CRL's lastUpdate field
 * @GOSSL_VERIFY_RESULT_ERROR_IN_CRL_NEXT_UPDATE_FIELD: format error in CRL's nextUpdate field
 * @GOSSL_VERIFY_RESULT_OUT_OF_MEM: out of memory
 * @GOSSL_VERIFY_RESULT_DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate
 * @GOSSL_VERIFY_RESULT_SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain
 * @GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT_LOCALLY: unable to get local issuer certificate
 * @GOSSL_VERIFY_RESULT_UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate
 * @GOSSL_VERIFY_RESULT_CERT_CHAIN_TOO_LONG: certificate chain too long
 * @GOSSL_VERIFY_RESULT_CERT_REVOKED: certificate revoked
 * @GOSSL_VERIFY_RESULT_NO_ISSUER_PUBLIC_KEY: issuer certificate doesn't have a public key
 * @GOSSL_VERIFY_RESULT_PATH_LENGTH_EXCEEDED: path length constraint exceeded
 * @GOSSL_VERIFY_RESULT_INVALID_PURPOSE: unsuitable certificate purpose
 * @GOSSL_VERIFY_RESULT_CERT_UNTRUSTED: certificate not trusted
 * @GOSSL_VERIFY_RESULT_CERT_REJECTED: certificate rejected
 * @GOSSL_VERIFY_RESULT_SUBJECT_ISSUER_MISMATCH: subject issuer mismatch
 * @GOSSL_VERIFY_RESULT_AKID_SKID_MISMATCH: authority and subject key identifier mismatch
 * @GOSSL_VERIFY_RESULT_AKID_ISSUER_SERIAL_MISMATCH: authority and issuer serial number mismatch
 * @GOSSL_VERIFY_RESULT_KEYUSAGE_NO_CERTSIGN: key usage does not include certificate signing
 * @GOSSL_VERIFY_RESULT_UNABLE_TO_GET_CRL_ISSUER: unable to get CRL issuer certificate
 * @GOSSL_VERIFY_RESULT_UNHANDLED_CRITICAL_EXTENSION: unhandled critical extension
 * @GOSSL_VERIFY_RESULT_KEYUSAGE_NO_CRL_SIGN: key usage does not include CRL signing
 * @GOSSL_VERIFY_RESULT_UNHANDLED_CRITICAL_CRL_EXTENSION: unhandled critical CRL extension
 * @GOSSL_VERIFY_RESULT_INVALID_NON_CA: invalid non-CA certificate (has CA markings)
 * @GOSSL_VERIFY_RESULT_PROXY_PATH_LENGTH_EXCEEDED: proxy path length constraint exceeded
 * @GOSSL_VERIFY_RESULT_KEYUSAGE_NO_DIGITAL_SIGNATURE: key usage does not include digital signature
 * @GOSSL_VERIFY_RESULT_PROXY_CERTIFICATES_NOT_ALLOWED: proxy certificates not allowed
 * @GOSSL_VERIFY_RESULT_INVALID_EXTENSION: invalid or inconsistent certificate extension
 * @GOSSL_VERIFY_RESULT_INVALID_POLICY_EXTENSION: invalid or inconsistent certificate policy extension
 * @GOSSL_VERIFY_RESULT_NO_EXPLICIT_POLICY: no explicit policy
 * @GOSSL_VERIFY_RESULT_DIFFERENT_CRL_SCOPE: different CRL scope
 * @GOSSL_VERIFY_RESULT_UNSUPPORTED_EXTENSION_FEATURE: unsupported extension feature
 * @GOSSL_VERIFY_RESULT_UNNESTED_RESOURCE: RFC 3779 resource not subset of parent's resources
 * @GOSSL_VERIFY_RESULT_PERMITTED_VIOLATION: permitted subtree violation
 * @GOSSL_VERIFY_RESULT_EXCLUDED_VIOLATION: excluded subtree violation
 * @GOSSL_VERIFY_RESULT_SUBTREE_MINMAX: name constraints minimum and maximum not supported
 * @GOSSL_VERIFY_RESULT_APPLICATION_VERIFICATION: application verification failure
 * @GOSSL_VERIFY_RESULT_UNSUPPORTED_CONSTRAINT_TYPE: unsupported name constraint type
 * @GOSSL_VERIFY_RESULT_UNSUPPORTED_CONSTRAINT_SYNTAX: unsupported or invalid name constraint syntax
 * @GOSSL_VERIFY_RESULT_UNSUPPORTED_NAME_SYNTAX: unsupported or invalid name syntax
 * @GOSSL_VERIFY_RESULT_CRL_PATH_VALIDATION_ERROR: CRL path validation error
 * @GOSSL_VERIFY_RESULT_PATH_LOOP: path loop
 * @GOSSL_VERIFY_RESULT_SUITE_B_INVALID_VERSION: Suite B: certificate version invalid
 * @GOSSL_VERIFY_RESULT_SUITE_B_INVALID_ALGORITHM: Suite B: invalid public key algorithm
 * @GOSSL_VERIFY_RESULT_SUITE_B_INVALID_CURVE: Suite B: invalid ECC curve
 * @GOSSL_VERIFY_RESULT_SUITE_B_INVALID_SIGNATURE_ALGORITHM: Suite B: invalid signature algorithm
 * @GOSSL_VERIFY_RESULT_SUITE_B_LOS_NOT_ALLOWED: Suite B: curve not allowed for this LOS
 * @GOSSL_VERIFY_RESULT_SUITE_B_CANNOT_SIGN_P_384_WITH_P_256: Suite B: cannot sign P-384 with P-256
 * @GOSSL_VERIFY_RESULT_HOSTNAME_MISMATCH: hostname mismatch
 * @GOSSL_VERIFY_RESULT_EMAIL_MISMATCH: email address mismatch
 * @GOSSL_VERIFY_RESULT_IP_ADDRESS_MISMATCH: IP address mismatch
 * @GOSSL_VERIFY_RESULT_DANE_NO_MATCH: no matching DANE TLSA records
 * @GOSSL_VERIFY_RESULT_EE_KEY_TOO_SMALL: EE certificate key too weak
 * @GOSSL_VERIFY_RESULT_CA_KEY_TOO_SMALL: CA certificate key too weak
 * @GOSSL_VERIFY_RESULT_CA_MD_TOO_WEAK: CA signature digest algorithm too weak
 * @GOSSL_VERIFY_RESULT_INVALID_CALL: invalid certificate verification context
 * @GOSSL_VERIFY_RESULT_STORE_LOOKUP: issuer certificate lookup error
 * @GOSSL_VERIFY_RESULT_NO_VALID_SCTS: Certificate Transparency required, but no valid SCTs found
 * @GOSSL_VERIFY_RESULT_PROXY_SUBJECT_NAME_VIOLATION: proxy subject name violation
 * @GOSSL_VERIFY_RESULT_OCSP_VERIFY_NEEDED: OCSP verification needed
 * @GOSSL_VERIFY_RESULT_OCSP_VERIFY_FAILED: OCSP verification failed
 * @GOSSL_VERIFY_RESULT_OCSP_CERT_UNKNOWN: OCSP responder does not know the certificate
 * @GOSSL_VERIFY_RESULT_UNSUPPORTED_SIGNATURE_ALGORITHM: cannot find the certificate's signature algorithm
 * @GOSSL_VERIFY_RESULT_SIGNATURE_ALGORITHM_MISMATCH: subject signature algorithm and issuer public key
 *   algorithm mismatch
 * @GOSSL_VERIFY_RESULT_SIGNATURE_ALGORITHM_INCONSISTENCY: the signature algorithm of the certificate info
 *   and of the signature differ
 * @GOSSL_VERIFY_RESULT_INVALID_CA: invalid CA certificate
 * @GOSSL_VERIFY_RESULT_PATHLEN_INVALID_FOR_NON_CA: path length given for a non-CA certificate
 * @GOSSL_VERIFY_RESULT_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN: path length given without the keyCertSign key
 *   usage
 * @GOSSL_VERIFY_RESULT_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA: keyCertSign key usage given for a non-CA
 *   certificate
 * @GOSSL_VERIFY_RESULT_ISSUER_NAME_EMPTY: empty issuer name
 * @GOSSL_VERIFY_RESULT_SUBJECT_NAME_EMPTY: empty subject name
 * @GOSSL_VERIFY_RESULT_MISSING_AUTHORITY_KEY_IDENTIFIER: missing authorityKeyIdentifier
 * @GOSSL_VERIFY_RESULT_MISSING_SUBJECT_KEY_IDENTIFIER: missing subjectKeyIdentifier
 * @GOSSL_VERIFY_RESULT_EMPTY_SUBJECT_ALT_NAME: empty subjectAltName extension
 * @GOSSL_VERIFY_RESULT_EMPTY_SUBJECT_SAN_NOT_CRITICAL: empty subject and subjectAltName extension not
 *   critical
 * @GOSSL_VERIFY_RESULT_CA_BCONS_NOT_CRITICAL: basicConstraints of a CA certificate not marked critical
 * @GOSSL_VERIFY_RESULT_AUTHORITY_KEY_IDENTIFIER_CRITICAL: authorityKeyIdentifier marked critical
 * @GOSSL_VERIFY_RESULT_SUBJECT_KEY_IDENTIFIER_CRITICAL: subjectKeyIdentifier marked critical
 * @GOSSL_VERIFY_RESULT_CA_CERT_MISSING_KEY_USAGE: CA certificate without a key usage extension
 * @GOSSL_VERIFY_RESULT_EXTENSIONS_REQUIRE_VERSION_3: certificate extensions need X.509 version 3
 * @GOSSL_VERIFY_RESULT_EC_KEY_EXPLICIT_PARAMS: certificate public key has explicit EC parameters
 *
 * The outcome of checking one certificate: OpenSSL's `X509_V_OK` and
 * `X509_V_ERR_*` codes, with their values (%GOSSL_VERIFY_RESULT_OK is
 * `X509_V_OK`, %GOSSL_VERIFY_RESULT_HOSTNAME_MISMATCH is
 * `X509_V_ERR_HOSTNAME_MISMATCH` 62, and so on), as
 * [signal@Gossl.Context::verify] and
 * [method@Gossl.Connection.get_verify_result] give them. `openssl verify`
 * and `X509_verify_cert_error_string()` use the same numbers. An OpenSSL
 * newer than 3.0 may report codes not listed here.
 *
 * Since: 0.2
 */
typedef enum {
  GOSSL_VERIFY_RESULT_OK = 0,
  GOSSL_VERIFY_RESULT_UNSPECIFIED = 1,
  GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT = 2,
  GOSSL_VERIFY_RESULT_UNABLE_TO_GET_CRL = 3,
  GOSSL_VERIFY_RESULT_UNABLE_TO_DECRYPT_CERT_SIGNATURE = 4,
  GOSSL_VERIFY_RESULT_UNABLE_TO_DECRYPT_CRL_SIGNATURE = 5,
  GOSSL_VERIFY_RESULT_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY = 6,
  GOSSL_VERIFY_RESULT_CERT_SIGNATURE_FAILURE = 7,
  GOSSL_VERIFY_RESULT_CRL_SIGNATURE_FAILURE = 8,
  GOSSL_VERIFY_RESULT_CERT_NOT_YET_VALID = 9,
  GOSSL_VERIFY_RESULT_CERT_HAS_EXPIRED = 10,
  GOSSL_VERIFY_RESULT_CRL_NOT_YET_VALID = 11,
  GOSSL_VERIFY_RESULT_CRL_HAS_EXPIRED = 12,
  GOSSL_VERIFY_RESULT_ERROR_IN_CERT_NOT_BEFORE_FIELD = 13,
  GOSSL_VERIFY_RESULT_ERROR_IN_CERT_NOT_AFTER_FIELD = 14,
  GOSSL_VERIFY_RESULT_ERROR_IN_CRL_LAST_UPDATE_FIELD = 15,
  GOSSL_VERIFY_RESULT_ERROR_IN_CRL_NEXT_UPDATE_FIELD = 16,
  GOSSL_VERIFY_RESULT_OUT_OF_MEM = 17,
  GOSSL_VERIFY_RESULT_DEPTH_ZERO_SELF_SIGNED_CERT = 18,
  GOSSL_VERIFY_RESULT_SELF_SIGNED_CERT_IN_CHAIN = 19,
  GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20,
  GOSSL_VERIFY_RESULT_UNABLE_TO_VERIFY_LEAF_SIGNATURE = 21,
  GOSSL_VERIFY_RESULT_CERT_CHAIN_TOO_LONG = 22,
  GOSSL_VERIFY_RESULT_CERT_REVOKED = 23,
  GOSSL_VERIFY_RESULT_NO_ISSUER_PUBLIC_KEY = 24,
  GOSSL_VERIFY_RESULT_PATH_LENGTH_EXCEEDED = 25,
  GOSSL_VERIFY_RESULT_INVALID_PURPOSE = 26,
  GOSSL_VERIFY_RESULT_CERT_UNTRUSTED = 27,
  GOSSL_VERIFY_RESULT_CERT_REJECTED = 28,
  GOSSL_VERIFY_RESULT_SUBJECT_ISSUER_MISMATCH = 29,
  GOSSL_VERIFY_RESULT_AKID_SKID_MISMATCH = 30,
  GOSSL_VERIFY_RESULT_AKID_ISSUER_SERIAL_MISMATCH = 31,
  GOSSL_VERIFY_RESULT_KEYUSAGE_NO_CERTSIGN = 32,
  GOSSL_VERIFY_RESULT_UNABLE_TO_GET_CRL_ISSUER = 33,
  GOSSL_VERIFY_RESULT_UNHANDLED_CRITICAL_EXTENSION = 34,
  GOSSL_VERIFY_RESULT_KEYUSAGE_NO_CRL_SIGN = 35,
  GOSSL_VERIFY_RESULT_UNHANDLED_CRITICAL_CRL_EXTENSION = 36,
  GOSSL_VERIFY_RESULT_INVALID_NON_CA = 37,
  GOSSL_VERIFY_RESULT_PROXY_PATH_LENGTH_EXCEEDED = 38,
  GOSSL_VERIFY_RESULT_KEYUSAGE_NO_DIGITAL_SIGNATURE = 39,
  GOSSL_VERIFY_RESULT_PROXY_CERTIFICATES_NOT_ALLOWED = 40,
  GOSSL_VERIFY_RESULT_INVALID_EXTENSION = 41,
  GOSSL_VERIFY_RESULT_INVALID_POLICY_EXTENSION = 42,
  GOSSL_VERIFY_RESULT_NO_EXPLICIT_POLICY = 43,
  GOSSL_VERIFY_RESULT_DIFFERENT_CRL_SCOPE = 44,
  GOSSL_VERIFY_RESULT_UNSUPPORTED_EXTENSION_FEATURE = 45,
  GOSSL_VERIFY_RESULT_UNNESTED_RESOURCE = 46,
  GOSSL_VERIFY_RESULT_PERMITTED_VIOLATION = 47,
  GOSSL_VERIFY_RESULT_EXCLUDED_VIOLATION = 48,
  GOSSL_VERIFY_RESULT_SUBTREE_MINMAX = 49,
  GOSSL_VERIFY_RESULT_APPLICATION_VERIFICATION = 50,
  GOSSL_VERIFY_RESULT_UNSUPPORTED_CONSTRAINT_TYPE = 51,
  GOSSL_VERIFY_RESULT_UNSUPPORTED_CONSTRAINT_SYNTAX = 52,
  GOSSL_VERIFY_RESULT_UNSUPPORTED_NAME_SYNTAX = 53,
  GOSSL_VERIFY_RESULT_CRL_PATH_VALIDATION_ERROR = 54,
  GOSSL_VERIFY_RESULT_PATH_LOOP = 55,
  GOSSL_VERIFY_RESULT_SUITE_B_INVALID_VERSION = 56,
  GOSSL_VERIFY_RESULT_SUITE_B_INVALID_ALGORITHM = 57,
  GOSSL_VERIFY_RESULT_SUITE_B_INVALID_CURVE = 58,
  GOSSL_VERIFY_RESULT_SUITE_B_INVALID_SIGNATURE_ALGORITHM = 59,
  GOSSL_VERIFY_RESULT_SUITE_B_LOS_NOT_ALLOWED = 60,
  GOSSL_VERIFY_RESULT_SUITE_B_CANNOT_SIGN_P_384_WITH_P_256 = 61,
  GOSSL_VERIFY_RESULT_HOSTNAME_MISMATCH = 62,
  GOSSL_VERIFY_RESULT_EMAIL_MISMATCH = 63,
  GOSSL_VERIFY_RESULT_IP_ADDRESS_MISMATCH = 64,
  GOSSL_VERIFY_RESULT_DANE_NO_MATCH = 65,
  GOSSL_VERIFY_RESULT_EE_KEY_TOO_SMALL = 66,
  GOSSL_VERIFY_RESULT_CA_KEY_TOO_SMALL = 67,
  GOSSL_VERIFY_RESULT_CA_MD_TOO_WEAK = 68,
  GOSSL_VERIFY_RESULT_INVALID_CALL = 69,
  GOSSL_VERIFY_RESULT_STORE_LOOKUP = 70,
  GOSSL_VERIFY_RESULT_NO_VALID_SCTS = 71,
  GOSSL_VERIFY_RESULT_PROXY_SUBJECT_NAME_VIOLATION = 72,
  GOSSL_VERIFY_RESULT_OCSP_VERIFY_NEEDED = 73,
  GOSSL_VERIFY_RESULT_OCSP_VERIFY_FAILED = 74,
  GOSSL_VERIFY_RESULT_OCSP_CERT_UNKNOWN = 75,
  GOSSL_VERIFY_RESULT_UNSUPPORTED_SIGNATURE_ALGORITHM = 76,
  GOSSL_VERIFY_RESULT_SIGNATURE_ALGORITHM_MISMATCH = 77,
  GOSSL_VERIFY_RESULT_SIGNATURE_ALGORITHM_INCONSISTENCY = 78,
  GOSSL_VERIFY_RESULT_INVALID_CA = 79,
  GOSSL_VERIFY_RESULT_PATHLEN_INVALID_FOR_NON_CA = 80,
  GOSSL_VERIFY_RESULT_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN = 81,
  GOSSL_VERIFY_RESULT_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA = 82,
  GOSSL_VERIFY_RESULT_ISSUER_NAME_EMPTY = 83,
  GOSSL_VERIFY_RESULT_SUBJECT_NAME_EMPTY = 84,
  GOSSL_VERIFY_RESULT_MISSING_AUTHORITY_KEY_IDENTIFIER = 85,
  GOSSL_VERIFY_RESULT_MISSING_SUBJECT_KEY_IDENTIFIER = 86,
  GOSSL_VERIFY_RESULT_EMPTY_SUBJECT_ALT_NAME = 87,
  GOSSL_VERIFY_RESULT_EMPTY_SUBJECT_SAN_NOT_CRITICAL = 88,
  GOSSL_VERIFY_RESULT_CA_BCONS_NOT_CRITICAL = 89,
  GOSSL_VERIFY_RESULT_AUTHORITY_KEY_IDENTIFIER_CRITICAL = 90,
  GOSSL_VERIFY_RESULT_SUBJECT_KEY_IDENTIFIER_CRITICAL = 91,
  GOSSL_VERIFY_RESULT_CA_CERT_MISSING_KEY_USAGE = 92,
  GOSSL_VERIFY_RESULT_EXTENSIONS_REQUIRE_VERSION_3 = 93,
  GOSSL_VERIFY_RESULT_EC_KEY_EXPLICIT_PARAMS = 94,
} GosslVerifyResult;

/**
 * GosslVerifyFlags:
 * @GOSSL_VERIFY_FLAGS_NONE: no flag
 * @GOSSL_VERIFY_FLAGS_CRL_CHECK: check the leaf certificate against the
 *   store's CRLs
 * @GOSSL_VERIFY_FLAGS_CRL_CHECK_ALL: with @GOSSL_VERIFY_FLAGS_CRL_CHECK,
 *   check every certificate of the chain against the CRLs
 * @GOSSL_VERIFY_FLAGS_IGNORE_CRITICAL: do not fail on unknown critical
 *   extensions
 * @GOSSL_VERIFY_FLAGS_X509_STRICT: apply the strict X.509 rules
 * @GOSSL_VERIFY_FLAGS_ALLOW_PROXY_CERTS: accept proxy certificates
 *   (RFC 3820)
 * @GOSSL_VERIFY_FLAGS_POLICY_CHECK: check certificate policies
 * @GOSSL_VERIFY_FLAGS_EXPLICIT_POLICY: require an explicit policy
 * @GOSSL_VERIFY_FLAGS_INHIBIT_ANY: inhibit the anyPolicy policy
 * @GOSSL_VERIFY_FLAGS_INHIBIT_MAP: inhibit policy mapping
 * @GOSSL_VERIFY_FLAGS_NOTIFY_POLICY: notify the policy check result
 * @GOSSL_VERIFY_FLAGS_EXTENDED_CRL_SUPPORT: support indirect CRLs and CRL
 *   distribution points
 * @GOSSL_VERIFY_FLAGS_USE_DELTAS: use delta CRLs
 * @GOSSL_VERIFY_FLAGS_CHECK_SS_SIGNATURE: check the signature of the
 *   self-signed root too
 * @GOSSL_VERIFY_FLAGS_TRUSTED_FIRST: look issuers up in the trusted
 *   certificates before the untrusted ones (OpenSSL's default)
 * @GOSSL_VERIFY_FLAGS_SUITEB_128_LOS_ONLY: Suite B 128-bit only mode
 * @GOSSL_VERIFY_FLAGS_SUITEB_192_LOS: Suite B 192-bit only mode
 * @GOSSL_VERIFY_FLAGS_SUITEB_128_LOS: Suite B 128-bit mode allowing 192-bit
 *   algorithms
 * @GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN: a trusted certificate that is not
 *   self-signed may end the chain (a trusted intermediate is enough)
 * @GOSSL_VERIFY_FLAGS_NO_ALT_CHAINS: do not look for another chain when the
 *   first one found is not trusted
 * @GOSSL_VERIFY_FLAGS_NO_CHECK_TIME: do not check validity periods
 *
 * How a [class@Gossl.X509Store] verifies certificates: OpenSSL's
 * `X509_V_FLAG_*` values (see OpenSSL's `X509_VERIFY_PARAM_set_flags(3)`).
 * Some need more in the store to mean anything: the CRL checks fail
 * without a CRL for each checked certificate.
 *
 * Since: 0.2
 */
typedef enum /*< flags >*/ {
  GOSSL_VERIFY_FLAGS_NONE = 0,
  GOSSL_VERIFY_FLAGS_CRL_CHECK = 0x4,
  GOSSL_VERIFY_FLAGS_CRL_CHECK_ALL = 0x8,
  GOSSL_VERIFY_FLAGS_IGNORE_CRITICAL = 0x10,
  GOSSL_VERIFY_FLAGS_X509_STRICT = 0x20,
  GOSSL_VERIFY_FLAGS_ALLOW_PROXY_CERTS = 0x40,
  GOSSL_VERIFY_FLAGS_POLICY_CHECK = 0x80,
  GOSSL_VERIFY_FLAGS_EXPLICIT_POLICY = 0x100,
  GOSSL_VERIFY_FLAGS_INHIBIT_ANY = 0x200,
  GOSSL_VERIFY_FLAGS_INHIBIT_MAP = 0x400,
  GOSSL_VERIFY_FLAGS_NOTIFY_POLICY = 0x800,
  GOSSL_VERIFY_FLAGS_EXTENDED_CRL_SUPPORT = 0x1000,
  GOSSL_VERIFY_FLAGS_USE_DELTAS = 0x2000,
  GOSSL_VERIFY_FLAGS_CHECK_SS_SIGNATURE = 0x4000,
  GOSSL_VERIFY_FLAGS_TRUSTED_FIRST = 0x8000,
  GOSSL_VERIFY_FLAGS_SUITEB_128_LOS_ONLY = 0x10000,
  GOSSL_VERIFY_FLAGS_SUITEB_192_LOS = 0x20000,
  GOSSL_VERIFY_FLAGS_SUITEB_128_LOS = 0x30000,
  GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN = 0x80000,
  GOSSL_VERIFY_FLAGS_NO_ALT_CHAINS = 0x100000,
  GOSSL_VERIFY_FLAGS_NO_CHECK_TIME = 0x200000,
} GosslVerifyFlags;

/**
 * GosslMode:
 * @GOSSL_MODE_ENABLE_PARTIAL_WRITE: a write may send part of the buffer
 * @GOSSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: a retried write may pass another
 *   buffer holding the same data
 * @GOSSL_MODE_AUTO_RETRY: reads and writes retry after non-application data
 *   instead of asking the caller to
 * @GOSSL_MODE_NO_AUTO_CHAIN: do not complete this side's certificate chain
 *   from the trust store
 * @GOSSL_MODE_RELEASE_BUFFERS: free the read and write buffers of an idle
 *   connection
 *
 * Mode flags of a [class@Gossl.Context], OpenSSL's `SSL_MODE_*` values. Contexts always have the first three set: gossl's send and
 * receive calls rely on them.
 *
 * Since: 0.2
 */
typedef enum /*< flags >*/ {
  GOSSL_MODE_ENABLE_PARTIAL_WRITE = 1 << 0,
  GOSSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = 1 << 1,
  GOSSL_MODE_AUTO_RETRY = 1 << 2,
  GOSSL_MODE_NO_AUTO_CHAIN = 1 << 3,
  GOSSL_MODE_RELEASE_BUFFERS = 1 << 4,
} GosslMode;

/**
 * GosslSessionCacheMode:
 * @GOSSL_SESSION_CACHE_OFF: no session caching
 * @GOSSL_SESSION_CACHE_CLIENT: client connections cache their sessions
 * @GOSSL_SESSION_CACHE_SERVER: server connections cache their sessions (the
 *   default)
 * @GOSSL_SESSION_CACHE_BOTH: @GOSSL_SESSION_CACHE_CLIENT and
 *   @GOSSL_SESSION_CACHE_SERVER
 * @GOSSL_SESSION_CACHE_NO_AUTO_CLEAR: do not flush expired sessions every 255
 *   connections
 * @GOSSL_SESSION_CACHE_NO_INTERNAL_LOOKUP: do not look sessions up in the
 *   context's own cache
 * @GOSSL_SESSION_CACHE_NO_INTERNAL_STORE: do not store sessions in the
 *   context's own cache
 * @GOSSL_SESSION_CACHE_NO_INTERNAL: @GOSSL_SESSION_CACHE_NO_INTERNAL_LOOKUP
 *   and @GOSSL_SESSION_CACHE_NO_INTERNAL_STORE
 *
 * How a [class@Gossl.Context] caches sessions, OpenSSL's `SSL_SESS_CACHE_*` values.
 *
 * Since: 0.2
 */
typedef enum /*< flags >*/ {
  GOSSL_SESSION_CACHE_OFF = 0,
  GOSSL_SESSION_CACHE_CLIENT = 1 << 0,
  GOSSL_SESSION_CACHE_SERVER = 1 << 1,
  GOSSL_SESSION_CACHE_BOTH = GOSSL_SESSION_CACHE_CLIENT | GOSSL_SESSION_CACHE_SERVER,
  GOSSL_SESSION_CACHE_NO_AUTO_CLEAR = 1 << 7,
  GOSSL_SESSION_CACHE_NO_INTERNAL_LOOKUP = 1 << 8,
  GOSSL_SESSION_CACHE_NO_INTERNAL_STORE = 1 << 9,
  GOSSL_SESSION_CACHE_NO_INTERNAL = GOSSL_SESSION_CACHE_NO_INTERNAL_LOOKUP | GOSSL_SESSION_CACHE_NO_INTERNAL_STORE,
} GosslSessionCacheMode;

/**
 * GosslShutdownState:
 * @GOSSL_SHUTDOWN_NONE: no close_notify sent or received
 * @GOSSL_SHUTDOWN_SENT: this side sent its close_notify
 * @GOSSL_SHUTDOWN_RECEIVED: the peer's close_notify arrived
 *
 * The closing state of a [class@Gossl.Connection], OpenSSL's `SSL_SENT_SHUTDOWN` and
 * `SSL_RECEIVED_SHUTDOWN`.
 *
 * Since: 0.2
 */
typedef enum /*< flags >*/ {
  GOSSL_SHUTDOWN_NONE = 0,
  GOSSL_SHUTDOWN_SENT = 1 << 0,
  GOSSL_SHUTDOWN_RECEIVED = 1 << 1,
} GosslShutdownState;

/**
 * GosslOpensslInfo:
 * @GOSSL_OPENSSL_INFO_VERSION: the version text, such as "OpenSSL 3.0.11 19 Sep 2023"
 * @GOSSL_OPENSSL_INFO_CFLAGS: the compiler flags OpenSSL was built with
 * @GOSSL_OPENSSL_INFO_BUILT_ON: when OpenSSL was built
 * @GOSSL_OPENSSL_INFO_PLATFORM: the platform OpenSSL was built for
 * @GOSSL_OPENSSL_INFO_DIR: OpenSSL's configuration directory
 *
 * What [func@Gossl.get_openssl_info] tells, OpenSSL's `OPENSSL_VERSION`,
 * `OPENSSL_CFLAGS`, ... values.
 *
 * Since: 0.2
 */
typedef enum {
  GOSSL_OPENSSL_INFO_VERSION = 0,
  GOSSL_OPENSSL_INFO_CFLAGS = 1,
  GOSSL_OPENSSL_INFO_BUILT_ON = 2,
  GOSSL_OPENSSL_INFO_PLATFORM = 3,
  GOSSL_OPENSSL_INFO_DIR = 4,
} GosslOpensslInfo;

GOSSL_AVAILABLE_IN_ALL
const char *gossl_get_openssl_info (GosslOpensslInfo what);
GOSSL_AVAILABLE_IN_ALL
guint64     gossl_get_openssl_version_number (void);

G_END_DECLS
