/* fuzz-pkey.c: private keys, PEM and DER, with and without a passphrase
 * (gossl_pkey_new_from_data), and public keys (gossl_pkey_new_public_from_data)
 *
 * Each input is read the six ways a caller could: private PEM and DER with
 * no passphrase and with the passphrase the seed corpus's encrypted keys
 * use, and public PEM and DER.
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

      for (int with_pass = 0; with_pass < 2; with_pass++)
        {
          g_autoptr(GosslPKey) pkey =
            gossl_pkey_new_from_data (types[i], data, size,
                                      with_pass ? FUZZ_PASSPHRASE : NULL,
                                      with_pass ? FUZZ_PASSPHRASE_LEN : 0,
                                      &error);

          g_assert_true ((pkey == NULL) == (error != NULL));
          FUZZ_DROP (error);
          fuzz_pkey (pkey, FALSE);
        }

      {
        g_autoptr(GosslPKey) pub = gossl_pkey_new_public_from_data (types[i], data, size, &error);

        g_assert_true ((pub == NULL) == (error != NULL));
        FUZZ_DROP (error);
        fuzz_pkey (pub, FALSE);
      }
    }
  return 0;
}
