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
 * ([error@Gossl.CryptoError]).
 *
 * Since: 0.1
 */
#define GOSSL_CRYPTO_ERROR (gossl_crypto_error_quark ())

/**
 * GosslCryptoError:
 * @GOSSL_CRYPTO_ERROR_FAILED: OpenSSL refused the operation; the reasons are
 *   in the message and in [func@Gossl.error_get_openssl_errors]
 * @GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT: an argument is out of range or names
 *   nothing (unknown digest or cipher, wrong file type, bad key size)
 * @GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED: the key is encrypted and no
 *   passphrase was given
 * @GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE: the passphrase does not decrypt the data
 * @GOSSL_CRYPTO_ERROR_NOT_SUPPORTED: the operation does not exist in OpenSSL 3
 *   or on this platform, or the value cannot be given in the form asked for
 *   (a name entry holding a NUL byte, read as a string)
 * @GOSSL_CRYPTO_ERROR_IO: a file could not be read or written (missing, not
 *   permitted, a directory); the message names the file and the reason, the
 *   errno is in [func@Gossl.error_get_errno]. Context methods report the same
 *   situation as %GOSSL_SSL_ERROR_IO.
 * @GOSSL_CRYPTO_ERROR_BAD_CERTIFICATE: a certificate failed verification by a
 *   [class@Gossl.X509StoreContext]; the context tells why
 *   ([method@Gossl.X509StoreContext.get_error]) and where. Since: 0.2
 *
 * Error codes of %GOSSL_CRYPTO_ERROR.
 *
 * Since: 0.1
 */
typedef enum {
  GOSSL_CRYPTO_ERROR_FAILED,
  GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
  GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED,
  GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE,
  GOSSL_CRYPTO_ERROR_NOT_SUPPORTED,
  GOSSL_CRYPTO_ERROR_IO,
  GOSSL_CRYPTO_ERROR_BAD_CERTIFICATE,
} GosslCryptoError;

/**
 * GOSSL_SSL_ERROR:
 *
 * The error domain of TLS contexts and connections ([error@Gossl.SslError]): the
 * ways an OpenSSL TLS call ends, with handshake failures told apart as GIO's
 * [error@Gio.TlsError] tells them.
 *
 * Since: 0.1
 */
#define GOSSL_SSL_ERROR (gossl_ssl_error_quark ())

/**
 * GosslSslError:
 * @GOSSL_SSL_ERROR_FAILED: OpenSSL refused the operation; the reasons are in
 *   [func@Gossl.error_get_openssl_errors]
 * @GOSSL_SSL_ERROR_ZERO_RETURN: the peer closed the TLS session cleanly
 * @GOSSL_SSL_ERROR_WANT_READ: call again when the socket is readable
 * @GOSSL_SSL_ERROR_WANT_WRITE: call again when the socket is writable
 * @GOSSL_SSL_ERROR_WANT_X509_LOOKUP: a certificate callback asked to be
 *   called again
 * @GOSSL_SSL_ERROR_SYSCALL: the transport failed; the errno is in
 *   [func@Gossl.error_get_errno]
 * @GOSSL_SSL_ERROR_INVALID_ARGUMENT: an argument is out of range
 * @GOSSL_SSL_ERROR_NOT_SUPPORTED: the protocol or feature is gone from
 *   OpenSSL 3 (SSLv2, SSLv3)
 * @GOSSL_SSL_ERROR_IO: a file a context method names could not be read
 *   (missing, a directory, not permitted); the message names the file and
 *   the reason, the errno is in [func@Gossl.error_get_errno]. The
 *   %GOSSL_SSL_ERROR counterpart of %GOSSL_CRYPTO_ERROR_IO. Since: 0.2
 * @GOSSL_SSL_ERROR_BAD_CERTIFICATE: the peer's certificate failed
 *   verification; [method@Gossl.Connection.get_peer_certificate_errors] tells why
 *   (Since: 0.2)
 * @GOSSL_SSL_ERROR_NOT_TLS: the peer does not speak TLS (an HTTP server,
 *   say) (Since: 0.2)
 * @GOSSL_SSL_ERROR_HANDSHAKE: the handshake failed for another reason (no
 *   common protocol version, cipher or application protocol, an alert from
 *   the peer) (Since: 0.2)
 * @GOSSL_SSL_ERROR_CERTIFICATE_REQUIRED: the server requires a client
 *   certificate and the client sent none (Since: 0.2)
 * @GOSSL_SSL_ERROR_EOF: the peer closed the transport without a TLS
 *   close_notify; [func@Gossl.error_get_errno] is -1 (Since: 0.2)
 *
 * Error codes of %GOSSL_SSL_ERROR, modelled on GIO's [error@Gio.TlsError] for those
 * added in 0.2. Before 0.2 a refused certificate and other handshake
 * failures were %GOSSL_SSL_ERROR_FAILED, and an unexpected EOF
 * %GOSSL_SSL_ERROR_SYSCALL. The [design overview](overview.html) lists the
 * exception the Python package raises for each code.
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
  GOSSL_SSL_ERROR_IO,
  GOSSL_SSL_ERROR_BAD_CERTIFICATE,
  GOSSL_SSL_ERROR_NOT_TLS,
  GOSSL_SSL_ERROR_HANDSHAKE,
  GOSSL_SSL_ERROR_CERTIFICATE_REQUIRED,
  GOSSL_SSL_ERROR_EOF,
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
