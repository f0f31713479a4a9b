#include "gossl-test-util.h"

static GosslX509 *
make_signed_cert (const char *cn)
{
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslX509Name) subject = NULL;
  g_autoptr(GError) error = NULL;
  GosslX509 *cert = gossl_x509_new ();

  g_assert_true (gossl_x509_set_version (cert, 2, &error));
  g_assert_true (gossl_x509_set_serial_number (cert, "1", &error));
  subject = gossl_x509_get_subject (cert);
  g_assert_true (gossl_x509_name_set_entry (subject, "CN", cn, &error));
  g_assert_true (gossl_x509_set_issuer (cert, subject, &error));
  g_assert_true (gossl_x509_gmtime_adj_not_before (cert, 0, &error));
  g_assert_true (gossl_x509_gmtime_adj_not_after (cert, 3600, &error));
  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  g_assert_true (gossl_x509_sign (cert, key, "sha256", &error));
  g_assert_no_error (error);
  return cert;
}

static void
test_new (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  g_autoptr(GosslX509Name) issuer = gossl_x509_get_issuer (cert);
  g_autofree char *serial = gossl_x509_get_serial_number (cert);
  g_autofree char *subject_text = gossl_x509_name_to_string (subject);
  g_autofree char *issuer_text = gossl_x509_name_to_string (issuer);
  g_autofree char *not_before = gossl_x509_get_not_before (cert);
  g_autofree char *not_after = gossl_x509_get_not_after (cert);

  g_assert_cmpint (gossl_x509_get_version (cert), ==, 0);
  g_assert_cmpstr (serial, ==, "0");
  g_assert_cmpstr (subject_text, ==, "");
  g_assert_cmpstr (issuer_text, ==, "");
  g_assert_null (not_before);
  g_assert_null (not_after);
  g_assert_cmpuint (gossl_x509_get_extension_count (cert), ==, 0);
}

static void
test_round_trip (void)
{
  g_autoptr(GosslX509) cert = make_signed_cert ("round trip");
  g_autoptr(GError) error = NULL;
  GosslFiletype types[] = { GOSSL_FILETYPE_PEM, GOSSL_FILETYPE_ASN1 };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GByteArray) data = gossl_x509_to_data (cert, types[i], &error);
      g_autoptr(GosslX509) back = NULL;
      g_autoptr(GByteArray) again = NULL;
      g_autoptr(GosslX509Name) subject = NULL;
      g_autofree char *cn = NULL;

      g_assert_no_error (error);
      if (types[i] == GOSSL_FILETYPE_PEM)
        g_assert_true (g_str_has_prefix ((char *) data->data, "-----BEGIN CERTIFICATE-----\n"));
      back = gossl_x509_new_from_data (types[i], data->data, data->len, &error);
      g_assert_no_error (error);
      again = gossl_x509_to_data (back, types[i], &error);
      g_assert_no_error (error);
      g_assert_cmpmem (data->data, data->len, again->data, again->len);
      subject = gossl_x509_get_subject (back);
      cn = gossl_x509_name_get_entry (subject, "CN", &error);
      g_assert_cmpstr (cn, ==, "round trip");
    }
}

static void
test_bad_input (void)
{
  g_autoptr(GosslX509) cert = make_signed_cert ("bad input");
  g_autoptr(GByteArray) pem = gossl_x509_to_data (cert, GOSSL_FILETYPE_PEM, NULL);
  g_autoptr(GByteArray) der = gossl_x509_to_data (cert, GOSSL_FILETYPE_ASN1, NULL);
  g_autoptr(GError) error = NULL;
  struct { int type; const guint8 *data; gsize len; } cases[] = {
    { GOSSL_FILETYPE_PEM, (const guint8 *) "", 0 },
    { GOSSL_FILETYPE_ASN1, (const guint8 *) "", 0 },
    { GOSSL_FILETYPE_PEM, (const guint8 *) "garbage", 7 },
    { GOSSL_FILETYPE_ASN1, (const guint8 *) "garbage", 7 },
    { GOSSL_FILETYPE_PEM, pem->data, pem->len / 2 },   /* truncated PEM */
    { GOSSL_FILETYPE_ASN1, der->data, der->len / 2 },  /* truncated DER */
    { GOSSL_FILETYPE_PEM, der->data, der->len },       /* DER given as PEM */
    { GOSSL_FILETYPE_ASN1, pem->data, pem->len },      /* PEM given as DER */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_null (gossl_x509_new_from_data (cases[i].type, cases[i].data, cases[i].len,
                                               &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
      g_clear_error (&error);
    }

  /* Wrong file type, in and out. */
  g_assert_null (gossl_x509_new_from_data (3, pem->data, pem->len, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_to_data (cert, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A certificate with no validity period cannot be encoded. */
  {
    g_autoptr(GosslX509) empty = gossl_x509_new ();
    g_assert_null (gossl_x509_to_data (empty, GOSSL_FILETYPE_PEM, &error));
    g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  }
}

static void
test_copy (void)
{
  g_autoptr(GosslX509) cert = make_signed_cert ("original");
  g_autoptr(GosslX509) copy = gossl_x509_copy (cert);
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  g_autoptr(GosslX509Name) copy_subject = gossl_x509_get_subject (copy);
  g_autoptr(GError) error = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;

  d1 = gossl_x509_digest (cert, "sha256", &error);
  d2 = gossl_x509_digest (copy, "sha256", &error);
  g_assert_cmpstr (d1, ==, d2);
  g_assert_true (gossl_x509_name_set_entry (copy_subject, "CN", "copy", &error));
  cn = gossl_x509_name_get_entry (subject, "CN", &error);
  g_assert_cmpstr (cn, ==, "original");

  /* A certificate still being built (no validity period) copies too. */
  {
    g_autoptr(GosslX509) blank = gossl_x509_new ();
    g_autoptr(GosslX509) blank_copy = NULL;
    g_autoptr(GosslX509Name) name = gossl_x509_get_subject (blank);
    g_autoptr(GosslX509Name) name_copy = NULL;
    g_autofree char *serial = NULL;
    g_autofree char *copied_cn = NULL;

    g_assert_true (gossl_x509_name_set_entry (name, "CN", "blank", &error));
    g_assert_true (gossl_x509_set_serial_number (blank, "abc", &error));
    blank_copy = gossl_x509_copy (blank);
    name_copy = gossl_x509_get_subject (blank_copy);
    copied_cn = gossl_x509_name_get_entry (name_copy, "CN", &error);
    g_assert_cmpstr (copied_cn, ==, "blank");
    serial = gossl_x509_get_serial_number (blank_copy);
    g_assert_cmpstr (serial, ==, "0ABC");
  }
}

static void
test_version (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GError) error = NULL;

  for (glong v = 0; v <= 2; v++)
    {
      g_assert_true (gossl_x509_set_version (cert, v, &error));
      g_assert_no_error (error);
      g_assert_cmpint (gossl_x509_get_version (cert), ==, v);
    }
  g_assert_false (gossl_x509_set_version (cert, 3, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_set_version (cert, -1, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (gossl_x509_get_version (cert), ==, 2);
}

static void
check_serial (GosslX509 *cert, const char *in, const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *serial = NULL;

  g_assert_true (gossl_x509_set_serial_number (cert, in, &error));
  g_assert_no_error (error);
  serial = gossl_x509_get_serial_number (cert);
  g_assert_cmpstr (serial, ==, out);
}

static void
test_serial (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *two_200 = g_strnfill (50, '0');
  g_autofree char *two_200_in = g_strconcat ("1", two_200, NULL);
  g_autofree char *two_200_out = g_strconcat ("01", two_200, NULL);
  const char *bad[] = { "", "-", "xyz", "12g", "0x12", " 12", "12 ", "--1" };

  check_serial (cert, "0", "0");
  check_serial (cert, "1f", "1F");
  check_serial (cert, "10000000000000001", "010000000000000001");  /* 2**64 + 1 */
  check_serial (cert, two_200_in, two_200_out);                    /* 2**200 */
  check_serial (cert, "-ff", "-FF");
  check_serial (cert, "DEADbeef", "DEADBEEF");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *serial = NULL;

      g_assert_false (gossl_x509_set_serial_number (cert, bad[i], &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      serial = gossl_x509_get_serial_number (cert);
      g_assert_cmpstr (serial, ==, "DEADBEEF");
    }

  /* Large serials survive encoding. */
  {
    g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
    g_autoptr(GByteArray) der = NULL;
    g_autoptr(GosslX509) back = NULL;
    g_autofree char *serial = NULL;

    check_serial (cert, two_200_in, two_200_out);
    g_assert_true (gossl_x509_gmtime_adj_not_before (cert, 0, &error));
    g_assert_true (gossl_x509_gmtime_adj_not_after (cert, 60, &error));
    g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
    g_assert_true (gossl_x509_sign (cert, key, "sha256", &error));
    der = gossl_x509_to_data (cert, GOSSL_FILETYPE_ASN1, &error);
    g_assert_no_error (error);
    back = gossl_x509_new_from_data (GOSSL_FILETYPE_ASN1, der->data, der->len, &error);
    g_assert_no_error (error);
    serial = gossl_x509_get_serial_number (back);
    g_assert_cmpstr (serial, ==, two_200_out);
  }
}

static void
test_names (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Name) a = gossl_x509_get_subject (cert);
  g_autoptr(GosslX509Name) b = gossl_x509_get_subject (cert);
  g_autoptr(GosslX509Name) issuer = gossl_x509_get_issuer (cert);
  g_autoptr(GosslX509Name) name = gossl_x509_name_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *issuer_text = NULL;

  /* Each call is a new view of the same name. */
  g_assert_true (a != b);
  g_assert_true (gossl_x509_name_set_entry (a, "CN", "shared", &error));
  cn = gossl_x509_name_get_entry (b, "CN", &error);
  g_assert_cmpstr (cn, ==, "shared");

  g_assert_true (gossl_x509_name_set_entry (name, "C", "FR", &error));
  g_assert_true (gossl_x509_name_set_entry (name, "O", "Issuer", &error));
  g_assert_true (gossl_x509_set_issuer (cert, name, &error));
  g_assert_no_error (error);
  issuer_text = gossl_x509_name_to_string (issuer);
  g_assert_cmpstr (issuer_text, ==, "/C=FR/O=Issuer");
  g_assert_cmpint (gossl_x509_name_compare (issuer, name), ==, 0);
  g_assert_cmpint (gossl_x509_name_compare (issuer, a), !=, 0);
}

static void
test_pubkey (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslPKey) empty = gossl_pkey_new ();
  g_autoptr(GosslPKey) pub = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) pub1 = NULL;
  g_autoptr(GByteArray) pub2 = NULL;

  g_assert_null (gossl_x509_get_pubkey (cert, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (gossl_x509_set_pubkey (cert, empty, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  g_assert_no_error (error);
  pub = gossl_x509_get_pubkey (cert, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gossl_pkey_get_bits (pub), ==, 2048);
  g_assert_cmpint (gossl_pkey_get_key_type (pub), ==, GOSSL_KEY_TYPE_RSA);
  g_assert_false (gossl_pkey_has_private (pub));
  pub1 = gossl_pkey_public_to_data (key, GOSSL_FILETYPE_ASN1, &error);
  pub2 = gossl_pkey_public_to_data (pub, GOSSL_FILETYPE_ASN1, &error);
  g_assert_cmpmem (pub1->data, pub1->len, pub2->data, pub2->len);
}

static void
test_times (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "", "garbage", "20200101", "2020010100000Z", "20201301000000Z",
                        "20200101000000", "20200101000000X" };
  char *when;

  /* Unset times: NULL, and has_expired cannot tell. */
  g_assert_false (gossl_x509_has_expired (cert, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (gossl_x509_gmtime_adj_not_before (cert, 0, &error));
  when = gossl_x509_get_not_before (cert);
  g_assert_cmpuint (strlen (when), ==, 15);
  g_assert_true (g_str_has_prefix (when, "20"));
  g_assert_true (g_str_has_suffix (when, "Z"));
  g_free (when);

  g_assert_true (gossl_x509_gmtime_adj_not_after (cert, 3600, &error));
  g_assert_false (gossl_x509_has_expired (cert, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_gmtime_adj_not_after (cert, -3600, &error));
  g_assert_true (gossl_x509_has_expired (cert, &error));
  g_assert_no_error (error);

  /* GeneralizedTime in and out, also past 2049 and in the UTCTime form. */
  g_assert_true (gossl_x509_set_not_before (cert, "20200101000000Z", &error));
  g_assert_no_error (error);
  when = gossl_x509_get_not_before (cert);
  g_assert_cmpstr (when, ==, "20200101000000Z");
  g_free (when);
  g_assert_true (gossl_x509_set_not_before (cert, "200102030405Z", &error));
  when = gossl_x509_get_not_before (cert);
  g_assert_cmpstr (when, ==, "20200102030405Z");
  g_free (when);
  g_assert_true (gossl_x509_set_not_after (cert, "20550101000000Z", &error));
  g_assert_no_error (error);
  when = gossl_x509_get_not_after (cert);
  g_assert_cmpstr (when, ==, "20550101000000Z");
  g_free (when);
  g_assert_false (gossl_x509_has_expired (cert, &error));
  g_assert_true (gossl_x509_set_not_after (cert, "20000101000000Z", &error));
  g_assert_true (gossl_x509_has_expired (cert, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (gossl_x509_set_not_before (cert, bad[i], &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (gossl_x509_set_not_after (cert, bad[i], &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  when = gossl_x509_get_not_before (cert);
  g_assert_cmpstr (when, ==, "20200102030405Z");
  g_free (when);
}

static void
test_sign (void)
{
  g_autoptr(GosslX509) cert = make_signed_cert ("signer");
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslPKey) empty = gossl_pkey_new ();
  g_autoptr(GosslPKey) pub = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *alg = NULL;

  alg = gossl_x509_get_signature_algorithm (cert, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (alg, ==, "sha256WithRSAEncryption");
  g_clear_pointer (&alg, g_free);

  g_assert_true (gossl_x509_sign (cert, key, "sha512", &error));
  g_assert_no_error (error);
  alg = gossl_x509_get_signature_algorithm (cert, &error);
  g_assert_cmpstr (alg, ==, "sha512WithRSAEncryption");

  g_assert_false (gossl_x509_sign (cert, key, "no-such-digest", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "No such digest method"));
  g_clear_error (&error);

  g_assert_false (gossl_x509_sign (cert, empty, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  pub = gossl_x509_get_pubkey (cert, &error);
  g_assert_false (gossl_x509_sign (cert, pub, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* An unsigned certificate has no signature algorithm. */
  {
    g_autoptr(GosslX509) blank = gossl_x509_new ();
    g_assert_null (gossl_x509_get_signature_algorithm (blank, &error));
    g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* OpenSSL refuses to sign a certificate it cannot encode. */
  {
    g_autoptr(GosslX509) blank = gossl_x509_new ();
    g_assert_false (gossl_x509_sign (blank, key, "sha256", &error));
    g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  }
}

static void
test_digest (void)
{
  g_autoptr(GosslX509) cert = make_signed_cert ("digest");
  g_autoptr(GByteArray) der = gossl_x509_to_data (cert, GOSSL_FILETYPE_ASN1, NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *md5 = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) colons = g_string_new (NULL);

  g_checksum_update (checksum, der->data, der->len);
  expected = g_ascii_strup (g_checksum_get_string (checksum), -1);
  for (guint i = 0; expected[i]; i += 2)
    g_string_append_printf (colons, "%s%c%c", i ? ":" : "", expected[i], expected[i + 1]);

  digest = gossl_x509_digest (cert, "sha256", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (digest, ==, colons->str);

  md5 = gossl_x509_digest (cert, "md5", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (md5), ==, 16 * 3 - 1);

  g_assert_null (gossl_x509_digest (cert, "no-such-digest", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_extensions (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Extension) bc = NULL;
  g_autoptr(GosslX509Extension) san = NULL;
  g_autoptr(GosslX509Extension) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  bc = gossl_x509_extension_new ("basicConstraints", TRUE, "CA:TRUE", NULL, NULL, &error);
  san = gossl_x509_extension_new ("subjectAltName", FALSE, "DNS:example.com", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_x509_add_extension (cert, bc, &error));
  g_assert_true (gossl_x509_add_extension (cert, san, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gossl_x509_get_extension_count (cert), ==, 2);

  got = gossl_x509_get_extension (cert, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gossl_x509_extension_get_short_name (got), ==, "subjectAltName");
  text = gossl_x509_extension_to_string (got);
  g_assert_cmpstr (text, ==, "DNS:example.com");
  g_clear_object (&got);
  got = gossl_x509_get_extension (cert, 0, &error);
  g_assert_true (gossl_x509_extension_get_critical (got));

  g_assert_null (gossl_x509_get_extension (cert, 2, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_get_extension (cert, G_MAXUINT, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
assert_not_after (GosslX509 *cert, const char *expected)
{
  g_autofree char *when = gossl_x509_get_not_after (cert);

  g_assert_cmpstr (when, ==, expected);
}

/* Issue 11 item 11: an offset past what a certificate can hold printed a
 * g_warning and kept the old time; on a new certificate that left no time
 * at all, and the signed certificate could never be loaded again. */
static void
test_time_out_of_range (void)
{
  const glong offsets[] = { 1000000000000L, -10000000000L, G_GINT64_CONSTANT (1) << 62,
                            -(G_GINT64_CONSTANT (1) << 62), G_MAXLONG, G_MINLONG };
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509) fresh = gossl_x509_new ();
  g_autoptr(GosslX509) loaded = NULL;
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  g_assert_true (gossl_x509_set_not_after (cert, "20300101000000Z", &error));
  g_assert_true (gossl_x509_gmtime_adj_not_before (cert, 0, &error));
  before = gossl_x509_get_not_before (cert);
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree char *still = NULL;

      g_assert_false (gossl_x509_gmtime_adj_not_after (cert, offsets[i], &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "9999"));
      g_clear_error (&error);
      g_assert_false (gossl_x509_gmtime_adj_not_before (cert, offsets[i], &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      assert_not_after (cert, "20300101000000Z");
      g_assert_cmpstr ((still = gossl_x509_get_not_before (cert)), ==, before);

      g_assert_false (gossl_x509_gmtime_adj_not_after (fresh, offsets[i], &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      assert_not_after (fresh, NULL);
    }

  /* The certificate the failed calls left behind signs and loads again. */
  g_assert_true (gossl_x509_name_set_entry (subject, "CN", "range", &error));
  g_assert_true (gossl_x509_set_issuer (cert, subject, &error));
  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  g_assert_true (gossl_x509_sign (cert, key, "sha256", &error));
  der = gossl_x509_to_data (cert, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  loaded = gossl_x509_new_from_data (GOSSL_FILETYPE_ASN1, der->data, der->len, &error);
  g_assert_no_error (error);
  assert_not_after (loaded, "20300101000000Z");
}

/* The far ends that do fit: the years 1900 and 9999. */
static void
test_time_range_ends (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) last = g_date_time_new_utc (9999, 12, 31, 0, 0, 0);
  g_autoptr(GDateTime) first = g_date_time_new_utc (1900, 1, 2, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *before = NULL;
  glong to_last = g_date_time_difference (last, now) / G_TIME_SPAN_SECOND;
  glong to_first = g_date_time_difference (first, now) / G_TIME_SPAN_SECOND;

  g_assert_true (gossl_x509_gmtime_adj_not_after (cert, to_last, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix ((after = gossl_x509_get_not_after (cert)), "999912"));
  g_assert_true (gossl_x509_gmtime_adj_not_before (cert, to_first, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix ((before = gossl_x509_get_not_before (cert)), "1900010"));
}

static guint8 *
find_bytes (guint8 *haystack, gsize len, const guint8 *needle, gsize needle_len)
{
  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (haystack + i, needle, needle_len) == 0)
      return haystack + i;
  return NULL;
}

/* A certificate whose signed part names an algorithm OpenSSL does not know
 * (sha256WithRSAEncryption's OID with a made-up last arc), while the copy
 * outside the signed part still names sha256WithRSAEncryption. */
static void
test_unknown_signature_algorithm (void)
{
  static const guint8 known[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
                                  0x01, 0x01, 0x0b };
  g_autoptr(GBytes) der = gossl_test_load_file ("server.der");
  g_autoptr(GByteArray) patched = g_byte_array_new ();
  g_autoptr(GosslX509) cert = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *found;

  g_byte_array_append (patched, g_bytes_get_data (der, NULL), (guint) g_bytes_get_size (der));
  found = find_bytes (patched->data, patched->len, known, sizeof known);
  g_assert_nonnull (found);
  found[sizeof known - 1] = 0x7f;
  g_assert_nonnull (find_bytes (found + sizeof known,
                                patched->len - (gsize) (found - patched->data) - sizeof known,
                                known, sizeof known));

  cert = gossl_x509_new_from_data (GOSSL_FILETYPE_ASN1, patched->data, patched->len, &error);
  g_assert_no_error (error);
  g_assert_null (gossl_x509_get_signature_algorithm (cert, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_time_with_offset (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *when = NULL;
  g_autofree char *after = NULL;

  g_assert_true (gossl_x509_set_not_before (cert, "20040203040506+0530", &error));
  g_assert_no_error (error);
  when = gossl_x509_get_not_before (cert);
  g_assert_cmpstr (when, ==, "20040203040506+0530");
  start = gossl_x509_get_not_valid_before (cert);
  g_assert_nonnull (start);
  /* 04:05:06 at +05:30 is 22:35:06 UTC the day before. */
  g_assert_cmpint (g_date_time_get_day_of_month (start), ==, 2);
  g_assert_cmpint (g_date_time_get_hour (start), ==, 22);
  g_assert_cmpint (g_date_time_get_minute (start), ==, 35);

  g_assert_true (gossl_x509_set_not_after (cert, "20040203040506-0115", &error));
  after = gossl_x509_get_not_after (cert);
  g_assert_cmpstr (after, ==, "20040203040506-0115");

  /* Offsets out of range, or cut short, are no times. */
  g_assert_false (gossl_x509_set_not_before (cert, "20040203040506+2530", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_set_not_before (cert, "20040203040506+05", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_to_text (void)
{
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = gossl_x509_new_from_bytes (GOSSL_FILETYPE_PEM, pem, &error);
  g_autoptr(GosslX509) blank = gossl_x509_new ();
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) blank_text = NULL;
  g_autofree char *str = NULL;

  g_assert_no_error (error);
  text = gossl_x509_to_bytes (cert, GOSSL_FILETYPE_TEXT, &error);
  g_assert_no_error (error);
  str = g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_assert_true (g_str_has_prefix (str, "Certificate:\n"));
  g_assert_nonnull (strstr (str, "Subject: C=US, ST=Massachusetts, L=Boston, O=gossl test, CN=localhost"));
  g_assert_nonnull (strstr (str, "X509v3 Subject Alternative Name:"));
  g_assert_nonnull (strstr (str, "DNS:localhost, IP Address:127.0.0.1"));
  g_assert_nonnull (strstr (str, "Signature Algorithm: sha256WithRSAEncryption"));

  /* An empty certificate prints as well, what it has. */
  blank_text = gossl_x509_to_bytes (blank, GOSSL_FILETYPE_TEXT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (blank_text), >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509/new", test_new);
  g_test_add_func ("/x509/round-trip", test_round_trip);
  g_test_add_func ("/x509/bad-input", test_bad_input);
  g_test_add_func ("/x509/copy", test_copy);
  g_test_add_func ("/x509/version", test_version);
  g_test_add_func ("/x509/serial", test_serial);
  g_test_add_func ("/x509/names", test_names);
  g_test_add_func ("/x509/pubkey", test_pubkey);
  g_test_add_func ("/x509/times", test_times);
  g_test_add_func ("/x509/time-with-offset", test_time_with_offset);
  g_test_add_func ("/x509/unknown-signature-algorithm", test_unknown_signature_algorithm);
  g_test_add_func ("/x509/to-text", test_to_text);
  g_test_add_func ("/x509/sign", test_sign);
  g_test_add_func ("/x509/digest", test_digest);
  g_test_add_func ("/x509/extensions", test_extensions);
  g_test_add_func ("/x509/time-out-of-range", test_time_out_of_range);
  g_test_add_func ("/x509/time-range-ends", test_time_range_ends);

  return g_test_run ();
}
