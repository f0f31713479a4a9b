/* fuzz-x509.c: certificates, PEM and DER (gossl_x509_new_from_data)
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
      g_autoptr(GosslX509) cert = gossl_x509_new_from_data (types[i], data, size, &error);

      g_assert_true ((cert == NULL) == (error != NULL));
      FUZZ_DROP (error);
      fuzz_x509 (cert);
    }
  return 0;
}
