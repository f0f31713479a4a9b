/* fuzz-x509.c: certificates, PEM and DER (gossl_x509_new_from_data)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "fuzz-common.h"

static int
refuse_passphrase (char *buf, int size, int rwflag, void *userdata)
{
  return -1;
}

static X509 *
fuzz_reference_x509 (GosslFiletype type, const uint8_t *data, size_t size)
{
  g_autoptr(BIO) bio = BIO_new_mem_buf (size > 0 ? data : (const uint8_t *) "", (int) size);
  X509 *x509;

  x509 = type == GOSSL_FILETYPE_PEM ? PEM_read_bio_X509 (bio, NULL, refuse_passphrase, NULL)
                                    : d2i_X509_bio (bio, NULL);
  ERR_clear_error ();
  return x509;
}

static void
fuzz_assert_same_der (X509 *ours, X509 *reference)
{
  unsigned char *ours_der = NULL, *reference_der = NULL;
  int ours_len = i2d_X509 (ours, &ours_der);
  int reference_len = i2d_X509 (reference, &reference_der);

  g_assert_cmpint (ours_len, ==, reference_len);
  if (ours_len > 0)
    g_assert_cmpmem (ours_der, ours_len, reference_der, reference_len);
  OPENSSL_free (ours_der);
  OPENSSL_free (reference_der);
  ERR_clear_error ();
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const GosslFiletype types[] = { GOSSL_FILETYPE_PEM, GOSSL_FILETYPE_ASN1 };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GError *error = NULL;
      g_autoptr(GosslX509) cert = gossl_x509_new_from_data (types[i], data, size, &error);
      g_autoptr(X509) reference = fuzz_reference_x509 (types[i], data, size);

      g_assert_true ((cert == NULL) == (error != NULL));
      FUZZ_DROP (error);
      /* gossl reads as PEM_read_bio_X509()/d2i_X509_bio() (pyOpenSSL's calls) do. */
      g_assert_true ((cert == NULL) == (reference == NULL));
      if (cert != NULL)
        fuzz_assert_same_der (gossl_x509_get_native (cert), reference);
      fuzz_x509 (cert);
    }
  return 0;
}
