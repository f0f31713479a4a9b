/* Loading and encoding OpenSSL's ASN.1 types from and to PEM or DER: the
 * one body behind gossl_x509_new_from_data(), gossl_x509_req_new_from_data(),
 * gossl_pkcs7_new_from_data() and their to_data() counterparts. */

#include "gossl-private.h"

void *
gossl_asn1_load (const GosslAsn1Codec  *codec,
                 GosslFiletype          type,
                 const guint8          *data,
                 gsize                  len,
                 GError               **error)
{
  g_autoptr(BIO) bio = NULL;
  /* PEM blocks are never encrypted here, but a "Proc-Type: ENCRYPTED"
   * header would make OpenSSL prompt on the terminal without a callback
   * that refuses. */
  GosslPassphrase pass = { NULL, 0, FALSE };
  void *object;

  if (!gossl_check_filetype (type, error))
    return NULL;
  gossl_ensure_initialized ();
  bio = gossl_bio_new_mem_ro (data, len);
  if (bio == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Too much data for a %s", codec->what);
      return NULL;
    }

  /* The same calls as PEM_read_bio_X509() and d2i_X509_bio() (and their
   * kin) make, so errors read as pyOpenSSL's do. */
  ERR_clear_error ();
  object = type == GOSSL_FILETYPE_PEM
    ? PEM_ASN1_read_bio (codec->d2i, codec->pem_name, bio, NULL, gossl_passphrase_cb, &pass)
    : ASN1_item_d2i_bio (ASN1_ITEM_ptr (codec->item), bio, NULL);
  if (object == NULL)
    gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                  "Could not load the %s%s", codec->what,
                                  len == 0 ? ": no data" : "");
  return object;
}

GByteArray *
gossl_asn1_dump (const GosslAsn1Codec  *codec,
                 GosslFiletype          type,
                 const void            *object,
                 GError               **error)
{
  g_autoptr(BIO) bio = NULL;
  GByteArray *array;
  unsigned char *out;
  int len;

  if (type == GOSSL_FILETYPE_TEXT && codec->print != NULL)
    {
      ERR_clear_error ();
      bio = BIO_new (BIO_s_mem ());
      if (bio == NULL)
        g_error ("%s: out of memory", G_STRFUNC);
      if (codec->print (bio, object) != 1)
        goto failed;
      return gossl_bio_to_byte_array (bio);
    }
  if (!gossl_check_filetype (type, error))
    return NULL;

  ERR_clear_error ();
  if (type == GOSSL_FILETYPE_ASN1)
    {
      /* Straight into the array: no memory BIO to copy out of. */
      len = ASN1_item_i2d ((const ASN1_VALUE *) object, NULL, ASN1_ITEM_ptr (codec->item));
      if (len <= 0)
        goto failed;
      array = g_byte_array_sized_new ((guint) len);
      g_byte_array_set_size (array, (guint) len);
      out = array->data;
      if (ASN1_item_i2d ((const ASN1_VALUE *) object, &out, ASN1_ITEM_ptr (codec->item)) != len)
        {
          g_byte_array_unref (array);
          goto failed;
        }
      return array;
    }

  bio = BIO_new (BIO_s_mem ());
  if (bio == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  if (!PEM_ASN1_write_bio (codec->i2d, codec->pem_name, bio, object, NULL, NULL, 0, NULL, NULL))
    goto failed;
  return gossl_bio_to_byte_array (bio);

failed:
  gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                "Could not encode the %s", codec->what);
  return NULL;
}

gboolean
gossl_bytes_peek (GBytes        *bytes,
                  const guint8 **data,
                  gsize         *len,
                  GError       **error)
{
  if (bytes == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "No data given (the GBytes is NULL)");
      return FALSE;
    }
  *data = g_bytes_get_data (bytes, len);
  return TRUE;
}
