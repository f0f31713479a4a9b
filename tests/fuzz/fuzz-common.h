/* fuzz-common.h: what every libFuzzer target of gossl shares
 *
 * Header-only (static functions), so tests/fuzz/meson.build builds one
 * source file per target.
 *
 * A parser may refuse any input, but must never crash, leak, read out of
 * bounds or log a critical: criticals and warnings abort here, so the
 * fuzzer reports them as crashes. Whatever parses is then taken through
 * every getter a caller would use on an untrusted object, since those walk
 * the parsed structure (names, extensions, times, keys) in gossl's own code.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gossl/gossl-private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_PASSPHRASE ((const guint8 *) "secret")
#define FUZZ_PASSPHRASE_LEN 6

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

G_GNUC_UNUSED /* A g_critical or g_warning on hostile data is a bug. GLib's own fatal
 * path raises SIGTRAP, which libFuzzer does not catch (no input saved):
 * abort instead. */
static void
fuzz_log_handler (const char     *domain,
                  GLogLevelFlags  level,
                  const char     *message,
                  gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      fprintf (stderr, "%s: %s\n", domain != NULL ? domain : "(no domain)", message);
      abort ();
    }
}

static void
fuzz_init (void)
{
  g_log_set_default_handler (fuzz_log_handler, NULL);
  gossl_ensure_initialized ();
}

/* Every call below may fail on odd data; only its failing cleanly counts. */
#define FUZZ_DROP(error) g_clear_error (&(error))

G_GNUC_UNUSED static void
fuzz_byte_array (GByteArray *array)
{
  if (array != NULL)
    g_byte_array_unref (array);
}

static const char *const fuzz_name_fields[] = {
  "CN", "C", "ST", "L", "O", "OU", "emailAddress", "serialNumber", "UID",
};

/* An entry as gossl read it before it copied plain strings as they are:
 * always through ASN1_STRING_to_UTF8() (pyOpenSSL's reading), or the raw
 * bytes when that fails; exact, NULs included. The copy-only path and the
 * bytes getter must give the same answer for every input. */
G_GNUC_UNUSED static GBytes *
fuzz_reference_entry (const X509_NAME *name, const char *field)
{
  int index = X509_NAME_get_index_by_NID (name, OBJ_txt2nid (field), -1);
  ASN1_STRING *data;
  unsigned char *utf8 = NULL;
  GBytes *result;
  int len;

  if (index < 0)
    return NULL;
  data = X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, index));
  len = ASN1_STRING_to_UTF8 (&utf8, data);
  if (len < 0)
    {
      ERR_clear_error ();
      if (ASN1_STRING_length (data) <= 0 || ASN1_STRING_get0_data (data) == NULL)
        return g_bytes_new (NULL, 0);
      return g_bytes_new (ASN1_STRING_get0_data (data), ASN1_STRING_length (data));
    }
  result = g_bytes_new (utf8, len);
  OPENSSL_free (utf8);
  return result;
}

G_GNUC_UNUSED static void
fuzz_name (GosslX509Name *name)
{
  const char *const *fields = fuzz_name_fields;
  GError *error = NULL;
  GVariant *components;
  g_autoptr(GosslX509Name) copy = NULL;
  gsize i;

  if (name == NULL)
    return;
  components = gossl_x509_name_get_components (name);
  if (components != NULL)
    {
      /* Components must be a well-formed a(ayay) or whatever type the
       * getter promises: printing walks every byte. */
      g_free (g_variant_print (components, TRUE));
      g_variant_unref (components);
    }
  components = gossl_x509_name_get_components_bytes (name);
  g_free (g_variant_print (components, TRUE));
  g_variant_unref (components);
  g_free (gossl_x509_name_to_string (name));
  fuzz_byte_array (gossl_x509_name_to_der (name));
  (void) gossl_x509_name_hash (name);
  for (i = 0; i < G_N_ELEMENTS (fuzz_name_fields); i++)
    {
      g_autoptr(GBytes) reference = fuzz_reference_entry (gossl_x509_name_get_native (name),
                                                          fields[i]);
      g_autoptr(GBytes) exact = gossl_x509_name_get_entry_bytes (name, fields[i], &error);
      g_autofree char *value = NULL;
      g_autofree char *text = NULL;
      gsize len = 0;
      const char *bytes;

      g_assert_no_error (error);
      g_assert_true (reference == NULL ? exact == NULL
                                       : exact != NULL && g_bytes_equal (exact, reference));
      value = gossl_x509_name_get_entry (name, fields[i], &error);
      if (reference == NULL)
        {
          g_assert_no_error (error);
          g_assert_null (value);
          continue;
        }
      bytes = g_bytes_get_data (reference, &len);
      if (len > 0 && memchr (bytes, '\0', len) != NULL)
        {
          /* A string cannot carry it: refused, never cut or replaced. */
          g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_NOT_SUPPORTED);
          g_clear_error (&error);
          g_assert_null (value);
          continue;
        }
      g_assert_no_error (error);
      text = len > 0 ? g_utf8_make_valid (bytes, len) : g_strdup ("");
      g_assert_cmpstr (value, ==, text);
    }
  copy = gossl_x509_name_copy (name);
  if (copy != NULL)
    g_assert_cmpint (gossl_x509_name_compare (name, copy), ==, 0);
}

G_GNUC_UNUSED static void
fuzz_pkey (GosslPKey *pkey, gboolean check)
{
  GError *error = NULL;

  if (pkey == NULL)
    return;
  (void) gossl_pkey_get_bits (pkey);
  (void) gossl_pkey_get_key_type (pkey);
  (void) gossl_pkey_is_initialized (pkey);
  fuzz_byte_array (gossl_pkey_public_to_data (pkey, GOSSL_FILETYPE_PEM, &error));
  FUZZ_DROP (error);
  fuzz_byte_array (gossl_pkey_public_to_data (pkey, GOSSL_FILETYPE_ASN1, &error));
  FUZZ_DROP (error);
  if (gossl_pkey_has_private (pkey))
    {
      fuzz_byte_array (gossl_pkey_to_data (pkey, GOSSL_FILETYPE_ASN1, NULL, NULL, 0, &error));
      FUZZ_DROP (error);
      fuzz_byte_array (gossl_pkey_to_data (pkey, GOSSL_FILETYPE_PEM, NULL, NULL, 0, &error));
      FUZZ_DROP (error);
      /* The consistency check of a huge crafted key can take seconds: only
       * where the caller of the fuzzer asks for it. */
      if (check)
        {
          (void) gossl_pkey_check (pkey, &error);
          FUZZ_DROP (error);
        }
    }
}

G_GNUC_UNUSED static void
fuzz_extension (GosslX509Extension *ext)
{
  if (ext == NULL)
    return;
  (void) gossl_x509_extension_get_critical (ext);
  (void) gossl_x509_extension_get_short_name (ext);
  fuzz_byte_array (gossl_x509_extension_get_data (ext));
  g_free (gossl_x509_extension_to_string (ext));
}

G_GNUC_UNUSED static void
fuzz_x509 (GosslX509 *cert)
{
  GError *error = NULL;
  g_autoptr(GosslX509Name) subject = NULL;
  g_autoptr(GosslX509Name) issuer = NULL;
  g_autoptr(GosslPKey) pubkey = NULL;
  g_autoptr(GosslX509) copy = NULL;
  g_autoptr(GosslX509Store) store = NULL;
  guint i, n;

  if (cert == NULL)
    return;
  fuzz_byte_array (gossl_x509_to_data (cert, GOSSL_FILETYPE_PEM, &error));
  FUZZ_DROP (error);
  fuzz_byte_array (gossl_x509_to_data (cert, GOSSL_FILETYPE_ASN1, &error));
  FUZZ_DROP (error);
  (void) gossl_x509_get_version (cert);
  g_free (gossl_x509_get_serial_number (cert));
  subject = gossl_x509_get_subject (cert);
  fuzz_name (subject);
  issuer = gossl_x509_get_issuer (cert);
  fuzz_name (issuer);
  for (i = 0; i < G_N_ELEMENTS (fuzz_name_fields); i++)
    {
      g_autofree char *from_cert = gossl_x509_get_subject_entry (cert, fuzz_name_fields[i], NULL);
      g_autofree char *from_view = gossl_x509_name_get_entry (subject, fuzz_name_fields[i], NULL);
      g_autofree char *issuer_from_cert = gossl_x509_get_issuer_entry (cert, fuzz_name_fields[i], NULL);
      g_autofree char *issuer_from_view = gossl_x509_name_get_entry (issuer, fuzz_name_fields[i], NULL);

      g_assert_cmpstr (from_cert, ==, from_view);
      g_assert_cmpstr (issuer_from_cert, ==, issuer_from_view);
    }
  pubkey = gossl_x509_get_pubkey (cert, &error);
  FUZZ_DROP (error);
  fuzz_pkey (pubkey, FALSE);
  g_free (gossl_x509_get_not_before (cert));
  g_free (gossl_x509_get_not_after (cert));
  (void) gossl_x509_has_expired (cert, &error);
  FUZZ_DROP (error);
  g_free (gossl_x509_digest (cert, "sha256", &error));
  FUZZ_DROP (error);
  g_free (gossl_x509_get_signature_algorithm (cert, &error));
  FUZZ_DROP (error);
  n = gossl_x509_get_extension_count (cert);
  for (i = 0; i <= n; i++) /* one past the end: must fail cleanly */
    {
      g_autoptr(GosslX509Extension) ext = gossl_x509_get_extension (cert, i, &error);

      FUZZ_DROP (error);
      fuzz_extension (ext);
    }
  copy = gossl_x509_copy (cert);
  if (copy != NULL)
    g_free (gossl_x509_get_serial_number (copy));

  /* Chain building over the certificate as its own trust anchor. */
  store = gossl_x509_store_new ();
  if (gossl_x509_store_add_cert (store, cert, &error))
    (void) gossl_x509_store_verify_certificate (store, cert, &error);
  FUZZ_DROP (error);
}
