/* gossl-error.h: error domains and the OpenSSL error queue behind them
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <glib.h>
#include <gossl/gossl-version.h>

G_BEGIN_DECLS

/**
 * GOSSL_CRYPTO_ERROR:
 *
 * The error domain of certificate, key and random-number operations
 * (#GosslCryptoError). Python raises `OpenSSL.crypto.Error` for it, or
 * `ValueError` for %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 */
#define GOSSL_CRYPTO_ERROR (gossl_crypto_error_quark ())

/**
 * GosslCryptoError:
 * @GOSSL_CRYPTO_ERROR_FAILED: OpenSSL refused the operation; the reasons are
 *   in the message and in gossl_error_get_openssl_errors()
 * @GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT: an argument is out of range or names
 *   nothing (unknown digest or cipher, wrong file type, bad key size)
 * @GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED: the key is encrypted and no
 *   passphrase was given
 * @GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE: the passphrase does not decrypt the data
 * @GOSSL_CRYPTO_ERROR_NOT_SUPPORTED: the operation does not exist in OpenSSL 3
 *   or on this platform, or the value cannot be given in the form asked for
 *   (a name entry holding a NUL byte, read as a string)
 * @GOSSL_CRYPTO_ERROR_IO: a file could not be read or written
 *
 * Error codes of %GOSSL_CRYPTO_ERROR.
 */
typedef enum {
  GOSSL_CRYPTO_ERROR_FAILED,
  GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
  GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED,
  GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE,
  GOSSL_CRYPTO_ERROR_NOT_SUPPORTED,
  GOSSL_CRYPTO_ERROR_IO,
} GosslCryptoError;

/**
 * GOSSL_SSL_ERROR:
 *
 * The error domain of TLS contexts and connections (#GosslSslError). Its
 * codes are the exceptions of pyOpenSSL's `SSL` module.
 */
#define GOSSL_SSL_ERROR (gossl_ssl_error_quark ())

/**
 * GosslSslError:
 * @GOSSL_SSL_ERROR_FAILED: `SSL.Error`: OpenSSL refused the operation; the
 *   reasons are in gossl_error_get_openssl_errors()
 * @GOSSL_SSL_ERROR_ZERO_RETURN: `SSL.ZeroReturnError`: the peer closed the TLS
 *   session cleanly
 * @GOSSL_SSL_ERROR_WANT_READ: `SSL.WantReadError`: call again when the socket
 *   is readable
 * @GOSSL_SSL_ERROR_WANT_WRITE: `SSL.WantWriteError`: call again when the
 *   socket is writable
 * @GOSSL_SSL_ERROR_WANT_X509_LOOKUP: `SSL.WantX509LookupError`: a certificate
 *   callback asked to be called again
 * @GOSSL_SSL_ERROR_SYSCALL: `SSL.SysCallError`: the transport failed; the
 *   errno is in gossl_error_get_errno() (-1 for an unexpected EOF)
 * @GOSSL_SSL_ERROR_INVALID_ARGUMENT: an argument is out of range (Python
 *   raises `ValueError`)
 * @GOSSL_SSL_ERROR_NOT_SUPPORTED: the protocol or feature is gone from
 *   OpenSSL 3 (SSLv2, SSLv3)
 *
 * Error codes of %GOSSL_SSL_ERROR.
 */
typedef enum {
  GOSSL_SSL_ERROR_FAILED,
  GOSSL_SSL_ERROR_ZERO_RETURN,
  GOSSL_SSL_ERROR_WANT_READ,
  GOSSL_SSL_ERROR_WANT_WRITE,
  GOSSL_SSL_ERROR_WANT_X509_LOOKUP,
  GOSSL_SSL_ERROR_SYSCALL,
  GOSSL_SSL_ERROR_INVALID_ARGUMENT,
  GOSSL_SSL_ERROR_NOT_SUPPORTED,
} GosslSslError;

GOSSL_AVAILABLE_IN_ALL
GQuark    gossl_crypto_error_quark       (void);
GOSSL_AVAILABLE_IN_ALL
GQuark    gossl_ssl_error_quark          (void);

GOSSL_AVAILABLE_IN_ALL
GVariant *gossl_error_get_openssl_errors (void);
GOSSL_AVAILABLE_IN_ALL
int       gossl_error_get_errno          (void);

G_END_DECLS
