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
 *
 * Encodings for loading and dumping certificates, requests and keys. The
 * values are pyOpenSSL's `FILETYPE_PEM` and `FILETYPE_ASN1`.
 */
typedef enum {
  GOSSL_FILETYPE_PEM = 1,
  GOSSL_FILETYPE_ASN1 = 2,
} GosslFiletype;

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
 * Key algorithms. The values are OpenSSL's `EVP_PKEY_*` identifiers, which
 * are also pyOpenSSL's `TYPE_*` constants.
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
 * @GOSSL_METHOD_SSLV2: SSL 2.0; gone from OpenSSL 3, a context for it cannot be made
 * @GOSSL_METHOD_SSLV3: SSL 3.0; gone from OpenSSL 3, a context for it cannot be made
 * @GOSSL_METHOD_SSLV23: the best version both sides support (TLS 1.3 today)
 * @GOSSL_METHOD_TLSV1: TLS 1.0 only (refused at Debian's default security level)
 * @GOSSL_METHOD_TLSV1_1: TLS 1.1 only (refused at Debian's default security level)
 * @GOSSL_METHOD_TLSV1_2: TLS 1.2 only
 * @GOSSL_METHOD_TLS: the best version both sides support
 * @GOSSL_METHOD_TLS_SERVER: as @GOSSL_METHOD_TLS, server side only
 * @GOSSL_METHOD_TLS_CLIENT: as @GOSSL_METHOD_TLS, client side only
 *
 * Protocol methods for a #GosslContext. The values are pyOpenSSL's
 * `*_METHOD` constants.
 */
typedef enum {
  GOSSL_METHOD_SSLV2 = 1,
  GOSSL_METHOD_SSLV3 = 2,
  GOSSL_METHOD_SSLV23 = 3,
  GOSSL_METHOD_TLSV1 = 4,
  GOSSL_METHOD_TLSV1_1 = 5,
  GOSSL_METHOD_TLSV1_2 = 6,
  GOSSL_METHOD_TLS = 7,
  GOSSL_METHOD_TLS_SERVER = 8,
  GOSSL_METHOD_TLS_CLIENT = 9,
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
 */
typedef enum /*< flags >*/ {
  GOSSL_VERIFY_NONE = 0,
  GOSSL_VERIFY_PEER = 1 << 0,
  GOSSL_VERIFY_FAIL_IF_NO_PEER_CERT = 1 << 1,
  GOSSL_VERIFY_CLIENT_ONCE = 1 << 2,
} GosslVerifyMode;

G_END_DECLS
