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

/* What gossl_x509_store_set_time() turns on, not one of the flags. */
#define TIME_FLAG ((unsigned long) X509_V_FLAG_USE_CHECK_TIME)

/**
 * gossl_x509_store_set_flags:
 * @self: a [class@Gossl.X509Store]
 * @flags: the flags to turn on
 *
 * Turns on verification @flags, as OpenSSL's `X509_STORE_set_flags()` does:
 * the flags already on stay on ([method@Gossl.X509Store.clear_flags] turns
 * them off). They apply to the verifications that start afterwards, by
 * [method@Gossl.X509Store.verify_certificate] and
 * [class@Gossl.X509StoreContext].
 *
 * Since: 0.2
 */
void
gossl_x509_store_set_flags (GosslX509Store   *self,
                            GosslVerifyFlags  flags)
{
  g_return_if_fail (GOSSL_IS_X509_STORE (self));

  X509_STORE_set_flags (self->store, (unsigned long) flags & ~TIME_FLAG);
}

/**
 * gossl_x509_store_clear_flags:
 * @self: a [class@Gossl.X509Store]
 * @flags: the flags to turn off
 *
 * Turns off verification @flags.
 *
 * Since: 0.2
 */
void
gossl_x509_store_clear_flags (GosslX509Store   *self,
                              GosslVerifyFlags  flags)
{
  g_return_if_fail (GOSSL_IS_X509_STORE (self));

  X509_VERIFY_PARAM_clear_flags (X509_STORE_get0_param (self->store),
                                 (unsigned long) flags & ~TIME_FLAG);
}

/**
 * gossl_x509_store_get_flags:
 * @self: a [class@Gossl.X509Store]
 *
 * The verification flags that are on.
 *
 * Returns: the flags
 *
 * Since: 0.2
 */
GosslVerifyFlags
gossl_x509_store_get_flags (GosslX509Store *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE (self), GOSSL_VERIFY_FLAGS_NONE);

  return (GosslVerifyFlags) (X509_VERIFY_PARAM_get_flags (X509_STORE_get0_param (self->store))
                             & ~TIME_FLAG);
}

/**
 * gossl_x509_store_set_time:
 * @self: a [class@Gossl.X509Store]
 * @time: (nullable): the time to verify at, or %NULL for the time of each
 *   verification
 *
 * Verifies certificates as if it were @time (to the second): a certificate
 * that is not valid then fails with
 * %GOSSL_VERIFY_RESULT_CERT_HAS_EXPIRED or
 * %GOSSL_VERIFY_RESULT_CERT_NOT_YET_VALID.
 *
 * Since: 0.2
 */
void
gossl_x509_store_set_time (GosslX509Store *self,
                           GDateTime      *time)
{
  X509_VERIFY_PARAM *param;

  g_return_if_fail (GOSSL_IS_X509_STORE (self));

  param = X509_STORE_get0_param (self->store);
  if (time == NULL)
    X509_VERIFY_PARAM_clear_flags (param, TIME_FLAG);
  else
    X509_VERIFY_PARAM_set_time (param, (time_t) g_date_time_to_unix (time));
}

/**
 * gossl_x509_store_get_time:
 * @self: a [class@Gossl.X509Store]
 *
 * The time set with [method@Gossl.X509Store.set_time].
 *
 * Returns: (transfer full) (nullable): the time, in UTC, or %NULL when
 *   verifications use the time they run at
 *
 * Since: 0.2
 */
GDateTime *
gossl_x509_store_get_time (GosslX509Store *self)
{
  X509_VERIFY_PARAM *param;

  g_return_val_if_fail (GOSSL_IS_X509_STORE (self), NULL);

  param = X509_STORE_get0_param (self->store);
  if ((X509_VERIFY_PARAM_get_flags (param) & TIME_FLAG) == 0)
    return NULL;
  return g_date_time_new_from_unix_utc ((gint64) X509_VERIFY_PARAM_get_time (param));
}

/**
 * gossl_x509_store_load_locations:
 * @self: a [class@Gossl.X509Store]
 * @cafile: (type filename) (nullable): a PEM file of trusted certificates
 *   (and CRLs), or %NULL
 * @capath: (type filename) (nullable): a directory of trusted certificates
 *   named by subject hash (`openssl rehash`), or %NULL
 * @error: return location for a [struct@GLib.Error]
 *
 * Trusts the certificates of @cafile, read now, and of @capath, looked up
 * there during each verification: the directory is not checked here, and a
 * missing one adds no certificates (as for
 * [method@Gossl.Context.load_verify_locations]). Each call adds to what the
 * store trusts.
 *
 * Returns: %TRUE on success; %FALSE with %GOSSL_CRYPTO_ERROR_IO when @cafile
 *   cannot be opened (missing, not permitted, a directory: the message names
 *   the file and the system's reason, the errno is in
 *   [func@Gossl.error_get_errno]), or %GOSSL_CRYPTO_ERROR_FAILED when it
 *   holds no certificate or CRL, or when neither argument is given
 *
 * Since: 0.2
 */
gboolean
gossl_x509_store_load_locations (GosslX509Store  *self,
                                 const char      *cafile,
                                 const char      *capath,
                                 GError         **error)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (cafile == NULL && capath == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                       "Neither a CA file nor a CA directory was given");
      return FALSE;
    }
  if (cafile != NULL &&
      !gossl_file_check (cafile, GOSSL_FILE_READ, GOSSL_CRYPTO_ERROR, "the CA file", error))
    return FALSE;
  ERR_clear_error ();
  if (cafile != NULL && X509_STORE_load_file (self->store, cafile) != 1)
    {
      g_autofree char *shown = g_filename_display_name (cafile);

      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not load the CA file %s", shown);
      return FALSE;
    }
  if (capath != NULL && X509_STORE_load_path (self->store, capath) != 1)
    {
      g_autofree char *shown = g_filename_display_name (capath);

      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not add the CA directory %s", shown);
      return FALSE;
    }
  return TRUE;
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
