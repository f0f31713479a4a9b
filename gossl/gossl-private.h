/* gossl-private.h: native OpenSSL accessors and shared helpers
 *
 * Not installed and never read by g-ir-scanner: OpenSSL types stay out of
 * the public headers. Tests and fuzzers may include it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#ifndef GOSSL_COMPILATION
#define GOSSL_COMPILATION
#endif

#include <gossl/gossl.h>

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/pkcs7.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

G_BEGIN_DECLS

/* Loads the default and (where installed) legacy providers once. Every
 * constructor and free function that reaches OpenSSL calls it first. */
void      gossl_ensure_initialized (void);
extern OSSL_PROVIDER *gossl_loaded_providers[2];

/* Drains OpenSSL's error queue of this thread into the thread-local record
 * read by gossl_error_get_openssl_errors(), and sets @error with @domain and
 * @code, the formatted context and the queue's reasons in the message. When
 * the queue is empty, the record is emptied and the message is the context
 * alone. */
void      gossl_set_error_from_openssl (GError    **error,
                                        GQuark      domain,
                                        int         code,
                                        const char *format,
                                        ...) G_GNUC_PRINTF (4, 5);

/* Sets @error without touching OpenSSL's queue (the record is emptied). */
void      gossl_set_error (GError    **error,
                           GQuark      domain,
                           int         code,
                           const char *format,
                           ...) G_GNUC_PRINTF (4, 5);

/* Records @errnum for gossl_error_get_errno() on this thread. */
void      gossl_error_record_errno (int errnum);

/* How a file-taking function uses its file (gossl-file.c). */
typedef enum {
  GOSSL_FILE_READ,
  GOSSL_FILE_WRITE, /* created with mode 0600 when missing */
} GosslFileAccess;

/* Every function that takes a file name calls this before handing the name
 * to OpenSSL: it opens @path for @access and closes it again. A file that
 * cannot be opened, or is a directory, fails with the IO code of @domain
 * (%GOSSL_SSL_ERROR_IO or %GOSSL_CRYPTO_ERROR_IO), the message "Could not
 * read|write @what @path: <the system's reason>" and the errno recorded for
 * gossl_error_get_errno(). @what names the file's role: "the certificate
 * file". */
gboolean  gossl_file_check     (const char       *path,
                                GosslFileAccess   access,
                                GQuark            domain,
                                const char       *what,
                                GError          **error);

/* Sets @error as gossl_file_check() does, for a file OpenSSL failed to open,
 * read or write after the check passed. With @errnum 0, the errno OpenSSL
 * queued is used; when there is none, the message takes OpenSSL's reasons
 * instead, and the recorded errno is 0. */
void      gossl_file_set_error (GError          **error,
                                GQuark            domain,
                                GosslFileAccess   access,
                                int               errnum,
                                const char       *what,
                                const char       *path);

/* FALSE with GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT unless @type is PEM or ASN1. */
gboolean  gossl_check_filetype (int type, GError **error);

/* Digest by name ("sha256", "SHA256", "sha1", ...); NULL with
 * GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an unknown name. */
const EVP_MD *gossl_lookup_digest (const char *name, GError **error);

/* A read-only memory BIO over @data (not copied). */
BIO      *gossl_bio_new_mem_ro (const guint8 *data, gsize len);

/* Copies what a memory BIO holds into a new GByteArray. */
GByteArray *gossl_bio_to_byte_array (BIO *bio);

/* How one of OpenSSL's ASN.1 types reads and writes as PEM and DER. */
typedef struct {
  const char    *what;      /* for messages: "certificate" */
  const char    *pem_name;  /* PEM_STRING_X509 */
  d2i_of_void   *d2i;       /* PEM body decoder: CHECKED_D2I_OF (X509, d2i_X509) */
  i2d_of_void   *i2d;       /* PEM body encoder */
  ASN1_ITEM_EXP *item;      /* DER: ASN1_ITEM_ref (X509) */
  /* GOSSL_FILETYPE_TEXT: prints @object as OpenSSL's tools do, 1 on
   * success; NULL for a type that has no text dump. */
  int          (*print) (BIO *bio, const void *object);
} GosslAsn1Codec;

/* The object @data holds, or NULL with @error set (INVALID_ARGUMENT for a
 * bad @type or size, FAILED for data that does not parse). */
void       *gossl_asn1_load (const GosslAsn1Codec  *codec,
                             GosslFiletype          type,
                             const guint8          *data,
                             gsize                  len,
                             GError               **error);
/* @object encoded (or printed, for GOSSL_FILETYPE_TEXT), or NULL with
 * @error set. */
GByteArray *gossl_asn1_dump (const GosslAsn1Codec  *codec,
                             GosslFiletype          type,
                             const void            *object,
                             GError               **error);

/* The contents of @bytes for the GBytes forms of the loaders; FALSE with
 * GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for a NULL @bytes, which bindings
 * can pass. */
gboolean    gossl_bytes_peek (GBytes        *bytes,
                              const guint8 **data,
                              gsize         *len,
                              GError       **error);

/* A PEM password callback for pem_password_cb: @userdata is a
 * GosslPassphrase. It never prompts on the terminal: with no passphrase it
 * asks the interaction, if there is one, and otherwise returns -1; either
 * way it marks the passphrase as requested, so callers can tell
 * "encrypted, no passphrase given" from "wrong passphrase". */
typedef struct {
  const guint8     *data;        /* may be NULL */
  gsize             len;
  gboolean          requested;   /* set when OpenSSL asked for a passphrase */

  /* Without @data, the passphrase comes from @interaction (when set): a
   * GTlsPassword with @description and @flags, asked at most once. */
  GTlsInteraction  *interaction;
  const char       *description;
  GTlsPasswordFlags flags;
  GCancellable     *cancellable;
  gboolean          asked;
  GTlsPassword     *password;    /* the answer (owned); @data points into it */
  GError           *error;       /* the interaction's error (owned) */
} GosslPassphrase;

int       gossl_passphrase_cb    (char *buf, int size, int rwflag, void *userdata);
/* Asks @pass's interaction for the passphrase, unless it was asked already:
 * OpenSSL may want the passphrase of one key several times (its decoders,
 * then its legacy reader), and the user must not be asked twice. TRUE when
 * @pass->data then holds a passphrase; FALSE when there is no interaction,
 * it gave none (unhandled, or failed: then with @pass->error set when it
 * said why), or it gave an empty one. */
gboolean  gossl_passphrase_ask   (GosslPassphrase *pass);
/* Frees what the interaction left in @pass. */
void      gossl_passphrase_clear (GosslPassphrase *pass);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GosslPassphrase, gossl_passphrase_clear)

/* Hands @src (taken) on in @error, its domain and code kept and its
 * message after the formatted context: for errors gossl passes on from GIO
 * (an interaction's). The record of OpenSSL's reasons is emptied, as
 * gossl_set_error() does. */
void      gossl_propagate_error (GError    **error,
                                 GError     *src,
                                 const char *format,
                                 ...) G_GNUC_PRINTF (3, 4);

/* ASN.1 times (gossl-x509.c), shared by certificates and CRLs. */
/* @when as GeneralizedTime `YYYYMMDDhhmmssZ`, or NULL when empty. */
char       *gossl_asn1_time_to_string     (const ASN1_TIME *when);
/* @when as a GDateTime in UTC, or NULL when empty or before year 1. */
GDateTime  *gossl_asn1_time_to_date_time  (const ASN1_TIME *when);
/* Sets @when from `YYYYMMDDhhmmssZ` (or UTCTime); FALSE with
 * GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for a malformed or NULL @value. */
gboolean    gossl_asn1_time_set_string    (ASN1_TIME       *when,
                                           const char      *value,
                                           GError         **error);
/* A new ASN1_TIME for @value (whole seconds, UTC), or NULL with
 * GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for NULL or outside years 1-9999. */
ASN1_TIME  *gossl_asn1_time_from_date_time (GDateTime      *value,
                                            GError        **error);

/* Serial numbers (gossl-x509.c): @value in upper-case hexadecimal, "-"
 * first when negative; and back, from hexadecimal digits only (NULL with
 * GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for anything else). */
char         *gossl_asn1_integer_to_hex   (const ASN1_INTEGER *value);
ASN1_INTEGER *gossl_asn1_integer_from_hex (const char         *hex,
                                           GError            **error);

/* Native accessors. "get_native" returns a borrowed pointer (transfer none),
 * valid while the object lives. "new_from_native" takes ownership of the
 * reference passed in. */
EVP_PKEY       *gossl_pkey_get_native           (GosslPKey *self);
GosslPKey      *gossl_pkey_new_from_native      (EVP_PKEY *pkey);
/* The key @pkey holds, or NULL with GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT
 * for an empty one. */
EVP_PKEY       *gossl_pkey_require_native       (GosslPKey *pkey, GError **error);
/* What signing with @pkey and @digest needs: the key, which must hold its
 * private half, and in @md the digest (NULL for Ed25519 and Ed448, which
 * take none and ignore @digest); NULL with GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT
 * otherwise. */
EVP_PKEY       *gossl_pkey_prepare_signing      (GosslPKey     *pkey,
                                                 const char    *digest,
                                                 const EVP_MD **md,
                                                 GError       **error);
/* A new key holding only the public half of @pubkey (a certificate's or
 * request's SubjectPublicKeyInfo), or NULL with OpenSSL's queue set. */
EVP_PKEY       *gossl_public_key_decode         (const X509_PUBKEY *pubkey);

X509           *gossl_x509_get_native           (GosslX509 *self);
GosslX509      *gossl_x509_new_from_native      (X509 *x509);

/* A new array (transfer container: it unrefs its elements) of
 * certificates holding their own references to those of @chain, or NULL for
 * a NULL @chain (gossl-connection.c). */
GPtrArray      *gossl_x509_chain_wrap           (STACK_OF (X509) *chain);
/* GIO's flag for an X509_V_ERR_* code: the one place that maps them
 * (gossl-connection.c). */
GTlsCertificateFlags gossl_certificate_flags_from_verify_error (long x509_error);

X509_REQ       *gossl_x509_req_get_native       (GosslX509Req *self);
GosslX509Req   *gossl_x509_req_new_from_native  (X509_REQ *req);

/* The X509_NAME a name object stands for now: its own copy, or the current
 * subject/issuer of its owner (resolved on every call, since setting a
 * certificate's subject replaces the X509_NAME inside it). */
X509_NAME      *gossl_x509_name_get_native      (GosslX509Name *self);
/* A name that owns a copy of @name (the caller keeps @name). */
GosslX509Name  *gossl_x509_name_new_from_native (const X509_NAME *name);
/* The first @field entry of @name as UTF-8 (%NULL if none, or @error set
 * for an unknown @field). @name may be %NULL. */
char           *gossl_x509_name_native_get_entry (const X509_NAME  *name,
                                                  const char       *field,
                                                  GError          **error);
/* A new stack of copies of @names (for SSL_set_client_CA_list()), or NULL
 * with GOSSL_SSL_ERROR_INVALID_ARGUMENT when one of them is not a name. */
STACK_OF (X509_NAME) *gossl_x509_name_stack_new (GosslX509Name * const  *names,
                                                 guint                   n_names,
                                                 GError                **error);
/* Names owning copies of the entries of @stack (NULL: none), in an array
 * that frees them. */
GPtrArray      *gossl_x509_name_stack_wrap      (const STACK_OF (X509_NAME) *stack);
/* A live view into @owner's name. It holds a reference to @owner; @resolve
 * finds the current X509_NAME in it. */
typedef X509_NAME *(*GosslX509NameResolve) (GObject *owner);
GosslX509Name  *gossl_x509_name_new_view        (GObject              *owner,
                                                 GosslX509NameResolve  resolve);
/* Called by a view after it changed @owner's name: a certificate notifies
 * its subject-name or issuer-name property. */
void            gossl_x509_name_view_changed    (GObject              *owner,
                                                 GosslX509NameResolve  resolve);

X509_EXTENSION *gossl_x509_extension_get_native (GosslX509Extension *self);
/* The native extension to add to a certificate or request, or NULL with
 * GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an empty one (g_object_new()). */
X509_EXTENSION *gossl_x509_extension_get_content (GosslX509Extension  *self,
                                                  GError             **error);
GosslX509Extension *gossl_x509_extension_new_from_native (X509_EXTENSION *ext);

X509_STORE     *gossl_x509_store_get_native     (GosslX509Store *self);
/* Takes ownership of one reference to @store. */
GosslX509Store *gossl_x509_store_new_from_native (X509_STORE *store);

X509_CRL       *gossl_crl_get_native            (GosslCrl *self);
GosslCrl       *gossl_crl_new_from_native       (X509_CRL *crl);
X509_REVOKED   *gossl_revoked_get_native        (GosslRevoked *self);
GosslRevoked   *gossl_revoked_new_from_native   (X509_REVOKED *revoked);

PKCS7          *gossl_pkcs7_get_native          (GosslPKCS7 *self);

SSL_CTX        *gossl_context_get_native        (GosslContext *self);
SSL            *gossl_connection_get_native     (GosslConnection *self);

G_END_DECLS

/* g_autoptr() for the OpenSSL types gossl uses. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free_all)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_INTEGER, ASN1_INTEGER_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_TIME, ASN1_TIME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY_CTX, EVP_PKEY_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_REQ, X509_REQ_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_EXTENSION, X509_EXTENSION_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_CRL, X509_CRL_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_REVOKED, X509_REVOKED_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_ENUMERATED, ASN1_ENUMERATED_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS7, PKCS7_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12, PKCS12_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SSL_CTX, SSL_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SSL, SSL_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OSSL_DECODER_CTX, OSSL_DECODER_CTX_free)
