/* gossl-pkcs12.c: a PKCS#12 bundle (PKCS12), as parsed
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

/**
 * GosslPKCS12:
 *
 * The contents of a PKCS#12 file (`.p12`, `.pfx`): a certificate, its
 * private key and CA certificates. Load one with
 * [ctor@Gossl.PKCS12.new_from_data]; the parts are decrypted and parsed once, at
 * load time.
 *
 * Since: 0.1
 */
struct _GosslPKCS12
{
  GObject parent_instance;

  GosslX509 *certificate; /* nullable */
  GosslPKey *privatekey;  /* nullable */
  GPtrArray *ca_certificates; /* of GosslX509; NULL when there are none */
  char *friendly_name;    /* nullable */
};

G_DEFINE_FINAL_TYPE (GosslPKCS12, gossl_pkcs12, G_TYPE_OBJECT)

static void
gossl_pkcs12_finalize (GObject *object)
{
  GosslPKCS12 *self = GOSSL_PKCS12 (object);

  g_clear_object (&self->certificate);
  g_clear_object (&self->privatekey);
  g_clear_pointer (&self->ca_certificates, g_ptr_array_unref);
  g_free (self->friendly_name);
  G_OBJECT_CLASS (gossl_pkcs12_parent_class)->finalize (object);
}

static void
gossl_pkcs12_class_init (GosslPKCS12Class *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_pkcs12_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_pkcs12_init (GosslPKCS12 *self)
{
}

/* PKCS12_parse() raises MAC_VERIFY_FAILURE alone when the MAC does not
 * match the passphrase; anything queued before it is another problem. */
static gboolean
failed_on_mac (void)
{
  unsigned long code = ERR_peek_error ();

  return ERR_GET_LIB (code) == ERR_LIB_PKCS12 &&
         ERR_GET_REASON (code) == PKCS12_R_MAC_VERIFY_FAILURE;
}

/**
 * gossl_pkcs12_new_from_data:
 * @data: (array length=len) (element-type guint8): the PKCS#12 file (DER)
 * @len: the length of @data
 * @passphrase: (array length=passphrase_len) (element-type guint8) (nullable):
 *   the passphrase, or %NULL for none
 * @passphrase_len: the length of @passphrase
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads and decrypts a PKCS#12 file. Files written by OpenSSL 3 (AES,
 * PBKDF2) and older ones (RC2-40 and 3DES with a SHA-1 MAC, as Windows
 * writes them) both load.
 *
 * With no @passphrase, both "no passphrase" and the empty passphrase are
 * tried. Errors: %GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED when the file needs
 * a passphrase and none was given, %GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE when
 * the one given does not match the file's MAC, %GOSSL_CRYPTO_ERROR_FAILED
 * for data that is not PKCS#12 or does not decrypt,
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for a passphrase holding a zero byte.
 * A file without a MAC opens only without a passphrase (or with the empty
 * one): OpenSSL refuses a passphrase it cannot check, with
 * %GOSSL_CRYPTO_ERROR_FAILED ("mac absent").
 *
 * Returns: (transfer full): the parsed bundle, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslPKCS12 *
gossl_pkcs12_new_from_data (const guint8  *data,
                            gsize          len,
                            const guint8  *passphrase,
                            gsize          passphrase_len,
                            GError       **error)
{
  g_autoptr(BIO) bio = NULL;
  g_autoptr(PKCS12) p12 = NULL;
  g_autofree char *pass = NULL;
  EVP_PKEY *pkey = NULL;
  X509 *cert = NULL;
  STACK_OF (X509) *ca = NULL;
  GosslPKCS12 *self;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (passphrase != NULL || passphrase_len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* OpenSSL takes the passphrase as a C string. */
  if (passphrase != NULL)
    {
      if (memchr (passphrase, '\0', passphrase_len) != NULL)
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "A PKCS#12 passphrase cannot contain a zero byte");
          return NULL;
        }
      pass = g_strndup ((const char *) passphrase, passphrase_len);
    }

  gossl_ensure_initialized ();
  bio = gossl_bio_new_mem_ro (data, len);
  if (bio == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "PKCS#12 data too large");
      return NULL;
    }

  ERR_clear_error ();
  p12 = d2i_PKCS12_bio (bio, NULL);
  if (p12 == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not load the PKCS#12 data%s",
                                    len == 0 ? ": no data" : "");
      return NULL;
    }

  /* With a NULL or empty passphrase PKCS12_parse() checks the MAC against
   * both "no passphrase" and "" and decrypts with whichever matches. */
  ERR_clear_error ();
  if (!PKCS12_parse (p12, pass, &pkey, &cert, &ca))
    {
      if (failed_on_mac () && passphrase == NULL)
        gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR,
                                      GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED,
                                      "The PKCS#12 data needs a passphrase");
      else if (failed_on_mac ())
        gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR,
                                      GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE,
                                      "Wrong passphrase for the PKCS#12 data");
      else
        gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                      "Could not parse the PKCS#12 data");
      return NULL;
    }
  /* PKCS12_parse() can leave entries behind on success (bags it skipped). */
  ERR_clear_error ();

  self = g_object_new (GOSSL_TYPE_PKCS12, NULL);
  if (pkey != NULL)
    self->privatekey = gossl_pkey_new_from_native (pkey);
  if (cert != NULL)
    {
      /* PKCS12_parse() puts the bag's friendlyName on the certificate that
       * matches the key; pyOpenSSL reads it from there too. */
      int alias_len = 0;
      const unsigned char *alias = X509_alias_get0 (cert, &alias_len);

      if (alias != NULL)
        self->friendly_name = g_strndup ((const char *) alias, alias_len);
      self->certificate = gossl_x509_new_from_native (cert);
    }
  if (ca != NULL && sk_X509_num (ca) > 0)
    {
      self->ca_certificates = g_ptr_array_new_full (sk_X509_num (ca), g_object_unref);
      for (int i = 0; i < sk_X509_num (ca); i++)
        g_ptr_array_add (self->ca_certificates,
                         gossl_x509_new_from_native (sk_X509_value (ca, i)));
    }
  /* The certificates now belong to their wrappers; only the stack is left. */
  sk_X509_free (ca);
  return self;
}

/**
 * gossl_pkcs12_new_from_bytes:
 * @bytes: the PKCS#12 file (DER)
 * @passphrase: (nullable): the passphrase, or %NULL for none
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads and decrypts a PKCS#12 file, as
 * [ctor@Gossl.PKCS12.new_from_data] does, from a [struct@GLib.Bytes] and a text
 * passphrase (a PKCS#12 passphrase cannot hold a zero byte anyway).
 *
 * Returns: (transfer full): the parsed bundle, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslPKCS12 *
gossl_pkcs12_new_from_bytes (GBytes      *bytes,
                             const char  *passphrase,
                             GError     **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (bytes, &data, &len, error))
    return NULL;
  return gossl_pkcs12_new_from_data (data, len, (const guint8 *) passphrase,
                                     passphrase != NULL ? strlen (passphrase) : 0, error);
}

/**
 * gossl_pkcs12_new_from_bytes_with_interaction:
 * @bytes: the PKCS#12 file (DER)
 * @interaction: (nullable): what asks the user for the passphrase when the
 *   file needs one, or %NULL
 * @description: (nullable): what the file is, for the user: the
 *   [property@Gio.TlsPassword:description] of the password asked for
 *   ("PKCS#12 data" when %NULL)
 * @cancellable: (nullable): a [class@Gio.Cancellable], handed to the interaction
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads and decrypts a PKCS#12 file, as [ctor@Gossl.PKCS12.new_from_bytes]
 * does. A file that opens without a passphrase (or with the empty one)
 * opens without asking; otherwise @interaction is asked for the passphrase
 * once, with [method@Gio.TlsInteraction.invoke_ask_password] (which runs the
 * interaction on its own main context and waits for the answer).
 *
 * Errors are those of [ctor@Gossl.PKCS12.new_from_data]:
 * %GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED when the interaction gave no
 * passphrase (%G_TLS_INTERACTION_UNHANDLED, %G_TLS_INTERACTION_FAILED, or
 * an empty password), or there is no @interaction;
 * %GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE when its passphrase does not open the
 * file. An error the interaction sets (%G_IO_ERROR_CANCELLED when the user
 * cancelled) is returned as it is, after "Could not open the PKCS#12 data: ".
 *
 * Returns: (transfer full): the parsed bundle, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslPKCS12 *
gossl_pkcs12_new_from_bytes_with_interaction (GBytes           *bytes,
                                              GTlsInteraction  *interaction,
                                              const char       *description,
                                              GCancellable     *cancellable,
                                              GError          **error)
{
  g_auto(GosslPassphrase) pass = { .interaction = interaction,
                                   .description = description != NULL ? description
                                                                       : "PKCS#12 data",
                                   .cancellable = cancellable };
  g_autoptr(GError) local = NULL;
  GosslPKCS12 *self;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (interaction == NULL || G_IS_TLS_INTERACTION (interaction), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (bytes, &data, &len, error))
    return NULL;
  /* Without a passphrase first: the user is asked only for a file that
   * needs one. */
  self = gossl_pkcs12_new_from_data (data, len, NULL, 0, &local);
  if (self != NULL)
    return self;
  if (!g_error_matches (local, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!gossl_passphrase_ask (&pass))
    {
      if (pass.error != NULL)
        gossl_propagate_error (error, g_steal_pointer (&pass.error),
                               "Could not open the PKCS#12 data: ");
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return gossl_pkcs12_new_from_data (data, len, pass.data, pass.len, error);
}

/**
 * gossl_pkcs12_get_certificate:
 * @self: a [class@Gossl.PKCS12]
 *
 * The certificate of the bundle: the one that matches the private key. In a
 * bundle without a key, every certificate counts as a CA certificate (as in
 * OpenSSL) and this is %NULL.
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL
 *
 * Since: 0.1
 */
GosslX509 *
gossl_pkcs12_get_certificate (GosslPKCS12 *self)
{
  g_return_val_if_fail (GOSSL_IS_PKCS12 (self), NULL);

  return self->certificate != NULL ? g_object_ref (self->certificate) : NULL;
}

/**
 * gossl_pkcs12_get_privatekey:
 * @self: a [class@Gossl.PKCS12]
 *
 * The private key of the bundle.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL when the bundle
 *   has none
 *
 * Since: 0.1
 */
GosslPKey *
gossl_pkcs12_get_privatekey (GosslPKCS12 *self)
{
  g_return_val_if_fail (GOSSL_IS_PKCS12 (self), NULL);

  return self->privatekey != NULL ? g_object_ref (self->privatekey) : NULL;
}

/**
 * gossl_pkcs12_get_ca_certificates:
 * @self: a [class@Gossl.PKCS12]
 *
 * The other certificates of the bundle, in file order. The list is new on
 * each call; the certificates in it are the same objects each time.
 *
 * Returns: (transfer container) (element-type GosslX509) (nullable): the
 *   certificates, or %NULL when there are none (Python: `None`). The array
 *   holds a reference to each: g_ptr_array_unref() frees it all.
 *
 * Since: 0.1
 */
GPtrArray *
gossl_pkcs12_get_ca_certificates (GosslPKCS12 *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (GOSSL_IS_PKCS12 (self), NULL);

  if (self->ca_certificates == NULL)
    return NULL;
  /* "container", not "full": the array frees its elements itself, and
   * PyGObject would unref them a second time after taking them over. */
  copy = g_ptr_array_new_full (self->ca_certificates->len, g_object_unref);
  for (guint i = 0; i < self->ca_certificates->len; i++)
    g_ptr_array_add (copy, g_object_ref (self->ca_certificates->pdata[i]));
  return copy;
}

/**
 * gossl_pkcs12_get_friendly_name:
 * @self: a [class@Gossl.PKCS12]
 *
 * The friendly name (`openssl pkcs12 -name`) of the bundle's certificate.
 *
 * Returns: (transfer none) (nullable): the name, or %NULL when it has none
 *
 * Since: 0.1
 */
const char *
gossl_pkcs12_get_friendly_name (GosslPKCS12 *self)
{
  g_return_val_if_fail (GOSSL_IS_PKCS12 (self), NULL);

  return self->friendly_name;
}
