/* test-crl.c: GosslCrl and GosslRevoked
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-test-util.h"

static GosslX509 *
load_cert (const char *name)
{
  g_autoptr(GBytes) data = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslX509 *cert = gossl_x509_new_from_bytes (GOSSL_FILETYPE_PEM, data, &error);

  g_assert_no_error (error);
  return cert;
}

static GosslPKey *
load_key (const char *name)
{
  g_autoptr(GBytes) data = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  GosslPKey *key = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, bytes, len, NULL, 0, &error);

  g_assert_no_error (error);
  return key;
}

static GosslRevoked *
make_revoked (const char *serial, const char *reason)
{
  g_autoptr(GError) error = NULL;
  GosslRevoked *revoked = gossl_revoked_new ();

  g_assert_true (gossl_revoked_set_serial_number (revoked, serial, &error));
  g_assert_true (gossl_revoked_set_revocation_date_asn1 (revoked, "20240601000000Z", &error));
  g_assert_true (gossl_revoked_set_reason (revoked, reason, &error));
  g_assert_no_error (error);
  return revoked;
}

/* A v2 list by ca.pem revoking @serials (NULL-terminated), signed. */
static GosslCrl *
make_signed_crl (const char * const *serials)
{
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslPKey) ca_key = load_key ("ca.key");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next = g_date_time_add_days (now, 30);
  g_autoptr(GError) error = NULL;
  GosslCrl *crl = gossl_crl_new ();

  for (guint i = 0; serials[i] != NULL; i++)
    {
      g_autoptr(GosslRevoked) revoked = make_revoked (serials[i], "keyCompromise");

      g_assert_true (gossl_crl_add_revoked (crl, revoked, &error));
      g_assert_no_error (error);
    }
  g_assert_true (gossl_crl_set_version (crl, 1, &error));
  g_assert_true (gossl_crl_set_last_update (crl, now, &error));
  g_assert_true (gossl_crl_set_next_update (crl, next, &error));
  g_assert_true (gossl_crl_sign (crl, ca, ca_key, "sha256", &error));
  g_assert_no_error (error);
  return crl;
}

static void
assert_error_message (GError *error, const char *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("expected \"%s\" in \"%s\"", part, error->message);
}

static void
test_revoked_new (void)
{
  g_autoptr(GosslRevoked) revoked = gossl_revoked_new ();
  g_autofree char *serial = gossl_revoked_get_serial_number (revoked);

  g_assert_cmpstr (serial, ==, "00");
  g_assert_null (gossl_revoked_get_reason (revoked));
  g_assert_null (gossl_revoked_get_revocation_date (revoked));
  g_assert_null (gossl_revoked_get_revocation_date_asn1 (revoked));
}

static void
test_revoked_serial (void)
{
  g_autoptr(GosslRevoked) revoked = gossl_revoked_new ();
  g_autoptr(GError) error = NULL;
  char *serial;

  g_assert_true (gossl_revoked_set_serial_number (revoked, "10b", &error));
  g_assert_no_error (error);
  serial = gossl_revoked_get_serial_number (revoked);
  g_assert_cmpstr (serial, ==, "010B");
  g_free (serial);

  g_assert_true (gossl_revoked_set_serial_number (revoked, "-ff", &error));
  g_assert_no_error (error);
  serial = gossl_revoked_get_serial_number (revoked);
  g_assert_cmpstr (serial, ==, "-FF");
  g_free (serial);

  /* Anything but hex digits is refused whole, and the number is kept. */
  g_assert_false (gossl_revoked_set_serial_number (revoked, "31ppp", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_revoked_set_serial_number (revoked, "", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  serial = gossl_revoked_get_serial_number (revoked);
  g_assert_cmpstr (serial, ==, "-FF");
  g_free (serial);
}

static void
test_revoked_reason (void)
{
  g_autoptr(GosslRevoked) revoked = gossl_revoked_new ();
  g_auto(GStrv) all = gossl_revoked_get_all_reasons ();
  g_autoptr(GError) error = NULL;
  char *reason;

  g_assert_cmpuint (g_strv_length (all), ==, 10);
  g_assert_cmpstr (all[0], ==, "unspecified");
  g_assert_cmpstr (all[6], ==, "certificateHold");
  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autofree char *got = NULL;
      g_autofree char *again = NULL;

      g_assert_true (gossl_revoked_set_reason (revoked, all[i], &error));
      g_assert_no_error (error);
      got = gossl_revoked_get_reason (revoked);
      g_assert_nonnull (got);
      /* What the getter prints, the setter takes back. */
      g_assert_true (gossl_revoked_set_reason (revoked, got, &error));
      g_assert_no_error (error);
      again = gossl_revoked_get_reason (revoked);
      g_assert_cmpstr (again, ==, got);
      /* One reason extension, replaced, never added twice. */
      g_assert_cmpint (X509_REVOKED_get_ext_count (gossl_revoked_get_native (revoked)), ==, 1);
    }

  g_assert_true (gossl_revoked_set_reason (revoked, "sUpErSeDeD", &error));
  g_assert_no_error (error);
  reason = gossl_revoked_get_reason (revoked);
  g_assert_cmpstr (reason, ==, "Superseded");
  g_free (reason);
  g_assert_true (gossl_revoked_set_reason (revoked, "Key Compromise", &error));
  g_assert_no_error (error);
  reason = gossl_revoked_get_reason (revoked);
  g_assert_cmpstr (reason, ==, "Key Compromise");
  g_free (reason);

  /* An unknown reason changes nothing. */
  g_assert_false (gossl_revoked_set_reason (revoked, "blue", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_revoked_set_reason (revoked, "", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  reason = gossl_revoked_get_reason (revoked);
  g_assert_cmpstr (reason, ==, "Key Compromise");
  g_free (reason);

  g_assert_true (gossl_revoked_set_reason (revoked, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (gossl_revoked_get_reason (revoked));
  /* Clearing what is not there is fine too. */
  g_assert_true (gossl_revoked_set_reason (revoked, NULL, &error));
  g_assert_no_error (error);
}

static void
test_revoked_date (void)
{
  g_autoptr(GosslRevoked) revoked = gossl_revoked_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2031, 2, 3, 4, 5, 6);
  g_autoptr(GDateTime) got = NULL;
  g_autoptr(GDateTime) far = g_date_time_new_utc (2500, 1, 1, 0, 0, 0);
  g_autoptr(GTimeZone) plus2 = g_time_zone_new_offset (7200);
  g_autoptr(GDateTime) zoned = g_date_time_new (plus2, 2031, 2, 3, 6, 5, 6.75);
  char *text;

  g_assert_true (gossl_revoked_set_revocation_date (revoked, when, &error));
  g_assert_no_error (error);
  got = gossl_revoked_get_revocation_date (revoked);
  g_assert_true (g_date_time_equal (got, when));
  text = gossl_revoked_get_revocation_date_asn1 (revoked);
  g_assert_cmpstr (text, ==, "20310203040506Z");
  g_free (text);

  /* Another time zone, fractions dropped: the same instant in UTC. */
  g_assert_true (gossl_revoked_set_revocation_date (revoked, zoned, &error));
  g_assert_no_error (error);
  text = gossl_revoked_get_revocation_date_asn1 (revoked);
  g_assert_cmpstr (text, ==, "20310203040506Z");
  g_free (text);

  g_assert_true (gossl_revoked_set_revocation_date (revoked, far, &error));
  g_assert_no_error (error);
  text = gossl_revoked_get_revocation_date_asn1 (revoked);
  g_assert_cmpstr (text, ==, "25000101000000Z");
  g_free (text);

  g_assert_true (gossl_revoked_set_revocation_date_asn1 (revoked, "20140601000000Z", &error));
  g_assert_no_error (error);
  text = gossl_revoked_get_revocation_date_asn1 (revoked);
  g_assert_cmpstr (text, ==, "20140601000000Z");
  g_free (text);

  g_assert_false (gossl_revoked_set_revocation_date_asn1 (revoked, "yesterday", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_revoked_set_revocation_date_asn1 (revoked, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_revoked_set_revocation_date (revoked, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  text = gossl_revoked_get_revocation_date_asn1 (revoked);
  g_assert_cmpstr (text, ==, "20140601000000Z");
  g_free (text);
}

static void
test_revoked_copy (void)
{
  g_autoptr(GosslRevoked) revoked = make_revoked ("3ab", "superseded");
  g_autoptr(GosslRevoked) copy = gossl_revoked_copy (revoked);
  g_autoptr(GosslRevoked) empty = gossl_revoked_new ();
  g_autoptr(GosslRevoked) empty_copy = gossl_revoked_copy (empty);
  g_autoptr(GError) error = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *date = NULL;
  g_autofree char *empty_serial = gossl_revoked_get_serial_number (empty_copy);

  g_assert_true (gossl_revoked_set_serial_number (revoked, "1", &error));
  g_assert_true (gossl_revoked_set_reason (revoked, NULL, &error));
  g_assert_no_error (error);
  serial = gossl_revoked_get_serial_number (copy);
  reason = gossl_revoked_get_reason (copy);
  date = gossl_revoked_get_revocation_date_asn1 (copy);
  g_assert_cmpstr (serial, ==, "03AB");
  g_assert_cmpstr (reason, ==, "Superseded");
  g_assert_cmpstr (date, ==, "20240601000000Z");

  /* A new entry (no date, which DER cannot hold) copies too. */
  g_assert_cmpstr (empty_serial, ==, "00");
  g_assert_null (gossl_revoked_get_revocation_date (empty_copy));
}

static void
test_crl_new (void)
{
  g_autoptr(GosslCrl) crl = gossl_crl_new ();
  g_autoptr(GPtrArray) revoked = gossl_crl_get_revoked (crl);
  g_autoptr(GosslX509Name) issuer = gossl_crl_get_issuer (crl);
  g_autoptr(GError) error = NULL;
  g_autofree char *cn = gossl_x509_name_get_entry (issuer, "CN", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (revoked->len, ==, 0);
  g_assert_null (cn);
  g_assert_cmpint (gossl_crl_get_version (crl), ==, 0);
  g_assert_null (gossl_crl_get_last_update (crl));
  g_assert_null (gossl_crl_get_next_update (crl));
}

static void
test_crl_sign_and_round_trip (void)
{
  const char * const serials[] = { "3ab", "100", NULL };
  g_autoptr(GosslCrl) crl = make_signed_crl (serials);
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslPKey) ca_pub = NULL;
  g_autoptr(GosslX509Name) issuer = gossl_crl_get_issuer (crl);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) pem = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GByteArray) der_again = NULL;
  g_autoptr(GByteArray) pem_again = NULL;
  g_autoptr(GosslCrl) from_pem = NULL;
  g_autoptr(GosslCrl) from_der = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (gossl_crl_get_version (crl), ==, 1);
  cn = gossl_x509_name_get_entry (issuer, "CN", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn, ==, "gossl test CA");
  last = gossl_crl_get_last_update (crl);
  next = gossl_crl_get_next_update (crl);
  g_assert_cmpint (g_date_time_difference (next, last) / G_TIME_SPAN_DAY, ==, 30);

  /* The signature holds, with the CA's key. */
  ca_pub = gossl_x509_get_pubkey (ca, &error);
  g_assert_no_error (error);
  g_assert_cmpint (X509_CRL_verify (gossl_crl_get_native (crl), gossl_pkey_get_native (ca_pub)), ==, 1);

  pem = gossl_crl_to_data (crl, GOSSL_FILETYPE_PEM, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix ((const char *) pem->data, "-----BEGIN X509 CRL-----\n"));
  der = gossl_crl_to_data (crl, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);

  from_pem = gossl_crl_new_from_data (GOSSL_FILETYPE_PEM, pem->data, pem->len, &error);
  g_assert_no_error (error);
  der_again = gossl_crl_to_data (from_pem, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (der_again->data, der_again->len, der->data, der->len);
  from_der = gossl_crl_new_from_data (GOSSL_FILETYPE_ASN1, der->data, der->len, &error);
  g_assert_no_error (error);
  pem_again = gossl_crl_to_data (from_der, GOSSL_FILETYPE_PEM, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (pem_again->data, pem_again->len, pem->data, pem->len);

  /* Signing sorted the entries by serial number. */
  entries = gossl_crl_get_revoked (from_der);
  g_assert_cmpuint (entries->len, ==, 2);
  {
    g_autofree char *first = gossl_revoked_get_serial_number (entries->pdata[0]);
    g_autofree char *second = gossl_revoked_get_serial_number (entries->pdata[1]);
    g_autofree char *reason = gossl_revoked_get_reason (entries->pdata[1]);
    g_autofree char *date = gossl_revoked_get_revocation_date_asn1 (entries->pdata[1]);

    g_assert_cmpstr (first, ==, "0100");
    g_assert_cmpstr (second, ==, "03AB");
    g_assert_cmpstr (reason, ==, "Key Compromise");
    g_assert_cmpstr (date, ==, "20240601000000Z");
  }

  text = gossl_crl_to_text (from_der, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Certificate Revocation List (CRL):"));
  g_assert_nonnull (strstr (text, "Serial Number: 03AB"));
  g_assert_nonnull (strstr (text, "Key Compromise"));
  g_assert_nonnull (strstr (text, "gossl test CA"));
}

/* Entries go in and come out as copies. */
static void
test_crl_entries_are_copies (void)
{
  g_autoptr(GosslCrl) crl = gossl_crl_new ();
  g_autoptr(GosslRevoked) revoked = make_revoked ("1", "superseded");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autofree char *serial = NULL;

  g_assert_true (gossl_crl_add_revoked (crl, revoked, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_revoked_set_serial_number (revoked, "2", &error));
  g_assert_true (gossl_crl_add_revoked (crl, revoked, &error));
  g_assert_no_error (error);

  first = gossl_crl_get_revoked (crl);
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_true (gossl_revoked_set_serial_number (first->pdata[0], "ff", &error));
  g_assert_no_error (error);
  second = gossl_crl_get_revoked (crl);
  serial = gossl_revoked_get_serial_number (second->pdata[0]);
  g_assert_cmpstr (serial, ==, "01");
}

/* The issuer view keeps its list alive and follows it when signing sets a
 * new issuer. */
static void
test_crl_issuer_view (void)
{
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslPKey) ca_key = load_key ("ca.key");
  g_autoptr(GError) error = NULL;
  GosslCrl *crl = gossl_crl_new ();
  g_autoptr(GosslX509Name) issuer = gossl_crl_get_issuer (crl);
  g_autofree char *before = gossl_x509_name_get_entry (issuer, "CN", &error);
  g_autofree char *after = NULL;

  g_assert_null (before);
  g_assert_true (gossl_crl_sign (crl, ca, ca_key, "sha256", &error));
  g_assert_no_error (error);
  g_object_unref (crl);
  after = gossl_x509_name_get_entry (issuer, "CN", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, "gossl test CA");
}

static void
test_crl_export (void)
{
  g_autoptr(GosslCrl) crl = gossl_crl_new ();
  g_autoptr(GosslRevoked) revoked = make_revoked ("2", "superseded");
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslPKey) ca_key = load_key ("ca.key");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GosslCrl) loaded = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_true (gossl_crl_add_revoked (crl, revoked, &error));
  der = gossl_crl_export (crl, ca, ca_key, GOSSL_FILETYPE_ASN1, 10, "sha384", &error);
  g_assert_no_error (error);
  loaded = gossl_crl_new_from_bytes (GOSSL_FILETYPE_ASN1, der, &error);
  g_assert_no_error (error);

  last = gossl_crl_get_last_update (loaded);
  next = gossl_crl_get_next_update (loaded);
  g_assert_cmpint (ABS (g_date_time_difference (now, last)), <, 60 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (next, last), ==, 10 * G_TIME_SPAN_DAY);
  g_assert_cmpint (X509_CRL_get_signature_nid (gossl_crl_get_native (loaded)), ==,
                   NID_sha384WithRSAEncryption);
}

static void
test_crl_bad_input (void)
{
  g_autoptr(GBytes) garbage = gossl_test_load_file ("garbage.bin");
  g_autoptr(GBytes) cert_pem = gossl_test_load_file ("ca.pem");
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslPKey) ca_key = load_key ("ca.key");
  g_autoptr(GosslPKey) ca_pub = NULL;
  g_autoptr(GosslPKey) empty_key = gossl_pkey_new ();
  g_autoptr(GosslCrl) crl = gossl_crl_new ();
  g_autoptr(GosslRevoked) dateless = gossl_revoked_new ();
  g_autoptr(GError) error = NULL;
  GosslCrl *none;
  GBytes *out;

  /* Garbage, and a certificate where a list is expected. */
  none = gossl_crl_new_from_bytes (GOSSL_FILETYPE_PEM, garbage, &error);
  g_assert_null (none);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  none = gossl_crl_new_from_bytes (GOSSL_FILETYPE_ASN1, garbage, &error);
  g_assert_null (none);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  none = gossl_crl_new_from_bytes (GOSSL_FILETYPE_PEM, cert_pem, &error);
  g_assert_null (none);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  none = gossl_crl_new_from_data (GOSSL_FILETYPE_PEM, NULL, 0, &error);
  g_assert_null (none);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  none = gossl_crl_new_from_bytes (GOSSL_FILETYPE_PEM, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* File types that are neither PEM nor DER. */
  none = gossl_crl_new_from_bytes ((GosslFiletype) 100, cert_pem, &error);
  g_assert_null (none);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  out = gossl_crl_to_bytes (crl, (GosslFiletype) 100, &error);
  g_assert_null (out);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  out = gossl_crl_export (crl, ca, ca_key, (GosslFiletype) 100, 10, "sha256", &error);
  g_assert_null (out);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Refused before anything changed. */
  g_assert_null (gossl_crl_get_last_update (crl));

  /* Unknown digests. */
  g_assert_false (gossl_crl_sign (crl, ca, ca_key, "strange-digest", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  out = gossl_crl_export (crl, ca, ca_key, GOSSL_FILETYPE_PEM, 10, "strange-digest", &error);
  g_assert_null (out);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_crl_get_last_update (crl));

  /* Keys that cannot sign: public only, and empty. */
  ca_pub = gossl_x509_get_pubkey (ca, &error);
  g_assert_no_error (error);
  g_assert_false (gossl_crl_sign (crl, ca, ca_pub, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (gossl_crl_sign (crl, ca, empty_key, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  out = gossl_crl_export (crl, ca, empty_key, GOSSL_FILETYPE_PEM, 10, "sha256", &error);
  g_assert_null (out);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  /* Versions other than v1 and v2. */
  g_assert_false (gossl_crl_set_version (crl, 2, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_crl_set_version (crl, -1, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Malformed times. */
  g_assert_false (gossl_crl_set_last_update_asn1 (crl, "20xx0101000000Z", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_crl_set_next_update (crl, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* An entry without a revocation date cannot be encoded into a list. */
  g_assert_false (gossl_crl_add_revoked (crl, dateless, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) entries = gossl_crl_get_revoked (crl);
    g_assert_cmpuint (entries->len, ==, 0);
  }
}

static void
assert_verify_fails (GosslX509Store *store, GosslX509 *cert, const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_x509_store_verify_certificate (store, cert, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  assert_error_message (error, reason);
}

/* A store that checks lists refuses the revoked certificate (server.pem,
 * serial 2) and accepts the others, and refuses all without a list. */
static void
test_store_verify_with_crl (void)
{
  const char * const serials[] = { "2", NULL };
  g_autoptr(GosslCrl) crl = make_signed_crl (serials);
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslX509) server = load_cert ("server.pem");
  g_autoptr(GosslX509) client = load_cert ("client.pem");
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GosslX509Store) no_crl = gossl_x509_store_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_x509_store_add_cert (store, ca, &error));
  g_assert_true (gossl_x509_store_add_cert (no_crl, ca, &error));
  g_assert_no_error (error);

  /* Without CRL checks, the list is not consulted. */
  g_assert_true (gossl_x509_store_add_crl (store, crl, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_store_verify_certificate (store, server, &error));
  g_assert_no_error (error);

  X509_STORE_set_flags (gossl_x509_store_get_native (store), X509_V_FLAG_CRL_CHECK);
  X509_STORE_set_flags (gossl_x509_store_get_native (no_crl), X509_V_FLAG_CRL_CHECK);
  assert_verify_fails (store, server, "certificate revoked");
  g_assert_true (gossl_x509_store_verify_certificate (store, client, &error));
  g_assert_no_error (error);
  assert_verify_fails (no_crl, client, "unable to get certificate CRL");

  /* The same list twice is fine. */
  g_assert_true (gossl_x509_store_add_crl (store, crl, &error));
  g_assert_no_error (error);
  assert_verify_fails (store, server, "certificate revoked");
}

/* A list loaded from PEM (as another program wrote it) refuses the same:
 * the store keeps its own reference once the list object is gone. */
static void
test_store_keeps_crl (void)
{
  const char * const serials[] = { "3", NULL };
  g_autoptr(GosslX509) ca = load_cert ("ca.pem");
  g_autoptr(GosslX509) client = load_cert ("client.pem");
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) pem = NULL;
  GosslCrl *crl = make_signed_crl (serials);
  GosslCrl *loaded;

  pem = gossl_crl_to_data (crl, GOSSL_FILETYPE_PEM, &error);
  g_object_unref (crl);
  loaded = gossl_crl_new_from_data (GOSSL_FILETYPE_PEM, pem->data, pem->len, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_x509_store_add_cert (store, ca, &error));
  g_assert_true (gossl_x509_store_add_crl (store, loaded, &error));
  g_assert_no_error (error);
  g_object_unref (loaded);

  X509_STORE_set_flags (gossl_x509_store_get_native (store), X509_V_FLAG_CRL_CHECK);
  assert_verify_fails (store, client, "certificate revoked");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/revoked/new", test_revoked_new);
  g_test_add_func ("/revoked/serial", test_revoked_serial);
  g_test_add_func ("/revoked/reason", test_revoked_reason);
  g_test_add_func ("/revoked/date", test_revoked_date);
  g_test_add_func ("/revoked/copy", test_revoked_copy);
  g_test_add_func ("/crl/new", test_crl_new);
  g_test_add_func ("/crl/sign-and-round-trip", test_crl_sign_and_round_trip);
  g_test_add_func ("/crl/entries-are-copies", test_crl_entries_are_copies);
  g_test_add_func ("/crl/issuer-view", test_crl_issuer_view);
  g_test_add_func ("/crl/export", test_crl_export);
  g_test_add_func ("/crl/bad-input", test_crl_bad_input);
  g_test_add_func ("/crl/store-verify", test_store_verify_with_crl);
  g_test_add_func ("/crl/store-keeps-crl", test_store_keeps_crl);

  return g_test_run ();
}
