/* fuzz-pkcs12.c: PKCS#12, with and without a passphrase
 * (gossl_pkcs12_new_from_data)
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

static void
fuzz_pkcs12 (GosslPKCS12 *p12)
{
  g_autoptr(GosslX509) cert = gossl_pkcs12_get_certificate (p12);
  g_autoptr(GosslPKey) key = gossl_pkcs12_get_privatekey (p12);
  g_autoptr(GPtrArray) cas = gossl_pkcs12_get_ca_certificates (p12);
  const char *friendly_name = gossl_pkcs12_get_friendly_name (p12);

  if (friendly_name != NULL)
    g_assert_true (g_utf8_validate (friendly_name, -1, NULL));
  fuzz_x509 (cert);
  fuzz_pkey (key, FALSE);
  if (cas != NULL)
    for (guint i = 0; i < cas->len; i++)
      fuzz_x509 (cas->pdata[i]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  for (int with_pass = 0; with_pass < 2; with_pass++)
    {
      GError *error = NULL;
      g_autoptr(GosslPKCS12) p12 =
        gossl_pkcs12_new_from_data (data, size,
                                    with_pass ? FUZZ_PASSPHRASE : NULL,
                                    with_pass ? FUZZ_PASSPHRASE_LEN : 0,
                                    &error);

      g_assert_true ((p12 == NULL) == (error != NULL));
      FUZZ_DROP (error);
      if (p12 != NULL)
        fuzz_pkcs12 (p12);
    }
  return 0;
}
