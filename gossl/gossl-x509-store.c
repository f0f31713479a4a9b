/* gossl-x509-store.c: a store of trusted certificates (X509_STORE)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

/**
 * GosslX509Store:
 *
 * A set of trusted certificates to verify others against. A TLS context's
 * store ([method@Gossl.Context.get_cert_store]) is shared with the context:
 * certificates added to it are trusted by the context's connections.
 *
 * Since: 0.1
 */
struct _GosslX509Store
{
  GObject parent_instance;

  X509_STORE *store; /* one reference held */
};

G_DEFINE_FINAL_TYPE (GosslX509Store, gossl_x509_store, G_TYPE_OBJECT)

static void
gossl_x509_store_finalize (GObject *object)
{
  GosslX509Store *self = GOSSL_X509_STORE (object);

  X509_STORE_free (self->store);
  G_OBJECT_CLASS (gossl_x509_store_parent_class)->finalize (object);
}

static void
gossl_x509_store_class_init (GosslX509StoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_x509_store_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_x509_store_init (GosslX509Store *self)
{
  /* Never empty: g_object_new() (a binding's Gossl.X509Store()) gives a usable
   * object; the native constructors replace this one. */
  self->store = X509_STORE_new ();
  if (self->store == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
}

X509_STORE *
gossl_x509_store_get_native (GosslX509Store *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE (self), NULL);
  return self->store;
}

GosslX509Store *
gossl_x509_store_new_from_native (X509_STORE *store)
{
  GosslX509Store *self;

  g_return_val_if_fail (store != NULL, NULL);

  self = g_object_new (GOSSL_TYPE_X509_STORE, NULL);
  X509_STORE_free (self->store);
  self->store = store;
  return self;
}

/**
 * gossl_x509_store_new:
 *
 * An empty store.
 *
 * Returns: (transfer full): a new [class@Gossl.X509Store]
 *
 * Since: 0.1
 */
GosslX509Store *
gossl_x509_store_new (void)
{
  X509_STORE *store;

  gossl_ensure_initialized ();
  store = X509_STORE_new ();
  if (store == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  return gossl_x509_store_new_from_native (store);
}

/**
 * gossl_x509_store_add_cert:
 * @self: a [class@Gossl.X509Store]
 * @cert: the certificate to trust; the store takes its own reference
 * @error: return location for a [struct@GLib.Error]
 *
 * Adds a trusted certificate. Adding the same certificate twice is not an
 * error (OpenSSL 1.1.0 and later).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_store_add_cert (GosslX509Store  *self,
                           GosslX509       *cert,
                           GError         **error)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509 (cert), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ERR_clear_error ();
  if (!X509_STORE_add_cert (self->store, gossl_x509_get_native (cert)))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not add the certificate to the store");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_x509_store_verify_certificate:
 * @self: a [class@Gossl.X509Store]
 * @cert: the certificate to verify
 * @error: return location for a [struct@GLib.Error]
 *
 * Verifies @cert against the certificates in the store
 * (`X509_verify_cert()`): its chain must end at a certificate of the store,
 * every signature must hold and every certificate must be within its
 * validity period. When it does not, the error is %GOSSL_CRYPTO_ERROR_FAILED
 * and its message tells why ("unable to get local issuer certificate",
 * "certificate has expired"...).
 *
 * Returns: %TRUE when @cert verifies
 *
 * Since: 0.1
 */
gboolean
gossl_x509_store_verify_certificate (GosslX509Store  *self,
                                     GosslX509       *cert,
                                     GError         **error)
{
  g_autoptr(X509_STORE_CTX) ctx = NULL;
  int result, code, depth;

  g_return_val_if_fail (GOSSL_IS_X509_STORE (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509 (cert), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ERR_clear_error ();
  ctx = X509_STORE_CTX_new ();
  if (ctx == NULL ||
      !X509_STORE_CTX_init (ctx, self->store, gossl_x509_get_native (cert), NULL))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set up the verification");
      return FALSE;
    }

  result = X509_verify_cert (ctx);
  if (result > 0)
    return TRUE;

  code = X509_STORE_CTX_get_error (ctx);
  depth = X509_STORE_CTX_get_error_depth (ctx);
  if (code == X509_V_OK)
    {
      /* No verification verdict: an internal failure, explained by the
       * queue if at all. */
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Certificate verification failed");
      return FALSE;
    }
  /* The verdict is in the context, not in the queue. */
  gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                   "Certificate verification failed: %s (error %d at depth %d)",
                   X509_verify_cert_error_string (code), code, depth);
  return FALSE;
}

/**
 * gossl_x509_store_add_crl:
 * @self: a [class@Gossl.X509Store]
 * @crl: the revocation list; the store takes its own reference
 * @error: return location for a [struct@GLib.Error]
 *
 * Adds a certificate revocation list. Verification consults the lists only
 * when the store's verification flags ask for revocation checks
 * (`X509_V_FLAG_CRL_CHECK`, and `X509_V_FLAG_CRL_CHECK_ALL` for the whole
 * chain); then a certificate whose issuer has no list in the store fails
 * with "unable to get certificate CRL", and a revoked one with "certificate
 * revoked". Adding the same list twice is not an error.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_x509_store_add_crl (GosslX509Store  *self,
                          GosslCrl        *crl,
                          GError         **error)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_CRL (crl), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ERR_clear_error ();
  if (!X509_STORE_add_crl (self->store, gossl_crl_get_native (crl)))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not add the revocation list to the store");
      return FALSE;
    }
  return TRUE;
}
