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
 * load time. Or make one with [ctor@Gossl.PKCS12.new], fill it with the
 * setters ([method@Gossl.PKCS12.set_certificate] and the others) and write
 * it with [method@Gossl.PKCS12.export].
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

/**
 * gossl_pkcs12_new:
 *
 * An empty bundle, to fill with [method@Gossl.PKCS12.set_certificate],
 * [method@Gossl.PKCS12.set_privatekey],
 * [method@Gossl.PKCS12.set_ca_certificates] and
 * [method@Gossl.PKCS12.set_friendly_name] before
 * [method@Gossl.PKCS12.export].
 *
 * Returns: (transfer full): a new [class@Gossl.PKCS12]
 *
 * Since: 0.2
 */
GosslPKCS12 *
gossl_pkcs12_new (void)
{
  return g_object_new (GOSSL_TYPE_PKCS12, NULL);
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

/**
 * gossl_pkcs12_set_certificate:
 * @self: a [class@Gossl.PKCS12]
 * @certificate: (nullable): the certificate, or %NULL for none
 *
 * Sets the certificate of the bundle, the one its private key belongs to.
 * The bundle keeps a reference: later changes to @certificate show in what
 * [method@Gossl.PKCS12.export] writes.
 *
 * Since: 0.2
 */
void
gossl_pkcs12_set_certificate (GosslPKCS12 *self,
                              GosslX509   *certificate)
{
  g_return_if_fail (GOSSL_IS_PKCS12 (self));
  g_return_if_fail (certificate == NULL || GOSSL_IS_X509 (certificate));

  g_set_object (&self->certificate, certificate);
}

/**
 * gossl_pkcs12_set_privatekey:
 * @self: a [class@Gossl.PKCS12]
 * @privatekey: (nullable): the private key, or %NULL for none
 *
 * Sets the private key of the bundle. The bundle keeps a reference.
 *
 * Since: 0.2
 */
void
gossl_pkcs12_set_privatekey (GosslPKCS12 *self,
                             GosslPKey   *privatekey)
{
  g_return_if_fail (GOSSL_IS_PKCS12 (self));
  g_return_if_fail (privatekey == NULL || GOSSL_IS_PKEY (privatekey));

  g_set_object (&self->privatekey, privatekey);
}

/**
 * gossl_pkcs12_set_ca_certificates:
 * @self: a [class@Gossl.PKCS12]
 * @certificates: (array length=n_certificates) (element-type GosslX509) (nullable):
 *   the other certificates, in the order to write them, or %NULL for none
 * @n_certificates: the length of @certificates
 *
 * Replaces the other certificates of the bundle (the chain up to a root).
 * An empty list is the same as none:
 * [method@Gossl.PKCS12.get_ca_certificates] returns %NULL.
 *
 * Since: 0.2
 */
void
gossl_pkcs12_set_ca_certificates (GosslPKCS12  *self,
                                  GosslX509   **certificates,
                                  gsize         n_certificates)
{
  g_return_if_fail (GOSSL_IS_PKCS12 (self));
  g_return_if_fail (certificates != NULL || n_certificates == 0);
  for (gsize i = 0; i < n_certificates; i++)
    g_return_if_fail (GOSSL_IS_X509 (certificates[i]));

  g_clear_pointer (&self->ca_certificates, g_ptr_array_unref);
  if (n_certificates == 0)
    return;
  self->ca_certificates = g_ptr_array_new_full (n_certificates, g_object_unref);
  for (gsize i = 0; i < n_certificates; i++)
    g_ptr_array_add (self->ca_certificates, g_object_ref (certificates[i]));
}

/**
 * gossl_pkcs12_set_friendly_name:
 * @self: a [class@Gossl.PKCS12]
 * @name: (nullable): the friendly name (UTF-8), or %NULL for none
 *
 * Sets the friendly name [method@Gossl.PKCS12.export] gives the certificate
 * and the key: the name a key store shows for the entry (`openssl pkcs12
 * -name`).
 *
 * Since: 0.2
 */
void
gossl_pkcs12_set_friendly_name (GosslPKCS12 *self,
                                const char  *name)
{
  g_return_if_fail (GOSSL_IS_PKCS12 (self));

  g_free (self->friendly_name);
  self->friendly_name = g_strdup (name);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12_SAFEBAG, PKCS12_SAFEBAG_free)

static void
free_bags (STACK_OF (PKCS12_SAFEBAG) *bags)
{
  sk_PKCS12_SAFEBAG_pop_free (bags, PKCS12_SAFEBAG_free);
}

static void
free_safes (STACK_OF (PKCS7) *safes)
{
  sk_PKCS7_pop_free (safes, PKCS7_free);
}

/* Names the bag (as UTF-8, which PKCS12_create() cannot: it takes the name
 * byte by byte as Latin-1) and ties it to its partner with @keyid. */
static gboolean
label_bag (PKCS12_SAFEBAG      *bag,
           const char          *name,
           const unsigned char *keyid,
           unsigned int         keyid_len)
{
  if (name != NULL && !PKCS12_add_friendlyname_utf8 (bag, name, -1))
    return FALSE;
  return keyid_len == 0 || PKCS12_add_localkeyid (bag, (unsigned char *) keyid, (int) keyid_len);
}

/**
 * gossl_pkcs12_export:
 * @self: a [class@Gossl.PKCS12]
 * @passphrase: (nullable): the passphrase, or %NULL for none
 * @encryption: how to encrypt the parts
 * @mac_digest: (nullable): the digest of the MAC, "sha256" when %NULL (as
 *   OpenSSL 3 writes); "sha1" for the oldest readers
 * @iterations: the key derivation's iteration count, 0 for OpenSSL's
 *   default (2048)
 * @mac_iterations: the MAC's iteration count (0 counts as 1), or -1 to
 *   write no MAC at all
 * @error: return location for a [struct@GLib.Error]
 *
 * Writes the bundle as a PKCS#12 file (DER), as `openssl pkcs12 -export`
 * does: the certificates encrypted in one safe, the private key shrouded
 * in another, the certificate and key tied by a local key ID and both
 * named with the friendly name when there is one. The result loads with
 * [ctor@Gossl.PKCS12.new_from_bytes] and with `openssl pkcs12`.
 *
 * A %NULL @passphrase and the empty one both make a file that opens
 * without a passphrase (and with the empty one).
 *
 * Errors: %GOSSL_CRYPTO_ERROR_FAILED for an empty bundle, an empty or
 * public-only key, a private key that does not match the certificate, or
 * parts OpenSSL cannot write; %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for a
 * negative @iterations, a @mac_iterations below -1 or an unknown
 * @encryption.
 *
 * Returns: (transfer full): the PKCS#12 file, or %NULL with @error set
 *
 * Since: 0.2
 */
GBytes *
gossl_pkcs12_export (GosslPKCS12            *self,
                     const char             *passphrase,
                     GosslPKCS12Encryption   encryption,
                     const char             *mac_digest,
                     int                     iterations,
                     int                     mac_iterations,
                     GError                **error)
{
  STACK_OF (PKCS12_SAFEBAG) *bags = NULL;
  STACK_OF (PKCS7) *safes = NULL;
  g_autoptr(PKCS12) p12 = NULL;
  unsigned char keyid[EVP_MAX_MD_SIZE];
  unsigned int keyid_len = 0;
  X509 *cert = NULL;
  EVP_PKEY *pkey = NULL;
  const EVP_MD *mac_md;
  int nid;
  unsigned char *der = NULL;
  int der_len;
  GBytes *result;

  g_return_val_if_fail (GOSSL_IS_PKCS12 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch ((int) encryption)
    {
    case GOSSL_PKCS12_ENCRYPTION_AES_256:
      nid = NID_aes_256_cbc;
      break;
    case GOSSL_PKCS12_ENCRYPTION_TRIPLE_DES:
      nid = NID_pbe_WithSHA1And3_Key_TripleDES_CBC;
      break;
    default:
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "No such PKCS#12 encryption: %d", (int) encryption);
      return NULL;
    }
  if ((mac_md = gossl_lookup_digest (mac_digest != NULL ? mac_digest : "sha256", error)) == NULL)
    return NULL;
  if (iterations < 0 || mac_iterations < -1)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Invalid PKCS#12 iteration count: %d",
                       iterations < 0 ? iterations : mac_iterations);
      return NULL;
    }
  if (iterations == 0)
    iterations = PKCS12_DEFAULT_ITER;
  if (mac_iterations == 0)
    mac_iterations = 1;

  if (self->certificate == NULL && self->privatekey == NULL && self->ca_certificates == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                       "The PKCS#12 bundle is empty: set a certificate, a key or CA certificates");
      return NULL;
    }
  if (self->privatekey != NULL)
    {
      if (!gossl_pkey_has_private (self->privatekey))
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                           "The PKCS#12 bundle's key has no private part");
          return NULL;
        }
      pkey = gossl_pkey_get_native (self->privatekey);
    }
  if (self->certificate != NULL)
    cert = gossl_x509_get_native (self->certificate);

  gossl_ensure_initialized ();
  ERR_clear_error ();
  if (cert != NULL && pkey != NULL)
    {
      if (!X509_check_private_key (cert, pkey))
        {
          gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                        "The PKCS#12 bundle's key does not match its certificate");
          return NULL;
        }
      /* The certificate's SHA-1 fingerprint, as OpenSSL ties them. */
      if (!X509_digest (cert, EVP_sha1 (), keyid, &keyid_len))
        goto failed;
    }

  /* Bags made from the certificates, not PKCS12_add_cert(): that one also
   * copies the alias a loaded certificate carries as a second name. */
  if (cert != NULL)
    {
      g_autoptr(PKCS12_SAFEBAG) bag = PKCS12_SAFEBAG_create_cert (cert);

      if (bag == NULL || !label_bag (bag, self->friendly_name, keyid, keyid_len))
        goto failed;
      if (bags == NULL && (bags = sk_PKCS12_SAFEBAG_new_null ()) == NULL)
        goto failed;
      if (!sk_PKCS12_SAFEBAG_push (bags, bag))
        goto failed;
      bag = NULL;
    }
  for (guint i = 0; self->ca_certificates != NULL && i < self->ca_certificates->len; i++)
    {
      g_autoptr(PKCS12_SAFEBAG) bag =
        PKCS12_SAFEBAG_create_cert (gossl_x509_get_native (self->ca_certificates->pdata[i]));

      if (bag == NULL)
        goto failed;
      if (bags == NULL && (bags = sk_PKCS12_SAFEBAG_new_null ()) == NULL)
        goto failed;
      if (!sk_PKCS12_SAFEBAG_push (bags, bag))
        goto failed;
      bag = NULL;
    }
  if (bags != NULL)
    {
      if (!PKCS12_add_safe (&safes, bags, nid, iterations, passphrase))
        goto failed;
      g_clear_pointer (&bags, free_bags);
    }

  if (pkey != NULL)
    {
      PKCS12_SAFEBAG *bag = PKCS12_add_key (&bags, pkey, 0, iterations, nid, passphrase);

      if (bag == NULL || !label_bag (bag, self->friendly_name, keyid, keyid_len))
        goto failed;
      /* The key is shrouded already: its safe is plain data. */
      if (!PKCS12_add_safe (&safes, bags, -1, 0, NULL))
        goto failed;
      g_clear_pointer (&bags, free_bags);
    }

  p12 = PKCS12_add_safes (safes, 0);
  if (p12 == NULL)
    goto failed;
  g_clear_pointer (&safes, free_safes);
  if (mac_iterations != -1 &&
      !PKCS12_set_mac (p12, passphrase, -1, NULL, 0, mac_iterations, mac_md))
    goto failed;

  der_len = i2d_PKCS12 (p12, &der);
  if (der_len <= 0)
    goto failed;
  result = g_bytes_new (der, (gsize) der_len);
  OPENSSL_free (der);
  return result;

failed:
  g_clear_pointer (&bags, free_bags);
  g_clear_pointer (&safes, free_safes);
  gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                "Could not write the PKCS#12 bundle");
  return NULL;
}
