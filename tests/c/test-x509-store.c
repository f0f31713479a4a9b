#include "gossl-test-util.h"

typedef struct {
  GosslPKey *ca_key;
  GosslPKey *leaf_key;
  GosslPKey *other_key;
  GosslX509 *ca;
  GosslX509 *leaf;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->ca_key = gossl_test_rsa_key ();
  f->leaf_key = gossl_test_small_key ();
  f->other_key = gossl_test_small_key ();
  f->ca = gossl_test_make_cert ("Test CA", f->ca_key, TRUE, NULL, f->ca_key, 3600);
  f->leaf = gossl_test_make_cert ("leaf", f->leaf_key, FALSE, f->ca, f->ca_key, 3600);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->leaf);
  g_clear_object (&f->ca);
  g_clear_object (&f->other_key);
  g_clear_object (&f->leaf_key);
  g_clear_object (&f->ca_key);
}

static void
assert_refused (GosslX509Store *store, GosslX509 *cert, const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_x509_store_verify_certificate (store, cert, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  if (strstr (error->message, reason) == NULL)
    g_error ("expected \"%s\" in \"%s\"", reason, error->message);
}

static void
test_verify (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_x509_store_add_cert (store, f->ca, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_store_verify_certificate (store, f->leaf, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_store_verify_certificate (store, f->ca, &error));
  g_assert_no_error (error);

  /* The same certificate twice is fine (OpenSSL 1.1.0 and later). */
  g_assert_true (gossl_x509_store_add_cert (store, f->ca, &error));
  g_assert_no_error (error);

  /* Loaded from PEM, the leaf verifies the same. */
  {
    g_autoptr(GByteArray) pem = gossl_x509_to_data (f->leaf, GOSSL_FILETYPE_PEM, &error);
    g_autoptr(GosslX509) loaded =
      gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, pem->data, pem->len, &error);
    g_assert_no_error (error);
    g_assert_true (gossl_x509_store_verify_certificate (store, loaded, &error));
    g_assert_no_error (error);
  }
}

/* The store keeps its own reference: dropping the certificate after adding
 * it changes nothing. */
static void
test_store_owns_cert (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GError) error = NULL;
  GosslX509 *ca = gossl_test_make_cert ("Short-lived CA object", f->ca_key, TRUE, NULL, f->ca_key, 3600);
  g_autoptr(GosslX509) leaf = gossl_test_make_cert ("leaf", f->leaf_key, FALSE, ca, f->ca_key, 3600);

  g_assert_true (gossl_x509_store_add_cert (store, ca, &error));
  g_object_unref (ca);
  g_assert_true (gossl_x509_store_verify_certificate (store, leaf, &error));
  g_assert_no_error (error);
}

static void
test_empty_store (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();

  assert_refused (store, f->leaf, "unable to get local issuer certificate");
  assert_refused (store, f->ca, "self-signed certificate");
}

/* A leaf naming the CA as issuer but signed by another key. */
static void
test_wrong_signer (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GosslX509) forged = gossl_test_make_cert ("forged", f->leaf_key, FALSE, f->ca,
                                           f->other_key, 3600);

  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  assert_refused (store, forged, "certificate signature failure");
}

/* A leaf from another CA than the one trusted. */
static void
test_wrong_issuer (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GosslX509) other_ca = gossl_test_make_cert ("Other CA", f->other_key, TRUE, NULL,
                                             f->other_key, 3600);
  g_autoptr(GosslX509) other_leaf = gossl_test_make_cert ("other leaf", f->leaf_key, FALSE, other_ca,
                                               f->other_key, 3600);

  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  assert_refused (store, other_leaf, "unable to get local issuer certificate");
  assert_refused (store, other_ca, "self-signed certificate");
}

static void
test_expired (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GosslX509) expired = gossl_test_make_cert ("expired", f->leaf_key, FALSE, f->ca,
                                            f->ca_key, -3600);

  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  assert_refused (store, expired, "certificate has expired");
}

/* A certificate without CA:TRUE cannot issue others. */
static void
test_not_a_ca (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GosslX509) grandchild = gossl_test_make_cert ("grandchild", f->other_key, FALSE, f->leaf,
                                               f->leaf_key, 3600);

  /* Trusting the leaf alone is no trust anchor (no partial chains)... */
  g_assert_true (gossl_x509_store_add_cert (store, f->leaf, NULL));
  assert_refused (store, grandchild, "unable to get issuer certificate");
  /* ...and with its CA the chain is whole, but the leaf may not issue. */
  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  assert_refused (store, grandchild, "invalid CA certificate");
}

static void
test_flags (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();

  g_assert_cmpint (gossl_x509_store_get_flags (store), ==, GOSSL_VERIFY_FLAGS_NONE);
  /* Setting adds to the flags that are on, as OpenSSL's call does. */
  gossl_x509_store_set_flags (store, GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN);
  gossl_x509_store_set_flags (store, GOSSL_VERIFY_FLAGS_X509_STRICT | GOSSL_VERIFY_FLAGS_CRL_CHECK);
  g_assert_cmpint (gossl_x509_store_get_flags (store), ==,
                   GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN | GOSSL_VERIFY_FLAGS_X509_STRICT |
                   GOSSL_VERIFY_FLAGS_CRL_CHECK);
  g_assert_cmpuint (X509_VERIFY_PARAM_get_flags (X509_STORE_get0_param (gossl_x509_store_get_native (store))),
                    ==, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_X509_STRICT | X509_V_FLAG_CRL_CHECK);
  gossl_x509_store_clear_flags (store, GOSSL_VERIFY_FLAGS_CRL_CHECK);
  g_assert_cmpint (gossl_x509_store_get_flags (store), ==,
                   GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN | GOSSL_VERIFY_FLAGS_X509_STRICT);

  /* PARTIAL_CHAIN: a trusted leaf verifies itself; CRL_CHECK without a CRL
   * fails. (X509_STRICT would refuse these test certificates: they lack an
   * authorityKeyIdentifier.) */
  gossl_x509_store_clear_flags (store, GOSSL_VERIFY_FLAGS_X509_STRICT);
  g_assert_true (gossl_x509_store_add_cert (store, f->leaf, NULL));
  g_assert_true (gossl_x509_store_verify_certificate (store, f->leaf, NULL));
  gossl_x509_store_clear_flags (store, GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN);
  assert_refused (store, f->leaf, "unable to get local issuer certificate");
  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  g_assert_true (gossl_x509_store_verify_certificate (store, f->leaf, NULL));
  gossl_x509_store_set_flags (store, GOSSL_VERIFY_FLAGS_CRL_CHECK);
  assert_refused (store, f->leaf, "unable to get certificate CRL");
}

static void
test_time (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GDateTime) past = g_date_time_new_utc (2001, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) future = g_date_time_new_utc (2400, 1, 1, 0, 0, 0);

  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  gossl_x509_store_set_time (store, past);
  assert_refused (store, f->leaf, "certificate is not yet valid");
  gossl_x509_store_set_time (store, future);
  assert_refused (store, f->leaf, "certificate has expired");
  gossl_x509_store_set_time (store, NULL);
  g_assert_true (gossl_x509_store_verify_certificate (store, f->leaf, NULL));
}

static void
test_load_locations_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autofree char *garbage = gossl_test_file_path ("garbage.bin");
  g_autofree char *dir = gossl_test_file_path (".");
  g_autofree char *ca = gossl_test_file_path ("ca.pem");
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_x509_store_load_locations (store, NULL, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (gossl_x509_store_load_locations (store, "/nonexistent/ca.pem", NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
  g_assert_cmpint (gossl_error_get_errno (), ==, ENOENT);
  g_clear_error (&error);

  g_assert_false (gossl_x509_store_load_locations (store, dir, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_IO);
  g_assert_cmpint (gossl_error_get_errno (), ==, EISDIR);
  g_clear_error (&error);

  g_assert_false (gossl_x509_store_load_locations (store, garbage, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  /* A missing directory is only looked into during verification. */
  g_assert_true (gossl_x509_store_load_locations (store, NULL, "/nonexistent", &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_store_load_locations (store, ca, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/x509-store/verify", test_verify);
  ADD ("/x509-store/store-owns-cert", test_store_owns_cert);
  ADD ("/x509-store/empty-store", test_empty_store);
  ADD ("/x509-store/wrong-signer", test_wrong_signer);
  ADD ("/x509-store/wrong-issuer", test_wrong_issuer);
  ADD ("/x509-store/expired", test_expired);
  ADD ("/x509-store/not-a-ca", test_not_a_ca);
  ADD ("/x509-store/flags", test_flags);
  ADD ("/x509-store/time", test_time);
  ADD ("/x509-store/load-locations-errors", test_load_locations_errors);
#undef ADD

  return g_test_run ();
}
