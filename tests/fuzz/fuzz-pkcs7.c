/* fuzz-pkcs7.c: PKCS#7, PEM and DER (gossl_pkcs7_new_from_data)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "fuzz-common.h"

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
      g_autoptr(GosslPKCS7) p7 = gossl_pkcs7_new_from_data (types[i], data, size, &error);

      g_assert_true ((p7 == NULL) == (error != NULL));
      FUZZ_DROP (error);
      if (p7 == NULL)
        continue;
      (void) gossl_pkcs7_type_is_signed (p7);
      (void) gossl_pkcs7_type_is_enveloped (p7);
      (void) gossl_pkcs7_type_is_signed_and_enveloped (p7);
      (void) gossl_pkcs7_type_is_data (p7);
      /* "UNDEF" for a content type OpenSSL has no name for: never NULL. */
      g_assert_nonnull (gossl_pkcs7_get_type_name (p7));
    }
  return 0;
}
