/* gossl-x509-req.c: a certificate signing request (X509_REQ)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

/**
 * GosslX509Req:
 *
 * A PKCS#10 certificate signing request.
 *
 * Fill a new request's subject through the live name returned by
 * [method@Gossl.X509Req.get_subject], give it a public key with
 * [method@Gossl.X509Req.set_pubkey] and sign it with the matching private key.
 *
 * Since: 0.1
 */
struct _GosslX509Req
{
  GObject parent_instance;

  X509_REQ *req; /* never NULL */
};

G_DEFINE_FINAL_TYPE (GosslX509Req, gossl_x509_req, G_TYPE_OBJECT)

static void
gossl_x509_req_finalize (GObject *object)
{
  GosslX509Req *self = GOSSL_X509_REQ (object);

  X509_REQ_free (self->req);
  G_OBJECT_CLASS (gossl_x509_req_parent_class)->finalize (object);
}

static void
gossl_x509_req_class_init (GosslX509ReqClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_x509_req_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_x509_req_init (GosslX509Req *self)
{
  /* Never empty: g_object_new() (a binding's Gossl.X509Req()) gives a usable
   * object; the native constructors replace this one. */
  self->req = X509_REQ_new ();
  if (self->req == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  /* A fresh X509_REQ's version INTEGER is empty and reads as -1; PKCS#10
   * has version 0 only, and pyOpenSSL sets it too. */
  X509_REQ_set_version (self->req, X509_REQ_VERSION_1);
}

/* Wraps @req, taking ownership; a NULL @req means "make an empty one". */
static GosslX509Req *
wrap (X509_REQ *req)
{
  GosslX509Req *self = g_object_new (GOSSL_TYPE_X509_REQ, NULL);

  if (req != NULL)
    {
      X509_REQ_free (self->req);
      self->req = req;
    }
  return self;
}

/**
 * gossl_x509_req_new:
 *
 * An empty request (version 0, no subject, no key).
 *
 * Returns: (transfer full): a new [class@Gossl.X509Req]
 *
 * Since: 0.1
 */
GosslX509Req *
gossl_x509_req_new (void)
{
  return wrap (NULL);
}

X509_REQ *
gossl_x509_req_get_native (GosslX509Req *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), NULL);
  return self->req;
}

GosslX509Req *
gossl_x509_req_new_from_native (X509_REQ *req)
{
  g_return_val_if_fail (req != NULL, NULL);
  return wrap (req);
}

/* PEM_read_bio_X509_REQ() also takes "NEW CERTIFICATE REQUEST" blocks: the
 * same name matching happens here (PEM_STRING_X509_REQ_OLD). */
static int
print_req (BIO *bio, const void *req)
{
  return X509_REQ_print_ex (bio, (X509_REQ *) req, 0, 0);
}

static const GosslAsn1Codec req_codec = {
  "certificate request", PEM_STRING_X509_REQ,
  CHECKED_D2I_OF (X509_REQ, d2i_X509_REQ), CHECKED_I2D_OF (X509_REQ, i2d_X509_REQ),
  ASN1_ITEM_ref (X509_REQ), print_req,
};

/**
 * gossl_x509_req_new_from_data:
 * @type: the encoding of @data
 * @data: (array length=len) (element-type guint8): the encoded request
 * @len: the length of @data
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a request. PEM takes the `CERTIFICATE REQUEST` and
 * `NEW CERTIFICATE REQUEST` blocks. Data that does not parse fails with
 * %GOSSL_CRYPTO_ERROR_FAILED; a @type other than PEM or ASN1 with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the request, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslX509Req *
gossl_x509_req_new_from_data (GosslFiletype   type,
                              const guint8   *data,
                              gsize           len,
                              GError        **error)
{
  X509_REQ *req;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  req = gossl_asn1_load (&req_codec, type, data, len, error);
  return req != NULL ? wrap (req) : NULL;
}

/**
 * gossl_x509_req_to_data:
 * @self: a [class@Gossl.X509Req]
 * @type: the encoding wanted
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the request. %GOSSL_FILETYPE_TEXT (since 0.2) gives the
 * description `openssl req -noout -text` prints.
 *
 * Returns: (transfer full): the encoded request, or %NULL with @error set
 *
 * Since: 0.1
 */
GByteArray *
gossl_x509_req_to_data (GosslX509Req   *self,
                        GosslFiletype   type,
                        GError        **error)
{
  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gossl_asn1_dump (&req_codec, type, self->req, error);
}

/**
 * gossl_x509_req_new_from_bytes:
 * @type: the encoding of @bytes
 * @bytes: the encoded request
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a request, as [ctor@Gossl.X509Req.new_from_data] does, from a
 * [struct@GLib.Bytes].
 *
 * Returns: (transfer full): the request, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslX509Req *
gossl_x509_req_new_from_bytes (GosslFiletype   type,
                               GBytes         *bytes,
                               GError        **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (bytes, &data, &len, error))
    return NULL;
  return gossl_x509_req_new_from_data (type, data, len, error);
}

/**
 * gossl_x509_req_to_bytes:
 * @self: a [class@Gossl.X509Req]
 * @type: the encoding wanted
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the request, as [method@Gossl.X509Req.to_data] does, into a
 * [struct@GLib.Bytes].
 *
 * Returns: (transfer full): the encoded request, or %NULL with @error set
 *
 * Since: 0.2
 */
GBytes *
gossl_x509_req_to_bytes (GosslX509Req   *self,
                         GosslFiletype   type,
                         GError        **error)
{
  GByteArray *array;

  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  array = gossl_x509_req_to_data (self, type, error);
  return array != NULL ? g_byte_array_free_to_bytes (array) : NULL;
}

static X509_NAME *
resolve_subject (GObject *owner)
{
  return X509_REQ_get_subject_name (GOSSL_X509_REQ (owner)->req);
}

/**
 * gossl_x509_req_get_subject:
 * @self: a [class@Gossl.X509Req]
 *
 * The subject of the request. The name is a live view: setting an attribute
 * on it changes the request, and it keeps @self alive for as long as it
 * lives.
 *
 * Returns: (transfer full): a view of the subject
 *
 * Since: 0.1
 */
GosslX509Name *
gossl_x509_req_get_subject (GosslX509Req *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), NULL);

  return gossl_x509_name_new_view (G_OBJECT (self), resolve_subject);
}

/**
 * gossl_x509_req_get_subject_entry:
 * @self: a [class@Gossl.X509Req]
 * @field: an attribute name, short or long ("CN", "commonName", ...)
 * @error: return location for a [struct@GLib.Error]
 *
 * The first @field entry of the subject of the request: what
 * `gossl_x509_name_get_entry (gossl_x509_req_get_subject (self), field, error)`
 * returns, without making a name object. Bindings pay per object they wrap,
 * so this is the cheap way to read one entry. A value holding a NUL byte
 * fails with %GOSSL_CRYPTO_ERROR_NOT_SUPPORTED, as there.
 *
 * Returns: (transfer full) (nullable): the value in UTF-8, or %NULL when
 *   there is no such entry (@error unset) or @field is unknown (@error set)
 *
 * Since: 0.1
 */
char *
gossl_x509_req_get_subject_entry (GosslX509Req  *self,
                                  const char    *field,
                                  GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gossl_x509_name_native_get_entry (X509_REQ_get_subject_name (self->req), field, error);
}

/**
 * gossl_x509_req_get_pubkey:
 * @self: a [class@Gossl.X509Req]
 * @error: return location for a [struct@GLib.Error]
 *
 * The public key of the request. The key is a copy: changing it does not
 * change the request. It is public only, even after
 * [method@Gossl.X509Req.set_pubkey] with a key pair.
 *
 * Returns: (transfer full): the key, or %NULL with
 *   %GOSSL_CRYPTO_ERROR_FAILED when the request has none (or it cannot be
 *   decoded)
 *
 * Since: 0.1
 */
GosslPKey *
gossl_x509_req_get_pubkey (GosslX509Req  *self,
                           GError       **error)
{
  EVP_PKEY *pkey;

  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ERR_clear_error ();
  pkey = gossl_public_key_decode (X509_REQ_get_X509_PUBKEY (self->req));
  if (pkey == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "The request has no usable public key");
      return NULL;
    }
  return gossl_pkey_new_from_native (pkey);
}

static EVP_PKEY *
require_key (GosslPKey *pkey, GError **error)
{
  EVP_PKEY *native = gossl_pkey_get_native (pkey);

  if (native == NULL)
    gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                     "The key object is empty: generate or load a key first");
  return native;
}

/**
 * gossl_x509_req_set_pubkey:
 * @self: a [class@Gossl.X509Req]
 * @pkey: the key; only its public half goes into the request
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the public key of the request.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an empty key
 *
 * Since: 0.1
 */
gboolean
gossl_x509_req_set_pubkey (GosslX509Req  *self,
                           GosslPKey     *pkey,
                           GError       **error)
{
  EVP_PKEY *native;

  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((native = require_key (pkey, error)) == NULL)
    return FALSE;
  ERR_clear_error ();
  if (!X509_REQ_set_pubkey (self->req, native))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the public key");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_x509_req_get_version:
 * @self: a [class@Gossl.X509Req]
 *
 * The version number of the request as encoded: 0 for PKCS#10 v1, the only
 * version there is.
 *
 * Returns: the version number
 *
 * Since: 0.1
 */
glong
gossl_x509_req_get_version (GosslX509Req *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), 0);

  return X509_REQ_get_version (self->req);
}

/**
 * gossl_x509_req_set_version:
 * @self: a [class@Gossl.X509Req]
 * @version: the version number: 0
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the version number. Only 0 is accepted, as by OpenSSL 3.2 onwards:
 * PKCS#10 defines no other version.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for any other version
 *
 * Since: 0.1
 */
gboolean
gossl_x509_req_set_version (GosslX509Req  *self,
                            glong          version,
                            GError       **error)
{
  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (version != X509_REQ_VERSION_1)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Invalid version %ld: the only valid version for X509Req is 0",
                       version);
      return FALSE;
    }
  ERR_clear_error ();
  if (!X509_REQ_set_version (self->req, version))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the version");
      return FALSE;
    }
  return TRUE;
}

/* Ed25519 and Ed448 sign the message itself: OpenSSL wants no digest. */
static gboolean
key_takes_no_digest (EVP_PKEY *pkey)
{
  int id = EVP_PKEY_get_base_id (pkey);

  return id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448;
}

/**
 * gossl_x509_req_sign:
 * @self: a [class@Gossl.X509Req]
 * @pkey: the private key to sign with, normally the one whose public half
 *   is in the request
 * @digest: the digest name: "sha256", "sha384", "sha512"... (ignored for
 *   Ed25519 and Ed448 keys, which use none)
 * @error: return location for a [struct@GLib.Error]
 *
 * Signs the request.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an unknown digest, an empty key
 *   or a key without its private half, %GOSSL_CRYPTO_ERROR_FAILED when
 *   OpenSSL refuses
 *
 * Since: 0.1
 */
gboolean
gossl_x509_req_sign (GosslX509Req  *self,
                     GosslPKey     *pkey,
                     const char    *digest,
                     GError       **error)
{
  const EVP_MD *md = NULL;
  EVP_PKEY *native;

  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((native = require_key (pkey, error)) == NULL)
    return FALSE;
  if (!gossl_pkey_has_private (pkey))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Key has only public part");
      return FALSE;
    }
  if (!key_takes_no_digest (native) && (md = gossl_lookup_digest (digest, error)) == NULL)
    return FALSE;

  ERR_clear_error ();
  if (X509_REQ_sign (self->req, native, md) <= 0)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not sign the request");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_x509_req_verify:
 * @self: a [class@Gossl.X509Req]
 * @pkey: the public key to check the signature with
 * @error: return location for a [struct@GLib.Error]
 *
 * Checks the request's signature against @pkey: %TRUE, or an error when the
 * signature is bad or made by another key.
 *
 * Returns: %TRUE when the signature verifies; %FALSE with
 *   %GOSSL_CRYPTO_ERROR_FAILED (OpenSSL's reasons in the message and in
 *   [func@Gossl.error_get_openssl_errors]) when it does not, or
 *   %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an empty key
 *
 * Since: 0.1
 */
gboolean
gossl_x509_req_verify (GosslX509Req  *self,
                       GosslPKey     *pkey,
                       GError       **error)
{
  EVP_PKEY *native;

  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((native = require_key (pkey, error)) == NULL)
    return FALSE;
  ERR_clear_error ();
  /* 1 is a good signature; 0 a bad one, -1 one that could not be checked
   * (wrong key type, unsigned request): both are a "no" for the caller. */
  if (X509_REQ_verify (self->req, native) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "The request's signature does not verify with this key");
      return FALSE;
    }
  return TRUE;
}

static void
free_extension_stack (STACK_OF (X509_EXTENSION) *stack)
{
  sk_X509_EXTENSION_pop_free (stack, X509_EXTENSION_free);
}

/* Takes the extensionRequest attributes (standard and Microsoft's) out of
 * @req and returns them, in order. */
static STACK_OF (X509_ATTRIBUTE) *
take_extension_attributes (X509_REQ *req)
{
  STACK_OF (X509_ATTRIBUTE) *taken = sk_X509_ATTRIBUTE_new_null ();
  const int nids[] = { NID_ext_req, NID_ms_ext_req };

  if (taken == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (nids); i++)
    {
      int idx;

      while ((idx = X509_REQ_get_attr_by_NID (req, nids[i], -1)) >= 0)
        {
          X509_ATTRIBUTE *attr = X509_REQ_delete_attr (req, idx);

          if (attr != NULL && !sk_X509_ATTRIBUTE_push (taken, attr))
            X509_ATTRIBUTE_free (attr);
        }
    }
  return taken;
}

/**
 * gossl_x509_req_add_extensions:
 * @self: a [class@Gossl.X509Req]
 * @extensions: (array length=n_extensions): the extensions to request
 * @n_extensions: the length of @extensions
 * @error: return location for a [struct@GLib.Error]
 *
 * Adds extensions to the request. Calling it again adds to the extensions
 * already there: the request keeps one extensionRequest attribute, which
 * holds them all (OpenSSL refuses a second). The extensions are copied. Sign
 * the request afterwards. An empty extension (one made with [ctor@GObject.Object.new],
 * a binding's `Gossl.X509Extension()`) fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT, and none is added.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_req_add_extensions (GosslX509Req        *self,
                               GosslX509Extension **extensions,
                               guint                n_extensions,
                               GError             **error)
{
  STACK_OF (X509_EXTENSION) *combined = NULL;
  STACK_OF (X509_ATTRIBUTE) *old = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), FALSE);
  g_return_val_if_fail (extensions != NULL || n_extensions == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_extensions; i++)
    {
      if (!GOSSL_IS_X509_EXTENSION (extensions[i]))
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "Item %u is not an X509Extension", i);
          return FALSE;
        }
      /* Every one is checked before any is added: all or nothing. */
      if (gossl_x509_extension_get_content (extensions[i], error) == NULL)
        return FALSE;
    }
  if (n_extensions == 0)
    return TRUE;

  ERR_clear_error ();
  /* The extensions there now; a new, empty stack when there are none. */
  combined = X509_REQ_get_extensions (self->req);
  if (combined == NULL)
    goto out;
  for (guint i = 0; i < n_extensions; i++)
    {
      X509_EXTENSION *copy =
        X509_EXTENSION_dup (gossl_x509_extension_get_content (extensions[i], NULL));

      if (copy == NULL || !sk_X509_EXTENSION_push (combined, copy))
        {
          X509_EXTENSION_free (copy);
          goto out;
        }
    }
  /* OpenSSL refuses a second extensionRequest attribute: replace the old
   * one with the combined list, and put it back if that fails. */
  old = take_extension_attributes (self->req);
  if (old == NULL)
    goto out;
  if (!X509_REQ_add_extensions (self->req, combined))
    {
      for (int i = 0; i < sk_X509_ATTRIBUTE_num (old); i++)
        X509_REQ_add1_attr (self->req, sk_X509_ATTRIBUTE_value (old, i));
      goto out;
    }
  ok = TRUE;

out:
  if (!ok)
    gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                  "Could not add the extensions to the request");
  if (combined != NULL)
    free_extension_stack (combined);
  if (old != NULL)
    sk_X509_ATTRIBUTE_pop_free (old, X509_ATTRIBUTE_free);
  return ok;
}

/**
 * gossl_x509_req_get_extensions:
 * @self: a [class@Gossl.X509Req]
 * @error: return location for a [struct@GLib.Error]
 *
 * The extensions the request asks for. They are copies: changing them does
 * not change the request.
 *
 * Returns: (transfer container) (element-type GosslX509Extension): the
 *   extensions, empty when there are none; %NULL with
 *   %GOSSL_CRYPTO_ERROR_FAILED when they cannot be decoded. The array holds
 *   the only reference to each: g_ptr_array_unref() frees it all.
 *
 * Since: 0.1
 */
GPtrArray *
gossl_x509_req_get_extensions (GosslX509Req  *self,
                               GError       **error)
{
  STACK_OF (X509_EXTENSION) *stack;
  GPtrArray *array;

  g_return_val_if_fail (GOSSL_IS_X509_REQ (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ERR_clear_error ();
  stack = X509_REQ_get_extensions (self->req);
  if (stack == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not decode the request's extensions");
      return NULL;
    }
  /* "container", not "full": the array frees its elements itself, and
   * PyGObject would unref them a second time after taking them over. */
  array = g_ptr_array_new_full (sk_X509_EXTENSION_num (stack), g_object_unref);
  /* The stack is a fresh decoding: its extensions become ours. */
  for (int i = 0; i < sk_X509_EXTENSION_num (stack); i++)
    g_ptr_array_add (array, gossl_x509_extension_new_from_native (sk_X509_EXTENSION_value (stack, i)));
  sk_X509_EXTENSION_free (stack);
  return array;
}
