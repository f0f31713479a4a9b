/* fuzz-x509-req.c: certificate requests, PEM and DER
 * (gossl_x509_req_new_from_data)
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
fuzz_req (GosslX509Req *req)
{
  GError *error = NULL;
  g_autoptr(GosslX509Name) subject = NULL;
  g_autoptr(GosslPKey) pubkey = NULL;
  g_autoptr(GPtrArray) extensions = NULL;

  fuzz_byte_array (gossl_x509_req_to_data (req, GOSSL_FILETYPE_PEM, &error));
  FUZZ_DROP (error);
  fuzz_byte_array (gossl_x509_req_to_data (req, GOSSL_FILETYPE_ASN1, &error));
  FUZZ_DROP (error);
  (void) gossl_x509_req_get_version (req);
  subject = gossl_x509_req_get_subject (req);
  fuzz_name (subject);
  pubkey = gossl_x509_req_get_pubkey (req, &error);
  FUZZ_DROP (error);
  fuzz_pkey (pubkey, FALSE);
  if (pubkey != NULL)
    {
      (void) gossl_x509_req_verify (req, pubkey, &error);
      FUZZ_DROP (error);
    }
  extensions = gossl_x509_req_get_extensions (req, &error);
  FUZZ_DROP (error);
  if (extensions != NULL)
    for (guint i = 0; i < extensions->len; i++)
      fuzz_extension (extensions->pdata[i]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const GosslFiletype types[] = { GOSSL_FILETYPE_PEM, GOSSL_FILETYPE_ASN1 };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GError *error = NULL;
      g_autoptr(GosslX509Req) req = gossl_x509_req_new_from_data (types[i], data, size, &error);

      g_assert_true ((req == NULL) == (error != NULL));
      FUZZ_DROP (error);
      if (req != NULL)
        fuzz_req (req);
    }
  return 0;
}
