/* gossl-netscape-spki.c: a Netscape signed public key and challenge
 * (NETSCAPE_SPKI)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

/**
 * GosslNetscapeSpki:
 *
 * A Netscape SPKI (signed public key and challenge, SPKAC): a public key
 * signed with its own private key, as the HTML `<keygen>` element sent it
 * and `openssl spkac` makes and checks it. It travels as base64
 * ([ctor@Gossl.NetscapeSpki.new_from_base64],
 * [method@Gossl.NetscapeSpki.to_base64]).
 *
 * Since: 0.2
 */
struct _GosslNetscapeSpki
{
  GObject parent_instance;

  NETSCAPE_SPKI *spki;
};

G_DEFINE_FINAL_TYPE (GosslNetscapeSpki, gossl_netscape_spki, G_TYPE_OBJECT)

static void
gossl_netscape_spki_finalize (GObject *object)
{
  GosslNetscapeSpki *self = GOSSL_NETSCAPE_SPKI (object);

  NETSCAPE_SPKI_free (self->spki);
  G_OBJECT_CLASS (gossl_netscape_spki_parent_class)->finalize (object);
}

static void
gossl_netscape_spki_class_init (GosslNetscapeSpkiClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_netscape_spki_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_netscape_spki_init (GosslNetscapeSpki *self)
{
  self->spki = NETSCAPE_SPKI_new ();
  if (self->spki == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
}

/**
 * gossl_netscape_spki_new:
 *
 * An empty SPKI: give it a key with [method@Gossl.NetscapeSpki.set_pubkey],
 * then sign it with [method@Gossl.NetscapeSpki.sign].
 *
 * Returns: (transfer full): a new [class@Gossl.NetscapeSpki]
 *
 * Since: 0.2
 */
GosslNetscapeSpki *
gossl_netscape_spki_new (void)
{
  return g_object_new (GOSSL_TYPE_NETSCAPE_SPKI, NULL);
}

/**
 * gossl_netscape_spki_new_from_base64:
 * @base64: the SPKI as base64 (the value of an `SPKAC=` line), without
 *   line breaks
 * @error: return location for a [struct@GLib.Error]
 *
 * Decodes an SPKI. Its signature is not checked: do that with
 * [method@Gossl.NetscapeSpki.verify].
 *
 * Returns: (transfer full): the SPKI, or %NULL with
 *   %GOSSL_CRYPTO_ERROR_FAILED when @base64 is not base64 or does not hold
 *   an SPKI
 *
 * Since: 0.2
 */
GosslNetscapeSpki *
gossl_netscape_spki_new_from_base64 (const char  *base64,
                                     GError     **error)
{
  GosslNetscapeSpki *self;
  NETSCAPE_SPKI *spki;
  size_t len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (base64 == NULL || (len = strlen (base64)) == 0 || len > G_MAXINT)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                       "Could not decode the SPKI: %s",
                       len == 0 || base64 == NULL ? "no data" : "too much data");
      return NULL;
    }
  gossl_ensure_initialized ();
  ERR_clear_error ();
  spki = NETSCAPE_SPKI_b64_decode (base64, (int) len);
  if (spki == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not decode the SPKI");
      return NULL;
    }
  self = gossl_netscape_spki_new ();
  NETSCAPE_SPKI_free (self->spki);
  self->spki = spki;
  return self;
}

/**
 * gossl_netscape_spki_to_base64:
 * @self: a [class@Gossl.NetscapeSpki]
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the SPKI as base64 on one line, as `openssl spkac` writes it
 * after `SPKAC=`.
 *
 * Returns: (transfer full): the base64 text, or %NULL with @error set
 *
 * Since: 0.2
 */
char *
gossl_netscape_spki_to_base64 (GosslNetscapeSpki  *self,
                               GError            **error)
{
  char *encoded;
  char *result;

  g_return_val_if_fail (GOSSL_IS_NETSCAPE_SPKI (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ERR_clear_error ();
  encoded = NETSCAPE_SPKI_b64_encode (self->spki);
  if (encoded == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not encode the SPKI");
      return NULL;
    }
  result = g_strdup (encoded);
  OPENSSL_free (encoded);
  return result;
}

/**
 * gossl_netscape_spki_sign:
 * @self: a [class@Gossl.NetscapeSpki]
 * @pkey: the private key to sign with, normally the one whose public half
 *   is in the SPKI
 * @digest: the digest name: "sha256", "sha512"... (ignored for Ed25519 and
 *   Ed448 keys, which use none)
 * @error: return location for a [struct@GLib.Error]
 *
 * Signs the SPKI.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an unknown digest, an empty key
 *   or a key without its private half, %GOSSL_CRYPTO_ERROR_FAILED when
 *   OpenSSL refuses
 *
 * Since: 0.2
 */
gboolean
gossl_netscape_spki_sign (GosslNetscapeSpki  *self,
                          GosslPKey          *pkey,
                          const char         *digest,
                          GError            **error)
{
  const EVP_MD *md;
  EVP_PKEY *native;

  g_return_val_if_fail (GOSSL_IS_NETSCAPE_SPKI (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((native = gossl_pkey_prepare_signing (pkey, digest, &md, error)) == NULL)
    return FALSE;
  ERR_clear_error ();
  if (NETSCAPE_SPKI_sign (self->spki, native, md) <= 0)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not sign the SPKI");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_netscape_spki_verify:
 * @self: a [class@Gossl.NetscapeSpki]
 * @pkey: the public key to check the signature with
 * @error: return location for a [struct@GLib.Error]
 *
 * Checks the SPKI's signature against @pkey.
 *
 * Returns: %TRUE when the signature verifies; %FALSE with
 *   %GOSSL_CRYPTO_ERROR_FAILED when it does not (another key, an unsigned
 *   SPKI), %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an empty key
 *
 * Since: 0.2
 */
gboolean
gossl_netscape_spki_verify (GosslNetscapeSpki  *self,
                            GosslPKey          *pkey,
                            GError            **error)
{
  EVP_PKEY *native;

  g_return_val_if_fail (GOSSL_IS_NETSCAPE_SPKI (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((native = gossl_pkey_require_native (pkey, error)) == NULL)
    return FALSE;
  ERR_clear_error ();
  /* 0 is a bad signature, -1 one that could not be checked (no signature
   * yet, another key type): both a "no". */
  if (NETSCAPE_SPKI_verify (self->spki, native) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "The SPKI's signature does not verify with this key");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_netscape_spki_get_pubkey:
 * @self: a [class@Gossl.NetscapeSpki]
 * @error: return location for a [struct@GLib.Error]
 *
 * The public key of the SPKI, as a new key object that holds the public
 * half only.
 *
 * Returns: (transfer full): the key, or %NULL with
 *   %GOSSL_CRYPTO_ERROR_FAILED when the SPKI has no key yet
 *
 * Since: 0.2
 */
GosslPKey *
gossl_netscape_spki_get_pubkey (GosslNetscapeSpki  *self,
                                GError            **error)
{
  EVP_PKEY *pkey;

  g_return_val_if_fail (GOSSL_IS_NETSCAPE_SPKI (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ERR_clear_error ();
  pkey = gossl_public_key_decode (self->spki->spkac->pubkey);
  if (pkey == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "The SPKI has no public key");
      return NULL;
    }
  return gossl_pkey_new_from_native (pkey);
}

/**
 * gossl_netscape_spki_set_pubkey:
 * @self: a [class@Gossl.NetscapeSpki]
 * @pkey: the key; only its public half goes into the SPKI
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the public key of the SPKI.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT for an empty key
 *
 * Since: 0.2
 */
gboolean
gossl_netscape_spki_set_pubkey (GosslNetscapeSpki  *self,
                                GosslPKey          *pkey,
                                GError            **error)
{
  EVP_PKEY *native;

  g_return_val_if_fail (GOSSL_IS_NETSCAPE_SPKI (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((native = gossl_pkey_require_native (pkey, error)) == NULL)
    return FALSE;
  ERR_clear_error ();
  if (NETSCAPE_SPKI_set_pubkey (self->spki, native) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the SPKI's public key");
      return FALSE;
    }
  return TRUE;
}
