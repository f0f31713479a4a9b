/* gossl-pkey.c: a public/private key pair (EVP_PKEY)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/dsa.h>
#include <openssl/rsa.h>

/**
 * GosslPKey:
 *
 * A public key, or a public/private key pair: RSA, DSA, EC and the others
 * OpenSSL knows.
 *
 * A new [class@Gossl.PKey] holds no key until [method@Gossl.PKey.generate_key] fills it;
 * keys come ready-made from [ctor@Gossl.PKey.new_from_data] and from
 * certificates, requests and PKCS#12 bundles.
 *
 * Since: 0.1
 */
struct _GosslPKey
{
  GObject parent_instance;

  EVP_PKEY *pkey; /* NULL until generated or loaded */
};

G_DEFINE_FINAL_TYPE (GosslPKey, gossl_pkey, G_TYPE_OBJECT)

static void
gossl_pkey_finalize (GObject *object)
{
  GosslPKey *self = GOSSL_PKEY (object);

  EVP_PKEY_free (self->pkey);
  G_OBJECT_CLASS (gossl_pkey_parent_class)->finalize (object);
}

static void
gossl_pkey_class_init (GosslPKeyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_pkey_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_pkey_init (GosslPKey *self)
{
}

/**
 * gossl_pkey_new:
 *
 * An empty key object; fill it with [method@Gossl.PKey.generate_key].
 *
 * Returns: (transfer full): a new [class@Gossl.PKey]
 *
 * Since: 0.1
 */
GosslPKey *
gossl_pkey_new (void)
{
  return g_object_new (GOSSL_TYPE_PKEY, NULL);
}

EVP_PKEY *
gossl_pkey_get_native (GosslPKey *self)
{
  g_return_val_if_fail (GOSSL_IS_PKEY (self), NULL);
  return self->pkey;
}

GosslPKey *
gossl_pkey_new_from_native (EVP_PKEY *pkey)
{
  GosslPKey *self = gossl_pkey_new ();

  self->pkey = pkey;
  return self;
}

EVP_PKEY *
gossl_public_key_decode (const X509_PUBKEY *pubkey)
{
  EVP_PKEY *pkey = NULL;
  unsigned char *der = NULL;
  int der_len;

  /* After X509_set_pubkey() or X509_REQ_set_pubkey() OpenSSL 3 keeps the
   * very key it was given, private half included, and X509_get_pubkey()
   * would hand that out: decode the SubjectPublicKeyInfo instead. */
  der_len = pubkey != NULL ? i2d_X509_PUBKEY (pubkey, &der) : -1;
  if (der_len > 0)
    {
      const unsigned char *p = der;
      pkey = d2i_PUBKEY (NULL, &p, der_len);
    }
  OPENSSL_free (der);
  return pkey;
}

static GosslPKey *
pkey_from_data (GosslFiletype     type,
                const guint8     *data,
                gsize             len,
                gboolean          public_only,
                GosslPassphrase  *pass,
                GError          **error)
{
  g_autoptr(BIO) bio = NULL;
  EVP_PKEY *pkey = NULL;

  if (!gossl_check_filetype (type, error))
    return NULL;
  gossl_ensure_initialized ();
  bio = gossl_bio_new_mem_ro (data, len);
  if (bio == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Key data too large");
      return NULL;
    }

  ERR_clear_error ();
  if (public_only)
    pkey = type == GOSSL_FILETYPE_PEM
      ? PEM_read_bio_PUBKEY (bio, NULL, gossl_passphrase_cb, pass)
      : d2i_PUBKEY_bio (bio, NULL);
  else
    {
      /* The decoder reads every private key form (PKCS#1/SEC1, PKCS#8,
       * encrypted PKCS#8) in PEM and DER alike, with our callback. */
      g_autoptr(OSSL_DECODER_CTX) dctx =
        OSSL_DECODER_CTX_new_for_pkey (&pkey, type == GOSSL_FILETYPE_PEM ? "PEM" : "DER",
                                       NULL, NULL, EVP_PKEY_KEYPAIR, NULL, NULL);
      if (dctx != NULL)
        {
          OSSL_DECODER_CTX_set_pem_password_cb (dctx, gossl_passphrase_cb, pass);
          OSSL_DECODER_from_bio (dctx, bio);
        }
    }

  if (pkey == NULL)
    {
      if (pass->error != NULL)
        gossl_propagate_error (error, g_steal_pointer (&pass->error), "Could not load the key: ");
      else if (pass->requested && pass->data == NULL)
        gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR,
                                      GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED,
                                      "The key is encrypted and no passphrase was given");
      else if (pass->requested)
        gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR,
                                      GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE,
                                      "Could not decrypt the key with the passphrase given");
      else
        gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                      "Could not load the key");
      return NULL;
    }
  return gossl_pkey_new_from_native (pkey);
}

/**
 * gossl_pkey_new_from_data:
 * @type: the encoding of @data
 * @data: (array length=len) (element-type guint8): the encoded private key
 * @len: the length of @data
 * @passphrase: (array length=passphrase_len) (element-type guint8) (nullable):
 *   the passphrase of an encrypted key, or %NULL
 * @passphrase_len: the length of @passphrase
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a private key. Keys may be PKCS#1, SEC1 or PKCS#8, encrypted or not,
 * in PEM or DER. The terminal is never asked for a passphrase: an encrypted
 * key with no @passphrase fails with
 * %GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED, a wrong one with
 * %GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE.
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslPKey *
gossl_pkey_new_from_data (GosslFiletype  type,
                          const guint8  *data,
                          gsize          len,
                          const guint8  *passphrase,
                          gsize          passphrase_len,
                          GError       **error)
{
  g_auto(GosslPassphrase) pass = { .data = passphrase, .len = passphrase_len };

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pkey_from_data (type, data, len, FALSE, &pass, error);
}

/**
 * gossl_pkey_new_public_from_data:
 * @type: the encoding of @data
 * @data: (array length=len) (element-type guint8): the encoded public key
 *   (SubjectPublicKeyInfo)
 * @len: the length of @data
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a public key.
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslPKey *
gossl_pkey_new_public_from_data (GosslFiletype  type,
                                 const guint8  *data,
                                 gsize          len,
                                 GError       **error)
{
  g_auto(GosslPassphrase) none = { NULL };

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pkey_from_data (type, data, len, TRUE, &none, error);
}

/**
 * gossl_pkey_generate_key:
 * @self: a [class@Gossl.PKey]
 * @type: %GOSSL_KEY_TYPE_RSA or %GOSSL_KEY_TYPE_DSA
 * @bits: the key size in bits
 * @error: return location for a [struct@GLib.Error]
 *
 * Generates a new key pair of @type and @bits into @self, replacing any key
 * it held. RSA needs at least 512 bits (and 2048 to be accepted in TLS at
 * security level 2 and above). DSA takes 512 to 3072 bits: below 2048 bits a
 * 160-bit q and a size rounded up to a multiple of 64 (FIPS 186-2: 576, 768,
 * 1024...), from 2048 bits on a 256-bit q (FIPS 186-4). Generating a large
 * key takes a while: the calling thread blocks, others (Python threads too)
 * go on.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_pkey_generate_key (GosslPKey     *self,
                         GosslKeyType   type,
                         guint          bits,
                         GError       **error)
{
  g_autoptr(EVP_PKEY_CTX) ctx = NULL;
  g_autoptr(EVP_PKEY_CTX) keygen_ctx = NULL;
  g_autoptr(EVP_PKEY) params = NULL;
  EVP_PKEY *pkey = NULL;

  g_return_val_if_fail (GOSSL_IS_PKEY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ERR_clear_error ();
  switch ((int) type)
    {
    case GOSSL_KEY_TYPE_RSA:
      if (bits < 512 || bits > 16384)
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "Invalid number of bits for an RSA key: %u", bits);
          return FALSE;
        }
      ctx = EVP_PKEY_CTX_new_from_name (NULL, "RSA", NULL);
      if (ctx == NULL || EVP_PKEY_keygen_init (ctx) <= 0 ||
          EVP_PKEY_CTX_set_rsa_keygen_bits (ctx, (int) bits) <= 0 ||
          EVP_PKEY_generate (ctx, &pkey) <= 0)
        goto failed;
      break;

    case GOSSL_KEY_TYPE_DSA:
      if (bits < 512 || bits > 3072)
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "Invalid number of bits for a DSA key: %u", bits);
          return FALSE;
        }
      {
        /* What DSA_generate_parameters_ex() (pyOpenSSL's call) makes: below
         * 2048 bits FIPS 186-2 parameters with a 160-bit q, p rounded up to
         * a multiple of 64 bits; from 2048 on FIPS 186-4 with a 256-bit q.
         * The keygen needs the type again: without it OpenSSL checks the
         * parameters against FIPS 186-4's sizes ("bad ffc parameters"). */
        const char *gen_type = bits < 2048 ? "fips186_2" : "fips186_4";
        OSSL_PARAM keygen_params[] = {
          OSSL_PARAM_construct_utf8_string (OSSL_PKEY_PARAM_FFC_TYPE, (char *) gen_type, 0),
          OSSL_PARAM_END,
        };

        ctx = EVP_PKEY_CTX_new_from_name (NULL, "DSA", NULL);
        if (ctx == NULL || EVP_PKEY_paramgen_init (ctx) <= 0 ||
            EVP_PKEY_CTX_set_dsa_paramgen_type (ctx, gen_type) <= 0 ||
            EVP_PKEY_CTX_set_dsa_paramgen_bits (ctx, (int) bits) <= 0 ||
            EVP_PKEY_CTX_set_dsa_paramgen_q_bits (ctx, bits < 2048 ? 160 : 256) <= 0 ||
            EVP_PKEY_paramgen (ctx, &params) <= 0)
          goto failed;
        keygen_ctx = EVP_PKEY_CTX_new_from_pkey (NULL, params, NULL);
        if (keygen_ctx == NULL || EVP_PKEY_keygen_init (keygen_ctx) <= 0 ||
            EVP_PKEY_CTX_set_params (keygen_ctx, keygen_params) <= 0 ||
            EVP_PKEY_generate (keygen_ctx, &pkey) <= 0)
          goto failed;
      }
      break;

    default:
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "No such key type: %d (use TYPE_RSA or TYPE_DSA)", (int) type);
      return FALSE;
    }

  EVP_PKEY_free (self->pkey);
  self->pkey = pkey;
  return TRUE;

failed:
  gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                "Key generation failed");
  return FALSE;
}

/**
 * gossl_pkey_get_bits:
 * @self: a [class@Gossl.PKey]
 *
 * The size of the key in bits.
 *
 * Returns: the number of bits, 0 for an empty key
 *
 * Since: 0.1
 */
guint
gossl_pkey_get_bits (GosslPKey *self)
{
  g_return_val_if_fail (GOSSL_IS_PKEY (self), 0);

  return self->pkey != NULL ? (guint) EVP_PKEY_get_bits (self->pkey) : 0;
}

/**
 * gossl_pkey_get_key_type:
 * @self: a [class@Gossl.PKey]
 *
 * The algorithm of the key. A key of an algorithm [enum@Gossl.KeyType] does not
 * name is returned as OpenSSL's numeric identifier.
 *
 * Returns: the key type, %GOSSL_KEY_TYPE_NONE for an empty key
 *
 * Since: 0.1
 */
GosslKeyType
gossl_pkey_get_key_type (GosslPKey *self)
{
  g_return_val_if_fail (GOSSL_IS_PKEY (self), GOSSL_KEY_TYPE_NONE);

  return self->pkey != NULL ? (GosslKeyType) EVP_PKEY_get_base_id (self->pkey)
                            : GOSSL_KEY_TYPE_NONE;
}

/**
 * gossl_pkey_is_initialized:
 * @self: a [class@Gossl.PKey]
 *
 * Whether @self holds a key yet.
 *
 * Returns: %TRUE once a key was generated or loaded
 *
 * Since: 0.1
 */
gboolean
gossl_pkey_is_initialized (GosslPKey *self)
{
  g_return_val_if_fail (GOSSL_IS_PKEY (self), FALSE);

  return self->pkey != NULL;
}

/**
 * gossl_pkey_has_private:
 * @self: a [class@Gossl.PKey]
 *
 * Whether @self holds the private half of the key pair (a key taken from a
 * certificate or request is public only).
 *
 * Returns: %TRUE when the private key is present
 *
 * Since: 0.1
 */
gboolean
gossl_pkey_has_private (GosslPKey *self)
{
  g_autoptr(EVP_PKEY_CTX) ctx = NULL;

  g_return_val_if_fail (GOSSL_IS_PKEY (self), FALSE);

  if (self->pkey == NULL)
    return FALSE;
  /* EVP_PKEY_private_check() on a public-only key fails cleanly, whereas the
   * older per-algorithm probes differ for each type. */
  ctx = EVP_PKEY_CTX_new_from_pkey (NULL, self->pkey, NULL);
  ERR_set_mark ();
  {
    gboolean has = ctx != NULL && EVP_PKEY_private_check (ctx) > 0;
    ERR_pop_to_mark ();
    return has;
  }
}

/**
 * gossl_pkey_check:
 * @self: a [class@Gossl.PKey]
 * @error: return location for a [struct@GLib.Error]
 *
 * Checks the consistency of an RSA private key.
 *
 * Returns: %TRUE when the key is consistent; %FALSE with
 *   %GOSSL_CRYPTO_ERROR_FAILED when it is not, or
 *   %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT when it is not a private RSA key
 *
 * Since: 0.1
 */
gboolean
gossl_pkey_check (GosslPKey *self, GError **error)
{
  g_autoptr(EVP_PKEY_CTX) ctx = NULL;

  g_return_val_if_fail (GOSSL_IS_PKEY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->pkey == NULL || EVP_PKEY_get_base_id (self->pkey) != EVP_PKEY_RSA)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Only RSA keys can be checked");
      return FALSE;
    }
  if (!gossl_pkey_has_private (self))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Public key only");
      return FALSE;
    }
  ERR_clear_error ();
  ctx = EVP_PKEY_CTX_new_from_pkey (NULL, self->pkey, NULL);
  if (ctx == NULL || EVP_PKEY_check (ctx) <= 0)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "The key is inconsistent");
      return FALSE;
    }
  return TRUE;
}

static gboolean
require_key (GosslPKey *self, GError **error)
{
  if (self->pkey != NULL)
    return TRUE;
  gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                   "The key object is empty: generate or load a key first");
  return FALSE;
}

/**
 * gossl_pkey_to_data:
 * @self: a [class@Gossl.PKey] holding a private key
 * @type: the encoding wanted
 * @cipher: (nullable): a cipher name such as "aes-256-cbc" to encrypt the
 *   key with (PEM only), or %NULL for no encryption
 * @passphrase: (array length=passphrase_len) (element-type guint8) (nullable):
 *   the passphrase, required with @cipher
 * @passphrase_len: the length of @passphrase
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the private key. PEM is written as OpenSSL 3 writes it: PKCS#8,
 * `BEGIN PRIVATE KEY` or, with a cipher, `BEGIN ENCRYPTED PRIVATE KEY`. DER
 * is the traditional algorithm-specific form. %GOSSL_FILETYPE_TEXT (since
 * 0.2) gives the description `openssl pkey -noout -text` prints, private
 * numbers included; for a public-only key, which the other encodings
 * refuse, `openssl pkey -pubin -noout -text`'s. Encryption with DER or TEXT
 * fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the encoded key, or %NULL with @error set
 *
 * Since: 0.1
 */
GByteArray *
gossl_pkey_to_data (GosslPKey     *self,
                    GosslFiletype  type,
                    const char    *cipher,
                    const guint8  *passphrase,
                    gsize          passphrase_len,
                    GError       **error)
{
  g_autoptr(BIO) bio = NULL;
  const EVP_CIPHER *evp_cipher = NULL;
  GosslPassphrase pass = { passphrase, passphrase_len, FALSE };
  int ok;

  g_return_val_if_fail (GOSSL_IS_PKEY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((type != GOSSL_FILETYPE_TEXT && !gossl_check_filetype (type, error)) ||
      !require_key (self, error))
    return NULL;

  if (cipher != NULL)
    {
      if (type != GOSSL_FILETYPE_PEM)
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "Passphrase is only supported for PEM encoding");
          return NULL;
        }
      evp_cipher = EVP_get_cipherbyname (cipher);
      if (evp_cipher == NULL)
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "Invalid cipher name: %s", cipher);
          return NULL;
        }
      if (passphrase == NULL)
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "A cipher needs a passphrase");
          return NULL;
        }
    }

  /* The text of a public-only key is its public part, as OpenSSL prints. */
  if (type != GOSSL_FILETYPE_TEXT && !gossl_pkey_has_private (self))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "The key has no private part to dump");
      return NULL;
    }

  ERR_clear_error ();
  bio = BIO_new (BIO_s_mem ());
  if (type == GOSSL_FILETYPE_PEM)
    {
      ok = PEM_write_bio_PrivateKey (bio, self->pkey, evp_cipher, NULL, 0,
                                     gossl_passphrase_cb, &pass);
    }
  else if (type == GOSSL_FILETYPE_TEXT && gossl_pkey_has_private (self))
    ok = EVP_PKEY_print_private (bio, self->pkey, 0, NULL) > 0;
  else if (type == GOSSL_FILETYPE_TEXT)
    ok = EVP_PKEY_print_public (bio, self->pkey, 0, NULL) > 0;
  else
    ok = i2d_PrivateKey_bio (bio, self->pkey);

  if (!ok)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not encode the key");
      return NULL;
    }
  return gossl_bio_to_byte_array (bio);
}

/**
 * gossl_pkey_public_to_data:
 * @self: a [class@Gossl.PKey]
 * @type: the encoding wanted
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the public half of the key as SubjectPublicKeyInfo.
 *
 * Returns: (transfer full): the encoded key, or %NULL with @error set
 *
 * Since: 0.1
 */
GByteArray *
gossl_pkey_public_to_data (GosslPKey     *self,
                           GosslFiletype  type,
                           GError       **error)
{
  g_autoptr(BIO) bio = NULL;
  int ok;

  g_return_val_if_fail (GOSSL_IS_PKEY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_check_filetype (type, error) || !require_key (self, error))
    return NULL;

  ERR_clear_error ();
  bio = BIO_new (BIO_s_mem ());
  ok = type == GOSSL_FILETYPE_PEM ? PEM_write_bio_PUBKEY (bio, self->pkey)
                                  : i2d_PUBKEY_bio (bio, self->pkey);
  if (!ok)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not encode the public key");
      return NULL;
    }
  return gossl_bio_to_byte_array (bio);
}

/**
 * gossl_pkey_new_from_bytes:
 * @type: the encoding of @bytes
 * @bytes: the encoded private key
 * @passphrase: (nullable): the passphrase of an encrypted key, or %NULL
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a private key, as [ctor@Gossl.PKey.new_from_data] does, from a
 * [struct@GLib.Bytes] and a text passphrase (as [property@Gio.TlsCertificate:password]
 * is one). A passphrase holding a zero byte needs
 * [ctor@Gossl.PKey.new_from_data].
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslPKey *
gossl_pkey_new_from_bytes (GosslFiletype   type,
                           GBytes         *bytes,
                           const char     *passphrase,
                           GError        **error)
{
  g_auto(GosslPassphrase) pass = { .data = (const guint8 *) passphrase,
                                   .len = passphrase != NULL ? strlen (passphrase) : 0 };
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (bytes, &data, &len, error))
    return NULL;
  return pkey_from_data (type, data, len, FALSE, &pass, error);
}

/**
 * gossl_pkey_new_from_bytes_with_interaction:
 * @type: the encoding of @bytes
 * @bytes: the encoded private key
 * @interaction: (nullable): what asks the user for the passphrase of an
 *   encrypted key, or %NULL
 * @description: (nullable): what the key is, for the user: the
 *   [property@Gio.TlsPassword:description] of the password asked for
 *   ("Private key" when %NULL)
 * @cancellable: (nullable): a [class@Gio.Cancellable], handed to the interaction
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a private key, as [ctor@Gossl.PKey.new_from_bytes] does; when the
 * key turns out to be encrypted, @interaction is asked for its passphrase
 * once, with [method@Gio.TlsInteraction.invoke_ask_password] (which runs
 * the interaction on its own main context and waits for the answer). An
 * unencrypted key never asks.
 *
 * Errors are those of [ctor@Gossl.PKey.new_from_data]:
 * %GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED when the interaction gave no
 * passphrase (%G_TLS_INTERACTION_UNHANDLED, %G_TLS_INTERACTION_FAILED, or
 * an empty password), or there is no @interaction;
 * %GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE when its passphrase does not decrypt
 * the key. An error the interaction sets (%G_IO_ERROR_CANCELLED when the
 * user cancelled) is returned as it is, after "Could not load the key: ".
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslPKey *
gossl_pkey_new_from_bytes_with_interaction (GosslFiletype     type,
                                            GBytes           *bytes,
                                            GTlsInteraction  *interaction,
                                            const char       *description,
                                            GCancellable     *cancellable,
                                            GError          **error)
{
  g_auto(GosslPassphrase) pass = { .interaction = interaction,
                                   .description = description != NULL ? description
                                                                       : "Private key",
                                   .cancellable = cancellable };
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (interaction == NULL || G_IS_TLS_INTERACTION (interaction), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (bytes, &data, &len, error))
    return NULL;
  return pkey_from_data (type, data, len, FALSE, &pass, error);
}

/**
 * gossl_pkey_new_public_from_bytes:
 * @type: the encoding of @bytes
 * @bytes: the encoded public key (SubjectPublicKeyInfo)
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a public key, as [ctor@Gossl.PKey.new_public_from_data] does, from
 * a [struct@GLib.Bytes].
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslPKey *
gossl_pkey_new_public_from_bytes (GosslFiletype   type,
                                  GBytes         *bytes,
                                  GError        **error)
{
  g_auto(GosslPassphrase) none = { NULL };
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (bytes, &data, &len, error))
    return NULL;
  return pkey_from_data (type, data, len, TRUE, &none, error);
}

/**
 * gossl_pkey_to_bytes:
 * @self: a [class@Gossl.PKey] holding a private key
 * @type: the encoding wanted
 * @cipher: (nullable): a cipher name such as "aes-256-cbc" to encrypt the
 *   key with (PEM only), or %NULL for no encryption
 * @passphrase: (nullable): the passphrase, required with @cipher
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the private key, as [method@Gossl.PKey.to_data] does, into a
 * [struct@GLib.Bytes], with a text passphrase.
 *
 * Returns: (transfer full): the encoded key, or %NULL with @error set
 *
 * Since: 0.2
 */
GBytes *
gossl_pkey_to_bytes (GosslPKey      *self,
                     GosslFiletype   type,
                     const char     *cipher,
                     const char     *passphrase,
                     GError        **error)
{
  GByteArray *array;

  g_return_val_if_fail (GOSSL_IS_PKEY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  array = gossl_pkey_to_data (self, type, cipher, (const guint8 *) passphrase,
                              passphrase != NULL ? strlen (passphrase) : 0, error);
  return array != NULL ? g_byte_array_free_to_bytes (array) : NULL;
}

/**
 * gossl_pkey_public_to_bytes:
 * @self: a [class@Gossl.PKey]
 * @type: the encoding wanted
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the public half of the key, as [method@Gossl.PKey.public_to_data]
 * does, into a [struct@GLib.Bytes].
 *
 * Returns: (transfer full): the encoded key, or %NULL with @error set
 *
 * Since: 0.2
 */
GBytes *
gossl_pkey_public_to_bytes (GosslPKey      *self,
                            GosslFiletype   type,
                            GError        **error)
{
  GByteArray *array;

  g_return_val_if_fail (GOSSL_IS_PKEY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  array = gossl_pkey_public_to_data (self, type, error);
  return array != NULL ? g_byte_array_free_to_bytes (array) : NULL;
}

EVP_PKEY *
gossl_pkey_require_native (GosslPKey *pkey, GError **error)
{
  return require_key (pkey, error) ? pkey->pkey : NULL;
}

/* Ed25519 and Ed448 sign the message itself: OpenSSL wants no digest. */
static gboolean
lookup_signing_digest (EVP_PKEY      *pkey,
                       const char    *digest,
                       const EVP_MD **md,
                       GError       **error)
{
  int id = EVP_PKEY_get_base_id (pkey);

  *md = NULL;
  if (id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448)
    return TRUE;
  return (*md = gossl_lookup_digest (digest, error)) != NULL;
}

EVP_PKEY *
gossl_pkey_prepare_signing (GosslPKey     *pkey,
                            const char    *digest,
                            const EVP_MD **md,
                            GError       **error)
{
  *md = NULL;
  if (!require_key (pkey, error))
    return NULL;
  if (!gossl_pkey_has_private (pkey))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Key has only public part");
      return NULL;
    }
  return lookup_signing_digest (pkey->pkey, digest, md, error) ? pkey->pkey : NULL;
}

/**
 * gossl_pkey_sign:
 * @self: a [class@Gossl.PKey] holding a private key
 * @digest: (nullable): the digest name: "sha256", "sha384", "sha1"...
 *   (ignored for Ed25519 and Ed448 keys, which use none)
 * @data: the message to sign
 * @error: return location for a [struct@GLib.Error]
 *
 * Signs @data with the private key: hashes it with @digest and signs the
 * hash (PKCS#1 v1.5 for RSA, DER-encoded (r, s) for DSA and ECDSA), as
 * `openssl dgst -sign` does. [method@Gossl.PKey.verify] checks the result.
 *
 * Errors: %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an unknown digest, an
 * empty key or one without its private half; %GOSSL_CRYPTO_ERROR_FAILED
 * when OpenSSL refuses (a digest too large for a small RSA key).
 *
 * Returns: (transfer full): the signature, or %NULL with @error set
 *
 * Since: 0.2
 */
GBytes *
gossl_pkey_sign (GosslPKey   *self,
                 const char  *digest,
                 GBytes      *data,
                 GError     **error)
{
  g_autoptr(EVP_MD_CTX) ctx = NULL;
  const EVP_MD *md;
  EVP_PKEY *native;
  const guint8 *message;
  gsize message_len;
  gsize sig_len = 0;
  guint8 *sig;

  g_return_val_if_fail (GOSSL_IS_PKEY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (data, &message, &message_len, error) ||
      (native = gossl_pkey_prepare_signing (self, digest, &md, error)) == NULL)
    return NULL;

  ERR_clear_error ();
  ctx = EVP_MD_CTX_new ();
  /* One-shot: Ed25519 and Ed448 cannot sign in pieces. Two calls: the
   * first gives the largest size, the second the real one (DSA and ECDSA
   * signatures vary in length). */
  if (ctx == NULL || EVP_DigestSignInit (ctx, NULL, md, NULL, native) <= 0 ||
      EVP_DigestSign (ctx, NULL, &sig_len, message, message_len) <= 0)
    goto failed;
  sig = g_malloc (sig_len);
  if (EVP_DigestSign (ctx, sig, &sig_len, message, message_len) <= 0)
    {
      g_free (sig);
      goto failed;
    }
  return g_bytes_new_take (sig, sig_len);

failed:
  gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                "Could not sign the data");
  return NULL;
}

/**
 * gossl_pkey_verify:
 * @self: a [class@Gossl.PKey]: a public key, or a key pair
 * @digest: (nullable): the digest the signature was made with (ignored for
 *   Ed25519 and Ed448 keys, which use none)
 * @data: the message
 * @signature: the signature, as [method@Gossl.PKey.sign] or `openssl dgst
 *   -sign` makes it
 * @error: return location for a [struct@GLib.Error]
 *
 * Checks that @signature is the signature of @data by this key with
 * @digest. A signature that does not match (other data, another key,
 * another digest, or garbage) is an error, %GOSSL_CRYPTO_ERROR_FAILED, with
 * OpenSSL's reasons when it gave any.
 *
 * Returns: %TRUE when the signature verifies; %FALSE with @error set
 *   (%GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an unknown digest or an
 *   empty key)
 *
 * Since: 0.2
 */
gboolean
gossl_pkey_verify (GosslPKey   *self,
                   const char  *digest,
                   GBytes      *data,
                   GBytes      *signature,
                   GError     **error)
{
  g_autoptr(EVP_MD_CTX) ctx = NULL;
  const EVP_MD *md = NULL;
  const guint8 *message, *sig;
  gsize message_len, sig_len;

  g_return_val_if_fail (GOSSL_IS_PKEY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gossl_bytes_peek (data, &message, &message_len, error) ||
      !gossl_bytes_peek (signature, &sig, &sig_len, error) ||
      !require_key (self, error) ||
      !lookup_signing_digest (self->pkey, digest, &md, error))
    return FALSE;

  ERR_clear_error ();
  ctx = EVP_MD_CTX_new ();
  /* 1 is a good signature; 0 a bad one, less one that could not be
   * checked (a malformed DSA signature): "no" either way. */
  if (ctx == NULL || EVP_DigestVerifyInit (ctx, NULL, md, NULL, self->pkey) <= 0 ||
      EVP_DigestVerify (ctx, sig, sig_len, message, message_len) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "The signature does not verify");
      return FALSE;
    }
  return TRUE;
}
