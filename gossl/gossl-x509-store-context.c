/* gossl-x509-store-context.c: one certificate verification (X509_STORE_CTX)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

/**
 * GosslX509StoreContext:
 *
 * Verifies one certificate against a [class@Gossl.X509Store], with
 * untrusted certificates that may complete its chain (the intermediates a
 * peer sends, say). [method@Gossl.X509StoreContext.verify_certificate]
 * builds and checks the chain anew on each call, with the store's
 * certificates, flags and time as they are then; after it the context tells
 * the outcome: the chain it built
 * ([method@Gossl.X509StoreContext.get_verified_chain]), or why and where it
 * failed ([method@Gossl.X509StoreContext.get_error],
 * [method@Gossl.X509StoreContext.get_error_depth],
 * [method@Gossl.X509StoreContext.get_current_certificate]).
 *
 * Since: 0.2
 */
struct _GosslX509StoreContext
{
  GObject parent_instance;

  GosslX509Store *store;        /* NULL until set */
  GosslX509      *certificate;  /* NULL until set */
  GPtrArray      *untrusted;    /* of GosslX509 (a binding may put NULL in) */

  /* The outcome of the last verification. */
  int             error;
  int             error_depth;
  GosslX509      *current_certificate;
  GPtrArray      *verified_chain;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GosslX509StoreContext, gossl_x509_store_context, G_TYPE_OBJECT)

static void
forget_outcome (GosslX509StoreContext *self)
{
  self->error = X509_V_OK;
  self->error_depth = -1;
  g_clear_object (&self->current_certificate);
  g_clear_pointer (&self->verified_chain, g_ptr_array_unref);
}

static void
gossl_x509_store_context_finalize (GObject *object)
{
  GosslX509StoreContext *self = GOSSL_X509_STORE_CONTEXT (object);

  forget_outcome (self);
  g_clear_object (&self->store);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->untrusted, g_ptr_array_unref);
  G_OBJECT_CLASS (gossl_x509_store_context_parent_class)->finalize (object);
}

static void
gossl_x509_store_context_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  GosslX509StoreContext *self = GOSSL_X509_STORE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_x509_store_context_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  GosslX509StoreContext *self = GOSSL_X509_STORE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      gossl_x509_store_context_set_store (self, g_value_get_object (value));
      break;
    case PROP_CERTIFICATE:
      gossl_x509_store_context_set_certificate (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_x509_store_context_class_init (GosslX509StoreContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gossl_x509_store_context_finalize;
  object_class->get_property = gossl_x509_store_context_get_property;
  object_class->set_property = gossl_x509_store_context_set_property;

  /**
   * GosslX509StoreContext:store: (getter get_store) (setter set_store)
   *
   * The trusted certificates, flags and time the verification uses.
   *
   * Since: 0.2
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GOSSL_TYPE_X509_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GosslX509StoreContext:certificate: (getter get_certificate) (setter set_certificate)
   *
   * The certificate to verify.
   *
   * Since: 0.2
   */
  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL, GOSSL_TYPE_X509,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  gossl_ensure_initialized ();
}

static void
gossl_x509_store_context_init (GosslX509StoreContext *self)
{
  self->error = X509_V_OK;
  self->error_depth = -1;
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/**
 * gossl_x509_store_context_new:
 * @store: the trusted certificates
 * @certificate: the certificate to verify
 * @untrusted: (array length=n_untrusted) (nullable): certificates that may
 *   complete the chain but are not trusted themselves, or %NULL
 * @n_untrusted: the number of certificates in @untrusted
 *
 * A context that verifies @certificate against @store. It holds references
 * to its store and certificates, and keeps its own list of @untrusted.
 *
 * Returns: (transfer full): a new [class@Gossl.X509StoreContext]
 *
 * Since: 0.2
 */
GosslX509StoreContext *
gossl_x509_store_context_new (GosslX509Store  *store,
                              GosslX509       *certificate,
                              GosslX509      **untrusted,
                              guint            n_untrusted)
{
  GosslX509StoreContext *self;

  g_return_val_if_fail (store == NULL || GOSSL_IS_X509_STORE (store), NULL);
  g_return_val_if_fail (certificate == NULL || GOSSL_IS_X509 (certificate), NULL);
  g_return_val_if_fail (untrusted != NULL || n_untrusted == 0, NULL);

  self = g_object_new (GOSSL_TYPE_X509_STORE_CONTEXT,
                       "store", store, "certificate", certificate, NULL);
  if (n_untrusted > 0)
    {
      self->untrusted = g_ptr_array_new_full (n_untrusted, unref_nullable);
      for (guint i = 0; i < n_untrusted; i++)
        g_ptr_array_add (self->untrusted,
                         untrusted[i] != NULL ? g_object_ref (untrusted[i]) : NULL);
    }
  return self;
}

/**
 * gossl_x509_store_context_set_store:
 * @self: a [class@Gossl.X509StoreContext]
 * @store: the trusted certificates for the verifications to come
 *
 * Replaces the store. The outcome of an earlier verification stays until
 * the next one.
 *
 * Since: 0.2
 */
void
gossl_x509_store_context_set_store (GosslX509StoreContext *self,
                                    GosslX509Store        *store)
{
  g_return_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self));
  g_return_if_fail (store == NULL || GOSSL_IS_X509_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * gossl_x509_store_context_get_store:
 * @self: a [class@Gossl.X509StoreContext]
 *
 * The store.
 *
 * Returns: (transfer none) (nullable): the store, %NULL for a context made
 *   without one
 *
 * Since: 0.2
 */
GosslX509Store *
gossl_x509_store_context_get_store (GosslX509StoreContext *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self), NULL);
  return self->store;
}

/**
 * gossl_x509_store_context_set_certificate:
 * @self: a [class@Gossl.X509StoreContext]
 * @certificate: the certificate the verifications to come verify
 *
 * Replaces the certificate to verify; the untrusted certificates stay.
 *
 * Since: 0.2
 */
void
gossl_x509_store_context_set_certificate (GosslX509StoreContext *self,
                                          GosslX509             *certificate)
{
  g_return_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self));
  g_return_if_fail (certificate == NULL || GOSSL_IS_X509 (certificate));

  if (g_set_object (&self->certificate, certificate))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE]);
}

/**
 * gossl_x509_store_context_get_certificate:
 * @self: a [class@Gossl.X509StoreContext]
 *
 * The certificate to verify.
 *
 * Returns: (transfer none) (nullable): the certificate, %NULL for a context
 *   made without one
 *
 * Since: 0.2
 */
GosslX509 *
gossl_x509_store_context_get_certificate (GosslX509StoreContext *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self), NULL);
  return self->certificate;
}

/* The untrusted certificates as OpenSSL takes them (borrowed pointers:
 * free with sk_X509_free()), or NULL with @error set for a missing one. */
static gboolean
native_untrusted (GosslX509StoreContext  *self,
                  STACK_OF (X509)       **out,
                  GError                **error)
{
  STACK_OF (X509) *stack;

  *out = NULL;
  if (self->untrusted == NULL)
    return TRUE;
  stack = sk_X509_new_reserve (NULL, (int) self->untrusted->len);
  if (stack == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  for (guint i = 0; i < self->untrusted->len; i++)
    {
      GosslX509 *cert = g_ptr_array_index (self->untrusted, i);

      if (cert == NULL)
        {
          sk_X509_free (stack);
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "Untrusted certificate %u is missing", i);
          return FALSE;
        }
      sk_X509_push (stack, gossl_x509_get_native (cert));
    }
  *out = stack;
  return TRUE;
}

/**
 * gossl_x509_store_context_verify_certificate:
 * @self: a [class@Gossl.X509StoreContext]
 * @error: return location for a [struct@GLib.Error]
 *
 * Verifies the certificate (`X509_verify_cert()`): builds its chain from
 * the untrusted certificates and the store up to a trusted one, and checks
 * every signature, validity period and extension of it under the store's
 * flags and time. Each call verifies anew and replaces the outcome of the
 * one before.
 *
 * Returns: %TRUE when the certificate verifies; %FALSE with
 *   %GOSSL_CRYPTO_ERROR_BAD_CERTIFICATE when it does not: the message is
 *   OpenSSL's reason ("unable to get local issuer certificate"), and
 *   [method@Gossl.X509StoreContext.get_error],
 *   [method@Gossl.X509StoreContext.get_error_depth] and
 *   [method@Gossl.X509StoreContext.get_current_certificate] tell why and
 *   where. %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for a context without a
 *   store or certificate, %GOSSL_CRYPTO_ERROR_FAILED when OpenSSL could not
 *   run the verification.
 *
 * Since: 0.2
 */
gboolean
gossl_x509_store_context_verify_certificate (GosslX509StoreContext  *self,
                                             GError                **error)
{
  g_autoptr(X509_STORE_CTX) ctx = NULL;
  STACK_OF (X509) *untrusted = NULL;
  X509 *current;
  int result;

  g_return_val_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  forget_outcome (self);
  if (self->store == NULL || self->certificate == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       self->store == NULL ? "The context has no store"
                                           : "The context has no certificate to verify");
      return FALSE;
    }
  if (!native_untrusted (self, &untrusted, error))
    return FALSE;

  ERR_clear_error ();
  ctx = X509_STORE_CTX_new ();
  if (ctx == NULL ||
      !X509_STORE_CTX_init (ctx, gossl_x509_store_get_native (self->store),
                            gossl_x509_get_native (self->certificate), untrusted))
    {
      sk_X509_free (untrusted);
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set up the verification");
      return FALSE;
    }

  result = X509_verify_cert (ctx);
  if (result > 0)
    {
      self->verified_chain = gossl_x509_chain_wrap (X509_STORE_CTX_get0_chain (ctx));
      X509_STORE_CTX_cleanup (ctx);
      sk_X509_free (untrusted);
      return TRUE;
    }

  self->error = X509_STORE_CTX_get_error (ctx);
  if (self->error == X509_V_OK)
    {
      /* No verdict: an internal failure, explained by the queue if at all. */
      X509_STORE_CTX_cleanup (ctx);
      sk_X509_free (untrusted);
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Certificate verification failed");
      return FALSE;
    }
  self->error_depth = X509_STORE_CTX_get_error_depth (ctx);
  current = X509_STORE_CTX_get_current_cert (ctx);
  if (current != NULL)
    {
      X509_up_ref (current);
      self->current_certificate = gossl_x509_new_from_native (current);
    }
  /* The context borrows the stack until cleaned up. */
  X509_STORE_CTX_cleanup (ctx);
  sk_X509_free (untrusted);
  gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_CERTIFICATE,
                   "%s", X509_verify_cert_error_string (self->error));
  return FALSE;
}

static gpointer
ref_object (gconstpointer object,
            gpointer      data)
{
  return g_object_ref ((gpointer) object);
}

/**
 * gossl_x509_store_context_get_verified_chain:
 * @self: a [class@Gossl.X509StoreContext]
 *
 * The chain the last verification built, when it passed.
 *
 * Returns: (transfer container) (element-type GosslX509) (nullable): the
 *   certificates, the verified one first and the trusted one last, or %NULL
 *   before a verification and after a failed one
 *
 * Since: 0.2
 */
GPtrArray *
gossl_x509_store_context_get_verified_chain (GosslX509StoreContext *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self), NULL);

  if (self->verified_chain == NULL)
    return NULL;
  return g_ptr_array_copy (self->verified_chain, ref_object, NULL);
}

/**
 * gossl_x509_store_context_get_error:
 * @self: a [class@Gossl.X509StoreContext]
 *
 * Why the last verification failed, OpenSSL's `X509_V_ERR_*` code (as
 * `X509_STORE_CTX_get_error()`). An OpenSSL newer than 3.0 may give a code
 * [enum@Gossl.VerifyResult] does not name.
 *
 * Returns: the reason, or %GOSSL_VERIFY_RESULT_OK before a verification and
 *   after one that passed
 *
 * Since: 0.2
 */
GosslVerifyResult
gossl_x509_store_context_get_error (GosslX509StoreContext *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self), GOSSL_VERIFY_RESULT_OK);
  return (GosslVerifyResult) self->error;
}

/**
 * gossl_x509_store_context_get_error_depth:
 * @self: a [class@Gossl.X509StoreContext]
 *
 * Where in the chain the last verification failed: 0 is the certificate
 * verified, 1 its issuer, and so on.
 *
 * Returns: the depth, or -1 before a verification and after one that passed
 *
 * Since: 0.2
 */
int
gossl_x509_store_context_get_error_depth (GosslX509StoreContext *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self), -1);
  return self->error_depth;
}

/**
 * gossl_x509_store_context_get_current_certificate:
 * @self: a [class@Gossl.X509StoreContext]
 *
 * The certificate at which the last verification failed, the one at
 * [method@Gossl.X509StoreContext.get_error_depth].
 *
 * Returns: (transfer none) (nullable): the certificate, or %NULL before a
 *   verification, after one that passed, or when OpenSSL named none
 *
 * Since: 0.2
 */
GosslX509 *
gossl_x509_store_context_get_current_certificate (GosslX509StoreContext *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self), NULL);
  return self->current_certificate;
}

/**
 * gossl_x509_store_context_get_certificate_errors:
 * @self: a [class@Gossl.X509StoreContext]
 *
 * The reason of the last failed verification as GIO tells it
 * ([method@Gio.TlsConnection.get_peer_certificate_errors] uses the same
 * flags): %G_TLS_CERTIFICATE_UNKNOWN_CA for an untrusted chain,
 * %G_TLS_CERTIFICATE_EXPIRED for a certificate past its end, and so on.
 *
 * Returns: the flag, or 0 before a verification and after one that passed
 *
 * Since: 0.2
 */
GTlsCertificateFlags
gossl_x509_store_context_get_certificate_errors (GosslX509StoreContext *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_STORE_CONTEXT (self), 0);
  return gossl_certificate_flags_from_verify_error (self->error);
}
